//! Why writing an output failed: what was being written, where, and the system's words. The
//! caller decides what follows (a build keeps the previous report; `watch` says so and goes
//! on); the message is made in the clerk's language only at the edge (`message`).

use std::path::PathBuf;

use super::lang::Lang;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: cannot create the folder: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A workbook or page that could not be made (the library's words).
    #[error("{}: cannot be made: {detail}", path.display())]
    Make { path: PathBuf, detail: String },
    /// A `--templates` folder or one of its files.
    #[error("{}: the page template cannot be read: {detail}", path.display())]
    Template { path: PathBuf, detail: String },
}

impl WriteError {
    pub fn folder(path: impl Into<PathBuf>, source: std::io::Error) -> WriteError {
        WriteError::Folder {
            path: path.into(),
            source,
        }
    }

    pub fn file(path: impl Into<PathBuf>, source: std::io::Error) -> WriteError {
        WriteError::File {
            path: path.into(),
            source,
        }
    }

    pub fn make(path: impl Into<PathBuf>, detail: impl std::fmt::Display) -> WriteError {
        WriteError::Make {
            path: path.into(),
            detail: detail.to_string(),
        }
    }

    /// One line in the clerk's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (WriteError::Folder { path, source }, Lang::Zh) => {
                format!("{}：无法创建文件夹（{source}）", path.display())
            }
            (WriteError::File { path, source }, Lang::Zh) => {
                format!("{}：无法写入（{source}）", path.display())
            }
            (WriteError::Make { path, detail }, Lang::Zh) => {
                format!("{}：无法生成（{detail}）", path.display())
            }
            (WriteError::Template { path, detail }, Lang::Zh) => {
                format!("{}：网页模板无法读取（{detail}）", path.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_in_either_language() {
        let e = WriteError::file(
            "out/report.xlsx",
            std::io::Error::other("No space left on device"),
        );
        assert_eq!(
            e.message(Lang::En),
            "out/report.xlsx: cannot write: No space left on device"
        );
        assert_eq!(
            e.message(Lang::Zh),
            "out/report.xlsx：无法写入（No space left on device）"
        );
        let e = WriteError::make("a.xlsx", "bad sheet name");
        assert!(e.message(Lang::Zh).contains("无法生成"));
    }
}
