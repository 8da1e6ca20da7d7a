#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Cross-check of the draw against an independent implementation of the
//! ticket formula in Python (`tests/reference/ticket_check.py`, hashlib
//! only): anyone holding the seed string and a stratum's population can
//! re-derive that stratum's draw without this project's code.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use shuangsuiji::model::{Id, Pool};
use shuangsuiji::plan::draw::sample_order;
use shuangsuiji::plan::{plan_quarter, QuarterPlan, StratumLine};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules;
use shuangsuiji_tests::{demo_request, plan_as_history, quarter};

const SEED: &str = "20230401-12345678901234567890";

fn script() -> String {
    format!("{}/reference/ticket_check.py", env!("CARGO_MANIFEST_DIR"))
}

/// Runs the Python reference on `input`; returns its JSON answer, each id
/// with its ticket.
fn python(input: &Value) -> Value {
    let mut child = match Command::new("python3")
        .arg(script())
        .arg("--tickets")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!(
            "cannot run `python3 {}`: {e}. This test needs python3 (standard library only) on PATH; CI has it — install python3 to run it locally.",
            script()
        ),
    };
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "ticket_check.py failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (ids, tickets) of one answer.
fn split(answer: &Value) -> (Vec<String>, Vec<String>) {
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_owned(), pair[1].as_str().unwrap().to_owned()))
        .unzip()
}

#[test]
fn python_reproduces_the_reference_vectors() {
    let answer = python(&json!({
        "seed_string": "314159",
        "population": ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"],
        "k": 6,
    }));
    let (ids, tickets) = split(&answer);
    assert_eq!(ids, ["B-2", "B-3", "A-3", "A-2", "B-1", "A-1"]);
    for (t, prefix) in
        tickets.iter().zip(["0.410310858", "0.470960291", "0.471438751", "0.567089805", "0.9781715679", "0.9828515724"])
    {
        assert!(t.starts_with(prefix), "{t} should start with {prefix}");
    }
    // Rivest's published first_fraction example.
    let answer = python(&json!([{ "seed_string": "01382438112797316654", "population": ["AB-130"], "k": 1 }]));
    let (_, tickets) = split(&answer[0]);
    assert_eq!(tickets, ["0.26299714122838008416507544297546663599715395525154425586041245287750224561854"]);
}

#[test]
fn python_and_sample_order_agree_on_whole_orders() {
    // Every id of several populations, ASCII and Chinese, whole orders with tickets.
    let populations: Vec<Vec<String>> = vec![
        (0..50).map(|i| format!("CJ-HTB-{i:05}")).collect(),
        (0..30).map(|i| format!("企业{i}号")).collect(),
        vec!["a".into(), "b".into(), "".into(), "a|b".into(), " x".into()],
    ];
    let seeds = ["", "0", "20230401-12345678901234567890|2023Q2|changji/hutubi|pollution|key", "种子"];
    let mut queries = Vec::new();
    let mut expected = Vec::new();
    for seed in seeds {
        for p in &populations {
            queries.push(json!({ "seed_string": seed, "population": p, "k": p.len() }));
            let order = sample_order(seed, p);
            expected.push(order.iter().map(|d| (d.id.clone(), d.ticket.decimal())).unzip::<_, _, Vec<_>, Vec<_>>());
        }
    }
    let answers = python(&Value::Array(queries));
    for (answer, (ids, tickets)) in answers.as_array().unwrap().iter().zip(&expected) {
        let (pids, ptickets) = split(answer);
        assert_eq!(&pids, ids);
        assert_eq!(&ptickets, tickets);
    }
}

/// The eligible population of a (non-campaign) stratum, recomputed from the
/// registry: eligible objects of the unit that are members of the pool
/// in the stratum's category (the policy has no modifiers).
fn population(request: &PlanRequest, line: &StratumLine) -> Vec<Id> {
    let key = &line.stratum;
    assert!(key.tier.is_none() && line.campaign.is_none());
    request
        .registry
        .objects
        .iter()
        .filter(|o| {
            o.jurisdiction == key.unit
                && o.status.is_eligible()
                && o.category_in(&key.pool).is_some_and(|c| key.category == c)
        })
        .map(|o| o.id.clone())
        .collect()
}

/// The objects a plan drew in a stratum, in ticket order, with tickets.
fn drawn(plan: &QuarterPlan, line: &StratumLine) -> (Vec<String>, Vec<String>) {
    let name = line.stratum.to_string();
    let mut hits: Vec<(String, String)> = plan
        .tasks
        .iter()
        .flat_map(|t| t.covers.iter().filter(|c| c.stratum == name).map(|c| (c.ticket.clone(), t.object.clone())))
        .collect();
    hits.sort();
    hits.into_iter().map(|(t, id)| (id, t)).unzip()
}

#[test]
fn each_stratum_of_the_demo_plan_is_the_python_selection() {
    let request = demo_request(rules::preset("changji-county").unwrap(), quarter(2023, 2), SEED);
    let plan = plan_quarter(&request).unwrap();
    assert!(plan.strata.len() >= 27);
    let mut queries = Vec::new();
    for line in &plan.strata {
        let members = population(&request, line);
        assert_eq!(members.len() as u64, line.eligible, "{}", line.stratum);
        assert_eq!(
            line.seed_string,
            format!("{SEED}|2023Q2|{}|{}|{}", line.stratum.unit, line.stratum.pool, line.stratum.category)
        );
        // Empty history: the key strata draw uninspected objects first, but
        // none is inspected, so every stratum is in pure ticket order.
        assert_eq!(line.inspected_this_year, 0);
        queries.push(json!({ "seed_string": line.seed_string, "population": members, "k": line.drawn }));
    }
    let answers = python(&Value::Array(queries));
    let mut checked = 0;
    for (line, answer) in plan.strata.iter().zip(answers.as_array().unwrap()) {
        let (pids, ptickets) = split(answer);
        let (ids, tickets) = drawn(&plan, line);
        assert_eq!(ids, pids, "stratum {}: the plan's draw differs from the Python reference", line.stratum);
        assert_eq!(tickets, ptickets, "stratum {}", line.stratum);
        checked += usize::from(line.drawn > 0);
    }
    assert!(checked >= 20, "only {checked} strata drew anything");
}

#[test]
fn with_history_uninspected_objects_come_first_then_python_order() {
    // 2023Q3 after the Q2 plan: the key strata (a yearly rule) draw the
    // objects not yet inspected first, each group in ticket order.
    let mut request = demo_request(rules::preset("changji-county").unwrap(), quarter(2023, 2), SEED);
    let q2 = plan_quarter(&request).unwrap();
    request.history = plan_as_history(&q2, 2023);
    request.quarter = quarter(2023, 3);
    let plan = plan_quarter(&request).unwrap();
    let inspected: BTreeSet<&str> =
        request.history.iter().filter(|i| i.pools.contains(&Pool::Pollution)).map(|i| i.object.as_str()).collect();
    let mut queries = Vec::new();
    let mut lines = Vec::new();
    for line in plan.strata.iter().filter(|l| l.uninspected_first && l.drawn > 0) {
        let (fresh, done): (Vec<Id>, Vec<Id>) =
            population(&request, line).into_iter().partition(|id| !inspected.contains(id.as_str()));
        assert_eq!(done.len() as u64, line.inspected_this_year, "{}", line.stratum);
        let k_fresh = (line.drawn as usize).min(fresh.len());
        let k_done = line.drawn as usize - k_fresh;
        queries.push(json!({ "seed_string": line.seed_string, "population": fresh, "k": k_fresh }));
        queries.push(json!({ "seed_string": line.seed_string, "population": done, "k": k_done }));
        lines.push(line);
    }
    assert!(lines.len() >= 9, "every unit's key stratum");
    assert!(lines.iter().any(|l| l.inspected_this_year > 0));
    let answers = python(&Value::Array(queries));
    let answers = answers.as_array().unwrap();
    for (line, pair) in lines.iter().zip(answers.chunks(2)) {
        let (mut expected, _) = split(&pair[0]);
        expected.extend(split(&pair[1]).0);
        let (ids, _) = drawn(&plan, line);
        let got: BTreeSet<&String> = ids.iter().collect();
        let want: BTreeSet<&String> = expected.iter().collect();
        assert_eq!(got, want, "stratum {}", line.stratum);
    }
}
