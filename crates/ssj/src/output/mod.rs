//! What every command shares on the way out: the error type and its exit
//! code, output formats, files written all or none, JSON and text to
//! stdout.
//!
//! Exit codes: `0` success; `1` the answer is "no" (the request cannot be
//! planned, a check found breaches, a verification failed); `2` bad usage
//! or bad input (a file that cannot be read or parsed, an invalid
//! registry or policy), with every problem named by file, line and field.

pub mod ticker;
pub mod transaction;

pub use transaction::Contents;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use shuangsuiji_io::messages::{localize, Lang};

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

impl From<shuangsuiji_api::ApiError> for CliError {
    fn from(e: shuangsuiji_api::ApiError) -> CliError {
        match e.kind {
            shuangsuiji_api::ErrorKind::BadInput => CliError::Input(e.message),
            shuangsuiji_api::ErrorKind::No => CliError::No(e.message),
        }
    }
}

/// The language of the messages on stderr, set once from `--lang`.
static MESSAGES: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the language of every message on stderr (the first call wins).
pub fn set_lang(lang: Lang) {
    let _ = MESSAGES.set(lang);
}

/// The language of `--lang` for this run.
pub fn lang() -> Lang {
    MESSAGES.get().copied().unwrap_or_default()
}

/// `message` in the language of `--lang`, from the one catalogue.
pub fn said(message: &str) -> String {
    localize(MESSAGES.get().copied().unwrap_or_default(), message)
}

/// `ssj: ` and the error, in the language of `--lang`.
pub fn error_line(error: &CliError) -> String {
    match MESSAGES.get().copied().unwrap_or_default() {
        Lang::Zh => format!("ssj：{}\n", said(&error.to_string())),
        Lang::En => format!("ssj: {error}\n"),
    }
}

/// A note on stderr: something the user should know that is not an error
/// (a file read as GBK, columns ignored).
pub fn note(message: &str) {
    match MESSAGES.get().copied().unwrap_or_default() {
        Lang::Zh => to_stderr(&format!("ssj：注意：{}\n", said(message))),
        Lang::En => to_stderr(&format!("ssj: note: {message}\n")),
    }
}

/// Writes `text` to standard error, as is. A closed or full stderr loses
/// the text but never stops the command (`eprint!` would panic there, and
/// the exit code must still say what happened).
pub fn to_stderr(text: &str) {
    ticker::stop();
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
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
    write_all_atomic(&[(path.to_path_buf(), Bytes(contents))])
}

/// Writes every file of one run, or none, even if the run is killed at any
/// instant ([`transaction`]). A path of `-` is standard output, written
/// last.
///
/// # Errors
/// [`CliError::Input`] naming the path that could not be written.
pub fn write_all_atomic<C: Contents>(files: &[(PathBuf, C)]) -> Result<(), CliError> {
    let (to_stdout, to_files): (Vec<_>, Vec<_>) = files.iter().partition(|(p, _)| p.as_os_str() == "-");
    if to_stdout.len() > 1 {
        return Err(CliError::Input("only one output can be `-` (standard output)".into()));
    }
    if let Some((dir, _)) = to_files.iter().find(|(p, _)| p.is_dir()) {
        return Err(CliError::Input(format!("{}: is a directory, not a file", dir.display())));
    }
    // A device or a pipe (`--report /dev/null`) is written into, never
    // renamed over: a rename would put a regular file in /dev/null's place.
    let (to_devices, to_files): (Vec<_>, Vec<_>) = to_files.into_iter().partition(|(p, _)| is_special(p));
    let files: Vec<(&Path, &C)> = to_files.iter().map(|(p, c)| (p.as_path(), c)).collect();
    for note in transaction::write_all(&files).map_err(CliError::Input)? {
        self::note(&note);
    }
    for (path, contents) in to_devices {
        let mut device = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        contents.write_to(&mut device).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    }
    if let Some((_, contents)) = to_stdout.first() {
        emit_contents(&mut std::io::stdout().lock(), contents)?;
    }
    Ok(())
}

/// Whether `path` is there and is neither a regular file nor a folder: a
/// device (`/dev/null`) or a named pipe, written into as it is.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Finishes or clears what a killed `ssj` run left in `dir` ([`transaction`]),
/// before a file of it is read.
pub fn settle(dir: &Path) {
    for note in transaction::recover(dir) {
        self::note(&note);
    }
}

/// Frees `value` on a thread of its own. A national request and its plan
/// are millions of allocations, a quarter of a second to free one by one;
/// the command has given its answer by then, and the process's exit
/// returns the memory at once whether or not the thread has finished.
pub fn drop_aside<T: Send + 'static>(value: T) {
    // When no thread can be started, the closure and the value in it are
    // dropped here, on this thread.
    let _ = std::thread::Builder::new().name("ssj-free".into()).spawn(move || drop(value));
}

/// Pretty JSON with a final newline, as every front end writes it
/// ([`shuangsuiji_api::to_json`]).
///
/// # Errors
/// [`CliError::Input`] if the value cannot be serialized.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    Ok(shuangsuiji_api::to_json(value)?)
}

impl<S: AsRef<str>> Contents for S {
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.as_ref().as_bytes())
    }
}

/// Raw bytes as contents.
pub struct Bytes<'a>(pub &'a [u8]);

impl Contents for Bytes<'_> {
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.0)
    }
}

/// One output of `ssj plan`: a document's text, or the plan itself.
pub enum Output<'a> {
    /// Text made already.
    Text(std::borrow::Cow<'a, str>),
    /// The plan, written as [`shuangsuiji_api::write_plan_json`] forms it.
    Plan(&'a shuangsuiji::plan::QuarterPlan),
    /// A request, written as [`shuangsuiji_api::write_request_json`] forms it.
    Request(&'a shuangsuiji::request::PlanRequest),
}

impl Contents for Output<'_> {
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Output::Text(text) => out.write_all(text.as_bytes()),
            Output::Plan(plan) => shuangsuiji_api::write_plan_json(plan, out),
            Output::Request(request) => shuangsuiji_api::write_request_json(request, out),
        }
    }
}

/// Writes `text` to `out`. A reader that stops early (`ssj plan | head`)
/// is not an error.
///
/// # Errors
/// [`CliError::Input`] for any other write error.
pub fn emit(out: &mut dyn std::io::Write, text: &str) -> Result<(), CliError> {
    emit_contents(out, &text)
}

/// [`emit`] for any [`Contents`].
///
/// # Errors
/// As [`emit`].
pub fn emit_contents(out: &mut dyn std::io::Write, contents: &(impl Contents + ?Sized)) -> Result<(), CliError> {
    ticker::stop();
    match contents.write_to(out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(input_err),
    }
}
