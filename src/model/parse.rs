//! Turning a table row into a `Record` with the value rules of SPEC §4 (checks that need
//! `as_of` come later, in `check`).

use std::collections::BTreeMap;

use super::record::{resolve_datetime, Loc, Record};
use super::values::{self, DateTimeValue, Role};
use crate::input::table::TableRow;
use crate::vocab::cell::Cell;
use crate::vocab::issue::{Issue, Rule, Severity};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// What a field's value must be, for messages.
#[derive(Clone, Copy)]
enum Expect {
    Count,
    Count0,
    Date,
    DateTime,
    Gender,
}

impl Expect {
    fn describe(self, lang: Lang) -> &'static str {
        match self {
            Expect::Count => lang.pick("1–99 的整数", "a whole number 1–99"),
            Expect::Count0 => lang.pick("不小于 0 的整数", "a whole number of 0 or more"),
            Expect::Date => lang.pick(
                "有效日期（如 2020-03-04）",
                "a valid date (such as 2020-03-04)",
            ),
            Expect::DateTime => lang.pick(
                "有效的日期时间（如 2020-03-04 18:30）",
                "a valid date and time (such as 2020-03-04 18:30)",
            ),
            Expect::Gender => lang.pick("男或女", "男/女 (male or female)"),
        }
    }
}

/// Parses rows of every kind with the language of messages and the config's spellings.
pub struct RowParser<'a> {
    pub lang: Lang,
    /// Config `[communities]`: spelling (as text) → community name.
    pub spellings: &'a BTreeMap<String, String>,
}

struct Ctx<'r> {
    rec: Record,
    row: &'r TableRow<'r>,
    lang: Lang,
    issues: Vec<Issue>,
    submitted: Option<DateTimeValue>,
}

impl Ctx<'_> {
    fn cell(&self, f: Field) -> &Cell {
        self.row.get(f)
    }

    fn required(&self, f: Field) -> bool {
        self.rec.kind.is_required(f)
    }

    fn missing(&mut self, f: Field) {
        if self.required(f) {
            let msg = match self.lang {
                Lang::Zh => format!("必填项“{}”为空，此行未计入：请补填", f.label(self.lang)),
                Lang::En => format!(
                    "required {} is empty; the row is left out: fill it in",
                    f.label(self.lang)
                ),
            };
            self.issues
                .push(self.rec.loc.issue(Rule::RequiredMissing, f, msg));
            self.rec.excluded = true;
        }
    }

    fn invalid(&mut self, f: Field, expect: Expect) {
        let shown = if f.pii().is_some() {
            None
        } else {
            values::text(self.cell(f))
        };
        let v = shown.clone().unwrap_or_default();
        let required = self.required(f);
        let msg = match (self.lang, required) {
            (Lang::Zh, true) => format!(
                "“{}”的值“{v}”不是{}，此行未计入：请改正",
                f.label(self.lang),
                expect.describe(self.lang)
            ),
            (Lang::Zh, false) => format!(
                "“{}”的值“{v}”不是{}，按空值处理：请改正",
                f.label(self.lang),
                expect.describe(self.lang)
            ),
            (Lang::En, true) => format!(
                "{} '{v}' is not {}; the row is left out: correct it",
                f.label(self.lang),
                expect.describe(self.lang)
            ),
            (Lang::En, false) => format!(
                "{} '{v}' is not {}; treated as empty: correct it",
                f.label(self.lang),
                expect.describe(self.lang)
            ),
        };
        let sev = if required {
            Severity::Error
        } else {
            Severity::Warning
        };
        let raw = values::text(self.cell(f));
        self.issues.push(
            self.rec
                .loc
                .issue(Rule::ValueInvalid, f, msg)
                .severity(sev)
                .value(raw, f.pii()),
        );
        if required {
            self.rec.excluded = true;
        }
    }

    fn text(&mut self, f: Field) -> Option<String> {
        let v = values::text(self.cell(f));
        if v.is_none() {
            self.missing(f);
        }
        v
    }

    fn code(&mut self, f: Field) -> Option<String> {
        let v = values::code(self.cell(f));
        if v.is_none() {
            self.missing(f);
        }
        v
    }

    fn count(&mut self, f: Field, zero_ok: bool) -> Option<u32> {
        match values::count(self.cell(f), zero_ok) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                self.missing(f);
                None
            }
            Err(()) => {
                self.invalid(
                    f,
                    if zero_ok {
                        Expect::Count0
                    } else {
                        Expect::Count
                    },
                );
                None
            }
        }
    }

    fn date(&mut self, f: Field) -> Option<chrono::NaiveDate> {
        let s = &self.rec.loc.sheet;
        match values::date(self.cell(f), s.date1904, s.serials_are_dates) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.missing(f);
                None
            }
            Err(()) => {
                self.invalid(f, Expect::Date);
                None
            }
        }
    }
}

impl RowParser<'_> {
    /// Parse one row. Issues of §4 that do not need `as_of` are pushed (each carrying the
    /// row's community key); the record is `excluded` when an error was found.
    pub fn parse(
        &self,
        kind: TableKind,
        row: &TableRow,
        loc: Loc,
        issues: &mut Vec<Issue>,
    ) -> Record {
        let mut ctx = Ctx {
            rec: Record::new(kind, loc),
            row,
            lang: self.lang,
            issues: Vec::new(),
            submitted: None,
        };
        for &(field, _) in kind.fields() {
            self.field(&mut ctx, field);
        }
        if let Some(v) = ctx.submitted {
            ctx.rec.submitted_at = resolve_datetime(v, ctx.rec.report_date);
        }
        if let (Some(s), Some(e)) = (ctx.rec.start, ctx.rec.end) {
            if e < s {
                let msg = self.lang.pick(
                    "解除隔离日期早于开始日期，此行未计入：请核对两个日期",
                    "the end date is before the start date; the row is left out: check both dates",
                );
                let raw = values::text(ctx.cell(Field::End));
                ctx.issues.push(
                    ctx.rec
                        .loc
                        .issue(Rule::ValueInvalid, Field::End, msg.to_string())
                        .severity(Severity::Error)
                        .value(raw, None),
                );
                ctx.rec.excluded = true;
            }
        }
        let key = ctx.rec.community.clone();
        for i in &mut ctx.issues {
            i.community_key = key.clone();
        }
        issues.append(&mut ctx.issues);
        ctx.rec
    }

    fn field(&self, ctx: &mut Ctx, f: Field) {
        match f {
            Field::Community => {
                // The key is the code of the text (white space removed) less its suffix;
                // a spelling the config names belongs to the community of that name.
                let text = ctx.text(f);
                ctx.rec.community = text.as_deref().map(|t| match self.spellings.get(t) {
                    Some(name) => values::community_key(name),
                    None => values::community_key(t),
                });
                ctx.rec.community_text = text;
            }
            Field::BigGrid => ctx.rec.big_grid = ctx.code(f),
            Field::Building => ctx.rec.building = ctx.code(f),
            Field::HouseholdId => ctx.rec.household_id = ctx.code(f),
            Field::Members => ctx.rec.members = ctx.count(f, false),
            Field::Age => ctx.rec.age = ctx.count(f, false),
            Field::HouseholdsVisited => ctx.rec.households_visited = ctx.count(f, true),
            Field::NewArrivals => ctx.rec.new_arrivals = ctx.count(f, true),
            Field::UnderIsolation => ctx.rec.under_isolation = ctx.count(f, true),
            Field::Fever => ctx.rec.fever = ctx.count(f, true),
            Field::HeadName => ctx.rec.head_name = ctx.text(f),
            Field::Name => ctx.rec.name = ctx.text(f),
            Field::Address => ctx.rec.address = ctx.text(f),
            Field::Compound => ctx.rec.compound = ctx.text(f).map(|t| values::compound(&t)),
            Field::ScreenedOn => ctx.rec.screened_on = ctx.date(f),
            Field::Start => ctx.rec.start = ctx.date(f),
            Field::End => ctx.rec.end = ctx.date(f),
            Field::BirthDate => ctx.rec.birth_date = ctx.date(f),
            Field::ReportDate => ctx.rec.report_date = ctx.date(f),
            Field::IdNumber => ctx.rec.id_cell = ctx.cell(f).clone(),
            Field::Phone => match values::phone(ctx.cell(f)) {
                Ok(p) => ctx.rec.phone = p,
                Err(()) => {
                    let msg = self.lang.pick(
                        "联系电话格式不正确（应为 11 位手机号，或 7–8 位、带 0 开头区号的固定电话），按空值处理：请改正",
                        "the phone number is not valid (11-digit mobile starting with 1, or a 7–8 digit or 0-prefixed landline); treated as empty: correct it",
                    );
                    let raw = values::text(ctx.cell(f));
                    ctx.issues.push(
                        ctx.rec
                            .loc
                            .issue(Rule::PhoneInvalid, f, msg.to_string())
                            .value(raw, f.pii()),
                    );
                }
            },
            Field::Role => {
                if let Some(t) = ctx.text(f) {
                    ctx.rec.role = Some(values::role(&t).unwrap_or_else(|| {
                        let msg = match self.lang {
                            Lang::Zh => format!(
                                "身份“{t}”不是已知类别，按“其他”统计：请填写 社区工作者、信息员、下沉干部、民警、志愿者 等"
                            ),
                            Lang::En => format!(
                                "role '{t}' is not a known one and counts as other: use 社区工作者 (worker), 信息员 (informant), 下沉干部 (cadre), 民警 (police), 志愿者 (volunteer) …"
                            ),
                        };
                        ctx.issues.push(ctx.rec.loc.issue(Rule::RoleUnknown, f, msg).value(Some(t.clone()), None));
                        Role::Other
                    }));
                }
            }
            Field::Gender => {
                if let Some(t) = values::text(ctx.cell(f)) {
                    match values::gender(&t) {
                        Some(g) => ctx.rec.gender = Some(g),
                        None => ctx.invalid(f, Expect::Gender),
                    }
                }
            }
            Field::SubmittedAt => {
                let s = &ctx.rec.loc.sheet;
                match values::datetime(ctx.cell(f), s.date1904, s.serials_are_dates) {
                    Ok(v) => ctx.submitted = v,
                    Err(()) => ctx.invalid(f, Expect::DateTime),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
