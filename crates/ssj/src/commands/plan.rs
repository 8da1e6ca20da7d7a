//! `ssj plan`: draw a quarter's plan and write it, with its reports.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::plan::{plan_quarter, Mode, QuarterPlan};

use crate::input::{build_request, InputArgs};
use crate::output::{emit, to_json, write_atomic, CliError, Format};
use crate::report::{self, Lang};

/// `ssj plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the plan JSON here (atomically: a failed run never overwrites a good plan).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the HTML report here (default with --demo: ssj-demo-report.html).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Write the Markdown report here.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// Also write the full request (for `check` and `verify`) here.
    #[arg(long)]
    pub save_request: Option<PathBuf>,
}

/// Runs `ssj plan`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs or unwritable outputs; [`CliError::No`]
/// when the request cannot be planned.
pub fn run(args: PlanArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request = build_request(&args.input)?;
    let plan = plan_quarter(&request).map_err(|e| CliError::No(format!("cannot plan: {e}")))?;
    let json = to_json(&plan)?;
    if let Some(path) = &args.out {
        write_atomic(path, json.as_bytes())?;
    }
    if let Some(path) = &args.save_request {
        write_atomic(path, to_json(&request)?.as_bytes())?;
    }
    let lang = Lang::from(args.input.lang);
    let report_path = args.report.clone().or_else(|| args.input.demo.then(|| PathBuf::from("ssj-demo-report.html")));
    if let Some(path) = &report_path {
        write_atomic(path, report::html(&plan, &request.registry, lang).as_bytes())?;
    }
    if let Some(path) = &args.markdown {
        write_atomic(path, report::markdown(&plan, &request.registry, lang).as_bytes())?;
    }
    match args.input.format {
        Format::Json => emit(out, &json),
        Format::Table => {
            emit(out, &plan_table(&plan, lang))?;
            if let Some(path) = report_path {
                emit(out, &format!("\nHTML report: {}\n", path.display()))?;
            }
            Ok(())
        }
    }
}

/// A plan as a table for people.
pub fn plan_table(plan: &QuarterPlan, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut s = format!(
        "{} {}  policy {}  seed {}\ninput digest {}\n\n{:<44} {:>8} {:>8} {:>6}  {}\n",
        if zh { "抽查计划" } else { "Plan" },
        plan.quarter,
        plan.policy,
        plan.seed,
        plan.input_digest,
        if zh { "层 stratum" } else { "stratum" },
        if zh { "可抽" } else { "eligible" },
        if zh { "最低" } else { "minimum" },
        if zh { "抽中" } else { "drawn" },
        if zh { "条款" } else { "clause" },
    );
    for st in &plan.strata {
        let name = match &st.campaign {
            Some(c) => format!("{}/campaign/{c}", st.stratum.unit),
            None => {
                let cat = if zh { st.stratum.category.zh() } else { st.stratum.category.en() };
                let pool = if zh { st.stratum.pool.zh() } else { st.stratum.pool.en() };
                format!("{}/{pool}/{cat}", st.stratum.unit)
            }
        };
        let clause = st.demands.iter().max_by_key(|d| d.demand).map(|d| d.source.to_string()).unwrap_or_default();
        s.push_str(&format!("{name:<44} {:>8} {:>8} {:>6}  {clause}\n", st.eligible, st.required, st.drawn));
    }
    let off = plan.tasks.iter().filter(|t| t.mode == Mode::OffSite).count();
    s.push_str(&format!(
        "\n{}: {} ({} {off})\n",
        if zh { "任务" } else { "tasks" },
        plan.tasks.len(),
        if zh { "其中非现场" } else { "off-site" }
    ));
    s
}
