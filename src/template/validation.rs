//! Data validation for each template column (Excel and WPS check what is typed; a pasted
//! value bypasses it, so the report's checks stay the safety net): every column gets an
//! input message with its rule; lists for community, codes, role, gender and compound;
//! whole numbers for counts; the id length; dates inside the plausible window.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Formula, XlsxError,
};

use super::columns::{canonical, Column};
use super::communities::Community;
use super::rules::{
    compound_choices, date_range, defines_structure, error, gender_choices, role_choices, rule,
};
use super::Plan;
use crate::model::idcard::{ID_LEN, LEGACY_ID_LEN};
use crate::model::values::COUNT_RANGE;
use crate::vocab::cell::column_name;
use crate::vocab::tables::{Field, TableKind, ValueType};

/// Excel's limits on a validation's title and message (UTF-16 units).
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;

/// The ranges of the community's lists on the hidden sheet (`='下拉列表'!$B$2:$B$9`).
#[derive(Clone, Debug, Default)]
pub struct Lists {
    pub community: Option<String>,
    pub big_grid: Option<String>,
    pub building: Option<String>,
}

impl Lists {
    fn of(&self, field: Field) -> Option<&str> {
        match field {
            Field::Community => self.community.as_deref(),
            Field::BigGrid => self.big_grid.as_deref(),
            Field::Building => self.building.as_deref(),
            _ => None,
        }
    }
}

/// The validation of column `col` (at 0-based column `index`, first data row 2).
pub fn validation(
    kind: TableKind,
    col: &Column,
    index: u16,
    plan: &Plan,
    community: Option<&Community>,
    lists: &Lists,
) -> Result<DataValidation, XlsxError> {
    let f = col.field;
    let cell = format!("{}2", column_name(u32::from(index)));
    let v = DataValidation::new();
    let (v, refuses) = match f.value_type() {
        ValueType::Community | ValueType::Code => match lists.of(f) {
            Some(range) => {
                let style = if f != Field::Community && defines_structure(kind) {
                    DataValidationErrorStyle::Warning
                } else {
                    DataValidationErrorStyle::Stop
                };
                (
                    v.allow_list_formula(Formula::new(range))
                        .set_error_style(style),
                    true,
                )
            }
            None => (v.allow_any_value(), false),
        },
        ValueType::Count => (
            v.allow_whole_number(DataValidationRule::Between(
                i32::try_from(*COUNT_RANGE.start()).unwrap_or(i32::MAX),
                i32::try_from(*COUNT_RANGE.end()).unwrap_or(i32::MAX),
            )),
            true,
        ),
        ValueType::Count0 => (
            v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            true,
        ),
        ValueType::Id => (
            v.allow_custom(Formula::new(format!(
                "=OR(LEN({cell})={ID_LEN},LEN({cell})={LEGACY_ID_LEN})"
            ))),
            true,
        ),
        ValueType::Date => {
            let (from, to) = date_range(plan, f);
            (
                v.allow_date(DataValidationRule::Between(
                    excel_date(from),
                    excel_date(to),
                )),
                true,
            )
        }
        ValueType::DateTime => {
            let (from, to) = (excel_day(plan.window.from), excel_day(plan.window.to));
            (
                v.allow_custom(Formula::new(format!(
                    "=AND(ISNUMBER({cell}),OR({cell}<1,AND({cell}>={from},{cell}<{to}+1)))"
                ))),
                true,
            )
        }
        ValueType::Role => (v.allow_list_strings(&role_choices())?, true),
        ValueType::Gender => (v.allow_list_strings(&gender_choices())?, true),
        ValueType::Compound => (
            v.allow_list_strings(&compound_choices())?
                .set_error_style(DataValidationErrorStyle::Warning),
            true,
        ),
        ValueType::Text | ValueType::Phone => (v.allow_any_value(), false),
    };
    let mut v = v
        .set_input_title(fit(canonical(kind, f), TITLE_MAX))?
        .set_input_message(fit(&rule(kind, col, plan, community), MESSAGE_MAX))?;
    if refuses {
        let (title, message) = error(kind, col, plan, community);
        v = v
            .set_error_title(fit(&title, TITLE_MAX))?
            .set_error_message(fit(&message, MESSAGE_MAX))?;
    }
    Ok(v)
}

/// A date for a validation rule, kept within the dates Excel has (1900-01-01 to 9999-12-31).
fn excel_date(d: NaiveDate) -> ExcelDateTime {
    let d = clamp(d);
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
    .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))
    .unwrap_or_default()
}

/// A date as a formula term, `DATE(2020,3,4)`, within Excel's dates.
fn excel_day(d: NaiveDate) -> String {
    let d = clamp(d);
    format!("DATE({},{},{})", d.year(), d.month(), d.day())
}

fn clamp(d: NaiveDate) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    d.clamp(first, last)
}

/// Text cut to `max` UTF-16 units (Excel's measure), with `…` when cut.
pub fn fit(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in s.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::window::Window;
    use crate::template::columns::columns;
    use crate::vocab::lang::Lang;

    fn plan(lang: Lang) -> Plan {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        Plan {
            lang,
            kinds: TableKind::ALL.to_vec(),
            day: d(2020, 3, 4),
            window: Window {
                from: d(2019, 2, 13),
                to: d(2021, 2, 13),
            },
            district: None,
            isolation_days: 14,
        }
    }

    #[test]
    fn every_column_of_every_kind_gets_a_valid_validation_in_both_languages() {
        let long = Community {
            name: "很长的社区名".repeat(60),
            big_grids: vec!["1".into()],
            buildings: vec!["1-1".into()],
        };
        let lists = Lists {
            community: Some("='下拉列表'!$A$2:$A$2".into()),
            big_grid: Some("='下拉列表'!$B$2:$B$2".into()),
            building: Some("='下拉列表'!$C$2:$C$2".into()),
        };
        for lang in [Lang::Zh, Lang::En] {
            let p = plan(lang);
            for kind in TableKind::ALL {
                for (i, col) in columns(kind).iter().enumerate() {
                    for (c, l) in [(None, Lists::default()), (Some(&long), lists.clone())] {
                        let v = validation(kind, col, i as u16, &p, c, &l);
                        assert!(
                            v.is_ok(),
                            "{lang:?} {kind:?} {:?}: {:?}",
                            col.field,
                            v.err()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fit_cuts_at_excels_limit() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit(&"社".repeat(300), 255).encode_utf16().count(), 255);
        assert_eq!(fit("😀😀", 3), "😀…");
    }

    #[test]
    fn dates_stay_within_excels() {
        assert_eq!(excel_day(NaiveDate::MIN), "DATE(1900,1,1)");
        assert_eq!(excel_day(NaiveDate::MAX), "DATE(9999,12,31)");
        let _ = excel_date(NaiveDate::MIN);
    }
}
