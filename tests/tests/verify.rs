#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `verify_plan`, the public draw record and its independent Python check,
//! and `ssj verify` / `ssj draw-record`: every single-field tamper of the
//! request or the plan is caught and named; reordering records is not a
//! change.

use std::path::{Path, PathBuf};
use std::process::Command;

use shuangsuiji::audit::draw_record::{public_draw_record, DrawRecord};
use shuangsuiji::audit::verify::Difference;
use shuangsuiji::model::{Category, Inspection, Status};
use shuangsuiji::plan::{plan_quarter, QuarterPlan, Visit};
use shuangsuiji::request::commitment_digest;
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules;
use shuangsuiji::{verify_plan, VerifyError};

const SEED: &str = "20230101-7305981246";

fn demo(quarter: &str) -> PlanRequest {
    shuangsuiji_tests::demo_request(rules::preset("changji-county").unwrap(), quarter.parse().unwrap(), SEED)
}

fn demo_plan() -> (PlanRequest, QuarterPlan) {
    let request = demo("2023Q1");
    let plan = plan_quarter(&request).unwrap();
    (request, plan)
}

fn differences(result: Result<(), VerifyError>) -> Vec<Difference> {
    match result {
        Err(VerifyError::Differs(d)) => d,
        other => panic!("expected differences, got {other:?}"),
    }
}

fn assert_commitment_mismatch(plan: &QuarterPlan, request: &PlanRequest, what: &str) {
    match verify_plan(plan, request) {
        Err(e @ VerifyError::CommitmentMismatch { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("not those the plan was drawn from"), "{what}: {msg}");
            assert!(msg.contains(&plan.commitment), "{what}: {msg}");
        }
        other => panic!("{what}: expected a commitment mismatch, got {other:?}"),
    }
}

#[test]
fn a_plan_verifies_against_its_request() {
    let (request, plan) = demo_plan();
    assert_eq!(verify_plan(&plan, &request), Ok(()));
}

#[test]
fn reordering_every_record_of_the_request_or_the_plan_still_verifies() {
    let (request, plan) = demo_plan();
    let mut r = request.clone();
    r.registry.objects.reverse();
    r.registry.objects.rotate_left(17);
    r.registry.inspectors.reverse();
    r.registry.jurisdictions.reverse();
    r.units.reverse();
    assert_eq!(verify_plan(&plan, &r), Ok(()));

    let mut p = plan.clone();
    p.tasks.reverse();
    p.strata.reverse();
    assert_eq!(verify_plan(&p, &request), Ok(()));
}

#[test]
fn reordering_history_still_verifies() {
    let mut request = demo("2023Q2");
    request.history = shuangsuiji_io::synth::national_history(&request.registry, 2023, 1, 11);
    assert!(!request.history.is_empty());
    let plan = plan_quarter(&request).unwrap();
    let mut r = request.clone();
    r.history.reverse();
    for i in &mut r.history {
        i.inspectors.reverse();
    }
    assert_eq!(verify_plan(&plan, &r), Ok(()));
}

#[test]
fn every_single_field_change_of_the_request_breaks_the_commitment_but_the_seed_does_not() {
    let (request, plan) = demo_plan();
    let eligible = |r: &PlanRequest| r.registry.objects.iter().position(|o| o.status.is_eligible()).unwrap();
    let mut cases: Vec<(&str, PlanRequest)> = Vec::new();

    let mut r = request.clone();
    let i = eligible(&r);
    r.registry.objects[i].category =
        if r.registry.objects[i].category == Category::Key { Category::General } else { Category::Key };
    cases.push(("object category", r));

    let mut r = request.clone();
    let i = eligible(&r);
    r.registry.objects[i].status = Status::Relocated;
    cases.push(("object status", r));

    let mut r = request.clone();
    let i = eligible(&r);
    let other = r.units.iter().find(|u| **u != r.registry.objects[i].jurisdiction).unwrap().clone();
    r.registry.objects[i].jurisdiction = other.into();
    cases.push(("object jurisdiction", r));

    let mut r = request.clone();
    r.registry.inspectors[0].quarterly_capacity += 1;
    cases.push(("inspector capacity", r));

    let mut r = request.clone();
    let object = plan.tasks[0].object.clone();
    r.registry.inspectors[0].recusals.insert(object);
    cases.push(("inspector recusal", r));

    let mut r = request.clone();
    let mut policy = serde_json::to_value(&r.policy).unwrap();
    assert!(bump_first_percent(&mut policy), "the policy has a percent");
    r.policy = serde_json::from_value(policy).unwrap();
    cases.push(("policy percent", r));

    let mut r = request.clone();
    let o = &r.registry.objects[eligible(&r)];
    r.history.push(Inspection::random(o.id.clone(), o.jurisdiction.clone(), "2023-01-10".parse().unwrap()));
    cases.push(("history", r));

    let mut r = request.clone();
    r.quarter = "2023Q2".parse().unwrap();
    cases.push(("quarter", r));

    for (what, r) in &cases {
        assert_commitment_mismatch(&plan, r, what);
    }

    // The seed is the one input the commitment leaves out: a changed seed
    // keeps the commitment and shows as a different draw.
    let mut r = request.clone();
    r.seed.push('7');
    assert_eq!(commitment_digest(&r), plan.commitment);
    let d = differences(verify_plan(&plan, &r));
    assert!(d.iter().any(|d| matches!(d, Difference::Header { field: "seed", .. })), "{d:?}");
}

/// Adds 1 to the first `percent` number found in a JSON value.
fn bump_first_percent(v: &mut serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(p) = map.get_mut("percent") {
                if let Some(n) = p.as_f64() {
                    *p = serde_json::json!(n + 1.0);
                    return true;
                }
            }
            map.values_mut().any(bump_first_percent)
        }
        serde_json::Value::Array(a) => a.iter_mut().any(bump_first_percent),
        _ => false,
    }
}

#[test]
fn a_forged_digest_does_not_hide_a_changed_request() {
    // Someone edits the request and writes its digest into the plan: the
    // re-derived plan then names what the change alters.
    let (request, plan) = demo_plan();

    let mut r = request.clone();
    r.seed = "another-seed".into();
    let mut p = plan.clone();
    p.commitment = commitment_digest(&r);
    let d = differences(verify_plan(&p, &r));
    assert!(d.iter().any(|d| matches!(d, Difference::Header { field: "seed", .. })), "{d:?}");
    assert!(d.iter().any(|d| matches!(d, Difference::Stratum { field: "seed_string", .. })), "{d:?}");

    let mut r = request.clone();
    let key = r
        .registry
        .objects
        .iter()
        .position(|o| {
            o.status.is_eligible() && o.category == Category::Key && !plan.tasks.iter().any(|t| t.object == o.id)
        })
        .unwrap();
    let unit = r.registry.objects[key].jurisdiction.clone();
    r.registry.objects[key].category = Category::General;
    let mut p = plan.clone();
    p.commitment = commitment_digest(&r);
    let d = differences(verify_plan(&p, &r));
    let key_stratum = format!("{unit}/pollution/key");
    assert!(
        d.iter()
            .any(|d| matches!(d, Difference::Stratum { stratum, field: "eligible", .. } if *stratum == key_stratum)),
        "{d:?}"
    );
}

#[test]
fn a_changed_ticket_is_named_with_its_task() {
    let (request, mut plan) = demo_plan();
    let t = &mut plan.tasks[3];
    let (unit, object) = (t.unit.clone(), t.object.clone());
    t.covers[0].ticket = "0.1".into();
    let d = differences(verify_plan(&plan, &request));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        matches!(&d[0], Difference::Task { unit: u, object: o, field: "covers", .. } if *u == unit && *o == object),
        "{d:?}"
    );
    assert!(d[0].to_string().contains("ticket"), "{}", d[0]);
}

#[test]
fn a_changed_officer_is_named() {
    let (request, mut plan) = demo_plan();
    let i = plan.tasks.iter().position(|t| matches!(t.visit, Visit::Own { .. })).unwrap();
    let unit = plan.tasks[i].unit.clone();
    let team = plan.tasks[i].officers().to_vec();
    let other = request
        .registry
        .inspectors
        .iter()
        .find(|p| p.jurisdiction == unit && p.is_certified_officer() && !team.contains(&p.id))
        .unwrap()
        .id
        .clone();
    if let Visit::Own { officers, .. } = &mut plan.tasks[i].visit {
        officers[0] = other.clone();
    }
    let d = differences(verify_plan(&plan, &request));
    assert_eq!(d.len(), 1, "{d:?}");
    match &d[0] {
        Difference::Task { field: "officers", found, expected, .. } => {
            assert!(found.contains(&other));
            assert!(!expected.contains(&other));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_month_is_named() {
    let (request, mut plan) = demo_plan();
    let t = &mut plan.tasks[0];
    t.month = if t.month == 1 { 2 } else { 1 };
    let d = differences(verify_plan(&plan, &request));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(matches!(&d[0], Difference::Task { field: "month", .. }), "{d:?}");
    assert!(d[0].to_string().contains("month should be"), "{}", d[0]);
}

#[test]
fn a_removed_or_duplicated_task_is_named() {
    let (request, plan) = demo_plan();
    let mut p = plan.clone();
    let gone = p.tasks.remove(5);
    let d = differences(verify_plan(&p, &request));
    assert_eq!(d, vec![Difference::TaskMissing { unit: gone.unit.to_string(), object: gone.object.clone() }]);
    let msg = VerifyError::Differs(d).to_string();
    assert!(msg.contains(&gone.object) && msg.contains("missing from the plan"), "{msg}");

    let mut p = plan.clone();
    p.tasks.push(p.tasks[2].clone());
    let d = differences(verify_plan(&p, &request));
    assert_eq!(
        d,
        vec![Difference::TaskExtra { unit: plan.tasks[2].unit.to_string(), object: plan.tasks[2].object.clone() }]
    );
}

#[test]
fn header_and_stratum_changes_of_the_plan_are_named() {
    let (request, plan) = demo_plan();
    let mut p = plan.clone();
    p.seed = "x".into();
    let d = differences(verify_plan(&p, &request));
    assert!(matches!(&d[..], [Difference::Header { field: "seed", .. }]), "{d:?}");

    let mut p = plan.clone();
    p.strata[1].required += 1;
    let name = p.strata[1].stratum.to_string();
    let d = differences(verify_plan(&p, &request));
    assert!(matches!(&d[..], [Difference::Stratum { stratum, field: "required", .. }] if *stratum == name), "{d:?}");

    let mut p = plan.clone();
    p.commitment = "0".repeat(64);
    assert!(matches!(verify_plan(&p, &request), Err(VerifyError::CommitmentMismatch { .. })));
}

#[test]
fn an_unplannable_request_is_reported() {
    let (mut request, mut plan) = demo_plan();
    request.seed = " ".into();
    plan.commitment = commitment_digest(&request);
    assert!(matches!(verify_plan(&plan, &request), Err(VerifyError::Replan(_))));
}

// ---- the public draw record and the independent Python checker ----

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ssj-verify-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn python_check(record: &Path) -> (i32, String) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap();
    let out = Command::new("python3")
        .arg(manifest.join("reference/draw_record_check.py"))
        .arg(record)
        .current_dir(root)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn write_record(dir: &Path, name: &str, record: &DrawRecord) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(record).unwrap()).unwrap();
    path
}

#[test]
fn the_draw_record_is_re_derived_by_the_python_checker() {
    let (request, plan) = demo_plan();
    let record = public_draw_record(&plan, &request, None);
    assert_eq!(record.commitment, plan.commitment);
    assert_eq!(record.request_commitment, plan.commitment);
    assert_eq!(record.strata.len(), plan.strata.len());
    let drawn: usize = record.strata.iter().map(|s| s.drawn.len()).sum();
    let covers: usize = plan.tasks.iter().map(|t| t.covers.len()).sum();
    assert_eq!(drawn, covers);
    for s in &record.strata {
        let mut sorted = s.population.clone();
        sorted.sort();
        assert_eq!(s.population, sorted);
    }
    let dir = temp_dir("record");
    let (code, text) = python_check(&write_record(&dir, "record.json", &record));
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("OK"), "{text}");
    assert!(record.to_markdown().contains(&record.strata[0].seed_string));
}

#[test]
fn the_record_lists_who_was_inspected_where_they_are_drawn_last_and_still_checks() {
    let mut request = demo("2023Q2");
    request.history = shuangsuiji_io::synth::national_history(&request.registry, 2023, 1, 5);
    let plan = plan_quarter(&request).unwrap();
    let record = public_draw_record(&plan, &request, None);
    assert!(record.strata.iter().any(|s| s.uninspected_first && !s.inspected_this_year.is_empty()));
    assert!(record.strata.iter().filter(|s| !s.uninspected_first).all(|s| s.inspected_this_year.is_empty()));
    let dir = temp_dir("record-history");
    let (code, text) = python_check(&write_record(&dir, "record.json", &record));
    assert_eq!(code, 0, "{text}");

    // Without the inspected list the checker orders differently somewhere.
    let mut bare = record.clone();
    for s in &mut bare.strata {
        s.inspected_this_year.clear();
    }
    let (code, text) = python_check(&write_record(&dir, "bare.json", &bare));
    assert_eq!(code, 1, "{text}");
}

#[test]
fn a_tampered_record_or_a_record_of_a_tampered_plan_fails_the_check() {
    let (request, plan) = demo_plan();
    let record = public_draw_record(&plan, &request, None);
    let dir = temp_dir("record-tampered");

    // Swap a drawn object for one that was not drawn.
    let mut r = record.clone();
    let s = r.strata.iter_mut().find(|s| !s.drawn.is_empty() && s.population.len() > s.drawn.len()).unwrap();
    let name = s.stratum.clone();
    let undrawn = s.population.iter().find(|id| !s.drawn.iter().any(|d| &d.id == *id)).unwrap().clone();
    s.drawn[0].id = undrawn.clone();
    let (code, text) = python_check(&write_record(&dir, "swap.json", &r));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains(&name) && text.contains(&undrawn), "{text}");

    // A changed ticket.
    let mut r = record.clone();
    let s = r.strata.iter_mut().find(|s| !s.drawn.is_empty()).unwrap();
    s.drawn[0].ticket = "0.5".into();
    let (code, text) = python_check(&write_record(&dir, "ticket.json", &r));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("ticket of"), "{text}");

    // An object removed from a population.
    let mut r = record.clone();
    let s = r.strata.iter_mut().find(|s| !s.drawn.is_empty()).unwrap();
    let first = s.drawn[0].id.clone();
    s.population.retain(|id| *id != first);
    let (code, text) = python_check(&write_record(&dir, "population.json", &r));
    assert_eq!(code, 1, "{text}");

    // The record of a plan whose ticket was edited.
    let mut p = plan.clone();
    p.tasks[0].covers[0].ticket = "0.0001".into();
    let (code, text) = python_check(&write_record(&dir, "plan.json", &public_draw_record(&p, &request, None)));
    assert_eq!(code, 1, "{text}");
}

#[test]
fn the_record_holds_nothing_confidential() {
    let (request, plan) = demo_plan();
    let json = serde_json::to_string(&public_draw_record(&plan, &request, None)).unwrap();
    // Officer ids are public (行政执法公示) and needed to re-derive the teams;
    // names, departments and reasons are not.
    for p in &request.registry.inspectors {
        assert!(!json.contains(&p.name), "inspector name {} in the record", p.name);
        if let Some(d) = &p.department {
            assert!(!json.contains(&format!("\"{d}\"")), "department {d} in the record");
        }
    }
    for word in
        ["recusal", "credit", "complaints", "violation", "object_name", "reason", "department", "years_of_service"]
    {
        assert!(!json.contains(word), "`{word}` in the record");
    }
    for t in plan.tasks.iter().take(20) {
        assert!(!json.contains(&t.object_name), "object name {} in the record", t.object_name);
    }
}

// ---- the command ----

#[test]
fn ssj_verify_and_draw_record_commands() {
    use ssj::cli::{run, Cli, Command as Cmd};
    use ssj::commands::draw_record::DrawRecordArgs;
    use ssj::commands::verify::VerifyArgs;

    let (request, plan) = demo_plan();
    let dir = temp_dir("cli");
    let req = dir.join("request.json");
    let good = dir.join("plan.json");
    std::fs::write(&req, serde_json::to_string(&request).unwrap()).unwrap();
    std::fs::write(&good, serde_json::to_string(&plan).unwrap()).unwrap();

    let mut out = Vec::new();
    let cli = Cli {
        encoding: Default::default(),
        bureau: None,
        command: Cmd::Verify(VerifyArgs {
            plan: Some(good.clone()),
            log: None,
            request: req.clone(),
            commitment: None,
            head: None,
            register: None,
            register_head: None,
            lang: ssj::input::LangArg::En,
        }),
    };
    run(cli, &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().starts_with("verified"));

    let mut bad_plan = plan.clone();
    bad_plan.tasks[0].month = if bad_plan.tasks[0].month == 1 { 3 } else { 1 };
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_string(&bad_plan).unwrap()).unwrap();
    let cli = Cli {
        encoding: Default::default(),
        bureau: None,
        command: Cmd::Verify(VerifyArgs {
            plan: Some(bad),
            log: None,
            request: req.clone(),
            commitment: None,
            head: None,
            register: None,
            register_head: None,
            lang: ssj::input::LangArg::En,
        }),
    };
    let err = run(cli, &mut Vec::new()).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("month should be"), "{err}");

    let record = dir.join("record.json");
    let markdown = dir.join("record.md");
    let cli = Cli {
        encoding: Default::default(),
        bureau: None,
        command: Cmd::DrawRecord(DrawRecordArgs {
            plan: good,
            request: req,
            log: None,
            out: Some(record.clone()),
            markdown: Some(markdown.clone()),
        }),
    };
    run(cli, &mut Vec::new()).unwrap();
    assert!(std::fs::read_to_string(&markdown).unwrap().starts_with("# Draw record 2023Q1"));
    let (code, text) = python_check(&record);
    assert_eq!(code, 0, "{text}");
}

/// Twelve officers of capacity 8 for 47 visits a quarter (94 of 96
/// officer-visits): the teams that keep every later visit staffable are
/// re-derived by the Python checker's own maximum flow, quarter by quarter.
#[test]
fn tight_teams_are_re_derived_by_the_python_checker() {
    use shuangsuiji::analysis::staffing::with_officers;
    use shuangsuiji::publish::year::history_from_plan;
    let dir = temp_dir("tight");
    // Under these seeds the ranked pick alone corners a later visit (in
    // 2023Q1, Q1 and Q2): the checker without its flow refuses them.
    for k in [4, 5, 9] {
        let base = PlanRequest::new(
            shuangsuiji::sample::county(40, 14, 600, 3),
            rules::preset("changji-county").unwrap(),
            vec![shuangsuiji::sample::COUNTY.into()],
            "2023Q1".parse().unwrap(),
            format!("2023-h6-{k}"),
        );
        let mut request = with_officers(&base, shuangsuiji::sample::COUNTY, 12, 8);
        for q in 1..=4 {
            request.quarter = format!("2023Q{q}").parse().unwrap();
            let plan = plan_quarter(&request).unwrap();
            let record = public_draw_record(&plan, &request, None);
            let path = write_record(&dir, &format!("h6-{k}-{q}.json"), &record);
            let (code, text) = python_check(&path);
            assert_eq!(code, 0, "seed {k}, 2023Q{q}: {text}");
            request.history.extend(history_from_plan(&plan, &[]));
        }
    }
}
