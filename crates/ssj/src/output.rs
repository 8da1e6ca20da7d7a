//! What every command shares on the way out: the error type and its exit
//! code, output formats, atomic file writes, JSON and text to stdout.
//!
//! Exit codes: `0` success; `1` the answer is "no" (the request cannot be
//! planned, a check found breaches, a verification failed); `2` bad usage
//! or bad input (a file that cannot be read or parsed, an invalid
//! registry or policy), with every problem named by file, line and field.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use clap::ValueEnum;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for machines.
    Json,
}

/// An error the command reports, with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad usage or input (exit 2).
    #[error("{0}")]
    Input(String),
    /// A "no": infeasible plan, breaches found (exit 1).
    #[error("{0}")]
    No(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::No(_) => 1,
        }
    }
}

/// A bad-input error from anything displayable.
pub fn input_err(e: impl std::fmt::Display) -> CliError {
    CliError::Input(e.to_string())
}

/// Writes `contents` to `path` through a temporary file and a rename, so a
/// failed run never leaves a partial file over a good one.
///
/// # Errors
/// [`CliError::Input`] naming the path.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let err = |e: std::io::Error| CliError::Input(format!("{}: {e}", path.display()));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = fs::File::create(&tmp).map_err(err)?;
    f.write_all(contents).and_then(|()| f.sync_all()).map_err(err)?;
    fs::rename(&tmp, path).map_err(err)
}

/// Pretty JSON with a final newline.
///
/// # Errors
/// [`CliError::Input`] if the value cannot be serialized.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(input_err)
}

/// Writes `text` to `out`. A reader that stops early (`ssj plan | head`)
/// is not an error.
///
/// # Errors
/// [`CliError::Input`] for any other write error.
pub fn emit(out: &mut dyn std::io::Write, text: &str) -> Result<(), CliError> {
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(input_err),
    }
}
