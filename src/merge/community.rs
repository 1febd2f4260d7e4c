//! Communities: which rows are one community, and its display name (SPEC §4 community).

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::model::rows::Rows;
use crate::model::values::community_key;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;

#[derive(Debug, Default)]
pub struct Communities {
    /// Community key → display name, for every key named by any row.
    pub names: BTreeMap<String, String>,
    /// Keys named by at least one row that is not excluded.
    pub existing: BTreeSet<String>,
    /// Community key → every spelling (as text) of its rows, in code-point order.
    pub spellings: BTreeMap<String, Vec<String>>,
}

impl Communities {
    pub fn name(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }
}

/// Display names: the most frequent spelling over all rows whose community cell is not
/// empty (excluded and duplicate rows included), ties to the smallest in code-point order;
/// a config `[communities]` name wins. Several spellings: `info` `community_merged`.
pub fn resolve(records: &Rows, cfg: &Config, lang: Lang, issues: &mut Vec<Issue>) -> Communities {
    let mut spellings: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut out = Communities::default();
    for r in records {
        if let (Some(key), Some(text)) = (&r.community, &r.community_text) {
            // Counted without copying the strings for every row.
            match spellings
                .get_mut(key.as_str())
                .and_then(|m| m.get_mut(text.as_str()))
            {
                Some(n) => *n += 1,
                None => {
                    *spellings
                        .entry(key.clone())
                        .or_default()
                        .entry(text.clone())
                        .or_default() += 1
                }
            }
        }
        if let (Some(key), false) = (&r.community, r.excluded) {
            if !out.existing.contains(key) {
                out.existing.insert(key.clone());
            }
        }
    }
    // Names the config gives, by key (the smallest if several names share a key).
    let mut configured: BTreeMap<String, String> = BTreeMap::new();
    for name in cfg.communities.values() {
        let key = community_key(name);
        let slot = configured.entry(key).or_insert_with(|| name.clone());
        if name < slot {
            *slot = name.clone();
        }
    }
    for (key, counts) in &spellings {
        let most = counts
            .iter()
            .fold(None::<(&String, u64)>, |best, (s, &n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((s, n)),
            })
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| key.clone());
        let name = configured.get(key).cloned().unwrap_or(most);
        if counts.len() > 1 {
            let list: Vec<String> = counts
                .iter()
                .map(|(s, n)| match lang {
                    Lang::Zh => format!("“{s}”（{n} 行）"),
                    Lang::En => format!("'{s}' ({n} rows)"),
                })
                .collect();
            let msg = match lang {
                Lang::Zh => format!("社区的几种写法合并为“{name}”：{}", list.join("、")),
                Lang::En => format!(
                    "several spellings merged into community '{name}': {}",
                    list.join(", ")
                ),
            };
            issues.push(
                Issue::new(Rule::CommunityMerged, msg)
                    .community(&name)
                    .community_key(Some(key)),
            );
        }
        out.names.insert(key.clone(), name);
        out.spellings
            .insert(key.clone(), counts.keys().cloned().collect());
    }
    out
}

/// A community name without a trailing 社区 / 居委会 / 居委 / 居 / 村 (SPEC §9.4), for telling
/// spellings of one community apart from different communities. Nothing is cut when
/// nothing would remain.
pub fn stem(name: &str) -> &str {
    const SUFFIXES: [&str; 5] = ["居委会", "社区", "居委", "居", "村"];
    SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(name)
}

/// The number of characters the stems of two names share at their start.
pub fn shared_stem(a: &str, b: &str) -> usize {
    stem(a)
        .chars()
        .zip(stem(b).chars())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        for (name, s) in [
            ("振兴社区", "振兴"),
            ("振兴居", "振兴"),
            ("振兴居委会", "振兴"),
            ("振兴居委", "振兴"),
            ("新村", "新"),
            ("村", "村"),
            ("城东社区居委会", "城东社区"),
            ("城东", "城东"),
        ] {
            assert_eq!(stem(name), s, "{name}");
        }
        assert_eq!(shared_stem("振兴居", "振兴社区"), 2);
        assert_eq!(shared_stem("城东社区", "城西社区"), 1);
        assert_eq!(shared_stem("城东北社区", "城东社区"), 2);
    }
}

#[cfg(test)]
mod rule_tests;
