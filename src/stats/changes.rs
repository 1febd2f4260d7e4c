//! What changed since the last report: each figure's change (the `changes` of summary.json,
//! whose shape is in `summary`) and what the pages and workbooks show beside it. Only the
//! shapes and the arithmetic live here; `history` fills them in.

use super::figure::{def, Figure, FigureDef, Made, BEHIND_MEANS, FIGURES};
use super::summary::Figures;
pub use super::summary::{Changes, CommunityChange, Delta, Deltas};
use crate::vocab::issue::{Rule, Severity};

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
                    (d.key, delta)
                })
                .collect(),
        )
    }

    /// The change of one figure.
    pub fn get(&self, f: Figure) -> Option<Delta> {
        let key = def(f).key;
        self.0.iter().find(|(k, _)| *k == key).map(|(_, d)| *d)
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
    /// The baseline's errors and warnings, and this report's about its data (notes about
    /// the history itself left out), with a baseline.
    pub errors_before: u64,
    pub warnings_before: u64,
    pub errors_now: u64,
    pub warnings_now: u64,
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
