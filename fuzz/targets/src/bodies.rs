//! The service's request bodies (`POST /v2/*`) from arbitrary bytes, as
//! the handlers read them: each body kind parsed, and a plan body's
//! request checked and planned. `Ok` or a refusal that renders, never a
//! panic; a planned request's plan verifies.

use shuangsuiji_api as api;
use shuangsuiji_api::operations::{
    AgendaBody, CheckBody, CommitBody, CompareBody, PlanBody, QuotasBody, SimulateBody, StaffingBody, VerifyBody,
};

/// One input of the target: its first byte picks the body kind.
pub fn run(data: &[u8]) {
    let Some((&kind, body)) = data.split_first() else { return };
    let refused = |e: api::ApiError| assert!(!e.message.is_empty(), "a refusal without a message");
    match kind % 9 {
        0 => match api::parse::<PlanBody>("body", body) {
            Ok(b) => plan(b),
            Err(e) => refused(e),
        },
        1 => drop(api::parse::<CheckBody>("body", body).map_err(refused)),
        2 => drop(api::parse::<VerifyBody>("body", body).map_err(refused)),
        3 => drop(api::parse::<QuotasBody>("body", body).map_err(refused)),
        4 => drop(api::parse::<CommitBody>("body", body).map_err(refused)),
        5 => drop(api::parse::<StaffingBody>("body", body).map_err(refused)),
        6 => drop(api::parse::<AgendaBody>("body", body).map_err(refused)),
        7 => drop(api::parse::<SimulateBody>("body", body).map_err(refused)),
        _ => drop(api::parse::<CompareBody>("body", body).map_err(refused)),
    }
}

/// `/v2/plan`'s work: check, plan, and the plan verifies.
fn plan(body: PlanBody) {
    let Ok(request) = api::checked("request", body.request) else { return };
    let Ok(planned) = api::plan_checked(request, body.commitment.as_ref().map(|c| ("commitment", c))) else { return };
    let verified = api::verify("plan", &planned.plan, &planned.request, None);
    assert!(verified.is_ok(), "a plan the service answered does not verify: {verified:?}");
}
