//! A build killed with SIGKILL while it writes leaves the previous OUT as it was.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;

/// `n` community workbooks of `rows` households each.
fn district(dir: &Path, n: usize, rows: usize) {
    for c in 0..n {
        let community = format!("第{c}社区");
        let mut data = table(&["社区|大网格|楼栋|户号|人数"]);
        for r in 0..rows {
            let (g, b, m) = (r % 5 + 1, r % 40, r % 4 + 1);
            data.push(row(&format!("{community}|#{g}|B{b}|H{r}|#{m}")));
        }
        write_xlsx(
            &dir.join(format!("c{c:03}.xlsx")),
            vec![sheet("住户", data)],
        );
    }
}

#[test]
fn sigkill_mid_build_leaves_previous_out() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input, 80, 200);
    let out = tmp.path().join("report");
    let first = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(first.status.code(), Some(0));
    let before = std::fs::read(out.join("summary.json")).unwrap();
    let listing = |p: &Path| {
        let mut v: Vec<String> = walk(p);
        v.sort();
        v
    };
    let files_before = listing(&out);

    // A different input, so that a finished second build would change summary.json.
    district(&input.join("more"), 3, 50);
    let mut child = Command::new(bin())
        .args([
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .spawn()
        .unwrap();
    let temp = tmp
        .path()
        .join(format!(".report.gridreport-new-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if temp.is_dir() {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before its temporary folder was seen");
        }
        assert!(Instant::now() < deadline, "no temporary folder appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    // Let it write a little into the temporary folder, then kill it (SIGKILL on unix).
    std::thread::sleep(Duration::from_millis(30));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build finished before the kill");

    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    assert_eq!(listing(&out), files_before);
    eprintln!(
        "killed mid-build; left beside OUT: {:?}",
        std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    );

    // The next build goes through and replaces OUT.
    let again = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_ne!(std::fs::read(out.join("summary.json")).unwrap(), before);
}

fn walk(p: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        let path = e.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    out
}

/// SPEC §9.1: a build that would replace an OUT holding what it reads refuses (exit 2) and
/// removes nothing — INPUT inside OUT (`build report/incoming -o report` used to delete the
/// incoming workbooks), the config file inside OUT, the templates folder inside OUT.
#[test]
fn out_holding_what_the_run_reads_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input, 1, 5);
    let out = tmp.path().join("report");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    assert_eq!(
        run(&["build", &s(&input), "-o", &s(&out)]).status.code(),
        Some(0)
    );
    let incoming = out.join("incoming");
    district(&incoming, 2, 5);
    std::fs::write(out.join("gridreport.toml"), "isolation_days = 14\n").unwrap();
    std::fs::create_dir(out.join("tpl")).unwrap();
    for (args, words) in [
        (
            vec!["build".to_string(), s(&incoming), "-o".into(), s(&out)],
            "the input folder",
        ),
        (
            vec!["build".to_string(), s(&out), "-o".into(), s(&out)],
            "the input folder",
        ),
        (
            vec![
                "build".to_string(),
                s(&input),
                "-o".into(),
                s(&out),
                "--config".into(),
                s(&out.join("gridreport.toml")),
            ],
            "the config file",
        ),
        (
            vec![
                "build".to_string(),
                s(&input),
                "-o".into(),
                s(&out),
                "--templates".into(),
                s(&out.join("tpl")),
            ],
            "the templates folder",
        ),
        (
            vec!["watch".to_string(), s(&incoming), "-o".into(), s(&out)],
            "the input folder",
        ),
    ] {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["--lang", "en"]);
        let r = run(&args);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(words) && err.contains("inside the output folder"),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(incoming.join("c000.xlsx").is_file());
    assert!(out.join("gridreport.toml").is_file() && out.join("tpl").is_dir());
    // The same in Chinese.
    let r = run(&["build", &s(&incoming), "-o", &s(&out)]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("在输出文件夹"));
}

/// A build killed between moving the old report aside and moving the new one in (possible
/// where the two folders cannot be exchanged in one step) left OUT missing and the only
/// complete report in a hidden folder; the next build used to delete it. Now it is put back
/// first, and the build then replaces it as usual; with nothing to build (exit 2) it stays.
#[cfg(target_os = "linux")]
#[test]
fn a_report_left_aside_by_a_kill_is_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input, 1, 5);
    let out = tmp.path().join("report");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    assert_eq!(
        run(&["build", &s(&input), "-o", &s(&out)]).status.code(),
        Some(0)
    );
    let before = std::fs::read(out.join("summary.json")).unwrap();
    // What a kill between the two renames leaves: OUT gone, the old copy aside, a
    // half-written new one (no marker yet). PIDs of processes that do not exist.
    let aside = tmp.path().join(".report.gridreport-old-4000000001");
    std::fs::rename(&out, &aside).unwrap();
    let half = tmp.path().join(".report.gridreport-new-4000000001");
    std::fs::create_dir(&half).unwrap();
    std::fs::write(half.join("index.html"), "half").unwrap();
    // A build that fails while writing (a file-size limit, as a full disk) used to delete
    // the copy aside and leave no report at all; now the report is back and stays.
    let r = limited_build(&input, &out, 20_000);
    assert_eq!(
        r.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    // The next good build replaces it as usual and leaves nothing beside it.
    let r = run(&["build", &s(&input), "-o", &s(&out)]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A workbook that cannot be saved (here: a file-size limit, as a full disk) gives one clean
/// error line, exit 2, and the previous report stays.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_save_is_one_clean_line() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input, 3, 300);
    let out = tmp.path().join("report");
    let r = limited_build(&input, &out, 20_000);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("gridreport: cannot write the output folder"),
        "{err}"
    );
    assert!(!err.contains("drop"), "{err}");
    eprintln!("{err}");
    assert!(!out.exists());
}

/// `build` in English with files limited to `bytes` (as a full disk would).
#[cfg(target_os = "linux")]
fn limited_build(input: &Path, out: &Path, bytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(bin());
    cmd.args(["build", "--lang", "en"])
        .arg(input)
        .arg("-o")
        .arg(out);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    cmd.output().unwrap()
}
