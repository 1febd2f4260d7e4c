//! `gridreport init [DIR]`: write `DIR/gridreport.toml` with every default written out and
//! commented in Chinese and English (`config::default_file`). An existing file is kept unless
//! `--force`.

use std::path::Path;

use crate::config::default_file::default_file;
use crate::config::FILE_NAME;
use crate::vocab::lang::Lang;

/// Write `dir/gridreport.toml`; `Err` (exit 2) when it exists and `force` is not set.
pub fn init(dir: &Path, force: bool, lang: Lang) -> Result<i32, super::Fail> {
    let path = dir.join(FILE_NAME);
    if path.exists() && !force {
        return Err(super::Fail(match lang {
            Lang::Zh => format!(
                "{} 已存在，没有覆盖它（要覆盖请加 --force）",
                path.display()
            ),
            Lang::En => format!(
                "{} exists and was not overwritten (use --force to replace it)",
                path.display()
            ),
        }));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&path, default_file()).map_err(|e| format!("{}: {e}", path.display()))?;
    super::say(&match lang {
        Lang::Zh => format!("已写出 {}", path.display()),
        Lang::En => format!("wrote {}", path.display()),
    });
    Ok(0)
}
