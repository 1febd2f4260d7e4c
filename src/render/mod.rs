//! Writing the report: HTML site, Excel workbooks, summary.json.

pub mod filters;
pub mod html;
pub mod html_view;
pub mod json;
pub mod labels;
pub mod names;
pub mod svg;
pub mod xlsx;
