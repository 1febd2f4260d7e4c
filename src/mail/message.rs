//! One message to one community: subject and body in Chinese with its headline figures and
//! the sub-district's name (config `name`, when set), its workbook attached (a template's
//! words are in `template::mail`). The same inputs give the same bytes (date, Message-ID and MIME
//! boundary are derived, never random).

use std::time::{Duration, SystemTime};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use xxhash_rust::xxh3::xxh3_64;

use super::list::MailEntry;
use super::Letter;

pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `圭峰会城街道 城东社区 网格化管理数据报告（截至 2020-03-04）`.
pub fn subject(e: &MailEntry, district: Option<&str>, as_of: &str) -> String {
    match district {
        Some(d) => format!("{d} {} 网格化管理数据报告（截至 {as_of}）", e.name),
        None => format!("{} 网格化管理数据报告（截至 {as_of}）", e.name),
    }
}

pub fn body(e: &MailEntry, district: Option<&str>, as_of: &str, file_name: &str) -> String {
    let from = match district {
        Some(d) => format!("{d}汇总的"),
        None => String::new(),
    };
    let sign = match district {
        Some(d) => format!("{d}\n"),
        None => String::new(),
    };
    let pct = |r: Option<f64>| match r {
        Some(v) => format!("{:.1}%", v * 100.0),
        None => "无数据".to_string(),
    };
    let since = match &e.changes {
        Some(c) => format!(
            "\u{3000}{}\n",
            crate::render::changes::mail_line(c.fixed, c.new, c.open)
        ),
        None => String::new(),
    };
    let fix = if e.errors + e.warnings > 0 {
        "错误和警告所在的文件、工作表和单元格见工作簿的“问题”工作表，请核对更正后重新报送。"
    } else {
        "本次没有发现错误或警告。"
    };
    format!(
        "{name}：\n\
         \n\
         附件 {file_name} 是{from}贵社区截至 {as_of} 的网格化管理数据工作簿，请查收。\n\
         \n\
         主要数字：\n\
         \u{3000}居民 {residents} 人，{households} 户\n\
         \u{3000}社区工作者 {workers} 人\n\
         \u{3000}排查覆盖率 {coverage}\n\
         \u{3000}日报告上报率 {rate}\n\
         \u{3000}数据问题：错误 {errors} 个，警告 {warnings} 个\n\
         {since}\
         \n\
         {fix}\n\
         \n\
         {sign}\
         （本邮件由 gridreport 根据街道汇总报告自动发送。）\n",
        name = e.name,
        residents = e.residents,
        households = e.households,
        workers = e.workers,
        coverage = pct(e.screening_coverage),
        rate = pct(e.reporting_rate),
        errors = e.errors,
        warnings = e.warnings,
    )
}

/// The Date of a message written with `--dry-run`: `SOURCE_DATE_EPOCH` when set, else
/// midnight (UTC) of the report's as_of.
pub fn fixed_date(as_of: &str) -> SystemTime {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|dt| u64::try_from(dt.and_utc().timestamp()).ok())
        })
        .unwrap_or(0);
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// The message of `letter` (naming the sub-district `district`, dated `as_of` in its words),
/// sent from `from` to `to`, with `workbook` (its bytes) attached.
pub fn compose(
    letter: &Letter,
    district: Option<&str>,
    as_of: &str,
    from: &Mailbox,
    to: &Mailbox,
    workbook: Vec<u8>,
    date: SystemTime,
) -> Result<Message, String> {
    let file_name = letter
        .workbook
        .rsplit('/')
        .next()
        .unwrap_or(&letter.workbook)
        .to_string();
    let (subject, body) = letter.subject_and_body(district, as_of);
    let mut h = Vec::new();
    for part in [
        from.to_string().as_bytes(),
        to.to_string().as_bytes(),
        subject.as_bytes(),
        body.as_bytes(),
        &workbook,
    ] {
        h.extend_from_slice(&(part.len() as u64).to_le_bytes());
        h.extend_from_slice(part);
    }
    let hash = xxh3_64(&h);
    let domain = from.email.domain().to_string();
    let content_type =
        ContentType::parse(XLSX_TYPE).map_err(|e| format!("content type {XLSX_TYPE}: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(subject)
        .date(date)
        .message_id(Some(format!("<gridreport.{hash:016x}@{domain}>")))
        .multipart(
            MultiPart::mixed()
                .boundary(format!("gridreport-{hash:016x}"))
                .singlepart(SinglePart::plain(body))
                .singlepart(Attachment::new(file_name).body(workbook, content_type)),
        )
        .map_err(|e| format!("{}: cannot build the message: {e}", letter.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> MailEntry {
        MailEntry {
            name: "城东社区".into(),
            workbook: "communities/城东社区.xlsx".into(),
            to: None,
            residents: 1000,
            households: 300,
            workers: 2,
            screening_coverage: Some(0.9),
            reporting_rate: None,
            errors: 1,
            warnings: 0,
            changes: None,
        }
    }

    #[test]
    fn subject_and_body_name_the_sub_district() {
        let e = entry();
        let cases = [
            (
                Some("圭峰会城街道"),
                "圭峰会城街道 城东社区 网格化管理数据报告（截至 2020-03-04）",
                true,
            ),
            (
                None,
                "城东社区 网格化管理数据报告（截至 2020-03-04）",
                false,
            ),
        ];
        for (district, want, named) in cases {
            assert_eq!(subject(&e, district, "2020-03-04"), want);
            let b = body(&e, district, "2020-03-04", "城东社区.xlsx");
            assert_eq!(b.contains("圭峰会城街道"), named, "{b}");
            assert!(b.starts_with("城东社区：\n"), "{b}");
            assert!(b.contains("错误 1 个") && b.contains("无数据"), "{b}");
            assert!(!b.contains("上次以来"), "{b}");
        }
        let mut e = entry();
        e.changes = Some(crate::mail::list::MailChanges {
            fixed: 3,
            new: 1,
            open: 2,
        });
        let b = body(&e, None, "2020-03-04", "城东社区.xlsx");
        assert!(
            b.contains("数据问题：错误 1 个，警告 0 个\n\u{3000}上次以来已修正 3 项，新增 1 项，仍有 2 项\n"),
            "{b}"
        );
    }
}
