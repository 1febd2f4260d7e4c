//! The real binary on a small messy district written here, compared with figures computed
//! by hand; every rule id of SPEC §8 occurs.

use std::path::Path;

use crate::common::*;
use serde_json::{json, Value};

const ID_M: &str = "440703198001011234"; // male, 1980-01-01
const ID_F88: &str = "440703198802031243"; // female, 1988-02-03
const ID_F80: &str = "440703198006151287"; // female, 1980-06-15
const ID_BAD: &str = "440703199001011230"; // wrong check digit

/// The fixture district (see the expected figures in `figures_by_hand`).
pub fn district(dir: &Path) {
    #[rustfmt::skip]
    let mut hh = sheet("一组", table(&[
        "城东社区住户台账（2020年2月）",
        "序号|社区|大网格|楼栋|户号|人数（人）|户主姓名|身份证号|联系电话|小区类型|排查日期|备注|附注",
        &format!("#1|城东社区|#1|A1|H001|#3|张三|{ID_M}|13800138000|封闭式小区|@2020-02-01"),
        "#2|城东社区|#1|A1|H002|2人|李四|#440703199001011234|12345|无物业管理|2020/2/3",
        &format!("#3|城东|#1|A2|H003|#4|王五|{ID_BAD}||开放式小区|@2020-03-10"),
        "#4|城东社区|#1|A2|H003|#5|王五|||开放式小区|@2020-02-05",
        &format!("#5|城东社区|#1|A1|H001|#3|张三|{ID_M}|13800138000|封闭式小区|@2020-02-01"),
        "#6|城东社区|#1|A3|H004|三",
        "#7||#1|A3|H005|#2",
        "#8|城东社区|#2|A3|H006|#5||||封闭小区|@2020-03-04|新入住",
        "合计|||||#22",
        "#9",
    ]));
    hh.merges = vec![(0, 0, 0, 11)];
    write_xlsx(&dir.join("城东/住户台账.xlsx"), vec![hh]);

    write_xlsx(
        &dir.join("城东/网格划分.xlsx"),
        vec![sheet(
            "网格",
            table(&[
                "社区|网格编号|楼栋号",
                "城东社区|#1|A1",
                "城东社区|#1|A2",
                "城东社区|#1|A3",
                "城东社区|#1|A1",
            ]),
        )],
    );

    #[rustfmt::skip]
    let roster = table(&[
        "城东社区工作人员花名册",
        "社区|姓名|身份|性别|出生日期|年龄|大网格|楼栋|身份证号|手机号",
        "城东社区|赵一|社区工作者|女|@1985-05-05",
        "城东社区|钱二|网格员|男||#40",
        "城东社区|孙三|信息员|女|||#1|A1",
        "城东社区|李四|民警|男|||#1",
        "城东社区|周五|下沉干部||||#2",
        "城东社区|吴六|志愿者",
        "城东社区|郑七|保安",
        &format!("城东社区|王八|社区工作者|男|@1990-01-01||||{ID_F88}"),
        "城东社区|赵一|社区工作者|女|@1985-05-05",
        "城东社区|钱二|网格员|男||#40||||13900001111",
        "城东社区|冯九|志愿者||||#9",
        "城东社区|陈十|社区工作者|未知",
        "城东社区|褚十一|社区工作者|女|@2030-01-01",
        "城东社区||志愿者",
        &format!("城东社区|卫十二|两委干部||||||{ID_F80}"),
        "城东社区|蒋十三|社区工作者|女||||||1380013800",
    ]);
    write_xlsx(
        &dir.join("城东/人员名册.xlsx"),
        vec![sheet("花名册", roster)],
    );

    write_gbk_csv(
        &dir.join("城东/日报告.csv"),
        &[
            "日期|社区|大网格|走访户数|新增返回人员|居家隔离人数|发热人数|上报时间",
            "2020-03-01|城东社区|1|10|0|1|0|2020-03-01 18:00",
            "2020-03-02|城东社区|1|12|1|1|0|2020-03-02 21:00",
            "2020-03-02|城东社区|1|12|1|1|0|2020-03-02 19:00",
            "2020-03-04|城东社区|1|8|0|0|1|18:30",
            "2020-03-03|城东社区|2|5|2|0|0|",
            "2020-03-03|城东社区|7|5|0|0|0|2020-03-03 10:00",
            "2020-02-30|城东社区|1|1|0|0|0|2020-02-30 10:00",
            "2020-03-01|城东社区|2|abc|1|0|0|2020-03-01 20:00",
        ],
        ",",
    );

    let mut empty = sheet("空表", vec![]);
    empty.hidden = true;
    write_xlsx(
        &dir.join("贤洲/住户.xlsx"),
        vec![
            sheet(
                "Sheet1",
                table(&[
                    "所属社区|网格|楼号|住户编号|家庭人数|人数",
                    "贤洲社区|#1|B1|X001|#3|#9",
                    "贤洲社区居委会|#1|B1|X002|#2|#9",
                ]),
            ),
            sheet("说明", table(&["填表说明：请按要求填写", "社区|户号"])),
            empty,
        ],
    );

    // The isolation list is a real .xls (BIFF8) made once by LibreOffice from `isolation_sheet`
    // (see `make_xls_fixture`).
    let xls =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/隔离人员.xls"))
            .unwrap();
    std::fs::write(dir.join("贤洲/隔离人员.xls"), xls).unwrap();

    write_xlsx(
        &dir.join("新会/人员.xlsx"),
        vec![sheet(
            "Sheet1",
            table(&["社区|姓名|身份", "新会社区|某人|志愿者"]),
        )],
    );

    std::fs::write(dir.join("城东/~$住户台账.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join("说明.txt"), "请把表格放在这里").unwrap();
    std::fs::write(
        dir.join("城东/坏文件.xlsx"),
        b"PK\x03\x04 this is not really a zip file at all",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join(".hidden")).unwrap();
    std::fs::write(dir.join(".hidden/x.xlsx"), b"junk").unwrap();
}

fn build(dir: &Path, extra: &[&str]) -> Value {
    build_json(&dir.join("in"), &dir.join("out"), extra)
}

#[test]
fn figures_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    district(&tmp.path().join("in"));
    let s = build(tmp.path(), &[]);

    assert_eq!(s["schema"], 2);
    assert_eq!(s["as_of"], "2020-03-04");
    assert_eq!(
        s["period"],
        json!({"from": "2020-03-01", "to": "2020-03-04", "days": 4})
    );
    let names: Vec<&str> = s["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["城东社区", "新会社区", "贤洲社区"]);

    let cd = community(&s, "城东社区");
    for (k, v) in [
        ("households", 4),
        ("residents", 15),
        ("buildings", 3),
        ("big_grids", 2),
        ("households_gated", 2),
        ("households_unmanaged", 2),
        ("workers", 7),
        ("informants", 1),
        ("cadres", 1),
        ("police", 1),
        ("volunteers", 2),
        ("other_staff", 1),
        ("big_grids_out_of_range", 2),
        ("screened_households", 4),
        ("buildings_with_informant", 1),
        ("big_grids_with_leader", 1),
        ("big_grids_with_police", 1),
        ("daily_expected", 8),
        ("daily_received", 5),
        ("daily_on_time", 4),
        ("isolation_total", 0),
        ("rows_excluded", 3),
    ] {
        assert_eq!(cd[k], v, "城东社区 {k}");
    }
    assert!(close(&cd["residents_per_worker"], 15.0 / 7.0));
    assert!(close(&cd["households_per_worker"], 4.0 / 7.0));
    assert!(close(&cd["households_per_big_grid"], 2.0));
    assert!(close(&cd["screening_coverage"], 1.0));
    assert!(close(&cd["informant_coverage"], 1.0 / 3.0));
    assert!(close(&cd["reporting_rate"], 5.0 / 8.0));
    assert!(close(&cd["on_time_rate"], 0.5));
    assert!(
        close(&cd["worker_avg_age"], 35.75),
        "{}",
        cd["worker_avg_age"]
    );
    assert!(close(&cd["worker_female_share"], 4.0 / 6.0));

    let xz = community(&s, "贤洲社区");
    for (k, v) in [
        ("households", 2),
        ("residents", 5),
        ("buildings", 1),
        ("big_grids", 1),
        ("screened_households", 0),
        ("daily_expected", 4),
        ("daily_received", 0),
        ("isolation_total", 6),
        ("isolation_active", 3),
        ("isolation_completed", 2),
        ("isolation_overdue", 1),
        ("rows_excluded", 1),
        ("workers", 0),
    ] {
        assert_eq!(xz[k], v, "贤洲社区 {k}");
    }
    assert!(xz["residents_per_worker"].is_null());
    assert!(xz["worker_avg_age"].is_null());
    assert!(close(&xz["screening_coverage"], 0.0));
    assert!(close(&xz["reporting_rate"], 0.0));

    let xh = community(&s, "新会社区");
    assert_eq!(xh["households"], 0);
    assert_eq!(xh["volunteers"], 1);
    assert!(xh["screening_coverage"].is_null());
    assert!(xh["households_per_big_grid"].is_null());

    let t = &s["totals"];
    for (k, v) in [
        ("communities", 3),
        ("households", 6),
        ("residents", 20),
        ("buildings", 4),
        ("big_grids", 3),
        ("workers", 7),
        ("volunteers", 3),
        ("big_grids_out_of_range", 3),
        ("screened_households", 4),
        ("daily_expected", 12),
        ("daily_received", 5),
        ("daily_on_time", 4),
        ("isolation_total", 6),
        ("rows_excluded", 5),
    ] {
        assert_eq!(t[k], v, "totals {k}");
    }
    assert!(close(&t["residents_per_worker"], 20.0 / 7.0));
    assert!(close(&t["screening_coverage"], 4.0 / 6.0));
    assert!(close(&t["informant_coverage"], 0.25));
    assert!(close(&t["reporting_rate"], 5.0 / 12.0));
    assert!(close(&t["worker_avg_age"], 35.75));

    assert_eq!(
        s["big_grids"],
        json!([
            {"community": "城东社区", "big_grid": "1", "households": 3, "residents": 10, "buildings": 3, "in_range": false,
             "has_leader": false, "has_police": true, "daily_expected": 4, "daily_received": 3, "daily_on_time": 3},
            {"community": "城东社区", "big_grid": "2", "households": 1, "residents": 5, "buildings": 1, "in_range": false,
             "has_leader": true, "has_police": false, "daily_expected": 4, "daily_received": 2, "daily_on_time": 1},
            {"community": "贤洲社区", "big_grid": "1", "households": 2, "residents": 5, "buildings": 1, "in_range": false,
             "has_leader": false, "has_police": false, "daily_expected": 4, "daily_received": 0, "daily_on_time": 0}
        ])
    );
    assert_eq!(
        s["daily"],
        json!([
            {"date": "2020-03-01", "expected": 3, "received": 2, "on_time": 2, "households_visited": 10, "new_arrivals": 1, "under_isolation": 1, "fever": 0},
            {"date": "2020-03-02", "expected": 3, "received": 1, "on_time": 1, "households_visited": 12, "new_arrivals": 1, "under_isolation": 1, "fever": 0},
            {"date": "2020-03-03", "expected": 3, "received": 1, "on_time": 0, "households_visited": 5, "new_arrivals": 2, "under_isolation": 0, "fever": 0},
            {"date": "2020-03-04", "expected": 3, "received": 1, "on_time": 1, "households_visited": 8, "new_arrivals": 0, "under_isolation": 0, "fever": 1}
        ])
    );

    // Files: sorted by path, skipped and unreadable with no sheets, the hidden folder absent.
    let files: Vec<(&str, &str, &str)> = s["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["format"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("城东/~$住户台账.xlsx", "xlsx", "skipped"),
            ("城东/人员名册.xlsx", "xlsx", "read"),
            ("城东/住户台账.xlsx", "xlsx", "read"),
            ("城东/坏文件.xlsx", "xlsx", "unreadable"),
            ("城东/日报告.csv", "csv", "read"),
            ("城东/网格划分.xlsx", "xlsx", "read"),
            ("新会/人员.xlsx", "xlsx", "read"),
            ("说明.txt", "txt", "skipped"),
            ("贤洲/住户.xlsx", "xlsx", "read"),
            ("贤洲/隔离人员.xls", "xls", "read"),
        ]
    );
    let file = |p: &str| {
        s["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap()
            .clone()
    };
    assert_eq!(
        file("城东/住户台账.xlsx")["sheets"],
        json!([{"name": "一组", "kind": "households", "header_row": 2, "rows": 8, "rows_used": 6}])
    );
    assert_eq!(
        file("贤洲/住户.xlsx")["sheets"],
        json!([
            {"name": "Sheet1", "kind": "households", "header_row": 1, "rows": 2, "rows_used": 2},
            {"name": "说明", "kind": "unrecognized", "header_row": null, "rows": 0, "rows_used": 0},
            {"name": "空表", "kind": "unrecognized", "header_row": null, "rows": 0, "rows_used": 0}
        ])
    );
    assert_eq!(file("城东/日报告.csv")["sheets"][0]["name"], "日报告");
    assert_eq!(file("城东/坏文件.xlsx")["sheets"], json!([]));

    // Every rule id occurs, each at the place §8 gives.
    let list = s["issues"]["list"].as_array().unwrap();
    let at = |rule: &str, file: Option<&str>, cell: Option<&str>| {
        list.iter().any(|i| {
            i["rule"] == rule
                && file.is_none_or(|f| i["file"] == f)
                && match cell {
                    Some(c) => i["cell"] == c,
                    None => i["cell"].is_null(),
                }
        })
    };
    let hh = Some("城东/住户台账.xlsx");
    let staff = Some("城东/人员名册.xlsx");
    let daily = Some("城东/日报告.csv");
    let iso = Some("贤洲/隔离人员.xls");
    for (rule, file, cell) in [
        ("file_unreadable", Some("城东/坏文件.xlsx"), None),
        ("file_skipped", Some("说明.txt"), None),
        ("file_skipped", Some("城东/~$住户台账.xlsx"), None),
        ("sheet_unrecognized", Some("贤洲/住户.xlsx"), None),
        // 序号 (A) and 备注 (L) are known non-data columns: only 附注 (M) is listed.
        ("column_ignored", hh, Some("M2")),
        ("column_duplicate", Some("贤洲/住户.xlsx"), Some("F1")),
        ("footer_skipped", hh, Some("A11")),
        ("required_missing", hh, Some("B9")),
        ("required_missing", staff, Some("B16")),
        ("value_invalid", hh, Some("F8")),
        ("value_invalid", staff, Some("D14")),
        ("value_invalid", daily, Some("A8")),
        ("value_invalid", daily, Some("D9")),
        ("value_invalid", iso, Some("E7")),
        ("id_number_invalid", hh, Some("H5")),
        ("id_number_as_number", hh, Some("H4")),
        ("phone_invalid", hh, Some("I4")),
        ("phone_invalid", staff, Some("J18")),
        ("role_unknown", staff, Some("C9")),
        ("gender_mismatch", staff, Some("D10")),
        ("birth_date_mismatch", staff, Some("E10")),
        ("date_in_future", hh, Some("K5")),
        ("date_in_future", staff, Some("E15")),
        ("date_in_future", iso, Some("D6")),
        ("duplicate_row", hh, Some("E7")),
        ("duplicate_row", staff, Some("B11")),
        ("duplicate_row", iso, Some("B8")),
        ("daily_duplicate", daily, Some("A4")),
        ("household_conflict", hh, Some("E6")),
        ("staff_conflict", staff, Some("B12")),
        ("not_in_grid_table", hh, Some("D10")),
        ("unknown_grid", staff, Some("G13")),
        ("unknown_grid", daily, Some("C7")),
        ("unknown_grid", iso, Some("F9")),
        (
            "building_multiple_grids",
            Some("城东/网格划分.xlsx"),
            Some("C4"),
        ),
        ("isolation_short", iso, Some("E5")),
        ("isolation_overdue", iso, Some("D4")),
    ] {
        assert!(at(rule, file, cell), "missing {rule} at {file:?} {cell:?}");
    }
    for (rule, community) in [
        ("community_merged", "城东社区"),
        ("community_merged", "贤洲社区"),
        ("community_without_households", "新会社区"),
        ("big_grid_size", "城东社区"),
        ("big_grid_size", "贤洲社区"),
    ] {
        assert!(
            list.iter()
                .any(|i| i["rule"] == rule && i["community"] == community && i["file"].is_null()),
            "missing {rule} for {community}"
        );
    }
    let ignored = list
        .iter()
        .find(|i| i["rule"] == "column_ignored" && i["file"] == "城东/住户台账.xlsx")
        .unwrap();
    let m = ignored["message"].as_str().unwrap();
    assert!(
        m.contains("附注") && !m.contains("序号") && !m.contains("备注"),
        "{m}"
    );
    let by_rule = s["issues"]["by_rule"].as_object().unwrap();
    assert_eq!(
        by_rule.len(),
        27,
        "{:?}",
        by_rule.keys().collect::<Vec<_>>()
    );
    assert_eq!(by_rule["big_grid_size"], 3);
    assert_eq!(by_rule["date_in_future"], 3);
    let n = |sev: &str| list.iter().filter(|i| i["severity"] == sev).count() as u64;
    assert_eq!(s["issues"]["errors"], n("error"));
    assert_eq!(s["issues"]["warnings"], n("warning"));
    assert_eq!(s["issues"]["infos"], n("info"));
    // Row-level issues carry their community; the order is file, sheet, row, column, rule.
    let role = list.iter().find(|i| i["rule"] == "role_unknown").unwrap();
    assert_eq!(role["community"], "城东社区");
    assert_eq!(role["row"], 9);
    let keys: Vec<(String, String, i64)> = list
        .iter()
        .map(|i| {
            (
                i["file"].as_str().unwrap_or("").to_string(),
                i["sheet"].as_str().unwrap_or("").to_string(),
                i["row"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // No PII in summary.json.
    let text = serde_json::to_string(&s).unwrap();
    for pii in [
        ID_M,
        ID_F88,
        ID_F80,
        ID_BAD,
        "13800138000",
        "13900001111",
        "1380013800",
        "张三",
        "曾先生",
        "卫十二",
    ] {
        assert!(!text.contains(pii), "summary.json contains {pii}");
    }
}

#[test]
fn same_input_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    district(&tmp.path().join("in"));
    let input = tmp.path().join("in");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for out in [&a, &b] {
        let o = run(&[
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success());
    }
    let mut files = Vec::new();
    collect(&a, &a, &mut files);
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{f} differs"
        );
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
}

#[test]
fn check_prints_issues_and_exits_1_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    district(&tmp.path().join("in"));
    let o = run(&[
        "check",
        tmp.path().join("in").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("error\t城东/住户台账.xlsx, sheet '一组', F8: [value_invalid] members '三' is not a whole number 1–99"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("infos"), "{last}");
    // Chinese by default.
    let o = run(&["check", tmp.path().join("in").to_str().unwrap()]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("错误\t城东/住户台账.xlsx，工作表“一组”，F8"),
        "{out}"
    );
}

/// The whole summary.json of the district, byte for byte (`tests/it/snapshots/`): any change
/// to a figure, an issue, its place or its message shows up in the diff of one file.
#[test]
fn summary_json_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    district(&tmp.path().join("in"));
    build(tmp.path(), &[]);
    let raw = std::fs::read_to_string(tmp.path().join("out/summary.json")).unwrap();
    assert!(!raw.contains(tmp.path().to_str().unwrap()), "no temp path");
    insta::assert_snapshot!("messy_district_summary_json", raw);
}

/// `check`'s output in both languages (paths are relative to INPUT, so no temp path).
#[test]
fn check_output_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input);
    for lang in ["zh", "en"] {
        let o = run(&["check", input.to_str().unwrap(), "--lang", lang]);
        assert_eq!(o.status.code(), Some(1));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(!out.contains(tmp.path().to_str().unwrap()), "no temp path");
        insta::assert_snapshot!(format!("messy_district_check_{lang}"), out);
    }
}

#[test]
fn fatal_errors_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let o = run(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope"));

    // A folder without spreadsheets.
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("a.txt"), "x").unwrap();
    let o = run(&[
        "build",
        empty.to_str().unwrap(),
        "-o",
        tmp.path().join("o").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no spreadsheets found in"));

    // A bad config names the key.
    let input = tmp.path().join("in");
    district(&input);
    std::fs::write(input.join("gridreport.toml"), "big_grid_min = \"many\"\n").unwrap();
    let o = run(&["check", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("gridreport.toml") && err.contains("big_grid_min"),
        "{err}"
    );
    std::fs::remove_file(input.join("gridreport.toml")).unwrap();

    // An OUT that is not a previous report is refused and left alone.
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("keep.txt"), "x").unwrap();
    let o = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        docs.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(docs.join("keep.txt").is_file());
}

#[test]
fn out_inside_input_is_not_read_and_config_applies() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    district(&input);
    std::fs::write(
        input.join("gridreport.toml"),
        "big_grid_min = 1\nbig_grid_max = 3\n[communities]\n\"新会\" = \"新会社区\"\n[aliases.staff]\nrole = [\"工种\"]\n",
    )
    .unwrap();
    let out = input.join("report");
    for _ in 0..2 {
        let o = run(&[
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let s = read_json(&out.join("summary.json"));
    assert!(s["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f["path"].as_str().unwrap().starts_with("report")));
    assert!(s["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["path"] != "gridreport.toml"));
    // With big grids of 1–3 households, only 城东's big grid 1 (3) and 2 (1) and 贤洲's (2) are in range.
    assert_eq!(s["totals"]["big_grids_out_of_range"], 0);
}

fn isolation_sheet() -> SheetSpec {
    sheet(
        "隔离",
        table(&[
            "社区|隔离人员姓名|身份证号|开始隔离日期|解除隔离日期|大网格",
            "贤洲社区|曾先生||@2020-01-25|@2020-02-07|#1",
            "贤洲社区|甲||@2020-02-25",
            "贤洲社区|乙||@2020-02-10",
            "贤洲社区|丙||@2020-02-20|@2020-02-25",
            "贤洲社区|丁||@2020-03-10",
            "贤洲社区|戊||@2020-02-20|@2020-02-10",
            "贤洲社区|曾先生||@2020-01-25|@2020-02-07|#1",
            "贤洲社区|己||2020年2月28日||#5",
        ]),
    )
}

/// Regenerate `tests/fixtures/隔离人员.xls`: writes the .xlsx, converts it with LibreOffice.
/// Run: cargo test --test it -- --ignored build::make_xls_fixture
#[test]
#[ignore]
fn make_xls_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("隔离人员.xlsx");
    write_xlsx(&xlsx, vec![isolation_sheet()]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let o = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "xls", "--outdir"])
        .arg(&fixtures)
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Rows of a household register for 城东社区: `n` households in big grid 1, building A1.
fn households(n: u32, name: &'static str) -> SheetSpec {
    let mut rows = table(&["社区|大网格|楼栋|户号|人数"]);
    for k in 0..n {
        rows.push(row(&format!("城东社区|#1|A1|H{k:03}|#2")));
    }
    sheet(name, rows)
}

fn html_pages(out: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = ["index.html", "issues.html", "files.html"]
        .iter()
        .map(|n| out.join(n))
        .collect();
    for e in std::fs::read_dir(out.join("communities")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") {
            v.push(p);
        }
    }
    v
}

fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// SPEC §9.4 on a district built here: the sub-district's name in summary.json (right after
/// `schema`) and every page title; repeated issues grouped, errors first, in the HTML and the
/// workbooks; with `html_file_names = false` no file, stem, folder or sheet name anywhere in
/// the HTML — not even inside messages that name another place.
#[test]
fn clerk_ready_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let folder = input.join("机密甲文件夹");
    write_xlsx(
        &folder.join("绝密乙台账.xlsx"),
        vec![households(30, "隐私丙表")],
    );
    // The same register dropped again under another name (and sheet): 30 duplicate rows, and
    // one row whose members cell is empty (an error).
    let mut copy = households(30, "保密丁表");
    copy.rows.push(row("城东社区|#1|A1|H999|"));
    write_xlsx(&folder.join("绝密乙台账 - 副本.xlsx"), vec![copy]);
    // A roster naming a big grid the structure does not have: 12 unknown_grid warnings.
    let mut roster = table(&["社区|姓名|身份|大网格"]);
    for k in 0..12 {
        roster.push(row(&format!("城东社区|志愿者{k}|志愿者|#9")));
    }
    write_xlsx(
        &input.join("秘密戊名册.xlsx"),
        vec![sheet("人员己表", roster)],
    );
    std::fs::write(
        input.join("保密庚名单.csv"),
        "社区,姓名,隔离开始日期,解除隔离日期\n城东社区,某甲,2020-02-01,2020-01-20\n",
    )
    .unwrap();
    std::fs::write(
        input.join("gridreport.toml"),
        "name = \"测试街道\"\nhtml_file_names = false\n",
    )
    .unwrap();
    let s = build(tmp.path(), &[]);
    let out = tmp.path().join("out");

    // summary.json: "name" right after "schema"; one entry per issue.
    assert_eq!(s["name"], "测试街道");
    let raw = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        raw.starts_with("{\n  \"schema\": 2,\n  \"name\": \"测试街道\",\n  \"as_of\""),
        "{}",
        &raw[..80]
    );
    assert_eq!(s["issues"]["by_rule"]["duplicate_row"], 30);
    assert_eq!(s["issues"]["by_rule"]["unknown_grid"], 12);

    // No file, stem, folder or sheet name in any page.
    let secrets = [
        "机密甲文件夹",
        "绝密乙台账",
        "副本",
        "隐私丙表",
        "保密丁表",
        "秘密戊名册",
        "人员己表",
        "保密庚名单",
    ];
    for p in html_pages(&out) {
        let text = std::fs::read_to_string(&p).unwrap();
        for secret in secrets {
            assert!(!text.contains(secret), "{} shows {secret}", p.display());
        }
        assert!(
            text.contains("<title>") && text.contains("测试街道网格化管理汇总</title>"),
            "{}",
            p.display()
        );
    }
    let issues = std::fs::read_to_string(out.join("issues.html")).unwrap();
    assert!(
        issues.contains("工作表“工作表 1”"),
        "the place another row is in, numbered"
    );
    // Grouped: 30 duplicate rows are one line, 12 unknown big grids one line; errors first.
    assert!(issues.contains("<td class=\"n\">30</td>"));
    assert!(issues.contains("<td class=\"n\">12</td>"));
    assert_eq!(
        issues
            .matches("<code class=\"rule-id\">duplicate_row</code></td>")
            .count(),
        1
    );
    let (e, w) = (
        issues.find("id=\"errors\"").unwrap(),
        issues.find("id=\"warnings\"").unwrap(),
    );
    let req = issues
        .find("<code class=\"rule-id\">required_missing</code></td>")
        .unwrap();
    assert!(e < req && req < w);
    let east = std::fs::read_to_string(out.join("communities/城东社区.html")).unwrap();
    assert!(east.find("id=\"errors\"").unwrap() < east.find("id=\"infos\"").unwrap());

    // Workbooks (names are shown there: they go to the office and the community).
    let sev = |r: &[calamine::Data]| r[0].to_string();
    let rows = xlsx_rows(&out.join("report.xlsx"), "问题");
    assert_eq!(sev(&rows[1]), "错误");
    let dup: Vec<_> = rows.iter().filter(|r| r[2] == "duplicate_row").collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0][5], calamine::Data::Float(30.0));
    assert!(dup[0][6].to_string().ends_with(" …"));
    let book = out.join("communities/城东社区.xlsx");
    let grouped = xlsx_rows(&book, "问题");
    assert_eq!(sev(&grouped[1]), "错误");
    let cells = xlsx_rows(&book, "问题明细");
    assert_eq!(sev(&cells[1]), "错误");
    let own = s["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["community"] == "城东社区")
        .count();
    assert!(own >= 1 + 1 + 30 + 12);
    assert_eq!(cells.len(), 1 + own, "every cell on its own row");
    let overview = xlsx_rows(&out.join("report.xlsx"), "概览");
    assert_eq!(overview[0][0].to_string(), "测试街道 网格化管理汇总报告");

    // Without a name: "name": null, still right after "schema".
    let other = tmp.path().join("plain.toml");
    std::fs::write(&other, "html_file_names = true\n").unwrap();
    let s = build(tmp.path(), &["--config", other.to_str().unwrap()]);
    assert!(s["name"].is_null());
    let raw = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(raw.starts_with("{\n  \"schema\": 2,\n  \"name\": null,\n"));
    let issues = std::fs::read_to_string(out.join("issues.html")).unwrap();
    assert!(issues.contains("绝密乙台账"), "names shown by default");
}
