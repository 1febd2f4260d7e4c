//! "Since the last report" on the pages: the panel of index.html (issues fixed, new and
//! still open; the headline figures with their change), the same for one community with
//! its fixed and new issues listed, and each community's small chart over the reports kept.
//! No PII: fixed issues are shown by rule and place, new ones by rule, place and message.

use serde::Serialize;

use crate::render::changes::{heading, headline_rows, total_rows, word, ChangeRow};
use crate::render::filters::int;
use crate::render::places::Names;
use crate::render::svg;
use crate::stats::changes::PastIssue;
use crate::stats::Report;
use crate::vocab::issue::Rule;
use crate::vocab::lang::Lang;

/// Lines listed per kind on a page at most (the community's workbook lists them all).
const MAX_LINES: usize = 100;

#[derive(Serialize)]
pub struct ChangePanel {
    pub heading: String,
    pub baseline_as_of: String,
    pub fixed: String,
    pub new: String,
    pub open: String,
    pub rows: Vec<ChangeRow>,
    /// Lists of fixed and new issues follow (community pages).
    pub lists: bool,
    pub fixed_list: Vec<Line>,
    pub new_list: Vec<Line>,
    pub more_fixed: Option<String>,
    pub more_new: Option<String>,
    /// Every text the panel shows besides the numbers.
    pub w: Words,
}

#[derive(Serialize)]
pub struct Words {
    pub fixed: String,
    pub new: String,
    pub open: String,
    pub fixed_new: String,
    pub now: String,
    pub change: String,
    pub figure: String,
    pub fixed_list: String,
    pub new_list: String,
    pub fixed_note: String,
    pub none: String,
    pub trends: String,
    pub trends_note: String,
}

impl Words {
    pub fn new(lang: Lang) -> Words {
        let w = |k| word(lang, k);
        Words {
            fixed: w("fixed"),
            new: w("new"),
            open: w("open"),
            fixed_new: w("fixed_new"),
            now: w("now"),
            change: w("change"),
            figure: w("figure"),
            fixed_list: w("fixed_list"),
            new_list: w("new_list"),
            fixed_note: w("fixed_note"),
            none: w("none"),
            trends: w("trends"),
            trends_note: w("trends_note"),
        }
    }
}

/// One issue in a list: its rule's name, where it is, and (new issues) its message.
#[derive(Serialize)]
pub struct Line {
    pub rule: String,
    pub rule_id: &'static str,
    pub place: String,
    pub message: Option<String>,
}

/// The panel of index.html; `None` without a baseline.
pub fn index_panel(report: &Report, lang: Lang) -> Option<ChangePanel> {
    let c = report.summary.changes.as_ref()?;
    Some(ChangePanel {
        heading: heading(&c.baseline_as_of, lang),
        baseline_as_of: c.baseline_as_of.clone(),
        fixed: int(c.fixed),
        new: int(c.new),
        open: int(c.open),
        rows: total_rows(report, c, lang),
        lists: false,
        fixed_list: Vec::new(),
        new_list: Vec::new(),
        more_fixed: None,
        more_new: None,
        w: Words::new(lang),
    })
}

/// The panel of one community's page, with its fixed and new issues; `None` without a
/// baseline.
pub fn community_panel(
    report: &Report,
    name: &str,
    lang: Lang,
    names: &Names,
) -> Option<ChangePanel> {
    let s = &report.summary;
    let c = s.changes.as_ref()?;
    let mine = c.communities.iter().find(|x| x.name == name)?;
    let figures = &s.communities.iter().find(|x| x.name == name)?.figures;
    let fixed: Vec<&PastIssue> = report
        .history
        .fixed
        .iter()
        .filter(|p| p.community.as_deref() == Some(name))
        .collect();
    let new: Vec<&crate::vocab::issue::Issue> = report
        .history
        .new
        .iter()
        .filter_map(|&n| s.issues.list.get(n))
        .filter(|i| i.community.as_deref() == Some(name))
        .collect();
    let more = |n: usize| {
        (n > MAX_LINES).then(|| word(lang, "more").replace("{n}", &int((n - MAX_LINES) as u64)))
    };
    Some(ChangePanel {
        heading: heading(&c.baseline_as_of, lang),
        baseline_as_of: c.baseline_as_of.clone(),
        fixed: int(mine.fixed),
        new: int(mine.new),
        open: int(mine.open),
        rows: headline_rows(figures, &mine.deltas, lang),
        lists: true,
        fixed_list: fixed
            .iter()
            .take(MAX_LINES)
            .map(|p| {
                let at = (p.file.as_deref(), p.sheet.as_deref(), p.cell.as_deref());
                line(names, p.rule, at, None, lang)
            })
            .collect(),
        new_list: new
            .iter()
            .take(MAX_LINES)
            .map(|i| {
                let at = (i.file.as_deref(), i.sheet.as_deref(), i.cell.as_deref());
                line(names, i.rule, at, Some(names.message(i)), lang)
            })
            .collect(),
        more_fixed: more(fixed.len()),
        more_new: more(new.len()),
        w: Words::new(lang),
    })
}

/// `城东/台账.xlsx · 住户 · C7` (names hidden as the config says).
fn place(names: &Names, file: Option<&str>, sheet: Option<&str>, cell: Option<&str>) -> String {
    let mut parts = vec![names.file_opt(file)];
    if file.is_some() || sheet.is_some() {
        parts.push(names.sheet_opt(file, sheet));
    }
    if let Some(c) = cell {
        parts.push(c.to_string());
    }
    parts.join(" · ")
}

/// One community's small chart over the reports kept.
#[derive(Serialize)]
pub struct Trend {
    pub name: String,
    pub href: Option<String>,
    pub chart: String,
}

/// Each community's screening coverage and reporting rate over the reports kept, in the
/// order given; none when fewer than two reports are kept.
pub fn trends(report: &Report, order: &[&str], lang: Lang, names: &Names) -> Vec<Trend> {
    let points = &report.history.points;
    if points.len() < 2 {
        return Vec::new();
    }
    let dates: Vec<String> = points.iter().map(|p| p.as_of.clone()).collect();
    let cov_name = crate::stats::figure::def(crate::stats::figure::Figure::ScreeningCoverage)
        .label(lang)
        .to_string();
    let rate_name = crate::stats::figure::def(crate::stats::figure::Figure::ReportingRate)
        .label(lang)
        .to_string();
    order
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let of = |pick: fn(&crate::stats::Figures) -> Option<f64>| -> Vec<Option<f64>> {
                points
                    .iter()
                    .map(|p| p.communities.get(*name).and_then(pick))
                    .collect()
            };
            let cov = of(|f| f.screening_coverage);
            let rate = of(|f| f.reporting_rate);
            let last = |v: &[Option<f64>]| crate::render::filters::pct(v.last().copied().flatten());
            let first = |v: &[Option<f64>]| {
                crate::render::filters::pct(v.iter().copied().flatten().next())
            };
            let desc = match lang {
                Lang::Zh => format!(
                    "{name}，{} 至 {}：排查覆盖率从 {} 到 {}，日报告上报率从 {} 到 {}。",
                    dates[0],
                    dates[dates.len() - 1],
                    first(&cov),
                    last(&cov),
                    first(&rate),
                    last(&rate)
                ),
                Lang::En => format!(
                    "{name}, {} to {}: screening coverage from {} to {}, reporting rate from {} to {}.",
                    dates[0],
                    dates[dates.len() - 1],
                    first(&cov),
                    last(&cov),
                    first(&rate),
                    last(&rate)
                ),
            };
            let chart = svg::lines(
                &format!("trend-{}", i + 1),
                name,
                &desc,
                &dates,
                &[
                    svg::Series {
                        name: &cov_name,
                        class: "s1",
                        values: cov,
                    },
                    svg::Series {
                        name: &rate_name,
                        class: "s2",
                        values: rate,
                    },
                ],
            );
            Trend {
                name: name.to_string(),
                href: names.community_href(name).map(str::to_string),
                chart,
            }
        })
        .collect()
}

/// A line of a fixed or new list: the rule, its place (file, sheet, cell) and, for a new
/// issue, its message.
fn line(
    names: &Names,
    rule: Rule,
    (file, sheet, cell): (Option<&str>, Option<&str>, Option<&str>),
    message: Option<String>,
    lang: Lang,
) -> Line {
    Line {
        rule: rule.name(lang).to_string(),
        rule_id: rule.as_str(),
        place: place(names, file, sheet, cell),
        message,
    }
}
