//! `ssj verify`: check a plan or an amendment log against its request.
//!
//! * `ssj verify --plan plan.json --request request.json [--commitment
//!   c.json]`: exit 0 and `verified`, or exit 1 listing every difference;
//! * `ssj verify --log log.json --request request.json [--head N:HASH]`:
//!   the hash chain, the original plan, every amendment, and the log
//!   against the head the bureau published.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::amend::{check_head, verify_log, LogHead, PlanLog};
use shuangsuiji::audit::commitment::{check_commitment, Commitment};
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::verify_plan;

use crate::input::{read_json, read_request};
use crate::output::{emit, CliError};

/// `ssj verify`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj verify --plan plan.json --request request.json --commitment commitment.json
  ssj verify --log log.json --request request.json --head 3:9f2c…   (the head the bureau published)")]
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
    /// The commitment published before the seed: the request must be the one it froze.
    #[arg(long)]
    pub commitment: Option<PathBuf>,
    /// With --log: the head the bureau published, `<entries>:<hash>`.
    #[arg(long, requires = "log")]
    pub head: Option<LogHead>,
}

/// Runs `ssj verify`.
///
/// # Errors
/// [`CliError::Input`] for unreadable files; [`CliError::No`] listing what
/// differs when the plan, log or commitment does not verify.
pub fn run(args: VerifyArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request = read_request(&args.request)?;
    let mut said = String::new();
    if let Some(path) = &args.commitment {
        let commitment: Commitment = read_json(path)?;
        check_commitment(&commitment, &request)
            .map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
        let _ = writeln!(
            said,
            "commitment {} ({}, {}): the request is the one committed",
            commitment.digest, commitment.authority, commitment.date
        );
    }
    if let Some(path) = &args.log {
        let log: PlanLog = read_json(path)?;
        let report =
            verify_log(&log, &request).map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
        if let Some(head) = &args.head {
            let after = check_head(&log, head).map_err(|e| {
                CliError::No(format!("{}: not verified against the published head: {e}", path.display()))
            })?;
            let _ = writeln!(
                said,
                "the log matches the published head {head}; {after} entr(ies) after it are not yet published"
            );
        }
        check_plan_commitment(&args, &report.original.commitment)?;
        return emit(out, &format!("verified\n{said}{report}"));
    }
    let Some(path) = &args.plan else {
        return Err(CliError::Input("give --plan or --log".into()));
    };
    let plan: QuarterPlan = read_json(path)?;
    check_plan_commitment(&args, &plan.commitment)?;
    verify_plan(&plan, &request).map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
    let rule = match &plan.seed_rule {
        Some(rule) => format!("seed {} under the announced rule: {}", plan.seed, rule.announced),
        None => format!("seed {} — no seed rule was announced: the draw was not committed in advance", plan.seed),
    };
    emit(
        out,
        &format!(
            "{said}verified: {} is the plan its request draws (commitment {})\n{rule}\n",
            path.display(),
            plan.commitment
        ),
    )
}

/// With --commitment, the plan must carry the committed digest.
fn check_plan_commitment(args: &VerifyArgs, plan_commitment: &str) -> Result<(), CliError> {
    let Some(path) = &args.commitment else { return Ok(()) };
    let commitment: Commitment = read_json(path)?;
    if commitment.digest != plan_commitment {
        return Err(CliError::No(format!(
            "not verified: the plan records commitment {plan_commitment}, but {} is {}",
            path.display(),
            commitment.digest
        )));
    }
    Ok(())
}
