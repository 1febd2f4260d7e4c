//! For `scripts/bench-history.sh`: N plausible history snapshots from one real one — the
//! days before it, each with the sub-district's counts a little lower the further back
//! (screening and reports growing day by day) and the same issues.
//!
//!   cargo run --release --example history_snapshots -- SNAPSHOT DIR N

use gridreport::history::snapshot::Snapshot;
use gridreport::stats::figure::Figure;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, from, dir, n] = args.as_slice() else {
        eprintln!("usage: history_snapshots SNAPSHOT DIR N");
        std::process::exit(2);
    };
    let n: u64 = n.parse().unwrap_or(90);
    let bytes = std::fs::read(from).unwrap_or_default();
    let Ok(last) = Snapshot::parse(&bytes) else {
        eprintln!("{from}: not a snapshot");
        std::process::exit(2);
    };
    let Ok(day) = chrono::NaiveDate::parse_from_str(&last.as_of, "%Y-%m-%d") else {
        std::process::exit(2);
    };
    std::fs::create_dir_all(dir).unwrap_or_default();
    for back in 1..n {
        let mut s = last.clone();
        let Some(d) = day.checked_sub_days(chrono::Days::new(back)) else {
            continue;
        };
        s.as_of = d.to_string();
        let shrink = |f: &mut gridreport::stats::Figures| {
            let k = back.min(60);
            for fig in [
                Figure::ScreenedHouseholds,
                Figure::DailyReceived,
                Figure::DailyOnTime,
            ] {
                let v = f.count(fig);
                let less = v * k / 200;
                match fig {
                    Figure::ScreenedHouseholds => f.screened_households = v - less,
                    Figure::DailyReceived => f.daily_received = v - less,
                    _ => f.daily_on_time = v - less,
                }
            }
            f.recompute();
        };
        shrink(&mut s.totals);
        for f in s.communities.values_mut() {
            shrink(f);
        }
        let path = std::path::Path::new(dir).join(format!("{}.json", s.as_of));
        std::fs::write(&path, s.to_bytes()).unwrap_or_default();
    }
}
