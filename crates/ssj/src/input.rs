//! Where a command's inputs come from: the shared flags (`--demo`,
//! `--registry`, `--request`, `--policy`, `--quarter`, `--units`,
//! `--history`, `--seed`) and the request, policy and registry built from
//! them.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use clap::{Args, ValueEnum};
use shuangsuiji::audit::amend::{LogHead, PlanLog};
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::audit::register::{Register, RegisterError, Standing};
use shuangsuiji::model::validate::ValidRegistry;
use shuangsuiji::model::{Inspection, Quarter, Registry};
use shuangsuiji::plan::{CheckedRequest, QuarterPlan};
use shuangsuiji::publish::deadlines::plan_documents;
use shuangsuiji::publish::results::{InspectionResult, Wordings};
use shuangsuiji::publish::year::{history_from_plan, history_from_results};
use shuangsuiji::request::SeedSource;
use shuangsuiji::rules::{self, Checked, DocumentFile, Policy};
use shuangsuiji::PlanRequest;
use shuangsuiji_io::read::{Loaded, ReadOptions};
use shuangsuiji_io::{read, synth};

use crate::output::{input_err, CliError, Format};
use crate::report::Lang;

pub use shuangsuiji_api::DEMO_PUBLIC_SEED;

/// Label language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for shuangsuiji_io::messages::Lang {
    fn from(l: LangArg) -> shuangsuiji_io::messages::Lang {
        match l {
            LangArg::Zh => shuangsuiji_io::messages::Lang::Zh,
            LangArg::En => shuangsuiji_io::messages::Lang::En,
        }
    }
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
    /// A preset name (see `ssj rules`), a policy file (.json or .toml), or a document file (.toml; FILE#ID for one of its presets).
    #[arg(long)]
    pub policy: Option<String>,
    /// The quarter, e.g. 2023Q2.
    #[arg(long)]
    pub quarter: Option<Quarter>,
    /// Draw one month of the quarter (1–12), the quarter drawn month by
    /// month (000 §二（一）): earlier months' plans (in --year-dir) are its
    /// history, and it draws its share of the quarter's minimums.
    #[arg(long, value_name = "MONTH")]
    pub month: Option<u32>,
    /// Drawing units (jurisdiction ids, comma-separated). Default: every jurisdiction of the policy's level.
    #[arg(long, value_delimiter = ',')]
    pub units: Vec<String>,
    /// This year's history, repeatable: a history (.json/.csv), an earlier
    /// plan or its amendment log, a results file, or another level's plan
    /// for this quarter.
    #[arg(long)]
    pub history: Vec<PathBuf>,
    /// A year folder (`<dir>/2023Q1/plan.json`, `log.json`, `results.json`,
    /// `<dir>/2023Q3/other/*.json`): its earlier quarters and other levels'
    /// plans become the history, and the outputs default into it. Where the
    /// policy looks back over years (a cycle of years, a no-repeat rule),
    /// the earlier years' quarters in the same folder count too.
    #[arg(long, value_name = "DIR")]
    pub year_dir: Option<PathBuf>,
    /// Objects an earlier quarter's amendment log closed that reopened and
    /// are drawn again (comma-separated): the bureau's decision, to publish
    /// with the plan. Without it a closed object the registry still lists
    /// as drawn is refused.
    #[arg(long, value_delimiter = ',', requires = "year_dir", value_name = "IDS")]
    pub reinstated: Vec<String>,
    /// Plan although an earlier quarter or month of the year folder has no
    /// plan (it then counts as having drawn nothing): the bureau's reason,
    /// recorded in the plan's assumptions.
    #[arg(long, value_name = "REASON", requires = "year_dir")]
    pub allow_gap: Option<String>,
    /// The public seed.
    #[arg(long)]
    pub seed: Option<String>,
    /// The day the draw is made (YYYY-MM-DD): checked against the
    /// document's draw window, where it sets one, and committed.
    #[arg(long, value_name = "DATE")]
    pub draw_date: Option<chrono::NaiveDate>,
    /// Why the draw is made after the document's draw window: the plan
    /// publishes it.
    #[arg(long, value_name = "TEXT", requires = "draw_date")]
    pub late_reason: Option<String>,
    /// Assume the policy still holds in this year (its document's validity
    /// has ended): widens its validity and records the assumption in the plan.
    #[arg(long, value_name = "YEAR")]
    pub assume_valid: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Label language.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
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
    /// The registry and history these flags name, and the policy where
    /// they name a request.
    ///
    /// # Errors
    /// [`CliError::Input`] naming the file and every problem in it.
    pub fn load(&self) -> Result<(Registry, Vec<Inspection>, Option<Policy>), CliError> {
        if let Some(path) = &self.request {
            refuse(
                self.history.is_some(),
                "--history",
                "the request holds the history; give --registry with --history instead",
            )?;
            let request = read_request(path)?;
            return Ok((request.registry, request.history, Some(request.policy)));
        }
        let path = self.registry.as_ref().ok_or_else(|| CliError::Input("give --request or --registry".into()))?;
        let registry = read_registry(path)?;
        let history = match &self.history {
            None => Vec::new(),
            Some(h) => read_history(h, &registry)?,
        };
        Ok((registry, history, None))
    }
}

/// How every input is read in this run (`ssj --encoding`, `--bureau`),
/// set once per run by [`crate::cli::run`].
static OPTIONS: RwLock<Option<ReadOptions>> = RwLock::new(None);

/// Sets how inputs are read for this run.
pub fn set_read_options(options: ReadOptions) {
    if let Ok(mut o) = OPTIONS.write() {
        *o = Some(options);
    }
}

/// How inputs are read in this run.
pub fn read_options() -> ReadOptions {
    OPTIONS.read().ok().and_then(|o| o.clone()).unwrap_or_default()
}

/// Prints what the readers did that the user should know (a file read as
/// GBK) on stderr, and hands back the value.
pub fn noticed<T>(loaded: Loaded<T>) -> T {
    for notice in &loaded.notices {
        crate::output::note(&notice.to_string());
    }
    loaded.value
}

/// Reads a JSON file (`-` for standard input) into `T`: any encoding the
/// readers take, a BOM or none; a shape error names the path and the
/// record's id.
///
/// # Errors
/// [`CliError::Input`] naming the file, the path in it and the problem.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    read_json_loaded(path).map(noticed)
}

/// [`read_json`] for a document that is a list (results, a ledger): the
/// other documents are objects, and one given as a list is refused.
///
/// # Errors
/// As [`read_json`].
pub fn read_json_list<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, CliError> {
    settle_folder_of(path);
    read::read_json_as(path, read_options().encoding).map(noticed).map_err(input_err)
}

/// A small text file (a policy, a document, a calendar) as UTF-8, read
/// within the readers' bound ([`read::MAX_INPUT_BYTES`]): `/dev/zero`
/// given as a policy is refused, not read without end.
///
/// # Errors
/// [`CliError::Input`] naming the file.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let bytes = read::read_file(path).map_err(input_err)?;
    String::from_utf8(bytes).map_err(|e| CliError::Input(format!("{}: not UTF-8 text: {e}", path.display())))
}

/// Finishes what a killed `ssj` run left beside `path` before it is read,
/// so a file is never read from a half-written set
/// ([`crate::output::transaction`]).
fn settle_folder_of(path: &Path) {
    if path != Path::new("-") {
        crate::output::settle(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
    }
}

/// Holds the year folder `dir` for this run alone, until the returned
/// lock is dropped: two runs planning into one folder at once would each
/// read it before the other wrote. A second run waits for the first.
///
/// # Errors
/// [`CliError::Input`] when the folder or its lock file cannot be made.
pub fn hold_year_folder(dir: &Path) -> Result<fs::File, CliError> {
    let err = |e: std::io::Error| CliError::Input(format!("{}: {e}", dir.display()));
    fs::create_dir_all(dir).map_err(err)?;
    let lock =
        fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(".ssj-lock")).map_err(err)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            crate::output::note(&format!("waiting for another ssj run writing {}", dir.display()));
            lock.lock().map_err(err)?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(err(e)),
    }
    Ok(lock)
}

/// [`read_json`], its notes kept for [`noticed`] to print where the file's
/// turn comes (a file read beside another).
///
/// # Errors
/// As [`read_json`].
pub fn read_json_loaded<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Loaded<T>, CliError> {
    settle_folder_of(path);
    read::read_json_object_as(path, read_options().encoding).map_err(input_err)
}

/// Reads a registry (directory, workbook or JSON) as [`read_options`] say.
///
/// # Errors
/// [`CliError::Input`] listing every problem.
pub fn read_registry(path: &Path) -> Result<Registry, CliError> {
    read_valid_registry(path).map(ValidRegistry::into_inner)
}

/// [`read_registry`], kept as validated for the request's check.
///
/// # Errors
/// As [`read_registry`].
fn read_valid_registry(path: &Path) -> Result<ValidRegistry, CliError> {
    read::read_valid_registry_with(path, &read_options()).map(noticed).map_err(input_err)
}

/// Reads any history file ([`read::read_history_any`]) as [`read_options`] say.
///
/// # Errors
/// [`CliError::Input`] listing every problem.
pub fn read_history(path: &Path, registry: &Registry) -> Result<Vec<Inspection>, CliError> {
    read::read_history_any_with(path, registry, &read_options()).map(noticed).map_err(input_err)
}

/// Loads a policy: a preset name or a .json/.toml file, or several joined
/// by `+` — a base and policies of modifiers to add to it
/// (`changji-county+zhongwei-positive-list`).
///
/// # Errors
/// [`CliError::Input`] naming the preset or file and every problem; a
/// combination whose base has no rules or whose additions have rules.
pub fn load_policy(spec: &str) -> Result<Policy, CliError> {
    if spec.contains('+') && !Path::new(spec).exists() {
        let parts = spec.split('+').map(|p| load_one_policy(p.trim())).collect::<Result<Vec<_>, _>>()?;
        return rules::combine(&parts).map_err(input_err);
    }
    load_one_policy(spec)
}

fn load_one_policy(spec: &str) -> Result<Policy, CliError> {
    if rules::preset_names().contains(&spec) {
        return rules::preset(spec).map_err(input_err);
    }
    // `FILE#ID`: preset ID of a document file.
    let (file, id) = match spec.rsplit_once('#') {
        Some((file, id)) if !Path::new(spec).exists() => (file, Some(id)),
        _ => (spec, None),
    };
    let path = Path::new(file);
    let stdin = file == "-";
    if !path.exists() && !stdin {
        return rules::preset(spec).map_err(input_err);
    }
    let text = read_text(path)?;
    // From standard input, a policy's JSON is an object; anything else is
    // read as TOML (a policy or a document file).
    let json = if stdin { text.trim_start().starts_with('{') } else { !file.ends_with(".toml") };
    if json {
        return Policy::from_json(&text).map_err(|errors| {
            CliError::Input(errors.iter().map(|e| format!("{}: {e}", path.display())).collect::<Vec<_>>().join("\n"))
        });
    }
    match rules::check_file(file, &text) {
        Ok(Checked::Policy(policy)) => Ok(*policy),
        Ok(Checked::Document(document)) => preset_of(file, &document, id),
        Err(faults) => Err(CliError::Input(faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))),
    }
}

/// The preset `id` of a document file; the only one where no id is given.
fn preset_of(file: &str, document: &DocumentFile, id: Option<&str>) -> Result<Policy, CliError> {
    let ids: Vec<&str> = document.presets.iter().map(|p| p.id.as_str()).collect();
    let found = match id {
        Some(id) => document.presets.iter().find(|p| p.id == id),
        None if document.presets.len() == 1 => document.presets.first(),
        None => None,
    };
    found.cloned().ok_or_else(|| {
        CliError::Input(format!(
            "{file}: name one of its presets as {file}#ID ({})",
            if ids.is_empty() { "it has none".to_owned() } else { ids.join(", ") }
        ))
    })
}

/// Builds the request from the arguments, its seed included, checked as
/// [`build_inputs`] checks it.
///
/// # Errors
/// [`CliError::Input`] for a missing or unreadable input, or no seed.
pub fn build_request(args: &InputArgs) -> Result<CheckedRequest, CliError> {
    let request = build_checked(args)?;
    if request.seed.trim().is_empty() {
        return Err(CliError::Input(
            "give --seed: the public seed, fixed after the commitment by its announced rule".into(),
        ));
    }
    Ok(request)
}

/// Builds the request from the arguments; its seed is `--seed`, the demo's,
/// the request file's, or empty (for what needs no seed: `commit`,
/// `quotas`, `compare`). Checked as the planner checks it
/// ([`check_request`](shuangsuiji::plan::check_request)), whatever the route, so bad input exits 2 alike.
///
/// # Errors
/// [`CliError::Input`] for a missing, unreadable or invalid input.
pub fn build_inputs(args: &InputArgs) -> Result<PlanRequest, CliError> {
    build_checked(args).map(CheckedRequest::into_request)
}

/// Standard input (`-`) is one stream: at most one input may be it.
fn one_from_stdin(args: &InputArgs) -> Result<(), CliError> {
    let paths = [args.registry.as_deref(), args.request.as_deref(), args.policy.as_deref().map(Path::new)];
    let named: Vec<&str> = [("--registry", paths[0]), ("--request", paths[1]), ("--policy", paths[2])]
        .into_iter()
        .chain(args.history.iter().map(|h| ("--history", Some(h.as_path()))))
        .filter(|(_, p)| *p == Some(Path::new("-")))
        .map(|(flag, _)| flag)
        .collect();
    if named.len() > 1 {
        return Err(CliError::Input(format!(
            "{} all read standard input (`-`): give one of them as `-`, the others as files",
            named.join(", ")
        )));
    }
    Ok(())
}

/// [`build_inputs`], keeping the proof of its check for the planner
/// ([`shuangsuiji_api::plan_checked`]), which then need not check again.
fn build_checked(args: &InputArgs) -> Result<CheckedRequest, CliError> {
    one_from_stdin(args)?;
    let checked = match assemble_inputs(args)? {
        Assembled::Whole(request) => CheckedRequest::new(request),
        Assembled::Parts(registry, request) => CheckedRequest::with_registry(registry, request),
    };
    checked.map_err(|e| CliError::Input(e.to_string()))
}

/// A request as the flags give it.
enum Assembled {
    /// Read whole from a request file: every part still to check.
    Whole(PlanRequest),
    /// Built around a registry read and validated already; the request's
    /// own registry is empty.
    Parts(ValidRegistry, PlanRequest),
}

/// Reads a request file (`-` for standard input) and checks it as the
/// planner would ([`check_request`](shuangsuiji::plan::check_request)).
///
/// # Errors
/// [`CliError::Input`] naming the file and the problem.
pub fn read_request(path: &Path) -> Result<PlanRequest, CliError> {
    read_checked_request(path).map(CheckedRequest::into_request)
}

/// [`read_request`], kept as checked for what is planned from it next.
///
/// # Errors
/// As [`read_request`].
pub fn read_checked_request(path: &Path) -> Result<CheckedRequest, CliError> {
    let mut request: PlanRequest = read_json(path)?;
    request.registry.share_jurisdictions();
    CheckedRequest::new(request).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

/// `a()` and `b()`: with `apart`, `a` runs on a thread of its own while
/// `b` runs here (two files read on two cores); otherwise, or when no
/// thread can be started, `b` and then `a` run here. A panic in `a` goes on
/// as a panic here.
///
/// A thread of its own, not `rayon::join`: through the pool, a national
/// `ssj verify` was slower (8.0–9.5 s against 7.2–7.7 s, alternate runs).
///
/// # Errors
/// None of its own: `a`'s result is handed back as it is.
pub fn side_by_side<A: Send, B>(
    apart: bool,
    a: impl FnOnce() -> Result<A, CliError> + Send,
    b: impl FnOnce() -> B,
) -> (Result<A, CliError>, B) {
    if !apart {
        let b = b();
        return (a(), b);
    }
    let slot = std::sync::Mutex::new(Some(a));
    let run = || {
        let a = slot.lock().ok().and_then(|mut a| a.take());
        a.map(|a| a())
    };
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("ssj-read".into()).spawn_scoped(scope, run);
        let b = b();
        let a = match thread.map(|t| t.join()) {
            Ok(Ok(a)) => a,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => run(),
        };
        // `a` is taken from the slot once, so it always ran by here.
        (a.unwrap_or_else(|| Err(CliError::Input("internal error: a file was not read".into()))), b)
    })
}

/// Refuses a quarter outside the policy's validity with the core's reason
/// and the flag that records the assumption on the command line.
fn in_force(policy: &Policy, quarter: Quarter) -> Result<(), CliError> {
    policy
        .check_validity(quarter)
        .map_err(|e| CliError::Input(format!("{e} — on the command line: --assume-valid {}", quarter.year())))
}

/// `policy` re-dated for `year` (`--assume-valid`), refused where it would
/// change nothing: the quarter is in another year, or the document covers
/// the quarter already.
fn assume_valid(policy: Policy, year: i32, quarter: Quarter) -> Result<Policy, CliError> {
    if year != quarter.year() {
        return Err(CliError::Input(format!(
            "--assume-valid {year} does not apply: the quarter is {quarter}; give its year, --assume-valid {}",
            quarter.year()
        )));
    }
    if policy.check_validity(quarter).is_ok() {
        return Err(CliError::Input(format!(
            "--assume-valid {year} does not apply: policy `{}` already covers {quarter}",
            policy.id
        )));
    }
    Ok(policy.assume_valid(year))
}

fn assemble_inputs(args: &InputArgs) -> Result<Assembled, CliError> {
    if let Some(path) = &args.request {
        let mut request: PlanRequest = read_json(path)?;
        // Flags override the request's own quarter, units and seed, and add
        // to its history: none is ignored.
        if let Some(quarter) = args.quarter {
            request.quarter = quarter;
        }
        if !args.units.is_empty() {
            request.units = args.units.clone();
        }
        let more = load_history(args, &request.registry)?;
        request.history.extend(more);
        if let Some(seed) = &args.seed {
            request.seed = seed.clone();
        }
        if let Some(year) = args.assume_valid {
            request.policy = assume_valid(request.policy, year, request.quarter)?;
        }
        in_force(&request.policy, request.quarter)?;
        if args.month.is_some() {
            request.month = args.month;
        }
        if args.draw_date.is_some() {
            request.draw_date = args.draw_date;
        }
        if args.late_reason.is_some() {
            request.late_reason = args.late_reason.clone();
        }
        if let Some(dir) = &args.year_dir {
            let more = year_history(dir, request.quarter, request.month, &request.registry, &request.policy)?;
            request.history.extend(more);
            check_closures(dir, request.quarter, request.month, &request.registry, &args.reinstated)?;
            let gap = check_gaps(dir, request.quarter, request.month, &request.policy, args.allow_gap.as_deref())?;
            request.policy.assumptions.extend(gap);
        }
        return Ok(Assembled::Whole(request));
    }
    let registry = load_registry(args)?;
    let policy_spec = args.policy.clone().or_else(|| args.demo.then(|| "changji-county".to_owned()));
    let mut policy = load_policy(
        policy_spec.as_deref().ok_or_else(|| CliError::Input("give --policy (a preset name or a file)".into()))?,
    )?;
    let quarter = match (args.quarter, args.demo) {
        (Some(q), _) => q,
        (None, true) => Quarter::new(2023, 1).map_err(input_err)?,
        (None, false) => return Err(CliError::Input("give --quarter, e.g. 2023Q2".into())),
    };
    if let Some(year) = args.assume_valid {
        policy = assume_valid(policy, year, quarter)?;
    }
    in_force(&policy, quarter)?;
    let seed = match (&args.seed, args.demo) {
        (Some(s), _) => s.clone(),
        (None, true) => DEMO_PUBLIC_SEED.to_owned(),
        (None, false) => String::new(),
    };
    let mut history = load_history(args, &registry)?;
    if let Some(dir) = &args.year_dir {
        history.extend(year_history(dir, quarter, args.month, &registry, &policy)?);
        check_closures(dir, quarter, args.month, &registry, &args.reinstated)?;
        policy.assumptions.extend(check_gaps(dir, quarter, args.month, &policy, args.allow_gap.as_deref())?);
    }
    let units = if args.units.is_empty() { default_units(&registry, &policy) } else { args.units.clone() };
    let request = PlanRequest {
        format: Default::default(),
        registry: Registry::default(),
        policy,
        units,
        quarter,
        history,
        targeted: Vec::new(),
        campaigns: Vec::new(),
        seed_rule: None,
        committed: None,
        draw_date: args.draw_date,
        late_reason: args.late_reason.clone(),
        month: args.month,
        seed,
    };
    Ok(Assembled::Parts(registry, request))
}

fn load_registry(args: &InputArgs) -> Result<ValidRegistry, CliError> {
    if args.demo {
        return ValidRegistry::new(synth::demo_prefecture()).map_err(input_err);
    }
    let path = args.registry.as_ref().ok_or_else(|| {
        CliError::Input("give --registry (a JSON file or a CSV directory), --request, or --demo".into())
    })?;
    read_valid_registry(path)
}

fn load_history(args: &InputArgs, registry: &Registry) -> Result<Vec<Inspection>, CliError> {
    let mut history = Vec::new();
    for path in &args.history {
        history.extend(read_history(path, registry)?);
    }
    Ok(history)
}

/// What one quarter of a year folder did: its plan (or its months'
/// plans, for a quarter drawn month by month).
///
/// # Errors
/// [`CliError::Input`] naming a file that cannot be read.
pub fn quarter_history(dir: &Path, quarter: Quarter) -> Result<Vec<Inspection>, CliError> {
    let here = quarter_dir(dir, quarter);
    if has_plan(&here) {
        return folder_history(&here);
    }
    let mut history = Vec::new();
    for m in quarter.months() {
        history.extend(folder_history(&month_dir(dir, quarter, m))?);
    }
    Ok(history)
}

/// The folder of one month of a quarter drawn month by month:
/// `<dir>/2023Q3/m07`.
pub fn month_dir(dir: &Path, quarter: Quarter, month: u32) -> PathBuf {
    quarter_dir(dir, quarter).join(format!("m{month:02}"))
}

/// What one plan folder did: its log's amended plan if it has one, else its
/// plan, dated by its results (`results.json`) where given.
fn folder_history(here: &Path) -> Result<Vec<Inspection>, CliError> {
    let (plan, results) = folder_plan(here)?;
    Ok(match plan {
        Some(plan) => history_from_plan(&plan, &results),
        None => history_from_results(&results),
    })
}

/// What one plan folder holds: its log's amended plan if it has one, else
/// its plan; and its results (`results.json`), if any.
///
/// # Errors
/// [`CliError::Input`] naming a file that cannot be read.
pub fn folder_plan(here: &Path) -> Result<(Option<QuarterPlan>, Vec<InspectionResult>), CliError> {
    let plan = if here.join("log.json").exists() {
        let log: PlanLog = read_json(&here.join("log.json"))?;
        Some(log.current_plan().map_err(|e| CliError::Input(format!("{}: {e}", here.join("log.json").display())))?)
    } else if here.join("plan.json").exists() {
        Some(read_json::<QuarterPlan>(&here.join("plan.json"))?)
    } else {
        None
    };
    let results: Vec<InspectionResult> =
        if here.join("results.json").exists() { read_json_list(&here.join("results.json"))? } else { Vec::new() };
    Ok((plan, results))
}

/// The folder of `quarter` in a year folder: `<dir>/2023Q3`.
pub fn quarter_dir(dir: &Path, quarter: Quarter) -> PathBuf {
    dir.join(quarter.to_string())
}

/// The history a year folder holds for `quarter`: each earlier quarter of
/// the year ([`quarter_history`]), and of the earlier years the policy
/// looks back to (`looked_back`); and other levels' plans for `quarter`
/// itself (in `<quarter>/other/`).
///
/// # Errors
/// [`CliError::Input`] naming a file that cannot be read, or whose
/// inspections name records not in the registry.
pub fn year_history(
    dir: &Path,
    quarter: Quarter,
    month: Option<u32>,
    registry: &Registry,
    policy: &Policy,
) -> Result<Vec<Inspection>, CliError> {
    let mut history = Vec::new();
    for q in looked_back(dir, quarter, policy)? {
        history.extend(still_known(quarter_history(dir, q)?, registry));
    }
    let mut q = Quarter::new(quarter.year(), 1).map_err(input_err)?;
    while q < quarter {
        history.extend(quarter_history(dir, q)?);
        // Other levels' plans of earlier quarters count as the year's
        // visits, as they would given with --history.
        history.extend(other_levels(dir, q, registry)?);
        q = q.next();
    }
    // A monthly draw: the quarter's earlier months.
    for m in quarter.months().into_iter().filter(|m| month.is_some_and(|month| *m < month)) {
        history.extend(folder_history(&month_dir(dir, quarter, m))?);
    }
    history.extend(other_levels(dir, quarter, registry)?);
    shuangsuiji::model::validate::validate_history(&history, registry).map_err(|e| {
        CliError::Input(format!("{}: the year's history does not fit the registry:\n{e}", dir.display()))
    })?;
    Ok(history)
}

/// Other levels' plans (or histories) filed for `quarter`: every `.json`
/// file of `<dir>/<quarter>/other/`, in name order.
fn other_levels(dir: &Path, quarter: Quarter, registry: &Registry) -> Result<Vec<Inspection>, CliError> {
    let other = quarter_dir(dir, quarter).join("other");
    if !other.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&other)
        .map_err(|e| CliError::Input(format!("{}: {e}", other.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut history = Vec::new();
    for path in files {
        history.extend(read_history(&path, registry)?);
    }
    Ok(history)
}

/// Whether a plan folder holds what its period did: a plan, its log or its
/// results.
fn has_plan(here: &Path) -> bool {
    ["plan.json", "log.json", "results.json"].iter().any(|f| here.join(f).exists())
}

/// The periods before `quarter` (and `month`) of the year the policy was
/// in force at the start of, that the year folder holds no plan for: a
/// quarter with neither its own plan nor one for each of its months (those
/// the policy was in force at), or a month of a quarter drawn month by
/// month. A quarter or month the policy took effect during is not asked
/// for: the bureau drew under the document from the next one.
fn gaps(dir: &Path, quarter: Quarter, month: Option<u32>, policy: &Policy) -> Result<Vec<String>, CliError> {
    let in_force = |year: i32, m: u32| {
        chrono::NaiveDate::from_ymd_opt(year, m, 1).is_some_and(|first| policy.validity.overlaps(first, first))
    };
    let mut missing = Vec::new();
    let mut q = Quarter::new(quarter.year(), 1).map_err(input_err)?;
    while q < quarter {
        let months: Vec<u32> = q.months().into_iter().filter(|m| in_force(q.year(), *m)).collect();
        let months_missing: Vec<u32> = months.iter().copied().filter(|m| !has_plan(&month_dir(dir, q, *m))).collect();
        let drawn_monthly = months_missing.len() < months.len();
        if in_force(q.year(), q.months()[0]) && !has_plan(&quarter_dir(dir, q)) {
            if drawn_monthly {
                missing.extend(months_missing.iter().map(|m| format!("{q} month {m}")));
            } else {
                missing.push(q.to_string());
            }
        } else if drawn_monthly && !has_plan(&quarter_dir(dir, q)) {
            // In force from a later month of the quarter, drawn month by month.
            missing.extend(months_missing.iter().map(|m| format!("{q} month {m}")));
        }
        q = q.next();
    }
    let earlier_months = quarter.months().into_iter().filter(|m| month.is_some_and(|month| *m < month));
    for m in earlier_months.filter(|m| in_force(quarter.year(), *m)) {
        if !has_plan(&month_dir(dir, quarter, m)) {
            missing.push(format!("{quarter} month {m}"));
        }
    }
    Ok(missing)
}

/// How a plan's assumptions begin when it was made across a gap, the
/// periods following, comma-separated.
const GAP_ALLOWED: &str = "planned without the plans of ";

/// The gaps an earlier plan of the year was already allowed across (its
/// assumptions name them): allowed once, they are not asked about again.
/// Only plans of periods before this one count: a re-run of this period
/// asks again, and its own plan is what it replaces.
fn excused_gaps(dir: &Path, quarter: Quarter, month: Option<u32>) -> Result<Vec<String>, CliError> {
    let mut folders = Vec::new();
    let mut q = Quarter::new(quarter.year(), 1).map_err(input_err)?;
    while q < quarter {
        folders.push(quarter_dir(dir, q));
        folders.extend(q.months().into_iter().map(|m| month_dir(dir, q, m)));
        q = q.next();
    }
    let earlier_months = quarter.months().into_iter().filter(|m| month.is_some_and(|month| *m < month));
    folders.extend(earlier_months.map(|m| month_dir(dir, quarter, m)));
    let mut excused = Vec::new();
    for path in folders.iter().map(|f| f.join("plan.json")).filter(|p| p.exists()) {
        let plan: QuarterPlan = read_json(&path)?;
        for a in plan.assumptions.iter().filter_map(|a| a.strip_prefix(GAP_ALLOWED)) {
            let list = a.split(" in the year folder").next().unwrap_or_default();
            excused.extend(list.split(", ").map(str::to_owned));
        }
    }
    Ok(excused)
}

/// A year folder with a gap is refused: the history would say the missing
/// period drew nothing. With `allow_gap` (the bureau's reason) it plans,
/// and the returned assumption is recorded in the plan.
///
/// # Errors
/// [`CliError::Input`] naming each period without a plan, or an
/// `allow_gap` that allows nothing.
fn check_gaps(
    dir: &Path,
    quarter: Quarter,
    month: Option<u32>,
    policy: &Policy,
    allow_gap: Option<&str>,
) -> Result<Option<String>, CliError> {
    let excused = excused_gaps(dir, quarter, month)?;
    let missing: Vec<String> =
        gaps(dir, quarter, month, policy)?.into_iter().filter(|g| !excused.contains(g)).collect();
    match (missing.is_empty(), allow_gap) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(CliError::Input(format!(
            "--allow-gap does not apply: {} holds a plan for every earlier period of {}",
            dir.display(),
            quarter.year()
        ))),
        (false, Some(reason)) if !reason.trim().is_empty() => Ok(Some(format!(
            "{GAP_ALLOWED}{} in the year folder (as if they drew nothing): {}",
            missing.join(", "),
            reason.trim()
        ))),
        (false, _) => Err(CliError::Input(format!(
            "{}: no plan for {} before --quarter {quarter}{} (no plan.json, log.json or results.json in its folder); the year's history would count it as drawing nothing.\nPut its plan in place, give it with --history, or go on anyway with --allow-gap \"<reason>\" (recorded in the plan)",
            dir.display(),
            missing.join(", "),
            month.map(|m| format!(" --month {m}")).unwrap_or_default()
        ))),
    }
}

/// A closure lasts (`docs/draw-protocol.md` §8): an object an amendment log
/// of an earlier quarter (or month) of the year closed may not be listed as
/// drawn again unless the bureau names it reinstated. Each reinstated id
/// must be one a log closed, and is named on standard error.
///
/// # Errors
/// [`CliError::Input`] naming each closed object still listed as drawn
/// (the log, its entry and evidence), an unreadable log, or a reinstated
/// id no log closed.
fn check_closures(
    dir: &Path,
    quarter: Quarter,
    month: Option<u32>,
    registry: &Registry,
    reinstated: &[String],
) -> Result<(), CliError> {
    let logs = earlier_logs(dir, quarter, month)?;
    let drawn: std::collections::HashMap<&str, bool> =
        registry.objects.iter().map(|o| (o.id.as_str(), o.status.is_eligible())).collect();
    let (mut faults, mut closed) = (Vec::new(), std::collections::HashSet::new());
    for path in logs.iter().filter(|p| p.exists()) {
        let log: PlanLog = read_json(path)?;
        for c in log.closures() {
            closed.insert(c.object.clone());
            let still_drawn = drawn.get(c.object.as_str()).copied().unwrap_or(false);
            if still_drawn && reinstated.contains(&c.object) {
                crate::output::to_stderr(&format!(
                    "ssj: {} reinstated: closed by {} entry {} ({}, evidence {})\n",
                    c.object,
                    path.display(),
                    c.entry,
                    c.date,
                    c.evidence
                ));
            } else if still_drawn {
                faults.push(format!(
                    "  - {}: closed by {} entry {} on {} (evidence {}, status {}), but the registry lists it as drawn",
                    c.object,
                    path.display(),
                    c.entry,
                    c.date,
                    c.evidence,
                    c.new_status.en()
                ));
            }
        }
    }
    if let Some(id) = reinstated.iter().find(|id| !closed.contains(*id)) {
        return Err(CliError::Input(format!("--reinstated {id}: no amendment log of the year closed it")));
    }
    if !faults.is_empty() {
        return Err(CliError::Input(format!(
            "a closure lasts: set these objects' status in the registry, or, if one reopened, name it with --reinstated:\n{}",
            faults.join("\n")
        )));
    }
    Ok(())
}

/// Where the amendment logs of the year before `quarter` (and `month`)
/// may be: each earlier quarter's folder and its months' folders, and the
/// earlier months of `quarter` drawn month by month.
fn earlier_logs(dir: &Path, quarter: Quarter, month: Option<u32>) -> Result<Vec<PathBuf>, CliError> {
    let mut logs = Vec::new();
    let mut q = Quarter::new(quarter.year(), 1).map_err(input_err)?;
    while q < quarter {
        logs.push(quarter_dir(dir, q).join("log.json"));
        logs.extend(q.months().into_iter().map(|m| month_dir(dir, q, m).join("log.json")));
        q = q.next();
    }
    let earlier_months = quarter.months().into_iter().filter(|m| month.is_some_and(|month| *m < month));
    logs.extend(earlier_months.map(|m| month_dir(dir, quarter, m).join("log.json")));
    Ok(logs)
}

/// An earlier year's visits as this year's registry can hold them: a visit
/// to an object since gone, or by a bureau since gone, is left out (it
/// cannot be drawn again anyway), and inspectors since gone are left off
/// the visit (only a visit's own inspectors rotate).
fn still_known(history: Vec<Inspection>, registry: &Registry) -> Vec<Inspection> {
    let objects: std::collections::HashSet<&str> = registry.objects.iter().map(|o| o.id.as_str()).collect();
    let places: std::collections::HashSet<&str> = registry.jurisdictions.iter().map(|j| j.id.as_str()).collect();
    let people: std::collections::HashSet<&str> = registry.inspectors.iter().map(|i| i.id.as_str()).collect();
    history
        .into_iter()
        .filter(|i| objects.contains(i.object.as_str()) && places.contains(i.by.as_str()))
        .map(|mut i| {
            i.inspectors.retain(|id| people.contains(id.as_str()));
            i
        })
        .collect()
}

/// The quarters of years before `quarter`'s that the folder holds and the
/// policy's rules look back to: since the first year of a cycle of years
/// (Jiangxi's b, every one once in two years), or every one for a rule
/// that never draws the same object twice while others remain (Jianghan's
/// projects); none otherwise.
fn looked_back(dir: &Path, quarter: Quarter, policy: &Policy) -> Result<Vec<Quarter>, CliError> {
    let first_of_year = Quarter::new(quarter.year(), 1).map_err(input_err)?;
    let no_repeat = policy.rules.iter().any(|r| r.no_repeat);
    let from = policy.cycle_start(quarter).filter(|_| !no_repeat);
    // A folder not made yet holds nothing to look back to.
    if (!no_repeat && from.is_none()) || !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = fs::read_dir(dir).map_err(|e| CliError::Input(format!("{}: {e}", dir.display())))?;
    let mut quarters: Vec<Quarter> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<Quarter>().ok())
        .filter(|q| *q < first_of_year && from.is_none_or(|from| q.first_day() >= from))
        .collect();
    quarters.sort();
    Ok(quarters)
}

pub use shuangsuiji_api::default_units;

/// The document's draw window kept ([`PlanRequest::check_draw_date`]),
/// the error naming the flags that give the date and the reason.
///
/// # Errors
/// [`CliError::Input`] when the draw date is missing, late without a
/// reason, or the reason blank.
pub fn check_draw_date(request: &PlanRequest) -> Result<(), CliError> {
    request.check_draw_date().map_err(|e| {
        CliError::Input(format!(
            "{e} — on the command line: --draw-date YYYY-MM-DD, and --late-reason TEXT for a late draw"
        ))
    })
}

/// Refuses `--draw-date` and `--late-reason` where nothing is drawn.
///
/// # Errors
/// [`CliError::Input`] naming the flag given.
pub fn refuse_draw_date(args: &InputArgs) -> Result<(), CliError> {
    let why = "only a draw has a date: give it to `ssj plan` or `ssj commit`";
    refuse(args.draw_date.is_some(), "--draw-date", why)?;
    refuse(args.late_reason.is_some(), "--late-reason", why)
}

/// Refuses a flag the command would otherwise ignore.
///
/// # Errors
/// [`CliError::Input`] naming the flag and why it does not apply, when
/// `given`.
pub fn refuse(given: bool, flag: &str, why: &str) -> Result<(), CliError> {
    if given {
        return Err(CliError::Input(format!("{flag} does not apply: {why}")));
    }
    Ok(())
}

/// Document files of documents a plan cites that are not built in.
#[derive(Debug, Clone, Args)]
pub struct DocumentArgs {
    /// A document file (TOML) of a document the plan cites that is not
    /// built in — its deadlines, duties and result phrases (see
    /// docs/writing-a-document.md); repeatable.
    #[arg(long = "document", value_name = "FILE")]
    pub documents: Vec<PathBuf>,
}

impl DocumentArgs {
    /// Reads and checks the files given.
    ///
    /// # Errors
    /// [`CliError::Input`] naming the file and each fault.
    pub fn read(&self) -> Result<Vec<DocumentFile>, CliError> {
        self.documents
            .iter()
            .map(|path| {
                let name = path.display().to_string();
                let text = read_text(path)?;
                DocumentFile::from_toml(&name, &text).map_err(|errors| {
                    CliError::Input(errors.iter().map(|e| format!("{name}: {e}")).collect::<Vec<_>>().join("\n"))
                })
            })
            .collect()
    }
}

/// The files of the documents `plan` cites — a given one first, else the
/// built-in one — and the short names of those neither is.
pub fn plan_document_files<'a>(plan: &QuarterPlan, given: &'a [DocumentFile]) -> (Vec<&'a DocumentFile>, Vec<String>) {
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for short in plan_documents(plan) {
        match given.iter().find(|f| f.document.short == short).or_else(|| rules::document_file(&short)) {
            Some(file) => found.push(file),
            None => missing.push(short),
        }
    }
    (found, missing)
}

/// The phrases `plan`'s results are checked against: its documents' own,
/// else every built-in document's, with a line saying so when a document
/// it cites is not known (`None` when nothing needs saying).
pub fn result_wordings<'a>(plan: &QuarterPlan, given: &'a [DocumentFile]) -> (Wordings<'a>, Option<String>) {
    let (found, missing) = plan_document_files(plan, given);
    let wordings = Wordings::of(&found);
    let notice = missing.first().filter(|_| !wordings.prescribed()).map(|short| {
        format!(
            "outcomes checked against every built-in document's phrases: the plan cites `{short}`, which is not built in (give its document file with --document FILE for its own)"
        )
    });
    (wordings, notice)
}

/// Where a seed comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// Ten-sided dice rolled in public.
    Dice,
    /// A named future draw of a public lottery.
    Lottery,
    /// Another public source, described in --seed-announced.
    Other,
}

impl From<SourceArg> for SeedSource {
    fn from(s: SourceArg) -> SeedSource {
        match s {
            SourceArg::Dice => SeedSource::Dice,
            SourceArg::Lottery => SeedSource::Lottery,
            SourceArg::Other => SeedSource::Other,
        }
    }
}

/// Where a commitment stands in the register at `path`: its entry, and
/// every other commitment for its period.
///
/// # Errors
/// [`CliError::Input`] for an unreadable register; [`CliError::No`] when
/// the commitment is not in it, a later one supersedes it, the chain is
/// broken or it does not reach `head`.
pub fn standing(path: &Path, commitment: &Commitment, head: Option<&LogHead>) -> Result<Standing, CliError> {
    let register: Register = read_json(path)?;
    let no = |e: RegisterError| CliError::No(format!("{}: {e}", path.display()));
    if let Some(head) = head {
        register.check_head(head).map_err(no)?;
    }
    register.standing(commitment).map_err(no)
}

/// The log at `log` read and verified against the request at `request`,
/// with the plan as amended: results answer it (the team drawn in, not the
/// officer who left; the company drawn in, not the closed one).
///
/// # Errors
/// [`CliError::Input`] for unreadable files; [`CliError::No`] when the log
/// does not verify, its original plan is not `plan` (read from
/// `plan_path`), or a claim awaits its draw.
pub fn amended(
    plan: &QuarterPlan,
    plan_path: &Path,
    log: &Path,
    request: &Path,
) -> Result<(QuarterPlan, PlanLog), CliError> {
    let request = read_request(request)?;
    let read: PlanLog = read_json(log)?;
    shuangsuiji::audit::amend::verify_log(&read, &request)
        .map_err(|e| CliError::No(format!("{}: not verified: {e}", log.display())))?;
    if read.original() != Some(plan) {
        return Err(CliError::No(format!("{}: the log's original plan is not {}", log.display(), plan_path.display())));
    }
    let current = read.current_plan().map_err(|e| CliError::No(format!("{}: {e}", log.display())))?;
    Ok((current, read))
}

/// Today's date in Beijing time (UTC+8), from the system clock: the only
/// clock the commands read, and only without --today.
///
/// # Errors
/// [`CliError::Input`] when the clock is out of range.
pub fn beijing_today() -> Result<chrono::NaiveDate, CliError> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| CliError::Input("the system clock is before 1970; give --today".into()))?
        .as_secs();
    let days = (secs + 8 * 3600) / 86_400;
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .ok_or_else(|| CliError::Input("the system clock is out of range; give --today".into()))
}
