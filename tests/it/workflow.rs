//! The clerk's commands around `build`: `init`, the summary line and `--quiet`, errors as one
//! line with exit 2, and `--help` with an example on every command.

use std::path::Path;

use crate::common::*;

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
    let loaded =
        gridreport::config::Config::load(&path, gridreport::vocab::lang::Lang::Zh).unwrap();
    assert_eq!(
        loaded,
        gridreport::config::Config {
            source: Some(path.clone()),
            ..Default::default()
        }
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
        // Chinese by default (src/cli_text.rs; tests/it/help.rs has the English).
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

/// A household register of `n` households of 振兴社区 (3 members each) below a title row,
/// with a 序号 column and the members column headed `members_header`.
fn register(path: &Path, members_header: &'static str, n: usize) {
    let mut rows = table(&[
        "振兴社区住户台账（2020年2月）",
        &format!("序号|社区|大网格|楼栋|户号|{members_header}|户主姓名|备注"),
    ]);
    for i in 0..n {
        let (no, grid, building) = (i + 1, 1 + i / 400, i % 12 + 1);
        rows.push(row(&format!(
            "#{no}|振兴社区|#{grid}|{building}栋|H{i:04}|#3|户主{i}"
        )));
    }
    write_xlsx(path, vec![sheet("住户台账", rows)]);
}

/// A build as of 2020-03-04.
fn build_json(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--as-of", "2020-03-04"];
    args.extend_from_slice(extra);
    crate::common::build_json(input, out, &args)
}

fn issues_of<'a>(s: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    s["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == rule)
        .collect()
}

/// SPEC §9.2: a register whose 人数 column was renamed 家庭人口数 used to be read silently as
/// a grids table (its 750 households vanished, exit 0). Now `table_incomplete` says so at the
/// header row, and the line it suggests, added to the `init` file, brings every household
/// back.
#[test]
fn a_renamed_column_is_named_and_the_suggested_line_brings_the_households_back() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    register(&t.join("original/振兴/住户台账.xlsx"), "人数", 750);
    let reference = build_json(&t.join("original"), &t.join("out0"), &[]);
    assert_eq!(reference["totals"]["households"], 750);
    assert!(issues_of(&reference, "table_incomplete").is_empty());
    assert!(
        issues_of(&reference, "column_ignored").is_empty(),
        "序号, 备注"
    );

    let input = t.join("in");
    register(&input.join("振兴/住户台账.xlsx"), "家庭人口数", 750);
    let o = run(&["init", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = build_json(&input, &t.join("out1"), &[]);
    assert_eq!(s["totals"]["households"], 0);
    let sheet = &s["files"][0]["sheets"][0];
    assert_eq!(
        (sheet["kind"].as_str(), sheet["header_row"].as_u64()),
        (Some("grids"), Some(2))
    );
    let found = issues_of(&s, "table_incomplete");
    assert_eq!(found.len(), 1, "{found:?}");
    let i = found[0];
    assert_eq!(
        (i["severity"].as_str(), i["cell"].as_str()),
        (Some("warning"), Some("A2"))
    );
    assert_eq!(i["file"], "振兴/住户台账.xlsx");
    let msg = i["message"].as_str().unwrap();
    for part in ["住户台账", "“人数”", "“家庭人口数”", "网格划分"] {
        assert!(msg.contains(part), "{part} not in {msg}");
    }
    let line = msg.split("末尾加上一行：").nth(1).expect("a line to add");
    assert_eq!(line, r#"[aliases.households] members = ["家庭人口数"]"#);

    // The clerk adds the line at the end of the file `init` wrote.
    let path = input.join("gridreport.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let fixed = build_json(&input, &t.join("out2"), &[]);
    assert!(issues_of(&fixed, "table_incomplete").is_empty());
    assert_eq!(
        fixed["totals"]["households"],
        reference["totals"]["households"]
    );
    assert_eq!(
        fixed["totals"]["residents"],
        reference["totals"]["residents"]
    );
    assert_eq!(fixed["files"][0]["sheets"][0]["kind"], "households");
    assert_eq!(fixed["files"][0]["sheets"][0]["rows"], 750);

    // In English, the same line.
    let en = build_json(&t.join("original"), &t.join("out3"), &["--lang", "en"]);
    assert!(issues_of(&en, "table_incomplete").is_empty());
}

/// SPEC §9.4: rows spelled 振兴居 make a community of their own; `community_without_households`
/// names 振兴社区 and the `[communities]` line that merges them. Config names that match no
/// community give `config_unknown_community`, whichever config file is used.
#[test]
fn a_second_spelling_is_named_and_config_names_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let input = t.join("in");
    register(&input.join("振兴/住户台账.xlsx"), "人数", 20);
    write_xlsx(
        &input.join("振兴/工作人员.xlsx"),
        vec![sheet(
            "花名册",
            table(&[
                "社区|姓名|身份|大网格",
                "振兴居|李四|网格员|#1",
                "振兴居|王五|楼长|#1",
            ]),
        )],
    );
    let s = build_json(&input, &t.join("out1"), &[]);
    let orphan = issues_of(&s, "community_without_households");
    assert_eq!(orphan.len(), 1, "{orphan:?}");
    assert_eq!(orphan[0]["community"], "振兴居");
    let msg = orphan[0]["message"].as_str().unwrap();
    assert!(msg.contains("“振兴社区”"), "{msg}");
    let line = msg
        .split("末尾加上：")
        .nth(1)
        .and_then(|r| r.split('；').next())
        .expect("a line to add");
    assert_eq!(line, r#"[communities] "振兴居" = "振兴社区""#);

    // The line in a config given with --config, with names the report does not have.
    let cfg = t.join("设置.toml");
    std::fs::write(
        &cfg,
        format!(
            "community_order = [\"振兴社区\", \"城北社区\"]\n[mail.to]\n\"振兴\" = \"zx@example.org\"\n{line}\n"
        ),
    )
    .unwrap();
    let fixed = build_json(
        &input,
        &t.join("out2"),
        &["--config", cfg.to_str().unwrap()],
    );
    assert!(issues_of(&fixed, "community_without_households").is_empty());
    assert_eq!(fixed["totals"]["communities"], 1);
    assert_eq!(fixed["communities"][0]["workers"], 1);
    let unknown: Vec<&str> = issues_of(&fixed, "config_unknown_community")
        .iter()
        .map(|i| {
            assert!(i["file"].is_null() && i["community"].is_null() && i["cell"].is_null());
            assert_eq!(i["severity"], "warning");
            i["message"].as_str().unwrap()
        })
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert!(
        unknown[0].starts_with("设置.toml 第 1 行 community_order \"城北社区\"："),
        "{unknown:?}"
    );
    assert!(
        unknown[1].starts_with("设置.toml 第 3 行 [mail.to] \"振兴\"：")
            && unknown[1].contains("“振兴社区”"),
        "{unknown:?}"
    );

    // The same file found in INPUT: the same warnings.
    std::fs::copy(&cfg, input.join("gridreport.toml")).unwrap();
    let inside = build_json(&input, &t.join("out3"), &["--lang", "en"]);
    let n = issues_of(&inside, "config_unknown_community");
    assert_eq!(n.len(), 2);
    assert!(
        n[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("gridreport.toml, line 3, [mail.to] \"振兴\": "),
        "{n:?}"
    );
}

/// Config mistakes stop the run with one line in the clerk's language naming the file, the
/// line and the key (a number out of range once panicked, exit 101); the file is read in
/// any encoding Notepad saves.
#[test]
fn config_mistakes_in_plain_words_and_every_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    small_input(&input);
    let cfg = input.join("gridreport.toml");
    for (text, words) in [
        (
            "max_seconds_per_file = 9223372036854775807\n",
            vec![
                "gridreport.toml 第 1 行，max_seconds_per_file：9223372036854775807 超出范围：应为1–86400 的整数",
            ],
        ),
        (
            "# 设置\nisolation_days = \"14\"\n",
            vec!["第 2 行，isolation_days：", "不加引号"],
        ),
        ("[communities]\n\"城东居\" = “城东社区”\n", vec!["第 2 行", "中文引号"]),
        ("[communities]\n城东居 = \"城东社区\"\n", vec!["第 2 行", "加英文双引号"]),
        ("name = \"圭峰\n", vec!["第 1 行，name：", "引号没有闭合"]),
        (
            "[aliases.households]\n\"人数\" = [\"家庭人口数\"]\n",
            vec!["第 2 行", "members = ["],
        ),
        ("colour = 1\n", vec!["不认识的设置项", "max_memory_mb"]),
    ] {
        std::fs::write(&cfg, text).unwrap();
        let o = run(&["check", input.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{text}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for w in words {
            assert!(err.contains(w), "{text:?}: {w:?} not in {err}");
        }
        for jargon in ["TOML", "basic string", "unquoted", "expected"] {
            assert!(!err.contains(jargon), "{err}");
        }
    }
    // Notepad's encodings: ANSI (GBK), Unicode (UTF-16 LE), UTF-8 with BOM.
    let text = "name = \"圭峰会城街道\"\n[communities]\n\"城东居\" = \"城东社区\"\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .chain(text.as_bytes())
        .copied()
        .collect();
    for bytes in [gbk.to_vec(), utf16, bom] {
        std::fs::write(&cfg, bytes).unwrap();
        let o = run(&["check", input.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}
