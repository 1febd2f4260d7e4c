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

use std::io::Read as _;
use std::path::Path;

use chrono::NaiveDate;

use super::raw::{date, named, not_ours, shown, Head, RawSummary};
use super::shape::IssueCounts;
use super::trust::unit_name_problem;
use crate::stats::{Community, DailyFigures, Figures, SCHEMA};
use crate::vocab::lang::Lang;

pub use super::raw::BigGrid;

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
        .map(|d| d.checked(lang))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary as a build writes it (schema 2), with `edit` applied to its JSON.
    fn summary(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        let mut s =
            crate::stats::Summary::empty(chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap());
        s.name = Some("甲街道".into());
        s.period.from = Some(chrono::NaiveDate::from_ymd_opt(2020, 3, 3).unwrap());
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
                date: chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
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
