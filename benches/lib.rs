//! Shared set-up for the Criterion benchmarks (`benches/benches/*.rs`) and
//! the national-scale timing example (`benches/examples/national.rs`).
//!
//! Every request is built from `shuangsuiji_io::synth::national` at a given size, with
//! the history of 2023Q1 (`national_history(reg, 2023, 1, 1)`) and the
//! quarter 2023Q2, inside the Changji presets' validity (2023).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use shuangsuiji::model::{Level, Quarter, Registry};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules;
use shuangsuiji_io::synth::{national, national_history, NationalSpec};

/// The seed every benchmark plan uses.
pub const SEED: &str = "31415926535897932384";

/// The quarter every benchmark plans.
pub fn quarter() -> Quarter {
    Quarter::new(2023, 2).unwrap()
}

/// The synthetic registry of `objects` objects (`NationalSpec::full()` when
/// `objects` is 3,500,000, else `NationalSpec::scaled`).
pub fn registry(objects: usize) -> Registry {
    let spec =
        if objects == NationalSpec::full().objects { NationalSpec::full() } else { NationalSpec::scaled(objects) };
    national(&spec)
}

/// Which bureaus draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// Every county and park, policy `changji` county-or-park.
    Counties,
    /// Every prefecture, policy `changji` prefecture.
    Prefectures,
}

impl Units {
    /// Short name for benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Units::Counties => "county",
            Units::Prefectures => "prefecture",
        }
    }
}

/// The request: `registry`, every unit of the level, 2023Q2, with the
/// 2023Q1 history.
pub fn request(registry: Registry, units: Units) -> PlanRequest {
    let history = national_history(&registry, 2023, 1, 1);
    let (policy, wanted): (_, &[Level]) = match units {
        Units::Counties => (rules::preset("changji-county").unwrap(), &[Level::County, Level::Park]),
        Units::Prefectures => (rules::preset("changji-prefecture").unwrap(), &[Level::Prefecture]),
    };
    let units = registry.jurisdictions.iter().filter(|j| wanted.contains(&j.level)).map(|j| j.id.clone()).collect();
    PlanRequest {
        format: Default::default(),
        registry,
        policy,
        units,
        quarter: quarter(),
        history,
        targeted: Vec::new(),
        campaigns: Vec::new(),
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
        month: None,
        seed: SEED.to_owned(),
    }
}

/// Writes `registry` as `jurisdictions.csv`, `objects.csv` and
/// `inspectors.csv` (`shuangsuiji_io::write::registry_csv`) into `dir`;
/// returns the total size in bytes.
pub fn write_registry_csv(registry: &Registry, dir: &Path) -> u64 {
    std::fs::create_dir_all(dir).unwrap();
    let mut total = 0;
    for (name, text) in shuangsuiji_io::write::registry_csv(registry) {
        total += text.len() as u64;
        std::fs::write(dir.join(name), text).unwrap();
    }
    total
}

/// A fresh directory under the system temp dir for this process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ssj-bench-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether `SSJ_BENCH_FULL=1` asks for the 3.5M-object cases.
pub fn full_requested() -> bool {
    std::env::var("SSJ_BENCH_FULL").is_ok_and(|v| v == "1")
}

/// The sizes to benchmark: 10k, 100k, 1M, and 3.5M with `SSJ_BENCH_FULL=1`.
pub fn sizes() -> Vec<usize> {
    let mut v = vec![10_000, 100_000, 1_000_000];
    if full_requested() {
        v.push(NationalSpec::full().objects);
    }
    v
}
