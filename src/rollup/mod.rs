//! `gridreport rollup INPUT -o OUT` (issue 18): up the hierarchy. Each sub-district office
//! builds its own report and sends its `summary.json` — figures and counts only, no personal
//! data; the district rolls the summaries up into the same kind of report one level up, and
//! the city rolls up the districts' the same way (a roll-up's summary.json is itself a
//! summary, any depth). DHIS2's org-unit hierarchy is the model: every count summed, every
//! ratio recomputed from the summed numerator and denominator, never averaged.
//!
//! - `find`: the summaries under INPUT (report folders dropped in, or `*.json` alone);
//! - `read` and `trust`: one summary read and checked, trusting nothing;
//! - `gather`: every summary read, listed, a unit twice or a copy told, older dates warned of;
//! - `sum`: the figures summed (`stats::figure`'s `Figures::add` and `recompute`);
//! - `shape`: the roll-up's summary.json; `words`: what the rows of each level are called;
//! - `html`, `xlsx`, `links`: the site and report.xlsx, made of `render`'s pieces and
//!   templates.

pub mod find;
pub mod gather;
pub mod html;
pub mod links;
pub mod read;
pub mod shape;
pub mod sum;
pub mod trust;
pub mod words;
pub mod xlsx;

use std::path::Path;
use std::time::Duration;

use crate::config::Config;
use crate::stats::{FileStatus, Report, Summary, SCHEMA};
use crate::vocab::issue::sort_issues;
use crate::vocab::lang::Lang;
use shape::{IssueCounts, RollupSummary};

/// A roll-up: its summary.json and what its pages are drawn from.
pub struct Rolled {
    pub summary: RollupSummary,
    /// The summary in a build's shape for the renderers: the units as its communities (its
    /// big grids left out: the workbook names them from `summary` with their units).
    pub view: Report,
    /// 2 for a district of sub-districts, 3 for a city of districts … (`words`).
    pub level: u32,
    /// The issues at and below the units (in their own reports), summed.
    pub below: IssueCounts,
}

impl Rolled {
    /// The unit of this name.
    pub fn unit(&self, name: &str) -> Option<&shape::UnitEntry> {
        self.summary
            .units
            .binary_search_by(|u| u.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.summary.units[i])
    }

    /// What the rows (the units) are called.
    pub fn rows(&self) -> words::Rows {
        words::of_levels(self.summary.units.iter().map(|u| u.level))
    }

    /// Errors, warnings and infos at and below the units, with the roll-up's own.
    pub fn all_issues(&self) -> IssueCounts {
        let mut all = self.below.clone();
        all.add(&IssueCounts::of(&self.summary.issues));
        all
    }
}

/// Roll up the summaries under `input` (OUT, when inside it, is `exclude`d). `name` is the
/// roll-up's (`--name`, else config `name`). `Err` (exit 2) when INPUT holds no summary.
pub fn roll_up(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    lang: Lang,
    name: Option<String>,
) -> Result<Rolled, String> {
    let t = crate::timing::Timer::start();
    let g = gather::gather(input, exclude, cfg, lang)?;
    t.done("rollup-read");
    let t = crate::timing::Timer::start();
    let as_of = gather::latest(&g.units).unwrap_or_else(crate::check::as_of::today);
    let mut issues = g.issues;
    issues.extend(gather::older_units(&g.units, as_of, lang));
    sort_issues(&mut issues);
    let max_days = cfg.max_period_days.saturating_mul(2).saturating_add(1);
    let sums = sum::sum(g.units, as_of, max_days);
    let level = 1 + sums.units.iter().map(|u| u.level).max().unwrap_or(1);
    let summary = RollupSummary {
        schema: SCHEMA,
        name,
        as_of: as_of.to_string(),
        period: sums.period,
        totals: sums.totals,
        communities: sums.rows,
        big_grids: sums.big_grids,
        daily: sums.daily,
        files: g.files,
        issues: crate::pipeline::summarize(issues),
        changes: None,
        units: sums.units,
    };
    let view = Report {
        summary: view_of(&summary),
        grid_days: Vec::new(),
    };
    t.done("rollup-sum");
    Ok(Rolled {
        summary,
        view,
        level,
        below: sums.below,
    })
}

/// A big grid's community as the pages and workbooks name it: with the units it lies in.
pub fn place_of(unit_path: &[String], community: &str) -> String {
    let mut parts: Vec<&str> = unit_path.iter().map(String::as_str).collect();
    parts.push(community);
    parts.join(" / ")
}

fn view_of(s: &RollupSummary) -> Summary {
    Summary {
        schema: s.schema,
        name: s.name.clone(),
        as_of: s.as_of.clone(),
        period: s.period.clone(),
        totals: s.totals.clone(),
        communities: s.communities.clone(),
        big_grids: Vec::new(),
        daily: s.daily.clone(),
        files: s.files.clone(),
        issues: s.issues.clone(),
    }
}

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
        let mut w = std::io::BufWriter::new(std::fs::File::create(dir.join("summary.json"))?);
        serde_json::to_writer_pretty(&mut w, &rolled.summary)?;
        std::io::Write::write_all(&mut w, b"\n")?;
        std::io::Write::flush(&mut w)?;
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
