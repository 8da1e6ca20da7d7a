//! A regime run over years and seeds: how much of each category it
//! inspects a year, how often it disturbs a company (企业打扰, 001 §一:
//! 切实减少对企业正常生产经营活动的干扰), how many companies it never visits,
//! whether every key unit is seen once a year (000 §四.1), and how loaded
//! the officers are — each figure an interval over the seeds.
//!
//! Every quarter is a real plan ([`plan_quarter`](crate::plan::plan_quarter)),
//! fed the year's earlier plans as history; each year starts a new history
//! (the minimums are yearly) on a registry changed by the year's churn —
//! new companies, closures, re-categorisations — chosen by hashing the
//! seed, the year and the object's id, so a run is reproducible. Years the
//! policy's document does not cover are planned under it re-dated
//! ([`Policy::assume_valid`](crate::rules::Policy::assume_valid)) and
//! listed in `assumptions`.
//!
//! ```
//! use shuangsuiji::analysis::simulate::{simulate, SimulationSpec};
//! use shuangsuiji::{rules, sample, PlanRequest};
//!
//! let request = PlanRequest {
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
//! let run = simulate(&request, &SimulationSpec { years: 2, seeds: 3, ..Default::default() })?;
//! // Every key unit once a year (000 §四.1), in every seed and year.
//! assert!(run.years.iter().all(|y| y.key_units_covered.min == 1.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Category, Id, Quarter, Registry, RegulatedObject, Status};
use crate::plan::stratum::unit_of_jurisdiction;
use crate::plan::QuarterPlan;
use crate::request::PlanRequest;
use crate::rules::Policy;

use super::year::{run, seed_of};

/// Most years and seeds one simulation takes.
pub const MAX_YEARS: u32 = 20;
/// Most seeds one simulation takes.
pub const MAX_SEEDS: u32 = 1000;

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SimulationSpec {
    /// Years, from the request's quarter (the first year runs from that
    /// quarter to its end; 1 to [`MAX_YEARS`]).
    pub years: u32,
    /// Seeds (1 to [`MAX_SEEDS`]): seed `k` is the request's seed with `k`
    /// appended as four digits.
    pub seeds: u32,
    /// The registry's yearly change.
    pub churn: Churn,
}

impl Default for SimulationSpec {
    fn default() -> Self {
        SimulationSpec { years: 3, seeds: 10, churn: Churn::default() }
    }
}

/// The registry's change each year after the first, as shares of the
/// eligible objects at the year's start (each 0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Churn {
    /// New companies, entering as general units (一般排污单位) of the
    /// jurisdiction of an existing one.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub new: f64,
    /// Companies closing (破产注销), no longer drawn.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub closed: f64,
    /// Companies moved to another category.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub recategorised: f64,
}

/// Why a simulation cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimulationError {
    /// Years or seeds out of range.
    #[error("{what} must be from 1 to {max}, not {given}")]
    OutOfRange {
        /// `years` or `seeds`.
        what: &'static str,
        /// The value given.
        given: u32,
        /// The largest allowed.
        max: u32,
    },
    /// A churn share is not a number from 0 to 1.
    #[error("churn `{what}` must be a share from 0 to 1, not {given}")]
    Churn {
        /// Which share.
        what: &'static str,
        /// The value given.
        given: f64,
    },
    /// Churn changes the registry between years: one year has none.
    #[error("churn `{what}` applies from the second year on: simulate 2 years or more")]
    ChurnNeedsYears {
        /// Which share.
        what: &'static str,
    },
    /// The first quarter cannot be planned for a reason no seed changes
    /// (a bad registry, policy or units).
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
}

/// A figure over the seeds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Interval {
    /// The mean.
    pub mean: f64,
    /// The smallest.
    pub min: f64,
    /// The median.
    pub median: f64,
    /// The largest.
    pub max: f64,
}

impl Interval {
    /// The interval of `values` (all zero when empty).
    pub fn of(mut values: Vec<f64>) -> Interval {
        if values.is_empty() {
            return Interval { mean: 0.0, min: 0.0, median: 0.0, max: 0.0 };
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let at = |i: usize| values.get(i).copied().unwrap_or(0.0);
        let median = if n % 2 == 1 { at(n / 2) } else { (at(n / 2 - 1) + at(n / 2)) / 2.0 };
        Interval { mean, min: at(0), median, max: at(n - 1) }
    }
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Simulation {
    /// The policy.
    pub policy: String,
    /// Its documents' Chinese titles.
    pub policy_title_zh: String,
    /// The drawing units.
    pub units: Vec<Id>,
    /// What was simulated.
    pub spec: SimulationSpec,
    /// Seed `k` is this with `k` appended as four digits.
    pub seed_base: String,
    /// The first year.
    pub first_year: i32,
    /// Years planned under the document re-dated, and other assumptions.
    pub assumptions: Vec<String>,
    /// One entry per year.
    pub years: Vec<YearFigures>,
    /// Disturbance: the share of company-years with 0, 1, 2, 3 and 4 or
    /// more random visits.
    pub visits_per_year: Vec<Interval>,
    /// Per category: the share of the companies eligible every year that no
    /// random visit reached in all the years.
    pub never_visited: BTreeMap<String, Interval>,
    /// The companies eligible every year that no random visit reached in
    /// all the years under some seed, by unit, category and id, each with
    /// the share of seeds that never reached it: whom the regime leaves
    /// alone, by name.
    pub never_reached: Vec<NeverReached>,
    /// Officers' load, over every officer-quarter.
    pub officer_load: OfficerLoad,
    /// Quarters that could not be planned (seed, quarter, why), at most 20
    /// listed: a year stops at its first such quarter, as a bureau's would.
    pub failures: Vec<Failure>,
    /// How many seed-years stopped short, in all.
    pub failed_years: u64,
}

/// A company no random visit reached over the simulated years, under some
/// seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NeverReached {
    /// Its drawing unit.
    pub unit: Id,
    /// Its category (key, special, general).
    pub category: String,
    /// Its id.
    pub object: Id,
    /// Its name.
    pub name: String,
    /// Seeds under which it was never reached.
    pub seeds: u32,
    /// `seeds` over the seeds simulated.
    pub share: f64,
}

/// One year's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct YearFigures {
    /// The year.
    pub year: i32,
    /// Per category: the share of eligible companies visited at random at
    /// least once in the year.
    pub inspected: BTreeMap<String, Interval>,
    /// Per category: random draws in the year.
    pub draws: BTreeMap<String, Interval>,
    /// Officer-visits in the year (each officer on each own visit).
    pub officer_visits: Interval,
    /// The share of key units (重点排污单位) visited at least once.
    pub key_units_covered: Interval,
    /// Eligible companies at the year's start.
    pub eligible: Interval,
}

/// Officers' load against capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfficerLoad {
    /// Mean share of capacity used per officer-quarter.
    pub mean_share: Interval,
    /// Largest share of capacity used by one officer in one quarter.
    pub max_share: Interval,
    /// Share of officer-quarters using ≤ 25 %, ≤ 50 %, ≤ 75 %, ≤ 100 % of
    /// capacity.
    pub buckets: Vec<Interval>,
}

/// A quarter that could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Failure {
    /// The seed's number.
    pub seed: u32,
    /// The quarter.
    pub quarter: Quarter,
    /// The planner's message.
    pub why: String,
}

/// Runs `spec` on `request`'s registry, policy and units.
///
/// # Errors
/// [`SimulationError`]: years or seeds out of range, a churn share outside
/// 0–1, or a request the planner refuses whatever the seed.
pub fn simulate(request: &PlanRequest, spec: &SimulationSpec) -> Result<Simulation, SimulationError> {
    simulate_with_progress(request, spec, &|_, _| {})
}

/// [`simulate`], calling `progress(seeds done, seeds)` as seeds finish
/// (from any thread; the result does not depend on the order).
///
/// # Errors
/// As [`simulate`].
pub fn simulate_with_progress(
    request: &PlanRequest,
    spec: &SimulationSpec,
    progress: &(dyn Fn(u32, u32) + Sync),
) -> Result<Simulation, SimulationError> {
    check_spec(spec)?;
    let done = AtomicU32::new(0);
    let runs = (0..spec.seeds)
        .into_par_iter()
        .map(|k| {
            let run = run_seed(request, spec, k);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, spec.seeds);
            run
        })
        .collect::<Vec<Result<SeedRun, SimulationError>>>();
    // Every seed's run kept, then the first failure in seed order (a
    // parallel collect into a `Result` gives whichever a thread met first).
    let runs = runs.into_iter().collect::<Result<Vec<SeedRun>, SimulationError>>()?;
    Ok(summarise(request, spec, &runs))
}

fn check_spec(spec: &SimulationSpec) -> Result<(), SimulationError> {
    for (what, given, max) in [("years", spec.years, MAX_YEARS), ("seeds", spec.seeds, MAX_SEEDS)] {
        if given == 0 || given > max {
            return Err(SimulationError::OutOfRange { what, given, max });
        }
    }
    let c = spec.churn;
    for (what, given) in [("new", c.new), ("closed", c.closed), ("recategorised", c.recategorised)] {
        if !(0.0..=1.0).contains(&given) {
            return Err(SimulationError::Churn { what, given });
        }
        if given > 0.0 && spec.years < 2 {
            return Err(SimulationError::ChurnNeedsYears { what });
        }
    }
    Ok(())
}

/// One seed's years.
struct SeedRun {
    years: Vec<SeedYear>,
    /// Company-years by random visits: 0, 1, 2, 3, 4+.
    visits: [u64; 5],
    /// Per category: (eligible every year, never visited).
    never: BTreeMap<&'static str, (u64, u64)>,
    /// The companies eligible every year and never visited.
    never_ids: Vec<Id>,
    /// Share of capacity used, per officer-quarter.
    loads: Vec<f64>,
    failures: Vec<Failure>,
    assumptions: Vec<String>,
}

struct SeedYear {
    year: i32,
    /// Per category: (eligible, visited, draws).
    categories: BTreeMap<&'static str, (u64, u64, u64)>,
    officer_visits: u64,
    eligible: u64,
}

const CATEGORIES: [Category; 3] = [Category::Key, Category::Special, Category::General];

fn run_seed(request: &PlanRequest, spec: &SimulationSpec, k: u32) -> Result<SeedRun, SimulationError> {
    let seed = format!("{}{k:04}", seed_base(request));
    let first_year = request.quarter.year();
    let mut registry = request.registry.clone();
    let mut out = SeedRun {
        years: Vec::new(),
        visits: [0; 5],
        never: BTreeMap::new(),
        never_ids: Vec::new(),
        loads: Vec::new(),
        failures: Vec::new(),
        assumptions: Vec::new(),
    };
    // Visits per object over all years, and whether it was eligible each year.
    let mut visited: HashMap<Id, u64> = HashMap::new();
    let mut always: HashMap<Id, &'static str> = eligible_ids(&registry, &request.units).collect();
    for year in first_year..first_year + spec.years as i32 {
        if year > first_year {
            registry = churn(&registry, &seed, year, spec.churn);
            let now: HashMap<Id, &'static str> = eligible_ids(&registry, &request.units).collect();
            always.retain(|id, _| now.contains_key(id));
        }
        let policy = policy_for(&request.policy, year, &mut out.assumptions);
        // The first year from the request's quarter, the others whole.
        let from = if year == first_year { request.quarter.number() } else { 1 };
        let quarters: Vec<Quarter> = (from..=4).filter_map(|q| Quarter::new(year, q).ok()).collect();
        let Some(&q1) = quarters.first() else { continue };
        let r = PlanRequest {
            registry: registry.clone(),
            policy,
            quarter: q1,
            history: Vec::new(),
            targeted: Vec::new(),
            campaigns: Vec::new(),
            seed: seed.clone(),
            ..request.clone()
        };
        let result = run(&r, &quarters);
        if let Some((quarter, e)) = result.failure {
            if e.is_bad_input() {
                return Err(e.into());
            }
            out.failures.push(Failure { seed: k, quarter, why: e.to_string() });
        }
        let figures = year_figures(&registry, &request.units, year, &result.plans, &mut out);
        for (id, n) in &figures.1 {
            *visited.entry(id.clone()).or_default() += n;
        }
        out.years.push(figures.0);
    }
    for (id, category) in &always {
        let e = out.never.entry(category).or_default();
        let never = visited.get(id).copied().unwrap_or(0) == 0;
        e.0 += 1;
        e.1 += u64::from(never);
        if never {
            out.never_ids.push(id.clone());
        }
    }
    Ok(out)
}

/// The digits every seed of a simulation starts with: the request's seed's.
fn seed_base(request: &PlanRequest) -> String {
    let base: String = seed_of(request).chars().filter(char::is_ascii_digit).collect();
    if base.is_empty() {
        "1".to_owned()
    } else {
        base
    }
}

/// The policy for `year`: as it is when its document covers the year,
/// else re-dated (the assumption recorded once).
fn policy_for(policy: &Policy, year: i32, assumptions: &mut Vec<String>) -> Policy {
    let covered = (1..=4).filter_map(|q| Quarter::new(year, q).ok()).all(|q| policy.check_validity(q).is_ok());
    if covered {
        return policy.clone();
    }
    let dated = policy.clone().assume_valid(year);
    if let Some(a) = dated.assumptions.last() {
        if !assumptions.contains(a) {
            assumptions.push(a.clone());
        }
    }
    dated
}

/// The eligible objects the drawing `units` cover (those of other units
/// are never drawn, so never counted as unreached), with their category.
fn eligible_ids<'a>(registry: &'a Registry, units: &[Id]) -> impl Iterator<Item = (Id, &'static str)> + 'a {
    let unit_of = unit_of_jurisdiction(registry, units);
    let covered: std::collections::HashSet<String> = unit_of.keys().map(|j| (*j).to_owned()).collect();
    registry
        .objects
        .iter()
        .filter(move |o| o.status.is_eligible() && covered.contains(o.jurisdiction.as_str()))
        .map(|o| (o.id.clone(), o.category.en()))
}

/// The year's figures, and the random visits per object.
fn year_figures(
    registry: &Registry,
    units: &[Id],
    year: i32,
    plans: &[QuarterPlan],
    out: &mut SeedRun,
) -> (SeedYear, HashMap<Id, u64>) {
    let mut visits: HashMap<Id, u64> = HashMap::new();
    let mut categories: BTreeMap<&'static str, (u64, u64, u64)> =
        CATEGORIES.iter().map(|c| (c.en(), (0, 0, 0))).collect();
    let mut officer_visits = 0;
    let capacity: HashMap<&str, u32> = registry
        .inspectors
        .iter()
        .filter(|i| i.is_certified_officer() && units.contains(&i.jurisdiction))
        .map(|i| (i.id.as_str(), i.quarterly_capacity))
        .collect();
    for plan in plans {
        let mut load: BTreeMap<&str, u64> = capacity.keys().map(|id| (*id, 0)).collect();
        for t in plan.tasks.iter().filter(|t| t.is_random()) {
            *visits.entry(t.object.clone()).or_default() += 1;
        }
        for t in &plan.tasks {
            officer_visits += t.officers().len() as u64;
            for o in t.officers() {
                if let Some(l) = load.get_mut(o.as_str()) {
                    *l += 1;
                }
            }
        }
        for line in plan.strata.iter().filter(|l| l.campaign.is_none()) {
            if let Some(e) = categories.get_mut(line.stratum.category.as_str()) {
                e.2 += line.drawn;
            }
        }
        out.loads
            .extend(load.iter().map(|(id, n)| *n as f64 / f64::from(capacity.get(id).copied().unwrap_or(1).max(1))));
    }
    let mut eligible = 0;
    // Only the drawing units' objects: the others are never drawn.
    let unit_of = unit_of_jurisdiction(registry, units);
    for o in registry.objects.iter().filter(|o| o.status.is_eligible() && unit_of.contains_key(o.jurisdiction.as_str()))
    {
        eligible += 1;
        let n = visits.get(&o.id).copied().unwrap_or(0);
        if let Some(e) = categories.get_mut(o.category.en()) {
            e.0 += 1;
            e.1 += u64::from(n > 0);
        }
        if let Some(b) = out.visits.get_mut(usize::try_from(n.min(4)).unwrap_or(4)) {
            *b += 1;
        }
    }
    (SeedYear { year, categories, officer_visits, eligible }, visits)
}

/// A share in [0, 1) from the seed, the year, what is decided and the id.
fn chance(seed: &str, year: i32, what: &str, id: &str) -> f64 {
    let digest = Sha256::digest(format!("{seed}|{year}|churn|{what}|{id}").as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
    (u64::from_be_bytes(head) >> 11) as f64 / (1u64 << 53) as f64
}

/// The registry a year later: closures, re-categorisations, new companies.
fn churn(registry: &Registry, seed: &str, year: i32, churn: Churn) -> Registry {
    let mut next = registry.clone();
    let eligible = next.objects.iter().filter(|o| o.status.is_eligible()).count();
    for o in next.objects.iter_mut().filter(|o| o.status.is_eligible()) {
        if chance(seed, year, "closed", &o.id) < churn.closed {
            o.status = Status::BankruptDeregistered;
        } else if chance(seed, year, "recategorised", &o.id) < churn.recategorised {
            let others: Vec<Category> = CATEGORIES.into_iter().filter(|c| *c != o.category).collect();
            let pick = usize::from(chance(seed, year, "to", &o.id) >= 0.5);
            o.category = others.get(pick).copied().unwrap_or(o.category);
        }
    }
    let new = (churn.new * eligible as f64).round() as usize;
    let mut sites: Vec<(f64, &RegulatedObject)> = registry
        .objects
        .iter()
        .filter(|o| o.status.is_eligible())
        .map(|o| (chance(seed, year, "site", &o.id), o))
        .collect();
    sites.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let added: Vec<RegulatedObject> = sites
        .iter()
        .cycle()
        .take(if sites.is_empty() { 0 } else { new })
        .enumerate()
        .map(|(k, (_, site))| {
            let mut o =
                RegulatedObject::new(format!("new-{year}-{:06}", k + 1), site.jurisdiction.clone(), Category::General);
            o.name = format!("新企业 {year}-{}", k + 1);
            o
        })
        .collect();
    next.objects.extend(added);
    next
}

/// Each company some seed never reached, with how many seeds did not,
/// named and placed from the request's registry, by unit, category, id.
fn never_reached(request: &PlanRequest, runs: &[SeedRun]) -> Vec<NeverReached> {
    let mut seeds: HashMap<&str, u32> = HashMap::new();
    for id in runs.iter().flat_map(|r| &r.never_ids) {
        *seeds.entry(id.as_str()).or_default() += 1;
    }
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let mut out: Vec<NeverReached> = request
        .registry
        .objects
        .iter()
        .filter_map(|o| {
            let n = *seeds.get(o.id.as_str())?;
            Some(NeverReached {
                unit: unit_of
                    .get(o.jurisdiction.as_str())
                    .map_or_else(|| o.jurisdiction.to_string(), |u| (*u).to_owned()),
                category: o.category.en().to_owned(),
                object: o.id.clone(),
                name: o.name.clone(),
                seeds: n,
                share: f64::from(n) / runs.len().max(1) as f64,
            })
        })
        .collect();
    let rank = |c: &str| CATEGORIES.iter().position(|k| k.en() == c);
    out.sort_by(|a, b| (&a.unit, rank(&a.category), &a.object).cmp(&(&b.unit, rank(&b.category), &b.object)));
    out
}

fn summarise(request: &PlanRequest, spec: &SimulationSpec, runs: &[SeedRun]) -> Simulation {
    let over = |f: &dyn Fn(&SeedRun) -> Option<f64>| Interval::of(runs.iter().filter_map(f).collect());
    let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let years = (0..spec.years as usize)
        .filter_map(|y| {
            let year = runs.first()?.years.get(y)?.year;
            fn at(r: &SeedRun, y: usize) -> Option<(&SeedYear, &SeedRun)> {
                r.years.get(y).map(|sy| (sy, r))
            }
            let per_category = |pick: &dyn Fn(&(u64, u64, u64)) -> f64| -> BTreeMap<String, Interval> {
                CATEGORIES
                    .iter()
                    .map(|c| {
                        let values = runs.iter().filter_map(|r| at(r, y)?.0.categories.get(c.en()).map(pick)).collect();
                        (c.en().to_owned(), Interval::of(values))
                    })
                    .collect()
            };
            Some(YearFigures {
                year,
                inspected: per_category(&|e| share(e.1, e.0)),
                draws: per_category(&|e| e.2 as f64),
                officer_visits: over(&|r| at(r, y).map(|(sy, _)| sy.officer_visits as f64)),
                key_units_covered: over(&|r| {
                    let (sy, _) = at(r, y)?;
                    let key = sy.categories.get(Category::Key.en())?;
                    Some(if key.0 == 0 { 1.0 } else { share(key.1, key.0) })
                }),
                eligible: over(&|r| at(r, y).map(|(sy, _)| sy.eligible as f64)),
            })
        })
        .collect();
    let visits_per_year = (0..5)
        .map(|b| {
            over(&|r| {
                let total: u64 = r.visits.iter().sum();
                Some(share(r.visits.get(b).copied().unwrap_or(0), total))
            })
        })
        .collect();
    let never_visited = CATEGORIES
        .iter()
        .map(|c| {
            let values =
                runs.iter().map(|r| r.never.get(c.en()).map_or(0.0, |(all, never)| share(*never, *all))).collect();
            (c.en().to_owned(), Interval::of(values))
        })
        .collect();
    let never_reached = never_reached(request, runs);
    let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    // Quarter of capacity used: ≤ 25 % is bucket 0, … ≤ 100 % bucket 3.
    let quarter_of = |load: f64| ((load * 4.0).ceil() as usize).clamp(1, 4) - 1;
    let bucket = |r: &SeedRun, b: usize| {
        let n = r.loads.iter().filter(|l| quarter_of(**l) == b).count();
        share(n as u64, r.loads.len() as u64)
    };
    let officer_load = OfficerLoad {
        mean_share: over(&|r| Some(mean(&r.loads))),
        max_share: over(&|r| r.loads.iter().copied().max_by(f64::total_cmp)),
        buckets: (0..4).map(|b| over(&|r| Some(bucket(r, b)))).collect(),
    };
    let mut assumptions: Vec<String> = Vec::new();
    for a in runs.iter().flat_map(|r| &r.assumptions) {
        if !assumptions.contains(a) {
            assumptions.push(a.clone());
        }
    }
    let failed_years = runs.iter().map(|r| r.failures.len() as u64).sum();
    Simulation {
        policy: request.policy.id.clone(),
        policy_title_zh: request.policy.title_zh(),
        units: request.units.clone(),
        spec: spec.clone(),
        seed_base: seed_base(request),
        first_year: request.quarter.year(),
        assumptions,
        years,
        visits_per_year,
        never_visited,
        never_reached,
        officer_load,
        failures: runs.iter().flat_map(|r| r.failures.iter().cloned()).take(20).collect(),
        failed_years,
    }
}
