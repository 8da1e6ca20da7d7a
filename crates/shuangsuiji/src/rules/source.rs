//! Where a document's numbers come from, and the months it allows: the
//! pieces every part of a policy shares.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a number comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short name of the document, e.g. `Changji 2023`.
    pub document: String,
    /// The document's own clause heading, e.g. `§四.1` or `四（二）3(1)`.
    pub clause: String,
    /// The sentence the number is read from, in Chinese, as published.
    pub quote: String,
    /// The reading taken where the text is ambiguous, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.document, self.clause)
    }
}

/// The months a document's objects may be inspected in (Jianghan:
/// construction projects April to November).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthWindow {
    /// The months, 1–12.
    pub months: Vec<u32>,
    /// Where the document sets them.
    pub source: Source,
}

/// A month window's faults: at least one month, each 1–12, none twice.
pub(crate) fn check_window(window: &MonthWindow, field: &str, bad: &mut impl FnMut(String, &str)) {
    check_source(&window.source, &format!("{field}.source"), bad);
    if window.months.is_empty() {
        bad(format!("{field}.months"), "must name at least one month (leave `months` out for every month)");
    }
    for (i, m) in window.months.iter().enumerate() {
        if !(1..=12).contains(m) {
            bad(format!("{field}.months[{i}]"), "must be a month from 1 to 12");
        } else if window.months.iter().take(i).any(|earlier| earlier == m) {
            bad(format!("{field}.months[{i}]"), "repeats an earlier month");
        }
    }
}

pub(crate) fn check_source(source: &Source, field: &str, bad: &mut impl FnMut(String, &str)) {
    if source.document.trim().is_empty() {
        bad(format!("{field}.document"), "must name the source document");
    }
    if source.clause.trim().is_empty() {
        bad(format!("{field}.clause"), "must name the clause");
    }
}
