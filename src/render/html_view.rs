//! What the templates see: view structs with every number already formatted for people,
//! built from the `Report` — the parts every page shares (flags, figures, tiles, the page
//! frame). The pages are built in `html_index`, `html_community`, `html_issues` and
//! `html_files`. No PII reaches them: issues carry only their message and place, never
//! `Issue::value`.

use serde::Serialize;

use crate::config::Config;
use crate::render::filters::{dec1, int, pct};
use crate::render::labels::label;
use crate::stats::figure::{Show, Value, FIGURES};
use crate::stats::{Figures, Summary};
use crate::vocab::lang::Lang;

pub use crate::render::html_community::community_pages;
pub use crate::render::html_files::files_page;
pub use crate::render::html_index::index_page;
pub use crate::render::html_issues::issues_page;
pub use crate::render::places::{url_segment, Names};

// ---------------------------------------------------------------- flags

pub use crate::stats::flags::{flags, Flag};

#[derive(Serialize)]
pub struct FlagView {
    pub key: &'static str,
    pub label: String,
}

pub(crate) fn flag_views(f: &Figures, cfg: &Config, lang: Lang) -> Vec<FlagView> {
    flags(f, cfg)
        .into_iter()
        .map(|fl| FlagView {
            key: fl.key(),
            label: label(lang, &format!("flag_{}", fl.key())),
        })
        .collect()
}

/// What each flag means, with the thresholds in force.
pub(crate) fn flag_notes(cfg: &Config, lang: Lang) -> Vec<FlagView> {
    let limit = dec1(Some(cfg.max_residents_per_worker));
    let limit = limit.strip_suffix(".0").unwrap_or(&limit).to_string();
    let min = pct(Some(cfg.min_screening_coverage));
    vec![
        FlagView {
            key: "understaffed",
            label: match lang {
                Lang::Zh => format!("每名社区工作者服务人数超过 {limit}，或没有社区工作者而有居民。"),
                Lang::En => format!("More than {limit} residents per community worker, or residents and no workers."),
            },
        },
        FlagView {
            key: "low_coverage",
            label: match lang {
                Lang::Zh => format!("已排查户数占比低于 {min}。"),
                Lang::En => format!("Below {min} of households screened."),
            },
        },
        FlagView {
            key: "out_of_range",
            label: match lang {
                Lang::Zh => "有大网格的户数不在规定范围内。".to_string(),
                Lang::En => "Some big grid has too few or too many households.".to_string(),
            },
        },
    ]
}

// ---------------------------------------------------------------- figures

/// Every figure of SPEC §6 in summary.json order: (key, formatted value).
pub fn figure_cells(f: &Figures) -> Vec<(&'static str, String)> {
    FIGURES
        .iter()
        .map(|d| {
            let v = f.value(d.figure);
            let text = match (d.show, v) {
                (_, Value::Count(n)) => int(n),
                (Show::Percent, Value::Ratio(r)) => pct(r),
                (_, Value::Ratio(r)) => dec1(r),
            };
            (d.key, text)
        })
        .collect()
}

#[derive(Serialize)]
pub struct Tile {
    /// The summary.json field the value comes from (`data-figure` in the page).
    pub key: &'static str,
    pub label: String,
    pub value: String,
    /// Shown as a warning (a flag or a non-zero count of something bad).
    pub alert: bool,
    /// Where what the tile counts is listed (alert tiles link to it).
    pub href: Option<String>,
}

pub(crate) fn tile(lang: Lang, key: &'static str, value: String, alert: bool) -> Tile {
    Tile {
        key,
        label: label(lang, key),
        value,
        alert,
        href: None,
    }
}

impl Tile {
    /// Link the tile to where its items are listed, when it is an alert.
    pub fn linked(mut self, href: impl Into<String>) -> Tile {
        if self.alert {
            self.href = Some(href.into());
        }
        self
    }
}

pub(crate) fn figure_tiles(f: &Figures, cfg: &Config, lang: Lang) -> Vec<Tile> {
    let fl = flags(f, cfg);
    vec![
        tile(lang, "residents", int(f.residents), false),
        tile(lang, "households", int(f.households), false),
        tile(lang, "workers", int(f.workers), false),
        tile(
            lang,
            "residents_per_worker",
            dec1(f.residents_per_worker),
            fl.contains(&Flag::Understaffed),
        ),
        tile(
            lang,
            "screening_coverage",
            pct(f.screening_coverage),
            fl.contains(&Flag::LowCoverage),
        ),
        tile(lang, "reporting_rate", pct(f.reporting_rate), false),
        tile(lang, "on_time_rate", pct(f.on_time_rate), false),
        tile(lang, "isolation_active", int(f.isolation_active), false),
        tile(
            lang,
            "isolation_overdue",
            int(f.isolation_overdue),
            f.isolation_overdue > 0,
        ),
    ]
}

#[derive(Serialize)]
pub struct Column {
    pub key: &'static str,
    pub label: String,
}

// ---------------------------------------------------------------- pages

/// What every page has.
#[derive(Serialize)]
pub struct Common {
    pub lang: &'static str,
    /// Prefix from the page to the site's top folder: `""` or `"../"`.
    pub root: &'static str,
    /// Which page this is, for the navigation: `index`, `community`, `issues`, `files`.
    pub page: &'static str,
    /// The sub-district's name (config `name`), if set.
    pub name: Option<String>,
    /// The site's title: `<name>网格化管理汇总`, or without a name `街道网格化管理汇总`.
    pub site_title: String,
    pub as_of: String,
    pub period: String,
}

/// The site's title, with the sub-district's name when it has one.
pub fn site_title(name: Option<&str>, lang: Lang) -> String {
    match name {
        Some(n) => match lang {
            Lang::Zh => format!("{n}网格化管理汇总"),
            Lang::En => format!("{n}: grid report"),
        },
        None => label(lang, "site_title"),
    }
}

pub(crate) fn common(
    summary: &Summary,
    lang: Lang,
    root: &'static str,
    page: &'static str,
) -> Common {
    let p = &summary.period;
    let period = match &p.from {
        Some(from) => match lang {
            Lang::Zh => format!("{from} 至 {}（{} 天）", p.to, int(u64::from(p.days))),
            Lang::En => format!("{from} to {} ({} days)", p.to, int(u64::from(p.days))),
        },
        None => label(lang, "period_none"),
    };
    Common {
        lang: crate::render::labels::html_lang(lang),
        root,
        page,
        name: summary.name.clone(),
        site_title: site_title(summary.name.as_deref(), lang),
        as_of: summary.as_of.clone(),
        period,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_has_a_cell() {
        let f = Figures::default();
        let cells = figure_cells(&f);
        let json = serde_json::to_value(&f).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut ours: Vec<&str> = cells.iter().map(|c| c.0).collect();
        // The counts behind the worker means are in summary.json, not on the pages.
        let hidden: Vec<&str> = crate::stats::figure::BEHIND_MEANS
            .iter()
            .map(|d| d.key)
            .collect();
        let mut theirs: Vec<&str> = keys.into_iter().filter(|k| !hidden.contains(k)).collect();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
        assert_eq!(
            cells
                .iter()
                .find(|c| c.0 == "screening_coverage")
                .unwrap()
                .1,
            "—"
        );
    }

    #[test]
    fn site_title_names_the_sub_district() {
        assert_eq!(
            site_title(Some("圭峰会城街道"), Lang::Zh),
            "圭峰会城街道网格化管理汇总"
        );
        assert_eq!(
            site_title(Some("Huicheng"), Lang::En),
            "Huicheng: grid report"
        );
        assert_eq!(site_title(None, Lang::Zh), "街道网格化管理汇总");
    }
}
