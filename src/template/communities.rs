//! Which communities get a template, and the big grid and building codes each really has.
//!
//! With `--from INPUT`: the communities of the report (display names) with the codes of
//! their structure (SPEC §5: grids rows and winning households rows), then the communities
//! the config names that the report does not have (without codes). Without it: the
//! communities the config names (`[communities]` targets, `community_order`, `[mail.to]`).
//! Communities in display order, codes in natural order (SPEC §9.4, `render::order`).

use std::collections::BTreeMap;

use crate::config::Config;
use crate::merge::structure::Layout;
use crate::model::values::community_key;
use crate::render::order::{natural_cmp, CommunityOrder};

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
    let out: Vec<Community> = names
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
    with_configured(out, cfg)
}

/// The communities the config names, without codes, in display order.
pub fn from_config(cfg: &Config) -> Vec<Community> {
    with_configured(Vec::new(), cfg)
}

/// `out` and, after it, every community the config names that is not in it yet (by
/// community key), without codes; all in display order.
fn with_configured(mut out: Vec<Community>, cfg: &Config) -> Vec<Community> {
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

/// The display order of SPEC §9.4 (`render::order`): `community_order`, then pinyin.
fn order(list: &mut [Community], cfg: &Config) {
    let order = CommunityOrder::new(cfg);
    list.sort_by(|a, b| order.cmp(&a.name, &b.name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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
        // 城西社区 is listed first, the rest by pinyin; 城西 is the same community (same key)
        // and not repeated.
        assert_eq!(order, vec!["城西社区", "城北社区", "城东社区", "城中社区"]);
        assert_eq!(got[2].big_grids, vec!["9", "10"]);
        assert_eq!(got[2].buildings, vec!["9-1", "9-2", "9-10", "10-1"]);
        assert!(got[1].big_grids.is_empty() && got[3].buildings.is_empty());

        let got = from_config(&cfg);
        let order: Vec<&str> = got.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(order, vec!["城西社区", "城北社区", "城东社区"]);
        assert!(from_config(&Config::default()).is_empty());
    }
}
