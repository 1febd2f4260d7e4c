//! `SOURCE_DATE_EPOCH` sets the workbooks' creation time (a test binary of its own: it sets
//! the environment of its process).

use std::collections::BTreeMap;
use std::io::Read;

use gridreport::config::Config;
use gridreport::render::xlsx::write_workbooks;
use gridreport::stats::{Figures, IssueSummary, Period, Report, Summary, Totals};
use gridreport::vocab::lang::Lang;

fn core_xml(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    core
}

#[test]
fn source_date_epoch_is_the_creation_time() {
    let report = Report {
        summary: Summary {
            schema: 1,
            name: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
            period: Period {
                from: None,
                to: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
                days: 0,
            },
            totals: Totals {
                communities: 0,
                figures: Figures::default(),
            },
            communities: vec![],
            big_grids: vec![],
            daily: vec![],
            files: vec![],
            issues: IssueSummary {
                errors: 0,
                warnings: 0,
                infos: 0,
                by_rule: BTreeMap::new(),
                list: vec![],
            },
            changes: None,
        },
        grid_days: vec![],
        history: Default::default(),
    };
    let dir = tempfile::TempDir::new().unwrap();
    std::env::set_var("SOURCE_DATE_EPOCH", "1583020800"); // 2020-03-01T00:00:00Z
    write_workbooks(&report, &Config::default(), Lang::Zh, dir.path()).unwrap();
    let core = core_xml(&dir.path().join("report.xlsx"));
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2020-03-01T00:00:00Z"),
        "{core}"
    );

    std::env::set_var("SOURCE_DATE_EPOCH", "not a number");
    write_workbooks(&report, &Config::default(), Lang::Zh, dir.path()).unwrap();
    let core = core_xml(&dir.path().join("report.xlsx"));
    assert!(
        core.contains("2020-03-04T00:00:00Z"),
        "an invalid value falls back to as_of: {core}"
    );
    std::env::remove_var("SOURCE_DATE_EPOCH");
}
