//! The one table of rules (SPEC §8, §9): each rule id with its severity, its name in
//! Chinese and English, and "how to fix" — one sentence for the clerk who mends the
//! community's files. Messages, the HTML pages, the workbooks and the manual all read it.

use serde::Serialize;

use crate::vocab::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The rule ids of SPEC §8, exactly; an implementation adds none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    FileUnreadable,
    FileSkipped,
    SheetUnrecognized,
    ColumnIgnored,
    ColumnDuplicate,
    FooterSkipped,
    RequiredMissing,
    ValueInvalid,
    IdNumberInvalid,
    IdNumberAsNumber,
    PhoneInvalid,
    RoleUnknown,
    GenderMismatch,
    BirthDateMismatch,
    DateInFuture,
    DuplicateRow,
    DailyDuplicate,
    HouseholdConflict,
    StaffConflict,
    CommunityMerged,
    CommunityWithoutHouseholds,
    NotInGridTable,
    UnknownGrid,
    BuildingMultipleGrids,
    BigGridSize,
    IsolationShort,
    IsolationOverdue,
    // SPEC §9
    FileDuplicate,
    TableIncomplete,
    DateOutOfRange,
    ConfigUnknownCommunity,
}

/// One rule: its id (as in summary.json), its usual severity (`value_invalid` and
/// `date_out_of_range` take the severity of their field where they are raised) and its names.
pub struct RuleDef {
    pub rule: Rule,
    pub id: &'static str,
    pub severity: Severity,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Every rule, in the order of SPEC §8 then §9.
pub static RULES: [RuleDef; 31] = [
    RuleDef {
        rule: Rule::FileUnreadable,
        id: "file_unreadable",
        severity: Severity::Error,
        zh: "文件无法读取",
        en: "File cannot be read",
    },
    RuleDef {
        rule: Rule::FileSkipped,
        id: "file_skipped",
        severity: Severity::Info,
        zh: "文件已跳过",
        en: "File skipped",
    },
    RuleDef {
        rule: Rule::SheetUnrecognized,
        id: "sheet_unrecognized",
        severity: Severity::Info,
        zh: "工作表未识别",
        en: "Sheet not recognized",
    },
    RuleDef {
        rule: Rule::ColumnIgnored,
        id: "column_ignored",
        severity: Severity::Info,
        zh: "列未读取",
        en: "Columns not read",
    },
    RuleDef {
        rule: Rule::ColumnDuplicate,
        id: "column_duplicate",
        severity: Severity::Warning,
        zh: "列重复",
        en: "Repeated column",
    },
    RuleDef {
        rule: Rule::FooterSkipped,
        id: "footer_skipped",
        severity: Severity::Info,
        zh: "表尾已跳过",
        en: "Footer rows skipped",
    },
    RuleDef {
        rule: Rule::RequiredMissing,
        id: "required_missing",
        severity: Severity::Error,
        zh: "必填项为空",
        en: "Required cell empty",
    },
    RuleDef {
        rule: Rule::ValueInvalid,
        id: "value_invalid",
        severity: Severity::Error,
        zh: "取值无效",
        en: "Invalid value",
    },
    RuleDef {
        rule: Rule::IdNumberInvalid,
        id: "id_number_invalid",
        severity: Severity::Warning,
        zh: "身份证号无效",
        en: "Invalid id number",
    },
    RuleDef {
        rule: Rule::IdNumberAsNumber,
        id: "id_number_as_number",
        severity: Severity::Warning,
        zh: "身份证号存成了数字",
        en: "Id number stored as a number",
    },
    RuleDef {
        rule: Rule::PhoneInvalid,
        id: "phone_invalid",
        severity: Severity::Warning,
        zh: "联系电话无效",
        en: "Invalid phone number",
    },
    RuleDef {
        rule: Rule::RoleUnknown,
        id: "role_unknown",
        severity: Severity::Warning,
        zh: "身份类别未知",
        en: "Unknown role",
    },
    RuleDef {
        rule: Rule::GenderMismatch,
        id: "gender_mismatch",
        severity: Severity::Warning,
        zh: "性别与身份证号不符",
        en: "Gender does not match the id",
    },
    RuleDef {
        rule: Rule::BirthDateMismatch,
        id: "birth_date_mismatch",
        severity: Severity::Warning,
        zh: "出生日期与身份证号不符",
        en: "Birth date does not match the id",
    },
    RuleDef {
        rule: Rule::DateInFuture,
        id: "date_in_future",
        severity: Severity::Warning,
        zh: "日期晚于统计日期",
        en: "Date after the as-of date",
    },
    RuleDef {
        rule: Rule::DuplicateRow,
        id: "duplicate_row",
        severity: Severity::Info,
        zh: "重复行",
        en: "Duplicate row",
    },
    RuleDef {
        rule: Rule::DailyDuplicate,
        id: "daily_duplicate",
        severity: Severity::Info,
        zh: "日报告重复",
        en: "Duplicate daily report",
    },
    RuleDef {
        rule: Rule::HouseholdConflict,
        id: "household_conflict",
        severity: Severity::Warning,
        zh: "同一户填了两次且不一致",
        en: "Household entered twice, differently",
    },
    RuleDef {
        rule: Rule::StaffConflict,
        id: "staff_conflict",
        severity: Severity::Warning,
        zh: "同一人员填了两次且不一致",
        en: "Person entered twice, differently",
    },
    RuleDef {
        rule: Rule::CommunityMerged,
        id: "community_merged",
        severity: Severity::Info,
        zh: "社区名称写法已合并",
        en: "Community spellings merged",
    },
    RuleDef {
        rule: Rule::CommunityWithoutHouseholds,
        id: "community_without_households",
        severity: Severity::Warning,
        zh: "社区没有住户台账",
        en: "Community without households",
    },
    RuleDef {
        rule: Rule::NotInGridTable,
        id: "not_in_grid_table",
        severity: Severity::Warning,
        zh: "楼栋不在网格划分表中",
        en: "Building not in the grid table",
    },
    RuleDef {
        rule: Rule::UnknownGrid,
        id: "unknown_grid",
        severity: Severity::Warning,
        zh: "网格编号不存在",
        en: "Unknown grid",
    },
    RuleDef {
        rule: Rule::BuildingMultipleGrids,
        id: "building_multiple_grids",
        severity: Severity::Warning,
        zh: "楼栋属于多个大网格",
        en: "Building under several big grids",
    },
    RuleDef {
        rule: Rule::BigGridSize,
        id: "big_grid_size",
        severity: Severity::Warning,
        zh: "大网格户数超出范围",
        en: "Big grid size out of range",
    },
    RuleDef {
        rule: Rule::IsolationShort,
        id: "isolation_short",
        severity: Severity::Warning,
        zh: "隔离天数不足",
        en: "Isolation too short",
    },
    RuleDef {
        rule: Rule::IsolationOverdue,
        id: "isolation_overdue",
        severity: Severity::Warning,
        zh: "隔离超期未解除",
        en: "Isolation overdue",
    },
    RuleDef {
        rule: Rule::FileDuplicate,
        id: "file_duplicate",
        severity: Severity::Info,
        zh: "重复的文件",
        en: "Duplicate file",
    },
    RuleDef {
        rule: Rule::TableIncomplete,
        id: "table_incomplete",
        severity: Severity::Warning,
        zh: "表格缺少必填列",
        en: "Table lacks required columns",
    },
    RuleDef {
        rule: Rule::DateOutOfRange,
        id: "date_out_of_range",
        severity: Severity::Warning,
        zh: "日期超出合理范围",
        en: "Date out of range",
    },
    RuleDef {
        rule: Rule::ConfigUnknownCommunity,
        id: "config_unknown_community",
        severity: Severity::Warning,
        zh: "配置中的社区不存在",
        en: "Unknown community in the config",
    },
];

impl Rule {
    pub const ALL: [Rule; 31] = [
        Rule::FileUnreadable,
        Rule::FileSkipped,
        Rule::SheetUnrecognized,
        Rule::ColumnIgnored,
        Rule::ColumnDuplicate,
        Rule::FooterSkipped,
        Rule::RequiredMissing,
        Rule::ValueInvalid,
        Rule::IdNumberInvalid,
        Rule::IdNumberAsNumber,
        Rule::PhoneInvalid,
        Rule::RoleUnknown,
        Rule::GenderMismatch,
        Rule::BirthDateMismatch,
        Rule::DateInFuture,
        Rule::DuplicateRow,
        Rule::DailyDuplicate,
        Rule::HouseholdConflict,
        Rule::StaffConflict,
        Rule::CommunityMerged,
        Rule::CommunityWithoutHouseholds,
        Rule::NotInGridTable,
        Rule::UnknownGrid,
        Rule::BuildingMultipleGrids,
        Rule::BigGridSize,
        Rule::IsolationShort,
        Rule::IsolationOverdue,
        Rule::FileDuplicate,
        Rule::TableIncomplete,
        Rule::DateOutOfRange,
        Rule::ConfigUnknownCommunity,
    ];

    /// The rule's row of `RULES` (every rule has one, tested).
    pub fn def(self) -> &'static RuleDef {
        RULES.iter().find(|d| d.rule == self).unwrap_or(&RULES[0])
    }

    pub fn as_str(self) -> &'static str {
        self.def().id
    }

    /// The usual severity of the rule.
    pub fn severity(self) -> Severity {
        self.def().severity
    }

    /// What the rule is called where people read it.
    pub fn name(self, lang: Lang) -> &'static str {
        let d = self.def();
        lang.pick(d.zh, d.en)
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

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

/// The name of a rule in the language of `lang` (the rule id itself if it had none).
pub fn rule_name(rule: Rule, lang: Lang) -> &'static str {
    rule.name(lang)
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
    fn rule_ids_are_the_spec_ones() {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(ids.len(), 31);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
        assert_eq!(Rule::FileDuplicate.severity(), Severity::Info);
        assert_eq!(Rule::TableIncomplete.severity(), Severity::Warning);
        assert_eq!(Rule::ConfigUnknownCommunity.severity(), Severity::Warning);
        assert_eq!(Rule::ValueInvalid.severity(), Severity::Error);
        assert_eq!(Rule::DuplicateRow.severity(), Severity::Info);
        assert_eq!(Rule::BigGridSize.severity(), Severity::Warning);
        // One row per rule, in the order of `Rule::ALL`.
        for (r, d) in Rule::ALL.iter().zip(RULES.iter()) {
            assert_eq!(*r, d.rule);
            assert_eq!(r.def().id, d.id);
        }
    }

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
