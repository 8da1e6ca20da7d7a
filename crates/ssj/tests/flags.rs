#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! No flag is silently ignored: every flag of every subcommand, read from
//! the command's own definition, either changes what the command does
//! (its stdout, stderr or the files it writes) or is refused with a
//! message naming it.

mod common;

use common::{files, ssj, Run};

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn s(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// What one run did: its exit code, its output and every file it wrote.
#[derive(Debug, PartialEq)]
struct Effect {
    code: i32,
    stdout: String,
    stderr: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// Runs `args` in a fresh copy of the fixtures.
fn effect(fixtures: &Path, args: &[String]) -> Effect {
    let work = tempfile::tempdir().unwrap();
    copy_dir(fixtures, work.path());
    let before = files(work.path());
    let Run { code, stdout, stderr } = ssj(work.path(), args);
    let mut files = files(work.path());
    files.retain(|k, v| before.get(k) != Some(v));
    Effect { code, stdout, stderr, files }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Fixtures every base command can use.
fn fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |args: &[&str]| {
        let Run { code, stderr: err, .. } = ssj(d, &s(args));
        assert_eq!(code, 0, "{args:?}: {err}");
    };
    run(&[
        "plan",
        "--demo",
        "--units",
        "changji/hutubi",
        "--quarter",
        "2023Q1",
        "--seed",
        "73059812460917733531",
        "--year-dir",
        "year",
    ]);
    run(&[
        "plan",
        "--demo",
        "--units",
        "changji/hutubi",
        "--quarter",
        "2023Q2",
        "--seed",
        "73059812460917733531",
        "--out",
        "plan.json",
        "--save-request",
        "request.json",
    ]);
    run(&[
        "commit",
        "--demo",
        "--units",
        "changji/hutubi",
        "--quarter",
        "2023Q2",
        "--authority",
        "昌吉州生态环境局",
        "--date",
        "2023-03-25",
        "--seed-source",
        "dice",
        "--seed-digits",
        "20",
        "--seed-announced",
        "twenty dice",
        "--out",
        "commitment.json",
    ]);
    run(&[
        "plan",
        "--demo",
        "--units",
        "changji/qitai",
        "--quarter",
        "2023Q2",
        "--seed",
        "73059812460917733531",
        "--out",
        "other.json",
    ]);
    let plan: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("plan.json")).unwrap()).unwrap();
    let results: Vec<serde_json::Value> = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["visit"]["officers"].is_array())
        .take(4)
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({
                "object": t["object"], "unit": t["unit"], "date": format!("2023-0{}-1{i}", t["month"]),
                "form": "on_site", "items_checked": ["环境安全隐患情况"], "findings": "",
                "outcome": "未发现问题", "inspectors": t["visit"]["officers"],
                "confidential": if i == 0 { serde_json::json!("公共安全") } else { serde_json::Value::Null },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = results
        .into_iter()
        .map(|mut r| {
            if r["confidential"].is_null() {
                r.as_object_mut().unwrap().remove("confidential");
            }
            r
        })
        .collect();
    fs::write(d.join("results.json"), serde_json::to_string(&results).unwrap()).unwrap();
    fs::create_dir_all(d.join("registry")).unwrap();
    for (file, text) in shuangsuiji_io::write::registry_csv(&shuangsuiji_io::synth::demo_prefecture()) {
        fs::write(d.join("registry").join(file), text).unwrap();
    }
    dir
}

/// A value for each flag that takes one, different from the base's.
fn sample(flag: &str) -> Option<&'static [&'static str]> {
    Some(match flag {
        "encoding" => &["gbk"],
        "bureau" => &["呼图壁县"],
        "registry" => &["registry"],
        "request" => &["request.json"],
        "policy" => &["wangcheng"],
        "quarter" => &["2023Q3"],
        "month" => &["5"],
        "units" => &["changji/qitai"],
        "history" => &["plan.json"],
        "year-dir" => &["year"],
        "seed" => &["99"],
        "assume-valid" => &["2024"],
        "draw-date" => &["2023-01-10"],
        "late-reason" => &["系统故障"],
        "outside-window-reason" => &["名单确定时省平台故障"],
        "allow-gap" => &["the bureau began in this quarter"],
        "format" => &["json"],
        "lang" => &["zh"],
        "out" | "markdown" | "report" | "save-request" => &["written.out"],
        "out-dir" => &["outdir"],
        "commitment" => &["commitment.json"],
        "capacity" => &["7"],
        "years" | "seeds" => &["2"],
        "new" | "closed" | "recategorised" => &["0.2"],
        "policies" => &["changji-county,wangcheng"],
        "plan" => &["plan.json"],
        "results" => &["results.json"],
        "log" => &["missing-log.json"],
        "head" => &["1:00"],
        "title" => &["标题"],
        "today" => &["2023-05-20"],
        "year" => &["2022"],
        "published" => &["2023-05-01"],
        "holidays" => &["missing-holidays.toml"],
        "document" => &["missing-document.toml"],
        "form" => &["private"],
        "authority" => &["另一机关"],
        "date" => &["2023-03-26"],
        "seed-source" => &["lottery"],
        "seed-digits" => &["21"],
        "reinstated" => &["NOT-CLOSED"],
        "register" => &["register.json"],
        "register-head" => &["1:0000000000000000000000000000000000000000000000000000000000000000"],
        "supersedes" => &["0000000000000000000000000000000000000000000000000000000000000000"],
        "supersede-reason" => &["更正"],
        "seed-announced" => &["三位数"],
        _ => return None,
    })
}

/// Each subcommand's base run: it succeeds, and every flag is tried on it.
fn bases() -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "plan",
            s(&[
                "plan",
                "--demo",
                "--units",
                "changji/hutubi",
                "--quarter",
                "2023Q2",
                "--seed",
                "73059812460917733531",
            ]),
        ),
        ("quotas", s(&["quotas", "--demo", "--units", "changji/hutubi", "--quarter", "2023Q2"])),
        ("check", s(&["check", "--plan", "plan.json", "--request", "request.json"])),
        ("verify", s(&["verify", "--plan", "plan.json", "--request", "request.json"])),
        ("draw-record", s(&["draw-record", "--plan", "plan.json", "--request", "request.json"])),
        ("deadlines", s(&["deadlines", "--plan", "plan.json", "--today", "2023-04-01"])),
        ("agenda", s(&["agenda", "--year-dir", "year", "--today", "2023-03-20", "--policy", "changji-county"])),
        ("publish", s(&["publish", "--plan", "plan.json", "--results", "results.json", "--request", "request.json"])),
        ("stats", s(&["stats", "--plan", "plan.json", "--results", "results.json", "--request", "request.json"])),
        ("status", s(&["status", "--demo", "--units", "changji/hutubi", "--quarter", "2023Q2", "--year-dir", "year"])),
        ("rules", s(&["rules"])),
        (
            "staffing",
            s(&["staffing", "--demo", "--units", "changji/hutubi", "--quarter", "2023Q2", "--capacity", "12"]),
        ),
        ("simulate", s(&["simulate", "--demo", "--units", "changji/hutubi", "--years", "1", "--seeds", "1"])),
        (
            "compare",
            s(&[
                "compare",
                "--demo",
                "--units",
                "changji/hutubi",
                "--years",
                "1",
                "--seeds",
                "1",
                "--policies",
                "changji-county",
            ]),
        ),
        (
            "commit",
            s(&[
                "commit",
                "--demo",
                "--units",
                "changji/hutubi",
                "--quarter",
                "2023Q2",
                "--authority",
                "昌吉州生态环境局",
                "--date",
                "2023-03-25",
                "--seed-source",
                "dice",
                "--seed-digits",
                "20",
                "--seed-announced",
                "twenty dice",
                "--out",
                "c.json",
            ]),
        ),
    ]
}

/// The long flags of a subcommand, from its clap definition.
fn flags_of(name: &str) -> Vec<(String, bool)> {
    let command = ssj::cli::command();
    let sub = command.find_subcommand(name).unwrap_or_else(|| panic!("no subcommand {name}"));
    sub.get_arguments()
        .filter_map(|a| a.get_long().map(|l| (l.to_owned(), a.get_action().takes_values())))
        .filter(|(l, _)| l != "help" && l != "version")
        .collect()
}

#[test]
fn every_flag_changes_the_output_or_is_refused_by_name() {
    let fixtures = fixtures();
    let mut ignored = Vec::new();
    let mut tried = 0;
    for (name, base) in bases() {
        let plain = effect(fixtures.path(), &base);
        assert_eq!(plain.code, 0, "base of {name} must succeed: {}", plain.stderr);
        for (flag, takes_value) in flags_of(name) {
            // A flag the base already gives, with the sample's value or none,
            // is in use by construction.
            let at = base.iter().position(|a| *a == format!("--{flag}"));
            let same_value = |i: usize| {
                !takes_value || sample(&flag).and_then(|v| v.first()).copied() == base.get(i + 1).map(String::as_str)
            };
            if at.is_some_and(same_value) {
                continue;
            }
            let mut args: Vec<String> = Vec::new();
            // Drop the flag from the base if it is there (and its value).
            let mut skip = false;
            for (i, a) in base.iter().enumerate() {
                if skip {
                    skip = false;
                    continue;
                }
                if *a == format!("--{flag}") {
                    skip = takes_value && i + 1 < base.len();
                    continue;
                }
                args.push(a.clone());
            }
            args.push(format!("--{flag}"));
            if takes_value {
                // An earlier quarter's plan is history to a quarter drawn
                // afresh; to the status (whose year folder has it) the
                // quarter's own plan is.
                let earlier: &[&str] = &["year/2023Q1/plan.json"];
                let values = if flag == "history" && name != "status" { Some(earlier) } else { sample(&flag) };
                let Some(values) = values else { panic!("no sample value for --{flag} of {name}") };
                args.extend(values.iter().map(|v| (*v).to_owned()));
            }
            tried += 1;
            let got = effect(fixtures.path(), &args);
            let value = sample(&flag).and_then(|v| v.first()).map(|v| v.to_lowercase()).unwrap_or_default();
            let named = got.stderr.contains(&flag) || (!value.is_empty() && got.stderr.to_lowercase().contains(&value));
            // A different exit code is an effect (check finds a breach);
            // bad usage (2) must name the flag or its value.
            if got == plain || (got.code == 2 && !named) {
                ignored.push(format!(
                    "ssj {name} --{flag}: exit {} {}",
                    got.code,
                    got.stderr.lines().next().unwrap_or("(same output)")
                ));
            }
        }
    }
    assert!(tried > 100, "{tried} flags tried");
    assert!(ignored.is_empty(), "flags ignored or refused without naming them:\n{}", ignored.join("\n"));
}
