//! The summaries under a roll-up's INPUT, walked as `build` walks its workbooks (SPEC §1
//! order: the bytes of the `/`-separated relative path; hidden folders not entered; links and
//! other non-regular files listed as skipped, never opened; a folder or entry that cannot be
//! listed reported, SPEC §9.1; OUT, when inside INPUT, not entered; `gridreport.toml` at the
//! top left out). What is taken is a summary: `summary.json` in any folder — a whole report
//! folder dropped in, whose other files are that report and are neither entered nor listed —
//! or any other `*.json` file (a summary sent alone, renamed `<sub-district>.json`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::FILE_NAME as CONFIG_NAME;
use crate::input::discover::decode_name;

/// The name of the summary in a report folder.
pub const SUMMARY: &str = "summary.json";

/// One thing found under INPUT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Relative to INPUT, `/`-separated.
    pub rel_path: String,
    pub path: PathBuf,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A summary to read. `folder`: it is its folder's `summary.json`; `report`: that folder
    /// also holds the report (`index.html`) it summarizes.
    Summary {
        folder: bool,
        report: bool,
    },
    Skipped(Skip),
    /// A folder (or entry) that could not be listed or opened, and why.
    Unlistable {
        folder: bool,
        why: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Not a `.json` file.
    NotSummary,
    /// A name starting with `~$`.
    LockFile,
    /// A name starting with `.`.
    Hidden,
    Link,
    NotRegular,
}

impl Entry {
    /// The name the unit gets when its summary has none: the folder of a `summary.json`, else
    /// the file's stem. `top` is INPUT's own name (for a `summary.json` right in INPUT).
    pub fn fallback_name(&self, top: &str) -> String {
        let mut parts: Vec<&str> = self.rel_path.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        match self.what {
            What::Summary { folder: true, .. } => parts.last().copied().unwrap_or(top).to_string(),
            _ => file
                .rsplit_once('.')
                .map_or(file, |(stem, _)| stem)
                .to_string(),
        }
    }

    /// The report beside the summary, relative to INPUT (`甲街道/index.html`).
    pub fn report(&self) -> Option<String> {
        match self.what {
            What::Summary { report: true, .. } => Some(match self.rel_path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/index.html"),
                None => "index.html".to_string(),
            }),
            _ => None,
        }
    }
}

/// Everything under `input`, sorted; `Err` when `input` itself cannot be listed.
pub fn find(input: &Path, exclude: Option<&Path>) -> Result<Vec<Entry>, String> {
    let excluded = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut walker = Walker {
        excluded,
        found: Vec::new(),
    };
    let listed = list(input).map_err(|e| format!("{}: {e}", input.display()))?;
    walker.folder(listed, input, "", true);
    let mut found = walker.found;
    found.sort_by(|a, b| a.rel_path.as_bytes().cmp(b.rel_path.as_bytes()));
    Ok(found)
}

/// Does `input` hold summaries and no spreadsheet outside the folders of its summaries? Then
/// `watch` rolls it up instead of building it.
pub fn is_rollup_input(input: &Path, exclude: Option<&Path>) -> bool {
    find(input, exclude).is_ok_and(|found| {
        let name = |e: &Entry| {
            e.rel_path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        };
        found.iter().any(|e| matches!(e.what, What::Summary { .. }))
            && !found.iter().any(|e| {
                e.what == What::Skipped(Skip::NotSummary)
                    && crate::input::discover::is_spreadsheet(&name(e))
            })
    })
}

/// A folder's entries: (name, path, kind or why it could not be told).
type Listed = Vec<(String, PathBuf, Result<fs::FileType, String>)>;

fn list(dir: &Path) -> std::io::Result<Listed> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        match entry {
            Ok(e) => out.push((
                decode_name(&e.file_name()),
                e.path(),
                e.file_type().map_err(|x| x.to_string()),
            )),
            Err(e) => out.push((String::new(), dir.to_path_buf(), Err(e.to_string()))),
        }
    }
    Ok(out)
}

struct Walker {
    excluded: Option<PathBuf>,
    found: Vec<Entry>,
}

impl Walker {
    fn folder(&mut self, listed: Listed, dir: &Path, prefix: &str, top: bool) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            }
        };
        // A folder with a summary.json: that file is all that is taken from it.
        let summary = listed.iter().find(|(name, _, kind)| {
            name.eq_ignore_ascii_case(SUMMARY) && kind.as_ref().is_ok_and(|k| k.is_file())
        });
        if let Some((name, path, _)) = summary {
            let report = listed.iter().any(|(n, p, k)| {
                n.eq_ignore_ascii_case("index.html")
                    && k.as_ref().is_ok_and(|k| k.is_file())
                    && p.parent() == Some(dir)
            });
            self.push(
                join(name),
                path.clone(),
                What::Summary {
                    folder: true,
                    report,
                },
            );
            return;
        }
        for (name, path, kind) in listed {
            let rel_path = join(&name);
            let kind = match kind {
                Ok(k) => k,
                Err(why) => {
                    let rel_path = if name.is_empty() {
                        if prefix.is_empty() {
                            ".".to_string()
                        } else {
                            prefix.to_string()
                        }
                    } else {
                        rel_path
                    };
                    self.push(
                        rel_path,
                        path,
                        What::Unlistable {
                            folder: name.is_empty(),
                            why,
                        },
                    );
                    continue;
                }
            };
            if kind.is_symlink() {
                self.push(rel_path, path, What::Skipped(Skip::Link));
            } else if kind.is_dir() {
                if name.starts_with('.') || self.is_excluded(&path) {
                    continue;
                }
                match list(&path) {
                    Ok(sub) => self.folder(sub, &path, &rel_path, false),
                    Err(e) => self.push(
                        rel_path,
                        path,
                        What::Unlistable {
                            folder: true,
                            why: e.to_string(),
                        },
                    ),
                }
            } else if !kind.is_file() {
                self.push(rel_path, path, What::Skipped(Skip::NotRegular));
            } else if top && name == CONFIG_NAME {
                continue;
            } else if name.starts_with("~$") {
                self.push(rel_path, path, What::Skipped(Skip::LockFile));
            } else if name.starts_with('.') {
                self.push(rel_path, path, What::Skipped(Skip::Hidden));
            } else if name.to_lowercase().ends_with(".json") {
                self.push(
                    rel_path,
                    path,
                    What::Summary {
                        folder: false,
                        report: false,
                    },
                );
            } else {
                self.push(rel_path, path, What::Skipped(Skip::NotSummary));
            }
        }
    }

    fn push(&mut self, rel_path: String, path: PathBuf, what: What) {
        self.found.push(Entry {
            rel_path,
            path,
            what,
        });
    }

    fn is_excluded(&self, path: &Path) -> bool {
        self.excluded
            .as_deref()
            .is_some_and(|x| fs::canonicalize(path).is_ok_and(|p| p == x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(found: &[Entry]) -> Vec<(String, What)> {
        found
            .iter()
            .map(|e| (e.rel_path.clone(), e.what.clone()))
            .collect()
    }

    #[test]
    fn summaries_are_found_in_report_folders_and_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let write = |p: &str| {
            let p = d.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, b"{}").unwrap();
        };
        // A report folder: only its summary.json is taken.
        write("甲街道/summary.json");
        write("甲街道/index.html");
        write("甲街道/mail.json");
        write("甲街道/communities/城东社区.html");
        // A summary alone, renamed; a summary.json without its report.
        write("邮件/乙街道.json");
        write("邮件/说明.txt");
        write("丙/summary.json");
        write("丙/其他.json");
        write(".hidden/summary.json");
        write("~$锁.json");
        write(CONFIG_NAME);
        let found = find(d, None).unwrap();
        let sum = |folder, report| What::Summary { folder, report };
        assert_eq!(
            kinds(&found),
            vec![
                ("~$锁.json".to_string(), What::Skipped(Skip::LockFile)),
                ("丙/summary.json".to_string(), sum(true, false)),
                ("甲街道/summary.json".to_string(), sum(true, true)),
                ("邮件/乙街道.json".to_string(), sum(false, false)),
                ("邮件/说明.txt".to_string(), What::Skipped(Skip::NotSummary)),
            ]
        );
        let names: Vec<String> = found.iter().map(|e| e.fallback_name("输入")).collect();
        assert_eq!(names, ["~$锁", "丙", "甲街道", "乙街道", "说明"]);
        assert_eq!(found[2].report().as_deref(), Some("甲街道/index.html"));
        assert_eq!(found[1].report(), None);
        assert!(is_rollup_input(d, None));
        // INPUT itself a report folder.
        let found = find(&d.join("甲街道"), None).unwrap();
        assert_eq!(
            kinds(&found),
            vec![("summary.json".to_string(), sum(true, true))]
        );
        assert_eq!(found[0].fallback_name("甲街道"), "甲街道");
        assert_eq!(found[0].report().as_deref(), Some("index.html"));
        // A folder of workbooks is no roll-up input.
        write("丁/台账.xlsx");
        assert!(!is_rollup_input(d, None));
    }
}
