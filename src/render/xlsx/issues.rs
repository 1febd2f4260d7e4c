//! The issues sheets of the workbooks (SPEC §9.4): 问题 Issues — one line per (file, sheet,
//! rule, message pattern) with the count and the first cells, errors first (report.xlsx and
//! the community workbooks) — and, in a community workbook, 问题明细 Issue cells: one row
//! per cell, errors first, with the value read (personal data masked) and how to fix it, so
//! that the community can mend its files cell by cell.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::config::Config;
use crate::render::issue_groups::{errors_first, group_issues, place, FIRST_CELLS};
use crate::render::mask::shown;
use crate::vocab::issue::{Issue, Severity};
use crate::vocab::lang::Lang;
use crate::vocab::rules::{how_to_fix, rule_name};

use super::figures::{amber, cref, flag_rows, red};
use super::table::{col, count, text, Col, Kind, Styles, TableSheet, Val};

pub(crate) fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("错误", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Info => lang.pick("提示", "info"),
    }
}

pub(crate) fn opt_text(s: &Option<String>) -> Val {
    match s {
        Some(s) => text(s.as_str()),
        None => Val::Num(None),
    }
}

fn opt_str(s: Option<&str>) -> Val {
    match s {
        Some(s) => text(s),
        None => Val::Num(None),
    }
}

/// Red for errors and amber for warnings in the severity column (column 0).
pub(crate) fn flag_severity(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let sev = cref(0, first);
    let err = format!("={sev}=\"{}\"", severity_label(Severity::Error, lang));
    let warn = format!("={sev}=\"{}\"", severity_label(Severity::Warning, lang));
    flag_rows(ws, first, last, &[0], &err, &red())?;
    flag_rows(ws, first, last, &[0], &warn, &amber())?;
    Ok(())
}

/// Which workbook an issues sheet is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum For {
    /// report.xlsx: a community column, no fixes.
    SubDistrict,
    /// A community's workbook: how to fix each line, no community column.
    Community,
    /// A roll-up's report.xlsx: the unit (the community column) headed with the words of
    /// its units.
    Units(&'static str),
}

/// The grouped issues sheet (`问题` / `Issues`).
pub(crate) fn grouped_sheet<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    target: For,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("问题", "Issues"))?;
    let mut heads = vec![
        lang.pick("级别", "Severity"),
        lang.pick("规则", "Rule"),
        lang.pick("规则编号", "Rule id"),
        lang.pick("文件", "File"),
        lang.pick("工作表", "Sheet"),
    ];
    heads.push(lang.pick("数量", "Count"));
    heads.push(lang.pick("单元格（前 5 个）", "Cells (first 5)"));
    match target {
        For::SubDistrict => heads.push(lang.pick("社区", "Community")),
        For::Units(unit) => heads.push(unit),
        For::Community => {}
    }
    heads.push(lang.pick("说明", "Message"));
    if target == For::Community {
        heads.push(lang.pick("如何修改", "How to fix"));
    }
    let cols: Vec<Col> = heads
        .iter()
        .map(|h| {
            let kind = if *h == lang.pick("数量", "Count") {
                Kind::Count
            } else {
                Kind::Text
            };
            col(h, kind)
        })
        .collect();
    let rows: Vec<Vec<Val>> = group_issues(issues)
        .iter()
        .map(|g| {
            let first = g.first();
            let mut message = first.map(|i| i.message.clone()).unwrap_or_default();
            if !g.same_message() {
                message = format!("{}{message}", lang.pick("例：", "e.g. "));
            }
            let mut row = vec![
                text(severity_label(g.severity, lang)),
                text(rule_name(g.rule, lang)),
                text(g.rule.as_str()),
                opt_str(g.file),
                opt_str(g.sheet),
                count(g.issues.len() as u64),
                text(g.first_cells(FIRST_CELLS, lang)),
            ];
            if target != For::Community {
                row.push(text(g.communities().join("、")));
            }
            row.push(text(message));
            if target == For::Community {
                row.push(text(how_to_fix(g.rule, &cfg.fix_params(), lang)));
            }
            row
        })
        .collect();
    issue_table(ws, "Issues", &cols, &rows, styles, lang)
}

/// A community's issues one row per cell (`问题明细` / `Issue cells`), errors first.
pub(crate) fn cells_sheet<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(lang.pick("问题明细", "Issue cells"))?;
    let cols: Vec<Col> = [
        lang.pick("级别", "Severity"),
        lang.pick("规则", "Rule"),
        lang.pick("规则编号", "Rule id"),
        lang.pick("文件", "File"),
        lang.pick("工作表", "Sheet"),
        lang.pick("单元格", "Cell"),
        lang.pick(
            "读到的值（个人信息已遮盖）",
            "Value read (personal data masked)",
        ),
        lang.pick("说明", "Message"),
        lang.pick("如何修改", "How to fix"),
    ]
    .iter()
    .map(|h| col(h, Kind::Text))
    .collect();
    let rows: Vec<Vec<Val>> = errors_first(issues)
        .into_iter()
        .map(|i| {
            vec![
                text(severity_label(i.severity, lang)),
                text(rule_name(i.rule, lang)),
                text(i.rule.as_str()),
                opt_text(&i.file),
                opt_text(&i.sheet),
                place(i, lang).map_or(Val::Num(None), text),
                opt_text(&i.value.as_deref().map(|v| shown(v, i.pii))),
                text(i.message.as_str()),
                text(how_to_fix(i.rule, &cfg.fix_params(), lang)),
            ]
        })
        .collect();
    issue_table(ws, "IssueCells", &cols, &rows, styles, lang)
}

/// An issues table, its rows coloured by severity, and the column widths.
fn issue_table(
    mut ws: Worksheet,
    name: &str,
    cols: &[Col],
    rows: &[Vec<Val>],
    styles: &Styles,
    lang: Lang,
) -> Result<Worksheet, XlsxError> {
    TableSheet::at_top(name, 0, cols, rows).write_flagged(&mut ws, styles, |ws, p| {
        flag_severity(ws, p.first_row, p.last_row, lang)
    })?;
    Ok(ws)
}
