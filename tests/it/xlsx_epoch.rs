//! `SOURCE_DATE_EPOCH` sets the workbooks' creation time. The variable is given to the real
//! binary's process (never set in this one: every test module shares it).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::common::*;

fn core_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    core
}

/// `build --as-of 2020-03-04` of a one-row register with `SOURCE_DATE_EPOCH` set to `epoch`;
/// the `core.xml` of `report.xlsx`.
fn built_with_epoch(dir: &Path, epoch: &str) -> String {
    let input = dir.join("in");
    let out = dir.join("out");
    write_xlsx(
        &input.join("住户.xlsx"),
        vec![sheet(
            "Sheet1",
            table(&["社区|大网格|楼栋|户号|人数", "城东社区|#1|A1|H001|#3"]),
        )],
    );
    let o = Command::new(bin())
        .args([
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--as-of", "2020-03-04", "--quiet"])
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    core_xml(&out.join("report.xlsx"))
}

#[test]
fn source_date_epoch_is_the_creation_time() {
    let dir = tempfile::TempDir::new().unwrap();
    let core = built_with_epoch(dir.path(), "1583020800"); // 2020-03-01T00:00:00Z
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2020-03-01T00:00:00Z"),
        "{core}"
    );

    let core = built_with_epoch(dir.path(), "not a number");
    assert!(
        core.contains("2020-03-04T00:00:00Z"),
        "an invalid value falls back to as_of: {core}"
    );
}
