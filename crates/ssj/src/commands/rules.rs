//! `ssj rules`: the presets, or one preset with every number's clause.

use clap::Args;
use shuangsuiji::rules;

use crate::input::load_policy;
use crate::output::{emit, input_err, to_json, CliError, Format};

/// `ssj rules`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj rules                    # the presets
  ssj rules changji-county     # every number with its clause and the sentence it is read from
  ssj rules fengdu-example --format json")]
pub struct RulesArgs {
    /// A preset to show; none lists them.
    pub preset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `ssj rules`.
///
/// # Errors
/// [`CliError::Input`] for an unknown preset or a bad policy file.
pub fn run(args: RulesArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let Some(name) = args.preset else {
        if args.format == Format::Json {
            let list: Vec<serde_json::Value> = rules::preset_names()
                .into_iter()
                .map(|name| match rules::preset(name) {
                    Ok(p) => serde_json::json!({
                        "name": name, "policy": p.name, "document": p.title_zh(),
                        "level": p.level, "valid_from": p.validity.from, "valid_until": p.validity.until,
                    }),
                    Err(e) => serde_json::json!({ "name": name, "needs": e.to_string() }),
                })
                .collect();
            return emit(out, &to_json(&list)?);
        }
        let mut s = String::new();
        for name in rules::preset_names() {
            // A name its document leaves unfinished (`fengdu`: the county
            // sets the general units' rate) is listed with what it needs.
            let line = match (rules::preset(name), rules::choice(name)) {
                (Ok(p), _) => p.name,
                (Err(_), Some(choice)) => choice.problem.clone(),
                (Err(e), None) => e.to_string(),
            };
            s.push_str(&format!("{name:<24} {line}\n"));
        }
        s.push_str("\nCombine a base with a policy of modifiers: --policy changji-county+zhongwei-positive-list\n");
        return emit(out, &s);
    };
    let policy = load_policy(&name)?;
    if args.format == Format::Json {
        return emit(out, &to_json(&policy)?);
    }
    let mut s = format!(
        "{} — {}\nvalid {} to {}\n\n",
        policy.id,
        policy.name,
        policy.validity.from,
        policy.validity.until.map_or("open".into(), |d| d.to_string())
    );
    for r in &policy.rules {
        s.push_str(&format!(
            "{}/{} ({}{}): {}\n  {}\n  「{}」\n",
            r.pool,
            r.category,
            r.pool.zh(),
            r.category.zh(),
            r.minimum,
            r.source,
            r.source.quote
        ));
        if let Some(reading) = &r.source.reading {
            s.push_str(&format!("  reading: {reading}\n"));
        }
    }
    for m in &policy.modifiers {
        s.push_str(&format!("modifier: {}\n", serde_json::to_string(m).map_err(input_err)?));
    }
    s.push_str(&format!(
        "readings: rounding {:?}, spread {:?}, other levels {:?}\n",
        policy.readings.rounding, policy.readings.spread, policy.readings.other_levels
    ));
    emit(out, &s)
}
