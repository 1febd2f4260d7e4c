//! Reading one summary.json for a roll-up, trusting nothing: at most `max_file_mb` is read;
//! it must be JSON, written by gridreport (`schema` 2, every count of the table of figures
//! present, dates that are dates, known rule ids), its unit's name a plain name
//! (`trust::unit_name_problem`) and no name in it personal data (`trust::name_problem`).
//! Otherwise it is unreadable, with the reason in the clerk's words — and the other
//! summaries are still rolled up.
//!
//! Only counts are read (`stats::figure`: every count of `FIGURES` and `BEHIND_MEANS`, by its
//! summary.json key); every ratio is recomputed from them, never taken, never averaged. The
//! issue list, the files and anything gridreport does not write are not read, so nothing
//! else travels up.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::shape::IssueCounts;
use super::trust::{name_problem, unit_name_problem};
use crate::stats::figure::{by_key, Figure, BEHIND_MEANS, FIGURES};
use crate::stats::{BigGridFigures, Community, DailyFigures, Figures, SCHEMA};
use crate::vocab::issue::Rule;
use crate::vocab::lang::Lang;

/// The largest count taken from a summary: no sub-district has a trillion of anything, and
/// sums of such counts cannot overflow.
pub const MAX_COUNT: u64 = 1_000_000_000_000;
/// The deepest level taken (1 = a sub-district; a province is 4).
pub const MAX_LEVEL: u32 = 16;

/// What one summary gives the level above.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub name: String,
    /// 1 for a build's summary; one more than its deepest unit for a roll-up's.
    pub level: u32,
    pub as_of: NaiveDate,
    pub from: Option<NaiveDate>,
    pub days: u32,
    /// `totals.communities`: the communities at the bottom of the unit.
    pub communities_count: u64,
    /// `totals`, every ratio recomputed from its counts.
    pub totals: Figures,
    /// Its rows (`communities`), ratios recomputed.
    pub rows: Vec<Community>,
    pub big_grids: Vec<BigGrid>,
    pub daily: Vec<(NaiveDate, DailyFigures)>,
    /// Issues at and below the unit: its own, and for a roll-up those of its units.
    pub issues: IssueCounts,
}

/// A big grid and the units it lies in below the unit (empty for a build's summary).
#[derive(Clone, Debug, PartialEq)]
pub struct BigGrid {
    pub path: Vec<String>,
    pub grid: BigGridFigures,
}

/// Read and check one summary; `fallback` names the unit when the summary has no `name`.
pub fn read(path: &Path, fallback: &str, max_bytes: u64, lang: Lang) -> Result<Read, String> {
    let bytes = bytes_of(path, max_bytes, lang)?;
    let fingerprint = (bytes.len() as u64, xxhash_rust::xxh3::xxh3_128(&bytes));
    let unit = parse(&bytes, fallback, lang)?;
    Ok(Read { unit, fingerprint })
}

/// A summary as read: the unit, and what tells an identical copy (length, hash).
#[derive(Debug)]
pub struct Read {
    pub unit: Unit,
    pub fingerprint: (u64, u128),
}

fn bytes_of(path: &Path, max_bytes: u64, lang: Lang) -> Result<Vec<u8>, String> {
    let too_big = |mb: u64| {
        match lang {
        Lang::Zh => format!(
            "文件太大（超过 max_file_mb = {mb} MB），没有读取；汇总的 summary.json 通常只有几百 KB"
        ),
        Lang::En => format!(
            "the file is too large (over max_file_mb = {mb} MB) and was not read; a summary.json is usually a few hundred KB"
        ),
    }
    };
    let mb = max_bytes / (1024 * 1024);
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e, lang))?;
    if file.metadata().is_ok_and(|m| m.len() > max_bytes) {
        return Err(too_big(mb));
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e, lang))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(mb));
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("无法打开或读取：{e}"),
        Lang::En => format!("cannot be opened or read: {e}"),
    }
}

/// Not a summary gridreport wrote, and why.
fn not_ours(why: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不是 gridreport 生成的 summary.json：{why}"),
        Lang::En => format!("not a summary.json written by gridreport: {why}"),
    }
}

fn parse(bytes: &[u8], fallback: &str, lang: Lang) -> Result<Unit, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let raw: RawSummary = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => {
            // A summary of another schema has another shape: say so rather than the detail.
            if let Ok(head) = serde_json::from_slice::<Head>(bytes) {
                schema_ok(head.schema, lang)?;
            }
            return Err(match e.classify() {
                serde_json::error::Category::Data => not_ours(&e.to_string(), lang),
                _ => match lang {
                    Lang::Zh => format!(
                        "不是完整的 JSON 文件（第 {} 行第 {} 列），可能已损坏或没有传完，请对方重新发送",
                        e.line(),
                        e.column()
                    ),
                    Lang::En => format!(
                        "not a whole JSON file (line {}, column {}): damaged or cut short; ask for it again",
                        e.line(),
                        e.column()
                    ),
                },
            });
        }
    };
    schema_ok(raw.schema, lang)?;
    let missing = |key: &str| not_ours(&format!("no \"{key}\""), lang);
    let name = match raw.name {
        Some(n) => n,
        None => fallback.to_string(),
    };
    if let Some(why) = unit_name_problem(&name, lang) {
        return Err(match lang {
            Lang::Zh => format!("单位名称“{}”不能用：{why}", shown(&name)),
            Lang::En => format!("the unit's name '{}' cannot be used: {why}", shown(&name)),
        });
    }
    let as_of = date(raw.as_of.as_deref().ok_or_else(|| missing("as_of"))?, lang)?;
    let period = raw.period.ok_or_else(|| missing("period"))?;
    let from = period.from.as_deref().map(|d| date(d, lang)).transpose()?;
    let totals = raw.totals.ok_or_else(|| missing("totals"))?;
    let communities_count = totals
        .communities
        .ok_or_else(|| missing("totals.communities"))?;
    let totals = totals.figures(lang)?;
    let rows = raw
        .communities
        .ok_or_else(|| missing("communities"))?
        .into_iter()
        .map(|c| {
            let name = c
                .name
                .clone()
                .ok_or_else(|| missing("communities[].name"))?;
            named(&name, lang)?;
            Ok(Community {
                name,
                figures: c.figures(lang)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let big_grids = raw
        .big_grids
        .ok_or_else(|| missing("big_grids"))?
        .into_iter()
        .map(|g| g.checked(lang))
        .collect::<Result<Vec<_>, String>>()?;
    let daily = raw
        .daily
        .ok_or_else(|| missing("daily"))?
        .into_iter()
        .map(|d| {
            let day = date(&d.date, lang)?;
            counts_ok(
                [
                    d.expected,
                    d.received,
                    d.on_time,
                    d.households_visited,
                    d.new_arrivals,
                    d.under_isolation,
                    d.fever,
                ],
                lang,
            )?;
            Ok((day, d.into_figures()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut issues = raw.issues.ok_or_else(|| missing("issues"))?.checked(lang)?;
    let mut level = 1;
    for u in raw.units.unwrap_or_default() {
        if !(1..MAX_LEVEL).contains(&u.level) {
            return Err(not_ours(&format!("level {}", u.level), lang));
        }
        level = level.max(u.level + 1);
        issues.add(&u.issues.checked(lang)?);
    }
    Ok(Unit {
        name,
        level,
        as_of,
        from,
        days: period.days,
        communities_count,
        totals,
        rows,
        big_grids,
        daily,
        issues,
    })
}

/// `Err` unless the summary is of the schema this version reads.
fn schema_ok(schema: Option<u64>, lang: Lang) -> Result<(), String> {
    match schema {
        Some(s) if s == u64::from(SCHEMA) => Ok(()),
        None => Err(not_ours("no \"schema\"", lang)),
        Some(1) => Err(match lang {
            Lang::Zh => "是旧版 gridreport 生成的（schema 1，缺少计算平均年龄和女性占比所需的人数）：请对方用新版 gridreport 重新生成报告后再发送".to_string(),
            Lang::En => "written by an older gridreport (schema 1, without the counts behind the average age and the share of women): ask for the report to be built again with this version".to_string(),
        }),
        Some(s) => Err(match lang {
            Lang::Zh => format!("是 schema {s} 的汇总，这个版本的 gridreport 读不了：请用同一版本的 gridreport"),
            Lang::En => format!("a summary of schema {s}, which this version cannot read: use the same version of gridreport"),
        }),
    }
}

/// A name as quoted in a message: on one line, cut at 40 characters.
fn shown(name: &str) -> String {
    let one = crate::vocab::text::one_line(name);
    let mut s: String = one.chars().take(40).collect();
    if one.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn named(name: &str, lang: Lang) -> Result<(), String> {
    match name_problem(name, lang) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

fn date(s: &str, lang: Lang) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| s.len() == 10 && d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(|| not_ours(&format!("\"{}\" is no date", shown(s)), lang))
}

fn counts_ok<const N: usize>(counts: [u64; N], lang: Lang) -> Result<(), String> {
    match counts.iter().find(|n| **n > MAX_COUNT) {
        Some(n) => Err(not_ours(&format!("a count of {n}"), lang)),
        None => Ok(()),
    }
}

/// The first keys only, to tell a summary of another schema.
#[derive(Deserialize)]
struct Head {
    schema: Option<u64>,
}

/// The parts of summary.json a roll-up reads; the rest (`files`, `issues.list`, `changes`,
/// keys gridreport does not write) is skipped unread.
#[derive(Deserialize)]
struct RawSummary {
    schema: Option<u64>,
    name: Option<String>,
    as_of: Option<String>,
    period: Option<RawPeriod>,
    totals: Option<RawCounts>,
    communities: Option<Vec<RawCounts>>,
    big_grids: Option<Vec<RawBigGrid>>,
    daily: Option<Vec<RawDaily>>,
    issues: Option<RawIssues>,
    /// A roll-up's units: their levels and issue counts.
    units: Option<Vec<RawUnit>>,
}

#[derive(Deserialize)]
struct RawPeriod {
    from: Option<String>,
    days: u32,
}

#[derive(Deserialize)]
struct RawUnit {
    level: u32,
    issues: RawIssues,
}

#[derive(Deserialize)]
struct RawIssues {
    errors: u64,
    warnings: u64,
    infos: u64,
    by_rule: BTreeMap<String, u64>,
}

impl RawIssues {
    fn checked(self, lang: Lang) -> Result<IssueCounts, String> {
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
struct RawBigGrid {
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
    fn checked(self, lang: Lang) -> Result<BigGrid, String> {
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
struct RawDaily {
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
    fn into_figures(self) -> DailyFigures {
        DailyFigures {
            date: self.date,
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
struct RawCounts {
    name: Option<String>,
    communities: Option<u64>,
    figures: Figures,
    /// Which counts were present, by `Figure as usize`.
    seen: u64,
}

impl RawCounts {
    /// The figures, once every count is known to be there; ratios recomputed.
    fn figures(self, lang: Lang) -> Result<Figures, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary as a build writes it (schema 2), with `edit` applied to its JSON.
    fn summary(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        let mut s = crate::stats::Summary::empty("2020-03-04");
        s.name = Some("甲街道".into());
        s.period.from = Some("2020-03-03".into());
        s.period.days = 2;
        s.totals.communities = 1;
        s.totals.figures = Figures {
            households: 10,
            residents: 30,
            workers: 3,
            worker_age_sum: 120,
            workers_with_age: 3,
            ..Figures::default()
        };
        s.communities = vec![Community {
            name: "城东社区".into(),
            figures: s.totals.figures.clone(),
        }];
        s.daily = ["2020-03-03", "2020-03-04"]
            .iter()
            .map(|d| DailyFigures {
                date: d.to_string(),
                expected: 2,
                received: 1,
                on_time: 1,
                households_visited: 5,
                new_arrivals: 0,
                under_isolation: 0,
                fever: 0,
            })
            .collect();
        let mut v = serde_json::to_value(&s).unwrap();
        edit(&mut v);
        serde_json::to_vec_pretty(&v).unwrap()
    }

    fn parse_zh(bytes: &[u8]) -> Result<Unit, String> {
        parse(bytes, "文件夹名", Lang::Zh)
    }

    #[test]
    fn a_build_summary_is_read_and_its_ratios_recomputed() {
        let bytes = summary(|v| {
            // A ratio that disagrees with its counts is not taken.
            v["totals"]["worker_avg_age"] = serde_json::json!(99.0);
            v["extra"] = serde_json::json!({"phones": ["13812345678"]});
        });
        let u = parse_zh(&bytes).unwrap();
        assert_eq!(u.name, "甲街道");
        assert_eq!(u.level, 1);
        assert_eq!(u.as_of.to_string(), "2020-03-04");
        assert_eq!(u.totals.worker_avg_age, Some(40.0));
        assert_eq!(u.totals.residents_per_worker, Some(10.0));
        assert_eq!(u.rows.len(), 1);
        assert_eq!(u.daily.len(), 2);
        assert_eq!(u.communities_count, 1);
        // Without a name: the folder's or file's.
        let bytes = summary(|v| v["name"] = serde_json::Value::Null);
        assert_eq!(parse_zh(&bytes).unwrap().name, "文件夹名");
    }

    #[test]
    fn what_is_unreadable_and_why() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"{\"schema\": 2, \"as_of\": ".to_vec(), "不是完整的 JSON"),
            (b"\xff\xfe".to_vec(), "不是完整的 JSON"),
            (b"[1, 2]".to_vec(), "不是 gridreport 生成的"),
            (b"{\"a\": 1}".to_vec(), "no \"schema\""),
            (summary(|v| v["schema"] = 1.into()), "旧版 gridreport"),
            (
                summary(|v| {
                    v["schema"] = 1.into();
                    v["period"] = "x".into();
                }),
                "旧版 gridreport",
            ),
            (summary(|v| v["schema"] = 3.into()), "schema 3"),
            (
                summary(|v| {
                    v["totals"]
                        .as_object_mut()
                        .unwrap()
                        .remove("workers_with_gender");
                }),
                "已知性别的工作者",
            ),
            (
                summary(|v| {
                    v["communities"][0]
                        .as_object_mut()
                        .unwrap()
                        .remove("households");
                }),
                "no \"households\"",
            ),
            (summary(|v| v["households"] = (-1).into()), "甲街道"),
            (
                summary(|v| v["totals"]["households"] = (-1).into()),
                "不是 gridreport 生成的",
            ),
            (
                summary(|v| v["totals"]["households"] = 1.5.into()),
                "不是 gridreport 生成的",
            ),
            (
                summary(|v| v["totals"]["households"] = 2_000_000_000_000u64.into()),
                "a count of",
            ),
            (summary(|v| v["name"] = "../../etc".into()), "不能用"),
            (summary(|v| v["name"] = "甲\u{1b}[2J".into()), "控制字符"),
            (
                summary(|v| v["communities"][0]["name"] = "13812345678".into()),
                "个人信息",
            ),
            (summary(|v| v["as_of"] = "2020-13-01".into()), "no date"),
            (
                summary(|v| v["daily"][0]["date"] = "2020-3-3".into()),
                "no date",
            ),
            (
                summary(|v| v["issues"]["by_rule"] = serde_json::json!({"张三": 1})),
                "no rule id",
            ),
            (
                summary(|v| {
                    v.as_object_mut().unwrap().remove("big_grids");
                }),
                "no \"big_grids\"",
            ),
        ];
        for (bytes, want) in cases {
            match parse_zh(&bytes) {
                Ok(_) if want == "甲街道" => {}
                Ok(u) => panic!("{want}: read as {}", u.name),
                Err(why) => assert!(why.contains(want), "{want}: {why}"),
            }
        }
    }

    #[test]
    fn a_roll_up_summary_is_one_level_up() {
        let bytes = summary(|v| {
            v["units"] = serde_json::json!([
                {"name": "甲", "level": 1, "issues": {"errors": 2, "warnings": 1, "infos": 0, "by_rule": {"required_missing": 2, "phone_invalid": 1}}},
                {"name": "乙", "level": 2, "issues": {"errors": 1, "warnings": 0, "infos": 0, "by_rule": {"required_missing": 1}}}
            ]);
            v["big_grids"] = serde_json::json!([{"unit_path": ["甲"], "community": "城东社区", "big_grid": "1",
                "households": 1, "residents": 2, "buildings": 1, "in_range": false, "has_leader": true,
                "has_police": false, "daily_expected": 2, "daily_received": 1, "daily_on_time": 1}]);
        });
        let u = parse_zh(&bytes).unwrap();
        assert_eq!(u.level, 3);
        assert_eq!(u.issues.errors, 3);
        assert_eq!(u.issues.by_rule["required_missing"], 3);
        assert_eq!(u.big_grids[0].path, ["甲"]);
        let bytes = summary(|v| {
            v["units"] = serde_json::json!([{"name": "甲", "level": 0, "issues": {"errors": 0, "warnings": 0, "infos": 0, "by_rule": {}}}]);
        });
        assert!(parse_zh(&bytes).unwrap_err().contains("level 0"));
    }

    #[test]
    fn size_is_checked_before_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("s.json");
        std::fs::write(&p, summary(|_| {})).unwrap();
        assert!(read(&p, "s", 10, Lang::Zh)
            .unwrap_err()
            .contains("max_file_mb"));
        let r = read(&p, "s", 1 << 20, Lang::Zh).unwrap();
        assert_eq!(r.unit.name, "甲街道");
        assert!(read(&tmp.path().join("none.json"), "s", 1 << 20, Lang::En)
            .unwrap_err()
            .contains("cannot be opened"));
    }
}
