//! `gridreport sample`: a synthetic sub-district (issue: sample district).
pub fn write_sample(_dir: &std::path::Path, _scale: f64, _seed: u64) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
