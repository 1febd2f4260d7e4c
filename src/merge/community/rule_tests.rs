//! SPEC §4 community: which rows are one community (the key), its display name (the most
//! frequent spelling, ties to the smallest), `community_merged`, and which communities exist.

use super::*;
use crate::model::record::Record;
use crate::model::test_records::{household, staff};
use crate::model::values::Role;

fn h(spelling: &str) -> Record {
    household(spelling, "1", "A1", "H1", 3)
}

fn resolved(rows: &[Record], cfg: &Config) -> (Communities, Vec<Issue>) {
    let mut issues = Vec::new();
    let c = resolve(&Rows::from(rows), cfg, Lang::En, &mut issues);
    (c, issues)
}

#[test]
fn display_names_are_the_most_frequent_spelling_ties_to_the_smallest() {
    // (spellings of the rows, the key, the display name)
    #[rustfmt::skip]
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["城东社区"], "城东", "城东社区"),
        (vec!["城东社区", "城东", "城东"], "城东", "城东"),
        (vec!["城东社区", "城东社区居委会", "城东社区居民委员会", "城东社区居委会"], "城东", "城东社区居委会"),
        // A tie: the smallest in code-point order ("城东" < "城东居委会" < "城东社区": 居 U+5C45
        // comes before 社 U+793E), whichever comes first.
        (vec!["城东社区", "城东"], "城东", "城东"),
        (vec!["城东社区", "城东居委会"], "城东", "城东居委会"),
        (vec!["城东居委会", "城东社区", "城东社区", "城东居委会"], "城东", "城东居委会"),
        // Spellings with white space are one key; the name is the spelling as text.
        (vec!["城东 社区", "城东 社区", "城东社区"], "城东", "城东 社区"),
        // A suffix alone is kept.
        (vec!["社区"], "社区", "社区"),
    ];
    for (spellings, key, name) in cases {
        let rows: Vec<Record> = spellings.iter().map(|s| h(s)).collect();
        let (c, _) = resolved(&rows, &Config::default());
        assert_eq!(c.names.len(), 1, "{spellings:?}");
        assert_eq!(c.name(key), Some(name), "{spellings:?}");
        assert!(c.existing.contains(key));
    }
}

#[test]
fn excluded_and_duplicate_rows_count_in_the_name_but_do_not_make_a_community() {
    let rows = vec![
        h("城东"),
        h("城东社区").excluded(),
        h("城东社区").excluded(),
        // A duplicate row (same household) still counts its spelling.
        h("城东居委会"),
        h("城东居委会"),
        h("城东居委会"),
        // Only excluded rows: named, but no community.
        h("城西社区").excluded(),
        // No community cell: nothing.
        h(""),
    ];
    let (c, issues) = resolved(&rows, &Config::default());
    assert_eq!(c.name("城东"), Some("城东居委会"));
    assert_eq!(c.name("城西"), Some("城西社区"));
    assert_eq!(c.existing.iter().collect::<Vec<_>>(), ["城东"]);
    assert_eq!(
        c.spellings["城东"],
        ["城东", "城东居委会", "城东社区"].map(String::from)
    );
    // One community_merged per community with several spellings, with each one's rows.
    assert_eq!(issues.len(), 1);
    let i = &issues[0];
    assert_eq!(i.rule, Rule::CommunityMerged);
    assert_eq!(i.severity, crate::vocab::issue::Severity::Info);
    assert_eq!((i.file.as_deref(), i.cell.as_deref()), (None, None));
    assert_eq!(i.community.as_deref(), Some("城东居委会"));
    assert_eq!(
        i.message,
        "several spellings merged into community '城东居委会': '城东' (1 rows), '城东居委会' (3 rows), '城东社区' (2 rows)"
    );
}

#[test]
fn a_configured_name_wins() {
    // The parser gives rows of a configured spelling the key of the name.
    let mut spelled = staff("城东居", "赵一", Role::Worker);
    spelled.community = Some("城东".into());
    let rows = vec![spelled.clone(), spelled, h("城东")];
    let cfg = Config {
        communities: [("城东居".to_string(), "城东社区".to_string())].into(),
        ..Config::default()
    };
    let (c, issues) = resolved(&rows, &cfg);
    assert_eq!(c.name("城东"), Some("城东社区"));
    assert_eq!(issues.len(), 1);
    assert!(issues[0].message.contains("into community '城东社区'"));
    // Without the config, the most frequent spelling.
    let (c, _) = resolved(&rows, &Config::default());
    assert_eq!(c.name("城东"), Some("城东居"));
    // Two configured names of one key: the smallest.
    let cfg = Config {
        communities: [
            ("东".to_string(), "城东社区".to_string()),
            ("城东居".to_string(), "城东".to_string()),
        ]
        .into(),
        ..Config::default()
    };
    let (c, _) = resolved(&rows, &cfg);
    assert_eq!(c.name("城东"), Some("城东"));
}

#[test]
fn the_message_is_in_the_language_of_the_run() {
    let rows = [h("城东"), h("城东社区")];
    let mut issues = Vec::new();
    resolve(
        &Rows::from(&rows[..]),
        &Config::default(),
        Lang::Zh,
        &mut issues,
    );
    assert_eq!(
        issues[0].message,
        "社区的几种写法合并为“城东”：“城东”（1 行）、“城东社区”（1 行）"
    );
}
