//! The sheets a clerk fills in, one per table kind, and the hidden sheet that holds the
//! community's lists. A data sheet is an Excel table with its header on row 1 (frozen, with
//! the autofilter, rows extending as they are typed), each column formatted and validated;
//! no example rows (they would be read as data).

use rust_xlsxwriter::{Color, Format, Table, TableColumn, TableStyle, Workbook, XlsxError};

use super::columns::{cell_format, columns, width};
use super::communities::Community;
use super::rules::codes;
use super::validation::{validation, Lists};
use super::Plan;
use crate::render::xlsx::table::clip;
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// Excel's last row (0-based): validations and formats reach it, so rows typed below the
/// table still get them.
const LAST_ROW: u32 = 1_048_575;
/// Required headers in dark red.
const REQUIRED: u32 = 0xC0_00_00;

/// The hidden sheet with the community's lists.
pub fn lists_name(lang: Lang) -> &'static str {
    lang.pick("下拉列表", "Lists")
}

/// The headings of the hidden sheet's columns (none of them a header alias, so `build`
/// never takes the sheet for a table).
pub fn lists_headings(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("本社区", "This community"),
        lang.pick("大网格编号", "Big grid codes"),
        lang.pick("楼栋编号", "Building codes"),
    ]
}

/// The community's three lists: its name, its big grid codes, its building codes.
fn lists(community: &Community) -> [&[String]; 3] {
    [
        std::slice::from_ref(&community.name),
        &community.big_grids,
        &community.buildings,
    ]
}

/// The ranges of the hidden sheet the validations take their lists from (`None` for an
/// empty list): `='下拉列表'!$B$2:$B$9`.
pub fn list_ranges(lang: Lang, community: &Community) -> Lists {
    let name = lists_name(lang);
    let mut ranges = lists(community).into_iter().enumerate().map(|(c, values)| {
        (!values.is_empty()).then(|| {
            let col = crate::vocab::cell::column_name(c as u32);
            let last = values.len().min(LAST_ROW as usize) + 1;
            format!("='{name}'!${col}$2:${col}${last}")
        })
    });
    Lists {
        community: ranges.next().flatten(),
        big_grid: ranges.next().flatten(),
        building: ranges.next().flatten(),
    }
}

/// Write the hidden sheet of the community's name, big grid codes and building codes.
pub fn lists_sheet(wb: &mut Workbook, lang: Lang, community: &Community) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(lists_name(lang))?;
    let bold = Format::new().set_bold();
    for (c, (heading, values)) in lists_headings(lang)
        .iter()
        .zip(lists(community))
        .enumerate()
    {
        let c = c as u16;
        ws.write_string_with_format(0, c, *heading, &bold)?;
        for (r, v) in values.iter().take(LAST_ROW as usize).enumerate() {
            ws.write_string(r as u32 + 1, c, clip(v))?;
        }
        ws.set_column_width(c, 16)?;
    }
    ws.set_hidden(true);
    Ok(())
}

/// Write the sheet of one table kind.
pub fn data_sheet(
    wb: &mut Workbook,
    kind: TableKind,
    plan: &Plan,
    community: Option<&Community>,
    lists: &Lists,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(kind.label(plan.lang))?;
    let cols = columns(kind);
    let header = Format::new().set_bold();
    let required = header.clone().set_font_color(Color::RGB(REQUIRED));
    let mut table_columns = Vec::with_capacity(cols.len());
    for (i, c) in cols.iter().enumerate() {
        let i = i as u16;
        let format = cell_format(c.field.value_type());
        table_columns.push(
            TableColumn::new()
                .set_header(&c.header)
                .set_header_format(if c.required { &required } else { &header })
                .set_format(&format),
        );
        ws.set_column_format(i, &format)?;
        let values: Vec<String> = match (c.field, community) {
            (Field::Community, Some(com)) => vec![com.name.clone()],
            _ => codes(c.field, community).to_vec(),
        };
        ws.set_column_width(i, width(c, &values))?;
        let v = validation(kind, c, i, plan, community, lists)?;
        ws.add_data_validation(1, i, LAST_ROW, i, &v)?;
    }
    let last_col = (cols.len().max(1) - 1) as u16;
    let table = Table::new()
        .set_name(kind.as_str())
        .set_style(TableStyle::Light9)
        .set_columns(&table_columns);
    // The header and one blank row: Excel extends the table as rows are typed below it.
    ws.add_table(0, 0, 1, last_col, &table)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}
