//! `gridreport rollup` (issue 18), the real binary: sub-districts built from generated
//! districts and rolled up into districts, districts into a city — every figure equal to one
//! build over all their raw files together (nothing averaged), at two levels; what is not
//! trusted (corrupt, of another schema, not gridreport's, too large, a hostile name, a unit
//! twice, a copy, an older date); the same bytes twice; no personal data; OUT replaced only
//! when it may be; `watch` on a folder of summaries.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::{json, Value};

/// The community names of a generated district without 社区 (`sample`'s 20 communities).
const STEMS: [&str; 20] = [
    "城东",
    "城南",
    "城西",
    "城北",
    "城中",
    "贤洲",
    "冈州",
    "同德",
    "仁寿",
    "紫华",
    "象山",
    "今古洲",
    "圭峰",
    "东甲",
    "葵湖",
    "江湾",
    "南庚",
    "西甲",
    "中心",
    "振兴",
];

/// `s` with every community stem given `prefix`, in one pass (so `甲` + `东甲` is not
/// matched again).
fn renamed(s: &str, prefix: &str) -> String {
    let mut stems = STEMS.to_vec();
    stems.sort_by_key(|x| std::cmp::Reverse(x.len()));
    let mut out = String::with_capacity(s.len() + 64);
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for stem in &stems {
            if rest.starts_with(stem) {
                out.push_str(prefix);
                out.push_str(stem);
                rest = &rest[stem.len()..];
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Copy a generated district from `from` to `to`, its communities renamed with `prefix` in
/// every workbook (the XML inside the zip) and CSV (GBK), so that districts generated from
/// different seeds have communities of their own, as real sub-districts do.
fn copy_renamed(from: &Path, to: &Path, prefix: &str) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().unwrap().is_dir() {
            copy_renamed(&src, &dst, prefix);
            continue;
        }
        let bytes = std::fs::read(&src).unwrap();
        let name = e.file_name().to_string_lossy().to_lowercase();
        let out = if bytes.starts_with(b"PK") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                let entry = f.name().unwrap().to_string();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                if entry.ends_with(".xml") {
                    data = renamed(std::str::from_utf8(&data).unwrap(), prefix).into_bytes();
                }
                w.start_file(entry, opts).unwrap();
                w.write_all(&data).unwrap();
            }
            w.finish().unwrap().into_inner()
        } else if name.ends_with(".csv") {
            match std::str::from_utf8(&bytes) {
                Ok(text) => renamed(text, prefix).into_bytes(),
                Err(_) => {
                    let (text, _, _) = encoding_rs::GBK.decode(&bytes);
                    let text = renamed(&text, prefix);
                    let (out, _, bad) = encoding_rs::GBK.encode(&text);
                    assert!(!bad);
                    out.into_owned()
                }
            }
        } else {
            bytes
        };
        std::fs::write(dst, out).unwrap();
    }
}

/// A generated district (scale 0.02, `seed`) at `dir`, its communities prefixed and its
/// config naming it `name`.
fn district(tmp: &Path, dir: &Path, seed: u64, prefix: &str, name: &str) {
    let raw = tmp.join(format!("raw-{seed}"));
    let o = run(&[
        "sample",
        "-o",
        raw.to_str().unwrap(),
        "--scale",
        "0.02",
        "--seed",
        &seed.to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    copy_renamed(&raw, dir, prefix);
    std::fs::write(dir.join("gridreport.toml"), format!("name = \"{name}\"\n")).unwrap();
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn build(input: &Path, out: &Path) -> Value {
    build_json(input, out, &["-q"])
}

fn rollup(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "rollup",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args)
}

/// Big grids as (community, big grid, the rest), sorted, without `unit_path`.
fn grids(s: &Value) -> Vec<Value> {
    let mut v: Vec<Value> = s["big_grids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut g = g.clone();
            g.as_object_mut().unwrap().remove("unit_path");
            g
        })
        .collect();
    v.sort_by_key(|g| format!("{}\u{0}{}", g["community"], g["big_grid"]));
    v
}

/// Every figure of a roll-up equals the one build's over the same raw files.
fn assert_same_figures(rolled: &Value, built: &Value, what: &str) {
    assert_eq!(rolled["schema"], 2, "{what}");
    assert_eq!(rolled["as_of"], built["as_of"], "{what}");
    assert_eq!(rolled["period"], built["period"], "{what}");
    let (r, b) = (
        rolled["totals"].as_object().unwrap(),
        built["totals"].as_object().unwrap(),
    );
    assert_eq!(
        r.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, v) in b {
        assert_eq!(&r[k], v, "{what}: totals.{k}");
    }
    assert_eq!(rolled["daily"], built["daily"], "{what}: daily");
    let (rg, bg) = (grids(rolled), grids(built));
    assert_eq!(rg.len(), bg.len(), "{what}: big grids");
    assert_eq!(rg, bg, "{what}: big grids");
}

/// The communities of a district (its units' rows) equal the one build's.
fn assert_same_communities(rolled: &Value, built: &Value) {
    let mut rows: Vec<Value> = rolled["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["communities"].as_array().unwrap().clone())
        .collect();
    rows.sort_by_key(|c| c["name"].as_str().unwrap().to_string());
    assert_eq!(&Value::Array(rows), &built["communities"]);
}

#[test]
fn sub_districts_to_districts_to_a_city_equal_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // Raw files: district A of three sub-districts, B of two.
    let subs = [
        ("A", 1, "甲", "甲街道"),
        ("A", 2, "乙", "乙街道"),
        ("A", 3, "丙", "丙街道"),
        ("B", 4, "丁", "丁街道"),
        ("B", 5, "戊", "戊镇"),
    ];
    for (d, seed, prefix, name) in subs {
        district(t, &t.join("raw").join(d).join(name), seed, prefix, name);
        // Each office builds its own report …
        build(
            &t.join("raw").join(d).join(name),
            &t.join("reports").join(d).join(name),
        );
    }
    // … the district rolls up the reports dropped in whole …
    ok(&rollup(
        &t.join("reports/A"),
        &t.join("districts/A区"),
        &["--name", "A区"],
    ));
    // … or the summary.json files alone, renamed.
    std::fs::create_dir_all(t.join("mail/B")).unwrap();
    for (_, _, _, name) in &subs[3..] {
        std::fs::copy(
            t.join("reports/B").join(name).join("summary.json"),
            t.join("mail/B").join(format!("{name}.json")),
        )
        .unwrap();
    }
    ok(&rollup(
        &t.join("mail/B"),
        &t.join("districts/B区"),
        &["--name", "B区"],
    ));

    // One build over all the raw files of A.
    let whole_a = build(&t.join("raw/A"), &t.join("whole-A"));
    let a = read_json(&t.join("districts/A区/summary.json"));
    assert_eq!(a["totals"]["communities"], 60);
    assert_same_figures(&a, &whole_a, "district A");
    assert_same_communities(&a, &whole_a);
    let whole_b = build(&t.join("raw/B"), &t.join("whole-B"));
    let b = read_json(&t.join("districts/B区/summary.json"));
    assert_same_figures(&b, &whole_b, "district B");
    assert_same_communities(&b, &whole_b);
    // The units and their rows.
    let names: Vec<&str> = a["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["丙街道", "乙街道", "甲街道"]);
    let unit = &a["units"][2];
    assert_eq!(unit["name"], "甲街道");
    assert_eq!(unit["level"], 1);
    assert_eq!(unit["file"], "甲街道/summary.json");
    assert_eq!(unit["report"], "甲街道/index.html");
    assert_eq!(b["units"][0]["report"], Value::Null);
    assert_eq!(unit["communities"].as_array().unwrap().len(), 20);
    assert_eq!(a["big_grids"][0]["unit_path"], json!(["丙街道"]));
    assert_eq!(a["changes"], Value::Null);
    assert_eq!(a["issues"]["list"], json!([]));
    let raw = std::fs::read_to_string(t.join("districts/A区/summary.json")).unwrap();
    assert!(raw.starts_with("{\n  \"schema\": 2,\n  \"name\": \"A区\",\n  \"as_of\""));
    // The issues of each unit come up counted, not one by one.
    let own = read_json(&t.join("reports/A/甲街道/summary.json"));
    assert_eq!(unit["issues"]["errors"], own["issues"]["errors"]);
    assert_eq!(unit["issues"]["by_rule"], own["issues"]["by_rule"]);

    // The city from its districts' roll-ups: three levels.
    std::fs::create_dir_all(t.join("city-in")).unwrap();
    for d in ["A区", "B区"] {
        std::fs::rename(t.join("districts").join(d), t.join("city-in").join(d)).unwrap();
    }
    let out = rollup(
        &t.join("city-in"),
        &t.join("city"),
        &["--name", "Jiangmen", "--lang", "en"],
    );
    ok(&out);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("2 summaries read") && said.contains("2 districts"),
        "{said}"
    );
    let whole = build(&t.join("raw"), &t.join("whole"));
    let city = read_json(&t.join("city/summary.json"));
    assert_same_figures(&city, &whole, "city");
    assert_eq!(city["totals"]["communities"], 100);
    assert_eq!(city["units"][0]["level"], 2);
    assert_eq!(city["units"][0]["communities"].as_array().unwrap().len(), 3);
    assert_eq!(city["big_grids"][0]["unit_path"], json!(["A区", "丙街道"]));
    // The issues of the sub-districts come up through the districts.
    let below: u64 = subs
        .iter()
        .map(|(d, _, _, n)| {
            read_json(&t.join("reports").join(d).join(n).join("summary.json"))["issues"]["errors"]
                .as_u64()
                .unwrap()
        })
        .sum();
    let up: u64 = city["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["issues"]["errors"].as_u64().unwrap())
        .sum();
    assert_eq!(up, below);

    // The pages one level up, in the words of the level.
    let index = std::fs::read_to_string(t.join("city/index.html")).unwrap();
    assert!(index.contains("Figures by district"), "{index}");
    assert!(index.contains(">A区</a>") && index.contains("units/B%E5%8C%BA.html"));
    let page = std::fs::read_to_string(t.join("city/units/A区.html")).unwrap();
    assert!(page.contains("Figures by sub-district") && page.contains("甲街道"));
    // Its rows link to their pages in the district's report, beside its summary.
    assert!(page.contains("../../city-in/A%E5%8C%BA/units/"), "{page}");
    let index = std::fs::read_to_string(t.join("city-in/A区/index.html")).unwrap();
    assert!(index.contains("各街道（镇）数据") && index.contains("A区网格化管理汇总"));
    let book = t.join("city/report.xlsx");
    use calamine::Reader as _;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Overview",
            "Districts",
            "Sub-districts",
            "Big grids",
            "Daily",
            "Issue counts",
            "Issues",
            "Files"
        ]
    );
}

/// A summary as a build writes it, from a small generated district.
fn base_summary(t: &Path) -> Value {
    let dir = t.join("base");
    district(t, &dir, 7, "庚", "庚街道");
    build(&dir, &t.join("base-out"))
}

fn put(path: &Path, v: &Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

fn file_status(s: &Value, path: &str) -> String {
    s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .map(|f| f["status"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{path} not listed"))
}

fn issue_of(s: &Value, path: &str) -> Value {
    s["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("no issue for {path}"))
}

#[test]
fn what_cannot_be_trusted_is_unreadable_and_the_rest_rolled_up() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let base = base_summary(t);
    let input = t.join("in");
    let named = |name: &str| {
        let mut v = base.clone();
        v["name"] = json!(name);
        v
    };
    put(&input.join("a.json"), &named("甲街道"));
    // Three days older.
    let mut older = named("乙街道");
    older["as_of"] = json!("2020-03-01");
    older["period"]["to"] = json!("2020-03-01");
    put(&input.join("b.json"), &older);
    // An identical copy; the same unit again with other figures.
    std::fs::copy(input.join("a.json"), input.join("c.json")).unwrap();
    let mut again = named("甲街道");
    again["totals"]["households"] = json!(1);
    put(&input.join("d.json"), &again);
    // Another schema, corrupt, not gridreport's, a hostile name, too large.
    let mut old = named("丙街道");
    old["schema"] = json!(1);
    put(&input.join("old.json"), &old);
    let text = serde_json::to_string(&named("丁街道")).unwrap();
    std::fs::write(input.join("cut.json"), &text[..text.len() / 2]).unwrap();
    put(&input.join("other.json"), &json!({"hello": "world"}));
    put(&input.join("hostile.json"), &named("../../戊街道\u{1b}[2J"));
    let mut huge = serde_json::to_vec(&named("己街道")).unwrap();
    huge.extend(std::iter::repeat_n(b' ', 1_100_000));
    std::fs::write(input.join("huge.json"), huge).unwrap();
    std::fs::write(input.join("说明.txt"), "各街道的汇总").unwrap();
    std::fs::write(input.join("gridreport.toml"), "max_file_mb = 1\n").unwrap();

    let out = t.join("out");
    let o = rollup(&input, &out, &["--name", "测试区"]);
    ok(&o);
    let s = read_json(&out.join("summary.json"));
    let units: Vec<&str> = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["乙街道", "甲街道"]);
    // Twice the base: the two units are the same figures.
    let f = |v: &Value, k: &str| v["totals"][k].as_u64().unwrap();
    assert_eq!(f(&s, "households"), 2 * f(&base, "households"));
    assert_eq!(
        s["totals"]["worker_avg_age"],
        base["totals"]["worker_avg_age"]
    );
    for (path, status) in [
        ("a.json", "read"),
        ("b.json", "read"),
        ("c.json", "skipped"),
        ("d.json", "unreadable"),
        ("old.json", "unreadable"),
        ("cut.json", "unreadable"),
        ("other.json", "unreadable"),
        ("hostile.json", "unreadable"),
        ("huge.json", "unreadable"),
        ("说明.txt", "skipped"),
    ] {
        assert_eq!(file_status(&s, path), status, "{path}");
    }
    let rules = &s["issues"]["by_rule"];
    assert_eq!(rules["file_unreadable"], 6, "{rules}");
    assert_eq!(rules["file_duplicate"], 1);
    assert_eq!(rules["file_skipped"], 1);
    assert_eq!(rules["date_out_of_range"], 1);
    let i = issue_of(&s, "d.json");
    assert_eq!(i["severity"], "error");
    assert!(i["message"].as_str().unwrap().contains("a.json"), "{i}");
    assert_eq!(issue_of(&s, "c.json")["rule"], "file_duplicate");
    let i = issue_of(&s, "b.json");
    assert_eq!(
        (&i["rule"], &i["severity"]),
        (&json!("date_out_of_range"), &json!("warning"))
    );
    assert!(i["message"].as_str().unwrap().contains("早 3 天"), "{i}");
    for (path, words) in [
        ("old.json", "旧版 gridreport"),
        ("cut.json", "不是完整的 JSON"),
        ("other.json", "不是 gridreport 生成的"),
        ("hostile.json", "不能用"),
        ("huge.json", "max_file_mb = 1"),
    ] {
        let m = issue_of(&s, path)["message"].as_str().unwrap().to_string();
        assert!(m.contains(words), "{path}: {m}");
        assert!(!m.contains('\u{1b}'), "{path}: {m}");
    }
    // The older unit is shown with its date.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("2020-03-01（早 3 天）"), "{index}");
    let files = std::fs::read_to_string(out.join("files.html")).unwrap();
    assert!(files.contains("旧版 gridreport"));

    // In English.
    let o = rollup(&input, &t.join("out-en"), &["--lang", "en"]);
    ok(&o);
    let s = read_json(&t.join("out-en/summary.json"));
    assert_eq!(s["name"], Value::Null);
    let m = issue_of(&s, "old.json")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(m.contains("older gridreport"), "{m}");
    let index = std::fs::read_to_string(t.join("out-en/index.html")).unwrap();
    assert!(index.contains("District grid report"), "{index}");

    // A bad --name, no summaries, an OUT that is not a report: exit 2, one line.
    let o = rollup(&input, &t.join("x"), &["--name", "a/b"]);
    assert_eq!(o.status.code(), Some(2));
    let empty = t.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("台账.xlsx"), b"x").unwrap();
    let o = rollup(&empty, &t.join("y"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有找到汇总文件"));
    let o = rollup(&input, &empty, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(empty.join("台账.xlsx").exists());
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Text that looks like personal data: an id number (18 digits, or 17 and X) or a mobile
/// number (11 digits from 1), not inside a longer number or after a decimal point.
fn personal_data(text: &str) -> Option<String> {
    let b: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1] == '.' || b[i - 1].is_ascii_digit())) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - start;
        let x = n == 17 && b.get(i).is_some_and(|c| *c == 'X');
        if n == 18 || x || (n == 11 && b[start] == '1') {
            return Some(b[start..i].iter().collect());
        }
    }
    None
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

#[test]
fn same_bytes_twice_no_personal_data_and_watch() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    district(t, &t.join("raw/甲街道"), 11, "甲", "甲街道");
    district(t, &t.join("raw/乙街道"), 12, "乙", "乙街道");
    // The raw files hold id numbers and phones …
    let raw = tree(&t.join("raw"));
    assert!(raw
        .iter()
        .any(|(p, b)| p.to_string_lossy().ends_with(".csv")
            && personal_data(&encoding_rs::GBK.decode(b).0).is_some()));
    for n in ["甲街道", "乙街道"] {
        build(&t.join("raw").join(n), &t.join("in").join(n));
    }
    let (one, two) = (t.join("one"), t.join("two"));
    ok(&rollup(&t.join("in"), &one, &["--name", "测试区"]));
    ok(&rollup(&t.join("in"), &two, &["--name", "测试区"]));
    let (a, b) = (tree(&one), tree(&two));
    assert_eq!(
        a.iter().map(|x| &x.0).collect::<Vec<_>>(),
        b.iter().map(|x| &x.0).collect::<Vec<_>>()
    );
    for (x, y) in a.iter().zip(&b) {
        assert!(x.1 == y.1, "{} differs", x.0.display());
    }
    assert!(one.join(".gridreport").is_file());
    // … the roll-up none: not in summary.json's strings, the pages or the workbook's text.
    let mut texts = Vec::new();
    strings(&read_json(&one.join("summary.json")), &mut texts);
    for (p, bytes) in &a {
        let name = p.to_string_lossy();
        if name.ends_with(".html") {
            texts.push(String::from_utf8(bytes.clone()).unwrap());
        } else if name.ends_with(".xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut s = String::new();
            zip.by_name("xl/sharedStrings.xml")
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            texts.push(s);
        }
    }
    for text in &texts {
        assert_eq!(personal_data(text), None);
    }
    // OUT is replaced (it is a report), and only then.
    ok(&rollup(&t.join("in"), &one, &[]));
    // build on a folder of summaries says what reads it.
    let o = run(&[
        "build",
        t.join("in").to_str().unwrap(),
        "-o",
        t.join("b").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("gridreport rollup"));

    // watch on a folder of summaries: a summary mailed in is rolled up.
    let inbox = t.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(t.join("in/甲街道/summary.json"), inbox.join("甲街道.json")).unwrap();
    let out = t.join("watched");
    let mut child = Command::new(bin())
        .args([
            "watch",
            inbox.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--poll", "0.2", "--debounce", "0.3", "--lang", "en"])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let units = |out: &Path| -> usize {
        std::fs::read(out.join("summary.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| v["units"].as_array().map(Vec::len))
            .unwrap_or(0)
    };
    let wait = |n: usize| {
        let start = Instant::now();
        while units(&out) != n {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no roll-up of {n}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait(1);
    std::fs::copy(t.join("in/乙街道/summary.json"), inbox.join("乙街道.json")).unwrap();
    wait(2);
    let _ = child.kill();
    let _ = child.wait();
}
