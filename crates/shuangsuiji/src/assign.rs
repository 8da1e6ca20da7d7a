//! Inspector assignment: at least two certified officers per own visit.
//!
//! For each task, in order of (month, object id), the unit's officers are
//! ranked and the best two taken, as `docs/draw-algorithm.md` specifies:
//!
//! 1. eligible: a certified officer ([`Role::Officer`]) of the drawing unit,
//!    not recused for the object, with quarterly capacity left;
//! 2. ranked by: not on the object's previous visit (rotation), fewest
//!    tasks this quarter, fewest tasks this month, then the inspector's
//!    ticket in `seed|quarter|unit|inspectors|object`;
//! 3. where the task's pools need expertise (radiation, hazardous waste,
//!    a campaign's tag), the best-ranked officer with it is taken first;
//!    if no officer has it, the best-ranked expert with it joins.
//!
//! Supervisors and experts may join, never count (004 二（二）).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use crate::draw::{seed_string, Ticket, TicketSeed};
use crate::model::{Id, Inspector, Role};
use crate::plan::{PlanRequest, Task, Visit};

/// Why the inspectors cannot staff the plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignError {
    /// Fewer than two certified officers in a unit with visits to make.
    #[error("unit `{unit}` has {officers} certified enforcement officer(s) but every visit needs 2 (执法人员不得少于两人): add {missing} officer(s) to the inspector library")]
    TooFewOfficers {
        /// The unit.
        unit: Id,
        /// Officers it has.
        officers: usize,
        /// Officers missing.
        missing: usize,
    },
    /// The unit's officers' quarterly capacity is less than the visits need.
    #[error("unit `{unit}`: {tasks} visits need {needed} officer-visits but its officers' quarterly capacity totals {capacity}; add about {missing_officers} officer(s) of average capacity, or raise capacities")]
    CapacityExhausted {
        /// The unit.
        unit: Id,
        /// Own visits to staff.
        tasks: usize,
        /// Officer-visits needed (2 per visit).
        needed: u64,
        /// Total capacity.
        capacity: u64,
        /// Officers of average capacity missing.
        missing_officers: u64,
    },
    /// One task cannot get two officers.
    #[error("task {unit}/{object} (month {month}): needs 2 certified officers but only {available} can take it ({recused} recused, {full} at capacity, of {officers} officers)")]
    Unstaffable {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The month.
        month: u32,
        /// Officers who could take it.
        available: usize,
        /// Officers recused for the object.
        recused: usize,
        /// Officers already at capacity.
        full: usize,
        /// Officers of the unit.
        officers: usize,
    },
    /// No officer or expert with the expertise the task needs can take it.
    #[error("task {unit}/{object}: needs someone with expertise `{expertise}` but no officer or expert of the unit with it is free and not recused; add one or tag an officer's expertise")]
    NoExpertise {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The expertise.
        expertise: String,
    },
}

/// Staffs every own visit in `tasks`.
///
/// # Errors
/// [`AssignError`] for the first unit or task that cannot be staffed.
pub fn assign_inspectors(request: &PlanRequest, tasks: &mut [Task]) -> Result<(), AssignError> {
    let mut by_unit: HashMap<&str, Vec<&Inspector>> = HashMap::default();
    for i in &request.registry.inspectors {
        by_unit.entry(i.jurisdiction.as_str()).or_default().push(i);
    }
    for team in by_unit.values_mut() {
        team.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let previous = previous_visits(request);

    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by(|a, b| {
        let key = |i: &usize| tasks.get(*i).map(|t| (t.unit.as_str(), t.month, t.object.as_str()));
        key(a).cmp(&key(b))
    });
    check_capacity(tasks, &by_unit)?;

    let mut load: HashMap<&str, (u32, [u32; 12])> = HashMap::default();
    for i in order {
        let Some(task) = tasks.get_mut(i) else { continue };
        if !matches!(task.visit, Visit::Own { .. }) {
            continue;
        }
        let team = by_unit.get(task.unit.as_str()).map(Vec::as_slice).unwrap_or_default();
        let prev = previous.get(task.object.as_str());
        let (officers, joining) = staff(request, task, team, prev, &load)?;
        for person in officers.iter().chain(&joining) {
            let entry = load.entry(person.id.as_str()).or_insert((0, [0; 12]));
            entry.0 += 1;
            if let Some(m) = entry.1.get_mut(task.month.saturating_sub(1) as usize) {
                *m += 1;
            }
        }
        let ids = |people: Vec<&Inspector>| people.into_iter().map(|p| p.id.clone()).collect();
        task.visit = Visit::Own { officers: ids(officers), joining: ids(joining) };
    }
    Ok(())
}

/// Fails early, per unit, when the officers cannot possibly suffice.
fn check_capacity(tasks: &[Task], by_unit: &HashMap<&str, Vec<&Inspector>>) -> Result<(), AssignError> {
    let mut own: HashMap<&str, usize> = HashMap::default();
    for t in tasks.iter().filter(|t| matches!(t.visit, Visit::Own { .. })) {
        *own.entry(t.unit.as_str()).or_default() += 1;
    }
    let mut units: Vec<_> = own.into_iter().collect();
    units.sort();
    for (unit, count) in units {
        let officers: Vec<&&Inspector> =
            by_unit.get(unit).map(|v| v.iter().filter(|i| i.role == Role::Officer).collect()).unwrap_or_default();
        if officers.len() < 2 {
            return Err(AssignError::TooFewOfficers {
                unit: unit.to_owned(),
                officers: officers.len(),
                missing: 2 - officers.len(),
            });
        }
        let capacity: u64 = officers.iter().map(|i| u64::from(i.quarterly_capacity)).sum();
        let needed = 2 * count as u64;
        if capacity < needed {
            let average = (capacity / officers.len() as u64).max(1);
            return Err(AssignError::CapacityExhausted {
                unit: unit.to_owned(),
                tasks: count,
                needed,
                capacity,
                missing_officers: (needed - capacity).div_ceil(average),
            });
        }
    }
    Ok(())
}

/// The officers of each object's most recent earlier visit.
fn previous_visits(request: &PlanRequest) -> HashMap<&str, BTreeSet<&str>> {
    let mut latest: HashMap<&str, (chrono::NaiveDate, BTreeSet<&str>)> = HashMap::default();
    let start = request.quarter.first_day();
    for i in request.history.iter().filter(|i| i.date < start && !i.inspectors.is_empty()) {
        let people: BTreeSet<&str> = i.inspectors.iter().map(String::as_str).collect();
        match latest.get_mut(i.object.as_str()) {
            Some((date, set)) if i.date > *date => *set = people,
            Some((date, set)) if i.date == *date => set.extend(people),
            Some(_) => {}
            None => {
                latest.insert(i.object.as_str(), (i.date, people));
            }
        }
    }
    latest.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

type Load<'a> = HashMap<&'a str, (u32, [u32; 12])>;

/// Picks the team for one task: the officers and those joining, each
/// sorted by id.
fn staff<'a>(
    request: &PlanRequest,
    task: &Task,
    team: &[&'a Inspector],
    previous: Option<&BTreeSet<&str>>,
    load: &Load<'_>,
) -> Result<(Vec<&'a Inspector>, Vec<&'a Inspector>), AssignError> {
    let seed = TicketSeed::new(&seed_string(&[
        &request.seed,
        &request.quarter.to_string(),
        &task.unit,
        "inspectors",
        &task.object,
    ]));
    let (mut recused, mut full) = (0, 0);
    let mut ranked: Vec<(bool, u32, u32, Ticket, &'a Inspector)> = Vec::with_capacity(team.len());
    for &p in team {
        if p.recusals.contains(&task.object) {
            recused += usize::from(p.role == Role::Officer);
            continue;
        }
        let (quarter, months) = load.get(p.id.as_str()).copied().unwrap_or((0, [0; 12]));
        if quarter >= p.quarterly_capacity {
            full += usize::from(p.role == Role::Officer);
            continue;
        }
        let month = months.get(task.month.saturating_sub(1) as usize).copied().unwrap_or(0);
        let was_there = previous.is_some_and(|s| s.contains(p.id.as_str()));
        ranked.push((was_there, quarter, month, seed.ticket(&p.id), p));
    }
    ranked.sort_by(|a, b| (a.0, a.1, a.2, &a.3, &a.4.id).cmp(&(b.0, b.1, b.2, &b.3, &b.4.id)));

    let officers_free: Vec<&'a Inspector> = ranked.iter().filter(|r| r.4.role == Role::Officer).map(|r| r.4).collect();
    let mut officers: Vec<&'a Inspector> = Vec::new();
    let mut joining: Vec<&'a Inspector> = Vec::new();
    let chosen = |list: &[&Inspector], p: &Inspector| list.iter().any(|q| q.id == p.id);
    for expertise in &task.expertise {
        let covered = officers.iter().any(|p| p.expertise.contains(expertise));
        if covered {
            continue;
        }
        if let Some(p) = officers_free.iter().find(|p| p.expertise.contains(expertise) && !chosen(&officers, p)) {
            if officers.len() < 2 {
                officers.push(p);
                continue;
            }
        }
        let expert = ranked
            .iter()
            .map(|r| r.4)
            .find(|p| p.role == Role::Expert && p.expertise.contains(expertise) && !chosen(&joining, p));
        match expert {
            Some(p) => joining.push(p),
            None => {
                return Err(AssignError::NoExpertise {
                    unit: task.unit.clone(),
                    object: task.object.clone(),
                    expertise: expertise.clone(),
                });
            }
        }
    }
    for p in &officers_free {
        if officers.len() >= 2 {
            break;
        }
        if !chosen(&officers, p) {
            officers.push(p);
        }
    }
    if officers.len() < 2 {
        let officers_total = team.iter().filter(|p| p.role == Role::Officer).count();
        return Err(AssignError::Unstaffable {
            unit: task.unit.clone(),
            object: task.object.clone(),
            month: task.month,
            available: officers_free.len(),
            recused,
            full,
            officers: officers_total,
        });
    }
    officers.sort_by(|a, b| a.id.cmp(&b.id));
    joining.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((officers, joining))
}
