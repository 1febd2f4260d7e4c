//! What the templates see: view structs with every number already formatted for people,
//! built from the `Report`. No PII reaches them: issues carry only their message and place,
//! never `Issue::value`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::config::Config;
use crate::issue::{Issue, Severity};
use crate::lang::Lang;
use crate::render::filters::{dec1, int, pct};
use crate::render::labels::label;
use crate::render::svg;
use crate::stats::{DayStatus, Figures, FileStatus, Report, Summary};

/// Issues of one rule shown per file; the rest are counted, not listed.
pub const ISSUE_CAP: usize = 200;

// ---------------------------------------------------------------- flags

/// The flags of SPEC §6 for a community.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Understaffed,
    LowCoverage,
    OutOfRange,
}

impl Flag {
    pub fn key(self) -> &'static str {
        match self {
            Flag::Understaffed => "understaffed",
            Flag::LowCoverage => "low_coverage",
            Flag::OutOfRange => "out_of_range",
        }
    }
}

/// Understaffed: residents per worker above the limit, or no workers and some residents.
/// Low coverage: screening coverage below the minimum. Out of range: a big grid out of range.
pub fn flags(f: &Figures, cfg: &Config) -> Vec<Flag> {
    let mut out = Vec::new();
    let over = f
        .residents_per_worker
        .is_some_and(|r| r > cfg.max_residents_per_worker);
    if over || (f.workers == 0 && f.residents > 0) {
        out.push(Flag::Understaffed);
    }
    if f.screening_coverage
        .is_some_and(|c| c < cfg.min_screening_coverage)
    {
        out.push(Flag::LowCoverage);
    }
    if f.big_grids_out_of_range > 0 {
        out.push(Flag::OutOfRange);
    }
    out
}

#[derive(Serialize)]
pub struct FlagView {
    pub key: &'static str,
    pub label: String,
}

fn flag_views(f: &Figures, cfg: &Config, lang: Lang) -> Vec<FlagView> {
    flags(f, cfg)
        .into_iter()
        .map(|fl| FlagView {
            key: fl.key(),
            label: label(lang, &format!("flag_{}", fl.key())),
        })
        .collect()
}

/// What each flag means, with the thresholds in force.
fn flag_notes(cfg: &Config, lang: Lang) -> Vec<FlagView> {
    let limit = dec1(Some(cfg.max_residents_per_worker));
    let limit = limit.strip_suffix(".0").unwrap_or(&limit).to_string();
    let min = pct(Some(cfg.min_screening_coverage));
    vec![
        FlagView {
            key: "understaffed",
            label: match lang {
                Lang::Zh => format!("每名社区工作者服务人数超过 {limit}，或没有社区工作者而有居民。"),
                Lang::En => format!("More than {limit} residents per community worker, or residents and no workers."),
            },
        },
        FlagView {
            key: "low_coverage",
            label: match lang {
                Lang::Zh => format!("已排查户数占比低于 {min}。"),
                Lang::En => format!("Below {min} of households screened."),
            },
        },
        FlagView {
            key: "out_of_range",
            label: match lang {
                Lang::Zh => "有大网格的户数不在规定范围内。".to_string(),
                Lang::En => "Some big grid has too few or too many households.".to_string(),
            },
        },
    ]
}

// ---------------------------------------------------------------- figures

/// Every figure of SPEC §6 in summary.json order: (key, formatted value).
pub fn figure_cells(f: &Figures) -> Vec<(&'static str, String)> {
    vec![
        ("households", int(f.households)),
        ("residents", int(f.residents)),
        ("buildings", int(f.buildings)),
        ("big_grids", int(f.big_grids)),
        ("households_gated", int(f.households_gated)),
        ("households_unmanaged", int(f.households_unmanaged)),
        ("workers", int(f.workers)),
        ("informants", int(f.informants)),
        ("cadres", int(f.cadres)),
        ("police", int(f.police)),
        ("volunteers", int(f.volunteers)),
        ("other_staff", int(f.other_staff)),
        ("residents_per_worker", dec1(f.residents_per_worker)),
        ("households_per_worker", dec1(f.households_per_worker)),
        ("households_per_big_grid", dec1(f.households_per_big_grid)),
        ("big_grids_out_of_range", int(f.big_grids_out_of_range)),
        ("screened_households", int(f.screened_households)),
        ("screening_coverage", pct(f.screening_coverage)),
        ("buildings_with_informant", int(f.buildings_with_informant)),
        ("informant_coverage", pct(f.informant_coverage)),
        ("big_grids_with_leader", int(f.big_grids_with_leader)),
        ("big_grids_with_police", int(f.big_grids_with_police)),
        ("daily_expected", int(f.daily_expected)),
        ("daily_received", int(f.daily_received)),
        ("daily_on_time", int(f.daily_on_time)),
        ("reporting_rate", pct(f.reporting_rate)),
        ("on_time_rate", pct(f.on_time_rate)),
        ("isolation_total", int(f.isolation_total)),
        ("isolation_active", int(f.isolation_active)),
        ("isolation_completed", int(f.isolation_completed)),
        ("isolation_overdue", int(f.isolation_overdue)),
        ("worker_avg_age", dec1(f.worker_avg_age)),
        ("worker_female_share", pct(f.worker_female_share)),
        ("rows_excluded", int(f.rows_excluded)),
    ]
}

#[derive(Serialize)]
pub struct Tile {
    /// The summary.json field the value comes from (`data-figure` in the page).
    pub key: &'static str,
    pub label: String,
    pub value: String,
    /// Shown as a warning (a flag or a non-zero count of something bad).
    pub alert: bool,
}

fn tile(lang: Lang, key: &'static str, value: String, alert: bool) -> Tile {
    Tile {
        key,
        label: label(lang, key),
        value,
        alert,
    }
}

fn figure_tiles(f: &Figures, cfg: &Config, lang: Lang) -> Vec<Tile> {
    let fl = flags(f, cfg);
    vec![
        tile(lang, "residents", int(f.residents), false),
        tile(lang, "households", int(f.households), false),
        tile(lang, "workers", int(f.workers), false),
        tile(
            lang,
            "residents_per_worker",
            dec1(f.residents_per_worker),
            fl.contains(&Flag::Understaffed),
        ),
        tile(
            lang,
            "screening_coverage",
            pct(f.screening_coverage),
            fl.contains(&Flag::LowCoverage),
        ),
        tile(lang, "reporting_rate", pct(f.reporting_rate), false),
        tile(lang, "on_time_rate", pct(f.on_time_rate), false),
        tile(lang, "isolation_active", int(f.isolation_active), false),
        tile(
            lang,
            "isolation_overdue",
            int(f.isolation_overdue),
            f.isolation_overdue > 0,
        ),
    ]
}

#[derive(Serialize)]
pub struct Column {
    pub key: &'static str,
    pub label: String,
}

// ---------------------------------------------------------------- names and places

/// How files, sheets and communities are named and linked on the pages.
pub struct Names<'a> {
    lang: Lang,
    show_names: bool,
    /// File path → 1-based index in `summary.files`.
    file_index: HashMap<&'a str, usize>,
    /// (file path, sheet name) → 1-based index of the sheet in its file.
    sheet_index: HashMap<(&'a str, &'a str), usize>,
    /// Community display name → link from the site's top folder.
    community_href: HashMap<&'a str, String>,
}

impl<'a> Names<'a> {
    pub fn new(summary: &'a Summary, safe: &[String], cfg: &Config, lang: Lang) -> Names<'a> {
        let mut file_index = HashMap::new();
        let mut sheet_index = HashMap::new();
        for (i, f) in summary.files.iter().enumerate() {
            file_index.entry(f.path.as_str()).or_insert(i + 1);
            for (j, s) in f.sheets.iter().enumerate() {
                sheet_index
                    .entry((f.path.as_str(), s.name.as_str()))
                    .or_insert(j + 1);
            }
        }
        let community_href = summary
            .communities
            .iter()
            .zip(safe)
            .map(|(c, s)| {
                (
                    c.name.as_str(),
                    format!("communities/{}.html", url_segment(s)),
                )
            })
            .collect();
        Names {
            lang,
            show_names: cfg.html_file_names,
            file_index,
            sheet_index,
            community_href,
        }
    }

    /// A file as shown: its path, or `文件 3` / `file 3` when names are hidden.
    pub fn file(&self, path: &str) -> String {
        if self.show_names {
            return path.to_string();
        }
        match self.file_index.get(path) {
            Some(n) => format!("{} {n}", label(self.lang, "file_n")),
            None => format!("{} ?", label(self.lang, "file_n")),
        }
    }

    /// A sheet as shown: its name, or `工作表 2` / `sheet 2` when names are hidden.
    pub fn sheet(&self, path: &str, sheet: &str) -> String {
        if self.show_names {
            return sheet.to_string();
        }
        match self.sheet_index.get(&(path, sheet)) {
            Some(n) => format!("{} {n}", label(self.lang, "sheet_n")),
            None => format!("{} ?", label(self.lang, "sheet_n")),
        }
    }

    pub fn file_anchor(&self, path: Option<&str>) -> String {
        match path {
            None => "f0".to_string(),
            Some(p) => match self.file_index.get(p) {
                Some(n) => format!("f{n}"),
                None => format!("fx{}", hex_id(p)),
            },
        }
    }

    pub fn sheet_anchor(&self, path: Option<&str>, sheet: Option<&str>) -> String {
        let file = self.file_anchor(path);
        match (path, sheet) {
            (_, None) => format!("{file}-s0"),
            (Some(p), Some(s)) => match self.sheet_index.get(&(p, s)) {
                Some(n) => format!("{file}-s{n}"),
                None => format!("{file}-sx{}", hex_id(s)),
            },
            (None, Some(s)) => format!("{file}-sx{}", hex_id(s)),
        }
    }

    pub fn community_href(&self, name: &str) -> Option<&str> {
        self.community_href.get(name).map(String::as_str)
    }
}

/// A short stable id for text that has no index (FNV-1a, hex).
fn hex_id(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Percent-encode one path segment for an `href` (everything but unreserved ASCII), so a
/// community named `a#b` or `50%` still links to its file.
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------- issues

#[derive(Serialize)]
pub struct IssueRow {
    pub severity: &'static str,
    pub severity_label: String,
    pub rule: &'static str,
    pub cell: String,
    pub community: String,
    /// Link to the community page from the site's top folder, if it has one.
    pub community_href: Option<String>,
    pub message: String,
}

fn issue_row(i: &Issue, names: &Names) -> IssueRow {
    IssueRow {
        severity: i.severity.as_str(),
        severity_label: label(names.lang, &format!("severity_{}", i.severity.as_str())),
        rule: i.rule.as_str(),
        cell: i
            .cell
            .clone()
            .unwrap_or_else(|| crate::render::filters::NONE.to_string()),
        community: i
            .community
            .clone()
            .unwrap_or_else(|| crate::render::filters::NONE.to_string()),
        community_href: i
            .community
            .as_deref()
            .and_then(|c| names.community_href(c))
            .map(str::to_string),
        message: i.message.clone(),
    }
}

#[derive(Serialize)]
pub struct SheetGroup {
    pub anchor: String,
    pub label: String,
    pub issues: Vec<IssueRow>,
}

#[derive(Serialize)]
pub struct Hidden {
    pub rule: &'static str,
    pub count: String,
}

#[derive(Serialize)]
pub struct FileGroup {
    pub anchor: String,
    pub label: String,
    pub total: String,
    pub sheets: Vec<SheetGroup>,
    /// Rules with more than `ISSUE_CAP` issues in this file: how many are not listed.
    pub hidden: Vec<Hidden>,
}

/// Group issues by file and sheet (`null` first, then code-point order; issues keep their
/// order within a sheet), listing at most `cap` issues of one rule per file.
pub fn group_issues<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    names: &Names,
    cap: usize,
) -> Vec<FileGroup> {
    struct Acc<'a> {
        total: u64,
        sheets: BTreeMap<Option<&'a str>, Vec<IssueRow>>,
        per_rule: BTreeMap<&'static str, usize>,
    }
    let mut files: BTreeMap<Option<&'a str>, Acc<'a>> = BTreeMap::new();
    for i in issues {
        let acc = files.entry(i.file.as_deref()).or_insert_with(|| Acc {
            total: 0,
            sheets: BTreeMap::new(),
            per_rule: BTreeMap::new(),
        });
        acc.total += 1;
        let seen = acc.per_rule.entry(i.rule.as_str()).or_insert(0);
        *seen += 1;
        if *seen <= cap {
            acc.sheets
                .entry(i.sheet.as_deref())
                .or_default()
                .push(issue_row(i, names));
        } else {
            // Keep the sheet group even when all its issues are over the cap.
            acc.sheets.entry(i.sheet.as_deref()).or_default();
        }
    }
    files
        .into_iter()
        .map(|(file, acc)| FileGroup {
            anchor: names.file_anchor(file),
            label: match file {
                Some(f) => names.file(f),
                None => label(names.lang, "no_file"),
            },
            total: int(acc.total),
            sheets: acc
                .sheets
                .into_iter()
                .map(|(sheet, issues)| SheetGroup {
                    anchor: names.sheet_anchor(file, sheet),
                    label: match (file, sheet) {
                        (Some(f), Some(s)) => names.sheet(f, s),
                        (None, Some(s)) if names.show_names => s.to_string(),
                        (None, Some(_)) => format!("{} ?", label(names.lang, "sheet_n")),
                        (_, None) => label(names.lang, "no_sheet"),
                    },
                    issues,
                })
                .collect(),
            hidden: acc
                .per_rule
                .into_iter()
                .filter(|&(_, n)| n > cap)
                .map(|(rule, n)| Hidden {
                    rule,
                    count: int((n - cap) as u64),
                })
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------- pages

/// What every page has.
#[derive(Serialize)]
pub struct Common {
    pub lang: &'static str,
    /// Prefix from the page to the site's top folder: `""` or `"../"`.
    pub root: &'static str,
    /// Which page this is, for the navigation: `index`, `community`, `issues`, `files`.
    pub page: &'static str,
    pub as_of: String,
    pub period: String,
}

fn common(summary: &Summary, lang: Lang, root: &'static str, page: &'static str) -> Common {
    let p = &summary.period;
    let period = match &p.from {
        Some(from) => match lang {
            Lang::Zh => format!("{from} 至 {}（{} 天）", p.to, int(u64::from(p.days))),
            Lang::En => format!("{from} to {} ({} days)", p.to, int(u64::from(p.days))),
        },
        None => label(lang, "period_none"),
    };
    Common {
        lang: crate::render::labels::html_lang(lang),
        root,
        page,
        as_of: summary.as_of.clone(),
        period,
    }
}

#[derive(Serialize)]
pub struct CommunityRow {
    pub name: String,
    pub href: String,
    pub cells: Vec<String>,
    pub flags: Vec<FlagView>,
}

#[derive(Serialize)]
pub struct DailyRow {
    pub date: String,
    pub expected: String,
    pub received: String,
    pub on_time: String,
    pub reporting_rate: String,
    pub on_time_rate: String,
    pub households_visited: String,
    pub new_arrivals: String,
    pub under_isolation: String,
    pub fever: String,
}

#[derive(Serialize)]
pub struct IndexPage {
    #[serde(flatten)]
    pub common: Common,
    pub tiles: Vec<Tile>,
    pub columns: Vec<Column>,
    pub rows: Vec<CommunityRow>,
    pub totals: Vec<String>,
    pub flag_notes: Vec<FlagView>,
    pub chart_rpw: String,
    pub chart_rates: String,
    pub chart_visited: String,
    pub daily: Vec<DailyRow>,
}

pub fn index_page(report: &Report, cfg: &Config, lang: Lang, names: &Names) -> IndexPage {
    let s = &report.summary;
    let t = &s.totals.figures;
    let mut tiles = vec![tile(
        lang,
        "communities",
        int(u64::from(s.totals.communities)),
        false,
    )];
    tiles.extend(figure_tiles(t, cfg, lang));
    tiles.push(tile(
        lang,
        "errors",
        int(s.issues.errors),
        s.issues.errors > 0,
    ));
    tiles.push(tile(lang, "warnings", int(s.issues.warnings), false));

    let columns = figure_cells(t)
        .into_iter()
        .map(|(key, _)| Column {
            key,
            label: label(lang, key),
        })
        .collect();
    let rows = s
        .communities
        .iter()
        .map(|c| CommunityRow {
            name: c.name.clone(),
            href: names
                .community_href(&c.name)
                .unwrap_or_default()
                .to_string(),
            cells: figure_cells(&c.figures)
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
            flags: flag_views(&c.figures, cfg, lang),
        })
        .collect();
    let totals = figure_cells(t).into_iter().map(|(_, v)| v).collect();

    // Residents per worker by community.
    let bars: Vec<svg::Bar> = s
        .communities
        .iter()
        .map(|c| svg::Bar {
            label: c.name.clone(),
            value: c.figures.residents_per_worker,
            shown: dec1(c.figures.residents_per_worker),
            flagged: flags(&c.figures, cfg).contains(&Flag::Understaffed),
        })
        .collect();
    let over = bars.iter().filter(|b| b.flagged).count();
    let limit_shown = dec1(Some(cfg.max_residents_per_worker));
    let rpw_desc = match lang {
        Lang::Zh => format!(
            "{} 个社区中有 {} 个人手不足（上限 {}）。各社区数值见下方表格。",
            bars.len(),
            over,
            limit_shown
        ),
        Lang::En => format!(
            "{} of {} communities are understaffed (limit {}). The table below has every value.",
            over,
            bars.len(),
            limit_shown
        ),
    };
    let chart_rpw = svg::hbars(
        "chart-rpw",
        &label(lang, "chart_rpw"),
        &rpw_desc,
        &bars,
        Some((
            cfg.max_residents_per_worker,
            &label(lang, "chart_rpw_limit"),
        )),
    );

    // Daily charts.
    let dates: Vec<String> = s.daily.iter().map(|d| d.date.clone()).collect();
    let rate = |n: u64, d: u64| crate::stats::ratio(n as f64, d as f64);
    let reporting: Vec<Option<f64>> = s
        .daily
        .iter()
        .map(|d| rate(d.received, d.expected))
        .collect();
    let on_time: Vec<Option<f64>> = s
        .daily
        .iter()
        .map(|d| rate(d.on_time, d.expected))
        .collect();
    let rates_desc = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => match lang {
            Lang::Zh => format!(
                "{a} 至 {b}：上报率从 {} 到 {}，按时上报率从 {} 到 {}。每日数值见图表数据。",
                pct(reporting.first().copied().flatten()),
                pct(reporting.last().copied().flatten()),
                pct(on_time.first().copied().flatten()),
                pct(on_time.last().copied().flatten())
            ),
            Lang::En => format!(
                "{a} to {b}: reporting rate from {} to {}, on-time rate from {} to {}. The chart data lists every day.",
                pct(reporting.first().copied().flatten()),
                pct(reporting.last().copied().flatten()),
                pct(on_time.first().copied().flatten()),
                pct(on_time.last().copied().flatten())
            ),
        },
        _ => label(lang, "chart_no_data"),
    };
    let rep_name = label(lang, "reporting_rate");
    let ont_name = label(lang, "on_time_rate");
    let chart_rates = svg::lines(
        "chart-rates",
        &label(lang, "chart_rates"),
        &rates_desc,
        &dates,
        &[
            svg::Series {
                name: &rep_name,
                class: "s1",
                values: reporting.clone(),
            },
            svg::Series {
                name: &ont_name,
                class: "s2",
                values: on_time.clone(),
            },
        ],
    );
    let visited: Vec<u64> = s.daily.iter().map(|d| d.households_visited).collect();
    let visited_shown: Vec<String> = visited.iter().map(|&v| int(v)).collect();
    let total_visited: u64 = visited.iter().sum();
    let visited_desc = if dates.is_empty() {
        label(lang, "chart_no_data")
    } else {
        match lang {
            Lang::Zh => format!(
                "期间共走访 {} 户，最多一天 {} 户。",
                int(total_visited),
                int(visited.iter().copied().max().unwrap_or(0))
            ),
            Lang::En => format!(
                "{} households visited in the period, at most {} in one day.",
                int(total_visited),
                int(visited.iter().copied().max().unwrap_or(0))
            ),
        }
    };
    let chart_visited = svg::columns(
        "chart-visited",
        &label(lang, "chart_visited"),
        &visited_desc,
        &dates,
        &visited,
        &visited_shown,
    );
    let daily = s
        .daily
        .iter()
        .zip(reporting.iter().zip(&on_time))
        .map(|(d, (r, o))| DailyRow {
            date: d.date.clone(),
            expected: int(d.expected),
            received: int(d.received),
            on_time: int(d.on_time),
            reporting_rate: pct(*r),
            on_time_rate: pct(*o),
            households_visited: int(d.households_visited),
            new_arrivals: int(d.new_arrivals),
            under_isolation: int(d.under_isolation),
            fever: int(d.fever),
        })
        .collect();

    IndexPage {
        common: common(s, lang, "", "index"),
        tiles,
        columns,
        rows,
        totals,
        flag_notes: flag_notes(cfg, lang),
        chart_rpw,
        chart_rates,
        chart_visited,
        daily,
    }
}

#[derive(Serialize)]
pub struct FigureRow {
    pub key: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct BigGridRow {
    pub big_grid: String,
    pub households: String,
    pub residents: String,
    pub buildings: String,
    pub in_range: bool,
    pub in_range_label: String,
    pub has_leader: bool,
    pub has_leader_label: String,
    pub has_police: bool,
    pub has_police_label: String,
    pub received: String,
    pub expected: String,
    pub reporting_rate: String,
    pub on_time_rate: String,
}

#[derive(Serialize)]
pub struct CommunityPage {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub tiles: Vec<Tile>,
    pub flags: Vec<FlagView>,
    pub figures: Vec<FigureRow>,
    pub big_grids: Vec<BigGridRow>,
    pub heatmap: String,
    pub issue_count: String,
    /// The community's issues, grouped like on issues.html (the template name is shared).
    pub groups: Vec<FileGroup>,
    pub issues_hidden: bool,
}

/// The dates of the period, `period.from + i`.
fn period_dates(summary: &Summary, n: usize) -> Vec<String> {
    let from = summary
        .period
        .from
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    (0..n)
        .map(
            |i| match from.and_then(|f| f.checked_add_days(chrono::Days::new(i as u64))) {
                Some(d) => d.format("%Y-%m-%d").to_string(),
                None => format!("#{}", i + 1),
            },
        )
        .collect()
}

/// Community pages, in the order of `summary.communities`. Issues are handed out in one pass.
pub fn community_pages(
    report: &Report,
    cfg: &Config,
    lang: Lang,
    names: &Names,
) -> Vec<CommunityPage> {
    let s = &report.summary;
    let mut issues_of: HashMap<&str, Vec<&Issue>> = HashMap::new();
    for i in &s.issues.list {
        if let Some(c) = i.community.as_deref() {
            issues_of.entry(c).or_default().push(i);
        }
    }
    let mut grids_of: HashMap<&str, Vec<&crate::stats::BigGridFigures>> = HashMap::new();
    for g in &s.big_grids {
        grids_of.entry(g.community.as_str()).or_default().push(g);
    }
    let mut days_of: HashMap<&str, Vec<&crate::stats::GridDays>> = HashMap::new();
    for g in &report.grid_days {
        days_of.entry(g.community.as_str()).or_default().push(g);
    }
    let yes_no = |b: bool| label(lang, if b { "yes" } else { "no" });
    s.communities
        .iter()
        .map(|c| {
            let f = &c.figures;
            let mut tiles = figure_tiles(f, cfg, lang);
            tiles.insert(3, tile(lang, "big_grids", int(f.big_grids), f.big_grids_out_of_range > 0));
            tiles.insert(4, tile(lang, "buildings", int(f.buildings), false));
            tiles.push(tile(lang, "rows_excluded", int(f.rows_excluded), f.rows_excluded > 0));
            let figures = figure_cells(f)
                .into_iter()
                .map(|(key, value)| FigureRow { key, label: label(lang, key), value })
                .collect();
            let big_grids = grids_of
                .get(c.name.as_str())
                .map(|v| v.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|g| BigGridRow {
                    big_grid: g.big_grid.clone(),
                    households: int(g.households),
                    residents: int(g.residents),
                    buildings: int(g.buildings),
                    in_range: g.in_range,
                    in_range_label: yes_no(g.in_range),
                    has_leader: g.has_leader,
                    has_leader_label: yes_no(g.has_leader),
                    has_police: g.has_police,
                    has_police_label: yes_no(g.has_police),
                    received: int(g.daily_received),
                    expected: int(g.daily_expected),
                    reporting_rate: pct(crate::stats::ratio(g.daily_received as f64, g.daily_expected as f64)),
                    on_time_rate: pct(crate::stats::ratio(g.daily_on_time as f64, g.daily_expected as f64)),
                })
                .collect();
            let grid_days = days_of.get(c.name.as_str()).map(|v| v.as_slice()).unwrap_or_default();
            let n = grid_days.iter().map(|g| g.days.len()).max().unwrap_or(0);
            let dates = period_dates(s, n);
            let rows: Vec<svg::HeatRow> =
                grid_days.iter().map(|g| svg::HeatRow { label: &g.big_grid, days: &g.days }).collect();
            let count = |st: DayStatus| int(grid_days.iter().flat_map(|g| &g.days).filter(|d| **d == st).count() as u64);
            let names3 = [label(lang, "status_on_time"), label(lang, "status_late"), label(lang, "status_missing")];
            let desc = if n == 0 {
                label(lang, "chart_no_data")
            } else {
                match lang {
                    Lang::Zh => format!(
                        "{} 个大网格、{} 天：按时 {}，迟报 {}，未报 {}。各大网格的上报率见上表。",
                        rows.len(),
                        n,
                        count(DayStatus::OnTime),
                        count(DayStatus::Late),
                        count(DayStatus::Missing)
                    ),
                    Lang::En => format!(
                        "{} big grids over {} days: {} on time, {} late, {} missing. The table above has each big grid's rates.",
                        rows.len(),
                        n,
                        count(DayStatus::OnTime),
                        count(DayStatus::Late),
                        count(DayStatus::Missing)
                    ),
                }
            };
            let heatmap = svg::heatmap(
                "chart-heat",
                &label(lang, "heatmap"),
                &desc,
                &dates,
                &rows,
                [&names3[0], &names3[1], &names3[2]],
            );
            let own = issues_of.get(c.name.as_str()).map(|v| v.as_slice()).unwrap_or_default();
            let issues = group_issues(own.iter().copied(), names, ISSUE_CAP);
            let issues_hidden = issues.iter().any(|g| !g.hidden.is_empty());
            CommunityPage {
                common: common(s, lang, "../", "community"),
                name: c.name.clone(),
                tiles,
                flags: flag_views(f, cfg, lang),
                figures,
                big_grids,
                heatmap,
                issue_count: int(own.len() as u64),
                groups: issues,
                issues_hidden,
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub severity: &'static str,
    pub severity_label: String,
    pub count: String,
}

#[derive(Serialize)]
pub struct IssuesPage {
    #[serde(flatten)]
    pub common: Common,
    pub severities: Vec<Tile>,
    pub by_rule: Vec<RuleCount>,
    pub total: String,
    pub groups: Vec<FileGroup>,
    pub any_hidden: bool,
}

pub fn issues_page(report: &Report, lang: Lang, names: &Names) -> IssuesPage {
    let s = &report.summary;
    let by_rule = s
        .issues
        .by_rule
        .iter()
        .map(|(rule, n)| {
            let sev = crate::issue::Rule::ALL
                .iter()
                .find(|r| r.as_str() == rule)
                .map(|r| r.severity())
                .unwrap_or(Severity::Warning);
            // value_invalid is an error or a warning depending on the field: show what occurred.
            let sev = if rule == "value_invalid" {
                let errs = s
                    .issues
                    .list
                    .iter()
                    .any(|i| i.rule.as_str() == rule && i.severity == Severity::Error);
                if errs {
                    Severity::Error
                } else {
                    Severity::Warning
                }
            } else {
                sev
            };
            RuleCount {
                rule: rule.clone(),
                severity: sev.as_str(),
                severity_label: label(lang, &format!("severity_{}", sev.as_str())),
                count: int(*n),
            }
        })
        .collect();
    let groups = group_issues(&s.issues.list, names, ISSUE_CAP);
    let any_hidden = groups.iter().any(|g| !g.hidden.is_empty());
    IssuesPage {
        common: common(s, lang, "", "issues"),
        severities: vec![
            tile(lang, "errors", int(s.issues.errors), s.issues.errors > 0),
            tile(lang, "warnings", int(s.issues.warnings), false),
            tile(lang, "infos", int(s.issues.infos), false),
        ],
        by_rule,
        total: int(s.issues.list.len() as u64),
        groups,
        any_hidden,
    }
}

#[derive(Serialize)]
pub struct SheetView {
    pub label: String,
    pub kind: String,
    pub kind_label: String,
    /// Not read: `unrecognized` or `unreadable`.
    pub problem: bool,
    pub header_row: String,
    pub rows: String,
    pub rows_used: String,
    pub issue_count: String,
    pub issues_href: Option<String>,
    /// The sheet's own issues, listed when it was not read (at most a few).
    pub why: Vec<IssueRow>,
}

#[derive(Serialize)]
pub struct FileView {
    pub n: usize,
    pub anchor: String,
    pub label: String,
    pub format: String,
    pub status: &'static str,
    pub status_label: String,
    pub issue_count: String,
    pub issues_href: Option<String>,
    /// File-level issues (no sheet), e.g. why it was skipped or unreadable.
    pub why: Vec<IssueRow>,
    pub sheets: Vec<SheetView>,
}

#[derive(Serialize)]
pub struct FilesPage {
    #[serde(flatten)]
    pub common: Common,
    pub files: Vec<FileView>,
}

/// Issues listed beside a file or sheet on the files page; the rest are on issues.html.
const WHY_CAP: usize = 5;

pub fn files_page(report: &Report, lang: Lang, names: &Names) -> FilesPage {
    let s = &report.summary;
    // (file, sheet) → issues, one pass.
    let mut by_place: HashMap<(&str, Option<&str>), Vec<&Issue>> = HashMap::new();
    let mut per_file: HashMap<&str, u64> = HashMap::new();
    for i in &s.issues.list {
        if let Some(f) = i.file.as_deref() {
            by_place.entry((f, i.sheet.as_deref())).or_default().push(i);
            *per_file.entry(f).or_default() += 1;
        }
    }
    let files = s
        .files
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let status = match f.status {
                FileStatus::Read => "read",
                FileStatus::Skipped => "skipped",
                FileStatus::Unreadable => "unreadable",
            };
            let file_issues = per_file.get(f.path.as_str()).copied().unwrap_or(0);
            let own = by_place
                .get(&(f.path.as_str(), None))
                .map(|v| v.as_slice())
                .unwrap_or_default();
            let sheets = f
                .sheets
                .iter()
                .map(|sh| {
                    let list = by_place
                        .get(&(f.path.as_str(), Some(sh.name.as_str())))
                        .map(|v| v.as_slice())
                        .unwrap_or_default();
                    let problem = sh.kind == "unrecognized" || sh.kind == "unreadable";
                    SheetView {
                        label: names.sheet(&f.path, &sh.name),
                        kind: sh.kind.clone(),
                        kind_label: label(lang, &format!("kind_{}", sh.kind)),
                        problem,
                        header_row: sh.header_row.map_or_else(
                            || crate::render::filters::NONE.to_string(),
                            |h| int(u64::from(h)),
                        ),
                        rows: int(sh.rows),
                        rows_used: int(sh.rows_used),
                        issue_count: int(list.len() as u64),
                        issues_href: (!list.is_empty()).then(|| {
                            format!(
                                "issues.html#{}",
                                names.sheet_anchor(Some(&f.path), Some(&sh.name))
                            )
                        }),
                        why: if problem {
                            list.iter()
                                .take(WHY_CAP)
                                .map(|i| issue_row(i, names))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect();
            FileView {
                n: k + 1,
                anchor: format!("file-{}", k + 1),
                label: names.file(&f.path),
                format: f.format.clone(),
                status,
                status_label: label(lang, &format!("status_{status}")),
                issue_count: int(file_issues),
                issues_href: (file_issues > 0)
                    .then(|| format!("issues.html#{}", names.file_anchor(Some(&f.path)))),
                why: own
                    .iter()
                    .take(WHY_CAP)
                    .map(|i| issue_row(i, names))
                    .collect(),
                sheets,
            }
        })
        .collect();
    FilesPage {
        common: common(s, lang, "", "files"),
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::Rule;

    fn figs() -> Figures {
        Figures {
            residents: 3000,
            workers: 2,
            residents_per_worker: Some(1500.0),
            screening_coverage: Some(0.9),
            ..Figures::default()
        }
    }

    #[test]
    fn flags_follow_the_spec() {
        let cfg = Config::default();
        // Exactly at the limits: no flag.
        assert_eq!(flags(&figs(), &cfg), vec![]);
        let f = Figures {
            residents_per_worker: Some(1500.1),
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![Flag::Understaffed]);
        let f = Figures {
            workers: 0,
            residents_per_worker: None,
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![Flag::Understaffed]);
        let f = Figures {
            workers: 0,
            residents: 0,
            residents_per_worker: None,
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![]);
        let f = Figures {
            screening_coverage: Some(0.899),
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![Flag::LowCoverage]);
        let f = Figures {
            screening_coverage: None,
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![]);
        let f = Figures {
            big_grids_out_of_range: 1,
            ..figs()
        };
        assert_eq!(flags(&f, &cfg), vec![Flag::OutOfRange]);
        let cfg2 = Config {
            max_residents_per_worker: 1000.0,
            min_screening_coverage: 0.95,
            ..Config::default()
        };
        assert_eq!(
            flags(&figs(), &cfg2),
            vec![Flag::Understaffed, Flag::LowCoverage]
        );
    }

    #[test]
    fn every_figure_has_a_cell() {
        let f = Figures::default();
        let cells = figure_cells(&f);
        let json = serde_json::to_value(&f).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut ours: Vec<&str> = cells.iter().map(|c| c.0).collect();
        let mut theirs = keys.clone();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
        assert_eq!(
            cells
                .iter()
                .find(|c| c.0 == "screening_coverage")
                .unwrap()
                .1,
            "—"
        );
    }

    #[test]
    fn url_segments() {
        assert_eq!(url_segment("abc-1.x"), "abc-1.x");
        assert_eq!(url_segment("a b#%"), "a%20b%23%25");
        assert_eq!(url_segment("城东"), "%E5%9F%8E%E4%B8%9C");
    }

    fn summary_with(issues: Vec<Issue>) -> Summary {
        Summary {
            schema: 1,
            as_of: "2020-03-04".into(),
            period: crate::stats::Period {
                from: None,
                to: "2020-03-04".into(),
                days: 0,
            },
            totals: crate::stats::Totals {
                communities: 0,
                figures: Figures::default(),
            },
            communities: vec![],
            big_grids: vec![],
            daily: vec![],
            files: vec![crate::stats::FileEntry {
                path: "a/台账.xlsx".into(),
                format: "xlsx".into(),
                status: FileStatus::Read,
                sheets: vec![
                    crate::stats::SheetEntry {
                        name: "S1".into(),
                        kind: "households".into(),
                        header_row: Some(1),
                        rows: 1,
                        rows_used: 1,
                    },
                    crate::stats::SheetEntry {
                        name: "S2".into(),
                        kind: "staff".into(),
                        header_row: Some(1),
                        rows: 1,
                        rows_used: 1,
                    },
                ],
            }],
            issues: crate::stats::IssueSummary {
                errors: 0,
                warnings: 0,
                infos: 0,
                by_rule: BTreeMap::new(),
                list: issues,
            },
        }
    }

    #[test]
    fn at_most_200_issues_of_one_rule_per_file() {
        let mut list = Vec::new();
        for r in 0..450u32 {
            list.push(
                Issue::new(Rule::PhoneInvalid, format!("p{r}"))
                    .file("a/台账.xlsx")
                    .sheet("S1")
                    .at(r + 2, 3),
            );
        }
        for r in 0..150u32 {
            list.push(
                Issue::new(Rule::PhoneInvalid, "q")
                    .file("a/台账.xlsx")
                    .sheet("S2")
                    .at(r + 2, 3),
            );
        }
        for r in 0..10u32 {
            list.push(
                Issue::new(Rule::IdNumberInvalid, "i")
                    .file("a/台账.xlsx")
                    .sheet("S2")
                    .at(r + 2, 2),
            );
        }
        for _ in 0..300 {
            list.push(Issue::new(Rule::BigGridSize, "g").community("c"));
        }
        let s = summary_with(list);
        let cfg = Config::default();
        let names = Names::new(&s, &[], &cfg, Lang::En);
        let groups = group_issues(&s.issues.list, &names, ISSUE_CAP);
        // null file first.
        assert_eq!(groups[0].anchor, "f0");
        assert_eq!(groups[0].sheets[0].issues.len(), 200);
        assert_eq!(groups[0].hidden.len(), 1);
        assert_eq!(groups[0].hidden[0].count, "100");
        let g = &groups[1];
        assert_eq!(g.anchor, "f1");
        assert_eq!(g.total, "610");
        // The first 200 phone issues are all in S1 (they come first); S2 keeps its other rule.
        assert_eq!(g.sheets[0].issues.len(), 200);
        assert_eq!(g.sheets[0].issues[0].message, "p0");
        assert_eq!(g.sheets[0].issues[199].message, "p199");
        assert_eq!(g.sheets[1].anchor, "f1-s2");
        assert_eq!(g.sheets[1].issues.len(), 10);
        assert_eq!(g.hidden.len(), 1);
        assert_eq!(g.hidden[0].rule, "phone_invalid");
        assert_eq!(g.hidden[0].count, "400");
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn hidden_file_names() {
        let s = summary_with(vec![]);
        let cfg = Config {
            html_file_names: false,
            ..Config::default()
        };
        let names = Names::new(&s, &[], &cfg, Lang::Zh);
        assert_eq!(names.file("a/台账.xlsx"), "文件 1");
        assert_eq!(names.sheet("a/台账.xlsx", "S2"), "工作表 2");
        let names = Names::new(&s, &[], &cfg, Lang::En);
        assert_eq!(names.file("a/台账.xlsx"), "file 1");
        assert_eq!(names.sheet("a/台账.xlsx", "S1"), "sheet 1");
        let cfg = Config::default();
        let names = Names::new(&s, &[], &cfg, Lang::En);
        assert_eq!(names.file("a/台账.xlsx"), "a/台账.xlsx");
        assert_eq!(names.sheet("a/台账.xlsx", "S1"), "S1");
    }
}
