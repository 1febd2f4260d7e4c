//! The parts of a summary.json a roll-up reads, as serde reads them, and the check of each
//! (`read` puts them together): the counts of `totals` and of each `communities[]` entry by
//! their keys in the table of figures (`stats::figure`; ratios are not read), the big grids,
//! the days, the issue counts, a roll-up's units' levels and issue counts. Everything else
//! (`files`, `issues.list`, `changes`, keys gridreport does not write) is skipped unread, so
//! nothing else travels up. Each check says what is wrong in the clerk's words.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::shape::IssueCounts;
use super::trust::name_problem;
use crate::stats::figure::{by_key, Figure, BEHIND_MEANS, FIGURES};
use crate::stats::{BigGridFigures, DailyFigures, Figures};
use crate::vocab::issue::Rule;
use crate::vocab::lang::Lang;

/// The largest count taken from a summary: no sub-district has a trillion of anything, and
/// sums of such counts cannot overflow.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// A big grid and the units it lies in below the unit (empty for a build's summary).
#[derive(Clone, Debug, PartialEq)]
pub struct BigGrid {
    pub path: Vec<String>,
    pub grid: BigGridFigures,
}

/// Not a summary gridreport wrote, and why.
pub fn not_ours(why: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不是 gridreport 生成的 summary.json：{why}"),
        Lang::En => format!("not a summary.json written by gridreport: {why}"),
    }
}

/// A name as quoted in a message: on one line, cut at 40 characters.
pub fn shown(name: &str) -> String {
    let one = crate::vocab::text::one_line(name);
    let mut s: String = one.chars().take(40).collect();
    if one.chars().count() > 40 {
        s.push('…');
    }
    s
}

pub fn named(name: &str, lang: Lang) -> Result<(), String> {
    match name_problem(name, lang) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

pub fn date(s: &str, lang: Lang) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| s.len() == 10 && d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(|| not_ours(&format!("\"{}\" is no date", shown(s)), lang))
}

pub fn counts_ok<const N: usize>(counts: [u64; N], lang: Lang) -> Result<(), String> {
    match counts.iter().find(|n| **n > MAX_COUNT) {
        Some(n) => Err(not_ours(&format!("a count of {n}"), lang)),
        None => Ok(()),
    }
}

/// The first keys only, to tell a summary of another schema.
#[derive(Deserialize)]
pub struct Head {
    pub schema: Option<u64>,
}

/// The parts of summary.json a roll-up reads; the rest (`files`, `issues.list`, `changes`,
/// keys gridreport does not write) is skipped unread.
#[derive(Deserialize)]
pub struct RawSummary {
    pub schema: Option<u64>,
    pub name: Option<String>,
    pub as_of: Option<String>,
    pub period: Option<RawPeriod>,
    pub totals: Option<RawCounts>,
    pub communities: Option<Vec<RawCounts>>,
    pub big_grids: Option<Vec<RawBigGrid>>,
    pub daily: Option<Vec<RawDaily>>,
    pub issues: Option<RawIssues>,
    /// A roll-up's units: their levels and issue counts.
    pub units: Option<Vec<RawUnit>>,
}

#[derive(Deserialize)]
pub struct RawPeriod {
    pub from: Option<String>,
    pub days: u32,
}

#[derive(Deserialize)]
pub struct RawUnit {
    pub level: u32,
    pub issues: RawIssues,
}

#[derive(Deserialize)]
pub struct RawIssues {
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub by_rule: BTreeMap<String, u64>,
}

impl RawIssues {
    pub fn checked(self, lang: Lang) -> Result<IssueCounts, String> {
        counts_ok([self.errors, self.warnings, self.infos], lang)?;
        for (rule, n) in &self.by_rule {
            if !Rule::ALL.iter().any(|r| r.as_str() == rule) {
                return Err(not_ours(
                    &format!("\"{}\" is no rule id", shown(rule)),
                    lang,
                ));
            }
            counts_ok([*n], lang)?;
        }
        Ok(IssueCounts {
            errors: self.errors,
            warnings: self.warnings,
            infos: self.infos,
            by_rule: self.by_rule,
        })
    }
}

#[derive(Deserialize)]
pub struct RawBigGrid {
    /// The units below (a roll-up's big grids).
    unit_path: Option<Vec<String>>,
    community: String,
    big_grid: String,
    households: u64,
    residents: u64,
    buildings: u64,
    in_range: bool,
    has_leader: bool,
    has_police: bool,
    daily_expected: u64,
    daily_received: u64,
    daily_on_time: u64,
}

impl RawBigGrid {
    pub fn checked(self, lang: Lang) -> Result<BigGrid, String> {
        let path = self.unit_path.unwrap_or_default();
        for name in path.iter().chain([&self.community, &self.big_grid]) {
            named(name, lang)?;
        }
        counts_ok(
            [
                self.households,
                self.residents,
                self.buildings,
                self.daily_expected,
                self.daily_received,
                self.daily_on_time,
            ],
            lang,
        )?;
        Ok(BigGrid {
            path,
            grid: BigGridFigures {
                community: self.community,
                big_grid: self.big_grid,
                households: self.households,
                residents: self.residents,
                buildings: self.buildings,
                in_range: self.in_range,
                has_leader: self.has_leader,
                has_police: self.has_police,
                daily_expected: self.daily_expected,
                daily_received: self.daily_received,
                daily_on_time: self.daily_on_time,
            },
        })
    }
}

#[derive(Deserialize)]
pub struct RawDaily {
    date: String,
    expected: u64,
    received: u64,
    on_time: u64,
    households_visited: u64,
    new_arrivals: u64,
    under_isolation: u64,
    fever: u64,
}

impl RawDaily {
    /// The day and its figures, once its date is a date and its counts are counts.
    pub fn checked(self, lang: Lang) -> Result<(NaiveDate, DailyFigures), String> {
        let day = date(&self.date, lang)?;
        counts_ok(
            [
                self.expected,
                self.received,
                self.on_time,
                self.households_visited,
                self.new_arrivals,
                self.under_isolation,
                self.fever,
            ],
            lang,
        )?;
        Ok((day, self.into_figures(day)))
    }

    fn into_figures(self, date: NaiveDate) -> DailyFigures {
        DailyFigures {
            date,
            expected: self.expected,
            received: self.received,
            on_time: self.on_time,
            households_visited: self.households_visited,
            new_arrivals: self.new_arrivals,
            under_isolation: self.under_isolation,
            fever: self.fever,
        }
    }
}

/// A `communities[]` entry or `totals`: its name or `communities`, and every count of the
/// table of figures by its key. Ratios are not read: they are recomputed.
#[derive(Default)]
pub struct RawCounts {
    pub name: Option<String>,
    pub communities: Option<u64>,
    pub figures: Figures,
    /// Which counts were present, by `Figure as usize`.
    pub seen: u64,
}

impl RawCounts {
    /// The figures, once every count is known to be there; ratios recomputed.
    pub fn figures(self, lang: Lang) -> Result<Figures, String> {
        for d in FIGURES.iter().chain(BEHIND_MEANS.iter()) {
            if d.is_ratio() {
                continue;
            }
            if self.seen & bit(d.figure) == 0 {
                return Err(match BEHIND_MEANS.iter().any(|b| b.figure == d.figure) {
                    true => match lang {
                        Lang::Zh => format!("缺少“{}”（{}）：请对方用新版 gridreport 重新生成报告后再发送", d.zh, d.key),
                        Lang::En => format!("it lacks {} ({}): ask for the report to be built again with this version", d.key, d.en),
                    },
                    false => not_ours(&format!("no \"{}\"", d.key), lang),
                });
            }
            counts_ok([self.figures.count(d.figure)], lang)?;
        }
        let mut f = self.figures;
        f.recompute();
        Ok(f)
    }
}

fn bit(f: Figure) -> u64 {
    1u64 << (f as u32)
}

/// A key of a `communities[]` entry or of `totals`.
enum Key {
    Name,
    Communities,
    Count(Figure),
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "name" => Key::Name,
                    "communities" => Key::Communities,
                    k => match by_key(k) {
                        Some(d) if !d.is_ratio() => Key::Count(d.figure),
                        _ => Key::Other,
                    },
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for RawCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawCounts, D::Error> {
        struct CountsVisitor;
        impl<'de> Visitor<'de> for CountsVisitor {
            type Value = RawCounts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of figures")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<RawCounts, A::Error> {
                let mut out = RawCounts::default();
                while let Some(key) = m.next_key::<Key>()? {
                    match key {
                        Key::Name => out.name = Some(m.next_value()?),
                        Key::Communities => out.communities = Some(m.next_value()?),
                        Key::Count(f) => {
                            if out.seen & bit(f) != 0 {
                                return Err(de::Error::custom(format!(
                                    "\"{}\" twice",
                                    crate::stats::figure::def(f).key
                                )));
                            }
                            out.seen |= bit(f);
                            out.figures.bump(f, m.next_value::<u64>()?);
                        }
                        Key::Other => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(CountsVisitor)
    }
}
