//! The whole run from a folder to a `Report`: read → records → checks → merge → figures.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cache::{ReadCache, Stamp};
use crate::check;
use crate::config::Config;
use crate::input::discover::discover;
use crate::input::duplicates::mark_duplicates;
use crate::input::FoundFile;
use crate::merge;
use crate::model::rows::Rows;
use crate::reading::{self, FileResult, Settings};
use crate::stats::figures::compute;
use crate::stats::{FileEntry, IssueSummary, Report, Summary};
use crate::vocab::issue::{sort_issues, Issue, Severity};
use crate::vocab::lang::Lang;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub as_of: Option<NaiveDate>,
    pub lang: Lang,
}

/// Why a run could not start (exit 2).
#[derive(Debug)]
pub enum Fatal {
    Input(String),
    NoSpreadsheets(String),
}

impl Fatal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Fatal::Input(m), _) => m.clone(),
            (Fatal::NoSpreadsheets(p), Lang::Zh) => {
                format!("{p} 中没有找到电子表格文件；支持 .xlsx .xlsm .xls .xlsb .ods .et .csv")
            }
            (Fatal::NoSpreadsheets(p), Lang::En) => {
                format!(
                    "no spreadsheets found in {p}; supported: .xlsx .xlsm .xls .xlsb .ods .et .csv"
                )
            }
        }
    }
}

/// A file as read, shared with `watch`'s cache, and its rows after the checks of the last
/// `as_of` they were made for: a rebuild neither copies nor checks again a file that did not
/// change while `as_of` stayed the same.
#[derive(Debug)]
pub struct FileData {
    read: FileResult,
    checked: Mutex<Option<(check::Found, Arc<FileResult>)>>,
}

impl FileData {
    fn new(read: FileResult) -> Arc<FileData> {
        Arc::new(FileData {
            read,
            checked: Mutex::new(None),
        })
    }
}

/// Every file under `input` (SPEC §1 and §9.1 order and skips, copies marked as
/// duplicates); `Err` when none of them is a spreadsheet.
pub fn find(input: &Path, exclude: Option<&Path>, cfg: &Config) -> Result<Vec<FoundFile>, Fatal> {
    let mut files = discover(input, exclude).map_err(Fatal::Input)?;
    if !files.iter().any(|f| f.to_read() || f.unlistable.is_some()) {
        return Err(Fatal::NoSpreadsheets(input.display().to_string()));
    }
    mark_duplicates(
        &mut files,
        cfg.limits.max_file_mb.saturating_mul(1024 * 1024),
    );
    Ok(files)
}

/// Read every file, in order, taking unchanged files from `cache` when one is given;
/// `done` is called after each file.
pub fn read_files(
    files: &[FoundFile],
    cfg: &Config,
    lang: Lang,
    mut cache: Option<&mut ReadCache<Arc<FileData>>>,
    done: &(dyn Fn() + Sync),
) -> Vec<Arc<FileData>> {
    let settings = Settings::new(cfg, lang);
    if let Some(c) = cache.as_deref_mut() {
        c.start(format!("{cfg:?}/{lang:?}"));
    }
    let max_bytes = cfg.limits.max_file_mb.saturating_mul(1024 * 1024);
    // Files are stamped and read in parallel, the largest first so that no large file is
    // left for last on one core; the results keep the order of `files`.
    let t = crate::timing::Timer::start();
    let shared = cache.as_deref();
    let mut order: Vec<usize> = (0..files.len()).collect();
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0))
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let mut read: Vec<(usize, Arc<FileData>, Option<Stamp>, bool)> = order
        .into_par_iter()
        .with_max_len(1)
        .map(|i| {
            let f = &files[i];
            let (stamp, hit) = match shared {
                Some(c) if f.to_read() => c.lookup(&f.path, max_bytes),
                _ => (None, None),
            };
            let from_cache = hit.is_some();
            let r = hit.unwrap_or_else(|| FileData::new(reading::read(f, &settings)));
            done();
            (i, r, stamp, from_cache)
        })
        .collect();
    read.sort_unstable_by_key(|r| r.0);
    t.done("read");
    if let Some(c) = cache {
        for (f, (_, r, stamp, from_cache)) in files.iter().zip(&read) {
            if f.to_read() {
                if *from_cache {
                    c.hit();
                } else {
                    c.store(&f.path, *stamp, r.clone());
                }
            }
        }
        c.keep_only(&files.iter().map(|f| f.path.as_path()).collect());
    }
    read.into_iter().map(|r| r.1).collect()
}

/// A file's rows after the window and `as_of` checks. A file no cache shares is checked in
/// place; a shared one is copied and checked once per window and `as_of`, then answered from
/// its `checked` slot.
fn checked(file: Arc<FileData>, found: check::Found, cfg: &Config, lang: Lang) -> Arc<FileResult> {
    let check = |mut r: FileResult| {
        let excluded = r.records.iter().filter(|r| r.excluded).count();
        check::check_rows(&mut r.records, found, cfg, lang, &mut r.issues);
        if r.records.iter().filter(|r| r.excluded).count() != excluded {
            recount_rows_used(&mut r);
        }
        Arc::new(r)
    };
    match Arc::try_unwrap(file) {
        Ok(data) => check(data.read),
        Err(shared) => {
            let mut slot = shared.checked.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((was, r)) = slot.as_ref() {
                if *was == found {
                    return r.clone();
                }
            }
            let r = check(shared.read.clone());
            *slot = Some((found, r.clone()));
            r
        }
    }
}

/// `rows_used` of each sheet after the checks excluded more rows (SPEC §7: the rows not
/// excluded by an error, before duplicates are merged).
fn recount_rows_used(r: &mut FileResult) {
    let mut used: BTreeMap<&str, u64> = BTreeMap::new();
    for rec in r.records.iter().filter(|r| !r.excluded) {
        *used.entry(rec.loc.sheet.sheet.as_str()).or_default() += 1;
    }
    for s in &mut r.entry.sheets {
        if s.header_row.is_some() {
            s.rows_used = used.get(s.name.as_str()).copied().unwrap_or(0);
        }
    }
}

/// Everything after reading: checks, merging, figures, the summary.
pub fn finish(files: Vec<Arc<FileData>>, cfg: &Config, opts: &Options) -> Report {
    finish_with_structure(files, cfg, opts).0
}

/// What the report does not carry and `gridreport template` needs: each community's big
/// grids and buildings (SPEC §5, by display name) and the window of plausible dates (§9.3).
#[derive(Debug, Default)]
pub struct Structures {
    pub layouts: BTreeMap<String, merge::structure::Layout>,
    pub window: Option<check::window::Window>,
}

/// [`finish`], keeping the communities' structures and the date window.
pub fn finish_with_structure(
    files: Vec<Arc<FileData>>,
    cfg: &Config,
    opts: &Options,
) -> (Report, Structures) {
    let lang = opts.lang;
    let t = crate::timing::Timer::start();
    let found = {
        let raw = Rows::new(files.iter().map(|f| f.read.records.as_slice()).collect());
        let window = check::window::window(&raw, cfg.max_period_days);
        check::Found {
            window,
            as_of: check::as_of::as_of(&raw, opts.as_of, window),
        }
    };
    let as_of = found.as_of;
    let results: Vec<Arc<FileResult>> = files
        .into_par_iter()
        .map(|f| checked(f, found, cfg, lang))
        .collect();
    t.done("check-rows");
    let t = crate::timing::Timer::start();
    let records = Rows::new(results.iter().map(|r| r.records.as_slice()).collect());
    let mut entries: Vec<FileEntry> = results.iter().map(|r| r.entry.clone()).collect();
    let mut issues = Vec::with_capacity(results.iter().map(|r| r.issues.len()).sum());
    for r in &results {
        issues.extend(r.issues.iter().cloned());
    }
    t.done("gather");
    let t = crate::timing::Timer::start();
    // Display names and duplicates do not depend on each other: found side by side.
    let ((communities, mut name_issues), (winners, mut dup_issues)) = rayon::join(
        || {
            let mut found = Vec::new();
            let communities = merge::community::resolve(&records, cfg, lang, &mut found);
            merge::config_names::unknown_communities(&communities, cfg, lang, &mut found);
            (communities, found)
        },
        || {
            let mut found = Vec::new();
            (merge::dedupe::dedupe(&records, lang, &mut found), found)
        },
    );
    issues.append(&mut name_issues);
    issues.append(&mut dup_issues);
    t.done("dedupe");
    let t = crate::timing::Timer::start();
    let structure =
        merge::structure::build(&records, &winners, &communities, cfg, lang, &mut issues);
    t.done("structure");
    let t = crate::timing::Timer::start();
    let figures = compute(&records, &winners, &structure, &communities, as_of, cfg);
    t.done("figures");
    let t = crate::timing::Timer::start();

    // What makes each issue the same issue in the next build (never PII).
    crate::history::identity::assign(&records, &mut issues);
    for i in &mut issues {
        if i.community.is_none() {
            if let Some(name) = i.community_key.as_deref().and_then(|k| communities.name(k)) {
                i.community = Some(name.to_string());
            }
        }
    }
    sort_issues(&mut issues);
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let summary = Summary {
        schema: crate::stats::SCHEMA,
        name: cfg.name.clone(),
        as_of,
        period: figures.period,
        totals: figures.totals,
        communities: figures.communities,
        big_grids: figures.big_grids,
        daily: figures.daily,
        files: entries,
        issues: summarize(issues),
        changes: None,
    };
    t.done("check");
    let layouts = structure
        .layouts
        .into_iter()
        .filter_map(|(key, layout)| Some((communities.name(&key)?.to_string(), layout)))
        .collect();
    (
        Report {
            summary,
            grid_days: figures.grid_days,
            history: Default::default(),
        },
        Structures {
            layouts,
            window: found.window,
        },
    )
}

/// The issues as summary.json counts and lists them (SPEC §7).
pub fn summarize(list: Vec<Issue>) -> IssueSummary {
    let mut by_rule: BTreeMap<String, u64> = BTreeMap::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for i in &list {
        *by_rule.entry(i.rule.as_str().to_string()).or_default() += 1;
        match i.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
    }
    IssueSummary {
        errors,
        warnings,
        infos,
        by_rule,
        list,
    }
}
