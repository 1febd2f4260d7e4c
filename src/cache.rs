//! Remembering what reading a file gave, so that `watch` re-reads only the files that changed.
//!
//! A file is the same as last time when its size, modification time and content hash (XXH3
//! over its bytes) are all unchanged. The cache also remembers the settings the results were
//! made with (config and language): when those change, everything is read again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use xxhash_rust::xxh3::xxh3_64;

/// What identifies one version of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, or `None` when it cannot be read or is larger than
    /// `max_bytes` (such a file is not worth keeping: reading it fails fast anyway).
    pub fn of(path: &Path, max_bytes: u64) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > max_bytes {
            return None;
        }
        let modified = meta.modified().ok();
        let bytes = std::fs::read(path).ok()?;
        // A file that changed while it was read is not stamped: it is still being written.
        if bytes.len() as u64 != meta.len() {
            return None;
        }
        Some(Stamp {
            size: meta.len(),
            modified,
            hash: xxh3_64(&bytes),
        })
    }
}

/// Results of reading files, by path, valid for one set of settings.
#[derive(Debug)]
pub struct ReadCache<T> {
    settings: String,
    entries: HashMap<PathBuf, (Stamp, T)>,
    /// Files answered from the cache and files read, since the last `start`.
    pub hits: usize,
    pub misses: usize,
}

impl<T> Default for ReadCache<T> {
    fn default() -> Self {
        ReadCache {
            settings: String::new(),
            entries: HashMap::new(),
            hits: 0,
            misses: 0,
        }
    }
}

impl<T: Clone> ReadCache<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Begin a run with these settings: results made with other settings are dropped.
    pub fn start(&mut self, settings: String) {
        if settings != self.settings {
            self.entries.clear();
            self.settings = settings;
        }
        self.hits = 0;
        self.misses = 0;
    }

    /// The file's stamp now, and the remembered result when the file is unchanged since it
    /// was stored. Takes `&self`: files are looked up in parallel.
    pub fn lookup(&self, path: &Path, max_bytes: u64) -> (Option<Stamp>, Option<T>) {
        let Some(stamp) = Stamp::of(path, max_bytes) else {
            return (None, None);
        };
        let hit = match self.entries.get(path) {
            Some((old, value)) if *old == stamp => Some(value.clone()),
            _ => None,
        };
        (Some(stamp), hit)
    }

    /// Remember what reading `path` gave (forget it when the file could not be stamped);
    /// counts a miss. Hits are counted by `hit`.
    pub fn store(&mut self, path: &Path, stamp: Option<Stamp>, value: T) {
        self.misses += 1;
        match stamp {
            Some(stamp) => {
                self.entries.insert(path.to_path_buf(), (stamp, value));
            }
            None => {
                self.entries.remove(path);
            }
        }
    }

    /// Count a file answered from the cache.
    pub fn hit(&mut self) {
        self.hits += 1;
    }

    /// The remembered result for `path` when the file is unchanged, else `read()` (kept for
    /// next time when the file could be stamped).
    pub fn get_or_read(&mut self, path: &Path, max_bytes: u64, read: impl FnOnce() -> T) -> T {
        let (stamp, hit) = self.lookup(path, max_bytes);
        if let Some(value) = hit {
            self.hit();
            return value;
        }
        let value = read();
        self.store(path, stamp, value.clone());
        value
    }

    /// Forget the files that are no longer there.
    pub fn keep_only(&mut self, paths: &HashSet<&Path>) {
        self.entries.retain(|p, _| paths.contains(p.as_path()));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_again_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        let b = dir.path().join("b.csv");
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "y").unwrap();
        let mut cache: ReadCache<String> = ReadCache::new();
        let mut reads = 0;
        let mut read = |p: &Path| {
            reads += 1;
            std::fs::read_to_string(p).unwrap()
        };
        cache.start("s".into());
        assert_eq!(cache.get_or_read(&a, 100, || read(&a)), "x");
        assert_eq!(cache.get_or_read(&b, 100, || read(&b)), "y");
        cache.start("s".into());
        assert_eq!(cache.get_or_read(&a, 100, || read(&a)), "x");
        assert_eq!((cache.hits, cache.misses), (1, 0));
        // Same size, other content.
        std::fs::write(&b, "z").unwrap();
        assert_eq!(cache.get_or_read(&b, 100, || read(&b)), "z");
        assert_eq!((cache.hits, cache.misses), (1, 1));
        // Other settings: read again.
        cache.start("t".into());
        assert_eq!(cache.get_or_read(&a, 100, || read(&a)), "x");
        assert_eq!(cache.misses, 1);
        // Too large: never kept.
        cache.start("t".into());
        assert_eq!(cache.get_or_read(&a, 0, || read(&a)), "x");
        assert_eq!(cache.misses, 1);
        cache.keep_only(&HashSet::new());
        assert!(cache.is_empty());
        assert_eq!(reads, 5);
    }
}
