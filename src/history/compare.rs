//! Today's report against the baseline: which issues were fixed, which are new, which are
//! still open, and how every figure moved — for the sub-district and for each community.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::identity::{by_place, identity};
use super::snapshot::{about_history, severity, Snapshot};
use crate::stats::changes::{Changes, CommunityChange, Deltas, PastIssue};
use crate::stats::{Figures, Summary};
use crate::vocab::issue::{Issue, Severity};

/// The report compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub as_of: String,
    pub totals: Figures,
    pub communities: BTreeMap<String, Figures>,
    /// Each issue's identity and how it looked.
    pub issues: Vec<(u64, PastIssue)>,
    pub errors: u64,
    pub warnings: u64,
    /// Its issues are known by place only (an earlier summary.json): today's issues are
    /// then compared by place too.
    pub by_place: bool,
}

impl Baseline {
    pub fn of_snapshot(s: &Snapshot) -> Baseline {
        let (errors, warnings) = s.counts();
        Baseline {
            as_of: s.as_of.clone(),
            totals: s.totals.clone(),
            communities: s.communities.clone(),
            issues: s.issues.iter().filter_map(|e| e.past()).collect(),
            errors,
            warnings,
            by_place: false,
        }
    }

    /// An earlier report's summary.json (schema 1 or 2); `None` when it is none.
    pub fn of_summary(bytes: &[u8]) -> Option<Baseline> {
        #[derive(Deserialize)]
        struct Old {
            schema: u64,
            as_of: String,
            totals: Figures,
            communities: Vec<OldCommunity>,
            issues: OldIssues,
        }
        #[derive(Deserialize)]
        struct OldCommunity {
            name: String,
            #[serde(flatten)]
            figures: Figures,
        }
        #[derive(Deserialize)]
        struct OldIssues {
            errors: u64,
            warnings: u64,
            list: Vec<OldIssue>,
        }
        #[derive(Deserialize)]
        struct OldIssue {
            severity: String,
            rule: String,
            file: Option<String>,
            sheet: Option<String>,
            cell: Option<String>,
            community: Option<String>,
        }
        let mut old: Old = serde_json::from_slice(bytes).ok()?;
        if !(1..=2).contains(&old.schema) {
            return None;
        }
        // Ratios from their counts (schema 1 has no counts behind the worker means: those
        // two stay as written).
        let settle = |f: &mut Figures| {
            let (age, women) = (f.worker_avg_age, f.worker_female_share);
            f.recompute();
            if old.schema == 1 {
                f.worker_avg_age = age;
                f.worker_female_share = women;
            }
        };
        settle(&mut old.totals);
        for c in &mut old.communities {
            settle(&mut c.figures);
        }
        let issues = old
            .issues
            .list
            .into_iter()
            .filter_map(|i| {
                let past = PastIssue {
                    rule: super::snapshot::rule(&i.rule)?,
                    severity: severity(&i.severity)?,
                    community: i.community,
                    file: i.file,
                    sheet: i.sheet,
                    cell: i.cell,
                };
                Some((place_id(&past), past))
            })
            .collect();
        Some(Baseline {
            as_of: old.as_of,
            totals: old.totals,
            communities: old
                .communities
                .into_iter()
                .map(|c| (c.name, c.figures))
                .collect(),
            issues,
            errors: old.issues.errors,
            warnings: old.issues.warnings,
            by_place: true,
        })
    }
}

/// The place identity of a past issue (as `identity::by_place` of today's).
fn place_id(p: &PastIssue) -> u64 {
    let mut i = Issue::new(p.rule, "");
    i.community = p.community.clone();
    i.file = p.file.clone();
    i.sheet = p.sheet.clone();
    i.cell = p.cell.clone();
    by_place(&i)
}

/// What changed: `summary.changes`, the fixed issues (the baseline's) and the indices of the
/// new ones in `summary.issues.list`. An identity found n times before and m times now is
/// min(n, m) still open, n − m fixed or m − n new.
pub fn compare(summary: &Summary, base: &Baseline) -> (Changes, Vec<PastIssue>, Vec<usize>) {
    let id_of = |i: &Issue| {
        if base.by_place {
            by_place(i)
        } else {
            identity(i)
        }
    };
    // For each identity: the baseline's issues, then today's (indices).
    let mut by_id: BTreeMap<u64, (Vec<&PastIssue>, Vec<usize>)> = BTreeMap::new();
    for (id, p) in &base.issues {
        by_id.entry(*id).or_default().0.push(p);
    }
    for (n, i) in summary.issues.list.iter().enumerate() {
        if !about_history(i.key.as_deref()) {
            by_id.entry(id_of(i)).or_default().1.push(n);
        }
    }
    #[derive(Default)]
    struct Count {
        fixed: u64,
        new: u64,
        open: u64,
    }
    let mut total = Count::default();
    let mut per: BTreeMap<&str, Count> = BTreeMap::new();
    let mut fixed = Vec::new();
    let mut new = Vec::new();
    let list = &summary.issues.list;
    for (before, now) in by_id.values() {
        let open = before.len().min(now.len());
        for &n in &now[..open] {
            total.open += 1;
            if let Some(c) = list[n].community.as_deref() {
                per.entry(c).or_default().open += 1;
            }
        }
        for &n in &now[open..] {
            total.new += 1;
            new.push(n);
            if let Some(c) = list[n].community.as_deref() {
                per.entry(c).or_default().new += 1;
            }
        }
        for p in &before[open..] {
            total.fixed += 1;
            fixed.push((*p).clone());
            if let Some(c) = p.community.as_deref() {
                per.entry(c).or_default().fixed += 1;
            }
        }
    }
    new.sort_unstable();
    fixed.sort_by(|a, b| {
        (
            a.severity,
            &a.file,
            &a.sheet,
            cell_order(&a.cell),
            a.rule.as_str(),
        )
            .cmp(&(
                b.severity,
                &b.file,
                &b.sheet,
                cell_order(&b.cell),
                b.rule.as_str(),
            ))
    });
    let communities = summary
        .communities
        .iter()
        .map(|c| {
            let n = per.get(c.name.as_str());
            CommunityChange {
                name: c.name.clone(),
                fixed: n.map_or(0, |n| n.fixed),
                new: n.map_or(0, |n| n.new),
                open: n.map_or(0, |n| n.open),
                deltas: Deltas::between(&c.figures, base.communities.get(&c.name)),
            }
        })
        .collect();
    let changes = Changes {
        baseline_as_of: base.as_of.clone(),
        fixed: total.fixed,
        new: total.new,
        open: total.open,
        totals: Deltas::between(&summary.totals.figures, Some(&base.totals)),
        communities,
    };
    (changes, fixed, new)
}

/// A cell reference in sheet order: row, then column letters by length and text.
fn cell_order(cell: &Option<String>) -> (u32, usize, String) {
    let Some(c) = cell else {
        return (0, 0, String::new());
    };
    let letters: String = c
        .chars()
        .take_while(|ch| ch.is_ascii_alphabetic())
        .collect();
    let row = c[letters.len()..].parse().unwrap_or(0);
    (row, letters.len(), letters)
}

/// The errors and warnings of today's report that are about the data (not the history).
pub fn counts(summary: &Summary) -> (u64, u64) {
    let mut n = (0, 0);
    for i in &summary.issues.list {
        if about_history(i.key.as_deref()) {
            continue;
        }
        match i.severity {
            Severity::Error => n.0 += 1,
            Severity::Warning => n.1 += 1,
            Severity::Info => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Community;
    use crate::vocab::issue::Rule;

    fn issue(rule: Rule, community: &str, key: &str) -> Issue {
        Issue::new(rule, "m").community(community).key(key)
    }

    fn summary(issues: Vec<Issue>, households: u64) -> Summary {
        let mut s = Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        s.totals.figures.households = households;
        s.communities = vec![Community {
            name: "城东社区".into(),
            figures: s.totals.figures.clone(),
        }];
        s.issues.list = issues;
        s
    }

    #[test]
    fn fixed_new_and_open_by_identity_and_community() {
        let a = issue(Rule::PhoneInvalid, "城东社区", "households/phone/hh=1#0");
        let b = issue(Rule::PhoneInvalid, "城东社区", "households/phone/hh=2#0");
        let c = issue(Rule::RoleUnknown, "城东社区", "staff/role/x#0");
        let d = issue(Rule::FileSkipped, "", "x").community("城西社区");
        let before = summary(vec![a.clone(), b.clone(), c.clone()], 100);
        let snap = Snapshot::of(&before, identity);
        let base = Baseline::of_snapshot(&snap);
        // b fixed, c still open, d new; a duplicate of c is new.
        let now = summary(vec![a, c.clone(), c, d], 103);
        let (ch, fixed, new) = compare(&now, &base);
        assert_eq!((ch.fixed, ch.new, ch.open), (1, 2, 2));
        assert_eq!(fixed.len(), 1);
        assert_eq!(fixed[0].rule, Rule::PhoneInvalid);
        assert_eq!(new, vec![2, 3]);
        let east = &ch.communities[0];
        assert_eq!((east.fixed, east.new, east.open), (1, 1, 2));
        assert_eq!(
            ch.totals.get(crate::stats::figure::Figure::Households),
            Some(crate::stats::changes::Delta::Count(Some(3)))
        );
        assert_eq!(base.errors, 0);
    }

    #[test]
    fn an_earlier_summary_json_is_compared_by_place() {
        let mut s = summary(
            vec![Issue::new(Rule::PhoneInvalid, "m")
                .file("a.xlsx")
                .sheet("S")
                .at(3, 2)
                .community("城东社区")],
            10,
        );
        s.schema = 1;
        let json = serde_json::to_vec(&s).unwrap();
        let base = Baseline::of_summary(&json).unwrap();
        assert!(base.by_place);
        assert_eq!(base.totals.households, 10);
        let (ch, _, _) = compare(&s, &base);
        assert_eq!((ch.fixed, ch.new, ch.open), (0, 0, 1));
        assert!(Baseline::of_summary(b"{\"schema\":3}").is_none());
        assert!(Baseline::of_summary(b"[]").is_none());
    }
}
