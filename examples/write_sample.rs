//! `cargo run --example write_sample -- DIR [SCALE] [SEED]`: the library side of
//! `gridreport sample`, usable before the CLI wires it.

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "sample-data".into());
    let scale: f64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1.0);
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2020);
    let t = std::time::Instant::now();
    gridreport::sample::write_sample(std::path::Path::new(&dir), scale, seed)?;
    eprintln!("wrote {dir} in {:.1}s", t.elapsed().as_secs_f64());
    Ok(())
}
