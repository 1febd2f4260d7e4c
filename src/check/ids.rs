//! The id check (SPEC §4): once `as_of` is known, check the id, and for staff derive gender
//! and birth date from it or compare them with the own columns.

use chrono::NaiveDate;

use crate::model::record::Record;
use crate::model::values::{self, Gender, IdCheck};
use crate::vocab::issue::{Issue, PiiKind, Rule};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

pub fn check_id(rec: &mut Record, as_of: NaiveDate, lang: Lang, issues: &mut Vec<Issue>) {
    // The value as read is only needed for an issue (the community workbooks show it masked).
    let raw = || values::text(&rec.id_cell);
    match values::id_number(&rec.id_cell, as_of) {
        None => {}
        Some(IdCheck::AsNumber) => {
            let msg = lang.pick(
                "身份证号存成了数字（Excel 会丢掉后几位），按空值处理：请把该列设为文本格式后重新输入",
                "the id number is stored as a number (Excel drops its last digits); treated as empty: format the column as text and enter it again",
            );
            issues.push(
                rec.loc
                    .issue(Rule::IdNumberAsNumber, Field::IdNumber, msg.into())
                    .value(raw(), Some(PiiKind::IdNumber)),
            );
        }
        Some(IdCheck::Invalid) => {
            let msg = lang.pick(
                "身份证号无效（位数、校验位或出生日期不对），按空值处理：请核对",
                "the id number is not valid (length, check digit or birth date); treated as empty: check it",
            );
            issues.push(
                rec.loc
                    .issue(Rule::IdNumberInvalid, Field::IdNumber, msg.into())
                    .value(raw(), Some(PiiKind::IdNumber)),
            );
        }
        Some(valid) => rec.id = Some(valid),
    }
    if rec.kind != TableKind::Staff {
        return;
    }
    // A birth date in the future is treated as missing (and then derived from the id).
    if let Some(b) = rec.birth_date {
        if b > as_of {
            let msg = match lang {
                Lang::Zh => format!("出生日期晚于统计日期 {as_of}，按空值处理：请核对"),
                Lang::En => format!(
                    "the birth date is after the as-of date {as_of}; treated as empty: check it"
                ),
            };
            issues.push(
                rec.loc
                    .issue(Rule::DateInFuture, Field::BirthDate, msg)
                    .value(Some(b.to_string()), None),
            );
            rec.birth_date = None;
        }
    }
    let Some(IdCheck::Valid18 { birth, male, .. }) = rec.id.clone() else {
        return;
    };
    let from_id = if male { Gender::Male } else { Gender::Female };
    match rec.gender {
        None => rec.gender = Some(from_id),
        Some(g) if g != from_id => {
            let msg = lang.pick(
                "性别与身份证号不符（身份证第 17 位奇数为男、偶数为女），以性别列为准：请核对",
                "the gender does not match the id number (17th digit odd = male, even = female); the gender column is used: check it",
            );
            issues.push(
                rec.loc
                    .issue(Rule::GenderMismatch, Field::Gender, msg.into()),
            );
        }
        Some(_) => {}
    }
    match rec.birth_date {
        None => rec.birth_date = Some(birth),
        Some(b) if b != birth => {
            let msg = lang.pick(
                "出生日期与身份证号中的出生日期不符，以出生日期列为准：请核对",
                "the birth date does not match the one in the id number; the birth date column is used: check it",
            );
            issues.push(
                rec.loc
                    .issue(Rule::BirthDateMismatch, Field::BirthDate, msg.into()),
            );
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests;
