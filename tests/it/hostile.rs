//! A folder of hostile and broken files beside one good workbook: the real binary reads what
//! it can, reports every other file in plain words, and stays under 1 GB of memory.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::hostile::*;
use crate::common::*;
use serde_json::Value;

/// What a file must come out as.
#[derive(Debug, PartialEq)]
enum Expect {
    /// `unreadable`, with a `file_unreadable` message containing this (English) text.
    Unreadable(&'static str),
    /// `read`; the sheet kinds listed.
    Read(&'static [&'static str]),
    Skipped,
}
use Expect::*;

fn good_workbook(path: &Path) {
    write_xlsx(
        path,
        vec![sheet(
            "住户",
            table(&[
                "社区|大网格|楼栋|户号|人数",
                "城东社区|#1|A1|H1|#2",
                "城东社区|#1|A1|H2|#3",
                "城东社区|#1|A2|H3|#4",
            ]),
        )],
    );
}

/// Writes every case into `dir`; returns what each must give.
fn write_cases(dir: &Path) -> BTreeMap<String, Expect> {
    let mut cases = BTreeMap::new();
    let mut case = |name: &str, expect: Expect| {
        cases.insert(name.to_string(), expect);
        dir.join(name)
    };
    good_workbook(&case("good.xlsx", Read(&["households"])));

    let mut good = Vec::new();
    good_workbook(&dir.join("tmp-good.xlsx"));
    good.extend(std::fs::read(dir.join("tmp-good.xlsx")).unwrap());
    std::fs::remove_file(dir.join("tmp-good.xlsx")).unwrap();
    std::fs::write(
        case("truncated.xlsx", Unreadable("corrupt or truncated")),
        &good[..good.len() / 2],
    )
    .unwrap();
    // An ods whose sheet never ends (calamine 0.38 would read it for ever): refused at once.
    write_zip(
        &case("sheet-never-ends.ods", Unreadable("never ends")),
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            (
                "content.xml",
                "<office:document-content><office:body><office:spreadsheet>\
                 <table:table table:name=\"a\"><table:table-row><table:table-cell \
                 office:value-type=\"string\"><text:p>社区</text:p></table:table-cell>\
                 </table:table-row><:table></office:spreadsheet></office:body>\
                 </office:document-content>"
                    .as_bytes(),
            ),
        ],
    );
    write_zip(
        &case("wrong-content.xlsx", Unreadable("no supported format")),
        &[("readme.txt", b"not a workbook".as_slice())],
    );
    let three = [inline("A1", "a"), inline("B2", "b"), inline("C3", "c")].concat();
    raw_xlsx(
        &case("dimension-XFD1048576.xlsx", Read(&["unrecognized"])),
        "A1:XFD1048576",
        &format!(r#"<row r="1">{}</row>"#, three),
        None,
    );
    raw_xlsx(
        &case("cells-A1-XFD1048576.xlsx", Read(&["unreadable"])),
        "A1:XFD1048576",
        &format!(
            r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
            inline("A1", "a"),
            inline("XFD1048576", "z")
        ),
        None,
    );
    raw_xlsx(
        &case("cell-10MB.xlsx", Read(&["unrecognized"])),
        "A1",
        &format!(
            r#"<row r="1">{}</row>"#,
            inline("A1", &"长".repeat(3_500_000))
        ),
        None,
    );
    raw_xlsx(
        &case(
            "shared-strings-uniqueCount.xlsx",
            Unreadable("shared strings"),
        ),
        "A1",
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        Some(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000000"><si><t>x</t></si></sst>"#,
        ),
    );
    let many: String = (0..300_000)
        .map(|i| format!("<si><t>s{i}</t></si>"))
        .collect();
    raw_xlsx(
        &case("shared-strings-300k.xlsx", Read(&["unrecognized"])),
        "A1:B1",
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>299999</v></c></row>"#,
        Some(&format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="300000" uniqueCount="300000">{many}</sst>"#
        )),
    );
    zip_bomb(
        &case("zip-bomb.xlsx", Unreadable("uncompressed size")),
        1100,
    );
    std::fs::write(
        case("password.xlsx", Unreadable("password-protected")),
        xlsx_with_password(),
    )
    .unwrap();
    std::fs::write(
        case("password.xls", Unreadable("password-protected")),
        xls_with_password(),
    )
    .unwrap();
    std::fs::write(case("empty.xlsx", Unreadable("empty")), b"").unwrap();
    write_xlsx(
        &case("no-rows.xlsx", Read(&["unrecognized"])),
        vec![sheet("空", vec![])],
    );
    write_xlsx(
        &case("header-only.xlsx", Read(&["households"])),
        vec![sheet("住户", table(&["社区|大网格|楼栋|户号|人数"]))],
    );
    std::fs::write(
        case("invalid-utf8.csv", Read(&["unrecognized"])),
        b"a,b\n\xff\xfe\xc3\x28,\xa0\xa1\n",
    )
    .unwrap();
    write_gbk_csv(
        &case("gb18030.csv", Read(&["households"])),
        &["社区|大网格|楼栋|户号|人数", "城西社区|1|B1|W1|5"],
        ",",
    );
    std::fs::write(
        case("line-1M-chars.csv", Read(&["unrecognized"])),
        "x".repeat(1_000_000) + "\n",
    )
    .unwrap();
    std::fs::write(
        case("junk.xlsx", Unreadable("no supported format")),
        junk(4096, 1),
    )
    .unwrap();
    std::fs::write(
        case("junk.xls", Unreadable("no supported format")),
        junk(4096, 2),
    )
    .unwrap();
    std::fs::write(
        case("junk.csv", Unreadable("no supported format")),
        junk(4096, 3),
    )
    .unwrap();
    std::fs::write(
        case(
            "xls-dimensions.xls",
            Unreadable("more than the format allows"),
        ),
        xls_huge_dimensions(),
    )
    .unwrap();
    std::fs::write(
        case("xls-far-cell.xls", Unreadable("cells in one sheet")),
        xls_far_cell(),
    )
    .unwrap();
    std::fs::write(
        case("xls-sector-loop.xls", Unreadable("loops back")),
        xls_sector_loop(),
    )
    .unwrap();
    // Web pages saved as .xls (SPEC §1): every way such a page starts.
    for (name, page) in [
        (
            "page-meta.xls",
            &b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\r\n<table><tr><td>\xc9\xe7\xc7\xf8</td></tr></table>"[..],
        ),
        (
            "page-style.xls",
            b"<style>\r\ntd { mso-number-format:\"\\@\"; }\r\n</style>\r\n<table><tr><td>1</td></tr></table>",
        ),
        ("page-head.xls", b"<head><title>x</title></head><body><table></table></body>"),
        ("page-body.xls", b"\r\n\t <BODY><TABLE><TR><TD>1</TD></TR></TABLE></BODY>"),
        (
            "page-comment.xls",
            b"\xEF\xBB\xBF  <!-- saved from url=(0014)about:internet -->\r\n<html><table></table></html>",
        ),
        (
            "page-single-file.xls",
            b"MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01D5F0A1\"\r\n\r\nThis document is a Single File Web Page, also known as a Web Archive file.\r\n",
        ),
    ] {
        std::fs::write(case(name, Unreadable("web page")), page).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("loop-b.xlsx", case("loop-a.xlsx", Skipped)).unwrap();
        symlink("loop-a.xlsx", case("loop-b.xlsx", Skipped)).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        symlink("..", case("sub/up", Skipped)).unwrap();
    }
    cases
}

/// The largest resident set of any finished child of this test process, in KB.
#[cfg(unix)]
fn children_peak_kb() -> Option<i64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct we pass.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    // SAFETY: getrusage succeeded, so the struct is filled.
    (rc == 0).then(|| unsafe { usage.assume_init() }.ru_maxrss)
}

#[cfg(not(unix))]
fn children_peak_kb() -> Option<i64> {
    None
}

#[test]
fn hostile_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let cases = write_cases(&input);
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    let run = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = read_json(&out.join("summary.json"));

    let files: BTreeMap<&str, &Value> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f))
        .collect();
    let issues = summary["issues"]["list"].as_array().unwrap();
    let unreadable = |path: &str| -> Vec<&str> {
        issues
            .iter()
            .filter(|i| i["rule"] == "file_unreadable" && i["file"] == path)
            .map(|i| i["message"].as_str().unwrap())
            .collect()
    };
    for (path, expect) in &cases {
        let f = files
            .get(path.as_str())
            .unwrap_or_else(|| panic!("{path} not listed"));
        let kinds: Vec<&str> = f["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["kind"].as_str().unwrap())
            .collect();
        let msgs = unreadable(path);
        eprintln!("{path}: {} {kinds:?} {msgs:?}", f["status"]);
        match expect {
            Unreadable(words) => {
                assert_eq!(f["status"], "unreadable", "{path}");
                assert_eq!(msgs.len(), 1, "{path}: {msgs:?}");
                assert!(msgs[0].contains(words), "{path}: {}", msgs[0]);
            }
            Read(want) => {
                assert_eq!(f["status"], "read", "{path}");
                assert_eq!(&kinds, want, "{path}");
                // A sheet that could not be read is named in a plain message.
                let failed = kinds.iter().filter(|k| **k == "unreadable").count();
                assert_eq!(msgs.len(), failed, "{path}: {msgs:?}");
            }
            Skipped => assert_eq!(f["status"], "skipped", "{path}"),
        }
        for m in msgs {
            for bad in ["panicked", "Some(", "Error {", "Os {", "\\u"] {
                assert!(!m.contains(bad), "{path}: not plain: {m}");
            }
        }
    }
    assert_eq!(files.len(), cases.len(), "{:?}", files.keys());

    // The good workbook and the GB18030 CSV are counted in full.
    let totals = &summary["totals"];
    assert_eq!(totals["households"], 4);
    assert_eq!(totals["residents"], 14);
    assert_eq!(totals["communities"], 2);
    let east = summary["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "城东社区")
        .unwrap();
    assert_eq!(
        (east["households"].clone(), east["residents"].clone()),
        (3.into(), 9.into())
    );

    match children_peak_kb() {
        Some(kb) => {
            eprintln!(
                "peak memory of a child: {} MB; run {seconds:.1} s",
                kb / 1024
            );
            assert!(kb < 1024 * 1024, "peak {kb} KB");
        }
        None => eprintln!("peak memory not measured on this platform"),
    }
}

/// A file the user may not read is `unreadable` with "permission denied". CI runs as root,
/// where permissions do not bite: there the run is made as user nobody with `setpriv`.
#[cfg(unix)]
/// Whether the tests run as root, and whether `/usr/bin/setpriv` is there to drop it.
fn root_and_setpriv() -> (bool, bool) {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    (root, Path::new("/usr/bin/setpriv").exists())
}

/// `check --lang en INPUT` as a user without privileges where the tests run as root (root
/// reads everything) and setpriv is there; as this user otherwise.
fn check_unprivileged(input: &Path) -> std::process::Output {
    let (root, setpriv) = root_and_setpriv();
    let mut cmd = if root && setpriv {
        let mut c = Command::new("/usr/bin/setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin());
        c
    } else {
        Command::new(bin())
    };
    cmd.args(["check", "--lang", "en"])
        .arg(input)
        .output()
        .unwrap()
}

#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    good_workbook(&input.join("good.xlsx"));
    let secret = input.join("secret.xlsx");
    good_workbook(&secret);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    for p in [tmp.path(), input.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (root, setpriv) = root_and_setpriv();
    if root && !setpriv {
        eprintln!("SKIPPED file_without_read_permission: running as root without setpriv");
        return;
    }
    let out = check_unprivileged(&input);
    let text = String::from_utf8_lossy(&out.stdout);
    if root && out.status.code().is_none_or(|c| c > 1) {
        eprintln!(
            "SKIPPED file_without_read_permission: nobody cannot run the binary here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    assert!(
        text.contains("secret.xlsx: [file_unreadable] cannot open the file: permission denied"),
        "{text}"
    );
    assert_eq!(text.matches("file_unreadable").count(), 1, "{text}");
}

/// The memory and time limits of reading: an .xls (read in the child process) that needs
/// more memory than `max_memory_mb` and a file that takes longer than
/// `max_seconds_per_file` are reported, and the run goes on.
#[cfg(unix)]
#[test]
fn memory_and_time_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    good_workbook(&input.join("good.xlsx"));
    // A real 150 KB .xls of the sample district: reading it needs more than 1 MB.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data/城南社区/城南社区工作人员花名册.xls");
    std::fs::copy(fixture, input.join("plain.xls")).unwrap();
    std::fs::write(input.join("gridreport.toml"), "max_memory_mb = 1\n").unwrap();
    let out = run(&["check", "--lang", "en", input.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("plain.xls: [file_unreadable] reading this file needs more memory than the limit of 1MB (config key max_memory_mb)"),
        "{text}"
    );
    // A small xlsx reads within even this budget (every format is read under it).
    assert!(!text.contains("good.xlsx: [file_unreadable]"), "{text}");

    // About 6 million cells of CSV: far more than a second's reading.
    let mut csv = String::with_capacity(40 << 20);
    for i in 0..1_200_000 {
        csv.push_str(&format!("a{i},b,c,d,e\n"));
    }
    std::fs::write(input.join("slow.csv"), csv).unwrap();
    std::fs::write(input.join("gridreport.toml"), "max_seconds_per_file = 1\n").unwrap();
    let started = std::time::Instant::now();
    let mark = format!("limits-{}", std::process::id());
    let (out, _, _) = run_measured(
        &["check", "--lang", "en", input.to_str().unwrap()],
        &[("GRIDREPORT_TEST_MARK", &mark)],
        std::time::Duration::from_secs(60),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("slow.csv: [file_unreadable] reading this file took longer than the limit of 1 s (config key max_seconds_per_file)"),
        "{text}"
    );
    assert_eq!(text.matches("file_unreadable").count(), 1, "{text}");
    assert!(started.elapsed().as_secs() < 20);
    // No reader goes on after its time limit: the slow file's reader was killed, the others
    // ended with the run (a reader thread used to run on, growing, inside `watch`).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let left = processes_marked(&mark);
        if left.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "readers left running: {left:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The processes whose environment holds `GRIDREPORT_TEST_MARK=mark`.
#[cfg(unix)]
fn processes_marked(mark: &str) -> Vec<u32> {
    let want = format!("GRIDREPORT_TEST_MARK={mark}");
    std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let pid = e.file_name().to_str()?.parse::<u32>().ok()?;
                    let env = std::fs::read(e.path().join("environ")).ok()?;
                    env.split(|&b| b == 0)
                        .any(|v| v == want.as_bytes())
                        .then_some(pid)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What one hostile file beside a good workbook must come out as.
enum Outcome {
    /// The file is `unreadable`, its message containing this.
    Unreadable(&'static str),
    /// The file is `read`; some sheet is `unreadable` with this in its message.
    SheetUnreadable(&'static str),
    /// The file is `skipped` with this in its `file_skipped` message.
    Skipped(&'static str),
}

/// Issue 12: any one hostile file beside a good workbook costs that file only — exit 0, the
/// file reported in plain words, the good figures unchanged, the whole process tree under
/// `max_memory_mb` + 300 MB and done within `max_seconds_per_file` + 10 s. Each of these
/// took the build down, hung it, or held gigabytes before.
#[cfg(target_os = "linux")]
#[test]
fn one_hostile_file_costs_that_file() {
    const MEMORY_MB: u64 = 512;
    const SECONDS: u64 = 30;
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, Outcome)> = vec![
        (
            // ~4 GB once each of 120,000 cells holds its own copy of one 32 KB string.
            "bomb.xlsx",
            Box::new(|p| shared_string_bomb(p, 32 * 1024, 120_000)),
            Outcome::Unreadable("more memory than the limit of 512MB"),
        ),
        (
            "same-address.xlsx",
            Box::new(|p| same_address_xlsx(p, 1_500_000)),
            Outcome::SheetUnreadable("cells in one sheet"),
        ),
        (
            // 40 MB of commas: 40 million empty fields.
            "commas.csv",
            Box::new(|p| std::fs::write(p, ",".repeat(40 << 20)).unwrap()),
            Outcome::SheetUnreadable("cells in one sheet"),
        ),
        (
            "shared-part.xlsx",
            Box::new(|p| shared_part_xlsx(p, 300, 20_000)),
            Outcome::SheetUnreadable("names the same data as sheet 'S1'"),
        ),
        (
            "pipe.xlsx",
            Box::new(|p| {
                let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
                // SAFETY: mkfifo reads the NUL-terminated path.
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
            }),
            Outcome::Skipped("not a regular file"),
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, make, outcome) in cases {
        let input = tmp.path().join(name.replace('.', "-"));
        std::fs::create_dir_all(&input).unwrap();
        good_workbook(&input.join("good.xlsx"));
        make(&input.join(name));
        std::fs::write(
            input.join("gridreport.toml"),
            format!(
                "max_memory_mb = {MEMORY_MB}\nmax_seconds_per_file = {SECONDS}\nmax_cells_per_sheet = 1000000\n"
            ),
        )
        .unwrap();
        let out = input.with_extension("report");
        let (run, peak_kb, took) = run_measured(
            &[
                "build",
                "--lang",
                "en",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            &[],
            std::time::Duration::from_secs(SECONDS + 60),
        );
        assert_eq!(
            run.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            peak_kb < (MEMORY_MB + 300) * 1024,
            "{name}: the build held {} MB",
            peak_kb / 1024
        );
        assert!(took.as_secs() < SECONDS + 10, "{name}: {took:?}");
        let summary = read_json(&out.join("summary.json"));
        assert_eq!(summary["totals"]["households"], 3, "{name}");
        assert_eq!(summary["totals"]["residents"], 9, "{name}");
        let file = summary["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        let messages: Vec<String> = summary["issues"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == name)
            .map(|i| format!("{} {}", i["rule"], i["message"]))
            .collect();
        let (status, words) = match outcome {
            Outcome::Unreadable(w) => ("unreadable", w),
            Outcome::SheetUnreadable(w) => ("read", w),
            Outcome::Skipped(w) => ("skipped", w),
        };
        assert_eq!(file["status"], status, "{name}: {messages:?}");
        assert!(
            messages.iter().any(|m| m.contains(words)),
            "{name}: {messages:?}"
        );
        eprintln!("{name}: {} MB, {took:?}", peak_kb / 1024);
    }
}

/// SPEC §9.3: a daily row dated 9999-12-31 (it broke writing index.html) and one dated
/// 2202-02-01 (it moved `as_of` to 2202 and wrote a 1.2 GB report) are `date_out_of_range`
/// errors; `as_of` and the period come from the plausible dates.
#[test]
fn dates_that_cannot_be_right() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    good_workbook(&input.join("good.xlsx"));
    let mut rows = table(&["日期|社区|大网格|走访户数|上报时间"]);
    for d in 1..=5u8 {
        rows.push(row(&format!(
            "@2020-02-{d:02}|城东社区|#1|#3|@2020-02-{d:02} 18:00"
        )));
    }
    rows.push(row("@9999-12-31|城东社区|#1|#3|"));
    rows.push(row("@2202-02-01|城东社区|#1|#3|"));
    // A submitted time far off on a good day is only a warning.
    rows.push(row("@2020-02-06|城东社区|#1|#3|@1920-02-06 18:00"));
    write_xlsx(&input.join("daily.xlsx"), vec![sheet("日报", rows)]);
    let out = tmp.path().join("report");
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
    let s = read_json(&out.join("summary.json"));
    assert_eq!(s["as_of"], "2020-02-06");
    assert_eq!(s["period"]["from"], "2020-02-01");
    assert_eq!(s["period"]["days"], 6);
    let cells: Vec<(String, String, String)> = s["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == "date_out_of_range")
        .map(|i| {
            (
                i["cell"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
                i["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        cells
            .iter()
            .map(|c| (c.0.as_str(), c.1.as_str()))
            .collect::<Vec<_>>(),
        vec![("A7", "error"), ("A8", "error"), ("E9", "warning")],
        "{cells:?}"
    );
    assert!(cells[0].2.contains("9999-12-31"), "{}", cells[0].2);
    let daily = &s["files"].as_array().unwrap()[0]["sheets"][0];
    assert_eq!(
        (daily["rows"].as_u64(), daily["rows_used"].as_u64()),
        (Some(8), Some(6))
    );
    assert_eq!(s["totals"]["rows_excluded"], 2);
    // The site stays small: it draws six days.
    let index = std::fs::metadata(out.join("index.html")).unwrap().len();
    assert!(index < 200_000, "{index}");
}

/// SPEC §9.1: nothing under INPUT disappears without a line in `files` — a folder too deep
/// for the OS and a folder that may not be listed are `unreadable`; a copy of a file is
/// `file_duplicate`; a report folder dropped into INPUT is listed once and not entered.
#[cfg(unix)]
#[test]
fn nothing_vanishes_from_the_listing() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    good_workbook(&input.join("good.xlsx"));
    std::fs::copy(input.join("good.xlsx"), input.join("good2.xlsx")).unwrap();
    good_workbook(&input.join("old-report/communities/a.xlsx"));
    std::fs::write(input.join("old-report/.gridreport"), "x").unwrap();
    // Folders nested past PATH_MAX (4096 bytes), made one level at a time.
    let level = "d".repeat(200);
    let made = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "cd '{}' && mkdir deep && cd deep && for i in $(seq 25); do mkdir {level} && cd {level} || exit 1; done && echo x > far.csv",
            input.display()
        ))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(input.join("locked")).unwrap();
    good_workbook(&input.join("locked/hidden-away.xlsx"));
    std::fs::set_permissions(input.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    for p in [tmp.path(), input.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (root, setpriv) = root_and_setpriv();
    let out = check_unprivileged(&input);
    let text = String::from_utf8_lossy(&out.stdout);
    std::fs::set_permissions(input.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        text.contains("good2.xlsx: [file_duplicate] the same bytes as good.xlsx"),
        "{text}"
    );
    assert!(
        text.contains("old-report: [file_skipped] a gridreport report folder"),
        "{text}"
    );
    assert!(!text.contains("communities/a.xlsx"), "{text}");
    assert!(
        text.lines().any(|l| l.contains("deep/ddd")
            && l.contains("[file_unreadable] this folder cannot be opened (the path is longer than the system allows)")),
        "{text}"
    );
    if !root || setpriv {
        assert!(
            text.contains(
                "locked: [file_unreadable] this folder cannot be opened (permission denied)"
            ),
            "{text}"
        );
    }
    // The one good workbook is read once: its households are not doubled by the copy.
    assert!(!text.contains("duplicate_row"), "{text}");
}

/// Formats told by content and read (SPEC §1): an Excel 2003 XML spreadsheet saved as .xls
/// (merges, a hidden sheet, typed dates) and an xlsb whose cells use the short record forms
/// (SheetJS). Every household is counted.
#[test]
fn xml_2003_and_sheetjs_xlsb_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let cell = |t: &str, v: &str| format!(r#"<Cell><Data ss:Type="{t}">{v}</Data></Cell>"#);
    let row = |cells: &[String]| format!("<Row>{}</Row>", cells.concat());
    let mut rows = vec![
        r#"<Row><Cell ss:MergeAcross="5"><Data ss:Type="String">城北社区住户台账</Data></Cell></Row>"#
            .to_string(),
        row(&[
            cell("String", "社区"),
            cell("String", "大网格"),
            cell("String", "楼栋"),
            cell("String", "户号"),
            cell("String", "人数"),
            cell("String", "排查日期"),
        ]),
    ];
    for (i, members) in [2, 3, 4].iter().enumerate() {
        rows.push(row(&[
            cell("String", "城北社区"),
            cell("Number", "1"),
            cell("String", "B1"),
            cell("String", &format!("N{i}")),
            cell("Number", &members.to_string()),
            cell("DateTime", "2020-02-03T00:00:00.000"),
        ]));
    }
    // A cell placed by ss:Index after a skipped column.
    rows.push(
        r#"<Row><Cell><Data ss:Type="String">城北社区</Data></Cell><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">B2</Data></Cell><Cell><Data ss:Type="String">N9</Data></Cell><Cell ss:Index="5"><Data ss:Type="Number">5</Data></Cell></Row>"#
            .to_string(),
    );
    std::fs::create_dir_all(input.join("城北")).unwrap();
    std::fs::write(
        input.join("城北/住户台账.xls"),
        xml2003("住户", &rows.join("\n")),
    )
    .unwrap();
    use Xb::{Num, Str};
    #[rustfmt::skip]
    let mut xlsb_rows = vec![vec![Str("社区"), Str("大网格"), Str("楼栋"), Str("户号"), Str("人数"), Str("联系电话")]];
    for (i, m) in [1.0, 2.0, 3.5, 6.0].iter().enumerate() {
        let id = ["S1", "S2", "S3", "S4"][i];
        #[rustfmt::skip]
        xlsb_rows.push(vec![Str("城南社区"), Num(2.0), Str("C1"), Str(id), Num(*m), Str("")]);
    }
    xlsb_sheetjs(&input.join("城南/住户台账.xlsb"), "Sheet1", &xlsb_rows);

    let out = tmp.path().join("out");
    let o = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = read_json(&out.join("summary.json"));
    let files = s["files"].as_array().unwrap();
    let kinds = |path: &str| -> Vec<String> {
        let f = files.iter().find(|f| f["path"] == path).unwrap();
        assert_eq!(f["status"], "read", "{path}");
        f["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{}:{}", s["kind"].as_str().unwrap(), s["rows"]))
            .collect()
    };
    assert_eq!(
        kinds("城北/住户台账.xls"),
        ["households:4", "unrecognized:0"]
    );
    assert_eq!(kinds("城南/住户台账.xlsb"), ["households:4"]);
    let community = |name: &str| {
        s["communities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let north = community("城北社区");
    assert_eq!(
        (north["households"].clone(), north["residents"].clone()),
        (4.into(), 14.into())
    );
    // Typed DateTime cells are dates.
    assert_eq!(north["screened_households"], 3);
    let south = community("城南社区");
    // 3.5 members is invalid (excluded); the other three are counted.
    assert_eq!(
        (south["households"].clone(), south["residents"].clone()),
        (3.into(), 9.into())
    );
    let issues = s["issues"]["list"].as_array().unwrap();
    assert!(
        issues.iter().any(|i| i["rule"] == "value_invalid"
            && i["file"] == "城南/住户台账.xlsb"
            && i["cell"] == "E4"),
        "{issues:?}"
    );
}
