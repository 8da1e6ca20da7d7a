//! `ssj verify`: check a plan or an amendment log against its request.
//!
//! * `ssj verify --plan plan.json --request request.json [--commitment
//!   c.json]`: exit 0 and `verified`, or exit 1 listing every difference;
//! * `ssj verify --log log.json --request request.json [--head N:HASH]`:
//!   the hash chain, the original plan, every amendment, and the log
//!   against the head the bureau published.

use std::path::PathBuf;

use clap::Args;
use shuangsuiji::audit::amend::{LogHead, PlanLog};
use shuangsuiji::audit::commitment::Commitment;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji_io::read::Loaded;

use crate::input::{noticed, read_checked_request, read_json, read_json_loaded, side_by_side};
use crate::output::{drop_aside, emit, CliError};

/// `ssj verify`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj verify --plan plan.json --request request.json --commitment commitment.json
  ssj verify --log log.json --request request.json --head 3:9f2c…   (the head the bureau published)")]
pub struct VerifyArgs {
    /// The plan JSON to verify.
    #[arg(long, required_unless_present = "log", conflicts_with = "log")]
    pub plan: Option<PathBuf>,
    /// An amendment log JSON to verify (hash chain, original plan, amendments).
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// The request JSON the plan was drawn from (as written by `ssj plan --save-request`).
    #[arg(long)]
    pub request: PathBuf,
    /// The commitment published before the seed: the request must be the one it froze.
    #[arg(long)]
    pub commitment: Option<PathBuf>,
    /// With --log: the head the bureau published, `<entries>:<hash>`.
    #[arg(long, requires = "log")]
    pub head: Option<LogHead>,
    /// The authority's commitment register: the commitment must be in it
    /// and not superseded; every other commitment for its period is named.
    #[arg(long, requires = "commitment")]
    pub register: Option<PathBuf>,
    /// With --register: the register head the bureau published.
    #[arg(long, requires = "register")]
    pub register_head: Option<LogHead>,
    /// Language of what is said, findings and errors included.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: crate::input::LangArg,
}

/// Runs `ssj verify`.
///
/// # Errors
/// [`CliError::Input`] for unreadable files; [`CliError::No`] listing what
/// differs when the plan, log or commitment does not verify.
pub fn run(args: VerifyArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    // A national request is a gigabyte of JSON, its plan a quarter of one:
    // read side by side, unless one is standard input, the plan's notes
    // printed in its turn. The request is checked once, and hashed once for
    // the commitment and the re-plan.
    let stdin = [Some(&args.request), args.plan.as_ref(), args.log.as_ref(), args.commitment.as_ref()]
        .into_iter()
        .flatten()
        .any(|p| p.as_os_str() == "-");
    let (document, request) = side_by_side(!stdin, || read_document(&args), || read_checked_request(&args.request));
    let request = request?;
    let commitment = match &args.commitment {
        Some(path) => Some((path.display().to_string(), read_json::<Commitment>(path)?)),
        None => None,
    };
    let request = shuangsuiji_api::prepare_checked(request, commitment.as_ref().map(|(_, c)| c))?;
    let commitment = commitment.as_ref().map(|(name, c)| (name.as_str(), c));
    let document = noticed(document?);
    let mut said = match &document {
        Document::Log(name, log) => shuangsuiji_api::verify_log(name, log, &request, args.head.as_ref(), commitment)?,
        Document::Plan(name, plan) => shuangsuiji_api::verify_checked(name, plan, &request, commitment)?,
    };
    match (&args.register, commitment) {
        (Some(path), Some((_, c))) => {
            let standing = crate::input::standing(path, c, args.register_head.as_ref())?;
            said.push_str(&format!("the commitment is {standing}\n"));
        }
        (None, Some(_)) => said.push_str(
            "no commitment register given (--register): whether the authority made another commitment for this period is not checked\n",
        ),
        _ => {}
    }
    emit(out, &shuangsuiji_io::messages::localize(args.lang.into(), &said))?;
    drop_aside((document, request));
    Ok(())
}

/// What is verified, with its file's name.
enum Document {
    Plan(String, Box<QuarterPlan>),
    Log(String, PlanLog),
}

fn read_document(args: &VerifyArgs) -> Result<Loaded<Document>, CliError> {
    let name = |path: &PathBuf| path.display().to_string();
    match (&args.log, &args.plan) {
        (Some(path), _) => Ok(read_json_loaded(path)?.map(|log| Document::Log(name(path), log))),
        (None, Some(path)) => Ok(read_json_loaded(path)?.map(|plan| Document::Plan(name(path), Box::new(plan)))),
        (None, None) => Err(CliError::Input("give --plan or --log".into())),
    }
}
