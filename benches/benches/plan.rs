//! `plan_quarter`, `check_compliance`, `verify_plan`, `quarter_quotas` and
//! `assign_inspectors` on synthetic national registries of 10k, 100k and 1M
//! objects (3.5M with `SSJ_BENCH_FULL=1`), county level (every county and
//! park) and prefecture level (every prefecture).
//!
//! ```sh
//! cargo bench -p shuangsuiji-benches --bench plan -- --warm-up-time 1
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shuangsuiji::audit::compliance::check_compliance;
use shuangsuiji::audit::verify::verify_plan;
use shuangsuiji::plan::assign::assign_inspectors;
use shuangsuiji::plan::quota::quarter_quotas;
use shuangsuiji::plan::{plan_quarter, Visit};
use shuangsuiji::request::QuotaInput;
use shuangsuiji_benches::{registry, request, sizes, Units};

fn group<'a>(c: &'a mut Criterion, name: &str) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    g
}

fn benches(c: &mut Criterion) {
    for objects in sizes() {
        let reg = registry(objects);
        for units in [Units::Counties, Units::Prefectures] {
            let req = request(reg.clone(), units);
            let plan = plan_quarter(&req).unwrap();
            let id = BenchmarkId::new(units.name(), objects);

            let mut g = group(c, "plan_quarter");
            g.throughput(Throughput::Elements(objects as u64));
            g.bench_with_input(id.clone(), &req, |b, req| b.iter(|| plan_quarter(black_box(req)).unwrap()));
            g.finish();

            let mut g = group(c, "check_compliance");
            g.throughput(Throughput::Elements(objects as u64));
            g.bench_with_input(id.clone(), &req, |b, req| {
                b.iter(|| assert!(check_compliance(black_box(&plan), black_box(req)).is_compliant()))
            });
            g.finish();

            let mut g = group(c, "verify_plan");
            g.throughput(Throughput::Elements(objects as u64));
            g.bench_with_input(id.clone(), &req, |b, req| {
                b.iter(|| verify_plan(black_box(&plan), black_box(req)).unwrap())
            });
            g.finish();

            let mut g = group(c, "quarter_quotas");
            g.throughput(Throughput::Elements(objects as u64));
            g.bench_with_input(id.clone(), &req, |b, req| {
                let input = QuotaInput::new(&req.policy, &req.registry, req.quarter, &req.history, &req.units);
                b.iter(|| quarter_quotas(black_box(&input)).unwrap())
            });
            g.finish();

            // The plan's tasks with their teams removed: what assignment
            // receives inside plan_quarter.
            let mut prepared = plan.tasks.clone();
            for t in &mut prepared {
                if matches!(t.visit, Visit::Own { .. }) {
                    t.visit = Visit::Own { officers: Vec::new(), joining: Vec::new() };
                }
            }
            let mut g = group(c, "assign_inspectors");
            g.throughput(Throughput::Elements(prepared.len() as u64));
            g.bench_with_input(id, &req, |b, req| {
                b.iter_batched_ref(
                    || prepared.clone(),
                    |tasks| assign_inspectors(black_box(req), tasks).unwrap(),
                    criterion::BatchSize::LargeInput,
                )
            });
            g.finish();
        }
    }
}

criterion_group!(plan, benches);
criterion_main!(plan);
