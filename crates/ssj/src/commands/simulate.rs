//! `ssj simulate`: a regime over years and seeds — coverage, disturbance,
//! companies never visited, officers' loads.

use clap::Args;
use shuangsuiji::analysis::simulate::{simulate_with_progress, Churn, Simulation, SimulationSpec};

use crate::input::{build_inputs, refuse, refuse_draw_date, InputArgs};
use crate::output::{emit, input_err, to_json, write_all_atomic, CliError, Format};
use crate::report::{self, Lang};
use crate::table::{category_label, count, pct, Table};

/// `ssj simulate`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj simulate --demo --years 3 --seeds 20
  ssj simulate --demo --policy wangcheng --years 3 --seeds 20 --new 0.05 --closed 0.03 --report sim.html

Every quarter is a real plan fed the year's earlier plans; each year starts afresh on a registry changed by the churn. Seed k is --seed with k appended. Years beyond the document's validity are planned under it re-dated, and the output says so.")]
pub struct SimulateArgs {
    /// Inputs (registry, policy, units, quarter: its year is the first).
    #[command(flatten)]
    pub input: InputArgs,
    /// Years to simulate.
    #[arg(long, default_value_t = shuangsuiji_api::operations::SIMULATE_YEARS)]
    pub years: u32,
    /// Seeds to run each year under.
    #[arg(long, default_value_t = shuangsuiji_api::operations::SIMULATE_SEEDS)]
    pub seeds: u32,
    /// New companies a year, as a share of the eligible ones (e.g. 0.05).
    #[arg(long, default_value_t = 0.0)]
    pub new: f64,
    /// Companies closing a year, as a share.
    #[arg(long, default_value_t = 0.0)]
    pub closed: f64,
    /// Companies changing category a year, as a share.
    #[arg(long, default_value_t = 0.0)]
    pub recategorised: f64,
    /// Also write the simulation page as HTML.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
    /// No progress on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `ssj simulate`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, years, seeds or churn out of range,
/// or flags that do not apply.
pub fn run(args: SimulateArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse_draw_date(&args.input)?;
    refuse(args.input.month.is_some(), "--month", "a simulation plans whole quarters")?;
    refuse(args.input.year_dir.is_some(), "--year-dir", "a simulation makes its own years")?;
    refuse(!args.input.history.is_empty(), "--history", "each simulated year starts afresh")?;
    let request = build_inputs(&args.input)?;
    request.policy.check_has_rules().map_err(input_err)?;
    let spec = SimulationSpec {
        years: args.years,
        seeds: args.seeds,
        churn: Churn { new: args.new, closed: args.closed, recategorised: args.recategorised },
    };
    let quiet = args.quiet;
    let progress = move |done: u32, all: u32| {
        if !quiet {
            let end = if done == all { "\n" } else { "" };
            crate::output::to_stderr(&format!("\rsimulating: {done}/{all} seeds{end}"));
        }
    };
    let sim = simulate_with_progress(&request, &spec, &progress).map_err(input_err)?;
    let lang: Lang = args.input.lang.into();
    if let Some(path) = &args.report {
        // The companies never reached, by name, in a CSV beside the page.
        let csv = path.with_extension("never-reached.csv");
        let name = csv.file_name().map(|n| n.to_string_lossy().into_owned());
        write_all_atomic(&[
            (path.clone(), report::simulate::html(&sim, &unit_names(&request), lang, name.as_deref())),
            (csv, report::simulate::never_reached_csv(&sim, lang)),
        ])?;
    }
    let text = match args.input.format {
        Format::Json => to_json(&sim)?,
        Format::Table => table(&sim, lang),
    };
    emit(out, &text)
}

/// The request's jurisdictions by id, for the page to name its units.
fn unit_names(request: &shuangsuiji::PlanRequest) -> report::simulate::UnitNames {
    request.registry.jurisdictions.iter().map(|j| (j.id.to_string(), j.name.clone())).collect()
}

fn table(sim: &Simulation, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let mut s = match lang {
        Lang::Zh => format!(
            "{}：{} 年 × {} 个种子（{}0000 起），自 {} 年起（均值 [最小–最大]）\n",
            sim.policy, sim.spec.years, sim.spec.seeds, sim.seed_base, sim.first_year
        ),
        Lang::En => format!(
            "{}: {} years × {} seeds ({}0000 on) from {} (mean [min–max] over the seeds)\n",
            sim.policy, sim.spec.years, sim.spec.seeds, sim.seed_base, sim.first_year
        ),
    };
    for a in &sim.assumptions {
        s.push_str(&format!("{} {}\n", l("假设：", "assumption:"), lang.assumption(a)));
    }
    s.push('\n');
    let mut t = Table::new(
        &[
            l("年度", "year"),
            l("重点单位检查率", "key inspected"),
            l("特殊对象检查率", "special inspected"),
            l("一般单位检查率", "general inspected"),
            l("重点单位全覆盖", "key units covered"),
            l("执法人次", "officer-visits"),
        ],
        &[false, true, true, true, true, true],
    );
    for y in &sim.years {
        let g = |c: &str| y.inspected.get(c).map(pct).unwrap_or_default();
        t.row(vec![
            y.year.to_string(),
            g("key"),
            g("special"),
            g("general"),
            pct(&y.key_units_covered),
            count(&y.officer_visits),
        ]);
    }
    s.push_str(&t.render());
    s.push_str(l(
        "\n企业打扰（每家企业每年被随机抽查的次数）：\n",
        "\nDisturbance (random visits per company per year):\n",
    ));
    let mut t = Table::new(&[l("次数", "visits"), l("企业-年占比", "share of company-years")], &[false, true]);
    for (b, i) in sim.visits_per_year.iter().enumerate() {
        let label = if b == 4 { "4+".to_owned() } else { b.to_string() };
        t.row(vec![label, pct(i)]);
    }
    s.push_str(&t.render());
    s.push_str(&match lang {
        Lang::Zh => format!("\n{} 年内从未被抽中的企业占比：\n", sim.spec.years),
        Lang::En => format!("\nCompanies never visited in {} years:\n", sim.spec.years),
    });
    let mut t = Table::new(&[l("类别", "category"), l("占比", "share")], &[false, true]);
    for c in ["key", "special", "general"] {
        if let Some(i) = sim.never_visited.get(c) {
            t.row(vec![category_label(c, lang), pct(i)]);
        }
    }
    s.push_str(&t.render());
    let every = sim.never_reached.iter().filter(|n| n.seeds == sim.spec.seeds).count();
    s.push_str(&match lang {
        Lang::Zh => format!(
            "{} 家企业在某些种子下从未被抽中（{every} 家在全部种子下）；名单见 --format json 的 never_reached 或 --report 旁的 CSV。\n",
            sim.never_reached.len()
        ),
        Lang::En => format!(
            "{} companies were never reached under some seed ({every} under every seed); by name: never_reached in --format json, or the CSV beside --report.\n",
            sim.never_reached.len()
        ),
    });
    s.push_str(&format!(
        "\n{}: {} {}{} {} {}\n",
        l("执法人员任务量", "Officers' load"),
        l("平均占能力", "mean share of capacity"),
        pct(&sim.officer_load.mean_share),
        l("；", ";"),
        l("最高", "highest"),
        pct(&sim.officer_load.max_share)
    ));
    if sim.failed_years > 0 {
        s.push_str(&format!(
            "\n{} {}\n",
            sim.failed_years,
            l("个种子-年度因无法编制计划而中止：", "seed-years stopped at a quarter that could not be planned:")
        ));
        for f in &sim.failures {
            s.push_str(&format!("  seed {} {}: {}\n", f.seed, f.quarter, f.why));
        }
    }
    s
}
