//! The Excel workbooks: `report.xlsx` for the whole sub-district (`report`, `overview`) and
//! `communities/<name>.xlsx` for each community (`community`), built from the shared pieces
//! of `book`, `table` (typed columns, widths, styles), `figures` (the figure columns and
//! flags) and `issues` (the grouped issue sheets).
//!
//! Output is byte-identical for the same report: the document's creation time is `as_of`
//! (or `SOURCE_DATE_EPOCH` when set), never the clock.

pub mod book;
pub mod changes;
pub mod community;
pub mod figures;
pub mod issues;
pub mod overview;
pub mod report;
pub mod table;

use std::path::Path;

use rayon::prelude::*;

use crate::vocab::write_error::WriteError;
use rust_xlsxwriter::Workbook;

use crate::config::Config;
use crate::stats::Report;
use crate::vocab::lang::Lang;

pub(crate) use self::book::new_workbook;
use self::community::community_workbook;
use self::report::report_workbook;
use crate::render::names::safe_names;

/// Write `out/report.xlsx` and `out/communities/<safe name>.xlsx` for every community.
pub fn write_workbooks(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    out: &Path,
) -> Result<(), WriteError> {
    let s = &report.summary;
    let t = crate::timing::Timer::start();
    let path = out.join("report.xlsx");
    let mut wb = report_workbook(report, cfg, lang).map_err(|e| WriteError::make(&path, e))?;
    save(&mut wb, &path)?;
    t.done("write-report-xlsx");

    let dir = out.join("communities");
    std::fs::create_dir_all(&dir).map_err(|e| WriteError::folder(&dir, e))?;
    let names: Vec<String> = s.communities.iter().map(|c| c.name.clone()).collect();
    // One workbook per community, built and saved in parallel (each its own file).
    let jobs: Vec<_> = s.communities.iter().zip(safe_names(&names)).collect();
    jobs.par_iter()
        .try_for_each(|(community, safe)| -> Result<(), WriteError> {
            let path = dir.join(format!("{safe}.xlsx"));
            let mut wb = community_workbook(report, community, cfg, lang)
                .map_err(|e| WriteError::make(&path, e))?;
            save(&mut wb, &path)
        })
}

/// Save a workbook: made in memory, then written in one go, so that a full disk gives one
/// plain error (a workbook saved straight to a file would also print its zip writer's
/// complaint when it is dropped half-written).
pub(crate) fn save(wb: &mut Workbook, path: &Path) -> Result<(), WriteError> {
    let bytes = wb.save_to_buffer().map_err(|e| WriteError::make(path, e))?;
    std::fs::write(path, bytes).map_err(|e| WriteError::file(path, e))
}
