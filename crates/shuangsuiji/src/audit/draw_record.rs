//! The public draw record (一公开): everything needed to re-derive the
//! whole plan — companies, teams and months — with SHA-256 and (for the
//! teams) SipHash-2-4, and nothing confidential.
//!
//! Per stratum it gives the seed string, the population (eligible object
//! ids, sorted), the ids drawn first because not yet inspected this year
//! (only where a yearly minimum orders them first), the ids set aside
//! because another level visits them (only under the `set_aside` reading),
//! the minimum, and the drawn ids with their tickets. Per drawing unit it
//! gives the inspector library's public part (ids, roles, expertise,
//! quarterly capacity — officer ids are public under the 行政执法公示
//! rules) and every task with what its team and month are drawn from: the
//! month fixed by a targeted visit, the expertise it needs, the previous
//! visit's team (rotation), the officers who may not take it (no reason
//! given), and the team and month drawn.
//!
//! It carries no names of people or companies, no credit, complaint or
//! violation data, no reason for a targeted visit or a recusal, and no
//! person's absence reasons. What it does reveal, by design: which objects
//! are in which stratum (a risk tier's members — name tiers neutrally, see
//! [`Modifier::RiskTier`](crate::rules::Modifier::RiskTier)'s `label`),
//! that an object has a targeted visit, and that an officer may not inspect
//! an object. `tests/reference/draw_record_check.py` re-derives a record
//! with Python's standard library alone (`hashlib`, and SipHash-2-4 in a
//! few lines of its own).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::format::format_tag;
use crate::model::{Id, Inspector, Quarter, Role};
use crate::plan::assign::{earlier_loads, previous_visits};
use crate::plan::stratum::unit_of_jurisdiction;
use crate::plan::{QuarterPlan, Visit};
use crate::request::{commitment_digest, PlanRequest, SeedRule};

use super::amend::{LogEntry, LogHead, PlanLog};
use super::commitment::{check_intact, Commitment};
use super::strata::stratum_records;
pub use super::strata::{committed_strata, strata_root, stratum_digest, DrawnObject, StratumRecord};

format_tag!(
    /// The draw record's format tag.
    DrawRecordFormat,
    "shuangsuiji.draw-record/4",
    "draw record"
);

/// The public record of a quarter's draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRecord {
    /// The format tag.
    pub format: DrawRecordFormat,
    /// The policy's id.
    pub policy: String,
    /// The quarter.
    pub quarter: Quarter,
    /// The month, for one month of a quarter drawn month by month: every
    /// task is in it, and seed strings name it (`2023-07`) instead of the
    /// quarter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// The commitment digest the plan records (`docs/draw-protocol.md`).
    pub commitment: String,
    /// The commitment digest of the request the record was made from;
    /// equal to `commitment` unless the plan does not belong to it.
    pub request_commitment: String,
    /// The rule announced for the seed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_rule: Option<SeedRule>,
    /// The public seed, normalised.
    pub seed: String,
    /// The head of the plan's amendment log, when one was given: publish it
    /// with each amendment so the log can be checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_head: Option<LogHead>,
    /// Every amendment of the log, as it holds them (claims with their
    /// evidence and seed rules, draws with their seeds and tickets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<LogEntry>,
    /// One entry per stratum, in the plan's order.
    pub strata: Vec<StratumRecord>,
    /// Per drawing unit: what its teams and months are drawn from, and the
    /// teams and months drawn.
    pub units: Vec<UnitRecord>,
}

/// A drawing unit's people and tasks, as the public may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRecord {
    /// The unit.
    pub unit: Id,
    /// The unit's inspector library, those on post: ids, roles, expertise,
    /// capacity.
    pub inspectors: Vec<PublicInspector>,
    /// Every task of the unit, in the plan's order.
    pub tasks: Vec<PublicTask>,
}

/// The public part of an inspector's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicInspector {
    /// Id (e.g. the enforcement certificate number).
    pub id: Id,
    /// Role: only officers count toward the two a visit needs.
    pub role: Role,
    /// Expertise tags.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expertise: BTreeSet<String>,
    /// Most tasks a quarter.
    pub quarterly_capacity: u32,
    /// For a monthly draw, tasks taken in earlier months of the quarter
    /// (they count toward the capacity).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub earlier_tasks: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One task: what its team and month are drawn from, and the draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicTask {
    /// The object.
    pub object: Id,
    /// A month fixed by a targeted visit (kept by the months' spread).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_month: Option<u32>,
    /// Whether the task carries a targeted visit (the reason is not
    /// published).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub targeted: bool,
    /// Expertise the team must include.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expertise: BTreeSet<String>,
    /// Officers of the object's latest visit before the quarter: offered
    /// the task after everyone else (rotation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_team: Vec<Id>,
    /// Members of the unit who may not take this task (the reason is not
    /// published).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<Id>,
    /// The month drawn.
    pub month: u32,
    /// The team drawn: the unit's own officers, or `None` for a visit made
    /// jointly with another level.
    pub officers: Option<Vec<Id>>,
    /// For a joint visit, the other bureaus visiting (their plans say who).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_with: Vec<Id>,
    /// Experts or supervisors joining.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joining: Vec<Id>,
}

/// The public draw record of `plan`, with populations and what teams and
/// months are drawn from recomputed from `request`, and the head of the
/// plan's amendment log if there is one. The drawn ids, tickets, teams and
/// months are the plan's own, so a record of a tampered plan fails the
/// independent check.
pub fn public_draw_record(plan: &QuarterPlan, request: &PlanRequest, log: Option<&PlanLog>) -> DrawRecord {
    let mut drawn: HashMap<&str, Vec<(&str, &str)>> = HashMap::default();
    for t in &plan.tasks {
        for c in &t.covers {
            drawn.entry(c.stratum.as_str()).or_default().push((c.ticket.as_str(), t.object.as_str()));
        }
    }
    DrawRecord {
        format: DrawRecordFormat,
        policy: plan.policy.clone(),
        quarter: plan.quarter,
        month: plan.month,
        commitment: plan.commitment.clone(),
        request_commitment: commitment_digest(request),
        seed_rule: plan.seed_rule.clone(),
        seed: plan.seed.clone(),
        log_head: log.map(PlanLog::head),
        amendments: log.map(PlanLog::amendments).unwrap_or_default(),
        strata: stratum_records(&plan.strata, request, drawn),
        units: unit_records(plan, request),
    }
}

/// Why a draw record does not hold against a commitment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The commitment file is not intact.
    #[error("the commitment does not hold: {0}")]
    Commitment(String),
    /// The record names another commitment.
    #[error("the record is of commitment {record}, not {commitment}")]
    OtherCommitment {
        /// The record's.
        record: String,
        /// The commitment's.
        commitment: String,
    },
    /// A header member of the record is not the commitment's.
    #[error("the record's {member} is {record}, the commitment's {committed}")]
    Header {
        /// `quarter`, `month` or `seed_rule`.
        member: &'static str,
        /// The record's.
        record: String,
        /// The commitment's.
        committed: String,
    },
    /// A stratum's seed string is not drawn under the record's seed.
    #[error("stratum {stratum}: its seed string does not start with the record's seed")]
    SeedString {
        /// The stratum.
        stratum: String,
    },
    /// The commitment holds no strata root (made before `commitment/3`).
    #[error("the commitment holds no strata root (`committed.strata`): it cannot bind a record")]
    NoStrata,
    /// The record's strata are not the ones committed.
    #[error("the record's strata (root {record}) are not the ones committed (root {committed}): a population, a minimum, a seed string or a stratum differs")]
    Strata {
        /// The record's root.
        record: String,
        /// The committed root.
        committed: String,
    },
}

/// Checks a draw record against the commitment alone (no request): the
/// commitment is intact, the record names it, its quarter, month and seed
/// rule are the committed ones, every stratum is drawn under the record's
/// seed, and its strata — populations, those inspected or set aside,
/// minimums, seed strings — are the ones committed. With that, the
/// draws re-derived from the record (`tests/reference/draw_record_check.py`)
/// are the committed draws under the seed.
///
/// # Errors
/// [`RecordError`] naming what does not hold.
pub fn check_record(record: &DrawRecord, commitment: &Commitment) -> Result<(), RecordError> {
    check_intact(commitment).map_err(|e| RecordError::Commitment(e.to_string()))?;
    if record.commitment != commitment.digest {
        return Err(RecordError::OtherCommitment {
            record: record.commitment.clone(),
            commitment: commitment.digest.clone(),
        });
    }
    let frozen = &commitment.frozen;
    let header = [
        ("quarter", serde_json::to_value(record.quarter.to_string()).ok(), frozen.get("quarter").cloned()),
        ("month", record.month.map(serde_json::Value::from), frozen.get("month").cloned()),
        (
            "seed_rule",
            record.seed_rule.as_ref().and_then(|r| serde_json::to_value(r).ok()),
            frozen.get("seed_rule").cloned(),
        ),
    ];
    for (member, mine, committed) in header {
        if mine != committed {
            let show = |v: Option<serde_json::Value>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
            return Err(RecordError::Header { member, record: show(mine), committed: show(committed) });
        }
    }
    let prefix = format!("{}|", record.seed);
    if let Some(s) = record.strata.iter().find(|s| !s.seed_string.starts_with(&prefix)) {
        return Err(RecordError::SeedString { stratum: s.stratum.clone() });
    }
    let committed = commitment.committed().map(|c| c.strata).ok_or(RecordError::NoStrata)?;
    let root = strata_root(&record.strata);
    if root != committed {
        return Err(RecordError::Strata { record: root, committed });
    }
    Ok(())
}

/// The public part of each unit: its inspectors, and per task what its
/// team and month are drawn from, with the team and month drawn.
fn unit_records(plan: &QuarterPlan, request: &PlanRequest) -> Vec<UnitRecord> {
    let previous = previous_visits(request);
    let earlier = earlier_loads(request);
    let earlier_of: HashMap<&str, u32> =
        request.registry.inspectors.iter().zip(&earlier).map(|(p, n)| (p.id.as_str(), *n)).collect();
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let jurisdiction: HashMap<&str, &str> =
        request.registry.objects.iter().map(|o| (o.id.as_str(), o.jurisdiction.as_str())).collect();
    let mut fixed: HashMap<(&str, &str), u32> = HashMap::default();
    for t in &request.targeted {
        let unit = jurisdiction.get(t.object.as_str()).and_then(|j| unit_of.get(j));
        if let (Some(unit), Some(month)) = (unit, t.month) {
            let m = fixed.entry((unit, t.object.as_str())).or_insert(month);
            *m = (*m).min(month);
        }
    }
    let mut units: Vec<&str> = plan.units.iter().map(String::as_str).collect();
    units.sort_unstable();
    units
        .into_iter()
        .map(|unit| {
            // Someone not on post is never drawn; whether a person is on post
            // is theirs to keep, so they are left out rather than marked.
            let members: Vec<&Inspector> =
                request.registry.inspectors.iter().filter(|i| i.jurisdiction == unit && i.on_post).collect();
            let mut inspectors: Vec<PublicInspector> = members
                .iter()
                .map(|i| PublicInspector {
                    id: i.id.clone(),
                    role: i.role,
                    expertise: i.expertise.clone(),
                    quarterly_capacity: i.quarterly_capacity,
                    earlier_tasks: earlier_of.get(i.id.as_str()).copied().unwrap_or(0),
                })
                .collect();
            inspectors.sort_by(|a, b| a.id.cmp(&b.id));
            let tasks = plan
                .tasks
                .iter()
                .filter(|t| t.unit == unit)
                .map(|t| {
                    let mut unavailable: Vec<Id> =
                        members.iter().filter(|i| i.recusals.contains(&t.object)).map(|i| i.id.clone()).collect();
                    unavailable.sort();
                    let mut previous_team: Vec<Id> = previous
                        .get(t.object.as_str())
                        .map(|(_, team)| team.iter().map(|s| (*s).to_owned()).collect())
                        .unwrap_or_default();
                    previous_team.sort();
                    previous_team.dedup();
                    let (officers, joining, joint_with) = match &t.visit {
                        Visit::Own { officers, joining } => (Some(officers.clone()), joining.clone(), Vec::new()),
                        Visit::JointWithOtherLevel { with } => (None, Vec::new(), with.clone()),
                    };
                    PublicTask {
                        object: t.object.clone(),
                        fixed_month: fixed.get(&(unit, t.object.as_str())).copied(),
                        targeted: !t.targeted.is_empty(),
                        expertise: t.expertise.clone(),
                        previous_team,
                        unavailable,
                        month: t.month,
                        officers,
                        joint_with,
                        joining,
                    }
                })
                .collect();
            UnitRecord { unit: unit.to_owned(), inspectors, tasks }
        })
        .collect()
}

impl DrawRecord {
    /// The record as Markdown: a header with the seed and digests, and per
    /// stratum its seed string, population, minimum and draw.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Draw record {} — {}\n", self.quarter, self.policy);
        let _ = writeln!(s, "- commitment: `{}`", self.commitment);
        match &self.seed_rule {
            Some(rule) => {
                let _ = writeln!(
                    s,
                    "- seed rule (announced in the commitment): {} ({} digits)",
                    rule.announced, rule.digits
                );
                if rule.weak {
                    let _ = writeln!(
                        s,
                        "- **weak seed**: fewer than {} digits, so every outcome could be tried before the commitment",
                        crate::request::seed::MIN_SEED_DIGITS
                    );
                }
            }
            None => {
                let _ = writeln!(s, "- seed rule: **none announced** — this draw was not committed in advance");
            }
        }
        let _ = writeln!(s, "- seed: `{}`", self.seed);
        if let Some(head) = &self.log_head {
            let _ = writeln!(s, "- amendment log head: {} entries, `{}`", head.entries, head.hash);
        }
        let _ = writeln!(s, "- format: `{}`\n", self.format);
        let _ = writeln!(
            s,
            "Each ticket is `sha256_uniform(sha256_hex(seed_string) + id)` (docs/draw-algorithm.md §1); \
             a stratum draws its `required` smallest tickets, ties by id, objects already inspected \
             this year last where so marked.\n"
        );
        let mut summary: BTreeMap<&str, (usize, u64, usize)> = BTreeMap::new();
        for st in &self.strata {
            summary.insert(st.stratum.as_str(), (st.population.len(), st.required, st.drawn.len()));
        }
        let _ = writeln!(s, "| stratum | population | required | drawn |\n|---|---:|---:|---:|");
        for (name, (p, r, d)) in &summary {
            let _ = writeln!(s, "| {name} | {p} | {r} | {d} |");
        }
        for st in &self.strata {
            let _ = writeln!(s, "\n## {}\n", st.stratum);
            let _ = writeln!(s, "- seed string: `{}`", st.seed_string);
            let _ = writeln!(s, "- required: {}", st.required);
            let _ = writeln!(s, "- uninspected first: {}", st.uninspected_first);
            let _ = writeln!(s, "- population ({}): {}", st.population.len(), ids(&st.population));
            if !st.inspected_this_year.is_empty() {
                let _ = writeln!(s, "- already inspected this year: {}", ids(&st.inspected_this_year));
            }
            if !st.set_aside.is_empty() {
                let _ = writeln!(s, "- set aside (another level visits): {}", ids(&st.set_aside));
            }
            if !st.drawn.is_empty() {
                let _ = writeln!(s, "\n| # | id | ticket |\n|---:|---|---|");
                for (i, d) in st.drawn.iter().enumerate() {
                    let _ = writeln!(s, "| {} | {} | {} |", i + 1, d.id, d.ticket);
                }
            }
        }
        s
    }
}

fn ids(list: &[Id]) -> String {
    list.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}
