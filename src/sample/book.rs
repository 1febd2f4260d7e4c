//! Workbooks as the generator plans them (sheets of cells), and how they are written:
//! xlsx through rust_xlsxwriter with fixed document properties, GBK CSV, plain bytes.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use std::path::Path;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as a CSV export would show it.
    fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Num(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Num(x) => x.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

pub struct Sheet {
    pub name: String,
    pub title: Option<String>,
    /// Merged group headers above the header: (first column, last column, text).
    pub groups: Vec<(u16, u16, String)>,
    /// The field each column holds (`""` for a column the reader ignores) and its header.
    pub fields: Vec<&'static str>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Index of the source record of each row (households, staff … of the community).
    pub src: Vec<usize>,
    /// Rows written after the data (合计 …).
    pub footer: Vec<Vec<Cell>>,
    /// Number format of date cells.
    pub date_format: &'static str,
    /// Free text lines instead of a table (a notes sheet).
    pub notes: Vec<String>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, columns: Vec<(&'static str, String)>) -> Sheet {
        let (fields, headers) = columns.into_iter().unzip();
        Sheet {
            name: name.into(),
            title: None,
            groups: Vec::new(),
            fields,
            headers,
            rows: Vec::new(),
            src: Vec::new(),
            footer: Vec::new(),
            date_format: "yyyy-mm-dd",
            notes: Vec::new(),
        }
    }

    /// 0-based row of the header.
    pub fn header_row(&self) -> usize {
        usize::from(self.title.is_some()) + usize::from(!self.groups.is_empty())
    }

    pub fn col(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| *f == field)
    }

    /// The A1 reference of data row `row` (0-based among the data rows) in column `field`.
    pub fn cell_ref(&self, row: usize, field: &str) -> String {
        let col = self.col(field).unwrap_or(0);
        format!("{}{}", col_letters(col), self.header_row() + row + 2)
    }

    pub fn header_ref(&self, field: &str) -> String {
        let col = self.col(field).unwrap_or(0);
        format!("{}{}", col_letters(col), self.header_row() + 1)
    }

    pub fn get(&self, row: usize, field: &str) -> Cell {
        match (self.rows.get(row), self.col(field)) {
            (Some(r), Some(c)) => r.get(c).cloned().unwrap_or(Cell::Empty),
            _ => Cell::Empty,
        }
    }

    /// Overwrite one cell; returns its reference.
    pub fn set(&mut self, row: usize, field: &str, cell: Cell) -> String {
        if let (Some(c), Some(r)) = (self.col(field), self.rows.get_mut(row)) {
            if let Some(x) = r.get_mut(c) {
                *x = cell;
            }
        }
        self.cell_ref(row, field)
    }

    pub fn row_of(&self, src: usize) -> Option<usize> {
        self.src.iter().position(|&s| s == src)
    }

    /// Append a row (copied from `row`); returns its index.
    pub fn push_copy(&mut self, row: usize) -> usize {
        let r = self.rows.get(row).cloned().unwrap_or_default();
        let s = self.src.get(row).copied().unwrap_or(usize::MAX);
        self.rows.push(r);
        self.src.push(s);
        self.rows.len() - 1
    }
}

pub fn col_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

pub enum FileFormat {
    Xlsx,
    /// A workbook named `X.xls` (no Rust crate writes the old format): written as xlsx
    /// under that name — read by its content (SPEC §1), as when an office saves an xlsx as
    /// .xls — until `scripts/make-sample-xls.sh` turns it into a real .xls with LibreOffice.
    XlsxAsXls,
    CsvGbk,
}

pub struct Book {
    /// Path relative to the sample folder, with `/`.
    pub path: String,
    pub format: FileFormat,
    pub sheets: Vec<Sheet>,
}

impl Book {
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(&self.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        match self.format {
            FileFormat::CsvGbk => write_csv_gbk(self, &path),
            _ => write_xlsx(self, &path),
        }
        .with_context(|| format!("writing {}", path.display()))
    }
}

fn write_csv_gbk(book: &Book, path: &Path) -> Result<()> {
    let mut text = String::new();
    for sheet in &book.sheets {
        let line = |cells: Vec<String>| {
            cells
                .into_iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        text.push_str(&line(sheet.headers.clone()));
        text.push_str("\r\n");
        for r in sheet.rows.iter().chain(&sheet.footer) {
            text.push_str(&line(r.iter().map(Cell::display).collect()));
            text.push_str("\r\n");
        }
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(path, bytes)?;
    Ok(())
}

fn excel_dt(t: NaiveDateTime) -> Result<ExcelDateTime> {
    Ok(
        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
            t.hour() as u16,
            t.minute() as u8,
            t.second(),
        )?,
    )
}

fn write_xlsx(book: &Book, path: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2020, 3, 4)?.and_hms(9, 0, 0)?;
    let props = DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("会城街道")
        .set_company("会城街道办事处");
    wb.set_properties(&props);
    let bold = Format::new().set_bold();
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let group_fmt = Format::new().set_bold().set_align(FormatAlign::Center);
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        let date_fmt = Format::new().set_num_format(sheet.date_format);
        let dt_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        for (i, line) in sheet.notes.iter().enumerate() {
            ws.write_string(i as u32, 0, line)?;
        }
        if sheet.headers.is_empty() {
            continue;
        }
        let last = (sheet.headers.len() - 1) as u16;
        let mut r = 0u32;
        if let Some(t) = &sheet.title {
            if last > 0 {
                ws.merge_range(0, 0, 0, last, t, &title_fmt)?;
            } else {
                ws.write_string_with_format(0, 0, t, &title_fmt)?;
            }
            r += 1;
        }
        if !sheet.groups.is_empty() {
            for (a, b, t) in &sheet.groups {
                if b > a {
                    ws.merge_range(r, *a, r, *b, t, &group_fmt)?;
                } else {
                    ws.write_string_with_format(r, *a, t, &group_fmt)?;
                }
            }
            r += 1;
        }
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, h, &bold)?;
            let w = if h.contains("身份") || h.contains("号码") && !h.contains("电") {
                21
            } else {
                12
            };
            ws.set_column_width(c as u16, w)?;
        }
        for row in sheet.rows.iter().chain(&sheet.footer) {
            r += 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Num(x) => {
                        ws.write_number(r, c, *x)?;
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(r, c, &dt, &date_fmt)?;
                    }
                    Cell::DateTime(t) => {
                        ws.write_datetime_with_format(r, c, &excel_dt(*t)?, &dt_fmt)?;
                    }
                }
            }
        }
    }
    wb.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
    }
}
