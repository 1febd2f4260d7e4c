//! Writing cells, Excel tables and fitted column widths (shared by the report and the
//! community workbooks).
//!
//! Text is always written with `write_string`: a value starting with `=`, `+`, `-` or `@`
//! stays text and never becomes a formula.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatBorder, Table, TableColumn, TableStyle, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths are kept within these bounds (Excel character units).
const MIN_WIDTH: f64 = 4.0;
const MAX_WIDTH: f64 = 60.0;
/// Room for the autofilter button in a table header.
const FILTER_BUTTON: usize = 3;
/// Excel's last row (0-based); a table's rows beyond it (with room for the totals) are left out.
const LAST_ROW: u32 = 1_048_575;
/// A table header wider than this wraps onto two lines.
const HEADER_WRAP: usize = 10;
/// Print setup: a sheet at most `PORTRAIT` wide (character units) prints upright, one page
/// wide; a wider one on its side, scaled to one page wide up to `LANDSCAPE` and to as many
/// pages wide as it takes `LANDSCAPE` units each beyond that (so it never shrinks below
/// about half size); always on A4.
const PORTRAIT: usize = 100;
const LANDSCAPE: usize = 220;
/// Excel's paper size code for A4.
pub const A4: u8 = 9;

/// How a column's values are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// `#,##0`
    Count,
    /// `0.0%`
    Percent,
    /// `#,##0.0`
    Decimal,
    /// `yyyy-mm-dd`
    Date,
}

/// One cell's value. `Num(None)` is an empty cell (a ratio without a denominator is not 0).
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(String),
    Num(Option<f64>),
    /// `YYYY-MM-DD`; written as a date cell, or as text if it is not a date.
    Date(NaiveDate),
}

pub fn count(n: u64) -> Val {
    Val::Num(Some(n as f64))
}

pub fn num(x: Option<f64>) -> Val {
    Val::Num(x)
}

pub fn text(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

/// A table column: its header and how its values are shown.
#[derive(Clone, Debug)]
pub struct Col {
    pub header: String,
    pub kind: Kind,
}

pub fn col(header: &str, kind: Kind) -> Col {
    Col {
        header: header.to_string(),
        kind,
    }
}

/// The cell formats of a workbook.
pub struct Styles {
    body: [Format; 5],
    total: [Format; 5],
    pub header: Format,
    pub title: Format,
    pub label: Format,
    /// Text that wraps within its column (long lists of names).
    pub wrap: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let kinds = [
            Kind::Text,
            Kind::Count,
            Kind::Percent,
            Kind::Decimal,
            Kind::Date,
        ];
        let body = kinds.map(kind_format);
        let total = kinds.map(|k| kind_format(k).set_bold().set_border_top(FormatBorder::Thin));
        Styles {
            body,
            total,
            header: Format::new().set_bold().set_text_wrap(),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            wrap: Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
        }
    }

    pub fn body(&self, kind: Kind) -> &Format {
        &self.body[kind_index(kind)]
    }

    pub fn total(&self, kind: Kind) -> &Format {
        &self.total[kind_index(kind)]
    }
}

impl Default for Styles {
    fn default() -> Styles {
        Styles::new()
    }
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Text => 0,
        Kind::Count => 1,
        Kind::Percent => 2,
        Kind::Decimal => 3,
        Kind::Date => 4,
    }
}

/// A format showing values of `kind`.
pub fn kind_format(kind: Kind) -> Format {
    match kind {
        Kind::Text => Format::new(),
        Kind::Count => Format::new().set_num_format("#,##0"),
        Kind::Percent => Format::new().set_num_format("0.0%"),
        Kind::Decimal => Format::new().set_num_format("#,##0.0"),
        Kind::Date => Format::new().set_num_format("yyyy-mm-dd"),
    }
}

/// The display width of text in narrow-character units: a Chinese character counts 2.
/// For text of several lines, the widest line.
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The Excel column width for text of `width` narrow characters.
pub fn column_width(width: usize) -> f64 {
    (width as f64 + 1.5).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// The text Excel shows for a value in a column of `kind` (to measure it).
pub fn shown_text(v: &Val, kind: Kind) -> String {
    match v {
        Val::Text(s) => s.clone(),
        Val::Date(d) => d.to_string(),
        Val::Num(None) => String::new(),
        Val::Num(Some(x)) => match kind {
            Kind::Percent => format!("{:.1}%", x * 100.0),
            Kind::Decimal => group_thousands(&format!("{x:.1}")),
            Kind::Date => "0000-00-00".to_string(),
            Kind::Count | Kind::Text => group_thousands(&format!("{x:.0}")),
        },
    }
}

/// The width of a number as [`shown_text`] writes it; a whole count is measured without
/// writing it (a roll-up writes millions of them).
fn number_width(x: f64, kind: Kind) -> usize {
    let whole = matches!(kind, Kind::Count | Kind::Text)
        && x.is_sign_positive()
        && x < 1e15
        && x.fract() == 0.0;
    if whole {
        let digits = (x as u64).checked_ilog10().map_or(1, |d| d as usize + 1);
        return digits + (digits - 1) / 3;
    }
    text_width(&shown_text(&Val::Num(Some(x)), kind))
}

/// `1234567.5` → `1,234,567.5`.
fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The widest text seen per column of one worksheet; applied at the end.
#[derive(Default)]
pub struct Widths(Vec<usize>);

impl Widths {
    pub fn note(&mut self, col: u16, width: usize) {
        let i = usize::from(col);
        if self.0.len() <= i {
            self.0.resize(i + 1, 0);
        }
        self.0[i] = self.0[i].max(width);
    }

    /// The width of all columns (character units), for the page setup.
    pub fn total(&self) -> usize {
        self.0.iter().map(|w| column_width(*w) as usize).sum()
    }

    /// Set every column that holds something to its fitted width, and set up printing:
    /// A4, upright or on its side by the sheet's width, fitted to the page width (see
    /// `PORTRAIT`). Call after all cells are written.
    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (i, w) in self.0.iter().enumerate() {
            if *w > 0 {
                ws.set_column_width(i as u16, column_width(*w))?;
            }
        }
        let (landscape, pages) = print_layout(self.total());
        ws.set_paper_size(A4);
        if landscape {
            ws.set_landscape();
        } else {
            ws.set_portrait();
        }
        ws.set_print_fit_to_pages(pages, 0);
        Ok(())
    }
}

/// How a sheet `total` character units wide prints: (on its side, pages wide).
pub fn print_layout(total: usize) -> (bool, u16) {
    if total <= PORTRAIT {
        (false, 1)
    } else {
        (
            true,
            u16::try_from(total.div_ceil(LANDSCAPE))
                .unwrap_or(u16::MAX)
                .max(1),
        )
    }
}

/// The width a header needs: a long one wraps onto two lines (about half its width).
fn header_width(header: &str, wrapped: &mut bool) -> usize {
    let w = text_width(header);
    if w > HEADER_WRAP {
        *wrapped = true;
        w.div_ceil(2) + 1
    } else {
        w
    }
}

/// Text cut to what one cell can hold.
pub fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Write text as text (never a formula), noting its width.
pub fn put_text(
    ws: &mut Worksheet,
    widths: &mut Widths,
    row: u32,
    col: u16,
    s: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let s = clip(s);
    widths.note(col, text_width(s));
    ws.write_string_with_format(row, col, s, format)?;
    Ok(())
}

/// Write one value with the format of `kind` (`total` for a totals row).
pub fn put(
    ws: &mut Worksheet,
    widths: &mut Widths,
    styles: &Styles,
    (row, col): (u32, u16),
    v: &Val,
    kind: Kind,
    total: bool,
) -> Result<(), XlsxError> {
    let format = if total {
        styles.total(kind)
    } else {
        styles.body(kind)
    };
    put_with(ws, widths, row, col, v, kind, format)
}

/// Write one value with a given format (which should carry the number format of `kind`).
pub fn put_with(
    ws: &mut Worksheet,
    widths: &mut Widths,
    row: u32,
    col: u16,
    v: &Val,
    kind: Kind,
    format: &Format,
) -> Result<(), XlsxError> {
    match v {
        Val::Text(s) => put_text(ws, widths, row, col, s, format)?,
        Val::Num(Some(x)) if x.is_finite() => {
            widths.note(col, number_width(*x, kind));
            ws.write_number_with_format(row, col, *x, format)?;
        }
        Val::Num(_) => {
            ws.write_blank(row, col, format)?;
        }
        Val::Date(day) => match excel_date(*day) {
            Some(d) => {
                widths.note(col, 10);
                let date_format = if kind == Kind::Date {
                    format.clone()
                } else {
                    kind_format(Kind::Date)
                };
                ws.write_datetime_with_format(row, col, d, &date_format)?;
            }
            None => put_text(ws, widths, row, col, &day.to_string(), format)?,
        },
    }
    Ok(())
}

/// A date as an Excel date.
pub fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        d.month() as u8,
        d.day() as u8,
    )
    .ok()
}

/// Where a table landed: its header row and its data rows (0-based worksheet rows).
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    pub header_row: u32,
    pub first_row: u32,
    /// The last row of the table (an empty table still has one blank data row).
    pub last_row: u32,
    /// The row of the totals line below the table, if any.
    pub totals_row: Option<u32>,
}

impl Placed {
    /// The rows conditional formats apply to: the data rows and the totals row.
    pub fn last_with_totals(&self) -> u32 {
        self.totals_row.unwrap_or(self.last_row)
    }
}

/// A data table: an Excel table (autofilter, banded rows) from column 0 at row `top`, its
/// header row frozen (with `freeze_cols` columns), and an optional totals line right below
/// it in bold, outside the table so that sorting and filtering leave it in place.
pub struct TableSheet<'a> {
    /// The table name: unique within the workbook, letters only.
    pub name: &'a str,
    pub top: u32,
    pub freeze_cols: u16,
    pub cols: &'a [Col],
    pub rows: &'a [Vec<Val>],
    pub totals: Option<&'a [Val]>,
}

impl<'a> TableSheet<'a> {
    /// A table from the top left of its sheet, its first `freeze_cols` columns frozen, with no
    /// totals line.
    pub fn at_top(name: &'a str, freeze_cols: u16, cols: &'a [Col], rows: &'a [Vec<Val>]) -> Self {
        TableSheet {
            name,
            top: 0,
            freeze_cols,
            cols,
            rows,
            totals: None,
        }
    }

    /// The same table with a totals line below it.
    pub fn with_totals(self, totals: &'a [Val]) -> Self {
        TableSheet {
            totals: Some(totals),
            ..self
        }
    }

    /// Writes the table on `ws`, then `flag` (conditional formats on its rows) when it has
    /// rows or a totals line, then the column widths: every table sheet whose rows are
    /// coloured goes this way.
    pub fn write_flagged(
        &self,
        ws: &mut Worksheet,
        styles: &Styles,
        flag: impl FnOnce(&mut Worksheet, &Placed) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        let mut widths = Widths::default();
        let placed = self.write(ws, &mut widths, styles)?;
        if !self.rows.is_empty() || self.totals.is_some() {
            flag(ws, &placed)?;
        }
        widths.apply(ws)
    }

    pub fn write(
        &self,
        ws: &mut Worksheet,
        widths: &mut Widths,
        styles: &Styles,
    ) -> Result<Placed, XlsxError> {
        let top = self.top;
        let mut wrapped = false;
        let columns: Vec<TableColumn> = self
            .cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                widths.note(
                    i as u16,
                    header_width(&c.header, &mut wrapped) + FILTER_BUTTON,
                );
                TableColumn::new()
                    .set_header(clip(&c.header))
                    .set_header_format(&styles.header)
            })
            .collect();
        if wrapped {
            ws.set_row_height(top, 32)?;
        }
        let room = LAST_ROW.saturating_sub(top + 1) as usize;
        let rows = &self.rows[..self.rows.len().min(room)];
        let last_row = top + (rows.len() as u32).max(1);
        // The table (its header row) first: a worksheet in low-memory mode (a roll-up's
        // large sheets) is written row by row, top down.
        let table = Table::new()
            .set_name(self.name)
            .set_style(TableStyle::Light9)
            .set_columns(&columns);
        let last_col = (self.cols.len().max(1) - 1) as u16;
        ws.add_table(top, 0, last_row, last_col, &table)?;
        for (r, row) in rows.iter().enumerate() {
            let r = top + 1 + r as u32;
            for (c, (v, column)) in row.iter().zip(self.cols).enumerate() {
                put(ws, widths, styles, (r, c as u16), v, column.kind, false)?;
            }
        }
        let totals_row = match self.totals {
            Some(values) => {
                let r = last_row + 1;
                for (c, (v, column)) in values.iter().zip(self.cols).enumerate() {
                    put(ws, widths, styles, (r, c as u16), v, column.kind, true)?;
                }
                Some(r)
            }
            None => None,
        };
        ws.set_freeze_panes(top + 1, self.freeze_cols)?;
        ws.set_repeat_rows(top, top)?;
        if self.freeze_cols > 0 {
            ws.set_repeat_columns(0, self.freeze_cols - 1)?;
        }
        Ok(Placed {
            header_row: top,
            first_row: top + 1,
            last_row,
            totals_row,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(text_width("abc"), 3);
        assert_eq!(text_width("城东社区"), 8);
        assert_eq!(text_width("城东 A1"), 7);
        assert_eq!(text_width("一行\n第二行更长"), 10);
        assert_eq!(text_width(""), 0);
        assert_eq!(text_width("✓"), 1);
    }

    #[test]
    fn widths_are_bounded() {
        assert_eq!(column_width(0), MIN_WIDTH);
        assert_eq!(column_width(8), 9.5);
        assert_eq!(column_width(500), MAX_WIDTH);
        let mut w = Widths::default();
        w.note(2, 8);
        w.note(2, 4);
        w.note(0, 3);
        assert_eq!(w.0, vec![3, 0, 8]);
        let mut wrapped = false;
        assert_eq!(header_width("居民人数", &mut wrapped), 8);
        assert!(!wrapped);
        assert_eq!(header_width("每名工作者服务居民", &mut wrapped), 10);
        assert!(wrapped);
    }

    #[test]
    fn wide_sheets_print_on_their_side_and_never_tiny() {
        let cases = [
            (0, (false, 1)),
            (100, (false, 1)),
            (101, (true, 1)),
            (220, (true, 1)),
            (221, (true, 2)),
            (440, (true, 2)),
            (441, (true, 3)),
        ];
        for (total, want) in cases {
            assert_eq!(print_layout(total), want, "{total}");
        }
    }

    #[test]
    fn numbers_are_measured_as_shown() {
        assert_eq!(shown_text(&count(12345), Kind::Count), "12,345");
        assert_eq!(shown_text(&count(320000), Kind::Count), "320,000");
        assert_eq!(shown_text(&count(999), Kind::Count), "999");
        assert_eq!(shown_text(&num(Some(0.934)), Kind::Percent), "93.4%");
        assert_eq!(shown_text(&num(Some(1234.56)), Kind::Decimal), "1,234.6");
        assert_eq!(shown_text(&num(None), Kind::Percent), "");
        assert_eq!(group_thousands("-1234567"), "-1,234,567");
    }

    #[test]
    fn counts_are_measured_as_written() {
        for x in [
            0.0,
            -0.0,
            1.0,
            9.0,
            10.0,
            999.0,
            1000.0,
            12345.0,
            999_999.0,
            1e6,
            1.5,
            -3.0,
            123_456_789_012.0,
            1e15,
            2e15,
            0.25,
        ] {
            for kind in [Kind::Count, Kind::Text, Kind::Percent, Kind::Decimal] {
                assert_eq!(
                    number_width(x, kind),
                    text_width(&shown_text(&num(Some(x)), kind)),
                    "{x} {kind:?}"
                );
            }
        }
    }

    #[test]
    fn long_text_is_clipped() {
        let s = "字".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(clip(&s).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("abc"), "abc");
    }

    #[test]
    fn dates() {
        assert!(excel_date(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap()).is_some());
    }
}
