//! The command line: `gridreport build | check | sample`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::issue::Severity;
use crate::lang::Lang;
use crate::pipeline::{analyze, Options};
use crate::stats::Report;

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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read every workbook under INPUT and write the report to OUT.
    ///
    /// Example: gridreport build sample-data -o report
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
    /// Exit code 1 when any error exists. Example: gridreport check sample-data
    Check {
        input: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Write a synthetic sub-district (the Huicheng story) to DIR.
    ///
    /// Example: gridreport sample -o sample-data --scale 1 --seed 2020
    Sample {
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
        /// Size relative to the Huicheng sub-district (1 = 320,000 residents)
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        #[arg(long, default_value_t = 2020)]
        seed: u64,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language '{s}': use zh or en"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date YYYY-MM-DD"))
}

/// A failure that ends the run with exit code 2 and one line.
pub struct Fail(pub String);

pub fn run(cli: Cli) -> Result<i32, Fail> {
    match cli.command {
        Command::Build {
            input,
            out,
            templates,
            common,
        } => build(&input, &out, templates.as_deref(), &common),
        Command::Check { input, common } => check(&input, &common),
        Command::Sample { out, scale, seed } => {
            if !(scale > 0.0 && scale <= 100.0) {
                return Err(Fail(format!(
                    "--scale {scale}: must be above 0 and at most 100"
                )));
            }
            crate::sample::write_sample(&out, scale, seed)
                .map_err(|e| Fail(format!("{}: {e:#}", out.display())))?;
            Ok(0)
        }
    }
}

fn load(input: &Path, common: &Common) -> Result<(Config, Options), Fail> {
    let lang = common.lang;
    if !input.is_dir() {
        return Err(Fail(match lang {
            Lang::Zh => format!("{}：文件夹不存在", input.display()),
            Lang::En => format!("{}: no such folder", input.display()),
        }));
    }
    let cfg = match &common.config {
        Some(p) => Config::load(p).map_err(Fail)?,
        None => {
            let p = input.join("gridreport.toml");
            if p.is_file() {
                Config::load(&p).map_err(Fail)?
            } else {
                Config::default()
            }
        }
    };
    Ok((
        cfg,
        Options {
            as_of: common.as_of,
            lang,
        },
    ))
}

fn analyze_or_fail(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    opts: &Options,
) -> Result<Report, Fail> {
    analyze(input, exclude, cfg, opts).map_err(|e| Fail(e.message(opts.lang)))
}

fn build(input: &Path, out: &Path, templates: Option<&Path>, common: &Common) -> Result<i32, Fail> {
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    crate::output::check_replaceable(out, lang).map_err(Fail)?;
    if let Some(t) = templates {
        if !t.is_dir() {
            return Err(Fail(format!("--templates {}: no such folder", t.display())));
        }
    }
    let exclude = inside(out, input);
    let total = crate::timing::Timer::start();
    let report = analyze_or_fail(input, exclude.as_deref(), &cfg, &opts)?;
    let t = crate::timing::Timer::start();
    crate::output::write_atomically(out, lang, |dir| {
        crate::render::write_all(&report, &cfg, lang, templates, dir)
    })
    .map_err(Fail)?;
    t.done("write");
    total.done("total");
    let s = &report.summary;
    let t = &s.totals.figures;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已生成报告 {}：{} 个文件，{} 个社区，{} 户，{} 人；错误 {}，警告 {}，提示 {}",
                out.display(),
                s.files.len(),
                s.totals.communities,
                t.households,
                t.residents,
                s.issues.errors,
                s.issues.warnings,
                s.issues.infos
            ),
            Lang::En => format!(
                "report written to {}: {} files, {} communities, {} households, {} residents; {} errors, {} warnings, {} infos",
                out.display(),
                s.files.len(),
                s.totals.communities,
                t.households,
                t.residents,
                s.issues.errors,
                s.issues.warnings,
                s.issues.infos
            ),
        }
    );
    Ok(0)
}

/// `out` canonicalized when it lies inside `input` (it exists or its parent does).
fn inside(out: &Path, input: &Path) -> Option<PathBuf> {
    let input = input.canonicalize().ok()?;
    let abs = out.canonicalize().ok().or_else(|| {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(out.file_name()?))
    })?;
    abs.starts_with(&input).then_some(abs)
}

fn check(input: &Path, common: &Common) -> Result<i32, Fail> {
    let (cfg, opts) = load(input, common)?;
    let lang = opts.lang;
    let report = analyze_or_fail(input, None, &cfg, &opts)?;
    let s = &report.summary.issues;
    let mut out = String::new();
    for i in &s.list {
        let sev = match (i.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (sev, Lang::En) => sev.as_str(),
        };
        let mut place = Vec::new();
        if let Some(f) = &i.file {
            place.push(f.clone());
        }
        if let Some(sh) = &i.sheet {
            place.push(match lang {
                Lang::Zh => format!("工作表“{sh}”"),
                Lang::En => format!("sheet '{sh}'"),
            });
        }
        if let Some(c) = &i.cell {
            place.push(c.clone());
        }
        if place.is_empty() {
            if let Some(c) = &i.community {
                place.push(c.clone());
            }
        }
        let sep = lang.pick("，", ", ");
        out.push_str(&format!(
            "{sev}\t{}: [{}] {}\n",
            place.join(sep),
            i.rule.as_str(),
            i.message
        ));
    }
    out.push_str(&match lang {
        Lang::Zh => format!(
            "共 {} 个问题：错误 {}，警告 {}，提示 {}\n",
            s.list.len(),
            s.errors,
            s.warnings,
            s.infos
        ),
        Lang::En => format!(
            "{} issues: {} errors, {} warnings, {} infos\n",
            s.list.len(),
            s.errors,
            s.warnings,
            s.infos
        ),
    });
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(if s.errors > 0 { 1 } else { 0 })
}
