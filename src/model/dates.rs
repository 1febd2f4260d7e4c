//! SPEC §4 `date` and `datetime` values: date cells, Excel date serials, `YYYYMMDD` numbers
//! and the written forms a clerk types (`2020-1-24`, `2020/01/24`, `2020.1.24`,
//! `2020年1月24日`, `20200124`, each optionally followed by a time).
//!
//! Decisions where SPEC is silent (also listed in the values report):
//! - Serial 60 is Excel's fictitious 1900-02-29 (the Lotus leap-year bug): it names no real
//!   day, so it is invalid. Serials 1–59 count from 1899-12-31 (1 = 1900-01-01), serials ≥ 61
//!   from 1899-12-30 (61 = 1900-03-01), as Excel shows them.
//! - In the 1904 system serial n is 1904-01-01 + n days; the accepted range is the SPEC's
//!   1–2,958,465 in both systems.
//! - A numeric cell below 1 (a bare fraction of a day that is not formatted as a time) is not a
//!   date and not a date-time: invalid.
//! - `date` drops any time-like tail (`10:30`, `10:30:00.000Z`, `10:30+08:00`) without checking
//!   it. `datetime` accepts `H:MM`, `H:MM:SS` and `H:MM:SS.fff` (fraction rounded to the
//!   nearest second), checks the ranges, and rejects a zone suffix (`Z`, `+08:00`): the
//!   wall-clock time of such a value is unknown.
//! - Years must be 1–9999 in written dates (`0000-01-01` is invalid).
//! - Rounding a time-only value to the nearest second never wraps past midnight
//!   (23:59:59.7 stays 23:59:59).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::values::nfkc;
use crate::input::Cell;

/// The value of a `datetime` field (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateTimeValue {
    /// A date and a time (a date without a time means 00:00:00 of that day).
    At(NaiveDateTime),
    /// A time alone: the caller places it on the row's `report_date`.
    TimeOnly(NaiveTime),
}

/// Highest date serial accepted (9999-12-31 in the 1900 system).
const MAX_SERIAL: f64 = 2_958_465.0;

/// §4 date. `date1904`: the workbook's date system; `serials_are_dates`: whether a numeric
/// cell may be a date serial (false for .ods and CSV). `Ok(None)` for an empty cell,
/// `Err(())` for anything that is not a date.
pub fn date(cell: &Cell, date1904: bool, serials_are_dates: bool) -> Result<Option<NaiveDate>, ()> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell {
        Cell::DateTime(dt) => Ok(Some(dt.date())),
        Cell::Number(x) => number_date(*x, date1904, serials_are_dates).map(Some),
        Cell::Text(s) => {
            let s = nfkc(s);
            let (d, rest) = split_date(s.trim()).ok_or(())?;
            match rest {
                Tail::None => Ok(Some(d)),
                Tail::Time(t) if time_like(t) => Ok(Some(d)),
                Tail::Time(_) => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// §4 datetime: see [`DateTimeValue`]. `Ok(None)` for an empty cell, `Err(())` when invalid.
pub fn datetime(
    cell: &Cell,
    date1904: bool,
    serials_are_dates: bool,
) -> Result<Option<DateTimeValue>, ()> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell {
        Cell::DateTime(dt) => Ok(Some(DateTimeValue::At(round_datetime(*dt)))),
        Cell::Time(t) => Ok(Some(DateTimeValue::TimeOnly(round_time(*t)))),
        Cell::Number(x) => {
            number_datetime(*x, date1904, serials_are_dates).map(|dt| Some(DateTimeValue::At(dt)))
        }
        Cell::Text(s) => {
            let s = nfkc(s);
            let s = s.trim();
            if let Some(t) = parse_time(s) {
                return Ok(Some(DateTimeValue::TimeOnly(t)));
            }
            let (d, rest) = split_date(s).ok_or(())?;
            let t = match rest {
                Tail::None => NaiveTime::MIN,
                Tail::Time(t) => parse_time(t).ok_or(())?,
            };
            Ok(Some(DateTimeValue::At(d.and_time(t))))
        }
        _ => Err(()),
    }
}

/// A numeric cell as a date: an 8-digit `YYYYMMDD`, else a serial when allowed.
fn number_date(x: f64, date1904: bool, serials_are_dates: bool) -> Result<NaiveDate, ()> {
    if let Some(d) = yyyymmdd_number(x)? {
        return Ok(d);
    }
    if !serials_are_dates || !x.is_finite() || !(1.0..MAX_SERIAL + 1.0).contains(&x) {
        return Err(());
    }
    // In range, so the cast is exact and cannot saturate.
    serial_day(x.floor() as i64, date1904)
}

/// A numeric cell as a date-time: `YYYYMMDD` at midnight, else a serial with its fraction as
/// the time of day, rounded to the nearest second.
fn number_datetime(x: f64, date1904: bool, serials_are_dates: bool) -> Result<NaiveDateTime, ()> {
    if let Some(d) = yyyymmdd_number(x)? {
        return Ok(d.and_time(NaiveTime::MIN));
    }
    if !serials_are_dates || !x.is_finite() || !(1.0..MAX_SERIAL + 1.0).contains(&x) {
        return Err(());
    }
    let mut days = x.floor() as i64;
    let mut secs = ((x - x.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    let d = serial_day(days, date1904)?;
    let t = NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0).ok_or(())?;
    Ok(d.and_time(t))
}

/// `Ok(Some(date))` for a whole 8-digit number that is a valid `YYYYMMDD`, `Err` for an
/// 8-digit number that is not, `Ok(None)` for any other number.
fn yyyymmdd_number(x: f64) -> Result<Option<NaiveDate>, ()> {
    if x.is_finite() && x.fract() == 0.0 && (10_000_000.0..=99_999_999.0).contains(&x) {
        let n = x as u32;
        return ymd(n / 10_000, n / 100 % 100, n % 100).map(Some).ok_or(());
    }
    Ok(None)
}

/// The day of a whole serial number in the workbook's date system.
fn serial_day(n: i64, date1904: bool) -> Result<NaiveDate, ()> {
    let (base, n) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1), n)
    } else if n == 60 {
        return Err(()); // Excel's 1900-02-29, a day that never was.
    } else if n < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31), n)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30), n)
    };
    base.and_then(|b| b.checked_add_signed(Duration::try_days(n)?))
        .ok_or(())
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// What follows a written date.
enum Tail<'a> {
    None,
    /// The text after the white space or `T` that separates it from the date.
    Time(&'a str),
}

/// A written date at the start of `s` (already NFKC-normalized and trimmed) and what follows.
/// `None` when `s` does not start with one of the accepted forms, the date is not a real
/// calendar day, or the date is followed by anything but white space or `T` and more text.
fn split_date(s: &str) -> Option<(NaiveDate, Tail<'_>)> {
    let (d, rest) = date_prefix(s)?;
    if rest.is_empty() {
        return Some((d, Tail::None));
    }
    let after = if let Some(r) = rest.strip_prefix('T') {
        r
    } else if rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        return None;
    };
    if after.is_empty() {
        return None;
    }
    Some((d, Tail::Time(after)))
}

/// Parses the date forms of §4 at the start of `s`; returns the date and the rest.
fn date_prefix(s: &str) -> Option<(NaiveDate, &str)> {
    let lead = s.bytes().take_while(u8::is_ascii_digit).count();
    if lead == 8 {
        // YYYYMMDD
        let n: u32 = s[..8].parse().ok()?;
        return Some((ymd(n / 10_000, n / 100 % 100, n % 100)?, &s[8..]));
    }
    let (y, rest) = digits(s, 4, 4)?;
    let sep = rest.chars().next()?;
    let (m, d, after) = match sep {
        '-' | '/' | '.' => {
            let (m, r) = digits(&rest[1..], 1, 2)?;
            let r = r.strip_prefix(sep)?;
            let (d, r) = digits(r, 1, 2)?;
            (m, d, r)
        }
        '年' => {
            let (m, r) = digits(&rest['年'.len_utf8()..], 1, 2)?;
            let r = r.strip_prefix('月')?;
            let (d, r) = digits(r, 1, 2)?;
            (m, d, r.strip_prefix('日')?)
        }
        _ => return None,
    };
    Some((ymd(y, m, d)?, after))
}

/// Between `min` and `max` ASCII digits at the start of `s`, not followed by another digit.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    let v = s[..n].parse().ok()?;
    Some((v, &s[n..]))
}

/// `H:MM[:SS[.f…]]` with checked ranges; the fraction rounds to the nearest second without
/// passing midnight.
fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, r) = digits(s, 1, 2)?;
    let (m, r) = digits(r.strip_prefix(':')?, 2, 2)?;
    let (sec, round_up) = match r.strip_prefix(':') {
        None if r.is_empty() => (0, false),
        None => return None,
        Some(r) => {
            let (sec, r) = digits(r, 2, 2)?;
            match r.strip_prefix('.') {
                None if r.is_empty() => (sec, false),
                None => return None,
                Some(frac) => {
                    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    (sec, frac.as_bytes()[0] >= b'5')
                }
            }
        }
    };
    let t = NaiveTime::from_hms_opt(h, m, sec)?;
    Some(if round_up {
        add_second_within_day(t)
    } else {
        t
    })
}

/// Syntactically a time of day, possibly with seconds, a fraction and a zone
/// (`10:30`, `10:30:00.000Z`, `10:30+08:00`); the values are not checked.
fn time_like(s: &str) -> bool {
    let Some((_, r)) = digits(s, 1, 2) else {
        return false;
    };
    let Some(r) = r.strip_prefix(':') else {
        return false;
    };
    let Some((_, mut r)) = digits(r, 2, 2) else {
        return false;
    };
    if let Some(x) = r.strip_prefix(':') {
        match digits(x, 2, 2) {
            Some((_, x)) => r = x,
            None => return false,
        }
        if let Some(x) = r.strip_prefix(['.', ',']) {
            let n = x.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            r = &x[n..];
        }
    }
    let r = r.trim_start();
    if r.is_empty() || r == "Z" || r == "z" {
        return true;
    }
    // A zone offset: +8, +08, +0800, +08:00.
    match r.strip_prefix(['+', '-']) {
        Some(z) => {
            let z = z.replacen(':', "", 1);
            !z.is_empty() && z.len() <= 4 && z.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

fn add_second_within_day(t: NaiveTime) -> NaiveTime {
    let (next, wrapped) = t.overflowing_add_signed(Duration::seconds(1));
    if wrapped != 0 {
        t
    } else {
        next
    }
}

/// A date-time rounded to the nearest second.
fn round_datetime(dt: NaiveDateTime) -> NaiveDateTime {
    let Some(base) = dt.with_nanosecond(0) else {
        return dt;
    };
    if dt.nanosecond() >= 500_000_000 {
        base.checked_add_signed(Duration::seconds(1))
            .unwrap_or(base)
    } else {
        base
    }
}

/// A time of day rounded to the nearest second, never past 23:59:59.
fn round_time(t: NaiveTime) -> NaiveTime {
    let Some(base) = t.with_nanosecond(0) else {
        return t;
    };
    if t.nanosecond() >= 500_000_000 {
        add_second_within_day(base)
    } else {
        base
    }
}
