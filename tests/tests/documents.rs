//! The documents beyond the seeds (`docs/examples/documents/`): every file
//! passes `check_file`, and each example's quotas equal the hand numbers
//! of `shared/documents-beyond-seeds.md` (written in the file's header).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use shuangsuiji::model::{Category, Registry};
use shuangsuiji::plan::quota::quarter_quotas;
use shuangsuiji::request::QuotaInput;
use shuangsuiji::rules::{check_file, Checked, DocumentFile, Policy};
use shuangsuiji::sample;

fn documents_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/documents")
}

fn document(name: &str) -> DocumentFile {
    let path = documents_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match check_file(name, &text) {
        Ok(Checked::Document(file)) => *file,
        Ok(Checked::Policy(_)) => panic!("{name} is a policy file, not a document file"),
        Err(faults) => panic!("{}", faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

fn preset(file: &DocumentFile, id: &str) -> Policy {
    file.presets.iter().find(|p| p.id == id).cloned().unwrap_or_else(|| panic!("no preset {id}"))
}

/// The quarter's minimum per category of the sample county, in the order
/// key, special, general (the categories the policy names).
fn required(policy: &Policy, registry: &Registry, quarter: &str) -> Vec<(Category, u64)> {
    let units = vec![sample::COUNTY.to_owned()];
    let input = QuotaInput::new(policy, registry, quarter.parse().unwrap(), &[], &units);
    quarter_quotas(&input).unwrap().iter().map(|l| (l.stratum.category, l.required)).collect()
}

#[test]
fn every_example_document_passes_the_check() {
    let mut names: Vec<String> = std::fs::read_dir(documents_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        document(&name);
    }
}

#[test]
fn guangzhou_polluters_quotas_are_the_hand_numbers() {
    let file = document("guangzhou-tasks.toml");
    // 40 key, 12 special, 500 general; 20 officers on post.
    let registry = sample::county(40, 12, 500, 20);
    let got = required(&preset(&file, "guangzhou-polluters"), &registry, "2024Q1");
    assert_eq!(got, [(Category::Key, 5), (Category::Special, 3), (Category::General, 13)]);
}

#[test]
fn guangzhou_sea_outfalls_count_only_marine_officers() {
    let file = document("guangzhou-tasks.toml");
    // 10 key and 22 general outfalls; 20 officers on post, 3 of them marine.
    let mut registry = sample::county(10, 0, 22, 20);
    for officer in registry.inspectors.iter_mut().filter(|i| i.jurisdiction == sample::COUNTY).take(3) {
        officer.expertise.insert("marine".to_owned());
    }
    let got = required(&preset(&file, "guangzhou-sea-outfalls"), &registry, "2024Q1");
    // key 20 % of 10 = 2 a year → 1; general 1:2 × 3 marine = 6 a year → 2.
    assert_eq!(got, [(Category::Key, 1), (Category::General, 2)]);
}
