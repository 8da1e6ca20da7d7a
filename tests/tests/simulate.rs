#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Simulations: reproducible at any thread count, faithful to the plans
//! they are made of, and moved by churn the way churn should move them.

use shuangsuiji::analysis::simulate::{simulate, Churn, SimulationError, SimulationSpec};
use shuangsuiji::rules;
use shuangsuiji_tests::demo_request;

fn demo(policy: rules::Policy) -> shuangsuiji::PlanRequest {
    demo_request(policy, "2023Q1".parse().unwrap(), "20230101")
}

fn spec(years: u32, seeds: u32) -> SimulationSpec {
    SimulationSpec { years, seeds, churn: Churn::default() }
}

#[test]
fn a_simulation_is_byte_identical_at_one_and_two_threads() {
    let request = demo(rules::preset("changji-county").unwrap());
    let spec = SimulationSpec { churn: Churn { new: 0.05, closed: 0.03, recategorised: 0.02 }, ..spec(2, 4) };
    let at = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| serde_json::to_string(&simulate(&request, &spec).unwrap()).unwrap())
    };
    assert_eq!(at(1), at(2));
}

#[test]
fn changji_covers_every_key_unit_every_year_and_redates_later_years() {
    let sim = simulate(&demo(rules::preset("changji-county").unwrap()), &spec(3, 3)).unwrap();
    assert_eq!(sim.failed_years, 0, "{:?}", sim.failures);
    assert_eq!(sim.years.len(), 3);
    for y in &sim.years {
        assert_eq!(y.key_units_covered.min, 1.0, "{}: {:?}", y.year, y.key_units_covered);
        assert_eq!(y.inspected["key"].min, 1.0);
    }
    // The 2023 document re-dated for 2024 and 2025, and said so.
    assert_eq!(sim.assumptions.len(), 2, "{:?}", sim.assumptions);
    assert!(sim.assumptions.iter().any(|a| a.contains("2024")));
    // The disturbance histogram is a distribution.
    let total: f64 = sim.visits_per_year.iter().map(|i| i.mean).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
}

#[test]
fn closures_shrink_the_registry_and_new_companies_grow_it() {
    let request = demo(rules::preset("changji-county").unwrap());
    let base = simulate(&request, &spec(2, 2)).unwrap();
    let closing =
        simulate(&request, &SimulationSpec { churn: Churn { closed: 0.2, ..Churn::default() }, ..spec(2, 2) }).unwrap();
    let growing =
        simulate(&request, &SimulationSpec { churn: Churn { new: 0.2, ..Churn::default() }, ..spec(2, 2) }).unwrap();
    let second = |s: &shuangsuiji::analysis::simulate::Simulation| s.years[1].eligible.mean;
    assert_eq!(base.years[0].eligible, closing.years[0].eligible, "churn starts after the first year");
    assert!(second(&closing) < 0.85 * second(&base), "{} vs {}", second(&closing), second(&base));
    assert!(second(&growing) > 1.15 * second(&base), "{} vs {}", second(&growing), second(&base));
}

#[test]
fn out_of_range_specs_are_refused() {
    let request = demo(rules::preset("changji-county").unwrap());
    assert!(matches!(simulate(&request, &spec(0, 1)), Err(SimulationError::OutOfRange { what: "years", .. })));
    assert!(matches!(simulate(&request, &spec(1, 5000)), Err(SimulationError::OutOfRange { what: "seeds", .. })));
    let bad = SimulationSpec { churn: Churn { new: 1.5, ..Churn::default() }, ..spec(1, 1) };
    assert!(matches!(simulate(&request, &bad), Err(SimulationError::Churn { what: "new", .. })));
    let nan = SimulationSpec { churn: Churn { closed: f64::NAN, ..Churn::default() }, ..spec(1, 1) };
    assert!(matches!(simulate(&request, &nan), Err(SimulationError::Churn { what: "closed", .. })));
}

#[test]
fn the_first_years_draws_are_the_plans_draws() {
    // A year of one seed is the chain of four real plans: its draws equal
    // the sum of the plans' drawn strata.
    let request = demo(rules::preset("changji-county").unwrap());
    let sim = simulate(&request, &spec(1, 1)).unwrap();
    let quarters = shuangsuiji::analysis::year::rest_of_year(&request.policy, request.quarter);
    let seeded = shuangsuiji::PlanRequest { seed: "202301010000".into(), ..request.clone() };
    let run = shuangsuiji::analysis::year::run(&seeded, &quarters);
    assert!(run.failure.is_none());
    let key: u64 = run
        .plans
        .iter()
        .flat_map(|p| &p.strata)
        .filter(|l| l.campaign.is_none() && l.stratum.category == shuangsuiji::model::Category::Key)
        .map(|l| l.drawn)
        .sum();
    assert_eq!(sim.years[0].draws["key"].mean, key as f64);
}

/// The companies never reached are named: each lies in a drawing unit, its
/// share is the seeds that missed it over the seeds, and per category the
/// names add up to the share the summary gives (no churn: the same
/// companies are eligible every year).
#[test]
fn the_companies_never_reached_are_named_and_add_up_to_the_shares() {
    let mut request = demo(rules::preset("changji-county").unwrap());
    request.units = vec!["changji/hutubi".into()];
    let seeds = 3;
    let sim = simulate(&request, &spec(2, seeds)).unwrap();
    assert!(!sim.never_reached.is_empty());
    for n in &sim.never_reached {
        assert_eq!(n.unit, "changji/hutubi", "{n:?}");
        assert!((n.share - f64::from(n.seeds) / f64::from(seeds)).abs() < 1e-12);
        assert!(n.seeds >= 1 && n.seeds <= seeds);
    }
    let in_unit = |category: &str| {
        request
            .registry
            .objects
            .iter()
            .filter(|o| o.jurisdiction == "changji/hutubi" && o.status.is_eligible() && o.category.en() == category)
            .count() as f64
    };
    for category in ["key", "special", "general"] {
        let missed: u32 = sim.never_reached.iter().filter(|n| n.category == category).map(|n| n.seeds).sum();
        let expected = sim.never_visited[category].mean;
        let got =
            if in_unit(category) == 0.0 { 0.0 } else { f64::from(missed) / (f64::from(seeds) * in_unit(category)) };
        assert!((got - expected).abs() < 1e-9, "{category}: named {got}, summary {expected}");
    }
}
