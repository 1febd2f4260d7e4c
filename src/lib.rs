//! gridreport: merge community grid workbooks into a sub-district report.

pub mod alloc;
pub mod config;
pub mod input;
pub mod model;
pub mod render;
pub mod sample;

pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod cli;
pub mod cli_text;
pub mod cmd;
pub mod history;
pub(crate) mod mail;
pub(crate) mod merge;
pub(crate) mod output;
pub mod pipeline;
pub mod progress;
pub mod reading;
pub(crate) mod rollup;
pub mod run;
pub mod stats;
pub(crate) mod template;
pub(crate) mod timing;
pub mod vocab;
pub mod watch;

#[cfg(test)]
mod layers;
