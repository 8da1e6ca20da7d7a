//! JSON Schemas generated from the very types the readers deserialize
//! into, so they cannot drift from them: the files' schemas (`ssj schema`,
//! `docs/schema/`) and the service's OpenAPI components.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;
use shuangsuiji::model::Registry;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::rules::Policy;
use shuangsuiji::PlanRequest;

/// The file formats with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A plan request (`--request`, `ssj plan --save-request`).
    Request,
    /// A quarter's plan (`ssj plan --out`).
    Plan,
    /// A policy file (`--policy FILE.json`).
    Policy,
    /// A registry in JSON (`--registry FILE.json`).
    Registry,
}

impl Format {
    /// Every format, with its file name under `docs/schema/`.
    pub const ALL: [(Format, &'static str); 4] = [
        (Format::Request, "plan-request.schema.json"),
        (Format::Plan, "quarter-plan.schema.json"),
        (Format::Policy, "policy.schema.json"),
        (Format::Registry, "registry.schema.json"),
    ];
}

/// The schema of a file format, as JSON.
pub fn schema(format: Format) -> Value {
    let (schema, title) = match format {
        Format::Request => (schemars::schema_for!(PlanRequest), "shuangsuiji plan request"),
        Format::Plan => (schemars::schema_for!(QuarterPlan), "shuangsuiji quarter plan"),
        Format::Policy => (schemars::schema_for!(Policy), "shuangsuiji policy"),
        Format::Registry => (schemars::schema_for!(Registry), "shuangsuiji registry"),
    };
    let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
    as_the_readers_read(&mut value);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("title".into(), title.into());
    }
    value
}

/// Schemas for OpenAPI 3.1: each type's schema by reference, and every
/// definition under `#/components/schemas/`.
#[derive(Debug)]
pub struct Components {
    generator: schemars::SchemaGenerator,
}

impl Default for Components {
    fn default() -> Self {
        let settings = SchemaSettings::draft2020_12().with(|s| s.definitions_path = "#/components/schemas/".into());
        Components { generator: settings.into_generator() }
    }
}

impl Components {
    /// The schema of `T` (a `$ref` for a named type).
    pub fn schema_of<T: JsonSchema>(&mut self) -> Value {
        let mut value = serde_json::to_value(self.generator.subschema_for::<T>()).unwrap_or(Value::Null);
        as_the_readers_read(&mut value);
        value
    }

    /// Every definition referred to so far, by name.
    pub fn definitions(&mut self) -> serde_json::Map<String, Value> {
        let mut defs = self.generator.take_definitions(true);
        defs.values_mut().for_each(as_the_readers_read);
        defs
    }
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

/// A `oneOf` of string constants (a unit enum whose variants have docs)
/// becomes one `enum`, each value's doc a line of the description:
/// generators (Java, .NET, Python) make an enum type of an `enum`, and a
/// wrapper that matches several branches at once of a `oneOf` of
/// constants.
fn string_enum(map: &mut serde_json::Map<String, Value>) {
    let Some(Value::Array(variants)) = map.get("oneOf") else { return };
    let mut values = Vec::new();
    let mut docs = Vec::new();
    for variant in variants {
        let Some(v) = variant.as_object() else { return };
        if v.keys().any(|k| !matches!(k.as_str(), "const" | "enum" | "type" | "description")) {
            return;
        }
        if v.get("type").is_some_and(|t| t != "string") {
            return;
        }
        let consts: Vec<&str> = match (v.get("const"), v.get("enum")) {
            (Some(Value::String(c)), None) => vec![c],
            (None, Some(Value::Array(e))) => match e.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                Some(e) => e,
                None => return,
            },
            _ => return,
        };
        if let Some(doc) = v.get("description").and_then(Value::as_str) {
            let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
            docs.extend(consts.iter().map(|c| format!("- `{c}`: {doc}")));
        }
        values.extend(consts.into_iter().map(str::to_owned));
    }
    map.remove("oneOf");
    map.insert("type".into(), "string".into());
    map.insert("enum".into(), values.into());
    if !docs.is_empty() {
        let head = map.get("description").and_then(Value::as_str).unwrap_or_default();
        let description = if head.is_empty() { docs.join("\n") } else { format!("{head}\n\n{}", docs.join("\n")) };
        map.insert("description".into(), description.into());
    }
}

/// A date as the readers take it.
const DATE_PATTERN: &str = "^[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$";

/// Sets (`pools`, `recusals`, `expertise`…) are read into ordered sets, so
/// a repeated element is dropped, not refused: the schema says the same.
/// Dates get the readers' pattern; tagged enums a discriminator.
fn as_the_readers_read(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("uniqueItems");
            // Dates are read as chrono reads them: `2023-01-05` or
            // `2023-1-5`; the calendar (no 30 February) only the reader knows.
            if map.get("format").and_then(Value::as_str) == Some("date") {
                map.remove("format");
                map.insert("pattern".into(), DATE_PATTERN.into());
            }
            map.values_mut().for_each(as_the_readers_read);
            discriminate(map);
            string_enum(map);
        }
        Value::Array(items) => items.iter_mut().for_each(as_the_readers_read),
        _ => {}
    }
}
