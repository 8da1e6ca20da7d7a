//! `ssj amend`: append an amendment to a locked plan's log.
//!
//! A change that needs a replacement is a claim first (`replace-inspector`,
//! `absent`, `close-object`), with its evidence and the rule of a public
//! seed that does not exist yet; publish the head it prints, fix the seed
//! by the rule in public, then `draw --seed …` draws the replacements
//! under it. Every entry is dated within the quarter and not before the
//! previous one, and sealed into the hash chain; the command prints the
//! new head to publish.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use shuangsuiji::audit::amend::{AmendmentKind, Note, PlanLog};
use shuangsuiji::model::Status;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::request::SeedRule;

use crate::input::{read_json, read_request, SourceArg};
use crate::output::{emit, input_err, to_json, write_atomic, CliError};

/// `ssj amend`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj amend --request request.json --plan plan.json --write log.json \\
      --reason 病假 --author 王科长 --date 2023-02-03 --evidence 病假证明2023-014 \\
      absent --inspector I12 --from 2023-02-03 --until 2023-02-17 \\
      --seed-source dice --seed-digits 20 --seed-announced \"2023-02-06 例会上由纪检人员投掷十面骰20次\"
  (publish the head it prints; roll the dice at the meeting)
  ssj amend --request request.json --log log.json --reason 公开摇号 --author 王科长 --date 2023-02-06 \\
      draw --seed \"3141 5926 5358 9793 2384\"

Publish the head it prints (with the disclosure and the draw record) after every entry:
a claim's head before its seed exists, the draw's after.")]
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
    /// The reference of the document proving a claim (closure notice, sick
    /// note, recusal request): required for a claim, published with it.
    #[arg(long)]
    pub evidence: Option<String>,
    /// The amendment.
    #[command(subcommand)]
    pub kind: AmendKind,
}

/// The public seed a claim's replacements will be drawn under: its rule,
/// announced with the claim.
#[derive(Debug, Args)]
pub struct ClaimSeed {
    /// Where the replacement seed will come from.
    #[arg(long, value_enum)]
    pub seed_source: SourceArg,
    /// How many decimal digits it will have (at least 20, or --weak-seed).
    #[arg(long)]
    pub seed_digits: u32,
    /// The rule in the bureau's words, as published with the claim.
    #[arg(long)]
    pub seed_announced: String,
    /// Accept a rule of fewer than 20 digits (recorded in the log).
    #[arg(long)]
    pub weak_seed: bool,
}

impl ClaimSeed {
    fn rule(&self) -> SeedRule {
        SeedRule {
            source: self.seed_source.into(),
            digits: self.seed_digits,
            announced: self.seed_announced.clone(),
            weak: self.weak_seed,
        }
    }
}

/// The kinds of amendment.
#[derive(Debug, Subcommand)]
pub enum AmendKind {
    /// Claim: an officer leaves one task (e.g. a late recusal); the replacement is drawn later.
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
        /// The replacement seed's rule.
        #[command(flatten)]
        seed: ClaimSeed,
    },
    /// Claim: an officer is away (illness, leave): out of every task in those months.
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
        /// The replacement seed's rule.
        #[command(flatten)]
        seed: ClaimSeed,
    },
    /// Claim: the object closed or moved before the visit: its task is cancelled.
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
        /// The replacement seed's rule.
        #[command(flatten)]
        seed: ClaimSeed,
    },
    /// Draws the pending claim's replacements under the seed fixed by its rule.
    Draw {
        /// The seed, as it came (spaces and separators allowed).
        #[arg(long)]
        seed: String,
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
    let mut note = Note::new(&args.reason, &args.author, args.date);
    note.evidence.clone_from(&args.evidence);
    let no = |e: shuangsuiji::audit::amend::AmendError| CliError::No(format!("cannot amend: {e}"));
    let claimed = |what: String, rule: &ClaimSeed| {
        format!(
            "{what}\nclaim recorded: publish the head below now, then fix the seed in public by the rule announced ({}) and run `ssj amend … draw --seed …`\n",
            rule.seed_announced
        )
    };
    let said = match &args.kind {
        AmendKind::ReplaceInspector { unit, object, inspector, seed } => {
            log.replace_inspector(&request, (unit, object, inspector), seed.rule(), note).map_err(no)?;
            claimed(format!("task {unit}/{object}: {inspector} leaves the team"), seed)
        }
        AmendKind::Absent { inspector, from, until, seed } => {
            log.inspector_absent(&request, (inspector, *from, *until), seed.rule(), note).map_err(no)?;
            claimed(format!("{inspector} away from {from} to {until}: leaves every task of those months"), seed)
        }
        AmendKind::CloseObject { unit, object, status, seed } => {
            log.close_object(&request, (unit, object, *status), seed.rule(), note).map_err(no)?;
            claimed(
                format!(
                    "task {unit}/{object} cancelled\nregistry change: set object {object}'s status to {} in the object library before the next draw",
                    status.en()
                ),
                seed,
            )
        }
        AmendKind::Draw { seed } => drawn(&log.draw_replacements(&request, seed, note).map_err(no)?),
        AmendKind::MoveTask { unit, object, month } => {
            log.move_task((unit, object, *month), note).map_err(no)?;
            format!("task {unit}/{object} moved to month {month}\n")
        }
    };
    write_atomic(&target, to_json(&log)?.as_bytes()).map_err(input_err)?;
    emit(out, &format!("{said}wrote {}\npublish this head: {}\n", target.display(), log.head()))
}

/// What a draw brought in, one line each.
fn drawn(kind: &AmendmentKind) -> String {
    let AmendmentKind::ReplacementsDrawn { claim, seed, officers, objects } = kind else { return String::new() };
    let mut s = format!("replacements for entry {claim}, drawn under seed {seed}:\n");
    for c in officers {
        s.push_str(&format!("  {}/{}: {} joins the team\n", c.unit, c.object, c.replacement));
    }
    for r in objects {
        s.push_str(&format!("  {}: {} drawn in its place (ticket {})\n", r.stratum, r.object, r.ticket));
    }
    s
}
