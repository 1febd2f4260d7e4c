//! Guards for .xls (OLE2 / BIFF) before calamine opens it. calamine 0.38 follows sector
//! chains until they end or reach the length a directory entry declares, so a chain that
//! loops grows a buffer without bound (`XLS-oleloop.xls`, `git_issue_382_oom.xls`); it
//! reserves what a DIMENSIONS record declares; and it lays every sheet out densely over the
//! bounding box of its cells, all while the workbook opens. This module walks the same
//! chains calamine will walk, refusing loops, and scans each sheet's cell records for the
//! declared dimensions and the bounding box, before anything is allocated.
//!
//! Anything it cannot make sense of is left to calamine, which reports it as corrupt: the
//! guard only refuses what would make the reader allocate without bound.

use super::{LimitKind, ReadError};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Streams below this size live in the mini stream.
const MINI_CUTOFF: u64 = 4096;
/// The largest sheet BIFF8 can describe: 65,536 rows × 256 columns.
const BIFF_MAX_CELLS: u64 = 65_536 * 256;

/// `Err` when reading `bytes` with calamine would allocate without bound.
pub(crate) fn check(bytes: &[u8], max_cells: u64) -> Result<(), ReadError> {
    let Some(cfb) = Cfb::parse(bytes)? else {
        return Ok(());
    };
    let stream = cfb
        .stream("Workbook")
        .or_else(|| cfb.stream("Book"))
        .transpose()?;
    match stream {
        Some(s) => check_sheets(&s, max_cells),
        None => Ok(()),
    }
}

fn looped() -> ReadError {
    ReadError::Corrupt("the file's sector chain loops back on itself".into())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

struct Dir {
    name: String,
    start: u32,
    len: u64,
}

/// The parts of a compound file that calamine reads, as calamine reads them.
struct Cfb<'a> {
    bytes: &'a [u8],
    size: usize,
    maxid: u32,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    ministream: Vec<u8>,
    dirs: Vec<Dir>,
}

impl<'a> Cfb<'a> {
    /// `Ok(None)` when the header is not one calamine would accept (it reports that itself).
    fn parse(bytes: &'a [u8]) -> Result<Option<Cfb<'a>>, ReadError> {
        let Some(header) = bytes.get(..512) else {
            return Ok(None);
        };
        let (size, v3) = match u16_at(header, 30) {
            Some(9) => (512usize, true),
            Some(12) => (4096, false),
            _ => return Ok(None),
        };
        let maxid = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
        let mut cfb = Cfb {
            bytes,
            size,
            maxid,
            fat: Vec::new(),
            minifat: Vec::new(),
            ministream: Vec::new(),
            dirs: Vec::new(),
        };
        // DIFAT: 109 entries in the header, then a chain calamine bounds by `maxid`.
        let mut difat: Vec<u32> = header[76..512]
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect();
        let mut id = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
        let mut steps = 0u64;
        while id < RESERVED {
            steps += 1;
            if steps > u64::from(maxid) + 1 {
                return Ok(None);
            }
            let Some(sector) = cfb.sector(id) else {
                return Ok(None);
            };
            difat.extend(sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
            id = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            let Some(sector) = cfb.sector(id) else {
                return Ok(None);
            };
            cfb.fat
                .extend(sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        }
        let dir_start = u32_at(header, 48).unwrap_or(ENDOFCHAIN);
        let dir_bytes = cfb.read_chain(dir_start, u64::MAX, false)?;
        cfb.dirs = dir_bytes
            .chunks_exact(128)
            .map(|d| Dir {
                name: name_of(d),
                start: u32_at(d, 116).unwrap_or(ENDOFCHAIN),
                len: if v3 {
                    u64::from(u32_at(d, 120).unwrap_or(0))
                } else {
                    u64_at(d, 120).unwrap_or(0)
                },
            })
            .collect();
        let mini_fat_len = u64::from(u32_at(header, 64).unwrap_or(0));
        if let Some(root) = cfb.dirs.first() {
            if mini_fat_len > 0 {
                let (start, len) = (root.start, root.len);
                cfb.ministream = cfb.read_chain(start, len, false)?;
                let minifat_start = u32_at(header, 60).unwrap_or(ENDOFCHAIN);
                let minifat = cfb.read_chain(minifat_start, mini_fat_len * size as u64, false)?;
                cfb.minifat = minifat
                    .chunks_exact(4)
                    .filter_map(|c| u32_at(c, 0))
                    .collect();
            }
        }
        // The property streams calamine reads too (the first entry of each name).
        for name in ["\u{5}SummaryInformation", "\u{5}DocumentSummaryInformation"] {
            if let Some(d) = cfb.dirs.iter().find(|d| d.name.eq_ignore_ascii_case(name)) {
                cfb.walk(d.start, d.len, d.len < MINI_CUTOFF)?;
            }
        }
        Ok(Some(cfb))
    }

    /// Sector `id` (it follows the header, which takes one sector), cut at the end of file.
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        if id > self.maxid {
            return None;
        }
        let start = (id as usize + 1).checked_mul(self.size)?;
        let end = start.saturating_add(self.size).min(self.bytes.len());
        self.bytes.get(start..end)
    }

    fn mini_sector(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_mul(64)?;
        let end = start.saturating_add(64).min(self.ministream.len());
        self.ministream.get(start..end)
    }

    /// Follow a chain as calamine does (until its end or `len` bytes), refusing a loop.
    /// Reports each sector found to `each`; stops quietly where calamine would fail.
    fn follow(
        &self,
        start: u32,
        len: u64,
        mini: bool,
        mut each: impl FnMut(&[u8]),
    ) -> Result<(), ReadError> {
        let (fat, unit, maxid) = if mini {
            (&self.minifat, 64u64, self.maxid.saturating_mul(8))
        } else {
            (&self.fat, self.size as u64, self.maxid)
        };
        let mut seen = std::collections::HashSet::new();
        let (mut id, mut got) = (start, 0u64);
        while id != ENDOFCHAIN {
            if id > maxid {
                return Ok(());
            }
            if !seen.insert(id) {
                return Err(looped());
            }
            let sector = if mini {
                self.mini_sector(id)
            } else {
                self.sector(id)
            };
            if let Some(s) = sector {
                each(s);
            }
            got = got.saturating_add(unit);
            if got >= len {
                return Ok(());
            }
            let Some(&next) = fat.get(id as usize) else {
                return Ok(());
            };
            id = next;
        }
        Ok(())
    }

    fn walk(&self, start: u32, len: u64, mini: bool) -> Result<(), ReadError> {
        self.follow(start, len, mini, |_| ())
    }

    fn read_chain(&self, start: u32, len: u64, mini: bool) -> Result<Vec<u8>, ReadError> {
        let mut out = Vec::new();
        self.follow(start, len, mini, |s| out.extend_from_slice(s))?;
        out.truncate(usize::try_from(len).unwrap_or(usize::MAX));
        Ok(out)
    }

    /// The named stream's bytes (names compared ignoring ASCII case, as calamine does).
    fn stream(&self, name: &str) -> Option<Result<Vec<u8>, ReadError>> {
        let d = self
            .dirs
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))?;
        Some(self.read_chain(d.start, d.len, d.len < MINI_CUTOFF))
    }
}

fn name_of(d: &[u8]) -> String {
    let units: Vec<u16> = d[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// Each sheet's DIMENSIONS record and the bounding box of its cell records, found from the
/// BoundSheet records of the workbook globals as calamine finds them.
fn check_sheets(stream: &[u8], max_cells: u64) -> Result<(), ReadError> {
    let mut starts = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 => starts.extend(u32_at(data, 0).map(|p| p as usize)),
            0x000A => break,
            _ => {}
        }
    }
    for start in starts {
        let Some(sheet) = stream.get(start..) else {
            continue;
        };
        check_sheet(sheet, max_cells)?;
    }
    Ok(())
}

fn check_sheet(sheet: &[u8], max_cells: u64) -> Result<(), ReadError> {
    let mut bbox = BoundingBox::default();
    let mut depth = 0usize;
    let mut seen_bof = false;
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let declared = declared_cells(data);
                if declared > BIFF_MAX_CELLS {
                    return Err(ReadError::Corrupt(format!(
                        "a sheet declares {declared} cells, more than the format allows"
                    )));
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    bbox.add(r, c);
                }
            }
            0x00BD => {
                // MulRk: row, first column, 6 bytes per cell, last column.
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    let n = data.len().saturating_sub(6) / 6;
                    bbox.add(r, c);
                    let last = u16::try_from(usize::from(c) + n.saturating_sub(1));
                    bbox.add(r, last.unwrap_or(u16::MAX));
                }
            }
            _ => {}
        }
        let found = bbox.cells();
        if found > max_cells {
            return Err(ReadError::Limit {
                what: LimitKind::CellsPerSheet,
                found,
                limit: max_cells,
            });
        }
    }
    Ok(())
}

/// rows × columns of a DIMENSIONS record, with calamine's reading of it (u32 arithmetic).
fn declared_cells(r: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16_at(r, 0).unwrap_or(0)),
            u32::from(u16_at(r, 2).unwrap_or(0)),
            u32::from(u16_at(r, 4).unwrap_or(0)),
            u32::from(u16_at(r, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(r, 0).unwrap_or(0),
            u32_at(r, 4).unwrap_or(0),
            u32::from(u16_at(r, 8).unwrap_or(0)),
            u32::from(u16_at(r, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 0;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

#[derive(Default)]
struct BoundingBox(Option<(u16, u16, u16, u16)>);

impl BoundingBox {
    fn add(&mut self, r: u16, c: u16) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }
    fn cells(&self) -> u64 {
        match self.0 {
            None => 0,
            Some((r0, r1, c0, c1)) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
        }
    }
}

/// BIFF records `(type, data)` until the bytes run out (CONTINUE records come as their own).
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(s, 0)?;
        let len = usize::from(u16_at(s, 2)?);
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        Some((typ, data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    fn cell(r: u16, c: u16) -> Vec<u8> {
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend([0u8; 10]);
        rec(0x0203, &d)
    }

    #[test]
    fn dimensions_and_bounding_box() {
        let bof = rec(0x0809, &[0; 16]);
        let eof = rec(0x000A, &[]);
        let sheet = |body: Vec<Vec<u8>>| {
            let mut s = bof.clone();
            s.extend(body.concat());
            s.extend(eof.clone());
            s
        };
        assert!(check_sheet(&sheet(vec![cell(0, 0), cell(100, 10)]), 10_000).is_ok());
        assert!(matches!(
            check_sheet(&sheet(vec![cell(0, 0), cell(65_535, 255)]), 10_000_000),
            Err(ReadError::Limit {
                found: 16_777_216,
                ..
            })
        ));
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(1_000_000u32.to_le_bytes());
        dims.extend([0, 0, 0xFF, 0xFF, 0, 0]);
        assert!(matches!(
            check_sheet(&sheet(vec![rec(0x0200, &dims)]), 10_000_000),
            Err(ReadError::Corrupt(_))
        ));
        assert_eq!(declared_cells(&[0, 0, 0, 1, 0, 0, 0, 1, 0, 0]), 65_536);
        // An embedded chart's records do not count.
        let chart = [bof.clone(), cell(60_000, 200), eof.clone()].concat();
        assert!(check_sheet(&sheet(vec![chart, cell(0, 0)]), 100).is_ok());
    }
}
