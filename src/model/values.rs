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

use unicode_normalization::UnicodeNormalization;

use crate::input::Cell;

pub use super::dates::{date, datetime, DateTimeValue};
pub use super::idcard::{id_number, IdCheck};

/// Unicode NFKC: full-width digits, letters and punctuation become ASCII.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// §2 header normalization: NFKC, lower-case, every parenthesized part removed (a `(` with
/// no matching `)` removes nothing), then `*`, `:` and all white space removed.
pub fn normalize_header(s: &str) -> String {
    let chars: Vec<char> = nfkc(s).to_lowercase().chars().collect();
    let mut removed = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '(' {
            open.push(i);
        } else if c == ')' {
            if let Some(start) = open.pop() {
                removed[start..=i].iter_mut().for_each(|r| *r = true);
            }
        }
    }
    chars
        .iter()
        .zip(&removed)
        .filter(|&(&c, &r)| !r && c != '*' && c != ':' && !c.is_whitespace())
        .map(|(&c, _)| c)
        .collect()
}

/// §4 text. `None` when the cell is empty.
pub fn text(cell: &Cell) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    let s = match cell {
        Cell::Text(s) => squeeze(&nfkc(s)),
        Cell::Number(x) => number_text(*x),
        Cell::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Cell::DateTime(dt) => {
            if dt.time() == chrono::NaiveTime::MIN {
                dt.format("%Y-%m-%d").to_string()
            } else {
                dt.format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        Cell::Time(t) => t.format("%H:%M:%S").to_string(),
        Cell::Empty | Cell::Error(_) => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Trimmed, inner white-space runs replaced by one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number_text(x: f64) -> String {
    if x == 0.0 {
        "0".to_string() // also -0
    } else if x.is_finite() && x.abs() >= 1e21 {
        format!("{x:e}")
    } else {
        // Rust's `{}` never uses an exponent and writes whole numbers without decimals.
        format!("{x}")
    }
}

/// §4 code: text with all white space removed. `None` when the cell is empty.
pub fn code(cell: &Cell) -> Option<String> {
    let s: String = text(cell)?.chars().filter(|c| !c.is_whitespace()).collect();
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

/// §4 count (`zero_ok = false`: a whole number 1–99) and count0 (`zero_ok = true`: a whole
/// number ≥ 0 that fits a `u32`). `Ok(None)` when empty, `Err(())` when invalid.
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
    let ok = if zero_ok { true } else { (1..=99).contains(&n) };
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

const ROLES: [(Role, &[&str]); 6] = [
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

/// §4 gender: 男 m male → male; 女 f female → female; `None` otherwise.
pub fn gender(value: &str) -> Option<Gender> {
    match normalize_header(value).as_str() {
        "男" | "m" | "male" => Some(Gender::Male),
        "女" | "f" | "female" => Some(Gender::Female),
        _ => None,
    }
}

/// Compound (residential estate) type of SPEC §4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compound {
    Gated,
    Unmanaged,
    Other,
}

/// §4 compound: 封闭式小区 封闭小区 有物业 → gated; 无物业小区 无物业 无物业管理 开放式小区 →
/// unmanaged; anything else → other.
pub fn compound(value: &str) -> Compound {
    match normalize_header(value).as_str() {
        "封闭式小区" | "封闭小区" | "有物业" => Compound::Gated,
        "无物业小区" | "无物业" | "无物业管理" | "开放式小区" => {
            Compound::Unmanaged
        }
        _ => Compound::Other,
    }
}

/// §4 phone: the digits after removing white space and `-`: 11 digits starting with `1`,
/// 7–8 digits, or 10–12 digits starting with `0`. `Ok(None)` when empty, `Err(())` otherwise.
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

const FOOTERS: [&str; 10] = [
    "合计",
    "总计",
    "小计",
    "填表人",
    "填报人",
    "审核人",
    "制表",
    "备注",
    "说明",
    "total",
];

/// §2 footer: the text, normalized as headers are, starts with one of 合计 总计 小计 填表人
/// 填报人 审核人 制表 备注 说明 total.
pub fn is_footer(text: &str) -> bool {
    let t = normalize_header(text);
    FOOTERS.iter().any(|f| t.starts_with(f))
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
