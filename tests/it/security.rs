//! Hostile names and values end to end: output files stay inside OUT with distinct names,
//! the HTML escapes script probes, the workbooks hold no formula made from input, and no
//! personal value (name, id, phone, address) reaches any output unmasked.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{open_workbook_auto, Reader};

const PROBES: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "'><iframe src=javascript:alert(1)>",
];
/// Text that a spreadsheet would run as a formula if it were written as one.
const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
];

/// An 18-digit resident id with its check digit (GB 11643).
fn id_number(body17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body17}{check}")
}

struct Pii {
    names: Vec<String>,
    ids: Vec<String>,
    phones: Vec<String>,
    addresses: Vec<String>,
}

impl Pii {
    fn all(&self) -> Vec<&String> {
        self.names
            .iter()
            .chain(&self.ids)
            .chain(&self.phones)
            .chain(&self.addresses)
            .collect()
    }
}

fn pii(n: usize) -> Pii {
    let surnames = ["欧阳", "司马", "诸葛", "上官", "皇甫"];
    let given = ["娜娜", "晓峰", "梓涵", "浩然", "雨桐"];
    Pii {
        names: (0..n)
            .map(|i| format!("{}{}", surnames[i % 5], given[(i / 5) % 5]))
            .collect(),
        ids: (0..n)
            .map(|i| {
                id_number(&format!(
                    "4407031985{:02}{:02}{:03}",
                    1 + i % 12,
                    1 + i % 28,
                    101 + i
                ))
            })
            .collect(),
        phones: (0..n)
            .map(|i| format!("139{:08}", 20_240_000 + i * 7))
            .collect(),
        addresses: (0..n)
            .map(|i| format!("蓬江区建设路{}号{}室", 10 + i, 101 + i))
            .collect(),
    }
}

/// Community names that are hostile as file names, or XSS / formula probes.
fn communities() -> Vec<String> {
    let mut v: Vec<String> = vec![
        "../../x".into(),
        "CON".into(),
        "a/b".into(),
        "社".repeat(100), // 300 bytes
        "Abc社区".into(),
        "abc社区".into(),
        ".hidden".into(),
        "nul.txt".into(),
    ];
    v.extend(PROBES.iter().map(|p| p.to_string()));
    v.extend(FORMULAS.iter().map(|p| p.to_string()));
    v
}

fn write_input(dir: &Path, pii: &Pii) {
    let mut hh = table(&["社区|大网格|楼栋|户号|人数|户主姓名|身份证号|联系电话|住址|小区类型"]);
    let mut staff = table(&["社区|姓名|身份|大网格|身份证号|联系电话"]);
    let mut iso = table(&["社区|姓名|隔离开始日期|身份证号|联系电话"]);
    let names = communities();
    for (i, c) in names.iter().enumerate() {
        let probe = PROBES[i % PROBES.len()];
        let formula = FORMULAS[i % FORMULAS.len()];
        // Households: the id and phone of every third row are broken, so that issues name them.
        let id = if i % 3 == 0 {
            pii.ids[i][..17].to_string() + "0"
        } else {
            pii.ids[i].clone()
        };
        let phone = if i % 3 == 1 {
            pii.phones[i][..10].to_string()
        } else {
            pii.phones[i].clone()
        };
        // Probes and formulas may hold `|` or start with `=`, `@`: cells, not `row` text.
        let big_grid = if i % 2 == 0 { probe } else { formula };
        let role = if i % 2 == 0 { probe } else { "网格员" };
        let (names, ids, phones, addresses) = (&pii.names, &pii.ids, &pii.phones, &pii.addresses);
        #[rustfmt::skip]
        hh.push(vec![Str(c.clone()), S(big_grid), S(probe), S(formula), N(2.0), Str(names[i].clone()), Str(id), Str(phone), Str(addresses[i].clone()), S(probe)]);
        #[rustfmt::skip]
        hh.push(vec![Str(c.clone()), S(probe), S(probe), S(formula), S("三"), Str(names[i].clone()), Str(ids[i].clone()), Str(phones[i].clone()), Str(addresses[i].clone())]);
        #[rustfmt::skip]
        staff.push(vec![Str(c.clone()), Str(names[i + 20].clone()), S(role), S(probe), Str(ids[i + 20].clone()), Str(phones[i + 20][..9].to_string())]);
        #[rustfmt::skip]
        iso.push(vec![Str(c.clone()), Str(names[i + 40].clone()), S(probe), Str(ids[i + 40][..16].to_string()), Str(phones[i + 40].clone())]);
    }
    write_xlsx(
        &dir.join("<svg onload=alert(1)>")
            .join("\"><img src=x onerror=alert(1)>.xlsx"),
        vec![
            sheet("<img src=x onerror=alert(1)>", hh),
            sheet("=1+1", staff),
            sheet("@cmd", iso),
        ],
    );
}

fn files_under(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The text of a file; for a workbook, every part of it unzipped.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let mut s = String::new();
            let _ = part.read_to_string(&mut s);
            all.push_str(&s);
        }
        all
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

#[test]
fn hostile_names_probes_and_pii() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let pii = pii(60);
    write_input(&input, &pii);
    let out = tmp.path().join("out");
    // A report of an earlier day first: the second build carries its history snapshot over,
    // compares with it and writes its own (both searched below, with the change panels).
    let earlier = crate::common::run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2020-03-01",
    ]);
    assert_eq!(earlier.status.code(), Some(0));
    let run = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let check = crate::common::run(&["check", input.to_str().unwrap()]);
    let summary = read_json(&out.join("summary.json"));
    let n = communities().len();
    assert_eq!(summary["communities"].as_array().unwrap().len(), n);

    // Every file written is inside OUT, and the community files are distinct (ignoring case).
    let outputs = files_under(&out);
    let root = out.canonicalize().unwrap();
    for f in &outputs {
        assert!(f.canonicalize().unwrap().starts_with(&root), "{f:?}");
    }
    assert!(files_under(tmp.path())
        .iter()
        .all(|f| f.starts_with(&out) || f.starts_with(&input)));
    for ext in ["html", "xlsx"] {
        let names: BTreeSet<String> = outputs
            .iter()
            .filter(|f| f.parent().unwrap().ends_with("communities"))
            .filter(|f| f.extension().is_some_and(|e| e == ext))
            .map(|f| f.file_name().unwrap().to_string_lossy().to_lowercase())
            .collect();
        assert_eq!(names.len(), n, "{ext}: {names:?}");
        for name in &names {
            assert!(name.len() <= 80 + 10, "{name}");
            assert!(!name.starts_with('.'), "{name}");
            let stem = name.split('.').next().unwrap().to_uppercase();
            assert!(!["CON", "NUL"].contains(&stem.as_str()), "{name}");
        }
    }

    let mut html_checked = 0;
    for f in &outputs {
        let text = text_of(f);
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        // No raw probe in the HTML, and no javascript: link.
        if ext == "html" {
            html_checked += 1;
            for p in PROBES.iter().filter(|p| p.contains('<')) {
                assert!(!text.contains(p), "{f:?} holds {p}");
            }
            assert!(!text.contains("\"><img"), "{f:?}");
            for attr in [
                "href=\"javascript:",
                "src=\"javascript:",
                "<img",
                "<iframe",
                "<svg onload",
            ] {
                assert!(!text.contains(attr), "{f:?} holds {attr}");
            }
        }
        // No personal value in any output, in any form but masked.
        for v in pii.all() {
            assert!(!text.contains(v.as_str()), "{f:?} holds {v}");
        }
    }
    assert!(html_checked >= n + 3);
    // Every history snapshot was among the files searched.
    let snapshots = outputs
        .iter()
        .filter(|f| f.parent().unwrap().ends_with("history"))
        .count();
    assert_eq!(snapshots, 2, "both days' snapshots are searched for PII");
    // The community workbooks do carry the values, masked (so the search above means something).
    let masked = outputs
        .iter()
        .filter(|f| f.parent().unwrap().ends_with("communities"))
        .filter(|f| f.extension().is_some_and(|e| e == "xlsx"))
        .map(|f| text_of(f))
        .filter(|t| t.contains("440703********") && t.contains("****"))
        .count();
    assert!(masked > 0, "no masked id in the community workbooks");
    let check_text = String::from_utf8_lossy(&check.stdout);
    for v in pii.all() {
        assert!(!check_text.contains(v.as_str()), "check output holds {v}");
    }
    assert!(
        check_text.contains("身份证号") || check_text.contains("id"),
        "the check output names the id problems"
    );

    // No formula in any workbook: every probe that starts like one reads back as text.
    let mut formula_texts = 0;
    for f in outputs
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "xlsx"))
    {
        let mut wb = open_workbook_auto(f).unwrap();
        for name in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            for fo in formulas.used_cells().map(|(_, _, s)| s) {
                for bit in ["HYPERLINK", "cmd", "2+3", "SUM(1,2)", "1+1"] {
                    assert!(!fo.contains(bit), "{f:?} {name}: formula {fo}");
                }
            }
            let range = wb.worksheet_range(&name).unwrap();
            formula_texts += range
                .used_cells()
                .filter(|(_, _, v)| {
                    matches!(v, calamine::Data::String(s) if FORMULAS.iter().any(|p| s.contains(p)))
                })
                .count();
        }
    }
    assert!(
        formula_texts > 0,
        "the formula-like values were written as text"
    );
}

/// `check` prints one line per issue whatever the files hold: a file name with line breaks
/// and tabs, a sheet name and cells with terminal escape codes (clear screen, hidden text)
/// cannot split an issue over several lines, forge an `error` line or reach the terminal.
#[cfg(unix)]
#[test]
fn check_output_is_one_line_per_issue_without_escape_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let evil_name = "x\nerror\tforged.xlsx: [file_unreadable] fake\n.xlsx";
    write_xlsx(
        &input.join(evil_name),
        vec![sheet(
            "Sheet1",
            table(&[
                "社区|大网格|楼栋|户号|人数|联系电话",
                "城东社区|#1|A1|H1|\u{1b}[2J三|\u{1b}]0;pwned\u{7}",
            ]),
        )],
    );
    // A CSV's sheet is named after its file: escape codes in the name reach the sheet too.
    std::fs::write(
        input.join("s\u{1b}[8m.csv"),
        "社区,大网格,楼栋,户号,人数\n城东社区,1,A1,H2,\u{1b}[31m二\n",
    )
    .unwrap();
    let out = run(&["check", "--lang", "en", input.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let s = read_issue_count(&text);
    assert!(text.contains("sheet 's\\u{1b}[8m'"), "{text}");
    assert_eq!(text.lines().count(), s + 1, "{text}");
    assert!(!text.bytes().any(|b| b == 0x1b || b == 0x07), "{text:?}");
    assert!(
        text.lines().all(|l| l.starts_with("error\t")
            || l.starts_with("warning\t")
            || l.starts_with("info\t")
            || l.ends_with("infos")
            || l.ends_with("info")),
        "{text}"
    );
    assert!(text.contains("x\\nerror\\tforged.xlsx"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.bytes().any(|b| b == 0x1b), "{err:?}");
}

/// The issue count of `check`'s last line.
fn read_issue_count(text: &str) -> usize {
    let last = text.lines().last().unwrap_or("");
    last.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count line: {last}"))
}
