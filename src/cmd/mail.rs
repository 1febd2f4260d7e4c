//! `gridreport mail OUT`: email each community its workbook (`crate::mail`).

use super::Fail;
use crate::mail::MailArgs;

pub fn mail(args: MailArgs) -> Result<i32, Fail> {
    Ok(crate::mail::run(&args)?)
}
