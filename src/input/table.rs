//! Finding the table in a sheet (SPEC §2): the header row, the columns of the detected kind,
//! and the data rows below it (blank rows and footers skipped, merges spread).

use std::collections::HashMap;

use super::aliases::matched_fields;
pub use super::aliases::Aliases;

use super::{Cell, Sheet};
use crate::config::Config;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::normalize::{is_footer, normalize_header, text};
use crate::vocab::tables::{is_non_data, Field, TableKind};

/// A recognized table: its kind, header row and the cells of each data row by field.
#[derive(Debug)]
pub struct Table<'a> {
    pub kind: TableKind,
    /// 1-based header row.
    pub header_row: u32,
    /// The column (0-based) of each field of the kind that has one.
    pub columns: HashMap<Field, u32>,
    pub rows: Vec<TableRow<'a>>,
}

#[derive(Debug)]
pub struct TableRow<'a> {
    /// 1-based row number.
    pub row: u32,
    /// The non-empty cells of the recognized columns, as they are in the sheet.
    pub cells: Vec<(Field, &'a Cell)>,
}

impl TableRow<'_> {
    pub fn get(&self, f: Field) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, c)| *c)
            .unwrap_or(&EMPTY)
    }
}

/// What became of a sheet.
#[derive(Debug)]
pub enum Found<'a> {
    Table(Table<'a>),
    /// No header row; `closest` says which fields were found/missing (for the issue).
    Unrecognized,
    /// Not a single non-empty cell.
    Empty,
}

/// Find the table of a sheet. Issues (`sheet_unrecognized`, `column_ignored`,
/// `column_duplicate`, `footer_skipped`) are pushed without file and sheet; the caller
/// places them.
pub fn find_table<'a>(
    sheet: &'a Sheet,
    aliases: &Aliases,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) -> Found<'a> {
    if sheet.rows.iter().all(|r| r.iter().all(Cell::is_empty)) {
        return Found::Empty;
    }
    let scan = (cfg.header_scan_rows as usize).min(sheet.rows.len());
    // The scanned rows' header texts, normalized once: the header row is found among them,
    // and `table_incomplete` looks at all of them (SPEC §9.2).
    let normalized: Vec<Vec<Option<String>>> = sheet
        .rows
        .iter()
        .take(scan)
        .map(|row| row.iter().map(header_text).collect())
        .collect();
    // Best partial match, for the unrecognized message: (required matched, kind, row).
    let mut closest: Option<(usize, TableKind, usize)> = None;
    // (row, kind, matched fields) of the header row.
    let mut header: Option<(usize, TableKind, usize)> = None;
    for (r, row) in normalized.iter().enumerate() {
        let mut best: Option<(usize, TableKind)> = None;
        for kind in TableKind::ALL {
            let matched = matched_fields(kind, row, aliases);
            let required = kind
                .fields()
                .iter()
                .filter(|(f, req)| *req && matched.contains(f))
                .count();
            let all_required = kind.fields().iter().filter(|(_, req)| *req).count();
            if required == all_required {
                if best.is_none_or(|(n, _)| matched.len() > n) {
                    best = Some((matched.len(), kind));
                }
            } else if required > 0 && closest.is_none_or(|(n, _, _)| required > n) {
                closest = Some((required, kind, r));
            }
        }
        if let Some((n, kind)) = best {
            header = Some((r, kind, n));
            break;
        }
    }
    let incomplete = super::incomplete::table_incomplete(
        sheet,
        &normalized,
        header.map(|(_, kind, n)| (kind, n)),
        aliases,
        lang,
    );
    let Some((header_idx, kind, _)) = header else {
        // `table_incomplete` replaces `sheet_unrecognized` (SPEC §9.2).
        issues.push(incomplete.unwrap_or_else(|| {
            Issue::new(
                Rule::SheetUnrecognized,
                unrecognized_message(sheet, closest, aliases, cfg, lang),
            )
        }));
        return Found::Unrecognized;
    };
    issues.extend(incomplete);

    // Columns.
    let header_cells = &sheet.rows[header_idx];
    let header_row = header_idx as u32 + 1;
    let mut columns: HashMap<Field, u32> = HashMap::new();
    let mut ignored: Vec<(u32, String)> = Vec::new();
    for (c, cell) in header_cells.iter().enumerate() {
        let Some(norm) = header_text(cell) else {
            continue;
        };
        let raw = text(cell).unwrap_or_default();
        match aliases.field(kind, &norm) {
            Some(field) if columns.contains_key(&field) => {
                let first = columns.get(&field).copied().unwrap_or(0);
                let msg = match lang {
                    Lang::Zh => format!(
                        "列“{raw}”与 {} 列重复（都是{}），只读取第一列，此列的值未读取：请删除或改名",
                        crate::vocab::cell::column_name(first),
                        field.label(lang)
                    ),
                    Lang::En => format!(
                        "column '{raw}' repeats column {} (both are {}); only the first is read, this one is not: delete or rename it",
                        crate::vocab::cell::column_name(first),
                        field.label(lang)
                    ),
                };
                issues.push(Issue::new(Rule::ColumnDuplicate, msg).at(header_row, c as u32));
            }
            Some(field) => {
                columns.insert(field, c as u32);
            }
            // Known non-data columns (序号, 备注 …) are dropped silently (SPEC §9.2).
            None if is_non_data(&norm) => {}
            None => ignored.push((c as u32, raw)),
        }
    }
    if let Some((first_col, _)) = ignored.first() {
        let names: Vec<String> = ignored.iter().map(|(_, n)| format!("“{n}”")).collect();
        let msg = match lang {
            Lang::Zh => format!(
                "以下列不属于{}表，未读取：{}",
                kind.label(lang),
                names.join("、")
            ),
            Lang::En => format!(
                "columns not part of a {} table were not read: {}",
                kind.as_str(),
                names.join(", ")
            ),
        };
        issues.push(Issue::new(Rule::ColumnIgnored, msg).at(header_row, *first_col));
    }

    // Data rows, with merged regions among them spread to every covered cell of a
    // recognized column (nothing else is read).
    let mut columns_sorted: Vec<(Field, u32)> = columns.iter().map(|(f, c)| (*f, *c)).collect();
    columns_sorted.sort_by_key(|(_, c)| *c);
    let mut merged: HashMap<(usize, u32), &Cell> = HashMap::new();
    for m in &sheet.merges {
        let top = m.first_row as usize;
        if top <= header_idx {
            continue;
        }
        let Some(value) = sheet
            .rows
            .get(top)
            .and_then(|r| r.get(m.first_col as usize))
        else {
            continue;
        };
        let last = (m.last_row as usize).min(sheet.rows.len().saturating_sub(1));
        for r in top..=last {
            for &(_, c) in columns_sorted
                .iter()
                .filter(|(_, c)| *c >= m.first_col && *c <= m.last_col)
            {
                merged.insert((r, c), value);
            }
        }
    }

    let mut rows = Vec::new();
    let mut footers = 0u32;
    let mut first_footer: Option<(u32, u32)> = None;
    for (r, cells) in sheet.rows.iter().enumerate().skip(header_idx + 1) {
        let row_no = r as u32 + 1;
        // Only a text cell can start with a footer word.
        if let Some((c, Cell::Text(t))) = cells.iter().enumerate().find(|(_, c)| !c.is_empty()) {
            if is_footer(t) {
                footers += 1;
                first_footer.get_or_insert((row_no, c as u32));
                continue;
            }
        }
        let mut by_field = Vec::with_capacity(columns_sorted.len());
        for &(f, c) in &columns_sorted {
            let cell = match merged.get(&(r, c)) {
                Some(v) => Some(*v),
                None => cells.get(c as usize),
            };
            if let Some(cell) = cell.filter(|cell| !cell.is_empty()) {
                by_field.push((f, cell));
            }
        }
        if !by_field.is_empty() {
            rows.push(TableRow {
                row: row_no,
                cells: by_field,
            });
        }
    }
    if let Some((r, c)) = first_footer {
        let msg = match lang {
            Lang::Zh => format!("跳过 {footers} 行表尾（合计、填表人等），不作为数据"),
            Lang::En => {
                format!("{footers} footer row(s) (totals, signatures …) skipped, not read as data")
            }
        };
        issues.push(Issue::new(Rule::FooterSkipped, msg).at(r, c));
    }
    Found::Table(Table {
        kind,
        header_row,
        columns,
        rows,
    })
}

pub(crate) fn header_text(cell: &Cell) -> Option<String> {
    let t = text(cell)?;
    let n = normalize_header(&t);
    (!n.is_empty()).then_some(n)
}

fn unrecognized_message(
    sheet: &Sheet,
    closest: Option<(usize, TableKind, usize)>,
    aliases: &Aliases,
    cfg: &Config,
    lang: Lang,
) -> String {
    let scan = cfg.header_scan_rows;
    match closest {
        None => match lang {
            Lang::Zh => format!("前 {scan} 行中没有找到表头（没有可识别的列名），此表未读取"),
            Lang::En => format!(
                "no header row in the first {scan} rows (no known column names); sheet not read"
            ),
        },
        Some((_, kind, r)) => {
            let normalized: Vec<Option<String>> = sheet.rows[r].iter().map(header_text).collect();
            let matched = matched_fields(kind, &normalized, aliases);
            let missing: Vec<&str> = kind
                .fields()
                .iter()
                .filter(|(f, req)| *req && !matched.contains(f))
                .map(|(f, _)| f.label(lang))
                .collect();
            let found: Vec<&str> = matched.iter().map(|f| f.label(lang)).collect();
            match lang {
                Lang::Zh => format!(
                    "前 {scan} 行中没有找到完整的表头；最接近的是第 {} 行的{}表：有 {}，缺少必填列 {}",
                    r + 1,
                    kind.label(lang),
                    found.join("、"),
                    missing.join("、")
                ),
                Lang::En => format!(
                    "no complete header row in the first {scan} rows; closest is row {} as a {} table: found {}, missing required {}",
                    r + 1,
                    kind.as_str(),
                    found.join(", "),
                    missing.join(", ")
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Merge;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "S".into(),
            rows,
            merges: vec![],
            date1904: false,
            serials_are_dates: true,
        }
    }

    fn find(s: &Sheet) -> (Found<'_>, Vec<Issue>) {
        let cfg = Config::default();
        let mut issues = Vec::new();
        let f = find_table(s, &Aliases::new(&cfg), &cfg, Lang::En, &mut issues);
        (f, issues)
    }

    #[test]
    fn header_below_title_rows_with_normalized_aliases() {
        let s = sheet(vec![
            vec![t("城东社区住户台账（2020年2月）")],
            vec![],
            vec![
                t("社 区"),
                t("大网格*"),
                t("楼栋号："),
                t("户号"),
                t("人数（人）"),
                t("ＭＥＭＢＥＲＳ"),
            ],
            vec![
                t("城东"),
                Cell::Number(1.0),
                t("A1"),
                t("H1"),
                Cell::Number(3.0),
            ],
        ]);
        let (found, issues) = find(&s);
        let Found::Table(table) = found else {
            panic!("no table")
        };
        assert_eq!(table.kind, TableKind::Households);
        assert_eq!(table.header_row, 3);
        assert_eq!(table.columns[&Field::Members], 4);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].row, 4);
        // The second members column (full-width `MEMBERS`) is a duplicate.
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, Rule::ColumnDuplicate);
        assert_eq!(issues[0].cell.as_deref(), Some("F3"));
    }

    #[test]
    fn most_matched_fields_win_and_ties_go_to_the_earlier_kind() {
        // Community, big grid, building: grids; with 日期 also daily (3 of 8) vs grids (3 of 3):
        // daily matches 3 fields, grids 3 → tie → daily comes first in the order.
        let s = sheet(vec![
            vec![t("日期"), t("社区"), t("大网格"), t("楼栋")],
            vec![t("2020-03-01"), t("c"), t("1"), t("b")],
        ]);
        let Found::Table(table) = find(&s).0 else {
            panic!()
        };
        assert_eq!(table.kind, TableKind::Daily);
        // One more daily field: daily wins by count.
        let s = sheet(vec![
            vec![t("社区"), t("大网格"), t("楼栋")],
            vec![t("c"), t("1"), t("b")],
        ]);
        let Found::Table(table) = find(&s).0 else {
            panic!()
        };
        assert_eq!(table.kind, TableKind::Grids);
    }

    #[test]
    fn footers_blank_rows_ignored_columns_and_merges() {
        let mut s = sheet(vec![
            vec![
                t("序号"),
                t("社区"),
                t("网格"),
                t("楼号"),
                t("备注"),
                t("附注"),
            ],
            vec![Cell::Number(1.0), t("城东"), t("1"), t("A1")],
            vec![Cell::Number(2.0), Cell::Empty, Cell::Empty, t("A2")],
            vec![Cell::Number(3.0), Cell::Error("#N/A".into()), t(" ")],
            vec![t("合计"), Cell::Empty, Cell::Empty, Cell::Number(2.0)],
            vec![Cell::Empty, t("填表人：张三")],
        ]);
        // 社区 merged down over rows 2–3 (0-based 1–2).
        s.merges = vec![Merge {
            first_row: 1,
            first_col: 1,
            last_row: 2,
            last_col: 1,
        }];
        let (found, issues) = find(&s);
        let Found::Table(table) = found else { panic!() };
        assert_eq!(table.kind, TableKind::Grids);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].get(Field::Community), &t("城东"));
        assert_eq!(table.rows[1].get(Field::BigGrid), &Cell::Empty);
        let rules: Vec<(Rule, Option<&str>)> =
            issues.iter().map(|i| (i.rule, i.cell.as_deref())).collect();
        assert_eq!(
            rules,
            vec![
                (Rule::ColumnIgnored, Some("F1")),
                (Rule::FooterSkipped, Some("A5"))
            ]
        );
        assert!(
            issues[1].message.starts_with("2 footer"),
            "{}",
            issues[1].message
        );
        // 序号 and 备注 are known non-data columns: not listed (SPEC §9.2).
        assert!(issues[0].message.contains("附注"));
        assert!(!issues[0].message.contains("备注") && !issues[0].message.contains("序号"));
    }

    #[test]
    fn unrecognized_and_empty_sheets() {
        let s = sheet(vec![vec![t("说明")], vec![t("社区"), t("户号")]]);
        let (found, issues) = find(&s);
        assert!(matches!(found, Found::Unrecognized));
        assert_eq!(issues[0].rule, Rule::SheetUnrecognized);
        assert!(
            issues[0]
                .message
                .contains("missing required big_grid, building, members"),
            "{}",
            issues[0].message
        );
        let s = sheet(vec![vec![Cell::Empty, t("  ")]]);
        let (found, issues) = find(&s);
        assert!(matches!(found, Found::Empty));
        assert!(issues.is_empty());
        // Past `header_scan_rows` no header is found.
        let mut rows = vec![vec![]; 30];
        rows.push(vec![t("社区"), t("大网格"), t("楼栋")]);
        assert!(matches!(find(&sheet(rows)).0, Found::Unrecognized));
    }

    #[test]
    fn config_aliases_are_added() {
        let mut cfg = Config::default();
        cfg.aliases
            .entry(TableKind::Grids)
            .or_default()
            .insert(Field::Building, vec!["栋（座）".into()]);
        let a = Aliases::new(&cfg);
        assert_eq!(a.field(TableKind::Grids, "栋"), Some(Field::Building));
        assert_eq!(a.field(TableKind::Grids, "楼栋"), Some(Field::Building));
        assert_eq!(a.field(TableKind::Staff, "隔离人员"), None);
        assert_eq!(a.field(TableKind::Isolation, "隔离人员"), Some(Field::Name));
    }

    #[test]
    fn known_non_data_columns_are_dropped_silently() {
        for header in [
            "序号",
            "No",
            "No.",
            "NO.",
            "备注",
            "说明",
            " 备 注 ",
            "序号（自动）",
        ] {
            let s = sheet(vec![
                vec![t(header), t("社区"), t("大网格"), t("楼栋")],
                vec![Cell::Number(1.0), t("城东"), t("1"), t("A1")],
            ]);
            let (found, issues) = find(&s);
            assert!(matches!(found, Found::Table(_)), "{header}");
            assert!(issues.is_empty(), "{header}: {issues:?}");
        }
        // A pre-filled 序号 does not make a row; a 备注 cell reading 合计 is still a footer.
        let s = sheet(vec![
            vec![t("备注"), t("社区"), t("大网格"), t("楼栋")],
            vec![Cell::Number(1.0)],
            vec![t("合计：3")],
        ]);
        let (found, issues) = find(&s);
        let Found::Table(table) = found else { panic!() };
        assert!(table.rows.is_empty());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, Rule::FooterSkipped);
    }

    #[test]
    fn a_renamed_required_column_is_named() {
        // 人数 renamed: read as grids, with `table_incomplete` at the header row.
        let s = sheet(vec![
            vec![t("住户台账")],
            vec![
                t("社区"),
                t("大网格"),
                t("楼栋"),
                t("户号"),
                t("家庭人口数"),
                t("备注"),
            ],
            vec![t("城东"), t("1"), t("A1"), t("H1"), Cell::Number(3.0)],
        ]);
        let (found, issues) = find(&s);
        let Found::Table(table) = found else { panic!() };
        assert_eq!(table.kind, TableKind::Grids);
        let rules: Vec<(Rule, Option<&str>)> =
            issues.iter().map(|i| (i.rule, i.cell.as_deref())).collect();
        assert_eq!(
            rules,
            vec![
                (Rule::TableIncomplete, Some("A2")),
                (Rule::ColumnIgnored, Some("D2"))
            ]
        );
        // With the alias, the households come back and nothing is reported.
        let mut cfg = Config::default();
        cfg.aliases
            .entry(TableKind::Households)
            .or_default()
            .insert(Field::Members, vec!["家庭人口数".into()]);
        let mut issues = Vec::new();
        let found = find_table(&s, &Aliases::new(&cfg), &cfg, Lang::En, &mut issues);
        let Found::Table(table) = found else { panic!() };
        assert_eq!(table.kind, TableKind::Households);
        assert_eq!(table.rows.len(), 1);
        assert!(issues.is_empty(), "{issues:?}");
        // An unrecognized sheet gets `table_incomplete` instead of `sheet_unrecognized`.
        let s = sheet(vec![vec![
            t("社区"),
            t("大网格"),
            t("楼号码"),
            t("户号"),
            t("人数"),
        ]]);
        let (found, issues) = find(&s);
        assert!(matches!(found, Found::Unrecognized));
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, Rule::TableIncomplete);
        assert!(
            issues[0].message.contains(r#"building = ["楼号码"]"#),
            "{}",
            issues[0].message
        );
    }
}
