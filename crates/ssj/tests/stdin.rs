#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `-` for any one input: the registry, the policy, the request or a
//! history from standard input give what the same file gives; two inputs
//! from it are refused by name.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ssj(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssj"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refusal may come before the input is read: a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn quotas(registry: &str, policy: &str, stdin: &[u8]) -> Output {
    ssj(&["quotas", "--registry", registry, "--policy", policy, "--quarter", "2023Q2", "--format", "json"], stdin)
}

#[test]
fn each_input_may_come_from_standard_input() {
    let dir = std::env::temp_dir().join(format!("ssj-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let request = dir.join("request.json");
    let out = ssj(&["plan", "--demo", "--save-request", request.to_str().unwrap(), "--out", "-"], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let request: serde_json::Value = serde_json::from_slice(&std::fs::read(&request).unwrap()).unwrap();
    let registry = serde_json::to_vec(&request["registry"]).unwrap();
    let policy = serde_json::to_vec(&request["policy"]).unwrap();
    let registry_file = dir.join("registry.json");
    std::fs::write(&registry_file, &registry).unwrap();
    let registry_file = registry_file.to_str().unwrap();

    let from_files = quotas(registry_file, "changji-county", b"");
    assert!(from_files.status.success(), "{}", String::from_utf8_lossy(&from_files.stderr));
    for (what, out) in
        [("registry", quotas("-", "changji-county", &registry)), ("policy", quotas(registry_file, "-", &policy))]
    {
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, from_files.stdout, "{what} from standard input");
    }

    // A plain history (here: none yet) from standard input, read once.
    let history = ssj(
        &[
            "quotas",
            "--registry",
            registry_file,
            "--policy",
            "changji-county",
            "--quarter",
            "2023Q2",
            "--format",
            "json",
            "--history",
            "-",
        ],
        b"[]",
    );
    assert!(history.status.success(), "{}", String::from_utf8_lossy(&history.stderr));
    assert_eq!(history.stdout, from_files.stdout);

    let both = quotas("-", "-", &registry);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("--registry, --policy all read standard input"));
    std::fs::remove_dir_all(&dir).unwrap();
}
