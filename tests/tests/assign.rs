#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The assignment is exact: whenever some assignment gives every own visit
//! two certified, on-post officers within recusals and capacities, the plan
//! finds one; otherwise the error names the true shortfall. The truth is a
//! maximum flow computed here, independently of the planner.

use std::collections::BTreeSet;

use proptest::prelude::*;
use shuangsuiji::plan::assign::AssignError;
use shuangsuiji::plan::{plan_quarter, PlanError, QuarterPlan};
use shuangsuiji::{rules, sample, PlanRequest};

/// A county whose officers have the given capacities and recusals (object
/// indices into the registry's objects).
fn request(capacities: &[u32], recusals: &[Vec<usize>], seed: &str) -> PlanRequest {
    let mut registry = sample::county(6, 3, 40, capacities.len());
    let ids: Vec<String> = registry.objects.iter().map(|o| o.id.clone()).collect();
    for (k, p) in registry.inspectors.iter_mut().filter(|p| p.jurisdiction == sample::COUNTY).enumerate() {
        p.quarterly_capacity = capacities[k];
        p.expertise = BTreeSet::new();
        p.recusals = recusals[k].iter().map(|i| ids[i % ids.len()].clone()).collect();
    }
    let mut r = PlanRequest::new(
        registry,
        rules::preset("changji-county").unwrap(),
        vec![sample::COUNTY.into()],
        "2023Q1".parse().unwrap(),
        seed,
    );
    r.registry.objects.iter_mut().for_each(|o| {
        o.radiation = None;
        o.hazardous_waste = None;
    });
    r
}

/// The most officer-visits any assignment staffs: a maximum flow (source →
/// visit 2, visit → allowed officer 1, officer → sink capacity), by
/// augmenting paths found breadth-first.
fn max_flow(visits: &[String], officers: &[(u32, BTreeSet<String>)]) -> u64 {
    let (v, o) = (visits.len(), officers.len());
    let n = 2 + v + o;
    let (source, sink) = (0, 1);
    let mut cap = vec![vec![0i64; n]; n];
    for (i, object) in visits.iter().enumerate() {
        cap[source][2 + i] = 2;
        for (j, (_, recused)) in officers.iter().enumerate() {
            if !recused.contains(object) {
                cap[2 + i][2 + v + j] = 1;
            }
        }
    }
    for (j, (c, _)) in officers.iter().enumerate() {
        cap[2 + v + j][sink] = i64::from(*c);
    }
    let mut flow = 0;
    loop {
        let mut prev = vec![usize::MAX; n];
        prev[source] = source;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(a) = queue.pop_front() {
            for b in 0..n {
                if prev[b] == usize::MAX && cap[a][b] > 0 {
                    prev[b] = a;
                    queue.push_back(b);
                }
            }
        }
        if prev[sink] == usize::MAX {
            return flow;
        }
        let mut b = sink;
        while b != source {
            let a = prev[b];
            cap[a][b] -= 1;
            cap[b][a] += 1;
            b = a;
        }
        flow += 1;
    }
}

fn own_visits(plan: &QuarterPlan) -> Vec<String> {
    plan.tasks.iter().filter(|t| !t.officers().is_empty()).map(|t| t.object.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_plan_is_found_exactly_when_an_assignment_exists(
        capacities in prop::collection::vec(1u32..9, 3..7),
        recusals in prop::collection::vec(prop::collection::vec(0usize..49, 0..12), 7),
        seed in "[0-9]{6}",
    ) {
        // The visits do not depend on capacities or recusals: plan them
        // with room for everyone and no recusals first.
        let roomy = request(&vec![1000; capacities.len()], &vec![vec![]; 7], &seed);
        let visits = own_visits(&plan_quarter(&roomy).unwrap());
        let tight = request(&capacities, &recusals, &seed);
        let officers: Vec<(u32, BTreeSet<String>)> = tight
            .registry
            .inspectors
            .iter()
            .filter(|p| p.jurisdiction == sample::COUNTY)
            .map(|p| (p.quarterly_capacity, p.recusals.clone()))
            .collect();
        let best = max_flow(&visits, &officers);
        let needed = 2 * visits.len() as u64;
        match plan_quarter(&tight) {
            Ok(plan) => {
                prop_assert_eq!(best, needed, "planned though no assignment exists");
                prop_assert_eq!(own_visits(&plan), visits);
                for t in plan.tasks.iter().filter(|t| !t.officers().is_empty()) {
                    prop_assert_eq!(t.officers().len(), 2);
                }
            }
            Err(PlanError::Staffing(e)) => {
                prop_assert!(best < needed, "refused though an assignment staffs all {needed}: {e}");
                match e {
                    AssignError::Shortfall { staffable, needed: n, .. } => {
                        prop_assert_eq!(staffable, best);
                        prop_assert_eq!(n, needed);
                    }
                    AssignError::Unstaffable { object, .. } => {
                        let allowed = officers.iter().filter(|(_, r)| !r.contains(&object)).count();
                        prop_assert!(allowed < 2, "{object}: {allowed} officers may take it");
                    }
                    AssignError::CapacityExhausted { capacity, needed: n, .. } => prop_assert!(capacity < n),
                    AssignError::TooFewOfficers { officers: k, .. } => prop_assert!(k < 2),
                    other => prop_assert!(false, "unexpected {other}"),
                }
            }
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
    }
}
