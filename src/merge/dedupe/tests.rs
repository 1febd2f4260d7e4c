//! SPEC §5 merging: the key of each kind, the duplicate issues at the later rows, and the
//! winner of each key.

use super::*;
use crate::model::test_records::{daily, grid, household, id_number, isolation, staff};
use crate::vocab::issue::Severity;

/// The rows in one file, numbered from row 2 in the order given.
fn numbered(rows: Vec<Record>) -> Vec<Record> {
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| r.at("a.xlsx", i as u32 + 2))
        .collect()
}

/// The winners (by row number, every kind in processing order) and the issues (rule,
/// severity, cell) of deduplicating `rows`.
fn run(rows: Vec<Record>) -> (Vec<u32>, Vec<(Rule, Severity, String)>) {
    let rows = numbered(rows);
    let view = Rows::from(&rows[..]);
    let mut issues = Vec::new();
    let w = dedupe(&view, Lang::En, &mut issues);
    let mut winners: Vec<RowId> = [w.households, w.staff, w.isolation, w.daily, w.grids].concat();
    winners.sort_unstable();
    let rows: Vec<u32> = winners.iter().map(|&i| view[i].loc.row).collect();
    let issues = issues
        .into_iter()
        .map(|i| (i.rule, i.severity, i.cell.unwrap_or_default()))
        .collect();
    (rows, issues)
}

/// Rows from row 2, the winning rows, and the issues (rule, cell) at the later rows.
type Case = (Vec<Record>, Vec<u32>, Vec<(Rule, &'static str)>);

fn issue(rule: Rule, cell: &str) -> (Rule, Severity, String) {
    (rule, rule.severity(), cell.to_string())
}

#[test]
fn households_by_community_and_household_id_the_later_screening_wins() {
    let h = |c: &str, id: &str| household(c, "1", "A1", id, 3);
    use Rule::{DuplicateRow as Dup, HouseholdConflict as Conflict};
    // (rows from row 2, winning rows, issues at the later rows' household_id cells)
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        // Identical (spellings of one community are one key): counted once, info.
        (vec![h("城东社区", "H1"), h("城东", "H1")], vec![2], vec![(Dup, "D3")]),
        // Other communities or households: no duplicates.
        (vec![h("城东社区", "H1"), h("城西社区", "H1"), h("城东社区", "H2")], vec![2, 3, 4], vec![]),
        // Differing: a conflict; no screening on either: a tie, the first wins.
        (vec![h("城东", "H1"), h("城东", "H1").members(4)], vec![2], vec![(Conflict, "D3")]),
        // The later screening wins; a missing one is the earliest.
        (vec![h("城东", "H1").screened("2020-03-01"), h("城东", "H1").screened("2020-03-02")], vec![3], vec![(Conflict, "D3")]),
        (vec![h("城东", "H1").screened("2020-03-02"), h("城东", "H1").screened("2020-03-01")], vec![2], vec![(Conflict, "D3")]),
        (vec![h("城东", "H1"), h("城东", "H1").screened("2020-03-01")], vec![3], vec![(Conflict, "D3")]),
        (vec![h("城东", "H1").screened("2020-03-01"), h("城东", "H1")], vec![2], vec![(Conflict, "D3")]),
        // The same screening day: the first wins.
        (vec![h("城东", "H1").screened("2020-03-01"), h("城东", "H1").screened("2020-03-01").members(5)], vec![2], vec![(Conflict, "D3")]),
        // Three rows: each later row is compared with the first; the latest screening wins.
        (vec![h("城东", "H1").screened("2020-02-01"), h("城东", "H1").screened("2020-03-01"), h("城东", "H1").screened("2020-02-15")],
            vec![3], vec![(Conflict, "D3"), (Conflict, "D4")]),
        (vec![h("城东", "H1"), h("城东", "H1"), h("城东", "H1").members(9)], vec![2], vec![(Dup, "D3"), (Conflict, "D4")]),
        // Excluded rows take no part.
        (vec![h("城东", "H1").excluded(), h("城东", "H1").members(9)], vec![3], vec![]),
        (vec![h("城东", "H1"), h("城东", "H1").screened("2020-03-09").excluded()], vec![2], vec![]),
    ];
    for (rows, winners, issues) in cases {
        let what = format!(
            "{:?}",
            rows.iter()
                .map(|r| (&r.community, r.screened_on, r.members))
                .collect::<Vec<_>>()
        );
        let (w, got) = run(rows);
        assert_eq!(w, winners, "{what}");
        let want: Vec<_> = issues.into_iter().map(|(r, c)| issue(r, c)).collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn staff_by_valid_id_else_by_name_and_role_the_first_wins() {
    let id_a = id_number("44070319800101123");
    let id_b = id_number("44070319880203124");
    let s = |name: &str, role: Role| staff("城东", name, role);
    use Role::{Volunteer, Worker};
    use Rule::{DuplicateRow as Dup, StaffConflict as Conflict};
    // (rows, winners, issues: at the id cell when the key is the id, else at the name cell)
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        (vec![s("赵一", Worker).id(&id_a), s("赵一", Worker).id(&id_a)], vec![2], vec![(Dup, "I3")]),
        // One id, other names or roles: one person; the first row wins.
        (vec![s("赵一", Worker).id(&id_a), s("赵壹", Volunteer).id(&id_a)], vec![2], vec![(Conflict, "I3")]),
        (vec![s("赵一", Worker).id(&id_a), s("赵一", Worker).id(&id_b)], vec![2, 3], vec![]),
        // Without a valid id: name and role.
        (vec![s("赵一", Worker), s("赵一", Worker)], vec![2], vec![(Dup, "B3")]),
        (vec![s("赵一", Worker), s("赵一", Worker).grid("2")], vec![2], vec![(Conflict, "B3")]),
        (vec![s("赵一", Worker), s("赵一", Volunteer)], vec![2, 3], vec![]),
        (vec![s("赵一", Worker), s("钱二", Worker)], vec![2, 3], vec![]),
        (vec![s("赵一", Worker).id("440703199001011230"), s("赵一", Worker)], vec![2], vec![(Dup, "B3")]),
        // A valid id and no id are different keys.
        (vec![s("赵一", Worker).id(&id_a), s("赵一", Worker)], vec![2, 3], vec![]),
        (vec![s("赵一", Worker).excluded(), s("赵一", Worker).grid("2")], vec![3], vec![]),
    ];
    for (rows, winners, issues) in cases {
        let what = format!(
            "{:?}",
            rows.iter()
                .map(|r| (&r.name, r.role, r.valid_id()))
                .collect::<Vec<_>>()
        );
        let (w, got) = run(rows);
        assert_eq!(w, winners, "{what}");
        let want: Vec<_> = issues.into_iter().map(|(r, c)| issue(r, c)).collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn isolation_by_id_or_name_and_start_the_first_wins() {
    let id_a = id_number("44070319800101123");
    let i = |name: &str, start: &str| isolation("城东", name, start);
    use Rule::DuplicateRow as Dup;
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        (vec![i("甲", "2020-02-20").id(&id_a), i("甲", "2020-02-20").id(&id_a)], vec![2], vec![(Dup, "H3")]),
        // By id: other names are the same person; rows that differ are still duplicate_row.
        (vec![i("甲", "2020-02-20").id(&id_a), i("甲某", "2020-02-20").id(&id_a).end("2020-03-05")], vec![2], vec![(Dup, "H3")]),
        // Another start is another isolation.
        (vec![i("甲", "2020-02-20").id(&id_a), i("甲", "2020-02-21").id(&id_a)], vec![2, 3], vec![]),
        // By name and start.
        (vec![i("甲", "2020-02-20"), i("甲", "2020-02-20").end("2020-03-05")], vec![2], vec![(Dup, "B3")]),
        (vec![i("甲", "2020-02-20"), i("乙", "2020-02-20")], vec![2, 3], vec![]),
        (vec![i("甲", "2020-02-20"), i("甲", "2020-02-20").community("城西")], vec![2, 3], vec![]),
    ];
    for (rows, winners, issues) in cases {
        let (w, got) = run(rows);
        assert_eq!(w, winners);
        let want: Vec<_> = issues.into_iter().map(|(r, c)| issue(r, c)).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn daily_by_big_grid_and_day_the_earliest_submission_wins() {
    let d = |g: &str, day: &str| daily("城东", g, day);
    use Rule::DailyDuplicate as Dup;
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        (vec![d("1", "2020-03-01"), d("1", "2020-03-01")], vec![2], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01"), d("2", "2020-03-01"), d("1", "2020-03-02")], vec![2, 3, 4], vec![]),
        // The earliest submission wins; a missing one is the latest; a tie goes to the first.
        (vec![d("1", "2020-03-01").submitted("2020-03-01 21:00"), d("1", "2020-03-01").submitted("2020-03-01 19:00")], vec![3], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01").submitted("2020-03-01 19:00"), d("1", "2020-03-01").submitted("2020-03-01 21:00")], vec![2], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01"), d("1", "2020-03-01").submitted("2020-03-02 09:00")], vec![3], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01").submitted("2020-03-02 09:00"), d("1", "2020-03-01")], vec![2], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01").submitted("2020-03-01 18:00"), d("1", "2020-03-01").submitted("2020-03-01 18:00").counts(1, 0, 0, 0)], vec![2], vec![(Dup, "A3")]),
        (vec![d("1", "2020-03-01").submitted("2020-03-01 21:00"), d("1", "2020-03-01").submitted("2020-03-01 20:00"), d("1", "2020-03-01").submitted("2020-03-01 19:00")],
            vec![4], vec![(Dup, "A3"), (Dup, "A4")]),
        (vec![d("1", "2020-03-01").submitted("2020-03-01 21:00"), d("1", "2020-03-01").submitted("2020-03-01 19:00").excluded()], vec![2], vec![]),
    ];
    for (rows, winners, issues) in cases {
        let (w, got) = run(rows);
        assert_eq!(w, winners);
        let want: Vec<_> = issues.into_iter().map(|(r, c)| issue(r, c)).collect();
        assert_eq!(got, want);
    }
}

#[test]
fn grids_rows_are_merged_silently_and_rows_without_a_key_are_left_out() {
    let (w, issues) = run(vec![
        grid("城东", "1", "A1"),
        grid("城东社区", "1", "A1"),
        grid("城东", "1", "A2"),
    ]);
    assert_eq!(w, [2, 4]);
    assert!(issues.is_empty());
    // No community (or another key field): no key, no winner.
    let (w, issues) = run(vec![
        household("", "1", "A1", "H1", 3),
        grid("城东", "1", "A1").no_grid(),
        daily("城东", "1", "2020-03-01").no_grid(),
        household("城东", "1", "A1", "H1", 3),
    ]);
    assert_eq!(w, [5]);
    assert!(issues.is_empty());
}

#[test]
fn winners_are_in_processing_order_across_files() {
    let a = [
        household("城东", "1", "A1", "H1", 3)
            .screened("2020-03-01")
            .at("a.xlsx", 2),
        staff("城东", "赵一", Role::Worker).at("a.xlsx", 3),
    ];
    let b = [
        household("城东", "1", "A1", "H2", 3).at("b.xlsx", 2),
        household("城东", "1", "A1", "H1", 3)
            .screened("2020-03-02")
            .at("b.xlsx", 3),
    ];
    let view = Rows::new(vec![&a[..], &b[..]]);
    let mut issues = Vec::new();
    let w = dedupe(&view, Lang::Zh, &mut issues);
    let place = |i: RowId| (view[i].loc.sheet.file.clone(), view[i].loc.row);
    let hh: Vec<_> = w.households.iter().map(|&i| place(i)).collect();
    assert_eq!(hh, [("b.xlsx".to_string(), 2), ("b.xlsx".to_string(), 3)]);
    assert_eq!(w.staff.len(), 1);
    // The conflict names the first row's place and the fields that differ.
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].file.as_deref(), Some("b.xlsx"));
    assert_eq!(
        issues[0].message,
        "与 a.xlsx，工作表“S”，第 2 行 是同一户（户号相同）但内容不同：排查日期；只计一次，取排查日期较晚的一行：请核对并删去一行"
    );
    assert_eq!(issues[0].community_key.as_deref(), Some("城东"));
}

#[test]
fn conflicts_list_every_field_that_differs() {
    let rows = numbered(vec![
        household("城东", "1", "A1", "H1", 3).phone("13800138000"),
        household("城东", "2", "A1", "H1", 4).compound(crate::model::values::Compound::Gated),
    ]);
    let mut issues = Vec::new();
    dedupe(&Rows::from(&rows[..]), Lang::En, &mut issues);
    assert!(
        issues[0]
            .message
            .contains("but it differs in: big_grid, members, phone, compound;"),
        "{}",
        issues[0].message
    );
}
