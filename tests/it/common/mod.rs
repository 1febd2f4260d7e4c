//! Helpers for the integration tests: write small workbooks and CSVs, run the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub mod hostile;
pub mod smtp;

/// A cell value to write.
#[derive(Clone, Debug)]
pub enum V {
    S(&'static str),
    Str(String),
    N(f64),
    /// A date cell.
    D(u16, u8, u8),
    /// A date-time cell.
    Dt(u16, u8, u8, u16, u8),
    /// A time-only cell.
    T(u16, u8),
    E,
}

pub use V::*;

/// One sheet: name, first row (1-based) of `rows`, rows, merged ranges (r1, c1, r2, c2; 0-based).
pub struct SheetSpec {
    pub name: &'static str,
    pub rows: Vec<Vec<V>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub hidden: bool,
}

pub fn sheet(name: &'static str, rows: Vec<Vec<V>>) -> SheetSpec {
    SheetSpec {
        name,
        rows,
        merges: vec![],
        hidden: false,
    }
}

/// The rows of a sheet, one line per row, cells separated by `|`:
///
/// | written | cell |
/// |---|---|
/// | nothing (`a||c`) | empty |
/// | `#3`, `#-1.5` | a number |
/// | `@2020-02-01` | a date cell |
/// | `@2020-03-01 18:00` | a date-time cell |
/// | `@18:30` | a time-only cell |
/// | `'#1` | the text `#1` (a leading `'` keeps the rest as text, as in Excel) |
/// | anything else | that text, spaces included |
///
/// An empty line is an empty row. A cell holding `|` is written with [`V`] instead.
pub fn table(lines: &[&str]) -> Vec<Vec<V>> {
    lines.iter().map(|l| row(l)).collect()
}

/// One row of [`table`].
pub fn row(line: &str) -> Vec<V> {
    if line.is_empty() {
        return vec![];
    }
    line.split('|').map(cell).collect()
}

/// One cell of [`table`].
pub fn cell(s: &str) -> V {
    let num = |t: &str| -> u16 { t.parse().unwrap_or_else(|_| panic!("bad number in {s:?}")) };
    if s.is_empty() {
        E
    } else if let Some(text) = s.strip_prefix('\'') {
        Str(text.to_string())
    } else if let Some(n) = s.strip_prefix('#') {
        N(n.parse().unwrap_or_else(|_| panic!("bad number {s:?}")))
    } else if let Some(d) = s.strip_prefix('@') {
        let (date, time) = match d.split_once(' ') {
            Some((date, time)) => (Some(date), Some(time)),
            None if d.contains(':') => (None, Some(d)),
            None => (Some(d), None),
        };
        let ymd: Option<Vec<u16>> = date.map(|d| d.split('-').map(num).collect());
        let hm: Option<Vec<u16>> = time.map(|t| t.split(':').map(num).collect());
        match (ymd.as_deref(), hm.as_deref()) {
            (Some(&[y, m, d]), None) => D(y, m as u8, d as u8),
            (Some(&[y, m, d]), Some(&[h, mi])) => Dt(y, m as u8, d as u8, h, mi as u8),
            (None, Some(&[h, mi])) => T(h, mi as u8),
            _ => panic!("bad date or time {s:?}"),
        }
    } else {
        Str(s.to_string())
    }
}

pub fn write_xlsx(path: &Path, sheets: Vec<SheetSpec>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let time = Format::new().set_num_format("hh:mm");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name).unwrap();
        for &(r1, c1, r2, c2) in &s.merges {
            let v = match s.rows.get(r1 as usize).and_then(|r| r.get(c1 as usize)) {
                Some(S(t)) => t.to_string(),
                Some(Str(t)) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(r1, c1, r2, c2, &v, &Format::new()).unwrap();
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if s.merges
                    .iter()
                    .any(|&(r1, c1, r2, c2)| r >= r1 && r <= r2 && c >= c1 && c <= c2)
                {
                    continue;
                }
                match v {
                    S(t) => {
                        ws.write_string(r, c, *t).unwrap();
                    }
                    Str(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    D(y, m, d) => {
                        ws.write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                            &date,
                        )
                        .unwrap();
                    }
                    Dt(y, m, d, h, mi) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d)
                            .unwrap()
                            .and_hms(*h, *mi, 0)
                            .unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &datetime).unwrap();
                    }
                    T(h, mi) => {
                        ws.write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_hms(*h, *mi, 0).unwrap(),
                            &time,
                        )
                        .unwrap();
                    }
                    E => {}
                }
            }
        }
        if s.hidden {
            ws.set_hidden(true);
        }
    }
    wb.save(path).unwrap();
}

/// Write a CSV in GBK with the given delimiter: one line per row, cells separated by `|` as
/// in [`table`] (but all text).
pub fn write_gbk_csv(path: &Path, rows: &[&str], delim: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text: String = rows
        .iter()
        .map(|r| r.split('|').collect::<Vec<_>>().join(delim) + "\r\n")
        .collect();
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(path, bytes).unwrap();
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gridreport"))
}

pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Run the binary, sampling every 10 ms the resident memory of it and all its descendants
/// together (Linux), and killing it after `timeout`. Returns the output (its status `None`
/// when killed), the largest sum seen in KB (0 elsewhere) and the time taken.
pub fn run_measured(
    args: &[&str],
    env: &[(&str, &str)],
    timeout: std::time::Duration,
) -> (Output, u64, std::time::Duration) {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(tree_rss_kb(pid));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let out = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (out, peak, started.elapsed())
}

/// Resident memory of `pid` and every process below it, in KB (Linux; 0 elsewhere).
pub fn tree_rss_kb(pid: u32) -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    // pid → (parent, rss KB)
    let mut procs: Vec<(u32, u32, u64)> = Vec::new();
    for e in dir.flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(e.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        };
        procs.push((
            p,
            field("PPid:").unwrap_or(0) as u32,
            field("VmRSS:").unwrap_or(0),
        ));
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    procs
        .iter()
        .filter(|p| tree.contains(&p.0))
        .map(|p| p.2)
        .sum()
}

/// An 18-digit resident id with its check digit (GB 11643) from its first 17 digits.
pub fn id_number(body17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body17}{check}")
}

/// LibreOffice's command, or `None` (with a SKIPPED line naming `test`) when it is not
/// installed; with `CI` set a missing LibreOffice fails the test instead.
pub fn soffice(test: &str) -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|cmd| {
        std::process::Command::new(cmd)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "soffice (LibreOffice) is not installed, and CI is set: install libreoffice-calc"
            );
        }
        eprintln!(
            "SKIPPED {test}: soffice not found \
             (apt-get install -y --no-install-recommends libreoffice-calc fonts-noto-cjk)"
        );
    }
    found
}

/// LibreOffice opens and prints each of `inputs` (`soffice --headless --convert-to pdf`):
/// every one must give a PDF of more than a kilobyte.
pub fn prints_to_pdf(soffice: &str, inputs: &[std::path::PathBuf]) {
    let profile = tempfile::TempDir::new().unwrap();
    let pdf_dir = tempfile::TempDir::new().unwrap();
    let o = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(pdf_dir.path())
        .args(inputs)
        .output()
        .unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "soffice failed: {log}");
    for i in inputs {
        let name = format!("{}.pdf", i.file_stem().unwrap().to_string_lossy());
        let pdf = std::fs::read(pdf_dir.path().join(&name))
            .unwrap_or_else(|e| panic!("{name}: {e}\n{log}"));
        assert!(
            pdf.starts_with(b"%PDF") && pdf.len() > 1000,
            "{name} is not a PDF\n{log}"
        );
    }
}

/// `gridreport build INPUT -o OUT EXTRA…`, which must exit 0; its summary.json.
pub fn build_json(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    read_json(&out.join("summary.json"))
}

/// The entry named `name` of `v["communities"]`.
pub fn community<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// `v` is the number `x` (to 1e-12).
pub fn close(v: &serde_json::Value, x: f64) -> bool {
    v.as_f64().is_some_and(|y| (y - x).abs() < 1e-12)
}
