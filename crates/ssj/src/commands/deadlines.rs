//! `ssj deadlines`: each task's deadlines and what is overdue.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use shuangsuiji::calendar::Calendar;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::deadlines::{deadlines_report, DeadlinesReport};
use shuangsuiji::publish::results::InspectionResult;
use shuangsuiji::rules::DocumentFile;

use crate::input::{beijing_today, plan_document_files, read_json, read_json_list, read_text, DocumentArgs};
use crate::output::{emit, input_err, to_json, CliError, Format};

/// `ssj deadlines`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj deadlines --plan plan.json
  ssj deadlines --plan plan.json --today 2023-04-20 --holidays holidays-2027.toml
  ssj deadlines --plan plan.json --document my-county-2025.toml

The deadlines and duties are those of the documents the plan's numbers cite: a built-in one, or a document file given with --document. Where none of them sets a deadline, none is shown.
Dates in a year the built-in calendar lacks are marked and name the year; `ssj calendar check FILE` validates a holiday file for it.")]
pub struct DeadlinesArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The results recorded so far (JSON array; see docs/disclosure.md).
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// Publication dates so far: a JSON object from object id (results) or
    /// decision number (penalties) to the date published, e.g. {"K1": "2024-08-01"}.
    #[arg(long)]
    pub published: Option<PathBuf>,
    /// The date to judge overdue items on (YYYY-MM-DD). Default: today's date.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// The documents the plan cites that are not built in.
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// A holiday file adding or replacing years of the working-day calendar (see docs/calendar.md).
    #[arg(long)]
    pub holidays: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `ssj deadlines`.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs; [`CliError::No`] when
/// something is overdue.
pub fn run(args: DeadlinesArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results = match &args.results {
        Some(p) => read_json_list::<InspectionResult>(p)?,
        None => Vec::new(),
    };
    let published: BTreeMap<String, NaiveDate> = match &args.published {
        Some(p) => read_json(p)?,
        None => BTreeMap::new(),
    };
    let mut calendar = Calendar::national().map_err(input_err)?;
    if let Some(path) = &args.holidays {
        let text = read_text(path)?;
        calendar = calendar.with_year_file(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    }
    // The only clock read of the command, and only without --today.
    let today = match args.today {
        Some(d) => d,
        None => beijing_today()?,
    };
    let given = args.documents.read()?;
    let documents = documents_of(&plan, &given)?;
    let report = deadlines_report(&plan, &documents, &results, &published, &calendar, today).map_err(input_err)?;
    match args.format {
        Format::Json => emit(out, &to_json(&report)?)?,
        Format::Table => emit(out, &deadlines_table(&report))?,
    }
    if report.overdue.is_empty() {
        Ok(())
    } else {
        Err(CliError::No(format!("{} item(s) overdue on {}", report.overdue.len(), report.today)))
    }
}

/// The files of the documents the plan cites; a document neither given
/// nor built in is an error naming it.
fn documents_of<'a>(plan: &QuarterPlan, given: &'a [DocumentFile]) -> Result<Vec<&'a DocumentFile>, CliError> {
    let (found, missing) = plan_document_files(plan, given);
    match missing.first() {
        None => Ok(found),
        Some(short) => Err(CliError::Input(format!(
            "the plan cites `{short}`, whose deadlines and duties are not built in: give its document file with --document FILE"
        ))),
    }
}

fn deadlines_table(r: &DeadlinesReport) -> String {
    let mut s = format!("deadlines on {} under {}\n\n", r.today, r.documents.join(", "));
    for duty in &r.duties {
        let window = duty.window_start.map_or(String::new(), |d| format!("{d} to "));
        s.push_str(&format!("  {window}{}  {} ({})\n", duty.due, duty.what, duty.source));
    }
    for event in &r.not_set {
        s.push_str(&format!("  {}: no deadline in {} (none shown)\n", event.duty_en(), r.documents.join(", ")));
    }
    s.push_str(&format!(
        "\n{:<24} {:<16} {:>5} {:<10} {:<11} {:<11} {}\n",
        "unit", "object", "month", "visited", "enter by", "publish by", "penalty decisions"
    ));
    for t in &r.tasks {
        let mark = if t.estimated { "*" } else { "" };
        let due = |d: &Option<shuangsuiji::calendar::deadline::Deadline>| match (d, t.needs_calendar) {
            (Some(d), _) => format!("{}{mark}", d.due),
            (None, Some(year)) => format!("needs {year}"),
            (None, None) => "-".to_owned(),
        };
        let penalties: Vec<String> = t.penalty_decisions.iter().map(|(n, d)| format!("{n} by {}", d.due)).collect();
        s.push_str(&format!(
            "{:<24} {:<16} {:>5} {:<10} {:<11} {:<11} {}\n",
            t.unit,
            t.object,
            t.month,
            t.visited.map_or("-".to_owned(), |d| d.to_string()),
            due(&t.enter_results),
            due(&t.publish_results),
            penalties.join("; ")
        ));
    }
    s.push_str("(* estimated from the end of the planned month: no visit recorded yet)\n\n");
    for year in &r.missing_years {
        let n = r.tasks.iter().filter(|t| t.needs_calendar == Some(*year)).count();
        s.push_str(&format!(
            "{n} task(s) need the {year} working-day calendar, which this build does not have: write a year file \
             from the State Council's notice (国务院办公厅关于{year}年部分节假日安排的通知; docs/calendar.md shows \
             the form), check it with `ssj calendar check FILE`, and give it with --holidays FILE\n"
        ));
    }
    if !r.missing_years.is_empty() {
        s.push('\n');
    }
    if r.overdue.is_empty() {
        s.push_str("nothing overdue\n");
    } else {
        s.push_str(&format!("overdue ({}):\n", r.overdue.len()));
        for o in &r.overdue {
            s.push_str(&format!(
                "  - {}: due {} ({}), {} day(s) late{}\n",
                o.name,
                o.deadline.due,
                o.deadline.source,
                o.days_late,
                o.done.map_or(String::new(), |d| format!(", done {d}"))
            ));
        }
    }
    s
}
