//! The "one public" (一公开): what of the results is published, and how.
//!
//! Published for each inspection: the time, the content (check items) and
//! the result in the document's brief wording (001 §三（六）; 000 §六;
//! 004 二（五）). Never published: the findings (free text), and results
//! touching state secrets, national security or public security, which
//! are withheld ([`ConfidentialGround`](crate::publish::results::ConfidentialGround)).
//! A withheld result shows only the fact of withholding — company and date
//! with [`WITHHELD_WORDING`] — or is left out entirely. Inspectors' names
//! are shown only when the bureau chooses ([`DisclosurePolicy`]).
//!
//! Renderings: JSON ([`to_json`]), CSV ([`to_csv`]) and a self-contained
//! HTML page ([`to_html`]), with Chinese column headings.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::audit::amend::{Entry, LogEntry, LogHead, PlanLog};
use crate::model::format::format_tag;
use crate::model::{Id, Quarter, Registry};
use crate::plan::QuarterPlan;

use super::results::{InspectionResult, Wordings};

/// The outcome shown for a withheld result: 依法不予公开 ("not published, as
/// the law allows").
pub const WITHHELD_WORDING: &str = "依法不予公开";

/// What the bureau discloses beyond the required minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DisclosurePolicy {
    /// Show the inspectors' names (personal data). Default `false`.
    pub show_inspector_names: bool,
    /// Show a line for each withheld result (company, date, 依法不予公开).
    /// Default `true`; `false` leaves withheld results out entirely.
    pub show_withheld_marker: bool,
}

impl Default for DisclosurePolicy {
    fn default() -> Self {
        DisclosurePolicy { show_inspector_names: false, show_withheld_marker: true }
    }
}

/// One published line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicRecord {
    /// The company's name (from the registry, else the plan, else the id).
    pub company: String,
    /// The object's id.
    pub object: Id,
    /// Date of the inspection.
    pub date: NaiveDate,
    /// The check items (empty when withheld).
    pub items: Vec<String>,
    /// The outcome wording, or [`WITHHELD_WORDING`].
    pub outcome: String,
    /// Whether the result is withheld.
    pub withheld: bool,
    /// Inspectors' names, only when [`DisclosurePolicy::show_inspector_names`]
    /// and the result is not withheld.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspectors: Vec<String>,
    /// A visit made after its task's month is marked with the bureau's
    /// reason (逾期说明), withheld or not: the public sees the schedule slip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
}

/// The public lines for `results`, sorted by date, then object id.
///
/// A result with a confidential ground is withheld: with
/// `show_withheld_marker` it appears with only company, object id, date and
/// [`WITHHELD_WORDING`]; otherwise it is omitted. Findings never appear.
/// An outcome is published as the document's phrase (`wordings`), however
/// the record spells it.
/// Inspector names appear only when allowed, looked up in the registry (an
/// inspector not in the registry is shown by id).
pub fn public_records(
    results: &[InspectionResult],
    plan: &QuarterPlan,
    registry: &Registry,
    wordings: &Wordings<'_>,
    disclosure: &DisclosurePolicy,
) -> Vec<PublicRecord> {
    let object_names: HashMap<&str, &str> = registry.objects.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
    let plan_names: HashMap<&str, &str> =
        plan.tasks.iter().map(|t| (t.object.as_str(), t.object_name.as_str())).collect();
    let inspector_names: HashMap<&str, &str> =
        registry.inspectors.iter().map(|i| (i.id.as_str(), i.name.as_str())).collect();
    let mut out: Vec<PublicRecord> = results
        .iter()
        .filter_map(|r| {
            let company = object_names
                .get(r.object.as_str())
                .or_else(|| plan_names.get(r.object.as_str()))
                .map_or_else(|| r.object.clone(), |n| (*n).to_owned());
            if r.confidential.is_some() {
                return disclosure.show_withheld_marker.then(|| PublicRecord {
                    company,
                    object: r.object.clone(),
                    date: r.date,
                    items: Vec::new(),
                    outcome: WITHHELD_WORDING.to_owned(),
                    withheld: true,
                    inspectors: Vec::new(),
                    late_reason: r.late_reason.clone(),
                });
            }
            let inspectors = if disclosure.show_inspector_names {
                r.inspectors
                    .iter()
                    .map(|id| inspector_names.get(id.as_str()).map_or_else(|| id.clone(), |n| (*n).to_owned()))
                    .collect()
            } else {
                Vec::new()
            };
            Some(PublicRecord {
                company,
                object: r.object.clone(),
                date: r.date,
                items: r.items_checked.clone(),
                // The document's phrase, as it writes it, whatever the
                // record's spelling (`changji.no_problem`, full-width commas).
                outcome: wordings.phrase(&r.outcome).to_owned(),
                withheld: false,
                inspectors,
                late_reason: r.late_reason.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.object).cmp(&(b.date, &b.object)));
    out
}

format_tag!(
    /// The disclosure file's format tag.
    DisclosureFormat,
    "shuangsuiji.disclosure/4",
    "disclosure"
);

/// What ties a disclosure to its draw: the plan's commitment and seed, and
/// the head of its amendment log when it has one, so a reader can check
/// the plan and every amendment behind the results
/// (`ssj verify --log … --head …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The quarter.
    pub quarter: Quarter,
    /// The plan's commitment digest.
    pub commitment: String,
    /// The plan's seed.
    pub seed: String,
    /// Why the plan's list was fixed outside its document's window, where
    /// it was (the commitment carries it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_window: Option<String>,
    /// The amendment log's head, if the plan was amended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_head: Option<LogHead>,
    /// Every amendment, as the log holds it (claims with their evidence,
    /// the draws with their seeds): an amendment is public, not only its
    /// head (`docs/draw-protocol.md` §8).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<LogEntry>,
}

impl Seal {
    /// The seal of `plan`, with its log's head and amendments if it has one.
    pub fn of(plan: &QuarterPlan, log: Option<&PlanLog>) -> Seal {
        Seal {
            quarter: plan.quarter,
            commitment: plan.commitment.clone(),
            seed: plan.seed.clone(),
            outside_window: plan.outside_window.clone(),
            log_head: log.map(PlanLog::head),
            amendments: log.map(PlanLog::amendments).unwrap_or_default(),
        }
    }
}

/// The public JSON file: the seal and the records.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The format tag.
    pub format: DisclosureFormat,
    /// What ties it to its draw.
    pub seal: Seal,
    /// The published records.
    pub records: Vec<PublicRecord>,
}

/// The disclosure as pretty JSON (`{format, seal, records}`), with a final
/// newline.
///
/// # Errors
/// [`serde_json::Error`] only if serialization fails, which plain strings
/// and dates never do.
pub fn to_json(records: &[PublicRecord], seal: &Seal) -> Result<String, serde_json::Error> {
    let file = Disclosure { format: DisclosureFormat, seal: seal.clone(), records: records.to_vec() };
    serde_json::to_string_pretty(&file).map(|s| s + "\n")
}

/// Joins check items for one cell.
fn items_cell(items: &[String]) -> String {
    items.join("；")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The optional columns a list of records needs.
#[derive(Clone, Copy)]
struct Columns {
    /// Some record carries inspectors' names.
    inspectors: bool,
    /// Some record is a late visit.
    late: bool,
}

impl Columns {
    fn of(records: &[PublicRecord]) -> Columns {
        Columns {
            inspectors: records.iter().any(|r| !r.inspectors.is_empty()),
            late: records.iter().any(|r| r.late_reason.is_some()),
        }
    }

    /// The column headings, in order.
    fn headings(self) -> Vec<&'static str> {
        let mut h = vec!["企业名称", "对象编号", "检查日期", "检查事项", "检查结果", "是否依法不予公开"];
        if self.inspectors {
            h.push("检查人员");
        }
        if self.late {
            h.push("逾期说明");
        }
        h
    }

    fn cells(self, r: &PublicRecord) -> Vec<String> {
        let mut c = vec![
            r.company.clone(),
            r.object.clone(),
            r.date.to_string(),
            items_cell(&r.items),
            r.outcome.clone(),
            if r.withheld { "是" } else { "否" }.to_owned(),
        ];
        if self.inspectors {
            c.push(r.inspectors.join("、"));
        }
        if self.late {
            c.push(r.late_reason.clone().unwrap_or_default());
        }
        c
    }
}

/// The records as CSV (RFC 4180: fields with a comma, quote or line break
/// are quoted, quotes doubled; CRLF line ends), with a Chinese heading row.
/// Check items are joined with "；".
pub fn to_csv(records: &[PublicRecord]) -> String {
    let columns = Columns::of(records);
    let mut s = columns.headings().join(",");
    s.push_str("\r\n");
    for r in records {
        let row: Vec<String> = columns.cells(r).iter().map(|c| csv_field(c)).collect();
        s.push_str(&row.join(","));
        s.push_str("\r\n");
    }
    s
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The records as one self-contained HTML page (inline style, no scripts,
/// no external resources) titled `title`, e.g.
/// 昌吉州2024年第三季度"双随机、一公开"抽查结果公示, ending with the seal.
pub fn to_html(records: &[PublicRecord], title: &str, seal: &Seal) -> String {
    let columns = Columns::of(records);
    let title = html_escape(title);
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{DISCLOSURE_CSS}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>共 {} 条。涉及保密、国家安全、公共安全的检查结果依法不予公开。</p>\n<div class=\"scroll\"><table>\n<thead><tr>",
        records.len()
    );
    let headings = columns.headings();
    for h in &headings {
        s.push_str(&format!("<th>{h}</th>"));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in records {
        s.push_str(if r.withheld { "<tr class=\"withheld\">" } else { "<tr>" });
        for (h, c) in headings.iter().zip(columns.cells(r)) {
            s.push_str(&format!("<td{}>{}</td>", cell_class(h), html_escape(&c)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
    s.push_str(&format!(
        "<p class=\"seal\">抽查计划承诺摘要 <span class=\"tok\"><code>{}</code>，</span>随机种子 <span class=\"tok\"><code>{}</code>。</span>",
        html_escape(&seal.commitment),
        html_escape(&seal.seed)
    ));
    if let Some(reason) = &seal.outside_window {
        s.push_str(&format!("抽查名单未在文件规定的时限内确定，原因：{}。", html_escape(reason)));
    }
    match &seal.log_head {
        Some(head) => s.push_str(&format!(
            "计划变更记录共 {} 条，链头 <code>{}</code>（可用 <code>ssj verify --log … --head {}</code> 核验）。</p>\n",
            head.entries,
            html_escape(&head.hash),
            html_escape(&head.to_string())
        )),
        None => s.push_str("计划未作变更。</p>\n"),
    }
    amendments_html(&mut s, &seal.amendments);
    s.push_str(VERIFY_LINK);
    s.push_str("</body>\n</html>\n");
    s
}

/// Where the page sends a reader who wants to check the draw: the public
/// verifier, which `ssj publish` writes beside it (`verify.html`), run in
/// the reader's own browser, offline.
const VERIFY_LINK: &str = "<p class=\"seal\">任何人都可以复核本次抽取：打开同一目录下的 \
<a href=\"verify.html\">核验页（verify.html）</a>，选入公开的请求、计划（或抽取公示记录）、承诺和变更记录，\
即在本机浏览器中离线重算抽取结果，不需要安装任何软件。</p>\n";

/// The page's style. Ids (an object's code, an 18-character credit code)
/// and dates never break inside: a narrow screen scrolls the table
/// sideways within its box instead, and the page itself never overflows.
const DISCLOSURE_CSS: &str = "body{font-family:sans-serif;margin:2em}
div.scroll{overflow-x:auto;max-width:100%;margin:0 0 1em;background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/40px 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/40px 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),transparent) left/12px 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),transparent) right/12px 100% no-repeat scroll}
table{border-collapse:collapse}
th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eee;white-space:nowrap}
td.id,td.date{white-space:nowrap;font-variant-numeric:tabular-nums}
td.name{min-width:10em}
td.text{min-width:10em}
tr.withheld td{color:#666}
p.seal{color:#444;font-size:90%;margin-top:1.5em}
table.amend td,table.amend th{white-space:nowrap}
table.amend td.what,table.amend td.text{white-space:normal;min-width:12em}
code{white-space:nowrap}
p.seal code,p.seal span.tok{display:inline-block;max-width:100%;overflow-x:auto;vertical-align:bottom;white-space:nowrap}
p.seal span.tok code{display:inline}";

/// The class of a records table's cell under heading `h`: ids and dates
/// kept whole, names and free text given room before the table scrolls.
fn cell_class(h: &str) -> &'static str {
    match h {
        "对象编号" => " class=\"id\"",
        "检查日期" => " class=\"date\"",
        "企业名称" => " class=\"name\"",
        "检查事项" | "检查结果" | "逾期说明" => " class=\"text\"",
        _ => "",
    }
}

/// The amendments as a table: what each changed, why, on what evidence,
/// who decided and when.
fn amendments_html(s: &mut String, amendments: &[LogEntry]) {
    if amendments.is_empty() {
        return;
    }
    s.push_str("<h2>计划变更</h2>\n<div class=\"scroll\"><table class=\"amend\">\n<thead><tr><th>序号</th><th>变更内容</th><th>理由</th><th>证明材料</th><th>决定人</th><th>日期</th></tr></thead>\n<tbody>\n");
    for (i, e) in amendments.iter().enumerate() {
        let Entry::Amendment(a) = &e.entry else { continue };
        let cells = [
            (i + 1).to_string(),
            a.kind.zh(),
            a.reason.clone(),
            a.evidence.clone().unwrap_or_default(),
            a.author.clone(),
            a.date.to_string(),
        ];
        s.push_str("<tr>");
        for (column, c) in cells.iter().enumerate() {
            // What a draw brought in, one replacement a line.
            let (class, text) = match column {
                1 => (" class=\"what\"", html_escape(c).replace('：', "：<br>").replace('；', "；<br>")),
                // The reason and the evidence wrap; the date stays whole.
                2 | 3 => (" class=\"text\"", html_escape(c)),
                _ => ("", html_escape(c)),
            };
            s.push_str(&format!("<td{class}>{text}</td>"));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn html_escapes() {
        assert_eq!(html_escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    }

    #[test]
    fn default_policy_hides_names_and_marks_withheld() {
        let d = DisclosurePolicy::default();
        assert!(!d.show_inspector_names);
        assert!(d.show_withheld_marker);
    }
}
