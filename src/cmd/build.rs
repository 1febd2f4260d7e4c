//! `gridreport build INPUT -o OUT`: read, check and write the report.

use std::path::Path;
use std::time::Instant;

use super::{load, say, Fail};
use crate::cli::Common;
use crate::progress::Progress;
use crate::run;
use crate::timing::Timer;
use crate::vocab::lang::Lang;

pub fn build(
    input: &Path,
    out: &Path,
    templates: Option<&Path>,
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
    let exclude = run::inside(out, input);
    let mut progress = Progress::new(common.quiet, lang);
    let total = Timer::start();
    let report = run::analyze(input, exclude.as_deref(), &cfg, &opts, None, &mut progress)?;
    let t = Timer::start();
    run::write(&report, &cfg, lang, templates, out, &mut progress)?;
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
