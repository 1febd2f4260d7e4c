//! Writing OUT atomically (SPEC §7): build into a temporary folder beside OUT, then swap.
//! OUT is replaced only when it does not exist, is empty, or holds the `.gridreport` marker.

use std::fs;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

pub const MARKER: &str = ".gridreport";

/// May `out` be replaced? `Err` says why not, naming the path.
pub fn check_replaceable(out: &Path, lang: Lang) -> Result<(), String> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
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

/// Write a report into a fresh temporary folder beside `out` with `write`, then put it in
/// place of `out`. A failure or a kill part-way leaves the previous `out` untouched.
pub fn write_atomically(
    out: &Path,
    lang: Lang,
    write: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> Result<(), String> {
    check_replaceable(out, lang)?;
    let (parent, name) = parent_and_name(out);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.gridreport-new-{pid}"));
    let old = parent.join(format!(".{name}.gridreport-old-{pid}"));
    remove_stale(&parent, &name);
    let fail = |e: &dyn std::fmt::Display, p: &Path| match lang {
        Lang::Zh => format!("无法写入输出文件夹 {}：{e}", p.display()),
        Lang::En => format!("cannot write the output folder {}: {e}", p.display()),
    };
    fs::create_dir_all(&parent).map_err(|e| fail(&e, &parent))?;
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir(&tmp).map_err(|e| fail(&e, &tmp))?;
    let result = write(&tmp)
        .map_err(|e| fail(&format!("{e:#}"), out))
        .and_then(|()| {
            fs::write(
                tmp.join(MARKER),
                b"gridreport output folder; it is replaced by the next build\n",
            )
            .map_err(|e| fail(&e, &tmp))
        });
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        let _ = fs::remove_dir_all(&old);
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(fail(&e, out));
        }
    }
    if let Err(e) = fs::rename(&tmp, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(fail(&e, out));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Remove what a killed build left beside OUT: `.OUT.gridreport-new-PID` and
/// `-old-PID` folders whose process is gone (on Linux, where that can be told; elsewhere
/// only the folders of this process's own PID are reused).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(f) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = f.strip_prefix(&format!(".{name}.gridreport-")) else {
            continue;
        };
        let pid = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_reports() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        write_atomically(&out, Lang::En, |p| Ok(fs::write(p.join("a.txt"), "1")?)).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "1");
        assert!(out.join(MARKER).is_file());
        write_atomically(&out, Lang::En, |p| Ok(fs::write(p.join("b.txt"), "2")?)).unwrap();
        assert!(!out.join("a.txt").exists());
        // A failing build leaves the previous report.
        let e = write_atomically(&out, Lang::En, |_| anyhow::bail!("boom")).unwrap_err();
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
        write_atomically(&out, Lang::En, |p| Ok(fs::write(p.join("c.txt"), "3")?)).unwrap();
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
