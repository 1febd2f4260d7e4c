//! Figures (SPEC §6) and the report handed to the renderers.

pub(crate) mod changes;
pub mod figure;
pub(crate) mod figures;
pub(crate) mod flags;
pub(crate) mod summary;

pub use summary::*;

/// How one big grid did on one day of the period (for heat maps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    OnTime,
    Late,
    Missing,
}

/// One big grid's daily-report status per day of the period, `days[i]` for `period.from + i`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GridDays {
    pub community: String,
    pub big_grid: String,
    pub days: Vec<DayStatus>,
}

/// Everything the renderers need: the summary plus views that summary.json does not carry.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub summary: Summary,
    /// Sorted like `summary.big_grids`.
    pub grid_days: Vec<GridDays>,
    /// What the history adds (empty without a baseline or history).
    pub history: changes::History,
}
