//! One run from INPUT to a report, shared by `build`, `check` and `watch`: the config, reading
//! (with an optional cache), checking, writing OUT, and the summary line on stderr.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::cache::ReadCache;
use crate::config::Config;
use crate::pipeline::{self, FileData, Options, Structures};
use crate::progress::Progress;
use crate::stats::{FileStatus, Report};
use crate::vocab::lang::Lang;

/// The config file a run uses: `--config FILE`, else `INPUT/gridreport.toml` when it exists.
pub fn config_path(input: &Path, config: Option<&Path>) -> Option<PathBuf> {
    match config {
        Some(p) => Some(p.to_path_buf()),
        None => Some(input.join(crate::config::FILE_NAME)).filter(|p| p.is_file()),
    }
}

/// INPUT must be a folder.
pub fn check_input(input: &Path, lang: Lang) -> Result<(), String> {
    if input.is_dir() {
        return Ok(());
    }
    let p = input.display();
    Err(match (input.exists(), lang) {
        (true, Lang::Zh) => format!(
            "{p} 是一个文件，不是文件夹：请给出存放各社区表格的文件夹（例如该文件所在的文件夹）"
        ),
        (true, Lang::En) => format!(
            "{p} is a file, not a folder: give the folder that holds the communities' workbooks (such as the folder this file is in)"
        ),
        (false, Lang::Zh) => format!("{p}：文件夹不存在"),
        (false, Lang::En) => format!("{p}: no such folder"),
    })
}

/// The config of a run (the defaults when there is no file); errors in `lang`.
pub fn load_config(input: &Path, config: Option<&Path>, lang: Lang) -> Result<Config, String> {
    match config_path(input, config) {
        Some(p) => Config::load(&p, lang),
        None => Ok(Config::default()),
    }
}

/// Read and check everything under `input`, drawing the reading and checking phases.
pub fn analyze(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    opts: &Options,
    cache: Option<&mut ReadCache<Arc<FileData>>>,
    progress: &mut Progress,
) -> Result<Report, String> {
    analyze_with_structure(input, exclude, cfg, opts, cache, progress).map(|(report, _)| report)
}

/// [`analyze`], keeping each community's structure and the date window (`template`).
pub fn analyze_with_structure(
    input: &Path,
    exclude: Option<&Path>,
    cfg: &Config,
    opts: &Options,
    cache: Option<&mut ReadCache<Arc<FileData>>>,
    progress: &mut Progress,
) -> Result<(Report, Structures), String> {
    let files = pipeline::find(input, exclude, cfg).map_err(|e| e.message(opts.lang))?;
    progress.reading(files.len() as u64);
    let results = pipeline::read_files(&files, cfg, opts.lang, cache, &|| progress.tick());
    progress.checking();
    Ok(pipeline::finish_with_structure(results, cfg, opts))
}

/// Write the report into OUT atomically: the site, the workbooks, summary.json and what
/// `mail` needs later (`mail.json`); no history.
pub fn write(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    templates: Option<&Path>,
    out: &Path,
    progress: &mut Progress,
) -> Result<(), String> {
    let none = crate::history::Kept::default();
    write_kept(report, cfg, lang, templates, out, &none, progress)
}

/// [`write`], with the history: `OUT/history/` inside the new report, or, with `--history
/// DIR`, the new snapshot written there once the report is in place.
pub fn write_kept(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    templates: Option<&Path>,
    out: &Path,
    kept: &crate::history::Kept,
    progress: &mut Progress,
) -> Result<(), String> {
    progress.writing();
    let result = crate::output::write_atomically(out, lang, |dir| {
        crate::render::write_all(report, cfg, lang, templates, dir)?;
        crate::mail::list::write(report, cfg, dir)?;
        kept.write_in(dir)?;
        Ok(())
    });
    progress.done();
    result?;
    if let Some(note) = kept.write_elsewhere(lang) {
        eprintln!("{}", crate::vocab::text::one_line(&note));
    }
    Ok(())
}

/// Where the history is kept and what to compare with: `--history DIR` (checked: not in OUT,
/// not in INPUT), `--compare-with FILE` (read now), config `history_keep`.
pub fn history_setup(
    input: &Path,
    out: &Path,
    history: Option<&Path>,
    compare_with: Option<&Path>,
    cfg: &Config,
    lang: Lang,
) -> Result<crate::history::Setup, String> {
    if let Some(d) = history {
        crate::history::check_dir(d, input, out, lang)?;
    }
    Ok(crate::history::Setup {
        dir: history.map(Path::to_path_buf),
        compare_with: compare_with
            .map(|p| crate::history::load_compare(p, lang))
            .transpose()?,
        keep: cfg.history_keep,
    })
}

/// May the report be written to `out`? It must be replaceable (empty, or a previous report)
/// and must not hold anything the run reads (SPEC §9.1).
pub fn check_out(
    input: &Path,
    out: &Path,
    config: Option<&Path>,
    templates: Option<&Path>,
    lang: Lang,
) -> Result<(), String> {
    crate::output::check_replaceable(out, lang)?;
    let config = config_path(input, config);
    let mut reads = vec![(lang.pick("输入文件夹", "the input folder"), input)];
    if let Some(c) = &config {
        reads.push((lang.pick("配置文件", "the config file"), c.as_path()));
    }
    if let Some(t) = templates {
        reads.push((lang.pick("模板文件夹", "the templates folder"), t));
    }
    crate::output::check_not_inside(out, &reads, lang)
}

/// `out` canonicalized when it lies inside `input` (it exists or its parent does).
pub fn inside(out: &Path, input: &Path) -> Option<PathBuf> {
    let input = input.canonicalize().ok()?;
    let abs = out.canonicalize().ok().or_else(|| {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(out.file_name()?))
    })?;
    abs.starts_with(&input).then_some(abs)
}

/// The one line printed at the end of a run: files read, skipped and unreadable, households,
/// residents, issues, where the report is (`None` for `check`) and the time taken.
pub fn summary_line(report: &Report, out: Option<&Path>, took: Duration, lang: Lang) -> String {
    let s = &report.summary;
    let t = &s.totals.figures;
    let count = |status: FileStatus| s.files.iter().filter(|f| f.status == status).count();
    let (read, skipped, unreadable) = (
        count(FileStatus::Read),
        count(FileStatus::Skipped),
        count(FileStatus::Unreadable),
    );
    let secs = took.as_secs_f64();
    let (e, w, i) = (s.issues.errors, s.issues.warnings, s.issues.infos);
    match lang {
        Lang::Zh => {
            let head = match out {
                Some(o) => format!("已生成报告 {}", o.display()),
                None => "检查完成".to_string(),
            };
            format!(
                "{head}：读取 {read} 个文件，跳过 {skipped} 个，无法读取 {unreadable} 个；{} 个社区，{} 户，{} 人；错误 {e}，警告 {w}，提示 {i}；用时 {secs:.1} 秒",
                s.totals.communities, t.households, t.residents
            )
        }
        Lang::En => {
            let head = match out {
                Some(o) => format!("report written to {}", o.display()),
                None => "checked".to_string(),
            };
            use crate::render::check_lines::plural;
            format!(
                "{head}: {} read, {skipped} skipped, {unreadable} unreadable; {}, {}, {}; {}, {}, {}; {secs:.1} s",
                plural(read as u64, "file"),
                if s.totals.communities == 1 { "1 community".to_string() } else { format!("{} communities", s.totals.communities) },
                plural(t.households, "household"),
                plural(t.residents, "resident"),
                plural(e, "error"),
                plural(w, "warning"),
                plural(i, "info")
            )
        }
    }
}
