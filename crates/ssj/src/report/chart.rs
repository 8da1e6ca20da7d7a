//! Inline SVG charts: horizontal bars (with a marker, a range and a
//! background each) and lines with bands. No scripts, no network: a page
//! opens the same on an offline government machine.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::esc;

/// Font stack of every chart: the CJK fonts of Linux, macOS and Windows.
const FONT: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// One bar.
#[derive(Debug, Clone, Default)]
pub struct Bar {
    /// The row's label (cut to fit).
    pub label: String,
    /// Length of the bar.
    pub value: f64,
    /// Text after the bar.
    pub text: String,
    /// Fill colour.
    pub color: &'static str,
    /// A tick across the bar (e.g. the legal minimum, the officers now).
    pub marker: Option<f64>,
    /// A whisker (e.g. min–max over seeds).
    pub range: Option<(f64, f64)>,
    /// A pale bar behind (e.g. the capacity the load is against).
    pub background: Option<f64>,
    /// Tooltip.
    pub title: String,
}

/// How the axis reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Shares, 0–100 %.
    Percent,
    /// Counts.
    Count,
}

/// What a chart's axes measure, in the page's language: `x` is written
/// under the horizontal axis, `y` over the rows' labels (a bar chart) or
/// over the vertical axis's ticks (a line chart).
#[derive(Debug, Clone, Copy)]
pub struct Titles<'a> {
    /// The horizontal axis: what a bar's length or a point's x is.
    pub x: &'a str,
    /// The vertical axis: what a row is, or what a point's height is.
    pub y: &'a str,
}

/// The axis titles, as SVG: `y` at (`yx`, `yy`) anchored `anchor`, `x`
/// centred at (`xx`, `xy`).
fn axis_titles(s: &mut String, titles: Titles<'_>, (xx, xy): (f64, f64), (yx, yy, anchor): (f64, f64, &str)) {
    let _ = write!(
        s,
        r##"<text class="x-title" x="{xx:.1}" y="{xy:.1}" text-anchor="middle" fill="#444" font-size="11">{}</text><text class="y-title" x="{yx:.1}" y="{yy:.1}" text-anchor="{anchor}" fill="#444" font-size="11" font-weight="600">{}</text>"##,
        esc(titles.x),
        esc(titles.y)
    );
}

/// Label column width in pixels for these labels (CJK counts double).
fn label_width(labels: impl Iterator<Item = usize>) -> usize {
    (labels.max().unwrap_or(0) * 7 + 12).clamp(60, 300)
}

/// `s` cut to at most `columns` display columns, with an ellipsis.
pub fn cut(s: &str, columns: usize) -> String {
    if s.width() <= columns {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) + 1 > columns {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Horizontal bars, one per row, scaled to `max` (at least the largest
/// value, marker, range end or background), with gridlines, a legend and
/// the axes' titles: `titles.y` over the labels, `titles.x` under the ticks.
pub fn hbars(bars: &[Bar], axis: Axis, legend: &[(&str, &str)], titles: Titles<'_>) -> String {
    let labels: Vec<String> = bars.iter().map(|b| cut(&b.label, 40)).collect();
    // The label column is wide enough for the y title too (cut to fit).
    let y_title = cut(titles.y, 40);
    let lw = label_width(labels.iter().map(|l| l.width()).chain([y_title.width()]));
    let plot = 520.0;
    let row = 22;
    // The y title's line, with the legend beside it.
    let top = 30;
    let height = top + bars.len() * row + 42;
    let (max, step) = match axis {
        Axis::Percent => (1.0_f64.max(bars.iter().flat_map(extent).fold(0.0, f64::max)), 0.25),
        Axis::Count => nice_axis(bars.iter().flat_map(extent).fold(1.0, f64::max)),
    };
    let x = |v: f64| lw as f64 + (v / max * plot).clamp(0.0, plot);
    let width = lw as f64 + plot + 150.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0} {height}" width="{width:.0}" height="{height}" role="img" font-family="{FONT}" font-size="12">"#
    );
    legend_row(&mut s, legend, lw as f64);
    let ticks = (max / step).round() as u32;
    for k in 0..=ticks {
        let v = step * f64::from(k);
        let gx = x(v);
        let tick = match axis {
            Axis::Percent => format!("{:.0}%", v * 100.0),
            Axis::Count => format!("{v:.0}"),
        };
        let _ = write!(
            s,
            r##"<line x1="{gx:.1}" y1="{top}" x2="{gx:.1}" y2="{}" stroke="#e3e3e3"/><text x="{gx:.1}" y="{}" text-anchor="middle" fill="#777" font-size="10">{tick}</text>"##,
            height - 36,
            height - 24
        );
    }
    axis_titles(
        &mut s,
        Titles { x: titles.x, y: &y_title },
        (lw as f64 + plot / 2.0, height as f64 - 6.0),
        (lw as f64 - 8.0, 18.0, "end"),
    );
    for (i, (b, label)) in bars.iter().zip(&labels).enumerate() {
        let y = top + i * row;
        let _ = write!(
            s,
            r##"<g><title>{}</title><text x="{}" y="{}" text-anchor="end" fill="#333">{}</text>"##,
            esc(if b.title.is_empty() { &b.label } else { &b.title }),
            lw - 8,
            y + 15,
            esc(label)
        );
        if let Some(bg) = b.background {
            let _ = write!(
                s,
                r##"<rect x="{lw}" y="{}" width="{:.1}" height="14" fill="#eceff3"/>"##,
                y + 4,
                x(bg) - lw as f64
            );
        }
        let _ = write!(
            s,
            r#"<rect x="{lw}" y="{}" width="{:.1}" height="14" fill="{}"/>"#,
            y + 4,
            x(b.value) - lw as f64,
            b.color
        );
        if let Some((lo, hi)) = b.range {
            let (a, c) = (x(lo), x(hi));
            let _ = write!(
                s,
                r##"<path d="M{a:.1} {m}H{c:.1}M{a:.1} {t}V{u}M{c:.1} {t}V{u}" stroke="#333" fill="none"/>"##,
                m = y + 11,
                t = y + 7,
                u = y + 15
            );
        }
        if let Some(m) = b.marker {
            let mx = x(m);
            let _ = write!(
                s,
                r##"<line x1="{mx:.1}" y1="{}" x2="{mx:.1}" y2="{}" stroke="#111" stroke-width="2"/>"##,
                y + 1,
                y + 21
            );
        }
        let end =
            [Some(b.value), b.marker, b.range.map(|r| r.1), b.background].into_iter().flatten().fold(0.0, f64::max);
        let _ = write!(s, r##"<text x="{:.1}" y="{}" fill="#333">{}</text></g>"##, x(end) + 6.0, y + 15, esc(&b.text));
    }
    s.push_str("</svg>");
    s
}

/// An axis end and tick step for counts up to `max`: steps of 1, 2, 2.5
/// or 5 times a power of ten, four to eight of them, and always a whole
/// number (a count's tick of 2.5 would print as 2).
pub(super) fn nice_axis(max: f64) -> (f64, f64) {
    let raw = (max / 4.0).max(1.0);
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw && s.fract() == 0.0)
        .unwrap_or(10.0 * power);
    ((max / step).ceil().max(1.0) * step, step)
}

fn extent(b: &Bar) -> impl Iterator<Item = f64> {
    [Some(b.value), b.marker, b.range.map(|r| r.1), b.background].into_iter().flatten()
}

fn legend_row(s: &mut String, legend: &[(&str, &str)], left: f64) {
    let mut lx = left;
    for (name, color) in legend {
        let _ = write!(
            s,
            r##"<rect x="{lx:.0}" y="6" width="12" height="12" fill="{color}"/><text x="{:.0}" y="16" fill="#333">{}</text>"##,
            lx + 16.0,
            esc(name)
        );
        lx += 28.0 + name.width() as f64 * 7.0;
    }
}

/// One line of a line chart: a mean per x with a min–max band.
#[derive(Debug, Clone)]
pub struct Line {
    /// The legend's name.
    pub name: String,
    /// Colour.
    pub color: &'static str,
    /// (mean, min, max) per x.
    pub points: Vec<(f64, f64, f64)>,
}

/// Lines over `xs` on a 0–100 % axis, each with its band, and the axes'
/// titles: `titles.y` over the vertical axis, `titles.x` under the years.
pub fn lines(xs: &[String], series: &[Line], titles: Titles<'_>) -> String {
    let (left, top, plot_w, plot_h) = (48.0, 48.0, 520.0, 200.0);
    let width = left + plot_w + 40.0;
    let height = top + plot_h + 48.0;
    let n = xs.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + plot_w * i as f64 / n;
    let y = |v: f64| top + plot_h * (1.0 - v.clamp(0.0, 1.0));
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" font-family="{FONT}" font-size="12">"#
    );
    let legend: Vec<(&str, &str)> = series.iter().map(|l| (l.name.as_str(), l.color)).collect();
    legend_row(&mut s, &legend, left);
    for k in 0..=4 {
        let v = f64::from(k) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{gy:.1}" x2="{:.1}" y2="{gy:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#777" font-size="10">{:.0}%</text>"##,
            left + plot_w,
            left - 6.0,
            y(v) + 4.0,
            v * 100.0,
            gy = y(v)
        );
    }
    axis_titles(&mut s, titles, (left + plot_w / 2.0, height - 6.0), (4.0, top - 14.0, "start"));
    for (i, label) in xs.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#555">{}</text>"##,
            x(i),
            top + plot_h + 20.0,
            esc(label)
        );
    }
    for line in series {
        let upper: Vec<String> =
            line.points.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.2))).collect();
        let lower: Vec<String> =
            line.points.iter().enumerate().rev().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1))).collect();
        let _ = write!(
            s,
            r#"<polygon points="{} {}" fill="{}" fill-opacity="0.15"/>"#,
            upper.join(" "),
            lower.join(" "),
            line.color
        );
        let mean: Vec<String> =
            line.points.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.0))).collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            mean.join(" "),
            line.color
        );
        for (i, p) in line.points.iter().enumerate() {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"><title>{}: {:.1}% [{:.1}–{:.1}]</title></circle>"#,
                x(i),
                y(p.0),
                line.color,
                esc(&line.name),
                p.0 * 100.0,
                p.1 * 100.0,
                p.2 * 100.0
            );
        }
    }
    s.push_str("</svg>");
    s
}
