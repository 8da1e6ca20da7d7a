//! Inspector assignment: at least two certified officers per own visit.
//!
//! For each task, in order of (month, object id), the unit's officers are
//! ranked and the best two taken, as `docs/draw-algorithm.md` specifies:
//!
//! 1. eligible: a certified officer ([`Role::Officer`]) of the drawing unit,
//!    not recused for the object, with quarterly capacity left;
//! 2. ranked by: not on the object's previous visit (rotation), then the
//!    inspector's team ticket ([`TeamTickets`]) under
//!    `seed|quarter|unit|inspectors|object` — the
//!    task's own seed string, so no other task moves its team except by
//!    leaving an officer at capacity;
//! 3. where the task's pools need expertise (radiation, hazardous waste,
//!    a campaign's tag), the best-ranked officer with it is taken first;
//!    if no officer has it, the best-ranked expert with it joins.
//!
//! An officer is taken only if every visit after this one can still get
//! two officers (`super::feasible`, a flow kept beside the draw): so the
//! draw never paints itself into a corner, and a unit is refused only when
//! no assignment at all meets recusals and capacities. Where the best-ranked
//! officers leave room, the team is the one the ranking alone gives.
//!
//! Supervisors and experts may join, never count (004 二（二）).

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::model::{Id, Inspector, Role};
use crate::request::PlanRequest;

use super::draw::{seed_string, TeamTickets};
use super::feasible::{Feasible, Infeasible};
use super::output::{Task, Visit};

/// Why the inspectors cannot staff the plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignError {
    /// Fewer than two certified officers in a unit with visits to make.
    #[error("unit `{unit}` has {officers} certified enforcement officer(s) on post but every visit needs 2 (执法人员不得少于两人)")]
    TooFewOfficers {
        /// The unit.
        unit: Id,
        /// Officers it has.
        officers: usize,
        /// Officers missing.
        missing: usize,
    },
    /// The unit's officers' quarterly capacity is less than the visits need.
    #[error("unit `{unit}`: {tasks} visits need {needed} officer-visits but its {officers} officers' quarterly capacity totals {capacity}")]
    CapacityExhausted {
        /// The unit.
        unit: Id,
        /// Own visits to staff.
        tasks: usize,
        /// Officer-visits needed (2 per visit).
        needed: u64,
        /// Total capacity.
        capacity: u64,
        /// Certified, on-post officers of the unit. (How many it would
        /// need is not a division: every officer counted under a 1:N rule
        /// raises the minimum too — see `analysis::staffing`.)
        officers: usize,
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
    /// No assignment staffs every visit at once: recusals and capacities
    /// leave too few officer-visits, whatever the teams.
    #[error("unit `{unit}`: {tasks} visits need {needed} officer-visits, but with its officers' recusals and capacities no assignment staffs more than {staffable} at once ({} short)", needed - staffable)]
    Shortfall {
        /// The unit.
        unit: Id,
        /// Own visits to staff.
        tasks: usize,
        /// Officer-visits needed (2 per visit).
        needed: u64,
        /// The most officer-visits any assignment staffs.
        staffable: u64,
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

impl AssignError {
    /// The unit that cannot be staffed.
    pub fn unit(&self) -> &str {
        match self {
            AssignError::TooFewOfficers { unit, .. }
            | AssignError::CapacityExhausted { unit, .. }
            | AssignError::Unstaffable { unit, .. }
            | AssignError::Shortfall { unit, .. }
            | AssignError::NoExpertise { unit, .. } => unit,
        }
    }
}

/// Staffs every own visit in `tasks`.
///
/// # Errors
/// [`AssignError`] for the first unit or task that cannot be staffed.
pub fn assign_inspectors(request: &PlanRequest, tasks: &mut [Task]) -> Result<(), AssignError> {
    let inspectors = &request.registry.inspectors;
    let mut by_unit: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, i) in inspectors.iter().enumerate() {
        by_unit.entry(i.jurisdiction.as_str()).or_default().push(index);
    }
    let previous = previous_visits(request);

    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by(|a, b| {
        let key = |i: &usize| tasks.get(*i).map(|t| (t.unit.as_str(), t.month, t.object.as_str()));
        key(a).cmp(&key(b))
    });
    check_capacity(tasks, inspectors, &by_unit)?;

    // Tasks this quarter, by index in the inspector library: for a monthly
    // draw, the earlier months' visits count toward the quarterly capacity.
    let initial = earlier_loads(request);
    // Units share no officer, so each unit is staffed on its own — in
    // parallel, with exactly the result of one after another; the first
    // failure in (unit, month, object) order is the one reported.
    let unit_of = |i: &usize| tasks.get(*i).map(|t| t.unit.as_str());
    let groups: Vec<&[usize]> = order.chunk_by(|a, b| unit_of(a) == unit_of(b)).collect();
    let shared: &[Task] = tasks;
    // Each unit's teams are found, and their ids copied, on both cores;
    // only the moves into the tasks are left to one.
    let ids = |people: Vec<usize>| -> Vec<Id> {
        let mut ids: Vec<Id> = people.into_iter().filter_map(|p| inspectors.get(p)).map(|p| p.id.clone()).collect();
        ids.sort();
        ids
    };
    let staffed: Vec<Result<Vec<(usize, Visit)>, AssignError>> = groups
        .par_iter()
        .map(|group| {
            let unit = group.first().and_then(|i| shared.get(*i)).map(|t| t.unit.as_str()).unwrap_or_default();
            let team = by_unit.get(unit).map(Vec::as_slice).unwrap_or_default();
            let teams = staff_unit(request, shared, group, team, &previous, &initial)?;
            Ok(teams
                .into_iter()
                .map(|(i, officers, joining)| (i, Visit::Own { officers: ids(officers), joining: ids(joining) }))
                .collect())
        })
        .collect();
    for unit in staffed {
        for (i, visit) in unit? {
            if let Some(task) = tasks.get_mut(i) {
                task.visit = visit;
            }
        }
    }
    Ok(())
}

/// A task's index with the officers and joining experts staffing it, by
/// index in the inspector library.
type Staffed = (usize, Vec<usize>, Vec<usize>);

/// Staffs one unit's own visits, `group` in (month, object) order, its
/// officers' loads kept by position in `team` (sorted indices).
fn staff_unit(
    request: &PlanRequest,
    tasks: &[Task],
    group: &[usize],
    team: &[usize],
    previous: &HashMap<&str, (chrono::NaiveDate, Vec<&str>)>,
    initial: &[u32],
) -> Result<Vec<Staffed>, AssignError> {
    let mut load: Vec<u32> = team.iter().map(|i| initial.get(*i).copied().unwrap_or(0)).collect();
    let position = |index: usize| team.binary_search(&index).ok();
    let own: Vec<(usize, &Task)> = group
        .iter()
        .filter_map(|i| tasks.get(*i).map(|t| (*i, t)))
        .filter(|(_, t)| matches!(t.visit, Visit::Own { .. }))
        .collect();
    let visits: Vec<&Task> = own.iter().map(|(_, t)| *t).collect();
    let mut flow = unit_flow(request, &visits, team, &load)?;
    let slot = |index: usize| flow.officers.binary_search(&index).ok();
    let mut out = Vec::with_capacity(own.len());
    for (visit, (i, task)) in own.into_iter().enumerate() {
        let prev = previous.get(task.object.as_str()).map(|(_, team)| team.as_slice());
        let ranking = Ranking::new(request, task, team, prev, &load);
        let mut keeps = |index: usize, pinned: &[usize]| {
            let pinned: Vec<usize> = pinned.iter().filter_map(|p| slot(*p)).collect();
            slot(index).is_some_and(|o| flow.feasible.force(visit, o, &pinned))
        };
        let (officers, joining) = staff(task, &ranking, &mut keeps)?;
        flow.feasible.fix(visit);
        for &person in officers.iter().chain(&joining) {
            if let Some(l) = position(person).and_then(|p| load.get_mut(p)) {
                *l += 1;
            }
        }
        out.push((i, officers, joining));
    }
    Ok(out)
}

/// A unit's certified, on-post officers (indices in the inspector library,
/// sorted) and a feasible assignment of its own visits to them.
struct UnitFlow {
    officers: Vec<usize>,
    feasible: Feasible,
}

/// The flow of one unit's `own` visits, or why none exists.
fn unit_flow(request: &PlanRequest, own: &[&Task], team: &[usize], load: &[u32]) -> Result<UnitFlow, AssignError> {
    let inspectors = &request.registry.inspectors;
    let (officers, room): (Vec<usize>, Vec<u32>) = team
        .iter()
        .zip(load)
        .filter_map(|(i, l)| inspectors.get(*i).map(|p| (*i, p, l)))
        .filter(|(_, p, _)| p.is_certified_officer())
        .map(|(i, p, l)| (i, p.quarterly_capacity.saturating_sub(*l)))
        .unzip();
    let allowed = |v: usize, o: usize| {
        let (Some(task), Some(person)) = (own.get(v), officers.get(o).and_then(|i| inspectors.get(*i))) else {
            return false;
        };
        !person.recusals.contains(&task.object)
    };
    match Feasible::new(own.len(), room, allowed) {
        Ok(feasible) => Ok(UnitFlow { officers, feasible }),
        Err(Infeasible::Visit(v)) => {
            let task = own.get(v).copied().ok_or_else(|| shortfall(own, 0))?;
            Err(Ranking::new(request, task, team, None, load).unstaffable(task))
        }
        Err(Infeasible::Short { staffable }) => Err(shortfall(own, staffable)),
    }
}

fn shortfall(own: &[&Task], staffable: u64) -> AssignError {
    AssignError::Shortfall {
        unit: own.first().map(|t| t.unit.to_string()).unwrap_or_default(),
        tasks: own.len(),
        needed: 2 * own.len() as u64,
        staffable,
    }
}

/// Each inspector's visits in earlier months of the quarter, for a monthly
/// draw (zero for everyone otherwise), by index in the inspector library.
pub(crate) fn earlier_loads(request: &PlanRequest) -> Vec<u32> {
    let inspectors = &request.registry.inspectors;
    let mut load = vec![0; inspectors.len()];
    if !request.has_earlier_months() {
        return load;
    }
    let index: HashMap<&str, usize> = inspectors.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    for visit in request.history.iter().filter(|v| request.of_earlier_month(v.date) && request.units.contains(&v.by)) {
        for id in &visit.inspectors {
            if let Some(l) = index.get(id.as_str()).and_then(|i| load.get_mut(*i)) {
                *l += 1;
            }
        }
    }
    load
}

/// Fails early, per unit, when the officers cannot possibly suffice.
fn check_capacity(
    tasks: &[Task],
    inspectors: &[Inspector],
    by_unit: &HashMap<&str, Vec<usize>>,
) -> Result<(), AssignError> {
    let mut own: HashMap<&str, usize> = HashMap::default();
    for t in tasks.iter().filter(|t| matches!(t.visit, Visit::Own { .. })) {
        *own.entry(t.unit.as_str()).or_default() += 1;
    }
    let mut units: Vec<_> = own.into_iter().collect();
    units.sort();
    for (unit, count) in units {
        let team = by_unit.get(unit).map(Vec::as_slice).unwrap_or_default();
        let officers: Vec<&Inspector> =
            team.iter().filter_map(|i| inspectors.get(*i)).filter(|i| i.is_certified_officer()).collect();
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
            return Err(AssignError::CapacityExhausted {
                unit: unit.to_owned(),
                tasks: count,
                needed,
                capacity,
                officers: officers.len(),
            });
        }
    }
    Ok(())
}

/// Each object's most recent earlier visit: its date and its officers (a
/// short list: one visit's team, or the teams of visits on that same day).
pub(crate) fn previous_visits(request: &PlanRequest) -> HashMap<&str, (chrono::NaiveDate, Vec<&str>)> {
    let start = request.quarter.first_day();
    let earlier = request.history.iter().filter(|i| i.date < start && !i.inspectors.is_empty());
    let mut latest: HashMap<&str, (chrono::NaiveDate, Vec<&str>)> =
        HashMap::with_capacity_and_hasher(earlier.clone().count(), Default::default());
    for i in earlier {
        let people = i.inspectors.iter().map(String::as_str);
        match latest.get_mut(i.object.as_str()) {
            Some((date, list)) if i.date > *date => {
                *date = i.date;
                list.clear();
                list.extend(people);
            }
            Some((date, list)) if i.date == *date => list.extend(people),
            Some(_) => {}
            None => {
                latest.insert(i.object.as_str(), (i.date, people.collect()));
            }
        }
    }
    latest
}

/// The team members free to take one task, in the order they are offered
/// it ([`offer_order`]), with the counts an error needs.
struct Ranking<'a> {
    members: Vec<(&'a Inspector, usize)>,
    /// Officers recused for the object, and at capacity.
    recused: usize,
    full: usize,
    officers: usize,
}

impl<'a> Ranking<'a> {
    /// The ranking of `team` (indices in the inspector library) for
    /// `task`; `load[k]` is the visits `team[k]` has taken so far.
    fn new(request: &'a PlanRequest, task: &Task, team: &[usize], previous: Option<&[&str]>, load: &[u32]) -> Self {
        let (mut recused, mut full, mut officers) = (0, 0, 0);
        let mut free = Vec::with_capacity(team.len());
        debug_assert_eq!(load.len(), team.len());
        let members =
            team.iter().zip(load).filter_map(|(i, l)| request.registry.inspectors.get(*i).map(|p| (i, p, *l)));
        for (&index, person, taken) in members {
            if !person.on_post {
                continue; // never drawn, in any role
            }
            let officer = person.role == Role::Officer;
            officers += usize::from(officer);
            if person.recusals.contains(&task.object) {
                recused += usize::from(officer);
            } else if taken >= person.quarterly_capacity {
                full += usize::from(officer);
            } else {
                free.push((person, index));
            }
        }
        let was_there = |id: &str| previous.is_some_and(|team| team.contains(&id));
        let members = offer_order(request, &task.unit, &task.object, was_there, free);
        Ranking { members, recused, full, officers }
    }

    /// The best-ranked member who satisfies `want` and whom `keeps` (by
    /// index in the inspector library) accepts.
    fn first(
        &self,
        want: impl Fn(&Inspector) -> bool,
        mut keeps: impl FnMut(usize) -> bool,
    ) -> Option<(&'a Inspector, usize)> {
        self.members.iter().find(|(p, index)| want(p) && keeps(*index)).map(|(p, index)| (*p, *index))
    }

    fn free_officers(&self) -> usize {
        self.members.iter().filter(|(p, _)| p.role == Role::Officer).count()
    }

    /// The error of a task fewer than two officers can take.
    fn unstaffable(&self, task: &Task) -> AssignError {
        AssignError::Unstaffable {
            unit: task.unit.to_string(),
            object: task.object.clone(),
            month: task.month,
            available: self.free_officers(),
            recused: self.recused,
            full: self.full,
            officers: self.officers,
        }
    }
}

/// A member's place in a task's offer order: was on the previous visit,
/// then team ticket ([`TeamTickets`]).
type Rank = (bool, u64);

/// The order in which free members are offered a visit to `object`:
/// those who were not on the object's previous visit first (rotation),
/// then by team ticket ([`TeamTickets`]) under
/// `seed|quarter|unit|inspectors|object`, then by id.
///
/// The order depends on the task's own seed string and the members alone,
/// never on other tasks: another task can change a team only by leaving a
/// member at capacity (or, in an amendment, by taking them out).
pub(crate) fn offer_order<'a, T>(
    request: &PlanRequest,
    unit: &str,
    object: &str,
    was_there: impl Fn(&str) -> bool,
    members: Vec<(&'a Inspector, T)>,
) -> Vec<(&'a Inspector, T)> {
    offer_order_under(&team_seed_string(request, unit, object), was_there, members)
}

/// The seed string of a task's team draw: `seed|period|unit|inspectors|object`.
pub(crate) fn team_seed_string(request: &PlanRequest, unit: &str, object: &str) -> String {
    seed_string(&[&request.seed, &request.period(), unit, "inspectors", object])
}

/// [`offer_order`] under a given seed string (an amendment's replacement
/// draw uses its own, `docs/draw-protocol.md` §8).
pub(crate) fn offer_order_under<'a, T>(
    team_seed_string: &str,
    was_there: impl Fn(&str) -> bool,
    members: Vec<(&'a Inspector, T)>,
) -> Vec<(&'a Inspector, T)> {
    let tickets = TeamTickets::new(team_seed_string);
    let mut ranked: Vec<(Rank, (&'a Inspector, T))> =
        members.into_iter().map(|(p, t)| ((was_there(&p.id), tickets.ticket(&p.id)), (p, t))).collect();
    ranked.sort_by(|a, b| (&a.0, &a.1 .0.id).cmp(&(&b.0, &b.1 .0.id)));
    ranked.into_iter().map(|(_, m)| m).collect()
}

/// Picks the team for one task: the officers and those joining (indices in
/// the inspector library).
/// An officer is taken only where `keeps(officer, officers so far)` says
/// every later visit can still be staffed.
fn staff(
    task: &Task,
    ranking: &Ranking<'_>,
    keeps: &mut impl FnMut(usize, &[usize]) -> bool,
) -> Result<(Vec<usize>, Vec<usize>), AssignError> {
    let mut officers: Vec<(usize, &Inspector)> = Vec::new();
    let mut joining: Vec<(usize, &Inspector)> = Vec::new();
    let chosen = |list: &[(usize, &Inspector)], p: &Inspector| list.iter().any(|(_, q)| q.id == p.id);
    for expertise in &task.expertise {
        // Covered by anyone already on the team, officer or joining.
        if officers.iter().chain(&joining).any(|(_, p)| p.expertise.contains(expertise)) {
            continue;
        }
        if officers.len() < 2 {
            let taken: Vec<usize> = officers.iter().map(|(i, _)| *i).collect();
            let officer = ranking.first(
                |p| p.role == Role::Officer && p.expertise.contains(expertise) && !chosen(&officers, p),
                |index| keeps(index, &taken),
            );
            if let Some((p, index)) = officer {
                officers.push((index, p));
                continue;
            }
        }
        let expert = ranking
            .first(|p| p.role == Role::Expert && p.expertise.contains(expertise) && !chosen(&joining, p), |_| true);
        match expert {
            Some((p, index)) => joining.push((index, p)),
            None => {
                return Err(AssignError::NoExpertise {
                    unit: task.unit.to_string(),
                    object: task.object.clone(),
                    expertise: expertise.clone(),
                });
            }
        }
    }
    while officers.len() < 2 {
        let taken: Vec<usize> = officers.iter().map(|(i, _)| *i).collect();
        let officer = ranking.first(|p| p.role == Role::Officer && !chosen(&officers, p), |index| keeps(index, &taken));
        let Some((p, index)) = officer else { break };
        officers.push((index, p));
    }
    if officers.len() < 2 {
        return Err(ranking.unstaffable(task));
    }
    Ok((officers.into_iter().map(|(i, _)| i).collect(), joining.into_iter().map(|(i, _)| i).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Inspection, Jurisdiction, Level, Registry, RegulatedObject};
    use chrono::NaiveDate;

    fn request(history: Vec<Inspection>) -> PlanRequest {
        let county = Jurisdiction { id: "c".into(), name: "县".into(), level: Level::County, parent: None };
        PlanRequest {
            format: Default::default(),
            registry: Registry {
                jurisdictions: vec![county],
                objects: vec![RegulatedObject::new("x", "c", Category::Key)],
                inspectors: ["a", "b", "c", "d", "e", "f"].iter().map(|i| Inspector::officer(*i, "c", 9)).collect(),
            },
            policy: crate::rules::preset("changji-county").unwrap(),
            units: vec!["c".into()],
            quarter: "2023Q2".parse().unwrap(),
            history,
            targeted: vec![],
            campaigns: vec![],
            seed_rule: None,
            committed: None,
            draw_date: None,
            late_reason: None,
            month: None,
            seed: "1".into(),
        }
    }

    #[test]
    fn the_previous_team_is_the_latest_visits_whatever_the_history_order() {
        let visit = |day: u32, team: [&str; 2]| Inspection {
            inspectors: team.iter().map(|t| (*t).to_owned()).collect(),
            ..Inspection::random("x", "c", NaiveDate::from_ymd_opt(2023, 1, day).unwrap())
        };
        let visits = [visit(5, ["a", "b"]), visit(20, ["c", "d"]), visit(12, ["e", "f"]), visit(20, ["a", "e"])];
        for order in [[0, 1, 2, 3], [0, 2, 1, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
            let req = request(order.iter().map(|i| visits[*i].clone()).collect());
            let (_, mut team) = previous_visits(&req).remove("x").unwrap();
            team.sort_unstable();
            assert_eq!(team, ["a", "c", "d", "e"], "history order {order:?}");
        }
    }
}
