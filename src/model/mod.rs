//! Typed records and the value rules of SPEC §4.

pub mod values;
