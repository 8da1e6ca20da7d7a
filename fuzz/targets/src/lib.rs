//! The bodies of the fuzz targets of `fuzz/`, one module each, every one a
//! `run(data: &[u8])` that panics only on a fault of the library: a panic
//! of its own, or a broken promise it asserts (docs/robustness.md lists
//! what each asserts).
//!
//! They live in the workspace so that `cargo clippy --workspace` builds
//! them and `tests/corpus.rs` runs them over the seed corpus on every
//! test run: a change of the library's types breaks the build here, not a
//! fuzzing session months later. `fuzz/fuzz_targets/*.rs` wrap them for
//! cargo-fuzz (`cd fuzz && cargo +nightly fuzz run <target>`).
// A target's assertions are its point: a failed one is the finding.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod bodies;
pub mod documents;
pub mod plan;
pub mod plan_log;
pub mod policy;
pub mod read_csv;
pub mod read_json;
pub mod results;

use std::sync::OnceLock;

use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::request::PlanRequest;

/// The fixed request the log and results targets work against (the sample
/// county under Changji's county policy, 2023Q2), and its plan.
pub fn fixed_plan() -> &'static (PlanRequest, QuarterPlan) {
    static PLANNED: OnceLock<(PlanRequest, QuarterPlan)> = OnceLock::new();
    PLANNED.get_or_init(|| {
        let request = PlanRequest::new(
            shuangsuiji::sample::county(6, 4, 40, 5),
            shuangsuiji::rules::preset("changji-county").unwrap(),
            vec![shuangsuiji::sample::COUNTY.into()],
            "2023Q2".parse().expect("quarter"),
            "31415926535897932384",
        );
        let plan = shuangsuiji::plan_quarter(&request).expect("the fixed request plans");
        (request, plan)
    })
}
