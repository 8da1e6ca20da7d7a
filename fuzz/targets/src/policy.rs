//! `Policy::from_json` and `Policy::from_toml` on arbitrary text: a policy
//! that validates, or errors — never a panic. An accepted policy must
//! round-trip through JSON unchanged.

use shuangsuiji::rules::Policy;

/// One input of the target.
pub fn run(data: &[u8]) {
    let Some((&selector, content)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(content) else { return };
    let parsed = if selector % 2 == 0 { Policy::from_json(text) } else { Policy::from_toml(text) };
    match parsed {
        Ok(policy) => {
            assert!(policy.validate().is_ok());
            let json = serde_json::to_string(&policy).expect("a policy serializes");
            let again = Policy::from_json(&json).expect("a serialized policy reads back");
            assert_eq!(again, policy, "JSON round trip altered the policy");
            for q in 1..=4 {
                if let Ok(quarter) = shuangsuiji::model::Quarter::new(2023, q) {
                    let _ = policy.check_validity(quarter);
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an Err with no error in it");
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
}
