//! Strata: who is eligible to be drawn, grouped by drawing unit × pool ×
//! category (× risk tier).
//!
//! A *drawing unit* is the jurisdiction whose bureau draws: the prefecture
//! for a prefecture-level policy, each county or park for a county-level
//! one. Its population is every eligible object in its subtree of the
//! jurisdiction tree. Modifiers are applied here, once, so the quota
//! arithmetic and the draw see the same populations.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::id_filter::IdFilter;
use crate::model::{Category, Class, Credit, Id, Inspection, InspectionKind, Pool, Registry, RegulatedObject};
use crate::request::QuotaInput;
use crate::rules::{Modifier, OtherLevelVisits, Policy, RiskCriteria};

/// One stratum: drawing unit × pool × category, and the risk tier if a
/// [`Modifier::RiskTier`] put the objects in one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StratumKey {
    /// The drawing unit (jurisdiction id).
    pub unit: Id,
    /// The pool.
    pub pool: Pool,
    /// The class within the pool: a national category, or one of the
    /// policy's own classes.
    pub category: Class,
    /// The risk tier's name, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

impl fmt::Display for StratumKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.unit, self.pool, self.category)?;
        if let Some(tier) = &self.tier {
            write!(f, "/{tier}")?;
        }
        Ok(())
    }
}

/// The eligible population of one stratum.
#[derive(Debug, Clone)]
pub struct Population<'a> {
    /// The stratum.
    pub key: StratumKey,
    /// Eligible objects, in registry order (the draw orders them by
    /// ticket, so their order here never matters; sort before publishing).
    pub members: Vec<&'a RegulatedObject>,
    /// For each member, whether a counted random inspection this year,
    /// before the quarter, already covered it in this pool.
    pub inspected_this_year: Vec<bool>,
    /// For each member, whether another level visits it this quarter (a
    /// visit in the history dated inside the quarter, by another bureau).
    pub visited_by_other_level: Vec<bool>,
    /// For a monthly draw, whether an earlier month of the quarter drew the
    /// member (a random visit by the unit itself in this pool, dated in the
    /// quarter before the month): it is not drawn again this quarter.
    pub drawn_this_quarter: Vec<bool>,
    /// For a stratum under a minimum over a cycle of years, for each
    /// member, whether a counted random inspection earlier in the cycle
    /// covered it; `None` for any other stratum.
    pub inspected_in_cycle: Option<Vec<bool>>,
    /// For a stratum under a `no_repeat` rule, for each member, whether a
    /// counted random inspection before the quarter, in any year the
    /// history holds, covered it; `None` for any other stratum.
    pub inspected_before: Option<Vec<bool>>,
}

impl Population<'_> {
    /// Number of eligible objects.
    pub fn eligible(&self) -> u64 {
        self.members.len() as u64
    }

    /// Number of members already inspected this year.
    pub fn inspected(&self) -> u64 {
        self.inspected_this_year.iter().filter(|b| **b).count() as u64
    }

    /// Number of members inspected earlier in the cycle, for a stratum
    /// under a minimum over a cycle of years.
    pub fn inspected_cycle(&self) -> Option<u64> {
        self.inspected_in_cycle.as_ref().map(|v| v.iter().filter(|b| **b).count() as u64)
    }

    /// For each member, whether it is drawn after the others of a stratum
    /// that draws objects not yet inspected first: inspected before at
    /// all, under a `no_repeat` rule; else earlier in the cycle, for a
    /// stratum under a cycle of years; else earlier this year.
    pub fn drawn_last(&self) -> &[bool] {
        self.inspected_before.as_deref().or(self.inspected_in_cycle.as_deref()).unwrap_or(&self.inspected_this_year)
    }

    /// Number of members drawn by earlier months of the quarter.
    pub fn drawn_earlier(&self) -> u64 {
        self.drawn_this_quarter.iter().filter(|b| **b).count() as u64
    }
}

/// Every stratum's population.
#[derive(Debug)]
pub struct Strata<'a> {
    /// The populations, sorted by key.
    pub populations: Vec<Population<'a>>,
}

/// Maps each jurisdiction to the drawing unit whose subtree contains it.
/// Jurisdictions outside every unit are absent. A unit nested in another
/// unit belongs to itself (the innermost wins).
pub fn unit_of_jurisdiction<'a>(registry: &'a Registry, units: &'a [Id]) -> HashMap<&'a str, &'a str> {
    let parent: HashMap<&str, Option<&str>> =
        registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.parent.as_deref())).collect();
    let unit_set: HashSet<&str> = units.iter().map(String::as_str).collect();
    let mut out = HashMap::default();
    for j in &registry.jurisdictions {
        let mut cur = Some(j.id.as_str());
        // Bounded by the tree size so a cycle (rejected by validation) cannot hang.
        for _ in 0..=registry.jurisdictions.len() {
            let Some(c) = cur else { break };
            if unit_set.contains(c) {
                out.insert(j.id.as_str(), c);
                break;
            }
            cur = parent.get(c).copied().flatten();
        }
    }
    out
}

/// Builds every stratum's population.
pub fn stratify<'a>(input: &QuotaInput<'a>) -> Strata<'a> {
    let QuotaInput { policy, registry, quarter, history, units, month: _ } = *input;
    let unit_of = unit_of_jurisdiction(registry, units);
    let start = quarter.first_day();
    let end = quarter.last_day();
    let joint = policy.readings.other_levels == OtherLevelVisits::JointAndCount;
    let after_first_month = input.has_earlier_months();

    // What the history says of each object it names: one lookup a member.
    let mut seen: HashMap<&str, Seen<'_>> = HashMap::default();
    let cycle_start = policy.cycle_start(quarter);
    let no_repeat = policy.rules.iter().any(|r| r.no_repeat);
    for i in history {
        if i.date >= start && i.date <= end {
            seen.entry(i.object.as_str()).or_default().this_quarter.push(i);
            continue;
        }
        if i.date >= start || i.kind != InspectionKind::Random {
            continue;
        }
        if i.date.year() == quarter.year() {
            let earlier = &mut seen.entry(i.object.as_str()).or_default().earlier;
            earlier.extend(i.pools.iter().map(|pool| (pool, i.by.as_str())));
        }
        if no_repeat && i.date.year() < quarter.year() {
            let before = &mut seen.entry(i.object.as_str()).or_default().before;
            before.extend(i.pools.iter().map(|pool| (pool, i.by.as_str())));
        }
        if cycle_start.is_some_and(|from| i.date >= from) {
            let in_cycle = &mut seen.entry(i.object.as_str()).or_default().in_cycle;
            in_cycle.extend(i.pools.iter().map(|pool| (pool, i.by.as_str())));
        }
    }

    let downgrade = active_downgrade(policy, start, end);
    let tiers = active_tiers(policy);

    // Buckets are indexed by small integers, (unit, pool, category, tier
    // slot); the keys' strings are built once per stratum below.
    let mut unit_names: Vec<&'a str> = Vec::new();
    let mut unit_index: HashMap<&'a str, usize> = HashMap::default();
    let mut jurisdiction_unit: HashMap<&'a str, usize> =
        HashMap::with_capacity_and_hasher(unit_of.len(), Default::default());
    for (jurisdiction, unit) in &unit_of {
        let index = *unit_index.entry(unit).or_insert_with(|| {
            unit_names.push(unit);
            unit_names.len() - 1
        });
        jurisdiction_unit.insert(jurisdiction, index);
    }
    let slots = tiers.len() + 1;
    let first_of_name: Vec<usize> =
        tiers.iter().enumerate().map(|(i, t)| tiers.iter().position(|u| u.0 == t.0).unwrap_or(i)).collect();
    let classes = policy.class_list();
    let pools = policy.pools();
    let per_unit = pools.len() * classes.len() * slots;
    // A document's own classes take no modifier (validation refuses one):
    // the downgrade and the tiers below are for the national categories.
    let national = policy.classes.is_none();
    // A matter's objects are its filter's, in their own class.
    let bucket_of = |object: &RegulatedObject, unit: usize, p: usize, pool: &Pool| -> Option<usize> {
        if !national || pool.is_matter() {
            let class = policy.class_index(object, pool)?;
            return Some(((unit * pools.len() + p) * classes.len() + class) * slots);
        }
        let mut category = object.category_in(pool)?;
        let mut tier = None;
        if *pool == Pool::Pollution {
            if category == Category::Key && downgrade.is_some_and(|days| qualifies_for_downgrade(object, start, days)) {
                category = Category::General;
            }
            tier = tiers
                .iter()
                .position(|(_, criteria, cats)| cats.contains(&category) && in_tier(object, criteria, start));
        }
        let class = category as usize;
        // Tiers of the same name share a stratum.
        let slot = tier.and_then(|t| first_of_name.get(t)).map_or(0, |t| t + 1);
        Some(((unit * pools.len() + p) * classes.len() + class) * slots + slot)
    };
    // Sorted into buckets a slice of the library at a time, in parallel;
    // the slices' buckets joined in library order are the buckets of one
    // pass, whatever the number of threads.
    let bucket_count = unit_names.len() * per_unit;
    let slice = (registry.objects.len() / (4 * rayon::current_num_threads())).max(1 << 15);
    let partial: Vec<Vec<Vec<&'a RegulatedObject>>> = registry
        .objects
        .par_chunks(slice)
        .map(|objects| {
            let mut buckets: Vec<Vec<&'a RegulatedObject>> = vec![Vec::new(); bucket_count];
            // A library lists a unit's objects together: most lookups are
            // the one before.
            let mut last: Option<(&str, Option<usize>)> = None;
            for object in objects.iter().filter(|o| o.status.is_eligible()) {
                let j = object.jurisdiction.as_str();
                let unit = match last {
                    Some((k, unit)) if k == j => unit,
                    _ => last.insert((j, jurisdiction_unit.get(j).copied())).1,
                };
                let Some(unit) = unit else { continue };
                for (p, pool) in pools.iter().enumerate() {
                    if let Some(bucket) = bucket_of(object, unit, p, pool).and_then(|i| buckets.get_mut(i)) {
                        bucket.push(object);
                    }
                }
            }
            buckets
        })
        .collect();
    let buckets = join_buckets(partial, bucket_count);

    let mut keyed: Vec<(StratumKey, Vec<&'a RegulatedObject>)> = Vec::new();
    for (index, members) in buckets.into_iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let slot = index % slots;
        let category = classes.get(index / slots % classes.len()).cloned();
        let pool = pools.get(index / slots / classes.len() % pools.len()).cloned();
        let unit = unit_names.get(index / per_unit);
        let (Some(category), Some(pool), Some(unit)) = (category, pool, unit) else { continue };
        let tier = slot.checked_sub(1).and_then(|t| tiers.get(t)).map(|(name, _, _)| (*name).to_owned());
        keyed.push((StratumKey { unit: (*unit).to_owned(), pool, category, tier }, members));
    }
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Most members have no history: ruled out without a look into `seen`.
    let in_history = IdFilter::new(seen.keys().copied());
    let populations = keyed
        .into_par_iter()
        .map(|(key, members)| {
            // Strata under a cycle of years count back to the cycle's start.
            let cycle = policy
                .rules_for(&key.pool, &key.category)
                .filter_map(|r| r.minimum.cycle_of(quarter.year()))
                .map(|(first, _)| first)
                .min()
                .and_then(|first| NaiveDate::from_ymd_opt(first, 1, 1));
            let mut inspected_in_cycle = cycle.map(|_| Vec::with_capacity(members.len()));
            let mut inspected_before =
                policy.no_repeat(&key.pool, &key.category).then(|| Vec::with_capacity(members.len()));
            let mut inspected_this_year = Vec::with_capacity(members.len());
            let mut visited_by_other_level = Vec::with_capacity(members.len());
            let mut drawn_this_quarter = Vec::with_capacity(members.len());
            for o in &members {
                let seen = if in_history.may_hold(&o.id) { seen.get(o.id.as_str()) } else { None };
                let earlier = seen.map_or(&[][..], |s| s.earlier.as_slice());
                let visits = seen.map_or(&[][..], |s| s.this_quarter.as_slice());
                // A random visit counts in this pool if this unit made it, or
                // any level under mutual recognition.
                let counted = |visits: &[(&Pool, &str)]| {
                    visits.iter().any(|(p, by)| **p == key.pool && (*by == key.unit || joint))
                };
                inspected_this_year.push(counted(earlier));
                if let Some(flags) = &mut inspected_in_cycle {
                    flags.push(counted(seen.map_or(&[][..], |s| s.in_cycle.as_slice())));
                }
                if let Some(flags) = &mut inspected_before {
                    // This year's earlier visits, and those of the years before.
                    flags.push(counted(earlier) || counted(seen.map_or(&[][..], |s| s.before.as_slice())));
                }
                visited_by_other_level.push(visits.iter().any(|i| i.by != key.unit));
                // In a plan of one month, every own random visit of the
                // quarter is an earlier month's, late or not
                // (`PlanRequest::of_earlier_month`).
                drawn_this_quarter.push(
                    after_first_month
                        && visits.iter().any(|i| {
                            i.by == key.unit && i.kind == InspectionKind::Random && i.pools.contains(&key.pool)
                        }),
                );
            }
            Population {
                key,
                members,
                inspected_this_year,
                visited_by_other_level,
                drawn_this_quarter,
                inspected_in_cycle,
                inspected_before,
            }
        })
        .collect();
    Strata { populations }
}

/// What the history says of one object: who drew it at random earlier this
/// year, by pool, and every visit to it this quarter (planned or made).
#[derive(Default)]
struct Seen<'h> {
    earlier: Vec<(&'h Pool, &'h str)>,
    /// Random visits before this year, for strata under `no_repeat`.
    before: Vec<(&'h Pool, &'h str)>,
    /// Random visits earlier in the policy's longest cycle (years before
    /// this one included), for strata under a cycle of years.
    in_cycle: Vec<(&'h Pool, &'h str)>,
    this_quarter: Vec<&'h Inspection>,
}

/// Each bucket's members from every slice, in slice order.
fn join_buckets<T>(partial: Vec<Vec<Vec<T>>>, count: usize) -> Vec<Vec<T>> {
    let mut partial: Vec<std::vec::IntoIter<Vec<T>>> = partial.into_iter().map(Vec::into_iter).collect();
    (0..count)
        .map(|_| {
            let parts: Vec<Vec<T>> = partial.iter_mut().filter_map(Iterator::next).collect();
            let mut bucket = Vec::with_capacity(parts.iter().map(Vec::len).sum());
            parts.into_iter().for_each(|p| bucket.extend(p));
            bucket
        })
        .collect()
}

/// The credit-downgrade modifier's violation-free days, if it is in force
/// during the quarter.
fn active_downgrade(policy: &Policy, start: NaiveDate, end: NaiveDate) -> Option<u32> {
    policy.modifiers.iter().find_map(|m| match m {
        Modifier::CreditDowngrade { in_force, violation_free_days, .. } if in_force.overlaps(start, end) => {
            Some(*violation_free_days)
        }
        _ => None,
    })
}

/// The risk tiers: name, criteria, categories.
fn active_tiers(policy: &Policy) -> Vec<(&str, &RiskCriteria, &[Category])> {
    policy
        .modifiers
        .iter()
        .filter_map(|m| match m {
            Modifier::RiskTier { criteria, categories, .. } => {
                m.tier_name().map(|name| (name, criteria, categories.as_slice()))
            }
            _ => None,
        })
        .collect()
}

/// 002 三（一）2: good credit, no violation within `days` before the quarter,
/// online monitoring stably compliant.
pub fn qualifies_for_downgrade(object: &RegulatedObject, quarter_start: NaiveDate, days: u32) -> bool {
    let cutoff = quarter_start - Duration::days(i64::from(days));
    object.credit == Some(Credit::Good)
        && object.online_monitoring_stable
        && object.last_violation.is_none_or(|d| d < cutoff)
}

/// Whether an object meets any of a tier's criteria.
pub fn in_tier(object: &RegulatedObject, criteria: &RiskCriteria, quarter_start: NaiveDate) -> bool {
    let complaints = criteria.min_complaints.is_some_and(|n| object.complaints >= n);
    let credit = criteria.credit_at_or_below.is_some_and(|c| object.credit.is_some_and(|oc| oc >= c));
    let violation = criteria.violation_within_days.is_some_and(|days| {
        let cutoff = quarter_start - Duration::days(i64::from(days));
        object.last_violation.is_some_and(|d| d >= cutoff && d < quarter_start)
    });
    complaints || credit || violation
}

#[cfg(test)]
mod tests {
    use super::join_buckets;

    /// Each slice's buckets, and the buckets joined.
    type Case = (Vec<Vec<Vec<u32>>>, Vec<Vec<u32>>);

    // Slices of a library (three, or two), two buckets: each bucket joins its
    // slices' members in slice order, whether it lies in one slice or in
    // several, and a bucket no slice fills is empty.
    #[test]
    fn buckets_join_in_slice_order() {
        let cases: &[Case] = &[
            (vec![vec![vec![1, 2], vec![]], vec![vec![], vec![]], vec![vec![], vec![3]]], vec![vec![1, 2], vec![3]]),
            (
                vec![vec![vec![1], vec![4]], vec![vec![], vec![5]], vec![vec![2, 3], vec![6]]],
                vec![vec![1, 2, 3], vec![4, 5, 6]],
            ),
            (vec![vec![vec![], vec![]], vec![vec![], vec![]]], vec![vec![], vec![]]),
        ];
        for (partial, joined) in cases {
            assert_eq!(&join_buckets(partial.clone(), 2), joined);
        }
    }
}
