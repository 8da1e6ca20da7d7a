//! `ssj compare`: several policies' yearly demand on one registry.

use clap::Args;
use shuangsuiji::analysis::compare::{compare_one, comparison_year, valid_quarters};

use crate::input::{build_inputs, load_policy, InputArgs};
use crate::output::{emit, input_err, to_json, CliError, Format};

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

/// Runs `ssj compare`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs or a policy that covers no quarter of
/// the year.
pub fn run(args: CompareArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let mut rows = Vec::new();
    for spec in &args.policies {
        let mut input = args.input.clone();
        input.policy = Some(spec.clone());
        input.units = Vec::new();
        let policy = load_policy(spec)?;
        let year = match input.quarter {
            Some(q) if !input.demo => q.year(),
            _ => comparison_year(&policy),
        };
        input.quarter = valid_quarters(&policy, year).first().copied();
        if input.quarter.is_none() {
            return Err(CliError::Input(format!("policy `{}` covers no quarter of {year}", policy.id)));
        }
        let request = build_inputs(&input)?;
        rows.push(compare_one(&request).map_err(input_err)?);
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
