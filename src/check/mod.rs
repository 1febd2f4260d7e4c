//! Checks that need the whole input: `as_of`, ids, derived values, dates in the future and
//! isolation length (SPEC §4–§5). Every row gets them on its own, before merging.

pub mod as_of;
pub mod dates;
pub mod ids;

use chrono::NaiveDate;

use crate::config::Config;
use crate::issue::Issue;
use crate::lang::Lang;
use crate::model::record::Record;

/// Run every `as_of`-dependent value check over all rows.
pub fn check_rows(
    records: &mut [Record],
    as_of: NaiveDate,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) {
    for rec in records.iter_mut() {
        let start = issues.len();
        ids::check_id(rec, as_of, lang, issues);
        dates::check_dates(rec, as_of, cfg, lang, issues);
        for i in &mut issues[start..] {
            i.community_key = rec.community.clone();
        }
    }
}
