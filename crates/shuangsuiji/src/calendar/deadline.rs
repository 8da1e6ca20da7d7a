//! Deadline arithmetic under the working-day calendar, for the deadlines
//! and duties the documents set (their data: `rules::DeadlineRule`,
//! `rules::DutyRule`; joined to a plan by `publish::deadlines`).
//!
//! A [`Deadline`] says what is due, the last allowed day (`due`,
//! inclusive), the first allowed day when there is a window
//! (`window_start`), and the document and clause it comes from (`source`).
//!
//! Counting conventions (see `docs/calendar.md`):
//! - "within N working days after X" (X后N个工作日内 / 自X之日起N个工作日内):
//!   the day of X is not counted (the general rule for periods in Chinese law:
//!   开始的当日不计入); `due` is the N-th working day after X under the
//!   [`Calendar`]. A date in a year the calendar does not know is an error.
//! - "by the Dth" (D日前) is read as "on or before the Dth".
//! - Calendar-day deadlines keep their calendar date even when it falls on a
//!   weekend or holiday; [`Deadline::due_is_working_day`] lets a caller flag
//!   those.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::working_days::{Calendar, CalendarError};
use crate::model::Quarter;

/// A computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Deadline {
    /// What is due, in the document's words.
    pub what: String,
    /// First allowed day, when the document sets a window.
    pub window_start: Option<NaiveDate>,
    /// Last allowed day (inclusive).
    pub due: NaiveDate,
    /// Source document and clause, e.g. "Fengdu 2024 §五（三）".
    pub source: String,
}

impl Deadline {
    /// Whether `due` is a working day. Always true for working-day
    /// deadlines; a calendar-date deadline may fall on a weekend or holiday,
    /// in which case the date is kept as the documents state it.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when the calendar does not know the
    /// year of `due`.
    pub fn due_is_working_day(&self, calendar: &Calendar) -> Result<bool, CalendarError> {
        calendar.is_working_day(self.due)
    }
}

/// Errors from computing a deadline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// The working-day calendar could not answer (unknown year, …).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A month outside 1–12, or a date that does not exist.
    #[error("{year}-{month} is not a valid month")]
    InvalidMonth {
        /// The year given.
        year: i32,
        /// The month given.
        month: u32,
    },
    /// A quarter with no working day at all (only possible with a user file).
    #[error("{quarter} has no working day in the calendar")]
    NoWorkingDay {
        /// The quarter, e.g. "2027Q1".
        quarter: String,
    },
    /// Date arithmetic left chrono's representable range.
    #[error("date arithmetic left the representable range")]
    DateOutOfRange,
}

/// The day `day` of a month.
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] when the month has no such day.
pub fn day_of(year: i32, month: u32, day: u32) -> Result<NaiveDate, DeadlineError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DeadlineError::InvalidMonth { year, month })
}

/// The last day of "within `n` working days after `event`": the n-th
/// working day after it, the day itself not counted.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the count reaches a year the calendar
/// does not know.
pub fn working_days_after(calendar: &Calendar, event: NaiveDate, n: u32) -> Result<NaiveDate, DeadlineError> {
    Ok(calendar.add_working_days(event, n)?)
}

/// The first and the last of the last `n` working days of `quarter`.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the calendar does not know the
/// quarter's year; [`DeadlineError::NoWorkingDay`] for a quarter a user
/// file marks off entirely.
pub fn last_working_days(
    calendar: &Calendar,
    quarter: Quarter,
    n: usize,
) -> Result<(NaiveDate, NaiveDate), DeadlineError> {
    let days = calendar.last_working_days_of(quarter.first_day()..=quarter.last_day(), n)?;
    match (days.first(), days.last()) {
        (Some(&first), Some(&last)) => Ok((first, last)),
        _ => Err(DeadlineError::NoWorkingDay { quarter: quarter.to_string() }),
    }
}

/// The first and the last of the first `n` calendar days of `quarter`, its
/// first day included.
///
/// # Errors
/// [`DeadlineError::DateOutOfRange`] only at chrono's limits.
pub fn first_days(quarter: Quarter, n: u32) -> Result<(NaiveDate, NaiveDate), DeadlineError> {
    let first = quarter.first_day();
    let last =
        first.checked_add_days(Days::new(u64::from(n.saturating_sub(1)))).ok_or(DeadlineError::DateOutOfRange)?;
    Ok((first, last))
}

/// The first and the last of the last `n` calendar days of `quarter`, its
/// last day included.
///
/// # Errors
/// [`DeadlineError::DateOutOfRange`] only at chrono's limits.
pub fn last_days(quarter: Quarter, n: u32) -> Result<(NaiveDate, NaiveDate), DeadlineError> {
    let last = quarter.last_day();
    let first =
        last.checked_sub_days(Days::new(u64::from(n.saturating_sub(1)))).ok_or(DeadlineError::DateOutOfRange)?;
    Ok((first, last))
}

/// An item that is overdue on a given date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overdue {
    /// The caller's name for the item.
    pub name: String,
    /// Its deadline.
    pub deadline: Deadline,
    /// When it was done, if it was done late (on or before the query date).
    pub done: Option<NaiveDate>,
    /// Calendar days past `due`: to the completion date when done late,
    /// otherwise to the query date.
    pub days_late: i64,
}

/// The items that are overdue on `today`: not done by their due date, and
/// either still open on `today` (due before `today`) or done late. A
/// completion date after `today` is ignored (on `today` the item was still
/// open). An item due on `today` is not yet overdue. Doing an item before its
/// `window_start` is not reported here. Sorted by due date, then name.
pub fn overdue(items: &[(String, Deadline, Option<NaiveDate>)], today: NaiveDate) -> Vec<Overdue> {
    let mut out: Vec<Overdue> = items
        .iter()
        .filter_map(|(name, deadline, done)| {
            let done = done.filter(|d| *d <= today);
            let late_until = match done {
                Some(d) if d <= deadline.due => return None,
                Some(d) => d,
                None if today <= deadline.due => return None,
                None => today,
            };
            Some(Overdue {
                name: name.clone(),
                deadline: deadline.clone(),
                done,
                days_late: (late_until - deadline.due).num_days(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.deadline.due.cmp(&b.deadline.due).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn working_day_deadlines_cross_holidays() {
        let cal = Calendar::national().unwrap();
        // 2024-02-08 (Thu): 02-09 Fri, then 春节 02-10..17, 02-18 调休 Sunday.
        assert_eq!(working_days_after(&cal, d(2024, 2, 8), 7).unwrap(), d(2024, 2, 23));
        assert_eq!(working_days_after(&cal, d(2023, 9, 20), 20).unwrap(), d(2023, 10, 24));
    }

    #[test]
    fn quarter_windows() {
        let cal = Calendar::national().unwrap();
        let q3 = Quarter::new(2023, 3).unwrap();
        assert_eq!(last_working_days(&cal, q3, 5).unwrap(), (d(2023, 9, 22), d(2023, 9, 28)));
        assert_eq!(last_days(q3, 7).unwrap(), (d(2023, 9, 24), d(2023, 9, 30)));
        assert_eq!(first_days(q3, 15).unwrap(), (d(2023, 7, 1), d(2023, 7, 15)));
        assert_eq!(last_days(Quarter::new(2024, 1).unwrap(), 5).unwrap(), (d(2024, 3, 27), d(2024, 3, 31)));
        assert!(day_of(2024, 13, 1).is_err());
    }

    #[test]
    fn overdue_rules() {
        let dl = Deadline { what: "summary".into(), window_start: None, due: d(2020, 10, 5), source: "x".into() };
        let items = vec![
            ("open".to_owned(), dl.clone(), None),
            ("on time".to_owned(), dl.clone(), Some(d(2020, 10, 5))),
            ("late".to_owned(), dl.clone(), Some(d(2020, 10, 7))),
            ("future done".to_owned(), dl, Some(d(2020, 10, 20))),
        ];
        assert!(overdue(&items, d(2020, 10, 5)).is_empty());
        let o = overdue(&items, d(2020, 10, 10));
        let names: Vec<_> = o.iter().map(|x| (x.name.as_str(), x.days_late)).collect();
        assert_eq!(names, vec![("future done", 5), ("late", 2), ("open", 5)]);
    }
}
