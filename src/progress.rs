//! Progress on stderr: one bar per phase (reading N files, checking, writing), shown only when
//! stderr is a terminal and `--quiet` is not given. Nothing here reaches an output file.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::vocab::lang::Lang;

/// The phases of one run, drawn one after the other on stderr.
pub struct Progress {
    shown: bool,
    lang: Lang,
    bar: ProgressBar,
}

impl Progress {
    /// Bars when stderr is a terminal and not `quiet`; otherwise nothing is drawn.
    pub fn new(quiet: bool, lang: Lang) -> Progress {
        Progress::with(!quiet && std::io::stderr().is_terminal(), lang)
    }

    /// Never draws anything.
    pub fn hidden() -> Progress {
        Progress::with(false, Lang::En)
    }

    fn with(shown: bool, lang: Lang) -> Progress {
        Progress {
            shown,
            lang,
            bar: ProgressBar::hidden(),
        }
    }

    /// Start the reading phase over `files` files; `tick` after each.
    pub fn reading(&mut self, files: u64) {
        self.next(Some(files), self.lang.pick("读取文件", "reading files"));
    }

    pub fn tick(&self) {
        self.bar.inc(1);
    }

    pub fn checking(&mut self) {
        self.next(None, self.lang.pick("检查与合并", "checking"));
    }

    pub fn writing(&mut self) {
        self.next(None, self.lang.pick("写出报告", "writing the report"));
    }

    /// Clear the last bar (before the summary line is printed).
    pub fn done(&mut self) {
        self.bar.finish_and_clear();
        self.bar = ProgressBar::hidden();
    }

    fn next(&mut self, len: Option<u64>, message: &'static str) {
        self.bar.finish_and_clear();
        if !self.shown {
            return;
        }
        let bar = match len {
            Some(n) => {
                let b = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
                if let Ok(style) =
                    ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} {elapsed}")
                {
                    b.set_style(style.progress_chars("=> "));
                }
                b
            }
            None => {
                let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                    b.set_style(style);
                }
                b.enable_steady_tick(Duration::from_millis(120));
                b
            }
        };
        bar.set_message(message);
        self.bar = bar;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
