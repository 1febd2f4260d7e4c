//! The text of `gridreport.toml` as it is parsed. Two things a clerk does that TOML refuses
//! are read as meant, the line numbers in messages staying the file's.

/// The text as it is parsed, and the line of the file each of its lines comes from.
///
/// Two things a clerk does that TOML refuses are read as meant, the lines the clerk sees
/// staying the file's:
/// - a table header with a setting after it on the same line — `[aliases.households]
///   members = ["家庭人口数"]`, as the messages give the line to add — is the two lines it
///   stands for;
/// - a table written a second time (such a line added at the end of a file that already
///   has `[communities]`) continues the first one.
pub(super) struct Source {
    pub text: String,
    /// 1-based line of the file for each line of `text`.
    original: Vec<usize>,
}

/// A table's name (`None` before the first table and for `[[…]]`) and its lines.
type Section<'a> = (Option<String>, Vec<(usize, &'a str)>);

impl Source {
    pub(super) fn new(file: &str) -> Source {
        // (line of the file, text), a header and its setting split.
        let mut lines: Vec<(usize, &str)> = Vec::new();
        for (i, line) in file.split('\n').enumerate() {
            match header_and_setting(line) {
                Some((header, rest)) => {
                    lines.push((i + 1, header));
                    lines.push((i + 1, rest));
                }
                None => lines.push((i + 1, line)),
            }
        }
        // Sections by table header; a repeated `[table]` adds its lines to the first one.
        let mut sections: Vec<Section> = vec![(None, Vec::new())];
        let mut current = 0;
        for (n, line) in lines {
            if let Some(name) = table_name(line) {
                match sections
                    .iter()
                    .position(|(s, _)| s.as_deref() == Some(&name))
                {
                    Some(first) => {
                        current = first;
                        continue;
                    }
                    None => {
                        sections.push((Some(name), Vec::new()));
                        current = sections.len() - 1;
                    }
                }
            } else if line.trim_start().starts_with("[[") {
                sections.push((None, Vec::new()));
                current = sections.len() - 1;
            }
            sections[current].1.push((n, line));
        }
        let mut text = String::with_capacity(file.len() + 16);
        let mut original = Vec::new();
        for (n, line) in sections.into_iter().flat_map(|(_, l)| l) {
            text.push_str(line);
            text.push('\n');
            original.push(n);
        }
        text.pop();
        Source { text, original }
    }

    /// The file's 1-based line of the byte offset `at` of `text`.
    pub(super) fn line(&self, at: usize) -> usize {
        let n = self.text.as_bytes()[..at.min(self.text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.original.get(n).copied().unwrap_or(n + 1)
    }
}

/// The name of a `[table]` header line (white space removed); `None` for any other line.
fn table_name(line: &str) -> Option<String> {
    let t = line.trim();
    if !t.starts_with('[') || t.starts_with("[[") {
        return None;
    }
    let (header, after) = split_header(t)?;
    let after = after.trim_start();
    (after.is_empty() || after.starts_with('#'))
        .then(|| header.chars().filter(|c| !c.is_whitespace()).collect())
}

/// `[…]` and what follows it, the closing bracket found outside quotes; `None` when the
/// brackets hold a comma (an array, not a table name) or do not close.
fn split_header(rest: &str) -> Option<(&str, &str)> {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => return Some(rest.split_at(i + 1)),
            (None, ',') => return None,
            _ => {}
        }
    }
    None
}

/// `[table] key = value` → (`[table]`, `key = value`); `None` for any other line.
fn header_and_setting(line: &str) -> Option<(&str, &str)> {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    if !rest.starts_with('[') || rest.starts_with("[[") {
        return None;
    }
    let (header, after) = split_header(rest)?;
    let after = after.trim_start();
    (!after.is_empty() && !after.starts_with('#') && after.contains('='))
        .then_some((&line[..start + header.len()], after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::input::schema::{Field, TableKind};

    #[test]
    fn a_table_header_and_a_setting_on_one_line() {
        let c = Config::parse(
            "isolation_days = 14\n[aliases.households] members = [\"家庭人口数\"]\n[communities] \"振兴居\" = \"振兴社区\"  # 同一社区\n\"城东居\" = \"城东社区\"\n",
        )
        .unwrap();
        assert_eq!(
            c.aliases[&TableKind::Households][&Field::Members],
            ["家庭人口数"]
        );
        assert_eq!(c.communities["振兴居"], "振兴社区");
        // Lines stay the file's.
        assert_eq!(c.lines.communities["振兴居"], 3);
        assert_eq!(c.lines.communities["城东居"], 4);
        let e = Config::parse("[aliases.households] heads = [\"户主\"]\nx = 1").unwrap_err();
        assert!(e.starts_with("line 1, [aliases.households] heads"), "{e}");
        // Not headers: arrays on their own lines, comments.
        for line in [
            "[\"a\"],",
            "[\"a\", \"b\"] = 1",
            "[x] # note",
            "[[x]] a = 1",
            "  [x]",
        ] {
            assert_eq!(header_and_setting(line), None, "{line}");
        }
        assert_eq!(
            header_and_setting("  [mail.to] \"a]\" = \"b@c\""),
            Some(("  [mail.to]", "\"a]\" = \"b@c\""))
        );
        // A table written again continues the first (init's file has [communities]).
        let text = format!(
            "{}[communities] \"振兴居\" = \"振兴社区\"\n[aliases.households] members = [\"家庭人口数\"]\n",
            crate::init::template()
        );
        let c = Config::parse(&text).unwrap();
        assert_eq!(c.communities["振兴居"], "振兴社区");
        let n = text.lines().count();
        assert_eq!(c.lines.communities["振兴居"], n - 1);
        let e =
            Config::parse("[communities]\n\"a\" = \"b\"\n[mail.to]\n[communities]\n\"a\" = \"c\"")
                .unwrap_err();
        assert!(e.starts_with("line 5, "), "{e}");
        assert_eq!(table_name(" [ mail.to ] # x"), Some("[mail.to]".into()));
        assert_eq!(table_name("[a] b = 1"), None);
    }
}
