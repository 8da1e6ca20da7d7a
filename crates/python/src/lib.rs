//! The native half of the `shuangsuiji` Python package: each function takes
//! JSON text and returns JSON text, through [`shuangsuiji_api`] — the same
//! documents and messages as the CLI and the service. The Python half
//! (`python/shuangsuiji/__init__.py`) turns dicts into that text and back,
//! builds registries from pandas DataFrames, and re-exports the errors.
//!
//! Every computation runs with the interpreter released, so Python threads
//! can plan side by side.

use chrono::NaiveDate;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use shuangsuiji::audit::amend::{LogHead, PlanLog};
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::request::SeedRule;
use shuangsuiji::PlanRequest;
use std::sync::atomic::{AtomicBool, Ordering};

use shuangsuiji_api::messages::{localize, Lang};
use shuangsuiji_api::operations::{CompareBody, SimulateBody};
use shuangsuiji_api::{self as api, ApiError, ErrorKind};
use shuangsuiji_io::read::Bureau;

create_exception!(_native, ShuangsuijiError, PyException, "Every error of shuangsuiji.");
create_exception!(
    _native,
    BadInput,
    ShuangsuijiError,
    "The input cannot be read or breaks a rule of its format (the CLI's exit 2, HTTP 400)."
);
create_exception!(
    _native,
    Refused,
    ShuangsuijiError,
    "The input is good and the answer is no: cannot be planned, not verified (the CLI's exit 1, HTTP 422)."
);

fn raise(e: ApiError) -> PyErr {
    let message = localize(language(), &e.message);
    match e.kind {
        ErrorKind::BadInput => BadInput::new_err(message),
        ErrorKind::No => Refused::new_err(message),
    }
}

/// Whether exceptions speak Chinese ([`set_language`]).
static CHINESE: AtomicBool = AtomicBool::new(false);

fn language() -> Lang {
    if CHINESE.load(Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The language of the exceptions' messages from now on: `zh` (or
/// `zh-CN`…) for Chinese, `en` for English.
#[pyfunction]
fn set_language(tag: &str) {
    CHINESE.store(Lang::from_tag(tag) == Lang::Zh, Ordering::Relaxed);
}

/// A message in a language, from the catalogue every front end shares.
#[pyfunction]
fn localized(text: &str, tag: &str) -> String {
    localize(Lang::from_tag(tag), text)
}

/// Runs `f` with the interpreter released; its error becomes an exception.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, ApiError> + Send) -> PyResult<T> {
    py.detach(f).map_err(raise)
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, ApiError> {
    api::parse(name, text.as_bytes())
}

fn request(text: &str) -> Result<PlanRequest, ApiError> {
    api::parse_request("request", text.as_bytes())
}

fn optional<T: serde::de::DeserializeOwned>(name: &str, text: Option<&str>) -> Result<Option<T>, ApiError> {
    text.map(|t| parse(name, t)).transpose()
}

/// Draws a quarter's plan: the plan's JSON.
#[pyfunction]
#[pyo3(signature = (request_json, commitment_json=None))]
fn plan_quarter(py: Python<'_>, request_json: &str, commitment_json: Option<&str>) -> PyResult<String> {
    run(py, || {
        let commitment: Option<Commitment> = optional("commitment", commitment_json)?;
        let request = api::parse_checked("request", request_json.as_bytes())?;
        let planned = api::plan_checked(request, commitment.as_ref().map(|c| ("commitment", c)))?;
        api::plan_to_json(&planned.plan)
    })
}

/// The request as planning reads it (seed rule from the commitment, seed
/// normalised): keep this one for `check` and `verify`.
#[pyfunction]
#[pyo3(signature = (request_json, commitment_json=None))]
fn prepare(py: Python<'_>, request_json: &str, commitment_json: Option<&str>) -> PyResult<String> {
    run(py, || {
        let commitment: Option<Commitment> = optional("commitment", commitment_json)?;
        api::request_to_json(&api::prepare(request(request_json)?, commitment.as_ref())?)
    })
}

/// The request as sent to be planned, prepared as planning prepared it.
fn planned_request(request_json: &str, commitment: Option<&Commitment>) -> Result<PlanRequest, ApiError> {
    api::prepare(request(request_json)?, commitment)
}

/// Checks a plan against its request: the report's JSON, breaches listed
/// (a breach is in the report, not an exception).
#[pyfunction]
#[pyo3(signature = (plan_json, request_json, commitment_json=None))]
fn check_compliance(
    py: Python<'_>,
    plan_json: &str,
    request_json: &str,
    commitment_json: Option<&str>,
) -> PyResult<String> {
    run(py, || {
        let plan: QuarterPlan = parse("plan", plan_json)?;
        let commitment: Option<Commitment> = optional("commitment", commitment_json)?;
        let report = match api::check(&plan, &planned_request(request_json, commitment.as_ref())?) {
            Ok(report) | Err((_, report)) => report,
        };
        api::to_json(&report)
    })
}

/// Verifies a plan: what was verified, in words; `Refused` naming every
/// difference otherwise.
#[pyfunction]
#[pyo3(signature = (plan_json, request_json, commitment_json=None))]
fn verify_plan(py: Python<'_>, plan_json: &str, request_json: &str, commitment_json: Option<&str>) -> PyResult<String> {
    run(py, || {
        let plan: QuarterPlan = parse("plan", plan_json)?;
        let commitment: Option<Commitment> = optional("commitment", commitment_json)?;
        // Checked once, and hashed once for the commitment and the re-plan.
        let request =
            api::prepare_checked(api::parse_checked("request", request_json.as_bytes())?, commitment.as_ref())?;
        api::verify_checked("plan", &plan, &request, commitment.as_ref().map(|c| ("commitment", c)))
    })
}

/// Verifies an amendment log, against the published head when given.
#[pyfunction]
#[pyo3(signature = (log_json, request_json, head=None, commitment_json=None))]
fn verify_log(
    py: Python<'_>,
    log_json: &str,
    request_json: &str,
    head: Option<&str>,
    commitment_json: Option<&str>,
) -> PyResult<String> {
    run(py, || {
        let log: PlanLog = parse("log", log_json)?;
        let head: Option<LogHead> =
            head.map(|h| h.parse().map_err(|e| ApiError::bad_input(format!("head: {e}")))).transpose()?;
        let commitment: Option<Commitment> = optional("commitment", commitment_json)?;
        let request = planned_request(request_json, commitment.as_ref())?;
        api::verify_log("log", &log, &request, head.as_ref(), commitment.as_ref().map(|c| ("commitment", c)))
    })
}

/// The quarter's minimum per stratum: the lines' JSON.
#[pyfunction]
fn quarter_quotas(py: Python<'_>, request_json: &str) -> PyResult<String> {
    run(py, || api::to_json(&api::quotas(&request(request_json)?)?))
}

/// Freezes the request under a seed rule: the commitment's JSON.
#[pyfunction]
#[pyo3(signature = (request_json, authority, date, seed_rule_json=None, outside_window=None))]
fn commit(
    py: Python<'_>,
    request_json: &str,
    authority: &str,
    date: &str,
    seed_rule_json: Option<&str>,
    outside_window: Option<&str>,
) -> PyResult<String> {
    run(py, || {
        let mut request = request(request_json)?;
        let date: NaiveDate = date.parse().map_err(|e| ApiError::bad_input(format!("date `{date}`: {e}")))?;
        let given: Option<SeedRule> = optional("seed_rule", seed_rule_json)?;
        let rule = api::resolve_seed_rule(request.seed_rule.take(), given)?;
        let (commitment, _) = api::commit(request, rule, authority, date, outside_window)?;
        api::to_json(&commitment)
    })
}

/// The least number of officers per unit for which the year plans.
#[pyfunction]
fn staffing(py: Python<'_>, request_json: &str, capacity: u32) -> PyResult<String> {
    run(py, || api::to_json(&api::staffing(&request(request_json)?, capacity)?))
}

/// A regime over years and seeds: the body `/v2/simulate` takes, its
/// defaults from the one table of operations.
#[pyfunction]
fn simulate(py: Python<'_>, body_json: &str) -> PyResult<String> {
    run(py, || {
        let b: SimulateBody = parse("body", body_json)?;
        let spec = b.spec();
        api::to_json(&api::simulate(&api::checked_request("request", b.request)?, &spec, &|_, _| {})?)
    })
}

/// Several policies on one registry side by side: the body `/v2/compare`
/// takes (a policy a preset's name or a policy document).
#[pyfunction]
fn compare(py: Python<'_>, body_json: &str) -> PyResult<String> {
    run(py, || {
        let b: CompareBody = parse("body", body_json)?;
        let spec = b.spec();
        let input =
            api::CompareInput { registry: b.registry, units: b.units, quarter: b.quarter, policies: b.policies };
        api::to_json(&api::compare(input, &spec, &|_, _| {})?)
    })
}

/// The built-in presets.
#[pyfunction]
fn presets() -> PyResult<String> {
    api::to_json(&api::presets()).map_err(raise)
}

/// One preset (or `a+b`): the policy's JSON.
#[pyfunction]
fn preset(name: &str) -> PyResult<String> {
    api::preset(name).and_then(|p| api::to_json(&p)).map_err(raise)
}

/// The demo request (the synthetic prefecture, `changji-county`, 2023Q1).
#[pyfunction]
fn demo_request() -> PyResult<String> {
    api::demo_request().and_then(|r| api::to_json(&r)).map_err(raise)
}

/// The largest synthetic county `sample_county` makes, in objects.
const MAX_SAMPLE_OBJECTS: i64 = 1_000_000;

/// A synthetic county (as the cookbook's `sample::county`).
#[pyfunction]
fn sample_county(key: i64, special: i64, general: i64, officers: i64) -> PyResult<String> {
    let sizes = [("key", key), ("special", special), ("general", general), ("officers", officers)];
    let mut counts = [0usize; 4];
    for ((what, n), count) in sizes.into_iter().zip(&mut counts) {
        *count = usize::try_from(n)
            .ok()
            .filter(|_| n <= MAX_SAMPLE_OBJECTS)
            .ok_or_else(|| raise(ApiError::bad_input(format!("{what}: {n} is not from 0 to {MAX_SAMPLE_OBJECTS}"))))?;
    }
    let [key, special, general, officers] = counts;
    if key + special + general > MAX_SAMPLE_OBJECTS as usize {
        return Err(raise(ApiError::bad_input(format!("at most {MAX_SAMPLE_OBJECTS} objects in a sample county"))));
    }
    api::to_json(&shuangsuiji::sample::county(key, special, general, officers)).map_err(raise)
}

/// A registry from the three CSV texts (the columns and Chinese headers of
/// `--registry dir/`), validated as the CLI validates it; without the
/// jurisdictions, the tree is made from the bureau (`呼图壁县`,
/// `昌吉州:prefecture`) as `ssj --bureau` makes it.
#[pyfunction]
#[pyo3(signature = (jurisdictions, objects, inspectors, bureau=None))]
fn registry_from_csv(
    py: Python<'_>,
    jurisdictions: Option<&str>,
    objects: &str,
    inspectors: &str,
    bureau: Option<&str>,
) -> PyResult<String> {
    run(py, || {
        let (objects, inspectors) = (("objects", objects.as_bytes()), ("inspectors", inspectors.as_bytes()));
        let registry = match (jurisdictions, bureau) {
            (Some(j), _) => {
                shuangsuiji_io::read::parse_registry_csv(("jurisdictions", j.as_bytes()), objects, inspectors)
                    .map_err(ApiError::bad_input)?
            }
            (None, Some(bureau)) => {
                let bureau: Bureau = bureau.parse().map_err(|e| ApiError::bad_input(format!("bureau: {e}")))?;
                shuangsuiji_io::read::parse_libraries_csv(&bureau, objects, inspectors)
                    .map_err(ApiError::bad_input)?
                    .value
            }
            (None, None) => {
                return Err(ApiError::bad_input(
                    "give the jurisdictions, or the bureau whose two libraries these are (bureau=\"呼图壁县\")",
                ))
            }
        };
        api::to_json(&registry)
    })
}

/// The format versions this build reads and writes.
#[pyfunction]
fn formats() -> Vec<String> {
    api::formats()
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ShuangsuijiError", py.get_type::<ShuangsuijiError>())?;
    m.add("BadInput", py.get_type::<BadInput>())?;
    m.add("Refused", py.get_type::<Refused>())?;
    m.add_function(wrap_pyfunction!(plan_quarter, m)?)?;
    m.add_function(wrap_pyfunction!(set_language, m)?)?;
    m.add_function(wrap_pyfunction!(localized, m)?)?;
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(check_compliance, m)?)?;
    m.add_function(wrap_pyfunction!(verify_plan, m)?)?;
    m.add_function(wrap_pyfunction!(verify_log, m)?)?;
    m.add_function(wrap_pyfunction!(quarter_quotas, m)?)?;
    m.add_function(wrap_pyfunction!(commit, m)?)?;
    m.add_function(wrap_pyfunction!(staffing, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(presets, m)?)?;
    m.add_function(wrap_pyfunction!(preset, m)?)?;
    m.add_function(wrap_pyfunction!(demo_request, m)?)?;
    m.add_function(wrap_pyfunction!(sample_county, m)?)?;
    m.add_function(wrap_pyfunction!(registry_from_csv, m)?)?;
    m.add_function(wrap_pyfunction!(formats, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
