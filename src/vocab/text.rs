//! Text for a terminal: what comes from files (names, sheet names, cell values inside
//! messages) may hold control characters — escape codes that clear the screen or hide text,
//! line breaks that would split one issue into several lines and forge others. Every line
//! meant for a terminal goes through [`one_line`].

use std::borrow::Cow;

/// `s` on one line with every control character made visible: `\n`, `\r`, `\t` as such,
/// other C0/C1 controls, DEL and the bidirectional overrides as `\u{…}`. Text without them
/// is returned as it is.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_visible_and_the_rest_untouched() {
        for (input, want) in [
            (
                "城东/台账.xlsx，C7：人数“三”",
                "城东/台账.xlsx，C7：人数“三”",
            ),
            ("a\nerror\tforged", "a\\nerror\\tforged"),
            ("\u{1b}[2J\u{1b}[8mhidden", "\\u{1b}[2J\\u{1b}[8mhidden"),
            ("x\r\u{7f}\u{9b}y", "x\\r\\u{7f}\\u{9b}y"),
            ("abc\u{202e}gpj.exe", "abc\\u{202e}gpj.exe"),
            ("", ""),
        ] {
            assert_eq!(one_line(input), want, "{input:?}");
        }
        assert!(matches!(one_line("plain 文本"), Cow::Borrowed(_)));
    }
}
