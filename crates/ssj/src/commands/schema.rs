//! `ssj schema`: the JSON Schema of a file format, generated from the very
//! types the readers deserialize into, so it cannot drift from them.

use clap::{Args, ValueEnum};
use serde_json::Value;
use shuangsuiji::model::Registry;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::rules::Policy;
use shuangsuiji::PlanRequest;

use crate::output::{emit, to_json, CliError};

/// The formats with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A plan request (`--request`, `ssj plan --save-request`).
    Request,
    /// A quarter's plan (`ssj plan --out`).
    Plan,
    /// A policy file (`--policy FILE.json`).
    Policy,
    /// A registry in JSON (`--registry FILE.json`).
    Registry,
}

impl SchemaKind {
    /// Every kind, with its file name under `docs/schema/`.
    pub const ALL: [(SchemaKind, &'static str); 4] = [
        (SchemaKind::Request, "plan-request.schema.json"),
        (SchemaKind::Plan, "quarter-plan.schema.json"),
        (SchemaKind::Policy, "policy.schema.json"),
        (SchemaKind::Registry, "registry.schema.json"),
    ];
}

/// `ssj schema`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj schema request > plan-request.schema.json
  ssj schema plan

The schema checks a document's shape and each value's range; what spans records (duplicate ids, references to unknown jurisdictions, a month outside the quarter) only the readers check.")]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// The schema of `kind`, as JSON.
pub fn schema(kind: SchemaKind) -> Value {
    let (schema, title) = match kind {
        SchemaKind::Request => (schemars::schema_for!(PlanRequest), "shuangsuiji plan request"),
        SchemaKind::Plan => (schemars::schema_for!(QuarterPlan), "shuangsuiji quarter plan"),
        SchemaKind::Policy => (schemars::schema_for!(Policy), "shuangsuiji policy"),
        SchemaKind::Registry => (schemars::schema_for!(Registry), "shuangsuiji registry"),
    };
    let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
    allow_repeats(&mut value);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), title.into());
    }
    value
}

/// A `oneOf` of objects told apart by one property's constant (a tagged
/// enum such as `Minimum` with `kind`) becomes an `if`/`then` per variant
/// under an `enum` of the tags: a document with a known tag is checked
/// against its variant only, so an error names what is wrong in it, not
/// "not valid under any of the schemas"; an unknown tag is named as such.
/// The OpenAPI `discriminator` annotation is kept for generators.
fn discriminate(map: &mut serde_json::Map<String, Value>) {
    let Some(Value::Array(variants)) = map.get("oneOf") else { return };
    let tag_of = |v: &Value, key: &str| v.get("properties")?.get(key)?.get("const")?.as_str().map(str::to_owned);
    let Some(key) = ["kind", "source"].into_iter().find(|k| variants.iter().all(|v| tag_of(v, k).is_some())) else {
        return;
    };
    let tags: Vec<String> = variants.iter().filter_map(|v| tag_of(v, key)).collect();
    let branches: Vec<Value> = variants
        .iter()
        .zip(&tags)
        .map(|(v, tag)| serde_json::json!({ "if": { "properties": { key: { "const": tag } } }, "then": v }))
        .collect();
    map.remove("oneOf");
    map.insert("type".into(), "object".into());
    map.insert("required".into(), serde_json::json!([key]));
    map.insert("properties".into(), serde_json::json!({ key: { "enum": tags } }));
    map.insert("allOf".into(), Value::Array(branches));
    map.insert("discriminator".into(), serde_json::json!({ "propertyName": key }));
}

/// A date as the readers take it.
const DATE_PATTERN: &str = "^[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$";

/// Sets (`pools`, `recusals`, `expertise`…) are read into ordered sets, so
/// a repeated element is dropped, not refused: the schema says the same.
/// Dates get the readers' pattern.
fn allow_repeats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("uniqueItems");
            // Dates are read as chrono reads them: `2023-01-05` or
            // `2023-1-5`; the calendar (no 30 February) only the reader knows.
            if map.get("format").and_then(Value::as_str) == Some("date") {
                map.remove("format");
                map.insert("pattern".into(), DATE_PATTERN.into());
            }
            map.values_mut().for_each(allow_repeats);
            discriminate(map);
        }
        Value::Array(items) => items.iter_mut().for_each(allow_repeats),
        _ => {}
    }
}

/// Runs `ssj schema`.
///
/// # Errors
/// [`CliError`] only when standard output fails.
pub fn run(args: SchemaArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    emit(out, &to_json(&schema(args.kind))?)
}
