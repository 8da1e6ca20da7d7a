//! `ssj compare`: several policies on one registry, side by side — draws,
//! officer-visits, officers needed, disturbance and coverage.

use clap::Args;
use shuangsuiji::analysis::compare::{compare_with_progress, comparison_year, CompareSpec, Comparison};
use shuangsuiji::analysis::simulate::SimulationSpec;
use shuangsuiji::model::Quarter;

use crate::input::{build_inputs, load_policy, refuse, refuse_draw_date, InputArgs};
use crate::output::{emit, input_err, to_json, write_all_atomic, CliError, Format};
use crate::report::{self, Lang};
use crate::table::{count, pct, Table};

/// `ssj compare`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj compare --demo --policies changji-county,wangcheng,changji-county+zhongwei-positive-list
  ssj compare --demo --units changji/hutubi --policies changji-county,fengdu-example --capacity 12 --report compare.html

Each policy is planned for real: its officers needed come from `ssj staffing`, its coverage and disturbance from `ssj simulate`. Without --quarter each policy starts in the first year its document covers in full.")]
pub struct CompareArgs {
    /// Inputs (registry, units, quarter, seed; not --policy: give --policies).
    #[command(flatten)]
    pub input: InputArgs,
    /// Policies to compare: preset names or files, comma-separated; `a+b` combines.
    #[arg(long, value_delimiter = ',', required = true)]
    pub policies: Vec<String>,
    /// Most visits one officer makes in a quarter, for the officers needed.
    #[arg(long, default_value_t = shuangsuiji_api::operations::COMPARE_CAPACITY, value_name = "VISITS")]
    pub capacity: u32,
    /// Years simulated for coverage and disturbance.
    #[arg(long, default_value_t = shuangsuiji_api::operations::COMPARE_YEARS)]
    pub years: u32,
    /// Seeds simulated.
    #[arg(long, default_value_t = shuangsuiji_api::operations::COMPARE_SEEDS)]
    pub seeds: u32,
    /// Also write the comparison as HTML.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
    /// No progress on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `ssj compare`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, a modifier-only policy, a policy
/// that does not cover the quarter, or flags that do not apply.
pub fn run(args: CompareArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse_draw_date(&args.input)?;
    refuse(args.input.policy.is_some(), "--policy", "give the policies to compare with --policies")?;
    refuse(args.input.month.is_some(), "--month", "a comparison plans whole quarters")?;
    refuse(args.input.request.is_some(), "--request", "give --registry or --demo: each policy makes its own request")?;
    refuse(!args.input.history.is_empty(), "--history", "a comparison plans its own years")?;
    refuse(args.input.year_dir.is_some(), "--year-dir", "a comparison plans its own years")?;
    let spec = CompareSpec {
        capacity: args.capacity,
        simulation: SimulationSpec { years: args.years, seeds: args.seeds, ..Default::default() },
    };
    let mut requests = Vec::with_capacity(args.policies.len());
    for name in &args.policies {
        let mut input = args.input.clone();
        let policy = load_policy(name)?;
        policy.check_has_rules().map_err(input_err)?;
        input.policy = Some(name.clone());
        if input.quarter.is_none() {
            input.quarter = Some(Quarter::new(comparison_year(&policy), 1).map_err(input_err)?);
        }
        requests.push(build_inputs(&input)?);
    }
    let quiet = args.quiet;
    let progress = move |done: usize, all: usize| {
        if !quiet {
            let end = if done == all { "\n" } else { "" };
            crate::output::to_stderr(&format!("\rcomparing: {done}/{all} policies{end}"));
        }
    };
    let rows = compare_with_progress(&requests, &spec, &progress).map_err(input_err)?;
    let lang: Lang = args.input.lang.into();
    if let Some(path) = &args.report {
        write_all_atomic(&[(path.clone(), report::compare::html(&rows, &spec, lang))])?;
    }
    let text = match args.input.format {
        Format::Json => to_json(&rows)?,
        Format::Table => table(&rows, &spec, lang),
    };
    emit(out, &text)
}

fn table(rows: &[Comparison], spec: &CompareSpec, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let mut t = Table::new(
        &[
            l("政策", "policy"),
            l("年度", "year"),
            l("重点", "key"),
            l("特殊", "special"),
            l("一般", "general"),
            l("执法人次", "officer-visits"),
            l("现有人员", "officers now"),
            l("所需人员", "officers needed"),
            l("重点全覆盖", "key units covered"),
            l("一般单位从未抽中", "general never visited"),
        ],
        &[false, true, true, true, true, true, true, true, true, true],
    );
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    for r in rows {
        let d = |c: &str| r.draws.get(c).map(count).unwrap_or_default();
        let covered = r.simulation.years.first().map(|y| pct(&y.key_units_covered)).unwrap_or_default();
        let never = r.simulation.never_visited.get("general").map(pct).unwrap_or_default();
        t.row(vec![
            r.policy.clone(),
            r.year.to_string(),
            d("key"),
            d("special"),
            d("general"),
            count(&r.officer_visits),
            r.officers_now.to_string(),
            opt(r.officers_needed),
            covered,
            never,
        ]);
    }
    let mut s = match lang {
        Lang::Zh => format!(
            "各政策首年随机抽查数（均值 [最小–最大]，{} 个种子，{}0000 起）；所需人员按每人每季度 {} 次计；覆盖与打扰按 {} 年模拟\n\n",
            spec.simulation.seeds, seed_base(rows), spec.capacity, spec.simulation.years
        ),
        Lang::En => format!(
            "First-year random draws per policy (mean [min–max] over {} seeds from {}0000); officers needed at {} visits per officer per quarter; coverage over {} simulated years\n\n",
            spec.simulation.seeds, seed_base(rows), spec.capacity, spec.simulation.years
        ),
    };
    s.push_str(&t.render());
    for r in rows {
        if let Some(other) = &r.same_as {
            s.push_str(&match lang {
                Lang::Zh => format!("\n{} 与 {} 的各项结果完全相同：两份文件对本名录的要求一致。", r.policy, other),
                Lang::En => format!(
                    "\n{} repeats {} exactly: the two documents demand the same of this registry.",
                    r.policy, other
                ),
            });
        }
        for a in &r.simulation.assumptions {
            s.push_str(&format!("\n{}: {} {}", r.policy, l("假设：", "assumption:"), lang.assumption(a)));
        }
    }
    s.push('\n');
    s
}

fn seed_base(rows: &[Comparison]) -> &str {
    rows.first().map_or("", |r| r.simulation.seed_base.as_str())
}
