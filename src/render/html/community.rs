//! communities/<name>.html: one community's tiles, big grids (in natural order of their
//! codes), daily-report heat map, every figure, and its issues grouped, errors first.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::render::filters::{int, pct};
use crate::render::html::issues::{issue_sections, IssueSection};
use crate::render::html::view::{
    common, figure_cells, figure_tiles, flag_views, tile, Common, FlagView, Tile,
};
use crate::render::labels::label;
use crate::render::order::natural_cmp;
use crate::render::places::Names;
use crate::render::svg;
use crate::stats::{DayStatus, Report, Summary};
use crate::vocab::issue::Issue;
use crate::vocab::lang::Lang;

#[derive(Serialize)]
pub struct FigureRow {
    pub key: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct BigGridRow {
    pub big_grid: String,
    pub households: String,
    pub residents: String,
    pub buildings: String,
    pub in_range: bool,
    pub in_range_label: String,
    pub has_leader: bool,
    pub has_leader_label: String,
    pub has_police: bool,
    pub has_police_label: String,
    pub received: String,
    pub expected: String,
    pub reporting_rate: String,
    pub on_time_rate: String,
}

#[derive(Serialize)]
pub struct CommunityPage {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub tiles: Vec<Tile>,
    pub flags: Vec<FlagView>,
    pub figures: Vec<FigureRow>,
    pub big_grids: Vec<BigGridRow>,
    pub heatmap: String,
    pub issue_count: String,
    /// The community's issues, grouped like on issues.html (the template name is shared).
    pub sections: Vec<IssueSection>,
    pub any_hidden: bool,
    /// Since the last report, with this community's fixed and new issues.
    pub changes: Option<crate::render::html::changes::ChangePanel>,
}

/// The dates of the period, `period.from + i`.
fn period_dates(summary: &Summary, n: usize) -> Vec<String> {
    let from = summary.period.from;
    (0..n)
        .map(
            |i| match from.and_then(|f| f.checked_add_days(chrono::Days::new(i as u64))) {
                Some(d) => d.format("%Y-%m-%d").to_string(),
                None => format!("#{}", i + 1),
            },
        )
        .collect()
}

/// Community pages, in the order of `summary.communities`. Issues are handed out in one pass.
pub fn community_pages(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    names: &Names,
) -> Vec<CommunityPage> {
    let s = &report.summary;
    let mut issues_of: HashMap<&str, Vec<&Issue>> = HashMap::new();
    for i in &s.issues.list {
        if let Some(c) = i.community.as_deref() {
            issues_of.entry(c).or_default().push(i);
        }
    }
    // Big grids in natural order of their codes (第2网格 before 第10网格).
    let mut grids_of: HashMap<&str, Vec<&crate::stats::BigGridFigures>> = HashMap::new();
    for g in &s.big_grids {
        grids_of.entry(g.community.as_str()).or_default().push(g);
    }
    for v in grids_of.values_mut() {
        v.sort_by(|a, b| natural_cmp(&a.big_grid, &b.big_grid));
    }
    let mut days_of: HashMap<&str, Vec<&crate::stats::GridDays>> = HashMap::new();
    for g in &report.grid_days {
        days_of.entry(g.community.as_str()).or_default().push(g);
    }
    for v in days_of.values_mut() {
        v.sort_by(|a, b| natural_cmp(&a.big_grid, &b.big_grid));
    }
    let yes_no = |b: bool| label(lang, if b { "yes" } else { "no" });
    s.communities
        .iter()
        .map(|c| {
            let f = &c.figures;
            let mut tiles: Vec<Tile> = figure_tiles(f, cfg, lang)
                .into_iter()
                .map(|x| match x.key {
                    "isolation_overdue" => x.linked("#rule-isolation_overdue"),
                    _ => x,
                })
                .collect();
            tiles.insert(
                3,
                tile(lang, "big_grids", int(f.big_grids), f.big_grids_out_of_range > 0)
                    .linked("#h-grids"),
            );
            tiles.insert(4, tile(lang, "buildings", int(f.buildings), false));
            tiles.push(
                tile(lang, "rows_excluded", int(f.rows_excluded), f.rows_excluded > 0)
                    .linked("#errors"),
            );
            let figures = figure_cells(f)
                .into_iter()
                .map(|(key, value)| FigureRow { key, label: label(lang, key), value })
                .collect();
            let big_grids = grids_of
                .get(c.name.as_str())
                .map(|v| v.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|g| BigGridRow {
                    big_grid: g.big_grid.clone(),
                    households: int(g.households),
                    residents: int(g.residents),
                    buildings: int(g.buildings),
                    in_range: g.in_range,
                    in_range_label: yes_no(g.in_range),
                    has_leader: g.has_leader,
                    has_leader_label: yes_no(g.has_leader),
                    has_police: g.has_police,
                    has_police_label: yes_no(g.has_police),
                    received: int(g.daily_received),
                    expected: int(g.daily_expected),
                    reporting_rate: pct(crate::stats::ratio(g.daily_received as f64, g.daily_expected as f64)),
                    on_time_rate: pct(crate::stats::ratio(g.daily_on_time as f64, g.daily_expected as f64)),
                })
                .collect();
            let grid_days = days_of.get(c.name.as_str()).map(|v| v.as_slice()).unwrap_or_default();
            let n = grid_days.iter().map(|g| g.days.len()).max().unwrap_or(0);
            let dates = period_dates(s, n);
            let rows: Vec<svg::HeatRow> =
                grid_days.iter().map(|g| svg::HeatRow { label: &g.big_grid, days: &g.days }).collect();
            let count = |st: DayStatus| int(grid_days.iter().flat_map(|g| &g.days).filter(|d| **d == st).count() as u64);
            let names3 = [label(lang, "status_on_time"), label(lang, "status_late"), label(lang, "status_missing")];
            let desc = if n == 0 {
                label(lang, "chart_no_data")
            } else {
                match lang {
                    Lang::Zh => format!(
                        "{} 个大网格、{} 天：按时 {}，迟报 {}，未报 {}。各大网格的上报率见上表。",
                        rows.len(),
                        n,
                        count(DayStatus::OnTime),
                        count(DayStatus::Late),
                        count(DayStatus::Missing)
                    ),
                    Lang::En => format!(
                        "{} big grids over {} days: {} on time, {} late, {} missing. The table above has each big grid's rates.",
                        rows.len(),
                        n,
                        count(DayStatus::OnTime),
                        count(DayStatus::Late),
                        count(DayStatus::Missing)
                    ),
                }
            };
            let heatmap = svg::heatmap(
                "chart-heat",
                &label(lang, "heatmap"),
                &desc,
                &dates,
                &rows,
                [&names3[0], &names3[1], &names3[2]],
            );
            let own = issues_of.get(c.name.as_str()).map(|v| v.as_slice()).unwrap_or_default();
            let sections = issue_sections(own.iter().copied(), names, false);
            let any_hidden = sections.iter().any(|x| !x.hidden.is_empty());
            CommunityPage {
                common: common(s, lang, "../", "community"),
                name: c.name.clone(),
                tiles,
                flags: flag_views(f, cfg, lang),
                figures,
                big_grids,
                heatmap,
                issue_count: int(own.len() as u64),
                sections,
                any_hidden,
                changes: crate::render::html::changes::community_panel(report, &c.name, lang, names),
            }
        })
        .collect()
}
