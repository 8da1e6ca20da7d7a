//! The CSV readers of `shuangsuiji_io::read` on arbitrary bytes: they must return
//! `Ok` or a `ReadErrors`, never panic, and every error must name the file.

use shuangsuiji_io::read;

const REGISTRY_JSON: &[u8] = include_bytes!("../../../tests/data/registry/valid/registry.json");

/// One input of the target.
pub fn run(data: &[u8]) {
    let Some((&selector, content)) = data.split_first() else { return };
    let check = |errors: &read::ReadErrors, name: &str| {
        assert!(!errors.is_empty(), "an Err with no error in it");
        for e in errors.errors() {
            assert!(e.file == name || e.file.starts_with(name), "error names the wrong file: {e}");
            // Line numbers are 1-based.
            assert_ne!(e.line, Some(0), "line 0 in {e}");
            let _ = e.to_string();
        }
    };
    match selector % 5 {
        0 => {
            if let Err(e) = read::parse_objects_csv("objects.csv", content) {
                check(&e, "objects.csv");
            }
        }
        1 => {
            if let Err(e) = read::parse_inspectors_csv("inspectors.csv", content) {
                check(&e, "inspectors.csv");
            }
        }
        2 => {
            if let Err(e) = read::parse_jurisdictions_csv("jurisdictions.csv", content) {
                check(&e, "jurisdictions.csv");
            }
        }
        3 => {
            let Ok(registry) = read::parse_registry_json("registry.json", REGISTRY_JSON) else { return };
            if let Err(e) = read::parse_history_csv("history.csv", content, &registry) {
                check(&e, "history.csv");
            }
        }
        _ => {
            // Three files split at the first two 0x00 bytes.
            let mut parts = content.splitn(3, |&b| b == 0);
            let j = parts.next().unwrap_or_default();
            let o = parts.next().unwrap_or_default();
            let i = parts.next().unwrap_or_default();
            if let Err(e) = read::parse_registry_csv(("j.csv", j), ("o.csv", o), ("i.csv", i)) {
                assert!(!e.is_empty());
                for err in e.errors() {
                    assert!(["j.csv", "o.csv", "i.csv"].contains(&err.file.as_str()), "{err}");
                    assert_ne!(err.line, Some(0), "line 0 in {err}");
                }
            }
        }
    }
}
