//! The one table of figures (SPEC §6): for each figure its summary.json key, its names in
//! Chinese and English, how it is shown, and how it is made — a count, summed from rows and
//! summed again a level up; or a ratio of two counts, recomputed from the summed numerator
//! and denominator at every level, never averaged. `Figures` (summary.json), the HTML
//! pages, the workbooks, the flags, the manual and the roll-up all read it.

use super::summary::Figures;
use crate::vocab::lang::Lang;

/// Every figure, in summary.json order, then the counts behind the two worker means (written
/// after `rows_excluded` since schema 2, never shown on the pages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    Households,
    Residents,
    Buildings,
    BigGrids,
    HouseholdsGated,
    HouseholdsUnmanaged,
    Workers,
    Informants,
    Cadres,
    Police,
    Volunteers,
    OtherStaff,
    ResidentsPerWorker,
    HouseholdsPerWorker,
    HouseholdsPerBigGrid,
    BigGridsOutOfRange,
    ScreenedHouseholds,
    ScreeningCoverage,
    BuildingsWithInformant,
    InformantCoverage,
    BigGridsWithLeader,
    BigGridsWithPolice,
    DailyExpected,
    DailyReceived,
    DailyOnTime,
    ReportingRate,
    OnTimeRate,
    IsolationTotal,
    IsolationActive,
    IsolationCompleted,
    IsolationOverdue,
    WorkerAvgAge,
    WorkerFemaleShare,
    RowsExcluded,
    /// Sum of the ages (completed years) of the workers whose age is known.
    WorkerAgeSum,
    WorkersWithAge,
    WomenWorkers,
    WorkersWithGender,
}

/// How a figure is shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// A whole number (`1,234`).
    Count,
    /// One decimal (`888.9`).
    Decimal,
    /// A share as a percentage with one decimal (`93.1%`).
    Percent,
}

/// How a figure is made, and so how it is summed up a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// Counted from rows; a level up, the sum of the parts.
    Count,
    /// `num / den`, `null` when `den` is 0; a level up, recomputed from the summed counts.
    Ratio { num: Figure, den: Figure },
}

pub struct FigureDef {
    pub figure: Figure,
    /// The summary.json key.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub show: Show,
    pub made: Made,
}

impl FigureDef {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    pub fn is_ratio(&self) -> bool {
        matches!(self.made, Made::Ratio { .. })
    }
}

const fn count(figure: Figure, key: &'static str, zh: &'static str, en: &'static str) -> FigureDef {
    FigureDef {
        figure,
        key,
        zh,
        en,
        show: Show::Count,
        made: Made::Count,
    }
}

const fn ratio(
    figure: Figure,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    show: Show,
    num: Figure,
    den: Figure,
) -> FigureDef {
    FigureDef {
        figure,
        key,
        zh,
        en,
        show,
        made: Made::Ratio { num, den },
    }
}

use Figure as F;

/// The figures of summary.json, in its order (SPEC §7).
pub static FIGURES: [FigureDef; 34] = [
    count(F::Households, "households", "户数", "Households"),
    count(F::Residents, "residents", "人数", "Residents"),
    count(
        F::Buildings,
        "buildings",
        "楼栋（小网格）",
        "Buildings (small grids)",
    ),
    count(F::BigGrids, "big_grids", "大网格", "Big grids"),
    count(
        F::HouseholdsGated,
        "households_gated",
        "封闭式小区户数",
        "Households in gated compounds",
    ),
    count(
        F::HouseholdsUnmanaged,
        "households_unmanaged",
        "无物业小区户数",
        "Households without management",
    ),
    count(F::Workers, "workers", "社区工作者", "Community workers"),
    count(
        F::Informants,
        "informants",
        "信息员",
        "Information officers",
    ),
    count(F::Cadres, "cadres", "下沉干部", "Cadres"),
    count(F::Police, "police", "民警", "Police"),
    count(F::Volunteers, "volunteers", "志愿者", "Volunteers"),
    count(F::OtherStaff, "other_staff", "其他人员", "Other staff"),
    ratio(
        F::ResidentsPerWorker,
        "residents_per_worker",
        "每名工作者服务人数",
        "Residents per worker",
        Show::Decimal,
        F::Residents,
        F::Workers,
    ),
    ratio(
        F::HouseholdsPerWorker,
        "households_per_worker",
        "每名工作者服务户数",
        "Households per worker",
        Show::Decimal,
        F::Households,
        F::Workers,
    ),
    ratio(
        F::HouseholdsPerBigGrid,
        "households_per_big_grid",
        "每个大网格户数",
        "Households per big grid",
        Show::Decimal,
        F::Households,
        F::BigGrids,
    ),
    count(
        F::BigGridsOutOfRange,
        "big_grids_out_of_range",
        "户数超出范围的大网格",
        "Big grids out of range",
    ),
    count(
        F::ScreenedHouseholds,
        "screened_households",
        "已排查户数",
        "Households screened",
    ),
    ratio(
        F::ScreeningCoverage,
        "screening_coverage",
        "排查覆盖率",
        "Screening coverage",
        Show::Percent,
        F::ScreenedHouseholds,
        F::Households,
    ),
    count(
        F::BuildingsWithInformant,
        "buildings_with_informant",
        "有信息员的楼栋",
        "Buildings with an information officer",
    ),
    ratio(
        F::InformantCoverage,
        "informant_coverage",
        "信息员覆盖率",
        "Information officer coverage",
        Show::Percent,
        F::BuildingsWithInformant,
        F::Buildings,
    ),
    count(
        F::BigGridsWithLeader,
        "big_grids_with_leader",
        "有负责人的大网格",
        "Big grids with a leader",
    ),
    count(
        F::BigGridsWithPolice,
        "big_grids_with_police",
        "有民警的大网格",
        "Big grids with police",
    ),
    count(
        F::DailyExpected,
        "daily_expected",
        "应报日报告",
        "Daily reports expected",
    ),
    count(
        F::DailyReceived,
        "daily_received",
        "已收日报告",
        "Daily reports received",
    ),
    count(
        F::DailyOnTime,
        "daily_on_time",
        "按时日报告",
        "Daily reports on time",
    ),
    ratio(
        F::ReportingRate,
        "reporting_rate",
        "日报告上报率",
        "Reporting rate",
        Show::Percent,
        F::DailyReceived,
        F::DailyExpected,
    ),
    ratio(
        F::OnTimeRate,
        "on_time_rate",
        "按时上报率",
        "On-time rate",
        Show::Percent,
        F::DailyOnTime,
        F::DailyExpected,
    ),
    count(
        F::IsolationTotal,
        "isolation_total",
        "居家隔离人员",
        "People isolated at home",
    ),
    count(
        F::IsolationActive,
        "isolation_active",
        "正在隔离",
        "Isolation active",
    ),
    count(
        F::IsolationCompleted,
        "isolation_completed",
        "已解除隔离",
        "Isolation completed",
    ),
    count(
        F::IsolationOverdue,
        "isolation_overdue",
        "隔离超期未解除",
        "Isolation overdue",
    ),
    ratio(
        F::WorkerAvgAge,
        "worker_avg_age",
        "工作者平均年龄",
        "Workers' average age",
        Show::Decimal,
        F::WorkerAgeSum,
        F::WorkersWithAge,
    ),
    ratio(
        F::WorkerFemaleShare,
        "worker_female_share",
        "女性工作者占比",
        "Share of women among workers",
        Show::Percent,
        F::WomenWorkers,
        F::WorkersWithGender,
    ),
    count(
        F::RowsExcluded,
        "rows_excluded",
        "因错误未计入的行",
        "Rows excluded by errors",
    ),
];

/// The counts behind the worker means, kept with every level's figures so that the means
/// are recomputed, not averaged, a level up; in summary.json after `rows_excluded`.
pub static BEHIND_MEANS: [FigureDef; 4] = [
    count(
        F::WorkerAgeSum,
        "worker_age_sum",
        "工作者年龄之和",
        "Sum of workers' ages",
    ),
    count(
        F::WorkersWithAge,
        "workers_with_age",
        "已知年龄的工作者",
        "Workers of known age",
    ),
    count(
        F::WomenWorkers,
        "women_workers",
        "女性工作者",
        "Women workers",
    ),
    count(
        F::WorkersWithGender,
        "workers_with_gender",
        "已知性别的工作者",
        "Workers of known gender",
    ),
];

/// The headline figures: what "since the last report" shows with its change, and the
/// history keeps for each community (index.html, community pages, report.xlsx 历史).
pub static HEADLINE: [Figure; 7] = [
    F::Residents,
    F::Households,
    F::ScreeningCoverage,
    F::ReportingRate,
    F::OnTimeRate,
    F::IsolationActive,
    F::IsolationOverdue,
];

/// The definition of a figure.
pub fn def(figure: Figure) -> &'static FigureDef {
    let all = FIGURES.iter().chain(BEHIND_MEANS.iter());
    let found = all.clone().find(|d| d.figure == figure);
    // Every `Figure` has a row (tested): the fallback is never taken.
    found.unwrap_or(&FIGURES[0])
}

/// The definition with this summary.json key.
pub fn by_key(key: &str) -> Option<&'static FigureDef> {
    FIGURES
        .iter()
        .chain(BEHIND_MEANS.iter())
        .find(|d| d.key == key)
}

/// A figure's value: a count, or a ratio (`None` without a denominator).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Count(u64),
    Ratio(Option<f64>),
}

impl Value {
    /// As a number (a count as is; a ratio without a denominator as `None`).
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(n as f64),
            Value::Ratio(r) => r,
        }
    }
}

impl Figures {
    /// The value of one figure.
    pub fn value(&self, f: Figure) -> Value {
        match self.slot(f) {
            Slot::Count(n) => Value::Count(*n),
            Slot::Ratio(r) => Value::Ratio(*r),
        }
    }

    /// Add the counts of `other` (ratios are left for `recompute`).
    pub fn add(&mut self, other: &Figures) {
        for d in FIGURES.iter().chain(BEHIND_MEANS.iter()) {
            if let (Value::Count(n), M::Count(mine)) =
                (other.value(d.figure), self.slot_mut(d.figure))
            {
                // Saturating: counts read from other offices' summaries cannot wrap.
                *mine = mine.saturating_add(n);
            }
        }
    }

    /// Every ratio from its numerator and denominator.
    pub fn recompute(&mut self) {
        for d in &FIGURES {
            if let Made::Ratio { num, den } = d.made {
                let (n, m) = (self.count(num), self.count(den));
                if let M::Ratio(r) = self.slot_mut(d.figure) {
                    *r = super::summary::ratio(n as f64, m as f64);
                }
            }
        }
    }

    /// A count (0 for a ratio).
    pub fn count(&self, f: Figure) -> u64 {
        match self.value(f) {
            Value::Count(n) => n,
            Value::Ratio(_) => 0,
        }
    }

    /// Add `n` to a count.
    pub fn bump(&mut self, f: Figure, n: u64) {
        if let M::Count(c) = self.slot_mut(f) {
            *c = c.saturating_add(n);
        }
    }
}

enum Slot<'a> {
    Count(&'a u64),
    Ratio(&'a Option<f64>),
}

enum SlotMut<'a> {
    Count(&'a mut u64),
    Ratio(&'a mut Option<f64>),
}

use SlotMut as M;

/// The field of `Figures` each figure lives in: the one place that ties the table to the
/// struct summary.json is written from.
macro_rules! slots {
    ($($fig:ident => $field:ident : $kind:ident),* $(,)?) => {
        impl Figures {
            fn slot(&self, f: Figure) -> Slot<'_> {
                match f {
                    $(Figure::$fig => Slot::$kind(&self.$field),)*
                }
            }
            fn slot_mut(&mut self, f: Figure) -> SlotMut<'_> {
                match f {
                    $(Figure::$fig => M::$kind(&mut self.$field),)*
                }
            }
        }
    };
}

slots! {
    Households => households: Count,
    Residents => residents: Count,
    Buildings => buildings: Count,
    BigGrids => big_grids: Count,
    HouseholdsGated => households_gated: Count,
    HouseholdsUnmanaged => households_unmanaged: Count,
    Workers => workers: Count,
    Informants => informants: Count,
    Cadres => cadres: Count,
    Police => police: Count,
    Volunteers => volunteers: Count,
    OtherStaff => other_staff: Count,
    ResidentsPerWorker => residents_per_worker: Ratio,
    HouseholdsPerWorker => households_per_worker: Ratio,
    HouseholdsPerBigGrid => households_per_big_grid: Ratio,
    BigGridsOutOfRange => big_grids_out_of_range: Count,
    ScreenedHouseholds => screened_households: Count,
    ScreeningCoverage => screening_coverage: Ratio,
    BuildingsWithInformant => buildings_with_informant: Count,
    InformantCoverage => informant_coverage: Ratio,
    BigGridsWithLeader => big_grids_with_leader: Count,
    BigGridsWithPolice => big_grids_with_police: Count,
    DailyExpected => daily_expected: Count,
    DailyReceived => daily_received: Count,
    DailyOnTime => daily_on_time: Count,
    ReportingRate => reporting_rate: Ratio,
    OnTimeRate => on_time_rate: Ratio,
    IsolationTotal => isolation_total: Count,
    IsolationActive => isolation_active: Count,
    IsolationCompleted => isolation_completed: Count,
    IsolationOverdue => isolation_overdue: Count,
    WorkerAvgAge => worker_avg_age: Ratio,
    WorkerFemaleShare => worker_female_share: Ratio,
    RowsExcluded => rows_excluded: Count,
    WorkerAgeSum => worker_age_sum: Count,
    WorkersWithAge => workers_with_age: Count,
    WomenWorkers => women_workers: Count,
    WorkersWithGender => workers_with_gender: Count,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_summary_json() {
        // Every figure of summary.json, in its order, under its key.
        let json = serde_json::to_value(Figures::default()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let table: Vec<&str> = FIGURES
            .iter()
            .chain(BEHIND_MEANS.iter())
            .map(|d| d.key)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        let mut wanted = table.clone();
        wanted.sort();
        assert_eq!(sorted, wanted);
        let text = serde_json::to_string(&Figures::default()).unwrap();
        let at: Vec<usize> = table
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        // Every figure has exactly one row, and its kind of value matches its slot.
        let all: Vec<&FigureDef> = FIGURES.iter().chain(BEHIND_MEANS.iter()).collect();
        for (i, d) in all.iter().enumerate() {
            assert!(std::ptr::eq(def(d.figure), *d), "{}", d.key);
            assert!(
                !all[..i].iter().any(|o| o.figure == d.figure),
                "{} twice",
                d.key
            );
            let f = Figures::default();
            assert_eq!(
                matches!(f.value(d.figure), Value::Ratio(_)),
                d.is_ratio(),
                "{}",
                d.key
            );
            assert_ne!(d.zh, d.en, "{}", d.key);
            assert_eq!(by_key(d.key).map(|x| x.figure), Some(d.figure));
        }
        assert_eq!(all.len(), Figure::WorkersWithGender as usize + 1);
    }

    #[test]
    fn ratios_are_recomputed_from_summed_counts_never_averaged() {
        let a = Figures {
            households: 100,
            screened_households: 90,
            residents: 300,
            workers: 1,
            worker_age_sum: 40,
            workers_with_age: 1,
            ..Figures::default()
        };
        let b = Figures {
            households: 900,
            screened_households: 450,
            residents: 2700,
            workers: 3,
            worker_age_sum: 90,
            workers_with_age: 3,
            ..Figures::default()
        };
        let mut whole = Figures::default();
        whole.add(&a);
        whole.add(&b);
        whole.recompute();
        assert_eq!(whole.households, 1000);
        // (90 + 450) / 1000, not the mean of 0.9 and 0.5.
        assert_eq!(whole.screening_coverage, Some(0.54));
        assert_eq!(whole.residents_per_worker, Some(750.0));
        assert_eq!(whole.worker_avg_age, Some(32.5));
        // No denominator: null.
        assert_eq!(whole.reporting_rate, None);
        assert_eq!(whole.value(Figure::InformantCoverage), Value::Ratio(None));
        assert_eq!(whole.count(Figure::Residents), 3000);
    }
}
