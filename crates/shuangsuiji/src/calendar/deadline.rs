//! Deadlines set by the five source documents (rules-from-sources §4).
//!
//! Each [`Deadline`] names its [`DeadlineKind`], the last allowed day
//! (`due`, inclusive), the first allowed day when the document sets a window
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

/// What a deadline is for, with the clause that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DeadlineKind {
    /// Enter the results into the information library within 7 working days
    /// after the on-site inspection (Fengdu 2024 §五（三）).
    EnterResults,
    /// Publish the results within 20 working days after the random-inspection
    /// task is completed (Changji 2023 §六, Fengdu 2024 §三（六） and §六,
    /// Changji Hi-tech Zone 二（五）).
    PublishResults,
    /// Publish an administrative-penalty decision within 7 working days of
    /// the decision (Wangcheng 2021 四（四）12(2)).
    PublishPenaltyDecision,
    /// Fix next quarter's objects and numbers within the last 5 working days
    /// of the quarter (Changji Hi-tech Zone 二（四）).
    NextQuarterListLastFiveWorkingDays,
    /// Fix next quarter's list in the last week of the quarter (Fengdu 2024
    /// §六), read as the last 7 calendar days.
    NextQuarterListLastWeek,
    /// File the quarterly statistics form within the 5 days before quarter
    /// end (Changji 2023 §七（四）), read as calendar days.
    QuarterlyStatistics,
    /// County / park yearly summary by 30 November (Changji 2023 §七（四）).
    YearlySummaryCountyPark,
    /// Prefecture yearly summary to the region by 5 December (Changji 2023
    /// §七（四）).
    YearlySummaryPrefecture,
    /// Next month's inspection plan by the 27th (Wangcheng 2021 四（一）2).
    WangchengMonthlyPlan,
    /// Last month's plan-completion report by the 4th (Wangcheng 2021
    /// 四（一）2).
    WangchengMonthlyCompletion,
    /// Positive-list monthly report by the 25th, from March (Zhongwei 2020
    /// 四（四）).
    ZhongweiMonthlyReport,
    /// Positive-list summary by 5 October (Zhongwei 2020 四（四）).
    ZhongweiSummary,
}

impl DeadlineKind {
    /// Every kind, in declaration order.
    pub const ALL: [DeadlineKind; 12] = [
        DeadlineKind::EnterResults,
        DeadlineKind::PublishResults,
        DeadlineKind::PublishPenaltyDecision,
        DeadlineKind::NextQuarterListLastFiveWorkingDays,
        DeadlineKind::NextQuarterListLastWeek,
        DeadlineKind::QuarterlyStatistics,
        DeadlineKind::YearlySummaryCountyPark,
        DeadlineKind::YearlySummaryPrefecture,
        DeadlineKind::WangchengMonthlyPlan,
        DeadlineKind::WangchengMonthlyCompletion,
        DeadlineKind::ZhongweiMonthlyReport,
        DeadlineKind::ZhongweiSummary,
    ];

    /// The source document and clause.
    pub fn source(self) -> &'static str {
        match self {
            DeadlineKind::EnterResults => "Fengdu 2024 §五（三）",
            DeadlineKind::PublishResults => {
                "Changji 2023 §六; Fengdu 2024 §三（六）, §六; Changji Hi-tech Zone 二（五）"
            }
            DeadlineKind::PublishPenaltyDecision => "Wangcheng 2021 四（四）12(2)",
            DeadlineKind::NextQuarterListLastFiveWorkingDays => "Changji Hi-tech Zone 二（四）",
            DeadlineKind::NextQuarterListLastWeek => "Fengdu 2024 §六",
            DeadlineKind::QuarterlyStatistics => "Changji 2023 §七（四）",
            DeadlineKind::YearlySummaryCountyPark => "Changji 2023 §七（四）",
            DeadlineKind::YearlySummaryPrefecture => "Changji 2023 §七（四）",
            DeadlineKind::WangchengMonthlyPlan => "Wangcheng 2021 四（一）2",
            DeadlineKind::WangchengMonthlyCompletion => "Wangcheng 2021 四（一）2",
            DeadlineKind::ZhongweiMonthlyReport => "Zhongwei 2020 四（四）",
            DeadlineKind::ZhongweiSummary => "Zhongwei 2020 四（四）",
        }
    }

    /// The document's wording, quoted.
    pub fn wording(self) -> &'static str {
        match self {
            DeadlineKind::EnterResults => "现场随机抽查工作结束后，应在7个工作日内将抽查结果填报至信息库",
            DeadlineKind::PublishResults => "随机抽查任务完成后的20个工作日内",
            DeadlineKind::PublishPenaltyDecision => "在行政处罚决定作出之日起,7个工作日内向社会公布",
            DeadlineKind::NextQuarterListLastFiveWorkingDays => {
                "应于每季度结束前5个工作日内确定下一季度随机抽查对象及数量"
            }
            DeadlineKind::NextQuarterListLastWeek => "每季度最后一个星期内……确定下一季度被抽查对象名单",
            DeadlineKind::QuarterlyStatistics => "每季度结束前的5日内……填报《生态环境“双随机、一公开”情况统计表》",
            DeadlineKind::YearlySummaryCountyPark => "于每年11月30日前上报年度工作总结",
            DeadlineKind::YearlySummaryPrefecture => "州执法支队于每年12月5日前向自治区执法局报送……年度总结",
            DeadlineKind::WangchengMonthlyPlan => "每月27日前将下月检查计划……报市生态环境保护综合执法局",
            DeadlineKind::WangchengMonthlyCompletion => "每月4日前将上月检查计划落实情况报市生态环境保护综合执法局",
            DeadlineKind::ZhongweiMonthlyReport => "从3月起,各分局每月25日前……报送",
            DeadlineKind::ZhongweiSummary => "10月5日前,各分局将落实正面清单工作开展情况总结上报",
        }
    }

    /// Whether the deadline counts working days under the holiday calendar
    /// (`true`) or is a calendar date (`false`).
    pub fn counts_working_days(self) -> bool {
        matches!(
            self,
            DeadlineKind::EnterResults
                | DeadlineKind::PublishResults
                | DeadlineKind::PublishPenaltyDecision
                | DeadlineKind::NextQuarterListLastFiveWorkingDays
        )
    }
}

/// A computed deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Deadline {
    /// What it is for.
    pub kind: DeadlineKind,
    /// First allowed day, when the document sets a window.
    pub window_start: Option<NaiveDate>,
    /// Last allowed day (inclusive).
    pub due: NaiveDate,
    /// Source document and clause, e.g. "Fengdu 2024 §五（三）".
    pub source: &'static str,
}

impl Deadline {
    fn new(kind: DeadlineKind, window_start: Option<NaiveDate>, due: NaiveDate) -> Self {
        Deadline { kind, window_start, due, source: kind.source() }
    }

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
    /// The rule does not apply to the period asked for.
    #[error("{kind:?} applies only from {from} ({source_clause})")]
    NotInForce {
        /// The deadline asked for.
        kind: DeadlineKind,
        /// First period the rule applies to.
        from: &'static str,
        /// The clause.
        source_clause: &'static str,
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

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, DeadlineError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DeadlineError::InvalidMonth { year, month })
}

/// The month before (`delta = -1`) or after (`delta = 1`) the given one.
fn shift_month(year: i32, month: u32, delta: i32) -> Result<(i32, u32), DeadlineError> {
    if !(1..=12).contains(&month) {
        return Err(DeadlineError::InvalidMonth { year, month });
    }
    let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(delta);
    let y = i32::try_from(index.div_euclid(12)).map_err(|_| DeadlineError::DateOutOfRange)?;
    let m = u32::try_from(index.rem_euclid(12) + 1).map_err(|_| DeadlineError::DateOutOfRange)?;
    Ok((y, m))
}

fn working_day_deadline(
    calendar: &Calendar,
    kind: DeadlineKind,
    event: NaiveDate,
    n: u32,
) -> Result<Deadline, DeadlineError> {
    let due = calendar.add_working_days(event, n)?;
    Ok(Deadline::new(kind, Some(event), due))
}

/// Results entered within 7 working days after the on-site inspection
/// (Fengdu 2024 §五（三）). `window_start` is the visit date.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the count reaches a year the calendar
/// does not know.
pub fn enter_results(calendar: &Calendar, visit: NaiveDate) -> Result<Deadline, DeadlineError> {
    working_day_deadline(calendar, DeadlineKind::EnterResults, visit, 7)
}

/// Results published within 20 working days after the inspection task is
/// completed (Changji 2023 §六, Fengdu 2024 §三（六）/§六, Changji Hi-tech
/// Zone 二（五）). `window_start` is the completion date.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the count reaches a year the calendar
/// does not know.
pub fn publish_results(calendar: &Calendar, task_completed: NaiveDate) -> Result<Deadline, DeadlineError> {
    working_day_deadline(calendar, DeadlineKind::PublishResults, task_completed, 20)
}

/// A penalty decision published within 7 working days of the decision
/// (Wangcheng 2021 四（四）12(2)). `window_start` is the decision date.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the count reaches a year the calendar
/// does not know.
pub fn publish_penalty_decision(calendar: &Calendar, decision: NaiveDate) -> Result<Deadline, DeadlineError> {
    working_day_deadline(calendar, DeadlineKind::PublishPenaltyDecision, decision, 7)
}

/// The quarter before `q`.
fn previous_quarter(q: Quarter) -> Result<Quarter, DeadlineError> {
    let before = q.first_day().pred_opt().ok_or(DeadlineError::DateOutOfRange)?;
    Ok(Quarter::containing(before))
}

/// The list **for** quarter `for_quarter` is fixed within the last 5 working
/// days of the quarter before it (Changji Hi-tech Zone 二（四）).
/// `window_start` is the 5th-last working day of that quarter, `due` its last
/// working day.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the calendar does not know the previous
/// quarter's year.
pub fn next_quarter_list(calendar: &Calendar, for_quarter: Quarter) -> Result<Deadline, DeadlineError> {
    let prev = previous_quarter(for_quarter)?;
    let days = calendar.last_working_days_of(prev.first_day()..=prev.last_day(), 5)?;
    let (Some(&start), Some(&due)) = (days.first(), days.last()) else {
        // Only a user file marking a whole quarter off can get here.
        return Err(DeadlineError::NoWorkingDay { quarter: prev.to_string() });
    };
    Ok(Deadline::new(DeadlineKind::NextQuarterListLastFiveWorkingDays, Some(start), due))
}

/// The list **for** quarter `for_quarter` is fixed in the last week of the
/// quarter before it (Fengdu 2024 §六: 每季度最后一个星期内), read as the last
/// 7 calendar days of that quarter (not the last Monday–Sunday week).
///
/// # Errors
/// [`DeadlineError::DateOutOfRange`] only at chrono's limits.
pub fn next_quarter_list_last_week(for_quarter: Quarter) -> Result<Deadline, DeadlineError> {
    let prev = previous_quarter(for_quarter)?;
    let due = prev.last_day();
    let start = due.checked_sub_days(Days::new(6)).ok_or(DeadlineError::DateOutOfRange)?;
    Ok(Deadline::new(DeadlineKind::NextQuarterListLastWeek, Some(start), due))
}

/// The quarterly statistics form for `quarter`, filed within the 5 days
/// before the quarter ends (Changji 2023 §七（四）: 每季度结束前的5日内), read
/// as the last 5 calendar days of the quarter, its last day included.
///
/// # Errors
/// [`DeadlineError::DateOutOfRange`] only at chrono's limits.
pub fn quarterly_statistics(quarter: Quarter) -> Result<Deadline, DeadlineError> {
    let due = quarter.last_day();
    let start = due.checked_sub_days(Days::new(4)).ok_or(DeadlineError::DateOutOfRange)?;
    Ok(Deadline::new(DeadlineKind::QuarterlyStatistics, Some(start), due))
}

/// County / park yearly summary for `year`, by 30 November of that year
/// (Changji 2023 §七（四）).
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] only for a year chrono cannot represent.
pub fn yearly_summary_county_park(year: i32) -> Result<Deadline, DeadlineError> {
    Ok(Deadline::new(DeadlineKind::YearlySummaryCountyPark, None, ymd(year, 11, 30)?))
}

/// Prefecture yearly summary for `year`, to the region by 5 December of that
/// year (Changji 2023 §七（四）).
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] only for a year chrono cannot represent.
pub fn yearly_summary_prefecture(year: i32) -> Result<Deadline, DeadlineError> {
    Ok(Deadline::new(DeadlineKind::YearlySummaryPrefecture, None, ymd(year, 12, 5)?))
}

/// Wangcheng's inspection plan **for** month (`year`, `month`), due by the
/// 27th of the month before (Wangcheng 2021 四（一）2).
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] when `month` is not 1–12.
pub fn wangcheng_monthly_plan(year: i32, month: u32) -> Result<Deadline, DeadlineError> {
    let (y, m) = shift_month(year, month, -1)?;
    Ok(Deadline::new(DeadlineKind::WangchengMonthlyPlan, None, ymd(y, m, 27)?))
}

/// Wangcheng's report on the completion of month (`year`, `month`)'s plan,
/// due by the 4th of the month after (Wangcheng 2021 四（一）2).
/// `window_start` is the first day of that following month.
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] when `month` is not 1–12.
pub fn wangcheng_monthly_completion(year: i32, month: u32) -> Result<Deadline, DeadlineError> {
    let (y, m) = shift_month(year, month, 1)?;
    Ok(Deadline::new(DeadlineKind::WangchengMonthlyCompletion, Some(ymd(y, m, 1)?), ymd(y, m, 4)?))
}

/// Zhongwei's positive-list monthly report for month (`year`, `month`), due
/// by the 25th of that month, from March 2020 (Zhongwei 2020 四（四）). The
/// regime runs 2020-03 to the end of 2020-09 and may be extended, so later
/// months are accepted; whether it was extended is for the caller to decide.
///
/// # Errors
/// [`DeadlineError::InvalidMonth`] when `month` is not 1–12;
/// [`DeadlineError::NotInForce`] before March 2020.
pub fn zhongwei_monthly_report(year: i32, month: u32) -> Result<Deadline, DeadlineError> {
    let due = ymd(year, month, 25)?;
    if (year, month) < (2020, 3) {
        return Err(DeadlineError::NotInForce {
            kind: DeadlineKind::ZhongweiMonthlyReport,
            from: "2020-03",
            source_clause: DeadlineKind::ZhongweiMonthlyReport.source(),
        });
    }
    Ok(Deadline::new(DeadlineKind::ZhongweiMonthlyReport, None, due))
}

/// Zhongwei's positive-list summary for `year`, due by 5 October
/// (Zhongwei 2020 四（四）); from 2020.
///
/// # Errors
/// [`DeadlineError::NotInForce`] before 2020.
pub fn zhongwei_summary(year: i32) -> Result<Deadline, DeadlineError> {
    if year < 2020 {
        return Err(DeadlineError::NotInForce {
            kind: DeadlineKind::ZhongweiSummary,
            from: "2020",
            source_clause: DeadlineKind::ZhongweiSummary.source(),
        });
    }
    Ok(Deadline::new(DeadlineKind::ZhongweiSummary, None, ymd(year, 10, 5)?))
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
                deadline: *deadline,
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
        let e = enter_results(&cal, d(2024, 2, 8)).unwrap();
        assert_eq!(e.due, d(2024, 2, 23));
        assert_eq!(e.window_start, Some(d(2024, 2, 8)));
        assert_eq!(e.source, "Fengdu 2024 §五（三）");
        let p = publish_results(&cal, d(2023, 9, 20)).unwrap();
        assert_eq!(p.due, d(2023, 10, 24));
    }

    #[test]
    fn quarter_lists() {
        let cal = Calendar::national().unwrap();
        let q4 = Quarter::new(2023, 4).unwrap();
        let l = next_quarter_list(&cal, q4).unwrap();
        assert_eq!((l.window_start, l.due), (Some(d(2023, 9, 22)), d(2023, 9, 28)));
        let w = next_quarter_list_last_week(q4).unwrap();
        assert_eq!((w.window_start, w.due), (Some(d(2023, 9, 24)), d(2023, 9, 30)));
        let s = quarterly_statistics(Quarter::new(2024, 1).unwrap()).unwrap();
        assert_eq!((s.window_start, s.due), (Some(d(2024, 3, 27)), d(2024, 3, 31)));
    }

    #[test]
    fn monthly() {
        assert_eq!(wangcheng_monthly_plan(2024, 1).unwrap().due, d(2023, 12, 27));
        assert_eq!(wangcheng_monthly_completion(2024, 12).unwrap().due, d(2025, 1, 4));
        assert!(wangcheng_monthly_plan(2024, 13).is_err());
        assert!(zhongwei_monthly_report(2020, 2).is_err());
        assert_eq!(zhongwei_monthly_report(2020, 3).unwrap().due, d(2020, 3, 25));
        assert_eq!(zhongwei_summary(2020).unwrap().due, d(2020, 10, 5));
    }

    #[test]
    fn overdue_rules() {
        let dl = Deadline::new(DeadlineKind::ZhongweiSummary, None, d(2020, 10, 5));
        let items = vec![
            ("open".to_owned(), dl, None),
            ("on time".to_owned(), dl, Some(d(2020, 10, 5))),
            ("late".to_owned(), dl, Some(d(2020, 10, 7))),
            ("future done".to_owned(), dl, Some(d(2020, 10, 20))),
        ];
        assert!(overdue(&items, d(2020, 10, 5)).is_empty());
        let o = overdue(&items, d(2020, 10, 10));
        let names: Vec<_> = o.iter().map(|x| (x.name.as_str(), x.days_late)).collect();
        assert_eq!(names, vec![("future done", 5), ("late", 2), ("open", 5)]);
    }
}
