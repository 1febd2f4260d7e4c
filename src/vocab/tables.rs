//! Table kinds, their fields and the built-in header aliases (SPEC §3).

use serde::{Deserialize, Serialize};

/// Header texts (normalized as in SPEC §2) of known non-data columns: dropped silently, never
/// listed in `column_ignored` (SPEC §9.2).
pub const NON_DATA_HEADERS: [&str; 5] = ["序号", "no", "no.", "备注", "说明"];

/// Is this normalized header text a known non-data column (SPEC §9.2)?
pub fn is_non_data(normalized: &str) -> bool {
    NON_DATA_HEADERS.contains(&normalized)
}

/// Table kinds in the tie order of SPEC §2: households, isolation, staff, daily, grids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Households,
    Isolation,
    Staff,
    Daily,
    Grids,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Households,
        TableKind::Isolation,
        TableKind::Staff,
        TableKind::Daily,
        TableKind::Grids,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Households => "households",
            TableKind::Isolation => "isolation",
            TableKind::Staff => "staff",
            TableKind::Daily => "daily",
            TableKind::Grids => "grids",
        }
    }

    /// What the kind is called where people read it (sheet names of the templates too).
    pub fn label(self, lang: crate::vocab::lang::Lang) -> &'static str {
        match self {
            TableKind::Households => lang.pick("住户台账", "households"),
            TableKind::Isolation => lang.pick("居家隔离", "isolation"),
            TableKind::Staff => lang.pick("工作人员", "staff"),
            TableKind::Daily => lang.pick("日报告", "daily reports"),
            TableKind::Grids => lang.pick("网格划分", "grids"),
        }
    }

    pub fn parse(s: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The fields of the kind, with whether each is required.
    pub fn fields(self) -> &'static [(Field, bool)] {
        use Field::*;
        match self {
            TableKind::Households => &[
                (Community, true),
                (BigGrid, true),
                (Building, true),
                (HouseholdId, true),
                (Members, true),
                (HeadName, false),
                (IdNumber, false),
                (Phone, false),
                (Address, false),
                (Compound, false),
                (ScreenedOn, false),
            ],
            TableKind::Isolation => &[
                (Community, true),
                (Name, true),
                (Start, true),
                (End, false),
                (BigGrid, false),
                (Building, false),
                (HouseholdId, false),
                (IdNumber, false),
                (Phone, false),
            ],
            TableKind::Staff => &[
                (Community, true),
                (Name, true),
                (Role, true),
                (Gender, false),
                (BirthDate, false),
                (Age, false),
                (BigGrid, false),
                (Building, false),
                (IdNumber, false),
                (Phone, false),
            ],
            TableKind::Daily => &[
                (ReportDate, true),
                (Community, true),
                (BigGrid, true),
                (HouseholdsVisited, false),
                (NewArrivals, false),
                (UnderIsolation, false),
                (Fever, false),
                (SubmittedAt, false),
            ],
            TableKind::Grids => &[(Community, true), (BigGrid, true), (Building, true)],
        }
    }

    pub fn has_field(self, f: Field) -> bool {
        self.fields().iter().any(|(g, _)| *g == f)
    }

    /// The built-in aliases of a field in this kind (SPEC §3).
    pub fn aliases(self, f: Field) -> &'static [&'static str] {
        match (self, f) {
            (TableKind::Staff, Field::Name) => &["姓名", "name"],
            _ => f.aliases(),
        }
    }

    pub fn is_required(self, f: Field) -> bool {
        self.fields().iter().any(|(g, r)| *g == f && *r)
    }
}

/// The value types of SPEC §3, each read by its rule in §4 (`model::values`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Community,
    Code,
    /// A whole number 1–99.
    Count,
    /// A whole number ≥ 0.
    Count0,
    Text,
    Id,
    Phone,
    Compound,
    Date,
    DateTime,
    Role,
    Gender,
}

impl ValueType {
    /// What values of the type are, in words (for the manual): (Chinese, English).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            ValueType::Community => ("社区名称", "community name"),
            ValueType::Code => ("编号", "code"),
            ValueType::Count => ("1–99 的整数", "whole number 1–99"),
            ValueType::Count0 => ("0 或正整数", "whole number ≥ 0"),
            ValueType::Text => ("文字", "text"),
            ValueType::Id => ("身份证号", "id number"),
            ValueType::Phone => ("电话号码", "phone number"),
            ValueType::Compound => ("小区类型", "compound type"),
            ValueType::Date => ("日期", "date"),
            ValueType::DateTime => ("日期时间或时间", "date-time or time"),
            ValueType::Role => ("身份", "role"),
            ValueType::Gender => ("性别", "gender"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Community,
    BigGrid,
    Building,
    HouseholdId,
    Members,
    HeadName,
    IdNumber,
    Phone,
    Address,
    Compound,
    ScreenedOn,
    Name,
    Start,
    End,
    Role,
    Gender,
    BirthDate,
    Age,
    ReportDate,
    HouseholdsVisited,
    NewArrivals,
    UnderIsolation,
    Fever,
    SubmittedAt,
}

impl Field {
    pub const ALL: [Field; 24] = [
        Field::Community,
        Field::BigGrid,
        Field::Building,
        Field::HouseholdId,
        Field::Members,
        Field::HeadName,
        Field::IdNumber,
        Field::Phone,
        Field::Address,
        Field::Compound,
        Field::ScreenedOn,
        Field::Name,
        Field::Start,
        Field::End,
        Field::Role,
        Field::Gender,
        Field::BirthDate,
        Field::Age,
        Field::ReportDate,
        Field::HouseholdsVisited,
        Field::NewArrivals,
        Field::UnderIsolation,
        Field::Fever,
        Field::SubmittedAt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Community => "community",
            Field::BigGrid => "big_grid",
            Field::Building => "building",
            Field::HouseholdId => "household_id",
            Field::Members => "members",
            Field::HeadName => "head_name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Compound => "compound",
            Field::ScreenedOn => "screened_on",
            Field::Name => "name",
            Field::Start => "start",
            Field::End => "end",
            Field::Role => "role",
            Field::Gender => "gender",
            Field::BirthDate => "birth_date",
            Field::Age => "age",
            Field::ReportDate => "report_date",
            Field::HouseholdsVisited => "households_visited",
            Field::NewArrivals => "new_arrivals",
            Field::UnderIsolation => "under_isolation",
            Field::Fever => "fever",
            Field::SubmittedAt => "submitted_at",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// A label for messages: the usual Chinese header, or the English field name.
    pub fn label(self, lang: crate::vocab::lang::Lang) -> &'static str {
        let zh = match self {
            Field::Community => "社区",
            Field::BigGrid => "大网格",
            Field::Building => "楼栋",
            Field::HouseholdId => "户号",
            Field::Members => "人数",
            Field::HeadName => "户主姓名",
            Field::IdNumber => "身份证号",
            Field::Phone => "联系电话",
            Field::Address => "住址",
            Field::Compound => "小区类型",
            Field::ScreenedOn => "排查日期",
            Field::Name => "姓名",
            Field::Start => "隔离开始日期",
            Field::End => "解除隔离日期",
            Field::Role => "身份",
            Field::Gender => "性别",
            Field::BirthDate => "出生日期",
            Field::Age => "年龄",
            Field::ReportDate => "报告日期",
            Field::HouseholdsVisited => "走访户数",
            Field::NewArrivals => "新增返回人员",
            Field::UnderIsolation => "居家隔离人数",
            Field::Fever => "发热人数",
            Field::SubmittedAt => "上报时间",
        };
        lang.pick(zh, self.as_str())
    }

    /// The type of the field's values (SPEC §3 "type", the rules of §4).
    pub fn value_type(self) -> ValueType {
        use ValueType as T;
        match self {
            Field::Community => T::Community,
            Field::BigGrid | Field::Building | Field::HouseholdId => T::Code,
            Field::Members | Field::Age => T::Count,
            Field::HouseholdsVisited
            | Field::NewArrivals
            | Field::UnderIsolation
            | Field::Fever => T::Count0,
            Field::HeadName | Field::Name | Field::Address => T::Text,
            Field::IdNumber => T::Id,
            Field::Phone => T::Phone,
            Field::Compound => T::Compound,
            Field::ScreenedOn
            | Field::Start
            | Field::End
            | Field::BirthDate
            | Field::ReportDate => T::Date,
            Field::SubmittedAt => T::DateTime,
            Field::Role => T::Role,
            Field::Gender => T::Gender,
        }
    }

    /// Personal data: never shown in HTML, summary.json or messages.
    pub fn pii(self) -> Option<crate::vocab::issue::PiiKind> {
        use crate::vocab::issue::PiiKind;
        match self {
            Field::HeadName | Field::Name => Some(PiiKind::Name),
            Field::IdNumber => Some(PiiKind::IdNumber),
            Field::Phone => Some(PiiKind::Phone),
            Field::Address => Some(PiiKind::Address),
            _ => None,
        }
    }

    /// Built-in aliases (SPEC §3); use `TableKind::aliases`, which knows the staff `name`.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Community => &["社区", "所属社区", "社区名称", "居委会", "community"],
            Field::BigGrid => &[
                "大网格",
                "网格",
                "所属网格",
                "网格编号",
                "网格名称",
                "big_grid",
                "grid",
            ],
            Field::Building => &["小网格", "楼栋", "楼栋号", "楼号", "楼宇", "building"],
            Field::HouseholdId => &["户号", "户编号", "住户编号", "household_id"],
            Field::Members => &[
                "人数",
                "家庭人数",
                "户内人数",
                "在住人数",
                "常住人数",
                "人口数",
                "members",
            ],
            Field::HeadName => &["户主", "户主姓名", "姓名", "head_name"],
            Field::IdNumber => &[
                "身份证号",
                "身份证号码",
                "户主身份证号",
                "公民身份号码",
                "id_number",
            ],
            Field::Phone => &["联系电话", "电话", "手机", "手机号", "手机号码", "phone"],
            Field::Address => &["住址", "地址", "门牌号", "详细地址", "address"],
            Field::Compound => &["小区类型", "物业类型", "物业管理", "compound"],
            Field::ScreenedOn => &[
                "排查日期",
                "走访日期",
                "入户日期",
                "入户排查日期",
                "screened_on",
            ],
            Field::Name => &["姓名", "隔离人员", "隔离人员姓名", "name"],
            Field::Start => &[
                "隔离开始日期",
                "开始隔离日期",
                "隔离起始日期",
                "开始日期",
                "start",
            ],
            Field::End => &[
                "解除隔离日期",
                "隔离结束日期",
                "结束日期",
                "解除日期",
                "end",
            ],
            Field::Role => &[
                "身份",
                "类别",
                "人员类别",
                "人员类型",
                "职务",
                "岗位",
                "role",
            ],
            Field::Gender => &["性别", "gender", "sex"],
            Field::BirthDate => &["出生日期", "出生年月", "birth_date"],
            Field::Age => &["年龄", "age"],
            Field::ReportDate => &["日期", "报告日期", "填报日期", "report_date", "date"],
            Field::HouseholdsVisited => &["走访户数", "排查户数", "households_visited"],
            Field::NewArrivals => &["新增返回人员", "新增外来人员", "返回人数", "new_arrivals"],
            Field::UnderIsolation => &["居家隔离人数", "在隔人数", "under_isolation"],
            Field::Fever => &["发热人数", "fever"],
            Field::SubmittedAt => &["上报时间", "填报时间", "提交时间", "submitted_at"],
        }
    }
}
