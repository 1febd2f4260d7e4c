//! The Excel workbooks: written from a realistic report, read back with calamine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use gridreport::config::Config;
use gridreport::render::xlsx::figures::FIGURES;
use gridreport::render::xlsx::write_workbooks;
use gridreport::stats::{
    ratio, BigGridFigures, Community, DailyFigures, DayStatus, Figures, FileEntry, FileStatus,
    GridDays, IssueSummary, Period, Report, SheetEntry, Summary, Totals,
};
use gridreport::vocab::issue::{Issue, PiiKind, Rule, Severity};
use gridreport::vocab::lang::Lang;

const INJECTION: &str = "=HYPERLINK(\"http://evil.example/x\",\"点这里\")";

/// Raw personal data carried by issues, and how each must appear in the community workbook.
const PII: [(&str, PiiKind, &str); 5] = [
    (
        "44070319800101123X",
        PiiKind::IdNumber,
        "440703********123X",
    ),
    ("138001380001", PiiKind::Phone, "138*****0001"),
    ("13800138000", PiiKind::Phone, "138****8000"),
    ("张三丰", PiiKind::Name, "张**"),
    (
        "江门市蓬江区白沙街道城东路12号",
        PiiKind::Address,
        "江门市蓬江区…",
    ),
];

struct Counts {
    households: u64,
    residents: u64,
    buildings: u64,
    big_grids: u64,
    workers: u64,
    informants: u64,
    screened: u64,
    with_informant: u64,
    expected: u64,
    received: u64,
    on_time: u64,
    isolation: [u64; 4],
    out_of_range: u64,
    excluded: u64,
}

fn figures(c: &Counts) -> Figures {
    let r = |a: u64, b: u64| ratio(a as f64, b as f64);
    Figures {
        households: c.households,
        residents: c.residents,
        buildings: c.buildings,
        big_grids: c.big_grids,
        households_gated: c.households / 2,
        households_unmanaged: c.households / 4,
        workers: c.workers,
        informants: c.informants,
        cadres: 1,
        police: 1,
        volunteers: 5,
        other_staff: 0,
        residents_per_worker: r(c.residents, c.workers),
        households_per_worker: r(c.households, c.workers),
        households_per_big_grid: r(c.households, c.big_grids),
        big_grids_out_of_range: c.out_of_range,
        screened_households: c.screened,
        screening_coverage: r(c.screened, c.households),
        buildings_with_informant: c.with_informant,
        informant_coverage: r(c.with_informant, c.buildings),
        big_grids_with_leader: c.big_grids,
        big_grids_with_police: c.big_grids.saturating_sub(1),
        daily_expected: c.expected,
        daily_received: c.received,
        daily_on_time: c.on_time,
        reporting_rate: r(c.received, c.expected),
        on_time_rate: r(c.on_time, c.expected),
        isolation_total: c.isolation[0],
        isolation_active: c.isolation[1],
        isolation_completed: c.isolation[2],
        isolation_overdue: c.isolation[3],
        worker_avg_age: if c.workers > 0 { Some(36.5) } else { None },
        worker_female_share: r(c.workers * 3 / 4, c.workers),
        rows_excluded: c.excluded,
        ..Figures::default()
    }
}

fn add(t: &mut Counts, c: &Counts) {
    t.households += c.households;
    t.residents += c.residents;
    t.buildings += c.buildings;
    t.big_grids += c.big_grids;
    t.workers += c.workers;
    t.informants += c.informants;
    t.screened += c.screened;
    t.with_informant += c.with_informant;
    t.expected += c.expected;
    t.received += c.received;
    t.on_time += c.on_time;
    for i in 0..4 {
        t.isolation[i] += c.isolation[i];
    }
    t.out_of_range += c.out_of_range;
    t.excluded += c.excluded;
}

fn issue(
    rule: Rule,
    file: &str,
    sheet: &str,
    row: u32,
    col: u32,
    community: &str,
    msg: &str,
) -> Issue {
    Issue::new(rule, msg)
        .file(file)
        .sheet(sheet)
        .at(row, col)
        .community(community)
}

/// Four communities (one with a name unsafe for a file), five big grids, a 4-day period,
/// issues with personal data and a formula-like text, files with sheets.
fn sample_report() -> Report {
    let days = 4u64;
    let c =
        |households, residents, buildings, big_grids, workers, screened, received, on_time, out| {
            Counts {
                households,
                residents,
                buildings,
                big_grids,
                workers,
                informants: buildings / 2,
                screened,
                with_informant: buildings / 2,
                expected: big_grids * days,
                received,
                on_time,
                isolation: [3, 1, 1, 1],
                out_of_range: out,
                excluded: 1,
            }
        };
    let spec: Vec<(&str, Counts)> = vec![
        ("A/B社区", c(650, 1800, 6, 1, 2, 650, 4, 4, 0)),
        // Understaffed: 3,400 residents for 2 workers.
        ("城东社区", c(1200, 3400, 12, 2, 2, 1100, 7, 5, 0)),
        // Understaffed (no workers), low coverage, a big grid out of range.
        ("城西社区", c(1200, 2100, 10, 2, 0, 500, 6, 2, 1)),
        // No households: ratios are empty.
        ("江南社区", c(0, 0, 0, 0, 3, 0, 0, 0, 0)),
    ];
    let mut t = c(0, 0, 0, 0, 0, 0, 0, 0, 0);
    t.isolation = [0; 4];
    t.excluded = 1; // a row whose community could not be read
    for (_, counts) in &spec {
        add(&mut t, counts);
    }
    let communities: Vec<Community> = spec
        .iter()
        .map(|(name, counts)| Community {
            name: name.to_string(),
            figures: figures(counts),
        })
        .collect();
    let big_grid =
        |community: &str, code: &str, households, in_range, received, on_time| BigGridFigures {
            community: community.to_string(),
            big_grid: code.to_string(),
            households,
            residents: households * 3,
            buildings: 6,
            in_range,
            has_leader: true,
            has_police: code == "1",
            daily_expected: days,
            daily_received: received,
            daily_on_time: on_time,
        };
    let big_grids = vec![
        big_grid("A/B社区", "1", 650, true, 4, 4),
        big_grid("城东社区", "1", 600, true, 4, 3),
        big_grid("城东社区", "2", 600, true, 3, 2),
        big_grid("城西社区", "1", 800, true, 4, 2),
        big_grid("城西社区", "2", 400, false, 2, 0),
    ];
    use DayStatus::{Late as L, Missing as M, OnTime as O};
    let grid_days = vec![
        ("A/B社区", "1", vec![O, O, O, O]),
        ("城东社区", "1", vec![O, L, O, O]),
        ("城东社区", "2", vec![O, M, L, O]),
        ("城西社区", "1", vec![L, O, L, O]),
        ("城西社区", "2", vec![M, L, M, L]),
    ]
    .into_iter()
    .map(|(c, g, days)| GridDays {
        community: c.to_string(),
        big_grid: g.to_string(),
        days,
    })
    .collect();
    let dates = ["2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"];
    let daily = dates
        .iter()
        .enumerate()
        .map(|(i, d)| DailyFigures {
            date: chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
            expected: 5,
            received: [4, 4, 4, 5][i],
            on_time: [3, 2, 2, 4][i],
            households_visited: 1200 + i as u64 * 100,
            new_arrivals: i as u64,
            under_isolation: 2,
            fever: if i == 2 { 1 } else { 0 },
        })
        .collect();
    let sheet = |name: &str, kind: &str, rows| SheetEntry {
        name: name.to_string(),
        kind: gridreport::stats::SheetKind::parse(kind).unwrap(),
        header_row: Some(3),
        rows,
        rows_used: rows - 1,
    };
    let files = vec![
        FileEntry {
            path: "~$台账.xlsx".into(),
            format: "xlsx".into(),
            status: FileStatus::Skipped,
            sheets: vec![],
        },
        FileEntry {
            path: "坏文件.xls".into(),
            format: "xls".into(),
            status: FileStatus::Unreadable,
            sheets: vec![],
        },
        FileEntry {
            path: "城东/台账.xlsx".into(),
            format: "xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![
                sheet("住户", "households", 1200),
                sheet("@人员", "staff", 9),
            ],
        },
        FileEntry {
            path: "城西/日报.csv".into(),
            format: "csv".into(),
            status: FileStatus::Read,
            sheets: vec![
                sheet("日报", "daily", 8),
                sheet("控制\u{1}字符 ", "unrecognized", 1),
            ],
        },
    ];
    let f = "城东/台账.xlsx";
    let list = vec![
        Issue::new(Rule::FileUnreadable, "坏文件.xls 无法打开：文件已损坏").file("坏文件.xls"),
        Issue::new(Rule::CommunityWithoutHouseholds, "江南社区没有住户台账").community("江南社区"),
        Issue::new(Rule::BigGridSize, "城西社区的大网格 2 只有 400 户").community("城西社区"),
        issue(
            Rule::IdNumberInvalid,
            f,
            "住户",
            7,
            6,
            "城东社区",
            "住户 第 7 行：身份证号校验位不对",
        )
        .value(Some(PII[0].0.into()), Some(PII[0].1)),
        issue(
            Rule::PhoneInvalid,
            f,
            "住户",
            8,
            7,
            "城东社区",
            "住户 第 8 行：电话号码位数不对",
        )
        .value(Some(PII[1].0.into()), Some(PII[1].1)),
        issue(Rule::ValueInvalid, f, "住户", 9, 4, "城东社区", INJECTION)
            .severity(Severity::Error)
            .value(Some(INJECTION.into()), None),
        issue(
            Rule::StaffConflict,
            f,
            "@人员",
            4,
            1,
            "城东社区",
            "人员重复且内容不同",
        )
        .value(Some(PII[3].0.into()), Some(PII[3].1)),
        issue(
            Rule::ValueInvalid,
            f,
            "住户",
            10,
            8,
            "城东社区",
            "住址无法识别",
        )
        .value(Some(PII[4].0.into()), Some(PII[4].1)),
        issue(
            Rule::PhoneInvalid,
            "城西/日报.csv",
            "日报",
            3,
            2,
            "城西社区",
            "-电话格式不对",
        )
        .value(Some(PII[2].0.into()), Some(PII[2].1)),
        issue(
            Rule::ValueInvalid,
            "城西/日报.csv",
            "日报",
            4,
            0,
            "城西社区",
            "+日期无法识别",
        )
        .value(Some("+2020/13/45".into()), None),
    ];
    let mut by_rule = BTreeMap::new();
    for i in &list {
        *by_rule.entry(i.rule.as_str().to_string()).or_insert(0) += 1;
    }
    let n = |s| list.iter().filter(|i| i.severity == s).count() as u64;
    let summary = Summary {
        schema: 1,
        name: Some("圭峰会城街道".into()),
        as_of: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
        period: Period {
            from: Some(chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap()),
            to: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
            days: 4,
        },
        totals: Totals {
            communities: communities.len() as u32,
            figures: figures(&t),
        },
        communities,
        big_grids,
        daily,
        files,
        issues: IssueSummary {
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            infos: n(Severity::Info),
            by_rule,
            list,
        },
        changes: None,
    };
    Report {
        summary,
        grid_days,
        history: Default::default(),
    }
}

type Grid = Vec<Vec<Data>>;

/// Every sheet of a workbook as (name, cells from A1).
fn read(path: &Path) -> Vec<(String, Grid)> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_owned();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let mut grid: Grid = Vec::new();
            if let Some((er, ec)) = range.end() {
                for r in 0..=er {
                    grid.push(
                        (0..=ec)
                            .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                            .collect(),
                    );
                }
            }
            (name, grid)
        })
        .collect()
}

fn sheet<'a>(book: &'a [(String, Grid)], name: &str) -> &'a Grid {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn strings(grid: &Grid) -> impl Iterator<Item = &str> {
    grid.iter().flatten().filter_map(|d| match d {
        Data::String(s) => Some(s.as_str()),
        _ => None,
    })
}

fn col_of(grid: &Grid, header_row: usize, header: &str) -> usize {
    grid[header_row]
        .iter()
        .position(|d| *d == Data::String(header.to_string()))
        .unwrap_or_else(|| panic!("no column {header} in {:?}", grid[header_row]))
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

/// All generated workbooks, report.xlsx first.
fn workbooks(out: &Path) -> Vec<PathBuf> {
    let mut paths = vec![out.join("report.xlsx")];
    let mut communities: Vec<PathBuf> = std::fs::read_dir(out.join("communities"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    communities.sort();
    paths.extend(communities);
    paths
}

fn write(report: &Report, lang: Lang) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    write_workbooks(report, &Config::default(), lang, dir.path()).unwrap();
    dir
}

#[test]
fn report_sheets_and_figures_equal_the_summary() {
    let report = sample_report();
    let s = &report.summary;
    let dir = write(&report, Lang::Zh);
    let book = read(&dir.path().join("report.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["概览", "社区", "大网格", "日报", "隔离", "问题", "文件"]
    );

    // 社区: every figure of every community, then the totals row = summary.totals.
    let g = sheet(&book, "社区");
    assert_eq!(g[0][0], Data::String("社区".into()));
    assert_eq!(g[0].len(), 1 + FIGURES.len());
    let residents = col_of(g, 0, "人数");
    let check_row = |row: &[Data], figures: &Figures| {
        let json = serde_json::to_value(figures).unwrap();
        for (i, fig) in FIGURES.iter().enumerate() {
            assert_eq!(
                row.get(1 + i).and_then(number),
                json[fig.key].as_f64(),
                "{} in {:?}",
                fig.key,
                row[0]
            );
        }
    };
    for (i, c) in s.communities.iter().enumerate() {
        assert_eq!(g[1 + i][0], Data::String(c.name.clone()));
        assert_eq!(
            number(&g[1 + i][residents]),
            Some(c.figures.residents as f64)
        );
        check_row(&g[1 + i], &c.figures);
    }
    let totals = &g[1 + s.communities.len()];
    assert!(
        matches!(&totals[0], Data::String(t) if t.starts_with("合计")),
        "{:?}",
        totals[0]
    );
    assert_eq!(
        number(&totals[residents]),
        Some(s.totals.figures.residents as f64)
    );
    check_row(totals, &s.totals.figures);
    // A ratio without a denominator is an empty cell, not 0.
    let jiangnan = 1 + s
        .communities
        .iter()
        .position(|c| c.name == "江南社区")
        .unwrap();
    assert_eq!(g[jiangnan][col_of(g, 0, "排查覆盖率")], Data::Empty);

    // 大网格, 日报, 隔离, 文件.
    let g = sheet(&book, "大网格");
    assert_eq!(g.len(), 1 + s.big_grids.len());
    assert_eq!(g[5][1], Data::String("2".into()));
    assert_eq!(
        g[5][col_of(g, 0, "户数在范围内")],
        Data::String("否".into())
    );
    let g = sheet(&book, "日报");
    assert_eq!(g.len(), 1 + s.daily.len());
    assert_eq!(number(&g[4][col_of(g, 0, "已报")]), Some(5.0));
    assert_eq!(number(&g[1][col_of(g, 0, "日报按时率")]), Some(0.6));
    let g = sheet(&book, "隔离");
    assert_eq!(
        number(&g[1 + s.communities.len()][1]),
        Some(s.totals.figures.isolation_total as f64)
    );
    let g = sheet(&book, "文件");
    assert_eq!(
        g.len(),
        1 + 2 + 4,
        "one row per sheet, one per file without sheets"
    );
    assert!(strings(g).any(|t| t == "@人员"));
    assert!(
        strings(g).any(|t| t == "控制\u{1}字符 "),
        "control characters and spaces kept"
    );

    // 问题: one line per (file, sheet, rule, message pattern), errors first, no value column.
    let g = sheet(&book, "问题");
    assert_eq!(
        g[0],
        [
            "级别",
            "规则",
            "规则编号",
            "文件",
            "工作表",
            "数量",
            "单元格（前 5 个）",
            "社区",
            "说明"
        ]
        .map(|h| Data::String(h.into()))
        .to_vec()
    );
    let counted: f64 = g[1..].iter().filter_map(|r| number(&r[5])).sum();
    assert_eq!(
        counted,
        s.issues.list.len() as f64,
        "every issue counted once"
    );
    let rank = |d: &Data| match d {
        Data::String(t) if t == "错误" => 0,
        Data::String(t) if t == "警告" => 1,
        _ => 2,
    };
    let ranks: Vec<i32> = g[1..].iter().map(|r| rank(&r[0])).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "errors first: {ranks:?}"
    );
    assert!(ranks.first() == Some(&0), "an error comes first");
    assert!(g[1..]
        .iter()
        .any(|r| r[1] == Data::String("联系电话无效".into())
            && r[2] == Data::String("phone_invalid".into())));

    // 概览.
    let g = sheet(&book, "概览");
    assert!(strings(g).any(|t| t == "2020-03-01 — 2020-03-04"));
}

#[test]
fn community_workbooks_show_own_figures_and_masked_values() {
    let report = sample_report();
    let s = &report.summary;
    let dir = write(&report, Lang::Zh);
    let paths = workbooks(dir.path());
    let names: Vec<String> = paths[1..]
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "A_B社区.xlsx",
            "城东社区.xlsx",
            "城西社区.xlsx",
            "江南社区.xlsx"
        ]
    );

    let book = read(&dir.path().join("communities/城东社区.xlsx"));
    let sheet_names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(sheet_names, ["概览", "大网格", "日报", "问题", "问题明细"]);
    let title = strings(sheet(&book, "概览"))
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(title, "圭峰会城街道 城东社区 网格化管理报告");
    let g = sheet(&book, "概览");
    let row = g
        .iter()
        .find(|r| r[0] == Data::String("人数".into()))
        .unwrap();
    assert_eq!(number(&row[1]), Some(3400.0));
    assert!(strings(g).any(|t| t.starts_with("人手不足")));

    let g = sheet(&book, "大网格");
    assert_eq!(g.len(), 3);
    assert!(g[1..]
        .iter()
        .all(|r| r[0] == Data::String("城东社区".into())));

    // Big grid × day, table header on row 6 (below the legend).
    let g = sheet(&book, "日报");
    assert_eq!(
        g[5][..5],
        ["大网格", "03-01", "03-02", "03-03", "03-04"].map(|h| Data::String(h.into()))
    );
    assert_eq!(
        g[7][..5],
        ["2", "✓", "✗", "迟", "✓"].map(|h| Data::String(h.into()))
    );
    assert_eq!(number(&g[7][5]), Some(3.0));
    assert_eq!(number(&g[7][6]), Some(2.0));

    // Issues: only this community's, grouped, with a fix for each line; every cell on its
    // own row in 问题明细, values masked, errors first.
    let own = s
        .issues
        .list
        .iter()
        .filter(|i| i.community.as_deref() == Some("城东社区"))
        .count();
    let g = sheet(&book, "问题");
    let counted: f64 = g[1..]
        .iter()
        .filter_map(|r| number(&r[col_of(g, 0, "数量")]))
        .sum();
    assert_eq!(counted, own as f64);
    assert!(g[0].contains(&Data::String("如何修改".into())));
    let g = sheet(&book, "问题明细");
    assert_eq!(g.len(), 1 + own);
    let first_warning = g.iter().position(|r| r[0] == Data::String("警告".into()));
    let last_error = g.iter().rposition(|r| r[0] == Data::String("错误".into()));
    if let (Some(w), Some(e)) = (first_warning, last_error) {
        assert!(e < w, "errors first in 问题明细");
    }
    let value = col_of(g, 0, "读到的值（个人信息已遮盖）");
    let fix = col_of(g, 0, "如何修改");
    let values: Vec<&Data> = g[1..].iter().map(|r| &r[value]).collect();
    for masked in [
        "440703********123X",
        "138*****0001",
        "张**",
        "江门市蓬江区…",
    ] {
        assert!(
            values.contains(&&Data::String(masked.into())),
            "{masked} not in {values:?}"
        );
    }
    assert!(
        values.contains(&&Data::String(INJECTION.into())),
        "non-personal values as read"
    );
    let phone = g
        .iter()
        .find(|r| r[2] == Data::String("phone_invalid".into()))
        .unwrap();
    assert_eq!(
        phone[fix],
        Data::String("填写 11 位手机号或带区号的固定电话。".into())
    );

    let west = read(&dir.path().join("communities/城西社区.xlsx"));
    assert!(strings(sheet(&west, "问题明细")).any(|t| t == "138****8000"));
    assert!(strings(sheet(&west, "概览")).any(|t| t.starts_with("排查覆盖率偏低")));
}

#[test]
fn no_raw_personal_data_anywhere() {
    let report = sample_report();
    for lang in [Lang::Zh, Lang::En] {
        let dir = write(&report, lang);
        for path in workbooks(dir.path()) {
            for (name, grid) in read(&path) {
                for t in strings(&grid) {
                    for (raw, _, _) in PII {
                        assert!(
                            !t.contains(raw),
                            "{raw} in {} / {name}: {t}",
                            path.display()
                        );
                    }
                }
            }
            // And not in any part of the file (shared strings, properties, charts …).
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut part, &mut text).unwrap();
                for (raw, _, _) in PII {
                    assert!(
                        !text.contains(raw),
                        "{raw} in {} {:?}",
                        path.display(),
                        part.name()
                    );
                }
            }
        }
    }
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let report = sample_report();
    let dir = write(&report, Lang::Zh);
    for path in workbooks(dir.path()) {
        let mut wb = open_workbook_auto(&path).unwrap();
        for name in wb.sheet_names().to_owned() {
            let formulas = wb.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "a formula in {} / {name}",
                path.display()
            );
        }
    }
    let book = read(&dir.path().join("report.xlsx"));
    let issues = sheet(&book, "问题");
    assert!(issues
        .iter()
        .flatten()
        .any(|d| *d == Data::String(INJECTION.into())));
    assert!(issues
        .iter()
        .flatten()
        .any(|d| *d == Data::String("-电话格式不对".into())));
    assert!(issues
        .iter()
        .flatten()
        .any(|d| *d == Data::String("+日期无法识别".into())));
    assert!(sheet(&book, "文件")
        .iter()
        .flatten()
        .any(|d| *d == Data::String("@人员".into())));
    let east = read(&dir.path().join("communities/城西社区.xlsx"));
    assert!(sheet(&east, "问题明细")
        .iter()
        .flatten()
        .any(|d| *d == Data::String("+2020/13/45".into())));
}

#[test]
fn same_input_same_bytes() {
    let report = sample_report();
    let a = write(&report, Lang::Zh);
    let b = write(&report, Lang::Zh);
    let (pa, pb) = (workbooks(a.path()), workbooks(b.path()));
    assert_eq!(pa.len(), 5);
    for (x, y) in pa.iter().zip(&pb) {
        assert_eq!(x.file_name(), y.file_name());
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    // The creation time is the data's, not the clock's.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&pa[0]).unwrap()).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert!(core.contains("2020-03-04T00:00:00Z"), "{core}");
    }
}

#[test]
fn english_names_and_headers() {
    let report = sample_report();
    let dir = write(&report, Lang::En);
    let book = read(&dir.path().join("report.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Overview",
            "Communities",
            "Big grids",
            "Daily",
            "Isolation",
            "Issues",
            "Files"
        ]
    );
    let g = sheet(&book, "Communities");
    assert_eq!(g[0][0], Data::String("Community".into()));
    assert_eq!(number(&g[1][col_of(g, 0, "Residents")]), Some(1800.0));
    assert!(matches!(&g[5][0], Data::String(t) if t.starts_with("Total")));
    assert_eq!(
        sheet(&book, "Issues")[0][0],
        Data::String("Severity".into())
    );
    let east = read(&dir.path().join("communities/城东社区.xlsx"));
    let names: Vec<&str> = east.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Overview", "Big grids", "Daily", "Issues", "Issue cells"]
    );
    let issues = sheet(&east, "Issue cells");
    let fix = col_of(issues, 0, "How to fix");
    let phone = issues
        .iter()
        .find(|r| r[2] == Data::String("phone_invalid".into()))
        .unwrap();
    assert_eq!(phone[1], Data::String("Invalid phone number".into()));
    assert_eq!(
        phone[fix],
        Data::String(
            "Enter an 11-digit mobile number or a landline number with its area code.".into()
        )
    );
    assert!(sheet(&east, "Daily")
        .iter()
        .flatten()
        .any(|d| *d == Data::String("late".into())));
}

#[test]
fn an_empty_report_is_written() {
    let mut report = sample_report();
    let s = &mut report.summary;
    s.communities.clear();
    s.big_grids.clear();
    s.daily.clear();
    s.files.clear();
    s.issues.list.clear();
    s.period = Period {
        from: None,
        to: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
        days: 0,
    };
    s.totals = Totals {
        communities: 0,
        figures: Figures::default(),
    };
    report.grid_days.clear();
    let dir = write(&report, Lang::Zh);
    let book = read(&dir.path().join("report.xlsx"));
    assert_eq!(book.len(), 7);
    assert!(strings(sheet(&book, "概览")).any(|t| t == "无日报"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("communities"))
            .unwrap()
            .count(),
        0
    );
}

/// LibreOffice opens and prints the workbooks (`soffice --headless --convert-to pdf`).
/// Skipped with a message when `soffice` is not installed, unless `CI` is set.
#[test]
fn libreoffice_converts_to_pdf() {
    let Some(soffice) = crate::common::soffice("libreoffice_converts_to_pdf") else {
        return;
    };
    let report = sample_report();
    let dir = write(&report, Lang::Zh);
    let inputs = [
        dir.path().join("report.xlsx"),
        dir.path().join("communities/城东社区.xlsx"),
    ];
    crate::common::prints_to_pdf(soffice, &inputs);
}

/// SPEC §9.4: communities in the order of `community_order`, then by pinyin; big grids in
/// natural order of their codes; the sub-district's name in the titles; A4 print setup.
#[test]
fn display_order_titles_and_print_setup() {
    let mut report = sample_report();
    let s = &mut report.summary;
    let template = s.big_grids[0].clone();
    for code in ["第10网格", "第2网格", "第1网格"] {
        s.big_grids.push(BigGridFigures {
            community: "城东社区".into(),
            big_grid: code.into(),
            ..template.clone()
        });
    }
    let cfg = Config {
        community_order: vec!["江南社区".into(), "城西社区".into()],
        ..Config::default()
    };
    let dir = tempfile::TempDir::new().unwrap();
    write_workbooks(&report, &cfg, Lang::Zh, dir.path()).unwrap();
    let book = read(&dir.path().join("report.xlsx"));
    let first_col = |g: &Grid| -> Vec<String> {
        g[1..]
            .iter()
            .filter_map(|r| match &r[0] {
                Data::String(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    let rows = first_col(sheet(&book, "社区"));
    assert_eq!(rows[..4], ["江南社区", "城西社区", "A/B社区", "城东社区"]);
    assert_eq!(first_col(sheet(&book, "隔离"))[..4], rows[..4]);
    let grids: Vec<String> = sheet(&book, "大网格")[1..]
        .iter()
        .filter(|r| r[0] == Data::String("城东社区".into()))
        .map(|r| match &r[1] {
            Data::String(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    let pos = |c: &str| grids.iter().position(|g| g == c).unwrap();
    assert!(
        pos("第1网格") < pos("第2网格") && pos("第2网格") < pos("第10网格"),
        "{grids:?}"
    );
    let east = read(&dir.path().join("communities/城东社区.xlsx"));
    let g = sheet(&east, "大网格");
    let col = col_of(g, 0, "大网格");
    let codes: Vec<&Data> = g[1..].iter().map(|r| &r[col]).collect();
    let at = |c: &str| {
        codes
            .iter()
            .position(|d| **d == Data::String(c.into()))
            .unwrap()
    };
    assert!(at("第2网格") < at("第10网格"));

    // Titles and print setup, read from the files' XML.
    let xml = |book: &str, part: &str| {
        let f = std::fs::File::open(dir.path().join(book)).unwrap();
        let mut zip = zip::ZipArchive::new(f).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
        text
    };
    assert!(xml("report.xlsx", "docProps/core.xml")
        .contains("<dc:title>圭峰会城街道 网格化管理汇总报告</dc:title>"));
    assert!(xml("communities/城东社区.xlsx", "docProps/core.xml")
        .contains("<dc:title>圭峰会城街道 城东社区 网格化管理报告</dc:title>"));
    assert_eq!(
        strings(sheet(&book, "概览")).next(),
        Some("圭峰会城街道 网格化管理汇总报告")
    );
    for n in 1..=7 {
        let sheet_xml = xml("report.xlsx", &format!("xl/worksheets/sheet{n}.xml"));
        assert!(sheet_xml.contains("paperSize=\"9\""), "sheet{n}: A4");
        assert!(
            sheet_xml.contains("fitToWidth")
                || sheet_xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet{n}: fit to width"
        );
        assert!(
            sheet_xml.contains("<oddHeader>&amp;C圭峰会城街道 网格化管理汇总报告</oddHeader>"),
            "sheet{n}: header"
        );
    }
    let overview = xml("report.xlsx", "xl/worksheets/sheet1.xml");
    let isolation = xml("report.xlsx", "xl/worksheets/sheet5.xml");
    assert!(
        !isolation.contains("landscape"),
        "a narrow table prints upright"
    );
    assert!(
        overview.contains("<rowBreaks count=\"2\""),
        "each chart starts a page: {overview}"
    );
    let communities = xml("report.xlsx", "xl/worksheets/sheet2.xml");
    assert!(
        communities.contains("orientation=\"landscape\""),
        "the wide table prints on its side"
    );
    // Print titles: the header row repeats on every page.
    assert!(xml("report.xlsx", "xl/workbook.xml").contains("_xlnm.Print_Titles"));
    // 需要关注 names the communities.
    let g = sheet(&book, "概览");
    let understaffed = g
        .iter()
        .find(|r| r[0] == Data::String("人手不足的社区".into()))
        .unwrap();
    assert!(
        matches!(&understaffed[3], Data::String(t) if t.contains("城西社区") && t.contains("城东社区")),
        "{understaffed:?}"
    );
}
