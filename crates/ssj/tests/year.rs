#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A bureau's year from the command line alone: four quarters in a year
//! folder, the prefecture's plan seen by the counties, and a year beyond
//! the built-in calendar.

mod common;

use common::{ssj, Run};

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn ok(dir: &Path, args: &[&str]) -> String {
    let Run { code, stdout: out, stderr: err } = ssj(dir, args);
    assert_eq!(code, 0, "ssj {args:?}: {out}\n{err}");
    out
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const COUNTY: &str = "changji/hutubi";

/// `ssj plan --demo` for the demo county into `year/`, with `extra` flags.
fn plan_demo_county(d: &Path, quarter: &str, extra: &[&str]) -> String {
    let mut args = vec!["plan", "--demo", "--units", COUNTY, "--quarter", quarter, "--year-dir", "year"];
    args.extend_from_slice(extra);
    ok(d, &args)
}

#[test]
fn a_county_runs_its_year_from_the_command_line_alone() {
    let dir = tmp();
    let d = dir.path();
    for q in 1..=4 {
        let quarter = format!("2023Q{q}");
        plan_demo_county(d, &quarter, &["--seed", &format!("2023{q}0101")]);
        let here = d.join("year").join(&quarter);
        // Each quarter verifies against the request it was drawn from…
        let verified = ok(d, &["verify", "--plan", &p(&here, "plan.json"), "--request", &p(&here, "request.json")]);
        assert!(verified.contains("verified"), "{verified}");
        // …and that request holds the earlier quarters as history.
        let request = json(&here.join("request.json"));
        let history = request["history"].as_array().unwrap();
        if q == 1 {
            assert!(history.is_empty());
        } else {
            let earlier = json(&d.join("year").join(format!("2023Q{}", q - 1)).join("plan.json"));
            for t in earlier["tasks"].as_array().unwrap() {
                assert!(
                    history.iter().any(|h| h["object"] == t["object"]),
                    "Q{q}: {} missing from history",
                    t["object"]
                );
            }
        }
    }
    let status: Value = serde_json::from_str(&ok(
        d,
        &["status", "--demo", "--units", COUNTY, "--quarter", "2023Q4", "--year-dir", "year", "--format", "json"],
    ))
    .unwrap();
    // Every key unit inspected once, the 1:N total met.
    assert_eq!(status["key_not_yet_inspected"][COUNTY].as_array().unwrap().len(), 0, "{status}");
    for st in status["strata"].as_array().unwrap() {
        if let Some(owed) = st["still_owed"].as_u64() {
            assert_eq!(owed, 0, "{st}");
        }
    }
    let general = status["strata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stratum"] == format!("{COUNTY}/pollution/general"))
        .unwrap();
    assert!(general["yearly_total"].as_u64().unwrap() > 0);
    // Mid-year, the status says what is still owed.
    let q2: Value = serde_json::from_str(&ok(
        d,
        &["status", "--demo", "--units", COUNTY, "--quarter", "2023Q2", "--year-dir", "year", "--format", "json"],
    ))
    .unwrap();
    assert!(!q2["key_not_yet_inspected"][COUNTY].as_array().unwrap().is_empty(), "{q2}");
}

fn p(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// Plans the prefecture's 2023Q1 into `year/2023Q1/other/`, then two
/// counties under `policy` (a preset or a file); returns their plan.
fn counties_after_the_prefecture(d: &Path, policy: &str) -> Value {
    let other = d.join("year/2023Q1/other");
    fs::create_dir_all(&other).unwrap();
    ok(
        d,
        &[
            "plan",
            "--demo",
            "--policy",
            "changji-prefecture",
            "--quarter",
            "2023Q1",
            "--seed",
            "1111",
            "--out",
            &p(&other, "prefecture.json"),
            "--report",
            &p(d, "pref.html"),
        ],
    );
    ok(
        d,
        &[
            "plan",
            "--demo",
            "--policy",
            policy,
            "--units",
            "changji/hutubi,changji/manas",
            "--quarter",
            "2023Q1",
            "--seed",
            "2222",
            "--year-dir",
            "year",
        ],
    );
    json(&d.join("year/2023Q1/plan.json"))
}

#[test]
fn the_prefectures_visits_are_joined_once_by_the_counties_or_set_aside() {
    let dir = tmp();
    let d = dir.path();
    let plan = counties_after_the_prefecture(d, "changji-county");
    let prefecture = json(&d.join("year/2023Q1/other/prefecture.json"));
    let visited: Vec<&Value> = prefecture["tasks"].as_array().unwrap().iter().map(|t| &t["object"]).collect();
    let tasks = plan["tasks"].as_array().unwrap();
    let joint: Vec<&Value> = tasks.iter().filter(|t| t["visit"]["kind"] == "joint_with_other_level").collect();
    assert!(!joint.is_empty(), "the demo's prefecture and counties overlap");
    for t in tasks {
        let also_prefecture = visited.contains(&&t["object"]);
        // Joined once: every county task on a prefecture object is the
        // joint visit, never a second team.
        assert_eq!(also_prefecture, t["visit"]["kind"] == "joint_with_other_level", "{t}");
    }
    let joined: u64 =
        plan["strata"].as_array().unwrap().iter().map(|s| s["joint_with_other_level"].as_u64().unwrap()).sum();
    assert!(joined > 0);

    // Under `set_aside`, the same objects are set aside and drawn by nobody
    // else in the counties.
    let dir = tmp();
    let d = dir.path();
    let Run { stdout: policy, .. } = ssj(d, &["rules", "changji-county", "--format", "json"]);
    let mut policy: Value = serde_json::from_str(&policy).unwrap();
    policy["readings"]["other_levels"] = "set_aside".into();
    policy["id"] = "changji-county-set-aside".into();
    fs::write(d.join("set-aside.json"), policy.to_string()).unwrap();
    let plan = counties_after_the_prefecture(d, &p(d, "set-aside.json"));
    let prefecture = json(&d.join("year/2023Q1/other/prefecture.json"));
    let visited: Vec<&Value> = prefecture["tasks"].as_array().unwrap().iter().map(|t| &t["object"]).collect();
    for t in plan["tasks"].as_array().unwrap() {
        assert!(!visited.contains(&&t["object"]) || t["covers"].as_array().unwrap().is_empty(), "{t}");
    }
    let set_aside: u64 = plan["strata"].as_array().unwrap().iter().map(|s| s["set_aside"].as_u64().unwrap()).sum();
    assert!(set_aside > 0);
    assert_eq!(
        plan["strata"].as_array().unwrap().iter().map(|s| s["joint_with_other_level"].as_u64().unwrap()).sum::<u64>(),
        0
    );
}

#[test]
fn a_2027_plan_under_a_re_dated_preset_says_which_dates_need_the_2027_calendar() {
    let dir = tmp();
    let d = dir.path();
    let Run { code, stderr: err, .. } =
        ssj(d, &["plan", "--demo", "--units", COUNTY, "--quarter", "2027Q1", "--seed", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("--assume-valid 2027"), "{err}");
    let out = ok(
        d,
        &[
            "plan",
            "--demo",
            "--units",
            COUNTY,
            "--quarter",
            "2027Q1",
            "--seed",
            "1",
            "--assume-valid",
            "2027",
            "--out",
            "plan.json",
            "--report",
            "r.html",
        ],
    );
    assert!(out.contains("assumed valid in 2027"), "the plan table says so: {out}");
    let plan = json(&d.join("plan.json"));
    assert!(plan["assumptions"][0].as_str().unwrap().contains("assumed valid in 2027"));
    assert!(fs::read_to_string(d.join("r.html")).unwrap().contains("assumed valid in 2027"), "the report says so");

    let Run { code, stdout: out, stderr: err } = ssj(d, &["deadlines", "--plan", "plan.json", "--today", "2027-01-10"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("needs 2027"), "{out}");
    assert!(out.contains("ssj calendar check"), "{out}");
    assert!(out.contains("--holidays"), "{out}");
    let report: Value = serde_json::from_str(&ok(
        d,
        &["deadlines", "--plan", "plan.json", "--today", "2027-01-10", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(report["missing_years"], serde_json::json!([2027]));

    // With a 2027 year file (the test's invented one) every task is dated.
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shuangsuiji/tests/data/calendar/user_2027_example.toml");
    let checked = ok(d, &["calendar", "check", &file.to_string_lossy()]);
    assert!(checked.contains("2027") && checked.contains("working days"), "{checked}");
    let report: Value = serde_json::from_str(&ok(
        d,
        &[
            "deadlines",
            "--plan",
            "plan.json",
            "--today",
            "2027-01-10",
            "--format",
            "json",
            "--holidays",
            &file.to_string_lossy(),
        ],
    ))
    .unwrap();
    assert!(report.get("missing_years").is_none(), "{report}");
    assert!(report["tasks"].as_array().unwrap().iter().all(|t| t["publish_results"].is_object()));
}

#[test]
fn a_modifier_only_policy_alone_is_refused_and_combined_it_plans() {
    let dir = tmp();
    let d = dir.path();
    let Run { code, stderr: err, .. } =
        ssj(d, &["plan", "--demo", "--policy", "zhongwei-positive-list", "--quarter", "2020Q2", "--seed", "1"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("changji-county+zhongwei-positive-list"), "{err}");
    let out = ok(
        d,
        &[
            "plan",
            "--demo",
            "--policy",
            "changji-county+zhongwei-positive-list",
            "--quarter",
            "2020Q2",
            "--assume-valid",
            "2020",
            "--seed",
            "1",
            "--format",
            "json",
            "--report",
            "r.html",
        ],
    );
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["policy"], "changji-county+zhongwei-positive-list");
}

#[test]
fn fengdu_speaks_cli_and_its_example_policy_file_plans() {
    let dir = tmp();
    let d = dir.path();
    let Run { code, stderr: err, .. } = ssj(d, &["rules", "fengdu"]);
    assert_eq!(code, 2);
    assert!(err.contains("docs/examples/fengdu-policy.toml") && !err.contains("::"), "{err}");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/fengdu-policy.toml");
    let out =
        ok(d, &["quotas", "--demo", "--policy", &file.to_string_lossy(), "--quarter", "2024Q1", "--format", "json"]);
    let lines: Value = serde_json::from_str(&out).unwrap();
    assert!(lines
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["stratum"]["category"] == "general" && l["required"].as_u64().unwrap() > 0));
}

#[test]
fn the_same_year_month_by_month_and_a_months_lock_holds() {
    let dir = tmp();
    let d = dir.path();
    for q in 1..=4u32 {
        let quarter = format!("2023Q{q}");
        let mut drawn: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
        for m in (3 * q - 2)..=(3 * q) {
            plan_demo_county(d, &quarter, &["--month", &m.to_string(), "--seed", &format!("2023{m:02}01")]);
            let here = d.join("year").join(&quarter).join(format!("m{m:02}"));
            ok(d, &["verify", "--plan", &p(&here, "plan.json"), "--request", &p(&here, "request.json")]);
            let plan = json(&here.join("plan.json"));
            assert_eq!(plan["month"], m);
            assert!(plan["tasks"].as_array().unwrap().iter().all(|t| t["month"] == m));
            for s in plan["strata"].as_array().unwrap() {
                let share = &s["month_share"];
                let e = drawn.entry(s["stratum"]["category"].to_string()).or_default();
                e.0 += s["drawn"].as_u64().unwrap();
                e.1 = share["quarter_required"].as_u64().unwrap();
            }
        }
        // The three months together meet the quarter's minimums.
        for (category, (got, required)) in &drawn {
            assert!(got >= required, "{quarter} {category}: {got} drawn < {required}");
        }
    }
    let status: Value = serde_json::from_str(&ok(
        d,
        &["status", "--demo", "--units", COUNTY, "--quarter", "2023Q4", "--year-dir", "year", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(status["key_not_yet_inspected"][COUNTY].as_array().unwrap().len(), 0, "{status}");

    // A month, once drawn, is locked: editing its plan is caught by verify,
    // and the next month, re-drawn from the edited folder, commits to
    // something other than what it published.
    let m1 = d.join("year/2023Q1/m01");
    let mut plan = json(&m1.join("plan.json"));
    let task = plan["tasks"].as_array_mut().unwrap().iter_mut().find(|t| t["visit"]["officers"].is_array()).unwrap();
    task["month"] = 2.into();
    fs::write(m1.join("plan.json"), plan.to_string()).unwrap();
    let Run { code, stderr: err, .. } =
        ssj(d, &["verify", "--plan", &p(&m1, "plan.json"), "--request", &p(&m1, "request.json")]);
    assert_eq!(code, 1, "{err}");
    let published = json(&d.join("year/2023Q1/m02/plan.json"))["commitment"].clone();
    let redrawn: Value = serde_json::from_str(&ok(
        d,
        &[
            "plan",
            "--demo",
            "--units",
            COUNTY,
            "--quarter",
            "2023Q1",
            "--month",
            "2",
            "--seed",
            "20230201",
            "--year-dir",
            "year",
            "--format",
            "json",
            "--out",
            &p(d, "m02-again.json"),
            "--save-request",
            &p(d, "m02-again.request.json"),
            "--report",
            &p(d, "m02.html"),
        ],
    ))
    .unwrap();
    assert_ne!(redrawn["commitment"], published, "month 2's commitment covers month 1 as drawn");
}

#[test]
fn a_fengdu_year_schedules_every_check_item_of_its_list() {
    let dir = tmp();
    let d = dir.path();
    let policy: Value = serde_json::from_str(&ok(d, &["rules", "fengdu-example", "--format", "json"])).unwrap();
    let list: std::collections::BTreeSet<String> =
        policy["check_items"]["items"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_owned()).collect();
    assert_eq!(list.len(), 12);
    let mut scheduled = std::collections::BTreeSet::new();
    for q in 1..=4 {
        let quarter = format!("2024Q{q}");
        let seed = format!("2024{q}0308");
        let args = ["--policy", "fengdu-example", "--seed", seed.as_str()];
        plan_demo_county(d, &quarter, &args);
        let plan = json(&d.join("year").join(&quarter).join("plan.json"));
        for task in plan["tasks"].as_array().unwrap() {
            let items = task["check_items"].as_array().unwrap();
            assert!(!items.is_empty(), "{quarter}: a task with no item: {task}");
            scheduled.extend(items.iter().map(|i| i.as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(scheduled, list, "the year covers the whole list (001 二: 抽查事项清单做到年度全覆盖)");
}

// Issue 32, finding 1: a closure was never applied afterwards — the next
// quarter drew the "closed" company as active. A closure recorded in an
// earlier quarter's log now lasts: the next quarter refuses a registry
// that still lists the company as drawn, unless the bureau names it
// reinstated.
#[test]
fn a_company_closed_in_an_earlier_quarter_is_not_drawn_again_unless_reinstated() {
    let dir = tmp();
    let d = dir.path();
    plan_demo_county(d, "2023Q1", &["--seed", "20230101"]);
    let q1 = d.join("year").join("2023Q1");
    let plan = json(&q1.join("plan.json"));
    let task = plan["tasks"].as_array().unwrap().iter().find(|t| t["visit"]["officers"].is_array()).unwrap();
    let object = task["object"].as_str().unwrap().to_owned();
    let (request, plan_path, log) = (p(&q1, "request.json"), p(&q1, "plan.json"), p(&q1, "log.json"));
    let note = ["--reason", "已注销", "--author", "王科长", "--date", "2023-02-01"];
    let mut claim = vec!["amend", "--request", &request, "--plan", &plan_path, "--write", &log];
    claim.extend_from_slice(&note);
    claim.extend_from_slice(&["--evidence", "注销公告 2023-9", "close-object", "--unit", COUNTY, "--object", &object]);
    claim.extend_from_slice(&["--status", "bankrupt_deregistered", "--seed-source", "dice", "--seed-digits", "20"]);
    claim.extend_from_slice(&["--seed-announced", "20 dice"]);
    ok(d, &claim);
    let mut draw = vec!["amend", "--request", &request, "--log", &log];
    draw.extend_from_slice(&note);
    draw.extend_from_slice(&["draw", "--seed", "11111 22222 33333 44444"]);
    ok(d, &draw);

    let args = ["plan", "--demo", "--units", COUNTY, "--quarter", "2023Q2", "--year-dir", "year", "--seed", "20230401"];
    let refused = ssj(d, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains(&object) && refused.stderr.contains("注销公告 2023-9"), "{}", refused.stderr);
    assert!(!d.join("year/2023Q2/plan.json").exists());

    let mut reinstated = args.to_vec();
    reinstated.extend_from_slice(&["--reinstated", &object]);
    let run = ssj(d, &reinstated);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{object} reinstated")), "{}", run.stderr);

    let mut wrong = args.to_vec();
    wrong.extend_from_slice(&["--reinstated", "NOT-CLOSED"]);
    let run = ssj(d, &wrong);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--reinstated NOT-CLOSED"), "{}", run.stderr);
}

/// Results dated after their month (January's tasks recorded on 02-10)
/// replace January's plan in the history, and February still counts those
/// objects as drawn by an earlier month: it draws the same objects as
/// without the results, none of January's again.
#[test]
fn results_recorded_a_month_late_draw_nothing_twice() {
    let february = |late_results: bool| -> Value {
        let dir = tmp();
        let d = dir.path();
        plan_demo_county(d, "2023Q1", &["--month", "1", "--seed", "20230101"]);
        let m01 = d.join("year/2023Q1/m01");
        let january = json(&m01.join("plan.json"));
        if late_results {
            let results: Vec<Value> = january["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "object": t["object"], "unit": t["unit"], "date": "2023-02-10",
                        "form": t["mode"], "items_checked": ["排污许可"], "outcome": "未发现问题",
                        "inspectors": t["visit"]["officers"],
                    })
                })
                .collect();
            fs::write(m01.join("results.json"), serde_json::to_string(&results).unwrap()).unwrap();
        }
        plan_demo_county(d, "2023Q1", &["--month", "2", "--seed", "20230201"]);
        let feb = json(&d.join("year/2023Q1/m02/plan.json"));
        let drawn_in_january: Vec<&Value> = january["tasks"].as_array().unwrap().iter().map(|t| &t["object"]).collect();
        for t in feb["tasks"].as_array().unwrap() {
            assert!(!drawn_in_january.contains(&&t["object"]), "{} drawn again in February", t["object"]);
        }
        feb
    };
    let (on_time, late) = (february(false), february(true));
    let objects = |plan: &Value| -> Vec<Value> {
        plan["tasks"].as_array().unwrap().iter().map(|t| t["object"].clone()).collect()
    };
    assert_eq!(objects(&late), objects(&on_time), "late results change nothing February draws");
    for (a, b) in late["strata"].as_array().unwrap().iter().zip(on_time["strata"].as_array().unwrap()) {
        assert_eq!(a["month_share"], b["month_share"], "{}", a["stratum"]);
    }
}

/// A year folder whose earlier quarter has no plan is refused, naming it:
/// its history would say that quarter drew nothing. `--allow-gap` plans
/// anyway, and the plan records why.
#[test]
fn a_missing_earlier_plan_is_refused_unless_allowed_and_recorded() {
    let dir = tmp();
    let d = dir.path();
    plan_demo_county(d, "2023Q1", &["--seed", "20230101"]);
    plan_demo_county(d, "2023Q2", &["--seed", "20230401"]);
    fs::remove_file(d.join("year/2023Q1/plan.json")).unwrap();
    let args = ["plan", "--demo", "--units", COUNTY, "--quarter", "2023Q3", "--year-dir", "year", "--seed", "20230701"];
    let Run { code, stderr, .. } = ssj(d, &args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no plan for 2023Q1 before --quarter 2023Q3"), "{stderr}");
    assert!(!d.join("year/2023Q3/plan.json").exists(), "nothing written");
    let mut allowed = args.to_vec();
    allowed.extend(["--allow-gap", "2023Q1 was planned on paper before the platform"]);
    ok(d, &allowed);
    // A re-run of the same period asks again: its own plan excuses nothing.
    ok(d, &allowed);
    assert_eq!(ssj(d, &args).code, 2, "without the flag the re-run is refused");
    let plan = json(&d.join("year/2023Q3/plan.json"));
    let assumptions = plan["assumptions"].to_string();
    assert!(assumptions.contains("2023Q1") && assumptions.contains("planned on paper"), "{assumptions}");
    // The next quarter is not asked again: 2023Q3's plan allowed the gap.
    ok(d, &["plan", "--demo", "--units", COUNTY, "--quarter", "2023Q4", "--year-dir", "year", "--seed", "20231001"]);
    // A document in force from 2021-06-29 (Wangcheng) asks for no plan of
    // the quarter it took effect in.
    ok(
        d,
        &[
            "plan",
            "--demo",
            "--policy",
            "wangcheng",
            "--units",
            COUNTY,
            "--quarter",
            "2021Q3",
            "--month",
            "7",
            "--year-dir",
            "wc",
            "--seed",
            "1",
        ],
    );
    // Nothing missing: the flag allows nothing, and says so.
    let Run { code, stderr, .. } = ssj(
        d,
        &["plan", "--demo", "--units", COUNTY, "--quarter", "2023Q1", "--year-dir", "again", "--allow-gap", "x"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("--allow-gap does not apply"), "{stderr}");
}

/// The prefecture's 2023Q1 plan filed under the county's `2023Q1/other/`
/// still counts when the county plans 2023Q2: the same plan as when the
/// file is given with --history.
#[test]
fn an_earlier_quarters_other_level_plan_counts_as_with_history() {
    let dir = tmp();
    let d = dir.path();
    let other = d.join("year/2023Q1/other");
    fs::create_dir_all(&other).unwrap();
    let pref = p(&other, "prefecture.json");
    ok(
        d,
        &["plan", "--demo", "--policy", "changji-prefecture", "--quarter", "2023Q1", "--seed", "1111", "--out", &pref],
    );
    plan_demo_county(d, "2023Q1", &["--seed", "20230101"]);
    let q2 = |extra: &[&str]| -> Value {
        let mut args = vec!["plan", "--demo", "--units", COUNTY, "--quarter", "2023Q2", "--seed", "20230401"];
        args.extend_from_slice(extra);
        args.extend(["--format", "json", "--out", "-"]);
        serde_json::from_str(&ok(d, &args)).unwrap()
    };
    let from_folder = q2(&["--year-dir", "year"]);
    fs::rename(&pref, d.join("prefecture.json")).unwrap();
    let county_q1 = p(&d.join("year/2023Q1"), "plan.json");
    let from_history = q2(&["--history", &county_q1, "--history", &p(d, "prefecture.json")]);
    assert_eq!(from_folder["strata"], from_history["strata"]);
    assert_eq!(from_folder["tasks"], from_history["tasks"]);
    let without = q2(&["--history", &county_q1]);
    assert_ne!(without["strata"], from_history["strata"], "the prefecture's visits must matter here");
}

/// One duty of the agenda's JSON: due, window start, what, state.
type Item = (String, Option<String>, String, String);

/// The agenda's exit code and duties.
fn agenda_items(d: &Path, folder: &str, today: &str) -> (i32, Vec<Item>) {
    let Run { code, stdout, stderr } = ssj(d, &["agenda", "--year-dir", folder, "--today", today, "--format", "json"]);
    assert!(code == 0 || code == 1, "{stderr}");
    let a: Value = serde_json::from_str(&stdout).unwrap();
    let items = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["due"].as_str().unwrap().to_owned(),
                i["window_start"].as_str().map(str::to_owned),
                i["what"].as_str().unwrap().to_owned(),
                i["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (code, items)
}

/// A Changji county's year: 000 §七（四） "每季度结束前的5日内…填报《生态环境
/// “双随机、一公开”情况统计表》,于每年11月30日前上报年度工作总结" — four
/// windows of the quarter's last five days and the summary by 11-30; the
/// prefecture's summary (12-05) binds the prefecture, not the county.
#[test]
fn the_agenda_of_a_changji_county_year_keeps_the_documents_dates() {
    let dir = tmp();
    let d = dir.path();
    for q in 1..=4 {
        plan_demo_county(d, &format!("2023Q{q}"), &["--seed", &format!("2023{q}0101")]);
    }
    fs::write(
        d.join("year/duties-done.json"),
        r#"[{"what": "填报《生态环境“双随机、一公开”情况统计表》", "due": "2023-03-31", "done": "2023-03-29"}]"#,
    )
    .unwrap();
    let (code, items) = agenda_items(d, "year", "2023-11-20");
    assert_eq!(code, 1, "two statistics forms were never recorded: overdue");
    let form = "填报《生态环境“双随机、一公开”情况统计表》（县市、园区）";
    let expected = [
        ("2023-03-31", Some("2023-03-27"), form, "done"),
        ("2023-06-30", Some("2023-06-26"), form, "overdue"),
        ("2023-09-30", Some("2023-09-26"), form, "overdue"),
        ("2023-11-30", None, "上报年度工作总结（县市、园区）", "due"),
        ("2023-12-31", Some("2023-12-27"), form, "upcoming"),
    ];
    let got: Vec<(&str, Option<&str>, &str, &str)> =
        items.iter().map(|(a, b, c, s)| (a.as_str(), b.as_deref(), c.as_str(), s.as_str())).collect();
    assert_eq!(got, expected);
    let quote = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shuangsuiji/src/rules/documents/changji-2023.toml"),
    )
    .unwrap();
    assert!(quote.contains("每季度结束前的5日内") && quote.contains("于每年11月30日前上报年度工作总结"));
    // Every month of the year has its plan (a monthly document drawn a quarter at once).
    let Run { stdout, .. } = ssj(d, &["agenda", "--year-dir", "year", "--today", "2023-11-20"]);
    assert!(stdout.contains("periods with a plan filed: 12 of 12"), "{stdout}");
}

/// A Wangcheng year: 003 四（一）2 "每月27日前将下月检查计划、每月4日前将上月检查
/// 计划落实情况报…" — 24 dates; the next month's plan is shown done by the plan
/// that covers it, last month's report by its results.
#[test]
fn the_agenda_of_a_wangcheng_year_keeps_the_documents_dates() {
    let dir = tmp();
    let d = dir.path();
    let plan = |quarter: &str| {
        ok(
            d,
            &[
                "plan",
                "--demo",
                "--policy",
                "wangcheng",
                "--units",
                COUNTY,
                "--quarter",
                quarter,
                "--year-dir",
                "wy",
                "--seed",
                "1",
            ],
        )
    };
    plan("2023Q1");
    plan("2023Q2");
    // Every February task has its result.
    let q1 = d.join("wy/2023Q1");
    let tasks = json(&q1.join("plan.json"))["tasks"].as_array().unwrap().clone();
    let results: Vec<Value> = tasks
        .iter()
        .filter(|t| t["month"] == 2)
        .map(|t| {
            serde_json::json!({"object": t["object"], "unit": t["unit"], "date": "2023-02-20", "form": t["mode"],
                "items_checked": ["x"], "outcome": "未发现问题", "inspectors": t["visit"]["officers"]})
        })
        .collect();
    fs::write(q1.join("results.json"), serde_json::to_string(&results).unwrap()).unwrap();
    let (_, items) = agenda_items(d, "wy", "2023-06-10");
    let plans: Vec<(&str, &str)> =
        items.iter().filter(|i| i.2.contains("下月检查计划")).map(|i| (i.0.as_str(), i.3.as_str())).collect();
    let reports: Vec<(&str, &str)> =
        items.iter().filter(|i| i.2.contains("上月检查计划落实情况")).map(|i| (i.0.as_str(), i.3.as_str())).collect();
    let months = |day: u32| -> Vec<String> { (1..=12).map(|m| format!("2023-{m:02}-{day:02}")).collect() };
    assert_eq!(plans.iter().map(|p| p.0.to_owned()).collect::<Vec<_>>(), months(27));
    assert_eq!(reports.iter().map(|p| p.0.to_owned()).collect::<Vec<_>>(), months(4));
    // Plans for February to June are filed (Q1 and Q2): the 27ths of January
    // to May are done; June's (for July) is due; later ones upcoming.
    let states: Vec<&str> = plans.iter().map(|p| p.1).collect();
    assert_eq!(
        states,
        [
            "done", "done", "done", "done", "done", "due", "upcoming", "upcoming", "upcoming", "upcoming", "upcoming",
            "upcoming"
        ]
    );
    // March 4th reports on February, whose results are all in; the others are not.
    assert_eq!(reports[2].1, "done", "{reports:?}");
    assert_eq!(reports[1].1, "overdue", "{reports:?}");
}

/// `ssj commit` for the demo county under `policy`, dated `date`, with
/// `extra` flags.
fn commit(d: &Path, policy: &str, quarter: &str, date: &str, extra: &[&str]) -> Run {
    let mut args = vec!["commit", "--demo", "--policy", policy, "--units", "changji/hitech", "--quarter", quarter];
    args.extend([
        "--authority",
        "昌吉高新区生态环境局",
        "--date",
        date,
        "--seed-source",
        "dice",
        "--seed-digits",
        "20",
    ]);
    args.extend(["--seed-announced", "twenty dice", "--out", "c.json", "--save-request", "r.json"]);
    args.extend_from_slice(extra);
    ssj(d, &args)
}

/// 004 二（四）: the next quarter's list "应于每季度结束前5个工作日内确定" —
/// for 2023Q2, 2023-03-27 to 03-31 (Monday to Friday). Without a document
/// day (Changji's county policy) the list comes before the quarter begins.
/// Outside, a commitment needs its reason, which the plan then shows.
#[test]
fn a_commitment_is_dated_inside_its_documents_window_or_says_why() {
    let dir = tmp();
    let d = dir.path();
    for (date, inside) in [("2023-03-24", false), ("2023-03-27", true), ("2023-03-31", true), ("2023-04-03", false)] {
        let Run { code, stderr, .. } = commit(d, "changji-hitech", "2023Q2", date, &[]);
        assert_eq!(code == 0, inside, "{date}: {stderr}");
        if !inside {
            assert!(stderr.contains("from 2023-03-27 by 2023-03-31 (Changji Hi-tech Zone 2023 二（四）)"), "{stderr}");
            assert!(stderr.contains("--outside-window-reason"), "{stderr}");
        }
    }
    let Run { code, stderr, .. } =
        commit(d, "changji-hitech", "2023Q2", "2023-03-28", &["--outside-window-reason", "x"]);
    assert_eq!(code, 2, "a reason inside the window is refused");
    assert!(stderr.contains("needs no reason"), "{stderr}");
    // The county's own policy sets no day: by the day before the quarter.
    let Run { code, stderr, .. } = commit(d, "changji-county", "2023Q2", "2023-05-20", &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("by 2023-03-31 (before the period begins"), "{stderr}");
    let reason = "名单于省平台故障修复后确定";
    let Run { code, stderr, .. } =
        commit(d, "changji-county", "2023Q2", "2023-05-20", &["--outside-window-reason", reason]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json(&d.join("r.json"))["committed"]["outside_window"], reason);
    ok(
        d,
        &[
            "plan",
            "--request",
            "r.json",
            "--commitment",
            "c.json",
            "--seed",
            "73059812460917733531",
            "--out",
            "p.json",
            "--report",
            "p.html",
        ],
    );
    assert_eq!(json(&d.join("p.json"))["outside_window"], reason);
    assert!(fs::read_to_string(d.join("p.html")).unwrap().contains(reason));
    // The reason is inside the digest: edited after the commitment, the
    // request is no longer the one committed.
    let edited = fs::read_to_string(d.join("r.json")).unwrap().replace(reason, "另一个理由");
    fs::write(d.join("r2.json"), edited).unwrap();
    let Run { code, stderr, .. } = ssj(
        d,
        &[
            "plan",
            "--request",
            "r2.json",
            "--commitment",
            "c.json",
            "--seed",
            "73059812460917733531",
            "--out",
            "p2.json",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
}

/// The outside check's county (3 officers, key 40, special 14, general 600)
/// as the CSV files a bureau keeps: `ssj staffing` answers 12 officers at
/// capacity 8 and 67 at capacity 5 — whatever the trial seed, and says so.
#[test]
fn staffing_answers_12_at_capacity_8_and_67_at_5_from_the_command_line() {
    let dir = tmp();
    let d = dir.path();
    fs::create_dir(d.join("registry")).unwrap();
    for (file, text) in shuangsuiji_io::write::registry_csv(&shuangsuiji::sample::county(40, 14, 600, 3)) {
        fs::write(d.join("registry").join(file), text).unwrap();
    }
    let needed = |capacity: &str, seed: &str| -> Value {
        let out = ok(
            d,
            &[
                "staffing",
                "--registry",
                "registry",
                "--policy",
                "changji-county",
                "--quarter",
                "2023Q1",
                "--units",
                "changji/hutubi",
                "--capacity",
                capacity,
                "--seed",
                seed,
                "--format",
                "json",
            ],
        );
        let answer: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(answer["seed"], seed);
        assert_eq!(answer["units"][0]["seed_matters"], false, "no recusals, pools or campaigns");
        answer["units"][0]["officers_needed"].clone()
    };
    assert_eq!(needed("8", "20230101"), 12);
    assert_eq!(needed("8", "another"), 12);
    assert_eq!(needed("5", "20230101"), 67);
    let table = ok(
        d,
        &[
            "staffing",
            "--registry",
            "registry",
            "--policy",
            "changji-county",
            "--quarter",
            "2023Q1",
            "--units",
            "changji/hutubi",
            "--capacity",
            "8",
        ],
    );
    assert!(table.contains("trial draws with seed 1"), "the analysis seed is named: {table}");
    assert!(table.contains("today's staff (own capacities)"), "{table}");
}

/// Two runs planning into one year folder at once: the second waits for
/// the first (the folder's lock), so neither reads the folder while the
/// other writes it. Both finish, and the folder holds one run's whole set.
#[test]
fn two_runs_at_once_in_one_year_folder_both_finish() {
    let dir = tmp();
    let d = dir.path().to_path_buf();
    plan_demo_county(&d, "2023Q1", &["--seed", "1"]);
    for round in 0..6 {
        let runs: Vec<_> = [format!("2{round}"), format!("3{round}")]
            .into_iter()
            .map(|seed| {
                let d = d.clone();
                std::thread::spawn(move || {
                    let args = [
                        "plan",
                        "--demo",
                        "--units",
                        COUNTY,
                        "--quarter",
                        "2023Q2",
                        "--year-dir",
                        "year",
                        "--seed",
                        &seed,
                    ];
                    ssj(&d, &args)
                })
            })
            .collect();
        for run in runs {
            let Run { code, stderr, .. } = run.join().unwrap();
            assert_eq!(code, 0, "round {round}: {stderr}");
        }
        let here = d.join("year/2023Q2");
        ok(&d, &["verify", "--plan", &p(&here, "plan.json"), "--request", &p(&here, "request.json")]);
    }
}
