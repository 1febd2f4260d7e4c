//! One report remembered: `history/<as_of>.json`. Its figures (all of them, for the
//! sub-district and each community) and, for each issue, only a stable identity (a hash of
//! rule, community and non-PII record key), its rule, severity, community and place — no
//! message, no value, nothing of a person (docs/decisions.md, "History snapshots").
//!
//! The file ends with `"check"`, a hash of everything before it: a snapshot edited by hand
//! (or cut short) no longer matches and is ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::stats::changes::PastIssue;
use crate::stats::{Figures, Summary};
use crate::vocab::issue::{Rule, Severity};
use crate::vocab::rules::RULES;

/// `Issue::key` of the info issues about the history itself (`NOTE_KEY` + file name).
pub const NOTE_KEY: &str = "history/";

/// The snapshot format; another number is another version's snapshot.
pub const FORMAT: u64 = 1;

const CHECK: &[u8] = b",\"check\":\"";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The format (`FORMAT`); also what tells a snapshot from other JSON.
    pub gridreport_history: u64,
    /// The sub-district's name (config `name`) the report was built with.
    pub name: Option<String>,
    pub as_of: String,
    pub totals: Figures,
    /// Each community's figures, by display name.
    pub communities: BTreeMap<String, Figures>,
    pub issues: Vec<Entry>,
}

/// One issue of the report: its identity and where it was, nothing else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// `history::identity`, 16 hex digits.
    pub id: String,
    pub rule: String,
    pub severity: String,
    pub community: Option<String>,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Entry {
    /// The identity as a number, and the issue as the pages show a fixed one; `None` for an
    /// entry that names no known rule or severity.
    pub fn past(&self) -> Option<(u64, PastIssue)> {
        let id = u64::from_str_radix(&self.id, 16).ok()?;
        let rule = RULES.iter().find(|d| d.id == self.rule)?.rule;
        Some((
            id,
            PastIssue {
                rule,
                severity: severity(&self.severity)?,
                community: self.community.clone(),
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                cell: self.cell.clone(),
            },
        ))
    }
}

pub fn severity(s: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|v| v.as_str() == s)
}

/// Is this issue about the history itself (an ignored snapshot)? Such issues are neither
/// remembered nor compared.
pub fn about_history(key: Option<&str>) -> bool {
    key.is_some_and(|k| k.starts_with(NOTE_KEY))
}

impl Snapshot {
    /// The snapshot of a report: its issues each with the identity `id_of` gives.
    pub fn of(summary: &Summary, id_of: impl Fn(&crate::vocab::issue::Issue) -> u64) -> Snapshot {
        Snapshot {
            gridreport_history: FORMAT,
            name: summary.name.clone(),
            as_of: summary.as_of.to_string(),
            totals: summary.totals.figures.clone(),
            communities: summary
                .communities
                .iter()
                .map(|c| (c.name.clone(), c.figures.clone()))
                .collect(),
            issues: summary
                .issues
                .list
                .iter()
                .filter(|i| !about_history(i.key.as_deref()))
                .map(|i| Entry {
                    id: format!("{:016x}", id_of(i)),
                    rule: i.rule.as_str().to_string(),
                    severity: i.severity.as_str().to_string(),
                    community: i.community.clone(),
                    file: i.file.clone(),
                    sheet: i.sheet.clone(),
                    cell: i.cell.clone(),
                })
                .collect(),
        }
    }

    /// The file's bytes: compact JSON ending in the check.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec());
        // `body` ends with the object's closing brace: the check goes before it.
        body.pop();
        let check = xxh3_64(&body);
        body.extend_from_slice(CHECK);
        body.extend_from_slice(format!("{check:016x}\"}}\n").as_bytes());
        body
    }

    /// Read a snapshot's bytes; why not when they are no intact snapshot of this version.
    pub fn parse(bytes: &[u8]) -> Result<Snapshot, Why> {
        if let Some(body) = checked_body(bytes) {
            let mut snap: Snapshot = serde_json::from_slice(&body).map_err(|_| Why::Corrupt)?;
            if snap.gridreport_history != FORMAT {
                return Err(Why::Version(snap.gridreport_history));
            }
            // Ratios from their counts, as everywhere (a decimal read back may differ from
            // the one written in its last bit).
            snap.totals.recompute();
            for f in snap.communities.values_mut() {
                f.recompute();
            }
            return Ok(snap);
        }
        // Not intact: say whether it is another version's, edited, or no snapshot at all.
        #[derive(Deserialize)]
        struct Head {
            gridreport_history: Option<u64>,
        }
        match serde_json::from_slice::<Head>(bytes) {
            Ok(Head {
                gridreport_history: Some(v),
            }) if v != FORMAT => Err(Why::Version(v)),
            Ok(Head {
                gridreport_history: Some(_),
            }) => Err(Why::Edited),
            _ => Err(Why::Corrupt),
        }
    }

    /// The errors and warnings it had.
    pub fn counts(&self) -> (u64, u64) {
        let n = |s: &str| self.issues.iter().filter(|e| e.severity == s).count() as u64;
        (n("error"), n("warning"))
    }
}

/// The JSON object without its check, when the check matches.
fn checked_body(bytes: &[u8]) -> Option<Vec<u8>> {
    let tail = b"\"}\n";
    let rest = bytes.strip_suffix(tail)?;
    let (body, hex) = rest.split_at(rest.len().checked_sub(16)?);
    let body = body.strip_suffix(CHECK)?;
    let hex = std::str::from_utf8(hex).ok()?;
    if u64::from_str_radix(hex, 16).ok()? != xxh3_64(body) {
        return None;
    }
    let mut out = body.to_vec();
    out.push(b'}');
    Some(out)
}

/// Why a snapshot was ignored.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// Not JSON, cut short, or no snapshot.
    Corrupt,
    /// A snapshot whose check no longer matches.
    Edited,
    /// Another format: a newer (or older) gridreport's.
    Version(u64),
}

/// `Rule` of an id, for callers that read ids.
pub fn rule(id: &str) -> Option<Rule> {
    RULES.iter().find(|d| d.id == id).map(|d| d.rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap() -> Snapshot {
        let mut s = Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        s.name = Some("圭峰会城街道".into());
        s.totals.figures.households = 7;
        s.totals.figures.recompute();
        Snapshot::of(&s, |_| 0)
    }

    #[test]
    fn a_snapshot_reads_back_and_notices_edits() {
        let s = snap();
        let bytes = s.to_bytes();
        assert_eq!(Snapshot::parse(&bytes), Ok(s.clone()));
        assert!(bytes.ends_with(b"\"}\n"));
        let text = String::from_utf8(bytes.clone()).unwrap();
        let cases: Vec<(Vec<u8>, Why)> = vec![
            (
                text.replace("\"households\":7", "\"households\":8")
                    .into_bytes(),
                Why::Edited,
            ),
            (bytes[..bytes.len() / 2].to_vec(), Why::Corrupt),
            (b"not json".to_vec(), Why::Corrupt),
            (b"{\"schema\":2}".to_vec(), Why::Corrupt),
            (
                b"{\"gridreport_history\":9,\"x\":1}".to_vec(),
                Why::Version(9),
            ),
            (Vec::new(), Why::Corrupt),
        ];
        for (bytes, why) in cases {
            assert_eq!(
                Snapshot::parse(&bytes),
                Err(why),
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
        // Another version that kept the check: still another version.
        let mut v2 = s;
        v2.gridreport_history = 2;
        assert_eq!(Snapshot::parse(&v2.to_bytes()), Err(Why::Version(2)));
    }

    #[test]
    fn entries_name_known_rules_only() {
        let e = Entry {
            id: "00000000000000ff".into(),
            rule: "phone_invalid".into(),
            severity: "warning".into(),
            community: None,
            file: Some("a.xlsx".into()),
            sheet: None,
            cell: None,
        };
        let (id, past) = e.past().unwrap();
        assert_eq!(id, 255);
        assert_eq!(past.rule, Rule::PhoneInvalid);
        let mut bad = e.clone();
        bad.rule = "made_up".into();
        assert!(bad.past().is_none());
        assert_eq!(rule("file_skipped"), Some(Rule::FileSkipped));
    }
}
