#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! An output that is a device or a pipe (`--report /dev/null`, a FIFO) is
//! written into, never renamed over: the all-or-nothing writer's rename
//! once put a regular file in /dev/null's place.

use std::os::unix::fs::FileTypeExt;
use std::process::Command;

#[test]
fn a_report_into_a_pipe_goes_through_it_and_leaves_it_a_pipe() {
    let dir = std::env::temp_dir().join(format!("ssj-devices-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("report.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // The reader, as a shell's `--report >(cat)` would be.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = Command::new(env!("CARGO_BIN_EXE_ssj"))
        .args(["plan", "--demo", "--out"])
        .arg(dir.join("plan.json"))
        .arg("--report")
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Before joining: a reader left waiting on a pipe renamed away would
    // never return.
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced by a file");
    let report = reader.join().unwrap();
    assert!(report.starts_with("<!DOCTYPE html>"), "{}", &report[..report.len().min(200)]);
    assert!(dir.join("plan.json").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}
