//! Typed records and the value rules of SPEC §4.

pub mod dates;
pub mod idcard;
pub mod parse;
pub mod record;
pub mod rows;
#[cfg(test)]
pub(crate) mod test_records;
pub mod values;
