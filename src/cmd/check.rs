//! `gridreport check INPUT`: read and check, print one line per issue, write nothing.

use std::path::Path;
use std::time::Instant;

use super::{load, say, Fail};
use crate::cli::Common;
use crate::progress::Progress;
use crate::render::check_lines::check_lines;
use crate::run;
use crate::vocab::lang::Lang;

/// Exit 1 when any error exists, else 0.
pub fn check(input: &Path, common: &Common) -> Result<i32, Fail> {
    let started = Instant::now();
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    let mut progress = Progress::new(common.quiet, lang);
    let report = run::analyze(input, None, &cfg, &opts, None, &mut progress)?;
    progress.done();
    let issues = &report.summary.issues;
    write_stdout(&check_lines(issues, lang), lang)?;
    if !common.quiet {
        say(&run::summary_line(&report, None, started.elapsed(), lang));
    }
    Ok(if issues.errors > 0 { 1 } else { 0 })
}

/// Write `check`'s lines to stdout. A closed pipe (`check … | head`) ends quietly; any other
/// failure (a full disk behind `>`) is an error. On Windows, output redirected to a file
/// starts with a UTF-8 byte order mark so that Notepad, WPS and Excel open it as UTF-8.
fn write_stdout(text: &str, lang: Lang) -> Result<(), Fail> {
    use std::io::{IsTerminal, Write};
    let stdout = std::io::stdout();
    let bom = cfg!(windows) && !stdout.is_terminal();
    let mut out = stdout.lock();
    let written = (if bom {
        out.write_all("\u{feff}".as_bytes())
    } else {
        Ok(())
    })
    .and_then(|()| out.write_all(text.as_bytes()))
    .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Fail(match lang {
            Lang::Zh => format!("无法写出检查结果：{e}"),
            Lang::En => format!("cannot write the check output: {e}"),
        })),
    }
}
