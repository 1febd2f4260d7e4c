//! Phase timings on stderr for benchmarks, only when `GRIDREPORT_TIMINGS` is set. Never in
//! any output file.

use std::time::Instant;

pub struct Timer(Option<Instant>);

impl Timer {
    pub fn start() -> Timer {
        Timer(std::env::var_os("GRIDREPORT_TIMINGS").map(|_| Instant::now()))
    }

    /// Print `timing PHASE SECONDS` when timings are on.
    pub fn done(self, phase: &str) {
        if let Some(t) = self.0 {
            eprintln!(
                "timing {phase} {:.3} rss_mb {}",
                t.elapsed().as_secs_f64(),
                rss_mb()
            );
        }
    }
}

/// The resident set size now, in MB (Linux; 0 elsewhere).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}
