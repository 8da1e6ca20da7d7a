//! The synthetic generators: determinism and shape.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Instant;

use shuangsuiji::model::{Category, InspectionKind, Level, Quarter, Registry, Role, Status};
use shuangsuiji_io::synth::{
    demo_prefecture, demo_prefecture_seeded, national, national_history, NationalSpec, DEMO_SEED,
};

fn share(registry: &Registry, f: impl Fn(&shuangsuiji::model::RegulatedObject) -> bool) -> f64 {
    registry.objects.iter().filter(|o| f(o)).count() as f64 / registry.objects.len() as f64
}

fn units(registry: &Registry) -> Vec<&str> {
    registry.jurisdictions.iter().filter(|j| j.level != Level::Prefecture).map(|j| j.id.as_str()).collect()
}

/// On-post officers per jurisdiction, and those with each expertise.
fn officers(registry: &Registry) -> BTreeMap<&str, (usize, usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for i in registry.inspectors.iter().filter(|i| i.on_post && i.role == Role::Officer) {
        let e = out.entry(i.jurisdiction.as_str()).or_default();
        e.0 += 1;
        e.1 += usize::from(i.expertise.contains("radiation"));
        e.2 += usize::from(i.expertise.contains("hazardous_waste"));
    }
    out
}

fn assert_common_invariants(registry: &Registry) {
    let jurisdictions: HashSet<&str> = registry.jurisdictions.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(jurisdictions.len(), registry.jurisdictions.len(), "jurisdiction ids unique");
    for j in &registry.jurisdictions {
        match &j.parent {
            Some(p) => assert!(jurisdictions.contains(p.as_str()), "{} has unknown parent", j.id),
            None => assert_eq!(j.level, Level::Prefecture),
        }
    }
    let ids: HashSet<&str> = registry.objects.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), registry.objects.len(), "object ids unique");
    for o in &registry.objects {
        assert!(jurisdictions.contains(o.jurisdiction.as_str()), "{} in unknown {}", o.id, o.jurisdiction);
    }
    let inspector_ids: HashSet<&str> = registry.inspectors.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(inspector_ids.len(), registry.inspectors.len(), "inspector ids unique");
    for i in &registry.inspectors {
        assert!(jurisdictions.contains(i.jurisdiction.as_str()));
        assert!(i.quarterly_capacity >= 1);
        for r in &i.recusals {
            assert!(ids.contains(r.as_str()), "{} recuses unknown {r}", i.id);
        }
    }
    let per_unit = officers(registry);
    for j in &registry.jurisdictions {
        let (n, rad, hw) = per_unit.get(j.id.as_str()).copied().unwrap_or_default();
        assert!(n >= 6, "{} has {n} on-post officers", j.id);
        assert!(rad >= 2 && hw >= 2, "{} has {rad} radiation and {hw} hazardous-waste officers", j.id);
    }
}

#[test]
fn demo_is_deterministic() {
    let a = serde_json::to_string(&demo_prefecture()).unwrap();
    let b = serde_json::to_string(&demo_prefecture_seeded(DEMO_SEED)).unwrap();
    assert_eq!(a, b);
    let c = serde_json::to_string(&demo_prefecture_seeded(DEMO_SEED + 1)).unwrap();
    assert_ne!(a, c);
}

#[test]
fn demo_has_the_stated_shape() {
    let r = demo_prefecture();
    assert_common_invariants(&r);

    let ids: Vec<&str> = r.jurisdictions.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "changji",
            "changji/changji-city",
            "changji/fukang",
            "changji/hutubi",
            "changji/manas",
            "changji/qitai",
            "changji/jimsar",
            "changji/mori",
            "changji/hitech",
            "changji/zhundong"
        ]
    );
    assert_eq!(r.jurisdictions[0].name, "昌吉州");
    assert_eq!(r.jurisdictions.iter().filter(|j| j.level == Level::Park).count(), 2);

    assert!((2_500..=3_500).contains(&r.objects.len()));
    assert!(r.objects.iter().all(|o| o.id.starts_with("CJ-") && o.id.len() >= 10));
    assert!(r.objects.iter().any(|o| o.id.starts_with("CJ-HTB-")));

    let key = share(&r, |o| o.category == Category::Key);
    let special = share(&r, |o| o.category == Category::Special);
    assert!((0.06..=0.10).contains(&key), "key {key}");
    assert!((0.025..=0.055).contains(&special), "special {special}");
    let rad = share(&r, |o| o.radiation.is_some());
    let hw = share(&r, |o| o.hazardous_waste.is_some());
    assert!((0.02..=0.04).contains(&rad), "radiation {rad}");
    assert!((0.045..=0.075).contains(&hw), "hazardous waste {hw}");
    let hw_key = r.objects.iter().filter(|o| o.hazardous_waste == Some(Category::Key)).count() as f64
        / r.objects.iter().filter(|o| o.hazardous_waste.is_some()).count() as f64;
    assert!((0.15..=0.45).contains(&hw_key), "hazardous-waste key {hw_key}");
    assert!(r.objects.iter().any(|o| o.radiation == Some(Category::Key)));
    let positive = share(&r, |o| o.positive_list.is_some());
    assert!((0.01..=0.03).contains(&positive), "positive list {positive}");
    for s in [Status::Relocated, Status::LongTermStopped, Status::BankruptDeregistered, Status::OptedOut] {
        assert!(r.objects.iter().any(|o| o.status == s), "no {s:?}");
    }
    let new = share(&r, |o| o.status == Status::NewConstruction);
    assert!((0.01..=0.03).contains(&new), "new construction {new}");
    assert!(r.objects.iter().any(|o| o.last_violation.is_some()));
    assert!(r.objects.iter().any(|o| o.online_monitoring_stable));
    assert!(r.objects.iter().all(|o| o.complaints <= 5 && o.tags().industry.is_some()));

    // Every unit has objects; bigger counties more.
    let mut per_unit: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &r.objects {
        *per_unit.entry(o.jurisdiction.as_str()).or_default() += 1;
    }
    for u in units(&r) {
        assert!(per_unit.get(u).copied().unwrap_or(0) > 100, "{u}");
    }
    assert!(per_unit["changji/changji-city"] > per_unit["changji/mori"]);

    assert!((110..=150).contains(&r.inspectors.len()), "{} inspectors", r.inspectors.len());
    let zhidui = r.inspectors.iter().filter(|i| i.jurisdiction == "changji").count();
    assert!((20..=30).contains(&zhidui));
    assert!(r.inspectors.iter().any(|i| i.role == Role::Supervisor));
    assert!(r.inspectors.iter().any(|i| i.role == Role::Expert));
    assert!(r.inspectors.iter().all(|i| (20..=40).contains(&i.quarterly_capacity)));
    assert!(r.inspectors.iter().any(|i| !i.recusals.is_empty()));
    // Recusals name objects of the inspector's own unit.
    let unit_of: BTreeMap<&str, &str> = r.objects.iter().map(|o| (o.id.as_str(), o.jurisdiction.as_str())).collect();
    for i in r.inspectors.iter().filter(|i| i.jurisdiction != "changji") {
        for o in &i.recusals {
            assert_eq!(unit_of[o.as_str()], i.jurisdiction);
        }
    }
}

#[test]
fn national_is_deterministic() {
    let spec = NationalSpec::scaled(5_000);
    let a = serde_json::to_string(&national(&spec)).unwrap();
    let b = serde_json::to_string(&national(&spec)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn scaled_specs_keep_the_minimums() {
    for n in [0, 1, 50, 1_000, 20_000] {
        let spec = NationalSpec::scaled(n);
        assert!(spec.prefectures >= 1 && spec.units_per_prefecture >= 1);
        let r = national(&spec);
        assert_eq!(r.objects.len(), n);
        assert_common_invariants(&r);
    }
    let full = NationalSpec::full();
    assert!(full.objects >= 3_000_000 && (300..=400).contains(&full.prefectures));
    assert!((2_500..=3_500).contains(&(full.prefectures * full.units_per_prefecture)));
}

#[test]
fn national_scaled_has_the_stated_shape() {
    let r = national(&NationalSpec::scaled(20_000));
    assert_eq!(r.objects.len(), 20_000);
    assert_common_invariants(&r);
    let key = share(&r, |o| o.category == Category::Key);
    let special = share(&r, |o| o.category == Category::Special);
    assert!((0.05..=0.10).contains(&key), "key {key}");
    assert!((0.02..=0.04).contains(&special), "special {special}");
    assert!(r.objects.iter().any(|o| o.radiation.is_some()));
    assert!(r.objects.iter().any(|o| o.hazardous_waste.is_some()));
    let ineligible = share(&r, |o| !o.status.is_eligible());
    assert!((0.01..=0.06).contains(&ineligible), "ineligible {ineligible}");
    let ratio = r.objects.len() as f64 / r.inspectors.len() as f64;
    assert!((25.0..=60.0).contains(&ratio), "objects per inspector {ratio}");

    // Capacity: Σ over a unit's on-post officers ≥ 3 × 2 × a quarter's tasks.
    for unit in units(&r) {
        let own = r.objects.iter().filter(|o| o.jurisdiction == unit && o.status.is_eligible());
        let (k, s) = own.fold((0usize, 0usize), |(k, s), o| match o.category {
            Category::Key => (k + 1, s),
            Category::Special => (k, s + 1),
            Category::General => (k, s),
        });
        let staff: Vec<_> =
            r.inspectors.iter().filter(|i| i.jurisdiction == unit && i.on_post && i.role == Role::Officer).collect();
        let tasks = 0.25 * k as f64 + 0.5 * s as f64 + 2.5 * staff.len() as f64;
        let capacity: u32 = staff.iter().map(|i| i.quarterly_capacity).sum();
        assert!(f64::from(capacity) >= 6.0 * tasks, "{unit}: capacity {capacity} for {tasks} tasks");
    }
}

#[test]
fn history_names_existing_objects_in_earlier_quarters() {
    let r = national(&NationalSpec::scaled(20_000));
    let h = national_history(&r, 2024, 2, 7);
    assert!(!h.is_empty());
    assert_eq!(serde_json::to_string(&h).unwrap(), serde_json::to_string(&national_history(&r, 2024, 2, 7)).unwrap());
    let objects: BTreeMap<&str, &shuangsuiji::model::RegulatedObject> =
        r.objects.iter().map(|o| (o.id.as_str(), o)).collect();
    let inspectors: BTreeMap<&str, &shuangsuiji::model::Inspector> =
        r.inspectors.iter().map(|i| (i.id.as_str(), i)).collect();
    let start = Quarter::new(2024, 1).unwrap().first_day();
    let end = Quarter::new(2024, 2).unwrap().last_day();
    let mut seen = BTreeSet::new();
    for i in &h {
        let o = objects[i.object.as_str()];
        assert!(o.status.is_eligible());
        assert_eq!(i.by, o.jurisdiction);
        assert_eq!(i.kind, InspectionKind::Random);
        assert!(i.date >= start && i.date <= end, "{}", i.date);
        assert!(seen.insert((i.object.clone(), Quarter::containing(i.date))), "object twice in a quarter");
        assert_eq!(i.inspectors.len(), 2);
        assert_ne!(i.inspectors[0], i.inspectors[1]);
        for id in &i.inspectors {
            let p = inspectors[id.as_str()];
            assert!(p.on_post && p.role == Role::Officer && p.jurisdiction == o.jurisdiction);
            assert!(!p.recusals.contains(&i.object));
        }
    }
    // Key objects are drawn far more often than general ones.
    let rate = |c: Category| {
        let pop = r.objects.iter().filter(|o| o.category == c && o.status.is_eligible()).count() as f64;
        h.iter().filter(|i| objects[i.object.as_str()].category == c).count() as f64 / pop / 2.0
    };
    assert!((0.18..=0.32).contains(&rate(Category::Key)), "key {}", rate(Category::Key));
    assert!((0.015..=0.035).contains(&rate(Category::General)), "general {}", rate(Category::General));

    assert!(national_history(&r, 2024, 0, 7).is_empty());
    assert!(national_history(&r, 10_000, 2, 7).is_empty());
}

/// Prints how long `national(&NationalSpec::full())` takes. Run with
/// `cargo test --release -p shuangsuiji-cli --test synth -- --ignored --nocapture`.
#[test]
#[ignore = "slow in debug builds; a timing report, not a check"]
fn time_full_national() {
    let spec = NationalSpec::full();
    let t = Instant::now();
    let r = national(&spec);
    let generated = t.elapsed();
    let t = Instant::now();
    let h = national_history(&r, 2024, 2, 1);
    let history = t.elapsed();
    println!(
        "national(full): {} objects, {} units, {} inspectors in {generated:?}; history: {} inspections in {history:?}",
        r.objects.len(),
        r.jurisdictions.len(),
        r.inspectors.len(),
        h.len()
    );
}
