//! National-scale timing: generates a synthetic registry, plans every
//! county and park (or every prefecture) for 2023Q2, checks and verifies the
//! plan, and prints each phase's wall time and a fingerprint of the plan.
//!
//! ```sh
//! cargo build --release -p shuangsuiji-benches --example national
//! /usr/bin/time -v target/release/examples/national [objects] [county|prefecture] [phases]
//! ```
//!
//! `objects` defaults to 3,500,000 (`NationalSpec::full()`); `phases` is a
//! comma list of `csv,quotas,checks,commit,request,plan,assign,check,verify,json,report`
//! (default all but `csv`, `checks`, `request`, `assign`, `json` and `report`; `request` and
//! `json` time the request's and the plan's text on one core and on all;
//! `csv` writes the registry to a temporary directory and times reading it
//! back). `SSJ_REPEAT=n` runs each of quotas, checks, digest, plan,
//! assign, check and verify n times and prints the fastest and slowest (the
//! development machine is shared, so single runs vary by ±20 %).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::time::Instant;

// The allocator `ssj` links, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use sha2::{Digest, Sha256};
use shuangsuiji::audit::compliance::check_compliance;
use shuangsuiji::audit::verify::verify_plan;
use shuangsuiji::plan::quota::quarter_quotas;
use shuangsuiji::plan::{check_request, plan_quarter};
use shuangsuiji::request::commitment_digest;
use shuangsuiji::request::QuotaInput;
use shuangsuiji_benches::{registry, request, temp_dir, write_registry_csv, Units};
use shuangsuiji_io::read::read_registry_dir;
use ssj::report::{self, Lang};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let objects: usize = args.get(1).map_or(3_500_000, |a| a.replace('_', "").parse().unwrap());
    let units = match args.get(2).map(String::as_str) {
        None | Some("county") => Units::Counties,
        Some("prefecture") => Units::Prefectures,
        Some(other) => panic!("unknown level {other}"),
    };
    let phases = args.get(3).cloned().unwrap_or_else(|| "quotas,commit,plan,check,verify".to_owned());
    let on = |p: &str| phases.split(',').any(|x| x == p);

    let t = Instant::now();
    let reg = registry(objects);
    let generate = t.elapsed();
    let t = Instant::now();
    let req = request(reg, units);
    let history = t.elapsed();
    println!(
        "{objects} objects, {} inspectors, {} units ({}), {} history records",
        req.registry.inspectors.len(),
        req.units.len(),
        units.name(),
        req.history.len()
    );
    println!("generate   {:>9.3} s", generate.as_secs_f64());
    println!("history    {:>9.3} s", history.as_secs_f64());

    if on("csv") {
        // SSJ_CSV_DIR keeps the files, for timing `ssj plan --registry DIR`.
        let keep = std::env::var("SSJ_CSV_DIR").ok();
        let dir = keep.clone().map_or_else(|| temp_dir("national-csv"), std::path::PathBuf::from);
        let bytes = write_registry_csv(&req.registry, &dir);
        let t = Instant::now();
        let back = read_registry_dir(&dir).unwrap();
        let secs = t.elapsed().as_secs_f64();
        println!("read csv   {secs:>9.3} s  ({:.1} MB, {:.0} MB/s)", bytes as f64 / 1e6, bytes as f64 / 1e6 / secs);
        assert_eq!(back.objects.len(), req.registry.objects.len());
        drop(back);
        if keep.is_none() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
    if on("quotas") {
        let input = QuotaInput::new(&req.policy, &req.registry, req.quarter, &req.history, &req.units);
        let lines = timed("quotas", || quarter_quotas(&input).unwrap());
        println!("           ({} strata)", lines.len());
    }
    if on("checks") {
        // The planner's own checks of the request: the registry, history,
        // policy and units.
        timed("checks", || check_request(&req).unwrap());
    }
    if on("commit") || on("digest") {
        let d = timed("commitment", || commitment_digest(&req));
        println!("           ({d})");
    }
    if on("commit") {
        // What `commit` adds since commitment/3: the root of the strata,
        // drawn under a placeholder seed (no assignment).
        let root = timed("committed strata", || shuangsuiji::audit::strata::committed_strata(&req).unwrap());
        println!("           ({root})");
    }
    if on("request") {
        // The request's text as `ssj plan --save-request` writes it.
        let serial = timed("request json, one core", || shuangsuiji_api::to_json(&req).unwrap());
        let parallel = timed("request json", || shuangsuiji_api::request_to_json(&req).unwrap());
        println!("           ({:.0} MB, the same bytes: {})", parallel.len() as f64 / 1e6, serial == parallel);
    }
    if !(on("plan") || on("assign") || on("check") || on("verify") || on("json")) {
        return;
    }
    let plan = timed("plan", || plan_quarter(&req).unwrap());
    println!("           ({} tasks, {} strata)", plan.tasks.len(), plan.strata.len());
    // Streamed into the hash: a JSON string of the whole plan would add
    // hundreds of megabytes to the peak the example measures.
    let mut plan = plan;
    println!("plan sha256 {}", json_sha256(&plan));
    let digest = std::mem::take(&mut plan.commitment);
    println!("plan sha256 without commitment {}", json_sha256(&plan));
    plan.commitment = digest;
    if on("assign") {
        // The plan's tasks staffed again, the assignment's time alone: it
        // must give the plan's own teams (the bench's seed is in normal
        // form, so the plan was drawn with this very request).
        let mut tasks = plan.tasks.clone();
        timed("assign", || shuangsuiji::plan::assign::assign_inspectors(&req, &mut tasks).unwrap());
        assert!(tasks == plan.tasks, "the same teams");
    }
    if on("check") {
        let report = timed("check", || check_compliance(&plan, &req));
        println!("           (compliant: {})", report.is_compliant());
    }
    if on("verify") {
        let ok = timed("verify", || verify_plan(&plan, &req).is_ok());
        println!("           (ok: {ok})");
    }
    if on("json") {
        // The plan's text as the front ends write it, against serde_json alone.
        let serial = timed("json, one core", || shuangsuiji_api::to_json(&plan).unwrap());
        let parallel = timed("json", || shuangsuiji_api::plan_to_json(&plan).unwrap());
        println!("           ({:.0} MB, the same bytes: {})", parallel.len() as f64 / 1e6, serial == parallel);
    }
    if on("report") {
        // The pages a person opens: each must stay small at national scale.
        for lang in [Lang::En, Lang::Zh] {
            let page = timed("report", || report::html(&plan, &req, lang, Some("report.tasks.csv")));
            let csv = report::plan::tasks_csv(&plan, &req.registry, lang);
            println!(
                "           ({lang:?}: page {:.2} MB, tasks CSV {:.1} MB)",
                page.len() as f64 / 1e6,
                csv.len() as f64 / 1e6
            );
            if let Ok(dir) = std::env::var("SSJ_REPORT_DIR") {
                std::fs::write(format!("{dir}/national-{objects}-{lang:?}.html"), &page).unwrap();
            }
        }
        let mut done = req.clone();
        done.history.extend(shuangsuiji::publish::year::history_from_plan(&plan, &[]));
        let status = shuangsuiji::publish::year::year_status(&done).unwrap();
        let page = report::year::html(&status, &req.registry, &req.policy.name, Lang::Zh);
        println!("           (year status page {:.2} MB)", page.len() as f64 / 1e6);
        if let Ok(dir) = std::env::var("SSJ_REPORT_DIR") {
            std::fs::write(format!("{dir}/national-{objects}-status.html"), &page).unwrap();
        }
    }
}

/// Runs `f` `SSJ_REPEAT` times (default 1), prints the fastest and slowest
/// wall time, and returns the last result (the others are dropped first,
/// outside the timing).
fn timed<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let repeat: usize = std::env::var("SSJ_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let mut times = Vec::with_capacity(repeat);
    let mut last = None;
    for _ in 0..repeat {
        drop(last.take());
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    let max = times.iter().copied().fold(0.0, f64::max);
    if repeat == 1 {
        println!("{label:<10} {min:>9.3} s");
    } else {
        println!("{label:<10} {min:>9.3} s  (fastest of {repeat}; slowest {max:.3} s)");
    }
    last.unwrap()
}

/// SHA-256 of the plan's JSON (as `serde_json::to_string` writes it).
fn json_sha256(plan: &shuangsuiji::plan::QuarterPlan) -> String {
    struct HashWriter(Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = std::io::BufWriter::with_capacity(1 << 16, HashWriter(Sha256::new()));
    serde_json::to_writer(&mut w, plan).unwrap();
    let w = w.into_inner().map_err(|_| "flush").unwrap();
    hex::encode(w.0.finalize())
}
