//! SPEC §4 `id` values: the 18-character resident identity number (居民身份证号码, GB 11643)
//! with its ISO 7064 MOD 11-2 check character, and the 15-digit legacy number.
//!
//! Decision where SPEC is silent: a text cell written in scientific notation
//! (`4.40703E+17`, what a CSV export of a numeric Excel cell holds) has lost its last digits
//! exactly like a numeric cell, so it is reported as [`IdCheck::AsNumber`] too.

use chrono::NaiveDate;

use super::values::nfkc;
use crate::input::Cell;

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

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
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
    if b.len() == 15 && b.iter().all(u8::is_ascii_digit) {
        return Some(IdCheck::Valid15 { id: id.to_string() });
    }
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
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
