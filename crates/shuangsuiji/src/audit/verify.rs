//! `verify_plan`: is this plan exactly the one its request draws?
//!
//! Two steps, cheapest first:
//!
//! 1. the request's input digest ([`crate::request::digest`]) must equal the digest
//!    the plan records — otherwise the inputs are not those the plan was
//!    drawn from ([`VerifyError::DigestMismatch`]);
//! 2. the request is planned again ([`crate::plan_quarter`]) and the result is
//!    compared with the plan field by field: header, each stratum (by its
//!    name), each task (by unit and object). Every difference is reported
//!    ([`VerifyError::Differs`]), not only the first.
//!
//! The cost is one `plan_quarter` plus a linear comparison (tasks and
//! strata are indexed by key in hash maps).
//!
//! ```
//! use shuangsuiji::{plan_quarter, rules, sample, verify_plan, PlanRequest, VerifyError};
//! let request = PlanRequest {
//!     registry: sample::county(8, 4, 40, 6),
//!     policy: rules::changji::county_or_park(),
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![],
//!     targeted: vec![],
//!     campaigns: vec![],
//!     seed: "73059812460917733531".into(),
//! };
//! let mut plan = plan_quarter(&request)?;
//! assert_eq!(verify_plan(&plan, &request), Ok(()));
//! plan.tasks[0].month = if plan.tasks[0].month == 1 { 2 } else { 1 };
//! assert!(matches!(verify_plan(&plan, &request), Err(VerifyError::Differs(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use crate::model::Id;
use crate::plan::{plan_with_digest, Cover, PlanError, QuarterPlan, StratumLine, Task, Visit};
use crate::request::{input_digest, PlanRequest};

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
    /// The request's digest is not the one the plan records.
    #[error("input digest mismatch: the plan was drawn from inputs with digest {expected}, but the request given has digest {found}; the registry, history, policy, units, quarter or seed are not those the plan was drawn from")]
    DigestMismatch {
        /// The digest recorded in the plan.
        expected: String,
        /// The digest of the request given.
        found: String,
    },
    /// The request cannot be planned at all.
    #[error("the request cannot be planned, so no plan can match it: {0}")]
    Replan(PlanError),
    /// The plan differs from the one the request draws.
    #[error("{}", differences_text(.0))]
    Differs(Vec<Difference>),
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
/// [`VerifyError::DigestMismatch`] when the request is not the one the plan
/// was drawn from; [`VerifyError::Replan`] when the request cannot be
/// planned; [`VerifyError::Differs`] listing every difference otherwise.
pub fn verify_plan(plan: &QuarterPlan, request: &PlanRequest) -> Result<(), VerifyError> {
    let found = input_digest(request);
    if found != plan.input_digest {
        return Err(VerifyError::DigestMismatch { expected: plan.input_digest.clone(), found });
    }
    let expected = plan_with_digest(request, found).map_err(VerifyError::Replan)?;
    let diffs = compare_plans(&expected, plan);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(VerifyError::Differs(diffs))
    }
}

/// Every difference between the re-derived plan `expected` and `found`
/// (empty when they are equal up to the order of strata and tasks).
pub fn compare_plans(expected: &QuarterPlan, found: &QuarterPlan) -> Vec<Difference> {
    let mut diffs = Vec::new();
    let mut header = |field: &'static str, e: String, f: String| {
        if e != f {
            diffs.push(Difference::Header { field, expected: e, found: f });
        }
    };
    header("format", expected.format.clone(), found.format.clone());
    header("policy", expected.policy.clone(), found.policy.clone());
    header("quarter", expected.quarter.to_string(), found.quarter.to_string());
    header("units", expected.units.join(","), found.units.join(","));
    header("seed", expected.seed.clone(), found.seed.clone());
    header("input_digest", expected.input_digest.clone(), found.input_digest.clone());
    compare_strata(&expected.strata, &found.strata, &mut diffs);
    compare_tasks(&expected.tasks, &found.tasks, &mut diffs);
    diffs
}

/// The name of a stratum line: its key, or `unit/campaign/id`.
pub fn stratum_name(line: &StratumLine) -> String {
    match &line.campaign {
        Some(c) => format!("{}/campaign/{c}", line.stratum.unit),
        None => line.stratum.to_string(),
    }
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
        let mut field = |field: &'static str, ev: String, fv: String| {
            if ev != fv {
                diffs.push(Difference::Stratum { stratum: name.clone(), field, expected: ev, found: fv });
            }
        };
        field("eligible", e.eligible.to_string(), f.eligible.to_string());
        field("required", e.required.to_string(), f.required.to_string());
        field("drawn", e.drawn.to_string(), f.drawn.to_string());
        field("seed_string", e.seed_string.clone(), f.seed_string.clone());
        field("inspected_this_year", e.inspected_this_year.to_string(), f.inspected_this_year.to_string());
        field("joint_with_other_level", e.joint_with_other_level.to_string(), f.joint_with_other_level.to_string());
        field("set_aside", e.set_aside.to_string(), f.set_aside.to_string());
        field("uninspected_first", e.uninspected_first.to_string(), f.uninspected_first.to_string());
        if e.demands != f.demands {
            field("demands", json(&e.demands), json(&f.demands));
        }
    }
    let mut left: Vec<String> = index.into_keys().chain(extra).collect();
    left.sort();
    diffs.extend(left.into_iter().map(|stratum| Difference::StratumExtra { stratum }));
}

fn compare_tasks(expected: &[Task], found: &[Task], diffs: &mut Vec<Difference>) {
    // A faithful plan lists the same tasks in the same order: check that in
    // one pass before indexing hundreds of thousands of tasks by key.
    if expected == found {
        return;
    }
    let mut index: HashMap<(&str, &str), &Task> = HashMap::with_capacity_and_hasher(found.len(), Default::default());
    let mut extra: Vec<(Id, Id)> = Vec::new();
    for t in found {
        if index.insert((t.unit.as_str(), t.object.as_str()), t).is_some() {
            extra.push((t.unit.clone(), t.object.clone()));
        }
    }
    for e in expected {
        let Some(f) = index.remove(&(e.unit.as_str(), e.object.as_str())) else {
            diffs.push(Difference::TaskMissing { unit: e.unit.clone(), object: e.object.clone() });
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
    let mut field = |field: &'static str, ev: String, fv: String| {
        if ev != fv {
            diffs.push(Difference::Task {
                unit: e.unit.clone(),
                object: e.object.clone(),
                field,
                expected: ev,
                found: fv,
            });
        }
    };
    field("object_name", e.object_name.clone(), f.object_name.clone());
    field("month", e.month.to_string(), f.month.to_string());
    field("mode", json(&e.mode), json(&f.mode));
    field("mode_reason", e.mode_reason.clone().unwrap_or_default(), f.mode_reason.clone().unwrap_or_default());
    field("covers", covers_text(&e.covers), covers_text(&f.covers));
    field("targeted", json(&e.targeted), json(&f.targeted));
    field("pools", json(&e.pools), json(&f.pools));
    field("expertise", json(&e.expertise), json(&f.expertise));
    field("check_items", e.check_items.join("; "), f.check_items.join("; "));
    match (&e.visit, &f.visit) {
        (Visit::Own { officers: eo, joining: ej }, Visit::Own { officers: fo, joining: fj }) => {
            field("officers", eo.join(","), fo.join(","));
            field("joining", ej.join(","), fj.join(","));
        }
        (Visit::JointWithOtherLevel { with: ew }, Visit::JointWithOtherLevel { with: fw }) => {
            field("joint visit with", ew.join(","), fw.join(","));
        }
        (ev, fv) => field("visit", json(ev), json(fv)),
    }
}

/// Covers as `stratum ticket`, sorted, joined by `; `.
fn covers_text(covers: &[Cover]) -> String {
    let mut by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in covers {
        by.entry(c.stratum.as_str()).or_default().push(c.ticket.as_str());
    }
    by.iter().map(|(s, t)| format!("{s} ticket {}", t.join("/"))).collect::<Vec<_>>().join("; ")
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
