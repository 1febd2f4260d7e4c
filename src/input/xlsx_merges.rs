//! Merged regions of every sheet of an xlsx, found by scanning each sheet's XML for
//! `<mergeCell ref="…"/>` instead of letting calamine parse every sheet a second time
//! (`merge_cells_by_sheet_name` re-reads the whole sheet: an eighth of the build time).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::Merge;

/// What the workbook's parts say about its sheets before calamine reads them.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Sheet name → merged regions.
    pub merges: HashMap<String, Vec<Merge>>,
    /// Sheet name → the earlier sheet whose data part it names too. Excel never writes
    /// this; a forged workbook does it to have one large part inflated once per sheet.
    pub shared: HashMap<String, String>,
}

/// Merged regions and shared parts of every sheet. Anything unreadable just gives none.
pub(crate) fn xlsx_merges(bytes: &[u8]) -> Layout {
    let mut out = Layout::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let (Some(workbook), Some(rels)) = (
        entry(&mut zip, "xl/workbook.xml"),
        entry(&mut zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    let targets: HashMap<String, String> = elements(&rels, "Relationship", &["Id", "Target"])
        .into_iter()
        .filter_map(|mut v| Some((v[0].take()?, v[1].take()?)))
        .collect();
    let mut first_of: HashMap<String, String> = HashMap::new();
    for v in elements(&workbook, "sheet", &["name", "r:id"]) {
        let (Some(name), Some(id)) = (&v[0], &v[1]) else {
            continue;
        };
        let Some(target) = targets.get(id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        if let Some(first) = first_of.get(&path) {
            out.shared.insert(name.clone(), first.clone());
            continue;
        }
        first_of.insert(path.clone(), name.clone());
        let Some(xml) = merge_section(&mut zip, &path) else {
            continue;
        };
        let merges: Vec<Merge> = elements(&xml, "mergeCell", &["ref"])
            .into_iter()
            .filter_map(|v| parse_ref(v[0].as_deref()?))
            .collect();
        if !merges.is_empty() {
            out.merges.insert(name.clone(), merges);
        }
    }
    out
}

fn entry<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let mut f = zip.by_name(name).ok()?;
    let mut buf = Vec::with_capacity(f.size().min(64 << 20) as usize);
    f.read_to_end(&mut buf).ok()?;
    Some(buf)
}

const MARK: &[u8] = b"<mergeCells";

/// The sheet's XML from `<mergeCells` to its end, found while inflating it in pieces: the
/// sheet is never held whole (the cells come before it and are not needed here).
fn merge_section<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    from_mark(zip.by_name(name).ok()?, 64 * 1024)
}

/// Everything from the first `<mergeCells` on, reading `piece` bytes at a time.
fn from_mark(mut r: impl Read, piece: usize) -> Option<Vec<u8>> {
    let finder = memchr::memmem::Finder::new(MARK);
    let mut window: Vec<u8> = Vec::with_capacity(piece + MARK.len());
    let mut buf = vec![0u8; piece];
    loop {
        let n = r.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        window.extend_from_slice(&buf[..n]);
        if let Some(at) = finder.find(&window) {
            let mut rest = window.split_off(at);
            r.read_to_end(&mut rest).ok()?;
            return Some(rest);
        }
        // Keep the tail that may hold the start of the mark.
        let keep = window.len().min(MARK.len() - 1);
        window.drain(..window.len() - keep);
    }
}

/// The given attributes of every element with this local name (prefix ignored for the
/// element; attribute names matched as written).
fn elements(xml: &[u8], local: &str, attrs: &[&str]) -> Vec<Vec<Option<String>>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == local => {
                let mut values = vec![None; attrs.len()];
                for a in e.attributes().flatten() {
                    if let Some(i) = attrs.iter().position(|n| *n == a.key.as_ref()) {
                        values[i] = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned());
                    }
                }
                out.push(values);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// `A1:L1` → 0-based inclusive region; a single cell `B2` is a 1×1 region.
fn parse_ref(r: &str) -> Option<Merge> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (r1, c1) = parse_cell(a)?;
    let (r2, c2) = parse_cell(b)?;
    Some(Merge {
        first_row: r1.min(r2),
        first_col: c1.min(c2),
        last_row: r1.max(r2),
        last_col: c1.max(c2),
    })
}

fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for b in s[..letters].bytes() {
        col = col * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u32;
    }
    let row: u32 = s[letters..].trim_start_matches('$').parse().ok()?;
    (row >= 1 && col >= 1).then(|| (row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(
            parse_ref("A1:L1"),
            Some(Merge {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 11
            })
        );
        assert_eq!(
            parse_ref("$B$2:$C$5"),
            Some(Merge {
                first_row: 1,
                first_col: 1,
                last_row: 4,
                last_col: 2
            })
        );
        assert_eq!(
            parse_ref("AA10"),
            Some(Merge {
                first_row: 9,
                first_col: 26,
                last_row: 9,
                last_col: 26
            })
        );
        assert_eq!(
            parse_ref("XFD1048576:A1").map(|m| (m.first_col, m.last_col)),
            Some((0, 16383))
        );
        assert_eq!(parse_ref("1:2"), None);
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("ABCD1"), None);
    }

    #[test]
    fn the_mark_is_found_across_pieces() {
        let xml = b"<sheetData><row/></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
        let at = memchr::memmem::find(xml, MARK).unwrap();
        for piece in 1..xml.len() + 2 {
            let got = from_mark(&xml[..], piece);
            assert_eq!(got.as_deref(), Some(&xml[at..]), "piece {piece}");
        }
        assert_eq!(from_mark(&b"<sheetData/><mergeCell"[..], 3), None);
    }

    #[test]
    fn merges_of_a_real_workbook() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("一组").unwrap();
        ws.merge_range(0, 0, 0, 5, "title", &rust_xlsxwriter::Format::new())
            .unwrap();
        ws.merge_range(3, 1, 5, 1, "x", &rust_xlsxwriter::Format::new())
            .unwrap();
        wb.add_worksheet().set_name("plain").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let layout = xlsx_merges(&bytes);
        assert!(layout.shared.is_empty());
        let m = layout.merges;
        assert_eq!(m.len(), 1);
        assert_eq!(
            m["一组"],
            vec![
                Merge {
                    first_row: 0,
                    first_col: 0,
                    last_row: 0,
                    last_col: 5
                },
                Merge {
                    first_row: 3,
                    first_col: 1,
                    last_row: 5,
                    last_col: 1
                }
            ]
        );
        assert!(xlsx_merges(b"not a zip").merges.is_empty());
    }
}
