//! Dates after `as_of` and isolation length (SPEC §5).

use chrono::NaiveDate;

use crate::config::Config;
use crate::model::record::Record;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

pub fn check_dates(
    rec: &mut Record,
    as_of: NaiveDate,
    cfg: &Config,
    lang: Lang,
    issues: &mut Vec<Issue>,
) {
    match rec.kind {
        TableKind::Households => {
            if let Some(d) = rec.screened_on.filter(|d| *d > as_of) {
                let msg = match lang {
                    Lang::Zh => format!("排查日期 {d} 晚于统计日期 {as_of}，按空值处理：请核对"),
                    Lang::En => format!("screening date {d} is after the as-of date {as_of}; treated as empty: check it"),
                };
                issues.push(
                    rec.loc
                        .issue(Rule::DateInFuture, Field::ScreenedOn, msg)
                        .value(Some(d.to_string()), None),
                );
                rec.screened_on = None;
            }
        }
        TableKind::Isolation => {
            let Some(start) = rec.start else { return };
            if start > as_of {
                let msg = match lang {
                    Lang::Zh => format!("隔离开始日期 {start} 晚于统计日期 {as_of}：只计入隔离总数，请核对"),
                    Lang::En => format!(
                        "isolation start {start} is after the as-of date {as_of}: counted in the total only; check it"
                    ),
                };
                issues.push(
                    rec.loc
                        .issue(Rule::DateInFuture, Field::Start, msg)
                        .value(Some(start.to_string()), None),
                );
                rec.start_in_future = true;
                return;
            }
            if rec.excluded {
                return;
            }
            let days = cfg.isolation_days;
            match rec.end {
                Some(end) => {
                    let n = (end - start).num_days() + 1;
                    if n < days {
                        let msg = match lang {
                            Lang::Zh => format!("隔离只有 {n} 天（{start} 至 {end}），不足 {days} 天：请核对解除隔离日期"),
                            Lang::En => format!(
                                "isolation lasted {n} days ({start} to {end}), fewer than {days}: check the end date"
                            ),
                        };
                        issues.push(
                            rec.loc
                                .issue(Rule::IsolationShort, Field::End, msg)
                                .value(Some(end.to_string()), None),
                        );
                    }
                }
                None => {
                    let n = (as_of - start).num_days() + 1;
                    if n > days {
                        let msg = match lang {
                            Lang::Zh => format!(
                                "自 {start} 起已隔离 {n} 天，超过 {days} 天仍无解除日期：请填写解除隔离日期或核实"
                            ),
                            Lang::En => format!(
                                "isolated since {start}, {n} days, more than {days} and no end date: fill in the end date or check"
                            ),
                        };
                        issues.push(
                            rec.loc
                                .issue(Rule::IsolationOverdue, Field::Start, msg)
                                .value(Some(start.to_string()), None),
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
