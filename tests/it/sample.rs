//! The committed `sample-data/` is exactly what `write_sample(scale 1, seed 2020)` writes
//! (apart from the .xls files, made once with LibreOffice by scripts/make-sample-xls.sh),
//! and its headline figures tell the Huicheng story.

use calamine::{open_workbook_auto, Reader};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SEED: u64 = 2020;

fn files(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, p);
            }
        }
    }
    out
}

#[test]
fn committed_sample_is_regenerated_byte_for_byte() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let tmp = tempfile::TempDir::new().unwrap();
    gridreport::sample::write_sample(tmp.path(), 1.0, SEED).unwrap();
    let old = files(&committed);
    let new = files(tmp.path());
    for (rel, path) in &new {
        assert!(!rel.ends_with(".xls.xlsx"), "{rel}: no .xls.xlsx names");
        if rel.ends_with(".xls") {
            // Written as xlsx under the .xls name; the committed one is LibreOffice's .xls.
            assert!(
                old.contains_key(rel),
                "{rel} missing: regenerate and run scripts/make-sample-xls.sh"
            );
            continue;
        }
        let Some(committed_path) = old.get(rel) else {
            panic!("{rel} is generated but not committed");
        };
        assert!(
            std::fs::read(path).unwrap() == std::fs::read(committed_path).unwrap(),
            "{rel} differs from the committed sample-data: regenerate it (README.md)"
        );
    }
    for rel in old.keys() {
        assert!(
            new.contains_key(rel),
            "{rel} is committed but no longer generated"
        );
    }
    // The sample names its sub-district (SPEC §9.4), and the config is read as such.
    let cfg = gridreport::config::Config::load(
        &committed.join("gridreport.toml"),
        gridreport::vocab::lang::Lang::Zh,
    )
    .unwrap();
    assert_eq!(cfg.name.as_deref(), Some("圭峰会城街道"));
}

#[test]
fn generated_xls_are_read_by_their_content() {
    let tmp = tempfile::TempDir::new().unwrap();
    gridreport::sample::write_sample(tmp.path(), 0.05, SEED).unwrap();
    let xls: Vec<PathBuf> = files(tmp.path())
        .into_iter()
        .filter(|(r, _)| r.ends_with(".xls"))
        .map(|(_, p)| p)
        .collect();
    assert_eq!(xls.len(), 2);
    for p in xls {
        let bytes = std::fs::read(&p).unwrap();
        assert!(bytes.starts_with(b"PK"), "{}", p.display());
        let wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert!(!wb.sheet_names().is_empty());
    }
}

#[test]
fn xls_files_open_and_hold_the_roster() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let xls: Vec<PathBuf> = files(&committed)
        .into_iter()
        .filter(|(r, _)| r.ends_with(".xls"))
        .map(|(_, p)| p)
        .collect();
    assert_eq!(xls.len(), 2);
    for p in xls {
        let mut wb = open_workbook_auto(&p).unwrap();
        let names = wb.sheet_names().to_vec();
        assert!(!names.is_empty());
        let range = wb.worksheet_range(&names[0]).unwrap();
        assert!(
            range.height() > 12,
            "{} has {} rows",
            p.display(),
            range.height()
        );
    }
}

#[test]
fn expected_figures_tell_the_story() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/expected.json");
    let e: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let t = &e["totals"];
    let f = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
    assert_eq!(e["as_of"], "2020-03-04");
    assert_eq!(f(t, "communities"), 20.0);
    assert!((f(t, "residents") - 320_000.0).abs() <= 3_200.0);
    assert_eq!(f(t, "workers"), 360.0);
    assert!((f(t, "worker_avg_age") - 36.5).abs() <= 0.2);
    assert!((f(t, "worker_female_share") - 0.73).abs() <= 0.01);
    assert!(f(t, "volunteers") > 1000.0);
    assert!((0.93..=0.97).contains(&f(t, "reporting_rate")));
    assert!((0.82..=0.90).contains(&f(t, "on_time_rate")));
    let communities = e["communities"].as_array().unwrap();
    for c in communities {
        assert!(
            (10_000.0..=40_000.0).contains(&f(c, "residents")),
            "{}",
            c["name"]
        );
        assert!(f(c, "workers") >= 12.0, "{}", c["name"]);
    }
    let cd = communities
        .iter()
        .find(|c| c["name"] == "城东社区")
        .unwrap();
    assert!((f(cd, "residents") - 40_000.0).abs() <= 1_000.0);
    assert!((770.0..780.0).contains(&f(cd, "buildings")));
    assert_eq!(f(cd, "households_gated"), 5_000.0);
    assert_eq!(f(cd, "households_unmanaged"), 8_000.0);
    assert!(communities.iter().any(|c| c["name"] == "贤洲社区"));
    let out: Vec<_> = e["big_grids"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["in_range"] == false)
        .collect();
    assert_eq!(out.len(), 1, "only the seeded big grid is out of range");
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = tempfile::TempDir::new().unwrap();
    let b = tempfile::TempDir::new().unwrap();
    let c = tempfile::TempDir::new().unwrap();
    gridreport::sample::write_sample(a.path(), 0.05, 7).unwrap();
    gridreport::sample::write_sample(b.path(), 0.05, 7).unwrap();
    gridreport::sample::write_sample(c.path(), 0.05, 8).unwrap();
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (rel, p) in &fa {
        assert!(
            std::fs::read(p).unwrap() == std::fs::read(&fb[rel]).unwrap(),
            "{rel}"
        );
    }
    let ea = std::fs::read(a.path().join("expected.json")).unwrap();
    let ec = std::fs::read(c.path().join("expected.json")).unwrap();
    assert_ne!(ea, ec);
    assert!(gridreport::sample::write_sample(a.path(), f64::NAN, 7).is_err());
}
