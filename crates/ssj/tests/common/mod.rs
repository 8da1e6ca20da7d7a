//! What the CLI's test files share: running the built `ssj` in a folder,
//! and reading a folder back.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each test file uses a part

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Command;

/// What one run of `ssj` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The exit code (`-1` when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the built `ssj` with `args` in `dir`.
pub fn ssj<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ssj")).current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` (hidden ones included) with its bytes, and every
/// folder as `name/` with none.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.insert(format!("{name}/"), Vec::new());
                stack.push(p);
            } else {
                out.insert(name, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The files of [`tree`] alone.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir).into_iter().filter(|(name, _)| !name.ends_with('/')).collect()
}
