//! Writing the report: HTML site, Excel workbooks, summary.json.

pub mod fixes;
pub mod html;
pub mod json;
pub mod mask;
pub mod names;
pub mod xlsx;
pub mod xlsx_community;
pub mod xlsx_figures;
pub mod xlsx_table;
