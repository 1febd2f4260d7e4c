//! What `gridreport check` prints: one line per issue (severity, place, rule, message) and a
//! count line. Every field is made safe for a terminal (`text::one_line`): a file name with a
//! line break or a cell with escape codes cannot split an issue or forge another.

use crate::stats::IssueSummary;
use crate::vocab::issue::{Issue, Severity};
use crate::vocab::lang::Lang;
use crate::vocab::text::one_line;

/// The whole output of `check`.
pub fn check_lines(issues: &IssueSummary, lang: Lang) -> String {
    let mut out = String::new();
    for i in &issues.list {
        out.push_str(&line(i, lang));
        out.push('\n');
    }
    out.push_str(&count_line(issues, lang));
    out.push('\n');
    out
}

fn line(i: &Issue, lang: Lang) -> String {
    let sev = match (i.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "提示",
        (sev, Lang::En) => sev.as_str(),
    };
    let mut place = Vec::new();
    if let Some(f) = &i.file {
        place.push(f.clone());
    }
    if let Some(sh) = &i.sheet {
        place.push(match lang {
            Lang::Zh => format!("工作表“{sh}”"),
            Lang::En => format!("sheet '{sh}'"),
        });
    }
    if let Some(c) = &i.cell {
        place.push(c.clone());
    }
    if place.is_empty() {
        if let Some(c) = &i.community {
            place.push(c.clone());
        }
    }
    let place = place.join(lang.pick("，", ", "));
    format!(
        "{sev}\t{}: [{}] {}",
        one_line(&place),
        i.rule.as_str(),
        one_line(&i.message)
    )
}

/// `共 5 个问题：错误 1，警告 3，提示 1` / `5 issues: 1 error, 3 warnings, 1 info`.
pub fn count_line(s: &IssueSummary, lang: Lang) -> String {
    let n = s.list.len() as u64;
    match lang {
        Lang::Zh => format!(
            "共 {n} 个问题：错误 {}，警告 {}，提示 {}",
            s.errors, s.warnings, s.infos
        ),
        Lang::En => format!(
            "{}: {}, {}, {}",
            plural(n, "issue"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        ),
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::issue::Rule;
    use std::collections::BTreeMap;

    fn summary(list: Vec<Issue>) -> IssueSummary {
        IssueSummary {
            errors: list
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .count() as u64,
            warnings: list
                .iter()
                .filter(|i| i.severity == Severity::Warning)
                .count() as u64,
            infos: list.iter().filter(|i| i.severity == Severity::Info).count() as u64,
            by_rule: BTreeMap::new(),
            list,
        }
    }

    #[test]
    fn one_line_per_issue_whatever_the_names_hold() {
        let s = summary(vec![
            Issue::new(Rule::ValueInvalid, "人数“三”不是整数")
                .file("城东/台账.xlsx")
                .sheet("Sheet1")
                .at(7, 2),
            Issue::new(Rule::PhoneInvalid, "bad \u{1b}[2Jphone\nerror\tforged")
                .file("evil\nerror\tx.csv")
                .sheet("s\u{1b}[8m")
                .at(2, 0),
            Issue::new(Rule::BigGridSize, "大网格 1 有 20 户").community("城西社区"),
        ]);
        let zh = check_lines(&s, Lang::Zh);
        assert_eq!(zh.lines().count(), 4, "{zh}");
        assert!(zh.starts_with(
            "错误\t城东/台账.xlsx，工作表“Sheet1”，C7: [value_invalid] 人数“三”不是整数\n"
        ));
        assert!(!zh.contains('\u{1b}'));
        assert!(zh.contains("evil\\nerror\\tx.csv"));
        assert!(zh.contains("警告\t城西社区: [big_grid_size]"));
        assert!(zh.ends_with("共 3 个问题：错误 1，警告 2，提示 0\n"));
        let en = check_lines(&s, Lang::En);
        assert!(
            en.ends_with("3 issues: 1 error, 2 warnings, 0 infos\n"),
            "{en}"
        );
        assert_eq!(
            count_line(&summary(vec![]), Lang::En),
            "0 issues: 0 errors, 0 warnings, 0 infos"
        );
    }
}
