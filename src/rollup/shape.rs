//! A roll-up's `summary.json`: the shape of a build's (schema 2), one level up, so that it can
//! itself be rolled up (city ← districts ← sub-districts, any depth):
//!
//! - `communities` are the units (one per summary read), each with its `totals`; `totals`
//!   sums them (`totals.communities` counts the communities at the bottom, as in a build);
//! - `big_grids` are every big grid below, each with `unit_path`, the units it lies in from
//!   this level down (`["江海区", "外海街道"]`), first;
//! - `daily` is summed per date over the union of the units' periods;
//! - `files` lists the summaries (and anything else found), `issues` the roll-up's own issues
//!   (unreadable summaries, a unit twice, units of another date); `changes` is `null`;
//! - `units`, last, keeps each unit as it came: its level, date, period, files, the counts of
//!   its issues (its own and, for a roll-up, its units'), and its rows (`communities`) —
//!   communities for a sub-district, sub-districts for a district.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::stats::{
    BigGridFigures, Community, DailyFigures, FileEntry, IssueSummary, Period, Totals,
};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RollupSummary {
    pub schema: u32,
    pub name: Option<String>,
    pub as_of: chrono::NaiveDate,
    pub period: Period,
    pub totals: Totals,
    pub communities: Vec<Community>,
    pub big_grids: Vec<UnitBigGrid>,
    pub daily: Vec<DailyFigures>,
    pub files: Vec<FileEntry>,
    pub issues: IssueSummary,
    /// Changes since a baseline (schema 2): a roll-up has none.
    pub changes: Option<()>,
    pub units: Vec<UnitEntry>,
}

/// A big grid of a roll-up: the units it lies in, then a build's big grid entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitBigGrid {
    pub unit_path: Vec<String>,
    #[serde(flatten)]
    pub grid: BigGridFigures,
}

/// One unit as it came up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitEntry {
    pub name: String,
    /// 1: a sub-district built from workbooks; 2: a roll-up of sub-districts; …
    pub level: u32,
    pub as_of: chrono::NaiveDate,
    pub period: Period,
    /// Its summary, relative to INPUT.
    pub file: String,
    /// Its report's `index.html` beside the summary, relative to INPUT; `null` without.
    pub report: Option<String>,
    pub issues: IssueCounts,
    /// Its rows: communities (level 1), sub-districts (level 2) …
    pub communities: Vec<Community>,
}

/// How many issues of each severity and rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IssueCounts {
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub by_rule: BTreeMap<String, u64>,
}

impl IssueCounts {
    pub fn add(&mut self, other: &IssueCounts) {
        self.errors = self.errors.saturating_add(other.errors);
        self.warnings = self.warnings.saturating_add(other.warnings);
        self.infos = self.infos.saturating_add(other.infos);
        for (rule, n) in &other.by_rule {
            let e = self.by_rule.entry(rule.clone()).or_default();
            *e = e.saturating_add(*n);
        }
    }

    /// The counts of an issue summary.
    pub fn of(s: &IssueSummary) -> IssueCounts {
        IssueCounts {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            by_rule: s.by_rule.clone(),
        }
    }

    /// The `n` most frequent rules, most first (ties by rule id).
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self.by_rule.iter().map(|(r, n)| (r.as_str(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_rules_and_sums() {
        let mut a = IssueCounts {
            errors: 1,
            warnings: 2,
            infos: 0,
            by_rule: [
                ("phone_invalid".to_string(), 2),
                ("required_missing".to_string(), 1),
            ]
            .into(),
        };
        let b = IssueCounts {
            errors: 0,
            warnings: 1,
            infos: 3,
            by_rule: [
                ("file_skipped".to_string(), 3),
                ("phone_invalid".to_string(), 1),
            ]
            .into(),
        };
        a.add(&b);
        assert_eq!((a.errors, a.warnings, a.infos), (1, 3, 3));
        assert_eq!(a.top(2), [("file_skipped", 3), ("phone_invalid", 3)]);
        assert_eq!(a.top(9).len(), 3);
    }
}
