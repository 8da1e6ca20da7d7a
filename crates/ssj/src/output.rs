//! What every command shares on the way out: the error type and its exit
//! code, output formats, atomic file writes, JSON and text to stdout.
//!
//! Exit codes: `0` success; `1` the answer is "no" (the request cannot be
//! planned, a check found breaches, a verification failed); `2` bad usage
//! or bad input (a file that cannot be read or parsed, an invalid
//! registry or policy), with every problem named by file, line and field.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
    let tmp = write_temp(path, contents)?;
    rename(&tmp, path)
}

/// Writes every file of one run, or none: each goes to a temporary file
/// beside it first, and only when all are written are they renamed into
/// place. On failure the temporary files are removed and no output is
/// touched.
///
/// # Errors
/// [`CliError::Input`] naming the path that could not be written.
pub fn write_all_atomic(files: &[(PathBuf, String)]) -> Result<(), CliError> {
    let mut written: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    for (path, contents) in files {
        match write_temp(path, contents.as_bytes()) {
            Ok(tmp) => written.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &written {
                    let _ = fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (tmp, path) in &written {
        rename(tmp, path)?;
    }
    Ok(())
}

fn write_temp(path: &Path, contents: &[u8]) -> Result<PathBuf, CliError> {
    let err = |e: std::io::Error| CliError::Input(format!("{}: {e}", path.display()));
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::File::create(&tmp).and_then(|mut f| f.write_all(contents).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(tmp)
}

fn rename(tmp: &Path, path: &Path) -> Result<(), CliError> {
    fs::rename(tmp, path).map_err(|e| {
        let _ = fs::remove_file(tmp);
        CliError::Input(format!("{}: {e}", path.display()))
    })
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
