//! Statistics from the results:
//!
//! * the quarterly 生态环境"双随机、一公开"情况统计表 figures (000 §七（四）),
//!   per unit and category ([`quarterly_stats`]);
//! * yearly inspection counts per object (被检查次数年度统计, 001 §三（二）)
//!   and per inspector (检查人员年度检查次数标记, 001 §三（三）)
//!   ([`yearly_counts`]);
//! * yearly coverage of the check-item list (抽查事项清单做到年度全覆盖,
//!   001 §二; the twelve items of 001 §三（一） and §四) ([`item_coverage`]).
//!
//! No floats: the publication rate is an exact fraction with a per-mille
//! figure rounded down.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use serde::Serialize;

use crate::model::{Category, Id, Inspection, Quarter, Registry};
use crate::plan::QuarterPlan;

use super::results::{InspectionResult, Wordings};

/// An exact rate `numerator / denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Rate {
    /// Published.
    pub numerator: u64,
    /// Completed.
    pub denominator: u64,
    /// `numerator × 1000 / denominator`, rounded half up (11/12 is 917,
    /// a rate of 91.7 %, not the 91.6 % a cut would print), but never 1000
    /// while one result is unpublished (1999/2000 is 999) nor 0 once one
    /// is; `None` when nothing was completed.
    pub per_mille: Option<u64>,
}

impl Rate {
    /// Builds a rate.
    pub fn new(numerator: u64, denominator: u64) -> Self {
        let twice = u128::from(numerator) * 2000 + u128::from(denominator);
        let rounded = twice.checked_div(u128::from(denominator) * 2).map(|pm| u64::try_from(pm).unwrap_or(u64::MAX));
        // Never 100.0 % while a result is unpublished, nor 0.0 % once one is.
        let per_mille = rounded.map(|pm| match numerator {
            0 => pm,
            n if n < denominator => pm.clamp(1, 999),
            _ => pm.max(1),
        });
        Rate { numerator, denominator, per_mille }
    }
}

/// One line of the statistics form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatsRow {
    /// The drawing unit (`None` on category and total lines).
    pub unit: Option<Id>,
    /// The category (`None` on unit and total lines).
    pub category: Option<Category>,
    /// Random tasks in the plan (抽查计划数).
    pub planned: u64,
    /// Random tasks with at least one result recorded (已完成).
    pub completed: u64,
    /// Completed tasks with a result other than 未发现问题 (发现问题).
    pub problems: u64,
    /// Completed tasks with a penalty outcome (行政处罚).
    pub penalties: u64,
    /// Completed tasks with at least one result not withheld (已公开).
    pub published: u64,
    /// `published / completed` (公开率).
    pub publication_rate: Rate,
}

impl StatsRow {
    fn empty(unit: Option<Id>, category: Option<Category>) -> Self {
        StatsRow {
            unit,
            category,
            planned: 0,
            completed: 0,
            problems: 0,
            penalties: 0,
            published: 0,
            publication_rate: Rate::new(0, 0),
        }
    }

    fn add(&mut self, t: &TaskTally) {
        self.planned += 1;
        self.completed += u64::from(t.completed);
        self.problems += u64::from(t.problem);
        self.penalties += u64::from(t.penalty);
        self.published += u64::from(t.published);
        self.publication_rate = Rate::new(self.published, self.completed);
    }
}

/// The quarterly statistics form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterStats {
    /// The quarter.
    pub quarter: Quarter,
    /// One line per unit and category that has random tasks, sorted.
    pub by_unit_category: Vec<StatsRow>,
    /// One line per category (objects not in the registry are left out
    /// here, counted in units and total).
    pub by_category: Vec<StatsRow>,
    /// One line per unit.
    pub by_unit: Vec<StatsRow>,
    /// All random tasks.
    pub total: StatsRow,
    /// Results for objects with no random task in the plan (targeted
    /// visits, or errors): not counted above.
    pub not_counted: u64,
}

struct TaskTally {
    completed: bool,
    problem: bool,
    penalty: bool,
    published: bool,
}

/// The quarter's figures. Counted per **random task** of the plan (a task
/// with several results counts once): completed when any result is
/// recorded for its object within the quarter, a problem when any such
/// result's outcome is not the phrase for no problem (未发现问题), a
/// penalty when any is a penalty ([`Wordings::is_penalty`]), published when any is not
/// withheld. The category is the object's pollution-source category in
/// `registry`.
pub fn quarterly_stats(
    results: &[InspectionResult],
    plan: &QuarterPlan,
    registry: &Registry,
    wordings: &Wordings<'_>,
) -> QuarterStats {
    let (first, last) = (plan.quarter.first_day(), plan.quarter.last_day());
    let mut by_object: HashMap<&str, Vec<&InspectionResult>> = HashMap::new();
    for r in results.iter().filter(|r| r.date >= first && r.date <= last) {
        by_object.entry(r.object.as_str()).or_default().push(r);
    }
    let categories: HashMap<&str, Category> = registry.objects.iter().map(|o| (o.id.as_str(), o.category)).collect();
    let mut cells: BTreeMap<(Id, Option<Category>), StatsRow> = BTreeMap::new();
    let mut by_category: BTreeMap<Category, StatsRow> = BTreeMap::new();
    let mut by_unit: BTreeMap<Id, StatsRow> = BTreeMap::new();
    let mut total = StatsRow::empty(None, None);
    let mut random_objects: BTreeSet<&str> = BTreeSet::new();
    for task in plan.tasks.iter().filter(|t| t.is_random()) {
        random_objects.insert(task.object.as_str());
        let rs = by_object.get(task.object.as_str()).map(Vec::as_slice).unwrap_or_default();
        let tally = TaskTally {
            completed: !rs.is_empty(),
            problem: rs.iter().any(|r| !wordings.is_no_problem(&r.outcome)),
            penalty: rs.iter().any(|r| wordings.is_penalty(&r.outcome)),
            published: rs.iter().any(|r| r.confidential.is_none()),
        };
        let category = categories.get(task.object.as_str()).copied();
        cells
            .entry((task.unit.to_string(), category))
            .or_insert_with(|| StatsRow::empty(Some(task.unit.to_string()), category))
            .add(&tally);
        if let Some(c) = category {
            by_category.entry(c).or_insert_with(|| StatsRow::empty(None, Some(c))).add(&tally);
        }
        by_unit
            .entry(task.unit.to_string())
            .or_insert_with(|| StatsRow::empty(Some(task.unit.to_string()), None))
            .add(&tally);
        total.add(&tally);
    }
    let not_counted = results.iter().filter(|r| !random_objects.contains(r.object.as_str())).count() as u64;
    QuarterStats {
        quarter: plan.quarter,
        by_unit_category: cells.into_values().collect(),
        by_category: by_category.into_values().collect(),
        by_unit: by_unit.into_values().collect(),
        total,
        not_counted,
    }
}

/// The results as the public form of the statistics may count them, as
/// the disclosure shows them (`omit_withheld` as it was published): a
/// withheld result (依法不予公开) the disclosure lists with its marker keeps
/// only that it exists — its task is completed — and loses its outcome,
/// items and inspectors, so no count of problems, penalties, items or
/// inspectors can reveal what it found, even in a stratum of one; one the
/// disclosure leaves out is left out of every count too, so no count (an
/// object's inspections this year, a unit's completed tasks) shows what the
/// disclosure does not. Use the bureau's full results for its own (private)
/// form.
pub fn public_results(
    results: &[InspectionResult],
    wordings: &Wordings<'_>,
    omit_withheld: bool,
) -> Vec<InspectionResult> {
    let nothing = wordings.no_problem().unwrap_or_default();
    results
        .iter()
        .filter(|r| !(omit_withheld && r.confidential.is_some()))
        .map(|r| {
            if r.confidential.is_none() {
                return r.clone();
            }
            InspectionResult {
                outcome: nothing.clone(),
                items_checked: Vec::new(),
                findings: String::new(),
                penalty_decision: None,
                inspectors: Vec::new(),
                ..r.clone()
            }
        })
        .collect()
}

/// Yearly inspection counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct YearlyCounts {
    /// The year.
    pub year: i32,
    /// Inspections per object (被检查次数).
    pub per_object: BTreeMap<Id, u32>,
    /// Inspections per inspector (检查次数).
    pub per_inspector: BTreeMap<Id, u32>,
}

/// Counts the inspections of `year` from the `history` and the `results`.
/// A history entry and a result for the same object on the same date are
/// one inspection (its inspectors merged); two history entries for the same
/// object and date (e.g. two bureaus' joint visit) are likewise one. Both
/// random and targeted inspections count.
pub fn yearly_counts(year: i32, history: &[Inspection], results: &[InspectionResult]) -> YearlyCounts {
    let mut visits: BTreeMap<(&str, chrono::NaiveDate), BTreeSet<&str>> = BTreeMap::new();
    let entries = history
        .iter()
        .map(|h| (h.object.as_str(), h.date, &h.inspectors))
        .chain(results.iter().map(|r| (r.object.as_str(), r.date, &r.inspectors)));
    for (object, date, inspectors) in entries.filter(|(_, d, _)| d.year() == year) {
        visits.entry((object, date)).or_default().extend(inspectors.iter().map(String::as_str));
    }
    let mut counts = YearlyCounts { year, ..YearlyCounts::default() };
    for ((object, _), inspectors) in visits {
        *counts.per_object.entry(object.to_owned()).or_default() += 1;
        for i in inspectors {
            *counts.per_inspector.entry(i.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// Coverage of the check-item list over a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemCoverage {
    /// The year.
    pub year: i32,
    /// Each item of the list, in order, with the number of results that
    /// checked it.
    pub items: Vec<(String, u64)>,
    /// The items never checked this year, in list order.
    pub never_checked: Vec<String>,
    /// Items recorded that are not on the list, with their counts.
    pub other_items: BTreeMap<String, u64>,
}

impl ItemCoverage {
    /// Whether every listed item was checked at least once.
    pub fn is_complete(&self) -> bool {
        self.never_checked.is_empty()
    }
}

/// Which items of `list` (a policy's [`CheckItems::items`]) the `results`
/// of `year` checked (items compared exactly, after trimming spaces).
///
/// [`CheckItems::items`]: crate::rules::CheckItems::items
pub fn item_coverage(year: i32, list: &[String], results: &[InspectionResult]) -> ItemCoverage {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for r in results.iter().filter(|r| r.date.year() == year) {
        let unique: BTreeSet<&str> = r.items_checked.iter().map(|i| i.trim()).collect();
        for item in unique {
            *counts.entry(item).or_default() += 1;
        }
    }
    let items: Vec<(String, u64)> =
        list.iter().map(|i| (i.clone(), counts.get(i.as_str()).copied().unwrap_or(0))).collect();
    let never_checked = items.iter().filter(|(_, n)| *n == 0).map(|(i, _)| i.clone()).collect();
    let other_items = counts
        .into_iter()
        .filter(|(i, _)| !i.is_empty() && !list.iter().any(|l| l == i))
        .map(|(i, n)| (i.to_owned(), n))
        .collect();
    ItemCoverage { year, items, never_checked, other_items }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_a_thousandth() {
        assert_eq!(Rate::new(2, 3).per_mille, Some(667));
        assert_eq!(Rate::new(1, 3).per_mille, Some(333));
        assert_eq!(Rate::new(1, 16).per_mille, Some(63));
        assert_eq!(Rate::new(0, 7).per_mille, Some(0));
        assert_eq!(Rate::new(u64::MAX, u64::MAX).per_mille, Some(1000));
        assert_eq!(Rate::new(1999, 2000).per_mille, Some(999));
        assert_eq!(Rate::new(1, 3000).per_mille, Some(1));
        assert_eq!(Rate::new(11, 12).per_mille, Some(917));
        assert_eq!(Rate::new(1, 8).per_mille, Some(125));
        assert_eq!(Rate::new(0, 0).per_mille, None);
        assert_eq!(Rate::new(5, 5).per_mille, Some(1000));
    }
}
