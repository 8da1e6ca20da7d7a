//! `check_compliance`: an independent check of a plan against its request.
//!
//! Written from the rule table, not from the planner: it recounts each
//! stratum's eligible population and minimum with its own arithmetic, and
//! re-checks every assignment rule on every task. Integration systems run
//! it on plans edited by hand; the tests run it on every generated plan and
//! on plans corrupted on purpose.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};

use crate::model::{Category, Class, Credit, Id, InspectionKind, Inspector, Pool, RegulatedObject, Role};
use crate::plan::{Mode, QuarterPlan, Visit};
use crate::request::{PlanRequest, TargetedReason};
use crate::rules::{Cadence, CountedInspectors, Matter, Minimum, Modifier, OtherLevelVisits, Policy, Rounding};

/// One breach of a rule, naming the stratum or task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Breach {
    /// A stratum drew fewer than its minimum.
    MinimumNotMet {
        /// The stratum.
        stratum: String,
        /// The minimum, recomputed.
        required: u64,
        /// Valid draws found in the plan.
        drawn: u64,
        /// The rule that sets the minimum, with its clause.
        rule: String,
    },
    /// A task's draw names an object that may not be drawn there.
    NotEligible {
        /// The task (`unit/object`).
        task: String,
        /// The stratum it claims.
        stratum: String,
        /// Why not.
        why: String,
    },
    /// Two tasks visit the same object in the quarter.
    VisitedTwice {
        /// The object.
        object: Id,
    },
    /// A task's team breaks an assignment rule.
    Team {
        /// The task.
        task: String,
        /// Which rule.
        why: String,
    },
    /// An officer has more tasks than capacity.
    OverCapacity {
        /// The inspector.
        inspector: Id,
        /// Tasks in the plan.
        tasks: u32,
        /// Quarterly capacity.
        capacity: u32,
    },
    /// A task's month is outside the quarter, or a drawn task's outside the
    /// months the policy's objects may be inspected in.
    Month {
        /// The task.
        task: String,
        /// The month given.
        month: u32,
    },
    /// A positive-list or credit-downgrade object is visited on site, or
    /// another object off site without a reason.
    Mode {
        /// The task.
        task: String,
        /// Why.
        why: String,
    },
    /// A targeted request is missing from the plan.
    TargetedMissing {
        /// The object.
        object: Id,
    },
    /// The plan does not answer this request (seed, quarter, units, policy).
    Header {
        /// Which field.
        field: String,
    },
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Breach::MinimumNotMet { stratum, required, drawn, rule } => {
                write!(f, "stratum {stratum}: {drawn} drawn, minimum {required} ({rule})")
            }
            Breach::NotEligible { task, stratum, why } => write!(f, "task {task} in {stratum}: {why}"),
            Breach::VisitedTwice { object } => write!(f, "object {object} is visited twice this quarter"),
            Breach::Team { task, why } => write!(f, "task {task}: {why}"),
            Breach::OverCapacity { inspector, tasks, capacity } => {
                write!(f, "inspector {inspector}: {tasks} tasks, capacity {capacity}")
            }
            Breach::Month { task, month } => {
                write!(f, "task {task}: month {month} is outside the quarter or the months the policy allows")
            }
            Breach::Mode { task, why } => write!(f, "task {task}: {why}"),
            Breach::TargetedMissing { object } => write!(f, "targeted inspection of {object} is missing"),
            Breach::Header { field } => write!(f, "the plan's {field} does not match the request"),
        }
    }
}

/// The result of [`check_compliance`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComplianceReport {
    /// Strata checked.
    pub strata_checked: usize,
    /// Tasks checked.
    pub tasks_checked: usize,
    /// Every breach found.
    pub breaches: Vec<Breach>,
}

impl ComplianceReport {
    /// Whether no breach was found.
    pub fn is_compliant(&self) -> bool {
        self.breaches.is_empty()
    }
}

/// Checks `plan` against `request`: every minimum, every eligibility,
/// every assignment rule. Never fails; reports each breach.
///
/// ```
/// # use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, RegulatedObject, Registry};
/// # use shuangsuiji::plan::plan_quarter;
/// # use shuangsuiji::request::PlanRequest;
/// # use shuangsuiji::audit::compliance::check_compliance;
/// # let j = vec![
/// #     Jurisdiction { id: "p".into(), name: "州".into(), level: Level::Prefecture, parent: None },
/// #     Jurisdiction { id: "c".into(), name: "县".into(), level: Level::County, parent: Some("p".into()) },
/// # ];
/// # let objects = (0..20).map(|i| RegulatedObject::new(format!("O{i:02}"), "c", Category::Special)).collect();
/// # let inspectors = (0..3).map(|i| Inspector::officer(format!("I{i}"), "c", 10)).collect();
/// let request = PlanRequest {
///     format: Default::default(),
///     registry: Registry { jurisdictions: j, objects, inspectors },
///     policy: shuangsuiji::rules::preset("changji-county")?,
///     units: vec!["c".into()],
///     quarter: "2023Q2".parse()?,
///     history: vec![], targeted: vec![], campaigns: vec![],
///     seed_rule: None,
///     draw_date: None,
///     late_reason: None,
///     committed: None,
///     month: None,
///     seed: "20231231".into(),
/// };
/// let mut plan = plan_quarter(&request)?;
/// assert!(check_compliance(&plan, &request).is_compliant());
/// plan.tasks.pop(); // a hand edit drops one of the ten special draws
/// let report = check_compliance(&plan, &request);
/// assert_eq!(report.breaches.len(), 1);
/// assert!(report.breaches[0].to_string().contains("minimum 10"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_compliance(plan: &QuarterPlan, request: &PlanRequest) -> ComplianceReport {
    let mut report = ComplianceReport { tasks_checked: plan.tasks.len(), ..ComplianceReport::default() };
    check_header(plan, request, &mut report.breaches);
    let world = World::new(request, plan);
    check_minimums(plan, request, &world, &mut report);
    check_tasks(plan, request, &world, &mut report.breaches);
    report
}

fn check_header(plan: &QuarterPlan, request: &PlanRequest, out: &mut Vec<Breach>) {
    let mut units = request.units.clone();
    units.sort();
    let fields = [
        ("seed", plan.seed == request.seed),
        ("quarter", plan.quarter == request.quarter),
        ("policy", plan.policy == request.policy.id),
        ("units", plan.units == units),
    ];
    for (field, ok) in fields {
        if !ok {
            out.push(Breach::Header { field: field.to_owned() });
        }
    }
}

/// Indexes of the request, built once.
struct World<'a> {
    /// The objects the plan visits (only those: the registry may hold
    /// millions).
    objects: HashMap<&'a str, &'a RegulatedObject>,
    inspectors: HashMap<&'a str, &'a Inspector>,
    /// Jurisdiction → its parent.
    parent: HashMap<&'a str, Option<&'a str>>,
    /// (object, pool) inspected at random this year before the quarter, by whom.
    earlier: HashMap<(&'a str, Pool), Vec<&'a str>>,
    /// Object → bureaus visiting it this quarter.
    this_quarter: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> World<'a> {
    fn new(request: &'a PlanRequest, plan: &QuarterPlan) -> Self {
        let start = request.quarter.first_day();
        let end = request.quarter.last_day();
        let mut earlier: HashMap<(&str, Pool), Vec<&str>> = HashMap::default();
        let mut this_quarter: HashMap<&str, BTreeSet<&str>> = HashMap::default();
        for i in &request.history {
            if i.date >= start && i.date <= end {
                this_quarter.entry(&i.object).or_default().insert(&i.by);
            } else if i.date < start && i.date.year() == request.quarter.year() && i.kind == InspectionKind::Random {
                for pool in &i.pools {
                    earlier.entry((&i.object, pool.clone())).or_default().push(&i.by);
                }
            }
        }
        let visited: HashSet<&str> = plan.tasks.iter().map(|t| t.object.as_str()).collect();
        World {
            objects: request
                .registry
                .objects
                .iter()
                .filter(|o| visited.contains(o.id.as_str()))
                .map(|o| (o.id.as_str(), o))
                .collect(),
            inspectors: request.registry.inspectors.iter().map(|i| (i.id.as_str(), i)).collect(),
            parent: request.registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.parent.as_deref())).collect(),
            earlier,
            this_quarter,
        }
    }

    /// Each jurisdiction's drawing unit: the nearest requested unit on its
    /// path to the root. Built once, so the check stays linear.
    fn units_of(&self, units: &'a [Id]) -> HashMap<&'a str, &'a str> {
        let wanted: HashSet<&str> = units.iter().map(String::as_str).collect();
        let mut out = HashMap::default();
        for &j in self.parent.keys() {
            let mut cur = Some(j);
            for _ in 0..=self.parent.len() {
                let Some(c) = cur else { break };
                if let Some(u) = wanted.get(c) {
                    out.insert(j, *u);
                    break;
                }
                cur = self.parent.get(c).copied().flatten();
            }
        }
        out
    }
}

/// The class an object is drawn in, for a pool: the one of the policy's
/// own classes among its tags, or else its category after the credit
/// downgrade (002 三（一）2), and its risk tier.
fn drawn_category(request: &PlanRequest, o: &RegulatedObject, pool: &Pool) -> Option<(Class, Option<String>)> {
    let mut category = match pool {
        Pool::Pollution => o.category,
        Pool::Radiation => o.radiation?,
        Pool::HazardousWaste => o.hazardous_waste?,
        // A matter's objects are those its filter picks, in their category.
        Pool::Matter(_) => {
            let matter = matter_of(&request.policy, pool)?;
            if !matter.objects.matches(o) {
                return None;
            }
            o.category
        }
    };
    if let Some(classes) = &request.policy.classes {
        let tags = o.tags.as_ref().map(|t| &t.free);
        let named: Vec<&String> = classes.names.iter().filter(|n| tags.is_some_and(|t| t.contains(*n))).collect();
        return match named.as_slice() {
            [one] => Some((Class::named(one), None)),
            _ => None,
        };
    }
    let start = request.quarter.first_day();
    let end = request.quarter.last_day();
    let mut tier = None;
    if *pool == Pool::Pollution {
        for m in &request.policy.modifiers {
            if let Modifier::CreditDowngrade { in_force, violation_free_days, .. } = m {
                let clean_since = start - Duration::days(i64::from(*violation_free_days));
                let clean = o.last_violation.is_none_or(|d| d < clean_since);
                if in_force.from <= end
                    && in_force.until.is_none_or(|u| u >= start)
                    && category == Category::Key
                    && o.credit == Some(Credit::Good)
                    && o.online_monitoring_stable
                    && clean
                {
                    category = Category::General;
                }
            }
        }
        for m in &request.policy.modifiers {
            if let (Modifier::RiskTier { criteria, categories, .. }, Some(name)) = (m, m.tier_name()) {
                let by_complaints = criteria.min_complaints.is_some_and(|n| o.complaints >= n);
                let by_credit = match (criteria.credit_at_or_below, o.credit) {
                    (Some(limit), Some(c)) => c >= limit,
                    _ => false,
                };
                let by_violation = criteria.violation_within_days.is_some_and(|d| {
                    o.last_violation.is_some_and(|v| v < start && v >= start - Duration::days(i64::from(d)))
                });
                if tier.is_none() && categories.contains(&category) && (by_complaints || by_credit || by_violation) {
                    tier = Some(name.to_owned());
                }
            }
        }
    }
    Some((Class::Category(category), tier))
}

fn stratum_name(unit: &str, pool: &Pool, category: &Class, tier: &Option<String>) -> String {
    match tier {
        Some(t) => format!("{unit}/{pool}/{category}/{t}"),
        None => format!("{unit}/{pool}/{category}"),
    }
}

fn check_minimums(plan: &QuarterPlan, request: &PlanRequest, world: &World<'_>, report: &mut ComplianceReport) {
    let mutual = request.policy.readings.other_levels == OtherLevelVisits::JointAndCount;
    // Population per stratum: (eligible, already inspected). Keyed by its
    // parts, never by parsing the name: unit ids may contain `/`.
    type Key<'k> = (&'k str, Pool, Class, Option<String>);
    // (eligible, inspected earlier this year, drawn by earlier months of a
    // monthly draw's quarter).
    // (eligible, inspected earlier this year, drawn by earlier months, and
    // inspected earlier in the policy's longest cycle of years).
    let mut counts: HashMap<Key<'_>, (u64, u64, u64, u64)> = HashMap::default();
    let year = request.quarter.year();
    let cycle_from = request.policy.rules.iter().filter_map(|r| r.minimum.cycle_of(year)).map(|(f, _)| f).min();
    let mut in_cycle: HashMap<(&str, Pool), HashSet<&str>> = HashMap::default();
    if let Some(first) = cycle_from {
        let start = request.quarter.first_day();
        for i in request.history.iter().filter(|i| i.kind == InspectionKind::Random && i.date < start) {
            if i.date.year() >= first {
                for pool in &i.pools {
                    in_cycle.entry((i.object.as_str(), pool.clone())).or_default().insert(i.by.as_str());
                }
            }
        }
    }
    let mut earlier_months: HashSet<(&str, &str, Pool)> = HashSet::default();
    for i in request.history.iter().filter(|i| i.kind == InspectionKind::Random && request.of_earlier_month(i.date)) {
        for pool in &i.pools {
            earlier_months.insert((i.object.as_str(), i.by.as_str(), pool.clone()));
        }
    }
    for unit in &request.units {
        for rule in &request.policy.rules {
            counts.entry((unit.as_str(), rule.pool.clone(), rule.category.clone(), None)).or_default();
        }
    }
    let unit_of = world.units_of(&request.units);
    // The national pools, then the policy's matters.
    let pools: Vec<Pool> =
        Pool::NATIONAL.into_iter().chain(request.policy.matters.iter().map(|m| Pool::matter(&m.id))).collect();
    let unit_of_object = |o: &RegulatedObject| unit_of.get(o.jurisdiction.as_str()).copied();
    for o in &request.registry.objects {
        if !o.status.is_eligible() {
            continue;
        }
        let Some(unit) = unit_of_object(o) else { continue };
        for pool in &pools {
            let Some((category, tier)) = drawn_category(request, o, pool) else { continue };
            let key = (o.id.as_str(), pool.clone());
            let done = world.earlier.get(&key).is_some_and(|by| mutual || by.contains(&unit));
            let this_quarter = earlier_months.contains(&(o.id.as_str(), unit, pool.clone()));
            let cycle_done = in_cycle.get(&key).is_some_and(|by| mutual || by.contains(unit));
            let entry = counts.entry((unit, pool.clone(), category, tier)).or_default();
            entry.0 += 1;
            entry.1 += u64::from(done);
            entry.2 += u64::from(this_quarter);
            entry.3 += u64::from(cycle_done);
        }
    }
    let population: BTreeMap<Key<'_>, (u64, u64, u64, u64)> = counts.into_iter().collect();

    // Valid draws per stratum in the plan: each drawn object's own stratum
    // names, recomputed from the registry, must include the one it covers.
    let mut drawn: BTreeMap<&str, u64> = BTreeMap::new();
    for t in &plan.tasks {
        let strata: Vec<(String, Pool)> = world
            .objects
            .get(t.object.as_str())
            .filter(|o| o.status.is_eligible())
            .and_then(|o| Some((*o, unit_of_object(o)?)))
            .map(|(o, unit)| {
                pools
                    .iter()
                    .filter_map(|pool| {
                        drawn_category(request, o, pool)
                            .map(|(c, tier)| (stratum_name(unit, pool, &c, &tier), pool.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for c in &t.covers {
            if c.stratum.contains("/campaign/") {
                continue;
            }
            let unit = world.objects.get(t.object.as_str()).and_then(|o| unit_of_object(o)).unwrap_or_default();
            let why = match strata.iter().find(|(name, _)| *name == c.stratum) {
                // Per pool, as the draw excludes them: an earlier month's
                // visit for one pool leaves the object in the other's.
                Some((_, pool)) if earlier_months.contains(&(t.object.as_str(), unit, pool.clone())) => {
                    "an earlier month of the quarter drew it already"
                }
                Some(_) => {
                    *drawn.entry(c.stratum.as_str()).or_default() += 1;
                    continue;
                }
                None => "the object is not an eligible member of this stratum",
            };
            report.breaches.push(Breach::NotEligible {
                task: format!("{}/{}", t.unit, t.object),
                stratum: c.stratum.to_string(),
                why: why.into(),
            });
        }
    }

    let officers = officers_per_unit(request);
    let rounding = request.policy.readings.rounding;
    for ((unit, pool, category, tier), (eligible, done, earlier, cycle_done)) in &population {
        let name = stratum_name(unit, pool, category, tier);
        // The months the pool's objects may be inspected in (its matter's,
        // else the policy's): a yearly total spreads over the quarters that
        // have one; a quarter (or a month of a monthly draw) without one
        // owes nothing.
        let open = |month: u32| opens(&request.policy, pool, month);
        let quarters_left =
            (request.quarter.number()..=4).filter(|q| (1..=3).any(|i| open(u32::from(*q - 1) * 3 + i))).count() as u64;
        // A yearly cadence draws the year's remainder at once.
        let quarters_left = if request.policy.cadence == Cadence::Yearly { 1 } else { quarters_left.max(1) };
        let closed = !request.quarter.months().iter().any(|m| open(*m)) || request.month.is_some_and(|m| !open(m));
        let months_left =
            request.month.map(|m| request.quarter.months().iter().filter(|x| **x >= m && open(**x)).count() as u64);
        // Quarters with an open month in a whole year, for a cycle's later years.
        let open_a_year = (1..=12u32).step_by(3).filter(|q| (0..3).any(|i| open(q + i))).count() as u64;
        let open_a_year = if request.policy.cadence == Cadence::Yearly { open_a_year.min(1) } else { open_a_year };
        let mut best: Option<(u64, String)> = None;
        for rule in &request.policy.rules {
            if rule.pool != *pool || rule.category != *category {
                continue;
            }
            let need = match rule.minimum.in_force() {
                Minimum::PercentPerQuarter { percent } => percent_of(percent.basis_points(), *eligible, rounding),
                Minimum::PercentPerYear { percent } => {
                    let total = percent_of(percent.basis_points(), *eligible, rounding);
                    total.saturating_sub(*done).div_ceil(quarters_left)
                }
                Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
                    if tier.is_some() {
                        continue;
                    }
                    let n = counted_officers(request, &officers, unit, counted);
                    // N × officers with N in hundredths: percent_of's arithmetic on n × 100.
                    let total = percent_of(objects_per_inspector.hundredths(), n * 100, rounding).min(*eligible);
                    total.saturating_sub(*done).div_ceil(quarters_left)
                }
                Minimum::EveryObjectOncePerYear {} => eligible.saturating_sub(*done).div_ceil(quarters_left),
                Minimum::EveryObjectOncePerCycle { years, first_year } => {
                    let len = i32::try_from(*years).unwrap_or(1).max(1);
                    let last = first_year + (year - first_year).div_euclid(len) * len + len - 1;
                    let later = u64::try_from(last - year).unwrap_or(0);
                    eligible.saturating_sub(*cycle_done).div_ceil((quarters_left + later * open_a_year).max(1))
                }
                Minimum::OneOf { .. } => continue,
            };
            if best.as_ref().is_none_or(|(b, _)| need > *b) {
                best = Some((need, format!("{} — {}", rule.minimum, rule.source)));
            }
        }
        if let Some(t) = tier {
            for m in &request.policy.modifiers {
                if let (Modifier::RiskTier { percent_per_quarter, source, .. }, Some(tn)) = (m, m.tier_name()) {
                    let need = percent_of(percent_per_quarter.basis_points(), *eligible, rounding);
                    if tn == t && best.as_ref().is_none_or(|(b, _)| need > *b) {
                        best = Some((need, format!("risk tier {tn} — {source}")));
                    }
                }
            }
        }
        let Some((need, rule)) = best else { continue };
        let need = if closed { 0 } else { need };
        report.strata_checked += 1;
        let quarter_required = need.min(*eligible);
        // A monthly draw owes its share: ⌈(quarter − earlier months) ÷ months left⌉.
        let required = match months_left {
            Some(left) => quarter_required.saturating_sub(*earlier).div_ceil(left.max(1)).min(eligible - earlier),
            None => quarter_required,
        };
        let got = drawn.get(name.as_str()).copied().unwrap_or(0);
        if got < required {
            report.breaches.push(Breach::MinimumNotMet { stratum: name.clone(), required, drawn: got, rule });
        }
    }
}

fn percent_of(basis_points: u32, n: u64, rounding: Rounding) -> u64 {
    let x = u128::from(basis_points) * u128::from(n);
    let r = match rounding {
        Rounding::Up => x.div_ceil(10_000),
        Rounding::Nearest => (x + 5_000) / 10_000,
        Rounding::Down => x / 10_000,
    };
    u64::try_from(r).unwrap_or(u64::MAX)
}

/// Each unit's certified officers on post, counted once: a scan of the
/// inspector library per stratum is quadratic at national scale. Someone
/// not on post is never counted, under either reading.
fn officers_per_unit(request: &PlanRequest) -> HashMap<&str, u64> {
    let mut out: HashMap<&str, u64> = HashMap::default();
    for i in request.registry.inspectors.iter().filter(|i| i.role == Role::Officer && i.on_post) {
        *out.entry(i.jurisdiction.as_str()).or_default() += 1;
    }
    out
}

fn counted_officers(
    request: &PlanRequest,
    officers: &HashMap<&str, u64>,
    unit: &str,
    counted: &CountedInspectors,
) -> u64 {
    match counted {
        CountedInspectors::CertifiedOfficers {} | CountedInspectors::OnPostOfficers {} => {
            officers.get(unit).copied().unwrap_or_default()
        }
        // Rare (a document that counts only some officers): a scan of the
        // inspector library for the one stratum.
        CountedInspectors::WithExpertise { expertise } => request
            .registry
            .inspectors
            .iter()
            .filter(|i| {
                i.role == Role::Officer && i.on_post && i.jurisdiction == unit && i.expertise.contains(expertise)
            })
            .count() as u64,
        CountedInspectors::Given { count } => u64::from(*count),
    }
}

fn check_tasks(plan: &QuarterPlan, request: &PlanRequest, world: &World<'_>, out: &mut Vec<Breach>) {
    // A monthly draw's tasks are all in its month.
    let months: Vec<u32> = match request.month {
        Some(m) => vec![m],
        None => request.quarter.months().to_vec(),
    };
    let mutual = request.policy.readings.other_levels == OtherLevelVisits::JointAndCount;
    let mut seen: HashSet<&str> = HashSet::default();
    // Earlier months' visits of a monthly draw's quarter count toward
    // quarterly capacity.
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    for v in request.history.iter().filter(|v| request.of_earlier_month(v.date) && request.units.contains(&v.by)) {
        for id in &v.inspectors {
            *load.entry(id.as_str()).or_default() += 1;
        }
    }
    for t in &plan.tasks {
        let task = format!("{}/{}", t.unit, t.object);
        if !seen.insert(t.object.as_str()) {
            out.push(Breach::VisitedTwice { object: t.object.clone() });
        }
        let drawn = t.covers.iter().any(|c| !c.stratum.contains("/campaign/"));
        if !months.contains(&t.month) || (drawn && !in_window(request, t)) {
            out.push(Breach::Month { task: task.clone(), month: t.month });
        }
        let Some(object) = world.objects.get(t.object.as_str()) else {
            out.push(Breach::NotEligible {
                task,
                stratum: String::new(),
                why: "the object is not in the registry".into(),
            });
            continue;
        };
        if t.is_random() && !object.status.is_eligible() {
            out.push(Breach::NotEligible {
                task: task.clone(),
                stratum: String::new(),
                why: format!("status {:?} may not be drawn", object.status),
            });
        }
        check_mode(request, t, object, &task, out);
        let others = world.this_quarter.get(t.object.as_str()).map(|b| b.iter().filter(|b| **b != t.unit).count());
        match &t.visit {
            Visit::JointWithOtherLevel { .. } => {
                if !mutual || others.unwrap_or(0) == 0 {
                    out.push(Breach::Team {
                        task,
                        why: "joint visit without another level's visit this quarter".into(),
                    });
                }
            }
            Visit::Own { officers, joining } => {
                if mutual && others.unwrap_or(0) > 0 {
                    out.push(Breach::Team {
                        task: task.clone(),
                        why: "another level visits this quarter: a second team is sent".into(),
                    });
                }
                check_team(&request.policy, t, officers, joining, object, world, &task, out);
                for id in officers.iter().chain(joining) {
                    *load.entry(id.as_str()).or_default() += 1;
                }
            }
        }
    }
    for (id, tasks) in load {
        if let Some(p) = world.inspectors.get(id) {
            if tasks > p.quarterly_capacity {
                out.push(Breach::OverCapacity { inspector: id.to_owned(), tasks, capacity: p.quarterly_capacity });
            }
        }
    }
    for r in &request.targeted {
        if !plan.tasks.iter().any(|t| t.object == r.object && t.targeted.contains(&r.reason)) {
            out.push(Breach::TargetedMissing { object: r.object.clone() });
        }
    }
}

/// The policy's matter whose pool `pool` is, found here rather than
/// through the planner's lookup, as the whole check is.
fn matter_of<'p>(policy: &'p Policy, pool: &Pool) -> Option<&'p Matter> {
    policy.matters.iter().find(|m| pool.is_matter() && m.id == pool.en())
}

/// Whether `pool`'s objects may be inspected in `month`: its matter's
/// months, else the policy's, else any.
fn opens(policy: &Policy, pool: &Pool, month: u32) -> bool {
    let matter = matter_of(policy, pool);
    let window = matter.and_then(|m| m.months.as_ref()).or(policy.months.as_ref());
    window.is_none_or(|w| w.months.contains(&month))
}

/// Whether a task's month is one every pool it covers allows; where they
/// share no month of the quarter, one any of them allows; where none has
/// one, any month.
fn in_window(request: &PlanRequest, t: &crate::plan::Task) -> bool {
    let all = |m: u32| t.pools.iter().all(|p| opens(&request.policy, p, m));
    let any = |m: u32| t.pools.iter().any(|p| opens(&request.policy, p, m));
    let quarter = request.quarter.months();
    if quarter.iter().any(|m| all(*m)) {
        all(t.month)
    } else if quarter.iter().any(|m| any(*m)) {
        any(t.month)
    } else {
        true
    }
}

#[allow(clippy::too_many_arguments)]
fn check_team(
    policy: &Policy,
    t: &crate::plan::Task,
    officers: &[Id],
    joining: &[Id],
    object: &RegulatedObject,
    world: &World<'_>,
    task: &str,
    out: &mut Vec<Breach>,
) {
    let mut bad = |why: String| out.push(Breach::Team { task: task.to_owned(), why });
    let distinct: BTreeSet<&Id> = officers.iter().collect();
    if distinct.len() < 2 {
        bad(format!("{} distinct certified officer(s); at least 2 are required", distinct.len()));
    }
    for id in officers.iter().chain(joining) {
        let Some(p) = world.inspectors.get(id.as_str()) else {
            bad(format!("inspector {id} is not in the inspector library"));
            continue;
        };
        if officers.contains(id) && p.role != Role::Officer {
            bad(format!("{id} is counted as an officer but is a {:?}", p.role));
        }
        if !p.on_post {
            bad(format!("{id} is not on post (在编在岗 = false) and may not be drawn onto a visit"));
        }
        if p.jurisdiction != t.unit {
            bad(format!("{id} belongs to {}, not to the drawing unit {}", p.jurisdiction, t.unit));
        }
        if p.recusals.contains(&object.id) {
            bad(format!("{id} is recused for {}", object.id));
        }
    }
    for need in &t.expertise {
        let has = officers
            .iter()
            .chain(joining)
            .any(|id| world.inspectors.get(id.as_str()).is_some_and(|p| p.expertise.contains(need)));
        if !has {
            bad(format!("no one on the team has expertise `{need}`"));
        }
    }
    for pool in &t.pools {
        let matter = matter_of(policy, pool);
        let need = match matter {
            Some(m) => m.expertise.as_deref(),
            None => pool.required_expertise(),
        };
        if let Some(need) = need {
            if !t.expertise.contains(need) {
                bad(format!("the {pool} pool needs expertise `{need}` but the task does not ask for it"));
            }
        }
    }
}

fn check_mode(request: &PlanRequest, t: &crate::plan::Task, o: &RegulatedObject, task: &str, out: &mut Vec<Breach>) {
    // The task's month decides, as the documents date lists by day.
    let Some((start, end)) = request.quarter.month_days(t.month) else { return };
    let complaint = t.targeted.contains(&TargetedReason::Complaint);
    let listed = request.policy.modifiers.iter().any(|m| match m {
        Modifier::PositiveListOffSite { in_force, .. } => {
            in_force.overlaps(start, end) && o.positive_list.is_some_and(|l| l.overlaps(start, end))
        }
        Modifier::CreditDowngrade { in_force, .. } => {
            in_force.overlaps(start, end)
                && o.category == Category::Key
                && drawn_category(request, o, &Pool::Pollution).is_some_and(|(c, _)| c == Category::General)
        }
        Modifier::RiskTier { .. } => false,
    });
    // Every pool the visit covers a matter the document has inspected
    // otherwise than on site (书面检查, 非现场检查).
    let by_form =
        !t.pools.is_empty() && t.pools.iter().all(|p| matter_of(&request.policy, p).is_some_and(|m| m.form.is_some()));
    let should_be_off_site = (listed || by_form) && !complaint;
    match (t.mode, should_be_off_site) {
        (Mode::OnSite, true) => out.push(Breach::Mode {
            task: task.to_owned(),
            why: "positive-list, credit-downgrade or off-site-matter object visited on site without a complaint to verify"
                .into(),
        }),
        (Mode::OffSite, false) => out.push(Breach::Mode {
            task: task.to_owned(),
            why: "off-site without a positive-list, credit-downgrade or off-site-matter reason".into(),
        }),
        _ => {}
    }
}
