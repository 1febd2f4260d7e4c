//! The shape of the code, checked (`cargo test --lib layers`): data flows one way through
//! the folders of `src/`, and no two files depend on each other in a circle.
//!
//! Every file's references to the crate (`use crate::…`, `crate::a::b` in code, `super::…`)
//! are read from the source text, comments and test modules left out, and resolved to the
//! file they name. A file may use files of its own top-level module and of modules of a
//! lower layer (`LAYERS`), never of a higher one; and the files' graph has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom up. Modules of one layer may use each other (without cycles); a
/// module not listed is at the top (the commands and what they drive).
const LAYERS: &[&[&str]] = &[
    &["vocab", "alloc", "timing", "cache"],
    &["config"],
    &["input"],
    &["model"],
    &["reading"],
    &["check"],
    &["merge"],
    &["stats"],
    &["render"],
];

/// The vocabulary imports nothing of the crate.
const IMPORTS_NOTHING: &[&str] = &["vocab"];

fn layer(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or(LAYERS.len())
}

/// Module path (`["render", "html", "view"]`) → the file's text.
fn sources(dir: &Path) -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel: PathBuf = p.strip_prefix(dir).unwrap_or(&p).with_extension("");
                let mut path: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if path
                    .last()
                    .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
                {
                    path.pop();
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.insert(path, code_of(&text));
            }
        }
    }
    out
}

/// The text without comments and without its test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's text refers to: `crate::a::b…`, `super::x…`, `self::x…`.
fn references(me: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(head) {
            let at = from + i;
            from = at + head.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let rest: String = text[from..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut parts: Vec<String> = rest
                .split("::")
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            // `self::x` is a child of this module; `super::x` a sibling (of a file) or a
            // child of the parent folder's module (of a mod.rs): one level up either way.
            let mut base: Vec<String> = match head {
                "crate::" => Vec::new(),
                "self::" => me.to_vec(),
                _ => me[..me.len().saturating_sub(1)].to_vec(),
            };
            while parts.first().is_some_and(|p| p == "super") {
                base.pop();
                parts.remove(0);
            }
            base.extend(parts);
            out.push(base);
        }
    }
    out
}

/// The longest prefix of `path` that is a file of the crate.
fn resolve<'a>(
    path: &[String],
    files: &'a BTreeMap<Vec<String>, String>,
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

/// file → the files it uses.
fn graph(dir: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = sources(dir);
    let mut g = BTreeMap::new();
    for (me, text) in &files {
        let mut uses = BTreeSet::new();
        for r in references(me, text) {
            if let Some(t) = resolve(&r, &files) {
                // A file may use its own folder's mod.rs, which holds what the folder's files
                // share (and declares them).
                if t != me && !t.is_empty() && !(me.starts_with(t) && t.len() < me.len()) {
                    uses.insert(t.clone());
                }
            }
        }
        g.insert(me.clone(), uses);
    }
    g
}

/// Files that use a file of a higher layer, as `a/b.rs → c/d.rs` lines.
fn upward(g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut out = Vec::new();
    for (from, uses) in g {
        let Some(top) = from.first() else { continue };
        for to in uses {
            let Some(their) = to.first() else { continue };
            if their == top {
                continue;
            }
            let wrong = layer(their) > layer(top) || IMPORTS_NOTHING.contains(&top.as_str());
            if wrong {
                out.push(format!("{} → {}", from.join("/"), to.join("/")));
            }
        }
    }
    out
}

/// The cycles between files (each as its files), by Tarjan's strongly connected components.
fn cycles(g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on: BTreeSet<&'a Vec<String>>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    impl<'a> T<'a> {
        fn visit(&mut self, v: &'a Vec<String>) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            if let Some(ws) = self.g.get(v) {
                for w in ws {
                    let Some((w, _)) = self.g.get_key_value(w) else {
                        continue;
                    };
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let lw = self.low[w];
                        let lv = self.low[v];
                        self.low.insert(v, lv.min(lw));
                    } else if self.on.contains(w) {
                        let iw = self.index[w];
                        let lv = self.low[v];
                        self.low.insert(v, lv.min(iw));
                    }
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    comp.push(w.join("/"));
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out
}

#[test]
fn data_flows_one_way_and_files_form_no_cycle() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&dir);
    assert!(g.len() > 50, "only {} files found under src/", g.len());
    let up = upward(&g);
    assert!(
        up.is_empty(),
        "imports from a lower layer to a higher one:\n{}",
        up.join("\n")
    );
    let c = cycles(&g);
    assert!(
        c.is_empty(),
        "files that depend on each other in a circle: {c:?}"
    );
}

#[test]
fn the_checker_sees_what_it_must() {
    // A made-up tree: b uses a (fine), a uses c (fine, same layer is its own module), c
    // uses a back (a cycle), and vocab uses config (upward).
    let dir = tempfile::tempdir().unwrap();
    let put = |p: &str, text: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put(
        "lib.rs",
        "pub mod vocab;\npub mod config;\npub mod input;\n",
    );
    put("vocab/mod.rs", "pub mod a;\npub mod c;\n");
    put(
        "vocab/a.rs",
        "use super::c::X;\n// crate::config::Y in a comment\n",
    );
    put(
        "vocab/c.rs",
        "use crate::vocab::a::Z;\nuse crate::config::Y;\n",
    );
    put("config.rs", "pub struct Cfg;\n");
    put("input/mod.rs", "pub mod x;\n");
    put(
        "input/x.rs",
        "use crate::config::Cfg;\nuse super::super::vocab::a;\n",
    );
    let g = graph(dir.path());
    assert_eq!(upward(&g), vec!["vocab/c → config".to_string()]);
    assert_eq!(
        cycles(&g),
        vec![vec!["vocab/a".to_string(), "vocab/c".to_string()]]
    );
}
