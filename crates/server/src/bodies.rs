//! What the service answers besides the operations' documents
//! ([`shuangsuiji_api::operations`]): its refusals and its health.

use serde::Serialize;
use shuangsuiji::ComplianceReport;
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
