//! Walk INPUT recursively and list every file in SPEC §1 order.
// Implemented by the input-layer work: see `discover`.

use std::path::Path;

use super::FoundFile;

/// Every file under `input` (recursive), sorted by the bytes of its `/`-separated relative
/// path; hidden folders are not entered, symlinks listed as skipped, `gridreport.toml` left
/// out, and the folder `exclude` (OUT, when inside INPUT) not entered.
pub fn discover(input: &Path, exclude: Option<&Path>) -> Result<Vec<FoundFile>, String> {
    let _ = (input, exclude);
    Err("discover: not implemented yet".into())
}
