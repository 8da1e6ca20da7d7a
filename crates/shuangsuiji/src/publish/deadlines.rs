//! Each task's deadlines — results entered, results published, penalty
//! decisions published — and what is overdue on a given day.
//!
//! A task with no recorded visit is dated from the end of its planned month
//! (the deadlines are then estimates, marked as such). The answer is task
//! by task: a task whose dates fall in a year the working-day calendar does
//! not know yet gets no dates, names the year, and the rest are answered.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::deadline::{self, Deadline, DeadlineError, Overdue};
use crate::calendar::{Calendar, CalendarError};
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
    /// the planned month when no visit is recorded yet); `None` when the
    /// calendar lacks the year (`needs_calendar`).
    pub enter_results: Option<Deadline>,
    /// Results published within 20 working days of completion (from the
    /// end of the planned month when no visit is recorded yet); `None` when
    /// the calendar lacks the year.
    pub publish_results: Option<Deadline>,
    /// Whether the two deadlines above are estimates from the planned month.
    pub estimated: bool,
    /// Penalty decisions to publish within 7 working days, with their numbers.
    pub penalty_decisions: Vec<(String, Deadline)>,
    /// The year whose holiday schedule these dates need and the calendar
    /// lacks, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_calendar: Option<i32>,
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
    /// Overdue on `today` (among the tasks the calendar could date).
    pub overdue: Vec<Overdue>,
    /// Years some task needs that the calendar lacks: add each from the
    /// State Council's notice (国务院办公厅关于…部分节假日安排的通知) as a
    /// year file (`docs/calendar.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_years: Vec<i32>,
}

/// Runs one calendar computation; an unknown year becomes `Ok(None)` and is
/// remembered.
fn dated<T>(
    missing: &mut Option<i32>,
    f: impl FnOnce() -> Result<T, DeadlineError>,
) -> Result<Option<T>, DeadlineError> {
    match f() {
        Ok(v) => Ok(Some(v)),
        Err(DeadlineError::Calendar(CalendarError::UnknownYear { year })) => {
            missing.get_or_insert(year);
            Ok(None)
        }
        Err(e) => Err(e),
    }
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
/// [`DeadlineError`] when a task's month is not a month (an unknown year is
/// not an error: the tasks that need it say so).
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
        let mut missing = None;
        let enter = dated(&mut missing, || deadline::enter_results(calendar, base))?;
        let publish = dated(&mut missing, || deadline::publish_results(calendar, base))?;
        let mut penalties = Vec::new();
        for r in rs.iter().filter(|r| r.outcome.is_penalty()) {
            if let Some(d) = &r.penalty_decision {
                let Some(dl) = dated(&mut missing, || deadline::publish_penalty_decision(calendar, d.date))? else {
                    continue;
                };
                items.push((
                    format!("{}: penalty decision {} published", t.object, d.number),
                    dl,
                    published.get(&d.number).copied(),
                ));
                penalties.push((d.number.clone(), dl));
            }
        }
        if let (None, Some(enter)) = (visited, enter) {
            items.push((format!("{}: results recorded", t.object), enter, None));
        }
        if let Some(publish) = publish {
            items.push((format!("{}: results published", t.object), publish, published.get(&t.object).copied()));
        }
        tasks.push(TaskDeadlines {
            unit: t.unit.to_string(),
            object: t.object.clone(),
            month: t.month,
            visited,
            enter_results: enter,
            publish_results: publish,
            estimated: visited.is_none(),
            penalty_decisions: penalties,
            needs_calendar: missing,
        });
    }
    let mut missing_years: Vec<i32> = tasks.iter().filter_map(|t| t.needs_calendar).collect();
    missing_years.sort_unstable();
    missing_years.dedup();
    Ok(DeadlinesReport {
        today,
        quarterly_statistics: deadline::quarterly_statistics(plan.quarter)?,
        tasks,
        overdue: deadline::overdue(&items, today),
        missing_years,
    })
}
