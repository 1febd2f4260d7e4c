//! SPEC §6 `as_of`, and §9.3: computed without the dates outside the window.

use super::*;
use crate::model::record::Record;
use crate::model::test_records::{daily, date, household, isolation, staff};
use crate::model::values::Role;

fn at(rows: &[Record], given: Option<&str>, window: Option<(&str, &str)>) -> NaiveDate {
    let window = window.map(|(from, to)| Window {
        from: date(from),
        to: date(to),
    });
    as_of(&Rows::from(rows), given.map(date), window)
}

/// (rows, --as-of, window, as_of)
type Case = (
    Vec<Record>,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
    &'static str,
);

#[test]
fn as_of_rules_in_order() {
    let d = |s: &str| daily("城东", "1", s);
    let hh = |s: &str| household("城东", "1", "A1", "H1", 3).screened(s);
    let iso = |s: &str| isolation("城东", "甲", s);
    let w = Some(("2020-01-01", "2020-12-31"));
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        // --as-of wins over everything.
        (vec![d("2020-03-04")], Some("2020-02-01"), None, "2020-02-01"),
        (vec![], Some("2020-02-01"), None, "2020-02-01"),
        // The latest report date of daily rows not excluded …
        (vec![d("2020-03-01"), d("2020-03-04"), d("2020-03-02")], None, None, "2020-03-04"),
        (vec![d("2020-03-01"), d("2020-03-09").excluded()], None, None, "2020-03-01"),
        // … even when screenings or isolation starts are later.
        (vec![d("2020-03-01"), hh("2020-03-09"), iso("2020-03-10")], None, None, "2020-03-01"),
        // … and none outside the window (a typo cannot move it).
        (vec![d("2020-03-01"), d("2202-02-01"), d("9999-12-31")], None, w, "2020-03-01"),
        // Else the latest screening or isolation start of rows not excluded.
        (vec![hh("2020-03-02"), iso("2020-03-03")], None, None, "2020-03-03"),
        (vec![hh("2020-03-05"), iso("2020-03-03")], None, None, "2020-03-05"),
        (vec![hh("2020-03-02"), iso("2020-03-09").excluded()], None, None, "2020-03-02"),
        (vec![hh("2020-03-02"), hh("2202-03-02")], None, w, "2020-03-02"),
        (vec![d("2202-02-01"), hh("2020-03-02")], None, w, "2020-03-02"),
        (vec![d("2020-03-09").excluded(), iso("2020-03-03")], None, None, "2020-03-03"),
        // Birth dates and isolation ends do not count.
        (vec![hh("2020-03-02"), staff("城东", "赵一", Role::Worker).born("2020-03-10"),
              iso("2020-02-01").end("2020-03-20")], None, None, "2020-03-02"),
    ];
    for (rows, given, window, want) in cases {
        assert_eq!(at(&rows, given, window), date(want), "{rows:?}");
    }
}

#[test]
fn without_any_date_it_is_today() {
    // Today in UTC, or the day of SOURCE_DATE_EPOCH (read, never set, here).
    let rows = vec![
        household("城东", "1", "A1", "H1", 3),
        staff("城东", "赵一", Role::Worker),
        daily("城东", "1", "2020-03-01").excluded(),
    ];
    assert_eq!(at(&rows, None, None), today());
    assert_eq!(at(&[], None, None), today());
    let outside = vec![daily("城东", "1", "2202-02-01")];
    assert_eq!(
        at(&outside, None, Some(("2020-01-01", "2020-12-31"))),
        today()
    );
}
