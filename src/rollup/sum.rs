//! Summing units up a level, DHIS2's way: every count summed (`Figures::add`), every ratio
//! recomputed from the summed numerator and denominator (`Figures::recompute`) — never an
//! average of the units' ratios; the worker mean age and share of women from the summed counts
//! of workers whose age and gender are known. Daily figures are summed per date over the union
//! of the units' periods (a unit adds nothing on a day outside its own period).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::gather::Taken;
use super::shape::{IssueCounts, UnitBigGrid, UnitEntry};
use crate::stats::{Community, DailyFigures, Figures, Period, Totals};

/// What the units add up to.
pub struct Sums {
    pub period: Period,
    pub totals: Totals,
    /// One row per unit, by name.
    pub rows: Vec<Community>,
    pub big_grids: Vec<UnitBigGrid>,
    pub daily: Vec<DailyFigures>,
    pub units: Vec<UnitEntry>,
    /// The issues at and below every unit, summed.
    pub below: IssueCounts,
}

/// Sum `units` for a roll-up dated `as_of`; at most `max_days` days of daily figures (the
/// latest ones, as a build bounds its period, SPEC §9.3). The units' rows and big grids are
/// moved, not copied (a province's are many).
pub fn sum(units: Vec<Taken>, as_of: NaiveDate, max_days: u32) -> Sums {
    let mut whole = Figures::default();
    let mut communities: u64 = 0;
    let mut below = IssueCounts::default();
    let mut rows = Vec::with_capacity(units.len());
    let mut big_grids = Vec::new();
    let mut entries = Vec::with_capacity(units.len());
    let (period, daily) = daily(&units, as_of, max_days);
    for mut t in units {
        let u = &mut t.unit;
        whole.add(&u.totals);
        communities = communities.saturating_add(u.communities_count);
        below.add(&u.issues);
        rows.push(Community {
            name: u.name.clone(),
            figures: u.totals.clone(),
        });
        big_grids.extend(std::mem::take(&mut u.big_grids).into_iter().map(|g| {
            let mut unit_path = Vec::with_capacity(g.path.len() + 1);
            unit_path.push(u.name.clone());
            unit_path.extend(g.path);
            UnitBigGrid {
                unit_path,
                grid: g.grid,
            }
        }));
        entries.push(UnitEntry {
            name: u.name.clone(),
            level: u.level,
            as_of: u.as_of,
            period: Period {
                from: u.from,
                to: u.as_of,
                days: u.days,
            },
            file: t.file.clone(),
            report: t.report.clone(),
            issues: std::mem::take(&mut u.issues),
            communities: std::mem::take(&mut u.rows),
        });
    }
    whole.recompute();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    big_grids.sort_by(|a, b| {
        a.unit_path
            .cmp(&b.unit_path)
            .then_with(|| a.grid.community.cmp(&b.grid.community))
            .then_with(|| a.grid.big_grid.cmp(&b.grid.big_grid))
    });
    Sums {
        period,
        totals: Totals {
            communities: u32::try_from(communities).unwrap_or(u32::MAX),
            figures: whole,
        },
        rows,
        big_grids,
        daily,
        units: entries,
        below,
    }
}

/// The union of the units' periods (from the earliest start to `as_of`, at most `max_days`
/// days, the latest) and one entry per day of it, summed over the units.
fn daily(units: &[Taken], as_of: NaiveDate, max_days: u32) -> (Period, Vec<DailyFigures>) {
    let Some(mut from) = units.iter().filter_map(|t| t.unit.from).min() else {
        return (
            Period {
                from: None,
                to: as_of,
                days: 0,
            },
            Vec::new(),
        );
    };
    let max_days = max_days.max(1);
    let span = (as_of - from).num_days() + 1;
    if span > i64::from(max_days) {
        from = as_of
            .checked_sub_days(Days::new(u64::from(max_days - 1)))
            .unwrap_or(from);
    }
    let days = u32::try_from(((as_of - from).num_days() + 1).max(0)).unwrap_or(0);
    let mut by_date: BTreeMap<NaiveDate, DailyFigures> = BTreeMap::new();
    for t in units {
        for (date, d) in &t.unit.daily {
            if *date < from || *date > as_of {
                continue;
            }
            let e = by_date.entry(*date).or_insert_with(|| empty_day(*date));
            for (mine, n) in [
                (&mut e.expected, d.expected),
                (&mut e.received, d.received),
                (&mut e.on_time, d.on_time),
                (&mut e.households_visited, d.households_visited),
                (&mut e.new_arrivals, d.new_arrivals),
                (&mut e.under_isolation, d.under_isolation),
                (&mut e.fever, d.fever),
            ] {
                *mine = mine.saturating_add(n);
            }
        }
    }
    let list = (0..days)
        .filter_map(|i| from.checked_add_days(Days::new(u64::from(i))))
        .map(|date| by_date.remove(&date).unwrap_or_else(|| empty_day(date)))
        .collect();
    (
        Period {
            from: Some(from),
            to: as_of,
            days,
        },
        list,
    )
}

fn empty_day(date: NaiveDate) -> DailyFigures {
    DailyFigures {
        date,
        expected: 0,
        received: 0,
        on_time: 0,
        households_visited: 0,
        new_arrivals: 0,
        under_isolation: 0,
        fever: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollup::read::Unit;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn unit(name: &str, from: &str, as_of: &str, f: Figures) -> Taken {
        let (from, as_of) = (day(from), day(as_of));
        let days = (as_of - from).num_days() as u32 + 1;
        let daily = (0..days)
            .map(|i| {
                let d = from + chrono::Duration::days(i64::from(i));
                let mut e = empty_day(d);
                e.expected = 2;
                e.received = 1;
                (d, e)
            })
            .collect();
        Taken {
            unit: Unit {
                name: name.into(),
                level: 1,
                as_of,
                from: Some(from),
                days,
                communities_count: 2,
                totals: f,
                rows: Vec::new(),
                big_grids: Vec::new(),
                daily,
                issues: IssueCounts::default(),
            },
            file: format!("{name}/summary.json"),
            report: None,
        }
    }

    #[test]
    fn ratios_are_recomputed_and_days_summed_over_the_union() {
        let a = Figures {
            households: 100,
            screened_households: 90,
            workers: 1,
            worker_age_sum: 40,
            workers_with_age: 1,
            women_workers: 1,
            workers_with_gender: 1,
            ..Figures::default()
        };
        let b = Figures {
            households: 900,
            screened_households: 450,
            workers: 3,
            worker_age_sum: 90,
            workers_with_age: 3,
            women_workers: 0,
            workers_with_gender: 2,
            ..Figures::default()
        };
        let units = [
            unit("乙", "2020-03-02", "2020-03-04", b),
            unit("甲", "2020-03-01", "2020-03-03", a),
        ];
        let s = sum(units.to_vec(), day("2020-03-04"), 733);
        let t = &s.totals.figures;
        assert_eq!(s.totals.communities, 4);
        assert_eq!(t.households, 1000);
        assert_eq!(t.screening_coverage, Some(0.54));
        assert_eq!(t.worker_avg_age, Some(32.5));
        assert_eq!(t.worker_female_share, Some(1.0 / 3.0));
        let names: Vec<&str> = s.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["乙", "甲"]);
        assert_eq!(
            s.period,
            Period {
                from: Some(chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap()),
                to: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
                days: 4
            }
        );
        let expected: Vec<u64> = s.daily.iter().map(|d| d.expected).collect();
        assert_eq!(expected, [2, 4, 4, 2]);
        // Bounded to the latest days.
        let s = sum(units.to_vec(), day("2020-03-04"), 2);
        assert_eq!(
            s.period.from,
            Some(chrono::NaiveDate::from_ymd_opt(2020, 3, 3).unwrap())
        );
        assert_eq!(s.daily.len(), 2);
        // No units: no period.
        let s = sum(Vec::new(), day("2020-03-04"), 733);
        assert_eq!(s.period.days, 0);
        assert!(s.daily.is_empty());
    }
}
