//! Recorded results (`results.json`, `ssj publish --results`) from
//! arbitrary bytes, against the plan of a fixed request: read and checked,
//! `Ok` or errors that render, never a panic. What passes the check is
//! published and counted without a panic either.

use shuangsuiji::publish::disclosure::{public_records, DisclosurePolicy};
use shuangsuiji::publish::results::{validate_results, InspectionResult, Wordings};
use shuangsuiji::publish::stats::quarterly_stats;
use shuangsuiji_io::read::{self, TextEncoding};

/// One input of the target.
pub fn run(data: &[u8]) {
    let records: Vec<InspectionResult> = match read::parse_json_as("results.json", data, TextEncoding::Auto) {
        Ok(loaded) => loaded.value,
        Err(errors) => {
            assert!(!errors.is_empty(), "an Err with no error in it");
            let _ = errors.to_string();
            return;
        }
    };
    let (request, plan) = crate::fixed_plan();
    let documents = shuangsuiji::rules::policy_document_files(&request.policy);
    let wordings = Wordings::of(&documents);
    match validate_results(&records, plan, &wordings) {
        Ok(()) => {
            let registry = &request.registry;
            let _ = quarterly_stats(&records, plan, registry, &wordings);
            let _ = public_records(&records, plan, registry, &wordings, &DisclosurePolicy::default());
        }
        Err(errors) => {
            let _ = errors.to_string();
        }
    }
}
