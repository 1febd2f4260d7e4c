//! Issues: every data problem, with its place (SPEC §5, §8).

use serde::Serialize;

use crate::vocab::cell::cell_ref;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The rule ids of SPEC §8, exactly; an implementation adds none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    FileUnreadable,
    FileSkipped,
    SheetUnrecognized,
    ColumnIgnored,
    ColumnDuplicate,
    FooterSkipped,
    RequiredMissing,
    ValueInvalid,
    IdNumberInvalid,
    IdNumberAsNumber,
    PhoneInvalid,
    RoleUnknown,
    GenderMismatch,
    BirthDateMismatch,
    DateInFuture,
    DuplicateRow,
    DailyDuplicate,
    HouseholdConflict,
    StaffConflict,
    CommunityMerged,
    CommunityWithoutHouseholds,
    NotInGridTable,
    UnknownGrid,
    BuildingMultipleGrids,
    BigGridSize,
    IsolationShort,
    IsolationOverdue,
    // SPEC §9
    FileDuplicate,
    TableIncomplete,
    DateOutOfRange,
    ConfigUnknownCommunity,
}

impl Rule {
    pub const ALL: [Rule; 31] = [
        Rule::FileUnreadable,
        Rule::FileSkipped,
        Rule::SheetUnrecognized,
        Rule::ColumnIgnored,
        Rule::ColumnDuplicate,
        Rule::FooterSkipped,
        Rule::RequiredMissing,
        Rule::ValueInvalid,
        Rule::IdNumberInvalid,
        Rule::IdNumberAsNumber,
        Rule::PhoneInvalid,
        Rule::RoleUnknown,
        Rule::GenderMismatch,
        Rule::BirthDateMismatch,
        Rule::DateInFuture,
        Rule::DuplicateRow,
        Rule::DailyDuplicate,
        Rule::HouseholdConflict,
        Rule::StaffConflict,
        Rule::CommunityMerged,
        Rule::CommunityWithoutHouseholds,
        Rule::NotInGridTable,
        Rule::UnknownGrid,
        Rule::BuildingMultipleGrids,
        Rule::BigGridSize,
        Rule::IsolationShort,
        Rule::IsolationOverdue,
        Rule::FileDuplicate,
        Rule::TableIncomplete,
        Rule::DateOutOfRange,
        Rule::ConfigUnknownCommunity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FileUnreadable => "file_unreadable",
            Rule::FileSkipped => "file_skipped",
            Rule::SheetUnrecognized => "sheet_unrecognized",
            Rule::ColumnIgnored => "column_ignored",
            Rule::ColumnDuplicate => "column_duplicate",
            Rule::FooterSkipped => "footer_skipped",
            Rule::RequiredMissing => "required_missing",
            Rule::ValueInvalid => "value_invalid",
            Rule::IdNumberInvalid => "id_number_invalid",
            Rule::IdNumberAsNumber => "id_number_as_number",
            Rule::PhoneInvalid => "phone_invalid",
            Rule::RoleUnknown => "role_unknown",
            Rule::GenderMismatch => "gender_mismatch",
            Rule::BirthDateMismatch => "birth_date_mismatch",
            Rule::DateInFuture => "date_in_future",
            Rule::DuplicateRow => "duplicate_row",
            Rule::DailyDuplicate => "daily_duplicate",
            Rule::HouseholdConflict => "household_conflict",
            Rule::StaffConflict => "staff_conflict",
            Rule::CommunityMerged => "community_merged",
            Rule::CommunityWithoutHouseholds => "community_without_households",
            Rule::NotInGridTable => "not_in_grid_table",
            Rule::UnknownGrid => "unknown_grid",
            Rule::BuildingMultipleGrids => "building_multiple_grids",
            Rule::BigGridSize => "big_grid_size",
            Rule::IsolationShort => "isolation_short",
            Rule::IsolationOverdue => "isolation_overdue",
            Rule::FileDuplicate => "file_duplicate",
            Rule::TableIncomplete => "table_incomplete",
            Rule::DateOutOfRange => "date_out_of_range",
            Rule::ConfigUnknownCommunity => "config_unknown_community",
        }
    }

    /// The fixed severity of the rule; `value_invalid` and `date_out_of_range` depend on the
    /// field and are given explicitly where they are raised.
    pub fn severity(self) -> Severity {
        match self {
            Rule::FileUnreadable | Rule::RequiredMissing | Rule::ValueInvalid => Severity::Error,
            Rule::FileSkipped
            | Rule::FileDuplicate
            | Rule::SheetUnrecognized
            | Rule::ColumnIgnored
            | Rule::FooterSkipped
            | Rule::DuplicateRow
            | Rule::DailyDuplicate
            | Rule::CommunityMerged => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

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
    fn rule_ids_are_the_spec_ones() {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(ids.len(), 31);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 31);
        assert_eq!(Rule::FileDuplicate.severity(), Severity::Info);
        assert_eq!(Rule::TableIncomplete.severity(), Severity::Warning);
        assert_eq!(Rule::ConfigUnknownCommunity.severity(), Severity::Warning);
        assert_eq!(Rule::ValueInvalid.severity(), Severity::Error);
        assert_eq!(Rule::DuplicateRow.severity(), Severity::Info);
        assert_eq!(Rule::BigGridSize.severity(), Severity::Warning);
    }

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
