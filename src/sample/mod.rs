//! `gridreport sample`: a synthetic sub-district that tells the Huicheng story (20
//! communities, 320,000 residents, 360 community workers …), written as community offices
//! keep their books, with a few dozen seeded defects so that every rule of SPEC §4–§5 occurs.
//!
//! Deterministic: the same seed and scale give byte-identical files (own PRNG, fixed
//! document times, no hash-order iteration).

mod book;
mod books;
mod district;
mod figures;
mod people;
mod readme;
mod rng;
mod seeded;
mod staff;

use anyhow::{ensure, Context, Result};
use district::{Community, District};
use people::IdBook;
use seeded::Log;
use std::path::Path;

/// The files `write_sample` writes as `X.xls.xlsx`, to be turned into `X.xls` by
/// `scripts/make-sample-xls.sh` (no crate writes .xls).
pub const XLS_SUFFIX: &str = ".xls.xlsx";

/// Write the sample district into `dir` (created if missing).
pub fn write_sample(dir: &Path, scale: f64, seed: u64) -> Result<()> {
    ensure!(
        scale.is_finite() && (0.01..=100.0).contains(&scale),
        "--scale must be between 0.01 and 100"
    );
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let district = build(scale, seed);
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
    let expected = figures::expected(&district, &log, scale, seed);
    let mut json = serde_json::to_string_pretty(&expected)?;
    json.push('\n');
    std::fs::write(dir.join("expected.json"), json)?;
    std::fs::write(
        dir.join("README.md"),
        readme::render(&district, &log, &files, &expected, scale, seed),
    )?;
    Ok(())
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

fn build(scale: f64, seed: u64) -> District {
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
    }
    District { communities }
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
