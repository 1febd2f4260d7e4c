//! The commands, one file each, as thin as they can be: each turns its arguments into a call
//! of the stage that does the work and says what came of it. An error that ends a command is
//! one line and exit code 2 (`Fail`), printed once by `main`.

mod build;
mod check;
mod init;
mod mail;
mod rollup;
mod sample;
mod template;
mod watch;

use std::path::Path;

use crate::cli::{Cli, Command, Common};
use crate::config::Config;
use crate::pipeline::Options;

/// A failure that ends the run with exit code 2 and one line.
pub struct Fail(pub String);

impl From<String> for Fail {
    fn from(s: String) -> Fail {
        Fail(s)
    }
}

/// Run the command; its exit code.
pub fn run(cli: Cli) -> Result<i32, Fail> {
    match cli.command {
        Command::Build {
            input,
            out,
            templates,
            history,
            common,
        } => build::build(&input, &out, templates.as_deref(), &history, &common),
        Command::Check { input, common } => check::check(&input, &common),
        Command::Watch {
            input,
            out,
            templates,
            poll,
            debounce,
            history,
            common,
        } => watch::watch(input, out, templates, poll, debounce, history, &common),
        Command::Init { dir, force, lang } => init::init(&dir, force, lang),
        Command::Template {
            out,
            from,
            config,
            kinds,
            as_of,
            lang,
            quiet,
        } => template::template(crate::template::TemplateArgs {
            out,
            from,
            config,
            kinds,
            as_of,
            lang,
            quiet,
        }),
        Command::Mail {
            out,
            templates,
            smtp,
            tls,
            user,
            from,
            dry_run,
            config,
            lang,
        } => mail::mail(crate::mail::MailArgs {
            templates: templates.is_some(),
            out: templates.or(out).unwrap_or_default(),
            smtp,
            tls,
            user,
            from,
            dry_run,
            config,
            lang,
        }),
        Command::Rollup {
            input,
            out,
            name,
            config,
            lang,
            quiet,
        } => rollup::rollup(&input, &out, name, config.as_deref(), lang, quiet),
        Command::Sample {
            out,
            scale,
            seed,
            day,
            lang,
        } => sample::sample(&out, scale, seed, day, lang),
    }
}

/// INPUT checked, the config loaded, the options of a run (build and check).
fn load(input: &Path, common: &Common) -> Result<(Config, Options), Fail> {
    crate::run::check_input(input, common.lang)?;
    let cfg = crate::run::load_config(input, common.config.as_deref(), common.lang)?;
    Ok((
        cfg,
        Options {
            as_of: common.as_of,
            lang: common.lang,
        },
    ))
}

/// One line on stderr, control characters escaped.
fn say(line: &str) {
    eprintln!("{}", crate::vocab::text::one_line(line));
}
