//! SPEC §4 `date` and `datetime` values: date cells, Excel date serials, `YYYYMMDD` numbers
//! and the written forms a clerk types (`2020-1-24`, `2020/01/24`, `2020.1.24`,
//! `2020年1月24日`, `20200124`, each optionally followed by a time).
//!
//! Decisions where SPEC is silent (also listed in the values report):
//! - Serial 60 is Excel's fictitious 1900-02-29 (the Lotus leap-year bug): it names no real
//!   day, so it is invalid. Serials 1–59 count from 1899-12-31 (1 = 1900-01-01), serials ≥ 61
//!   from 1899-12-30 (61 = 1900-03-01), as Excel shows them.
//! - In the 1904 system serial n is 1904-01-01 + n days; the accepted range is the SPEC's
//!   1–2,958,465 in both systems, and no serial may name a day after 9999-12-31 (the last
//!   day Excel shows; 1904 serials above 2,957,003 are invalid).
//! - A numeric cell below 1 (a bare fraction of a day that is not formatted as a time) is not a
//!   date and not a date-time: invalid.
//! - `date` drops any time-like tail (`10:30`, `10:30:00.000Z`, `10:30+08:00`) without checking
//!   it. `datetime` accepts `H:MM`, `H:MM:SS` and `H:MM:SS.fff` (fraction rounded to the
//!   nearest second), checks the ranges, and rejects a zone suffix (`Z`, `+08:00`): the
//!   wall-clock time of such a value is unknown.
//! - Years must be 1–9999 in written dates (`0000-01-01` is invalid).
//! - Rounding a time-only value to the nearest second never wraps past midnight
//!   (23:59:59.7 stays 23:59:59).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::vocab::cell::Cell;
use crate::vocab::normalize::nfkc;

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
#[allow(clippy::result_unit_err)] // the caller turns Err into its own issue
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
#[allow(clippy::result_unit_err)] // the caller turns Err into its own issue
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
        .filter(|d| d.year() <= 9999)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn at(y: i32, m: u32, dd: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        d(y, m, dd).and_hms_opt(h, mi, s).unwrap()
    }
    fn hms(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap()
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn dates_accepted_and_rejected() {
        // (cell, 1900 system with serials, 1904 system with serials, no serials (ods/CSV))
        type R = Result<Option<NaiveDate>, ()>;
        let ok = |y, m, dd| -> R { Ok(Some(d(y, m, dd))) };
        let cases: Vec<(Cell, R, R, R)> = vec![
            (Cell::Empty, Ok(None), Ok(None), Ok(None)),
            (t(" \u{3000}"), Ok(None), Ok(None), Ok(None)),
            (Cell::Error("#VALUE!".into()), Ok(None), Ok(None), Ok(None)),
            // date cells: the date part
            (
                Cell::DateTime(at(2020, 1, 24, 0, 0, 0)),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                Cell::DateTime(at(2020, 1, 24, 23, 59, 59)),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (Cell::Time(hms(10, 30, 0)), Err(()), Err(()), Err(())),
            // 8-digit numbers: YYYYMMDD in every system
            (
                Cell::Number(20200124.0),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                Cell::Number(20200229.0),
                ok(2020, 2, 29),
                ok(2020, 2, 29),
                ok(2020, 2, 29),
            ),
            (Cell::Number(20200230.0), Err(()), Err(()), Err(())),
            (Cell::Number(20191301.0), Err(()), Err(()), Err(())),
            (Cell::Number(20200124.5), Err(()), Err(()), Err(())),
            (Cell::Number(99999999.0), Err(()), Err(()), Err(())),
            // serials
            (
                Cell::Number(43854.0),
                ok(2020, 1, 24),
                ok(2024, 1, 25),
                Err(()),
            ),
            (
                Cell::Number(43854.75),
                ok(2020, 1, 24),
                ok(2024, 1, 25),
                Err(()),
            ),
            (Cell::Number(1.0), ok(1900, 1, 1), ok(1904, 1, 2), Err(())),
            (
                Cell::Number(59.0),
                ok(1900, 2, 28),
                ok(1904, 2, 29),
                Err(()),
            ),
            (Cell::Number(60.0), Err(()), ok(1904, 3, 1), Err(())),
            (Cell::Number(60.5), Err(()), ok(1904, 3, 1), Err(())),
            (Cell::Number(61.0), ok(1900, 3, 1), ok(1904, 3, 2), Err(())),
            (Cell::Number(2958465.0), ok(9999, 12, 31), Err(()), Err(())),
            (Cell::Number(2958465.9), ok(9999, 12, 31), Err(()), Err(())),
            (
                Cell::Number(2957003.0),
                ok(9995, 12, 30),
                ok(9999, 12, 31),
                Err(()),
            ),
            (Cell::Number(2957004.0), ok(9995, 12, 31), Err(()), Err(())),
            (Cell::Number(2958466.0), Err(()), Err(()), Err(())),
            (Cell::Number(0.0), Err(()), Err(()), Err(())),
            (Cell::Number(0.5), Err(()), Err(()), Err(())),
            (Cell::Number(-1.0), Err(()), Err(()), Err(())),
            (Cell::Number(5_000_000.0), Err(()), Err(()), Err(())),
            (Cell::Number(f64::NAN), Err(()), Err(()), Err(())),
            (Cell::Number(f64::INFINITY), Err(()), Err(()), Err(())),
            (Cell::Number(f64::MAX), Err(()), Err(()), Err(())),
            (Cell::Bool(true), Err(()), Err(()), Err(())),
            // written forms (the date system does not matter)
            (
                t("2020-01-24"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020-1-4"),
                ok(2020, 1, 4),
                ok(2020, 1, 4),
                ok(2020, 1, 4),
            ),
            (
                t("  2020-1-24  "),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020/1/24"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020/01/24"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020.1.24"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020年1月24日"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020年01月04日"),
                ok(2020, 1, 4),
                ok(2020, 1, 4),
                ok(2020, 1, 4),
            ),
            (
                t("２０２０年１月２４日"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("２０２０－０１－２４"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("２０２０／１／２４"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("20200124"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("２０２００１２４"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            // with a time, dropped
            (
                t("2020-01-24 10:30"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020-01-24 10:30:00"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020-01-24T10:30:00.000Z"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020-01-24T10:30:00+08:00"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020/1/24  9:05"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020年1月24日 10:30"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020年1月24日\u{3000}10:30"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("20200124 10:30:00"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            (
                t("2020-01-24 00:00:00"),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
                ok(2020, 1, 24),
            ),
            // rejected text
            (t("2020-02-30"), Err(()), Err(()), Err(())),
            (t("2019-02-29"), Err(()), Err(()), Err(())),
            (t("2020-13-01"), Err(()), Err(()), Err(())),
            (t("2020-00-10"), Err(()), Err(()), Err(())),
            (t("2020-01-00"), Err(()), Err(()), Err(())),
            (t("0000-01-01"), Err(()), Err(()), Err(())),
            (t("20200230"), Err(()), Err(()), Err(())),
            (t("2020-1/24"), Err(()), Err(()), Err(())),
            (t("2020-001-24"), Err(()), Err(()), Err(())),
            (t("2020-01-024"), Err(()), Err(()), Err(())),
            (t("20-01-24"), Err(()), Err(()), Err(())),
            (t("24/01/2020"), Err(()), Err(()), Err(())),
            (t("01/24/2020"), Err(()), Err(()), Err(())),
            (t("2020年1月24"), Err(()), Err(()), Err(())),
            (t("2020年1月"), Err(()), Err(()), Err(())),
            (t("2020-01"), Err(()), Err(()), Err(())),
            (t("2020"), Err(()), Err(()), Err(())),
            (t("202001245"), Err(()), Err(()), Err(())),
            (t("43854"), Err(()), Err(()), Err(())),
            (t("2020-01-24abc"), Err(()), Err(()), Err(())),
            (t("2020-01-24 abc"), Err(()), Err(()), Err(())),
            (t("2020-01-24T"), Err(()), Err(()), Err(())),
            (t("2020-01-24 10"), Err(()), Err(()), Err(())),
            (t("2020-01-2410:30"), Err(()), Err(()), Err(())),
            (t("10:30"), Err(()), Err(()), Err(())),
            (t("昨天"), Err(()), Err(()), Err(())),
        ];
        for (cell, want1900, want1904, want_plain) in cases {
            assert_eq!(date(&cell, false, true), want1900, "1900 {cell:?}");
            assert_eq!(date(&cell, true, true), want1904, "1904 {cell:?}");
            assert_eq!(date(&cell, false, false), want_plain, "no serials {cell:?}");
        }
    }

    #[test]
    fn datetimes_accepted_and_rejected() {
        use DateTimeValue::{At, TimeOnly};
        type R = Result<Option<DateTimeValue>, ()>;
        let nanos = |ns| at(2020, 1, 24, 19, 59, 59).with_nanosecond(ns).unwrap();
        let cases: Vec<(Cell, R)> = vec![
            (Cell::Empty, Ok(None)),
            (t("  "), Ok(None)),
            (Cell::Error("#N/A".into()), Ok(None)),
            (
                Cell::DateTime(at(2020, 1, 24, 19, 30, 0)),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            (
                Cell::DateTime(nanos(499_999_999)),
                Ok(Some(At(at(2020, 1, 24, 19, 59, 59)))),
            ),
            (
                Cell::DateTime(nanos(500_000_000)),
                Ok(Some(At(at(2020, 1, 24, 20, 0, 0)))),
            ),
            (
                Cell::DateTime(
                    at(2020, 1, 24, 23, 59, 59)
                        .with_nanosecond(900_000_000)
                        .unwrap(),
                ),
                Ok(Some(At(at(2020, 1, 25, 0, 0, 0)))),
            ),
            (
                Cell::Time(hms(19, 30, 0)),
                Ok(Some(TimeOnly(hms(19, 30, 0)))),
            ),
            (
                Cell::Time(NaiveTime::from_hms_milli_opt(19, 30, 0, 600).unwrap()),
                Ok(Some(TimeOnly(hms(19, 30, 1)))),
            ),
            (
                Cell::Time(NaiveTime::from_hms_milli_opt(23, 59, 59, 700).unwrap()),
                Ok(Some(TimeOnly(hms(23, 59, 59)))),
            ),
            // numbers
            (
                Cell::Number(43854.0),
                Ok(Some(At(at(2020, 1, 24, 0, 0, 0)))),
            ),
            (
                Cell::Number(43854.5),
                Ok(Some(At(at(2020, 1, 24, 12, 0, 0)))),
            ),
            (
                Cell::Number(43854.8125),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            (
                Cell::Number(43854.0 + 0.999_999_9),
                Ok(Some(At(at(2020, 1, 25, 0, 0, 0)))),
            ),
            (Cell::Number(59.999_999_9), Err(())), // rounds onto Excel's 1900-02-29
            (Cell::Number(60.25), Err(())),
            (Cell::Number(61.25), Ok(Some(At(at(1900, 3, 1, 6, 0, 0))))),
            (
                Cell::Number(20200124.0),
                Ok(Some(At(at(2020, 1, 24, 0, 0, 0)))),
            ),
            (Cell::Number(20200230.0), Err(())),
            (Cell::Number(0.5), Err(())),
            (Cell::Number(-43854.0), Err(())),
            (Cell::Number(f64::NAN), Err(())),
            (Cell::Number(f64::NEG_INFINITY), Err(())),
            (Cell::Bool(false), Err(())),
            // text with a date
            (t("2020-01-24"), Ok(Some(At(at(2020, 1, 24, 0, 0, 0))))),
            (
                t("2020-01-24 19:30"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            (t("2020-01-24 9:05"), Ok(Some(At(at(2020, 1, 24, 9, 5, 0))))),
            (
                t("2020-01-24 19:30:15"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 15)))),
            ),
            (
                t("2020-01-24T19:30:15"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 15)))),
            ),
            (
                t("2020-01-24 19:30:15.4"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 15)))),
            ),
            (
                t("2020-01-24 19:30:15.500"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 16)))),
            ),
            (t("2020/1/24 0:00"), Ok(Some(At(at(2020, 1, 24, 0, 0, 0))))),
            (
                t("2020.1.24 23:59:59"),
                Ok(Some(At(at(2020, 1, 24, 23, 59, 59)))),
            ),
            (
                t("2020年1月24日 19:30"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            (
                t("２０２０－０１－２４　１９：３０"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            (
                t("20200124 19:30"),
                Ok(Some(At(at(2020, 1, 24, 19, 30, 0)))),
            ),
            // time alone
            (t("19:30"), Ok(Some(TimeOnly(hms(19, 30, 0))))),
            (t(" 9:05 "), Ok(Some(TimeOnly(hms(9, 5, 0))))),
            (t("09:05:30"), Ok(Some(TimeOnly(hms(9, 5, 30))))),
            (t("0:00"), Ok(Some(TimeOnly(hms(0, 0, 0))))),
            (t("１９：３０"), Ok(Some(TimeOnly(hms(19, 30, 0))))),
            // rejected
            (t("24:00"), Err(())),
            (t("19:60"), Err(())),
            (t("19:30:60"), Err(())),
            (t("19:5"), Err(())),
            (t("119:30"), Err(())),
            (t("19:30:5"), Err(())),
            (t("19:30."), Err(())),
            (t("19:30.5"), Err(())),
            (t("19"), Err(())),
            (t("19时30分"), Err(())),
            (t("2020-01-24 24:00"), Err(())),
            (t("2020-01-24 19:60"), Err(())),
            (t("2020-01-24T19:30:00Z"), Err(())),
            (t("2020-01-24 19:30:00+08:00"), Err(())),
            (t("2020-01-24 19:30 pm"), Err(())),
            (t("2020-02-30 19:30"), Err(())),
            (t("2020-01-24 "), Ok(Some(At(at(2020, 1, 24, 0, 0, 0))))), // trimmed first
            (t("2020-01-24T"), Err(())),
            (t("下午7点"), Err(())),
        ];
        for (cell, want) in cases {
            assert_eq!(datetime(&cell, false, true), want, "{cell:?}");
        }
    }

    #[test]
    fn datetime_systems_and_serial_switch() {
        use DateTimeValue::At;
        assert_eq!(
            datetime(&Cell::Number(43854.5), true, true),
            Ok(Some(At(at(2024, 1, 25, 12, 0, 0))))
        );
        assert_eq!(datetime(&Cell::Number(43854.5), false, false), Err(()));
        assert_eq!(
            datetime(&Cell::Number(20200124.0), false, false),
            Ok(Some(At(at(2020, 1, 24, 0, 0, 0))))
        );
        assert_eq!(
            datetime(&t("2020-01-24 19:30"), true, false),
            Ok(Some(At(at(2020, 1, 24, 19, 30, 0))))
        );
    }
}
