//! What the rows of a roll-up are called. A summary's level says what its `communities` are:
//! a build's summary is level 1 (a sub-district: its rows are communities), a roll-up of
//! sub-districts level 2 (a district: its rows are sub-districts), and so on. The pages and
//! workbooks name the rows of each level in the clerk's words: 社区, 街道（镇）, 区（县）, 市,
//! and 下级单位 ("units") beyond, or where one table mixes levels.

use crate::vocab::lang::Lang;

/// The words for one level of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rows {
    pub zh: &'static str,
    /// One, in a sentence (`sub-district`).
    pub en: &'static str,
    /// More than one (`sub-districts`).
    pub en_many: &'static str,
    /// A heading or column title (`Sub-district`).
    pub en_title: &'static str,
}

const COMMUNITY: Rows = Rows {
    zh: "社区",
    en: "community",
    en_many: "communities",
    en_title: "Community",
};
const SUB_DISTRICT: Rows = Rows {
    zh: "街道（镇）",
    en: "sub-district",
    en_many: "sub-districts",
    en_title: "Sub-district",
};
const DISTRICT: Rows = Rows {
    zh: "区（县）",
    en: "district",
    en_many: "districts",
    en_title: "District",
};
const CITY: Rows = Rows {
    zh: "市",
    en: "city",
    en_many: "cities",
    en_title: "City",
};
const UNIT: Rows = Rows {
    zh: "下级单位",
    en: "unit",
    en_many: "units",
    en_title: "Unit",
};

/// What a summary of `level` is (1 = a sub-district built from workbooks); its rows are
/// `of_level(level - 1)`.
pub fn of_level(level: u32) -> Rows {
    match level {
        0 => COMMUNITY,
        1 => SUB_DISTRICT,
        2 => DISTRICT,
        3 => CITY,
        _ => UNIT,
    }
}

/// The words for rows of these levels: those of the level when they all share one, else
/// 下级单位 / units.
pub fn of_levels(levels: impl IntoIterator<Item = u32>) -> Rows {
    let mut it = levels.into_iter();
    match it.next() {
        Some(first) if it.all(|l| l == first) => of_level(first),
        Some(_) => UNIT,
        None => SUB_DISTRICT,
    }
}

impl Rows {
    /// One, as a column title: `街道（镇）` / `Sub-district`.
    pub fn title(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en_title)
    }

    /// `3 个街道（镇）` / `3 sub-districts` (`1 sub-district`).
    pub fn count(self, n: usize, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{n} 个{}", self.zh),
            Lang::En if n == 1 => format!("1 {}", self.en),
            Lang::En => format!("{n} {}", self.en_many),
        }
    }

    /// `各街道（镇）<zh>` / `<en> by sub-district`: a heading about every row.
    pub fn each(self, lang: Lang, zh: &str, en: &str) -> String {
        match lang {
            Lang::Zh => format!("各{}{zh}", self.zh),
            Lang::En => format!("{en} by {}", self.en),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_their_words() {
        let cases = [
            (0, "社区", "Community"),
            (1, "街道（镇）", "Sub-district"),
            (2, "区（县）", "District"),
            (3, "市", "City"),
            (4, "下级单位", "Unit"),
            (40, "下级单位", "Unit"),
        ];
        for (level, zh, en) in cases {
            assert_eq!(of_level(level).title(Lang::Zh), zh);
            assert_eq!(of_level(level).title(Lang::En), en);
        }
        assert_eq!(of_levels([1, 1, 1]), SUB_DISTRICT);
        assert_eq!(of_levels([1, 2]), UNIT);
        assert_eq!(of_levels([]), SUB_DISTRICT);
        assert_eq!(SUB_DISTRICT.count(3, Lang::Zh), "3 个街道（镇）");
        assert_eq!(SUB_DISTRICT.count(1, Lang::En), "1 sub-district");
        assert_eq!(CITY.count(2, Lang::En), "2 cities");
        assert_eq!(DISTRICT.each(Lang::Zh, "数据", "Figures"), "各区（县）数据");
        assert_eq!(
            DISTRICT.each(Lang::En, "数据", "Figures"),
            "Figures by district"
        );
    }
}
