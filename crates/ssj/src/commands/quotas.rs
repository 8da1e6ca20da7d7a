//! `ssj quotas`: a quarter's minimums per stratum, without drawing.

use shuangsuiji::plan::quota::quarter_quotas;

use crate::input::{build_inputs, InputArgs};
use crate::output::{emit, input_err, to_json, CliError, Format};

/// Runs `ssj quotas`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs or a policy that does not cover the
/// quarter.
pub fn run(args: InputArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let request = build_inputs(&args)?;
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
