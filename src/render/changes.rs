//! "Since the last report" in words and numbers, for the pages, the workbooks and the mail:
//! the texts in Chinese and English, and a figure's change as people read it (`+12`,
//! `+2.3 个百分点`). The numbers come from `summary.changes` and `report.history`.

use crate::render::filters::{dec1, int, pct, NONE};
use crate::stats::changes::{Changes, Delta, Deltas};
use crate::stats::figure::{def, Figure, Show, HEADLINE};
use crate::stats::{Figures, Report};
use crate::vocab::lang::Lang;

/// (key, 中文, English): every text of the change panels and sheets.
const WORDS: &[(&str, &str, &str)] = &[
    ("fixed", "已修正", "Fixed"),
    ("new", "新增", "New"),
    ("open", "仍未解决", "Still open"),
    ("fixed_new", "已修正 / 新增", "Fixed / new"),
    ("now", "本次", "Now"),
    ("change", "变化", "Change"),
    ("figure", "指标", "Figure"),
    ("community", "社区", "Community"),
    ("total", "全街道", "Sub-district"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("fixed_list", "已修正的问题", "Issues fixed"),
    ("new_list", "新出现的问题", "New issues"),
    (
        "fixed_note",
        "上次报告中有、这次不再出现的问题（位置是上次报告时的位置）。",
        "Issues of the last report that are gone (at their place in the last report).",
    ),
    ("none", "没有。", "None."),
    (
        "more",
        "还有 {n} 项未列出，完整清单见工作簿。",
        "{n} more are not listed; the workbook lists them all.",
    ),
    (
        "trends",
        "各社区历次报告",
        "Each community report by report",
    ),
    (
        "trends_note",
        "排查覆盖率和日报告上报率，按保留的历次报告。",
        "Screening coverage and reporting rate over the reports kept.",
    ),
    ("as_of", "统计截至", "As of"),
    ("rule", "规则", "Rule"),
    ("severity", "严重程度", "Severity"),
    ("file", "文件", "File"),
    ("sheet", "工作表", "Sheet"),
    ("cell", "单元格", "Cell"),
    ("message", "说明", "Message"),
    ("status", "变化", "Change"),
    ("history_sheet", "历史", "History"),
    ("changes_sheet", "变化", "Changes"),
    (
        "no_baseline",
        "没有可比较的上一次报告。",
        "There is no earlier report to compare with.",
    ),
    (
        "history_chart",
        "各社区排查覆盖率（历次报告）",
        "Screening coverage by community, report by report",
    ),
    (
        "history_chart_rate",
        "各社区日报告上报率（历次报告）",
        "Reporting rate by community, report by report",
    ),
];

/// A text of the change panels in `lang`.
pub fn word(lang: Lang, key: &str) -> String {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| lang.pick(zh, en).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// `自上次报告（2020-03-03）以来` / `Since the last report (2020-03-03)`.
pub fn heading(baseline_as_of: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("自上次报告（{baseline_as_of}）以来"),
        Lang::En => format!("Since the last report ({baseline_as_of})"),
    }
}

/// The mail's line: `上次以来已修正 N 项，新增 M 项，仍有 K 项`.
pub fn mail_line(fixed: u64, new: u64, open: u64) -> String {
    format!("上次以来已修正 {fixed} 项，新增 {new} 项，仍有 {open} 项")
}

/// `3 / 1`: fixed and new, for a community's row.
pub fn fixed_new(fixed: u64, new: u64) -> String {
    format!("{} / {}", int(fixed), int(new))
}

/// A figure's value as shown.
pub fn value_text(f: Figure, v: &Figures) -> String {
    let d = def(f);
    match (d.show, v.value(f)) {
        (_, crate::stats::figure::Value::Count(n)) => int(n),
        (Show::Percent, crate::stats::figure::Value::Ratio(r)) => pct(r),
        (_, crate::stats::figure::Value::Ratio(r)) => dec1(r),
    }
}

/// A figure's change as shown: `+12`, `-3`, `+2.3 个百分点` / `+2.3 pts`, `0`, `—` unknown.
pub fn delta_text(f: Figure, d: Option<Delta>, lang: Lang) -> String {
    let Some(x) = d.and_then(Delta::number).filter(|x| x.is_finite()) else {
        return NONE.to_string();
    };
    match def(f).show {
        Show::Count => signed_count(x.round() as i64),
        Show::Percent => {
            let points = signed_dec(x * 100.0);
            match lang {
                Lang::Zh => format!("{points} 个百分点"),
                Lang::En => format!("{points} pts"),
            }
        }
        Show::Decimal => signed_dec(x),
    }
}

/// A whole number with its sign (`+12`, `-3`, `0`).
pub fn signed_count(n: i64) -> String {
    match n.signum() {
        1 => format!("+{}", int(n.unsigned_abs())),
        -1 => format!("-{}", int(n.unsigned_abs())),
        _ => "0".to_string(),
    }
}

/// One decimal with its sign; no sign when it rounds to zero.
fn signed_dec(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    let abs = dec1(Some(r.abs()));
    if r > 0.0 {
        format!("+{abs}")
    } else if r < 0.0 {
        format!("-{abs}")
    } else {
        abs
    }
}

/// One line of a change table: a headline figure (or errors, warnings), now and its change.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ChangeRow {
    /// The summary.json key (`errors`, `warnings` for the issue counts).
    pub key: &'static str,
    pub label: String,
    pub now: String,
    pub change: String,
    /// The change as a number (counts; ratios in points), for the workbooks.
    #[serde(skip)]
    pub number: Option<f64>,
}

/// The headline figures with their change, for the sub-district (`deltas` of `totals`) or a
/// community; then errors and warnings for the sub-district.
pub fn headline_rows(now: &Figures, deltas: &Deltas, lang: Lang) -> Vec<ChangeRow> {
    HEADLINE
        .iter()
        .map(|&f| {
            let d = def(f);
            let delta = deltas.get(f);
            ChangeRow {
                key: d.key,
                label: d.label(lang).to_string(),
                now: value_text(f, now),
                change: delta_text(f, delta, lang),
                number: delta.and_then(Delta::number).map(|x| {
                    if d.show == Show::Percent {
                        x * 100.0
                    } else {
                        x
                    }
                }),
            }
        })
        .collect()
}

/// The sub-district's change rows: the headline figures, then errors and warnings.
pub fn total_rows(report: &Report, changes: &Changes, lang: Lang) -> Vec<ChangeRow> {
    let s = &report.summary;
    let mut rows = headline_rows(&s.totals.figures, &changes.totals, lang);
    let h = &report.history;
    for (key, now, before) in [
        ("errors", h.errors_now, h.errors_before),
        ("warnings", h.warnings_now, h.warnings_before),
    ] {
        let d = now as i64 - before as i64;
        rows.push(ChangeRow {
            key,
            label: word(lang, key),
            now: int(now),
            change: signed_count(d),
            number: Some(d as f64),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_people_write_them() {
        let cases = [
            (
                Figure::Residents,
                Some(Delta::Count(Some(1200))),
                Lang::Zh,
                "+1,200",
            ),
            (
                Figure::Residents,
                Some(Delta::Count(Some(-3))),
                Lang::En,
                "-3",
            ),
            (
                Figure::Residents,
                Some(Delta::Count(Some(0))),
                Lang::En,
                "0",
            ),
            (
                Figure::ScreeningCoverage,
                Some(Delta::Ratio(Some(0.0234))),
                Lang::Zh,
                "+2.3 个百分点",
            ),
            (
                Figure::ReportingRate,
                Some(Delta::Ratio(Some(-0.1))),
                Lang::En,
                "-10.0 pts",
            ),
            (
                Figure::ScreeningCoverage,
                Some(Delta::Ratio(Some(0.0001))),
                Lang::En,
                "0.0 pts",
            ),
            (
                Figure::ResidentsPerWorker,
                Some(Delta::Ratio(Some(12.34))),
                Lang::En,
                "+12.3",
            ),
            (
                Figure::ScreeningCoverage,
                Some(Delta::Ratio(None)),
                Lang::Zh,
                "—",
            ),
            (Figure::Households, None, Lang::Zh, "—"),
        ];
        for (f, d, lang, want) in cases {
            assert_eq!(delta_text(f, d, lang), want, "{f:?} {d:?}");
        }
        assert_eq!(
            heading("2020-03-03", Lang::Zh),
            "自上次报告（2020-03-03）以来"
        );
        assert_eq!(
            mail_line(3, 1, 2),
            "上次以来已修正 3 项，新增 1 项，仍有 2 项"
        );
        assert_eq!(fixed_new(3, 1), "3 / 1");
        for (k, zh, en) in WORDS {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
            assert_eq!(WORDS.iter().filter(|w| w.0 == *k).count(), 1, "{k}");
        }
    }
}
