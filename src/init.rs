//! `gridreport init [DIR]`: write `DIR/gridreport.toml` with every default written out and
//! commented in Chinese and English. An existing file is kept unless `--force`.

use std::path::Path;

use crate::config::keys::KEYS;
use crate::lang::Lang;

pub const FILE_NAME: &str = "gridreport.toml";

/// The head of the file `init` writes.
const HEAD: &str = "# gridreport 配置文件 / gridreport configuration
#
# 放在数据文件夹（INPUT）里，或用 --config FILE 指定。每一项都写的是默认值；
# 删掉一项或在行首加 # 也就是用默认值。可以用记事本编辑，保存为 UTF-8 或 ANSI 都可以。
# Put it in the data folder (INPUT) or pass --config FILE. Every value below is the default;
# deleting a line or commenting it out with # means the same. Any encoding Notepad saves
# (UTF-8, ANSI/GBK, Unicode) is read.
";

/// The tables after the keys: aliases, community spellings, mail addresses.
const TABLES: &str = r#"
# 额外的表头别名，加在内置别名之后。表类型：households isolation staff daily grids；
# 字段名和内置列名见 docs/input-format.md。
# Extra header aliases, added to the built-in ones. Kinds: households isolation staff daily
# grids; the fields and built-in headers are listed in docs/input-format.md.
# [aliases.households]
# members = ["家庭人口数", "口数"]
# [aliases.staff]
# role = ["工种"]

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

/// The file `init` writes: every key of `config::keys::KEYS` with its default (or a
/// commented example when it has none) and its range, commented in Chinese and English.
/// Parsed, it gives exactly `Config::default()` (tested below).
pub fn template() -> String {
    let mut out = String::from(HEAD);
    for k in KEYS {
        let mut en = k.en.chars();
        let en: String = en
            .next()
            .map(|c| c.to_uppercase().chain(en).collect())
            .unwrap_or_default();
        out.push_str(&format!(
            "\n# {}。范围：{}\n# {en}. Range: {}.\n",
            k.zh,
            k.range.words(Lang::Zh),
            k.range.words(Lang::En)
        ));
        match (k.default, k.example) {
            (Some(d), Some(e)) => out.push_str(&format!(
                "# 例如 / e.g.: {} = {e}\n{} = {d}\n",
                k.key, k.key
            )),
            (Some(d), None) => out.push_str(&format!("{} = {d}\n", k.key)),
            (None, Some(e)) => out.push_str(&format!("# {} = {e}\n", k.key)),
            (None, None) => {}
        }
    }
    out.push_str(TABLES);
    out
}

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
    std::fs::write(&path, template()).map_err(|e| format!("{}: {e}", path.display()))?;
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
        assert_eq!(Config::parse(&template()).unwrap(), Config::default());
    }

    #[test]
    fn the_template_names_every_key() {
        let text = template();
        for k in KEYS {
            assert!(text.contains(&format!("{} = ", k.key)), "{}", k.key);
        }
        for table in [
            "[aliases.",
            "[communities]",
            "[mail.to]",
            "max_memory_mb = 2048",
        ] {
            assert!(text.contains(table), "{table}");
        }
        // The commented examples are valid too.
        let uncommented: String = text
            .lines()
            .map(|l| l.strip_prefix("# ").filter(|r| setting(r)).unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::parse(&uncommented).unwrap();
        assert_eq!(c.mail_to["城东社区"], "chengdong@example.org");
        assert_eq!(c.communities["城东居"], "城东社区");
        assert!(c.daily_start.is_some());
        assert_eq!(c.name.as_deref(), Some("圭峰会城街道"));
        assert_eq!(
            c.aliases[&crate::input::schema::TableKind::Households].len(),
            1
        );
    }

    /// A commented-out setting: a table header, a quoted key or `key = value`.
    fn setting(line: &str) -> bool {
        line.starts_with(['[', '"'])
            || line
                .split_once(" = ")
                .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    }
}
