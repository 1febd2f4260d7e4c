//! gridreport: merge community grid workbooks into a sub-district report.

pub mod alloc;
pub mod config;
pub mod input;
pub mod model;
pub mod render;
pub mod sample;

pub mod cache;
pub mod check;
pub mod cli;
pub mod cli_text;
pub mod cmd;
pub mod history;
pub mod mail;
pub mod merge;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod reading;
pub mod rollup;
pub mod run;
pub mod stats;
pub mod template;
pub mod timing;
pub mod vocab;
pub mod watch;

#[cfg(test)]
mod layers;
