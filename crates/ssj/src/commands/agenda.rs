//! `ssj agenda`: every duty of the year's documents with its date, and what
//! the year folder shows done, due or overdue.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::Args;
use shuangsuiji::calendar::Calendar;
use shuangsuiji::model::Quarter;
use shuangsuiji::publish::agenda::{agenda, Agenda, DoneRecord, Filed, FiledPlan, MonthTally, State};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules::{self, DocumentFile, Policy};

use crate::input::{
    beijing_today, folder_plan, load_policy, month_dir, quarter_dir, read_json, read_json_list, DocumentArgs, LangArg,
};
use crate::output::{emit, input_err, to_json, write_all_atomic, CliError, Format};
use crate::report::{self, Lang};
use crate::table::Table;

/// `ssj agenda`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj agenda --year-dir year --today 2023-11-20
  ssj agenda --year-dir year --today 2023-11-20 --lang zh --report agenda.html

The duties are those of the policy's documents (the latest saved request in the folder names the policy; --policy overrides it), for the levels they bind. A duty is done when the folder shows it (the next quarter's or month's plan made, last month's results all recorded) or when <year-dir>/duties-done.json records it: a JSON list of {\"what\", \"due\", \"done\"}. Exit 1 when something is overdue.")]
pub struct AgendaArgs {
    /// The year folder (`<dir>/2023Q1/plan.json`, `<dir>/2023Q1/m01/…`).
    #[arg(long, value_name = "DIR")]
    pub year_dir: PathBuf,
    /// The day to judge on (YYYY-MM-DD). Default: today in Beijing.
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
    /// The year. Default: the year of --today.
    #[arg(long)]
    pub year: Option<i32>,
    /// The policy (a preset, a policy or document file). Default: the one
    /// of the latest request saved in the folder.
    #[arg(long)]
    pub policy: Option<String>,
    /// The documents the policy cites that are not built in.
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// Also write the agenda as an HTML page.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Label language.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
}

/// Runs `ssj agenda`.
///
/// # Errors
/// [`CliError::Input`] for an unreadable folder or policy;
/// [`CliError::No`] when a duty is overdue.
pub fn run(args: AgendaArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let today = match args.today {
        Some(d) => d,
        None => beijing_today()?,
    };
    let year = args.year.unwrap_or(today.year());
    let dir = &args.year_dir;
    if !dir.is_dir() {
        return Err(CliError::Input(format!("{}: no such year folder", dir.display())));
    }
    let policy = match &args.policy {
        Some(spec) => load_policy(spec)?,
        None => folder_policy(dir, year)?,
    };
    let given = args.documents.read()?;
    let documents = policy_documents(&policy, &given);
    let filed = filed(dir, year)?;
    let calendar = Calendar::national().map_err(input_err)?;
    let a = agenda(&policy, &documents, year, &filed, &calendar, today).map_err(input_err)?;
    let lang: Lang = args.lang.into();
    if let Some(path) = &args.report {
        write_all_atomic(&[(path.clone(), report::agenda::html(&a, lang))])?;
    }
    let text = match args.format {
        Format::Json => to_json(&a)?,
        Format::Table => table(&a, lang),
    };
    emit(out, &text)?;
    let overdue = a.items.iter().filter(|i| i.state == State::Overdue).count();
    if overdue == 0 {
        Ok(())
    } else {
        Err(CliError::No(match lang {
            Lang::Zh => format!("{today} 有 {overdue} 项逾期"),
            Lang::En => format!("{overdue} duty(ies) overdue on {today}"),
        }))
    }
}

/// The policy of the latest request saved in the folder for `year`.
fn folder_policy(dir: &Path, year: i32) -> Result<Policy, CliError> {
    let mut latest = None;
    for q in (1..=4).filter_map(|q| Quarter::new(year, q).ok()) {
        let folders = std::iter::once(quarter_dir(dir, q)).chain(q.months().into_iter().map(|m| month_dir(dir, q, m)));
        latest = folders.map(|f| f.join("request.json")).rfind(|p| p.exists()).or(latest);
    }
    let path = latest.ok_or_else(|| {
        CliError::Input(format!("{}: no saved request.json for {year} names the policy; give --policy", dir.display()))
    })?;
    Ok(read_json::<PlanRequest>(&path)?.policy)
}

/// The files of the documents the policy cites: given ones first, then
/// the built-in.
fn policy_documents<'a>(policy: &Policy, given: &'a [DocumentFile]) -> Vec<&'a DocumentFile> {
    rules::policy_documents(policy)
        .iter()
        .filter_map(|short| given.iter().find(|f| f.document.short == *short).or_else(|| rules::document_file(short)))
        .collect()
}

/// What the folder holds for `year` (and the quarters either side, which
/// the year's first and last duties look to: January's report on
/// December, December's plan for January).
fn filed(dir: &Path, year: i32) -> Result<Filed, CliError> {
    let mut plans = Vec::new();
    let quarters = Quarter::new(year - 1, 4)
        .ok()
        .into_iter()
        .chain((1..=4).filter_map(|q| Quarter::new(year, q).ok()))
        .chain(Quarter::new(year + 1, 1).ok());
    for q in quarters {
        if let Some(p) = filed_plan(&quarter_dir(dir, q), q, None)? {
            plans.push(p);
        }
        for m in q.months() {
            if let Some(p) = filed_plan(&month_dir(dir, q, m), q, Some(m))? {
                plans.push(p);
            }
        }
    }
    let ledger = dir.join("duties-done.json");
    let done: Vec<DoneRecord> = if ledger.exists() { read_json_list(&ledger)? } else { Vec::new() };
    Ok(Filed { plans, done })
}

/// One plan folder's plan (its log's amended plan where it has one) and
/// how many of its tasks have results, per month.
fn filed_plan(here: &Path, quarter: Quarter, month: Option<u32>) -> Result<Option<FiledPlan>, CliError> {
    let (Some(plan), results) = folder_plan(here)? else { return Ok(None) };
    let months = quarter
        .months()
        .into_iter()
        .map(|m| {
            let tasks: Vec<_> = plan.tasks.iter().filter(|t| t.month == m).collect();
            let with_results = tasks.iter().filter(|t| results.iter().any(|r| r.object == t.object)).count();
            MonthTally { month: m, tasks: tasks.len() as u64, with_results: with_results as u64 }
        })
        .filter(|t| t.tasks > 0)
        .collect();
    Ok(Some(FiledPlan { quarter, month, months }))
}

fn state_word(s: State, lang: Lang) -> &'static str {
    lang.pick(s.zh(), s.en())
}

fn table(a: &Agenda, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let mut s = match lang {
        Lang::Zh => {
            format!("{} 年工作日程（{}，依据《{}》），截至 {}\n\n", a.year, a.policy, a.documents_zh, a.today)
        }
        Lang::En => format!("{} agenda of {} under {}, on {}\n\n", a.year, a.policy, a.documents.join(", "), a.today),
    };
    let mut t = Table::new(
        &[
            l("期限", "due"),
            l("办理窗口", "window"),
            l("状态", "state"),
            l("事项", "duty"),
            l("依据", "source"),
            l("完成依据", "shown by"),
        ],
        &[false, false, false, false, false, false],
    );
    for i in &a.items {
        t.row(vec![
            i.due.to_string(),
            i.window_start.map(|w| format!("{w} – {}", i.due)).unwrap_or_default(),
            state_word(i.state, lang).to_owned(),
            i.what.clone(),
            report::agenda::source(a, i, lang),
            report::agenda::evidence(i, lang),
        ]);
    }
    s.push_str(&t.render());
    let missing: Vec<&str> = a.periods.iter().filter(|p| !p.filed).map(|p| p.period.as_str()).collect();
    s.push_str(&match lang {
        Lang::Zh => format!("\n已建抽查计划的时段：{} / {}", a.periods.len() - missing.len(), a.periods.len()),
        Lang::En => format!("\nperiods with a plan filed: {} of {}", a.periods.len() - missing.len(), a.periods.len()),
    });
    if !missing.is_empty() {
        s.push_str(&format!("{}{}", l("；尚无计划：", "; none yet: "), missing.join(", ")));
    }
    s.push('\n');
    for y in &a.missing_years {
        s.push_str(&match lang {
            Lang::Zh => format!("{y} 年的工作日历未内置，按工作日计算的期限从略（见 docs/calendar.md）\n"),
            Lang::En => format!("the {y} working-day calendar is not built in: working-day windows in it are left out (docs/calendar.md)\n"),
        });
    }
    s
}
