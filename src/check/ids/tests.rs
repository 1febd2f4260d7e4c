//! SPEC §4 id rule once `as_of` is known, and the gender and birth date derived from a valid
//! 18-digit id for staff (the own column wins, with a mismatch warning).

use super::*;
use crate::model::record::Record;
use crate::model::test_records::{date, household, id_number, isolation, staff};
use crate::model::values::Role;
use crate::vocab::cell::Cell;
use crate::vocab::issue::Severity;

/// Male, born 1980-01-01 (17th digit 3).
fn male_1980() -> String {
    id_number("44070319800101123")
}

/// Female, born 1988-02-03 (17th digit 4).
fn female_1988() -> String {
    id_number("44070319880203124")
}

fn as_of() -> NaiveDate {
    date("2020-03-04")
}

fn check(mut r: Record, lang: Lang) -> (Record, Vec<Issue>) {
    let mut issues = Vec::new();
    check_id(&mut r, as_of(), lang, &mut issues);
    (r, issues)
}

fn rules(issues: &[Issue]) -> Vec<(Rule, String)> {
    issues
        .iter()
        .map(|i| (i.rule, i.cell.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn ids_are_checked_against_as_of() {
    let t = |s: &str| Cell::Text(s.to_string());
    let bad_check = "440703198001011230".to_string();
    let born_later = id_number("44070320300101123");
    let not_a_day = id_number("44070319800230123");
    // (id cell, the valid id kept, the rule raised)
    #[rustfmt::skip]
    let cases: Vec<(Cell, Option<String>, Option<Rule>)> = vec![
        (Cell::Empty, None, None),
        (t(&male_1980()), Some(male_1980()), None),
        (t(&male_1980().replace('4', "４")), Some(male_1980()), None),
        (t(&female_1988()), Some(female_1988()), None),
        (t("11010519491231002x"), Some("11010519491231002X".into()), None),
        (t("110105491231002"), Some("110105491231002".into()), None),
        (t(&bad_check), None, Some(Rule::IdNumberInvalid)),
        (t(&born_later), None, Some(Rule::IdNumberInvalid)),
        (t(&not_a_day), None, Some(Rule::IdNumberInvalid)),
        (t("4407031980010112"), None, Some(Rule::IdNumberInvalid)),
        (t("无"), None, Some(Rule::IdNumberInvalid)),
        (Cell::Number(4.40703198001011e17), None, Some(Rule::IdNumberAsNumber)),
        (t("4.40703E+17"), None, Some(Rule::IdNumberAsNumber)),
    ];
    for (cell, want, rule) in cases {
        for r in [
            household("城东", "1", "A1", "H1", 3),
            isolation("城东", "甲", "2020-02-20"),
            staff("城东", "赵一", Role::Worker),
        ] {
            let kind = r.kind;
            let (r, issues) = check(r.id_cell(cell.clone()), Lang::En);
            assert_eq!(r.valid_id(), want.as_deref(), "{kind:?} {cell:?}");
            let got: Vec<Rule> = issues.iter().map(|i| i.rule).collect();
            assert_eq!(
                got,
                rule.into_iter().collect::<Vec<_>>(),
                "{kind:?} {cell:?}"
            );
            for i in &issues {
                // A warning at the id cell; the value kept (masked later), never in the message.
                assert_eq!(i.severity, Severity::Warning);
                let col = r.loc.sheet.columns[&Field::IdNumber];
                assert_eq!(i.cell, Some(crate::vocab::cell::cell_ref(2, col)));
                assert_eq!(i.pii, Some(PiiKind::IdNumber));
                assert_eq!(i.value, values::text(&cell));
                assert!(!i.message.contains("4407"), "{}", i.message);
            }
        }
    }
}

/// (row, gender, birth date, issues at their cells)
type Case = (
    Record,
    Option<Gender>,
    Option<&'static str>,
    Vec<(Rule, &'static str)>,
);

#[test]
fn staff_gender_and_birth_date_come_from_the_id_when_their_columns_are_empty() {
    let worker = || staff("城东", "赵一", Role::Worker);
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        // Derived: 17th digit odd = male, the birth date from characters 7–14.
        (worker().id(&male_1980()), Some(Gender::Male), Some("1980-01-01"), vec![]),
        (worker().id(&female_1988()), Some(Gender::Female), Some("1988-02-03"), vec![]),
        // Own columns that agree: nothing to say.
        (worker().id(&male_1980()).male().born("1980-01-01"), Some(Gender::Male), Some("1980-01-01"), vec![]),
        // Own columns that disagree win, with a warning at their cell.
        (worker().id(&male_1980()).female(), Some(Gender::Female), Some("1980-01-01"), vec![(Rule::GenderMismatch, "D2")]),
        (worker().id(&female_1988()).born("1988-03-02"), Some(Gender::Female), Some("1988-03-02"), vec![(Rule::BirthDateMismatch, "E2")]),
        (worker().id(&female_1988()).male().born("1990-01-01"), Some(Gender::Male), Some("1990-01-01"),
            vec![(Rule::GenderMismatch, "D2"), (Rule::BirthDateMismatch, "E2")]),
        // A birth date after as_of is date_in_future, treated as missing, then derived.
        (worker().born("2030-01-01"), None, None, vec![(Rule::DateInFuture, "E2")]),
        (worker().id(&male_1980()).born("2030-01-01"), Some(Gender::Male), Some("1980-01-01"), vec![(Rule::DateInFuture, "E2")]),
        (worker().born("2020-03-04"), None, Some("2020-03-04"), vec![]),
        // Nothing is derived from an invalid id or a 15-digit one.
        (worker().id_cell(Cell::Text("440703198001011230".into())), None, None, vec![(Rule::IdNumberInvalid, "I2")]),
        (worker().id("110105491231002"), None, None, vec![]),
        (worker().female().id("110105491231002"), Some(Gender::Female), None, vec![]),
    ];
    for (row, gender, birth, want) in cases {
        let what = format!("{:?} {:?} {:?}", row.id_cell, row.gender, row.birth_date);
        // As read: the checks see the cell, not an id checked before.
        let row = Record { id: None, ..row };
        let (r, issues) = check(row, Lang::Zh);
        assert_eq!(r.gender, gender, "{what}");
        assert_eq!(r.birth_date, birth.map(date), "{what}");
        let want: Vec<(Rule, String)> = want.into_iter().map(|(r, c)| (r, c.to_string())).collect();
        assert_eq!(rules(&issues), want, "{what}");
        assert!(issues.iter().all(|i| i.severity == Severity::Warning));
    }
}

#[test]
fn only_staff_rows_get_derived_values() {
    for r in [
        household("城东", "1", "A1", "H1", 3),
        isolation("城东", "甲", "2020-02-20"),
    ] {
        let (r, issues) = check(r.id(&female_1988()), Lang::En);
        assert!(issues.is_empty());
        assert_eq!((r.gender, r.birth_date), (None, None));
        assert_eq!(r.valid_id(), Some(female_1988().as_str()));
    }
}

#[test]
fn mismatch_messages_say_which_column_is_used() {
    let r = staff("城东", "赵一", Role::Worker)
        .id(&male_1980())
        .female();
    let (_, issues) = check(
        Record {
            id: None,
            ..r.clone()
        },
        Lang::En,
    );
    assert!(
        issues[0].message.contains("the gender column is used"),
        "{}",
        issues[0].message
    );
    let (_, issues) = check(Record { id: None, ..r }, Lang::Zh);
    assert!(
        issues[0].message.contains("以性别列为准"),
        "{}",
        issues[0].message
    );
}
