//! `ssj status`: where the year stands — per stratum what is done, what
//! the year still owes, and the key units not yet inspected.

use std::fmt::Write as _;

use clap::Args;
use shuangsuiji::publish::year::year_status;

use crate::input::{build_inputs, quarter_history, refuse, refuse_draw_date, InputArgs};
use crate::output::{emit, input_err, to_json, write_all_atomic, CliError, Format};
use crate::report::{self, stratum_name, Lang};
use crate::table::Table;

/// `ssj status`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj status --demo --units changji/hutubi --quarter 2023Q4 --year-dir year/
  ssj status --request year/2023Q3/request.json --quarter 2023Q4 --year-dir year/

The figures run through --quarter: that quarter's plan (in the year folder) and the earlier ones are what is done.")]
pub struct StatusArgs {
    /// Inputs; give --year-dir (or --history) for what the year has done.
    #[command(flatten)]
    pub input: InputArgs,
    /// Also write the year's status as an HTML page.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

/// Runs `ssj status`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, no year folder or history, or a
/// policy that does not cover the quarter.
pub fn run(args: StatusArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse_draw_date(&args.input)?;
    if args.input.year_dir.is_none() && args.input.history.is_empty() {
        return Err(CliError::Input("give --year-dir (or --history): the status is of what the year has done".into()));
    }
    if args.input.seed.is_some() {
        return Err(CliError::Input("--seed: the status draws nothing".into()));
    }
    refuse(args.input.month.is_some(), "--month", "the status runs through whole quarters")?;
    let mut request = build_inputs(&args.input)?;
    // Through the quarter: its own plan counts as done.
    if let Some(dir) = &args.input.year_dir {
        request.history.extend(quarter_history(dir, request.quarter)?);
    }
    let status = year_status(&request).map_err(input_err)?;
    let lang: Lang = args.input.lang.into();
    let policy_title = lang.pick_owned(&request.policy.title_zh(), &request.policy.name);
    if let Some(path) = &args.report {
        let page = report::year::html(&status, &request.registry, &policy_title, lang);
        write_all_atomic(&[(path.clone(), page)])?;
    }
    if args.input.format == Format::Json {
        return emit(out, &to_json(&status)?);
    }
    let l = |zh, en| lang.pick(zh, en);
    let names: std::collections::HashMap<&str, &str> =
        request.registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
    let unit = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
    let mut s = match lang {
        Lang::Zh => format!("{} 年截至 {}\n\n", status.through.year(), status.through),
        Lang::En => format!("the year {} through {}\n\n", status.through.year(), status.through),
    };
    let mut t = Table::new(
        &[
            l("层", "stratum"),
            l("可抽", "eligible"),
            l("已检查", "done"),
            l("年度要求", "yearly"),
            l("尚欠", "still owed"),
        ],
        &[false, true, true, true, true],
    );
    let opt = |v: Option<u64>| v.map_or_else(|| "-".to_owned(), |n| n.to_string());
    for st in &status.strata {
        t.row(vec![
            stratum_name(&st.key, &unit(&st.key.unit), lang),
            st.eligible.to_string(),
            st.done.to_string(),
            opt(st.yearly_total),
            opt(st.still_owed),
        ]);
    }
    s.push_str(&t.render());
    s.push_str(l(
        "\n本年尚未检查的重点排污单位（每年对辖区所有重点排污单位检查一遍，000 §四.1）：\n",
        "\nkey units not yet inspected this year (每年对辖区所有重点排污单位检查一遍, 000 §四.1):\n",
    ));
    for (u, ids) in &status.key_not_yet_inspected {
        let shown: Vec<&str> = ids.iter().take(12).map(String::as_str).collect();
        let more = match (ids.len() > shown.len(), lang) {
            (false, _) => String::new(),
            (true, Lang::Zh) => format!(" 等，另有 {} 个", ids.len() - shown.len()),
            (true, Lang::En) => format!(" … and {} more", ids.len() - shown.len()),
        };
        let list = if ids.is_empty() { String::new() } else { format!(" — {}", shown.join(", ")) };
        let _ = writeln!(s, "  {}: {}{list}{more}", unit(u), ids.len());
    }
    emit(out, &s)
}
