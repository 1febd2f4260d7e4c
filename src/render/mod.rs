//! Writing the report: HTML site, Excel workbooks, summary.json.

pub mod attention;
pub mod changes;
pub mod check_lines;
pub mod filters;
pub mod html;
pub mod html_changes;
pub mod html_community;
pub mod html_files;
pub mod html_index;
pub mod html_issues;
pub mod html_view;
pub mod issue_groups;
pub mod json;
pub mod labels;
pub mod mask;
pub mod names;
pub mod order;
pub mod places;
pub mod svg;
pub mod xlsx;
pub mod xlsx_changes;
pub mod xlsx_community;
pub mod xlsx_figures;
pub mod xlsx_issues;
pub mod xlsx_table;
use std::path::Path;

use crate::config::Config;
use crate::stats::Report;
use crate::vocab::lang::Lang;

/// Write every output into `dir` (a fresh folder).
pub fn write_all(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    templates: Option<&Path>,
    dir: &Path,
) -> anyhow::Result<()> {
    std::fs::write(dir.join("summary.json"), json::to_json(&report.summary))?;
    // The site and the workbooks go to different files: written side by side.
    std::fs::create_dir_all(dir.join("communities"))?;
    let (site, books) = rayon::join(
        || html::write_site(report, cfg, lang, templates, dir),
        || xlsx::write_workbooks(report, cfg, lang, dir),
    );
    site?;
    books?;
    Ok(())
}
