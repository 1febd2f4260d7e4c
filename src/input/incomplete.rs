//! `table_incomplete` (SPEC §9.2): a sheet whose header rows look like a table kind that
//! lacks a required column — most often a column that was renamed — is named, with the
//! config line that would let it be read. A household register whose `人数` column became
//! `家庭人口数` is otherwise read silently as a grids table, and its households vanish.

use super::aliases::{matched_fields, Aliases};
use super::{Cell, Sheet};
use crate::config::toml_string;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::normalize::text;
use crate::vocab::tables::{is_non_data, Field, TableKind};

/// At most this many unmatched header texts are named, each cut to this many characters.
const MAX_NAMED: usize = 8;
const MAX_CHARS: usize = 30;

/// The kind a sheet looks like but cannot be read as, and where.
#[derive(Debug, PartialEq)]
struct Candidate {
    kind: TableKind,
    /// 0-based row of the kind's best scanned row.
    row: usize,
    matched: Vec<Field>,
}

/// The `table_incomplete` issue of a sheet, if any (without file and sheet; the caller places
/// it). `normalized` holds the scanned rows' normalized header texts; `read_as` is the kind
/// the sheet is read as with the number of fields it matched in its header row (`None`:
/// unrecognized).
pub(crate) fn table_incomplete(
    sheet: &Sheet,
    normalized: &[Vec<Option<String>>],
    read_as: Option<(TableKind, usize)>,
    aliases: &Aliases,
    lang: Lang,
) -> Option<Issue> {
    let k = candidate(normalized, read_as, aliases)?;
    let cells = sheet.rows.get(k.row)?;
    let first = cells.iter().position(|c| !c.is_empty())?;
    let missing: Vec<Field> = k
        .kind
        .fields()
        .iter()
        .filter(|(f, req)| *req && !k.matched.contains(f))
        .map(|(f, _)| *f)
        .collect();
    let unmatched = unmatched_headers(cells, &normalized[k.row], k.kind, aliases);
    let msg = message(&k, k.row as u32 + 1, &missing, &unmatched, read_as, lang);
    Some(Issue::new(Rule::TableIncomplete, msg).at(k.row as u32 + 1, first as u32))
}

/// SPEC §9.2: each kind's best row is the scanned row with the most matched fields (the
/// earliest on a tie); K is the kind whose best row has the most matched fields among those
/// that qualify — at least 3 matched, a required field missing, more matched fields than the
/// kind the sheet is read as — ties in §2's kind order.
fn candidate(
    normalized: &[Vec<Option<String>>],
    read_as: Option<(TableKind, usize)>,
    aliases: &Aliases,
) -> Option<Candidate> {
    let mut best_k: Option<Candidate> = None;
    for kind in TableKind::ALL {
        let mut best: Option<(usize, Vec<Field>)> = None;
        for (r, row) in normalized.iter().enumerate() {
            let matched = matched_fields(kind, row, aliases);
            if best.as_ref().is_none_or(|(_, m)| matched.len() > m.len()) {
                best = Some((r, matched));
            }
        }
        let Some((row, matched)) = best else {
            continue;
        };
        let lacks_required = kind
            .fields()
            .iter()
            .any(|(f, req)| *req && !matched.contains(f));
        let beats_read_as = read_as.is_none_or(|(_, n)| matched.len() > n);
        if matched.len() >= 3
            && lacks_required
            && beats_read_as
            && best_k
                .as_ref()
                .is_none_or(|k| matched.len() > k.matched.len())
        {
            best_k = Some(Candidate { kind, row, matched });
        }
    }
    best_k
}

/// The texts of the row's header cells that match no field of `kind` and are no known
/// non-data column (the likely renamed columns), each once, in column order.
fn unmatched_headers(
    cells: &[Cell],
    normalized: &[Option<String>],
    kind: TableKind,
    aliases: &Aliases,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (cell, norm) in cells.iter().zip(normalized) {
        let Some(norm) = norm else {
            continue;
        };
        if aliases.field(kind, norm).is_some() || is_non_data(norm) {
            continue;
        }
        // Only text cells, and none holding a long number (an id or phone number): a header
        // row holds headers, but the row is the clerk's and personal data never goes into
        // a message.
        if !matches!(cell, Cell::Text(_)) {
            continue;
        }
        let Some(raw) = text(cell) else {
            continue;
        };
        if raw.chars().filter(char::is_ascii_digit).count() >= 7 {
            continue;
        }
        let raw: String = raw.chars().take(MAX_CHARS).collect();
        if !out.contains(&raw) {
            out.push(raw);
        }
    }
    out
}

/// The config lines that would let the sheet be read: with one missing field and one
/// unmatched header, exactly that alias; otherwise one line per missing field with a
/// placeholder for the header (the message lists the candidates). `None` when the row
/// has no unmatched header (the column is absent: no alias can help).
fn config_lines(
    kind: TableKind,
    missing: &[Field],
    unmatched: &[String],
    lang: Lang,
) -> Option<String> {
    if unmatched.is_empty() || missing.is_empty() {
        return None;
    }
    let placeholder = lang.pick("实际列名", "the column's header");
    let value = |h: &str| format!("[{}]", toml_string(h));
    let lines: Vec<String> = match (missing, unmatched) {
        ([f], [h]) => vec![format!("{} = {}", f.as_str(), value(h))],
        _ => missing
            .iter()
            .map(|f| format!("{} = {}", f.as_str(), value(placeholder)))
            .collect(),
    };
    // The table header goes on the first line (the config reader takes a header and a
    // setting on one line); the other settings follow on lines of their own.
    Some(format!("[aliases.{}] {}", kind.as_str(), lines.join(" / ")))
}

fn message(
    k: &Candidate,
    row: u32,
    missing: &[Field],
    unmatched: &[String],
    read_as: Option<(TableKind, usize)>,
    lang: Lang,
) -> String {
    let label = k.kind.label(lang);
    let sep = lang.pick("、", ", ");
    let quote = |s: &str| match lang {
        Lang::Zh => format!("“{s}”"),
        Lang::En => format!("'{s}'"),
    };
    let missing_names: Vec<String> = missing.iter().map(|f| quote(f.label(lang))).collect();
    let found = k.matched.len();
    let shown: Vec<String> = unmatched.iter().take(MAX_NAMED).map(|h| quote(h)).collect();
    let more = unmatched.len().saturating_sub(MAX_NAMED);
    let mut headers = shown.join(sep);
    if more > 0 {
        headers.push_str(&match lang {
            Lang::Zh => format!(" 等 {} 个", unmatched.len()),
            Lang::En => format!(" and {more} more"),
        });
    }
    let read = match (read_as, lang) {
        (Some((kind, _)), Lang::Zh) => format!("此表现按{}表读取", kind.label(lang)),
        (Some((kind, _)), Lang::En) => format!("the sheet is read as a {} table", kind.as_str()),
        (None, Lang::Zh) => "此表未读取".to_string(),
        (None, Lang::En) => "the sheet is not read".to_string(),
    };
    let lines = config_lines(k.kind, missing, unmatched, lang);
    let one = missing.len() == 1 && unmatched.len() == 1;
    match lang {
        Lang::Zh => {
            let mut m = format!(
                "第 {row} 行像是{label}表的表头（认出 {found} 列），但缺少必填列{}，{read}",
                missing_names.join(sep)
            );
            match (&lines, one) {
                (None, _) => m.push_str("；这一行没有未识别的列名：请在表中补上缺少的列"),
                (Some(l), true) => m.push_str(&format!(
                    "；未识别的列名：{headers}。如果{headers}就是{}，请在 gridreport.toml 末尾加上一行：{l}",
                    missing_names.join(sep)
                )),
                (Some(l), false) => m.push_str(&format!(
                    "；未识别的列名：{headers}。请把缺少的列改回标准列名，或在 gridreport.toml 末尾加上：{l}（每项一行，把“实际列名”换成上面对应的列名）"
                )),
            }
            m
        }
        Lang::En => {
            let mut m = format!(
                "row {row} looks like the header of a {} table ({found} columns recognized) but lacks the required {}; {read}",
                k.kind.as_str(),
                missing_names.join(sep)
            );
            match (&lines, one) {
                (None, _) => m.push_str("; no header in that row is unrecognized: add the missing column to the sheet"),
                (Some(l), true) => m.push_str(&format!(
                    "; unrecognized header: {headers}. If {headers} is {}, add this line at the end of gridreport.toml: {l}",
                    missing_names.join(sep)
                )),
                (Some(l), false) => m.push_str(&format!(
                    "; unrecognized headers: {headers}. Rename the missing columns to their standard names, or add at the end of gridreport.toml: {l} (one per line, with the matching header from the list)"
                )),
            }
            m
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn run(rows: Vec<Vec<Cell>>, read_as: Option<(TableKind, usize)>, lang: Lang) -> Option<Issue> {
        let sheet = Sheet {
            name: "S".into(),
            rows,
            ..Sheet::default()
        };
        let aliases = Aliases::new(&Config::default());
        let normalized: Vec<Vec<Option<String>>> = sheet
            .rows
            .iter()
            .map(|r| r.iter().map(super::super::table::header_text).collect())
            .collect();
        table_incomplete(&sheet, &normalized, read_as, &aliases, lang)
    }

    fn hh_header(members: &str) -> Vec<Cell> {
        [
            "",
            "序号",
            "社区",
            "大网格",
            "楼栋",
            "户号",
            members,
            "户主姓名",
            "联系电话",
        ]
        .iter()
        .map(|s| if s.is_empty() { Cell::Empty } else { t(s) })
        .collect()
    }

    #[test]
    fn renamed_members_column_read_as_grids() {
        let rows = vec![vec![t("城东社区住户台账")], hh_header("家庭人口数")];
        let i = run(rows.clone(), Some((TableKind::Grids, 3)), Lang::Zh).unwrap();
        assert_eq!(i.rule, Rule::TableIncomplete);
        assert_eq!(i.cell.as_deref(), Some("B2"));
        assert!(i.message.contains("住户台账"), "{}", i.message);
        assert!(i.message.contains("“人数”"), "{}", i.message);
        assert!(i.message.contains("网格划分"), "{}", i.message);
        assert!(
            i.message
                .contains(r#"[aliases.households] members = ["家庭人口数"]"#),
            "{}",
            i.message
        );
        assert!(!i.message.contains("序号"), "{}", i.message);
        let en = run(rows, Some((TableKind::Grids, 3)), Lang::En).unwrap();
        assert!(
            en.message.contains("households table") && en.message.contains("'members'"),
            "{}",
            en.message
        );
    }

    /// (rows, read as, the expected kind and cell or none)
    type Case = (
        Vec<Vec<Cell>>,
        Option<(TableKind, usize)>,
        Option<(TableKind, &'static str)>,
    );

    #[test]
    fn when_it_applies() {
        // (rows, read as, expected kind and cell or none)
        let grids = vec![vec![t("社区"), t("大网格"), t("楼栋")]];
        let daily = vec![vec![t("日期"), t("社区"), t("大网格"), t("走访户数")]];
        let two_rows = vec![
            vec![t("社区"), t("大网格"), t("x")],
            vec![
                Cell::Empty,
                t("社区"),
                t("大网格"),
                t("楼栋"),
                t("户号"),
                t("口数"),
            ],
        ];
        let staff_no_role = vec![vec![
            t("社区"),
            t("姓名"),
            t("性别"),
            t("出生日期"),
            t("职称"),
        ]];
        let cases: Vec<Case> = vec![
            // A real grids table: households matches as many fields, not more.
            (grids, Some((TableKind::Grids, 3)), None),
            (daily, Some((TableKind::Daily, 4)), None),
            // Unrecognized: the best row wins, at its leftmost non-empty cell.
            (two_rows.clone(), None, Some((TableKind::Households, "B2"))),
            // Read as a kind that matched as many fields: nothing.
            (two_rows, Some((TableKind::Grids, 4)), None),
            (staff_no_role, None, Some((TableKind::Staff, "A1"))),
            // Two fields only: too little to say.
            (vec![vec![t("社区"), t("户号")]], None, None),
        ];
        for (rows, read_as, want) in cases {
            let got = run(rows.clone(), read_as, Lang::En).map(|i| (i.cell, i.message));
            match want {
                None => assert!(got.is_none(), "{rows:?}: {got:?}"),
                Some((kind, cell)) => {
                    let (c, m) = got.unwrap_or_else(|| panic!("{rows:?}"));
                    assert_eq!(c.as_deref(), Some(cell), "{m}");
                    assert!(m.contains(&format!("a {} table", kind.as_str())), "{m}");
                }
            }
        }
    }

    #[test]
    fn numbers_and_long_digit_strings_are_never_named() {
        let rows = vec![vec![
            t("社区"),
            t("大网格"),
            t("楼栋"),
            t("户号"),
            Cell::Number(3.0),
            t("13800138000"),
            t("440703198001011234"),
            t("家庭人口数"),
        ]];
        let m = run(rows, None, Lang::En).unwrap().message;
        assert!(m.contains(r#"members = ["家庭人口数"]"#), "{m}");
        assert!(!m.contains("1380013") && !m.contains("4407031"), "{m}");
    }

    #[test]
    fn several_missing_fields_get_placeholders_and_no_header_no_line() {
        let rows = vec![vec![
            t("社区"),
            t("大网格"),
            t("楼栋"),
            t("门牌"),
            t("口数"),
        ]];
        let m = run(rows, None, Lang::Zh).unwrap().message;
        assert!(m.contains("“户号”、“人数”"), "{m}");
        assert!(
            m.contains(
                r#"[aliases.households] household_id = ["实际列名"] / members = ["实际列名"]"#
            ),
            "{m}"
        );
        assert!(m.contains("“门牌”、“口数”"), "{m}");
        let rows = vec![vec![t("社区"), t("姓名"), t("性别"), t("年龄")]];
        let m = run(rows, None, Lang::En).unwrap().message;
        assert!(m.contains("add the missing column"), "{m}");
        assert!(!m.contains("[aliases"), "{m}");
    }
}
