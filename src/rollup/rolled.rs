//! A roll-up in one value: the summaries gathered, summed and shaped into the roll-up's
//! summary.json, with the view the pages are drawn from.

use std::path::Path;

use super::shape::{self, IssueCounts, RollupSummary};
use super::{gather, sum, words};
use crate::config::Config;
use crate::stats::{Report, Summary, SCHEMA};
use crate::vocab::issue::sort_issues;
use crate::vocab::lang::Lang;

/// A roll-up: its summary.json and what its pages are drawn from.
pub struct Rolled {
    pub summary: RollupSummary,
    /// The summary in a build's shape for the renderers: the units as its communities (its
    /// big grids left out: the workbook names them from `summary` with their units).
    pub view: Report,
    /// 2 for a district of sub-districts, 3 for a city of districts … (`words`).
    pub level: u32,
    /// The issues at and below the units (in their own reports), summed.
    pub below: IssueCounts,
}

impl Rolled {
    /// The unit of this name.
    pub fn unit(&self, name: &str) -> Option<&shape::UnitEntry> {
        self.summary
            .units
            .binary_search_by(|u| u.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.summary.units[i])
    }

    /// What the rows (the units) are called.
    pub fn rows(&self) -> words::Rows {
        words::of_levels(self.summary.units.iter().map(|u| u.level))
    }

    /// Errors, warnings and infos at and below the units, with the roll-up's own.
    pub fn all_issues(&self) -> IssueCounts {
        let mut all = self.below.clone();
        all.add(&IssueCounts::of(&self.summary.issues));
        all
    }
}

/// Roll up the summaries under `input` (OUT, when inside it, is `exclude`d). `name` is the
/// roll-up's (`--name`, else config `name`). `Err` (exit 2) when INPUT holds no summary.
pub fn roll_up(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    lang: Lang,
    name: Option<String>,
) -> Result<Rolled, String> {
    let t = crate::timing::Timer::start();
    let g = gather::gather(input, exclude, cfg, lang)?;
    t.done("rollup-read");
    let t = crate::timing::Timer::start();
    let as_of = gather::latest(&g.units).unwrap_or_else(crate::check::as_of::today);
    let mut issues = g.issues;
    issues.extend(gather::older_units(&g.units, as_of, lang));
    sort_issues(&mut issues);
    let max_days = cfg.max_period_days.saturating_mul(2).saturating_add(1);
    let sums = sum::sum(g.units, as_of, max_days);
    let level = 1 + sums.units.iter().map(|u| u.level).max().unwrap_or(1);
    let summary = RollupSummary {
        schema: SCHEMA,
        name,
        as_of,
        period: sums.period,
        totals: sums.totals,
        communities: sums.rows,
        big_grids: sums.big_grids,
        daily: sums.daily,
        files: g.files,
        issues: crate::pipeline::summarize(issues),
        changes: None,
        units: sums.units,
    };
    let view = Report {
        summary: view_of(&summary),
        grid_days: Vec::new(),
        history: Default::default(),
    };
    t.done("rollup-sum");
    Ok(Rolled {
        summary,
        view,
        level,
        below: sums.below,
    })
}

/// A big grid's community as the pages and workbooks name it: with the units it lies in.
pub fn place_of(unit_path: &[String], community: &str) -> String {
    let mut parts: Vec<&str> = unit_path.iter().map(String::as_str).collect();
    parts.push(community);
    parts.join(" / ")
}

fn view_of(s: &RollupSummary) -> Summary {
    Summary {
        schema: s.schema,
        name: s.name.clone(),
        as_of: s.as_of,
        period: s.period.clone(),
        totals: s.totals.clone(),
        communities: s.communities.clone(),
        big_grids: Vec::new(),
        daily: s.daily.clone(),
        files: s.files.clone(),
        issues: s.issues.clone(),
        changes: None,
    }
}
