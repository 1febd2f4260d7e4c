//! Collect a sheet's non-empty cells sparsely, watch the cells limit while they come, and
//! lay them out at their absolute places only when the sheet is within the limit.

use super::{Cell, LimitKind, ReadError};

pub(crate) struct Cells {
    cells: Vec<(u32, u32, Cell)>,
    limit: u64,
    /// Non-empty cells pushed so far, repeats of one place included.
    pushed: u64,
    min_row: u32,
    max_row: u32,
    min_col: u32,
    max_col: u32,
}

impl Cells {
    pub(crate) fn new(limit: u64) -> Cells {
        Cells {
            cells: Vec::new(),
            limit,
            pushed: 0,
            min_row: u32::MAX,
            max_row: 0,
            min_col: u32::MAX,
            max_col: 0,
        }
    }

    /// Add one cell (0-based row and column). Empty cells are not kept. `Err` as soon as the
    /// non-empty cells pushed, or the bounding box of the used range, are over the limit: a sheet that
    /// names one place a million times is as big as one that names a million places.
    pub(crate) fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), ReadError> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        self.pushed += 1;
        if self.pushed > self.limit {
            return Err(self.over(self.pushed));
        }
        self.min_row = self.min_row.min(row);
        self.max_row = self.max_row.max(row);
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
        let found = self.bounding_box();
        if found > self.limit {
            return Err(self.over(found));
        }
        self.cells.push((row, col, cell));
        Ok(())
    }

    /// rows × cols of the used range.
    fn bounding_box(&self) -> u64 {
        if self.min_row == u32::MAX {
            return 0;
        }
        let rows = u64::from(self.max_row - self.min_row) + 1;
        let cols = u64::from(self.max_col - self.min_col) + 1;
        rows.saturating_mul(cols)
    }

    fn over(&self, found: u64) -> ReadError {
        ReadError::Limit {
            what: LimitKind::CellsPerSheet,
            found,
            limit: self.limit,
        }
    }

    /// The rows at absolute places (`rows[0]` is row 1, index 0 is column A), trailing empty
    /// cells and trailing empty rows cut. When a row would be padded from column A past the
    /// limit (data far to the right), that padded size is what is checked.
    pub(crate) fn into_rows(mut self) -> Result<Vec<Vec<Cell>>, ReadError> {
        if self.cells.is_empty() {
            return Ok(Vec::new());
        }
        // Stable: when a place occurs twice, the later cell wins. Workbooks list their
        // cells row by row, so the sort is mostly skipped.
        if !self.cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
            self.cells.sort_by_key(|&(r, c, _)| (r, c));
        }
        let mut last_col_per_row: Vec<(u32, u32)> = Vec::new();
        for &(r, c, _) in &self.cells {
            match last_col_per_row.last_mut() {
                Some((lr, lc)) if *lr == r => *lc = (*lc).max(c),
                _ => last_col_per_row.push((r, c)),
            }
        }
        let padded: u64 = last_col_per_row
            .iter()
            .map(|&(_, c)| u64::from(c) + 1)
            .sum();
        if padded > self.limit {
            return Err(self.over(padded));
        }
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); self.max_row as usize + 1];
        for &(r, last) in &last_col_per_row {
            rows[r as usize].resize(last as usize + 1, Cell::Empty);
        }
        for (r, c, cell) in self.cells {
            rows[r as usize][c as usize] = cell;
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_places_and_limits() {
        let mut cells = Cells::new(100);
        cells.push(4, 2, Cell::Number(1.0)).unwrap();
        cells.push(5, 3, Cell::Text("x".into())).unwrap();
        cells.push(5, 9, Cell::Empty).unwrap();
        cells.push(4, 2, Cell::Number(2.0)).unwrap();
        let rows = cells.into_rows().unwrap();
        assert_eq!(rows.len(), 6);
        assert!(rows[..4].iter().all(Vec::is_empty));
        assert_eq!(rows[4], vec![Cell::Empty, Cell::Empty, Cell::Number(2.0)]);
        assert_eq!(
            rows[5],
            vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text("x".into())
            ]
        );

        let mut cells = Cells::new(100);
        cells.push(0, 0, Cell::Bool(true)).unwrap();
        let err = cells.push(10, 10, Cell::Bool(true)).unwrap_err();
        assert_eq!(
            err,
            ReadError::Limit {
                what: LimitKind::CellsPerSheet,
                found: 121,
                limit: 100
            }
        );

        let mut cells = Cells::new(100);
        cells.push(0, 1000, Cell::Bool(true)).unwrap();
        assert!(matches!(
            cells.into_rows(),
            Err(ReadError::Limit { found: 1001, .. })
        ));
        assert_eq!(Cells::new(1).into_rows().unwrap(), Vec::<Vec<Cell>>::new());

        // The same place over and over counts every time.
        let mut cells = Cells::new(100);
        let mut outcome = Ok(());
        for _ in 0..101 {
            outcome = outcome.and_then(|()| cells.push(3, 3, Cell::Number(1.0)));
        }
        assert!(matches!(outcome, Err(ReadError::Limit { found: 101, .. })));
    }
}
