//! Which community each seeded defect is planted in (SPEC §4–§5 rules, one community each).

pub const SMALL_GRID: usize = 1; // 城南: big_grid_size
pub const SPLIT_BUILDING: usize = 2; // 城西: building_multiple_grids, footer_skipped
pub const GRID_TABLE_GAP: usize = 3; // 城北: not_in_grid_table
pub const GENDER_MISMATCH: usize = 4; // 城中 (also an extra 政治面貌 column)
pub const STORY: usize = 5; // 贤洲: 曾先生一家, daily_duplicate, 居委会 spelling
pub const BIRTH_MISMATCH: usize = 6; // 冈州
pub const SCREENED_INVALID: usize = 7; // 同德 (also a notes sheet)
pub const SCREENED_FUTURE: usize = 8; // 仁寿
pub const ROLE_UNKNOWN: usize = 9; // 紫华
pub const ISOLATION_SHORT: usize = 10; // 象山
pub const GBK_CSV: usize = 11; // 今古洲
pub const ISOLATION_OVERDUE: usize = 12; // 圭峰
pub const ID_INVALID: usize = 13; // 东甲
pub const ID_AS_NUMBER: usize = 14; // 葵湖
pub const PHONE_INVALID: usize = 15; // 江湾
pub const COLUMN_DUP: usize = 16; // 南庚
pub const CONFLICT: usize = 17; // 西甲
pub const STAFF_CONFLICT: usize = 18; // 中心
pub const UNKNOWN_GRID: usize = 19; // 振兴

/// The household that value defects are planted on.
pub const TARGET_HOUSEHOLD: usize = 5;

/// `gridreport sample --day N`: the communities that have mended their seeded defects by
/// then, and the one with a new mistake (城东: a phone number with a digit missing).
pub const FIXED_BY_DAY_N: [usize; 3] = [SCREENED_INVALID, ID_INVALID, PHONE_INVALID];
pub const NEW_DEFECT: usize = 0;
