//! `ssj rules`: the presets, or one preset with every number's clause.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use shuangsuiji::rules::{self, check_file, Checked, Fault};

use crate::input::{build_inputs, load_policy, read_text, refuse, refuse_draw_date, InputArgs, LangArg};
use crate::output::{emit, input_err, to_json, CliError, Format};
use crate::report::Lang;

/// `ssj rules`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj rules                    # the presets
  ssj rules changji-county     # every number with its clause and the sentence it is read from
  ssj rules fengdu-example --format json
  ssj rules new > my-county-2025.toml   # a commented document file to fill in
  ssj rules check my-county-2025.toml   # every fault, with its line and field")]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    /// Write or check a document file.
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// A preset to show; none lists them.
    pub preset: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Language of the text (the JSON is the policy file's own).
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
}

/// What `ssj rules` does besides showing a preset.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Check document or policy files (TOML): every fault at once, each with file, line and field.
    Check {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Language of the report and of each fault.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Print a commented document file to fill in.
    New,
    /// Work out each stratum's minimum for a quarter, number by number, with its clause.
    Explain {
        /// A preset name, a policy file, or a document file (FILE#ID for one of its presets).
        #[arg(value_name = "POLICY")]
        file: String,
        /// The registry, quarter, units and history, as `ssj quotas` takes them.
        #[command(flatten)]
        input: Box<InputArgs>,
    },
}

/// The template `ssj rules new` prints.
const TEMPLATE: &str = include_str!("../templates/document.toml");

/// Runs `ssj rules`.
///
/// # Errors
/// [`CliError::Input`] for an unknown preset, a bad policy file, or a
/// file `rules check` finds at fault (every fault listed).
pub fn run(args: RulesArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    match args.action {
        Some(RulesAction::New) => return emit(out, TEMPLATE),
        Some(RulesAction::Check { files, lang }) => return check(&files, lang.into(), out),
        Some(RulesAction::Explain { file, input }) => return explain(file, *input, out),
        None => {}
    }
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
        return emit(out, &preset_list(args.lang.into()));
    };
    let policy = load_policy(&name)?;
    if args.format == Format::Json {
        return emit(out, &to_json(&policy)?);
    }
    emit(out, &policy_text(&policy, args.lang.into())?)
}

/// The presets, one a line, with what each is or needs.
fn preset_list(lang: Lang) -> String {
    let mut s = String::new();
    for name in rules::preset_names() {
        // A name its document leaves unfinished (`fengdu`: the county
        // sets the general units' rate) is listed with what it needs.
        let line = match (rules::preset(name), rules::choice(name), lang) {
            (Ok(p), _, Lang::En) => p.name,
            (Ok(p), _, Lang::Zh) => format!("{}（{}）", p.title_zh(), p.level.zh()),
            (Err(_), Some(choice), _) => crate::output::said(&choice.problem),
            (Err(e), None, _) => crate::output::said(&e.to_string()),
        };
        s.push_str(&format!("{name:<24} {line}\n"));
    }
    s.push_str(lang.pick(
        "\n基础政策可与调整政策组合：--policy changji-county+zhongwei-positive-list\n",
        "\nCombine a base with a policy of modifiers: --policy changji-county+zhongwei-positive-list\n",
    ));
    s
}

/// One policy for people: every rule with its clause and the sentence it
/// is read from, the readings taken, the matters, the draw window.
fn policy_text(policy: &shuangsuiji::rules::Policy, lang: Lang) -> Result<String, CliError> {
    let until = |open: &str| policy.validity.until.map_or(open.to_owned(), |d| d.to_string());
    let mut s = match lang {
        Lang::En => format!("{} — {}\nvalid {} to {}\n\n", policy.id, policy.name, policy.validity.from, until("open")),
        Lang::Zh => {
            format!("{} — {}\n有效期 {} 至 {}\n\n", policy.id, policy.title_zh(), policy.validity.from, until("长期"))
        }
    };
    for r in &policy.rules {
        match lang {
            Lang::En => s.push_str(&format!(
                "{}/{} ({}{}): {}\n  {}\n",
                r.pool,
                r.category,
                r.pool.zh(),
                r.category.zh(),
                r.minimum,
                r.source
            )),
            Lang::Zh => s.push_str(&format!(
                "{}{}：{}\n  {}\n",
                r.pool.zh(),
                r.category.zh(),
                r.minimum.zh(),
                r.source.cite_zh()
            )),
        }
        s.push_str(&format!("  「{}」\n", r.source.quote));
        if let Some(reading) = &r.source.reading {
            // The project's readings are written in English (docs/rules.md).
            s.push_str(&format!("  {}{reading}\n", lang.pick("解读（项目说明）：", "reading: ")));
        }
    }
    for m in &policy.modifiers {
        let m = serde_json::to_string(m).map_err(input_err)?;
        s.push_str(&format!("{}{m}\n", lang.pick("调整规则：", "modifier: ")));
    }
    // The readings as a policy file writes them (`rounding = "up"`).
    let readings = serde_json::to_value(&policy.readings).map_err(input_err)?;
    let readings: Vec<String> = readings
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| (name, value.as_str().unwrap_or_default()))
        .map(|(name, value)| match lang {
            Lang::En => format!("{name} = {value}"),
            // The file's own key and value, quoted as the file writes them.
            Lang::Zh => format!("`{name} = \"{value}\"`"),
        })
        .collect();
    s.push_str(&format!("{}{}\n", lang.pick("解读参数：", "readings: "), readings.join(lang.pick("，", ", "))));
    for m in &policy.matters {
        let objects = serde_json::to_string(&m.objects).map_err(input_err)?;
        s.push_str(&match lang {
            Lang::En => format!("matter {} ({}): objects {objects}\n", m.id, m.name),
            Lang::Zh => format!("检查事项 {}（{}）：对象 {objects}\n", m.id, m.name),
        });
    }
    if let Some(window) = &policy.draw_window {
        s.push_str(&match lang {
            Lang::En => {
                format!("draw window: by day {} of the period's first month ({})\n", window.by_day, window.source)
            }
            Lang::Zh => format!("抽取时限：每期首月 {} 日前（{}）\n", window.by_day, window.source.cite_zh()),
        });
    }
    Ok(s)
}

/// `ssj rules check`: each file's faults, or what it holds.
fn check(files: &[PathBuf], lang: Lang, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let mut faults = Vec::new();
    let mut report = String::new();
    for path in files {
        let name = path.display().to_string();
        let text = read_text(path)?;
        match check_file(&name, &text) {
            Ok(checked) => report.push_str(&format!("{name}: {}\n", summary(&checked, lang))),
            Err(mut found) => faults.append(&mut found),
        }
    }
    emit(out, &report)?;
    if faults.is_empty() {
        return Ok(());
    }
    let n = faults.len();
    let list: Vec<String> = match lang {
        Lang::Zh => faults.iter().map(Fault::zh).collect(),
        Lang::En => faults.iter().map(ToString::to_string).collect(),
    };
    let total = lang.pick_owned(&format!("共 {n} 处错误"), &format!("{n} fault(s)"));
    Err(CliError::Input(format!("{}\n{total}", list.join("\n"))))
}

/// One line on a file that passed.
fn summary(checked: &Checked, lang: Lang) -> String {
    match (checked, lang) {
        (Checked::Document(file), Lang::En) => {
            let ids: Vec<&str> = file.presets.iter().map(|p| p.id.as_str()).collect();
            format!(
                "document `{}` ({}): {} preset(s) [{}], {} deadline(s), {} duty(ies); every number cites its clause",
                file.document.short,
                file.document.title,
                file.presets.len(),
                ids.join(", "),
                file.deadlines.len(),
                file.duties.len()
            )
        }
        (Checked::Document(file), Lang::Zh) => {
            let ids: Vec<&str> = file.presets.iter().map(|p| p.id.as_str()).collect();
            format!(
                "文件《{}》（{}）：{} 个预设 [{}]，{} 项时限，{} 项工作安排；每个数字均注明出处条款",
                file.document.title,
                file.document.short,
                file.presets.len(),
                ids.join(", "),
                file.deadlines.len(),
                file.duties.len()
            )
        }
        (Checked::Policy(policy), Lang::En) => {
            format!("policy `{}`: {} rule(s), {} modifier(s)", policy.id, policy.rules.len(), policy.modifiers.len())
        }
        (Checked::Policy(policy), Lang::Zh) => {
            format!("规则 `{}`：{} 条最低要求，{} 项调整", policy.id, policy.rules.len(), policy.modifiers.len())
        }
    }
}

/// `ssj rules explain`: each stratum's minimum worked out.
fn explain(policy: String, mut input: InputArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse(input.policy.is_some(), "--policy", "name the policy as the first argument of `rules explain`")?;
    refuse(input.seed.is_some(), "--seed", "the quotas draw nothing; give the seed to `ssj plan`")?;
    refuse_draw_date(&input)?;
    input.policy = Some(policy);
    let request = build_inputs(&input)?;
    let lines = shuangsuiji_api::quotas(&request)?;
    let quota_input = shuangsuiji::request::QuotaInput::new(
        &request.policy,
        &request.registry,
        request.quarter,
        &request.history,
        &request.units,
    )
    .with_month(request.month);
    let mut s = String::new();
    for a in &request.policy.assumptions {
        s.push_str(&format!("assumption: {a}\n"));
    }
    for line in &lines {
        s.push_str(&format!(
            "{} ({} eligible, {} inspected this year)\n",
            line.stratum, line.eligible, line.inspected_this_year
        ));
        for step in shuangsuiji::plan::quota::explain(&quota_input, line) {
            s.push_str(&format!("  {step}\n"));
        }
    }
    emit(out, &s)
}
