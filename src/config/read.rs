//! From the text of `gridreport.toml` to a `Config`: every key checked against its range
//! (`keys.rs`), every mistake one message in the clerk's language naming the key, with the
//! byte offset where it is written (the caller turns it into a line).

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::keys::{self, Range};
use super::{parse_deadline, Config};
use crate::vocab::lang::Lang;
use crate::vocab::tables::{Field, TableKind};

/// A mistake: where (byte offset), which key (as the clerk wrote it) and what is wrong.
#[derive(Debug)]
pub(super) struct Bad {
    pub at: Option<usize>,
    pub key: String,
    pub message: String,
}

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

/// The entries of a table in the order they are written.
fn in_order<'a, 'i>(t: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut v: Vec<Entry> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

pub(super) fn read(source: &super::Source, lang: Lang) -> Result<Config, Bad> {
    let text = source.text.as_str();
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map(|s| s.start);
        let line = line_text(text, at.unwrap_or(0));
        Bad {
            at,
            key: key_of_line(&line),
            message: super::words::plain(e.message(), &line, lang),
        }
    })?;
    let r = Reader { lang, source };
    let mut c = Config::default();
    for (key, value) in in_order(doc.get_ref()) {
        let name: &str = key.get_ref();
        let bad = |message: String| Bad {
            at: Some(key.span().start),
            key: name.to_string(),
            message,
        };
        match name {
            "aliases" => r.aliases(value, &mut c)?,
            "communities" => r.communities(value, &mut c)?,
            "mail" => r.mail(value, &mut c)?,
            _ => match keys::find(name) {
                Some(k) => r.key(k, value, &mut c).map_err(bad)?,
                None => return Err(bad(r.unknown_key())),
            },
        }
    }
    if c.big_grid_min > c.big_grid_max {
        let at = doc
            .get_ref()
            .iter()
            .find(|(k, _)| k.get_ref() == "big_grid_min")
            .map(|(k, _)| k.span().start);
        return Err(Bad {
            at,
            key: "big_grid_min".into(),
            message: match lang {
                Lang::Zh => format!(
                    "big_grid_min = {} 大于 big_grid_max = {}：最少户数不能大于最多户数",
                    c.big_grid_min, c.big_grid_max
                ),
                Lang::En => format!(
                    "big_grid_min = {} is above big_grid_max = {}: the fewest cannot be more than the most",
                    c.big_grid_min, c.big_grid_max
                ),
            },
        });
    }
    Ok(c)
}

/// The whole line around byte offset `at`.
pub(super) fn line_text(text: &str, at: usize) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].trim().to_string()
}

/// The key written on a line (`name = …` → `name`, `[mail.to]` → `[mail.to]`), for messages.
fn key_of_line(line: &str) -> String {
    let l = line.trim();
    if l.starts_with('[') {
        return l.chars().take(40).collect();
    }
    l.split(['=', '＝'])
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(40)
        .collect()
}

struct Reader<'t> {
    lang: Lang,
    source: &'t super::Source,
}

impl Reader<'_> {
    fn line(&self, at: usize) -> usize {
        self.source.line(at)
    }

    fn t(&self, zh: &str, en: &str) -> String {
        self.lang.pick(zh, en).to_string()
    }

    fn unknown_key(&self) -> String {
        let names: Vec<&str> = keys::KEYS.iter().map(|k| k.key).collect();
        match self.lang {
            Lang::Zh => format!(
                "不认识的设置项（可能拼错了）；可用的设置项：{}，以及表 [aliases.<表类型>]、[communities]、[mail.to]",
                names.join("、")
            ),
            Lang::En => format!(
                "unknown setting (misspelt?); the settings are: {}, and the tables [aliases.<kind>], [communities], [mail.to]",
                names.join(", ")
            ),
        }
    }

    /// One top-level key, checked against its range.
    fn key(&self, k: &keys::Key, v: &Spanned<DeValue>, c: &mut Config) -> Result<(), String> {
        let out_of_range = |shown: &str| match self.lang {
            Lang::Zh => format!("{shown} 超出范围：应为{}", k.range.words(self.lang)),
            Lang::En => format!(
                "{shown} is out of range: it must be {}",
                k.range.words(self.lang)
            ),
        };
        let wrong = || match self.lang {
            Lang::Zh => format!("写法不对：应为{}", k.range.words(self.lang)),
            Lang::En => format!("not written right: it must be {}", k.range.words(self.lang)),
        };
        let unquote = || match self.lang {
            Lang::Zh => format!(
                "数字和 true/false 不加引号：应为{}",
                k.range.words(self.lang)
            ),
            Lang::En => format!(
                "numbers and true/false have no quotes: it must be {}",
                k.range.words(self.lang)
            ),
        };
        let value = v.get_ref();
        match k.range {
            Range::Int { min, max } => {
                let n = match value {
                    DeValue::Integer(i) => {
                        let digits = i.as_str().replace('_', "");
                        match i128::from_str_radix(&digits, i.radix()) {
                            Ok(n) => n,
                            Err(_) => return Err(out_of_range(i.as_str())),
                        }
                    }
                    DeValue::Float(f) => match float(f.as_str()) {
                        Some(x) if x.fract() == 0.0 && x.abs() < 1e18 => x as i128,
                        _ => return Err(wrong()),
                    },
                    DeValue::String(s) if s.trim().parse::<f64>().is_ok() => return Err(unquote()),
                    _ => return Err(wrong()),
                };
                if n < i128::from(min) || n > i128::from(max) {
                    return Err(out_of_range(&n.to_string()));
                }
                set_int(c, k.key, n as i64);
            }
            Range::Num { min, max } => {
                let x = match value {
                    DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
                    DeValue::Float(f) => float(f.as_str()),
                    DeValue::String(s) if s.trim().parse::<f64>().is_ok() => return Err(unquote()),
                    _ => return Err(wrong()),
                };
                let Some(x) = x.filter(|x| x.is_finite()) else {
                    return Err(wrong());
                };
                if x < min || x > max {
                    return Err(out_of_range(&x.to_string()));
                }
                match k.key {
                    "max_residents_per_worker" => c.max_residents_per_worker = x,
                    _ => c.min_screening_coverage = x,
                }
            }
            Range::Bool => match value {
                DeValue::Boolean(b) => c.html_file_names = *b,
                DeValue::String(s) if matches!(s.trim(), "true" | "false") => return Err(unquote()),
                _ => return Err(wrong()),
            },
            Range::Date { min, max } => {
                let s = match value {
                    DeValue::String(s) => s.trim().to_string(),
                    DeValue::Datetime(d) => d.to_string(),
                    _ => return Err(wrong()),
                };
                let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") else {
                    return Err(wrong());
                };
                let inside = NaiveDate::parse_from_str(min, "%Y-%m-%d").is_ok_and(|m| d >= m)
                    && NaiveDate::parse_from_str(max, "%Y-%m-%d").is_ok_and(|m| d <= m);
                if !inside {
                    return Err(out_of_range(&s));
                }
                c.daily_start = Some(d);
            }
            Range::Deadline => {
                let DeValue::String(s) = value else {
                    return Err(wrong());
                };
                c.daily_deadline_minutes = parse_deadline(s).ok_or_else(wrong)?;
            }
            Range::Text { max_chars } => {
                let DeValue::String(s) = value else {
                    return Err(wrong());
                };
                let s = s.trim();
                if s.chars().count() > max_chars {
                    return Err(out_of_range(&format!(
                        "“{}…”",
                        s.chars().take(10).collect::<String>()
                    )));
                }
                c.name = (!s.is_empty()).then(|| s.to_string());
            }
            Range::Names => {
                let items: Vec<&Spanned<DeValue>> = match value {
                    DeValue::Array(a) => a.iter().collect(),
                    DeValue::String(_) => vec![v],
                    _ => return Err(wrong()),
                };
                let mut names = Vec::new();
                for item in items {
                    let DeValue::String(s) = item.get_ref() else {
                        return Err(wrong());
                    };
                    let s = s.trim().to_string();
                    if s.is_empty() {
                        return Err(self.t("列表中有空的名称", "a name in the list is empty"));
                    }
                    c.lines
                        .community_order
                        .entry(s.clone())
                        .or_insert(self.line(item.span().start));
                    names.push(s);
                }
                c.community_order = names;
            }
        }
        Ok(())
    }

    fn table<'a, 'i>(
        &self,
        v: &'a Spanned<DeValue<'i>>,
        key: &str,
        example: &str,
    ) -> Result<&'a DeTable<'i>, Bad> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(Bad {
                at: Some(v.span().start),
                key: key.to_string(),
                message: match self.lang {
                    Lang::Zh => format!("应写成表，如 {example}"),
                    Lang::En => format!("must be a table, such as {example}"),
                },
            }),
        }
    }

    /// `[aliases.<kind>] <field> = ["…"]`.
    fn aliases(&self, v: &Spanned<DeValue>, c: &mut Config) -> Result<(), Bad> {
        let example = "[aliases.households] members = [\"家庭人口数\"]";
        for (kind_key, fields) in in_order(self.table(v, "aliases", example)?) {
            let kind_name: &str = kind_key.get_ref();
            let table = format!("[aliases.{kind_name}]");
            let Some(kind) = TableKind::parse(kind_name) else {
                let kinds: Vec<String> = TableKind::ALL
                    .iter()
                    .map(|k| match self.lang {
                        Lang::Zh => format!("{}（{}）", k.as_str(), k.label(self.lang)),
                        Lang::En => k.as_str().to_string(),
                    })
                    .collect();
                return Err(Bad {
                    at: Some(kind_key.span().start),
                    key: table,
                    message: match self.lang {
                        Lang::Zh => {
                            format!("不认识的表类型“{kind_name}”；可用的：{}", kinds.join("、"))
                        }
                        Lang::En => format!(
                            "unknown table kind '{kind_name}'; the kinds are {}",
                            kinds.join(", ")
                        ),
                    },
                });
            };
            for (field_key, list) in in_order(self.table(fields, &table, example)?) {
                let field_name: &str = field_key.get_ref();
                let bad = |message: String| Bad {
                    at: Some(field_key.span().start),
                    key: format!("{table} {field_name}"),
                    message,
                };
                let Some(field) = Field::parse(field_name).filter(|f| kind.has_field(*f)) else {
                    return Err(bad(self.unknown_field(kind, field_name)));
                };
                let items: Vec<&Spanned<DeValue>> = match list.get_ref() {
                    DeValue::Array(a) => a.iter().collect(),
                    DeValue::String(_) => vec![list],
                    _ => vec![],
                };
                let mut aliases = Vec::new();
                for item in &items {
                    match item.get_ref() {
                        DeValue::String(s) if !s.trim().is_empty() => aliases.push(s.to_string()),
                        DeValue::String(_) => {
                            return Err(bad(self.t("别名不能是空的", "an alias is empty")))
                        }
                        _ => {
                            return Err(bad(match self.lang {
                                Lang::Zh => format!("应为列名的列表，如 {field_name} = [\"家庭人口数\"]"),
                                Lang::En => format!("must be a list of headers, such as {field_name} = [\"家庭人口数\"]"),
                            }))
                        }
                    }
                }
                if items.is_empty() {
                    return Err(bad(match self.lang {
                        Lang::Zh => format!("应为列名的列表，如 {field_name} = [\"家庭人口数\"]"),
                        Lang::En => format!(
                            "must be a list of headers, such as {field_name} = [\"家庭人口数\"]"
                        ),
                    }));
                }
                c.aliases
                    .entry(kind)
                    .or_default()
                    .entry(field)
                    .or_default()
                    .extend(aliases);
            }
        }
        Ok(())
    }

    /// The fields of the kind with their built-in headers, for "no such field".
    fn unknown_field(&self, kind: TableKind, name: &str) -> String {
        // A built-in header written where the field belongs: say which field it is.
        let normalized = crate::vocab::normalize::normalize_header(name);
        let by_header = kind.fields().iter().find(|(f, _)| {
            kind.aliases(*f)
                .iter()
                .any(|a| crate::vocab::normalize::normalize_header(a) == normalized)
        });
        let list: Vec<String> = kind
            .fields()
            .iter()
            .map(|(f, _)| {
                let headers: Vec<&str> = kind
                    .aliases(*f)
                    .iter()
                    .copied()
                    .filter(|a| !a.is_ascii())
                    .collect();
                match self.lang {
                    Lang::Zh => format!("{}（{}）", f.as_str(), headers.join("、")),
                    Lang::En => format!("{} ({})", f.as_str(), headers.join(" ")),
                }
            })
            .collect();
        let k = kind.as_str();
        match (by_header, self.lang) {
            (Some((f, _)), Lang::Zh) => format!(
                "“{name}”是列名，不是字段名：这一行应写成 {} = [\"<表中的列名>\"]。{k} 的字段：{}",
                f.as_str(),
                list.join("；")
            ),
            (Some((f, _)), Lang::En) => format!(
                "'{name}' is a header, not a field: write {} = [\"<the header in your sheet>\"]. The fields of {k}: {}",
                f.as_str(),
                list.join("; ")
            ),
            (None, Lang::Zh) => format!("{k} 表没有字段“{name}”；可用的字段（及内置列名）：{}", list.join("；")),
            (None, Lang::En) => format!("{k} has no field '{name}'; its fields (and built-in headers): {}", list.join("; ")),
        }
    }

    /// `[communities] "<spelling>" = "<name>"`.
    fn communities(&self, v: &Spanned<DeValue>, c: &mut Config) -> Result<(), Bad> {
        let example = "[communities] \"城东居\" = \"城东社区\"";
        for (k, name) in in_order(self.table(v, "[communities]", example)?) {
            let spelling: &str = k.get_ref();
            let bad = |message: String| Bad {
                at: Some(k.span().start),
                key: format!("[communities] \"{spelling}\""),
                message,
            };
            let DeValue::String(name) = name.get_ref() else {
                let hint = match keys::find(spelling) {
                    Some(_) => self.t(
                        "；设置项要写在文件开头、第一个 [表] 之前",
                        "; settings go at the top of the file, before the first [table]",
                    ),
                    None => String::new(),
                };
                return Err(bad(match self.lang {
                    Lang::Zh => format!("应写成 \"写法\" = \"社区名称\"（右边加引号）{hint}"),
                    Lang::En => format!(
                        "write \"spelling\" = \"community name\" (quoted on the right){hint}"
                    ),
                }));
            };
            if name.trim().is_empty() {
                return Err(bad(self.t("社区名称是空的", "the community name is empty")));
            }
            c.communities.insert(spelling.to_string(), name.to_string());
            c.lines
                .communities
                .insert(spelling.to_string(), self.line(k.span().start));
        }
        Ok(())
    }

    /// `[mail.to] "<name>" = "<address>"`.
    fn mail(&self, v: &Spanned<DeValue>, c: &mut Config) -> Result<(), Bad> {
        let example = "[mail.to] \"城东社区\" = \"chengdong@example.org\"";
        for (k, to) in in_order(self.table(v, "[mail]", example)?) {
            if k.get_ref() != "to" {
                return Err(Bad {
                    at: Some(k.span().start),
                    key: format!("[mail] {}", k.get_ref()),
                    message: self.t(
                        "[mail] 下只有 [mail.to]（社区名称 = 邮箱）",
                        "[mail] holds only [mail.to] (community name = address)",
                    ),
                });
            }
            for (name_key, addr) in in_order(self.table(to, "[mail.to]", example)?) {
                let name: &str = name_key.get_ref();
                let bad = |message: String| Bad {
                    at: Some(name_key.span().start),
                    key: format!("[mail.to] \"{name}\""),
                    message,
                };
                let addr = match addr.get_ref() {
                    DeValue::String(a) if a.contains('@') => a.trim().to_string(),
                    DeValue::String(a) => {
                        return Err(bad(match self.lang {
                            Lang::Zh => format!("“{a}”不是邮箱地址"),
                            Lang::En => format!("'{a}' is not an e-mail address"),
                        }))
                    }
                    _ => {
                        return Err(bad(self.t(
                            "应写成 \"社区名称\" = \"邮箱\"（右边加引号）",
                            "write \"community name\" = \"address\" (quoted on the right)",
                        )))
                    }
                };
                c.mail_to.insert(name.to_string(), addr);
                c.lines
                    .mail_to
                    .insert(name.to_string(), self.line(name_key.span().start));
            }
        }
        Ok(())
    }
}

fn float(s: &str) -> Option<f64> {
    s.replace('_', "").parse::<f64>().ok()
}

fn set_int(c: &mut Config, key: &str, n: i64) {
    let u = n.max(0) as u64;
    match key {
        "header_scan_rows" => c.header_scan_rows = u as u32,
        "big_grid_min" => c.big_grid_min = u,
        "big_grid_max" => c.big_grid_max = u,
        "isolation_days" => c.isolation_days = n,
        "max_period_days" => c.max_period_days = u as u32,
        "history_keep" => c.history_keep = u as u32,
        "max_file_mb" => c.limits.max_file_mb = u,
        "max_uncompressed_mb" => c.limits.max_uncompressed_mb = u,
        "max_cells_per_sheet" => c.limits.max_cells_per_sheet = u,
        "max_seconds_per_file" => c.limits.max_seconds_per_file = u,
        "max_memory_mb" => c.limits.max_memory_mb = u,
        _ => {}
    }
}
