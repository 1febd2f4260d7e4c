//! What needs the sub-district's attention (需要关注), by name: the communities that are
//! understaffed or have low screening coverage, the big grids out of range, the communities
//! with overdue isolation, and those with errors in their data — in display order. Shown on
//! index.html and on report.xlsx's overview sheet.

use std::collections::HashMap;

use crate::config::Config;
use crate::render::order::{natural_cmp, CommunityOrder};
use crate::stats::flags::{flags, Flag};
use crate::stats::{BigGridFigures, Community, Summary};
use crate::vocab::issue::Severity;

pub struct Attention<'a> {
    pub understaffed: Vec<&'a Community>,
    pub low_coverage: Vec<&'a Community>,
    pub out_of_range: Vec<&'a BigGridFigures>,
    /// Communities with people isolated past the isolation period and no end date.
    pub overdue: Vec<&'a Community>,
    /// Communities with errors in their data, with the count (errors that belong to no
    /// community, such as an unreadable file, are on the issues page).
    pub errors: Vec<(&'a str, u64)>,
}

/// The communities of `s` in display order.
pub fn ordered<'a>(s: &'a Summary, cfg: &Config) -> Vec<&'a Community> {
    let names: Vec<&str> = s.communities.iter().map(|c| c.name.as_str()).collect();
    CommunityOrder::new(cfg)
        .sorted_indices(&names)
        .into_iter()
        .map(|i| &s.communities[i])
        .collect()
}

pub fn attention<'a>(s: &'a Summary, cfg: &Config) -> Attention<'a> {
    let communities = ordered(s, cfg);
    let rank: HashMap<&str, usize> = communities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let with = |flag: Flag| -> Vec<&'a Community> {
        communities
            .iter()
            .copied()
            .filter(|c| flags(&c.figures, cfg).contains(&flag))
            .collect()
    };
    let mut out_of_range: Vec<&BigGridFigures> =
        s.big_grids.iter().filter(|g| !g.in_range).collect();
    out_of_range.sort_by(|a, b| {
        let ra = rank
            .get(a.community.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let rb = rank
            .get(b.community.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        ra.cmp(&rb)
            .then_with(|| a.community.cmp(&b.community))
            .then_with(|| natural_cmp(&a.big_grid, &b.big_grid))
    });
    let mut per: HashMap<&str, u64> = HashMap::new();
    for i in s
        .issues
        .list
        .iter()
        .filter(|i| i.severity == Severity::Error)
    {
        if let Some(c) = i.community.as_deref().filter(|c| rank.contains_key(c)) {
            *per.entry(c).or_default() += 1;
        }
    }
    let errors = communities
        .iter()
        .filter_map(|c| per.get(c.name.as_str()).map(|&n| (c.name.as_str(), n)))
        .collect();
    Attention {
        understaffed: with(Flag::Understaffed),
        low_coverage: with(Flag::LowCoverage),
        out_of_range,
        overdue: communities
            .iter()
            .copied()
            .filter(|c| c.figures.isolation_overdue > 0)
            .collect(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Figures;
    use crate::vocab::issue::{Issue, Rule};

    #[test]
    fn names_the_communities_in_display_order() {
        let mut s = Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        let c = |name: &str, residents: u64, workers: u64, overdue: u64| Community {
            name: name.into(),
            figures: Figures {
                residents,
                workers,
                residents_per_worker: (workers > 0).then(|| residents as f64 / workers as f64),
                isolation_overdue: overdue,
                ..Figures::default()
            },
        };
        s.communities = vec![
            c("中心社区", 3000, 1, 2),
            c("城东社区", 3000, 0, 0),
            c("贤洲社区", 100, 1, 1),
        ];
        s.issues.list = vec![
            Issue::new(Rule::RequiredMissing, "x").community("中心社区"),
            Issue::new(Rule::RequiredMissing, "x").community("中心社区"),
            Issue::new(Rule::FileUnreadable, "x"),
            Issue::new(Rule::PhoneInvalid, "x").community("城东社区"),
        ];
        let a = attention(&s, &Config::default());
        let names = |v: &[&Community]| v.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a.understaffed), ["城东社区", "中心社区"]);
        assert_eq!(names(&a.overdue), ["贤洲社区", "中心社区"]);
        assert_eq!(a.errors, [("中心社区", 2)]);
        let empty = Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        let none = attention(&empty, &Config::default());
        assert!(none.errors.is_empty() && none.understaffed.is_empty() && none.overdue.is_empty());
    }
}
