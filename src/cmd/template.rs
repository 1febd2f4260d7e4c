//! `gridreport template -o DIR`: the workbooks each community fills in (`crate::template`).

use super::Fail;
use crate::template::TemplateArgs;

pub fn template(args: TemplateArgs) -> Result<i32, Fail> {
    Ok(crate::template::run(&args)?)
}
