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
            eprintln!("timing {phase} {:.3}", t.elapsed().as_secs_f64());
        }
    }
}
