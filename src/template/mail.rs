//! `DIR/mail.json` of a templates folder — each community's display name, its workbook and
//! its `[mail.to]` address, no personal data — and the message that brings a community its
//! template (`gridreport mail --templates DIR`, in Chinese like the report's messages).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::mail::list::{FILE, TEMPLATES_KIND as KIND};
use crate::mail::{Letter, Outbox, Words};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateList {
    pub schema: u32,
    /// Always `templates`: tells this list from a report's.
    pub kind: String,
    /// The day the templates were made for (`YYYY-MM-DD`): the date of `--dry-run` messages.
    pub as_of: String,
    /// The sub-district's name (config `name`).
    pub name: Option<String>,
    pub communities: Vec<TemplateEntry>,
    /// `[mail.to]` names that are no community of the templates (nobody gets mail for them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_to: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateEntry {
    pub name: String,
    /// The workbook's file name in the folder.
    pub workbook: String,
    pub to: Option<String>,
}

impl TemplateList {
    pub fn new(
        as_of: String,
        name: Option<String>,
        communities: Vec<TemplateEntry>,
        unknown_to: Vec<String>,
    ) -> Self {
        TemplateList {
            schema: 1,
            kind: KIND.to_string(),
            as_of,
            name,
            communities,
            unknown_to,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// The letters of a templates folder.
pub fn outbox(dir: &Path) -> Result<Outbox, String> {
    if !dir.is_dir() {
        return Err(format!("{}: no such folder", dir.display()));
    }
    let path = dir.join(FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}; is {} a folder written by `gridreport template`? Write the templates again.",
            path.display(),
            dir.display()
        )
    })?;
    let list: TemplateList = serde_json::from_slice(&bytes)
        .ok()
        .filter(|l: &TemplateList| l.kind == KIND)
        .ok_or_else(|| {
            format!(
                "{}: not the list of a templates folder; is {} a folder written by `gridreport template`?",
                path.display(),
                dir.display()
            )
        })?;
    let letters = list
        .communities
        .iter()
        .map(|e| Letter {
            name: e.name.clone(),
            to: e.to.clone(),
            workbook: e.workbook.clone(),
            words: Words::Other(words),
        })
        .collect();
    Ok(Outbox {
        as_of: list.as_of,
        under: "",
        name: list.name,
        unknown_to: list.unknown_to,
        letters,
    })
}

/// The subject and body of a template's message (`mail::Words::Other`).
fn words(community: &str, district: Option<&str>, file_name: &str) -> (String, String) {
    (
        subject(community, district),
        body(community, district, file_name),
    )
}

pub fn subject(community: &str, district: Option<&str>) -> String {
    match district {
        Some(d) => format!("{d} {community} 数据填报模板"),
        None => format!("{community} 数据填报模板"),
    }
}

pub fn body(community: &str, district: Option<&str>, file_name: &str) -> String {
    let from = district.map(|d| format!("{d}发来的")).unwrap_or_default();
    let sign = district.map(|d| format!("{d}\n")).unwrap_or_default();
    format!(
        "{community}：\n\
         \n\
         附件 {file_name} 是{from}贵社区的数据填报模板，请按第一页“填表说明”填写。\n\
         \n\
         模板已设好表头、格式和下拉选项：身份证号和电话按文本保存，日期按日期保存，\
         大网格和楼栋可从贵社区现有的编号中选择。复制粘贴进来的内容不经这些检查，汇总时会再逐格检查。\n\
         \n\
         填好后请保存（仍为 .xlsx 格式），直接回复本邮件发回。\n\
         \n\
         {sign}（本邮件由 gridreport 自动发送。）\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_round_trips_and_is_told_from_a_reports() {
        let tmp = tempfile::tempdir().unwrap();
        let list = TemplateList::new(
            "2020-03-04".into(),
            Some("圭峰会城街道".into()),
            vec![TemplateEntry {
                name: "城东社区".into(),
                workbook: "城东社区.xlsx".into(),
                to: Some("cd@example.org".into()),
            }],
            vec![],
        );
        std::fs::write(tmp.path().join(FILE), list.to_json()).unwrap();
        assert!(crate::mail::list::is_templates(tmp.path()));
        let o = outbox(tmp.path()).unwrap();
        assert_eq!(o.as_of, "2020-03-04");
        assert_eq!(o.under, "");
        let (subject, body) = o.letters[0].subject_and_body(o.name.as_deref(), &o.as_of);
        assert_eq!(subject, "圭峰会城街道 城东社区 数据填报模板");
        assert!(body.starts_with("城东社区：\n"));
        assert!(body.contains("城东社区.xlsx"));
        std::fs::write(
            tmp.path().join(FILE),
            r#"{"schema":1,"as_of":"x","communities":[]}"#,
        )
        .unwrap();
        assert!(!crate::mail::list::is_templates(tmp.path()));
        assert!(outbox(tmp.path())
            .unwrap_err()
            .contains("gridreport template"));
    }
}
