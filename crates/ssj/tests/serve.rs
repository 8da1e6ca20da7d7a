#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `ssj serve` as a platform meets it: the real binary on 127.0.0.1, the
//! same request planned through the service and through the CLI, byte for
//! byte; its limits honoured; a graceful stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn ssj() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ssj"))
}

/// Starts `ssj serve` on a free port with `extra` flags: the child and its
/// address.
fn serve(extra: &[&str]) -> (Child, String) {
    let mut child = ssj()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|s| s.split_whitespace().next()).unwrap().to_owned();
    (child, addr)
}

/// POSTs `body` to `path`: (status, body).
fn post(addr: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, answer[split + 4..].to_vec())
}

fn stop(mut child: Child) -> i32 {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(start.elapsed() < Duration::from_secs(10), "ssj serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run_in(dir: &Path, args: &[&str]) {
    let out = ssj().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "ssj {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_service_and_the_cli_write_the_same_plan_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["plan", "--demo", "--seed", "31415926", "--save-request", "request.json", "--out", "a.json"]);
    run_in(dir.path(), &["plan", "--request", "request.json", "--out", "cli.json"]);
    let request = std::fs::read(dir.path().join("request.json")).unwrap();
    let cli = std::fs::read(dir.path().join("cli.json")).unwrap();
    assert_eq!(cli, std::fs::read(dir.path().join("a.json")).unwrap());

    let (child, addr) = serve(&[]);
    let body = [b"{\"request\": ".as_slice(), &request, b"}"].concat();
    let (status, served) = post(&addr, "/v2/plan", &body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&served));
    assert_eq!(served, cli, "the service's plan differs from the CLI's");

    // The same refusal as the CLI: a quarter the policy does not cover.
    let text = String::from_utf8(request.clone()).unwrap().replace("\"2023Q1\"", "\"2025Q1\"");
    std::fs::write(dir.path().join("bad.json"), &text).unwrap();
    let cli_err = ssj().current_dir(dir.path()).args(["plan", "--request", "bad.json"]).output().unwrap();
    assert_eq!(cli_err.status.code(), Some(2));
    let (status, problem) = post(&addr, "/v2/plan", format!("{{\"request\": {text}}}").as_bytes());
    assert_eq!(status, 400);
    let message =
        serde_json::from_slice::<serde_json::Value>(&problem).unwrap()["message"].as_str().unwrap().to_owned();
    let stderr = String::from_utf8_lossy(&cli_err.stderr);
    // The same words; the CLI adds its flag for the remedy, the service
    // names the member.
    let cli_words = stderr.trim_end().trim_start_matches("ssj: ").replacen("bad.json: ", "", 1);
    assert_eq!(
        format!("{} — on the command line: --assume-valid 2025", message.replacen("request: ", "", 1)),
        cli_words
    );
    assert_eq!(stop(child), 0, "a graceful stop exits 0");
}

#[test]
fn the_services_limits_are_its_flags() {
    let (child, addr) = serve(&["--max-body-mb", "1"]);
    let (status, _) = post(&addr, "/v2/plan", &vec![b' '; 2 << 20]);
    assert_eq!(status, 413);
    stop(child);
    for (flag, value) in [
        ("--max-body-mb", "0"),
        ("--timeout-secs", "0"),
        ("--concurrency", "0"),
        ("--read-timeout-secs", "0"),
        ("--max-connections", "0"),
        ("--max-bodies-mb", "1"),
    ] {
        let out = ssj().args(["serve", "--addr", "127.0.0.1:0", flag, value]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(flag), "{flag}");
    }
}

/// `check` and `verify` take the request as it was sent to be planned, as
/// the service and the Python package do: a seed as rolled (`2023 0401`)
/// is normalised under the committed rule before comparing.
#[test]
fn check_and_verify_take_the_request_as_sent_like_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_in(
        d,
        &[
            "commit",
            "--demo",
            "--units",
            "changji/hutubi",
            "--authority",
            "呼图壁县生态环境局",
            "--date",
            "2022-12-20",
            "--seed-source",
            "dice",
            "--seed-digits",
            "20",
            "--seed-announced",
            "twenty dice",
            "--out",
            "c.json",
            "--save-request",
            "request.json",
        ],
    );
    let seed = "2023 0401 3141 5926 5358";
    run_in(d, &["plan", "--request", "request.json", "--commitment", "c.json", "--seed", seed, "--out", "plan.json"]);
    run_in(d, &["check", "--plan", "plan.json", "--request", "request.json", "--seed", seed]);
    let request = std::fs::read_to_string(d.join("request.json")).unwrap();
    let mut seeded: serde_json::Value = serde_json::from_str(&request).unwrap();
    seeded["seed"] = seed.into();
    std::fs::write(d.join("as-sent.json"), seeded.to_string()).unwrap();
    run_in(d, &["verify", "--plan", "plan.json", "--request", "as-sent.json", "--commitment", "c.json"]);
}

/// The agenda the service gives for what a year holds is the one `ssj
/// agenda` gives for the folder that holds it.
#[test]
fn the_service_and_the_cli_give_the_same_agenda() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("year")).unwrap();
    let done = r#"[{"what": "上报年度工作总结", "due": "2023-11-30", "done": "2023-11-28"}]"#;
    std::fs::write(dir.path().join("year/duties-done.json"), done).unwrap();
    let args =
        ["agenda", "--year-dir", "year", "--today", "2023-12-01", "--policy", "changji-county", "--format", "json"];
    let out = ssj().current_dir(dir.path()).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "three statistics forms unrecorded: overdue");
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let policy = ssj().args(["rules", "changji-county", "--format", "json"]).output().unwrap().stdout;
    let body = format!(
        r#"{{"policy": {}, "year": 2023, "today": "2023-12-01", "filed": {{"done": {done}}}}}"#,
        String::from_utf8(policy).unwrap()
    );
    let (child, addr) = serve(&[]);
    let (status, served) = post(&addr, "/v2/agenda", body.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&served));
    let served: serde_json::Value = serde_json::from_slice(&served).unwrap();
    assert_eq!(served, cli);
    assert_eq!(served["items"][3]["state"], "done", "{served}");
    assert_eq!(stop(child), 0);
}

/// SIGTERM while clients hold the service — one with half its headers
/// sent, one with half its body, one silent — still ends it: the requests
/// under way get the grace period, then the process exits (the default
/// grace is 10 s; the bound promised in `ssj serve --help` is that plus
/// a moment).
#[test]
fn sigterm_ends_the_service_within_its_grace_whatever_the_clients_hold() {
    let (child, addr) = serve(&["--shutdown-grace-secs", "2"]);
    let mut held = Vec::new();
    for sent in [
        "POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-ty".to_owned(),
        "POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"req"
            .to_owned(),
        String::new(),
    ] {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream.write_all(sent.as_bytes()).unwrap();
        held.push(stream);
    }
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(stop(child), 0);
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    drop(held);
}
