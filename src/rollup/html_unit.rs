//! `units/<name>.html`, one page per unit (`templates/unit.html`): its kind and date (with how
//! much older than the roll-up), its tiles and flags, its rows (communities of a sub-district,
//! sub-districts of a district) with every figure, linked to their pages in its own report
//! when that sits beside its summary, and the counts of the issues in its report by rule.

use serde::Serialize;

use super::html_common::{older, rule_rows, Ctx, RuleRow};
use super::shape::UnitEntry;
use super::words;
use crate::render::filters::int;
use crate::render::html::view::{
    figure_cells, figure_tiles, flag_views, tile, Column, Common, FlagView, Tile,
};
use crate::render::labels::label;
use crate::render::names::safe_names;
use crate::render::order::CommunityOrder;
use crate::stats::Community;
use crate::vocab::lang::Lang;

#[derive(Serialize)]
struct RowView {
    name: String,
    href: Option<String>,
    flags: Vec<FlagView>,
    cells: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct UnitPage {
    #[serde(flatten)]
    common: Common,
    name: String,
    kind: String,
    unit_as_of: String,
    as_of_note: Option<String>,
    unit_period: String,
    report_href: Option<String>,
    report_label: String,
    flags: Vec<FlagView>,
    tiles: Vec<Tile>,
    rows_title: String,
    row_noun: String,
    columns: Vec<Column>,
    rows: Vec<RowView>,
    totals: Vec<String>,
    issues_title: String,
    issues_line: String,
    rules: Vec<RuleRow>,
    report_issues_href: Option<String>,
    report_issues_label: String,
}

impl Ctx<'_> {
    /// A unit's page.
    pub(super) fn unit_page(&self, u: &UnitEntry, row: &Community) -> UnitPage {
        let (cfg, lang) = (self.cfg, self.lang);
        let s = &self.rolled.view.summary;
        let below = words::of_level(u.level.saturating_sub(1));
        let kind = words::of_level(u.level).title(lang).to_string();
        let report = u.report.as_deref().and_then(|r| self.links.to("../", r));
        // The rows link to their pages in the unit's own report, when it is there.
        let report_dir = u
            .report
            .as_deref()
            .map(|r| r.strip_suffix("index.html").unwrap_or(r).to_string());
        let row_names: Vec<String> = u.communities.iter().map(|c| c.name.clone()).collect();
        let row_files = safe_names(&row_names);
        let folder = if u.level <= 1 { "communities" } else { "units" };
        let order = CommunityOrder::new(cfg).sorted_indices(&row_names);
        let rows = order
            .into_iter()
            .map(|i| {
                let c = &u.communities[i];
                RowView {
                    name: c.name.clone(),
                    href: report_dir.as_deref().and_then(|d| {
                        let file = format!("{d}{folder}/{}.html", row_files[i]);
                        self.links.to("../", &file)
                    }),
                    flags: flag_views(&c.figures, cfg, lang),
                    cells: figure_cells(&c.figures)
                        .into_iter()
                        .map(|(_, v)| v)
                        .collect(),
                }
            })
            .collect();
        let f = &row.figures;
        let mut tiles = vec![tile(
            lang,
            "communities",
            int(u.communities.len() as u64),
            false,
        )];
        tiles[0].label = below.title(lang).to_string();
        tiles.extend(figure_tiles(f, cfg, lang));
        tiles.push(
            tile(lang, "errors", int(u.issues.errors), u.issues.errors > 0).linked("#issues"),
        );
        tiles.push(tile(lang, "warnings", int(u.issues.warnings), false));
        let p = &u.period;
        let unit_period = match &p.from {
            Some(from) => match lang {
                Lang::Zh => format!("{from} 至 {}（{} 天）", p.to, int(u64::from(p.days))),
                Lang::En => format!("{from} to {} ({} days)", p.to, int(u64::from(p.days))),
            },
            None => label(lang, "period_none"),
        };
        let i = &u.issues;
        UnitPage {
            common: self.common("../", "community"),
            name: u.name.clone(),
            kind,
            unit_as_of: u.as_of.to_string(),
            as_of_note: older(u, s.as_of, lang),
            unit_period,
            report_label: match lang {
                Lang::Zh => format!("打开{}自己的报告", u.name),
                Lang::En => format!("Open {}'s own report", u.name),
            },
            report_href: report,
            flags: flag_views(f, cfg, lang),
            tiles,
            rows_title: below.each(lang, "数据", "Figures"),
            row_noun: below.title(lang).to_string(),
            columns: figure_cells(f)
                .into_iter()
                .map(|(key, _)| Column {
                    key,
                    label: label(lang, key),
                })
                .collect(),
            rows,
            totals: figure_cells(f).into_iter().map(|(_, v)| v).collect(),
            issues_title: match lang {
                Lang::Zh => format!("{}报告中的问题", u.name),
                Lang::En => format!("Issues in {}'s report", u.name),
            },
            issues_line: match lang {
                Lang::Zh => format!(
                    "错误 {}，警告 {}，提示 {}。问题不逐条上报：每条问题在哪个文件、哪个单元格，见{}自己的报告。",
                    int(i.errors),
                    int(i.warnings),
                    int(i.infos),
                    u.name
                ),
                Lang::En => format!(
                    "{} errors, {} warnings, {} notes. Issues are not sent up one by one: {}'s own report says where each one is.",
                    int(i.errors),
                    int(i.warnings),
                    int(i.infos),
                    u.name
                ),
            },
            rules: rule_rows(i, usize::MAX, lang),
            report_issues_href: report_dir
                .as_deref()
                .and_then(|d| self.links.to("../", &format!("{d}issues.html"))),
            report_issues_label: lang
                .pick("打开它的问题清单", "Open its list of issues")
                .to_string(),
        }
    }
}
