//! A member a format does not have is refused at every depth (issue 32,
//! findings 4 and 8): a reader that ignored it would hash, verify and
//! publish a file that says something the format cannot, and a digest
//! computed per the docs (over the bytes as written) would disagree with
//! the one computed over the value read.
//!
//! For every JSON object inside a request, a commitment, a plan and an
//! amendment log — the policy of every preset included, with its tiers,
//! matters, readings and tagged variants such as `counted: {kind: …}` — the
//! test adds one member and reads the file again: it must be refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use chrono::Datelike;
use serde::de::DeserializeOwned;
use serde_json::Value;
use shuangsuiji::audit::amend::{Note, PlanLog};
use shuangsuiji::audit::commitment::{commit, Commitment};
use shuangsuiji::model::{Level, Quarter, Status};
use shuangsuiji::plan::{plan_quarter, QuarterPlan};
use shuangsuiji::request::{PlanRequest, SeedRule, SeedSource};
use shuangsuiji::rules::{self, PolicyLevel};

/// A path to one JSON object in `value` of each shape: its path with list
/// positions left out, its variant (`kind`, `type`) and its members (a
/// registry repeats one shape thousands of times).
fn object_paths(value: &Value, path: &mut Vec<String>, shapes: &mut HashSet<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            let tag = ["kind", "type"].iter().find_map(|t| map.get(*t));
            let steps: Vec<&str> = path.iter().filter(|s| s.parse::<usize>().is_err()).map(String::as_str).collect();
            if shapes.insert(format!("{steps:?}{tag:?}{:?}", map.keys().collect::<Vec<_>>())) {
                out.push(path.clone());
            }
            for (name, member) in map {
                path.push(name.clone());
                object_paths(member, path, shapes, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                object_paths(item, path, shapes, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match v {
        Value::Array(items) => items.get_mut(step.parse::<usize>().unwrap()).unwrap(),
        other => &mut other[step.as_str()],
    })
}

/// The paths of `document` (read as `T`) where one added member is read
/// without complaint. Objects whose members are the bureau's own names
/// (`attributes`) take any member by design and are left out.
fn accepting_paths<T: DeserializeOwned>(document: &Value) -> Vec<String> {
    serde_json::from_value::<T>(document.clone()).expect("the document reads as it is");
    let mut paths = Vec::new();
    object_paths(document, &mut Vec::new(), &mut HashSet::new(), &mut paths);
    paths
        .into_iter()
        .filter(|p| p.last().map(String::as_str) != Some("attributes"))
        .filter(|p| {
            let mut edited = document.clone();
            if let Value::Object(map) = at(&mut edited, p) {
                map.insert("cancelled".into(), Value::Bool(true));
            }
            serde_json::from_value::<T>(edited).is_ok()
        })
        .map(|p| format!("/{}", p.join("/")))
        .collect()
}

fn rule() -> SeedRule {
    SeedRule { source: SeedSource::Dice, digits: 20, announced: "20 dice in public".into(), weak: false }
}

/// A committed request under `preset`, its commitment and its plan.
/// `None` for a preset that needs the bureau's choice written first.
fn committed(preset: &str) -> Option<(PlanRequest, Commitment, QuarterPlan)> {
    let policy = rules::preset(preset).ok().filter(|p| p.check_has_rules().is_ok())?;
    let quarter = Quarter::containing(policy.validity.from);
    let has_window = policy.draw_window.is_some();
    let prefecture = policy.level == PolicyLevel::Prefecture;
    let mut request = shuangsuiji_tests::demo_request(policy, quarter, "");
    if prefecture {
        let root = request.registry.jurisdictions.iter().find(|j| j.level == Level::Prefecture).unwrap();
        request.units = vec![root.id.clone()];
    }
    request.seed_rule = Some(rule());
    request.draw_date = has_window.then(|| quarter.first_day());
    let committed_on = quarter.first_day().pred_opt().unwrap();
    let commitment = commit(&mut request, "某局", committed_on).unwrap_or_else(|e| panic!("{preset}: {e}"));
    request.seed = "31415926535897932384".into();
    let plan = plan_quarter(&request).unwrap_or_else(|e| panic!("{preset}: {e}"));
    Some((request, commitment, plan))
}

#[test]
fn a_request_commitment_or_plan_refuses_a_member_it_does_not_have_at_any_depth() {
    for preset in rules::preset_names() {
        let Some((request, commitment, plan)) = committed(preset) else { continue };
        let request_json = serde_json::to_value(&request).unwrap();
        assert_eq!(accepting_paths::<PlanRequest>(&request_json), Vec::<String>::new(), "{preset}: request");
        // The frozen header is JSON the digest covers as written; the
        // commitment's own members are typed.
        let commitment_json = serde_json::to_value(&commitment).unwrap();
        let typed: Vec<String> =
            accepting_paths::<Commitment>(&commitment_json).into_iter().filter(|p| !p.starts_with("/frozen")).collect();
        assert_eq!(typed, Vec::<String>::new(), "{preset}: commitment");
        let plan_json = serde_json::to_value(&plan).unwrap();
        assert_eq!(accepting_paths::<QuarterPlan>(&plan_json), Vec::<String>::new(), "{preset}: plan");
    }
}

#[test]
fn a_log_refuses_a_member_it_does_not_have_in_any_entry() {
    let (request, _, plan) = committed("changji-county").unwrap();
    let mut log = PlanLog::new(plan.clone());
    let task = plan.tasks.iter().find(|t| !t.officers().is_empty()).unwrap().clone();
    let first = plan.quarter.first_day();
    let day = |d| first + chrono::Days::new(d);
    let out = task.officers()[0].clone();
    let note = |reason: &str, d| Note::new(reason, "王科长", day(d)).with_evidence("证明 1");
    let dice = |d| Note::new("公开摇号", "王科长", day(d));
    log.replace_inspector(&request, (&task.unit, &task.object, &out), rule(), note("回避", 2)).unwrap();
    log.draw_replacements(&request, "11111222223333344444", dice(2)).unwrap();
    let other = plan.tasks.iter().find(|t| t.object != task.object && t.month == first.month() + 2).unwrap().clone();
    let closed = (other.unit.as_str(), other.object.as_str(), Status::BankruptDeregistered);
    log.close_object(&request, closed, rule(), note("注销", 3)).unwrap();
    log.draw_replacements(&request, "55555666667777788888", dice(3)).unwrap();
    let mover = plan.tasks.iter().find(|t| t.object != task.object && t.object != other.object).unwrap();
    let to = if mover.month == first.month() { first.month() + 1 } else { first.month() };
    log.move_task((&mover.unit, &mover.object, to), Note::new("汛期", "王科长", day(4))).unwrap();
    let log_json = serde_json::to_value(&log).unwrap();
    assert_eq!(accepting_paths::<PlanLog>(&log_json), Vec::<String>::new());
}
