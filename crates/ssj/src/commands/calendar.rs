//! `ssj calendar`: check a holiday year file before using it.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use shuangsuiji::calendar::Calendar;

use crate::output::{emit, CliError};

/// `ssj calendar`.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  ssj calendar check holidays-2027.toml

The file has the form of data/holidays.toml (docs/calendar.md): one [[year]] per year, its
notice, and each holiday's days off and make-up working days, as the State Council published them.")]
pub struct CalendarArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: CalendarAction,
}

/// Calendar actions.
#[derive(Debug, Subcommand)]
pub enum CalendarAction {
    /// Validate a holiday year file and print its working days per month.
    Check {
        /// The year file (TOML).
        file: PathBuf,
    },
}

/// Runs `ssj calendar`.
///
/// # Errors
/// [`CliError::Input`] naming the file and what is wrong in it.
pub fn run(args: CalendarArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let CalendarAction::Check { file } = args.action;
    let err = |e: &dyn std::fmt::Display| CliError::Input(format!("{}: {e}", file.display()));
    let text = crate::input::read_text(&file)?;
    let calendar = Calendar::empty().with_year_file(&text).map_err(|e| err(&e))?;
    let mut s = format!("{}: valid\n", file.display());
    for year in calendar.years() {
        let Some(schedule) = calendar.year(year) else { continue };
        let _ = writeln!(s, "\n{year} — {}", schedule.notice);
        for h in &schedule.holidays {
            let days = |list: &[chrono::NaiveDate]| {
                list.iter().map(|d| d.format("%m-%d").to_string()).collect::<Vec<_>>().join(" ")
            };
            let _ = writeln!(
                s,
                "  {:<8} off {}{}",
                h.name,
                days(&h.off),
                if h.work.is_empty() { String::new() } else { format!("; 调休上班 {}", days(&h.work)) }
            );
        }
        let per_month = schedule.working_days_per_month();
        let months: Vec<String> = per_month.iter().enumerate().map(|(i, n)| format!("{}月 {n}", i + 1)).collect();
        let _ = writeln!(s, "  working days: {} (total {})", months.join(", "), per_month.iter().sum::<u32>());
    }
    emit(out, &s)
}
