//! `ssj verify` and `ssj draw-record`: check a plan or an amendment log
//! against its request, and write the public draw record.
//!
//! * `ssj verify --plan plan.json --request request.json`: exit 0 and
//!   `verified`, or exit 1 listing every difference;
//! * `ssj verify --log log.json --request request.json`: the hash chain,
//!   the original plan and every amendment;
//! * `ssj draw-record --plan plan.json --request request.json --out
//!   record.json --markdown record.md`: the public record of the draw.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;
use shuangsuiji::amend::{verify_log, PlanLog};
use shuangsuiji::plan::{PlanRequest, QuarterPlan};
use shuangsuiji::publish_draw::public_draw_record;
use shuangsuiji::verify_plan;

use crate::cli::{write_atomic, CliError};

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

/// `ssj draw-record`.
#[derive(Debug, Args)]
pub struct DrawRecordArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The request JSON the plan was drawn from.
    #[arg(long)]
    pub request: PathBuf,
    /// Write the record's JSON here (default: print it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the record as Markdown here.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    let text = fs::read_to_string(path).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

fn emit(out: &mut dyn std::io::Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).map_err(|e| CliError::Input(e.to_string()))
}

/// Runs `ssj verify`.
///
/// # Errors
/// [`CliError::Input`] for unreadable files; [`CliError::No`] listing what
/// differs when the plan or log does not verify.
pub fn verify(args: VerifyArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
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

/// Runs `ssj draw-record`.
///
/// # Errors
/// [`CliError::Input`] for unreadable or unwritable files.
pub fn draw_record(args: DrawRecordArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request: PlanRequest = read_json(&args.request)?;
    let plan: QuarterPlan = read_json(&args.plan)?;
    let record = public_draw_record(&plan, &request);
    let json = serde_json::to_string_pretty(&record).map_err(|e| CliError::Input(e.to_string()))? + "\n";
    if let Some(path) = &args.markdown {
        write_atomic(path, record.to_markdown().as_bytes())?;
    }
    match &args.out {
        Some(path) => {
            write_atomic(path, json.as_bytes())?;
            emit(out, &format!("draw record: {} ({} strata)\n", path.display(), record.strata.len()))
        }
        None => emit(out, &json),
    }
}
