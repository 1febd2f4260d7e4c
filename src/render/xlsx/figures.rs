//! The figures of SPEC §6 as workbook columns: labels, values, flags and their colours,
//! shared by `report.xlsx` and the community workbooks.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Worksheet, XlsxError};

use crate::config::Config;
use crate::stats::figure::{FigureDef, Show, Value};
use crate::stats::{ratio, BigGridFigures, Figures};
use crate::vocab::cell::column_name;
use crate::vocab::lang::Lang;

use super::table::{col, count, num, text, Col, Kind, Placed, Styles, TableSheet, Val};

pub use crate::stats::figure::FIGURES;
pub use crate::stats::flags::{low_coverage, understaffed};

/// How a figure is written in a cell: as the table of figures shows it.
pub fn kind_of(d: &FigureDef) -> Kind {
    match d.show {
        Show::Count => Kind::Count,
        Show::Decimal => Kind::Decimal,
        Show::Percent => Kind::Percent,
    }
}

/// The columns of a table of figures: `lead` columns that name each row, then one column a
/// figure of `FIGURES`, in its order.
pub fn figure_cols(lead: Vec<Col>, lang: Lang) -> Vec<Col> {
    let mut cols = lead;
    cols.extend(FIGURES.iter().map(|f| col(f.label(lang), kind_of(f))));
    cols
}

/// A row of a table of figures: its lead cells, then the figures.
pub fn figure_row(lead: Vec<Val>, f: &Figures) -> Vec<Val> {
    let mut row = lead;
    row.extend(figure_values(f));
    row
}

/// Writes a table of figures (made by `figure_cols` and `figure_row`) on `ws` with its §6
/// flags on the rows and the totals line, and the column widths.
pub fn write_figure_table(
    ws: &mut Worksheet,
    table: &TableSheet,
    styles: &Styles,
    cfg: &Config,
) -> Result<(), XlsxError> {
    let lead = table.cols.len().saturating_sub(FIGURES.len()) as u16;
    table.write_flagged(ws, styles, |ws, placed| flag_figures(ws, placed, lead, cfg))
}

/// The position of a figure in `FIGURES`.
pub fn figure_index(key: &str) -> usize {
    FIGURES.iter().position(|f| f.key == key).unwrap_or(0)
}

/// The values of `FIGURES`, in that order. Ratios without a denominator are empty.
pub fn figure_values(f: &Figures) -> Vec<Val> {
    FIGURES
        .iter()
        .map(|d| match f.value(d.figure) {
            Value::Count(n) => count(n),
            Value::Ratio(r) => num(r),
        })
        .collect()
}

/// Flag colours: red for a problem, amber for a warning, green for good.
pub fn red() -> Format {
    red_on(Format::new())
}

pub fn amber() -> Format {
    amber_on(Format::new())
}

pub fn green() -> Format {
    Format::new()
        .set_font_color("006100")
        .set_background_color("C6EFCE")
}

/// A format in the red of a problem.
pub fn red_on(f: Format) -> Format {
    f.set_font_color("9C0006").set_background_color("FFC7CE")
}

/// A format in the amber of a warning.
pub fn amber_on(f: Format) -> Format {
    f.set_font_color("9C5700").set_background_color("FFEB9C")
}

/// `$C5`: a column-absolute reference to column `col` in 0-based worksheet row `row`.
pub fn cref(col: u16, row: u32) -> String {
    format!("${}{}", column_name(u32::from(col)), row + 1)
}

/// A number for a formula (`1500`, `0.9`).
pub fn formula_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "0".to_string()
    }
}

/// Colour columns `cols` of rows `first..=last` where `rule` (written for row `first`,
/// with column-absolute references) holds.
pub fn flag_rows(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    cols: &[u16],
    rule: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let cf = ConditionalFormatFormula::new()
        .set_rule(rule)
        .set_format(format);
    for c in cols {
        ws.add_conditional_format(first, *c, last, *c, &cf)?;
    }
    Ok(())
}

/// The SPEC §6 flags on a table of figures whose first figure is in column `offset`:
/// understaffed (residents per worker and the first column), low screening coverage, big
/// grids out of range.
pub fn flag_figures(
    ws: &mut Worksheet,
    placed: &Placed,
    offset: u16,
    cfg: &Config,
) -> Result<(), XlsxError> {
    let at = |key: &str| offset + figure_index(key) as u16;
    let (first, last) = (placed.first_row, placed.last_with_totals());
    let rpw = cref(at("residents_per_worker"), first);
    let workers = cref(at("workers"), first);
    let residents = cref(at("residents"), first);
    let understaffed = format!(
        "=OR(AND(ISNUMBER({rpw}),{rpw}>{}),AND({workers}=0,{residents}>0))",
        formula_number(cfg.max_residents_per_worker)
    );
    flag_rows(
        ws,
        first,
        last,
        &[0, at("residents_per_worker")],
        &understaffed,
        &red(),
    )?;
    let cov = cref(at("screening_coverage"), first);
    let low = format!(
        "=AND(ISNUMBER({cov}),{cov}<{})",
        formula_number(cfg.min_screening_coverage)
    );
    flag_rows(ws, first, last, &[at("screening_coverage")], &low, &amber())?;
    let out = cref(at("big_grids_out_of_range"), first);
    flag_rows(
        ws,
        first,
        last,
        &[at("big_grids_out_of_range")],
        &format!("={out}>0"),
        &amber(),
    )?;
    Ok(())
}

/// 是 / 否 (yes / no).
pub fn yes_no(b: bool, lang: Lang) -> Val {
    text(if b {
        lang.pick("是", "yes")
    } else {
        lang.pick("否", "no")
    })
}

/// The big grid table's columns.
pub fn big_grid_cols(lang: Lang) -> Vec<Col> {
    vec![
        col(lang.pick("社区", "Community"), Kind::Text),
        col(lang.pick("大网格", "Big grid"), Kind::Text),
        col(lang.pick("住户数", "Households"), Kind::Count),
        col(lang.pick("居民人数", "Residents"), Kind::Count),
        col(lang.pick("楼栋数", "Buildings"), Kind::Count),
        col(lang.pick("户数在范围内", "In range"), Kind::Text),
        col(lang.pick("有网格长", "Has leader"), Kind::Text),
        col(lang.pick("有民警", "Has police"), Kind::Text),
        col(lang.pick("应报日报", "Daily reports expected"), Kind::Count),
        col(lang.pick("已报日报", "Daily reports received"), Kind::Count),
        col(lang.pick("按时日报", "Daily reports on time"), Kind::Count),
        col(lang.pick("日报上报率", "Reporting rate"), Kind::Percent),
        col(lang.pick("日报按时率", "On-time rate"), Kind::Percent),
    ]
}

pub fn big_grid_row(g: &BigGridFigures, lang: Lang) -> Vec<Val> {
    vec![
        text(g.community.as_str()),
        text(g.big_grid.as_str()),
        count(g.households),
        count(g.residents),
        count(g.buildings),
        yes_no(g.in_range, lang),
        yes_no(g.has_leader, lang),
        yes_no(g.has_police, lang),
        count(g.daily_expected),
        count(g.daily_received),
        count(g.daily_on_time),
        num(ratio(g.daily_received as f64, g.daily_expected as f64)),
        num(ratio(g.daily_on_time as f64, g.daily_expected as f64)),
    ]
}

/// Big grids out of range (red: the big grid and its households), without a leader or police
/// (amber).
pub fn flag_big_grids(ws: &mut Worksheet, placed: &Placed, lang: Lang) -> Result<(), XlsxError> {
    let (first, last) = (placed.first_row, placed.last_row);
    let no = lang.pick("否", "no");
    flag_rows(
        ws,
        first,
        last,
        &[1, 2, 5],
        &format!("={}=\"{no}\"", cref(5, first)),
        &red(),
    )?;
    flag_rows(
        ws,
        first,
        last,
        &[6],
        &format!("={}=\"{no}\"", cref(6, first)),
        &amber(),
    )?;
    flag_rows(
        ws,
        first,
        last,
        &[7],
        &format!("={}=\"{no}\"", cref(7, first)),
        &amber(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_columns_follow_summary_json() {
        // Every field a different value, so that a swapped column shows.
        let f = Figures {
            households: 1,
            residents: 2,
            buildings: 3,
            big_grids: 4,
            households_gated: 5,
            households_unmanaged: 6,
            workers: 7,
            informants: 8,
            cadres: 9,
            police: 10,
            volunteers: 11,
            other_staff: 12,
            residents_per_worker: Some(13.5),
            households_per_worker: Some(14.5),
            households_per_big_grid: Some(15.5),
            big_grids_out_of_range: 16,
            screened_households: 17,
            screening_coverage: Some(0.18),
            buildings_with_informant: 19,
            informant_coverage: Some(0.20),
            big_grids_with_leader: 21,
            big_grids_with_police: 22,
            daily_expected: 23,
            daily_received: 24,
            daily_on_time: 25,
            reporting_rate: Some(0.26),
            on_time_rate: None,
            isolation_total: 28,
            isolation_active: 29,
            isolation_completed: 30,
            isolation_overdue: 31,
            worker_avg_age: Some(32.5),
            worker_female_share: Some(0.33),
            rows_excluded: 34,
            ..Figures::default()
        };
        let json = serde_json::to_value(&f).unwrap();
        let obj = json.as_object().unwrap();
        // summary.json also has the counts behind the worker means (not in the workbooks).
        assert_eq!(
            obj.len(),
            FIGURES.len() + crate::stats::figure::BEHIND_MEANS.len()
        );
        let values = figure_values(&f);
        assert_eq!(values.len(), FIGURES.len());
        for (fig, v) in FIGURES.iter().zip(&values) {
            let expected = obj[fig.key].as_f64();
            assert_eq!(*v, Val::Num(expected), "{}", fig.key);
        }
        // Table headers are unique, ignoring case, in both languages.
        for lang in [Lang::Zh, Lang::En] {
            let mut labels: Vec<String> = FIGURES
                .iter()
                .map(|f| f.label(lang).to_lowercase())
                .collect();
            labels.push(lang.pick("社区", "community").to_string());
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), FIGURES.len() + 1);
        }
    }

    #[test]
    fn flags() {
        let cfg = Config::default();
        let mut f = Figures {
            residents: 3000,
            workers: 1,
            residents_per_worker: Some(3000.0),
            ..Figures::default()
        };
        assert!(understaffed(&f, &cfg));
        f.residents_per_worker = Some(1500.0);
        assert!(!understaffed(&f, &cfg));
        let f = Figures {
            residents: 10,
            workers: 0,
            ..Figures::default()
        };
        assert!(understaffed(&f, &cfg));
        assert!(!understaffed(&Figures::default(), &cfg));
        let f = Figures {
            screening_coverage: Some(0.5),
            ..Figures::default()
        };
        assert!(low_coverage(&f, &cfg));
        assert!(!low_coverage(&Figures::default(), &cfg));
        assert_eq!(cref(0, 1), "$A2");
        assert_eq!(formula_number(1500.0), "1500");
        assert_eq!(formula_number(0.9), "0.9");
    }
}
