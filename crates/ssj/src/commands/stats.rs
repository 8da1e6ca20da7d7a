//! `ssj stats`: the quarterly statistics form, yearly counts and check-item
//! coverage.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::results::{validate_results, InspectionResult};
use shuangsuiji::publish::stats::{self, ItemCoverage, QuarterStats, StatsRow, YearlyCounts};

use crate::input::{amended, read_json, read_json_list, result_wordings, DocumentArgs, RegistrySource};
use crate::output::{emit, to_json, CliError, Format};
use crate::table::Table;

/// `ssj stats`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj stats --plan plan.json --results results.json --request request.json
  ssj stats --plan plan.json --results results.json --request request.json --form private --format json

--form public (the default) never carries what publish withholds; give --omit-withheld when the
disclosure was published with it, so no count shows a result the disclosure leaves out.")]
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
    /// The documents the plan cites that are not built in (their result phrases).
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Which form: `public` (withheld results count only as done: no
    /// outcome, item or inspector of theirs shows) or `private` (the
    /// bureau's own, everything).
    #[arg(long, value_enum, default_value = "public")]
    pub form: StatsForm,
    /// The disclosure left withheld results out (`ssj publish
    /// --omit-withheld`): the public form leaves them out of every count
    /// too, so it shows nothing the disclosure does not.
    #[arg(long)]
    pub omit_withheld: bool,
    /// The plan's amendment log, if it was amended (needs --request): the
    /// results are counted against the plan as amended, as `publish` does.
    #[arg(long, requires = "request")]
    pub log: Option<PathBuf>,
}

/// Which form of the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatsForm {
    /// For publication: never carries withheld data.
    Public,
    /// For the bureau: every result as recorded.
    Private,
}

/// The `stats` answer.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    /// Which form this is.
    pub form: StatsForm,
    /// The quarterly form.
    pub quarter: QuarterStats,
    /// Yearly counts (history plus results).
    pub yearly: YearlyCounts,
    /// Check-item coverage this year (results only).
    pub items: ItemCoverage,
}

/// Runs `ssj stats`: checks the results as `publish` does, then counts
/// them.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs, or results that `publish`
/// would refuse (blank, invalid or duplicate entries, dates outside the
/// quarter, unknown objects), every one listed.
pub fn run(args: StatsArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let plan = match (&args.log, &args.source.request) {
        (Some(log), Some(request)) => amended(&plan, &args.plan, log, request)?.0,
        _ => plan,
    };
    let recorded: Vec<InspectionResult> = read_json_list(&args.results)?;
    let given = args.documents.read()?;
    let (wordings, notice) = result_wordings(&plan, &given);
    if let Some(notice) = notice {
        crate::output::note(&notice);
    }
    validate_results(&recorded, &plan, &wordings)
        .map_err(|e| CliError::Input(format!("{}: the results are not fit to count:\n{e}", args.results.display())))?;
    let results = match args.form {
        StatsForm::Public => stats::public_results(&recorded, &wordings, args.omit_withheld),
        StatsForm::Private if args.omit_withheld => {
            return Err(CliError::Input(
                "--omit-withheld: the private form counts every result; it is for the public form".into(),
            ))
        }
        StatsForm::Private => recorded,
    };
    let (registry, history, policy) = args.source.load()?;
    // The list is the policy's: the request's, or else the plan's preset.
    let policy = policy.or_else(|| shuangsuiji::rules::preset(&plan.policy).ok());
    let list = policy.and_then(|p| p.check_items).map(|c| c.items).unwrap_or_default();
    let year = plan.quarter.year();
    let report = StatsReport {
        form: args.form,
        quarter: stats::quarterly_stats(&results, &plan, &registry, &wordings),
        yearly: stats::yearly_counts(year, &history, &results),
        items: stats::item_coverage(year, &list, &results),
    };
    match args.format {
        Format::Json => emit(out, &to_json(&report)?),
        Format::Table => emit(out, &stats_table(&report)),
    }
}

/// `published/completed (rate%)`, the rate in tenths of a percent rounded
/// to nearest (11/12 is 91.7%, not the 91.6% a cut gives); `-` when
/// nothing was completed.
fn rate(r: &StatsRow) -> String {
    let rate = &r.publication_rate;
    match rate.per_mille {
        Some(pm) => format!("{}/{} ({}.{}%)", rate.numerator, rate.denominator, pm / 10, pm % 10),
        None => "-".to_owned(),
    }
}

/// One line of the form: its label, then the counts and the rate.
fn stats_line(label: String, r: &StatsRow) -> Vec<String> {
    vec![
        label,
        r.planned.to_string(),
        r.completed.to_string(),
        r.problems.to_string(),
        r.penalties.to_string(),
        r.published.to_string(),
        rate(r),
    ]
}

/// The form as text, its columns aligned by display width: a Chinese
/// character takes two columns, so the header sits over its figures.
fn stats_table(r: &StatsReport) -> String {
    let q = &r.quarter;
    let mut s = format!(
        "生态环境“双随机、一公开”情况统计表 {}（{}）\n\n",
        q.quarter,
        match r.form {
            StatsForm::Public => "公开版：依法不予公开的结果只计入完成数",
            StatsForm::Private => "内部版：含依法不予公开的结果，不得公开",
        },
    );
    let mut t = Table::new(
        &["单位/类别", "计划", "完成", "发现问题", "处罚", "公开", "公开率"],
        &[false, true, true, true, true, true, false],
    );
    for row in &q.by_unit_category {
        let label = format!("{}/{}", row.unit.as_deref().unwrap_or("-"), row.category.map_or("未知", |c| c.zh()));
        t.row(stats_line(label, row));
    }
    for row in &q.by_unit {
        t.row(stats_line(format!("{} 小计", row.unit.as_deref().unwrap_or("-")), row));
    }
    for row in &q.by_category {
        t.row(stats_line(format!("{} 合计", row.category.map_or("未知", |c| c.zh())), row));
    }
    t.row(stats_line("总计".to_owned(), &q.total));
    s.push_str(&t.render());
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
    if r.items.items.is_empty() {
        s.push_str("the policy gives no check-item list\n");
    } else if r.items.is_complete() {
        s.push_str("every item of the list checked this year\n");
    } else {
        s.push_str(&format!(
            "never checked this year ({}): {}\n",
            r.items.never_checked.len(),
            r.items.never_checked.join("、")
        ));
    }
    s
}
