//! `communities/<name>.xlsx`: one community's own figures and issues, to be emailed back to it.
//!
//! Sheets (English names with `--lang en`): 概览 Overview (every figure, with the flags
//! spelled out) · 大网格 Big grids · 日报 Daily (big grid × day: ✓ on time, 迟 late, ✗ missing,
//! coloured, with a legend) · 问题 Issues (grouped lines, errors first, with how to fix
//! them) · 问题明细 Issue cells (one row per cell, errors first, with the cell's value as
//! read, personal data masked, and how to fix it). Big grids in natural order of their
//! codes; the sub-district's name in the titles and the printed pages' header.

use chrono::NaiveDate;
use rust_xlsxwriter::{ConditionalFormatFormula, Format, Workbook, Worksheet, XlsxError};

use crate::config::Config;
use crate::stats::{Community, DayStatus, Report, Summary};
use crate::vocab::cell::column_name;
use crate::vocab::lang::Lang;

use super::book::{big_grid_table, date_lines, label_lines, new_workbook, print_header, Line};
use super::figures::{
    amber, amber_on, big_grid_cols, big_grid_row, figure_values, green, kind_of, low_coverage, red,
    red_on, understaffed, FIGURES,
};
use super::issues::{cells_sheet, grouped_sheet, For};
use super::table::{
    col, count, kind_format, num, put_text, put_with, shown_text, text, Col, Kind, Styles,
    TableSheet, Val, Widths,
};
use crate::render::order::natural_cmp;

/// Colours a format (`red_on`, `amber_on`).
type Paint = fn(Format) -> Format;

/// Excel has 16,384 columns; the day grid keeps a few for the big grid and the totals.
const MAX_DAY_COLUMNS: usize = 16_000;

pub(crate) fn community_workbook(
    report: &Report,
    c: &Community,
    cfg: &Config,
    lang: Lang,
) -> Result<Workbook, XlsxError> {
    let s = &report.summary;
    let title = community_title(s.name.as_deref(), &c.name, lang);
    let mut wb = new_workbook(s.as_of, &title);
    let styles = Styles::new();
    let own = || {
        s.issues
            .list
            .iter()
            .filter(|i| i.community.as_deref() == Some(c.name.as_str()))
    };
    let mut sheets = vec![overview_sheet(s, c, cfg, lang, &styles, &title)?];
    // What this community fixed and what is new since the last report (with one).
    if let Some(ws) = super::changes::community_sheet(report, &c.name, lang, &styles) {
        sheets.push(ws?);
    }
    sheets.extend([
        big_grids_sheet(s, c, lang, &styles)?,
        days_sheet(report, c, lang, &styles)?,
        grouped_sheet(own(), cfg, lang, &styles, For::Community)?,
        cells_sheet(own(), cfg, lang, &styles)?,
    ]);
    for mut ws in sheets {
        print_header(&mut ws, &title);
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

/// `圭峰会城街道 城东社区 网格化管理报告` (without the sub-district's name when unset).
pub(crate) fn community_title(name: Option<&str>, community: &str, lang: Lang) -> String {
    match (name, lang) {
        (Some(n), Lang::Zh) => format!("{n} {community} 网格化管理报告"),
        (Some(n), Lang::En) => format!("{n}, {community}: grid report"),
        (None, Lang::Zh) => format!("{community} 网格化管理报告"),
        (None, Lang::En) => format!("{community}: grid report"),
    }
}

fn overview_sheet(
    s: &Summary,
    c: &Community,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    title: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("概览", "Overview"))?;
    let mut widths = Widths::default();
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    let mut head: Vec<Line> = vec![(
        lang.pick("社区", "Community").into(),
        text(c.name.as_str()),
        Kind::Text,
    )];
    head.extend(date_lines(s, lang, false));
    let first = label_lines(&mut ws, &mut widths, styles, 2, &head)? + 1;
    let f = &c.figures;
    let values = figure_values(f);
    let max = shown_text(&num(Some(cfg.max_residents_per_worker)), Kind::Count);
    let min = shown_text(&num(Some(cfg.min_screening_coverage)), Kind::Percent);
    for (i, (fig, value)) in FIGURES.iter().zip(&values).enumerate() {
        let row = first + i as u32;
        let flag: Option<(String, Paint)> = match fig.key {
            "residents_per_worker" if understaffed(f, cfg) => Some((
                match lang {
                    Lang::Zh => format!("人手不足：每名工作者服务居民超过 {max} 人，或没有工作者"),
                    Lang::En => {
                        format!("Understaffed: over {max} residents per worker, or no workers")
                    }
                },
                red_on,
            )),
            "screening_coverage" if low_coverage(f, cfg) => Some((
                match lang {
                    Lang::Zh => format!("排查覆盖率偏低：低于 {min}"),
                    Lang::En => format!("Low screening coverage: below {min}"),
                },
                amber_on,
            )),
            "big_grids_out_of_range" if f.big_grids_out_of_range > 0 => Some((
                match lang {
                    Lang::Zh => format!(
                        "有大网格户数不在 {}–{} 之间",
                        cfg.big_grid_min, cfg.big_grid_max
                    ),
                    Lang::En => format!(
                        "Some big grids are outside {}–{} households",
                        cfg.big_grid_min, cfg.big_grid_max
                    ),
                },
                amber_on,
            )),
            _ => None,
        };
        put_text(&mut ws, &mut widths, row, 0, fig.label(lang), &styles.label)?;
        match &flag {
            Some((note, colour)) => {
                put_with(
                    &mut ws,
                    &mut widths,
                    row,
                    1,
                    value,
                    kind_of(fig),
                    &colour(kind_format(kind_of(fig))),
                )?;
                put_text(&mut ws, &mut widths, row, 2, note, &colour(Format::new()))?;
            }
            None => put_with(
                &mut ws,
                &mut widths,
                row,
                1,
                value,
                kind_of(fig),
                styles.body(kind_of(fig)),
            )?,
        }
    }
    widths.apply(&mut ws)?;
    Ok(ws)
}

fn big_grids_sheet(
    s: &Summary,
    c: &Community,
    lang: Lang,
    styles: &Styles,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("大网格", "Big grids"))?;
    let cols = big_grid_cols(lang);
    let mut grids: Vec<_> = s
        .big_grids
        .iter()
        .filter(|g| g.community == c.name)
        .collect();
    grids.sort_by(|a, b| natural_cmp(&a.big_grid, &b.big_grid));
    let rows: Vec<Vec<Val>> = grids.iter().map(|g| big_grid_row(g, lang)).collect();
    big_grid_table(ws, &cols, &rows, styles, lang)
}

/// The mark for a day's status: ✓ on time, 迟 (late) late, ✗ missing.
pub(crate) fn day_mark(d: DayStatus, lang: Lang) -> &'static str {
    match d {
        DayStatus::OnTime => "✓",
        DayStatus::Late => lang.pick("迟", "late"),
        DayStatus::Missing => "✗",
    }
}

/// Column headers for the days of the period: `MM-DD`, or `YYYY-MM-DD` when the period is
/// longer than a year (table headers must be unique).
fn day_headers(from: Option<NaiveDate>, days: usize) -> Vec<String> {
    let Some(from) = from else {
        return Vec::new();
    };
    let short = days <= 365;
    from.iter_days()
        .take(days)
        .map(|d| {
            if short {
                d.format("%m-%d").to_string()
            } else {
                d.format("%Y-%m-%d").to_string()
            }
        })
        .collect()
}

fn days_sheet(
    report: &Report,
    c: &Community,
    lang: Lang,
    styles: &Styles,
) -> Result<Worksheet, XlsxError> {
    let s = &report.summary;
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("日报", "Daily"))?;
    let mut widths = Widths::default();
    let mut grids: Vec<_> = report
        .grid_days
        .iter()
        .filter(|g| g.community == c.name)
        .collect();
    grids.sort_by(|a, b| natural_cmp(&a.big_grid, &b.big_grid));
    let longest = grids.iter().map(|g| g.days.len()).max().unwrap_or(0);
    let n_days = (s.period.days as usize).max(longest).min(MAX_DAY_COLUMNS);
    let headers = day_headers(s.period.from, n_days);
    let n_days = headers.len();

    // Legend above the table (not measured: it may run over the columns to its right).
    ws.write_string_with_format(0, 0, lang.pick("日报情况", "Daily reports"), &styles.title)?;
    let legend = [
        (DayStatus::OnTime, lang.pick("按时上报", "on time"), green()),
        (
            DayStatus::Late,
            lang.pick("迟报（截止时间后上报）", "late (after the deadline)"),
            amber(),
        ),
        (DayStatus::Missing, lang.pick("未报", "missing"), red()),
    ];
    for (i, (status, label, colour)) in legend.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 1, day_mark(*status, lang), colour)?;
        ws.write_string(row, 2, *label)?;
    }

    let mut cols: Vec<Col> = vec![col(lang.pick("大网格", "Big grid"), Kind::Text)];
    cols.extend(headers.iter().map(|h| col(h, Kind::Text)));
    cols.push(col(lang.pick("已报", "Received"), Kind::Count));
    cols.push(col(lang.pick("按时", "On time"), Kind::Count));
    let rows: Vec<Vec<Val>> = grids
        .iter()
        .map(|g| {
            let mut row = vec![text(g.big_grid.as_str())];
            let marks = g.days.iter().map(|d| text(day_mark(*d, lang)));
            row.extend(
                marks
                    .chain(std::iter::repeat_with(|| Val::Num(None)))
                    .take(n_days),
            );
            let figures = s
                .big_grids
                .iter()
                .find(|b| b.community == g.community && b.big_grid == g.big_grid);
            let (received, on_time) = match figures {
                Some(b) => (b.daily_received, b.daily_on_time),
                None => (
                    g.days.iter().filter(|d| **d != DayStatus::Missing).count() as u64,
                    g.days.iter().filter(|d| **d == DayStatus::OnTime).count() as u64,
                ),
            };
            row.push(count(received));
            row.push(count(on_time));
            row
        })
        .collect();
    let top = 5;
    let placed = TableSheet {
        name: "Days",
        top,
        freeze_cols: 1,
        cols: &cols,
        rows: &rows,
        totals: None,
    }
    .write(&mut ws, &mut widths, styles)?;
    if !rows.is_empty() && n_days > 0 {
        let first = placed.first_row;
        let corner = format!("{}{}", column_name(1), first + 1);
        for (status, _, colour) in &legend {
            let rule = format!("={corner}=\"{}\"", day_mark(*status, lang));
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(colour);
            ws.add_conditional_format(first, 1, placed.last_row, n_days as u16, &cf)?;
        }
    }
    widths.apply(&mut ws)?;
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_sub_district() {
        assert_eq!(
            community_title(Some("圭峰会城街道"), "城东社区", Lang::Zh),
            "圭峰会城街道 城东社区 网格化管理报告"
        );
        assert_eq!(
            community_title(None, "城东社区", Lang::En),
            "城东社区: grid report"
        );
    }

    #[test]
    fn day_headers_are_unique() {
        assert_eq!(
            day_headers(
                Some(chrono::NaiveDate::from_ymd_opt(2020, 2, 28).unwrap()),
                3
            ),
            vec!["02-28", "02-29", "03-01"]
        );
        assert!(day_headers(None, 3).is_empty());
        let long = day_headers(
            Some(chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            400,
        );
        assert_eq!(long[0], "2020-01-01");
        let mut u = long.clone();
        u.sort();
        u.dedup();
        assert_eq!(u.len(), 400);
    }
}
