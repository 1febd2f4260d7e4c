//! Typed records and the value rules of SPEC §4.

pub mod dates;
pub mod idcard;
pub mod values;
