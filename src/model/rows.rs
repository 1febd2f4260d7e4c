//! All the rows of a run, file by file, without copying them into one list.
//!
//! Each file's rows stay where reading (or the `watch` cache) put them; a row is named by a
//! `RowId` that sorts in processing order (file, then row), so "the first row of a key" and
//! "rows in processing order" keep their SPEC §5 meaning.

use std::ops::Index;

use super::record::Record;

/// A row's place among all rows: its file's position in the run (high 32 bits) and its
/// position in that file's rows (low 32 bits). Ordered as the rows were processed.
pub type RowId = usize;

const SHIFT: u32 = 32;
const LOW: usize = (1 << SHIFT) - 1;

/// The rows of every file of a run, in processing order.
#[derive(Clone, Debug, Default)]
pub struct Rows<'a> {
    files: Vec<&'a [Record]>,
    len: usize,
}

impl<'a> Rows<'a> {
    /// The rows of these files, in this order.
    pub fn new(files: Vec<&'a [Record]>) -> Rows<'a> {
        let len = files.iter().map(|f| f.len()).sum();
        Rows { files, len }
    }

    /// How many rows there are in all.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every row, in processing order.
    pub fn iter(&self) -> RowsIter<'a, '_> {
        self.files.iter().copied().flatten()
    }

    /// Every row with its `RowId`, in processing order.
    pub fn indexed(&self) -> impl Iterator<Item = (RowId, &'a Record)> + '_ {
        self.files.iter().enumerate().flat_map(|(f, rows)| {
            rows.iter()
                .enumerate()
                .map(move |(i, r)| ((f << SHIFT) | i, r))
        })
    }
}

pub type RowsIter<'a, 'b> =
    std::iter::Flatten<std::iter::Copied<std::slice::Iter<'b, &'a [Record]>>>;

impl<'a> From<&'a [Record]> for Rows<'a> {
    fn from(rows: &'a [Record]) -> Rows<'a> {
        Rows::new(vec![rows])
    }
}

impl<'a> Index<RowId> for Rows<'a> {
    type Output = Record;

    fn index(&self, id: RowId) -> &Record {
        &self.files[id >> SHIFT][id & LOW]
    }
}

impl<'a, 'b> IntoIterator for &'b Rows<'a> {
    type Item = &'a Record;
    type IntoIter = RowsIter<'a, 'b>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::record::{Loc, SheetLoc};
    use crate::vocab::tables::TableKind;

    fn rec(row: u32) -> Record {
        let sheet = Arc::new(SheetLoc {
            file: "a.xlsx".into(),
            sheet: "S".into(),
            columns: Default::default(),
            date1904: false,
            serials_are_dates: true,
        });
        Record::new(TableKind::Households, Loc { sheet, row })
    }

    #[test]
    fn ids_name_rows_across_files_in_processing_order() {
        let a = [rec(2), rec(3)];
        let b: Vec<Record> = vec![];
        let c = [rec(7)];
        let rows = Rows::new(vec![&a[..], &b[..], &c[..]]);
        assert_eq!(rows.len(), 3);
        let seen: Vec<(RowId, u32)> = rows.indexed().map(|(i, r)| (i, r.loc.row)).collect();
        assert_eq!(seen.iter().map(|s| s.1).collect::<Vec<_>>(), [2, 3, 7]);
        let ids: Vec<RowId> = seen.iter().map(|s| s.0).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "ids sort in processing order"
        );
        for (id, row) in seen {
            assert_eq!(rows[id].loc.row, row);
        }
        assert_eq!(rows.iter().count(), 3);
        assert_eq!((&rows).into_iter().map(|r| r.loc.row).sum::<u32>(), 12);
    }
}
