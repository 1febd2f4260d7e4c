//! Which communities get a template, and the big grid and building codes each really has.
//!
//! With `--from INPUT`: the communities of the report (display names) with the codes of
//! their structure (SPEC §5: grids rows and winning households rows), then the communities
//! the config names that the report does not have (without codes). Without it: the
//! communities the config names (`[communities]` targets, `community_order`, `[mail.to]`).
//! Order: `community_order` first, then by name.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::config::Config;
use crate::merge::structure::Layout;
use crate::model::values::community_key;

/// One community's template: its display name and its codes in natural order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Community {
    pub name: String,
    pub big_grids: Vec<String>,
    pub buildings: Vec<String>,
}

/// The communities of a report (`names`, display names) with their layouts, then those only
/// the config names, in display order.
pub fn from_report(
    names: &[String],
    layouts: &BTreeMap<String, Layout>,
    cfg: &Config,
) -> Vec<Community> {
    let mut out: Vec<Community> = names
        .iter()
        .map(|name| {
            let mut c = Community {
                name: name.clone(),
                ..Community::default()
            };
            if let Some(layout) = layouts.get(name) {
                c.big_grids = layout.big_grids.keys().cloned().collect();
                c.buildings = layout.buildings.iter().cloned().collect();
                c.big_grids.sort_by(|a, b| natural_cmp(a, b));
                c.buildings.sort_by(|a, b| natural_cmp(a, b));
            }
            c
        })
        .collect();
    for name in configured(cfg) {
        let key = community_key(&name);
        if !out.iter().any(|c| community_key(&c.name) == key) {
            out.push(Community {
                name,
                ..Community::default()
            });
        }
    }
    order(&mut out, cfg);
    out
}

/// The communities the config names, without codes, in display order.
pub fn from_config(cfg: &Config) -> Vec<Community> {
    let mut out: Vec<Community> = Vec::new();
    for name in configured(cfg) {
        let key = community_key(&name);
        if !out.iter().any(|c| community_key(&c.name) == key) {
            out.push(Community {
                name,
                ..Community::default()
            });
        }
    }
    order(&mut out, cfg);
    out
}

/// Every community name the config gives, trimmed, the first spelling of a key kept.
fn configured(cfg: &Config) -> Vec<String> {
    let names = cfg
        .communities
        .values()
        .chain(&cfg.community_order)
        .chain(cfg.mail_to.keys());
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let n = n.trim();
        if !n.is_empty() && !out.iter().any(|o| community_key(o) == community_key(n)) {
            out.push(n.to_string());
        }
    }
    out
}

/// `community_order` first (by key, so that a spelling of a listed name counts), the rest
/// by name in code-point order.
fn order(list: &mut [Community], cfg: &Config) {
    let rank = |name: &str| {
        let key = community_key(name);
        cfg.community_order
            .iter()
            .position(|o| community_key(o) == key)
            .unwrap_or(usize::MAX)
    };
    list.sort_by(|a, b| {
        rank(&a.name)
            .cmp(&rank(&b.name))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// Codes in natural order: runs of ASCII digits compare as numbers (`第2网格` before
/// `第10网格`, `2` before `10`), the rest by code point; equal keys by code point.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, rest_x) = split_digits(x);
                let (m, rest_y) = split_digits(y);
                let (n_t, m_t) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let by_value = n_t.len().cmp(&m_t.len()).then_with(|| n_t.cmp(m_t));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_in_natural_order() {
        let mut v = vec![
            "第10网格",
            "第2网格",
            "10",
            "2",
            "02",
            "a",
            "1-10",
            "1-2",
            "第1网格",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            vec![
                "1-2",
                "1-10",
                "02",
                "2",
                "10",
                "a",
                "第1网格",
                "第2网格",
                "第10网格"
            ]
        );
        assert_eq!(natural_cmp("", ""), Ordering::Equal);
        assert_eq!(natural_cmp("9".repeat(60).as_str(), "1"), Ordering::Greater);
    }

    #[test]
    fn report_communities_then_the_configs() {
        let mut layouts = BTreeMap::new();
        layouts.insert(
            "城东社区".to_string(),
            Layout {
                big_grids: [
                    ("10".to_string(), BTreeSet::new()),
                    ("9".to_string(), BTreeSet::new()),
                ]
                .into_iter()
                .collect(),
                buildings: ["9-1", "10-1", "9-10", "9-2"]
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            },
        );
        let cfg = Config::parse(
            "community_order = [\"城西社区\"]\n[communities]\n\"城东居委会\" = \"城东社区\"\n\
             [mail.to]\n\"城北社区\" = \"a@example.org\"\n\"城西\" = \"b@example.org\"\n",
        )
        .unwrap();
        let names = vec!["城东社区".to_string(), "城中社区".to_string()];
        let got = from_report(&names, &layouts, &cfg);
        let order: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
        // 城西社区 is listed first; 城西 is the same community (same key) and not repeated.
        assert_eq!(order, vec!["城西社区", "城东社区", "城中社区", "城北社区"]);
        assert_eq!(got[1].big_grids, vec!["9", "10"]);
        assert_eq!(got[1].buildings, vec!["9-1", "9-2", "9-10", "10-1"]);
        assert!(got[2].big_grids.is_empty() && got[3].buildings.is_empty());

        let got = from_config(&cfg);
        let order: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(order, vec!["城西社区", "城东社区", "城北社区"]);
        assert!(from_config(&Config::default()).is_empty());
    }
}
