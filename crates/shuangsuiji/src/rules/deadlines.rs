//! The deadlines and duties a document sets, as data: results entered or
//! published within so many working days of an event ([`DeadlineRule`]),
//! and the periodic duties — the next quarter's list, the statistics form,
//! monthly reports, the yearly summary ([`DutyRule`]). The dates are
//! computed by `publish::deadlines` under the working-day calendar.

use serde::{Deserialize, Serialize};

use super::policy::PolicyLevel;
use super::source::Source;

/// An event of a task that a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The visit ends (现场随机抽查工作结束后): results are entered from it.
    Visit,
    /// The inspection task is completed (随机抽查任务完成后): results are
    /// published from it.
    TaskCompleted,
    /// A penalty decision is made (行政处罚决定作出之日起): it is published
    /// from it.
    PenaltyDecision,
}

impl Event {
    /// What is due after the event, in English.
    pub fn duty_en(self) -> &'static str {
        match self {
            Event::Visit => "results entered",
            Event::TaskCompleted => "results published",
            Event::PenaltyDecision => "penalty decision published",
        }
    }
}

/// "Within N working days after an event": the day of the event is not
/// counted (开始的当日不计入), the N-th working day after it is the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    /// The event counted from.
    pub after: Event,
    /// Working days allowed under the national calendar.
    pub working_days: u32,
    /// What must be done, in the document's words.
    pub what: String,
    /// Where it comes from.
    pub source: Source,
}

/// When a periodic duty falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum When {
    /// Within the last `working_days` working days of each quarter.
    LastWorkingDaysOfQuarter {
        /// How many working days.
        working_days: u32,
    },
    /// Within the first `days` calendar days of each quarter, its first day
    /// included (Guangzhou: a quarter's draws within the first 15 days of
    /// its first month).
    FirstDaysOfQuarter {
        /// How many calendar days.
        days: u32,
    },
    /// Within the last `days` calendar days of each quarter, its last day
    /// included.
    LastDaysOfQuarter {
        /// How many calendar days.
        days: u32,
    },
    /// By day `day` of each month (on or before it).
    EachMonthBy {
        /// The day of the month, 1–28.
        day: u32,
    },
    /// By `month`-`day` each year (on or before it).
    EachYearBy {
        /// The month, 1–12.
        month: u32,
        /// The day, 1–31.
        day: u32,
    },
}

/// A duty a document sets on a calendar, not on a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DutyRule {
    /// What must be done, in the document's words.
    pub what: String,
    /// When.
    pub when: When,
    /// The levels it binds; empty: every level the document governs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<PolicyLevel>,
    /// What in a year folder shows the duty done, where a plan or its
    /// results do; `None`: only the bureau's own record of it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_by: Option<ShownBy>,
    /// Where it comes from.
    pub source: Source,
}

/// What in a year folder shows a duty done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShownBy {
    /// The next quarter's plan is made (下一季度随机抽查对象名单).
    NextQuarterPlan,
    /// The next month's plan is made (下月检查计划).
    NextMonthPlan,
    /// Every task of the month before has its results (上月检查计划落实情况).
    LastMonthResults,
}

impl DutyRule {
    /// Whether the duty binds a bureau of `level`.
    pub fn binds(&self, level: PolicyLevel) -> bool {
        self.levels.is_empty() || self.levels.contains(&level)
    }
}

impl When {
    /// The problem with the numbers, if any.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        match *self {
            When::LastWorkingDaysOfQuarter { working_days: n }
            | When::LastDaysOfQuarter { days: n }
            | When::FirstDaysOfQuarter { days: n } => (!(1..=60).contains(&n)).then_some("must be from 1 to 60 days"),
            When::EachMonthBy { day } => {
                (!(1..=28).contains(&day)).then_some("must be a day from 1 to 28, which every month has")
            }
            When::EachYearBy { month, day } => {
                let valid = chrono::NaiveDate::from_ymd_opt(2023, month, day).is_some();
                (!valid).then_some("is not a day of the year")
            }
        }
    }
}
