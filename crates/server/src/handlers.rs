//! One handler per endpoint. Each reads its body as the CLI reads a file,
//! computes on a blocking thread under a permit, and answers with the
//! document or a [`Problem`].

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use shuangsuiji::audit::amend::LogHead;
use shuangsuiji_api::messages::{localize, Lang};
use shuangsuiji_api::{self as api, ApiError, ErrorKind};
use tokio::sync::{OwnedSemaphorePermit, TryAcquireError};

use shuangsuiji_api::operations::{
    AgendaBody, CheckBody, CommitBody, CompareBody, PlanBody, QuotasBody, SimulateBody, StaffingBody, Verified,
    VerifyBody,
};

use crate::bodies::{Health, Problem, ProblemKind};
use crate::Shared;

/// A "no" or a bad input, with its status.
struct Refusal {
    status: StatusCode,
    problem: Problem,
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Refusal {
        let status = match e.kind {
            ErrorKind::BadInput => StatusCode::BAD_REQUEST,
            ErrorKind::No => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Refusal { status, problem: Problem { kind: e.kind.into(), message: e.message, report: None } }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let text = api::to_json(&self.problem).unwrap_or_else(|e| e.message);
        (self.status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
    }
}

/// A client's mistake the HTTP layer sees (not JSON, too large, too slow…).
fn refusal(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal { status, problem: Problem { kind: ProblemKind::BadInput, message: message.into(), report: None } }
}

/// The service's own failure: 500, never blamed on the client.
fn internal(message: impl Into<String>) -> Refusal {
    tracing::error!("internal error");
    Refusal {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        problem: Problem { kind: ProblemKind::Internal, message: message.into(), report: None },
    }
}

/// The document computed, as JSON text, or why not.
type Outcome = Result<String, Refusal>;

fn document(text: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// The document, or the refusal.
fn answer(outcome: Outcome) -> Response {
    match outcome {
        Ok(text) => document(text),
        Err(refusal) => refusal.into_response(),
    }
}

/// A body must say it is JSON (`application/json`, or `…+json`), so that a
/// form post or a file upload sent here by mistake is named as such.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads the body as `B` and runs `op` on a blocking thread under one of
/// the computing permits. The headers are judged before a byte of the body
/// is read: not JSON is 415, a declared length over the limit 413.
async fn compute<B, F>(shared: &Shared, headers: &HeaderMap, body: Body, op: F) -> Response
where
    B: DeserializeOwned + Send + 'static,
    F: FnOnce(B) -> Outcome + Send + 'static,
{
    let outcome = computed(shared, headers, body, op).await;
    answer(outcome.map_err(|refusal| refusal.in_lang(language(headers))))
}

/// The language the client asks for (`Accept-Language: zh-CN` for Chinese
/// messages; English otherwise).
fn language(headers: &HeaderMap) -> Lang {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_tag).unwrap_or_default()
}

impl Refusal {
    /// The refusal with its message in `lang`, from the one catalogue.
    fn in_lang(mut self, lang: Lang) -> Refusal {
        self.problem.message = localize(lang, &self.problem.message);
        self
    }
}

async fn computed<B, F>(shared: &Shared, headers: &HeaderMap, body: Body, op: F) -> Outcome
where
    B: DeserializeOwned + Send + 'static,
    F: FnOnce(B) -> Outcome + Send + 'static,
{
    if !is_json(headers) {
        return Err(refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON, with the header `Content-Type: application/json`",
        ));
    }
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_body_bytes as u64) {
        return Err(too_large());
    }
    let (bytes, held) = read_body(shared, body, declared).await?;
    // The semaphore is never closed, so a permit always comes.
    let Ok(permit) = shared.permits.clone().acquire_owned().await else {
        return Err(internal("internal error: no computing permit"));
    };
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let body: B = api::parse("body", &bytes)?;
        // The bytes are done with: their share of the budget is free.
        drop((bytes, held));
        op(body)
    });
    match task.await {
        Ok(outcome) => outcome,
        Err(_) => Err(internal("internal error: the computation stopped unexpectedly")),
    }
}

/// The body, into one buffer sized by its declared length: held once, never
/// grown by doubling nor gathered from pieces into a second copy. Its bytes
/// are taken from the budget of all bodies held at once as they arrive (a
/// declared length reserves nothing before its bytes come); past the
/// budget the answer is 503, never a wait that holds what was taken. The
/// permits come back with the bytes. A pause longer than the read timeout
/// between two pieces is 408.
async fn read_body(
    shared: &Shared,
    body: Body,
    declared: Option<u64>,
) -> Result<(Vec<u8>, Vec<OwnedSemaphorePermit>), Refusal> {
    let limit = shared.max_body_bytes;
    // Capacity never written is address space, not memory.
    let mut bytes = Vec::with_capacity(declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(0).min(limit));
    let (mut held, mut budgeted) = (Vec::new(), 0);
    let mut body = body;
    loop {
        let frame = match tokio::time::timeout(shared.read_timeout, body.frame()).await {
            Err(_) => {
                return Err(refusal(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the body stopped arriving: nothing for {} s (`ssj serve --read-timeout-secs`)",
                        shared.read_timeout.as_secs()
                    ),
                ))
            }
            Ok(None) => return Ok((bytes, held)),
            Ok(Some(Err(e))) => {
                return Err(refusal(StatusCode::BAD_REQUEST, format!("the body could not be read: {e}")))
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            let len = bytes.len().saturating_add(data.len());
            if len > limit {
                return Err(too_large());
            }
            if len > budgeted {
                // In steps of a MiB: few operations on the budget.
                let step = len.saturating_add(BUDGET_STEP).min(limit);
                held.push(take_budget(shared, budgeted, step)?);
                budgeted = step;
            }
            bytes.extend_from_slice(&data);
        }
    }
}

/// How much more of the budget a body takes at a time.
const BUDGET_STEP: usize = 1 << 20;

/// The budget's permits for the body's bytes from `had` to `has` (in KiB,
/// rounded up), or 503 when the budget has not that many left.
fn take_budget(shared: &Shared, had: usize, has: usize) -> Result<OwnedSemaphorePermit, Refusal> {
    let kib = |n: usize| u32::try_from(n.div_ceil(1024)).unwrap_or(u32::MAX);
    let more = kib(has).saturating_sub(kib(had));
    shared.bodies.clone().try_acquire_many_owned(more).map_err(|e| match e {
        TryAcquireError::NoPermits => busy(
            "the service holds as many request bodies as it may at once (`ssj serve --max-bodies-mb`): try again shortly",
        ),
        TryAcquireError::Closed => internal("internal error: the body budget is closed"),
    })
}

/// 503: the service is at a limit of its own; the request may be sent again.
fn busy(message: &str) -> Refusal {
    Refusal {
        status: StatusCode::SERVICE_UNAVAILABLE,
        problem: Problem { kind: ProblemKind::Busy, message: message.to_owned(), report: None },
    }
}

fn too_large() -> Refusal {
    refusal(StatusCode::PAYLOAD_TOO_LARGE, "the body is larger than the service's limit (`ssj serve --max-body-mb`)")
}

/// A document as text; failing to write one is the service's fault.
fn json<T: serde::Serialize>(value: &T) -> Outcome {
    api::to_json(value).map_err(|e| internal(format!("internal error: {e}")))
}

/// The request member, checked as every route checks a request.
fn request(request: shuangsuiji::PlanRequest) -> Result<shuangsuiji::PlanRequest, Refusal> {
    Ok(api::checked_request("request", request)?)
}

pub(crate) async fn plan(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: PlanBody| {
        let request = api::checked("request", b.request)?;
        let planned = api::plan_checked(request, b.commitment.as_ref().map(|c| ("commitment", c)))?;
        api::plan_to_json(&planned.plan).map_err(|e| internal(format!("internal error: {e}")))
    })
    .await
}

pub(crate) async fn check(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: CheckBody| {
        let request = api::prepare(request(b.request)?, b.commitment.as_ref())?;
        match api::check(&b.plan, &request) {
            Ok(report) => json(&report),
            Err((no, report)) => {
                let mut refusal = Refusal::from(no);
                refusal.problem.report = Some(report);
                Err(refusal)
            }
        }
    })
    .await
}

pub(crate) async fn verify(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: VerifyBody| {
        if b.head.is_some() && b.log.is_none() {
            return Err(ApiError::bad_input("`head` is the published head of a log: give it with `log`").into());
        }
        // Checked once, and hashed once for the commitment and the re-plan.
        let request = api::prepare_checked(api::checked("request", b.request)?, b.commitment.as_ref())?;
        let commitment = b.commitment.as_ref().map(|c| ("commitment", c));
        let said = match (&b.plan, &b.log) {
            (Some(plan), None) => api::verify_checked("plan", plan, &request, commitment)?,
            (None, Some(log)) => {
                let head = match &b.head {
                    Some(h) => Some(h.parse::<LogHead>().map_err(|e| ApiError::bad_input(format!("head: {e}")))?),
                    None => None,
                };
                api::verify_log("log", log, &request, head.as_ref(), commitment)?
            }
            _ => return Err(ApiError::bad_input("give `plan` or `log`, one of them").into()),
        };
        json(&Verified { verified: true, said })
    })
    .await
}

pub(crate) async fn quotas(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: QuotasBody| json(&api::quotas(&request(b.request)?)?)).await
}

pub(crate) async fn commit(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: CommitBody| {
        let mut request = request(b.request)?;
        let rule = api::resolve_seed_rule(request.seed_rule.take(), b.seed_rule)?;
        let (commitment, _) = api::commit(request, rule, &b.authority, b.date, b.outside_window.as_deref())?;
        json(&commitment)
    })
    .await
}

pub(crate) async fn agenda(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: AgendaBody| json(&api::agenda(&b.policy, b.year, &b.filed, b.today)?)).await
}

pub(crate) async fn staffing(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: StaffingBody| json(&api::staffing(&request(b.request)?, b.capacity)?)).await
}

pub(crate) async fn simulate(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: SimulateBody| {
        let spec = b.spec();
        json(&api::simulate(&request(b.request)?, &spec, &|_, _| {})?)
    })
    .await
}

pub(crate) async fn compare(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    compute(&shared, &headers, body, |b: CompareBody| {
        let spec = b.spec();
        let input =
            api::CompareInput { registry: b.registry, units: b.units, quarter: b.quarter, policies: b.policies };
        json(&api::compare(input, &spec, &|_, _| {})?)
    })
    .await
}

pub(crate) async fn presets() -> Response {
    answer(json(&api::presets()))
}

pub(crate) async fn preset(Path(id): Path<String>) -> Response {
    match api::preset(&id) {
        Ok(policy) => answer(json(&policy)),
        // A listed preset that needs more (Fengdu's county rate) is there,
        // but is not a policy by itself.
        Err(e) if id.split('+').all(|p| shuangsuiji::rules::preset_names().contains(&p.trim())) => {
            refusal(StatusCode::UNPROCESSABLE_ENTITY, e.message).into_response()
        }
        Err(e) => refusal(StatusCode::NOT_FOUND, e.message).into_response(),
    }
}

pub(crate) async fn openapi() -> Response {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    document(DOCUMENT.get_or_init(|| api::to_json(&crate::openapi::document()).unwrap_or_default()).clone())
}

pub(crate) async fn health() -> Response {
    let health = Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into(), formats: api::formats() };
    answer(json(&health))
}

/// The per-request time limit, answered as every refusal is: JSON. The
/// computation of a request over time runs to its end on its blocking
/// thread (a plan cannot be stopped halfway); only its answer is dropped.
pub(crate) async fn time_limit(
    State(limit): State<std::time::Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => refusal(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request took longer than the service's limit of {} s (`ssj serve --timeout-secs`), sending the body included",
                limit.as_secs()
            ),
        )
        .into_response(),
    }
}

pub(crate) async fn not_found() -> Response {
    refusal(StatusCode::NOT_FOUND, "no such endpoint: see GET /openapi.json").into_response()
}

pub(crate) async fn method_not_allowed() -> Response {
    refusal(StatusCode::METHOD_NOT_ALLOWED, "this endpoint takes another method: see GET /openapi.json").into_response()
}
