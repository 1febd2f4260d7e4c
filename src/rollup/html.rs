//! A roll-up's site, made of the build's: `index.html` is the build's index page
//! (`render::html_index`) drawn from the roll-up's summary with the units as its rows, then
//! given the units' dates and issue counts, the attention list and bar chart by unit, and the
//! words of the level (`words`) in its labels; `units/<name>.html` is one page per unit
//! (`templates/unit.html`: its tiles, its rows with their flags and figures, the counts of its
//! issues by rule, links to its own report); `issues.html` counts the issues of each unit and
//! lists the roll-up's own (`templates/rollup_issues.html`, the build's grouped lines);
//! `files.html` is the build's page, listing the summaries.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::links::Links;
use super::shape::{IssueCounts, UnitEntry};
use super::words::{self, Rows};
use super::Rolled;
use crate::config::Config;
use crate::render::attention::ordered;
use crate::render::filters::{dec1, int, pct};
use crate::render::html::{load_templates, render_page};
use crate::render::html_index::{index_page, AttentionItem, IndexPage, NamedLink};
use crate::render::html_issues::{issue_sections, IssueSection};
use crate::render::html_view::{
    common, figure_cells, figure_tiles, files_page, flag_views, flags, tile, Column, Common, Flag,
    FlagView, Tile,
};
use crate::render::labels::{label, labels};
use crate::render::names::safe_names;
use crate::render::order::CommunityOrder;
use crate::render::places::Names;
use crate::render::svg;
use crate::stats::Community;
use crate::vocab::lang::Lang;
use crate::vocab::rules::rule_name_of;

/// Units drawn in the index's bar chart at most: beyond, the most stretched ones.
const MAX_BARS: usize = 40;
/// Units named in one line of 需要关注 at most: beyond, the worst ones and how many in all.
const MAX_NAMED: usize = 30;

/// Write the site into `out`.
pub fn write_site(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    links: &Links,
    out: &Path,
) -> Result<()> {
    let t0 = crate::timing::Timer::start();
    let tera = load_templates(None)?;
    let s = &rolled.view.summary;
    let rows = rolled.rows();
    let mut t: BTreeMap<&str, &str> = labels(lang);
    let title = site_title(rolled, lang);
    let rows_each = rows.each(lang, "数据", "Figures");
    let chart_title = rows.each(lang, "每名工作者服务人数", "Residents per worker");
    t.insert("community", rows.title(lang));
    t.insert("communities_table", &rows_each);
    t.insert("chart_rpw", &chart_title);
    let unit_names: Vec<String> = s.communities.iter().map(|c| c.name.clone()).collect();
    let safe = safe_names(&unit_names);
    let names = Names::in_folder(s, &safe, cfg, lang, "units");
    let ctx = Ctx {
        rolled,
        cfg,
        lang,
        names: &names,
        links,
        rows,
        title: &title,
    };
    let write = |dir: &Path, file: &str, text: String| -> Result<()> {
        let path = dir.join(file);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    write(
        out,
        "index.html",
        render_page(&tera, &t, "index.html", &ctx.index())?,
    )?;
    write(
        out,
        "issues.html",
        render_page(&tera, &t, "rollup_issues.html", &ctx.issues())?,
    )?;
    let mut files = files_page(&rolled.view, lang, &names);
    files.common.site_title = title.clone();
    write(
        out,
        "files.html",
        render_page(&tera, &t, "files.html", &files)?,
    )?;
    let dir = out.join("units");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    s.communities
        .par_iter()
        .zip(&safe)
        .with_max_len(8)
        .try_for_each(|(c, file)| -> Result<()> {
            let Some(unit) = rolled.unit(&c.name) else {
                return Ok(());
            };
            let page = ctx.unit_page(unit, c);
            write(
                &dir,
                &format!("{file}.html"),
                render_page(&tera, &t, "unit.html", &page)?,
            )
        })?;
    t0.done("rollup-html");
    Ok(())
}

/// The site's title: with the roll-up's name as a build's (`江海区网格化管理汇总`); without,
/// named by its level (`区（县）网格化管理汇总`).
pub fn site_title(rolled: &Rolled, lang: Lang) -> String {
    match &rolled.summary.name {
        Some(n) => crate::render::html_view::site_title(Some(n), lang),
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
struct Ctx<'a> {
    rolled: &'a Rolled,
    cfg: &'a Config,
    lang: Lang,
    names: &'a Names<'a>,
    links: &'a Links,
    rows: Rows,
    title: &'a str,
}

/// `2020-03-01（早 3 天）` for a unit more than a day older than the roll-up, else `None`.
fn older(unit: &UnitEntry, as_of: &str, lang: Lang) -> Option<String> {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let days = (d(as_of)? - d(&unit.as_of)?).num_days();
    (days > 1).then(|| match lang {
        Lang::Zh => format!("早 {days} 天"),
        Lang::En => format!("{days} days older"),
    })
}

#[derive(Serialize)]
struct RuleRow {
    rule: String,
    name: String,
    count: String,
}

fn rule_rows(issues: &IssueCounts, n: usize, lang: Lang) -> Vec<RuleRow> {
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

#[derive(Serialize)]
struct RowView {
    name: String,
    href: Option<String>,
    flags: Vec<FlagView>,
    cells: Vec<String>,
}

#[derive(Serialize)]
struct UnitPage {
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

#[derive(Serialize)]
struct UnitIssues {
    name: String,
    href: String,
    errors: String,
    warnings: String,
    infos: String,
    top: Vec<RuleRow>,
    report_href: Option<String>,
}

#[derive(Serialize)]
struct IssuesPage {
    #[serde(flatten)]
    common: Common,
    units_title: String,
    units_note: String,
    severities: Vec<Tile>,
    top_rules: String,
    own_report: String,
    open_report: String,
    units: Vec<UnitIssues>,
    own_title: String,
    own_note: String,
    own_total: String,
    sections: Vec<IssueSection>,
    any_hidden: bool,
}

impl Ctx<'_> {
    fn common(&self, root: &'static str, page: &'static str) -> Common {
        let mut c = common(&self.rolled.view.summary, self.lang, root, page);
        c.site_title = self.title.to_string();
        c
    }

    fn unit_href(&self, name: &str) -> String {
        self.names
            .community_href(name)
            .unwrap_or_default()
            .to_string()
    }

    /// The build's index page, one level up.
    fn index(&self) -> IndexPage {
        let (r, cfg, lang) = (self.rolled, self.cfg, self.lang);
        let s = &r.view.summary;
        let mut page = index_page(&r.view, cfg, lang, self.names);
        page.common.site_title = self.title.to_string();
        let all = r.all_issues();
        page.tiles.insert(
            0,
            Tile {
                key: "units",
                label: self.rows.title(lang).to_string(),
                value: int(r.summary.units.len() as u64),
                alert: false,
                href: None,
            },
        );
        for x in &mut page.tiles {
            let n = match x.key {
                "errors" => all.errors,
                "warnings" => all.warnings,
                _ => continue,
            };
            x.value = int(n);
            x.alert = x.key == "errors" && n > 0;
            x.href = x.alert.then(|| "issues.html#units".to_string());
        }
        let extra = [
            ("as_of", label(lang, "as_of")),
            ("errors", label(lang, "errors")),
            ("warnings", label(lang, "warnings")),
        ];
        page.columns.splice(
            0..0,
            extra.into_iter().map(|(key, label)| Column { key, label }),
        );
        for row in &mut page.rows {
            let Some(u) = r.unit(&row.name) else { continue };
            let date = match older(u, &s.as_of, lang) {
                Some(note) => format!("{}（{note}）", u.as_of),
                None => u.as_of.clone(),
            };
            row.cells
                .splice(0..0, [date, int(u.issues.errors), int(u.issues.warnings)]);
        }
        page.totals.splice(
            0..0,
            [s.as_of.clone(), int(r.below.errors), int(r.below.warnings)],
        );
        page.attention = self.attention();
        page.chart_rpw = self.chart_rpw();
        page
    }

    /// What needs attention, by unit.
    fn attention(&self) -> Vec<AttentionItem> {
        let (r, cfg, lang) = (self.rolled, self.cfg, self.lang);
        let s = &r.view.summary;
        let w = self.rows;
        let units = ordered(s, cfg);
        let mut items = Vec::new();
        // Each item names its units in display order; more than `MAX_NAMED`, the worst ones
        // first (by `rank`, the larger the worse), then how many in all.
        let mut push = |key: &'static str, label: String, mut names: Vec<(f64, NamedLink)>| {
            if names.is_empty() {
                return;
            }
            let n = names.len();
            if n > MAX_NAMED {
                names.sort_by(|a, b| b.0.total_cmp(&a.0));
                names.truncate(MAX_NAMED);
            }
            let mut names: Vec<NamedLink> = names.into_iter().map(|x| x.1).collect();
            if n > MAX_NAMED {
                names.push(NamedLink {
                    name: "……".to_string(),
                    href: Some("#h-communities".to_string()),
                    detail: match lang {
                        Lang::Zh => format!("共 {} 个，见下表", int(n as u64)),
                        Lang::En => format!("{} in all: see the table", int(n as u64)),
                    },
                });
            }
            items.push(AttentionItem {
                key,
                label,
                count: int(n as u64),
                names,
            });
        };
        let link = |name: &str, anchor: &str, detail: String, rank: f64| {
            (
                rank,
                NamedLink {
                    name: name.to_string(),
                    href: Some(format!("{}{anchor}", self.unit_href(name))),
                    detail,
                },
            )
        };
        let own = &s.issues;
        if own.errors > 0 {
            push(
                "unreadable",
                lang.pick(
                    "没有计入的汇总文件（无法读取或重复）",
                    "Summaries not counted (unreadable or a unit twice)",
                )
                .to_string(),
                vec![(
                    0.0,
                    NamedLink {
                        name: lang.pick("见文件清单", "see the files").to_string(),
                        href: Some("files.html".to_string()),
                        detail: int(own.errors),
                    },
                )],
            );
        }
        let say = |zh: &str, en: &str| match lang {
            Lang::Zh => zh.replace("{}", w.zh),
            Lang::En => en.replace("{}", w.en_many),
        };
        push(
            "errors",
            say(
                "报告中有错误的{}（相关行未计入）",
                "The {} whose reports have errors (those rows are left out)",
            ),
            units
                .iter()
                .filter_map(|c| {
                    let u = r.unit(&c.name)?;
                    let n = u.issues.errors;
                    (n > 0).then(|| link(&c.name, "#issues", int(n), n as f64))
                })
                .collect(),
        );
        push(
            "as_of",
            say(
                "数字不是同一天的{}（截至日期早一天以上）",
                "The {} whose figures are older (by more than a day)",
            ),
            units
                .iter()
                .filter_map(|c| {
                    let u = r.unit(&c.name)?;
                    older(u, &s.as_of, lang).map(|_| {
                        let days = -(u.as_of.replace('-', "").parse::<f64>().unwrap_or(0.0));
                        link(&c.name, "", u.as_of.clone(), days)
                    })
                })
                .collect(),
        );
        push(
            "overdue",
            say("有隔离超期未解除人员的{}", "The {} with isolation overdue"),
            units
                .iter()
                .filter(|c| c.figures.isolation_overdue > 0)
                .map(|c| {
                    let n = c.figures.isolation_overdue;
                    link(&c.name, "", int(n), n as f64)
                })
                .collect(),
        );
        push(
            "understaffed",
            say("人手不足的{}", "Understaffed {}"),
            units
                .iter()
                .filter(|c| flags(&c.figures, cfg).contains(&Flag::Understaffed))
                .map(|c| {
                    let r = c.figures.residents_per_worker;
                    link(&c.name, "", dec1(r), r.unwrap_or(f64::INFINITY))
                })
                .collect(),
        );
        push(
            "low_coverage",
            say("排查覆盖率偏低的{}", "The {} with low screening coverage"),
            units
                .iter()
                .filter(|c| flags(&c.figures, cfg).contains(&Flag::LowCoverage))
                .map(|c| {
                    let r = c.figures.screening_coverage;
                    link(&c.name, "", pct(r), -r.unwrap_or(0.0))
                })
                .collect(),
        );
        push(
            "out_of_range",
            say(
                "有户数超出范围的大网格的{}",
                "The {} with big grids out of range",
            ),
            units
                .iter()
                .filter(|c| c.figures.big_grids_out_of_range > 0)
                .map(|c| {
                    let n = c.figures.big_grids_out_of_range;
                    link(&c.name, "", int(n), n as f64)
                })
                .collect(),
        );
        items
    }

    /// Residents per worker by unit (the most stretched when there are many).
    fn chart_rpw(&self) -> String {
        let (cfg, lang) = (self.cfg, self.lang);
        let s = &self.rolled.view.summary;
        let units = ordered(s, cfg);
        let mut bars: Vec<svg::Bar> = units
            .iter()
            .map(|c| svg::Bar {
                label: c.name.clone(),
                value: c.figures.residents_per_worker,
                shown: dec1(c.figures.residents_per_worker),
                flagged: flags(&c.figures, cfg).contains(&Flag::Understaffed),
            })
            .collect();
        let all = bars.len();
        let over = bars.iter().filter(|b| b.flagged).count();
        if all > MAX_BARS {
            // The most stretched, in display order.
            let mut by_value: Vec<usize> = (0..all).collect();
            by_value.sort_by(|&a, &b| {
                let v = |i: usize| bars[i].value.unwrap_or(f64::INFINITY);
                v(b).total_cmp(&v(a)).then(a.cmp(&b))
            });
            let mut keep: Vec<usize> = by_value.into_iter().take(MAX_BARS).collect();
            keep.sort_unstable();
            let mut i = 0;
            bars.retain(|_| {
                let k = keep.binary_search(&i).is_ok();
                i += 1;
                k
            });
        }
        let w = self.rows;
        let limit = dec1(Some(cfg.max_residents_per_worker));
        let shown = if all > MAX_BARS {
            match lang {
                Lang::Zh => format!("图中是每名工作者服务人数最多的 {MAX_BARS} 个。"),
                Lang::En => {
                    format!("The chart shows the {MAX_BARS} with the most residents per worker.")
                }
            }
        } else {
            String::new()
        };
        let desc = match lang {
            Lang::Zh => format!(
                "{} 个{}中有 {over} 个人手不足（上限 {limit}）。{shown}各{}数值见下方表格。",
                all, w.zh, w.zh
            ),
            Lang::En => format!(
                "{over} of {all} {} are understaffed (limit {limit}). {shown}The table below has every value.",
                w.en_many
            ),
        };
        svg::hbars(
            "chart-rpw",
            &w.each(lang, "每名工作者服务人数", "Residents per worker"),
            &desc,
            &bars,
            Some((
                cfg.max_residents_per_worker,
                &format!("{} {limit}", label(lang, "chart_rpw_limit")),
            )),
        )
    }

    /// A unit's page.
    fn unit_page(&self, u: &UnitEntry, row: &Community) -> UnitPage {
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
            unit_as_of: u.as_of.clone(),
            as_of_note: older(u, &s.as_of, lang),
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

    /// issues.html: the issues in each unit's report, counted; the roll-up's own, listed.
    fn issues(&self) -> IssuesPage {
        let (r, cfg, lang) = (self.rolled, self.cfg, self.lang);
        let s = &r.view.summary;
        let w = self.rows;
        let sections = issue_sections(&s.issues.list, self.names, true);
        let any_hidden = sections.iter().any(|x| !x.hidden.is_empty());
        let units = ordered(s, cfg)
            .into_iter()
            .filter_map(|c| r.unit(&c.name))
            .map(|u| UnitIssues {
                name: u.name.clone(),
                href: self.unit_href(&u.name),
                errors: int(u.issues.errors),
                warnings: int(u.issues.warnings),
                infos: int(u.issues.infos),
                top: rule_rows(&u.issues, 3, lang),
                report_href: u.report.as_deref().and_then(|rep| {
                    let dir = rep.strip_suffix("index.html").unwrap_or(rep);
                    self.links.to("", &format!("{dir}issues.html"))
                }),
            })
            .collect();
        let b = &r.below;
        let sev = |key: &'static str, n: u64| tile(lang, key, int(n), key == "errors" && n > 0);
        IssuesPage {
            common: self.common("", "issues"),
            units_title: w.each(lang, "报告中的问题", "Issues in the reports"),
            units_note: match lang {
                Lang::Zh => format!(
                    "问题不逐条上报：这里是各{}报告中的错误、警告、提示条数和最多的规则；每条问题在哪个文件、哪个单元格，见它自己的报告。",
                    w.zh
                ),
                Lang::En => format!(
                    "Issues are not sent up one by one: here are the errors, warnings and notes in each {}'s report and its most frequent rules; its own report says where each one is.",
                    w.en
                ),
            },
            severities: vec![
                sev("errors", b.errors),
                sev("warnings", b.warnings),
                sev("infos", b.infos),
            ],
            top_rules: lang.pick("最多的规则", "Most frequent rules").to_string(),
            own_report: lang.pick("自己的报告", "Own report").to_string(),
            open_report: lang.pick("问题清单", "issues").to_string(),
            units,
            own_title: lang.pick("汇总时发现的问题", "Issues found rolling up").to_string(),
            own_note: lang
                .pick(
                    "无法读取或重复的汇总文件、截至日期不同的单位等。",
                    "Summaries that could not be read or came twice, units of another date and the like.",
                )
                .to_string(),
            own_total: int(s.issues.list.len() as u64),
            sections,
            any_hidden,
        }
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
            as_of: "2020-03-01".into(),
            period: crate::stats::Period {
                from: None,
                to: "2020-03-01".into(),
                days: 0,
            },
            file: "甲.json".into(),
            report: None,
            issues: IssueCounts::default(),
            communities: Vec::new(),
        };
        assert_eq!(
            older(&u, "2020-03-04", Lang::Zh).as_deref(),
            Some("早 3 天")
        );
        u.as_of = "2020-03-03".into();
        assert_eq!(older(&u, "2020-03-04", Lang::En), None);
    }
}
