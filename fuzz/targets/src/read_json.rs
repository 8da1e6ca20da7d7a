//! `shuangsuiji_io::read::parse_registry_json` and `parse_history_json` on arbitrary
//! bytes: `Ok` (a registry that validates) or a `ReadErrors`, never a panic.

use shuangsuiji_io::read;

const REGISTRY_JSON: &[u8] = include_bytes!("../../../tests/data/registry/valid/registry.json");

/// One input of the target.
pub fn run(data: &[u8]) {
    let Some((&selector, content)) = data.split_first() else { return };
    if selector % 2 == 0 {
        match read::parse_registry_json("registry.json", content) {
            Ok(registry) => {
                // What the reader accepts, the validator accepts.
                assert!(shuangsuiji::model::validate::validate_registry(&registry).is_ok());
            }
            Err(e) => {
                assert!(!e.is_empty());
                let _ = e.to_string();
            }
        }
    } else {
        let Ok(registry) = read::parse_registry_json("registry.json", REGISTRY_JSON) else { return };
        match read::parse_history_json("history.json", content, &registry) {
            Ok(history) => {
                assert!(shuangsuiji::model::validate::validate_history(&history, &registry).is_ok());
            }
            Err(e) => {
                assert!(!e.is_empty());
                let _ = e.to_string();
            }
        }
    }
}
