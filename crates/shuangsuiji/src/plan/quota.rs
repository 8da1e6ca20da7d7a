//! Quota arithmetic: the minimum number of draws per stratum this quarter.
//!
//! Each [`Rule`](crate::rules::Rule) of the policy makes a demand on its stratum; the stratum's
//! requirement is the largest demand, capped at its eligible population.
//!
//! | minimum | this quarter's demand |
//! |---|---|
//! | x % per quarter | ⌈x % × eligible⌉ (rounding per [`Readings::rounding`]) |
//! | x % per year | T = ⌈x % × eligible⌉; ⌈(T − done) ÷ quarters left⌉ |
//! | 1:N per year | T = min(⌈N × counted inspectors⌉, eligible); ⌈(T − done) ÷ quarters left⌉ (N may have two decimals: 1:2.5) |
//! | every object once a year | ⌈not yet inspected ÷ quarters left⌉ |
//! | every object once in a cycle of years | ⌈not yet inspected in the cycle ÷ quarters left in it⌉ |
//! | one of several (the bureau's choice) | the chosen option's demand |
//!
//! "Quarters left" counts only quarters with a month the policy's objects
//! may be inspected in (`Policy::months`), and is one under a yearly
//! cadence; a quarter without such a month demands nothing.
//!
//! "done" counts the stratum's objects already randomly inspected this year
//! before the quarter (by this unit; by any level under mutual recognition);
//! targeted inspections never count. "Quarters left" includes this one.
//!
//! [`Readings::rounding`]: crate::rules::Readings::rounding

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Id, Level, Registry};
use crate::request::QuotaInput;
use crate::rules::{CountedInspectors, Minimum, Modifier, Percent, Policy, PolicyError, PolicyLevel, Rounding, Source};

use super::stratum::{stratify, unit_of_jurisdiction, Population, Strata, StratumKey};

/// A month's share of its quarter's minimum: ⌈(quarter minimum − drawn in
/// earlier months) ÷ months left⌉, the month itself counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthShare {
    /// The quarter's minimum.
    pub quarter_required: u64,
    /// Drawn by earlier months of the quarter.
    pub drawn_earlier: u64,
    /// Months left in the quarter, this one included.
    pub months_left: u64,
}

/// One rule's demand on a stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// The minimum.
    pub minimum: Minimum,
    /// Where it comes from.
    pub source: Source,
    /// For a yearly minimum, the year's total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yearly_total: Option<u64>,
    /// Draws this rule demands this quarter.
    pub demand: u64,
}

/// The minimum for one stratum this quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuotaLine {
    /// The stratum.
    pub stratum: StratumKey,
    /// Eligible objects.
    pub eligible: u64,
    /// Of those, already inspected this year (counted).
    pub inspected_this_year: u64,
    /// Of those, already inspected earlier in the cycle, for a stratum
    /// under a minimum over a cycle of years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspected_in_cycle: Option<u64>,
    /// Minimum to draw this quarter: the largest demand, capped at
    /// `eligible`.
    pub required: u64,
    /// Each rule's demand.
    pub demands: Vec<Demand>,
    /// For a monthly draw, the quarter's minimum and what earlier months
    /// drew: `required` is then this month's share of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_share: Option<MonthShare>,
}

impl QuotaLine {
    /// The demand that sets `required` (the first of the largest).
    pub fn binding(&self) -> Option<&Demand> {
        self.demands.iter().rev().max_by_key(|d| d.demand)
    }

    /// Whether the stratum draws objects not yet inspected this year first
    /// (it is under a yearly minimum).
    pub fn uninspected_first(&self) -> bool {
        self.demands.iter().any(|d| d.minimum.is_yearly())
    }
}

/// Why quotas cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaError {
    /// The policy is invalid or does not cover the quarter.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// A drawing unit is not in the jurisdiction tree.
    #[error("drawing unit `{unit}` is not a jurisdiction of the registry")]
    UnknownUnit {
        /// The unit.
        unit: Id,
    },
    /// A drawing unit is of the wrong level for the policy.
    #[error("drawing unit `{unit}` is a {found:?} but policy `{policy}` is written for {expected:?} bureaus")]
    WrongLevel {
        /// The unit.
        unit: Id,
        /// Its level.
        found: Level,
        /// The policy's level.
        expected: PolicyLevel,
        /// The policy's id.
        policy: String,
    },
    /// Objects of a drawing unit that carry none of the policy's own
    /// classes among their tags, or several.
    #[error("{count} object(s) carry none or several of the classes {names} among their tags, e.g. {examples}: tag each with exactly one (the class lists the document has the bureau publish)")]
    NoClass {
        /// How many.
        count: usize,
        /// The first few, by id.
        examples: String,
        /// The classes.
        names: String,
    },
    /// No drawing unit was given.
    #[error("no drawing unit given: name the jurisdiction(s) whose bureau draws")]
    NoUnits,
    /// The same unit was given twice.
    #[error("drawing unit `{unit}` is given twice")]
    DuplicateUnit {
        /// The unit.
        unit: Id,
    },
}

/// The minimum per stratum for the quarter, one line per stratum, sorted
/// by stratum.
///
/// # Errors
/// [`QuotaError`] when the policy is invalid or outside its validity, or a
/// drawing unit is unknown, repeated or of the wrong level.
pub fn quarter_quotas(input: &QuotaInput<'_>) -> Result<Vec<QuotaLine>, QuotaError> {
    check_request(input)?;
    let strata = stratify(input);
    Ok(lines(input, &strata))
}

/// Checks the policy (valid, and in force for the quarter) and the units
/// (given, known, once each, of the policy's level).
///
/// # Errors
/// [`QuotaError`] naming the first problem.
pub fn check_request(input: &QuotaInput<'_>) -> Result<(), QuotaError> {
    input.policy.validate().map_err(|mut errors| QuotaError::Policy(errors.remove(0)))?;
    input.policy.check_has_rules()?;
    input.policy.check_validity(input.quarter)?;
    if input.units.is_empty() {
        return Err(QuotaError::NoUnits);
    }
    for (i, unit) in input.units.iter().enumerate() {
        if input.units.iter().take(i).any(|u| u == unit) {
            return Err(QuotaError::DuplicateUnit { unit: unit.clone() });
        }
        let j = input
            .registry
            .jurisdictions
            .iter()
            .find(|j| &j.id == unit)
            .ok_or_else(|| QuotaError::UnknownUnit { unit: unit.clone() })?;
        let fits = match input.policy.level {
            PolicyLevel::Prefecture => j.level == Level::Prefecture,
            PolicyLevel::CountyOrPark => matches!(j.level, Level::County | Level::Park),
        };
        if !fits {
            return Err(QuotaError::WrongLevel {
                unit: unit.clone(),
                found: j.level,
                expected: input.policy.level,
                policy: input.policy.id.clone(),
            });
        }
    }
    check_classes(input)
}

/// With the document's own classes, every eligible object of a drawing
/// unit carries exactly one of them: never a silent stratum-less object.
fn check_classes(input: &QuotaInput<'_>) -> Result<(), QuotaError> {
    let Some(classes) = &input.policy.classes else { return Ok(()) };
    let unit_of = unit_of_jurisdiction(input.registry, input.units);
    let mut unclassed: Vec<&str> = input
        .registry
        .objects
        .iter()
        .filter(|o| o.status.is_eligible() && unit_of.contains_key(o.jurisdiction.as_str()))
        // Every pool a rule draws from: an object it takes needs a class there.
        .filter(|o| {
            input
                .policy
                .rules
                .iter()
                .any(|r| input.policy.takes(o, &r.pool) && input.policy.class_index(o, &r.pool).is_none())
        })
        .map(|o| o.id.as_str())
        .collect();
    if unclassed.is_empty() {
        return Ok(());
    }
    unclassed.sort_unstable();
    let examples: Vec<&str> = unclassed.iter().take(5).copied().collect();
    Err(QuotaError::NoClass { count: unclassed.len(), examples: examples.join(", "), names: classes.names.join("/") })
}

/// One line per stratum that a rule applies to, including empty strata of
/// each unit so the report shows a zero rather than nothing.
pub(crate) fn lines(input: &QuotaInput<'_>, strata: &Strata<'_>) -> Vec<QuotaLine> {
    let present: HashSet<&StratumKey> = strata.populations.iter().map(|p| &p.key).collect();
    let empty: Vec<Population<'_>> = input
        .units
        .iter()
        .flat_map(|unit| {
            input.policy.rules.iter().map(move |r| StratumKey {
                unit: unit.clone(),
                pool: r.pool.clone(),
                category: r.category.clone(),
                tier: None,
            })
        })
        .filter(|key| !present.contains(key))
        .map(|key| Population {
            key,
            members: Vec::new(),
            inspected_this_year: Vec::new(),
            visited_by_other_level: Vec::new(),
            drawn_this_quarter: Vec::new(),
            inspected_in_cycle: None,
            inspected_before: None,
        })
        .collect();
    let officers = OfficerCounts::new(input.registry, input.policy);
    let mut out: Vec<QuotaLine> =
        strata.populations.iter().chain(empty.iter()).filter_map(|p| line(input, &officers, p)).collect();
    out.sort_by(|a, b| a.stratum.cmp(&b.stratum));
    out.dedup_by(|a, b| a.stratum == b.stratum);
    out
}

/// The line for one population, or `None` when no rule applies to it.
pub(crate) fn line(input: &QuotaInput<'_>, officers: &OfficerCounts, population: &Population<'_>) -> Option<QuotaLine> {
    let key = &population.key;
    let eligible = population.eligible();
    let done = population.inspected();
    // A yearly minimum spreads over the quarters with a month the pool's
    // objects may be inspected in; a quarter without one draws nothing.
    let left = input.policy.quarters_left(&key.pool, input.quarter);
    let closed = input.policy.open_months(&key.pool, input.quarter).is_empty();
    let rounding = input.policy.readings.rounding;
    let mut demands: Vec<Demand> = input
        .policy
        .rules_for(&key.pool, &key.category)
        // The 1:N total is an absolute count for the unit's category: it
        // applies to the base stratum only, never again to a risk tier.
        .filter(|r| key.tier.is_none() || !matches!(r.minimum.in_force(), Minimum::InspectorRatioPerYear { .. }))
        .map(|r| {
            let (yearly_total, demand) = match r.minimum.cycle_of(input.quarter.year()) {
                // ⌈not yet inspected in the cycle ÷ quarters left in it⌉.
                Some((_, last)) => {
                    let done = population.inspected_cycle().unwrap_or(done);
                    let left = input.policy.cycle_quarters_left(&key.pool, input.quarter, last).max(1);
                    (Some(eligible), eligible.saturating_sub(done).div_ceil(left))
                }
                None => demand(&r.minimum, officers, &key.unit, eligible, done, left, rounding),
            };
            let demand = if closed { 0 } else { demand };
            Demand { minimum: r.minimum.clone(), source: r.source.clone(), yearly_total, demand }
        })
        .collect();
    if let Some(tier) = &key.tier {
        demands.extend(tier_demand(input.policy, tier, eligible, rounding));
    }
    if demands.is_empty() {
        return None;
    }
    let quarter_required = demands.iter().map(|d| d.demand).max().unwrap_or(0).min(eligible);
    let (required, month_share) = match input.month {
        None => (quarter_required, None),
        Some(month) => {
            let share = month_share(input, population, quarter_required, month);
            let fresh = eligible - population.drawn_earlier();
            (share.of().min(fresh), Some(share))
        }
    };
    Some(QuotaLine {
        stratum: key.clone(),
        eligible,
        inspected_this_year: done,
        inspected_in_cycle: population.inspected_cycle(),
        required,
        demands,
        month_share,
    })
}

/// A month's share of the quarter's minimum (rounded up, so the months
/// together never fall short): ⌈(quarter minimum − drawn earlier) ÷ months
/// left, this one included⌉.
fn month_share(input: &QuotaInput<'_>, population: &Population<'_>, quarter_required: u64, month: u32) -> MonthShare {
    // Only the months the policy's objects may be inspected in share it; a
    // month outside them owes nothing.
    let open = input.policy.open_months(&population.key.pool, input.quarter);
    let months_left = open.iter().filter(|m| **m >= month).count() as u64;
    let quarter_required = if open.contains(&month) { quarter_required } else { 0 };
    MonthShare { quarter_required, drawn_earlier: population.drawn_earlier(), months_left }
}

impl MonthShare {
    /// This month's share.
    pub fn of(&self) -> u64 {
        self.quarter_required.saturating_sub(self.drawn_earlier).div_ceil(self.months_left.max(1))
    }
}

fn tier_demand(policy: &Policy, tier: &str, eligible: u64, rounding: Rounding) -> Option<Demand> {
    policy.modifiers.iter().find_map(|m| match m {
        Modifier::RiskTier { percent_per_quarter, source, .. } if m.tier_name() == Some(tier) => Some(Demand {
            minimum: Minimum::PercentPerQuarter { percent: *percent_per_quarter },
            source: source.clone(),
            yearly_total: None,
            demand: percent_per_quarter.of(eligible, rounding),
        }),
        _ => None,
    })
}

/// (yearly total, this quarter's demand) for one minimum.
fn demand(
    minimum: &Minimum,
    officers: &OfficerCounts,
    unit: &str,
    eligible: u64,
    done: u64,
    left: u64,
    rounding: Rounding,
) -> (Option<u64>, u64) {
    let spread = |total: u64| total.saturating_sub(done).div_ceil(left.max(1));
    match minimum.in_force() {
        Minimum::PercentPerQuarter { percent } => (None, percent.of(eligible, rounding)),
        Minimum::PercentPerYear { percent } => {
            let total = percent.of(eligible, rounding);
            (Some(total), spread(total))
        }
        Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
            let inspectors = officers.counted(unit, counted);
            let total = objects_per_inspector.of(inspectors, rounding).min(eligible);
            (Some(total), spread(total))
        }
        Minimum::EveryObjectOncePerYear {} => (Some(eligible), spread(eligible)),
        // A cycle's demand is the line's own (it needs the cycle's count);
        // only an invalid choice (refused by validation) is left here.
        Minimum::EveryObjectOncePerCycle { .. } | Minimum::OneOf { .. } => (None, 0),
    }
}

/// A line's minimum worked out number by number, one sentence per
/// demand and one for the requirement, in the domain's words (English):
/// `≥ 25% per quarter — 25% of 40 eligible = 10 (Changji 2023 §四.1)`.
/// What `ssj rules explain` prints; the numbers are the planner's own
/// (`line` from [`quarter_quotas`] on the same `input`).
pub fn explain(input: &QuotaInput<'_>, line: &QuotaLine) -> Vec<String> {
    let officers = OfficerCounts::new(input.registry, input.policy);
    let pool = &line.stratum.pool;
    let left = input.policy.quarters_left(pool, input.quarter).max(1);
    let closed = input.policy.open_months(pool, input.quarter).is_empty();
    let rounding = input.policy.readings.rounding;
    let (eligible, done) = (line.eligible, line.inspected_this_year);
    let mut out: Vec<String> = line
        .demands
        .iter()
        .map(|d| {
            let chosen = if matches!(d.minimum, Minimum::OneOf { .. }) { "the bureau's choice, " } else { "" };
            let arithmetic = match d.minimum.in_force() {
                _ if closed => format!("no month of {} is open to inspection = 0", input.quarter),
                Minimum::PercentPerQuarter { percent } => {
                    format!("{percent} of {eligible} eligible = {}", rounded(percent.basis_points(), eligible, rounding))
                }
                Minimum::PercentPerYear { percent } => format!(
                    "{percent} of {eligible} eligible = {} a year; {}",
                    rounded(percent.basis_points(), eligible, rounding),
                    spread_text(d, done, left)
                ),
                Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
                    let n = officers.counted(&line.stratum.unit, counted);
                    format!(
                        "{objects_per_inspector} × {n} officers counted = {} a year, at most the {eligible} eligible; {}",
                        rounded(objects_per_inspector.hundredths(), n * 100, rounding),
                        spread_text(d, done, left)
                    )
                }
                Minimum::EveryObjectOncePerYear {} => {
                    format!("{eligible} eligible, {} not yet inspected this year; {}", eligible - done.min(eligible), spread_text(d, done, left))
                }
                Minimum::EveryObjectOncePerCycle { .. } => {
                    let (first, last) = d.minimum.cycle_of(input.quarter.year()).unwrap_or_default();
                    let done = line.inspected_in_cycle.unwrap_or(done);
                    let left = input.policy.cycle_quarters_left(pool, input.quarter, last).max(1);
                    format!(
                        "{eligible} eligible, {} not yet inspected in the cycle {first}–{last}; ÷ {left} quarter(s) left in it = {}",
                        eligible - done.min(eligible),
                        d.demand
                    )
                }
                Minimum::OneOf { .. } => format!("an invalid choice = {}", d.demand),
            };
            format!("{} — {chosen}{arithmetic} ({})", d.minimum, d.source)
        })
        .collect();
    let largest = line.demands.iter().map(|d| d.demand).max().unwrap_or(0);
    let mut required = format!("required: the largest demand, {largest}, at most the {eligible} eligible");
    match &line.month_share {
        Some(share) => required.push_str(&format!(
            " = {} this quarter; this month: ({} − {} drawn by earlier months) ÷ {} month(s) left = {}",
            share.quarter_required, share.quarter_required, share.drawn_earlier, share.months_left, line.required
        )),
        None => required.push_str(&format!(" = {}", line.required)),
    }
    out.push(required);
    out
}

/// `x` hundredths of a percent of `n`, exactly, then as the reading rounds
/// it: `1.75 → 2 (rounded up)`.
fn rounded(basis_points: u32, n: u64, rounding: Rounding) -> String {
    let exact = u128::from(basis_points) * u128::from(n);
    let whole = exact / 10_000;
    let fraction = exact % 10_000;
    let result = Percent::from_basis_points(basis_points).of(n, rounding);
    if fraction == 0 {
        return result.to_string();
    }
    let digits = format!("{fraction:04}");
    let how = match rounding {
        Rounding::Up => "rounded up",
        Rounding::Nearest => "rounded half up",
        Rounding::Down => "rounded down",
    };
    format!("{whole}.{} → {result} ({how})", digits.trim_end_matches('0'))
}

/// The spread of a yearly total over the quarters left.
fn spread_text(d: &Demand, done: u64, left: u64) -> String {
    let total = d.yearly_total.unwrap_or(0);
    format!("({total} − {done} done) ÷ {left} quarter(s) left = {}", d.demand)
}

/// Certified officers on post per unit, and per unit and expertise. Built
/// once per plan. Every reading of "officers" counts only those on post:
/// someone not on post (在编在岗 = false) is never drawn, so cannot raise a
/// 1:N total either.
#[derive(Debug, Default)]
pub(crate) struct OfficerCounts {
    per_unit: HashMap<String, u64>,
    per_expertise: HashMap<(String, String), u64>,
}

impl OfficerCounts {
    pub(crate) fn new(registry: &Registry, policy: &Policy) -> Self {
        // Per expertise only where a rule counts some officers by theirs.
        let by_expertise = policy.rules.iter().any(|r| {
            matches!(
                r.minimum.in_force(),
                Minimum::InspectorRatioPerYear { counted: CountedInspectors::WithExpertise { .. }, .. }
            )
        });
        let mut counts = OfficerCounts::default();
        for i in registry.inspectors.iter().filter(|i| i.is_certified_officer()) {
            *counts.per_unit.entry(i.jurisdiction.clone()).or_default() += 1;
            for e in i.expertise.iter().filter(|_| by_expertise) {
                *counts.per_expertise.entry((i.jurisdiction.clone(), e.clone())).or_default() += 1;
            }
        }
        counts
    }

    fn counted(&self, unit: &str, counted: &CountedInspectors) -> u64 {
        match counted {
            CountedInspectors::CertifiedOfficers {} | CountedInspectors::OnPostOfficers {} => {
                self.per_unit.get(unit).copied().unwrap_or_default()
            }
            CountedInspectors::WithExpertise { expertise } => {
                self.per_expertise.get(&(unit.to_owned(), expertise.clone())).copied().unwrap_or_default()
            }
            CountedInspectors::Given { count } => u64::from(*count),
        }
    }
}
