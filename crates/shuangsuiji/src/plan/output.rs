//! What a plan is: the [`QuarterPlan`] with its [`StratumLine`]s and
//! [`Task`]s, serialized as the versioned plan JSON.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::format::format_tag;
use crate::model::{Id, Pool, Quarter, SharedId};
use crate::request::{SeedRule, TargetedReason};

use super::quota::{Demand, MonthShare};
use super::stratum::StratumKey;

format_tag!(
    /// The plan format tag. A change to any seeded output is a breaking
    /// change and bumps it (see `docs/draw-algorithm.md` §7); a plan of
    /// another format is refused by every reader.
    PlanFormat,
    "shuangsuiji.plan/4",
    "plan"
);

/// The version of the plan's JSON format ([`PlanFormat::VERSION`]).
pub const FORMAT_VERSION: &str = PlanFormat::VERSION;

/// On-site or off-site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// On-site inspection (现场检查), recorded on 《污染源现场检查记录表》.
    OnSite,
    /// Off-site supervision (非现场), recorded on 《非现场检查记录表》.
    OffSite,
}

/// A random draw a task answers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// The stratum (`unit/pool/category[/tier]`) or `unit/campaign/<id>`.
    // Shared by every cover of the stratum's draw: one allocation, not one
    // per drawn object.
    pub stratum: SharedId,
    /// The object's ticket in that stratum's draw.
    pub ticket: String,
}

/// Who makes the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum Visit {
    /// This bureau's own team.
    Own {
        /// Certified enforcement officers, at least two.
        officers: Vec<Id>,
        /// Supervisors or experts who join and do not count (004 二（二）).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        joining: Vec<Id>,
    },
    /// Made jointly with another level's visit this quarter, once
    /// (001 §三（四）, 004 三（一）): no second team is sent.
    JointWithOtherLevel {
        /// The other bureaus visiting.
        with: Vec<Id>,
    },
}

/// One visit to one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The drawing unit.
    // Shared by the unit's tasks.
    pub unit: SharedId,
    /// The object.
    pub object: Id,
    /// The object's name.
    pub object_name: String,
    /// Month of the visit (1–12).
    pub month: u32,
    /// On-site or off-site.
    pub mode: Mode,
    /// Why off-site, with the clause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode_reason: Option<String>,
    /// The random draws this visit answers (empty for a purely targeted one).
    pub covers: Vec<Cover>,
    /// Targeted reasons this visit also answers (never counted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targeted: Vec<TargetedReason>,
    /// The pools the visit covers.
    pub pools: BTreeSet<Pool>,
    /// Expertise the team must include: the pools' (radiation, hazardous
    /// waste) and any campaign's.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expertise: BTreeSet<String>,
    /// Check items (随机抽查事项): the task's share of the policy's list
    /// ([`crate::rules::CheckItems`]); none where the document gives none.
    // A `Cow` so that a task can borrow fixed wording; today every task
    // owns its copies (most policies have no list, and then none are made).
    pub check_items: Vec<Cow<'static, str>>,
    /// Who visits.
    pub visit: Visit,
}

impl Task {
    /// The certified officers of an own visit (empty for a joint one).
    pub fn officers(&self) -> &[Id] {
        match &self.visit {
            Visit::Own { officers, .. } => officers,
            Visit::JointWithOtherLevel { .. } => &[],
        }
    }

    /// Whether the task comes from a random draw.
    pub fn is_random(&self) -> bool {
        !self.covers.is_empty()
    }
}

/// The minimum and the draw of one stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StratumLine {
    /// The stratum.
    pub stratum: StratumKey,
    /// For a directed campaign's stratum, its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The expertise a visit for the stratum's matter needs, if its
    /// matter names one (a national pool's follows from the pool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
    /// The seed string the stratum's tickets were drawn with.
    pub seed_string: String,
    /// Eligible objects.
    pub eligible: u64,
    /// Of those, inspected this year before the quarter (counted).
    pub inspected_this_year: u64,
    /// Of those, already inspected earlier in the cycle, for a stratum
    /// under a minimum over a cycle of years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspected_in_cycle: Option<u64>,
    /// Minimum to draw.
    pub required: u64,
    /// Drawn: own visits plus joint visits with other levels.
    pub drawn: u64,
    /// Of the drawn, visits joint with another level.
    pub joint_with_other_level: u64,
    /// Objects set aside because another level visits them this quarter.
    pub set_aside: u64,
    /// Whether not-yet-inspected objects were drawn first.
    pub uninspected_first: bool,
    /// For a monthly draw: the quarter's minimum and what earlier months of
    /// the quarter drew; `required` is this month's share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_share: Option<MonthShare>,
    /// Each rule's demand, with its source.
    pub demands: Vec<Demand>,
}

/// A quarter's plan. Serializes to stable JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterPlan {
    /// [`FORMAT_VERSION`]; any other is refused when read.
    pub format: PlanFormat,
    /// The policy's id (`a+b` for a combination).
    pub policy: String,
    /// Assumptions made about the policy beyond its document (e.g. that it
    /// still holds in a later year), which the plan carries so that every
    /// reader sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    /// The quarter.
    pub quarter: Quarter,
    /// The month drawn, for one month of a quarter drawn month by month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// The drawing units.
    pub units: Vec<Id>,
    /// The commitment digest of the request: everything that decides the
    /// plan except the seed ([`crate::request::canonical`]).
    pub commitment: String,
    /// The rule announced for the seed in the commitment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_rule: Option<SeedRule>,
    /// The day the draw was made, where the request gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw_date: Option<NaiveDate>,
    /// Why the draw was made after the document's draw window, where it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
    /// Why the list was fixed outside the window its document sets, as the
    /// commitment gives it ([`crate::request::Committed::outside_window`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_window: Option<String>,
    /// The public seed, normalised under the rule.
    pub seed: String,
    /// One line per stratum.
    pub strata: Vec<StratumLine>,
    /// The visits, sorted by unit, month, object.
    pub tasks: Vec<Task>,
}
