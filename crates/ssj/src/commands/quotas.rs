//! `ssj quotas`: a quarter's minimums per stratum, without drawing.

use crate::input::{build_inputs, refuse, refuse_draw_date, InputArgs};
use crate::output::{emit, to_json, CliError, Format};
use crate::report::{stratum_name, Lang};
use crate::table::Table;

/// Runs `ssj quotas`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, a policy that does not cover the
/// quarter, or `--seed` (the quotas draw nothing).
pub fn run(args: InputArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse_draw_date(&args)?;
    refuse(args.seed.is_some(), "--seed", "the quotas draw nothing; give the seed to `ssj plan`")?;
    let request = build_inputs(&args)?;
    let lines = shuangsuiji_api::quotas(&request)?;
    if args.format == Format::Json {
        return emit(out, &to_json(&lines)?);
    }
    let lang: Lang = args.lang.into();
    let l = |zh, en| lang.pick(zh, en);
    let names: std::collections::HashMap<&str, &str> =
        request.registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
    let mut t = Table::new(
        &[
            l("层", "stratum"),
            l("可抽", "eligible"),
            l("本年已查", "inspected"),
            l("最低", "minimum"),
            l("依据", "rule"),
        ],
        &[false, true, true, true, false],
    );
    for line in &lines {
        let unit = names.get(line.stratum.unit.as_str()).copied().unwrap_or(line.stratum.unit.as_str());
        let rule = line
            .binding()
            .map(|d| match lang {
                Lang::Zh => format!("{}（{}）", d.minimum.zh(), d.source.cite_zh()),
                Lang::En => format!("{} — {}", d.minimum, d.source),
            })
            .unwrap_or_default();
        t.row(vec![
            stratum_name(&line.stratum, unit, lang),
            line.eligible.to_string(),
            line.inspected_this_year.to_string(),
            line.required.to_string(),
            rule,
        ]);
    }
    let mut s = String::new();
    for a in &request.policy.assumptions {
        s.push_str(&format!("{}{}\n", l("假设：", "assumption: "), lang.assumption(a)));
    }
    s.push_str(&t.render());
    emit(out, &s)
}
