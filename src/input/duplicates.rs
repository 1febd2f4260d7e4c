//! Files whose bytes are identical to an earlier file's (SPEC §9.1): skipped with
//! `file_duplicate` naming the earlier file, never read (their rows would only be
//! duplicates). Only files of equal size are hashed, so a folder without copies costs one
//! `stat` per file. Empty files are not copies of each other: each is `unreadable` as empty.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_128;

use super::{FoundFile, SkipReason};

/// Mark every later copy in `files` (in processing order). Files over `max_bytes` are not
/// compared: they are not read anyway.
pub fn mark_duplicates(files: &mut [FoundFile], max_bytes: u64) {
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if !f.to_read() {
            continue;
        }
        match std::fs::metadata(&f.path) {
            // An empty file has nothing to copy: each is reported as empty on its own.
            Ok(m) if m.is_file() && m.len() > 0 && m.len() <= max_bytes => {
                by_size.entry(m.len()).or_default().push(i)
            }
            _ => {}
        }
    }
    for group in by_size.into_values().filter(|g| g.len() > 1) {
        let mut first_of: HashMap<u128, usize> = HashMap::new();
        for i in group {
            let Ok(bytes) = std::fs::read(&files[i].path) else {
                continue;
            };
            let earlier = *first_of.entry(xxh3_128(&bytes)).or_insert(i);
            if earlier != i {
                let name = files[earlier].rel_path.clone();
                files[i].skip = Some(SkipReason::Duplicate(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn found(dir: &Path, name: &str) -> FoundFile {
        FoundFile {
            rel_path: name.to_string(),
            path: dir.join(name),
            format: "csv".into(),
            skip: None,
            unlistable: None,
        }
    }

    #[test]
    fn later_copies_name_the_first() {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [
            ("a.csv", "社区,户号\n城东,1\n"),
            ("b.csv", "社区,户号\n城东,2\n"),
            ("c.csv", "社区,户号\n城东,1\n"),
            ("d.csv", "社区,户号\n城东,1\n"),
            ("e.csv", "other"),
            ("f.csv", ""),
            ("g.csv", ""),
        ] {
            std::fs::write(dir.path().join(name), body).unwrap();
        }
        let mut files: Vec<FoundFile> = [
            "a.csv", "b.csv", "c.csv", "d.csv", "e.csv", "f.csv", "g.csv",
        ]
        .iter()
        .map(|n| found(dir.path(), n))
        .collect();
        mark_duplicates(&mut files, u64::MAX);
        let skips: Vec<Option<SkipReason>> = files.iter().map(|f| f.skip.clone()).collect();
        assert_eq!(
            skips,
            vec![
                None,
                None,
                Some(SkipReason::Duplicate("a.csv".into())),
                Some(SkipReason::Duplicate("a.csv".into())),
                None,
                None,
                None,
            ]
        );
        // Skipped files are not compared, and files over the limit neither.
        let mut files = vec![found(dir.path(), "a.csv"), found(dir.path(), "c.csv")];
        files[0].skip = Some(SkipReason::Hidden);
        mark_duplicates(&mut files, u64::MAX);
        assert_eq!(files[1].skip, None);
        let mut files = vec![found(dir.path(), "a.csv"), found(dir.path(), "c.csv")];
        mark_duplicates(&mut files, 3);
        assert_eq!(files[1].skip, None);
    }
}
