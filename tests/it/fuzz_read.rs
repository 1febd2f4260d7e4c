//! Fuzzing the reading layer: random bytes and mutated small workbooks (xlsx, xls, ods,
//! csv) through `read_file` and the table finder, in-process (no child, so a crash or an
//! abort here is a finding). A short run is part of `cargo test`; `scripts/fuzz.sh SECONDS`
//! runs it for longer (`FUZZ_SECONDS`, `FUZZ_SEED`).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::common::*;
use gridreport::config::{Config, Limits};
use gridreport::input::read::read_file;
use gridreport::input::table::{find_table, Aliases};
use gridreport::input::{FoundFile, SheetRead};
use gridreport::vocab::lang::Lang;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Seeds: (file name, bytes).
fn seeds(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let xlsx = dir.join("seed.xlsx");
    write_xlsx(
        &xlsx,
        vec![
            sheet(
                "住户",
                table(&[
                    "标题",
                    "社区|大网格|楼栋|户号|人数|排查日期",
                    "城东社区|#1|A1|H1|#2|@2020-02-01",
                    "城东社区|#2|A2|H2|3人|",
                    "合计||||#5",
                ]),
            ),
            sheet("日报", table(&["日期|社区|大网格", "@2020-02-02|城东|#1"])),
        ],
    );
    let mut out = vec![
        ("seed.xlsx".to_string(), std::fs::read(&xlsx).unwrap()),
        ("seed.xls".to_string(), hostile::plain_xls()),
        (
            "seed.csv".to_string(),
            "社区,大网格,楼栋,户号,人数\n城东社区,1,A1,H1,2\n\"城,东\",1,\"A\"\"2\",H2,3\n"
                .as_bytes()
                .to_vec(),
        ),
    ];
    // An Excel 2003 XML register saved as .xls and an xlsb in SheetJS's short records.
    let rows = r#"<Row><Cell ss:MergeAcross="1"><Data ss:Type="String">标题</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">社区</Data></Cell><Cell><Data ss:Type="String">大网格</Data></Cell><Cell><Data ss:Type="String">楼栋</Data></Cell><Cell><Data ss:Type="String">户号</Data></Cell><Cell><Data ss:Type="String">人数</Data></Cell></Row>
<Row ss:Index="4"><Cell><Data ss:Type="String">城东社区</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">A&amp;1</Data></Cell><Cell ss:MergeDown="1"><Data ss:Type="DateTime">2020-02-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell></Row>"#;
    out.push((
        "seed-2003.xls".to_string(),
        hostile::xml2003("住户", rows).into_bytes(),
    ));
    let xlsb = dir.join("seed.xlsb");
    {
        use hostile::Xb::{Num, Str};
        #[rustfmt::skip]
        let rows = [
            vec![Str("社区"), Str("大网格"), Str("楼栋"), Str("户号"), Str("人数")],
            vec![Str("城东社区"), Num(1.0), Str("A1"), Str(""), Num(2.5)],
        ];
        hostile::xlsb_sheetjs(&xlsb, "住户", &rows);
    }
    out.push(("seed.xlsb".to_string(), std::fs::read(&xlsb).unwrap()));
    let ods = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain.ods");
    if let Ok(b) = std::fs::read(ods) {
        out.push(("seed.ods".to_string(), b));
    }
    out
}

/// A mutated copy: bit flips, interesting bytes, a cut, a duplicated or deleted chunk.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        if b.is_empty() {
            b.push(rng.next() as u8);
        }
        let at = rng.below(b.len());
        match rng.below(7) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b[at] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE][rng.below(6)],
            2 => {
                let n = rng.below(4).min(b.len() - at);
                let v = [0xFF, 0x00][rng.below(2)];
                b[at..at + n].fill(v);
            }
            3 => b.truncate(at),
            4 => {
                let n = rng.below(64).min(b.len() - at);
                let chunk = b[at..at + n].to_vec();
                let to = rng.below(b.len());
                b.splice(to..to, chunk);
            }
            5 => {
                let n = rng.below(64).min(b.len() - at);
                b.drain(at..at + n);
            }
            _ => b.insert(at, rng.next() as u8),
        }
    }
    b
}

/// An xlsx/ods with one inflated part mutated and the zip written again (stored), so that
/// the XML reader sees the damage rather than the inflater.
fn mutate_zip_part(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(input)).ok()?;
    let target = rng.below(zin.len());
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).ok()?;
        let name = f.name().ok()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        if i == target {
            data = mutate(rng, &data);
        }
        out.start_file(name, opts).ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

fn exercise(
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
    cfg: &Config,
    aliases: &Aliases,
) -> bool {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let found = FoundFile {
        rel_path: name.to_string(),
        path,
        format: name.rsplit('.').next().unwrap_or("").to_string(),
        skip: None,
        unlistable: None,
    };
    match read_file(&found, &cfg.limits) {
        Ok(sheets) => {
            for s in sheets {
                if let SheetRead::Ok(sheet) = s {
                    let mut issues = Vec::new();
                    let _ = find_table(&sheet, aliases, cfg, Lang::En, &mut issues);
                }
            }
            true
        }
        Err(_) => false,
    }
}

fn fuzz(seconds: f64, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config {
        limits: Limits {
            max_seconds_per_file: 10,
            max_cells_per_sheet: 2_000_000,
            ..Limits::default()
        },
        ..Config::default()
    };
    let aliases = Aliases::new(&cfg);
    let seeds = seeds(dir.path());
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let (mut cases, mut opened) = (0u64, 0u64);
    let mut slowest = (Duration::ZERO, String::new());
    while Instant::now() < deadline {
        let (name, bytes) = &seeds[rng.below(seeds.len())];
        let bytes = match rng.below(10) {
            0 => (0..rng.below(4096)).map(|_| rng.next() as u8).collect(),
            1..=4 => mutate_zip_part(&mut rng, bytes).unwrap_or_else(|| mutate(&mut rng, bytes)),
            _ => mutate(&mut rng, bytes),
        };
        let started = Instant::now();
        // Keep the case on disk under a fixed name so that a crash leaves it behind.
        std::fs::write(dir.path().join("last-case"), &bytes).unwrap();
        opened += u64::from(exercise(dir.path(), name, &bytes, &cfg, &aliases));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, format!("{name} case {cases}"));
        }
        cases += 1;
    }
    eprintln!(
        "fuzz: seed {seed}, {cases} cases in {seconds} s, {opened} opened; slowest {:?} ({})",
        slowest.0, slowest.1
    );
    assert!(cases > 0);
}

#[test]
fn fuzz_reading_layer() {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2020);
    fuzz(seconds, seed);
}
