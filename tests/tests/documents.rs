//! The documents beyond the seeds (`docs/examples/documents/`): every file
//! passes `check_file`, and each example's quotas equal the hand numbers
//! of `shared/documents-beyond-seeds.md` (written in the file's header).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use shuangsuiji::model::{Inspection, InspectionKind, ObjectTags, Registry};
use shuangsuiji::plan::quota::{explain, quarter_quotas};
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::request::QuotaInput;
use shuangsuiji::rules::{check_file, Checked, DocumentFile, Minimum, Policy};
use shuangsuiji::{check_compliance, plan_quarter, sample, PlanRequest};

fn documents_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/documents")
}

fn document(name: &str) -> DocumentFile {
    let path = documents_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match check_file(name, &text) {
        Ok(Checked::Document(file)) => *file,
        Ok(Checked::Policy(_)) => panic!("{name} is a policy file, not a document file"),
        Err(faults) => panic!("{}", faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

fn preset(file: &DocumentFile, id: &str) -> Policy {
    file.presets.iter().find(|p| p.id == id).cloned().unwrap_or_else(|| panic!("no preset {id}"))
}

/// The quarter's minimum per class of the sample county, in the classes'
/// order.
fn required(policy: &Policy, registry: &Registry, quarter: &str) -> Vec<(String, u64)> {
    let units = vec![sample::COUNTY.to_owned()];
    let input = QuotaInput::new(policy, registry, quarter.parse().unwrap(), &[], &units);
    quarter_quotas(&input).unwrap().iter().map(|l| (l.stratum.category.to_string(), l.required)).collect()
}

/// `[("key", 5), …]` as [`required`] gives it.
fn lines(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    expected.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
}

#[test]
fn every_example_document_passes_the_check() {
    let mut names: Vec<String> = std::fs::read_dir(documents_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        document(&name);
    }
}

#[test]
fn guangzhou_polluters_quotas_are_the_hand_numbers() {
    let file = document("guangzhou-tasks.toml");
    // 40 key, 12 special, 500 general; 20 officers on post.
    let registry = sample::county(40, 12, 500, 20);
    let got = required(&preset(&file, "guangzhou-polluters"), &registry, "2024Q1");
    assert_eq!(got, lines(&[("key", 5), ("special", 3), ("general", 13)]));
}

#[test]
fn guangzhou_sea_outfalls_count_only_marine_officers() {
    let file = document("guangzhou-tasks.toml");
    // 10 key and 22 general outfalls; 20 officers on post, 3 of them marine.
    let mut registry = sample::county(10, 0, 22, 20);
    for officer in registry.inspectors.iter_mut().filter(|i| i.jurisdiction == sample::COUNTY).take(3) {
        officer.expertise.insert("marine".to_owned());
    }
    let sea = preset(&file, "guangzhou-sea-outfalls");
    // Drawn once in the year: key 20 % of 10 = 2, general 1:2 × 3 marine = 6,
    // all in the first quarter, and nothing after.
    assert_eq!(required(&sea, &registry, "2024Q1"), lines(&[("key", 2), ("general", 6)]));
    let mut request = PlanRequest::new(registry, sea, vec![sample::COUNTY.to_owned()], "2024Q1".parse().unwrap(), "7");
    let plan = plan_quarter(&request).unwrap();
    assert!(check_compliance(&plan, &request).is_compliant());
    record(&mut request, &plan);
    request.quarter = "2024Q2".parse().unwrap();
    let input = QuotaInput::new(&request.policy, &request.registry, request.quarter, &request.history, &request.units);
    assert!(quarter_quotas(&input).unwrap().iter().all(|l| l.required == 0));
}

/// The sample county with its objects classed a (the 40 key), b (the 12
/// special) and c (the 500 general) by tag, and 18 officers on post.
fn jiangxi_county() -> Registry {
    let mut registry = sample::county(40, 12, 500, 18);
    for o in &mut registry.objects {
        let class = match o.id.chars().next() {
            Some('K') => "a",
            Some('S') => "b",
            _ => "c",
        };
        o.tags = ObjectTags { free: [class.to_owned()].into(), ..ObjectTags::default() }.boxed();
    }
    registry
}

#[test]
fn jiangxi_county_quotas_are_the_hand_numbers_under_either_choice() {
    let file = document("jiangxi-county.toml");
    let registry = jiangxi_county();
    let mut policy = preset(&file, "jiangxi-county");
    assert_eq!(required(&policy, &registry, "2019Q1"), lines(&[("a", 10), ("b", 2), ("c", 23)]));
    // The bureau's other choice: 20 % of c a year.
    let c = policy.rules.iter_mut().find(|r| r.category.as_str() == "c").unwrap();
    let Minimum::OneOf { chosen, .. } = &mut c.minimum else { panic!("c is a choice") };
    *chosen = 1;
    assert_eq!(required(&policy, &registry, "2019Q1"), lines(&[("a", 10), ("b", 2), ("c", 25)]));
    // The prefecture: a 5 % of 40 = 2 a year, b 1 % of 12 → 1 a year; no c.
    let prefecture = preset(&file, "jiangxi-prefecture");
    let units = vec![sample::PREFECTURE.to_owned()];
    let input = QuotaInput::new(&prefecture, &registry, "2019Q1".parse().unwrap(), &[], &units);
    let got: Vec<(String, u64)> =
        quarter_quotas(&input).unwrap().iter().map(|l| (l.stratum.category.to_string(), l.required)).collect();
    assert_eq!(got, lines(&[("a", 1), ("b", 1)]));
}

/// The plan's visits as the request's history, dated the quarter's first
/// day, for the next quarter.
fn record(request: &mut PlanRequest, plan: &QuarterPlan) {
    for t in &plan.tasks {
        request.history.push(Inspection {
            object: t.object.clone(),
            by: t.unit.to_string(),
            date: request.quarter.first_day(),
            kind: InspectionKind::Random,
            pools: t.pools.clone(),
            inspectors: t.officers().to_vec(),
        });
    }
}

/// 2019Q1 of the Jiangxi county under its document's county preset.
fn jiangxi_request() -> PlanRequest {
    let file = document("jiangxi-county.toml");
    let policy = preset(&file, "jiangxi-county");
    PlanRequest::new(jiangxi_county(), policy, vec![sample::COUNTY.to_owned()], "2019Q1".parse().unwrap(), "20190108")
}

#[test]
fn a_jiangxi_year_visits_every_a_and_names_its_classes() {
    let mut request = jiangxi_request();
    let mut a_visited = std::collections::BTreeSet::new();
    let mut c_drawn = 0;
    for q in 1..=4 {
        request.quarter = format!("2019Q{q}").parse().unwrap();
        let plan = plan_quarter(&request).unwrap();
        assert!(check_compliance(&plan, &request).is_compliant(), "Q{q}");
        for line in &plan.strata {
            assert!(
                line.seed_string.ends_with(&format!("|pollution|{}", line.stratum.category)),
                "{}",
                line.seed_string
            );
            if line.stratum.category.to_string() == "c" {
                c_drawn += line.drawn;
            }
        }
        a_visited.extend(plan.tasks.iter().filter(|t| t.object.starts_with('K')).map(|t| t.object.clone()));
        record(&mut request, &plan);
    }
    assert_eq!(a_visited.len(), 40, "every a once a year");
    assert!(c_drawn >= 90, "1:5 × 18 officers = 90 c a year, drew {c_drawn}");
}

#[test]
fn an_object_without_a_class_is_refused_by_name() {
    let file = document("jiangxi-county.toml");
    let mut registry = jiangxi_county();
    registry.objects[3].tags = None;
    let policy = preset(&file, "jiangxi-county");
    let units = vec![sample::COUNTY.to_owned()];
    let input = QuotaInput::new(&policy, &registry, "2019Q1".parse().unwrap(), &[], &units);
    let err = quarter_quotas(&input).unwrap_err().to_string();
    assert!(err.contains(&registry.objects[3].id) && err.contains("a/b/c"), "{err}");
}

/// Plans a year of `policy` on `registry`, each quarter fed the earlier
/// ones as history; every quarter passes the compliance check. Returns
/// each quarter's draws of the stratum and every task's month.
fn plan_year(policy: Policy, registry: Registry, year: i32) -> (Vec<u64>, Vec<u32>) {
    let mut request =
        PlanRequest::new(registry, policy, vec![sample::COUNTY.to_owned()], format!("{year}Q1").parse().unwrap(), "7");
    let (mut drawn, mut months) = (Vec::new(), Vec::new());
    for q in 1..=4 {
        request.quarter = format!("{year}Q{q}").parse().unwrap();
        let plan = plan_quarter(&request).unwrap();
        let report = check_compliance(&plan, &request);
        assert!(report.is_compliant(), "Q{q}: {:?}", report.breaches);
        drawn.push(plan.strata.iter().map(|s| s.drawn).sum());
        months.extend(plan.tasks.iter().map(|t| t.month));
        record(&mut request, &plan);
    }
    (drawn, months)
}

#[test]
fn jianghan_matters_draw_only_in_their_months_and_meet_the_hand_numbers() {
    let file = document("jianghan-2025.toml");
    // 120 construction projects: 40 % = 48 in the year, in months 4–11 only.
    let construction = preset(&file, "jianghan-construction");
    assert_eq!(required(&construction, &sample::county(0, 0, 120, 4), "2025Q1"), lines(&[("general", 0)]));
    assert_eq!(required(&construction, &sample::county(0, 0, 120, 4), "2025Q2"), lines(&[("general", 16)]));
    // Worked out: nothing in Q1, and Q2's 16 from 48 over three quarters.
    let registry = sample::county(0, 0, 120, 4);
    let units = vec![sample::COUNTY.to_owned()];
    for (quarter, step) in [
        ("2025Q1", "no month of 2025Q1 is open to inspection = 0"),
        ("2025Q2", "40% of 120 eligible = 48 a year; (48 − 0 done) ÷ 3 quarter(s) left = 16"),
    ] {
        let input = QuotaInput::new(&construction, &registry, quarter.parse().unwrap(), &[], &units);
        let line = &quarter_quotas(&input).unwrap()[0];
        let steps = explain(&input, line);
        assert!(steps[0].contains(step), "{quarter}: {steps:?}");
    }
    let (drawn, months) = plan_year(construction, sample::county(0, 0, 120, 4), 2025);
    assert_eq!(drawn[0], 0);
    assert!(drawn.iter().sum::<u64>() >= 48, "{drawn:?}");
    assert!(months.iter().all(|m| (4..=11).contains(m)), "{months:?}");
    // 30 VOCs firms: 50 % = 15, all in April–June.
    let (drawn, months) = plan_year(preset(&file, "jianghan-vocs"), sample::county(0, 0, 30, 4), 2025);
    assert_eq!(drawn, [0, 15, 0, 0]);
    assert!(months.iter().all(|m| (4..=6).contains(m)), "{months:?}");
}

#[test]
fn a_jiangxi_two_year_cycle_visits_every_b_across_the_two_years() {
    let mut request = jiangxi_request();
    let mut b_visited = std::collections::BTreeMap::<String, u32>::new();
    let mut b_per_year = Vec::new();
    for year in [2019, 2020] {
        let mut drawn = 0;
        for q in 1..=4 {
            request.quarter = format!("{year}Q{q}").parse().unwrap();
            let plan = plan_quarter(&request).unwrap();
            let report = check_compliance(&plan, &request);
            assert!(report.is_compliant(), "{year}Q{q}: {:?}", report.breaches);
            let b = plan.strata.iter().find(|s| s.stratum.category.as_str() == "b").unwrap();
            if (year, q) == (2019, 1) {
                // ⌈12 ÷ 8 quarters⌉ = 2, the 50 % a year's 2 as well.
                assert_eq!((b.required, b.inspected_in_cycle), (2, Some(0)));
            }
            drawn += b.drawn;
            for t in plan.tasks.iter().filter(|t| t.object.starts_with('S')) {
                *b_visited.entry(t.object.clone()).or_default() += 1;
            }
            record(&mut request, &plan);
        }
        b_per_year.push(drawn);
    }
    assert_eq!(b_visited.len(), 12, "every b once in the cycle 2019–2020: {b_visited:?}");
    assert!(b_per_year.iter().all(|n| *n >= 6), "50 % of 12 b every year: {b_per_year:?}");
    // The next cycle starts afresh: 2021Q1 counts no earlier inspection.
    request.quarter = "2021Q1".parse().unwrap();
    let plan = plan_quarter(&request).unwrap();
    let b = plan.strata.iter().find(|s| s.stratum.category.as_str() == "b").unwrap();
    assert_eq!(b.inspected_in_cycle, Some(0));
}

#[test]
fn jianghan_never_draws_a_project_twice_while_others_remain() {
    let file = document("jianghan-2025.toml");
    let construction = preset(&file, "jianghan-construction");
    let drawn = two_years(construction.clone());
    // 2025 draws at least 48 of 120; 2026 draws its 48 from the others.
    assert!(drawn[0].len() >= 48 && drawn[1].len() >= 48, "{drawn:?}");
    let again: Vec<&String> = drawn[1].intersection(&drawn[0]).collect();
    assert!(again.is_empty(), "drawn again in 2026: {again:?}");
    // Without the rule, 2026 draws some of 2025's projects again.
    let mut repeating = construction;
    repeating.rules[0].no_repeat = false;
    let drawn = two_years(repeating);
    assert!(drawn[1].intersection(&drawn[0]).next().is_some());
}

/// The objects `policy` draws in 2025 and in 2026 over 120 projects, 2026
/// planned with 2025's inspections in its history.
fn two_years(policy: Policy) -> Vec<std::collections::BTreeSet<String>> {
    let mut request = PlanRequest::new(
        sample::county(0, 0, 120, 4),
        policy.assume_valid(2026),
        vec![sample::COUNTY.to_owned()],
        "2025Q1".parse().unwrap(),
        "7",
    );
    let mut by_year = Vec::new();
    for year in [2025, 2026] {
        let mut drawn = std::collections::BTreeSet::new();
        for q in 1..=4 {
            request.quarter = format!("{year}Q{q}").parse().unwrap();
            let plan = plan_quarter(&request).unwrap();
            assert!(check_compliance(&plan, &request).is_compliant(), "{year}Q{q}");
            drawn.extend(plan.tasks.iter().map(|t| t.object.clone()));
            record(&mut request, &plan);
        }
        by_year.push(drawn);
    }
    by_year
}
