//! The vocabulary every stage shares: languages, cells, table kinds and fields, rules and
//! issues, and text for terminals. It imports nothing of the crate.

pub(crate) mod cell;
pub mod issue;
pub mod lang;
pub(crate) mod normalize;
pub mod rules;
pub mod tables;
pub mod text;
pub(crate) mod write_error;
