//! `gridreport init [DIR]`: write `DIR/gridreport.toml` with every default written out and
//! commented in Chinese and English. An existing file is kept unless `--force`.

use std::path::Path;

use crate::lang::Lang;

pub const FILE_NAME: &str = "gridreport.toml";

/// The file `init` writes. Parsed, it gives exactly `Config::default()` (tested below).
pub const TEMPLATE: &str = r#"# gridreport 配置文件 / gridreport configuration
#
# 放在数据文件夹（INPUT）里，或用 --config FILE 指定。每一项都写的是默认值；
# 删掉一项或在行首加 # 也就是用默认值。
# Put it in the data folder (INPUT) or pass --config FILE. Every value below is the default;
# deleting a line or commenting it out with # means the same.

# 表头在每个工作表的前多少行里查找
# The header row is looked for in the first N rows of each sheet (1–1000).
header_scan_rows = 30

# 每个大网格的户数范围（超出范围会提示 big_grid_size）
# Households per big grid; a big grid outside this range is flagged (big_grid_size).
big_grid_min = 500
big_grid_max = 900

# 居家隔离天数
# Days of home isolation (1–365).
isolation_days = 14

# 日报告统计期的第一天（默认：最早的一份日报告）
# First day of the daily-report period (default: the date of the first daily report).
# daily_start = "2020-01-24"

# 日报告按时提交的截止时间（当天；24:00 以后表示第二天，如 "32:00" 为次日 8 点）
# A daily report is on time until this time of its day (24:00 and later: the next day).
daily_deadline = "20:00"

# 每名社区工作者服务的居民数上限，超过则标为“人手不足”
# Residents per community worker above which a community is flagged understaffed.
max_residents_per_worker = 1500.0

# 排查覆盖率下限（0–1），低于则标为“覆盖率低”
# Screening coverage (0–1) below which a community is flagged as low coverage.
min_screening_coverage = 0.9

# 网页里显示文件路径和工作表名；false 则显示为“文件 3”“工作表 2”
# Show file paths and sheet names in the HTML; false shows "file 3", "sheet 2" instead.
html_file_names = true

# 资源上限：超过任何一项的文件记为“无法读取”
# Resource limits: a file over any of them is reported unreadable.
max_file_mb = 200                # 文件大小（MB）/ file size (MB)
max_uncompressed_mb = 800        # 解压后大小（MB）/ uncompressed size (MB)
max_cells_per_sheet = 10000000   # 单个工作表的单元格数 / cells in one sheet
max_seconds_per_file = 120       # 单个文件的读取时间（秒）/ reading time per file (s)

# 额外的表头别名，加在内置别名之后。表类型：households isolation staff daily grids
# Extra header aliases, added to the built-in ones. Kinds: households isolation staff daily grids
# [aliases.households]
# members = ["口数", "家庭人口"]
# [aliases.staff]
# role = ["岗位"]

# 社区名称的其他写法：表格里写成左边的，归到右边的社区（右边的名称用于显示）
# Other spellings of a community: rows whose community cell reads as the left side belong
# to the community on the right (which is then its display name).
[communities]
# "城东居" = "城东社区"
# "城东社区居委会" = "城东社区"

# 各社区接收工作簿的邮箱（gridreport mail 用），左边是社区名称，与报告中显示的一致
# Where `gridreport mail` sends each community its workbook: display name = address.
[mail.to]
# "城东社区" = "chengdong@example.org"
# "城西社区" = "chengxi@example.org"
"#;

/// Write `dir/gridreport.toml`; `Err` (exit 2) when it exists and `force` is not set.
pub fn init(dir: &Path, force: bool, lang: Lang) -> Result<String, String> {
    let path = dir.join(FILE_NAME);
    if path.exists() && !force {
        return Err(match lang {
            Lang::Zh => format!(
                "{} 已存在，没有覆盖它（要覆盖请加 --force）",
                path.display()
            ),
            Lang::En => format!(
                "{} exists and was not overwritten (use --force to replace it)",
                path.display()
            ),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&path, TEMPLATE).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(match lang {
        Lang::Zh => format!("已写出 {}", path.display()),
        Lang::En => format!("wrote {}", path.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_template_is_the_defaults() {
        assert_eq!(Config::parse(TEMPLATE).unwrap(), Config::default());
    }

    #[test]
    fn the_template_names_every_key() {
        for key in [
            "header_scan_rows",
            "big_grid_min",
            "big_grid_max",
            "isolation_days",
            "daily_start",
            "daily_deadline",
            "max_residents_per_worker",
            "min_screening_coverage",
            "html_file_names",
            "max_file_mb",
            "max_uncompressed_mb",
            "max_cells_per_sheet",
            "max_seconds_per_file",
            "[aliases.",
            "[communities]",
            "[mail.to]",
        ] {
            assert!(TEMPLATE.contains(key), "{key}");
        }
        // The commented examples are valid too.
        let uncommented: String = TEMPLATE
            .lines()
            .map(|l| l.strip_prefix("# ").filter(|r| setting(r)).unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::parse(&uncommented).unwrap();
        assert_eq!(c.mail_to["城东社区"], "chengdong@example.org");
        assert_eq!(c.communities["城东居"], "城东社区");
        assert!(c.daily_start.is_some());
    }

    /// A commented-out setting: a table header, a quoted key or `key = value`.
    fn setting(line: &str) -> bool {
        line.starts_with(['[', '"'])
            || line
                .split_once(" = ")
                .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    }
}
