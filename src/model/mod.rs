//! Typed records and the value rules of SPEC §4.

pub mod parse;
pub mod record;
pub mod values;
