#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The demo registry as bureaus' files carry it — GBK, CRLF, a BOM,
//! UTF-16, one workbook per library, one workbook of three sheets — reads
//! to the same registry and plans byte for byte as the UTF-8 CSV does.

use std::path::{Path, PathBuf};

use shuangsuiji::{plan_quarter, rules, PlanRequest};
use shuangsuiji_io::read::{read_registry_with, ReadOptions};
use shuangsuiji_io::synth::demo_prefecture;
use shuangsuiji_io::write::registry_csv;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ssj-encodings-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes the three CSV files into `name`, each transformed by `bytes`.
fn csv_dir(name: &str, bytes: impl Fn(&str) -> Vec<u8>) -> PathBuf {
    let d = dir(name);
    for (file, text) in registry_csv(&demo_prefecture()) {
        std::fs::write(d.join(file), bytes(&text)).unwrap();
    }
    d
}

/// The rows of a CSV text, cell by cell.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// One sheet as a clerk's Excel would hold it: numbers as numbers, yes/no
/// as booleans, the rest as text.
fn write_sheet(sheet: &mut rust_xlsxwriter::Worksheet, text: &str) {
    for (r, row) in rows(text).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match (cell.parse::<u32>(), cell.as_str()) {
                (Ok(n), _) if r > 0 => sheet.write_number(r, c, f64::from(n)).map(|_| ()),
                (_, "true") => sheet.write_boolean(r, c, true).map(|_| ()),
                (_, "false") => sheet.write_boolean(r, c, false).map(|_| ()),
                _ if cell.is_empty() => Ok(()),
                _ => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
}

fn plan_json(registry_path: &Path) -> (String, usize) {
    let loaded = read_registry_with(registry_path, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", registry_path.display()));
    let request = PlanRequest::new(
        loaded.value,
        rules::preset("changji-county").unwrap(),
        vec!["changji/hutubi".into(), "changji/qitai".into()],
        "2023Q2".parse().unwrap(),
        "20230401",
    );
    assert_eq!(request.registry, demo_prefecture(), "{}", registry_path.display());
    (serde_json::to_string(&plan_quarter(&request).unwrap()).unwrap(), loaded.notices.len())
}

#[test]
fn every_encoding_and_workbook_plans_byte_identically_to_utf8_csv() {
    let (utf8, notices) = plan_json(&csv_dir("utf8", |t| t.as_bytes().to_vec()));
    assert_eq!(notices, 0);
    let gbk = csv_dir("gbk", |t| encoding_rs::GB18030.encode(t).0.into_owned());
    let crlf = csv_dir("crlf", |t| t.replace('\n', "\r\n").into_bytes());
    let bom = csv_dir("bom", |t| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat());
    let utf16 =
        csv_dir("utf16", |t| [vec![0xFF, 0xFE], t.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat());
    for (path, expected_notices) in [(gbk, 3), (crlf, 0), (bom, 0), (utf16, 3)] {
        let (plan, notices) = plan_json(&path);
        assert_eq!(plan, utf8, "{} plans differently", path.display());
        assert_eq!(notices, expected_notices, "{}", path.display());
    }

    // One workbook per library, in the directory.
    let per_file = dir("xlsx");
    for (file, text) in registry_csv(&demo_prefecture()) {
        let mut book = rust_xlsxwriter::Workbook::new();
        write_sheet(book.add_worksheet(), &text);
        book.save(per_file.join(file.replace(".csv", ".xlsx"))).unwrap();
    }
    assert_eq!(plan_json(&per_file).0, utf8, "one workbook per library");

    // One workbook, a sheet per library, named in Chinese.
    let one = dir("workbook").join("名录库.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    for ((_, text), sheet) in registry_csv(&demo_prefecture()).iter().zip(["区域", "检查对象", "执法人员"]) {
        write_sheet(book.add_worksheet().set_name(sheet).unwrap(), text);
    }
    book.save(&one).unwrap();
    assert_eq!(plan_json(&one).0, utf8, "one workbook of three sheets");
}

#[test]
fn a_crlf_file_reports_the_right_line_and_a_workbook_its_sheet_and_row() {
    let crlf = csv_dir("crlf-bad", |t| t.replace('\n', "\r\n").into_bytes());
    let objects = std::fs::read_to_string(crlf.join("objects.csv")).unwrap();
    // Line 4 of the file: the third object, its category spoiled.
    let spoiled: Vec<String> = objects
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| {
            if i == 3 {
                l.replacen(",general,", ",importantish,", 1).replacen(",key,", ",importantish,", 1)
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(crlf.join("objects.csv"), spoiled.join("\r\n")).unwrap();
    let e = read_registry_with(&crlf, &ReadOptions::default()).unwrap_err();
    let first = &e.errors()[0];
    assert_eq!(first.line, Some(4), "{e}");
    assert_eq!(first.column.as_deref(), Some("category"), "{e}");

    let book_path = dir("xlsx-bad").join("registry.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    for ((_, text), sheet) in registry_csv(&demo_prefecture()).iter().zip(["jurisdictions", "objects", "inspectors"]) {
        let text = if sheet == "objects" { text.replacen(",key,", ",importantish,", 1) } else { text.clone() };
        write_sheet(book.add_worksheet().set_name(sheet).unwrap(), &text);
    }
    book.save(&book_path).unwrap();
    let e = read_registry_with(&book_path, &ReadOptions::default()).unwrap_err();
    let first = &e.errors()[0];
    assert_eq!(first.sheet.as_deref(), Some("objects"), "{e}");
    assert!(first.line.is_some() && first.column.as_deref() == Some("category"), "{e}");
    let shown = first.to_string();
    assert!(shown.contains("registry.xlsx, sheet `objects`, row "), "{shown}");
}
