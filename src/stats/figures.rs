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
use crate::model::rows::Rows;
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

pub fn compute(
    records: &Rows,
    winners: &Winners,
    structure: &Structure,
    communities: &Communities,
    as_of: NaiveDate,
    cfg: &Config,
) -> Computed {
    let (from, days) = period(records, as_of, cfg);
    let day_index = |d: NaiveDate| -> Option<usize> {
        let f = from?;
        let i = (d - f).num_days();
        (i >= 0 && i < days as i64).then_some(i as usize)
    };
    let mut acc: BTreeMap<&str, Figures> = communities
        .existing
        .iter()
        .map(|k| (k.as_str(), Figures::default()))
        .collect();
    let mut excluded_total = 0u64;
    for r in records.iter().filter(|r| r.excluded) {
        excluded_total += 1;
        if let Some(a) = r.community.as_deref().and_then(|c| acc.get_mut(c)) {
            a.rows_excluded += 1;
        }
    }

    // Households per community and big grid.
    let mut grid_hh: HashMap<(&str, &str), (u64, u64)> = HashMap::default();
    for &i in &winners.households {
        let r = &records[i];
        let (Some(c), Some(a)) = (
            r.community.as_deref(),
            r.community.as_deref().and_then(|c| acc.get_mut(c)),
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
        if r.screened_on.is_some_and(|d| d <= as_of) {
            a.screened_households += 1;
        }
        if let Some(bg) = r.big_grid.as_deref() {
            let e = grid_hh.entry((c, bg)).or_default();
            e.0 += 1;
            e.1 += members;
        }
    }

    // Staff.
    let mut informant_buildings: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut leaders: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut police: BTreeSet<(&str, &str)> = BTreeSet::new();
    for &i in &winners.staff {
        let r = &records[i];
        let Some(c) = r.community.as_deref() else {
            continue;
        };
        let Some(a) = acc.get_mut(c) else { continue };
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
                .map(|b| age_on(b, as_of).max(0) as u64)
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
                informant_buildings.insert((c, b));
            }
            (Role::Cadre | Role::Worker, Some(g), None) => {
                leaders.insert((c, g));
            }
            (Role::Police, Some(g), _) => {
                police.insert((c, g));
            }
            _ => {}
        }
    }

    // Daily reports: received and on time per (community, big grid, day).
    let deadline = Duration::minutes(cfg.daily_deadline_minutes as i64);
    let mut status: HashMap<(&str, &str), Vec<DayStatus>> = HashMap::default();
    let mut daily: Vec<DailyFigures> = (0..days)
        .map(|i| DailyFigures {
            date: from
                .map(|f| (f + Duration::days(i as i64)).to_string())
                .unwrap_or_default(),
            expected: 0,
            received: 0,
            on_time: 0,
            households_visited: 0,
            new_arrivals: 0,
            under_isolation: 0,
            fever: 0,
        })
        .collect();
    for &i in &winners.daily {
        if structure.unknown.contains(&i) {
            continue;
        }
        let r = &records[i];
        let (Some(c), Some(bg), Some(d)) =
            (r.community.as_deref(), r.big_grid.as_deref(), r.report_date)
        else {
            continue;
        };
        let Some(day) = day_index(d) else { continue };
        let on_time = r
            .submitted_at
            .is_some_and(|t| t <= d.and_time(chrono::NaiveTime::MIN) + deadline);
        let st = status
            .entry((c, bg))
            .or_insert_with(|| vec![DayStatus::Missing; days as usize]);
        st[day] = if on_time {
            DayStatus::OnTime
        } else {
            DayStatus::Late
        };
        let e = &mut daily[day];
        e.received += 1;
        e.on_time += on_time as u64;
        e.households_visited += r.households_visited.unwrap_or(0) as u64;
        e.new_arrivals += r.new_arrivals.unwrap_or(0) as u64;
        e.under_isolation += r.under_isolation.unwrap_or(0) as u64;
        e.fever += r.fever.unwrap_or(0) as u64;
    }

    // Isolation.
    for &i in &winners.isolation {
        let r = &records[i];
        let Some(a) = r.community.as_deref().and_then(|c| acc.get_mut(c)) else {
            continue;
        };
        a.isolation_total += 1;
        let Some(start) = r.start.filter(|_| !r.start_in_future) else {
            continue;
        };
        match r.end {
            Some(end) if end <= as_of => a.isolation_completed += 1,
            Some(_) => a.isolation_active += 1,
            None => {
                a.isolation_active += 1;
                if (as_of - start).num_days() + 1 > cfg.isolation_days {
                    a.isolation_overdue += 1;
                }
            }
        }
    }

    // Structure figures and big grids.
    let mut big_grids = Vec::new();
    let mut grid_days = Vec::new();
    for (key, a) in acc.iter_mut() {
        let Some(layout) = structure.layouts.get(*key) else {
            continue;
        };
        let name = communities.name(key).unwrap_or(key).to_string();
        a.buildings = layout.buildings.len() as u64;
        a.big_grids = layout.big_grids.len() as u64;
        a.buildings_with_informant = layout
            .buildings
            .iter()
            .filter(|b| informant_buildings.contains(&(*key, b.as_str())))
            .count() as u64;
        for (bg, buildings) in &layout.big_grids {
            let (hh, res) = grid_hh.get(&(*key, bg.as_str())).copied().unwrap_or((0, 0));
            let in_range = hh >= cfg.big_grid_min && hh <= cfg.big_grid_max;
            let has_leader = leaders.contains(&(*key, bg.as_str()));
            let has_police = police.contains(&(*key, bg.as_str()));
            let days_of = status
                .remove(&(*key, bg.as_str()))
                .unwrap_or_else(|| vec![DayStatus::Missing; days as usize]);
            let received = days_of.iter().filter(|s| **s != DayStatus::Missing).count() as u64;
            let on_time = days_of.iter().filter(|s| **s == DayStatus::OnTime).count() as u64;
            a.big_grids_out_of_range += (!in_range) as u64;
            a.big_grids_with_leader += has_leader as u64;
            a.big_grids_with_police += has_police as u64;
            a.daily_expected += days as u64;
            a.daily_received += received;
            a.daily_on_time += on_time;
            big_grids.push(BigGridFigures {
                community: name.clone(),
                big_grid: bg.clone(),
                households: hh,
                residents: res,
                buildings: buildings.len() as u64,
                in_range,
                has_leader,
                has_police,
                daily_expected: days as u64,
                daily_received: received,
                daily_on_time: on_time,
            });
            grid_days.push(GridDays {
                community: name.clone(),
                big_grid: bg.clone(),
                days: days_of,
            });
        }
    }
    let total_grids: u64 = acc.values().map(|a| a.big_grids).sum();
    for e in &mut daily {
        e.expected = total_grids;
    }

    let mut whole = Figures::default();
    for a in acc.values() {
        whole.add(a);
    }
    whole.rows_excluded = excluded_total;
    let mut list: Vec<Community> = acc
        .into_iter()
        .map(|(key, a)| Community {
            name: communities.name(key).unwrap_or(key).to_string(),
            figures: {
                let mut f = a;
                f.recompute();
                f
            },
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    big_grids.sort_by(|a, b| {
        a.community
            .cmp(&b.community)
            .then_with(|| a.big_grid.cmp(&b.big_grid))
    });
    grid_days.sort_by(|a, b| {
        a.community
            .cmp(&b.community)
            .then_with(|| a.big_grid.cmp(&b.big_grid))
    });
    Computed {
        period: Period {
            from: from.map(|d| d.to_string()),
            to: as_of.to_string(),
            days,
        },
        totals: Totals {
            communities: list.len() as u32,
            figures: {
                whole.recompute();
                whole
            },
        },
        communities: list,
        big_grids,
        daily,
        grid_days,
    }
}

#[cfg(test)]
mod tests;
