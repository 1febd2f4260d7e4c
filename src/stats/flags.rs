//! The flags of SPEC §6, for the HTML and the workbooks (not in summary.json): a community
//! is *understaffed* when its residents per worker are above `max_residents_per_worker`, or
//! it has residents and no workers; it has *low coverage* when its screening coverage is
//! below `min_screening_coverage`; a big grid is *out of range* when its households are
//! outside `big_grid_min`–`big_grid_max` (`BigGridFigures::in_range`).

use super::summary::Figures;
use crate::config::Config;

/// The flags of one community (or the whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Understaffed,
    LowCoverage,
    OutOfRange,
}

impl Flag {
    pub fn key(self) -> &'static str {
        match self {
            Flag::Understaffed => "understaffed",
            Flag::LowCoverage => "low_coverage",
            Flag::OutOfRange => "out_of_range",
        }
    }
}

/// SPEC §6: more residents per worker than the limit, or residents and no workers.
pub fn understaffed(f: &Figures, cfg: &Config) -> bool {
    match f.residents_per_worker {
        Some(r) => r > cfg.max_residents_per_worker,
        None => f.workers == 0 && f.residents > 0,
    }
}

/// SPEC §6: screening coverage below the minimum (no households: not flagged).
pub fn low_coverage(f: &Figures, cfg: &Config) -> bool {
    f.screening_coverage
        .is_some_and(|c| c < cfg.min_screening_coverage)
}

/// Every flag of a community, in this order: understaffed, low coverage, a big grid out of
/// range.
pub fn flags(f: &Figures, cfg: &Config) -> Vec<Flag> {
    let mut out = Vec::new();
    if understaffed(f, cfg) {
        out.push(Flag::Understaffed);
    }
    if low_coverage(f, cfg) {
        out.push(Flag::LowCoverage);
    }
    if f.big_grids_out_of_range > 0 {
        out.push(Flag::OutOfRange);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs() -> Figures {
        Figures {
            residents: 3000,
            workers: 2,
            residents_per_worker: Some(1500.0),
            households: 100,
            screening_coverage: Some(0.9),
            ..Figures::default()
        }
    }

    #[test]
    fn flags_follow_the_spec() {
        let cfg = Config::default();
        // (figures, flags): exactly at the limits nothing is flagged.
        for (f, want) in [
            (figs(), vec![]),
            (
                Figures {
                    residents_per_worker: Some(1500.1),
                    ..figs()
                },
                vec![Flag::Understaffed],
            ),
            (
                Figures {
                    workers: 0,
                    residents_per_worker: None,
                    ..figs()
                },
                vec![Flag::Understaffed],
            ),
            (
                Figures {
                    workers: 0,
                    residents: 0,
                    residents_per_worker: None,
                    ..figs()
                },
                vec![],
            ),
            (
                Figures {
                    screening_coverage: Some(0.899),
                    ..figs()
                },
                vec![Flag::LowCoverage],
            ),
            (
                Figures {
                    screening_coverage: None,
                    ..figs()
                },
                vec![],
            ),
            (
                Figures {
                    big_grids_out_of_range: 1,
                    screening_coverage: Some(0.1),
                    residents_per_worker: Some(2000.0),
                    ..figs()
                },
                vec![Flag::Understaffed, Flag::LowCoverage, Flag::OutOfRange],
            ),
        ] {
            assert_eq!(flags(&f, &cfg), want, "{f:?}");
        }
        // The thresholds are the config's.
        let cfg = Config {
            max_residents_per_worker: 1000.0,
            min_screening_coverage: 0.95,
            ..Config::default()
        };
        assert_eq!(
            flags(&figs(), &cfg),
            vec![Flag::Understaffed, Flag::LowCoverage]
        );
    }
}
