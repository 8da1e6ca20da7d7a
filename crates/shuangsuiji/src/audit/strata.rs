//! A stratum as the public draw record shows it, and its binding to the
//! commitment.
//!
//! What a record says of a stratum that does not depend on the seed — its
//! name, population, those inspected or set aside, those an earlier month
//! drew, whether the uninspected come first, its minimum — is fixed before
//! the seed exists. The commitment holds the root of it
//! (`committed.strata`, [`committed_strata`]), so a record checked against
//! the commitment alone shows a company dropped from a population, moved
//! between strata or a minimum lowered (`docs/draw-protocol.md` §3).

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{Id, InspectionKind, RegulatedObject};
use crate::plan::draw::sha256_hex;
use crate::plan::stratum::{stratify, unit_of_jurisdiction};
use crate::plan::{stratum_lines, PlanError, StratumLine};
use crate::request::canonical::write_string;
use crate::request::PlanRequest;
use crate::rules::OtherLevelVisits;

/// The name of a stratum line: its key, or `unit/campaign/id`.
pub fn stratum_name(line: &StratumLine) -> String {
    match &line.campaign {
        Some(c) => format!("{}/campaign/{c}", line.stratum.unit),
        None => line.stratum.to_string(),
    }
}

/// One stratum's draw, re-derivable from its fields alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumRecord {
    /// The stratum's name (`unit/pool/category[/tier]` or `unit/campaign/id`).
    pub stratum: String,
    /// The seed string its tickets are drawn with.
    pub seed_string: String,
    /// The eligible objects, sorted by id (byte-wise).
    pub population: Vec<Id>,
    /// Whether objects not yet inspected this year are drawn first.
    pub uninspected_first: bool,
    /// Members already inspected this year — earlier in the cycle, for a
    /// stratum under a minimum over a cycle of years — (listed only when
    /// `uninspected_first`): they come after every other candidate.
    #[serde(default)]
    pub inspected_this_year: Vec<Id>,
    /// Members set aside because another level visits them this quarter
    /// (under the `set_aside` reading only): not candidates.
    #[serde(default)]
    pub set_aside: Vec<Id>,
    /// For a monthly draw, members an earlier month of the quarter drew:
    /// not candidates again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drawn_earlier: Vec<Id>,
    /// The minimum drawn.
    pub required: u64,
    /// The drawn objects with their tickets, in draw order as the plan
    /// gives them.
    pub drawn: Vec<DrawnObject>,
}

/// A drawn object and its ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawnObject {
    /// The object's id.
    pub id: Id,
    /// Its ticket (decimal string).
    pub ticket: String,
}

/// The root of a request's strata as a commitment holds it
/// (`committed.strata`): [`strata_root`] of the stratum records its draw
/// makes under any seed (the request's own, even none).
///
/// # Errors
/// The [`PlanError`] drawing the strata gives (a request that cannot be
/// planned cannot be committed either).
pub fn committed_strata(request: &PlanRequest) -> Result<String, PlanError> {
    // The seed only changes what the digests leave out (a seed string's
    // first field, the tickets): the request's own, whatever it is, will do.
    let lines = stratum_lines(request)?;
    Ok(strata_root(&stratum_records(&lines, request, HashMap::default())))
}

/// The binding of a stratum record to the commitment: SHA-256 (hex) of the
/// JCS bytes of `{stratum, seed_string, population, inspected_this_year,
/// set_aside, drawn_earlier, uninspected_first, required}` — what the
/// record says about the stratum that does not depend on the seed, its
/// seed string taken after the seed (`2023Q1|unit|pollution|key` of
/// `<seed>|2023Q1|unit|pollution|key`), so a record cannot draw a stratum
/// under another seed string.
pub fn stratum_digest(record: &StratumRecord) -> String {
    // Written as JCS directly, members in their sorted order: a national
    // request has millions of ids, too many to build as JSON values first.
    let after_seed = record.seed_string.split_once('|').map_or("", |(_, rest)| rest);
    let ids: usize = [&record.population, &record.inspected_this_year, &record.set_aside, &record.drawn_earlier]
        .iter()
        .map(|list| list.iter().map(|id| id.len() + 3).sum::<usize>())
        .sum();
    let mut out = String::with_capacity(ids + record.stratum.len() + after_seed.len() + 160);
    let list = |name: &str, ids: &[Id], out: &mut String| {
        out.push_str(name);
        out.push('[');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(id, out);
        }
        out.push(']');
    };
    list("{\"drawn_earlier\":", &record.drawn_earlier, &mut out);
    list(",\"inspected_this_year\":", &record.inspected_this_year, &mut out);
    list(",\"population\":", &record.population, &mut out);
    out.push_str(&format!(",\"required\":{},\"seed_string\":", record.required));
    write_string(after_seed, &mut out);
    list(",\"set_aside\":", &record.set_aside, &mut out);
    out.push_str(",\"stratum\":");
    write_string(&record.stratum, &mut out);
    out.push_str(&format!(",\"uninspected_first\":{}}}", record.uninspected_first));
    sha256_hex(&out)
}

/// The root of a list of stratum records: SHA-256 (hex) of their
/// [`stratum_digest`]s, sorted by stratum name (byte-wise) and joined with
/// `\n`. A record that drops, adds or moves a company, or changes a
/// minimum, has another root.
pub fn strata_root(records: &[StratumRecord]) -> String {
    let mut named: Vec<(&str, String)> = records.par_iter().map(|r| (r.stratum.as_str(), stratum_digest(r))).collect();
    named.sort();
    sha256_hex(&named.into_iter().map(|(_, d)| d).collect::<Vec<_>>().join("\n"))
}

/// Each stratum line's record: its population and what orders it,
/// recomputed from `request`, with the objects `drawn` (ticket, id) in it.
pub(crate) fn stratum_records(
    lines: &[StratumLine],
    request: &PlanRequest,
    mut drawn: HashMap<&str, Vec<(&str, &str)>>,
) -> Vec<StratumRecord> {
    let strata = stratify(&request.quota_input());
    let by_key: HashMap<String, usize> =
        strata.populations.iter().enumerate().map(|(i, p)| (p.key.to_string(), i)).collect();
    let set_aside_reading = request.policy.readings.other_levels == OtherLevelVisits::SetAside;
    let campaign_members = campaign_members(request);

    let mut records = Vec::with_capacity(lines.len());
    for line in lines {
        let name = stratum_name(line);
        let (population, inspected, set_aside, drawn_earlier) = match &line.campaign {
            Some(c) => {
                let members =
                    campaign_members.get(&(line.stratum.unit.as_str(), c.as_str())).cloned().unwrap_or_default();
                let earlier = campaign_earlier(request, &line.stratum.unit, &members);
                (members, Vec::new(), Vec::new(), earlier)
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
                    let inspected = if line.uninspected_first { pick(p.drawn_last()) } else { Vec::new() };
                    let aside = if set_aside_reading { pick(&p.visited_by_other_level) } else { Vec::new() };
                    (ids, inspected, aside, pick(&p.drawn_this_quarter))
                }
                None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
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
            drawn_earlier,
            required: line.required,
            drawn: chosen
                .into_iter()
                .map(|(ticket, id)| DrawnObject { id: id.to_owned(), ticket: ticket.to_owned() })
                .collect(),
        });
    }
    records
}

/// For a monthly draw, the campaign's members the unit visited at random in
/// earlier months of the quarter, sorted.
pub(crate) fn campaign_earlier(request: &PlanRequest, unit: &str, members: &[Id]) -> Vec<Id> {
    if !request.has_earlier_months() {
        return Vec::new();
    }
    let visited: std::collections::HashSet<&str> = request
        .history
        .iter()
        .filter(|i| i.by == unit && i.kind == InspectionKind::Random && request.of_earlier_month(i.date))
        .map(|i| i.object.as_str())
        .collect();
    members.iter().filter(|m| visited.contains(m.as_str())).cloned().collect()
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
