//! Read each file in a child process of the tool itself, so that nothing a file does to the
//! reader can take the run down: the child runs under a memory limit (`RLIMIT_AS`, unix) and
//! is killed when it takes longer than `max_seconds_per_file`. A reader that aborts (calamine
//! on some allocations), crashes or hangs costs that one file, which is reported.
//!
//! The `gridreport` binary turns this on with [`main_hook`]; the library used on its own
//! (tests, other programs) reads in-process with a watchdog thread for the time limit.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{wire, FoundFile, LimitKind, ReadError, SheetRead};
use crate::config::Limits;

/// The first argument that makes the binary a reading child.
pub const CHILD_ARG: &str = "__read-one-file";

/// Set in a reading child's environment: the allocator there is the system one, so that the
/// memory limit counts every allocation (see `crate::alloc`).
pub const CHILD_ENV: &str = "GRIDREPORT_READ_CHILD";

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Call first thing in `main`. In a reading child this reads the file, writes the answer to
/// stdout and exits; otherwise it turns on reading in child processes for this run.
pub fn main_hook() {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(CHILD_ARG)) {
        std::process::exit(child_main(args.collect()));
    }
    // An escape hatch (and a way to measure what the children cost).
    let in_process = std::env::var_os("GRIDREPORT_IN_PROCESS").is_some_and(|v| v == "1");
    ENABLED.store(!in_process, Ordering::Relaxed);
}

pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Read `file` in a child process. `None` when no child could be started (the caller then
/// reads in-process).
pub(crate) fn read_in_child(
    file: &FoundFile,
    stem: &str,
    limits: &Limits,
) -> Option<Result<Vec<SheetRead>, ReadError>> {
    let exe = std::env::current_exe().ok()?;
    let mut child = Command::new(exe)
        .arg(CHILD_ARG)
        .env(CHILD_ENV, "1")
        .arg(&file.path)
        .arg(stem)
        .args(
            [
                limits.max_file_mb,
                limits.max_uncompressed_mb,
                limits.max_cells_per_sheet,
                limits.max_seconds_per_file,
                limits.max_memory_mb,
            ]
            .map(|n| n.to_string()),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let answer = drain(child.stdout.take(), usize::MAX);
    let errors = drain(child.stderr.take(), 64 * 1024);
    let deadline = Instant::now() + Duration::from_secs(limits.max_seconds_per_file);
    let left = deadline.saturating_duration_since(Instant::now());
    let Ok(bytes) = answer.recv_timeout(left) else {
        return Some(Err(too_slow(&mut child, limits)));
    };
    let Some(status) = wait_until(&mut child, deadline) else {
        return Some(Err(too_slow(&mut child, limits)));
    };
    let stderr = errors
        .recv_timeout(Duration::from_secs(1))
        .unwrap_or_default();
    Some(match wire::decode(&bytes) {
        Some(result) if status.success() => result,
        _ => Err(failure(status, &stderr, limits)),
    })
}

/// Read everything from a pipe on a thread; the channel gets the bytes (at most `max`, the
/// rest is read and dropped) at end of file.
fn drain<R: Read + Send + 'static>(pipe: Option<R>, max: usize) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let room = max.saturating_sub(out.len()).min(n);
                        out.extend_from_slice(&buf[..room]);
                    }
                }
            }
            let _ = tx.send(out);
        });
    }
    rx
}

/// The child's exit status, or `None` when it is still running at `deadline`.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
            _ => return None,
        }
    }
}

fn too_slow(child: &mut Child, limits: &Limits) -> ReadError {
    let _ = child.kill();
    let _ = child.wait();
    ReadError::Limit {
        what: LimitKind::SecondsPerFile,
        found: limits.max_seconds_per_file,
        limit: limits.max_seconds_per_file,
    }
}

/// Why the child gave no answer: out of memory (Rust prints "memory allocation of N bytes
/// failed" before aborting), killed by a signal, or another exit.
fn failure(status: ExitStatus, stderr: &[u8], limits: &Limits) -> ReadError {
    let text = String::from_utf8_lossy(stderr);
    if text.contains("memory allocation of") || text.contains("capacity overflow") {
        return ReadError::Limit {
            what: LimitKind::MemoryMb,
            found: limits.max_memory_mb,
            limit: limits.max_memory_mb,
        };
    }
    ReadError::Crashed(match signal_of(status) {
        Some(sig) => format!("the reader stopped on signal {sig}"),
        None => format!("the reader stopped with {status}"),
    })
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_: ExitStatus) -> Option<i32> {
    None
}

/// The child: `PATH STEM max_file_mb max_uncompressed_mb max_cells max_seconds max_memory_mb`.
fn child_main(args: Vec<OsString>) -> i32 {
    let [path, stem, nums @ ..] = args.as_slice() else {
        return 3;
    };
    let nums: Vec<u64> = nums
        .iter()
        .filter_map(|a| a.to_str()?.parse().ok())
        .collect();
    let [max_file_mb, max_uncompressed_mb, max_cells_per_sheet, max_seconds_per_file, max_memory_mb] =
        nums[..]
    else {
        return 3;
    };
    let limits = Limits {
        max_file_mb,
        max_uncompressed_mb,
        max_cells_per_sheet,
        max_seconds_per_file,
        max_memory_mb,
    };
    limit_memory(max_memory_mb);
    let mut result = super::read::read_here(Path::new(path), &stem.to_string_lossy(), &limits);
    if near_memory_limit(max_memory_mb) {
        blame_memory(&mut result, max_memory_mb);
    }
    let bytes = wire::encode(&result);
    drop(result);
    let mut out = std::io::stdout().lock();
    match std::io::Write::write_all(&mut out, &bytes).and_then(|()| std::io::Write::flush(&mut out))
    {
        Ok(()) => 0,
        Err(_) => 4,
    }
}

/// Under the memory limit an allocation may fail gracefully (zlib's `MemError`) and a
/// dependency then panics on it: once this process has come close to its limit, a crash
/// is put down to memory.
fn blame_memory(result: &mut Result<Vec<SheetRead>, ReadError>, limit: u64) {
    let memory = || ReadError::Limit {
        what: LimitKind::MemoryMb,
        found: limit,
        limit,
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

/// Has this process's address space come within 10% (at least 64 MB) of `limit_mb`?
#[cfg(target_os = "linux")]
fn near_memory_limit(limit_mb: u64) -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    let peak_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmPeak:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    let margin_mb = (limit_mb / 10).max(64);
    peak_kb.is_some_and(|kb| kb / 1024 + margin_mb >= limit_mb)
}

#[cfg(not(target_os = "linux"))]
fn near_memory_limit(_: u64) -> bool {
    false
}

/// Cap this process's address space (and turn off core dumps: an abort is expected on the
/// hostile files). Windows has no such limit; there the time limit still holds.
#[cfg(unix)]
fn limit_memory(mb: u64) {
    let bytes = mb.saturating_mul(1024 * 1024);
    let bytes = libc::rlim_t::try_from(bytes).unwrap_or(libc::RLIM_INFINITY);
    for (resource, value) in [(libc::RLIMIT_AS, bytes), (libc::RLIMIT_CORE, 0)] {
        let lim = libc::rlimit {
            rlim_cur: value,
            rlim_max: value,
        };
        // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
        unsafe {
            libc::setrlimit(resource, &lim);
        }
    }
}

#[cfg(not(unix))]
fn limit_memory(_: u64) {}
