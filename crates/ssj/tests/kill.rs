#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A run's outputs are one transaction: `ssj plan` killed (SIGKILL, by
//! `strace`'s fault injection) at each of its renames and links leaves,
//! once the next `ssj` has read the folder, every output all old or all
//! new, and no leftover file. Needs `strace` (CI installs it).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::{files, ssj};

const OUTPUTS: [&str; 3] = ["plan.json", "request.json", "report.html"];

/// `ssj plan` of the demo with `seed`, writing the three outputs under
/// `dir`, the report in `report_dir` (relative to `dir`).
fn plan_args(seed: &str, report_dir: &str) -> Vec<String> {
    let report = format!("{report_dir}/report.html");
    ["plan", "--demo", "--seed", seed, "--out", "plan.json", "--save-request", "request.json", "--report", &report]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// The outputs' bytes, wherever they went.
fn outputs(dir: &Path, report_dir: &str) -> BTreeMap<&'static str, Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|name| {
            let path = if *name == "report.html" { dir.join(report_dir).join(name) } else { dir.join(name) };
            (*name, fs::read(path).unwrap_or_default())
        })
        .collect()
}

fn has_strace() -> bool {
    Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Runs `ssj plan` in `dir` under strace, killed at the `nth` call of
/// `syscall`. Whether it was killed.
fn plan_killed_at(dir: &Path, args: &[String], syscall: &str, nth: usize) -> bool {
    let status = Command::new("strace")
        .current_dir(dir)
        .args(["-f", "-o", "/dev/null", "-e", &format!("inject={syscall}:signal=SIGKILL:when={nth}")])
        .arg(env!("CARGO_BIN_EXE_ssj"))
        .args(args)
        .output()
        .unwrap();
    // strace exits as its tracee did: killed is 128 + 9.
    status.status.code() == Some(137) || status.status.code().is_none()
}

#[test]
fn killed_at_any_rename_or_link_the_outputs_are_all_old_or_all_new() {
    if !has_strace() {
        assert!(std::env::var_os("CI").is_none(), "CI must have strace for this test");
        eprintln!("skipped: no strace here");
        return;
    }
    let mut killed = 0;
    for report_dir in [".", "pages"] {
        // The old and new outputs, made once.
        let reference = tempfile::tempdir().unwrap();
        fs::create_dir_all(reference.path().join(report_dir)).unwrap();
        assert_eq!(ssj(reference.path(), &plan_args("7", report_dir)).code, 0);
        let old = outputs(reference.path(), report_dir);
        assert_eq!(ssj(reference.path(), &plan_args("8", report_dir)).code, 0);
        let new = outputs(reference.path(), report_dir);
        assert_ne!(old, new);
        for syscall in ["rename", "link"] {
            for nth in 1..=8 {
                let work = tempfile::tempdir().unwrap();
                let dir = work.path();
                fs::create_dir_all(dir.join(report_dir)).unwrap();
                assert_eq!(ssj(dir, &plan_args("7", report_dir)).code, 0);
                let was_killed = plan_killed_at(dir, &plan_args("8", report_dir), syscall, nth);
                killed += usize::from(was_killed);
                // The next run reads the folder: it settles what was left.
                let check = ssj(dir, &["check", "--plan", "plan.json", "--request", "request.json"]);
                assert_eq!(check.code, 0, "{report_dir} {syscall} #{nth}: {}", check.stderr);
                let got = outputs(dir, report_dir);
                assert!(
                    got == old || got == new,
                    "{report_dir}, killed at {syscall} #{nth}: a mix of old and new outputs"
                );
                // The next run that writes there clears what is left.
                assert_eq!(ssj(dir, &plan_args("8", report_dir)).code, 0);
                assert_eq!(outputs(dir, report_dir), new);
                let left: Vec<String> =
                    files(dir).into_keys().filter(|n| n.contains(".ssj-") && !n.ends_with(".ssj-lock")).collect();
                assert!(left.is_empty(), "{report_dir}, killed at {syscall} #{nth}: left {left:?}");
            }
        }
    }
    assert!(killed >= 6, "only {killed} runs were killed: is strace's injection working?");
}
