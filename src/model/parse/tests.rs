//! SPEC §4 value rules and the §5 `required_missing` / `value_invalid` paths, as `RowParser`
//! applies them to one row: every field type of every kind, a table of cells each.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;
use crate::model::test_records::{date, datetime, sheet_loc};

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A good row of each kind: every required field filled in.
fn good(kind: TableKind) -> Vec<(Field, Cell)> {
    let c = |f: Field, s: &str| (f, t(s));
    match kind {
        TableKind::Households => vec![
            c(Field::Community, "城东社区"),
            c(Field::BigGrid, "1"),
            c(Field::Building, "A1"),
            c(Field::HouseholdId, "H1"),
            c(Field::Members, "3"),
        ],
        TableKind::Isolation => vec![
            c(Field::Community, "城东社区"),
            c(Field::Name, "甲"),
            c(Field::Start, "2020-02-20"),
        ],
        TableKind::Staff => vec![
            c(Field::Community, "城东社区"),
            c(Field::Name, "赵一"),
            c(Field::Role, "社区工作者"),
        ],
        TableKind::Daily => vec![
            c(Field::ReportDate, "2020-03-01"),
            c(Field::Community, "城东社区"),
            c(Field::BigGrid, "1"),
        ],
        TableKind::Grids => vec![
            c(Field::Community, "城东社区"),
            c(Field::BigGrid, "1"),
            c(Field::Building, "A1"),
        ],
    }
}

/// Parse a good row of `kind` with `cells` written over it (an empty cell empties a field),
/// at row 5 of `a.xlsx`.
fn parse_with(
    kind: TableKind,
    cells: &[(Field, Cell)],
    spellings: &BTreeMap<String, String>,
    lang: Lang,
) -> (Record, Vec<Issue>) {
    let mut all = good(kind);
    for (f, c) in cells {
        all.retain(|(g, _)| g != f);
        all.push((*f, c.clone()));
    }
    let row = TableRow {
        row: 5,
        cells: all
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(f, c)| (*f, c))
            .collect(),
    };
    let loc = Loc {
        sheet: sheet_loc(kind, "a.xlsx"),
        row: 5,
    };
    let parser = RowParser { lang, spellings };
    let mut issues = Vec::new();
    let rec = parser.parse(kind, &row, loc, &mut issues);
    (rec, issues)
}

fn parse(kind: TableKind, cells: &[(Field, Cell)]) -> (Record, Vec<Issue>) {
    parse_with(kind, cells, &BTreeMap::new(), Lang::En)
}

/// The parsed value of a field, written as the tables below write it.
fn value(r: &Record, f: Field) -> Option<String> {
    let s = |v: &Option<String>| v.clone();
    let n = |v: Option<u32>| v.map(|n| n.to_string());
    let d = |v: Option<NaiveDate>| v.map(|d| d.to_string());
    match f {
        Field::Community => s(&r.community),
        Field::BigGrid => s(&r.big_grid),
        Field::Building => s(&r.building),
        Field::HouseholdId => s(&r.household_id),
        Field::Members => n(r.members),
        Field::HeadName => s(&r.head_name),
        Field::IdNumber => crate::model::values::text(&r.id_cell),
        Field::Phone => s(&r.phone),
        Field::Address => s(&r.address),
        Field::Compound => r.compound.map(|c| format!("{c:?}")),
        Field::ScreenedOn => d(r.screened_on),
        Field::Name => s(&r.name),
        Field::Start => d(r.start),
        Field::End => d(r.end),
        Field::Role => r.role.map(|c| format!("{c:?}")),
        Field::Gender => r.gender.map(|c| format!("{c:?}")),
        Field::BirthDate => d(r.birth_date),
        Field::Age => n(r.age),
        Field::ReportDate => d(r.report_date),
        Field::HouseholdsVisited => n(r.households_visited),
        Field::NewArrivals => n(r.new_arrivals),
        Field::UnderIsolation => n(r.under_isolation),
        Field::Fever => n(r.fever),
        Field::SubmittedAt => r
            .submitted_at
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
    }
}

/// The cell of a field in the test sheet (fields in their kind's order from column A).
fn cell_of(kind: TableKind, f: Field, row: u32) -> String {
    let col = sheet_loc(kind, "a.xlsx").columns[&f];
    crate::vocab::cell::cell_ref(row, col)
}

use Field as F;
use Severity::{Error as Err, Warning as Warn};
use TableKind as K;

/// (kind, field, cell, parsed value, issue raised with its severity, row excluded)
type Case = (
    K,
    F,
    Cell,
    Option<&'static str>,
    Option<(Rule, Severity)>,
    bool,
);

#[test]
fn every_field_type_of_every_kind() {
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        // community: text; the key drops the longest suffix (one only) unless nothing is left
        (K::Households, F::Community, t(" 城东 社区 "), Some("城东"), None, false),
        (K::Households, F::Community, t("城东社区居民委员会"), Some("城东"), None, false),
        (K::Households, F::Community, t("城东社区居委会"), Some("城东"), None, false),
        (K::Households, F::Community, t("城东居委会"), Some("城东"), None, false),
        (K::Households, F::Community, t("社区"), Some("社区"), None, false),
        (K::Households, F::Community, t("ＣＤ社区"), Some("CD"), None, false),
        // code: text with every white space removed; whole numbers without decimals
        (K::Households, F::BigGrid, t(" 第 1 网格 "), Some("第1网格"), None, false),
        (K::Households, F::BigGrid, Cell::Number(1.0), Some("1"), None, false),
        (K::Households, F::Building, t("１号楼"), Some("1号楼"), None, false),
        (K::Households, F::HouseholdId, Cell::Number(1001.0), Some("1001"), None, false),
        (K::Households, F::HouseholdId, Cell::Bool(true), Some("TRUE"), None, false),
        // count: 1–99 from a number or text with one trailing 人 or 户
        (K::Households, F::Members, Cell::Number(3.0), Some("3"), None, false),
        (K::Households, F::Members, t("3人"), Some("3"), None, false),
        (K::Households, F::Members, t("１２户"), Some("12"), None, false),
        (K::Households, F::Members, t("99"), Some("99"), None, false),
        (K::Households, F::Members, t("100"), None, Some((Rule::ValueInvalid, Err)), true),
        (K::Households, F::Members, Cell::Number(0.0), None, Some((Rule::ValueInvalid, Err)), true),
        (K::Households, F::Members, t("三"), None, Some((Rule::ValueInvalid, Err)), true),
        (K::Households, F::Members, Cell::Number(2.5), None, Some((Rule::ValueInvalid, Err)), true),
        (K::Staff, F::Age, t("40"), Some("40"), None, false),
        (K::Staff, F::Age, t("40岁"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Staff, F::Age, t("0"), None, Some((Rule::ValueInvalid, Warn)), false),
        // count0: a whole number ≥ 0
        (K::Daily, F::HouseholdsVisited, t("0"), Some("0"), None, false),
        (K::Daily, F::HouseholdsVisited, Cell::Number(1000.0), Some("1000"), None, false),
        (K::Daily, F::NewArrivals, t("2人"), Some("2"), None, false),
        (K::Daily, F::UnderIsolation, t("1户"), Some("1"), None, false),
        (K::Daily, F::Fever, t("-1"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Daily, F::Fever, t("abc"), None, Some((Rule::ValueInvalid, Warn)), false),
        // text: NFKC, trimmed, inner white space runs as one space
        (K::Households, F::HeadName, t(" 张\u{3000}\u{3000}三 "), Some("张 三"), None, false),
        (K::Households, F::Address, t("城东路１号"), Some("城东路1号"), None, false),
        (K::Staff, F::Name, Cell::Number(7.0), Some("7"), None, false),
        // date: date cells, YYYYMMDD numbers, serials, the written forms
        (K::Households, F::ScreenedOn, t("2020/2/3"), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, t("2020.2.3"), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, t("2020年2月3日"), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, t("20200203"), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, t("2020-02-03T10:00"), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, Cell::Number(20200203.0), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, Cell::Number(43864.0), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, Cell::DateTime(datetime("2020-02-03 09:30")), Some("2020-02-03"), None, false),
        (K::Households, F::ScreenedOn, t("2020-02-30"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Households, F::ScreenedOn, t("昨天"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Isolation, F::Start, t("2020年2月20日"), Some("2020-02-20"), None, false),
        (K::Isolation, F::Start, t("2020-02-30"), None, Some((Rule::ValueInvalid, Err)), true),
        (K::Isolation, F::End, t("2020-03-05"), Some("2020-03-05"), None, false),
        (K::Isolation, F::End, t("不详"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Staff, F::BirthDate, t("1985-05-05"), Some("1985-05-05"), None, false),
        (K::Staff, F::BirthDate, t("1985-13-05"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Daily, F::ReportDate, t("2020-02-30"), None, Some((Rule::ValueInvalid, Err)), true),
        // datetime: a date and time; a date alone is 00:00; a time alone is on report_date
        (K::Daily, F::SubmittedAt, t("2020-03-01 18:30"), Some("2020-03-01 18:30:00"), None, false),
        (K::Daily, F::SubmittedAt, t("2020/3/1 8:05:09"), Some("2020-03-01 08:05:09"), None, false),
        (K::Daily, F::SubmittedAt, t("2020-03-02"), Some("2020-03-02 00:00:00"), None, false),
        (K::Daily, F::SubmittedAt, t("18:30"), Some("2020-03-01 18:30:00"), None, false),
        (K::Daily, F::SubmittedAt, Cell::DateTime(datetime("2020-03-01 21:15")), Some("2020-03-01 21:15:00"), None, false),
        (K::Daily, F::SubmittedAt, t("晚上"), None, Some((Rule::ValueInvalid, Warn)), false),
        (K::Daily, F::SubmittedAt, t("25:00"), None, Some((Rule::ValueInvalid, Warn)), false),
        // role: matched as headers are; anything else is other with role_unknown
        (K::Staff, F::Role, t("网格员（专职）"), Some("Worker"), None, false),
        (K::Staff, F::Role, t("楼栋长"), Some("Informant"), None, false),
        (K::Staff, F::Role, t("下沉干部"), Some("Cadre"), None, false),
        (K::Staff, F::Role, t("社区民警"), Some("Police"), None, false),
        (K::Staff, F::Role, t("志愿者"), Some("Volunteer"), None, false),
        (K::Staff, F::Role, t("医务人员"), Some("Other"), None, false),
        (K::Staff, F::Role, t("保安"), Some("Other"), Some((Rule::RoleUnknown, Warn)), false),
        // gender: 男 m male / 女 f female; anything else is value_invalid (warning)
        (K::Staff, F::Gender, t("男"), Some("Male"), None, false),
        (K::Staff, F::Gender, t("F"), Some("Female"), None, false),
        (K::Staff, F::Gender, t("未知"), None, Some((Rule::ValueInvalid, Warn)), false),
        // compound: gated, unmanaged, anything else other (never an issue)
        (K::Households, F::Compound, t("封闭小区"), Some("Gated"), None, false),
        (K::Households, F::Compound, t("无物业管理"), Some("Unmanaged"), None, false),
        (K::Households, F::Compound, t("单位宿舍"), Some("Other"), None, false),
        // phone: digits without spaces and -; else phone_invalid, treated as missing
        (K::Households, F::Phone, t("138-0013-8000"), Some("13800138000"), None, false),
        (K::Households, F::Phone, t("0750 3334567"), Some("07503334567"), None, false),
        (K::Households, F::Phone, t("12345"), None, Some((Rule::PhoneInvalid, Warn)), false),
        (K::Staff, F::Phone, t("+8613800138000"), None, Some((Rule::PhoneInvalid, Warn)), false),
        // id: kept as read, checked once as_of is known (check::ids)
        (K::Households, F::IdNumber, t("不是身份证"), Some("不是身份证"), None, false),
        (K::Isolation, F::IdNumber, Cell::Number(4.4e17), Some("440000000000000000"), None, false),
    ];
    for (kind, field, cell, want, issue, excluded) in cases {
        let (rec, issues) = parse(kind, &[(field, cell.clone())]);
        let what = format!("{kind:?} {field:?} {cell:?}");
        assert_eq!(value(&rec, field).as_deref(), want, "{what}");
        assert_eq!(rec.excluded, excluded, "{what}");
        let got: Vec<(Rule, Severity)> = issues.iter().map(|i| (i.rule, i.severity)).collect();
        assert_eq!(got, issue.into_iter().collect::<Vec<_>>(), "{what}");
        for i in &issues {
            assert_eq!(
                i.cell.as_deref(),
                Some(cell_of(kind, field, 5).as_str()),
                "{what}"
            );
            assert_eq!(
                (i.file.as_deref(), i.sheet.as_deref()),
                (Some("a.xlsx"), Some("S"))
            );
            assert_eq!(i.community_key.as_deref(), Some("城东"), "{what}");
        }
    }
}

#[test]
fn an_empty_required_field_excludes_the_row_an_empty_optional_one_is_missing() {
    for kind in TableKind::ALL {
        for &(field, required) in kind.fields() {
            let (rec, issues) = parse(kind, &[(field, t(" "))]);
            let what = format!("{kind:?} {field:?}");
            assert_eq!(value(&rec, field), None, "{what}");
            if required {
                assert!(rec.excluded, "{what}");
                assert_eq!(issues.len(), 1, "{what}");
                let i = &issues[0];
                assert_eq!((i.rule, i.severity), (Rule::RequiredMissing, Err), "{what}");
                assert_eq!(i.cell.as_deref(), Some(cell_of(kind, field, 5).as_str()));
                assert!(i.message.contains(field.label(Lang::En)), "{}", i.message);
            } else {
                assert!(!rec.excluded && issues.is_empty(), "{what}: {issues:?}");
            }
        }
        // The good row itself: nothing to say.
        let (rec, issues) = parse(kind, &[]);
        assert!(!rec.excluded && issues.is_empty(), "{kind:?}");
    }
    // An error value is empty too.
    let (rec, issues) = parse(K::Households, &[(F::Members, Cell::Error("#N/A".into()))]);
    assert!(rec.excluded);
    assert_eq!(issues[0].rule, Rule::RequiredMissing);
}

#[test]
fn several_errors_in_one_row_each_get_an_issue() {
    let (rec, issues) = parse(
        K::Households,
        &[
            (F::Community, t("")),
            (F::Members, t("很多")),
            (F::Phone, t("1")),
        ],
    );
    assert!(rec.excluded);
    let got: Vec<(Rule, &str)> = issues
        .iter()
        .map(|i| (i.rule, i.cell.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        [
            (Rule::RequiredMissing, "A5"),
            (Rule::ValueInvalid, "E5"),
            (Rule::PhoneInvalid, "H5")
        ]
    );
    // No community: the issues carry no key.
    assert!(issues.iter().all(|i| i.community_key.is_none()));
}

#[test]
fn isolation_ending_before_it_starts_is_an_error_at_the_end_cell() {
    // (start, end, excluded)
    for (start, end, excluded) in [
        ("2020-02-20", "2020-02-19", true),
        ("2020-02-20", "2020-02-20", false),
        ("2020-02-20", "2020-03-05", false),
    ] {
        let (rec, issues) = parse(K::Isolation, &[(F::Start, t(start)), (F::End, t(end))]);
        assert_eq!(rec.excluded, excluded, "{start} {end}");
        if excluded {
            assert_eq!(issues.len(), 1);
            assert_eq!(
                (issues[0].rule, issues[0].severity),
                (Rule::ValueInvalid, Err)
            );
            assert_eq!(issues[0].cell.as_deref(), Some("D5"));
            assert_eq!(issues[0].value.as_deref(), Some(end));
        } else {
            assert!(issues.is_empty());
        }
        // Both dates are kept either way (the row is only left out).
        assert_eq!((rec.start, rec.end), (Some(date(start)), Some(date(end))));
    }
}

#[test]
fn a_time_alone_needs_the_report_date() {
    let (rec, issues) = parse(
        K::Daily,
        &[(F::ReportDate, t("不详")), (F::SubmittedAt, t("18:30"))],
    );
    assert!(rec.excluded);
    assert_eq!(rec.submitted_at, None);
    assert_eq!(issues.len(), 1, "{issues:?}");
    // A time cell (no date) is placed on the report date as well.
    let time = Cell::Time(chrono::NaiveTime::from_hms_opt(19, 45, 0).unwrap_or_default());
    let (rec, _) = parse(K::Daily, &[(F::SubmittedAt, time)]);
    assert_eq!(rec.submitted_at, Some(datetime("2020-03-01 19:45")));
}

#[test]
fn a_configured_spelling_belongs_to_the_community_of_its_name() {
    let spellings: BTreeMap<String, String> =
        [("城东居".to_string(), "城东社区".to_string())].into();
    let (rec, _) = parse_with(
        K::Staff,
        &[(F::Community, t(" 城东居 "))],
        &spellings,
        Lang::Zh,
    );
    // The key is the name's; the spelling (as text) is kept for the display name.
    assert_eq!(rec.community.as_deref(), Some("城东"));
    assert_eq!(rec.community_text.as_deref(), Some("城东居"));
    // Other spellings are untouched.
    let (rec, _) = parse_with(
        K::Staff,
        &[(F::Community, t("城西居"))],
        &spellings,
        Lang::Zh,
    );
    assert_eq!(rec.community.as_deref(), Some("城西居"));
}

#[test]
fn messages_name_the_field_and_the_fix_in_the_language_and_hide_personal_values() {
    // (lang, cells, rule, the message contains)
    #[rustfmt::skip]
    let cases: Vec<(Lang, F, Cell, Rule, &str)> = vec![
        (Lang::Zh, F::Members, t("三"), Rule::ValueInvalid, "“人数”的值“三”不是1–99 的整数，此行未计入：请改正"),
        (Lang::En, F::Members, t("三"), Rule::ValueInvalid, "members '三' is not a whole number 1–99; the row is left out: correct it"),
        (Lang::Zh, F::ScreenedOn, t("abc"), Rule::ValueInvalid, "按空值处理"),
        (Lang::En, F::ScreenedOn, t("abc"), Rule::ValueInvalid, "treated as empty"),
        (Lang::Zh, F::Members, t(""), Rule::RequiredMissing, "必填项“人数”为空，此行未计入：请补填"),
        (Lang::En, F::Members, t(""), Rule::RequiredMissing, "required members is empty; the row is left out: fill it in"),
        (Lang::Zh, F::Phone, t("12345"), Rule::PhoneInvalid, "联系电话格式不正确"),
        (Lang::En, F::Phone, t("12345"), Rule::PhoneInvalid, "the phone number is not valid"),
    ];
    for (lang, field, cell, rule, part) in cases {
        let (_, issues) = parse_with(
            K::Households,
            &[(field, cell.clone())],
            &BTreeMap::new(),
            lang,
        );
        assert_eq!(issues[0].rule, rule);
        assert!(issues[0].message.contains(part), "{}", issues[0].message);
    }
    // The phone value is kept for the (masked) community workbook, never in the message.
    let (_, issues) = parse(K::Households, &[(F::Phone, t("12345"))]);
    assert!(!issues[0].message.contains("12345"));
    assert_eq!(issues[0].value.as_deref(), Some("12345"));
    assert_eq!(issues[0].pii, Some(crate::vocab::issue::PiiKind::Phone));
    // A staff role the lists do not know is named (it is not personal).
    let (rec, issues) = parse(K::Staff, &[(F::Role, t("保安"))]);
    assert_eq!(rec.role, Some(Role::Other));
    assert!(
        issues[0].message.contains("'保安'"),
        "{}",
        issues[0].message
    );
    // A gender that is neither: the value is shown, the row stays.
    let (rec, issues) = parse(K::Staff, &[(F::Gender, t("未知")), (F::Role, t("网格员"))]);
    assert_eq!((rec.gender, rec.excluded), (None, false));
    assert!(issues[0].message.contains("'未知'"));
}
