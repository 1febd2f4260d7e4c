//! Writing a roll-up: OUT atomically (summary.json streamed, then the site and the workbook
//! side by side), and the one line said at the end.

use std::path::Path;
use std::time::Duration;

use super::rolled::Rolled;
use super::{html, links, xlsx};
use crate::config::Config;
use crate::stats::FileStatus;
use crate::vocab::lang::Lang;
use crate::vocab::write_error::WriteError;

/// Write the roll-up into OUT atomically: summary.json, the site, report.xlsx. `input` is
/// where the units' own reports are linked from.
pub fn write(
    rolled: &Rolled,
    cfg: &Config,
    lang: Lang,
    input: &Path,
    out: &Path,
) -> Result<(), String> {
    let links = links::Links::new(input, out);
    crate::output::write_atomically(out, lang, |dir| {
        let t = crate::timing::Timer::start();
        // Streamed: a province's summary.json need not sit in memory twice.
        let path = dir.join("summary.json");
        let io = |e| WriteError::file(&path, e);
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
        serde_json::to_writer_pretty(&mut w, &rolled.summary)
            .map_err(|e| WriteError::make(&path, e))?;
        std::io::Write::write_all(&mut w, b"\n").map_err(io)?;
        std::io::Write::flush(&mut w).map_err(io)?;
        t.done("rollup-json");
        let (site, book) = rayon::join(
            || html::write_site(rolled, cfg, lang, &links, dir),
            || xlsx::write_workbook(rolled, cfg, lang, dir),
        );
        site?;
        book?;
        Ok(())
    })
}

/// The one line at the end: summaries read, skipped and unreadable, units, communities,
/// households, residents, the issues below and the roll-up's own, where it is, the time.
pub fn summary_line(rolled: &Rolled, out: &Path, took: Duration, lang: Lang) -> String {
    let s = &rolled.summary;
    let count = |status: FileStatus| s.files.iter().filter(|f| f.status == status).count();
    let (read, skipped, unreadable) = (
        count(FileStatus::Read),
        count(FileStatus::Skipped),
        count(FileStatus::Unreadable),
    );
    let rows = rolled.rows();
    let units = rows.count(s.units.len(), lang);
    let t = &s.totals.figures;
    let (b, own) = (&rolled.below, &s.issues);
    let secs = took.as_secs_f64();
    let int = crate::render::filters::int;
    match lang {
        Lang::Zh => format!(
            "已生成汇总报告 {}：读取 {read} 份汇总，跳过 {skipped} 个文件，无法读取 {unreadable} 个；{units}，{} 个社区，{} 户，{} 人；各{}报告中错误 {}，警告 {}；汇总时错误 {}，警告 {}；用时 {secs:.1} 秒",
            out.display(),
            int(u64::from(s.totals.communities)),
            int(t.households),
            int(t.residents),
            rows.zh,
            int(b.errors),
            int(b.warnings),
            int(own.errors),
            int(own.warnings),
        ),
        Lang::En => format!(
            "roll-up written to {}: {read} summaries read, {skipped} files skipped, {unreadable} unreadable; {units}, {} communities, {} households, {} residents; in their reports {} errors, {} warnings; rolling up {} errors, {} warnings; {secs:.1} s",
            out.display(),
            int(u64::from(s.totals.communities)),
            int(t.households),
            int(t.residents),
            int(b.errors),
            int(b.warnings),
            int(own.errors),
            int(own.warnings),
        ),
    }
}
