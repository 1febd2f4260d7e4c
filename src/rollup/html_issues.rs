//! A roll-up's `issues.html` (`templates/rollup_issues.html`): issues are not copied up one
//! by one — per unit, the errors, warnings and infos in its report and its most frequent
//! rules, with a link to its own report's issues when it is there; then the roll-up's own
//! issues (unreadable summaries, a unit twice, older dates) grouped as a build groups them.

use serde::Serialize;

use super::html_common::{rule_rows, Ctx, RuleRow};
use crate::render::attention::ordered;
use crate::render::filters::int;
use crate::render::html::issues::{issue_sections, IssueSection};
use crate::render::html::view::{tile, Common, Tile};
use crate::vocab::lang::Lang;

#[derive(Serialize)]
struct UnitIssues {
    name: String,
    href: String,
    errors: String,
    warnings: String,
    infos: String,
    top: Vec<RuleRow>,
    report_href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct IssuesPage {
    #[serde(flatten)]
    common: Common,
    units_title: String,
    units_note: String,
    severities: Vec<Tile>,
    top_rules: String,
    own_report: String,
    open_report: String,
    units: Vec<UnitIssues>,
    own_title: String,
    own_note: String,
    own_total: String,
    sections: Vec<IssueSection>,
    any_hidden: bool,
}
impl Ctx<'_> {
    /// issues.html: the issues in each unit's report, counted; the roll-up's own, listed.
    pub(super) fn issues(&self) -> IssuesPage {
        let (r, cfg, lang) = (self.rolled, self.cfg, self.lang);
        let s = &r.view.summary;
        let w = self.rows;
        let sections = issue_sections(&s.issues.list, self.names, true);
        let any_hidden = sections.iter().any(|x| !x.hidden.is_empty());
        let units = ordered(s, cfg)
            .into_iter()
            .filter_map(|c| r.unit(&c.name))
            .map(|u| UnitIssues {
                name: u.name.clone(),
                href: self.unit_href(&u.name),
                errors: int(u.issues.errors),
                warnings: int(u.issues.warnings),
                infos: int(u.issues.infos),
                top: rule_rows(&u.issues, 3, lang),
                report_href: u.report.as_deref().and_then(|rep| {
                    let dir = rep.strip_suffix("index.html").unwrap_or(rep);
                    self.links.to("", &format!("{dir}issues.html"))
                }),
            })
            .collect();
        let b = &r.below;
        let sev = |key: &'static str, n: u64| tile(lang, key, int(n), key == "errors" && n > 0);
        IssuesPage {
            common: self.common("", "issues"),
            units_title: w.each(lang, "报告中的问题", "Issues in the reports"),
            units_note: match lang {
                Lang::Zh => format!(
                    "问题不逐条上报：这里是各{}报告中的错误、警告、提示条数和最多的规则；每条问题在哪个文件、哪个单元格，见它自己的报告。",
                    w.zh
                ),
                Lang::En => format!(
                    "Issues are not sent up one by one: here are the errors, warnings and notes in each {}'s report and its most frequent rules; its own report says where each one is.",
                    w.en
                ),
            },
            severities: vec![
                sev("errors", b.errors),
                sev("warnings", b.warnings),
                sev("infos", b.infos),
            ],
            top_rules: lang.pick("最多的规则", "Most frequent rules").to_string(),
            own_report: lang.pick("自己的报告", "Own report").to_string(),
            open_report: lang.pick("问题清单", "issues").to_string(),
            units,
            own_title: lang.pick("汇总时发现的问题", "Issues found rolling up").to_string(),
            own_note: lang
                .pick(
                    "无法读取或重复的汇总文件、截至日期不同的单位等。",
                    "Summaries that could not be read or came twice, units of another date and the like.",
                )
                .to_string(),
            own_total: int(s.issues.list.len() as u64),
            sections,
            any_hidden,
        }
    }
}
