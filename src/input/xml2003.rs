//! Excel 2003 XML spreadsheets (SpreadsheetML 2003: `<Workbook xmlns=
//! "urn:schemas-microsoft-com:office:spreadsheet">`), which report systems and old Excel
//! export and clerks often save as `.xls`. Streamed with quick-xml into the project's cells:
//! every cell goes through `Cells` (the cells limit), texts are capped, entities are never
//! expanded beyond the five predefined ones and character references.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use quick_xml::events::{BytesStart, Event};

use super::sheet_build::Cells;
use super::{Cell, Merge, ReadError, Sheet, SheetRead};

/// Excel's own limit on the characters of a cell; longer texts are cut here.
const MAX_TEXT_CHARS: usize = 32_767;
/// More worksheets than this is no workbook a person keeps.
const MAX_SHEETS: usize = 10_000;

/// Every worksheet of the workbook, hidden ones too, in workbook order.
pub(crate) fn read(bytes: &[u8], max_cells: u64) -> Result<Vec<SheetRead>, ReadError> {
    let text = decode(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut book = Book::new(max_cells);
    loop {
        let event = reader.read_event().map_err(|e| {
            let pos = reader.buffer_position();
            let line = text
                .as_bytes()
                .get(..pos as usize)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() + 1);
            ReadError::Corrupt(format!("XML, line {line}: {}", short(&e.to_string())))
        })?;
        match event {
            Event::Start(e) => book.start(&e, false)?,
            Event::Empty(e) => book.start(&e, true)?,
            Event::End(e) => book.end(e.local_name().as_ref()),
            Event::Text(t) => book.text(&t.xml10_content()),
            Event::CData(t) => book.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => predefined(&r),
                };
                if let Some(c) = c {
                    book.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    book.finish_sheet();
    Ok(book.sheets)
}

/// The text of the file: UTF-16 (with or without BOM), UTF-8 (BOM dropped), else the
/// encoding the XML declaration names (GB18030 when it names none we know).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(t) = super::sniff::utf16_text(bytes) {
        return Cow::Owned(t);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let label = head
        .split("encoding=")
        .nth(1)
        .and_then(|r| r.trim_start_matches(['"', '\'']).split(['"', '\'']).next())
        .unwrap_or("");
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or(encoding_rs::GB18030);
    Cow::Owned(enc.decode_without_bom_handling(bytes).0.into_owned())
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(120).collect();
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// One worksheet while it is read.
struct SheetState {
    name: String,
    cells: Cells,
    merges: Vec<Merge>,
    /// The first error (the cells limit); the rest of the sheet is then passed over.
    failed: Option<ReadError>,
    /// 0-based row of the current `<Row>` and the row after it.
    row: u32,
    next_row: u32,
    /// 0-based column for the next `<Cell>` without `ss:Index`.
    next_col: u32,
}

/// The value of the current `<Cell>` while its `<Data>` is read.
struct CellState {
    col: u32,
    /// `ss:Type` of its `<Data>`, once seen.
    typ: Option<String>,
    text: String,
    chars: usize,
    /// Inside `<Data>` (counting nested formatting elements such as `<B>`, `<Font>`).
    data_depth: usize,
    /// Inside a `<Comment>` (its `<Data>` is not the cell's value).
    comment_depth: usize,
}

struct Book {
    max_cells: u64,
    sheets: Vec<SheetRead>,
    sheet: Option<SheetState>,
    cell: Option<CellState>,
}

impl Book {
    fn new(max_cells: u64) -> Book {
        Book {
            max_cells,
            sheets: Vec::new(),
            sheet: None,
            cell: None,
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), ReadError> {
        let local = e.local_name();
        let local = local.as_ref();
        if let Some(cell) = &mut self.cell {
            if local == "Comment" {
                cell.comment_depth += usize::from(!empty);
            } else if cell.data_depth > 0 {
                cell.data_depth += usize::from(!empty);
            } else if local == "Data" && cell.comment_depth == 0 && !empty {
                cell.typ = Some(attr(e, "Type").unwrap_or_default());
                cell.data_depth = 1;
            }
            return Ok(());
        }
        match local {
            "Worksheet" => {
                self.finish_sheet();
                if self.sheets.len() >= MAX_SHEETS {
                    return Err(ReadError::Corrupt(format!(
                        "more than {MAX_SHEETS} worksheets"
                    )));
                }
                let name =
                    attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", self.sheets.len() + 1));
                self.sheet = Some(SheetState {
                    name,
                    cells: Cells::new(self.max_cells),
                    merges: Vec::new(),
                    failed: None,
                    row: 0,
                    next_row: 0,
                    next_col: 0,
                });
                if empty {
                    self.finish_sheet();
                }
            }
            "Row" => {
                if let Some(s) = &mut self.sheet {
                    s.row = index(e).unwrap_or(s.next_row);
                    let span = number(e, "Span").unwrap_or(0);
                    s.next_row = s.row.saturating_add(span).saturating_add(1);
                    s.next_col = 0;
                }
            }
            "Cell" => {
                let max_cells = self.max_cells;
                let Some(s) = &mut self.sheet else {
                    return Ok(());
                };
                let col = index(e).unwrap_or(s.next_col);
                let across = number(e, "MergeAcross").unwrap_or(0);
                let down = number(e, "MergeDown").unwrap_or(0);
                s.next_col = col.saturating_add(across).saturating_add(1);
                if across > 0 || down > 0 {
                    if s.merges.len() as u64 >= max_cells {
                        s.fail(ReadError::Limit {
                            what: super::LimitKind::CellsPerSheet,
                            found: s.merges.len() as u64 + 1,
                            limit: max_cells,
                        });
                    } else {
                        s.merges.push(Merge {
                            first_row: s.row,
                            first_col: col,
                            last_row: s.row.saturating_add(down),
                            last_col: col.saturating_add(across),
                        });
                    }
                }
                if !empty {
                    self.cell = Some(CellState {
                        col,
                        typ: None,
                        text: String::new(),
                        chars: 0,
                        data_depth: 0,
                        comment_depth: 0,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, local: &str) {
        if let Some(cell) = &mut self.cell {
            if cell.comment_depth > 0 {
                cell.comment_depth -= usize::from(local == "Comment");
                return;
            }
            if cell.data_depth > 0 {
                cell.data_depth -= 1;
                return;
            }
            if local != "Cell" {
                return;
            }
            if let (Some(cell), Some(s)) = (self.cell.take(), &mut self.sheet) {
                if let Some(typ) = &cell.typ {
                    let value = value(typ, cell.text);
                    if s.failed.is_none() {
                        if let Err(e) = s.cells.push(s.row, cell.col, value) {
                            s.fail(e);
                        }
                    }
                }
            }
            return;
        }
        if local == "Worksheet" {
            self.finish_sheet();
        }
    }

    fn text(&mut self, t: &str) {
        let Some(cell) = &mut self.cell else {
            return;
        };
        if cell.data_depth == 0 || cell.comment_depth > 0 || cell.chars >= MAX_TEXT_CHARS {
            return;
        }
        for ch in t.chars().take(MAX_TEXT_CHARS - cell.chars) {
            cell.text.push(ch);
            cell.chars += 1;
        }
    }

    fn finish_sheet(&mut self) {
        self.cell = None;
        let Some(s) = self.sheet.take() else {
            return;
        };
        let read = match s.failed {
            Some(reason) => Err(reason),
            None => s.cells.into_rows(),
        };
        self.sheets.push(match read {
            Ok(rows) => SheetRead::Ok(Sheet {
                name: s.name,
                rows,
                merges: s.merges,
                date1904: false,
                // Dates are typed (`DateTime`) as in .ods: numbers stay numbers.
                serials_are_dates: false,
            }),
            Err(reason) => SheetRead::Failed {
                name: s.name,
                reason,
            },
        });
    }
}

impl SheetState {
    fn fail(&mut self, e: ReadError) {
        self.failed.get_or_insert(e);
    }
}

/// An attribute's value by local name (`ss:Name` → `Name`).
fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn number(e: &BytesStart, local: &str) -> Option<u32> {
    attr(e, local)?.trim().parse().ok()
}

/// `ss:Index` (1-based) as a 0-based place.
fn index(e: &BytesStart) -> Option<u32> {
    number(e, "Index")?.checked_sub(1)
}

/// A `<Data ss:Type=…>` value as a cell.
fn value(typ: &str, text: String) -> Cell {
    match typ {
        "Number" => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Cell::Number(n),
            _ => Cell::Text(text),
        },
        "DateTime" => date_time(&text).unwrap_or(Cell::Text(text)),
        "Boolean" => match text.trim() {
            "1" | "true" | "TRUE" => Cell::Bool(true),
            "0" | "false" | "FALSE" => Cell::Bool(false),
            _ => Cell::Text(text),
        },
        "Error" => Cell::Error(text),
        _ => Cell::Text(text),
    }
}

/// `2020-02-03T08:30:00.000`; Excel writes a time of day on 1899-12-31 (or 1899-12-30).
fn date_time(s: &str) -> Option<Cell> {
    let t = s.trim();
    let dt = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]
        .iter()
        .find_map(|f| {
            NaiveDateTime::parse_from_str(t, f)
                .ok()
                .or_else(|| NaiveDate::parse_from_str(t, f).ok()?.and_hms_opt(0, 0, 0))
        })?;
    let dt = round_second(dt);
    let date = dt.date();
    if date == NaiveDate::from_ymd_opt(1899, 12, 31)?
        || date == NaiveDate::from_ymd_opt(1899, 12, 30)?
    {
        return Some(Cell::Time(dt.time()));
    }
    Some(Cell::DateTime(dt))
}

fn round_second(dt: NaiveDateTime) -> NaiveDateTime {
    let up = dt.nanosecond() >= 500_000_000;
    let dt = dt.with_nanosecond(0).unwrap_or(dt);
    if up {
        dt.checked_add_signed(chrono::Duration::seconds(1))
            .unwrap_or(dt)
    } else {
        dt
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    const HEAD: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="Default"><Font ss:FontName="宋体"/></Style></Styles>
"#;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheets(xml: &str, max_cells: u64) -> Vec<SheetRead> {
        read(xml.as_bytes(), max_cells).unwrap()
    }

    fn ok(s: &SheetRead) -> &Sheet {
        match s {
            SheetRead::Ok(s) => s,
            SheetRead::Failed { name, reason } => panic!("{name}: {reason:?}"),
        }
    }

    #[test]
    fn cells_indexes_merges_types_and_hidden_sheets() {
        let xml = format!(
            r#"{HEAD}<Worksheet ss:Name="住户">
  <Table ss:ExpandedColumnCount="4" ss:ExpandedRowCount="5">
   <Column ss:Width="60"/>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">城东社区住户台账</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">社区</Data></Cell><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>大</B>网格</ss:Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="String">A&amp;B &#x4E00;</Data><Comment><ss:Data><B>note</B></ss:Data></Comment></Cell></Row>
   <Row ss:Span="1"><Cell ss:MergeDown="1"><Data ss:Type="Number">3</Data></Cell><Cell><Data ss:Type="DateTime">2020-02-03T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">1899-12-31T08:30:00.000</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
   <Row><Cell><Data ss:Type="Error">#N/A</Data></Cell><Cell ss:StyleID="s1"/><Cell><Data ss:Type="Number">x</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="隐藏"><Table><Row><Cell><Data ss:Type="String">h</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="空"/>
</Workbook>"#
        );
        let read = sheets(&xml, 1000);
        assert_eq!(read.len(), 3);
        let s = ok(&read[0]);
        assert_eq!(s.name, "住户");
        assert!(!s.serials_are_dates);
        assert_eq!(s.rows[0], vec![t("城东社区住户台账")]);
        assert!(s.rows[1].is_empty());
        assert_eq!(
            s.rows[2],
            vec![t("社区"), t("大网格"), Cell::Empty, t("A&B 一")]
        );
        let d = NaiveDate::from_ymd_opt(2020, 2, 3).unwrap();
        assert_eq!(
            s.rows[3],
            vec![
                Cell::Number(3.0),
                Cell::DateTime(d.and_hms_opt(0, 0, 0).unwrap()),
                Cell::Time(NaiveTime::from_hms_opt(8, 30, 0).unwrap()),
                Cell::Bool(true)
            ]
        );
        // Row 4 spans one more row: the next row is row 6.
        assert!(s.rows[4].is_empty());
        assert_eq!(
            s.rows[5],
            vec![Cell::Error("#N/A".into()), Cell::Empty, t("x")]
        );
        assert_eq!(
            s.merges,
            vec![
                Merge {
                    first_row: 0,
                    first_col: 0,
                    last_row: 0,
                    last_col: 2
                },
                Merge {
                    first_row: 3,
                    first_col: 0,
                    last_row: 4,
                    last_col: 0
                },
            ]
        );
        assert_eq!(ok(&read[1]).rows, vec![vec![t("h")]]);
        assert_eq!(ok(&read[2]).name, "空");
        assert!(ok(&read[2]).rows.is_empty());
    }

    #[test]
    fn limits_and_broken_input() {
        // Over the cells limit: that sheet fails, the next one is read.
        let xml = format!(
            r#"{HEAD}<Worksheet ss:Name="big"><Table><Row><Cell><Data ss:Type="Number">1</Data></Cell></Row>
<Row ss:Index="4000000000"><Cell ss:Index="9999"><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet>
<Worksheet ss:Name="ok"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell></Row></Table></Worksheet></Workbook>"#
        );
        let read = sheets(&xml, 100);
        assert!(matches!(
            &read[0],
            SheetRead::Failed {
                reason: ReadError::Limit { .. },
                ..
            }
        ));
        assert_eq!(ok(&read[1]).rows, vec![vec![t("a")]]);
        // A long text is cut at Excel's limit; an unknown entity is dropped, never expanded.
        let long = "长".repeat(40_000);
        let xml = format!(
            r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>{}<Worksheet ss:Name="s"><Table><Row><Cell><Data ss:Type="String">{long}&e;</Data></Cell></Row></Table></Worksheet></Workbook>"#,
            &HEAD[HEAD.find("<Workbook").unwrap()..]
        );
        let read = sheets(&xml, 100);
        let Cell::Text(text) = &ok(&read[0]).rows[0][0] else {
            panic!()
        };
        assert_eq!(text.chars().count(), MAX_TEXT_CHARS);
        assert!(!text.contains("boom"));
        // Truncated or broken XML: corrupt, no panic.
        for bad in [
            format!(
                "{HEAD}<Worksheet ss:Name=\"s\"><Table><Row><Cell><Data ss:Type=\"String\">a</Da"
            ),
            format!("{HEAD}<Worksheet ss:Name=\"s><Table>"),
        ] {
            match super::read(bad.as_bytes(), 100) {
                Ok(_) | Err(ReadError::Corrupt(_)) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
    }

    #[test]
    fn encodings() {
        let xml = format!(
            r#"{HEAD}<Worksheet ss:Name="表"><Table><Row><Cell><Data ss:Type="String">社区</Data></Cell></Row></Table></Worksheet></Workbook>"#
        );
        let gbk = xml.replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"gb2312\"?>",
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&gbk);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let bom: Vec<u8> = b"\xEF\xBB\xBF"
            .iter()
            .chain(xml.as_bytes())
            .copied()
            .collect();
        for bytes in [gbk.to_vec(), utf16, bom] {
            let read = super::read(&bytes, 100).unwrap();
            let s = ok(&read[0]);
            assert_eq!(s.name, "表");
            assert_eq!(s.rows, vec![vec![t("社区")]]);
        }
    }
}
