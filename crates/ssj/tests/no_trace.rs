#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! All or nothing: a run that cannot write one of its outputs leaves every
//! file as it was — no output replaced, no temporary file left — for each
//! subcommand that writes files; and a run that succeeds replaces them all.

mod common;

use common::{ssj, tree, Run};

use std::fs;

/// A folder with a plan, its request and results, and every output of the
/// runs below already present with old contents ("old").
fn world() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let Run { code, stderr: err, .. } = ssj(
        d,
        &[
            "plan",
            "--demo",
            "--units",
            "changji/hutubi",
            "--seed",
            "7",
            "--out",
            "plan.json",
            "--save-request",
            "request.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    fs::write(d.join("results.json"), "[]").unwrap();
    fs::create_dir_all(d.join("out")).unwrap();
    for f in ["plan.json", "report.html", "record.json", "c.json", "s.html", "public.json", "public.csv"] {
        fs::write(d.join("out").join(f), "old").unwrap();
    }
    dir
}

/// Runs that write several files, the last of which cannot be written
/// (`missing/` does not exist, or a file's place is taken by a directory).
const FAILING: &[&[&str]] = &[
    &[
        "plan",
        "--demo",
        "--units",
        "changji/hutubi",
        "--seed",
        "7",
        "--out",
        "out/plan.json",
        "--report",
        "out/report.html",
        "--save-request",
        "missing/r.json",
    ],
    &[
        "draw-record",
        "--plan",
        "plan.json",
        "--request",
        "request.json",
        "--out",
        "out/record.json",
        "--markdown",
        "missing/record.md",
    ],
    &[
        "commit",
        "--demo",
        "--units",
        "changji/hutubi",
        "--authority",
        "局",
        "--date",
        "2022-12-26",
        "--seed-source",
        "dice",
        "--seed-digits",
        "20",
        "--seed-announced",
        "twenty dice",
        "--out",
        "out/c.json",
        "--save-request",
        "missing/r.json",
    ],
    &["staffing", "--demo", "--units", "changji/hutubi", "--capacity", "12", "--report", "missing/s.html"],
    &[
        "simulate",
        "--demo",
        "--units",
        "changji/hutubi",
        "--years",
        "1",
        "--seeds",
        "1",
        "--quiet",
        "--report",
        "missing/s.html",
    ],
    &[
        "compare",
        "--demo",
        "--units",
        "changji/hutubi",
        "--years",
        "1",
        "--seeds",
        "1",
        "--quiet",
        "--policies",
        "changji-county",
        "--report",
        "missing/s.html",
    ],
    &["status", "--demo", "--units", "changji/hutubi", "--history", "plan.json", "--report", "missing/s.html"],
];

#[test]
fn a_run_that_cannot_write_one_output_leaves_every_file_as_it_was() {
    for args in FAILING {
        let w = world();
        let before = tree(w.path());
        let Run { code, stderr: err, .. } = ssj(w.path(), args);
        assert_eq!(code, 2, "{args:?} must fail: {err}");
        assert!(err.contains("missing"), "{args:?}: the message names the path: {err}");
        let after = tree(w.path());
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?}: files added or removed"
        );
        assert_eq!(before, after, "{args:?}: a file was replaced");
    }
}

#[test]
fn a_publish_with_a_directory_in_an_outputs_place_touches_nothing() {
    let w = world();
    let d = w.path();
    // public.html's place is taken by a directory. (A rename that fails
    // after others were placed is undone too: output.rs's unit test.)
    fs::create_dir_all(d.join("out/public.html/keep")).unwrap();
    let before = tree(d);
    let Run { code, stderr: err, .. } = ssj(
        d,
        &[
            "publish",
            "--plan",
            "plan.json",
            "--results",
            "results.json",
            "--request",
            "request.json",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("public.html") && err.contains("directory"), "{err}");
    assert_eq!(before, tree(d), "the old public.json and public.csv stay, no temporary file left");
}

#[test]
fn a_run_that_succeeds_replaces_every_output_and_leaves_nothing_else() {
    let w = world();
    let d = w.path();
    let Run { code, stderr: err, .. } = ssj(
        d,
        &[
            "plan",
            "--demo",
            "--units",
            "changji/hutubi",
            "--seed",
            "7",
            "--out",
            "out/plan.json",
            "--report",
            "out/report.html",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let after = tree(d);
    assert_ne!(after["out/plan.json"], b"old");
    assert_ne!(after["out/report.html"], b"old");
    assert!(after.keys().all(|k| !k.contains(".ssj-")), "{:?}", after.keys());
}

#[test]
fn huge_values_are_refused_with_a_short_message() {
    let w = world();
    let d = w.path();
    let mut request: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("request.json")).unwrap()).unwrap();
    let huge = "X".repeat(10 << 20);
    request["registry"]["objects"][0]["id"] = huge.clone().into();
    request["registry"]["objects"][1]["name"] = huge.clone().into();
    fs::write(d.join("huge.json"), request.to_string()).unwrap();
    let Run { code, stderr: err, .. } = ssj(d, &["plan", "--request", "huge.json", "--out", "x.json"]);
    assert_eq!(code, 2);
    assert!(err.len() < 4096, "{} bytes of stderr", err.len());
    assert!(err.contains("at most 128") && err.contains("at most 256"), "{err}");
    // A 10 MB seed (in the request: no argument list holds it).
    let mut seeded: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("request.json")).unwrap()).unwrap();
    seeded["seed"] = "9".repeat(10 << 20).into();
    fs::write(d.join("seeded.json"), seeded.to_string()).unwrap();
    let Run { code, stderr: err, .. } = ssj(d, &["plan", "--request", "seeded.json", "--out", "x.json"]);
    assert_eq!(code, 2);
    assert!(err.len() < 4096, "{} bytes of stderr", err.len());
    assert!(!d.join("x.json").exists());
}
