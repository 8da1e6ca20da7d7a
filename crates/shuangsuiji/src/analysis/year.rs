//! A policy's year run quarter by quarter, each plan fed to the next as
//! history — the chain a bureau runs (`ssj plan --year-dir`), without the
//! files.

use crate::model::Quarter;
use crate::plan::{plan_quarter, PlanError, QuarterPlan};
use crate::publish::year::history_from_plan;
use crate::request::PlanRequest;
use crate::rules::Policy;

/// The seed analyses use when the request has none: analyses ask what a
/// regime demands, not which companies one published seed draws.
pub const ANALYSIS_SEED: &str = "1";

/// The quarters from `from` to the end of its year that `policy` covers.
pub fn rest_of_year(policy: &Policy, from: Quarter) -> Vec<Quarter> {
    (from.number()..=4)
        .filter_map(|q| Quarter::new(from.year(), q).ok())
        .filter(|q| policy.check_validity(*q).is_ok())
        .collect()
}

/// What planning a run of quarters gave.
#[derive(Debug, Clone)]
pub struct Run {
    /// The plans made, in order.
    pub plans: Vec<QuarterPlan>,
    /// The first quarter that could not be planned, and why (the run stops
    /// there: later quarters would lack its history).
    pub failure: Option<(Quarter, PlanError)>,
}

/// Plans `quarters` in order from `request` (its quarter replaced), each
/// fed the plans before it as history, campaigns and targeted visits left
/// to the request's own quarter, months drawn at once.
pub fn run(request: &PlanRequest, quarters: &[Quarter]) -> Run {
    let mut history = request.history.clone();
    let mut plans = Vec::with_capacity(quarters.len());
    for &quarter in quarters {
        let own = quarter == request.quarter;
        let r = PlanRequest {
            quarter,
            month: None,
            history: history.clone(),
            seed: seed_of(request),
            seed_rule: None,
            committed: None,
            draw_date: None,
            late_reason: None,
            targeted: if own { request.targeted.clone() } else { Vec::new() },
            campaigns: if own { request.campaigns.clone() } else { Vec::new() },
            ..request.clone()
        };
        match plan_quarter(&r) {
            Ok(plan) => {
                history.extend(history_from_plan(&plan, &[]));
                plans.push(plan);
            }
            Err(e) => return Run { plans, failure: Some((quarter, e)) },
        }
    }
    Run { plans, failure: None }
}

/// The request's seed, or [`ANALYSIS_SEED`] when it has none yet.
pub fn seed_of(request: &PlanRequest) -> String {
    if request.seed.trim().is_empty() {
        ANALYSIS_SEED.to_owned()
    } else {
        request.seed.clone()
    }
}
