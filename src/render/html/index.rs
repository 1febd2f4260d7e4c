//! index.html: the sub-district at a glance — tiles (the red ones link to what they count),
//! what needs attention by name, every community's figures (in display order), charts.

use serde::Serialize;

use crate::config::Config;
use crate::render::attention::{attention, ordered};
use crate::render::filters::{dec1, int, pct};
use crate::render::html::view::{
    common, figure_cells, figure_tiles, flag_notes, flag_views, flags, tile, Column, Common, Flag,
    FlagView, Tile,
};
use crate::render::labels::label;
use crate::render::places::Names;
use crate::render::svg;
use crate::stats::{Report, Summary};
use crate::vocab::lang::Lang;

#[derive(Serialize)]
pub struct CommunityRow {
    pub name: String,
    pub href: String,
    pub cells: Vec<String>,
    pub flags: Vec<FlagView>,
    /// Issues fixed / new since the last report (with one).
    pub changed: Option<String>,
}

#[derive(Serialize)]
pub struct DailyRow {
    pub date: String,
    pub expected: String,
    pub received: String,
    pub on_time: String,
    pub reporting_rate: String,
    pub on_time_rate: String,
    pub households_visited: String,
    pub new_arrivals: String,
    pub under_isolation: String,
    pub fever: String,
}

#[derive(Serialize)]
pub struct IndexPage {
    #[serde(flatten)]
    pub common: Common,
    pub tiles: Vec<Tile>,
    pub columns: Vec<Column>,
    pub rows: Vec<CommunityRow>,
    pub totals: Vec<String>,
    pub flag_notes: Vec<FlagView>,
    pub chart_rpw: String,
    pub chart_rates: String,
    pub chart_visited: String,
    pub daily: Vec<DailyRow>,
    /// What needs attention, by name (empty when nothing does).
    pub attention: Vec<AttentionItem>,
    /// Since the last report (`None` without one).
    pub changes: Option<crate::render::html::changes::ChangePanel>,
    /// Each community over the reports kept (empty with fewer than two).
    pub trends: Vec<crate::render::html::changes::Trend>,
    pub cw: crate::render::html::changes::Words,
}

/// A community (or a big grid of one) named in the attention list, with its figure.
#[derive(Serialize)]
pub struct NamedLink {
    pub name: String,
    pub href: Option<String>,
    pub detail: String,
}

#[derive(Serialize)]
pub struct AttentionItem {
    /// Also the item's anchor (`attention-<key>`); `overdue` and `errors` are linked from
    /// the red tiles.
    pub key: &'static str,
    pub label: String,
    pub count: String,
    pub names: Vec<NamedLink>,
}

/// A bar a community (or unit): its residents per worker, red when understaffed.
pub(crate) fn staffing_bars(
    communities: &[&crate::stats::Community],
    cfg: &Config,
) -> Vec<svg::Bar> {
    communities
        .iter()
        .map(|c| svg::Bar {
            label: c.name.clone(),
            value: c.figures.residents_per_worker,
            shown: dec1(c.figures.residents_per_worker),
            flagged: flags(&c.figures, cfg).contains(&Flag::Understaffed),
        })
        .collect()
}

fn attention_items(s: &Summary, cfg: &Config, lang: Lang, names: &Names) -> Vec<AttentionItem> {
    let a = attention(s, cfg);
    let link = |c: &str, anchor: &str, detail: String| NamedLink {
        name: c.to_string(),
        href: names.community_href(c).map(|h| format!("{h}{anchor}")),
        detail,
    };
    let mut items = Vec::new();
    let mut push =
        |key: &'static str, label_zh: &str, label_en: &str, count: u64, names: Vec<NamedLink>| {
            if count > 0 {
                items.push(AttentionItem {
                    key,
                    label: lang.pick(label_zh, label_en).to_string(),
                    count: int(count),
                    names,
                });
            }
        };
    push(
        "errors",
        "数据有错误的社区（相关行未计入）",
        "Communities with errors in their data (those rows are left out)",
        a.errors.len() as u64,
        a.errors
            .iter()
            .map(|(c, n)| link(c, "#errors", int(*n)))
            .collect(),
    );
    push(
        "overdue",
        "有隔离超期未解除人员的社区",
        "Communities with isolation overdue",
        a.overdue.len() as u64,
        a.overdue
            .iter()
            .map(|c| {
                link(
                    &c.name,
                    "#rule-isolation_overdue",
                    int(c.figures.isolation_overdue),
                )
            })
            .collect(),
    );
    push(
        "understaffed",
        "人手不足的社区",
        "Understaffed communities",
        a.understaffed.len() as u64,
        a.understaffed
            .iter()
            .map(|c| link(&c.name, "", dec1(c.figures.residents_per_worker)))
            .collect(),
    );
    push(
        "low_coverage",
        "排查覆盖率偏低的社区",
        "Communities with low screening coverage",
        a.low_coverage.len() as u64,
        a.low_coverage
            .iter()
            .map(|c| link(&c.name, "", pct(c.figures.screening_coverage)))
            .collect(),
    );
    push(
        "out_of_range",
        "户数超出范围的大网格",
        "Big grids out of range",
        a.out_of_range.len() as u64,
        a.out_of_range
            .iter()
            .map(|g| NamedLink {
                name: format!("{} {}", g.community, g.big_grid),
                href: names
                    .community_href(&g.community)
                    .map(|h| format!("{h}#h-grids")),
                detail: match lang {
                    Lang::Zh => format!("{} 户", int(g.households)),
                    Lang::En => format!("{} households", int(g.households)),
                },
            })
            .collect(),
    );
    items
}

pub fn index_page(report: &Report, cfg: &Config, lang: Lang, names: &Names) -> IndexPage {
    let s = &report.summary;
    let t = &s.totals.figures;
    let communities = ordered(s, cfg);
    let mut tiles = vec![tile(
        lang,
        "communities",
        int(u64::from(s.totals.communities)),
        false,
    )];
    tiles.extend(figure_tiles(t, cfg, lang).into_iter().map(|x| match x.key {
        "isolation_overdue" => x.linked("#attention-overdue"),
        "residents_per_worker" => x.linked("#attention-understaffed"),
        "screening_coverage" => x.linked("#attention-low_coverage"),
        _ => x,
    }));
    tiles.push(
        tile(lang, "errors", int(s.issues.errors), s.issues.errors > 0)
            .linked("issues.html#errors"),
    );
    tiles.push(tile(lang, "warnings", int(s.issues.warnings), false));

    let columns = figure_cells(t)
        .into_iter()
        .map(|(key, _)| Column {
            key,
            label: label(lang, key),
        })
        .collect();
    let rows = communities
        .iter()
        .map(|c| CommunityRow {
            name: c.name.clone(),
            href: names
                .community_href(&c.name)
                .unwrap_or_default()
                .to_string(),
            cells: figure_cells(&c.figures)
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
            flags: flag_views(&c.figures, cfg, lang),
            changed: s.changes.as_ref().and_then(|ch| {
                let m = ch.communities.iter().find(|x| x.name == c.name)?;
                Some(crate::render::changes::fixed_new(m.fixed, m.new))
            }),
        })
        .collect();
    let totals = figure_cells(t).into_iter().map(|(_, v)| v).collect();

    // Residents per worker by community.
    let bars = staffing_bars(&communities, cfg);
    let over = bars.iter().filter(|b| b.flagged).count();
    let limit_shown = dec1(Some(cfg.max_residents_per_worker));
    let rpw_desc = match lang {
        Lang::Zh => format!(
            "{} 个社区中有 {} 个人手不足（上限 {}）。各社区数值见下方表格。",
            bars.len(),
            over,
            limit_shown
        ),
        Lang::En => format!(
            "{} of {} communities are understaffed (limit {}). The table below has every value.",
            over,
            bars.len(),
            limit_shown
        ),
    };
    let chart_rpw = svg::hbars(
        "chart-rpw",
        &label(lang, "chart_rpw"),
        &rpw_desc,
        &bars,
        Some((
            cfg.max_residents_per_worker,
            &format!("{} {limit_shown}", label(lang, "chart_rpw_limit")),
        )),
    );

    // Daily charts.
    let dates: Vec<String> = s.daily.iter().map(|d| d.date.to_string()).collect();
    let rate = |n: u64, d: u64| crate::stats::ratio(n as f64, d as f64);
    let reporting: Vec<Option<f64>> = s
        .daily
        .iter()
        .map(|d| rate(d.received, d.expected))
        .collect();
    let on_time: Vec<Option<f64>> = s
        .daily
        .iter()
        .map(|d| rate(d.on_time, d.expected))
        .collect();
    let rates_desc = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => match lang {
            Lang::Zh => format!(
                "{a} 至 {b}：上报率从 {} 到 {}，按时上报率从 {} 到 {}。每日数值见图表数据。",
                pct(reporting.first().copied().flatten()),
                pct(reporting.last().copied().flatten()),
                pct(on_time.first().copied().flatten()),
                pct(on_time.last().copied().flatten())
            ),
            Lang::En => format!(
                "{a} to {b}: reporting rate from {} to {}, on-time rate from {} to {}. The chart data lists every day.",
                pct(reporting.first().copied().flatten()),
                pct(reporting.last().copied().flatten()),
                pct(on_time.first().copied().flatten()),
                pct(on_time.last().copied().flatten())
            ),
        },
        _ => label(lang, "chart_no_data"),
    };
    let rep_name = label(lang, "reporting_rate");
    let ont_name = label(lang, "on_time_rate");
    let chart_rates = svg::lines(
        "chart-rates",
        &label(lang, "chart_rates"),
        &rates_desc,
        &dates,
        &[
            svg::Series {
                name: &rep_name,
                class: "s1",
                values: reporting.clone(),
            },
            svg::Series {
                name: &ont_name,
                class: "s2",
                values: on_time.clone(),
            },
        ],
    );
    let visited: Vec<u64> = s.daily.iter().map(|d| d.households_visited).collect();
    let visited_shown: Vec<String> = visited.iter().map(|&v| int(v)).collect();
    let total_visited: u64 = visited.iter().sum();
    let visited_desc = if dates.is_empty() {
        label(lang, "chart_no_data")
    } else {
        match lang {
            Lang::Zh => format!(
                "期间共走访 {} 户，最多一天 {} 户。",
                int(total_visited),
                int(visited.iter().copied().max().unwrap_or(0))
            ),
            Lang::En => format!(
                "{} households visited in the period, at most {} in one day.",
                int(total_visited),
                int(visited.iter().copied().max().unwrap_or(0))
            ),
        }
    };
    let chart_visited = svg::columns(
        "chart-visited",
        &label(lang, "chart_visited"),
        &visited_desc,
        &dates,
        &visited,
        &visited_shown,
    );
    let daily = s
        .daily
        .iter()
        .zip(reporting.iter().zip(&on_time))
        .map(|(d, (r, o))| DailyRow {
            date: d.date.to_string(),
            expected: int(d.expected),
            received: int(d.received),
            on_time: int(d.on_time),
            reporting_rate: pct(*r),
            on_time_rate: pct(*o),
            households_visited: int(d.households_visited),
            new_arrivals: int(d.new_arrivals),
            under_isolation: int(d.under_isolation),
            fever: int(d.fever),
        })
        .collect();

    IndexPage {
        common: common(s, lang, "", "index"),
        tiles,
        columns,
        rows,
        totals,
        flag_notes: flag_notes(cfg, lang),
        chart_rpw,
        chart_rates,
        chart_visited,
        daily,
        attention: attention_items(s, cfg, lang, names),
        changes: crate::render::html::changes::index_panel(report, lang),
        trends: crate::render::html::changes::trends(
            report,
            &communities
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            lang,
            names,
        ),
        cw: crate::render::html::changes::Words::new(lang),
    }
}
