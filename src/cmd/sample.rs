//! `gridreport sample -o DIR`: write the synthetic sub-district (`crate::sample`).

use std::path::Path;

use super::{say, Fail};
use crate::vocab::lang::Lang;

pub fn sample(out: &Path, scale: f64, seed: u64, day: u32, lang: Lang) -> Result<i32, Fail> {
    if !(scale > 0.0 && scale <= 100.0) {
        return Err(Fail(format!(
            "--scale {scale}: must be above 0 and at most 100"
        )));
    }
    let written = crate::sample::write_sample_day(out, scale, seed, day)
        .map_err(|e| Fail(format!("{}: {e:#}", out.display())))?;
    say(&written.summary(out, lang));
    Ok(0)
}
