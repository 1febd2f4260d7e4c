//! How a community writes its cells: dates in its own style, grid codes as numbers or text,
//! the household register's fields.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::book::Cell;
use super::world::{Community, Household};

pub fn date_cell(c: &Community, d: NaiveDate) -> Cell {
    match c.style.dates {
        2 => Cell::text(format!("{}/{}/{}", d.year(), d.month(), d.day())),
        3 => Cell::text(format!("{}年{}月{}日", d.year(), d.month(), d.day())),
        _ => Cell::Date(d),
    }
}

pub fn datetime_cell(c: &Community, t: NaiveDateTime) -> Cell {
    match c.style.dates {
        2 | 3 => match date_cell(c, t.date()) {
            Cell::Text(d) => Cell::text(format!("{d} {}", t.format("%H:%M"))),
            other => other,
        },
        _ => Cell::DateTime(t),
    }
}

pub fn grid_cell(c: &Community, grid: usize) -> Cell {
    let code = c
        .grids
        .get(grid)
        .map(|g| g.code.clone())
        .unwrap_or_default();
    match code.parse::<f64>() {
        Ok(x) if c.style.grid_codes == 0 => Cell::Num(x),
        _ => Cell::Text(code),
    }
}

pub fn household_cell(c: &Community, h: &Household, field: &str) -> Cell {
    match field {
        "community" => Cell::text(c.name),
        "big_grid" => grid_cell(c, h.grid),
        "building" => Cell::text(
            c.buildings
                .get(h.building)
                .map(|b| b.code.as_str())
                .unwrap_or(""),
        ),
        "household_id" => Cell::text(h.id.clone()),
        "members" if c.idx % 5 == 3 => Cell::text(format!("{}人", h.members)),
        "members" => Cell::Num(f64::from(h.members)),
        "head_name" => Cell::text(h.head.clone()),
        "id_number" => Cell::text(h.id_number.clone()),
        "phone" => Cell::text(h.phone.clone()),
        "address" => Cell::text(h.address.clone()),
        "compound" => Cell::text(h.compound),
        "screened_on" => h
            .screened_on
            .map(|d| date_cell(c, d))
            .unwrap_or(Cell::Empty),
        _ => Cell::Empty,
    }
}
