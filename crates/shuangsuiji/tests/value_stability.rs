//! Value stability (the reproducibility contract of docs/draw-algorithm.md):
//! these outputs must not change within a FORMAT_VERSION. A change here is
//! a breaking change recorded in CHANGELOG.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, Registry, RegulatedObject};
use shuangsuiji::plan::draw::{sample_order, sha256_hex};
use shuangsuiji::plan::{plan_quarter, Visit, FORMAT_VERSION};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules;

const SEED: &str = "20230101-7305981246";

fn hutubi_request() -> PlanRequest {
    let jurisdictions = vec![
        Jurisdiction { id: "changji".into(), name: "昌吉州".into(), level: Level::Prefecture, parent: None },
        Jurisdiction {
            id: "changji/hutubi".into(),
            name: "呼图壁县".into(),
            level: Level::County,
            parent: Some("changji".into()),
        },
    ];
    let objects =
        (1..=5).map(|i| RegulatedObject::new(format!("CJ-HTB-{i:05}"), "changji/hutubi", Category::Key)).collect();
    let inspectors = (1..=4).map(|i| Inspector::officer(format!("I-{i:02}"), "changji/hutubi", 10)).collect();
    PlanRequest {
        registry: Registry { jurisdictions, objects, inspectors },
        policy: rules::changji::county_or_park(),
        units: vec!["changji/hutubi".into()],
        quarter: "2023Q1".parse().unwrap(),
        history: vec![],
        targeted: vec![],
        campaigns: vec![],
        seed: SEED.into(),
    }
}

#[test]
fn stratum_vector_of_the_docs() {
    let seed = "20230101-7305981246|2023Q1|changji/hutubi|pollution|key";
    assert_eq!(sha256_hex(seed), "089dcddd9597e1dbfb2840c68b00fa5aed7b34e888f1d6e7a4b254f0b5ea7ab4");
    let order = sample_order(seed, (1..=5).map(|i| format!("CJ-HTB-{i:05}")));
    let got: Vec<(&str, String)> = order.iter().map(|d| (d.id.as_str(), d.ticket.decimal()[..24].to_owned())).collect();
    assert_eq!(
        got,
        [
            ("CJ-HTB-00003", "0.0247009137994742055656".to_owned()),
            ("CJ-HTB-00005", "0.1752026828640954353612".to_owned()),
            ("CJ-HTB-00001", "0.3870848376260333864133".to_owned()),
            ("CJ-HTB-00002", "0.4280748276956689234172".to_owned()),
            ("CJ-HTB-00004", "0.9055413600020890796050".to_owned()),
        ]
    );
}

#[test]
fn inspector_vector_of_the_docs() {
    let seed = "20230101-7305981246|2023Q1|changji/hutubi|inspectors|CJ-HTB-00003";
    let order: Vec<String> = sample_order(seed, ["I-01", "I-02", "I-03", "I-04"]).into_iter().map(|d| d.id).collect();
    assert_eq!(order, ["I-04", "I-02", "I-03", "I-01"]);
}

#[test]
fn plan_of_the_docs_example() {
    let plan = plan_quarter(&hutubi_request()).unwrap();
    assert_eq!(plan.format, FORMAT_VERSION);
    let key = &plan.strata[0];
    assert_eq!(key.seed_string, "20230101-7305981246|2023Q1|changji/hutubi|pollution|key");
    let drawn: Vec<(&str, u32)> = plan.tasks.iter().map(|t| (t.object.as_str(), t.month)).collect();
    // Months: ticket order under `…|months` is 00005 then 00003 → months 1, 2.
    assert_eq!(drawn, [("CJ-HTB-00005", 1), ("CJ-HTB-00003", 2)]);
    // The first task staffed (00005, month 1) takes the two best tickets of
    // its own inspector draw; 00003 then prefers the two unloaded officers.
    let teams: Vec<Vec<String>> = plan
        .tasks
        .iter()
        .map(|t| match &t.visit {
            Visit::Own { officers, .. } => officers.clone(),
            Visit::JointWithOtherLevel { .. } => panic!("no other level here"),
        })
        .collect();
    let all: std::collections::BTreeSet<&String> = teams.iter().flatten().collect();
    assert_eq!(all.len(), 4, "load balancing gives the second task the two officers left: {teams:?}");
}

#[test]
fn whole_plan_bytes_are_pinned() {
    let plan = plan_quarter(&hutubi_request()).unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(plan.input_digest, PINNED_INPUT_DIGEST, "input digest changed");
    assert_eq!(sha256_hex(&json), PINNED_PLAN_SHA256, "plan bytes changed:\n{json}");
}

const PINNED_INPUT_DIGEST: &str = "d80afa34ec894178846b139507b34c85a980597d78e9975c4a4da57921255c2c";
const PINNED_PLAN_SHA256: &str = "93eb4ccfd321db498e3298f6d119079490021a1ff76292e19424e904c777909a";
