//! The Excel workbooks (issue: Excel workbooks): `report.xlsx` for the whole sub-district and
//! `communities/<name>.xlsx` for each community (see `community`).
//!
//! `report.xlsx` sheets (English names with `--lang en`):
//! 概览 Overview (as_of, period, headline figures, flags, charts) · 社区 Communities (every
//! figure per community and a totals row) · 大网格 Big grids · 日报 Daily · 隔离 Isolation ·
//! 问题 Issues (grouped lines, errors first, no cell values) · 文件 Files (one row per sheet).
//! Communities in display order, big grids in natural order of their codes (`order`). The
//! sub-district's name (config `name`) is in the document title, the overview's title and
//! every printed page's header.
//!
//! Output is byte-identical for the same report: the document's creation time is `as_of`
//! (or `SOURCE_DATE_EPOCH` when set), never the clock.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::config::Config;
use crate::stats::{ratio, BigGridFigures, Community, FileStatus, Report, Summary};
use crate::vocab::lang::Lang;

use super::book::*;
use super::figures::{
    amber, big_grid_cols, big_grid_row, cref, figure_cols, figure_index, figure_row, figure_values,
    flag_rows, kind_of, red, write_figure_table, FIGURES,
};
use super::issues::{grouped_sheet, For};
use super::overview::overview_sheet;
use super::table::{col, count, num, text, Kind, Styles, TableSheet, Val};
use crate::render::attention::ordered;
use crate::render::order::{by_community_then_code, CommunityOrder};

pub(crate) fn report_workbook(
    report: &Report,
    cfg: &Config,
    lang: Lang,
) -> Result<Workbook, XlsxError> {
    let s = &report.summary;
    let title = report_title(s.name.as_deref(), lang);
    let mut wb = new_workbook(s.as_of, &title);
    // The fastest zip level: report.xlsx stays in the office (the community workbooks, which
    // go out by mail, keep the default). With 90 snapshots its 历史 sheet made it the slowest
    // file of the build (docs/performance.md, History).
    wb.set_zip_compression_level(1);
    let styles = Styles::new();
    let names = sheet_names(lang);
    let communities = ordered(s, cfg);
    let order: Vec<&str> = communities.iter().map(|c| c.name.as_str()).collect();
    let mut sheets = vec![overview_sheet(s, cfg, lang, &styles, &names, &title)?];
    // Since the last report, right after the overview (with a baseline).
    if let Some(ws) = super::changes::report_sheet(report, &order, lang, &styles) {
        sheets.push(ws?);
    }
    sheets.extend([
        communities_sheet(s, &communities, cfg, lang, &styles, names.communities)?,
        big_grids_sheet(s, cfg, lang, &styles, names.big_grids)?,
        daily_sheet(s, lang, &styles, names.daily)?,
        isolation_sheet(s, &communities, lang, &styles, names.isolation)?,
        grouped_sheet(&s.issues.list, cfg, lang, &styles, For::SubDistrict)?,
        files_sheet(s, lang, &styles, names.files)?,
    ]);
    if let Some(ws) = super::changes::history_sheet(report, &order, lang, &styles) {
        sheets.push(ws?);
    }
    for mut ws in sheets {
        print_header(&mut ws, &title);
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

fn communities_sheet(
    s: &Summary,
    communities: &[&Community],
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let cols = figure_cols(vec![col(lang.pick("社区", "Community"), Kind::Text)], lang);
    let rows: Vec<Vec<Val>> = communities
        .iter()
        .map(|c| figure_row(vec![text(c.name.as_str())], &c.figures))
        .collect();
    let totals = figure_row(
        vec![text(total_label(lang, s.totals.communities))],
        &s.totals.figures,
    );
    let table = TableSheet::at_top("Communities", 1, &cols, &rows).with_totals(&totals);
    write_figure_table(&mut ws, &table, styles, cfg)?;
    Ok(ws)
}

/// `合计（20 个社区）` / `Total (20 communities)`.
fn total_label(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("合计（{n} 个社区）"),
        Lang::En => format!("Total ({n} communities)"),
    }
}

fn big_grids_sheet(
    s: &Summary,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let cols = big_grid_cols(lang);
    let rank = CommunityOrder::new(cfg).ranks(s.communities.iter().map(|c| c.name.as_str()));
    let mut grids: Vec<&BigGridFigures> = s.big_grids.iter().collect();
    by_community_then_code(&mut grids, &rank, |g| {
        (g.community.as_str(), g.big_grid.as_str())
    });
    let rows: Vec<Vec<Val>> = grids.iter().map(|g| big_grid_row(g, lang)).collect();
    big_grid_table(ws, &cols, &rows, styles, lang)
}

pub(crate) fn daily_sheet(
    s: &Summary,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let cols = vec![
        col(lang.pick("日期", "Date"), Kind::Date),
        col(lang.pick("应报", "Expected"), Kind::Count),
        col(lang.pick("已报", "Received"), Kind::Count),
        col(lang.pick("按时", "On time"), Kind::Count),
        col(lang.pick("日报上报率", "Reporting rate"), Kind::Percent),
        col(lang.pick("日报按时率", "On-time rate"), Kind::Percent),
        col(lang.pick("走访户数", "Households visited"), Kind::Count),
        col(lang.pick("新增返回人员", "New arrivals"), Kind::Count),
        col(lang.pick("居家隔离人数", "Under isolation"), Kind::Count),
        col(lang.pick("发热人数", "Fever"), Kind::Count),
    ];
    let rows: Vec<Vec<Val>> = s
        .daily
        .iter()
        .map(|d| {
            vec![
                Val::Date(d.date),
                count(d.expected),
                count(d.received),
                count(d.on_time),
                num(ratio(d.received as f64, d.expected as f64)),
                num(ratio(d.on_time as f64, d.expected as f64)),
                count(d.households_visited),
                count(d.new_arrivals),
                count(d.under_isolation),
                count(d.fever),
            ]
        })
        .collect();
    let table = TableSheet::at_top("Daily", 1, &cols, &rows);
    table.write_flagged(&mut ws, styles, |ws, p| {
        let fever = cref(9, p.first_row);
        flag_rows(
            ws,
            p.first_row,
            p.last_row,
            &[9],
            &format!("={fever}>0"),
            &red(),
        )
    })?;
    Ok(ws)
}

fn isolation_sheet(
    s: &Summary,
    communities: &[&Community],
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let keys = [
        "isolation_total",
        "isolation_active",
        "isolation_completed",
        "isolation_overdue",
    ];
    let mut cols = vec![col(lang.pick("社区", "Community"), Kind::Text)];
    cols.extend(keys.iter().map(|k| {
        let f = &FIGURES[figure_index(k)];
        col(f.label(lang), kind_of(f))
    }));
    let pick = |name: String, f: &crate::stats::Figures| {
        let values = figure_values(f);
        let mut row = vec![text(name)];
        row.extend(keys.iter().map(|k| values[figure_index(k)].clone()));
        row
    };
    let rows: Vec<Vec<Val>> = communities
        .iter()
        .map(|c| pick(c.name.clone(), &c.figures))
        .collect();
    let totals = pick(total_label(lang, s.totals.communities), &s.totals.figures);
    let table = TableSheet::at_top("Isolation", 1, &cols, &rows).with_totals(&totals);
    table.write_flagged(&mut ws, styles, |ws, p| {
        let overdue = cref(4, p.first_row);
        let last = p.last_with_totals();
        flag_rows(
            ws,
            p.first_row,
            last,
            &[4],
            &format!("={overdue}>0"),
            &amber(),
        )
    })?;
    Ok(ws)
}

fn status_label(s: FileStatus, lang: Lang) -> &'static str {
    match s {
        FileStatus::Read => lang.pick("已读取", "read"),
        FileStatus::Skipped => lang.pick("已跳过", "skipped"),
        FileStatus::Unreadable => lang.pick("无法读取", "unreadable"),
    }
}

pub(crate) fn files_sheet(
    s: &Summary,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let cols = vec![
        col(lang.pick("文件", "File"), Kind::Text),
        col(lang.pick("格式", "Format"), Kind::Text),
        col(lang.pick("状态", "Status"), Kind::Text),
        col(lang.pick("工作表", "Sheet"), Kind::Text),
        col(lang.pick("表格类型", "Table kind"), Kind::Text),
        col(lang.pick("表头行", "Header row"), Kind::Count),
        col(lang.pick("数据行", "Rows"), Kind::Count),
        col(lang.pick("使用的行", "Rows used"), Kind::Count),
    ];
    let mut rows: Vec<Vec<Val>> = Vec::new();
    for f in &s.files {
        let file = [
            text(f.path.as_str()),
            text(f.format.as_str()),
            text(status_label(f.status, lang)),
        ];
        if f.sheets.is_empty() {
            let mut row = file.to_vec();
            row.extend([
                Val::Num(None),
                Val::Num(None),
                Val::Num(None),
                Val::Num(None),
                Val::Num(None),
            ]);
            rows.push(row);
        }
        for sh in &f.sheets {
            let mut row = file.to_vec();
            row.extend([
                text(sh.name.as_str()),
                text(sh.kind.label(lang).to_string()),
                num(sh.header_row.map(f64::from)),
                count(sh.rows),
                count(sh.rows_used),
            ]);
            rows.push(row);
        }
    }
    let table = TableSheet::at_top("Files", 0, &cols, &rows);
    let unreadable = status_label(FileStatus::Unreadable, lang);
    table.write_flagged(&mut ws, styles, |ws, p| {
        let status = cref(2, p.first_row);
        let rule = format!("={status}=\"{unreadable}\"");
        flag_rows(ws, p.first_row, p.last_row, &[2], &rule, &red())
    })?;
    Ok(ws)
}
