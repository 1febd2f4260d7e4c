//! The headline figures the generator wrote, computed from the model as SPEC §5–§6 define
//! them (winning rows only; excluded rows counted in `rows_excluded`). Written to
//! `expected.json` in the shape of summary.json's `totals`, `communities` and `big_grids`.

use super::seeded::Log;
use super::world::Compound;
use super::world::Role;
use super::world::{age_on, Community, District, DAILY_START};
use chrono::{Days, NaiveTime};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

#[derive(Default, Clone)]
struct Counts {
    households: u64,
    residents: u64,
    buildings: u64,
    big_grids: u64,
    gated: u64,
    unmanaged: u64,
    roles: [u64; 6],
    out_of_range: u64,
    screened: u64,
    with_informant: u64,
    with_leader: u64,
    with_police: u64,
    expected: u64,
    received: u64,
    on_time: u64,
    iso: [u64; 4],
    age_sum: u64,
    age_n: u64,
    women: u64,
    gender_n: u64,
    excluded: u64,
}

fn ratio(a: u64, b: u64) -> Value {
    if b == 0 {
        Value::Null
    } else {
        json!(a as f64 / b as f64)
    }
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        macro_rules! sum { ($($f:ident),*) => { $( self.$f += o.$f; )* } }
        sum!(
            households,
            residents,
            buildings,
            big_grids,
            gated,
            unmanaged,
            out_of_range,
            screened,
            with_informant,
            with_leader,
            with_police,
            expected,
            received,
            on_time,
            age_sum,
            age_n,
            women,
            gender_n,
            excluded
        );
        for i in 0..6 {
            self.roles[i] += o.roles[i];
        }
        for i in 0..4 {
            self.iso[i] += o.iso[i];
        }
    }

    fn json(&self) -> Map<String, Value> {
        let w = self.roles[0];
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        put("households", json!(self.households));
        put("residents", json!(self.residents));
        put("buildings", json!(self.buildings));
        put("big_grids", json!(self.big_grids));
        put("households_gated", json!(self.gated));
        put("households_unmanaged", json!(self.unmanaged));
        for (i, k) in [
            "workers",
            "informants",
            "cadres",
            "police",
            "volunteers",
            "other_staff",
        ]
        .iter()
        .enumerate()
        {
            put(k, json!(self.roles[i]));
        }
        put("residents_per_worker", ratio(self.residents, w));
        put("households_per_worker", ratio(self.households, w));
        put(
            "households_per_big_grid",
            ratio(self.households, self.big_grids),
        );
        put("big_grids_out_of_range", json!(self.out_of_range));
        put("screened_households", json!(self.screened));
        put("screening_coverage", ratio(self.screened, self.households));
        put("buildings_with_informant", json!(self.with_informant));
        put(
            "informant_coverage",
            ratio(self.with_informant, self.buildings),
        );
        put("big_grids_with_leader", json!(self.with_leader));
        put("big_grids_with_police", json!(self.with_police));
        put("daily_expected", json!(self.expected));
        put("daily_received", json!(self.received));
        put("daily_on_time", json!(self.on_time));
        put("reporting_rate", ratio(self.received, self.expected));
        put("on_time_rate", ratio(self.on_time, self.expected));
        for (i, k) in [
            "isolation_total",
            "isolation_active",
            "isolation_completed",
            "isolation_overdue",
        ]
        .iter()
        .enumerate()
        {
            put(k, json!(self.iso[i]));
        }
        put("worker_avg_age", ratio(self.age_sum, self.age_n));
        put("worker_female_share", ratio(self.women, self.gender_n));
        put("rows_excluded", json!(self.excluded));
        m
    }
}

fn role_index(r: Role) -> usize {
    match r {
        Role::Worker => 0,
        Role::Informant => 1,
        Role::Cadre => 2,
        Role::Police => 3,
        Role::Volunteer => 4,
        Role::Other => 5,
    }
}

/// The date the figures are for and the days of the daily period (`--day N` moves both).
#[derive(Clone, Copy)]
pub struct When {
    pub as_of: chrono::NaiveDate,
    pub days: u64,
}

fn community(
    c: &Community,
    log: &Log,
    when: When,
    grids_out: &mut Vec<(String, String, Value)>,
) -> Counts {
    let (as_of, days) = (when.as_of, when.days);
    let mut k = Counts {
        big_grids: c.grids.len() as u64,
        buildings: c.buildings.len() as u64,
        ..Counts::default()
    };
    let deadline = NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default();
    let n = c.grids.len();
    let (mut hh, mut res) = (vec![0u64; n], vec![0u64; n]);
    for h in &c.households {
        k.households += 1;
        k.residents += u64::from(h.members);
        hh[h.grid] += 1;
        res[h.grid] += u64::from(h.members);
        match c.buildings.get(h.building).map(|b| b.class) {
            Some(Compound::Gated) => k.gated += 1,
            Some(Compound::Unmanaged) => k.unmanaged += 1,
            _ => {}
        }
        if h.screened_on.is_some_and(|d| d <= as_of) {
            k.screened += 1;
        }
    }
    let pairs = c.pairs();
    let mut informed = BTreeSet::new();
    let (mut leader, mut police) = (vec![false; n], vec![false; n]);
    for p in &c.staff {
        k.roles[role_index(p.role)] += 1;
        match (p.role, p.grid, p.building) {
            (Role::Informant, _, Some(b)) => {
                informed.insert(b);
            }
            (Role::Worker | Role::Cadre, Some(g), None) => leader[g] = true,
            (Role::Police, Some(g), _) => police[g] = true,
            _ => {}
        }
        if p.role == Role::Worker {
            k.age_sum += age_on(p.birth, as_of) as u64;
            k.age_n += 1;
            k.gender_n += 1;
            k.women += u64::from(!p.male);
        }
    }
    k.with_informant = informed.len() as u64;
    k.with_leader = leader.iter().filter(|&&x| x).count() as u64;
    k.with_police = police.iter().filter(|&&x| x).count() as u64;
    k.expected = n as u64 * days;
    let (mut rec, mut ont) = (vec![0u64; n], vec![0u64; n]);
    for d in &c.daily {
        rec[d.grid] += 1;
        if d.submitted.is_some_and(|t| t <= d.date.and_time(deadline)) {
            ont[d.grid] += 1;
        }
    }
    k.received = rec.iter().sum();
    k.on_time = ont.iter().sum();
    for p in &c.isolation {
        k.iso[0] += 1;
        if p.start <= as_of && p.end.is_none_or(|e| e > as_of) {
            k.iso[1] += 1;
        }
        if p.end.is_some_and(|e| e <= as_of) {
            k.iso[2] += 1;
        }
        let isolated = (as_of - p.start).num_days() + 1;
        if p.end.is_none() && p.start <= as_of && isolated > 14 {
            k.iso[3] += 1;
        }
    }
    for g in 0..n {
        let in_range = (500..=900).contains(&hh[g]);
        if !in_range {
            k.out_of_range += 1;
        }
        let code = c.grids[g].code.clone();
        let buildings = pairs.iter().filter(|p| p.0 == g).count();
        grids_out.push((
            c.name.to_string(),
            code.clone(),
            json!({
                "community": c.name, "big_grid": code, "households": hh[g], "residents": res[g],
                "buildings": buildings, "in_range": in_range, "has_leader": leader[g],
                "has_police": police[g], "daily_expected": days, "daily_received": rec[g],
                "daily_on_time": ont[g],
            }),
        ));
    }
    k.excluded = log.excluded(c.idx) as u64;
    k
}

pub fn expected(d: &District, log: &Log, scale: f64, seed: u64, when: When) -> Value {
    let mut grids = Vec::new();
    let mut total = Counts::default();
    let mut comms: Vec<(String, Map<String, Value>)> = Vec::new();
    for c in &d.communities {
        let k = community(c, log, when, &mut grids);
        total.add(&k);
        let mut m = Map::new();
        m.insert("name".into(), json!(c.name));
        m.extend(k.json());
        comms.push((c.name.to_string(), m));
    }
    comms.sort_by(|a, b| a.0.cmp(&b.0));
    grids.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut totals = Map::new();
    totals.insert("communities".into(), json!(d.communities.len()));
    totals.extend(total.json());
    let to = DAILY_START
        .checked_add_days(Days::new(when.days - 1))
        .unwrap_or(when.as_of);
    json!({
        "schema": 1,
        "generator": {"scale": scale, "seed": seed},
        "as_of": when.as_of.to_string(),
        "period": {"from": DAILY_START.to_string(), "to": to.to_string(), "days": when.days},
        "totals": totals,
        "communities": comms.into_iter().map(|(_, m)| Value::Object(m)).collect::<Vec<_>>(),
        "big_grids": grids.into_iter().map(|g| g.2).collect::<Vec<_>>(),
    })
}
