//! `plan_quarter`: the quarter's plan, drawn from the request alone.
//!
//! The steps, each a function below, in order:
//!
//! 1. check the request (seed, registry, policy, units, targeted objects);
//! 2. stratify ([`crate::stratum`]) and compute each stratum's minimum
//!    ([`crate::quota`]);
//! 3. draw each stratum by ticket ([`crate::draw`]): objects not yet
//!    inspected this year first where a yearly rule applies, then ticket
//!    order; objects another level visits this quarter either join that
//!    visit or are set aside ([`OtherLevelVisits`]);
//! 4. draw the directed campaigns, add the targeted inspections;
//! 5. merge everything that hits one object into one task;
//! 6. decide on-site or off-site, spread tasks over the three months;
//! 7. assign inspectors ([`crate::assign`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::{Deserialize, Serialize};

use crate::assign::{assign_inspectors, AssignError};
use crate::digest::input_digest;
use crate::draw::{seed_string, Ticket, TicketSeed};
use crate::model::{Category, Id, Inspection, Pool, Quarter, Registry, RegulatedObject, Status};
use crate::quota::{self, Demand, QuotaError, QuotaInput};
use crate::rules::{Modifier, OtherLevelVisits, Percent, Policy, Rounding};
use crate::stratum::{qualifies_for_downgrade, stratify, unit_of_jurisdiction, Population, StratumKey};
use crate::validate::{validate_history, validate_registry, ValidationErrors};

/// The version of the plan's JSON format. A change to any seeded output is
/// a breaking change and bumps it (see `docs/draw-algorithm.md`).
pub const FORMAT_VERSION: &str = "shuangsuiji.plan/1";

/// Everything that decides a quarter's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The jurisdiction tree and the two libraries.
    pub registry: Registry,
    /// The policy (rules of one document for one level).
    pub policy: Policy,
    /// The drawing units: the bureaus whose draws this plan makes (the
    /// prefecture, or one or more counties and parks).
    pub units: Vec<Id>,
    /// The quarter.
    pub quarter: Quarter,
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
    /// The public seed, fixed before the draw (e.g. 20 dice digits).
    pub seed: String,
}

impl PlanRequest {
    /// The request's inputs to stratification and the quota arithmetic.
    pub fn quota_input(&self) -> QuotaInput<'_> {
        QuotaInput::new(&self.policy, &self.registry, self.quarter, &self.history, &self.units)
    }
}

/// Why a targeted inspection is made (001 §三（一）, 004 二（一）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetedRequest {
    /// The object.
    pub object: Id,
    /// Why.
    pub reason: TargetedReason,
    /// The month (1–12) it must be made in, if fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
}

/// Which objects a directed campaign draws from: all given fields must
/// match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// On-site or off-site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// On-site inspection (现场检查), recorded on 《污染源现场检查记录表》.
    OnSite,
    /// Off-site supervision (非现场), recorded on 《非现场检查记录表》.
    OffSite,
}

/// A random draw a task answers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cover {
    /// The stratum (`unit/pool/category[/tier]`) or `unit/campaign/<id>`.
    pub stratum: String,
    /// The object's ticket in that stratum's draw.
    pub ticket: String,
}

/// Who makes the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// The drawing unit.
    pub unit: Id,
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
    /// Check items (随机抽查事项, 001 §三（一）) for the pools covered.
    pub check_items: Vec<String>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StratumLine {
    /// The stratum.
    pub stratum: StratumKey,
    /// For a directed campaign's stratum, its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The seed string the stratum's tickets were drawn with.
    pub seed_string: String,
    /// Eligible objects.
    pub eligible: u64,
    /// Of those, inspected this year before the quarter (counted).
    pub inspected_this_year: u64,
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
    /// Each rule's demand, with its source.
    pub demands: Vec<Demand>,
}

/// A quarter's plan. Serializes to stable JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterPlan {
    /// [`FORMAT_VERSION`].
    pub format: String,
    /// The policy's id.
    pub policy: String,
    /// The quarter.
    pub quarter: Quarter,
    /// The drawing units.
    pub units: Vec<Id>,
    /// The public seed.
    pub seed: String,
    /// SHA-256 of the canonical form of the request ([`crate::digest`]).
    pub input_digest: String,
    /// One line per stratum.
    pub strata: Vec<StratumLine>,
    /// The visits, sorted by unit, month, object.
    pub tasks: Vec<Task>,
}

/// Why a plan cannot be made. Each names what is wrong and, where it can,
/// how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The seed is blank.
    #[error("the seed is blank: fix a public seed before the draw (e.g. 20 decimal dice digits rolled in public)")]
    BlankSeed,
    /// The registry or history has faults.
    #[error("the registry or history is invalid:\n{0}")]
    Invalid(ValidationErrors),
    /// The policy or the units do not fit.
    #[error(transparent)]
    Quota(#[from] QuotaError),
    /// A targeted request names an object that is not in any drawing unit.
    #[error("targeted[{index}]: object `{object}` is not in the registry or not in any drawing unit ({units})")]
    TargetedOutsideUnits {
        /// Index in `targeted`.
        index: usize,
        /// The object.
        object: Id,
        /// The units.
        units: String,
    },
    /// A targeted request's month is not in the quarter.
    #[error("targeted[{index}]: month {month} is not in {quarter}")]
    TargetedMonth {
        /// Index in `targeted`.
        index: usize,
        /// The month given.
        month: u32,
        /// The quarter.
        quarter: Quarter,
    },
    /// Two campaigns share an id, or a campaign's rate is above 100 %.
    #[error("campaigns[{index}] (`{id}`): {problem}")]
    Campaign {
        /// Index in `campaigns`.
        index: usize,
        /// The campaign's id.
        id: String,
        /// What is wrong.
        problem: String,
    },
    /// After setting aside other levels' visits, too few objects remain.
    #[error("stratum {stratum}: the minimum is {required} but only {available} objects can be drawn ({set_aside} set aside because another level visits them this quarter); switch `readings.other_levels` to `joint_and_count` or accept the other level's visits")]
    StratumTooSmall {
        /// The stratum.
        stratum: String,
        /// The minimum.
        required: u64,
        /// Objects that could be drawn.
        available: u64,
        /// Objects set aside.
        set_aside: u64,
    },
    /// The inspectors cannot staff the plan.
    #[error(transparent)]
    Staffing(#[from] AssignError),
}

/// Plans one quarter. Pure: the same request gives the same plan, byte for
/// byte, whatever the order of the records in it.
///
/// ```
/// use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, RegulatedObject, Registry};
/// use shuangsuiji::plan::{plan_quarter, PlanRequest};
/// use shuangsuiji::rules;
///
/// let prefecture = Jurisdiction { id: "changji".into(), name: "昌吉州".into(), level: Level::Prefecture, parent: None };
/// let county = Jurisdiction { id: "hutubi".into(), name: "呼图壁县".into(), level: Level::County, parent: Some("changji".into()) };
/// let mut objects = Vec::new();
/// for i in 0..8 { objects.push(RegulatedObject::new(format!("K{i}"), "hutubi", Category::Key)); }
/// for i in 0..4 { objects.push(RegulatedObject::new(format!("S{i}"), "hutubi", Category::Special)); }
/// for i in 0..60 { objects.push(RegulatedObject::new(format!("G{i:02}"), "hutubi", Category::General)); }
/// let inspectors = (0..4).map(|i| Inspector::officer(format!("I{i}"), "hutubi", 20)).collect();
/// let request = PlanRequest {
///     registry: Registry { jurisdictions: vec![prefecture, county], objects, inspectors },
///     policy: rules::changji::county_or_park(),
///     units: vec!["hutubi".into()],
///     quarter: "2023Q1".parse()?,
///     history: vec![],
///     targeted: vec![],
///     campaigns: vec![],
///     seed: "31415926535897932384".into(),
/// };
/// let plan = plan_quarter(&request)?;
/// // key: max(25 % of 8, 8 ÷ 4 quarters) = 2; special: 50 % of 4 = 2;
/// // general: 1:10 × 4 officers = 40 a year → 10 this quarter.
/// let drawn: Vec<u64> = plan.strata.iter().map(|s| s.drawn).collect();
/// assert_eq!(drawn, [2, 2, 10]);
/// assert!(plan.tasks.iter().all(|t| t.officers().len() >= 2));
/// assert_eq!(plan, plan_quarter(&request)?); // reproducible
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlanError`]: a blank seed; an invalid registry or history (every
/// fault listed); a policy outside its validity or units of the wrong level;
/// a targeted object outside the units; a stratum too small once other
/// levels' visits are set aside; or inspectors who cannot staff every task
/// (too few officers, capacity exhausted, everyone recused, no expertise),
/// naming the unit or task and how many are missing. Never a silent
/// shortfall.
pub fn plan_quarter(request: &PlanRequest) -> Result<QuarterPlan, PlanError> {
    check_request(request)?;
    plan_checked(request, input_digest(request))
}

/// [`plan_quarter`] once the request is checked and its digest known (so
/// `verify_plan`, which has computed the digest already, does not hash the
/// inputs twice).
pub(crate) fn plan_with_digest(request: &PlanRequest, digest: String) -> Result<QuarterPlan, PlanError> {
    check_request(request)?;
    plan_checked(request, digest)
}

fn plan_checked(request: &PlanRequest, digest: String) -> Result<QuarterPlan, PlanError> {
    let input = request.quota_input();
    let strata = stratify(&input);
    let lines = quota::lines(&input, &strata);
    let populations: HashMap<&StratumKey, &Population<'_>> = strata.populations.iter().map(|p| (&p.key, p)).collect();

    let mut builder = TaskBuilder::new(request);
    let mut stratum_lines = Vec::with_capacity(lines.len());
    // One candidate buffer for every stratum: fresh memory for each large
    // stratum would cost more than drawing it.
    let mut candidates = Vec::new();
    for line in lines {
        let population = populations.get(&line.stratum).copied();
        stratum_lines.push(draw_stratum(request, line, population, &mut builder, &mut candidates)?);
    }
    stratum_lines.extend(draw_campaigns(request, &mut builder)?);
    add_targeted(request, &mut builder)?;

    let mut tasks = builder.finish(request);
    assign_inspectors(request, &mut tasks)?;
    Ok(QuarterPlan {
        format: FORMAT_VERSION.to_owned(),
        policy: request.policy.id.clone(),
        quarter: request.quarter,
        units: sorted(&request.units),
        seed: request.seed.clone(),
        input_digest: digest,
        strata: stratum_lines,
        tasks,
    })
}

fn sorted(ids: &[Id]) -> Vec<Id> {
    let mut v = ids.to_vec();
    v.sort();
    v
}

fn check_request(request: &PlanRequest) -> Result<(), PlanError> {
    if request.seed.trim().is_empty() {
        return Err(PlanError::BlankSeed);
    }
    let mut errors = Vec::new();
    if let Err(e) = validate_registry(&request.registry) {
        errors.extend(e.0);
    }
    if let Err(e) = validate_history(&request.history, &request.registry) {
        errors.extend(e.0);
    }
    if !errors.is_empty() {
        return Err(PlanError::Invalid(ValidationErrors(errors)));
    }
    let input = request.quota_input();
    quota::check_request(&input)?;
    for (index, c) in request.campaigns.iter().enumerate() {
        let problem = if request.campaigns.iter().take(index).any(|o| o.id == c.id) {
            Some("the id is used by an earlier campaign")
        } else if c.percent > Percent::FULL {
            Some("percent is above 100 %")
        } else if c.id.trim().is_empty() || c.id.contains('|') {
            Some("the id must be non-blank and must not contain `|`")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(PlanError::Campaign { index, id: c.id.clone(), problem: problem.to_owned() });
        }
    }
    Ok(())
}

/// The seed string of a stratum: `seed|quarter|unit|pool|category[|tier]`.
pub fn stratum_seed(seed: &str, quarter: Quarter, key: &StratumKey) -> String {
    let q = quarter.to_string();
    let mut parts = vec![seed, q.as_str(), key.unit.as_str(), key.pool.en(), key.category.en()];
    if let Some(tier) = &key.tier {
        parts.push(tier);
    }
    seed_string(&parts)
}

/// The seed string of a campaign in a unit: `seed|quarter|unit|campaign|id`.
pub fn campaign_seed(seed: &str, quarter: Quarter, unit: &str, campaign: &str) -> String {
    seed_string(&[seed, &quarter.to_string(), unit, "campaign", campaign])
}

/// A candidate of a stratum's draw: (inspected this year and drawn last,
/// ticket, object, visited by another level this quarter).
type Candidate<'a> = (bool, Ticket, &'a RegulatedObject, bool);

/// Draws one stratum: the `required` first candidates in draw order.
fn draw_stratum<'a>(
    request: &'a PlanRequest,
    line: quota::QuotaLine,
    population: Option<&Population<'a>>,
    builder: &mut TaskBuilder<'a>,
    candidates: &mut Vec<Candidate<'a>>,
) -> Result<StratumLine, PlanError> {
    let seed = stratum_seed(&request.seed, request.quarter, &line.stratum);
    let set_aside_reading = request.policy.readings.other_levels == OtherLevelVisits::SetAside;
    let uninspected_first = line.uninspected_first();
    candidates.clear();
    let mut set_aside = 0;
    if let Some(p) = population {
        let tickets = TicketSeed::new(&seed);
        for ((object, inspected), other) in p.members.iter().zip(&p.inspected_this_year).zip(&p.visited_by_other_level)
        {
            if *other && set_aside_reading {
                set_aside += 1;
                continue;
            }
            candidates.push((uninspected_first && *inspected, tickets.ticket(&object.id), object, *other));
        }
    }
    let required = usize::try_from(line.required).unwrap_or(usize::MAX);
    if candidates.len() < required {
        return Err(PlanError::StratumTooSmall {
            stratum: line.stratum.to_string(),
            required: line.required,
            available: candidates.len() as u64,
            set_aside,
        });
    }
    let chosen = smallest(candidates, required, |a, b| (a.0, &a.1, &a.2.id).cmp(&(b.0, &b.1, &b.2.id)));
    let stratum = line.stratum.to_string();
    let mut joint = 0;
    for (_, ticket, object, other) in chosen.iter() {
        joint += u64::from(*other);
        builder.cover(
            &line.stratum.unit,
            object,
            Some(line.stratum.pool),
            Cover { stratum: stratum.clone(), ticket: ticket.decimal() },
        );
    }
    Ok(StratumLine {
        stratum: line.stratum,
        campaign: None,
        seed_string: seed,
        eligible: line.eligible,
        inspected_this_year: line.inspected_this_year,
        required: line.required,
        drawn: chosen.len() as u64,
        joint_with_other_level: joint,
        set_aside,
        uninspected_first,
        demands: line.demands,
    })
}

/// The `k` smallest items under `cmp`, in order: a partial selection, then
/// a sort of the k, so a stratum of n costs O(n + k log k).
fn smallest<T>(items: &mut [T], k: usize, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> &[T] {
    let k = k.min(items.len());
    if k == 0 {
        return &[];
    }
    if k < items.len() {
        items.select_nth_unstable_by(k - 1, &cmp);
    }
    let chosen = items.get_mut(..k).unwrap_or_default();
    chosen.sort_unstable_by(&cmp);
    chosen
}

/// Draws each campaign in each unit.
fn draw_campaigns<'a>(request: &'a PlanRequest, builder: &mut TaskBuilder<'a>) -> Result<Vec<StratumLine>, PlanError> {
    if request.campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let mut lines = Vec::new();
    for campaign in &request.campaigns {
        let mut by_unit: BTreeMap<&str, Vec<&RegulatedObject>> = BTreeMap::new();
        for o in &request.registry.objects {
            if let Some(unit) = unit_of.get(o.jurisdiction.as_str()) {
                if o.status.is_eligible() && campaign.scope.matches(o) {
                    by_unit.entry(unit).or_default().push(o);
                }
            }
        }
        let mut units: Vec<&'a str> = request.units.iter().map(String::as_str).collect();
        units.sort_unstable();
        for unit in units {
            let members = by_unit.remove(unit).unwrap_or_default();
            let seed = campaign_seed(&request.seed, request.quarter, unit, &campaign.id);
            let tickets = TicketSeed::new(&seed);
            let eligible = members.len() as u64;
            let required = campaign.percent.of(eligible, Rounding::Up);
            let k = usize::try_from(required).unwrap_or(usize::MAX);
            let mut scored: Vec<(Ticket, &RegulatedObject)> =
                members.into_iter().map(|o| (tickets.ticket(&o.id), o)).collect();
            let chosen = smallest(&mut scored, k, |a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
            let stratum = format!("{unit}/campaign/{}", campaign.id);
            for (ticket, object) in chosen {
                builder.cover(unit, object, None, Cover { stratum: stratum.clone(), ticket: ticket.decimal() });
                if let Some(e) = &campaign.expertise {
                    builder.require_expertise(unit, &object.id, e);
                }
            }
            lines.push(StratumLine {
                stratum: StratumKey {
                    unit: unit.to_owned(),
                    pool: Pool::Pollution,
                    category: Category::General,
                    tier: None,
                },
                campaign: Some(campaign.id.clone()),
                seed_string: seed,
                eligible,
                inspected_this_year: 0,
                required,
                drawn: chosen.len() as u64,
                joint_with_other_level: 0,
                set_aside: 0,
                uninspected_first: false,
                demands: Vec::new(),
            });
        }
    }
    Ok(lines)
}

fn add_targeted<'a>(request: &'a PlanRequest, builder: &mut TaskBuilder<'a>) -> Result<(), PlanError> {
    if request.targeted.is_empty() {
        return Ok(());
    }
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let objects: HashMap<&str, &RegulatedObject> =
        request.registry.objects.iter().map(|o| (o.id.as_str(), o)).collect();
    for (index, t) in request.targeted.iter().enumerate() {
        let found = objects.get(t.object.as_str()).and_then(|o| unit_of.get(o.jurisdiction.as_str()).map(|u| (*o, *u)));
        let Some((object, unit)) = found else {
            return Err(PlanError::TargetedOutsideUnits {
                index,
                object: t.object.clone(),
                units: request.units.join(", "),
            });
        };
        if let Some(month) = t.month {
            if !request.quarter.months().contains(&month) {
                return Err(PlanError::TargetedMonth { index, month, quarter: request.quarter });
            }
        }
        builder.target(unit, object, t.reason, t.month);
    }
    Ok(())
}

/// Collects draws and targeted requests into one task per (unit, object).
struct TaskBuilder<'a> {
    /// The drawing units' ids, borrowed from the request so that keys need
    /// no copies.
    units: HashSet<&'a str>,
    tasks: BTreeMap<(Cow<'a, str>, &'a str), Draft<'a>>,
}

struct Draft<'a> {
    object: &'a RegulatedObject,
    covers: Vec<Cover>,
    pools: BTreeSet<Pool>,
    targeted: BTreeSet<TargetedReason>,
    month: Option<u32>,
    expertise: BTreeSet<String>,
}

impl<'a> TaskBuilder<'a> {
    fn new(request: &'a PlanRequest) -> Self {
        TaskBuilder { units: request.units.iter().map(String::as_str).collect(), tasks: BTreeMap::new() }
    }

    fn key(&self, unit: &str, object: &'a str) -> (Cow<'a, str>, &'a str) {
        let unit = self.units.get(unit).map_or_else(|| Cow::Owned(unit.to_owned()), |u| Cow::Borrowed(*u));
        (unit, object)
    }

    fn draft(&mut self, unit: &str, object: &'a RegulatedObject) -> &mut Draft<'a> {
        let key = self.key(unit, &object.id);
        self.tasks.entry(key).or_insert_with(|| Draft {
            object,
            covers: Vec::new(),
            pools: BTreeSet::new(),
            targeted: BTreeSet::new(),
            month: None,
            expertise: BTreeSet::new(),
        })
    }

    fn cover(&mut self, unit: &str, object: &'a RegulatedObject, pool: Option<Pool>, cover: Cover) {
        let d = self.draft(unit, object);
        d.covers.push(cover);
        d.pools.insert(pool.unwrap_or(Pool::Pollution));
    }

    fn require_expertise(&mut self, unit: &str, object: &'a str, expertise: &str) {
        let key = self.key(unit, object);
        if let Some(d) = self.tasks.get_mut(&key) {
            d.expertise.insert(expertise.to_owned());
        }
    }

    fn target(&mut self, unit: &str, object: &'a RegulatedObject, reason: TargetedReason, month: Option<u32>) {
        let d = self.draft(unit, object);
        d.targeted.insert(reason);
        d.pools.insert(Pool::Pollution);
        // Two fixed months for one visit: the earliest, whatever the order
        // of the requests.
        d.month = match (d.month, month) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// Turns drafts into tasks, in the plan's order (unit, month, object):
    /// the month, the visit (own or joint), the mode and the check items.
    fn finish(self, request: &PlanRequest) -> Vec<Task> {
        // Drafts come in (unit, object) order; months are spread first so
        // that each task is built once, already in its place.
        let drafts: Vec<((Cow<'a, str>, &'a str), Draft<'a>)> = self.tasks.into_iter().collect();
        let keys: Vec<(&str, &str)> = drafts.iter().map(|((unit, object), _)| (unit.as_ref(), *object)).collect();
        let mut months: Vec<u32> = drafts.iter().map(|(_, d)| d.month.unwrap_or(0)).collect();
        spread_months(request, &keys, &mut months);
        let order = plan_order(&keys, &months);
        drop(keys);

        let other_visits = other_level_visits(request);
        let mut slots: Vec<Option<_>> = drafts.into_iter().zip(months).map(Some).collect();
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
            .map(|(((unit, object), d), month)| {
                let (mode, mode_reason) = mode(request, Some(d.object), &d);
                let visit = match other_visits.get(&(unit.as_ref(), object)) {
                    Some(with) if request.policy.readings.other_levels == OtherLevelVisits::JointAndCount => {
                        Visit::JointWithOtherLevel { with: with.iter().cloned().collect() }
                    }
                    _ => Visit::Own { officers: Vec::new(), joining: Vec::new() },
                };
                let mut covers = d.covers;
                covers.sort();
                let mut expertise = d.expertise;
                expertise.extend(d.pools.iter().filter_map(|p| p.required_expertise()).map(str::to_owned));
                Task {
                    check_items: check_items(&d.pools, d.object.status),
                    unit: unit.into_owned(),
                    object: object.to_owned(),
                    object_name: d.object.name.clone(),
                    month,
                    mode,
                    mode_reason,
                    covers,
                    targeted: d.targeted.into_iter().collect(),
                    pools: d.pools,
                    expertise,
                    visit,
                }
            })
            .collect()
    }
}

/// The order (unit, month, object) of tasks given in (unit, object) order:
/// a sort on small integer keys (the unit's rank, the month, the position).
fn plan_order(keys: &[(&str, &str)], months: &[u32]) -> Vec<usize> {
    let runs = keys.chunk_by(|a, b| a.0 == b.0).enumerate().flat_map(|(rank, run)| run.iter().map(move |_| rank));
    let mut order: Vec<(usize, u32, usize)> =
        runs.zip(months).enumerate().map(|(index, (rank, month))| (rank, *month, index)).collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, index)| index).collect()
}

/// Visits by other bureaus this quarter: (unit, object) → the bureaus.
fn other_level_visits(request: &PlanRequest) -> HashMap<(&str, &str), BTreeSet<Id>> {
    let (start, end) = (request.quarter.first_day(), request.quarter.last_day());
    let mut out: HashMap<(&str, &str), BTreeSet<Id>> = HashMap::default();
    let in_quarter: Vec<&Inspection> = request.history.iter().filter(|i| i.date >= start && i.date <= end).collect();
    if in_quarter.is_empty() {
        return out;
    }
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    // Only the objects visited this quarter need their jurisdiction.
    let wanted: HashSet<&str> = in_quarter.iter().map(|i| i.object.as_str()).collect();
    let jurisdiction: HashMap<&str, &str> = request
        .registry
        .objects
        .iter()
        .filter(|o| wanted.contains(o.id.as_str()))
        .map(|o| (o.id.as_str(), o.jurisdiction.as_str()))
        .collect();
    for i in in_quarter {
        let Some(unit) = jurisdiction.get(i.object.as_str()).and_then(|j| unit_of.get(j)) else { continue };
        if i.by != *unit {
            out.entry((unit, i.object.as_str())).or_default().insert(i.by.clone());
        }
    }
    out
}

/// Off-site when a positive-list or credit-downgrade modifier applies,
/// unless a complaint must be verified on site (002 三（一）1).
fn mode(request: &PlanRequest, object: Option<&RegulatedObject>, draft: &Draft<'_>) -> (Mode, Option<String>) {
    match object {
        Some(object) if !draft.targeted.contains(&TargetedReason::Complaint) => drawn_mode(request, object),
        _ => (Mode::OnSite, None),
    }
}

/// The mode of a drawn visit: off-site for a positive-list object while
/// both the list and the listing are in force, or a key object that
/// qualifies for the credit downgrade; on-site otherwise.
pub(crate) fn drawn_mode(request: &PlanRequest, object: &RegulatedObject) -> (Mode, Option<String>) {
    let (start, end) = (request.quarter.first_day(), request.quarter.last_day());
    for m in &request.policy.modifiers {
        match m {
            Modifier::PositiveListOffSite { in_force, source }
                if in_force.overlaps(start, end) && object.positive_list.is_some_and(|l| l.overlaps(start, end)) =>
            {
                return (Mode::OffSite, Some(format!("正面清单 positive list ({source})")));
            }
            Modifier::CreditDowngrade { in_force, violation_free_days, source }
                if in_force.overlaps(start, end)
                    && object.category == Category::Key
                    && qualifies_for_downgrade(object, start, *violation_free_days) =>
            {
                return (Mode::OffSite, Some(format!("信用良好 credit downgrade ({source})")));
            }
            _ => {}
        }
    }
    (Mode::OnSite, None)
}

/// Check items (随机抽查事项) of 001 §三（一） for the pools a visit covers.
pub(crate) fn check_items(pools: &BTreeSet<Pool>, status: Status) -> Vec<String> {
    let mut items: Vec<&str> = Vec::new();
    for pool in pools {
        match pool {
            Pool::Pollution => {
                items.extend(["生态环境保护措施落实情况", "污染防治设施运行情况", "排污许可制度落实及证后执行情况"])
            }
            Pool::Radiation => items.push("辐射安全项目管理情况"),
            Pool::HazardousWaste => items.push("固体废物及危险废物管理情况"),
        }
    }
    if status == Status::NewConstruction {
        items.extend(["建设项目环评及批复落实情况", "建设项目“三同时”制度落实情况"]);
    }
    items.into_iter().map(str::to_owned).collect()
}

/// Spreads each unit's tasks evenly over the quarter's months: tasks in
/// order of their month ticket (`seed|quarter|unit|months`), the i-th to
/// month i mod 3; tasks with a fixed month keep it and count toward it.
/// `keys` are the tasks' (unit, object), grouped by unit; `months` their
/// months (0 where not fixed).
fn spread_months(request: &PlanRequest, keys: &[(&str, &str)], months: &mut [u32]) {
    let quarter_months = request.quarter.months();
    let quarter = request.quarter.to_string();
    let mut start = 0;
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        let Some((unit, _)) = run.first() else { continue };
        let range = start..start + run.len();
        start = range.end;
        let seed = TicketSeed::new(&seed_string(&[&request.seed, &quarter, unit, "months"]));
        let mut load = [0usize; 3];
        let mut free: Vec<(Ticket, usize)> = Vec::new();
        for (i, (_, object)) in range.zip(run) {
            let month = months.get(i).copied().unwrap_or(0);
            match quarter_months.iter().position(|m| *m == month) {
                Some(slot) => {
                    if let Some(l) = load.get_mut(slot) {
                        *l += 1;
                    }
                }
                None => free.push((seed.ticket(object), i)),
            }
        }
        free.sort();
        for (_, i) in free {
            let slot = (0..3).min_by_key(|s| (load.get(*s).copied().unwrap_or(usize::MAX), *s)).unwrap_or(0);
            if let (Some(month), Some(m), Some(l)) = (months.get_mut(i), quarter_months.get(slot), load.get_mut(slot)) {
                *month = *m;
                *l += 1;
            }
        }
    }
}
