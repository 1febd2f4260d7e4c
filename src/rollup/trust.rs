//! What a name read from another office's summary must be before it travels up (issue 18):
//! a unit's name becomes a page, a file name and a row in every table above, so it must be a
//! plain name; and no name anywhere in a summary may carry personal data — an id number or a
//! mobile phone typed into a community cell would otherwise be copied up every level.

use crate::vocab::lang::Lang;

/// The longest unit name taken (a sub-district's name is a few characters).
pub const MAX_UNIT_NAME: usize = 64;
/// The longest community name or big-grid code taken.
pub const MAX_NAME: usize = 200;

/// Why a unit's name cannot be used, or `None` when it can.
pub fn unit_name_problem(name: &str, lang: Lang) -> Option<String> {
    if name.trim().is_empty() {
        return Some(lang.pick("名称是空的", "the name is empty").to_string());
    }
    if name.chars().count() > MAX_UNIT_NAME {
        return Some(match lang {
            Lang::Zh => format!("名称超过 {MAX_UNIT_NAME} 个字"),
            Lang::En => format!("the name is longer than {MAX_UNIT_NAME} characters"),
        });
    }
    if name.trim() != name {
        return Some(
            lang.pick("名称前后有空格", "the name starts or ends with white space")
                .to_string(),
        );
    }
    if name.chars().any(hidden) {
        return Some(
            lang.pick(
                "名称里有控制字符或改变文字方向的字符",
                "the name holds control or text-direction characters",
            )
            .to_string(),
        );
    }
    if let Some(c) = name.chars().find(|c| FORBIDDEN.contains(c)) {
        return Some(match lang {
            Lang::Zh => format!("名称里有字符“{c}”，名称里不能有 / \\ : * ? \" < > |"),
            Lang::En => {
                format!("the name holds '{c}'; a name cannot hold / \\ : * ? \" < > |")
            }
        });
    }
    if name == "." || name == ".." {
        return Some(lang.pick("名称不是名称", "the name is no name").to_string());
    }
    personal_data(name, lang)
}

/// Why a community name or a big-grid code cannot travel up, or `None` when it can.
pub fn name_problem(name: &str, lang: Lang) -> Option<String> {
    if name.chars().count() > MAX_NAME {
        return Some(match lang {
            Lang::Zh => format!("有名称超过 {MAX_NAME} 个字"),
            Lang::En => format!("a name is longer than {MAX_NAME} characters"),
        });
    }
    personal_data(name, lang)
}

/// Characters no unit name holds: those Windows forbids in file names, and markup.
const FORBIDDEN: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Text that looks like personal data: a run of digits as long as an id number (15 or 18
/// digits, or 17 and `X`) or a mobile number (11 digits starting with 1). Codes of other
/// lengths (a 12-digit area code, `第10网格`) pass.
fn personal_data(s: &str, lang: Lang) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - start;
        let x = n == 17 && chars.get(i).is_some_and(|c| *c == 'X' || *c == 'x');
        let id = n == 15 || n == 18 || x;
        let phone = n == 11 && chars[start] == '1';
        if id || phone {
            return Some(
                lang.pick(
                    "名称里有像身份证号或手机号的数字（个人信息不能往上报）",
                    "a name holds digits like an id number or a mobile number (personal data must not travel up)",
                )
                .to_string(),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names() {
        let ok = [
            "圭峰会城街道",
            "江海区",
            "Huicheng 1",
            "外海街道（镇）",
            "440703001",
        ];
        for n in ok {
            assert_eq!(unit_name_problem(n, Lang::En), None, "{n}");
        }
        let bad = [
            "",
            "  ",
            " 甲街道",
            "a\u{7}b",
            "abc\u{202e}gpj",
            "../甲",
            "甲/乙",
            "<script>",
            "a:b",
            "..",
            "13812345678",
            "甲440703199001011234",
            "44070319900101123X",
            "440703900101123",
        ];
        for n in bad {
            assert!(unit_name_problem(n, Lang::Zh).is_some(), "{n:?}");
        }
        assert!(unit_name_problem(&"街".repeat(65), Lang::Zh).is_some());
        assert_eq!(unit_name_problem(&"街".repeat(64), Lang::Zh), None);
    }

    #[test]
    fn names_below_carry_no_personal_data() {
        for n in ["城东社区", "第10网格", "440703001001", "1栋", "网格 1/2"] {
            assert_eq!(name_problem(n, Lang::En), None, "{n}");
        }
        for n in ["13812345678", "张三 13812345678", "440703199001011234"] {
            assert!(name_problem(n, Lang::En).is_some(), "{n}");
        }
        assert!(name_problem(&"a".repeat(201), Lang::En).is_some());
    }
}
