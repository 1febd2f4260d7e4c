//! The 概览 Overview sheet of `report.xlsx`: as_of, period, headline figures, what needs
//! attention, and the charts.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use crate::config::Config;
use crate::stats::figure::{def, Figure};
use crate::stats::Summary;
use crate::vocab::lang::Lang;

use super::book::*;
use super::figures::{cref, figure_index, figure_values, flag_rows, kind_of, red, FIGURES};
use super::table::{count, num, put, put_text, shown_text, Kind, Styles, Val, Widths};
use crate::render::attention::attention;

pub(crate) fn overview_sheet(
    s: &Summary,
    cfg: &Config,
    lang: Lang,
    styles: &Styles,
    names: &SheetNames,
    title: &str,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(names.overview)?;
    let mut widths = Widths::default();
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    let row = label_lines(&mut ws, &mut widths, styles, 2, &headline(s, lang))?;
    let row = attention_block(&mut ws, &mut widths, styles, row + 1, s, cfg, lang)?;
    widths.apply(&mut ws)?;
    charts(&mut ws, s, lang, names, row + 1)?;
    Ok(ws)
}

/// The figures the overview lists, in this order (`stats::figure` names and formats them).
const HEADLINE: [Figure; 17] = [
    Figure::Households,
    Figure::Residents,
    Figure::Buildings,
    Figure::BigGrids,
    Figure::Workers,
    Figure::Informants,
    Figure::Cadres,
    Figure::Police,
    Figure::Volunteers,
    Figure::ResidentsPerWorker,
    Figure::ScreeningCoverage,
    Figure::InformantCoverage,
    Figure::ReportingRate,
    Figure::OnTimeRate,
    Figure::IsolationActive,
    Figure::IsolationOverdue,
    Figure::RowsExcluded,
];

/// As of, the period, the number of communities, the headline figures, the issue counts.
fn headline(s: &Summary, lang: Lang) -> Vec<(String, Val, Kind)> {
    let mut lines: Vec<Line> = date_lines(s, lang, true);
    lines.extend([(
        lang.pick("社区数", "Communities").into(),
        count(u64::from(s.totals.communities)),
        Kind::Count,
    )]);
    let values = figure_values(&s.totals.figures);
    for f in HEADLINE {
        let i = figure_index(def(f).key);
        lines.push((
            FIGURES[i].label(lang).into(),
            values[i].clone(),
            kind_of(&FIGURES[i]),
        ));
    }
    lines.extend([
        (
            lang.pick("错误", "Errors").into(),
            count(s.issues.errors),
            Kind::Count,
        ),
        (
            lang.pick("警告", "Warnings").into(),
            count(s.issues.warnings),
            Kind::Count,
        ),
        (
            lang.pick("提示", "Notes").into(),
            count(s.issues.infos),
            Kind::Count,
        ),
    ]);
    lines
}

/// "需要关注" from `row` on, counts in red when not 0; the next free row.
fn attention_block(
    ws: &mut Worksheet,
    widths: &mut Widths,
    styles: &Styles,
    mut row: u32,
    s: &Summary,
    cfg: &Config,
    lang: Lang,
) -> Result<u32, XlsxError> {
    put_text(
        ws,
        widths,
        row,
        0,
        lang.pick("需要关注", "Needs attention"),
        &styles.title,
    )?;
    row += 1;
    let first_flag = row;
    for (label, n, note, who) in attention_lines(s, cfg, lang) {
        put_text(ws, widths, row, 0, label, &styles.label)?;
        put(ws, widths, styles, (row, 1), &count(n), Kind::Count, false)?;
        put_text(ws, widths, row, 2, &note, styles.body(Kind::Text))?;
        put_text(ws, widths, row, 3, &who, &styles.wrap)?;
        row += 1;
    }
    flag_rows(
        ws,
        first_flag,
        row - 1,
        &[1],
        &format!("={}>0", cref(1, first_flag)),
        &red(),
    )?;
    Ok(row)
}

/// The charts below the figures (the page reads top down, on screen and on paper), each
/// starting a printed page so that none is cut in two: residents per worker by community,
/// and the daily reporting and on-time rates.
fn charts(
    ws: &mut Worksheet,
    s: &Summary,
    lang: Lang,
    names: &SheetNames,
    mut chart_row: u32,
) -> Result<(), XlsxError> {
    let mut breaks = Vec::new();
    let n = s.communities.len() as u32;
    if n > 0 {
        let rpw = 1 + figure_index("residents_per_worker") as u16;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((names.communities, 1, 0, n, 0))
            .set_values((names.communities, 1, rpw, n, rpw))
            .set_name(lang.pick("每名工作者服务居民", "Residents per worker"));
        chart.title().set_name(lang.pick(
            "每名工作者服务居民（按社区）",
            "Residents per worker by community",
        ));
        // In a bar chart the y axis is the (vertical) category axis: communities top down.
        chart.y_axis().set_reverse();
        chart.x_axis().set_num_format("#,##0");
        chart.legend().set_hidden();
        let height = (120 + 22 * n).clamp(300, MAX_CHART_HEIGHT);
        chart.set_width(640).set_height(height);
        ws.insert_chart(chart_row, 0, &chart)?;
        breaks.push(chart_row);
        chart_row += height / 20 + 2;
    }
    let d = s.daily.len() as u32;
    if d > 0 {
        let mut chart = Chart::new(ChartType::Line);
        for (c, name) in [
            (4u16, lang.pick("日报上报率", "Reporting rate")),
            (5, lang.pick("日报按时率", "On-time rate")),
        ] {
            chart
                .add_series()
                .set_categories((names.daily, 1, 0, d, 0))
                .set_values((names.daily, 1, c, d, c))
                .set_name(name);
        }
        chart
            .title()
            .set_name(lang.pick("日报上报率与按时率", "Daily reporting and on-time rate"));
        chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
        chart.x_axis().set_num_format("mm-dd");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(640).set_height(320);
        ws.insert_chart(chart_row, 0, &chart)?;
        breaks.push(chart_row);
    }
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

/// A chart no higher than what one printed A4 page holds (pixels).
const MAX_CHART_HEIGHT: u32 = 900;

/// The overview's "needs attention" lines: (what, how many, the rule, who — by name).
fn attention_lines(
    s: &Summary,
    cfg: &Config,
    lang: Lang,
) -> Vec<(&'static str, u64, String, String)> {
    let a = attention(s, cfg);
    let max = shown_text(&num(Some(cfg.max_residents_per_worker)), Kind::Count);
    let min = shown_text(&num(Some(cfg.min_screening_coverage)), Kind::Percent);
    let list = |items: Vec<String>| items.join(lang.pick("、", ", "));
    let with = |name: &str, detail: String| match lang {
        Lang::Zh => format!("{name}（{detail}）"),
        Lang::En => format!("{name} ({detail})"),
    };
    let shown = |v: Val, kind: Kind| shown_text(&v, kind);
    let overdue: u64 = a.overdue.iter().map(|c| c.figures.isolation_overdue).sum();
    vec![
        (
            lang.pick("数据有错误的社区", "Communities with errors"),
            a.errors.len() as u64,
            lang.pick(
                "有错误的行未计入，请社区改正后重新报送",
                "rows with errors are left out: the community should correct and resend them",
            )
            .to_string(),
            list(
                a.errors
                    .iter()
                    .map(|(c, n)| with(c, n.to_string()))
                    .collect(),
            ),
        ),
        (
            lang.pick("隔离超期未解除（人）", "People isolated past the limit"),
            overdue,
            match lang {
                Lang::Zh => format!("隔离超过 {} 天仍无解除日期", cfg.isolation_days),
                Lang::En => format!("isolated over {} days, no end date", cfg.isolation_days),
            },
            list(
                a.overdue
                    .iter()
                    .map(|c| with(&c.name, c.figures.isolation_overdue.to_string()))
                    .collect(),
            ),
        ),
        (
            lang.pick("人手不足的社区", "Understaffed communities"),
            a.understaffed.len() as u64,
            match lang {
                Lang::Zh => format!("每名工作者服务居民超过 {max} 人，或没有工作者"),
                Lang::En => format!("over {max} residents per worker, or no workers"),
            },
            list(
                a.understaffed
                    .iter()
                    .map(|c| {
                        with(
                            &c.name,
                            shown(num(c.figures.residents_per_worker), Kind::Decimal),
                        )
                    })
                    .collect(),
            ),
        ),
        (
            lang.pick(
                "排查覆盖率偏低的社区",
                "Communities with low screening coverage",
            ),
            a.low_coverage.len() as u64,
            match lang {
                Lang::Zh => format!("排查覆盖率低于 {min}"),
                Lang::En => format!("screening coverage below {min}"),
            },
            list(
                a.low_coverage
                    .iter()
                    .map(|c| {
                        with(
                            &c.name,
                            shown(num(c.figures.screening_coverage), Kind::Percent),
                        )
                    })
                    .collect(),
            ),
        ),
        (
            lang.pick("户数超范围的大网格", "Big grids out of range"),
            a.out_of_range.len() as u64,
            match lang {
                Lang::Zh => format!("户数不在 {}–{} 之间", cfg.big_grid_min, cfg.big_grid_max),
                Lang::En => format!(
                    "outside {}–{} households",
                    cfg.big_grid_min, cfg.big_grid_max
                ),
            },
            list(
                a.out_of_range
                    .iter()
                    .map(|g| {
                        with(
                            &format!("{} {}", g.community, g.big_grid),
                            match lang {
                                Lang::Zh => format!("{} 户", g.households),
                                Lang::En => format!("{} households", g.households),
                            },
                        )
                    })
                    .collect(),
            ),
        ),
    ]
}
