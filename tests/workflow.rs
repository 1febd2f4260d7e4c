//! The clerk's commands around `build`: `init`, the summary line and `--quiet`, errors as one
//! line with exit 2, and `--help` with an example on every command.

mod common;

use std::path::Path;

use common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn small_input(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("台账.csv"),
        "社区,大网格,楼栋,户号,人数\n城东社区,1,A1,H001,3\n城东社区,1,A1,H002,2\n",
    )
    .unwrap();
    std::fs::write(dir.join("readme.txt"), "not a spreadsheet").unwrap();
}

#[test]
fn init_writes_the_defaults_and_keeps_an_existing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let o = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.join("gridreport.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("header_scan_rows = 30"));
    assert!(text.contains("表头"), "commented in Chinese");
    assert!(text.contains("header row"), "and in English");
    assert_eq!(
        gridreport::config::Config::load(&path).unwrap(),
        gridreport::config::Config::default()
    );

    std::fs::write(&path, "big_grid_min = 1\n").unwrap();
    let o = run(&["init", dir.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "big_grid_min = 1\n"
    );

    let o = run(&["init", dir.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // In the current folder by default.
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let o = run_in(&here, &["init"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(here.join("gridreport.toml").is_file());
}

#[test]
fn build_says_one_summary_line_and_nothing_with_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    small_input(&input);
    let out = tmp.path().join("out");
    let o = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    for part in [
        "report written to",
        "1 file read, 1 skipped, 0 unreadable",
        "1 community, 2 households, 5 residents",
        "0 errors, 1 warning, 1 info",
        " s",
    ] {
        assert!(err.contains(part), "{part:?} in {err}");
    }
    // No time in the outputs: two builds are byte-identical (checked in build.rs too).
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let o = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "");
    let again = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(again == summary, "summary.json differs between two builds");

    let o = run(&["check", input.to_str().unwrap(), "-q"]);
    assert_eq!(stderr(&o), "");
    let o = run(&["check", input.to_str().unwrap()]);
    assert!(stderr(&o).contains("检查完成"), "{}", stderr(&o));
}

#[test]
fn errors_are_one_line_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let input = t.join("in");
    small_input(&input);
    let empty = t.join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "x").unwrap();
    let a_file = t.join("a-file");
    std::fs::write(&a_file, "x").unwrap();
    let bad_cfg = t.join("bad.toml");
    std::fs::write(
        &bad_cfg,
        "# settings\nisolation_days = 14\nbig_grid_min = \"many\"\n",
    )
    .unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let out = s(&t.join("out"));
    let cases: Vec<(Vec<String>, Vec<String>)> = vec![
        (
            vec![
                "build".into(),
                s(&t.join("missing")),
                "-o".into(),
                out.clone(),
            ],
            vec!["missing: no such folder".into()],
        ),
        (
            vec!["check".into(), s(&t.join("missing"))],
            vec!["missing: no such folder".into()],
        ),
        (
            vec!["build".into(), s(&empty), "-o".into(), out.clone()],
            vec![format!(
                "no spreadsheets found in {}; supported: .xlsx",
                s(&empty)
            )],
        ),
        (
            vec![
                "build".into(),
                s(&input),
                "-o".into(),
                s(&a_file.join("out")),
            ],
            vec![s(&a_file.join("out"))],
        ),
        (
            vec![
                "build".into(),
                s(&input),
                "-o".into(),
                out.clone(),
                "--config".into(),
                s(&bad_cfg),
            ],
            vec![format!("{}, line 3", s(&bad_cfg)), "big_grid_min".into()],
        ),
        (
            vec![
                "check".into(),
                s(&input),
                "--config".into(),
                s(&t.join("nope.toml")),
            ],
            vec!["nope.toml".into()],
        ),
    ];
    for (args, wanted) in cases {
        let mut all = args.clone();
        all.extend(["--lang".to_string(), "en".to_string()]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let o = run(&refs);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("gridreport: "), "{err}");
        for w in wanted {
            assert!(err.contains(&w), "{args:?}: {w:?} not in {err}");
        }
    }
    assert!(!t.join("out").exists());
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in ["build", "check", "watch", "init", "mail", "sample"] {
        let o = run(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let text = String::from_utf8_lossy(&o.stdout);
        // Chinese by default (src/cli_text.rs; tests/help.rs has the English).
        assert!(text.contains("示例："), "{cmd}: {text}");
        assert!(
            text.contains(&format!("gridreport {cmd} ")),
            "{cmd}: {text}"
        );
    }
    let o = run(&["--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for cmd in ["watch", "init", "mail"] {
        assert!(text.contains(cmd), "{text}");
    }
}
