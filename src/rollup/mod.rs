//! `gridreport rollup INPUT -o OUT` (issue 18): up the hierarchy. Each sub-district office
//! builds its own report and sends its `summary.json` — figures and counts only, no personal
//! data; the district rolls the summaries up into the same kind of report one level up, and
//! the city rolls up the districts' the same way (a roll-up's summary.json is itself a
//! summary, any depth). DHIS2's org-unit hierarchy is the model: every count summed, every
//! ratio recomputed from the summed numerator and denominator, never averaged.
//!
//! - `find`: the summaries under INPUT (report folders dropped in, or `*.json` alone);
//! - `read`, `raw` and `trust`: one summary read and checked, trusting nothing;
//! - `gather`: every summary read, listed, a unit twice or a copy told, older dates warned of;
//! - `sum`: the figures summed (`stats::figure`'s `Figures::add` and `recompute`);
//! - `shape`: the roll-up's summary.json; `words`: what the rows of each level are called;
//! - `rolled`: all of it, into a `Rolled`; `write`: OUT, atomically, and the line said;
//! - `html*`, `xlsx*`, `links`: the site and report.xlsx, made of `render`'s pieces and
//!   templates.

pub mod find;
pub mod gather;
pub mod html;
pub mod html_common;
pub mod html_index;
pub mod html_issues;
pub mod html_unit;
pub mod links;
pub mod raw;
pub mod read;
pub mod rolled;
pub mod shape;
pub mod sum;
pub mod trust;
pub mod words;
pub mod write;
pub mod xlsx;
pub mod xlsx_sheets;

pub use rolled::roll_up;
pub use write::{summary_line, write};
