#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The JSON Schemas are the readers': generated from the types they
//! deserialize into (`ssj schema`), committed under `docs/schema/` and
//! checked to be exactly what the code generates; every example and fixture
//! validates; and on a corpus of near-miss documents the schema (run by a
//! real JSON Schema validator) and the reader agree on every one.
//!
//! Bless changed schemas with `SSJ_BLESS_SCHEMAS=1 cargo test -p shuangsuiji-tests --test schemas`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use shuangsuiji::plan::{check_request, plan_quarter, QuarterPlan};
use shuangsuiji::rules::{self, Policy};
use shuangsuiji::{sample, PlanRequest};
use shuangsuiji_api::schema::{schema, Format as SchemaKind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    // Formats (dates) are checked, as the reader checks them.
    jsonschema::options().should_validate_formats(true).build(&schema(kind)).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for (kind, file) in SchemaKind::ALL {
        let path = root().join("docs/schema").join(file);
        let generated = serde_json::to_string_pretty(&schema(kind)).unwrap() + "\n";
        if std::env::var("SSJ_BLESS_SCHEMAS").is_ok() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} is not what `ssj schema` generates; bless it (see the top of this file)"
        );
    }
}

/// A small request, its plan, and the demo's.
fn request() -> PlanRequest {
    PlanRequest::new(
        sample::county(8, 4, 40, 6),
        rules::preset("changji-county").unwrap(),
        vec![sample::COUNTY.into()],
        "2023Q2".parse().unwrap(),
        "20230401",
    )
}

fn read(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

#[test]
fn every_example_and_fixture_validates() {
    let (req, plan) = (validator(SchemaKind::Request), validator(SchemaKind::Plan));
    let (pol, reg) = (validator(SchemaKind::Policy), validator(SchemaKind::Registry));
    let demo =
        shuangsuiji_tests::demo_request(rules::preset("changji-county").unwrap(), "2023Q1".parse().unwrap(), "7");
    let small = request();
    let mut docs: Vec<(String, &jsonschema::Validator, Value)> = vec![
        ("demo request".into(), &req, serde_json::to_value(&demo).unwrap()),
        ("demo plan".into(), &plan, serde_json::to_value(plan_quarter(&demo).unwrap()).unwrap()),
        ("small plan".into(), &plan, serde_json::to_value(plan_quarter(&small).unwrap()).unwrap()),
        ("demo registry".into(), &reg, serde_json::to_value(&demo.registry).unwrap()),
    ];
    for f in ["hand-written.request.json", "hand-written.seeded.request.json"] {
        docs.push((f.into(), &req, read(&format!("tests/data/commitment/{f}"))));
    }
    docs.push(("hand-written.plan.json".into(), &plan, read("tests/data/commitment/hand-written.plan.json")));
    for name in rules::preset_names() {
        if let Ok(p) = rules::preset(name) {
            docs.push((format!("preset {name}"), &pol, serde_json::to_value(&p).unwrap()));
        }
    }
    let toml = std::fs::read_to_string(root().join("docs/examples/fengdu-policy.toml")).unwrap();
    docs.push((
        "docs/examples/fengdu-policy.toml".into(),
        &pol,
        serde_json::to_value(Policy::from_toml(&toml).unwrap()).unwrap(),
    ));
    for (name, v, doc) in &docs {
        let e = errors(v, doc);
        assert!(e.is_empty(), "{name} does not validate: {e:#?}");
    }
}

/// The reader's verdict on a request: parsed and checked as `ssj` reads one.
fn reader_accepts_request(doc: &Value) -> bool {
    serde_json::from_value::<PlanRequest>(doc.clone()).is_ok_and(|r| check_request(&r).is_ok())
}

fn reader_accepts_plan(doc: &Value) -> bool {
    serde_json::from_value::<QuarterPlan>(doc.clone()).is_ok()
}

type Edit = fn(&mut Value);

/// Near misses of a good request: each is one edit away, on the shape or a
/// value's range — what a schema can say.
const REQUEST_NEAR_MISSES: &[(&str, Edit)] = &[
    ("percent with three decimals", |r| r["policy"]["rules"][0]["minimum"]["percent"] = json!(12.345)),
    ("percent with two decimals", |r| r["policy"]["rules"][0]["minimum"]["percent"] = json!(12.34)),
    ("percent above 100", |r| r["policy"]["rules"][0]["minimum"]["percent"] = json!(101)),
    ("percent negative", |r| r["policy"]["rules"][0]["minimum"]["percent"] = json!(-1)),
    ("percent as text", |r| r["policy"]["rules"][0]["minimum"]["percent"] = json!("25%")),
    ("quarter in lower case", |r| r["quarter"] = json!("2023q2")),
    ("quarter with a dash", |r| r["quarter"] = json!("2023-Q2")),
    ("quarter 5", |r| r["quarter"] = json!("2023Q5")),
    ("quarter with a leading zero", |r| r["quarter"] = json!("2023Q02")),
    ("quarter of year 99", |r| r["quarter"] = json!("99Q1")),
    ("blank seed", |r| r["seed"] = json!("")),
    // Found by schemathesis against `ssj serve`: serde takes a struct from a
    // list of its fields in order; the schema says an object.
    ("tags as a list", |r| r["registry"]["objects"][0]["tags"] = json!([null, null])),
    ("tags as an object", |r| r["registry"]["objects"][0]["tags"] = json!({ "industry": "化工" })),
    ("month 0", |r| r["month"] = json!(0)),
    ("month 13", |r| r["month"] = json!(13)),
    ("unknown top-level field", |r| r["extra"] = json!(true)),
    ("unknown object field", |r| r["registry"]["objects"][0]["colour"] = json!("red")),
    ("category in Chinese", |r| r["registry"]["objects"][0]["category"] = json!("重点")),
    ("unknown category", |r| r["registry"]["objects"][0]["category"] = json!("importantish")),
    ("role", |r| r["registry"]["inspectors"][0]["role"] = json!("boss")),
    ("capacity 0", |r| r["registry"]["inspectors"][0]["quarterly_capacity"] = json!(0)),
    ("capacity 10001", |r| r["registry"]["inspectors"][0]["quarterly_capacity"] = json!(10_001)),
    ("capacity 10000", |r| r["registry"]["inspectors"][0]["quarterly_capacity"] = json!(10_000)),
    ("blank object id", |r| r["registry"]["objects"][0]["id"] = json!("  ")),
    ("empty inspector name", |r| r["registry"]["inspectors"][0]["name"] = json!("")),
    ("id of 129 characters", |r| r["registry"]["objects"][0]["id"] = json!("X".repeat(129))),
    ("id of 128 characters", |r| r["registry"]["objects"][0]["id"] = json!("X".repeat(128))),
    ("format of another version", |r| r["format"] = json!("shuangsuiji.request/1")),
    ("seed rule without its announcement", |r| r["seed_rule"] = json!({"source": "dice", "digits": 20})),
    ("date with slashes", |r| r["policy"]["validity"]["from"] = json!("2023/01/01")),
    ("date in month 13", |r| r["policy"]["validity"]["from"] = json!("2023-13-01")),
    ("date without zero padding", |r| r["policy"]["validity"]["from"] = json!("2023-1-1")),
    ("unknown rounding", |r| r["policy"]["readings"]["rounding"] = json!("ceil")),
    ("minimum of an unknown kind", |r| r["policy"]["rules"][0]["minimum"]["kind"] = json!("percent")),
    ("units as a string", |r| r["units"] = json!("changji/hutubi")),
    ("missing registry", |r| {
        r.as_object_mut().unwrap().remove("registry");
    }),
];

/// Near misses of a good plan.
const PLAN_NEAR_MISSES: &[(&str, Edit)] = &[
    ("format", |p| p["format"] = json!("shuangsuiji.plan/9")),
    ("quarter", |p| p["quarter"] = json!("2023Q5")),
    ("missing tasks", |p| {
        p.as_object_mut().unwrap().remove("tasks");
    }),
    ("unknown field", |p| p["extra"] = json!(1)),
    ("mode", |p| p["tasks"][0]["mode"] = json!("onsite")),
    ("visit kind", |p| p["tasks"][0]["visit"]["kind"] = json!("team")),
    ("minimum kind", |p| p["strata"][0]["demands"][0]["minimum"]["kind"] = json!("percent")),
    ("percent type", |p| p["strata"][0]["demands"][0]["minimum"]["percent"] = json!("25%")),
    ("month as text", |p| p["tasks"][0]["month"] = json!("May")),
];

#[test]
fn the_schema_and_the_reader_agree_on_every_near_miss() {
    let base = serde_json::to_value(request()).unwrap();
    assert!(reader_accepts_request(&base));
    let v = validator(SchemaKind::Request);
    let mut disagreements = Vec::new();
    let mut refused = 0;
    for (what, edit) in REQUEST_NEAR_MISSES {
        let mut doc = base.clone();
        edit(&mut doc);
        let (schema, reader) = (v.is_valid(&doc), reader_accepts_request(&doc));
        refused += usize::from(!reader);
        if schema != reader {
            disagreements.push(format!("request, {what}: schema {schema}, reader {reader}: {:?}", errors(&v, &doc)));
        }
    }
    let plan = serde_json::to_value(plan_quarter(&request()).unwrap()).unwrap();
    let pv = validator(SchemaKind::Plan);
    for (what, edit) in PLAN_NEAR_MISSES {
        let mut doc = plan.clone();
        edit(&mut doc);
        let (schema, reader) = (pv.is_valid(&doc), reader_accepts_plan(&doc));
        refused += usize::from(!reader);
        if schema != reader {
            disagreements.push(format!("plan, {what}: schema {schema}, reader {reader}: {:?}", errors(&pv, &doc)));
        }
    }
    assert!(refused >= 25, "the corpus is made of near misses: {refused} refused");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// What spans records is beyond a schema: these documents validate, and
/// the reader refuses them (docs/json-format.md says so).
#[test]
fn what_spans_records_only_the_reader_checks() {
    let base = serde_json::to_value(request()).unwrap();
    let v = validator(SchemaKind::Request);
    let cases: &[(&str, Edit)] = &[
        ("duplicate object id", |r| {
            let first = r["registry"]["objects"][0].clone();
            r["registry"]["objects"].as_array_mut().unwrap().push(first);
        }),
        ("dangling jurisdiction", |r| r["registry"]["objects"][0]["jurisdiction"] = json!("nowhere")),
        ("month outside the quarter", |r| r["month"] = json!(1)),
        ("quarter outside the policy", |r| r["quarter"] = json!("2025Q1")),
        ("a day the calendar lacks", |r| r["policy"]["validity"]["from"] = json!("2023-02-30")),
    ];
    for (what, edit) in cases {
        let mut doc = base.clone();
        edit(&mut doc);
        assert!(v.is_valid(&doc), "{what}: {:?}", errors(&v, &doc));
        assert!(!reader_accepts_request(&doc), "{what}");
    }
}

#[test]
fn an_error_inside_a_tagged_variant_names_the_field_not_every_variant() {
    let v = validator(SchemaKind::Request);
    let mut doc = serde_json::to_value(request()).unwrap();
    doc["policy"]["rules"][0]["minimum"]["percent"] = json!(12.345);
    let e = errors(&v, &doc);
    assert!(!e.is_empty());
    assert!(e.iter().all(|m| !m.contains("oneOf") && !m.contains("any of")), "{e:#?}");
    assert!(e.iter().any(|m| m.contains("12.345") && m.contains("/policy/rules/0/minimum/percent")), "{e:#?}");
    doc["policy"]["rules"][0]["minimum"]["kind"] = json!("percent");
    let e = errors(&v, &doc);
    assert!(e.iter().any(|m| m.contains("\"percent\"") && m.ends_with("/policy/rules/0/minimum/kind")), "{e:#?}");
}
