//! `summary.json`.

use crate::stats::Summary;

/// The exact bytes of `summary.json`: pretty-printed, with a final newline.
pub fn to_json(summary: &Summary) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(summary).unwrap_or_default();
    out.push(b'\n');
    out
}
