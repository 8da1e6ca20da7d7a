#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! What a reader sees on the pages and tables `ssj` writes (issue 35, "the
//! small ones"): the plan's months table has its own columns, the
//! disclosure keeps ids and dates whole, every chart names its axes in the
//! page's language, the staffing chart shows the answer rather than the
//! trials, and `ssj stats` aligns its Chinese header and rounds its rates.

mod common;

use common::{ssj, Run};

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

fn ok(dir: &Path, args: &[&str]) -> String {
    let Run { code, stdout, stderr } = ssj(dir, args);
    assert_eq!(code, 0, "ssj {args:?}: {stdout}\n{stderr}");
    stdout
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

/// The demo's plan in `dir`: `plan.json`, `request.json` and the page
/// `plan-<lang>.html` in both languages.
fn demo_plan(dir: &Path) {
    ok(dir, &["plan", "--demo", "--out", "plan.json", "--save-request", "request.json", "--report", "plan-en.html"]);
    ok(dir, &["plan", "--demo", "--lang", "zh", "--report", "plan-zh.html"]);
}

/// Results for the plan's first twelve own visits, the sixth withheld
/// (公共安全): eleven of twelve completed tasks published.
fn results_for(plan: &Value) -> Value {
    let tasks: Vec<&Value> =
        plan["tasks"].as_array().unwrap().iter().filter(|t| t["visit"]["kind"] == "own").take(12).collect();
    assert_eq!(tasks.len(), 12);
    let results: Vec<Value> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let problem = i % 2 == 1;
            let mut r = json!({
                "object": t["object"],
                "unit": t["unit"],
                "date": format!("2023-{:02}-{:02}", t["month"].as_u64().unwrap(), 10 + i),
                "form": "on_site",
                "items_checked": ["污染防治设施运行情况"],
                "findings": if problem { "脱硫设施未正常运行" } else { "" },
                "outcome": if problem { "发现问题作出责令改正等行政命令" } else { "未发现问题" },
                "inspectors": t["visit"]["officers"],
            });
            if i == 5 {
                r["confidential"] = json!("公共安全");
            }
            r
        })
        .collect();
    Value::Array(results)
}

/// The element `<tag …>` blocks of `html` between `<tag` and `</tag>`.
fn blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let end = rest[start..].find(&close).unwrap() + start + close.len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Each cell `<th …>` or `<td …>` of a table row: (its class, its text).
fn cells(row: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in row.split("<t").skip(1) {
        if !["h>", "h ", "d>", "d "].iter().any(|p| chunk.starts_with(p)) {
            continue;
        }
        let open_end = chunk.find('>').unwrap();
        let attrs = &chunk[1..open_end];
        let class = attrs.split("class=\"").nth(1).map_or("", |c| &c[..c.find('"').unwrap()]).to_owned();
        let text = &chunk[open_end + 1..];
        let text = &text[..text.find("</t").unwrap_or(text.len())];
        out.push((class, text.to_owned()));
    }
    out
}

/// The first table after `heading` in `html`, as its header cells and its
/// body rows' cells.
type Cells = Vec<(String, String)>;
fn table_after(html: &str, heading: &str) -> (Cells, Vec<Cells>) {
    let at = html.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let table = blocks(&html[at..], "table")[0];
    let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    let rows = body.split("<tr").skip(1).map(cells).collect();
    (cells(head), rows)
}

#[test]
fn the_months_table_has_its_own_columns_headers_over_their_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_plan(dir);
    let plan: Value = serde_json::from_str(&read(&dir.join("plan.json"))).unwrap();
    let tasks = plan["tasks"].as_array().unwrap().len() as u64;
    for (page, heading, month) in
        [("plan-en.html", "<h2>Tasks per month</h2>", ""), ("plan-zh.html", "<h2>各月任务</h2>", "月")]
    {
        let html = read(&dir.join(page));
        let (head, rows) = table_after(&html, heading);
        let names: Vec<&str> = head.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(names.len(), 4, "{page}: {names:?}");
        assert!(
            !names.contains(&"Officers") && !names.contains(&"执法人员"),
            "{page}: the task table's headers: {names:?}"
        );
        assert_eq!(rows.len(), 3, "{page}: one row a month of the quarter");
        let mut total = 0;
        for row in &rows {
            assert_eq!(row.len(), head.len(), "{page}: {} headers over {} cells: {row:?}", head.len(), row.len());
            // Each column aligned as its header: the month a label, the counts numbers.
            for ((h_class, h), (c_class, c)) in head.iter().zip(row) {
                assert_eq!(h_class, c_class, "{page}: header {h} is aligned unlike its cell {c}");
            }
            assert_eq!(row[0].0, "", "{page}: the month is a label: {row:?}");
            assert!(row[0].1.ends_with(month), "{page}: {row:?}");
            for (class, n) in &row[1..] {
                assert_eq!(class, "n", "{page}: a count is right-aligned: {row:?}");
                total += n.parse::<u64>().unwrap();
            }
        }
        assert_eq!(total, tasks, "{page}: the months' counts add up to the tasks");
    }
}

/// The plan page keeps its seed and commitment whole (they scroll in their
/// box on a phone) and its tables scroll sideways rather than squeeze a
/// column to a character a line.
#[test]
fn the_plan_page_keeps_its_seed_and_digest_whole_and_scrolls_its_tables() {
    let tmp = tempfile::tempdir().unwrap();
    demo_plan(tmp.path());
    let html = read(&tmp.path().join("plan-zh.html"));
    assert!(!html.contains("break-all"), "a digest may break mid-token");
    assert!(html.contains("code{font-size:12px;white-space:nowrap"), "the seed and digest may wrap");
    assert!(html.contains("display:block;max-width:100%;overflow-x:auto"), "tables do not scroll sideways");
    assert!(html.contains("td:last-child:not(.n){min-width:16em}"), "the last text column may be squeezed");
}

#[test]
fn the_disclosure_keeps_ids_and_dates_whole_and_scrolls_its_table_sideways() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_plan(dir);
    let plan: Value = serde_json::from_str(&read(&dir.join("plan.json"))).unwrap();
    fs::write(dir.join("results.json"), results_for(&plan).to_string()).unwrap();
    let args = ["publish", "--plan", "plan.json", "--results", "results.json", "--request", "request.json"];
    ok(dir, &[&args[..], &["--out-dir", "public"]].concat());
    let html = read(&dir.join("public/public.html"));
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    let rule = |selector: &str| -> &str {
        let at = style.find(&format!("\n{selector}{{")).unwrap_or_else(|| panic!("no rule {selector} in {style}"));
        let rule = &style[at..];
        &rule[..rule.find('}').unwrap()]
    };
    assert!(rule("td.id,td.date").contains("white-space:nowrap"), "{style}");
    assert!(rule("div.scroll").contains("overflow-x:auto"), "{style}");
    assert!(rule("code").contains("white-space:nowrap"), "{style}");
    assert!(!style.contains("break-all") && !style.contains("break-word"), "nothing may break a token: {style}");
    assert!(html.contains("name=\"viewport\""), "a phone lays the page out at its own width");

    // The records table sits in the scrolling box, every id and date cell
    // marked to stay whole.
    let at = html.find("<div class=\"scroll\"><table>").expect("the records table scrolls in its box");
    let table = blocks(&html[at..], "table")[0];
    assert!(html[at..].starts_with(&format!("<div class=\"scroll\">{table}</div>")));
    let rows: Vec<Cells> = table.split("<tr").skip(2).map(cells).collect();
    assert_eq!(rows.len(), 12);
    for row in &rows {
        let (id_class, id) = &row[1];
        let (date_class, date) = &row[2];
        assert!(plan["tasks"].as_array().unwrap().iter().any(|t| t["object"] == id.as_str()), "{row:?}");
        assert_eq!(id_class, "id", "{row:?}");
        assert_eq!(date.len(), 10, "{row:?}");
        assert_eq!(date_class, "date", "{row:?}");
    }
    // The seal's digest and seed are kept whole too, each in a box of its own.
    let seal = &html[html.find("<p class=\"seal\">").unwrap()..];
    assert!(
        seal.contains(&format!("<span class=\"tok\"><code>{}</code>，</span>", plan["commitment"].as_str().unwrap()))
    );
}

/// The axis titles of every chart of `html`.
fn axis_titles(html: &str) -> Vec<(String, String)> {
    let title = |svg: &str, class: &str| -> String {
        let marker = format!("<text class=\"{class}\"");
        assert_eq!(svg.matches(&marker).count(), 1, "one {class} in {svg}");
        let at = svg.find(&marker).unwrap();
        let text = &svg[at..];
        let text = &text[text.find('>').unwrap() + 1..];
        text[..text.find("</text>").unwrap()].to_owned()
    };
    blocks(html, "svg").into_iter().map(|svg| (title(svg, "x-title"), title(svg, "y-title"))).collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_chart_names_both_axes_in_the_page_language() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_plan(dir);
    for lang in ["en", "zh"] {
        let page = |name: &str| format!("{name}-{lang}.html");
        let hutubi = ["--demo", "--lang", lang, "--units", "changji/hutubi"];
        ok(dir, &[&["staffing"][..], &hutubi, &["--capacity", "12", "--report", &page("staffing")]].concat());
        ok(
            dir,
            &[&["simulate"][..], &hutubi, &["--years", "2", "--seeds", "2", "--report", &page("simulate")]].concat(),
        );
        // The never-reached companies by their unit's name, as the plan page
        // names units; the CSV beside the page keeps the id.
        let sim = read(&dir.join(page("simulate")));
        let heading =
            if lang == "zh" { "2 年内从未被抽中的企业" } else { "Companies never visited in 2 years" };
        let (_, rows) = table_after(&sim, heading);
        assert!(!rows.is_empty() && rows.iter().all(|r| r[0].1 == "呼图壁县"), "{lang}: {:?}", rows.first());
        let csv = read(&dir.join(format!("simulate-{lang}.never-reached.csv")));
        assert!(csv.lines().nth(1).is_some_and(|l| l.starts_with("changji/hutubi,")), "{csv:.200}");
        let compare = ["--policies", "changji-county,fengdu-example", "--capacity", "12", "--report", &page("compare")];
        ok(dir, &[&["compare"][..], &hutubi, &compare].concat());
        for name in ["plan", "staffing", "simulate", "compare"] {
            let html = read(&dir.join(page(name)));
            let titles = axis_titles(&html);
            assert!(!titles.is_empty(), "{name} {lang}: no chart");
            assert_eq!(titles.len(), html.matches("<svg").count());
            for (x, y) in &titles {
                assert!(!x.trim().is_empty() && !y.trim().is_empty(), "{name} {lang}: {titles:?}");
                match lang {
                    "zh" => assert!(has_cjk(x) && has_cjk(y), "{name}: Chinese axis titles under --lang zh: {x} / {y}"),
                    _ => {
                        assert!(!has_cjk(x) && !has_cjk(y), "{name}: English axis titles under --lang en: {x} / {y}")
                    }
                }
            }
        }
    }
}

#[test]
fn the_staffing_chart_shows_one_bar_per_unit_not_one_mark_per_trial() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let args = ["staffing", "--demo", "--units", "changji/hutubi,changji/manas", "--capacity", "12"];
    let answer: Value = serde_json::from_str(&ok(dir, &[&args[..], &["--format", "json"]].concat())).unwrap();
    ok(dir, &[&args[..], &["--report", "staffing.html"]].concat());
    let html = read(&dir.join("staffing.html"));
    let units = answer["units"].as_array().unwrap();
    let trials: usize = units.iter().map(|u| u["tried"].as_array().unwrap().len()).sum();
    assert!(trials > units.len(), "the demo tries several numbers per unit: {trials}");
    let svgs = blocks(&html, "svg");
    assert_eq!(svgs.len(), 1);
    let svg = svgs[0];
    // One mark (a bar with its tick and text) per unit; no dot per trial.
    assert_eq!(svg.matches("<g>").count(), units.len(), "{svg}");
    assert!(!svg.contains("<circle"), "{svg}");
    for (u, g) in units.iter().zip(blocks(svg, "g")) {
        let (needed, now) = (u["officers_needed"].as_u64().unwrap(), u["officers_now"].as_u64().unwrap());
        assert!(g.contains(u["unit"].as_str().unwrap()), "{g}");
        assert!(g.contains(&format!(">{needed} needed ({now} now)</text>")), "{g}");
        // The bar is as long as the answer, the tick at today's staff: both
        // on the same scale, so their ratio is the numbers'.
        let bar = g.split("<rect").nth(1).unwrap();
        let width: f64 = bar.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let x: f64 = bar.split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let tick = g.split("<line").nth(1).unwrap();
        let tx: f64 = tick.split("x1=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let ratio = width / (tx - x);
        assert!((ratio - needed as f64 / now as f64).abs() < 0.01, "{g}");
    }
}

#[test]
fn stats_aligns_its_chinese_header_by_display_width_and_rounds_its_rates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_plan(dir);
    let plan: Value = serde_json::from_str(&read(&dir.join("plan.json"))).unwrap();
    fs::write(dir.join("results.json"), results_for(&plan).to_string()).unwrap();
    let out = ok(dir, &["stats", "--plan", "plan.json", "--results", "results.json", "--request", "request.json"]);
    let lines: Vec<&str> = out.lines().collect();
    let header = lines.iter().copied().find(|l| l.starts_with("单位/类别")).unwrap();
    let total = lines.iter().copied().find(|l| l.starts_with("总计")).unwrap();
    // 11 of 12 published: 91.666… % is 91.7 %, not the 91.6 % a cut gives.
    assert!(total.ends_with("11/12 (91.7%)"), "{total}");
    assert!(!out.contains("91.6%"), "{out}");
    // Where each word starts and ends, in display columns.
    let spans = |line: &str| -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut col = 0;
        let mut start = None;
        for c in line.chars() {
            let w = c.width().unwrap_or(0);
            match (c == ' ', start) {
                (true, Some(s)) => {
                    spans.push((s, col));
                    start = None;
                }
                (false, None) => start = Some(col),
                _ => {}
            }
            col += w;
        }
        if let Some(s) = start {
            spans.push((s, col));
        }
        spans
    };
    let (h, t) = (spans(header), spans(total));
    assert_eq!(h.len(), 7, "{header}");
    // The counts are right-aligned: each header ends where its figures end.
    for i in 1..6 {
        assert_eq!(h[i].1, t[i].1, "column {i} of\n{header}\n{total}");
    }
    // The rate is left-aligned under its header.
    assert_eq!(h[6].0, t[6].0, "\n{header}\n{total}");
    // Every row of the form has its figures under their headers: a digit
    // in the header's last display column, a space after it.
    let at = |line: &str, col: usize| -> Option<char> {
        let mut c0 = 0;
        for c in line.chars() {
            if c0 == col {
                return Some(c);
            }
            c0 += c.width().unwrap_or(0);
        }
        None
    };
    let form: Vec<&str> =
        lines.iter().copied().skip_while(|l| !l.starts_with("单位/类别")).take_while(|l| !l.is_empty()).collect();
    assert!(form.len() > 10);
    for line in &form[1..] {
        for &(_, end) in &h[1..6] {
            assert!(at(line, end - 1).is_some_and(|c| c.is_ascii_digit()), "\n{header}\n{line}");
            assert_eq!(at(line, end), Some(' '), "\n{header}\n{line}");
        }
        assert!(line.width() > h[6].0, "{line}");
    }
}
