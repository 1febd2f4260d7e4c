//! `gridreport build sample-data` shows the seed's figures (issue: sample district), and
//! the seeded defects listed in `sample-data/README.md` are reported at their places.

use std::path::Path;

use crate::common::*;
use serde_json::Value;

/// The sample built once for all tests of this file.
fn build_sample() -> &'static Value {
    static SUMMARY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SUMMARY.get_or_init(build_once)
}

fn build_once() -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tmp.path().join("report");
    let o = run(&[
        "build",
        root.join("sample-data").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    read_json(&out.join("summary.json"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[test]
fn sample_shows_the_seed_figures() {
    let s = build_sample();
    let t = &s["totals"];
    assert_eq!(s["as_of"], "2020-03-04");
    assert_eq!(s["period"]["from"], "2020-01-24");
    assert_eq!(s["period"]["days"], 41);
    assert_eq!(t["communities"], 20);
    let residents = f(&t["residents"]);
    assert!(
        (316_800.0..=323_200.0).contains(&residents),
        "residents {residents}"
    );
    assert_eq!(t["workers"], 360);
    let age = f(&t["worker_avg_age"]);
    assert!((36.3..=36.7).contains(&age), "avg age {age}");
    let women = f(&t["worker_female_share"]);
    assert!((0.72..=0.74).contains(&women), "female share {women}");
    assert!(f(&t["volunteers"]) > 1000.0);
    assert!(f(&t["cadres"]) > 0.0);
    assert!(f(&t["police"]) >= f(&t["big_grids"]) - 1.0);

    let communities = s["communities"].as_array().unwrap();
    let names: Vec<&str> = communities
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"城东社区") && names.contains(&"贤洲社区"),
        "{names:?}"
    );
    for c in communities {
        let r = f(&c["residents"]);
        assert!(
            (10_000.0..=40_000.0).contains(&r),
            "{} residents {r}",
            c["name"]
        );
        assert!(f(&c["workers"]) >= 12.0, "{} workers", c["name"]);
    }
    let cd = communities
        .iter()
        .find(|c| c["name"] == "城东社区")
        .unwrap();
    assert!(
        (38_000.0..=40_000.0).contains(&f(&cd["residents"])),
        "城东 residents {}",
        cd["residents"]
    );
    assert!(
        (770.0..780.0).contains(&f(&cd["buildings"])),
        "城东 buildings {}",
        cd["buildings"]
    );
    assert_eq!(cd["households_gated"], 5000);
    assert_eq!(cd["households_unmanaged"], 8000);

    // Big grids of 500–900 households apart from the seeded one; nearly every building has
    // an information officer; daily reports with gaps and late ones.
    assert_eq!(t["big_grids_out_of_range"], 1);
    let ic = f(&t["informant_coverage"]);
    assert!(ic > 0.95 && ic < 1.0, "informant coverage {ic}");
    let rr = f(&t["reporting_rate"]);
    let ot = f(&t["on_time_rate"]);
    assert!(rr > 0.9 && rr < 1.0 && ot < rr, "{rr} {ot}");

    // The story household of 贤洲: isolated 2020-01-25 to 2020-02-07, completed.
    let xz = communities
        .iter()
        .find(|c| c["name"] == "贤洲社区")
        .unwrap();
    assert!(f(&xz["isolation_completed"]) >= 1.0);

    // The generator's own account of what it wrote equals what the build read.
    let expected =
        read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/expected.json"));
    for key in ["as_of", "period", "totals", "communities", "big_grids"] {
        assert_eq!(close_enough(&expected[key], &s[key]), Ok(()), "{key}");
    }
}

/// Equal, with numbers compared to 1e-9 (the generator writes ratios it computed itself).
fn close_enough(a: &Value, b: &Value) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                close_enough(v, y.get(k).unwrap_or(&Value::Null))
                    .map_err(|e| format!("{k}.{e}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (p, q))| close_enough(p, q).map_err(|e| format!("[{i}]{e}"))),
        (Value::Number(x), Value::Number(y))
            if (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9 =>
        {
            Ok(())
        }
        _ if a == b => Ok(()),
        _ => Err(format!(": expected {a}, got {b}")),
    }
}

#[test]
fn seeded_defects_are_reported_where_the_readme_says() {
    let s = build_sample();
    let list = s["issues"]["list"].as_array().unwrap();
    let readme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/README.md"),
    )
    .unwrap();
    // Rows of the seeded table: | rule | severity | community | file | sheet | cell | note |
    let mut checked = 0;
    for line in readme.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        if cols.len() < 8 || !matches!(cols[2], "error" | "warning" | "info") {
            continue;
        }
        let (rule, severity, file, sheet, cell) = (cols[1], cols[2], cols[4], cols[5], cols[6]);
        let found = list.iter().any(|i| {
            i["rule"] == rule
                && i["severity"] == severity
                && (file == "-" || i["file"] == file || i["file"].is_null())
                && (sheet == "-" || i["sheet"] == sheet || i["sheet"].is_null())
                && (cell == "-" || i["cell"] == cell)
        });
        assert!(found, "not reported: {line}");
        checked += 1;
    }
    assert!(
        checked >= 25,
        "only {checked} seeded rows found in the README"
    );

    // Every warning rule of §4–§5 occurs, except community_without_households.
    let by_rule = s["issues"]["by_rule"].as_object().unwrap();
    for rule in [
        "column_duplicate",
        "value_invalid",
        "id_number_invalid",
        "id_number_as_number",
        "phone_invalid",
        "role_unknown",
        "gender_mismatch",
        "birth_date_mismatch",
        "date_in_future",
        "household_conflict",
        "staff_conflict",
        "not_in_grid_table",
        "unknown_grid",
        "building_multiple_grids",
        "big_grid_size",
        "isolation_short",
        "isolation_overdue",
    ] {
        assert!(by_rule.contains_key(rule), "{rule} does not occur");
    }
    assert!(!by_rule.contains_key("community_without_households"));
    assert!(f(&s["issues"]["errors"]) >= 3.0);
}

/// SPEC §9.4 on the sample district: its name (sample-data/gridreport.toml) in summary.json
/// and every page title; errors first in every list of issues — issues.html, each community
/// page, report.xlsx's 问题, each community workbook's 问题 and 问题明细.
#[test]
fn sample_lists_errors_first_and_names_the_sub_district() {
    use calamine::Reader;
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tmp.path().join("report");
    let o = run(&[
        "build",
        root.join("sample-data").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(read_json(&out.join("summary.json"))["name"], "圭峰会城街道");
    let order = |text: &str, what: &str| {
        let at = |k: &str| text.find(&format!("id=\"{k}\"")).unwrap_or(usize::MAX);
        let (e, w, i) = (at("errors"), at("warnings"), at("infos"));
        let present: Vec<usize> = [e, w, i].into_iter().filter(|&p| p != usize::MAX).collect();
        assert!(
            present.windows(2).all(|p| p[0] < p[1]),
            "{what}: sections out of order"
        );
    };
    let mut pages = vec![
        out.join("index.html"),
        out.join("issues.html"),
        out.join("files.html"),
    ];
    for e in std::fs::read_dir(out.join("communities")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") {
            pages.push(p);
        }
    }
    for p in &pages {
        let text = std::fs::read_to_string(p).unwrap();
        assert!(
            text.contains("圭峰会城街道网格化管理汇总</title>"),
            "{}",
            p.display()
        );
        order(&text, &p.display().to_string());
    }
    let issues = std::fs::read_to_string(out.join("issues.html")).unwrap();
    let first_line = issues.find("<section class=\"issue-lines").unwrap();
    assert!(issues[first_line..].starts_with("<section class=\"issue-lines sev-error\""));

    let rank = |d: &calamine::Data| match d.to_string().as_str() {
        "错误" => 0,
        "警告" => 1,
        _ => 2,
    };
    let check = |path: &Path, sheet: &str| {
        let mut wb = calamine::open_workbook_auto(path).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        let ranks: Vec<i32> = range.rows().skip(1).map(|r| rank(&r[0])).collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{} {sheet}: errors first: {ranks:?}",
            path.display()
        );
        ranks
    };
    assert_eq!(check(&out.join("report.xlsx"), "问题").first(), Some(&0));
    let mut errors_seen = 0;
    for e in std::fs::read_dir(out.join("communities")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "xlsx") {
            check(&p, "问题");
            errors_seen += check(&p, "问题明细").iter().filter(|r| **r == 0).count();
        }
    }
    assert!(
        errors_seen >= 3,
        "the sample's errors are in the community workbooks"
    );
}
