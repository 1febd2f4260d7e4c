//! Merging (SPEC §5): communities, duplicates by key, and the community structure.

pub mod community;
pub mod config_names;
pub mod dedupe;
pub mod structure;
