//! `verify_plan`: is this plan exactly the one its request draws?
//!
//! Two steps, cheapest first:
//!
//! 1. the request's commitment digest ([`crate::request::canonical`]) must
//!    equal the one the plan records — otherwise the inputs are not those
//!    the plan was drawn from ([`VerifyError::CommitmentMismatch`]);
//! 2. the request is planned again ([`crate::plan_quarter`]) and the result
//!    is compared with the plan field by field, each field as the typed
//!    value it is (a team `["A","B"]` is never equal to `["A,B"]`): header,
//!    each stratum (by its name, then every field of its key too), each
//!    task (by unit and object). Every difference is reported
//!    ([`VerifyError::Differs`]), not only the first.
//!
//! The cost is one `plan_quarter` plus a linear comparison (tasks and
//! strata are indexed by key in hash maps).
//!
//! ```
//! use shuangsuiji::{plan_quarter, rules, sample, verify_plan, PlanRequest, VerifyError};
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(8, 4, 40, 6),
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
//!     seed: "73059812460917733531".into(),
//! };
//! let mut plan = plan_quarter(&request)?;
//! assert_eq!(verify_plan(&plan, &request), Ok(()));
//! plan.tasks[0].month = if plan.tasks[0].month == 1 { 2 } else { 1 };
//! assert!(matches!(verify_plan(&plan, &request), Err(VerifyError::Differs(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use super::strata::committed_strata;
pub use super::strata::stratum_name;
use crate::model::Id;
use crate::plan::{
    plan_checked, plan_committed, CheckedRequest, Cover, PlanError, QuarterPlan, StratumLine, Task, Visit,
};
use crate::request::{commitment_digest, PlanRequest};

/// One way a plan differs from the plan its request draws.
///
/// `expected` is always the value the request gives (the re-derived plan);
/// `found` the value in the plan under verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// A header field (`format`, `policy`, `quarter`, `units`, `seed`).
    Header {
        /// The field.
        field: &'static str,
        /// Re-derived value.
        expected: String,
        /// Value in the plan.
        found: String,
    },
    /// A field of one stratum's line.
    Stratum {
        /// The stratum (`unit/pool/category[/tier]` or `unit/campaign/id`).
        stratum: String,
        /// The field (`eligible`, `required`, `drawn`, `seed_string`, …).
        field: &'static str,
        /// Re-derived value.
        expected: String,
        /// Value in the plan.
        found: String,
    },
    /// A stratum the request draws is missing from the plan.
    StratumMissing {
        /// The stratum.
        stratum: String,
    },
    /// The plan has a stratum the request does not draw (or lists it twice).
    StratumExtra {
        /// The stratum.
        stratum: String,
    },
    /// A task the request draws is missing from the plan.
    TaskMissing {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
    },
    /// The plan has a task the request does not draw (or lists it twice).
    TaskExtra {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
    },
    /// A field of one task: `month`, `mode`, `covers`, `officers`, ….
    Task {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The field.
        field: &'static str,
        /// Re-derived value.
        expected: String,
        /// Value in the plan.
        found: String,
    },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Header { field, expected, found } => {
                write!(f, "plan {field}: the request gives `{expected}`, the plan has `{found}`")
            }
            Difference::Stratum { stratum, field, expected, found } => {
                write!(f, "stratum {stratum}: {field} should be `{expected}`, the plan has `{found}`")
            }
            Difference::StratumMissing { stratum } => {
                write!(f, "stratum {stratum}: drawn by the request but missing from the plan")
            }
            Difference::StratumExtra { stratum } => {
                write!(f, "stratum {stratum}: in the plan but not drawn by the request (or listed twice)")
            }
            Difference::TaskMissing { unit, object } => {
                write!(f, "task {unit}/{object}: drawn by the request but missing from the plan")
            }
            Difference::TaskExtra { unit, object } => {
                write!(f, "task {unit}/{object}: in the plan but not drawn by the request (or listed twice)")
            }
            Difference::Task { unit, object, field, expected, found } => {
                write!(f, "task {unit}/{object}: {field} should be `{expected}`, the plan has `{found}`")
            }
        }
    }
}

/// Why a plan does not verify against a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The request's commitment digest is not the one the plan records.
    #[error("commitment mismatch: the plan was drawn from inputs with commitment {expected}, but the request given has commitment {found}; the registry, history, policy, units, quarter, campaigns, targeted visits or seed rule are not those the plan was drawn from")]
    CommitmentMismatch {
        /// The commitment recorded in the plan.
        expected: String,
        /// The commitment of the request given.
        found: String,
    },
    /// The request cannot be planned at all.
    #[error("the request cannot be planned, so no plan can match it: {0}")]
    Replan(PlanError),
    /// The plan differs from the one the request draws.
    #[error("{}", differences_text(.0))]
    Differs(Vec<Difference>),
    /// The strata root the request says was committed is not the root of
    /// the strata it draws: a record checked against the commitment alone
    /// would not hold.
    #[error("the committed strata root {committed} is not the root of the strata the request draws ({found})")]
    Strata {
        /// The root in `committed.strata`.
        committed: String,
        /// The root of the strata drawn.
        found: String,
    },
}

fn differences_text(diffs: &[Difference]) -> String {
    let mut s = format!("the plan differs from the one its request draws in {} place(s):", diffs.len());
    for d in diffs {
        s.push_str("\n  - ");
        s.push_str(&d.to_string());
    }
    s
}

/// Verifies that `plan` is exactly the plan `request` draws.
///
/// # Errors
/// [`VerifyError::CommitmentMismatch`] when the request is not the one the
/// plan was drawn from; [`VerifyError::Replan`] when the request cannot be
/// planned; [`VerifyError::Differs`] listing every difference otherwise.
pub fn verify_plan(plan: &QuarterPlan, request: &PlanRequest) -> Result<(), VerifyError> {
    // Re-plan with the commitment hashed beside the draw (as planning
    // does), then compare the commitment first: changed inputs are named
    // as such rather than as the differences they cause.
    verify_replanned(plan, plan_committed(request, None), || commitment_digest(request))?;
    check_committed_strata(request)
}

/// The request's committed strata root, if it has one, is the root of the
/// strata it draws.
fn check_committed_strata(request: &PlanRequest) -> Result<(), VerifyError> {
    let Some(committed) = &request.committed else { return Ok(()) };
    let found = committed_strata(request).map_err(VerifyError::Replan)?;
    if found != committed.strata {
        return Err(VerifyError::Strata { committed: committed.strata.clone(), found });
    }
    Ok(())
}

/// [`verify_plan`] for a request checked already: not checked again, and
/// its commitment digest hashed once, whether asked for before
/// ([`CheckedRequest::commitment_digest`], as a commitment's check does)
/// or by the re-plan.
///
/// ```
/// use shuangsuiji::audit::verify::{verify_checked, VerifyError};
/// use shuangsuiji::plan::{plan_quarter, CheckedRequest};
/// use shuangsuiji::{rules, sample, PlanRequest};
/// let request = PlanRequest::new(
///     sample::county(8, 4, 40, 6),
///     rules::preset("changji-county")?,
///     vec![sample::COUNTY.into()],
///     "2023Q2".parse()?,
///     "20230401",
/// );
/// let mut plan = plan_quarter(&request)?;
/// let checked = CheckedRequest::new(request)?;
/// verify_checked(&plan, &checked)?;
/// plan.tasks.pop();
/// assert!(matches!(verify_checked(&plan, &checked), Err(VerifyError::Differs(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`verify_plan`].
pub fn verify_checked(plan: &QuarterPlan, request: &CheckedRequest) -> Result<(), VerifyError> {
    verify_replanned(plan, plan_checked(request), || request.commitment_digest().to_owned())?;
    check_committed_strata(request.request())
}

/// Compares `plan` with the re-plan `expected`; `digest` is the request's
/// commitment, to tell a request that cannot be planned from one that is
/// not the plan's.
fn verify_replanned(
    plan: &QuarterPlan,
    expected: Result<QuarterPlan, PlanError>,
    digest: impl FnOnce() -> String,
) -> Result<(), VerifyError> {
    let mismatch = |found: String| VerifyError::CommitmentMismatch { expected: plan.commitment.clone(), found };
    let expected = match expected {
        Ok(expected) => expected,
        Err(e) => {
            let found = digest();
            return Err(if found == plan.commitment { VerifyError::Replan(e) } else { mismatch(found) });
        }
    };
    if expected.commitment != plan.commitment {
        return Err(mismatch(expected.commitment));
    }
    let diffs = compare_plans(&expected, plan);
    // A national plan is millions of small allocations: freed on every
    // core, as they were made (a tenth of verify's time on one).
    expected.tasks.into_par_iter().for_each(drop);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(VerifyError::Differs(diffs))
    }
}

/// Collects the differences of typed values: a field is compared as the
/// value it is (a list as a list, never as joined text) and shown as JSON.
struct Fields<F>(F);

impl<F: FnMut(&'static str, String, String)> Fields<F> {
    fn new(push: F) -> Self {
        Fields(push)
    }

    fn cmp<T: PartialEq + serde::Serialize + ?Sized>(&mut self, field: &'static str, expected: &T, found: &T) {
        if expected != found {
            (self.0)(field, json(expected), json(found));
        }
    }
}

/// Every difference between the re-derived plan `expected` and `found`
/// (empty when they are equal up to the order of strata and tasks).
pub fn compare_plans(expected: &QuarterPlan, found: &QuarterPlan) -> Vec<Difference> {
    let mut diffs = Vec::new();
    let mut header = Fields::new(|field, expected, found| diffs.push(Difference::Header { field, expected, found }));
    header.cmp("format", &expected.format, &found.format);
    header.cmp("policy", &expected.policy, &found.policy);
    header.cmp("assumptions", &expected.assumptions, &found.assumptions);
    header.cmp("quarter", &expected.quarter, &found.quarter);
    header.cmp("month", &expected.month, &found.month);
    header.cmp("units", &expected.units, &found.units);
    header.cmp("commitment", &expected.commitment, &found.commitment);
    header.cmp("seed_rule", &expected.seed_rule, &found.seed_rule);
    header.cmp("draw_date", &expected.draw_date, &found.draw_date);
    header.cmp("late_reason", &expected.late_reason, &found.late_reason);
    header.cmp("outside_window", &expected.outside_window, &found.outside_window);
    header.cmp("seed", &expected.seed, &found.seed);
    compare_strata(&expected.strata, &found.strata, &mut diffs);
    compare_tasks(&expected.tasks, &found.tasks, &mut diffs);
    diffs
}

fn compare_strata(expected: &[StratumLine], found: &[StratumLine], diffs: &mut Vec<Difference>) {
    let mut index: HashMap<String, &StratumLine> = HashMap::with_capacity_and_hasher(found.len(), Default::default());
    let mut extra: Vec<String> = Vec::new();
    for line in found {
        let name = stratum_name(line);
        if index.insert(name.clone(), line).is_some() {
            extra.push(name);
        }
    }
    for e in expected {
        let name = stratum_name(e);
        let Some(f) = index.remove(&name) else {
            diffs.push(Difference::StratumMissing { stratum: name });
            continue;
        };
        if e == f {
            continue;
        }
        let mut field = Fields::new(|field, expected, found| {
            diffs.push(Difference::Stratum { stratum: name.clone(), field, expected, found });
        });
        // Every field, the key's parts too: a campaign's line is found by
        // name, so its pool, category or tier could change unseen otherwise.
        field.cmp("stratum", &e.stratum, &f.stratum);
        field.cmp("campaign", &e.campaign, &f.campaign);
        field.cmp("expertise", &e.expertise, &f.expertise);
        field.cmp("seed_string", &e.seed_string, &f.seed_string);
        field.cmp("eligible", &e.eligible, &f.eligible);
        field.cmp("inspected_this_year", &e.inspected_this_year, &f.inspected_this_year);
        field.cmp("inspected_in_cycle", &e.inspected_in_cycle, &f.inspected_in_cycle);
        field.cmp("required", &e.required, &f.required);
        field.cmp("drawn", &e.drawn, &f.drawn);
        field.cmp("joint_with_other_level", &e.joint_with_other_level, &f.joint_with_other_level);
        field.cmp("set_aside", &e.set_aside, &f.set_aside);
        field.cmp("uninspected_first", &e.uninspected_first, &f.uninspected_first);
        field.cmp("month_share", &e.month_share, &f.month_share);
        field.cmp("demands", &e.demands, &f.demands);
    }
    let mut left: Vec<String> = index.into_keys().chain(extra).collect();
    left.sort();
    diffs.extend(left.into_iter().map(|stratum| Difference::StratumExtra { stratum }));
}

fn compare_tasks(expected: &[Task], found: &[Task], diffs: &mut Vec<Difference>) {
    // A faithful plan lists the same tasks in the same order: check that in
    // one pass (on both cores) before indexing hundreds of thousands of
    // tasks by key.
    if expected.len() == found.len() && expected.par_iter().zip(found).all(|(e, f)| e == f) {
        return;
    }
    let mut index: HashMap<(&str, &str), &Task> = HashMap::with_capacity_and_hasher(found.len(), Default::default());
    let mut extra: Vec<(Id, Id)> = Vec::new();
    for t in found {
        if index.insert((t.unit.as_str(), t.object.as_str()), t).is_some() {
            extra.push((t.unit.to_string(), t.object.clone()));
        }
    }
    for e in expected {
        let Some(f) = index.remove(&(e.unit.as_str(), e.object.as_str())) else {
            diffs.push(Difference::TaskMissing { unit: e.unit.to_string(), object: e.object.clone() });
            continue;
        };
        compare_task(e, f, diffs);
    }
    let mut left: Vec<(Id, Id)> = index.into_keys().map(|(u, o)| (u.to_owned(), o.to_owned())).chain(extra).collect();
    left.sort();
    diffs.extend(left.into_iter().map(|(unit, object)| Difference::TaskExtra { unit, object }));
}

fn compare_task(e: &Task, f: &Task, diffs: &mut Vec<Difference>) {
    // Equal tasks have no differing field; only unequal ones are rendered
    // field by field (most of verify's cost at national scale otherwise).
    if e == f {
        return;
    }
    let mut field = Fields::new(|field, expected, found| {
        diffs.push(Difference::Task { unit: e.unit.to_string(), object: e.object.clone(), field, expected, found });
    });
    field.cmp("object_name", &e.object_name, &f.object_name);
    field.cmp("month", &e.month, &f.month);
    field.cmp("mode", &e.mode, &f.mode);
    field.cmp("mode_reason", &e.mode_reason, &f.mode_reason);
    field.cmp("covers", &sorted(&e.covers), &sorted(&f.covers));
    field.cmp("targeted", &e.targeted, &f.targeted);
    field.cmp("pools", &e.pools, &f.pools);
    field.cmp("expertise", &e.expertise, &f.expertise);
    field.cmp("check_items", &e.check_items, &f.check_items);
    match (&e.visit, &f.visit) {
        (Visit::Own { officers: eo, joining: ej }, Visit::Own { officers: fo, joining: fj }) => {
            field.cmp("officers", eo, fo);
            field.cmp("joining", ej, fj);
        }
        (Visit::JointWithOtherLevel { with: ew }, Visit::JointWithOtherLevel { with: fw }) => {
            field.cmp("joint visit with", ew, fw);
        }
        (ev, fv) => field.cmp("visit", ev, fv),
    }
}

fn sorted(covers: &[Cover]) -> Vec<&Cover> {
    let mut v: Vec<&Cover> = covers.iter().collect();
    v.sort();
    v
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
