//! Value rules of SPEC §4 (and the header normalization of §2 they share): pure functions
//! from one cell or one string to a typed value. They never panic on any input.
//!
//! Dates and date-times live in `dates.rs`, identity numbers in `idcard.rs`; both are
//! re-exported here so that callers use `model::values::*` for every §4 rule.
//!
//! Decisions where SPEC is silent:
//! - `text` of a number: whole numbers below 1e21 in magnitude are written as integers with
//!   Rust's shortest round-trip digits (`4.40703199001011e17` → `440703199001011000`, as
//!   Excel shows it); larger ones in exponent form (`1e21`); other numbers in Rust's `{}`
//!   form (`0.5`). `-0` is written `0`. A date cell with a time that is not midnight is
//!   `YYYY-MM-DD HH:MM:SS`; a time cell `HH:MM:SS`.
//! - `count` text may be written with a zero fraction (`3.0`, `3.00`: a CSV export of a
//!   numeric cell); any other fraction, a sign or a lone `人`/`户` is invalid.
//! - `community_key`: when dropping the longest matching suffix would leave nothing
//!   (`社区居委会` alone), nothing is dropped.
//! - `phone` removes all white space and `-` (full-width `－` too, via NFKC); parentheses,
//!   `+86` and other characters make the value invalid.

use crate::vocab::cell::Cell;
pub use crate::vocab::normalize::{is_footer, nfkc, normalize_header, text, FOOTERS};

pub use super::dates::{date, datetime, DateTimeValue};
pub use super::idcard::{id_number, IdCheck};

/// §4 code: text with all white space removed. `None` when the cell is empty.
pub fn code(cell: &Cell) -> Option<String> {
    let t = text(cell)?;
    if !t.contains(char::is_whitespace) {
        return Some(t);
    }
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    (!s.is_empty()).then_some(s)
}

const COMMUNITY_SUFFIXES: [&str; 4] = ["社区居民委员会", "社区居委会", "居委会", "社区"];

/// The community matching key of a community's text value: white space removed, then the
/// longest of the suffixes 社区居民委员会, 社区居委会, 居委会, 社区 that it ends with dropped,
/// unless nothing would remain.
pub fn community_key(text: &str) -> String {
    let code: String = nfkc(text).chars().filter(|c| !c.is_whitespace()).collect();
    // The suffixes are listed longest first.
    match COMMUNITY_SUFFIXES
        .iter()
        .find(|suffix| code.ends_with(*suffix))
    {
        Some(suffix) if code.len() > suffix.len() => code[..code.len() - suffix.len()].to_string(),
        _ => code,
    }
}

/// The range of a §4 `count` (count0 is any whole number ≥ 0).
pub const COUNT_RANGE: std::ops::RangeInclusive<u32> = 1..=99;

/// §4 count (`zero_ok = false`: a whole number in [`COUNT_RANGE`]) and count0
/// (`zero_ok = true`: a whole number ≥ 0 that fits a `u32`). `Ok(None)` when empty, `Err(())`
/// when invalid.
#[allow(clippy::result_unit_err)] // the caller turns Err into its own issue
pub fn count(cell: &Cell, zero_ok: bool) -> Result<Option<u32>, ()> {
    if cell.is_empty() {
        return Ok(None);
    }
    let n: u32 = match cell {
        Cell::Number(x) => {
            if !x.is_finite() || x.fract() != 0.0 || *x < 0.0 || *x > f64::from(u32::MAX) {
                return Err(());
            }
            *x as u32 // whole and in range: exact
        }
        Cell::Text(s) => count_text(s).ok_or(())?,
        _ => return Err(()),
    };
    let ok = zero_ok || COUNT_RANGE.contains(&n);
    if ok {
        Ok(Some(n))
    } else {
        Err(())
    }
}

fn count_text(s: &str) -> Option<u32> {
    let s = nfkc(s);
    let s = s.trim();
    let s = s.strip_suffix(['人', '户']).unwrap_or(s).trim_end();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b == b'0') {
            return None;
        }
    }
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = whole.trim_start_matches('0');
    if digits.len() > 10 {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    digits.parse().ok()
}

/// Staff roles of SPEC §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Worker,
    Informant,
    Cadre,
    Police,
    Volunteer,
    Other,
}

/// The role values of SPEC §4 (matched after header normalization), per role; the first
/// one the usual Chinese word.
pub const ROLES: [(Role, &[&str]); 6] = [
    (
        Role::Worker,
        &[
            "社区工作者",
            "社区干部",
            "两委干部",
            "社区两委",
            "网格员",
            "专职网格员",
            "worker",
        ],
    ),
    (
        Role::Informant,
        &[
            "信息员",
            "兼职网格员",
            "楼长",
            "楼栋长",
            "党员",
            "社区党员",
            "群众骨干",
            "业主代表",
            "informant",
        ],
    ),
    (
        Role::Cadre,
        &[
            "下沉干部",
            "机关干部",
            "街道干部",
            "驻社区领导",
            "街道驻社区领导",
            "cadre",
        ],
    ),
    (Role::Police, &["民警", "驻社区民警", "社区民警", "police"]),
    (Role::Volunteer, &["志愿者", "volunteer"]),
    (Role::Other, &["物管", "物业", "医务人员", "社工", "other"]),
];

/// §4 role, matched on the value normalized as headers are. `None` when the value is in no
/// list (the caller makes it `Other` with a `role_unknown` warning).
pub fn role(value: &str) -> Option<Role> {
    let v = normalize_header(value);
    ROLES
        .iter()
        .find(|(_, names)| names.contains(&v.as_str()))
        .map(|(r, _)| *r)
}

/// Gender of SPEC §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    Male,
    Female,
}

/// Every gender's spellings (SPEC §4), the first one the usual Chinese word.
pub const GENDERS: [(Gender, &[&str]); 2] = [
    (Gender::Male, &["男", "m", "male"]),
    (Gender::Female, &["女", "f", "female"]),
];

/// §4 gender: 男 m male → male; 女 f female → female; `None` otherwise.
pub fn gender(value: &str) -> Option<Gender> {
    let v = normalize_header(value);
    GENDERS
        .iter()
        .find(|(_, names)| names.contains(&v.as_str()))
        .map(|(g, _)| *g)
}

/// Compound (residential estate) type of SPEC §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compound {
    Gated,
    Unmanaged,
    Other,
}

/// The spellings of the compound types that have some (SPEC §4); anything else is `Other`.
pub const COMPOUNDS: [(Compound, &[&str]); 2] = [
    (Compound::Gated, &["封闭式小区", "封闭小区", "有物业"]),
    (
        Compound::Unmanaged,
        &["无物业小区", "无物业", "无物业管理", "开放式小区"],
    ),
];

/// §4 compound: 封闭式小区 封闭小区 有物业 → gated; 无物业小区 无物业 无物业管理 开放式小区 →
/// unmanaged; anything else → other.
pub fn compound(value: &str) -> Compound {
    let v = normalize_header(value);
    COMPOUNDS
        .iter()
        .find(|(_, names)| names.contains(&v.as_str()))
        .map_or(Compound::Other, |(c, _)| *c)
}

/// §4 phone: the digits after removing white space and `-`: 11 digits starting with `1`,
/// 7–8 digits, or 10–12 digits starting with `0`. `Ok(None)` when empty, `Err(())` otherwise.
#[allow(clippy::result_unit_err)] // the caller turns Err into its own issue
pub fn phone(cell: &Cell) -> Result<Option<String>, ()> {
    let Some(t) = text(cell) else { return Ok(None) };
    let d: String = t
        .chars()
        .filter(|&c| c != '-' && !c.is_whitespace())
        .collect();
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let ok = match d.len() {
        11 if d.starts_with('1') => true,
        7 | 8 => true,
        10..=12 => d.starts_with('0'),
        _ => false,
    };
    if ok {
        Ok(Some(d))
    } else {
        Err(())
    }
}

/// Completed years (周岁) on `as_of`: as_of.year − birth.year, less one if as_of's month-day
/// is before the birthday's.
pub fn age_on(birth: chrono::NaiveDate, as_of: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = as_of.year() - birth.year();
    if (as_of.month(), as_of.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .unwrap()
    }

    #[test]
    fn nfkc_makes_full_width_ascii() {
        for (input, want) in [
            ("１２３", "123"),
            ("２０２０－０１－２４", "2020-01-24"),
            ("ＡＢｃ", "ABc"),
            ("（人）", "(人)"),
            ("a\u{3000}b", "a b"),
            ("城东社区", "城东社区"),
            ("", ""),
        ] {
            assert_eq!(nfkc(input), want, "{input:?}");
        }
    }

    #[test]
    fn header_normalization() {
        for (input, want) in [
            ("人数（人）", "人数"),
            ("人数(人)", "人数"),
            ("  户 号 ", "户号"),
            ("户\u{3000}号", "户号"),
            ("*姓名:", "姓名"),
            ("＊姓名：", "姓名"),
            ("Household_ID", "household_id"),
            ("ＢＩＧ_ＧＲＩＤ", "big_grid"),
            ("身份证号（18位）*", "身份证号"),
            ("a(b(c)d)e", "ae"),
            ("a(b(c)d", "a(bd"),
            ("a(b", "a(b"),
            ("a)b", "a)b"),
            ("(x)人数(y)", "人数"),
            ("()", ""),
            ("【备注】", "【备注】"),
            ("[x]", "[x]"),
            ("\t\n", ""),
            ("", ""),
        ] {
            assert_eq!(normalize_header(input), want, "{input:?}");
        }
    }

    #[test]
    fn text_values() {
        let cases: Vec<(Cell, Option<&str>)> = vec![
            (Cell::Empty, None),
            (Cell::Error("#N/A".into()), None),
            (t(""), None),
            (t(" \u{3000}\t"), None),
            (t("  城东  社区 "), Some("城东 社区")),
            (t("a\u{3000}\u{3000}b\n\tc"), Some("a b c")),
            (t("１２３"), Some("123")),
            (t("Ｘ ｙ"), Some("X y")),
            (Cell::Number(1001.0), Some("1001")),
            (Cell::Number(-3.0), Some("-3")),
            (Cell::Number(0.0), Some("0")),
            (Cell::Number(-0.0), Some("0")),
            (Cell::Number(1.5), Some("1.5")),
            (Cell::Number(0.1), Some("0.1")),
            (Cell::Number(13800138000.0), Some("13800138000")),
            (
                Cell::Number(4.40703199001011e17),
                Some("440703199001011000"),
            ),
            (Cell::Number(1e20), Some("100000000000000000000")),
            (Cell::Number(1e21), Some("1e21")),
            (Cell::Bool(true), Some("TRUE")),
            (Cell::Bool(false), Some("FALSE")),
            (Cell::DateTime(dt(2020, 1, 24, 0, 0, 0)), Some("2020-01-24")),
            (
                Cell::DateTime(dt(2020, 1, 24, 9, 5, 7)),
                Some("2020-01-24 09:05:07"),
            ),
            (
                Cell::Time(NaiveTime::from_hms_opt(8, 30, 0).unwrap()),
                Some("08:30:00"),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(text(&cell).as_deref(), want, "{cell:?}");
        }
    }

    #[test]
    fn code_values() {
        let cases: Vec<(Cell, Option<&str>)> = vec![
            (Cell::Empty, None),
            (t(" "), None),
            (t(" 1 号 楼 "), Some("1号楼")),
            (t("Ａ\u{3000}１"), Some("A1")),
            (Cell::Number(3.0), Some("3")),
            (Cell::Number(3.5), Some("3.5")),
        ];
        for (cell, want) in cases {
            assert_eq!(code(&cell).as_deref(), want, "{cell:?}");
        }
    }

    #[test]
    fn community_keys() {
        for (input, want) in [
            ("城东社区", "城东"),
            ("城东社区居民委员会", "城东"),
            ("城东社区居委会", "城东"),
            ("城东居委会", "城东"),
            ("城东", "城东"),
            (" 城东 社区 ", "城东"),
            ("城东\u{3000}社区居委会", "城东"),
            ("社区", "社区"),
            ("居委会", "居委会"),
            ("社区居委会", "社区居委会"),
            ("社区居民委员会", "社区居民委员会"),
            ("城东社区社区", "城东社区"),
            ("社区城东", "社区城东"),
            ("Ｃｈｅｎｇｄｏｎｇ", "Chengdong"),
            ("", ""),
        ] {
            assert_eq!(community_key(input), want, "{input:?}");
        }
    }

    #[test]
    fn counts() {
        // (cell, count, count0)
        type R = Result<Option<u32>, ()>;
        let cases: Vec<(Cell, R, R)> = vec![
            (Cell::Empty, Ok(None), Ok(None)),
            (t("  "), Ok(None), Ok(None)),
            (Cell::Error("#REF!".into()), Ok(None), Ok(None)),
            (Cell::Number(3.0), Ok(Some(3)), Ok(Some(3))),
            (Cell::Number(1.0), Ok(Some(1)), Ok(Some(1))),
            (Cell::Number(99.0), Ok(Some(99)), Ok(Some(99))),
            (Cell::Number(100.0), Err(()), Ok(Some(100))),
            (Cell::Number(0.0), Err(()), Ok(Some(0))),
            (Cell::Number(-0.0), Err(()), Ok(Some(0))),
            (Cell::Number(-1.0), Err(()), Err(())),
            (Cell::Number(2.5), Err(()), Err(())),
            (Cell::Number(f64::NAN), Err(()), Err(())),
            (Cell::Number(f64::INFINITY), Err(()), Err(())),
            (Cell::Number(4294967295.0), Err(()), Ok(Some(u32::MAX))),
            (Cell::Number(4294967296.0), Err(()), Err(())),
            (Cell::Number(1e300), Err(()), Err(())),
            (t("3"), Ok(Some(3)), Ok(Some(3))),
            (t(" 3 "), Ok(Some(3)), Ok(Some(3))),
            (t("03"), Ok(Some(3)), Ok(Some(3))),
            (t("３"), Ok(Some(3)), Ok(Some(3))),
            (t("３人"), Ok(Some(3)), Ok(Some(3))),
            (t("3人"), Ok(Some(3)), Ok(Some(3))),
            (t("3 人"), Ok(Some(3)), Ok(Some(3))),
            (t(" 12户 "), Ok(Some(12)), Ok(Some(12))),
            (t("12\u{3000}户"), Ok(Some(12)), Ok(Some(12))),
            (t("3.0"), Ok(Some(3)), Ok(Some(3))),
            (t("3.00人"), Ok(Some(3)), Ok(Some(3))),
            (t("0"), Err(()), Ok(Some(0))),
            (t("000"), Err(()), Ok(Some(0))),
            (t("0人"), Err(()), Ok(Some(0))),
            (t("100"), Err(()), Ok(Some(100))),
            (t("4294967295"), Err(()), Ok(Some(u32::MAX))),
            (t("4294967296"), Err(()), Err(())),
            (t("99999999999999999999"), Err(()), Err(())),
            (t("3人人"), Err(()), Err(())),
            (t("3人户"), Err(()), Err(())),
            (t("人"), Err(()), Err(())),
            (t("3个"), Err(()), Err(())),
            (t("三"), Err(()), Err(())),
            (t("3.5"), Err(()), Err(())),
            (t("3."), Err(()), Err(())),
            (t(".0"), Err(()), Err(())),
            (t("-3"), Err(()), Err(())),
            (t("+3"), Err(()), Err(())),
            (t("3 4"), Err(()), Err(())),
            (t("1e2"), Err(()), Err(())),
            (t("abc"), Err(()), Err(())),
            (Cell::Bool(true), Err(()), Err(())),
            (Cell::DateTime(dt(2020, 1, 3, 0, 0, 0)), Err(()), Err(())),
            (
                Cell::Time(NaiveTime::from_hms_opt(3, 0, 0).unwrap()),
                Err(()),
                Err(()),
            ),
        ];
        for (cell, want, want0) in cases {
            assert_eq!(count(&cell, false), want, "count {cell:?}");
            assert_eq!(count(&cell, true), want0, "count0 {cell:?}");
        }
    }

    #[test]
    fn roles() {
        use Role::*;
        let cases: Vec<(&str, Option<Role>)> = vec![
            ("社区工作者", Some(Worker)),
            ("社区干部", Some(Worker)),
            ("两委干部", Some(Worker)),
            ("社区两委", Some(Worker)),
            ("网格员", Some(Worker)),
            ("专职网格员", Some(Worker)),
            ("Worker", Some(Worker)),
            (" 网格员（专职） ", Some(Worker)),
            ("信息员", Some(Informant)),
            ("兼职网格员", Some(Informant)),
            ("楼长", Some(Informant)),
            ("楼栋长", Some(Informant)),
            ("党员", Some(Informant)),
            ("社区党员", Some(Informant)),
            ("群众骨干", Some(Informant)),
            ("业主代表", Some(Informant)),
            ("INFORMANT", Some(Informant)),
            ("下沉干部", Some(Cadre)),
            ("机关干部", Some(Cadre)),
            ("街道干部", Some(Cadre)),
            ("驻社区领导", Some(Cadre)),
            ("街道驻社区领导", Some(Cadre)),
            ("cadre", Some(Cadre)),
            ("民警", Some(Police)),
            ("驻社区民警", Some(Police)),
            ("社区民警", Some(Police)),
            ("Police", Some(Police)),
            ("志愿者", Some(Volunteer)),
            ("志 愿 者*", Some(Volunteer)),
            ("ｖｏｌｕｎｔｅｅｒ", Some(Volunteer)),
            ("物管", Some(Other)),
            ("物业", Some(Other)),
            ("医务人员", Some(Other)),
            ("社工", Some(Other)),
            ("other", Some(Other)),
            ("书记", None),
            ("网格长", None),
            ("", None),
            ("worker1", None),
        ];
        for (input, want) in cases {
            assert_eq!(role(input), want, "{input:?}");
        }
    }

    #[test]
    fn genders() {
        let cases: Vec<(&str, Option<Gender>)> = vec![
            ("男", Some(Gender::Male)),
            (" 男 ", Some(Gender::Male)),
            ("M", Some(Gender::Male)),
            ("m", Some(Gender::Male)),
            ("Male", Some(Gender::Male)),
            ("ＭＡＬＥ", Some(Gender::Male)),
            ("女", Some(Gender::Female)),
            ("F", Some(Gender::Female)),
            ("female", Some(Gender::Female)),
            ("女（已婚）", Some(Gender::Female)),
            ("男性", None),
            ("1", None),
            ("", None),
            ("x", None),
        ];
        for (input, want) in cases {
            assert_eq!(gender(input), want, "{input:?}");
        }
    }

    #[test]
    fn compounds() {
        use Compound::*;
        for (input, want) in [
            ("封闭式小区", Gated),
            ("封闭小区", Gated),
            ("有物业", Gated),
            (" 有 物业 ", Gated),
            ("无物业小区", Unmanaged),
            ("无物业", Unmanaged),
            ("无物业管理", Unmanaged),
            ("开放式小区", Unmanaged),
            ("开放式小区（老旧）", Unmanaged),
            ("单位宿舍", Other),
            ("", Other),
            ("gated", Other),
        ] {
            assert_eq!(compound(input), want, "{input:?}");
        }
    }

    #[test]
    fn phones() {
        let cases: Vec<(Cell, Result<Option<&str>, ()>)> = vec![
            (Cell::Empty, Ok(None)),
            (t("  "), Ok(None)),
            (t("13800138000"), Ok(Some("13800138000"))),
            (t("138 0013 8000"), Ok(Some("13800138000"))),
            (t("138-0013-8000"), Ok(Some("13800138000"))),
            (t("１３８－００１３－８０００"), Ok(Some("13800138000"))),
            (t("138\u{3000}0013\u{3000}8000"), Ok(Some("13800138000"))),
            (Cell::Number(13800138000.0), Ok(Some("13800138000"))),
            (t("3334567"), Ok(Some("3334567"))),
            (t("33345678"), Ok(Some("33345678"))),
            (Cell::Number(33345678.0), Ok(Some("33345678"))),
            (t("0750-3334567"), Ok(Some("07503334567"))),
            (t("0750-33345678"), Ok(Some("075033345678"))),
            (t("020-1234567"), Ok(Some("0201234567"))),
            (t("23800138000"), Err(())),
            (t("1380013800"), Err(())),
            (t("138001380001"), Err(())),
            (t("123456"), Err(())),
            (t("123456789"), Err(())),
            (t("1234567890"), Err(())),
            (t("0750333456789"), Err(())),
            (t("+8613800138000"), Err(())),
            (t("8613800138000"), Err(())),
            (t("(0750)3334567"), Err(())),
            (t("138001380OO"), Err(())),
            (t("无"), Err(())),
            (Cell::Number(1.38e9), Err(())),
            (Cell::Number(3334567.5), Err(())),
            (Cell::Bool(true), Err(())),
        ];
        for (cell, want) in cases {
            assert_eq!(
                phone(&cell).as_ref().map(|o| o.as_deref()),
                want.as_ref().map(|o| *o),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn footers() {
        for (input, want) in [
            ("合计", true),
            ("合 计", true),
            ("合计：", true),
            ("总计", true),
            ("小计(户)", true),
            ("填表人：张三", true),
            ("填报人", true),
            ("审核人:李四", true),
            ("制表：", true),
            ("制表人", true),
            ("备注：本表…", true),
            ("说明：1.", true),
            ("Total", true),
            ("TOTAL:", true),
            ("ｔｏｔａｌ", true),
            ("*合计", true),
            ("城东社区", false),
            ("（合计）", false),
            ("共计", false),
            ("1", false),
            ("", false),
        ] {
            assert_eq!(is_footer(input), want, "{input:?}");
        }
    }

    #[test]
    fn ages() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        for (birth, as_of, want) in [
            (d(1990, 3, 4), d(2020, 3, 4), 30),
            (d(1990, 3, 5), d(2020, 3, 4), 29),
            (d(1990, 3, 3), d(2020, 3, 4), 30),
            (d(1990, 12, 31), d(2020, 1, 1), 29),
            (d(1992, 2, 29), d(2021, 2, 28), 28),
            (d(1992, 2, 29), d(2021, 3, 1), 29),
            (d(1992, 2, 29), d(2020, 2, 29), 28),
            (d(2020, 3, 4), d(2020, 3, 4), 0),
            (d(2021, 1, 1), d(2020, 3, 4), -1),
        ] {
            assert_eq!(age_on(birth, as_of), want, "{birth} {as_of}");
        }
    }

    /// A small deterministic generator: no dependency, same strings every run.
    pub(crate) struct Noise(u64);

    impl Noise {
        pub(crate) fn new(seed: u64) -> Self {
            Noise(seed | 1)
        }
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        pub(crate) fn string(&mut self) -> String {
            const POOL: &[char] = &[
                '0',
                '1',
                '2',
                '9',
                '5',
                '-',
                '/',
                '.',
                ':',
                'T',
                'Z',
                '+',
                ' ',
                '\u{3000}',
                '年',
                '月',
                '日',
                '人',
                '户',
                'X',
                'x',
                '(',
                ')',
                '（',
                '）',
                '２',
                '－',
                'e',
                'E',
                '社',
                '区',
                '居',
                '委',
                '会',
                '\u{FEFF}',
                '\u{0301}',
                'ﬁ',
                '㍻',
                '\u{10FFFF}',
                '\0',
            ];
            let len = (self.next() % 24) as usize;
            (0..len)
                .map(|_| {
                    let r = self.next();
                    if r.is_multiple_of(5) {
                        char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('?')
                    } else {
                        POOL[(r >> 8) as usize % POOL.len()]
                    }
                })
                .collect()
        }
        pub(crate) fn number(&mut self) -> f64 {
            match self.next() % 6 {
                0 => f64::from_bits(self.next()),
                1 => (self.next() % 100_000_000) as f64,
                2 => (self.next() % 3_000_000) as f64 + (self.next() % 1000) as f64 / 1000.0,
                3 => -((self.next() % 1000) as f64),
                4 => [
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::MAX,
                    f64::MIN_POSITIVE,
                    -0.0,
                ][(self.next() % 6) as usize],
                _ => (self.next() % 200) as f64 / 2.0,
            }
        }
    }

    #[test]
    fn no_panic_on_noise() {
        let as_of = NaiveDate::from_ymd_opt(2020, 3, 4).unwrap();
        let mut noise = Noise::new(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let s = noise.string();
            let x = noise.number();
            for cell in [Cell::Text(s.clone()), Cell::Number(x)] {
                let _ = text(&cell);
                let _ = code(&cell);
                let _ = count(&cell, false);
                let _ = count(&cell, true);
                let _ = phone(&cell);
                let _ = id_number(&cell, as_of);
                for (d1904, serials) in [(false, true), (true, true), (false, false)] {
                    let _ = date(&cell, d1904, serials);
                    let _ = datetime(&cell, d1904, serials);
                }
            }
            let _ = normalize_header(&s);
            let _ = community_key(&s);
            let _ = role(&s);
            let _ = gender(&s);
            let _ = compound(&s);
            let _ = is_footer(&s);
        }
    }
}
