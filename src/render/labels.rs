//! Every label of the HTML site in Chinese and English. Templates read them as `t.<key>`.

use std::collections::BTreeMap;

use crate::stats::figure::{by_key, FIGURES};
use crate::vocab::lang::Lang;

/// (key, 中文, English). Figure keys are the field names of summary.json.
const LABELS: &[(&str, &str, &str)] = &[
    // Site and navigation
    (
        "site_title",
        "街道网格化管理汇总",
        "Sub-district grid report",
    ),
    ("nav_overview", "总览", "Overview"),
    ("nav_issues", "问题", "Issues"),
    ("nav_files", "文件", "Files"),
    ("nav_main", "主导航", "Main navigation"),
    ("as_of", "统计截至", "As of"),
    ("period", "日报告期间", "Daily report period"),
    ("period_none", "无日报告", "no daily reports"),
    ("days", "天", "days"),
    ("to", "至", "to"),
    (
        "footer",
        "由 gridreport 生成。完整数据见 report.xlsx 与 summary.json。",
        "Made by gridreport. report.xlsx and summary.json hold all the data.",
    ),
    ("headline", "主要数据", "Key figures"),
    ("yes", "是", "yes"),
    ("no", "否", "no"),
    ("total", "合计", "Total"),
    // Figures (SPEC §6): the names of the figures come from `stats::figure::FIGURES`
    ("communities", "社区", "Communities"),
    ("community", "社区", "Community"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("infos", "提示", "Notes"),
    ("issues_count", "问题", "Issues"),
    // Flags
    ("flags", "提示标记", "Flags"),
    ("flag_understaffed", "人手不足", "Understaffed"),
    (
        "flag_low_coverage",
        "排查覆盖率低",
        "Low screening coverage",
    ),
    (
        "flag_out_of_range",
        "大网格户数超范围",
        "Big grids out of range",
    ),
    ("flag_none", "无", "none"),
    ("flags_explained", "标记说明", "What the flags mean"),
    // Index page
    ("communities_table", "各社区数据", "Figures by community"),
    (
        "communities_table_note",
        "表格较宽，可左右滑动。",
        "The table is wide: scroll sideways.",
    ),
    (
        "chart_rpw",
        "各社区每名工作者服务人数",
        "Residents per worker by community",
    ),
    ("chart_rpw_limit", "上限", "limit"),
    (
        "chart_rates",
        "每日上报率与按时上报率",
        "Reporting and on-time rate per day",
    ),
    (
        "chart_visited",
        "每日走访户数",
        "Households visited per day",
    ),
    ("chart_no_data", "没有可绘制的数据。", "No data to draw."),
    ("chart_data", "图表数据", "Chart data"),
    ("date", "日期", "Date"),
    ("expected", "应报", "Expected"),
    ("received", "已收", "Received"),
    ("on_time", "按时", "On time"),
    ("households_visited", "走访户数", "Households visited"),
    ("new_arrivals", "新增返回人员", "New arrivals"),
    ("under_isolation", "居家隔离人数", "Under isolation"),
    ("fever", "发热人数", "Fever"),
    ("daily_table", "每日汇总", "Day by day"),
    // Community page
    ("community_figures", "全部数据", "All figures"),
    ("figure", "指标", "Figure"),
    ("value", "数值", "Value"),
    ("big_grid", "大网格", "Big grid"),
    ("big_grids_table", "大网格", "Big grids"),
    ("in_range", "户数在范围内", "Households in range"),
    ("has_leader", "有负责人", "Leader"),
    ("has_police", "有民警", "Police"),
    (
        "heatmap",
        "各大网格每日日报告",
        "Daily reports by big grid and day",
    ),
    ("status_on_time", "按时", "on time"),
    ("status_late", "迟报", "late"),
    ("status_missing", "未报", "missing"),
    (
        "community_issues",
        "本社区的问题",
        "Issues of this community",
    ),
    ("no_issues", "没有问题。", "No issues."),
    ("back_to_overview", "返回总览", "Back to the overview"),
    // Issues page
    ("issues_title", "数据问题", "Data issues"),
    ("by_rule", "按规则统计", "Count by rule"),
    ("by_severity", "按严重程度统计", "Count by severity"),
    ("rule", "规则", "Rule"),
    ("severity", "严重程度", "Severity"),
    ("count", "数量", "Count"),
    ("file", "文件", "File"),
    ("sheet", "工作表", "Sheet"),
    ("cell", "单元格", "Cell"),
    ("message", "说明", "Message"),
    (
        "no_file",
        "不属于某个文件（社区层面）",
        "Not in a file (community level)",
    ),
    ("no_sheet", "整个文件", "Whole file"),
    ("lines_not_shown", "行未显示。", "more lines not shown."),
    (
        "see_full_lists",
        "完整清单见 report.xlsx 与 summary.json。",
        "report.xlsx and summary.json list them all.",
    ),
    ("issue_lines", "问题清单", "Issue list"),
    (
        "issue_lines_note",
        "同一文件、同一工作表中同类的问题合为一行，列出数量和前几个单元格；错误在前，其次警告、提示。各社区的工作簿列出每个单元格。",
        "Issues of one kind in one sheet are one line, with their count and first cells; errors first, then warnings, then notes. Each community's workbook lists every cell.",
    ),
    ("cells", "单元格", "Cells"),
    ("for_example", "例：", "e.g."),
    // Index page: what needs attention
    ("attention", "需要关注", "Needs attention"),
    ("attention_none", "目前没有需要特别关注的情况。", "Nothing needs special attention."),
    // Files page
    ("files_title", "读取的文件", "Files read"),
    ("status", "状态", "Status"),
    ("format", "格式", "Format"),
    ("kind", "识别为", "Detected as"),
    ("header_row", "表头行", "Header row"),
    ("rows", "数据行", "Rows"),
    ("rows_used", "使用的行", "Rows used"),
    ("sheet_issues", "问题", "Issues"),
    ("why_not_read", "未读取的原因", "Why it was not read"),
    ("no_sheets", "没有工作表", "no sheets"),
    ("status_read", "已读取", "read"),
    ("status_skipped", "已跳过", "skipped"),
    ("status_unreadable", "无法读取", "unreadable"),
    ("file_n", "文件", "file"),
    ("sheet_n", "工作表", "sheet"),
    ("severity_error", "错误", "error"),
    ("severity_warning", "警告", "warning"),
    ("severity_info", "提示", "info"),
];

/// The label table for one language, key → text: the site's own words and the figures'
/// names (`stats::figure::FIGURES`, keyed by their summary.json key).
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|&(k, zh, en)| (k, lang.pick(zh, en)))
        .chain(FIGURES.iter().map(|d| (d.key, d.label(lang))))
        .collect()
}

/// One label; the key itself when there is none (so a missing label shows, not panics).
pub fn label(lang: Lang, key: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, zh, en)| lang.pick(zh, en))
        .or_else(|| by_key(key).map(|d| d.label(lang)))
        .unwrap_or(key)
        .to_string()
}

/// The `lang` attribute of the page.
pub fn html_lang(lang: Lang) -> &'static str {
    lang.pick("zh-CN", "en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut keys: Vec<&str> = LABELS.iter().map(|l| l.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate label key");
        for (k, zh, en) in LABELS {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(label(Lang::En, "residents"), "Residents");
        assert_eq!(label(Lang::Zh, "residents"), "人数");
        assert_eq!(label(Lang::Zh, "nope"), "nope");
    }
}
