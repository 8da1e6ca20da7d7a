//! One function per operation, each taking the documents already read and
//! returning the documents to write, with the messages every front end
//! shows.

use chrono::NaiveDate;
use shuangsuiji::analysis::compare::{compare_with_progress, comparison_year, CompareSpec, Comparison};
use shuangsuiji::analysis::simulate::{simulate_with_progress, Simulation, SimulationSpec};
use shuangsuiji::analysis::staffing::{least_for_quarter, staffing as staffing_of, Staffing};
use shuangsuiji::audit::amend::{check_head, verify_log as verify_chain, LogHead, LogReport, PlanLog};
use shuangsuiji::audit::commitment::{
    check_checked_commitment, check_commitment, commit_outside_window, Commitment, CommitmentError,
};
use shuangsuiji::audit::verify::{verify_checked as verify_checked_plan, VerifyError};
use shuangsuiji::calendar::Calendar;
use shuangsuiji::model::{Level, Quarter, Registry};
use shuangsuiji::plan::assign::AssignError;
use shuangsuiji::plan::quota::{quarter_quotas, QuotaLine};
use shuangsuiji::plan::{plan_quarter, CheckedRequest, PlanError, QuarterPlan};
use shuangsuiji::publish::agenda::{agenda as agenda_of, list_window, Agenda, Filed};
use shuangsuiji::request::{normalize_seed, SeedRule};
use shuangsuiji::rules::{self, Policy, PolicyLevel};
use shuangsuiji::{check_compliance, verify_plan, ComplianceReport, PlanRequest};

use crate::operations::PolicyChoice;
use crate::ApiError;

/// The seed the demo uses when none is given. Real draws fix theirs in
/// public after the commitment.
pub const DEMO_PUBLIC_SEED: &str = "demo-20230101-31415926535897932384";

/// A drawn plan and the request it answers, as it must be kept for
/// `check` and `verify` (its seed normalised, its seed rule filled in from
/// the commitment).
#[derive(Debug, Clone)]
pub struct Planned {
    /// The plan.
    pub plan: QuarterPlan,
    /// The request, seeded.
    pub request: PlanRequest,
}

/// Draws a quarter's plan: with a commitment (its name and the
/// commitment), the request must be the one it froze and takes the
/// commitment's seed rule when it has none; the seed is normalised under
/// that rule.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a missing or
/// malformed seed or a request the planner refuses as input;
/// [`ErrorKind::No`](crate::ErrorKind::No) when the request is not the
/// committed one or cannot be planned — a staffing failure says how many
/// officers the unit needs, found by planning.
pub fn plan(mut request: PlanRequest, commitment: Option<(&str, &Commitment)>) -> Result<Planned, ApiError> {
    if let Some((name, commitment)) = commitment {
        fill_from_commitment(&mut request, commitment);
        check_commitment(commitment, &request).map_err(|e| ApiError::no(format!("{name}: {e}")))?;
    }
    let request = prepare(request, commitment.map(|(_, c)| c))?;
    let plan = plan_quarter(&request).map_err(|e| cannot_plan(&request, e))?;
    Ok(Planned { plan, request })
}

/// [`plan`] for a request the caller has checked already
/// ([`CheckedRequest::new`], to refuse bad input first): the same plan and
/// the same errors, without the planner checking the request again (a
/// tenth of planning 3.5 M objects).
///
/// ```
/// use shuangsuiji::plan::CheckedRequest;
/// use shuangsuiji_api as api;
/// let request = api::demo_request().unwrap();
/// let checked = CheckedRequest::new(request.clone()).unwrap();
/// assert_eq!(api::plan_checked(checked, None).unwrap().plan, api::plan(request, None).unwrap().plan);
/// ```
///
/// # Errors
/// As [`plan`].
pub fn plan_checked(mut request: CheckedRequest, commitment: Option<(&str, &Commitment)>) -> Result<Planned, ApiError> {
    if let Some((name, commitment)) = commitment {
        fill_checked_from_commitment(&mut request, commitment);
        // Hashed once: the plan takes the digest the check computed.
        check_checked_commitment(commitment, &request).map_err(|e| ApiError::no(format!("{name}: {e}")))?;
    }
    request.set_seed(prepared_seed(&request)?);
    let plan = shuangsuiji::plan::plan_checked(&request).map_err(|e| cannot_plan(&request, e))?;
    Ok(Planned { plan, request: request.into_request() })
}

/// A planning error as the front ends say it: bad input, or a "no" with
/// what a staffing failure takes to fix.
fn cannot_plan(request: &PlanRequest, e: PlanError) -> ApiError {
    let mut message = format!("cannot plan: {e}");
    if let PlanError::Staffing(e) = &e {
        message.push_str(&staffing_hint(request, e));
    }
    if e.is_bad_input() {
        ApiError::bad_input(message)
    } else {
        ApiError::no(message)
    }
}

/// The request as planning reads it: the commitment's seed rule when the
/// request has none, the seed normalised under the rule. `check` and
/// `verify` of a service take the request as it was sent to be planned and
/// prepare it the same way (preparing a prepared request changes nothing).
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a missing seed
/// or one the rule refuses.
pub fn prepare(mut request: PlanRequest, commitment: Option<&Commitment>) -> Result<PlanRequest, ApiError> {
    if let Some(commitment) = commitment {
        fill_from_commitment(&mut request, commitment);
    }
    request.seed = prepared_seed(&request)?;
    Ok(request)
}

/// [`prepare`] for a request checked already ([`CheckedRequest`]), for
/// [`verify_checked`].
///
/// # Errors
/// As [`prepare`].
pub fn prepare_checked(
    mut request: CheckedRequest,
    commitment: Option<&Commitment>,
) -> Result<CheckedRequest, ApiError> {
    if let Some(commitment) = commitment {
        fill_checked_from_commitment(&mut request, commitment);
    }
    request.set_seed(prepared_seed(&request)?);
    Ok(request)
}

/// The request's seed normalised under its rule; a blank one refused.
fn prepared_seed(request: &PlanRequest) -> Result<String, ApiError> {
    if request.seed.trim().is_empty() {
        return Err(ApiError::bad_input(
            "the request has no seed: give the public seed, fixed after the commitment by its announced rule",
        ));
    }
    normalize_seed(&request.seed, request.seed_rule.as_ref()).map_err(ApiError::bad_input)
}

/// A request sent without them takes the commitment's seed rule and who
/// committed it when: the digest covers both.
fn fill_from_commitment(request: &mut PlanRequest, commitment: &Commitment) {
    if request.seed_rule.is_none() {
        request.seed_rule = commitment.seed_rule();
    }
    if request.committed.is_none() {
        request.committed = commitment.committed();
    }
}

/// [`fill_from_commitment`] for a checked request.
fn fill_checked_from_commitment(request: &mut CheckedRequest, commitment: &Commitment) {
    if request.seed_rule.is_none() {
        request.set_seed_rule(commitment.seed_rule());
    }
    if request.committed.is_none() {
        request.set_committed(commitment.committed());
    }
}

/// What a staffing failure takes to fix, found by planning (a division
/// would miss that every officer counted under 1:N raises the minimum).
fn staffing_hint(request: &PlanRequest, e: &AssignError) -> String {
    let unit = e.unit();
    let certified = |unit: Option<&str>| -> Vec<u32> {
        request
            .registry
            .inspectors
            .iter()
            .filter(|i| unit.is_none_or(|u| i.jurisdiction == u) && i.is_certified_officer())
            .map(|i| i.quarterly_capacity)
            .collect()
    };
    let officers = certified(Some(unit));
    let mut capacities = if officers.is_empty() { certified(None) } else { officers.clone() };
    capacities.sort_unstable();
    let Some(&capacity) = capacities.get(capacities.len() / 2) else {
        return String::new();
    };
    match least_for_quarter(request, unit, capacity) {
        Ok(Some(n)) => format!(
            "\nplanned with officers of capacity {capacity} (the median), {unit} needs at least {n} certified, on-post officers for {} (it has {}); `ssj staffing --capacity {capacity}` answers for the rest of the year",
            request.quarter,
            officers.len()
        ),
        Ok(None) => format!(
            "\nno number of officers of capacity {capacity} staffs {unit}: the cause is not headcount (expertise, recusals)"
        ),
        Err(_) => String::new(),
    }
}

/// Checks a plan against its request, independently of the planner.
///
/// # Errors
/// [`ErrorKind::No`](crate::ErrorKind::No) with the report when breaches
/// are found: `Err((error, report))` keeps the report for the front end to
/// show.
pub fn check(plan: &QuarterPlan, request: &PlanRequest) -> Result<ComplianceReport, (ApiError, ComplianceReport)> {
    let report = check_compliance(plan, request);
    if report.is_compliant() {
        Ok(report)
    } else {
        Err((ApiError::no(format!("{} breach(es) found", report.breaches.len())), report))
    }
}

/// Verifies that `plan` (named `name`) is the plan its request draws and,
/// with a commitment, that the request is the committed one and the plan
/// records it. Returns what was verified, in words.
///
/// # Errors
/// [`ErrorKind::No`](crate::ErrorKind::No) naming every difference.
pub fn verify(
    name: &str,
    plan: &QuarterPlan,
    request: &PlanRequest,
    commitment: Option<(&str, &Commitment)>,
) -> Result<String, ApiError> {
    let said = committed_by(commitment, |c| check_commitment(c, request))?;
    verified(name, plan, said, commitment, || verify_plan(plan, request))
}

/// [`verify`] for a request checked already ([`prepare_checked`]): not
/// checked again, and hashed once for the commitment and the re-plan.
///
/// ```
/// use shuangsuiji::plan::CheckedRequest;
/// use shuangsuiji_api as api;
/// let planned = api::plan(api::demo_request().unwrap(), None).unwrap();
/// let request = api::prepare_checked(CheckedRequest::new(planned.request).unwrap(), None).unwrap();
/// let said = api::verify_checked("plan.json", &planned.plan, &request, None).unwrap();
/// assert!(said.starts_with("verified: plan.json is the plan its request draws"));
/// ```
///
/// # Errors
/// As [`verify`].
pub fn verify_checked(
    name: &str,
    plan: &QuarterPlan,
    request: &CheckedRequest,
    commitment: Option<(&str, &Commitment)>,
) -> Result<String, ApiError> {
    let said = committed_by(commitment, |c| check_checked_commitment(c, request))?;
    verified(name, plan, said, commitment, || verify_checked_plan(plan, request))
}

/// What [`verify`] says after the commitment's check (`said`): the plan
/// records the commitment, and `verify` finds it the plan its request draws.
fn verified(
    name: &str,
    plan: &QuarterPlan,
    mut said: String,
    commitment: Option<(&str, &Commitment)>,
    verify: impl FnOnce() -> Result<(), VerifyError>,
) -> Result<String, ApiError> {
    plan_records(plan.commitment.as_str(), commitment)?;
    verify().map_err(|e| ApiError::no(format!("{name}: not verified: {e}")))?;
    let rule = match &plan.seed_rule {
        Some(rule) => format!("seed {} under the announced rule: {}", plan.seed, rule.announced),
        None => format!("seed {} — no seed rule was announced: the draw was not committed in advance", plan.seed),
    };
    said.push_str(&format!(
        "verified: {name} is the plan its request draws (commitment {})\n{rule}\n",
        plan.commitment
    ));
    Ok(said)
}

/// Verifies an amendment log (named `name`): its hash chain, its original
/// plan, every amendment, and — with `head` — the log against the head the
/// bureau published. Returns what was verified, in words.
///
/// # Errors
/// [`ErrorKind::No`](crate::ErrorKind::No) naming what does not verify.
pub fn verify_log(
    name: &str,
    log: &PlanLog,
    request: &PlanRequest,
    head: Option<&LogHead>,
    commitment: Option<(&str, &Commitment)>,
) -> Result<String, ApiError> {
    let mut said = committed(request, commitment)?;
    let report: LogReport =
        verify_chain(log, request).map_err(|e| ApiError::no(format!("{name}: not verified: {e}")))?;
    if let Some(head) = head {
        let after = check_head(log, head)
            .map_err(|e| ApiError::no(format!("{name}: not verified against the published head: {e}")))?;
        said.push_str(&format!(
            "the log matches the published head {head}; {after} entr(ies) after it are not yet published\n"
        ));
    }
    plan_records(&report.original.commitment, commitment)?;
    Ok(format!("verified\n{said}{report}"))
}

/// With a commitment: the request is the one it froze.
fn committed(request: &PlanRequest, commitment: Option<(&str, &Commitment)>) -> Result<String, ApiError> {
    committed_by(commitment, |c| check_commitment(c, request))
}

/// [`committed`], the request checked against the commitment by `check`.
fn committed_by(
    commitment: Option<(&str, &Commitment)>,
    check: impl FnOnce(&Commitment) -> Result<(), CommitmentError>,
) -> Result<String, ApiError> {
    let Some((name, commitment)) = commitment else { return Ok(String::new()) };
    check(commitment).map_err(|e| ApiError::no(format!("{name}: not verified: {e}")))?;
    Ok(format!(
        "commitment {} ({}, {}): the request is the one committed\n",
        commitment.digest, commitment.authority, commitment.date
    ))
}

/// With a commitment: the plan carries its digest.
fn plan_records(recorded: &str, commitment: Option<(&str, &Commitment)>) -> Result<(), ApiError> {
    match commitment {
        Some((name, c)) if c.digest != recorded => Err(ApiError::no(format!(
            "not verified: the plan records commitment {recorded}, but {name} is {}",
            c.digest
        ))),
        _ => Ok(()),
    }
}

/// The quarter's minimum per stratum, without drawing.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a policy that
/// does not cover the quarter or a request the quota rules refuse.
pub fn quotas(request: &PlanRequest) -> Result<Vec<QuotaLine>, ApiError> {
    quarter_quotas(&request.quota_input()).map_err(ApiError::bad_input)
}

/// The seed rule of a commitment: the request's own, or the one given, not
/// both and not neither.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when both or neither
/// is there.
pub fn resolve_seed_rule(in_request: Option<SeedRule>, given: Option<SeedRule>) -> Result<SeedRule, ApiError> {
    match (in_request, given) {
        (Some(rule), None) | (None, Some(rule)) => Ok(rule),
        (Some(_), Some(_)) => Err(ApiError::bad_input(
            "the request already has a seed_rule: give the rule once, in the request or beside it",
        )),
        (None, None) => Err(ApiError::bad_input(
            "a commitment announces where the seed will come from: give a seed_rule (source dice, lottery or other; digits; announced)",
        )),
    }
}

/// Freezes everything that decides the plan, the seed aside, under
/// `rule`: returns the commitment to publish and the request to keep (its
/// seed cleared, its seed rule set).
///
/// The commitment's date is checked against the window the policy's
/// documents set for fixing the list ([`list_window`]): outside it, the
/// commitment needs `outside_window`, the reason, which it carries; inside
/// it, a reason is refused.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a seed already
/// given (a commitment comes before the seed), a blank authority, a seed
/// rule the protocol refuses, or a date outside the window without a
/// reason (or inside it with one).
pub fn commit(
    mut request: PlanRequest,
    rule: SeedRule,
    authority: &str,
    date: NaiveDate,
    outside_window: Option<&str>,
) -> Result<(Commitment, PlanRequest), ApiError> {
    if !request.seed.trim().is_empty() {
        return Err(ApiError::bad_input(
            "the request has a seed: a commitment is made before the seed exists; give the seed when planning",
        ));
    }
    check_list_window(&request, date, outside_window)?;
    request.seed = String::new();
    request.seed_rule = Some(rule);
    let commitment =
        commit_outside_window(&mut request, authority, date, outside_window).map_err(ApiError::bad_input)?;
    Ok((commitment, request))
}

/// A commitment dated outside its list window needs a reason; one inside
/// it needs none.
fn check_list_window(request: &PlanRequest, date: NaiveDate, reason: Option<&str>) -> Result<(), ApiError> {
    let documents = rules::policy_document_files(&request.policy);
    let calendar = Calendar::national().map_err(ApiError::bad_input)?;
    let window = list_window(&request.policy, &documents, &calendar, request.quarter, request.month)
        .map_err(ApiError::bad_input)?;
    let from = window.from.map(|f| format!("from {f} ")).unwrap_or_default();
    match (window.holds(date), reason) {
        (true, None) | (false, Some(_)) => Ok(()),
        (false, None) => Err(ApiError::bad_input(format!(
            "the list of {} is to be fixed {from}by {} ({}); a commitment dated {date} is outside that window: give the reason (outside_window), which the commitment carries",
            request.period(),
            window.by,
            window.source
        ))),
        (true, Some(_)) => Err(ApiError::bad_input(format!(
            "a commitment dated {date} lies inside the window ({from}by {}, {}): it needs no reason (outside_window)",
            window.by, window.source
        ))),
    }
}

/// The year's agenda of `policy`'s bureau: every duty of its (built-in)
/// documents for `year`, judged on `today` against what `filed` holds
/// (`ssj agenda` reads it from a year folder).
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) when a duty's date
/// cannot be computed.
pub fn agenda(policy: &Policy, year: i32, filed: &Filed, today: NaiveDate) -> Result<Agenda, ApiError> {
    let documents = rules::policy_document_files(policy);
    let calendar = Calendar::national().map_err(ApiError::bad_input)?;
    agenda_of(policy, &documents, year, filed, &calendar, today).map_err(ApiError::bad_input)
}

/// The least number of certified, on-post officers per unit at `capacity`
/// visits a quarter for which the year plans, found by planning.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a policy without
/// rules or a request the planner refuses.
pub fn staffing(request: &PlanRequest, capacity: u32) -> Result<Staffing, ApiError> {
    request.policy.check_has_rules().map_err(ApiError::bad_input)?;
    staffing_of(request, capacity).map_err(ApiError::bad_input)
}

/// A regime over years and seeds, `progress(seeds done, seeds)` called as
/// seeds finish.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for a policy without
/// rules or a specification out of range.
pub fn simulate(
    request: &PlanRequest,
    spec: &SimulationSpec,
    progress: &(dyn Fn(u32, u32) + Sync),
) -> Result<Simulation, ApiError> {
    request.policy.check_has_rules().map_err(ApiError::bad_input)?;
    simulate_with_progress(request, spec, progress).map_err(ApiError::bad_input)
}

/// What a comparison starts from: the registry and units, the policies by
/// name, and the quarter (each policy's first fully covered year when
/// none).
#[derive(Debug, Clone)]
pub struct CompareInput {
    /// The registry.
    pub registry: Registry,
    /// The drawing units; every unit of each policy's level when empty.
    pub units: Vec<String>,
    /// The first quarter, or each policy's own first covered year.
    pub quarter: Option<Quarter>,
    /// The policies: preset names (`a+b` combines a base and modifiers)
    /// or policy documents.
    pub policies: Vec<PolicyChoice>,
}

/// Several policies on one registry side by side, `progress(policies done,
/// policies)` called after each.
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) for an unknown or
/// modifier-only policy, or a request the planner refuses.
pub fn compare(
    input: CompareInput,
    spec: &CompareSpec,
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<Comparison>, ApiError> {
    if input.policies.is_empty() {
        return Err(ApiError::bad_input("give at least one policy to compare"));
    }
    let mut requests = Vec::with_capacity(input.policies.len());
    for choice in input.policies {
        let (name, policy) = match choice {
            PolicyChoice::Preset(name) => (name.clone(), preset(&name)?),
            PolicyChoice::Document(policy) => (policy.id.clone(), *policy),
        };
        policy.check_has_rules().map_err(ApiError::bad_input)?;
        let quarter = match input.quarter {
            Some(q) => q,
            None => Quarter::new(comparison_year(&policy), 1).map_err(ApiError::bad_input)?,
        };
        let units = if input.units.is_empty() { default_units(&input.registry, &policy) } else { input.units.clone() };
        let request = PlanRequest::new(input.registry.clone(), policy, units, quarter, "");
        requests.push(crate::checked_request(&name, request)?);
    }
    compare_with_progress(&requests, spec, progress).map_err(ApiError::bad_input)
}

/// A preset by name, or several joined by `+` — a base and policies of
/// modifiers to add to it (`changji-county+zhongwei-positive-list`).
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput) naming the unknown
/// preset, or a combination whose base has no rules or whose additions do.
pub fn preset(spec: &str) -> Result<Policy, ApiError> {
    if spec.contains('+') {
        let parts = spec.split('+').map(|p| rules::preset(p.trim())).collect::<Result<Vec<_>, _>>();
        return parts.and_then(|parts| rules::combine(&parts)).map_err(ApiError::bad_input);
    }
    rules::preset(spec).map_err(ApiError::bad_input)
}

/// One preset as listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct PresetSummary {
    /// The name to give as a policy.
    pub name: String,
    /// The policy's name, or what the preset needs before it is one.
    pub policy: String,
    /// The document's Chinese title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Where the preset needs more (the county's own rate), why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<String>,
}

/// Every preset.
pub fn presets() -> Vec<PresetSummary> {
    rules::preset_names()
        .into_iter()
        .map(|name| match rules::preset(name) {
            Ok(p) => PresetSummary { name: name.to_owned(), document: Some(p.title_zh()), policy: p.name, needs: None },
            Err(e) => PresetSummary {
                name: name.to_owned(),
                policy: String::new(),
                document: None,
                needs: Some(e.to_string()),
            },
        })
        .collect()
}

/// Every jurisdiction of the policy's level: the prefectures, or every
/// county and park, sorted.
pub fn default_units(registry: &Registry, policy: &Policy) -> Vec<String> {
    let mut units: Vec<String> = registry
        .jurisdictions
        .iter()
        .filter(|j| match policy.level {
            PolicyLevel::Prefecture => j.level == Level::Prefecture,
            PolicyLevel::CountyOrPark => matches!(j.level, Level::County | Level::Park),
        })
        .map(|j| j.id.clone())
        .collect();
    units.sort();
    units
}

/// The built-in demo: the synthetic prefecture (modelled on Changji; not
/// real companies), every county and park under `changji-county`, 2023Q1,
/// the demo seed.
///
/// # Errors
/// Never in practice: the preset and quarter are fixed.
pub fn demo_request() -> Result<PlanRequest, ApiError> {
    let registry = shuangsuiji_io::synth::demo_prefecture();
    let policy = preset("changji-county")?;
    let units = default_units(&registry, &policy);
    Ok(PlanRequest::new(registry, policy, units, Quarter::new(2023, 1).map_err(ApiError::bad_input)?, DEMO_PUBLIC_SEED))
}
