//! `ssj amend`: append an amendment to a locked plan's log.
//!
//! Every amendment is drawn by the documented method (replacement
//! officers by the assignment rank, replacement objects by ticket), dated
//! within the quarter and not before the previous one, and sealed into the
//! hash chain; the command prints the new head to publish.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use shuangsuiji::audit::amend::{PlanLog, TeamChange};
use shuangsuiji::model::Status;
use shuangsuiji::plan::QuarterPlan;

use crate::input::{read_json, read_request};
use crate::output::{emit, input_err, to_json, write_atomic, CliError};

/// `ssj amend`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj amend --request request.json --plan plan.json --write log.json \\
      --reason 病假 --author 王科长 --date 2023-02-03 absent --inspector I12 --from 2023-02-03 --until 2023-02-17
  ssj amend --request request.json --log log.json --reason 企业已搬迁 --author 王科长 --date 2023-02-10 \\
      close-object --unit changji/hutubi --object K001 --status relocated

Publish the head it prints (with the disclosure and the draw record) after every amendment.")]
pub struct AmendArgs {
    /// The request the plan was drawn from.
    #[arg(long)]
    pub request: PathBuf,
    /// The log to append to.
    #[arg(long, required_unless_present = "plan", conflicts_with = "plan")]
    pub log: Option<PathBuf>,
    /// Start a new log from this plan (its original entry).
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// Where to write the log (default: --log).
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// Why.
    #[arg(long)]
    pub reason: String,
    /// Who decides it.
    #[arg(long)]
    pub author: String,
    /// When (YYYY-MM-DD): in the plan's quarter, not before the previous amendment.
    #[arg(long)]
    pub date: NaiveDate,
    /// The amendment.
    #[command(subcommand)]
    pub kind: AmendKind,
}

/// The kinds of amendment.
#[derive(Debug, Subcommand)]
pub enum AmendKind {
    /// An officer leaves one task (e.g. a late recusal); the replacement is drawn.
    ReplaceInspector {
        /// The task's drawing unit.
        #[arg(long)]
        unit: String,
        /// The task's object.
        #[arg(long)]
        object: String,
        /// The officer leaving.
        #[arg(long)]
        inspector: String,
    },
    /// An officer is away (illness, leave): out of every task in those months, replacements drawn.
    Absent {
        /// The officer.
        #[arg(long)]
        inspector: String,
        /// First day away.
        #[arg(long)]
        from: NaiveDate,
        /// Last day away.
        #[arg(long)]
        until: NaiveDate,
    },
    /// The object closed or moved before the visit: its task is cancelled, replacements drawn.
    CloseObject {
        /// The task's drawing unit.
        #[arg(long)]
        unit: String,
        /// The object.
        #[arg(long)]
        object: String,
        /// Its new status: relocated, long_term_stopped, bankrupt_deregistered, opted_out (or 搬迁, 长期停产, …).
        #[arg(long)]
        status: Status,
    },
    /// A task moves to another month of the quarter.
    MoveTask {
        /// The task's drawing unit.
        #[arg(long)]
        unit: String,
        /// The object.
        #[arg(long)]
        object: String,
        /// The new month (1–12, in the quarter).
        #[arg(long)]
        month: u32,
    },
}

/// Runs `ssj amend`.
///
/// # Errors
/// [`CliError::Input`] for unreadable files or no place to write;
/// [`CliError::No`] when the log does not verify or the amendment cannot be
/// made (nobody free to replace an officer, a date outside the quarter…).
pub fn run(args: AmendArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request = read_request(&args.request)?;
    let (mut log, target) = match (&args.log, &args.plan) {
        (Some(path), _) => (read_json::<PlanLog>(path)?, args.write.clone().unwrap_or_else(|| path.clone())),
        (None, Some(path)) => {
            let plan: QuarterPlan = read_json(path)?;
            let target = args
                .write
                .clone()
                .ok_or_else(|| CliError::Input("with --plan, give --write for the new log".into()))?;
            (PlanLog::new(plan), target)
        }
        (None, None) => return Err(CliError::Input("give --log (to append) or --plan (to start a log)".into())),
    };
    shuangsuiji::audit::amend::verify_log(&log, &request)
        .map_err(|e| CliError::No(format!("the log does not verify: {e}")))?;
    let (reason, author, date) = (args.reason.as_str(), args.author.as_str(), args.date);
    let no = |e: shuangsuiji::audit::amend::AmendError| CliError::No(format!("cannot amend: {e}"));
    let said = match &args.kind {
        AmendKind::ReplaceInspector { unit, object, inspector } => {
            let r = log.replace_inspector(&request, unit, object, inspector, reason, author, date).map_err(no)?;
            format!("task {unit}/{object}: {inspector} replaced by {r}\n")
        }
        AmendKind::Absent { inspector, from, until } => {
            let changes = log.inspector_absent(&request, inspector, *from, *until, reason, author, date).map_err(no)?;
            team_changes(inspector, &changes)
        }
        AmendKind::CloseObject { unit, object, status } => {
            let replacements = log.close_object(&request, unit, object, *status, reason, author, date).map_err(no)?;
            let mut s = format!("task {unit}/{object} cancelled\n");
            for r in &replacements {
                s.push_str(&format!("  {}: {} drawn in its place (ticket {})\n", r.stratum, r.object, r.ticket));
            }
            s.push_str(&format!(
                "registry change: set object {object}'s status to {} in the object library before the next draw\n",
                status.en()
            ));
            s
        }
        AmendKind::MoveTask { unit, object, month } => {
            log.move_task(unit, object, *month, reason, author, date).map_err(no)?;
            format!("task {unit}/{object} moved to month {month}\n")
        }
    };
    write_atomic(&target, to_json(&log)?.as_bytes()).map_err(input_err)?;
    emit(out, &format!("{said}wrote {}\npublish this head: {}\n", target.display(), log.head()))
}

fn team_changes(inspector: &str, changes: &[TeamChange]) -> String {
    let mut s = format!("{inspector} leaves {} task(s):\n", changes.len());
    for c in changes {
        s.push_str(&format!("  {}/{}: replaced by {}\n", c.unit, c.object, c.replacement));
    }
    s
}
