#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The plan is the same at any thread count: a national-shaped request
//! (hundreds of units, history, every part of the pipeline that runs in
//! parallel) planned, checked and verified on one thread and on two gives
//! the same bytes.

use std::collections::HashMap;

use shuangsuiji::model::{Category, Inspection, Level};
use shuangsuiji::rules::OtherLevelVisits;
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
        policy: rules::preset("changji-county").unwrap(),
        units,
        quarter: "2023Q2".parse().unwrap(),
        history,
        targeted: vec![],
        campaigns: vec![],
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
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

// Strata drawn in parallel must still report the first failure in line
// order. Two units mid-way through the line order have their key stratum
// set aside whole (another level visits each of their key objects this
// quarter): a second thread starting at the second half meets the later
// failure long before the first thread reaches the earlier one.
#[test]
fn the_first_stratum_too_small_in_line_order_is_the_one_reported_at_any_thread_count() {
    let mut r = request();
    r.policy.readings.other_levels = OtherLevelVisits::SetAside;
    let mut units = r.units.clone();
    units.sort();
    let failing = [units[units.len() / 2 - 1].as_str(), units[units.len() / 2].as_str()];
    let parent: HashMap<&str, &str> =
        r.registry.jurisdictions.iter().filter_map(|j| j.parent.as_deref().map(|p| (j.id.as_str(), p))).collect();
    let day = r.quarter.first_day();
    let visits: Vec<Inspection> = r
        .registry
        .objects
        .iter()
        .filter(|o| o.category == Category::Key && o.status.is_eligible() && failing.contains(&o.jurisdiction.as_str()))
        .map(|o| Inspection::random(o.id.clone(), parent[o.jurisdiction.as_str()], day))
        .collect();
    assert!(visits.len() > 2, "{} key objects", visits.len());
    r.history.extend(visits);
    let error = |threads| on(threads, || plan_quarter(&r).err().map(|e| e.to_string()).unwrap_or_default());
    let one = error(1);
    assert!(one.starts_with(&format!("stratum {}/pollution/key:", failing[0])), "{one}");
    for threads in [2, 4, 8] {
        assert_eq!(error(threads), one, "{threads} threads");
    }
}
