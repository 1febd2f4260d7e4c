//! Names, resident id numbers (身份证号) and phone numbers.

use super::rng::Rng;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// Common surnames in Jiangmen, repeated by rough frequency (Guangdong has many 陈, 黄, 李, 梁).
const SURNAMES: &[&str] = &[
    "陈", "陈", "陈", "陈", "黄", "黄", "黄", "李", "李", "李", "梁", "梁", "梁", "林", "林", "张",
    "张", "吴", "吴", "何", "何", "刘", "刘", "冯", "冯", "赵", "区", "伍", "关", "甄", "麦", "谭",
    "钟", "曾", "余", "莫", "叶", "罗", "郑", "周", "胡", "许", "苏", "谢", "邓", "杨", "王", "潘",
    "卢", "容", "简", "司徒", "欧阳", "朱", "蔡", "彭", "姚", "邝", "甘", "温",
];
const GIVEN_M: &[&str] = &[
    "伟", "强", "志", "明", "健", "华", "国", "文", "杰", "俊", "浩", "家", "永", "荣", "锦", "辉",
    "海", "德", "伟", "威", "振", "耀", "宏", "嘉", "子", "建", "兴", "泽", "庆", "达", "展", "峰",
    "斌", "亮", "勇", "涛", "坚", "汉", "雄", "深",
];
const GIVEN_F: &[&str] = &[
    "丽", "芳", "娟", "敏", "静", "燕", "玲", "婷", "霞", "红", "秀", "美", "慧", "嘉", "欣", "颖",
    "雪", "晓", "丹", "凤", "琳", "洁", "倩", "珊", "莹", "翠", "彩", "银", "月", "桂", "淑", "惠",
    "小", "咏", "诗", "妙", "卿", "宝", "雯", "丽",
];

/// Area codes of where residents were registered: mostly Xinhui (Huicheng is in 新会区),
/// the rest of Jiangmen, and migrants from other provinces.
const AREAS_LOCAL: &[&str] = &[
    "440705", "440705", "440705", "440705", "440703", "440704", "440781", "440783", "440784",
    "440785", "445302", "440606", "450102", "430426", "360502",
];
/// Areas in Hubei, for people returning from the epidemic area.
pub const AREAS_HUBEI: &[&str] = &["420102", "420106", "421002", "420984", "421102", "420502"];

pub fn surname(rng: &mut Rng) -> &'static str {
    rng.pick(SURNAMES)
}

pub fn name_with(rng: &mut Rng, surname: &str, male: bool) -> String {
    let list = if male { GIVEN_M } else { GIVEN_F };
    let mut s = String::from(surname);
    s.push_str(rng.pick(list));
    if rng.chance(0.7) {
        s.push_str(rng.pick(list));
    }
    s
}

pub fn name(rng: &mut Rng, male: bool) -> String {
    let sn = surname(rng);
    name_with(rng, sn, male)
}

/// The ISO 7064 MOD 11-2 check character of the first 17 digits of an id.
pub fn check_char(first17: &[u8]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d.saturating_sub(b'0')) * w)
        .sum();
    char::from(C[(sum % 11) as usize])
}

/// Makes ids unique across the whole district.
#[derive(Default)]
pub struct IdBook {
    used: HashSet<String>,
}

impl IdBook {
    /// A valid 18-digit id for someone born on `birth` (17th digit odd for men).
    pub fn issue(&mut self, rng: &mut Rng, area: &str, birth: NaiveDate, male: bool) -> String {
        loop {
            let seq = rng.below(500) * 2 + u64::from(male);
            let mut s = format!(
                "{area}{:04}{:02}{:02}{seq:03}",
                birth.year(),
                birth.month(),
                birth.day()
            );
            s.push(check_char(s.as_bytes()));
            if self.used.insert(s.clone()) {
                return s;
            }
        }
    }

    pub fn local(&mut self, rng: &mut Rng, birth: NaiveDate, male: bool) -> String {
        let area = rng.pick(AREAS_LOCAL);
        self.issue(rng, area, birth, male)
    }
}

/// A mobile number `1[3-9]x xxxx xxxx`.
pub fn mobile(rng: &mut Rng) -> String {
    const PREFIX: &[&str] = &[
        "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182",
        "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180",
        "181", "189", "177", "199", "166", "147", "198",
    ];
    format!("{}{:08}", rng.pick(PREFIX), rng.below(100_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_of_known_ids() {
        // The GB 11643 example id 11010519491231002X.
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"44070519850312001"), '1');
    }

    #[test]
    fn issued_ids_are_valid_and_unique() {
        let mut rng = Rng::new(3);
        let mut book = IdBook::default();
        let birth = NaiveDate::from_ymd_opt(1984, 2, 29).unwrap_or_default();
        let a = book.issue(&mut rng, "440703", birth, true);
        let b = book.issue(&mut rng, "440703", birth, false);
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.len(), 18);
            assert_eq!(id.chars().last(), Some(check_char(&id.as_bytes()[..17])));
            assert_eq!(&id[6..14], "19840229");
        }
        assert_eq!((a.as_bytes()[16] - b'0') % 2, 1);
        assert_eq!((b.as_bytes()[16] - b'0') % 2, 0);
        let m = mobile(&mut rng);
        assert_eq!(m.len(), 11);
        assert!(m.starts_with('1'));
    }
}
