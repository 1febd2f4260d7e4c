//! Writing the report: HTML site, Excel workbooks, summary.json.

pub(crate) mod attention;
pub(crate) mod changes;
pub(crate) mod check_lines;
pub(crate) mod filters;
pub mod html;
pub(crate) mod issue_groups;
pub mod json;
pub(crate) mod labels;
pub(crate) mod mask;
pub mod names;
pub(crate) mod order;
pub(crate) mod places;
pub(crate) mod svg;
pub mod xlsx;
use std::path::Path;

use crate::config::Config;
use crate::stats::Report;
use crate::vocab::lang::Lang;
use crate::vocab::write_error::WriteError;

/// Write every output into `dir` (a fresh folder).
pub fn write_all(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    templates: Option<&Path>,
    dir: &Path,
) -> Result<(), WriteError> {
    let summary = dir.join("summary.json");
    std::fs::write(&summary, json::to_json(&report.summary))
        .map_err(|e| WriteError::file(&summary, e))?;
    // The site and the workbooks go to different files: written side by side.
    let communities = dir.join("communities");
    std::fs::create_dir_all(&communities).map_err(|e| WriteError::folder(&communities, e))?;
    let (site, books) = rayon::join(
        || {
            let t = crate::timing::Timer::start();
            let r = html::write_site(report, cfg, lang, templates, dir);
            t.done("write-site");
            r
        },
        || {
            let t = crate::timing::Timer::start();
            let r = xlsx::write_workbooks(report, cfg, lang, dir);
            t.done("write-workbooks");
            r
        },
    );
    site?;
    books?;
    Ok(())
}
