//! Numbers and dates formatted for people (`12,345`, `93.4%`, `2020-03-04`, `—` for none),
//! and the same formatting as Tera filters for template authors.

use tera::{Kwargs, State, Tera, Value};

/// What a missing figure (JSON `null`) looks like on the page.
pub const NONE: &str = "—";

/// A whole number with thousands separators: `12345` → `12,345`.
pub fn int(n: u64) -> String {
    group(&n.to_string())
}

/// A ratio as a percentage with one decimal: `0.934` → `93.4%`; `None` → `—`.
pub fn pct(r: Option<f64>) -> String {
    match r {
        Some(x) if x.is_finite() => format!("{}%", dec(x * 100.0, 1)),
        _ => NONE.to_string(),
    }
}

/// A ratio such as residents per worker, one decimal: `1234.56` → `1,234.6`; `None` → `—`.
pub fn dec1(r: Option<f64>) -> String {
    match r {
        Some(x) if x.is_finite() => dec(x, 1),
        _ => NONE.to_string(),
    }
}

/// `x` with `places` decimals and thousands separators in the whole part.
fn dec(x: f64, places: usize) -> String {
    let s = format!("{:.*}", places, x);
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    // "-0.0" reads oddly; a value that rounds to zero is shown without a sign.
    let sign =
        if whole.bytes().all(|b| b == b'0') && frac.is_none_or(|f| f.bytes().all(|b| b == b'0')) {
            ""
        } else {
            sign
        };
    match frac {
        Some(f) => format!("{sign}{}.{f}", group(whole)),
        None => format!("{sign}{}", group(whole)),
    }
}

/// Insert `,` every three digits from the right of a string of ASCII digits.
fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn as_ratio(v: &Value) -> Option<f64> {
    v.as_number().map(|n| n.as_float())
}

/// Register `num`, `pct` and `dec1` (the formatting above) with a Tera instance. Tera 2 checks
/// filter names when templates are added, so call this before adding them.
pub fn register(tera: &mut Tera) {
    tera.register_filter("num", |v: Value, _: Kwargs, _: &State| -> String {
        if let Some(n) = v.as_u64() {
            int(n)
        } else if let Some(i) = v.as_i64() {
            // Negative whole numbers do not occur in the figures, but format them anyway.
            format!("-{}", int(i.unsigned_abs()))
        } else if v.is_number() {
            dec1(as_ratio(&v))
        } else {
            NONE.to_string()
        }
    });
    tera.register_filter("pct", |v: Value, _: Kwargs, _: &State| -> String {
        pct(as_ratio(&v))
    });
    tera.register_filter("dec1", |v: Value, _: Kwargs, _: &State| -> String {
        dec1(as_ratio(&v))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1,000");
        assert_eq!(int(12345), "12,345");
        assert_eq!(int(320_000), "320,000");
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(int(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn percentages() {
        assert_eq!(pct(Some(0.934)), "93.4%");
        assert_eq!(pct(Some(0.93449)), "93.4%");
        assert_eq!(pct(Some(1.0)), "100.0%");
        assert_eq!(pct(Some(0.0)), "0.0%");
        assert_eq!(pct(Some(0.73)), "73.0%");
        assert_eq!(pct(Some(12.5)), "1,250.0%");
        assert_eq!(pct(None), "—");
        assert_eq!(pct(Some(f64::NAN)), "—");
        assert_eq!(pct(Some(f64::INFINITY)), "—");
    }

    #[test]
    fn decimals() {
        assert_eq!(dec1(Some(888.888)), "888.9");
        assert_eq!(dec1(Some(1234.56)), "1,234.6");
        assert_eq!(dec1(Some(36.5)), "36.5");
        assert_eq!(dec1(Some(17777.0)), "17,777.0");
        assert_eq!(dec1(Some(-0.01)), "0.0");
        assert_eq!(dec1(Some(-1234.5)), "-1,234.5");
        assert_eq!(dec1(None), "—");
    }

    #[test]
    fn filters_in_templates() {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template(
            "t.html",
            "{{ a | num }} {{ b | pct }} {{ c | dec1 }} {{ d | pct }} {{ e | num }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", &12345u64);
        ctx.insert("b", &0.934f64);
        ctx.insert("c", &1500.25f64);
        ctx.insert("d", &Option::<f64>::None);
        ctx.insert("e", &2.5f64);
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            "12,345 93.4% 1,500.2 — 2.5"
        );
    }
}
