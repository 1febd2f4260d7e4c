//! The Excel workbooks (issue: Excel workbooks): `report.xlsx` for the whole sub-district and
//! `communities/<name>.xlsx` for each community (see `xlsx_community`).
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

use std::path::Path;

use rayon::prelude::*;

use anyhow::Context;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, DocProperties, ExcelDateTime, Workbook, Worksheet,
    XlsxError,
};

use crate::config::Config;
use crate::stats::{ratio, BigGridFigures, Community, FileStatus, Report, Summary};
use crate::vocab::lang::Lang;

use super::attention::{attention, ordered};
use super::names::safe_names;
use super::order::{by_community_then_code, CommunityOrder};
use super::xlsx_community::community_workbook;
use super::xlsx_figures::{
    amber, big_grid_cols, big_grid_row, cref, figure_index, figure_values, flag_big_grids,
    flag_figures, flag_rows, kind_of, red, FIGURES,
};
use super::xlsx_issues::{grouped_sheet, For};
use super::xlsx_table::{
    col, count, num, put, put_text, shown_text, text, Col, Kind, Placed, Styles, TableSheet, Val,
    Widths,
};

/// Write `out/report.xlsx` and `out/communities/<safe name>.xlsx` for every community.
pub fn write_workbooks(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    out: &Path,
) -> anyhow::Result<()> {
    let s = &report.summary;
    let path = out.join("report.xlsx");
    let mut wb = report_workbook(report, cfg, lang)
        .with_context(|| format!("{}: cannot build the workbook", path.display()))?;
    save(&mut wb, &path)?;

    let dir = out.join("communities");
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let names: Vec<String> = s.communities.iter().map(|c| c.name.clone()).collect();
    // One workbook per community, built and saved in parallel (each its own file).
    let jobs: Vec<_> = s.communities.iter().zip(safe_names(&names)).collect();
    jobs.par_iter()
        .try_for_each(|(community, safe)| -> anyhow::Result<()> {
            let path = dir.join(format!("{safe}.xlsx"));
            let mut wb = community_workbook(report, community, cfg, lang)
                .with_context(|| format!("{}: cannot build the workbook", path.display()))?;
            save(&mut wb, &path)
        })
}

/// Save a workbook: made in memory, then written in one go, so that a full disk gives one
/// plain error (a workbook saved straight to a file would also print its zip writer's
/// complaint when it is dropped half-written).
fn save(wb: &mut Workbook, path: &Path) -> anyhow::Result<()> {
    let bytes = wb
        .save_to_buffer()
        .with_context(|| format!("{}: cannot build the workbook", path.display()))?;
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// A workbook whose creation time comes from the data, so that its bytes do too, titled
/// `title` (its document properties).
pub(crate) fn new_workbook(as_of: &str, title: &str) -> Workbook {
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
pub(crate) fn creation_time(as_of: &str) -> ExcelDateTime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .and_then(|t| ExcelDateTime::from_timestamp(t).ok());
    from_env
        .or_else(|| super::xlsx_table::excel_date(as_of))
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

fn report_workbook(report: &Report, cfg: &Config, lang: Lang) -> Result<Workbook, XlsxError> {
    let s = &report.summary;
    let title = report_title(s.name.as_deref(), lang);
    let mut wb = new_workbook(&s.as_of, &title);
    let styles = Styles::new();
    let names = sheet_names(lang);
    let communities = ordered(s, cfg);
    let order: Vec<&str> = communities.iter().map(|c| c.name.as_str()).collect();
    let mut sheets = vec![overview_sheet(s, cfg, lang, &styles, &names, &title)?];
    // Since the last report, right after the overview (with a baseline).
    if let Some(ws) = super::xlsx_changes::report_sheet(report, &order, lang, &styles) {
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
    if let Some(ws) = super::xlsx_changes::history_sheet(report, &order, lang, &styles) {
        sheets.push(ws?);
    }
    for mut ws in sheets {
        print_header(&mut ws, &title);
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

/// `2020-01-24 — 2020-03-04`, or a note that there is no daily period.
pub(crate) fn period_text(s: &Summary, lang: Lang) -> String {
    match &s.period.from {
        Some(from) => format!("{from} — {}", s.period.to),
        None => lang.pick("无日报", "no daily reports").to_string(),
    }
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

fn overview_sheet(
    s: &Summary,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    names: &SheetNames,
    title: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(names.overview)?;
    let mut widths = Widths::default();
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    let t = &s.totals.figures;
    let mut lines: Vec<(String, Val, Kind)> = vec![
        (
            lang.pick("截至日期", "As of").into(),
            Val::Date(s.as_of.clone()),
            Kind::Date,
        ),
        (
            lang.pick("日报期间", "Daily period").into(),
            text(period_text(s, lang)),
            Kind::Text,
        ),
        (
            lang.pick("日报天数", "Days").into(),
            count(u64::from(s.period.days)),
            Kind::Count,
        ),
        (
            lang.pick("社区数", "Communities").into(),
            count(u64::from(s.totals.communities)),
            Kind::Count,
        ),
    ];
    let values = figure_values(t);
    for key in [
        "households",
        "residents",
        "buildings",
        "big_grids",
        "workers",
        "informants",
        "cadres",
        "police",
        "volunteers",
        "residents_per_worker",
        "screening_coverage",
        "informant_coverage",
        "reporting_rate",
        "on_time_rate",
        "isolation_active",
        "isolation_overdue",
        "rows_excluded",
    ] {
        let i = figure_index(key);
        lines.push((
            FIGURES[i].label(lang).into(),
            values[i].clone(),
            kind_of(&FIGURES[i]),
        ));
    }
    lines.extend([
        (
            lang.pick("错误", "Errors").into(),
            count(s.issues.errors),
            Kind::Count,
        ),
        (
            lang.pick("警告", "Warnings").into(),
            count(s.issues.warnings),
            Kind::Count,
        ),
        (
            lang.pick("提示", "Notes").into(),
            count(s.issues.infos),
            Kind::Count,
        ),
    ]);
    let mut row = label_lines(&mut ws, &mut widths, styles, 2, &lines)?;
    row += 1;
    put_text(
        &mut ws,
        &mut widths,
        row,
        0,
        lang.pick("需要关注", "Needs attention"),
        &styles.title,
    )?;
    row += 1;
    let first_flag = row;
    for (label, n, note, who) in attention_lines(s, cfg, lang) {
        put_text(&mut ws, &mut widths, row, 0, label, &styles.label)?;
        put(
            &mut ws,
            &mut widths,
            styles,
            (row, 1),
            &count(n),
            Kind::Count,
            false,
        )?;
        put_text(&mut ws, &mut widths, row, 2, &note, styles.body(Kind::Text))?;
        put_text(&mut ws, &mut widths, row, 3, &who, &styles.wrap)?;
        row += 1;
    }
    flag_rows(
        &mut ws,
        first_flag,
        row - 1,
        &[1],
        &format!("={}>0", cref(1, first_flag)),
        &red(),
    )?;
    widths.apply(&mut ws)?;

    // Charts below the figures (the page reads top down, on screen and on paper), each
    // starting a printed page so that none is cut in two.
    let mut chart_row = row + 1;
    let mut breaks = Vec::new();
    let n = s.communities.len() as u32;
    if n > 0 {
        let rpw = 1 + figure_index("residents_per_worker") as u16;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((names.communities, 1, 0, n, 0))
            .set_values((names.communities, 1, rpw, n, rpw))
            .set_name(lang.pick("每名工作者服务居民", "Residents per worker"));
        chart.title().set_name(lang.pick(
            "每名工作者服务居民（按社区）",
            "Residents per worker by community",
        ));
        // In a bar chart the y axis is the (vertical) category axis: communities top down.
        chart.y_axis().set_reverse();
        chart.x_axis().set_num_format("#,##0");
        chart.legend().set_hidden();
        let height = (120 + 22 * n).clamp(300, MAX_CHART_HEIGHT);
        chart.set_width(640).set_height(height);
        ws.insert_chart(chart_row, 0, &chart)?;
        breaks.push(chart_row);
        chart_row += height / 20 + 2;
    }
    let d = s.daily.len() as u32;
    if d > 0 {
        let mut chart = Chart::new(ChartType::Line);
        for (c, name) in [
            (4u16, lang.pick("日报上报率", "Reporting rate")),
            (5, lang.pick("日报按时率", "On-time rate")),
        ] {
            chart
                .add_series()
                .set_categories((names.daily, 1, 0, d, 0))
                .set_values((names.daily, 1, c, d, c))
                .set_name(name);
        }
        chart
            .title()
            .set_name(lang.pick("日报上报率与按时率", "Daily reporting and on-time rate"));
        chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
        chart.x_axis().set_num_format("mm-dd");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(640).set_height(320);
        ws.insert_chart(chart_row, 0, &chart)?;
        breaks.push(chart_row);
    }
    ws.set_page_breaks(&breaks)?;
    Ok(ws)
}

/// A chart no higher than what one printed A4 page holds (pixels).
const MAX_CHART_HEIGHT: u32 = 900;

/// The overview's "needs attention" lines: (what, how many, the rule, who — by name).
fn attention_lines(
    s: &Summary,
    cfg: &Config,
    lang: Lang,
) -> Vec<(&'static str, u64, String, String)> {
    let a = attention(s, cfg);
    let max = shown_text(&num(Some(cfg.max_residents_per_worker)), Kind::Count);
    let min = shown_text(&num(Some(cfg.min_screening_coverage)), Kind::Percent);
    let list = |items: Vec<String>| items.join(lang.pick("、", ", "));
    let with = |name: &str, detail: String| match lang {
        Lang::Zh => format!("{name}（{detail}）"),
        Lang::En => format!("{name} ({detail})"),
    };
    let shown = |v: Val, kind: Kind| shown_text(&v, kind);
    let overdue: u64 = a.overdue.iter().map(|c| c.figures.isolation_overdue).sum();
    vec![
        (
            lang.pick("数据有错误的社区", "Communities with errors"),
            a.errors.len() as u64,
            lang.pick(
                "有错误的行未计入，请社区改正后重新报送",
                "rows with errors are left out: the community should correct and resend them",
            )
            .to_string(),
            list(
                a.errors
                    .iter()
                    .map(|(c, n)| with(c, n.to_string()))
                    .collect(),
            ),
        ),
        (
            lang.pick("隔离超期未解除（人）", "People isolated past the limit"),
            overdue,
            match lang {
                Lang::Zh => format!("隔离超过 {} 天仍无解除日期", cfg.isolation_days),
                Lang::En => format!("isolated over {} days, no end date", cfg.isolation_days),
            },
            list(
                a.overdue
                    .iter()
                    .map(|c| with(&c.name, c.figures.isolation_overdue.to_string()))
                    .collect(),
            ),
        ),
        (
            lang.pick("人手不足的社区", "Understaffed communities"),
            a.understaffed.len() as u64,
            match lang {
                Lang::Zh => format!("每名工作者服务居民超过 {max} 人，或没有工作者"),
                Lang::En => format!("over {max} residents per worker, or no workers"),
            },
            list(
                a.understaffed
                    .iter()
                    .map(|c| {
                        with(
                            &c.name,
                            shown(num(c.figures.residents_per_worker), Kind::Decimal),
                        )
                    })
                    .collect(),
            ),
        ),
        (
            lang.pick(
                "排查覆盖率偏低的社区",
                "Communities with low screening coverage",
            ),
            a.low_coverage.len() as u64,
            match lang {
                Lang::Zh => format!("排查覆盖率低于 {min}"),
                Lang::En => format!("screening coverage below {min}"),
            },
            list(
                a.low_coverage
                    .iter()
                    .map(|c| {
                        with(
                            &c.name,
                            shown(num(c.figures.screening_coverage), Kind::Percent),
                        )
                    })
                    .collect(),
            ),
        ),
        (
            lang.pick("户数超范围的大网格", "Big grids out of range"),
            a.out_of_range.len() as u64,
            match lang {
                Lang::Zh => format!("户数不在 {}–{} 之间", cfg.big_grid_min, cfg.big_grid_max),
                Lang::En => format!(
                    "outside {}–{} households",
                    cfg.big_grid_min, cfg.big_grid_max
                ),
            },
            list(
                a.out_of_range
                    .iter()
                    .map(|g| {
                        with(
                            &format!("{} {}", g.community, g.big_grid),
                            match lang {
                                Lang::Zh => format!("{} 户", g.households),
                                Lang::En => format!("{} households", g.households),
                            },
                        )
                    })
                    .collect(),
            ),
        ),
    ]
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
    let mut widths = Widths::default();
    let mut cols = vec![col(lang.pick("社区", "Community"), Kind::Text)];
    cols.extend(FIGURES.iter().map(|f| col(f.label(lang), kind_of(f))));
    let rows: Vec<Vec<Val>> = communities
        .iter()
        .map(|c| {
            let mut row = vec![text(c.name.as_str())];
            row.extend(figure_values(&c.figures));
            row
        })
        .collect();
    let mut totals = vec![text(total_label(lang, s.totals.communities))];
    totals.extend(figure_values(&s.totals.figures));
    let placed = TableSheet {
        name: "Communities",
        top: 0,
        freeze_cols: 1,
        cols: &cols,
        rows: &rows,
        totals: Some(&totals),
    }
    .write(&mut ws, &mut widths, styles)?;
    flag_figures(&mut ws, &placed, 1, cfg)?;
    widths.apply(&mut ws)?;
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
    let widths = Widths::default();
    let cols = big_grid_cols(lang);
    let rank = CommunityOrder::new(cfg).ranks(s.communities.iter().map(|c| c.name.as_str()));
    let mut grids: Vec<&BigGridFigures> = s.big_grids.iter().collect();
    by_community_then_code(&mut grids, &rank, |g| {
        (g.community.as_str(), g.big_grid.as_str())
    });
    let rows: Vec<Vec<Val>> = grids.iter().map(|g| big_grid_row(g, lang)).collect();
    big_grid_table(ws, widths, &cols, &rows, styles, lang)
}

fn daily_sheet(
    s: &Summary,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let mut widths = Widths::default();
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
                Val::Date(d.date.clone()),
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
    let placed = TableSheet {
        name: "Daily",
        top: 0,
        freeze_cols: 1,
        cols: &cols,
        rows: &rows,
        totals: None,
    }
    .write(&mut ws, &mut widths, styles)?;
    if !rows.is_empty() {
        let fever = cref(9, placed.first_row);
        flag_rows(
            &mut ws,
            placed.first_row,
            placed.last_row,
            &[9],
            &format!("={fever}>0"),
            &red(),
        )?;
    }
    widths.apply(&mut ws)?;
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
    let mut widths = Widths::default();
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
    let placed = TableSheet {
        name: "Isolation",
        top: 0,
        freeze_cols: 1,
        cols: &cols,
        rows: &rows,
        totals: Some(&totals),
    }
    .write(&mut ws, &mut widths, styles)?;
    let overdue = cref(4, placed.first_row);
    flag_rows(
        &mut ws,
        placed.first_row,
        placed.last_with_totals(),
        &[4],
        &format!("={overdue}>0"),
        &amber(),
    )?;
    widths.apply(&mut ws)?;
    Ok(ws)
}

/// The big-grids table of a workbook (the sub-district's or a community's), with the
/// out-of-range, leader and police flags, and the column widths.
pub(crate) fn big_grid_table(
    ws: Worksheet,
    widths: Widths,
    cols: &[Col],
    rows: &[Vec<Val>],
    styles: &Styles,
    lang: Lang,
) -> Result<Worksheet, XlsxError> {
    flagged_table(
        ws,
        widths,
        "BigGrids",
        2,
        cols,
        rows,
        styles,
        |ws, placed| flag_big_grids(ws, placed, lang),
    )
}

/// A table sheet whose rows get conditional formats from `flag` (when there are rows), then
/// its column widths.
#[allow(clippy::too_many_arguments)]
fn flagged_table(
    mut ws: Worksheet,
    mut widths: Widths,
    name: &'static str,
    freeze_cols: u16,
    cols: &[Col],
    rows: &[Vec<Val>],
    styles: &Styles,
    flag: impl FnOnce(&mut Worksheet, &Placed) -> Result<(), XlsxError>,
) -> Result<Worksheet, XlsxError> {
    let placed = TableSheet {
        name,
        top: 0,
        freeze_cols,
        cols,
        rows,
        totals: None,
    }
    .write(&mut ws, &mut widths, styles)?;
    if !rows.is_empty() {
        flag(&mut ws, &placed)?;
    }
    widths.apply(&mut ws)?;
    Ok(ws)
}

fn status_label(s: FileStatus, lang: Lang) -> &'static str {
    match s {
        FileStatus::Read => lang.pick("已读取", "read"),
        FileStatus::Skipped => lang.pick("已跳过", "skipped"),
        FileStatus::Unreadable => lang.pick("无法读取", "unreadable"),
    }
}

fn files_sheet(
    s: &Summary,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let mut widths = Widths::default();
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
    let placed = TableSheet {
        name: "Files",
        top: 0,
        freeze_cols: 0,
        cols: &cols,
        rows: &rows,
        totals: None,
    }
    .write(&mut ws, &mut widths, styles)?;
    if !rows.is_empty() {
        let status = cref(2, placed.first_row);
        let rule = format!(
            "={status}=\"{}\"",
            status_label(FileStatus::Unreadable, lang)
        );
        flag_rows(
            &mut ws,
            placed.first_row,
            placed.last_row,
            &[2],
            &rule,
            &red(),
        )?;
    }
    widths.apply(&mut ws)?;
    Ok(ws)
}
