//! The structure of each community — its big grids and buildings — and the checks on it
//! (SPEC §5): `building_multiple_grids`, `not_in_grid_table`, `unknown_grid`,
//! `community_without_households`, `big_grid_size`.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::community::Communities;
use super::dedupe::Winners;
use crate::config::Config;
use crate::model::rows::{RowId, Rows};
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// One community's big grids (each with the building codes named with it) and buildings.
#[derive(Debug, Default)]
pub struct Layout {
    pub big_grids: BTreeMap<String, BTreeSet<String>>,
    pub buildings: BTreeSet<String>,
}

/// A layout while it is built, borrowing the rows' codes.
#[derive(Default)]
struct Borrowed<'a> {
    big_grids: HashMap<&'a str, HashSet<&'a str>>,
    buildings: HashSet<&'a str>,
}

#[derive(Debug, Default)]
pub struct Structure {
    /// Community key → layout (communities without grids or households rows have none).
    pub layouts: BTreeMap<String, Layout>,
    /// Winning staff, isolation and daily rows that name an unknown grid.
    pub unknown: HashSet<RowId>,
}

/// Build every community's structure from its grids and (winning) households rows, with
/// the checks on it.
pub fn build(
    records: &Rows,
    winners: &Winners,
    communities: &Communities,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) -> Structure {
    let layouts = layouts(records, winners, lang, issues);
    let unknown = unknown_grids(records, winners, &layouts, lang, issues);
    let s = Structure {
        layouts: owned(layouts),
        unknown,
    };
    community_checks(records, winners, communities, &s, cfg, lang, issues);
    s
}

/// The layouts from the grids and households rows (codes borrowed), with
/// `not_in_grid_table` and `building_multiple_grids`.
fn layouts<'a>(
    records: &'a Rows,
    winners: &Winners,
    lang: Lang,
    issues: &mut Vec<Issue>,
) -> HashMap<&'a str, Borrowed<'a>> {
    // Pairs named by grids rows, per community.
    let mut grid_pairs: HashMap<&str, HashSet<(&str, &str)>> = HashMap::default();
    for &i in &winners.grids {
        let r = &records[i];
        if let (Some(c), Some(bg), Some(b)) = (
            r.community.as_deref(),
            r.big_grid.as_deref(),
            r.building.as_deref(),
        ) {
            grid_pairs.entry(c).or_default().insert((bg, b));
        }
    }
    // Structure rows in processing order: grids and households winners.
    let mut rows: Vec<RowId> = winners
        .grids
        .iter()
        .chain(&winners.households)
        .copied()
        .collect();
    rows.sort_unstable();
    // The layouts, first with borrowed codes (most rows repeat them), copied once at the end.
    let mut layouts: HashMap<&str, Borrowed> = HashMap::default();
    // (community, building) → the first big grid it was named with, and whether warned.
    let mut first_grid: HashMap<(&str, &str), (&str, bool)> = HashMap::default();
    for i in rows {
        let r = &records[i];
        let (Some(c), Some(bg), Some(b)) = (
            r.community.as_deref(),
            r.big_grid.as_deref(),
            r.building.as_deref(),
        ) else {
            continue;
        };
        if r.kind == TableKind::Households {
            if let Some(pairs) = grid_pairs.get(c) {
                if !pairs.contains(&(bg, b)) {
                    let msg = match lang {
                        Lang::Zh => format!("大网格“{bg}”楼栋“{b}”不在本社区的网格划分表中（仍计入）：请核对楼栋或补充网格划分"),
                        Lang::En => format!(
                            "big grid '{bg}', building '{b}' is not in the community's grid table (still counted): check the building or add it to the grid table"
                        ),
                    };
                    issues.push(
                        r.loc
                            .issue(Rule::NotInGridTable, Field::Building, msg)
                            .community_key(Some(c)),
                    );
                }
            }
        }
        let layout = layouts.entry(c).or_default();
        layout.big_grids.entry(bg).or_default().insert(b);
        layout.buildings.insert(b);
        let entry = first_grid.entry((c, b)).or_insert((bg, false));
        if entry.0 != bg && !entry.1 {
            entry.1 = true;
            let msg = match lang {
                Lang::Zh => format!("楼栋“{b}”同时属于大网格“{}”和“{bg}”：一栋楼应只属于一个大网格，请核对", entry.0),
                Lang::En => format!(
                    "building '{b}' is under big grid '{}' and also under '{bg}': a building belongs to one big grid; check it",
                    entry.0
                ),
            };
            issues.push(
                r.loc
                    .issue(Rule::BuildingMultipleGrids, Field::Building, msg)
                    .community_key(Some(c)),
            );
        }
    }

    layouts
}

/// `unknown_grid`: winning staff, isolation and daily rows naming a big grid, a building
/// or a pair that is not in their community's structure.
fn unknown_grids(
    records: &Rows,
    winners: &Winners,
    layouts: &HashMap<&str, Borrowed>,
    lang: Lang,
    issues: &mut Vec<Issue>,
) -> HashSet<RowId> {
    let mut unknown = HashSet::default();
    // Staff, isolation and daily rows naming grids that are not in the structure.
    let empty = Borrowed::default();
    let mut others: Vec<RowId> = winners
        .staff
        .iter()
        .chain(&winners.isolation)
        .chain(&winners.daily)
        .copied()
        .collect();
    others.sort_unstable();
    for i in others {
        let r = &records[i];
        let Some(c) = r.community.as_deref() else {
            continue;
        };
        let layout = layouts.get(c).unwrap_or(&empty);
        let bg = r.big_grid.as_deref();
        let b = r.building.as_deref();
        let problem = match (bg, b) {
            (Some(g), _) if !layout.big_grids.contains_key(g) => Some((
                Field::BigGrid,
                match lang {
                    Lang::Zh => format!("大网格“{g}”不在本社区的网格划分或住户台账中：请核对编号"),
                    Lang::En => format!("big grid '{g}' is not in the community's grid table or household register: check the code"),
                },
            )),
            (Some(g), Some(bd)) if !layout.big_grids.get(g).is_some_and(|set| set.contains(bd)) => Some((
                Field::Building,
                match lang {
                    Lang::Zh => format!("楼栋“{bd}”不属于大网格“{g}”（网格划分和住户台账中都没有）：请核对编号"),
                    Lang::En => format!(
                        "building '{bd}' is not under big grid '{g}' in the grid table or household register: check the code"
                    ),
                },
            )),
            (None, Some(bd)) if !layout.buildings.contains(bd) => Some((
                Field::Building,
                match lang {
                    Lang::Zh => format!("楼栋“{bd}”不在本社区的网格划分或住户台账中：请核对编号"),
                    Lang::En => format!("building '{bd}' is not in the community's grid table or household register: check the code"),
                },
            )),
            _ => None,
        };
        if let Some((field, msg)) = problem {
            issues.push(
                r.loc
                    .issue(Rule::UnknownGrid, field, msg)
                    .community_key(Some(c)),
            );
            unknown.insert(i);
        }
    }

    unknown
}

/// The layouts with codes of their own.
fn owned(layouts: HashMap<&str, Borrowed>) -> BTreeMap<String, Layout> {
    layouts
        .into_iter()
        .map(|(c, l)| {
            let layout = Layout {
                big_grids: l
                    .big_grids
                    .into_iter()
                    .map(|(g, set)| (g.to_string(), set.into_iter().map(str::to_string).collect()))
                    .collect(),
                buildings: l.buildings.into_iter().map(str::to_string).collect(),
            };
            (c.to_string(), layout)
        })
        .collect()
}

/// `community_without_households` and `big_grid_size`.
fn community_checks(
    records: &Rows,
    winners: &Winners,
    communities: &Communities,
    s: &Structure,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) {
    // Communities without households; big grids out of range.
    let mut households: HashMap<&str, u64> = HashMap::default();
    let mut per_grid: HashMap<(&str, &str), u64> = HashMap::default();
    for &i in &winners.households {
        let r = &records[i];
        if let (Some(c), Some(bg)) = (r.community.as_deref(), r.big_grid.as_deref()) {
            *households.entry(c).or_default() += 1;
            *per_grid.entry((c, bg)).or_default() += 1;
        }
    }
    // Communities with households, by display name, for telling a second spelling of one
    // of them from a community that sent no register (SPEC §9.4).
    let mut with_households: Vec<(&str, u64)> = communities
        .existing
        .iter()
        .filter_map(|k| Some((communities.name(k)?, *households.get(k.as_str())?)))
        .collect();
    with_households.sort_unstable();
    for key in &communities.existing {
        let name = communities.name(key).unwrap_or(key);
        if !households.contains_key(key.as_str()) {
            let spellings = communities
                .spellings
                .get(key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let msg = without_households(name, spellings, &with_households, lang);
            issues.push(
                Issue::new(Rule::CommunityWithoutHouseholds, msg)
                    .community(name)
                    .community_key(Some(key)),
            );
        }
        let Some(layout) = s.layouts.get(key) else {
            continue;
        };
        for bg in layout.big_grids.keys() {
            let n = per_grid
                .get(&(key.as_str(), bg.as_str()))
                .copied()
                .unwrap_or(0);
            if n < cfg.big_grid_min || n > cfg.big_grid_max {
                let msg = match lang {
                    Lang::Zh => format!(
                        "大网格“{bg}”有 {n} 户，不在 {}–{} 户之间：请核对网格划分",
                        cfg.big_grid_min, cfg.big_grid_max
                    ),
                    Lang::En => format!(
                        "big grid '{bg}' has {n} households, outside {}–{}: check the grid division",
                        cfg.big_grid_min, cfg.big_grid_max
                    ),
                };
                issues.push(
                    Issue::new(Rule::BigGridSize, msg)
                        .community(name)
                        .community_key(Some(key))
                        .key(format!("big_grid/{bg}")),
                );
            }
        }
    }
}

/// The message of `community_without_households`: when the name shares the start of its
/// stem (at least 2 characters) with a community that has households, that community and
/// the `[communities]` line(s) that would merge them — one per spelling of this community's
/// rows — are named.
fn without_households(
    name: &str,
    spellings: &[String],
    with_households: &[(&str, u64)],
    lang: Lang,
) -> String {
    // The longest shared start; on a tie the community with more households, then the
    // first in code-point order.
    let close = with_households
        .iter()
        .map(|&(n, hh)| (super::community::shared_stem(name, n), hh, n))
        .filter(|(shared, _, _)| *shared >= 2)
        .fold(None::<(usize, u64, &str)>, |best, c| match best {
            Some(b) if (b.0, b.1) >= (c.0, c.1) => Some(b),
            _ => Some(c),
        });
    let Some((_, _, other)) = close else {
        return lang
            .pick(
                "本社区没有住户台账（一户一册）数据：请提交住户台账",
                "the community has no household register rows: send its household register",
            )
            .to_string();
    };
    let own: Vec<&str> = if spellings.is_empty() {
        vec![name]
    } else {
        spellings.iter().map(String::as_str).collect()
    };
    let lines: Vec<String> = own
        .iter()
        .map(|s| {
            format!(
                "{} = {}",
                crate::config::toml_string(s),
                crate::config::toml_string(other)
            )
        })
        .collect();
    match lang {
        Lang::Zh => format!(
            "本社区没有住户台账数据；名称与有住户台账的“{other}”相近，可能是它的另一种写法：如果是，请在 gridreport.toml 末尾加上：[communities] {}；如果不是，请提交本社区的住户台账",
            lines.join(" / ")
        ),
        Lang::En => format!(
            "the community has no household register rows; its name is close to '{other}', which has households, and may be another spelling of it: if so, add at the end of gridreport.toml: [communities] {}; if not, send its household register",
            lines.join(" / ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_spelling_is_named_with_the_line_that_merges_it() {
        let with = [("振兴社区", 750), ("振华社区", 600), ("城东社区", 800)];
        let spellings = vec!["振兴居".to_string()];
        let m = without_households("振兴居", &spellings, &with, Lang::Zh);
        assert!(m.contains("“振兴社区”"), "{m}");
        assert!(m.contains(r#"[communities] "振兴居" = "振兴社区""#), "{m}");
        let m = without_households("振兴居", &spellings, &with, Lang::En);
        assert!(m.contains(r#"[communities] "振兴居" = "振兴社区""#), "{m}");
        // Two spellings: a line each.
        let two = vec!["城东居".to_string(), "城东居社区".to_string()];
        let m = without_households("城东居", &two, &with, Lang::Zh);
        assert!(
            m.contains(r#"[communities] "城东居" = "城东社区" / "城东居社区" = "城东社区""#),
            "{m}"
        );
        // Nothing close (one shared character is not enough): the plain message.
        let m = without_households("城西社区", &[], &with, Lang::Zh);
        assert_eq!(m, "本社区没有住户台账（一户一册）数据：请提交住户台账");
        // Ties on the shared start go to the community with more households.
        let with = [("振兴园社区", 900), ("振兴社区", 750)];
        let m = without_households("振兴华居", &[], &with, Lang::En);
        assert!(m.contains("close to '振兴园社区'"), "{m}");
    }
}

#[cfg(test)]
mod rule_tests;
