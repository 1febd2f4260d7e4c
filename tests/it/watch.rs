//! `gridreport watch`: the real binary on a temp folder, in poll mode and with change events;
//! files added, changed and removed; a bad config keeps the last good report; SIGINT ends it
//! with exit 0.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;

/// A households CSV for one community with `n` households of 3 residents.
fn households(path: &Path, community: &str, n: usize) {
    let mut text = String::from("社区,大网格,楼栋,户号,人数\n");
    for i in 0..n {
        text.push_str(&format!("{community},1,A{},H{i:03},3\n", i % 4));
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The running watcher and what it has said on stderr so far.
struct Watching {
    child: Child,
    said: Arc<Mutex<String>>,
    out: PathBuf,
}

impl Watching {
    fn start(input: &Path, out: &Path, extra: &[&str]) -> Watching {
        let mut child = Command::new(bin())
            .arg("watch")
            .arg(input)
            .arg("-o")
            .arg(out)
            .args(["--lang", "en"])
            .args(extra)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = said.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watching {
            child,
            said,
            out: out.to_path_buf(),
        }
    }

    fn said(&self) -> String {
        self.said.lock().unwrap().clone()
    }

    /// Wait (at most 20 s) until `ok` holds for summary.json.
    fn until(&self, what: &str, ok: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let start = Instant::now();
        loop {
            if let Ok(bytes) = std::fs::read(self.out.join("summary.json")) {
                if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                    if ok(&v) {
                        return v;
                    }
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; stderr:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait (at most 20 s) until stderr contains `text`.
    fn until_said(&self, text: &str) {
        let start = Instant::now();
        while !self.said().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {text:?}; stderr:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait (at most 20 s) until stderr contains `text` `n` times (a build's line comes
    /// after its summary.json is in place).
    fn until_said_times(&self, text: &str, n: usize) {
        let start = Instant::now();
        while self.said().matches(text).count() < n {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {text:?} {n} times; stderr:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGINT, then the exit status (at most 10 s).
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let ok = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(100));
                return (status, self.said());
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("watch did not stop on SIGINT; stderr:\n{}", self.said());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn residents(v: &serde_json::Value) -> u64 {
    v["totals"]["residents"].as_u64().unwrap_or(0)
}

fn files(v: &serde_json::Value) -> usize {
    v["files"].as_array().map(Vec::len).unwrap_or(0)
}

#[test]
fn poll_add_change_remove_bad_config_and_sigint() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    households(&input.join("城东.csv"), "城东社区", 2);
    // OUT inside INPUT: not read, and its own writes start no rebuild.
    let out = input.join("report");
    let w = Watching::start(&input, &out, &["--poll", "0.3"]);
    let v = w.until("the first build", |v| residents(v) == 6);
    assert_eq!(files(&v), 1);
    w.until_said("watching");

    households(&input.join("城西/台账.csv"), "城西社区", 3);
    let v = w.until("the added file", |v| residents(v) == 15);
    assert_eq!(files(&v), 2, "{v}");

    households(&input.join("城东.csv"), "城东社区", 4);
    w.until("the changed file", |v| residents(v) == 21);
    w.until_said("1 file read again, 1 unchanged");

    std::fs::remove_file(input.join("城西/台账.csv")).unwrap();
    let v = w.until("the removed file", |v| residents(v) == 12);
    assert_eq!(files(&v), 1, "{v}");

    // Lock and temp files start no rebuild. (Four builds so far: wait for the last one's
    // line, which comes after its summary.json.)
    w.until_said_times("report written", 4);
    let before = w.said().matches("report written").count();
    std::fs::write(input.join("~$城东.xlsx"), "lock").unwrap();
    std::fs::write(input.join("x.tmp"), "tmp").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(w.said().matches("report written").count(), before);

    // A bad config: the rebuild fails, says why (file, line, key) and keeps the last report.
    let good = std::fs::read(out.join("summary.json")).unwrap();
    std::fs::write(
        input.join("gridreport.toml"),
        "isolation_days = 14\ncolour = 1\n",
    )
    .unwrap();
    w.until_said("rebuild failed");
    let said = w.said();
    assert!(said.contains("gridreport.toml, line 2"), "{said}");
    assert!(said.contains("colour"), "{said}");
    assert!(said.contains("the last good report"), "{said}");
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), good);

    // Fixed: rebuilt again.
    std::fs::write(input.join("gridreport.toml"), "big_grid_min = 1\n").unwrap();
    households(&input.join("城东.csv"), "城东社区", 5);
    w.until("the fixed config", |v| residents(v) == 15);

    let (status, said) = w.interrupt();
    assert_eq!(status.code(), Some(0), "{said}");
    assert!(said.contains("stopped watching"), "{said}");
    // Nothing left beside OUT.
    let stray: Vec<String> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gridreport-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn events_add_change_and_sigint() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    households(&input.join("城东.csv"), "城东社区", 2);
    let out = tmp.path().join("report");
    let w = Watching::start(&input, &out, &["--debounce", "0.3"]);
    w.until("the first build", |v| residents(v) == 6);
    w.until_said("watching");

    households(&input.join("城西.csv"), "城西社区", 1);
    w.until("the added file", |v| residents(v) == 9);

    households(&input.join("城东.csv"), "城东社区", 3);
    w.until("the changed file", |v| residents(v) == 12);

    std::fs::remove_file(input.join("城西.csv")).unwrap();
    w.until("the removed file", |v| residents(v) == 9);

    let (status, said) = w.interrupt();
    assert_eq!(status.code(), Some(0), "{said}");
}

#[test]
fn a_missing_folder_ends_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "watch",
        tmp.path().join("nope").to_str().unwrap(),
        "-o",
        tmp.path().join("out").to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope: no such folder"), "{err}");
}

/// Issue 12: INPUT removed and created again is watched again (it used to be never rebuilt
/// again), with change events and with `--poll`; the watch says so. A FIFO in INPUT does
/// not block it.
#[test]
fn input_removed_and_back_is_watched_again() {
    for extra in [
        &["--debounce", "0.3"][..],
        &["--poll", "0.3", "--debounce", "0.3"][..],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        households(&input.join("a.csv"), "城东社区", 2);
        // A FIFO blocked build, check and watch for ever: it is listed, never opened.
        let fifo = Command::new("mkfifo").arg(input.join("pipe.xlsx")).status();
        let w = Watching::start(&input, &tmp.path().join("report"), extra);
        let s = w.until("the first build", |s| s["totals"]["households"] == 2);
        if fifo.is_ok_and(|st| st.success()) {
            let pipe = s["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["path"] == "pipe.xlsx");
            assert_eq!(pipe.map(|f| f["status"].clone()), Some("skipped".into()));
        }
        w.until_said("watching");
        std::fs::remove_dir_all(&input).unwrap();
        w.until_said("is gone");
        std::thread::sleep(Duration::from_millis(500));
        households(&input.join("b.csv"), "城西社区", 5);
        w.until_said("is back");
        w.until("the rebuild of the new folder", |s| {
            s["totals"]["households"] == 5
        });
        // And it keeps watching the new folder.
        households(&input.join("c.csv"), "城南社区", 7);
        w.until("a change in the new folder", |s| {
            s["totals"]["households"] == 12
        });
        let (status, _) = w.interrupt();
        assert_eq!(status.code(), Some(0));
    }
}

/// Issue 12: with `--poll`, `--debounce` holds: a file copied slowly in chunks is read once
/// it has stopped changing for the debounce time, never half-copied.
#[test]
fn poll_waits_out_a_slow_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    households(&input.join("a.csv"), "城东社区", 2);
    let w = Watching::start(
        &input,
        &tmp.path().join("report"),
        &["--poll", "0.2", "--debounce", "1.5"],
    );
    w.until("the first build", |s| s["totals"]["households"] == 2);
    // 40 households written in 8 chunks, 0.7 s apart: a copy over a slow share (slower
    // than the old fixed half second of settling, faster than the debounce).
    let mut text = String::from("社区,大网格,楼栋,户号,人数\n");
    for i in 0..40 {
        text.push_str(&format!("城西社区,1,A{},H{i:03},3\n", i % 4));
    }
    let bytes = text.into_bytes();
    let path = input.join("slow.csv");
    let chunk = bytes.len().div_ceil(8);
    for part in bytes.chunks(chunk) {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut f, part).unwrap();
        drop(f);
        std::thread::sleep(Duration::from_millis(700));
    }
    let s = w.until("the copied file", |s| s["totals"]["households"] == 42);
    let said = w.said();
    // Only the finished file was ever read: no build saw a part of it.
    assert_eq!(said.matches("report written").count(), 2, "{said}");
    assert!(s["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["rule"] != "file_unreadable" && i["rule"] != "required_missing"));
    let (status, _) = w.interrupt();
    assert_eq!(status.code(), Some(0));
}
