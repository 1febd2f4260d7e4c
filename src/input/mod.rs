//! Input: find the files, read workbooks and CSV into cells, find the header, map aliases.

pub(crate) mod aliases;
mod delimited;
pub(crate) mod discover;
pub(crate) mod duplicates;
mod guard_ods;
mod guard_ole;
mod guard_zip;
mod incomplete;
pub(crate) mod listing;
mod quietly;
pub mod read;
mod sheet_build;
mod sniff;
pub mod table;
mod workbook;
mod xlsb_short;
mod xlsx_merges;
mod xml2003;

use std::path::PathBuf;

pub use crate::vocab::cell::Cell;

use crate::vocab::lang::Lang;

/// A merged region, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet's cells at their absolute places: `rows[0]` is spreadsheet row 1 and
/// `rows[r][0]` is column A. Rows may be shorter than others (trailing empties cut).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// The workbook uses the 1904 date system.
    pub date1904: bool,
    /// Numeric cells may be date serials (false for .ods and CSV, SPEC §4).
    pub serials_are_dates: bool,
}

/// The outcome of reading one sheet of a workbook that opened.
#[derive(Debug, PartialEq)]
pub enum SheetRead {
    Ok(Sheet),
    Failed { name: String, reason: ReadError },
}

/// Why a file is skipped (SPEC §1, §9.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    LockFile,
    Hidden,
    OtherExtension,
    Symlink,
    /// A FIFO, socket or device: never opened.
    NotRegular,
    /// A folder holding a `.gridreport` marker: a previous report, not entered.
    ReportFolder,
    /// The same bytes as this earlier file (its path relative to INPUT).
    Duplicate(String),
}

impl SkipReason {
    /// `file_duplicate` for a copy, `file_skipped` for the rest.
    pub fn rule(&self) -> crate::vocab::issue::Rule {
        match self {
            SkipReason::Duplicate(_) => crate::vocab::issue::Rule::FileDuplicate,
            _ => crate::vocab::issue::Rule::FileSkipped,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if let SkipReason::Duplicate(earlier) = self {
            return match lang {
                Lang::Zh => format!("与 {earlier} 内容完全相同，只读取一次，已跳过"),
                Lang::En => format!("the same bytes as {earlier}; read once, this copy skipped"),
            };
        }
        lang.pick(
            match self {
                SkipReason::LockFile => "Office 锁定文件（~$ 开头），已跳过",
                SkipReason::Hidden => "隐藏文件（. 开头），已跳过",
                SkipReason::OtherExtension => {
                    "不是电子表格文件（支持 .xlsx .xlsm .xls .xlsb .ods .et .csv），已跳过"
                }
                SkipReason::Symlink => "符号链接，不跟随，已跳过",
                SkipReason::NotRegular => "不是普通文件（管道、设备等），未打开，已跳过",
                SkipReason::ReportFolder => "这是 gridreport 生成的报告文件夹，不读取，已跳过",
                SkipReason::Duplicate(_) => "",
            },
            match self {
                SkipReason::LockFile => "Office lock file (name starts with ~$), skipped",
                SkipReason::Hidden => "hidden file (name starts with .), skipped",
                SkipReason::OtherExtension => {
                    "not a spreadsheet (supported: .xlsx .xlsm .xls .xlsb .ods .et .csv), skipped"
                }
                SkipReason::Symlink => "symbolic link, not followed, skipped",
                SkipReason::NotRegular => {
                    "not a regular file (a pipe, a device …); not opened, skipped"
                }
                SkipReason::ReportFolder => "a gridreport report folder; not read, skipped",
                SkipReason::Duplicate(_) => "",
            },
        )
        .to_string()
    }
}

/// A file found under INPUT.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundFile {
    /// Path relative to INPUT with `/` separators (GB18030-decoded when not UTF-8).
    pub rel_path: String,
    pub path: PathBuf,
    /// Lower-case extension without the dot, `""` if none.
    pub format: String,
    pub skip: Option<SkipReason>,
    /// A folder or file that could not be listed or opened (SPEC §9.1), and why.
    pub unlistable: Option<Unlistable>,
}

/// A folder or entry under INPUT that could not be listed or looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlistable {
    pub folder: bool,
    pub why: OsRefusal,
}

/// Why the operating system refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OsRefusal {
    Permission,
    Gone,
    TooLong,
    Other(String),
}

impl OsRefusal {
    pub fn of(e: &std::io::Error) -> OsRefusal {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::PermissionDenied => OsRefusal::Permission,
            ErrorKind::NotFound => OsRefusal::Gone,
            // ENAMETOOLONG (Linux 36, macOS 63), ERROR_FILENAME_EXCED_RANGE (Windows 206).
            _ if matches!(
                (e.raw_os_error(), cfg!(target_os = "linux"), cfg!(windows)),
                (Some(36), true, _) | (Some(206), _, true) | (Some(63), false, false)
            ) =>
            {
                OsRefusal::TooLong
            }
            _ => OsRefusal::Other(e.to_string()),
        }
    }
}

impl Unlistable {
    pub fn message(&self, lang: Lang) -> String {
        let why = match (&self.why, lang) {
            (OsRefusal::Permission, Lang::Zh) => "没有访问权限".to_string(),
            (OsRefusal::Permission, Lang::En) => "permission denied".to_string(),
            (OsRefusal::Gone, Lang::Zh) => "它已不存在".to_string(),
            (OsRefusal::Gone, Lang::En) => "it is no longer there".to_string(),
            (OsRefusal::TooLong, Lang::Zh) => "路径超过系统允许的长度".to_string(),
            (OsRefusal::TooLong, Lang::En) => {
                "the path is longer than the system allows".to_string()
            }
            (OsRefusal::Other(d), _) => d.clone(),
        };
        match (self.folder, lang) {
            (true, Lang::Zh) => format!(
                "无法打开此文件夹（{why}），其中的文件都没有读取：请检查文件夹的权限或缩短文件夹名称"
            ),
            (true, Lang::En) => format!(
                "this folder cannot be opened ({why}); none of its files were read: check its permissions or shorten the folder names"
            ),
            (false, Lang::Zh) => format!("无法打开此文件（{why}）：请检查文件的权限或缩短路径"),
            (false, Lang::En) => format!(
                "this file cannot be opened ({why}): check its permissions or shorten its path"
            ),
        }
    }
}

impl FoundFile {
    /// Is this a file to read (neither skipped nor unlistable)?
    pub fn to_read(&self) -> bool {
        self.skip.is_none() && self.unlistable.is_none()
    }
}

/// Why a file or a sheet could not be read, in plain words.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadError {
    /// Password-protected / encrypted.
    Encrypted,
    /// An HTML page saved with a spreadsheet extension.
    WebPage,
    /// Empty file (0 bytes).
    Empty,
    /// Not a format we read (content matches none).
    UnknownFormat,
    /// Corrupt or truncated; the detail is the reader's own words.
    Corrupt(String),
    /// Over a resource limit: which limit, the value found and the limit.
    Limit {
        what: LimitKind,
        found: u64,
        limit: u64,
    },
    /// The reader panicked or the read was cut short by a time limit.
    Crashed(String),
    /// The operating system refused (permissions, vanished …).
    Io(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    FileMb,
    UncompressedMb,
    CellsPerSheet,
    SecondsPerFile,
    /// Memory of the reading child process (`found` is not known; it is the limit too).
    MemoryMb,
}

impl ReadError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadError::Encrypted, Lang::Zh) => "文件有密码保护（已加密），无法读取：请去掉密码后另存为 .xlsx".into(),
            (ReadError::Encrypted, Lang::En) => {
                "the file is password-protected (encrypted): remove the password and save it again as .xlsx".into()
            }
            (ReadError::WebPage, Lang::Zh) => "这是一个网页文件（HTML 导出），不是电子表格：请用 Excel 打开后另存为 .xlsx".into(),
            (ReadError::WebPage, Lang::En) => {
                "this is a web page (HTML export), not a spreadsheet: open it in Excel and save it as .xlsx".into()
            }
            (ReadError::Empty, Lang::Zh) => "文件是空的（0 字节）".into(),
            (ReadError::Empty, Lang::En) => "the file is empty (0 bytes)".into(),
            (ReadError::UnknownFormat, Lang::Zh) => "文件内容不是支持的表格格式（xlsx、xls、xlsb、ods、csv）：请另存为 .xlsx".into(),
            (ReadError::UnknownFormat, Lang::En) => {
                "the content is in no supported format (xlsx, xls, xlsb, ods, csv): save it again as .xlsx".into()
            }
            (ReadError::Corrupt(d), Lang::Zh) => format!("文件已损坏或不完整（{d}）：请从原处重新复制或另存为 .xlsx"),
            (ReadError::Corrupt(d), Lang::En) => {
                format!("the file is corrupt or truncated ({d}): copy it again or save it again as .xlsx")
            }
            (ReadError::Limit { what: LimitKind::MemoryMb, limit, .. }, Lang::Zh) => {
                format!("读取此文件需要的内存超过上限 {limit}MB（配置项 max_memory_mb），未读取")
            }
            (ReadError::Limit { what: LimitKind::MemoryMb, limit, .. }, Lang::En) => {
                format!("reading this file needs more memory than the limit of {limit}MB (config key max_memory_mb); not read")
            }
            (ReadError::Limit { what: LimitKind::SecondsPerFile, limit, .. }, Lang::Zh) => {
                format!("读取此文件用时超过上限 {limit} 秒（配置项 max_seconds_per_file），已停止读取")
            }
            (ReadError::Limit { what: LimitKind::SecondsPerFile, limit, .. }, Lang::En) => {
                format!("reading this file took longer than the limit of {limit} s (config key max_seconds_per_file); it was stopped")
            }
            (ReadError::Limit { what, found, limit }, _) => {
                let (zh, en, unit_zh, unit_en, key) = match what {
                    LimitKind::FileMb => ("文件大小", "file size", "MB", "MB", "max_file_mb"),
                    LimitKind::UncompressedMb => ("解压后大小", "uncompressed size", "MB", "MB", "max_uncompressed_mb"),
                    LimitKind::CellsPerSheet => ("单表单元格数", "cells in one sheet", "个", "", "max_cells_per_sheet"),
                    LimitKind::SecondsPerFile => ("读取时间", "reading time", "秒", "s", "max_seconds_per_file"),
                    LimitKind::MemoryMb => ("内存", "memory", "MB", "MB", "max_memory_mb"),
                };
                match lang {
                    Lang::Zh => format!("{zh} {found}{unit_zh} 超过上限 {limit}{unit_zh}（配置项 {key}），未读取"),
                    Lang::En => format!("{en} {found}{unit_en} is over the limit of {limit}{unit_en} (config key {key}); not read"),
                }
            }
            (ReadError::Crashed(d), Lang::Zh) => format!("读取时出错（{d}），已跳过此文件"),
            (ReadError::Crashed(d), Lang::En) => format!("the reader failed on this file ({d}); it was left out"),
            (ReadError::Io(d), Lang::Zh) => format!("无法打开文件：{d}"),
            (ReadError::Io(d), Lang::En) => format!("cannot open the file: {d}"),
        }
    }
}
