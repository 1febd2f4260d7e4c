//! A TOML syntax error in plain words: what is wrong with the line and how to write it,
//! without the parser's vocabulary ("basic string", "inline table" …).

use crate::lang::Lang;

/// The parser's message (`toml`'s words) and the text of the line it points at → what a
/// clerk can act on.
pub(super) fn plain(message: &str, line: &str, lang: Lang) -> String {
    let m = message;
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    if line.contains(['“', '”', '‘', '’']) {
        return pick(
            "用了中文引号“”：请改成英文双引号 \"\"（输入法切到英文再输入）",
            "curly quotes “” are used: type straight double quotes \"\" instead",
        );
    }
    if line.contains(['＝', '［', '］', '，']) && !in_quotes_only(line) {
        return pick(
            "用了全角符号（＝ ［ ］ ，）：请改成英文半角的 = [ ] ,",
            "full-width signs (＝ ［ ］ ，) are used: type the plain = [ ] , instead",
        );
    }
    let has = |s: &str| m.contains(s);
    if has("invalid basic string")
        || has("invalid literal string")
        || has("invalid multi-line")
        || has("invalid string")
    {
        return pick(
            "引号没有闭合：文字两边都要有英文双引号，如 \"城东社区\"",
            "a quotation mark is not closed: put straight double quotes on both sides, e.g. \"城东社区\"",
        );
    }
    if has("string values must be quoted") || has("missing value") {
        return pick(
            "等号右边的值没写或没加引号：文字要写在英文双引号里，如 name = \"圭峰会城街道\"；数字和 true/false 不加引号",
            "the value after = is missing or not quoted: text goes in straight double quotes, e.g. name = \"圭峰会城街道\"; numbers and true/false have none",
        );
    }
    if has("invalid unquoted key") || has("invalid key") {
        return pick(
            "等号左边含中文或其他符号的名称要加英文双引号，如 \"城东居\" = \"城东社区\"",
            "a name with Chinese or other signs left of = goes in straight double quotes, e.g. \"城东居\" = \"城东社区\"",
        );
    }
    if has("unquoted keys cannot be empty") {
        return pick(
            "等号或方括号前面缺少名称",
            "a name is missing before = or inside the square brackets",
        );
    }
    if has("key with no value") || has("extra `=`") {
        return pick(
            "缺少等号：每行写成 名称 = 值，如 isolation_days = 14",
            "the = is missing: write each line as name = value, e.g. isolation_days = 14",
        );
    }
    if has("unclosed table") || has("unclosed array table") {
        return pick(
            "方括号没有闭合：表名写成 [communities] 这样",
            "a square bracket is not closed: write a table name like [communities]",
        );
    }
    if has("unclosed array") || has("missing array opening") {
        return pick(
            "列表的方括号没有闭合：写成 [\"家庭人口数\", \"口数\"] 这样",
            "a list's square bracket is not closed: write it like [\"家庭人口数\", \"口数\"]",
        );
    }
    if has("missing comma between array elements") {
        return pick(
            "列表的各项之间要用英文逗号隔开，如 [\"城东社区\", \"城西社区\"]",
            "separate the items of a list with commas, e.g. [\"城东社区\", \"城西社区\"]",
        );
    }
    if has("extra comma") {
        return pick("列表里多了一个逗号", "there is an extra comma in the list");
    }
    if has("unclosed inline table") || has("missing inline table opening") {
        return pick(
            "花括号 { } 没有配对：请改用 [表名] 加每行一项的写法",
            "curly braces { } do not pair up: use a [table] with one setting per line instead",
        );
    }
    if has("duplicate key") && line.trim_start().starts_with('[') {
        let header: String = line.trim().chars().take(40).collect();
        return match lang {
            Lang::Zh => format!(
                "表 {header} 在前面已经有了：同一个表只能出现一次，请把这一行的设置移到前面那个 {header} 下面"
            ),
            Lang::En => format!(
                "the table {header} appears earlier: a table can appear once only; move the settings here under the earlier {header}"
            ),
        };
    }
    if has("duplicate key") {
        return pick(
            "这一项前面已经写过：同一项只能写一次，请删掉其中一行",
            "this is set earlier in the file: a setting can be written once only; delete one of the lines",
        );
    }
    if has("missing escaped value") || has("escape") {
        return pick(
            "反斜杠 \\ 后面的字符无效：文件路径请写成 'C:\\数据\\台账'（单引号）或把 \\ 写成 \\\\",
            "the character after a backslash \\ is not allowed: write paths in single quotes, 'C:\\data', or double each \\",
        );
    }
    if has("invalid boolean") {
        return pick(
            "这里只能写 true 或 false",
            "only true or false can be written here",
        );
    }
    if has("leading zero")
        || has("may only go between digits")
        || has("mantissa")
        || has("exponent")
        || has("integer")
        || has("float")
        || has("number")
        || has("unexpected sign")
    {
        return pick(
            "数字写法不对：只写数字，如 30 或 0.9",
            "the number is not written right: digits only, e.g. 30 or 0.9",
        );
    }
    if has("date") || has("time") {
        return pick(
            "日期写法不对：写成 \"2020-01-24\"（加引号）",
            "the date is not written right: write \"2020-01-24\" (in quotes)",
        );
    }
    if has("unexpected key or value") || has("expected newline") {
        return pick(
            "一行只能写一项：这一行后面多了内容",
            "one setting per line: there is more on this line",
        );
    }
    if has("recursion") {
        return pick("嵌套太深", "nested too deeply");
    }
    pick(
        "这一行的写法无法识别：请对照 gridreport init 写出的文件检查引号、等号和方括号",
        "this line cannot be read: compare it with the file gridreport init writes (quotes, = and brackets)",
    )
}

/// Are all the full-width signs of the line inside quotes (part of a name, not syntax)?
fn in_quotes_only(line: &str) -> bool {
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' | '\'' => quoted = !quoted,
            '＝' | '［' | '］' | '，' if !quoted => return false,
            '#' if !quoted => break,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_for_what_clerks_type() {
        // (line, words the message must hold)
        for (text, zh, en) in [
            ("name = \"abc", "引号没有闭合", "not closed"),
            ("name =", "没加引号", "not quoted"),
            ("name = 圭峰", "没加引号", "not quoted"),
            ("[mail.to", "方括号没有闭合", "square bracket"),
            ("a = 1\na = 2", "已经写过", "set earlier"),
            (
                "[communities]\n[communities]",
                "同一个表只能出现一次",
                "a table can appear once only",
            ),
            ("城东社区 = \"x\"", "加英文双引号", "double quotes"),
            ("\"城东居\" = “城东社区”", "中文引号", "curly quotes"),
            ("isolation_days ＝ 14", "全角", "full-width"),
            (
                "members = [\"口数\"",
                "列表的方括号",
                "list's square bracket",
            ),
            ("x = [\"a\" \"b\"]", "英文逗号", "commas"),
            ("x = 07", "数字", "number"),
            ("html_file_names = tru", "true 或 false", "true or false"),
            ("daily_start = 2020-13-01", "日期", "date"),
            ("x = \"a\"\"b\"", "一行只能写一项", "one setting per line"),
            ("path = \"C:\\数据\"", "反斜杠", "backslash"),
        ] {
            let e = toml::de::DeTable::parse(text).unwrap_err();
            let at = e.span().map_or(0, |s| s.start);
            let line = text[..at.min(text.len())].rsplit('\n').next().unwrap_or("");
            let line_end = text[at.min(text.len())..].split('\n').next().unwrap_or("");
            let line = format!("{line}{line_end}");
            let z = plain(e.message(), &line, Lang::Zh);
            let n = plain(e.message(), &line, Lang::En);
            assert!(z.contains(zh), "{text:?}: {} → {z}", e.message());
            assert!(n.contains(en), "{text:?}: {} → {n}", e.message());
            for jargon in ["basic string", "inline table", "unquoted key", "literal"] {
                assert!(!n.contains(jargon), "{n}");
            }
        }
        // Full-width signs inside a quoted name are no mistake.
        assert!(in_quotes_only("\"城东，西\" = \"x\""));
        assert!(!in_quotes_only("a ＝ 1"));
    }
}
