//! `ssj schema`: the JSON Schema of a file format, generated from the very
//! types the readers deserialize into, so it cannot drift from them.

use clap::{Args, ValueEnum};
use shuangsuiji_api::schema::{schema, Format};

use crate::output::{emit, to_json, CliError};

/// The formats with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A plan request (`--request`, `ssj plan --save-request`).
    Request,
    /// A quarter's plan (`ssj plan --out`).
    Plan,
    /// A policy file (`--policy FILE.json`).
    Policy,
    /// A registry in JSON (`--registry FILE.json`).
    Registry,
}

impl From<SchemaKind> for Format {
    fn from(kind: SchemaKind) -> Format {
        match kind {
            SchemaKind::Request => Format::Request,
            SchemaKind::Plan => Format::Plan,
            SchemaKind::Policy => Format::Policy,
            SchemaKind::Registry => Format::Registry,
        }
    }
}

/// `ssj schema`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj schema request > plan-request.schema.json
  ssj schema plan

The schema checks a document's shape and each value's range; what spans records (duplicate ids, references to unknown jurisdictions, a month outside the quarter) only the readers check.")]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// Runs `ssj schema`.
///
/// # Errors
/// [`CliError`] only when standard output fails.
pub fn run(args: SchemaArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    emit(out, &to_json(&schema(args.kind.into()))?)
}
