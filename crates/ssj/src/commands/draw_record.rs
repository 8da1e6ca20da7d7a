//! `ssj draw-record`: the public record of a draw.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::amend::{verify_log, PlanLog};
use shuangsuiji::audit::draw_record::public_draw_record;
use shuangsuiji::plan::QuarterPlan;

use crate::input::{read_json, read_request};
use crate::output::{emit, to_json, write_all_atomic, CliError};

/// `ssj draw-record`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj draw-record --plan plan.json --request request.json --out draw-record.json
  ssj draw-record --plan plan.json --request request.json --log log.json --out draw-record.json

The record holds nothing confidential: anyone can re-derive the draw from it (tests/reference/draw_record_check.py).")]
pub struct DrawRecordArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The request JSON the plan was drawn from.
    #[arg(long)]
    pub request: PathBuf,
    /// The plan's amendment log, if it has one: its head and every
    /// amendment go into the record.
    #[arg(long)]
    pub log: Option<PathBuf>,
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
/// [`CliError::Input`] for unreadable or unwritable files;
/// [`CliError::No`] when the log given does not verify against the request.
pub fn run(args: DrawRecordArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request = read_request(&args.request)?;
    let plan: QuarterPlan = read_json(&args.plan)?;
    let log = match &args.log {
        Some(path) => {
            let log: PlanLog = read_json(path)?;
            verify_log(&log, &request).map_err(|e| CliError::No(format!("{}: not verified: {e}", path.display())))?;
            if log.original() != Some(&plan) {
                return Err(CliError::No(format!(
                    "{}: the log's original plan is not {}",
                    path.display(),
                    args.plan.display()
                )));
            }
            Some(log)
        }
        None => None,
    };
    let record = public_draw_record(&plan, &request, log.as_ref());
    let json = to_json(&record)?;
    let mut files = Vec::new();
    if let Some(path) = &args.markdown {
        files.push((path.clone(), record.to_markdown()));
    }
    if let Some(path) = &args.out {
        files.push((path.clone(), json.clone()));
    }
    write_all_atomic(&files)?;
    if files.iter().any(|(p, _)| p.as_os_str() == "-") {
        return Ok(()); // standard output holds the file asked for
    }
    match &args.out {
        Some(path) => emit(out, &format!("draw record: {} ({} strata)\n", path.display(), record.strata.len())),
        None => emit(out, &json),
    }
}
