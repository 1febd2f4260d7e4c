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

use crate::vocab::write_error::WriteError;

type Result<T> = std::result::Result<T, WriteError>;
use rayon::prelude::*;

use super::html_common::{site_title, Ctx};
use super::links::Links;
use super::rolled::Rolled;
use crate::config::Config;
use crate::render::html::files::files_page;
use crate::render::html::{load_templates, render_page};
use crate::render::labels::labels;
use crate::render::names::safe_names;
use crate::render::places::Names;
use crate::vocab::lang::Lang;

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
        std::fs::write(&path, text).map_err(|e| WriteError::file(&path, e))
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
    std::fs::create_dir_all(&dir).map_err(|e| WriteError::folder(&dir, e))?;
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
