#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Statistical fairness of the draw, with fixed seeds (deterministic).
//!
//! Test: Pearson's chi-square goodness of fit of each object's inclusion
//! count over R runs against the uniform expectation k/n × R, with
//! n − 1 = 19 degrees of freedom. The 99.9 % critical value of χ²(19) is
//! 43.82: a fair sampler exceeds it with probability 0.001.
//!
//! Inclusion counts of a sample of k without replacement are not a
//! multinomial: each count's variance is R·p·(1−p), less than the
//! expectation R·p the statistic divides by, so under a fair draw the
//! statistic is (1−p)·χ²(19) on average — the test is conservative, never
//! liberal. A biased sampler (e.g. systematic sampling, whose last rows
//! can never be drawn) fails it by orders of magnitude.
//!
//! Each test also asserts that no object is never drawn.

use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, Registry, RegulatedObject};
use shuangsuiji::plan::draw::sample_order;
use shuangsuiji::plan::plan_quarter;
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules;
use shuangsuiji_tests::quarter;

const RUNS: usize = 2_000;
const N: usize = 20;
/// 99.9 % quantile of the chi-square distribution with 19 degrees of freedom.
const CHI2_19_999: f64 = 43.82;

fn ids() -> Vec<String> {
    (0..N).map(|i| format!("O-{i:02}")).collect()
}

/// Pearson's statistic Σ (observed − expected)² ÷ expected.
fn chi_square(counts: &[u64], expected: f64) -> f64 {
    counts.iter().map(|c| (*c as f64 - expected).powi(2) / expected).sum()
}

fn assert_fair(counts: &[u64], k: usize, what: &str) {
    assert_eq!(counts.iter().sum::<u64>(), (RUNS * k) as u64, "{what}: every run draws k");
    let expected = (RUNS * k) as f64 / N as f64;
    let stat = chi_square(counts, expected);
    eprintln!("{what}: counts {counts:?}, expected {expected}, chi-square {stat:.2}");
    assert!(stat < CHI2_19_999, "{what}: chi-square {stat:.2} ≥ {CHI2_19_999} (counts {counts:?})");
    for (i, c) in counts.iter().enumerate() {
        assert!(*c > 0, "{what}: object {i} was never drawn in {RUNS} runs");
    }
}

#[test]
fn sample_order_draws_every_object_equally_often() {
    let ids = ids();
    let k = 5;
    let mut counts = vec![0u64; N];
    for run in 0..RUNS {
        let order = sample_order(&format!("seed-{run}"), &ids);
        for d in order.iter().take(k) {
            counts[ids.iter().position(|i| *i == d.id).unwrap()] += 1;
        }
    }
    assert_fair(&counts, k, "sample_order, k = 5 of 20");
}

#[test]
fn sample_order_position_of_the_last_id_is_uniform() {
    // Where the last record lands in the order: uniform over 20 places.
    let ids = ids();
    let mut counts = vec![0u64; N];
    for run in 0..RUNS {
        let order = sample_order(&format!("seed-{run}"), &ids);
        counts[order.iter().position(|d| d.id == ids[N - 1]).unwrap()] += 1;
    }
    // k = 1: each run adds one to one place.
    assert_fair(&counts, 1, "position of the last id");
}

fn special_registry() -> Registry {
    let prefecture =
        Jurisdiction { id: "changji".into(), name: "昌吉州".into(), level: Level::Prefecture, parent: None };
    let county = Jurisdiction {
        id: "changji/hutubi".into(),
        name: "呼图壁县".into(),
        level: Level::County,
        parent: Some("changji".into()),
    };
    let objects = ids().into_iter().map(|id| RegulatedObject::new(id, "changji/hutubi", Category::Special)).collect();
    let inspectors = (0..3).map(|i| Inspector::officer(format!("I-{i}"), "changji/hutubi", 10)).collect();
    Registry { jurisdictions: vec![prefecture, county], objects, inspectors }
}

#[test]
fn plan_quarter_draws_every_special_object_equally_often() {
    // changji-county: 50 % of 20 special objects each quarter → 10.
    let ids = ids();
    let k = 10;
    let mut request = PlanRequest::new(
        special_registry(),
        rules::preset("changji-county").unwrap(),
        vec!["changji/hutubi".into()],
        quarter(2023, 1),
        "",
    );
    let mut counts = vec![0u64; N];
    for run in 0..RUNS {
        request.seed = format!("seed-{run}");
        let plan = plan_quarter(&request).unwrap();
        assert_eq!(plan.tasks.len(), k);
        for t in &plan.tasks {
            counts[ids.iter().position(|i| *i == t.object).unwrap()] += 1;
        }
    }
    assert_fair(&counts, k, "plan_quarter, 10 of 20 special objects");
}
