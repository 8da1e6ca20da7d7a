//! Registry loading: the synthetic registry written once to a temporary
//! directory as CSV (three files) and as JSON, then read back with
//! `shuangsuiji_io::read`; throughput in bytes. Sizes 10k, 100k and 1M objects (3.5M
//! with `SSJ_BENCH_FULL=1`).
//!
//! ```sh
//! cargo bench -p shuangsuiji-benches --bench read -- --warm-up-time 1
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shuangsuiji_benches::{registry, sizes, temp_dir, write_registry_csv};
use shuangsuiji_io::read::{read_registry_dir, read_registry_json};

fn benches(c: &mut Criterion) {
    for objects in sizes() {
        let reg = registry(objects);
        let dir = temp_dir(&format!("read-{objects}"));
        let csv_bytes = write_registry_csv(&reg, &dir);
        let json_path = dir.join("registry.json");
        std::fs::write(&json_path, serde_json::to_vec(&reg).unwrap()).unwrap();
        let json_bytes = std::fs::metadata(&json_path).unwrap().len();
        drop(reg);

        let mut g = c.benchmark_group("read_registry");
        g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
        g.throughput(Throughput::Bytes(csv_bytes));
        g.bench_function(BenchmarkId::new("csv", objects), |b| b.iter(|| read_registry_dir(black_box(&dir)).unwrap()));
        g.throughput(Throughput::Bytes(json_bytes));
        g.bench_function(BenchmarkId::new("json", objects), |b| {
            b.iter(|| read_registry_json(black_box(&json_path)).unwrap())
        });
        g.finish();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

criterion_group!(read, benches);
criterion_main!(read);
