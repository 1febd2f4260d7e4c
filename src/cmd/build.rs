//! `gridreport build INPUT -o OUT`: read, check and write the report.

use std::path::Path;
use std::time::Instant;

use super::{load, say, Fail};
use crate::cli::{Common, HistoryArgs};
use crate::progress::Progress;
use crate::run;
use crate::timing::Timer;
use crate::vocab::lang::Lang;

pub fn build(
    input: &Path,
    out: &Path,
    templates: Option<&Path>,
    history: &HistoryArgs,
    common: &Common,
) -> Result<i32, Fail> {
    let started = Instant::now();
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    run::check_out(input, out, common.config.as_deref(), templates, lang)?;
    crate::output::check_writable(out, lang)?;
    if let Some(t) = templates {
        if !t.is_dir() {
            return Err(Fail(match lang {
                Lang::Zh => format!("--templates {}：文件夹不存在", t.display()),
                Lang::En => format!("--templates {}: no such folder", t.display()),
            }));
        }
    }
    let setup = run::history_setup(
        input,
        out,
        history.history.as_deref(),
        history.compare_with.as_deref(),
        &cfg,
        lang,
    )?;
    let exclude = run::inside(out, input);
    let mut progress = Progress::new(common.quiet, lang);
    let total = Timer::start();
    let mut report = run::analyze(input, exclude.as_deref(), &cfg, &opts, None, &mut progress)
        .map_err(|e| rollup_hint(e, input, exclude.as_deref(), lang))?;
    let kept = crate::history::attach(&mut report, &setup, out, lang);
    let t = Timer::start();
    run::write_kept(&report, &cfg, lang, templates, out, &kept, &mut progress)?;
    t.done("write");
    total.done("total");
    if !common.quiet {
        say(&run::summary_line(
            &report,
            Some(out),
            started.elapsed(),
            lang,
        ));
    }
    Ok(0)
}

/// A folder of summaries given to `build`: say that `rollup` is what reads it.
fn rollup_hint(
    e: String,
    input: &Path,
    exclude: Option<&Path>,
    lang: crate::vocab::lang::Lang,
) -> String {
    if !crate::rollup::find::is_rollup_input(input, exclude) {
        return e;
    }
    match lang {
        crate::vocab::lang::Lang::Zh => format!(
            "{e}。这个文件夹里是各街道的汇总（summary.json）：请用 gridreport rollup 汇总它们"
        ),
        crate::vocab::lang::Lang::En => format!(
            "{e}. This folder holds summaries (summary.json): roll them up with gridreport rollup"
        ),
    }
}
