//! `gridreport.toml` (SPEC §7): every key has a compiled-in default and may be overridden.
//! The file is read in any encoding Notepad saves (`text`), checked key by key against the
//! ranges of `keys` (`read`), and every mistake is one line in the clerk's language naming
//! the file, the line and the key, in plain words (`words`).

pub(crate) mod default_file;
pub mod keys;
mod read;
mod source;
mod text;
mod words;

use source::Source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

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
    /// How many history snapshots are kept (0: none is read or written).
    pub history_keep: u32,
    pub limits: Limits,
    /// Extra aliases per kind and field, added to the built-in ones.
    pub aliases: BTreeMap<TableKind, BTreeMap<Field, Vec<String>>>,
    /// Community spelling (as text) → community name.
    pub communities: BTreeMap<String, String>,
    /// Community display name → e-mail address.
    pub mail_to: BTreeMap<String, String>,
    /// The file the config was read from (`None`: the defaults, no file).
    pub source: Option<PathBuf>,
    /// Where the community names of the file are written, for `config_unknown_community`.
    pub lines: ConfigLines,
}

/// The 1-based line of each `[communities]` key, `[mail.to]` key and `community_order` entry
/// (the first, when one is written twice).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigLines {
    pub communities: BTreeMap<String, usize>,
    pub mail_to: BTreeMap<String, usize>,
    pub community_order: BTreeMap<String, usize>,
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
            history_keep: 90,
            limits: Limits::default(),
            aliases: BTreeMap::new(),
            communities: BTreeMap::new(),
            mail_to: BTreeMap::new(),
            source: None,
            lines: ConfigLines::default(),
        }
    }
}

/// The config file's name: `INPUT/gridreport.toml` is used when no `--config` is given.
pub const FILE_NAME: &str = "gridreport.toml";

impl Config {
    /// The settings the "how to fix" texts quote.
    pub fn fix_params(&self) -> crate::vocab::rules::FixParams {
        crate::vocab::rules::FixParams {
            header_scan_rows: self.header_scan_rows,
            big_grid_min: self.big_grid_min,
            big_grid_max: self.big_grid_max,
            isolation_days: self.isolation_days,
        }
    }

    /// Read a config file; the error is one line in `lang` naming the file, the line and the
    /// key. UTF-8 (with or without BOM), UTF-16 with BOM and GBK ("ANSI") are all read.
    pub fn load(path: &Path, lang: Lang) -> Result<Config, String> {
        let bytes = std::fs::read(path).map_err(|e| match lang {
            Lang::Zh => format!(
                "{}：无法读取配置文件（{}）",
                path.display(),
                io_words(&e, lang)
            ),
            Lang::En => format!(
                "{}: cannot read the config file ({})",
                path.display(),
                io_words(&e, lang)
            ),
        })?;
        let text = text::decode(&bytes);
        let mut c = Config::parse_lang(&text, lang).map_err(|(line, key, msg)| {
            located(&path.display().to_string(), line, &key, &msg, lang)
        })?;
        c.source = Some(path.to_path_buf());
        Ok(c)
    }

    /// Parse config text with English messages (`line N, KEY: …`), as tests use it.
    pub fn parse(text: &str) -> Result<Config, String> {
        Config::parse_lang(text, Lang::En)
            .map_err(|(line, key, msg)| located("", line, &key, &msg, Lang::En))
    }

    /// Parse config text; the error is (line, key, message in `lang`).
    fn parse_lang(text: &str, lang: Lang) -> Result<Config, (Option<usize>, String, String)> {
        let source = Source::new(text);
        read::read(&source, lang).map_err(|b| (b.at.map(|at| source.line(at)), b.key, b.message))
    }

    /// The config file's name as messages show it (the name only, so that reports do not
    /// depend on where INPUT lies); `None` without a file.
    pub fn source_name(&self) -> Option<String> {
        let p = self.source.as_ref()?;
        Some(
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
        )
    }
}

/// One line: `FILE 第 N 行，KEY：MESSAGE` / `FILE, line N, KEY: MESSAGE` (parts left out when
/// not known).
fn located(file: &str, line: Option<usize>, key: &str, message: &str, lang: Lang) -> String {
    let mut out = String::from(file);
    match (lang, line) {
        (Lang::Zh, Some(n)) => out.push_str(&format!(" 第 {n} 行")),
        (Lang::En, Some(n)) if file.is_empty() => out.push_str(&format!("line {n}")),
        (Lang::En, Some(n)) => out.push_str(&format!(", line {n}")),
        _ => {}
    }
    let out = out.trim_start().to_string();
    let key_part = if key.is_empty() {
        String::new()
    } else {
        match (lang, out.is_empty()) {
            (Lang::Zh, true) => key.to_string(),
            (Lang::Zh, false) => format!("，{key}"),
            (Lang::En, true) => key.to_string(),
            (Lang::En, false) => format!(", {key}"),
        }
    };
    let sep = match (lang, out.is_empty() && key_part.is_empty()) {
        (_, true) => "",
        (Lang::Zh, false) => "：",
        (Lang::En, false) => ": ",
    };
    format!("{out}{key_part}{sep}{message}")
}

fn io_words(e: &std::io::Error, lang: Lang) -> String {
    match (e.kind(), lang) {
        (std::io::ErrorKind::NotFound, Lang::Zh) => "文件不存在".into(),
        (std::io::ErrorKind::NotFound, Lang::En) => "no such file".into(),
        (std::io::ErrorKind::PermissionDenied, Lang::Zh) => "没有读取权限".into(),
        (std::io::ErrorKind::PermissionDenied, Lang::En) => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// `"text"` as a TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `HH:MM` with HH 0–47 (24 and above: the next day) → minutes after midnight.
pub fn parse_deadline(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let h: u32 = h.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    (h < 48 && m < 60).then_some(h * 60 + m)
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
            ("[aliases.people]\nname = [\"x\"]", "[aliases.people]"),
            (
                "[aliases.grids]\nmembers = [\"x\"]",
                "[aliases.grids] members",
            ),
            ("[mail.to]\n\"a\" = \"nobody\"", "[mail.to] \"a\""),
            ("big_grid_min = 950", "big_grid_min"),
            ("[communities]\n\"城东居\" = 3", "[communities] \"城东居\""),
            ("[mail]\nfrom = \"x@y\"", "[mail] from"),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.contains(key), "{text:?} gave {e:?}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        for (text, line) in [
            ("# x\ncolour = 1", "line 2, colour:"),
            (
                "isolation_days = 14\nbig_grid_min = \"x\"",
                "line 2, big_grid_min:",
            ),
            ("\n\nbig_grid_min = 950", "line 3, big_grid_min:"),
            ("a = 1\n", "line 1, a:"),
            (
                "[mail.to]\n\"城东社区\" = \"x@y\"\n\"城西社区\" = \"nobody\"",
                "line 3, [mail.to] \"城西社区\":",
            ),
            (
                "[aliases.people]\nname = [\"x\"]",
                "line 1, [aliases.people]:",
            ),
            (
                "[aliases.grids]\n\nmembers = [\"x\"]",
                "line 3, [aliases.grids] members:",
            ),
            ("html_file_names = true\n[[x", "line 2, [[x:"),
            ("name = \"a\nb = 1", "line 1, name:"),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.starts_with(line), "{text:?} gave {e:?}");
            assert!(!e.contains('\n'), "{e:?}");
        }
    }

    #[test]
    fn every_number_has_a_range() {
        // (text, whether it is accepted)
        for (text, ok) in [
            ("max_seconds_per_file = 9223372036854775807", false),
            ("max_seconds_per_file = 99999999999999999999999", false),
            ("max_seconds_per_file = 86400", true),
            ("max_seconds_per_file = 0", false),
            ("max_memory_mb = 1", true),
            ("max_memory_mb = -5", false),
            ("max_file_mb = 102401", false),
            ("max_uncompressed_mb = 1048576", true),
            ("max_cells_per_sheet = 2000000001", false),
            ("header_scan_rows = 1001", false),
            ("header_scan_rows = 1_000", true),
            ("header_scan_rows = 30.0", true),
            ("header_scan_rows = 30.5", false),
            ("header_scan_rows = \"30\"", false),
            ("big_grid_min = 0", true),
            ("big_grid_max = 100001", false),
            ("isolation_days = 366", false),
            ("max_period_days = 36501", false),
            ("history_keep = 0", true),
            ("history_keep = 3650", true),
            ("history_keep = 3651", false),
            ("history_keep = -1", false),
            ("max_residents_per_worker = 0", false),
            ("max_residents_per_worker = 1200", true),
            ("max_residents_per_worker = inf", false),
            ("max_residents_per_worker = nan", false),
            ("min_screening_coverage = 1", true),
            ("min_screening_coverage = -0.1", false),
            ("daily_start = 2020-01-24", true),
            ("daily_start = \"2202-01-24\"", false),
            ("daily_deadline = \"47:59\"", true),
            ("daily_deadline = \"48:00\"", false),
            ("html_file_names = \"false\"", false),
            ("name = \"圭峰会城街道\"", true),
            ("community_order = [\"城东社区\", 3]", false),
            ("community_order = \"城东社区\"", true),
        ] {
            let r = Config::parse(text);
            assert_eq!(r.is_ok(), ok, "{text}: {r:?}");
            if let Err(e) = r {
                assert!(e.starts_with("line 1, "), "{e}");
            }
        }
        let e = Config::parse("max_seconds_per_file = 9223372036854775807").unwrap_err();
        assert_eq!(
            e,
            "line 1, max_seconds_per_file: 9223372036854775807 is out of range: it must be a whole number 1–86400"
        );
        // Every key of the table has a range, and its default is within it.
        for k in keys::KEYS {
            if let Some(d) = k.default {
                let text = format!("{} = {d}", k.key);
                assert!(Config::parse(&text).is_ok(), "{text}");
            }
        }
    }

    #[test]
    fn messages_in_the_clerks_language() {
        let zh = |t: &str| Config::parse_lang(t, Lang::Zh).unwrap_err();
        let (line, key, msg) =
            zh("isolation_days = 14\nmax_seconds_per_file = 9223372036854775807");
        assert_eq!((line, key.as_str()), (Some(2), "max_seconds_per_file"));
        assert_eq!(msg, "9223372036854775807 超出范围：应为1–86400 的整数");
        assert_eq!(
            located("gridreport.toml", line, &key, &msg, Lang::Zh),
            "gridreport.toml 第 2 行，max_seconds_per_file：9223372036854775807 超出范围：应为1–86400 的整数"
        );
        let (_, _, msg) = zh("[aliases.households]\n人数 = [\"家庭人口数\"]");
        assert!(msg.contains("加英文双引号"), "{msg}");
        let (line, key, msg) = zh("[aliases.households]\n\"人数\" = [\"家庭人口数\"]");
        assert_eq!((line, key.as_str()), (Some(2), "[aliases.households] 人数"));
        assert!(msg.contains("members = ["), "{msg}");
        let (_, _, msg) = zh("[aliases.households]\nheads = [\"户主\"]");
        assert!(
            msg.contains("households 表没有字段“heads”") && msg.contains("members（人数、家庭人数"),
            "{msg}"
        );
        let (_, _, msg) = zh("[communities]\nheader_scan_rows = 20");
        assert!(msg.contains("第一个 [表] 之前"), "{msg}");
        let (_, key, msg) = zh("colour = 1");
        assert_eq!(key, "colour");
        assert!(
            msg.contains("不认识的设置项") && msg.contains("max_memory_mb"),
            "{msg}"
        );
        let (_, _, msg) = zh("[mail.to]\n\"城东社区\" = “a@b”");
        assert!(msg.contains("中文引号"), "{msg}");
    }

    #[test]
    fn files_in_every_encoding_and_where_names_are_written() {
        let dir = tempfile_dir();
        let text = "name = \"圭峰会城街道\"\ncommunity_order = [\n  \"城东社区\",\n  \"城西社区\",\n]\n[communities]\n\"城东居\" = \"城东社区\"\n[mail.to]\n\"城北社区\" = \"cb@example.org\"\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        for (i, bytes) in [gbk.to_vec(), utf16].into_iter().enumerate() {
            let path = dir.join(format!("c{i}.toml"));
            std::fs::write(&path, bytes).unwrap();
            let c = Config::load(&path, Lang::Zh).unwrap();
            assert_eq!(c.name.as_deref(), Some("圭峰会城街道"));
            assert_eq!(c.source.as_deref(), Some(path.as_path()));
            assert_eq!(c.source_name(), Some(format!("c{i}.toml")));
            assert_eq!(c.lines.community_order["城西社区"], 4);
            assert_eq!(c.lines.communities["城东居"], 7);
            assert_eq!(c.lines.mail_to["城北社区"], 9);
        }
        let missing = dir.join("nope.toml");
        let e = Config::load(&missing, Lang::Zh).unwrap_err();
        assert!(e.contains("nope.toml") && e.contains("文件不存在"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "gridreport-config-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string("家庭人口数"), "\"家庭人口数\"");
        assert_eq!(toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000A\"");
        for s in ["家庭人口数", "a\"b\\c\n\u{1}", "“x”"] {
            let t: toml::Table = toml::from_str(&format!("k = {}", toml_string(s))).unwrap();
            assert_eq!(t["k"].as_str(), Some(s));
        }
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
