//! The report remembers (issue 16): each build keeps a snapshot of its figures and issues in
//! `OUT/history/<as_of>.json` (or `--history DIR`), carries the earlier ones over, and
//! compares itself with the latest one of an earlier date (or `--compare-with FILE`): which
//! issues were fixed, which are new, how every figure moved. Bad history never fails a
//! build: a snapshot that cannot be used is named in one info issue and left alone.
//!
//! `identity` (when two issues are the same), `snapshot` (the file), `folder` (a folder of
//! them), `compare` (the change). Here: what one build reads and writes.

pub(crate) mod compare;
pub(crate) mod folder;
pub(crate) mod identity;
pub mod snapshot;

use std::path::{Path, PathBuf};

use compare::Baseline;
use folder::{Contents, Ignored, Reason};
use snapshot::{Snapshot, Why};

use crate::stats::changes::Point;
use crate::stats::{IssueSummary, Report};
use crate::vocab::issue::{sort_issues, Issue, Rule, Severity};
use crate::vocab::lang::Lang;

/// The folder of OUT the history is kept in, unless `--history DIR` is given.
pub const FOLDER: &str = "history";

pub use snapshot::NOTE_KEY;

/// Where the history is kept and what to compare with.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// `--history DIR`: kept there instead of in OUT.
    pub dir: Option<PathBuf>,
    /// `--compare-with FILE`, read before the build.
    pub compare_with: Option<Baseline>,
    /// Config `history_keep` (0: no history is read or written).
    pub keep: u32,
}

/// What a build writes of the history once its report is ready.
#[derive(Clone, Debug, Default)]
pub struct Kept {
    /// The files of the new `OUT/history/`, by name (empty when kept elsewhere or not at all):
    /// (name, bytes, carried over from `from`).
    pub in_out: Vec<(String, Vec<u8>, bool)>,
    /// The history folder read (the previous OUT's), whose files are carried over.
    pub from: Option<PathBuf>,
    /// With `--history DIR`: what to write there and what to remove.
    pub elsewhere: Option<Elsewhere>,
}

#[derive(Clone, Debug)]
pub struct Elsewhere {
    pub dir: PathBuf,
    pub file: String,
    pub bytes: Vec<u8>,
    /// Older snapshots beyond `history_keep`.
    pub remove: Vec<String>,
}

/// `--compare-with FILE`: a snapshot, or an earlier report's summary.json.
pub fn load_compare(path: &Path, lang: Lang) -> Result<Baseline, String> {
    let bytes = std::fs::read(path).map_err(|e| match lang {
        Lang::Zh => format!("--compare-with {}：无法读取（{e}）", path.display()),
        Lang::En => format!("--compare-with {}: cannot be read ({e})", path.display()),
    })?;
    if let Ok(s) = Snapshot::parse(&bytes) {
        return Ok(Baseline::of_snapshot(&s));
    }
    Baseline::of_summary(&bytes).ok_or_else(|| match lang {
        Lang::Zh => format!(
            "--compare-with {}：既不是 gridreport 的历史快照（history/日期.json），也不是报告的 summary.json",
            path.display()
        ),
        Lang::En => format!(
            "--compare-with {}: neither a gridreport history snapshot (history/DATE.json) nor a report's summary.json",
            path.display()
        ),
    })
}

/// `--history DIR` must survive the build and must not be read as input: not OUT or inside
/// it (OUT is replaced whole), not inside INPUT.
pub fn check_dir(dir: &Path, input: &Path, out: &Path, lang: Lang) -> Result<(), String> {
    let abs = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = p.parent().filter(|x| !x.as_os_str().is_empty());
            Some(
                std::fs::canonicalize(parent.unwrap_or(Path::new(".")))
                    .ok()?
                    .join(p.file_name()?),
            )
        })
    };
    let Some(d) = abs(dir) else {
        return Ok(());
    };
    let inside = |p: &Path| abs(p).is_some_and(|p| d.starts_with(p));
    let (zh, en) = if inside(out) {
        (
            "在输出文件夹之内，每次生成报告时会被替换",
            "lies inside the output folder, which every build replaces",
        )
    } else if inside(input) {
        (
            "在输入文件夹之内，会被当作数据读取",
            "lies inside the input folder, whose files are read as data",
        )
    } else {
        return Ok(());
    };
    Err(match lang {
        Lang::Zh => format!("--history {} {zh}：请换一个文件夹", dir.display()),
        Lang::En => format!("--history {} {en}: choose another folder", dir.display()),
    })
}

/// Read the history, name what cannot be used, compare the report with its baseline and
/// fill in `summary.changes` and `report.history`; what to write afterwards.
pub fn attach(report: &mut Report, setup: &Setup, out: &Path, lang: Lang) -> Kept {
    let t = crate::timing::Timer::start();
    let source = setup.dir.clone().unwrap_or_else(|| out.join(FOLDER));
    let contents = if setup.keep > 0 {
        folder::read(&source, report.summary.name.as_deref())
    } else {
        Contents::default()
    };
    let notes = contents.ignored.iter().map(|i| note(i, lang)).collect();
    add_issues(&mut report.summary.issues, notes);

    let as_of = report.summary.as_of.to_string();
    let earlier = contents.snapshots.range(..as_of.clone());
    let baseline = setup.compare_with.clone().or_else(|| {
        earlier
            .clone()
            .next_back()
            .map(|(_, f)| Baseline::of_snapshot(&f.snapshot))
    });
    let s = &report.summary;
    let mut points: Vec<Point> = earlier
        .map(|(_, f)| Point {
            as_of: f.snapshot.as_of.clone(),
            totals: f.snapshot.totals.clone(),
            communities: f.snapshot.communities.clone(),
        })
        .collect();
    if setup.keep > 0 {
        points.push(Point {
            as_of: as_of.clone(),
            totals: s.totals.figures.clone(),
            communities: s
                .communities
                .iter()
                .map(|c| (c.name.clone(), c.figures.clone()))
                .collect(),
        });
    }
    report.history.points = points;
    if let Some(b) = &baseline {
        let (changes, fixed, new) = compare::compare(&report.summary, b);
        report.summary.changes = Some(changes);
        report.history.fixed = fixed;
        report.history.new = new;
        report.history.errors_before = b.errors;
        report.history.warnings_before = b.warnings;
        (report.history.errors_now, report.history.warnings_now) = compare::counts(&report.summary);
    }
    let kept = if setup.keep == 0 {
        Kept::default()
    } else {
        plan(&report.summary, contents, setup, &source)
    };
    t.done("history");
    kept
}

/// The new snapshot, and which of the others stay.
fn plan(summary: &crate::stats::Summary, contents: Contents, setup: &Setup, source: &Path) -> Kept {
    let as_of = summary.as_of.to_string();
    let file = folder::file_of(&as_of);
    let bytes = Snapshot::of(summary, identity::identity).to_bytes();
    // The newest others stay, up to `keep` with the new one.
    let mut others: Vec<(String, folder::Found)> = contents
        .snapshots
        .into_iter()
        .filter(|(a, _)| *a != as_of)
        .collect();
    let stay = (setup.keep as usize).saturating_sub(1).min(others.len());
    let staying = others.split_off(others.len() - stay);
    let gone = others;
    match &setup.dir {
        Some(dir) => Kept {
            in_out: Vec::new(),
            from: None,
            elsewhere: Some(Elsewhere {
                dir: dir.clone(),
                file,
                bytes,
                remove: gone.iter().map(|(a, _)| folder::file_of(a)).collect(),
            }),
        },
        None => {
            let mut in_out: Vec<(String, Vec<u8>, bool)> = staying
                .into_iter()
                .map(|(a, f)| (folder::file_of(&a), f.bytes, true))
                .collect();
            // What could not be used is kept as it was (never lost by a build).
            for i in contents.ignored {
                if let (Some(b), true) = (i.bytes, i.file != file) {
                    in_out.push((i.file, b, true));
                }
            }
            in_out.push((file, bytes, false));
            in_out.sort();
            Kept {
                in_out,
                from: Some(source.to_path_buf()),
                elsewhere: None,
            }
        }
    }
}

impl Kept {
    /// Write `OUT/history/` into the new report folder `dir`.
    pub fn write_in(&self, dir: &Path) -> Result<(), crate::vocab::write_error::WriteError> {
        use crate::vocab::write_error::WriteError;
        if self.in_out.is_empty() {
            return Ok(());
        }
        let t = crate::timing::Timer::start();
        let h = dir.join(FOLDER);
        std::fs::create_dir_all(&h).map_err(|e| WriteError::folder(&h, e))?;
        for (name, bytes, carried) in &self.in_out {
            let to = h.join(name);
            // A file carried over is linked (the new report lies beside the old one), not
            // copied: 90 snapshots cost 90 links. Where links fail, it is written.
            let linked = match (&self.from, carried) {
                (Some(from), true) => std::fs::hard_link(from.join(name), &to).is_ok(),
                _ => false,
            };
            if !linked {
                std::fs::write(&to, bytes).map_err(|e| WriteError::file(&to, e))?;
            }
        }
        t.done("history-write");
        Ok(())
    }

    /// With `--history DIR`, once the report is in place: the new snapshot written whole,
    /// the oldest beyond `history_keep` removed. A failure is a note, never a failed build.
    pub fn write_elsewhere(&self, lang: Lang) -> Option<String> {
        let e = self.elsewhere.as_ref()?;
        if let Err(err) = folder::write_whole(&e.dir, &e.file, &e.bytes) {
            return Some(match lang {
                Lang::Zh => format!(
                    "提示：报告已生成，但历史快照无法写入 {}（{err}）",
                    e.dir.display()
                ),
                Lang::En => format!(
                    "note: the report was written, but its history snapshot could not be written to {} ({err})",
                    e.dir.display()
                ),
            });
        }
        for f in &e.remove {
            let _ = std::fs::remove_file(e.dir.join(f));
        }
        None
    }
}

/// The info issue that names a history file that cannot be used (SPEC's closed set of rules:
/// `file_skipped`, the file named relative to the history folder).
fn note(i: &Ignored, lang: Lang) -> Issue {
    let f = &i.file;
    let why = match (&i.why, lang) {
        (Reason::Name, Lang::Zh) => "不是历史快照（快照的文件名是“日期.json”）".to_string(),
        (Reason::Name, Lang::En) => "is no history snapshot (those are named DATE.json)".into(),
        (Reason::Unreadable(e), Lang::Zh) => format!("无法读取（{e}）"),
        (Reason::Unreadable(e), Lang::En) => format!("cannot be read ({e})"),
        (Reason::Snapshot(Why::Corrupt), Lang::Zh) => "已损坏或不完整".into(),
        (Reason::Snapshot(Why::Corrupt), Lang::En) => "is damaged or incomplete".into(),
        (Reason::Snapshot(Why::Edited), Lang::Zh) => "被手工改动过（校验值不符）".into(),
        (Reason::Snapshot(Why::Edited), Lang::En) => {
            "was edited by hand (its check does not match)".into()
        }
        (Reason::Snapshot(Why::Version(v)), Lang::Zh) => {
            format!("来自另一版本的 gridreport（快照格式 {v}）")
        }
        (Reason::Snapshot(Why::Version(v)), Lang::En) => {
            format!("comes from another version of gridreport (snapshot format {v})")
        }
        (Reason::OtherDistrict(n), Lang::Zh) => format!("属于另一个街道“{n}”"),
        (Reason::OtherDistrict(n), Lang::En) => format!("belongs to another sub-district, '{n}'"),
        (Reason::DateDiffers(d), Lang::Zh) => format!("里的日期是 {d}，与文件名不符"),
        (Reason::DateDiffers(d), Lang::En) => {
            format!("holds the date {d}, not the one in its name")
        }
    };
    let message = match lang {
        Lang::Zh => format!(
            "历史文件 {f} {why}，已忽略：与上次报告的比较不使用它；不需要的话可以删除它"
        ),
        Lang::En => format!(
            "history file {f} {why}; it is ignored: the comparison with the last report does not use it; delete it if it is not needed"
        ),
    };
    Issue::new(Rule::FileSkipped, message)
        .file(f)
        .key(format!("{NOTE_KEY}{f}"))
}

/// Add issues to a finished list: sorted in, counted.
fn add_issues(s: &mut IssueSummary, issues: Vec<Issue>) {
    if issues.is_empty() {
        return;
    }
    for i in &issues {
        *s.by_rule.entry(i.rule.as_str().to_string()).or_default() += 1;
        match i.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
    }
    s.list.extend(issues);
    sort_issues(&mut s.list);
}
