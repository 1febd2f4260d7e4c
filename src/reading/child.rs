//! Reading in child processes: nothing a file does to its reader can take the run down.
//!
//! Each reading thread of the run keeps one long-lived child process of the binary itself
//! and hands it one file at a time. The child reads the file, finds its tables, parses the
//! rows, and sends back what the parent would have made (`FileResult`, see `codec`). It
//! reads under a memory budget (`max_memory_mb` shared by the reading children: the
//! allocator counts the bytes held, `crate::alloc`) and is killed when a file takes longer
//! than `max_seconds_per_file`. A child that aborts (out of budget), crashes or hangs costs
//! that one file, which is reported `unreadable` with the reason; the next file gets a new
//! child. A child never outlives its run by more than one file's time limit: it stops at
//! the end of its input, and its own watchdog ends it when a file runs too long.
//!
//! The `gridreport` binary turns this on with [`main_hook`]; the library used on its own
//! (unit tests, other programs) reads in-process.

use std::cell::RefCell;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{codec, FileResult, Settings};
use crate::config::Config;
use crate::input::table::Aliases;
use crate::input::{FoundFile, LimitKind, ReadError, SheetRead};
use crate::vocab::lang::Lang;

/// The first argument that makes the binary a reading child.
pub const CHILD_ARG: &str = "__read-files";

const MB: u64 = 1024 * 1024;
const SETTINGS: u8 = 1;
const READ: u8 = 2;
/// The largest request a child takes (settings are a config file's worth).
const MAX_REQUEST: u64 = 64 * MB;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Call first thing in `main`. In a reading child this serves requests until its input
/// ends, then exits; otherwise it turns on reading in child processes for this run.
pub fn main_hook() {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(CHILD_ARG)) {
        std::process::exit(child_main());
    }
    // An escape hatch (and a way to measure what the children cost).
    let in_process = std::env::var_os("GRIDREPORT_IN_PROCESS").is_some_and(|v| v == "1");
    ENABLED.store(!in_process, Ordering::Relaxed);
}

pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Read `f` in this thread's child. `None` when no child can be started (the caller then
/// reads in-process).
pub(crate) fn read(f: &FoundFile, s: &Settings) -> Option<FileResult> {
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        // A second try when the child went away between two files.
        for _ in 0..2 {
            if slot.is_none() {
                *slot = Some(Worker::start()?);
            }
            let worker = slot.as_mut()?;
            match worker.ask(f, s) {
                Asked::Answer(r) => return Some(*r),
                Asked::Failed(e) => {
                    if let Some(w) = slot.take() {
                        w.stop();
                    }
                    return Some(FileResult::unreadable(f, &e, s.lang));
                }
                Asked::Gone => {
                    if let Some(w) = slot.take() {
                        w.stop();
                    }
                }
            }
        }
        None
    })
}

enum Asked {
    Answer(Box<FileResult>),
    /// The child failed on this file (and is stopped).
    Failed(ReadError),
    /// The child could not be given the file (it had gone); nothing was read.
    Gone,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<Vec<u8>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// The settings the child has (`Settings::key`).
    settings: Option<u64>,
}

impl Worker {
    fn start() -> Option<Worker> {
        let exe = std::env::current_exe().ok()?;
        let mut child = Command::new(exe)
            .arg(CHILD_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let answers = answers(child.stdout.take()?);
        let stderr = tail(child.stderr.take()?);
        Some(Worker {
            child,
            stdin,
            answers,
            stderr,
            settings: None,
        })
    }

    fn ask(&mut self, f: &FoundFile, s: &Settings) -> Asked {
        let limits = &s.cfg.limits;
        if self.settings != Some(s.key) {
            let Ok(config) = serde_json::to_vec(s.cfg) else {
                return Asked::Failed(ReadError::Crashed("the settings could not be sent".into()));
            };
            let mut w = codec::Writer(Vec::with_capacity(config.len() + 16));
            w.u8(lang_tag(s.lang));
            w.u64(budget_bytes(limits.max_memory_mb));
            w.bytes(&config);
            if send(&mut self.stdin, SETTINGS, &w.0).is_err() {
                return Asked::Gone;
            }
            self.settings = Some(s.key);
        }
        let mut w = codec::Writer(Vec::new());
        w.bytes(&path_bytes(&f.path));
        w.str(&f.rel_path);
        w.str(&f.format);
        if send(&mut self.stdin, READ, &w.0).is_err() {
            return Asked::Gone;
        }
        let limit = Duration::from_secs(limits.max_seconds_per_file);
        match self.answers.recv_timeout(limit) {
            Ok(bytes) => match codec::decode(&bytes) {
                Some(r) => Asked::Answer(Box::new(r)),
                None => Asked::Failed(ReadError::Crashed("the reader's answer was garbled".into())),
            },
            Err(RecvTimeoutError::Timeout) => Asked::Failed(ReadError::Limit {
                what: LimitKind::SecondsPerFile,
                found: limits.max_seconds_per_file,
                limit: limits.max_seconds_per_file,
            }),
            Err(RecvTimeoutError::Disconnected) => {
                Asked::Failed(self.why_gone(limits.max_memory_mb))
            }
        }
    }

    /// Why the child ended without an answer: out of its memory budget (Rust prints
    /// "memory allocation of N bytes failed" before aborting), a signal, or another exit.
    fn why_gone(&mut self, max_memory_mb: u64) -> ReadError {
        let deadline = Instant::now() + Duration::from_secs(2);
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                _ => break None,
            }
        };
        // The stderr thread may still be reading the last words.
        std::thread::sleep(Duration::from_millis(20));
        let text = self
            .stderr
            .lock()
            .map(|t| String::from_utf8_lossy(&t).into_owned())
            .unwrap_or_default();
        if text.contains("memory allocation of") || text.contains("capacity overflow") {
            return ReadError::Limit {
                what: LimitKind::MemoryMb,
                found: max_memory_mb,
                limit: max_memory_mb,
            };
        }
        ReadError::Crashed(match status.and_then(signal_of) {
            Some(sig) => format!("the reader stopped on signal {sig}"),
            None => match status {
                Some(st) => format!("the reader stopped with {st}"),
                None => "the reader stopped without an answer".to_string(),
            },
        })
    }

    /// Kill the child and collect it (its pipes close, so its threads here end too).
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The budget of one child: `max_memory_mb` shared by the reading threads of the run, so
/// that all children together stay within it.
fn budget_bytes(max_memory_mb: u64) -> u64 {
    let threads = rayon::current_num_threads().max(1) as u64;
    max_memory_mb.saturating_mul(MB) / threads
}

fn send(w: &mut impl Write, tag: u8, payload: &[u8]) -> std::io::Result<()> {
    let mut head = [0u8; 9];
    head[0] = tag;
    head[1..].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    w.write_all(&head)?;
    w.write_all(payload)?;
    w.flush()
}

/// Each answer the child writes (`len` then the bytes), on a channel; the channel closes
/// when the child's output ends or is garbled.
fn answers(mut out: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || loop {
        let mut len = [0u8; 8];
        if out.read_exact(&mut len).is_err() {
            return;
        }
        let Ok(len) = usize::try_from(u64::from_le_bytes(len)) else {
            return;
        };
        // Room for the whole answer at once (never more than the child could hold).
        let mut bytes = Vec::with_capacity(len.min(1 << 30));
        match (&mut out).take(len as u64).read_to_end(&mut bytes) {
            Ok(n) if n == len => {}
            _ => return,
        }
        if tx.send(bytes).is_err() {
            return;
        }
    });
    rx
}

/// The last 64 KB the child wrote to stderr (passed on to ours as well when the reading
/// times are asked for, `GRIDREPORT_READ_TIMES`).
fn tail(mut err: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    const KEEP: usize = 64 * 1024;
    let kept = Arc::new(Mutex::new(Vec::new()));
    let shared = kept.clone();
    let pass_on = std::env::var_os("GRIDREPORT_READ_TIMES").is_some();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                return;
            }
            if pass_on {
                let _ = std::io::stderr().write_all(&buf[..n]);
            }
            if let Ok(mut k) = shared.lock() {
                k.extend_from_slice(&buf[..n]);
                if k.len() > KEEP {
                    let cut = k.len() - KEEP;
                    k.drain(..cut);
                }
            }
        }
    });
    kept
}

fn lang_tag(lang: Lang) -> u8 {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

#[cfg(unix)]
fn path_bytes(p: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from(b: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(OsStr::from_bytes(b)))
}

#[cfg(windows)]
fn path_bytes(p: &std::path::Path) -> Vec<u8> {
    use std::os::windows::ffi::OsStrExt;
    p.as_os_str()
        .encode_wide()
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[cfg(windows)]
fn path_from(b: &[u8]) -> Option<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    if b.len() % 2 != 0 {
        return None;
    }
    let wide: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some(PathBuf::from(std::ffi::OsString::from_wide(&wide)))
}

#[cfg(unix)]
fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_: std::process::ExitStatus) -> Option<i32> {
    None
}

/// The child: settings, then files, one answer per file, until its input ends.
fn child_main() -> i32 {
    #[cfg(unix)]
    no_core_dumps();
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    let reading_since = watchdog();
    let mut settings: Option<(Config, Aliases, Lang)> = None;
    loop {
        let mut head = [0u8; 9];
        if input.read_exact(&mut head).is_err() {
            return 0;
        }
        let len = u64::from_le_bytes(head[1..].try_into().unwrap_or([0; 8]));
        if len > MAX_REQUEST {
            return 3;
        }
        let mut payload = Vec::new();
        match (&mut input).take(len).read_to_end(&mut payload) {
            Ok(n) if n as u64 == len => {}
            _ => return 3,
        }
        let mut r = codec::Reader(&payload);
        match head[0] {
            SETTINGS => {
                let (Some(lang), Some(budget), Some(config)) = (r.u8(), r.u64(), r.bytes()) else {
                    return 3;
                };
                let Ok(cfg) = serde_json::from_slice::<Config>(config) else {
                    return 3;
                };
                let lang = if lang == 1 { Lang::En } else { Lang::Zh };
                reading_since
                    .1
                    .store(cfg.limits.max_seconds_per_file, Ordering::Relaxed);
                let aliases = Aliases::new(&cfg);
                settings = Some((cfg, aliases, lang));
                crate::alloc::set_budget(usize::try_from(budget).unwrap_or(usize::MAX));
            }
            READ => {
                let Some((cfg, aliases, lang)) = &settings else {
                    return 3;
                };
                let (Some(path), Some(rel_path), Some(format)) =
                    (r.bytes().and_then(path_from), r.str(), r.str())
                else {
                    return 3;
                };
                let f = FoundFile {
                    rel_path,
                    path,
                    format,
                    skip: None,
                    unlistable: None,
                };
                crate::alloc::reset_peak();
                reading_since.0.store(now_ms(), Ordering::Relaxed);
                let mut sheets = crate::input::read::read_now(&f, &cfg.limits);
                near_budget(&mut sheets, cfg.limits.max_memory_mb);
                let result = super::from_sheets(&f, sheets, cfg, aliases, *lang);
                let bytes = codec::encode(&result);
                drop(result);
                reading_since.0.store(0, Ordering::Relaxed);
                let sent = output
                    .write_all(&(bytes.len() as u64).to_le_bytes())
                    .and_then(|()| output.write_all(&bytes))
                    .and_then(|()| output.flush());
                if sent.is_err() {
                    return 4;
                }
            }
            _ => return 3,
        }
    }
}

/// A reader that failed on memory its dependencies could not get (zlib's `MemError`
/// turned into a panic, say) close to the budget: put down to the memory limit.
fn near_budget(result: &mut Result<Vec<SheetRead>, ReadError>, max_memory_mb: u64) {
    let (Some(budget), (_, peak)) = (crate::alloc::budget(), crate::alloc::held()) else {
        return;
    };
    if peak.saturating_add(budget / 10) < budget {
        return;
    }
    let memory = || ReadError::Limit {
        what: LimitKind::MemoryMb,
        found: max_memory_mb,
        limit: max_memory_mb,
    };
    match result {
        Err(e @ ReadError::Crashed(_)) => *e = memory(),
        Err(_) => {}
        Ok(sheets) => {
            for s in sheets {
                if let SheetRead::Failed { reason, .. } = s {
                    if matches!(reason, ReadError::Crashed(_)) {
                        *reason = memory();
                    }
                }
            }
        }
    }
}

fn now_ms() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

/// A thread that ends the child when one file has been read for longer than the time limit
/// and a few seconds: the parent has given up on it by then (or is gone).
fn watchdog() -> Arc<(AtomicU64, AtomicU64)> {
    let state = Arc::new((AtomicU64::new(0), AtomicU64::new(u64::MAX / 4_000)));
    let seen = state.clone();
    now_ms();
    let _ = std::thread::Builder::new()
        .name("gridreport-watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let since = seen.0.load(Ordering::Relaxed);
            let limit_ms = seen.1.load(Ordering::Relaxed).saturating_mul(1000);
            if since != 0 && now_ms().saturating_sub(since) > limit_ms.saturating_add(5_000) {
                std::process::exit(5);
            }
        });
    state
}

/// An abort on a hostile file is expected here: no core dump for it.
#[cfg(unix)]
fn no_core_dumps() {
    let lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &lim);
    }
}
