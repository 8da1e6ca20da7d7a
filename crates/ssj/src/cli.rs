//! The `ssj` command's top level: its subcommands and the dispatch to
//! [`crate::commands`].

use clap::{Parser, Subcommand};

use crate::commands::{
    amend, calendar, check, commit, compare, deadlines, draw_record, plan, publish, quotas, rules, simulate, staffing,
    stats, status, verify,
};
use shuangsuiji_io::read::TextEncoding;

use crate::input::InputArgs;
use crate::output::CliError;

/// `ssj`: plan, check and report double-random inspections (双随机、一公开).
#[derive(Debug, Parser)]
#[command(name = "ssj", version, about, long_about = None)]
pub struct Cli {
    /// Text encoding of every input file: auto (UTF-8, or GBK/GB18030 with a
    /// notice when a file is not UTF-8; a UTF-16 BOM means UTF-16), utf-8,
    /// gbk, utf-16.
    #[arg(long, global = true, default_value = "auto", value_parser = parse_encoding)]
    pub encoding: TextEncoding,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

fn parse_encoding(s: &str) -> Result<TextEncoding, String> {
    s.parse()
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Freeze everything but the seed and announce the seed's rule, before the seed exists.
    Commit(commit::CommitArgs),
    /// Draw a quarter's plan: objects, inspectors, months, modes.
    Plan(plan::PlanArgs),
    /// Check a plan against its request (every minimum and assignment rule).
    Check(check::CheckArgs),
    /// List the built-in presets, or show one with every number's clause.
    Rules(rules::RulesArgs),
    /// A quarter's minimums per stratum, without drawing.
    Quotas(InputArgs),
    /// Compare several policies on one registry: draws, officer-visits, officers needed, coverage, disturbance.
    Compare(compare::CompareArgs),
    /// The least number of officers per unit for which the year plans, and today's shortfall.
    Staffing(staffing::StaffingArgs),
    /// A regime over years and seeds: coverage, disturbance, companies never visited, officers' loads.
    Simulate(simulate::SimulateArgs),
    /// Verify a plan (or an amendment log) against its request: exit 0 "verified", or 1 listing what differs.
    Verify(verify::VerifyArgs),
    /// Append an amendment to a locked plan's log (replacement drawn, head printed).
    Amend(amend::AmendArgs),
    /// Write the public draw record (seed, digests, populations, tickets; nothing confidential).
    DrawRecord(draw_record::DrawRecordArgs),
    /// Check a holiday year file (for a year beyond the built-in calendar) and show its working days.
    Calendar(calendar::CalendarArgs),
    /// Deadlines of a plan's tasks (enter, publish, penalty decisions) and what is overdue on --today.
    Deadlines(deadlines::DeadlinesArgs),
    /// Write the public disclosure of the results (JSON, CSV, HTML); confidential results withheld.
    Publish(publish::PublishArgs),
    /// Where the year stands: per stratum done and still owed, key units not yet inspected.
    Status(status::StatusArgs),
    /// The quarterly statistics form, yearly inspection counts and check-item coverage.
    Stats(stats::StatsArgs),
}

/// Runs a parsed command, writing to `out`.
///
/// # Errors
/// [`CliError`] with the message to print and the exit code.
pub fn run(cli: Cli, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    crate::input::set_encoding(cli.encoding);
    match cli.command {
        Command::Commit(args) => commit::run(args, out),
        Command::Plan(args) => plan::run(args, out),
        Command::Check(args) => check::run(args, out),
        Command::Rules(args) => rules::run(args, out),
        Command::Quotas(args) => quotas::run(args, out),
        Command::Compare(args) => compare::run(args, out),
        Command::Staffing(args) => staffing::run(args, out),
        Command::Simulate(args) => simulate::run(args, out),
        Command::Verify(args) => verify::run(args, out),
        Command::Amend(args) => amend::run(args, out),
        Command::DrawRecord(args) => draw_record::run(args, out),
        Command::Calendar(args) => calendar::run(args, out),
        Command::Deadlines(args) => deadlines::run(args, out),
        Command::Publish(args) => publish::run(args, out),
        Command::Stats(args) => stats::run(args, out),
        Command::Status(args) => status::run(args, out),
    }
}
