//! A data row of any table kind, with its values after SPEC §4.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::values::{Compound, DateTimeValue, Gender, IdCheck, Role};
use crate::vocab::cell::Cell;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::tables::{Field, TableKind};

/// The sheet a row came from.
#[derive(Debug)]
pub struct SheetLoc {
    pub file: String,
    pub sheet: String,
    pub columns: HashMap<Field, u32>,
    pub date1904: bool,
    pub serials_are_dates: bool,
}

/// Where a row came from.
#[derive(Clone, Debug)]
pub struct Loc {
    pub sheet: Arc<SheetLoc>,
    pub row: u32,
}

impl Loc {
    /// An issue at this row, in the column of `field` (or without a cell if it has none).
    pub fn issue(&self, rule: Rule, field: Field, message: String) -> Issue {
        let i = Issue::new(rule, message)
            .file(&self.sheet.file)
            .sheet(&self.sheet.sheet);
        match self.sheet.columns.get(&field) {
            Some(&c) => i.at(self.row, c),
            None => {
                let mut i = i;
                i.row = Some(self.row);
                i
            }
        }
    }

    /// "file, sheet 'S', row 7" for messages that name another row.
    pub fn place(&self, lang: crate::vocab::lang::Lang) -> String {
        match lang {
            crate::vocab::lang::Lang::Zh => format!(
                "{}，工作表“{}”，第 {} 行",
                self.sheet.file, self.sheet.sheet, self.row
            ),
            crate::vocab::lang::Lang::En => format!(
                "{}, sheet '{}', row {}",
                self.sheet.file, self.sheet.sheet, self.row
            ),
        }
    }
}

/// A data row after §4. Required fields may be `None` only in excluded rows.
#[derive(Clone, Debug)]
pub struct Record {
    pub kind: TableKind,
    pub loc: Loc,
    /// An error made the row unusable: it counts only in `rows_excluded`.
    pub excluded: bool,
    /// The community cell as text (a spelling), and its matching key.
    pub community_text: Option<String>,
    pub community: Option<String>,
    pub big_grid: Option<String>,
    pub building: Option<String>,
    pub household_id: Option<String>,
    pub members: Option<u32>,
    pub head_name: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub compound: Option<Compound>,
    pub screened_on: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub role: Option<Role>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub age: Option<u32>,
    pub report_date: Option<NaiveDate>,
    pub households_visited: Option<u32>,
    pub new_arrivals: Option<u32>,
    pub under_isolation: Option<u32>,
    pub fever: Option<u32>,
    pub submitted_at: Option<NaiveDateTime>,
    /// The id cell as read, checked once `as_of` is known.
    pub id_cell: Cell,
    /// The id after the check: only valid ids (`Valid18`, `Valid15`) are kept.
    pub id: Option<IdCheck>,
    pub phone: Option<String>,
    /// An isolation `start` after `as_of`: counted in the total only.
    pub start_in_future: bool,
}

impl Record {
    pub fn new(kind: TableKind, loc: Loc) -> Record {
        Record {
            kind,
            loc,
            excluded: false,
            community_text: None,
            community: None,
            big_grid: None,
            building: None,
            household_id: None,
            members: None,
            head_name: None,
            name: None,
            address: None,
            compound: None,
            screened_on: None,
            start: None,
            end: None,
            role: None,
            gender: None,
            birth_date: None,
            age: None,
            report_date: None,
            households_visited: None,
            new_arrivals: None,
            under_isolation: None,
            fever: None,
            submitted_at: None,
            id_cell: Cell::Empty,
            id: None,
            phone: None,
            start_in_future: false,
        }
    }

    /// The valid id, if any.
    pub fn valid_id(&self) -> Option<&str> {
        match &self.id {
            Some(IdCheck::Valid18 { id, .. }) | Some(IdCheck::Valid15 { id }) => Some(id),
            _ => None,
        }
    }

    /// The fields of the kind whose values differ between two rows (§5 "identical").
    pub fn differing_fields(&self, other: &Record) -> Vec<Field> {
        let mut out = Vec::new();
        for &(f, _) in self.kind.fields() {
            let same = match f {
                Field::Community => self.community == other.community,
                Field::BigGrid => self.big_grid == other.big_grid,
                Field::Building => self.building == other.building,
                Field::HouseholdId => self.household_id == other.household_id,
                Field::Members => self.members == other.members,
                Field::HeadName => self.head_name == other.head_name,
                Field::IdNumber => self.valid_id() == other.valid_id(),
                Field::Phone => self.phone == other.phone,
                Field::Address => self.address == other.address,
                Field::Compound => self.compound == other.compound,
                Field::ScreenedOn => self.screened_on == other.screened_on,
                Field::Name => self.name == other.name,
                Field::Start => self.start == other.start,
                Field::End => self.end == other.end,
                Field::Role => self.role == other.role,
                Field::Gender => self.gender == other.gender,
                Field::BirthDate => self.birth_date == other.birth_date,
                Field::Age => self.age == other.age,
                Field::ReportDate => self.report_date == other.report_date,
                Field::HouseholdsVisited => self.households_visited == other.households_visited,
                Field::NewArrivals => self.new_arrivals == other.new_arrivals,
                Field::UnderIsolation => self.under_isolation == other.under_isolation,
                Field::Fever => self.fever == other.fever,
                Field::SubmittedAt => self.submitted_at == other.submitted_at,
            };
            if !same {
                out.push(f);
            }
        }
        out
    }
}

/// Resolve a datetime value: a time alone is that time on the row's report date.
pub fn resolve_datetime(v: DateTimeValue, report_date: Option<NaiveDate>) -> Option<NaiveDateTime> {
    match v {
        DateTimeValue::At(dt) => Some(dt),
        DateTimeValue::TimeOnly(t) => report_date.map(|d| d.and_time(t)),
    }
}
