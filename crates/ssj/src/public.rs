//! The "one public" subcommands: `deadlines`, `publish` and `stats`.
//!
//! They read a plan (`ssj plan --out`), a results file (an array of
//! `InspectionResult`, see `docs/disclosure.md`) and, where names or
//! categories are needed, the registry (`--request` or `--registry`).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use shuangsuiji::calendar::Calendar;
use shuangsuiji::deadline::{self, Deadline};
use shuangsuiji::model::{Inspection, Registry};
use shuangsuiji::plan::{PlanRequest, QuarterPlan};
use shuangsuiji::publish::{self, DisclosurePolicy};
use shuangsuiji::results::{validate_results, InspectionResult};
use shuangsuiji::stats::{self, ItemCoverage, QuarterStats, StatsRow, YearlyCounts};

use crate::cli::{write_atomic, CliError, Format};
use crate::read;

fn input_err(e: impl std::fmt::Display) -> CliError {
    CliError::Input(e.to_string())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    let text = fs::read_to_string(path).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(input_err)
}

fn emit(out: &mut dyn std::io::Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).map_err(input_err)
}

/// Reads the results file.
///
/// # Errors
/// [`CliError::Input`] naming the file.
pub fn read_results(path: &Path) -> Result<Vec<InspectionResult>, CliError> {
    read_json(path)
}

/// Where the registry (and history) come from.
#[derive(Debug, Clone, Args)]
pub struct RegistrySource {
    /// The request the plan answers (registry, history…), as saved by `ssj plan --save-request`.
    #[arg(long, conflicts_with = "registry")]
    pub request: Option<PathBuf>,
    /// Registry: a JSON file, or a directory with jurisdictions.csv, objects.csv, inspectors.csv.
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// This year's earlier inspections (.json or .csv), with --registry.
    #[arg(long, requires = "registry")]
    pub history: Option<PathBuf>,
}

impl RegistrySource {
    fn load(&self) -> Result<(Registry, Vec<Inspection>), CliError> {
        if let Some(path) = &self.request {
            let request: PlanRequest = read_json(path)?;
            return Ok((request.registry, request.history));
        }
        let path = self.registry.as_ref().ok_or_else(|| CliError::Input("give --request or --registry".into()))?;
        let registry = if path.is_dir() { read::read_registry_dir(path) } else { read::read_registry_json(path) }
            .map_err(input_err)?;
        let history = match &self.history {
            None => Vec::new(),
            Some(h) if h.extension().is_some_and(|e| e == "csv") => {
                read::read_history_csv(h, &registry).map_err(input_err)?
            }
            Some(h) => read::read_history_json(h, &registry).map_err(input_err)?,
        };
        Ok((registry, history))
    }
}

/// `ssj deadlines`.
#[derive(Debug, Args)]
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
    /// A holiday file adding or replacing years of the working-day calendar (see docs/calendar.md).
    #[arg(long)]
    pub holidays: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// One task's deadlines.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDeadlines {
    /// The drawing unit.
    pub unit: String,
    /// The object.
    pub object: String,
    /// The planned month.
    pub month: u32,
    /// Date of the (latest) recorded visit, if any.
    pub visited: Option<NaiveDate>,
    /// Results entered within 7 working days of the visit (from the end of
    /// the planned month when no visit is recorded yet).
    pub enter_results: Deadline,
    /// Results published within 20 working days of completion (from the
    /// end of the planned month when no visit is recorded yet).
    pub publish_results: Deadline,
    /// Whether the two deadlines above are estimates from the planned month.
    pub estimated: bool,
    /// Penalty decisions to publish within 7 working days, with their numbers.
    pub penalty_decisions: Vec<(String, Deadline)>,
}

/// The `deadlines` answer.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlinesReport {
    /// The date judged on.
    pub today: NaiveDate,
    /// The quarterly statistics form (Changji 2023 §七（四）).
    pub quarterly_statistics: Deadline,
    /// Per task.
    pub tasks: Vec<TaskDeadlines>,
    /// Overdue on `today`.
    pub overdue: Vec<deadline::Overdue>,
}

/// Today's date in Beijing time (UTC+8), from the system clock.
fn beijing_today() -> Result<NaiveDate, CliError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| CliError::Input("the system clock is before 1970; give --today".into()))?
        .as_secs();
    let days = (secs + 8 * 3600) / 86_400;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .ok_or_else(|| CliError::Input("the system clock is out of range; give --today".into()))
}

fn month_end(year: i32, month: u32) -> Result<NaiveDate, CliError> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| CliError::Input(format!("{year}-{month} is not a month")))
}

/// Computes every task's deadlines and the overdue list.
///
/// # Errors
/// [`CliError::Input`] when the calendar does not know a year reached.
pub fn deadlines_report(
    plan: &QuarterPlan,
    results: &[InspectionResult],
    published: &BTreeMap<String, NaiveDate>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<DeadlinesReport, CliError> {
    let mut by_object: HashMap<&str, Vec<&InspectionResult>> = HashMap::new();
    for r in results {
        by_object.entry(r.object.as_str()).or_default().push(r);
    }
    let mut tasks = Vec::new();
    let mut items: Vec<(String, Deadline, Option<NaiveDate>)> = Vec::new();
    for t in &plan.tasks {
        let rs = by_object.get(t.object.as_str()).map(Vec::as_slice).unwrap_or_default();
        let visited = rs.iter().map(|r| r.date).max();
        let base = match visited {
            Some(d) => d,
            None => month_end(plan.quarter.year(), t.month)?,
        };
        let enter = deadline::enter_results(calendar, base).map_err(input_err)?;
        let publish = deadline::publish_results(calendar, base).map_err(input_err)?;
        let mut penalties = Vec::new();
        for r in rs.iter().filter(|r| r.outcome.is_penalty()) {
            if let Some(d) = &r.penalty_decision {
                let dl = deadline::publish_penalty_decision(calendar, d.date).map_err(input_err)?;
                items.push((
                    format!("{}: penalty decision {} published", t.object, d.number),
                    dl,
                    published.get(&d.number).copied(),
                ));
                penalties.push((d.number.clone(), dl));
            }
        }
        if visited.is_none() {
            items.push((format!("{}: results recorded", t.object), enter, None));
        }
        items.push((format!("{}: results published", t.object), publish, published.get(&t.object).copied()));
        tasks.push(TaskDeadlines {
            unit: t.unit.clone(),
            object: t.object.clone(),
            month: t.month,
            visited,
            enter_results: enter,
            publish_results: publish,
            estimated: visited.is_none(),
            penalty_decisions: penalties,
        });
    }
    Ok(DeadlinesReport {
        today,
        quarterly_statistics: deadline::quarterly_statistics(plan.quarter).map_err(input_err)?,
        tasks,
        overdue: deadline::overdue(&items, today),
    })
}

/// Runs `ssj deadlines`.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs; [`CliError::No`] when
/// something is overdue.
pub fn deadlines(args: DeadlinesArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results = match &args.results {
        Some(p) => read_results(p)?,
        None => Vec::new(),
    };
    let published: BTreeMap<String, NaiveDate> = match &args.published {
        Some(p) => read_json(p)?,
        None => BTreeMap::new(),
    };
    let mut calendar = Calendar::national().map_err(input_err)?;
    if let Some(path) = &args.holidays {
        let text = fs::read_to_string(path).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        calendar = calendar.with_year_file(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    }
    // The only clock read of the command, and only without --today.
    let today = match args.today {
        Some(d) => d,
        None => beijing_today()?,
    };
    let report = deadlines_report(&plan, &results, &published, &calendar, today)?;
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

fn deadlines_table(r: &DeadlinesReport) -> String {
    let mut s = format!(
        "deadlines on {}  (statistics form {} to {}, {})\n\n{:<24} {:<16} {:>5} {:<10} {:<11} {:<11} {}\n",
        r.today,
        r.quarterly_statistics.window_start.map_or(String::new(), |d| d.to_string()),
        r.quarterly_statistics.due,
        r.quarterly_statistics.source,
        "unit",
        "object",
        "month",
        "visited",
        "enter by",
        "publish by",
        "penalty decisions"
    );
    for t in &r.tasks {
        let mark = if t.estimated { "*" } else { "" };
        let penalties: Vec<String> = t.penalty_decisions.iter().map(|(n, d)| format!("{n} by {}", d.due)).collect();
        s.push_str(&format!(
            "{:<24} {:<16} {:>5} {:<10} {:<11} {:<11} {}\n",
            t.unit,
            t.object,
            t.month,
            t.visited.map_or("-".to_owned(), |d| d.to_string()),
            format!("{}{mark}", t.enter_results.due),
            format!("{}{mark}", t.publish_results.due),
            penalties.join("; ")
        ));
    }
    s.push_str("(* estimated from the end of the planned month: no visit recorded yet)\n\n");
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

/// `ssj publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The results (JSON array; see docs/disclosure.md).
    #[arg(long)]
    pub results: PathBuf,
    /// Registry source (for company and inspector names).
    #[command(flatten)]
    pub source: RegistrySource,
    /// Directory to write public.json, public.csv and public.html into.
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,
    /// Show inspectors' names (personal data; off by default).
    #[arg(long)]
    pub show_inspector_names: bool,
    /// Leave withheld results out entirely instead of showing 依法不予公开.
    #[arg(long)]
    pub omit_withheld: bool,
    /// Title of the HTML page.
    #[arg(long)]
    pub title: Option<String>,
}

/// Runs `ssj publish`: validates the results against the plan, then writes
/// the disclosure in three formats.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs or results with blank,
/// invalid or duplicate entries (every one listed).
pub fn publish_cmd(args: PublishArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results = read_results(&args.results)?;
    let (registry, _) = args.source.load()?;
    validate_results(&results, &plan).map_err(|e| {
        CliError::Input(format!("{}: the results are not fit to publish:\n{e}", args.results.display()))
    })?;
    let disclosure =
        DisclosurePolicy { show_inspector_names: args.show_inspector_names, show_withheld_marker: !args.omit_withheld };
    let records = publish::public_records(&results, &plan, &registry, &disclosure);
    let title = args.title.unwrap_or_else(|| format!("{}“双随机、一公开”抽查结果公示", plan.quarter));
    let files = [
        ("public.json", publish::to_json(&records).map_err(input_err)?),
        ("public.csv", publish::to_csv(&records)),
        ("public.html", publish::to_html(&records, &title)),
    ];
    std::fs::create_dir_all(&args.out_dir).map_err(|e| CliError::Input(format!("{}: {e}", args.out_dir.display())))?;
    let mut s = String::new();
    for (name, text) in &files {
        let path = args.out_dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        s.push_str(&format!("wrote {}\n", path.display()));
    }
    let withheld = records.iter().filter(|r| r.withheld).count();
    s.push_str(&format!(
        "{} record(s) published, {withheld} withheld, {} omitted\n",
        records.len() - withheld,
        results.len() - records.len()
    ));
    emit(out, &s)
}

/// `ssj stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The results (JSON array).
    #[arg(long)]
    pub results: PathBuf,
    /// Registry source (for categories; history for the yearly counts).
    #[command(flatten)]
    pub source: RegistrySource,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// The `stats` answer.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    /// The quarterly form.
    pub quarter: QuarterStats,
    /// Yearly counts (history plus results).
    pub yearly: YearlyCounts,
    /// Check-item coverage this year (results only).
    pub items: ItemCoverage,
}

/// Runs `ssj stats`.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs.
pub fn stats_cmd(args: StatsArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results = read_results(&args.results)?;
    let (registry, history) = args.source.load()?;
    let year = plan.quarter.year();
    let report = StatsReport {
        quarter: stats::quarterly_stats(&results, &plan, &registry),
        yearly: stats::yearly_counts(year, &history, &results),
        items: stats::item_coverage(year, &results),
    };
    match args.format {
        Format::Json => emit(out, &to_json(&report)?),
        Format::Table => emit(out, &stats_table(&report)),
    }
}

fn rate(r: &StatsRow) -> String {
    match r.publication_rate.per_mille {
        Some(pm) => format!("{}/{} ({}.{}%)", r.published, r.completed, pm / 10, pm % 10),
        None => "-".to_owned(),
    }
}

fn stats_line(label: &str, r: &StatsRow) -> String {
    format!(
        "{label:<28} {:>6} {:>6} {:>6} {:>6} {:>6}  {}\n",
        r.planned,
        r.completed,
        r.problems,
        r.penalties,
        r.published,
        rate(r)
    )
}

fn stats_table(r: &StatsReport) -> String {
    let q = &r.quarter;
    let mut s = format!(
        "生态环境“双随机、一公开”情况统计表 {}\n\n{:<28} {:>6} {:>6} {:>6} {:>6} {:>6}  {}\n",
        q.quarter, "单位/类别", "计划", "完成", "发现问题", "处罚", "公开", "公开率"
    );
    for row in &q.by_unit_category {
        let label = format!("{}/{}", row.unit.as_deref().unwrap_or("-"), row.category.map_or("未知", |c| c.zh()));
        s.push_str(&stats_line(&label, row));
    }
    for row in &q.by_unit {
        s.push_str(&stats_line(&format!("{} 小计", row.unit.as_deref().unwrap_or("-")), row));
    }
    for row in &q.by_category {
        s.push_str(&stats_line(&format!("{} 合计", row.category.map_or("未知", |c| c.zh())), row));
    }
    s.push_str(&stats_line("总计", &q.total));
    if q.not_counted > 0 {
        s.push_str(&format!("({} result(s) for objects with no random task are not counted)\n", q.not_counted));
    }
    s.push_str(&format!("\n{} 年检查次数 (objects): ", r.yearly.year));
    let objects: Vec<String> = r.yearly.per_object.iter().map(|(k, v)| format!("{k} {v}")).collect();
    s.push_str(&objects.join(", "));
    s.push_str(&format!("\n{} 年检查次数 (inspectors): ", r.yearly.year));
    let inspectors: Vec<String> = r.yearly.per_inspector.iter().map(|(k, v)| format!("{k} {v}")).collect();
    s.push_str(&inspectors.join(", "));
    s.push_str(&format!("\n\n抽查事项 {} 年覆盖:\n", r.items.year));
    for (item, n) in &r.items.items {
        s.push_str(&format!("  {n:>4}  {item}\n"));
    }
    if r.items.is_complete() {
        s.push_str("all twelve items checked this year\n");
    } else {
        s.push_str(&format!(
            "never checked this year ({}): {}\n",
            r.items.never_checked.len(),
            r.items.never_checked.join("、")
        ));
    }
    s
}
