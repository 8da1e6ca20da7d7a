//! The OpenAPI 3.1 description of the service, served at `/openapi.json`:
//! the operations from the one table every front end shares
//! ([`OPERATIONS`]), the service's own two beside them ([`SERVICE`]),
//! every schema generated from the types the handlers read and write —
//! the same schemas as `ssj schema` and `docs/schema/`.

use serde_json::{json, Map, Value};
use shuangsuiji_api::operations::{Operation, Tag, OPERATIONS};
use shuangsuiji_api::schema::Components;

use crate::bodies::{Health, Problem};

/// One endpoint of the service's own (not an operation of the library).
#[derive(Debug, Clone, Copy)]
pub struct ServiceEndpoint {
    /// Its operationId.
    pub id: &'static str,
    /// The path.
    pub path: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    answer: fn(&mut Components) -> Value,
}

/// The service's own endpoints, both `GET`.
pub const SERVICE: &[ServiceEndpoint] = &[
    ServiceEndpoint {
        id: "openapi",
        path: "/openapi.json",
        summary: "This description.",
        answer: |_| json!({ "type": "object" }),
    },
    ServiceEndpoint {
        id: "health",
        path: "/health",
        summary: "Liveness, the version and the formats.",
        answer: |c| c.schema_of::<Health>(),
    },
];

/// Every path and method the service answers: the operations' and its own.
pub fn routes() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPERATIONS.iter().map(|o| (o.method, o.path)).chain(SERVICE.iter().map(|e| ("get", e.path)))
}

/// The tags, in the order the description lists them, with what each holds.
const TAGS: [(Tag, &str); 4] = [
    (Tag::Planning, "Drawing a quarter's plan and what leads to it: quotas, the commitment."),
    (Tag::Audit, "Checking a plan or an amendment log as an auditor would."),
    (Tag::Analysis, "Staffing, simulation, comparison of policies, the year's agenda."),
    (Tag::Rules, "The built-in policies, every number with its clause."),
];

/// The whole description.
pub fn document() -> Value {
    let mut components = Components::default();
    let problem = components.schema_of::<Problem>();
    let mut paths = Map::new();
    for o in OPERATIONS {
        let op = operation(o, &mut components, &problem);
        insert(&mut paths, o.path, o.method, op);
    }
    for e in SERVICE {
        let responses = json!({ "200": content("the document", (e.answer)(&mut components)) });
        let op = json!({ "operationId": e.id, "tags": ["service"], "summary": e.summary, "responses": responses });
        insert(&mut paths, e.path, "get", op);
    }
    let mut tags: Vec<Value> = TAGS.iter().map(|(t, what)| json!({ "name": t.name(), "description": what })).collect();
    tags.push(json!({ "name": "service", "description": "The service itself: its description and its health." }));
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "shuangsuiji — double random, one public (双随机、一公开) inspection plans",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every body member is the document the CLI reads from a file; every answer the document it writes.",
        },
        "tags": tags,
        "paths": paths,
        "components": { "schemas": named_variants(components.definitions()) },
    })
}

fn content(what: &str, schema: Value) -> Value {
    json!({ "description": what, "content": { "application/json": { "schema": schema } } })
}

fn insert(paths: &mut Map<String, Value>, path: &str, method: &str, op: Value) {
    if let Value::Object(methods) = paths.entry(path.to_owned()).or_insert_with(|| json!({})) {
        methods.insert(method.into(), op);
    }
}

/// One operation: its id, tag, words, body (with an example where the demo
/// makes one) and every answer it can give.
fn operation(o: &Operation, components: &mut Components, problem: &Value) -> Value {
    let mut responses = Map::new();
    responses.insert("200".into(), content("the document", (o.answer)(components)));
    let mut op = Map::new();
    op.insert("operationId".into(), o.id.into());
    op.insert("tags".into(), json!([o.tag.name()]));
    op.insert("summary".into(), o.summary.into());
    op.insert("description".into(), format!("As `{}`.", o.cli).into());
    if o.path.contains("{id}") {
        let example = "changji-county";
        op.insert(
            "parameters".into(),
            json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "example": example }]),
        );
        responses.insert("404".into(), content("no such preset", problem.clone()));
        responses.insert("422".into(), content("a preset that needs more to be a policy", problem.clone()));
    }
    if let Some(body) = o.body {
        let mut media = Map::new();
        media.insert("schema".into(), body(components));
        if let Some(example) = shuangsuiji_api::operations::example(o.id) {
            media.insert("example".into(), example);
        }
        op.insert("requestBody".into(), json!({ "required": true, "content": { "application/json": media } }));
        let refusals = [
            ("400", "bad input, in the CLI's words (its exit 2)"),
            ("408", "the request took longer than the service's limit"),
            ("413", "the body is larger than the service's limit"),
            ("415", "the body is not declared as JSON"),
            ("500", "the service failed (kind `internal`)"),
        ];
        for (status, what) in refusals {
            responses.insert(status.into(), content(what, problem.clone()));
        }
        if o.answers_no {
            responses.insert("422".into(), content("a domain no, in the CLI's words (its exit 1)", problem.clone()));
        }
    }
    op.insert("responses".into(), Value::Object(responses));
    Value::Object(op)
}

/// The inline object of each variant of an externally tagged enum
/// (`{"move_task": {…}}`) moved to a schema of its own, named after the
/// enum and the variant (`AmendmentKindMoveTask`): generators name a type
/// per schema, and give inline ones names that collide.
fn named_variants(mut schemas: Map<String, Value>) -> Map<String, Value> {
    let taken: std::collections::BTreeSet<String> = schemas.keys().cloned().collect();
    let mut named = Map::new();
    for (name, schema) in &mut schemas {
        let Some(Value::Array(branches)) = schema.get_mut("oneOf") else { continue };
        for branch in branches {
            let Some(Value::Object(properties)) = branch.get_mut("properties") else { continue };
            if properties.len() != 1 {
                continue;
            }
            for (variant, inner) in properties.iter_mut() {
                if inner.get("type").and_then(Value::as_str) != Some("object") || inner.get("properties").is_none() {
                    continue;
                }
                let type_name = format!("{name}{}", pascal(variant));
                // A type of that name exists already: the variant stays inline.
                if taken.contains(&type_name) || named.contains_key(&type_name) {
                    continue;
                }
                let moved = std::mem::replace(inner, json!({ "$ref": format!("#/components/schemas/{type_name}") }));
                named.insert(type_name, moved);
            }
        }
    }
    schemas.extend(named);
    schemas
}

/// `move_task` → `MoveTask`.
fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}
