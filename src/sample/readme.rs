//! `README.md` of the sample folder: what is where, what is seeded, what to expect.

use super::seeded::Log;
use super::world::District;
use serde_json::Value;
use std::fmt::Write;

/// `说明.txt` at the top of the sample: a note as offices leave them (skipped by the reader).
pub const NOTE: &str = "会城街道各社区疫情防控台账汇总（样例数据，人员信息均为虚构）\r\n\
各社区文件夹内含：住户台账（一户一册，按大网格分册）、工作人员花名册、日报告、网格划分表、居家隔离人员登记表。\r\n";

fn fig(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::Number(n)) if n.is_f64() => format!("{:.4}", n.as_f64().unwrap_or(0.0)),
        Some(x) => x.to_string(),
        None => "-".into(),
    }
}

pub fn render(
    d: &District,
    log: &Log,
    files: &[String],
    expected: &Value,
    scale: f64,
    seed: u64,
) -> String {
    let mut s = String::new();
    let t = &expected["totals"];
    let _ = writeln!(
        s,
        "# sample-data: a synthetic 会城街道 (Huicheng, Jiangmen), January–March 2020\n"
    );
    let _ = writeln!(
        s,
        "Written by `gridreport sample -o sample-data --scale {scale} --seed {seed}` \
         (`gridreport::sample::write_sample`); every person, id and phone number is invented. \
         Do not edit by hand: change the generator and regenerate (see the end). \
         It follows the story of Huicheng's grid management in early 2020 (20 communities, \
         320,000 residents, 360 community workers) and the input format of \
         `docs/input-format.md`.\n"
    );
    let _ = writeln!(
        s,
        "`gridreport.toml` names the sub-district (`name = \"{}\"`), so that the report's \
         pages, workbooks, summary.json and mails carry its name; every other setting is at \
         its default.\n",
        super::NAME
    );
    let _ = writeln!(s, "## Headline figures\n");
    let _ = writeln!(s, "`expected.json` holds them all, in the shape of summary.json (`totals`, `communities`, `big_grids`). In short:\n");
    let _ = writeln!(s, "| figure | value |\n|---|---|");
    for k in [
        "communities",
        "households",
        "residents",
        "buildings",
        "big_grids",
        "workers",
        "worker_avg_age",
        "worker_female_share",
        "informants",
        "cadres",
        "police",
        "volunteers",
        "other_staff",
        "big_grids_out_of_range",
        "screening_coverage",
        "informant_coverage",
        "daily_expected",
        "daily_received",
        "daily_on_time",
        "reporting_rate",
        "on_time_rate",
        "isolation_total",
        "isolation_active",
        "isolation_completed",
        "isolation_overdue",
        "rows_excluded",
    ] {
        let _ = writeln!(s, "| {k} | {} |", fig(t, k));
    }
    let _ = writeln!(
        s,
        "\nas_of {} (the latest report date); daily period {} to {}.\n",
        expected["as_of"], expected["period"]["from"], expected["period"]["to"]
    );
    let _ = writeln!(s, "| community | households | residents | buildings | big grids | gated | unmanaged | workers | volunteers |\n|---|---|---|---|---|---|---|---|---|");
    if let Some(list) = expected["communities"].as_array() {
        for c in list {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                c["name"].as_str().unwrap_or(""),
                fig(c, "households"),
                fig(c, "residents"),
                fig(c, "buildings"),
                fig(c, "big_grids"),
                fig(c, "households_gated"),
                fig(c, "households_unmanaged"),
                fig(c, "workers"),
                fig(c, "volunteers"),
            );
        }
    }
    let _ = writeln!(s, "\n## Layout\n");
    let _ = writeln!(s, "A folder per community, as its office keeps them: household registers (住户台账, one file per big grid in most communities, one workbook with a sheet per big grid in others), a staff roster (工作人员花名册: workers, information officers, sent-down cadres, police, volunteers), the daily reports (日报告, one row per big grid per day), the grid table (网格划分表; two communities keep none) and the home-isolation list. Titles sit above the headers (merged across), some communities add a merged group-header row or a 序号 column, header spellings differ between communities (the aliases of `docs/input-format.md`), dates are date cells in most communities and text (`2020/2/3`, `2020年2月3日`) in some. Two rosters are `.xls` and one isolation list is a GBK-encoded CSV.\n");
    let _ = writeln!(s, "`README.md` and `expected.json` themselves are skipped by the reader (`file_skipped`, like `说明.txt`).\n");
    let _ = writeln!(s, "```");
    for f in files {
        let _ = writeln!(s, "{f}");
    }
    let _ = writeln!(s, "```\n");
    let _ = writeln!(s, "## Seeded defects\n");
    let _ = writeln!(s, "Every warning rule of the checks occurs at least once (`community_without_households` cannot: there are exactly 20 communities), and so do the infos and a few errors. Excluded (error) rows and merged duplicates are extra rows: the headline figures above already account for them. Cells are A1 references in the written file; `-` where the rule names no cell. The 序号 columns of some communities ({}) are known non-data columns: dropped silently, without `column_ignored`.\n", serial_list(d));
    let _ = writeln!(s, "| rule | severity | community | file | sheet | cell | what |\n|---|---|---|---|---|---|---|");
    let mut rows: Vec<&super::seeded::Seeded> = log.0.iter().collect();
    rows.sort_by(|a, b| (a.rule, &a.file, &a.cell).cmp(&(b.rule, &b.file, &b.cell)));
    for r in rows {
        let name = d.communities.get(r.community).map(|c| c.name).unwrap_or("");
        let name = if r.rule == "file_skipped" { "-" } else { name };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.rule, r.severity, name, r.file, r.sheet, r.cell, r.note
        );
    }
    let _ = writeln!(s, "\nThe story's household: 贤洲社区, 曾先生 and his father, isolated at home 2020-01-25 to 2020-02-07 (row `story` above).\n");
    let _ = writeln!(s, "## Regenerating\n");
    let _ = writeln!(s, "```sh\nrm -rf sample-data && cargo run --release -- sample -o sample-data --scale {scale} --seed {seed}\nscripts/make-sample-xls.sh sample-data   # the two .xls rosters: xlsx inside -> real .xls with LibreOffice\n```\n");
    let _ = writeln!(s, "`gridreport sample` writes the two `.xls` rosters as xlsx under the `.xls` name (gridreport reads a file by its content); the script converts them to the old format. `tests/it/sample.rs` regenerates into a temporary folder and compares every file byte for byte except the `.xls` ones (LibreOffice output is not reproducible), which it only checks exist.");
    s
}

fn serial_list(d: &District) -> String {
    let v: Vec<&str> = d
        .communities
        .iter()
        .filter(|c| c.style.serial)
        .map(|c| c.name)
        .collect();
    v.join("、")
}
