//! Checks that need the whole input: `as_of`, ids, derived values, dates in the future and
//! isolation length (SPEC §4–§5). Every row gets them on its own, before merging.

pub mod as_of;
pub mod dates;
pub mod ids;
pub mod window;

use chrono::NaiveDate;

use crate::config::Config;
use crate::model::record::Record;
use crate::vocab::issue::Issue;
use crate::vocab::lang::Lang;

/// What the checks of the whole input found before the rows are checked one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub window: Option<window::Window>,
    pub as_of: NaiveDate,
}

/// Run every window- and `as_of`-dependent value check over all rows.
pub fn check_rows(
    records: &mut [Record],
    found: Found,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) {
    let as_of = found.as_of;
    for rec in records.iter_mut() {
        let start = issues.len();
        window::check_window(rec, found.window, lang, issues);
        ids::check_id(rec, as_of, lang, issues);
        dates::check_dates(rec, as_of, cfg, lang, issues);
        for i in &mut issues[start..] {
            i.community_key = rec.community.clone();
        }
    }
}
