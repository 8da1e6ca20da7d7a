#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The plan is the same at any thread count: a national-shaped request
//! (hundreds of units, history, every part of the pipeline that runs in
//! parallel) planned, checked and verified on one thread and on two gives
//! the same bytes.

use shuangsuiji::model::Level;
use shuangsuiji::{check_compliance, plan_quarter, rules, verify_plan, PlanRequest};
use shuangsuiji_io::synth::{national, national_history, NationalSpec};

fn request() -> PlanRequest {
    let registry = national(&NationalSpec::scaled(60_000));
    let history = national_history(&registry, 2023, 1, 1);
    let units = registry
        .jurisdictions
        .iter()
        .filter(|j| matches!(j.level, Level::County | Level::Park))
        .map(|j| j.id.clone())
        .collect();
    PlanRequest {
        format: Default::default(),
        registry,
        policy: rules::changji::county_or_park(),
        units,
        quarter: "2023Q2".parse().unwrap(),
        history,
        targeted: vec![],
        campaigns: vec![],
        seed_rule: None,
        month: None,
        seed: "31415926535897932384".into(),
    }
}

fn on(threads: usize, f: impl FnOnce() -> String + Send) -> String {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(f)
}

#[test]
fn one_thread_and_two_give_the_same_plan_byte_for_byte() {
    let r = request();
    assert!(r.units.len() > 20, "{} units", r.units.len());
    let one = on(1, || serde_json::to_string(&plan_quarter(&r).unwrap()).unwrap());
    let two = on(2, || serde_json::to_string(&plan_quarter(&r).unwrap()).unwrap());
    assert!(one == two, "the plan depends on the thread count");
    let plan: shuangsuiji::QuarterPlan = serde_json::from_str(&one).unwrap();
    let checked = |threads| on(threads, || serde_json::to_string(&check_compliance(&plan, &r)).unwrap());
    assert_eq!(checked(1), checked(2));
    for threads in [1, 2] {
        assert_eq!(on(threads, || verify_plan(&plan, &r).map_err(|e| e.to_string()).err().unwrap_or_default()), "");
    }
}
