//! `ssj check`: an independent check of a plan against its request.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::{check_compliance, ComplianceReport};

use crate::input::{build_request, read_json, InputArgs};
use crate::output::{emit, to_json, CliError, Format};

/// `ssj check`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj check --plan plan.json --request request.json
  ssj check --plan edited.json --request request.json --format json

Exit 0 when compliant, 1 listing every breach, 2 for bad input.")]
pub struct CheckArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// Inputs (the request the plan answers).
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `ssj check`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs; [`CliError::No`] when breaches are
/// found.
pub fn run(args: CheckArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let request = build_request(&args.input)?;
    let report = check_compliance(&plan, &request);
    match args.input.format {
        Format::Json => emit(out, &to_json(&report)?)?,
        Format::Table => emit(out, &report_text(&report))?,
    }
    if report.is_compliant() {
        Ok(())
    } else {
        Err(CliError::No(format!("{} breach(es) found", report.breaches.len())))
    }
}

fn report_text(report: &ComplianceReport) -> String {
    let mut s = format!("checked {} strata and {} tasks: ", report.strata_checked, report.tasks_checked);
    if report.is_compliant() {
        s.push_str("compliant\n");
    } else {
        s.push_str(&format!("{} breach(es)\n", report.breaches.len()));
        for b in &report.breaches {
            s.push_str(&format!("  - {b}\n"));
        }
    }
    s
}
