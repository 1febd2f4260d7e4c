//! Issues as the pages show them (SPEC §9.4): grouped lines (`issue_groups`) in three
//! sections — errors, warnings, infos — each line with its rule's name in the page's
//! language (the id small beside it), file, sheet, count, first cells, communities and the
//! message; the by-rule table counts by rule and severity. Messages go through
//! `Names::message`, so hidden file names stay hidden inside them too.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::render::filters::{int, NONE};
use crate::render::html::view::{common, tile, Common, Tile};
use crate::render::issue_groups::{group_issues, IssueGroup, FIRST_CELLS};
use crate::render::labels::label;
use crate::render::places::Names;
use crate::stats::Report;
use crate::vocab::issue::{Issue, Severity};
use crate::vocab::lang::Lang;
use crate::vocab::rules::rule_name;

/// Lines listed per severity section; the rest are counted (report.xlsx and summary.json
/// have them all).
pub const LINE_CAP: usize = 500;

/// The section key of a severity (`errors`, `warnings`, `infos`): also its anchor.
pub fn section_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
        Severity::Info => "infos",
    }
}

/// One issue listed on its own (beside a file or sheet on files.html).
#[derive(Serialize)]
pub struct IssueRow {
    pub severity: &'static str,
    pub severity_label: String,
    pub rule: &'static str,
    pub rule_name: &'static str,
    pub cell: String,
    pub message: String,
}

pub fn issue_row(i: &Issue, names: &Names) -> IssueRow {
    IssueRow {
        severity: i.severity.as_str(),
        severity_label: label(names.lang, &format!("severity_{}", i.severity.as_str())),
        rule: i.rule.as_str(),
        rule_name: rule_name(i.rule, names.lang),
        cell: i.cell.clone().unwrap_or_else(|| NONE.to_string()),
        message: names.message(i),
    }
}

#[derive(Serialize)]
pub struct CommunityLink {
    pub name: String,
    pub href: Option<String>,
}

/// One grouped line.
#[derive(Serialize)]
pub struct IssueLine {
    pub severity: &'static str,
    pub severity_label: String,
    pub rule: &'static str,
    pub rule_name: &'static str,
    pub file: String,
    pub sheet: String,
    /// Anchors of the first line of a file / sheet / rule on the page (`f3`, `f3-s2`,
    /// `rule-phone_invalid`), for links from files.html and from the tiles.
    pub anchors: Vec<String>,
    pub count: String,
    /// The first cells, `…` when there are more.
    pub cells: String,
    pub communities: Vec<CommunityLink>,
    /// The first issue's message.
    pub message: String,
    /// The messages of the line differ (in values): the message is an example.
    pub varies: bool,
}

#[derive(Serialize)]
pub struct IssueSection {
    /// `errors`, `warnings`, `infos`: the section's id.
    pub key: &'static str,
    pub severity: &'static str,
    pub title: String,
    pub issues: String,
    pub lines: Vec<IssueLine>,
    /// Lines over `LINE_CAP`, not listed ("" when none).
    pub hidden: String,
}

fn line(g: &IssueGroup, names: &Names, anchors: Vec<String>) -> IssueLine {
    let lang = names.lang;
    IssueLine {
        severity: g.severity.as_str(),
        severity_label: label(lang, &format!("severity_{}", g.severity.as_str())),
        rule: g.rule.as_str(),
        rule_name: rule_name(g.rule, lang),
        file: names.file_opt(g.file),
        sheet: names.sheet_opt(g.file, g.sheet),
        anchors,
        count: int(g.issues.len() as u64),
        cells: g.first_cells(FIRST_CELLS, lang),
        communities: g
            .communities()
            .into_iter()
            .map(|c| CommunityLink {
                name: c.to_string(),
                href: names.community_href(c).map(str::to_string),
            })
            .collect(),
        message: g.first().map(|i| names.message(i)).unwrap_or_default(),
        varies: !g.same_message(),
    }
}

/// The grouped lines of `issues` (in SPEC §7 order) in three sections, empty ones left out.
/// With `file_anchors`, the first line of each file and sheet carries their anchors.
pub fn issue_sections<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    names: &Names,
    file_anchors: bool,
) -> Vec<IssueSection> {
    let lang = names.lang;
    let mut seen: HashSet<String> = HashSet::new();
    let mut sections: Vec<IssueSection> = Vec::new();
    let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
    for g in group_issues(issues) {
        let key = section_key(g.severity);
        *counts.entry(key).or_default() += g.issues.len() as u64;
        if sections.last().is_none_or(|s| s.key != key) {
            sections.push(IssueSection {
                key,
                severity: g.severity.as_str(),
                title: label(lang, key),
                issues: String::new(),
                lines: Vec::new(),
                hidden: String::new(),
            });
        }
        let Some(section) = sections.last_mut() else {
            continue;
        };
        if section.lines.len() >= LINE_CAP {
            let n = section.hidden.replace(',', "").parse::<u64>().unwrap_or(0) + 1;
            section.hidden = int(n);
            continue;
        }
        let mut anchors = Vec::new();
        let mut fresh = |a: String| {
            if seen.insert(a.clone()) {
                anchors.push(a);
            }
        };
        fresh(format!("rule-{}", g.rule.as_str()));
        if file_anchors {
            fresh(names.file_anchor(g.file));
            fresh(names.sheet_anchor(g.file, g.sheet));
        }
        section.lines.push(line(&g, names, anchors));
    }
    for s in &mut sections {
        s.issues = int(counts.get(s.key).copied().unwrap_or(0));
    }
    sections
}

/// One row of the by-rule table: a rule with one severity.
#[derive(Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub rule_name: &'static str,
    pub severity: &'static str,
    pub severity_label: String,
    pub section: &'static str,
    pub count: String,
}

/// Issues counted by rule and severity (a rule such as `value_invalid` can be both an error
/// and a warning): errors first, then warnings, then infos, each by rule id.
pub fn by_rule<'a>(issues: impl IntoIterator<Item = &'a Issue>, lang: Lang) -> Vec<RuleCount> {
    let mut counts: BTreeMap<(Severity, &'static str), (crate::vocab::issue::Rule, u64)> =
        BTreeMap::new();
    for i in issues {
        counts
            .entry((i.severity, i.rule.as_str()))
            .or_insert((i.rule, 0))
            .1 += 1;
    }
    counts
        .into_iter()
        .map(|((sev, id), (rule, n))| RuleCount {
            rule: id,
            rule_name: rule_name(rule, lang),
            severity: sev.as_str(),
            severity_label: label(lang, &format!("severity_{}", sev.as_str())),
            section: section_key(sev),
            count: int(n),
        })
        .collect()
}

#[derive(Serialize)]
pub struct IssuesPage {
    #[serde(flatten)]
    pub common: Common,
    pub severities: Vec<Tile>,
    pub by_rule: Vec<RuleCount>,
    pub total: String,
    pub sections: Vec<IssueSection>,
    pub any_hidden: bool,
}

pub fn issues_page(report: &Report, lang: Lang, names: &Names) -> IssuesPage {
    let s = &report.summary;
    let sections = issue_sections(&s.issues.list, names, true);
    let any_hidden = sections.iter().any(|x| !x.hidden.is_empty());
    let sev_tile = |key: &'static str, n: u64, alert: bool| {
        let mut t = tile(lang, key, int(n), alert);
        if n > 0 {
            t.href = Some(format!("#{key}"));
        }
        t
    };
    IssuesPage {
        common: common(s, lang, "", "issues"),
        severities: vec![
            sev_tile("errors", s.issues.errors, s.issues.errors > 0),
            sev_tile("warnings", s.issues.warnings, false),
            sev_tile("infos", s.issues.infos, false),
        ],
        by_rule: by_rule(&s.issues.list, lang),
        total: int(s.issues.list.len() as u64),
        sections,
        any_hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::stats::Summary;
    use crate::vocab::issue::Rule;

    #[test]
    fn by_rule_splits_severities() {
        let list = vec![
            Issue::new(Rule::ValueInvalid, "a"),
            Issue::new(Rule::ValueInvalid, "b").severity(Severity::Warning),
            Issue::new(Rule::ValueInvalid, "c"),
            Issue::new(Rule::ColumnIgnored, "d"),
        ];
        let rows = by_rule(&list, Lang::Zh);
        let shape: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|r| (r.rule, r.rule_name, r.severity, r.count.as_str()))
            .collect();
        assert_eq!(
            shape,
            [
                ("value_invalid", "取值无效", "error", "2"),
                ("value_invalid", "取值无效", "warning", "1"),
                ("column_ignored", "列未读取", "info", "1"),
            ]
        );
    }

    #[test]
    fn sections_errors_first_and_capped() {
        let mut list = Vec::new();
        for k in 0..(LINE_CAP as u32 + 7) {
            // A distinct file per issue: a line each.
            list.push(
                Issue::new(Rule::PhoneInvalid, "p")
                    .file(&format!("f{k:04}.xlsx"))
                    .sheet("S")
                    .at(2, 1),
            );
        }
        list.push(
            Issue::new(Rule::RequiredMissing, "r")
                .file("z.xlsx")
                .sheet("S")
                .at(3, 1),
        );
        let s = Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        let names = Names::new(&s, &[], &Config::default(), Lang::En);
        let sections = issue_sections(&list, &names, true);
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].key, "errors");
        assert_eq!(sections[0].lines.len(), 1);
        assert_eq!(sections[0].lines[0].rule_name, "Required cell empty");
        assert_eq!(sections[1].lines.len(), LINE_CAP);
        assert_eq!(sections[1].hidden, "7");
        assert_eq!(sections[1].issues, "507");
        // The first line of a rule carries its anchor, once per page.
        assert!(sections[1].lines[0]
            .anchors
            .contains(&"rule-phone_invalid".to_string()));
        assert!(!sections[1].lines[1]
            .anchors
            .contains(&"rule-phone_invalid".to_string()));
    }
}
