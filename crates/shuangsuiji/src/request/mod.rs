//! The request: everything that decides a quarter's plan.
//!
//! A [`PlanRequest`] bundles the registry, the policy, the drawing units,
//! the quarter, the year's history, targeted inspections, directed
//! campaigns, the rule announced for the seed and the public seed itself.
//! Everything but the seed is frozen by the commitment: [`canonical`]
//! gives its order-independent digest ([`commitment_digest`]), which is
//! published before the seed exists, carried by the plan and checked by
//! `verify`. [`seed`] normalises the seed under its rule.
//!
//! The request sits above [`crate::rules`] (it holds a policy) and below
//! [`crate::plan`] (which reads it), so the digest the plan carries needs no
//! import from the audit layer.

pub mod canonical;
pub mod seed;

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::model::format::format_tag;
use crate::model::{Id, Inspection, Quarter, Registry, RegulatedObject};
use crate::rules::{Percent, Policy};

pub use canonical::{commitment_digest, COMMITMENT_FORMAT};
pub use seed::{normalize_seed, SeedError, SeedRule, SeedSource};

format_tag!(
    /// The request format tag, `shuangsuiji.request/3`. Optional in a
    /// request file; when given it must be this version.
    RequestFormat,
    "shuangsuiji.request/3",
    "request"
);

/// Who committed a request, and when: part of what the commitment digest
/// covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Committed {
    /// The bureau committing (e.g. 呼图壁县生态环境局), trimmed.
    pub authority: String,
    /// The date of the commitment (what counts for the public is when it
    /// was first seen, which must be before the seed existed).
    pub date: NaiveDate,
    /// The root of the strata the request draws — names, populations,
    /// those inspected or set aside, minimums; everything of a stratum but
    /// its seed string and draw — so a public draw record can be checked
    /// against the commitment alone
    /// ([`crate::audit::draw_record::strata_root`]).
    pub strata: String,
    /// Why the list was fixed outside the window the document sets for it
    /// (the next quarter's list in the last working days of the quarter
    /// before, a monthly plan by the 27th, a draw window; else before the
    /// period begins): committed, so every reader of the plan sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_window: Option<String>,
}

/// Everything that decides a quarter's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The format tag; may be left out of a request file.
    #[serde(default)]
    pub format: RequestFormat,
    /// The jurisdiction tree and the two libraries.
    #[serde(deserialize_with = "crate::model::format::object_only")]
    pub registry: Registry,
    /// The policy (rules of one document for one level).
    #[serde(deserialize_with = "crate::model::format::object_only")]
    pub policy: Policy,
    /// The drawing units: the bureaus whose draws this plan makes (the
    /// prefecture, or one or more counties and parks).
    pub units: Vec<Id>,
    /// The quarter.
    pub quarter: Quarter,
    /// The month drawn (1–12, in the quarter), when the quarter is drawn
    /// month by month (000 §二（一）: 各县市、园区每月…抽取); `None` draws the
    /// whole quarter at once and spreads its tasks over the months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 12))]
    pub month: Option<u32>,
    /// Inspections already made this year, and visits other levels plan
    /// this quarter (their plans given as history).
    #[serde(default)]
    pub history: Vec<Inspection>,
    /// Targeted inspections (针对性检查): carried, never drawn, never counted.
    #[serde(default)]
    pub targeted: Vec<TargetedRequest>,
    /// Directed campaigns (定向抽查, 001 §三（四）).
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// The rule announced in the commitment for the seed (where its digits
    /// come from and how many); `None` for a request never committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_rule: Option<SeedRule>,
    /// Who committed the request, and when (`ssj commit` writes it into the
    /// request it saves): inside the commitment digest, so neither can be
    /// edited once published. `None` for a request never committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<Committed>,
    /// The day the draw is made (the seed drawn and the plan made public):
    /// what a document's draw window ([`crate::rules::DrawWindow`]) is
    /// checked against. Needed where the policy sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw_date: Option<NaiveDate>,
    /// Why the draw is made after the document's draw window, where it is
    /// (a system outage, a late registry); the plan carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
    /// The public seed, fixed after the commitment (e.g. 20 dice digits);
    /// the only input the commitment leaves out.
    #[serde(default)]
    pub seed: String,
}

impl PlanRequest {
    /// The plainest request: the whole quarter drawn at once, with no
    /// history, targeted visits, campaigns or seed rule. Set those fields
    /// afterwards where they apply.
    ///
    /// ```
    /// use shuangsuiji::{plan::plan_quarter, rules, sample, PlanRequest};
    /// let request = PlanRequest::new(
    ///     sample::county(8, 4, 40, 6),
    ///     rules::preset("changji-county")?,
    ///     vec![sample::COUNTY.into()],
    ///     "2023Q2".parse()?,
    ///     "20230401",
    /// );
    /// assert!(request.history.is_empty() && request.month.is_none());
    /// assert!(plan_quarter(&request).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(registry: Registry, policy: Policy, units: Vec<Id>, quarter: Quarter, seed: impl Into<String>) -> Self {
        PlanRequest {
            format: RequestFormat,
            registry,
            policy,
            units,
            quarter,
            month: None,
            history: Vec::new(),
            targeted: Vec::new(),
            campaigns: Vec::new(),
            seed_rule: None,
            committed: None,
            draw_date: None,
            late_reason: None,
            seed: seed.into(),
        }
    }

    /// The request's inputs to stratification and the quota arithmetic.
    pub fn quota_input(&self) -> QuotaInput<'_> {
        QuotaInput::new(&self.policy, &self.registry, self.quarter, &self.history, &self.units).with_month(self.month)
    }

    /// Whether the draw keeps the document's draw window: made on or
    /// before its day, or saying why not ([`crate::rules::DrawWindow`]).
    ///
    /// # Errors
    /// [`DrawDateError`]: no draw date under a window, one before the
    /// month before the period, a late draw with no reason, a reason for a
    /// draw that is not late (or under no window), a blank reason.
    pub fn check_draw_date(&self) -> Result<(), DrawDateError> {
        if self.late_reason.as_ref().is_some_and(|r| r.trim().is_empty()) {
            return Err(DrawDateError::BlankReason);
        }
        let Some(window) = &self.policy.draw_window else {
            return match self.late_reason {
                Some(_) => Err(DrawDateError::NothingLate),
                None => Ok(()),
            };
        };
        let first_day = match self.month.and_then(|m| self.quarter.month_days(m)) {
            Some((first, _)) => first,
            None => self.quarter.first_day(),
        };
        let by = window.deadline(first_day);
        // A draw in the month before the period keeps the window (the
        // reading of docs/rules.md); one earlier is not this period's.
        let from = first_day.checked_sub_months(chrono::Months::new(1)).unwrap_or(first_day);
        let clause = window.source.to_string();
        match (self.draw_date, &self.late_reason) {
            (None, _) => Err(DrawDateError::Missing { by, clause }),
            (Some(date), _) if date < from => Err(DrawDateError::Early { date, from }),
            (Some(date), None) if date > by => Err(DrawDateError::Late { date, by, clause }),
            (Some(date), Some(_)) if date <= by => Err(DrawDateError::NotLate { date, by }),
            (Some(_), _) => Ok(()),
        }
    }

    /// The period the draw's seed strings name: the quarter (`2023Q3`), or
    /// the month for a monthly draw (`2023-07`).
    pub fn period(&self) -> String {
        match self.month {
            Some(m) => format!("{}-{m:02}", self.quarter.year()),
            None => self.quarter.to_string(),
        }
    }

    /// In a plan of one month, whether a history entry dated `date` is a
    /// visit of the quarter's earlier months: any date in the quarter. A
    /// month is drawn before it begins, so a visit of this month or a
    /// later one can only be an earlier month's task done or recorded late
    /// (its results dated after its month): it was drawn all the same.
    /// Always false in a plan of the whole quarter, and in one of the
    /// quarter's first month, which has no earlier month.
    pub fn of_earlier_month(&self, date: NaiveDate) -> bool {
        self.has_earlier_months() && date >= self.quarter.first_day() && date <= self.quarter.last_day()
    }

    /// Whether the request draws a month after its quarter's first: only
    /// then can a history entry be an earlier month's (and only then need
    /// the history be read for them).
    pub fn has_earlier_months(&self) -> bool {
        self.quota_input().has_earlier_months()
    }
}

/// A draw not made as the document's draw window asks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawDateError {
    /// The document sets a draw window and the request gives no draw date.
    #[error(
        "the document has the draw made by {by} ({clause}): give the request's draw date (the day the seed is drawn)"
    )]
    Missing {
        /// The window's last day.
        by: NaiveDate,
        /// The clause.
        clause: String,
    },
    /// The draw is after the window and the request does not say why.
    #[error("the draw of {date} is after the document's window, which ends {by} ({clause}); a late draw states why in the request (its late reason), and the plan publishes it")]
    Late {
        /// The draw date given.
        date: NaiveDate,
        /// The window's last day.
        by: NaiveDate,
        /// The clause.
        clause: String,
    },
    /// A late reason that says nothing.
    #[error("the late reason is blank: say why the draw is made after the document's window, or leave it out")]
    BlankReason,
    /// A draw date before the month before the period: not this period's
    /// draw.
    #[error("the draw of {date} is before {from}, the first day of the month before the period drawn: give the day the draw is made")]
    Early {
        /// The draw date given.
        date: NaiveDate,
        /// The earliest day a draw of the period may be made.
        from: NaiveDate,
    },
    /// A late reason for a draw that is not late: the plan would say it
    /// was.
    #[error("the draw of {date} keeps the document's window (to {by}): leave out the late reason")]
    NotLate {
        /// The draw date given.
        date: NaiveDate,
        /// The window's last day.
        by: NaiveDate,
    },
    /// A late reason where the document sets no draw window.
    #[error("the document sets no draw window, so no draw is late: leave out the late reason")]
    NothingLate,
    /// A draw dated before its commitment: the commitment is published
    /// before the seed is drawn.
    #[error("the draw of {date} is before the commitment of {committed}: the commitment is published first, then the seed drawn")]
    BeforeCommitment {
        /// The draw date given.
        date: NaiveDate,
        /// The commitment's date.
        committed: NaiveDate,
    },
}

/// Why a targeted inspection is made (001 §三（一）, 004 二（一）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetedReason {
    /// A complaint or report (投诉举报).
    Complaint,
    /// Referred or assigned from above (上级部门转办交办).
    Referral,
    /// Transferred from another department (其他部门移送).
    Transfer,
    /// An environmental incident (突发环境事件).
    Incident,
    /// Nuclear-safety inspection (核安全检查).
    NuclearSafety,
    /// A clue from data analysis or monitoring (数据分析或监测发现问题线索).
    MonitoringClue,
}

/// A targeted inspection to carry in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetedRequest {
    /// The object.
    pub object: Id,
    /// Why.
    pub reason: TargetedReason,
    /// The month (1–12) it must be made in, if fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 12))]
    pub month: Option<u32>,
}

/// Which objects a directed campaign draws from: all given fields must
/// match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Emission type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emission_type: Option<String>,
    /// Monitoring type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<String>,
    /// Heavy-pollution-weather grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weather_grade: Option<String>,
    /// A free tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl Scope {
    /// Whether `object` is in scope.
    pub fn matches(&self, object: &RegulatedObject) -> bool {
        let t = object.tags();
        let eq = |want: &Option<String>, have: &Option<String>| want.as_ref().is_none_or(|w| have.as_ref() == Some(w));
        eq(&self.industry, &t.industry)
            && eq(&self.emission_type, &t.emission_type)
            && eq(&self.monitoring, &t.monitoring)
            && eq(&self.weather_grade, &t.weather_grade)
            && self.tag.as_ref().is_none_or(|tag| t.free.contains(tag))
    }
}

/// A directed campaign: a random draw within a tag scope, in every drawing
/// unit, at a given rate (001 §三（四）).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Short id, used in the seed string.
    pub id: String,
    /// Who is in scope.
    pub scope: Scope,
    /// Share of the scoped eligible objects to draw (rounded up).
    pub percent: Percent,
    /// Expertise the team must include, if any (matching by tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
}

/// What stratification and the quota arithmetic read.
#[derive(Debug, Clone, Copy)]
pub struct QuotaInput<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The registry.
    pub registry: &'a Registry,
    /// The quarter to plan.
    pub quarter: Quarter,
    /// Inspections already made this year (and other levels' visits planned
    /// this quarter).
    pub history: &'a [Inspection],
    /// The drawing units: jurisdiction ids.
    pub units: &'a [Id],
    /// The month drawn, for a monthly draw.
    pub month: Option<u32>,
}

impl<'a> QuotaInput<'a> {
    /// Whether this draws a month after its quarter's first: only then can
    /// a history entry be an earlier month's.
    pub fn has_earlier_months(&self) -> bool {
        self.month.is_some_and(|m| Some(&m) != self.quarter.months().first())
    }

    /// Bundles the inputs.
    pub fn new(
        policy: &'a Policy,
        registry: &'a Registry,
        quarter: Quarter,
        history: &'a [Inspection],
        units: &'a [Id],
    ) -> Self {
        QuotaInput { policy, registry, quarter, history, units, month: None }
    }

    /// The same inputs for a draw of one month of the quarter (or the whole
    /// quarter, for `None`).
    pub fn with_month(self, month: Option<u32>) -> Self {
        QuotaInput { month, ..self }
    }
}
