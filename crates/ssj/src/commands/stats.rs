//! `ssj stats`: the quarterly statistics form, yearly counts and check-item
//! coverage.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::results::InspectionResult;
use shuangsuiji::publish::stats::{self, ItemCoverage, QuarterStats, StatsRow, YearlyCounts};

use crate::input::{read_json, RegistrySource};
use crate::output::{emit, to_json, CliError, Format};

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
pub fn run(args: StatsArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results: Vec<InspectionResult> = read_json(&args.results)?;
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
