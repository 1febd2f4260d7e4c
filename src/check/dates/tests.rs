//! SPEC §5 `date_in_future`, `isolation_short` and `isolation_overdue`, row by row.

use super::*;
use crate::model::test_records::{daily, date, grid, household, isolation, staff};
use crate::model::values::Role;
use crate::vocab::issue::Severity;

fn check_with(mut r: Record, cfg: &Config) -> (Record, Vec<Issue>) {
    let mut issues = Vec::new();
    check_dates(&mut r, date("2020-03-04"), cfg, Lang::En, &mut issues);
    (r, issues)
}

fn check(r: Record) -> (Record, Vec<Issue>) {
    check_with(r, &Config::default())
}

fn cells(issues: &[Issue]) -> Vec<(Rule, &str)> {
    issues
        .iter()
        .map(|i| (i.rule, i.cell.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn a_screening_after_as_of_is_in_the_future_and_missing() {
    // (screened on, kept, issue)
    for (on, kept, future) in [
        ("2020-03-03", true, false),
        ("2020-03-04", true, false),
        ("2020-03-05", false, true),
        ("2021-01-01", false, true),
    ] {
        let (r, issues) = check(household("城东", "1", "A1", "H1", 3).screened(on));
        assert_eq!(r.screened_on, kept.then(|| date(on)), "{on}");
        let want: Vec<(Rule, &str)> = if future {
            vec![(Rule::DateInFuture, "K2")]
        } else {
            vec![]
        };
        assert_eq!(cells(&issues), want, "{on}");
        assert!(issues
            .iter()
            .all(|i| i.severity == Severity::Warning && i.value.as_deref() == Some(on)));
    }
}

/// Issues expected: (rule, cell).
type Cells = Vec<(Rule, &'static str)>;

#[test]
fn isolation_start_end_and_length() {
    let iso = |start: &str| isolation("城东", "甲", start);
    // as_of 2020-03-04, 14 days: (row, issues at cells, start in the future)
    #[rustfmt::skip]
    let cases: Vec<(Record, Cells, bool)> = vec![
        // Ended: short when end − start + 1 < 14.
        (iso("2020-02-20").end("2020-03-04"), vec![], false),
        (iso("2020-02-20").end("2020-03-03"), vec![(Rule::IsolationShort, "D2")], false),
        (iso("2020-02-20").end("2020-02-20"), vec![(Rule::IsolationShort, "D2")], false),
        // A planned end after as_of is no issue, unless it is short.
        (iso("2020-03-01").end("2020-03-14"), vec![], false),
        (iso("2020-03-01").end("2020-03-10"), vec![(Rule::IsolationShort, "D2")], false),
        // Not ended: overdue when as_of − start + 1 > 14.
        (iso("2020-02-20"), vec![], false),
        (iso("2020-02-19"), vec![(Rule::IsolationOverdue, "C2")], false),
        (iso("2020-01-01"), vec![(Rule::IsolationOverdue, "C2")], false),
        (iso("2020-03-04"), vec![], false),
        // A start after as_of gets only date_in_future (and counts in the total only).
        (iso("2020-03-05"), vec![(Rule::DateInFuture, "C2")], true),
        (iso("2020-03-05").end("2020-03-06"), vec![(Rule::DateInFuture, "C2")], true),
        // An excluded row (end before start) gets neither length check.
        (iso("2020-02-20").end("2020-02-10").excluded(), vec![], false),
        (iso("2020-01-01").excluded(), vec![], false),
    ];
    for (row, want, future) in cases {
        let what = format!("{:?} {:?} {}", row.start, row.end, row.excluded);
        let (r, issues) = check(row);
        assert_eq!(cells(&issues), want, "{what}");
        assert_eq!(r.start_in_future, future, "{what}");
        assert!(r.start.is_some(), "the start is kept: {what}");
        assert!(issues.iter().all(|i| i.severity == Severity::Warning));
    }
}

#[test]
fn isolation_days_come_from_the_config() {
    let cfg = Config {
        isolation_days: 7,
        ..Config::default()
    };
    let iso = |start: &str| isolation("城东", "甲", start);
    // (row, issues) with 7 days
    for (row, want) in [
        (iso("2020-02-20").end("2020-02-26"), vec![]),
        (
            iso("2020-02-20").end("2020-02-25"),
            vec![Rule::IsolationShort],
        ),
        (iso("2020-02-27"), vec![]),
        (iso("2020-02-26"), vec![Rule::IsolationOverdue]),
    ] {
        let (_, issues) = check_with(row, &cfg);
        let got: Vec<Rule> = issues.iter().map(|i| i.rule).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn messages_give_the_days_and_the_fix() {
    let (_, issues) = check(isolation("城东", "甲", "2020-02-20").end("2020-02-29"));
    assert_eq!(
        issues[0].message,
        "isolation lasted 10 days (2020-02-20 to 2020-02-29), fewer than 14: check the end date"
    );
    let (_, issues) = check(isolation("城东", "甲", "2020-02-01"));
    assert_eq!(
        issues[0].message,
        "isolated since 2020-02-01, 33 days, more than 14 and no end date: fill in the end date or check"
    );
    let mut zh = Vec::new();
    let mut r = household("城东", "1", "A1", "H1", 3).screened("2020-03-09");
    check_dates(
        &mut r,
        date("2020-03-04"),
        &Config::default(),
        Lang::Zh,
        &mut zh,
    );
    assert_eq!(
        zh[0].message,
        "排查日期 2020-03-09 晚于统计日期 2020-03-04，按空值处理：请核对"
    );
}

#[test]
fn other_kinds_have_no_date_checks_here() {
    // Daily rows after as_of are outside the period; birth dates are checked with the id.
    for r in [
        daily("城东", "1", "2020-03-09"),
        staff("城东", "赵一", Role::Worker).born("2030-01-01"),
        grid("城东", "1", "A1"),
    ] {
        let before = format!("{r:?}");
        let (r, issues) = check(r);
        assert!(issues.is_empty());
        assert_eq!(format!("{r:?}"), before);
    }
}
