//! The sheets of a roll-up's report.xlsx that list what lies below it: the units (their dates,
//! issue counts and every figure, with a totals row), their rows (communities of
//! sub-districts …, each with its unit), every big grid (named with its units) and the issue
//! counts per unit — the build's table, flag and big-grid code (`render::xlsx*`). The rows and
//! big grids sheets come in low-memory worksheets, written top down.

use std::collections::HashMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::rolled::{place_of, Rolled};
use super::shape::UnitBigGrid;
use super::words::Rows;
use crate::config::Config;
use crate::render::attention::ordered;
use crate::render::order::{natural_cmp, CommunityOrder};
use crate::render::xlsx::book::big_grid_table;
use crate::render::xlsx::figures::{
    big_grid_cols, big_grid_row, cref, figure_cols, figure_row, flag_rows, red, write_figure_table,
};
use crate::render::xlsx::table::{col, count, text, Col, Kind, Styles, TableSheet, Val};
use crate::stats::BigGridFigures;
use crate::vocab::lang::Lang;
use crate::vocab::rules::rule_name_of;

/// The units: their dates, issue counts and every figure, with a totals row.
pub(super) fn units_table(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let s = &rolled.view.summary;
    let rows_words = rolled.rows();
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let cols = figure_cols(
        vec![
            col(rows_words.title(lang), Kind::Text),
            col(lang.pick("截至日期", "As of"), Kind::Date),
            col(lang.pick("错误", "Errors"), Kind::Count),
            col(lang.pick("警告", "Warnings"), Kind::Count),
            col(lang.pick("提示", "Notes"), Kind::Count),
        ],
        lang,
    );
    let rows: Vec<Vec<Val>> = ordered(s, cfg)
        .iter()
        .filter_map(|c| {
            let u = rolled.unit(&c.name)?;
            let lead = vec![
                text(c.name.as_str()),
                Val::Date(u.as_of),
                count(u.issues.errors),
                count(u.issues.warnings),
                count(u.issues.infos),
            ];
            Some(figure_row(lead, &c.figures))
        })
        .collect();
    let b = &rolled.below;
    let totals = figure_row(
        vec![
            text(match lang {
                Lang::Zh => format!("合计（{}）", rows_words.count(rows.len(), lang)),
                Lang::En => format!("Total ({})", rows_words.count(rows.len(), lang)),
            }),
            Val::Date(s.as_of),
            count(b.errors),
            count(b.warnings),
            count(b.infos),
        ],
        &s.totals.figures,
    );
    let table = TableSheet::at_top("Units", 1, &cols, &rows).with_totals(&totals);
    write_figure_table(&mut ws, &table, styles, cfg)?;
    Ok(ws)
}

/// The rows of every unit (communities of sub-districts …), each with its unit.
pub(super) fn rows_table(
    mut ws: Worksheet,
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
    below: Rows,
) -> Result<Worksheet, XlsxError> {
    let s = &rolled.view.summary;
    ws.set_name(name)?;
    let cols = figure_cols(
        vec![
            col(below.title(lang), Kind::Text),
            col(rolled.rows().title(lang), Kind::Text),
        ],
        lang,
    );
    let order = CommunityOrder::new(cfg);
    let mut rows: Vec<Vec<Val>> = Vec::new();
    for c in ordered(s, cfg) {
        let Some(u) = rolled.unit(&c.name) else {
            continue;
        };
        let names: Vec<&str> = u.communities.iter().map(|r| r.name.as_str()).collect();
        for i in order.sorted_indices(&names) {
            let r = &u.communities[i];
            let lead = vec![text(r.name.as_str()), text(u.name.as_str())];
            rows.push(figure_row(lead, &r.figures));
        }
    }
    let table = TableSheet::at_top("Rows", 2, &cols, &rows);
    write_figure_table(&mut ws, &table, styles, cfg)?;
    Ok(ws)
}

/// Every big grid below, named with its units (`外海街道 / 城东社区`): units in display
/// order, then communities and codes in natural order.
pub(super) fn big_grids(
    mut ws: Worksheet,
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let s = &rolled.view.summary;
    ws.set_name(name)?;
    let mut cols: Vec<Col> = big_grid_cols(lang);
    if let Some(first) = cols.first_mut() {
        first.header = lang.pick("所在单位 / 社区", "Unit / community").to_string();
    }
    let rank: HashMap<&str, usize> = ordered(s, cfg)
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut grids: Vec<(usize, String, &UnitBigGrid)> = rolled
        .summary
        .big_grids
        .iter()
        .map(|g| {
            let unit = g.unit_path.first().map(String::as_str).unwrap_or_default();
            (
                rank.get(unit).copied().unwrap_or(usize::MAX),
                place_of(&g.unit_path, &g.grid.community),
                g,
            )
        })
        .collect();
    grids.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| natural_cmp(&a.1, &b.1))
            .then_with(|| natural_cmp(&a.2.grid.big_grid, &b.2.grid.big_grid))
    });
    let rows: Vec<Vec<Val>> = grids
        .into_iter()
        .map(|(_, place, g)| {
            let shown = BigGridFigures {
                community: place,
                ..g.grid.clone()
            };
            big_grid_row(&shown, lang)
        })
        .collect();
    big_grid_table(ws, &cols, &rows, styles, lang)
}

/// Per unit: errors, warnings, infos and its most frequent rules.
pub(super) fn issue_counts(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
) -> Result<Worksheet, XlsxError> {
    let s = &rolled.view.summary;
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("问题统计", "Issue counts"))?;
    let cols = vec![
        col(rolled.rows().title(lang), Kind::Text),
        col(lang.pick("错误", "Errors"), Kind::Count),
        col(lang.pick("警告", "Warnings"), Kind::Count),
        col(lang.pick("提示", "Notes"), Kind::Count),
        col(lang.pick("最多的规则", "Most frequent rules"), Kind::Text),
        col(lang.pick("汇总文件", "Summary file"), Kind::Text),
    ];
    let rows: Vec<Vec<Val>> = ordered(s, cfg)
        .iter()
        .filter_map(|c| rolled.unit(&c.name))
        .map(|u| {
            let top: Vec<String> = u
                .issues
                .top(5)
                .into_iter()
                .map(|(rule, n)| format!("{} {n}", rule_name_of(rule, lang)))
                .collect();
            vec![
                text(u.name.as_str()),
                count(u.issues.errors),
                count(u.issues.warnings),
                count(u.issues.infos),
                text(top.join(lang.pick("；", "; "))),
                text(u.file.as_str()),
            ]
        })
        .collect();
    let b = &rolled.below;
    let totals = vec![
        text(lang.pick("合计", "Total")),
        count(b.errors),
        count(b.warnings),
        count(b.infos),
        text(String::new()),
        text(String::new()),
    ];
    let table = TableSheet::at_top("IssueCounts", 1, &cols, &rows).with_totals(&totals);
    // Units with errors in red; the totals line is left as it is.
    let any = !rows.is_empty();
    table.write_flagged(&mut ws, styles, |ws, p| {
        let errors = cref(1, p.first_row);
        match any {
            true => flag_rows(
                ws,
                p.first_row,
                p.last_row,
                &[0, 1],
                &format!("={errors}>0"),
                &red(),
            ),
            false => Ok(()),
        }
    })?;
    Ok(ws)
}
