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

/// The document's list of check items (随机抽查事项清单) and how the tasks
/// share it.
///
/// With `each_year`, the document asks that a year's inspections cover the
/// whole list (001 二: 抽查事项清单做到年度全覆盖): each quarter takes its
/// share of the list — the items whose place in it, counted from 0, leaves
/// the quarter's number less one when divided by 4 — and shares it out
/// over each unit's tasks in the order of their item tickets, so that
/// every item of the share goes to a task and every task gets an item
/// (`docs/draw-algorithm.md` §5, "Check items"). Without it, every task
/// checks every item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckItems {
    /// The items, in the document's order and words.
    pub items: Vec<String>,
    /// Where the list is.
    pub source: Source,
    /// The clause that asks for the whole list each year, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each_year: Option<Source>,
}

impl CheckItems {
    /// The items the `place`-th of a year's `of` quarters with visits
    /// (counted from 0) shares out under `each_year`: those at places
    /// `place`, `place + of`, `place + 2·of`, … — every item once over the
    /// `of` quarters. A list whose visits may be made in every quarter has
    /// `of` = 4 and the quarter's number less one as its place.
    pub fn share_of(&self, place: usize, of: usize) -> impl Iterator<Item = &str> {
        self.items.iter().skip(place).step_by(of.max(1)).map(String::as_str)
    }

    /// [`CheckItems::share_of`] for quarter `quarter` (1–4) of four.
    pub fn quarter_share(&self, quarter: u8) -> impl Iterator<Item = &str> {
        self.share_of(usize::from(quarter.saturating_sub(1)), 4)
    }
}

/// A list of check items' faults: its sources, at least one item, none
/// blank or twice.
pub(crate) fn check_check_items(list: &CheckItems, field: &str, bad: &mut impl FnMut(String, &str)) {
    check_source(&list.source, &format!("{field}.source"), bad);
    if let Some(each_year) = &list.each_year {
        check_source(each_year, &format!("{field}.each_year"), bad);
    }
    if list.items.is_empty() {
        bad(
            format!("{field}.items"),
            "must list at least one item (leave check_items out where the document gives none)",
        );
    }
    for (i, item) in list.items.iter().enumerate() {
        if item.trim().is_empty() {
            bad(format!("{field}.items[{i}]"), "must not be blank");
        } else if list.items.iter().take(i).any(|earlier| earlier == item) {
            bad(format!("{field}.items[{i}]"), "repeats an earlier item");
        }
    }
}
