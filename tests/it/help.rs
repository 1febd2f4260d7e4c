//! `--help`, usage lines and argument errors: Chinese by default, English with `--lang en` or
//! `GRIDREPORT_LANG=en` (src/cli_text.rs). Runs the real binary.

use std::process::{Command, Output};

const COMMANDS: [&str; 8] = [
    "build", "check", "watch", "init", "template", "mail", "rollup", "sample",
];

fn run(args: &[&str], env_lang: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gridreport"));
    cmd.args(args).env_remove("GRIDREPORT_LANG");
    if let Some(l) = env_lang {
        cmd.env("GRIDREPORT_LANG", l);
    }
    cmd.output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn assert_chinese_help(text: &str, what: &str) {
    for w in ["用法：gridreport", "选项", "示例：", "显示说明"] {
        assert!(text.contains(w), "{what}: {w:?} not in\n{text}");
    }
    for w in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Print help",
        "[default:",
    ] {
        assert!(!text.contains(w), "{what}: {w:?} in\n{text}");
    }
}

fn assert_english_help(text: &str, what: &str) {
    for w in ["Usage: gridreport", "Options:", "Example:", "Print help"] {
        assert!(text.contains(w), "{what}: {w:?} not in\n{text}");
    }
    assert!(!text.contains("用法"), "{what}:\n{text}");
}

#[test]
fn every_help_is_in_chinese_by_default() {
    let about = [
        ("build", "读取 INPUT 下的所有表格"),
        ("check", "列出问题"),
        ("watch", "自动重新生成"),
        ("init", "gridreport.toml"),
        ("template", "填报模板"),
        ("mail", "发邮件"),
        ("rollup", "汇总成区或市的报告"),
        ("sample", "示例表格"),
    ];
    for (cmd, words) in about {
        for flag in ["--help", "-h"] {
            let o = run(&[cmd, flag], None);
            assert_eq!(o.status.code(), Some(0), "{cmd} {flag}");
            let text = out(&o);
            assert_chinese_help(&text, cmd);
            assert!(text.contains(words), "{cmd}: {text}");
            assert!(
                text.contains(&format!("gridreport {cmd} ")),
                "{cmd}: {text}"
            );
            // Windows paths beside Unix ones.
            assert!(
                text.contains("（Windows") && text.contains("D:\\"),
                "{cmd}: {text}"
            );
        }
    }
    // Positionals under 参数, defaults said in Chinese.
    let text = out(&run(&["build", "--help"], None));
    assert!(text.contains("参数") && text.contains("<INPUT>"), "{text}");
    let text = out(&run(&["watch", "--help"], None));
    assert!(text.contains("（默认：2）"), "{text}");

    let o = run(&["--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = out(&o);
    assert_chinese_help(&text, "gridreport");
    assert!(
        text.contains("命令") && text.contains("汇总成街道报告"),
        "{text}"
    );
    for cmd in COMMANDS {
        assert!(text.contains(cmd), "{cmd}: {text}");
    }
    assert!(
        text.contains("显示某个命令的说明"),
        "the help command: {text}"
    );

    // `help COMMAND` is `COMMAND --help`.
    let o = run(&["help", "check"], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), out(&run(&["check", "--help"], None)));
}

#[test]
fn english_with_lang_en_or_the_environment() {
    for cmd in COMMANDS {
        let o = run(&[cmd, "--help", "--lang", "en"], None);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let text = out(&o);
        assert_english_help(&text, cmd);
        assert!(
            text.contains("(Windows") && text.contains("D:\\"),
            "{cmd}: {text}"
        );

        let o = run(&[cmd, "--help"], Some("en"));
        assert_eq!(out(&o), text, "{cmd}: GRIDREPORT_LANG=en");

        // The command line wins over the environment.
        let o = run(&[cmd, "--lang=zh", "--help"], Some("en"));
        assert_chinese_help(&out(&o), cmd);
    }
    let o = run(&["--lang", "en", "--help"], None);
    assert_english_help(&out(&o), "gridreport");
    assert!(out(&o).contains("Merge community grid workbooks"));
    // An unknown GRIDREPORT_LANG is passed over: Chinese.
    assert_chinese_help(&out(&run(&["--help"], Some("fr"))), "GRIDREPORT_LANG=fr");
}

#[test]
fn argument_errors_are_chinese_and_exit_2() {
    // A missing required argument.
    let o = run(&["build", "报表"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let e = err(&o);
    assert!(e.starts_with("错误：缺少必需的参数：--out <OUT>"), "{e}");
    assert!(
        e.contains("用法：gridreport build <INPUT> -o <OUT> [选项]"),
        "{e}"
    );
    assert!(e.contains("gridreport build --help"), "{e}");

    // Unknown argument, unknown command, bad values.
    let cases: [(&[&str], &str); 5] = [
        (
            &["check", "报表", "--quite"],
            "不认识的参数“--quite”。是不是要用“--quiet”？",
        ),
        (&["chek", "报表"], "没有“chek”这个命令。是不是要用“check”？"),
        (
            &["check", "报表", "--lang", "fr"],
            "“--lang <LANG>”的值“fr”无效：请用 zh 或 en",
        ),
        (&["check", "报表", "--as-of", "2020/02/15"], "YYYY-MM-DD"),
        (
            &[
                "mail",
                "汇总报告",
                "--from",
                "a@b",
                "--dry-run",
                "--tls",
                "ssl",
            ],
            "可以用：auto、starttls、tls、none",
        ),
    ];
    for (args, wanted) in cases {
        let o = run(args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = err(&o);
        assert!(e.starts_with("错误："), "{args:?}: {e}");
        assert!(e.contains(wanted), "{args:?}: {wanted:?} not in {e}");
        assert!(!e.contains("error:"), "{args:?}: {e}");
    }

    // In English when asked.
    let o = run(&["build", "data", "--lang", "en"], None);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("error:") && e.contains("Usage: gridreport build"),
        "{e}"
    );
    let o = run(&["build", "data"], Some("en"));
    assert!(err(&o).contains("error:"), "{}", err(&o));

    // No command at all: the help on stderr, exit 2.
    let o = run(&[], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("用法：gridreport <命令> [选项]"),
        "{}",
        err(&o)
    );
}

#[test]
fn version_on_stdout() {
    for flag in ["--version", "-V"] {
        let o = run(&[flag], None);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            out(&o).trim(),
            format!("gridreport {}", env!("CARGO_PKG_VERSION"))
        );
    }
    let text = out(&run(&["--help"], None));
    assert!(text.contains("显示版本号"), "{text}");
}

#[test]
fn gridreport_lang_is_the_default_of_lang() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let missing = missing.to_str().unwrap();
    let o = run(&["check", missing], Some("en"));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no such folder"), "{}", err(&o));
    let zh = err(&run(&["check", missing], None));
    assert!(!zh.contains("no such folder"), "{zh}");
    assert_eq!(
        err(&run(&["check", missing, "--lang", "zh"], Some("en"))),
        zh
    );
}
