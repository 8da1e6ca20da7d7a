//! `ssj verify`: check a plan or an amendment log against its request.
//!
//! * `ssj verify --plan plan.json --request request.json`: exit 0 and
//!   `verified`, or exit 1 listing every difference;
//! * `ssj verify --log log.json --request request.json`: the hash chain,
//!   the original plan and every amendment.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::amend::{verify_log, PlanLog};
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::{verify_plan, PlanRequest};

use crate::input::read_json;
use crate::output::{emit, CliError};

/// `ssj verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The plan JSON to verify.
    #[arg(long, required_unless_present = "log", conflicts_with = "log")]
    pub plan: Option<PathBuf>,
    /// An amendment log JSON to verify (hash chain, original plan, amendments).
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// The request JSON the plan was drawn from (as written by `ssj plan --save-request`).
    #[arg(long)]
    pub request: PathBuf,
}

/// Runs `ssj verify`.
///
/// # Errors
/// [`CliError::Input`] for unreadable files; [`CliError::No`] listing what
/// differs when the plan or log does not verify.
pub fn run(args: VerifyArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request: PlanRequest = read_json(&args.request)?;
    if let Some(path) = &args.log {
        let log: PlanLog = read_json(path)?;
        let report =
            verify_log(&log, &request).map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
        return emit(out, &format!("verified\n{report}"));
    }
    let Some(path) = &args.plan else {
        return Err(CliError::Input("give --plan or --log".into()));
    };
    let plan: QuarterPlan = read_json(path)?;
    verify_plan(&plan, &request).map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
    emit(
        out,
        &format!("verified: {} is the plan its request draws (input digest {})\n", path.display(), plan.input_digest),
    )
}
