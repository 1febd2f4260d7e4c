//! A history folder: `OUT/history/` or the folder of `--history DIR`, holding one
//! `<as_of>.json` snapshot per report date. Reading tells the usable snapshots from the
//! files that are not (each then named in one info issue); writing keeps the newest
//! `history_keep` and never removes a file it could not read.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::snapshot::{Snapshot, Why};

/// A usable snapshot and its bytes (carried over as they are).
pub struct Found {
    pub snapshot: Snapshot,
    pub bytes: Vec<u8>,
}

/// A file of the folder that is no usable snapshot, and why.
pub struct Ignored {
    pub file: String,
    pub why: Reason,
    /// Its bytes, when they could be read (carried over: nothing is lost by a build).
    pub bytes: Option<Vec<u8>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Not named `YYYY-MM-DD.json`.
    Name,
    Unreadable(String),
    Snapshot(Why),
    /// Another sub-district's (its `name`).
    OtherDistrict(String),
    /// Its date is not the date in its name.
    DateDiffers(String),
}

/// What a folder holds.
#[derive(Default)]
pub struct Contents {
    /// Usable snapshots by as_of.
    pub snapshots: BTreeMap<String, Found>,
    pub ignored: Vec<Ignored>,
}

/// The regular, visible files of `dir`, by name (none when it does not exist).
fn files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The date a snapshot's file name stands for.
pub fn date_of(file: &str) -> Option<NaiveDate> {
    let stem = file.strip_suffix(".json")?;
    NaiveDate::parse_from_str(stem, "%Y-%m-%d")
        .ok()
        .filter(|d| d.to_string() == stem)
}

/// The file name of a report date's snapshot.
pub fn file_of(as_of: &str) -> String {
    format!("{as_of}.json")
}

/// Read every file of `dir`; snapshots of a sub-district named otherwise than `name` are
/// ignored (a snapshot or report without a name matches any).
pub fn read(dir: &Path, name: Option<&str>) -> Contents {
    let looked: Vec<Result<Found, Ignored>> = files(dir)
        .into_par_iter()
        .map(|file| look(dir, file, name))
        .collect();
    let mut c = Contents::default();
    for r in looked {
        match r {
            Ok(f) => {
                c.snapshots.insert(f.snapshot.as_of.clone(), f);
            }
            Err(i) => c.ignored.push(i),
        }
    }
    c
}

fn look(dir: &Path, file: String, name: Option<&str>) -> Result<Found, Ignored> {
    let ignored = |why, bytes| Ignored {
        file: file.clone(),
        why,
        bytes,
    };
    let bytes = match std::fs::read(dir.join(&file)) {
        Ok(b) => b,
        Err(e) => return Err(ignored(Reason::Unreadable(e.to_string()), None)),
    };
    let Some(date) = date_of(&file) else {
        return Err(ignored(Reason::Name, Some(bytes)));
    };
    let snapshot = match Snapshot::parse(&bytes) {
        Ok(s) => s,
        Err(why) => return Err(ignored(Reason::Snapshot(why), Some(bytes))),
    };
    if let (Some(theirs), Some(ours)) = (snapshot.name.as_deref(), name) {
        if theirs != ours {
            let why = Reason::OtherDistrict(theirs.to_string());
            return Err(ignored(why, Some(bytes)));
        }
    }
    if snapshot.as_of != date.to_string() {
        let why = Reason::DateDiffers(snapshot.as_of.clone());
        return Err(ignored(why, Some(bytes)));
    }
    Ok(Found { snapshot, bytes })
}

/// Write `file` into `dir` whole or not at all: a temporary file beside it, then renamed.
pub fn write_whole(dir: &Path, file: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{file}.gridreport-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dir.join(file)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Summary;

    fn snapshot(as_of: &str, name: Option<&str>) -> Vec<u8> {
        let mut s = Summary::empty(as_of.parse().unwrap());
        s.name = name.map(str::to_string);
        Snapshot::of(&s, |_| 0).to_bytes()
    }

    #[test]
    fn tells_usable_snapshots_from_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("2020-03-01.json", snapshot("2020-03-01", Some("甲街道"))),
            ("2020-03-02.json", snapshot("2020-03-02", None)),
            ("2020-03-03.json", snapshot("2020-03-03", Some("乙街道"))),
            ("2020-03-04.json", snapshot("2020-03-01", Some("甲街道"))),
            ("2020-03-05.json", b"{".to_vec()),
            ("notes.txt", b"x".to_vec()),
            (".2020-03-06.json.gridreport-1", b"x".to_vec()),
        ];
        for (f, b) in &files {
            std::fs::write(d.join(f), b).unwrap();
        }
        std::fs::create_dir(d.join("sub")).unwrap();
        let c = read(d, Some("甲街道"));
        let usable: Vec<&String> = c.snapshots.keys().collect();
        assert_eq!(usable, ["2020-03-01", "2020-03-02"]);
        let why: Vec<(&str, &Reason)> = c
            .ignored
            .iter()
            .map(|i| (i.file.as_str(), &i.why))
            .collect();
        assert_eq!(
            why,
            [
                ("2020-03-03.json", &Reason::OtherDistrict("乙街道".into())),
                ("2020-03-04.json", &Reason::DateDiffers("2020-03-01".into())),
                ("2020-03-05.json", &Reason::Snapshot(Why::Corrupt)),
                ("notes.txt", &Reason::Name),
            ]
        );
        assert!(read(&d.join("missing"), None).snapshots.is_empty());
        write_whole(&d.join("new"), "2020-03-07.json", b"1").unwrap();
        assert_eq!(std::fs::read(d.join("new/2020-03-07.json")).unwrap(), b"1");
        assert_eq!(date_of("2020-3-1.json"), None);
    }
}
