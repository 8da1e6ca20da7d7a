//! How many officers a unit needs: the least number of certified, on-post
//! officers of a given quarterly capacity for which every remaining quarter
//! of the policy's year can be planned — found by planning, not by
//! division.
//!
//! Division gets it wrong both ways. Under a 1:N rule (000 §四.2: general
//! units at 1:10 a year per certified officer) every officer counted raises
//! the general minimum by N a year, so an officer who can make fewer than
//! N ÷ 4 ÷ … visits a quarter adds more work than capacity; the minimum is
//! capped at the eligible population, after which officers only add
//! capacity; two officers go on every visit (执法人员不得少于两人), recusals
//! and expertise bind some tasks to some people. So each candidate number
//! is tried by planning the year with it ([`with_officers`]), and the
//! answer is checked: it plans, one fewer does not.
//!
//! ```
//! use shuangsuiji::analysis::staffing::staffing;
//! use shuangsuiji::{rules, sample, PlanRequest};
//!
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(12, 6, 300, 3),
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
//! let answer = staffing(&request, 5)?;
//! let unit = &answer.units[0];
//! assert_eq!(unit.officers_now, 3);
//! let needed = unit.officers_needed.expect("some number staffs this county");
//! assert!(needed > 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Id, Inspector, Quarter};
use crate::plan::stratum::unit_of_jurisdiction;
use crate::plan::{PlanError, Visit};
use crate::request::PlanRequest;

use super::year::{rest_of_year, run, seed_of};

/// Why a staffing question cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffingError {
    /// A capacity of zero staffs nothing.
    #[error("the quarterly capacity must be at least 1 visit per officer")]
    ZeroCapacity,
    /// The unit is not one of the request's drawing units.
    #[error("`{unit}` is not a drawing unit of the request (units: {units})")]
    UnknownUnit {
        /// The unit asked about.
        unit: Id,
        /// The request's units.
        units: String,
    },
    /// The policy covers no quarter from the request's to the year's end.
    #[error("policy `{policy}` covers no quarter of {year} from {from} on")]
    NoQuarters {
        /// The policy.
        policy: String,
        /// The year.
        year: i32,
        /// The first quarter asked about.
        from: Quarter,
    },
    /// The request is at fault whatever the staff (a bad seed, registry,
    /// policy or units).
    #[error(transparent)]
    Plan(PlanError),
}

/// The staffing answer for each drawing unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Staffing {
    /// The quarterly capacity assumed for each officer.
    pub capacity: u32,
    /// The quarters planned: the request's to the end of its year.
    pub quarters: Vec<Quarter>,
    /// The seed the trial plans were drawn with: the request's, or
    /// [`ANALYSIS_SEED`](super::year::ANALYSIS_SEED) when it has none.
    pub seed: String,
    /// One answer per unit, in the request's order.
    pub units: Vec<UnitStaffing>,
}

/// One unit's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitStaffing {
    /// The unit.
    pub unit: Id,
    /// Its certified, on-post officers now.
    pub officers_now: u64,
    /// Their quarterly capacities, summed.
    pub capacity_now: u64,
    /// The least number of officers of the given capacity for which every
    /// quarter plans; `None` when no number does (see `blocked`).
    pub officers_needed: Option<u64>,
    /// `officers_needed − officers_now` when positive, else 0.
    pub shortfall: Option<u64>,
    /// Why no number of officers suffices (expertise no one has, a stratum
    /// too small once other levels' visits are set aside…).
    pub blocked: Option<String>,
    /// Whether another trial seed could give another answer. The number of
    /// visits does not depend on the seed and the assignment finds two
    /// officers for every visit whenever any assignment does, so only
    /// which companies are drawn can matter: through officers' recusals
    /// and through the expertise some visits need (radiation, hazardous
    /// waste, a campaign's tag).
    pub seed_matters: bool,
    /// Per quarter: the officers needed to plan the year up to it.
    pub quarters: Vec<QuarterStaffing>,
    /// With the unit's officers as they are (their own capacities): the
    /// first quarter that cannot be planned and why, or `None` when the
    /// year plans.
    pub current_fails: Option<CurrentFailure>,
    /// Every number of officers tried, with how many quarters it planned
    /// in a row: the evidence for the answer (it plans them all, one fewer
    /// does not).
    pub tried: Vec<Tried>,
}

/// One number of officers tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tried {
    /// Officers.
    pub officers: u64,
    /// Quarters planned in a row with them.
    pub quarters_planned: u64,
}

/// The officers needed up to one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuarterStaffing {
    /// The quarter.
    pub quarter: Quarter,
    /// The least number of officers for which every quarter up to and
    /// including this one plans.
    pub officers_needed: Option<u64>,
    /// Shortfall against the officers now.
    pub shortfall: Option<u64>,
    /// Own visits this quarter when staffed with `officers_needed` of the
    /// year.
    pub visits: Option<u64>,
}

/// Where today's staff first fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CurrentFailure {
    /// The quarter.
    pub quarter: Quarter,
    /// The planner's message.
    pub why: String,
}

/// The least number of officers per drawing unit, at `capacity` visits per
/// officer per quarter, for which every quarter from the request's to the
/// end of its year plans, each fed the earlier ones as history.
///
/// Each unit is answered on its own (its objects, its history, its
/// officers; the other units' draws do not touch it), in parallel, with
/// the same answer at any thread count. The request's seed is used (or
/// [`ANALYSIS_SEED`](super::year::ANALYSIS_SEED) when it has none).
///
/// # Errors
/// [`StaffingError`]: a zero capacity, a policy that covers no quarter
/// left, or a request at fault whatever the staff.
pub fn staffing(request: &PlanRequest, capacity: u32) -> Result<Staffing, StaffingError> {
    let quarters = quarters_left(request)?;
    // Every unit's answer kept, then the first failure in unit order: a
    // parallel collect into a `Result` gives whichever a thread met first.
    let units: Vec<Result<_, _>> =
        request.units.par_iter().map(|unit| unit_staffing(request, unit, capacity, &quarters)).collect();
    let units = units.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Staffing { capacity, quarters, seed: seed_of(request), units })
}

/// [`staffing`] for one unit.
///
/// # Errors
/// As [`staffing`], and [`StaffingError::UnknownUnit`].
pub fn unit_answer(request: &PlanRequest, unit: &str, capacity: u32) -> Result<UnitStaffing, StaffingError> {
    if !request.units.iter().any(|u| u == unit) {
        return Err(StaffingError::UnknownUnit { unit: unit.to_owned(), units: request.units.join(", ") });
    }
    unit_staffing(request, unit, capacity, &quarters_left(request)?)
}

/// The least number of officers of `capacity` for which the request's own
/// quarter plans in `unit` (the answer a planner's staffing error gives).
///
/// # Errors
/// As [`unit_answer`].
pub fn least_for_quarter(request: &PlanRequest, unit: &str, capacity: u32) -> Result<Option<u64>, StaffingError> {
    if !request.units.iter().any(|u| u == unit) {
        return Err(StaffingError::UnknownUnit { unit: unit.to_owned(), units: request.units.join(", ") });
    }
    let mut probe = Probe::new(request, unit, capacity, vec![request.quarter])?;
    probe.least(1)
}

/// The request as it would be if `unit` had exactly `n` certified, on-post
/// officers of `capacity`: its own officers in id order first (their
/// capacity set to `capacity`; those beyond `n` marked off post), then
/// hypothetical ones (`<unit>#staff-<k>`, no expertise, no recusals). Only
/// the unit, its objects, their history and targeted visits are kept;
/// other inspectors stay as they are.
pub fn with_officers(request: &PlanRequest, unit: &str, n: u64, capacity: u32) -> PlanRequest {
    let mut r = unit_request(request, unit);
    let keep = usize::try_from(n).unwrap_or(usize::MAX);
    let mut own: Vec<&mut Inspector> =
        r.registry.inspectors.iter_mut().filter(|i| i.jurisdiction == unit && i.is_certified_officer()).collect();
    own.sort_by(|a, b| a.id.cmp(&b.id));
    let kept = own.len().min(keep);
    for (k, officer) in own.into_iter().enumerate() {
        officer.quarterly_capacity = capacity;
        // Beyond `n`, as if off post: never drawn or counted, while earlier
        // visits that name them stay valid.
        officer.on_post = k < keep;
    }
    r.registry.inspectors.extend((1..=keep - kept).map(|k| {
        let mut p = Inspector::officer(format!("{unit}#staff-{k:04}"), unit, capacity);
        p.name = format!("假设执法人员 {k}");
        p
    }));
    r
}

/// The request narrowed to one unit: its objects, their history and
/// targeted visits (every jurisdiction and inspector kept, recusals for
/// the objects left out dropped, so references stay valid).
fn unit_request(request: &PlanRequest, unit: &str) -> PlanRequest {
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let mine = |jurisdiction: &str| unit_of.get(jurisdiction).is_some_and(|u| *u == unit);
    let mut registry = request.registry.clone();
    registry.objects.retain(|o| mine(&o.jurisdiction));
    let ids: HashSet<String> = registry.objects.iter().map(|o| o.id.clone()).collect();
    // Recusals for the objects left out would name unknown objects.
    for i in &mut registry.inspectors {
        i.recusals.retain(|o| ids.contains(o));
    }
    let history = request.history.iter().filter(|i| ids.contains(i.object.as_str())).cloned().collect();
    let targeted = request.targeted.iter().filter(|t| ids.contains(t.object.as_str())).cloned().collect();
    PlanRequest { registry, history, targeted, units: vec![unit.to_owned()], ..request.clone() }
}

fn quarters_left(request: &PlanRequest) -> Result<Vec<Quarter>, StaffingError> {
    let quarters = rest_of_year(&request.policy, request.quarter);
    if quarters.is_empty() {
        return Err(StaffingError::NoQuarters {
            policy: request.policy.id.clone(),
            year: request.quarter.year(),
            from: request.quarter,
        });
    }
    Ok(quarters)
}

fn unit_staffing(
    request: &PlanRequest,
    unit: &str,
    capacity: u32,
    quarters: &[Quarter],
) -> Result<UnitStaffing, StaffingError> {
    let officers: Vec<&Inspector> =
        request.registry.inspectors.iter().filter(|i| i.jurisdiction == unit && i.is_certified_officer()).collect();
    let officers_now = officers.len() as u64;
    let capacity_now = officers.iter().map(|i| u64::from(i.quarterly_capacity)).sum();
    let current_fails = current_failure(request, unit, quarters)?;

    let mut probe = Probe::new(request, unit, capacity, quarters.to_vec())?;
    let mut per_quarter = Vec::with_capacity(quarters.len());
    for j in 1..=quarters.len() {
        per_quarter.push(probe.least(j)?);
    }
    let officers_needed = per_quarter.last().copied().flatten();
    let visits = officers_needed.map(|n| probe.outcome(n).map(|o| o.visits.clone())).transpose()?;
    let blocked = match officers_needed {
        Some(_) => None,
        None => probe.outcome(probe.limit)?.why.clone(),
    };
    let shortfall = |needed: Option<u64>| needed.map(|n| n.saturating_sub(officers_now));
    let quarters = quarters
        .iter()
        .zip(per_quarter)
        .enumerate()
        .map(|(index, (quarter, needed))| QuarterStaffing {
            quarter: *quarter,
            officers_needed: needed,
            shortfall: shortfall(needed),
            visits: visits.as_ref().and_then(|v| v.get(index).copied()),
        })
        .collect();
    let seed_matters = seed_matters(request, unit);
    Ok(UnitStaffing {
        seed_matters,
        unit: unit.to_owned(),
        officers_now,
        capacity_now,
        officers_needed,
        shortfall: shortfall(officers_needed),
        blocked,
        quarters,
        current_fails,
        tried: probe.tried.iter().map(|(n, o)| Tried { officers: *n, quarters_planned: o.planned as u64 }).collect(),
    })
}

/// Whether the draw can change the answer for `unit`: recusals among its
/// people, or objects, campaigns or pools whose visits need expertise.
fn seed_matters(request: &PlanRequest, unit: &str) -> bool {
    let narrowed = unit_request(request, unit);
    let recusals = narrowed.registry.inspectors.iter().any(|i| i.jurisdiction == unit && !i.recusals.is_empty());
    let pools = narrowed.registry.objects.iter().any(|o| o.radiation.is_some() || o.hazardous_waste.is_some());
    recusals || pools || !request.campaigns.is_empty() || request.policy.matters.iter().any(|m| m.expertise.is_some())
}

fn current_failure(
    request: &PlanRequest,
    unit: &str,
    quarters: &[Quarter],
) -> Result<Option<CurrentFailure>, StaffingError> {
    match run(&unit_request(request, unit), quarters).failure {
        None => Ok(None),
        Some((_, e)) if e.is_bad_input() => Err(StaffingError::Plan(e)),
        Some((quarter, e)) => Ok(Some(CurrentFailure { quarter, why: e.to_string() })),
    }
}

/// One number of officers tried: how many quarters planned in a row, the
/// own visits of each, and why the next one failed.
#[derive(Debug, Clone)]
struct Outcome {
    planned: usize,
    visits: Vec<u64>,
    why: Option<String>,
}

/// Plans a unit's quarters with `n` officers, remembering every `n` tried.
struct Probe<'a> {
    request: &'a PlanRequest,
    unit: &'a str,
    capacity: u32,
    quarters: Vec<Quarter>,
    /// A number of officers with capacity for every object of the unit
    /// twice over each quarter: above it officers add nothing.
    limit: u64,
    tried: BTreeMap<u64, Outcome>,
}

impl<'a> Probe<'a> {
    fn new(
        request: &'a PlanRequest,
        unit: &'a str,
        capacity: u32,
        quarters: Vec<Quarter>,
    ) -> Result<Self, StaffingError> {
        if capacity == 0 {
            return Err(StaffingError::ZeroCapacity);
        }
        let objects = with_officers(request, unit, 0, capacity).registry.objects.len() as u64;
        let limit = (2 * objects).div_ceil(u64::from(capacity)).max(2) + 2;
        Ok(Probe { request, unit, capacity, quarters, limit, tried: BTreeMap::new() })
    }

    fn outcome(&mut self, n: u64) -> Result<&Outcome, StaffingError> {
        let outcome = match self.tried.get(&n) {
            Some(known) => known.clone(),
            None => self.try_with(n)?,
        };
        Ok(self.tried.entry(n).or_insert(outcome))
    }

    fn try_with(&self, n: u64) -> Result<Outcome, StaffingError> {
        let result = run(&with_officers(self.request, self.unit, n, self.capacity), &self.quarters);
        let why = match result.failure {
            Some((_, e)) if e.is_bad_input() => return Err(StaffingError::Plan(e)),
            Some((quarter, e)) => Some(format!("{quarter}: {e}")),
            None => None,
        };
        let visits = result.plans.iter().map(own_visits).collect();
        Ok(Outcome { planned: result.plans.len(), visits, why })
    }

    fn plans(&mut self, n: u64, quarters: usize) -> Result<bool, StaffingError> {
        Ok(self.outcome(n)?.planned >= quarters)
    }

    /// The least `n` for which the first `quarters` quarters plan: galloping
    /// up from 0 to the limit, then halving the last step. Feasibility rises
    /// with `n` (more officers add capacity; the extra minimum they bring is
    /// capped at the population), so the answer plans and `n − 1` does not.
    fn least(&mut self, quarters: usize) -> Result<Option<u64>, StaffingError> {
        if self.plans(0, quarters)? {
            return Ok(Some(0));
        }
        let (mut low, mut high) = (0, 2);
        while !self.plans(high, quarters)? {
            if high >= self.limit {
                return Ok(None);
            }
            low = high;
            high = (high * 2).min(self.limit);
        }
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if self.plans(mid, quarters)? {
                high = mid;
            } else {
                low = mid;
            }
        }
        Ok(Some(high))
    }
}

fn own_visits(plan: &crate::plan::QuarterPlan) -> u64 {
    plan.tasks.iter().filter(|t| matches!(t.visit, Visit::Own { .. })).count() as u64
}
