//! Masking personal data for the community workbooks (the only output that shows cell values).
//!
//! - id number: first 6 and last 4 characters kept, `440703********123X`;
//! - phone: first 3 and last 4 kept, `138****8000`;
//! - name: first character and one `*` per further character, `张*`;
//! - address: the first 6 characters and `…`.
//!
//! A value too short for its rule to hide anything is masked harder, so that never more
//! than about half of it shows: an id or phone that would keep all but 3 or fewer characters
//! keeps a quarter at each end instead, a one-character
//! name is `*`, an address of 6 characters or fewer keeps half.

use crate::vocab::issue::PiiKind;

/// The value as it may be shown for its kind of personal data.
pub fn mask(value: &str, kind: PiiKind) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    match kind {
        PiiKind::IdNumber => keep_ends(&chars, 6, 4),
        PiiKind::Phone => keep_ends(&chars, 3, 4),
        PiiKind::Name => mask_name(&chars),
        PiiKind::Address => mask_address(&chars),
    }
}

/// The value to show: masked when it is personal data, as read otherwise.
pub fn shown(value: &str, pii: Option<PiiKind>) -> String {
    match pii {
        Some(kind) => mask(value, kind),
        None => value.to_string(),
    }
}

/// Keep `head` leading and `tail` trailing characters, one `*` for each one between. When that
/// would hide fewer than 4 characters, a quarter of the value is kept at each end instead.
fn keep_ends(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    let (head, tail) = if n >= head + tail + 4 {
        (head, tail)
    } else {
        (n / 4, n / 4)
    };
    let mut out = String::with_capacity(n);
    for (i, c) in chars.iter().enumerate() {
        if i < head || i >= n - tail {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    out
}

fn mask_name(chars: &[char]) -> String {
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        n => {
            let mut out = String::new();
            out.push(chars[0]);
            out.extend(std::iter::repeat_n('*', n - 1));
            out
        }
    }
}

fn mask_address(chars: &[char]) -> String {
    if chars.is_empty() {
        return String::new();
    }
    let keep = if chars.len() > 6 { 6 } else { chars.len() / 2 };
    let mut out: String = chars[..keep].iter().collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers() {
        assert_eq!(
            mask("44070319800101123X", PiiKind::IdNumber),
            "440703********123X"
        );
        assert_eq!(
            mask("440703800101123", PiiKind::IdNumber),
            "440703*****1123"
        );
        assert_eq!(
            mask(" 44070319800101123X ", PiiKind::IdNumber),
            "440703********123X"
        );
        // Too short to keep 6 + 4: a quarter at each end.
        assert_eq!(mask("12345678", PiiKind::IdNumber), "12****78");
        assert_eq!(mask("123", PiiKind::IdNumber), "***");
        assert_eq!(mask("", PiiKind::IdNumber), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask("13800138000", PiiKind::Phone), "138****8000");
        assert_eq!(mask("0750-3201234", PiiKind::Phone), "075*****1234");
        assert_eq!(mask("1380013800", PiiKind::Phone), "13******00");
        assert_eq!(mask("3201234", PiiKind::Phone), "3*****4");
    }

    #[test]
    fn names() {
        assert_eq!(mask("张三", PiiKind::Name), "张*");
        assert_eq!(mask("欧阳娜娜", PiiKind::Name), "欧***");
        assert_eq!(mask("王", PiiKind::Name), "*");
        assert_eq!(mask("Li Lei", PiiKind::Name), "L*****");
    }

    #[test]
    fn addresses() {
        assert_eq!(
            mask("江门市蓬江区白沙街道城东路12号3栋501", PiiKind::Address),
            "江门市蓬江区…"
        );
        assert_eq!(mask("城东路12号", PiiKind::Address), "城东路…");
        assert_eq!(mask("城东路1号", PiiKind::Address), "城东…");
    }

    #[test]
    fn no_masking_without_pii() {
        assert_eq!(shown("=1+1", None), "=1+1");
        assert_eq!(shown("13800138000", Some(PiiKind::Phone)), "138****8000");
    }
}
