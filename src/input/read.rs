//! Read one file into sheets of cells, by its content (SPEC §1).
// Implemented by the input-layer work: see `read_file`.

use super::{FoundFile, ReadError, SheetRead};
use crate::config::Limits;

/// Read every sheet of a spreadsheet file. `Err` when the file as a whole cannot be read.
pub fn read_file(file: &FoundFile, limits: &Limits) -> Result<Vec<SheetRead>, ReadError> {
    let _ = (file, limits);
    Err(ReadError::Io("read_file: not implemented yet".into()))
}
