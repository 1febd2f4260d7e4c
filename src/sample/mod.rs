//! `gridreport sample`: a synthetic sub-district that tells the Huicheng story (20
//! communities, 320,000 residents, 360 community workers …), written as community offices
//! keep their books, with a few dozen seeded defects so that every rule of SPEC §4–§5 occurs.
//!
//! Deterministic: the same seed and scale give byte-identical files (own PRNG, fixed
//! document times, no hash-order iteration).

mod book;
mod books;
mod cells;
mod defects;
mod district;
mod figures;
mod people;
mod readme;
mod rng;
mod seeded;
mod staff;
mod world;

use anyhow::{ensure, Context, Result};
use people::IdBook;
use seeded::Log;
use std::path::Path;
use world::{Community, District};

/// The sample sub-district's name, set in the `gridreport.toml` the sample carries.
pub const NAME: &str = "圭峰会城街道";

/// The config file of the sample: its name (every other setting at its default).
pub const CONFIG: &str = "# 示例街道的设置。gridreport init 可写出全部设置及其默认值。\n\
# Settings of the sample sub-district; `gridreport init` writes every setting with its default.\n\
name = \"圭峰会城街道\"\n";

/// What `write_sample` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Files written, the README, expected.json and gridreport.toml included.
    pub files: usize,
    pub communities: usize,
    pub households: usize,
    pub residents: u64,
}

impl Written {
    /// One line for the terminal: what was written, and where.
    pub fn summary(&self, dir: &Path, lang: crate::vocab::lang::Lang) -> String {
        match lang {
            crate::vocab::lang::Lang::Zh => format!(
                "已在 {} 写入示例街道“{NAME}”：{} 个社区，{} 户，{} 人，共 {} 个文件（其中 gridreport.toml、README.md、expected.json）",
                dir.display(),
                self.communities,
                self.households,
                self.residents,
                self.files
            ),
            crate::vocab::lang::Lang::En => format!(
                "wrote the sample sub-district {NAME} to {}: {} communities, {} households, {} residents, {} files (gridreport.toml, README.md and expected.json among them)",
                dir.display(),
                self.communities,
                self.households,
                self.residents,
                self.files
            ),
        }
    }
}

/// Write the sample district into `dir` (created if missing).
pub fn write_sample(dir: &Path, scale: f64, seed: u64) -> Result<Written> {
    write_sample_day(dir, scale, seed, 0)
}

/// The sample district `day` days after its first report (`gridreport sample --day N`).
pub fn write_sample_day(dir: &Path, scale: f64, seed: u64, day: u32) -> Result<Written> {
    ensure!(day <= MAX_DAY, "--day must be between 0 and {MAX_DAY}");
    ensure!(
        scale.is_finite() && (0.01..=100.0).contains(&scale),
        "--scale must be between 0.01 and 100"
    );
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let district = build(scale, seed, day);
    // The communities are independent: write them on two threads (the machine has two
    // cores), then merge the logs in community order so the README stays deterministic.
    let written = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let district = &district;
                scope.spawn(move || -> Result<Vec<(usize, Log, Vec<String>)>> {
                    let mut out = Vec::new();
                    for c in district.communities.iter().skip(t).step_by(2) {
                        let (log, files) = write_community(c, dir)?;
                        out.push((c.idx, log, files));
                    }
                    Ok(out)
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            match h.join() {
                Ok(r) => all.extend(r?),
                Err(_) => anyhow::bail!("a writer thread panicked"),
            }
        }
        Ok(all)
    })?;
    let mut written = written;
    written.sort_by_key(|w| w.0);
    let mut log = Log::default();
    let mut files: Vec<String> = Vec::new();
    for (_, l, f) in written {
        log.0.extend(l.0);
        files.extend(f);
    }
    let extra = [
        ("说明.txt".to_string(), readme::NOTE.as_bytes().to_vec()),
        (
            format!(
                "{}/~${}工作人员花名册.xlsx",
                district.communities[0].name, district.communities[0].name
            ),
            lock_file(),
        ),
    ];
    for (path, bytes) in &extra {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
        log.add(
            "file_skipped",
            "info",
            0,
            path,
            "-",
            "-".into(),
            "not a spreadsheet (or an Office lock file)",
        );
        files.push(path.clone());
    }
    files.sort();
    let when = figures::When {
        as_of: world::as_of_day(day),
        days: world::DAILY_DAYS + u64::from(day),
    };
    let expected = figures::expected(&district, &log, scale, seed, when);
    let mut json = serde_json::to_string_pretty(&expected)?;
    json.push('\n');
    std::fs::write(dir.join("expected.json"), json)?;
    std::fs::write(
        dir.join("README.md"),
        readme::render(&district, &log, &files, &expected, scale, seed),
    )?;
    std::fs::write(dir.join("gridreport.toml"), CONFIG)?;
    Ok(Written {
        files: files.len() + 3,
        communities: district.communities.len(),
        households: district
            .communities
            .iter()
            .map(|c| c.households.len())
            .sum(),
        residents: district
            .communities
            .iter()
            .flat_map(|c| &c.households)
            .map(|h| u64::from(h.members))
            .sum(),
    })
}

/// Write the books of one community; returns what was seeded and the paths written.
fn write_community(c: &Community, dir: &Path) -> Result<(Log, Vec<String>)> {
    let mut log = Log::default();
    let mut books = books::registers(c, &mut log);
    books.push(books::roster(c, &mut log));
    books.push(books::daily(c, &mut log));
    books.extend(books::grid_table(c));
    books.push(books::isolation(c, &mut log));
    let mut files = Vec::new();
    for b in &books {
        b.write(dir)?;
        files.push(b.path.clone());
    }
    big_grid_size(c, &mut log);
    Ok((log, files))
}

/// The latest `--day`: a week (a seeded screening date ten days after the first report must
/// stay in the future).
pub const MAX_DAY: u32 = 7;

fn build(scale: f64, seed: u64, day: u32) -> District {
    let mut ids = IdBook::default();
    let mut communities: Vec<Community> = (0..20)
        .map(|i| district::community(seed, scale, i, &mut ids))
        .collect();
    let weights: Vec<usize> = communities
        .iter()
        .map(|c| c.households.iter().map(|h| h.members as usize).sum())
        .collect();
    let total_workers = ((360.0 * scale).round() as usize).max(20);
    let workers = staff::allocate(
        total_workers,
        ((12.0 * scale).round() as usize).max(1),
        &weights,
    );
    let volunteers = staff::allocate(((1_120.0 * scale).round() as usize).max(20), 0, &weights);
    let profiles = staff::worker_profiles(seed, total_workers);
    let mut offset = 0;
    for (i, c) in communities.iter_mut().enumerate() {
        let n = workers[i];
        let mine = profiles.get(offset..offset + n).unwrap_or(&[]);
        offset += n;
        c.isolation = staff::isolation(seed, c, scale, &mut ids);
        c.staff = staff::roster(seed, c, mine, volunteers[i], &mut ids);
        c.daily = staff::daily(seed, c);
        if day > 0 {
            days_later(seed, c, day);
        }
    }
    District { communities }
}

/// The community `day` days later: its seeded defects mended (some communities), people
/// released from isolation on their 14th day with the date written, households screened in
/// the new days, and the new days' daily reports.
fn days_later(seed: u64, c: &mut Community, day: u32) {
    let as_of = world::as_of_day(day);
    c.day = day;
    c.fixed = defects::FIXED_BY_DAY_N.contains(&c.idx);
    if c.fixed && c.idx == defects::SCREENED_INVALID {
        if let Some(h) = c.households.get_mut(defects::TARGET_HOUSEHOLD) {
            h.screened_on = world::AS_OF.checked_add_days(chrono::Days::new(1));
        }
    }
    for p in &mut c.isolation {
        let release = p.start.checked_add_days(chrono::Days::new(13));
        if p.end.is_none() && release.is_some_and(|r| r > world::AS_OF && r <= as_of) {
            p.end = release;
        }
    }
    // Every seventh household not yet screened is screened in the new days.
    let target = defects::TARGET_HOUSEHOLD;
    let seeded_unscreened = matches!(
        c.seeded(),
        defects::SCREENED_INVALID | defects::SCREENED_FUTURE
    );
    for (i, h) in c.households.iter_mut().enumerate() {
        if h.screened_on.is_none() && i % 7 == 3 && !(seeded_unscreened && i == target) {
            let k = 1 + (i as u64 / 7) % u64::from(day);
            h.screened_on = world::AS_OF.checked_add_days(chrono::Days::new(k));
        }
    }
    let more = staff::daily_after(seed, c, day);
    c.daily.extend(more);
}

fn big_grid_size(c: &Community, log: &mut Log) {
    let mut n = vec![0usize; c.grids.len()];
    for h in &c.households {
        n[h.grid] += 1;
    }
    for (g, &k) in n.iter().enumerate() {
        if !(500..=900).contains(&k) {
            let note = format!("big grid {} has {k} households", c.grids[g].code);
            log.add(
                "big_grid_size",
                "warning",
                c.idx,
                "-",
                "-",
                "-".into(),
                note,
            );
        }
    }
}

/// What Office leaves beside an open workbook: 162 bytes starting with the user name.
fn lock_file() -> Vec<u8> {
    let mut b = vec![0u8; 162];
    let user = "wuxf".as_bytes();
    b[0] = user.len() as u8;
    b[1..1 + user.len()].copy_from_slice(user);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_names_the_sub_district_and_parses() {
        let cfg = crate::config::Config::parse(CONFIG).expect("the sample config parses");
        assert_eq!(cfg.name.as_deref(), Some(NAME));
    }

    #[test]
    fn summary_line_in_both_languages() {
        let w = Written {
            files: 225,
            communities: 20,
            households: 111_448,
            residents: 320_000,
        };
        let zh = w.summary(Path::new("sample-data"), crate::vocab::lang::Lang::Zh);
        assert!(
            zh.starts_with("已在 sample-data 写入示例街道“圭峰会城街道”：20 个社区"),
            "{zh}"
        );
        let en = w.summary(Path::new("out"), crate::vocab::lang::Lang::En);
        assert!(
            en.contains("to out: 20 communities, 111448 households, 320000 residents, 225 files"),
            "{en}"
        );
    }
}
