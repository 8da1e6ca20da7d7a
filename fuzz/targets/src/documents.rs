//! A document file (`rules/documents/*.toml`, `ssj rules --document FILE`)
//! from arbitrary text: `Ok` or a list of `PolicyError`s that render,
//! never a panic. An accepted file survives a TOML round trip unchanged,
//! every preset in it validates, and its duties make an agenda for a year.

use chrono::NaiveDate;
use shuangsuiji::calendar::Calendar;
use shuangsuiji::publish::agenda::{agenda, Filed};
use shuangsuiji::rules::DocumentFile;

/// One input of the target.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = match DocumentFile::from_toml("fuzz.toml", text) {
        Ok(file) => file,
        Err(errors) => {
            assert!(!errors.is_empty(), "an Err with no error in it");
            for e in &errors {
                let _ = e.to_string();
            }
            return;
        }
    };
    let again = toml::to_string(&file).expect("an accepted document file serializes");
    let reread = DocumentFile::from_toml("again.toml", &again);
    assert_eq!(reread.as_ref().ok(), Some(&file), "a TOML round trip altered the file:\n{again}");
    let Ok(calendar) = Calendar::national() else { return };
    let today = NaiveDate::from_ymd_opt(2023, 6, 30).unwrap_or(NaiveDate::MIN);
    for policy in &file.presets {
        assert!(policy.validate().is_ok(), "a preset of an accepted file does not validate");
        let _ = agenda(policy, &[&file], 2023, &Filed::default(), &calendar, today);
    }
}
