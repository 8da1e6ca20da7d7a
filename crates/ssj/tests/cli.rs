#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Integration tests of the `ssj` command: every subcommand's success and
//! failure paths, run as a real process in a temporary directory.
//!
//! Conventions: inputs live in `<tmp>/in`, outputs in `<tmp>/out` (or the
//! working directory `<tmp>`); every test that reads input files snapshots
//! `<tmp>/in` before the run and asserts it is byte-for-byte unchanged
//! after it (the command must never modify its inputs).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use shuangsuiji::plan::quota::QuotaLine;
use shuangsuiji::plan::{QuarterPlan, FORMAT_VERSION};
use shuangsuiji::rules::{self, Policy};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The `ssj` binary, run in `dir`.
fn ssj(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ssj"));
    cmd.current_dir(dir);
    cmd
}

/// A temporary working directory with `in/` and `out/`.
struct Work {
    tmp: tempfile::TempDir,
}

impl Work {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("in")).unwrap();
        fs::create_dir(tmp.path().join("out")).unwrap();
        Work { tmp }
    }
    fn dir(&self) -> &Path {
        self.tmp.path()
    }
    fn input(&self, name: &str) -> PathBuf {
        self.tmp.path().join("in").join(name)
    }
    fn output(&self, name: &str) -> PathBuf {
        self.tmp.path().join("out").join(name)
    }
    fn ssj(&self) -> Command {
        ssj(self.dir())
    }
    /// Every file under `in/` with its bytes.
    fn snapshot_inputs(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.tmp.path().join("in"))
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// FNV-1a over a snapshot: a short fingerprint for failure messages.
fn fingerprint(files: &BTreeMap<PathBuf, Vec<u8>>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, bytes) in files {
        for b in path.to_string_lossy().bytes().chain(bytes.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn assert_inputs_unchanged(work: &Work, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = work.snapshot_inputs();
    assert_eq!(
        fingerprint(before),
        fingerprint(&after),
        "input files changed: before {:?}, after {:?}",
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == &after, "input files changed");
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs and returns (exit code, stdout, stderr).
fn run(mut cmd: Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (output.status.code().unwrap_or(-1), stdout_of(&output), stderr_of(&output))
}

/// A small registry as three CSV files with Chinese headers and labels:
/// 昌吉州 with 呼图壁县; in the county 8 key, 4 special and 60 general
/// objects (the first five general ones in 化工, plus one relocated general
/// object that must not count), 4 officers of the county (two with
/// radiation/hazardous-waste expertise), one expert, and 2 officers of the
/// prefecture.
fn write_csv_registry(dir: &Path) {
    write_csv_registry_for(dir, "changji/hutubi");
}

/// [`write_csv_registry`] with the county's id given.
fn write_csv_registry_for(dir: &Path, county: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("jurisdictions.csv"),
        format!("编号,名称,级别,上级\nchangji,昌吉州,州,\n{county},呼图壁县,县,changji\n"),
    )
    .unwrap();
    let mut objects = String::from("统一社会信用代码,单位名称,所属区域,监管类别,状态,行业\n");
    for i in 1..=8 {
        objects.push_str(&format!("K{i:03},呼图壁重点企业{i}号,{county},重点,正常,电力\n"));
    }
    for i in 1..=4 {
        objects.push_str(&format!("S{i:03},呼图壁特殊单位{i}号,{county},特殊监管对象,,医疗\n"));
    }
    for i in 1..=60 {
        let industry = if i <= 5 { "化工" } else { "建材" };
        objects.push_str(&format!("G{i:03},\"呼图壁一般企业{i}号, 分厂\",{county},一般,在产,{industry}\n"));
    }
    objects.push_str(&format!("G999,已搬迁的砖厂,{county},一般,已搬迁,建材\n"));
    fs::write(dir.join("objects.csv"), objects).unwrap();
    fs::write(
        dir.join("inspectors.csv"),
        format!(
            "编号,姓名,所属区域,角色,专长,季度检查上限\n\
         H-01,张一,{county},执法人员,辐射、危废,20\n\
         H-02,李二,{county},执法人员,危险废物,20\n\
         H-03,王三,{county},执法人员,,20\n\
         H-04,赵四,{county},执法人员,,20\n\
         E-01,钱专家,{county},专家,化工,5\n\
         Z-01,州一,changji,执法人员,,30\n\
         Z-02,州二,changji,执法人员,,30\n"
        ),
    )
    .unwrap();
}

/// `plan` arguments for the CSV registry of [`write_csv_registry`] in `in/reg`.
fn csv_plan_args(work: &Work) -> Vec<String> {
    csv_plan_args_for(work, "changji/hutubi")
}

/// [`csv_plan_args`] for the county id given.
fn csv_plan_args_for(work: &Work, county: &str) -> Vec<String> {
    vec![
        "plan".into(),
        "--registry".into(),
        work.input("reg").display().to_string(),
        "--policy".into(),
        "changji-county".into(),
        "--quarter".into(),
        "2023Q1".into(),
        "--units".into(),
        county.into(),
        "--seed".into(),
        "73059812460917733531".into(),
    ]
}

/// Plans the demo into `out/plan.json` and `out/request.json`.
fn demo_plan(work: &Work) -> (PathBuf, PathBuf) {
    let plan = work.output("plan.json");
    let request = work.output("request.json");
    work.ssj()
        .args(["plan", "--demo", "--out"])
        .arg(&plan)
        .arg("--save-request")
        .arg(&request)
        .arg("--report")
        .arg(work.output("report.html"))
        .assert()
        .success();
    (plan, request)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The name a stratum line has in the HTML strata table.
fn html_stratum_name(line: &Value) -> String {
    let st = &line["stratum"];
    let unit = st["unit"].as_str().unwrap();
    let registry = shuangsuiji_io::synth::demo_prefecture();
    let area = registry.jurisdictions.iter().find(|j| j.id == unit).map_or(unit.to_owned(), |j| j.name.clone());
    match line.get("campaign").and_then(Value::as_str) {
        Some(c) => format!("{area} · campaign {c}"),
        None => {
            let mut s = format!("{area} · {} · {}", st["pool"].as_str().unwrap(), st["category"].as_str().unwrap());
            if let Some(tier) = st.get("tier").and_then(Value::as_str) {
                s.push_str(" · ");
                s.push_str(tier);
            }
            s
        }
    }
}

// ---------------------------------------------------------------------------
// A tiny HTML well-formedness checker for the tags the report emits
// ---------------------------------------------------------------------------

/// HTML void elements: no end tag.
const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Elements whose content is raw text (not parsed for tags).
const RAW_TEXT: [&str; 2] = ["style", "script"];

/// Checks that every tag is closed in order, attributes are quoted, text
/// carries no raw `<` or `>`, and entities are the ones `esc` writes.
/// Returns the element names in document order on success.
fn check_well_formed(html: &str) -> Result<Vec<String>, String> {
    let bytes = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut i = 0;
    let line_of = |at: usize| html[..at].matches('\n').count() + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let rest = &html[i..];
                if rest.starts_with("<!--") {
                    let end = rest.find("-->").ok_or(format!("line {}: unclosed comment", line_of(i)))?;
                    i += end + 3;
                    continue;
                }
                if rest.starts_with("<!") {
                    if !rest[..rest.find('>').unwrap_or(rest.len())].eq_ignore_ascii_case("<!DOCTYPE html") {
                        return Err(format!("line {}: unexpected declaration", line_of(i)));
                    }
                    if !stack.is_empty() || !seen.is_empty() {
                        return Err("DOCTYPE not first".into());
                    }
                    i += rest.find('>').unwrap() + 1;
                    continue;
                }
                let end = tag_end(rest).ok_or(format!("line {}: unterminated tag", line_of(i)))?;
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim();
                    match stack.pop() {
                        Some(open) if open == name => {}
                        Some(open) => {
                            return Err(format!("line {}: </{name}> closes <{open}>", line_of(i)));
                        }
                        None => return Err(format!("line {}: </{name}> with nothing open", line_of(i))),
                    }
                    i += end + 1;
                    continue;
                }
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
                let name = &body[..name_len];
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(format!("line {}: bad tag name `{name}`", line_of(i)));
                }
                check_attributes(&body[name_len..]).map_err(|e| format!("line {}: <{name}>: {e}", line_of(i)))?;
                seen.push(name.to_owned());
                i += end + 1;
                if self_closing || VOID.contains(&name) {
                    continue;
                }
                if RAW_TEXT.contains(&name) {
                    let close = format!("</{name}>");
                    let end = html[i..].find(&close).ok_or(format!("line {}: <{name}> not closed", line_of(i)))?;
                    i += end + close.len();
                    continue;
                }
                stack.push(name.to_owned());
            }
            b'>' => return Err(format!("line {}: raw `>` in text", line_of(i))),
            b'&' => {
                let rest = &html[i..];
                let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#"].iter().any(|e| rest.starts_with(e));
                if !ok {
                    return Err(format!("line {}: bare `&` in text", line_of(i)));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    Ok(seen)
}

/// Index of the `>` ending the tag that starts `rest`, skipping quoted
/// attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (k, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '<') => return None,
            (None, '>') => return Some(k),
            _ => {}
        }
    }
    None
}

/// Attributes: `name="value"` pairs, values free of `<` and raw `"`.
fn check_attributes(mut attrs: &str) -> Result<(), String> {
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs.find('=').ok_or(format!("attribute without value: `{attrs}`"))?;
        let name = &attrs[..eq];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
            return Err(format!("bad attribute name `{name}`"));
        }
        let value = attrs[eq + 1..].strip_prefix('"').ok_or(format!("attribute `{name}` is not double-quoted"))?;
        let close = value.find('"').ok_or(format!("attribute `{name}`: unterminated value"))?;
        if value[..close].contains('<') {
            return Err(format!("attribute `{name}`: `<` in value"));
        }
        attrs = &value[close + 1..];
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Every `<tr>` of the page as the texts of its cells (tags stripped).
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for chunk in html.split("<tr>").skip(1) {
        let row = &chunk[..chunk.find("</tr>").unwrap()];
        let mut cells = Vec::new();
        for cell in row.split("<t").skip(1) {
            let Some(start) = cell.find('>') else { continue };
            let content = &cell[start + 1..];
            let content = &content[..content.find("</t").unwrap_or(content.len())];
            cells.push(unescape(&strip_tags(content)));
        }
        rows.push(cells);
    }
    rows
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_well_formedness_checker_catches_what_it_should() {
    assert!(check_well_formed("<!DOCTYPE html>\n<html><body><p>a &amp; b<br></p></body></html>").is_ok());
    assert!(check_well_formed("<html><body><p>x</body></html>").is_err());
    assert!(check_well_formed("<html><p>x</p>").is_err());
    assert!(check_well_formed("<html><p class=x>y</p></html>").is_err());
    assert!(check_well_formed("<html><p>a & b</p></html>").is_err());
    assert!(check_well_formed("<html><p>a > b</p></html>").is_err());
    assert!(check_well_formed("<svg><rect x=\"1\"/><text>t</text></svg>").is_ok());
    assert!(check_well_formed("<html><style>td>th{}</style></html>").is_ok());
}

// ---------------------------------------------------------------------------
// plan
// ---------------------------------------------------------------------------

#[test]
fn plan_demo_prints_the_strata_table_and_writes_the_default_report() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo"]);
        c
    });
    assert_eq!(code, 0, "stderr: {err}");
    assert!(out.contains("Plan 2023Q1  policy changji-county"), "{out}");
    assert!(out.contains("stratum") && out.contains("eligible") && out.contains("minimum") && out.contains("drawn"));
    assert!(out.contains("呼图壁县 · pollution · key"), "{out}");
    assert!(out.contains("Changji 2023 §四.1"), "{out}");
    assert!(out.contains("HTML report: ssj-demo-report.html"), "{out}");
    let html = fs::read_to_string(work.dir().join("ssj-demo-report.html")).unwrap();
    check_well_formed(&html).unwrap();
}

#[test]
fn plan_demo_report_is_well_formed_and_carries_every_stratum_number() {
    let work = Work::new();
    let (plan_path, _) = demo_plan(&work);
    let plan = read_json(&plan_path);
    let html = fs::read_to_string(work.output("report.html")).unwrap();

    let elements = check_well_formed(&html).unwrap_or_else(|e| panic!("report is not well-formed: {e}"));
    for (name, count) in [("html", 1), ("head", 1), ("body", 1), ("h1", 1)] {
        assert_eq!(elements.iter().filter(|e| *e == name).count(), count, "<{name}> count");
    }
    assert!(elements.iter().any(|e| e == "svg"), "the report has charts");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let head = &html[html.find("<head>").unwrap()..html.find("</head>").unwrap()];
    assert_eq!(head.matches("<title>").count(), 1);
    assert!(head.contains(r#"<meta charset="utf-8">"#));
    // Self-contained: nothing is fetched.
    for external in ["<script", "<link", "src=", "href=", "url("] {
        assert!(!html.contains(external), "the report loads something: {external}");
    }

    let rows = table_rows(&html);
    let strata = plan["strata"].as_array().unwrap();
    assert!(!strata.is_empty());
    for line in strata {
        let name = html_stratum_name(line);
        let want: Vec<String> = ["eligible", "inspected_this_year", "required", "drawn"]
            .iter()
            .map(|k| line[k].as_u64().unwrap().to_string())
            .collect();
        let row =
            rows.iter().find(|r| r.first() == Some(&name)).unwrap_or_else(|| panic!("no HTML row for stratum {name}"));
        assert_eq!(row[1..5].to_vec(), want, "HTML row of {name}");
    }
    // Every task is listed, with its month, object name and id.
    for task in plan["tasks"].as_array().unwrap() {
        let object = task["object"].as_str().unwrap();
        let row = rows
            .iter()
            .find(|r| r.get(2).map(String::as_str) == Some(object))
            .unwrap_or_else(|| panic!("no row for task {object}"));
        assert_eq!(row[0], task["month"].as_u64().unwrap().to_string());
        assert_eq!(row[1], task["object_name"].as_str().unwrap());
    }
    // The header carries the seed and the digest.
    assert!(html.contains(plan["seed"].as_str().unwrap()));
    assert!(html.contains(plan["commitment"].as_str().unwrap()));
}

#[test]
fn plan_format_json_parses_as_a_versioned_quarter_plan_and_matches_out() {
    let work = Work::new();
    let output = work
        .ssj()
        .args(["plan", "--demo", "--format", "json", "--report"])
        .arg(work.output("r.html"))
        .arg("--out")
        .arg(work.output("plan.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    let plan: QuarterPlan = serde_json::from_str(&stdout).unwrap();
    assert_eq!(plan.format.to_string(), "shuangsuiji.plan/4");
    assert_eq!(plan.format.to_string(), FORMAT_VERSION);
    assert_eq!(plan.quarter.to_string(), "2023Q1");
    assert_eq!(plan.commitment.len(), 64);
    assert!(plan.tasks.iter().all(|t| t.officers().len() >= 2 || t.officers().is_empty()));
    // --out holds exactly what stdout printed.
    assert_eq!(fs::read_to_string(work.output("plan.json")).unwrap(), stdout);
    // Reproducible: a second run gives the same bytes.
    let again =
        work.ssj().args(["plan", "--demo", "--format", "json", "--report"]).arg(work.output("r2.html")).output();
    assert_eq!(stdout_of(&again.unwrap()), stdout);
}

#[test]
fn a_failing_plan_leaves_an_existing_out_file_untouched() {
    let work = Work::new();
    let (plan_path, _) = demo_plan(&work);
    let good = fs::read(&plan_path).unwrap();
    let before_dir = snapshot(&work.dir().join("out"));

    // 2019Q1 lies outside the Changji 2023 document's validity.
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--quarter", "2019Q1", "--out"])
            .arg(&plan_path)
            .arg("--report")
            .arg(work.output("report.html"));
        c
    });
    assert!(code == 1 || code == 2, "exit {code}; stdout {out}; stderr {err}");
    assert!(err.contains("2019Q1"), "{err}");
    assert!(err.contains("valid"), "{err}");
    assert_eq!(fs::read(&plan_path).unwrap(), good, "the good plan was overwritten");
    // No temporary file is left behind, nothing else changed.
    assert_eq!(snapshot(&work.dir().join("out")), before_dir);
}

#[test]
fn plan_out_is_written_atomically_through_a_rename() {
    let work = Work::new();
    let plan_path = work.output("plan.json");
    fs::write(&plan_path, "old").unwrap();
    work.ssj()
        .args(["plan", "--demo", "--report"])
        .arg(work.output("r.html"))
        .arg("--out")
        .arg(&plan_path)
        .assert()
        .success();
    let plan: QuarterPlan = serde_json::from_str(&fs::read_to_string(&plan_path).unwrap()).unwrap();
    assert_eq!(plan.format.to_string(), FORMAT_VERSION);
    let leftovers: Vec<_> = fs::read_dir(work.dir().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn plan_from_a_csv_directory_with_chinese_headers_and_labels() {
    let work = Work::new();
    write_csv_registry(&work.input("reg"));
    let before = work.snapshot_inputs();
    let output = work.ssj().args(csv_plan_args(&work)).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let plan: QuarterPlan = serde_json::from_str(&stdout_of(&output)).unwrap();
    // key: max(25 % of 8, 8 ÷ 4 quarters) = 2; special: 50 % of 4 = 2;
    // general: 1:10 × 4 county officers = 40 a year → 10 this quarter.
    // The relocated G999 is not eligible.
    let got: Vec<(String, u64, u64, u64)> =
        plan.strata.iter().map(|s| (s.stratum.to_string(), s.eligible, s.required, s.drawn)).collect();
    assert_eq!(
        got,
        [
            ("changji/hutubi/pollution/key".to_owned(), 8, 2, 2),
            ("changji/hutubi/pollution/special".to_owned(), 4, 2, 2),
            ("changji/hutubi/pollution/general".to_owned(), 60, 10, 10),
        ]
    );
    assert_eq!(plan.tasks.len(), 14);
    assert!(plan.tasks.iter().all(|t| t.object != "G999"));
    assert!(plan.tasks.iter().all(|t| t.officers().len() >= 2));
    assert!(plan.tasks.iter().all(|t| t.officers().iter().all(|o| o.starts_with("H-"))), "only county officers");
    assert!(plan.tasks.iter().any(|t| t.object_name.contains("呼图壁")));
    assert_inputs_unchanged(&work, &before);

    // The table form names the strata too.
    let (code, out, _) = run({
        let mut c = work.ssj();
        c.args(csv_plan_args(&work));
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("呼图壁县 · pollution · general"), "{out}");
    assert!(!out.contains("HTML report"), "no report unless asked (not --demo)");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn plan_with_a_csv_history_counts_earlier_inspections_and_leaves_it_alone() {
    let work = Work::new();
    write_csv_registry(&work.input("reg"));
    fs::write(
        work.input("history.csv"),
        "检查对象,检查单位,检查日期,检查类型\nK001,changji/hutubi,2023-02-03,双随机\nK002,changji/hutubi,2023/03/10,双随机\n",
    )
    .unwrap();
    let before = work.snapshot_inputs();
    let mut args = csv_plan_args(&work);
    args[6] = "2023Q2".into();
    let output = work
        .ssj()
        .args(&args)
        .arg("--history")
        .arg(work.input("history.csv"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let plan: QuarterPlan = serde_json::from_str(&stdout_of(&output)).unwrap();
    let key = plan.strata.iter().find(|s| s.stratum.to_string() == "changji/hutubi/pollution/key").unwrap();
    assert_eq!(key.inspected_this_year, 2);
    assert!(plan.tasks.iter().all(|t| t.object != "K001" && t.object != "K002"), "uninspected key units first");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn a_malformed_csv_exits_2_naming_file_line_and_column() {
    let work = Work::new();
    let reg = work.input("reg");
    write_csv_registry(&reg);
    // Line 3 of objects.csv (the second data row) gets the category 重要.
    let objects = fs::read_to_string(reg.join("objects.csv")).unwrap();
    let mut lines: Vec<String> = objects.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replace(",重点,", ",重要,");
    fs::write(reg.join("objects.csv"), lines.join("\n") + "\n").unwrap();
    let before = work.snapshot_inputs();

    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(csv_plan_args(&work)).arg("--out").arg(work.output("plan.json"));
        c
    });
    assert_eq!(code, 2, "stdout {out}; stderr {err}");
    assert!(err.contains("objects.csv:3"), "file and line: {err}");
    assert!(err.contains("监管类别"), "column as written: {err}");
    assert!(err.contains("category"), "column's English name: {err}");
    assert!(err.contains("重要"), "the bad value: {err}");
    assert!(err.contains("重点"), "what was expected: {err}");
    assert!(out.is_empty());
    assert!(!work.output("plan.json").exists(), "no plan written on bad input");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn a_gbk_csv_is_read_with_a_note_and_refused_under_encoding_utf8() {
    let work = Work::new();
    let reg = work.input("reg");
    write_csv_registry(&reg);
    let utf8 = fs::read_to_string(reg.join("objects.csv")).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&utf8);
    fs::write(reg.join("objects.csv"), gbk.as_ref()).unwrap();
    let before = work.snapshot_inputs();
    work.ssj()
        .args(csv_plan_args(&work))
        .assert()
        .success()
        .stderr(predicate::str::contains("objects.csv: not UTF-8: read as GB18030"));
    work.ssj()
        .arg("--encoding")
        .arg("utf-8")
        .args(csv_plan_args(&work))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("objects.csv").and(predicate::str::contains("--encoding gbk")));
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn an_unknown_preset_exits_2_and_lists_the_known_ones() {
    let work = Work::new();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--policy", "changji"]);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("changji"), "{err}");
    for name in rules::preset_names() {
        assert!(err.contains(name), "{name} missing from: {err}");
    }
    for sub in [&["rules", "no-such-preset"][..], &["quotas", "--demo", "--policy", "no-such-preset"]] {
        work.ssj().args(sub).assert().code(2).stderr(predicate::str::contains("changji-county"));
    }
    assert!(!work.dir().join("ssj-demo-report.html").exists(), "no report for a failed run");
}

#[test]
fn missing_inputs_exit_2_with_a_clear_message() {
    let work = Work::new();
    write_csv_registry(&work.input("reg"));
    let before = work.snapshot_inputs();
    let reg = work.input("reg").display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["plan", "--registry", &reg, "--policy", "changji-county", "--quarter", "2023Q1"], "--seed"),
        (&["plan", "--registry", &reg, "--policy", "changji-county", "--seed", "1"], "--quarter"),
        (&["plan", "--registry", &reg, "--quarter", "2023Q1", "--seed", "1"], "--policy"),
        (&["plan", "--policy", "changji-county", "--quarter", "2023Q1", "--seed", "1"], "--registry"),
    ];
    for (args, flag) in cases {
        let (code, out, err) = run({
            let mut c = work.ssj();
            c.args(args);
            c
        });
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?} should ask for {flag}: {err}");
        assert!(out.is_empty());
    }
    let (_, _, err) = run({
        let mut c = work.ssj();
        c.args(cases[0].0);
        c
    });
    assert!(err.contains("public seed"), "explains what the seed is: {err}");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn bad_usage_exits_2() {
    let work = Work::new();
    for args in [
        &["plan", "--demo", "--quarter", "2023Q5"][..],
        &["plan", "--demo", "--format", "xml"],
        &["plan", "--demo", "--registry", "x"],
        &["no-such-command"],
        &["check"],
        &["compare", "--demo"],
    ] {
        work.ssj().args(args).assert().code(2);
    }
    work.ssj()
        .args([
            "plan",
            "--registry",
            "does-not-exist.json",
            "--policy",
            "changji-county",
            "--quarter",
            "2023Q1",
            "--seed",
            "1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does-not-exist.json"));
}

#[test]
fn an_infeasible_plan_exits_1_and_says_what_is_missing() {
    let work = Work::new();
    let reg = work.input("reg");
    write_csv_registry(&reg);
    // One officer in the county: no task can have two.
    fs::write(
        reg.join("inspectors.csv"),
        "编号,姓名,所属区域,角色,季度检查上限\nH-01,张一,changji/hutubi,执法人员,20\n",
    )
    .unwrap();
    let before = work.snapshot_inputs();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(csv_plan_args(&work)).arg("--out").arg(work.output("plan.json"));
        c
    });
    assert_eq!(code, 1, "stdout {out}; stderr {err}");
    assert!(err.contains("cannot plan"), "{err}");
    assert!(!work.output("plan.json").exists());
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn plan_with_a_request_file_reproduces_the_plan_and_leaves_the_request_alone() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    fs::rename(&request_path, work.input("request.json")).unwrap();
    let before = work.snapshot_inputs();
    let output =
        work.ssj().args(["plan", "--format", "json", "--request"]).arg(work.input("request.json")).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), fs::read_to_string(&plan_path).unwrap(), "same request, same plan");
    // --seed overrides the request's seed.
    let output = work
        .ssj()
        .args(["plan", "--format", "json", "--seed", "another-seed", "--request"])
        .arg(work.input("request.json"))
        .output()
        .unwrap();
    let plan: QuarterPlan = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(plan.seed, "another-seed");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn plan_markdown_and_lang_zh() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--lang", "zh", "--report"])
            .arg(work.output("zh.html"))
            .arg("--markdown")
            .arg(work.output("zh.md"));
        c
    });
    assert_eq!(code, 0, "{err}");
    for label in ["抽查计划", "可抽", "最低", "抽中", "条款", "任务", "其中非现场", "污染源 · 重点"]
    {
        assert!(out.contains(label), "zh table lacks {label}: {out}");
    }
    let html = fs::read_to_string(work.output("zh.html")).unwrap();
    check_well_formed(&html).unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    for label in [
        "抽查计划",
        "抽中与最低比例",
        "各月任务",
        "执法人员任务量与能力",
        "本年度重点排污单位覆盖进度",
        "任务清单",
        "《2023年昌吉州生态环境执法",
    ] {
        assert!(html.contains(label), "zh report lacks {label}");
    }
    let md = fs::read_to_string(work.output("zh.md")).unwrap();
    assert!(md.starts_with("# 双随机抽查计划 2023Q1"));
    assert!(md.contains("| 层 | 可抽 | 最低 | 抽中 | 依据 |"), "{md}");
    assert!(md.contains("每季度不低于25%"), "rule text in Chinese: {md}");

    let (_, en, _) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--lang", "en", "--report"]).arg(work.output("en.html"));
        c
    });
    assert!(en.contains("eligible") && !en.contains("可抽"));
    assert!(fs::read_to_string(work.output("en.html")).unwrap().contains(r#"<html lang="en">"#));
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_on_a_good_plan_exits_0_and_prints_compliant() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    fs::rename(&plan_path, work.input("plan.json")).unwrap();
    fs::rename(&request_path, work.input("request.json")).unwrap();
    let before = work.snapshot_inputs();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["check", "--plan"]).arg(work.input("plan.json")).arg("--request").arg(work.input("request.json"));
        c
    });
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": compliant"), "{out}");
    assert!(!out.contains("breach"), "{out}");
    // The request can also be rebuilt from the same flags as the plan.
    work.ssj().args(["check", "--demo", "--plan"]).arg(work.input("plan.json")).assert().success();
    // JSON form.
    let output = work
        .ssj()
        .args(["check", "--format", "json", "--plan"])
        .arg(work.input("plan.json"))
        .arg("--request")
        .arg(work.input("request.json"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["breaches"], Value::Array(vec![]));
    assert_inputs_unchanged(&work, &before);
}

/// Unit ids with `/` (every unit of the demo) once made the check skip
/// every stratum; this guards against that coming back.
#[test]
fn check_on_a_hand_edited_plan_exits_1_and_lists_the_breaches() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    fs::rename(&request_path, work.input("request.json")).unwrap();
    // A hand edit: drop every task of 呼图壁县 and the first of 玛纳斯县.
    let mut plan = read_json(&plan_path);
    let tasks = plan["tasks"].as_array_mut().unwrap();
    let n = tasks.len();
    tasks.retain(|t| t["unit"] != "changji/hutubi");
    let first_manas = tasks.iter().position(|t| t["unit"] == "changji/manas").unwrap();
    tasks.remove(first_manas);
    assert!(tasks.len() < n - 1);
    fs::write(work.input("edited.json"), serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    let before = work.snapshot_inputs();

    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["check", "--plan"]).arg(work.input("edited.json")).arg("--request").arg(work.input("request.json"));
        c
    });
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("breach(es)"), "{out}");
    for stratum in
        ["changji/hutubi/pollution/key", "changji/hutubi/pollution/special", "changji/hutubi/pollution/general"]
    {
        assert!(out.contains(&format!("  - stratum {stratum}: 0 drawn, minimum")), "{stratum} not listed: {out}");
    }
    assert!(out.contains("changji/manas/"), "{out}");
    assert!(err.contains("breach(es) found"), "{err}");

    let output = work
        .ssj()
        .args(["check", "--format", "json", "--plan"])
        .arg(work.input("edited.json"))
        .arg("--request")
        .arg(work.input("request.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let breaches = report["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 4, "{breaches:?}");
    assert!(breaches.iter().all(|b| b["kind"] == "minimum_not_met"));
    assert_inputs_unchanged(&work, &before);
}

/// The check recounts every stratum of the demo plan.
#[test]
fn check_recounts_every_stratum_of_the_demo() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    let output = work
        .ssj()
        .args(["check", "--format", "json", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let plan = read_json(&plan_path);
    assert_eq!(report["strata_checked"].as_u64().unwrap(), plan["strata"].as_array().unwrap().len() as u64);
}

#[test]
fn check_on_a_hand_edited_csv_plan_exits_1_and_lists_the_breaches() {
    let work = Work::new();
    write_csv_registry_for(&work.input("reg"), "hutubi");
    let mut args = csv_plan_args_for(&work, "hutubi");
    args.extend(["--out", "out/plan.json", "--save-request", "out/request.json"].map(String::from));
    work.ssj().args(&args).assert().success();
    let before = work.snapshot_inputs();

    // Unedited: compliant, every stratum recounted.
    work.ssj().args(["check", "--plan", "out/plan.json", "--request", "out/request.json"]).assert().success().stdout(
        predicate::str::contains("checked 3 strata and 14 tasks against 0 earlier inspections this year: compliant"),
    );
    // The same request rebuilt from the flags.
    let mut check_args = csv_plan_args_for(&work, "hutubi");
    check_args[0] = "check".into();
    check_args.extend(["--plan".to_owned(), "out/plan.json".to_owned()]);
    work.ssj().args(&check_args).assert().success();

    // A hand edit: drop one general and one key task.
    let mut plan = read_json(&work.output("plan.json"));
    let tasks = plan["tasks"].as_array_mut().unwrap();
    for prefix in ["G", "K"] {
        let at = tasks.iter().position(|t| t["object"].as_str().unwrap().starts_with(prefix)).unwrap();
        tasks.remove(at);
    }
    fs::write(work.output("edited.json"), serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["check", "--plan", "out/edited.json", "--request", "out/request.json"]);
        c
    });
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2 breach(es)"), "{out}");
    assert!(out.contains("  - stratum hutubi/pollution/general: 9 drawn, minimum 10 (1:10 per year"), "{out}");
    assert!(out.contains("  - stratum hutubi/pollution/key: 1 drawn, minimum 2"), "{out}");
    assert!(err.contains("2 breach(es) found"), "{err}");

    let output = work
        .ssj()
        .args(["check", "--format", "json", "--plan", "out/edited.json", "--request", "out/request.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["strata_checked"], 3);
    let kinds: Vec<&Value> = report["breaches"].as_array().unwrap().iter().map(|b| &b["kind"]).collect();
    assert_eq!(kinds, ["minimum_not_met", "minimum_not_met"]);

    // An officer removed from a team: fewer than two officers.
    let mut plan = read_json(&work.output("plan.json"));
    plan["tasks"][0]["visit"]["officers"].as_array_mut().unwrap().truncate(1);
    fs::write(work.output("one-officer.json"), serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    let (code, out, _) = run({
        let mut c = work.ssj();
        c.args(["check", "--plan", "out/one-officer.json", "--request", "out/request.json"]);
        c
    });
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("task hutubi/"), "{out}");
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn check_against_another_seed_reports_the_header() {
    let work = Work::new();
    let (plan_path, _) = demo_plan(&work);
    let (code, out, _) = run({
        let mut c = work.ssj();
        c.args(["check", "--demo", "--seed", "other", "--plan"]).arg(&plan_path);
        c
    });
    assert_eq!(code, 1);
    assert!(out.contains("seed"), "{out}");
}

#[test]
fn check_on_a_file_that_is_not_a_plan_exits_2() {
    let work = Work::new();
    fs::write(work.input("plan.json"), "{\"format\": \"shuangsuiji.plan/1\"}").unwrap();
    work.ssj()
        .args(["check", "--demo", "--plan"])
        .arg(work.input("plan.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plan.json"));
    work.ssj()
        .args(["check", "--demo", "--plan"])
        .arg(work.input("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
}

// ---------------------------------------------------------------------------
// rules
// ---------------------------------------------------------------------------

/// Fails today: `rules_cmd` calls `rules::preset` on every name of
/// `preset_names()`, which now includes `fengdu`, and `preset("fengdu")` is an
/// error by design, so `ssj rules` exits 2 and lists nothing.
#[test]
fn rules_lists_every_preset() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.arg("rules");
        c
    });
    assert_eq!(code, 0, "{err}");
    for name in rules::preset_names() {
        assert!(out.lines().any(|l| l.starts_with(name)), "{name} not listed: {out}");
    }
}

/// `ssj rules new` writes a document file that `ssj rules check` passes;
/// a file at fault gets every fault at once, each with its line and field.
#[test]
fn rules_new_writes_a_file_rules_check_passes_and_check_names_each_fault_by_line() {
    let work = Work::new();
    let (code, template, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "new"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    fs::write(work.output("mine.toml"), &template).unwrap();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "check"]).arg(work.output("mine.toml"));
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("document `Example County 2025`") && out.contains("1 preset(s)"), "{out}");

    // Three faults of values, each placed on its line; and a misspelt field.
    let bad = template
        .replace("working_days = 20", "working_days = 0")
        .replace("percent = 25 }", "percent = 125 }")
        .replace("clause = \"三（五）2\"", "clause = \" \"");
    fs::write(work.output("bad.toml"), &bad).unwrap();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "check"]).arg(work.output("bad.toml"));
        c
    });
    assert_eq!(code, 2, "{err}");
    let file = work.output("bad.toml").display().to_string();
    for (line, field) in [
        (line_of("working_days = 0"), "deadlines[0].working_days"),
        (line_of("percent = 125"), "presets[0].rules[0].minimum.percent"),
        (line_of("clause = \" \""), "presets[0].rules[1].source.clause"),
    ] {
        assert!(err.contains(&format!("{file}:{line}: {field}: ")), "{field} on line {line}: {err}");
    }
    assert!(err.contains("3 fault(s)"), "{err}");
    fs::write(work.output("typo.toml"), template.replace("authority =", "authorty =")).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "check"]).arg(work.output("typo.toml"));
        c
    });
    assert_eq!(code, 2);
    let line = template.lines().position(|l| l.starts_with("authority =")).unwrap() + 1;
    assert!(err.contains(&format!(":{line}: unknown field `authorty`")), "{err}");
}

/// `ssj rules explain` works each stratum's minimum out number by number,
/// with the planner's own numbers and each demand's clause.
#[test]
fn rules_explain_works_each_minimum_out_with_its_clause() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "explain", "changji-county", "--demo", "--units", "changji/hutubi", "--quarter", "2023Q2"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    let quotas: Vec<Value> = serde_json::from_str(&stdout_of(
        &work
            .ssj()
            .args(["quotas", "--demo", "--units", "changji/hutubi", "--quarter", "2023Q2", "--format", "json"])
            .output()
            .unwrap(),
    ))
    .unwrap();
    let key = &quotas[0];
    let (eligible, required) = (key["eligible"].as_u64().unwrap(), key["required"].as_u64().unwrap());
    // 25 % of the key units, exactly, then rounded up; and every key unit
    // once a year over the three quarters left; the larger binds.
    let quarter = eligible * 25;
    let rounded = quarter.div_ceil(100);
    let exact = format!("{}.{}", quarter / 100, format!("{:02}", quarter % 100).trim_end_matches('0'));
    let percent =
        if quarter % 100 == 0 { format!("= {rounded} (") } else { format!("= {exact} → {rounded} (rounded up)") };
    assert!(out.contains(&format!("≥ 25% per quarter — 25% of {eligible} eligible {percent}")), "{out}");
    assert!(out.contains(&format!("÷ 3 quarter(s) left = {}", eligible.div_ceil(3))), "{out}");
    assert!(out.contains("(Changji 2023 §四.1)") && out.contains("(Changji 2023 §四.2)"), "{out}");
    assert!(
        out.contains(&format!(
            "required: the largest demand, {required}, at most the {eligible} eligible = {required}"
        )),
        "{out}"
    );
    // The policy is the first argument, not a flag.
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "explain", "changji-county", "--policy", "wangcheng", "--demo", "--quarter", "2023Q2"]);
        c
    });
    assert_eq!(code, 2);
    assert!(err.contains("--policy"), "{err}");
}

#[test]
fn rules_wangcheng_shows_every_number_with_its_clause() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["rules", "wangcheng"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    for clause in ["四（二）3(1)", "四（二）3(2)", "四（二）3(3)", "四（二）4"] {
        assert!(out.contains(clause), "{clause} missing: {out}");
    }
    assert!(out.contains("radiation/key (辐射单位重点): ≥ 100% per year"), "{out}");
    assert!(out.contains("「(2)辐射单位随机抽查,按照重点监管单位抽取比例100%,一般监管单位抽取比例50%。」"), "{out}");
    assert!(out.contains("1:10 per year (on-post officers)"));
}

#[test]
fn rules_format_json_round_trips_every_preset() {
    let work = Work::new();
    for name in rules::preset_names().into_iter().filter(|n| *n != "fengdu") {
        let output = work.ssj().args(["rules", name, "--format", "json"]).output().unwrap();
        assert!(output.status.success(), "{name}: {}", stderr_of(&output));
        let policy = Policy::from_json(&stdout_of(&output)).unwrap();
        assert_eq!(policy, shuangsuiji::rules::preset(name).unwrap());
    }
    // `fengdu` needs the county's own general-unit rate: a clear exit 2.
    work.ssj().args(["rules", "fengdu"]).assert().code(2).stderr(predicate::str::contains("fengdu-example"));
}

#[test]
fn a_policy_file_in_toml_or_json_is_loaded_and_its_errors_named() {
    let work = Work::new();
    let json = stdout_of(&work.ssj().args(["rules", "changji-county", "--format", "json"]).output().unwrap());
    let mut policy: Value = serde_json::from_str(&json).unwrap();
    policy["id"] = "my-county".into();
    fs::write(work.input("my.json"), serde_json::to_string(&policy).unwrap()).unwrap();
    policy["rules"][0]["minimum"]["percent"] = 140.into();
    fs::write(work.input("bad.json"), serde_json::to_string(&policy).unwrap()).unwrap();
    let before = work.snapshot_inputs();

    let output =
        work.ssj().args(["quotas", "--demo", "--format", "json", "--policy"]).arg(work.input("my.json")).output();
    let output = output.unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--policy"]).arg(work.input("bad.json"));
        c
    });
    assert_eq!(code, 2);
    assert!(err.contains("bad.json") && err.contains("rules[0].minimum.percent"), "{err}");
    assert_inputs_unchanged(&work, &before);
}

// ---------------------------------------------------------------------------
// quotas
// ---------------------------------------------------------------------------

#[test]
fn quotas_demo_json_agrees_with_the_plan() {
    let work = Work::new();
    let output = work.ssj().args(["quotas", "--demo", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let lines: Vec<QuotaLine> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(lines.len(), 27);
    assert!(lines.iter().all(|l| l.required <= l.eligible && !l.demands.is_empty()));

    let (plan_path, _) = demo_plan(&work);
    let plan: QuarterPlan = serde_json::from_str(&fs::read_to_string(plan_path).unwrap()).unwrap();
    let from_plan: Vec<_> = plan.strata.iter().map(|s| (s.stratum.clone(), s.eligible, s.required)).collect();
    let from_quotas: Vec<_> = lines.iter().map(|l| (l.stratum.clone(), l.eligible, l.required)).collect();
    assert_eq!(from_plan, from_quotas);

    let (code, table, _) = run({
        let mut c = work.ssj();
        c.args(["quotas", "--demo", "--quarter", "2023Q3"]);
        c
    });
    assert_eq!(code, 0);
    assert!(table.contains("stratum") && table.contains("inspected") && table.contains("Changji 2023 §四"), "{table}");
    // No seed is needed for quotas.
    let work2 = Work::new();
    write_csv_registry(&work2.input("reg"));
    work2
        .ssj()
        .args(["quotas", "--policy", "changji-county", "--quarter", "2023Q1", "--registry"])
        .arg(work2.input("reg"))
        .assert()
        .success()
        .stdout(predicate::str::contains("呼图壁县 · pollution · general"));
    // Out of validity: exit 2 naming the quarter.
    work.ssj()
        .args(["quotas", "--demo", "--quarter", "2025Q1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("2025Q1"));
}

// ---------------------------------------------------------------------------
// compare
// ---------------------------------------------------------------------------

#[test]
fn compare_demo_on_two_policies() {
    let work = Work::new();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args([
            "compare",
            "--demo",
            "--years",
            "1",
            "--seeds",
            "2",
            "--policies",
            "changji-county,changji-prefecture",
        ]);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.starts_with("policy ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("changji-county ")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("changji-prefecture ")), "{out}");

    let output = work
        .ssj()
        .args([
            "compare",
            "--demo",
            "--years",
            "1",
            "--seeds",
            "2",
            "--format",
            "json",
            "--policies",
            "changji-county,changji-hitech",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["policy"], "changji-county");
    assert_eq!(rows[1]["policy"], "changji-hitech");
    for row in &rows {
        assert!(row["officers_now"].as_u64().unwrap() > 0);
        assert!(row["officers_needed"].as_u64().is_some(), "{row}");
        // Each officer-visit is an officer on a visit: at least two per draw.
        let draws: f64 = row["draws"].as_object().unwrap().values().map(|v| v["mean"].as_f64().unwrap()).sum();
        assert!(row["officer_visits"]["mean"].as_f64().unwrap() >= 2.0 * draws);
    }

    work.ssj()
        .args(["compare", "--demo", "--policies", "changji-county,nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope"));
}

/// Fails today: `compare_one` computes quotas for all four quarters of the
/// year of the policy's start; Wangcheng 2021 starts on 2021-06-29, so
/// 2021Q1 lies outside its validity and the README's own tour command
/// `ssj compare --demo --policies changji-county,changji-hitech,wangcheng`
/// exits 2.
#[test]
fn compare_demo_with_a_policy_valid_from_mid_year() {
    let work = Work::new();
    work.ssj()
        .args([
            "compare",
            "--demo",
            "--years",
            "1",
            "--seeds",
            "1",
            "--policies",
            "changji-county,changji-hitech,wangcheng",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("wangcheng"));
}

// ---------------------------------------------------------------------------
// Subcommands added later (verify, draw-record, deadlines, publish, stats):
// each must answer --help and reject bad usage with exit 2.
// ---------------------------------------------------------------------------

#[test]
fn every_subcommand_answers_help_and_rejects_unknown_flags() {
    let work = Work::new();
    let help = stdout_of(&work.ssj().arg("--help").output().unwrap());
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    for required in ["plan", "check", "rules", "quotas", "compare"] {
        assert!(commands.iter().any(|c| c == required), "{required} missing from --help: {help}");
    }
    for command in &commands {
        work.ssj().args([command.as_str(), "--help"]).assert().success();
        work.ssj().args([command.as_str(), "--no-such-flag"]).assert().code(2);
    }
}

// ---------------------------------------------------------------------------
// verify, draw-record, deadlines, publish, stats
// ---------------------------------------------------------------------------

#[test]
fn verify_accepts_the_drawn_plan_and_names_any_difference() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan"]).arg(&plan_path).arg("--request").arg(&request_path);
        c
    });
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("verified"), "{out}");
    // Swapping a team's order is a difference from what the seed draws.
    let mut plan = read_json(&plan_path);
    plan["tasks"][0]["visit"]["officers"].as_array_mut().unwrap().reverse();
    fs::write(work.output("edited.json"), serde_json::to_string(&plan).unwrap()).unwrap();
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan"]).arg(work.output("edited.json")).arg("--request").arg(&request_path);
        c
    });
    assert_eq!(code, 1, "{out}{err}");
    assert!(format!("{out}{err}").contains("officers"), "{out}{err}");
    work.ssj().args(["verify", "--plan", "missing.json", "--request"]).arg(&request_path).assert().code(2);
}

#[test]
fn verify_reads_its_files_side_by_side_and_reports_them_in_order() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    // The plan from standard input: read in turn, not beside the request.
    let verified = work
        .ssj()
        .args(["verify", "--plan", "-", "--request"])
        .arg(&request_path)
        .write_stdin(fs::read(&plan_path).unwrap())
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", stderr_of(&verified));
    assert!(stdout_of(&verified).contains("verified: - is the plan its request draws"));
    // Both files missing: the request's error, as when they were read one
    // after the other; the plan's alone when only it is missing.
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan", "no-plan.json", "--request", "no-request.json"]);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-request.json") && !err.contains("no-plan.json"), "{err}");
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan", "no-plan.json", "--request"]).arg(&request_path);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-plan.json"), "{err}");
}

#[test]
fn draw_record_is_versioned_json_and_written_with_out() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    let output = work
        .ssj()
        .args(["draw-record", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["format"], "shuangsuiji.draw-record/4");
    assert_eq!(record["commitment"], read_json(&plan_path)["commitment"]);
    work.ssj()
        .args(["draw-record", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .arg("--out")
        .arg(work.output("record.json"))
        .assert()
        .success();
    assert_eq!(read_json(&work.output("record.json")), record);
}

#[test]
fn deadlines_publish_and_stats_on_a_plan_without_results() {
    let work = Work::new();
    let (plan_path, request_path) = demo_plan(&work);
    fs::write(work.input("results.json"), "[]").unwrap();
    let before = work.snapshot_inputs();

    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(["deadlines", "--today", "2023-05-01", "--plan"]).arg(&plan_path);
        c
    });
    // Nothing entered by May: everything is overdue, a domain "no".
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("deadlines on 2023-05-01"), "{out}");
    assert!(err.contains("overdue"), "{err}");
    // On the first working day of the quarter nothing is due yet.
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["deadlines", "--today", "2023-01-03", "--plan"]).arg(&plan_path);
        c
    });
    assert_eq!(code, 0, "{err}");
    let output =
        work.ssj().args(["deadlines", "--today", "2023-01-03", "--format", "json", "--plan"]).arg(&plan_path).output();
    let report: Value = serde_json::from_slice(&output.unwrap().stdout).unwrap();
    // A Changji plan's deadlines and duties are Changji's, and what Changji
    // does not set (entering results, a penalty's publication) is unset.
    assert_eq!(report["documents"], serde_json::json!(["Changji 2023"]));
    assert_eq!(report["not_set"], serde_json::json!(["visit", "penalty_decision"]));
    let mut sources: Vec<&str> =
        report["duties"].as_array().unwrap().iter().map(|d| d["source"].as_str().unwrap()).collect();
    for task in report["tasks"].as_array().unwrap() {
        assert!(task["enter_results"].is_null(), "{task}");
        sources.push(task["publish_results"]["source"].as_str().unwrap());
    }
    assert!(sources.iter().all(|s| s.starts_with("Changji 2023 ")), "{sources:?}");
    // A document file given for the plan's document is used in its stead.
    let builtin = include_str!("../../shuangsuiji/src/rules/documents/changji-2023.toml");
    let reading = builtin.replacen("[[deadlines]]", "[[deadlines]]\nafter = \"visit\"\nworking_days = 10\nwhat = \"录入（本局的解读）\"\n[deadlines.source]\ndocument = \"Changji 2023\"\nclause = \"§五\"\nquote = \"本局解读\"\n\n[[deadlines]]", 1);
    fs::write(work.output("changji-reading.toml"), reading).unwrap();
    let output = work
        .ssj()
        .args(["deadlines", "--today", "2023-01-03", "--format", "json", "--document"])
        .arg(work.output("changji-reading.toml"))
        .arg("--plan")
        .arg(&plan_path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["not_set"], serde_json::json!(["penalty_decision"]), "{report}");
    assert_eq!(report["tasks"][0]["enter_results"]["source"], "Changji 2023 §五");
    work.ssj().args(["deadlines", "--today", "2023-13-01", "--plan"]).arg(&plan_path).assert().code(2);

    fs::create_dir(work.output("public")).unwrap();
    work.ssj()
        .args(["publish", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .arg("--results")
        .arg(work.input("results.json"))
        .arg("--out-dir")
        .arg(work.output("public"))
        .assert()
        .success();
    for name in ["public.json", "public.csv", "public.html", "verify.html"] {
        assert!(work.output("public").join(name).is_file(), "{name} not written");
    }
    let page = fs::read_to_string(work.output("public").join("public.html")).unwrap();
    check_well_formed(&page).unwrap();
    // The page sends a reader to the verifier written beside it, which is
    // the built page from web/verify/, whole (its module inlined).
    assert!(page.contains("<a href=\"verify.html\">"), "the disclosure does not link the verifier");
    let verifier = fs::read_to_string(work.output("public").join("verify.html")).unwrap();
    assert!(verifier.contains("verify.mjs, inlined by build-page.mjs") && !verifier.contains("from './verify.mjs'"));

    let output = work
        .ssj()
        .args(["stats", "--format", "json", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .arg("--results")
        .arg(work.input("results.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let _: Value = serde_json::from_slice(&output.stdout).unwrap();
    work.ssj()
        .args(["stats", "--plan"])
        .arg(&plan_path)
        .arg("--request")
        .arg(&request_path)
        .arg("--results")
        .arg(work.input("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
    assert_inputs_unchanged(&work, &before);
}

#[test]
fn verify_draw_record_and_compare_leave_their_inputs_unchanged() {
    let work = Work::new();
    let (plan_out, request_out) = demo_plan(&work);
    // Move the plan and request into `in/`, where snapshots look.
    let plan = work.input("plan.json");
    let request = work.input("request.json");
    fs::rename(&plan_out, &plan).unwrap();
    fs::rename(&request_out, &request).unwrap();
    write_csv_registry(&work.input("registry"));
    let before = work.snapshot_inputs();

    work.ssj().args(["verify", "--plan"]).arg(&plan).arg("--request").arg(&request).assert().success();
    work.ssj()
        .args(["draw-record", "--plan"])
        .arg(&plan)
        .arg("--request")
        .arg(&request)
        .arg("--out")
        .arg(work.output("record.json"))
        .assert()
        .success();
    work.ssj()
        .args(["compare", "--years", "1", "--seeds", "1", "--registry"])
        .arg(work.input("registry"))
        .args(["--policies", "changji-county,changji-hitech"])
        .assert()
        .success();
    assert_inputs_unchanged(&work, &before);
}

// ---------------------------------------------------------------------------
// The protocol from the command line: commit, seed, plan, amend, publish
// ---------------------------------------------------------------------------

fn ok(work: &Work, args: &[&str]) -> String {
    let (code, out, err) = run({
        let mut c = work.ssj();
        c.args(args);
        c
    });
    assert_eq!(code, 0, "ssj {args:?}: stdout {out}; stderr {err}");
    out
}

/// A seed of the 20 digits the protocol test's rule gives.
const SEED: &str = "58142903718204937561";

fn head_of(text: &str) -> String {
    text.lines().find_map(|l| l.strip_prefix("publish this head: ")).unwrap().to_owned()
}

#[test]
fn commit_then_seed_then_plan_then_amend_then_publish() {
    let work = Work::new();
    let dir = work.dir();
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let commit = |digits: &str, announced: &str, weak: bool| {
        let mut c = work.ssj();
        c.args(["commit", "--demo", "--quarter", "2023Q1", "--authority", "昌吉州生态环境局", "--date", "2022-12-28"]);
        c.args(["--seed-source", "lottery", "--seed-digits", digits, "--seed-announced", announced]);
        c.args(["--out", &p("commitment.json"), "--save-request", &p("request.json")]);
        if weak {
            c.arg("--weak-seed");
        }
        run(c)
    };
    // A 3-digit lottery number has 1,000 outcomes: refused, and nothing written.
    let (code, _, err) = commit("3", "2023年1月3日福彩3D第2023003期", false);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at least 20") && err.contains("--weak-seed"), "{err}");
    assert!(!dir.join("commitment.json").exists() && !dir.join("request.json").exists());
    // Marked weak, it is committed, and the weakness recorded.
    let (code, _, err) = commit("3", "2023年1月3日福彩3D第2023003期", true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_json(Path::new(&p("commitment.json")))["frozen"]["seed_rule"]["weak"], true);
    let (code, out, err) = commit(
        "20",
        "2023年1月3日体彩排列5第2023003期、福彩3D第2023003期与七星彩第2023001期，共15位，另加公开会议投掷十面骰5次",
        false,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("publish it now"), "{out}");
    assert_eq!(read_json(Path::new(&p("commitment.json")))["frozen"]["seed_rule"].get("weak"), None);

    // A seed of the wrong length is bad input; a changed request is a "no".
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--request", &p("request.json"), "--commitment", &p("commitment.json"), "--seed", "58"]);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("20"), "{err}");
    let mut changed: serde_json::Value = read_json(Path::new(&p("request.json")));
    changed["registry"]["objects"][0]["category"] = "special".into();
    fs::write(p("changed.json"), changed.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--request", &p("changed.json"), "--commitment", &p("commitment.json"), "--seed", SEED]);
        c
    });
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("list `objects`"), "{err}");

    ok(
        &work,
        &[
            "plan",
            "--request",
            &p("request.json"),
            "--commitment",
            &p("commitment.json"),
            "--seed",
            "58142 90371 82049 37561",
            "--out",
            &p("plan.json"),
            "--save-request",
            &p("seeded.json"),
        ],
    );
    let plan = read_json(Path::new(&p("plan.json")));
    assert_eq!(plan["seed"], SEED);
    assert_eq!(plan["commitment"], read_json(Path::new(&p("commitment.json")))["digest"]);
    let verified = ok(
        &work,
        &["verify", "--plan", &p("plan.json"), "--request", &p("seeded.json"), "--commitment", &p("commitment.json")],
    );
    assert!(verified.contains("the request is the one committed") && verified.contains("verified:"), "{verified}");

    // A commitment whose date or authority was edited fails verify (exit 1),
    // in the shown members or inside the digest.
    let committed = read_json(Path::new(&p("commitment.json")));
    for (member, value) in [("date", "2022-12-01"), ("authority", "另一机关")] {
        for inside in [false, true] {
            let mut edited = committed.clone();
            edited[member] = value.into();
            if inside {
                edited["frozen"]["committed"][member] = value.into();
            }
            fs::write(p("edited-commitment.json"), edited.to_string()).unwrap();
            let (code, _, err) = run({
                let mut c = work.ssj();
                c.args(["verify", "--plan", &p("plan.json"), "--request", &p("seeded.json")]);
                c.args(["--commitment", &p("edited-commitment.json")]);
                c
            });
            assert_eq!(code, 1, "{member} edited (inside the digest: {inside}): {err}");
            assert!(err.contains("edited"), "{err}");
        }
    }
    // A member the format does not have, deep in the request, is bad input.
    let mut extra: serde_json::Value = read_json(Path::new(&p("seeded.json")));
    extra["policy"]["rules"][0]["minimum"]["cancelled"] = true.into();
    fs::write(p("extra.json"), extra.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan", &p("plan.json"), "--request", &p("extra.json")]);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cancelled"), "{err}");

    // An absence, then a move: each prints the head to publish.
    let task = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["month"] == 2 && t["visit"]["officers"].is_array())
        .unwrap();
    let officer = task["visit"]["officers"][0].as_str().unwrap().to_owned();
    let out = ok(
        &work,
        &[
            "amend",
            "--request",
            &p("seeded.json"),
            "--plan",
            &p("plan.json"),
            "--write",
            &p("log.json"),
            "--reason",
            "病假",
            "--author",
            "王科长",
            "--date",
            "2023-02-01",
            "--evidence",
            "病假证明 2023-014",
            "absent",
            "--inspector",
            &officer,
            "--from",
            "2023-02-01",
            "--until",
            "2023-02-10",
            "--seed-source",
            "dice",
            "--seed-digits",
            "20",
            "--seed-announced",
            "2023-02-02 例会上由纪检人员投掷十面骰20次",
        ],
    );
    assert!(out.contains("claim recorded"), "{out}");
    let first_head = head_of(&out);
    // Until its replacements are drawn, nothing else is amended.
    let pending = |args: &[&str]| {
        let mut c = work.ssj();
        c.args(["amend", "--request", &p("seeded.json"), "--log", &p("log.json")]);
        c.args(["--reason", "x", "--author", "y", "--date", "2023-02-02"]);
        c.args(args);
        run(c)
    };
    let (code, _, err) = pending(&["move-task", "--unit", "u", "--object", "o", "--month", "3"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("awaits its replacements"), "{err}");
    let (code, out, err) = pending(&["draw", "--seed", "3141 5926 5358 9793 2384"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("joins the team"), "{out}");
    let (unit, object) = (task["unit"].as_str().unwrap().to_owned(), task["object"].as_str().unwrap().to_owned());
    let out = ok(
        &work,
        &[
            "amend",
            "--request",
            &p("seeded.json"),
            "--log",
            &p("log.json"),
            "--reason",
            "企业检修",
            "--author",
            "李股长",
            "--date",
            "2023-02-02",
            "move-task",
            "--unit",
            &unit,
            "--object",
            &object,
            "--month",
            "3",
        ],
    );
    let head = head_of(&out);
    assert!(head.starts_with("4:"), "{head}");
    let verified =
        ok(&work, &["verify", "--log", &p("log.json"), "--request", &p("seeded.json"), "--head", &first_head]);
    assert!(verified.contains("2 entr(ies) after it"), "{verified}");

    // A date outside the quarter is refused.
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args([
            "amend",
            "--request",
            &p("seeded.json"),
            "--log",
            &p("log.json"),
            "--reason",
            "x",
            "--author",
            "y",
            "--date",
            "1999-01-01",
            "move-task",
            "--unit",
            &unit,
            "--object",
            &object,
            "--month",
            "1",
        ]);
        c
    });
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("outside 2023Q1"), "{err}");

    // A member the log's format does not have, in any entry, is bad input.
    let mut extra: serde_json::Value = read_json(Path::new(&p("log.json")));
    extra["entries"][2]["entry"]["kind"]["replacements_drawn"]["cancelled"] = true.into();
    fs::write(p("extra-log.json"), extra.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--log", &p("extra-log.json"), "--request", &p("seeded.json")]);
        c
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cancelled"), "{err}");

    // Re-chaining by hand shows against the published head.
    let mut log: serde_json::Value = read_json(Path::new(&p("log.json")));
    log["entries"][1]["entry"]["reason"] = "另有原因".into();
    fs::write(p("edited-log.json"), log.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--log", &p("edited-log.json"), "--request", &p("seeded.json"), "--head", &head]);
        c
    });
    assert_eq!(code, 1, "{err}");

    // The head goes into the draw record and the disclosure.
    ok(
        &work,
        &[
            "draw-record",
            "--plan",
            &p("plan.json"),
            "--request",
            &p("seeded.json"),
            "--log",
            &p("log.json"),
            "--out",
            &p("record.json"),
        ],
    );
    let record = read_json(Path::new(&p("record.json")));
    assert_eq!(format!("{}:{}", record["log_head"]["entries"], record["log_head"]["hash"].as_str().unwrap()), head);
    // Results answer the plan as amended (issue 32, finding 5): the team
    // with the officer drawn in is accepted, the team the absent officer
    // left is refused.
    let log_json = read_json(Path::new(&p("log.json")));
    let change = &log_json["entries"][2]["entry"]["kind"]["replacements_drawn"]["officers"][0];
    let amended_task = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["unit"] == change["unit"] && t["object"] == change["object"])
        .unwrap();
    let old_team: Vec<String> =
        amended_task["visit"]["officers"].as_array().unwrap().iter().map(|o| o.as_str().unwrap().to_owned()).collect();
    let new_team: Vec<String> = old_team
        .iter()
        .map(|o| if *o == officer { change["replacement"].as_str().unwrap().to_owned() } else { o.clone() })
        .collect();
    let result = |team: &[String]| {
        serde_json::json!([{
            "object": amended_task["object"], "unit": amended_task["unit"],
            // In month 3, where the log moved the task: its month as amended.
            "date": "2023-03-15",
            "form": amended_task["mode"], "items_checked": ["污染防治设施运行情况"],
            "outcome": "未发现问题", "inspectors": team
        }])
        .to_string()
    };
    let publish = |results: &str| {
        fs::write(p("results.json"), results).unwrap();
        let mut c = work.ssj();
        c.args(["publish", "--plan", &p("plan.json"), "--results", &p("results.json"), "--request", &p("seeded.json")]);
        c.args(["--log", &p("log.json"), "--out-dir", &p("trial")]);
        run(c)
    };
    let (code, _, err) = publish(&result(&old_team));
    assert_eq!(code, 2, "the team the absent officer left: {err}");
    assert!(err.contains(&officer), "{err}");
    let (code, _, err) = publish(&result(&new_team));
    assert_eq!(code, 0, "the amended team: {err}");
    // The statistics count the same results against the same amended plan.
    let stats = |log: bool| {
        let mut c = work.ssj();
        c.args(["stats", "--plan", &p("plan.json"), "--results", &p("results.json"), "--request", &p("seeded.json")]);
        if log {
            c.args(["--log", &p("log.json")]);
        }
        run(c)
    };
    assert_eq!(stats(true).0, 0, "{}", stats(true).2);
    assert_eq!(stats(false).0, 2, "without the log the amended team is not the plan's");
    let disclosed = read_json(&dir.join("trial/public.json"));
    assert_eq!(disclosed["seal"]["amendments"].as_array().unwrap().len(), 3, "every amendment is published");
    assert_eq!(disclosed["seal"]["amendments"][0]["entry"]["evidence"], "病假证明 2023-014");

    fs::write(p("results.json"), "[]").unwrap();
    ok(
        &work,
        &[
            "publish",
            "--plan",
            &p("plan.json"),
            "--results",
            &p("results.json"),
            "--request",
            &p("seeded.json"),
            "--log",
            &p("log.json"),
            "--out-dir",
            &p("public"),
        ],
    );
    let html = fs::read_to_string(dir.join("public/public.html")).unwrap();
    assert!(html.contains(head.split(':').nth(1).unwrap()), "the log head is on the page");
    let json = read_json(&dir.join("public/public.json"));
    assert_eq!(json["format"], "shuangsuiji.disclosure/4");
    assert_eq!(json["seal"]["commitment"], plan["commitment"]);
}

// ---------------------------------------------------------------------------
// The analyst's commands: staffing, simulate, compare
// ---------------------------------------------------------------------------

#[test]
fn staffing_answers_per_unit_and_its_answer_plans() {
    let work = Work::new();
    let out = ok(&work, &["staffing", "--demo", "--units", "changji/hutubi", "--capacity", "6", "--format", "json"]);
    let answer: Value = serde_json::from_str(&out).unwrap();
    let unit = &answer["units"][0];
    assert_eq!(unit["unit"], "changji/hutubi");
    let needed = unit["officers_needed"].as_u64().unwrap();
    let tried = unit["tried"].as_array().unwrap();
    let planned = |n: u64| tried.iter().find(|t| t["officers"] == n).map(|t| t["quarters_planned"].as_u64().unwrap());
    assert_eq!(planned(needed), Some(4), "{unit}");
    assert!(planned(needed - 1).unwrap() < 4, "{unit}");
    // The table and the page, in Chinese.
    let table = ok(
        &work,
        &[
            "staffing",
            "--demo",
            "--units",
            "changji/hutubi",
            "--capacity",
            "6",
            "--lang",
            "zh",
            "--report",
            &work.output("s.html").to_string_lossy(),
        ],
    );
    assert!(table.contains("所需") && table.contains(&needed.to_string()), "{table}");
    let html = fs::read_to_string(work.output("s.html")).unwrap();
    check_well_formed(&html).unwrap();
    assert!(html.contains("执法人员配置测算") && html.contains("<svg"), "{html}");
    // A flag that does not apply is refused, not ignored.
    work.ssj()
        .args(["staffing", "--demo", "--capacity", "6", "--month", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--month"));
    work.ssj()
        .args(["staffing", "--demo", "--capacity", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("capacity"));
}

#[test]
fn a_plan_that_cannot_be_staffed_says_how_many_officers_it_needs() {
    let work = Work::new();
    let saved = work.output("r.json");
    ok(
        &work,
        &[
            "plan",
            "--demo",
            "--units",
            "changji/hutubi",
            "--out",
            &work.output("p.json").to_string_lossy(),
            "--save-request",
            &saved.to_string_lossy(),
        ],
    );
    let mut request: Value = serde_json::from_str(&fs::read_to_string(&saved).unwrap()).unwrap();
    for i in request["registry"]["inspectors"].as_array_mut().unwrap() {
        i["quarterly_capacity"] = 3.into();
    }
    fs::write(&saved, request.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["plan", "--request"]).arg(&saved).args(["--out"]).arg(work.output("p2.json"));
        c
    });
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("needs at least") && err.contains("ssj staffing --capacity 3"), "{err}");
    assert!(!err.contains("add about"), "{err}");
}

#[test]
fn simulate_is_reproducible_and_says_what_it_assumed() {
    let work = Work::new();
    let args = [
        "simulate",
        "--demo",
        "--units",
        "changji/hutubi",
        "--years",
        "2",
        "--seeds",
        "3",
        "--format",
        "json",
        "--quiet",
    ];
    let a = ok(&work, &args);
    assert_eq!(a, ok(&work, &args), "same request, same figures");
    let sim: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(sim["years"].as_array().unwrap().len(), 2);
    assert!(sim["assumptions"][0].as_str().unwrap().contains("2024"), "{sim}");
    // In Chinese throughout, the re-dating assumption too (the JSON keeps
    // the plan's English text).
    let table: Vec<&str> = args.iter().copied().filter(|a| !["--format", "json"].contains(a)).collect();
    let zh = ok(&work, &[&table[..], &["--lang", "zh"]].concat());
    assert!(zh.contains("2024 年沿用本文件"), "{zh}");
    assert!(!zh.contains("assumed valid"), "{zh}");
    let churned = ok(&work, &[&args[..], &["--new", "0.3"]].concat());
    assert_ne!(a, churned, "--new changes the figures");
    work.ssj().args(["simulate", "--demo", "--years", "0"]).assert().code(2).stderr(predicate::str::contains("years"));
    work.ssj()
        .args(["simulate", "--demo", "--closed", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closed"));
}

#[test]
fn compare_honours_units_quarter_and_lang_and_refuses_what_it_cannot_use() {
    let work = Work::new();
    let base =
        ["compare", "--demo", "--years", "1", "--seeds", "1", "--format", "json", "--policies", "changji-county"];
    let all: Vec<Value> = serde_json::from_str(&ok(&work, &base)).unwrap();
    let mut one = base.to_vec();
    one.extend(["--units", "changji/hutubi"]);
    let hutubi: Vec<Value> = serde_json::from_str(&ok(&work, &one)).unwrap();
    assert_eq!(hutubi[0]["units"], serde_json::json!(["changji/hutubi"]));
    assert!(all[0]["units"].as_array().unwrap().len() > 1);
    assert!(hutubi[0]["officers_now"].as_u64() < all[0]["officers_now"].as_u64());
    let mut later = one.clone();
    later.extend(["--quarter", "2023Q3"]);
    let q3: Vec<Value> = serde_json::from_str(&ok(&work, &later)).unwrap();
    assert_eq!(q3[0]["staffing"]["quarters"], serde_json::json!(["2023Q3", "2023Q4"]));
    let zh = ok(
        &work,
        &[
            "compare",
            "--demo",
            "--years",
            "1",
            "--seeds",
            "1",
            "--units",
            "changji/hutubi",
            "--lang",
            "zh",
            "--policies",
            "changji-county",
        ],
    );
    assert!(zh.contains("政策") && zh.contains("所需人员"), "{zh}");
    // Identical rows say why.
    let twice = ok(
        &work,
        &[
            "compare",
            "--demo",
            "--years",
            "1",
            "--seeds",
            "1",
            "--units",
            "changji/hutubi",
            "--policies",
            "changji-county,changji-county+zhongwei-positive-list",
        ],
    );
    assert!(twice.contains("repeats changji-county exactly"), "{twice}");
    // A modifier-only policy is refused, naming what to combine it with.
    work.ssj()
        .args(["compare", "--demo", "--policies", "zhongwei-positive-list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("combine"));
    work.ssj()
        .args(["compare", "--demo", "--policy", "changji-county", "--policies", "changji-county"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--policies"));
}

/// The examples' documents, as a bureau's engineer would name them.
fn example_document(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/documents").join(name)
}

// A district's one library as CSV, with what each object is and the
// bureau's own fields (`对象类型`, `属性:批复年份` → `approved_year`), planned
// under Jianghan's matters: the projects approved since 2020 are drawn in
// their matter, the one of 2018 never, and an April plan's visits are in
// the matters' months.
/// A district's one library as CSV under `in/registry`: 20 construction
/// projects approved 2020–2023 and one of 2018, 10 polluters (2 key), 4
/// officers, with what each object is and the bureau's own field
/// (`对象类型`, `attr:approved_year`).
fn jianghan_csv(work: &Work) -> PathBuf {
    let registry = work.input("registry");
    fs::create_dir(&registry).unwrap();
    fs::write(registry.join("jurisdictions.csv"), "id,name,level,parent\nwh,武汉市,prefecture,\njh,江汉区,county,wh\n")
        .unwrap();
    let mut objects = String::from("id,name,jurisdiction,category,对象类型,attr:approved_year\n");
    for i in 1..=20 {
        objects.push_str(&format!("P{i:02},项目{i},jh,general,construction_project,{}\n", 2020 + i % 4));
    }
    objects.push_str("P99,旧项目,jh,general,construction_project,2018\n");
    for i in 1..=10 {
        objects.push_str(&format!("F{i:02},企业{i},jh,{},polluter,\n", if i <= 2 { "key" } else { "general" }));
    }
    fs::write(registry.join("objects.csv"), objects).unwrap();
    let officers: String = (1..=4).map(|i| format!("O{i},执法{i},jh,officer,20\n")).collect();
    fs::write(registry.join("inspectors.csv"), format!("id,name,jurisdiction,role,quarterly_capacity\n{officers}"))
        .unwrap();
    registry
}

#[test]
fn a_csv_library_with_object_types_and_attributes_plans_jianghan_s_matters() {
    let work = Work::new();
    let registry = jianghan_csv(&work);
    let policy = format!("{}#jianghan-2025", example_document("jianghan-2025.toml").display());
    work.ssj()
        .args(["plan", "--policy", &policy, "--quarter", "2025Q2", "--units", "jh", "--seed", "20250401"])
        .arg("--registry")
        .arg(&registry)
        .arg("--out")
        .arg(work.output("plan.json"))
        .args(["--lang", "zh", "--report"])
        .arg(work.output("plan.html"))
        .assert()
        .success();
    // The page names each matter as the document does, and which a visit is for.
    let page = fs::read_to_string(work.output("plan.html")).unwrap();
    assert!(page.contains("江汉区 · 建设项目“三同时” · 一般") && page.contains("<th>抽查事项</th>"), "{page}");
    let plan: QuarterPlan = serde_json::from_slice(&fs::read(work.output("plan.json")).unwrap()).unwrap();
    let construction: Vec<&str> = plan
        .tasks
        .iter()
        .filter(|t| t.pools.iter().any(|p| p.en() == "construction"))
        .map(|t| t.object.as_str())
        .collect();
    // 40 % of the 20 projects a year over the three quarters of April–November: ⌈8 ÷ 3⌉ = 3.
    assert_eq!(construction.len(), 3, "{construction:?}");
    assert!(construction.iter().all(|o| o.starts_with('P') && *o != "P99"), "{construction:?}");
    assert!(plan.tasks.iter().all(|t| (4..=6).contains(&t.month)));
}

// Guangzhou's draw window: no date is refused naming the flag; a late
// date is refused unless the reason is given, and the plan publishes it.
#[test]
fn a_draw_after_the_document_s_window_needs_its_reason() {
    let work = Work::new();
    let policy = format!("{}#guangzhou-polluters", example_document("guangzhou-tasks.toml").display());
    let plan = |extra: &[&str]| {
        let mut c = work.ssj();
        c.args(["plan", "--demo", "--policy", &policy, "--quarter", "2024Q1", "--units", "changji/hutubi"])
            .args(["--seed", "12345", "--format", "json", "--out"])
            .arg(work.output("plan.json"))
            .args(extra);
        c.assert()
    };
    plan(&[]).code(2).stderr(predicate::str::contains("by 2024-01-15").and(predicate::str::contains("--draw-date")));
    plan(&["--draw-date", "2024-01-20"]).code(2).stderr(predicate::str::contains("--late-reason"));
    plan(&["--draw-date", "2024-01-20", "--late-reason", "省平台故障"]).success();
    let written: Value = serde_json::from_slice(&fs::read(work.output("plan.json")).unwrap()).unwrap();
    assert_eq!(
        (written["draw_date"].as_str(), written["late_reason"].as_str()),
        (Some("2024-01-20"), Some("省平台故障"))
    );
    // Only a draw has a date.
    work.ssj()
        .args(["quotas", "--demo", "--policy", &policy, "--quarter", "2024Q1", "--draw-date", "2024-01-20"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--draw-date does not apply"));
}

// A year folder holding 2025 and 2026 side by side: planning 2026 under a
// no-repeat rule reads 2025's quarters too, so no project is drawn again
// while others remain; the 2025 plans are the history a bureau keeps.
#[test]
fn a_year_folder_reaches_back_over_years_for_a_no_repeat_rule() {
    let work = Work::new();
    let registry = jianghan_csv(&work);
    let policy = format!("{}#jianghan-2025", example_document("jianghan-2025.toml").display());
    let projects = |quarter: &str| -> Vec<String> {
        let mut plan = work.ssj();
        plan.args(["plan", "--policy", &policy, "--quarter", quarter, "--units", "jh", "--seed", "7"]);
        plan.args(["--year-dir", "years"]);
        if quarter.ends_with("Q2") {
            plan.args(["--allow-gap", "the bureau began drawing in 2025Q2"]);
        }
        if quarter.starts_with("2026") {
            plan.args(["--assume-valid", "2026"]);
        }
        plan.arg("--registry").arg(&registry).assert().success();
        let plan: QuarterPlan =
            serde_json::from_slice(&fs::read(work.dir().join("years").join(quarter).join("plan.json")).unwrap())
                .unwrap();
        plan.tasks
            .iter()
            .filter(|t| t.pools.iter().any(|p| p.en() == "construction"))
            .map(|t| t.object.clone())
            .collect()
    };
    let mut first_year: Vec<String> = ["2025Q2", "2025Q3", "2025Q4"].into_iter().flat_map(projects).collect();
    first_year.sort();
    // 40 % of the 20 projects: 8 in 2025, each once.
    assert_eq!(first_year.len(), 8, "{first_year:?}");
    // A year on, an officer has left: the earlier year's visits still count.
    let officers: String = (1..=3).map(|i| format!("O{i},执法{i},jh,officer,20\n")).collect();
    fs::write(registry.join("inspectors.csv"), format!("id,name,jurisdiction,role,quarterly_capacity\n{officers}"))
        .unwrap();
    let second_year: Vec<String> = ["2026Q2", "2026Q3", "2026Q4"].into_iter().flat_map(projects).collect();
    let again: Vec<&String> = second_year.iter().filter(|o| first_year.contains(o)).collect();
    assert!(second_year.len() >= 8 && again.is_empty(), "2026 drew again: {again:?} of {second_year:?}");
}

// Issue 32, finding 3: two or three commitments for one quarter all
// verified and nothing published linked them. The register lists every
// commitment of the authority's year; a second for the same quarter must
// say which it supersedes and why, the superseded one is not drawn, and
// verify names the entry and every other commitment of the period.
#[test]
fn a_second_commitment_for_a_quarter_shows_in_the_register() {
    let work = Work::new();
    let dir = work.dir();
    let p = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let commit = |out: &str, date: &str, extra: &[&str]| {
        let mut c = work.ssj();
        c.args(["commit", "--demo", "--quarter", "2023Q1", "--authority", "昌吉州生态环境局", "--date", date]);
        c.args(["--seed-source", "dice", "--seed-digits", "20", "--seed-announced", "20 dice"]);
        c.args([
            "--out",
            &p(out),
            "--save-request",
            &p(&format!("{out}.request.json")),
            "--register",
            &p("register.json"),
        ]);
        c.args(extra);
        run(c)
    };
    let (code, out, err) = commit("first.json", "2022-12-20", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("entry 1"), "{out}");
    // The same quarter again, saying nothing: refused, the register unchanged.
    let before = fs::read(p("register.json")).unwrap();
    let (code, _, err) = commit("second.json", "2022-12-21", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("a second commitment must say which one it supersedes"), "{err}");
    assert_eq!(fs::read(p("register.json")).unwrap(), before);
    assert!(!dir.join("second.json").exists(), "nothing written");
    // Saying what it supersedes and why: registered.
    let first = read_json(Path::new(&p("first.json")));
    let digest = first["digest"].as_str().unwrap();
    let (code, out, err) =
        commit("second.json", "2022-12-21", &["--supersedes", digest, "--supersede-reason", "名录更正"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("entry 2"), "{out}");

    let plan = |commitment: &str| {
        let mut c = work.ssj();
        c.args(["plan", "--request", &p(&format!("{commitment}.request.json")), "--commitment", &p(commitment)]);
        c.args(["--register", &p("register.json"), "--seed", SEED, "--out", &p(&format!("{commitment}.plan.json"))]);
        c.args(["--save-request", &p(&format!("{commitment}.seeded.json"))]);
        run(c)
    };
    let (code, _, err) = plan("first.json");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("was superseded by") && err.contains("名录更正"), "{err}");
    let (code, _, err) = plan("second.json");
    assert_eq!(code, 0, "{err}");
    let verified = ok(
        &work,
        &[
            "verify",
            "--plan",
            &p("second.json.plan.json"),
            "--request",
            &p("second.json.seeded.json"),
            "--commitment",
            &p("second.json"),
            "--register",
            &p("register.json"),
        ],
    );
    assert!(verified.contains("entry 2 of the commitment register"), "{verified}");
    assert!(verified.contains(&format!("entry 1, {digest}")), "{verified}");
    // A register edited after its head was published does not match it.
    let register = read_json(Path::new(&p("register.json")));
    let head = format!("2:{}", register["entries"][1]["hash"].as_str().unwrap());
    let mut cut = register.clone();
    cut["entries"].as_array_mut().unwrap().pop();
    fs::write(p("cut.json"), cut.to_string()).unwrap();
    let (code, _, err) = run({
        let mut c = work.ssj();
        c.args(["verify", "--plan", &p("second.json.plan.json"), "--request", &p("second.json.seeded.json")]);
        c.args(["--commitment", &p("second.json"), "--register", &p("cut.json"), "--register-head", &head]);
        c
    });
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not match the published head"), "{err}");
}
