//! The wording a document prescribes for its published results (Changji
//! 2023 §六's seven phrases, Fengdu 2024 §三（六）'s three): data of the
//! document's file, each phrase with what it means to the statistics and
//! the credit system.

use serde::{Deserialize, Serialize};

use super::source::{check_source, Source};

/// The phrases a document's results are published in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultWordings {
    /// The prefix of the phrases' short names in a results file
    /// (`changji` → `changji.corrective_order`).
    pub key: String,
    /// The phrases, in the document's order.
    pub wordings: Vec<Wording>,
    /// Where the document prescribes them.
    pub source: Source,
}

/// One phrase of a document's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The phrase exactly as the document writes it.
    pub text: String,
    /// Its short name in a results file (`corrective_order`).
    pub name: String,
    /// What it means.
    pub meaning: Meaning,
    /// The reading taken where the document does not say what it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// What a published result means to the statistics and the credit system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// Nothing found (未发现问题).
    NoProblem,
    /// A problem found, handled without a penalty.
    Finding,
    /// A problem leading to an administrative penalty, which goes into the
    /// credit information system with its decision.
    Penalty,
}

impl ResultWordings {
    /// The phrase `text` is, if it is one of these: compared as written,
    /// full-width commas read as the half-width ones of the phrase, or as
    /// `key.name`.
    pub fn find(&self, text: &str) -> Option<&Wording> {
        let text = text.trim();
        let by_name = text.strip_prefix(self.key.as_str()).and_then(|rest| rest.strip_prefix('.'));
        self.wordings.iter().find(|w| same_phrase(&w.text, text) || by_name == Some(w.name.as_str()))
    }

    /// The phrases, for a message: `未发现问题 / 发现问题已责令整改 / …`.
    pub fn list(&self) -> String {
        self.wordings.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" / ")
    }
}

/// Whether two phrases are the same, a full-width comma (，) being the
/// half-width one (,) — a clerk's keyboard writes either.
fn same_phrase(a: &str, b: &str) -> bool {
    a.chars().map(half_width).eq(b.chars().map(half_width))
}

fn half_width(c: char) -> char {
    if c == '，' {
        ','
    } else {
        c
    }
}

/// The faults of a document's result wordings.
pub(super) fn check_wordings(results: &ResultWordings, bad: &mut impl FnMut(String, String)) {
    let mut fault = |field: String, problem: &str| bad(field, problem.to_owned());
    check_source(&results.source, "results.source", &mut fault);
    if results.key.is_empty() || !results.key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        fault("results.key".into(), "must be letters, digits, `-` or `_`");
    }
    if !results.wordings.iter().any(|w| w.meaning == Meaning::NoProblem) {
        fault("results.wordings".into(), "must have a phrase meaning no_problem (未发现问题)");
    }
    for (i, w) in results.wordings.iter().enumerate() {
        let earlier = || results.wordings.iter().take(i);
        if w.text.trim().is_empty() {
            fault(format!("results.wordings[{i}].text"), "must not be blank");
        } else if earlier().any(|e| same_phrase(&e.text, &w.text)) {
            fault(format!("results.wordings[{i}].text"), "repeats an earlier phrase");
        }
        if w.name.is_empty() || !w.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            fault(format!("results.wordings[{i}].name"), "must be lowercase letters, digits or `_`");
        } else if earlier().any(|e| e.name == w.name) {
            fault(format!("results.wordings[{i}].name"), "repeats an earlier name");
        }
    }
}
