//! The answer a reading child process sends back (`isolate`): a compact binary encoding of
//! `Result<Vec<SheetRead>, ReadError>`. Decoding never panics; a short or garbled answer is
//! an error.

use chrono::{DateTime, NaiveTime, Timelike};

use super::{Cell, LimitKind, Merge, ReadError, Sheet, SheetRead};

const MAGIC: &[u8; 4] = b"GRW1";

pub(crate) fn encode(result: &Result<Vec<SheetRead>, ReadError>) -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    match result {
        Ok(sheets) => {
            w.u8(0);
            w.len(sheets.len());
            for s in sheets {
                match s {
                    SheetRead::Ok(sheet) => {
                        w.u8(0);
                        w.sheet(sheet);
                    }
                    SheetRead::Failed { name, reason } => {
                        w.u8(1);
                        w.str(name);
                        w.error(reason);
                    }
                }
            }
        }
        Err(e) => {
            w.u8(1);
            w.error(e);
        }
    }
    w.0
}

pub(crate) fn decode(bytes: &[u8]) -> Option<Result<Vec<SheetRead>, ReadError>> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let out = match r.u8()? {
        0 => {
            let n = r.len()?;
            let mut sheets = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                sheets.push(match r.u8()? {
                    0 => SheetRead::Ok(r.sheet()?),
                    1 => SheetRead::Failed {
                        name: r.str()?,
                        reason: r.error()?,
                    },
                    _ => return None,
                });
            }
            Ok(sheets)
        }
        1 => Err(r.error()?),
        _ => return None,
    };
    r.0.is_empty().then_some(out)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn sheet(&mut self, s: &Sheet) {
        self.str(&s.name);
        self.u8(u8::from(s.date1904) | (u8::from(s.serials_are_dates) << 1));
        self.len(s.merges.len());
        for m in &s.merges {
            for v in [m.first_row, m.first_col, m.last_row, m.last_col] {
                self.u32(v);
            }
        }
        self.len(s.rows.len());
        for row in &s.rows {
            self.len(row.len());
            for c in row {
                self.cell(c);
            }
        }
    }
    fn cell(&mut self, c: &Cell) {
        match c {
            Cell::Empty => self.u8(0),
            Cell::Text(s) => {
                self.u8(1);
                self.str(s);
            }
            Cell::Number(n) => {
                self.u8(2);
                self.u64(n.to_bits());
            }
            Cell::Bool(b) => self.u8(if *b { 4 } else { 3 }),
            Cell::DateTime(dt) => {
                self.u8(5);
                let utc = dt.and_utc();
                self.u64(utc.timestamp() as u64);
                self.u32(utc.timestamp_subsec_nanos());
            }
            Cell::Time(t) => {
                self.u8(6);
                self.u32(t.num_seconds_from_midnight());
                self.u32(t.nanosecond());
            }
            Cell::Error(s) => {
                self.u8(7);
                self.str(s);
            }
        }
    }
    fn error(&mut self, e: &ReadError) {
        match e {
            ReadError::Encrypted => self.u8(0),
            ReadError::WebPage => self.u8(1),
            ReadError::Empty => self.u8(2),
            ReadError::UnknownFormat => self.u8(3),
            ReadError::Corrupt(d) => {
                self.u8(4);
                self.str(d);
            }
            ReadError::Limit { what, found, limit } => {
                self.u8(5);
                self.u8(limit_tag(*what));
                self.u64(*found);
                self.u64(*limit);
            }
            ReadError::Crashed(d) => {
                self.u8(6);
                self.str(d);
            }
            ReadError::Io(d) => {
                self.u8(7);
                self.str(d);
            }
        }
    }
}

const LIMITS: [LimitKind; 5] = [
    LimitKind::FileMb,
    LimitKind::UncompressedMb,
    LimitKind::CellsPerSheet,
    LimitKind::SecondsPerFile,
    LimitKind::MemoryMb,
];

fn limit_tag(k: LimitKind) -> u8 {
    LIMITS.iter().position(|&l| l == k).unwrap_or(0) as u8
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, never more than the bytes left (each item takes at least one byte).
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn sheet(&mut self) -> Option<Sheet> {
        let name = self.str()?;
        let flags = self.u8()?;
        let n = self.len()?;
        let mut merges = Vec::with_capacity(n);
        for _ in 0..n {
            merges.push(Merge {
                first_row: self.u32()?,
                first_col: self.u32()?,
                last_row: self.u32()?,
                last_col: self.u32()?,
            });
        }
        let n = self.len()?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let m = self.len()?;
            let mut row = Vec::with_capacity(m);
            for _ in 0..m {
                row.push(self.cell()?);
            }
            rows.push(row);
        }
        Some(Sheet {
            name,
            rows,
            merges,
            date1904: flags & 1 != 0,
            serials_are_dates: flags & 2 != 0,
        })
    }
    fn cell(&mut self) -> Option<Cell> {
        Some(match self.u8()? {
            0 => Cell::Empty,
            1 => Cell::Text(self.str()?),
            2 => Cell::Number(f64::from_bits(self.u64()?)),
            3 => Cell::Bool(false),
            4 => Cell::Bool(true),
            5 => {
                let secs = self.u64()? as i64;
                let nanos = self.u32()?;
                Cell::DateTime(DateTime::from_timestamp(secs, nanos)?.naive_utc())
            }
            6 => {
                let secs = self.u32()?;
                let nanos = self.u32()?;
                Cell::Time(NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)?)
            }
            7 => Cell::Error(self.str()?),
            _ => return None,
        })
    }
    fn error(&mut self) -> Option<ReadError> {
        Some(match self.u8()? {
            0 => ReadError::Encrypted,
            1 => ReadError::WebPage,
            2 => ReadError::Empty,
            3 => ReadError::UnknownFormat,
            4 => ReadError::Corrupt(self.str()?),
            5 => ReadError::Limit {
                what: *LIMITS.get(usize::from(self.u8()?))?,
                found: self.u64()?,
                limit: self.u64()?,
            },
            6 => ReadError::Crashed(self.str()?),
            7 => ReadError::Io(self.str()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn round_trip() {
        let dt = NaiveDate::from_ymd_opt(2020, 2, 3)
            .unwrap()
            .and_hms_opt(8, 30, 1)
            .unwrap();
        let sheets = vec![
            SheetRead::Ok(Sheet {
                name: "表1".into(),
                rows: vec![
                    vec![],
                    vec![
                        Cell::Empty,
                        Cell::Text("社区".into()),
                        Cell::Number(-0.5),
                        Cell::Bool(true),
                        Cell::DateTime(dt),
                        Cell::Time(NaiveTime::from_hms_opt(23, 59, 59).unwrap()),
                        Cell::Error("#N/A".into()),
                    ],
                ],
                merges: vec![Merge {
                    first_row: 1,
                    first_col: 2,
                    last_row: 3,
                    last_col: 4,
                }],
                date1904: true,
                serials_are_dates: false,
            }),
            SheetRead::Failed {
                name: "x".into(),
                reason: ReadError::Limit {
                    what: LimitKind::MemoryMb,
                    found: 3,
                    limit: 2,
                },
            },
        ];
        let result = Ok(sheets);
        let bytes = encode(&result);
        let back = decode(&bytes).unwrap();
        assert_eq!(format!("{back:?}"), format!("{result:?}"));
        let err: Result<Vec<SheetRead>, ReadError> = Err(ReadError::Corrupt("zip".into()));
        assert_eq!(decode(&encode(&err)), Some(err));
        // Every prefix of an answer is refused, never a panic.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "{n}");
        }
    }
}
