//! Per rule id, for people: its name (zh/en, `rule_name`) and "how to fix" (`how_to_fix`),
//! one sentence for the clerk who mends the community's files. Used by the HTML pages and
//! the workbooks alike.

use crate::vocab::issue::Rule;
use crate::vocab::lang::Lang;

/// The settings the fixes quote (from the config: `Config::fix_params`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixParams {
    pub header_scan_rows: u32,
    pub big_grid_min: u64,
    pub big_grid_max: u64,
    pub isolation_days: i64,
}

impl Default for FixParams {
    fn default() -> FixParams {
        FixParams {
            header_scan_rows: 30,
            big_grid_min: 500,
            big_grid_max: 900,
            isolation_days: 14,
        }
    }
}

/// (rule, 中文名, English name): what each rule id is called where people read it.
const RULE_NAMES: [(Rule, &str, &str); 31] = [
    (Rule::FileUnreadable, "文件无法读取", "File cannot be read"),
    (Rule::FileSkipped, "文件已跳过", "File skipped"),
    (
        Rule::SheetUnrecognized,
        "工作表未识别",
        "Sheet not recognized",
    ),
    (Rule::ColumnIgnored, "列未读取", "Columns not read"),
    (Rule::ColumnDuplicate, "列重复", "Repeated column"),
    (Rule::FooterSkipped, "表尾已跳过", "Footer rows skipped"),
    (Rule::RequiredMissing, "必填项为空", "Required cell empty"),
    (Rule::ValueInvalid, "取值无效", "Invalid value"),
    (Rule::IdNumberInvalid, "身份证号无效", "Invalid id number"),
    (
        Rule::IdNumberAsNumber,
        "身份证号存成了数字",
        "Id number stored as a number",
    ),
    (Rule::PhoneInvalid, "联系电话无效", "Invalid phone number"),
    (Rule::RoleUnknown, "身份类别未知", "Unknown role"),
    (
        Rule::GenderMismatch,
        "性别与身份证号不符",
        "Gender does not match the id",
    ),
    (
        Rule::BirthDateMismatch,
        "出生日期与身份证号不符",
        "Birth date does not match the id",
    ),
    (
        Rule::DateInFuture,
        "日期晚于统计日期",
        "Date after the as-of date",
    ),
    (Rule::DuplicateRow, "重复行", "Duplicate row"),
    (Rule::DailyDuplicate, "日报告重复", "Duplicate daily report"),
    (
        Rule::HouseholdConflict,
        "同一户填了两次且不一致",
        "Household entered twice, differently",
    ),
    (
        Rule::StaffConflict,
        "同一人员填了两次且不一致",
        "Person entered twice, differently",
    ),
    (
        Rule::CommunityMerged,
        "社区名称写法已合并",
        "Community spellings merged",
    ),
    (
        Rule::CommunityWithoutHouseholds,
        "社区没有住户台账",
        "Community without households",
    ),
    (
        Rule::NotInGridTable,
        "楼栋不在网格划分表中",
        "Building not in the grid table",
    ),
    (Rule::UnknownGrid, "网格编号不存在", "Unknown grid"),
    (
        Rule::BuildingMultipleGrids,
        "楼栋属于多个大网格",
        "Building under several big grids",
    ),
    (
        Rule::BigGridSize,
        "大网格户数超出范围",
        "Big grid size out of range",
    ),
    (Rule::IsolationShort, "隔离天数不足", "Isolation too short"),
    (
        Rule::IsolationOverdue,
        "隔离超期未解除",
        "Isolation overdue",
    ),
    (Rule::FileDuplicate, "重复的文件", "Duplicate file"),
    (
        Rule::TableIncomplete,
        "表格缺少必填列",
        "Table lacks required columns",
    ),
    (
        Rule::DateOutOfRange,
        "日期超出合理范围",
        "Date out of range",
    ),
    (
        Rule::ConfigUnknownCommunity,
        "配置中的社区不存在",
        "Unknown community in the config",
    ),
];

/// The name of a rule in the language of `lang` (the rule id itself if it had none).
pub fn rule_name(rule: Rule, lang: Lang) -> &'static str {
    RULE_NAMES
        .iter()
        .find(|(r, _, _)| *r == rule)
        .map_or(rule.as_str(), |&(_, zh, en)| lang.pick(zh, en))
}

/// The name of a rule given by its id (as in `by_rule`); the id when it is not one.
pub fn rule_name_of(id: &str, lang: Lang) -> String {
    Rule::ALL
        .iter()
        .find(|r| r.as_str() == id)
        .map_or_else(|| id.to_string(), |r| rule_name(*r, lang).to_string())
}

/// What to do about an issue of `rule`, in the language of `lang`.
pub fn how_to_fix(rule: Rule, cfg: &FixParams, lang: Lang) -> String {
    let zh_en = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    match rule {
        Rule::FileUnreadable => zh_en(
            "用 Excel 或 WPS 打开后另存为 .xlsx（去掉密码），再重新提交。",
            "Open the file in Excel or WPS, save it as .xlsx (without a password) and send it again.",
        ),
        Rule::FileSkipped => zh_en(
            "无需处理；如需读取，请另存为 .xlsx 或 .csv。",
            "Nothing to do; to have it read, save it as .xlsx or .csv.",
        ),
        Rule::SheetUnrecognized => match lang {
            Lang::Zh => format!(
                "在表格前 {} 行内加一行表头，写明必填列（如 社区、大网格、楼栋、户号、人数）。",
                cfg.header_scan_rows
            ),
            Lang::En => format!(
                "Add a header row within the first {} rows naming the required columns (such as community, big grid, building, household id, members).",
                cfg.header_scan_rows
            ),
        },
        Rule::ColumnIgnored => zh_en(
            "无需处理；若该列应被读取，请改用标准列名。",
            "Nothing to do; if the column should be read, give it a standard column name.",
        ),
        Rule::ColumnDuplicate => zh_en(
            "删除或合并重复的列，只保留一列。",
            "Delete or merge the repeated column so that only one remains.",
        ),
        Rule::FooterSkipped => zh_en(
            "无需处理；合计、填表人等行不计入数据。",
            "Nothing to do; total and signature rows are not counted.",
        ),
        Rule::RequiredMissing => zh_en("补填这一必填单元格。", "Fill in this required cell."),
        Rule::ValueInvalid => zh_en(
            "按列的要求改正取值：日期写成 2020-02-01，人数写 1–99 的整数，解除日期不早于开始日期。",
            "Correct the value as the column requires: dates as 2020-02-01, members as a whole number 1–99, an end date not before the start.",
        ),
        Rule::IdNumberInvalid => zh_en(
            "核对身份证号：18 位，最后一位为数字或 X，出生日期有效。",
            "Check the id number: 18 characters, the last a digit or X, with a valid birth date.",
        ),
        Rule::IdNumberAsNumber => zh_en(
            "将该列设为文本格式，再重新录入完整的 18 位身份证号。",
            "Format the column as text and enter the full 18-character id number again.",
        ),
        Rule::PhoneInvalid => zh_en(
            "填写 11 位手机号或带区号的固定电话。",
            "Enter an 11-digit mobile number or a landline number with its area code.",
        ),
        Rule::RoleUnknown => zh_en(
            "身份填写为：社区工作者、信息员、下沉干部、民警、志愿者，其他人员写物业、医务人员或社工。",
            "Enter the role as one of: 社区工作者 (worker), 信息员 (informant), 下沉干部 (cadre), 民警 (police), 志愿者 (volunteer); for others 物业, 医务人员 or 社工.",
        ),
        Rule::GenderMismatch => zh_en(
            "核对性别与身份证号是否一致，改正填错的一项。",
            "Check the gender against the id number and correct whichever is wrong.",
        ),
        Rule::BirthDateMismatch => zh_en(
            "核对出生日期与身份证号是否一致，改正填错的一项。",
            "Check the birth date against the id number and correct whichever is wrong.",
        ),
        Rule::DateInFuture => zh_en(
            "改正日期：不能晚于报告截止日期。",
            "Correct the date: it cannot be after the report date.",
        ),
        Rule::DuplicateRow => zh_en("删除重复的这一行。", "Delete this repeated row."),
        Rule::DailyDuplicate => zh_en(
            "同一大网格每天只报一次：删除多余的日报行。",
            "Report once per big grid and day: delete the extra report row.",
        ),
        Rule::HouseholdConflict => zh_en(
            "同一户号出现两次且内容不同：核对后保留正确的一行，删除另一行。",
            "The household id appears twice with different contents: keep the correct row and delete the other.",
        ),
        Rule::StaffConflict => zh_en(
            "同一人员出现两次且内容不同：核对后保留正确的一行，删除另一行。",
            "The person appears twice with different contents: keep the correct row and delete the other.",
        ),
        Rule::CommunityMerged => zh_en(
            "统一社区名称的写法。",
            "Use one spelling of the community name everywhere.",
        ),
        Rule::CommunityWithoutHouseholds => zh_en(
            "提交本社区的住户台账（一户一册）。",
            "Send the community's household register.",
        ),
        Rule::NotInGridTable => zh_en(
            "在网格划分表中补上该楼栋，或改正住户的大网格、楼栋。",
            "Add the building to the grid table, or correct the household's big grid or building.",
        ),
        Rule::UnknownGrid => zh_en(
            "改正大网格或楼栋编号，使其与网格划分表和住户台账一致。",
            "Correct the big grid or building code so that it matches the grid table and the household register.",
        ),
        Rule::BuildingMultipleGrids => zh_en(
            "核对该楼栋属于哪个大网格，各表统一填写。",
            "Check which big grid the building belongs to and use that one in every table.",
        ),
        Rule::BigGridSize => match lang {
            Lang::Zh => format!(
                "核对大网格的划分：每个大网格 {}–{} 户；必要时拆分或合并。",
                cfg.big_grid_min, cfg.big_grid_max
            ),
            Lang::En => format!(
                "Check how the big grids are drawn: {}–{} households each; split or merge where needed.",
                cfg.big_grid_min, cfg.big_grid_max
            ),
        },
        Rule::IsolationShort => match lang {
            Lang::Zh => format!("核对隔离起止日期：居家隔离应满 {} 天。", cfg.isolation_days),
            Lang::En => format!(
                "Check the isolation dates: home isolation lasts {} days.",
                cfg.isolation_days
            ),
        },
        Rule::IsolationOverdue => match lang {
            Lang::Zh => format!("隔离已满 {} 天的，请填写解除隔离日期。", cfg.isolation_days),
            Lang::En => format!(
                "Enter the end date for people isolated for more than {} days.",
                cfg.isolation_days
            ),
        },
        Rule::FileDuplicate => zh_en(
            "无需处理；同一文件只读一次。若是误放的副本，可以删除它。",
            "Nothing to do; the same file is read once. If the copy was put there by mistake, delete it.",
        ),
        Rule::TableIncomplete => zh_en(
            "把改了名的列改回标准列名，或按提示在 gridreport.toml 中加一行别名。",
            "Rename the renamed column back to its standard name, or add the alias line the message gives to gridreport.toml.",
        ),
        Rule::DateOutOfRange => zh_en(
            "核对这个日期的年份（常见是输入错误，如 2202 应为 2020）。",
            "Check the year of this date (usually a typo, such as 2202 for 2020).",
        ),
        Rule::ConfigUnknownCommunity => zh_en(
            "核对 gridreport.toml 中的社区名称，与报告中的社区名称一致。",
            "Check the community name in gridreport.toml against the names in the report.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_fix_in_both_languages() {
        let cfg = FixParams::default();
        for rule in Rule::ALL {
            let zh = how_to_fix(rule, &cfg, Lang::Zh);
            let en = how_to_fix(rule, &cfg, Lang::En);
            assert!(!zh.is_empty() && !en.is_empty(), "{rule:?}");
            assert_ne!(zh, en, "{rule:?}");
        }
        assert_eq!(
            how_to_fix(Rule::PhoneInvalid, &cfg, Lang::Zh),
            "填写 11 位手机号或带区号的固定电话。"
        );
        assert!(how_to_fix(Rule::BigGridSize, &cfg, Lang::Zh).contains("500–900"));
    }

    #[test]
    fn every_rule_has_a_name_in_both_languages() {
        let mut zh_names = std::collections::BTreeSet::new();
        for rule in Rule::ALL {
            let zh = rule_name(rule, Lang::Zh);
            let en = rule_name(rule, Lang::En);
            assert_ne!(zh, rule.as_str(), "{rule:?} has no Chinese name");
            assert_ne!(zh, en, "{rule:?}");
            assert!(zh_names.insert(zh), "{zh} names two rules");
        }
        assert_eq!(rule_name(Rule::ValueInvalid, Lang::Zh), "取值无效");
        assert_eq!(
            rule_name_of("phone_invalid", Lang::En),
            "Invalid phone number"
        );
        assert_eq!(rule_name_of("nope", Lang::En), "nope");
    }

    #[test]
    fn sheet_unrecognized_fix_names_header_scan_rows() {
        let cfg = FixParams {
            header_scan_rows: 50,
            ..FixParams::default()
        };
        assert!(how_to_fix(Rule::SheetUnrecognized, &cfg, Lang::Zh).contains("前 50 行"));
        assert!(how_to_fix(Rule::SheetUnrecognized, &cfg, Lang::En).contains("first 50 rows"));
    }
}
