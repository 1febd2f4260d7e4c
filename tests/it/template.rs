//! `gridreport template` and `gridreport mail --templates`: the real binary writes the
//! templates; they are read back with calamine, filled in with valid rows in their own
//! columns and built; their sheet XML is checked for each validation and format; LibreOffice
//! converts them; the sample district gets one per community with its own codes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::smtp::*;
use crate::common::*;
use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;

/// Sheet name → table kind (the sheet names of a Chinese template).
const KINDS: [(&str, &str); 5] = [
    ("住户台账", "households"),
    ("居家隔离", "isolation"),
    ("工作人员", "staff"),
    ("日报告", "daily"),
    ("网格划分", "grids"),
];
const GUIDE: &str = "填表说明";
const LISTS: &str = "下拉列表";
const AS_OF: &str = "2020-03-04";

/// A community of the small input: its name and its (big grid, building) pairs.
struct Place {
    name: &'static str,
    pairs: Vec<(&'static str, &'static str)>,
    /// The lists the template should hold, in natural order.
    big_grids: Vec<&'static str>,
    buildings: Vec<&'static str>,
}

/// What the templates should list: 城东 keeps a grid table (with a building only its
/// register names), 城西 only registers (one row spelled 城西居委会), 城北 is only in the
/// config.
fn places() -> Vec<Place> {
    vec![
        Place {
            name: "城东社区",
            pairs: vec![
                ("1", "1-1"),
                ("1", "1-2"),
                ("2", "2-1"),
                ("10", "10-1"),
                ("2", "2-3"),
            ],
            big_grids: vec!["1", "2", "10"],
            buildings: vec!["1-1", "1-2", "2-1", "2-3", "10-1"],
        },
        Place {
            name: "城西社区",
            pairs: vec![("A", "A1"), ("A", "A2"), ("B", "B1")],
            big_grids: vec!["A", "B"],
            buildings: vec!["A1", "A2", "B1"],
        },
        Place {
            name: "城北社区",
            pairs: vec![],
            big_grids: vec![],
            buildings: vec![],
        },
    ]
}

/// The small input folder with its config; returns INPUT.
fn write_input(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    let grid_rows: Vec<Vec<V>> = std::iter::once(row("社区|大网格|楼栋"))
        .chain(
            [("1", "1-1"), ("1", "1-2"), ("2", "2-1"), ("10", "10-1")]
                .iter()
                .map(|(g, b)| vec![S("城东社区"), S(g), S(b)]),
        )
        .collect();
    write_xlsx(
        &input.join("城东/网格划分.xlsx"),
        vec![sheet("网格", grid_rows)],
    );
    let header = row("社区|大网格|楼栋|户号|人数|排查日期");
    let mut rows = vec![header.clone()];
    for (i, (g, b)) in [("1", "1-1"), ("2", "2-3"), ("10", "10-1")]
        .iter()
        .enumerate()
    {
        rows.push(row(&format!("城东社区|{g}|{b}|D{i}|#3|@2020-03-01")));
    }
    write_xlsx(&input.join("城东/台账.xlsx"), vec![sheet("台账", rows)]);
    let mut rows = vec![header];
    for (i, (c, g, b)) in [
        ("城西社区", "B", "B1"),
        ("城西社区", "A", "A2"),
        ("城西居委会", "A", "A1"),
        ("城西社区", "A", "A1"),
    ]
    .iter()
    .enumerate()
    {
        rows.push(row(&format!("{c}|{g}|{b}|X{i}|#2|@2020-03-02")));
    }
    write_xlsx(&input.join("城西/台账.xlsx"), vec![sheet("台账", rows)]);
    write_xlsx(
        &input.join("城东/日报告.xlsx"),
        vec![sheet(
            "日报",
            table(&["日期|社区|大网格", "@2020-03-04|城东社区|1"]),
        )],
    );
    std::fs::write(
        input.join("gridreport.toml"),
        "name = \"测试街道\"\n[mail.to]\n\"城东社区\" = \"chengdong@example.org\"\n\"城北社区\" = \"chengbei@example.org\"\n",
    )
    .unwrap();
    input
}

fn template(args: &[&str]) -> Output {
    let mut all = vec!["template"];
    all.extend_from_slice(args);
    run(&all)
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The workbooks of a folder, by file name.
fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    v
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn read_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// The hidden sheet's lists: community, big grid codes, building codes.
fn lists(path: &Path) -> (Vec<String>, Vec<String>, Vec<String>) {
    let rows = read_sheet(path, LISTS);
    let column = |c: usize| -> Vec<String> {
        rows.iter()
            .skip(1)
            .filter_map(|r| r.get(c).filter(|v| !v.is_empty()).cloned())
            .collect()
    };
    (column(0), column(1), column(2))
}

/// An id number, male for an odd `seq`, born 1985-06-01.
fn id(seq: usize) -> String {
    id_number(&format!("44070319850601{:03}", seq % 1000))
}

/// Valid rows of one kind for one community, by canonical header (`E` where a value is left
/// out on purpose).
fn rows_for(
    kind: &str,
    community: &str,
    pairs: &[(String, String)],
    seq: &mut usize,
) -> Vec<BTreeMap<&'static str, V>> {
    let c = || Str(community.to_string());
    let mut next = || {
        *seq += 1;
        *seq
    };
    let mut out = Vec::new();
    let big_grids: BTreeSet<&String> = pairs.iter().map(|(g, _)| g).collect();
    let (g0, _) = &pairs[0];
    match kind {
        "grids" => {
            for (g, b) in pairs {
                out.push(BTreeMap::from([
                    ("社区", c()),
                    ("大网格", Str(g.clone())),
                    ("小网格", Str(b.clone())),
                ]));
            }
        }
        "households" => {
            for (i, (g, b)) in pairs.iter().enumerate() {
                out.push(BTreeMap::from([
                    ("社区", c()),
                    ("大网格", Str(g.clone())),
                    ("小网格", Str(b.clone())),
                    ("户号", Str(format!("H{i:03}"))),
                    ("人数", N(3.0)),
                    ("户主", Str(format!("户主{i}"))),
                    ("身份证号", Str(id(next()))),
                    ("联系电话", S("13800138000")),
                    ("住址", Str(format!("XX路{i}号"))),
                    ("小区类型", S("封闭式小区")),
                    ("排查日期", D(2020, 3, 1)),
                ]));
            }
        }
        "isolation" => {
            let (g, b) = &pairs[0];
            out.push(BTreeMap::from([
                ("社区", c()),
                ("姓名", S("隔离者")),
                ("隔离开始日期", D(2020, 2, 10)),
                ("解除隔离日期", D(2020, 2, 23)),
                ("大网格", Str(g.clone())),
                ("小网格", Str(b.clone())),
                ("户号", S("H000")),
                ("身份证号", Str(id(next()))),
                ("联系电话", S("0750-1234567")),
            ]));
        }
        "staff" => {
            let mut person = |role: &'static str, g: Option<&String>, b: Option<&String>| {
                let n = next();
                BTreeMap::from([
                    ("社区", c()),
                    ("姓名", Str(format!("{role}{n}"))),
                    ("身份", S(role)),
                    ("性别", S(if n % 2 == 1 { "男" } else { "女" })),
                    ("出生日期", D(1985, 6, 1)),
                    ("年龄", N(34.0)),
                    ("大网格", g.map_or(E, |g| Str(g.clone()))),
                    ("小网格", b.map_or(E, |b| Str(b.clone()))),
                    ("身份证号", Str(id(n))),
                    ("联系电话", S("13800138000")),
                ])
            };
            out.push(person("社区工作者", Some(g0), None));
            for (g, b) in pairs {
                out.push(person("信息员", Some(g), Some(b)));
            }
            out.push(person("下沉干部", Some(g0), None));
            out.push(person("民警", Some(g0), None));
            out.push(person("志愿者", None, None));
            out.push(person("物管", None, None));
        }
        "daily" => {
            for g in big_grids {
                out.push(BTreeMap::from([
                    ("日期", D(2020, 3, 4)),
                    ("社区", c()),
                    ("大网格", Str(g.clone())),
                    ("走访户数", N(10.0)),
                    ("新增返回人员", N(0.0)),
                    ("居家隔离人数", N(1.0)),
                    ("发热人数", N(0.0)),
                    ("上报时间", T(18, 30)),
                ]));
            }
        }
        other => panic!("kind {other}"),
    }
    out
}

/// The templates of the small input, written once per test.
fn templates(tmp: &Path) -> (PathBuf, PathBuf) {
    let input = write_input(tmp);
    let out = tmp.join("模板");
    ok(&template(&["-o", s(&out), "--from", s(&input)]));
    (input, out)
}

/// Round trip: every template, filled in with valid rows in its own columns, builds with
/// every row read and no error or warning; the empty templates build to nothing.
#[test]
fn filled_templates_build_without_issues_and_empty_ones_to_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = templates(tmp.path());
    let books = workbooks(&out);
    let names: Vec<String> = books
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["城东社区", "城北社区", "城西社区"]);

    // The same input gives the same bytes.
    let again = tmp.path().join("again");
    ok(&template(&["-o", s(&again), "--from", s(&input)]));
    for b in &books {
        let name = b.file_name().unwrap();
        assert_eq!(
            std::fs::read(b).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name:?}"
        );
    }

    let filled = tmp.path().join("filled");
    let mut expected_rows: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut seq = 0;
    let all = places();
    for (book, place) in books.iter().zip([&all[0], &all[2], &all[1]]) {
        let wb = open_workbook_auto(book).unwrap();
        let sheet_names = wb.sheet_names();
        let mut want: Vec<&str> = vec![GUIDE];
        want.extend(KINDS.iter().map(|(n, _)| *n));
        want.push(LISTS);
        assert_eq!(sheet_names, want, "{book:?}");
        // The lists: exactly the community's codes, in natural order.
        let (community, big_grids, buildings) = lists(book);
        assert_eq!(community, vec![place.name.to_string()]);
        assert_eq!(big_grids, place.big_grids, "{book:?}");
        assert_eq!(buildings, place.buildings, "{book:?}");

        // 填表说明 is text for people: no row of it names two columns (a header row).
        let columns: BTreeSet<String> = KINDS
            .iter()
            .flat_map(|(n, _)| read_sheet(book, n).remove(0))
            .map(|h| h.trim_end_matches('*').to_string())
            .collect();
        for row in read_sheet(book, GUIDE) {
            let named = row
                .iter()
                .filter(|c| columns.contains(c.trim_end_matches('*')))
                .count();
            assert!(named <= 1, "{book:?}: {row:?}");
        }

        // Filled in: a community without codes gets codes of its own.
        let pairs: Vec<(String, String)> = if place.pairs.is_empty() {
            vec![("1".into(), "1-1".into())]
        } else {
            place
                .pairs
                .iter()
                .map(|(g, b)| (g.to_string(), b.to_string()))
                .collect()
        };
        let mut sheets = Vec::new();
        for (sheet_name, kind) in KINDS {
            let rows = read_sheet(book, sheet_name);
            assert_eq!(rows.len(), 1, "{book:?} {sheet_name}: only the header");
            let header = &rows[0];
            let values = rows_for(kind, place.name, &pairs, &mut seq);
            let mut out = vec![header.iter().map(|h| Str(h.clone())).collect::<Vec<V>>()];
            for v in &values {
                out.push(
                    header
                        .iter()
                        .map(|h| {
                            let name = h.trim_end_matches('*');
                            v.get(name)
                                .cloned()
                                .unwrap_or_else(|| panic!("{sheet_name}: no value for column {h}"))
                        })
                        .collect(),
                );
            }
            expected_rows.insert(
                (format!("{}.xlsx", place.name), sheet_name.to_string()),
                values.len(),
            );
            sheets.push(sheet(sheet_name, out));
        }
        write_xlsx(&filled.join(format!("{}.xlsx", place.name)), sheets);
    }
    let cfg = tmp.path().join("filled.toml");
    std::fs::write(&cfg, "big_grid_min = 1\n").unwrap();
    let report = tmp.path().join("report");
    ok(&run(&[
        "build",
        s(&filled),
        "-o",
        s(&report),
        "--config",
        s(&cfg),
        "--as-of",
        AS_OF,
    ]));
    let summary = read_json(&report.join("summary.json"));
    let not_infos: Vec<&serde_json::Value> = summary["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] != "info")
        .collect();
    assert!(not_infos.is_empty(), "{not_infos:#?}");
    let mut seen = 0;
    for f in summary["files"].as_array().unwrap() {
        for sh in f["sheets"].as_array().unwrap() {
            let key = (
                f["path"].as_str().unwrap().to_string(),
                sh["name"].as_str().unwrap().to_string(),
            );
            let want = expected_rows[&key];
            let kind = KINDS.iter().find(|(n, _)| *n == key.1).unwrap().1;
            assert_eq!(sh["kind"], kind, "{key:?}");
            assert_eq!(sh["rows"], want as u64, "{key:?}");
            assert_eq!(sh["rows_used"], want as u64, "{key:?}");
            seen += 1;
        }
    }
    assert_eq!(seen, expected_rows.len());
    assert_eq!(summary["totals"]["communities"], 3);
    assert_eq!(summary["totals"]["households"], 9);
    assert_eq!(summary["totals"]["informants"], 9);

    // The empty templates: every data sheet read as its kind, no rows, no error or warning.
    let report = tmp.path().join("report-empty");
    ok(&run(&[
        "build",
        s(&out),
        "-o",
        s(&report),
        "--as-of",
        AS_OF,
    ]));
    let summary = read_json(&report.join("summary.json"));
    assert_eq!(summary["issues"]["errors"], 0);
    assert_eq!(summary["issues"]["warnings"], 0, "{:#?}", summary["issues"]);
    assert_eq!(summary["totals"]["communities"], 0);
    let mut data_sheets = 0;
    for f in summary["files"].as_array().unwrap() {
        for sh in f["sheets"].as_array().unwrap() {
            assert_eq!(sh["rows"], 0);
            let name = sh["name"].as_str().unwrap();
            match KINDS.iter().find(|(n, _)| *n == name) {
                Some((_, kind)) => {
                    assert_eq!(sh["kind"], *kind, "{name}");
                    assert_eq!(sh["header_row"], 1);
                    data_sheets += 1;
                }
                None => assert_eq!(sh["kind"], "unrecognized", "{name}"),
            }
        }
    }
    assert_eq!(data_sheets, 15);
}

/// A (possibly self-closing) element's attribute.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    element[at..].split('"').next()
}

/// Every `<dataValidation>` of a sheet's XML: (sqref, type, errorStyle, formula1, formula2,
/// prompt, error).
#[derive(Debug, Default, Clone)]
struct Dv {
    sqref: String,
    kind: String,
    style: String,
    f1: String,
    f2: String,
    prompt: String,
    error: String,
}

fn validations(xml: &str) -> Vec<Dv> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<dataValidation ") {
        let tail = &rest[at..];
        let open_end = tail.find('>').unwrap();
        let open = &tail[..=open_end];
        let (body, next) = if open.ends_with("/>") {
            ("", &tail[open_end + 1..])
        } else {
            let close = tail.find("</dataValidation>").unwrap();
            (&tail[open_end + 1..close], &tail[close..])
        };
        let inner = |tag: &str| {
            body.split(&format!("<{tag}>"))
                .nth(1)
                .and_then(|t| t.split(&format!("</{tag}>")).next())
                .unwrap_or("")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        };
        out.push(Dv {
            sqref: attr(open, "sqref").unwrap_or("").into(),
            kind: attr(open, "type").unwrap_or("any").into(),
            style: attr(open, "errorStyle").unwrap_or("stop").into(),
            f1: inner("formula1"),
            f2: inner("formula2"),
            prompt: attr(open, "prompt").unwrap_or("").into(),
            error: attr(open, "error").unwrap_or("").into(),
        });
        rest = next;
    }
    out
}

fn zip_text(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn column_letter(i: usize) -> String {
    let mut i = i;
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Excel's serial number of a date (1900 system, with its 29 February 1900 after serial 59).
fn serial(d: NaiveDate) -> i64 {
    let march_1900 = NaiveDate::from_ymd_opt(1900, 3, 1).unwrap();
    let zero = if d < march_1900 {
        (1899, 12, 31)
    } else {
        (1899, 12, 30)
    };
    (d - NaiveDate::from_ymd_opt(zero.0, zero.1, zero.2).unwrap()).num_days()
}

/// The sheet XML holds each validation (type, range, list source) on the right column and
/// the text format on id, phone and code columns.
#[test]
fn sheet_xml_has_each_validation_and_format_on_its_column() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, out) = templates(tmp.path());
    let book = out.join("城东社区.xlsx");
    // Sheets in order: sheet1 is 填表说明, sheet2.. the kinds, the last the lists.
    let workbook = zip_text(&book, "xl/workbook.xml");
    assert!(
        workbook.contains(&format!(
            "<sheet name=\"{LISTS}\" sheetId=\"7\" state=\"hidden\""
        )),
        "{workbook}"
    );
    // Cell formats: the style ids whose number format is text (49), a date or a whole number.
    let styles = zip_text(&book, "xl/styles.xml");
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    let num_fmt: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| {
            attr(&format!(" {x}"), "numFmtId")
                .unwrap_or("0")
                .to_string()
        })
        .collect();
    let fmt_code = |id: &str| -> String {
        match id {
            "49" => "@".into(),
            "1" => "0".into(),
            "0" => "General".into(),
            id => styles
                .split(&format!("numFmtId=\"{id}\" formatCode=\""))
                .nth(1)
                .and_then(|t| t.split('"').next())
                .unwrap_or("?")
                .replace("&lt;", "<"),
        }
    };
    // Window: the input's median report date 2020-03-04 ± 366 days.
    let median = NaiveDate::from_ymd_opt(2020, 3, 4).unwrap();
    let (from, to) = (
        median - chrono::Days::new(366),
        median + chrono::Days::new(366),
    );
    let as_of = median;
    let birth_from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();

    for (i, (sheet_name, kind)) in KINDS.iter().enumerate() {
        let xml = zip_text(&book, &format!("xl/worksheets/sheet{}.xml", i + 2));
        let header = &read_sheet(&book, sheet_name)[0];
        let dvs = validations(&xml);
        assert_eq!(
            dvs.len(),
            header.len(),
            "{sheet_name}: one validation per column"
        );
        // Frozen header row and a table over the header.
        assert!(
            xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
            "{sheet_name}"
        );
        assert!(xml.contains("<tablePart "), "{sheet_name}");
        let cols = xml
            .split("<cols>")
            .nth(1)
            .unwrap()
            .split("</cols>")
            .next()
            .unwrap();
        for (c, h) in header.iter().enumerate() {
            let letter = column_letter(c);
            let dv = dvs
                .iter()
                .find(|d| d.sqref == format!("{letter}2:{letter}1048576"))
                .unwrap_or_else(|| panic!("{sheet_name} {h}: no validation on column {letter}"));
            assert!(!dv.prompt.is_empty(), "{sheet_name} {h}: no input message");
            // The column's format.
            let style = cols
                .split("<col ")
                .skip(1)
                .find(|col| {
                    let min: usize = attr(&format!(" {col}"), "min").unwrap().parse().unwrap();
                    let max: usize = attr(&format!(" {col}"), "max").unwrap().parse().unwrap();
                    (min..=max).contains(&(c + 1))
                })
                .and_then(|col| attr(&format!(" {col}"), "style").map(str::to_string))
                .unwrap_or_else(|| panic!("{sheet_name} {h}: no column format"));
            let code = fmt_code(&num_fmt[style.parse::<usize>().unwrap()]);
            let name = h.trim_end_matches('*');
            let refuses = |dv: &Dv| {
                assert!(!dv.error.is_empty(), "{sheet_name} {h}: no error message");
            };
            match name {
                "社区" => {
                    assert_eq!(
                        (dv.kind.as_str(), dv.f1.as_str()),
                        ("list", "'下拉列表'!$A$2:$A$2"),
                        "{h}"
                    );
                    assert_eq!(dv.style, "stop");
                    refuses(dv);
                    assert_eq!(code, "@");
                }
                "大网格" | "小网格" => {
                    let (col, n) = if name == "大网格" {
                        ("B", 3)
                    } else {
                        ("C", 5)
                    };
                    assert_eq!(dv.kind, "list", "{sheet_name} {h}");
                    assert_eq!(
                        dv.f1,
                        format!("'下拉列表'!${col}$2:${col}${}", n + 1),
                        "{sheet_name} {h}"
                    );
                    let defines = matches!(*kind, "households" | "grids");
                    assert_eq!(
                        dv.style,
                        if defines { "warning" } else { "stop" },
                        "{sheet_name} {h}"
                    );
                    refuses(dv);
                    assert_eq!(code, "@", "{sheet_name} {h}");
                }
                "户号" | "户主" | "姓名" | "住址" => {
                    assert_eq!(dv.kind, "any", "{sheet_name} {h}");
                    assert_eq!(code, "@", "{sheet_name} {h}");
                }
                "联系电话" => {
                    assert_eq!(dv.kind, "any");
                    assert_eq!(code, "@", "{sheet_name} {h}");
                }
                "身份证号" => {
                    assert_eq!(dv.kind, "custom");
                    assert_eq!(dv.f1, format!("OR(LEN({letter}2)=18,LEN({letter}2)=15)"));
                    refuses(dv);
                    assert_eq!(code, "@", "{sheet_name} {h}");
                }
                "人数" | "年龄" => {
                    assert_eq!(
                        (dv.kind.as_str(), dv.f1.as_str(), dv.f2.as_str()),
                        ("whole", "1", "99")
                    );
                    refuses(dv);
                    assert_eq!(code, "0");
                }
                "走访户数" | "新增返回人员" | "居家隔离人数" | "发热人数" => {
                    assert_eq!((dv.kind.as_str(), dv.f1.as_str()), ("whole", "0"));
                    assert!(dv.f2.is_empty());
                    refuses(dv);
                    assert_eq!(code, "0");
                }
                "排查日期" | "隔离开始日期" | "解除隔离日期" | "日期" => {
                    assert_eq!(dv.kind, "date", "{h}");
                    assert_eq!(dv.f1, serial(from).to_string(), "{h}");
                    assert_eq!(dv.f2, serial(to).to_string(), "{h}");
                    refuses(dv);
                    assert_eq!(code, "yyyy-mm-dd");
                }
                "出生日期" => {
                    assert_eq!(dv.kind, "date");
                    assert_eq!(
                        (dv.f1.clone(), dv.f2.clone()),
                        (serial(birth_from).to_string(), serial(as_of).to_string())
                    );
                    assert_eq!(code, "yyyy-mm-dd");
                }
                "上报时间" => {
                    assert_eq!(dv.kind, "custom");
                    assert!(dv.f1.contains(&format!("ISNUMBER({letter}2)")), "{}", dv.f1);
                    assert!(
                        dv.f1.contains("DATE(2019,3,4)") && dv.f1.contains("DATE(2021,3,5)"),
                        "{}",
                        dv.f1
                    );
                    assert_eq!(code, "[<1]hh:mm;yyyy-mm-dd hh:mm");
                }
                "身份" => {
                    assert_eq!(
                        (dv.kind.as_str(), dv.f1.as_str()),
                        ("list", "\"社区工作者,信息员,下沉干部,民警,志愿者,物管\"")
                    );
                    assert_eq!(dv.style, "stop");
                    refuses(dv);
                }
                "性别" => {
                    assert_eq!((dv.kind.as_str(), dv.f1.as_str()), ("list", "\"男,女\""));
                    refuses(dv);
                }
                "小区类型" => {
                    assert_eq!(
                        (dv.kind.as_str(), dv.f1.as_str()),
                        ("list", "\"封闭式小区,无物业小区\"")
                    );
                    assert_eq!(dv.style, "warning");
                }
                other => panic!("{sheet_name}: unexpected column {other}"),
            }
        }
    }
}

#[test]
fn blank_english_and_partial_templates() {
    let tmp = tempfile::tempdir().unwrap();
    // No --from, no config: one blank template, free text for community and codes.
    let blank = tmp.path().join("blank");
    ok(&template(&["-o", s(&blank), "--as-of", AS_OF]));
    let books = workbooks(&blank);
    assert_eq!(books, vec![blank.join("模板.xlsx")]);
    let wb = open_workbook_auto(&books[0]).unwrap();
    assert!(!wb.sheet_names().contains(&LISTS.to_string()));
    let xml = zip_text(&books[0], "xl/worksheets/sheet2.xml");
    let dvs = validations(&xml);
    let on = |col: &str| {
        dvs.iter()
            .find(|d| d.sqref.starts_with(&format!("{col}2:")))
            .unwrap()
    };
    assert_eq!(on("A").kind, "any", "community: free text");
    assert_eq!(on("B").kind, "any", "big grid: free text");
    assert_eq!(on("E").kind, "whole", "members");
    let report = tmp.path().join("r");
    ok(&run(&["build", s(&blank), "-o", s(&report)]));
    let summary = read_json(&report.join("summary.json"));
    assert_eq!(summary["issues"]["errors"], 0);
    assert_eq!(summary["issues"]["warnings"], 0);

    // Communities from the config; English words, Chinese headers.
    let cfg = tmp.path().join("g.toml");
    std::fs::write(
        &cfg,
        "community_order = [\"城西社区\"]\n[communities]\n\"城东居\" = \"城东社区\"\n",
    )
    .unwrap();
    let en = tmp.path().join("en");
    ok(&template(&[
        "-o",
        s(&en),
        "--config",
        s(&cfg),
        "--lang",
        "en",
        "--as-of",
        AS_OF,
    ]));
    let books = workbooks(&en);
    assert_eq!(books.len(), 2);
    let wb = open_workbook_auto(&books[0]).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Instructions",
            "households",
            "isolation",
            "staff",
            "daily reports",
            "grids",
            "Lists"
        ]
    );
    let header = &read_sheet(&books[0], "households")[0];
    assert_eq!(header[0], "社区*");
    let guide = read_sheet(&books[0], "Instructions");
    assert!(
        guide
            .iter()
            .flatten()
            .any(|c| c.contains("pasted values bypass them")),
        "{guide:?}"
    );
    let list = read_json(&en.join("mail.json"));
    assert_eq!(
        list["communities"][0]["name"], "城西社区",
        "community_order first"
    );
    assert_eq!(list["kind"], "templates");

    // --kinds: only those sheets.
    let part = tmp.path().join("part");
    ok(&template(&[
        "-o",
        s(&part),
        "--config",
        s(&cfg),
        "--kinds",
        "staff,households",
        "--as-of",
        AS_OF,
    ]));
    let wb = open_workbook_auto(&workbooks(&part)[0]).unwrap();
    assert_eq!(wb.sheet_names(), vec![GUIDE, "住户台账", "工作人员", LISTS]);
    let o = template(&["-o", s(&part), "--kinds", "people"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--kinds") && err.contains("households"),
        "{err}"
    );
}

/// DIR is replaced only when it is empty or holds the unchanged templates: a workbook filled
/// in where it was written stops the run, and a report folder is never replaced.
#[test]
fn never_removes_what_the_clerk_made() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = templates(tmp.path());
    ok(&template(&["-o", s(&out), "--from", s(&input)]));
    let book = out.join("城东社区.xlsx");
    let mut bytes = std::fs::read(&book).unwrap();
    bytes.extend_from_slice(b"filled");
    std::fs::write(&book, &bytes).unwrap();
    let o = template(&["-o", s(&out), "--from", s(&input)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("城东社区.xlsx"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&book).unwrap(), bytes);
    // A report folder is not a templates folder, and build does not replace templates.
    let report = tmp.path().join("report");
    ok(&run(&["build", s(&input), "-o", s(&report)]));
    let o = template(&["-o", s(&report)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(report.join("summary.json").is_file());
    let o = run(&["build", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&book).unwrap(), bytes);
    // INPUT inside DIR: refused.
    let o = template(&["-o", s(tmp.path()), "--from", s(&input)]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn mail_templates_dry_run_and_to_an_smtp_sink() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, out) = templates(tmp.path());
    let mail = |extra: &[&str]| {
        let mut args = vec![
            "mail",
            "--templates",
            s(&out),
            "--from",
            "jiedao@example.org",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let o = mail(&["--dry-run"]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    // 城西社区 has no address: listed, not mailed.
    assert!(
        err.contains("城西社区") && err.contains("[mail.to]"),
        "{err}"
    );
    let eml = std::fs::read_to_string(out.join("mail/城东社区.eml")).unwrap();
    assert_eq!(
        eml,
        std::fs::read_to_string(out.join("mail/城东社区.eml")).unwrap()
    );
    assert!(
        eml.contains("Date: Wed, 04 Mar 2020 00:00:00 +0000"),
        "{eml}"
    );
    assert!(eml.contains("To: chengdong@example.org"));
    assert_eq!(
        attachment(&eml),
        std::fs::read(out.join("城东社区.xlsx")).unwrap()
    );
    let body = text_body(&eml);
    assert!(
        body.starts_with("城东社区：") && body.contains("填表说明") && body.contains("测试街道"),
        "{body}"
    );
    assert!(out.join("mail/城北社区.eml").is_file());
    assert!(!out.join("mail/城西社区.eml").exists());
    let first = std::fs::read(out.join("mail/城东社区.eml")).unwrap();
    ok(&mail(&["--dry-run"]));
    assert_eq!(
        std::fs::read(out.join("mail/城东社区.eml")).unwrap(),
        first,
        "same bytes"
    );

    let (port, got) = sink();
    let o = mail(&["--smtp", &format!("127.0.0.1:{port}"), "--lang", "en"]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2 sent") && err.contains("1 without an address"),
        "{err}"
    );
    let got = got.lock().unwrap().clone();
    let to: Vec<&str> = got.iter().map(|g| g.to[0].as_str()).collect();
    // Display order: by pinyin, 城北 (bei) before 城东 (dong).
    assert_eq!(
        to,
        vec!["<chengbei@example.org>", "<chengdong@example.org>"]
    );
    assert_eq!(
        attachment(&got[1].data),
        std::fs::read(out.join("城东社区.xlsx")).unwrap()
    );

    // A report folder is not a templates folder, and the other way round.
    let o = run(&["mail", s(&out), "--from", "a@example.org", "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--templates"));
    let o = run(&[
        "mail",
        "--templates",
        s(tmp.path()),
        "--from",
        "a@example.org",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// LibreOffice opens and prints every template (`soffice --headless --convert-to pdf`).
/// Skipped with a message when `soffice` is not installed, unless `CI` is set.
#[test]
fn libreoffice_converts_every_template() {
    let Some(soffice) = soffice("libreoffice_converts_every_template") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (_, out) = templates(tmp.path());
    let blank = tmp.path().join("blank");
    ok(&template(&[
        "-o",
        s(&blank),
        "--lang",
        "en",
        "--as-of",
        AS_OF,
    ]));
    let mut inputs = workbooks(&out);
    inputs.extend(workbooks(&blank));
    prints_to_pdf(soffice, &inputs);
}

/// The sample district: one workbook per community, each listing exactly the big grids and
/// as many buildings as the community has (sample-data/expected.json).
#[test]
fn sample_district_gets_its_own_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("templates");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let started = std::time::Instant::now();
    ok(&template(&["-o", s(&out), "--from", s(&sample), "--quiet"]));
    eprintln!(
        "template --from sample-data: {:.2} s (debug build)",
        started.elapsed().as_secs_f64()
    );
    let expected = read_json(&sample.join("expected.json"));
    let communities = expected["communities"].as_array().unwrap();
    let books = workbooks(&out);
    assert_eq!(books.len(), 20);
    assert_eq!(communities.len(), 20);
    for c in communities {
        let name = c["name"].as_str().unwrap();
        let (community, big_grids, buildings) = lists(&out.join(format!("{name}.xlsx")));
        assert_eq!(community, vec![name.to_string()]);
        let want: BTreeSet<&str> = expected["big_grids"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["community"] == name)
            .map(|g| g["big_grid"].as_str().unwrap())
            .collect();
        let got: BTreeSet<&str> = big_grids.iter().map(String::as_str).collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(big_grids.len(), want.len(), "{name}: no repeats");
        let distinct: BTreeSet<&String> = buildings.iter().collect();
        assert_eq!(distinct.len(), buildings.len(), "{name}: no repeats");
        assert_eq!(
            buildings.len() as u64,
            c["buildings"].as_u64().unwrap(),
            "{name}"
        );
    }
}
