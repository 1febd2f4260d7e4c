//! Records for unit tests: one builder per table kind with sensible defaults, named overrides
//! as methods, and the `Rows` view over them.
//!
//! A built record is what `model::parse` and the checks would make of a good row: its
//! community cell is text with its key, its codes are codes, and an id given with
//! [`Record::id`] is checked as the checks would (valid ids only are kept). Every record
//! is in file `a.xlsx`, sheet `S`, row 2 unless moved with [`Record::at`]; its fields are
//! in the columns of its kind's field order (households: community `A`, big grid `B`,
//! building `C`, household id `D`, members `E` … screened on `K`), so issues name cells.
//!
//! ```ignore
//! let rows = vec![
//!     household("城东社区", "1", "A1", "H1", 3).screened("2020-03-01").at("a.xlsx", 2),
//!     staff("城东社区", "赵一", Role::Worker).grid("1").female().at("b.xlsx", 2),
//! ];
//! let view = Rows::from(&rows[..]);
//! ```

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::record::{Loc, Record, SheetLoc};
use super::values::{community_key, Compound, Gender, IdCheck, Role};
use crate::vocab::cell::Cell;
use crate::vocab::tables::TableKind;

/// `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// `YYYY-MM-DD HH:MM`.
pub(crate) fn datetime(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The sheet of a test record: its kind's fields in their order, from column A.
pub(crate) fn sheet_loc(kind: TableKind, file: &str) -> Arc<SheetLoc> {
    Arc::new(SheetLoc {
        file: file.to_string(),
        sheet: "S".to_string(),
        columns: kind
            .fields()
            .iter()
            .enumerate()
            .map(|(i, &(f, _))| (f, i as u32))
            .collect(),
        date1904: false,
        serials_are_dates: true,
    })
}

fn record(kind: TableKind, community: &str) -> Record {
    let loc = Loc {
        sheet: sheet_loc(kind, "a.xlsx"),
        row: 2,
    };
    Record::new(kind, loc).community(community)
}

/// A household register row.
pub(crate) fn household(
    community: &str,
    big_grid: &str,
    building: &str,
    household_id: &str,
    members: u32,
) -> Record {
    let mut r = record(TableKind::Households, community)
        .grid(big_grid)
        .building(building);
    r.household_id = Some(household_id.to_string());
    r.members = Some(members);
    r
}

/// A staff roster row (no big grid, building, gender or age).
pub(crate) fn staff(community: &str, name: &str, role: Role) -> Record {
    let mut r = record(TableKind::Staff, community).named(name);
    r.role = Some(role);
    r
}

/// A daily report row (no counts, no submission time).
pub(crate) fn daily(community: &str, big_grid: &str, report_date: &str) -> Record {
    let mut r = record(TableKind::Daily, community).grid(big_grid);
    r.report_date = Some(date(report_date));
    r
}

/// An isolation row (no end).
pub(crate) fn isolation(community: &str, name: &str, start: &str) -> Record {
    let mut r = record(TableKind::Isolation, community).named(name);
    r.start = Some(date(start));
    r
}

/// A grid division row.
pub(crate) fn grid(community: &str, big_grid: &str, building: &str) -> Record {
    record(TableKind::Grids, community)
        .grid(big_grid)
        .building(building)
}

/// Named overrides of the builders.
impl Record {
    /// In `file`, at 1-based `row` (sheet `S`).
    pub(crate) fn at(mut self, file: &str, row: u32) -> Record {
        self.loc = Loc {
            sheet: sheet_loc(self.kind, file),
            row,
        };
        self
    }

    /// The community cell as text (its key is computed as §4 says); `""` for an empty cell.
    pub(crate) fn community(mut self, text: &str) -> Record {
        if text.is_empty() {
            self.community_text = None;
            self.community = None;
        } else {
            self.community_text = Some(text.to_string());
            self.community = Some(community_key(text));
        }
        self
    }

    pub(crate) fn grid(mut self, big_grid: &str) -> Record {
        self.big_grid = Some(big_grid.to_string());
        self
    }

    pub(crate) fn no_grid(mut self) -> Record {
        self.big_grid = None;
        self
    }

    pub(crate) fn building(mut self, building: &str) -> Record {
        self.building = Some(building.to_string());
        self
    }

    pub(crate) fn named(mut self, name: &str) -> Record {
        self.name = Some(name.to_string());
        self
    }

    pub(crate) fn members(mut self, n: u32) -> Record {
        self.members = Some(n);
        self
    }

    pub(crate) fn phone(mut self, phone: &str) -> Record {
        self.phone = Some(phone.to_string());
        self
    }

    pub(crate) fn compound(mut self, c: Compound) -> Record {
        self.compound = Some(c);
        self
    }

    pub(crate) fn screened(mut self, d: &str) -> Record {
        self.screened_on = Some(date(d));
        self
    }

    pub(crate) fn end(mut self, d: &str) -> Record {
        self.end = Some(date(d));
        self
    }

    pub(crate) fn male(mut self) -> Record {
        self.gender = Some(Gender::Male);
        self
    }

    pub(crate) fn female(mut self) -> Record {
        self.gender = Some(Gender::Female);
        self
    }

    pub(crate) fn born(mut self, d: &str) -> Record {
        self.birth_date = Some(date(d));
        self
    }

    pub(crate) fn age(mut self, years: u32) -> Record {
        self.age = Some(years);
        self
    }

    /// The id cell as text, and the id as the checks keep it (only a valid id; checked
    /// against a far `as_of`, so any real birth date passes).
    pub(crate) fn id(mut self, id: &str) -> Record {
        self.id_cell = Cell::Text(id.to_string());
        self.id = match super::idcard::id_number(&self.id_cell, date("2099-12-31")) {
            Some(v @ (IdCheck::Valid18 { .. } | IdCheck::Valid15 { .. })) => Some(v),
            _ => None,
        };
        self
    }

    /// The id cell as read, not yet checked (`check::ids` checks it).
    pub(crate) fn id_cell(mut self, cell: Cell) -> Record {
        self.id_cell = cell;
        self.id = None;
        self
    }

    /// `YYYY-MM-DD HH:MM`.
    pub(crate) fn submitted(mut self, at: &str) -> Record {
        self.submitted_at = Some(datetime(at));
        self
    }

    /// Households visited, new arrivals, under isolation, fever.
    pub(crate) fn counts(
        mut self,
        visited: u32,
        arrivals: u32,
        isolated: u32,
        fever: u32,
    ) -> Record {
        self.households_visited = Some(visited);
        self.new_arrivals = Some(arrivals);
        self.under_isolation = Some(isolated);
        self.fever = Some(fever);
        self
    }

    /// An error made the row unusable.
    pub(crate) fn excluded(mut self) -> Record {
        self.excluded = true;
        self
    }
}

/// Ids with a correct check digit (GB 11643): the 17 digits given, then the check character.
pub(crate) fn id_number(body17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body17}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rows::Rows;
    use crate::vocab::tables::Field;

    #[test]
    fn builders_make_good_rows_with_cells_in_field_order() {
        let rows = [
            household("城东社区", "1", "A1", "H1", 3).screened("2020-03-01"),
            staff("城东社区居委会", "赵一", Role::Worker).at("b.xlsx", 7),
            daily("城东", "1", "2020-03-01").submitted("2020-03-01 18:00"),
            isolation("城东社区", "甲", "2020-02-20").end("2020-03-05"),
            grid("城东社区", "1", "A1"),
        ];
        let view = Rows::from(&rows[..]);
        assert_eq!(view.len(), 5);
        assert!(view
            .iter()
            .all(|r| r.community.as_deref() == Some("城东") && !r.excluded));
        assert_eq!(rows[1].community_text.as_deref(), Some("城东社区居委会"));
        assert_eq!(
            rows[1].loc.place(crate::vocab::lang::Lang::En),
            "b.xlsx, sheet 'S', row 7"
        );
        let cols = &rows[0].loc.sheet.columns;
        assert_eq!((cols[&Field::Community], cols[&Field::ScreenedOn]), (0, 10));
        assert_eq!(rows[2].loc.sheet.columns[&Field::SubmittedAt], 7);
        // Ids: valid ones are kept, others only as the cell.
        let good = id_number("44070319800101123");
        assert_eq!(good, "440703198001011234");
        let s = staff("城东", "甲", Role::Worker).id(&good);
        assert_eq!(s.valid_id(), Some(good.as_str()));
        let s = staff("城东", "甲", Role::Worker).id("440703199001011230");
        assert_eq!(s.valid_id(), None);
        assert_eq!(s.id_cell, Cell::Text("440703199001011230".into()));
        assert!(household("", "1", "A1", "H1", 1).community.is_none());
    }
}
