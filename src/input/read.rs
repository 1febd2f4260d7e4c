//! Read one file into sheets of cells, by its content (SPEC §1).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::delimited::read_delimited;
use super::quietly::quietly;
use super::sniff::{sniff, Content};
use super::workbook::read_workbook;
use super::{guard_ole, guard_zip};
use super::{FoundFile, LimitKind, ReadError, SheetRead};
use crate::config::Limits;

const MB: u64 = 1024 * 1024;

/// Read every sheet of a spreadsheet file in this process, on this thread's reader
/// thread, given up after `max_seconds_per_file`. `Err` when the file as a whole cannot be
/// read. (The binary reads in child processes, `crate::reading::child`, where a file that
/// runs too long is killed; this is the reading of the library and the fallback.)
pub fn read_file(file: &FoundFile, limits: &Limits) -> Result<Vec<SheetRead>, ReadError> {
    let started = Instant::now();
    let result = watched(file.path.clone(), file_stem(&file.rel_path), limits.clone());
    log_time(started, file);
    result
}

/// Read every sheet of a file on this thread, with no time limit of its own (a reading
/// child, whose parent keeps the time).
pub fn read_now(file: &FoundFile, limits: &Limits) -> Result<Vec<SheetRead>, ReadError> {
    let started = Instant::now();
    let result = read_here(&file.path, &file_stem(&file.rel_path), limits);
    log_time(started, file);
    result
}

fn log_time(started: Instant, file: &FoundFile) {
    if std::env::var_os("GRIDREPORT_READ_TIMES").is_some() {
        eprintln!(
            "read-time\t{}\t{}",
            started.elapsed().as_millis(),
            file.rel_path
        );
    }
}

/// `read_here` on this thread's reader thread, given up after `max_seconds_per_file`. A
/// reader that does not answer in time cannot be stopped: it is left to run on in the
/// background until it ends or the process does, and the next file gets a new reader.
fn watched(path: PathBuf, stem: String, limits: Limits) -> Result<Vec<SheetRead>, ReadError> {
    let seconds = limits.max_seconds_per_file;
    let (tx, rx) = mpsc::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(read_here(&path, &stem, &limits));
    });
    if !reader::run(job) {
        return Err(ReadError::Crashed("no thread could be started".into()));
    }
    match rx.recv_timeout(Duration::from_secs(seconds)) {
        Ok(result) => result,
        Err(e) => {
            reader::abandon();
            Err(match e {
                RecvTimeoutError::Timeout => ReadError::Limit {
                    what: LimitKind::SecondsPerFile,
                    found: seconds,
                    limit: seconds,
                },
                RecvTimeoutError::Disconnected => {
                    ReadError::Crashed("the reader stopped without an answer".into())
                }
            })
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// One long-lived reader thread per calling thread. A thread per file cost a fifth of the
/// reading time (fresh stacks and allocator heaps for every file).
mod reader {
    use std::cell::RefCell;
    use std::sync::mpsc::{self, Sender};

    use super::Job;

    thread_local! {
        static READER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
    }

    /// Hand `job` to this thread's reader, starting one if needed; false when no thread
    /// could be started.
    pub fn run(job: Job) -> bool {
        let mut job = job;
        // A second try when the reader has gone away (it only stops when a job panicked).
        for _ in 0..2 {
            let Some(sender) = sender() else {
                return false;
            };
            match sender.send(job) {
                Ok(()) => return true,
                Err(back) => {
                    abandon();
                    job = back.0;
                }
            }
        }
        false
    }

    /// Forget this thread's reader (it did not answer in time): the next job gets a new one.
    pub fn abandon() {
        READER.with(|r| r.borrow_mut().take());
    }

    fn sender() -> Option<Sender<Job>> {
        READER.with(|r| {
            let mut r = r.borrow_mut();
            if r.is_none() {
                let (tx, rx) = mpsc::channel::<Job>();
                std::thread::Builder::new()
                    .name("gridreport-read".into())
                    .spawn(move || {
                        for job in rx {
                            job();
                        }
                    })
                    .ok()?;
                *r = Some(tx);
            }
            r.clone()
        })
    }
}

/// Read a file here, in this process: size limit, format by content, the guards that catch
/// what would make calamine allocate without bound, then the reader (its panics caught).
pub(crate) fn read_here(
    path: &Path,
    stem: &str,
    limits: &Limits,
) -> Result<Vec<SheetRead>, ReadError> {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    // Only regular files are opened: a FIFO would block the open, a device never end.
    if !meta.is_file() {
        return Err(ReadError::Io("not a regular file".into()));
    }
    if meta.len() > limits.max_file_mb.saturating_mul(MB) {
        return Err(ReadError::Limit {
            what: LimitKind::FileMb,
            found: meta.len().div_ceil(MB),
            limit: limits.max_file_mb,
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let content = sniff(&bytes, limits.max_uncompressed_mb)?;
    let max_cells = limits.max_cells_per_sheet;
    quietly(move || match content {
        Content::Text => read_delimited(&bytes, stem, max_cells),
        Content::Xlsx => {
            guard_zip::check_shared_strings(&bytes)?;
            read_workbook(bytes, content, max_cells)
        }
        Content::Xls => {
            guard_ole::check(&bytes, max_cells)?;
            read_workbook(bytes, content, max_cells)
        }
        _ => read_workbook(bytes, content, max_cells),
    })
    .unwrap_or_else(|msg| Err(ReadError::Crashed(msg)))
}

/// The file name without folders and without its extension.
fn file_stem(rel_path: &str) -> String {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

fn io_error(e: std::io::Error) -> ReadError {
    if e.kind() == ErrorKind::OutOfMemory {
        // Under the child's memory cap: `isolate` puts it down to the limit.
        return ReadError::Crashed("out of memory".into());
    }
    ReadError::Io(match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::NotFound => "the file is no longer there".to_string(),
        _ => e.to_string(),
    })
}

#[cfg(test)]
mod tests;
