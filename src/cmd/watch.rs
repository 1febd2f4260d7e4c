//! `gridreport watch INPUT -o OUT`: build, then rebuild on every change (`crate::watch`).

use std::path::PathBuf;
use std::time::Duration;

use super::Fail;
use crate::cli::{Common, HistoryArgs};
use crate::pipeline::Options;
use crate::watch::WatchArgs;

pub fn watch(
    input: PathBuf,
    out: PathBuf,
    templates: Option<PathBuf>,
    poll: Option<f64>,
    debounce: f64,
    history: HistoryArgs,
    common: &Common,
) -> Result<i32, Fail> {
    Ok(crate::watch::watch(&WatchArgs {
        input,
        out,
        templates,
        history: history.history,
        compare_with: history.compare_with,
        config: common.config.clone(),
        opts: Options {
            as_of: common.as_of,
            lang: common.lang,
        },
        poll: poll.map(Duration::from_secs_f64),
        debounce: Duration::from_secs_f64(debounce),
        quiet: common.quiet,
    })?)
}
