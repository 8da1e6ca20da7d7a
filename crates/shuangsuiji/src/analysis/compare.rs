//! Several policies on one registry, side by side: what each draws a year
//! per category, the officer-visits it costs, the officers it needs
//! ([`staffing`](super::staffing)), how often it disturbs a company and how
//! many it never reaches ([`simulate`](super::simulate)).
//!
//! ```
//! use shuangsuiji::analysis::compare::{compare, CompareSpec};
//! use shuangsuiji::analysis::simulate::SimulationSpec;
//! use shuangsuiji::{rules, sample, PlanRequest};
//!
//! let base = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(12, 6, 200, 8),
//!     policy: rules::preset("changji-county")?,
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![],
//!     targeted: vec![],
//!     campaigns: vec![],
//!     seed_rule: None,
//!     draw_date: None,
//!     late_reason: None,
//!     committed: None,
//!     month: None,
//!     seed: "2023".into(),
//! };
//! let hitech = PlanRequest { policy: rules::preset("changji-hitech")?, ..base.clone() };
//! let spec = CompareSpec { capacity: 30, simulation: SimulationSpec { years: 1, seeds: 2, ..Default::default() } };
//! let rows = compare(&[base, hitech], &spec)?;
//! assert_eq!(rows.len(), 2);
//! assert!(rows.iter().all(|r| r.officers_needed.is_some()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::model::{Id, Quarter};
use crate::request::PlanRequest;
use crate::rules::{Policy, PolicyError};

use super::simulate::{simulate, Interval, Simulation, SimulationError, SimulationSpec};
use super::staffing::{staffing, Staffing, StaffingError};

/// What to compare the policies on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CompareSpec {
    /// Quarterly capacity per officer for the officers needed.
    pub capacity: u32,
    /// The simulation each policy is run through.
    pub simulation: SimulationSpec,
}

/// Why a comparison cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// A policy draws nothing by itself (modifiers only).
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The staffing question failed.
    #[error("policy `{policy}`: {source}")]
    Staffing {
        /// The policy.
        policy: String,
        /// Why.
        source: StaffingError,
    },
    /// The simulation failed.
    #[error("policy `{policy}`: {source}")]
    Simulation {
        /// The policy.
        policy: String,
        /// Why.
        source: SimulationError,
    },
}

/// One policy's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The policy.
    pub policy: String,
    /// Its document (the policy's name).
    pub document: String,
    /// Its documents' Chinese titles.
    pub document_zh: String,
    /// The drawing units.
    pub units: Vec<Id>,
    /// The first year compared.
    pub year: i32,
    /// Random draws per category in the first year.
    pub draws: BTreeMap<String, Interval>,
    /// Officer-visits in the first year.
    pub officer_visits: Interval,
    /// Certified, on-post officers in the units now.
    pub officers_now: u64,
    /// Officers needed at the spec's capacity, summed over the units;
    /// `None` when some unit cannot be staffed by any number.
    pub officers_needed: Option<u64>,
    /// The earlier row whose yearly figures this one repeats exactly, when
    /// one does (two documents that demand the same of this registry).
    pub same_as: Option<String>,
    /// Per unit, from [`staffing`].
    pub staffing: Staffing,
    /// Coverage, disturbance, loads, from [`simulate`].
    pub simulation: Simulation,
}

/// Compares the policies of `requests` (the same registry under different
/// policies, or with different units), each through [`staffing`] at the
/// spec's capacity and [`simulate`].
///
/// # Errors
/// [`CompareError`]: a modifier-only policy (it names what to combine it
/// with: `--policy base+modifier` on the command line, [`rules::combine`]
/// in Rust), or a staffing or simulation error.
///
/// [`rules::combine`]: crate::rules::combine
pub fn compare(requests: &[PlanRequest], spec: &CompareSpec) -> Result<Vec<Comparison>, CompareError> {
    compare_with_progress(requests, spec, &|_, _| {})
}

/// [`compare`], calling `progress(policies done, policies)` after each.
///
/// # Errors
/// As [`compare`].
pub fn compare_with_progress(
    requests: &[PlanRequest],
    spec: &CompareSpec,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<Comparison>, CompareError> {
    let mut rows: Vec<Comparison> = Vec::with_capacity(requests.len());
    for request in requests {
        let mut row = compare_one(request, spec)?;
        row.same_as = rows.iter().find(|r| same_figures(r, &row)).map(|r| r.policy.clone());
        rows.push(row);
        progress(rows.len(), requests.len());
    }
    Ok(rows)
}

/// One row of [`compare`].
///
/// # Errors
/// As [`compare`].
pub fn compare_one(request: &PlanRequest, spec: &CompareSpec) -> Result<Comparison, CompareError> {
    request.policy.check_has_rules()?;
    let policy = request.policy.id.clone();
    let staffing =
        staffing(request, spec.capacity).map_err(|source| CompareError::Staffing { policy: policy.clone(), source })?;
    let simulation = simulate(request, &spec.simulation)
        .map_err(|source| CompareError::Simulation { policy: policy.clone(), source })?;
    let first = simulation.years.first();
    let officers_needed = staffing.units.iter().map(|u| u.officers_needed).sum::<Option<u64>>();
    Ok(Comparison {
        document: request.policy.name.clone(),
        document_zh: request.policy.title_zh(),
        units: request.units.clone(),
        year: request.quarter.year(),
        draws: first.map(|y| y.draws.clone()).unwrap_or_default(),
        officer_visits: first.map_or(Interval::of(Vec::new()), |y| y.officer_visits),
        officers_now: staffing.units.iter().map(|u| u.officers_now).sum(),
        officers_needed,
        same_as: None,
        staffing,
        simulation,
        policy,
    })
}

fn same_figures(a: &Comparison, b: &Comparison) -> bool {
    a.draws == b.draws
        && a.officer_visits == b.officer_visits
        && a.officers_needed == b.officers_needed
        && a.simulation.years == b.simulation.years
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
