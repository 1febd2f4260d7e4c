//! Inline SVG charts, written as text. Every chart is `role="img"` with a `<title>` and a
//! `<desc>` (its text alternative); every piece of text in it is escaped here, since the
//! templates insert the finished SVG with `| safe`.

use std::fmt::Write;

use crate::stats::DayStatus;

/// Escape text for XML/HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 / HTML text: show a visible mark.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, with `…` when cut (axis labels; the full text is in titles).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Opening tag with the accessible name and description; the chart scales to the page width.
fn open(out: &mut String, id: &str, w: f64, h: f64, title: &str, desc: &str) {
    open_as(out, "chart", "", id, w, h, title, desc)
}

/// Opening tag with a class and extra attributes (e.g. a fixed `width`/`height`).
#[allow(clippy::too_many_arguments)]
fn open_as(
    out: &mut String,
    class: &str,
    attrs: &str,
    id: &str,
    w: f64,
    h: f64,
    title: &str,
    desc: &str,
) {
    let _ = write!(
        out,
        "<svg class=\"{class}\" id=\"{id}\"{attrs} xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

/// One bar (horizontal).
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// The value as shown to people (`1,234.5`).
    pub shown: String,
    pub flagged: bool,
}

/// The approximate width in pixels of text at the charts' 13 px font: a wide (Chinese)
/// character 13 px, a narrow one 7 px.
pub fn text_px(s: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(s) as f64 * 6.5 + 1.0
}

/// Where the pieces of a bar chart go, so that no text is clipped at the chart's edges and
/// the limit line crosses no value.
#[derive(Debug)]
pub struct BarLayout {
    pub w: f64,
    pub h: f64,
    pub label_w: f64,
    /// Per bar: (bar length, x of its value text).
    pub bars: Vec<(f64, f64)>,
    /// The limit: x of the line, x where its label starts.
    pub limit: Option<(f64, f64)>,
}

const BAR_ROW: f64 = 22.0;
const BAR_TOP: f64 = 26.0;
const BAR_AREA: f64 = 420.0;
const LABEL_CHARS: usize = 9;

pub fn bar_layout(bars: &[Bar], limit: Option<(f64, &str)>) -> BarLayout {
    let label_w = 130.0;
    let widest_value = bars.iter().map(|b| text_px(&b.shown)).fold(0.0, f64::max);
    let w = label_w + BAR_AREA + (widest_value + 12.0).max(80.0);
    let h = BAR_TOP + BAR_ROW * bars.len().max(1) as f64 + 8.0;
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(limit.map(|l| l.0))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let scale = if max > 0.0 { BAR_AREA / max } else { 0.0 };
    let limit_x = limit
        .filter(|(v, _)| v.is_finite() && scale > 0.0)
        .map(|(v, name)| {
            let x = label_w + v.max(0.0) * scale;
            let tw = text_px(name);
            (x, (x - tw / 2.0).clamp(2.0, (w - tw - 2.0).max(2.0)))
        });
    let placed = bars
        .iter()
        .map(|b| {
            let len = b
                .value
                .filter(|v| v.is_finite())
                .map_or(0.0, |v| (v * scale).max(0.0));
            let mut x = label_w + len + 4.0;
            if let Some((lx, _)) = limit_x {
                // A value that would straddle the limit line is written just past it.
                if x <= lx + 2.0 && x + text_px(&b.shown) >= lx - 2.0 {
                    x = lx + 4.0;
                }
            }
            (len, x)
        })
        .collect();
    BarLayout {
        w,
        h,
        label_w,
        bars: placed,
        limit: limit_x,
    }
}

/// Horizontal bars, one per item, with an optional limit line (`bar_layout`).
pub fn hbars(
    id: &str,
    title: &str,
    desc: &str,
    bars: &[Bar],
    limit: Option<(f64, &str)>,
) -> String {
    let layout = bar_layout(bars, limit);
    let (w, h, lw) = (layout.w, layout.h, layout.label_w);
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    for (i, (b, &(len, vx))) in bars.iter().zip(&layout.bars).enumerate() {
        let y = BAR_TOP + BAR_ROW * i as f64;
        let _ = write!(
            out,
            "<text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            lw - 6.0,
            y + 15.0,
            escape(&short(&b.label, LABEL_CHARS))
        );
        let class = if b.flagged { "bar flag" } else { "bar" };
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{lw:.1}\" y=\"{:.1}\" width=\"{len:.1}\" height=\"16\"><title>{}: {}</title></rect>",
            y + 3.0,
            escape(&b.label),
            escape(&b.shown)
        );
        let _ = write!(
            out,
            "<text class=\"val\" x=\"{vx:.1}\" y=\"{:.1}\">{}</text>",
            y + 15.0,
            escape(&b.shown)
        );
    }
    if let (Some((x, left)), Some((_, name))) = (layout.limit, limit) {
        let _ = write!(
            out,
            "<line class=\"limit\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>\
             <text class=\"lbl\" x=\"{left:.1}\" y=\"14\">{}</text>",
            BAR_TOP - 4.0,
            h - 4.0,
            escape(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// One line of a line chart: values 0–1 (ratios), `None` leaves a gap.
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub values: Vec<Option<f64>>,
}

const PLOT_W: f64 = 560.0;
const PLOT_H: f64 = 160.0;
const LEFT: f64 = 46.0;
const TOP: f64 = 28.0;

/// Date labels under the x axis: the first, the middle and the last.
fn x_labels(out: &mut String, dates: &[String], x_of: impl Fn(usize) -> f64) {
    let n = dates.len();
    let mut idx = vec![0, n / 2, n.saturating_sub(1)];
    idx.dedup();
    for i in idx {
        if let Some(d) = dates.get(i) {
            let anchor = if i == 0 && n > 1 {
                "start"
            } else if i + 1 == n && n > 1 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                "<text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                x_of(i),
                TOP + PLOT_H + 16.0,
                escape(d)
            );
        }
    }
}

/// Lines of ratios over days, y from 0 to 100%.
pub fn lines(id: &str, title: &str, desc: &str, dates: &[String], series: &[Series]) -> String {
    let w = LEFT + PLOT_W + 10.0;
    let h = TOP + PLOT_H + 24.0;
    let n = dates.len();
    let x_of = |i: usize| {
        if n <= 1 {
            LEFT + PLOT_W / 2.0
        } else {
            LEFT + PLOT_W * i as f64 / (n - 1) as f64
        }
    };
    let y_of = |v: f64| TOP + PLOT_H * (1.0 - v.clamp(0.0, 1.0));
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    for (v, l) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let y = y_of(v);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{l}</text>",
            LEFT + PLOT_W,
            LEFT - 4.0,
            y + 4.0
        );
    }
    // Legend at the top.
    let mut lx = LEFT;
    for s in series {
        let _ = write!(
            out,
            "<rect class=\"key {}\" x=\"{lx:.1}\" y=\"6\" width=\"14\" height=\"8\"/>\
             <text class=\"lbl\" x=\"{:.1}\" y=\"14\">{}</text>",
            s.class,
            lx + 18.0,
            escape(s.name)
        );
        lx += 30.0 + 12.0 * s.name.chars().count() as f64;
    }
    for s in series {
        // A run of consecutive known values is one polyline; a lone point is a dot.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let flush = |run: &mut Vec<(f64, f64)>, out: &mut String| {
            if run.len() == 1 {
                let _ = write!(
                    out,
                    "<circle class=\"dot {}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\"/>",
                    s.class, run[0].0, run[0].1
                );
            } else if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = write!(
                    out,
                    "<polyline class=\"line {}\" points=\"{}\"/>",
                    s.class,
                    pts.join(" ")
                );
            }
            run.clear();
        };
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) if v.is_finite() => run.push((x_of(i), y_of(*v))),
                _ => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
    }
    x_labels(&mut out, dates, x_of);
    out.push_str("</svg>");
    out
}

/// Vertical bars of counts over days.
pub fn columns(
    id: &str,
    title: &str,
    desc: &str,
    dates: &[String],
    values: &[u64],
    shown: &[String],
) -> String {
    let w = LEFT + PLOT_W + 10.0;
    let h = TOP + PLOT_H + 24.0;
    let n = dates.len().max(1);
    let slot = PLOT_W / n as f64;
    let max = values.iter().copied().max().unwrap_or(0);
    let mut out = String::new();
    open(&mut out, id, w, h, title, desc);
    let _ = write!(
        out,
        "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>\
         <text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">0</text>\
         <line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{TOP:.1}\" x2=\"{:.1}\" y2=\"{TOP:.1}\"/>\
         <text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        TOP + PLOT_H,
        LEFT + PLOT_W,
        TOP + PLOT_H,
        LEFT - 4.0,
        TOP + PLOT_H + 4.0,
        LEFT + PLOT_W,
        LEFT - 4.0,
        TOP + 4.0,
        escape(&crate::render::filters::int(max))
    );
    for (i, &v) in values.iter().enumerate() {
        let bh = if max > 0 {
            PLOT_H * v as f64 / max as f64
        } else {
            0.0
        };
        let x = LEFT + slot * i as f64 + slot * 0.1;
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"><title>{}: {}</title></rect>",
            TOP + PLOT_H - bh,
            (slot * 0.8).max(0.5),
            escape(dates.get(i).map_or("", String::as_str)),
            escape(shown.get(i).map_or("", String::as_str))
        );
    }
    x_labels(&mut out, dates, |i| LEFT + slot * i as f64 + slot / 2.0);
    out.push_str("</svg>");
    out
}

/// One row of the heat map.
pub struct HeatRow<'a> {
    pub label: &'a str,
    pub days: &'a [DayStatus],
}

/// Big grid × day: on time, late or missing. `names` are the three status names, in that order.
pub fn heatmap(
    id: &str,
    title: &str,
    desc: &str,
    dates: &[String],
    rows: &[HeatRow],
    names: [&str; 3],
) -> String {
    let (lw, cell, top) = (90.0, 12.0, 30.0);
    let n = dates.len();
    let w = (lw + cell * n as f64 + 10.0).max(360.0);
    let h = top + cell * rows.len().max(1) as f64 + 24.0;
    let mut out = String::new();
    // Drawn at its natural size (one cell = 12 px); wide periods scroll sideways.
    let size = format!(" width=\"{w:.0}\" height=\"{h:.0}\"");
    open_as(&mut out, "heat", &size, id, w, h, title, desc);
    let mut lx = lw;
    for (class, name) in ["s-on", "s-late", "s-miss"].iter().zip(names) {
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{lx:.1}\" y=\"6\" width=\"10\" height=\"10\"/>\
             <text class=\"lbl\" x=\"{:.1}\" y=\"15\">{}</text>",
            lx + 14.0,
            escape(name)
        );
        lx += 30.0 + 12.0 * name.chars().count() as f64;
    }
    for (r, row) in rows.iter().enumerate() {
        let y = top + cell * r as f64;
        let _ = write!(
            out,
            "<text class=\"lbl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            lw - 4.0,
            y + 10.0,
            escape(&short(row.label, 10))
        );
        for (i, st) in row.days.iter().enumerate() {
            let (class, name) = match st {
                DayStatus::OnTime => ("s-on", names[0]),
                DayStatus::Late => ("s-late", names[1]),
                DayStatus::Missing => ("s-miss", names[2]),
            };
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{} {}: {}</title></rect>",
                lw + cell * i as f64,
                cell - 1.0,
                cell - 1.0,
                escape(row.label),
                escape(dates.get(i).map_or("", String::as_str)),
                escape(name)
            );
        }
    }
    x_labels_at(
        &mut out,
        dates,
        |i| lw + cell * i as f64 + cell / 2.0,
        top + cell * rows.len().max(1) as f64 + 14.0,
    );
    out.push_str("</svg>");
    out
}

fn x_labels_at(out: &mut String, dates: &[String], x_of: impl Fn(usize) -> f64, y: f64) {
    let n = dates.len();
    let mut idx = vec![0, n.saturating_sub(1)];
    idx.dedup();
    for i in idx {
        if let Some(d) = dates.get(i) {
            let anchor = if i == 0 { "start" } else { "end" };
            let _ = write!(
                out,
                "<text class=\"lbl\" x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>",
                x_of(i) - if i == 0 { 6.0 } else { -6.0 },
                escape(d)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a&\"b'"), "a&amp;&quot;b&#39;");
        assert_eq!(escape("x\u{1}y"), "x\u{FFFD}y");
        let bars = [Bar {
            label: "<script>alert(1)</script>".into(),
            value: Some(2.0),
            shown: "2.0".into(),
            flagged: false,
        }];
        let svg = hbars("c", "<b>t</b>", "d&", &bars, Some((1.0, "<lim>")));
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>"), "{svg}");
        assert!(!svg.contains("<lim>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        let dates = vec!["2020-01-24".to_string(), "<d>".to_string()];
        let rows = [HeatRow {
            label: "<g>",
            days: &[DayStatus::OnTime, DayStatus::Missing],
        }];
        let svg = heatmap("h", "t", "d", &dates, &rows, ["<a>", "b", "c"]);
        assert!(
            !svg.contains("<g>") && !svg.contains("<d>") && !svg.contains("<a>"),
            "{svg}"
        );
    }

    #[test]
    fn bar_values_and_limit_label_are_never_clipped_or_crossed() {
        let bar = |v: f64| Bar {
            label: "城东社区居民委员会第一".into(),
            value: Some(v),
            shown: crate::render::filters::dec1(Some(v)),
            flagged: v > 1500.0,
        };
        // Values just below, at, around and far above the limit, and a huge one.
        let values = [
            1400.0, 1450.0, 1490.0, 1500.0, 1510.0, 1600.0, 3000.0, 0.0, 123456.7,
        ];
        for limit_label in ["上限 1,500.0", "limit 1,500.0"] {
            for n in 1..values.len() {
                let bars: Vec<Bar> = values[..n].iter().map(|&v| bar(v)).collect();
                let l = bar_layout(&bars, Some((1500.0, limit_label)));
                let (lx, left) = l.limit.expect("a limit line");
                assert!(
                    left >= 0.0 && left + text_px(limit_label) <= l.w,
                    "limit label clipped"
                );
                for (b, &(len, x)) in bars.iter().zip(&l.bars) {
                    let tw = text_px(&b.shown);
                    assert!(x >= l.label_w + len, "value over its bar");
                    assert!(
                        x + tw <= l.w,
                        "value {} clipped: {x} + {tw} > {}",
                        b.shown,
                        l.w
                    );
                    assert!(
                        x > lx + 2.0 || x + tw < lx - 2.0,
                        "the limit line at {lx} crosses {} at {x}..{}",
                        b.shown,
                        x + tw
                    );
                }
            }
        }
        // Labels fit left of the bars.
        assert!(text_px(&short("城东社区居民委员会第一", LABEL_CHARS)) < 130.0 - 6.0);
    }

    #[test]
    fn charts_have_a_text_alternative() {
        let dates: Vec<String> = (1..=5).map(|d| format!("2020-02-0{d}")).collect();
        let s = lines(
            "r",
            "Rates",
            "Reporting rate from 50% to 100%",
            &dates,
            &[Series {
                name: "a",
                class: "s1",
                values: vec![Some(0.5), None, Some(1.0), Some(0.9), None],
            }],
        );
        assert!(s.starts_with("<svg class=\"chart\" id=\"r\""));
        assert!(s.contains("role=\"img\"") && s.contains("aria-labelledby=\"r-t r-d\""));
        assert!(s.contains("<title id=\"r-t\">Rates</title>"));
        assert_eq!(s.matches("<polyline").count(), 1);
        assert_eq!(s.matches("<circle").count(), 1);
        let c = columns(
            "v",
            "V",
            "d",
            &dates,
            &[1, 2, 3, 0, 5],
            &["1".into(), "2".into(), "3".into(), "0".into(), "5".into()],
        );
        assert_eq!(c.matches("class=\"bar\"").count(), 5);
        // Empty inputs draw an empty chart, not a panic.
        let _ = lines("e", "E", "", &[], &[]);
        let _ = columns("e", "E", "", &[], &[], &[]);
        let _ = hbars("e", "E", "", &[], None);
        let _ = heatmap("e", "E", "", &[], &[], ["a", "b", "c"]);
    }
}
