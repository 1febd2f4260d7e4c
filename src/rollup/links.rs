//! Links from a roll-up's pages to the units' own reports, when a report folder was dropped
//! in whole (its `index.html` beside its `summary.json`): relative links from OUT to INPUT,
//! so that the pages open the reports from a shared folder or a copied disk as long as OUT and
//! INPUT keep their places beside each other. Without a way from OUT to INPUT (another
//! Windows drive), there are no links. The same command gives the same links (no clock, no
//! machine state beyond where the folders are).

use std::path::{Component, Path, PathBuf};

use crate::render::places::url_segment;

/// The way from OUT to INPUT.
pub struct Links {
    /// `../收件/` (percent-encoded), from OUT's top folder to INPUT's; `None` without a way.
    to_input: Option<String>,
}

impl Links {
    pub fn new(input: &Path, out: &Path) -> Links {
        Links {
            to_input: absolute(out)
                .zip(input.canonicalize().ok())
                .and_then(|(o, i)| relative(&o, &i)),
        }
    }

    /// A link from a page `root` (`""` or `"../"`) below OUT's top folder to `rel`, a path
    /// relative to INPUT (`甲街道/index.html`).
    pub fn to(&self, root: &str, rel: &str) -> Option<String> {
        let base = self.to_input.as_deref()?;
        let path: Vec<String> = rel.split('/').map(url_segment).collect();
        Some(format!("{root}{base}{}", path.join("/")))
    }
}

/// OUT as an absolute path, whether or not it exists yet (its parent does).
fn absolute(out: &Path) -> Option<PathBuf> {
    out.canonicalize().ok().or_else(|| {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(parent.canonicalize().ok()?.join(out.file_name()?))
    })
}

/// The way from folder `from` to folder `to` as URL segments ending in `/` (`""` for the same
/// folder); `None` when they share no root.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 || !matches!(a.first(), Some(Component::RootDir | Component::Prefix(_))) {
        return None;
    }
    let mut out = "../".repeat(a.len() - common);
    for c in &b[common..] {
        out.push_str(&url_segment(&c.as_os_str().to_string_lossy()));
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_between_folders() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(
            r("/w/区汇总", "/w/收件").as_deref(),
            Some("../%E6%94%B6%E4%BB%B6/")
        );
        assert_eq!(r("/w/out", "/w/out/in").as_deref(), Some("in/"));
        assert_eq!(r("/w/a/b", "/w").as_deref(), Some("../../"));
        assert_eq!(r("/w", "/w").as_deref(), Some(""));
        assert_eq!(r("rel/a", "rel/b"), None);
        let links = Links {
            to_input: Some("../in/".into()),
        };
        assert_eq!(
            links.to("../", "甲 街道/index.html").as_deref(),
            Some("../../in/%E7%94%B2%20%E8%A1%97%E9%81%93/index.html")
        );
        assert_eq!(Links { to_input: None }.to("", "a/index.html"), None);
    }
}
