//! The report's charts as SVG written by hand, each in two layouts: a wide one for screens
//! from about 720 px, and a narrow one of horizontal bars for phones, drawn at the width a
//! phone shows it so that its text stays at least 12 px there. Both scale with their box
//! (`viewBox`, width 100 %); the page's CSS shows one of them.
//!
//! Every value is printed where it fits (a percentage inside its bar segment), and a year with
//! no issue is drawn as a gap: an empty slot on the wide chart with the lines broken there, and
//! a row saying so on the narrow one.

use std::fmt::Write as _;

use super::Period;

/// The wide layout's width in SVG units; the page shows it from a 900 px window, where the
/// content is 768 px wide, so its 16-unit text is at least 12.8 px.
pub const WIDE_WIDTH: f64 = 960.0;
/// The narrow layout's width: a 390 px phone shows it at about 346 px, so its 13-unit text is
/// about 13 px.
pub const NARROW_WIDTH: f64 = 340.0;
/// Text sizes in SVG units.
const WIDE_TEXT: f64 = 16.0;
const NARROW_TEXT: f64 = 13.0;
/// What a year with no issue says.
const NO_ISSUE: &str = "intet nummer";

/// A period in a chart: its label and its shares, `None` for a year with no issue.
pub struct Slot<'a> {
    pub label: String,
    pub period: Option<&'a Period>,
}

/// Stacked bars of the themes' shares, one per slot: the wide (vertical bars) and the narrow
/// (horizontal bars) layout, each a complete `<svg>`.
pub fn stacked_bars(slots: &[Slot], title: &str) -> String {
    if slots.is_empty() {
        return String::new();
    }
    let mut out = wide_bars(slots, title);
    out.push('\n');
    out.push_str(&narrow_bars(slots, title));
    out
}

/// Lines of the themes' shares across the years, gaps where a year has no issue (wide), and
/// the same years as horizontal bars (narrow).
pub fn share_lines(slots: &[Slot], title: &str) -> String {
    if slots.is_empty() {
        return String::new();
    }
    let mut out = wide_lines(slots, title);
    out.push('\n');
    out.push_str(&narrow_bars(slots, title));
    out
}

fn open_svg(out: &mut String, layout: &str, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart {layout}\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"100%\" \
         role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
        escape(title)
    );
}

fn wide_bars(slots: &[Slot], title: &str) -> String {
    let (left, right, top, bottom) = (56.0, 8.0, 14.0, 40.0);
    let height = 320.0;
    let plot_w = WIDE_WIDTH - left - right;
    let plot_h = height - top - bottom;
    let step = plot_w / slots.len() as f64;
    let bar = (step * 0.72).min(120.0);
    let mut out = String::new();
    open_svg(&mut out, "wide", WIDE_WIDTH, height, title);
    percent_grid(&mut out, left, top, plot_w, plot_h, 100.0, WIDE_TEXT);
    let every = label_every(step, 84.0);
    for (i, slot) in slots.iter().enumerate() {
        let x = left + step * (i as f64 + 0.5);
        if i % every == 0 {
            text(
                &mut out,
                x,
                height - bottom + WIDE_TEXT + 8.0,
                WIDE_TEXT,
                "middle",
                "#1c2833",
                &slot.label,
            );
        }
        let Some(period) = slot.period else {
            gap_column(&mut out, x - bar / 2.0, top, bar, plot_h);
            continue;
        };
        let mut y = top + plot_h;
        for share in &period.shares {
            let h = share.share * plot_h;
            if h <= 0.0 {
                continue;
            }
            y -= h;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{}\">\
                 <title>{}: {} {} ({} artikler)</title></rect>",
                x - bar / 2.0,
                share.color,
                escape(&slot.label),
                escape(&share.label),
                share.percent,
                share.articles
            );
            if h >= WIDE_TEXT + 4.0 && bar >= WIDE_TEXT * 2.6 {
                text(
                    &mut out,
                    x,
                    y + h / 2.0 + WIDE_TEXT * 0.36,
                    WIDE_TEXT,
                    "middle",
                    ink_on(&share.color),
                    &share.percent,
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

fn wide_lines(slots: &[Slot], title: &str) -> String {
    let (left, right, top, bottom) = (56.0, 8.0, 14.0, 40.0);
    let height = 300.0;
    let plot_w = WIDE_WIDTH - left - right;
    let plot_h = height - top - bottom;
    let step = plot_w / slots.len() as f64;
    let max = slots
        .iter()
        .filter_map(|s| s.period)
        .flat_map(|p| p.shares.iter().map(|s| s.share * 100.0))
        .fold(10.0f64, f64::max);
    let max = ((max / 10.0).ceil() * 10.0).min(100.0);
    let mut out = String::new();
    open_svg(&mut out, "wide", WIDE_WIDTH, height, title);
    let every = label_every(step, 60.0);
    for (i, slot) in slots.iter().enumerate() {
        let x = left + step * (i as f64 + 0.5);
        if slot.period.is_none() {
            gap_column(&mut out, x - step * 0.4, top, step * 0.8, plot_h);
        }
        if i % every == 0 {
            text(
                &mut out,
                x,
                height - bottom + WIDE_TEXT + 8.0,
                WIDE_TEXT,
                "middle",
                "#1c2833",
                &slot.label,
            );
        }
    }
    percent_grid(&mut out, left, top, plot_w, plot_h, max, WIDE_TEXT);
    let Some(first) = slots.iter().find_map(|s| s.period) else {
        out.push_str("</svg>");
        return out;
    };
    // Values beside the points where a year has room for them, nudged apart so that they
    // never overlap.
    let labelled = step >= 80.0;
    let mut labels: Vec<Vec<(f64, String, String)>> = vec![Vec::new(); slots.len()];
    for (t, theme) in first.shares.iter().enumerate() {
        let point = |i: usize, p: &Period| {
            (
                left + step * (i as f64 + 0.5),
                top + plot_h * (1.0 - p.shares[t].share * 100.0 / max),
            )
        };
        // A line runs only between neighbouring years that both have issues.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, slot) in slots.iter().enumerate() {
            match slot.period {
                Some(p) => runs.last_mut().expect("a run").push(point(i, p)),
                None => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            let d: Vec<String> = run
                .iter()
                .enumerate()
                .map(|(k, (x, y))| format!("{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" }))
                .collect();
            let _ = write!(
                out,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>",
                d.join(" "),
                theme.color
            );
        }
        for (i, slot) in slots.iter().enumerate() {
            let Some(p) = slot.period else { continue };
            let (x, y) = point(i, p);
            if labelled {
                labels[i].push((y, p.shares[t].percent.clone(), theme.color.clone()));
            }
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\"><title>{}: {} {}</title></circle>",
                theme.color,
                escape(&slot.label),
                escape(&p.shares[t].label),
                p.shares[t].percent
            );
        }
    }
    for (i, mut column) in labels.into_iter().enumerate() {
        column.sort_by(|a, b| a.0.total_cmp(&b.0));
        let x = left + step * (i as f64 + 0.5) + 9.0;
        let mut below = f64::MIN;
        for (y, value, color) in column {
            let y = (y + WIDE_TEXT * 0.36).max(below + WIDE_TEXT + 1.0);
            below = y;
            text(
                &mut out,
                x,
                y,
                WIDE_TEXT,
                "start",
                label_ink(&color),
                &value,
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Horizontal stacked bars, one row per slot: the label above its bar, the percentages inside.
fn narrow_bars(slots: &[Slot], title: &str) -> String {
    let (label_h, bar_h, gap) = (NARROW_TEXT + 5.0, 24.0, 10.0);
    let row = label_h + bar_h + gap;
    let height = row * slots.len() as f64;
    let mut out = String::new();
    open_svg(&mut out, "narrow", NARROW_WIDTH, height, title);
    for (i, slot) in slots.iter().enumerate() {
        let y0 = row * i as f64;
        let bar_y = y0 + label_h;
        let Some(period) = slot.period else {
            text(
                &mut out,
                0.0,
                y0 + NARROW_TEXT,
                NARROW_TEXT,
                "start",
                "#1c2833",
                &format!("{}: {NO_ISSUE}", slot.label),
            );
            gap_column(&mut out, 0.0, bar_y, NARROW_WIDTH, bar_h);
            continue;
        };
        text(
            &mut out,
            0.0,
            y0 + NARROW_TEXT,
            NARROW_TEXT,
            "start",
            "#1c2833",
            &format!("{} · {} artikler", slot.label, period.articles),
        );
        let mut x = 0.0;
        for share in &period.shares {
            let w = share.share * NARROW_WIDTH;
            if w <= 0.0 {
                continue;
            }
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{bar_y:.1}\" width=\"{w:.1}\" height=\"{bar_h:.1}\" fill=\"{}\">\
                 <title>{}: {} {}</title></rect>",
                share.color,
                escape(&slot.label),
                escape(&share.label),
                share.percent
            );
            // "35 %" needs about 2.6 text heights.
            if w >= NARROW_TEXT * 2.8 {
                text(
                    &mut out,
                    x + w / 2.0,
                    bar_y + bar_h / 2.0 + NARROW_TEXT * 0.36,
                    NARROW_TEXT,
                    "middle",
                    ink_on(&share.color),
                    &share.percent,
                );
            }
            x += w;
        }
    }
    out.push_str("</svg>");
    out
}

/// Horizontal grid lines and their percentages, from 0 to `max`.
fn percent_grid(out: &mut String, left: f64, top: f64, w: f64, h: f64, max: f64, size: f64) {
    let ticks = if max > 50.0 {
        4
    } else {
        (max / 10.0).round().max(1.0) as usize
    };
    for k in 0..=ticks {
        let value = max * k as f64 / ticks as f64;
        let y = top + h * (1.0 - value / max);
        let _ = write!(
            out,
            "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"1\"/>",
            left + w,
            if k == 0 { "#566573" } else { "#e5e8e8" }
        );
        text(
            out,
            left - 6.0,
            y + size * 0.36,
            size,
            "end",
            "#424949",
            &format!("{value:.0} %"),
        );
    }
}

/// A hatched-looking empty slot: where a year has no issue.
fn gap_column(out: &mut String, x: f64, y: f64, w: f64, h: f64) {
    let _ = write!(
        out,
        "<rect class=\"gap\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#f2f3f4\" \
         stroke=\"#b3b6b7\" stroke-dasharray=\"4 3\"><title>{NO_ISSUE}</title></rect>"
    );
}

/// Every how many slots a label fits, at `room` units per label.
fn label_every(step: f64, room: f64) -> usize {
    ((room / step).ceil() as usize).max(1)
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, fill: &str, body: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size:.0}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
        escape(body)
    );
}

/// Dark or white text, whichever reads on a fill (by its luminance).
fn ink_on(fill: &str) -> &'static str {
    let v = u32::from_str_radix(fill.trim_start_matches('#'), 16).unwrap_or(0x808080);
    let (r, g, b) = ((v >> 16) & 255, (v >> 8) & 255, v & 255);
    if 299 * r + 587 * g + 114 * b > 150_000 {
        "#1c2833"
    } else {
        "#ffffff"
    }
}

/// A colour for text on white: the fill itself, or grey where the fill is too light to read.
fn label_ink(fill: &str) -> &str {
    if ink_on(fill) == "#ffffff" {
        fill
    } else {
        "#707b7c"
    }
}

/// Text for SVG inside HTML: the five markup characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Share;
    use super::*;

    fn period(name: &str, shares: &[(&str, f64)]) -> Period {
        Period {
            name: name.to_owned(),
            date: name.to_owned(),
            articles: 10,
            words: 1000,
            shares: shares
                .iter()
                .enumerate()
                .map(|(i, (label, share))| Share {
                    theme: format!("t{i}"),
                    label: (*label).to_owned(),
                    color: ["#c0392b", "#b3b6b7"][i % 2].to_owned(),
                    words: 0,
                    articles: 1,
                    share: *share,
                    percent: format!("{:.0} %", share * 100.0),
                })
                .collect(),
            gap: false,
        }
    }

    /// The `(viewBox width, font sizes)` of each `<svg class="chart LAYOUT">` in the text.
    fn layouts<'a>(svg: &'a str, layout: &str) -> Vec<(f64, Vec<f64>, &'a str)> {
        svg.split("<svg ")
            .skip(1)
            .filter(|s| s.starts_with(&format!("class=\"chart {layout}\"")))
            .map(|s| {
                let body = &s[..s.find("</svg>").unwrap()];
                let view = &body[body.find("viewBox=\"0 0 ").unwrap() + 13..];
                let width: f64 = view[..view.find(' ').unwrap()].parse().unwrap();
                let sizes = body
                    .split("font-size=\"")
                    .skip(1)
                    .map(|f| f[..f.find('"').unwrap()].parse().unwrap())
                    .collect();
                (width, sizes, body)
            })
            .collect()
    }

    #[test]
    fn text_is_at_least_12_px_where_each_layout_is_shown() {
        // The page shows the narrow layout in about 346 px at a 390 px window, the wide one in
        // at least 768 px (from a 900 px window).
        let p = [period("2022-10", &[("Cyber", 0.4), ("Intet tema", 0.6)])];
        let slots: Vec<Slot> = p
            .iter()
            .map(|p| Slot {
                label: p.date.clone(),
                period: Some(p),
            })
            .collect();
        for svg in [stacked_bars(&slots, "t"), share_lines(&slots, "t")] {
            for (layout, shown_at) in [("narrow", 346.0), ("wide", 768.0)] {
                let found = layouts(&svg, layout);
                assert_eq!(found.len(), 1, "{layout}: {svg}");
                let (width, sizes, body) = &found[0];
                assert!(!sizes.is_empty());
                for size in sizes {
                    assert!(
                        size * shown_at / width >= 12.0,
                        "{layout}: {size} in {width}"
                    );
                }
                assert!(body.contains("width=\"100%\""));
            }
        }
    }

    #[test]
    fn bars_carry_their_values_and_a_missing_year_is_a_gap() {
        let years = [
            period("2020", &[("Cyber", 0.25), ("Intet tema", 0.75)]),
            period("2021", &[("Cyber", 0.5), ("Intet tema", 0.5)]),
            period("2023", &[("Cyber", 0.1), ("Intet tema", 0.9)]),
        ];
        let slots = vec![
            Slot {
                label: "2020".to_owned(),
                period: Some(&years[0]),
            },
            Slot {
                label: "2021".to_owned(),
                period: Some(&years[1]),
            },
            Slot {
                label: "2022".to_owned(),
                period: None,
            },
            Slot {
                label: "2023".to_owned(),
                period: Some(&years[2]),
            },
        ];
        let bars = stacked_bars(&slots, "t");
        for (_, _, body) in layouts(&bars, "narrow")
            .iter()
            .chain(&layouts(&bars, "wide"))
        {
            for value in ["25 %", "75 %", "50 %", "90 %"] {
                assert!(body.contains(&format!(">{value}</text>")), "{value}");
            }
            assert_eq!(body.matches("class=\"gap\"").count(), 1);
        }
        assert!(bars.contains(">2022: intet nummer</text>"));
        let lines = share_lines(&slots, "t");
        let (_, _, wide) = &layouts(&lines, "wide")[0];
        // One line per theme from 2020 to 2021, none through 2022: 2023 stands alone.
        assert_eq!(wide.matches("<path ").count(), 2, "{wide}");
        let xs: Vec<f64> = wide
            .split("<circle cx=\"")
            .skip(1)
            .map(|c| c[..c.find('"').unwrap()].parse().unwrap())
            .collect();
        let last_point = xs.iter().cloned().fold(0.0, f64::max);
        for path in wide.split("<path d=\"").skip(1) {
            let d = &path[..path.find('"').unwrap()];
            assert_eq!(d.matches('L').count(), 1, "{d}");
            let end: f64 = d[d.find('L').unwrap() + 1..d.rfind(',').unwrap()]
                .parse()
                .unwrap();
            assert!(end < last_point, "no line reaches 2023: {d}");
        }
    }

    #[test]
    fn labels_are_escaped() {
        let p = [period("2022", &[("<b>&", 1.0)])];
        let slots = [Slot {
            label: "a<b".to_owned(),
            period: Some(&p[0]),
        }];
        let svg = stacked_bars(&slots, "x\"y");
        assert!(!svg.contains("<b>") && !svg.contains("a<b"));
        assert!(svg.contains("a&lt;b") && svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("aria-label=\"x&quot;y\""));
    }
}
