//! The columns of each template sheet: every field of the kind (SPEC §3, in the schema's
//! order) under its canonical header — the field's first alias, which `build` reads back —
//! with `*` after the required ones (SPEC §2 drops the `*` when matching), the cell format
//! that keeps its values intact, and a width that fits the Chinese text.

use rust_xlsxwriter::Format;

use crate::render::xlsx::table::{column_width, text_width};
use crate::vocab::tables::{Field, TableKind, ValueType};

/// Excel's text format: what is typed stays as typed (no 4.40703E+17, no lost zeros, no
/// `1-2` turned into a date).
pub const TEXT: &str = "@";
pub const DATE: &str = "yyyy-mm-dd";
/// A time alone (below 1, a fraction of a day) as `hh:mm`; a date with a time in full.
pub const DATETIME: &str = "[<1]hh:mm;yyyy-mm-dd hh:mm";
pub const WHOLE: &str = "0";

/// Room for the autofilter button beside a table header.
const FILTER_BUTTON: usize = 3;

/// One column of a template sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub field: Field,
    pub required: bool,
    /// The header cell's text: the first alias, `*` after a required field.
    pub header: String,
}

/// The columns of a kind's sheet, in the schema's order.
pub fn columns(kind: TableKind) -> Vec<Column> {
    kind.fields()
        .iter()
        .map(|&(field, required)| Column {
            field,
            required,
            header: header(kind, field, required),
        })
        .collect()
}

/// The canonical header of a field: its first alias, marked `*` when required.
pub fn header(kind: TableKind, field: Field, required: bool) -> String {
    let name = canonical(kind, field);
    if required {
        format!("{name}*")
    } else {
        name.to_string()
    }
}

/// The field's first alias (SPEC §3), the name `build` reads.
pub fn canonical(kind: TableKind, field: Field) -> &'static str {
    kind.aliases(field)
        .first()
        .copied()
        .unwrap_or(field.as_str())
}

/// The number format of a column of this type.
pub fn number_format(t: ValueType) -> &'static str {
    match t {
        ValueType::Count | ValueType::Count0 => WHOLE,
        ValueType::Date => DATE,
        ValueType::DateTime => DATETIME,
        ValueType::Community
        | ValueType::Code
        | ValueType::Text
        | ValueType::Id
        | ValueType::Phone
        | ValueType::Compound
        | ValueType::Role
        | ValueType::Gender => TEXT,
    }
}

/// Excel's built-in number formats for `@` and `0`: every spreadsheet program knows these
/// ids, where a custom format with the same code may not be taken for text.
const TEXT_ID: u8 = 49;
const WHOLE_ID: u8 = 1;

/// The cell format of a column of this type.
pub fn cell_format(t: ValueType) -> Format {
    match number_format(t) {
        TEXT => Format::new().set_num_format_index(TEXT_ID),
        WHOLE => Format::new().set_num_format_index(WHOLE_ID),
        code => Format::new().set_num_format(code),
    }
}

/// The width (narrow characters) the values of a field usually need.
fn value_width(field: Field) -> usize {
    match field.value_type() {
        ValueType::Id => 20,
        ValueType::Phone => 14,
        ValueType::Date => 11,
        ValueType::DateTime => 17,
        ValueType::Count | ValueType::Count0 => 6,
        ValueType::Gender => 6,
        ValueType::Role | ValueType::Compound => 12,
        ValueType::Community | ValueType::Code => 10,
        ValueType::Text if field == Field::Address => 30,
        ValueType::Text => 10,
    }
}

/// The Excel width of a column: its header with the filter button, its usual values, and the
/// widest of `values` (the community's name, its codes).
pub fn width(column: &Column, values: &[String]) -> f64 {
    let widest = values.iter().map(|v| text_width(v)).max().unwrap_or(0);
    let w = (text_width(&column.header) + FILTER_BUTTON)
        .max(value_width(column.field))
        .max(widest + 2);
    column_width(w)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::config::Config;
    use crate::input::table::{find_table, Aliases, Found, TableRow};
    use crate::input::{Cell, Sheet};
    use crate::model::parse::RowParser;
    use crate::model::record::{Loc, SheetLoc};
    use crate::model::values::normalize_header;
    use crate::vocab::lang::Lang;

    fn header_sheet(kind: TableKind) -> Sheet {
        Sheet {
            name: "x".into(),
            rows: vec![columns(kind)
                .into_iter()
                .map(|c| Cell::Text(c.header))
                .collect()],
            merges: vec![],
            date1904: false,
            serials_are_dates: true,
        }
    }

    /// SPEC §2 kind detection on each template sheet: the kind it was made for, every field
    /// in its column, nothing ignored.
    #[test]
    fn build_reads_each_header_row_as_its_kind() {
        let cfg = Config::default();
        let aliases = Aliases::new(&cfg);
        for kind in TableKind::ALL {
            let sheet = header_sheet(kind);
            let mut issues = Vec::new();
            let Found::Table(t) = find_table(&sheet, &aliases, &cfg, Lang::Zh, &mut issues) else {
                panic!("{kind:?}: not recognized");
            };
            assert_eq!(t.kind, kind);
            assert_eq!(t.header_row, 1);
            assert!(issues.is_empty(), "{kind:?}: {issues:?}");
            for (i, c) in columns(kind).iter().enumerate() {
                assert_eq!(t.columns.get(&c.field), Some(&(i as u32)), "{kind:?} {c:?}");
                assert_eq!(
                    normalize_header(&c.header),
                    normalize_header(canonical(kind, c.field))
                );
                assert_eq!(c.header.ends_with('*'), kind.is_required(c.field));
            }
        }
        assert_eq!(columns(TableKind::Grids).len(), 3);
        assert_eq!(columns(TableKind::Households)[0].header, "社区*");
        assert_eq!(columns(TableKind::Staff)[5].header, "年龄");
    }

    /// The declared type of each field is the one the row parser applies: a value valid for
    /// that type only gives no issue, one invalid for it does.
    #[test]
    fn value_types_are_what_the_parser_reads() {
        let d = |y, m, dd| {
            chrono::NaiveDate::from_ymd_opt(y, m, dd)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(Cell::DateTime)
                .unwrap_or_default()
        };
        let t = |s: &str| Cell::Text(s.into());
        for kind in TableKind::ALL {
            for &(field, _) in kind.fields() {
                let (good, bad): (Cell, Option<Cell>) = match field.value_type() {
                    ValueType::Count => (Cell::Number(99.0), Some(Cell::Number(0.0))),
                    ValueType::Count0 => (Cell::Number(0.0), Some(Cell::Number(-1.0))),
                    ValueType::Date => (d(2020, 2, 1), Some(t("2020-02-30"))),
                    ValueType::DateTime => (t("18:30"), Some(t("后天"))),
                    ValueType::Phone => (t("13800138000"), Some(t("123"))),
                    ValueType::Gender => (t("女"), Some(t("x"))),
                    ValueType::Role => (t("信息员"), Some(t("x"))),
                    ValueType::Id | ValueType::Text | ValueType::Compound => (t("x"), None),
                    ValueType::Community | ValueType::Code => (t("a b"), None),
                };
                let issues = parse(kind, field, &good);
                assert!(issues.is_empty(), "{kind:?} {field:?} {good:?}: {issues:?}");
                if let Some(bad) = bad {
                    let issues = parse(kind, field, &bad);
                    assert!(!issues.is_empty(), "{kind:?} {field:?} {bad:?}: no issue");
                }
            }
        }
    }

    /// The issues one cell of `field` gets (other fields empty, their issues left out).
    fn parse(kind: TableKind, field: Field, cell: &Cell) -> Vec<String> {
        let spellings = BTreeMap::new();
        let parser = RowParser {
            lang: Lang::En,
            spellings: &spellings,
        };
        let columns = columns(kind)
            .iter()
            .enumerate()
            .map(|(i, c)| (c.field, i as u32))
            .collect();
        let loc = Loc {
            sheet: Arc::new(SheetLoc {
                file: "f".into(),
                sheet: "s".into(),
                columns,
                date1904: false,
                serials_are_dates: true,
            }),
            row: 2,
        };
        let row = TableRow {
            row: 2,
            cells: vec![(field, cell)],
        };
        let mut issues = Vec::new();
        let _ = parser.parse(kind, &row, loc, &mut issues);
        let col = columns_index(kind, field);
        issues
            .into_iter()
            .filter(|i| i.col == Some(col) && i.rule.as_str() != "required_missing")
            .map(|i| format!("{} {}", i.rule.as_str(), i.message))
            .collect()
    }

    fn columns_index(kind: TableKind, field: Field) -> u32 {
        columns(kind)
            .iter()
            .position(|c| c.field == field)
            .unwrap_or(0) as u32
    }

    #[test]
    fn formats_keep_values_intact() {
        assert_eq!(number_format(Field::IdNumber.value_type()), TEXT);
        assert_eq!(number_format(Field::Phone.value_type()), TEXT);
        assert_eq!(number_format(Field::BigGrid.value_type()), TEXT);
        assert_eq!(number_format(Field::ScreenedOn.value_type()), DATE);
        assert_eq!(number_format(Field::Members.value_type()), WHOLE);
        let c = &columns(TableKind::Households)[0];
        assert!(width(c, &["城东社区居民委员会".to_string()]) >= 20.0);
    }
}
