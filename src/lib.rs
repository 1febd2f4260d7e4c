//! gridreport: merge community grid workbooks into a sub-district report.

pub mod config;
pub mod input;
pub mod issue;
pub mod lang;
pub mod model;
pub mod render;
pub mod sample;

pub mod stats;
pub mod check;
pub mod merge;
pub mod pipeline;
pub mod output;
pub mod cli;
