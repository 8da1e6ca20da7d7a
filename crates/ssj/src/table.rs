//! Plain-text tables aligned by display width (a Chinese character takes
//! two columns in a terminal, so padding by `char` count misaligns them),
//! and the figures that go in them.

use shuangsuiji::analysis::simulate::Interval;
use unicode_width::UnicodeWidthStr;

use crate::report::Lang;

/// A text table: a header row and rows of cells; numbers right-aligned.
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
}

impl Table {
    /// A table with these headers; `right[i]` right-aligns column `i`.
    pub fn new(headers: &[&str], right: &[bool]) -> Table {
        Table { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new(), right: right.to_vec() }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text, columns two spaces apart, no trailing spaces.
    pub fn render(&self) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(cell.width());
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right.get(i).copied().unwrap_or(false) {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `mean [min–max]` as percentages.
pub fn pct(i: &Interval) -> String {
    let (mean, min, max) =
        (format!("{:.1}", 100.0 * i.mean), format!("{:.1}", 100.0 * i.min), format!("{:.1}", 100.0 * i.max));
    if min == max {
        format!("{mean}%")
    } else {
        format!("{mean}% [{min}–{max}]")
    }
}

/// `mean [min–max]` as counts.
pub fn count(i: &Interval) -> String {
    let (mean, min, max) = (format!("{:.0}", i.mean), format!("{:.0}", i.min), format!("{:.0}", i.max));
    if min == max {
        mean
    } else {
        format!("{mean} [{min}–{max}]")
    }
}

/// A category's name (`key`, `special`, `general`) in `lang`.
pub fn category_label(c: &str, lang: Lang) -> String {
    match (c, lang) {
        ("key", Lang::Zh) => "重点排污单位".into(),
        ("special", Lang::Zh) => "特殊监管对象".into(),
        ("general", Lang::Zh) => "一般排污单位".into(),
        (other, _) => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_are_padded_by_display_width() {
        let mut t = Table::new(&["单位", "n"], &[false, true]);
        t.row(vec!["呼图壁县".into(), "12".into()]);
        t.row(vec!["ab".into(), "3".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        let widths: Vec<usize> = lines.iter().map(|l| l.width()).collect();
        assert_eq!(widths, [12, 12, 12], "{lines:?}");
        assert!(lines[2].starts_with("ab        "), "{lines:?}");
    }
}
