//! The static HTML site (SPEC §7): `index.html`, `communities/<name>.html`, `issues.html`,
//! `files.html`. Templates are compiled in from `templates/`; a file of the same name in
//! `templates_dir` replaces a built-in one (and other `.html`/`.css` files there are added,
//! for new partials). Views are built in `view`, charts in `svg`.

pub mod changes;
pub mod community;
pub mod files;
pub mod index;
pub mod issues;
pub mod view;

use std::path::Path;

use crate::vocab::write_error::WriteError;

type Result<T> = std::result::Result<T, WriteError>;
use tera::{Context, Tera};

use self::view::Names;
use crate::config::Config;
use crate::render::labels;
use crate::render::names::safe_names;
use crate::stats::Report;
use crate::vocab::lang::Lang;

/// The built-in templates: (name, text). Names ending in `.html` are autoescaped.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../templates/base.html")),
    ("tiles.html", include_str!("../../../templates/tiles.html")),
    (
        "changes.html",
        include_str!("../../../templates/changes.html"),
    ),
    (
        "issue_groups.html",
        include_str!("../../../templates/issue_groups.html"),
    ),
    ("index.html", include_str!("../../../templates/index.html")),
    (
        "community.html",
        include_str!("../../../templates/community.html"),
    ),
    (
        "issues.html",
        include_str!("../../../templates/issues.html"),
    ),
    ("files.html", include_str!("../../../templates/files.html")),
    // `gridreport rollup`'s pages (crate::rollup::html).
    ("unit.html", include_str!("../../../templates/unit.html")),
    (
        "rollup_issues.html",
        include_str!("../../../templates/rollup_issues.html"),
    ),
    ("style.css", include_str!("../../../templates/style.css")),
];

/// Write the site into `out` (an existing folder).
pub fn write_site(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    templates_dir: Option<&Path>,
    out: &Path,
) -> Result<()> {
    let tera = load_templates(templates_dir)?;
    let summary = &report.summary;
    let community_names: Vec<String> = summary.communities.iter().map(|c| c.name.clone()).collect();
    let safe = safe_names(&community_names);
    let names = Names::new(summary, &safe, cfg, lang);
    let t = labels::labels(lang);

    let page =
        |name: &str, view: &dyn ErasedView| -> Result<String> { view.render(&tera, &t, name) };

    write(
        out,
        "index.html",
        &page("index.html", &index::index_page(report, cfg, lang, &names))?,
    )?;
    write(
        out,
        "issues.html",
        &page("issues.html", &issues::issues_page(report, lang, &names))?,
    )?;
    write(
        out,
        "files.html",
        &page("files.html", &files::files_page(report, lang, &names))?,
    )?;
    let dir = out.join("communities");
    std::fs::create_dir_all(&dir).map_err(|e| WriteError::folder(&dir, e))?;
    for (view, file) in community::community_pages(report, cfg, lang, &names)
        .iter()
        .zip(&safe)
    {
        write(
            &dir,
            &format!("{file}.html"),
            &page("community.html", view)?,
        )?;
    }
    Ok(())
}

/// The built-in templates with the overrides of `templates_dir` (by file name).
pub fn load_templates(templates_dir: Option<&Path>) -> Result<Tera> {
    let mut sources: std::collections::BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    if let Some(dir) = templates_dir {
        let entries = std::fs::read_dir(dir).map_err(|e| WriteError::Template {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !(name.ends_with(".html") || name.ends_with(".css")) || !p.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&p).map_err(|e| WriteError::Template {
                path: p.clone(),
                detail: e.to_string(),
            })?;
            sources.insert(name.to_string(), text);
        }
    }
    let mut tera = Tera::default();
    // Tera 2 checks filter names when templates are added: register them first.
    crate::render::filters::register(&mut tera);
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| tera_error(e, "templates"))?;
    Ok(tera)
}

/// Tera's errors keep the useful part in their report and in `source()`: put the whole chain
/// in the message.
fn tera_error(e: tera::Error, what: &str) -> WriteError {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(&format!("; caused by: {s}"));
        src = s.source();
    }
    WriteError::make(what, msg)
}

fn write(dir: &Path, name: &str, text: &str) -> Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| WriteError::file(&path, e))
}

/// Render `view` with the template `name` and the labels `t` (what `write_site` does for each
/// page; `gridreport rollup` renders its pages with it, its own words in `t`).
pub fn render_page<T: serde::Serialize>(
    tera: &Tera,
    t: &std::collections::BTreeMap<&str, &str>,
    name: &str,
    view: &T,
) -> Result<String> {
    view.render(tera, t, name)
}

/// Render any view struct, so that pages of different types go through one closure.
trait ErasedView {
    fn render(
        &self,
        tera: &Tera,
        t: &std::collections::BTreeMap<&str, &str>,
        name: &str,
    ) -> Result<String>;
}

impl<T: serde::Serialize> ErasedView for T {
    fn render(
        &self,
        tera: &Tera,
        t: &std::collections::BTreeMap<&str, &str>,
        name: &str,
    ) -> Result<String> {
        let mut ctx = Context::from_serialize(self).map_err(|e| tera_error(e, name))?;
        ctx.insert("t", t);
        tera.render(name, &ctx).map_err(|e| tera_error(e, name))
    }
}
