//! Validation of the two libraries, the jurisdiction tree and the history.
//!
//! Validation only reports: every function takes its data by shared
//! reference and never alters, drops or repairs a record. Every problem is
//! reported at once, each naming the record (`objects[12] (id "91650100X")`)
//! and the field.

use std::fmt;
use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::id_filter::IdFilter;
use super::records::{Inspection, Level, Registry, RegulatedObject};

/// Most tasks per quarter an inspector can plausibly take; above this the
/// capacity is reported as absurd (a typo such as an extra zero).
pub const MAX_QUARTERLY_CAPACITY: u32 = 10_000;

/// Which list a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    /// A node of the jurisdiction tree (`Registry::jurisdictions`).
    Jurisdiction,
    /// A regulated object (`Registry::objects`).
    Object,
    /// A member of the inspector library (`Registry::inspectors`).
    Inspector,
    /// An inspection of the history.
    Inspection,
}

impl RecordKind {
    /// Name of the list, as used in messages: `jurisdictions`, `objects`,
    /// `inspectors`, `history`.
    pub fn list_name(self) -> &'static str {
        match self {
            RecordKind::Jurisdiction => "jurisdictions",
            RecordKind::Object => "objects",
            RecordKind::Inspector => "inspectors",
            RecordKind::Inspection => "history",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.list_name())
    }
}

/// One problem in one field of one record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}[{index}] (id \"{id}\"), field `{field}`: {problem}")]
pub struct ValidationError {
    /// The list the record is in.
    pub kind: RecordKind,
    /// Position of the record in its list (0-based).
    pub index: usize,
    /// The record's id (for an inspection: the object's id).
    pub id: String,
    /// The field at fault, by its serde name (`jurisdiction`, `parent`, …).
    pub field: &'static str,
    /// What is wrong, in words.
    pub problem: String,
    /// For a duplicate id: index of the earlier record of the same list that
    /// has it (readers use it to name that record's line).
    pub earlier: Option<usize>,
}

/// Every problem found, in the order of the lists (jurisdictions, objects,
/// inspectors, history) and, within a list, by record index.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", lines(.0))]
pub struct ValidationErrors(pub Vec<ValidationError>);

fn lines(errors: &[ValidationError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

impl ValidationErrors {
    /// The individual problems.
    pub fn errors(&self) -> &[ValidationError] {
        &self.0
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Collects problems.
#[derive(Default)]
struct Report(Vec<ValidationError>);

impl Report {
    fn push(&mut self, kind: RecordKind, index: usize, id: &str, field: &'static str, problem: impl Into<String>) {
        self.0.push(ValidationError { kind, index, id: id.to_owned(), field, problem: problem.into(), earlier: None });
    }

    /// Sorts stably by list and record, so a record's problems are together.
    fn finish(mut self) -> Result<(), ValidationErrors> {
        self.0.sort_by_key(|e| (e.kind, e.index));
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Longest id, in characters: an 18-character credit code or a
/// `prefecture/county` path fits many times over; a 10 MB id is a
/// mistake, and would be copied into every task, seed string and message.
pub const MAX_ID_CHARS: usize = 128;
/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// Whether `s` has more than `max` characters; a string of at most `max`
/// bytes cannot, so millions of short ids are not counted one by one.
fn too_long(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().count() > max
}

/// `s` cut to a readable length for a message.
fn shown(s: &str) -> String {
    let head: String = s.chars().take(40).collect();
    format!("{head}…")
}

/// Checks ids and names of one list: blank ids and names, duplicate ids.
fn check_ids<'a>(report: &mut Report, kind: RecordKind, records: impl Iterator<Item = (&'a str, &'a str)> + Clone) {
    let earlier = duplicate_ids(records.clone().map(|(id, _)| id));
    for (index, (id, name)) in records.enumerate() {
        if is_blank(id) {
            report.push(kind, index, id, "id", "id is blank");
        } else if too_long(id, MAX_ID_CHARS) {
            let message = format!("id `{}` is {} characters; at most {MAX_ID_CHARS}", shown(id), id.chars().count());
            report.push(kind, index, &shown(id), "id", message);
        } else if let Some(&earlier) = earlier.get(&index) {
            report.push(kind, index, id, "id", format!("duplicate id; already used by {kind}[{earlier}]"));
            if let Some(last) = report.0.last_mut() {
                last.earlier = Some(earlier);
            }
        }
        if is_blank(name) {
            report.push(kind, index, id, "name", "name is blank");
        } else if too_long(name, MAX_NAME_CHARS) {
            let message =
                format!("name `{}` is {} characters; at most {MAX_NAME_CHARS}", shown(name), name.chars().count());
            let id = if too_long(id, MAX_ID_CHARS) { shown(id) } else { id.to_owned() };
            report.push(kind, index, &id, "name", message);
        }
    }
}

/// For each record whose non-blank id an earlier record already has: its
/// index → the index of the first record with that id.
///
/// At national scale, sorting 64-bit hashes of the ids costs a fraction of
/// inserting millions of ids into a hash map (sequential access to 8 bytes
/// an id instead of random access into a table of 24). Only ids whose hashes
/// repeat are compared, and those by sorting, so crafted collisions cost
/// n log n, not n².
fn duplicate_ids<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> HashMap<usize, usize> {
    let hasher = rustc_hash::FxBuildHasher;
    let hash = |id: &str| hasher.hash_one(id);
    let mut hashes: Vec<u64> = ids.clone().filter(|id| !is_blank(id)).map(hash).collect();
    hashes.par_sort_unstable();
    let repeated: HashSet<u64> =
        hashes.chunk_by(|a, b| a == b).filter(|run| run.len() > 1).filter_map(|run| run.first().copied()).collect();
    drop(hashes);
    let mut out = HashMap::default();
    if repeated.is_empty() {
        return out;
    }
    let mut same: Vec<(&str, usize)> = ids
        .enumerate()
        .filter(|(_, id)| !is_blank(id) && repeated.contains(&hash(id)))
        .map(|(i, id)| (id, i))
        .collect();
    same.sort_unstable();
    for group in same.chunk_by(|a, b| a.0 == b.0) {
        if let Some(((_, first), later)) = group.split_first() {
            out.extend(later.iter().map(|(_, i)| (*i, *first)));
        }
    }
    out
}

/// The index of the first record bearing each non-blank id.
fn first_index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut first = HashMap::default();
    for (index, id) in ids.enumerate().filter(|(_, id)| !is_blank(id)) {
        first.entry(id).or_insert(index);
    }
    first
}

/// Which of `wanted` are ids of `objects`: one pass over the objects (both
/// cores) with a set as small as the references, not a set of every object.
fn known<'a>(wanted: HashSet<&'a str>, objects: &'a [RegulatedObject]) -> HashSet<&'a str> {
    if wanted.is_empty() {
        return wanted;
    }
    let filter = IdFilter::new(wanted.iter().copied());
    objects.par_iter().map(|o| o.id.as_str()).filter(|id| filter.may_hold(id) && wanted.contains(id)).collect()
}

/// Checks a reference to a jurisdiction.
fn check_jurisdiction_ref(
    report: &mut Report,
    jurisdictions: &HashMap<&str, usize>,
    (kind, index, id): (RecordKind, usize, &str),
    field: &'static str,
    target: &str,
) {
    if is_blank(target) {
        report.push(kind, index, id, field, "jurisdiction is blank");
    } else if !jurisdictions.contains_key(target) {
        report.push(kind, index, id, field, format!("unknown jurisdiction \"{target}\""));
    }
}

/// A registry that passed [`validate_registry`]. It can be read, not
/// changed, so it stays valid: a reader that validated the registry to
/// locate its problems by file and line hands it on as this, and the
/// planner's checks need not validate it again
/// ([`CheckedRequest::with_registry`](crate::plan::CheckedRequest::with_registry)).
///
/// ```
/// use shuangsuiji::model::validate::ValidRegistry;
/// use shuangsuiji::sample;
/// let valid = ValidRegistry::new(sample::county(2, 1, 5, 2))?;
/// assert_eq!(valid.objects.len(), 8);
/// let mut broken = valid.into_inner();
/// broken.objects[0].jurisdiction = "nowhere".into();
/// assert!(ValidRegistry::new(broken).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistry(Registry);

impl ValidRegistry {
    /// Validates `registry` ([`validate_registry`]).
    ///
    /// # Errors
    /// What [`validate_registry`] finds.
    pub fn new(registry: Registry) -> Result<ValidRegistry, ValidationErrors> {
        validate_registry(&registry)?;
        Ok(ValidRegistry(registry))
    }

    /// The registry, to change (and validate again).
    pub fn into_inner(self) -> Registry {
        self.0
    }
}

impl std::ops::Deref for ValidRegistry {
    type Target = Registry;
    fn deref(&self) -> &Registry {
        &self.0
    }
}

/// Checks the two libraries and the jurisdiction tree, reporting every
/// problem at once.
///
/// Checks: blank ids and names; duplicate ids within each list; references
/// to unknown jurisdictions (`object.jurisdiction`, `inspector.jurisdiction`,
/// `jurisdiction.parent`); cycles in the parent chain; a prefecture with a
/// parent, a county or park without a prefecture as parent; an inspector's
/// `quarterly_capacity` of 0 or above [`MAX_QUARTERLY_CAPACITY`]; recusals
/// naming an unknown object; a positive-list range ending before it starts.
///
/// # Errors
/// [`ValidationErrors`] listing every problem, each naming the record and
/// the field.
pub fn validate_registry(registry: &Registry) -> Result<(), ValidationErrors> {
    let mut report = Report::default();
    check_jurisdictions(&mut report, registry);
    let jurisdictions: HashMap<&str, usize> =
        registry.jurisdictions.iter().enumerate().map(|(i, j)| (j.id.as_str(), i)).collect();

    check_ids(&mut report, RecordKind::Object, registry.objects.iter().map(|o| (o.id.as_str(), o.name.as_str())));
    for (index, object) in registry.objects.iter().enumerate() {
        let at = (RecordKind::Object, index, object.id.as_str());
        check_jurisdiction_ref(&mut report, &jurisdictions, at, "jurisdiction", &object.jurisdiction);
        if let Some(range) = object.positive_list {
            if let Some(until) = range.until {
                if until < range.from {
                    report.push(
                        RecordKind::Object,
                        index,
                        &object.id,
                        "positive_list",
                        format!("positive-list range ends ({until}) before it starts ({})", range.from),
                    );
                }
            }
        }
    }

    check_ids(&mut report, RecordKind::Inspector, registry.inspectors.iter().map(|p| (p.id.as_str(), p.name.as_str())));
    let recused = registry.inspectors.iter().flat_map(|p| p.recusals.iter().map(String::as_str)).collect();
    let objects = known(recused, &registry.objects);
    for (index, inspector) in registry.inspectors.iter().enumerate() {
        let id = inspector.id.as_str();
        let at = (RecordKind::Inspector, index, id);
        check_jurisdiction_ref(&mut report, &jurisdictions, at, "jurisdiction", &inspector.jurisdiction);
        let capacity = inspector.quarterly_capacity;
        if capacity == 0 {
            report.push(
                RecordKind::Inspector,
                index,
                id,
                "quarterly_capacity",
                "quarterly capacity is 0; it must be at least 1 (remove the inspector or mark them not on post instead)",
            );
        } else if capacity > MAX_QUARTERLY_CAPACITY {
            report.push(
                RecordKind::Inspector,
                index,
                id,
                "quarterly_capacity",
                format!("quarterly capacity {capacity} is absurd (more than {MAX_QUARTERLY_CAPACITY} tasks a quarter)"),
            );
        }
        for recused in &inspector.recusals {
            if !objects.contains(recused.as_str()) {
                report.push(
                    RecordKind::Inspector,
                    index,
                    id,
                    "recusals",
                    format!("recusal names unknown object \"{recused}\""),
                );
            }
        }
    }
    report.finish()
}

/// Ids, names, parents, levels and cycles of the jurisdiction tree.
fn check_jurisdictions(report: &mut Report, registry: &Registry) {
    let list = &registry.jurisdictions;
    let kind = RecordKind::Jurisdiction;
    check_ids(report, kind, list.iter().map(|j| (j.id.as_str(), j.name.as_str())));
    let first = first_index(list.iter().map(|j| j.id.as_str()));
    for (index, j) in list.iter().enumerate() {
        let parent = j.parent.as_deref();
        match (j.level, parent) {
            (Level::Prefecture, Some(p)) => {
                report.push(kind, index, &j.id, "parent", format!("a prefecture has no parent, but \"{p}\" is given"))
            }
            // A county or park may stand alone: a bureau planning only its
            // own area (Fengdu, Wangcheng) need not describe its prefecture.
            (_, None) => {}
            (level, Some(p)) => {
                if is_blank(p) {
                    report.push(kind, index, &j.id, "parent", "parent is blank");
                } else {
                    match first.get(p).and_then(|&i| list.get(i)) {
                        None => report.push(kind, index, &j.id, "parent", format!("unknown jurisdiction \"{p}\"")),
                        Some(parent) if parent.level != Level::Prefecture => report.push(
                            kind,
                            index,
                            &j.id,
                            "parent",
                            format!(
                                "the parent of a {} must be a prefecture, but \"{p}\" is a {}",
                                level_en(level),
                                level_en(parent.level)
                            ),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    check_cycles(report, registry, &first);
}

fn level_en(level: Level) -> &'static str {
    match level {
        Level::Prefecture => "prefecture",
        Level::County => "county",
        Level::Park => "park",
    }
}

/// Reports each cycle of the parent relation once, on its member that comes
/// first in the list.
fn check_cycles(report: &mut Report, registry: &Registry, first: &HashMap<&str, usize>) {
    let list = &registry.jurisdictions;
    let parent_of = |i: usize| -> Option<usize> {
        let p = list.get(i)?.parent.as_deref()?;
        first.get(p).copied()
    };
    // Each record has at most one parent, so every walk up ends at a root
    // or enters a cycle. Colour the records (0 unseen, 1 on the current
    // walk, 2 done) so each is walked once: linear in the tree's size.
    let mut state = vec![0u8; list.len()];
    let mut cycles: Vec<usize> = Vec::new(); // each cycle's lowest index
    for start in 0..list.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match state.get(i).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = 1;
                    }
                    path.push(i);
                    current = parent_of(i);
                }
                Some(1) => {
                    // The walk met itself: the cycle is the path from `i` on.
                    let at = path.iter().position(|&p| p == i).unwrap_or(0);
                    if let Some(&lowest) = path.get(at..).and_then(|c| c.iter().min()) {
                        cycles.push(lowest);
                    }
                    break;
                }
                _ => break,
            }
        }
        for i in path {
            if let Some(s) = state.get_mut(i) {
                *s = 2;
            }
        }
    }
    cycles.sort_unstable();
    for start in cycles {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(next) = parent_of(current) {
            if next == start || chain.len() > list.len() {
                break;
            }
            chain.push(next);
            current = next;
        }
        let ids: Vec<&str> = chain.iter().filter_map(|&i| list.get(i)).map(|j| j.id.as_str()).collect();
        let id = ids.first().copied().unwrap_or_default();
        report.push(
            RecordKind::Jurisdiction,
            start,
            id,
            "parent",
            format!("parent chain forms a cycle: {} → {id}", ids.join(" → ")),
        );
    }
}

/// Checks the history against the registry, reporting every problem at once:
/// unknown object, unknown `by` jurisdiction, unknown inspector ids.
///
/// # Errors
/// [`ValidationErrors`] listing every problem, each naming the inspection
/// (`history[3] (id "<object id>")`) and the field.
pub fn validate_history(history: &[Inspection], registry: &Registry) -> Result<(), ValidationErrors> {
    let objects = known(history.iter().map(|i| i.object.as_str()).collect(), &registry.objects);
    let jurisdictions: HashMap<&str, usize> =
        registry.jurisdictions.iter().enumerate().map(|(i, j)| (j.id.as_str(), i)).collect();
    let inspectors: HashSet<&str> = registry.inspectors.iter().map(|p| p.id.as_str()).collect();
    let mut report = Report::default();
    let kind = RecordKind::Inspection;
    for (index, inspection) in history.iter().enumerate() {
        let id = inspection.object.as_str();
        if is_blank(id) {
            report.push(kind, index, id, "object", "object is blank");
        } else if !objects.contains(id) {
            report.push(kind, index, id, "object", format!("unknown object \"{id}\""));
        }
        check_jurisdiction_ref(&mut report, &jurisdictions, (kind, index, id), "by", &inspection.by);
        for person in &inspection.inspectors {
            if !inspectors.contains(person.as_str()) {
                report.push(kind, index, id, "inspectors", format!("unknown inspector \"{person}\""));
            }
        }
    }
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, DateRange, Inspector, Jurisdiction, RegulatedObject};
    use chrono::NaiveDate;

    fn j(id: &str, level: Level, parent: Option<&str>) -> Jurisdiction {
        Jurisdiction { id: id.into(), name: format!("{id}名"), level, parent: parent.map(Into::into) }
    }

    fn valid() -> Registry {
        let mut inspector = Inspector::officer("p1", "pref/a", 5);
        inspector.recusals.insert("o1".into());
        Registry {
            jurisdictions: vec![
                j("pref", Level::Prefecture, None),
                j("pref/a", Level::County, Some("pref")),
                j("pref/park", Level::Park, Some("pref")),
            ],
            objects: vec![
                RegulatedObject::new("o1", "pref/a", Category::Key),
                RegulatedObject::new("o2", "pref/park", Category::General),
            ],
            inspectors: vec![inspector, Inspector::officer("p2", "pref", 10_000)],
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn problems(registry: &Registry) -> Vec<String> {
        match validate_registry(registry) {
            Ok(()) => Vec::new(),
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn known_finds_exactly_the_wanted_ids_that_are_objects() {
        // Enough references that the bit filter has many words, half of
        // them to objects and half to ids no object has.
        let objects: Vec<RegulatedObject> =
            (0..20_000).map(|i| RegulatedObject::new(format!("o{i}"), "pref/a", Category::General)).collect();
        let names: Vec<String> = (0..6_000).map(|i| format!("o{}", i * 7)).collect();
        let wanted: HashSet<&str> = names.iter().map(String::as_str).collect();
        let ids: HashSet<&str> = objects.iter().map(|o| o.id.as_str()).collect();
        let expected: HashSet<&str> = wanted.intersection(&ids).copied().collect();
        assert_eq!(expected.len(), 20_000 / 7 + 1);
        assert_eq!(known(wanted, &objects), expected);
        assert!(known(HashSet::default(), &objects).is_empty());
    }

    #[test]
    fn valid_registry_passes_and_is_untouched() {
        let registry = valid();
        let before = registry.clone();
        assert_eq!(validate_registry(&registry), Ok(()));
        assert_eq!(registry, before);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut r = valid();
        r.objects.push(RegulatedObject::new("o1", "nowhere", Category::Key));
        r.objects[1].name = " ".into();
        r.objects[0].positive_list = Some(DateRange { from: date(2024, 5, 1), until: Some(date(2024, 4, 1)) });
        r.inspectors[0].quarterly_capacity = 0;
        r.inspectors[1].quarterly_capacity = 10_001;
        r.inspectors[1].recusals.insert("ghost".into());
        r.inspectors.push(Inspector::officer("", "pref", 1));
        r.jurisdictions.push(j("pref/b", Level::County, Some("missing")));
        let got = problems(&r);
        let expected = [
            "jurisdictions[3] (id \"pref/b\"), field `parent`: unknown jurisdiction \"missing\"",
            "objects[0] (id \"o1\"), field `positive_list`: positive-list range ends (2024-04-01) before it starts (2024-05-01)",
            "objects[1] (id \"o2\"), field `name`: name is blank",
            "objects[2] (id \"o1\"), field `id`: duplicate id; already used by objects[0]",
            "objects[2] (id \"o1\"), field `jurisdiction`: unknown jurisdiction \"nowhere\"",
            "inspectors[0] (id \"p1\"), field `quarterly_capacity`: quarterly capacity is 0; it must be at least 1 (remove the inspector or mark them not on post instead)",
            "inspectors[1] (id \"p2\"), field `quarterly_capacity`: quarterly capacity 10001 is absurd (more than 10000 tasks a quarter)",
            "inspectors[1] (id \"p2\"), field `recusals`: recusal names unknown object \"ghost\"",
            "inspectors[2] (id \"\"), field `id`: id is blank",
            "inspectors[2] (id \"\"), field `name`: name is blank",
        ];
        assert_eq!(got, expected);
        let all = validate_registry(&r).unwrap_err().to_string();
        assert_eq!(all.lines().count(), expected.len());
    }

    #[test]
    fn tree_shape_is_checked() {
        let mut r = valid();
        r.jurisdictions[0].parent = Some("pref/a".into());
        r.jurisdictions.push(j("pref/a/x", Level::County, Some("pref/a")));
        r.jurisdictions.push(j("standalone", Level::Park, None));
        let got = problems(&r);
        assert_eq!(
            got,
            [
                "jurisdictions[0] (id \"pref\"), field `parent`: a prefecture has no parent, but \"pref/a\" is given",
                "jurisdictions[0] (id \"pref\"), field `parent`: parent chain forms a cycle: pref → pref/a → pref",
                "jurisdictions[3] (id \"pref/a/x\"), field `parent`: the parent of a county must be a prefecture, but \"pref/a\" is a county",
            ]
        );
    }

    #[test]
    fn a_self_parent_is_a_cycle_reported_once() {
        let mut r = valid();
        r.jurisdictions.push(j("loop", Level::County, Some("loop")));
        r.jurisdictions.push(j("x", Level::County, Some("y")));
        r.jurisdictions.push(j("y", Level::County, Some("x")));
        let got = problems(&r);
        let cycles: Vec<_> = got.iter().filter(|m| m.contains("cycle")).collect();
        assert_eq!(
            cycles,
            [
                "jurisdictions[3] (id \"loop\"), field `parent`: parent chain forms a cycle: loop → loop",
                "jurisdictions[4] (id \"x\"), field `parent`: parent chain forms a cycle: x → y → x",
            ]
        );
    }

    #[test]
    fn duplicate_jurisdictions_and_inspectors_name_the_earlier_index() {
        let mut r = valid();
        r.jurisdictions.push(j("pref/a", Level::County, Some("pref")));
        r.inspectors.push(Inspector::officer("p1", "pref", 3));
        let earlier: Vec<_> = validate_registry(&r).unwrap_err().0.iter().map(|e| e.earlier).collect();
        assert_eq!(earlier, [Some(1), Some(0)]);
        assert_eq!(
            problems(&r),
            [
                "jurisdictions[3] (id \"pref/a\"), field `id`: duplicate id; already used by jurisdictions[1]",
                "inspectors[2] (id \"p1\"), field `id`: duplicate id; already used by inspectors[0]",
            ]
        );
    }

    #[test]
    fn every_repeat_of_an_id_names_its_first_record_and_blanks_are_not_duplicates() {
        let ids = ["a", " ", "b", "a", "", "c", "b", "a", " "];
        let got = duplicate_ids(ids.iter().copied());
        let mut got: Vec<(usize, usize)> = got.into_iter().collect();
        got.sort_unstable();
        assert_eq!(got, [(3, 0), (6, 2), (7, 0)]);
        let many: Vec<String> = (0..50_000).map(|i| format!("id-{}", i % 25_000)).collect();
        let got = duplicate_ids(many.iter().map(String::as_str));
        assert_eq!(got.len(), 25_000);
        assert!(got.iter().all(|(later, first)| *later == first + 25_000));
    }

    #[test]
    fn history_references_are_checked() {
        let r = valid();
        let mut ok = Inspection::random("o1", "pref/a", date(2024, 2, 1));
        ok.inspectors = vec!["p1".into(), "p2".into()];
        assert_eq!(validate_history(std::slice::from_ref(&ok), &r), Ok(()));
        let mut bad = Inspection::random("o9", "mars", date(2024, 2, 1));
        bad.inspectors = vec!["p1".into(), "p7".into()];
        let err = validate_history(&[ok, bad], &r).unwrap_err();
        assert_eq!(
            err.to_string(),
            "history[1] (id \"o9\"), field `object`: unknown object \"o9\"\n\
             history[1] (id \"o9\"), field `by`: unknown jurisdiction \"mars\"\n\
             history[1] (id \"o9\"), field `inspectors`: unknown inspector \"p7\""
        );
        assert_eq!(err.len(), 3);
        assert_eq!(err.errors()[2].kind, RecordKind::Inspection);
    }
}
