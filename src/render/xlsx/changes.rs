//! "Since the last report" in the workbooks: report.xlsx's sheet 变化 (issues fixed, new,
//! still open; the headline figures' change, for the sub-district and each community) and
//! sheet 历史 (each community's headline figures per report kept, with native line charts);
//! a community workbook's sheet 变化 (its change, its fixed and new issues, every one).
//! A ratio's change is written in percentage points.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use crate::render::changes::{headline_rows, total_rows, word, ChangeRow};
use crate::render::xlsx::table::{
    col, count, num, put, put_text, text, Col, Kind, Styles, TableSheet, Val, Widths,
};
use crate::stats::changes::Delta;
use crate::stats::figure::{def, Show, Value, HEADLINE};
use crate::stats::{Figures, Report};
use crate::vocab::issue::Issue;
use crate::vocab::lang::Lang;

/// How a headline figure's value is shown in a cell.
fn kind(f: crate::stats::figure::Figure) -> Kind {
    match def(f).show {
        Show::Count => Kind::Count,
        Show::Percent => Kind::Percent,
        Show::Decimal => Kind::Decimal,
    }
}

fn value(f: crate::stats::figure::Figure, v: &Figures) -> Val {
    match v.value(f) {
        Value::Count(n) => count(n),
        Value::Ratio(r) => num(r),
    }
}

/// A change as a cell: a count, or points for a percentage.
fn change(f: crate::stats::figure::Figure, d: Option<Delta>) -> (Val, Kind) {
    let x = d.and_then(Delta::number);
    match def(f).show {
        Show::Percent => (num(x.map(|x| x * 100.0)), Kind::Decimal),
        Show::Decimal => (num(x), Kind::Decimal),
        Show::Count => (num(x), Kind::Count),
    }
}

/// The header of a change column: `变化` or `变化（百分点）`.
fn change_header(f: Option<crate::stats::figure::Figure>, lang: Lang) -> String {
    let base = match f {
        Some(f) => format!("{}{}", def(f).label(lang), lang.pick("变化", " change")),
        None => word(lang, "change"),
    };
    match f.map(|f| def(f).show) {
        Some(Show::Percent) => format!("{base}{}", lang.pick("（百分点）", " (points)")),
        _ => base,
    }
}

/// The heading and fixed / new / still open, from `row`; the next free row.
fn head(
    ws: &mut Worksheet,
    widths: &mut Widths,
    styles: &Styles,
    heading: &str,
    counts: (u64, u64, u64),
    lang: Lang,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(0, 0, heading, &styles.title)?;
    let mut row = 2;
    for (k, n) in [("fixed", counts.0), ("new", counts.1), ("open", counts.2)] {
        put_text(ws, widths, row, 0, &word(lang, k), &styles.label)?;
        put(ws, widths, styles, (row, 1), &count(n), Kind::Count, false)?;
        row += 1;
    }
    Ok(row + 1)
}

/// A two-column table of change rows (figure, now, change).
fn rows_table(
    ws: &mut Worksheet,
    widths: &mut Widths,
    styles: &Styles,
    name: &str,
    top: u32,
    rows: &[ChangeRow],
    lang: Lang,
) -> Result<u32, XlsxError> {
    let cols = [
        col(&word(lang, "figure"), Kind::Text),
        col(&word(lang, "now"), Kind::Text),
        col(&word(lang, "change"), Kind::Text),
    ];
    let vals: Vec<Vec<Val>> = rows
        .iter()
        .map(|r| {
            vec![
                text(r.label.clone()),
                text(r.now.clone()),
                text(r.change.clone()),
            ]
        })
        .collect();
    let placed = TableSheet {
        name,
        top,
        freeze_cols: 0,
        cols: &cols,
        rows: &vals,
        totals: None,
    }
    .write(ws, widths, styles)?;
    Ok(placed.last_row + 2)
}

/// report.xlsx's 变化; `None` without a baseline.
pub fn report_sheet(
    report: &Report,
    order: &[&str],
    lang: Lang,
    styles: &Styles,
) -> Option<Result<Worksheet, XlsxError>> {
    let c = report.summary.changes.as_ref()?;
    Some((|| {
        let mut ws = Worksheet::new();
        ws.set_name(word(lang, "changes_sheet"))?;
        let mut widths = Widths::default();
        let heading = crate::render::changes::heading(&c.baseline_as_of, lang);
        let row = head(
            &mut ws,
            &mut widths,
            styles,
            &heading,
            (c.fixed, c.new, c.open),
            lang,
        )?;
        let row = rows_table(
            &mut ws,
            &mut widths,
            styles,
            "Changes",
            row,
            &total_rows(report, c, lang),
            lang,
        )?;
        // Each community: fixed, new, still open, and its headline figures' change.
        let mut cols: Vec<Col> = vec![
            col(&word(lang, "community"), Kind::Text),
            col(&word(lang, "fixed"), Kind::Count),
            col(&word(lang, "new"), Kind::Count),
            col(&word(lang, "open"), Kind::Count),
        ];
        for &f in &HEADLINE {
            cols.push(col(&change_header(Some(f), lang), change(f, None).1));
        }
        let rows: Vec<Vec<Val>> = order
            .iter()
            .filter_map(|n| c.communities.iter().find(|x| x.name == *n))
            .map(|m| {
                let mut r = vec![
                    text(m.name.clone()),
                    count(m.fixed),
                    count(m.new),
                    count(m.open),
                ];
                r.extend(HEADLINE.iter().map(|&f| change(f, m.deltas.get(f)).0));
                r
            })
            .collect();
        let mut totals = vec![
            text(word(lang, "total")),
            count(c.fixed),
            count(c.new),
            count(c.open),
        ];
        totals.extend(HEADLINE.iter().map(|&f| change(f, c.totals.get(f)).0));
        TableSheet {
            name: "ChangesByCommunity",
            top: row,
            freeze_cols: 1,
            cols: &cols,
            rows: &rows,
            totals: Some(&totals),
        }
        .write(&mut ws, &mut widths, styles)?;
        // Several tables on one sheet: none frozen.
        ws.set_freeze_panes(0, 0)?;
        widths.apply(&mut ws)?;
        Ok(ws)
    })())
}

/// report.xlsx's 历史: one row per report kept and community with its headline figures,
/// then for screening coverage and reporting rate a table of reports × communities and its
/// line chart. `None` with fewer than two reports kept.
pub fn history_sheet(
    report: &Report,
    order: &[&str],
    lang: Lang,
    styles: &Styles,
) -> Option<Result<Worksheet, XlsxError>> {
    let points = &report.history.points;
    if points.len() < 2 {
        return None;
    }
    Some((|| {
        let name = word(lang, "history_sheet");
        let mut ws = Worksheet::new();
        ws.set_name(&name)?;
        let mut widths = Widths::default();
        let mut cols = vec![
            col(&word(lang, "as_of"), Kind::Date),
            col(&word(lang, "community"), Kind::Text),
        ];
        cols.extend(HEADLINE.iter().map(|&f| col(def(f).label(lang), kind(f))));
        let total = word(lang, "total");
        let mut rows: Vec<Vec<Val>> = Vec::new();
        for who in order.iter().copied().map(Some).chain([None]) {
            for p in points {
                let figures = match who {
                    Some(n) => match p.communities.get(n) {
                        Some(f) => f,
                        None => continue,
                    },
                    None => &p.totals,
                };
                let mut r = vec![date_val(&p.as_of), text(who.unwrap_or(&total))];
                r.extend(HEADLINE.iter().map(|&f| value(f, figures)));
                rows.push(r);
            }
        }
        let placed =
            TableSheet::at_top("History", 2, &cols, &rows).write(&mut ws, &mut widths, styles)?;
        // Wide tables for the charts, to the right of the long one.
        let left = cols.len() as u16 + 1;
        let mut top = 0u32;
        for (i, (fig, title)) in [
            (
                crate::stats::figure::Figure::ScreeningCoverage,
                "history_chart",
            ),
            (
                crate::stats::figure::Figure::ReportingRate,
                "history_chart_rate",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            put_text(
                &mut ws,
                &mut widths,
                top,
                left,
                &word(lang, title),
                &styles.label,
            )?;
            let header = top + 1;
            put_text(
                &mut ws,
                &mut widths,
                header,
                left,
                &word(lang, "as_of"),
                &styles.header,
            )?;
            for (c, n) in order.iter().enumerate() {
                put_text(
                    &mut ws,
                    &mut widths,
                    header,
                    left + 1 + c as u16,
                    n,
                    &styles.header,
                )?;
            }
            for (r, p) in points.iter().enumerate() {
                let row = header + 1 + r as u32;
                put(
                    &mut ws,
                    &mut widths,
                    styles,
                    (row, left),
                    &date_val(&p.as_of),
                    Kind::Date,
                    false,
                )?;
                for (c, n) in order.iter().enumerate() {
                    let v = p.communities.get(*n).map_or(num(None), |f| value(fig, f));
                    put(
                        &mut ws,
                        &mut widths,
                        styles,
                        (row, left + 1 + c as u16),
                        &v,
                        Kind::Percent,
                        false,
                    )?;
                }
            }
            let last = header + points.len() as u32;
            let mut chart = Chart::new(ChartType::Line);
            for c in 0..order.len() {
                let cc = left + 1 + c as u16;
                chart
                    .add_series()
                    .set_categories((name.as_str(), header + 1, left, last, left))
                    .set_values((name.as_str(), header + 1, cc, last, cc))
                    // The name from its header cell: a community name is never read as a
                    // formula or a range (`=…`, `Sheet!A1`).
                    .set_name((name.as_str(), header, cc));
            }
            chart.title().set_name(&word(lang, title));
            chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
            chart.x_axis().set_num_format("mm-dd");
            chart.legend().set_position(ChartLegendPosition::Bottom);
            chart.set_width(720).set_height(400);
            let chart_row = last + 2;
            ws.insert_chart(chart_row, left, &chart)?;
            top = chart_row + 22 + if i == 0 { 0 } else { 1 };
        }
        let _ = placed;
        widths.apply(&mut ws)?;
        Ok(ws)
    })())
}

/// A community workbook's 变化: its change, then every fixed and every new issue; `None`
/// without a baseline.
pub fn community_sheet(
    report: &Report,
    name: &str,
    lang: Lang,
    styles: &Styles,
) -> Option<Result<Worksheet, XlsxError>> {
    let s = &report.summary;
    let c = s.changes.as_ref()?;
    let mine = c.communities.iter().find(|x| x.name == name)?;
    let figures = &s.communities.iter().find(|x| x.name == name)?.figures;
    Some((|| {
        let mut ws = Worksheet::new();
        ws.set_name(word(lang, "changes_sheet"))?;
        let mut widths = Widths::default();
        let heading = format!(
            "{name} · {}",
            crate::render::changes::heading(&c.baseline_as_of, lang)
        );
        let row = head(
            &mut ws,
            &mut widths,
            styles,
            &heading,
            (mine.fixed, mine.new, mine.open),
            lang,
        )?;
        let mut row = rows_table(
            &mut ws,
            &mut widths,
            styles,
            "Changes",
            row,
            &headline_rows(figures, &mine.deltas, lang),
            lang,
        )?;
        let place_cols = |with_message: bool| {
            let mut v = vec![
                col(&word(lang, "rule"), Kind::Text),
                col(&word(lang, "severity"), Kind::Text),
                col(&word(lang, "file"), Kind::Text),
                col(&word(lang, "sheet"), Kind::Text),
                col(&word(lang, "cell"), Kind::Text),
            ];
            if with_message {
                v.push(col(&word(lang, "message"), Kind::Text));
            }
            v
        };
        let opt = |s: &Option<String>| text(s.clone().unwrap_or_default());
        let sev = |s: crate::vocab::issue::Severity| {
            text(crate::render::labels::label(
                lang,
                &format!("severity_{}", s.as_str()),
            ))
        };
        put_text(
            &mut ws,
            &mut widths,
            row,
            0,
            &word(lang, "fixed_list"),
            &styles.label,
        )?;
        put_text(
            &mut ws,
            &mut widths,
            row + 1,
            0,
            &word(lang, "fixed_note"),
            styles.body(Kind::Text),
        )?;
        let fixed: Vec<Vec<Val>> = report
            .history
            .fixed
            .iter()
            .filter(|p| p.community.as_deref() == Some(name))
            .map(|p| {
                vec![
                    text(p.rule.name(lang)),
                    sev(p.severity),
                    opt(&p.file),
                    opt(&p.sheet),
                    opt(&p.cell),
                ]
            })
            .collect();
        let placed = TableSheet {
            name: "FixedIssues",
            top: row + 2,
            freeze_cols: 0,
            cols: &place_cols(false),
            rows: &fixed,
            totals: None,
        }
        .write(&mut ws, &mut widths, styles)?;
        row = placed.last_row + 2;
        put_text(
            &mut ws,
            &mut widths,
            row,
            0,
            &word(lang, "new_list"),
            &styles.label,
        )?;
        let new: Vec<Vec<Val>> = report
            .history
            .new
            .iter()
            .filter_map(|&n| s.issues.list.get(n))
            .filter(|i: &&Issue| i.community.as_deref() == Some(name))
            .map(|i| {
                vec![
                    text(i.rule.name(lang)),
                    sev(i.severity),
                    opt(&i.file),
                    opt(&i.sheet),
                    opt(&i.cell),
                    text(i.message.clone()),
                ]
            })
            .collect();
        TableSheet {
            name: "NewIssues",
            top: row + 1,
            freeze_cols: 0,
            cols: &place_cols(true),
            rows: &new,
            totals: None,
        }
        .write(&mut ws, &mut widths, styles)?;
        ws.set_freeze_panes(0, 0)?;
        widths.apply(&mut ws)?;
        Ok(ws)
    })())
}

/// A snapshot's `YYYY-MM-DD` as a date cell (as text when it is not a date).
fn date_val(s: &str) -> Val {
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Val::Date(d),
        Err(_) => text(s.to_string()),
    }
}
