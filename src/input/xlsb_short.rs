//! xlsb cells in the short record forms, which calamine 0.38 skips: SheetJS (and Aspose
//! with `ExportAllColumnIndexes = false`) write every cell after the first of a row as
//! `BrtShortBlank` … `BrtShortIsst` (record ids 12–18), the full cell record without its
//! 4-byte column: the column is the previous cell's plus one. Inline rich strings
//! (`BrtCellRString`, id 62) are skipped by calamine as well. Before calamine opens the
//! workbook, the sheets that hold such records are rewritten with the full forms
//! (`BrtCellBlank` … `BrtCellIsst`, ids 1–7; `BrtCellSt` for a rich string); a workbook
//! without them is passed on untouched.
//!
//! MS-XLSB defines no short form of the formula records (`BrtFmla*`): formula cells always
//! carry their column.

use std::io::{Cursor, Read, Write};

use super::ReadError;

const ROW_HEADER: u16 = 0x0000;
const BEGIN_SHEET_DATA: u16 = 0x0091;
const END_SHEET_DATA: u16 = 0x0092;
/// `BrtCellBlank` … `BrtFmlaError`: cell records that start with their column.
const FULL_CELLS: std::ops::RangeInclusive<u16> = 0x0001..=0x000B;
/// `BrtShortBlank` … `BrtShortIsst`: the same as ids 1–7 without the column.
const SHORT_CELLS: std::ops::RangeInclusive<u16> = 0x000C..=0x0012;
const SHORT_TO_FULL: u16 = 11;
const CELL_RSTRING: u16 = 0x003E;
const CELL_ST: u16 = 0x0006;

/// The workbook with its short cell records written in full; the same bytes when it has
/// none (or is no zip calamine could read anyway: calamine then says what is wrong).
pub(crate) fn expand(bytes: Vec<u8>) -> Result<Vec<u8>, ReadError> {
    let changed = {
        let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(&bytes[..])) else {
            return Ok(bytes);
        };
        let mut changed: Vec<(usize, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            let Ok(f) = zip.by_index(i) else {
                continue;
            };
            let Ok(name) = f.name().map(|n| n.replace('\\', "/").to_ascii_lowercase()) else {
                continue;
            };
            if !(name.contains("worksheets/") && name.ends_with(".bin")) {
                continue;
            }
            let declared = f.size();
            if !needs_rewrite(std::io::BufReader::new(f)) {
                continue;
            }
            let Ok(f) = zip.by_index(i) else {
                continue;
            };
            let mut part = Vec::new();
            if f.take(declared.saturating_add(1))
                .read_to_end(&mut part)
                .is_err()
            {
                continue;
            }
            if part.len() as u64 > declared {
                return Err(ReadError::Corrupt(format!(
                    "{name} is larger than the zip directory says"
                )));
            }
            changed.push((i, rewrite(&part)));
        }
        changed
    };
    if changed.is_empty() {
        return Ok(bytes);
    }
    rezip(&bytes, changed)
}

/// The workbook with the parts at the given indexes replaced (stored uncompressed); the
/// other parts copied as they are.
fn rezip(bytes: &[u8], mut changed: Vec<(usize, Vec<u8>)>) -> Result<Vec<u8>, ReadError> {
    let corrupt = |e: zip::result::ZipError| ReadError::Corrupt(format!("zip: {e}"));
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let extra: usize = changed.iter().map(|(_, p)| p.len()).sum();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + extra)));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(extra > u32::MAX as usize / 2);
    for i in 0..zin.len() {
        if let Some(pos) = changed.iter().position(|(j, _)| *j == i) {
            let (_, part) = changed.swap_remove(pos);
            let name = zin
                .by_index_raw(i)
                .map_err(corrupt)?
                .name()
                .map_err(corrupt)?
                .to_string();
            out.start_file(name, stored).map_err(corrupt)?;
            out.write_all(&part)
                .map_err(|e| ReadError::Corrupt(e.to_string()))?;
            continue;
        }
        let f = zin.by_index_raw(i).map_err(corrupt)?;
        out.raw_copy_file(f).map_err(corrupt)?;
    }
    Ok(out.finish().map_err(corrupt)?.into_inner())
}

/// A BIFF12 record's header: (type, payload length), or `None` at the end (or a truncated
/// header, which calamine reports).
fn header(r: &mut impl Read) -> Option<(u16, u32)> {
    let mut byte = || {
        let mut b = [0u8; 1];
        r.read_exact(&mut b).ok().map(|()| b[0])
    };
    let b = byte()?;
    let typ = if b & 0x80 != 0 {
        u16::from(b & 0x7F) | (u16::from(byte()? & 0x7F) << 7)
    } else {
        u16::from(b)
    };
    let mut len = 0u32;
    for i in 0..4 {
        let b = byte()?;
        len |= u32::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            break;
        }
    }
    Some((typ, len))
}

/// Does the sheet part hold a short cell record or a rich string cell in its sheet data?
/// Reads the part once, without keeping it.
fn needs_rewrite(mut r: impl Read) -> bool {
    let mut in_data = false;
    while let Some((typ, len)) = header(&mut r) {
        match typ {
            BEGIN_SHEET_DATA => in_data = true,
            END_SHEET_DATA => return false,
            t if in_data && (SHORT_CELLS.contains(&t) || t == CELL_RSTRING) => return true,
            _ => {}
        }
        let skipped = std::io::copy(&mut (&mut r).take(u64::from(len)), &mut std::io::sink());
        if skipped.map_or(true, |n| n < u64::from(len)) {
            return false;
        }
    }
    false
}

/// The part with every short cell record of its sheet data written in full, and every rich
/// string cell as a plain string cell. A truncated record ends the rewrite: the rest is
/// copied as it is.
fn rewrite(part: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(part.len() + part.len() / 4);
    let mut pos = 0usize;
    let mut in_data = false;
    // The column of the previous cell of the row (-1 before the first).
    let mut prev_col: i64 = -1;
    while pos < part.len() {
        let mut r = &part[pos..];
        let Some((typ, len)) = header(&mut r) else {
            break;
        };
        let head_len = part.len() - pos - r.len();
        let start = pos + head_len;
        let Some(payload) = start
            .checked_add(len as usize)
            .and_then(|end| part.get(start..end))
        else {
            break;
        };
        let record = &part[pos..start + payload.len()];
        pos = start + payload.len();
        match typ {
            BEGIN_SHEET_DATA => in_data = true,
            END_SHEET_DATA => in_data = false,
            ROW_HEADER if in_data => prev_col = -1,
            t if in_data && FULL_CELLS.contains(&t) && payload.len() >= 4 => {
                prev_col = i64::from(u32::from_le_bytes([
                    payload[0], payload[1], payload[2], payload[3],
                ]));
            }
            t if in_data && SHORT_CELLS.contains(&t) => {
                let col = u32::try_from(prev_col + 1).unwrap_or(u32::MAX);
                prev_col = i64::from(col);
                let mut full = Vec::with_capacity(payload.len() + 4);
                full.extend_from_slice(&col.to_le_bytes());
                full.extend_from_slice(payload);
                write_record(&mut out, t - SHORT_TO_FULL, &full);
                continue;
            }
            CELL_RSTRING if in_data => {
                if let Some(st) = plain_string(payload) {
                    if payload.len() >= 4 {
                        prev_col = i64::from(u32::from_le_bytes([
                            payload[0], payload[1], payload[2], payload[3],
                        ]));
                    }
                    write_record(&mut out, CELL_ST, &st);
                    continue;
                }
            }
            _ => {}
        }
        out.extend_from_slice(record);
    }
    out.extend_from_slice(&part[pos..]);
    out
}

/// `BrtCellRString` (Cell, a flags byte, XLWideString, runs …) as a `BrtCellSt` payload
/// (Cell, XLWideString).
fn plain_string(payload: &[u8]) -> Option<Vec<u8>> {
    let cell = payload.get(..8)?;
    let chars = payload.get(9..13)?;
    let n = u32::from_le_bytes([chars[0], chars[1], chars[2], chars[3]]) as usize;
    let text = payload.get(13..13usize.checked_add(n.checked_mul(2)?)?)?;
    let mut out = Vec::with_capacity(12 + text.len());
    out.extend_from_slice(cell);
    out.extend_from_slice(chars);
    out.extend_from_slice(text);
    Some(out)
}

fn write_record(out: &mut Vec<u8>, typ: u16, payload: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8 & 0x7F);
    }
    let mut len = payload.len() as u32;
    for _ in 0..4 {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(payload);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(&mut out, typ, payload);
        out
    }

    fn style() -> [u8; 4] {
        [0, 0, 0, 0]
    }

    #[test]
    fn short_cells_get_their_columns() {
        let row = |r: u32| {
            let mut p = r.to_le_bytes().to_vec();
            p.extend([0u8; 13]);
            rec(ROW_HEADER, &p)
        };
        let rk = |v: i32| ((v << 2) | 2).to_le_bytes();
        let mut part = rec(0x0081, &[]);
        part.extend(rec(BEGIN_SHEET_DATA, &[]));
        part.extend(row(0));
        // Full RK at column 2, then a short RK (column 3) and a short blank (column 4),
        // a short real (column 5).
        let mut full = 2u32.to_le_bytes().to_vec();
        full.extend(style());
        full.extend(rk(7));
        part.extend(rec(0x0002, &full));
        part.extend(rec(0x000D, &[style().as_slice(), &rk(8)].concat()));
        part.extend(rec(0x000C, &style()));
        part.extend(rec(
            0x0010,
            &[style().as_slice(), &1.5f64.to_le_bytes()].concat(),
        ));
        // A new row starting with a short cell: column A.
        part.extend(row(1));
        part.extend(rec(
            0x0012,
            &[style().as_slice(), &0u32.to_le_bytes()].concat(),
        ));
        part.extend(rec(END_SHEET_DATA, &[]));
        assert!(needs_rewrite(&part[..]));
        let out = rewrite(&part);
        let mut r = &out[..];
        let mut seen = Vec::new();
        while let Some((typ, len)) = header(&mut r) {
            let (p, rest) = r.split_at(len as usize);
            r = rest;
            if (1..=7).contains(&typ) {
                seen.push((typ, u32::from_le_bytes([p[0], p[1], p[2], p[3]]), p.len()));
            }
            assert!(!SHORT_CELLS.contains(&typ));
        }
        assert_eq!(
            seen,
            vec![(2, 2, 12), (2, 3, 12), (1, 4, 8), (5, 5, 16), (7, 0, 12)]
        );
        // Without short records nothing is rewritten.
        let mut plain = rec(BEGIN_SHEET_DATA, &[]);
        plain.extend(rec(0x0002, &full));
        plain.extend(rec(END_SHEET_DATA, &[]));
        assert!(!needs_rewrite(&plain[..]));
        // Truncated input neither panics nor loses the bytes.
        for cut in 0..part.len() {
            let out = rewrite(&part[..cut]);
            assert!(out.len() >= cut);
            let _ = needs_rewrite(&part[..cut]);
        }
    }

    #[test]
    fn rich_strings_become_plain_strings() {
        let mut p = 1u32.to_le_bytes().to_vec();
        p.extend(style());
        p.push(1); // fRichStr
        p.extend(2u32.to_le_bytes());
        p.extend("社区".encode_utf16().flat_map(|u| u.to_le_bytes()));
        p.extend(1u32.to_le_bytes()); // one run
        p.extend([0u8; 4]);
        let st = plain_string(&p).unwrap();
        assert_eq!(st.len(), 8 + 4 + 4);
        assert_eq!(&st[12..], &p[13..17]);
        assert_eq!(plain_string(&p[..10]), None);
    }

    #[test]
    fn long_records_and_types() {
        let payload = vec![0u8; 300];
        let r = rec(0x01E5, &payload);
        let mut s = &r[..];
        assert_eq!(header(&mut s), Some((0x01E5, 300)));
        assert_eq!(s.len(), 300);
    }
}
