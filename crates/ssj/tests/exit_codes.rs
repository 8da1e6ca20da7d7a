#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! One exit-code rule, whatever the route: bad input exits 2, a domain "no"
//! exits 1, success 0 (docs/cli.md). Every subcommand that reads a request
//! or a registry is run on every kind of bad input, by every route the
//! input can take: flags with a CSV directory, a workbook or a policy file,
//! and a whole `--request`.

mod common;

use common::{ssj, Run};

use std::fs;
use std::path::Path;

use serde_json::Value;
use shuangsuiji_io::write::registry_csv;

fn s(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// The fixtures: a good request, plan and results, and one bad request,
/// registry directory and policy file per kind of fault.
struct World {
    dir: tempfile::TempDir,
}

/// The kinds of bad input, each a change to a good request.
const FAULTS: &[&str] = &["policy-130", "quarter-outside", "dangling-jurisdiction", "duplicate-id", "not-json"];

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let args = s(&[
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
        ]);
        assert_eq!(ssj(d, &args).code, 0);
        fs::write(d.join("results.json"), "[]").unwrap();
        let request: Value = serde_json::from_str(&fs::read_to_string(d.join("request.json")).unwrap()).unwrap();
        for fault in FAULTS {
            let mut r = request.clone();
            let text = match *fault {
                "policy-130" => {
                    r["policy"]["rules"][0]["minimum"]["percent"] = 130.into();
                    r.to_string()
                }
                "quarter-outside" => {
                    r["quarter"] = "2025Q1".into();
                    r.to_string()
                }
                "dangling-jurisdiction" => {
                    r["registry"]["objects"][0]["jurisdiction"] = "nowhere".into();
                    r.to_string()
                }
                "duplicate-id" => {
                    let first = r["registry"]["objects"][0].clone();
                    r["registry"]["objects"].as_array_mut().unwrap().push(first);
                    r.to_string()
                }
                _ => "{ not json".to_owned(),
            };
            fs::write(d.join(format!("request-{fault}.json")), text).unwrap();
            // The same faults by the other routes.
            let mut registry: shuangsuiji::model::Registry =
                serde_json::from_value(request["registry"].clone()).unwrap();
            match *fault {
                "dangling-jurisdiction" => registry.objects[0].jurisdiction = "nowhere".into(),
                "duplicate-id" => {
                    let first = registry.objects[0].clone();
                    registry.objects.push(first);
                }
                _ => {}
            }
            let reg_dir = d.join(format!("registry-{fault}"));
            fs::create_dir_all(&reg_dir).unwrap();
            for (file, text) in registry_csv(&registry) {
                let text = if *fault == "not-json" && file == "objects.csv" {
                    text.replacen(",key,", ",importantish,", 1)
                } else {
                    text
                };
                fs::write(reg_dir.join(file), text).unwrap();
            }
            write_workbook(&d.join(format!("registry-{fault}.xlsx")), &reg_dir);
            let mut policy = request["policy"].clone();
            if *fault == "policy-130" {
                policy["rules"][0]["minimum"]["percent"] = 130.into();
            }
            fs::write(d.join(format!("policy-{fault}.json")), policy.to_string()).unwrap();
        }
        World { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Every way each subcommand can be given the fault: flags or request.
    fn routes(&self, fault: &str) -> Vec<Vec<String>> {
        let request = format!("request-{fault}.json");
        let registry = format!("registry-{fault}");
        let policy = format!("policy-{fault}.json");
        let quarter = if fault == "quarter-outside" { "2025Q1" } else { "2023Q1" };
        let flags = |cmd: &str| {
            s(&[
                cmd,
                "--registry",
                &registry,
                "--policy",
                &policy,
                "--units",
                "changji/hutubi",
                "--quarter",
                quarter,
                "--seed",
                "7",
            ])
        };
        let workbook = format!("registry-{fault}.xlsx");
        let by_workbook = |cmd: &str| {
            s(&[
                cmd,
                "--registry",
                &workbook,
                "--policy",
                &policy,
                "--units",
                "changji/hutubi",
                "--quarter",
                quarter,
                "--seed",
                "7",
            ])
        };
        let mut routes = vec![
            by_workbook("plan"),
            by_workbook("quotas"),
            s(&["plan", "--request", &request, "--out", "out.json"]),
            flags("plan"),
            s(&["quotas", "--request", &request]),
            flags("quotas"),
            s(&["check", "--plan", "plan.json", "--request", &request]),
            s(&["verify", "--plan", "plan.json", "--request", &request]),
            s(&["draw-record", "--plan", "plan.json", "--request", &request]),
            s(&[
                "commit",
                "--request",
                &request,
                "--authority",
                "昌吉州生态环境局",
                "--date",
                "2022-12-26",
                "--out",
                "c.json",
            ]),
            s(&["staffing", "--request", &request, "--capacity", "5"]),
            [flags("staffing"), s(&["--capacity", "5"])].concat(),
            s(&["simulate", "--request", &request, "--years", "1", "--seeds", "1", "--quiet"]),
            s(&["status", "--request", &request, "--history", "plan.json"]),
            s(&[
                "publish",
                "--plan",
                "plan.json",
                "--results",
                "results.json",
                "--request",
                &request,
                "--out-dir",
                "pub",
            ]),
            s(&["stats", "--plan", "plan.json", "--results", "results.json", "--request", &request]),
        ];
        // compare takes no request; by flags only.
        routes.push(s(&[
            "compare",
            "--registry",
            &registry,
            "--policies",
            &policy,
            "--quarter",
            quarter,
            "--years",
            "1",
            "--seeds",
            "1",
            "--quiet",
        ]));
        routes
    }
}

/// The three CSV files of `dir` as one workbook, a sheet each.
fn write_workbook(path: &Path, dir: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in ["jurisdictions", "objects", "inspectors"] {
        let text = fs::read_to_string(dir.join(format!("{sheet}.csv"))).unwrap();
        let ws = book.add_worksheet().set_name(sheet).unwrap();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        for (r, row) in reader.records().enumerate() {
            for (c, cell) in row.unwrap().iter().enumerate() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn every_kind_of_bad_input_exits_2_by_every_route() {
    let world = World::new();
    let mut wrong = Vec::new();
    let mut ran = 0;
    for fault in FAULTS {
        for route in world.routes(fault) {
            ran += 1;
            let Run { code, stderr: err, .. } = ssj(world.path(), &route);
            if code != 2 {
                wrong.push(format!(
                    "{fault}: ssj {} → exit {code}: {}",
                    route.join(" "),
                    err.lines().next().unwrap_or("")
                ));
            }
        }
    }
    assert!(ran > 50, "{ran} runs");
    assert!(wrong.is_empty(), "bad input must exit 2:\n{}", wrong.join("\n"));
}

#[test]
fn a_domain_no_exits_1_and_success_0() {
    let world = World::new();
    let d = world.path();
    // A plan edited by hand: check finds a breach, verify a difference.
    let mut plan: Value = serde_json::from_str(&fs::read_to_string(d.join("plan.json")).unwrap()).unwrap();
    plan["tasks"].as_array_mut().unwrap().pop();
    fs::write(d.join("edited.json"), plan.to_string()).unwrap();
    for args in [
        s(&["check", "--plan", "edited.json", "--request", "request.json"]),
        s(&["verify", "--plan", "edited.json", "--request", "request.json"]),
    ] {
        assert_eq!(ssj(d, &args).code, 1, "{args:?}");
    }
    // Too few officers: planning is refused as a "no", not as bad input.
    let mut request: Value = serde_json::from_str(&fs::read_to_string(d.join("request.json")).unwrap()).unwrap();
    for i in request["registry"]["inspectors"].as_array_mut().unwrap() {
        i["quarterly_capacity"] = 1.into();
    }
    fs::write(d.join("understaffed.json"), request.to_string()).unwrap();
    assert_eq!(ssj(d, &s(&["plan", "--request", "understaffed.json", "--out", "x.json"])).code, 1);
    assert!(!d.join("x.json").exists());
    for args in [
        s(&["check", "--plan", "plan.json", "--request", "request.json"]),
        s(&["verify", "--plan", "plan.json", "--request", "request.json"]),
        s(&["quotas", "--request", "request.json"]),
    ] {
        assert_eq!(ssj(d, &args).code, 0, "{args:?}");
    }
}

/// With its standard error gone (a pipe whose reader has exited, as when
/// a log collector dies), `ssj` cannot say why it refused, but must still
/// exit 2, not panic with 101 on its first `eprintln!` (EPIPE).
#[cfg(unix)]
#[test]
fn with_stderr_gone_bad_input_still_exits_2() {
    let world = World::new();
    for fault in FAULTS {
        let request = format!("request-{fault}.json");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ssj"))
            .current_dir(world.path())
            .args(["plan", "--request", &request])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        assert_eq!(child.wait().unwrap().code(), Some(2), "{fault}");
    }
}

/// Every document of the formats is an object. A request, or its
/// registry, given as a list (serde would read a list of the fields in
/// order) is bad input, named.
#[test]
fn a_request_or_a_registry_given_as_a_list_is_refused() {
    let world = World::new();
    let d = world.path();
    let request: Value = serde_json::from_str(&fs::read_to_string(d.join("request.json")).unwrap()).unwrap();
    let registry = &request["registry"];
    let mut listed = request.clone();
    listed["registry"] = serde_json::json!([registry["jurisdictions"], registry["objects"], registry["inspectors"]]);
    fs::write(d.join("registry-as-list.json"), listed.to_string()).unwrap();
    fs::write(d.join("request-as-list.json"), serde_json::json!([request]).to_string()).unwrap();
    fs::write(d.join("registry-alone-as-list.json"), listed["registry"].to_string()).unwrap();
    let cases = [
        (s(&["plan", "--request", "request-as-list.json"]), "the document is a list"),
        (s(&["plan", "--request", "registry-as-list.json"]), "registry"),
        (
            s(&[
                "plan",
                "--registry",
                "registry-alone-as-list.json",
                "--policy",
                "changji-county",
                "--units",
                "changji/hutubi",
                "--quarter",
                "2023Q1",
                "--seed",
                "7",
            ]),
            "the document is a list",
        ),
    ];
    for (args, says) in cases {
        let run = ssj(d, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
}
