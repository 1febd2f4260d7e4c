//! The units of a roll-up: every summary under INPUT read (in parallel, in SPEC §1 order),
//! each file listed with its status, and the roll-up's own issues — an unreadable summary
//! (`file_unreadable`, with the reason), an identical copy (`file_duplicate`, skipped, as a
//! build skips a copied workbook), a second summary of the same unit (`file_unreadable`:
//! an error naming the earlier file; only the first is used), anything else found
//! (`file_skipped`), and a unit whose figures are of an older date than the others
//! (`date_out_of_range`, a warning, when more than a day older).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::find::{find, Entry, Skip, What};
use super::read::{self, Unit};
use crate::config::Config;
use crate::input::SkipReason;
use crate::stats::{FileEntry, FileStatus};
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;

/// A unit taken into the roll-up.
#[derive(Clone, Debug)]
pub struct Taken {
    pub unit: Unit,
    /// Its summary, relative to INPUT.
    pub file: String,
    /// Its report beside the summary, relative to INPUT.
    pub report: Option<String>,
}

pub struct Gathered {
    /// In the order of their files.
    pub units: Vec<Taken>,
    pub files: Vec<FileEntry>,
    pub issues: Vec<Issue>,
}

/// Read every summary under `input`. `Err` (exit 2) when INPUT cannot be listed or holds no
/// summary at all.
pub fn gather(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    lang: Lang,
) -> Result<Gathered, String> {
    let found = find(input, exclude)?;
    if !found
        .iter()
        .any(|e| matches!(e.what, What::Summary { .. } | What::Unlistable { .. }))
    {
        return Err(match lang {
            Lang::Zh => format!(
                "{} 中没有找到汇总文件：请放入各街道报告文件夹（其中有 summary.json），或各街道发来的 summary.json（可改名为 <街道>.json）",
                input.display()
            ),
            Lang::En => format!(
                "no summaries found in {}: put in the sub-districts' report folders (each holds summary.json) or the summary.json files they sent (may be renamed <sub-district>.json)",
                input.display()
            ),
        });
    }
    let top = input
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(crate::input::discover::decode_name))
        .unwrap_or_else(|| input.display().to_string());
    let max_bytes = cfg.limits.max_file_mb.saturating_mul(1024 * 1024);
    let reads: Vec<Option<Result<read::Read, String>>> = found
        .par_iter()
        .with_max_len(1)
        .map(|e| match e.what {
            What::Summary { .. } => {
                Some(read::read(&e.path, &e.fallback_name(&top), max_bytes, lang))
            }
            _ => None,
        })
        .collect();
    let mut g = Gathered {
        units: Vec::new(),
        files: Vec::with_capacity(found.len()),
        issues: Vec::new(),
    };
    // Earlier summaries by fingerprint (identical copies) and by unit name.
    let mut by_bytes: HashMap<(u64, u128), String> = HashMap::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    for (e, r) in found.into_iter().zip(reads) {
        let status = match (&e.what, r) {
            (What::Summary { .. }, Some(Ok(read))) => {
                if let Some(earlier) = by_bytes.get(&read.fingerprint) {
                    let reason = SkipReason::Duplicate(earlier.clone());
                    g.issues.push(
                        Issue::new(Rule::FileDuplicate, reason.message(lang)).file(&e.rel_path),
                    );
                    FileStatus::Skipped
                } else if let Some(earlier) = by_name.get(&read.unit.name) {
                    g.issues.push(
                        Issue::new(
                            Rule::FileUnreadable,
                            same_unit(&read.unit.name, earlier, lang),
                        )
                        .file(&e.rel_path)
                        .community(&read.unit.name),
                    );
                    FileStatus::Unreadable
                } else {
                    by_bytes.insert(read.fingerprint, e.rel_path.clone());
                    by_name.insert(read.unit.name.clone(), e.rel_path.clone());
                    g.units.push(Taken {
                        report: e.report(),
                        file: e.rel_path.clone(),
                        unit: read.unit,
                    });
                    FileStatus::Read
                }
            }
            (What::Summary { .. }, Some(Err(why))) => {
                g.issues
                    .push(Issue::new(Rule::FileUnreadable, why).file(&e.rel_path));
                FileStatus::Unreadable
            }
            (What::Unlistable { why, .. }, _) => {
                let msg = match lang {
                    Lang::Zh => format!("无法打开：{why}"),
                    Lang::En => format!("cannot be opened: {why}"),
                };
                g.issues
                    .push(Issue::new(Rule::FileUnreadable, msg).file(&e.rel_path));
                FileStatus::Unreadable
            }
            (What::Skipped(skip), _) => {
                g.issues
                    .push(Issue::new(Rule::FileSkipped, skipped(*skip, lang)).file(&e.rel_path));
                FileStatus::Skipped
            }
            (What::Summary { .. }, None) => FileStatus::Unreadable,
        };
        g.files.push(listed(&e, status));
    }
    Ok(g)
}

/// The date of the roll-up: the latest of its units' (`None` without units).
pub fn latest(units: &[Taken]) -> Option<NaiveDate> {
    units.iter().map(|t| t.unit.as_of).max()
}

/// One `date_out_of_range` warning per unit whose figures are more than a day older than
/// `as_of`: they are not of the same day as the others.
pub fn older_units(units: &[Taken], as_of: NaiveDate, lang: Lang) -> Vec<Issue> {
    units
        .iter()
        .filter_map(|t| {
            let days = (as_of - t.unit.as_of).num_days();
            (days > 1).then(|| {
                let (name, date) = (&t.unit.name, t.unit.as_of);
                let msg = match lang {
                    Lang::Zh => format!(
                        "{name}的数字截至 {date}，比这份汇总的 {as_of} 早 {days} 天，不是同一天的数字：请{name}用最新的表格重新生成报告后再发送"
                    ),
                    Lang::En => format!(
                        "{name}'s figures are as of {date}, {days} days before this roll-up's {as_of}: not of the same day; ask {name} to build its report again with its latest files"
                    ),
                };
                Issue::new(Rule::DateOutOfRange, msg)
                    .severity(crate::vocab::issue::Severity::Warning)
                    .file(&t.file)
                    .community(name)
            })
        })
        .collect()
}

fn same_unit(name: &str, earlier: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "与 {earlier} 是同一个单位“{name}”的汇总：只用了先读到的 {earlier}，这一份没有计入。若这是新的一份，请删掉旧的；若是两个单位，请在各自的配置文件里写上不同的 name 后重新生成"
        ),
        Lang::En => format!(
            "a second summary of the unit '{name}' ({earlier} was read first): only {earlier} is used, this one is not counted. If this one is newer, remove the old one; if they are two units, give each its own name in its config file and build again"
        ),
    }
}

fn skipped(skip: Skip, lang: Lang) -> String {
    let reason = match skip {
        Skip::NotSummary => {
            return lang
                .pick(
                    "不是汇总文件（summary.json 或 .json），已跳过",
                    "not a summary (summary.json or .json), skipped",
                )
                .to_string()
        }
        Skip::LockFile => SkipReason::LockFile,
        Skip::Hidden => SkipReason::Hidden,
        Skip::Link => SkipReason::Symlink,
        Skip::NotRegular => SkipReason::NotRegular,
    };
    reason.message(lang)
}

fn listed(e: &Entry, status: FileStatus) -> FileEntry {
    let format = match &e.what {
        What::Unlistable { folder: true, .. } => String::new(),
        _ => {
            let name = e.rel_path.rsplit('/').next().unwrap_or_default();
            match name.rfind('.') {
                Some(i) if i > 0 => name[i + 1..].to_lowercase(),
                _ => String::new(),
            }
        }
    };
    FileEntry {
        path: e.rel_path.clone(),
        format,
        status,
        sheets: Vec::new(),
    }
}
