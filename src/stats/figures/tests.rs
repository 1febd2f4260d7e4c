//! SPEC §6: every figure of `FIGURES` on a small district worked out by hand, the big grids,
//! the days, and the daily period.

use super::*;
use crate::merge::community::resolve;
use crate::merge::dedupe::dedupe;
use crate::merge::structure::build;
use crate::model::record::Record;
use crate::model::test_records::{daily, date, grid, household, isolation, staff};
use crate::stats::figure::{Value, FIGURES};
use crate::vocab::lang::Lang;

/// Merge and compute, as the pipeline does after the row checks.
fn computed(rows: &[Record], as_of: &str, cfg: &Config) -> Computed {
    let view = Rows::from(rows);
    let mut issues = Vec::new();
    let communities = resolve(&view, cfg, Lang::En, &mut issues);
    let winners = dedupe(&view, Lang::En, &mut issues);
    let structure = build(&view, &winners, &communities, cfg, Lang::En, &mut issues);
    compute(&view, &winners, &structure, &communities, date(as_of), cfg)
}

/// Big grids of 2–3 households are in range.
fn cfg() -> Config {
    Config {
        big_grid_min: 2,
        big_grid_max: 3,
        ..Config::default()
    }
}

/// The district, as_of 2020-03-04 (rows as the checks leave them).
///
/// 城东社区: grid table 1/A1, 1/A2, 2/B1. Households H1 (1/A1, 3, gated, screened 03-01),
/// H2 (1/A1, 2, unmanaged, screened 03-04), H3 (1/A2, 4, other compound, not screened),
/// H4 (2/B1, 1, gated), a duplicate of H1, an excluded H9. Staff: workers 赵一 (woman, born
/// 1985-05-05: 34 on as_of although her age column says 50; big grid 1, no building: a
/// leader), 钱二 (man, age column 40), 孙三 (neither); informant 李四 (building A1); cadre
/// 周五 (big grid 2 *and* building B1: not a leader); police 吴六 (big grid 2, building B1:
/// police of grid 2); volunteer 郑七; other 王八. Daily, period 03-02…03-04: grid 1 on
/// 03-02 18:00 (on time; a later copy at 21:00 loses), 03-03 20:00 (on time: the deadline
/// is included), 03-04 20:01 (late); grid 2 on 03-03 without a time (late) and 03-05 (after
/// as_of); grid 9 on 03-02 (unknown); an excluded row on 03-01 (does not start the period).
/// Isolation: 甲 02-01…02-14 (completed), 乙 from 02-25 (active), 丙 from 02-10 (active,
/// overdue: 24 days), 丁 03-01…03-20 (active: the end is after as_of), 戊 from 03-10 (start
/// in the future: the total only).
///
/// 城西社区: one household (1/C1, 5, screened 03-05: after as_of, so not screened), no grid
/// table, no staff, no daily reports. 新会社区: a volunteer only. One excluded row without a
/// community cell.
fn district() -> Vec<Record> {
    use crate::model::values::Compound;
    use Compound::{Gated, Unmanaged};
    use Role::*;
    let e = "城东社区";
    let mut future = isolation(e, "戊", "2020-03-10");
    future.start_in_future = true;
    let rows = vec![
        grid(e, "1", "A1"),
        grid(e, "1", "A2"),
        grid(e, "2", "B1"),
        household(e, "1", "A1", "H1", 3)
            .compound(Gated)
            .screened("2020-03-01"),
        household(e, "1", "A1", "H2", 2)
            .compound(Unmanaged)
            .screened("2020-03-04"),
        household(e, "1", "A2", "H3", 4).compound(Compound::Other),
        household(e, "2", "B1", "H4", 1).compound(Gated),
        household(e, "1", "A1", "H1", 3)
            .compound(Gated)
            .screened("2020-03-01"),
        household(e, "1", "A1", "H9", 9).excluded(),
        staff(e, "赵一", Worker)
            .female()
            .born("1985-05-05")
            .age(50)
            .grid("1"),
        staff(e, "钱二", Worker).male().age(40),
        staff(e, "孙三", Worker),
        staff(e, "李四", Informant).building("A1"),
        staff(e, "周五", Cadre).grid("2").building("B1"),
        staff(e, "吴六", Police).grid("2").building("B1"),
        staff(e, "郑七", Volunteer),
        staff(e, "王八", Other),
        daily(e, "1", "2020-03-02")
            .submitted("2020-03-02 18:00")
            .counts(10, 1, 2, 0),
        daily(e, "1", "2020-03-02")
            .submitted("2020-03-02 21:00")
            .counts(99, 99, 99, 99),
        daily(e, "1", "2020-03-03")
            .submitted("2020-03-03 20:00")
            .counts(12, 0, 2, 1),
        daily(e, "1", "2020-03-04")
            .submitted("2020-03-04 20:01")
            .counts(8, 2, 1, 0),
        daily(e, "2", "2020-03-03").counts(5, 1, 0, 0),
        daily(e, "2", "2020-03-05")
            .submitted("2020-03-05 08:00")
            .counts(7, 7, 7, 7),
        daily(e, "9", "2020-03-02")
            .submitted("2020-03-02 08:00")
            .counts(6, 6, 6, 6),
        daily(e, "1", "2020-03-01").excluded(),
        isolation(e, "甲", "2020-02-01").end("2020-02-14"),
        isolation(e, "乙", "2020-02-25"),
        isolation(e, "丙", "2020-02-10"),
        isolation(e, "丁", "2020-03-01").end("2020-03-20"),
        future,
        household("城西社区", "1", "C1", "H1", 5).screened("2020-03-05"),
        staff("新会社区", "某人", Volunteer),
        household("", "1", "A1", "H1", 3).excluded(),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| r.at("a.xlsx", i as u32 + 2))
        .collect()
}

#[test]
fn every_figure_by_hand() {
    let c = computed(&district(), "2020-03-04", &cfg());
    let names: Vec<&str> = c.communities.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["城东社区", "城西社区", "新会社区"]);
    let n = |x: u64| Some(x as f64);
    let r = |x: f64| Some(x);
    let null: Option<f64> = None;
    // Every figure of summary.json, in its order: 城东社区, 城西社区, 新会社区, totals.
    #[rustfmt::skip]
    let want: [(&str, [Option<f64>; 4]); 34] = [
        ("households", [n(4), n(1), n(0), n(5)]),
        ("residents", [n(10), n(5), n(0), n(15)]),
        ("buildings", [n(3), n(1), n(0), n(4)]),
        ("big_grids", [n(2), n(1), n(0), n(3)]),
        ("households_gated", [n(2), n(0), n(0), n(2)]),
        ("households_unmanaged", [n(1), n(0), n(0), n(1)]),
        ("workers", [n(3), n(0), n(0), n(3)]),
        ("informants", [n(1), n(0), n(0), n(1)]),
        ("cadres", [n(1), n(0), n(0), n(1)]),
        ("police", [n(1), n(0), n(0), n(1)]),
        ("volunteers", [n(1), n(0), n(1), n(2)]),
        ("other_staff", [n(1), n(0), n(0), n(1)]),
        ("residents_per_worker", [r(10.0 / 3.0), null, null, r(5.0)]),
        ("households_per_worker", [r(4.0 / 3.0), null, null, r(5.0 / 3.0)]),
        ("households_per_big_grid", [r(2.0), r(1.0), null, r(5.0 / 3.0)]),
        ("big_grids_out_of_range", [n(1), n(1), n(0), n(2)]),
        ("screened_households", [n(2), n(0), n(0), n(2)]),
        ("screening_coverage", [r(0.5), r(0.0), null, r(0.4)]),
        ("buildings_with_informant", [n(1), n(0), n(0), n(1)]),
        ("informant_coverage", [r(1.0 / 3.0), r(0.0), null, r(0.25)]),
        ("big_grids_with_leader", [n(1), n(0), n(0), n(1)]),
        ("big_grids_with_police", [n(1), n(0), n(0), n(1)]),
        ("daily_expected", [n(6), n(3), n(0), n(9)]),
        ("daily_received", [n(4), n(0), n(0), n(4)]),
        ("daily_on_time", [n(2), n(0), n(0), n(2)]),
        ("reporting_rate", [r(4.0 / 6.0), r(0.0), null, r(4.0 / 9.0)]),
        ("on_time_rate", [r(2.0 / 6.0), r(0.0), null, r(2.0 / 9.0)]),
        ("isolation_total", [n(5), n(0), n(0), n(5)]),
        ("isolation_active", [n(3), n(0), n(0), n(3)]),
        ("isolation_completed", [n(1), n(0), n(0), n(1)]),
        ("isolation_overdue", [n(1), n(0), n(0), n(1)]),
        ("worker_avg_age", [r(37.0), null, null, r(37.0)]),
        ("worker_female_share", [r(0.5), null, null, r(0.5)]),
        ("rows_excluded", [n(2), n(0), n(0), n(3)]),
    ];
    for (def, (key, values)) in FIGURES.iter().zip(want) {
        assert_eq!(def.key, key, "the table above is in FIGURES order");
        let figures = c
            .communities
            .iter()
            .map(|c| &c.figures)
            .chain([&c.totals.figures]);
        for (f, want) in figures.zip(values) {
            let got = f.value(def.figure).number();
            let same = match (got, want) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-12,
                (a, b) => a == b,
            };
            assert!(same, "{key}: {got:?}, want {want:?}");
            // Counts are never null; ratios are null exactly without a denominator.
            if let Value::Count(_) = f.value(def.figure) {
                assert!(!def.is_ratio());
            }
        }
    }
    assert_eq!(c.totals.communities, 3);
    // The counts behind the worker means.
    let east = &c.communities[0].figures;
    assert_eq!(
        (
            east.worker_age_sum,
            east.workers_with_age,
            east.women_workers,
            east.workers_with_gender
        ),
        (74, 2, 1, 2)
    );
}

#[test]
fn big_grids_days_and_period() {
    let c = computed(&district(), "2020-03-04", &cfg());
    assert_eq!(
        (
            c.period.from.map(|d| d.to_string()),
            c.period.to.to_string(),
            c.period.days
        ),
        (Some("2020-03-02".to_string()), "2020-03-04".to_string(), 3)
    );
    // (community, big grid, households, residents, buildings, in range, leader, police,
    //  expected, received, on time)
    type Row<'a> = (
        &'a str,
        &'a str,
        u64,
        u64,
        u64,
        bool,
        bool,
        bool,
        u64,
        u64,
        u64,
    );
    let got: Vec<Row> = c
        .big_grids
        .iter()
        .map(|g| {
            (
                g.community.as_str(),
                g.big_grid.as_str(),
                g.households,
                g.residents,
                g.buildings,
                g.in_range,
                g.has_leader,
                g.has_police,
                g.daily_expected,
                g.daily_received,
                g.daily_on_time,
            )
        })
        .collect();
    #[rustfmt::skip]
    let want: Vec<Row> = vec![
        ("城东社区", "1", 3, 9, 2, true, true, false, 3, 3, 2),
        ("城东社区", "2", 1, 1, 1, false, false, true, 3, 1, 0),
        ("城西社区", "1", 1, 5, 1, false, false, false, 3, 0, 0),
    ];
    assert_eq!(got, want);
    // One entry per day of the period; sums over received (winning, known) reports only.
    let days: Vec<(String, u64, u64, u64, [u64; 4])> = c
        .daily
        .iter()
        .map(|d| {
            let sums = [
                d.households_visited,
                d.new_arrivals,
                d.under_isolation,
                d.fever,
            ];
            (d.date.to_string(), d.expected, d.received, d.on_time, sums)
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2020-03-02".to_string(), 3, 1, 1, [10, 1, 2, 0]),
            ("2020-03-03".to_string(), 3, 2, 1, [17, 1, 2, 1]),
            ("2020-03-04".to_string(), 3, 1, 0, [8, 2, 1, 0]),
        ]
    );
    use crate::stats::DayStatus::{Late, Missing, OnTime};
    let grid_days: Vec<(&str, &str, Vec<crate::stats::DayStatus>)> = c
        .grid_days
        .iter()
        .map(|g| (g.community.as_str(), g.big_grid.as_str(), g.days.clone()))
        .collect();
    assert_eq!(
        grid_days,
        [
            ("城东社区", "1", vec![OnTime, OnTime, Late]),
            ("城东社区", "2", vec![Missing, Late, Missing]),
            ("城西社区", "1", vec![Missing, Missing, Missing]),
        ]
    );
}

#[test]
fn the_deadline_comes_from_the_config() {
    let rows = vec![
        household("城东", "1", "A1", "H1", 3),
        daily("城东", "1", "2020-03-01").submitted("2020-03-01 23:00"),
        daily("城东", "1", "2020-03-02").submitted("2020-03-03 09:00"),
        daily("城东", "1", "2020-03-03").submitted("2020-03-03 07:00"),
    ];
    // (deadline in minutes after midnight of the report date, on time)
    for (minutes, on_time) in [(20 * 60, 1), (23 * 60, 2), (33 * 60, 3), (6 * 60, 0)] {
        let cfg = Config {
            daily_deadline_minutes: minutes,
            ..Config::default()
        };
        let c = computed(&rows, "2020-03-03", &cfg);
        assert_eq!(c.totals.figures.daily_received, 3);
        assert_eq!(c.totals.figures.daily_on_time, on_time, "{minutes}");
    }
}

/// (rows, daily_start, max_period_days, as_of, from, days)
type PeriodCase = (
    Vec<Record>,
    Option<&'static str>,
    u32,
    &'static str,
    Option<&'static str>,
    u32,
);

#[test]
fn periods() {
    let d = |day: &str| daily("城东", "1", day);
    #[rustfmt::skip]
    let cases: Vec<PeriodCase> = vec![
        // From the earliest report date of daily rows not excluded, to as_of.
        (vec![d("2020-03-02"), d("2020-02-20"), d("2020-03-04")], None, 366, "2020-03-04", Some("2020-02-20"), 14),
        (vec![d("2020-03-02"), d("2020-02-20").excluded()], None, 366, "2020-03-04", Some("2020-03-02"), 3),
        (vec![d("2020-03-04")], None, 366, "2020-03-04", Some("2020-03-04"), 1),
        // A report after as_of alone: the period is empty.
        (vec![d("2020-03-09")], None, 366, "2020-03-04", Some("2020-03-09"), 0),
        // daily_start wins, even without daily rows.
        (vec![d("2020-02-20")], Some("2020-03-01"), 366, "2020-03-04", Some("2020-03-01"), 4),
        (vec![household("城东", "1", "A1", "H1", 3)], Some("2020-02-01"), 366, "2020-03-04", Some("2020-02-01"), 33),
        // No daily rows, no daily_start: no period.
        (vec![household("城东", "1", "A1", "H1", 3)], None, 366, "2020-03-04", None, 0),
        (vec![d("2020-03-01").excluded()], None, 366, "2020-03-04", None, 0),
        // At most 2 × max_period_days + 1 days, the latest ones.
        (vec![d("2019-01-01")], None, 10, "2020-03-04", Some("2020-02-13"), 21),
        (vec![d("2020-02-13")], None, 10, "2020-03-04", Some("2020-02-13"), 21),
        (vec![d("2020-02-12")], None, 10, "2020-03-04", Some("2020-02-13"), 21),
        (vec![], Some("1900-01-01"), 0, "2020-03-04", Some("2020-03-04"), 1),
    ];
    for (rows, start, max, as_of, from, days) in cases {
        let cfg = Config {
            daily_start: start.map(date),
            max_period_days: max,
            ..Config::default()
        };
        let got = period(&Rows::from(&rows[..]), date(as_of), &cfg);
        assert_eq!(got, (from.map(date), days), "{rows:?} {start:?} {max}");
    }
}

#[test]
fn without_daily_reports_nothing_is_expected_and_rates_are_null() {
    let rows = vec![
        household("城东社区", "1", "A1", "H1", 3),
        household("城东社区", "2", "A2", "H2", 3),
    ];
    let c = computed(&rows, "2020-03-04", &Config::default());
    assert_eq!(
        (c.period.from, c.period.to.to_string(), c.period.days),
        (None, "2020-03-04".to_string(), 0)
    );
    let f = &c.totals.figures;
    assert_eq!((f.daily_expected, f.daily_received, f.big_grids), (0, 0, 2));
    assert_eq!((f.reporting_rate, f.on_time_rate), (None, None));
    assert!(c.daily.is_empty());
    assert!(c.grid_days.iter().all(|g| g.days.is_empty()));
}

#[test]
fn an_empty_input_has_no_communities_and_null_ratios() {
    let c = computed(&[], "2020-03-04", &Config::default());
    assert!(c.communities.is_empty() && c.big_grids.is_empty());
    assert_eq!(c.totals.communities, 0);
    for def in FIGURES.iter().filter(|d| d.is_ratio()) {
        assert_eq!(
            c.totals.figures.value(def.figure),
            Value::Ratio(None),
            "{}",
            def.key
        );
    }
}

#[test]
fn reports_outside_the_period_are_not_received() {
    let rows = vec![
        household("城东", "1", "A1", "H1", 3),
        daily("城东", "1", "2020-03-01").submitted("2020-03-01 08:00"),
        daily("城东", "1", "2020-03-02").submitted("2020-03-02 08:00"),
        daily("城东", "1", "2020-03-05").submitted("2020-03-05 08:00"),
    ];
    let cfg = Config {
        daily_start: Some(date("2020-03-02")),
        ..Config::default()
    };
    let c = computed(&rows, "2020-03-04", &cfg);
    let f = &c.totals.figures;
    assert_eq!(
        (
            c.period.days,
            f.daily_expected,
            f.daily_received,
            f.daily_on_time
        ),
        (3, 3, 1, 1)
    );
    let received: Vec<u64> = c.daily.iter().map(|d| d.received).collect();
    assert_eq!(received, [1, 0, 0]);
}
