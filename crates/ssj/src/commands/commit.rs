//! `ssj commit`: freeze everything that decides the plan, the seed aside,
//! and announce where the seed will come from — before the seed exists.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use shuangsuiji::audit::register::Register;
use shuangsuiji::request::{SeedError, SeedRule};

use crate::input::{build_inputs, check_draw_date, read_json, InputArgs, SourceArg};
use crate::output::{emit, to_json, write_all_atomic, CliError, Format, Output};
use crate::report::Lang;

/// `ssj commit`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj commit --request request.json --authority 呼图壁县生态环境局 --date 2026-12-20 \\
      --seed-source lottery --seed-digits 20 \\
      --seed-announced \"2026年12月28日体彩排列5第2026350期、福彩3D第2026350期、体彩七星彩第2026150期开奖号码及当日公开会议投掷十面骰5次，共20位，按此顺序\" \\
      --out commitment.json --save-request request.committed.json
  ssj commit --demo --quarter 2023Q1 --authority demo --date 2022-12-20 \\
      --seed-source dice --seed-digits 20 --seed-announced \"20 dice, public meeting 2022-12-28\" --out c.json

Publish commitment.json before the seed exists; then fix the seed by the rule, in public,
and run `ssj plan --request … --commitment commitment.json --seed …`.")]
pub struct CommitArgs {
    /// Inputs (everything but the seed).
    #[command(flatten)]
    pub input: InputArgs,
    /// Who commits: the bureau.
    #[arg(long)]
    pub authority: String,
    /// The date of the commitment (YYYY-MM-DD).
    #[arg(long)]
    pub date: NaiveDate,
    /// Where the seed will come from (unless the request has a seed rule).
    #[arg(long, value_enum)]
    pub seed_source: Option<SourceArg>,
    /// How many decimal digits the seed will have (at least 20, or give
    /// --weak-seed).
    #[arg(long)]
    pub seed_digits: Option<u32>,
    /// Commit a rule of fewer than 20 digits anyway: its outcomes can be
    /// enumerated, and the weakness is recorded in the commitment and shown
    /// with the plan.
    #[arg(long)]
    pub weak_seed: bool,
    /// The rule in the bureau's words, as published.
    #[arg(long)]
    pub seed_announced: Option<String>,
    /// Write the commitment here.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the request with its seed rule here (for `plan` and `verify`).
    #[arg(long)]
    pub save_request: Option<PathBuf>,
    /// The authority's commitment register for the year (created if it does
    /// not exist): the commitment is appended, written with it, and the
    /// register's head printed to publish.
    #[arg(long)]
    pub register: Option<PathBuf>,
    /// Why the list is fixed outside the window its document sets (the
    /// next quarter's list in the last working days of the quarter before,
    /// a monthly plan by the 27th; else before the period begins): the
    /// commitment carries it.
    #[arg(long, value_name = "TEXT")]
    pub outside_window_reason: Option<String>,
    /// The digest of the commitment for the same quarter and units that
    /// this one replaces (in the register).
    #[arg(long, requires = "register", requires = "supersede_reason")]
    pub supersedes: Option<String>,
    /// Why it replaces it.
    #[arg(long, requires = "supersedes")]
    pub supersede_reason: Option<String>,
}

/// Runs `ssj commit`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, a seed given (a commitment comes
/// before the seed), or a seed rule missing, half given or given twice.
pub fn run(args: CommitArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    if args.input.seed.is_some() {
        return Err(CliError::Input(
            "--seed: a commitment is made before the seed exists; give the seed to `ssj plan`".into(),
        ));
    }
    let mut request = build_inputs(&args.input)?;
    check_draw_date(&request)?;
    if args.input.demo {
        request.seed = String::new(); // the demo's own seed: not yet drawn
    }
    let flags = (args.seed_source, args.seed_digits, args.seed_announced.clone());
    let rule = match (request.seed_rule.take(), flags) {
        (Some(rule), (None, None, None)) if !args.weak_seed => rule,
        (Some(_), _) => {
            return Err(CliError::Input(
                "the request already has a seed_rule; leave out --seed-source/--seed-digits/--seed-announced/--weak-seed".into(),
            ))
        }
        (None, (Some(source), Some(digits), Some(announced))) => SeedRule {
            source: source.into(),
            digits,
            announced,
            weak: args.weak_seed,
        },
        (None, (None, None, None)) => {
            return Err(CliError::Input(
                "a commitment announces where the seed will come from: give --seed-source (dice, lottery or other), --seed-digits and --seed-announced (e.g. --seed-source dice --seed-digits 20 --seed-announced \"20 dice, public meeting 2022-12-28\")".into(),
            ))
        }
        (None, _) => return Err(CliError::Input(
            "give all three of --seed-source, --seed-digits and --seed-announced (the rule the seed will come from)"
                .into(),
        )),
    };
    rule.validate().map_err(|e| match e {
        SeedError::TooFewDigits { .. } => CliError::Input(format!("--seed-digits: {e} (--weak-seed)")),
        SeedError::NotWeak { .. } => CliError::Input(format!("--weak-seed: {e}")),
        e => CliError::Input(format!("--seed-digits/--seed-announced: {e}")),
    })?;
    let reason = args.outside_window_reason.as_deref();
    let (commitment, request) = shuangsuiji_api::commit(request, rule, &args.authority, args.date, reason)
        .map_err(|e| CliError::Input(e.to_string().replace("(outside_window)", "(--outside-window-reason)")))?;
    let mut files = vec![(args.out.clone(), Output::Text(to_json(&commitment)?.into()))];
    let mut registered = String::new();
    if let Some(path) = &args.register {
        let mut register = if path.exists() {
            read_json::<Register>(path)?
        } else {
            Register::new(&commitment.authority, request.quarter.year())
        };
        register.check_chain().map_err(|e| CliError::No(format!("{}: {e}", path.display())))?;
        let supersedes = args.supersedes.as_deref().zip(args.supersede_reason.as_deref());
        let head =
            register.append(&commitment, supersedes).map_err(|e| CliError::No(format!("{}: {e}", path.display())))?;
        registered = format!("register {}: entry {}; publish its head {head}\n", path.display(), head.entries);
        files.push((path.clone(), Output::Text(to_json(&register)?.into())));
    }
    if let Some(path) = &args.save_request {
        files.push((path.clone(), Output::Request(&request)));
    }
    write_all_atomic(&files)?;
    if files.iter().any(|(p, _)| p.as_os_str() == "-") {
        return Ok(()); // standard output holds the file asked for
    }
    match args.input.format {
        Format::Json => emit(out, &to_json(&commitment)?),
        Format::Table => emit(out, &(summary(&commitment, &args.out, args.input.lang.into()) + &registered)),
    }
}

/// The commitment for people, in `lang`.
fn summary(c: &shuangsuiji::audit::commitment::Commitment, out: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{c}wrote {}: publish it now, before the seed exists\n", out.display()),
        Lang::Zh => {
            let frozen = &c.frozen;
            let mut s = format!("承诺摘要 {}\n机关：{}，日期：{}\n", c.digest, c.authority, c.date);
            if let Some(rule) =
                frozen.get("seed_rule").and_then(|r| r.get("announced")).and_then(serde_json::Value::as_str)
            {
                s.push_str(&format!("种子规则：{rule}\n"));
            }
            if let Some(lists) = frozen.get("lists").and_then(serde_json::Value::as_object) {
                for (name, list) in lists {
                    let label = match name.as_str() {
                        "jurisdictions" => "区域",
                        "objects" => "检查对象",
                        "inspectors" => "执法人员",
                        "history" => "本年已有检查",
                        other => other,
                    };
                    s.push_str(&format!(
                        "  {label}：{} 条\n",
                        list.get("count").and_then(serde_json::Value::as_u64).unwrap_or(0)
                    ));
                }
            }
            s.push_str(&format!("已写入 {}：请在种子产生之前公布。\n", out.display()));
            s
        }
    }
}
