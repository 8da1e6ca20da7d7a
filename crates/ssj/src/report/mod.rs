//! Pages people read: self-contained HTML (inline SVG charts, no scripts,
//! no network) in Chinese or English, and the plan as Markdown.
//!
//! * [`plan`]: the quarter's plan — drawn against the minimum, officers'
//!   load against capacity, the year's key-unit coverage so far, the tasks;
//! * [`year`]: where the year stands (`ssj status --report`);
//! * [`agenda`]: the year's duties (`ssj agenda --report`);
//! * [`staffing`], [`simulate`], [`compare`]: the analyst's pages.
//!
//! Every page aggregates when the plan is national: no chart has more
//! than [`MAX_ROWS`] rows and no table more than [`MAX_TABLE`]; the full
//! lists go to CSV files beside the page.

use std::fmt::Write as _;

use shuangsuiji::model::{Category, Class, Pool};
use shuangsuiji::plan::stratum::StratumKey;

pub mod agenda;
pub mod chart;
pub mod compare;
pub mod plan;
pub mod simulate;
pub mod staffing;
pub mod year;

pub use plan::{html, markdown};

/// Most rows in one chart before a page aggregates.
pub const MAX_ROWS: usize = 60;
/// Most rows in one table before a page lists the rest in CSV.
pub const MAX_TABLE: usize = 400;

/// Labels in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese throughout.
    Zh,
    /// English labels (Chinese domain terms beside them).
    En,
}

impl Lang {
    /// `zh` or `en` (owned), whichever this language is.
    pub fn pick_owned(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// `zh` or `en`, whichever this language is.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A policy assumption in this language (the plan records it in
    /// English; [`Policy::assumption_zh`](shuangsuiji::rules::Policy::assumption_zh)).
    pub fn assumption(self, text: &str) -> String {
        match self {
            Lang::Zh => shuangsuiji::rules::Policy::assumption_zh(text).unwrap_or_else(|| text.to_owned()),
            Lang::En => text.to_owned(),
        }
    }
}

/// One CSV field (RFC 4180): quoted, quotes doubled, when it holds a
/// comma, quote or line break.
pub fn csv_cell(c: &str) -> String {
    if c.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c.to_owned()
    }
}

/// `s` escaped for HTML text and attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A category's full name.
pub fn category_name(c: Category, lang: Lang) -> &'static str {
    match (c, lang) {
        (Category::Key, Lang::Zh) => "重点排污单位",
        (Category::Special, Lang::Zh) => "特殊监管对象",
        (Category::General, Lang::Zh) => "一般排污单位",
        (Category::Key, Lang::En) => "key (重点)",
        (Category::Special, Lang::En) => "special (特殊)",
        (Category::General, Lang::En) => "general (一般)",
    }
}

/// A class's full name: a national category's, or the document's own.
pub fn class_name(c: &Class, lang: Lang) -> String {
    match c {
        Class::Category(c) => category_name(*c, lang).to_owned(),
        Class::Named(name) => name.to_string(),
    }
}

/// A pool's name (a matter's id: the plan names matters by id).
pub fn pool_name(p: &Pool, lang: Lang) -> &str {
    match lang {
        Lang::Zh => p.zh(),
        Lang::En => p.en(),
    }
}

/// A stratum as a reader names it: `呼图壁县 · 污染源 · 重点`.
pub fn stratum_name(key: &StratumKey, unit_name: &str, lang: Lang) -> String {
    stratum_named(key, unit_name, pool_name(&key.pool, lang), lang)
}

/// [`stratum_name`] with the pool named `pool` (a matter by its name).
pub fn stratum_named(key: &StratumKey, unit_name: &str, pool: &str, lang: Lang) -> String {
    let category = lang.pick_owned(key.category.zh(), key.category.as_str());
    let mut s = format!("{unit_name} · {pool} · {category}");
    if let Some(tier) = &key.tier {
        s.push_str(&format!(" · {tier}"));
    }
    s
}

/// A share as `26%`.
pub fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// One HTML page being written.
pub struct Page {
    lang: Lang,
    html: String,
}

impl Page {
    /// A page with a title and lines under it (already HTML).
    pub fn new(lang: Lang, title: &str, subtitle: &[String]) -> Page {
        let mut html = String::new();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>\n<h1>{}</h1>\n",
            lang.pick("zh-CN", "en"),
            esc(title),
            esc(title)
        );
        if !subtitle.is_empty() {
            let _ = writeln!(html, "<p class=\"sub\">{}</p>", subtitle.join("<br>"));
        }
        Page { lang, html }
    }

    /// A section heading with an optional sentence saying how to read it.
    pub fn section(&mut self, heading: &str, intro: &str) {
        let _ = writeln!(self.html, "<h2>{}</h2>", esc(heading));
        if !intro.is_empty() {
            let _ = writeln!(self.html, "<p class=\"intro\">{}</p>", esc(intro));
        }
    }

    /// A boxed note (assumptions, warnings).
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.html, "<p class=\"note\">{}</p>", esc(text));
    }

    /// Raw HTML (a chart).
    pub fn raw(&mut self, html: &str) {
        self.html.push_str(html);
        self.html.push('\n');
    }

    /// A table; `numeric[i]` right-aligns column `i`; cells are text.
    pub fn table(&mut self, headers: &[&str], numeric: &[bool], rows: &[Vec<String>]) {
        let class = |i: usize| if numeric.get(i).copied().unwrap_or(false) { " class=\"n\"" } else { "" };
        self.html.push_str("<table><thead><tr>");
        for (i, h) in headers.iter().enumerate() {
            let _ = write!(self.html, "<th{}>{}</th>", class(i), esc(h));
        }
        self.html.push_str("</tr></thead><tbody>\n");
        for row in rows {
            self.html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(self.html, "<td{}>{}</td>", class(i), esc(cell));
            }
            self.html.push_str("</tr>\n");
        }
        self.html.push_str("</tbody></table>\n");
    }

    /// The page's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The finished page.
    pub fn finish(mut self) -> String {
        let footer = self.lang.pick(
            "由 shuangsuiji 生成；可凭公开的种子与承诺摘要复核。",
            "Made by shuangsuiji; anyone can re-derive it from the published seed and commitment.",
        );
        let _ = write!(self.html, "<footer>{}</footer>\n</body></html>\n", esc(footer));
        self.html
    }
}

const CSS: &str = "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:0 auto;padding:24px 32px;max-width:1040px;color:#1f2328;line-height:1.5}\
h1{font-size:24px;margin:0 0 6px}h2{font-size:18px;margin:30px 0 6px;padding-bottom:4px;border-bottom:1px solid #d8dee4}\
h3{font-size:15px;margin:18px 0 4px}.sub{color:#57606a;margin:0 0 12px;font-size:14px}.intro{color:#444;margin:4px 0 10px;max-width:86ch;font-size:14px}\
.note{background:#fff8e1;border-left:4px solid #e0a800;padding:6px 12px;font-size:14px}\
table{border-collapse:collapse;margin:8px 0 18px;font-size:13px;display:block;max-width:100%;overflow-x:auto}td:not(.n){min-width:6em}td:last-child:not(.n){min-width:16em}th,td{border-bottom:1px solid #e6e8eb;padding:4px 10px;text-align:left;vertical-align:top}\
th{background:#f6f8fa;font-weight:600;white-space:nowrap}td:first-child{white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
tbody tr:nth-child(even){background:#fafbfc}.chart{max-width:100%;height:auto;display:block;margin:6px 0 10px}\
code{font-size:12px;white-space:nowrap;display:inline-block;max-width:100%;overflow-x:auto;vertical-align:bottom}.nw{white-space:nowrap}footer{margin-top:36px;color:#8c959f;font-size:12px}";
