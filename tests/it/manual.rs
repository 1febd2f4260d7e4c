//! The manual cannot disagree with the program: the tables of `docs/input-format.md` between
//! the `<!-- generated: NAME -->` and `<!-- end: NAME -->` markers are rendered here from
//! the code's own tables (kinds, fields and aliases; non-data columns and footer words; role
//! values; rule ids, severities and fixes; config keys, defaults and ranges) and compared
//! with the committed file. `GRIDREPORT_BLESS=1 cargo test --test it manual::` rewrites them.

use std::path::Path;

use gridreport::config::keys::{KEYS, TABLES};
use gridreport::config::Config;
use gridreport::model::values::{FOOTERS, ROLES};
use gridreport::vocab::issue::{Rule, Severity};
use gridreport::vocab::lang::Lang;
use gridreport::vocab::rules::{how_to_fix, rule_name};
use gridreport::vocab::tables::{TableKind, NON_DATA_HEADERS};

const FILE: &str = "docs/input-format.md";

/// One example message per rule (Chinese, English); most are taken from the sample district's
/// report.
const EXAMPLES: &[(Rule, &str, &str)] = &[
    (Rule::FileUnreadable, "文件有密码保护（已加密），无法读取：请去掉密码后另存为 .xlsx", "the file is password-protected (encrypted): remove the password and save it again as .xlsx"),
    (Rule::FileSkipped, "不是电子表格文件（支持 .xlsx .xlsm .xls .xlsb .ods .et .csv），已跳过", "not a spreadsheet (supported: .xlsx .xlsm .xls .xlsb .ods .et .csv), skipped"),
    (Rule::SheetUnrecognized, "前 30 行中没有找到表头（没有可识别的列名），此表未读取", "no header row in the first 30 rows (no known column names); sheet not read"),
    (Rule::ColumnIgnored, "以下列不属于工作人员表，未读取：“政治面貌”", "columns not part of a staff table were not read: “政治面貌”"),
    (Rule::ColumnDuplicate, "列“手机号码”与 H 列重复（都是联系电话），只读取第一列，此列的值未读取：请删除或改名", "column '手机号码' repeats column H (both are phone); only the first is read, this one is not: delete or rename it"),
    (Rule::FooterSkipped, "跳过 1 行表尾（合计、填表人等），不作为数据", "1 footer row(s) (totals, signatures …) skipped, not read as data"),
    (Rule::RequiredMissing, "必填项“人数”为空，此行未计入：请补填", "required members is empty; the row is left out: fill it in"),
    (Rule::ValueInvalid, "“排查日期”的值“待查”不是有效日期（如 2020-03-04），按空值处理：请改正", "screened_on '待查' is not a valid date (such as 2020-03-04); treated as empty: correct it"),
    (Rule::IdNumberInvalid, "身份证号无效（位数、校验位或出生日期不对），按空值处理：请核对", "the id number is not valid (length, check digit or birth date); treated as empty: check it"),
    (Rule::IdNumberAsNumber, "身份证号存成了数字（Excel 会丢掉后几位），按空值处理：请把该列设为文本格式后重新输入", "the id number is stored as a number (Excel drops its last digits); treated as empty: format the column as text and enter it again"),
    (Rule::PhoneInvalid, "联系电话格式不正确（应为 11 位手机号，或 7–8 位、带 0 开头区号的固定电话），按空值处理：请改正", "the phone number is not valid (11-digit mobile starting with 1, or a 7–8 digit or 0-prefixed landline); treated as empty: correct it"),
    (Rule::RoleUnknown, "身份“保洁员”不是已知类别，按“其他”统计：请填写 社区工作者、信息员、下沉干部、民警、志愿者 等", "role '保洁员' is not a known one and counts as other: use 社区工作者 (worker), 信息员 (informant), 下沉干部 (cadre), 民警 (police), 志愿者 (volunteer) …"),
    (Rule::GenderMismatch, "性别与身份证号不符（身份证第 17 位奇数为男、偶数为女），以性别列为准：请核对", "the gender does not match the id number (17th digit odd = male, even = female); the gender column is used: check it"),
    (Rule::BirthDateMismatch, "出生日期与身份证号中的出生日期不符，以出生日期列为准：请核对", "the birth date does not match the one in the id number; the birth date column is used: check it"),
    (Rule::DateInFuture, "排查日期 2020-03-14 晚于统计日期 2020-03-04，按空值处理：请核对", "screening date 2020-03-14 is after the as-of date 2020-03-04; treated as empty: check it"),
    (Rule::DuplicateRow, "与 城东社区/住户台账/城东社区第03网格住户台账.xlsx，工作表“住户台账”，第 13 行 重复，只计一次：可删去此行", "duplicate of 城东社区/住户台账/城东社区第03网格住户台账.xlsx, sheet '住户台账', row 13; counted once: this row can be deleted"),
    (Rule::DailyDuplicate, "同一大网格同一天的日报告已在 贤洲社区/贤洲社区日报告（1月24日-3月4日）.xlsx，工作表“2月”，第 91 行 出现；只计一次，以提交较早的为准", "a daily report for the same big grid and day is already at 贤洲社区/贤洲社区日报告（1月24日-3月4日）.xlsx, sheet '2月', row 91; counted once, the earliest submission wins"),
    (Rule::HouseholdConflict, "与 西甲社区/住户台账/西甲社区第01网格住户台账.xlsx，工作表“Sheet1”，第 11 行 是同一户（户号相同）但内容不同：联系电话；只计一次，取排查日期较晚的一行：请核对并删去一行", "same household (same household id) as 西甲社区/住户台账/西甲社区第01网格住户台账.xlsx, sheet 'Sheet1', row 11 but it differs in: phone; counted once, the later screening wins: check and delete one row"),
    (Rule::StaffConflict, "与 中心社区/中心社区工作人员花名册.xlsx，工作表“社区工作者”，第 9 行 是同一人但内容不同：身份、联系电话；只计一次，以先出现的一行为准：请核对并删去一行", "same person as 中心社区/中心社区工作人员花名册.xlsx, sheet '社区工作者', row 9 but it differs in: role, phone; counted once, the first row is used: check and delete one row"),
    (Rule::CommunityMerged, "社区的几种写法合并为“城东社区”：“城东”（669 行）、“城东社区”（14863 行）", "several spellings merged into community '城东社区': '城东' (669 rows), '城东社区' (14863 rows)"),
    (Rule::CommunityWithoutHouseholds, "本社区没有住户台账数据；名称与有住户台账的“振兴社区”相近，可能是它的另一种写法：如果是，请在 gridreport.toml 末尾加上：[communities] \"振兴居\" = \"振兴社区\"；如果不是，请提交本社区的住户台账", "the community has no household register rows; its name is close to '振兴社区', which has households, and may be another spelling of it: if so, add at the end of gridreport.toml: [communities] \"振兴居\" = \"振兴社区\"; if not, send its household register"),
    (Rule::NotInGridTable, "大网格“1”楼栋“御景湾6座”不在本社区的网格划分表中（仍计入）：请核对楼栋或补充网格划分", "big grid '1', building '御景湾6座' is not in the community's grid table (still counted): check the building or add it to the grid table"),
    (Rule::UnknownGrid, "大网格“第15网格”不在本社区的网格划分或住户台账中：请核对编号", "big grid '第15网格' is not in the community's grid table or household register: check the code"),
    (Rule::BuildingMultipleGrids, "楼栋“凤凰花园1座”同时属于大网格“网格01”和“网格02”：一栋楼应只属于一个大网格，请核对", "building '凤凰花园1座' is under big grid '网格01' and also under '网格02': a building belongs to one big grid; check it"),
    (Rule::BigGridSize, "大网格“第11网格”有 431 户，不在 500–900 户之间：请核对网格划分", "big grid '第11网格' has 431 households, outside 500–900: check the grid division"),
    (Rule::IsolationShort, "隔离只有 9 天（2020-02-10 至 2020-02-18），不足 14 天：请核对解除隔离日期", "isolation lasted 9 days (2020-02-10 to 2020-02-18), fewer than 14: check the end date"),
    (Rule::IsolationOverdue, "自 2020-02-12 起已隔离 22 天，超过 14 天仍无解除日期：请填写解除隔离日期或核实", "isolated since 2020-02-12, 22 days, more than 14 and no end date: fill in the end date or check"),
    (Rule::FileDuplicate, "与 城东/台账.xlsx 内容完全相同，只读取一次，已跳过", "the same bytes as 城东/台账.xlsx; read once, this copy skipped"),
    (Rule::TableIncomplete, "第 2 行像是住户台账表的表头（认出 7 列），但缺少必填列“人数”，此表现按网格划分表读取；未识别的列名：“家庭人口数”。如果“家庭人口数”就是“人数”，请在 gridreport.toml 末尾加上一行：[aliases.households] members = [\"家庭人口数\"]", "row 2 looks like the header of a households table (7 columns recognized) but lacks the required 'members'; the sheet is read as a grids table; unrecognized header: '家庭人口数'. If '家庭人口数' is 'members', add this line at the end of gridreport.toml: [aliases.households] members = [\"家庭人口数\"]"),
    (Rule::DateOutOfRange, "排查日期 2202-02-01 不在合理范围 2019-02-10 至 2021-02-11 内（多半是年份输错），按空值处理：请核对", "screened_on 2202-02-01 is outside the plausible range 2019-02-10 to 2021-02-11 (most likely a typo in the year); treated as empty: check it"),
    (Rule::ConfigUnknownCommunity, "gridreport.toml 第 12 行 [mail.to] \"城北\"：报告中没有社区“城北”，不会给它发邮件；报告中这个社区的名称是“城北社区”，请改成这个名称", "gridreport.toml, line 12, [mail.to] \"城北\": the report has no community '城北'; nothing is mailed to it; the report names this community '城北社区': use that name"),
];

/// A table cell: `|` escaped, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn kinds() -> String {
    let mut out = String::new();
    for kind in TableKind::ALL {
        out.push_str(&format!(
            "### {} — {} / {}\n\n",
            kind.as_str(),
            kind.label(Lang::Zh),
            kind.label(Lang::En)
        ));
        out.push_str("| 字段 field | 必填 required | 取值 values | 列名（别名） headers (aliases) |\n|---|---|---|---|\n");
        for &(field, required) in kind.fields() {
            let (zh, en) = field.value_type().words();
            let pii = if field.pii().is_some() {
                "；个人信息，不出现在报告中 / personal data, never in the report"
            } else {
                ""
            };
            let aliases: Vec<String> = kind
                .aliases(field)
                .iter()
                .map(|a| format!("`{a}`"))
                .collect();
            out.push_str(&format!(
                "| `{}` {} | {} | {zh} / {en}{pii} | {} |\n",
                field.as_str(),
                field.label(Lang::Zh),
                if required { "是 yes" } else { "" },
                aliases.join(" ")
            ));
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn columns() -> String {
    let quoted = |v: &[&str]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "- 不是数据的列（不读取，也不提示 `column_ignored`）/ known non-data columns (dropped silently, never in `column_ignored`): {}\n\
         - 表尾行的开头（该行跳过，提示 `footer_skipped`）/ a footer row starts with (skipped, `footer_skipped`): {}",
        quoted(&NON_DATA_HEADERS),
        quoted(&FOOTERS)
    )
}

fn roles() -> String {
    let mut out = String::from("| 身份 role | 取值 values |\n|---|---|\n");
    for (role, values) in ROLES {
        let v: Vec<String> = values.iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!(
            "| `{}` | {} |\n",
            format!("{role:?}").to_lowercase(),
            v.join(" ")
        ));
    }
    out.push_str(
        "| `other` | 其他任何值，并提示 `role_unknown` / any other value, with `role_unknown` |",
    );
    out
}

fn severity(rule: Rule) -> &'static str {
    match rule {
        Rule::ValueInvalid | Rule::DateOutOfRange => {
            "error（必填列，此行不计入 / required field: the row is left out）或 or warning（选填列，视为未填 / optional: treated as missing）"
        }
        r => match r.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        },
    }
}

fn rules() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "| 规则 rule | 级别 severity | 例子 example | 怎么改 how to fix |\n|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        let (_, zh, en) = EXAMPLES
            .iter()
            .find(|(r, _, _)| *r == rule)
            .unwrap_or_else(|| panic!("no example for {} in tests/it/manual.rs", rule.as_str()));
        out.push_str(&format!(
            "| `{}`<br>{} / {} | {} | {}<br>{} | {}<br>{} |\n",
            rule.as_str(),
            rule_name(rule, Lang::Zh),
            rule_name(rule, Lang::En),
            severity(rule),
            cell(zh),
            cell(en),
            cell(&how_to_fix(rule, &cfg.fix_params(), Lang::Zh)),
            cell(&how_to_fix(rule, &cfg.fix_params(), Lang::En)),
        ));
    }
    out.trim_end().to_string()
}

fn config() -> String {
    let mut out = String::from(
        "| 设置项 key | 默认 default | 范围 range | 说明 meaning |\n|---|---|---|---|\n",
    );
    for k in KEYS {
        out.push_str(&format!(
            "| `{}` | {} | {}<br>{} | {}<br>{} |\n",
            k.key,
            k.default
                .map(|d| format!("`{}`", cell(d)))
                .unwrap_or_else(|| "（不设 / unset）".into()),
            cell(&k.range.words(Lang::Zh)),
            cell(&k.range.words(Lang::En)),
            cell(k.zh),
            cell(k.en),
        ));
    }
    for (table, zh, en) in TABLES {
        out.push_str(&format!(
            "| `{}` | | | {}<br>{} |\n",
            cell(table),
            cell(zh),
            cell(en)
        ));
    }
    out.trim_end().to_string()
}

fn figures() -> String {
    use gridreport::stats::figure::{def, Made, Show, BEHIND_MEANS, FIGURES};
    let mut out = String::from(
        "| summary.json | 名称 name | 怎么算 how it is made | 显示 shown as |\n|---|---|---|---|\n",
    );
    for d in FIGURES.iter().chain(BEHIND_MEANS.iter()) {
        let made = match d.made {
            Made::Count => "计数，上一级相加<br>a count, summed a level up".to_string(),
            Made::Ratio { num, den } => format!(
                "`{}` ÷ `{}`，上一级用相加后的分子分母重算<br>recomputed a level up from the summed counts",
                def(num).key,
                def(den).key
            ),
        };
        let behind = BEHIND_MEANS.iter().any(|b| b.figure == d.figure);
        let shown = match d.show {
            _ if behind => "只在 summary.json 中（平均数背后的计数）/ in summary.json only (the counts behind a mean)",
            Show::Count => "整数 / whole number",
            Show::Decimal => "一位小数 / one decimal",
            Show::Percent => "百分比 / percentage",
        };
        out.push_str(&format!(
            "| `{}` | {}<br>{} | {} | {} |\n",
            d.key,
            cell(d.zh),
            cell(d.en),
            made,
            shown
        ));
    }
    out.trim_end().to_string()
}

/// Replace the text between the markers of `name`; `None` when the markers are missing.
fn replace(doc: &str, name: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- generated: {name} -->");
    let end = format!("<!-- end: {name} -->");
    let b = doc.find(&begin)? + begin.len();
    let e = doc[b..].find(&end)? + b;
    Some(format!("{}\n{}\n{}", &doc[..b], body, &doc[e..]))
}

#[test]
fn the_manual_says_what_the_program_does() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let committed = std::fs::read_to_string(&path).unwrap();
    let mut doc = committed.clone();
    for (name, body) in [
        ("kinds", kinds()),
        ("columns", columns()),
        ("roles", roles()),
        ("rules", rules()),
        ("config", config()),
        ("figures", figures()),
    ] {
        doc = replace(&doc, name, &body)
            .unwrap_or_else(|| panic!("{FILE}: the markers of '{name}' are missing"));
    }
    if doc == committed {
        return;
    }
    if std::env::var_os("GRIDREPORT_BLESS").is_some() {
        std::fs::write(&path, doc).unwrap();
        return;
    }
    let line = committed
        .lines()
        .zip(doc.lines())
        .position(|(a, b)| a != b)
        .map_or(0, |i| i + 1);
    panic!(
        "{FILE} disagrees with the program (first at line {line}). The tables between the \
         `<!-- generated: … -->` markers come from the code: regenerate them with \
         `GRIDREPORT_BLESS=1 cargo test --test it manual::` and commit the file."
    );
}

#[test]
fn every_rule_has_one_example_and_the_manual_names_every_config_key() {
    for rule in Rule::ALL {
        assert_eq!(
            EXAMPLES.iter().filter(|(r, _, _)| *r == rule).count(),
            1,
            "{rule:?}"
        );
    }
    assert_eq!(EXAMPLES.len(), Rule::ALL.len());
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide.md"))
            .unwrap();
    for needle in [
        "gridreport init",
        "gridreport build",
        "gridreport check",
        "gridreport watch",
        "gridreport mail",
        "生成报告.bat",
        "input-format.md",
    ] {
        assert!(
            guide.contains(needle),
            "docs/guide.md does not mention {needle}"
        );
    }
    // No document points outside the repository.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in [
        "README.md",
        "DEVELOPERS.md",
        "docs/guide.md",
        "docs/input-format.md",
        "docs/decisions.md",
        "docs/robustness.md",
        "docs/performance.md",
        "sample-data/README.md",
        "scripts/corpus.sh",
    ] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        // Spelled in pieces so that this file does not name them either.
        for bad in [["..", "shared"].join("/"), ["", "work", "shared"].join("/")] {
            assert!(!text.contains(&bad), "{doc} mentions {bad}");
        }
    }
}
