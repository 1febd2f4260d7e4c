//! Repeated issues grouped for people (SPEC §9.4): one line per (file, sheet, rule, message
//! pattern) with the count and the first cells, errors first, then warnings, then infos.
//! summary.json keeps one entry per issue; the HTML pages and the workbooks show these lines.
//!
//! The message pattern is the message with its varying parts taken out (docs/decisions.md,
//! "§9.4 outputs"): every run of digits (with `.` or `,` between digits: one number) becomes
//! `#`, and every quoted part — “…”, ‘…’, "…" or '…' — becomes `…` unless it is the name of a
//! field (`人数`, `screened_on` …), which says what the issue is about. Cell references and
//! row numbers are not in messages; values, dates, counts and the rows of other places are.

use std::collections::HashMap;

use crate::input::schema::Field;
use crate::issue::{Issue, Rule, Severity};
use crate::lang::Lang;

/// Cells listed on one line before `…`.
pub const FIRST_CELLS: usize = 5;

/// One line: issues of one severity, file, sheet, rule and message pattern, in SPEC §7 order.
pub struct IssueGroup<'a> {
    pub severity: Severity,
    pub rule: Rule,
    pub file: Option<&'a str>,
    pub sheet: Option<&'a str>,
    pub issues: Vec<&'a Issue>,
}

impl<'a> IssueGroup<'a> {
    /// The first issue (a group is never empty).
    pub fn first(&self) -> Option<&'a Issue> {
        self.issues.first().copied()
    }

    /// Do all messages of the group read the same?
    pub fn same_message(&self) -> bool {
        let first = self.first().map(|i| i.message.as_str());
        self.issues
            .iter()
            .all(|i| Some(i.message.as_str()) == first)
    }

    /// The distinct communities of the group, in order of appearance.
    pub fn communities(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.issues.iter().filter_map(|i| i.community.as_deref()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// The places of the group's issues (`B7`, `第 7 行`, or nothing), in order.
    pub fn cells(&self, lang: Lang) -> Vec<String> {
        self.issues.iter().filter_map(|i| place(i, lang)).collect()
    }

    /// The first `n` places joined by a space, `…` when there are more.
    pub fn first_cells(&self, n: usize, lang: Lang) -> String {
        let cells = self.cells(lang);
        let mut s = cells.iter().take(n).cloned().collect::<Vec<_>>().join(" ");
        if cells.len() > n {
            s.push_str(" …");
        }
        s
    }
}

/// Where an issue is within its sheet: its cell, else its row, else nothing.
pub fn place(i: &Issue, lang: Lang) -> Option<String> {
    match (&i.cell, i.row) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(r)) => Some(match lang {
            Lang::Zh => format!("第 {r} 行"),
            Lang::En => format!("row {r}"),
        }),
        (None, None) => None,
    }
}

fn severity_rank(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// Group issues given in SPEC §7 order: errors first, then warnings, then infos; within a
/// severity the lines keep the order of their first issue (file, sheet, row, column …).
pub fn group_issues<'a>(issues: impl IntoIterator<Item = &'a Issue>) -> Vec<IssueGroup<'a>> {
    let mut buckets: [Vec<IssueGroup<'a>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    type Key<'a> = (Option<&'a str>, Option<&'a str>, Rule, String);
    let mut index: [HashMap<Key<'a>, usize>; 3] = Default::default();
    for i in issues {
        let s = severity_rank(i.severity);
        let key = (
            i.file.as_deref(),
            i.sheet.as_deref(),
            i.rule,
            pattern(&i.message),
        );
        match index[s].get(&key) {
            Some(&k) => buckets[s][k].issues.push(i),
            None => {
                index[s].insert(key, buckets[s].len());
                buckets[s].push(IssueGroup {
                    severity: i.severity,
                    rule: i.rule,
                    file: i.file.as_deref(),
                    sheet: i.sheet.as_deref(),
                    issues: vec![i],
                });
            }
        }
    }
    let [e, w, n] = buckets;
    e.into_iter().chain(w).chain(n).collect()
}

/// Issues in the order people fix them: errors first, then warnings, then infos, each in
/// SPEC §7 order (a stable sort of a list that is in §7 order).
pub fn errors_first<'a>(issues: impl IntoIterator<Item = &'a Issue>) -> Vec<&'a Issue> {
    let mut v: Vec<&Issue> = issues.into_iter().collect();
    v.sort_by_key(|i| severity_rank(i.severity));
    v
}

/// Is `s` the label of a field in either language (kept in patterns)?
fn is_field_label(s: &str) -> bool {
    Field::ALL
        .iter()
        .any(|f| f.label(Lang::Zh) == s || f.label(Lang::En) == s)
}

/// The message with its varying parts taken out (see the module documentation).
pub fn pattern(msg: &str) -> String {
    let chars: Vec<char> = msg.chars().collect();
    let mut out = String::with_capacity(msg.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], '.' | ',')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            out.push('#');
            continue;
        }
        if let Some(close) = closing_quote(&chars, i) {
            if let Some(end) = find_close(&chars, i + 1, close) {
                let inner: String = chars[i + 1..end].iter().collect();
                out.push(c);
                if is_field_label(&inner) {
                    out.push_str(&inner);
                } else {
                    out.push('…');
                }
                out.push(close);
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The quote that closes one opened at `chars[i]`, if a quote opens there. An ASCII `'`
/// opens only after a non-letter (so `community's` is not a quote).
fn closing_quote(chars: &[char], i: usize) -> Option<char> {
    match chars[i] {
        '“' => Some('”'),
        '‘' => Some('’'),
        '「' => Some('」'),
        '"' => Some('"'),
        '\'' if i == 0 || !chars[i - 1].is_alphanumeric() => Some('\''),
        _ => None,
    }
}

/// The position of the closing quote at or after `from`; an ASCII `'` closes only before a
/// non-letter (or the end).
fn find_close(chars: &[char], from: usize, close: char) -> Option<usize> {
    (from..chars.len()).find(|&j| {
        chars[j] == close
            && (close != '\'' || chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_drop_values_numbers_and_places() {
        let cases = [
            (
                "大网格“1”楼栋“御景湾6座”不在本社区的网格划分表中（仍计入）：请核对楼栋或补充网格划分",
                "大网格“…”楼栋“…”不在本社区的网格划分表中（仍计入）：请核对楼栋或补充网格划分",
            ),
            (
                "与 城东社区/住户台账/城东社区第03网格住户台账.xlsx，工作表“住户台账”，第 13 行 重复，只计一次：可删去此行",
                "与 城东社区/住户台账/城东社区第#网格住户台账.xlsx，工作表“…”，第 # 行 重复，只计一次：可删去此行",
            ),
            (
                "“人数”的值“不详”不是1–99 的整数，此行未计入：请改正",
                "“人数”的值“…”不是#–# 的整数，此行未计入：请改正",
            ),
            (
                "screened_on '待查' is not a valid date (such as 2020-03-04); treated as empty: correct it",
                "screened_on '…' is not a valid date (such as #-#-#); treated as empty: correct it",
            ),
            (
                "big grid '1', building 'X' is not in the community's grid table (still counted)",
                "big grid '…', building '…' is not in the community's grid table (still counted)",
            ),
            ("自 2020-02-12 起已隔离 22 天", "自 #-#-# 起已隔离 # 天"),
            ("共 1,234.5 户", "共 # 户"),
            ("“未闭合", "“未闭合"),
            ("", ""),
        ];
        for (msg, want) in cases {
            assert_eq!(pattern(msg), want, "{msg}");
        }
    }

    fn at(rule: Rule, msg: &str, file: &str, row: u32) -> Issue {
        Issue::new(rule, msg).file(file).sheet("S").at(row, 2)
    }

    #[test]
    fn groups_errors_first_with_counts_and_first_cells() {
        let mut list = Vec::new();
        for r in 2..20 {
            list.push(at(
                Rule::NotInGridTable,
                &format!("楼栋“{r}座”不在表中"),
                "a.xlsx",
                r,
            ));
        }
        list.push(at(Rule::RequiredMissing, "必填项“人数”为空", "a.xlsx", 30));
        list.push(at(Rule::RequiredMissing, "必填项“户号”为空", "a.xlsx", 31));
        list.push(at(Rule::DuplicateRow, "与第 3 行重复", "b.xlsx", 4));
        list.push(at(Rule::DuplicateRow, "与第 5 行重复", "b.xlsx", 6));
        list.push(Issue::new(Rule::BigGridSize, "大网格“3”有 400 户").community("c"));
        crate::issue::sort_issues(&mut list);
        let groups = group_issues(&list);
        let shape: Vec<(Severity, Rule, usize)> = groups
            .iter()
            .map(|g| (g.severity, g.rule, g.issues.len()))
            .collect();
        assert_eq!(
            shape,
            [
                (Severity::Error, Rule::RequiredMissing, 1),
                (Severity::Error, Rule::RequiredMissing, 1),
                (Severity::Warning, Rule::BigGridSize, 1),
                (Severity::Warning, Rule::NotInGridTable, 18),
                (Severity::Info, Rule::DuplicateRow, 2),
            ]
        );
        let g = &groups[3];
        assert_eq!(g.first_cells(FIRST_CELLS, Lang::Zh), "C2 C3 C4 C5 C6 …");
        assert_eq!(g.cells(Lang::Zh).len(), 18);
        assert!(!g.same_message());
        assert!(groups[4].first_cells(5, Lang::En) == "C4 C6");
        assert_eq!(groups[2].first_cells(5, Lang::En), "");
        assert_eq!(groups[2].communities(), ["c"]);
        let mut row_only = Issue::new(Rule::ValueInvalid, "x").file("a").sheet("S");
        row_only.row = Some(9);
        assert_eq!(place(&row_only, Lang::Zh).as_deref(), Some("第 9 行"));
        assert_eq!(place(&row_only, Lang::En).as_deref(), Some("row 9"));
    }

    #[test]
    fn errors_first_keeps_order_within_a_severity() {
        let list = vec![
            at(Rule::PhoneInvalid, "p", "a", 2),
            at(Rule::RequiredMissing, "r", "a", 3),
            at(Rule::ColumnIgnored, "c", "a", 1),
            at(Rule::RequiredMissing, "r", "a", 9),
        ];
        let rows: Vec<u32> = errors_first(&list).iter().filter_map(|i| i.row).collect();
        assert_eq!(rows, [3, 9, 2, 1]);
    }
}
