//! A province of sub-district summaries for timing `gridreport rollup` (issue 18,
//! docs/performance.md): N summaries (default 1,600, Guangdong's count of sub-districts and
//! towns) made from one template summary.json by scaling its counts deterministically (each
//! sub-district between 0.5 and 1.5 times the template), each with its own name, written as
//! `DIR/<city>/<name>.json` — as the summaries arrive by mail. Ratios are left as they are:
//! the roll-up recomputes them from the counts.
//!
//! Run: cargo run --release --example province -- TEMPLATE.json DIR [N]

use serde_json::Value;

/// 40 × 40 two-character names: 1,600 distinct sub-districts.
const FIRST: &str =
    "东南西北中上下前后新旧大小长高平安宁和兴隆丰盛福寿康乐明光华荣昌盈祥瑞金银石永广";
const SECOND: &str =
    "江河湖海山岭岗洲湾塘桥沙城村坊园林田溪泉港浦冲围坑口头尾岛峰台街镇里亭堡乡营埔墩";

fn scaled(v: &mut Value, f: f64, skip: &[&str]) {
    if let Value::Object(m) = v {
        for (k, x) in m.iter_mut() {
            if skip.contains(&k.as_str()) {
                continue;
            }
            if let Some(n) = x.as_u64() {
                *x = Value::from((n as f64 * f).round() as u64);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: province TEMPLATE.json DIR [N]");
        std::process::exit(2);
    }
    let template: Value = serde_json::from_slice(&std::fs::read(&args[1]).expect("template"))
        .expect("template is JSON");
    let dir = std::path::Path::new(&args[2]);
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1600);
    let (first, second): (Vec<char>, Vec<char>) =
        (FIRST.chars().collect(), SECOND.chars().collect());
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for k in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let f = 0.5 + (state % 1000) as f64 / 1000.0;
        let name = format!(
            "{}{}{}",
            first[k / second.len() % first.len()],
            second[k % second.len()],
            if k % 5 == 0 { "镇" } else { "街道" }
        );
        let mut s = template.clone();
        s["name"] = Value::from(name.clone());
        scaled(&mut s["totals"], f, &["communities"]);
        for list in ["communities", "big_grids", "daily"] {
            if let Some(items) = s[list].as_array_mut() {
                for x in items {
                    scaled(x, f, &[]);
                }
            }
        }
        let city = dir.join(format!("市{:02}", k % 21 + 1));
        std::fs::create_dir_all(&city).expect("folder");
        std::fs::write(
            city.join(format!("{name}.json")),
            serde_json::to_vec_pretty(&s).expect("json"),
        )
        .expect("write");
    }
    eprintln!("wrote {n} summaries to {}", dir.display());
}
