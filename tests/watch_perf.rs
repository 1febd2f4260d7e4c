//! How long a `watch` rebuild after one changed workbook takes, against a full build, at
//! scale 1 (20 communities × 5,000 households). Ignored by default; run it optimized:
//!
//! cargo test --release --test watch_perf -- --ignored --nocapture
//!
//! The figures go into docs/performance.md (## Watch rebuilds).

use std::path::Path;
use std::time::{Duration, Instant};

use gridreport::pipeline::Options;
use gridreport::progress::Progress;
use gridreport::watch::{Rebuilder, WatchArgs};
use rust_xlsxwriter::Workbook;

const COMMUNITIES: usize = 20;
const ROWS: usize = 5_000;

/// One community's household register: `ROWS` rows, ids, phones and screening dates.
fn register(path: &Path, c: usize, variant: u32) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "序号",
        "社区",
        "大网格",
        "楼栋",
        "户号",
        "人数",
        "户主姓名",
        "身份证号",
        "联系电话",
        "小区类型",
        "排查日期",
    ];
    for (i, h) in header.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    let community = format!("第{c:02}社区");
    for r in 0..ROWS {
        let row = r as u32 + 1;
        let members = 1 + ((r as u32 * 7 + c as u32 + variant) % 5);
        ws.write_number(row, 0, row as f64).unwrap();
        ws.write_string(row, 1, &community).unwrap();
        ws.write_number(row, 2, (r / 700 + 1) as f64).unwrap();
        ws.write_string(row, 3, format!("{}栋", r / 60 + 1))
            .unwrap();
        ws.write_string(row, 4, format!("H{c:02}{r:05}")).unwrap();
        ws.write_number(row, 5, members as f64).unwrap();
        ws.write_string(row, 6, format!("住户{r}")).unwrap();
        ws.write_string(row, 7, "440703198001011234").unwrap();
        ws.write_string(row, 8, format!("138{:08}", c * 100_000 + r))
            .unwrap();
        ws.write_string(row, 9, ["封闭式小区", "开放式小区", "无物业管理"][r % 3])
            .unwrap();
        ws.write_string(row, 10, format!("2020-02-{:02}", r % 28 + 1))
            .unwrap();
    }
    wb.save(path).unwrap();
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

#[test]
#[ignore]
fn one_changed_workbook_rebuilds_in_a_quarter_of_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for c in 0..COMMUNITIES {
        register(&input.join(format!("community-{c:02}.xlsx")), c, 0);
    }
    let out = tmp.path().join("report");
    let args = WatchArgs {
        input: input.clone(),
        out: out.clone(),
        templates: None,
        config: None,
        opts: Options {
            as_of: None,
            lang: Default::default(),
        },
        poll: None,
        debounce: Duration::from_secs(2),
        quiet: true,
    };

    // A full build as `gridreport build` does it (no cache).
    let t = Instant::now();
    let cfg = gridreport::run::load_config(&input, None).unwrap();
    let mut p = Progress::hidden();
    let report = gridreport::run::analyze(&input, None, &cfg, &args.opts, None, &mut p).unwrap();
    let read_and_check = t.elapsed();
    gridreport::run::write(&report, &cfg, Default::default(), None, &out, &mut p).unwrap();
    let full = t.elapsed();

    // The watch: a first build fills the cache, then one workbook changes.
    let mut w = Rebuilder::new(&args);
    let t = Instant::now();
    w.rebuild().unwrap();
    let first = t.elapsed();
    let t = Instant::now();
    w.rebuild().unwrap();
    let nothing_changed = t.elapsed();
    register(&input.join("community-07.xlsx"), 7, 1);
    let t = Instant::now();
    let line = w.rebuild().unwrap();
    let one_changed = t.elapsed();
    assert!(line.contains("1 个文件"), "{line}");

    let ratio = one_changed.as_secs_f64() / full.as_secs_f64();
    println!(
        "| full build (`build`) | {} (reading and checking {}, writing {}) |",
        secs(full),
        secs(read_and_check),
        secs(full - read_and_check)
    );
    println!("| first watch build (fills the cache) | {} |", secs(first));
    println!("| rebuild, nothing changed | {} |", secs(nothing_changed));
    println!(
        "| rebuild after one changed workbook | {} ({:.0}% of the full build) |",
        secs(one_changed),
        ratio * 100.0
    );
    // A benchmark, not a timed test: it prints the figures and whether the target holds.
    println!(
        "target (one-file rebuild ≤ 25% of a full build): {}",
        if ratio <= 0.25 { "met" } else { "not met" }
    );
}
