//! `summary.json`, exactly in the shape of SPEC §7. Field order here is the output order.

use chrono::NaiveDate;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::vocab::issue::Issue;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub schema: u32,
    /// The sub-district's name (config `name`, SPEC §9.4): always present, `null` when unset.
    pub name: Option<String>,
    pub as_of: NaiveDate,
    pub period: Period,
    pub totals: Totals,
    pub communities: Vec<Community>,
    pub big_grids: Vec<BigGridFigures>,
    pub daily: Vec<DailyFigures>,
    pub files: Vec<FileEntry>,
    pub issues: IssueSummary,
    /// What changed since the last report (schema 2); `null` without one to compare with.
    pub changes: Option<Changes>,
}

/// summary.json's `schema`: 2 since it carries `changes` and the counts behind the means.
pub const SCHEMA: u32 = 2;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    pub communities: u32,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Community {
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Every figure of SPEC §6 for one community or for the whole sub-district.
/// Ratios are `None` (JSON `null`) when their denominator is zero. Read back from history
/// snapshots and from an earlier summary.json (`--compare-with`; schema 1 lacks the counts
/// behind the means).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub households: u64,
    pub residents: u64,
    pub buildings: u64,
    pub big_grids: u64,
    pub households_gated: u64,
    pub households_unmanaged: u64,
    pub workers: u64,
    pub informants: u64,
    pub cadres: u64,
    pub police: u64,
    pub volunteers: u64,
    pub other_staff: u64,
    pub residents_per_worker: Option<f64>,
    pub households_per_worker: Option<f64>,
    pub households_per_big_grid: Option<f64>,
    pub big_grids_out_of_range: u64,
    pub screened_households: u64,
    pub screening_coverage: Option<f64>,
    pub buildings_with_informant: u64,
    pub informant_coverage: Option<f64>,
    pub big_grids_with_leader: u64,
    pub big_grids_with_police: u64,
    pub daily_expected: u64,
    pub daily_received: u64,
    pub daily_on_time: u64,
    pub reporting_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub isolation_total: u64,
    pub isolation_active: u64,
    pub isolation_completed: u64,
    pub isolation_overdue: u64,
    pub worker_avg_age: Option<f64>,
    pub worker_female_share: Option<f64>,
    pub rows_excluded: u64,
    /// The counts behind the two worker means (`figure::BEHIND_MEANS`), so that a roll-up
    /// recomputes the means from sums (schema 2).
    #[serde(default)]
    pub worker_age_sum: u64,
    #[serde(default)]
    pub workers_with_age: u64,
    #[serde(default)]
    pub women_workers: u64,
    #[serde(default)]
    pub workers_with_gender: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BigGridFigures {
    pub community: String,
    pub big_grid: String,
    pub households: u64,
    pub residents: u64,
    pub buildings: u64,
    pub in_range: bool,
    pub has_leader: bool,
    pub has_police: bool,
    pub daily_expected: u64,
    pub daily_received: u64,
    pub daily_on_time: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DailyFigures {
    pub date: NaiveDate,
    pub expected: u64,
    pub received: u64,
    pub on_time: u64,
    pub households_visited: u64,
    pub new_arrivals: u64,
    pub under_isolation: u64,
    pub fever: u64,
}

/// summary.json's `changes`: issues fixed, new and still open since the baseline, and the
/// change of every figure, for the whole sub-district and for each community.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changes {
    /// The `as_of` of the report compared with.
    pub baseline_as_of: String,
    pub fixed: u64,
    pub new: u64,
    pub open: u64,
    pub totals: Deltas,
    /// Every community of this report, in summary.json's order.
    pub communities: Vec<CommunityChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommunityChange {
    pub name: String,
    pub fixed: u64,
    pub new: u64,
    pub open: u64,
    #[serde(flatten)]
    pub deltas: Deltas,
}

/// The change of one figure: a count's difference, or the difference of two ratios;
/// `None` (JSON `null`) when either side has no value (a ratio without a denominator, or a
/// community the baseline did not have).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Delta {
    Count(Option<i64>),
    Ratio(Option<f64>),
}

impl Delta {
    /// As a number, for charts and cells.
    pub fn number(self) -> Option<f64> {
        match self {
            Delta::Count(n) => n.map(|n| n as f64),
            Delta::Ratio(r) => r,
        }
    }
}

/// Every figure's change by its summary.json key, in the order of the figure table
/// (summary.json's order, then the counts behind the worker means; `stats::changes` makes
/// them).
#[derive(Clone, Debug, PartialEq)]
pub struct Deltas(pub Vec<(&'static str, Delta)>);

impl Serialize for Deltas {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (key, d) in &self.0 {
            match d {
                Delta::Count(n) => m.serialize_entry(key, n)?,
                Delta::Ratio(r) => m.serialize_entry(key, r)?,
            }
        }
        m.end()
    }
}

pub use crate::input::listing::{FileEntry, FileStatus, SheetEntry, SheetKind};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueSummary {
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Only rules that occurred, sorted by rule id.
    pub by_rule: std::collections::BTreeMap<String, u64>,
    pub list: Vec<Issue>,
}

impl Summary {
    /// A summary with nothing in it (no period, no communities, no files, no issues).
    pub fn empty(as_of: NaiveDate) -> Summary {
        Summary {
            schema: SCHEMA,
            name: None,
            as_of,
            period: Period {
                from: None,
                to: as_of,
                days: 0,
            },
            totals: Totals {
                communities: 0,
                figures: Figures::default(),
            },
            communities: Vec::new(),
            big_grids: Vec::new(),
            daily: Vec::new(),
            files: Vec::new(),
            issues: IssueSummary {
                errors: 0,
                warnings: 0,
                infos: 0,
                by_rule: std::collections::BTreeMap::new(),
                list: Vec::new(),
            },
            changes: None,
        }
    }
}

/// A ratio, `None` for a zero denominator.
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    if den == 0.0 {
        None
    } else {
        Some(num / den)
    }
}
