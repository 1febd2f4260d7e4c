//! CSV / TSV files: decode, sniff the delimiter, split into text cells (SPEC §1).

use super::sheet_build::Cells;
use super::sniff::utf16_text;
use super::{Cell, ReadError, Sheet, SheetRead};

/// Delimiters we recognize, in the order that wins a tie.
const DELIMITERS: [char; 3] = [',', '\t', ';'];

/// How many records the delimiter sniffing looks at.
const SNIFF_RECORDS: usize = 30;

/// Read delimited text into one sheet named `name` (the file stem).
pub(crate) fn read_delimited(
    bytes: &[u8],
    name: &str,
    max_cells: u64,
) -> Result<Vec<SheetRead>, ReadError> {
    let text = decode(bytes);
    let delim = sniff_delimiter(&text);
    let mut cells = Cells::new(max_cells);
    // Every field is counted against the cells limit before it is kept, empty ones too: a
    // line of a hundred million commas stops at the limit instead of building them all.
    let mut fields: u64 = 0;
    let outcome = split_each(&text, delim, |r, c, field| {
        fields += 1;
        if fields > max_cells {
            return Err(ReadError::Limit {
                what: super::LimitKind::CellsPerSheet,
                found: fields,
                limit: max_cells,
            });
        }
        if field.is_empty() {
            return Ok(());
        }
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            return Err(ReadError::Limit {
                what: super::LimitKind::CellsPerSheet,
                found: u64::MAX,
                limit: max_cells,
            });
        };
        cells.push(r, c, Cell::Text(field.to_string()))
    });
    let failed = |reason| {
        Ok(vec![SheetRead::Failed {
            name: name.to_string(),
            reason,
        }])
    };
    if let Err(reason) = outcome {
        return failed(reason);
    }
    match cells.into_rows() {
        Ok(rows) => Ok(vec![SheetRead::Ok(Sheet {
            name: name.to_string(),
            rows,
            merges: Vec::new(),
            date1904: false,
            serials_are_dates: false,
        })]),
        Err(reason) => failed(reason),
    }
}

/// UTF-16 with BOM, UTF-8 (BOM stripped), else GB18030 (lossily when even that fails).
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some(text) = utf16_text(bytes) {
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiter that occurs most consistently (same count on most of the first records),
/// then most often, outside quotes. `,` when none occurs.
fn sniff_delimiter(text: &str) -> char {
    let mut best = (',', (0usize, 0usize, 0usize));
    for &d in &DELIMITERS {
        let counts: Vec<usize> = split(&head(text), d)
            .iter()
            .filter(|rec| !(rec.len() == 1 && rec[0].is_empty()))
            .take(SNIFF_RECORDS)
            .map(|rec| rec.len() - 1)
            .collect();
        // The most frequent non-zero count and how many records have it.
        let mut mode = (0usize, 0usize);
        for &n in counts.iter().filter(|&&n| n > 0) {
            let k = counts.iter().filter(|&&m| m == n).count();
            if (k, n) > mode {
                mode = (k, n);
            }
        }
        let total: usize = counts.iter().sum();
        let score = (mode.0, mode.1, total);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// The start of the text the sniffing looks at (whole characters).
fn head(text: &str) -> String {
    text.chars().take(64 * 1024).collect()
}

/// Split into records and fields: `"` quotes a field (`""` is a quote inside), a line
/// break inside quotes belongs to the field. Every line break outside quotes ends a record,
/// so blank lines stay as empty records and row numbers match the lines a clerk sees.
/// `each(record, field index, text)` sees every field as it ends; its error stops the split.
fn split_each<E>(
    text: &str,
    delim: char,
    mut each: impl FnMut(usize, usize, &str) -> Result<(), E>,
) -> Result<(), E> {
    let (mut r, mut c) = (0usize, 0usize);
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            if ch == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(ch);
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            ch if ch == delim => {
                each(r, c, &field)?;
                field.clear();
                c += 1;
                was_quoted = false;
            }
            '\r' | '\n' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                each(r, c, &field)?;
                field.clear();
                r += 1;
                c = 0;
                was_quoted = false;
            }
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || c > 0 || was_quoted {
        each(r, c, &field)?;
    }
    Ok(())
}

/// Every record as its fields (for sniffing the delimiter on the first lines).
fn split(text: &str, delim: char) -> Vec<Vec<String>> {
    let mut records: Vec<Vec<String>> = Vec::new();
    let _ = split_each::<()>(text, delim, |r, _, field| {
        while records.len() <= r {
            records.push(Vec::new());
        }
        records[r].push(field.to_string());
        Ok(())
    });
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(bytes: &[u8]) -> Sheet {
        match read_delimited(bytes, "城东", 1000).unwrap().pop() {
            Some(SheetRead::Ok(s)) => s,
            other => panic!("{other:?}"),
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn utf8_comma_with_quotes_and_blank_lines() {
        let s = sheet(b"a,b,c\r\n\"x,1\",,\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",2\n");
        assert_eq!(s.name, "城东");
        assert!(!s.serials_are_dates);
        assert_eq!(
            s.rows,
            vec![
                vec![t("a"), t("b"), t("c")],
                vec![t("x,1"), Cell::Empty, t("say \"hi\"")],
                vec![],
                vec![t("two\nlines"), t("2")],
            ]
        );
    }

    #[test]
    fn bom_and_semicolons() {
        let s = sheet("\u{feff}社区;户号;人数\n城东;0101;3\n城西;0102;\n".as_bytes());
        assert_eq!(s.rows[0], vec![t("社区"), t("户号"), t("人数")]);
        assert_eq!(s.rows[2], vec![t("城西"), t("0102")]);
    }

    #[test]
    fn gbk_with_tabs() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("社区\t户号\t备注\n城东\t1\t有,逗号\n城西\t2\t\n");
        let s = sheet(&gbk);
        assert_eq!(s.rows[1], vec![t("城东"), t("1"), t("有,逗号")]);
        assert_eq!(s.rows.len(), 3);
    }

    #[test]
    fn gbk_with_semicolons() {
        let (gbk, _, _) = encoding_rs::GBK.encode("社区;户号\n城东;1\n");
        assert_eq!(sheet(&gbk).rows[1], vec![t("城东"), t("1")]);
    }

    #[test]
    fn utf16_with_bom() {
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in "社区\t户号\r\n城东\t1\r\n".encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let s = sheet(&bytes);
            assert_eq!(
                s.rows,
                vec![vec![t("社区"), t("户号")], vec![t("城东"), t("1")]]
            );
        }
    }

    #[test]
    fn single_column_and_cell_limit() {
        assert_eq!(
            sheet(b"only\none\n").rows,
            vec![vec![t("only")], vec![t("one")]]
        );
        let big = "a,b,c,d\n".repeat(300);
        match read_delimited(big.as_bytes(), "x", 1000).unwrap().pop() {
            Some(SheetRead::Failed {
                reason: ReadError::Limit { .. },
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n4;5;6\n"), ';');
        assert_eq!(sniff_delimiter("a\tb\n\"x;y\"\t1\n"), '\t');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), ',');
        assert_eq!(sniff_delimiter("plain\n"), ',');
    }
}
