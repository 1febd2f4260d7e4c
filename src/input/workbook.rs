//! Workbooks through calamine: xlsx/xlsm, xlsb, xls (and WPS et), ods; Excel 2003 XML
//! through `xml2003`.
//!
//! xlsx and xlsb are streamed cell by cell (`worksheet_cells_reader`), so a sheet over the
//! cells limit is stopped before anything is laid out densely. xls and ods are parsed whole
//! by calamine when the workbook opens.

use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::quietly::quietly;
use super::sheet_build::Cells;
use super::sniff::{xls_has_filepass, Content};
use super::{Cell, Merge, ReadError, Sheet, SheetRead};

type Bytes = Cursor<Vec<u8>>;

/// Every sheet of a workbook, hidden ones too, in workbook order.
pub(crate) fn read_workbook(
    bytes: Vec<u8>,
    content: Content,
    max_cells: u64,
) -> Result<Vec<SheetRead>, ReadError> {
    if content == Content::Xml2003 {
        return super::xml2003::read(&bytes, max_cells);
    }
    // Kept for the one case that needs the bytes twice (an ods without its mimetype).
    let original = if content == Content::Ods {
        bytes.clone()
    } else {
        Vec::new()
    };
    let filepass = content == Content::Xls && xls_has_filepass(&bytes);
    let reader = Cursor::new(bytes);
    match content {
        Content::Xlsx => {
            let mut layout = super::xlsx_merges::xlsx_merges(reader.get_ref());
            let mut wb: Xlsx<Bytes> = Xlsx::new(reader)
                .map_err(|e| error(&e, matches!(e, calamine::XlsxError::Password)))?;
            let date1904 = wb.has_1904_epoch();
            Ok(each_sheet(&mut wb, |wb, name| {
                if let Some(first) = layout.shared.get(name) {
                    return Err(ReadError::Corrupt(format!(
                        "the sheet names the same data as sheet '{first}'"
                    )));
                }
                let cells = {
                    let mut cells = Cells::new(max_cells);
                    let mut rd = wb
                        .worksheet_cells_reader(name)
                        .map_err(|e| error(&e, false))?;
                    while let Some(c) = rd.next_cell().map_err(|e| error(&e, false))? {
                        let (r, col) = c.get_position();
                        cells.push(r, col, from_data_ref(c.get_value(), date1904))?;
                    }
                    cells
                };
                // Merges are a help for the table layer; a sheet whose merges cannot be read
                // is still read.
                let merges = layout.merges.remove(name).unwrap_or_default();
                finish(name, cells, merges, date1904, true)
            }))
        }
        Content::Xlsb => {
            // Short cell records (SheetJS) written in full first: calamine skips them.
            let reader = Cursor::new(super::xlsb_short::expand(reader.into_inner())?);
            let mut wb: Xlsb<Bytes> = Xlsb::new(reader)
                .map_err(|e| error(&e, matches!(e, calamine::XlsbError::Password)))?;
            let date1904 = wb.has_1904_epoch();
            Ok(each_sheet(&mut wb, |wb, name| {
                let mut cells = Cells::new(max_cells);
                {
                    let mut rd = wb
                        .worksheet_cells_reader(name)
                        .map_err(|e| error(&e, false))?;
                    while let Some(c) = rd.next_cell().map_err(|e| error(&e, false))? {
                        let (r, col) = c.get_position();
                        cells.push(r, col, from_data_ref(c.get_value(), date1904))?;
                    }
                }
                finish(name, cells, Vec::new(), date1904, true)
            }))
        }
        Content::Xls => {
            let mut wb: Xls<Bytes> = Xls::new(reader)
                .map_err(|e| error(&e, filepass || matches!(e, calamine::XlsError::Password)))?;
            let date1904 = wb.has_1904_epoch();
            Ok(each_sheet(&mut wb, |wb, name| {
                let range = wb.worksheet_range(name).map_err(|e| error(&e, false))?;
                let cells = from_range(&range, max_cells, date1904)?;
                let merges = wb
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(merge_of)
                    .collect();
                finish(name, cells, merges, date1904, true)
            }))
        }
        Content::Ods => {
            super::guard_ods::check_sheets_end(&original)?;
            let ods_error =
                |e: calamine::OdsError| error(&e, matches!(e, calamine::OdsError::Password));
            let mut wb: Ods<Bytes> = match Ods::new(reader) {
                Ok(wb) => wb,
                // calamine insists on the exact `mimetype` entry that some producers leave
                // out or spell differently: give it one and try again.
                Err(
                    calamine::OdsError::FileNotFound("mimetype")
                    | calamine::OdsError::InvalidMime(_),
                ) => Ods::new(Cursor::new(with_ods_mimetype(&original)?)).map_err(ods_error)?,
                Err(e) => return Err(ods_error(e)),
            };
            Ok(each_sheet(&mut wb, |wb, name| {
                let range = wb.worksheet_range(name).map_err(|e| error(&e, false))?;
                let cells = from_range(&range, max_cells, false)?;
                finish(name, cells, Vec::new(), false, false)
            }))
        }
        Content::Text | Content::Xml2003 => Err(ReadError::UnknownFormat),
    }
}

/// The same ods with the `mimetype` entry calamine expects; the other entries are copied
/// as they are (not inflated).
fn with_ods_mimetype(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let corrupt = |e: zip::result::ZipError| ReadError::Corrupt(format!("zip: {e}"));
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 128)));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).map_err(corrupt)?;
    std::io::Write::write_all(&mut out, b"application/vnd.oasis.opendocument.spreadsheet")
        .map_err(|e| ReadError::Corrupt(e.to_string()))?;
    for i in 0..zin.len() {
        let f = zin.by_index_raw(i).map_err(corrupt)?;
        if f.name().map(|n| n == "mimetype").unwrap_or(false) {
            continue;
        }
        out.raw_copy_file(f).map_err(corrupt)?;
    }
    Ok(out.finish().map_err(corrupt)?.into_inner())
}

/// Read each sheet with `read`, catching a panic per sheet. A sheet that is not a worksheet
/// (chart sheet, macro sheet …) and cannot be read is listed as an empty sheet.
fn each_sheet<R, F>(wb: &mut R, mut read: F) -> Vec<SheetRead>
where
    R: Reader<Bytes>,
    F: FnMut(&mut R, &str) -> Result<Sheet, ReadError>,
{
    let sheets: Vec<(String, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let mut out = Vec::with_capacity(sheets.len());
    for (name, typ) in sheets {
        let result = quietly(|| read(wb, &name)).unwrap_or_else(|msg| Err(ReadError::Crashed(msg)));
        out.push(match result {
            Ok(sheet) => SheetRead::Ok(sheet),
            Err(_) if typ != SheetType::WorkSheet => SheetRead::Ok(Sheet {
                name,
                ..Sheet::default()
            }),
            Err(reason) => SheetRead::Failed { name, reason },
        });
    }
    out
}

fn from_range(
    range: &calamine::Range<Data>,
    max_cells: u64,
    date1904: bool,
) -> Result<Cells, ReadError> {
    let mut cells = Cells::new(max_cells);
    let Some((r0, c0)) = range.start() else {
        return Ok(cells);
    };
    for (r, c, v) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        cells.push(
            r0.saturating_add(r),
            c0.saturating_add(c),
            from_data(v, date1904),
        )?;
    }
    Ok(cells)
}

fn finish(
    name: &str,
    cells: Cells,
    merges: Vec<Merge>,
    date1904: bool,
    serials_are_dates: bool,
) -> Result<Sheet, ReadError> {
    Ok(Sheet {
        name: name.to_string(),
        rows: cells.into_rows()?,
        merges,
        date1904,
        serials_are_dates,
    })
}

/// A merged region as calamine gives it (xls).
fn merge_of(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// calamine's error in a few plain words; its password errors are `Encrypted`.
fn error(e: &dyn std::fmt::Display, password: bool) -> ReadError {
    if password {
        return ReadError::Encrypted;
    }
    let mut detail = e.to_string();
    if detail.chars().count() > 160 {
        detail = detail.chars().take(160).collect::<String>() + "…";
    }
    ReadError::Corrupt(detail)
}

fn from_data(v: &Data, date1904: bool) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => from_serial(d.as_f64(), d.is_duration(), date1904),
        Data::DateTimeIso(s) => from_iso_datetime(s),
        Data::DurationIso(s) => from_iso_duration(s),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn from_data_ref(v: &DataRef<'_>, date1904: bool) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => from_serial(d.as_f64(), d.is_duration(), date1904),
        DataRef::DateTimeIso(s) => from_iso_datetime(s),
        DataRef::DurationIso(s) => from_iso_duration(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

const SECONDS_PER_DAY: i64 = 86_400;
/// 9999-12-31 is serial 2,958,465 in the 1900 system.
const MAX_SERIAL: f64 = 2_958_466.0;

/// A date-formatted serial: a time when below 1 (or a duration under a day), else a date-time
/// in the workbook's 1900/1904 system, rounded to the nearest second. A serial outside the
/// calendar stays a number.
pub(crate) fn from_serial(v: f64, duration: bool, date1904: bool) -> Cell {
    if !v.is_finite() || v < 0.0 {
        return Cell::Number(v);
    }
    if v < 1.0 {
        return Cell::Time(time_of(v));
    }
    if duration || v >= MAX_SERIAL {
        return Cell::Number(v);
    }
    let total = (v * SECONDS_PER_DAY as f64).round() as i64;
    // 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 (serial 60), so
    // serials from 61 on are counted from 1899-12-30, those below from 1899-12-31.
    let epoch = match (date1904, v >= 60.0) {
        (true, _) => NaiveDate::from_ymd_opt(1904, 1, 1),
        (false, true) => NaiveDate::from_ymd_opt(1899, 12, 30),
        (false, false) => NaiveDate::from_ymd_opt(1899, 12, 31),
    };
    match epoch
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.checked_add_signed(Duration::seconds(total)))
    {
        Some(dt) => Cell::DateTime(dt),
        None => Cell::Number(v),
    }
}

/// The time of day of a fraction of a day, to the nearest second (at most 23:59:59).
fn time_of(fraction: f64) -> NaiveTime {
    let secs =
        ((fraction * SECONDS_PER_DAY as f64).round() as i64).clamp(0, SECONDS_PER_DAY - 1) as u32;
    NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or(NaiveTime::MIN)
}

/// ods dates: `2020-02-03`, `2020-02-03T08:30:00[.5]`. Unparseable text stays text.
fn from_iso_datetime(s: &str) -> Cell {
    let t = s.trim();
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return Cell::DateTime(round_second(dt));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        if let Some(dt) = d.and_hms_opt(0, 0, 0) {
            return Cell::DateTime(dt);
        }
    }
    if let Ok(time) = NaiveTime::parse_from_str(t, "%H:%M:%S%.f") {
        return Cell::Time(time.with_nanosecond(0).unwrap_or(time));
    }
    Cell::Text(s.to_string())
}

fn round_second(dt: NaiveDateTime) -> NaiveDateTime {
    let up = dt.nanosecond() >= 500_000_000;
    let dt = dt.with_nanosecond(0).unwrap_or(dt);
    if up {
        dt.checked_add_signed(Duration::seconds(1)).unwrap_or(dt)
    } else {
        dt
    }
}

/// ods times and durations: `PT08H30M00S`, `P0DT1H`, … A duration under a day is a time;
/// anything else stays text.
fn from_iso_duration(s: &str) -> Cell {
    match iso_duration_seconds(s.trim()) {
        Some(secs) if (0.0..SECONDS_PER_DAY as f64).contains(&secs) => {
            Cell::Time(time_of(secs / SECONDS_PER_DAY as f64))
        }
        _ => Cell::Text(s.to_string()),
    }
}

fn iso_duration_seconds(s: &str) -> Option<f64> {
    let rest = s.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0.0;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for ch in part.chars() {
            if ch.is_ascii_digit() || ch == '.' || ch == ',' {
                num.push(if ch == ',' { '.' } else { ch });
            } else {
                let factor = units.iter().find(|(u, _)| *u == ch)?.1;
                total += num.parse::<f64>().ok()? * factor;
                num.clear();
            }
        }
        num.is_empty().then_some(())
    };
    take(
        date_part,
        &[
            ('D', SECONDS_PER_DAY as f64),
            ('W', 7.0 * SECONDS_PER_DAY as f64),
        ],
    )?;
    take(time_part, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Cell {
        Cell::DateTime(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap(),
        )
    }

    fn tm(h: u32, m: u32, s: u32) -> Cell {
        Cell::Time(NaiveTime::from_hms_opt(h, m, s).unwrap())
    }

    #[test]
    fn serials() {
        assert_eq!(from_serial(43_831.0, false, false), dt(2020, 1, 1, 0, 0, 0));
        assert_eq!(
            from_serial(43_831.5, false, false),
            dt(2020, 1, 1, 12, 0, 0)
        );
        assert_eq!(
            from_serial(43_831.999_999_9, false, false),
            dt(2020, 1, 2, 0, 0, 0)
        );
        assert_eq!(from_serial(42_369.0, false, true), dt(2020, 1, 1, 0, 0, 0));
        assert_eq!(from_serial(1.0, false, false), dt(1900, 1, 1, 0, 0, 0));
        assert_eq!(from_serial(61.0, false, false), dt(1900, 3, 1, 0, 0, 0));
        assert_eq!(from_serial(0.5, false, false), tm(12, 0, 0));
        assert_eq!(from_serial(0.999_999_99, false, false), tm(23, 59, 59));
        assert_eq!(from_serial(0.25, true, false), tm(6, 0, 0));
        assert_eq!(from_serial(1.5, true, false), Cell::Number(1.5));
        assert_eq!(from_serial(-1.0, false, false), Cell::Number(-1.0));
        assert_eq!(from_serial(3e6, false, false), Cell::Number(3e6));
        assert!(matches!(from_serial(f64::NAN, false, false), Cell::Number(n) if n.is_nan()));
    }

    #[test]
    fn ods_values() {
        assert_eq!(from_iso_datetime("2020-02-03"), dt(2020, 2, 3, 0, 0, 0));
        assert_eq!(
            from_iso_datetime("2020-02-03T08:30:00"),
            dt(2020, 2, 3, 8, 30, 0)
        );
        assert_eq!(
            from_iso_datetime("2020-02-03T08:30:00.6"),
            dt(2020, 2, 3, 8, 30, 1)
        );
        assert_eq!(from_iso_datetime("later"), Cell::Text("later".into()));
        assert_eq!(from_iso_duration("PT08H30M00S"), tm(8, 30, 0));
        assert_eq!(from_iso_duration("PT8H30M15.6S"), tm(8, 30, 16));
        assert_eq!(from_iso_duration("P0DT1H"), tm(1, 0, 0));
        assert_eq!(from_iso_duration("PT25H"), Cell::Text("PT25H".into()));
        assert_eq!(from_iso_duration("-PT1H"), Cell::Text("-PT1H".into()));
        assert_eq!(from_iso_duration("PTxH"), Cell::Text("PTxH".into()));
    }
}
