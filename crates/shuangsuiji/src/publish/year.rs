//! The year's chain: earlier plans, their amendment logs and results turned
//! into the history of the next draw, and what the year still owes.
//!
//! Each quarter's draws feed the next (the year's 1:N total, "every key
//! unit once a year", 000 §四), and the prefecture's and the counties'
//! plans see each other (001 §二, §三（四）). A bureau should not build that
//! history by hand:
//!
//! * [`history_from_plan`] turns a plan (its amended form, from the log)
//!   into inspections — one per task, by the task's unit, with its team and
//!   pools, dated by its result when one is recorded and otherwise the 15th
//!   of its month (a plan not yet carried out counts as planned);
//! * [`history_from_results`] turns a results file alone into inspections
//!   (each a random inspection, since a result does not say);
//! * [`year_status`] says, per stratum, what is done this year through a
//!   quarter, what the year still owes, and which key units are not yet
//!   inspected.
//!
//! Another level's plan for the same quarter enters the same way: its
//! tasks, dated in the quarter and made by its units, are the visits
//! another level plans — joined once under mutual recognition, set aside
//! under `set_aside` ([`OtherLevelVisits`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Category, Id, Inspection, InspectionKind, Pool, Quarter};
use crate::plan::quota::{quarter_quotas, QuotaError};
use crate::plan::stratum::{stratify, unit_of_jurisdiction, StratumKey};
use crate::plan::QuarterPlan;
use crate::request::PlanRequest;
use crate::rules::OtherLevelVisits;

use super::results::InspectionResult;

/// The history a plan leaves: one inspection per task, by its unit, with
/// its team and pools, dated by its latest result in `results` (whose
/// inspectors then are the team that went) or else the 15th of its month.
/// Random tasks are random inspections, purely targeted ones targeted.
pub fn history_from_plan(plan: &QuarterPlan, results: &[InspectionResult]) -> Vec<Inspection> {
    let mut latest: HashMap<(&str, &str), &InspectionResult> = HashMap::new();
    for r in results {
        let e = latest.entry((r.unit.as_str(), r.object.as_str())).or_insert(r);
        if r.date > e.date {
            *e = r;
        }
    }
    plan.tasks
        .iter()
        .filter_map(|t| {
            let result = latest.get(&(t.unit.as_str(), t.object.as_str()));
            let date = match result {
                Some(r) => r.date,
                None => NaiveDate::from_ymd_opt(plan.quarter.year(), t.month, 15)?,
            };
            let inspectors = match result {
                Some(r) if !r.inspectors.is_empty() => r.inspectors.clone(),
                _ => t.officers().to_vec(),
            };
            Some(Inspection {
                object: t.object.clone(),
                by: t.unit.to_string(),
                date,
                kind: if t.is_random() { InspectionKind::Random } else { InspectionKind::Targeted },
                pools: t.pools.clone(),
                inspectors,
            })
        })
        .collect()
}

/// The history a results file leaves when its plan is not at hand: each
/// result a random pollution-source inspection by its unit, on its date,
/// by its inspectors.
pub fn history_from_results(results: &[InspectionResult]) -> Vec<Inspection> {
    results
        .iter()
        .map(|r| Inspection {
            object: r.object.clone(),
            by: r.unit.clone(),
            date: r.date,
            kind: InspectionKind::Random,
            pools: BTreeSet::from([Pool::Pollution]),
            inspectors: r.inspectors.clone(),
        })
        .collect()
}

/// Where a stratum stands in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StratumStatus {
    /// The stratum (`unit/pool/category[/tier]`).
    pub stratum: String,
    /// The stratum's parts.
    pub key: StratumKey,
    /// Eligible objects.
    pub eligible: u64,
    /// Of those, inspected at random this year up to the end of the quarter
    /// (by this unit; by any level under mutual recognition).
    pub done: u64,
    /// The year's total the yearly rules ask for, if one does (the largest).
    pub yearly_total: Option<u64>,
    /// What the year still owes: the yearly total less what is done.
    pub still_owed: Option<u64>,
}

/// The year as it stands at the end of a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearStatus {
    /// The quarter the figures run through.
    pub through: Quarter,
    /// Per stratum.
    pub strata: Vec<StratumStatus>,
    /// Per drawing unit, its key objects (pollution pool) not inspected at
    /// random this year by the end of the quarter, sorted: "every key unit
    /// once a year" (000 §四.1) is still owed for each of them.
    pub key_not_yet_inspected: BTreeMap<Id, Vec<Id>>,
}

/// The year of `request` through the end of its quarter, its history
/// holding the year so far — the quarter's own plan included: per stratum
/// what is done and what the yearly rules still ask; and the key units not
/// yet inspected.
///
/// # Errors
/// [`QuotaError`] when the quotas cannot be computed (units of the wrong
/// level, a policy out of validity).
pub fn year_status(request: &PlanRequest) -> Result<YearStatus, QuotaError> {
    let input = request.quota_input();
    let lines = quarter_quotas(&input)?;
    let strata = stratify(&input);
    let (start, end) = (request.quarter.first_day(), request.quarter.last_day());
    let joint = request.policy.readings.other_levels == OtherLevelVisits::JointAndCount;
    // Random visits inside the quarter, by object: (by, pools).
    let mut in_quarter: HashMap<&str, Vec<(&str, &BTreeSet<Pool>)>> = HashMap::new();
    for i in request.history.iter().filter(|i| i.kind == InspectionKind::Random && i.date >= start && i.date <= end) {
        in_quarter.entry(i.object.as_str()).or_default().push((i.by.as_str(), &i.pools));
    }
    let totals: HashMap<String, Option<u64>> =
        lines.iter().map(|l| (l.stratum.to_string(), l.demands.iter().filter_map(|d| d.yearly_total).max())).collect();
    let status = strata
        .populations
        .iter()
        .filter(|p| totals.contains_key(&p.key.to_string()))
        .map(|p| {
            let visited_now = |o: &&crate::model::RegulatedObject| {
                in_quarter.get(o.id.as_str()).is_some_and(|visits| {
                    visits.iter().any(|(by, pools)| pools.contains(&p.key.pool) && (joint || *by == p.key.unit))
                })
            };
            let done =
                p.members.iter().zip(&p.inspected_this_year).filter(|(o, before)| **before || visited_now(o)).count()
                    as u64;
            let yearly_total = totals.get(&p.key.to_string()).copied().flatten();
            StratumStatus {
                stratum: p.key.to_string(),
                key: p.key.clone(),
                eligible: p.members.len() as u64,
                done,
                yearly_total,
                still_owed: yearly_total.map(|t| t.saturating_sub(done)),
            }
        })
        .collect();
    let year = request.quarter.year();
    let inspected: BTreeSet<&str> = request
        .history
        .iter()
        .filter(|i| i.kind == InspectionKind::Random && i.date <= end && i.date.year() == year)
        .filter(|i| i.pools.contains(&Pool::Pollution))
        .map(|i| i.object.as_str())
        .collect();
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let mut key_not_yet_inspected: BTreeMap<Id, Vec<Id>> =
        request.units.iter().map(|u| (u.clone(), Vec::new())).collect();
    for o in &request.registry.objects {
        if o.category != Category::Key || !o.status.is_eligible() || inspected.contains(o.id.as_str()) {
            continue;
        }
        if let Some(list) = unit_of.get(o.jurisdiction.as_str()).and_then(|u| key_not_yet_inspected.get_mut(*u)) {
            list.push(o.id.clone());
        }
    }
    for list in key_not_yet_inspected.values_mut() {
        list.sort();
    }
    Ok(YearStatus { through: request.quarter, strata: status, key_not_yet_inspected })
}
