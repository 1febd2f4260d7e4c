//! `gridreport watch INPUT -o OUT`: rebuild the report whenever workbooks are added, changed
//! or removed. A folder of summaries (no workbooks, `rollup::find::is_rollup_input`) is rolled
//! up instead, as `gridreport rollup` does, whenever a summary comes, changes or goes.
//!
//! Change events (notify) or, with `--poll SECONDS`, a look at the folder every so often.
//! After events stop for the debounce time, the folder is listed (sizes and modification
//! times) until two listings agree, so a file still being copied is not read half-way; with
//! `--poll`, where no events tell of a copy in progress, the listings must agree across the
//! whole debounce time. When INPUT is removed, the watch says so, waits for it to come back,
//! then watches it again and rebuilds.
//! Lock and temporary files (`~$*`, `.*`, `*.tmp`) and OUT itself are ignored. Unchanged
//! files are not read again (`cache`). A failed rebuild keeps the last good report and says
//! why. Ctrl-C ends the watch cleanly (exit 0); a second Ctrl-C ends it at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::cache::ReadCache;
use crate::pipeline::{FileData, Options};
use crate::progress::Progress;
use crate::run;
use crate::vocab::lang::Lang;

pub struct WatchArgs {
    pub input: PathBuf,
    pub out: PathBuf,
    pub templates: Option<PathBuf>,
    /// `--history DIR` and `--compare-with FILE`.
    pub history: Option<PathBuf>,
    pub compare_with: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub opts: Options,
    /// Look every this often instead of waiting for change events.
    pub poll: Option<Duration>,
    /// Quiet time after the last change event before rebuilding.
    pub debounce: Duration,
    pub quiet: bool,
}

/// What wakes the loop up.
enum Wake {
    Changed,
    /// Nothing happened for a while: a chance to look whether INPUT is still there.
    Look,
    Stop,
}

/// Sizes and modification times of the files that matter.
type Listing = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Run until Ctrl-C. `Err` (exit 2) only when watching cannot start.
pub fn watch(args: &WatchArgs) -> Result<i32, String> {
    let lang = args.opts.lang;
    run::check_input(&args.input, lang)?;
    run::check_out(
        &args.input,
        &args.out,
        args.config.as_deref(),
        args.templates.as_deref(),
        lang,
    )?;
    if let Some(t) = &args.templates {
        if !t.is_dir() {
            return Err(match lang {
                Lang::Zh => format!("--templates {}：文件夹不存在", t.display()),
                Lang::En => format!("--templates {}: no such folder", t.display()),
            });
        }
    }
    if let Some(d) = &args.history {
        crate::history::check_dir(d, &args.input, &args.out, lang)?;
    }
    if let Some(c) = &args.compare_with {
        crate::history::load_compare(c, lang)?;
    }
    let (tx, rx) = mpsc::channel();
    let stopping = Arc::new(AtomicBool::new(false));
    {
        let tx = tx.clone();
        let stopping = stopping.clone();
        ctrlc::set_handler(move || {
            // During a build the loop cannot hear it: stop at once (OUT is only ever replaced
            // whole, and the next build clears what this one left).
            if stopping.swap(true, Ordering::SeqCst) || BUILDING.load(Ordering::SeqCst) {
                say(lang.pick("已停止监视", "stopped watching"));
                std::process::exit(0);
            }
            let _ = tx.send(Wake::Stop);
        })
        .map_err(|e| match lang {
            Lang::Zh => format!("无法接管 Ctrl-C（{e}）"),
            Lang::En => format!("cannot handle Ctrl-C: {e}"),
        })?;
    }
    let mut rebuilder = Rebuilder::new(args);
    let mut watcher = match args.poll {
        Some(_) => None,
        None => Some(start_watcher(&rebuilder, tx.clone())?),
    };
    // How long the listing must hold still: with events, their silence already covered the
    // debounce time; without, the listings themselves must agree across it.
    let settle = match args.poll {
        Some(_) => args.debounce,
        None => Duration::from_millis(500).min(args.debounce.max(Duration::from_millis(100))),
    };

    let mut built = rebuilder.listing();
    rebuilder.rebuild_and_say(true);
    say(&match (args.poll, lang) {
        (None, Lang::Zh) => format!(
            "正在监视 {}：文件变化后约 {:.1} 秒重新生成报告（按 Ctrl-C 停止）",
            args.input.display(),
            args.debounce.as_secs_f64()
        ),
        (None, Lang::En) => format!(
            "watching {}: the report is rebuilt {:.1} s after files change (Ctrl-C to stop)",
            args.input.display(),
            args.debounce.as_secs_f64()
        ),
        (Some(p), Lang::Zh) => format!(
            "正在监视 {}：每 {:.1} 秒检查一次文件变化（按 Ctrl-C 停止）",
            args.input.display(),
            p.as_secs_f64()
        ),
        (Some(p), Lang::En) => format!(
            "watching {}: looking for changes every {:.1} s (Ctrl-C to stop)",
            args.input.display(),
            p.as_secs_f64()
        ),
    });
    'watching: loop {
        let woke = match args.poll {
            Some(every) => match rx.recv_timeout(every) {
                Ok(w) => w,
                Err(_) => Wake::Changed,
            },
            // Events, and a look every second whether INPUT is still there.
            None => match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(w) => w,
                Err(RecvTimeoutError::Timeout) => Wake::Look,
                Err(RecvTimeoutError::Disconnected) => Wake::Stop,
            },
        };
        if let Wake::Stop = woke {
            break;
        }
        if !args.input.is_dir() {
            if wait_for_input(args, &rx) {
                break;
            }
            rebuilder.root = args
                .input
                .canonicalize()
                .unwrap_or_else(|_| args.input.clone());
            if args.poll.is_none() {
                // The old watch went with the old folder.
                watcher = None;
                match start_watcher(&rebuilder, tx.clone()) {
                    Ok(w) => watcher = Some(w),
                    Err(e) => say(&e),
                }
            }
            built = Listing::new();
        } else if let Wake::Look = woke {
            continue;
        }
        if args.poll.is_none() && quiet_for(&rx, args.debounce) {
            break;
        }
        // Wait until the folder holds still (a copy in progress keeps changing sizes).
        let mut now = rebuilder.listing();
        if now == built {
            continue;
        }
        loop {
            if pause(&rx, settle) {
                break 'watching;
            }
            let next = rebuilder.listing();
            if next == now {
                break;
            }
            now = next;
        }
        built = now;
        rebuilder.rebuild_and_say(false);
    }
    drop(watcher);
    say(lang.pick("已停止监视", "stopped watching"));
    Ok(0)
}

/// A rebuild is running (Ctrl-C then stops at once).
static BUILDING: AtomicBool = AtomicBool::new(false);

/// INPUT has gone: say so and wait until it is back; true when Ctrl-C came instead.
fn wait_for_input(args: &WatchArgs, rx: &Receiver<Wake>) -> bool {
    let lang = args.opts.lang;
    say(&match lang {
        Lang::Zh => format!(
            "输入文件夹 {} 不见了（被删除或移走）：保留上一次的报告，等它回来后重新生成",
            args.input.display()
        ),
        Lang::En => format!(
            "the input folder {} is gone (removed or moved): the last report is kept; it is rebuilt when the folder is back",
            args.input.display()
        ),
    });
    while !args.input.is_dir() {
        if pause(rx, Duration::from_secs(1)) {
            return true;
        }
    }
    say(&match lang {
        Lang::Zh => format!(
            "输入文件夹 {} 又出现了：重新监视并生成报告",
            args.input.display()
        ),
        Lang::En => format!(
            "the input folder {} is back: watching it again and rebuilding",
            args.input.display()
        ),
    });
    false
}

/// Rebuilds the report, keeping what reading each file gave.
pub struct Rebuilder<'a> {
    args: &'a WatchArgs,
    /// INPUT, canonical (events name canonical paths).
    pub root: PathBuf,
    /// OUT, canonical, when inside INPUT.
    exclude: Option<PathBuf>,
    cache: ReadCache<Arc<FileData>>,
    /// A report has been written since the watch started.
    written: bool,
}

impl<'a> Rebuilder<'a> {
    pub fn new(args: &'a WatchArgs) -> Rebuilder<'a> {
        Rebuilder {
            args,
            root: args
                .input
                .canonicalize()
                .unwrap_or_else(|_| args.input.clone()),
            exclude: run::inside(&args.out, &args.input),
            cache: ReadCache::new(),
            written: false,
        }
    }

    /// Build once: the summary line, or why it failed (OUT is then left as it was).
    pub fn rebuild(&mut self) -> Result<String, String> {
        let a = self.args;
        let started = Instant::now();
        let lang = a.opts.lang;
        let cfg = run::load_config(&a.input, a.config.as_deref(), lang)?;
        // A folder of summaries (report folders or summary.json sent by the offices below)
        // is rolled up (issue 18), read whole each time: summaries are small.
        if crate::rollup::find::is_rollup_input(&a.input, self.exclude.as_deref()) {
            let exclude = self.exclude.as_deref();
            let rolled = crate::rollup::roll_up(&a.input, exclude, &cfg, lang, cfg.name.clone())?;
            crate::rollup::write(&rolled, &cfg, lang, &a.input, &a.out)?;
            self.written = true;
            return Ok(crate::rollup::summary_line(
                &rolled,
                &a.out,
                started.elapsed(),
                lang,
            ));
        }
        // Read each time: the config's history_keep may have changed. The baseline is the
        // latest snapshot of an earlier date in OUT's history, so a rebuild on the same day
        // never compares with itself.
        let setup = run::history_setup(
            &a.input,
            &a.out,
            a.history.as_deref(),
            a.compare_with.as_deref(),
            &cfg,
            lang,
        )?;
        let mut progress = Progress::new(a.quiet, lang);
        let mut report = run::analyze(
            &a.input,
            self.exclude.as_deref(),
            &cfg,
            &a.opts,
            Some(&mut self.cache),
            &mut progress,
        )?;
        let (hits, misses) = (self.cache.hits, self.cache.misses);
        let kept = crate::history::attach(&mut report, &setup, &a.out, lang);
        run::write_kept(
            &report,
            &cfg,
            lang,
            a.templates.as_deref(),
            &a.out,
            &kept,
            &mut progress,
        )?;
        self.written = true;
        let line = run::summary_line(&report, Some(&a.out), started.elapsed(), lang);
        Ok(match lang {
            Lang::Zh => format!("{line}（重新读取 {misses} 个文件，{hits} 个未变）"),
            Lang::En => format!(
                "{line} ({misses} {} read again, {hits} unchanged)",
                if misses == 1 { "file" } else { "files" }
            ),
        })
    }

    fn rebuild_and_say(&mut self, first: bool) {
        let lang = self.args.opts.lang;
        BUILDING.store(true, Ordering::SeqCst);
        let outcome = self.rebuild();
        BUILDING.store(false, Ordering::SeqCst);
        match outcome {
            Ok(line) if !self.args.quiet => say(&line),
            Ok(_) => {}
            Err(why) if first || !self.written => say(&match lang {
                Lang::Zh => format!("生成失败：{why}；修正后保存文件即会重试"),
                Lang::En => format!("build failed: {why}; it is tried again when files change"),
            }),
            Err(why) => say(&match lang {
                Lang::Zh => format!(
                    "重新生成失败：{why}；{} 中保留上一次的报告",
                    self.args.out.display()
                ),
                Lang::En => format!(
                    "rebuild failed: {why}; the last good report in {} is kept",
                    self.args.out.display()
                ),
            }),
        }
    }

    /// The files that matter now: everything under INPUT that is not ignored, and the config.
    pub fn listing(&self) -> Listing {
        let mut out = Listing::new();
        list_folder(&self.root, self.exclude.as_deref(), &mut out);
        if let Some(c) = &self.args.config {
            if let Ok(m) = std::fs::metadata(c) {
                out.insert(c.clone(), (m.len(), m.modified().ok()));
            }
        }
        out
    }
}

/// Lock files, hidden files and temporary files: their changes do not start a rebuild.
pub fn ignored(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.') || name.to_lowercase().ends_with(".tmp")
}

fn list_folder(dir: &Path, exclude: Option<&Path>, out: &mut Listing) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if ignored(&e.file_name().to_string_lossy()) || exclude.is_some_and(|x| path == x) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            list_folder(&path, exclude, out);
        } else {
            out.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
}

/// Change events for INPUT (and the config file when it lies elsewhere) as `Wake::Changed`.
fn start_watcher(r: &Rebuilder, tx: Sender<Wake>) -> Result<notify::RecommendedWatcher, String> {
    let config = r
        .args
        .config
        .as_ref()
        .and_then(|c| Some(c.parent()?.canonicalize().ok()?.join(c.file_name()?)));
    let root = r.root.clone();
    let exclude = r.exclude.clone();
    let lang = r.args.opts.lang;
    let config_for_events = config.clone();
    let mut watcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(ev) => {
                let relevant_kind = !matches!(
                    ev.kind,
                    EventKind::Access(a) if a != AccessKind::Close(AccessMode::Write)
                );
                let probe = Probe {
                    root: &root,
                    exclude: exclude.as_deref(),
                };
                if relevant_kind
                    && ev
                        .paths
                        .iter()
                        .any(|p| probe.matters(p, config_for_events.as_deref()))
                {
                    let _ = tx.send(Wake::Changed);
                }
            }
            Err(e) => say(&match lang {
                Lang::Zh => format!("监视出错：{e}（若有文件变化未被发现，请改用 --poll 秒数）"),
                Lang::En => format!("watch: {e} (if changes are missed, use --poll SECONDS)"),
            }),
        })
        .map_err(|e| cannot_watch(&r.args.input, &e, r.args.opts.lang))?;
    watcher
        .watch(&r.root, RecursiveMode::Recursive)
        .map_err(|e| cannot_watch(&r.args.input, &e, r.args.opts.lang))?;
    if let Some(c) = &config {
        if !c.starts_with(&r.root) {
            if let Some(dir) = c.parent() {
                watcher
                    .watch(dir, RecursiveMode::NonRecursive)
                    .map_err(|e| cannot_watch(dir, &e, r.args.opts.lang))?;
            }
        }
    }
    Ok(watcher)
}

/// Why watching a folder cannot start, and what to do instead.
fn cannot_watch(dir: &Path, e: &dyn std::fmt::Display, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "无法监视 {}（{e}）：可改用 --poll 5（每 5 秒检查一次）",
            dir.display()
        ),
        Lang::En => format!("cannot watch {}: {e}; try --poll 5", dir.display()),
    }
}

/// Decides whether a change event matters (on the event thread).
struct Probe<'p> {
    root: &'p Path,
    exclude: Option<&'p Path>,
}

impl Probe<'_> {
    fn matters(&self, path: &Path, config: Option<&Path>) -> bool {
        if config.is_some_and(|c| c == path) {
            return true;
        }
        let Ok(rel) = path.strip_prefix(self.root) else {
            return false;
        };
        if self.exclude.is_some_and(|x| path.starts_with(x)) {
            return false;
        }
        !rel.components()
            .any(|c| ignored(&c.as_os_str().to_string_lossy()))
    }
}

/// Wait until no change has come for `quiet`; true when Ctrl-C came instead.
fn quiet_for(rx: &Receiver<Wake>, quiet: Duration) -> bool {
    loop {
        match rx.recv_timeout(quiet) {
            Ok(Wake::Stop) => return true,
            Ok(Wake::Changed) | Ok(Wake::Look) => continue,
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// Sleep for `d`, swallowing change events; true when Ctrl-C came.
fn pause(rx: &Receiver<Wake>, d: Duration) -> bool {
    let end = Instant::now() + d;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        match rx.recv_timeout(left) {
            Ok(Wake::Stop) => return true,
            Ok(Wake::Changed) | Ok(Wake::Look) => {}
            Err(RecvTimeoutError::Timeout) => return false,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(left);
                return false;
            }
        }
    }
}

/// One line on stderr, with the wall-clock time (stderr only, never in a report).
fn say(line: &str) {
    eprintln!(
        "[{}] {}",
        chrono::Local::now().format("%H:%M:%S"),
        crate::vocab::text::one_line(line)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_temp_files_are_ignored() {
        for name in ["~$台账.xlsx", ".~lock.台账.xlsx#", "台账.xlsx.TMP", ".git"] {
            assert!(ignored(name), "{name}");
        }
        for name in ["台账.xlsx", "城东", "a~$.csv"] {
            assert!(!ignored(name), "{name}");
        }
    }
}
