//! `config_unknown_community` (SPEC §9.4): a `[communities]` target, a `[mail.to]` key or a
//! `community_order` entry that names no community of the report does nothing — a typo the
//! clerk would never notice. One warning each, naming the config file, the line and the key.

use super::community::{shared_stem, Communities};
use crate::config::Config;
use crate::model::values::community_key;
use crate::vocab::issue::{Issue, Rule};
use crate::vocab::lang::Lang;

/// Where a name is written in the config.
#[derive(Clone, Copy)]
enum Place {
    Communities,
    MailTo,
    CommunityOrder,
}

pub fn unknown_communities(found: &Communities, cfg: &Config, lang: Lang, issues: &mut Vec<Issue>) {
    // The report's communities: display names of the existing keys.
    let names: Vec<(&str, &str)> = found
        .existing
        .iter()
        .filter_map(|k| Some((k.as_str(), found.name(k)?)))
        .collect();
    let is_name = |n: &str| names.iter().any(|(_, name)| *name == n);
    for (spelling, target) in &cfg.communities {
        // The target names a community when some row belongs to its key (the config's
        // name is then that community's display name).
        if !found.existing.contains(&community_key(target)) {
            let key = format!("[communities] \"{spelling}\" = \"{target}\"");
            let line = cfg.lines.communities.get(spelling).copied();
            issues.push(issue(
                cfg,
                line,
                &key,
                target,
                Place::Communities,
                &names,
                lang,
            ));
        }
    }
    for name in cfg.mail_to.keys() {
        if !is_name(name) {
            let key = format!("[mail.to] \"{name}\"");
            let line = cfg.lines.mail_to.get(name).copied();
            issues.push(issue(cfg, line, &key, name, Place::MailTo, &names, lang));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in &cfg.community_order {
        if !is_name(name) && !seen.contains(&name.as_str()) {
            seen.push(name);
            let key = format!("community_order \"{name}\"");
            let line = cfg.lines.community_order.get(name).copied();
            issues.push(issue(
                cfg,
                line,
                &key,
                name,
                Place::CommunityOrder,
                &names,
                lang,
            ));
        }
    }
}

fn issue(
    cfg: &Config,
    line: Option<usize>,
    key: &str,
    name: &str,
    place: Place,
    names: &[(&str, &str)],
    lang: Lang,
) -> Issue {
    let file = cfg
        .source_name()
        .unwrap_or_else(|| crate::config::FILE_NAME.to_string());
    let at = match (line, lang) {
        (Some(n), Lang::Zh) => format!("{file} 第 {n} 行 {key}"),
        (Some(n), Lang::En) => format!("{file}, line {n}, {key}"),
        (None, Lang::Zh) => format!("{file} {key}"),
        (None, Lang::En) => format!("{file}, {key}"),
    };
    let what = match (place, lang) {
        (Place::Communities, Lang::Zh) => {
            format!("没有任何行属于社区“{name}”，这一行不起作用")
        }
        (Place::Communities, Lang::En) => {
            format!("no row belongs to community '{name}'; the line does nothing")
        }
        (Place::MailTo, Lang::Zh) => format!("报告中没有社区“{name}”，不会给它发邮件"),
        (Place::MailTo, Lang::En) => {
            format!("the report has no community '{name}'; nothing is mailed to it")
        }
        (Place::CommunityOrder, Lang::Zh) => format!("报告中没有社区“{name}”，排序时跳过"),
        (Place::CommunityOrder, Lang::En) => {
            format!("the report has no community '{name}'; it is left out of the order")
        }
    };
    let hint = hint(name, names, lang);
    let message = match lang {
        Lang::Zh => format!("{at}：{what}；{hint}"),
        Lang::En => format!("{at}: {what}; {hint}"),
    };
    Issue::new(Rule::ConfigUnknownCommunity, message).key(format!("config/{key}"))
}

/// The report's name for it: the same community under another display name, else one
/// whose stem starts the same (at least 2 characters, the longest shared start first).
fn hint(name: &str, names: &[(&str, &str)], lang: Lang) -> String {
    let key = community_key(name);
    if let Some((_, same)) = names.iter().find(|(k, _)| **k == key) {
        return match lang {
            Lang::Zh => format!("报告中这个社区的名称是“{same}”，请改成这个名称"),
            Lang::En => format!("the report names this community '{same}': use that name"),
        };
    }
    let close = names
        .iter()
        .map(|(_, n)| (shared_stem(name, n), *n))
        .filter(|(s, _)| *s >= 2)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    match (close, lang) {
        (Some((_, n)), Lang::Zh) => format!("是不是“{n}”？请核对名称"),
        (Some((_, n)), Lang::En) => format!("did you mean '{n}'? Check the name"),
        (None, Lang::Zh) => "请核对社区名称".to_string(),
        (None, Lang::En) => "check the community name".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(names: &[&str]) -> Communities {
        let mut c = Communities::default();
        for n in names {
            let k = community_key(n);
            c.existing.insert(k.clone());
            c.names.insert(k, n.to_string());
        }
        c
    }

    #[test]
    fn each_unknown_name_once_with_file_line_and_key() {
        let mut cfg = Config::parse(
            "community_order = [\"城东社区\", \"城北社区\", \"城北社区\"]\n\
             [communities]\n\"城东居\" = \"城东社区\"\n\"振兴居\" = \"振兴社区\"\n\
             [mail.to]\n\"城东\" = \"a@b\"\n\"城东社区\" = \"c@d\"\n\"城南社区\" = \"e@f\"\n",
        )
        .unwrap();
        cfg.source = Some("/data/in/gridreport.toml".into());
        let mut issues = Vec::new();
        unknown_communities(
            &found(&["城东社区", "城南街社区"]),
            &cfg,
            Lang::Zh,
            &mut issues,
        );
        let msgs: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "gridreport.toml 第 4 行 [communities] \"振兴居\" = \"振兴社区\"：没有任何行属于社区“振兴社区”，这一行不起作用；请核对社区名称",
                "gridreport.toml 第 6 行 [mail.to] \"城东\"：报告中没有社区“城东”，不会给它发邮件；报告中这个社区的名称是“城东社区”，请改成这个名称",
                "gridreport.toml 第 8 行 [mail.to] \"城南社区\"：报告中没有社区“城南社区”，不会给它发邮件；是不是“城南街社区”？请核对名称",
                "gridreport.toml 第 1 行 community_order \"城北社区\"：报告中没有社区“城北社区”，排序时跳过；请核对社区名称",
            ]
        );
        for i in &issues {
            assert_eq!(i.rule, Rule::ConfigUnknownCommunity);
            assert!(i.file.is_none() && i.community.is_none() && i.community_key.is_none());
        }
        let mut en = Vec::new();
        unknown_communities(&found(&["城东社区"]), &cfg, Lang::En, &mut en);
        assert!(
            en[0].message.starts_with(
                "gridreport.toml, line 4, [communities] \"振兴居\" = \"振兴社区\": no row belongs"
            ),
            "{}",
            en[0].message
        );
    }
}
