//! Duplicates by key and the winning row of each key (SPEC §5 merging).

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use crate::model::record::Record;
use crate::model::rows::{RowId, Rows};
use crate::model::values::Role;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// The winning rows of each kind (`RowId`s, in processing order).
#[derive(Debug, Default)]
pub struct Winners {
    pub households: Vec<RowId>,
    pub staff: Vec<RowId>,
    pub isolation: Vec<RowId>,
    pub daily: Vec<RowId>,
    pub grids: Vec<RowId>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key<'a> {
    Household(&'a str, &'a str),
    StaffById(&'a str, &'a str),
    StaffByName(&'a str, &'a str, Role),
    IsolationById(&'a str, &'a str, NaiveDate),
    IsolationByName(&'a str, &'a str, NaiveDate),
    Daily(&'a str, &'a str, NaiveDate),
    Grid(&'a str, &'a str, &'a str),
}

fn key(r: &Record) -> Option<(Key<'_>, Field)> {
    let c = r.community.as_deref()?;
    Some(match r.kind {
        TableKind::Households => (
            Key::Household(c, r.household_id.as_deref()?),
            Field::HouseholdId,
        ),
        TableKind::Staff => match r.valid_id() {
            Some(id) => (Key::StaffById(c, id), Field::IdNumber),
            None => (
                Key::StaffByName(c, r.name.as_deref()?, r.role?),
                Field::Name,
            ),
        },
        TableKind::Isolation => match r.valid_id() {
            Some(id) => (Key::IsolationById(c, id, r.start?), Field::IdNumber),
            None => (
                Key::IsolationByName(c, r.name.as_deref()?, r.start?),
                Field::Name,
            ),
        },
        TableKind::Daily => (
            Key::Daily(c, r.big_grid.as_deref()?, r.report_date?),
            Field::ReportDate,
        ),
        TableKind::Grids => (
            Key::Grid(c, r.big_grid.as_deref()?, r.building.as_deref()?),
            Field::Building,
        ),
    })
}

/// Group the rows that are not excluded by key, raise the duplicate issues at every row after
/// the first of a key, and pick each key's winner.
pub fn dedupe(records: &Rows, lang: Lang, issues: &mut Vec<Issue>) -> Winners {
    // Key → (first row, current winner).
    let mut groups: HashMap<Key, (RowId, RowId)> =
        HashMap::with_capacity_and_hasher(records.len(), Default::default());
    for (i, r) in records.indexed() {
        if r.excluded {
            continue;
        }
        let Some((k, cell_field)) = key(r) else {
            continue;
        };
        let group = match groups.entry(k) {
            Entry::Vacant(v) => {
                v.insert((i, i));
                continue;
            }
            Entry::Occupied(o) => o.into_mut(),
        };
        let (first, winner) = *group;
        let f = &records[first];
        if let Some(issue) = duplicate_issue(f, r, cell_field, lang) {
            issues.push(issue.community_key(r.community.as_deref()));
        }
        let w = &records[winner];
        let better = match r.kind {
            // The later screening wins (missing = earliest), a tie goes to the first.
            TableKind::Households => r.screened_on > w.screened_on,
            // The earliest submission wins (missing = latest), a tie goes to the first.
            TableKind::Daily => match (r.submitted_at, w.submitted_at) {
                (Some(a), Some(b)) => a < b,
                (Some(_), None) => true,
                _ => false,
            },
            _ => false,
        };
        if better {
            group.1 = i;
        }
    }
    let mut w = Winners::default();
    // Winners in processing order.
    let mut all: Vec<RowId> = groups.values().map(|g| g.1).collect();
    all.sort_unstable();
    for i in all {
        match records[i].kind {
            TableKind::Households => w.households.push(i),
            TableKind::Staff => w.staff.push(i),
            TableKind::Isolation => w.isolation.push(i),
            TableKind::Daily => w.daily.push(i),
            TableKind::Grids => w.grids.push(i),
        }
    }
    w
}

fn duplicate_issue(first: &Record, r: &Record, cell: Field, lang: Lang) -> Option<Issue> {
    let differing = first.differing_fields(r);
    let labels: Vec<&str> = differing.iter().map(|f| f.label(lang)).collect();
    let place = first.loc.place(lang);
    let (rule, msg) = match r.kind {
        TableKind::Grids => return None,
        TableKind::Households if !differing.is_empty() => (
            Rule::HouseholdConflict,
            match lang {
                Lang::Zh => format!(
                    "与 {place} 是同一户（户号相同）但内容不同：{}；只计一次，取排查日期较晚的一行：请核对并删去一行",
                    labels.join("、")
                ),
                Lang::En => format!(
                    "same household (same household id) as {place} but it differs in: {}; counted once, the later screening wins: check and delete one row",
                    labels.join(", ")
                ),
            },
        ),
        TableKind::Staff if !differing.is_empty() => (
            Rule::StaffConflict,
            match lang {
                Lang::Zh => format!(
                    "与 {place} 是同一人但内容不同：{}；只计一次，以先出现的一行为准：请核对并删去一行",
                    labels.join("、")
                ),
                Lang::En => format!(
                    "same person as {place} but it differs in: {}; counted once, the first row is used: check and delete one row",
                    labels.join(", ")
                ),
            },
        ),
        TableKind::Daily => (
            Rule::DailyDuplicate,
            match lang {
                Lang::Zh => format!("同一大网格同一天的日报告已在 {place} 出现；只计一次，以提交较早的为准"),
                Lang::En => format!(
                    "a daily report for the same big grid and day is already at {place}; counted once, the earliest submission wins"
                ),
            },
        ),
        _ => (
            Rule::DuplicateRow,
            match lang {
                Lang::Zh => format!("与 {place} 重复，只计一次：可删去此行"),
                Lang::En => format!("duplicate of {place}; counted once: this row can be deleted"),
            },
        ),
    };
    Some(r.loc.issue(rule, cell, msg))
}

#[cfg(test)]
mod tests;
