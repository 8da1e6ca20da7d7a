//! Properties of the quota arithmetic over random registries, for every
//! preset (`fengdu-example` standing in for `fengdu`; the Zhongwei modifiers
//! on top of the Changji county rules, since the Zhongwei preset has no rules
//! of its own).
//!
//! * `eligible` is the number of eligible objects of the stratum, counted
//!   here independently;
//! * every (unit, rule) stratum has a line, even when empty;
//! * `required ≤ eligible`, and `required ≥ ⌈x % × eligible⌉` for every
//!   x %-per-quarter rule;
//! * a yearly 1:N or x %-per-year total T is met exactly: drawing exactly
//!   `required` new objects each quarter adds up to T over Q1–Q4;
//! * "every object once a year" covers every object after four quarters;
//! * the order of the registry's and the history's records changes nothing.

// Test code: the workspace allows these in tests (clippy.toml), but clippy only
// knows #[test] functions, not the helpers of an integration test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use proptest::collection::vec;
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64;

use shuangsuiji::model::{
    Category, Credit, DateRange, Inspection, InspectionKind, Inspector, Jurisdiction, Level, Pool, Quarter, Registry,
    RegulatedObject, Role, Status,
};
use shuangsuiji::plan::quota::{quarter_quotas, QuotaLine};
use shuangsuiji::request::QuotaInput;
use shuangsuiji::rules::{self, CountedInspectors, Minimum, Policy, PolicyLevel};

/// Jurisdictions objects and inspectors may belong to: three drawing units
/// under a prefecture, and the prefecture itself.
const PLACES: [&str; 4] = ["c1", "c2", "p1", "pref"];

/// (name, policy, year the quarters are taken in, whether the four-quarter
/// simulation applies: not when a modifier's period ends inside the year).
fn policies() -> Vec<(&'static str, Policy, i32, bool)> {
    let preset = |n: &str| rules::preset(n).unwrap();
    let mut zhongwei = rules::preset("changji-county").unwrap().with_modifiers_of(&preset("zhongwei-positive-list"));
    zhongwei.validity = DateRange {
        from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        until: Some(NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()),
    };
    vec![
        ("changji-prefecture", preset("changji-prefecture"), 2023, true),
        ("changji-county", preset("changji-county"), 2023, true),
        ("changji-hitech", preset("changji-hitech"), 2023, true),
        ("fengdu-example", preset("fengdu-example"), 2024, true),
        ("wangcheng", preset("wangcheng"), 2022, true),
        ("wangcheng-quarterly", preset("wangcheng-quarterly"), 2022, true),
        ("zhongwei-positive-list", zhongwei, 2020, false),
    ]
}

fn units_for(policy: &Policy) -> Vec<String> {
    match policy.level {
        PolicyLevel::Prefecture => vec!["pref".to_owned()],
        PolicyLevel::CountyOrPark => vec!["c1".to_owned(), "c2".to_owned(), "p1".to_owned()],
    }
}

/// The drawing unit an object in `place` belongs to, for these units.
fn unit_of(place: &str, units: &[String]) -> Option<String> {
    if units.iter().any(|u| u == "pref") {
        return Some("pref".to_owned());
    }
    units.iter().find(|u| *u == place).cloned()
}

type ObjectSpec = (usize, usize, usize, usize, usize, usize, bool, bool, u32);
type InspectorSpec = (usize, usize, bool);

fn jurisdictions() -> Vec<Jurisdiction> {
    let j = |id: &str, level, parent: Option<&str>| Jurisdiction {
        id: id.to_owned(),
        name: id.to_owned(),
        level,
        parent: parent.map(str::to_owned),
    };
    vec![
        j("pref", Level::Prefecture, None),
        j("c1", Level::County, Some("pref")),
        j("c2", Level::County, Some("pref")),
        j("p1", Level::Park, Some("pref")),
    ]
}

fn build_registry(objects: &[ObjectSpec], inspectors: &[InspectorSpec]) -> Registry {
    let objects = objects
        .iter()
        .enumerate()
        .map(|(i, &(place, cat, status, radiation, waste, credit, stable, violated, complaints))| {
            let mut o = RegulatedObject::new(format!("O{i:04}"), PLACES[place], Category::ALL[cat]);
            o.status = match status {
                0..=5 => Status::Active,
                6 => Status::NewConstruction,
                7 => Status::Relocated,
                8 => Status::LongTermStopped,
                9 => Status::BankruptDeregistered,
                _ => Status::OptedOut,
            };
            let pool_category = |x: usize| match x {
                3 => Some(Category::Key),
                4 => Some(Category::General),
                5 => Some(Category::Special),
                _ => None,
            };
            o.radiation = pool_category(radiation);
            o.hazardous_waste = pool_category(waste);
            o.credit = [None, Some(Credit::Good), Some(Credit::Ordinary), Some(Credit::Poor)][credit];
            o.online_monitoring_stable = stable;
            o.last_violation = violated.then(|| NaiveDate::from_ymd_opt(2020, 1, 15).unwrap());
            o.complaints = complaints;
            o
        })
        .collect();
    let inspectors = inspectors
        .iter()
        .enumerate()
        .map(|(i, &(place, role, on_post))| {
            let mut x = Inspector::officer(format!("I{i:03}"), PLACES[place], 20);
            x.role = match role {
                0..=2 => Role::Officer,
                3 => Role::Supervisor,
                _ => Role::Expert,
            };
            x.on_post = on_post;
            x
        })
        .collect();
    Registry { jurisdictions: jurisdictions(), objects, inspectors }
}

fn registry_strategy() -> impl Strategy<Value = Registry> {
    let object =
        (0..4usize, 0..3usize, 0..11usize, 0..6usize, 0..6usize, 0..4usize, any::<bool>(), any::<bool>(), 0..5u32);
    let inspector = (0..4usize, 0..5usize, any::<bool>());
    (vec(object, 0..300), vec(inspector, 0..30)).prop_map(|(o, i)| build_registry(&o, &i))
}

/// Random history: (object index, by, day of year, random?, pool).
fn history_strategy() -> impl Strategy<Value = Vec<(usize, usize, i64, bool, usize)>> {
    vec((0..300usize, 0..4usize, 0..365i64, any::<bool>(), 0..3usize), 0..80)
}

fn build_history(registry: &Registry, year: i32, raw: &[(usize, usize, i64, bool, usize)]) -> Vec<Inspection> {
    if registry.objects.is_empty() {
        return Vec::new();
    }
    raw.iter()
        .map(|&(o, by, day, random, pool)| {
            let object = &registry.objects[o % registry.objects.len()];
            let date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + Duration::days(day);
            let mut i = Inspection::random(object.id.clone(), PLACES[by], date);
            i.kind = if random { InspectionKind::Random } else { InspectionKind::Targeted };
            i.pools = BTreeSet::from([Pool::NATIONAL[pool].clone()]);
            i
        })
        .collect()
}

fn quotas(policy: &Policy, registry: &Registry, quarter: Quarter, history: &[Inspection]) -> Vec<QuotaLine> {
    let units = units_for(policy);
    quarter_quotas(&QuotaInput::new(policy, registry, quarter, history, &units))
        .unwrap_or_else(|e| panic!("{} {quarter}: {e}", policy.id))
}

/// Eligible members of a stratum, computed here from the registry alone
/// (valid for strata no modifier changes: no tier, no credit downgrade).
fn members(registry: &Registry, units: &[String], unit: &str, pool: Pool, category: Category) -> Vec<String> {
    let mut ids: Vec<String> = registry
        .objects
        .iter()
        .filter(|o| o.status.is_eligible())
        .filter(|o| unit_of(&o.jurisdiction, units).as_deref() == Some(unit))
        .filter(|o| o.category_in(&pool) == Some(category))
        .map(|o| o.id.clone())
        .collect();
    ids.sort();
    ids
}

fn counted_officers(registry: &Registry, unit: &str, counted: &CountedInspectors) -> u64 {
    match counted {
        CountedInspectors::Given { count } => u64::from(*count),
        CountedInspectors::CertifiedOfficers {} | CountedInspectors::OnPostOfficers {} => registry
            .inspectors
            .iter()
            // Someone not on post is never drawn and never counted, under
            // either reading (docs/rules.md).
            .filter(|i| i.role == Role::Officer && i.jurisdiction == unit && i.on_post)
            .count() as u64,
        CountedInspectors::WithExpertise { expertise } => registry
            .inspectors
            .iter()
            .filter(|i| {
                i.role == Role::Officer && i.jurisdiction == unit && i.on_post && i.expertise.contains(expertise)
            })
            .count() as u64,
    }
}

fn ceil_percent(basis_points: u32, n: u64) -> u64 {
    (u64::from(basis_points) * n).div_ceil(10_000)
}

/// The year's total a yearly minimum sets for a stratum of `eligible`.
fn yearly_total(minimum: &Minimum, registry: &Registry, unit: &str, eligible: u64) -> Option<u64> {
    match minimum.in_force() {
        Minimum::PercentPerQuarter { .. } => None,
        Minimum::PercentPerYear { percent } => Some(ceil_percent(percent.basis_points(), eligible)),
        Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
            // N in hundredths × officers, rounded up ("at least").
            let n = u64::from(objects_per_inspector.hundredths()) * counted_officers(registry, unit, counted);
            Some(n.div_ceil(100).min(eligible))
        }
        Minimum::EveryObjectOncePerYear {} => Some(eligible),
        Minimum::EveryObjectOncePerCycle { .. } | Minimum::OneOf { .. } => None,
    }
}

fn check_one_quarter(name: &str, policy: &Policy, registry: &Registry, quarter: Quarter, history: &[Inspection]) {
    let units = units_for(policy);
    let lines = quotas(policy, registry, quarter, history);
    let by_stratum: BTreeMap<String, &QuotaLine> = lines.iter().map(|l| (l.stratum.to_string(), l)).collect();
    assert_eq!(by_stratum.len(), lines.len(), "{name}: a stratum appears twice");
    let downgrade_active = policy.modifiers.iter().any(|m| matches!(m, rules::Modifier::CreditDowngrade { .. }));
    for unit in &units {
        for rule in &policy.rules {
            let key = format!("{unit}/{}/{}", rule.pool, rule.category);
            assert!(by_stratum.contains_key(&key), "{name} {quarter}: no line for {key}");
        }
    }
    for line in &lines {
        let k = &line.stratum;
        assert!(line.required <= line.eligible, "{name} {quarter} {k}: required {} > eligible", line.required);
        let modified = k.tier.is_some() || (downgrade_active && k.pool.clone() == Pool::Pollution);
        if !modified {
            let want = members(registry, &units, &k.unit, k.pool.clone(), k.category.category().unwrap()).len() as u64;
            assert_eq!(line.eligible, want, "{name} {quarter} {k}: eligible");
        }
        for rule in policy.rules_for(&k.pool, &k.category) {
            if let Minimum::PercentPerQuarter { percent } = rule.minimum {
                let floor = ceil_percent(percent.basis_points(), line.eligible);
                assert!(
                    line.required >= floor,
                    "{name} {quarter} {k}: required {} < ⌈{percent} × {}⌉ = {floor}",
                    line.required,
                    line.eligible
                );
            }
        }
    }
}

fn shuffled(registry: &Registry, history: &[Inspection], seed: u64) -> (Registry, Vec<Inspection>) {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut r = registry.clone();
    r.objects.shuffle(&mut rng);
    r.inspectors.shuffle(&mut rng);
    r.jurisdictions.shuffle(&mut rng);
    let mut h = history.to_vec();
    h.shuffle(&mut rng);
    (r, h)
}

/// Four quarters in which each stratum draws exactly `required` objects not
/// yet inspected this year (as many as there are, if fewer).
fn simulate_year(name: &str, policy: &Policy, registry: &Registry, year: i32) {
    let units = units_for(policy);
    let mut history: Vec<Inspection> = Vec::new();
    let mut inspected: BTreeSet<(Pool, String)> = BTreeSet::new();
    let mut drawn: BTreeMap<String, u64> = BTreeMap::new();
    let mut last: BTreeMap<String, QuotaLine> = BTreeMap::new();
    for q in 1..=4u8 {
        let quarter = Quarter::new(year, q).unwrap();
        let lines = quotas(policy, registry, quarter, &history);
        let date = quarter.first_day() + Duration::days(10);
        for line in &lines {
            let k = &line.stratum;
            let fresh: Vec<String> = members(registry, &units, &k.unit, k.pool.clone(), k.category.category().unwrap())
                .into_iter()
                .filter(|id| !inspected.contains(&(k.pool.clone(), id.clone())))
                .collect();
            let sole_yearly = {
                let mut rules = policy.rules_for(&k.pool, &k.category);
                matches!((rules.next(), rules.next()), (Some(r), None) if r.minimum.is_yearly())
            };
            if sole_yearly {
                assert!(
                    line.required <= fresh.len() as u64,
                    "{name} {quarter} {k}: requires {} new objects but only {} are not yet inspected",
                    line.required,
                    fresh.len()
                );
            }
            let take = usize::try_from(line.required).unwrap().min(fresh.len());
            for id in fresh.into_iter().take(take) {
                let mut i = Inspection::random(id.clone(), k.unit.clone(), date);
                i.pools = BTreeSet::from([k.pool.clone()]);
                history.push(i);
                inspected.insert((k.pool.clone(), id));
            }
            *drawn.entry(k.to_string()).or_default() += line.required;
            last.insert(k.to_string(), line.clone());
        }
    }
    for (key, line) in &last {
        let k = &line.stratum;
        let covered = members(registry, &units, &k.unit, k.pool.clone(), k.category.category().unwrap())
            .iter()
            .filter(|id| inspected.contains(&(k.pool.clone(), (*id).clone())))
            .count() as u64;
        let rules: Vec<_> = policy.rules_for(&k.pool, &k.category).collect();
        for rule in &rules {
            let Some(total) = yearly_total(&rule.minimum, registry, &k.unit, line.eligible) else { continue };
            assert!(covered >= total, "{name} {key}: {covered} covered < yearly total {total} of {}", rule.minimum);
            if rules.len() == 1 {
                assert_eq!(drawn[key], total, "{name} {key}: Q1–Q4 required add up to {} not {total}", drawn[key]);
            }
            if matches!(rule.minimum, Minimum::EveryObjectOncePerYear {}) {
                assert_eq!(covered, line.eligible, "{name} {key}: not everyone was inspected once");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn single_quarter_bounds_and_order_independence(
        registry in registry_strategy(),
        raw_history in history_strategy(),
        q in 1..=4u8,
        seed in any::<u64>(),
    ) {
        for (name, policy, year, _) in policies() {
            let quarter = Quarter::new(year, q).unwrap();
            if policy.check_validity(quarter).is_err() {
                continue;
            }
            let history = build_history(&registry, year, &raw_history);
            check_one_quarter(name, &policy, &registry, quarter, &history);
            let (r2, h2) = shuffled(&registry, &history, seed);
            prop_assert_eq!(
                quotas(&policy, &registry, quarter, &history),
                quotas(&policy, &r2, quarter, &h2),
                "{}: shuffling the records changed the lines", name
            );
        }
    }

    #[test]
    fn yearly_totals_are_met_exactly_over_four_quarters(registry in registry_strategy()) {
        for (name, policy, year, simulate) in policies() {
            if simulate {
                simulate_year(name, &policy, &registry, year);
            }
        }
    }
}

#[test]
fn the_issue_example_adds_up_to_ninety() {
    // 600 general units, 9 officers: 23 + 23 + 22 + 22 = 90.
    let mut specs: Vec<ObjectSpec> = Vec::new();
    specs.extend(std::iter::repeat_n((0, 0, 0, 0, 0, 0, false, false, 0), 40));
    specs.extend(std::iter::repeat_n((0, 1, 0, 0, 0, 0, false, false, 0), 14));
    specs.extend(std::iter::repeat_n((0, 2, 0, 0, 0, 0, false, false, 0), 600));
    let registry = build_registry(&specs, &[(0, 0, true); 9]);
    let policy = rules::preset("changji-county").unwrap();
    simulate_year("changji-county", &policy, &registry, 2023);
    let mut history = Vec::new();
    let mut per_quarter = Vec::new();
    for q in 1..=4 {
        let quarter = Quarter::new(2023, q).unwrap();
        let lines = quotas(&policy, &registry, quarter, &history);
        let general = lines.iter().find(|l| l.stratum.to_string() == "c1/pollution/general").unwrap();
        per_quarter.push(general.required);
        let done = history.len();
        for i in done..done + usize::try_from(general.required).unwrap() {
            let id = registry.objects.iter().filter(|o| o.category == Category::General).nth(i).unwrap().id.clone();
            history.push(Inspection::random(id, "c1", quarter.first_day()));
        }
    }
    assert_eq!(per_quarter, [23, 23, 22, 22]);
}
