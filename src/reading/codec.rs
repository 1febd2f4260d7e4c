//! The bytes between the run and its reading children: a compact encoding of what reading
//! one file gave (`FileResult`). Decoding never panics; a short or garbled answer is `None`.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::FileResult;
use crate::input::listing::{FileEntry, FileStatus, SheetEntry, SheetKind};
use crate::model::record::{Loc, Record, SheetLoc};
use crate::model::values::{Compound, Gender, IdCheck, Role};
use crate::vocab::cell::Cell;
use crate::vocab::issue::{Issue, PiiKind, Rule, Severity};
use crate::vocab::tables::{Field, TableKind};

const MAGIC: &[u8; 4] = b"GRF1";

pub(crate) fn encode(r: &FileResult) -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    w.entry(&r.entry);
    // Each sheet's place once, then the rows that name it by number.
    let mut sheets: Vec<&Arc<SheetLoc>> = Vec::new();
    let mut index: Vec<usize> = Vec::with_capacity(r.records.len());
    for rec in &r.records {
        let i = match sheets.iter().rposition(|s| Arc::ptr_eq(s, &rec.loc.sheet)) {
            Some(i) => i,
            None => {
                sheets.push(&rec.loc.sheet);
                sheets.len() - 1
            }
        };
        index.push(i);
    }
    w.len(sheets.len());
    for s in &sheets {
        w.sheet_loc(s);
    }
    w.len(r.records.len());
    for (rec, i) in r.records.iter().zip(index) {
        w.len(i);
        w.record(rec);
    }
    w.len(r.issues.len());
    for i in &r.issues {
        w.issue(i);
    }
    w.0
}

pub(crate) fn decode(bytes: &[u8]) -> Option<FileResult> {
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let entry = r.entry()?;
    let n = r.len()?;
    let mut sheets = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        sheets.push(Arc::new(r.sheet_loc()?));
    }
    let n = r.len()?;
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        let sheet = sheets.get(r.len()?)?.clone();
        records.push(r.record(sheet)?);
    }
    let n = r.len()?;
    let mut issues = Vec::with_capacity(n);
    for _ in 0..n {
        issues.push(r.issue()?);
    }
    r.0.is_empty().then_some(FileResult {
        entry,
        records,
        issues,
    })
}

pub(crate) struct Writer(pub(crate) Vec<u8>);

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: &Option<String>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u32(v);
            }
        }
    }
    fn date(&mut self, d: NaiveDate) {
        self.u32(d.num_days_from_ce() as u32);
    }
    fn opt_date(&mut self, d: Option<NaiveDate>) {
        match d {
            None => self.u8(0),
            Some(d) => {
                self.u8(1);
                self.date(d);
            }
        }
    }
    fn datetime(&mut self, dt: NaiveDateTime) {
        let utc = dt.and_utc();
        self.u64(utc.timestamp() as u64);
        self.u32(utc.timestamp_subsec_nanos());
    }
    fn tag<T: PartialEq + Copy>(&mut self, all: &[T], v: Option<T>) {
        self.u8(match v {
            None => 0,
            Some(v) => all.iter().position(|&a| a == v).map_or(0, |i| i as u8 + 1),
        });
    }
    fn entry(&mut self, e: &FileEntry) {
        self.str(&e.path);
        self.str(&e.format);
        self.tag(&STATUSES, Some(e.status));
        self.len(e.sheets.len());
        for s in &e.sheets {
            self.str(&s.name);
            self.str(s.kind.as_str());
            self.opt_u32(s.header_row);
            self.u64(s.rows);
            self.u64(s.rows_used);
        }
    }
    fn sheet_loc(&mut self, s: &SheetLoc) {
        self.str(&s.file);
        self.str(&s.sheet);
        let mut columns: Vec<(&Field, &u32)> = s.columns.iter().collect();
        columns.sort();
        self.len(columns.len());
        for (f, c) in columns {
            self.tag(&Field::ALL, Some(*f));
            self.u32(*c);
        }
        self.u8(u8::from(s.date1904) | (u8::from(s.serials_are_dates) << 1));
    }
    fn record(&mut self, r: &Record) {
        self.tag(&TableKind::ALL, Some(r.kind));
        self.u32(r.loc.row);
        self.u8(u8::from(r.excluded) | (u8::from(r.start_in_future) << 1));
        for s in [
            &r.community_text,
            &r.community,
            &r.big_grid,
            &r.building,
            &r.household_id,
            &r.head_name,
            &r.name,
            &r.address,
            &r.phone,
        ] {
            self.opt_str(s);
        }
        for v in [
            r.members,
            r.age,
            r.households_visited,
            r.new_arrivals,
            r.under_isolation,
            r.fever,
        ] {
            self.opt_u32(v);
        }
        for d in [r.screened_on, r.start, r.end, r.birth_date, r.report_date] {
            self.opt_date(d);
        }
        self.tag(&COMPOUNDS, r.compound);
        self.tag(&ROLES, r.role);
        self.tag(&GENDERS, r.gender);
        match r.submitted_at {
            None => self.u8(0),
            Some(dt) => {
                self.u8(1);
                self.datetime(dt);
            }
        }
        self.cell(&r.id_cell);
        match &r.id {
            None => self.u8(0),
            Some(IdCheck::Valid18 { id, birth, male }) => {
                self.u8(1);
                self.str(id);
                self.date(*birth);
                self.u8(u8::from(*male));
            }
            Some(IdCheck::Valid15 { id }) => {
                self.u8(2);
                self.str(id);
            }
            Some(IdCheck::AsNumber) => self.u8(3),
            Some(IdCheck::Invalid) => self.u8(4),
        }
    }
    fn issue(&mut self, i: &Issue) {
        self.tag(&SEVERITIES, Some(i.severity));
        self.tag(&Rule::ALL, Some(i.rule));
        for s in [
            &i.file,
            &i.sheet,
            &i.cell,
            &i.community,
            &i.community_key,
            &i.value,
        ] {
            self.opt_str(s);
        }
        self.opt_u32(i.row);
        self.opt_u32(i.col);
        self.str(&i.message);
        self.tag(&PII, i.pii);
    }
    pub(crate) fn cell(&mut self, c: &Cell) {
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
                self.datetime(*dt);
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
}

const STATUSES: [FileStatus; 3] = [
    FileStatus::Read,
    FileStatus::Skipped,
    FileStatus::Unreadable,
];
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
const COMPOUNDS: [Compound; 3] = [Compound::Gated, Compound::Unmanaged, Compound::Other];
const GENDERS: [Gender; 2] = [Gender::Male, Gender::Female];
const ROLES: [Role; 6] = [
    Role::Worker,
    Role::Informant,
    Role::Cadre,
    Role::Police,
    Role::Volunteer,
    Role::Other,
];
const PII: [PiiKind; 4] = [
    PiiKind::Name,
    PiiKind::IdNumber,
    PiiKind::Phone,
    PiiKind::Address,
];

pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, never more than the bytes left (each item takes at least one byte).
    pub(crate) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }
    pub(crate) fn bytes(&mut self) -> Option<&[u8]> {
        let n = self.len()?;
        self.take(n)
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.flag()? {
            Some(self.str()?)
        } else {
            None
        })
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        Some(if self.flag()? {
            Some(self.u32()?)
        } else {
            None
        })
    }
    fn date(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.u32()? as i32)
    }
    fn opt_date(&mut self) -> Option<Option<NaiveDate>> {
        Some(if self.flag()? {
            Some(self.date()?)
        } else {
            None
        })
    }
    fn datetime(&mut self) -> Option<NaiveDateTime> {
        let secs = self.u64()? as i64;
        let nanos = self.u32()?;
        Some(DateTime::from_timestamp(secs, nanos)?.naive_utc())
    }
    /// `Some(None)` for tag 0, the item for tags 1..; `None` for an unknown tag.
    fn tag<T: Copy>(&mut self, all: &[T]) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            n => all.get(usize::from(n) - 1).map(|&v| Some(v)),
        }
    }
    fn some_tag<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        self.tag(all)?
    }
    fn entry(&mut self) -> Option<FileEntry> {
        let path = self.str()?;
        let format = self.str()?;
        let status = self.some_tag(&STATUSES)?;
        let n = self.len()?;
        let mut sheets = Vec::with_capacity(n);
        for _ in 0..n {
            sheets.push(SheetEntry {
                name: self.str()?,
                kind: SheetKind::parse(&self.str()?)?,
                header_row: self.opt_u32()?,
                rows: self.u64()?,
                rows_used: self.u64()?,
            });
        }
        Some(FileEntry {
            path,
            format,
            status,
            sheets,
        })
    }
    fn sheet_loc(&mut self) -> Option<SheetLoc> {
        let file = self.str()?;
        let sheet = self.str()?;
        let n = self.len()?;
        let mut columns = HashMap::with_capacity(n);
        for _ in 0..n {
            let f = self.some_tag(&Field::ALL)?;
            columns.insert(f, self.u32()?);
        }
        let flags = self.u8()?;
        Some(SheetLoc {
            file,
            sheet,
            columns,
            date1904: flags & 1 != 0,
            serials_are_dates: flags & 2 != 0,
        })
    }
    fn record(&mut self, sheet: Arc<SheetLoc>) -> Option<Record> {
        let kind = self.some_tag(&TableKind::ALL)?;
        let row = self.u32()?;
        let mut r = Record::new(kind, Loc { sheet, row });
        let flags = self.u8()?;
        r.excluded = flags & 1 != 0;
        r.start_in_future = flags & 2 != 0;
        r.community_text = self.opt_str()?;
        r.community = self.opt_str()?;
        r.big_grid = self.opt_str()?;
        r.building = self.opt_str()?;
        r.household_id = self.opt_str()?;
        r.head_name = self.opt_str()?;
        r.name = self.opt_str()?;
        r.address = self.opt_str()?;
        r.phone = self.opt_str()?;
        r.members = self.opt_u32()?;
        r.age = self.opt_u32()?;
        r.households_visited = self.opt_u32()?;
        r.new_arrivals = self.opt_u32()?;
        r.under_isolation = self.opt_u32()?;
        r.fever = self.opt_u32()?;
        r.screened_on = self.opt_date()?;
        r.start = self.opt_date()?;
        r.end = self.opt_date()?;
        r.birth_date = self.opt_date()?;
        r.report_date = self.opt_date()?;
        r.compound = self.tag(&COMPOUNDS)?;
        r.role = self.tag(&ROLES)?;
        r.gender = self.tag(&GENDERS)?;
        r.submitted_at = if self.flag()? {
            Some(self.datetime()?)
        } else {
            None
        };
        r.id_cell = self.cell()?;
        r.id = match self.u8()? {
            0 => None,
            1 => Some(IdCheck::Valid18 {
                id: self.str()?,
                birth: self.date()?,
                male: self.flag()?,
            }),
            2 => Some(IdCheck::Valid15 { id: self.str()? }),
            3 => Some(IdCheck::AsNumber),
            4 => Some(IdCheck::Invalid),
            _ => return None,
        };
        Some(r)
    }
    fn issue(&mut self) -> Option<Issue> {
        let severity = self.some_tag(&SEVERITIES)?;
        let rule = self.some_tag(&Rule::ALL)?;
        let mut i = Issue::new(rule, String::new()).severity(severity);
        i.file = self.opt_str()?;
        i.sheet = self.opt_str()?;
        i.cell = self.opt_str()?;
        i.community = self.opt_str()?;
        i.community_key = self.opt_str()?;
        i.value = self.opt_str()?;
        i.row = self.opt_u32()?;
        i.col = self.opt_u32()?;
        i.message = self.str()?;
        i.pii = self.tag(&PII)?;
        Some(i)
    }
    pub(crate) fn cell(&mut self) -> Option<Cell> {
        Some(match self.u8()? {
            0 => Cell::Empty,
            1 => Cell::Text(self.str()?),
            2 => Cell::Number(f64::from_bits(self.u64()?)),
            3 => Cell::Bool(false),
            4 => Cell::Bool(true),
            5 => Cell::DateTime(self.datetime()?),
            6 => {
                let secs = self.u32()?;
                let nanos = self.u32()?;
                Cell::Time(NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)?)
            }
            7 => Cell::Error(self.str()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FileResult {
        let loc = Arc::new(SheetLoc {
            file: "城东/台账.xlsx".into(),
            sheet: "Sheet1".into(),
            // One column: a map of several prints in no fixed order.
            columns: [(Field::Members, 4)].into(),
            date1904: true,
            serials_are_dates: false,
        });
        let mut a = Record::new(
            TableKind::Households,
            Loc {
                sheet: loc.clone(),
                row: 7,
            },
        );
        a.community_text = Some("城东社区".into());
        a.community = Some("城东".into());
        a.members = Some(3);
        a.screened_on = NaiveDate::from_ymd_opt(2020, 2, 3);
        a.compound = Some(Compound::Unmanaged);
        a.id_cell = Cell::Number(4.4e17);
        a.id = Some(IdCheck::Valid18 {
            id: "44070319900101103X".into(),
            birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            male: true,
        });
        let mut b = Record::new(TableKind::Daily, Loc { sheet: loc, row: 9 });
        b.excluded = true;
        b.role = Some(Role::Police);
        b.gender = Some(Gender::Female);
        b.submitted_at = NaiveDate::from_ymd_opt(2020, 2, 3).and_then(|d| d.and_hms_opt(20, 1, 2));
        b.id_cell = Cell::Time(NaiveTime::from_hms_opt(23, 59, 59).unwrap());
        FileResult {
            entry: FileEntry {
                path: "城东/台账.xlsx".into(),
                format: "xlsx".into(),
                status: FileStatus::Read,
                sheets: vec![SheetEntry {
                    name: "Sheet1".into(),
                    kind: SheetKind::Table(TableKind::Households),
                    header_row: Some(3),
                    rows: 2,
                    rows_used: 1,
                }],
            },
            records: vec![a, b],
            issues: vec![
                Issue::new(Rule::PhoneInvalid, "电话")
                    .file("城东/台账.xlsx")
                    .sheet("Sheet1")
                    .at(7, 2)
                    .community_key(Some("城东"))
                    .value(Some("123".into()), Some(PiiKind::Phone)),
                Issue::new(Rule::ValueInvalid, "x").severity(Severity::Warning),
            ],
        }
    }

    #[test]
    fn round_trip_and_truncation() {
        let r = sample();
        let bytes = encode(&r);
        let back = decode(&bytes).unwrap();
        assert_eq!(format!("{back:?}"), format!("{r:?}"));
        // Both rows share one sheet place again.
        assert!(Arc::ptr_eq(
            &back.records[0].loc.sheet,
            &back.records[1].loc.sheet
        ));
        // Every prefix of an answer is refused, never a panic.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "{n}");
        }
        // Garbage is refused too.
        let mut bad = bytes.clone();
        bad.push(0);
        assert!(decode(&bad).is_none());
        for b in [0u8, 1, 0x7f, 0xff] {
            let mut flipped = bytes.clone();
            for i in (4..flipped.len()).step_by(7) {
                flipped[i] = b;
                let _ = decode(&flipped);
            }
        }
    }
}
