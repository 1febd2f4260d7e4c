//! Typed records and the value rules of SPEC §4.

pub(crate) mod dates;
pub(crate) mod idcard;
pub(crate) mod parse;
pub(crate) mod record;
pub(crate) mod rows;
#[cfg(test)]
pub(crate) mod test_records;
pub mod values;
