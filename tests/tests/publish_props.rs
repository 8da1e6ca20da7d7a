#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Property: nothing that must stay private reaches a public output.
//!
//! Random results carry distinctive markers in their findings, in the check
//! items of confidential results, in inspector ids and names, and in the
//! names of confidential-only companies. Whatever the disclosure policy, the
//! JSON, CSV and HTML outputs never contain a findings marker, a
//! confidential record's items or inspectors, inspectors at all unless
//! names are allowed (and then never their ids), nor — when withheld
//! records are omitted — a confidential-only company.

use chrono::NaiveDate;
use proptest::prelude::*;
use shuangsuiji::model::{Category, Inspector, Registry, RegulatedObject};
use shuangsuiji::plan::{PlanFormat, QuarterPlan};
use shuangsuiji::publish::disclosure::{
    public_records, to_csv, to_html, to_json, DisclosurePolicy, Seal, WITHHELD_WORDING,
};
use shuangsuiji::publish::results::{ConfidentialGround, InspectionResult, Outcome, Wordings};

#[derive(Debug, Clone)]
struct Spec {
    confidential: Option<ConfidentialGround>,
    outcome: usize,
    day: u32,
    noise: String,
    inspectors: usize,
}

fn ground() -> impl Strategy<Value = Option<ConfidentialGround>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(ConfidentialGround::StateSecret)),
        1 => Just(Some(ConfidentialGround::NationalSecurity)),
        1 => Just(Some(ConfidentialGround::PublicSecurity)),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (ground(), 0usize..10, 1u32..=30, "[ -~，、“”<>&\"',\n]{0,12}", 1usize..=3).prop_map(
        |(confidential, outcome, day, noise, inspectors)| Spec { confidential, outcome, day, noise, inspectors },
    )
}

fn findings_marker(i: usize) -> String {
    format!("QZXFIND{i}Z")
}
fn item_marker(i: usize) -> String {
    format!("QZXITEM{i}Z")
}
fn inspector_id(i: usize, k: usize) -> String {
    format!("QZXIID{i}K{k}Z")
}
fn inspector_name(i: usize, k: usize) -> String {
    format!("QZXINAME{i}K{k}Z")
}
fn company_name(i: usize) -> String {
    format!("QZXCO{i}Z")
}

/// Builds records, registry and plan: record `i` is about its own object
/// `obj-i` (named `QZXCO{i}Z`) with its own inspectors.
fn build(specs: &[Spec]) -> (Vec<InspectionResult>, Registry, QuarterPlan) {
    let outcomes: Vec<Outcome> = Wordings::built_in().outcomes().collect();
    let mut results = Vec::new();
    let mut registry = Registry::default();
    for (i, s) in specs.iter().enumerate() {
        let mut o = RegulatedObject::new(format!("obj-{i}"), "u1", Category::General);
        o.name = company_name(i);
        registry.objects.push(o);
        let mut inspectors = Vec::new();
        for k in 0..s.inspectors {
            let mut insp = Inspector::officer(inspector_id(i, k), "u1", 10);
            insp.name = inspector_name(i, k);
            registry.inspectors.push(insp);
            inspectors.push(inspector_id(i, k));
        }
        let item = if s.confidential.is_some() { item_marker(i) } else { "污染防治设施运行情况".to_owned() };
        results.push(InspectionResult {
            object: format!("obj-{i}"),
            unit: "u1".into(),
            date: NaiveDate::from_ymd_opt(2024, 7, s.day).unwrap(),
            form: shuangsuiji::publish::results::Form::OnSite,
            items_checked: vec![item, format!("{}\"，<b>", s.noise)],
            findings: format!("{}{}{}", s.noise, findings_marker(i), s.noise),
            outcome: outcomes[s.outcome % outcomes.len()].clone(),
            confidential: s.confidential,
            penalty_decision: None,
            inspectors,
            late_reason: None,
        });
    }
    let plan = QuarterPlan {
        format: PlanFormat,
        policy: "changji-county".into(),
        assumptions: vec![],
        quarter: "2024Q3".parse().unwrap(),
        units: vec!["u1".into()],
        commitment: "x".into(),
        seed_rule: None,
        draw_date: None,
        late_reason: None,
        outside_window: None,
        month: None,
        seed: "s".into(),
        strata: vec![],
        tasks: vec![],
    };
    (results, registry, plan)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn nothing_private_is_published(
        specs in prop::collection::vec(spec(), 1..10),
        show_inspector_names in any::<bool>(),
        show_withheld_marker in any::<bool>(),
    ) {
        let (results, registry, plan) = build(&specs);
        let disclosure = DisclosurePolicy { show_inspector_names, show_withheld_marker };
        let records = public_records(&results, &plan, &registry, &Wordings::built_in(), &disclosure);
        let outputs = [
            ("json", to_json(&records, &Seal::of(&plan, None)).unwrap()),
            ("csv", to_csv(&records)),
            ("html", to_html(&records, "抽查结果公示", &Seal::of(&plan, None))),
        ];
        for (kind, out) in &outputs {
            for (i, s) in specs.iter().enumerate() {
                prop_assert!(!out.contains(&findings_marker(i)), "{kind}: findings of record {i} published");
                for k in 0..s.inspectors {
                    prop_assert!(!out.contains(&inspector_id(i, k)), "{kind}: inspector id published");
                    let name_allowed = show_inspector_names && s.confidential.is_none();
                    prop_assert_eq!(out.contains(&inspector_name(i, k)), name_allowed, "{}: inspector name of record {}", kind, i);
                }
                if s.confidential.is_some() {
                    prop_assert!(!out.contains(&item_marker(i)), "{kind}: items of confidential record {i}");
                    if !show_withheld_marker {
                        prop_assert!(!out.contains(&company_name(i)), "{kind}: omitted company {i} shown");
                        for end in ["\"", ",", "<"] {
                            prop_assert!(!out.contains(&format!("obj-{i}{end}")), "{kind}: omitted object {i} shown");
                        }
                    }
                } else {
                    prop_assert!(out.contains(&company_name(i)), "{kind}: public record {i} missing");
                }
            }
        }
        // The structured view: withheld lines carry only company, id, date and the marker wording.
        let expected = specs.iter().filter(|s| s.confidential.is_none() || show_withheld_marker).count();
        prop_assert_eq!(records.len(), expected);
        for r in &records {
            let i: usize = r.object.trim_start_matches("obj-").parse().unwrap();
            let s = &specs[i];
            prop_assert_eq!(r.withheld, s.confidential.is_some());
            if r.withheld {
                prop_assert_eq!(r.outcome.as_str(), WITHHELD_WORDING);
                prop_assert!(r.items.is_empty() && r.inspectors.is_empty());
            } else {
                prop_assert_eq!(r.outcome.as_str(), results[i].outcome.wording());
            }
        }
        // Sorted by date, then object.
        prop_assert!(records.windows(2).all(|w| (w[0].date, &w[0].object) <= (w[1].date, &w[1].object)));
    }

    #[test]
    fn csv_has_one_line_per_record_once_quotes_are_resolved(specs in prop::collection::vec(spec(), 0..8)) {
        let (results, registry, plan) = build(&specs);
        let records = public_records(&results, &plan, &registry, &Wordings::built_in(), &DisclosurePolicy::default());
        let csv = to_csv(&records);
        // Count record ends outside quotes.
        let mut in_quotes = false;
        let mut rows = 0;
        let mut prev = '\0';
        for c in csv.chars() {
            match c {
                '"' => in_quotes = !in_quotes,
                '\n' if !in_quotes && prev == '\r' => rows += 1,
                _ => {}
            }
            prev = c;
        }
        prop_assert!(!in_quotes);
        prop_assert_eq!(rows, records.len() + 1);
    }
}
