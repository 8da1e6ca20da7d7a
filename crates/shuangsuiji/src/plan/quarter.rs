//! `plan_quarter`: the quarter's plan, drawn from the request alone.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::validate::{validate_history, validate_registry, ValidRegistry, ValidationErrors};
use crate::model::{Category, Id, InspectionKind, Pool, Quarter, RegulatedObject, SharedId};
use crate::request::{commitment_digest, normalize_seed, DrawDateError, PlanRequest, SeedError};
use crate::rules::{OtherLevelVisits, Percent, Policy, Rounding};

use super::assign::{assign_inspectors, AssignError};
use super::draw::{seed_string, Ticket, TicketSeed};
use super::output::{Cover, PlanFormat, QuarterPlan, StratumLine};
use super::quota::{self, MonthShare, QuotaError};
use super::stratum::{stratify, unit_of_jurisdiction, Population, StratumKey};
use super::tasks::{TaskBuilder, UnitDrafts};

/// Why a plan cannot be made. Each names what is wrong and, where it can,
/// how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The seed is blank, too long, or does not fit the announced rule.
    #[error(transparent)]
    Seed(#[from] SeedError),
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
    /// A targeted request's month is not the period drawn.
    #[error("targeted[{index}]: month {month} is not in {period}")]
    TargetedMonth {
        /// Index in `targeted`.
        index: usize,
        /// The month given.
        month: u32,
        /// The period drawn (a quarter, or the month of a monthly draw).
        period: String,
    },
    /// A history entry names a pool one slip from one of the policy's.
    #[error("history[{index}].pools: `{pool}` is no pool of this policy; did you mean `{meant}`? (a pool of another document is ignored, but this one is a letter or two from `{meant}`)")]
    HistoryPool {
        /// Index in `history`.
        index: usize,
        /// The pool written.
        pool: String,
        /// The policy's pool it is near.
        meant: String,
    },
    /// The draw is not made as the document's draw window asks.
    #[error(transparent)]
    DrawDate(#[from] DrawDateError),
    /// The month drawn is not a month of the quarter.
    #[error("month {month} is not a month of {quarter}: a monthly draw names one of {months:?}")]
    MonthOutsideQuarter {
        /// The month given.
        month: u32,
        /// The quarter.
        quarter: Quarter,
        /// Its months.
        months: [u32; 3],
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

impl PlanError {
    /// Whether the request itself is at fault (a bad seed, registry,
    /// history, policy, units or targeted visit) rather than the answer a
    /// "no" (a stratum too small once set aside, inspectors who cannot
    /// staff the plan). Commands exit 2 for the first and 1 for the second;
    /// a service answers 400 and 422.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, PlanError::StratumTooSmall { .. } | PlanError::Staffing(_))
    }
}

/// Plans one quarter. Pure: the same request gives the same plan, byte for
/// byte, whatever the order of the records in it.
///
/// ```
/// use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, RegulatedObject, Registry};
/// use shuangsuiji::plan::plan_quarter;
/// use shuangsuiji::request::PlanRequest;
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
///     format: Default::default(),
///     registry: Registry { jurisdictions: vec![prefecture, county], objects, inspectors },
///     policy: rules::preset("changji-county")?,
///     units: vec!["hutubi".into()],
///     quarter: "2023Q1".parse()?,
///     history: vec![],
///     targeted: vec![],
///     campaigns: vec![],
///     seed_rule: None,
///     draw_date: None,
///     late_reason: None,
///     committed: None,
///     month: None,
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
/// The seed is normalised under the request's seed rule
/// ([`normalize_seed`]), so every spelling of one result gives one plan,
/// and the plan records the request's commitment digest
/// ([`commitment_digest`]).
///
/// # Errors
/// [`PlanError`]: a blank seed or one that does not fit the announced
/// rule; an invalid registry or history (every
/// fault listed); a policy outside its validity or units of the wrong level;
/// a targeted object outside the units; a stratum too small once other
/// levels' visits are set aside; or inspectors who cannot staff every task
/// (too few officers, capacity exhausted, everyone recused, no expertise),
/// naming the unit or task and how many are missing. Never a silent
/// shortfall.
pub fn plan_quarter(request: &PlanRequest) -> Result<QuarterPlan, PlanError> {
    plan_committed(request, None)
}

/// [`plan_quarter`] given the request's commitment digest when it is known
/// already (`verify_plan` computes it first, to fail fast), so the inputs
/// are not hashed twice.
pub(crate) fn plan_committed(request: &PlanRequest, digest: Option<String>) -> Result<QuarterPlan, PlanError> {
    plan_with(request, digest, Made::Nothing)
}

/// A request that passed every check of [`check_request`], planned by
/// [`plan_checked`] without being checked again. A front end checks a
/// request first, to refuse bad input before anything else; at national
/// scale the planner's own checks would add a tenth to planning. The
/// request can be read, and only its seed and seed rule changed: the
/// checks read neither.
///
/// ```
/// use shuangsuiji::plan::{plan_checked, plan_quarter, CheckedRequest};
/// use shuangsuiji::{rules, sample, PlanRequest};
/// let request = PlanRequest::new(
///     sample::county(8, 4, 40, 6),
///     rules::preset("changji-county")?,
///     vec![sample::COUNTY.into()],
///     "2023Q2".parse()?,
///     "20230401",
/// );
/// let mut checked = CheckedRequest::new(request.clone())?;
/// assert_eq!(plan_checked(&checked)?, plan_quarter(&request)?);
/// checked.set_seed("20230402".into());
/// assert_eq!(plan_checked(&checked)?.seed, "20230402");
///
/// let mut broken = request;
/// broken.units = vec!["nowhere".into()];
/// assert!(CheckedRequest::new(broken).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CheckedRequest {
    request: PlanRequest,
    /// The commitment digest, once asked for: a front end that checks a
    /// commitment and then plans or verifies hashes the inputs once.
    digest: OnceLock<String>,
}

impl CheckedRequest {
    /// Checks `request` ([`check_request`]).
    ///
    /// # Errors
    /// What [`check_request`] finds.
    pub fn new(request: PlanRequest) -> Result<CheckedRequest, PlanError> {
        check_request(&request)?;
        Ok(CheckedRequest::checked(request))
    }

    fn checked(request: PlanRequest) -> CheckedRequest {
        CheckedRequest { request, digest: OnceLock::new() }
    }

    /// `request` with `registry` in place of its own, checked as
    /// [`CheckedRequest::new`] checks it but for the registry, validated
    /// already (a reader validates it to name each problem's file and line).
    ///
    /// # Errors
    /// What [`check_request`] finds in the rest of the request.
    pub fn with_registry(registry: ValidRegistry, mut request: PlanRequest) -> Result<CheckedRequest, PlanError> {
        request.registry = registry.into_inner();
        check_made(&request, Made::Registry)?;
        Ok(CheckedRequest::checked(request))
    }

    /// The request.
    pub fn request(&self) -> &PlanRequest {
        &self.request
    }

    /// The request, to change as a plain one (and check again).
    pub fn into_request(self) -> PlanRequest {
        self.request
    }

    /// Sets the seed (which the checks do not read, nor the commitment;
    /// the planner normalises and checks it against the rule).
    pub fn set_seed(&mut self, seed: String) {
        self.request.seed = seed;
    }

    /// Sets the seed rule (which the checks do not read; the commitment
    /// does, and is computed afresh).
    pub fn set_seed_rule(&mut self, rule: Option<crate::request::SeedRule>) {
        self.request.seed_rule = rule;
        self.digest = OnceLock::new();
    }

    /// Sets who committed the request and when (part of the commitment
    /// digest, which is computed afresh).
    pub fn set_committed(&mut self, committed: Option<crate::request::Committed>) {
        self.request.committed = committed;
        self.digest = OnceLock::new();
    }

    /// The request's commitment digest ([`commitment_digest`]), computed the
    /// first time it is asked for, here or by [`plan_checked`], and kept:
    /// checking a commitment and then planning hashes the inputs once.
    pub fn commitment_digest(&self) -> &str {
        self.digest.get_or_init(|| commitment_digest(&self.request))
    }

    /// The digest, if computed already.
    pub(crate) fn known_digest(&self) -> Option<&str> {
        self.digest.get().map(String::as_str)
    }

    /// Keeps `digest`, computed by the caller from this request's frozen
    /// header, unless one is kept already.
    pub(crate) fn keep_digest(&self, digest: String) -> &str {
        self.digest.get_or_init(|| digest)
    }
}

impl std::ops::Deref for CheckedRequest {
    type Target = PlanRequest;
    fn deref(&self) -> &PlanRequest {
        &self.request
    }
}

/// [`plan_quarter`] for a request checked already: the same plan, without
/// checking the request again.
///
/// # Errors
/// As [`plan_quarter`], the checks of [`check_request`] aside (they were
/// made when the [`CheckedRequest`] was).
pub fn plan_checked(request: &CheckedRequest) -> Result<QuarterPlan, PlanError> {
    let plan = plan_with(request.request(), request.digest.get().cloned(), Made::All)?;
    // Hashed beside the draw: kept for whatever is asked of the request next.
    let _ = request.digest.set(plan.commitment.clone());
    Ok(plan)
}

fn plan_with(request: &PlanRequest, digest: Option<String>, made: Made) -> Result<QuarterPlan, PlanError> {
    let seed = normalize_seed(&request.seed, request.seed_rule.as_ref())?;
    // Only a draw has a date: the quotas, the checks and `explain` of a
    // request under a draw window need none.
    request.check_draw_date()?;
    if seed != request.seed {
        // The draw reads the seed in many places; a request whose seed is
        // not yet in normal form (`5 8 1` for `581`) is planned as a copy
        // with the normal form, so every spelling gives the same plan.
        return plan_with(&PlanRequest { seed, ..request.clone() }, digest, made);
    }
    // The commitment depends on neither the checks nor the draw: hash
    // while checking and drawing. The draw only ever sees a checked request;
    // the digest of one that fails its checks is thrown away.
    let checked_draw = || check_made(request, made).and_then(|()| draw_quarter(request));
    let (digest, plan) = match digest {
        Some(d) => (d, checked_draw()?),
        None => {
            let (d, plan) = rayon::join(|| commitment_digest(request), checked_draw);
            (d, plan?)
        }
    };
    Ok(QuarterPlan { commitment: digest, ..plan })
}

/// Draws and staffs the quarter; the plan's commitment is filled in by the
/// caller.
fn draw_quarter(request: &PlanRequest) -> Result<QuarterPlan, PlanError> {
    let (stratum_lines, mut builder) = draw_strata(request)?;
    add_targeted(request, &mut builder)?;

    let mut tasks = builder.finish(request);
    assign_inspectors(request, &mut tasks)?;
    Ok(QuarterPlan {
        format: PlanFormat,
        policy: request.policy.id.clone(),
        assumptions: request.policy.assumptions.clone(),
        quarter: request.quarter,
        month: request.month,
        units: sorted(&request.units),
        commitment: String::new(),
        seed_rule: request.seed_rule.clone(),
        draw_date: request.draw_date,
        late_reason: request.late_reason.clone(),
        outside_window: request.committed.as_ref().and_then(|c| c.outside_window.clone()),
        seed: request.seed.clone(),
        strata: stratum_lines,
        tasks,
    })
}

/// The quarter's stratum lines, the seed aside: what a stratum's seed
/// string, draw and tickets leave out (names, populations, minimums) is
/// the same under any seed, so a commitment can hold it before the seed
/// exists (`docs/draw-protocol.md` §3, `committed.strata`).
///
/// # Errors
/// The [`PlanError`] drawing the strata and campaigns gives.
pub(crate) fn stratum_lines(request: &PlanRequest) -> Result<Vec<StratumLine>, PlanError> {
    Ok(draw_strata(request)?.0)
}

/// Draws every stratum and campaign into drafts of tasks.
fn draw_strata(request: &PlanRequest) -> Result<(Vec<StratumLine>, TaskBuilder<'_>), PlanError> {
    let input = request.quota_input();
    let strata = stratify(&input);
    let lines = quota::lines(&input, &strata);
    let populations: HashMap<&StratumKey, &Population<'_>> = strata.populations.iter().map(|p| (&p.key, p)).collect();

    // Each stratum's tickets and choice are its own: drawn in parallel (one
    // candidate buffer per thread — fresh memory for each large stratum
    // would cost more than drawing it). Every result is kept and the first
    // failure in line order reported: collected straight into a `Result`,
    // rayon would return whichever failure a thread met first.
    let picks: Vec<Result<Pick<'_>, PlanError>> = lines
        .par_iter()
        .map_init(Vec::new, |candidates, line| pick(request, line, populations.get(&line.stratum).copied(), candidates))
        .collect();
    let picks = picks.into_iter().collect::<Result<Vec<Pick<'_>>, PlanError>>()?;
    // Lines come unit by unit and units share no task: each unit's draws
    // are placed on its own, in parallel, and joined in line order, so the
    // plan is the same at any thread count.
    let placed: Vec<(Vec<StratumLine>, UnitDrafts<'_>)> =
        by_unit(lines.into_iter().zip(picks)).into_par_iter().map(|group| place_unit(&request.policy, group)).collect();
    let mut builder = TaskBuilder::new(request);
    let mut stratum_lines = Vec::with_capacity(placed.iter().map(|(l, _)| l.len()).sum());
    for (unit_lines, drafts) in placed {
        if let Some(first) = unit_lines.first() {
            builder.add_unit(&first.stratum.unit, drafts);
        }
        stratum_lines.extend(unit_lines);
    }
    stratum_lines.extend(draw_campaigns(request, &mut builder)?);
    Ok((stratum_lines, builder))
}

/// A history entry's pool that is no pool of the policy is another
/// document's matter, and counts for none of this plan's strata — unless
/// it is one letter or two from one of them (`polution`): a slip that
/// would silently not count, refused naming the pool meant.
fn check_history_pools(request: &PlanRequest) -> Result<(), PlanError> {
    let pools = request.policy.pools();
    for (index, entry) in request.history.iter().enumerate() {
        for pool in entry.pools.iter().filter(|p| !pools.contains(p)) {
            let near = pools.iter().find(|known| edits(pool.en(), known.en()) <= 2);
            if let Some(meant) = near {
                return Err(PlanError::HistoryPool { index, pool: pool.to_string(), meant: meant.to_string() });
            }
        }
    }
    Ok(())
}

/// The Levenshtein distance of two names (insertions, deletions and
/// substitutions of characters).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = cost.min(above.saturating_add(1)).min(left.saturating_add(1));
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

fn sorted(ids: &[Id]) -> Vec<Id> {
    let mut v = ids.to_vec();
    v.sort();
    v
}

/// Every check [`plan_quarter`] makes of a request before drawing, the
/// seed aside: the registry and history valid, the month in the quarter,
/// the policy valid and covering the quarter, the units known and of the
/// policy's level, the campaigns and targeted visits well-formed. A tool
/// that reads a request for anything (verify, publish, staffing…) calls it
/// first, so bad input is refused the same way whatever the route.
///
/// # Errors
/// The [`PlanError`] `plan_quarter` would give; every one is bad input
/// ([`PlanError::is_bad_input`]).
pub fn check_request(request: &PlanRequest) -> Result<(), PlanError> {
    check_made(request, Made::Nothing)
}

/// What of [`check_request`]'s checks a request has passed already.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    Nothing,
    /// The registry's ([`ValidRegistry`]).
    Registry,
    /// Every one ([`CheckedRequest`]).
    All,
}

/// The checks of [`check_request`] not `made` already.
fn check_made(request: &PlanRequest, made: Made) -> Result<(), PlanError> {
    if made == Made::All {
        return Ok(());
    }
    // Independent reads of the request: checked side by side, reported
    // registry first.
    let validate = || match made {
        Made::Nothing => validate_registry(&request.registry),
        Made::Registry | Made::All => Ok(()),
    };
    let (registry, history) = rayon::join(validate, || validate_history(&request.history, &request.registry));
    let mut errors = Vec::new();
    for result in [registry, history] {
        if let Err(e) = result {
            errors.extend(e.0);
        }
    }
    if !errors.is_empty() {
        return Err(PlanError::Invalid(ValidationErrors(errors)));
    }
    check_history_pools(request)?;
    if let Some(month) = request.month {
        if !request.quarter.months().contains(&month) {
            return Err(PlanError::MonthOutsideQuarter {
                month,
                quarter: request.quarter,
                months: request.quarter.months(),
            });
        }
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

/// The seed string of a stratum: `seed|period|unit|pool|category[|tier]`,
/// the period being the quarter (`2023Q3`) or, for a monthly draw, the
/// month (`2023-07`; [`PlanRequest::period`]).
pub fn stratum_seed(seed: &str, period: &str, key: &StratumKey) -> String {
    let mut parts = vec![seed, period, key.unit.as_str(), key.pool.en(), key.category.as_str()];
    if let Some(tier) = &key.tier {
        parts.push(tier);
    }
    seed_string(&parts)
}

/// The seed string of a campaign in a unit: `seed|period|unit|campaign|id`.
pub fn campaign_seed(seed: &str, period: &str, unit: &str, campaign: &str) -> String {
    seed_string(&[seed, period, unit, "campaign", campaign])
}

/// A candidate of a stratum's draw: (inspected this year and drawn last,
/// ticket, object, visited by another level this quarter).
type Candidate<'a> = (bool, Ticket, &'a RegulatedObject, bool);

/// One stratum's draw before it is placed: its seed string, the objects
/// set aside, and the chosen candidates in draw order.
struct Pick<'a> {
    seed: String,
    set_aside: u64,
    uninspected_first: bool,
    chosen: Vec<Candidate<'a>>,
}

/// Draws one stratum: the `required` first candidates in draw order.
fn pick<'a>(
    request: &'a PlanRequest,
    line: &quota::QuotaLine,
    population: Option<&Population<'a>>,
    candidates: &mut Vec<Candidate<'a>>,
) -> Result<Pick<'a>, PlanError> {
    let seed = stratum_seed(&request.seed, &request.period(), &line.stratum);
    let set_aside_reading = request.policy.readings.other_levels == OtherLevelVisits::SetAside;
    let uninspected_first = line.uninspected_first();
    candidates.clear();
    let mut set_aside = 0;
    if let Some(p) = population {
        let tickets = TicketSeed::new(&seed);
        let members = p.members.iter().zip(p.drawn_last()).zip(&p.visited_by_other_level);
        for (((object, inspected), other), earlier) in members.zip(&p.drawn_this_quarter) {
            if *earlier {
                continue; // an earlier month of the quarter drew it
            }
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
    let chosen = smallest(candidates, required, |a, b| (a.0, &a.1, &a.2.id).cmp(&(b.0, &b.1, &b.2.id))).to_vec();
    Ok(Pick { seed, set_aside, uninspected_first, chosen })
}

/// Groups consecutive (line, pick) pairs of one unit.
fn by_unit<'a>(pairs: impl Iterator<Item = (quota::QuotaLine, Pick<'a>)>) -> Vec<Vec<(quota::QuotaLine, Pick<'a>)>> {
    let mut groups: Vec<Vec<(quota::QuotaLine, Pick<'a>)>> = Vec::new();
    for pair in pairs {
        match groups.last_mut() {
            Some(group) if group.first().is_some_and(|(l, _)| l.stratum.unit == pair.0.stratum.unit) => {
                group.push(pair)
            }
            _ => groups.push(vec![pair]),
        }
    }
    groups
}

/// Places one unit's draws: its strata's lines, and its drafts.
fn place_unit<'a>(policy: &Policy, group: Vec<(quota::QuotaLine, Pick<'a>)>) -> (Vec<StratumLine>, UnitDrafts<'a>) {
    let mut drafts = UnitDrafts::default();
    drafts.reserve(group.iter().map(|(_, pick)| pick.chosen.len()).sum());
    let lines = group.into_iter().map(|(line, pick)| place(policy, line, pick, &mut drafts)).collect();
    (lines, drafts)
}

/// Places a stratum's draw: a cover on each chosen object's task, and the
/// stratum's line of the plan.
fn place<'a>(policy: &Policy, line: quota::QuotaLine, pick: Pick<'a>, drafts: &mut UnitDrafts<'a>) -> StratumLine {
    let stratum = SharedId::from(line.stratum.to_string());
    // A matter's expertise is on its line, for an amendment's replacement;
    // a national pool's follows from its name.
    let expertise = policy.matter(&line.stratum.pool).and_then(|m| m.expertise.clone());
    let mut joint = 0;
    for (_, ticket, object, other) in &pick.chosen {
        joint += u64::from(*other);
        drafts.cover(
            object,
            Some(line.stratum.pool.clone()),
            Cover { stratum: stratum.clone(), ticket: ticket.decimal() },
            expertise.as_deref(),
        );
    }
    StratumLine {
        stratum: line.stratum,
        campaign: None,
        expertise,
        seed_string: pick.seed,
        eligible: line.eligible,
        inspected_this_year: line.inspected_this_year,
        inspected_in_cycle: line.inspected_in_cycle,
        required: line.required,
        drawn: pick.chosen.len() as u64,
        joint_with_other_level: joint,
        set_aside: pick.set_aside,
        uninspected_first: pick.uninspected_first,
        demands: line.demands,
        month_share: line.month_share,
    }
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
    // In id order: the request's order of campaigns is not part of it
    // (the commitment's list root does not see it), so no byte of the plan
    // may depend on it.
    let mut campaigns: Vec<&crate::request::Campaign> = request.campaigns.iter().collect();
    campaigns.sort_by(|a, b| a.id.cmp(&b.id));
    for campaign in campaigns {
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
            let seed = campaign_seed(&request.seed, &request.period(), unit, &campaign.id);
            let tickets = TicketSeed::new(&seed);
            let eligible = members.len() as u64;
            let quarter_required = campaign.percent.of(eligible, Rounding::Up);
            // A monthly draw takes its share; an object an earlier month
            // of the quarter visited has served the campaign already.
            let earlier = earlier_this_quarter(request, unit);
            let fresh: Vec<&RegulatedObject> =
                members.into_iter().filter(|o| !earlier.contains(o.id.as_str())).collect();
            let month_share = request.month.map(|m| {
                let months_left = request.quarter.months().iter().filter(|x| **x >= m).count() as u64;
                let drawn_earlier = eligible - fresh.len() as u64;
                MonthShare { quarter_required, drawn_earlier, months_left }
            });
            let required = month_share.map_or(quarter_required, |s| s.of().min(fresh.len() as u64));
            let k = usize::try_from(required).unwrap_or(usize::MAX);
            let mut scored: Vec<(Ticket, &RegulatedObject)> =
                fresh.into_iter().map(|o| (tickets.ticket(&o.id), o)).collect();
            let chosen = smallest(&mut scored, k, |a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
            let stratum = SharedId::from(format!("{unit}/campaign/{}", campaign.id));
            for (ticket, object) in chosen {
                let cover = Cover { stratum: stratum.clone(), ticket: ticket.decimal() };
                builder.cover(unit, object, None, cover, campaign.expertise.as_deref());
            }
            lines.push(StratumLine {
                stratum: StratumKey {
                    unit: unit.to_owned(),
                    pool: Pool::Pollution,
                    category: Category::General.into(),
                    tier: None,
                },
                campaign: Some(campaign.id.clone()),
                // Carried, as a matter's is, so a replacement joining an
                // existing visit asks for it.
                expertise: campaign.expertise.clone(),
                seed_string: seed,
                eligible,
                inspected_this_year: 0,
                inspected_in_cycle: None,
                required,
                drawn: chosen.len() as u64,
                joint_with_other_level: 0,
                set_aside: 0,
                uninspected_first: false,
                demands: Vec::new(),
                month_share,
            });
        }
    }
    Ok(lines)
}

/// For a monthly draw, the objects the unit visited at random in earlier
/// months of the quarter (empty for a quarterly draw).
fn earlier_this_quarter<'a>(request: &'a PlanRequest, unit: &str) -> HashSet<&'a str> {
    // Called per unit: a quarter's draw must not read the history for it.
    if !request.has_earlier_months() {
        return HashSet::default();
    }
    request
        .history
        .iter()
        .filter(|i| i.by == unit && i.kind == InspectionKind::Random && request.of_earlier_month(i.date))
        .map(|i| i.object.as_str())
        .collect()
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
            let fits = match request.month {
                Some(drawn) => month == drawn,
                None => request.quarter.months().contains(&month),
            };
            if !fits {
                return Err(PlanError::TargetedMonth { index, month, period: request.period() });
            }
        }
        builder.target(unit, object, t.reason, t.month.or(request.month));
    }
    Ok(())
}
