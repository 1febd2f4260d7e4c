//! Writing the report: HTML site, Excel workbooks, summary.json.

pub mod html;
pub mod json;
pub mod names;
pub mod xlsx;
