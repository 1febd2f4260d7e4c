//! The reading floor (issue: performance): the time to only read a folder's workbooks with
//! calamine, single-threaded — open each file, read every sheet's range, touch every cell.
//! CSV files are read and split into fields. Prints files, cells and seconds.
//!
//! Run: cargo run --release --example read_floor -- DIR

use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{open_workbook_auto, Data, Reader};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: read_floor DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    let start = Instant::now();
    let (mut n_files, mut cells, mut touched) = (0u64, 0u64, 0u64);
    for p in files {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
                let Ok(mut wb) = open_workbook_auto(&p) else {
                    continue;
                };
                n_files += 1;
                for name in wb.sheet_names() {
                    if let Ok(range) = wb.worksheet_range(&name) {
                        for c in range.used_cells() {
                            cells += 1;
                            touched += match c.2 {
                                Data::String(s) => s.len() as u64,
                                Data::Empty => 0,
                                _ => 1,
                            };
                        }
                    }
                }
            }
            "csv" => {
                let Ok(bytes) = std::fs::read(&p) else {
                    continue;
                };
                n_files += 1;
                for line in bytes.split(|b| *b == b'\n') {
                    let fields = line.split(|b| *b == b',').count() as u64;
                    cells += fields;
                    touched += line.len() as u64;
                }
            }
            _ => {}
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("files {n_files} cells {cells} bytes {touched} seconds {secs:.3}");
}
