//! The documents beyond the seeds (`docs/examples/documents/`): every file
//! passes `check_file`, and each example's quotas equal the hand numbers
//! of `shared/documents-beyond-seeds.md` (written in the file's header).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use shuangsuiji::model::{Category, Inspection, InspectionKind, ObjectTags, Registry, RegulatedObject};
use shuangsuiji::plan::quota::{explain, quarter_quotas};
use shuangsuiji::plan::{Mode, QuarterPlan};
use shuangsuiji::request::QuotaInput;
use shuangsuiji::rules::{check_file, CheckItems, Checked, DocumentFile, FormKind, MatterForm, Minimum, Policy};
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

#[test]
fn guangzhou_polluters_are_drawn_by_the_fifteenth_or_the_plan_says_why() {
    let file = document("guangzhou-tasks.toml");
    let policy = preset(&file, "guangzhou-polluters");
    let mut request = PlanRequest::new(
        sample::county(40, 12, 500, 20),
        policy,
        vec![sample::COUNTY.to_owned()],
        "2024Q1".parse().unwrap(),
        "7",
    );
    let refused = |request: &PlanRequest| plan_quarter(request).unwrap_err().to_string();
    // No draw date: the window cannot be checked.
    assert!(
        refused(&request).contains("by 2024-01-15 (Guangzhou tasks task table, draw window)"),
        "{}",
        refused(&request)
    );
    // On the 15th (or before the quarter) it is kept; the plan says when.
    for day in ["2024-01-15", "2023-12-28"] {
        request.draw_date = Some(day.parse().unwrap());
        assert_eq!(plan_quarter(&request).unwrap().draw_date, request.draw_date);
    }
    // Earlier than the month before is not this quarter's draw; a reason
    // for a draw in time would have the plan say it was late.
    request.draw_date = Some("2023-11-30".parse().unwrap());
    assert!(
        refused(&request).contains("before 2023-12-01, the first day of the month before"),
        "{}",
        refused(&request)
    );
    request.draw_date = Some("2024-01-15".parse().unwrap());
    request.late_reason = Some("系统故障".into());
    assert!(refused(&request).contains("keeps the document's window (to 2024-01-15): leave out the late reason"));
    request.late_reason = None;
    // The 16th is late: refused, unless the request says why.
    request.draw_date = Some("2024-01-16".parse().unwrap());
    assert!(refused(&request).contains("the draw of 2024-01-16 is after the document's window, which ends 2024-01-15"));
    request.late_reason = Some("  ".into());
    assert!(refused(&request).contains("late reason is blank"));
    request.late_reason = Some("省平台故障，1月16日恢复".into());
    let plan = plan_quarter(&request).unwrap();
    assert_eq!(plan.late_reason.as_deref(), Some("省平台故障，1月16日恢复"));
    assert!(check_compliance(&plan, &request).is_compliant());
    // The date and the reason are committed: changing either changes the digest.
    let digest = plan.commitment.clone();
    request.late_reason = Some("另一个理由".into());
    assert_ne!(plan_quarter(&request).unwrap().commitment, digest);
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

/// Jianghan's one library: 10 key and 100 general polluters (30 of the
/// general ones VOCs firms of single low-efficiency treatment, 5 coating
/// firms of another, 2 key ones with bypasses), 120 construction projects
/// approved 2020–2024 and 10 approved in 2018, 20 auto-repair shops; 6
/// officers on post.
fn jianghan_library() -> Registry {
    let mut registry = sample::county(10, 0, 100, 6);
    for (i, o) in registry.objects.iter_mut().enumerate() {
        let tags = o.tags_mut();
        tags.object_type = Some("polluter".into());
        match i {
            0..=1 => {
                tags.free.insert("bypass".into());
            }
            10..=39 => {
                tags.industry = Some(["coating", "chemical", "printing"][i % 3].into());
                tags.attributes.insert("treatment".into(), "single_low_efficiency".into());
            }
            40..=44 => {
                tags.industry = Some("coating".into());
                tags.attributes.insert("treatment".into(), "rto".into());
            }
            _ => {}
        }
    }
    let kinds = [("P", 120, "construction_project"), ("Q", 10, "construction_project"), ("R", 20, "auto_repair")];
    for (prefix, n, kind) in kinds {
        for i in 1..=n {
            let mut o = RegulatedObject::new(format!("{prefix}{i:03}"), sample::COUNTY, Category::General);
            o.tags_mut().object_type = Some(kind.into());
            if kind == "construction_project" {
                let year = if prefix == "P" { 2020 + i % 5 } else { 2018 };
                o.tags_mut().attributes.insert("approved_year".into(), year.to_string());
            }
            registry.objects.push(o);
        }
    }
    registry
}

/// The quarter's minimum per stratum (`pool/class`) of the sample county.
fn required_by_pool(policy: &Policy, registry: &Registry, quarter: &str) -> Vec<(String, u64)> {
    let units = vec![sample::COUNTY.to_owned()];
    let input = QuotaInput::new(policy, registry, quarter.parse().unwrap(), &[], &units);
    let lines = quarter_quotas(&input).unwrap();
    lines.iter().map(|l| (format!("{}/{}", l.stratum.pool, l.stratum.category), l.required)).collect()
}

#[test]
fn jianghan_matters_draw_from_one_library_in_their_months_and_meet_the_hand_numbers() {
    let policy = preset(&document("jianghan-2025.toml"), "jianghan-2025");
    let library = jianghan_library();
    // Each matter counts its own objects only: 120 projects (not the 10 of
    // 2018), 30 VOCs firms (not the 5 of other treatment). Q1 is outside
    // every matter's months but the routine one's: 10 key ÷ 4 = 3 (rounded
    // up), 1:10 × 6 = 60 general a year ÷ 4 = 15.
    let q1 = required_by_pool(&policy, &library, "2025Q1");
    let q2 = required_by_pool(&policy, &library, "2025Q2");
    let want_q1 = [
        ("routine/key", 3),
        ("routine/general", 15),
        ("construction/general", 0),
        ("vocs/general", 0),
        ("auto-repair/general", 0),
        ("bypass/key", 0),
    ];
    // Q2 planned with no history: the year's totals over three quarters.
    let want_q2 = [
        ("routine/key", 4),
        ("routine/general", 20),
        ("construction/general", 16),
        ("vocs/general", 15),
        ("auto-repair/general", 2),
        ("bypass/key", 0),
    ];
    for (got, want) in [(q1, want_q1), (q2, want_q2)] {
        let mut want = lines(&want);
        want.sort();
        let mut got = got;
        got.sort();
        assert_eq!(got, want);
    }
    // The construction step, worked out: Q2's 16 is 48 over three quarters.
    let units = vec![sample::COUNTY.to_owned()];
    let input = QuotaInput::new(&policy, &library, "2025Q2".parse().unwrap(), &[], &units);
    let lines = quarter_quotas(&input).unwrap();
    let line = lines.iter().find(|l| l.stratum.pool.en() == "construction").unwrap();
    let steps = explain(&input, line);
    assert!(steps[0].contains("40% of 120 eligible = 48 a year; (48 − 0 done) ÷ 3 quarter(s) left = 16"), "{steps:?}");

    // A year drawn together, each quarter compliant.
    let mut request = PlanRequest::new(library, policy, units, "2025Q1".parse().unwrap(), "7");
    let mut by_matter: std::collections::BTreeMap<String, (u64, Vec<u32>)> = Default::default();
    let mut joint = 0;
    for q in 1..=4 {
        request.quarter = format!("2025Q{q}").parse().unwrap();
        let plan = plan_quarter(&request).unwrap();
        let report = check_compliance(&plan, &request);
        assert!(report.is_compliant(), "Q{q}: {:?}", report.breaches);
        for t in &plan.tasks {
            for pool in &t.pools {
                let entry = by_matter.entry(pool.en().to_owned()).or_default();
                entry.0 += 1;
                entry.1.push(t.month);
            }
            joint += usize::from(t.pools.len() > 1);
            let matters_objects = match t.object.chars().next() {
                Some('Q') => panic!("a project approved in 2018 drawn: {t:?}"),
                Some('R') => ["auto-repair"].as_slice(),
                Some('P') => ["construction"].as_slice(),
                _ => ["routine", "vocs", "bypass"].as_slice(),
            };
            assert!(t.pools.iter().all(|p| matters_objects.contains(&p.en())), "{t:?}");
        }
        record(&mut request, &plan);
    }
    let (construction, months) = &by_matter["construction"];
    assert!(*construction >= 48 && months.iter().all(|m| (4..=11).contains(m)), "{construction} {months:?}");
    let (vocs, months) = &by_matter["vocs"];
    assert!(*vocs == 15 && months.iter().all(|m| (4..=6).contains(m)), "{vocs} {months:?}");
    let (bypass, months) = &by_matter["bypass"];
    assert!(*bypass == 2 && months.iter().all(|m| (7..=9).contains(m)), "{bypass} {months:?}");
    // A VOCs firm the routine matter also draws is one visit for both.
    assert!(joint > 0, "no joint visit: {by_matter:?}");
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
    let policy = preset(&document("jianghan-2025.toml"), "jianghan-2025");
    let drawn = two_years(policy.clone());
    // 2025 draws at least 48 of 120; 2026 draws its 48 from the others.
    assert!(drawn[0].len() >= 48 && drawn[1].len() >= 48, "{drawn:?}");
    let again: Vec<&String> = drawn[1].intersection(&drawn[0]).collect();
    assert!(again.is_empty(), "drawn again in 2026: {again:?}");
    // Without the rule, 2026 draws some of 2025's projects again.
    let mut repeating = policy;
    repeating.rules.iter_mut().for_each(|r| r.no_repeat = false);
    let drawn = two_years(repeating);
    assert!(drawn[1].intersection(&drawn[0]).next().is_some());
}

/// The construction projects `policy` draws in 2025 and in 2026 from
/// Jianghan's library, 2026 planned with 2025's inspections in its
/// history.
fn two_years(policy: Policy) -> Vec<std::collections::BTreeSet<String>> {
    let mut request = PlanRequest::new(
        jianghan_library(),
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
            let projects = plan.tasks.iter().filter(|t| t.pools.iter().any(|p| p.en() == "construction"));
            drawn.extend(projects.map(|t| t.object.clone()));
            record(&mut request, &plan);
        }
        by_year.push(drawn);
    }
    by_year
}

// A matter the document has inspected by paper review (书面检查): a visit
// for it alone is off-site, naming the form and its clause; a visit the
// routine matter shares stays on site; the compliance check holds the
// plan to both, and names a paper-review visit made on site.
#[test]
fn a_paper_review_matter_s_visits_are_off_site_unless_another_matter_shares_them() {
    let mut policy = preset(&document("jianghan-2025.toml"), "jianghan-2025");
    let vocs = policy.matters.iter_mut().find(|m| m.id == "vocs").unwrap();
    let mut source = vocs.source.clone();
    source.reading = Some("a test's own reading: VOCs treatment by paper review".into());
    vocs.form = Some(MatterForm { kind: FormKind::PaperReview, source });
    policy.validate().unwrap();
    let request =
        PlanRequest::new(jianghan_library(), policy, vec![sample::COUNTY.to_owned()], "2025Q2".parse().unwrap(), "7");
    let mut plan = plan_quarter(&request).unwrap();
    let is = |t: &shuangsuiji::plan::Task, pool: &str| t.pools.iter().any(|p| p.en() == pool);
    let vocs_only: Vec<_> = plan.tasks.iter().filter(|t| is(t, "vocs") && t.pools.len() == 1).collect();
    let shared: Vec<_> = plan.tasks.iter().filter(|t| is(t, "vocs") && t.pools.len() > 1).collect();
    assert!(!vocs_only.is_empty() && !shared.is_empty(), "{vocs_only:?} {shared:?}");
    for t in &vocs_only {
        assert_eq!(t.mode, Mode::OffSite);
        assert!(t.mode_reason.as_deref().is_some_and(|r| r.starts_with("书面检查 (Jianghan 2025 table, 4)")), "{t:?}");
    }
    assert!(shared.iter().all(|t| t.mode == Mode::OnSite), "{shared:?}");
    assert!(check_compliance(&plan, &request).is_compliant());
    let object = vocs_only[0].object.clone();
    let task = plan.tasks.iter_mut().find(|t| t.object == object).unwrap();
    task.mode = Mode::OnSite;
    let report = check_compliance(&plan, &request);
    assert!(!report.is_compliant(), "an on-site paper review passed");
}

// A file with one of almost every fault: every one reported at once, each
// placed on its line, and each in Chinese for `ssj rules check --lang zh`
// (none falling back to the reader's English).
#[test]
fn every_fault_of_a_faulty_file_is_reported_on_its_line_in_english_and_chinese() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/documents/every-fault.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let faults = check_file("every-fault.toml", &text).unwrap_err();
    let shown: Vec<String> = faults.iter().map(ToString::to_string).collect();
    assert!(faults.len() >= 35, "{}: {shown:#?}", faults.len());
    for f in &faults {
        assert!(f.line.is_some(), "not placed: {f}");
        let zh = f.zh();
        assert!(
            !zh.contains("文件格式有误") && zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{f} → {zh}"
        );
    }
    for expected in [
        "presets[0].rules[0].minimum.percent: is above 100 %",
        "presets[0].matters[0].id: is a national pool's name",
        "presets[0].draw_window.by_day: must be a day of the month, 1 to 31",
        "results.wordings: must have a phrase meaning no_problem",
        "deadlines[1].source.document: cites `Other 2024`, not this file's document `Faulty 2025`",
    ] {
        assert!(shown.iter().any(|s| s.contains(expected)), "{expected} not in {shown:#?}");
    }
    let zh: Vec<String> = faults.iter().map(|f| f.zh()).collect();
    assert!(zh.iter().any(|z| z.contains("引用了《Other 2024》，不是本文件的文件（Faulty 2025）")), "{zh:#?}");
}

// A history entry's pool that is one or two letters from one of the
// policy's (`polution`) is a slip, refused naming the pool meant; a pool
// far from all of them is another document's matter, and counts for none.
#[test]
fn a_history_pool_a_slip_from_the_policy_s_is_refused_naming_it() {
    let policy = preset(&document("jianghan-2025.toml"), "jianghan-2025");
    let mut request =
        PlanRequest::new(jianghan_library(), policy, vec![sample::COUNTY.to_owned()], "2025Q2".parse().unwrap(), "7");
    let visit = |pool: &str| Inspection {
        object: "P001".into(),
        by: sample::COUNTY.into(),
        date: "2025-01-10".parse().unwrap(),
        kind: InspectionKind::Random,
        pools: [pool.parse().unwrap()].into(),
        inspectors: vec![],
    };
    for (slip, meant) in [("polution", "pollution"), ("constructions", "construction"), ("voc", "vocs")] {
        request.history = vec![visit(slip)];
        let err = plan_quarter(&request).unwrap_err().to_string();
        assert!(err.contains(&format!("`{slip}` is no pool of this policy; did you mean `{meant}`?")), "{err}");
    }
    request.history = vec![visit("river-outfalls")];
    assert!(plan_quarter(&request).is_ok());
    // A national pool's name in other letters is no matter at all.
    assert!("Hazardous-Waste".parse::<shuangsuiji::model::Pool>().is_err());
}

// A matter's own check items go to the visits covering it, each year the
// whole list where the document asks, shared by its own ticket; a visit
// for other matters only gets none of them.
#[test]
fn a_matter_s_check_items_go_to_its_visits_and_cover_the_list_in_the_year() {
    let mut policy = preset(&document("jianghan-2025.toml"), "jianghan-2025");
    let construction = policy.matters.iter_mut().find(|m| m.id == "construction").unwrap();
    let source = construction.source.clone();
    let items: Vec<String> =
        ["环评批复落实情况", "环保设施“三同时”情况", "竣工环保验收情况", "排污许可情况", "环境管理台账"]
            .map(str::to_owned)
            .to_vec();
    construction.check_items =
        Some(CheckItems { items: items.clone(), source: source.clone(), each_year: Some(source) });
    policy.validate().unwrap();
    let mut request =
        PlanRequest::new(jianghan_library(), policy, vec![sample::COUNTY.to_owned()], "2025Q1".parse().unwrap(), "7");
    let mut covered = std::collections::BTreeSet::new();
    for q in 1..=4 {
        request.quarter = format!("2025Q{q}").parse().unwrap();
        let plan = plan_quarter(&request).unwrap();
        for t in &plan.tasks {
            let mine = t.pools.iter().any(|p| p.en() == "construction");
            let given: Vec<&str> =
                t.check_items.iter().map(|i| i.as_ref()).filter(|i| items.iter().any(|x| x == i)).collect();
            assert_eq!(mine, !given.is_empty(), "{t:?}");
            covered.extend(given.into_iter().map(str::to_owned));
        }
        record(&mut request, &plan);
    }
    assert_eq!(covered.len(), items.len(), "{covered:?}");
}
