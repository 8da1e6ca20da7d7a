//! `ssj draw-record`: the public record of a draw.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::draw_record::public_draw_record;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::PlanRequest;

use crate::input::read_json;
use crate::output::{emit, to_json, write_atomic, CliError};

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

/// Runs `ssj draw-record`.
///
/// # Errors
/// [`CliError::Input`] for unreadable or unwritable files.
pub fn run(args: DrawRecordArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request: PlanRequest = read_json(&args.request)?;
    let plan: QuarterPlan = read_json(&args.plan)?;
    let record = public_draw_record(&plan, &request);
    let json = to_json(&record)?;
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
