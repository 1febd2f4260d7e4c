//! Walk INPUT recursively and list every file in SPEC §1 order.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use super::{FoundFile, OsRefusal, SkipReason, Unlistable};

/// Extensions read as spreadsheets (lower case). `et` is WPS and read like `xls`.
const TAKEN: [&str; 7] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "et"];

/// The config file, left out when it sits in INPUT's top folder.
use crate::config::FILE_NAME as CONFIG_NAME;

/// Every file under `input` (recursive), sorted by the bytes of its `/`-separated relative
/// path; hidden folders are not entered, symlinks and other non-regular files listed as
/// skipped, folders holding a report (`.gridreport` marker) listed once as skipped and not
/// entered, folders and entries that cannot be listed listed as unlistable (SPEC §9.1),
/// `gridreport.toml` left out, and the folder `exclude` (OUT, when inside INPUT) not entered.
pub fn discover(input: &Path, exclude: Option<&Path>) -> Result<Vec<FoundFile>, String> {
    let entries = fs::read_dir(input)
        .map_err(|e| format!("cannot read the folder {}: {e}", input.display()))?;
    let excluded = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut walker = Walker {
        excluded,
        found: Vec::new(),
    };
    walker.folder(entries, "", true);
    let mut found = walker.found;
    found.sort_by(|a, b| a.rel_path.as_bytes().cmp(b.rel_path.as_bytes()));
    Ok(found)
}

/// The marker file every report folder holds (`crate::output::MARKER`).
const REPORT_MARKER: &str = ".gridreport";

struct Walker {
    excluded: Option<PathBuf>,
    found: Vec<FoundFile>,
}

impl Walker {
    fn folder(&mut self, entries: fs::ReadDir, prefix: &str, top: bool) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    // An entry the folder lists but that cannot be read: the folder says so.
                    let here = if prefix.is_empty() { "." } else { prefix };
                    self.unlistable(here.to_string(), PathBuf::new(), true, &e);
                    continue;
                }
            };
            let path = entry.path();
            let name = decode_name(&entry.file_name());
            let rel_path = join(&name);
            // From the listing itself where the OS gives it: no path to resolve, so a path
            // too long for the OS is still told apart as a folder.
            let kind = match entry.file_type() {
                Ok(k) => k,
                Err(e) => {
                    self.unlistable(rel_path, path, false, &e);
                    continue;
                }
            };
            if kind.is_symlink() {
                self.push(rel_path, path, &name, Some(SkipReason::Symlink));
            } else if kind.is_dir() {
                if name.starts_with('.') || self.is_excluded(&path) {
                    continue;
                }
                if path.join(REPORT_MARKER).is_file() {
                    self.push(rel_path, path, "", Some(SkipReason::ReportFolder));
                    continue;
                }
                match fs::read_dir(&path) {
                    Ok(sub) => self.folder(sub, &rel_path, false),
                    Err(e) => self.unlistable(rel_path, path, true, &e),
                }
            } else if !kind.is_file() {
                self.push(rel_path, path, &name, Some(SkipReason::NotRegular));
            } else {
                if top && name == CONFIG_NAME {
                    continue;
                }
                let skip = skip_reason(&name);
                self.push(rel_path, path, &name, skip);
            }
        }
    }

    fn push(&mut self, rel_path: String, path: PathBuf, name: &str, skip: Option<SkipReason>) {
        self.found.push(FoundFile {
            rel_path,
            path,
            format: extension(name),
            skip,
            unlistable: None,
        });
    }

    fn unlistable(&mut self, rel_path: String, path: PathBuf, folder: bool, e: &std::io::Error) {
        self.found.push(FoundFile {
            format: if folder {
                String::new()
            } else {
                extension(&rel_path)
            },
            rel_path,
            path,
            skip: None,
            unlistable: Some(Unlistable {
                folder,
                why: OsRefusal::of(e),
            }),
        });
    }

    fn is_excluded(&self, dir: &Path) -> bool {
        match &self.excluded {
            Some(ex) => fs::canonicalize(dir).map(|c| &c == ex).unwrap_or(false),
            None => false,
        }
    }
}

/// Why a regular file with this name is skipped, if it is.
/// Is a file of this name read as a spreadsheet (SPEC §1: by extension, not hidden, no lock
/// file)?
pub fn is_spreadsheet(name: &str) -> bool {
    skip_reason(name).is_none()
}

fn skip_reason(name: &str) -> Option<SkipReason> {
    if name.starts_with("~$") {
        Some(SkipReason::LockFile)
    } else if name.starts_with('.') {
        Some(SkipReason::Hidden)
    } else if !TAKEN.contains(&extension(name).as_str()) {
        Some(SkipReason::OtherExtension)
    } else {
        None
    }
}

/// Lower-case extension without the dot; `""` when there is none (a leading dot does not
/// start an extension, as with `Path::extension`).
fn extension(name: &str) -> String {
    match name.rfind('.') {
        Some(i) if i > 0 => name[i + 1..].to_lowercase(),
        _ => String::new(),
    }
}

/// A file name as text: UTF-8 as is, otherwise GB18030 (lossily if even that fails).
pub fn decode_name(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => decode_gb18030(bytes),
        }
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// GB18030 text, strictly when possible, else with replacement characters.
#[cfg_attr(not(unix), allow(dead_code))]
fn decode_gb18030(bytes: &[u8]) -> String {
    let enc = encoding_rs::GB18030;
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => s.into_owned(),
        None => enc.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{create_dir_all, write};

    fn rels(found: &[FoundFile]) -> Vec<(&str, Option<SkipReason>)> {
        found
            .iter()
            .map(|f| (f.rel_path.as_str(), f.skip.clone()))
            .collect()
    }

    #[test]
    fn order_skips_and_exclusions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        create_dir_all(root.join("b/sub")).unwrap();
        create_dir_all(root.join(".git")).unwrap();
        create_dir_all(root.join("out")).unwrap();
        for f in [
            "a.XLSX",
            "b/sub/c.csv",
            "b/x.et",
            "b/gridreport.toml",
            "gridreport.toml",
            "~$a.xlsx",
            ".hidden.xlsx",
            "notes.txt",
            "noext",
            ".git/config.xlsx",
            "out/report.xlsx",
            "Z.ods",
            "城东.xls",
        ] {
            write(root.join(f), b"x").unwrap();
        }
        let found = discover(root, Some(&root.join("out"))).unwrap();
        assert_eq!(
            rels(&found),
            vec![
                (".hidden.xlsx", Some(SkipReason::Hidden)),
                ("Z.ods", None),
                ("a.XLSX", None),
                ("b/gridreport.toml", Some(SkipReason::OtherExtension)),
                ("b/sub/c.csv", None),
                ("b/x.et", None),
                ("noext", Some(SkipReason::OtherExtension)),
                ("notes.txt", Some(SkipReason::OtherExtension)),
                ("~$a.xlsx", Some(SkipReason::LockFile)),
                ("城东.xls", None),
            ]
        );
        let f = |p: &str| {
            found
                .iter()
                .find(|f| f.rel_path == p)
                .unwrap()
                .format
                .clone()
        };
        assert_eq!(f("a.XLSX"), "xlsx");
        assert_eq!(f("b/x.et"), "et");
        assert_eq!(f("noext"), "");
        assert_eq!(found[1].path, root.join("Z.ods"));
    }

    #[test]
    fn exclude_outside_input_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        write(dir.path().join("a.csv"), b"x").unwrap();
        let found = discover(dir.path(), Some(other.path())).unwrap();
        assert_eq!(rels(&found), vec![("a.csv", None)]);
        // An OUT that does not exist yet is fine too.
        let found = discover(dir.path(), Some(&dir.path().join("missing"))).unwrap();
        assert_eq!(found.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_listed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        create_dir_all(root.join("real")).unwrap();
        write(root.join("real/a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("linkdir")).unwrap();
        std::os::unix::fs::symlink(root.join("real/a.xlsx"), root.join("link.xlsx")).unwrap();
        let found = discover(root, None).unwrap();
        assert_eq!(
            rels(&found),
            vec![
                ("link.xlsx", Some(SkipReason::Symlink)),
                ("linkdir", Some(SkipReason::Symlink)),
                ("real/a.xlsx", None),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn gb18030_file_names() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let (gbk, _, _) = encoding_rs::GBK.encode("城东社区.xlsx");
        let name = std::ffi::OsStr::from_bytes(&gbk);
        // Some file systems refuse names that are not UTF-8; then there is nothing to test.
        if write(dir.path().join(name), b"x").is_err() {
            return;
        }
        let found = discover(dir.path(), None).unwrap();
        assert_eq!(found[0].rel_path, "城东社区.xlsx");
        assert_eq!(found[0].format, "xlsx");
        assert!(!decode_gb18030(&[0xff, 0xff]).is_empty());
    }

    #[test]
    fn missing_input_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = discover(&missing, None).unwrap_err();
        assert!(err.contains("nope"), "{err}");
    }
}
