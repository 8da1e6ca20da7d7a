//! Cross-crate tests.
//!
//! Shared helpers for the integration tests in `tests/tests/`: a generator
//! of random (but deterministic, seeded) plan requests over small
//! registries, a shuffler that reorders every list of a request, and an
//! independent checker of the invariants every plan must satisfy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use shuangsuiji::model::{
    Category, Credit, DateRange, Id, Inspection, InspectionKind, Inspector, Jurisdiction, Level, ObjectTags, Pool,
    Quarter, Registry, RegulatedObject, Role, Status,
};
use shuangsuiji::plan::{QuarterPlan, Visit};
use shuangsuiji::request::{Campaign, PlanRequest, Scope, TargetedReason, TargetedRequest};
use shuangsuiji::rules::{self, Modifier, OtherLevelVisits, Percent, Policy, RiskCriteria, Source};

/// The presets the property tests plan with.
pub const PRESETS: [&str; 6] =
    ["changji-prefecture", "changji-county", "changji-hitech", "fengdu-example", "wangcheng", "wangcheng-quarterly"];

/// The prefecture of every generated registry.
pub const PREFECTURE: &str = "p";

/// A date known to be valid (falls back to the first of the month).
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, 1)).unwrap_or(NaiveDate::MIN)
}

/// A quarter known to be valid.
pub fn quarter(year: i32, q: u8) -> Quarter {
    Quarter::new(year, q).unwrap_or_else(|_| Quarter::containing(ymd(year, 1, 1)))
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenSpec {
    /// Preset name, one of [`PRESETS`].
    pub preset: &'static str,
    /// `readings.other_levels`.
    pub other_levels: OtherLevelVisits,
    /// Number of objects (20–300 in the property tests).
    pub objects: usize,
    /// Number of counties/parks (1–3).
    pub counties: usize,
    /// Quarter number, 1–4; the year follows the preset.
    pub quarter: u8,
    /// Whether to write earlier-quarter history.
    pub history: bool,
    /// Whether another level visits some objects this quarter.
    pub other_level_visits: bool,
    /// Whether to add targeted requests.
    pub targeted: bool,
    /// Whether to add a directed campaign.
    pub campaign: bool,
    /// Whether to add the Zhongwei modifiers (positive list, credit
    /// downgrade), extended to 2030.
    pub zhongwei: bool,
    /// Whether inspectors get random recusals.
    pub recusals: bool,
    /// Whether to add a risk tier (complaints, poor credit, recent
    /// violation) to the policy.
    pub risk_tier: bool,
    /// County ids like `p/c1` (the documented style) rather than `p-c1`.
    pub slash_ids: bool,
    /// Seed of every other choice.
    pub seed: u64,
}

impl GenSpec {
    /// A spec with every feature chosen at random from `seed`.
    pub fn random(seed: u64, preset: &'static str, other_levels: OtherLevelVisits) -> Self {
        let mut rng = Pcg64::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15);
        GenSpec {
            preset,
            other_levels,
            objects: rng.gen_range(20..=300),
            counties: rng.gen_range(1..=3),
            quarter: rng.gen_range(1..=4),
            history: rng.gen_bool(0.7),
            other_level_visits: rng.gen_bool(0.5),
            targeted: rng.gen_bool(0.5),
            campaign: rng.gen_bool(0.25),
            zhongwei: rng.gen_bool(0.2),
            recusals: rng.gen_bool(0.8),
            slash_ids: rng.gen_bool(0.5),
            risk_tier: rng.gen_bool(0.2),
            seed,
        }
    }
}

/// The preset's policy with `other_levels` set.
// A test helper: a built-in preset that does not read is a failed test.
#[allow(clippy::unwrap_used)]
pub fn policy_for(preset: &str, other_levels: OtherLevelVisits, zhongwei: bool) -> Policy {
    let mut policy = rules::preset(preset).unwrap_or_else(|_| rules::preset("changji-county").unwrap());
    if zhongwei {
        policy = policy
            .with_modifiers_of(&rules::preset("zhongwei-positive-list").unwrap().extended_until(ymd(2030, 12, 31)));
    }
    policy.readings.other_levels = other_levels;
    policy
}

/// A year inside the preset's validity.
pub fn year_for(preset: &str, rng: &mut impl Rng) -> i32 {
    match preset {
        "fengdu-example" | "fengdu" => 2024,
        "wangcheng" | "wangcheng-quarterly" => rng.gen_range(2022..=2025),
        _ => 2023,
    }
}

/// Whether the preset is written for the prefecture's own bureau.
pub fn is_prefecture_preset(preset: &str) -> bool {
    preset == "changji-prefecture"
}

/// The county/park ids of a generated registry: `p/c1…` or `p-c1…`.
pub fn county_ids(n: usize, slash: bool) -> Vec<Id> {
    let sep = if slash { '/' } else { '-' };
    (1..=n).map(|i| format!("{PREFECTURE}{sep}c{i}")).collect()
}

fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> Option<&'a T> {
    items.choose(rng)
}

fn random_status(rng: &mut impl Rng) -> Status {
    match rng.gen_range(0..100) {
        0..=79 => Status::Active,
        80..=87 => Status::NewConstruction,
        88..=91 => Status::Relocated,
        92..=94 => Status::LongTermStopped,
        95..=97 => Status::BankruptDeregistered,
        _ => Status::OptedOut,
    }
}

fn random_object(rng: &mut impl Rng, id: String, jurisdiction: &str, year: i32) -> RegulatedObject {
    let mut o = RegulatedObject::new(id, jurisdiction, Category::General);
    o.category = match rng.gen_range(0..100) {
        0..=17 => Category::Key,
        18..=29 => Category::Special,
        _ => Category::General,
    };
    o.status = random_status(rng);
    if rng.gen_bool(0.10) {
        o.radiation = Some(if rng.gen_bool(0.35) { Category::Key } else { Category::General });
    }
    if rng.gen_bool(0.14) {
        o.hazardous_waste = Some(if rng.gen_bool(0.35) { Category::Key } else { Category::General });
    }
    o.tags = ObjectTags {
        industry: pick(rng, &["化工", "水泥", "火电", "食品加工"]).map(|s| (*s).to_owned()),
        ..ObjectTags::default()
    }
    .boxed();
    if rng.gen_bool(0.12) {
        o.positive_list = Some(DateRange { from: ymd(year - 1, 1, 1), until: Some(ymd(year, 12, 31)) });
    }
    o.credit = match rng.gen_range(0..4) {
        0 => None,
        1 => Some(Credit::Good),
        2 => Some(Credit::Ordinary),
        _ => Some(Credit::Poor),
    };
    if rng.gen_bool(0.2) {
        o.last_violation = Some(ymd(year - 1, rng.gen_range(1..=12), rng.gen_range(1..=28)));
    }
    o.online_monitoring_stable = rng.gen_bool(0.5);
    o.complaints = rng.gen_range(0..3);
    o
}

/// Inspectors of one jurisdiction, sized for `objects` objects (every
/// task needs two officer-visits; an object is at most one task).
fn staff(
    rng: &mut impl Rng,
    jurisdiction: &str,
    objects: &[&RegulatedObject],
    extra_tasks: usize,
    recusals: bool,
    out: &mut Vec<Inspector>,
) {
    let officers = rng.gen_range(3..=7usize);
    let needed = 2 * (objects.len() + extra_tasks);
    let capacity = u32::try_from(needed.div_ceil(officers - 1) + rng.gen_range(1..=4)).unwrap_or(10_000).min(10_000);
    let tag = jurisdiction.replace('/', "-");
    for i in 0..officers {
        let mut p = Inspector::officer(format!("{tag}-o{i}"), jurisdiction, capacity.max(1));
        // The first two officers carry the pools' expertise (usually).
        if (i == 0 && rng.gen_bool(0.95)) || (i > 1 && rng.gen_bool(0.15)) {
            p.expertise.insert("radiation".to_owned());
        }
        if (i == 1 && rng.gen_bool(0.95)) || (i > 1 && rng.gen_bool(0.15)) {
            p.expertise.insert("hazardous_waste".to_owned());
        }
        p.on_post = i < 2 || rng.gen_bool(0.9);
        if recusals && !objects.is_empty() && rng.gen_bool(0.3) {
            for _ in 0..rng.gen_range(1..=3) {
                if let Some(o) = pick(rng, objects) {
                    p.recusals.insert(o.id.clone());
                }
            }
        }
        out.push(p);
    }
    for i in 0..rng.gen_range(0..=2) {
        let mut p = Inspector::officer(format!("{tag}-s{i}"), jurisdiction, capacity.max(1));
        p.role = Role::Supervisor;
        out.push(p);
    }
    if rng.gen_bool(0.5) {
        let mut p = Inspector::officer(format!("{tag}-e0"), jurisdiction, capacity.max(1));
        p.role = Role::Expert;
        p.expertise.insert(if rng.gen_bool(0.5) { "radiation" } else { "hazardous_waste" }.to_owned());
        out.push(p);
    }
}

/// A random request built from `spec`: a prefecture `p` with 1–3
/// counties/parks `p/c1…` (or `p-c1…`), random objects (categories, statuses, pool
/// memberships, positive list, credit), inspectors sized so the plan is
/// usually feasible, random recusals, earlier-quarter history, other
/// levels' visits this quarter, targeted requests and a campaign.
pub fn random_request(spec: &GenSpec) -> PlanRequest {
    let mut rng = Pcg64::seed_from_u64(spec.seed);
    let year = year_for(spec.preset, &mut rng);
    let q = quarter(year, spec.quarter);
    let counties = county_ids(spec.counties.max(1), spec.slash_ids);

    let mut jurisdictions = vec![Jurisdiction {
        id: PREFECTURE.to_owned(),
        name: "测试州".to_owned(),
        level: Level::Prefecture,
        parent: None,
    }];
    for (i, c) in counties.iter().enumerate() {
        jurisdictions.push(Jurisdiction {
            id: c.clone(),
            name: format!("测试县{i}"),
            level: if i > 0 && rng.gen_bool(0.4) { Level::Park } else { Level::County },
            parent: Some(PREFECTURE.to_owned()),
        });
    }

    let mut objects = Vec::with_capacity(spec.objects);
    for i in 0..spec.objects {
        // A few objects lie in the prefecture itself (outside every county).
        let county = if rng.gen_bool(0.04) {
            PREFECTURE.to_owned()
        } else {
            pick(&mut rng, &counties).cloned().unwrap_or_default()
        };
        let id = if rng.gen_bool(0.1) { format!("企业-{i:04}") } else { format!("O-{i:04}") };
        objects.push(random_object(&mut rng, id, &county, year));
    }

    let units: Vec<Id> = if is_prefecture_preset(spec.preset) {
        vec![PREFECTURE.to_owned()]
    } else {
        let mut units: Vec<Id> = counties.iter().filter(|_| rng.gen_bool(0.75)).cloned().collect();
        if units.is_empty() {
            units = counties.iter().take(1).cloned().collect();
        }
        units
    };

    let mut inspectors = Vec::new();
    let all: Vec<&RegulatedObject> = objects.iter().collect();
    staff(&mut rng, PREFECTURE, &all, 4, spec.recusals, &mut inspectors);
    for c in &counties {
        let own: Vec<&RegulatedObject> = objects.iter().filter(|o| &o.jurisdiction == c).collect();
        staff(&mut rng, c, &own, 4, spec.recusals, &mut inspectors);
    }

    let people_of = |j: &str| -> Vec<Id> {
        inspectors.iter().filter(|p| p.jurisdiction == j && p.role == Role::Officer).map(|p| p.id.clone()).collect()
    };
    let unit_of = |o: &RegulatedObject| -> Id {
        if is_prefecture_preset(spec.preset) {
            PREFECTURE.to_owned()
        } else {
            o.jurisdiction.to_string()
        }
    };
    let other_level = |o: &RegulatedObject| -> Id {
        if is_prefecture_preset(spec.preset) {
            o.jurisdiction.to_string()
        } else {
            PREFECTURE.to_owned()
        }
    };

    let mut history = Vec::new();
    if spec.history {
        for o in &objects {
            // Last year's inspections never count.
            if rng.gen_bool(0.05) {
                history.push(Inspection::random(o.id.clone(), unit_of(o), ymd(year - 1, 11, 3)));
            }
            if spec.quarter > 1 && rng.gen_bool(0.35) {
                let month = rng.gen_range(1..=3 * u32::from(spec.quarter - 1));
                let by = if rng.gen_bool(0.8) { unit_of(o) } else { other_level(o) };
                let mut pools = BTreeSet::from([Pool::Pollution]);
                if o.radiation.is_some() && rng.gen_bool(0.5) {
                    pools.insert(Pool::Radiation);
                }
                if o.hazardous_waste.is_some() && rng.gen_bool(0.5) {
                    pools.insert(Pool::HazardousWaste);
                }
                let mut people = people_of(&by);
                people.shuffle(&mut rng);
                people.truncate(if rng.gen_bool(0.8) { 2 } else { 0 });
                history.push(Inspection {
                    object: o.id.clone(),
                    by,
                    date: ymd(year, month, rng.gen_range(1..=28)),
                    kind: if rng.gen_bool(0.85) { InspectionKind::Random } else { InspectionKind::Targeted },
                    pools,
                    inspectors: people,
                });
            }
        }
    }
    if spec.other_level_visits {
        let months = q.months();
        for o in &objects {
            if rng.gen_bool(0.08) {
                let month = pick(&mut rng, &months).copied().unwrap_or(1);
                let by = other_level(o);
                let mut people = people_of(&by);
                people.shuffle(&mut rng);
                people.truncate(2);
                history.push(Inspection {
                    object: o.id.clone(),
                    by,
                    date: ymd(year, month, rng.gen_range(1..=28)),
                    kind: InspectionKind::Random,
                    pools: BTreeSet::from([Pool::Pollution]),
                    inspectors: people,
                });
            }
        }
    }

    let mut targeted = Vec::new();
    if spec.targeted {
        let in_units: Vec<&RegulatedObject> = objects
            .iter()
            .filter(|o| is_prefecture_preset(spec.preset) || units.iter().any(|u| *u == o.jurisdiction))
            .collect();
        let reasons = [
            TargetedReason::Complaint,
            TargetedReason::Referral,
            TargetedReason::Transfer,
            TargetedReason::Incident,
            TargetedReason::NuclearSafety,
            TargetedReason::MonitoringClue,
        ];
        // Distinct objects: two fixed months for one object make the plan
        // depend on the order of `targeted` (a known bug, tested on its own
        // in plan_props.rs).
        let count = rng.gen_range(1..=3);
        let chosen: Vec<&&RegulatedObject> = in_units.choose_multiple(&mut rng, count).collect();
        for o in chosen {
            if let Some(reason) = pick(&mut rng, &reasons) {
                let month = if rng.gen_bool(0.5) { pick(&mut rng, &q.months()).copied() } else { None };
                targeted.push(TargetedRequest { object: o.id.clone(), reason: *reason, month });
            }
        }
    }

    let campaigns = if spec.campaign {
        vec![Campaign {
            id: "chem".to_owned(),
            scope: Scope { industry: Some("化工".to_owned()), ..Scope::default() },
            percent: Percent::whole(rng.gen_range(5..=30)),
            expertise: None,
        }]
    } else {
        Vec::new()
    };

    let mut policy = policy_for(spec.preset, spec.other_levels, spec.zhongwei);
    if spec.risk_tier {
        policy.modifiers.push(Modifier::RiskTier {
            name: "high".to_owned(),
            label: None,
            criteria: RiskCriteria {
                min_complaints: Some(2),
                credit_at_or_below: Some(Credit::Poor),
                violation_within_days: Some(365),
            },
            categories: vec![Category::General, Category::Special],
            percent_per_quarter: Percent::whole(rng.gen_range(10..=60)),
            source: Source {
                document: "test".to_owned(),
                clause: "risk tier".to_owned(),
                quote: "高风险".to_owned(),
                reading: None,
            },
        });
    }
    PlanRequest {
        format: Default::default(),
        registry: Registry { jurisdictions, objects, inspectors },
        policy,
        units,
        quarter: q,
        history,
        targeted,
        campaigns,
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
        month: None,
        seed: format!("{:020}", rng.gen::<u64>()),
    }
}

/// The request with every list reordered at random (jurisdictions,
/// objects, inspectors, history and each inspection's inspectors,
/// targeted requests, campaigns, units). Nothing else changes.
pub fn shuffled(request: &PlanRequest, seed: u64) -> PlanRequest {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut r = request.clone();
    r.registry.jurisdictions.shuffle(&mut rng);
    r.registry.objects.shuffle(&mut rng);
    r.registry.inspectors.shuffle(&mut rng);
    r.history.shuffle(&mut rng);
    for i in &mut r.history {
        i.inspectors.shuffle(&mut rng);
    }
    r.targeted.shuffle(&mut rng);
    r.campaigns.shuffle(&mut rng);
    r.units.shuffle(&mut rng);
    r
}

/// Checks the invariants every plan must satisfy, independently of the
/// planner, and returns every violation found (empty when all hold).
///
/// * every stratum drew at least its minimum;
/// * no random cover names an ineligible object;
/// * every own visit has ≥ 2 distinct certified officers of the task's
///   unit, none recused for the object;
/// * nobody is on more tasks than their quarterly capacity;
/// * no object is in two tasks;
/// * a task needing expertise has someone with it;
/// * months lie in the quarter, units are the request's.
pub fn plan_violations(plan: &QuarterPlan, request: &PlanRequest) -> Vec<String> {
    let mut out = Vec::new();
    let objects: HashMap<&str, &RegulatedObject> =
        request.registry.objects.iter().map(|o| (o.id.as_str(), o)).collect();
    let people: HashMap<&str, &Inspector> = request.registry.inspectors.iter().map(|p| (p.id.as_str(), p)).collect();
    for line in &plan.strata {
        if line.drawn < line.required {
            out.push(format!("stratum {}: drawn {} < required {}", line.stratum, line.drawn, line.required));
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    let months = request.quarter.months();
    for t in &plan.tasks {
        let name = format!("{}/{}", t.unit, t.object);
        if !seen.insert(t.object.as_str()) {
            out.push(format!("object {} is in two tasks", t.object));
        }
        if !months.contains(&t.month) {
            out.push(format!("task {name}: month {} outside {}", t.month, request.quarter));
        }
        if !request.units.iter().any(|u| *u == t.unit) {
            out.push(format!("task {name}: unit is not a drawing unit"));
        }
        let Some(object) = objects.get(t.object.as_str()) else {
            out.push(format!("task {name}: unknown object"));
            continue;
        };
        if t.is_random() && !object.status.is_eligible() {
            out.push(format!("task {name}: random cover {:?} names an object of status {:?}", t.covers, object.status));
        }
        if let Visit::Own { officers, joining } = &t.visit {
            let distinct: BTreeSet<&Id> = officers.iter().collect();
            if distinct.len() < 2 || distinct.len() != officers.len() {
                out.push(format!("task {name}: officers {officers:?} are not ≥ 2 distinct"));
            }
            for id in officers {
                match people.get(id.as_str()) {
                    None => out.push(format!("task {name}: unknown officer {id}")),
                    Some(p) => {
                        if p.role != Role::Officer {
                            out.push(format!("task {name}: {id} is a {:?}, not an officer", p.role));
                        }
                        if p.jurisdiction != t.unit {
                            out.push(format!("task {name}: officer {id} belongs to {}", p.jurisdiction));
                        }
                    }
                }
            }
            for id in officers.iter().chain(joining) {
                if let Some(p) = people.get(id.as_str()) {
                    if p.recusals.contains(&t.object) {
                        out.push(format!("task {name}: {id} is recused"));
                    }
                    if !p.on_post {
                        out.push(format!("task {name}: {id} is not on post"));
                    }
                    if p.jurisdiction != t.unit {
                        out.push(format!("task {name}: {id} joins from {}", p.jurisdiction));
                    }
                } else {
                    out.push(format!("task {name}: unknown inspector {id}"));
                }
                *load.entry(id.as_str()).or_default() += 1;
            }
            let mut needs: BTreeSet<String> = t.expertise.clone();
            needs.extend(t.pools.iter().filter_map(|p| p.required_expertise()).map(str::to_owned));
            for need in needs {
                let has = officers
                    .iter()
                    .chain(joining)
                    .any(|id| people.get(id.as_str()).is_some_and(|p| p.expertise.contains(&need)));
                if !has {
                    out.push(format!("task {name}: nobody with expertise {need}"));
                }
            }
        }
    }
    for (id, n) in load {
        if let Some(p) = people.get(id) {
            if n > p.quarterly_capacity {
                out.push(format!("inspector {id}: {n} tasks > capacity {}", p.quarterly_capacity));
            }
        }
    }
    out
}

/// The random tasks of `plan` as history: one random inspection per task,
/// dated the 15th of its month, by its unit, with its pools and officers.
pub fn plan_as_history(plan: &QuarterPlan, year: i32) -> Vec<Inspection> {
    plan.tasks
        .iter()
        .filter(|t| t.is_random())
        .map(|t| Inspection {
            object: t.object.clone(),
            by: t.unit.to_string(),
            date: ymd(year, t.month, 15),
            kind: InspectionKind::Random,
            pools: t.pools.clone(),
            inspectors: t.officers().to_vec(),
        })
        .collect()
}

/// The demo prefecture (`shuangsuiji_io::synth::demo_prefecture`) with every county
/// and park as a drawing unit under `policy`.
pub fn demo_request(policy: Policy, quarter: Quarter, seed: &str) -> PlanRequest {
    let registry = shuangsuiji_io::synth::demo_prefecture();
    let units: Vec<Id> =
        registry.jurisdictions.iter().filter(|j| j.level != Level::Prefecture).map(|j| j.id.clone()).collect();
    PlanRequest::new(registry, policy, units, quarter, seed)
}
