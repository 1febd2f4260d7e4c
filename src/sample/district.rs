//! The district model: communities, big grids, buildings and households — what the
//! generator "knows" is true. The books (workbooks) are views of it; the expected figures
//! are computed from it.

use super::defects;
use super::people::{self, IdBook};
use super::rng::Rng;
use super::seeded;
use super::world::*;

/// (name, residents at scale 1, households at scale 1 or 0 = derived, buildings or 0).
/// 城东 is the one the story describes: ~40,000 residents, 770多栋, 5,000 + 8,000 households.
const COMMUNITIES: [(&str, u32, u32, u32); 20] = [
    ("城东社区", 39_800, 13_000, 776),
    ("城南社区", 21_400, 0, 0),
    ("城西社区", 18_600, 0, 0),
    ("城北社区", 16_900, 0, 0),
    ("城中社区", 12_300, 0, 0),
    ("贤洲社区", 19_700, 0, 0),
    ("冈州社区", 14_200, 0, 0),
    ("同德社区", 10_800, 0, 0),
    ("仁寿社区", 11_600, 0, 0),
    ("紫华社区", 15_400, 0, 0),
    ("象山社区", 13_900, 0, 0),
    ("今古洲社区", 22_600, 0, 0),
    ("圭峰社区", 17_300, 0, 0),
    ("东甲社区", 12_800, 0, 0),
    ("葵湖社区", 10_200, 0, 0),
    ("江湾社区", 14_700, 0, 0),
    ("南庚社区", 11_300, 0, 0),
    ("西甲社区", 10_600, 0, 0),
    ("中心社区", 13_100, 0, 0),
    ("振兴社区", 12_800, 0, 0),
];

const COMPOUNDS: &[&str] = &[
    "碧桂园",
    "翠景苑",
    "锦绣华庭",
    "江景豪庭",
    "名都花园",
    "丽日星城",
    "华侨新村",
    "冈州花园",
    "凤凰花园",
    "御景湾",
    "金汇广场",
    "紫华苑",
    "明珠花园",
    "新会城市花园",
    "帝豪花园",
    "东湖雅苑",
];
const STREETS: &[&str] = &[
    "东华里",
    "仁寿里",
    "新民路",
    "同德里",
    "象山路",
    "中和里",
    "北园街",
    "东庆路",
    "西河里",
    "南门街",
    "葵湖路",
    "振兴里",
    "圭峰路",
    "冈州大道",
    "今古洲路",
    "会城大道",
];
const OTHER_AREAS: &[&str] = &["单位宿舍区", "村民自建房", "城中村", "厂区宿舍"];

/// Split `total` into `parts` positive integers with random weights (largest remainder).
pub fn split(rng: &mut Rng, total: usize, parts: usize, spread: f64) -> Vec<usize> {
    if parts == 0 {
        return Vec::new();
    }
    let parts = parts.min(total.max(1));
    let w: Vec<f64> = (0..parts)
        .map(|_| 1.0 - spread + 2.0 * spread * rng.unit())
        .collect();
    let sum: f64 = w.iter().sum();
    let free = total.saturating_sub(parts) as f64;
    let raw: Vec<f64> = w.iter().map(|x| x / sum * free).collect();
    let mut out: Vec<usize> = raw.iter().map(|x| 1 + x.floor() as usize).collect();
    let mut rest = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..parts).collect();
    order.sort_by(|&a, &b| {
        let fa = raw[a] - raw[a].floor();
        let fb = raw[b] - raw[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

fn scaled(x: u32, scale: f64) -> usize {
    ((f64::from(x) * scale).round() as usize).max(1)
}

/// Build structure and households of community `idx`.
pub fn community(seed: u64, scale: f64, idx: usize, ids: &mut IdBook) -> Community {
    let (name, r1, h1, b1) = COMMUNITIES[idx % COMMUNITIES.len()];
    let style = Style::of(idx);
    let mut rng = Rng::stream(seed, 1000 + idx as u64);
    let residents = scaled(r1, scale);
    let avg_members = 2.72 + 0.3 * rng.unit();
    let households = if h1 > 0 {
        scaled(h1, scale)
    } else {
        ((residents as f64 / avg_members).round() as usize).max(1)
    };
    let residents = residents.max(households);
    // Households by compound class, then buildings per class.
    let (hg, hu) = if idx == 0 {
        (
            scaled(5_000, scale).min(households),
            households.saturating_sub(scaled(5_000, scale)),
        )
    } else {
        let g = (households as f64 * (0.3 + 0.3 * rng.unit())).round() as usize;
        let u = (households as f64 * (0.25 + 0.2 * rng.unit())).round() as usize;
        (g.min(households), u.min(households - g.min(households)))
    };
    let ho = households - hg - hu;
    let (bg, bu, bo) = if b1 > 0 {
        let b = scaled(b1, scale);
        let bg = ((b as f64) * 0.2).round() as usize;
        (bg.clamp(1, hg.max(1)), (b - bg).clamp(1, hu.max(1)), 0)
    } else {
        (hg.div_ceil(30), hu.div_ceil(12), ho.div_ceil(8))
    };
    let mut classes: Vec<(Compound, usize)> = Vec::new();
    for (class, h, b, per_block) in [
        (Compound::Gated, hg, bg, 12),
        (Compound::Unmanaged, hu, bu, 18),
        (Compound::Other, ho, bo, 10),
    ] {
        if h == 0 || b == 0 {
            continue;
        }
        for (blk, size) in split(&mut rng, h, b, 0.5)
            .chunks(per_block)
            .enumerate()
            .map(|(i, c)| (i, c.to_vec()))
        {
            let _ = blk;
            for s in size {
                classes.push((class, s));
            }
            classes.push((class, 0)); // block boundary marker
        }
    }
    // Name buildings by block: a compound (…座), a street (…号) or an other area (…栋).
    let mut buildings: Vec<Building> = Vec::new();
    let (mut gated_blk, mut street_blk, mut other_blk, mut n_in_blk) =
        (0usize, 0usize, 0usize, 0usize);
    let mut first = 0usize;
    for (class, size) in classes {
        if size == 0 {
            match buildings.last().map(|b| b.class) {
                Some(Compound::Gated) => gated_blk += 1,
                Some(Compound::Unmanaged) => street_blk += 1,
                Some(Compound::Other) => other_blk += 1,
                None => {}
            }
            n_in_blk = 0;
            continue;
        }
        n_in_blk += 1;
        let code = match class {
            Compound::Gated => {
                let c = COMPOUNDS[(gated_blk + idx * 3) % COMPOUNDS.len()];
                let round = (gated_blk + idx * 3) / COMPOUNDS.len();
                if round == 0 {
                    format!("{c}{n_in_blk}座")
                } else {
                    format!("{c}{}期{n_in_blk}座", round + 1)
                }
            }
            Compound::Unmanaged => {
                let s = STREETS[(street_blk + idx * 5) % STREETS.len()];
                let lane = (street_blk + idx * 5) / STREETS.len() + 1;
                format!("{s}{lane}巷{n_in_blk}号")
            }
            Compound::Other => {
                let s = OTHER_AREAS[(other_blk + idx) % OTHER_AREAS.len()];
                format!(
                    "{s}{}区{n_in_blk}栋",
                    (other_blk + idx) / OTHER_AREAS.len() + 1
                )
            }
        };
        buildings.push(Building {
            code,
            grid: 0,
            class,
            first,
            len: size,
        });
        first += size;
    }
    let grids = assign_grids(
        &mut buildings,
        households,
        idx == defects::SMALL_GRID,
        scale,
        style,
    );
    let members = members(&mut rng, households, residents);
    let coverage = if idx % 9 == 4 {
        0.84
    } else {
        0.9 + 0.09 * rng.unit()
    };
    let mut hh = Vec::with_capacity(households);
    for (bi, b) in buildings.iter().enumerate() {
        let units = if b.class == Compound::Gated { 4 } else { 2 };
        for i in 0..b.len {
            let room = (i / units + 1) * 100 + i % units + 1;
            let male = rng.chance(0.68);
            let age = rng.range(24, 86) as i32;
            let birth = birth_for_age(&mut rng, age);
            let screened_on = if rng.chance(coverage) {
                let x = rng.unit().min(rng.unit());
                Some(day((x * DAILY_DAYS as f64) as u64))
            } else {
                None
            };
            hh.push(Household {
                id: format!("{:04}-{room}", bi + 1),
                grid: b.grid,
                building: bi,
                members: members[b.first + i],
                head: people::name(&mut rng, male),
                id_number: ids.local(&mut rng, birth, male),
                phone: people::mobile(&mut rng),
                address: format!("会城{}{room}房", b.code),
                compound: match b.class {
                    Compound::Gated => style.gated_text(idx),
                    Compound::Unmanaged => style.unmanaged_text(idx),
                    Compound::Other => ["单位宿舍", "自建房", "城中村"][idx % 3],
                },
                screened_on,
            });
        }
    }
    let mut c = Community {
        idx,
        name,
        short: name.trim_end_matches("社区").to_string(),
        style,
        grids,
        buildings,
        households: hh,
        staff: Vec::new(),
        daily: Vec::new(),
        isolation: Vec::new(),
        grid_table: idx % 10 != 8,
        grid_table_omit: None,
        day: 0,
        fixed: false,
    };
    seeded::shape_structure(&mut c);
    c
}

/// Cut consecutive buildings into big grids of about 700 households (one small one when seeded).
fn assign_grids(
    buildings: &mut [Building],
    households: usize,
    small: bool,
    scale: f64,
    style: Style,
) -> Vec<Grid> {
    let small_size = if small {
        scaled(430, scale).min(households / 3)
    } else {
        0
    };
    let main = households - small_size;
    let g = ((main as f64 / 700.0).round() as usize).max(1);
    let mut cum = 0usize;
    let mut raw: Vec<usize> = Vec::with_capacity(buildings.len());
    for b in buildings.iter() {
        let mid = cum + b.len / 2;
        let k = if small_size > 0 && mid >= main {
            g
        } else {
            (mid * g / main.max(1)).min(g - 1)
        };
        raw.push(k);
        cum += b.len;
    }
    // Drop empty grids (tiny scales) and number the rest 1, 2, …
    let mut used: Vec<usize> = raw.clone();
    used.dedup();
    for (b, k) in buildings.iter_mut().zip(raw) {
        b.grid = used.iter().position(|&u| u == k).unwrap_or(0);
    }
    (1..=used.len())
        .map(|n| Grid {
            code: grid_code(style, n),
        })
        .collect()
}

/// Household sizes with mean `residents / households`, summing exactly to `residents`.
fn members(rng: &mut Rng, households: usize, residents: usize) -> Vec<u32> {
    let mut m: Vec<u32> = (0..households)
        .map(|_| 1 + rng.weighted(&[18, 25, 27, 18, 8, 4]) as u32)
        .collect();
    let mut sum: usize = m.iter().map(|&x| x as usize).sum();
    let mut guard = 0usize;
    while sum != residents && guard < 50 * residents {
        guard += 1;
        let i = rng.below(households as u64) as usize;
        if sum < residents && m[i] < 9 {
            m[i] += 1;
            sum += 1;
        } else if sum > residents && m[i] > 1 {
            m[i] -= 1;
            sum -= 1;
        }
    }
    m
}
