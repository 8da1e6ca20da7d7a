//! The operations every front end offers, as one table: what each takes
//! (a body whose members are the very documents the CLI reads from files,
//! named as its flags; an unknown member refused, never ignored), what it
//! answers, and the defaults. The service routes and describes these, the
//! CLI and Python take their defaults from here, so the three cannot
//! differ in what they accept.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shuangsuiji::analysis::compare::{CompareSpec, Comparison};
use shuangsuiji::analysis::simulate::{Churn, Simulation, SimulationSpec};
use shuangsuiji::analysis::staffing::Staffing;
use shuangsuiji::audit::amend::PlanLog;
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::model::{Quarter, Registry};
use shuangsuiji::plan::quota::QuotaLine;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::agenda::{Agenda, Filed};
use shuangsuiji::request::SeedRule;
use shuangsuiji::rules::Policy;
use shuangsuiji::{ComplianceReport, PlanRequest};

use crate::schema::Components;
use crate::PresetSummary;

/// Years a simulation runs unless told.
pub const SIMULATE_YEARS: u32 = 3;
/// Seeds a simulation draws unless told.
pub const SIMULATE_SEEDS: u32 = 10;
/// Visits per officer per quarter a comparison assumes unless told.
pub const COMPARE_CAPACITY: u32 = 30;
/// Years a comparison simulates unless told.
pub const COMPARE_YEARS: u32 = 3;
/// Seeds a comparison simulates unless told.
pub const COMPARE_SEEDS: u32 = 5;

/// A policy to compare: a preset by name, or a whole policy document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PolicyChoice {
    /// A preset's name; `a+b` combines a base and modifiers.
    Preset(#[schemars(length(min = 1), regex(pattern = r"\S"))] String),
    /// A policy document, as a policy file holds it.
    Document(Box<Policy>),
}

/// `POST /v2/plan`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// The request, seeded (`ssj plan --request`).
    pub request: PlanRequest,
    /// The commitment published before the seed (`--commitment`).
    #[serde(default)]
    pub commitment: Option<Commitment>,
}

/// `POST /v2/check`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    /// The plan.
    pub plan: QuarterPlan,
    /// The request as sent to `/v2/plan`.
    pub request: PlanRequest,
    /// The commitment, when the plan was drawn under one.
    #[serde(default)]
    pub commitment: Option<Commitment>,
}

/// `POST /v2/verify`: a plan or an amendment log.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    /// The plan to verify.
    #[serde(default)]
    pub plan: Option<QuarterPlan>,
    /// Or the amendment log to verify.
    #[serde(default)]
    pub log: Option<PlanLog>,
    /// The request as sent to `/v2/plan`.
    pub request: PlanRequest,
    /// The commitment published before the seed.
    #[serde(default)]
    pub commitment: Option<Commitment>,
    /// With a log: the head the bureau published, `<entries>:<hash>`.
    #[serde(default)]
    pub head: Option<String>,
}

/// `POST /v2/quotas`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotasBody {
    /// The request (its seed, if any, is not used).
    pub request: PlanRequest,
}

/// `POST /v2/commit`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitBody {
    /// Everything that decides the plan, without a seed.
    pub request: PlanRequest,
    /// Who commits: the bureau.
    pub authority: String,
    /// The date of the commitment.
    pub date: NaiveDate,
    /// Where the seed will come from, unless the request has it.
    #[serde(default)]
    pub seed_rule: Option<SeedRule>,
    /// Why the list is fixed outside the window the document sets for it
    /// (needed then, refused otherwise).
    #[serde(default)]
    pub outside_window: Option<String>,
}

/// `POST /v2/staffing`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingBody {
    /// The request (its seed, if any, is not used).
    pub request: PlanRequest,
    /// Visits per officer per quarter.
    pub capacity: u32,
}

/// `POST /v2/agenda`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaBody {
    /// The policy (`GET /v2/presets/{id}` gives a built-in one); its
    /// documents' duties are listed.
    pub policy: Policy,
    /// The year.
    pub year: i32,
    /// The day to judge on.
    pub today: NaiveDate,
    /// What the bureau's year holds: the plans filed and the duties it
    /// recorded done (default: nothing).
    #[serde(default)]
    pub filed: Filed,
}

/// `POST /v2/simulate`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    /// The request: registry, policy, units, first quarter.
    pub request: PlanRequest,
    /// Years (default [`SIMULATE_YEARS`]; `null` is the default).
    #[serde(default)]
    #[schemars(range(min = 1, max = 20), extend("default" = SIMULATE_YEARS))]
    pub years: Option<u32>,
    /// Seeds (default [`SIMULATE_SEEDS`]).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000), extend("default" = SIMULATE_SEEDS))]
    pub seeds: Option<u32>,
    /// Yearly churn of the registry (default none).
    #[serde(default)]
    pub churn: Option<Churn>,
}

/// `POST /v2/compare`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareBody {
    /// The registry.
    pub registry: Registry,
    /// The drawing units (default: every unit of each policy's level).
    #[serde(default)]
    pub units: Vec<String>,
    /// The first quarter (default: each policy's first fully covered year).
    #[serde(default)]
    pub quarter: Option<Quarter>,
    /// The policies: a preset's name (`a+b` combines a base and
    /// modifiers) or a policy document, as `--policy FILE` reads it.
    #[schemars(length(min = 1))]
    pub policies: Vec<PolicyChoice>,
    /// Visits per officer per quarter (default [`COMPARE_CAPACITY`]).
    #[serde(default)]
    #[schemars(extend("default" = COMPARE_CAPACITY))]
    pub capacity: Option<u32>,
    /// Years (default [`COMPARE_YEARS`]).
    #[serde(default)]
    #[schemars(range(min = 1, max = 20), extend("default" = COMPARE_YEARS))]
    pub years: Option<u32>,
    /// Seeds (default [`COMPARE_SEEDS`]).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000), extend("default" = COMPARE_SEEDS))]
    pub seeds: Option<u32>,
}

impl SimulateBody {
    /// What to simulate: the body's years, seeds and churn, each the
    /// table's default where the body leaves it out (or gives `null`).
    pub fn spec(&self) -> SimulationSpec {
        SimulationSpec {
            years: self.years.unwrap_or(SIMULATE_YEARS),
            seeds: self.seeds.unwrap_or(SIMULATE_SEEDS),
            churn: self.churn.unwrap_or_default(),
        }
    }
}

impl CompareBody {
    /// How to compare: the body's capacity, years and seeds, each the
    /// table's default where the body leaves it out (or gives `null`).
    pub fn spec(&self) -> CompareSpec {
        CompareSpec {
            capacity: self.capacity.unwrap_or(COMPARE_CAPACITY),
            simulation: SimulationSpec {
                years: self.years.unwrap_or(COMPARE_YEARS),
                seeds: self.seeds.unwrap_or(COMPARE_SEEDS),
                ..SimulationSpec::default()
            },
        }
    }
}

/// What `/v2/verify` answers when the plan or log verifies.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Verified {
    /// Always true: a failure is a 422.
    pub verified: bool,
    /// What was verified, in the CLI's words.
    pub said: String,
}

/// Which part of the work an operation belongs to (its OpenAPI tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Drawing a plan and what leads to it: quotas, the commitment.
    Planning,
    /// Checking a plan or a log, as an auditor.
    Audit,
    /// Staffing, simulation, comparison, the agenda.
    Analysis,
    /// The built-in policies.
    Rules,
}

impl Tag {
    /// The tag as OpenAPI names it.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Planning => "planning",
            Tag::Audit => "audit",
            Tag::Analysis => "analysis",
            Tag::Rules => "rules",
        }
    }
}

/// One operation, as every front end offers it.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Its name: the OpenAPI operationId, the Python function, the CLI command.
    pub id: &'static str,
    /// `get` or `post`.
    pub method: &'static str,
    /// The service's path, parameters in braces.
    pub path: &'static str,
    /// Its part of the work.
    pub tag: Tag,
    /// What it does, in one line.
    pub summary: &'static str,
    /// The CLI command it answers as.
    pub cli: &'static str,
    /// Whether it may answer a domain "no" (exit 1, HTTP 422), not only
    /// refuse bad input.
    pub answers_no: bool,
    /// The schema of its body, if it takes one.
    pub body: Option<fn(&mut Components) -> Value>,
    /// The schema of its answer.
    pub answer: fn(&mut Components) -> Value,
}

/// Every operation.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        id: "plan",
        method: "post",
        path: "/v2/plan",
        tag: Tag::Planning,
        summary: "Draw a quarter's plan; the answer is byte for byte the plan.json the CLI writes.",
        cli: "ssj plan --request request.json [--commitment c.json] --out plan.json",
        answers_no: true,
        body: Some(|c| c.schema_of::<PlanBody>()),
        answer: |c| c.schema_of::<QuarterPlan>(),
    },
    Operation {
        id: "check",
        method: "post",
        path: "/v2/check",
        tag: Tag::Audit,
        summary: "Check a plan against its request, independently of the planner (422 lists the breaches).",
        cli: "ssj check --plan plan.json --request request.json --format json",
        answers_no: true,
        body: Some(|c| c.schema_of::<CheckBody>()),
        answer: |c| c.schema_of::<ComplianceReport>(),
    },
    Operation {
        id: "verify",
        method: "post",
        path: "/v2/verify",
        tag: Tag::Audit,
        summary: "Re-draw from the request and compare: a plan, or an amendment log against its published head.",
        cli: "ssj verify --plan plan.json --request request.json [--commitment c.json]",
        answers_no: true,
        body: Some(|c| c.schema_of::<VerifyBody>()),
        answer: |c| c.schema_of::<Verified>(),
    },
    Operation {
        id: "quotas",
        method: "post",
        path: "/v2/quotas",
        tag: Tag::Planning,
        summary: "The quarter's minimum per stratum, without drawing.",
        cli: "ssj quotas --request request.json --format json",
        answers_no: false,
        body: Some(|c| c.schema_of::<QuotasBody>()),
        answer: |c| c.schema_of::<Vec<QuotaLine>>(),
    },
    Operation {
        id: "commit",
        method: "post",
        path: "/v2/commit",
        tag: Tag::Planning,
        summary: "Freeze everything that decides the plan, before the seed exists; publish the answer.",
        cli: "ssj commit --request request.json --authority … --date … --seed-source … --out commitment.json",
        answers_no: false,
        body: Some(|c| c.schema_of::<CommitBody>()),
        answer: |c| c.schema_of::<Commitment>(),
    },
    Operation {
        id: "staffing",
        method: "post",
        path: "/v2/staffing",
        tag: Tag::Analysis,
        summary: "The least number of officers per unit for which the year plans, found by planning.",
        cli: "ssj staffing --request request.json --capacity N --format json",
        answers_no: false,
        body: Some(|c| c.schema_of::<StaffingBody>()),
        answer: |c| c.schema_of::<Staffing>(),
    },
    Operation {
        id: "agenda",
        method: "post",
        path: "/v2/agenda",
        tag: Tag::Analysis,
        summary: "The year's duties of the policy's documents, done, due, overdue or upcoming on a day.",
        cli: "ssj agenda --year-dir year --today 2023-11-20 --format json",
        answers_no: false,
        body: Some(|c| c.schema_of::<AgendaBody>()),
        answer: |c| c.schema_of::<Agenda>(),
    },
    Operation {
        id: "simulate",
        method: "post",
        path: "/v2/simulate",
        tag: Tag::Analysis,
        summary: "A regime over years and seeds: coverage, disturbance, officers' load.",
        cli: "ssj simulate --request request.json --years Y --seeds S --format json",
        answers_no: false,
        body: Some(|c| c.schema_of::<SimulateBody>()),
        answer: |c| c.schema_of::<Simulation>(),
    },
    Operation {
        id: "compare",
        method: "post",
        path: "/v2/compare",
        tag: Tag::Analysis,
        summary: "Several policies on one registry side by side.",
        cli: "ssj compare --registry … --policies a,b.json --format json",
        answers_no: false,
        body: Some(|c| c.schema_of::<CompareBody>()),
        answer: |c| c.schema_of::<Vec<Comparison>>(),
    },
    Operation {
        id: "list_presets",
        method: "get",
        path: "/v2/presets",
        tag: Tag::Rules,
        summary: "The built-in policies.",
        cli: "ssj rules --format json",
        answers_no: false,
        body: None,
        answer: |c| c.schema_of::<Vec<PresetSummary>>(),
    },
    Operation {
        id: "get_preset",
        method: "get",
        path: "/v2/presets/{id}",
        tag: Tag::Rules,
        summary: "One built-in policy, every number with its clause (`a+b` combines).",
        cli: "ssj rules ID --format json",
        answers_no: false,
        body: None,
        answer: |c| c.schema_of::<Policy>(),
    },
];

/// An example body for the operation `id`, for the description: a small
/// county (a dozen objects) under a built-in policy, so the example stays
/// short and the service answers it in milliseconds. `None` where the
/// body needs documents only a real draw makes (a plan, a log).
pub fn example(id: &str) -> Option<Value> {
    let registry = shuangsuiji::sample::county(3, 4, 6, 4);
    let policy = crate::preset("changji-county").ok()?;
    let quarter = Quarter::new(2023, 2).ok()?;
    let units = vec![shuangsuiji::sample::COUNTY.to_owned()];
    let request = PlanRequest::new(registry.clone(), policy, units, quarter, crate::DEMO_PUBLIC_SEED);
    let request = serde_json::to_value(&request).ok()?;
    let body = match id {
        "plan" | "quotas" => serde_json::json!({ "request": request }),
        "staffing" => serde_json::json!({ "request": request, "capacity": COMPARE_CAPACITY }),
        "simulate" => serde_json::json!({ "request": request, "years": 1, "seeds": 2 }),
        "compare" => serde_json::json!({ "registry": registry, "policies": ["changji-county", "wangcheng"] }),
        _ => return None,
    };
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The library's own default spec is the one the front ends offer.
    #[test]
    fn the_cores_defaults_are_the_tables() {
        let core = SimulationSpec::default();
        assert_eq!((core.years, core.seeds), (SIMULATE_YEARS, SIMULATE_SEEDS));
        let request = example("plan").unwrap()["request"].clone();
        let body: SimulateBody = serde_json::from_value(serde_json::json!({ "request": request.clone() })).unwrap();
        assert_eq!(body.spec(), core);
        // `null` is the default too, as some generated clients send it.
        let body: SimulateBody =
            serde_json::from_value(serde_json::json!({ "request": request, "years": null, "churn": null })).unwrap();
        assert_eq!(body.spec(), core);
        let body: CompareBody = serde_json::from_value(
            serde_json::json!({ "registry": example("compare").unwrap()["registry"], "policies": ["wangcheng"], "seeds": null }),
        )
        .unwrap();
        assert_eq!((body.spec().capacity, body.spec().simulation.seeds), (COMPARE_CAPACITY, COMPARE_SEEDS));
    }
}
