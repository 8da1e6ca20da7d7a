//! Merging draws into tasks: one visit per (unit, object), its month, its
//! mode (on-site or off-site), its check items and who makes it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{Category, Id, Inspection, Pool, Quarter, RegulatedObject, SharedId};
use crate::request::{PlanRequest, TargetedReason};
use crate::rules::{Cadence, CheckItems, Modifier, OtherLevelVisits};

use super::draw::{seed_string, Ticket, TicketSeed};
use super::output::{Cover, Mode, Task, Visit};
use super::stratum::{qualifies_for_downgrade, unit_of_jurisdiction};

/// Collects draws and targeted requests into one task per (unit, object),
/// unit by unit: units share no task, so each unit's drafts are placed and
/// finished on their own (in parallel), the tasks in unit order.
pub(super) struct TaskBuilder<'a> {
    /// The drawing units' ids, borrowed from the request so that keys need
    /// no copies.
    known: HashSet<&'a str>,
    units: BTreeMap<Cow<'a, str>, UnitDrafts<'a>>,
}

/// One unit's drafts as they were placed: an object drawn by several of
/// the unit's strata or campaigns, or also targeted, has a draft for
/// each, and they are joined when the unit is finished. Every way a draft
/// is made or merged is a union (or, for a fixed month, the earliest), so
/// the order they are placed in changes nothing. A vector, not a map kept
/// in object order: a national plan places 270 k draws, and the map's
/// nodes were fresh memory (docs/performance.md, "Drafts pushed, joined
/// once").
#[derive(Default)]
pub(super) struct UnitDrafts<'a> {
    drafts: Vec<Draft<'a>>,
}

struct Draft<'a> {
    object: &'a RegulatedObject,
    covers: Vec<Cover>,
    pools: BTreeSet<Pool>,
    targeted: BTreeSet<TargetedReason>,
    month: Option<u32>,
    expertise: BTreeSet<String>,
}

impl<'a> Draft<'a> {
    /// A draft of `object` with nothing in it yet.
    fn of(object: &'a RegulatedObject) -> Self {
        Draft {
            object,
            covers: Vec::new(),
            pools: BTreeSet::new(),
            targeted: BTreeSet::new(),
            month: None,
            expertise: BTreeSet::new(),
        }
    }

    /// Takes `other`'s covers, pools, reasons and expertise into this
    /// draft of the same object, and the earlier of two fixed months.
    fn absorb(&mut self, other: &mut Draft<'a>) {
        self.covers.append(&mut other.covers);
        self.pools.append(&mut other.pools);
        self.targeted.append(&mut other.targeted);
        self.expertise.append(&mut other.expertise);
        self.month = self.month.into_iter().chain(other.month).min();
    }
}

impl<'a> UnitDrafts<'a> {
    /// Records that `object` is drawn by a stratum (of `pool`, or a
    /// campaign's when `None`), and the expertise its visit then needs.
    pub(super) fn cover(
        &mut self,
        object: &'a RegulatedObject,
        pool: Option<Pool>,
        cover: Cover,
        expertise: Option<&str>,
    ) {
        let mut d = Draft::of(object);
        // Room for the one cover most tasks have, not the four a first
        // push makes room for: the vector becomes the task's.
        d.covers = vec![cover];
        d.pools.insert(pool.unwrap_or(Pool::Pollution));
        d.expertise.extend(expertise.map(str::to_owned));
        self.drafts.push(d);
    }

    /// Room for `n` more drafts.
    pub(super) fn reserve(&mut self, n: usize) {
        self.drafts.reserve(n);
    }

    /// Joins each object's drafts into one, in object order, in place.
    fn join(&mut self) {
        // Unstable, with no scratch memory: ids are unique, so equal keys
        // are drafts of one object, and every field merges order-free.
        self.drafts.sort_unstable_by(|a, b| a.object.id.cmp(&b.object.id));
        self.drafts.dedup_by(|later, kept| {
            let same = later.object.id == kept.object.id;
            if same {
                kept.absorb(later);
            }
            same
        });
    }

    /// Joined drafts in object order, each with its month: fixed, the
    /// monthly draw's, or spread over the quarter.
    fn with_months(self, request: &PlanRequest, unit: &str) -> Vec<(Draft<'a>, u32)> {
        let drafts = self.drafts;
        let mut months: Vec<u32> = drafts.iter().map(|d| d.month.unwrap_or(0)).collect();
        match request.month {
            // A monthly draw's tasks are all in its month.
            Some(m) => months.iter_mut().for_each(|x| *x = m),
            None => spread_months(request, unit, drafts.iter().map(|d| (d.object.id.as_str(), &d.pools)), &mut months),
        }
        drafts.into_iter().zip(months).collect()
    }
}

impl<'a> TaskBuilder<'a> {
    pub(super) fn new(request: &'a PlanRequest) -> Self {
        TaskBuilder { known: request.units.iter().map(String::as_str).collect(), units: BTreeMap::new() }
    }

    fn unit(&mut self, unit: &str) -> &mut UnitDrafts<'a> {
        let key = self.known.get(unit).map_or_else(|| Cow::Owned(unit.to_owned()), |u| Cow::Borrowed(*u));
        self.units.entry(key).or_default()
    }

    /// Adds a unit's drafts placed elsewhere (its strata's draws), to be
    /// joined with any it has when the unit is finished.
    pub(super) fn add_unit(&mut self, unit: &str, drafts: UnitDrafts<'a>) {
        let into = self.unit(unit);
        if into.drafts.is_empty() {
            *into = drafts;
        } else {
            into.drafts.extend(drafts.drafts);
        }
    }

    /// Records that `object` is drawn for `unit` ([`UnitDrafts::cover`]).
    pub(super) fn cover(
        &mut self,
        unit: &str,
        object: &'a RegulatedObject,
        pool: Option<Pool>,
        cover: Cover,
        expertise: Option<&str>,
    ) {
        self.unit(unit).cover(object, pool, cover, expertise);
    }

    /// Adds a targeted inspection (merged into a drawn task if there is one).
    pub(super) fn target(
        &mut self,
        unit: &str,
        object: &'a RegulatedObject,
        reason: TargetedReason,
        month: Option<u32>,
    ) {
        let mut d = Draft::of(object);
        d.targeted.insert(reason);
        d.pools.insert(Pool::Pollution);
        // Two fixed months for one visit: the earliest (`Draft::absorb`),
        // whatever the order of the requests.
        d.month = month;
        self.unit(unit).drafts.push(d);
    }

    /// The tasks in (unit, month, object) order, months spread, modes and
    /// check items set, teams still empty. Each unit is finished on its own,
    /// in parallel, into its own stretch of the vector, the stretches in
    /// unit order: the same tasks at any thread count.
    pub(super) fn finish(self, request: &PlanRequest) -> Vec<Task> {
        let other_visits = other_level_visits(request);
        let mut units: Vec<(Cow<'a, str>, UnitDrafts<'a>)> = self.units.into_iter().collect();
        units.par_iter_mut().for_each(|(_, drafts)| drafts.join());
        // Every draft is one task: the vector is made once, at its size, and
        // each unit writes its tasks into its own stretch of it, in
        // parallel. Collected unit by unit and joined, every task would be
        // written twice, the second time into memory never touched before
        // (a national plan's tasks are 70 MB; zeroing fresh pages was 22 %
        // of a national plan's samples, more than SHA-256:
        // docs/performance.md, "Memory written once").
        let blank = blank_task();
        let total = units.iter().map(|(_, drafts)| drafts.drafts.len()).sum();
        let mut tasks: Vec<Task> = (0..total).into_par_iter().map(|_| blank.clone()).collect();
        let mut rest = tasks.as_mut_slice();
        let mut stretches = Vec::with_capacity(units.len());
        for (_, drafts) in &units {
            let n = drafts.drafts.len().min(rest.len());
            let (stretch, tail) = std::mem::take(&mut rest).split_at_mut(n);
            stretches.push(stretch);
            rest = tail;
        }
        units
            .into_par_iter()
            .zip(stretches)
            .for_each(|((unit, drafts), stretch)| finish_unit(request, &unit, drafts, &other_visits, stretch));
        tasks
    }
}

/// A task with nothing in it, to be written over: it allocates nothing of
/// its own (its unit is one shared empty id). One left in a plan would be
/// a task of no drawing unit and no object, which `plan_violations` in the
/// property tests names.
fn blank_task() -> Task {
    Task {
        unit: SharedId::from(""),
        object: Id::new(),
        object_name: String::new(),
        month: 0,
        mode: Mode::OnSite,
        mode_reason: None,
        covers: Vec::new(),
        targeted: Vec::new(),
        pools: BTreeSet::new(),
        expertise: BTreeSet::new(),
        check_items: Vec::new(),
        visit: Visit::Own { officers: Vec::new(), joining: Vec::new() },
    }
}

/// One unit's tasks in (month, object) order, written into `out` (one
/// slot a draft).
fn finish_unit(
    request: &PlanRequest,
    unit: &str,
    drafts: UnitDrafts<'_>,
    other_visits: &HashMap<(&str, &str), BTreeSet<Id>>,
    out: &mut [Task],
) {
    let shared_unit = SharedId::from(unit);
    let mut drafts = drafts.with_months(request, unit);
    // Stable: drafts are in object order, so this is (month, object).
    drafts.sort_by_key(|(_, month)| *month);
    let keys: Vec<(&str, &BTreeSet<Pool>)> = drafts.iter().map(|(d, _)| (d.object.id.as_str(), &d.pools)).collect();
    let items = check_items(request, unit, &keys);
    let tasks = drafts.into_iter().zip(items).map(|((d, month), check_items)| {
        let object = d.object.id.as_str();
        let (mode, mode_reason) = mode(request, d.object, &d, month);
        let visit = match other_visits.get(&(unit, object)) {
            Some(with) if request.policy.readings.other_levels == OtherLevelVisits::JointAndCount => {
                Visit::JointWithOtherLevel { with: with.iter().cloned().collect() }
            }
            _ => Visit::Own { officers: Vec::new(), joining: Vec::new() },
        };
        let mut covers = d.covers;
        covers.sort();
        let mut expertise = d.expertise;
        expertise.extend(d.pools.iter().filter_map(|p| request.policy.expertise_for(p)).map(str::to_owned));
        Task {
            check_items,
            unit: shared_unit.clone(),
            object: object.to_owned(),
            object_name: d.object.name.clone(),
            month,
            mode,
            mode_reason,
            covers,
            targeted: d.targeted.into_iter().collect(),
            pools: d.pools,
            expertise,
            visit,
        }
    });
    for (slot, task) in out.iter_mut().zip(tasks) {
        *slot = task;
    }
}

/// Visits by other bureaus this quarter: (unit, object) → the bureaus.
fn other_level_visits(request: &PlanRequest) -> HashMap<(&str, &str), BTreeSet<Id>> {
    let (start, end) = (request.quarter.first_day(), request.quarter.last_day());
    let mut out: HashMap<(&str, &str), BTreeSet<Id>> = HashMap::default();
    let in_quarter: Vec<&Inspection> = request.history.iter().filter(|i| i.date >= start && i.date <= end).collect();
    if in_quarter.is_empty() {
        return out;
    }
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    // Only the objects visited this quarter need their jurisdiction.
    let wanted: HashSet<&str> = in_quarter.iter().map(|i| i.object.as_str()).collect();
    let jurisdiction: HashMap<&str, &str> = request
        .registry
        .objects
        .iter()
        .filter(|o| wanted.contains(o.id.as_str()))
        .map(|o| (o.id.as_str(), o.jurisdiction.as_str()))
        .collect();
    for i in in_quarter {
        let Some(unit) = jurisdiction.get(i.object.as_str()).and_then(|j| unit_of.get(j)) else { continue };
        if i.by != *unit {
            out.entry((unit, i.object.as_str())).or_default().insert(i.by.clone());
        }
    }
    out
}

/// Off-site when every matter the visit covers is inspected otherwise than
/// on site, or a positive-list or credit-downgrade modifier applies in the
/// task's month, unless a complaint must be verified on site
/// (002 三（一）1).
fn mode(request: &PlanRequest, object: &RegulatedObject, draft: &Draft<'_>, month: u32) -> (Mode, Option<String>) {
    if draft.targeted.contains(&TargetedReason::Complaint) {
        return (Mode::OnSite, None);
    }
    drawn_mode(request, object, &draft.pools, month)
}

/// The mode of a drawn visit in `month`: off-site for a positive-list
/// object while both the list and the object's listing are in force in
/// that month, or a key object that qualifies for the credit downgrade
/// while it is in force that month; on-site otherwise. The month decides,
/// not the quarter: a listing that starts on 1 March makes a February
/// visit on-site and a March one off-site.
pub(crate) fn drawn_mode(
    request: &PlanRequest,
    object: &RegulatedObject,
    pools: &BTreeSet<Pool>,
    month: u32,
) -> (Mode, Option<String>) {
    // A visit for matters the document has inspected otherwise than on site.
    if let Some(form) = request.policy.matters_form(pools) {
        return (Mode::OffSite, Some(format!("{} ({})", form.kind.zh(), form.source)));
    }
    let quarter_start = request.quarter.first_day();
    let Some((start, end)) = request.quarter.month_days(month) else { return (Mode::OnSite, None) };
    for m in &request.policy.modifiers {
        match m {
            Modifier::PositiveListOffSite { in_force, source }
                if in_force.overlaps(start, end) && object.positive_list.is_some_and(|l| l.overlaps(start, end)) =>
            {
                return (Mode::OffSite, Some(format!("正面清单 positive list ({source})")));
            }
            Modifier::CreditDowngrade { in_force, violation_free_days, source }
                if in_force.overlaps(start, end)
                    && object.category == Category::Key
                    && qualifies_for_downgrade(object, quarter_start, *violation_free_days) =>
            {
                return (Mode::OffSite, Some(format!("信用良好 credit downgrade ({source})")));
            }
            _ => {}
        }
    }
    (Mode::OnSite, None)
}

/// Each of a unit's tasks' check items, in the order of `tasks` (their
/// objects and pools): the policy's list shared over all of them
/// ([`share_items`], seed string `seed|quarter|unit|items`), then each
/// matter's own list shared over the tasks covering it
/// (`…|items|<matter>`); a task's items are the policy's first, then each
/// matter's in the policy's order of matters, none twice.
fn check_items(request: &PlanRequest, unit: &str, tasks: &[(&str, &BTreeSet<Pool>)]) -> Vec<Vec<Cow<'static, str>>> {
    let quarter = request.quarter.to_string();
    let mut items = match &request.policy.check_items {
        Some(list) => {
            let seed = seed_string(&[&request.seed, &quarter, unit, "items"]);
            // The policy's list goes with the policy's months.
            share_items(list, year_place(request, &Pool::Pollution), &seed, tasks.iter().map(|(o, _)| *o))
        }
        None => vec![Vec::new(); tasks.len()],
    };
    for matter in &request.policy.matters {
        let Some(list) = &matter.check_items else { continue };
        let pool = Pool::matter(&matter.id);
        let covering: Vec<usize> =
            (0..tasks.len()).filter(|i| tasks.get(*i).is_some_and(|(_, p)| p.contains(&pool))).collect();
        let seed = seed_string(&[&request.seed, &quarter, unit, "items", &matter.id]);
        let objects = covering.iter().filter_map(|i| tasks.get(*i).map(|(o, _)| *o));
        let shared = share_items(list, year_place(request, &pool), &seed, objects);
        for (i, given) in covering.into_iter().zip(shared) {
            if let Some(task) = items.get_mut(i) {
                for item in given {
                    if !task.contains(&item) {
                        task.push(item);
                    }
                }
            }
        }
    }
    items
}

/// This quarter's place among the quarters of its year in which `pool`'s
/// objects may be visited, and their number: `(q − 1, 4)` where every
/// month is open; one quarter holding the whole list under a yearly
/// cadence (the year drawn at once).
fn year_place(request: &PlanRequest, pool: &Pool) -> (usize, usize) {
    let policy = &request.policy;
    if policy.cadence == Cadence::Yearly {
        return (0, 1);
    }
    let year = request.quarter.year();
    let open: Vec<u8> = (1..=4u8)
        .filter(|q| Quarter::new(year, *q).is_ok_and(|quarter| !policy.open_months(pool, quarter).is_empty()))
        .collect();
    let place = open.iter().position(|q| *q == request.quarter.number()).unwrap_or(0);
    (place, open.len().max(1))
}

/// One list's items for each of `objects`' tasks, in their order: the
/// whole list where the document does not ask for it each year; else the
/// quarter's share of the list (`CheckItems::share_of` at its
/// [`year_place`]), shared out
/// in the order of the tasks' item tickets under `seed`: for k from 0 to
/// the larger of the two counts, the k-th task (cyclically) gets the k-th
/// item (cyclically), so every item goes to a task and every task gets an
/// item. A task's items keep the list's order.
fn share_items<'o>(
    list: &CheckItems,
    (place, of): (usize, usize),
    seed: &str,
    objects: impl Iterator<Item = &'o str>,
) -> Vec<Vec<Cow<'static, str>>> {
    let objects: Vec<&str> = objects.collect();
    let mut items = vec![Vec::new(); objects.len()];
    if list.each_year.is_none() {
        items.iter_mut().for_each(|task| task.extend(list.items.iter().map(|i| Cow::Owned(i.clone()))));
        return items;
    }
    let share: Vec<&str> = list.share_of(place, of).collect();
    let seed = TicketSeed::new(seed);
    let mut order: Vec<(Ticket, &str, usize)> =
        objects.iter().enumerate().map(|(i, o)| (seed.ticket(o), *o, i)).collect();
    order.sort();
    // places[i]: the places in `share` of the items the i-th task gets.
    let mut places: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let (tasks, shared) = (order.len(), share.len());
    if tasks > 0 && shared > 0 {
        for k in 0..tasks.max(shared) {
            if let Some(task) = order.get(k % tasks).and_then(|(_, _, i)| places.get_mut(*i)) {
                task.push(k % shared);
            }
        }
    }
    for (task, mut places) in items.iter_mut().zip(places) {
        places.sort_unstable();
        places.dedup();
        task.extend(places.into_iter().filter_map(|p| share.get(p)).map(|i| Cow::Owned((*i).to_owned())));
    }
    items
}

/// Spreads a unit's tasks evenly over the quarter's months: tasks in
/// order of their month ticket (`seed|quarter|unit|months`), each to the
/// least loaded month (the first of equals); tasks with a fixed month keep
/// it and count toward it. A task goes only to a month every pool it
/// covers may be inspected in; where its pools share none (two matters of
/// disjoint months drawing one object), to a month any of them allows;
/// where none is open, to any month. `objects` are the unit's tasks'
/// objects with their pools; `months` their months (0 where not fixed).
fn spread_months<'o>(
    request: &PlanRequest,
    unit: &str,
    objects: impl Iterator<Item = (&'o str, &'o BTreeSet<Pool>)>,
    months: &mut [u32],
) {
    let quarter_months = request.quarter.months();
    let seed = TicketSeed::new(&seed_string(&[&request.seed, &request.quarter.to_string(), unit, "months"]));
    let mut load = [0usize; 3];
    let mut free: Vec<(Ticket, usize, u8)> = Vec::new();
    for (i, (object, pools)) in objects.enumerate() {
        let month = months.get(i).copied().unwrap_or(0);
        match quarter_months.iter().position(|m| *m == month) {
            Some(slot) => {
                if let Some(l) = load.get_mut(slot) {
                    *l += 1;
                }
            }
            None => free.push((seed.ticket(object), i, open_slots(request, &quarter_months, pools))),
        }
    }
    free.sort();
    for (_, i, open) in free {
        let slot = (0..3)
            .filter(|s| open & (1 << s) != 0)
            .min_by_key(|s| (load.get(*s).copied().unwrap_or(usize::MAX), *s))
            .unwrap_or(0);
        if let (Some(month), Some(m), Some(l)) = (months.get_mut(i), quarter_months.get(slot), load.get_mut(slot)) {
            *month = *m;
            *l += 1;
        }
    }
}

/// The places in `quarter_months` a task covering `pools` may go to, as
/// bits: the months all its pools allow, else those any allows, else all
/// three.
fn open_slots(request: &PlanRequest, quarter_months: &[u32], pools: &BTreeSet<Pool>) -> u8 {
    let (mut all, mut any) = (0u8, 0u8);
    for (slot, month) in quarter_months.iter().enumerate().take(8) {
        let allowed = pools.iter().filter(|p| request.policy.allows_month(p, *month)).count();
        if allowed == pools.len() {
            all |= 1 << slot;
        }
        if allowed > 0 {
            any |= 1 << slot;
        }
    }
    [all, any].into_iter().find(|bits| *bits != 0).unwrap_or(0b111)
}

#[cfg(test)]
mod tests {
    use super::{check_items, Draft, TaskBuilder, UnitDrafts};
    use crate::model::Pool;
    use crate::plan::output::Cover;
    use crate::request::TargetedReason;
    use crate::{plan_quarter, rules, sample, PlanRequest};

    fn cover(stratum: &str) -> Cover {
        Cover { stratum: stratum.into(), ticket: "0.5".into() }
    }

    // A unit's drafts placed twice (never the case for one plan's strata,
    // which come unit by unit) merge as if placed at once: every field.
    #[test]
    fn a_units_drafts_added_twice_merge() {
        let request = PlanRequest::new(
            sample::county(2, 2, 4, 4),
            rules::preset("changji-county").unwrap(),
            vec![sample::COUNTY.into()],
            "2023Q1".parse().unwrap(),
            "1",
        );
        let [a, b, c] = [0, 1, 2].map(|i| &request.registry.objects[i]);
        let (mut first, mut second) = (UnitDrafts::default(), UnitDrafts::default());
        first.cover(a, Some(Pool::Pollution), cover("u/pollution/key"), None);
        first.cover(b, Some(Pool::Pollution), cover("u/pollution/key"), None);
        second.cover(b, Some(Pool::Radiation), cover("u/radiation/key"), None);
        second.cover(c, Some(Pool::Pollution), cover("u/pollution/special"), None);
        let mut builder = TaskBuilder::new(&request);
        builder.add_unit(sample::COUNTY, first);
        builder.target(sample::COUNTY, a, TargetedReason::Complaint, Some(3));
        let mut merged = Draft::of(a);
        merged.targeted.insert(TargetedReason::Complaint);
        merged.month = Some(2);
        merged.expertise.insert("水质".into());
        second.drafts.push(merged);
        builder.add_unit(sample::COUNTY, second);
        let tasks = builder.finish(&request);
        let objects: Vec<&str> = tasks.iter().map(|t| t.object.as_str()).collect();
        assert_eq!(tasks.len(), 3, "{objects:?}");
        let task_b = tasks.iter().find(|t| t.object == b.id).unwrap();
        assert_eq!(task_b.covers.len(), 2);
        assert_eq!(task_b.pools, [Pool::Pollution, Pool::Radiation].into());
        let task_a = tasks.iter().find(|t| t.object == a.id).unwrap();
        assert_eq!(task_a.month, 2, "the earlier of the two fixed months");
        assert_eq!(task_a.targeted, [TargetedReason::Complaint]);
        assert!(task_a.expertise.contains("水质"), "{:?}", task_a.expertise);
        assert_eq!(task_a.covers.len(), 1);
    }

    #[test]
    fn a_units_tasks_share_its_id_and_a_stratums_covers_share_its_name() {
        let registry = sample::with_pools(sample::county(8, 4, 60, 6), crate::model::Category::Key, 3, 3);
        let policy = rules::preset("changji-county").unwrap();
        let quarter = "2023Q1".parse().unwrap();
        let request = PlanRequest::new(registry, policy, vec![sample::COUNTY.into()], quarter, "31415926535897932384");
        let plan = plan_quarter(&request).unwrap();
        let covers: Vec<&Cover> = plan.tasks.iter().flat_map(|t| &t.covers).collect();
        assert!(plan.tasks.len() > 10, "{} tasks", plan.tasks.len());
        for (a, b) in plan.tasks.iter().zip(&plan.tasks[1..]) {
            assert!(a.unit.is_shared_with(&b.unit));
        }
        for a in &covers {
            for b in covers.iter().filter(|b| b.stratum == a.stratum) {
                assert!(a.stratum.is_shared_with(&b.stratum), "{}", a.stratum);
            }
        }
        assert!(covers.iter().any(|c| !c.stratum.is_shared_with(&covers[0].stratum)), "one stratum only");
    }

    // A quarter's share of a list goes out whole, every task gets some of
    // it, and the four quarters' shares make the whole list; without the
    // yearly rule every task checks every item; without a list, none.
    #[test]
    fn check_items_share_the_quarters_part_of_the_list_over_the_tasks() {
        let mut request = PlanRequest::new(
            sample::county(2, 2, 4, 4),
            rules::preset("fengdu-example").unwrap(),
            vec![sample::COUNTY.into()],
            "2024Q1".parse().unwrap(),
            "7",
        );
        let list = request.policy.check_items.clone().unwrap();
        let names: Vec<String> = (0..9).map(|i| format!("O{i}")).collect();
        let mut year = std::collections::BTreeSet::new();
        for q in 1..=4u8 {
            request.quarter = format!("2024Q{q}").parse().unwrap();
            let share: Vec<&str> = list.quarter_share(q).collect();
            assert_eq!(share.len(), 3);
            for tasks in [1, 2, 3, 9] {
                let given = check_items(&request, "u", &keyed(&names[..tasks]));
                assert_eq!(given.len(), tasks);
                assert!(given.iter().all(|t| !t.is_empty()), "Q{q}, {tasks} tasks: {given:?}");
                let mut covered: Vec<&str> = given.iter().flatten().map(|i| i.as_ref()).collect();
                covered.sort_unstable();
                covered.dedup();
                let mut want = share.clone();
                want.sort_unstable();
                assert_eq!(covered, want, "Q{q}, {tasks} tasks");
                year.extend(covered.into_iter().map(str::to_owned));
            }
        }
        assert_eq!(year.len(), list.items.len());

        request.policy.check_items.as_mut().unwrap().each_year = None;
        let all = check_items(&request, "u", &keyed(&names[..2]));
        assert!(all.iter().all(|t| t.len() == list.items.len()));
        request.policy.check_items = None;
        assert!(check_items(&request, "u", &keyed(&names[..2])).iter().all(Vec::is_empty));
    }

    /// Tasks of `names` in the pollution pool.
    fn keyed(names: &[String]) -> Vec<(&str, &'static std::collections::BTreeSet<Pool>)> {
        static POLLUTION: std::sync::OnceLock<std::collections::BTreeSet<Pool>> = std::sync::OnceLock::new();
        let pools = POLLUTION.get_or_init(|| std::collections::BTreeSet::from([Pool::Pollution]));
        names.iter().map(|n| (n.as_str(), pools)).collect()
    }
}
