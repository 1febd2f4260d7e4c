//! `gridreport.toml` (SPEC §7): every key has a compiled-in default and may be overridden.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::schema::{Field, TableKind};

/// Serialized only to hand it to the reading children (`reading::child`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub header_scan_rows: u32,
    pub big_grid_min: u64,
    pub big_grid_max: u64,
    pub isolation_days: i64,
    pub daily_start: Option<NaiveDate>,
    /// Minutes after midnight of the report date (may exceed 24 h for a next-day deadline).
    pub daily_deadline_minutes: u32,
    pub max_residents_per_worker: f64,
    pub min_screening_coverage: f64,
    pub html_file_names: bool,
    /// The sub-district's name (SPEC §9.4), shown in every title; `None` when unset.
    pub name: Option<String>,
    /// Communities in this order where people read (SPEC §9.4); the rest follow by pinyin.
    pub community_order: Vec<String>,
    /// Half the width of the window of plausible dates around the median (SPEC §9.3).
    pub max_period_days: u32,
    pub limits: Limits,
    /// Extra aliases per kind and field, added to the built-in ones.
    pub aliases: BTreeMap<TableKind, BTreeMap<Field, Vec<String>>>,
    /// Community spelling (as text) → community name.
    pub communities: BTreeMap<String, String>,
    /// Community display name → e-mail address.
    pub mail_to: BTreeMap<String, String>,
}

/// Resource limits for hostile input; a file over one is `file_unreadable`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    pub max_file_mb: u64,
    pub max_uncompressed_mb: u64,
    pub max_cells_per_sheet: u64,
    pub max_seconds_per_file: u64,
    /// Address space of the process reading one workbook (unix; see `input::isolate`).
    pub max_memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_mb: 200,
            max_uncompressed_mb: 800,
            max_cells_per_sheet: 10_000_000,
            max_seconds_per_file: 120,
            max_memory_mb: 2048,
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            header_scan_rows: 30,
            big_grid_min: 500,
            big_grid_max: 900,
            isolation_days: 14,
            daily_start: None,
            daily_deadline_minutes: 20 * 60,
            max_residents_per_worker: 1500.0,
            min_screening_coverage: 0.9,
            html_file_names: true,
            name: None,
            community_order: Vec::new(),
            max_period_days: 366,
            limits: Limits::default(),
            aliases: BTreeMap::new(),
            communities: BTreeMap::new(),
            mail_to: BTreeMap::new(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    header_scan_rows: Option<u32>,
    big_grid_min: Option<u64>,
    big_grid_max: Option<u64>,
    isolation_days: Option<i64>,
    daily_start: Option<String>,
    daily_deadline: Option<String>,
    max_residents_per_worker: Option<f64>,
    min_screening_coverage: Option<f64>,
    html_file_names: Option<bool>,
    name: Option<String>,
    community_order: Option<Vec<String>>,
    max_period_days: Option<u32>,
    max_file_mb: Option<u64>,
    max_uncompressed_mb: Option<u64>,
    max_cells_per_sheet: Option<u64>,
    max_seconds_per_file: Option<u64>,
    max_memory_mb: Option<u64>,
    aliases: Option<BTreeMap<String, BTreeMap<String, Vec<String>>>>,
    communities: Option<BTreeMap<String, String>>,
    mail: Option<RawMail>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMail {
    to: Option<BTreeMap<String, String>>,
}

impl Config {
    /// Read a config file; the error is one line naming the file, the line and the key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{}: {}", path.display(), e))?;
        Config::parse_located(&text).map_err(|(line, e)| match line {
            Some(n) => format!("{}, line {n}: {e}", path.display()),
            None => format!("{}: {e}", path.display()),
        })
    }

    /// Parse config text; the error names the key (and the line, where it is found).
    pub fn parse(text: &str) -> Result<Config, String> {
        Config::parse_located(text).map_err(|(line, e)| match line {
            Some(n) => format!("line {n}: {e}"),
            None => e,
        })
    }

    /// Parse config text; the error is (line, message naming the key).
    fn parse_located(text: &str) -> Result<Config, (Option<usize>, String)> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_number(text, s.start));
            let source = line
                .and_then(|n| text.lines().nth(n - 1))
                .map(|l| l.trim().chars().take(60).collect::<String>())
                .filter(|l| !l.is_empty());
            let message = one_line(e.message());
            match source {
                Some(l) => (line, format!("`{l}`: {message}")),
                None => (line, message),
            }
        })?;
        Config::from_raw(raw).map_err(|b| (line_of(text, &b.table, &b.key), b.message))
    }

    /// Check the values; the error is (table, key, message) so that the line can be found.
    fn from_raw(raw: RawConfig) -> Result<Config, Bad> {
        let mut c = Config::default();
        if let Some(v) = raw.header_scan_rows {
            if v == 0 || v > 1000 {
                return Err(bad(
                    "",
                    "header_scan_rows",
                    format!("header_scan_rows = {v}: must be 1–1000"),
                ));
            }
            c.header_scan_rows = v;
        }
        if let Some(v) = raw.big_grid_min {
            c.big_grid_min = v;
        }
        if let Some(v) = raw.big_grid_max {
            c.big_grid_max = v;
        }
        if c.big_grid_min > c.big_grid_max {
            return Err(bad(
                "",
                "big_grid_min",
                format!(
                    "big_grid_min = {} is above big_grid_max = {}",
                    c.big_grid_min, c.big_grid_max
                ),
            ));
        }
        if let Some(v) = raw.isolation_days {
            if !(1..=365).contains(&v) {
                return Err(bad(
                    "",
                    "isolation_days",
                    format!("isolation_days = {v}: must be 1–365"),
                ));
            }
            c.isolation_days = v;
        }
        if let Some(v) = raw.daily_start {
            c.daily_start = Some(NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(
                |_| {
                    bad(
                        "",
                        "daily_start",
                        format!("daily_start = \"{v}\": expected a date YYYY-MM-DD"),
                    )
                },
            )?);
        }
        if let Some(v) = raw.daily_deadline {
            c.daily_deadline_minutes = parse_deadline(&v)
                .ok_or_else(|| bad("", "daily_deadline", format!("daily_deadline = \"{v}\": expected a time HH:MM (up to 47:59 for the next day)")))?;
        }
        if let Some(v) = raw.max_residents_per_worker {
            if !(v.is_finite() && v > 0.0) {
                return Err(bad(
                    "",
                    "max_residents_per_worker",
                    format!("max_residents_per_worker = {v}: must be a positive number"),
                ));
            }
            c.max_residents_per_worker = v;
        }
        if let Some(v) = raw.min_screening_coverage {
            if !(0.0..=1.0).contains(&v) {
                return Err(bad(
                    "",
                    "min_screening_coverage",
                    format!("min_screening_coverage = {v}: must be between 0 and 1"),
                ));
            }
            c.min_screening_coverage = v;
        }
        if let Some(v) = raw.html_file_names {
            c.html_file_names = v;
        }
        if let Some(v) = raw.name {
            let v = v.trim().to_string();
            c.name = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = raw.community_order {
            c.community_order = v;
        }
        if let Some(v) = raw.max_period_days {
            if !(1..=36_500).contains(&v) {
                return Err(bad(
                    "",
                    "max_period_days",
                    format!("max_period_days = {v}: must be 1–36500"),
                ));
            }
            c.max_period_days = v;
        }
        let positive = |name: &str, v: u64| {
            if v == 0 {
                Err(bad("", name, format!("{name} = 0: must be above 0")))
            } else {
                Ok(v)
            }
        };
        if let Some(v) = raw.max_file_mb {
            c.limits.max_file_mb = positive("max_file_mb", v)?;
        }
        if let Some(v) = raw.max_uncompressed_mb {
            c.limits.max_uncompressed_mb = positive("max_uncompressed_mb", v)?;
        }
        if let Some(v) = raw.max_cells_per_sheet {
            c.limits.max_cells_per_sheet = positive("max_cells_per_sheet", v)?;
        }
        if let Some(v) = raw.max_seconds_per_file {
            c.limits.max_seconds_per_file = positive("max_seconds_per_file", v)?;
        }
        if let Some(v) = raw.max_memory_mb {
            c.limits.max_memory_mb = positive("max_memory_mb", v)?;
        }
        for (kind_name, fields) in raw.aliases.unwrap_or_default() {
            let table = format!("aliases.{kind_name}");
            let kind = TableKind::parse(&kind_name).ok_or_else(|| {
                bad(&table, "", format!("[aliases.{kind_name}]: unknown table kind; expected households, isolation, staff, daily or grids"))
            })?;
            for (field_name, list) in fields {
                let field = Field::parse(&field_name)
                    .filter(|f| kind.has_field(*f))
                    .ok_or_else(|| bad(&table, &field_name, format!("aliases.{kind_name}.{field_name}: {kind_name} has no field {field_name}")))?;
                if list.iter().any(|a| a.trim().is_empty()) {
                    return Err(bad(
                        &table,
                        &field_name,
                        format!("aliases.{kind_name}.{field_name}: an alias is empty"),
                    ));
                }
                c.aliases
                    .entry(kind)
                    .or_default()
                    .entry(field)
                    .or_default()
                    .extend(list);
            }
        }
        for (spelling, name) in raw.communities.unwrap_or_default() {
            if name.trim().is_empty() {
                return Err(bad(
                    "communities",
                    &spelling,
                    format!("communities.\"{spelling}\": the community name is empty"),
                ));
            }
            c.communities.insert(spelling, name);
        }
        if let Some(mail) = raw.mail {
            for (name, addr) in mail.to.unwrap_or_default() {
                if !addr.contains('@') {
                    return Err(bad(
                        "mail.to",
                        &name,
                        format!("mail.to.\"{name}\" = \"{addr}\": not an e-mail address"),
                    ));
                }
                c.mail_to.insert(name, addr);
            }
        }
        Ok(c)
    }
}

/// A bad value: the table and key where it is written (to find its line) and the message.
struct Bad {
    table: String,
    key: String,
    message: String,
}

fn bad(table: &str, key: &str, message: String) -> Bad {
    Bad {
        table: table.to_string(),
        key: key.to_string(),
        message,
    }
}

/// The 1-based line of the byte offset `at`.
fn line_number(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line where `key` is set in `[table]` (`""`: the top level), or where the table's header
/// is when `key` is empty. Best effort: dotted keys and inline tables are not followed.
fn line_of(text: &str, table: &str, key: &str) -> Option<usize> {
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix('[') {
            let name = rest.split(']').next().unwrap_or("");
            current = name.split('.').map(unquote).collect::<Vec<_>>().join(".");
            if key.is_empty() && current == table {
                return Some(i + 1);
            }
            continue;
        }
        if current != table || key.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some((k, _)) = l.split_once('=') {
            if unquote(k) == key {
                return Some(i + 1);
            }
        }
    }
    None
}

/// `HH:MM` with HH 0–47 (24 and above: the next day) → minutes after midnight.
pub fn parse_deadline(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    (h < 48 && m < 60).then_some(h * 60 + m)
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::parse("").unwrap();
        assert_eq!(c, Config::default());
        let c = Config::parse(
            "header_scan_rows = 10\nbig_grid_min = 400\nbig_grid_max = 1000\nisolation_days = 21\n\
             daily_start = \"2020-01-24\"\ndaily_deadline = \"22:30\"\nmax_residents_per_worker = 1200\n\
             min_screening_coverage = 0.8\nhtml_file_names = false\nmax_file_mb = 5\n\
             [aliases.households]\nmembers = [\"口数\"]\n[communities]\n\"城东\" = \"城东社区\"\n\
             [mail.to]\n\"城东社区\" = \"cd@example.org\"\n",
        )
        .unwrap();
        assert_eq!(c.header_scan_rows, 10);
        assert_eq!((c.big_grid_min, c.big_grid_max), (400, 1000));
        assert_eq!(c.isolation_days, 21);
        assert_eq!(c.daily_start, NaiveDate::from_ymd_opt(2020, 1, 24));
        assert_eq!(c.daily_deadline_minutes, 22 * 60 + 30);
        assert_eq!(c.max_residents_per_worker, 1200.0);
        assert_eq!(c.min_screening_coverage, 0.8);
        assert!(!c.html_file_names);
        assert_eq!(c.limits.max_file_mb, 5);
        assert_eq!(
            c.aliases[&TableKind::Households][&Field::Members],
            vec!["口数".to_string()]
        );
        assert_eq!(c.communities["城东"], "城东社区");
        assert_eq!(c.mail_to["城东社区"], "cd@example.org");
    }

    #[test]
    fn errors_name_the_key() {
        for (text, key) in [
            ("colour = 1", "colour"),
            ("big_grid_min = \"x\"", "big_grid_min"),
            ("daily_start = \"2020-13-01\"", "daily_start"),
            ("daily_deadline = \"25\"", "daily_deadline"),
            ("min_screening_coverage = 2.0", "min_screening_coverage"),
            ("[aliases.people]\nname = [\"x\"]", "aliases.people"),
            (
                "[aliases.grids]\nmembers = [\"x\"]",
                "aliases.grids.members",
            ),
            ("[mail.to]\n\"a\" = \"nobody\"", "mail.to"),
            ("big_grid_min = 950", "big_grid_min"),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.contains(key), "{text:?} gave {e:?}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        for (text, line) in [
            ("# x\ncolour = 1", "line 2:"),
            ("isolation_days = 14\nbig_grid_min = \"x\"", "line 2:"),
            ("\n\nbig_grid_min = 950", "line 3:"),
            ("a = 1\n", "line 1:"),
            (
                "[mail.to]\n\"城东社区\" = \"x@y\"\n\"城西社区\" = \"nobody\"",
                "line 3:",
            ),
            ("[aliases.people]\nname = [\"x\"]", "line 1:"),
            ("[aliases.grids]\n\nmembers = [\"x\"]", "line 3:"),
            ("html_file_names = true\n[[x", "line 2:"),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.starts_with(line), "{text:?} gave {e:?}");
            assert!(!e.contains('\n'), "{e:?}");
        }
        let e = Config::parse("big_grid_min = \"x\"").unwrap_err();
        assert!(e.contains("big_grid_min = \"x\""), "{e}");
    }

    #[test]
    fn deadlines() {
        assert_eq!(parse_deadline("20:00"), Some(1200));
        assert_eq!(parse_deadline("33:00"), Some(33 * 60));
        assert_eq!(parse_deadline("48:00"), None);
        assert_eq!(parse_deadline("8:5"), Some(485));
        assert_eq!(parse_deadline("x"), None);
    }
}
