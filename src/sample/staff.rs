//! People around the households: staff rosters, home isolation and the daily reports.

use super::defects;
use super::people::{self, IdBook, AREAS_HUBEI};
use super::rng::Rng;
use super::world::{
    self, birth_for_age, day, Community, Daily, Isolation, Role, Staff, AS_OF, DAILY_DAYS,
};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashSet;

/// Allocate `total` over communities in proportion to `weights` with a floor (largest remainder).
pub fn allocate(total: usize, floor: usize, weights: &[usize]) -> Vec<usize> {
    let n = weights.len().max(1);
    let floor = floor.min(total / n);
    let free = (total - floor * weights.len()) as f64;
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let raw: Vec<f64> = weights
        .iter()
        .map(|&w| free * w as f64 / sum as f64)
        .collect();
    let mut out: Vec<usize> = raw.iter().map(|x| floor + x.floor() as usize).collect();
    let mut rest = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    for i in order {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

/// Ages and genders of all community workers: mean exactly 36.5 (to the year-sum) and 73% women.
pub fn worker_profiles(seed: u64, n: usize) -> Vec<(i32, bool)> {
    let mut rng = Rng::stream(seed, 7);
    let mut ages: Vec<i32> = (0..n)
        .map(|_| match rng.weighted(&[25, 38, 25, 12]) {
            0 => rng.range(23, 29),
            1 => rng.range(30, 39),
            2 => rng.range(40, 49),
            _ => rng.range(50, 58),
        } as i32)
        .collect();
    let target = (36.5 * n as f64).round() as i64;
    let mut sum: i64 = ages.iter().map(|&a| i64::from(a)).sum();
    while sum != target && n > 0 {
        let i = rng.below(n as u64) as usize;
        if sum < target && ages[i] < 59 {
            ages[i] += 1;
            sum += 1;
        } else if sum > target && ages[i] > 22 {
            ages[i] -= 1;
            sum -= 1;
        }
    }
    let women = (0.73 * n as f64).round() as usize;
    let mut male: Vec<bool> = (0..n).map(|i| i >= women).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        male.swap(i, j);
    }
    ages.into_iter().zip(male).collect()
}

struct Namer {
    used: HashSet<String>,
}

impl Namer {
    fn fresh(&mut self, rng: &mut Rng, male: bool) -> String {
        loop {
            let n = people::name(rng, male);
            if self.used.insert(n.clone()) {
                return n;
            }
        }
    }
}

/// The staff roster of a community: its workers (given), an information officer per building
/// (apart from a few), cadres and a police officer per big grid, volunteers and others.
pub fn roster(
    seed: u64,
    c: &Community,
    workers: &[(i32, bool)],
    volunteers: usize,
    ids: &mut IdBook,
) -> Vec<Staff> {
    let mut rng = Rng::stream(seed, 2000 + c.idx as u64);
    let mut namer = Namer {
        used: HashSet::new(),
    };
    let mut out = Vec::new();
    let grids = c.grids.len();
    let mut person = |rng: &mut Rng, role, role_text, male, age, grid, building| {
        let birth = birth_for_age(rng, age);
        let name = namer.fresh(rng, male);
        let id_number = ids.local(rng, birth, male);
        let phone = if rng.chance(0.96) {
            Some(people::mobile(rng))
        } else {
            None
        };
        Staff {
            name,
            role,
            role_text,
            male,
            birth,
            id_number,
            phone,
            grid,
            building,
        }
    };
    for (i, &(age, male)) in workers.iter().enumerate() {
        let (text, grid) = match i {
            0 | 1 => ("两委干部", Some(i % grids)),
            _ if i % 3 == 0 => ("网格员", Some(i % grids)),
            _ if i % 3 == 1 => ("社区工作者", None),
            _ => ("专职网格员", Some(i % grids)),
        };
        out.push(person(&mut rng, Role::Worker, text, male, age, grid, None));
    }
    const INFORMANT: &[&str] = &[
        "信息员",
        "楼长",
        "楼栋长",
        "党员",
        "业主代表",
        "兼职网格员",
        "群众骨干",
    ];
    for (bi, b) in c.buildings.iter().enumerate() {
        if rng.chance(0.012) {
            continue; // a building still without its information officer
        }
        let text = rng.pick(INFORMANT);
        let male = rng.chance(0.5);
        let age = rng.range(32, 72) as i32;
        out.push(person(
            &mut rng,
            Role::Informant,
            text,
            male,
            age,
            Some(b.grid),
            Some(bi),
        ));
    }
    const CADRE: &[&str] = &["下沉干部", "下沉干部", "下沉干部", "机关干部", "街道干部"];
    let police = ["民警", "社区民警", "驻社区民警"][c.idx % 3];
    for g in 0..grids {
        let n = if rng.chance(0.3) { 2 } else { 1 };
        for _ in 0..n {
            let text = rng.pick(CADRE);
            let male = rng.chance(0.55);
            let age = rng.range(26, 55) as i32;
            out.push(person(
                &mut rng,
                Role::Cadre,
                text,
                male,
                age,
                Some(g),
                None,
            ));
        }
        let age = rng.range(25, 50) as i32;
        let male = rng.chance(0.85);
        out.push(person(
            &mut rng,
            Role::Police,
            police,
            male,
            age,
            Some(g),
            None,
        ));
    }
    let age = rng.range(40, 55) as i32;
    out.push(person(
        &mut rng,
        Role::Cadre,
        "街道驻社区领导",
        true,
        age,
        None,
        None,
    ));
    for _ in 0..volunteers {
        let male = rng.chance(0.45);
        let age = rng.range(18, 66) as i32;
        let grid = if rng.chance(0.6) {
            Some(rng.below(grids as u64) as usize)
        } else {
            None
        };
        out.push(person(
            &mut rng,
            Role::Volunteer,
            "志愿者",
            male,
            age,
            grid,
            None,
        ));
    }
    for text in ["物管", "医务人员", "社工"] {
        let male = rng.chance(0.4);
        let age = rng.range(25, 55) as i32;
        out.push(person(&mut rng, Role::Other, text, male, age, None, None));
    }
    if c.idx == defects::ROLE_UNKNOWN {
        let age = rng.range(40, 60) as i32;
        out.push(person(
            &mut rng,
            Role::Other,
            "保洁员",
            false,
            age,
            None,
            None,
        ));
    }
    out
}

/// Households isolated at home after returning from Hubei (14 days, SPEC §5).
pub fn isolation(seed: u64, c: &mut Community, scale: f64, ids: &mut IdBook) -> Vec<Isolation> {
    let mut rng = Rng::stream(seed, 3000 + c.idx as u64);
    let residents: u32 = c.households.iter().map(|h| h.members).sum();
    let n = ((f64::from(residents) * 0.0005).round() as usize).max(1);
    let n = n.min(c.households.len());
    let _ = scale;
    let mut out = Vec::new();
    let mut picked = HashSet::new();
    for k in 0..n {
        let mut hi = rng.below(c.households.len() as u64) as usize;
        while !picked.insert(hi) {
            hi = (hi + 1) % c.households.len();
        }
        let (start, end) = if c.idx == defects::STORY && k == 0 {
            (world::day(1), Some(world::day(14))) // 曾先生一家: 1月25日至2月7日
        } else if c.idx == defects::ISOLATION_SHORT && k == 1 {
            (world::day(17), Some(world::day(25)))
        } else if c.idx == defects::ISOLATION_OVERDUE && k == 1 {
            (world::day(19), None)
        } else {
            let start = day(1 + rng.below(38));
            let end = start.checked_add_days(Days::new(13)).unwrap_or(start);
            let end = if end <= AS_OF || c.idx.is_multiple_of(2) {
                Some(end)
            } else {
                None
            };
            (start, end)
        };
        let persons = if c.idx == defects::STORY && k == 0 {
            2
        } else {
            1 + rng.weighted(&[5, 3, 2])
        };
        let surname = if c.idx == defects::STORY && k == 0 {
            "曾".to_string()
        } else {
            c.households[hi].head.chars().take(1).collect()
        };
        for p in 0..persons {
            let male = if p == 0 {
                c.idx == defects::STORY || rng.chance(0.6)
            } else {
                rng.chance(0.5)
            };
            let age = if p == 0 {
                rng.range(30, 55)
            } else {
                rng.range(3, 78)
            } as i32;
            let age = if c.idx == defects::STORY && k == 0 && p == 1 {
                72
            } else {
                age
            };
            let birth = birth_for_age(&mut rng, age);
            let area = rng.pick(AREAS_HUBEI);
            let name = people::name_with(&mut rng, &surname, male);
            let id_number = ids.issue(&mut rng, area, birth, male);
            if p == 0 {
                c.households[hi].head = name.clone();
                c.households[hi].id_number = id_number.clone();
            }
            out.push(Isolation {
                name,
                id_number,
                phone: if p == 0 {
                    Some(c.households[hi].phone.clone())
                } else {
                    None
                },
                start,
                end,
                household: hi,
            });
        }
    }
    out
}

/// One report per big grid per day, with gaps (more at the start) and late submissions.
pub fn daily(seed: u64, c: &Community) -> Vec<Daily> {
    let mut rng = Rng::stream(seed, 4000 + c.idx as u64);
    let mut size = vec![0u32; c.grids.len()];
    for h in &c.households {
        size[h.grid] += 1;
    }
    let mut out = Vec::new();
    for (g, &households) in size.iter().enumerate() {
        let sloppy = rng.chance(0.2);
        for d in 0..DAILY_DAYS {
            let date = day(d);
            let miss = 0.025 + if d < 3 { 0.12 } else { 0.0 } + if sloppy { 0.04 } else { 0.0 };
            if rng.chance(miss) {
                continue;
            }
            let late = 0.075 + if sloppy { 0.06 } else { 0.0 };
            let submitted = if rng.chance(0.004) {
                None
            } else if rng.chance(late) {
                let (dd, h, m) = if rng.chance(0.8) {
                    (0, rng.range(20, 23), rng.range(1, 59))
                } else {
                    (1, rng.range(8, 10), rng.range(0, 59))
                };
                at(date, dd, h, m)
            } else {
                let h = if rng.chance(0.7) {
                    rng.range(16, 19)
                } else {
                    rng.range(9, 15)
                };
                at(date, 0, h, rng.range(0, 59))
            };
            let isolated = c
                .isolation
                .iter()
                .filter(|p| c.households[p.household].grid == g)
                .filter(|p| p.start <= date && p.end.is_none_or(|e| e >= date))
                .count() as u32;
            let frac = if d < 10 {
                0.2 + 0.2 * rng.unit()
            } else {
                0.05 + 0.1 * rng.unit()
            };
            out.push(Daily {
                date,
                grid: g,
                visited: (f64::from(households) * frac).round() as u32,
                arrivals: if d > 16 {
                    rng.range(0, 12) as u32
                } else {
                    rng.range(0, 3) as u32
                },
                isolated,
                fever: u32::from(rng.chance(0.03)),
                submitted,
            });
        }
    }
    out
}

/// `--day N`: every big grid's reports of the `n` days after the first report date, all
/// sent on time (a stream of their own, so the first days' reports stay as they were).
pub fn daily_after(seed: u64, c: &Community, n: u32) -> Vec<Daily> {
    let mut rng = Rng::stream(seed, 4500 + c.idx as u64);
    let mut size = vec![0u32; c.grids.len()];
    for h in &c.households {
        size[h.grid] += 1;
    }
    let mut out = Vec::new();
    for (g, &households) in size.iter().enumerate() {
        for d in DAILY_DAYS..DAILY_DAYS + u64::from(n) {
            let date = day(d);
            let isolated = c
                .isolation
                .iter()
                .filter(|p| c.households[p.household].grid == g)
                .filter(|p| p.start <= date && p.end.is_none_or(|e| e >= date))
                .count() as u32;
            out.push(Daily {
                date,
                grid: g,
                visited: (f64::from(households) * (0.05 + 0.1 * rng.unit())).round() as u32,
                arrivals: rng.range(0, 12) as u32,
                isolated,
                fever: u32::from(rng.chance(0.03)),
                submitted: at(date, 0, rng.range(16, 19), rng.range(0, 59)),
            });
        }
    }
    out
}

fn at(date: NaiveDate, plus_days: u64, h: i64, m: i64) -> Option<NaiveDateTime> {
    let t = NaiveTime::from_hms_opt(h as u32, m as u32, 0)?;
    Some(date.checked_add_days(Days::new(plus_days))?.and_time(t))
}
