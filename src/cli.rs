//! The command line as clap parses it: `gridreport build | check | watch | init | template |
//! mail | rollup | sample` and their arguments. The commands themselves are in `cmd/`; the texts people
//! read (in Chinese or English) come from `cli_text`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

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

/// Where a report's history is kept and what it is compared with (build and watch).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HistoryArgs {
    /// Keep the history snapshots in DIR instead of OUT/history
    #[arg(long, value_name = "DIR")]
    pub history: Option<PathBuf>,
    /// Compare with this snapshot or earlier summary.json instead of the last report
    #[arg(long = "compare-with", value_name = "FILE")]
    pub compare_with: Option<PathBuf>,
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
        history: HistoryArgs,
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
        history: HistoryArgs,
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
    /// Roll the reports of sub-districts (their summary.json) up into a district or city report.
    ///
    /// INPUT holds the summaries, read recursively: report folders dropped in whole, or the
    /// summary.json files alone (renamed <name>.json). OUT gets the same kind of report one
    /// level up; its summary.json can be rolled up again (city from districts).
    #[command(
        after_help = "Example:\n  gridreport rollup 各街道报告 -o 区汇总 --name 江海区\n  gridreport rollup districts -o city --name Jiangmen --lang en"
    )]
    Rollup {
        /// Folder with the sub-districts' summaries or report folders (read recursively)
        input: PathBuf,
        /// Output folder (replaced only if it is empty or a previous report)
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// The district's or city's name, in every title (default: config name)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Config file (default: INPUT/gridreport.toml when it exists)
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Language of messages and labels: zh or en
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// No summary line (errors are still printed)
        #[arg(short, long)]
        quiet: bool,
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
        /// The district N days later: new daily reports, some defects fixed, one new
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=7))]
        day: u32,
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
