//! `as_of` (SPEC §6): the date the figures are computed for.

use chrono::NaiveDate;

use super::window::{plausible, Window};
use crate::model::rows::Rows;
use crate::vocab::tables::TableKind;

/// `--as-of`; else the latest `report_date` of daily rows not excluded; else the latest
/// `screened_on` or isolation `start` of rows not excluded; else today (UTC, or the date of
/// `SOURCE_DATE_EPOCH` when set). Dates outside `window` are left out, as the checks will
/// leave them out (SPEC §9.3: computed after those exclusions); a row whose required date
/// is outside is excluded, so it counts with none of its dates.
pub fn as_of(records: &Rows, given: Option<NaiveDate>, window: Option<Window>) -> NaiveDate {
    if let Some(d) = given {
        return d;
    }
    let ok = |d: &NaiveDate| plausible(window, *d);
    let usable = || records.iter().filter(|r| !r.excluded);
    if let Some(d) = usable()
        .filter(|r| r.kind == TableKind::Daily)
        .filter_map(|r| r.report_date)
        .filter(ok)
        .max()
    {
        return d;
    }
    let screened = usable()
        .filter(|r| r.kind == TableKind::Households)
        .filter_map(|r| r.screened_on)
        .filter(ok);
    let started = usable()
        .filter(|r| r.kind == TableKind::Isolation)
        .filter_map(|r| r.start)
        .filter(ok);
    if let Some(d) = screened.chain(started).max() {
        return d;
    }
    today()
}

/// Today in UTC, or the date of `SOURCE_DATE_EPOCH` when it is set.
pub fn today() -> NaiveDate {
    if let Some(d) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        return d.date_naive();
    }
    chrono::Utc::now().date_naive()
}

#[cfg(test)]
mod tests;
