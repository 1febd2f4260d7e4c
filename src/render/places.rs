//! How files, sheets and communities are named and linked on the HTML pages. With config
//! `html_file_names = false` no file path, file name or sheet name reaches a page: places
//! are shown as `文件 3` / `file 3` and `工作表 2` / `sheet 2` (their positions in `files` and
//! in the file's `sheets`), in headings and inside issue messages alike (`Names::message`).

use std::collections::HashMap;

use crate::render::labels::label;
use crate::stats::Summary;
use crate::vocab::issue::Issue;
use crate::vocab::lang::Lang;

/// Marks a file placeholder inside a message being scrubbed: `\u{E000}`, the file's index
/// in hexadecimal written with the private-use characters `\u{E010}`–`\u{E01F}` (so that no
/// file name can match inside a placeholder), `\u{E001}`.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const HEX0: u32 = 0xE010;

fn placeholder(n: usize) -> String {
    let mut s = String::new();
    s.push(OPEN);
    for d in format!("{n:x}").chars() {
        let v = d.to_digit(16).unwrap_or(0);
        s.push(char::from_u32(HEX0 + v).unwrap_or(OPEN));
    }
    s.push(CLOSE);
    s
}

fn placeholder_value(chars: &[char]) -> Option<usize> {
    let mut n: usize = 0;
    for c in chars {
        let v = u32::from(*c).checked_sub(HEX0).filter(|v| *v < 16)?;
        n = n.checked_mul(16)?.checked_add(v as usize)?;
    }
    Some(n)
}

/// How files, sheets and communities are named and linked on the pages.
pub struct Names<'a> {
    pub lang: Lang,
    pub show_names: bool,
    /// File path → 1-based index in `summary.files`.
    file_index: HashMap<&'a str, usize>,
    /// (file path, sheet name) → 1-based index of the sheet in its file.
    sheet_index: HashMap<(&'a str, &'a str), usize>,
    /// Sheet name → the first file (1-based index) that has a sheet of that name.
    sheet_anywhere: HashMap<&'a str, (&'a str, usize)>,
    /// Texts that name a file, longest first: paths, file names (with extension); and the
    /// stems (file names without extension), matched only as whole quoted parts.
    file_texts: Vec<(&'a str, usize)>,
    stems: HashMap<&'a str, usize>,
    /// Community display name → link from the site's top folder.
    community_href: HashMap<&'a str, String>,
}

impl<'a> Names<'a> {
    pub fn new(
        summary: &'a Summary,
        safe: &[String],
        cfg: &crate::config::Config,
        lang: Lang,
    ) -> Names<'a> {
        Names::in_folder(summary, safe, cfg, lang, "communities")
    }

    /// [`Names::new`] for pages of the communities (a roll-up's: of its units) in `folder`.
    pub fn in_folder(
        summary: &'a Summary,
        safe: &[String],
        cfg: &crate::config::Config,
        lang: Lang,
        folder: &str,
    ) -> Names<'a> {
        let mut file_index = HashMap::new();
        let mut sheet_index = HashMap::new();
        let mut sheet_anywhere = HashMap::new();
        let mut file_texts = Vec::new();
        let mut stems = HashMap::new();
        for (i, f) in summary.files.iter().enumerate() {
            let n = i + 1;
            file_index.entry(f.path.as_str()).or_insert(n);
            file_texts.push((f.path.as_str(), n));
            let base = f.path.rsplit('/').next().unwrap_or(&f.path);
            if base != f.path && base.contains('.') {
                file_texts.push((base, n));
            }
            let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
            if !stem.is_empty() {
                stems.entry(stem).or_insert(n);
            }
            for (j, s) in f.sheets.iter().enumerate() {
                sheet_index
                    .entry((f.path.as_str(), s.name.as_str()))
                    .or_insert(j + 1);
                sheet_anywhere
                    .entry(s.name.as_str())
                    .or_insert((f.path.as_str(), j + 1));
            }
        }
        // Longest first, so that a path wins over the file name inside it.
        file_texts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        file_texts.retain(|(t, _)| !t.is_empty());
        let community_href = summary
            .communities
            .iter()
            .zip(safe)
            .map(|(c, s)| (c.name.as_str(), format!("{folder}/{}.html", url_segment(s))))
            .collect();
        Names {
            lang,
            show_names: cfg.html_file_names,
            file_index,
            sheet_index,
            sheet_anywhere,
            file_texts,
            stems,
            community_href,
        }
    }

    fn file_n(&self, n: usize) -> String {
        format!("{} {n}", label(self.lang, "file_n"))
    }

    fn sheet_n(&self, n: Option<usize>) -> String {
        match n {
            Some(n) => format!("{} {n}", label(self.lang, "sheet_n")),
            None => format!("{} ?", label(self.lang, "sheet_n")),
        }
    }

    /// A file as shown: its path, or `文件 3` / `file 3` when names are hidden.
    pub fn file(&self, path: &str) -> String {
        if self.show_names {
            return path.to_string();
        }
        match self.file_index.get(path) {
            Some(&n) => self.file_n(n),
            None => format!("{} ?", label(self.lang, "file_n")),
        }
    }

    /// A sheet as shown: its name, or `工作表 2` / `sheet 2` when names are hidden.
    pub fn sheet(&self, path: &str, sheet: &str) -> String {
        if self.show_names {
            return sheet.to_string();
        }
        self.sheet_n(self.sheet_index.get(&(path, sheet)).copied())
    }

    /// A sheet of an optional file as shown: `整个文件` / `Whole file` for a file-level issue,
    /// `—` for one that is in no file.
    pub fn sheet_opt(&self, path: Option<&str>, sheet: Option<&str>) -> String {
        match (path, sheet) {
            (Some(f), Some(s)) => self.sheet(f, s),
            (None, Some(s)) if self.show_names => s.to_string(),
            (None, Some(_)) => self.sheet_n(None),
            (Some(_), None) => label(self.lang, "no_sheet"),
            (None, None) => crate::render::filters::NONE.to_string(),
        }
    }

    /// A file of an issue as shown (`不属于某个文件` when there is none).
    pub fn file_opt(&self, path: Option<&str>) -> String {
        match path {
            Some(f) => self.file(f),
            None => label(self.lang, "no_file"),
        }
    }

    /// An issue's message as shown: as it is, or with every file and sheet it names
    /// replaced by `文件 3` / `工作表 2` when names are hidden.
    pub fn message(&self, i: &Issue) -> String {
        if self.show_names {
            return i.message.clone();
        }
        self.scrub(&i.message, i.file.as_deref())
    }

    /// Replace paths and file names anywhere, and quoted stems and sheet names; a sheet is
    /// numbered within the file named last before it in the message, else the issue's file.
    pub fn scrub(&self, msg: &str, own_file: Option<&str>) -> String {
        let mut text = msg.to_string();
        for (t, n) in &self.file_texts {
            if text.contains(t) {
                text = text.replace(t, &placeholder(*n));
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut last_file: Option<usize> = own_file.and_then(|f| self.file_index.get(f).copied());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == OPEN {
                if let Some(end) = (i + 1..chars.len()).find(|&j| chars[j] == CLOSE) {
                    if let Some(n) = placeholder_value(&chars[i + 1..end]) {
                        last_file = Some(n);
                        out.push_str(&self.file_n(n));
                        i = end + 1;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            if let Some((close, end)) = quoted(&chars, i) {
                let inner: String = chars[i + 1..end].iter().collect();
                if let Some(shown) = self.quoted_name(&inner, last_file) {
                    out.push(c);
                    out.push_str(&shown);
                    out.push(close);
                    i = end + 1;
                    continue;
                }
            }
            out.push(c);
            i += 1;
        }
        out
    }

    /// A quoted text that names a sheet or a file (stem), as shown; `None` when it names none.
    fn quoted_name(&self, inner: &str, last_file: Option<usize>) -> Option<String> {
        let path_of = |n: usize| {
            self.file_index
                .iter()
                .find(|(_, &k)| k == n)
                .map(|(p, _)| *p)
        };
        if let Some(p) = last_file.and_then(path_of) {
            if let Some(&j) = self.sheet_index.get(&(p, inner)) {
                return Some(self.sheet_n(Some(j)));
            }
        }
        if self.sheet_anywhere.contains_key(inner) {
            return Some(self.sheet_n(None));
        }
        self.stems.get(inner).map(|&n| self.file_n(n))
    }

    pub fn file_anchor(&self, path: Option<&str>) -> String {
        match path {
            None => "f0".to_string(),
            Some(p) => match self.file_index.get(p) {
                Some(n) => format!("f{n}"),
                None => format!("fx{}", hex_id(p)),
            },
        }
    }

    pub fn sheet_anchor(&self, path: Option<&str>, sheet: Option<&str>) -> String {
        let file = self.file_anchor(path);
        match (path, sheet) {
            (_, None) => format!("{file}-s0"),
            (Some(p), Some(s)) => match self.sheet_index.get(&(p, s)) {
                Some(n) => format!("{file}-s{n}"),
                None => format!("{file}-sx{}", hex_id(s)),
            },
            (None, Some(s)) => format!("{file}-sx{}", hex_id(s)),
        }
    }

    pub fn community_href(&self, name: &str) -> Option<&str> {
        self.community_href.get(name).map(String::as_str)
    }
}

/// A quoted part starting at `chars[i]`: its closing quote and where it is.
fn quoted(chars: &[char], i: usize) -> Option<(char, usize)> {
    let close = match chars[i] {
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '"' => '"',
        '\'' if i == 0 || !chars[i - 1].is_alphanumeric() => '\'',
        _ => return None,
    };
    let end = (i + 1..chars.len()).find(|&j| {
        chars[j] == close
            && (close != '\'' || chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric()))
    })?;
    Some((close, end))
}

/// A short stable id for text that has no index (FNV-1a, hex).
fn hex_id(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Percent-encode one path segment for an `href` (everything but unreserved ASCII), so a
/// community named `a#b` or `50%` still links to its file.
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::stats::{FileEntry, FileStatus, SheetEntry, SheetKind};
    use crate::vocab::issue::Rule;
    use crate::vocab::tables::TableKind;

    fn summary() -> Summary {
        let sheet = |name: &str| SheetEntry {
            name: name.into(),
            kind: SheetKind::Table(TableKind::Households),
            header_row: Some(1),
            rows: 1,
            rows_used: 1,
        };
        let mut s =
            crate::stats::Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        s.files = vec![
            FileEntry {
                path: "甲/秘密台账.xlsx".into(),
                format: "xlsx".into(),
                status: FileStatus::Read,
                sheets: vec![sheet("封面"), sheet("机密表")],
            },
            FileEntry {
                path: "乙/名单.csv".into(),
                format: "csv".into(),
                status: FileStatus::Read,
                sheets: vec![sheet("名单")],
            },
        ];
        s
    }

    #[test]
    fn hidden_names_leave_no_file_or_sheet_in_messages() {
        let s = summary();
        let cfg = Config {
            html_file_names: false,
            ..Config::default()
        };
        let zh = Names::new(&s, &[], &cfg, Lang::Zh);
        let en = Names::new(&s, &[], &cfg, Lang::En);
        let cases = [
            (
                &zh,
                "与 甲/秘密台账.xlsx，工作表“机密表”，第 13 行 重复",
                Some("乙/名单.csv"),
                "与 文件 1，工作表“工作表 2”，第 13 行 重复",
            ),
            (
                &en,
                "duplicate of 甲/秘密台账.xlsx, sheet '机密表', row 13; counted once",
                None,
                "duplicate of file 1, sheet 'sheet 2', row 13; counted once",
            ),
            (
                &zh,
                "工作表“名单”无法读取：文件已损坏",
                Some("乙/名单.csv"),
                "工作表“工作表 1”无法读取：文件已损坏",
            ),
            (&zh, "与 秘密台账.xlsx 内容相同", None, "与 文件 1 内容相同"),
            (&zh, "见“秘密台账”", None, "见“文件 1”"),
            (&zh, "工作表“机密表”", None, "工作表“工作表 ?”"),
            (&zh, "住户台账与名单无关", None, "住户台账与名单无关"),
        ];
        for (names, msg, own, want) in cases {
            let mut i = Issue::new(Rule::DuplicateRow, msg);
            i.file = own.map(str::to_string);
            assert_eq!(names.message(&i), want, "{msg}");
        }
        let shown = Names::new(&s, &[], &Config::default(), Lang::Zh);
        let i = Issue::new(Rule::DuplicateRow, "与 甲/秘密台账.xlsx 重复");
        assert_eq!(shown.message(&i), "与 甲/秘密台账.xlsx 重复");
    }

    #[test]
    fn hidden_file_names() {
        let s = summary();
        let cfg = Config {
            html_file_names: false,
            ..Config::default()
        };
        let names = Names::new(&s, &[], &cfg, Lang::Zh);
        assert_eq!(names.file("甲/秘密台账.xlsx"), "文件 1");
        assert_eq!(names.sheet("甲/秘密台账.xlsx", "机密表"), "工作表 2");
        let names = Names::new(&s, &[], &cfg, Lang::En);
        assert_eq!(names.file("乙/名单.csv"), "file 2");
        assert_eq!(names.sheet("乙/名单.csv", "名单"), "sheet 1");
        let names = Names::new(&s, &[], &Config::default(), Lang::En);
        assert_eq!(names.file("乙/名单.csv"), "乙/名单.csv");
        assert_eq!(names.sheet("乙/名单.csv", "名单"), "名单");
    }

    #[test]
    fn url_segments() {
        assert_eq!(url_segment("abc-1.x"), "abc-1.x");
        assert_eq!(url_segment("a b#%"), "a%20b%23%25");
        assert_eq!(url_segment("城东"), "%E5%9F%8E%E4%B8%9C");
    }
}
