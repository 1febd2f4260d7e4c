//! Dates that cannot be right (SPEC §9.3): the window of plausible dates around the median
//! date of the input, and `date_out_of_range` for dates outside it — so that a typo such as
//! 2202-02-01 or 9999-12-31 can neither move `as_of` nor stretch the period.

use chrono::NaiveDate;

use crate::model::record::Record;
use crate::model::rows::Rows;
use crate::vocab::issue::{Issue, Rule, Severity};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// Dates from `from` to `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The earliest birth date that can be right.
pub(crate) fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The window: `median ± max_days`, where `median` is the lower median `report_date` of all
/// daily rows that have one (excluded rows too), else of all `screened_on` and isolation
/// `start` dates. `None` when the input has none of these dates.
pub fn window(records: &Rows, max_days: u32) -> Option<Window> {
    let mut dates: Vec<NaiveDate> = records
        .iter()
        .filter(|r| r.kind == TableKind::Daily)
        .filter_map(|r| r.report_date)
        .collect();
    if dates.is_empty() {
        dates = records
            .iter()
            .filter_map(|r| match r.kind {
                TableKind::Households => r.screened_on,
                TableKind::Isolation => r.start,
                _ => None,
            })
            .collect();
    }
    if dates.is_empty() {
        return None;
    }
    let mid = (dates.len() - 1) / 2;
    let (_, &mut median, _) = dates.select_nth_unstable(mid);
    let span = chrono::Days::new(u64::from(max_days));
    Some(Window {
        from: median.checked_sub_days(span).unwrap_or(NaiveDate::MIN),
        to: median.checked_add_days(span).unwrap_or(NaiveDate::MAX),
    })
}

/// Is this date of this row inside the window (or not one the window applies to)? Used by
/// `as_of`, which is computed as if the out-of-range dates were already gone.
pub fn plausible(window: Option<Window>, d: NaiveDate) -> bool {
    window.is_none_or(|w| w.contains(d))
}

/// `date_out_of_range` for every date of the row outside the window, and a birth date before
/// 1900: a required date excludes the row (error), an optional one is treated as missing
/// (warning).
pub fn check_window(rec: &mut Record, window: Option<Window>, lang: Lang, issues: &mut Vec<Issue>) {
    let outside = |d: NaiveDate| !plausible(window, d);
    match rec.kind {
        TableKind::Daily => {
            if let Some(d) = rec.report_date.filter(|&d| outside(d)) {
                out_of_range(rec, Field::ReportDate, d, window, lang, issues);
                rec.report_date = None;
                // A time alone was placed on that date: nothing more to say about it.
                return;
            }
            if let Some(dt) = rec.submitted_at.filter(|dt| outside(dt.date())) {
                out_of_range(rec, Field::SubmittedAt, dt.date(), window, lang, issues);
                rec.submitted_at = None;
            }
        }
        TableKind::Households => {
            if let Some(d) = rec.screened_on.filter(|&d| outside(d)) {
                out_of_range(rec, Field::ScreenedOn, d, window, lang, issues);
                rec.screened_on = None;
            }
        }
        TableKind::Isolation => {
            if let Some(d) = rec.start.filter(|&d| outside(d)) {
                out_of_range(rec, Field::Start, d, window, lang, issues);
                rec.start = None;
            }
            if let Some(d) = rec.end.filter(|&d| outside(d)) {
                out_of_range(rec, Field::End, d, window, lang, issues);
                rec.end = None;
            }
        }
        TableKind::Staff => {
            if let Some(d) = rec.birth_date.filter(|&d| d < earliest_birth()) {
                out_of_range(rec, Field::BirthDate, d, None, lang, issues);
                rec.birth_date = None;
            }
        }
        TableKind::Grids => {}
    }
}

fn out_of_range(
    rec: &mut Record,
    field: Field,
    d: NaiveDate,
    window: Option<Window>,
    lang: Lang,
    issues: &mut Vec<Issue>,
) {
    let required = rec.kind.is_required(field);
    let label = field.label(lang);
    let msg = match (window, required, lang) {
        (None, _, Lang::Zh) => format!("{label} {d} 早于 1900-01-01，不可能正确，按空值处理：请核对年份"),
        (None, _, Lang::En) => {
            format!("{label} {d} is before 1900-01-01 and cannot be right; treated as empty: check the year")
        }
        (Some(w), true, Lang::Zh) => format!(
            "{label} {d} 不在合理范围 {} 至 {} 内（多半是年份输错），此行未计入：请核对",
            w.from, w.to
        ),
        (Some(w), true, Lang::En) => format!(
            "{label} {d} is outside the plausible range {} to {} (most likely a typo in the year); the row is left out: check it",
            w.from, w.to
        ),
        (Some(w), false, Lang::Zh) => format!(
            "{label} {d} 不在合理范围 {} 至 {} 内（多半是年份输错），按空值处理：请核对",
            w.from, w.to
        ),
        (Some(w), false, Lang::En) => format!(
            "{label} {d} is outside the plausible range {} to {} (most likely a typo in the year); treated as empty: check it",
            w.from, w.to
        ),
    };
    let severity = if required {
        rec.excluded = true;
        Severity::Error
    } else {
        Severity::Warning
    };
    issues.push(
        rec.loc
            .issue(Rule::DateOutOfRange, field, msg)
            .severity(severity)
            .value(Some(d.to_string()), None),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{Loc, SheetLoc};
    use std::sync::Arc;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(kind: TableKind) -> Record {
        let sheet = Arc::new(SheetLoc {
            file: "a.xlsx".into(),
            sheet: "S".into(),
            columns: [
                (Field::ReportDate, 0),
                (Field::ScreenedOn, 1),
                (Field::Start, 2),
            ]
            .into(),
            date1904: false,
            serials_are_dates: true,
        });
        Record::new(kind, Loc { sheet, row: 2 })
    }

    fn daily(d: &str) -> Record {
        let mut r = rec(TableKind::Daily);
        r.report_date = Some(date(d));
        r
    }

    #[test]
    fn the_lower_median_of_daily_dates_else_of_screening_and_isolation() {
        let rows = vec![
            daily("2020-02-01"),
            daily("2020-02-03"),
            daily("9999-12-31"),
            daily("2020-02-02"),
        ];
        let w = window(&Rows::new(vec![&rows]), 10).unwrap();
        assert_eq!((w.from, w.to), (date("2020-01-23"), date("2020-02-12")));

        let mut h = rec(TableKind::Households);
        h.screened_on = Some(date("2020-03-01"));
        let mut i = rec(TableKind::Isolation);
        i.start = Some(date("2020-02-20"));
        let rows = vec![h, i, rec(TableKind::Staff)];
        let w = window(&Rows::new(vec![&rows]), 366).unwrap();
        assert_eq!(w.from, date("2019-02-19"));
        let none: Vec<Record> = vec![rec(TableKind::Grids)];
        assert_eq!(window(&Rows::new(vec![&none]), 366), None);
        // The window cannot overflow the calendar.
        let far = vec![daily("9999-12-31")];
        assert_eq!(
            window(&Rows::new(vec![&far]), u32::MAX).unwrap().to,
            NaiveDate::MAX
        );
        assert_eq!(
            window(&Rows::new(vec![&far]), u32::MAX).unwrap().from,
            NaiveDate::MIN
        );
    }

    #[test]
    fn required_dates_exclude_optional_ones_go_missing() {
        let w = Some(Window {
            from: date("2019-01-01"),
            to: date("2021-01-01"),
        });
        for (mut r, excluded, severity) in [
            (daily("2202-02-01"), true, Severity::Error),
            (
                {
                    let mut r = rec(TableKind::Households);
                    r.screened_on = Some(date("2202-02-01"));
                    r
                },
                false,
                Severity::Warning,
            ),
            (
                {
                    let mut r = rec(TableKind::Isolation);
                    r.start = Some(date("1900-02-01"));
                    r
                },
                true,
                Severity::Error,
            ),
            (
                {
                    let mut r = rec(TableKind::Staff);
                    r.birth_date = Some(date("1899-12-31"));
                    r
                },
                false,
                Severity::Warning,
            ),
        ] {
            let mut issues = Vec::new();
            check_window(&mut r, w, Lang::Zh, &mut issues);
            assert_eq!(r.excluded, excluded, "{:?}", r.kind);
            assert_eq!(issues.len(), 1, "{:?}", r.kind);
            assert_eq!(issues[0].rule, Rule::DateOutOfRange);
            assert_eq!(issues[0].severity, severity);
            assert!(r.report_date.is_none() && r.screened_on.is_none() && r.start.is_none());
            assert!(r.birth_date.is_none());
        }
        // Inside the window: nothing.
        let mut r = daily("2020-02-01");
        let mut issues = Vec::new();
        check_window(&mut r, w, Lang::En, &mut issues);
        assert!(issues.is_empty() && !r.excluded);
        assert_eq!(r.report_date, Some(date("2020-02-01")));
        // A birth date in 1950 is fine without any window.
        let mut s = rec(TableKind::Staff);
        s.birth_date = Some(date("1950-01-01"));
        check_window(&mut s, None, Lang::En, &mut issues);
        assert!(issues.is_empty());
    }
}
