//! Writing the report: HTML site, Excel workbooks, summary.json.

pub mod filters;
pub mod html;
pub mod html_view;
pub mod json;
pub mod labels;
pub mod names;
pub mod svg;
pub mod xlsx;

use std::path::Path;

use crate::config::Config;
use crate::lang::Lang;
use crate::stats::Report;

/// Write every output into `dir` (a fresh folder).
pub fn write_all(report: &Report, cfg: &Config, lang: Lang, templates: Option<&Path>, dir: &Path) -> anyhow::Result<()> {
    let _ = (cfg, templates);
    std::fs::write(dir.join("summary.json"), json::to_json(&report.summary))?;
    let title = lang.pick("网格化管理报告（占位页）", "Grid report (placeholder)");
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>summary.json</p></body></html>\n",
            lang.pick("zh-CN", "en")
        ),
    )?;
    Ok(())
}
