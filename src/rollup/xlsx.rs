//! A roll-up's `report.xlsx`, made of the build's pieces (`render::xlsx*`: the table sheets,
//! styles, figure columns and their flags, the big-grid table, the daily sheet, the grouped
//! issues and the files sheet). Sheets (English names with `--lang en`): 概览 Overview ·
//! one sheet of the units (街道（镇）…: every figure, their dates and issue counts, a totals
//! row) · one of the units' rows (社区 …: every figure, with its unit) · 大网格 Big grids
//! (with the units they lie in) · 日报 Daily (summed per date) · 问题统计 Issue counts (per
//! unit) · 问题 Issues (the roll-up's own) · 文件 Files (the summaries read).
use std::path::Path;

use crate::vocab::write_error::WriteError;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::rolled::Rolled;
use super::words::{self, Rows};
use super::xlsx_sheets::{big_grids, issue_counts, rows_table, units_table};
use crate::config::Config;
use crate::render::attention::ordered;
use crate::render::xlsx::book::{
    date_lines, label_lines, new_workbook, print_header, report_title, sheet_names, Line,
};
use crate::render::xlsx::figures::{figure_index, figure_values, kind_of, FIGURES};
use crate::render::xlsx::issues::{grouped_sheet, For};
use crate::render::xlsx::report::{daily_sheet, files_sheet};
use crate::render::xlsx::save;
use crate::render::xlsx::table::{count, put_text, Kind, Styles, Widths};
use crate::vocab::lang::Lang;

/// Write `out/report.xlsx`.
pub fn write_workbook(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    out: &Path,
) -> Result<(), WriteError> {
    let t = crate::timing::Timer::start();
    let path = out.join("report.xlsx");
    let mut wb = workbook(rolled, cfg, lang, Some(out)).map_err(|e| WriteError::make(&path, e))?;
    let s = crate::timing::Timer::start();
    save(&mut wb, &path)?;
    s.done("rollup-xlsx-save");
    t.done("rollup-xlsx");
    Ok(())
}

/// A sheet name for rows: `街道（镇）` / `Sub-districts`.
pub(super) fn sheet_of(rows: Rows, lang: Lang) -> String {
    match lang {
        Lang::Zh => rows.zh.to_string(),
        Lang::En => {
            let mut c = rows.en_many.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

fn workbook(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    tempdir: Option<&Path>,
) -> Result<Workbook, XlsxError> {
    let s = &rolled.view.summary;
    let title = report_title(s.name.as_deref(), lang);
    let mut wb = new_workbook(s.as_of, &title);
    let styles = Styles::new();
    let names = sheet_names(lang);
    let units = rolled.rows();
    let below = words::of_levels(
        rolled
            .summary
            .units
            .iter()
            .map(|u| u.level.saturating_sub(1)),
    );
    let units_sheet = sheet_of(units, lang);
    let mut below_sheet = sheet_of(below, lang);
    if below_sheet == units_sheet {
        below_sheet = lang.pick("下一级", "Level below").to_string();
    }
    // The two sheets that grow with every community and big grid below are written row by
    // row in low-memory mode (a province: a million cells), their temporary files in OUT.
    if let Some(dir) = tempdir {
        wb.set_tempdir(dir)?;
    }
    wb.set_zip_compression_level(3);
    let t = crate::timing::Timer::start();
    let rows_ws = wb.new_worksheet_with_low_memory()?;
    let grids_ws = wb.new_worksheet_with_low_memory()?;
    let sheets = [
        overview(rolled, cfg, lang, &styles, names.overview, &title)?,
        units_table(rolled, cfg, lang, &styles, &units_sheet)?,
        rows_table(rows_ws, rolled, cfg, lang, &styles, &below_sheet, below)?,
        big_grids(grids_ws, rolled, cfg, lang, &styles, names.big_grids)?,
        daily_sheet(s, lang, &styles, names.daily)?,
        issue_counts(rolled, cfg, lang, &styles)?,
        grouped_sheet(
            &s.issues.list,
            cfg,
            lang,
            &styles,
            For::Units(units.title(lang)),
        )?,
        files_sheet(s, lang, &styles, names.files)?,
    ];
    for mut ws in sheets {
        print_header(&mut ws, &title);
        wb.push_worksheet(ws);
    }
    t.done("rollup-xlsx-sheets");
    Ok(wb)
}

fn overview(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
    title: &str,
) -> Result<Worksheet, XlsxError> {
    let s = &rolled.view.summary;
    let rows = rolled.rows();
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let mut widths = Widths::default();
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    let all = rolled.all_issues();
    let mut lines: Vec<Line> = date_lines(s, lang, true);
    lines.extend([
        (
            match lang {
                Lang::Zh => format!("{}数", rows.zh),
                Lang::En => sheet_of(rows, lang),
            },
            count(rolled.summary.units.len() as u64),
            Kind::Count,
        ),
        (
            lang.pick("社区数", "Communities").into(),
            count(u64::from(s.totals.communities)),
            Kind::Count,
        ),
    ]);
    let values = figure_values(&s.totals.figures);
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
        "worker_avg_age",
        "worker_female_share",
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
            lang.pick(
                "错误（各报告及汇总）",
                "Errors (in the reports and rolling up)",
            )
            .into(),
            count(all.errors),
            Kind::Count,
        ),
        (
            lang.pick("警告", "Warnings").into(),
            count(all.warnings),
            Kind::Count,
        ),
        (
            lang.pick("提示", "Notes").into(),
            count(all.infos),
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
    let order = ordered(s, cfg);
    // The units of a line, in display order; a province's first 30, then how many in all.
    let list = |pick: &dyn Fn(&crate::stats::Community) -> Option<String>| -> (u64, String) {
        let mut items: Vec<String> = order.iter().filter_map(|c| pick(c)).collect();
        let n = items.len();
        if n > 30 {
            items.truncate(30);
            items.push(match lang {
                Lang::Zh => format!("等 {n} 个"),
                Lang::En => format!("… {n} in all"),
            });
        }
        (n as u64, items.join(lang.pick("、", ", ")))
    };
    let with = |name: &str, detail: String| match lang {
        Lang::Zh => format!("{name}（{detail}）"),
        Lang::En => format!("{name} ({detail})"),
    };
    let unit = |name: &str| rolled.unit(name);
    let attention: Vec<(String, (u64, String))> = vec![
        (
            match lang {
                Lang::Zh => format!("报告中有错误的{}", rows.zh),
                Lang::En => format!("{} with errors in their reports", sheet_of(rows, lang)),
            },
            list(&|c| {
                let u = unit(&c.name)?;
                (u.issues.errors > 0).then(|| with(&c.name, u.issues.errors.to_string()))
            }),
        ),
        (
            match lang {
                Lang::Zh => format!("截至日期较早的{}", rows.zh),
                Lang::En => format!("{} with older figures", sheet_of(rows, lang)),
            },
            list(&|c| {
                let u = unit(&c.name)?;
                (u.as_of < s.as_of && (s.as_of - u.as_of).num_days() > 1)
                    .then(|| with(&c.name, u.as_of.to_string()))
            }),
        ),
        (
            lang.pick("隔离超期未解除（人）", "People isolated past the limit")
                .to_string(),
            list(&|c| {
                (c.figures.isolation_overdue > 0)
                    .then(|| with(&c.name, c.figures.isolation_overdue.to_string()))
            }),
        ),
        (
            match lang {
                Lang::Zh => format!("人手不足的{}", rows.zh),
                Lang::En => format!("Understaffed {}", rows.en_many),
            },
            list(&|c| {
                crate::render::xlsx::figures::understaffed(&c.figures, cfg).then(|| {
                    with(
                        &c.name,
                        crate::render::filters::dec1(c.figures.residents_per_worker),
                    )
                })
            }),
        ),
        (
            match lang {
                Lang::Zh => format!("排查覆盖率偏低的{}", rows.zh),
                Lang::En => format!("{} with low screening coverage", sheet_of(rows, lang)),
            },
            list(&|c| {
                crate::render::xlsx::figures::low_coverage(&c.figures, cfg).then(|| {
                    with(
                        &c.name,
                        crate::render::filters::pct(c.figures.screening_coverage),
                    )
                })
            }),
        ),
        (
            lang.pick("户数超范围的大网格", "Big grids out of range")
                .to_string(),
            list(&|c| {
                (c.figures.big_grids_out_of_range > 0)
                    .then(|| with(&c.name, c.figures.big_grids_out_of_range.to_string()))
            }),
        ),
    ];
    for (label, (n, who)) in attention {
        put_text(&mut ws, &mut widths, row, 0, &label, &styles.label)?;
        crate::render::xlsx::table::put(
            &mut ws,
            &mut widths,
            styles,
            (row, 1),
            &count(n),
            Kind::Count,
            false,
        )?;
        put_text(&mut ws, &mut widths, row, 2, &who, &styles.wrap)?;
        row += 1;
    }
    widths.apply(&mut ws)?;
    Ok(ws)
}
