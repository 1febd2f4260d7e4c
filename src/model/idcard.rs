//! SPEC §4 `id` values: the 18-character resident identity number (居民身份证号码, GB 11643)
//! with its ISO 7064 MOD 11-2 check character, and the 15-digit legacy number.
//!
//! Decision where SPEC is silent: a text cell written in scientific notation
//! (`4.40703E+17`, what a CSV export of a numeric Excel cell holds) has lost its last digits
//! exactly like a numeric cell, so it is reported as [`IdCheck::AsNumber`] too.

use chrono::NaiveDate;

use crate::vocab::cell::Cell;
use crate::vocab::normalize::nfkc;

/// The outcome of checking one id cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdCheck {
    /// A valid 18-character id: normalized (upper-case X), birth date, male = 17th digit odd.
    Valid18 {
        id: String,
        birth: NaiveDate,
        male: bool,
    },
    /// A 15-digit legacy number, accepted without a check.
    Valid15 { id: String },
    /// A numeric cell in an id column (`id_number_as_number`): treated as missing.
    AsNumber,
    /// Anything else (`id_number_invalid`): treated as missing.
    Invalid,
}

/// The length of a resident identity number, and of the legacy number accepted without a check.
pub(crate) const ID_LEN: usize = 18;
pub(crate) const LEGACY_ID_LEN: usize = 15;

const WEIGHTS: [u32; ID_LEN - 1] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// §4 id. `None` when the cell is empty.
pub fn id_number(cell: &Cell, as_of: NaiveDate) -> Option<IdCheck> {
    if cell.is_empty() {
        return None;
    }
    let raw = match cell {
        Cell::Number(_) => return Some(IdCheck::AsNumber),
        Cell::Text(s) => s,
        _ => return Some(IdCheck::Invalid),
    };
    let id: String = nfkc(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Some(check(&id, as_of).unwrap_or_else(|| {
        if scientific(&id) {
            IdCheck::AsNumber
        } else {
            IdCheck::Invalid
        }
    }))
}

fn check(id: &str, as_of: NaiveDate) -> Option<IdCheck> {
    let b = id.as_bytes();
    if b.len() == LEGACY_ID_LEN && b.iter().all(u8::is_ascii_digit) {
        return Some(IdCheck::Valid15 { id: id.to_string() });
    }
    if b.len() != ID_LEN || !b[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    if b[17] != CHECK_CHARS[(sum % 11) as usize] {
        return None;
    }
    let year: i32 = id[6..10].parse().ok()?;
    let month: u32 = id[10..12].parse().ok()?;
    let day: u32 = id[12..14].parse().ok()?;
    let birth = NaiveDate::from_ymd_opt(year, month, day)?;
    if birth > as_of {
        return None;
    }
    Some(IdCheck::Valid18 {
        id: id.to_string(),
        birth,
        male: (b[16] - b'0') % 2 == 1,
    })
}

/// `4.40703E+17`, `4.40703199001011e17`: a number in scientific notation.
fn scientific(s: &str) -> bool {
    let Some((mantissa, exp)) = s.split_once('E') else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.matches('.').count() <= 1;
    mantissa_ok && !exp.is_empty() && exp.len() <= 3 && exp.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
    fn v18(id: &str, birth: NaiveDate, male: bool) -> Option<IdCheck> {
        Some(IdCheck::Valid18 {
            id: id.to_string(),
            birth,
            male,
        })
    }

    #[test]
    fn check_characters() {
        // Computed independently: the standard's own example and the project's test ids.
        for id in [
            "11010519491231002X",
            "440524188001010014",
            "44070319900101101X",
            "440703199001011028",
        ] {
            let sum: u32 = id
                .bytes()
                .take(17)
                .zip(WEIGHTS)
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            assert_eq!(CHECK_CHARS[(sum % 11) as usize], id.as_bytes()[17], "{id}");
        }
    }

    #[test]
    fn ids() {
        let as_of = d(2020, 3, 4);
        let cases: Vec<(Cell, Option<IdCheck>)> = vec![
            (Cell::Empty, None),
            (t(" \u{3000}"), None),
            (Cell::Error("#N/A".into()), None),
            (
                t("11010519491231002X"),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t("11010519491231002x"),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t(" 110105 19491231 002X "),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t("１１０１０５１９４９１２３１００２Ｘ"),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t("１１０１０５１９４９１２３１００２ｘ"),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t("110105\u{3000}19491231002X"),
                v18("11010519491231002X", d(1949, 12, 31), false),
            ),
            (
                t("440524188001010014"),
                v18("440524188001010014", d(1880, 1, 1), true),
            ),
            (
                t("44070319900101101X"),
                v18("44070319900101101X", d(1990, 1, 1), true),
            ),
            (
                t("440703199001011028"),
                v18("440703199001011028", d(1990, 1, 1), false),
            ),
            // wrong check character
            (t("110105194912310021"), Some(IdCheck::Invalid)),
            (t("440703199001011027"), Some(IdCheck::Invalid)),
            (t("44070319900101101Y"), Some(IdCheck::Invalid)),
            // check character right, birth date not a real day
            (t("440703202002301013"), Some(IdCheck::Invalid)),
            // check character right, birth after as_of
            (t("440703203001011019"), Some(IdCheck::Invalid)),
            // lengths and characters
            (t("11010519491231002"), Some(IdCheck::Invalid)),
            (t("11010519491231002X1"), Some(IdCheck::Invalid)),
            (t("1101051949123100X2"), Some(IdCheck::Invalid)),
            (t("X10105194912310021"), Some(IdCheck::Invalid)),
            (t("11010519491231-02X"), Some(IdCheck::Invalid)),
            (t("身份证"), Some(IdCheck::Invalid)),
            (t("无"), Some(IdCheck::Invalid)),
            // 15-digit legacy numbers: no check
            (
                t("110105491231002"),
                Some(IdCheck::Valid15 {
                    id: "110105491231002".into(),
                }),
            ),
            (
                t("１１０１０５４９１２３１００２"),
                Some(IdCheck::Valid15 {
                    id: "110105491231002".into(),
                }),
            ),
            (
                t("999999999999999"),
                Some(IdCheck::Valid15 {
                    id: "999999999999999".into(),
                }),
            ),
            (t("11010549123100X"), Some(IdCheck::Invalid)),
            (t("1101054912310021"), Some(IdCheck::Invalid)),
            // numbers: digits lost in Excel
            (Cell::Number(4.40703199001011e17), Some(IdCheck::AsNumber)),
            (Cell::Number(110105491231002.0), Some(IdCheck::AsNumber)),
            (Cell::Number(f64::NAN), Some(IdCheck::AsNumber)),
            (t("4.40703E+17"), Some(IdCheck::AsNumber)),
            (t("4.40703199001011e17"), Some(IdCheck::AsNumber)),
            (t("E+17"), Some(IdCheck::Invalid)),
            (t("4.4.0E17"), Some(IdCheck::Invalid)),
            // other cells
            (Cell::Bool(true), Some(IdCheck::Invalid)),
            (
                Cell::DateTime(d(2020, 1, 1).and_hms_opt(0, 0, 0).unwrap()),
                Some(IdCheck::Invalid),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(id_number(&cell, as_of), want, "{cell:?}");
        }
    }

    #[test]
    fn birth_on_as_of_is_accepted() {
        assert_eq!(
            id_number(&t("44070319900101101X"), d(1990, 1, 1)),
            v18("44070319900101101X", d(1990, 1, 1), true)
        );
        assert_eq!(
            id_number(&t("44070319900101101X"), d(1989, 12, 31)),
            Some(IdCheck::Invalid)
        );
    }
}
