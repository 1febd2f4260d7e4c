//! The integration tests: one binary with a module per area (as ripgrep and mdBook do), so
//! that a clean `cargo test` links one test executable instead of one per file. Each module
//! writes small workbooks, runs the real binary (`CARGO_BIN_EXE_gridreport`) or calls the
//! library, and reads the outputs back; helpers are under `common/`.
//!
//! All tests share one process: none may change its environment or current directory (pass
//! variables to the child `Command` instead).
//!
//! Run one area with `cargo test --test it build::`, one test by name, and the ignored
//! benchmarks with e.g. `cargo test --release --test it -- --ignored --nocapture watch_perf`.

/// The binary's allocator, so that the figures of `watch_perf` are those of
/// `gridreport watch` (one allocator per binary: every module here runs on it).
#[cfg(unix)]
#[global_allocator]
static GLOBAL: gridreport::alloc::Allocator = gridreport::alloc::Allocator;

mod common;

mod atomic;
mod build;
mod dist_files;
mod fuzz_read;
mod help;
mod history;
mod hostile;
mod html;
mod mail;
mod manual;
mod rollup;
mod sample;
mod sample_build;
mod security;
mod template;
mod watch;
mod watch_perf;
mod workflow;
mod xlsx;
mod xlsx_epoch;
