//! A reader's panics caught and turned into an error for that one file or sheet, without the
//! default panic message on stderr.

use std::cell::Cell as Flag;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs a reader: its panics are caught and reported, not printed.
    static QUIET: Flag<bool> = const { Flag::new(false) };
}

static HOOK: Once = Once::new();

/// Run `f`, turning a panic into `Err(message)`. The default panic message is not printed
/// for panics on this thread while `f` runs; other threads' panics print as before.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Flag::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".to_string());
        let what: String = what.chars().take(160).collect();
        format!("internal error in the spreadsheet reader: {what}")
    })
}
