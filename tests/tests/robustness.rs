#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The bad-input catalogue (docs/robustness.md): every kind of bad input
//! the fuzzers and this file tried, what the user sees, and the resource
//! bounds of the planner. Each test pins one row of the catalogue.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{json, Value};
use shuangsuiji::audit::amend::{verify_log, PlanLog};
use shuangsuiji::model::{Category, Inspection, Inspector, Level, Pool, Registry, RegulatedObject};
use shuangsuiji::plan::{plan_quarter, PlanError};
use shuangsuiji::request::{Campaign, PlanRequest, Scope};
use shuangsuiji::rules::{self, Modifier, Percent, Policy, RiskCriteria, Source};
use shuangsuiji::sample;
use shuangsuiji_io::read::{self, ReadErrors};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/robustness").join(name)
}

/// The messages of a failed read, each as `line: message` (line 0: the
/// whole file), with the directory stripped.
fn messages<T: std::fmt::Debug>(result: Result<T, ReadErrors>) -> Vec<(u64, String)> {
    let errors = result.expect_err("the input must be rejected");
    errors.errors().iter().map(|e| (e.line.unwrap_or(0), e.to_string())).collect()
}

/// The one helper the CSV rows of the catalogue go through: reading `file`
/// with `reader` fails with exactly the expected `(line, text)` problems,
/// each message containing its text.
fn assert_rejected<T: std::fmt::Debug>(
    reader: impl Fn(&Path) -> Result<T, ReadErrors>,
    file: &str,
    expected: &[(u64, &str)],
) {
    let got = messages(reader(&data(file)));
    assert_eq!(got.len(), expected.len(), "{file}: expected {expected:?}, got {got:#?}");
    for ((line, message), (want_line, want)) in got.iter().zip(expected) {
        assert_eq!(line, want_line, "{file}: {message}");
        assert!(message.contains(want), "{file}: `{message}` does not contain `{want}`");
    }
}

fn objects(path: &Path) -> Result<Vec<RegulatedObject>, ReadErrors> {
    read::read_objects_csv(path)
}

fn inspectors(path: &Path) -> Result<Vec<Inspector>, ReadErrors> {
    read::read_inspectors_csv(path)
}

// ------------------------------------------------------------ files

#[test]
fn unbalanced_quote_is_reported_on_the_line_it_opens() {
    // The open quote swallows the rest of the file into one field, so the
    // row is short: reported on line 3, where the quote opens.
    assert_rejected(objects, "unbalanced-quote.objects.csv", &[(3, "the row has 2 fields but the header has 5")]);
}

#[test]
fn a_semicolon_separated_file_is_named_as_such() {
    let expected = [
        (1, "the header is separated by semicolons (`;`), not commas"),
        (1, "missing required column `id`"),
        (1, "missing required column `name`"),
        (1, "missing required column `jurisdiction`"),
        (1, "missing required column `category`"),
    ];
    assert_rejected(objects, "semicolon.objects.csv", &expected);
}

#[test]
fn a_tab_separated_file_is_named_as_such() {
    let expected = [
        (1, "the header is separated by tabs, not commas"),
        (1, "missing required column `id`"),
        (1, "missing required column `name`"),
        (1, "missing required column `jurisdiction`"),
        (1, "missing required column `category`"),
    ];
    assert_rejected(objects, "tab.objects.csv", &expected);
}

#[test]
fn a_utf8_bom_is_stripped() {
    let tree = read::read_jurisdictions_csv(data("bom.jurisdictions.csv")).unwrap();
    assert_eq!(tree[0].id, "changji", "the BOM must not stick to the first id");
    assert_eq!(tree.len(), 2);
}

// Two exports joined end to end: the second one's BOM starts line 4. It
// must not become part of the id, or the duplicate would pass unseen.
#[test]
fn a_bom_at_the_start_of_a_line_mid_file_never_becomes_part_of_an_id() {
    assert_rejected(
        objects,
        "joined-bom.objects.csv",
        &[(4, "(id \"O1\"), column `统一社会信用代码` (id): duplicate id; already used on line 2")],
    );
}

// "CSV (Macintosh)" ends lines with a lone CR: the fault on the fourth
// line is reported there, not on line 1.
#[test]
fn a_file_with_carriage_returns_alone_reports_the_right_line() {
    assert_rejected(objects, "cr-only.objects.csv", &[(4, "`重要` is not a valid category")]);
}

#[test]
fn gbk_and_utf16_files_read_as_their_utf8_twins() {
    // The fixtures hold the same rows as semicolon-free UTF-8 would: each
    // decodes (GB18030, UTF-16 by its BOM) to records with Chinese names.
    for fixture in ["gbk.objects.csv", "utf16.objects.csv"] {
        let read = objects(&data(fixture)).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert!(!read.is_empty(), "{fixture}");
        assert!(read.iter().all(|o| !o.name.is_empty() && !o.name.contains('\u{fffd}')), "{fixture}: {read:?}");
        assert!(read.iter().any(|o| !o.name.is_ascii()), "{fixture}: names decoded to Chinese");
    }
}

#[test]
fn a_duplicate_id_names_both_lines() {
    assert_rejected(
        objects,
        "duplicate-id.objects.csv",
        &[(4, "(id \"O1\"), column `统一社会信用代码` (id): duplicate id; already used on line 2")],
    );
}

#[test]
fn impossible_dates_are_rejected_and_excel_serial_numbers_read() {
    // Line 4's `45000` is an Excel date serial (2023-03-15): read, not refused.
    let expected = [
        (2, "`2023-02-30` is not a valid date; expected YYYY-MM-DD (or YYYY/MM/DD, YYYY年MM月DD日)"),
        (3, "`2023-13-01` is not a valid date"),
    ];
    assert_rejected(objects, "impossible-dates.objects.csv", &expected);
    let registry = dangling_free_registry();
    let expected =
        [(2, "column `检查日期` (date): `2023-02-30` is not a valid date"), (3, "`2023-13-01` is not a valid date")];
    assert_rejected(|p| read::read_history_csv(p, &registry), "history-impossible-dates.csv", &expected);
}

#[test]
fn negative_zero_and_absurd_capacities_are_rejected() {
    let expected = [
        (2, "`-1` is not a valid count; expected a whole number 0 or more"),
        (3, "quarterly capacity is 0; it must be at least 1"),
        (4, "quarterly capacity 1000000000 is absurd (more than 10000 tasks a quarter)"),
        (5, "`99999999999999999999` is not a valid count"),
        (6, "`八` is not a valid count"),
    ];
    assert_rejected(inspectors, "capacities.inspectors.csv", &expected);
}

/// The tree of `dangling/` and one object, O1: a registry the history can
/// refer to.
fn dangling_free_registry() -> Registry {
    Registry {
        jurisdictions: read::read_jurisdictions_csv(data("dangling/jurisdictions.csv")).unwrap(),
        objects: vec![RegulatedObject::new("O1", "changji/hutubi", Category::Key)],
        inspectors: vec![],
    }
}

#[test]
fn dangling_references_are_each_located() {
    let got = messages(read::read_registry_dir(data("dangling")));
    let want = [
        (3, "dangling/objects.csv:3 (id \"O2\"), column `所属区域` (jurisdiction): unknown jurisdiction `changji/nowhere`: neither the id nor the name"),
        (2, "dangling/inspectors.csv:2 (id \"I1\"), column `回避` (recusals): recusal names unknown object \"O9\""),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((line, message), (want_line, text)) in got.iter().zip(want) {
        assert_eq!(*line, want_line);
        assert!(message.contains(text), "{message}");
    }
    let registry = dangling_free_registry();
    let expected = [
        (3, "column `检查对象` (object): unknown object \"O7\""),
        (4, "column `检查单位` (by): unknown jurisdiction \"changji/elsewhere\""),
    ];
    assert_rejected(|p| read::read_history_csv(p, &registry), "dangling/history.csv", &expected);
}

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ssj-robustness-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Rows in the big-file test: 1,000,000 in release, 200,000 in debug
/// (the debug build of the CSV reader takes ~20 s per million rows).
const BIG_ROWS: usize = if cfg!(debug_assertions) { 200_000 } else { 1_000_000 };

#[test]
fn one_bad_row_at_the_very_end_of_a_big_file_is_the_one_reported() {
    let dir = TempDir::new("big");
    let path = dir.0.join("objects.csv");
    let mut text = String::with_capacity(BIG_ROWS * 40);
    text.push_str("id,name,jurisdiction,category\n");
    for i in 1..BIG_ROWS {
        text.push_str(&format!("O{i:07},厂{i},changji/hutubi,一般\n"));
    }
    text.push_str(&format!("O{BIG_ROWS:07},厂,changji/hutubi,重要\n"));
    std::fs::write(&path, text).unwrap();
    let got = messages(read::read_objects_csv(&path));
    assert_eq!(got.len(), 1, "{got:?}");
    let last_line = u64::try_from(BIG_ROWS).unwrap() + 1; // the header is line 1
    assert_eq!(got[0].0, last_line);
    assert!(
        got[0].1.contains(&format!(
            "objects.csv:{last_line} (id \"O{BIG_ROWS:07}\"), column `category`: `重要` is not a valid category"
        )),
        "{}",
        got[0].1
    );
}

// ------------------------------------------------------------ JSON

#[test]
fn registry_json_with_a_wrong_shape_names_the_line() {
    let got = messages(read::parse_registry_json("registry.json", "{\n  \"jurisdictions\": [],\n  \"objects\": 3\n}"));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, 3);
    assert!(
        got[0].1.starts_with("registry.json:3, field `objects`: invalid type: integer `3`, expected a sequence"),
        "{}",
        got[0].1
    );
}

// ------------------------------------------------------------ policies

fn county_policy_json() -> Value {
    serde_json::to_value(rules::preset("changji-county").unwrap()).unwrap()
}

fn policy_errors(policy: &Value) -> Vec<String> {
    let text = policy.to_string();
    Policy::from_json(&text).expect_err("the policy must be rejected").iter().map(ToString::to_string).collect()
}

#[test]
fn a_percent_above_100_is_rejected_naming_the_rule() {
    let mut p = county_policy_json();
    p["rules"][0]["minimum"] = json!({ "kind": "percent_per_quarter", "percent": 150 });
    assert_eq!(policy_errors(&p), ["policy `changji-county`: rules[0].minimum.percent: is above 100 %"]);
}

#[test]
fn a_negative_percent_is_a_parse_error() {
    let mut p = county_policy_json();
    p["rules"][0]["minimum"] = json!({ "kind": "percent_per_quarter", "percent": -5 });
    let errors = policy_errors(&p);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("policy file: percent -5 must be a number from 0 to 100 with at most two decimals"),
        "{errors:?}"
    );
}

#[test]
fn a_one_to_zero_ratio_is_rejected() {
    let mut p = county_policy_json();
    p["rules"][0]["minimum"] = json!({ "kind": "inspector_ratio_per_year", "objects_per_inspector": 0, "counted": { "kind": "certified_officers" } });
    assert_eq!(
        policy_errors(&p),
        ["policy `changji-county`: rules[0].minimum.objects_per_inspector: must be above 0 (a 1:0 ratio means nothing)"]
    );
}

#[test]
fn a_toml_policy_that_is_not_toml_names_the_line() {
    let errors = Policy::from_toml("id = \"x\"\nrules = [\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().starts_with("policy file: TOML parse error at line"), "{}", errors[0]);
}

// ------------------------------------------------------------ requests

fn request() -> PlanRequest {
    PlanRequest::new(
        sample::county(6, 4, 40, 4),
        rules::preset("changji-county").unwrap(),
        vec![sample::COUNTY.into()],
        "2023Q2".parse().unwrap(),
        "31415926535897932384",
    )
}

fn plan_error(request: &PlanRequest) -> String {
    plan_quarter(request).expect_err("the request must be refused").to_string()
}

#[test]
fn a_quarter_outside_the_policys_validity_is_refused() {
    let mut r = request();
    r.quarter = "2024Q1".parse().unwrap();
    assert_eq!(
        plan_error(&r),
        "policy `changji-county` is valid 2023-01-01 to 2023-12-31; 2024Q1 lies outside it (if the bureau still applies the document in 2024, record that as an assumption of the plan, or extend `validity` in a policy file)"
    );
}

#[test]
fn an_empty_object_library_plans_nothing_and_an_empty_inspector_library_cannot_staff() {
    let mut r = request();
    r.registry.objects.clear();
    let plan = plan_quarter(&r).unwrap();
    assert!(plan.tasks.is_empty());
    assert!(plan.strata.iter().all(|s| s.eligible == 0 && s.required == 0 && s.drawn == 0));
    assert!(shuangsuiji::check_compliance(&plan, &r).is_compliant());

    let mut r = request();
    r.registry.inspectors.clear();
    let message = plan_error(&r);
    assert_eq!(
        message,
        "unit `changji/hutubi` has 0 certified enforcement officer(s) on post but every visit needs 2 (执法人员不得少于两人)"
    );
    assert!(matches!(plan_quarter(&r), Err(PlanError::Staffing(_))));
}

#[test]
fn a_blank_seed_is_refused() {
    for seed in ["", "   ", "\t\n"] {
        let mut r = request();
        r.seed = seed.into();
        assert_eq!(
            plan_error(&r),
            "the seed is blank: fix a public seed before the draw (e.g. 20 decimal dice digits rolled in public)"
        );
    }
}

#[test]
fn unknown_units_and_units_of_the_wrong_level_are_refused() {
    let mut r = request();
    r.units = vec!["changji/nowhere".into()];
    assert_eq!(plan_error(&r), "drawing unit `changji/nowhere` is not a jurisdiction of the registry");
    r.units = vec![sample::PREFECTURE.into()];
    assert_eq!(
        plan_error(&r),
        "drawing unit `changji` is a Prefecture but policy `changji-county` is written for CountyOrPark bureaus"
    );
    r.units = vec![];
    assert_eq!(plan_error(&r), "no drawing unit given: name the jurisdiction(s) whose bureau draws");
    r.units = vec![sample::COUNTY.into(), sample::COUNTY.into()];
    assert_eq!(plan_error(&r), "drawing unit `changji/hutubi` is given twice");
}

#[test]
fn a_request_with_dangling_references_lists_every_one() {
    let mut r = request();
    r.registry.objects[0].jurisdiction = "changji/nowhere".into();
    r.registry.inspectors[0].recusals.insert("GHOST".into());
    r.history.push(Inspection::random("NOBODY", sample::COUNTY, NaiveDate::from_ymd_opt(2023, 1, 5).unwrap()));
    let message = plan_error(&r);
    for part in [
        "the registry or history is invalid:",
        "objects[0] (id \"K001\"), field `jurisdiction`: unknown jurisdiction \"changji/nowhere\"",
        "recusal names unknown object \"GHOST\"",
        "history[0] (id \"NOBODY\"), field `object`: unknown object \"NOBODY\"",
    ] {
        assert!(message.contains(part), "`{part}` missing from:\n{message}");
    }
}

// ------------------------------------------------------------ plan log

fn logged() -> (PlanRequest, PlanLog) {
    let r = request();
    let log = PlanLog::new(plan_quarter(&r).unwrap());
    (r, log)
}

#[test]
fn a_truncated_plan_log_is_a_json_error() {
    let (_, log) = logged();
    let text = log.to_json().unwrap();
    for cut in [0, 1, text.len() / 3, text.len() / 2, text.len() - 1] {
        let err = PlanLog::from_json(&text[..cut]).unwrap_err().to_string();
        assert!(err.contains("EOF while parsing"), "cut at {cut}: {err}");
    }
}

#[test]
fn an_edited_plan_log_names_the_entry() {
    let (r, log) = logged();
    let text = log.to_json().unwrap();
    // Hand-edit one task's month in the JSON text.
    let edited = text.replacen("\"month\": 4", "\"month\": 6", 1);
    assert_ne!(edited, text);
    let err = verify_log(&PlanLog::from_json(&edited).unwrap(), &r).unwrap_err().to_string();
    assert!(err.starts_with("entry 0: its hash is wrong (recorded "), "{err}");
    // An empty log.
    let err = verify_log(&PlanLog { format: Default::default(), entries: vec![] }, &r).unwrap_err().to_string();
    assert_eq!(err, "the log is empty: entry 0 must be the original plan");
}

// ------------------------------------------------------------ resource bounds

/// Runs `f` on a thread and waits at most 60 s for it: a hang guard, not a
/// speed assertion.
fn within_a_minute<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{what} did not finish within 60 s: {e}"))
}

fn source() -> Source {
    Source { document: "test".into(), clause: "§1".into(), quote: "至少".into(), reading: None }
}

#[test]
fn a_policy_with_thousands_of_rules_is_validated_quickly() {
    // 20,000 copies of the county's rules: every copy after the first
    // repeats a rule, and each is named.
    let base = rules::preset("changji-county").unwrap();
    let mut policy = base.clone();
    for _ in 1..20_000 / base.rules.len() {
        policy.rules.extend(base.rules.iter().cloned());
    }
    let n = policy.rules.len();
    let errors = within_a_minute("validating 20,000 rules", move || policy.validate().unwrap_err());
    assert_eq!(errors.len(), n - base.rules.len());
    assert!(errors[0].to_string().contains("repeats the kind of minimum of an earlier rule"), "{}", errors[0]);
}

#[test]
fn a_policy_with_thousands_of_risk_tiers_plans() {
    // 2,000 tiers, each its own complaint threshold: the objects spread
    // over a few strata; the empty tiers cost nothing per object.
    let mut r = request();
    for (i, o) in r.registry.objects.iter_mut().enumerate() {
        o.complaints = u32::try_from(i % 5).unwrap();
    }
    for t in 0..2_000u32 {
        r.policy.modifiers.push(Modifier::RiskTier {
            name: format!("t{t}"),
            label: None,
            criteria: RiskCriteria { min_complaints: Some(2_000 - t), ..RiskCriteria::default() },
            categories: Category::ALL.to_vec(),
            percent_per_quarter: Percent::whole(10),
            source: source(),
        });
    }
    let plan = within_a_minute("planning with 2,000 risk tiers", move || {
        let plan = plan_quarter(&r);
        (plan, r)
    });
    let (plan, r) = plan;
    let plan = plan.unwrap();
    assert!(shuangsuiji::check_compliance(&plan, &r).is_compliant());
}

#[test]
fn capacities_are_compared_never_allocated() {
    // The largest capacity validation accepts, on every inspector.
    let mut r = request();
    for p in &mut r.registry.inspectors {
        p.quarterly_capacity = shuangsuiji::model::validate::MAX_QUARTERLY_CAPACITY;
    }
    let plan = within_a_minute("planning with capacity 10,000", move || plan_quarter(&r).map(|p| p.tasks.len()));
    assert!(plan.unwrap() > 0);
    // Beyond it, the request is refused, not planned.
    let mut r = request();
    r.registry.inspectors[0].quarterly_capacity = u32::MAX;
    assert!(plan_error(&r).contains("quarterly capacity 4294967295 is absurd"));
}

#[test]
fn a_campaign_at_100_percent_over_a_large_scope_plans() {
    // 5,000 objects in scope, all drawn: one task each, linear work.
    let mut r = request();
    r.registry = sample::county(6, 4, 5_000, 120);
    for p in &mut r.registry.inspectors {
        p.quarterly_capacity = 1_000;
    }
    for o in &mut r.registry.objects {
        o.tags_mut().industry = Some("化工".into());
    }
    r.campaigns.push(Campaign {
        id: "all".into(),
        scope: Scope { industry: Some("化工".into()), ..Scope::default() },
        percent: Percent::FULL,
        expertise: None,
    });
    let n = r.registry.objects.len();
    let tasks = within_a_minute("a 100 % campaign over 5,000 objects", move || plan_quarter(&r).map(|p| p.tasks.len()));
    assert_eq!(tasks.unwrap(), n);
}

#[test]
fn a_history_of_hundreds_of_thousands_of_entries_plans() {
    let mut r = request();
    let day = NaiveDate::from_ymd_opt(2023, 2, 1).unwrap();
    let ids: Vec<String> = r.registry.objects.iter().map(|o| o.id.clone()).collect();
    for i in 0..200_000 {
        let mut visit = Inspection::random(ids[i % ids.len()].clone(), sample::COUNTY, day);
        visit.pools = [Pool::Pollution].into();
        r.history.push(visit);
    }
    let result =
        within_a_minute("planning with 200,000 history entries", move || plan_quarter(&r).map(|p| p.tasks.len()));
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn a_long_chain_of_jurisdictions_is_validated_quickly() {
    // 3,000 counties, each naming the one before as its parent: every
    // parent is wrong (not a prefecture), and the walk up must stay cheap.
    let mut registry = Registry::default();
    registry.jurisdictions.push(shuangsuiji::model::Jurisdiction {
        id: "j0".into(),
        name: "州".into(),
        level: Level::Prefecture,
        parent: None,
    });
    for i in 1..3_000 {
        registry.jurisdictions.push(shuangsuiji::model::Jurisdiction {
            id: format!("j{i}"),
            name: "县".into(),
            level: Level::County,
            parent: Some(format!("j{}", i - 1)),
        });
    }
    let errors = within_a_minute("validating a 3,000-long parent chain", move || {
        shuangsuiji::model::validate::validate_registry(&registry).unwrap_err().len()
    });
    assert_eq!(errors, 3_000 - 2);
}

// ------------------------------------------------------------ fuzz findings

/// Found by the `plan` fuzz target (input kept as
/// `tests/data/robustness/fuzz-plan-duplicate-tier-name.crash`; replay with
/// `cargo +nightly fuzz run plan <file>` in `fuzz/`): two risk tiers with one
/// name. The planner took the first tier's rate (`quota::tier_demand`), the
/// compliance check the largest (`compliance.rs`), so `plan_quarter` returned
/// a plan `check_compliance` flagged ("stratum p/c1/pollution/general/h|i:
/// minimum 1, drawn 0"). A tier's name is its stratum's name, so a policy
/// may not repeat one: `Policy::validate` now refuses it.
#[test]
fn two_risk_tiers_with_one_name_are_refused() {
    let tier = |categories: Vec<Category>, percent: Percent| Modifier::RiskTier {
        name: "h".into(),
        label: None,
        criteria: RiskCriteria { min_complaints: Some(5), ..RiskCriteria::default() },
        categories,
        percent_per_quarter: percent,
        source: source(),
    };
    let mut r = request();
    r.registry.objects[0].complaints = 6;
    r.registry.objects[10].complaints = 6;
    r.policy.readings.rounding = rules::Rounding::Nearest;
    r.policy.modifiers.push(tier(vec![Category::General], Percent::from_basis_points(3664)));
    r.policy.modifiers.push(tier(vec![Category::Special, Category::Key], Percent::FULL));
    assert_eq!(plan_error(&r), "policy `changji-county`: modifiers[1].name: repeats the name of an earlier risk tier");
    // Distinct names plan, and the plan is compliant.
    if let Modifier::RiskTier { name, .. } = &mut r.policy.modifiers[1] {
        *name = "h2".into();
    }
    let plan = plan_quarter(&r).unwrap();
    assert!(shuangsuiji::check_compliance(&plan, &r).is_compliant());
}

/// Found by the `plan_log` fuzz target (a false alarm of the target, kept
/// as documentation): dropping the newest entries of a log leaves a valid,
/// shorter chain. Only the head hash published when the log was locked
/// tells the two apart, so `verify_log` reports the head to compare.
#[test]
fn a_log_cut_after_an_entry_verifies_as_a_shorter_log_with_another_head() {
    let (r, mut log) = logged();
    let task = log.original().unwrap().tasks[0].clone();
    let to = if task.month == 4 { 5 } else { 4 };
    let note = shuangsuiji::audit::amend::Note::new("路线调整", "科长", NaiveDate::from_ymd_opt(2023, 4, 3).unwrap());
    log.move_task((&task.unit, &task.object, to), note).unwrap();
    let full = verify_log(&log, &r).unwrap();
    assert_eq!(full.amendments.len(), 1);
    let mut cut = log.clone();
    cut.entries.pop();
    let short = verify_log(&cut, &r).unwrap();
    assert!(short.amendments.is_empty());
    assert_ne!(short.head, full.head, "the published head tells the cut log from the full one");
}
