//! files.html: every file read, skipped or unreadable, its sheets, and why a sheet or file
//! was not read (its first few issues, grouped lines on issues.html).

use std::collections::HashMap;

use serde::Serialize;

use crate::render::filters::int;
use crate::render::html::issues::{issue_row, IssueRow};
use crate::render::html::view::{common, Common};
use crate::render::labels::label;
use crate::render::places::Names;
use crate::stats::{FileStatus, Report, SheetKind};
use crate::vocab::issue::Issue;
use crate::vocab::lang::Lang;

#[derive(Serialize)]
pub struct SheetView {
    pub label: String,
    pub kind: String,
    pub kind_label: String,
    /// Not read: `unrecognized` or `unreadable`.
    pub problem: bool,
    pub header_row: String,
    pub rows: String,
    pub rows_used: String,
    pub issue_count: String,
    pub issues_href: Option<String>,
    /// The sheet's own issues, listed when it was not read (at most a few).
    pub why: Vec<IssueRow>,
}

#[derive(Serialize)]
pub struct FileView {
    pub n: usize,
    pub anchor: String,
    pub label: String,
    pub format: String,
    pub status: &'static str,
    pub status_label: String,
    pub issue_count: String,
    pub issues_href: Option<String>,
    /// File-level issues (no sheet), e.g. why it was skipped or unreadable.
    pub why: Vec<IssueRow>,
    pub sheets: Vec<SheetView>,
}

#[derive(Serialize)]
pub struct FilesPage {
    #[serde(flatten)]
    pub common: Common,
    pub files: Vec<FileView>,
}

/// Issues listed beside a file or sheet on the files page; the rest are on issues.html.
const WHY_CAP: usize = 5;

pub fn files_page(report: &Report, lang: Lang, names: &Names) -> FilesPage {
    let s = &report.summary;
    // (file, sheet) → issues, one pass.
    let mut by_place: HashMap<(&str, Option<&str>), Vec<&Issue>> = HashMap::new();
    let mut per_file: HashMap<&str, u64> = HashMap::new();
    for i in &s.issues.list {
        if let Some(f) = i.file.as_deref() {
            by_place.entry((f, i.sheet.as_deref())).or_default().push(i);
            *per_file.entry(f).or_default() += 1;
        }
    }
    let files = s
        .files
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let status = match f.status {
                FileStatus::Read => "read",
                FileStatus::Skipped => "skipped",
                FileStatus::Unreadable => "unreadable",
            };
            let file_issues = per_file.get(f.path.as_str()).copied().unwrap_or(0);
            let own = by_place
                .get(&(f.path.as_str(), None))
                .map(|v| v.as_slice())
                .unwrap_or_default();
            let sheets = f
                .sheets
                .iter()
                .map(|sh| {
                    let list = by_place
                        .get(&(f.path.as_str(), Some(sh.name.as_str())))
                        .map(|v| v.as_slice())
                        .unwrap_or_default();
                    let problem =
                        matches!(sh.kind, SheetKind::Unrecognized | SheetKind::Unreadable);
                    SheetView {
                        label: names.sheet(&f.path, &sh.name),
                        kind: sh.kind.as_str().to_string(),
                        kind_label: sh.kind.label(lang).to_string(),
                        problem,
                        header_row: sh.header_row.map_or_else(
                            || crate::render::filters::NONE.to_string(),
                            |h| int(u64::from(h)),
                        ),
                        rows: int(sh.rows),
                        rows_used: int(sh.rows_used),
                        issue_count: int(list.len() as u64),
                        issues_href: (!list.is_empty()).then(|| {
                            format!(
                                "issues.html#{}",
                                names.sheet_anchor(Some(&f.path), Some(&sh.name))
                            )
                        }),
                        why: if problem {
                            list.iter()
                                .take(WHY_CAP)
                                .map(|i| issue_row(i, names))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect();
            FileView {
                n: k + 1,
                anchor: format!("file-{}", k + 1),
                label: names.file(&f.path),
                format: f.format.clone(),
                status,
                status_label: label(lang, &format!("status_{status}")),
                issue_count: int(file_issues),
                issues_href: (file_issues > 0)
                    .then(|| format!("issues.html#{}", names.file_anchor(Some(&f.path)))),
                why: own
                    .iter()
                    .take(WHY_CAP)
                    .map(|i| issue_row(i, names))
                    .collect(),
                sheets,
            }
        })
        .collect();
    FilesPage {
        common: common(s, lang, "", "files"),
        files,
    }
}
