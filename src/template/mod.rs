//! `gridreport template -o DIR [--from INPUT] [--config FILE] [--kinds …]`: for each
//! community, `DIR/<community>.xlsx`, the workbook to fill in — 填表说明 first, then one
//! sheet per table kind with the headers `build` reads (SPEC §3), cell formats that keep ids
//! and dates intact and data validation from the same rules the report checks; the
//! community's own big grid and building codes as lists (from INPUT's structure, SPEC §5).
//! Without communities (no `--from`, none in the config): one blank `DIR/模板.xlsx`.
//! `DIR/mail.json` is what `gridreport mail --templates DIR` sends.
//!
//! - `communities`: which communities, with which codes;
//! - `columns`: headers, formats, widths; `rules`: the words; `validation`: Excel's checks;
//! - `sheets`: the data sheets and the hidden lists; `guide`: 填表说明;
//! - `folder`: writing DIR without ever removing what a clerk made; `mail`: mail.json and
//!   the message.

pub mod columns;
pub mod communities;
pub mod folder;
pub mod guide;
pub mod mail;
pub mod rules;
pub mod sheets;
pub mod validation;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_xlsxwriter::XlsxError;

use crate::check::window::Window;
use crate::config::Config;
use crate::pipeline::Options;
use crate::progress::Progress;
use crate::render::names::safe_names;
use crate::render::xlsx::new_workbook;
use crate::run;
use crate::vocab::lang::Lang;
use crate::vocab::tables::TableKind;
use communities::Community;
use mail::{TemplateEntry, TemplateList};

pub struct TemplateArgs {
    pub out: PathBuf,
    pub from: Option<PathBuf>,
    pub config: Option<PathBuf>,
    /// The sheets to write (default: every kind).
    pub kinds: Option<Vec<TableKind>>,
    pub as_of: Option<NaiveDate>,
    pub lang: Lang,
    pub quiet: bool,
}

/// What every template of a run shares.
#[derive(Clone, Debug)]
pub struct Plan {
    pub lang: Lang,
    /// The sheets, in the kind order of SPEC §2.
    pub kinds: Vec<TableKind>,
    /// The day the templates are made for: `--as-of`, else INPUT's `as_of`, else today.
    pub day: NaiveDate,
    /// The dates the date columns accept (SPEC §9.3).
    pub window: Window,
    /// The sub-district's name (config `name`).
    pub district: Option<String>,
    pub isolation_days: i64,
}

/// The blank template's file name (no community known).
pub fn blank_name(lang: Lang) -> &'static str {
    lang.pick("模板.xlsx", "template.xlsx")
}

/// Write the templates; `Err` (exit 2) says why they could not be.
pub fn run(args: &TemplateArgs) -> Result<i32, String> {
    let started = Instant::now();
    let lang = args.lang;
    let config_path = match &args.from {
        Some(input) => {
            run::check_input(input, lang)?;
            run::config_path(input, args.config.as_deref())
        }
        None => args.config.clone(),
    };
    let cfg = match &config_path {
        Some(p) => Config::load(p, lang)?,
        None => Config::default(),
    };
    folder::replaceable(&args.out, lang)?;
    let mut reads: Vec<(&str, &Path)> = Vec::new();
    if let Some(input) = &args.from {
        reads.push((lang.pick("输入文件夹", "the input folder"), input));
    }
    if let Some(c) = &config_path {
        reads.push((lang.pick("配置文件", "the config file"), c));
    }
    crate::output::check_not_inside(&args.out, &reads, lang)?;
    crate::output::check_writable(&args.out, lang)?;

    let mut kinds = args
        .kinds
        .clone()
        .unwrap_or_else(|| TableKind::ALL.to_vec());
    kinds.sort();
    kinds.dedup();
    let around = |day: NaiveDate| {
        let span = chrono::Days::new(u64::from(cfg.max_period_days));
        Window {
            from: day.checked_sub_days(span).unwrap_or(NaiveDate::MIN),
            to: day.checked_add_days(span).unwrap_or(NaiveDate::MAX),
        }
    };
    let (communities, day, window) = match &args.from {
        Some(input) => {
            let exclude = run::inside(&args.out, input);
            let mut progress = Progress::new(args.quiet, lang);
            let opts = Options {
                as_of: args.as_of,
                lang,
            };
            let (report, found) = run::analyze_with_structure(
                input,
                exclude.as_deref(),
                &cfg,
                &opts,
                None,
                &mut progress,
            )?;
            progress.done();
            let day = report.summary.as_of;
            let names: Vec<String> = report
                .summary
                .communities
                .iter()
                .map(|c| c.name.clone())
                .collect();
            let list = communities::from_report(&names, &found.layouts, &cfg);
            (list, day, found.window.unwrap_or_else(|| around(day)))
        }
        None => {
            let day = args.as_of.unwrap_or_else(crate::check::as_of::today);
            (communities::from_config(&cfg), day, around(day))
        }
    };
    let plan = Plan {
        lang,
        kinds,
        day,
        window,
        district: cfg.name.clone(),
        isolation_days: cfg.isolation_days,
    };

    let names: Vec<String> = communities.iter().map(|c| c.name.clone()).collect();
    let file_names: Vec<String> = safe_names(&names)
        .into_iter()
        .map(|s| format!("{s}.xlsx"))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = if communities.is_empty() {
        let bytes = workbook(&plan, None).map_err(|e| cannot(&args.out, e))?;
        vec![(blank_name(lang).to_string(), bytes)]
    } else {
        communities
            .par_iter()
            .zip(&file_names)
            .map(|(c, f)| Ok((f.clone(), workbook(&plan, Some(c))?)))
            .collect::<Result<_, XlsxError>>()
            .map_err(|e| cannot(&args.out, e))?
    };
    let entries = communities
        .iter()
        .zip(&file_names)
        .map(|(c, f)| TemplateEntry {
            name: c.name.clone(),
            workbook: f.clone(),
            to: cfg.mail_to.get(&c.name).cloned(),
        })
        .collect();
    let unknown_to = cfg
        .mail_to
        .keys()
        .filter(|n| !names.contains(n))
        .cloned()
        .collect();
    let list = TemplateList::new(
        plan.day.to_string(),
        plan.district.clone(),
        entries,
        unknown_to,
    );
    files.push((crate::mail::list::FILE.to_string(), list.to_json()));
    folder::write(&args.out, &files, lang)?;
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        let out = args.out.display();
        let line = match (communities.len(), lang) {
            (0, Lang::Zh) => format!(
                "已写出空白模板 {}（没有 --from，配置中也没有社区）；用时 {secs:.1} 秒",
                args.out.join(blank_name(lang)).display()
            ),
            (0, Lang::En) => format!(
                "blank template written to {} (no --from, no community in the config); {secs:.1} s",
                args.out.join(blank_name(lang)).display()
            ),
            (n, Lang::Zh) => format!("已写出 {n} 个社区的填报模板到 {out}；用时 {secs:.1} 秒"),
            (n, Lang::En) => format!(
                "{n} communit{} templates written to {out}; {secs:.1} s",
                if n == 1 { "y's" } else { "ies'" }
            ),
        };
        eprintln!("{}", crate::vocab::text::one_line(&line));
    }
    Ok(0)
}

fn cannot(out: &Path, e: XlsxError) -> String {
    format!("{}: cannot build a workbook: {e}", out.display())
}

/// One template: 填表说明, a sheet per kind, the hidden lists of a known community.
pub fn workbook(plan: &Plan, community: Option<&Community>) -> Result<Vec<u8>, XlsxError> {
    // The document title: no control character (they cannot be written in its XML).
    let title: String = guide::title(plan, community)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let mut wb = new_workbook(plan.day, &title);
    guide::guide_sheet(&mut wb, plan, community)?;
    let lists = community
        .map(|c| sheets::list_ranges(plan.lang, c))
        .unwrap_or_default();
    for &kind in &plan.kinds {
        sheets::data_sheet(&mut wb, kind, plan, community, &lists)?;
    }
    if let Some(c) = community {
        sheets::lists_sheet(&mut wb, plan.lang, c)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(lang: Lang) -> Plan {
        let day = NaiveDate::from_ymd_opt(2020, 3, 4).unwrap_or_default();
        Plan {
            lang,
            kinds: TableKind::ALL.to_vec(),
            day,
            window: Window {
                from: NaiveDate::MIN,
                to: NaiveDate::MAX,
            },
            district: Some("街道\u{7}".repeat(20_000)),
            isolation_days: 14,
        }
    }

    /// Whatever the input's names and codes, a workbook is made (and the same one twice).
    #[test]
    fn any_name_or_code_gives_a_workbook() {
        let odd = [
            "社".repeat(40_000),
            "a,b\"c'd".to_string(),
            "=1+1".to_string(),
            "\u{0}\u{1b}[2J".to_string(),
            String::new(),
        ];
        for lang in [Lang::Zh, Lang::En] {
            let p = plan(lang);
            for name in &odd {
                let c = Community {
                    name: name.clone(),
                    big_grids: odd.to_vec(),
                    buildings: odd.to_vec(),
                };
                let a = workbook(&p, Some(&c));
                assert!(a.is_ok(), "{lang:?} {:?}", a.err());
                assert_eq!(a.ok(), workbook(&p, Some(&c)).ok());
            }
            assert!(workbook(&p, None).is_ok());
        }
    }
}
