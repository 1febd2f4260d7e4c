//! What every workbook shares: its creation time and title, the printed page header, the
//! sheet names, label lines and the big-grid table.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use chrono::NaiveDate;

use crate::stats::Summary;
use crate::vocab::lang::Lang;

use super::figures::flag_big_grids;
use super::table::{put, put_text, Col, Kind, Styles, TableSheet, Val, Widths};

/// A workbook whose creation time comes from the data, so that its bytes do too, titled
/// `title` (its document properties).
pub(crate) fn new_workbook(as_of: NaiveDate, title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_creation_datetime(&creation_time(as_of))
        .set_title(title);
    wb.set_properties(&props);
    wb
}

/// The title of report.xlsx: `圭峰会城街道 网格化管理汇总报告`, without a name
/// `网格化管理汇总报告`.
pub(crate) fn report_title(name: Option<&str>, lang: Lang) -> String {
    match (name, lang) {
        (Some(n), Lang::Zh) => format!("{n} 网格化管理汇总报告"),
        (Some(n), Lang::En) => format!("{n}: sub-district grid report"),
        (None, _) => lang
            .pick("网格化管理汇总报告", "Sub-district grid report")
            .to_string(),
    }
}

/// The centre of every printed page's header: the title (with `&` doubled, as Excel's
/// header codes need).
pub(crate) fn print_header(ws: &mut Worksheet, title: &str) {
    ws.set_header(format!("&C{}", title.replace('&', "&&")));
}

/// `SOURCE_DATE_EPOCH` when set and valid, else midnight (UTC) of `as_of`.
pub(crate) fn creation_time(as_of: NaiveDate) -> ExcelDateTime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .and_then(|t| ExcelDateTime::from_timestamp(t).ok());
    from_env
        .or_else(|| super::table::excel_date(as_of))
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok())
        .unwrap_or_default()
}

/// The sheet names of `report.xlsx`.
pub(crate) struct SheetNames {
    pub overview: &'static str,
    pub communities: &'static str,
    pub big_grids: &'static str,
    pub daily: &'static str,
    pub isolation: &'static str,
    pub files: &'static str,
}

pub(crate) fn sheet_names(lang: Lang) -> SheetNames {
    SheetNames {
        overview: lang.pick("概览", "Overview"),
        communities: lang.pick("社区", "Communities"),
        big_grids: lang.pick("大网格", "Big grids"),
        daily: lang.pick("日报", "Daily"),
        isolation: lang.pick("隔离", "Isolation"),
        files: lang.pick("文件", "Files"),
    }
}

/// `2020-01-24 — 2020-03-04`, or a note that there is no daily period.
pub(crate) fn period_text(s: &Summary, lang: Lang) -> String {
    match &s.period.from {
        Some(from) => format!("{from} — {}", s.period.to),
        None => lang.pick("无日报", "no daily reports").to_string(),
    }
}

/// A label / value line of a summary sheet.
pub(crate) type Line = (String, Val, Kind);

/// The lines that date a report: as of and the daily period, with the number of days
/// when `days`.
pub(crate) fn date_lines(s: &Summary, lang: Lang, days: bool) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![
        (
            lang.pick("截至日期", "As of").into(),
            Val::Date(s.as_of),
            Kind::Date,
        ),
        (
            lang.pick("日报期间", "Daily period").into(),
            Val::Text(period_text(s, lang)),
            Kind::Text,
        ),
    ];
    if days {
        lines.push((
            lang.pick("日报天数", "Days").into(),
            super::table::count(u64::from(s.period.days)),
            Kind::Count,
        ));
    }
    lines
}

/// Write label / value lines from `row` down in columns 0 and 1; returns the next free row.
pub(crate) fn label_lines(
    ws: &mut Worksheet,
    widths: &mut Widths,
    styles: &Styles,
    mut row: u32,
    lines: &[(String, Val, Kind)],
) -> Result<u32, XlsxError> {
    for (label, value, kind) in lines {
        put_text(ws, widths, row, 0, label, &styles.label)?;
        put(ws, widths, styles, (row, 1), value, *kind, false)?;
        row += 1;
    }
    Ok(row)
}

/// The big-grids table of a workbook (the sub-district's or a community's), with the
/// out-of-range, leader and police flags, and the column widths.
pub(crate) fn big_grid_table(
    mut ws: Worksheet,
    cols: &[Col],
    rows: &[Vec<Val>],
    styles: &Styles,
    lang: Lang,
) -> Result<Worksheet, XlsxError> {
    TableSheet::at_top("BigGrids", 2, cols, rows)
        .write_flagged(&mut ws, styles, |ws, p| flag_big_grids(ws, p, lang))?;
    Ok(ws)
}
