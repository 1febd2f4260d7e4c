//! The templates folder: written atomically like a report (`output::write_marked`), marked
//! by `.gridreport-template`, which lists every file it wrote with a hash of its bytes. The
//! folder is replaced only when it does not exist, is empty, or is a templates folder in
//! which nothing changed since: a workbook a clerk filled in where it was written, or any
//! file put there, stops the run — nothing the user made is ever removed. (`mail
//! --dry-run` writes `mail/*.eml` there: those may go.) A report folder (`.gridreport`) is
//! not a templates folder, and `build` does not replace a templates folder.

use std::fs;
use std::path::Path;

use crate::vocab::write_error::WriteError;
use xxhash_rust::xxh3::xxh3_64;

use crate::vocab::lang::Lang;

pub const MARKER: &str = ".gridreport-template";
const FIRST_LINE: &str = "gridreport templates folder; the next `gridreport template` replaces it unless a file in it changed";

/// Write `files` (name → bytes) into `out`, replacing it atomically when it may be.
pub fn write(out: &Path, files: &[(String, Vec<u8>)], lang: Lang) -> Result<(), String> {
    crate::output::write_marked(out, lang, MARKER, &replaceable, |dir| {
        let mut marker = format!("{FIRST_LINE}\n");
        for (name, bytes) in files {
            let path = dir.join(name);
            fs::write(&path, bytes).map_err(|e| WriteError::file(&path, e))?;
            marker.push_str(&format!("{:016x} {name}\n", xxh3_64(bytes)));
        }
        Ok(marker.into_bytes())
    })
}

/// May `out` be replaced? `Err` names the path and what stops it.
pub fn replaceable(out: &Path, lang: Lang) -> Result<(), String> {
    if !crate::output::existing_folder(out, lang)? {
        return Ok(());
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .filter_map(Result::ok)
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let Ok(marker) = fs::read_to_string(out.join(MARKER)) else {
        return Err(match lang {
            Lang::Zh => format!(
                "{} 不是空文件夹，也不是 gridreport template 之前写的模板文件夹（没有 {MARKER} 标记），不会覆盖它：请换一个文件夹",
                out.display()
            ),
            Lang::En => format!(
                "{} is not empty and is not a templates folder written by gridreport template (no {MARKER} marker); it is not replaced: choose another folder",
                out.display()
            ),
        });
    };
    let written: Vec<(&str, &str)> = marker
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(' '))
        .collect();
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == MARKER || (name == "mail" && only_eml(&e.path())) {
            continue;
        }
        let same = written
            .iter()
            .find(|(_, n)| *n == name)
            .is_some_and(|(hash, _)| {
                e.file_type().is_ok_and(|t| t.is_file())
                    && fs::read(e.path()).is_ok_and(|b| format!("{:016x}", xxh3_64(&b)) == *hash)
            });
        if !same {
            let path = e.path();
            return Err(match lang {
                Lang::Zh => format!(
                    "{} 在写出之后被修改或新放入（可能已经填写了数据），不会覆盖这个文件夹：请把它移走，或换一个文件夹",
                    path.display()
                ),
                Lang::En => format!(
                    "{} was changed or added after the templates were written (it may hold data); the folder is not replaced: move it away or choose another folder",
                    path.display()
                ),
            });
        }
    }
    Ok(())
}

/// A folder holding nothing but `.eml` files (what `mail --dry-run` writes).
fn only_eml(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|d| {
        d.filter_map(Result::ok).all(|e| {
            e.file_type().is_ok_and(|t| t.is_file())
                && e.file_name().to_string_lossy().ends_with(".eml")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_unchanged_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("模板");
        let files = vec![("城东社区.xlsx".to_string(), b"one".to_vec())];
        write(&out, &files, Lang::En).unwrap();
        assert_eq!(fs::read(out.join("城东社区.xlsx")).unwrap(), b"one");
        // Unchanged, with mail --dry-run's messages: replaced.
        fs::create_dir(out.join("mail")).unwrap();
        fs::write(out.join("mail/城东社区.eml"), "x").unwrap();
        let files = vec![("城西社区.xlsx".to_string(), b"two".to_vec())];
        write(&out, &files, Lang::En).unwrap();
        assert!(!out.join("城东社区.xlsx").exists());
        // A workbook filled in where it was written: kept, the run refused.
        fs::write(out.join("城西社区.xlsx"), b"filled in").unwrap();
        let e = write(&out, &files, Lang::En).unwrap_err();
        assert!(e.contains("城西社区.xlsx") && e.contains("changed"), "{e}");
        assert_eq!(fs::read(out.join("城西社区.xlsx")).unwrap(), b"filled in");
        // A file put there.
        fs::write(out.join("城西社区.xlsx"), b"two").unwrap();
        fs::write(out.join("note.txt"), b"mine").unwrap();
        assert!(write(&out, &files, Lang::Zh)
            .unwrap_err()
            .contains("note.txt"));
        fs::remove_file(out.join("note.txt")).unwrap();
        write(&out, &files, Lang::En).unwrap();
        // A report folder, or any other folder, is not a templates folder.
        let report = tmp.path().join("report");
        fs::create_dir(&report).unwrap();
        fs::write(report.join(crate::output::MARKER), "").unwrap();
        assert!(write(&report, &files, Lang::En)
            .unwrap_err()
            .contains(MARKER));
        assert!(replaceable(&tmp.path().join("none"), Lang::En).is_ok());
    }
}
