#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Runs the non-Rust integration example `examples/integration/run_ssj.py`
//! against the freshly built `ssj` binary, as CI does. Needs `python3` on
//! the PATH (standard library only).

use std::path::Path;
use std::process::Command;

#[test]
fn the_python_integration_example_succeeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("examples/integration/run_ssj.py");
    assert!(script.is_file(), "missing {}", script.display());
    let output = Command::new("python3")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_ssj"))
        .current_dir(&root)
        .output()
        .expect("python3 must be installed to run the integration example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "run_ssj.py failed ({}):\n{stdout}\n{stderr}", output.status);
    assert!(stdout.contains("policy changji-county"), "{stdout}");
    assert!(stdout.contains("compliant"), "{stdout}");
}

#[test]
fn the_python_integration_example_fails_loudly_on_a_missing_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new("python3")
        .arg(root.join("examples/integration/run_ssj.py"))
        .arg(root.join("no/such/ssj"))
        .output()
        .expect("python3 must be installed to run the integration example");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("integration failed"));
}
