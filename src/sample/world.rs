//! What the generator "knows" is true of the district: its communities, big grids,
//! buildings, households, staff, daily reports and isolation, and the dates of the story.
//! The books (workbooks) are views of it; the expected figures are computed from it.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use super::rng::Rng;

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => NaiveDate::MIN,
    }
}

/// The latest report date, and so the `as_of` of the report.
pub const AS_OF: NaiveDate = date(2020, 3, 4);

/// First day of the daily reports (the day home isolation started in Huicheng).
pub const DAILY_START: NaiveDate = date(2020, 1, 24);

pub const DAILY_DAYS: u64 = 41;

/// The `as_of` of the district `n` days later (`--day N`).
pub fn as_of_day(n: u32) -> NaiveDate {
    AS_OF
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(AS_OF)
}

pub fn day(offset: u64) -> NaiveDate {
    DAILY_START
        .checked_add_days(Days::new(offset))
        .unwrap_or(DAILY_START)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compound {
    Gated,
    Unmanaged,
    Other,
}

/// How a community's office keeps its books (header spellings, dates, codes, layout).
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Which of the four header spellings (SPEC §3 aliases) the community uses.
    pub headers: usize,
    /// 0: date cells yyyy-mm-dd, 1: date cells yyyy/m/d, 2: text 2020/2/3, 3: text 2020年2月3日.
    pub dates: usize,
    /// 0: big grids as numbers 1, 2 …; 1: 第1网格; 2: 网格01.
    pub grid_codes: usize,
    /// Registers in one workbook with a sheet per big grid instead of a file per big grid.
    pub one_register: bool,
    /// A 序号 column in front (ignored by the reader: `column_ignored`).
    pub serial: bool,
    /// Title row above the header, merged across.
    pub title: bool,
    /// A merged group-header row between title and header.
    pub groups: bool,
    /// Staff in one sheet rather than one sheet per group.
    pub one_roster_sheet: bool,
}

impl Style {
    pub(super) fn of(idx: usize) -> Style {
        Style {
            headers: idx % 4,
            dates: match idx % 7 {
                3 => 2,
                5 if idx != 5 => 3,
                6 => 1,
                _ => 0,
            },
            grid_codes: idx % 3,
            one_register: idx % 6 == 4,
            serial: idx % 5 == 1,
            title: idx % 8 != 7,
            groups: idx % 4 == 2,
            one_roster_sheet: idx % 3 == 1,
        }
    }

    pub fn gated_text(self, idx: usize) -> &'static str {
        ["封闭式小区", "封闭小区", "有物业"][idx % 3]
    }

    pub fn unmanaged_text(self, idx: usize) -> &'static str {
        ["无物业管理", "无物业", "开放式小区", "无物业小区"][idx % 4]
    }
}

pub struct Grid {
    pub code: String,
}

pub struct Building {
    pub code: String,
    pub grid: usize,
    pub class: Compound,
    /// Households `first..first + len` of the community.
    pub first: usize,
    pub len: usize,
}

pub struct Household {
    pub id: String,
    pub grid: usize,
    pub building: usize,
    pub members: u32,
    pub head: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    /// The compound text as written (class from `Building`).
    pub compound: &'static str,
    /// The effective screening date (None when not written or written invalid/in the future).
    pub screened_on: Option<NaiveDate>,
}

pub struct Community {
    pub idx: usize,
    pub name: &'static str,
    pub short: String,
    pub style: Style,
    pub grids: Vec<Grid>,
    pub buildings: Vec<Building>,
    pub households: Vec<Household>,
    pub staff: Vec<Staff>,
    pub daily: Vec<Daily>,
    pub isolation: Vec<Isolation>,
    /// Whether the community keeps a grid table (网格划分表).
    pub grid_table: bool,
    /// A building left out of the grid table (`not_in_grid_table`).
    pub grid_table_omit: Option<usize>,
    /// Days after the first report (`gridreport sample --day N`).
    pub day: u32,
    /// By that day the community has mended its seeded defects.
    pub fixed: bool,
}

impl Community {
    /// Which seeded defects the community's books carry: its own, or none once fixed.
    pub fn seeded(&self) -> usize {
        if self.fixed {
            usize::MAX
        } else {
            self.idx
        }
    }

    /// (big grid, building) pairs named by households, in order (a building may be under two).
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = self
            .households
            .iter()
            .map(|h| (h.grid, h.building))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

pub struct District {
    pub communities: Vec<Community>,
}

pub fn grid_code(style: Style, n: usize) -> String {
    match style.grid_codes {
        0 => n.to_string(),
        1 => format!("第{n}网格"),
        _ => format!("网格{n:02}"),
    }
}

/// A birth date such that the age in completed years on `AS_OF` is `age`.
pub fn birth_for_age(rng: &mut Rng, age: i32) -> NaiveDate {
    // Born between (AS_OF - (age+1) years + 1 day) and (AS_OF - age years).
    let latest =
        NaiveDate::from_ymd_opt(AS_OF.year() - age, AS_OF.month(), AS_OF.day()).unwrap_or(AS_OF);
    let back = rng.below(365);
    latest.checked_sub_days(Days::new(back)).unwrap_or(latest)
}

/// Age in completed years (周岁) on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut a = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        a -= 1;
    }
    a
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Worker,
    Informant,
    Cadre,
    Police,
    Volunteer,
    Other,
}

pub struct Staff {
    pub name: String,
    pub role: Role,
    pub role_text: &'static str,
    pub male: bool,
    pub birth: NaiveDate,
    pub id_number: String,
    pub phone: Option<String>,
    pub grid: Option<usize>,
    pub building: Option<usize>,
}

pub struct Isolation {
    pub name: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub start: NaiveDate,
    /// The end as written: a past release date, a planned (future) one, or none.
    pub end: Option<NaiveDate>,
    pub household: usize,
}

pub struct Daily {
    pub date: NaiveDate,
    pub grid: usize,
    pub visited: u32,
    pub arrivals: u32,
    pub isolated: u32,
    pub fever: u32,
    pub submitted: Option<NaiveDateTime>,
}
