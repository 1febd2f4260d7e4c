//! `gridreport rollup INPUT -o OUT`: roll sub-districts' summaries up into a district or city
//! report (`crate::rollup`).

use std::path::Path;
use std::time::Instant;

use super::{say, Fail};
use crate::rollup;
use crate::run;
use crate::vocab::lang::Lang;

pub fn rollup(
    input: &Path,
    out: &Path,
    name: Option<String>,
    config: Option<&Path>,
    lang: Lang,
    quiet: bool,
) -> Result<i32, Fail> {
    let started = Instant::now();
    run::check_input(input, lang)?;
    let cfg = run::load_config(input, config, lang)?;
    let name = match name {
        Some(n) => Some(checked(n, "--name", lang)?),
        None => match cfg.name.clone() {
            Some(n) => Some(checked(n, "name", lang)?),
            None => None,
        },
    };
    run::check_out(input, out, config, None, lang)?;
    crate::output::check_writable(out, lang)?;
    let exclude = run::inside(out, input);
    let total = crate::timing::Timer::start();
    let rolled = rollup::roll_up(input, exclude.as_deref(), &cfg, lang, name)?;
    rollup::write(&rolled, &cfg, lang, input, out)?;
    total.done("total");
    if !quiet {
        say(&rollup::summary_line(&rolled, out, started.elapsed(), lang));
    }
    Ok(0)
}

/// The roll-up's name must be one a level above can take in turn.
fn checked(name: String, what: &str, lang: Lang) -> Result<String, Fail> {
    match rollup::trust::unit_name_problem(&name, lang) {
        None => Ok(name),
        Some(why) => Err(Fail(match lang {
            Lang::Zh => format!("{what} “{name}” 不能用：{why}"),
            Lang::En => format!("{what} '{name}' cannot be used: {why}"),
        })),
    }
}
