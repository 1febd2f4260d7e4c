//! What changed since the last report: the `changes` of summary.json (schema 2) and what the
//! pages and workbooks show beside it. Only the shapes live here; `history` fills them in.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::figure::{Figure, FigureDef, Made, BEHIND_MEANS, FIGURES};
use super::summary::Figures;
use crate::vocab::issue::{Rule, Severity};

/// summary.json's `changes`: issues fixed, new and still open since the baseline, and the
/// change of every figure, for the whole sub-district and for each community.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
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

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
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

/// Every figure's change, in the order of the figure table (summary.json's order, then the
/// counts behind the worker means).
#[derive(Clone, Debug, PartialEq)]
pub struct Deltas(pub Vec<(Figure, Delta)>);

/// The figures a change is given for, in order: every figure of the table.
pub fn delta_figures() -> impl Iterator<Item = &'static FigureDef> {
    FIGURES.iter().chain(BEHIND_MEANS.iter())
}

impl Deltas {
    /// `now − before` for every figure; every change unknown when there is no `before`.
    pub fn between(now: &Figures, before: Option<&Figures>) -> Deltas {
        Deltas(
            delta_figures()
                .map(|d| {
                    let delta = match (d.made, before) {
                        (_, None) if d.is_ratio() => Delta::Ratio(None),
                        (_, None) => Delta::Count(None),
                        (Made::Count, Some(b)) => Delta::Count(Some(
                            now.count(d.figure) as i64 - b.count(d.figure) as i64,
                        )),
                        (Made::Ratio { .. }, Some(b)) => Delta::Ratio(
                            match (now.value(d.figure).number(), b.value(d.figure).number()) {
                                (Some(x), Some(y)) => Some(x - y),
                                _ => None,
                            },
                        ),
                    };
                    (d.figure, delta)
                })
                .collect(),
        )
    }

    /// The change of one figure.
    pub fn get(&self, f: Figure) -> Option<Delta> {
        self.0.iter().find(|(g, _)| *g == f).map(|(_, d)| *d)
    }
}

impl Serialize for Deltas {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (f, d) in &self.0 {
            let key = super::figure::def(*f).key;
            match d {
                Delta::Count(n) => m.serialize_entry(key, n)?,
                Delta::Ratio(r) => m.serialize_entry(key, r)?,
            }
        }
        m.end()
    }
}

/// An issue of the baseline that this report no longer has, as the baseline saw it: its
/// rule, severity, community and place (no message, no value).
#[derive(Clone, Debug, PartialEq)]
pub struct PastIssue {
    pub rule: Rule,
    pub severity: Severity,
    pub community: Option<String>,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

/// One report kept in the history: its date and the headline figures of the sub-district
/// and of each community (by display name).
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub as_of: String,
    pub totals: Figures,
    pub communities: std::collections::BTreeMap<String, Figures>,
}

/// What the renderers need besides `summary.changes`: the fixed issues (the baseline's),
/// which of this report's issues are new, and the reports kept, oldest first, this one last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub fixed: Vec<PastIssue>,
    /// Indices into `summary.issues.list` of the issues the baseline did not have.
    pub new: Vec<usize>,
    /// Earlier reports kept (as_of before this one's), oldest first, then this report.
    pub points: Vec<Point>,
    /// The baseline's errors and warnings (with a baseline).
    pub errors_before: u64,
    pub warnings_before: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_follow_the_table_and_subtract_ratios() {
        let mut before = Figures {
            households: 100,
            screened_households: 80,
            ..Figures::default()
        };
        before.recompute();
        let mut now = Figures {
            households: 110,
            screened_households: 99,
            ..Figures::default()
        };
        now.recompute();
        let d = Deltas::between(&now, Some(&before));
        assert_eq!(d.0.len(), FIGURES.len() + BEHIND_MEANS.len());
        assert_eq!(d.get(Figure::Households), Some(Delta::Count(Some(10))));
        let cov = d.get(Figure::ScreeningCoverage).and_then(Delta::number);
        assert!((cov.unwrap() - (0.9 - 0.8)).abs() < 1e-12);
        // No workers either time: no ratio, no change.
        assert_eq!(d.get(Figure::ResidentsPerWorker), Some(Delta::Ratio(None)));
        let text = serde_json::to_string(&d).unwrap();
        assert!(
            text.starts_with("{\"households\":10,\"residents\":0,"),
            "{text}"
        );
        assert!(text.contains("\"informant_coverage\":null"), "{text}");
        assert!(text.ends_with("\"workers_with_gender\":0}"), "{text}");
        let unknown = Deltas::between(&now, None);
        assert!(unknown.0.iter().all(|(_, d)| d.number().is_none()));
    }
}
