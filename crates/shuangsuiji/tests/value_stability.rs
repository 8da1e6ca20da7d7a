//! Value stability (the reproducibility contract of docs/draw-algorithm.md):
//! these outputs must not change within a FORMAT_VERSION. A change here is
//! a breaking change recorded in CHANGELOG.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, Registry, RegulatedObject};
use shuangsuiji::plan::draw::{sample_order, sha256_hex, TeamTickets};
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
    PlanRequest::new(
        Registry { jurisdictions, objects, inspectors },
        rules::preset("changji-county").unwrap(),
        vec!["changji/hutubi".into()],
        "2023Q1".parse().unwrap(),
        SEED,
    )
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
    // Team tickets (plan/3): SipHash-2-4 keyed by the seed string's SHA-256;
    // the same values as tests/reference/draw_record_check.py computes.
    let tickets = TeamTickets::new("20230101-7305981246|2023Q1|changji/hutubi|inspectors|CJ-HTB-00003");
    let got: Vec<String> =
        ["I-01", "I-02", "I-03", "I-04"].iter().map(|i| format!("{:016x}", tickets.ticket(i))).collect();
    assert_eq!(got, ["8f950eacfafc8c93", "eb4efc6d08c93097", "f44f0788966ead8e", "dd218ecf0b74cbdb"]);
    assert_eq!(team_order("CJ-HTB-00003"), ["I-01", "I-04", "I-02", "I-03"]);
}

/// The unit's four officers in the order a task for `object` offers them
/// its visit (nobody was on a previous visit here).
fn team_order(object: &str) -> Vec<&'static str> {
    let tickets = TeamTickets::new(&format!("{SEED}|2023Q1|changji/hutubi|inspectors|{object}"));
    let mut order = vec!["I-01", "I-02", "I-03", "I-04"];
    order.sort_by_key(|id| (tickets.ticket(id), *id));
    order
}

#[test]
fn plan_of_the_docs_example() {
    let plan = plan_quarter(&hutubi_request()).unwrap();
    assert_eq!(plan.format.to_string(), FORMAT_VERSION);
    let key = &plan.strata[0];
    assert_eq!(key.seed_string, "20230101-7305981246|2023Q1|changji/hutubi|pollution|key");
    let drawn: Vec<(&str, u32)> = plan.tasks.iter().map(|t| (t.object.as_str(), t.month)).collect();
    // Months: ticket order under `…|months` is 00005 then 00003 → months 1, 2.
    assert_eq!(drawn, [("CJ-HTB-00005", 1), ("CJ-HTB-00003", 2)]);
    // Each task takes the two best team tickets of its own inspector draw
    // (`…|inspectors|<object>`), whatever the other tasks: for 00003 the
    // order is I-01, I-04, I-02, I-03 (`inspector_vector_of_the_docs`).
    for t in &plan.tasks {
        let Visit::Own { officers, .. } = &t.visit else { panic!("no other level here") };
        let mut best = team_order(&t.object)[..2].to_vec();
        best.sort();
        assert_eq!(officers, &best, "{}", t.object);
    }
    let team_of_00003 = plan.tasks.iter().find(|t| t.object == "CJ-HTB-00003").unwrap().officers().to_vec();
    assert_eq!(team_of_00003, ["I-01", "I-04"]);
}

#[test]
fn whole_plan_bytes_are_pinned() {
    let plan = plan_quarter(&hutubi_request()).unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(plan.commitment, PINNED_COMMITMENT, "commitment changed");
    assert_eq!(sha256_hex(&json), PINNED_PLAN_SHA256, "plan bytes changed:\n{json}");
}

const PINNED_COMMITMENT: &str = "ffff6b298f7c687f633172253d448084d9f1f043f1bf95bfd27e976f4ba3bd0f";
const PINNED_PLAN_SHA256: &str = "8678be3da6874d0c998f7eda1c7861184a0042c119f8570b7cd7075c6f7dda84";
