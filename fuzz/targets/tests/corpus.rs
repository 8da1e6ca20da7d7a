#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every fuzz target on its seeds and on a few hundred inputs made from
//! them by a fixed mutator, with every `cargo test`: a target that no
//! longer builds, or a regression a fuzzer once found, fails here, not in
//! a fuzzing session months later. (Fuzzing proper: docs/robustness.md.)

use std::path::{Path, PathBuf};

use shuangsuiji_fuzz_targets as targets;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `seed` behind the selector byte `selector`.
fn with(selector: u8, seed: &[u8]) -> Vec<u8> {
    [&[selector][..], seed].concat()
}

/// `seed` and `n` variants of it: bytes flipped, cut, repeated, by a fixed
/// generator (the same inputs every run).
fn variants(seed: &[u8], n: usize) -> Vec<Vec<u8>> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ seed.len() as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = vec![seed.to_vec()];
    for _ in 0..n {
        let mut v = seed.to_vec();
        let at = if v.is_empty() { 0 } else { (next() as usize) % v.len() };
        match next() % 4 {
            0 if !v.is_empty() => v[at] = next() as u8,
            1 => v.truncate(at),
            2 => v.insert(at, b"[{\"\\,\n\r0-9"[(next() % 10) as usize]),
            _ => v.extend_from_slice(&seed[at..(at + 64).min(seed.len())]),
        }
        out.push(v);
    }
    out
}

fn feed(target: fn(&[u8]), seeds: &[Vec<u8>], n: usize) {
    for seed in seeds {
        for input in variants(seed, n) {
            target(&input);
        }
    }
}

#[test]
fn the_readers_targets_run_on_their_seeds() {
    let v = "tests/data/registry/valid";
    let csv: Vec<Vec<u8>> = [("objects.csv", 0), ("inspectors.csv", 1), ("jurisdictions.csv", 2), ("history.csv", 3)]
        .iter()
        .map(|(f, s)| with(*s, &read(&format!("{v}/{f}"))))
        .collect();
    feed(targets::read_csv::run, &csv, 40);
    let json = vec![with(0, &read(&format!("{v}/registry.json"))), with(1, &read(&format!("{v}/history.json")))];
    feed(targets::read_json::run, &json, 40);
}

#[test]
fn the_rules_targets_run_on_their_seeds() {
    let documents: Vec<Vec<u8>> = std::fs::read_dir(root().join("crates/shuangsuiji/src/rules/documents"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(documents.len() >= 5);
    feed(targets::documents::run, &documents, 20);
    let policy = serde_json::to_vec(&shuangsuiji::rules::preset("changji-county").unwrap()).unwrap();
    feed(targets::policy::run, &[with(0, &policy)], 60);
}

#[test]
fn the_planning_targets_run_on_their_seeds() {
    let request = shuangsuiji_api::demo_request().unwrap();
    let body = format!("{{\"request\": {}}}", serde_json::to_string(&request).unwrap()).into_bytes();
    feed(targets::bodies::run, &[with(0, &body), with(3, &body)], 8);
    let noise: Vec<Vec<u8>> =
        (0u8..12).map(|i| (0..600).map(|j| (j as u8).wrapping_mul(31).wrapping_add(i)).collect()).collect();
    feed(targets::plan::run, &noise, 2);
    feed(targets::plan_log::run, &noise[..4], 1);
    feed(targets::results::run, &[b"[]".to_vec(), b"[{\"object\": \"x\"}]".to_vec()], 20);
}
