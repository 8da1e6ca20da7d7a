//! What each endpoint takes and answers. A body is a JSON object whose
//! members are the very documents the CLI reads from files, named as the
//! CLI's flags; an unknown member is refused, never ignored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shuangsuiji::analysis::simulate::Churn;
use shuangsuiji::audit::amend::PlanLog;
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::model::{Quarter, Registry};
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::agenda::Filed;
use shuangsuiji::request::SeedRule;
use shuangsuiji::rules::Policy;
use shuangsuiji::{ComplianceReport, PlanRequest};
use shuangsuiji_api::ErrorKind;

/// What kind of refusal an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The request cannot be read or breaks a rule of its format (4xx but 422).
    BadInput,
    /// The input is good; the answer is no (422).
    No,
    /// The service failed (500): not the client's doing.
    Internal,
    /// The service is at a limit of its own — connections, bodies held at
    /// once (503): the same request may be sent again shortly.
    Busy,
}

impl From<ErrorKind> for ProblemKind {
    fn from(kind: ErrorKind) -> ProblemKind {
        match kind {
            ErrorKind::BadInput => ProblemKind::BadInput,
            ErrorKind::No => ProblemKind::No,
        }
    }
}

/// `POST /v2/plan`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// The request, seeded (`ssj plan --request`).
    pub request: PlanRequest,
    /// The commitment published before the seed (`--commitment`).
    #[serde(default)]
    pub commitment: Option<Commitment>,
}

/// `POST /v2/check`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotasBody {
    /// The request (its seed, if any, is not used).
    pub request: PlanRequest,
}

/// `POST /v2/commit`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingBody {
    /// The request (its seed, if any, is not used).
    pub request: PlanRequest,
    /// Visits per officer per quarter.
    pub capacity: u32,
}

/// `POST /v2/agenda`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulateBody {
    /// The request: registry, policy, units, first quarter.
    pub request: PlanRequest,
    /// Years (default 3).
    #[serde(default)]
    #[schemars(range(min = 1, max = 20))]
    pub years: Option<u32>,
    /// Seeds (default 10).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub seeds: Option<u32>,
    /// Yearly churn of the registry (default none).
    #[serde(default)]
    pub churn: Option<Churn>,
}

/// `POST /v2/compare`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
    /// Preset names; `a+b` combines a base and modifiers.
    #[schemars(length(min = 1), inner(length(min = 1), pattern(r"\S")))]
    pub policies: Vec<String>,
    /// Visits per officer per quarter (default 30).
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Years (default 3).
    #[serde(default)]
    #[schemars(range(min = 1, max = 20))]
    pub years: Option<u32>,
    /// Seeds (default 5).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub seeds: Option<u32>,
}

/// What `/v2/verify` answers when the plan or log verifies.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Verified {
    /// Always true: a failure is a 422.
    pub verified: bool,
    /// What was verified, in the CLI's words.
    pub said: String,
}

/// Every answer but a 200.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// `bad_input` (400, 404, 405, 408, 413, 414, 415, 431), `no` (422),
    /// `busy` (503) or `internal` (500).
    pub kind: ProblemKind,
    /// What is wrong, in the CLI's words.
    pub message: String,
    /// `/v2/check`: the report listing every breach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ComplianceReport>,
}

/// `GET /health`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The build's version.
    pub version: String,
    /// The format versions this build reads and writes.
    pub formats: Vec<String>,
}
