//! `ssj plan`: draw a quarter's plan and write it, with its reports.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::plan::{Mode, QuarterPlan};
use shuangsuiji::rules::Cadence;
use shuangsuiji::PlanRequest;
use shuangsuiji_api::Planned;

use crate::input::{build_request, check_draw_date, hold_year_folder, month_dir, quarter_dir, read_json, InputArgs};
use crate::output::{drop_aside, emit, emit_contents, write_all_atomic, CliError, Format, Output};
use crate::report::{self, stratum_name, Lang};
use crate::table::Table;

/// `ssj plan`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj plan --demo                                    # the demo prefecture, writes ssj-demo-report.html
  ssj plan --request request.json --commitment commitment.json --seed \"5 8 1\" \\
           --out plan.json --save-request request.seeded.json --report report.html

Without --demo, give --request, or --registry with --policy and --quarter; and --seed.")]
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
    /// The commitment published before the seed (`ssj commit`): the request
    /// must be the one it froze, and the seed must fit its announced rule.
    #[arg(long)]
    pub commitment: Option<PathBuf>,
    /// The authority's commitment register: a commitment a later one
    /// supersedes, or one not in it, is refused.
    #[arg(long, requires = "commitment")]
    pub register: Option<PathBuf>,
}

/// Runs `ssj plan`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs or unwritable outputs; [`CliError::No`]
/// when the request cannot be planned.
pub fn run(args: PlanArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    // Held from before the folder is read until the plan is written.
    let _year = args.input.year_dir.as_deref().map(hold_year_folder).transpose()?;
    let request = build_request(&args.input)?;
    check_draw_date(&request)?;
    let commitment = match &args.commitment {
        Some(path) => Some((path.display().to_string(), read_json::<Commitment>(path)?)),
        None => None,
    };
    if let (Some(path), Some((_, c))) = (&args.register, &commitment) {
        crate::input::standing(path, c, None)?;
    }
    let planned = shuangsuiji_api::plan_checked(request, commitment.as_ref().map(|(name, c)| (name.as_str(), c)))?;
    let written = write_outputs(&args, &planned, out);
    // A national request and plan are millions of allocations: freed
    // aside, the answer already given.
    drop_aside(planned);
    written
}

/// Writes the plan, its request and reports where asked, and answers on
/// `out`.
fn write_outputs(args: &PlanArgs, planned: &Planned, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let Planned { plan, request } = planned;
    let lang = Lang::from(args.input.lang);
    // In a year folder the plan, its request and its report go to the
    // quarter's folder unless said otherwise.
    let here = args.input.year_dir.as_ref().map(|d| match request.month {
        Some(m) => month_dir(d, request.quarter, m),
        None => quarter_dir(d, request.quarter),
    });
    if let Some(dir) = &here {
        std::fs::create_dir_all(dir).map_err(|e| CliError::Input(format!("{}: {e}", dir.display())))?;
    }
    let in_year = |name: &str| here.as_ref().map(|d| d.join(name));
    let out_path = args.out.clone().or_else(|| in_year("plan.json"));
    let request_path = args.save_request.clone().or_else(|| in_year("request.json"));
    let report_path = args
        .report
        .clone()
        .or_else(|| in_year("report.html"))
        .or_else(|| args.input.demo.then(|| PathBuf::from("ssj-demo-report.html")));
    // A national plan's JSON is 232 MB: written to its file as it is
    // formed, never held whole — unless standard output wants it too
    // (`--format json`), then formed once for both.
    let text = match args.input.format {
        Format::Json => Some(shuangsuiji_api::plan_to_json(plan)?),
        Format::Table => None,
    };
    let plan_output = || text.as_deref().map_or(Output::Plan(plan), |t| Output::Text(t.into()));
    let mut files: Vec<(PathBuf, Output<'_>)> = Vec::new();
    if let Some(path) = &out_path {
        files.push((path.clone(), plan_output()));
    }
    if let Some(path) = &request_path {
        files.push((path.clone(), Output::Request(request)));
    }
    if let Some(path) = &report_path {
        // A national plan's page links to its tasks instead of listing them.
        let csv = (plan.tasks.len() > report::MAX_TABLE).then(|| path.with_extension("tasks.csv"));
        let csv_name = csv.as_ref().and_then(|c| c.file_name()).map(|n| n.to_string_lossy().into_owned());
        files.push((path.clone(), Output::Text(report::html(plan, request, lang, csv_name.as_deref()).into())));
        if let Some(csv) = csv {
            files.push((csv, Output::Text(report::plan::tasks_csv(plan, &request.registry, lang).into())));
        }
    }
    if let Some(path) = &args.markdown {
        files.push((path.clone(), Output::Text(report::markdown(plan, &request.registry, lang).into())));
    }
    write_all_atomic(&files)?;
    if files.iter().any(|(p, _)| p.as_os_str() == "-") {
        return Ok(()); // standard output holds the file asked for
    }
    match args.input.format {
        Format::Json => emit_contents(out, &plan_output()),
        Format::Table => {
            emit(out, &plan_table(plan, request, lang))?;
            if let Some(path) = report_path {
                emit(out, &format!("\n{}: {}\n", lang.pick("HTML 报告", "HTML report"), path.display()))?;
            }
            Ok(())
        }
    }
}

/// A note when the document asks for a draw each month and the whole
/// quarter was drawn at once.
fn cadence_line(request: &PlanRequest, zh: bool) -> String {
    if request.policy.cadence != Cadence::Monthly || request.month.is_some() {
        return String::new();
    }
    if zh {
        "\n注意：该文件要求按月抽取（000 §二（一））；本计划一次抽取整个季度并分配到各月。按月抽取请用 --month"
            .to_owned()
    } else {
        "\nnote: the document has its bureaus draw each month (000 §二（一））; this plan draws the quarter at once and spreads it over the months — draw month by month with --month".to_owned()
    }
}

/// The assumptions made about the policy, one line each.
fn assumption_lines(plan: &QuarterPlan, zh: bool) -> String {
    let lang = if zh { Lang::Zh } else { Lang::En };
    plan.assumptions.iter().map(|a| format!("\n{}: {}", lang.pick("假设", "assumption"), lang.assumption(a))).collect()
}

/// The weak-seed warning, on a line of its own, when the rule is weak.
fn weak_line(plan: &QuarterPlan, zh: bool) -> String {
    let lang = if zh { Lang::Zh } else { Lang::En };
    crate::report::plan::weak_seed_line(plan, lang).map(|l| format!("\n{l}")).unwrap_or_default()
}

/// The seed rule as announced, or a warning that none was.
fn seed_rule_line(plan: &QuarterPlan, zh: bool) -> String {
    match (&plan.seed_rule, zh) {
        (Some(rule), true) => format!("种子规则（承诺时公布）：{}（{} 位数字）", rule.announced, rule.digits),
        (Some(rule), false) => {
            format!("seed rule (announced in the commitment): {} ({} digits)", rule.announced, rule.digits)
        }
        (None, true) => "种子规则：未事先公布 —— 本次抽取未经承诺".to_owned(),
        (None, false) => "seed rule: none announced — this draw was not committed in advance".to_owned(),
    }
}

/// A plan as a table for people.
pub fn plan_table(plan: &QuarterPlan, request: &PlanRequest, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let l = |c: &'static str, e: &'static str| lang.pick(c, e);
    let mut s = format!(
        "{} {}  {} {}  {} {}\n{} {}\n{}\n",
        l("抽查计划", "Plan"),
        plan.quarter,
        l("政策", "policy"),
        plan.policy,
        l("种子", "seed"),
        plan.seed,
        l("承诺摘要", "commitment"),
        plan.commitment,
        seed_rule_line(plan, zh) + &weak_line(plan, zh) + &assumption_lines(plan, zh) + &cadence_line(request, zh),
    );
    let names: std::collections::HashMap<&str, &str> =
        request.registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
    let mut t = Table::new(
        &[l("层", "stratum"), l("可抽", "eligible"), l("最低", "minimum"), l("抽中", "drawn"), l("条款", "clause")],
        &[false, true, true, true, false],
    );
    for st in &plan.strata {
        let unit = names.get(st.stratum.unit.as_str()).copied().unwrap_or(st.stratum.unit.as_str());
        let name = match &st.campaign {
            Some(c) => format!("{unit} · {} {c}", l("专项", "campaign")),
            None => stratum_name(&st.stratum, unit, lang),
        };
        let clause = st
            .demands
            .iter()
            .max_by_key(|d| d.demand)
            .map(|d| if zh { d.source.cite_zh() } else { d.source.to_string() })
            .unwrap_or_default();
        t.row(vec![name, st.eligible.to_string(), st.required.to_string(), st.drawn.to_string(), clause]);
    }
    s.push('\n');
    s.push_str(&t.render());
    let off = plan.tasks.iter().filter(|t| t.mode == Mode::OffSite).count();
    s.push_str(&format!("\n{}: {} ({} {off})\n", l("任务", "tasks"), plan.tasks.len(), l("其中非现场", "off-site")));
    s
}
