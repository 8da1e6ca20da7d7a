//! `ssj check`: an independent check of a plan against its request.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::ComplianceReport;

use crate::input::{build_request, read_json, refuse_draw_date, InputArgs};
use crate::output::{emit, to_json, CliError, Format};
use crate::report::Lang;

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
    refuse_draw_date(&args.input)?;
    let plan: QuarterPlan = read_json(&args.plan)?;
    // As the service and the Python package do: the request as it was sent
    // to be planned (a seed as rolled, `5 8 1`, normalised under its rule).
    let request = shuangsuiji_api::prepare(build_request(&args.input)?.into_request(), None)?;
    let (report, verdict) = match shuangsuiji_api::check(&plan, &request) {
        Ok(report) => (report, Ok(())),
        Err((no, report)) => (report, Err(no.into())),
    };
    match args.input.format {
        Format::Json => emit(out, &to_json(&report)?)?,
        Format::Table => emit(out, &report_text(&report, request.history.len(), args.input.lang.into()))?,
    }
    verdict
}

fn report_text(report: &ComplianceReport, history: usize, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "已核查 {} 个层、{} 项任务（对照本年已有检查 {history} 条）：",
            report.strata_checked, report.tasks_checked
        ),
        Lang::En => format!(
            "checked {} strata and {} tasks against {history} earlier inspections this year: ",
            report.strata_checked, report.tasks_checked
        ),
    };
    if report.is_compliant() {
        s.push_str(lang.pick("符合要求\n", "compliant\n"));
    } else {
        s.push_str(&match lang {
            Lang::Zh => format!("发现 {} 处不符合\n", report.breaches.len()),
            Lang::En => format!("{} breach(es)\n", report.breaches.len()),
        });
        for b in &report.breaches {
            let said = match lang {
                Lang::Zh => shuangsuiji_io::messages::localize(shuangsuiji_io::messages::Lang::Zh, &b.to_string()),
                Lang::En => b.to_string(),
            };
            s.push_str(&format!("  - {said}\n"));
        }
    }
    s
}
