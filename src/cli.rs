//! The command line: `gridreport build | check | watch | init | template | mail | sample`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::pipeline::Options;
use crate::progress::Progress;
use crate::run;
use crate::vocab::lang::Lang;
use crate::vocab::tables::TableKind;

#[derive(Parser, Debug)]
#[command(
    name = "gridreport",
    version,
    about = "Merge community grid workbooks into a sub-district report (HTML, Excel, summary.json)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// Config file (default: INPUT/gridreport.toml when it exists)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language of messages and labels: zh or en
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    /// The date figures are computed for (default: the latest daily report date)
    #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// No progress bars and no summary line (errors are still printed)
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read every workbook under INPUT and write the report to OUT.
    ///
    /// Writes summary.json, the HTML site, report.xlsx and communities/<name>.xlsx into OUT,
    /// atomically. Exit 0 when the report was written (data problems are part of it), 2 when
    /// it could not be (missing folder, no spreadsheets, OUT not replaceable, bad config).
    #[command(
        after_help = "Example:\n  gridreport build 报表 -o 汇总报告\n  gridreport build data -o report --config data/gridreport.toml --lang en"
    )]
    Build {
        /// Folder with the communities' workbooks (read recursively)
        input: PathBuf,
        /// Output folder (replaced only if it is empty or a previous report)
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Folder of templates overriding the built-in ones by name
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Read and check every workbook under INPUT, print the issues, write nothing.
    ///
    /// One line per issue on stdout, then a count. Exit 1 when any error exists, else 0.
    #[command(
        after_help = "Example:\n  gridreport check 报表\n  gridreport check data --lang en --quiet"
    )]
    Check {
        /// Folder with the communities' workbooks (read recursively)
        input: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Rebuild the report in OUT whenever workbooks under INPUT are added, changed or removed.
    ///
    /// Builds once, then waits for changes; only changed files are read again. Lock and
    /// temporary files (~$*, .*, *.tmp) are ignored; a file still being copied is waited for.
    /// A failed rebuild keeps the last good report and says why. Ctrl-C stops (exit 0).
    #[command(
        after_help = "Example:\n  gridreport watch 共享文件夹/报表 -o 共享文件夹/汇总报告\n  gridreport watch //server/share/data -o report --poll 10   (network share without change events)"
    )]
    Watch {
        /// Folder with the communities' workbooks (read recursively)
        input: PathBuf,
        /// Output folder (replaced only if it is empty or a previous report)
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Folder of templates overriding the built-in ones by name
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Look for changes every SECONDS instead of waiting for change events
        #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
        poll: Option<f64>,
        /// Rebuild when no change has come for SECONDS
        #[arg(long, value_name = "SECONDS", default_value = "2", value_parser = parse_seconds)]
        debounce: f64,
        #[command(flatten)]
        common: Common,
    },
    /// Write gridreport.toml into DIR with every setting at its default, commented.
    ///
    /// An existing file is not overwritten (exit 2) unless --force is given.
    #[command(after_help = "Example:\n  gridreport init 报表\n  gridreport init --force")]
    Init {
        /// Folder to write gridreport.toml into
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing gridreport.toml
        #[arg(long)]
        force: bool,
        /// Language of messages: zh or en
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Write each community the workbook to fill in (its template) into DIR.
    ///
    /// One workbook per community, DIR/<community>.xlsx: 填表说明, a sheet per table kind with
    /// the headers build reads, text and date formats, drop-down lists and checks; the big
    /// grid and building codes the community has (from --from INPUT). Without communities
    /// (no --from, none in the config): one blank DIR/模板.xlsx.
    #[command(
        after_help = "Example:\n  gridreport template -o 模板 --from 报表\n  gridreport template -o templates --config gridreport.toml --kinds households,staff"
    )]
    Template {
        /// Folder to write the templates into (replaced only if it is empty or unchanged
        /// templates)
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
        /// Read the communities and their grid codes from this folder of workbooks
        #[arg(long, value_name = "INPUT")]
        from: Option<PathBuf>,
        /// Config file (default: INPUT/gridreport.toml with --from)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The sheets: households,isolation,staff,daily,grids (default: all)
        #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = parse_kind)]
        kinds: Option<Vec<TableKind>>,
        /// The date the templates are for (default: INPUT's latest report date, or today)
        #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Language of the instructions and messages: zh or en
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// No progress bars and no summary line
        #[arg(short, long)]
        quiet: bool,
    },
    /// Email each community its workbook (communities/<name>.xlsx) from the report in OUT.
    ///
    /// Addresses come from [mail.to] of the config the report was built with, or of --config
    /// FILE. Communities without an address are listed, not mailed. STARTTLS when the server
    /// offers it (required with --user), TLS on port 465. Exit 0 when every message with an
    /// address went out, 1 when one failed, 2 when nothing could start.
    #[command(
        after_help = "Example:\n  gridreport mail 汇总报告 --smtp 127.0.0.1:25 --from jiedao@example.org\n  GRIDREPORT_SMTP_PASSWORD=… gridreport mail 汇总报告 --smtp smtp.example.org:587 --user jiedao --from jiedao@example.org\n  gridreport mail report --from jiedao@example.org --dry-run   (writes report/mail/<name>.eml)"
    )]
    Mail {
        /// A report folder written by `gridreport build`
        #[arg(required_unless_present = "templates")]
        out: Option<PathBuf>,
        /// Send each community its template from DIR (written by `gridreport template`)
        #[arg(long, value_name = "DIR", conflicts_with = "out")]
        templates: Option<PathBuf>,
        /// SMTP server HOST:PORT
        #[arg(long, value_name = "HOST:PORT", required_unless_present = "dry_run")]
        smtp: Option<String>,
        /// Connection security: auto (TLS on port 465; STARTTLS required with --user,
        /// used when offered otherwise), starttls, tls, none
        #[arg(long, value_enum, default_value = "auto")]
        tls: crate::mail::TlsMode,
        /// Log in to the SMTP server as USER; the password is read from the environment
        /// variable GRIDREPORT_SMTP_PASSWORD
        #[arg(long, value_name = "USER")]
        user: Option<String>,
        /// Sender address
        #[arg(long, value_name = "ADDR")]
        from: String,
        /// Write OUT/mail/<name>.eml instead of sending
        #[arg(long)]
        dry_run: bool,
        /// Take the addresses from [mail.to] of this config instead
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Language of messages on the terminal: zh or en (the emails are in Chinese)
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Write a synthetic sub-district (the Huicheng story) to DIR.
    #[command(after_help = "Example:\n  gridreport sample -o sample-data --scale 1 --seed 2020")]
    Sample {
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
        /// Size relative to the Huicheng sub-district (1 = 320,000 residents)
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        #[arg(long, default_value_t = 2020)]
        seed: u64,
        /// Language of the summary line: zh or en
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language '{s}': use zh or en"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date YYYY-MM-DD"))
}

fn parse_kind(s: &str) -> Result<TableKind, String> {
    let s = s.trim();
    TableKind::parse(s)
        .or_else(|| TableKind::ALL.into_iter().find(|&k| k.label(Lang::Zh) == s))
        .ok_or_else(|| {
            format!("'{s}' is not a table kind: use households, isolation, staff, daily, grids")
        })
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.05..=86_400.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a number of seconds (0.05–86400)")),
    }
}

/// A failure that ends the run with exit code 2 and one line.
pub struct Fail(pub String);

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

pub fn run(cli: Cli) -> Result<i32, Fail> {
    match cli.command {
        Command::Build {
            input,
            out,
            templates,
            common,
        } => build(&input, &out, templates.as_deref(), &common),
        Command::Check { input, common } => check(&input, &common),
        Command::Watch {
            input,
            out,
            templates,
            poll,
            debounce,
            common,
        } => crate::watch::watch(&crate::watch::WatchArgs {
            input,
            out,
            templates,
            config: common.config.clone(),
            opts: Options {
                as_of: common.as_of,
                lang: common.lang,
            },
            poll: poll.map(Duration::from_secs_f64),
            debounce: Duration::from_secs_f64(debounce),
            quiet: common.quiet,
        })
        .map_err(Fail),
        Command::Init { dir, force, lang } => {
            let said = crate::init::init(&dir, force, lang).map_err(Fail)?;
            eprintln!("{}", crate::vocab::text::one_line(&said));
            Ok(0)
        }
        Command::Template {
            out,
            from,
            config,
            kinds,
            as_of,
            lang,
            quiet,
        } => crate::template::run(&crate::template::TemplateArgs {
            out,
            from,
            config,
            kinds,
            as_of,
            lang,
            quiet,
        })
        .map_err(Fail),
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
        } => crate::mail::run(&crate::mail::MailArgs {
            templates: templates.is_some(),
            out: templates.or(out).unwrap_or_default(),
            smtp,
            tls,
            user,
            from,
            dry_run,
            config,
            lang,
        })
        .map_err(Fail),
        Command::Sample {
            out,
            scale,
            seed,
            lang,
        } => {
            if !(scale > 0.0 && scale <= 100.0) {
                return Err(Fail(format!(
                    "--scale {scale}: must be above 0 and at most 100"
                )));
            }
            let written = crate::sample::write_sample(&out, scale, seed)
                .map_err(|e| Fail(format!("{}: {e:#}", out.display())))?;
            eprintln!("{}", written.summary(&out, lang));
            Ok(0)
        }
    }
}

fn load(input: &Path, common: &Common) -> Result<(Config, Options), Fail> {
    run::check_input(input, common.lang).map_err(Fail)?;
    let cfg = run::load_config(input, common.config.as_deref(), common.lang).map_err(Fail)?;
    Ok((
        cfg,
        Options {
            as_of: common.as_of,
            lang: common.lang,
        },
    ))
}

fn build(input: &Path, out: &Path, templates: Option<&Path>, common: &Common) -> Result<i32, Fail> {
    let started = Instant::now();
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    run::check_out(input, out, common.config.as_deref(), templates, lang).map_err(Fail)?;
    crate::output::check_writable(out, lang).map_err(Fail)?;
    if let Some(t) = templates {
        if !t.is_dir() {
            return Err(Fail(format!("--templates {}: no such folder", t.display())));
        }
    }
    let exclude = run::inside(out, input);
    let mut progress = Progress::new(common.quiet, lang);
    let total = crate::timing::Timer::start();
    let report =
        run::analyze(input, exclude.as_deref(), &cfg, &opts, None, &mut progress).map_err(Fail)?;
    let t = crate::timing::Timer::start();
    run::write(&report, &cfg, lang, templates, out, &mut progress).map_err(Fail)?;
    t.done("write");
    total.done("total");
    if !common.quiet {
        eprintln!(
            "{}",
            crate::vocab::text::one_line(&run::summary_line(
                &report,
                Some(out),
                started.elapsed(),
                lang
            ))
        );
    }
    Ok(0)
}

fn check(input: &Path, common: &Common) -> Result<i32, Fail> {
    let started = Instant::now();
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    let mut progress = Progress::new(common.quiet, lang);
    let report = run::analyze(input, None, &cfg, &opts, None, &mut progress).map_err(Fail)?;
    progress.done();
    let s = &report.summary.issues;
    let text = crate::render::check_lines::check_lines(s, lang);
    write_stdout(&text, lang)?;
    if !common.quiet {
        eprintln!(
            "{}",
            crate::vocab::text::one_line(&run::summary_line(
                &report,
                None,
                started.elapsed(),
                lang
            ))
        );
    }
    Ok(if s.errors > 0 { 1 } else { 0 })
}
