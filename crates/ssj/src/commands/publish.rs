//! `ssj publish`: the public disclosure of the results (JSON, CSV, HTML).

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::disclosure::{self, DisclosurePolicy, Seal};
use shuangsuiji::publish::results::{validate_results, InspectionResult};

use crate::input::{amended, read_json, read_json_list, refuse, result_wordings, DocumentArgs, RegistrySource};
use crate::output::{emit, input_err, write_all_atomic, CliError};

/// The public's verifier, one self-contained page (built by
/// `node web/verify/build-page.mjs`).
const VERIFY_PAGE: &str = include_str!("../../assets/verify.html");

/// `ssj publish`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj publish --plan plan.json --results results.json --request request.json --out-dir public/
  ssj publish --plan plan.json --results results.json --request request.json --log log.json --out-dir public/

Writes public.json, public.csv (UTF-8 with a BOM, for Excel), public.html and verify.html (the public's verifier, which the page links) together, or none of them.")]
pub struct PublishArgs {
    /// The plan JSON.
    #[arg(long)]
    pub plan: PathBuf,
    /// The results (JSON array; see docs/disclosure.md).
    #[arg(long)]
    pub results: PathBuf,
    /// Registry source (for company and inspector names).
    #[command(flatten)]
    pub source: RegistrySource,
    /// The documents the plan cites that are not built in (their result phrases).
    #[command(flatten)]
    pub documents: DocumentArgs,
    /// Directory to write public.json, public.csv, public.html and verify.html into.
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,
    /// Show inspectors' names (personal data; off by default).
    #[arg(long)]
    pub show_inspector_names: bool,
    /// Leave withheld results out entirely instead of showing 依法不予公开.
    #[arg(long)]
    pub omit_withheld: bool,
    /// Title of the HTML page.
    #[arg(long)]
    pub title: Option<String>,
    /// The plan's amendment log, if it was amended: its head is published
    /// with the results (needs --request, to verify the log).
    #[arg(long, requires = "request")]
    pub log: Option<PathBuf>,
}

/// Runs `ssj publish`: validates the results against the plan, then writes
/// the disclosure in three formats.
///
/// # Errors
/// [`CliError::Input`] for unreadable inputs or results with blank,
/// invalid or duplicate entries (every one listed).
pub fn run(args: PublishArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse(args.source.history.is_some(), "--history", "a disclosure publishes this quarter's results only")?;
    let plan: QuarterPlan = read_json(&args.plan)?;
    let results: Vec<InspectionResult> = read_json_list(&args.results)?;
    let (registry, _, _) = args.source.load()?;
    // With a log, the results answer the plan as amended: the team drawn
    // in, not the officer who left; the company drawn in, not the closed one.
    let amended = match (&args.log, &args.source.request) {
        (Some(log), Some(request)) => Some(amended(&plan, &args.plan, log, request)?),
        _ => None,
    };
    let seal = Seal::of(&plan, amended.as_ref().map(|(_, log)| log));
    let plan = amended.map_or(plan, |(current, _)| current);
    let given = args.documents.read()?;
    let (wordings, notice) = result_wordings(&plan, &given);
    validate_results(&results, &plan, &wordings).map_err(|e| {
        CliError::Input(format!("{}: the results are not fit to publish:\n{e}", args.results.display()))
    })?;
    let disclosure =
        DisclosurePolicy { show_inspector_names: args.show_inspector_names, show_withheld_marker: !args.omit_withheld };
    let records = disclosure::public_records(&results, &plan, &registry, &wordings, &disclosure);
    let title = args.title.unwrap_or_else(|| format!("{}“双随机、一公开”抽查结果公示", plan.quarter));
    let files = vec![
        (args.out_dir.join("public.json"), disclosure::to_json(&records, &seal).map_err(input_err)?),
        // A BOM, so Excel on Chinese Windows opens it as UTF-8, not GBK.
        (args.out_dir.join("public.csv"), format!("\u{feff}{}", disclosure::to_csv(&records))),
        (args.out_dir.join("public.html"), disclosure::to_html(&records, &title, &seal)),
        // The public's verifier, which the page links: one self-contained
        // file, built from web/verify/ (docs/disclosure.md).
        (args.out_dir.join("verify.html"), VERIFY_PAGE.to_owned()),
    ];
    std::fs::create_dir_all(&args.out_dir).map_err(|e| CliError::Input(format!("{}: {e}", args.out_dir.display())))?;
    write_all_atomic(&files)?;
    let mut s = notice.map(|n| n + "\n").unwrap_or_default();
    for (path, _) in &files {
        s.push_str(&format!("wrote {}\n", path.display()));
    }
    let withheld = records.iter().filter(|r| r.withheld).count();
    s.push_str(&format!(
        "{} record(s) published, {withheld} withheld, {} omitted\n",
        records.len() - withheld,
        results.len() - records.len()
    ));
    emit(out, &s)
}
