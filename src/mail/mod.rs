//! `gridreport mail OUT`: email each community its workbook from a built report;
//! `gridreport mail --templates DIR`: each community its template (`gridreport template`).
//!
//! Addresses come from the folder's `mail.json` (the `[mail.to]` table of the config the
//! report or the templates were made with), or from `--config FILE` when given. A community
//! without an address is listed on stderr, never skipped silently. `--dry-run` writes
//! `OUT/mail/<name>.eml` (`DIR/mail/<name>.eml`).

pub mod list;
pub mod message;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{SmtpTransport, Transport};

use crate::config::Config;
use crate::vocab::lang::Lang;
use list::MailList;

/// The environment variable that holds the SMTP password (never a command-line argument:
/// other users of the machine can read those).
pub const PASSWORD_ENV: &str = "GRIDREPORT_SMTP_PASSWORD";

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsMode {
    /// Port 465: TLS from the start; with `--user`: STARTTLS required; otherwise STARTTLS
    /// when the server offers it, plain when it does not (a relay on the office network).
    Auto,
    /// STARTTLS required: no message is sent in clear.
    Starttls,
    /// TLS from the start (usually port 465).
    Tls,
    /// Plain SMTP only.
    None,
}

pub struct MailArgs {
    /// The report folder, or the templates folder with `templates`.
    pub out: PathBuf,
    /// `out` is a folder written by `gridreport template`.
    pub templates: bool,
    /// `HOST:PORT`; `None` only with `dry_run`.
    pub smtp: Option<String>,
    pub tls: TlsMode,
    /// Log in as this user (password from `GRIDREPORT_SMTP_PASSWORD`).
    pub user: Option<String>,
    pub from: String,
    pub dry_run: bool,
    pub config: Option<PathBuf>,
    pub lang: Lang,
}

/// One message to send: the community, its address, its workbook (a path relative to the
/// folder) and what its words are made from.
#[derive(Clone, Debug)]
pub struct Letter {
    pub name: String,
    pub to: Option<String>,
    pub workbook: String,
    pub words: Words,
}

/// What a letter says: a report's figures, or other words made by whoever built the outbox
/// (a template's invitation): `(community, district, workbook file name) → (subject, body)`.
#[derive(Clone, Debug)]
pub enum Words {
    Report(list::MailEntry),
    Other(fn(&str, Option<&str>, &str) -> (String, String)),
}

impl Letter {
    /// Subject and body, naming the sub-district when `district` is set.
    pub fn subject_and_body(&self, district: Option<&str>, as_of: &str) -> (String, String) {
        let file_name = self.workbook.rsplit('/').next().unwrap_or(&self.workbook);
        match &self.words {
            Words::Report(e) => (
                message::subject(e, district, as_of),
                message::body(e, district, as_of, file_name),
            ),
            Words::Other(words) => words(&self.name, district, file_name),
        }
    }
}

/// What a folder has to mail: the date of its messages (`YYYY-MM-DD`, for `--dry-run`), the
/// folder its workbooks must lie in (`communities/`, or `""`: the folder itself), the
/// sub-district's name, the `[mail.to]` names that are no community, and one letter per
/// community.
#[derive(Debug)]
pub struct Outbox {
    pub as_of: String,
    pub under: &'static str,
    pub name: Option<String>,
    pub unknown_to: Vec<String>,
    pub letters: Vec<Letter>,
}

/// The letters of a built report: each community's workbook with its headline figures.
pub fn report_outbox(out: &Path, lang: Lang) -> Result<Outbox, String> {
    if list::is_templates(out) {
        return Err(match lang {
            Lang::Zh => format!(
                "{} 是 gridreport template 写的模板文件夹：发送模板请用 gridreport mail --templates {}",
                out.display(),
                out.display()
            ),
            Lang::En => format!(
                "{} is a templates folder written by gridreport template: send templates with gridreport mail --templates {}",
                out.display(),
                out.display()
            ),
        });
    }
    let list = MailList::read(out)?;
    let letters = list
        .communities
        .iter()
        .map(|e| Letter {
            name: e.name.clone(),
            to: e.to.clone(),
            workbook: e.workbook.clone(),
            words: Words::Report(e.clone()),
        })
        .collect();
    Ok(Outbox {
        as_of: list.as_of,
        under: "communities/",
        name: list.name,
        unknown_to: list.unknown_to,
        letters,
    })
}

/// Where the messages go.
enum Sink {
    Smtp(SmtpTransport),
    Files(PathBuf),
}

/// Exit 0 when every community with an address got its message (those without one are
/// listed), 1 when a message could not be sent; `Err` (exit 2) when nothing could start.
pub fn run(args: &MailArgs, outbox: Outbox) -> Result<i32, String> {
    let lang = args.lang;
    let mut list = outbox;
    // `[mail.to]` names that are no community of the report: said, never ignored silently.
    let mut unknown = std::mem::take(&mut list.unknown_to);
    let source = match &args.config {
        Some(path) => {
            let cfg = Config::load(path, lang)?;
            if cfg.name.is_some() {
                list.name = cfg.name.clone();
            }
            for e in &mut list.letters {
                e.to = cfg.mail_to.get(&e.name).cloned();
            }
            unknown = cfg
                .mail_to
                .keys()
                .filter(|n| !list.letters.iter().any(|e| &e.name == *n))
                .cloned()
                .collect();
            path.display().to_string()
        }
        None => crate::config::FILE_NAME.to_string(),
    };
    let from: Mailbox = args.from.parse().map_err(|e| match lang {
        Lang::Zh => format!("--from {}：不是有效的邮箱地址（{e}）", args.from),
        Lang::En => format!("--from {}: not an e-mail address ({e})", args.from),
    })?;
    let sink = if args.dry_run {
        Sink::Files(args.out.join("mail"))
    } else {
        let smtp = args
            .smtp
            .as_deref()
            .ok_or("--smtp HOST:PORT is needed to send (or use --dry-run)")?;
        let login = match &args.user {
            Some(user) => {
                let password = std::env::var(PASSWORD_ENV).map_err(|_| {
                    format!("--user {user}: set the password in the environment variable {PASSWORD_ENV}")
                })?;
                Some(Credentials::new(user.clone(), password))
            }
            None => None,
        };
        Sink::Smtp(transport(smtp, args.tls, login)?)
    };
    if let Sink::Files(dir) = &sink {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let date = match sink {
        Sink::Files(_) => message::fixed_date(&list.as_of),
        Sink::Smtp(_) => SystemTime::now(),
    };
    // Said once nothing can stop the run any more (a fatal error stays one line).
    for name in &unknown {
        say(&
                        match lang {
                Lang::Zh => format!(
                    "注意：{source} 的 [mail.to] 中的“{name}”不是报告中的社区，不会给它发邮件：请核对名称"
                ),
                Lang::En => format!(
                    "note: \"{name}\" in [mail.to] of {source} is no community of the report; nothing is mailed to it: check the name"
                ),
            }
        );
    }

    let (mut done, mut failed, mut missing) = (0, Vec::new(), Vec::new());
    for e in &list.letters {
        let Some(to) = &e.to else {
            missing.push(e.name.clone());
            continue;
        };
        match deliver(&args.out, &list, e, &from, to, date, &sink) {
            Ok(what) => {
                done += 1;
                say(&what);
            }
            Err(why) => {
                say(&format!("{}{why}", lang.pick("失败：", "failed: ")));
                failed.push(e.name.clone());
            }
        }
    }
    let sep = lang.pick("、", ", ");
    if !missing.is_empty() {
        say(&
                        match lang {
                Lang::Zh => format!(
                    "{} 个社区没有邮箱地址，未发送（请在 gridreport.toml 的 [mail.to] 中填写）：{}",
                    missing.len(),
                    missing.join(sep)
                ),
                Lang::En => format!(
                    "{} communities have no address and were not mailed (add them to [mail.to] in gridreport.toml): {}",
                    missing.len(),
                    missing.join(sep)
                ),
            }
        );
    }
    let verb = match (&sink, lang) {
        (Sink::Files(_), Lang::Zh) => "写出",
        (Sink::Smtp(_), Lang::Zh) => "发送",
        (Sink::Files(_), Lang::En) => "written",
        (Sink::Smtp(_), Lang::En) => "sent",
    };
    say(&match lang {
        Lang::Zh => format!(
            "共 {} 个社区：{verb} {done} 封，没有地址 {}，失败 {}",
            list.letters.len(),
            missing.len(),
            failed.len()
        ),
        Lang::En => format!(
            "{} communities: {done} {verb}, {} without an address, {} failed",
            list.letters.len(),
            missing.len(),
            failed.len()
        ),
    });
    Ok(if failed.is_empty() { 0 } else { 1 })
}

/// An SMTP transport to `HOST:PORT`, protected as `tls` says, logging in with `login`.
fn transport(
    smtp: &str,
    tls: TlsMode,
    login: Option<Credentials>,
) -> Result<SmtpTransport, String> {
    let bad = || format!("--smtp {smtp}: expected HOST:PORT, e.g. 127.0.0.1:25");
    let (host, port) = smtp.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad());
    }
    let params =
        || TlsParameters::new(host.to_string()).map_err(|e| format!("--smtp {smtp}: TLS: {e}"));
    let tls = match (tls, port, login.is_some()) {
        (TlsMode::Tls, ..) | (TlsMode::Auto, 465, _) => Tls::Wrapper(params()?),
        (TlsMode::Starttls, ..) | (TlsMode::Auto, _, true) => Tls::Required(params()?),
        (TlsMode::Auto, _, false) => Tls::Opportunistic(params()?),
        (TlsMode::None, ..) => Tls::None,
    };
    let mut builder = SmtpTransport::builder_dangerous(host)
        .port(port)
        .tls(tls)
        .hello_name(ClientId::Domain("localhost".into()))
        .timeout(Some(Duration::from_secs(30)));
    if let Some(c) = login {
        builder = builder
            .credentials(c)
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    Ok(builder.build())
}

/// Compose one community's message and send it or write it; `Ok` says what was done.
fn deliver(
    out: &Path,
    list: &Outbox,
    e: &Letter,
    from: &Mailbox,
    to: &str,
    date: SystemTime,
    sink: &Sink,
) -> Result<String, String> {
    let to_box: Mailbox = to
        .parse()
        .map_err(|err| format!("{}: {to}: not an e-mail address ({err})", e.name))?;
    let safe = e.workbook.starts_with(list.under)
        && !e.workbook.contains('\\')
        && !e
            .workbook
            .split('/')
            .any(|c| c.is_empty() || c == ".." || c == "." || c.contains(':'));
    if !safe {
        return Err(format!(
            "{}: workbook path {:?} in mail.json is not under {}/",
            e.name,
            e.workbook,
            out.join(list.under).display()
        ));
    }
    let path = out.join(&e.workbook);
    let bytes = std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
    let msg = message::compose(
        e,
        list.name.as_deref(),
        &list.as_of,
        from,
        &to_box,
        bytes,
        date,
    )?;
    match sink {
        Sink::Files(dir) => {
            let stem = e
                .workbook
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".xlsx"))
                .unwrap_or(&e.name);
            let file = dir.join(format!("{stem}.eml"));
            std::fs::write(&file, msg.formatted())
                .map_err(|err| format!("{}: {err}", file.display()))?;
            Ok(format!("{} → {to}: {}", e.name, file.display()))
        }
        Sink::Smtp(t) => {
            t.send(&msg)
                .map_err(|err| format!("{} → {to}: {err}", e.name))?;
            Ok(format!("{} → {to}", e.name))
        }
    }
}

/// One line on stderr, control characters from names escaped.
fn say(line: &str) {
    eprintln!("{}", crate::vocab::text::one_line(line));
}
