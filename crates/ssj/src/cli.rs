//! The `ssj` command's arguments and subcommands.
//!
//! Exit codes: `0` success; `1` the answer is "no" (the request cannot be
//! planned, a check found breaches, a verification failed); `2` bad usage
//! or bad input (a file that cannot be read or parsed, an invalid
//! registry or policy), with every problem named by file, line and field.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use clap::{Args, Parser, Subcommand, ValueEnum};
use shuangsuiji::model::{Inspection, Level, Quarter, Registry};
use shuangsuiji::plan::{plan_quarter, PlanRequest, QuarterPlan};
use shuangsuiji::quota::{quarter_quotas, QuotaInput};
use shuangsuiji::rules::{self, Policy, PolicyLevel, PRESET_NAMES};
use shuangsuiji::{check_compliance, ComplianceReport};

use crate::read;
use crate::report::{self, Lang};
use crate::synth;

/// The seed the demo uses when none is given. Real draws must fix their
/// own seed in public before drawing.
pub const DEMO_PUBLIC_SEED: &str = "demo-20230101-31415926535897932384";

/// `ssj`: plan, check and report double-random inspections (双随机、一公开).
#[derive(Debug, Parser)]
#[command(name = "ssj", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Draw a quarter's plan: objects, inspectors, months, modes.
    Plan(PlanArgs),
    /// Check a plan against its request (every minimum and assignment rule).
    Check(CheckArgs),
    /// List the built-in presets, or show one with every number's clause.
    Rules(RulesArgs),
    /// A quarter's minimums per stratum, without drawing.
    Quotas(InputArgs),
    /// Compare several policies on one registry: yearly draws, officer-visits, officers needed.
    Compare(CompareArgs),
    /// Verify a plan (or an amendment log) against its request: exit 0 "verified", or 1 listing what differs.
    Verify(crate::verify::VerifyArgs),
    /// Write the public draw record (seed, digests, populations, tickets; nothing confidential).
    DrawRecord(crate::verify::DrawRecordArgs),
    /// Deadlines of a plan's tasks (enter, publish, penalty decisions) and what is overdue on --today.
    Deadlines(crate::public::DeadlinesArgs),
    /// Write the public disclosure of the results (JSON, CSV, HTML); confidential results withheld.
    Publish(crate::public::PublishArgs),
    /// The quarterly statistics form, yearly inspection counts and check-item coverage.
    Stats(crate::public::StatsArgs),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for machines.
    Json,
}

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// Where the registry, policy, quarter and history come from.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Use the built-in synthetic demo prefecture (modelled on Changji; not real companies).
    #[arg(long, conflicts_with_all = ["registry", "request"])]
    pub demo: bool,
    /// Registry: a JSON file, or a directory with jurisdictions.csv, objects.csv, inspectors.csv.
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// A whole request as JSON (registry, policy, units, quarter, history, seed…).
    #[arg(long, conflicts_with_all = ["registry", "policy", "demo"])]
    pub request: Option<PathBuf>,
    /// A preset name (see `ssj rules`) or a policy file (.json or .toml).
    #[arg(long)]
    pub policy: Option<String>,
    /// The quarter, e.g. 2023Q2.
    #[arg(long)]
    pub quarter: Option<Quarter>,
    /// Drawing units (jurisdiction ids, comma-separated). Default: every jurisdiction of the policy's level.
    #[arg(long, value_delimiter = ',')]
    pub units: Vec<String>,
    /// History of this year's inspections: a .json or .csv file.
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// The public seed.
    #[arg(long)]
    pub seed: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Label language.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
}

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

/// `ssj check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// Inputs (the request the plan answers).
    #[command(flatten)]
    pub input: InputArgs,
}

/// `ssj rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A preset to show; none lists them.
    pub preset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `ssj compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Inputs (`--policy` is ignored; give --policies).
    #[command(flatten)]
    pub input: InputArgs,
    /// Policies to compare: preset names or files, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    pub policies: Vec<String>,
}

/// An error the command reports, with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad usage or input (exit 2).
    #[error("{0}")]
    Input(String),
    /// A "no": infeasible plan, breaches found (exit 1).
    #[error("{0}")]
    No(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::No(_) => 1,
        }
    }
}

fn input_err(e: impl std::fmt::Display) -> CliError {
    CliError::Input(e.to_string())
}

/// Runs a parsed command, writing to `out`.
///
/// # Errors
/// [`CliError`] with the message to print and the exit code.
pub fn run(cli: Cli, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    match cli.command {
        Command::Plan(args) => plan(args, out),
        Command::Check(args) => check(args, out),
        Command::Rules(args) => rules_cmd(args, out),
        Command::Quotas(args) => quotas(args, out),
        Command::Compare(args) => compare(args, out),
        Command::Verify(args) => crate::verify::verify(args, out),
        Command::DrawRecord(args) => crate::verify::draw_record(args, out),
        Command::Deadlines(args) => crate::public::deadlines(args, out),
        Command::Publish(args) => crate::public::publish_cmd(args, out),
        Command::Stats(args) => crate::public::stats_cmd(args, out),
    }
}

/// Loads a policy: a preset name or a .json/.toml file.
///
/// # Errors
/// [`CliError::Input`] naming the preset or file and every problem.
pub fn load_policy(spec: &str) -> Result<Policy, CliError> {
    if PRESET_NAMES.contains(&spec) || spec == "fengdu" {
        return rules::preset(spec).map_err(input_err);
    }
    let path = Path::new(spec);
    if !path.exists() {
        return rules::preset(spec).map_err(input_err);
    }
    let text = fs::read_to_string(path).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    let parsed = if spec.ends_with(".toml") { Policy::from_toml(&text) } else { Policy::from_json(&text) };
    parsed.map_err(|errors| {
        CliError::Input(errors.iter().map(|e| format!("{}: {e}", path.display())).collect::<Vec<_>>().join("\n"))
    })
}

/// Builds the request from the arguments.
///
/// # Errors
/// [`CliError::Input`] for a missing or unreadable input.
pub fn build_request(args: &InputArgs) -> Result<PlanRequest, CliError> {
    if let Some(path) = &args.request {
        let text = fs::read_to_string(path).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        let mut request: PlanRequest =
            serde_json::from_str(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        if let Some(seed) = &args.seed {
            request.seed = seed.clone();
        }
        return Ok(request);
    }
    let registry = load_registry(args)?;
    let policy_spec = args.policy.clone().or_else(|| args.demo.then(|| "changji-county".to_owned()));
    let policy = load_policy(
        policy_spec.as_deref().ok_or_else(|| CliError::Input("give --policy (a preset name or a file)".into()))?,
    )?;
    let quarter = match (args.quarter, args.demo) {
        (Some(q), _) => q,
        (None, true) => Quarter::new(2023, 1).map_err(input_err)?,
        (None, false) => return Err(CliError::Input("give --quarter, e.g. 2023Q2".into())),
    };
    let seed = match (&args.seed, args.demo) {
        (Some(s), _) => s.clone(),
        (None, true) => DEMO_PUBLIC_SEED.to_owned(),
        (None, false) => return Err(CliError::Input("give --seed: the public seed fixed before the draw".into())),
    };
    let history = load_history(args, &registry)?;
    let units = if args.units.is_empty() { default_units(&registry, &policy) } else { args.units.clone() };
    Ok(PlanRequest { registry, policy, units, quarter, history, targeted: Vec::new(), campaigns: Vec::new(), seed })
}

fn load_registry(args: &InputArgs) -> Result<Registry, CliError> {
    if args.demo {
        return Ok(synth::demo_prefecture());
    }
    let path = args.registry.as_ref().ok_or_else(|| {
        CliError::Input("give --registry (a JSON file or a CSV directory), --request, or --demo".into())
    })?;
    let result = if path.is_dir() { read::read_registry_dir(path) } else { read::read_registry_json(path) };
    result.map_err(input_err)
}

fn load_history(args: &InputArgs, registry: &Registry) -> Result<Vec<Inspection>, CliError> {
    let Some(path) = &args.history else { return Ok(Vec::new()) };
    let result = if path.extension().is_some_and(|e| e == "csv") {
        read::read_history_csv(path, registry)
    } else {
        read::read_history_json(path, registry)
    };
    result.map_err(input_err)
}

/// Every jurisdiction of the policy's level: the prefectures, or every
/// county and park.
pub fn default_units(registry: &Registry, policy: &Policy) -> Vec<String> {
    let mut units: Vec<String> = registry
        .jurisdictions
        .iter()
        .filter(|j| match policy.level {
            PolicyLevel::Prefecture => j.level == Level::Prefecture,
            PolicyLevel::CountyOrPark => matches!(j.level, Level::County | Level::Park),
        })
        .map(|j| j.id.clone())
        .collect();
    units.sort();
    units
}

/// Writes `contents` to `path` through a temporary file and a rename, so a
/// failed run never leaves a partial file over a good one.
///
/// # Errors
/// [`CliError::Input`] naming the path.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let err = |e: std::io::Error| CliError::Input(format!("{}: {e}", path.display()));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = fs::File::create(&tmp).map_err(err)?;
    f.write_all(contents).and_then(|()| f.sync_all()).map_err(err)?;
    fs::rename(&tmp, path).map_err(err)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(input_err)
}

fn emit(out: &mut dyn std::io::Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()) {
        // A reader that stops early (`ssj plan | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(input_err),
    }
}

fn plan(args: PlanArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
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
    let off = plan.tasks.iter().filter(|t| t.mode == shuangsuiji::plan::Mode::OffSite).count();
    s.push_str(&format!(
        "\n{}: {} ({} {off})\n",
        if zh { "任务" } else { "tasks" },
        plan.tasks.len(),
        if zh { "其中非现场" } else { "off-site" }
    ));
    s
}

fn check(args: CheckArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let text = fs::read_to_string(&args.plan).map_err(|e| CliError::Input(format!("{}: {e}", args.plan.display())))?;
    let plan: QuarterPlan =
        serde_json::from_str(&text).map_err(|e| CliError::Input(format!("{}: {e}", args.plan.display())))?;
    let request = build_request(&args.input)?;
    let report = check_compliance(&plan, &request);
    match args.input.format {
        Format::Json => emit(out, &to_json(&report)?)?,
        Format::Table => emit(out, &report_text(&report))?,
    }
    if report.is_compliant() {
        Ok(())
    } else {
        Err(CliError::No(format!("{} breach(es) found", report.breaches.len())))
    }
}

fn report_text(report: &ComplianceReport) -> String {
    let mut s = format!("checked {} strata and {} tasks: ", report.strata_checked, report.tasks_checked);
    if report.is_compliant() {
        s.push_str("compliant\n");
    } else {
        s.push_str(&format!("{} breach(es)\n", report.breaches.len()));
        for b in &report.breaches {
            s.push_str(&format!("  - {b}\n"));
        }
    }
    s
}

fn rules_cmd(args: RulesArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let Some(name) = args.preset else {
        let mut s = String::new();
        for name in PRESET_NAMES {
            // `fengdu` is listed but needs the county's own general-unit
            // minimum, so it has no policy on its own.
            let line = match rules::preset(name) {
                Ok(p) => p.name,
                Err(_) => "needs the county's own general-unit minimum (see docs/rules.md)".to_owned(),
            };
            s.push_str(&format!("{name:<24} {line}\n"));
        }
        return emit(out, &s);
    };
    let policy = load_policy(&name)?;
    if args.format == Format::Json {
        return emit(out, &to_json(&policy)?);
    }
    let mut s = format!(
        "{} — {}\nvalid {} to {}\n\n",
        policy.id,
        policy.name,
        policy.validity.from,
        policy.validity.until.map_or("open".into(), |d| d.to_string())
    );
    for r in &policy.rules {
        s.push_str(&format!(
            "{}/{} ({}{}): {}\n  {}\n  「{}」\n",
            r.pool,
            r.category,
            r.pool.zh(),
            r.category.zh(),
            r.minimum,
            r.source,
            r.source.quote
        ));
        if let Some(reading) = &r.source.reading {
            s.push_str(&format!("  reading: {reading}\n"));
        }
    }
    for m in &policy.modifiers {
        s.push_str(&format!("modifier: {}\n", serde_json::to_string(m).map_err(input_err)?));
    }
    s.push_str(&format!(
        "readings: rounding {:?}, spread {:?}, other levels {:?}\n",
        policy.readings.rounding, policy.readings.spread, policy.readings.other_levels
    ));
    emit(out, &s)
}

fn quotas(args: InputArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let mut args = args;
    if args.seed.is_none() {
        args.seed = Some("quotas-need-no-seed".into());
    }
    let request = build_request(&args)?;
    let input = request.quota_input();
    let lines = quarter_quotas(&input).map_err(input_err)?;
    if args.format == Format::Json {
        return emit(out, &to_json(&lines)?);
    }
    let mut s = format!("{:<44} {:>8} {:>10} {:>8}  rule\n", "stratum", "eligible", "inspected", "minimum");
    for l in &lines {
        let rule = l.binding().map(|d| format!("{} — {}", d.minimum, d.source)).unwrap_or_default();
        s.push_str(&format!(
            "{:<44} {:>8} {:>10} {:>8}  {rule}\n",
            l.stratum.to_string(),
            l.eligible,
            l.inspected_this_year,
            l.required
        ));
    }
    emit(out, &s)
}

/// One policy's yearly demand on a registry, for `compare`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    /// The policy.
    pub policy: String,
    /// Yearly draws per category (sum of four quarters' minimums, each
    /// quarter fed the previous quarters' minimum as done).
    pub yearly_draws: std::collections::BTreeMap<String, u64>,
    /// Officer-visits a year (2 per draw).
    pub officer_visits: u64,
    /// Officers in the drawing units.
    pub officers: u64,
    /// Visits per officer a year.
    pub visits_per_officer: f64,
    /// Officers needed at 30 visits per officer per quarter.
    pub officers_needed_at_30_per_quarter: u64,
}

fn compare(args: CompareArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let mut rows = Vec::new();
    for spec in &args.policies {
        let mut input = args.input.clone();
        input.policy = Some(spec.clone());
        input.units = Vec::new();
        if input.seed.is_none() {
            input.seed = Some("compare".into());
        }
        let policy = load_policy(spec)?;
        let year = match input.quarter {
            Some(q) if !input.demo => q.year(),
            _ => comparison_year(&policy),
        };
        input.quarter = valid_quarters(&policy, year).first().copied();
        if input.quarter.is_none() {
            return Err(CliError::Input(format!("policy `{}` covers no quarter of {year}", policy.id)));
        }
        let request = build_request(&input)?;
        rows.push(compare_one(&request)?);
    }
    if args.input.format == Format::Json {
        return emit(out, &to_json(&rows)?);
    }
    let mut s = format!(
        "{:<24} {:>8} {:>8} {:>8} {:>14} {:>9} {:>12} {:>10}\n",
        "policy", "key", "special", "general", "officer-visits", "officers", "visits/off.", "needed@30"
    );
    for r in &rows {
        let g = |k: &str| r.yearly_draws.get(k).copied().unwrap_or(0);
        s.push_str(&format!(
            "{:<24} {:>8} {:>8} {:>8} {:>14} {:>9} {:>12.1} {:>10}\n",
            r.policy,
            g("key"),
            g("special"),
            g("general"),
            r.officer_visits,
            r.officers,
            r.visits_per_officer,
            r.officers_needed_at_30_per_quarter
        ));
    }
    emit(out, &s)
}

/// The first year every quarter of which the policy covers (its first
/// year or the next); else its first year, of which only some quarters.
fn comparison_year(policy: &Policy) -> i32 {
    let first = policy.validity.from.year();
    [first, first + 1].into_iter().find(|y| valid_quarters(policy, *y).len() == 4).unwrap_or(first)
}

/// The quarters of `year` the policy may plan.
fn valid_quarters(policy: &Policy, year: i32) -> Vec<Quarter> {
    (1..=4).filter_map(|q| Quarter::new(year, q).ok()).filter(|q| policy.check_validity(*q).is_ok()).collect()
}

/// A policy's yearly demand over the quarters of its year it covers,
/// assuming each quarter
/// draws exactly its minimum of objects not yet inspected.
///
/// # Errors
/// [`CliError::Input`] when the quotas cannot be computed.
pub fn compare_one(request: &PlanRequest) -> Result<Comparison, CliError> {
    let year = request.quarter.year();
    let quarters = valid_quarters(&request.policy, year);
    let mut history: Vec<Inspection> = Vec::new();
    let mut yearly: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut peak_quarter = 0u64;
    let unit_of = shuangsuiji::stratum::unit_of_jurisdiction(&request.registry, &request.units);
    for quarter in quarters {
        let input = QuotaInput::new(&request.policy, &request.registry, quarter, &history, &request.units);
        let lines = quarter_quotas(&input).map_err(input_err)?;
        let mut quarter_total = 0;
        let date = quarter.first_day();
        for l in &lines {
            *yearly.entry(l.stratum.category.en().to_owned()).or_default() += l.required;
            quarter_total += l.required;
            // Feed the minimum back as done, on objects not yet inspected.
            let done: std::collections::HashSet<&str> = history.iter().map(|i| i.object.as_str()).collect();
            let fresh: Vec<String> = request
                .registry
                .objects
                .iter()
                .filter(|o| o.status.is_eligible() && o.category_in(l.stratum.pool) == Some(l.stratum.category))
                .filter(|o| !done.contains(o.id.as_str()))
                .filter(|o| unit_of.get(o.jurisdiction.as_str()) == Some(&l.stratum.unit.as_str()))
                .take(usize::try_from(l.required).unwrap_or(usize::MAX))
                .map(|o| o.id.clone())
                .collect();
            for id in fresh {
                let mut i = Inspection::random(id, l.stratum.unit.clone(), date);
                i.pools = std::collections::BTreeSet::from([l.stratum.pool]);
                history.push(i);
            }
        }
        peak_quarter = peak_quarter.max(quarter_total);
    }
    let officers = request
        .registry
        .inspectors
        .iter()
        .filter(|i| i.is_certified_officer() && request.units.contains(&i.jurisdiction))
        .count() as u64;
    let draws: u64 = yearly.values().sum();
    Ok(Comparison {
        policy: request.policy.id.clone(),
        officer_visits: draws * 2,
        officers,
        visits_per_officer: if officers == 0 { 0.0 } else { (draws * 2) as f64 / officers as f64 },
        officers_needed_at_30_per_quarter: (peak_quarter * 2).div_ceil(30),
        yearly_draws: yearly,
    })
}
