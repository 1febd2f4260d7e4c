//! Safe output file names from community display names (SPEC §7 `<name>`).

const DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// One community name made safe for a file name (without the collision suffix).
pub fn safe_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    if s.is_empty() {
        s.push('_');
    }
    // Windows reserves a device name with any extension (`NUL.txt`): the `_` goes after
    // the part before the first dot.
    let stem_end = s.find('.').unwrap_or(s.len());
    let stem = s[..stem_end].trim_end().to_ascii_uppercase();
    if DEVICE_NAMES.contains(&stem.as_str()) {
        s.insert(stem_end, '_');
    }
    let mut s = cut_bytes(&s, 80).to_string();
    // Windows drops trailing dots and spaces (`a.` and `a` are one file).
    if s.ends_with(['.', ' ']) {
        s.pop();
        s.push('_');
    }
    s
}

fn cut_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Safe names for the communities in the order of the communities list; names that collide
/// ignoring case get `-2`, `-3` … in that order.
pub fn safe_names(names: &[String]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let base = safe_name(n);
        let lower = base.to_lowercase();
        let count = seen.entry(lower).or_insert(0);
        *count += 1;
        let mut candidate = if *count == 1 {
            base.clone()
        } else {
            format!("{}-{}", base, count)
        };
        let mut k = *count;
        while taken.contains(&candidate.to_lowercase()) {
            k += 1;
            candidate = format!("{}-{}", base, k);
        }
        taken.insert(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        assert_eq!(safe_name("城东社区"), "城东社区");
        assert_eq!(safe_name("../../x"), "_._.._x");
        assert_eq!(safe_name("a/b"), "a_b");
        assert_eq!(safe_name("CON"), "CON_");
        assert_eq!(safe_name("con.txt"), "con_.txt");
        assert_eq!(safe_name("NUL .a.b"), "NUL _.a.b");
        assert_eq!(safe_name("a."), "a_");
        assert_eq!(safe_name("a "), "a_");
        assert_eq!(safe_name("a\u{7}b"), "a_b");
        assert_eq!(safe_name(""), "_");
        let long = "社".repeat(100);
        let s = safe_name(&long);
        assert!(s.len() <= 80 && s.len() == 78, "{}", s.len());
    }

    #[test]
    fn collisions_ignore_case() {
        let names: Vec<String> = ["Abc", "ABC", "abc", "x/y", "x_y"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            safe_names(&names),
            vec!["Abc", "ABC-2", "abc-3", "x_y", "x_y-2"]
        );
    }
}
