//! The figures of SPEC §6, per community, per big grid, per day and for the sub-district.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use chrono::{Duration, NaiveDate};

use super::summary::{BigGridFigures, Community, DailyFigures, Figures, Period, Totals};
use super::{DayStatus, GridDays};
use crate::config::Config;
use crate::merge::community::Communities;
use crate::merge::dedupe::Winners;
use crate::merge::structure::Structure;
use crate::model::rows::{RowId, Rows};
use crate::model::values::{age_on, Compound, Gender, Role};
use crate::vocab::tables::TableKind;

pub struct Computed {
    pub period: Period,
    pub totals: Totals,
    pub communities: Vec<Community>,
    pub big_grids: Vec<BigGridFigures>,
    pub daily: Vec<DailyFigures>,
    pub grid_days: Vec<GridDays>,
}

/// The daily period: from config `daily_start`, else the earliest report date of daily
/// rows not excluded, to `as_of`.
pub fn period(records: &Rows, as_of: NaiveDate, cfg: &Config) -> (Option<NaiveDate>, u32) {
    let from = cfg.daily_start.or_else(|| {
        records
            .iter()
            .filter(|r| r.kind == TableKind::Daily && !r.excluded)
            .filter_map(|r| r.report_date)
            .min()
    });
    let days = from
        .map(|f| ((as_of - f).num_days() + 1).max(0) as u32)
        .unwrap_or(0);
    // SPEC §9.3: at most 2 × max_period_days + 1 days, the latest ones (a `daily_start` or
    // `--as-of` far from the data cannot make every renderer draw centuries).
    let most = cfg.max_period_days.saturating_mul(2).saturating_add(1);
    if days > most {
        let from = as_of.checked_sub_days(chrono::Days::new(u64::from(most - 1)));
        return (from, most);
    }
    (from, days)
}

/// Everything of SPEC §6, from the rows (winning rows where §5 says so), the structure and
/// the display names.
pub fn compute<'a>(
    records: &'a Rows<'a>,
    winners: &Winners,
    structure: &'a Structure,
    communities: &'a Communities,
    as_of: NaiveDate,
    cfg: &Config,
) -> Computed {
    let (from, days) = period(records, as_of, cfg);
    let mut t = Tally::new(records, communities, as_of, from, days, cfg);
    t.excluded();
    t.households(&winners.households);
    t.staff(&winners.staff);
    t.daily(&winners.daily, structure);
    t.isolation(&winners.isolation);
    t.finish(structure)
}

/// The running counts of one computation: per community, per (community, big grid) and per
/// day, filled kind of row by kind of row, then made into figures once.
struct Tally<'a> {
    records: &'a Rows<'a>,
    communities: &'a Communities,
    as_of: NaiveDate,
    from: Option<NaiveDate>,
    days: u32,
    cfg: &'a Config,
    /// Counts per community key (ratios are computed at the end).
    acc: BTreeMap<&'a str, Figures>,
    excluded_total: u64,
    /// (households, residents) per (community, big grid).
    grid_hh: HashMap<(&'a str, &'a str), (u64, u64)>,
    informant_buildings: BTreeSet<(&'a str, &'a str)>,
    leaders: BTreeSet<(&'a str, &'a str)>,
    police: BTreeSet<(&'a str, &'a str)>,
    /// Each (community, big grid)'s report status per day of the period.
    status: HashMap<(&'a str, &'a str), Vec<DayStatus>>,
    daily: Vec<DailyFigures>,
}

impl<'a> Tally<'a> {
    fn new(
        records: &'a Rows<'a>,
        communities: &'a Communities,
        as_of: NaiveDate,
        from: Option<NaiveDate>,
        days: u32,
        cfg: &'a Config,
    ) -> Tally<'a> {
        Tally {
            records,
            communities,
            as_of,
            from,
            days,
            cfg,
            acc: communities
                .existing
                .iter()
                .map(|k| (k.as_str(), Figures::default()))
                .collect(),
            excluded_total: 0,
            grid_hh: HashMap::default(),
            informant_buildings: BTreeSet::new(),
            leaders: BTreeSet::new(),
            police: BTreeSet::new(),
            status: HashMap::default(),
            daily: (0..days)
                .map(|i| DailyFigures {
                    date: from.map_or(as_of, |f| f + Duration::days(i as i64)),
                    expected: 0,
                    received: 0,
                    on_time: 0,
                    households_visited: 0,
                    new_arrivals: 0,
                    under_isolation: 0,
                    fever: 0,
                })
                .collect(),
        }
    }

    /// The day of the period a date is, if it is in it.
    fn day_index(&self, d: NaiveDate) -> Option<usize> {
        let f = self.from?;
        let i = (d - f).num_days();
        (i >= 0 && i < self.days as i64).then_some(i as usize)
    }

    /// `rows_excluded`: every excluded row; a community's those whose community it is.
    fn excluded(&mut self) {
        for r in self.records.iter().filter(|r| r.excluded) {
            self.excluded_total += 1;
            if let Some(a) = r.community.as_deref().and_then(|c| self.acc.get_mut(c)) {
                a.rows_excluded += 1;
            }
        }
    }

    /// Households, residents, compounds and screening per community; households and
    /// residents per big grid.
    fn households(&mut self, winners: &[RowId]) {
        let records = self.records;
        for &i in winners {
            let r = &records[i];
            let (Some(c), Some(a)) = (
                r.community.as_deref(),
                r.community.as_deref().and_then(|c| self.acc.get_mut(c)),
            ) else {
                continue;
            };
            let members = r.members.unwrap_or(0) as u64;
            a.households += 1;
            a.residents += members;
            match r.compound {
                Some(Compound::Gated) => a.households_gated += 1,
                Some(Compound::Unmanaged) => a.households_unmanaged += 1,
                _ => {}
            }
            if r.screened_on.is_some_and(|d| d <= self.as_of) {
                a.screened_households += 1;
            }
            if let Some(bg) = r.big_grid.as_deref() {
                let e = self.grid_hh.entry((c, bg)).or_default();
                e.0 += 1;
                e.1 += members;
            }
        }
    }

    /// Staff by role, the workers' ages and genders, and who leads, polices and informs
    /// which big grid and building.
    fn staff(&mut self, winners: &[RowId]) {
        let records = self.records;
        for &i in winners {
            let r = &records[i];
            let Some(c) = r.community.as_deref() else {
                continue;
            };
            let Some(a) = self.acc.get_mut(c) else {
                continue;
            };
            let role = r.role.unwrap_or(Role::Other);
            match role {
                Role::Worker => a.workers += 1,
                Role::Informant => a.informants += 1,
                Role::Cadre => a.cadres += 1,
                Role::Police => a.police += 1,
                Role::Volunteer => a.volunteers += 1,
                Role::Other => a.other_staff += 1,
            }
            if role == Role::Worker {
                let age = r
                    .birth_date
                    .map(|b| age_on(b, self.as_of).max(0) as u64)
                    .or(r.age.map(u64::from));
                if let Some(age) = age {
                    a.worker_age_sum += age;
                    a.workers_with_age += 1;
                }
                if let Some(g) = r.gender {
                    a.workers_with_gender += 1;
                    if g == Gender::Female {
                        a.women_workers += 1;
                    }
                }
            }
            match (role, r.big_grid.as_deref(), r.building.as_deref()) {
                (Role::Informant, _, Some(b)) => {
                    self.informant_buildings.insert((c, b));
                }
                (Role::Cadre | Role::Worker, Some(g), None) => {
                    self.leaders.insert((c, g));
                }
                (Role::Police, Some(g), _) => {
                    self.police.insert((c, g));
                }
                _ => {}
            }
        }
    }

    /// Daily reports received and on time, per (community, big grid) and day, and the day's
    /// sums; rows naming an unknown grid do not count.
    fn daily(&mut self, winners: &[RowId], structure: &Structure) {
        let records = self.records;
        let deadline = Duration::minutes(self.cfg.daily_deadline_minutes as i64);
        let days = self.days as usize;
        for &i in winners {
            if structure.unknown.contains(&i) {
                continue;
            }
            let r = &records[i];
            let (Some(c), Some(bg), Some(d)) =
                (r.community.as_deref(), r.big_grid.as_deref(), r.report_date)
            else {
                continue;
            };
            let Some(day) = self.day_index(d) else {
                continue;
            };
            let on_time = r
                .submitted_at
                .is_some_and(|t| t <= d.and_time(chrono::NaiveTime::MIN) + deadline);
            let st = self
                .status
                .entry((c, bg))
                .or_insert_with(|| vec![DayStatus::Missing; days]);
            st[day] = if on_time {
                DayStatus::OnTime
            } else {
                DayStatus::Late
            };
            let e = &mut self.daily[day];
            e.received += 1;
            e.on_time += on_time as u64;
            e.households_visited += r.households_visited.unwrap_or(0) as u64;
            e.new_arrivals += r.new_arrivals.unwrap_or(0) as u64;
            e.under_isolation += r.under_isolation.unwrap_or(0) as u64;
            e.fever += r.fever.unwrap_or(0) as u64;
        }
    }

    /// Isolation: total, active, completed, overdue.
    fn isolation(&mut self, winners: &[RowId]) {
        let records = self.records;
        for &i in winners {
            let r = &records[i];
            let Some(a) = r.community.as_deref().and_then(|c| self.acc.get_mut(c)) else {
                continue;
            };
            a.isolation_total += 1;
            let Some(start) = r.start.filter(|_| !r.start_in_future) else {
                continue;
            };
            match r.end {
                Some(end) if end <= self.as_of => a.isolation_completed += 1,
                Some(_) => a.isolation_active += 1,
                None => {
                    a.isolation_active += 1;
                    if (self.as_of - start).num_days() + 1 > self.cfg.isolation_days {
                        a.isolation_overdue += 1;
                    }
                }
            }
        }
    }

    /// The structure's figures per community and the big grids' own, then every ratio.
    fn finish(mut self, structure: &'a Structure) -> Computed {
        let mut big_grids = Vec::new();
        let mut grid_days = Vec::new();
        let keys: Vec<&'a str> = self.acc.keys().copied().collect();
        for key in keys {
            let Some(layout) = structure.layouts.get(key) else {
                continue;
            };
            let name = self.communities.name(key).unwrap_or(key).to_string();
            for (bg, buildings) in &layout.big_grids {
                let (grid, days) = self.big_grid(key, bg, buildings.len() as u64, &name);
                big_grids.push(grid);
                grid_days.push(days);
            }
            let informed = layout
                .buildings
                .iter()
                .filter(|b| self.informant_buildings.contains(&(key, b.as_str())))
                .count() as u64;
            if let Some(a) = self.acc.get_mut(key) {
                a.buildings = layout.buildings.len() as u64;
                a.big_grids = layout.big_grids.len() as u64;
                a.buildings_with_informant = informed;
            }
        }
        let total_grids: u64 = self.acc.values().map(|a| a.big_grids).sum();
        for e in &mut self.daily {
            e.expected = total_grids;
        }
        let mut whole = Figures::default();
        for a in self.acc.values() {
            whole.add(a);
        }
        whole.rows_excluded = self.excluded_total;
        whole.recompute();
        let communities = self.communities;
        let mut list: Vec<Community> = self
            .acc
            .into_iter()
            .map(|(key, mut f)| {
                f.recompute();
                Community {
                    name: communities.name(key).unwrap_or(key).to_string(),
                    figures: f,
                }
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let by_grid = |a: &str, b: &str, c: &str, d: &str| a.cmp(c).then_with(|| b.cmp(d));
        big_grids.sort_by(|a, b| by_grid(&a.community, &a.big_grid, &b.community, &b.big_grid));
        grid_days.sort_by(|a, b| by_grid(&a.community, &a.big_grid, &b.community, &b.big_grid));
        Computed {
            period: Period {
                from: self.from,
                to: self.as_of,
                days: self.days,
            },
            totals: Totals {
                communities: list.len() as u32,
                figures: whole,
            },
            communities: list,
            big_grids,
            daily: self.daily,
            grid_days,
        }
    }

    /// One big grid's figures (and the community's sums they add to) and its days.
    fn big_grid(
        &mut self,
        key: &'a str,
        bg: &'a str,
        buildings: u64,
        name: &str,
    ) -> (BigGridFigures, GridDays) {
        let days = self.days;
        let cfg = self.cfg;
        let (hh, res) = self.grid_hh.get(&(key, bg)).copied().unwrap_or((0, 0));
        let in_range = hh >= cfg.big_grid_min && hh <= cfg.big_grid_max;
        let has_leader = self.leaders.contains(&(key, bg));
        let has_police = self.police.contains(&(key, bg));
        let days_of = self
            .status
            .remove(&(key, bg))
            .unwrap_or_else(|| vec![DayStatus::Missing; days as usize]);
        let received = days_of.iter().filter(|s| **s != DayStatus::Missing).count() as u64;
        let on_time = days_of.iter().filter(|s| **s == DayStatus::OnTime).count() as u64;
        if let Some(a) = self.acc.get_mut(key) {
            a.big_grids_out_of_range += (!in_range) as u64;
            a.big_grids_with_leader += has_leader as u64;
            a.big_grids_with_police += has_police as u64;
            a.daily_expected += days as u64;
            a.daily_received += received;
            a.daily_on_time += on_time;
        }
        (
            BigGridFigures {
                community: name.to_string(),
                big_grid: bg.to_string(),
                households: hh,
                residents: res,
                buildings,
                in_range,
                has_leader,
                has_police,
                daily_expected: days as u64,
                daily_received: received,
                daily_on_time: on_time,
            },
            GridDays {
                community: name.to_string(),
                big_grid: bg.to_string(),
                days: days_of,
            },
        )
    }
}

#[cfg(test)]
mod tests;
