//! What a cell says, as text, and the normalizations every stage shares: NFKC, the header
//! normalization of SPEC §2 (also used for roles, genders and compounds), the §4 text of a
//! cell, and the footer words of §2.
//!
//! Decision where SPEC is silent: `text` of a number: whole numbers below 1e21 in magnitude
//! are written as integers with Rust's shortest round-trip digits (`4.40703199001011e17` →
//! `440703199001011000`, as Excel shows it); larger ones in exponent form (`1e21`); other
//! numbers in Rust's `{}` form (`0.5`). `-0` is written `0`. A date cell with a time that is
//! not midnight is `YYYY-MM-DD HH:MM:SS`; a time cell `HH:MM:SS`.

use unicode_normalization::UnicodeNormalization;

use super::cell::Cell;

/// Unicode NFKC: full-width digits, letters and punctuation become ASCII.
pub fn nfkc(s: &str) -> String {
    // Most cells (ASCII, CJK unified ideographs) are already NFKC: skip the rewrite.
    if s.chars()
        .all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
        || unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return s.to_string();
    }
    s.nfkc().collect()
}

/// §2 header normalization: NFKC, lower-case, every parenthesized part removed (a `(` with
/// no matching `)` removes nothing), then `*`, `:` and all white space removed.
pub fn normalize_header(s: &str) -> String {
    // Fast path for the common value (CJK ideographs, ASCII letters and digits): only the
    // lower-casing applies.
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        return s.to_ascii_lowercase();
    }
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
        Cell::Text(s) => squeeze(nfkc(s)),
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
fn squeeze(s: String) -> String {
    // Already trimmed with single plain inner spaces: keep it as it is.
    let mut prev_space = true; // a leading space is not clean
    let mut clean = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if prev_space || c != ' ' {
                clean = false;
                break;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    if clean && !prev_space {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn number_text(x: f64) -> String {
    // Small whole numbers (counts, codes) are the common case: no float formatting.
    if x.fract() == 0.0 && x.abs() < 1e15 && x != 0.0 {
        return (x as i64).to_string();
    }
    if x == 0.0 {
        "0".to_string() // also -0
    } else if x.is_finite() && x.abs() >= 1e21 {
        format!("{x:e}")
    } else {
        // Rust's `{}` never uses an exponent and writes whole numbers without decimals.
        format!("{x}")
    }
}

/// The words a footer row starts with (SPEC §2, after header normalization).
pub const FOOTERS: [&str; 10] = [
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
