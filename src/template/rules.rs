//! The words of the templates, from the rules of SPEC §3–§5 as the code holds them: what a
//! column takes (the input message of its cells and the 填表说明 line), an example, what
//! the report says when it is broken, and the error a refused value gets. Chinese and
//! English (`--lang`); the vocabularies, ranges and lengths come from `model::values`,
//! `model::idcard` and the date window, never written here.

use chrono::NaiveDate;

use super::columns::{canonical, Column};
use super::communities::Community;
use super::Plan;
use crate::check::window::earliest_birth;
use crate::model::idcard::{ID_LEN, LEGACY_ID_LEN};
use crate::model::values::{COMPOUNDS, COUNT_RANGE, GENDERS, ROLES};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind, ValueType};

/// The list a role cell offers: the first spelling of every role group.
pub fn role_choices() -> Vec<&'static str> {
    ROLES
        .iter()
        .filter_map(|(_, names)| names.first().copied())
        .collect()
}

/// The list a gender cell offers.
pub fn gender_choices() -> Vec<&'static str> {
    GENDERS
        .iter()
        .filter_map(|(_, names)| names.first().copied())
        .collect()
}

/// The list a compound cell offers (any other text is read as "other").
pub fn compound_choices() -> Vec<&'static str> {
    COMPOUNDS
        .iter()
        .filter_map(|(_, names)| names.first().copied())
        .collect()
}

/// Do rows of this kind define the community's structure (SPEC §5: grids and households
/// rows), so that a new code is allowed after a warning, rather than refused?
pub fn defines_structure(kind: TableKind) -> bool {
    matches!(kind, TableKind::Grids | TableKind::Households)
}

/// The dates a date field accepts: the window of SPEC §9.3, and for a birth date 1900-01-01
/// to the templates' day.
pub fn date_range(plan: &Plan, field: Field) -> (NaiveDate, NaiveDate) {
    if field == Field::BirthDate {
        (earliest_birth(), plan.day)
    } else {
        (plan.window.from, plan.window.to)
    }
}

fn sep(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
}

/// The codes a code column offers, when the community has some.
pub fn codes(field: Field, community: Option<&Community>) -> &[String] {
    match (field, community) {
        (Field::BigGrid, Some(c)) => &c.big_grids,
        (Field::Building, Some(c)) => &c.buildings,
        _ => &[],
    }
}

/// What a column takes, in a sentence or two: the input message of its cells and the rule
/// in 填表说明.
pub fn rule(kind: TableKind, col: &Column, plan: &Plan, community: Option<&Community>) -> String {
    let lang = plan.lang;
    let f = col.field;
    let label = canonical(kind, f);
    let zh = lang == Lang::Zh;
    let body = match f.value_type() {
        ValueType::Community => match community {
            Some(c) if zh => format!("本社区“{}”：从下拉列表中选择（本模板只收本社区的数据）。", c.name),
            Some(c) => format!(
                "This community, “{}”: pick it from the list (the template is for it only).",
                c.name
            ),
            None => lang
                .pick(
                    "社区全称，如“城东社区”；每行写法一致。",
                    "The community's full name, such as 城东社区, spelled the same on every row.",
                )
                .to_string(),
        },
        ValueType::Code if f == Field::HouseholdId => lang
            .pick(
                "户号：每户一个、本社区内不重复的编号，如“0101001”。",
                "Household number: one per household, unique within the community, such as 0101001.",
            )
            .to_string(),
        ValueType::Code => {
            let what = if f == Field::BigGrid {
                lang.pick("大网格编号", "Big grid code")
            } else {
                lang.pick("楼栋（小网格）编号", "Building (small grid) code")
            };
            let n = codes(f, community).len();
            match (n, zh, defines_structure(kind)) {
                (0, true, _) => format!("{what}，如“{}”；与网格划分表的写法一致。", example(f, plan, community)),
                (0, false, _) => format!("{what}, such as {}, written as in the grid table.", example(f, plan, community)),
                (n, true, true) => format!("{what}：从下拉列表中选择本社区现有的 {n} 个编号之一；新划的可以直接填写（会提示确认）。"),
                (n, true, false) => format!("{what}：从下拉列表中选择本社区现有的 {n} 个编号之一；列表以外的编号不能填。"),
                (n, false, true) => format!("{what}: pick one of the community's {n} codes from the list; a new one may be typed (you are asked to confirm)."),
                (n, false, false) => format!("{what}: pick one of the community's {n} codes from the list; other codes are refused."),
            }
        }
        ValueType::Count => {
            let (min, max) = (COUNT_RANGE.start(), COUNT_RANGE.end());
            match lang {
                Lang::Zh => format!("{label}：{min}–{max} 的整数。"),
                Lang::En => format!("{label} ({}): a whole number {min}–{max}.", f.as_str()),
            }
        }
        ValueType::Count0 => match lang {
            Lang::Zh => format!("{label}：0 或正整数，没有就填 0。"),
            Lang::En => format!(
                "{label} ({}): a whole number, 0 or more (0 when there is none).",
                f.as_str()
            ),
        },
        ValueType::Text if f == Field::Address => lang
            .pick("住址：如“XX路1号301房”。", "Address, such as XX路1号301房.")
            .to_string(),
        ValueType::Text => match lang {
            Lang::Zh => format!("{label}：照实填写。"),
            Lang::En => format!("{label} ({}): as it is.", f.as_str()),
        },
        ValueType::Id => match lang {
            Lang::Zh => format!(
                "{ID_LEN} 位身份证号（老证 {LEGACY_ID_LEN} 位），末位可以是 X。本列是文本格式，直接输入即可，末尾数字不会丢失。"
            ),
            Lang::En => format!(
                "The {ID_LEN}-character id number ({LEGACY_ID_LEN} digits on an old card); the last may be X. The column is text: type it as it is, no digit is lost."
            ),
        },
        ValueType::Phone => lang
            .pick(
                "11 位手机号，或带区号的固定电话，如 0750-1234567。本列是文本格式。",
                "An 11-digit mobile number, or a landline with its area code such as 0750-1234567. The column is text.",
            )
            .to_string(),
        ValueType::Compound => {
            let list = compound_choices().join(sep(lang));
            match lang {
                Lang::Zh => format!("小区类型：{list}；其他类型照实填写（统计为“其他”）。"),
                Lang::En => format!(
                    "Compound type: {list} (gated, no management); another type as it is (counted as other)."
                ),
            }
        }
        ValueType::Date => {
            let (from, to) = date_range(plan, f);
            let e = example(f, plan, community);
            match lang {
                Lang::Zh => format!("{label}：日期，如 {e}（也可写 2020/2/1），须在 {from} 至 {to} 之间。"),
                Lang::En => format!(
                    "{label} ({}): a date such as {e} (2020/2/1 works too), from {from} to {to}.",
                    f.as_str()
                ),
            }
        }
        ValueType::DateTime => lang
            .pick(
                "上报时间：当天上报写时间，如 18:30；隔天补报写日期和时间，如 2020-02-02 09:15。",
                "Time sent: the time, such as 18:30, when sent on the report's day; date and time, such as 2020-02-02 09:15, when sent later.",
            )
            .to_string(),
        ValueType::Role => {
            let list = role_choices().join(sep(lang));
            match lang {
                Lang::Zh => format!("身份：从下拉列表中选择（{list}）。"),
                Lang::En => format!("Role: pick one from the list ({list})."),
            }
        }
        ValueType::Gender => lang
            .pick("性别：男 或 女。", "Gender: 男 (male) or 女 (female).")
            .to_string(),
    };
    if col.required {
        format!("{}{body}", lang.pick("必填。", "Required. "))
    } else {
        body
    }
}

/// More for 填表说明 than a cell's message holds: the spellings each role choice stands for.
pub fn more(field: Field, lang: Lang) -> Option<String> {
    if field != Field::Role {
        return None;
    }
    let groups: Vec<String> = ROLES
        .iter()
        .filter_map(|(_, names)| {
            let (first, rest) = names.split_first()?;
            let rest: Vec<&str> = rest.iter().copied().filter(|n| !n.is_ascii()).collect();
            Some(if rest.is_empty() {
                first.to_string()
            } else {
                format!("{first}（{}）", rest.join(sep(lang)))
            })
        })
        .collect();
    Some(match lang {
        Lang::Zh => format!("各项包括：{}。", groups.join("；")),
        Lang::En => format!("Each choice covers: {}.", groups.join("; ")),
    })
}

/// An example value of a field.
pub fn example(field: Field, plan: &Plan, community: Option<&Community>) -> String {
    let first = |v: &[String], or: &str| v.first().cloned().unwrap_or_else(|| or.to_string());
    match field {
        Field::Community => community.map_or_else(|| "城东社区".to_string(), |c| c.name.clone()),
        Field::BigGrid => first(codes(field, community), "1"),
        Field::Building => first(codes(field, community), "1-2"),
        Field::HouseholdId => "0101001".into(),
        Field::Members => "3".into(),
        Field::Age => "36".into(),
        Field::HouseholdsVisited => "120".into(),
        Field::NewArrivals => "2".into(),
        Field::UnderIsolation => "5".into(),
        Field::Fever => "0".into(),
        Field::HeadName | Field::Name => "王小红".into(),
        Field::Address => "XX路1号301房".into(),
        // The sample number of GB 11643 itself, not a person's.
        Field::IdNumber => "11010519491231002X".into(),
        Field::Phone => "13800138000".into(),
        Field::Compound => compound_choices()
            .first()
            .copied()
            .unwrap_or_default()
            .into(),
        Field::BirthDate => "1985-06-01".into(),
        Field::SubmittedAt => "18:30".into(),
        Field::Role => role_choices().first().copied().unwrap_or_default().into(),
        Field::Gender => gender_choices().get(1).copied().unwrap_or_default().into(),
        Field::ScreenedOn | Field::Start | Field::End | Field::ReportDate => plan.day.to_string(),
    }
}

/// The title and text of the error Excel shows when a typed value breaks the column's rule.
pub fn error(
    kind: TableKind,
    col: &Column,
    plan: &Plan,
    community: Option<&Community>,
) -> (String, String) {
    let lang = plan.lang;
    let f = col.field;
    let label = canonical(kind, f);
    let s = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    match f.value_type() {
        ValueType::Community => {
            let name = community.map(|c| c.name.as_str()).unwrap_or_default();
            (
                s("只能填本社区", "This community only"),
                match lang {
                    Lang::Zh => format!("本模板只收“{name}”的数据：请从下拉列表中选择。"),
                    Lang::En => format!("The template is for “{name}” only: pick it from the list."),
                },
            )
        }
        ValueType::Code if defines_structure(kind) => (
            s("不是本社区现有的编号", "Not a code the community has"),
            s(
                "列表里是本社区现有的编号。新划的网格或楼栋点“是”保留，填错了点“否”重填。",
                "The list holds the community's codes. Yes keeps a new grid or building; No lets you type it again.",
            ),
        ),
        ValueType::Code => (
            s("不是本社区现有的编号", "Not a code the community has"),
            s(
                "请从下拉列表中选择本社区现有的编号（新划的网格请先更新网格划分表）。",
                "Pick one of the community's codes from the list (update the grid table first for a new grid).",
            ),
        ),
        ValueType::Count => {
            let (min, max) = (COUNT_RANGE.start(), COUNT_RANGE.end());
            (
                match lang {
                    Lang::Zh => format!("请填 {min}–{max} 的整数"),
                    Lang::En => format!("A whole number {min}–{max}"),
                },
                match lang {
                    Lang::Zh => format!("{label}须是 {min} 到 {max} 的整数。"),
                    Lang::En => format!("{label} must be a whole number from {min} to {max}."),
                },
            )
        }
        ValueType::Count0 => (
            s("请填 0 或正整数", "A whole number, 0 or more"),
            match lang {
                Lang::Zh => format!("{label}须是 0 或正整数，没有就填 0。"),
                Lang::En => format!("{label} must be a whole number, 0 or more (0 when there is none)."),
            },
        ),
        ValueType::Id => (
            s("身份证号位数不对", "Wrong length of an id number"),
            match lang {
                Lang::Zh => format!("身份证号应为 {ID_LEN} 位（老证 {LEGACY_ID_LEN} 位）：请核对后重新输入。"),
                Lang::En => format!("An id number has {ID_LEN} characters ({LEGACY_ID_LEN} on an old card): check it and type it again."),
            },
        ),
        ValueType::Compound => (
            s("不是常用的小区类型", "Not a usual compound type"),
            s(
                "列表以外的类型按“其他”统计。点“是”保留，点“否”重新选择。",
                "A type not in the list counts as other. Yes keeps it; No lets you choose again.",
            ),
        ),
        ValueType::Date => {
            let (from, to) = date_range(plan, f);
            (
                s("日期不对", "Not a plausible date"),
                match lang {
                    Lang::Zh => format!("请填写 {from} 至 {to} 之间的日期，如 {}。", example(f, plan, community)),
                    Lang::En => format!("Type a date from {from} to {to}, such as {}.", example(f, plan, community)),
                },
            )
        }
        ValueType::DateTime => (
            s("上报时间不对", "Not a time"),
            s(
                "请填写时间（如 18:30），或日期和时间（如 2020-02-02 09:15）。",
                "Type a time (such as 18:30), or a date and time (such as 2020-02-02 09:15).",
            ),
        ),
        ValueType::Role => (
            s("请从列表中选择身份", "Pick a role from the list"),
            match lang {
                Lang::Zh => format!("身份只能是：{}。", role_choices().join(sep(lang))),
                Lang::En => format!("The role is one of: {}.", role_choices().join(sep(lang))),
            },
        ),
        ValueType::Gender => (
            s("请填 男 或 女", "男 or 女"),
            s("性别只能是 男 或 女。", "The gender is 男 (male) or 女 (female)."),
        ),
        ValueType::Text | ValueType::Phone => (String::new(), String::new()),
    }
}

/// What the report says when a value of this column is missing or broken.
pub fn reported(kind: TableKind, col: &Column, plan: &Plan) -> String {
    let lang = plan.lang;
    let f = col.field;
    let zh = lang == Lang::Zh;
    let (error, warning, info) = (
        lang.pick("错误", "error"),
        lang.pick("警告", "warning"),
        lang.pick("提示", "info"),
    );
    // Broken (not empty): an error leaves the row out, a warning treats the value as empty.
    let broken = |rule: &str| {
        if col.required {
            match lang {
                Lang::Zh => format!("{error} {rule}，整行不计入"),
                Lang::En => format!("{error} {rule}, the row is left out"),
            }
        } else {
            match lang {
                Lang::Zh => format!("{warning} {rule}，按空值处理"),
                Lang::En => format!("{warning} {rule}, treated as empty"),
            }
        }
    };
    let say = |zh_when: &str, en_when: &str, what: String| match lang {
        Lang::Zh => format!("{zh_when}：{what}"),
        Lang::En => format!("{en_when}: {what}"),
    };
    let mut parts: Vec<String> = Vec::new();
    if col.required {
        parts.push(say(
            "为空",
            "empty",
            match lang {
                Lang::Zh => format!("{error} required_missing，整行不计入"),
                Lang::En => format!("{error} required_missing, the row is left out"),
            },
        ));
    }
    match f.value_type() {
        ValueType::Count | ValueType::Count0 | ValueType::Gender | ValueType::DateTime => {
            parts.push(say("不合要求", "not as required", broken("value_invalid")));
        }
        ValueType::Date => {
            parts.push(say("不是日期", "not a date", broken("value_invalid")));
            parts.push(say(
                "超出合理范围",
                "out of the plausible range",
                broken("date_out_of_range"),
            ));
            if matches!(f, Field::ScreenedOn | Field::BirthDate | Field::Start) {
                parts.push(say(
                    "晚于统计日",
                    "after the report's date",
                    format!("{warning} date_in_future"),
                ));
            }
        }
        ValueType::Id => {
            parts.push(say(
                "位数、校验位或出生日期不对",
                "wrong length, check character or birth date",
                format!("{warning} id_number_invalid"),
            ));
            parts.push(say(
                "存成了数字",
                "stored as a number",
                format!("{warning} id_number_as_number"),
            ));
        }
        ValueType::Phone => parts.push(say(
            "格式不对",
            "not a phone number",
            broken("phone_invalid"),
        )),
        ValueType::Role => parts.push(say(
            "不是已知身份",
            "not a known role",
            match lang {
                Lang::Zh => format!("{warning} role_unknown，按“其他”统计"),
                Lang::En => format!("{warning} role_unknown, counted as other"),
            },
        )),
        ValueType::Compound => parts.push(
            lang.pick(
                "列表以外的类型不报告，统计为“其他”",
                "another type is not reported; it counts as other",
            )
            .to_string(),
        ),
        ValueType::Community => parts.push(say(
            "同一社区写法不一",
            "spelled differently",
            format!("{info} community_merged"),
        )),
        ValueType::Code if f == Field::HouseholdId => parts.push(say(
            "重复",
            "repeated",
            match lang {
                Lang::Zh => {
                    format!("{info} duplicate_row 或 {warning} household_conflict，只计一次")
                }
                Lang::En => {
                    format!("{info} duplicate_row or {warning} household_conflict, counted once")
                }
            },
        )),
        ValueType::Code if kind == TableKind::Households => parts.push(say(
            "不在网格划分表中",
            "not in the grid table",
            format!("{warning} not_in_grid_table"),
        )),
        ValueType::Code if kind != TableKind::Grids => parts.push(say(
            "不是本社区的网格或楼栋",
            "not a grid or building of the community",
            format!("{warning} unknown_grid"),
        )),
        ValueType::Code | ValueType::Text => {}
    }
    match f {
        Field::Gender => parts.push(say(
            "与身份证号不符",
            "differs from the id number",
            format!("{warning} gender_mismatch"),
        )),
        Field::BirthDate => parts.push(say(
            "与身份证号不符",
            "differs from the id number",
            format!("{warning} birth_date_mismatch"),
        )),
        Field::End => parts.push(say(
            &format!("隔离不足 {} 天", plan.isolation_days),
            &format!("isolation under {} days", plan.isolation_days),
            format!("{warning} isolation_short"),
        )),
        Field::Start => parts.push(say(
            &format!("超过 {} 天未解除", plan.isolation_days),
            &format!("not released after {} days", plan.isolation_days),
            format!("{warning} isolation_overdue"),
        )),
        Field::ReportDate if kind == TableKind::Daily => parts.push(say(
            "同一大网格同一天重复",
            "a big grid twice on one day",
            format!("{info} daily_duplicate"),
        )),
        _ => {}
    }
    if parts.is_empty() {
        return lang.pick("不检查", "not checked").to_string();
    }
    parts.join(if zh { "；" } else { "; " })
}

/// What a sheet of the kind is for.
pub fn purpose(kind: TableKind, lang: Lang) -> &'static str {
    match kind {
        TableKind::Households => lang.pick(
            "住户台账（一户一册）：每户一行。",
            "Household register: one row per household.",
        ),
        TableKind::Isolation => lang.pick(
            "居家隔离人员：每人每次隔离一行。",
            "People isolated at home: one row per person and isolation.",
        ),
        TableKind::Staff => lang.pick(
            "工作人员、信息员、下沉干部、民警、志愿者：每人一行。",
            "Staff, information officers, cadres, police and volunteers: one row per person.",
        ),
        TableKind::Daily => lang.pick(
            "日报告：每个大网格每天一行。",
            "Daily reports: one row per big grid per day.",
        ),
        TableKind::Grids => lang.pick(
            "网格划分：每栋楼（小网格）一行，写明它属于哪个大网格。",
            "Grid table: one row per building (small grid), with its big grid.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::{compound, gender, role, Compound, Role};

    #[test]
    fn choices_are_read_back_as_what_they_stand_for() {
        let roles = role_choices();
        assert_eq!(roles.len(), ROLES.len());
        for (choice, (r, _)) in roles.iter().zip(ROLES.iter()) {
            assert_eq!(role(choice), Some(*r), "{choice}");
        }
        assert_eq!(role(roles[0]), Some(Role::Worker));
        assert_eq!(gender_choices(), vec!["男", "女"]);
        for c in gender_choices() {
            assert!(gender(c).is_some());
        }
        for c in compound_choices() {
            assert_ne!(compound(c), Compound::Other, "{c}");
        }
        // Inline lists: no comma inside an item, within Excel's 255 characters.
        for list in [roles, gender_choices(), compound_choices()] {
            assert!(list.iter().all(|s| !s.contains(',') && !s.contains('"')));
            assert!(list.join(",").encode_utf16().count() <= 255);
        }
    }
}
