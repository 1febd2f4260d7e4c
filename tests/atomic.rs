//! A build killed with SIGKILL while it writes leaves the previous OUT as it was.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// `n` community workbooks of `rows` households each.
fn district(dir: &Path, n: usize, rows: usize) {
    for c in 0..n {
        let community = format!("第{c}社区");
        let mut data = vec![vec![
            S("社区"),
            S("大网格"),
            S("楼栋"),
            S("户号"),
            S("人数"),
        ]];
        for r in 0..rows {
            data.push(vec![
                Str(community.clone()),
                N((r % 5) as f64 + 1.0),
                Str(format!("B{}", r % 40)),
                Str(format!("H{r}")),
                N((r % 4) as f64 + 1.0),
            ]);
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
