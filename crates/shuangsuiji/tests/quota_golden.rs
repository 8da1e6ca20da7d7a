//! Golden quota cases: each `tests/data/quota/*.json` file is a registry, a
//! policy, a quarter, the year's history and the expected lines, with the
//! arithmetic worked by hand in its `why` field. One helper, [`check`], runs
//! them all.
//!
//! A case file:
//!
//! ```json
//! {
//!   "why": "the arithmetic, by hand",
//!   "policy": "changji-county",
//!   "quarter": "2023Q1",
//!   "units": ["hutubi"],
//!   "registry": {
//!     "jurisdictions": [ … Registry's own shape … ],
//!     "objects": [ … explicit RegulatedObjects … ],
//!     "inspectors": [ … explicit Inspectors … ],
//!     "object_groups": [{"prefix": "K", "count": 40, "jurisdiction": "hutubi", "category": "key"}],
//!     "officer_groups": [{"prefix": "I", "count": 9, "jurisdiction": "hutubi"}]
//!   },
//!   "history": [ … explicit Inspections … ],
//!   "history_groups": [{"prefix": "G", "from": 0, "count": 23, "by": "hutubi", "date": "2023-02-15"}],
//!   "expected": [{"stratum": "hutubi/pollution/key", "eligible": 40, "required": 10}]
//! }
//! ```
//!
//! * `policy` is a preset name, or `{"preset": name, "modifiers_from": name,
//!   "validity": {…}, "readings": {…}, "modifiers": [...]}` (a preset with
//!   changes), or `{"inline": {…a whole Policy…}}`.
//! * A group expands to `count` records with ids `{prefix}{i:03}` for `i` in
//!   `from..from + count` (`from` defaults to 0); every other field of the
//!   group is copied into each record. Officer groups default to
//!   `role = officer` and `quarterly_capacity = 30`.
//! * `expected` lists every line (no more, no fewer); a line may also give
//!   `inspected_this_year`. Instead of `expected`, `error` gives a substring
//!   of the expected error message.
//! * `same_without_modifiers: true` also checks that removing the policy's
//!   modifiers changes no line.

// Test code: the workspace allows these in tests (clippy.toml), but clippy only
// knows #[test] functions, not the helpers of an integration test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use shuangsuiji::model::{DateRange, Inspection, Quarter, Registry};
use shuangsuiji::plan::quota::{quarter_quotas, QuotaLine};
use shuangsuiji::request::QuotaInput;
use shuangsuiji::rules::{self, Modifier, Policy, Readings};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/quota")
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object().unwrap_or_else(|| panic!("{what} must be a JSON object, got {v}"))
}

/// Expands `{"prefix", "count", "from", …fields}` into records keyed by `id_field`.
fn expand(groups: Option<&Value>, id_field: &str, defaults: &[(&str, Value)], extra_name: bool) -> Vec<Value> {
    let mut out = Vec::new();
    for group in groups.and_then(Value::as_array).into_iter().flatten() {
        let mut g = obj(group, "a group").clone();
        let prefix = g.remove("prefix").and_then(|p| p.as_str().map(str::to_owned)).expect("group needs a prefix");
        let count = g.remove("count").and_then(|c| c.as_u64()).expect("group needs a count");
        let from = g.remove("from").and_then(|c| c.as_u64()).unwrap_or(0);
        for (k, v) in defaults {
            g.entry((*k).to_owned()).or_insert_with(|| v.clone());
        }
        for i in from..from + count {
            let id = format!("{prefix}{i:03}");
            let mut record = g.clone();
            record.insert(id_field.to_owned(), Value::String(id.clone()));
            if extra_name {
                record.entry("name".to_owned()).or_insert(Value::String(id));
            }
            out.push(Value::Object(record));
        }
    }
    out
}

fn registry_of(v: &Value) -> Registry {
    let mut r = obj(v, "registry").clone();
    let object_groups = r.remove("object_groups");
    let officer_groups = r.remove("officer_groups");
    let mut objects: Vec<Value> = r.remove("objects").and_then(|o| o.as_array().cloned()).unwrap_or_default();
    objects.extend(expand(object_groups.as_ref(), "id", &[], true));
    let mut inspectors: Vec<Value> = r.remove("inspectors").and_then(|o| o.as_array().cloned()).unwrap_or_default();
    inspectors.extend(expand(
        officer_groups.as_ref(),
        "id",
        &[("role", Value::from("officer")), ("quarterly_capacity", Value::from(30))],
        true,
    ));
    r.insert("objects".into(), Value::Array(objects));
    r.insert("inspectors".into(), Value::Array(inspectors));
    serde_json::from_value(Value::Object(r)).unwrap_or_else(|e| panic!("registry: {e}"))
}

fn history_of(case: &Map<String, Value>) -> Vec<Inspection> {
    let mut records: Vec<Value> = case.get("history").and_then(|h| h.as_array().cloned()).unwrap_or_default();
    records.extend(expand(case.get("history_groups"), "object", &[("kind", Value::from("random"))], false));
    serde_json::from_value(Value::Array(records)).unwrap_or_else(|e| panic!("history: {e}"))
}

fn preset(name: &Value) -> Policy {
    let name = name.as_str().unwrap_or_else(|| panic!("preset name must be a string, got {name}"));
    rules::preset(name).unwrap_or_else(|e| panic!("preset `{name}`: {e}"))
}

fn policy_of(v: &Value) -> Policy {
    if v.is_string() {
        return preset(v);
    }
    let spec = obj(v, "policy");
    if let Some(inline) = spec.get("inline") {
        return Policy::from_json(&inline.to_string()).unwrap_or_else(|e| panic!("inline policy: {e:?}"));
    }
    let mut policy = preset(spec.get("preset").expect("policy needs `preset` or `inline`"));
    for (key, value) in spec {
        match key.as_str() {
            "preset" => {}
            "modifiers_from" => policy = policy.with_modifiers_of(&preset(value)),
            "validity" => policy.validity = serde_json::from_value::<DateRange>(value.clone()).unwrap(),
            "readings" => policy.readings = serde_json::from_value::<Readings>(value.clone()).unwrap(),
            "modifiers" => policy.modifiers.extend(serde_json::from_value::<Vec<Modifier>>(value.clone()).unwrap()),
            other => panic!("unknown policy key `{other}`"),
        }
    }
    policy.validate().unwrap_or_else(|e| panic!("case policy is invalid: {e:?}"));
    policy
}

/// stratum → (eligible, required, inspected_this_year)
fn summary(lines: &[QuotaLine]) -> BTreeMap<String, (u64, u64, u64)> {
    let mut map = BTreeMap::new();
    for l in lines {
        let previous = map.insert(l.stratum.to_string(), (l.eligible, l.required, l.inspected_this_year));
        assert!(previous.is_none(), "stratum {} appears twice", l.stratum);
    }
    map
}

/// Runs one case file and compares every line.
fn check(case_file: &str) {
    let path = data_dir().join(case_file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let case_value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case_file}: {e}"));
    let case = obj(&case_value, "case");
    let why = case.get("why").and_then(Value::as_str).unwrap_or_default();
    assert!(!why.trim().is_empty(), "{case_file}: every case explains its arithmetic in `why`");

    let policy = policy_of(case.get("policy").expect("case needs `policy`"));
    let registry = registry_of(case.get("registry").expect("case needs `registry`"));
    let quarter: Quarter = serde_json::from_value(case.get("quarter").cloned().expect("case needs `quarter`")).unwrap();
    let units: Vec<String> = serde_json::from_value(case.get("units").cloned().expect("case needs `units`")).unwrap();
    let history = history_of(case);

    let result = quarter_quotas(&QuotaInput::new(&policy, &registry, quarter, &history, &units));
    if let Some(error) = case.get("error") {
        let want = error.as_str().unwrap();
        let got = result.err().unwrap_or_else(|| panic!("{case_file}: expected an error containing `{want}`"));
        let shown = format!("{got} / {got:?}");
        assert!(shown.contains(want), "{case_file}: error `{shown}` does not contain `{want}`");
        return;
    }
    let lines = result.unwrap_or_else(|e| panic!("{case_file}: {e}"));
    let actual = summary(&lines);

    let mut expected = BTreeMap::new();
    let mut check_inspected = BTreeMap::new();
    for line in case.get("expected").and_then(Value::as_array).expect("case needs `expected` or `error`") {
        let l = obj(line, "expected line");
        let stratum = l["stratum"].as_str().unwrap().to_owned();
        let eligible = l["eligible"].as_u64().unwrap();
        let required = l["required"].as_u64().unwrap();
        if let Some(done) = l.get("inspected_this_year").and_then(Value::as_u64) {
            check_inspected.insert(stratum.clone(), done);
        }
        assert!(expected.insert(stratum.clone(), (eligible, required)).is_none(), "{case_file}: {stratum} twice");
    }
    let actual_short: BTreeMap<String, (u64, u64)> =
        actual.iter().map(|(k, (e, r, _))| (k.clone(), (*e, *r))).collect();
    assert_eq!(
        actual_short, expected,
        "{case_file}: lines differ (stratum → (eligible, required)); the case says: {why}\nfull lines: {lines:#?}"
    );
    for (stratum, done) in check_inspected {
        assert_eq!(actual[&stratum].2, done, "{case_file}: {stratum} inspected_this_year");
    }
    for line in &lines {
        assert!(line.required <= line.eligible, "{case_file}: {} requires more than eligible", line.stratum);
    }

    if case.get("same_without_modifiers").and_then(Value::as_bool) == Some(true) {
        assert!(!policy.modifiers.is_empty(), "{case_file}: same_without_modifiers on a policy without modifiers");
        let mut bare = policy.clone();
        bare.modifiers.clear();
        let bare_lines = quarter_quotas(&QuotaInput::new(&bare, &registry, quarter, &history, &units)).unwrap();
        assert_eq!(summary(&bare_lines), actual, "{case_file}: the modifiers changed a quota");
    }
}

macro_rules! cases {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        const CASE_FILES: &[&str] = &[$($file),*];
    };
}

cases! {
    changji_prefecture_q1 => "changji-prefecture-q1.json",
    changji_prefecture_q3_counts_county_inspections => "changji-prefecture-q3-mutual.json",
    changji_county_q1 => "changji-county-q1.json",
    changji_county_q2 => "changji-county-q2.json",
    changji_county_q3 => "changji-county-q3.json",
    changji_county_q4 => "changji-county-q4.json",
    changji_county_q3_key_coverage_behind => "changji-county-q3-key-behind.json",
    changji_county_two_units => "changji-county-two-units.json",
    changji_county_out_of_validity => "changji-county-2024-out-of-validity.json",
    changji_hitech_q1_statuses_and_roles => "changji-hitech-q1.json",
    fengdu_example_q1 => "fengdu-example-q1.json",
    fengdu_example_q3 => "fengdu-example-q3.json",
    wangcheng_year_reading_q1 => "wangcheng-2022q1.json",
    wangcheng_quarterly_q1 => "wangcheng-quarterly-2022q1.json",
    wangcheng_q3_pools_counted_separately => "wangcheng-2022q3-pools.json",
    zhongwei_credit_downgrade_in_force => "zhongwei-credit-downgrade-2020q2.json",
    zhongwei_credit_downgrade_out_of_force => "zhongwei-credit-downgrade-2020q4.json",
    zhongwei_positive_list_changes_no_quota => "zhongwei-positive-list-2020q2.json",
    risk_tier_creates_tier_strata => "risk-tier-2023q1.json",
    set_aside_excludes_other_level_visits => "set-aside-2023q2.json",
    mutual_recognition_counts_other_levels => "mutual-recognition-2023q3.json",
    set_aside_counts_only_own_inspections => "set-aside-2023q3.json",
}

#[test]
fn every_case_file_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASE_FILES.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/data/quota/*.json and the cases! list differ");
}
