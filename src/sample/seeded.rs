//! The seeded defects: where each warning, info and error of SPEC §4–§5 is planted.
//! Defects that change what is true (a screening date that cannot be read) are applied to
//! the model, so the expected figures follow; the rest only change what is written.

use super::book::{Book, Cell, Sheet};
use super::cells::household_cell;
use super::defects::*;
use super::people::check_char;
use super::world::Role;
use super::world::{grid_code, Community};
use chrono::{Datelike, Days, NaiveDate};

pub struct Seeded {
    pub rule: &'static str,
    pub severity: &'static str,
    pub community: usize,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub note: String,
}

#[derive(Default)]
pub struct Log(pub Vec<Seeded>);

impl Log {
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        rule: &'static str,
        severity: &'static str,
        c: usize,
        file: &str,
        sheet: &str,
        cell: String,
        note: impl Into<String>,
    ) {
        self.0.push(Seeded {
            rule,
            severity,
            community: c,
            file: file.to_string(),
            sheet: sheet.to_string(),
            cell,
            note: note.into(),
        });
    }

    /// Rows excluded by errors in community `c`.
    pub fn excluded(&self, c: usize) -> usize {
        self.0
            .iter()
            .filter(|s| s.community == c && s.severity == "error")
            .count()
    }
}

/// Model-level shaping, right after the households are built.
pub fn shape_structure(c: &mut Community) {
    match c.seeded() {
        SPLIT_BUILDING if c.grids.len() > 1 => {
            // The last building of big grid 1 has its last household under big grid 2.
            if let Some(b) = c.buildings.iter().rposition(|b| b.grid == 0 && b.len > 1) {
                let last = c.buildings[b].first + c.buildings[b].len - 1;
                if let Some(h) = c.households.get_mut(last) {
                    h.grid = 1;
                }
            }
        }
        GRID_TABLE_GAP => {
            c.grid_table = true;
            c.grid_table_omit = c
                .buildings
                .iter()
                .enumerate()
                .filter(|(_, b)| b.grid == 0)
                .min_by_key(|(i, b)| (b.len, *i))
                .map(|(i, _)| i);
        }
        SCREENED_INVALID | SCREENED_FUTURE => {
            if let Some(h) = c.households.get_mut(TARGET_HOUSEHOLD) {
                h.screened_on = None; // written unreadable / in the future: treated as missing
            }
        }
        _ => {}
    }
}

/// An id with the sex digit flipped (`male`) or the birth year moved back four years.
fn altered_id(id: &str, flip_sex: bool) -> String {
    let mut b: Vec<u8> = id.as_bytes().to_vec();
    if b.len() != 18 {
        return id.to_string();
    }
    if flip_sex {
        b[16] = b'0' + (b[16] - b'0' + 1) % 10;
    } else {
        let year: u32 = id[6..10].parse().unwrap_or(1980) - 4;
        b[6..10].copy_from_slice(format!("{year:04}").as_bytes());
    }
    b[17] = check_char(&b[..17]) as u8;
    String::from_utf8_lossy(&b).into_owned()
}

pub fn register(c: &Community, g: usize, s: &mut Sheet, file: &str, log: &mut Log) {
    let sheet = s.name.clone();
    let target = s.row_of(TARGET_HOUSEHOLD);
    let h = |hi: usize| c.households.get(hi);
    match (c.seeded(), g, target) {
        (0, 4, _) => {
            for r in 0..s.rows.len() {
                s.set(r, "community", Cell::text(c.short.clone()));
            }
            log.add(
                "community_merged",
                "info",
                c.idx,
                file,
                &sheet,
                "-".into(),
                "community written `城东` in this whole register; merged into 城东社区",
            );
        }
        (0, 2, _) => {
            let r = s.push_copy(10.min(s.rows.len().saturating_sub(1)));
            log.add(
                "duplicate_row",
                "info",
                c.idx,
                file,
                &sheet,
                s.cell_ref(r, "household_id"),
                "identical copy of an earlier row of this register (counted once)",
            );
        }
        (SMALL_GRID, 0, _) => {
            let r = s.push_copy(0);
            s.set(r, "household_id", Cell::text("9001-101"));
            let cell = s.set(r, "members", Cell::Empty);
            log.add(
                "required_missing",
                "error",
                c.idx,
                file,
                &sheet,
                cell,
                "extra household row without 人数 (excluded)",
            );
        }
        (GRID_TABLE_GAP, 1, _) => {
            let r = s.push_copy(3.min(s.rows.len().saturating_sub(1)));
            s.set(r, "household_id", Cell::text("9001-102"));
            let cell = s.set(r, "members", Cell::text("不详"));
            log.add(
                "value_invalid",
                "error",
                c.idx,
                file,
                &sheet,
                cell,
                "extra household row with 人数 `不详` (excluded)",
            );
        }
        (SCREENED_INVALID, _, Some(r)) => {
            let cell = s.set(r, "screened_on", Cell::text("待查"));
            log.add(
                "value_invalid",
                "warning",
                c.idx,
                file,
                &sheet,
                cell,
                "排查日期 `待查` is not a date (household counts as not screened)",
            );
        }
        (SCREENED_FUTURE, _, Some(r)) => {
            let d = NaiveDate::from_ymd_opt(2020, 3, 14)
                .map(Cell::Date)
                .unwrap_or(Cell::Empty);
            let cell = s.set(r, "screened_on", d);
            log.add(
                "date_in_future",
                "warning",
                c.idx,
                file,
                &sheet,
                cell,
                "排查日期 2020-03-14 is after as_of (household counts as not screened)",
            );
        }
        (ID_INVALID, _, Some(r)) => {
            if let Some(hh) = h(TARGET_HOUSEHOLD) {
                let mut id = hh.id_number.clone();
                let wrong = if id.ends_with('0') { '1' } else { '0' };
                id.pop();
                id.push(wrong);
                let cell = s.set(r, "id_number", Cell::text(id));
                log.add(
                    "id_number_invalid",
                    "warning",
                    c.idx,
                    file,
                    &sheet,
                    cell,
                    "户主身份证号 with a wrong check digit",
                );
            }
        }
        (ID_AS_NUMBER, _, Some(r)) => {
            if let Some(hh) = h(TARGET_HOUSEHOLD) {
                let x: f64 = hh.id_number[..17].parse().unwrap_or(0.0) * 10.0;
                let cell = s.set(r, "id_number", Cell::Num(x));
                log.add(
                    "id_number_as_number",
                    "warning",
                    c.idx,
                    file,
                    &sheet,
                    cell,
                    "身份证号 typed as a number (Excel kept 15 digits)",
                );
            }
        }
        (PHONE_INVALID, _, Some(r)) => {
            if let Some(hh) = h(TARGET_HOUSEHOLD) {
                let cell = s.set(r, "phone", Cell::text(hh.phone[..9].to_string()));
                log.add(
                    "phone_invalid",
                    "warning",
                    c.idx,
                    file,
                    &sheet,
                    cell,
                    "联系电话 with 9 digits",
                );
            }
        }
        (COLUMN_DUP, 0, _) => {
            s.fields.push("phone2");
            s.headers.push("手机号码".into());
            for (r, hi) in s.src.clone().into_iter().enumerate() {
                let v = h(hi)
                    .map(|x| Cell::text(x.phone.clone()))
                    .unwrap_or(Cell::Empty);
                if let Some(row) = s.rows.get_mut(r) {
                    row.push(v);
                }
            }
            log.add(
                "column_duplicate",
                "warning",
                c.idx,
                file,
                &sheet,
                s.header_ref("phone2"),
                "a second phone column 手机号码 beside 联系电话 (not read)",
            );
        }
        (CONFLICT, 1, _) => {
            if let Some(hh) = h(8) {
                let mut row: Vec<Cell> = s
                    .fields
                    .iter()
                    .map(|f| {
                        if f.is_empty() {
                            Cell::Num((s.rows.len() + 1) as f64)
                        } else {
                            household_cell(c, hh, f)
                        }
                    })
                    .collect();
                if let Some(p) = s.col("phone") {
                    let other = format!("139{}", &hh.phone[3..]);
                    row[p] = Cell::text(if other == hh.phone {
                        format!("138{}", &hh.phone[3..])
                    } else {
                        other
                    });
                }
                s.rows.push(row);
                s.src.push(8);
                let r = s.rows.len() - 1;
                log.add("household_conflict", "warning", c.idx, file, &sheet, s.cell_ref(r, "household_id"), "a household of big grid 1 listed again here with another phone (first row wins)");
            }
        }
        _ => {}
    }
    if c.day > 0 && c.idx == NEW_DEFECT && s.col("phone").is_some() {
        if let (Some(r), Some(hh)) = (s.row_of(TARGET_HOUSEHOLD + 1), h(TARGET_HOUSEHOLD + 1)) {
            let cell = s.set(r, "phone", Cell::text(hh.phone[..10].to_string()));
            log.add(
                "phone_invalid",
                "warning",
                c.idx,
                file,
                &sheet,
                cell,
                "new since day 0: 联系电话 with 10 digits",
            );
        }
    }
    if c.seeded() == SPLIT_BUILDING {
        if let Some(r) = s.src.iter().position(|&hi| {
            h(hi).is_some_and(|x| {
                c.buildings
                    .get(x.building)
                    .is_some_and(|b| b.grid != x.grid)
            })
        }) {
            log.add(
                "building_multiple_grids",
                "warning",
                c.idx,
                file,
                &sheet,
                s.cell_ref(r, "building"),
                "a building of big grid 1 with one household under big grid 2",
            );
        }
        let sum: u32 = s
            .src
            .iter()
            .filter_map(|&hi| h(hi))
            .map(|x| x.members)
            .sum();
        let mut footer = vec![Cell::Empty; s.fields.len()];
        footer[0] = Cell::text("合计");
        if let Some(m) = s.col("members") {
            footer[m] = Cell::Num(f64::from(sum));
        }
        s.footer.push(footer);
        if g == 0 {
            let cell = format!("A{}", s.header_row() + s.rows.len() + 2);
            log.add(
                "footer_skipped",
                "info",
                c.idx,
                file,
                &sheet,
                cell,
                "合计 row under every register of this community",
            );
        }
    }
    if let (GRID_TABLE_GAP, Some(omit)) = (c.seeded(), c.grid_table_omit) {
        let rows: Vec<usize> = (0..s.rows.len())
            .filter(|&r| {
                s.src
                    .get(r)
                    .and_then(|&hi| h(hi))
                    .is_some_and(|x| x.building == omit)
            })
            .collect();
        if let Some(&r) = rows.first() {
            log.add(
                "not_in_grid_table",
                "warning",
                c.idx,
                file,
                &sheet,
                s.cell_ref(r, "building"),
                format!(
                    "building left out of the grid table ({} households, one warning each)",
                    rows.len()
                ),
            );
        }
    }
}

pub fn roster(c: &Community, book: &mut Book, log: &mut Log) {
    let file = book.path.clone();
    let worker = |n: usize| {
        c.staff
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role == Role::Worker)
            .nth(n)
            .map(|(i, _)| i)
    };
    for (k, s) in book.sheets.iter_mut().enumerate() {
        let sheet = s.name.clone();
        let find = |s: &Sheet, n: Option<usize>| n.and_then(|i| s.row_of(i));
        match c.seeded() {
            GENDER_MISMATCH => {
                if let (Some(r), Some(i)) = (find(s, worker(2)), worker(2)) {
                    s.set(
                        r,
                        "id_number",
                        Cell::text(altered_id(&c.staff[i].id_number, true)),
                    );
                    log.add(
                        "gender_mismatch",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r, "gender"),
                        "性别 disagrees with the id's sex digit (the column wins)",
                    );
                }
                if s.col("remark").is_none() {
                    s.fields.push("remark");
                    // Not 备注: that is a known non-data column, dropped silently (§9.2).
                    s.headers.push("政治面貌".into());
                    for (r, row) in s.rows.iter_mut().enumerate() {
                        row.push(if r % 7 == 0 {
                            Cell::text("党员")
                        } else {
                            Cell::Empty
                        });
                    }
                    if k == 0 {
                        log.add(
                            "column_ignored",
                            "info",
                            c.idx,
                            &file,
                            &sheet,
                            s.header_ref("remark"),
                            "an extra 政治面貌 column",
                        );
                    }
                }
            }
            BIRTH_MISMATCH => {
                if let (Some(r), Some(i)) = (find(s, worker(3)), worker(3)) {
                    s.set(
                        r,
                        "id_number",
                        Cell::text(altered_id(&c.staff[i].id_number, false)),
                    );
                    log.add(
                        "birth_date_mismatch",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r, "birth_date"),
                        "出生日期 disagrees with the id's birth date (the column wins)",
                    );
                }
            }
            0 => {
                if let Some(r) = find(s, worker(4)) {
                    let r2 = s.push_copy(r);
                    log.add(
                        "duplicate_row",
                        "info",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r2, "id_number"),
                        "a worker listed twice, identically (counted once)",
                    );
                }
            }
            STAFF_CONFLICT => {
                if let Some(r) = find(s, worker(5)) {
                    let r2 = s.push_copy(r);
                    s.set(r2, "role", Cell::text("志愿者"));
                    s.set(r2, "phone", Cell::text("13800000000"));
                    log.add(
                        "staff_conflict",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r2, "id_number"),
                        "a worker listed again as 志愿者 with another phone (first row wins)",
                    );
                }
            }
            ROLE_UNKNOWN => {
                if let Some(r) =
                    (0..s.rows.len()).find(|&r| s.get(r, "role") == Cell::text("保洁员"))
                {
                    log.add(
                        "role_unknown",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r, "role"),
                        "身份 `保洁员` is not a known role (counted as other staff)",
                    );
                }
            }
            UNKNOWN_GRID => {
                if let Some(r) = (0..s.rows.len()).find(|&r| {
                    s.src
                        .get(r)
                        .and_then(|&i| c.staff.get(i))
                        .is_some_and(|p| p.role == Role::Volunteer)
                }) {
                    let cell = s.set(r, "phone", Cell::text("1381234567"));
                    log.add(
                        "phone_invalid",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        cell,
                        "a volunteer's phone with 10 digits",
                    );
                }
            }
            _ => {}
        }
    }
    if c.seeded() == SCREENED_INVALID {
        let mut notes = Sheet::new("填表说明", Vec::new());
        notes.notes = vec![
            "填表说明：".into(),
            "1. 社区工作者、信息员、下沉干部、志愿者均需登记。".into(),
            "2. 身份证号请以文本格式填写，勿填成数字。".into(),
            "3. 每日18:00前更新，报街道社会事务办。".into(),
        ];
        book.sheets.push(notes);
        log.add(
            "sheet_unrecognized",
            "info",
            c.idx,
            &file,
            "填表说明",
            "-".into(),
            "a sheet of notes, no table",
        );
    }
}

pub fn daily(c: &Community, book: &mut Book, log: &mut Log) {
    let file = book.path.clone();
    let last = book.sheets.len().saturating_sub(1);
    for (k, s) in book.sheets.iter_mut().enumerate() {
        let sheet = s.name.clone();
        match c.seeded() {
            STORY => {
                for r in 0..s.rows.len() {
                    s.set(r, "community", Cell::text("贤洲社区居委会"));
                }
                if k == 1 {
                    log.add(
                        "community_merged",
                        "info",
                        c.idx,
                        &file,
                        &sheet,
                        "-".into(),
                        "the daily reports write 贤洲社区居委会 (merged into 贤洲社区)",
                    );
                    let pick = (0..s.rows.len()).find(|&r| {
                        s.src.get(r).and_then(|&i| c.daily.get(i)).is_some_and(|d| {
                            d.grid == 1 && d.submitted.is_some() && d.date.day() >= 10
                        })
                    });
                    if let Some(r) = pick {
                        let r2 = s.push_copy(r);
                        let later = s
                            .src
                            .get(r2)
                            .and_then(|&i| c.daily.get(i))
                            .and_then(|d| d.submitted)
                            .and_then(|t| t.checked_add_signed(chrono::TimeDelta::hours(2)));
                        if let Some(t) = later {
                            s.set(r2, "submitted_at", Cell::DateTime(t));
                        }
                        log.add(
                            "daily_duplicate",
                            "info",
                            c.idx,
                            &file,
                            &sheet,
                            s.cell_ref(r2, "report_date"),
                            "big grid 2 reported twice that day; the earlier submission wins",
                        );
                    }
                }
            }
            UNKNOWN_GRID if k == last && !s.rows.is_empty() => {
                let r = s.push_copy(0);
                let cell = s.set(
                    r,
                    "big_grid",
                    Cell::text(grid_code(c.style, c.grids.len() + 9)),
                );
                log.add(
                    "unknown_grid",
                    "warning",
                    c.idx,
                    &file,
                    &sheet,
                    cell,
                    "a report for a big grid that does not exist (not counted)",
                );
            }
            ID_AS_NUMBER if k == last && s.rows.len() > 1 => {
                let r = s.push_copy(1);
                let cell = s.set(r, "big_grid", Cell::Empty);
                log.add(
                    "required_missing",
                    "error",
                    c.idx,
                    &file,
                    &sheet,
                    cell,
                    "a report without its big grid (excluded)",
                );
            }
            _ => {}
        }
    }
}

pub fn isolation(c: &Community, book: &mut Book, log: &mut Log) {
    let file = book.path.clone();
    for s in book.sheets.iter_mut() {
        let sheet = s.name.clone();
        let first_of = |s: &Sheet, pred: &dyn Fn(usize) -> bool| {
            (0..s.rows.len()).find(|&r| s.src.get(r).is_some_and(|&i| pred(i)))
        };
        match c.seeded() {
            STORY => {
                if let Some(r) = first_of(s, &|i| i == 0) {
                    log.add(
                        "-",
                        "story",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r, "start"),
                        "曾先生一家 isolated 2020-01-25 to 2020-02-07 (14 days)",
                    );
                }
                let r = s.push_copy(s.rows.len().saturating_sub(1));
                s.set(r, "name", Cell::text("钟伟明"));
                s.set(r, "id_number", Cell::Empty);
                let d = |m, d| {
                    NaiveDate::from_ymd_opt(2020, m, d)
                        .map(Cell::Date)
                        .unwrap_or(Cell::Empty)
                };
                s.set(r, "start", d(2, 15));
                let cell = s.set(r, "end", d(2, 5));
                log.add(
                    "value_invalid",
                    "error",
                    c.idx,
                    &file,
                    &sheet,
                    cell,
                    "隔离结束日期 before the start (excluded)",
                );
            }
            ISOLATION_SHORT => {
                if let Some(r) = first_of(s, &|i| {
                    c.isolation.get(i).is_some_and(|p| {
                        p.end.zip(Some(p.start)).is_some_and(|(e, st)| {
                            st.checked_add_days(Days::new(13)).is_some_and(|x| e < x)
                        })
                    })
                }) {
                    log.add("isolation_short", "warning", c.idx, &file, &sheet, s.cell_ref(r, "end"), "isolated 2020-02-10 to 2020-02-18, 9 days (a row per person of the household)");
                }
            }
            ISOLATION_OVERDUE => {
                if let Some(r) = first_of(s, &|i| {
                    c.isolation.get(i).is_some_and(|p| {
                        p.end.is_none()
                            && p.start < NaiveDate::from_ymd_opt(2020, 2, 20).unwrap_or(p.start)
                    })
                }) {
                    log.add(
                        "isolation_overdue",
                        "warning",
                        c.idx,
                        &file,
                        &sheet,
                        s.cell_ref(r, "start"),
                        "isolated since 2020-02-12 with no end (a row per person of the household)",
                    );
                }
            }
            _ => {}
        }
    }
}
