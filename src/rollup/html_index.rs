//! A roll-up's `index.html`: the build's index page (`render::html_index::index_page`) drawn
//! from the roll-up's summary, its units as the rows, then given a first tile counting the
//! units, the units' dates and issue counts as columns, error and warning tiles counting the
//! issues in the units' reports, what needs attention by unit, and the bar chart by unit.

use super::html_common::{older, Ctx};
use crate::render::attention::ordered;
use crate::render::filters::{dec1, int, pct};
use crate::render::html::index::{index_page, staffing_bars, AttentionItem, IndexPage, NamedLink};
use crate::render::html::view::{flags, Column, Flag, Tile};
use crate::render::labels::label;
use crate::render::svg;
use crate::vocab::lang::Lang;

/// Units drawn in the index's bar chart at most: beyond, the most stretched ones.
const MAX_BARS: usize = 40;
/// Units named in one line of 需要关注 at most: beyond, the worst ones and how many in all.
const MAX_NAMED: usize = 30;

impl Ctx<'_> {
    /// The build's index page, one level up.
    pub(super) fn index(&self) -> IndexPage {
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
            let date = match older(u, s.as_of, lang) {
                Some(note) => format!("{}（{note}）", u.as_of),
                None => u.as_of.to_string(),
            };
            row.cells
                .splice(0..0, [date, int(u.issues.errors), int(u.issues.warnings)]);
        }
        page.totals.splice(
            0..0,
            [
                s.as_of.to_string(),
                int(r.below.errors),
                int(r.below.warnings),
            ],
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
                    older(u, s.as_of, lang).map(|_| {
                        let days = -(u
                            .as_of
                            .to_string()
                            .replace('-', "")
                            .parse::<f64>()
                            .unwrap_or(0.0));
                        link(&c.name, "", u.as_of.to_string(), days)
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
        let mut bars = staffing_bars(&units, cfg);
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
}
