//! Writing OUT atomically (SPEC §7): build into a temporary folder beside OUT, then swap.
//! OUT is replaced only when it does not exist, is empty, or holds the `.gridreport` marker.

use std::fs;
use std::path::{Path, PathBuf};

use crate::vocab::lang::Lang;
use crate::vocab::write_error::WriteError;

pub const MARKER: &str = ".gridreport";

/// Is there a folder at `out` to replace? `Ok(false)`: nothing there; `Ok(true)`: a folder;
/// `Err` (naming the path): something else, never replaced.
pub fn existing_folder(out: &Path, lang: Lang) -> Result<bool, String> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(format!("{}: {e}", out.display())),
    };
    if !meta.is_dir() {
        return Err(match lang {
            Lang::Zh => format!("{} 已存在且不是文件夹，不会覆盖它", out.display()),
            Lang::En => format!(
                "{} exists and is not a folder; it is not replaced",
                out.display()
            ),
        });
    }
    Ok(true)
}

/// May `out` be replaced? `Err` says why not, naming the path.
pub fn check_replaceable(out: &Path, lang: Lang) -> Result<(), String> {
    if !existing_folder(out, lang)? {
        return Ok(());
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(());
    }
    Err(match lang {
        Lang::Zh => format!(
            "{} 不是空文件夹，也不是 gridreport 之前生成的报告（没有 {MARKER} 标记），不会覆盖它：请换一个输出文件夹",
            out.display()
        ),
        Lang::En => format!(
            "{} is not empty and is not a previous gridreport report (no {MARKER} marker); it is not replaced: choose another output folder",
            out.display()
        ),
    })
}

/// The folder `out` is in (`.` for a bare name) and `out`'s own name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    (parent, name)
}

/// Can a report be written at `out`? Tried before the (long) reading, so that an unwritable
/// place fails at once: the parent folder is created and a folder is made in it and removed.
pub fn check_writable(out: &Path, lang: Lang) -> Result<(), String> {
    let (parent, name) = parent_and_name(out);
    let probe = parent.join(format!(".{name}.gridreport-probe-{}", std::process::id()));
    let result = fs::create_dir_all(&parent).and_then(|()| fs::create_dir(&probe));
    let _ = fs::remove_dir(&probe);
    result.map_err(|e| match lang {
        Lang::Zh => format!("无法写入输出文件夹 {}：{e}", out.display()),
        Lang::En => format!("cannot write the output folder {}: {e}", out.display()),
    })
}

/// `build` and `watch` refuse when replacing OUT would remove something the run reads
/// (SPEC §9.1): INPUT, the config file or the `--templates` folder is OUT or lies inside it.
/// Each is given with what it is called on the command line.
pub fn check_not_inside(out: &Path, reads: &[(&str, &Path)], lang: Lang) -> Result<(), String> {
    let Ok(out_abs) = fs::canonicalize(out) else {
        // OUT does not exist yet: nothing of it can be removed.
        return Ok(());
    };
    for (what, p) in reads {
        let Ok(abs) = fs::canonicalize(p) else {
            continue;
        };
        if abs.starts_with(&out_abs) {
            return Err(match lang {
                Lang::Zh => format!(
                    "{what} {} 在输出文件夹 {} 之内：生成报告会替换输出文件夹，里面的文件会被删除。请把它移到输出文件夹以外，或换一个输出文件夹",
                    p.display(),
                    out.display()
                ),
                Lang::En => format!(
                    "{what} {} lies inside the output folder {}: writing the report replaces that folder and would remove it. Move it out of the output folder or choose another output folder",
                    p.display(),
                    out.display()
                ),
            });
        }
    }
    Ok(())
}

/// Write a report into a fresh temporary folder beside `out` with `write`, then put it in
/// place of `out`. A failure or a kill at any moment leaves a complete report: the previous
/// `out` untouched, or the new one in place. On Linux the two folders are exchanged in one
/// step (`renameat2(RENAME_EXCHANGE)`); elsewhere, and on file systems without it, `out` is
/// moved aside and the new folder moved in, and a kill between the two is repaired by the
/// next build, which puts the complete copy back (`recover`).
pub fn write_atomically(
    out: &Path,
    lang: Lang,
    write: impl FnOnce(&Path) -> Result<(), WriteError>,
) -> Result<(), String> {
    write_marked(out, lang, MARKER, &check_replaceable, |dir| {
        write(dir)?;
        Ok(b"gridreport output folder; it is replaced by the next build\n".to_vec())
    })
}

/// [`write_atomically`] for a folder marked by the file `marker`, whose text `write` returns
/// (it is written last, so a folder holding it is complete); `replaceable` says whether an
/// existing `out` may be replaced (`gridreport template` writes its own marker and rule).
pub fn write_marked(
    out: &Path,
    lang: Lang,
    marker: &str,
    replaceable: &dyn Fn(&Path, Lang) -> Result<(), String>,
    write: impl FnOnce(&Path) -> Result<Vec<u8>, WriteError>,
) -> Result<(), String> {
    let (parent, name) = parent_and_name(out);
    recover(&parent, &name, out, marker);
    replaceable(out, lang)?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.gridreport-new-{pid}"));
    let old = parent.join(format!(".{name}.gridreport-old-{pid}"));
    let fail = |e: &dyn std::fmt::Display, p: &Path| match lang {
        Lang::Zh => format!("无法写入输出文件夹 {}：{e}", p.display()),
        Lang::En => format!("cannot write the output folder {}: {e}", p.display()),
    };
    fs::create_dir_all(&parent).map_err(|e| fail(&e, &parent))?;
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir(&tmp).map_err(|e| fail(&e, &tmp))?;
    let result = write(&tmp)
        .map_err(|e| fail(&e.message(lang), out))
        .and_then(|text| fs::write(tmp.join(marker), text).map_err(|e| fail(&e, &tmp)));
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        if exchange(&tmp, out) {
            // `tmp` now holds the previous report.
            remove_old(&tmp, lang);
            return Ok(());
        }
        let _ = fs::remove_dir_all(&old);
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(in_use(fail(&e, out), lang));
        }
        if let Err(e) = fs::rename(&tmp, out) {
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&tmp);
            return Err(in_use(fail(&e, out), lang));
        }
        remove_old(&old, lang);
        return Ok(());
    }
    if let Err(e) = fs::rename(&tmp, out) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(fail(&e, out));
    }
    Ok(())
}

/// A swap refused by the OS is most often a report file open in Excel or WPS (Windows
/// locks open files): say so.
fn in_use(message: String, lang: Lang) -> String {
    format!(
        "{message}{}",
        lang.pick(
            "（若报告中的文件正在 Excel 或 WPS 中打开，请先关闭再重新生成）",
            " (if a file of the report is open in Excel or WPS, close it and build again)"
        )
    )
}

/// Remove the previous report once the new one is in place. When it cannot be removed (a
/// file in it still open), it stays under its hidden name and the next build removes it.
fn remove_old(old: &Path, lang: Lang) {
    if fs::remove_dir_all(old).is_err() && old.exists() {
        eprintln!(
            "{}",
            crate::vocab::text::one_line(&match lang {
                Lang::Zh => format!(
                    "提示：旧报告的副本 {} 暂时无法删除（可能有文件正在打开），下次生成时会自动清理",
                    old.display()
                ),
                Lang::En => format!(
                    "note: the previous report's copy {} cannot be removed yet (a file in it may be open); the next build removes it",
                    old.display()
                ),
            })
        );
    }
}

/// Exchange two folders in one step, where the OS can (Linux `renameat2`); false when it
/// cannot, and nothing was changed.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the call
    // only renames.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    r == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Repair what a killed build left beside OUT: its `.OUT.gridreport-new-PID` (being
/// written, or written and not yet moved in) and `-old-PID` (the previous report, moved
/// aside) folders. When OUT is missing, the complete copy among them — the new one when it
/// was finished (its marker is written last), else the old one — is put back as OUT; never
/// is the only complete report removed. The rest is removed. Folders of running builds are
/// left alone.
fn recover(parent: &Path, name: &str, out: &Path, marker: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut news = Vec::new();
    let mut olds = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(f) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = f.strip_prefix(&format!(".{name}.gridreport-")) else {
            continue;
        };
        let (list, pid) = match (rest.strip_prefix("new-"), rest.strip_prefix("old-")) {
            (Some(pid), _) => (&mut news, pid),
            (_, Some(pid)) => (&mut olds, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !still_running(pid, &e.path()) {
            list.push(e.path());
        }
    }
    if !out.exists() {
        let complete = |p: &PathBuf| p.join(marker).is_file();
        let back = news
            .iter()
            .find(|p| complete(p))
            .or_else(|| olds.iter().find(|p| complete(p)))
            .cloned();
        if let Some(back) = back {
            let _ = fs::rename(&back, out);
        }
    }
    for p in news.iter().chain(&olds) {
        if p.exists() {
            let _ = fs::remove_dir_all(p);
        }
    }
}

/// Is the build that made a leftover folder still running? On Linux, by its PID. Elsewhere
/// a folder untouched for an hour is taken as left over (a build writes its report in
/// seconds).
#[cfg(target_os = "linux")]
fn still_running(pid: u32, _: &Path) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn still_running(_: u32, folder: &Path) -> bool {
    let age = fs::metadata(folder)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(dir: &Path, name: &str, text: &str) -> Result<(), WriteError> {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| WriteError::file(&path, e))
    }

    #[test]
    fn replaces_only_reports() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        write_atomically(&out, Lang::En, |p| put(p, "a.txt", "1")).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        assert!(out.join(MARKER).is_file());
        write_atomically(&out, Lang::En, |p| put(p, "b.txt", "2")).unwrap();
        assert!(!out.join("a.txt").exists());
        // A failing build leaves the previous report.
        let e = write_atomically(&out, Lang::En, |p| Err(WriteError::make(p, "boom"))).unwrap_err();
        assert!(e.contains("boom"));
        assert!(out.join("b.txt").is_file());
        // A folder that is not a report is refused.
        let other = dir.path().join("docs");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("keep.txt"), "x").unwrap();
        let e = write_atomically(&other, Lang::En, |_| Ok(())).unwrap_err();
        assert!(e.contains("docs"), "{e}");
        assert!(other.join("keep.txt").is_file());
        // What a killed build of a gone process left is removed by the next build.
        let stale = dir.path().join(".report.gridreport-new-4000000000");
        fs::create_dir(&stale).unwrap();
        write_atomically(&out, Lang::En, |p| put(p, "c.txt", "3")).unwrap();
        #[cfg(target_os = "linux")]
        assert!(!stale.exists());
        let _ = fs::remove_dir_all(&stale);
        // Nothing left behind beside OUT.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
