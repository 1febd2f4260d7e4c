//! When is an issue of today's report the same issue as one of an earlier report?
//!
//! When its rule, community, table kind, field and record key agree (docs/decisions.md,
//! "Issue identity"). The record key is the row's natural key where the row has one that is
//! no personal data — the household code, the big grid and report date of a daily report,
//! the big grid and building of a grids row, and for staff and isolation rows (whose natural
//! keys, id number and name, are personal data) role, big grid and building, or big grid,
//! building, household code and start date — with an ordinal among the community's rows of
//! the same kind and key; else the row's place (file, sheet, row). So inserting rows above a
//! register's data or renaming a file keeps every issue of a keyed row the same issue.
//! Issues of no row (a sheet's header, a file, a community) are identified by their place,
//! or by what they are about (`Issue::key`, set where they are raised).

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use xxhash_rust::xxh3::xxh3_64;

use crate::model::record::Record;
use crate::model::rows::Rows;
use crate::vocab::issue::Issue;
use crate::vocab::tables::{Field, TableKind};

/// Give every issue raised at a data row the row's key: `kind/field/natural key#n`, or
/// `kind/field/@file|sheet|row` for a row without a natural key.
pub fn assign(rows: &Rows, issues: &mut [Issue]) {
    // The rows issues were raised at, by row number first (a cheap test for every row).
    let mut at: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, issue) in issues.iter().enumerate() {
        if let (None, Some(_), Some(_), Some(row)) =
            (&issue.key, &issue.file, &issue.sheet, issue.row)
        {
            at.entry(row).or_default().push(i);
        }
    }
    if at.is_empty() {
        return;
    }
    let rows_wanted: FxHashSet<u32> = at.keys().copied().collect();
    // The hashes of the natural keys of the rows that may have issues: only rows whose hash
    // is among them are counted below, by their key's text (so that a collision of the cheap
    // hash costs a comparison, never a wrong count; a map of every row's key cost 4 MB of
    // peak memory on a sub-district).
    let keys_wanted: FxHashSet<u64> = rows
        .iter()
        .filter(|r| rows_wanted.contains(&r.loc.row))
        .filter_map(natural_hash)
        .collect();
    // How many earlier rows of the same kind, community and natural key there were.
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    for r in rows.iter() {
        let counted = natural_hash(r)
            .filter(|h| keys_wanted.contains(h))
            .and_then(|_| natural_text(r))
            .map(|k| {
                let n = seen.entry(k.clone()).or_default();
                *n += 1;
                (k, *n - 1)
            });
        if !rows_wanted.contains(&r.loc.row) {
            continue;
        }
        let Some(list) = at.get(&r.loc.row) else {
            continue;
        };
        let (file, sheet) = (r.loc.sheet.file.as_str(), r.loc.sheet.sheet.as_str());
        for &i in list {
            let issue = &issues[i];
            if issue.file.as_deref() != Some(file) || issue.sheet.as_deref() != Some(sheet) {
                continue;
            }
            let field = issue
                .col
                .and_then(|c| field_at(r, c))
                .map_or("-", Field::as_str);
            let what = match &counted {
                Some((k, n)) => format!("{k}#{n}"),
                None => format!("@{file}|{sheet}|{}", r.loc.row),
            };
            issues[i].key = Some(format!("{}/{field}/{what}", r.kind.as_str()));
        }
    }
}

/// The field whose column is `col` in the row's sheet.
fn field_at(r: &Record, col: u32) -> Option<Field> {
    let mut found: Option<Field> = None;
    for (&f, &c) in &r.loc.sheet.columns {
        // Two fields never share a column; the smallest wins should they, for determinism.
        if c == col && found.is_none_or(|g| f < g) {
            found = Some(f);
        }
    }
    found
}

/// One part of a row's natural key.
#[derive(Clone, Copy)]
enum Part<'a> {
    Text(Option<&'a str>),
    Date(Option<chrono::NaiveDate>),
    Role(Option<crate::model::values::Role>),
}

impl Part<'_> {
    fn missing(self) -> bool {
        match self {
            Part::Text(v) => v.is_none(),
            Part::Date(v) => v.is_none(),
            Part::Role(v) => v.is_none(),
        }
    }
}

/// The parts of a row's natural key, none of them personal data: the household code; big
/// grid and report date; big grid and building; for staff role, big grid and building; for
/// isolation big grid, building, household code and start date.
fn parts(r: &Record) -> [(&'static str, Part<'_>); 4] {
    fn t(v: &Option<String>) -> Part<'_> {
        Part::Text(v.as_deref())
    }
    let none = ("", Part::Text(None));
    match r.kind {
        TableKind::Households => [("hh", t(&r.household_id)), none, none, none],
        TableKind::Daily => [
            ("bg", t(&r.big_grid)),
            ("d", Part::Date(r.report_date)),
            none,
            none,
        ],
        TableKind::Grids => [("bg", t(&r.big_grid)), ("b", t(&r.building)), none, none],
        TableKind::Staff => [
            ("r", Part::Role(r.role)),
            ("bg", t(&r.big_grid)),
            ("b", t(&r.building)),
            none,
        ],
        TableKind::Isolation => [
            ("bg", t(&r.big_grid)),
            ("b", t(&r.building)),
            ("hh", t(&r.household_id)),
            ("s", Part::Date(r.start)),
        ],
    }
}

/// Does the row have a natural key (some part of it known)?
fn keyed(r: &Record) -> bool {
    parts(r)
        .iter()
        .any(|(name, p)| !name.is_empty() && !p.missing())
}

/// The natural key as text, community first: `c=城东|hh=A-0012`; `None` without one.
fn natural_text(r: &Record) -> Option<String> {
    if !keyed(r) {
        return None;
    }
    let mut s = format!("c={}", r.community.as_deref().unwrap_or(""));
    for (name, p) in parts(r) {
        if name.is_empty() {
            continue;
        }
        let v = match p {
            Part::Text(v) => v.unwrap_or("").to_string(),
            Part::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Part::Role(x) => x
                .map(|x| format!("{x:?}").to_lowercase())
                .unwrap_or_default(),
        };
        s.push('|');
        s.push_str(name);
        s.push('=');
        s.push_str(&v);
    }
    Some(s)
}

/// A cheap hash of the kind, community and natural key, to find the rows that may share a
/// wanted row's key (every row is hashed: no text is made for it; rows are then compared by
/// `natural_text`). `None` exactly when `natural_text` is.
fn natural_hash(r: &Record) -> Option<u64> {
    if !keyed(r) {
        return None;
    }
    let mut h = FxHasher::default();
    h.write(r.kind.as_str().as_bytes());
    h.write(&[0x1f]);
    h.write(r.community.as_deref().unwrap_or("").as_bytes());
    for (_, p) in parts(r) {
        h.write(&[0x1f]);
        match p {
            Part::Text(v) => {
                h.write(&[u8::from(v.is_some())]);
                h.write(v.unwrap_or("").as_bytes());
            }
            Part::Date(d) => {
                use chrono::Datelike;
                h.write(&d.map_or(i32::MIN, |d| d.num_days_from_ce()).to_le_bytes());
            }
            Part::Role(x) => h.write(&[x.map_or(0, |x| x as u8 + 1)]),
        }
    }
    Some(h.finish())
}

/// An issue's identity: rule, community and what it is about — its key when it has one,
/// else its place (file, sheet, cell; the message for an issue of no place).
pub fn identity(i: &Issue) -> u64 {
    match &i.key {
        Some(k) => digest(&[i.rule.as_str(), community(i), "key", k]),
        None => by_place(i),
    }
}

/// An issue's identity from its place alone: for a baseline that is an earlier report's
/// summary.json, whose issues carry no key.
pub fn by_place(i: &Issue) -> u64 {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    digest(&[
        i.rule.as_str(),
        community(i),
        "place",
        &o(&i.file),
        &o(&i.sheet),
        &o(&i.cell),
    ])
}

fn community(i: &Issue) -> &str {
    i.community.as_deref().unwrap_or("")
}

/// A hash of the parts, each ended by a separator no text holds.
pub fn digest(parts: &[&str]) -> u64 {
    let mut text = String::new();
    for p in parts {
        text.push_str(p);
        text.push('\u{1f}');
    }
    xxh3_64(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::model::record::{Loc, SheetLoc};
    use crate::model::values::Role;
    use crate::vocab::issue::Rule;

    fn sheet(file: &str, kind_cols: &[(Field, u32)]) -> Arc<SheetLoc> {
        Arc::new(SheetLoc {
            file: file.into(),
            sheet: "S".into(),
            columns: kind_cols.iter().copied().collect::<HashMap<_, _>>(),
            date1904: false,
            serials_are_dates: true,
        })
    }

    fn household(s: &Arc<SheetLoc>, row: u32, id: Option<&str>) -> Record {
        let mut r = Record::new(
            TableKind::Households,
            Loc {
                sheet: s.clone(),
                row,
            },
        );
        r.community = Some("城东".into());
        r.household_id = id.map(str::to_string);
        r
    }

    fn phone_issue(file: &str, row: u32) -> Issue {
        Issue::new(Rule::PhoneInvalid, "m")
            .file(file)
            .sheet("S")
            .at(row, 2)
            .community("城东社区")
    }

    /// The identities of one issue at household `id`, in a register of `rows` households
    /// starting at row `first`, in file `file`.
    fn keyed(file: &str, first: u32, ids: &[Option<&str>], at: usize) -> Issue {
        let s = sheet(file, &[(Field::HouseholdId, 0), (Field::Phone, 2)]);
        let recs: Vec<Record> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| household(&s, first + i as u32, *id))
            .collect();
        let mut issues = vec![phone_issue(file, first + at as u32)];
        assign(&Rows::from(&recs[..]), &mut issues);
        issues.remove(0)
    }

    #[test]
    fn a_keyed_row_keeps_its_identity_when_rows_move_or_files_are_renamed() {
        let day1 = keyed("城东/台账.xlsx", 2, &[Some("A1"), Some("A2")], 1);
        assert_eq!(day1.key.as_deref(), Some("households/phone/c=城东|hh=A2#0"));
        let cases = [
            // Two rows inserted above; the file renamed.
            keyed(
                "城东/台账.xlsx",
                2,
                &[Some("X"), Some("Y"), Some("A1"), Some("A2")],
                3,
            ),
            keyed("城东/住户台账.xlsx", 5, &[Some("A1"), Some("A2")], 1),
        ];
        for c in cases {
            assert_eq!(identity(&c), identity(&day1), "{:?}", c.key);
        }
        // Another household, or another rule: another issue.
        let other = keyed("城东/台账.xlsx", 2, &[Some("A1"), Some("A3")], 1);
        assert_ne!(identity(&other), identity(&day1));
        let mut rule = day1.clone();
        rule.rule = Rule::IdNumberInvalid;
        assert_ne!(identity(&rule), identity(&day1));
    }

    #[test]
    fn rows_without_a_natural_key_are_known_by_their_place() {
        let i = keyed("a.xlsx", 2, &[None, None], 1);
        assert_eq!(i.key.as_deref(), Some("households/phone/@a.xlsx|S|3"));
        // The same household code twice: the second is the second.
        let dup = keyed("a.xlsx", 2, &[Some("A1"), Some("A1")], 1);
        assert_eq!(dup.key.as_deref(), Some("households/phone/c=城东|hh=A1#1"));
    }

    #[test]
    fn staff_rows_are_keyed_without_personal_data() {
        let s = sheet("花名册.xlsx", &[(Field::Phone, 2)]);
        let mut r = Record::new(
            TableKind::Staff,
            Loc {
                sheet: s.clone(),
                row: 4,
            },
        );
        r.community = Some("城东".into());
        r.name = Some("张三".into());
        r.phone = Some("13800000000".into());
        r.role = Some(Role::Informant);
        r.building = Some("12".into());
        let recs = [r];
        let mut issues = vec![Issue::new(Rule::PhoneInvalid, "m")
            .file("花名册.xlsx")
            .sheet("S")
            .at(4, 2)];
        assign(&Rows::from(&recs[..]), &mut issues);
        let key = issues[0].key.clone().unwrap();
        assert_eq!(key, "staff/phone/c=城东|r=informant|bg=|b=12#0");
        assert!(!key.contains("张三") && !key.contains("138"));
    }

    #[test]
    fn issues_of_no_row_are_known_by_place_or_by_what_they_are_about() {
        let a = Issue::new(Rule::BigGridSize, "大网格“3”有 400 户").community("c");
        let b = Issue::new(Rule::BigGridSize, "大网格“3”有 420 户").community("c");
        assert_eq!(identity(&a), identity(&b));
        assert_ne!(
            identity(&a.clone().key("big_grid/3")),
            identity(&b.clone().key("big_grid/4"))
        );
        assert_eq!(
            by_place(&phone_issue("x", 3)),
            by_place(&phone_issue("x", 3))
        );
        assert_ne!(
            by_place(&phone_issue("x", 3)),
            by_place(&phone_issue("x", 4))
        );
    }
}
