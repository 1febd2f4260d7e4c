//! Every top-level key of `gridreport.toml`: its default, its range and what it means, in
//! Chinese and English. The checks (`read.rs`), the unknown-key message, `init`'s file and
//! the manual (`docs/input-format.md`) all come from this one table.

/// What values a key takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// A whole number from `min` to `max`.
    Int {
        min: i64,
        max: i64,
    },
    /// A number (decimals allowed) from `min` to `max`.
    Num {
        min: f64,
        max: f64,
    },
    Bool,
    /// A date `YYYY-MM-DD` from `min` to `max`.
    Date {
        min: &'static str,
        max: &'static str,
    },
    /// A time `HH:MM` from 00:00 to 47:59 (24:00 and later: the next day).
    Deadline,
    /// Text of at most this many characters.
    Text {
        max_chars: usize,
    },
    /// A list of community names.
    Names,
}

pub struct Key {
    pub key: &'static str,
    /// The default as written in the file (`None`: unset).
    pub default: Option<&'static str>,
    pub range: Range,
    /// A value to show, commented out, when the default is unset or empty.
    pub example: Option<&'static str>,
    pub zh: &'static str,
    pub en: &'static str,
}

pub const KEYS: &[Key] = &[
    Key {
        key: "name",
        default: None,
        range: Range::Text { max_chars: 100 },
        example: Some("\"圭峰会城街道\""),
        zh: "街道名称，显示在每个网页和工作簿的标题中，如“圭峰会城街道”",
        en: "the sub-district's name, in every page and workbook title, e.g. 圭峰会城街道",
    },
    Key {
        key: "header_scan_rows",
        default: Some("30"),
        range: Range::Int { min: 1, max: 1000 },
        example: None,
        zh: "表头在每个工作表的前多少行里查找",
        en: "the header row is looked for in the first N rows of each sheet",
    },
    Key {
        key: "big_grid_min",
        default: Some("500"),
        range: Range::Int { min: 0, max: 100_000 },
        example: None,
        zh: "每个大网格的最少户数（少于则提示 big_grid_size），不大于 big_grid_max",
        en: "fewest households per big grid (fewer: big_grid_size), at most big_grid_max",
    },
    Key {
        key: "big_grid_max",
        default: Some("900"),
        range: Range::Int { min: 1, max: 100_000 },
        example: None,
        zh: "每个大网格的最多户数（多于则提示 big_grid_size）",
        en: "most households per big grid (more: big_grid_size)",
    },
    Key {
        key: "isolation_days",
        default: Some("14"),
        range: Range::Int { min: 1, max: 365 },
        example: None,
        zh: "居家隔离天数",
        en: "days of home isolation",
    },
    Key {
        key: "daily_start",
        default: None,
        range: Range::Date { min: "2000-01-01", max: "2099-12-31" },
        example: Some("\"2020-01-24\""),
        zh: "日报告统计期的第一天（默认：最早的一份日报告）",
        en: "first day of the daily-report period (default: the first report's date)",
    },
    Key {
        key: "daily_deadline",
        default: Some("\"20:00\""),
        range: Range::Deadline,
        example: None,
        zh: "日报告按时提交的截止时间（当天；24:00 以后表示第二天，如 \"32:00\" 为次日 8 点）",
        en: "a daily report is on time until this time of its day (24:00 and later: the next day)",
    },
    Key {
        key: "max_residents_per_worker",
        default: Some("1500.0"),
        range: Range::Num { min: 1.0, max: 1_000_000.0 },
        example: None,
        zh: "每名社区工作者服务的居民数上限，超过则标为“人手不足”",
        en: "residents per community worker above which a community is flagged understaffed",
    },
    Key {
        key: "min_screening_coverage",
        default: Some("0.9"),
        range: Range::Num { min: 0.0, max: 1.0 },
        example: None,
        zh: "排查覆盖率下限，低于则标为“覆盖率低”",
        en: "screening coverage below which a community is flagged as low coverage",
    },
    Key {
        key: "html_file_names",
        default: Some("true"),
        range: Range::Bool,
        example: None,
        zh: "网页里显示文件路径和工作表名；false 则显示为“文件 3”“工作表 2”",
        en: "show file paths and sheet names in the HTML; false shows \"file 3\", \"sheet 2\"",
    },
    Key {
        key: "community_order",
        default: Some("[]"),
        range: Range::Names,
        example: Some("[\"城东社区\", \"城西社区\"]"),
        zh: "网页和工作簿中社区的排列顺序（社区名称列表）；没列出的社区按拼音排在后面",
        en: "the order of communities in pages and workbooks (a list of names); the others follow by pinyin",
    },
    Key {
        key: "max_period_days",
        default: Some("366"),
        range: Range::Int { min: 1, max: 36_500 },
        example: None,
        zh: "可信日期的范围：所有日期的中位数前后各多少天；超出的日期提示 date_out_of_range",
        en: "plausible dates lie within this many days of the median date; others are date_out_of_range",
    },
    Key {
        key: "history_keep",
        default: Some("90"),
        range: Range::Int { min: 0, max: 3650 },
        example: None,
        zh: "报告保留多少份历史快照（用于“自上次报告以来”的变化）；0 表示不保留历史",
        en: "how many history snapshots the report keeps (for \"since the last report\"); 0 keeps no history",
    },
    Key {
        key: "max_file_mb",
        default: Some("200"),
        range: Range::Int { min: 1, max: 102_400 },
        example: None,
        zh: "资源上限：文件大小（MB），超过则记为无法读取",
        en: "resource limit: file size (MB); a larger file is reported unreadable",
    },
    Key {
        key: "max_uncompressed_mb",
        default: Some("800"),
        range: Range::Int { min: 1, max: 1_048_576 },
        example: None,
        zh: "资源上限：xlsx 等压缩文件解压后的大小（MB）",
        en: "resource limit: uncompressed size of an xlsx or other zipped file (MB)",
    },
    Key {
        key: "max_cells_per_sheet",
        default: Some("10000000"),
        range: Range::Int { min: 1, max: 2_000_000_000 },
        example: None,
        zh: "资源上限：单个工作表的单元格数",
        en: "resource limit: cells in one sheet",
    },
    Key {
        key: "max_seconds_per_file",
        default: Some("120"),
        range: Range::Int { min: 1, max: 86_400 },
        example: None,
        zh: "资源上限：单个文件的读取时间（秒）",
        en: "resource limit: reading time per file (seconds)",
    },
    Key {
        key: "max_memory_mb",
        default: Some("2048"),
        range: Range::Int { min: 1, max: 1_048_576 },
        example: None,
        zh: "资源上限：读取一个文件可用的内存（MB）",
        en: "resource limit: memory for reading one file (MB)",
    },
];

/// The tables of the file, after the keys.
pub const TABLES: [(&str, &str, &str); 3] = [
    (
        "[aliases.<kind>] <field> = [\"…\"]",
        "额外的表头别名，加在内置别名之后；kind 为 households isolation staff daily grids",
        "extra header aliases, added to the built-in ones; kind is households isolation staff daily grids",
    ),
    (
        "[communities] \"<写法>\" = \"<社区名称>\"",
        "社区名称的其他写法：表格里写成左边的，归到右边的社区（右边的名称用于显示）",
        "other spellings of a community: rows spelled as the left side belong to the community on the right",
    ),
    (
        "[mail.to] \"<社区名称>\" = \"<邮箱>\"",
        "gridreport mail 给各社区发送工作簿的邮箱",
        "where gridreport mail sends each community its workbook",
    ),
];

pub fn find(key: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.key == key)
}

impl Range {
    /// The range in words, for messages and the manual.
    pub fn words(&self, lang: crate::vocab::lang::Lang) -> String {
        use crate::vocab::lang::Lang;
        let num = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        };
        match (self, lang) {
            (Range::Int { min, max }, Lang::Zh) => format!("{min}–{max} 的整数"),
            (Range::Int { min, max }, Lang::En) => format!("a whole number {min}–{max}"),
            (Range::Num { min, max }, Lang::Zh) => format!("{}–{} 的数", num(*min), num(*max)),
            (Range::Num { min, max }, Lang::En) => {
                format!("a number {}–{}", num(*min), num(*max))
            }
            (Range::Bool, Lang::Zh) => "true 或 false".into(),
            (Range::Bool, Lang::En) => "true or false".into(),
            (Range::Date { min, max }, Lang::Zh) => {
                format!("日期 \"YYYY-MM-DD\"，{min} 至 {max}")
            }
            (Range::Date { min, max }, Lang::En) => {
                format!("a date \"YYYY-MM-DD\" from {min} to {max}")
            }
            (Range::Deadline, Lang::Zh) => "时间 \"HH:MM\"，00:00–47:59".into(),
            (Range::Deadline, Lang::En) => "a time \"HH:MM\", 00:00–47:59".into(),
            (Range::Text { max_chars }, Lang::Zh) => format!("文字，最多 {max_chars} 个字"),
            (Range::Text { max_chars }, Lang::En) => {
                format!("text of at most {max_chars} characters")
            }
            (Range::Names, Lang::Zh) => "社区名称的列表，如 [\"城东社区\", \"城西社区\"]".into(),
            (Range::Names, Lang::En) => {
                "a list of community names, e.g. [\"城东社区\", \"城西社区\"]".into()
            }
        }
    }
}
