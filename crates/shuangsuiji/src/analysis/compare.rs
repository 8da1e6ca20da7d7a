//! One policy's yearly demand on a registry: draws per category,
//! officer-visits, officers in the units and officers needed at a given
//! quarterly load.
//!
//! Each quarter of the policy's year is fed the previous quarters' minimums
//! as done (drawn from objects not yet inspected), so yearly rules spread
//! as the planner spreads them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Datelike;
use serde::Serialize;

use crate::model::{Inspection, Quarter};
use crate::plan::quota::{quarter_quotas, QuotaError};
use crate::plan::stratum::unit_of_jurisdiction;
use crate::request::{PlanRequest, QuotaInput};
use crate::rules::Policy;

/// One policy's yearly demand on a registry.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The policy.
    pub policy: String,
    /// Yearly draws per category (sum of four quarters' minimums, each
    /// quarter fed the previous quarters' minimum as done).
    pub yearly_draws: BTreeMap<String, u64>,
    /// Officer-visits a year (2 per draw).
    pub officer_visits: u64,
    /// Officers in the drawing units.
    pub officers: u64,
    /// Visits per officer a year.
    pub visits_per_officer: f64,
    /// Officers needed at 30 visits per officer per quarter.
    pub officers_needed_at_30_per_quarter: u64,
}

/// The first year every quarter of which the policy covers (its first
/// year or the next); else its first year, of which only some quarters.
pub fn comparison_year(policy: &Policy) -> i32 {
    let first = policy.validity.from.year();
    [first, first + 1].into_iter().find(|y| valid_quarters(policy, *y).len() == 4).unwrap_or(first)
}

/// The quarters of `year` the policy may plan.
pub fn valid_quarters(policy: &Policy, year: i32) -> Vec<Quarter> {
    (1..=4).filter_map(|q| Quarter::new(year, q).ok()).filter(|q| policy.check_validity(*q).is_ok()).collect()
}

/// A policy's yearly demand over the quarters of its year it covers,
/// assuming each quarter draws exactly its minimum of objects not yet
/// inspected.
///
/// # Errors
/// [`QuotaError`] when the quotas cannot be computed (units of the wrong
/// level, a bad policy).
pub fn compare_one(request: &PlanRequest) -> Result<Comparison, QuotaError> {
    let year = request.quarter.year();
    let quarters = valid_quarters(&request.policy, year);
    let mut history: Vec<Inspection> = Vec::new();
    let mut yearly: BTreeMap<String, u64> = BTreeMap::new();
    let mut peak_quarter = 0u64;
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    for quarter in quarters {
        let input = QuotaInput::new(&request.policy, &request.registry, quarter, &history, &request.units);
        let lines = quarter_quotas(&input)?;
        let mut quarter_total = 0;
        let date = quarter.first_day();
        for l in &lines {
            *yearly.entry(l.stratum.category.en().to_owned()).or_default() += l.required;
            quarter_total += l.required;
            // Feed the minimum back as done, on objects not yet inspected.
            let done: HashSet<&str> = history.iter().map(|i| i.object.as_str()).collect();
            let fresh: Vec<String> = request
                .registry
                .objects
                .iter()
                .filter(|o| o.status.is_eligible() && o.category_in(l.stratum.pool) == Some(l.stratum.category))
                .filter(|o| !done.contains(o.id.as_str()))
                .filter(|o| unit_of.get(o.jurisdiction.as_str()) == Some(&l.stratum.unit.as_str()))
                .take(usize::try_from(l.required).unwrap_or(usize::MAX))
                .map(|o| o.id.clone())
                .collect();
            for id in fresh {
                let mut i = Inspection::random(id, l.stratum.unit.clone(), date);
                i.pools = BTreeSet::from([l.stratum.pool]);
                history.push(i);
            }
        }
        peak_quarter = peak_quarter.max(quarter_total);
    }
    let officers = request
        .registry
        .inspectors
        .iter()
        .filter(|i| i.is_certified_officer() && request.units.contains(&i.jurisdiction))
        .count() as u64;
    let draws: u64 = yearly.values().sum();
    Ok(Comparison {
        policy: request.policy.id.clone(),
        officer_visits: draws * 2,
        officers,
        visits_per_officer: if officers == 0 { 0.0 } else { (draws * 2) as f64 / officers as f64 },
        officers_needed_at_30_per_quarter: (peak_quarter * 2).div_ceil(30),
        yearly_draws: yearly,
    })
}
