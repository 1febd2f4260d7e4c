//! Display order (SPEC §9.4), one comparator for every renderer: codes (big grids, buildings)
//! in natural order — runs of digits compare as numbers, so `第2网格` comes before `第10网格`;
//! communities in the order of config `community_order` (names not listed follow), otherwise
//! by the pinyin of the name, code-point order breaking ties. summary.json keeps SPEC §7's
//! order; only what people read is reordered.

use std::cmp::Ordering;
use std::collections::HashMap;

use pinyin::ToPinyin;

use crate::config::Config;

/// Natural order of two codes: runs of ASCII digits compare by their value (`2` < `10`),
/// everything else by code point; equal values with more leading zeros come after
/// (`2` < `02`), and the plain code-point order breaks what is left, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, rest_x) = split_digits(x);
                let (n, rest_y) = split_digits(y);
                let ord = digits_cmp(m, n);
                if ord != Ordering::Equal {
                    return ord;
                }
                x = rest_x;
                y = rest_y;
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x = &x[c.len_utf8()..];
                y = &y[d.len_utf8()..];
            }
        }
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Two runs of digits by value (any length, no overflow), then fewer leading zeros first.
fn digits_cmp(a: &str, b: &str) -> Ordering {
    let (ta, tb) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    ta.len()
        .cmp(&tb.len())
        .then_with(|| ta.cmp(tb))
        .then_with(|| a.len().cmp(&b.len()))
}

/// The pinyin key of a name: each Chinese character as its toneless pinyin followed by a
/// space (so `xi` sorts before `xian`), other characters lower-cased as they are.
pub fn pinyin_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                out.push_str(p.plain());
                out.push(' ');
            }
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// How communities are ordered on the pages and in the workbooks.
pub struct CommunityOrder {
    /// Name → position in `community_order`.
    listed: HashMap<String, usize>,
}

impl CommunityOrder {
    pub fn new(cfg: &Config) -> CommunityOrder {
        let mut listed = HashMap::new();
        for (i, n) in cfg.community_order.iter().enumerate() {
            listed.entry(n.trim().to_string()).or_insert(i);
        }
        CommunityOrder { listed }
    }

    /// Listed names in their order, then the rest by pinyin, then by code point.
    pub fn cmp(&self, a: &str, b: &str) -> Ordering {
        let pos = |n: &str| self.listed.get(n).copied().unwrap_or(usize::MAX);
        pos(a)
            .cmp(&pos(b))
            .then_with(|| natural_cmp(&pinyin_key(a), &pinyin_key(b)))
            .then_with(|| a.cmp(b))
    }

    /// The indices of `names` in display order (stable for equal names).
    pub fn sorted_indices<S: AsRef<str>>(&self, names: &[S]) -> Vec<usize> {
        let keys: Vec<(usize, String)> = names
            .iter()
            .map(|n| {
                let n = n.as_ref();
                (
                    self.listed.get(n).copied().unwrap_or(usize::MAX),
                    pinyin_key(n),
                )
            })
            .collect();
        let mut idx: Vec<usize> = (0..names.len()).collect();
        idx.sort_by(|&i, &j| {
            keys[i]
                .0
                .cmp(&keys[j].0)
                .then_with(|| natural_cmp(&keys[i].1, &keys[j].1))
                .then_with(|| names[i].as_ref().cmp(names[j].as_ref()))
        });
        idx
    }

    /// The rank of every name of `names` (display position), by name.
    pub fn ranks<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, usize> {
        let names: Vec<&str> = names.into_iter().collect();
        self.sorted_indices(&names)
            .into_iter()
            .enumerate()
            .map(|(rank, i)| (names[i], rank))
            .collect()
    }
}

/// Sort items that belong to a community and carry a code: communities in display order
/// (by `rank`; unknown names last), codes in natural order within a community.
pub fn by_community_then_code<T>(
    items: &mut [T],
    rank: &HashMap<&str, usize>,
    key: impl Fn(&T) -> (&str, &str),
) {
    items.sort_by(|a, b| {
        let (ca, ga) = key(a);
        let (cb, gb) = key(b);
        let ra = rank.get(ca).copied().unwrap_or(usize::MAX);
        let rb = rank.get(cb).copied().unwrap_or(usize::MAX);
        ra.cmp(&rb)
            .then_with(|| ca.cmp(cb))
            .then_with(|| natural_cmp(ga, gb))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_natural_order() {
        let cases: &[(&str, &str, Ordering)] = &[
            ("2", "10", Ordering::Less),
            ("第2网格", "第10网格", Ordering::Less),
            ("第10网格", "第2网格", Ordering::Greater),
            ("网格01", "网格02", Ordering::Less),
            ("2", "02", Ordering::Less),
            ("02", "2", Ordering::Greater),
            ("1座", "1座", Ordering::Equal),
            ("A2", "A10", Ordering::Less),
            ("A", "A1", Ordering::Less),
            ("B1", "A2", Ordering::Greater),
            ("", "1", Ordering::Less),
            (
                "99999999999999999999999",
                "100000000000000000000000",
                Ordering::Less,
            ),
            ("3栋2单元", "3栋10单元", Ordering::Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(natural_cmp(a, b), *want, "{a} vs {b}");
        }
        let mut v = vec!["第10网格", "第2网格", "第1网格", "第11网格", "其他"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["其他", "第1网格", "第2网格", "第10网格", "第11网格"]);
    }

    #[test]
    fn communities_by_pinyin_then_config() {
        let names = [
            "中心社区",
            "城西社区",
            "贤洲社区",
            "西甲社区",
            "城北社区",
            "象山社区",
            "Alpha",
        ];
        let cfg = Config::default();
        let order = CommunityOrder::new(&cfg);
        let sorted: Vec<&str> = order
            .sorted_indices(&names)
            .into_iter()
            .map(|i| names[i])
            .collect();
        assert_eq!(
            sorted,
            [
                "Alpha",
                "城北社区",
                "城西社区",
                "西甲社区",
                "贤洲社区",
                "象山社区",
                "中心社区"
            ]
        );
        let cfg = Config {
            community_order: vec!["象山社区".into(), "没有这个社区".into(), "城西社区".into()],
            ..Config::default()
        };
        let order = CommunityOrder::new(&cfg);
        let sorted: Vec<&str> = order
            .sorted_indices(&names)
            .into_iter()
            .map(|i| names[i])
            .collect();
        assert_eq!(
            sorted,
            [
                "象山社区",
                "城西社区",
                "Alpha",
                "城北社区",
                "西甲社区",
                "贤洲社区",
                "中心社区"
            ]
        );
        assert_eq!(order.cmp("象山社区", "Alpha"), Ordering::Less);
        let ranks = order.ranks(names.iter().copied());
        assert_eq!(ranks["城西社区"], 1);
    }

    #[test]
    fn same_pinyin_breaks_ties_by_code_point() {
        let order = CommunityOrder::new(&Config::default());
        // 惠 and 会 are both "hui".
        assert_eq!(pinyin_key("惠"), pinyin_key("会"));
        assert_eq!(order.cmp("会", "惠"), "会".cmp("惠"));
        assert_eq!(pinyin_key("第2社区"), "di 2she qu ");
        assert_eq!(order.cmp("第2社区", "第10社区"), Ordering::Less);
    }

    #[test]
    fn grids_by_community_then_natural_code() {
        let order = CommunityOrder::new(&Config::default());
        let rank = order.ranks(["中心社区", "城东社区"]);
        let mut v = vec![
            ("中心社区", "2"),
            ("城东社区", "10"),
            ("城东社区", "9"),
            ("中心社区", "1"),
        ];
        by_community_then_code(&mut v, &rank, |x| (x.0, x.1));
        assert_eq!(
            v,
            [
                ("城东社区", "9"),
                ("城东社区", "10"),
                ("中心社区", "1"),
                ("中心社区", "2")
            ]
        );
    }
}
