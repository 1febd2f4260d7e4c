//! Issue 16: the report remembers. Day 1 and day 2 of a small district the test writes (3
//! defects fixed, 1 new, 2 still open, rows inserted at the top of two registers and a file
//! renamed), bad history, `--history DIR`, `--compare-with`, `history_keep`, `watch`, the
//! sample's `--day N`, and byte-identical rebuilds.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use base64::Engine;
use calamine::Reader;
use serde_json::Value;

const CONFIG: &str = "big_grid_min = 0\n[mail.to]\n\"城东社区\" = \"chengdong@example.org\"\n";

/// One household of a register: code, members (`None`: left empty), phone, screened on.
type Hh = (&'static str, Option<u32>, &'static str, V);

fn register(path: &Path, community: &'static str, grid: &'static str, rows: &[Hh]) {
    let mut all = vec![
        vec![Str(format!("{community}住户台账"))],
        vec![
            S("社区"),
            S("大网格"),
            S("楼栋"),
            S("户号"),
            S("人数"),
            S("联系电话"),
            S("排查日期"),
        ],
    ];
    for (i, (code, members, phone, screened)) in rows.iter().enumerate() {
        all.push(vec![
            S(community),
            S(grid),
            Str(format!("{grid}-{}", 1 + i % 2)),
            S(code),
            members.map_or(E, |m| N(f64::from(m))),
            S(phone),
            screened.clone(),
        ]);
    }
    write_xlsx(path, vec![sheet("住户", all)]);
}

/// Daily reports of 城东's big grid 1: (day of March, submitted at: `None` = `明天`).
fn daily(path: &Path, days: &[(u8, Option<u16>)]) {
    let mut all = vec![vec![
        S("日期"),
        S("社区"),
        S("大网格"),
        S("走访户数"),
        S("上报时间"),
    ]];
    for &(d, at) in days {
        all.push(vec![
            D(2020, 3, d),
            S("城东社区"),
            S("1"),
            N(5.0),
            at.map_or(S("明天"), |h| Dt(2020, 3, d, h, 0)),
        ]);
    }
    write_xlsx(path, vec![sheet("日报告", all)]);
}

fn ok(phone: usize) -> &'static str {
    [
        "13800000001",
        "13800000002",
        "13800000003",
        "13800000004",
        "13800000005",
        "13800000006",
        "13800000007",
        "13800000008",
        "13800000009",
        "13800000010",
        "13800000011",
        "13800000012",
    ][phone]
}

/// Day 1 (as of 2020-03-03) with five defects: D1 phone of A-03, D2 screening date of A-05
/// (城东), D3 phone of B-02, D5 members of B-04 (城西, an error: the row is left out), D4 the
/// submission time of the 2 March daily report.
/// Day 2 (as of 2020-03-04): D1, D2, D5 fixed; D3, D4 still there; N1 a new bad phone of
/// A-07; two households inserted at the top of 城东's register, the 4 March report inserted
/// at the top of the daily register, 城西's register renamed.
fn district(dir: &Path, day: u8) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("gridreport.toml"), CONFIG).unwrap();
    let d1 = || D(2020, 3, 1);
    let mut east: Vec<Hh> = Vec::new();
    if day == 2 {
        east.push(("A-11", Some(2), ok(10), D(2020, 3, 4)));
        east.push(("A-12", Some(2), ok(11), D(2020, 3, 4)));
    }
    for i in 1..=10usize {
        let code: &'static str = Box::leak(format!("A-{i:02}").into_boxed_str());
        let phone = match (i, day) {
            (3, 1) => "12345",
            (7, 2) => "1234",
            _ => ok(i - 1),
        };
        let screened = match (i, day) {
            (5, 1) => S("待查"),
            (5, 2) => D(2020, 3, 3),
            (9 | 10, _) => E,
            _ => d1(),
        };
        east.push((code, Some(3), phone, screened));
    }
    register(&dir.join("城东/住户台账.xlsx"), "城东社区", "1", &east);
    let west: Vec<Hh> = (1..=6usize)
        .map(|i| {
            let code: &'static str = Box::leak(format!("B-{i:02}").into_boxed_str());
            let members = if i == 4 && day == 1 { None } else { Some(4) };
            let phone = if i == 2 { "999" } else { ok(i - 1) };
            (code, members, phone, D(2020, 3, 2))
        })
        .collect();
    let west_file = if day == 1 {
        "城西/住户台账.xlsx"
    } else {
        "城西/城西社区住户台账（修订）.xlsx"
    };
    register(&dir.join(west_file), "城西社区", "2", &west);
    let mut days = vec![];
    if day == 2 {
        days.push((4, Some(18)));
    }
    days.extend([(1, Some(18)), (2, None), (3, Some(17))]);
    daily(&dir.join("城东/日报告.xlsx"), &days);
}

fn build(input: &Path, out: &Path, extra: &[&str]) -> Value {
    build_json(input, out, extra)
}

fn two_days(tmp: &Path) -> (PathBuf, PathBuf, PathBuf, Value) {
    let (a, b, out) = (tmp.join("day1"), tmp.join("day2"), tmp.join("report"));
    district(&a, 1);
    district(&b, 2);
    let s1 = build(&a, &out, &[]);
    assert_eq!(s1["as_of"], "2020-03-03");
    assert!(s1["changes"].is_null(), "no baseline on day 1");
    assert_eq!(s1["issues"]["list"].as_array().unwrap().len(), 5);
    (a, b, out, s1)
}

#[test]
fn day_two_knows_what_was_fixed_what_is_new_and_how_every_figure_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, b, out, s1) = two_days(tmp.path());
    let s2 = build(&b, &out, &[]);
    assert_eq!(s2["schema"], 2);
    // `changes` is the last key, after `issues`; the counts behind the means follow
    // `rows_excluded`.
    let raw = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let top: Vec<&str> = raw
        .lines()
        .filter_map(|l| l.strip_prefix("  \"")?.split('"').next())
        .collect();
    assert_eq!(
        top,
        [
            "schema",
            "name",
            "as_of",
            "period",
            "totals",
            "communities",
            "big_grids",
            "daily",
            "files",
            "issues",
            "changes"
        ]
    );
    assert!(raw.contains("\"rows_excluded\": 0,\n    \"worker_age_sum\": 0,\n    \"workers_with_age\": 0,\n    \"women_workers\": 0,\n    \"workers_with_gender\": 0\n"));
    let c = &s2["changes"];
    assert_eq!(c["baseline_as_of"], "2020-03-03");
    assert_eq!(
        (&c["fixed"], &c["new"], &c["open"]),
        (&3.into(), &1.into(), &2.into())
    );
    let east = community(c, "城东社区");
    assert_eq!(
        (&east["fixed"], &east["new"], &east["open"]),
        (&2.into(), &1.into(), &1.into())
    );
    let west = community(c, "城西社区");
    assert_eq!(
        (&west["fixed"], &west["new"], &west["open"]),
        (&1.into(), &0.into(), &1.into())
    );

    // The changes worked by hand (see `district`); every other figure did not move.
    let counts: &[(&str, i64, i64, i64)] = &[
        // figure, sub-district, 城东, 城西
        ("households", 3, 2, 1),
        ("residents", 8, 4, 4),
        ("screened_households", 4, 3, 1),
        ("daily_expected", 2, 1, 1),
        ("daily_received", 1, 1, 0),
        ("daily_on_time", 1, 1, 0),
        ("rows_excluded", -1, 0, -1),
    ];
    // figure, sub-district, 城东, 城西 (`None`: no value, so no change)
    type Ratio = (&'static str, Option<f64>, Option<f64>, Option<f64>);
    let ratios: &[Ratio] = &[
        (
            "screening_coverage",
            Some(16.0 / 18.0 - 12.0 / 15.0),
            Some(10.0 / 12.0 - 7.0 / 10.0),
            Some(0.0),
        ),
        ("reporting_rate", Some(0.0), Some(0.0), Some(0.0)),
        (
            "on_time_rate",
            Some(3.0 / 8.0 - 2.0 / 6.0),
            Some(3.0 / 4.0 - 2.0 / 3.0),
            Some(0.0),
        ),
        (
            "households_per_big_grid",
            Some(9.0 - 7.5),
            Some(2.0),
            Some(1.0),
        ),
        ("residents_per_worker", None, None, None),
        ("worker_avg_age", None, None, None),
    ];
    let figures = s2["totals"].as_object().unwrap();
    let mut checked = 0;
    for key in figures.keys().filter(|k| *k != "communities") {
        for (who, deltas) in [(0, &c["totals"]), (1, east), (2, west)] {
            let d = &deltas[key.as_str()];
            if let Some(row) = counts.iter().find(|r| r.0 == key) {
                let want = [row.1, row.2, row.3][who];
                assert_eq!(d.as_i64(), Some(want), "{key} of {who}");
            } else if let Some(row) = ratios.iter().find(|r| r.0 == key) {
                match [row.1, row.2, row.3][who] {
                    Some(want) => assert!(close(d, want), "{key} of {who}: {d}"),
                    None => assert!(d.is_null(), "{key} of {who}: {d}"),
                }
            } else if s2["totals"][key.as_str()].is_null() {
                assert!(d.is_null(), "{key} of {who}: {d}");
            } else {
                assert!(close(d, 0.0), "{key} of {who}: {d}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 38);
    // And the sub-district's change is day 2 less day 1 for every count.
    for (k, v) in figures {
        if let (Some(now), Some(before)) = (v.as_i64(), s1["totals"][k.as_str()].as_i64()) {
            if k != "communities" {
                assert_eq!(c["totals"][k.as_str()].as_i64(), Some(now - before), "{k}");
            }
        }
    }

    // What the clerk sees: index.html, the community page and workbook, report.xlsx, mail.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("自上次报告（2020-03-03）以来"), "panel");
    assert!(index.contains("已修正 / 新增"));
    assert!(
        index.contains("data-change=\"fixed_new\">2 / 1<"),
        "城东's column"
    );
    assert!(index.contains("+8.9 个百分点"), "coverage in points");
    assert!(index.contains("class=\"trends\"") && index.contains("id=\"trend-1\""));
    let page = std::fs::read_to_string(out.join("communities/城东社区.html")).unwrap();
    assert!(
        page.contains("已修正的问题 (2)") && page.contains("新出现的问题 (1)"),
        "lists"
    );
    assert!(
        page.contains("data-list=\"fixed\"") && page.contains("F5"),
        "D1 at its old cell"
    );
    let en = tmp.path().join("en");
    build(
        &b,
        &en,
        &[
            "--lang",
            "en",
            "--compare-with",
            out.join("history/2020-03-03.json").to_str().unwrap(),
        ],
    );
    let index_en = std::fs::read_to_string(en.join("index.html")).unwrap();
    assert!(index_en.contains("Since the last report (2020-03-03)"));
    assert!(index_en.contains("Fixed / new"));

    let sheets = |p: &Path| {
        calamine::open_workbook_auto(p)
            .unwrap()
            .sheet_names()
            .to_vec()
    };
    let report = sheets(&out.join("report.xlsx"));
    assert_eq!(report[1], "变化", "{report:?}");
    assert_eq!(report.last().unwrap(), "历史", "{report:?}");
    let book = out.join("communities/城东社区.xlsx");
    assert_eq!(sheets(&book)[1], "变化");
    let mut wb = calamine::open_workbook_auto(&book).unwrap();
    let range = wb.worksheet_range("变化").unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(
        cells
            .iter()
            .any(|v| v == "自上次报告（2020-03-03）以来"
                || v.contains("自上次报告（2020-03-03）以来"))
    );
    assert!(cells.iter().any(|v| v == "联系电话无效"), "{cells:?}");
    let charts = zip_names(&out.join("report.xlsx"))
        .into_iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .count();
    assert!(
        charts >= 4,
        "the overview's two and the history's two: {charts}"
    );

    let mail = read_json(&out.join("mail.json"));
    let east_mail = mail["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "城东社区")
        .unwrap();
    assert_eq!(
        east_mail["changes"],
        serde_json::json!({"fixed": 2, "new": 1, "open": 1})
    );
    let o = run(&[
        "mail",
        out.to_str().unwrap(),
        "--from",
        "jiedao@example.org",
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let body = mail_body(&out.join("mail/城东社区.eml"));
    assert!(
        body.contains("上次以来已修正 2 项，新增 1 项，仍有 1 项"),
        "{body}"
    );
}

fn zip_names(p: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect()
}

fn mail_body(eml: &Path) -> String {
    let text = std::fs::read_to_string(eml).unwrap();
    let at = text.find("Content-Type: text/plain").unwrap();
    let part = &text[at..];
    let start = part.find("\r\n\r\n").unwrap() + 4;
    let end = part[start..].find("\r\n--").unwrap() + start;
    let b64: String = part[start..end].split_whitespace().collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap()
}

/// Every file of a folder, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn a_rebuild_on_the_same_day_compares_with_the_day_before_and_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, b, out, _) = two_days(tmp.path());
    build(&b, &out, &[]);
    let first = tree(&out);
    let again = build(&b, &out, &[]);
    assert_eq!(again["changes"]["baseline_as_of"], "2020-03-03");
    assert_eq!(again["changes"]["fixed"], 3);
    let names: Vec<&String> = first.keys().filter(|k| k.starts_with("history")).collect();
    assert_eq!(
        names,
        ["history/2020-03-03.json", "history/2020-03-04.json"]
    );
    let second = tree(&out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(
            second[k] == *v,
            "{k} differs between two builds of the same input and history"
        );
    }
}

#[test]
fn bad_history_is_one_info_issue_each_and_the_same_report_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, b, out, _) = two_days(tmp.path());
    let good = std::fs::read(out.join("history/2020-03-03.json")).unwrap();
    let clean = tmp.path().join("clean");
    std::fs::create_dir_all(clean.join("history")).unwrap();
    std::fs::write(clean.join(".gridreport"), "").unwrap();
    std::fs::write(clean.join("history/2020-03-03.json"), &good).unwrap();
    let want = build(&b, &clean, &[]);
    let text = String::from_utf8(good.clone()).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "2020-03-01.json",
            b"{\"gridreport_history\":1,".to_vec(),
            "已损坏或不完整",
        ),
        (
            "2020-03-02.json",
            b"\x00\xff garbage".to_vec(),
            "已损坏或不完整",
        ),
        (
            "2020-02-28.json",
            text.replace("2020-03-03", "2020-02-28")
                .replacen("\"households\":", "\"households\":1", 1)
                .into_bytes(),
            "被手工改动过",
        ),
        (
            "2020-02-27.json",
            text.replace("\"gridreport_history\":1", "\"gridreport_history\":7")
                .into_bytes(),
            "来自另一版本",
        ),
        ("notes.txt", b"hello".to_vec(), "不是历史快照"),
    ];
    for (file, bytes, why) in cases {
        let dir = tmp.path().join(format!("bad-{file}"));
        std::fs::create_dir_all(dir.join("history")).unwrap();
        std::fs::write(dir.join(".gridreport"), "").unwrap();
        std::fs::write(dir.join("history/2020-03-03.json"), &good).unwrap();
        std::fs::write(dir.join("history").join(file), &bytes).unwrap();
        let mut got = build(&b, &dir, &[]);
        let list = got["issues"]["list"].as_array().unwrap().clone();
        let notes: Vec<&Value> = list.iter().filter(|i| i["file"] == file).collect();
        assert_eq!(notes.len(), 1, "{file}");
        let n = notes[0];
        assert_eq!(
            (&n["rule"], &n["severity"]),
            (&"file_skipped".into(), &"info".into())
        );
        assert!(n["message"].as_str().unwrap().contains(why), "{file}: {n}");
        assert!(n["sheet"].is_null() && n["community"].is_null(), "{n}");
        // The same report otherwise: drop the note and its count.
        let rest: Vec<Value> = list.iter().filter(|i| i["file"] != file).cloned().collect();
        got["issues"]["list"] = Value::Array(rest);
        got["issues"]["infos"] = (got["issues"]["infos"].as_u64().unwrap() - 1).into();
        let by_rule = got["issues"]["by_rule"].as_object_mut().unwrap();
        let left = by_rule["file_skipped"].as_u64().unwrap() - 1;
        if left == 0 {
            by_rule.remove("file_skipped");
        } else {
            by_rule.insert("file_skipped".into(), left.into());
        }
        assert_eq!(got, want, "{file}");
        // What could not be read is kept, never removed by a build.
        assert_eq!(
            std::fs::read(dir.join("history").join(file)).unwrap(),
            bytes
        );
    }
    // Another sub-district's snapshot (config `name` differs) is ignored too.
    let (theirs, ours) = (tmp.path().join("theirs"), tmp.path().join("ours"));
    for (dir, day, name) in [(&theirs, 1, "北街街道"), (&ours, 2, "会城街道")] {
        district(dir, day);
        std::fs::write(
            dir.join("gridreport.toml"),
            format!("name = \"{name}\"\n{CONFIG}"),
        )
        .unwrap();
    }
    let other = tmp.path().join("other");
    build(&theirs, &other, &[]);
    let got = build(&ours, &other, &[]);
    assert!(got["changes"].is_null(), "no usable baseline");
    let note = got["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "2020-03-03.json")
        .unwrap();
    assert!(
        note["message"].as_str().unwrap().contains("北街街道"),
        "{note}"
    );
}

#[test]
fn history_elsewhere_compare_with_and_history_keep() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("day1"), tmp.path().join("day2"));
    district(&a, 1);
    district(&b, 2);
    // --history DIR: kept there, not in OUT.
    let (out, hist) = (tmp.path().join("out"), tmp.path().join("历史"));
    let h = hist.to_str().unwrap();
    build(&a, &out, &["--history", h]);
    let s = build(&b, &out, &["--history", h]);
    assert!(!out.join("history").exists());
    assert_eq!(s["changes"]["fixed"], 3);
    let kept: Vec<String> = tree(&hist).into_keys().collect();
    assert_eq!(kept, ["2020-03-03.json", "2020-03-04.json"]);
    // --history inside OUT or INPUT is refused.
    for bad in [out.join("h"), b.join("h")] {
        let o = run(&[
            "build",
            b.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--history",
            bad.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
    // --compare-with an earlier summary.json: by place (no record keys in it).
    let first = tmp.path().join("first");
    let s1 = build(
        &a,
        &first,
        &["--history", tmp.path().join("h1").to_str().unwrap()],
    );
    let fresh = tmp.path().join("fresh");
    let s = build(
        &b,
        &fresh,
        &[
            "--compare-with",
            first.join("summary.json").to_str().unwrap(),
        ],
    );
    assert_eq!(s["changes"]["baseline_as_of"], "2020-03-03");
    assert_eq!(s["changes"]["totals"]["households"], 3);
    assert_eq!(s1["schema"], 2);
    // A file that is neither: exit 2, one line.
    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "[]").unwrap();
    let o = run(&[
        "build",
        b.to_str().unwrap(),
        "-o",
        fresh.to_str().unwrap(),
        "--compare-with",
        junk.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junk.json"));

    // history_keep = 2 keeps the newest two; 0 keeps none and compares with nothing.
    let kept_out = tmp.path().join("kept");
    std::fs::write(
        b.join("gridreport.toml"),
        format!("history_keep = 2\n{CONFIG}"),
    )
    .unwrap();
    for d in ["2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"] {
        build(&b, &kept_out, &["--as-of", d]);
    }
    let kept: Vec<String> = tree(&kept_out.join("history")).into_keys().collect();
    assert_eq!(kept, ["2020-03-03.json", "2020-03-04.json"]);
    std::fs::write(
        b.join("gridreport.toml"),
        format!("history_keep = 0\n{CONFIG}"),
    )
    .unwrap();
    let s = build(&b, &kept_out, &[]);
    assert!(s["changes"].is_null());
    assert!(!kept_out.join("history").exists());
}

#[test]
fn no_personal_data_in_any_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, b, out, _) = two_days(tmp.path());
    build(&b, &out, &[]);
    let phones: Vec<&str> = (0..12).map(ok).chain(["12345", "1234", "999"]).collect();
    let snapshots = tree(&out.join("history"));
    assert_eq!(snapshots.len(), 2);
    for (name, bytes) in &snapshots {
        let text = String::from_utf8_lossy(bytes);
        for p in &phones {
            assert!(!text.contains(p), "{name} holds {p}");
        }
        assert!(!text.contains("message"), "{name}: no messages");
    }
}

#[test]
fn watch_rebuilds_on_the_same_day_never_compare_with_themselves() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, b, out, _) = two_days(tmp.path());
    let mut child = Command::new(bin())
        .args(["watch", b.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--poll", "0.2", "--debounce", "0.2", "--quiet"])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let wait = |ok: &dyn Fn(&Value) -> bool| {
        let start = Instant::now();
        loop {
            if let Ok(bytes) = std::fs::read(out.join("summary.json")) {
                if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                    if ok(&v) {
                        return v;
                    }
                }
            }
            assert!(start.elapsed() < Duration::from_secs(30), "timed out");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let first = wait(&|v| v["as_of"] == "2020-03-04");
    assert_eq!(first["changes"]["baseline_as_of"], "2020-03-03");
    // A household more on the same day: rebuilt, still compared with the day before.
    let mut east: Vec<Hh> = vec![("A-13", Some(5), ok(0), D(2020, 3, 4))];
    for i in 1..=10usize {
        let code: &'static str = Box::leak(format!("A-{i:02}").into_boxed_str());
        east.push((code, Some(3), ok(i - 1), D(2020, 3, 1)));
    }
    std::thread::sleep(Duration::from_millis(300));
    register(&b.join("城东/住户台账.xlsx"), "城东社区", "1", &east);
    let second = wait(&|v| v["totals"]["households"] == 17);
    assert_eq!(second["changes"]["baseline_as_of"], "2020-03-03");
    assert_eq!(second["changes"]["totals"]["households"], 2);
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let kept: Vec<String> = tree(&out.join("history")).into_keys().collect();
    assert_eq!(kept, ["2020-03-03.json", "2020-03-04.json"], "{err}");
}

#[test]
fn the_sample_a_few_days_later_shows_its_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    let (d0, d3, out) = (
        tmp.path().join("d0"),
        tmp.path().join("d3"),
        tmp.path().join("out"),
    );
    for (dir, day) in [(&d0, "0"), (&d3, "3")] {
        let o = run(&[
            "sample",
            "-o",
            dir.to_str().unwrap(),
            "--scale",
            "0.1",
            "--day",
            day,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let s0 = build(&d0, &out, &["--quiet"]);
    let s3 = build(&d3, &out, &["--quiet"]);
    assert_eq!(
        (s0["as_of"].as_str(), s3["as_of"].as_str()),
        (Some("2020-03-04"), Some("2020-03-07"))
    );
    let c = &s3["changes"];
    assert_eq!(c["baseline_as_of"], "2020-03-04");
    // 东甲 (id), 同德 (screening date, notes sheet) and 江湾 (phone) fixed; 城东's new phone.
    assert_eq!((&c["fixed"], &c["new"]), (&4.into(), &1.into()), "{c}");
    for name in ["东甲社区", "同德社区", "江湾社区"] {
        assert_eq!(community(c, name)["fixed"], 1, "{name}");
    }
    assert_eq!(community(c, "城东社区")["new"], 1);
    assert!(c["totals"]["screening_coverage"].as_f64().unwrap() > 0.0);
    assert_eq!(
        c["totals"]["daily_received"],
        s3["totals"]["daily_received"].as_i64().unwrap()
            - s0["totals"]["daily_received"].as_i64().unwrap()
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("自上次报告（2020-03-04）以来"));
    // The day's expected figures are the build's.
    let expected = read_json(&d3.join("expected.json"));
    assert_eq!(expected["as_of"], "2020-03-07");
    assert_eq!(expected["totals"]["households"], s3["totals"]["households"]);
    assert_eq!(
        expected["totals"]["daily_received"],
        s3["totals"]["daily_received"]
    );
    assert_eq!(
        expected["totals"]["isolation_overdue"],
        s3["totals"]["isolation_overdue"]
    );
    let o = run(&[
        "sample",
        "-o",
        tmp.path().join("x").to_str().unwrap(),
        "--day",
        "8",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
