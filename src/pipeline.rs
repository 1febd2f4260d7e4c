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
use crate::input::read::read_file;
use crate::input::table::{find_table, Aliases, Found};
use crate::input::{FoundFile, SheetRead};
use crate::issue::{sort_issues, Issue, Rule, Severity};
use crate::lang::Lang;
use crate::merge;
use crate::model::parse::RowParser;
use crate::model::record::{Loc, Record, SheetLoc};
use crate::model::rows::Rows;
use crate::stats::figures::compute;
use crate::stats::{FileEntry, FileStatus, IssueSummary, Report, SheetEntry, Summary};

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

/// The result of reading one file: its entry, its rows and its issues. It depends only on the
/// file's bytes, the config and the language, so `watch` may keep it between runs.
#[derive(Clone, Debug)]
pub struct FileResult {
    entry: FileEntry,
    records: Vec<Record>,
    issues: Vec<Issue>,
}

/// A file as read, shared with `watch`'s cache, and its rows after the checks of the last
/// `as_of` they were made for: a rebuild neither copies nor checks again a file that did not
/// change while `as_of` stayed the same.
#[derive(Debug)]
pub struct FileData {
    read: FileResult,
    checked: Mutex<Option<(NaiveDate, Arc<FileResult>)>>,
}

impl FileData {
    fn new(read: FileResult) -> Arc<FileData> {
        Arc::new(FileData {
            read,
            checked: Mutex::new(None),
        })
    }
}

/// Read and check everything under `input` (leaving out `exclude`, the output folder).
pub fn analyze(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    opts: &Options,
) -> Result<Report, Fatal> {
    let files = find(input, exclude)?;
    let results = read_files(&files, cfg, opts.lang, None, &|| {});
    Ok(finish(results, cfg, opts))
}

/// Every file under `input` (SPEC §1 order); `Err` when none of them is a spreadsheet.
pub fn find(input: &Path, exclude: Option<&Path>) -> Result<Vec<FoundFile>, Fatal> {
    let files = discover(input, exclude).map_err(Fatal::Input)?;
    if files.iter().all(|f| f.skip.is_some()) {
        return Err(Fatal::NoSpreadsheets(input.display().to_string()));
    }
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
    let aliases = Aliases::new(cfg);
    let parser = RowParser {
        lang,
        spellings: &cfg.communities,
    };
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
                Some(c) if f.skip.is_none() => c.lookup(&f.path, max_bytes),
                _ => (None, None),
            };
            let from_cache = hit.is_some();
            let r = hit.unwrap_or_else(|| FileData::new(read_one(f, cfg, &aliases, &parser)));
            done();
            (i, r, stamp, from_cache)
        })
        .collect();
    read.sort_unstable_by_key(|r| r.0);
    t.done("read");
    if let Some(c) = cache {
        for (f, (_, r, stamp, from_cache)) in files.iter().zip(&read) {
            if f.skip.is_none() {
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

/// A file's rows after the `as_of` checks. A file no cache shares is checked in place; a
/// shared one is copied and checked once per `as_of`, then answered from its `checked` slot.
fn checked(file: Arc<FileData>, as_of: NaiveDate, cfg: &Config, lang: Lang) -> Arc<FileResult> {
    let check = |mut r: FileResult| {
        check::check_rows(&mut r.records, as_of, cfg, lang, &mut r.issues);
        Arc::new(r)
    };
    match Arc::try_unwrap(file) {
        Ok(data) => check(data.read),
        Err(shared) => {
            let mut slot = shared.checked.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((date, r)) = slot.as_ref() {
                if *date == as_of {
                    return r.clone();
                }
            }
            let r = check(shared.read.clone());
            *slot = Some((as_of, r.clone()));
            r
        }
    }
}

/// Everything after reading: checks, merging, figures, the summary.
pub fn finish(files: Vec<Arc<FileData>>, cfg: &Config, opts: &Options) -> Report {
    let lang = opts.lang;
    let t = crate::timing::Timer::start();
    let as_of = {
        let raw = Rows::new(files.iter().map(|f| f.read.records.as_slice()).collect());
        check::as_of::as_of(&raw, opts.as_of)
    };
    let results: Vec<Arc<FileResult>> = files
        .into_par_iter()
        .map(|f| checked(f, as_of, cfg, lang))
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
            (
                merge::community::resolve(&records, cfg, lang, &mut found),
                found,
            )
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
        schema: 1,
        name: cfg.name.clone(),
        as_of: as_of.to_string(),
        period: figures.period,
        totals: figures.totals,
        communities: figures.communities,
        big_grids: figures.big_grids,
        daily: figures.daily,
        files: entries,
        issues: summarize(issues),
    };
    t.done("check");
    Report {
        summary,
        grid_days: figures.grid_days,
    }
}

fn summarize(list: Vec<Issue>) -> IssueSummary {
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

fn read_one(f: &FoundFile, cfg: &Config, aliases: &Aliases, parser: &RowParser) -> FileResult {
    let lang = parser.lang;
    let mut out = FileResult {
        entry: FileEntry {
            path: f.rel_path.clone(),
            format: f.format.clone(),
            status: FileStatus::Read,
            sheets: vec![],
        },
        records: Vec::new(),
        issues: Vec::new(),
    };
    if let Some(reason) = f.skip {
        out.entry.status = FileStatus::Skipped;
        out.issues
            .push(Issue::new(Rule::FileSkipped, reason.message(lang)).file(&f.rel_path));
        return out;
    }
    let sheets = match read_file(f, &cfg.limits) {
        Ok(s) => s,
        Err(e) => {
            out.entry.status = FileStatus::Unreadable;
            out.issues
                .push(Issue::new(Rule::FileUnreadable, e.message(lang)).file(&f.rel_path));
            return out;
        }
    };
    for sheet in sheets {
        let sheet = match sheet {
            SheetRead::Ok(s) => s,
            SheetRead::Failed { name, reason } => {
                let msg = match lang {
                    Lang::Zh => format!("工作表“{name}”无法读取：{}", reason.message(lang)),
                    Lang::En => format!("sheet '{name}' cannot be read: {}", reason.message(lang)),
                };
                out.issues.push(
                    Issue::new(Rule::FileUnreadable, msg)
                        .file(&f.rel_path)
                        .sheet(&name),
                );
                out.entry.sheets.push(SheetEntry {
                    name,
                    kind: "unreadable".into(),
                    header_row: None,
                    rows: 0,
                    rows_used: 0,
                });
                continue;
            }
        };
        let mut sheet_issues = Vec::new();
        let found = find_table(&sheet, aliases, cfg, lang, &mut sheet_issues);
        for i in &mut sheet_issues {
            i.file = Some(f.rel_path.clone());
            i.sheet = Some(sheet.name.clone());
        }
        out.issues.append(&mut sheet_issues);
        let table = match found {
            Found::Table(t) => t,
            Found::Unrecognized | Found::Empty => {
                out.entry.sheets.push(SheetEntry {
                    name: sheet.name.clone(),
                    kind: "unrecognized".into(),
                    header_row: None,
                    rows: 0,
                    rows_used: 0,
                });
                continue;
            }
        };
        let loc = Arc::new(SheetLoc {
            file: f.rel_path.clone(),
            sheet: sheet.name.clone(),
            columns: table.columns.clone(),
            date1904: sheet.date1904,
            serials_are_dates: sheet.serials_are_dates,
        });
        let mut used = 0u64;
        out.records.reserve(table.rows.len());
        for row in &table.rows {
            let rec = parser.parse(
                table.kind,
                row,
                Loc {
                    sheet: loc.clone(),
                    row: row.row,
                },
                &mut out.issues,
            );
            used += (!rec.excluded) as u64;
            out.records.push(rec);
        }
        out.entry.sheets.push(SheetEntry {
            name: sheet.name.clone(),
            kind: table.kind.as_str().into(),
            header_row: Some(table.header_row),
            rows: table.rows.len() as u64,
            rows_used: used,
        });
    }
    out
}
