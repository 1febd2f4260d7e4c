//! One cell as read from a workbook or CSV, before any SPEC §4 parsing.

use chrono::{NaiveDateTime, NaiveTime};

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    /// A numeric cell (integer or float). Whether it is a date serial is decided by §4.
    Number(f64),
    Bool(bool),
    /// A date or date-time cell, already resolved with the workbook's 1900/1904 system.
    DateTime(NaiveDateTime),
    /// A time-only cell (a date-time cell whose serial is below 1, or a duration under a day).
    Time(NaiveTime),
    /// An error value such as `#N/A` or `#REF!` (treated as empty by §2).
    Error(String),
}

impl Cell {
    /// Empty per SPEC §2: nothing, only white space, or an error value.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty | Cell::Error(_) => true,
            Cell::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
}

/// Column letters for a 0-based column index: 0 → `A`, 26 → `AA`.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A1-style reference for a 1-based row and a 0-based column.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        for (i, s) in [
            (0, "A"),
            (2, "C"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ] {
            assert_eq!(column_name(i), s);
        }
        assert_eq!(cell_ref(7, 2), "C7");
    }

    #[test]
    fn emptiness() {
        assert!(Cell::Empty.is_empty());
        assert!(Cell::Text(" \u{3000}\t".into()).is_empty());
        assert!(Cell::Error("#N/A".into()).is_empty());
        assert!(!Cell::Number(0.0).is_empty());
        assert!(!Cell::Text("0".into()).is_empty());
    }
}
