//! The `ssj` command's top level: its subcommands and the dispatch to
//! [`crate::commands`].

use clap::{Parser, Subcommand};

use crate::commands::{
    agenda, amend, calendar, check, commit, compare, deadlines, draw_record, plan, publish, quotas, rules, schema,
    serve, simulate, staffing, stats, status, template, verify,
};
use shuangsuiji_io::read::{Bureau, ReadOptions, TextEncoding};

use crate::input::InputArgs;
use crate::output::ticker;
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
    /// For a registry of two libraries (objects, inspectors) without a
    /// jurisdiction table: the bureau's area by name, `NAME` for a county or
    /// `NAME:park` / `NAME:prefecture`; the tree is made from it and the
    /// areas the libraries name (docs/registry-format.md).
    #[arg(long, global = true, value_name = "NAME[:LEVEL]", value_parser = parse_bureau)]
    pub bureau: Option<Bureau>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `--lang` the command line gives its subcommand, if it takes one.
pub fn lang(matches: &clap::ArgMatches) -> Option<crate::input::LangArg> {
    // The deepest subcommand that takes one (`ssj rules check --lang zh`).
    let mut found = None;
    let mut at = matches;
    while let Some((_, sub)) = at.subcommand() {
        if let Some(lang) = sub.try_get_one::<crate::input::LangArg>("lang").ok().flatten() {
            found = Some(*lang);
        }
        at = sub;
    }
    found
}

/// The commands that may run long and say nothing meanwhile, by name: a
/// line on a terminal says they are at work ([`Ticker`]). `simulate` and
/// `compare` count their own progress; `serve` runs until stopped.
fn ticking(command: &Command) -> Option<&'static str> {
    Some(match command {
        Command::Commit(_) => "commit",
        Command::Plan(_) => "plan",
        Command::Check(_) => "check",
        Command::Quotas(_) => "quotas",
        Command::Staffing(_) => "staffing",
        Command::Verify(_) => "verify",
        Command::Amend(_) => "amend",
        Command::DrawRecord(_) => "draw-record",
        Command::Publish(_) => "publish",
        Command::Status(_) => "status",
        Command::Stats(_) => "stats",
        Command::Agenda(_) => "agenda",
        Command::Deadlines(_) => "deadlines",
        _ => return None,
    })
}

/// `ssj man`: one page to stdout, or every page into a folder, all or none.
fn man(args: ManArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let mut top = command().disable_help_subcommand(true);
    top.build();
    let mut pages = Vec::new();
    man_pages(&top, &mut pages)?;
    match (args.dir, args.command) {
        (Some(dir), _) => {
            std::fs::create_dir_all(&dir).map_err(|e| CliError::Input(format!("{}: {e}", dir.display())))?;
            let files: Vec<(std::path::PathBuf, String)> = pages
                .into_iter()
                .map(|(name, page)| (dir.join(format!("{name}.1")), String::from_utf8_lossy(&page).into_owned()))
                .collect();
            crate::output::write_all_atomic(&files)
        }
        (None, command) => {
            let wanted = command.map_or_else(|| "ssj".to_owned(), |c| format!("ssj-{c}"));
            let (_, page) = pages.into_iter().find(|(name, _)| *name == wanted).ok_or_else(|| {
                CliError::Input(format!("no manual page {wanted}(1): give a subcommand of `ssj --help`"))
            })?;
            crate::output::emit(out, &String::from_utf8_lossy(&page))
        }
    }
}

/// Every page of `cmd` and its subcommands, by name (`ssj-plan`).
fn man_pages(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .map_err(|e| CliError::Input(format!("cannot write the manual page: {e}")))?;
    pages.push((cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned(), page));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, pages)?;
    }
    Ok(())
}

fn parse_bureau(s: &str) -> Result<Bureau, String> {
    s.parse()
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
    #[command(
        after_help = "Examples:\n  ssj quotas --demo --quarter 2023Q3\n  ssj quotas --registry registry/ --policy changji-county --quarter 2023Q1 --format json\n\nWithout --demo, give --registry (or --request), --policy and --quarter; no seed is needed."
    )]
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
    /// The year's duties (next list, monthly plans, statistics form, summaries): done, due, overdue on --today.
    Agenda(agenda::AgendaArgs),
    /// Write the public disclosure of the results (JSON, CSV, HTML); confidential results withheld.
    Publish(publish::PublishArgs),
    /// Where the year stands: per stratum done and still owed, key units not yet inspected.
    Status(status::StatusArgs),
    /// The quarterly statistics form, yearly inspection counts and check-item coverage.
    Stats(stats::StatsArgs),
    /// Write a blank registry to fill in: a workbook (Chinese headers, drop-down lists, a sheet explaining each column) and CSV files.
    Template(template::TemplateArgs),
    /// Print the JSON Schema of a format (request, plan, policy, registry), generated from the reader's types.
    Schema(schema::SchemaArgs),
    /// Serve the operations over HTTP (JSON in, JSON out) for platforms that embed them.
    Serve(serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to standard output.
    Completions(CompletionsArgs),
    /// Print a manual page (roff): ssj(1), or one subcommand's, ssj-plan(1); or write them all.
    #[command(
        after_help = "Examples:\n  ssj man > /usr/local/share/man/man1/ssj.1\n  ssj man plan          # ssj-plan(1)\n  ssj man --dir /usr/local/share/man/man1   # ssj.1 and every ssj-COMMAND.1"
    )]
    Man(ManArgs),
}

/// `ssj man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A subcommand whose page to print (`plan` for ssj-plan(1)); none: ssj(1).
    #[arg(conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page (ssj.1 and ssj-COMMAND.1) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

/// `ssj completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  ssj completions bash > /etc/bash_completion.d/ssj")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The versions of every format this build reads and writes, for
/// `ssj --version`.
pub fn formats() -> String {
    format!("{}\nformats: {}", env!("CARGO_PKG_VERSION"), shuangsuiji_api::formats().join(", "))
}

/// The clap command, its long version naming the formats.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().long_version(formats())
}

/// The commands whose help is said in Chinese under `--lang zh` (every
/// flag and the command's line, from the one catalogue); the others keep
/// English help.
pub const HELP_IN_CHINESE: [&str; 5] = ["plan", "check", "verify", "quotas", "commit"];

/// [`command`], its help in `lang` for [`HELP_IN_CHINESE`] (the line of
/// `ssj --help` for every command): `ssj plan --help --lang zh`.
pub fn command_in(lang: shuangsuiji_io::messages::Lang) -> clap::Command {
    use shuangsuiji_io::messages::localize;
    let cmd = command();
    if lang == shuangsuiji_io::messages::Lang::En {
        return cmd;
    }
    let said = |text: &clap::builder::StyledStr| localize(lang, &text.to_string());
    let mut cmd = cmd;
    // The global flags (`--encoding`, `--bureau`), shown with every command.
    let globals: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in globals {
        cmd = cmd.mut_arg(&id, |arg| match arg.get_help().map(said) {
            Some(help) => arg.help(help),
            None => arg,
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    for name in names {
        let full = HELP_IN_CHINESE.contains(&name.as_str());
        cmd = cmd.mut_subcommand(&name, |sub| {
            let mut sub = match sub.get_about().map(said) {
                Some(about) => sub.about(about),
                None => sub,
            };
            if full {
                let ids: Vec<String> = sub.get_arguments().map(|a| a.get_id().to_string()).collect();
                for id in ids {
                    sub = sub.mut_arg(&id, |arg| match arg.get_help().map(said) {
                        Some(help) => arg.help(help),
                        None => arg,
                    });
                }
            }
            sub
        });
    }
    cmd
}

/// The language the raw command line asks for (`--lang zh`), read before
/// parsing so that `--help` is said in it.
pub fn lang_asked(args: &[std::ffi::OsString]) -> shuangsuiji_io::messages::Lang {
    let zh = args.windows(2).any(|w| w.first().is_some_and(|f| f == "--lang") && w.get(1).is_some_and(|v| v == "zh"))
        || args.iter().any(|a| a == "--lang=zh");
    if zh {
        shuangsuiji_io::messages::Lang::Zh
    } else {
        shuangsuiji_io::messages::Lang::En
    }
}

/// Runs a parsed command, writing to `out`.
///
/// # Errors
/// [`CliError`] with the message to print and the exit code.
pub fn run(cli: Cli, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    crate::input::set_read_options(ReadOptions { encoding: cli.encoding, bureau: cli.bureau.clone() });
    if let Some(name) = ticking(&cli.command) {
        let zh = crate::output::lang() == shuangsuiji_io::messages::Lang::Zh;
        ticker::start(name, move |s| if zh { format!("已用 {s} 秒…") } else { format!("{s} s…") });
    }
    let done = run_command(cli, out);
    ticker::stop();
    done
}

fn run_command(cli: Cli, out: &mut dyn std::io::Write) -> Result<(), CliError> {
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
        Command::Agenda(args) => agenda::run(args, out),
        Command::Publish(args) => publish::run(args, out),
        Command::Stats(args) => stats::run(args, out),
        Command::Status(args) => status::run(args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Template(args) => template::run(args, out),
        Command::Serve(args) => serve::run(args, out),
        Command::Completions(args) => {
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut command(), "ssj", &mut buf);
            crate::output::emit(out, &String::from_utf8_lossy(&buf))
        }
        Command::Man(args) => man(args, out),
    }
}
