//! Issues: every data problem, with its place (SPEC §5, §8).

use serde::Serialize;

use crate::vocab::cell::cell_ref;

pub use super::rules::{Rule, Severity};

/// One problem found in the input. Serializes to exactly the `issues.list` entry of SPEC §7.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub rule: Rule,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    /// 1-based row number.
    pub row: Option<u32>,
    /// The community's display name (filled in once display names are known).
    pub community: Option<String>,
    pub message: String,
    /// 0-based column index, for sorting and for the cell reference.
    #[serde(skip)]
    pub col: Option<u32>,
    /// The community key of the row, resolved to `community` at the end.
    #[serde(skip)]
    pub community_key: Option<String>,
    /// The cell's value as read, for the community workbooks (masked there when `pii`).
    /// Never written to HTML, summary.json or messages.
    #[serde(skip)]
    pub value: Option<String>,
    /// What kind of personal data `value` is, if any.
    #[serde(skip)]
    pub pii: Option<PiiKind>,
    /// What makes this issue the same issue in the next build (`history::identity`): for
    /// an issue of a data row, its table kind, field and the row's non-PII key; for a
    /// community-level issue, what it is about (a big grid's code). Never PII; never in
    /// summary.json.
    #[serde(skip)]
    pub key: Option<String>,
}

/// The PII field kinds, for masking values in the community workbooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PiiKind {
    Name,
    IdNumber,
    Phone,
    Address,
}

impl Issue {
    /// An issue of a rule with its default severity and no place yet.
    pub fn new(rule: Rule, message: impl Into<String>) -> Issue {
        Issue {
            severity: rule.severity(),
            rule,
            file: None,
            sheet: None,
            cell: None,
            row: None,
            community: None,
            message: message.into(),
            col: None,
            community_key: None,
            value: None,
            pii: None,
            key: None,
        }
    }

    pub fn severity(mut self, s: Severity) -> Issue {
        self.severity = s;
        self
    }

    pub fn file(mut self, file: &str) -> Issue {
        self.file = Some(file.to_string());
        self
    }

    pub fn sheet(mut self, sheet: &str) -> Issue {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// Place the issue at a 1-based row and 0-based column.
    pub fn at(mut self, row: u32, col: u32) -> Issue {
        self.row = Some(row);
        self.col = Some(col);
        self.cell = Some(cell_ref(row, col));
        self
    }

    pub fn community_key(mut self, key: Option<&str>) -> Issue {
        self.community_key = key.map(str::to_string);
        self
    }

    pub fn community(mut self, name: &str) -> Issue {
        self.community = Some(name.to_string());
        self
    }

    /// What the issue is about, for its identity across builds (never PII).
    pub fn key(mut self, key: impl Into<String>) -> Issue {
        self.key = Some(key.into());
        self
    }

    pub fn value(mut self, value: Option<String>, pii: Option<PiiKind>) -> Issue {
        self.value = value;
        self.pii = pii;
        self
    }
}

/// Sort order of `issues.list` (SPEC §7): file, sheet, row, column index, rule, with `null`
/// first and strings in code-point order, then community and message.
pub fn sort_issues(issues: &mut [Issue]) {
    issues.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then_with(|| a.sheet.cmp(&b.sheet))
            .then_with(|| a.row.cmp(&b.row))
            .then_with(|| a.col.cmp(&b.col))
            .then_with(|| a.rule.as_str().cmp(b.rule.as_str()))
            .then_with(|| a.community.cmp(&b.community))
            .then_with(|| a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_puts_null_first() {
        let a = Issue::new(Rule::CommunityMerged, "m").community("b");
        let b = Issue::new(Rule::PhoneInvalid, "p")
            .file("x.xlsx")
            .sheet("S")
            .at(7, 2);
        let c = Issue::new(Rule::IdNumberInvalid, "i")
            .file("x.xlsx")
            .sheet("S")
            .at(7, 1);
        let mut v = vec![b.clone(), c.clone(), a.clone()];
        sort_issues(&mut v);
        assert_eq!(v, vec![a, c, b]);
    }

    #[test]
    fn serializes_to_spec_shape() {
        let i = Issue::new(Rule::PhoneInvalid, "msg")
            .file("f.xlsx")
            .sheet("S")
            .at(7, 2)
            .value(Some("123".into()), Some(PiiKind::Phone));
        let v = serde_json::to_value(&i).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"severity":"warning","rule":"phone_invalid","file":"f.xlsx","sheet":"S","cell":"C7","row":7,"community":null,"message":"msg"})
        );
    }
}
