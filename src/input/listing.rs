//! The listing of what was found under INPUT, as `summary.json`'s `files` (SPEC §7): each
//! file's status and, for a file that opened, each sheet's kind and rows.

use serde::{Serialize, Serializer};

use crate::vocab::lang::Lang;
use crate::vocab::tables::TableKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Read,
    Skipped,
    Unreadable,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub format: String,
    pub status: FileStatus,
    pub sheets: Vec<SheetEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SheetEntry {
    pub name: String,
    pub kind: SheetKind,
    pub header_row: Option<u32>,
    pub rows: u64,
    pub rows_used: u64,
}

/// What a sheet was read as: a table kind, `unrecognized` or `unreadable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Table(TableKind),
    Unrecognized,
    Unreadable,
}

impl SheetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Table(k) => k.as_str(),
            SheetKind::Unrecognized => "unrecognized",
            SheetKind::Unreadable => "unreadable",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SheetKind::Table(k) => k.label(lang),
            SheetKind::Unrecognized => lang.pick("未识别", "unrecognized"),
            SheetKind::Unreadable => lang.pick("无法读取", "unreadable"),
        }
    }

    pub fn parse(s: &str) -> Option<SheetKind> {
        match s {
            "unrecognized" => Some(SheetKind::Unrecognized),
            "unreadable" => Some(SheetKind::Unreadable),
            k => TableKind::parse(k).map(SheetKind::Table),
        }
    }
}

impl Serialize for SheetKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back() {
        for k in [
            SheetKind::Table(TableKind::Daily),
            SheetKind::Unrecognized,
            SheetKind::Unreadable,
        ] {
            assert_eq!(SheetKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(SheetKind::parse("people"), None);
    }
}
