//! Reading one file into its rows (entry, records, issues) — in a reading child process
//! when the binary runs (every format, `child`), else in this process.

pub(crate) mod child;
mod codec;

use std::sync::Arc;

use crate::config::Config;
use crate::input::listing::{FileEntry, FileStatus, SheetEntry, SheetKind};
use crate::input::read::read_file;
use crate::input::table::{find_table, Aliases, Found};
use crate::input::{FoundFile, ReadError, SheetRead};
use crate::model::parse::RowParser;
use crate::model::record::{Loc, Record, SheetLoc};
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;

pub use child::main_hook;

/// The result of reading one file: its entry, its rows and its issues. It depends only on
/// the file's bytes, the config and the language, so `watch` may keep it between runs.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub entry: FileEntry,
    pub records: Vec<Record>,
    pub issues: Vec<Issue>,
}

impl FileResult {
    fn new(f: &FoundFile, status: FileStatus) -> FileResult {
        FileResult {
            entry: FileEntry {
                path: f.rel_path.clone(),
                format: f.format.clone(),
                status,
                sheets: vec![],
            },
            records: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// A file that could not be read at all.
    pub(crate) fn unreadable(f: &FoundFile, e: &ReadError, lang: Lang) -> FileResult {
        let mut out = FileResult::new(f, FileStatus::Unreadable);
        out.issues
            .push(Issue::new(Rule::FileUnreadable, e.message(lang)).file(&f.rel_path));
        out
    }
}

/// What reading needs besides the file: the config and what is made of it once per run.
pub struct Settings<'a> {
    pub cfg: &'a Config,
    pub lang: Lang,
    aliases: Aliases,
    key: u64,
}

impl<'a> Settings<'a> {
    pub fn new(cfg: &'a Config, lang: Lang) -> Settings<'a> {
        Settings {
            cfg,
            lang,
            aliases: Aliases::new(cfg),
            key: xxhash_rust::xxh3::xxh3_64(format!("{cfg:?}/{lang:?}").as_bytes()),
        }
    }
}

/// Read one file: in a reading child when children are on (the binary), else here.
pub fn read(f: &FoundFile, s: &Settings) -> FileResult {
    if let Some(reason) = &f.skip {
        let mut out = FileResult::new(f, FileStatus::Skipped);
        out.issues
            .push(Issue::new(reason.rule(), reason.message(s.lang)).file(&f.rel_path));
        return out;
    }
    if let Some(u) = &f.unlistable {
        let mut out = FileResult::new(f, FileStatus::Unreadable);
        out.issues
            .push(Issue::new(Rule::FileUnreadable, u.message(s.lang)).file(&f.rel_path));
        return out;
    }
    if child::enabled() {
        if let Some(r) = child::read(f, s) {
            return r;
        }
    }
    read_here(f, s.cfg, &s.aliases, s.lang)
}

/// Read, find the tables and parse the rows of one file in this process (the read watched
/// by the time limit on a reader thread).
fn read_here(f: &FoundFile, cfg: &Config, aliases: &Aliases, lang: Lang) -> FileResult {
    from_sheets(f, read_file(f, &cfg.limits), cfg, aliases, lang)
}

/// The tables of the sheets of a file, parsed into records.
pub(crate) fn from_sheets(
    f: &FoundFile,
    sheets: Result<Vec<SheetRead>, ReadError>,
    cfg: &Config,
    aliases: &Aliases,
    lang: Lang,
) -> FileResult {
    let sheets = match sheets {
        Ok(s) => s,
        Err(e) => return FileResult::unreadable(f, &e, lang),
    };
    let parser = RowParser {
        lang,
        spellings: &cfg.communities,
    };
    let mut out = FileResult::new(f, FileStatus::Read);
    for sheet in sheets {
        let sheet = match sheet {
            SheetRead::Ok(s) => s,
            SheetRead::Failed { name, reason } => {
                let msg = match lang {
                    Lang::Zh => format!("工作表“{name}”无法读取：{}", reason.message(lang)),
                    Lang::En => format!("sheet '{name}' cannot be read: {}", reason.message(lang)),
                };
                out.issues.push(
                    Issue::new(Rule::FileUnreadable, msg)
                        .file(&f.rel_path)
                        .sheet(&name),
                );
                out.entry.sheets.push(SheetEntry {
                    name,
                    kind: SheetKind::Unreadable,
                    header_row: None,
                    rows: 0,
                    rows_used: 0,
                });
                continue;
            }
        };
        let mut sheet_issues = Vec::new();
        let found = find_table(&sheet, aliases, cfg, lang, &mut sheet_issues);
        for i in &mut sheet_issues {
            i.file = Some(f.rel_path.clone());
            i.sheet = Some(sheet.name.clone());
        }
        out.issues.append(&mut sheet_issues);
        let table = match found {
            Found::Table(t) => t,
            Found::Unrecognized | Found::Empty => {
                out.entry.sheets.push(SheetEntry {
                    name: sheet.name.clone(),
                    kind: SheetKind::Unrecognized,
                    header_row: None,
                    rows: 0,
                    rows_used: 0,
                });
                continue;
            }
        };
        let loc = Arc::new(SheetLoc {
            file: f.rel_path.clone(),
            sheet: sheet.name.clone(),
            columns: table.columns.clone(),
            date1904: sheet.date1904,
            serials_are_dates: sheet.serials_are_dates,
        });
        let mut used = 0u64;
        out.records.reserve(table.rows.len());
        for row in &table.rows {
            let rec = parser.parse(
                table.kind,
                row,
                Loc {
                    sheet: loc.clone(),
                    row: row.row,
                },
                &mut out.issues,
            );
            used += (!rec.excluded) as u64;
            out.records.push(rec);
        }
        out.entry.sheets.push(SheetEntry {
            name: sheet.name.clone(),
            kind: SheetKind::Table(table.kind),
            header_row: Some(table.header_row),
            rows: table.rows.len() as u64,
            rows_used: used,
        });
    }
    out
}
