//! Each task's deadlines — results entered, results published, penalty
//! decisions published — the quarter's duties, and what is overdue on a
//! given day, all as the plan's own documents set them.
//!
//! A plan is bound by the documents its numbers cite ([`plan_documents`]);
//! their files hold the deadlines and duties ([`DocumentFile::deadlines`],
//! [`DocumentFile::duties`]). Where none of them sets a deadline for an
//! event, the report says so ([`DeadlinesReport::not_set`]) and shows no
//! date: another document's clause is never borrowed.
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
use crate::model::Quarter;
use crate::plan::QuarterPlan;
use crate::rules::{DeadlineRule, DocumentFile, DutyRule, Event, When};

use super::results::{InspectionResult, Wordings};

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
    /// Results entered, counted from the visit (from the end of the planned
    /// month when no visit is recorded yet); `None` when no document of the
    /// plan sets it, or the calendar lacks the year (`needs_calendar`).
    pub enter_results: Option<Deadline>,
    /// Results published, counted from completion (likewise).
    pub publish_results: Option<Deadline>,
    /// Whether the two deadlines above are estimates from the planned month.
    pub estimated: bool,
    /// Penalty decisions to publish, with their numbers.
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
    /// The documents whose deadlines and duties bind the plan, by short name.
    pub documents: Vec<String>,
    /// Events none of those documents sets a deadline for: no date is shown
    /// for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_set: Vec<Event>,
    /// The duties that fall in the plan's quarter (the statistics form, the
    /// next quarter's list, monthly reports, a yearly summary), by due date.
    pub duties: Vec<Deadline>,
    /// Per task.
    pub tasks: Vec<TaskDeadlines>,
    /// Overdue on `today` (among the tasks the calendar could date).
    pub overdue: Vec<Overdue>,
    /// Years some task or duty needs that the calendar lacks: add each from
    /// the State Council's notice (国务院办公厅关于…部分节假日安排的通知) as a
    /// year file (`docs/calendar.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_years: Vec<i32>,
}

/// The documents a plan's numbers cite, by short name, in the order first
/// cited.
pub fn plan_documents(plan: &QuarterPlan) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for demand in plan.strata.iter().flat_map(|s| &s.demands) {
        if !names.contains(&demand.source.document) {
            names.push(demand.source.document.clone());
        }
    }
    names
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

/// The documents' rules for an event (a document sets at most one; two
/// documents may each set one, and the one due first binds).
fn rule_for<'d>(documents: &[&'d DocumentFile], event: Event) -> Vec<&'d DeadlineRule> {
    documents.iter().flat_map(|f| &f.deadlines).filter(|r| r.after == event).collect()
}

/// The deadline counted from `day` under `rules`, the one due first where
/// there are several (a bureau bound by both meets both); `None` when no
/// rule sets one.
fn first_deadline(
    calendar: &Calendar,
    rules: &[&DeadlineRule],
    day: NaiveDate,
) -> Result<Option<Deadline>, DeadlineError> {
    let mut first: Option<Deadline> = None;
    for rule in rules {
        let deadline = event_deadline(calendar, rule, day)?;
        if first.as_ref().is_none_or(|f| deadline.due < f.due) {
            first = Some(deadline);
        }
    }
    Ok(first)
}

/// A document's deadline counted from an event on `day`: the window runs
/// from `day` to the rule's last working day.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the count reaches a year the calendar
/// does not know.
pub fn event_deadline(calendar: &Calendar, rule: &DeadlineRule, day: NaiveDate) -> Result<Deadline, DeadlineError> {
    let due = deadline::working_days_after(calendar, day, rule.working_days)?;
    Ok(Deadline { what: rule.what.clone(), window_start: Some(day), due, source: rule.source.to_string() })
}

/// The instances of a document's duty that fall in `quarter`: one a
/// quarter for a quarter's window, three for a monthly duty, one or none
/// for a yearly one. A duty bound to some levels names them after `what`.
///
/// # Errors
/// [`DeadlineError::Calendar`] when a working-day window lies in a year
/// the calendar does not know.
pub fn duty_deadlines(calendar: &Calendar, duty: &DutyRule, quarter: Quarter) -> Result<Vec<Deadline>, DeadlineError> {
    let mut what = duty.what.clone();
    if !duty.levels.is_empty() {
        let levels: Vec<&str> = duty.levels.iter().map(|l| l.zh()).collect();
        what.push_str(&format!("（{}）", levels.join("、")));
    }
    let at = |window_start: Option<NaiveDate>, due: NaiveDate| Deadline {
        what: what.clone(),
        window_start,
        due,
        source: duty.source.to_string(),
    };
    let year = quarter.year();
    Ok(match duty.when {
        When::LastWorkingDaysOfQuarter { working_days } => {
            let n = usize::try_from(working_days).unwrap_or(usize::MAX);
            let (first, last) = deadline::last_working_days(calendar, quarter, n)?;
            vec![at(Some(first), last)]
        }
        When::LastDaysOfQuarter { days } => {
            let (first, last) = deadline::last_days(quarter, days)?;
            vec![at(Some(first), last)]
        }
        When::FirstDaysOfQuarter { days } => {
            let (first, last) = deadline::first_days(quarter, days)?;
            vec![at(Some(first), last)]
        }
        When::EachMonthBy { day } => quarter
            .months()
            .iter()
            .map(|m| deadline::day_of(year, *m, day).map(|d| at(None, d)))
            .collect::<Result<_, _>>()?,
        When::EachYearBy { month, day } => {
            let due = deadline::day_of(year, month, day)?;
            if Quarter::containing(due) == quarter {
                vec![at(None, due)]
            } else {
                Vec::new()
            }
        }
    })
}

/// Computes every task's deadlines, the quarter's duties and the overdue
/// list under `documents` (the plan's: see [`plan_documents`]).
/// `published` maps an object id (its results) or a decision number (a
/// penalty) to the date it was published.
///
/// # Errors
/// [`DeadlineError`] when a task's month is not a month (an unknown year is
/// not an error: the tasks that need it say so).
pub fn deadlines_report(
    plan: &QuarterPlan,
    documents: &[&DocumentFile],
    results: &[InspectionResult],
    published: &BTreeMap<String, NaiveDate>,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<DeadlinesReport, DeadlineError> {
    let enter_rules = rule_for(documents, Event::Visit);
    let publish_rules = rule_for(documents, Event::TaskCompleted);
    let penalty_rules = rule_for(documents, Event::PenaltyDecision);
    let wordings = Wordings::of(documents);
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
        let enter = dated(&mut missing, || first_deadline(calendar, &enter_rules, base))?.flatten();
        let publish = dated(&mut missing, || first_deadline(calendar, &publish_rules, base))?.flatten();
        let mut penalties = Vec::new();
        for r in rs.iter().filter(|r| wordings.is_penalty(&r.outcome)) {
            if let Some(d) = &r.penalty_decision {
                let Some(dl) = dated(&mut missing, || first_deadline(calendar, &penalty_rules, d.date))?.flatten()
                else {
                    continue;
                };
                items.push((
                    format!("{}: penalty decision {} published", t.object, d.number),
                    dl.clone(),
                    published.get(&d.number).copied(),
                ));
                penalties.push((d.number.clone(), dl));
            }
        }
        if let (None, Some(enter)) = (visited, &enter) {
            items.push((format!("{}: results recorded", t.object), enter.clone(), None));
        }
        if let Some(publish) = &publish {
            items.push((
                format!("{}: results published", t.object),
                publish.clone(),
                published.get(&t.object).copied(),
            ));
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
    let mut duties = Vec::new();
    let mut duty_missing = None;
    for duty in documents.iter().flat_map(|f| &f.duties) {
        if let Some(mut instances) = dated(&mut duty_missing, || duty_deadlines(calendar, duty, plan.quarter))? {
            duties.append(&mut instances);
        }
    }
    duties.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.what.cmp(&b.what)));
    let mut missing_years: Vec<i32> = tasks.iter().filter_map(|t| t.needs_calendar).chain(duty_missing).collect();
    missing_years.sort_unstable();
    missing_years.dedup();
    let not_set = [
        (Event::Visit, &enter_rules),
        (Event::TaskCompleted, &publish_rules),
        (Event::PenaltyDecision, &penalty_rules),
    ]
    .into_iter()
    .filter(|(_, rules)| rules.is_empty())
    .map(|(event, _)| event)
    .collect();
    Ok(DeadlinesReport {
        today,
        documents: documents.iter().map(|f| f.document.short.clone()).collect(),
        not_set,
        duties,
        tasks,
        overdue: deadline::overdue(&items, today),
        missing_years,
    })
}
