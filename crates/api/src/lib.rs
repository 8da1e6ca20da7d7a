//! The operations of [`shuangsuiji`] as the outside world calls them:
//! versioned JSON documents in, JSON documents out, and every error with
//! one of two kinds and the words a person reads.
//!
//! Three front ends share this crate — the `ssj` command, the HTTP service
//! (`ssj serve`) and the Python package — so that for the same request all
//! three write the same bytes and refuse with the same message. A front
//! end only moves documents: from files and flags, from an HTTP body, from
//! Python dicts; what is checked, planned and said is decided here.
//!
//! * [`ErrorKind::BadInput`] — the document is not one we can read or it
//!   breaks a rule of its format (exit 2, HTTP 400, Python `BadInput`);
//! * [`ErrorKind::No`] — the input is good and the answer is "no": the
//!   request cannot be planned, the plan does not verify, the request is
//!   not the committed one (exit 1, HTTP 422, Python `Refused`).
//!
//! ```
//! use shuangsuiji_api as api;
//!
//! let request = api::demo_request().unwrap();
//! let text = api::to_json(&request).unwrap();
//! // What a service or a script receives: bytes of JSON.
//! let request = api::parse_request("request", text.as_bytes()).unwrap();
//! let planned = api::plan(request, None).unwrap();
//! let plan_json = api::to_json(&planned.plan).unwrap();
//! assert!(plan_json.starts_with("{\n  \"format\": \"shuangsuiji.plan/"));
//! api::verify("plan", &planned.plan, &planned.request, None).unwrap();
//! ```

mod json;
/// Every message in English or Chinese, from one catalogue (the readers'
/// crate holds it; every front end shows messages through it).
pub use shuangsuiji_io::messages;
pub mod operations;
pub mod ops;
pub mod schema;

pub use ops::{
    agenda, check, commit, compare, default_units, demo_request, plan, plan_checked, prepare, prepare_checked, preset,
    presets, quotas, resolve_seed_rule, simulate, staffing, verify, verify_checked, verify_log, CompareInput, Planned,
    PresetSummary, DEMO_PUBLIC_SEED,
};

use serde::de::DeserializeOwned;
use shuangsuiji::plan::CheckedRequest;
use shuangsuiji::PlanRequest;
use shuangsuiji_io::read::{parse_json_object_as, TextEncoding};

/// The versions of every format this build reads and writes.
pub fn formats() -> Vec<String> {
    use shuangsuiji::audit::amend::LogFormat;
    use shuangsuiji::audit::commitment::CommitmentFormat;
    use shuangsuiji::audit::draw_record::DrawRecordFormat;
    use shuangsuiji::plan::PlanFormat;
    use shuangsuiji::publish::disclosure::DisclosureFormat;
    use shuangsuiji::request::RequestFormat;
    [
        RequestFormat::VERSION,
        CommitmentFormat::VERSION,
        PlanFormat::VERSION,
        LogFormat::VERSION,
        DrawRecordFormat::VERSION,
        DisclosureFormat::VERSION,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// What kind of "no" an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input cannot be read, or breaks a rule of its format.
    BadInput,
    /// The input is good; the answer is no.
    No,
}

/// An error: its kind and the message a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, schemars::JsonSchema)]
#[error("{message}")]
pub struct ApiError {
    /// Bad input or a domain "no".
    pub kind: ErrorKind,
    /// What is wrong, naming the document, the record and the field.
    pub message: String,
}

impl ApiError {
    /// A bad-input error.
    pub fn bad_input(message: impl std::fmt::Display) -> ApiError {
        ApiError { kind: ErrorKind::BadInput, message: message.to_string() }
    }

    /// A domain "no".
    pub fn no(message: impl std::fmt::Display) -> ApiError {
        ApiError { kind: ErrorKind::No, message: message.to_string() }
    }
}

/// The one way a document is written: pretty JSON with a final newline.
/// Every front end writes through it, so the same plan is the same bytes.
///
/// # Errors
/// [`ErrorKind::BadInput`] if the value cannot be serialized (a map with
/// non-string keys; none of this crate's documents has one).
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(ApiError::bad_input)
}

/// A plan as [`to_json`] writes it, byte for byte, its tasks written on
/// every core (a national plan's 232 MB took a third of a second on one).
///
/// ```
/// use shuangsuiji_api as api;
/// let planned = api::plan(api::demo_request().unwrap(), None).unwrap();
/// assert_eq!(api::plan_to_json(&planned.plan).unwrap(), api::to_json(&planned.plan).unwrap());
/// ```
///
/// # Errors
/// As [`to_json`] (none for a plan).
pub fn plan_to_json(plan: &shuangsuiji::plan::QuarterPlan) -> Result<String, ApiError> {
    json::plan_json(plan).map_err(ApiError::bad_input)
}

/// [`plan_to_json`]'s bytes written to `out` as they are made, never held
/// whole: a national plan's file is written while its text is formed.
///
/// ```
/// use shuangsuiji_api as api;
/// let planned = api::plan(api::demo_request().unwrap(), None).unwrap();
/// let mut file = Vec::new();
/// api::write_plan_json(&planned.plan, &mut file).unwrap();
/// assert_eq!(file, api::to_json(&planned.plan).unwrap().into_bytes());
/// ```
///
/// # Errors
/// The first error of `out`, or a serialization error as an
/// [`std::io::Error`] (none for a plan).
pub fn write_plan_json(plan: &shuangsuiji::plan::QuarterPlan, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    json::write_plan_json(plan, out)
}

/// A request as [`to_json`] writes it, byte for byte, its objects written
/// on every core (a national request is a gigabyte of text).
///
/// ```
/// use shuangsuiji_api as api;
/// let request = api::demo_request().unwrap();
/// assert_eq!(api::request_to_json(&request).unwrap(), api::to_json(&request).unwrap());
/// ```
///
/// # Errors
/// As [`to_json`] (none for a request).
pub fn request_to_json(request: &shuangsuiji::request::PlanRequest) -> Result<String, ApiError> {
    json::request_json(request).map_err(ApiError::bad_input)
}

/// [`request_to_json`]'s bytes written to `out` as they are made, never
/// held whole.
///
/// ```
/// use shuangsuiji_api as api;
/// let request = api::demo_request().unwrap();
/// let mut file = Vec::new();
/// api::write_request_json(&request, &mut file).unwrap();
/// assert_eq!(file, api::to_json(&request).unwrap().into_bytes());
/// ```
///
/// # Errors
/// The first error of `out`, or a serialization error as an
/// [`std::io::Error`] (none for a request).
pub fn write_request_json(
    request: &shuangsuiji::request::PlanRequest,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    json::write_request_json(request, out)
}

/// Reads one JSON document named `name` (a file's path, or a body member's
/// name): a UTF-8 BOM or none; a shape error names the path in the
/// document and the record's id. Every document of the formats is an
/// object: one given as a list (`[…]`) is refused.
///
/// # Errors
/// [`ErrorKind::BadInput`] naming `name`, the path and the problem.
pub fn parse<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T, ApiError> {
    parse_with(name, bytes, TextEncoding::Auto)
}

/// [`parse`] in a given text encoding (the CLI's `--encoding`).
///
/// # Errors
/// As [`parse`].
pub fn parse_with<T: DeserializeOwned>(name: &str, bytes: &[u8], encoding: TextEncoding) -> Result<T, ApiError> {
    parse_json_object_as(name, bytes, encoding).map(|loaded| loaded.value).map_err(ApiError::bad_input)
}

/// Reads a plan request and checks it as the planner would
/// ([`shuangsuiji::plan::check_request`]): a request that fails here is
/// bad input on every route.
///
/// # Errors
/// [`ErrorKind::BadInput`] naming `name` and the problem.
pub fn parse_request(name: &str, bytes: &[u8]) -> Result<PlanRequest, ApiError> {
    let request: PlanRequest = parse(name, bytes)?;
    checked_request(name, request)
}

/// Checks a request already read, as [`parse_request`] does.
///
/// # Errors
/// [`ErrorKind::BadInput`] naming `name` and the problem.
pub fn checked_request(name: &str, request: PlanRequest) -> Result<PlanRequest, ApiError> {
    checked(name, request).map(CheckedRequest::into_request)
}

/// [`checked_request`], keeping the proof of the check for
/// [`plan_checked`], which then plans without checking again.
///
/// # Errors
/// [`ErrorKind::BadInput`] naming `name` and the problem.
pub fn checked(name: &str, mut request: PlanRequest) -> Result<CheckedRequest, ApiError> {
    // Sharing the units' ids changes no value, only how they are held:
    // done before the proof is made, which nothing changes afterwards.
    request.registry.share_jurisdictions();
    CheckedRequest::new(request).map_err(|e| ApiError::bad_input(format!("{name}: {e}")))
}

/// [`parse_request`], keeping the proof of the check ([`checked`]).
///
/// # Errors
/// As [`parse_request`].
pub fn parse_checked(name: &str, bytes: &[u8]) -> Result<CheckedRequest, ApiError> {
    checked(name, parse(name, bytes)?)
}
