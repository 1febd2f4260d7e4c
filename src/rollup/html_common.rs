//! What every page of a roll-up's site shares: the context the pages are drawn in (`Ctx`),
//! the site's title, a unit's date against the roll-up's, a unit's issue counts by rule.

use serde::Serialize;

use super::links::Links;
use super::rolled::Rolled;
use super::shape::{IssueCounts, UnitEntry};
use super::words::{self, Rows};
use crate::config::Config;
use crate::render::filters::int;
use crate::render::html::view::{common, Common};
use crate::render::places::Names;
use crate::vocab::lang::Lang;
use crate::vocab::rules::rule_name_of;

/// The site's title: with the roll-up's name as a build's (`江海区网格化管理汇总`); without,
/// named by its level (`区（县）网格化管理汇总`).
pub fn site_title(rolled: &Rolled, lang: Lang) -> String {
    match &rolled.summary.name {
        Some(n) => crate::render::html::view::site_title(Some(n), lang),
        None => {
            let level = words::of_level(rolled.level);
            match lang {
                Lang::Zh => format!("{}网格化管理汇总", level.zh),
                Lang::En => format!("{} grid report", level.en_title),
            }
        }
    }
}

/// Everything every page needs.
pub(super) struct Ctx<'a> {
    pub(super) rolled: &'a Rolled,
    pub(super) cfg: &'a Config,
    pub(super) lang: Lang,
    pub(super) names: &'a Names<'a>,
    pub(super) links: &'a Links,
    pub(super) rows: Rows,
    pub(super) title: &'a str,
}

/// `2020-03-01（早 3 天）` for a unit more than a day older than the roll-up, else `None`.
pub(super) fn older(unit: &UnitEntry, as_of: chrono::NaiveDate, lang: Lang) -> Option<String> {
    let days = (as_of - unit.as_of).num_days();
    (days > 1).then(|| match lang {
        Lang::Zh => format!("早 {days} 天"),
        Lang::En => format!("{days} days older"),
    })
}

#[derive(Serialize)]
pub(super) struct RuleRow {
    rule: String,
    name: String,
    count: String,
}

pub(super) fn rule_rows(issues: &IssueCounts, n: usize, lang: Lang) -> Vec<RuleRow> {
    issues
        .top(n)
        .into_iter()
        .map(|(rule, count)| RuleRow {
            rule: rule.to_string(),
            name: rule_name_of(rule, lang),
            count: int(count),
        })
        .collect()
}

impl Ctx<'_> {
    pub(super) fn common(&self, root: &'static str, page: &'static str) -> Common {
        let mut c = common(&self.rolled.view.summary, self.lang, root, page);
        c.site_title = self.title.to_string();
        c
    }

    pub(super) fn unit_href(&self, name: &str) -> String {
        self.names
            .community_href(name)
            .unwrap_or_default()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_units_say_by_how_much() {
        let mut u = UnitEntry {
            name: "甲".into(),
            level: 1,
            as_of: chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
            period: crate::stats::Period {
                from: None,
                to: chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
                days: 0,
            },
            file: "甲.json".into(),
            report: None,
            issues: IssueCounts::default(),
            communities: Vec::new(),
        };
        assert_eq!(
            older(
                &u,
                chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
                Lang::Zh
            )
            .as_deref(),
            Some("早 3 天")
        );
        u.as_of = chrono::NaiveDate::from_ymd_opt(2020, 3, 3).unwrap();
        assert_eq!(
            older(
                &u,
                chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
                Lang::En
            ),
            None
        );
    }
}
