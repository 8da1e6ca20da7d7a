//! The year's agenda: every duty the governing documents set on a
//! calendar — the next quarter's list, the monthly plan and its report,
//! the statistics form, the yearly summary — with its date, and whether a
//! year folder shows it done, due, overdue or still to come.
//!
//! The dates are the documents' own (their `[[duties]]`, computed under
//! the working-day calendar by [`duty_deadlines`]); a duty binds the
//! levels its document names. A duty is done when the folder shows it
//! ([`ShownBy`]: the next quarter's or month's plan made, the last month's
//! results all recorded) or when the bureau has recorded it done
//! ([`Filed::done`]); nothing else is guessed. Task deadlines (results
//! entered and published) are `publish::deadlines`'; the agenda lists, per
//! period of the year, whether its plan is filed.
//!
//! ```
//! use shuangsuiji::calendar::Calendar;
//! use shuangsuiji::publish::agenda::{agenda, Filed, State};
//! use shuangsuiji::rules;
//!
//! let policy = rules::preset("changji-county")?;
//! let documents = rules::policy_document_files(&policy);
//! let today = chrono::NaiveDate::from_ymd_opt(2023, 12, 1).unwrap();
//! let a = agenda(&policy, &documents, 2023, &Filed::default(), &Calendar::national()?, today)?;
//! let summary = a.items.iter().find(|i| i.what.contains("年度工作总结")).unwrap();
//! assert_eq!(summary.due.to_string(), "2023-11-30");
//! assert_eq!(summary.state, State::Overdue);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::deadline::DeadlineError;
use crate::calendar::Calendar;
use crate::model::Quarter;
use crate::rules::{Cadence, DocumentFile, Policy, ShownBy};

use super::deadlines::duty_deadlines;

/// What a year folder holds: the plans filed and the duties the bureau
/// recorded done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Filed {
    /// Each plan filed: a quarter's, or one month's.
    #[serde(default)]
    pub plans: Vec<FiledPlan>,
    /// Duties the bureau recorded done (the statistics form filed, the
    /// summary sent): what only its own records show.
    #[serde(default)]
    pub done: Vec<DoneRecord>,
}

/// One plan in the folder and how far its results are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FiledPlan {
    /// Its quarter.
    pub quarter: Quarter,
    /// Its month, for a plan of one month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Per month of its tasks: how many tasks, and how many have results.
    pub months: Vec<MonthTally>,
}

/// The tasks of one month and their results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthTally {
    /// The month, 1–12.
    pub month: u32,
    /// Tasks in it.
    pub tasks: u64,
    /// Of those, with results recorded.
    pub with_results: u64,
}

/// A duty the bureau recorded done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoneRecord {
    /// The duty, as the agenda names it.
    pub what: String,
    /// The due date of the instance done.
    pub due: NaiveDate,
    /// When it was done.
    pub done: NaiveDate,
}

/// Where a duty stands on the day asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Shown done by the folder or recorded done.
    Done,
    /// Past its date and not done.
    Overdue,
    /// Its window is open (or, with no window, its date is this month).
    Due,
    /// Later.
    Upcoming,
}

impl State {
    /// The Chinese word.
    pub fn zh(self) -> &'static str {
        match self {
            State::Done => "已完成",
            State::Overdue => "已逾期",
            State::Due => "当前应办",
            State::Upcoming => "待办",
        }
    }

    /// The English word.
    pub fn en(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Overdue => "overdue",
            State::Due => "due",
            State::Upcoming => "upcoming",
        }
    }
}

/// One instance of a duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgendaItem {
    /// What is due, in the document's words.
    pub what: String,
    /// First day of its window, when the document sets one.
    pub window_start: Option<NaiveDate>,
    /// Its last day (inclusive).
    pub due: NaiveDate,
    /// The document and clause.
    pub source: String,
    /// The same, cited the way a Chinese report cites it: 《title》clause.
    pub source_zh: String,
    /// The clause alone, for a page that names the document above.
    pub clause: String,
    /// Where it stands.
    pub state: State,
    /// What shows it done.
    pub evidence: Option<Evidence>,
}

/// What shows a duty done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Evidence {
    /// The next quarter's plan is filed.
    QuarterPlan {
        /// The quarter.
        quarter: Quarter,
    },
    /// A plan covering the month is filed.
    MonthPlan {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
    },
    /// Every task of the month has its result.
    MonthResults {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
        /// Its tasks, all with results.
        tasks: u64,
    },
    /// The bureau recorded it done.
    Recorded {
        /// On that day.
        done: NaiveDate,
    },
}

impl Evidence {
    /// In English.
    pub fn en(&self) -> String {
        match self {
            Evidence::QuarterPlan { quarter } => format!("{quarter} plan filed"),
            Evidence::MonthPlan { year, month } => format!("plan for {year}-{month:02} filed"),
            Evidence::MonthResults { year, month, tasks } => format!("results of {year}-{month:02}: all {tasks} tasks"),
            Evidence::Recorded { done } => format!("recorded done on {done}"),
        }
    }

    /// In Chinese.
    pub fn zh(&self) -> String {
        match self {
            Evidence::QuarterPlan { quarter } => format!("{quarter} 抽查计划已建"),
            Evidence::MonthPlan { year, month } => format!("{year} 年 {month} 月抽查计划已建"),
            Evidence::MonthResults { year, month, tasks } => {
                format!("{year} 年 {month} 月 {tasks} 项任务结果均已录入")
            }
            Evidence::Recorded { done } => format!("本局记录于 {done} 办结"),
        }
    }
}

/// Whether one period of the year has its plan filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodStatus {
    /// The period: `2023Q1`, or `2023-01` under a monthly cadence.
    pub period: String,
    /// Whether a plan covering it is filed.
    pub filed: bool,
}

/// The agenda of one bureau's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Agenda {
    /// The year.
    pub year: i32,
    /// The day it was judged on.
    pub today: NaiveDate,
    /// The policy.
    pub policy: String,
    /// The documents whose duties it lists, by short name.
    pub documents: Vec<String>,
    /// Their Chinese titles (《…》 not included), joined by 、.
    pub documents_zh: String,
    /// Every duty instance of the year, by date.
    pub items: Vec<AgendaItem>,
    /// Each period the policy draws in the year, and whether its plan is
    /// filed.
    pub periods: Vec<PeriodStatus>,
    /// Years the working-day calendar lacks (their windows are left out).
    pub missing_years: Vec<i32>,
}

/// The agenda of `policy`'s bureau for `year` under `documents` (the
/// policy's: [`crate::rules::policy_document_files`]), judged on `today`
/// against what `filed` holds.
///
/// # Errors
/// [`DeadlineError`] when a duty's date cannot be computed for a reason
/// other than a year the calendar lacks (those are listed instead).
pub fn agenda(
    policy: &Policy,
    documents: &[&DocumentFile],
    year: i32,
    filed: &Filed,
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<Agenda, DeadlineError> {
    let mut items = Vec::new();
    let mut missing_years = Vec::new();
    for duty in documents.iter().flat_map(|f| &f.duties).filter(|d| d.binds(policy.level)) {
        for quarter in (1..=4).filter_map(|q| Quarter::new(year, q).ok()) {
            let instances = match duty_deadlines(calendar, duty, quarter) {
                Ok(list) => list,
                Err(DeadlineError::Calendar(crate::calendar::CalendarError::UnknownYear { year })) => {
                    missing_years.push(year);
                    continue;
                }
                Err(e) => return Err(e),
            };
            for d in instances {
                let evidence =
                    duty.shown_by.and_then(|s| shown(s, d.due, filed)).or_else(|| recorded(&d.what, d.due, filed));
                let state = state(evidence.is_some(), d.window_start, d.due, today);
                items.push(AgendaItem {
                    what: d.what,
                    window_start: d.window_start,
                    due: d.due,
                    source: d.source,
                    source_zh: duty.source.cite_zh(),
                    clause: duty.source.clause.clone(),
                    state,
                    evidence,
                });
            }
        }
    }
    items.sort_by(|a, b| (a.due, &a.what).cmp(&(b.due, &b.what)));
    missing_years.sort_unstable();
    missing_years.dedup();
    Ok(Agenda {
        year,
        today,
        policy: policy.id.clone(),
        documents: documents.iter().map(|f| f.document.short.clone()).collect(),
        documents_zh: documents.iter().map(|f| f.document.title.as_str()).collect::<Vec<_>>().join("、"),
        items,
        periods: periods(policy, year, filed),
        missing_years,
    })
}

fn state(done: bool, window_start: Option<NaiveDate>, due: NaiveDate, today: NaiveDate) -> State {
    let opens = window_start.unwrap_or_else(|| due.with_day(1).unwrap_or(due));
    if done {
        State::Done
    } else if today > due {
        State::Overdue
    } else if today >= opens {
        State::Due
    } else {
        State::Upcoming
    }
}

/// The plan or results in `filed` that show a duty due on `due` done.
fn shown(by: ShownBy, due: NaiveDate, filed: &Filed) -> Option<Evidence> {
    let (year, month) = (due.year(), due.month());
    match by {
        ShownBy::NextQuarterPlan => {
            let next = Quarter::containing(due).next();
            filed.plans.iter().any(|p| p.quarter == next).then_some(Evidence::QuarterPlan { quarter: next })
        }
        ShownBy::NextMonthPlan => {
            let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            covers(filed, y, m).then_some(Evidence::MonthPlan { year: y, month: m })
        }
        ShownBy::LastMonthResults => {
            let (y, m) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
            let tallies: Vec<&MonthTally> = filed
                .plans
                .iter()
                .filter(|p| p.quarter.year() == y)
                .flat_map(|p| &p.months)
                .filter(|t| t.month == m)
                .collect();
            let (tasks, with) = tallies.iter().fold((0, 0), |(a, b), t| (a + t.tasks, b + t.with_results));
            (!tallies.is_empty() && with >= tasks).then_some(Evidence::MonthResults { year: y, month: m, tasks })
        }
    }
}

/// Whether a filed plan covers month `m` of `year`: that month's own, or
/// its quarter's.
fn covers(filed: &Filed, year: i32, m: u32) -> bool {
    filed
        .plans
        .iter()
        .any(|p| p.quarter.year() == year && p.quarter.months().contains(&m) && p.month.is_none_or(|pm| pm == m))
}

/// The bureau's record of an instance done: the same due date, and the
/// duty's words (the levels the agenda adds after them may be left out).
fn recorded(what: &str, due: NaiveDate, filed: &Filed) -> Option<Evidence> {
    filed
        .done
        .iter()
        .find(|d| d.due == due && !d.what.trim().is_empty() && what.starts_with(d.what.trim()))
        .map(|d| Evidence::Recorded { done: d.done })
}

/// Each period the policy draws in `year` (months under a monthly
/// cadence, else quarters), those it covers only.
fn periods(policy: &Policy, year: i32, filed: &Filed) -> Vec<PeriodStatus> {
    let quarters = (1..=4).filter_map(|q| Quarter::new(year, q).ok()).filter(|q| policy.check_validity(*q).is_ok());
    let mut out = Vec::new();
    for q in quarters {
        if policy.cadence == Cadence::Monthly {
            out.extend(
                q.months()
                    .iter()
                    .map(|m| PeriodStatus { period: format!("{year}-{m:02}"), filed: covers(filed, year, *m) }),
            );
        } else {
            out.push(PeriodStatus { period: q.to_string(), filed: filed.plans.iter().any(|p| p.quarter == q) });
        }
    }
    out
}

/// When a period's list (its commitment) is to be fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ListWindow {
    /// The first day, where the document opens a window.
    pub from: Option<NaiveDate>,
    /// The last day.
    pub by: NaiveDate,
    /// The document and clause, or the reading taken where none sets it.
    pub source: String,
}

impl ListWindow {
    /// Whether `date` lies in the window.
    pub fn holds(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|from| date >= from) && date <= self.by
    }
}

/// The reading where no document sets a day: a period's list is fixed
/// before the period begins, so that none of its tasks is already past.
pub const BEFORE_THE_PERIOD: &str = "before the period begins (no document sets a day; docs/draw-protocol.md §4)";

/// The window in which the list of `quarter` (or of its `month`) is to be
/// fixed under `policy` and its `documents`, in this order:
///
/// 1. a monthly draw: a duty shown by the next month's plan (Wangcheng's
///    plan by the 27th, 003 四（一）2) — its instance in the month before;
/// 2. a quarter's: a duty shown by the next quarter's plan (Hi-tech's last
///    five working days, 004 二（四）; Fengdu's last week, 001 §六) — its
///    instance in the quarter before;
/// 3. the policy's draw window (Guangzhou: within the first 15 days): from
///    a month before the period to the window's last day (the 15th);
/// 4. otherwise, by the day before the period begins ([`BEFORE_THE_PERIOD`]).
///
/// A working-day window in a year the calendar lacks falls to the next
/// rule, and the window's `source` says so.
///
/// # Errors
/// [`DeadlineError`] for a month that is not one.
pub fn list_window(
    policy: &Policy,
    documents: &[&DocumentFile],
    calendar: &Calendar,
    quarter: Quarter,
    month: Option<u32>,
) -> Result<ListWindow, DeadlineError> {
    let first_day = match month {
        Some(m) => NaiveDate::from_ymd_opt(quarter.year(), m, 1),
        None => Some(quarter.first_day()),
    }
    .ok_or(DeadlineError::InvalidMonth { year: quarter.year(), month: month.unwrap_or(0) })?;
    let day_before = first_day.pred_opt().unwrap_or(first_day);
    let shown = |by: ShownBy| {
        documents.iter().flat_map(|f| &f.duties).find(|d| d.binds(policy.level) && d.shown_by == Some(by))
    };
    let before = Quarter::containing(day_before);
    let instance = match month {
        Some(_) => shown(ShownBy::NextMonthPlan).map(|d| (d, before)),
        None => shown(ShownBy::NextQuarterPlan).map(|d| (d, before)),
    };
    // A working-day window in a year the calendar lacks cannot be computed:
    // the next rule applies, and the window says why.
    let mut lacking = String::new();
    if let Some((duty, q)) = instance {
        // The instance due in the month (or quarter) before the period.
        let due_before = |d: &crate::calendar::deadline::Deadline| match month {
            Some(_) => (d.due.year(), d.due.month()) == (day_before.year(), day_before.month()),
            None => Quarter::containing(d.due) == q,
        };
        match duty_deadlines(calendar, duty, q) {
            Ok(list) => {
                if let Some(d) = list.into_iter().find(due_before) {
                    return Ok(ListWindow { from: d.window_start, by: d.due, source: d.source });
                }
            }
            Err(DeadlineError::Calendar(crate::calendar::CalendarError::UnknownYear { year })) => {
                lacking = format!("; {} could not be applied: the working-day calendar lacks {year}", duty.source);
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(window) = &policy.draw_window {
        let from = first_day.checked_sub_months(chrono::Months::new(1)).unwrap_or(first_day);
        let source = format!("{}{lacking}", window.source);
        return Ok(ListWindow { from: Some(from), by: window.deadline(first_day), source });
    }
    Ok(ListWindow { from: None, by: day_before, source: format!("{BEFORE_THE_PERIOD}{lacking}") })
}
