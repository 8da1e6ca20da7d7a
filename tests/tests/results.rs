#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Results: the wordings against the seed documents, validation of blank,
//! invalid and duplicate records, credit events across a holiday, and the
//! statistics on a hand-computed case.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use shuangsuiji::calendar::Calendar;
use shuangsuiji::model::{Category, Inspection, Inspector, Jurisdiction, Level, Pool, Registry, RegulatedObject};
use shuangsuiji::plan::{Cover, Mode, QuarterPlan, Task, Visit};
use shuangsuiji::publish::results::{
    credit_event, credit_events, validate_results, ConfidentialGround, Fault, Form, InspectionResult, Outcome,
    PenaltyDecision, Wordings,
};
use shuangsuiji::publish::stats::{item_coverage, public_results, quarterly_stats, yearly_counts, Rate, StatsRow};
use shuangsuiji::request::TargetedReason;
use shuangsuiji::rules::{self, Event};

fn seed(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/shuangsuiji/tests/data/seeds/");
    std::fs::read_to_string(format!("{dir}{name}")).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A built-in document's result phrases.
fn phrases(short: &str) -> Vec<rules::Wording> {
    rules::document_file(short).unwrap().results.clone().unwrap().wordings
}

#[test]
fn the_result_phrases_are_quoted_verbatim_from_their_documents() {
    for (short, file, count) in
        [("Changji 2023", "000_dee8995bf29b44ae.txt", 7), ("Fengdu 2024", "001_42f563e21ea9172b.txt", 3)]
    {
        let text = seed(file);
        let list = phrases(short);
        assert_eq!(list.len(), count, "{short}");
        for w in list {
            let quoted = format!("“{}”", w.text);
            assert!(text.contains(&quoted), "{quoted} not in {file}");
        }
    }
    // Changji's seventh keeps the document's half-width commas; one penalty phrase each.
    assert!(phrases("Changji 2023").iter().any(|w| w.name == "referred_to_other_department" && w.text.contains(',')));
    for short in ["Changji 2023", "Fengdu 2024"] {
        assert_eq!(phrases(short).iter().filter(|w| w.meaning == rules::Meaning::Penalty).count(), 1, "{short}");
    }
}

/// The phrases a plan under `short`'s document is checked against.
fn wordings(short: &str) -> Wordings<'static> {
    Wordings::of(&[rules::document_file(short).unwrap()])
}

// The Hi-tech Zone prescribes no phrases of its own and takes Changji's
// (its file's `results_from`); Wangcheng prescribes none, so any built-in
// document's phrase is accepted.
#[test]
fn a_document_without_phrases_takes_another_s_or_any_built_in_one() {
    let hitech = wordings("Changji Hi-tech Zone 2023");
    assert!(hitech.prescribed() && hitech.is_penalty(&penalty()));
    assert_eq!(hitech.meaning(&"发现问题已责令整改".parse().unwrap()), None);
    let wangcheng = wordings("Wangcheng 2021");
    assert!(!wangcheng.prescribed());
    assert!(wangcheng.is_penalty(&"fengdu.case_opened".parse().unwrap()) && wangcheng.is_penalty(&penalty()));
}

/// Fengdu's check items, from its document file.
fn fengdu_items() -> Vec<String> {
    rules::preset("fengdu-example").unwrap().check_items.unwrap().items
}

#[test]
fn the_twelve_items_are_listed_verbatim_in_001_three_one_and_four() {
    let text = seed("001_42f563e21ea9172b.txt");
    let list = fengdu_items().join("、");
    let occurrences = text.matches(&list).count();
    assert_eq!(occurrences, 2, "the list must occur in §三（一） and §四");
}

#[test]
fn form_titles_occur_in_000() {
    let text = seed("000_dee8995bf29b44ae.txt");
    for f in [Form::OnSite, Form::OffSite] {
        assert!(text.contains(f.title_zh()), "{}", f.title_zh());
    }
}

// ---------------------------------------------------------------- fixtures

fn task(unit: &str, object: &str, random: bool, officers: &[&str]) -> Task {
    Task {
        unit: unit.into(),
        object: object.into(),
        object_name: format!("{object}公司"),
        month: 7,
        mode: Mode::OnSite,
        mode_reason: None,
        covers: if random {
            vec![Cover { stratum: format!("{unit}/pollution/general").into(), ticket: "0.5".into() }]
        } else {
            vec![]
        },
        targeted: if random { vec![] } else { vec![TargetedReason::Complaint] },
        pools: BTreeSet::from([Pool::Pollution]),
        expertise: BTreeSet::new(),
        check_items: vec!["污染防治设施运行情况".into()],
        visit: Visit::Own { officers: officers.iter().map(|s| (*s).to_owned()).collect(), joining: vec![] },
    }
}

fn plan(policy: &str, tasks: Vec<Task>) -> QuarterPlan {
    QuarterPlan {
        format: shuangsuiji::plan::PlanFormat,
        policy: policy.into(),
        assumptions: vec![],
        quarter: "2024Q3".parse().unwrap(),
        units: vec!["u1".into(), "u2".into()],
        commitment: "x".into(),
        seed_rule: None,
        draw_date: None,
        late_reason: None,
        outside_window: None,
        month: None,
        seed: "s".into(),
        strata: vec![],
        tasks,
    }
}

fn result(object: &str, unit: &str, date: NaiveDate, outcome: Outcome, inspectors: &[&str]) -> InspectionResult {
    InspectionResult {
        object: object.into(),
        unit: unit.into(),
        date,
        form: Form::OnSite,
        items_checked: vec!["污染防治设施运行情况".into()],
        findings: if outcome == no() { String::new() } else { "废水处理设施未正常运行".into() },
        outcome,
        confidential: None,
        penalty_decision: None,
        inspectors: inspectors.iter().map(|s| (*s).to_owned()).collect(),
        late_reason: None,
    }
}

fn no() -> Outcome {
    "未发现问题".parse().unwrap()
}

fn order() -> Outcome {
    "changji.corrective_order".parse().unwrap()
}

fn penalty() -> Outcome {
    "发现问题作出行政处罚决定".parse().unwrap()
}

/// The faults of `records` against `plan` under Changji's phrases.
fn faults(records: &[InspectionResult], plan: &QuarterPlan) -> Vec<(usize, String, Fault)> {
    faults_under(records, plan, &wordings("Changji 2023"))
}

fn faults_under(records: &[InspectionResult], plan: &QuarterPlan, w: &Wordings<'_>) -> Vec<(usize, String, Fault)> {
    match validate_results(records, plan, w) {
        Ok(()) => vec![],
        Err(e) => e.0.into_iter().map(|e| (e.index, e.field, e.fault)).collect(),
    }
}

// ---------------------------------------------------------------- validation

#[test]
fn a_clean_record_set_passes() {
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"]), task("u1", "G1", true, &["A", "C"])]);
    let mut penalty = result("K1", "u1", d(2024, 7, 3), penalty(), &["A", "B"]);
    penalty.penalty_decision = Some(PenaltyDecision { number: "罚〔2024〕1号".into(), date: d(2024, 7, 20) });
    let records = vec![penalty, result("G1", "u1", d(2024, 7, 4), no(), &["C", "A"])];
    assert_eq!(faults(&records, &p), vec![]);
}

#[test]
fn blank_entries_are_named_by_index_and_field() {
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    let mut no_inspectors = result("K1", "u1", d(2024, 7, 3), no(), &[]);
    no_inspectors.items_checked = vec![];
    let mut blank_findings = result("K1", "u1", d(2024, 7, 9), order(), &["A", " ", "B"]);
    blank_findings.findings = "  ".into();
    let blank_object = result("", "u1", d(2024, 7, 10), no(), &["A", "B"]);
    let got = faults(&[no_inspectors, blank_findings, blank_object], &p);
    assert_eq!(
        got,
        vec![
            (0, "inspectors".into(), Fault::Blank),
            (0, "items_checked".into(), Fault::Blank),
            (1, "inspectors[1]".into(), Fault::Blank),
            (1, "findings".into(), Fault::Blank),
            (2, "object".into(), Fault::Blank),
        ]
    );
    // 未发现问题 needs no findings.
    assert_eq!(faults(&[result("K1", "u1", d(2024, 7, 3), no(), &["A", "B"])], &p), vec![]);
}

#[test]
fn invalid_entries_are_named_with_the_reason() {
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    let records = vec![
        result("X9", "u1", d(2024, 7, 3), no(), &["A", "B"]),  // not in plan
        result("K1", "u1", d(2024, 6, 30), no(), &["A", "B"]), // outside quarter
        result("K1", "u1", d(2024, 7, 5), no(), &["A", "Z", "B"]), // Z not on team
        result("K1", "u1", d(2024, 7, 6), "发现问题已责令整改".parse().unwrap(), &["A", "B"]), // Fengdu's phrase
        result("K1", "u1", d(2024, 7, 7), penalty(), &["A", "B"]), // no decision
        result("K1", "u2", d(2024, 7, 8), no(), &["A", "B"]),  // wrong unit
    ];
    let got = faults(&records, &p);
    assert_eq!(
        got,
        vec![
            (0, "object".into(), Fault::Invalid),
            (1, "date".into(), Fault::Invalid),
            (2, "inspectors[1]".into(), Fault::Invalid),
            (3, "outcome".into(), Fault::Invalid),
            (4, "penalty_decision".into(), Fault::Invalid),
            (5, "unit".into(), Fault::Invalid),
        ]
    );
    let err = validate_results(&records, &p, &wordings("Changji 2023")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("results[0].object: 无效数据 (invalid): object `X9` has no task in plan 2024Q3"), "{text}");
    assert!(text.contains("results[2].inspectors[1]") && text.contains("`Z` is not on the task's team (A, B)"));
    assert!(text.contains("results[3].outcome: 无效数据 (invalid): 「发现问题已责令整改」 is none of the phrases the plan's document prescribes: 未发现问题 / 发现问题作出责令改正等行政命令"), "{text}");
    assert!(text.contains("(Changji 2023 §六)"), "{text}");
    // A Fengdu plan rejects Changji-only wordings, and a case opened needs its decision.
    let fp = plan("fengdu-example", vec![task("u1", "K1", true, &["A", "B"])]);
    let got = faults_under(
        &[
            result("K1", "u1", d(2024, 7, 3), order(), &["A", "B"]),
            result("K1", "u1", d(2024, 7, 4), "fengdu.case_opened".parse().unwrap(), &["A", "B"]),
        ],
        &fp,
        &wordings("Fengdu 2024"),
    );
    assert_eq!(got, vec![(0, "outcome".into(), Fault::Invalid), (1, "penalty_decision".into(), Fault::Invalid)]);
}

/// Results are checked against the plan as amended: the form against the
/// task's mode, the date against its month (a late visit only with a
/// reason), two of its officers.
#[test]
fn results_that_do_not_match_their_task_are_refused() {
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    let mut off_site = result("K1", "u1", d(2024, 7, 3), no(), &["A", "B"]);
    off_site.form = Form::OffSite;
    let late = result("K1", "u1", d(2024, 9, 20), no(), &["A", "B"]);
    let mut excused = result("K1", "u1", d(2024, 8, 20), no(), &["A", "B"]);
    excused.late_reason = Some("企业停产检修，复产后检查".into());
    let mut needless = result("K1", "u1", d(2024, 7, 21), no(), &["A", "B"]);
    needless.late_reason = Some("x".into());
    let alone = result("K1", "u1", d(2024, 7, 22), no(), &["A"]);
    let records = [off_site, late, excused, needless, alone];
    let got = faults(&records, &p);
    assert_eq!(
        got,
        vec![
            (0, "form".into(), Fault::Invalid),
            (1, "date".into(), Fault::Invalid),
            (3, "late_reason".into(), Fault::Invalid),
            (4, "inspectors".into(), Fault::Invalid),
        ]
    );
    let text = validate_results(&records, &p, &wordings("Changji 2023")).unwrap_err().to_string();
    assert!(text.contains("2024-09-20 is after the task's month (7): a late visit needs a `late_reason`"), "{text}");
    assert!(
        text.contains("the task is recorded on 《污染源现场检查记录表》 in the plan, not 《非现场检查记录表》"),
        "{text}"
    );
    // A month before the task's is early, whatever the reason.
    let mut early = result("K1", "u1", d(2024, 7, 3), no(), &["A", "B"]);
    let mut september = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    september.tasks[0].month = 9;
    early.late_reason = Some("x".into());
    assert_eq!(faults(&[early], &september), vec![(0, "date".into(), Fault::Invalid)]);
}

#[test]
fn duplicates_name_the_first_record() {
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    let records = vec![
        result("K1", "u1", d(2024, 7, 3), no(), &["A", "B"]),
        result("K1", "u1", d(2024, 7, 4), no(), &["A", "B"]),
        result("K1", "u1", d(2024, 7, 3), no(), &["B", "A"]),
    ];
    let err = validate_results(&records, &p, &wordings("Changji 2023")).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!((err.0[0].index, err.0[0].field.as_str(), err.0[0].fault), (2, "object", Fault::Duplicate));
    assert!(err.0[0].reason.contains("results[0]"), "{}", err.0[0].reason);
}

#[test]
fn results_json_parses_chinese_wordings_and_grounds() {
    let json = r#"[{"object":"K1","unit":"u1","date":"2024-07-03","form":"现场",
        "items_checked":["污染防治设施运行情况"],"findings":"…","outcome":"发现问题,但是属于其他部门监管,需要移送或通报",
        "confidential":"国家安全","inspectors":["A","B"]}]"#;
    let rs: Vec<InspectionResult> = serde_json::from_str(json).unwrap();
    assert_eq!(wordings("Changji 2023").meaning(&rs[0].outcome), Some(rules::Meaning::Finding));
    assert_eq!(rs[0].confidential, Some(shuangsuiji::publish::results::ConfidentialGround::NationalSecurity));
    let back = serde_json::to_string(&rs).unwrap();
    assert!(back.contains("\"outcome\":\"发现问题,但是属于其他部门监管,需要移送或通报\""));
    // Full-width commas read as the phrase's own; a phrase not in the list is invalid.
    let full_width: Outcome = "发现问题，但是属于其他部门监管，需要移送或通报".parse().unwrap();
    assert_eq!(wordings("Changji 2023").meaning(&full_width), Some(rules::Meaning::Finding));
    let p = plan("changji-county", vec![task("u1", "K1", true, &["A", "B"])]);
    let mut wrong = rs[0].clone();
    wrong.outcome = "发现问题,但是属于其他部门监管,需要移送或通知".parse().unwrap();
    wrong.confidential = None;
    assert_eq!(faults(&[wrong], &p), vec![(0, "outcome".into(), Fault::Invalid)]);
    // A blank outcome is refused as it is read.
    assert!(serde_json::from_str::<Vec<InspectionResult>>(
        &json.replace("发现问题,但是属于其他部门监管,需要移送或通报", " ")
    )
    .is_err());
}

// ---------------------------------------------------------------- credit

#[test]
fn a_penalty_gives_a_credit_event_due_as_the_document_sets_it() {
    let cal = Calendar::national().unwrap();
    let wangcheng = rules::document_file("Wangcheng 2021").unwrap();
    let seven = wangcheng.deadlines.iter().find(|r| r.after == Event::PenaltyDecision);
    let mut r = result("K1", "u1", d(2024, 9, 20), penalty(), &["A"]);
    r.penalty_decision = Some(PenaltyDecision { number: "昌州环罚〔2024〕12号".into(), date: d(2024, 9, 27) });
    // Wangcheng prescribes no phrases: any built-in document's penalty phrase counts.
    let w = wordings("Wangcheng 2021");
    let e = credit_event(&r, &w, seven, &cal).unwrap().unwrap();
    // 9-27 Fri; 9-29 Sun (调休) 1, 9-30 2, 10-1..7 off, 10-8 3, 10-9 4, 10-10 5, 10-11 6, 10-12 Sat (调休) 7.
    assert_eq!(e.due, Some(d(2024, 10, 12)));
    assert_eq!((e.object.as_str(), e.decision.as_str(), e.date), ("K1", "昌州环罚〔2024〕12号", d(2024, 9, 27)));
    // Under a document that sets no deadline for it, the event has none.
    assert_eq!(credit_event(&r, &w, None, &cal).unwrap().unwrap().due, None);
    // No penalty outcome, no event; Fengdu's 立案调查 with a decision gives one.
    let plain = result("K1", "u1", d(2024, 9, 20), order(), &["A"]);
    assert_eq!(credit_event(&plain, &w, seven, &cal).unwrap(), None);
    let mut fengdu = r.clone();
    fengdu.outcome = "发现违法行为已立案调查".parse().unwrap();
    assert_eq!(credit_events(&[plain, fengdu.clone()], &w, seven, &cal).unwrap().len(), 1);
    // Under Changji's own phrases, Fengdu's is no penalty.
    assert_eq!(credit_event(&fengdu, &wordings("Changji 2023"), seven, &cal).unwrap(), None);
    // A year the calendar does not know is an error, not a guess.
    let mut far = r;
    far.penalty_decision = Some(PenaltyDecision { number: "x".into(), date: d(2031, 5, 6) });
    assert!(credit_event(&far, &w, seven, &cal).is_err());
}

// ---------------------------------------------------------------- statistics

fn registry() -> Registry {
    let j = |id: &str| Jurisdiction { id: id.into(), name: id.into(), level: Level::County, parent: None };
    let objects = vec![
        RegulatedObject::new("K1", "u1", Category::Key),
        RegulatedObject::new("G1", "u1", Category::General),
        RegulatedObject::new("G2", "u1", Category::General),
        RegulatedObject::new("S1", "u2", Category::Special),
        RegulatedObject::new("T1", "u2", Category::General),
    ];
    let inspectors = ["A", "B", "C"].iter().map(|i| Inspector::officer(*i, "u1", 10)).collect();
    Registry { jurisdictions: vec![j("u1"), j("u2")], objects, inspectors }
}

fn stats_case() -> (QuarterPlan, Vec<InspectionResult>) {
    let p = plan(
        "changji-county",
        vec![
            task("u1", "K1", true, &["A", "B"]),
            task("u1", "G1", true, &["A", "C"]),
            task("u1", "G2", true, &["B", "C"]),
            task("u2", "S1", true, &["A", "B"]),
            task("u2", "T1", false, &["A", "B"]),
        ],
    );
    let mut k1 = result("K1", "u1", d(2024, 7, 10), penalty(), &["A", "B"]);
    k1.penalty_decision = Some(PenaltyDecision { number: "罚1".into(), date: d(2024, 7, 20) });
    k1.items_checked = vec!["污染防治设施运行情况".into(), "碳排放情况".into()];
    let mut g1 = result("G1", "u1", d(2024, 8, 1), no(), &["A", "C"]);
    g1.confidential = Some(shuangsuiji::publish::results::ConfidentialGround::PublicSecurity);
    let mut s1 = result("S1", "u2", d(2024, 9, 2), order(), &["A", "B"]);
    s1.items_checked = vec!["环境安全隐患情况".into(), "自定义事项".into()];
    let t1 = result("T1", "u2", d(2024, 9, 3), no(), &["B"]);
    (p, vec![k1, g1, s1, t1])
}

fn row(r: &StatsRow) -> [u64; 5] {
    [r.planned, r.completed, r.problems, r.penalties, r.published]
}

#[test]
fn quarterly_statistics_by_hand() {
    let (p, results) = stats_case();
    let s = quarterly_stats(&results, &p, &registry(), &wordings("Changji 2023"));
    // Random tasks K1 G1 G2 (u1), S1 (u2); T1 is targeted. K1 penalty,
    // G1 withheld and no problem, G2 not done, S1 corrective order.
    assert_eq!(row(&s.total), [4, 3, 2, 1, 2]);
    assert_eq!(s.total.publication_rate, Rate { numerator: 2, denominator: 3, per_mille: Some(667) });
    let units: Vec<_> = s.by_unit.iter().map(|r| (r.unit.clone().unwrap(), row(r))).collect();
    assert_eq!(units, vec![("u1".to_owned(), [3, 2, 1, 1, 1]), ("u2".to_owned(), [1, 1, 1, 0, 1])]);
    assert_eq!(s.by_unit[0].publication_rate.per_mille, Some(500));
    assert_eq!(s.by_unit[1].publication_rate.per_mille, Some(1000));
    let cats: Vec<_> = s.by_category.iter().map(|r| (r.category.unwrap(), row(r))).collect();
    assert_eq!(
        cats,
        vec![
            (Category::Key, [1, 1, 1, 1, 1]),
            (Category::Special, [1, 1, 1, 0, 1]),
            (Category::General, [2, 1, 0, 0, 0]),
        ]
    );
    assert_eq!(s.by_category[2].publication_rate, Rate { numerator: 0, denominator: 1, per_mille: Some(0) });
    assert_eq!(s.by_unit_category.len(), 3);
    assert_eq!(s.not_counted, 1);
}

#[test]
fn yearly_counts_merge_history_and_results() {
    let (_, results) = stats_case();
    let mut h1 = Inspection::random("K1", "u1", d(2024, 2, 1));
    h1.inspectors = vec!["A".into(), "C".into()];
    let mut h2 = Inspection::random("K1", "u1", d(2024, 7, 10)); // the same visit as the result
    h2.inspectors = vec!["A".into()];
    let mut old = Inspection::random("G2", "u1", d(2023, 12, 1));
    old.inspectors = vec!["A".into()];
    let c = yearly_counts(2024, &[h1, h2, old], &results);
    let objects: BTreeMap<&str, u32> = c.per_object.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(objects, BTreeMap::from([("K1", 2), ("G1", 1), ("S1", 1), ("T1", 1)]));
    // A: K1 Feb, K1 Jul, G1, S1 = 4; B: K1 Jul, S1, T1 = 3; C: K1 Feb, G1 = 2.
    let inspectors: BTreeMap<&str, u32> = c.per_inspector.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(inspectors, BTreeMap::from([("A", 4), ("B", 3), ("C", 2)]));
}

#[test]
fn item_coverage_reports_the_items_never_checked() {
    let (_, results) = stats_case();
    let list = fengdu_items();
    let c = item_coverage(2024, &list, &results);
    assert!(!c.is_complete());
    let checked: Vec<(&str, u64)> = c.items.iter().filter(|(_, n)| *n > 0).map(|(i, n)| (i.as_str(), *n)).collect();
    assert_eq!(checked, vec![("污染防治设施运行情况", 3), ("碳排放情况", 1), ("环境安全隐患情况", 1)]);
    assert_eq!(c.never_checked.len(), 9);
    assert_eq!(c.never_checked[0], "生态环境保护措施落实情况");
    assert_eq!(c.other_items, BTreeMap::from([("自定义事项".to_owned(), 1)]));
    assert!(item_coverage(2025, &list, &results).never_checked.len() == 12);
}

// Issue 32, finding 7: the public statistics counted a withheld result in
// `yearly.per_object` even when the disclosure left it out
// (`publish --omit-withheld`), showing every such object. The public form
// now counts what the disclosure shows: with the marker, that the visit
// was made and nothing of what it found; left out, nothing at all.
#[test]
fn public_statistics_count_only_what_the_disclosure_shows() {
    let w = wordings("Changji 2023");
    let mut withheld = result("A", "u1", d(2024, 7, 10), penalty(), &["I1", "I2"]);
    withheld.confidential = Some(ConfidentialGround::PublicSecurity);
    let open = result("B", "u1", d(2024, 7, 11), no(), &["I1", "I3"]);
    let results = vec![withheld, open];

    let marked = public_results(&results, &w, false);
    let yearly = yearly_counts(2024, &[], &marked);
    assert_eq!(yearly.per_object.get("A"), Some(&1), "listed with its marker: the visit shows");
    assert_eq!(yearly.per_inspector.get("I2"), None, "its inspectors do not");
    assert_eq!(marked[0].outcome, no(), "nor what it found");

    let omitted = public_results(&results, &w, true);
    let yearly = yearly_counts(2024, &[], &omitted);
    assert_eq!(yearly.per_object.get("A"), None, "left out of the disclosure, left out of the counts");
    assert_eq!(yearly.per_object.get("B"), Some(&1));
    let quarter_plan =
        plan("changji-county", vec![task("u1", "A", true, &["I1", "I2"]), task("u1", "B", true, &["I1", "I3"])]);
    let registry = Registry::default();
    let completed = quarterly_stats(&omitted, &quarter_plan, &registry, &w).total.completed;
    assert_eq!(completed, 1, "the withheld visit is not counted as done either");
}
