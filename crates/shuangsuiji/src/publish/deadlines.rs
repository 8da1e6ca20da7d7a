//! Each task's deadlines — results entered, results published, penalty
//! decisions published — and what is overdue on a given day.
//!
//! A task with no recorded visit is dated from the end of its planned month
//! (the deadlines are then estimates, marked as such).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::deadline::{self, Deadline, DeadlineError, Overdue};
use crate::calendar::Calendar;
use crate::plan::QuarterPlan;

use super::results::InspectionResult;

/// One task's deadlines.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDeadlines {
    /// The drawing unit.
    pub unit: String,
    /// The object.
    pub object: String,
    /// The planned month.
    pub month: u32,
    /// Date of the (latest) recorded visit, if any.
    pub visited: Option<NaiveDate>,
    /// Results entered within 7 working days of the visit (from the end of
    /// the planned month when no visit is recorded yet).
    pub enter_results: Deadline,
    /// Results published within 20 working days of completion (from the
    /// end of the planned month when no visit is recorded yet).
    pub publish_results: Deadline,
    /// Whether the two deadlines above are estimates from the planned month.
    pub estimated: bool,
    /// Penalty decisions to publish within 7 working days, with their numbers.
    pub penalty_decisions: Vec<(String, Deadline)>,
}

/// A plan's deadlines on a given day.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlinesReport {
    /// The date judged on.
    pub today: NaiveDate,
    /// The quarterly statistics form (Changji 2023 §七（四）).
    pub quarterly_statistics: Deadline,
    /// Per task.
    pub tasks: Vec<TaskDeadlines>,
    /// Overdue on `today`.
    pub overdue: Vec<Overdue>,
}

fn month_end(year: i32, month: u32) -> Result<NaiveDate, DeadlineError> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).ok_or(DeadlineError::InvalidMonth { year, month })
}

/// Computes every task's deadlines and the overdue list. `published` maps
/// an object id (its results) or a decision number (a penalty) to the date
/// it was published.
///
/// # Errors
/// [`DeadlineError`] when the calendar does not know a year reached, or a
/// task's month is not a month.
pub fn deadlines_report(
    plan: &QuarterPlan,
    results: &[InspectionResult],
    published: &BTreeMap<String, NaiveDate>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<DeadlinesReport, DeadlineError> {
    let mut by_object: HashMap<&str, Vec<&InspectionResult>> = HashMap::new();
    for r in results {
        by_object.entry(r.object.as_str()).or_default().push(r);
    }
    let mut tasks = Vec::new();
    let mut items: Vec<(String, Deadline, Option<NaiveDate>)> = Vec::new();
    for t in &plan.tasks {
        let rs = by_object.get(t.object.as_str()).map(Vec::as_slice).unwrap_or_default();
        let visited = rs.iter().map(|r| r.date).max();
        let base = match visited {
            Some(d) => d,
            None => month_end(plan.quarter.year(), t.month)?,
        };
        let enter = deadline::enter_results(calendar, base)?;
        let publish = deadline::publish_results(calendar, base)?;
        let mut penalties = Vec::new();
        for r in rs.iter().filter(|r| r.outcome.is_penalty()) {
            if let Some(d) = &r.penalty_decision {
                let dl = deadline::publish_penalty_decision(calendar, d.date)?;
                items.push((
                    format!("{}: penalty decision {} published", t.object, d.number),
                    dl,
                    published.get(&d.number).copied(),
                ));
                penalties.push((d.number.clone(), dl));
            }
        }
        if visited.is_none() {
            items.push((format!("{}: results recorded", t.object), enter, None));
        }
        items.push((format!("{}: results published", t.object), publish, published.get(&t.object).copied()));
        tasks.push(TaskDeadlines {
            unit: t.unit.clone(),
            object: t.object.clone(),
            month: t.month,
            visited,
            enter_results: enter,
            publish_results: publish,
            estimated: visited.is_none(),
            penalty_decisions: penalties,
        });
    }
    Ok(DeadlinesReport {
        today,
        quarterly_statistics: deadline::quarterly_statistics(plan.quarter)?,
        tasks,
        overdue: deadline::overdue(&items, today),
    })
}
