//! The OpenAPI 3.1 description of the service, served at `/openapi.json`:
//! the paths from one table ([`ENDPOINTS`], checked against the router by
//! the tests), every schema generated from the types the handlers read and
//! write — the same schemas as `ssj schema` and `docs/schema/`.

use serde_json::{json, Map, Value};
use shuangsuiji::analysis::compare::Comparison;
use shuangsuiji::analysis::simulate::Simulation;
use shuangsuiji::analysis::staffing::Staffing;
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::plan::quota::QuotaLine;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::agenda::Agenda;
use shuangsuiji::rules::Policy;
use shuangsuiji::ComplianceReport;
use shuangsuiji_api::schema::Components;
use shuangsuiji_api::PresetSummary;

use crate::bodies::{
    AgendaBody, CheckBody, CommitBody, CompareBody, Health, PlanBody, Problem, QuotasBody, SimulateBody, StaffingBody,
    Verified, VerifyBody,
};

/// One endpoint as documented.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// `get` or `post`.
    pub method: &'static str,
    /// The path, parameters in braces.
    pub path: &'static str,
    /// What it does, in one line.
    pub summary: &'static str,
    /// The CLI command it answers as.
    pub cli: &'static str,
    body: Option<fn(&mut Components) -> Value>,
    answer: fn(&mut Components) -> Value,
}

/// Every endpoint of the service.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "post",
        path: "/v2/plan",
        summary: "Draw a quarter's plan; the answer is byte for byte the plan.json the CLI writes.",
        cli: "ssj plan --request request.json [--commitment c.json] --out plan.json",
        body: Some(|c| c.schema_of::<PlanBody>()),
        answer: |c| c.schema_of::<QuarterPlan>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/check",
        summary: "Check a plan against its request, independently of the planner (422 lists the breaches).",
        cli: "ssj check --plan plan.json --request request.json --format json",
        body: Some(|c| c.schema_of::<CheckBody>()),
        answer: |c| c.schema_of::<ComplianceReport>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/verify",
        summary: "Re-draw from the request and compare: a plan, or an amendment log against its published head.",
        cli: "ssj verify --plan plan.json --request request.json [--commitment c.json]",
        body: Some(|c| c.schema_of::<VerifyBody>()),
        answer: |c| c.schema_of::<Verified>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/quotas",
        summary: "The quarter's minimum per stratum, without drawing.",
        cli: "ssj quotas --request request.json --format json",
        body: Some(|c| c.schema_of::<QuotasBody>()),
        answer: |c| c.schema_of::<Vec<QuotaLine>>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/commit",
        summary: "Freeze everything that decides the plan, before the seed exists; publish the answer.",
        cli: "ssj commit --request request.json --authority … --date … --seed-source … --out commitment.json",
        body: Some(|c| c.schema_of::<CommitBody>()),
        answer: |c| c.schema_of::<Commitment>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/staffing",
        summary: "The least number of officers per unit for which the year plans, found by planning.",
        cli: "ssj staffing --request request.json --capacity N --format json",
        body: Some(|c| c.schema_of::<StaffingBody>()),
        answer: |c| c.schema_of::<Staffing>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/agenda",
        summary: "The year's duties of the policy's documents, done, due, overdue or upcoming on a day.",
        cli: "ssj agenda --year-dir year --today 2023-11-20 --format json",
        body: Some(|c| c.schema_of::<AgendaBody>()),
        answer: |c| c.schema_of::<Agenda>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/simulate",
        summary: "A regime over years and seeds: coverage, disturbance, officers' load.",
        cli: "ssj simulate --request request.json --years Y --seeds S --format json",
        body: Some(|c| c.schema_of::<SimulateBody>()),
        answer: |c| c.schema_of::<Simulation>(),
    },
    Endpoint {
        method: "post",
        path: "/v2/compare",
        summary: "Several policies on one registry side by side.",
        cli: "ssj compare --registry … --policies a,b --format json",
        body: Some(|c| c.schema_of::<CompareBody>()),
        answer: |c| c.schema_of::<Vec<Comparison>>(),
    },
    Endpoint {
        method: "get",
        path: "/v2/presets",
        summary: "The built-in policies.",
        cli: "ssj rules --format json",
        body: None,
        answer: |c| c.schema_of::<Vec<PresetSummary>>(),
    },
    Endpoint {
        method: "get",
        path: "/v2/presets/{id}",
        summary: "One built-in policy, every number with its clause (`a+b` combines).",
        cli: "ssj rules ID --format json",
        body: None,
        answer: |c| c.schema_of::<Policy>(),
    },
    Endpoint {
        method: "get",
        path: "/openapi.json",
        summary: "This description.",
        cli: "",
        body: None,
        answer: |_| json!({ "type": "object" }),
    },
    Endpoint {
        method: "get",
        path: "/health",
        summary: "Liveness, the version and the formats.",
        cli: "ssj --version",
        body: None,
        answer: |c| c.schema_of::<Health>(),
    },
];

/// The endpoints that can answer a domain "no" (422): the others refuse
/// only bad input.
const ANSWERS_NO: &[&str] = &["/v2/plan", "/v2/check", "/v2/verify"];

/// The whole description.
pub fn document() -> Value {
    let mut components = Components::default();
    let problem = components.schema_of::<Problem>();
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let mut responses = Map::new();
        responses.insert("200".into(), content("the document", (e.answer)(&mut components)));
        let mut op = Map::new();
        op.insert("summary".into(), e.summary.into());
        if !e.cli.is_empty() {
            op.insert("description".into(), format!("As `{}`.", e.cli).into());
        }
        if e.path.contains("{id}") {
            op.insert(
                "parameters".into(),
                json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }]),
            );
            responses.insert("404".into(), content("no such preset", problem.clone()));
            responses.insert("422".into(), content("a preset that needs more to be a policy", problem.clone()));
        }
        if let Some(body) = e.body {
            op.insert(
                "requestBody".into(),
                json!({ "required": true, "content": { "application/json": { "schema": body(&mut components) } } }),
            );
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
            if ANSWERS_NO.contains(&e.path) {
                let what = "a domain no, in the CLI's words (its exit 1)";
                responses.insert("422".into(), content(what, problem.clone()));
            }
        }
        op.insert("responses".into(), Value::Object(responses));
        if let Value::Object(methods) = paths.entry(e.path.to_owned()).or_insert_with(|| json!({})) {
            methods.insert(e.method.into(), Value::Object(op));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "shuangsuiji — double random, one public (双随机、一公开) inspection plans",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every body member is the document the CLI reads from a file; every answer the document it writes.",
        },
        "paths": paths,
        "components": { "schemas": components.definitions() },
    })
}

fn content(what: &str, schema: Value) -> Value {
    json!({ "description": what, "content": { "application/json": { "schema": schema } } })
}
