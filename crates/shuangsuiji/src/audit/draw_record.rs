//! The public draw record (一公开): everything needed to re-derive each
//! stratum's draw with any SHA-256 tool, and nothing confidential.
//!
//! Per stratum it gives the seed string, the population (eligible object
//! ids, sorted), the ids drawn first because not yet inspected this year
//! (only where a yearly minimum orders them first), the ids set aside
//! because another level visits them (only under the `set_aside` reading),
//! the minimum, and the drawn ids with their tickets. It carries no
//! inspector, recusal, credit, complaint or violation data, and no object
//! names. `tests/reference/draw_record_check.py` re-derives a record with
//! Python's `hashlib` alone.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{Id, Quarter, RegulatedObject};
use crate::plan::stratum::{stratify, unit_of_jurisdiction};
use crate::plan::QuarterPlan;
use crate::request::{input_digest, PlanRequest};
use crate::rules::OtherLevelVisits;

use super::verify::stratum_name;

/// Version tag of the draw record's format.
pub const DRAW_RECORD_FORMAT: &str = "shuangsuiji.draw-record/1";

/// The public record of a quarter's draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// [`DRAW_RECORD_FORMAT`].
    pub format: String,
    /// The policy's id.
    pub policy: String,
    /// The quarter.
    pub quarter: Quarter,
    /// The public seed.
    pub seed: String,
    /// The input digest the plan records (see `docs/draw-algorithm.md` §6).
    pub input_digest: String,
    /// The input digest of the request the record was made from; equal to
    /// `input_digest` unless the plan does not belong to the request.
    pub request_digest: String,
    /// SHA-256 of the canonical registry (jurisdictions, objects,
    /// inspectors, each sorted by id; see [`registry_digest`]).
    pub registry_digest: String,
    /// One entry per stratum, in the plan's order.
    pub strata: Vec<StratumRecord>,
}

/// One stratum's draw, re-derivable from its fields alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StratumRecord {
    /// The stratum's name (`unit/pool/category[/tier]` or `unit/campaign/id`).
    pub stratum: String,
    /// The seed string its tickets are drawn with.
    pub seed_string: String,
    /// The eligible objects, sorted by id (byte-wise).
    pub population: Vec<Id>,
    /// Whether objects not yet inspected this year are drawn first.
    pub uninspected_first: bool,
    /// Members already inspected this year (listed only when
    /// `uninspected_first`): they come after every other candidate.
    #[serde(default)]
    pub inspected_this_year: Vec<Id>,
    /// Members set aside because another level visits them this quarter
    /// (under the `set_aside` reading only): not candidates.
    #[serde(default)]
    pub set_aside: Vec<Id>,
    /// The minimum drawn.
    pub required: u64,
    /// The drawn objects with their tickets, in draw order as the plan
    /// gives them.
    pub drawn: Vec<DrawnObject>,
}

/// A drawn object and its ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawnObject {
    /// The object's id.
    pub id: Id,
    /// Its ticket (decimal string).
    pub ticket: String,
}

/// The public draw record of `plan`, with populations recomputed from
/// `request`. The drawn ids and tickets are the plan's own, so a record of
/// a tampered plan fails the independent check.
pub fn public_draw_record(plan: &QuarterPlan, request: &PlanRequest) -> DrawRecord {
    let strata = stratify(&request.quota_input());
    let by_key: HashMap<String, usize> =
        strata.populations.iter().enumerate().map(|(i, p)| (p.key.to_string(), i)).collect();
    let set_aside_reading = request.policy.readings.other_levels == OtherLevelVisits::SetAside;

    let mut drawn: HashMap<&str, Vec<(&str, &str)>> = HashMap::default();
    for t in &plan.tasks {
        for c in &t.covers {
            drawn.entry(c.stratum.as_str()).or_default().push((c.ticket.as_str(), t.object.as_str()));
        }
    }
    let campaign_members = campaign_members(request);

    let mut records = Vec::with_capacity(plan.strata.len());
    for line in &plan.strata {
        let name = stratum_name(line);
        let (population, inspected, set_aside) = match &line.campaign {
            Some(c) => {
                let members =
                    campaign_members.get(&(line.stratum.unit.as_str(), c.as_str())).cloned().unwrap_or_default();
                (members, Vec::new(), Vec::new())
            }
            None => match by_key.get(&name).and_then(|i| strata.populations.get(*i)) {
                Some(p) => {
                    let mut ids: Vec<Id> = p.members.iter().map(|o| o.id.clone()).collect();
                    ids.sort();
                    let pick = |flags: &[bool]| -> Vec<Id> {
                        let mut v: Vec<Id> =
                            p.members.iter().zip(flags).filter(|(_, f)| **f).map(|(o, _)| o.id.clone()).collect();
                        v.sort();
                        v
                    };
                    let inspected = if line.uninspected_first { pick(&p.inspected_this_year) } else { Vec::new() };
                    let aside = if set_aside_reading { pick(&p.visited_by_other_level) } else { Vec::new() };
                    (ids, inspected, aside)
                }
                None => (Vec::new(), Vec::new(), Vec::new()),
            },
        };
        let mut chosen = drawn.remove(name.as_str()).unwrap_or_default();
        let first: std::collections::HashSet<&str> = inspected.iter().map(String::as_str).collect();
        chosen.sort_by(|a, b| (first.contains(a.1), a.0, a.1).cmp(&(first.contains(b.1), b.0, b.1)));
        records.push(StratumRecord {
            stratum: name,
            seed_string: line.seed_string.clone(),
            population,
            uninspected_first: line.uninspected_first,
            inspected_this_year: inspected,
            set_aside,
            required: line.required,
            drawn: chosen
                .into_iter()
                .map(|(ticket, id)| DrawnObject { id: id.to_owned(), ticket: ticket.to_owned() })
                .collect(),
        });
    }
    DrawRecord {
        format: DRAW_RECORD_FORMAT.to_owned(),
        policy: plan.policy.clone(),
        quarter: plan.quarter,
        seed: plan.seed.clone(),
        input_digest: plan.input_digest.clone(),
        request_digest: input_digest(request),
        registry_digest: registry_digest(request),
        strata: records,
    }
}

/// Eligible in-scope objects of each (unit, campaign), sorted by id.
fn campaign_members(request: &PlanRequest) -> HashMap<(&str, &str), Vec<Id>> {
    let unit_of = unit_of_jurisdiction(&request.registry, &request.units);
    let mut out: HashMap<(&str, &str), Vec<Id>> = HashMap::default();
    for campaign in &request.campaigns {
        for o in &request.registry.objects {
            let in_scope = |o: &RegulatedObject| o.status.is_eligible() && campaign.scope.matches(o);
            if let Some(unit) = unit_of.get(o.jurisdiction.as_str()) {
                if in_scope(o) {
                    out.entry((unit, campaign.id.as_str())).or_default().push(o.id.clone());
                }
            }
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// SHA-256 (lowercase hex) of the registry's canonical form: the line
/// `"shuangsuiji.registry/1"`, then `"jurisdictions"`, `"objects"` and
/// `"inspectors"` each followed by its records sorted by id, every line a
/// compact JSON value ending in `\n` (the same lines as in the input
/// digest).
pub fn registry_digest(request: &PlanRequest) -> String {
    let mut h = Sha256::new();
    let mut line = |v: &dyn erased::Line| {
        h.update(v.json().as_bytes());
        h.update(b"\n");
    };
    line(&"shuangsuiji.registry/1");
    line(&"jurisdictions");
    let mut js: Vec<_> = request.registry.jurisdictions.iter().collect();
    js.sort_by(|a, b| a.id.cmp(&b.id));
    js.into_iter().for_each(|r| line(r));
    line(&"objects");
    let mut os: Vec<_> = request.registry.objects.iter().collect();
    os.sort_by(|a, b| a.id.cmp(&b.id));
    os.into_iter().for_each(|r| line(r));
    line(&"inspectors");
    let mut is: Vec<_> = request.registry.inspectors.iter().collect();
    is.sort_by(|a, b| a.id.cmp(&b.id));
    is.into_iter().for_each(|r| line(r));
    hex::encode(h.finalize())
}

mod erased {
    /// A value serialized as one compact JSON line.
    pub(super) trait Line {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Line for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

impl DrawRecord {
    /// The record as Markdown: a header with the seed and digests, and per
    /// stratum its seed string, population, minimum and draw.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Draw record {} — {}\n", self.quarter, self.policy);
        let _ = writeln!(s, "- seed: `{}`", self.seed);
        let _ = writeln!(s, "- input digest: `{}`", self.input_digest);
        let _ = writeln!(s, "- registry digest: `{}`", self.registry_digest);
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
