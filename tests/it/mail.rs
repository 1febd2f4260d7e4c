//! `gridreport mail`: against an SMTP sink that this test runs on loopback, and `--dry-run`.

use std::path::Path;
use std::process::Command;

use crate::common::smtp::*;
use crate::common::*;
use base64::Engine;

/// `gridreport mail OUT --from jiedao@example.org`, to be given the rest.
fn mail_cmd(out: &Path) -> Command {
    let mut c = Command::new(bin());
    c.args([
        "mail",
        out.to_str().unwrap(),
        "--from",
        "jiedao@example.org",
    ]);
    c
}

/// Two communities; `[mail.to]` names 城东社区 and 城北社区, which is none of them. Returns OUT.
fn built_report(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("in");
    let header = row("社区|大网格|楼栋|户号|人数");
    for (file, community) in [("城东.xlsx", "城东社区"), ("城西.xlsx", "城西社区")] {
        write_xlsx(
            &input.join(file),
            vec![sheet(
                "台账",
                vec![
                    header.clone(),
                    vec![S(community), N(1.0), S("A1"), S("H001"), N(3.0)],
                    vec![S(community), N(1.0), S("A1"), S("H002"), S("x")],
                ],
            )],
        );
    }
    std::fs::write(
        input.join("gridreport.toml"),
        "name = \"圭峰会城街道\"
[mail.to]
\"城东社区\" = \"chengdong@example.org\"
\"城北社区\" = \"chengbei@example.org\"
",
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2020-03-04",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn mails_each_community_with_an_address_its_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_report(tmp.path());
    let list = read_json(&out.join("mail.json"));
    assert_eq!(list["communities"][0]["name"], "城东社区");
    assert_eq!(list["communities"][0]["to"], "chengdong@example.org");
    assert_eq!(list["communities"][1]["to"], serde_json::Value::Null);
    assert_eq!(list["communities"][0]["errors"], 1);
    let text = std::fs::read_to_string(out.join("mail.json")).unwrap();
    assert!(!text.contains("H001"), "no row data in mail.json");

    let (port, got) = sink();
    let o = mail_cmd(&out)
        .args(["--smtp", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The community without an address is listed, not skipped silently.
    assert!(err.contains("城西社区"), "{err}");
    assert!(err.contains("[mail.to]"), "{err}");
    // An address for no community of the report is said too (SPEC §9.4), and the report
    // has its `config_unknown_community` warning.
    assert!(
        err.contains("“城北社区”不是报告中的社区，不会给它发邮件"),
        "{err}"
    );
    let summary = read_json(&out.join("summary.json"));
    let unknown: Vec<&serde_json::Value> = summary["issues"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == "config_unknown_community")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("gridreport.toml 第 4 行 [mail.to] \"城北社区\""),
        "{unknown:?}"
    );
    assert!(unknown[0]["file"].is_null() && unknown[0]["community"].is_null());

    let first = got.lock().unwrap().clone();
    assert_eq!(first.len(), 1, "{first:?}");
    let m = &first[0];
    assert_eq!(m.to, vec!["<chengdong@example.org>"]);
    assert_eq!(m.from, "<jiedao@example.org>");
    // The file name is RFC 2231-encoded; the subject is encoded UTF-8.
    assert!(
        m.data
            .contains("filename*0*=utf-8''%E5%9F%8E%E4%B8%9C%E7%A4%BE%E5%8C%BA.xlsx"),
        "{}",
        &m.data[..m.data.len().min(2000)]
    );
    assert!(m.data.contains("Subject: =?utf-8?"));
    let xlsx = std::fs::read(out.join("communities/城东社区.xlsx")).unwrap();
    assert_eq!(attachment(&m.data), xlsx);

    // --config FILE: its [mail.to] instead.
    let cfg = tmp.path().join("other.toml");
    std::fs::write(
        &cfg,
        "[mail.to]\n\"城东社区\" = \"a@example.org\"\n\"城西社区\" = \"b@example.org\"\n",
    )
    .unwrap();
    let o = mail_cmd(&out)
        .args(["--smtp", &format!("127.0.0.1:{port}"), "--lang", "en"])
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("2 sent"), "{err}");
    let got = got.lock().unwrap().clone();
    let to: Vec<&str> = got[1..].iter().map(|g| g.to[0].as_str()).collect();
    assert_eq!(to, vec!["<a@example.org>", "<b@example.org>"]);
    let xlsx = std::fs::read(out.join("communities/城西社区.xlsx")).unwrap();
    assert_eq!(attachment(&got[2].data), xlsx);
}

#[test]
fn dry_run_writes_the_same_eml_files_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_report(tmp.path());
    let dry = || {
        let o = mail_cmd(&out)
            .arg("--dry-run")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::read(out.join("mail/城东社区.eml")).unwrap()
    };
    let a = dry();
    let b = dry();
    assert_eq!(a, b);
    assert!(!out.join("mail/城西社区.eml").exists());
    let text = String::from_utf8(a).unwrap();
    assert!(
        text.contains("Date: Wed, 04 Mar 2020 00:00:00 +0000"),
        "{text}"
    );
    assert!(text.contains("To: chengdong@example.org"));
    let xlsx = std::fs::read(out.join("communities/城东社区.xlsx")).unwrap();
    assert_eq!(attachment(&text), xlsx);
    // The body is Chinese with the headline figures.
    let body_at = text.find("Content-Type: text/plain").unwrap();
    let part = &text[body_at..];
    let start = part.find("\r\n\r\n").unwrap() + 4;
    let end = part[start..].find("\r\n--").unwrap() + start;
    let b64: String = part[start..end].split_whitespace().collect();
    let body = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap();
    assert!(body.contains("居民 3 人，1 户"), "{body}");
    assert!(body.contains("错误 1 个"), "{body}");
    // The sub-district's name (config `name`) in the subject and the body.
    assert!(body.contains("圭峰会城街道"), "{body}");
    assert_eq!(
        subject(&text),
        "圭峰会城街道 城东社区 网格化管理数据报告（截至 2020-03-04）"
    );
}

/// The Subject header, its RFC 2047 encoded words decoded.
fn subject(message: &str) -> String {
    let at = message.find("\r\nSubject: ").expect("a Subject") + 2;
    let mut header = String::new();
    for (i, line) in message[at..].split("\r\n").enumerate() {
        if i > 0 && !line.starts_with([' ', '\t']) {
            break;
        }
        header.push_str(line.trim_start_matches("Subject:"));
    }
    let mut bytes = Vec::new();
    for word in header.split_whitespace() {
        match word
            .strip_prefix("=?utf-8?b?")
            .and_then(|w| w.strip_suffix("?="))
        {
            Some(b64) => bytes.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            ),
            None => bytes.extend(word.as_bytes()),
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn no_report_no_mail() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "mail",
        tmp.path().to_str().unwrap(),
        "--from",
        "a@example.org",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mail.json"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// `--user`: the password comes from GRIDREPORT_SMTP_PASSWORD, STARTTLS is required unless
/// `--tls none` says otherwise, and a server without STARTTLS gets nothing in clear.
#[test]
fn logs_in_with_the_password_from_the_environment_and_never_in_clear_unless_told() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_report(tmp.path());
    let (port, got, auths) = sink_with_auth();
    let mail = |extra: &[&str], password: Option<&str>| {
        let mut c = mail_cmd(&out);
        c.args(["--smtp", &format!("127.0.0.1:{port}"), "--lang", "en"])
            .args(extra)
            .env_remove("GRIDREPORT_SMTP_PASSWORD");
        if let Some(p) = password {
            c.env("GRIDREPORT_SMTP_PASSWORD", p);
        }
        c.output().unwrap()
    };

    // No password in the environment: one line, exit 2, nothing sent.
    let o = mail(&["--user", "clerk"], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("GRIDREPORT_SMTP_PASSWORD"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    // --user: STARTTLS is required; this server has none, so no password and no message go
    // out in clear. The same with --tls starttls without a user.
    for extra in [&["--user", "clerk"][..], &["--tls", "starttls"][..]] {
        let o = mail(extra, Some("s3cret"));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {err}");
        assert!(err.contains("1 failed"), "{extra:?}: {err}");
        assert!(auths.lock().unwrap().is_empty(), "{extra:?}");
        assert!(got.lock().unwrap().is_empty(), "{extra:?}");
        assert!(!err.contains("s3cret"), "{err}");
    }

    // --tls none says plain SMTP is fine (a relay on the office network): AUTH PLAIN with
    // the user and the password, then the message.
    let o = mail(&["--user", "clerk", "--tls", "none"], Some("s3cret"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let auths = auths.lock().unwrap().clone();
    assert_eq!(auths.len(), 1, "{auths:?}");
    let plain = auths[0].strip_prefix("AUTH PLAIN ").expect("AUTH PLAIN");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(plain)
        .unwrap();
    assert_eq!(decoded, b"\0clerk\0s3cret");
    assert_eq!(got.lock().unwrap().len(), 1);
}
