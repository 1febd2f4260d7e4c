//! `OUT/mail.json`: what `gridreport mail` needs from a build — each community's display
//! name, its workbook, its address from `[mail.to]` and its headline figures. Never PII:
//! names of communities, addresses of community offices and counts only.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::render::names::safe_names;
use crate::stats::Report;
use crate::vocab::issue::Severity;

pub const FILE: &str = "mail.json";

/// What `kind` says in the `mail.json` of a templates folder (`gridreport template`).
pub const TEMPLATES_KIND: &str = "templates";

/// Does `dir` hold the `mail.json` of a templates folder?
pub fn is_templates(dir: &Path) -> bool {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| v.get("kind").and_then(|k| k.as_str()) == Some(TEMPLATES_KIND))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailList {
    pub schema: u32,
    /// The sub-district's name (config `name`), for the subject and body; absent in the
    /// mail.json of reports built before it existed.
    #[serde(default)]
    pub name: Option<String>,
    pub as_of: String,
    pub communities: Vec<MailEntry>,
    /// `[mail.to]` names that are no community of the report (nobody gets mail for them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_to: Vec<String>,
}

/// One community: who gets which workbook, and the figures quoted in the message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailEntry {
    /// Display name, as in summary.json.
    pub name: String,
    /// The workbook, relative to OUT (`communities/<safe name>.xlsx`).
    pub workbook: String,
    /// From `[mail.to]` of the config the report was built with.
    pub to: Option<String>,
    pub residents: u64,
    pub households: u64,
    pub workers: u64,
    pub screening_coverage: Option<f64>,
    pub reporting_rate: Option<f64>,
    pub errors: u64,
    pub warnings: u64,
    /// Issues fixed, new and still open since the last report (absent without one, and in
    /// the mail.json of reports built before the history existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<MailChanges>,
}

/// A community's issues since the last report, for the mail's line
/// `上次以来已修正 N 项，新增 M 项，仍有 K 项`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailChanges {
    pub fixed: u64,
    pub new: u64,
    pub open: u64,
}

impl MailList {
    pub fn of(report: &Report, cfg: &Config) -> MailList {
        let s = &report.summary;
        let names: Vec<String> = s.communities.iter().map(|c| c.name.clone()).collect();
        let communities = s
            .communities
            .iter()
            .zip(safe_names(&names))
            .map(|(c, safe)| {
                let issues = s
                    .issues
                    .list
                    .iter()
                    .filter(|i| i.community.as_deref() == Some(c.name.as_str()));
                let (mut errors, mut warnings) = (0, 0);
                for i in issues {
                    match i.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => warnings += 1,
                        Severity::Info => {}
                    }
                }
                let f = &c.figures;
                MailEntry {
                    name: c.name.clone(),
                    workbook: format!("communities/{safe}.xlsx"),
                    to: cfg.mail_to.get(&c.name).cloned(),
                    residents: f.residents,
                    households: f.households,
                    workers: f.workers,
                    screening_coverage: f.screening_coverage,
                    reporting_rate: f.reporting_rate,
                    errors,
                    warnings,
                    changes: s.changes.as_ref().and_then(|ch| {
                        let m = ch.communities.iter().find(|m| m.name == c.name)?;
                        Some(MailChanges {
                            fixed: m.fixed,
                            new: m.new,
                            open: m.open,
                        })
                    }),
                }
            })
            .collect();
        let unknown_to = cfg
            .mail_to
            .keys()
            .filter(|n| !s.communities.iter().any(|c| &c.name == *n))
            .cloned()
            .collect();
        MailList {
            schema: 1,
            name: s.name.clone(),
            as_of: s.as_of.to_string(),
            communities,
            unknown_to,
        }
    }

    /// Read `OUT/mail.json`.
    pub fn read(out: &Path) -> Result<MailList, String> {
        let path = out.join(FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            format!(
                "{}: {e}; is {} a report written by `gridreport build`? Build it again.",
                path.display(),
                out.display()
            )
        })?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Write `mail.json` into the report folder `dir`.
pub fn write(
    report: &Report,
    cfg: &Config,
    dir: &Path,
) -> Result<(), crate::vocab::write_error::WriteError> {
    use crate::vocab::write_error::WriteError;
    let path = dir.join(FILE);
    let mut text = serde_json::to_string_pretty(&MailList::of(report, cfg))
        .map_err(|e| WriteError::make(&path, e))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| WriteError::file(&path, e))
}
