#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The readers' bounds (docs/robustness.md, "Bounded memory"): a line too
//! long to be a record, a file with a fault on every row, a workbook whose
//! cells lie far apart. Each is refused by name, in bounded memory, and its
//! message stays a screen long. (The zip bombs, which take hundreds of
//! megabytes to make, are in the reliability suite, `tests/reliability`.)

use std::path::PathBuf;

use shuangsuiji_io::read::{self, MAX_LINE_BYTES, MAX_PROBLEMS};

fn folder(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ssj-bounds-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const HEADER: &str = "统一社会信用代码,单位名称,所属区域,监管类别,状态";

#[test]
fn a_line_longer_than_a_record_can_be_is_refused_with_its_number() {
    let text = format!(
        "{HEADER}\nO1,甲厂,changji/hutubi,重点,正常\nO2,{},changji/hutubi,一般,正常\n",
        "乙".repeat(MAX_LINE_BYTES)
    );
    let errors = read::parse_objects_csv("long.csv", text).unwrap_err();
    let [error] = errors.errors() else { panic!("{errors}") };
    assert_eq!(error.line, Some(3), "{error}");
    assert!(error.message.contains("more than the 1 MiB a row may be"), "{error}");
}

#[test]
fn a_fault_on_every_row_gives_a_screen_not_megabytes() {
    let rows = MAX_PROBLEMS * 2;
    let mut text = format!("{HEADER}\n");
    for i in 0..rows {
        text.push_str(&format!("O{i},厂{i},changji/hutubi,重要{i},正常\n"));
    }
    let errors = read::parse_objects_csv("every-row.csv", text).unwrap_err();
    // Reading stopped at the bound, and said so.
    assert!(errors.len() <= MAX_PROBLEMS + 1 + 16, "{} problems kept", errors.len());
    assert!(errors.errors().iter().any(|e| e.message.contains("reading stopped after 10000 problems")));
    // Shown: one line per kind of fault, with a count and where it first is.
    let shown = errors.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines.len() <= 3, "{shown}");
    let grouped = lines.iter().find(|l| l.contains("column")).unwrap();
    assert!(
        grouped.starts_with("every-row.csv, column `监管类别` (category): 10000 lines, first lines 2, 3, 4 (first id \"O0\"): `重要0` is not"),
        "{shown}"
    );
    assert!(shown.len() < 2_000, "{} bytes of messages", shown.len());
}

#[test]
fn a_workbook_with_a_value_far_to_the_right_is_read_cell_by_cell() {
    let dir = folder("far");
    let valid = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/registry/valid");
    for file in ["jurisdictions.csv", "inspectors.csv"] {
        std::fs::copy(valid.join(file), dir.join(file)).unwrap();
    }
    let path = dir.join("objects.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (c, v) in "O1,甲厂,changji/hutubi,重点,正常".split(',').enumerate() {
        sheet.write_string(1, c as u16, v).unwrap();
    }
    // The last cell Excel has: as a dense rectangle, 17 billion cells.
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    let errors = read::read_registry_with(&dir, &read::ReadOptions::default()).unwrap_err();
    // (The inspectors' recusals name objects this sheet lacks: beside the point.)
    let error = errors.errors().iter().find(|e| e.file.ends_with("objects.xlsx")).unwrap();
    assert_eq!(error.line, Some(1_048_576), "{error}");
    assert!(error.message.contains("column XFD, past the 1000 columns a table may have"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}
