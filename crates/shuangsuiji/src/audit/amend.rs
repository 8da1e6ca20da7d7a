//! A locked plan with recorded amendments: an append-only, hash-chained
//! log.
//!
//! Entry 0 is the original plan as drawn ([`Entry::Original`]); every later
//! entry is an [`Amendment`] with a reason, an author and a date. Each entry
//! stores `prev_hash` (the previous entry's `hash`; `""` for entry 0) and
//! `hash`, the lowercase hex SHA-256 of the UTF-8 bytes of
//! `prev_hash + json`, where `json` is the compact JSON of the entry without
//! its `hash` field: `{"prev_hash":…,"entry":…}` with fields in the order
//! they are written. Editing, removing, inserting or reordering an entry
//! breaks the chain at a named entry.
//!
//! Replacements are never chosen by hand, nor by anything known when they
//! are asked for. A change that needs one is a **claim** (an officer leaves
//! a task, is away, an object closed) with its evidence and the rule of a
//! public seed that does not exist yet; once its head is published and the
//! seed fixed by the rule, [`PlanLog::draw_replacements`] draws the
//! replacements under it (officers by the assignment rank of
//! `docs/draw-algorithm.md` §5, objects by ticket), each draw's seed string
//! `seed|replacement|claim hash|` + the plan's own. Successive false claims
//! therefore cannot walk a stratum's or a team's order to a chosen company
//! or officer, and every claim is public ([`PlanLog::closures`] carries a
//! closure into later draws). [`verify_log`] re-derives every choice from
//! the request and rejects a log whose original plan is not the one the
//! request draws.
//!
//! ```
//! use chrono::NaiveDate;
//! use shuangsuiji::audit::amend::{verify_log, AmendmentKind, Note, PlanLog};
//! use shuangsuiji::request::{SeedRule, SeedSource};
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(8, 4, 40, 6),
//!     policy: rules::preset("changji-county")?,
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![],
//!     targeted: vec![],
//!     campaigns: vec![],
//!     seed_rule: None,
//!     draw_date: None,
//!     late_reason: None,
//!     committed: None,
//!     month: None,
//!     seed: "73059812460917733531".into(),
//! };
//! let plan = plan_quarter(&request)?;
//! let task = plan.tasks[0].clone();
//! let mut log = PlanLog::new(plan);
//! let date = NaiveDate::from_ymd_opt(2023, 1, 5).unwrap();
//! let out = task.officers()[0].clone();
//! let rule = SeedRule { source: SeedSource::Dice, digits: 20, announced: "20 dice, 2023-01-06, in public".into(), weak: false };
//! let note = Note::new("late recusal", "王科长", date).with_evidence("回避申请 2023-001");
//! let head = log.replace_inspector(&request, (&task.unit, &task.object, &out), rule, note)?;
//! assert_eq!(head.entries, 2); // publish it; then roll the dice
//! let drawn = log.draw_replacements(&request, "3141 5926 5358 9793 2384", Note::new("drawn in public", "王科长", date))?;
//! let AmendmentKind::ReplacementsDrawn { officers, .. } = drawn else { unreachable!() };
//! assert_ne!(officers[0].replacement, out);
//! let report = verify_log(&log, &request)?;
//! assert_eq!(report.amendments.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::format::format_tag;
use crate::model::{Id, Inspector, Pool, Quarter, RegulatedObject, Status};
use crate::plan::assign::{earlier_loads, offer_order_under, previous_visits, team_seed_string};
use crate::plan::draw::{sha256_hex, TicketSeed};
use crate::plan::stratum::{stratify, unit_of_jurisdiction};
use crate::plan::tasks::drawn_mode;
use crate::plan::Feasible;
use crate::plan::{Cover, QuarterPlan, StratumLine, Task, Visit};
use crate::request::{normalize_seed, PlanRequest, SeedError, SeedRule};
use crate::rules::OtherLevelVisits;

use super::strata::campaign_earlier;
use super::verify::{stratum_name, verify_plan, VerifyError};

format_tag!(
    /// The amendment log's format tag.
    LogFormat,
    "shuangsuiji.log/3",
    "amendment log"
);

/// The hash-chained log of a plan and its amendments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanLog {
    /// The format tag.
    pub format: LogFormat,
    /// The entries: the original plan, then the amendments in order.
    pub entries: Vec<LogEntry>,
}

/// What a bureau publishes to seal its log: how many entries it has and
/// the last one's hash. A log checked against a published head shows any
/// entry removed, added before the head, rewritten or re-chained, and any
/// truncation; entries after the head are reported as not yet published.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    /// Entries in the log (the original plan counts as one).
    pub entries: usize,
    /// The hash of the last of them.
    pub hash: String,
}

impl fmt::Display for LogHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.entries, self.hash)
    }
}

impl std::str::FromStr for LogHead {
    type Err = String;
    /// Reads `entries:hash`, as [`LogHead`]'s `Display` writes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a log head: write `<entries>:<hash>`, e.g. `3:9f2c…`");
        let (n, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let entries: usize = n.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if entries == 0 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(LogHead { entries, hash })
    }
}

/// One link of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    /// The previous entry's `hash` (`""` for entry 0).
    pub prev_hash: String,
    /// What the entry records.
    pub entry: Entry,
    /// SHA-256 of `prev_hash` followed by the compact JSON of
    /// `{"prev_hash", "entry"}`.
    pub hash: String,
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
pub enum Entry {
    /// The plan as drawn (entry 0 only).
    Original {
        /// The plan.
        plan: QuarterPlan,
    },
    /// An amendment.
    Amendment(Amendment),
}

/// A recorded change to the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// What changes.
    pub kind: AmendmentKind,
    /// Why (illness, late recusal, the company closed…).
    pub reason: String,
    /// Who decided it.
    pub author: String,
    /// When (dates never go back along the log).
    pub date: NaiveDate,
    /// The reference of the document that proves a claim (the closure
    /// notice's number, the sick note, the recusal request): required for
    /// a claim, published with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// What an amendment says besides what changes: why, who, when, and for a
/// claim the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Why (illness, late recusal, the company closed…).
    pub reason: String,
    /// Who decides it.
    pub author: String,
    /// When: in the quarter, not before the previous amendment.
    pub date: NaiveDate,
    /// The evidence's reference (required for a claim).
    pub evidence: Option<String>,
}

impl Note {
    /// A note without evidence (enough for moving a task, and for the draw
    /// that answers a claim).
    pub fn new(reason: &str, author: &str, date: NaiveDate) -> Note {
        Note { reason: reason.to_owned(), author: author.to_owned(), date, evidence: None }
    }

    /// The note with the evidence's reference.
    pub fn with_evidence(self, evidence: &str) -> Note {
        Note { evidence: Some(evidence.to_owned()), ..self }
    }
}

/// The kinds of amendment.
///
/// A change that needs a replacement is made in two entries: a **claim**
/// (an officer leaves a task, an officer is away, an object closed), with
/// its evidence and the rule of a public seed that does not exist yet, and
/// then, once that seed is fixed in public, [`AmendmentKind::ReplacementsDrawn`],
/// which draws the replacements under it. Nobody can choose a claim
/// knowing whom it brings in (`docs/draw-protocol.md` §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AmendmentKind {
    /// Claim: an officer leaves a team (a late recusal).
    ReplaceInspector {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The officer leaving.
        out: Id,
        /// The rule of the seed the replacement will be drawn under.
        seed_rule: SeedRule,
    },
    /// Claim: an officer is away (illness, leave) from `from` to `until`:
    /// they leave the team of every task in a month the absence overlaps,
    /// and are drawn onto no task of those months afterwards.
    InspectorAbsent {
        /// The officer.
        inspector: Id,
        /// First day away.
        from: NaiveDate,
        /// Last day away.
        until: NaiveDate,
        /// The rule of the seed the replacements will be drawn under.
        seed_rule: SeedRule,
    },
    /// Claim: the object closed or moved before the visit: its task is
    /// cancelled, each draw it answered passes to an object drawn anew, and
    /// the registry change it implies (`previous_status` → `new_status`)
    /// must be in the object library of every later draw
    /// ([`PlanLog::closures`], which `ssj plan --year-dir` checks).
    ObjectClosed {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
        /// Its status in the registry the plan was drawn from.
        previous_status: Status,
        /// Its new status (one that is not drawn).
        new_status: Status,
        /// The rule of the seed the replacements will be drawn under.
        seed_rule: SeedRule,
    },
    /// The replacements of the claim at entry `claim`, drawn under `seed`
    /// (normalised under the claim's rule).
    ReplacementsDrawn {
        /// The claim's entry.
        claim: usize,
        /// The public seed, fixed after the claim was published.
        seed: String,
        /// Officers drawn onto teams (a replaced or absent officer's claim).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        officers: Vec<TeamChange>,
        /// Objects drawn (a closure's claim).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        objects: Vec<Replacement>,
    },
    /// A task moves to another month of the quarter.
    MoveTask {
        /// The drawing unit.
        unit: Id,
        /// The object.
        object: Id,
        /// Its month before.
        from_month: u32,
        /// Its month after.
        to_month: u32,
    },
}

/// One task's officer replaced because of an absence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamChange {
    /// The drawing unit.
    pub unit: Id,
    /// The object.
    pub object: Id,
    /// The officer joining, drawn by the assignment rank.
    pub replacement: Id,
}

impl AmendmentKind {
    /// A short name: `replace_inspector`, `inspector_absent`,
    /// `object_closed`, `move_task`.
    pub fn name(&self) -> &'static str {
        match self {
            AmendmentKind::ReplaceInspector { .. } => "replace_inspector",
            AmendmentKind::InspectorAbsent { .. } => "inspector_absent",
            AmendmentKind::ObjectClosed { .. } => "object_closed",
            AmendmentKind::ReplacementsDrawn { .. } => "replacements_drawn",
            AmendmentKind::MoveTask { .. } => "move_task",
        }
    }

    /// The amendment in Chinese, as the public record shows it.
    pub fn zh(&self) -> String {
        match self {
            AmendmentKind::ReplaceInspector { unit, object, out, seed_rule } => {
                format!("{unit}/{object} 检查组：执法人员 {out} 退出（回避等）；替补人员按公布的规则（{}）公开摇号后抽取", seed_rule.announced)
            }
            AmendmentKind::InspectorAbsent { inspector, from, until, seed_rule } => format!(
                "执法人员 {inspector} 自 {from} 至 {until} 不能参加检查，退出该期间各检查组；替补人员按公布的规则（{}）公开摇号后抽取",
                seed_rule.announced
            ),
            AmendmentKind::ObjectClosed { unit, object, new_status, seed_rule, .. } => format!(
                "{unit}/{object} 的检查任务取消（状态变为{}，此后不再抽取）；替补对象按公布的规则（{}）公开摇号后抽取",
                new_status.zh(),
                seed_rule.announced
            ),
            AmendmentKind::ReplacementsDrawn { claim, seed, officers, objects } => {
                let mut s = format!("第 {claim} 条变更的替补，随机种子 {seed}：");
                let drawn: Vec<String> = officers
                    .iter()
                    .map(|r| format!("{}/{} 检查组增补 {}", r.unit, r.object, r.replacement))
                    .chain(objects.iter().map(|r| format!("{} 抽中 {}（票号 {}）", r.stratum, r.object, r.ticket)))
                    .collect();
                s.push_str(&drawn.join("；"));
                s
            }
            AmendmentKind::MoveTask { unit, object, from_month, to_month } => {
                format!("{unit}/{object} 的检查由 {from_month} 月调整至 {to_month} 月")
            }
        }
    }

    /// The seed rule of a claim (`None` for a draw or a move).
    pub fn claim_rule(&self) -> Option<&SeedRule> {
        match self {
            AmendmentKind::ReplaceInspector { seed_rule, .. }
            | AmendmentKind::InspectorAbsent { seed_rule, .. }
            | AmendmentKind::ObjectClosed { seed_rule, .. } => Some(seed_rule),
            AmendmentKind::ReplacementsDrawn { .. } | AmendmentKind::MoveTask { .. } => None,
        }
    }
}

impl fmt::Display for AmendmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmendmentKind::ReplaceInspector { unit, object, out, seed_rule } => {
                write!(
                    f,
                    "task {unit}/{object}: officer {out} leaves; replacement to be drawn under {}",
                    seed_rule.announced
                )
            }
            AmendmentKind::InspectorAbsent { inspector, from, until, seed_rule } => {
                write!(
                    f,
                    "officer {inspector} away {from} to {until}; replacements to be drawn under {}",
                    seed_rule.announced
                )
            }
            AmendmentKind::ObjectClosed { unit, object, previous_status, new_status, seed_rule } => write!(
                f,
                "task {unit}/{object} cancelled (registry change: status {} → {}); replacements to be drawn under {}",
                previous_status.en(),
                new_status.en(),
                seed_rule.announced
            ),
            AmendmentKind::ReplacementsDrawn { claim, seed, officers, objects } => {
                write!(f, "replacements for entry {claim}, seed {seed}")?;
                for r in officers {
                    write!(f, "; task {}/{}: {} drawn", r.unit, r.object, r.replacement)?;
                }
                for r in objects {
                    write!(f, "; {}: {} drawn (ticket {})", r.stratum, r.object, r.ticket)?;
                }
                Ok(())
            }
            AmendmentKind::MoveTask { unit, object, from_month, to_month } => {
                write!(f, "task {unit}/{object} moved from month {from_month} to month {to_month}")
            }
        }
    }
}

/// The object drawn in place of a closed one, in one stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// The stratum (as in [`Cover::stratum`]).
    pub stratum: String,
    /// The object drawn.
    pub object: Id,
    /// Its ticket in the stratum.
    pub ticket: String,
    /// The new visit, when the object had none; `None` when the draw joins
    /// the object's existing visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_task: Option<Task>,
}

/// Why an amendment cannot be made or does not check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmendError {
    /// The log does not start with the original plan.
    #[error("the log must start with the original plan (entry 0) and have no other original")]
    NoOriginal,
    /// A claim awaits the draw of its replacements: nothing else may be
    /// appended first.
    #[error("the claim at entry {claim} awaits its replacements: fix its seed in public by its rule, then draw them before any other amendment")]
    Pending {
        /// The claim's entry.
        claim: usize,
    },
    /// A draw that answers no pending claim, or another than the pending one.
    #[error("no claim awaits replacements at entry {claim}{}", .pending.map(|p| format!(" (the pending claim is entry {p})")).unwrap_or_default())]
    NothingToDraw {
        /// The entry the draw names.
        claim: usize,
        /// The claim pending, if any.
        pending: Option<usize>,
    },
    /// The draw's seed does not fit the claim's announced rule.
    #[error("the replacement seed: {0}")]
    Seed(#[from] SeedError),
    /// A replacement seed that was public before the claim: the plan's
    /// own, or an earlier draw's.
    #[error("the replacement seed {seed} is {what}: a claim's replacements are drawn under a seed fixed after it, never one already known")]
    SeedKnown {
        /// The seed.
        seed: String,
        /// Where it was known from.
        what: String,
    },
    /// A claim's seed rule marked weak: a claim's author could try every
    /// outcome of it.
    #[error("a claim's replacement seed may not be weak ({digits} digits): its author could try every outcome")]
    WeakClaimSeed {
        /// The digits it gives.
        digits: u32,
    },
    /// The draw records another seed than the one given, normalised.
    #[error("the draw records seed `{recorded}`, which normalises to `{normalised}`")]
    SeedNotNormal {
        /// As recorded.
        recorded: String,
        /// Its normal form.
        normalised: String,
    },
    /// No such task in the current plan.
    #[error("task {unit}/{object} is not in the current plan")]
    NoSuchTask {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
    },
    /// The task is a joint visit with another level: no own team.
    #[error("task {unit}/{object} is a joint visit with another level; it has no own team")]
    NotOwnVisit {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
    },
    /// The officer is not on the task's team.
    #[error("officer `{inspector}` is not on the team of task {unit}/{object}")]
    NotOnTeam {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The officer.
        inspector: Id,
    },
    /// No officer of the unit can take the task.
    #[error("task {unit}/{object}: no certified officer of the unit is free, not recused and not on the team{}", .expertise.as_ref().map(|e| format!(" with expertise `{e}`")).unwrap_or_default())]
    NoFreeOfficer {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The expertise needed, if that is what is missing.
        expertise: Option<String>,
    },
    /// The new status is one that is still drawn.
    #[error("object `{object}`: new status {status:?} is still drawn; a closed object is relocated, stopped, bankrupt/deregistered or opted out")]
    StillEligible {
        /// The object.
        object: Id,
        /// The status given.
        status: Status,
    },
    /// A stratum has no object left to draw in place of the closed one.
    #[error("stratum {stratum}: no eligible object is left to draw in place of `{object}`")]
    NoReplacementObject {
        /// The stratum.
        stratum: String,
        /// The closed object.
        object: Id,
    },
    /// The recorded objects drawn are not the ones the draw's seed gives.
    #[error("the objects drawn should be [{expected}] (lowest tickets under the draw's seed, docs/draw-protocol.md §8), the log has [{found}]")]
    WrongReplacements {
        /// What the method gives.
        expected: String,
        /// What is recorded.
        found: String,
    },
    /// A stratum named by a cover is not in the plan.
    #[error("stratum {stratum} is not in the plan")]
    UnknownStratum {
        /// The stratum.
        stratum: String,
    },
    /// A month outside the quarter.
    #[error("month {month} is not in {quarter}")]
    MonthOutsideQuarter {
        /// The month.
        month: u32,
        /// The quarter.
        quarter: Quarter,
    },
    /// The recorded month of origin is not the task's month.
    #[error("task {unit}/{object} is in month {actual}, the move says it was in month {recorded}")]
    FromMonth {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The month recorded.
        recorded: u32,
        /// The task's month.
        actual: u32,
    },
    /// A move to the month the task is already in.
    #[error("task {unit}/{object} is already in month {month}")]
    SameMonth {
        /// The unit.
        unit: Id,
        /// The object.
        object: Id,
        /// The month.
        month: u32,
    },
    /// Reason or author left blank.
    #[error("the amendment's {field} is blank")]
    Blank {
        /// `reason` or `author`.
        field: &'static str,
    },
    /// The date is outside the plan's quarter.
    #[error("the amendment is dated {date}, outside {quarter}: a plan is amended during its quarter")]
    DateOutsideQuarter {
        /// This amendment's date.
        date: NaiveDate,
        /// The plan's quarter.
        quarter: Quarter,
    },
    /// An absence that ends before it starts.
    #[error("the absence runs from {from} to {until}: it ends before it starts")]
    AbsenceBackwards {
        /// First day.
        from: NaiveDate,
        /// Last day.
        until: NaiveDate,
    },
    /// The officer is on no task in the months of the absence.
    #[error("officer `{inspector}` is on no task in the months from {from} to {until}; nothing to amend")]
    NotOnAnyTask {
        /// The officer.
        inspector: Id,
        /// First day away.
        from: NaiveDate,
        /// Last day away.
        until: NaiveDate,
    },
    /// The recorded officers drawn are not the ones the draw's seed gives.
    #[error("the officers drawn should be [{expected}] (assignment rank under the draw's seed, docs/draw-protocol.md §8), the log has [{found}]")]
    WrongOfficers {
        /// What the method gives.
        expected: String,
        /// What is recorded.
        found: String,
    },
    /// The recorded previous status is not the object's status in the
    /// registry.
    #[error("object `{object}` has status {actual} in the registry, the closure says {recorded}")]
    WrongPreviousStatus {
        /// The object.
        object: Id,
        /// The status recorded.
        recorded: &'static str,
        /// Its status in the request's registry.
        actual: &'static str,
    },
    /// The date is earlier than the previous amendment's.
    #[error("the amendment is dated {date}, before the previous amendment ({previous})")]
    DateGoesBack {
        /// This amendment's date.
        date: NaiveDate,
        /// The previous one's.
        previous: NaiveDate,
    },
}

/// Why a log does not verify. Each names the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// The log has no entries.
    #[error("the log is empty: entry 0 must be the original plan")]
    Empty,
    /// Entry 0 is not the original, or a later entry is.
    #[error("entry {index}: {problem}")]
    Structure {
        /// The entry.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// An entry's hash does not match its content.
    #[error("entry {index}: its hash is wrong (recorded {recorded}, computed {computed}): the entry was changed after it was written")]
    Hash {
        /// The entry.
        index: usize,
        /// The recorded hash.
        recorded: String,
        /// The hash of its content.
        computed: String,
    },
    /// An entry's prev_hash is not the previous entry's hash.
    #[error("entry {index}: its prev_hash is wrong (recorded {recorded}, but the entry before it has hash {expected}): an entry was removed, inserted or reordered before it, or the one before it was rewritten")]
    PrevHash {
        /// The entry.
        index: usize,
        /// The recorded prev_hash.
        recorded: String,
        /// The previous entry's hash (`""` for entry 0).
        expected: String,
    },
    /// The original plan is not the one the request draws.
    #[error("entry 0 (the original plan) does not verify: {0}")]
    Original(VerifyError),
    /// An amendment is invalid against the request.
    #[error("entry {index} ({kind}): {error}")]
    Amendment {
        /// The entry.
        index: usize,
        /// The amendment's kind.
        kind: &'static str,
        /// What is wrong.
        error: AmendError,
    },
}

/// How a log compares with a published head.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    /// The log has fewer entries than the head says: entries were cut off.
    #[error("the published head has {published} entries but the log has {found}: entries after entry {found_last} were removed")]
    Truncated {
        /// Entries the head names.
        published: usize,
        /// Entries in the log.
        found: usize,
        /// The log's last index.
        found_last: usize,
    },
    /// The entry at the head's position has another hash: the log up to
    /// the head was rewritten (an entry edited, removed, inserted or
    /// back-dated, and the chain recomputed).
    #[error("entry {index}'s hash is {found} but the published head says {published}: the log up to the head was rewritten and re-chained")]
    Rewritten {
        /// The head's last index.
        index: usize,
        /// The hash published.
        published: String,
        /// The hash in the log.
        found: String,
    },
}

/// What a verified log holds: the original draw and the amendments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LogReport {
    /// The original draw.
    pub original: OriginalSummary,
    /// The amendments, in order.
    pub amendments: Vec<AmendmentSummary>,
    /// The log's head: publish it with each amendment to seal the log.
    pub head: LogHead,
}

/// The original draw, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OriginalSummary {
    /// The quarter.
    pub quarter: Quarter,
    /// The public seed.
    pub seed: String,
    /// The commitment digest.
    pub commitment: String,
    /// Strata drawn.
    pub strata: usize,
    /// Tasks in the original plan.
    pub tasks: usize,
    /// Entry 0's hash.
    pub hash: String,
}

/// One amendment, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AmendmentSummary {
    /// Entry index (1, 2, …).
    pub index: usize,
    /// Kind name.
    pub kind: &'static str,
    /// What changed.
    pub summary: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub author: String,
    /// When.
    pub date: NaiveDate,
    /// The entry's hash.
    pub hash: String,
}

impl fmt::Display for LogReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.original;
        writeln!(
            f,
            "entry 0: original draw {} (seed {}, commitment {}): {} strata, {} tasks — verified",
            o.quarter, o.seed, o.commitment, o.strata, o.tasks
        )?;
        for a in &self.amendments {
            writeln!(
                f,
                "entry {}: {} on {} by {} — {} (reason: {})",
                a.index, a.kind, a.date, a.author, a.summary, a.reason
            )?;
        }
        writeln!(f, "head: {} entries, hash {} (publish it as `{}`)", self.head.entries, self.head.hash, self.head)
    }
}

/// The hash of an entry: SHA-256 of `prev_hash` + compact JSON of
/// `{"prev_hash", "entry"}`.
pub fn entry_hash(prev_hash: &str, entry: &Entry) -> String {
    link_hash(prev_hash, entry)
}

/// The hash of a link of a hash chain (the amendment log, the commitment
/// register): SHA-256 of `prev_hash` + compact JSON of
/// `{"prev_hash", "entry"}`, members in the order written.
pub(crate) fn link_hash<T: Serialize>(prev_hash: &str, entry: &T) -> String {
    #[derive(Serialize)]
    struct Unhashed<'a, T> {
        prev_hash: &'a str,
        entry: &'a T,
    }
    let json = serde_json::to_string(&Unhashed { prev_hash, entry }).unwrap_or_default();
    sha256_hex(&format!("{prev_hash}{json}"))
}

/// The amended plan and what replaying the log has learnt.
struct State {
    plan: QuarterPlan,
    closed: HashSet<Id>,
    /// Officers replaced out of each task (unit, object): never drawn
    /// back onto it.
    replaced_out: HashMap<(Id, Id), Vec<Id>>,
    /// Officers away, with their first and last day.
    absences: Vec<(Id, NaiveDate, NaiveDate)>,
    last_date: Option<NaiveDate>,
    /// The claim awaiting its draw: its entry, its hash and what it claims.
    pending: Option<(usize, String, AmendmentKind)>,
    /// The seeds of the draws so far, with their entries.
    seeds: Vec<(usize, String)>,
}

/// The seed of a replacement draw and the claim it answers: the seed
/// string of each draw it makes is `seed|replacement|claim hash|` followed
/// by the seed string the plan's own draw used (the stratum's, or the
/// task's team `seed|period|unit|inspectors|object`).
struct DrawSeed<'a> {
    seed: &'a str,
    claim_hash: &'a str,
}

impl DrawSeed<'_> {
    fn string(&self, original: &str) -> String {
        format!("{}|replacement|{}|{original}", self.seed, self.claim_hash)
    }
}

impl State {
    fn new(plan: &QuarterPlan) -> Self {
        State {
            plan: plan.clone(),
            closed: HashSet::default(),
            replaced_out: HashMap::default(),
            absences: Vec::new(),
            last_date: None,
            pending: None,
            seeds: Vec::new(),
        }
    }

    /// Officers away on some day of `month` of the plan's year.
    fn away_in(&self, month: u32) -> Vec<&str> {
        let Some((first, last)) = self.plan.quarter.month_days(month) else { return Vec::new() };
        self.absences
            .iter()
            .filter(|(_, from, until)| *from <= last && *until >= first)
            .map(|(id, _, _)| id.as_str())
            .collect()
    }
}

/// An object a log closed, as a later draw must know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The object.
    pub object: Id,
    /// Its status from then on.
    pub new_status: Status,
    /// The claim's entry.
    pub entry: usize,
    /// Its date.
    pub date: NaiveDate,
    /// The evidence the claim gave.
    pub evidence: String,
}

impl PlanLog {
    /// The objects the log closed (claims whose replacements were drawn):
    /// from then on they are not drawn until the registry says otherwise by
    /// a recorded reinstatement.
    pub fn closures(&self) -> Vec<Closure> {
        let drawn: HashSet<usize> = self
            .entries
            .iter()
            .filter_map(|e| match &e.entry {
                Entry::Amendment(Amendment { kind: AmendmentKind::ReplacementsDrawn { claim, .. }, .. }) => {
                    Some(*claim)
                }
                _ => None,
            })
            .collect();
        self.entries
            .iter()
            .enumerate()
            .filter(|(index, _)| drawn.contains(index))
            .filter_map(|(entry, e)| match &e.entry {
                Entry::Amendment(a) => match &a.kind {
                    AmendmentKind::ObjectClosed { object, new_status, .. } => Some(Closure {
                        object: object.clone(),
                        new_status: *new_status,
                        entry,
                        date: a.date,
                        evidence: a.evidence.clone().unwrap_or_default(),
                    }),
                    _ => None,
                },
                Entry::Original { .. } => None,
            })
            .collect()
    }

    /// A new log holding the original plan.
    pub fn new(plan: QuarterPlan) -> Self {
        let entry = Entry::Original { plan };
        let hash = entry_hash("", &entry);
        PlanLog { format: LogFormat, entries: vec![LogEntry { prev_hash: String::new(), entry, hash }] }
    }

    /// The original plan (entry 0), if the log starts with one.
    pub fn original(&self) -> Option<&QuarterPlan> {
        match self.entries.first().map(|e| &e.entry) {
            Some(Entry::Original { plan }) => Some(plan),
            _ => None,
        }
    }

    /// The amendments (every entry but the original plan), as they are
    /// published in the draw record and the disclosure: each with its
    /// hashes, so a reader can recompute the chain from entry 0's hash.
    pub fn amendments(&self) -> Vec<LogEntry> {
        self.entries.iter().skip(1).cloned().collect()
    }

    /// The log's head: its length and the last entry's hash.
    pub fn head(&self) -> LogHead {
        LogHead { entries: self.entries.len(), hash: self.head_hash().to_owned() }
    }

    fn head_hash(&self) -> &str {
        self.entries.last().map_or("", |e| e.hash.as_str())
    }

    /// The plan with every amendment applied, tasks sorted by unit, month
    /// and object.
    ///
    /// # Errors
    /// [`AmendError`] when the log does not start with an original plan, an
    /// amendment names a task that is not there, or a claim still awaits
    /// its replacements ([`AmendError::Pending`]: until they are drawn the
    /// plan has a vacancy, and nothing is published against it).
    pub fn current_plan(&self) -> Result<QuarterPlan, AmendError> {
        let state = self.state()?;
        match state.pending {
            Some((claim, ..)) => Err(AmendError::Pending { claim }),
            None => Ok(state.plan),
        }
    }

    /// The entry of the claim awaiting its replacements, if one does.
    ///
    /// # Errors
    /// As [`PlanLog::current_plan`], a pending claim aside.
    pub fn pending_claim(&self) -> Result<Option<usize>, AmendError> {
        Ok(self.state()?.pending.map(|(claim, ..)| claim))
    }

    fn state(&self) -> Result<State, AmendError> {
        let mut entries = self.entries.iter().enumerate();
        let Some((_, LogEntry { entry: Entry::Original { plan }, .. })) = entries.next() else {
            return Err(AmendError::NoOriginal);
        };
        let mut state = State::new(plan);
        for (index, e) in entries {
            let Entry::Amendment(a) = &e.entry else { return Err(AmendError::NoOriginal) };
            apply(&mut state, index, &e.hash, a)?;
        }
        Ok(state)
    }

    fn append(&mut self, amendment: Amendment) {
        let prev_hash = self.head_hash().to_owned();
        let entry = Entry::Amendment(amendment);
        let hash = entry_hash(&prev_hash, &entry);
        self.entries.push(LogEntry { prev_hash, entry, hash });
    }

    /// Appends a claim after checking it can be answered: publish the head
    /// it returns, then fix the seed by `seed_rule` and call
    /// [`PlanLog::draw_replacements`].
    fn claim(&mut self, request: &PlanRequest, kind: AmendmentKind, note: Note) -> Result<LogHead, AmendError> {
        let state = self.state()?;
        let amendment = amendment(kind, note);
        check_amendment(request, &state, &amendment)?;
        self.append(amendment);
        Ok(self.head())
    }

    /// Claims that officer `out` leaves task (`unit`, `object`) (a late
    /// recusal). The replacement is drawn later, under a seed fixed by
    /// `seed_rule` after the claim is published ([`PlanLog::draw_replacements`]).
    /// Returns the head to publish.
    ///
    /// # Errors
    /// [`AmendError`] when the task or officer is not there, nobody could
    /// replace them, a claim is pending, the rule is weak, or the note is
    /// blank, has no evidence or is dated before the previous amendment.
    pub fn replace_inspector(
        &mut self,
        request: &PlanRequest,
        (unit, object, out): (&str, &str, &str),
        seed_rule: SeedRule,
        note: Note,
    ) -> Result<LogHead, AmendError> {
        let kind =
            AmendmentKind::ReplaceInspector { unit: unit.into(), object: object.into(), out: out.into(), seed_rule };
        self.claim(request, kind, note)
    }

    /// Claims that officer `inspector` is away from `from` to `until`
    /// (illness, leave): they leave every task in a month the absence
    /// overlaps, and are drawn onto no task of those months afterwards.
    /// Returns the head to publish; the replacements are drawn later.
    ///
    /// # Errors
    /// As [`PlanLog::replace_inspector`]; also when the officer is on no
    /// such task or the absence ends before it starts.
    pub fn inspector_absent(
        &mut self,
        request: &PlanRequest,
        (inspector, from, until): (&str, NaiveDate, NaiveDate),
        seed_rule: SeedRule,
        note: Note,
    ) -> Result<LogHead, AmendError> {
        let kind = AmendmentKind::InspectorAbsent { inspector: inspector.into(), from, until, seed_rule };
        self.claim(request, kind, note)
    }

    /// Claims that the object of task (`unit`, `object`) closed or moved
    /// before the visit (`new_status`): its task is cancelled. Returns the
    /// head to publish; the objects drawn in its place are drawn later.
    ///
    /// # Errors
    /// As [`PlanLog::replace_inspector`]; also when the status is still
    /// drawn or a stratum has nobody left.
    pub fn close_object(
        &mut self,
        request: &PlanRequest,
        (unit, object, new_status): (&str, &str, Status),
        seed_rule: SeedRule,
        note: Note,
    ) -> Result<LogHead, AmendError> {
        let previous_status = registry_status(request, object)
            .ok_or_else(|| AmendError::NoSuchTask { unit: unit.to_owned(), object: object.to_owned() })?;
        let kind = AmendmentKind::ObjectClosed {
            unit: unit.into(),
            object: object.into(),
            previous_status,
            new_status,
            seed_rule,
        };
        self.claim(request, kind, note)
    }

    /// Draws the replacements of the pending claim under `seed` (fixed in
    /// public by the claim's rule after its head was published), appends
    /// them and returns the amendment.
    ///
    /// # Errors
    /// [`AmendError`] when no claim is pending, the seed does not fit the
    /// claim's rule, nobody can be drawn, or the note is invalid.
    pub fn draw_replacements(
        &mut self,
        request: &PlanRequest,
        seed: &str,
        note: Note,
    ) -> Result<AmendmentKind, AmendError> {
        let state = self.state()?;
        let Some((claim, claim_hash, kind)) = &state.pending else {
            return Err(AmendError::NothingToDraw { claim: self.entries.len(), pending: None });
        };
        let seed = normalize_seed(seed, kind.claim_rule())?;
        // The note and the seed are checked before the draw, which is made
        // once (check_amendment would draw it again to compare).
        let mut amendment = amendment(
            AmendmentKind::ReplacementsDrawn { claim: *claim, seed: seed.clone(), officers: vec![], objects: vec![] },
            note,
        );
        check_note(&state, &amendment)?;
        check_fresh_seed(&state, &seed)?;
        let (officers, objects) = draw_for(request, &state, kind, &DrawSeed { seed: &seed, claim_hash })?;
        amendment.kind = AmendmentKind::ReplacementsDrawn { claim: *claim, seed, officers, objects };
        let kind = amendment.kind.clone();
        self.append(amendment);
        Ok(kind)
    }

    /// Moves a task to another month of the quarter and appends the
    /// amendment.
    ///
    /// # Errors
    /// [`AmendError`] when the task is not there, the month is outside the
    /// quarter or the task's own, a claim is pending, or the note is
    /// invalid.
    pub fn move_task(&mut self, (unit, object, to_month): (&str, &str, u32), note: Note) -> Result<(), AmendError> {
        let state = self.state()?;
        if let Some((claim, ..)) = &state.pending {
            return Err(AmendError::Pending { claim: *claim });
        }
        let from_month = find_task(&state.plan, unit, object)?.month;
        let kind = AmendmentKind::MoveTask { unit: unit.to_owned(), object: object.to_owned(), from_month, to_month };
        let amendment = amendment(kind, note);
        check_note(&state, &amendment)?;
        check_move(&state.plan, &amendment.kind)?;
        self.append(amendment);
        Ok(())
    }

    /// The log as pretty JSON.
    ///
    /// # Errors
    /// A serialization error (not expected for these types).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// Reads a log from JSON.
    ///
    /// # Errors
    /// The JSON error, with line and column.
    pub fn from_json(text: &str) -> Result<PlanLog, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Verifies a log against the request: the hash chain, the original plan
/// ([`verify_plan`]) and every amendment (re-derived replacements, months
/// in the quarter, non-blank reason and author, non-decreasing dates).
///
/// # Errors
/// [`LogError`] naming the first entry that fails.
pub fn verify_log(log: &PlanLog, request: &PlanRequest) -> Result<LogReport, LogError> {
    if log.entries.is_empty() {
        return Err(LogError::Empty);
    }
    let mut expected_prev = String::new();
    for (index, e) in log.entries.iter().enumerate() {
        let computed = entry_hash(&e.prev_hash, &e.entry);
        if computed != e.hash {
            return Err(LogError::Hash { index, recorded: e.hash.clone(), computed });
        }
        if e.prev_hash != expected_prev {
            return Err(LogError::PrevHash { index, recorded: e.prev_hash.clone(), expected: expected_prev });
        }
        match (&e.entry, index) {
            (Entry::Original { .. }, 0) | (Entry::Amendment(_), 1..) => {}
            (Entry::Amendment(_), _) => {
                return Err(LogError::Structure { index, problem: "entry 0 must be the original plan".into() });
            }
            (Entry::Original { .. }, _) => {
                return Err(LogError::Structure { index, problem: "only entry 0 may hold an original plan".into() });
            }
        }
        expected_prev = e.hash.clone();
    }
    let Some(original) = log.original() else { return Err(LogError::Empty) };
    verify_plan(original, request).map_err(LogError::Original)?;

    let mut state = State::new(original);
    let mut amendments = Vec::new();
    for (index, e) in log.entries.iter().enumerate().skip(1) {
        let Entry::Amendment(a) = &e.entry else { continue };
        let kind = a.kind.name();
        check_amendment(request, &state, a).map_err(|error| LogError::Amendment { index, kind, error })?;
        apply(&mut state, index, &e.hash, a).map_err(|error| LogError::Amendment { index, kind, error })?;
        amendments.push(AmendmentSummary {
            index,
            kind,
            summary: a.kind.to_string(),
            reason: a.reason.clone(),
            author: a.author.clone(),
            date: a.date,
            hash: e.hash.clone(),
        });
    }
    Ok(LogReport {
        original: OriginalSummary {
            quarter: original.quarter,
            seed: original.seed.clone(),
            commitment: original.commitment.clone(),
            strata: original.strata.len(),
            tasks: original.tasks.len(),
            hash: log.entries.first().map(|e| e.hash.clone()).unwrap_or_default(),
        },
        amendments,
        head: log.head(),
    })
}

/// Checks a log against a head published earlier: the log must reach the
/// head's length and its entry there must have the head's hash. Entries
/// after the head are allowed (amendments made since); the number is
/// returned.
///
/// # Errors
/// [`HeadError`] when entries were cut off, or the log up to the head was
/// rewritten.
pub fn check_head(log: &PlanLog, head: &LogHead) -> Result<usize, HeadError> {
    let index = head.entries.saturating_sub(1);
    let Some(entry) = log.entries.get(index).filter(|_| head.entries > 0) else {
        return Err(HeadError::Truncated {
            published: head.entries,
            found: log.entries.len(),
            found_last: log.entries.len().saturating_sub(1),
        });
    };
    if entry.hash != head.hash {
        return Err(HeadError::Rewritten { index, published: head.hash.clone(), found: entry.hash.clone() });
    }
    Ok(log.entries.len() - head.entries)
}

fn amendment(kind: AmendmentKind, note: Note) -> Amendment {
    Amendment { kind, reason: note.reason, author: note.author, date: note.date, evidence: note.evidence }
}

/// The note's date lies in the quarter and does not go back; reason and
/// author are given; a claim gives its evidence; nothing but the draw
/// follows a pending claim.
fn check_note(state: &State, a: &Amendment) -> Result<(), AmendError> {
    let quarter = state.plan.quarter;
    if a.date < quarter.first_day() || a.date > quarter.last_day() {
        return Err(AmendError::DateOutsideQuarter { date: a.date, quarter });
    }
    if a.reason.trim().is_empty() {
        return Err(AmendError::Blank { field: "reason" });
    }
    if a.author.trim().is_empty() {
        return Err(AmendError::Blank { field: "author" });
    }
    if a.kind.claim_rule().is_some() && a.evidence.as_deref().is_none_or(|e| e.trim().is_empty()) {
        return Err(AmendError::Blank { field: "evidence" });
    }
    if let Some(previous) = state.last_date.filter(|p| a.date < *p) {
        return Err(AmendError::DateGoesBack { date: a.date, previous });
    }
    match (&state.pending, &a.kind) {
        (Some(_), AmendmentKind::ReplacementsDrawn { .. }) | (None, _) => Ok(()),
        (Some((claim, ..)), _) => Err(AmendError::Pending { claim: *claim }),
    }
}

/// Checks an amendment against the state before it: a claim can be
/// answered (drawn under any seed, the draw discarded), a draw's choices
/// are the ones its seed gives, a move's months.
fn check_amendment(request: &PlanRequest, state: &State, a: &Amendment) -> Result<(), AmendError> {
    check_note(state, a)?;
    match &a.kind {
        AmendmentKind::ObjectClosed { object, previous_status, .. } => {
            let actual = registry_status(request, object);
            if actual != Some(*previous_status) {
                return Err(AmendError::WrongPreviousStatus {
                    object: object.clone(),
                    recorded: previous_status.en(),
                    actual: actual.map_or("not in the registry", Status::en),
                });
            }
            check_claim(request, state, &a.kind)
        }
        AmendmentKind::ReplaceInspector { .. } | AmendmentKind::InspectorAbsent { .. } => {
            check_claim(request, state, &a.kind)
        }
        AmendmentKind::ReplacementsDrawn { claim, seed, officers, objects } => {
            let Some((_, claim_hash, kind)) = state.pending.as_ref().filter(|(p, ..)| p == claim) else {
                return Err(AmendError::NothingToDraw {
                    claim: *claim,
                    pending: state.pending.as_ref().map(|(p, ..)| *p),
                });
            };
            check_fresh_seed(state, seed)?;
            let normalised = normalize_seed(seed, kind.claim_rule())?;
            if &normalised != seed {
                return Err(AmendError::SeedNotNormal { recorded: seed.clone(), normalised });
            }
            let (want_officers, want_objects) = draw_for(request, state, kind, &DrawSeed { seed, claim_hash })?;
            if &want_officers != officers {
                return Err(AmendError::WrongOfficers {
                    expected: team_changes_text(&want_officers),
                    found: team_changes_text(officers),
                });
            }
            if &want_objects != objects {
                return Err(AmendError::WrongReplacements {
                    expected: replacements_text(&want_objects),
                    found: replacements_text(objects),
                });
            }
            Ok(())
        }
        AmendmentKind::MoveTask { .. } => check_move(&state.plan, &a.kind),
    }
}

/// A replacement seed is not one already known when the claim was made:
/// not the plan's seed, nor an earlier draw's.
fn check_fresh_seed(state: &State, seed: &str) -> Result<(), AmendError> {
    let known = |what: &str| Err(AmendError::SeedKnown { seed: seed.to_owned(), what: what.to_owned() });
    if normalize_seed(&state.plan.seed, None).is_ok_and(|s| s == seed) {
        return known("the plan's own seed");
    }
    if let Some(entry) = state.seeds.iter().find(|(_, s)| s == seed).map(|(e, _)| *e) {
        return known(&format!("the seed of the draw at entry {entry}"));
    }
    Ok(())
}

/// A claim's rule can give a seed, and its replacements can be drawn (the
/// candidates do not depend on the seed, only their order does).
fn check_claim(request: &PlanRequest, state: &State, kind: &AmendmentKind) -> Result<(), AmendError> {
    if let Some(rule) = kind.claim_rule() {
        rule.validate()?;
        if rule.weak {
            return Err(AmendError::WeakClaimSeed { digits: rule.digits });
        }
    }
    draw_for(request, state, kind, &DrawSeed { seed: "0", claim_hash: "" }).map(|_| ())
}

/// The replacements a claim's draw makes under `seeds`.
fn draw_for(
    request: &PlanRequest,
    state: &State,
    kind: &AmendmentKind,
    seeds: &DrawSeed<'_>,
) -> Result<(Vec<TeamChange>, Vec<Replacement>), AmendError> {
    match kind {
        AmendmentKind::ReplaceInspector { unit, object, out, .. } => {
            let replacement = choose_inspector(request, state, unit, object, out, seeds)?;
            Ok((vec![TeamChange { unit: unit.clone(), object: object.clone(), replacement }], Vec::new()))
        }
        AmendmentKind::InspectorAbsent { inspector, from, until, .. } => {
            Ok((choose_absence_replacements(request, state, inspector, *from, *until, seeds)?, Vec::new()))
        }
        AmendmentKind::ObjectClosed { unit, object, new_status, .. } => {
            Ok((Vec::new(), choose_replacements(request, state, unit, object, *new_status, seeds)?))
        }
        AmendmentKind::ReplacementsDrawn { .. } | AmendmentKind::MoveTask { .. } => Ok((Vec::new(), Vec::new())),
    }
}

fn team_changes_text(list: &[TeamChange]) -> String {
    list.iter().map(|c| format!("{}/{} → {}", c.unit, c.object, c.replacement)).collect::<Vec<_>>().join("; ")
}

fn registry_status(request: &PlanRequest, object: &str) -> Option<Status> {
    request.registry.objects.iter().find(|o| o.id == object).map(|o| o.status)
}

fn replacements_text(list: &[Replacement]) -> String {
    list.iter()
        .map(|r| {
            let visit = match &r.new_task {
                Some(t) => format!(
                    "new visit month {} officers {}",
                    t.month,
                    t.officers().iter().map(String::as_str).collect::<Vec<_>>().join(",")
                ),
                None => "joins its existing visit".to_owned(),
            };
            format!("{}: {} ticket {} ({visit})", r.stratum, r.object, r.ticket)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_move(plan: &QuarterPlan, kind: &AmendmentKind) -> Result<(), AmendError> {
    let AmendmentKind::MoveTask { unit, object, from_month, to_month } = kind else { return Ok(()) };
    let task = find_task(plan, unit, object)?;
    if task.month != *from_month {
        return Err(AmendError::FromMonth {
            unit: unit.clone(),
            object: object.clone(),
            recorded: *from_month,
            actual: task.month,
        });
    }
    if !plan.quarter.months().contains(to_month) {
        return Err(AmendError::MonthOutsideQuarter { month: *to_month, quarter: plan.quarter });
    }
    if to_month == from_month {
        return Err(AmendError::SameMonth { unit: unit.clone(), object: object.clone(), month: *to_month });
    }
    Ok(())
}

fn find_task<'a>(plan: &'a QuarterPlan, unit: &str, object: &str) -> Result<&'a Task, AmendError> {
    plan.tasks
        .iter()
        .find(|t| t.unit == unit && t.object == object)
        .ok_or_else(|| AmendError::NoSuchTask { unit: unit.to_owned(), object: object.to_owned() })
}

fn find_task_mut<'a>(plan: &'a mut QuarterPlan, unit: &str, object: &str) -> Result<&'a mut Task, AmendError> {
    plan.tasks
        .iter_mut()
        .find(|t| t.unit == unit && t.object == object)
        .ok_or_else(|| AmendError::NoSuchTask { unit: unit.to_owned(), object: object.to_owned() })
}

/// Applies a recorded amendment (no choice is re-derived here): a claim
/// waits for its draw, and the draw applies both.
fn apply(state: &mut State, index: usize, hash: &str, a: &Amendment) -> Result<(), AmendError> {
    match &a.kind {
        AmendmentKind::ReplaceInspector { .. }
        | AmendmentKind::InspectorAbsent { .. }
        | AmendmentKind::ObjectClosed { .. } => {
            if let Some((claim, ..)) = &state.pending {
                return Err(AmendError::Pending { claim: *claim });
            }
            state.pending = Some((index, hash.to_owned(), a.kind.clone()));
        }
        AmendmentKind::ReplacementsDrawn { claim, officers, objects, seed } => {
            let pending = state.pending.as_ref().map(|(p, ..)| *p);
            let Some((_, _, kind)) = state.pending.take().filter(|(p, ..)| p == claim) else {
                return Err(AmendError::NothingToDraw { claim: *claim, pending });
            };
            apply_draw(state, &kind, officers, objects)?;
            state.seeds.push((index, seed.clone()));
        }
        AmendmentKind::MoveTask { unit, object, to_month, .. } => {
            find_task_mut(&mut state.plan, unit, object)?.month = *to_month;
        }
    }
    state.plan.tasks.sort_by(|x, y| (&x.unit, x.month, &x.object).cmp(&(&y.unit, y.month, &y.object)));
    state.last_date = Some(a.date);
    Ok(())
}

/// A claim and its drawn replacements, applied together.
fn apply_draw(
    state: &mut State,
    claim: &AmendmentKind,
    officers: &[TeamChange],
    objects: &[Replacement],
) -> Result<(), AmendError> {
    match claim {
        AmendmentKind::ReplaceInspector { out, .. } => {
            for change in officers {
                swap_officer(&mut state.plan, change, out)?;
                state.replaced_out.entry((change.unit.clone(), change.object.clone())).or_default().push(out.clone());
            }
        }
        AmendmentKind::InspectorAbsent { inspector, from, until, .. } => {
            for change in officers {
                swap_officer(&mut state.plan, change, inspector)?;
                state
                    .replaced_out
                    .entry((change.unit.clone(), change.object.clone()))
                    .or_default()
                    .push(inspector.clone());
            }
            state.absences.push((inspector.clone(), *from, *until));
        }
        AmendmentKind::ObjectClosed { unit, object, .. } => {
            find_task(&state.plan, unit, object)?;
            state.plan.tasks.retain(|t| !(t.unit == *unit && t.object == *object));
            state.closed.insert(object.clone());
            for r in objects {
                apply_replacement(&mut state.plan, unit, r)?;
            }
        }
        AmendmentKind::ReplacementsDrawn { .. } | AmendmentKind::MoveTask { .. } => {}
    }
    Ok(())
}

fn apply_replacement(plan: &mut QuarterPlan, unit: &str, r: &Replacement) -> Result<(), AmendError> {
    if let Some(task) = &r.new_task {
        plan.tasks.push(task.clone());
        return Ok(());
    }
    let (pool, expertise) = stratum_pool(plan, &r.stratum)?;
    let task = find_task_mut(plan, unit, &r.object)?;
    task.covers.push(Cover { stratum: r.stratum.clone().into(), ticket: r.ticket.clone() });
    task.covers.sort();
    task.expertise.extend(pool.required_expertise().map(str::to_owned).into_iter().chain(expertise));
    task.pools.insert(pool);
    Ok(())
}

fn stratum_line<'a>(plan: &'a QuarterPlan, stratum: &str) -> Result<&'a StratumLine, AmendError> {
    plan.strata
        .iter()
        .find(|l| stratum_name(l) == stratum)
        .ok_or_else(|| AmendError::UnknownStratum { stratum: stratum.to_owned() })
}

/// The pool a stratum of the plan draws from, and the expertise its
/// matter names, if any.
fn stratum_pool(plan: &QuarterPlan, stratum: &str) -> Result<(Pool, Option<String>), AmendError> {
    let line = stratum_line(plan, stratum)?;
    let pool = if line.campaign.is_some() { Pool::Pollution } else { line.stratum.pool.clone() };
    Ok((pool, line.expertise.clone()))
}

/// Each member's tasks this quarter: in `plan` (officers and joining
/// members, as the assignment counts them) and, for one month of a quarter
/// drawn month by month, in its earlier months (docs/draw-algorithm.md §5).
fn loads<'a>(request: &'a PlanRequest, plan: &'a QuarterPlan) -> HashMap<&'a str, u32> {
    let mut load: HashMap<&str, u32> = request
        .registry
        .inspectors
        .iter()
        .zip(earlier_loads(request))
        .filter(|(_, n)| *n > 0)
        .map(|(p, n)| (p.id.as_str(), n))
        .collect();
    for t in &plan.tasks {
        if let Visit::Own { officers, joining } = &t.visit {
            for id in officers.iter().chain(joining) {
                *load.entry(id.as_str()).or_default() += 1;
            }
        }
    }
    load
}

/// The unit's certified officers who may take a visit to `object`, in the
/// order the assignment offers it ([`offer_order`]): not recused, below
/// capacity, not in `exclude`.
fn ranked_officers<'a>(
    request: &'a PlanRequest,
    plan: &QuarterPlan,
    (unit, object): (&str, &str),
    exclude: &[&str],
    seeds: &DrawSeed<'_>,
) -> Vec<&'a Inspector> {
    let load = loads(request, plan);
    let previous = previous_visits(request);
    let previous = previous.get(object).map(|(_, team)| team.as_slice()).unwrap_or_default();
    let free: Vec<(&Inspector, ())> = request
        .registry
        .inspectors
        .iter()
        .filter(|p| p.jurisdiction == unit && p.is_certified_officer())
        .filter(|p| !exclude.contains(&p.id.as_str()) && !p.recusals.contains(object))
        .filter(|p| load.get(p.id.as_str()).copied().unwrap_or(0) < p.quarterly_capacity)
        .map(|p| (p, ()))
        .collect();
    let seed_string = seeds.string(&team_seed_string(request, unit, object));
    offer_order_under(&seed_string, |id| previous.contains(&id), free).into_iter().map(|(p, ())| p).collect()
}

/// Expertise of `task` that nobody in `people` has.
fn uncovered(request: &PlanRequest, task: &Task, people: &[&str]) -> Vec<String> {
    let by_id: HashMap<&str, &Inspector> = request.registry.inspectors.iter().map(|i| (i.id.as_str(), i)).collect();
    task.expertise
        .iter()
        .filter(|e| !people.iter().any(|p| by_id.get(p).is_some_and(|i| i.expertise.contains(*e))))
        .cloned()
        .collect()
}

fn choose_inspector(
    request: &PlanRequest,
    state: &State,
    unit: &str,
    object: &str,
    out: &str,
    seeds: &DrawSeed<'_>,
) -> Result<Id, AmendError> {
    let (candidates, missing) = candidates(request, state, (unit, object), out, seeds)?;
    candidates.first().map(|p| p.id.clone()).ok_or_else(|| no_free_officer(unit, object, &missing))
}

/// The officers who may replace `out` on a task, in the order they are
/// offered it (§5's rank under the replacement seed string): free, not
/// recused, not on the team, replaced out of it before or away in its
/// month, and holding every expertise the team loses (`missing`).
fn candidates<'a>(
    request: &'a PlanRequest,
    state: &State,
    (unit, object): (&str, &str),
    out: &str,
    seeds: &DrawSeed<'_>,
) -> Result<(Vec<&'a Inspector>, Vec<String>), AmendError> {
    let plan = &state.plan;
    let task = find_task(plan, unit, object)?;
    let Visit::Own { officers, joining } = &task.visit else {
        return Err(AmendError::NotOwnVisit { unit: unit.to_owned(), object: object.to_owned() });
    };
    if !officers.iter().any(|o| o == out) {
        return Err(AmendError::NotOnTeam {
            unit: unit.to_owned(),
            object: object.to_owned(),
            inspector: out.to_owned(),
        });
    }
    let team: Vec<&str> = officers.iter().chain(joining).map(String::as_str).collect();
    let staying: Vec<&str> = team.iter().copied().filter(|p| *p != out).collect();
    let missing = uncovered(request, task, &staying);
    let earlier = state.replaced_out.get(&(unit.to_owned(), object.to_owned()));
    let exclude: Vec<&str> = team
        .iter()
        .copied()
        .chain(earlier.into_iter().flatten().map(String::as_str))
        .chain(state.away_in(task.month))
        .collect();
    let mut ranked = ranked_officers(request, plan, (unit, object), &exclude, seeds);
    ranked.retain(|p| missing.iter().all(|e| p.expertise.contains(e)));
    Ok((ranked, missing))
}

fn no_free_officer(unit: &str, object: &str, missing: &[String]) -> AmendError {
    AmendError::NoFreeOfficer { unit: unit.to_owned(), object: object.to_owned(), expertise: missing.first().cloned() }
}

fn choose_replacements(
    request: &PlanRequest,
    state: &State,
    unit: &str,
    object: &str,
    new_status: Status,
    seeds: &DrawSeed<'_>,
) -> Result<Vec<Replacement>, AmendError> {
    if new_status.is_eligible() {
        return Err(AmendError::StillEligible { object: object.to_owned(), status: new_status });
    }
    let cancelled = find_task(&state.plan, unit, object)?.clone();
    let mut work = state.plan.clone();
    work.tasks.retain(|t| !(t.unit == unit && t.object == object));
    let mut closed = state.closed.clone();
    closed.insert(object.to_owned());

    let strata = stratify(&request.quota_input());
    let set_aside_reading = request.policy.readings.other_levels == OtherLevelVisits::SetAside;
    let mut covers = cancelled.covers.clone();
    covers.sort();
    covers.dedup_by(|a, b| a.stratum == b.stratum);

    let mut out = Vec::with_capacity(covers.len());
    for cover in &covers {
        let line = stratum_line(&work, &cover.stratum)?.clone();
        // Candidates: (drawn later because inspected, object).
        let candidates: Vec<(bool, &RegulatedObject)> = match &line.campaign {
            Some(id) => {
                let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
                let scope = request.campaigns.iter().find(|c| &c.id == id).map(|c| &c.scope);
                let members: Vec<&RegulatedObject> = request
                    .registry
                    .objects
                    .iter()
                    .filter(|o| unit_of.get(o.jurisdiction.as_str()).is_some_and(|u| *u == unit))
                    .filter(|o| o.status.is_eligible() && scope.is_some_and(|s| s.matches(o)))
                    .collect();
                // A monthly draw: an object the unit visited earlier in the
                // quarter has served the campaign (docs/draw-algorithm.md §3.5).
                let ids: Vec<Id> = members.iter().map(|o| o.id.clone()).collect();
                let earlier: HashSet<Id> = campaign_earlier(request, unit, &ids).into_iter().collect();
                members.into_iter().filter(|o| !earlier.contains(&o.id)).map(|o| (false, o)).collect()
            }
            None => strata
                .populations
                .iter()
                .find(|p| p.key == line.stratum)
                .map(|p| {
                    // The stratum's own draw order (docs/draw-algorithm.md §3):
                    // those drawn last (inspected this year, in the cycle,
                    // before) after the others; set aside and earlier
                    // months' draws not candidates.
                    p.members
                        .iter()
                        .zip(p.drawn_last())
                        .zip(p.visited_by_other_level.iter().zip(&p.drawn_this_quarter))
                        .filter(|(_, (other, earlier))| !(**earlier || set_aside_reading && **other))
                        .map(|((o, inspected), _)| (line.uninspected_first && *inspected, *o))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let drawn: HashSet<&str> = work
            .tasks
            .iter()
            .filter(|t| t.covers.iter().any(|c| c.stratum == cover.stratum))
            .map(|t| t.object.as_str())
            .collect();
        let tickets = TicketSeed::new(&seeds.string(&line.seed_string));
        let next = candidates
            .into_iter()
            .filter(|(_, o)| !drawn.contains(o.id.as_str()) && !closed.contains(&o.id))
            .map(|(late, o)| (late, tickets.ticket(&o.id), o))
            .min_by(|a, b| (a.0, &a.1, &a.2.id).cmp(&(b.0, &b.1, &b.2.id)));
        let Some((_, ticket, chosen)) = next else {
            return Err(AmendError::NoReplacementObject {
                stratum: cover.stratum.to_string(),
                object: object.to_owned(),
            });
        };
        let has_task = work.tasks.iter().any(|t| t.unit == unit && t.object == chosen.id);
        let new_task = if has_task {
            None
        } else {
            let pool = if line.campaign.is_some() { Pool::Pollution } else { line.stratum.pool.clone() };
            let campaign_expertise = line
                .campaign
                .as_ref()
                .and_then(|id| request.campaigns.iter().find(|c| &c.id == id))
                .and_then(|c| c.expertise.clone());
            let cover = Cover { stratum: cover.stratum.clone(), ticket: ticket.decimal() };
            Some(new_visit(
                request,
                &work,
                &cancelled,
                chosen,
                pool,
                campaign_expertise,
                cover,
                &state.away_in(cancelled.month),
                seeds,
            )?)
        };
        let r = Replacement {
            stratum: cover.stratum.to_string(),
            object: chosen.id.clone(),
            ticket: ticket.decimal(),
            new_task,
        };
        apply_replacement(&mut work, unit, &r)?;
        out.push(r);
    }
    Ok(out)
}

/// A new visit for a replacement object: the cancelled task's month; the
/// cancelled team where free, not recused and not away, completed by rank
/// (an officer with each missing expertise first).
#[allow(clippy::too_many_arguments)]
fn new_visit(
    request: &PlanRequest,
    plan: &QuarterPlan,
    cancelled: &Task,
    object: &RegulatedObject,
    pool: Pool,
    campaign_expertise: Option<String>,
    cover: Cover,
    away: &[&str],
    seeds: &DrawSeed<'_>,
) -> Result<Task, AmendError> {
    let unit = cancelled.unit.clone();
    let mut expertise: BTreeSet<String> = request.policy.expertise_for(&pool).map(str::to_owned).into_iter().collect();
    let pools = BTreeSet::from([pool]);
    expertise.extend(campaign_expertise);
    let (mode, mode_reason) = drawn_mode(request, object, &pools, cancelled.month);
    let mut task = Task {
        unit: unit.clone(),
        object: object.id.clone(),
        object_name: object.name.clone(),
        month: cancelled.month,
        mode,
        mode_reason,
        covers: vec![cover],
        targeted: Vec::new(),
        // The replacement takes over the cancelled task's share of the list.
        check_items: cancelled.check_items.clone(),
        pools,
        expertise,
        visit: Visit::Own { officers: Vec::new(), joining: Vec::new() },
    };
    if let Some(with) = other_level_visit(request, &unit, &object.id) {
        task.visit = Visit::JointWithOtherLevel { with };
        return Ok(task);
    }
    let load = loads(request, plan);
    let free = |id: &str| {
        !away.contains(&id)
            && request.registry.inspectors.iter().find(|p| p.id == id).is_some_and(|p| {
                p.on_post
                    && !p.recusals.contains(&object.id)
                    && load.get(id).copied().unwrap_or(0) < p.quarterly_capacity
            })
    };
    let (old_officers, old_joining) = match &cancelled.visit {
        Visit::Own { officers, joining } => (officers.clone(), joining.clone()),
        Visit::JointWithOtherLevel { .. } => (Vec::new(), Vec::new()),
    };
    let mut officers: Vec<Id> = old_officers.into_iter().filter(|id| free(id)).collect();
    let joining: Vec<Id> = old_joining.into_iter().filter(|id| free(id)).collect();
    let exclude_all = |officers: &[Id]| -> Vec<String> {
        officers.iter().chain(&joining).cloned().chain(away.iter().map(|a| (*a).to_owned())).collect()
    };
    for e in task.expertise.iter().cloned().collect::<Vec<_>>() {
        let people = exclude_all(&officers);
        let refs: Vec<&str> = people.iter().map(String::as_str).collect();
        let mut probe = task.clone();
        probe.expertise = BTreeSet::from([e.clone()]);
        if uncovered(request, &probe, &refs).is_empty() {
            continue;
        }
        let ranked = ranked_officers(request, plan, (&unit, &object.id), &refs, seeds);
        match ranked.iter().find(|p| p.expertise.contains(&e)) {
            Some(p) if officers.len() < 2 => officers.push(p.id.clone()),
            _ => {
                return Err(AmendError::NoFreeOfficer {
                    unit: unit.to_string(),
                    object: object.id.clone(),
                    expertise: Some(e),
                });
            }
        }
    }
    while officers.len() < 2 {
        let people = exclude_all(&officers);
        let refs: Vec<&str> = people.iter().map(String::as_str).collect();
        let ranked = ranked_officers(request, plan, (&unit, &object.id), &refs, seeds);
        let Some(p) = ranked.first() else {
            return Err(AmendError::NoFreeOfficer {
                unit: unit.to_string(),
                object: object.id.clone(),
                expertise: None,
            });
        };
        officers.push(p.id.clone());
    }
    officers.sort();
    task.visit = Visit::Own { officers, joining };
    Ok(task)
}

/// Other bureaus visiting the object this quarter, when the policy's
/// reading makes that a joint visit.
fn other_level_visit(request: &PlanRequest, unit: &str, object: &str) -> Option<Vec<Id>> {
    if request.policy.readings.other_levels != OtherLevelVisits::JointAndCount {
        return None;
    }
    let (start, end) = (request.quarter.first_day(), request.quarter.last_day());
    let with: BTreeSet<Id> = request
        .history
        .iter()
        .filter(|i| i.object == object && i.date >= start && i.date <= end && i.by != unit)
        .map(|i| i.by.clone())
        .collect();
    (!with.is_empty()).then(|| with.into_iter().collect())
}

/// Draws, task by task in plan order, a replacement for `inspector` on
/// every task of a month the absence overlaps: the best-ranked candidate
/// who leaves every later affected task one of its own (a flow, as the
/// assignment keeps); each choice counts toward capacity before the next,
/// and the absent officer (and anyone else away that month) is never
/// drawn.
fn choose_absence_replacements(
    request: &PlanRequest,
    state: &State,
    inspector: &str,
    from: NaiveDate,
    until: NaiveDate,
    seeds: &DrawSeed<'_>,
) -> Result<Vec<TeamChange>, AmendError> {
    if until < from {
        return Err(AmendError::AbsenceBackwards { from, until });
    }
    let mut work = State::new(&state.plan);
    work.replaced_out.clone_from(&state.replaced_out);
    work.absences.clone_from(&state.absences);
    work.absences.push((inspector.to_owned(), from, until));
    let quarter = state.plan.quarter;
    let affected: Vec<(Id, Id)> = state
        .plan
        .tasks
        .iter()
        .filter(|t| t.officers().iter().any(|o| o == inspector))
        .filter(|t| quarter.month_days(t.month).is_some_and(|(first, last)| from <= last && until >= first))
        .map(|t| (t.unit.to_string(), t.object.clone()))
        .collect();
    if affected.is_empty() {
        return Err(AmendError::NotOnAnyTask { inspector: inspector.to_owned(), from, until });
    }
    // Each pick is kept only if every later affected task can still get
    // its replacement: the assignment's flow (plan/feasible), one officer a
    // task, so an earlier pick never corners a later one.
    let lists = affected
        .iter()
        .map(|(unit, object)| candidates(request, &work, (unit, object), inspector, seeds))
        .collect::<Result<Vec<_>, _>>()?;
    let mut flow = ReplacementFlow::new(request, &work.plan, &lists);
    let mut changes = Vec::with_capacity(affected.len());
    for (v, ((unit, object), (ranked, missing))) in affected.into_iter().zip(&lists).enumerate() {
        let replacement = match flow.as_mut() {
            Some(f) => {
                let pick = ranked.iter().find(|p| f.keeps(v, &p.id)).map(|p| p.id.clone());
                f.fix(v);
                pick.ok_or_else(|| no_free_officer(&unit, &object, missing))?
            }
            // No assignment exists: in order, until the task left without.
            None => choose_inspector(request, &work, &unit, &object, inspector, seeds)?,
        };
        let change = TeamChange { unit, object, replacement };
        swap_officer(&mut work.plan, &change, inspector)?;
        work.replaced_out.entry((change.unit.clone(), change.object.clone())).or_default().push(inspector.to_owned());
        changes.push(change);
    }
    Ok(changes)
}

/// The flow of an absence's replacements: each affected task needs one of
/// its candidates, within their capacity left on the amended plan.
struct ReplacementFlow {
    officers: Vec<Id>,
    feasible: Feasible,
}

impl ReplacementFlow {
    /// `None` when no assignment gives every task a replacement: the
    /// picks then go in order, and the first task left without one is
    /// named.
    fn new(request: &PlanRequest, plan: &QuarterPlan, lists: &[(Vec<&Inspector>, Vec<String>)]) -> Option<Self> {
        let mut officers: Vec<&Inspector> = lists.iter().flat_map(|(ranked, _)| ranked.iter().copied()).collect();
        officers.sort_by(|a, b| a.id.cmp(&b.id));
        officers.dedup_by(|a, b| a.id == b.id);
        let load = loads(request, plan);
        let room = officers
            .iter()
            .map(|p| p.quarterly_capacity.saturating_sub(load.get(p.id.as_str()).copied().unwrap_or(0)))
            .collect();
        let allowed = |v: usize, o: usize| {
            let (Some((ranked, _)), Some(p)) = (lists.get(v), officers.get(o)) else { return false };
            ranked.iter().any(|r| r.id == p.id)
        };
        let feasible = Feasible::with_need(1, lists.len(), room, allowed).ok()?;
        Some(ReplacementFlow { officers: officers.iter().map(|p| p.id.clone()).collect(), feasible })
    }

    /// Whether `id` may replace on task `v` and leave the later ones theirs.
    fn keeps(&mut self, v: usize, id: &str) -> bool {
        let at = self.officers.binary_search_by(|o| o.as_str().cmp(id)).ok();
        at.is_some_and(|o| self.feasible.force(v, o, &[]))
    }

    fn fix(&mut self, v: usize) {
        self.feasible.fix(v);
    }
}

/// Puts `change.replacement` in `out`'s place on the task's team.
fn swap_officer(plan: &mut QuarterPlan, change: &TeamChange, out: &str) -> Result<(), AmendError> {
    let task = find_task_mut(plan, &change.unit, &change.object)?;
    let Visit::Own { officers, .. } = &mut task.visit else {
        return Err(AmendError::NotOwnVisit { unit: change.unit.clone(), object: change.object.clone() });
    };
    let Some(slot) = officers.iter_mut().find(|o| *o == out) else {
        return Err(AmendError::NotOnTeam {
            unit: change.unit.clone(),
            object: change.object.clone(),
            inspector: out.to_owned(),
        });
    };
    slot.clone_from(&change.replacement);
    officers.sort();
    Ok(())
}
