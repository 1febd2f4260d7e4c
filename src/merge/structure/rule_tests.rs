//! SPEC §5 structure: buildings per community and per big grid, `building_multiple_grids`,
//! `not_in_grid_table`, `unknown_grid`, `community_without_households`, `big_grid_size` —
//! on the winning rows only.

use super::*;
use crate::merge::community::resolve;
use crate::merge::dedupe::dedupe;
use crate::model::record::Record;
use crate::model::test_records::{daily, grid, household, id_number, isolation, staff};
use crate::model::values::Role;
use crate::vocab::issue::Severity;

/// Big grids and buildings small enough for `big_grid_size` to stay quiet.
fn quiet() -> Config {
    Config {
        big_grid_min: 0,
        big_grid_max: 1000,
        ..Config::default()
    }
}

/// The rows of one file from row 2; the structure and the structure issues only.
fn built(rows: Vec<Record>, cfg: &Config) -> (Vec<Record>, Structure, Vec<Issue>) {
    let rows: Vec<Record> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.at("a.xlsx", i as u32 + 2))
        .collect();
    let view = Rows::from(&rows[..]);
    let mut other = Vec::new();
    let communities = resolve(&view, cfg, Lang::En, &mut other);
    let winners = dedupe(&view, Lang::En, &mut other);
    let mut issues = Vec::new();
    let s = build(&view, &winners, &communities, cfg, Lang::En, &mut issues);
    (rows, s, issues)
}

/// (rule, row, cell) of each issue.
fn places(issues: &[Issue]) -> Vec<(Rule, u32, String)> {
    issues
        .iter()
        .map(|i| {
            (
                i.rule,
                i.row.unwrap_or(0),
                i.cell.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn layout(s: &Structure, key: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let l = &s.layouts[key];
    (
        l.big_grids
            .iter()
            .map(|(g, b)| (g.clone(), b.iter().cloned().collect()))
            .collect(),
        l.buildings.iter().cloned().collect(),
    )
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn big_grids_and_buildings_come_from_grids_and_household_rows() {
    let (_, s, issues) = built(
        vec![
            grid("城东", "1", "A1"),
            grid("城东", "1", "A2"),
            household("城东社区", "1", "A1", "H1", 3),
            household("城东", "2", "B1", "H2", 3),
            // Staff, isolation and daily rows add nothing to the structure.
            staff("城东", "赵一", Role::Worker).grid("1"),
            daily("城东", "1", "2020-03-01"),
            household("城西", "1", "C1", "H1", 3),
        ],
        &quiet(),
    );
    let (grids, buildings) = layout(&s, "城东");
    assert_eq!(
        grids,
        [
            ("1".to_string(), strings(&["A1", "A2"])),
            ("2".to_string(), strings(&["B1"]))
        ]
    );
    assert_eq!(buildings, strings(&["A1", "A2", "B1"]));
    assert_eq!(layout(&s, "城西").1, strings(&["C1"]));
    // B1 is not in 城东's grid table.
    assert_eq!(
        places(&issues),
        [(Rule::NotInGridTable, 5, "C5".to_string())]
    );
    assert!(s.unknown.is_empty());
}

#[test]
fn a_building_under_two_big_grids_counts_once_in_the_community_and_once_in_each() {
    let (_, s, issues) = built(
        vec![
            grid("城东", "1", "A1"),
            household("城东", "1", "A1", "H1", 3),
            household("城东", "2", "A1", "H2", 3),
            household("城东", "3", "A1", "H3", 3),
            household("城东", "2", "A1", "H4", 3),
            household("城东", "2", "A2", "H5", 3),
        ],
        &quiet(),
    );
    let (grids, buildings) = layout(&s, "城东");
    assert_eq!(buildings, strings(&["A1", "A2"]));
    assert_eq!(
        grids,
        [
            ("1".to_string(), strings(&["A1"])),
            ("2".to_string(), strings(&["A1", "A2"])),
            ("3".to_string(), strings(&["A1"])),
        ]
    );
    // One building_multiple_grids per building, at the first row naming it under a
    // second big grid; not_in_grid_table at every household not in the table.
    let mut got = places(&issues);
    got.sort();
    let want = [
        (Rule::NotInGridTable, 4, "C4"),
        (Rule::NotInGridTable, 5, "C5"),
        (Rule::NotInGridTable, 6, "C6"),
        (Rule::NotInGridTable, 7, "C7"),
        (Rule::BuildingMultipleGrids, 4, "C4"),
    ];
    let mut want: Vec<(Rule, u32, String)> = want
        .iter()
        .map(|&(r, n, c)| (r, n, c.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want);
    let multiple = issues
        .iter()
        .find(|i| i.rule == Rule::BuildingMultipleGrids)
        .map(|i| i.message.as_str());
    assert_eq!(
        multiple,
        Some("building 'A1' is under big grid '1' and also under '2': a building belongs to one big grid; check it")
    );
}

#[test]
fn not_in_grid_table_only_where_the_community_has_a_grid_table() {
    // (rows, rows warned)
    #[rustfmt::skip]
    let cases: Vec<(Vec<Record>, Vec<u32>)> = vec![
        (vec![household("城东", "1", "A1", "H1", 3)], vec![]),
        (vec![grid("城东", "1", "A1"), household("城东", "1", "A1", "H1", 3)], vec![]),
        (vec![grid("城东", "1", "A1"), household("城东", "1", "A9", "H1", 3)], vec![3]),
        // The pair counts: A1 under big grid 2 is not in the table.
        (vec![grid("城东", "1", "A1"), household("城东", "2", "A1", "H1", 3)], vec![3]),
        // Another community's table does not count.
        (vec![grid("城西", "1", "A1"), household("城东", "1", "A9", "H1", 3)], vec![]),
        // Only the winning row of a household counts.
        (vec![grid("城东", "1", "A1"), household("城东", "1", "A1", "H1", 3).screened("2020-03-02"),
              household("城东", "1", "A9", "H1", 3).screened("2020-03-01")], vec![]),
        (vec![grid("城东", "1", "A1"), household("城东", "1", "A1", "H1", 3).screened("2020-03-01"),
              household("城东", "1", "A9", "H1", 3).screened("2020-03-02")], vec![4]),
        // Excluded rows are not in the structure.
        (vec![grid("城东", "1", "A1"), household("城东", "1", "A9", "H1", 3).excluded()], vec![]),
    ];
    for (rows, warned) in cases {
        let (_, _, issues) = built(rows, &quiet());
        let got: Vec<u32> = issues
            .iter()
            .filter(|i| i.rule == Rule::NotInGridTable)
            .map(|i| i.row.unwrap_or(0))
            .collect();
        assert_eq!(got, warned);
        assert!(issues.iter().all(|i| i.severity == Severity::Warning));
    }
}

#[test]
fn staff_isolation_and_daily_rows_naming_an_unknown_grid() {
    let structure = || {
        vec![
            grid("城东", "1", "A1"),
            household("城东", "2", "B1", "H1", 3),
        ]
    };
    let worker = || staff("城东", "赵一", Role::Worker);
    // (row, cell warned: the big grid's, or the building's when only it is unknown)
    #[rustfmt::skip]
    let cases: Vec<(Record, Option<&str>)> = vec![
        (worker(), None),
        (worker().grid("1"), None),
        (worker().grid("2").building("B1"), None),
        (worker().building("A1"), None),
        (worker().grid("9"), Some("G4")),
        (worker().grid("9").building("A1"), Some("G4")),
        (worker().grid("1").building("B1"), Some("H4")),
        (worker().building("Z9"), Some("H4")),
        (isolation("城东", "甲", "2020-02-20").grid("9"), Some("E4")),
        (isolation("城东", "甲", "2020-02-20").grid("1").building("A1"), None),
        (isolation("城东", "甲", "2020-02-20").building("A9"), Some("F4")),
        (daily("城东", "1", "2020-03-01"), None),
        (daily("城东", "2", "2020-03-01"), None),
        (daily("城东", "9", "2020-03-01"), Some("C4")),
        // A community without any structure: every grid is unknown.
        (daily("城西", "1", "2020-03-01"), Some("C4")),
        (staff("城西", "钱二", Role::Police).grid("1"), Some("G4")),
        (staff("城西", "钱二", Role::Volunteer), None),
    ];
    for (row, cell) in cases {
        let what = format!("{:?} {:?} {:?}", row.kind, row.big_grid, row.building);
        let mut rows = structure();
        rows.push(row);
        let (rows, s, issues) = built(rows, &quiet());
        let unknown: Vec<(Rule, u32, String)> = places(&issues)
            .into_iter()
            .filter(|i| i.0 == Rule::UnknownGrid)
            .collect();
        match cell {
            Some(c) => {
                assert_eq!(unknown, [(Rule::UnknownGrid, 4, c.to_string())], "{what}");
                // The row is marked (a daily one then does not count as received).
                let view = Rows::from(&rows[..]);
                let marked: Vec<u32> = s.unknown.iter().map(|&i| view[i].loc.row).collect();
                assert_eq!(marked, [4], "{what}");
            }
            None => {
                assert!(unknown.is_empty(), "{what}: {unknown:?}");
                assert!(s.unknown.is_empty());
            }
        }
    }
}

#[test]
fn unknown_grid_is_checked_on_winning_rows_only() {
    let id = id_number("44070319800101123");
    let (_, s, issues) = built(
        vec![
            household("城东", "1", "A1", "H1", 3),
            staff("城东", "赵一", Role::Worker).id(&id).grid("1"),
            // The same person again (the first row wins): its grid is not checked.
            staff("城东", "赵壹", Role::Worker).id(&id).grid("9"),
            // The later of two daily reports wins when it was submitted first.
            daily("城东", "9", "2020-03-01").submitted("2020-03-01 21:00"),
            daily("城东", "9", "2020-03-01").submitted("2020-03-01 19:00"),
            // Excluded rows take no part.
            daily("城东", "8", "2020-03-01").excluded(),
        ],
        &quiet(),
    );
    assert_eq!(places(&issues), [(Rule::UnknownGrid, 6, "C6".to_string())]);
    assert_eq!(s.unknown.len(), 1);
}

#[test]
fn communities_without_households() {
    let (_, _, issues) = built(
        vec![
            household("城东社区", "1", "A1", "H1", 3),
            grid("城西社区", "1", "B1"),
            staff("新会社区", "某人", Role::Volunteer),
            // Only an excluded row: not a community at all.
            staff("河南社区", "某人", Role::Volunteer).excluded(),
            // Households that are all excluded do not count.
            household("河北社区", "1", "A1", "H1", 3).excluded(),
            staff("河北社区", "某人", Role::Volunteer),
        ],
        &quiet(),
    );
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = issues
        .iter()
        .map(|i| {
            assert_eq!(i.rule, Rule::CommunityWithoutHouseholds);
            assert_eq!(i.severity, Severity::Warning);
            (
                i.community.as_deref(),
                i.file.as_deref(),
                i.community_key.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("城西社区"), None, Some("城西")),
            (Some("新会社区"), None, Some("新会")),
            (Some("河北社区"), None, Some("河北")),
        ]
    );
}

#[test]
fn big_grid_size_against_the_configured_range() {
    let cfg = Config {
        big_grid_min: 2,
        big_grid_max: 3,
        ..Config::default()
    };
    let hh = |g: &str, id: &str| household("城东", g, "A1", id, 3);
    let (_, _, issues) = built(
        vec![
            // Big grid 1: 1 household; 2: 2; 3: 3; 4: 4; 5: only in the grid table (0).
            hh("1", "H1"),
            hh("2", "H2"),
            hh("2", "H3"),
            hh("3", "H4"),
            hh("3", "H5"),
            hh("3", "H6"),
            hh("4", "H7"),
            hh("4", "H8"),
            hh("4", "H9"),
            hh("4", "H10"),
            // A duplicate counts once.
            hh("3", "H6"),
            grid("城东", "5", "A5"),
        ],
        &cfg,
    );
    let sizes: Vec<&str> = issues
        .iter()
        .filter(|i| i.rule == Rule::BigGridSize)
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        sizes,
        [
            "big grid '1' has 1 households, outside 2–3: check the grid division",
            "big grid '4' has 4 households, outside 2–3: check the grid division",
            "big grid '5' has 0 households, outside 2–3: check the grid division",
        ]
    );
    assert!(issues
        .iter()
        .filter(|i| i.rule == Rule::BigGridSize)
        .all(|i| i.file.is_none() && i.cell.is_none() && i.community.as_deref() == Some("城东")));
}
