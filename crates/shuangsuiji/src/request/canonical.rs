//! The canonical form of a request: what the commitment digest hashes.
//!
//! It is made to be recomputed by an outsider — a Java or Python auditor —
//! from the request file as the integrator wrote it, in any field order,
//! with defaults written out or left away. `docs/draw-protocol.md` §3 is the
//! specification; `tests/reference/commitment_check.py` is an independent
//! implementation in Python's standard library that CI runs against
//! hand-written files.
//!
//! 1. Each record (a jurisdiction, object, inspector, history entry,
//!    targeted request or campaign), and the policy, is **normalised**
//!    ([`normalize`]): members that are `null`, `[]` or `{}` are dropped
//!    (except a history entry's `pools`, where `[]` differs from the
//!    default), as are members equal to their default (table
//!    [`NAMED_DEFAULTS`]); the members that are sets ([`SET_MEMBERS`]) are
//!    sorted; numbers with no fraction are written as integers; dates are
//!    `YYYY-MM-DD`.
//! 2. It is written in RFC 8785 form (JCS, [`jcs`]): no whitespace, members
//!    sorted by name, strings escaped as JSON requires and no more.
//! 3. A record's **leaf** is the SHA-256 of those bytes. A list's **root**
//!    is the SHA-256 of the SHA-256s of its sorted leaves taken 4,096 at a
//!    time ([`list_root`]), so the root does not depend on record order
//!    and both halves can run in parallel.
//! 4. The **frozen header** ([`frozen_header`]) is the object
//!    `{format, quarter, month, units (sorted), policy, seed_rule,
//!    committed, draw_date, late_reason, lists}` (`month` only for a
//!    monthly draw; `seed_rule`, `committed` (who committed and when),
//!    `draw_date` and `late_reason` only where given), where
//!    `lists` gives each list's count and root; the commitment digest is
//!    the SHA-256 of its JCS bytes. The seed is not in it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::model::{
    Credit, DateRange, Inspection, InspectionKind, Inspector, Jurisdiction, ObjectTags, Pool, RegulatedObject, Role,
    Status,
};

use super::{Campaign, PlanRequest, TargetedRequest};

/// Version tag of the canonical form and of the commitment built on it.
pub const COMMITMENT_FORMAT: &str = "shuangsuiji.commitment/3";

/// Members dropped when they hold this default (the JSON of the default).
/// Each name occurs in one kind of record only.
pub const NAMED_DEFAULTS: [(&str, &str); 8] = [
    ("status", r#""active""#),
    ("online_monitoring_stable", "false"),
    ("complaints", "0"),
    ("on_post", "true"),
    ("years_of_service", "0"),
    ("pools", r#"["pollution"]"#),
    ("cadence", r#""quarterly""#),
    ("readings", r#"{"other_levels":"joint_and_count","rounding":"up","spread":"even_over_remaining_quarters"}"#),
];

/// Members that are sets: sorted, and for those marked `true` repeats
/// removed (the reader keeps one).
pub const SET_MEMBERS: [(&str, bool); 5] =
    [("free", true), ("expertise", true), ("recusals", true), ("pools", true), ("inspectors", false)];

/// Leaves per chunk of a list root.
pub const CHUNK: usize = 4096;

/// A list of records and its name in the frozen header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRoot {
    /// Records in the list.
    pub count: u64,
    /// The list's root (lowercase hex).
    pub root: String,
}

/// Normalises a JSON value in place: the rules of step 1 above.
pub fn normalize(value: &mut Value) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if let (OPAQUE, Value::Object(named)) = (name.as_str(), &mut *member) {
                    normalize_named(named);
                    continue;
                }
                normalize(member);
                if let (Some(dedupe), Value::Array(items)) = (set_member(name), &mut *member) {
                    // Strings by their value (code points), anything else
                    // by its JCS text.
                    items.sort_by_cached_key(|v| v.as_str().map_or_else(|| jcs(v), str::to_owned));
                    if dedupe {
                        items.dedup();
                    }
                }
            }
            members.retain(|name, member| !is_default(name, member));
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        Value::Number(n) => {
            if let Some(whole) =
                n.as_f64().filter(|x| !n.is_u64() && !n.is_i64() && x.fract() == 0.0 && x.abs() < 9.0e15)
            {
                // Integral and well inside f64's exact range, so the cast is exact.
                #[allow(clippy::cast_possible_truncation)]
                let whole = whole as i64;
                *value = Value::from(whole);
            }
        }
        _ => {}
    }
}

/// The member whose own members are named by the bureau (an object's
/// `tags.attributes`, a matter's `objects.attributes`): no rule by name
/// applies to those names, which may be anything (`status`, `date`).
const OPAQUE: &str = "attributes";

/// The members of an [`OPAQUE`] object: each value normalised, those left
/// empty (`null`, `[]`, `{}`) dropped; no rule by name.
fn normalize_named(members: &mut Map<String, Value>) {
    members.values_mut().for_each(normalize);
    members.retain(|_, value| !is_empty(value));
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn set_member(name: &str) -> Option<bool> {
    SET_MEMBERS.iter().find(|(n, _)| *n == name).map(|(_, dedupe)| *dedupe)
}

fn is_default(name: &str, member: &Value) -> bool {
    let empty = match member {
        Value::Null => true,
        Value::Array(a) => a.is_empty() && name != "pools",
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    empty
        || NAMED_DEFAULTS
            .iter()
            .any(|(n, default)| *n == name && serde_json::from_str::<Value>(default).is_ok_and(|d| d == *member))
}

/// The RFC 8785 (JCS) bytes of a JSON value.
pub fn jcs(value: &Value) -> String {
    let mut out = String::new();
    write_jcs(value, &mut out);
    out
}

fn write_jcs(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_jcs(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            // JCS sorts member names by their UTF-16 code units.
            let mut names: Vec<&String> = members.keys().collect();
            names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, name) in names.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                if let Some(member) = members.get(name) {
                    write_jcs(member, out);
                }
            }
            out.push('}');
        }
    }
}

/// Integers as written; other numbers in the shortest form that reads
/// back to the same double (ECMAScript's form for the magnitudes a request
/// holds: percentages with at most two decimals).
fn write_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else if let Some(x) = n.as_f64() {
        out.push_str(&x.to_string());
    }
}

/// A JSON string as JCS writes it: `"`, `\` and control characters escaped
/// (`\b \t \n \f \r`, else `\u00xx`), everything else as is — the same
/// bytes as serde_json writes.
#[inline(always)]
pub(crate) fn write_string(s: &str, out: &mut String) {
    out.push('"');
    // Without a short cut, so the compiler checks many bytes at a time.
    if !s.bytes().fold(false, |escape, b| escape | (b < 0x20) | (b == b'"') | (b == b'\\')) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

/// The canonical bytes of a record: normalised, then JCS (the generic
/// path, through a JSON value).
pub fn canonical<T: Serialize + ?Sized>(record: &T) -> String {
    let mut value = serde_json::to_value(record).unwrap_or(Value::Null);
    normalize(&mut value);
    jcs(&value)
}

/// A record's leaf: SHA-256 of its canonical bytes.
pub fn leaf<T: Canonical>(record: &T) -> [u8; 32] {
    let mut out = String::new();
    record.write_canonical(&mut out);
    Sha256::digest(out.as_bytes()).into()
}

/// A record with canonical bytes. The two libraries, which make up almost
/// all of a request's bytes, write theirs directly; the others go through
/// [`canonical`]. Both give the same bytes (`fast_writers_agree_with_the_generic_path`).
pub trait Canonical: Serialize + Sync {
    /// Appends the record's canonical bytes to `out`.
    fn write_canonical(&self, out: &mut String) {
        out.push_str(&canonical(self));
    }
}

impl Canonical for Jurisdiction {}

impl Canonical for Inspection {
    fn write_canonical(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("by", &self.by);
        o.quoted("date", self.date);
        if !self.inspectors.is_empty() {
            o.list("inspectors", self.inspectors.iter().map(String::as_str), false);
        }
        o.str("kind", kind_name(self.kind));
        o.str("object", &self.object);
        let default_pools = self.pools.len() == 1 && self.pools.contains(&Pool::Pollution);
        if !default_pools {
            o.list("pools", self.pools.iter().map(|p| p.en()), true);
        }
        o.close();
    }
}
impl Canonical for TargetedRequest {}
impl Canonical for Campaign {}

impl Canonical for RegulatedObject {
    fn write_canonical(&self, out: &mut String) {
        // Members in JCS order, defaults left out (the normalisation rules).
        let mut o = Obj::new(out);
        o.str("category", self.category.en());
        if self.complaints != 0 {
            o.display("complaints", self.complaints);
        }
        if let Some(c) = self.credit {
            o.str("credit", credit_name(c));
        }
        if let Some(c) = self.hazardous_waste {
            o.str("hazardous_waste", c.en());
        }
        o.str("id", &self.id);
        o.str("jurisdiction", &self.jurisdiction);
        if let Some(d) = self.last_violation {
            o.quoted("last_violation", d);
        }
        o.str("name", &self.name);
        if self.online_monitoring_stable {
            o.raw("online_monitoring_stable", "true");
        }
        if let Some(range) = &self.positive_list {
            o.key("positive_list");
            date_range(range, o.out);
        }
        if let Some(c) = self.radiation {
            o.str("radiation", c.en());
        }
        if self.status != Status::Active {
            o.str("status", self.status.en());
        }
        if let Some(tags) = self.tags.as_deref().filter(|t| **t != ObjectTags::default()) {
            o.key("tags");
            write_tags(tags, o.out);
        }
        o.close();
    }
}

impl Canonical for Inspector {
    fn write_canonical(&self, out: &mut String) {
        let mut o = Obj::new(out);
        if let Some(d) = &self.department {
            o.str("department", d);
        }
        if !self.expertise.is_empty() {
            o.set("expertise", self.expertise.iter());
        }
        o.str("id", &self.id);
        o.str("jurisdiction", &self.jurisdiction);
        o.str("name", &self.name);
        if !self.on_post {
            o.raw("on_post", "false");
        }
        o.display("quarterly_capacity", self.quarterly_capacity);
        if !self.recusals.is_empty() {
            o.set("recusals", self.recusals.iter());
        }
        o.str("role", role_name(self.role));
        if self.years_of_service != 0 {
            o.display("years_of_service", self.years_of_service);
        }
        o.close();
    }
}

// The serde names, written out for speed; the property test below checks
// them against serde.
fn credit_name(c: Credit) -> &'static str {
    match c {
        Credit::Good => "good",
        Credit::Ordinary => "ordinary",
        Credit::Poor => "poor",
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Officer => "officer",
        Role::Supervisor => "supervisor",
        Role::Expert => "expert",
    }
}

fn kind_name(k: InspectionKind) -> &'static str {
    match k {
        InspectionKind::Random => "random",
        InspectionKind::Targeted => "targeted",
    }
}

fn date_range(range: &DateRange, out: &mut String) {
    let mut o = Obj::new(out);
    o.quoted("from", range.from);
    if let Some(until) = range.until {
        o.quoted("until", until);
    }
    o.close();
}

fn write_tags(tags: &ObjectTags, out: &mut String) {
    let mut o = Obj::new(out);
    if !tags.attributes.is_empty() {
        o.key("attributes");
        write_attributes(&tags.attributes, o.out);
    }
    let members = [
        ("emission_type", &tags.emission_type),
        ("industry", &tags.industry),
        ("monitoring", &tags.monitoring),
        ("object_type", &tags.object_type),
        ("scale", &tags.scale),
        ("weather_grade", &tags.weather_grade),
    ];
    for (name, value) in members.iter().take(1) {
        if let Some(v) = value {
            o.str(name, v);
        }
    }
    if !tags.free.is_empty() {
        o.set("free", tags.free.iter());
    }
    for (name, value) in members.iter().skip(1) {
        if let Some(v) = value {
            o.str(name, v);
        }
    }
    o.close();
}

/// A bureau's own attributes: its names are the bureau's, so they are
/// escaped, and sorted as JCS sorts members (by UTF-16 code units, which
/// differs from byte order only past the Basic Multilingual Plane).
fn write_attributes(attributes: &BTreeMap<String, String>, out: &mut String) {
    let mut members: Vec<(&String, &String)> = attributes.iter().collect();
    members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out.push('{');
    for (i, (name, value)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(name, out);
        out.push(':');
        write_string(value, out);
    }
    out.push('}');
}

/// Writes one JSON object's members in the order given (the caller's is
/// JCS order).
struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    #[inline(always)]
    fn new(out: &'a mut String) -> Self {
        out.push('{');
        Obj { out, first: true }
    }

    #[inline(always)]
    fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        // Member names are this crate's own field names, plain ASCII with
        // nothing to escape (the property test below checks the bytes).
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    #[inline(always)]
    fn str(&mut self, name: &str, value: &str) {
        self.key(name);
        write_string(value, self.out);
    }

    /// A number (or anything whose `Display` is its JSON).
    #[inline(always)]
    fn display(&mut self, name: &str, value: impl std::fmt::Display) {
        self.key(name);
        let _ = write!(self.out, "{value}");
    }

    /// A value whose `Display` needs no escaping (a date), quoted.
    #[inline(always)]
    fn quoted(&mut self, name: &str, value: impl std::fmt::Display) {
        self.key(name);
        let _ = write!(self.out, "\"{value}\"");
    }

    #[inline(always)]
    fn raw(&mut self, name: &str, json: &str) {
        self.key(name);
        self.out.push_str(json);
    }

    /// A set of strings, sorted by value (code points), repeats removed.
    fn set<'s>(&mut self, name: &str, items: impl Iterator<Item = &'s String>) {
        self.list(name, items.map(String::as_str), true);
    }

    /// Strings sorted by value (byte order of UTF-8 is code-point order),
    /// repeats removed if `dedupe`.
    fn list<'s>(&mut self, name: &str, items: impl Iterator<Item = &'s str>, dedupe: bool) {
        let mut texts: Vec<&str> = items.collect();
        texts.sort_unstable();
        if dedupe {
            texts.dedup();
        }
        self.key(name);
        self.out.push('[');
        for (i, t) in texts.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_string(t, self.out);
        }
        self.out.push(']');
    }

    #[inline(always)]
    fn close(self) {
        self.out.push('}');
    }
}

/// The root of a list: its leaves sorted, hashed 4,096 at a time, and the
/// chunk hashes hashed together (SHA-256 of nothing for an empty list).
pub fn list_root<T: Canonical>(records: &[T]) -> ListRoot {
    let mut leaves: Vec<[u8; 32]> = records
        .par_iter()
        .map_init(
            || String::with_capacity(256),
            |buffer, record| {
                buffer.clear();
                record.write_canonical(buffer);
                Sha256::digest(buffer.as_bytes()).into()
            },
        )
        .collect();
    // Byte order, compared as big-endian integers: the leaves are uniform
    // hashes, so the first eight bytes almost always decide (a slice
    // comparison would call `memcmp` for every pair).
    leaves.par_sort_unstable_by(|a, b| leaf_prefix(a).cmp(&leaf_prefix(b)).then_with(|| a.cmp(b)));
    let chunks: Vec<[u8; 32]> = leaves.par_chunks(CHUNK).map(digest_all).collect();
    ListRoot { count: records.len() as u64, root: hex::encode(digest_all(&chunks)) }
}

/// A leaf's first eight bytes as a big-endian integer: ordered as the
/// bytes are.
fn leaf_prefix(leaf: &[u8; 32]) -> u64 {
    leaf.first_chunk::<8>().map_or(0, |b| u64::from_be_bytes(*b))
}

/// SHA-256 of the concatenated hashes.
fn digest_all(hashes: &[[u8; 32]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for x in hashes {
        h.update(x);
    }
    h.finalize().into()
}

/// The frozen header of a request: everything that decides its plan except
/// the seed.
pub fn frozen_header(request: &PlanRequest) -> Value {
    let mut units = request.units.clone();
    units.sort();
    let mut policy = serde_json::to_value(&request.policy).unwrap_or(Value::Null);
    normalize(&mut policy);
    let (jurisdictions, (objects, inspectors)) = rayon::join(
        || list_root(&request.registry.jurisdictions),
        || rayon::join(|| list_root(&request.registry.objects), || list_root(&request.registry.inspectors)),
    );
    let lists = [
        ("jurisdictions", jurisdictions),
        ("objects", objects),
        ("inspectors", inspectors),
        ("history", list_root(&request.history)),
        ("targeted", list_root(&request.targeted)),
        ("campaigns", list_root(&request.campaigns)),
    ];
    let mut header = Map::new();
    header.insert("format".into(), COMMITMENT_FORMAT.into());
    header.insert("quarter".into(), request.quarter.to_string().into());
    if let Some(month) = request.month {
        header.insert("month".into(), month.into());
    }
    header.insert("units".into(), units.into());
    header.insert("policy".into(), policy);
    if let Some(rule) = &request.seed_rule {
        let mut rule = serde_json::to_value(rule).unwrap_or(Value::Null);
        normalize(&mut rule);
        header.insert("seed_rule".into(), rule);
    }
    // Who commits and when are inside the digest: an edited authority or
    // date is another commitment.
    if let Some(c) = &request.committed {
        let mut committed =
            serde_json::json!({"authority": c.authority, "date": c.date.to_string(), "strata": c.strata});
        // Why the list was fixed outside its window is committed too: it
        // cannot be added, edited or dropped once the seed is known.
        if let (Some(reason), Some(map)) = (&c.outside_window, committed.as_object_mut()) {
            map.insert("outside_window".into(), reason.as_str().into());
        }
        header.insert("committed".into(), committed);
    }
    // When the draw is made, and why late, are committed with the rest: a
    // bureau cannot re-date its draw after the seed is known.
    if let Some(date) = request.draw_date {
        header.insert("draw_date".into(), date.to_string().into());
    }
    if let Some(reason) = &request.late_reason {
        header.insert("late_reason".into(), reason.as_str().into());
    }
    let lists: Map<String, Value> =
        lists.into_iter().map(|(name, l)| (name.to_owned(), serde_json::to_value(l).unwrap_or(Value::Null))).collect();
    header.insert("lists".into(), Value::Object(lists));
    Value::Object(header)
}

/// SHA-256 (lowercase hex) of a frozen header's JCS bytes.
pub fn header_digest(header: &Value) -> String {
    hex::encode(Sha256::digest(jcs(header).as_bytes()))
}

/// The commitment digest of a request: [`header_digest`] of its
/// [`frozen_header`]. The seed is not part of it.
pub fn commitment_digest(request: &PlanRequest) -> String {
    header_digest(&frozen_header(request))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(json: &str) -> String {
        let mut v: Value = serde_json::from_str(json).unwrap();
        normalize(&mut v);
        jcs(&v)
    }

    #[test]
    fn jcs_sorts_members_and_writes_no_whitespace() {
        assert_eq!(canon(r#"{ "b": 1, "a": [ "x", 2 ] }"#), r#"{"a":["x",2],"b":1}"#);
        assert_eq!(canon(r#"{"s": "引号\"\\\n\u0001é"}"#), "{\"s\":\"引号\\\"\\\\\\n\\u0001é\"}");
    }

    #[test]
    fn defaults_and_empties_are_dropped_but_an_empty_pool_list_is_not() {
        assert_eq!(canon(r#"{"id":"o","status":"active","tags":{},"credit":null,"complaints":0}"#), r#"{"id":"o"}"#);
        assert_eq!(canon(r#"{"status":"relocated","complaints":2}"#), r#"{"complaints":2,"status":"relocated"}"#);
        assert_eq!(canon(r#"{"pools":["pollution"]}"#), "{}");
        assert_eq!(canon(r#"{"pools":[]}"#), r#"{"pools":[]}"#);
        assert_eq!(canon(r#"{"on_post":true}"#), "{}");
        assert_eq!(canon(r#"{"on_post":false}"#), r#"{"on_post":false}"#);
    }

    #[test]
    fn a_control_character_alone_is_escaped() {
        for (s, json) in
            [("\u{1}", r#""\u0001""#), ("a\tb", r#""a\tb""#), ("é\u{1f}", r#""é\u001f""#), ("\u{7f}", "\"\u{7f}\"")]
        {
            let mut out = String::new();
            write_string(s, &mut out);
            assert_eq!(out, json, "{s:?}");
        }
    }

    #[test]
    fn sets_are_sorted_and_integral_numbers_are_integers() {
        assert_eq!(
            canon(r#"{"recusals":["b","a","b"],"inspectors":["y","x","y"]}"#),
            r#"{"inspectors":["x","y","y"],"recusals":["a","b"]}"#
        );
        assert_eq!(canon(r#"{"percent":25.0,"p":12.5,"q":0.29}"#), r#"{"p":12.5,"percent":25,"q":0.29}"#);
    }

    mod fast {
        use proptest::prelude::*;

        use super::super::*;
        use crate::model::{Category, Credit, Role};

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z0-9-]{1,12}",
                "[\\u{4e00}-\\u{4e20}]{1,6}",
                any::<String>(),
                Just("q\"uo\\te\u{1}\u{7f}\u{2028}".to_owned()),
            ]
        }

        fn category() -> impl Strategy<Value = Category> {
            prop_oneof![Just(Category::Key), Just(Category::Special), Just(Category::General)]
        }

        fn status() -> impl Strategy<Value = Status> {
            prop_oneof![
                Just(Status::Active),
                Just(Status::NewConstruction),
                Just(Status::Relocated),
                Just(Status::OptedOut)
            ]
        }

        /// Among them names the rules by name would touch elsewhere.
        fn attribute_name() -> BoxedStrategy<String> {
            let special = ["status", "date", "complaints", "pools", "from"].map(|n| Just(n.to_owned()).boxed());
            prop_oneof![text().boxed(), proptest::strategy::Union::new(special)].boxed()
        }

        fn attribute_value() -> BoxedStrategy<String> {
            let special = ["active", "0", "2021-3-5"].map(|v| Just(v.to_owned()).boxed());
            prop_oneof![text().boxed(), proptest::strategy::Union::new(special)].boxed()
        }

        fn date() -> impl Strategy<Value = chrono::NaiveDate> {
            (1990i32..2040, 1u32..=12, 1u32..=28)
                .prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
        }

        prop_compose! {
            fn tags()(
                industry in proptest::option::of(text()),
                emission_type in proptest::option::of(text()),
                scale in proptest::option::of(text()),
                monitoring in proptest::option::of(text()),
                weather_grade in proptest::option::of(text()),
                free in proptest::collection::btree_set(text(), 0..4),
                object_type in proptest::option::of(text()),
                attributes in proptest::collection::btree_map(attribute_name(), attribute_value(), 0..3),
            ) -> ObjectTags {
                ObjectTags { industry, emission_type, scale, monitoring, weather_grade, free, object_type, attributes }
            }
        }

        prop_compose! {
            fn object()(
                id in text(), name in text(), jurisdiction in text(), category in category(), status in status(),
                radiation in proptest::option::of(category()), hazardous_waste in proptest::option::of(category()),
                tags in proptest::option::of(tags()),
                positive_list in proptest::option::of((date(), proptest::option::of(date()))),
                credit in proptest::option::of(prop_oneof![Just(Credit::Good), Just(Credit::Ordinary), Just(Credit::Poor)]),
                last_violation in proptest::option::of(date()),
                online_monitoring_stable in any::<bool>(), complaints in prop_oneof![Just(0u32), any::<u32>()],
            ) -> RegulatedObject {
                RegulatedObject {
                    id, name, jurisdiction: jurisdiction.into(), category, status, radiation, hazardous_waste,
                    tags: tags.map(Box::new),
                    positive_list: positive_list.map(|(from, until)| DateRange { from, until }),
                    credit, last_violation, online_monitoring_stable, complaints,
                }
            }
        }

        prop_compose! {
            fn inspector()(
                id in text(), name in text(), jurisdiction in text(),
                role in prop_oneof![Just(Role::Officer), Just(Role::Supervisor), Just(Role::Expert)],
                on_post in any::<bool>(), expertise in proptest::collection::btree_set(text(), 0..3),
                department in proptest::option::of(text()), years_of_service in prop_oneof![Just(0u32), any::<u32>()],
                recusals in proptest::collection::btree_set(text(), 0..3), quarterly_capacity in any::<u32>(),
            ) -> Inspector {
                Inspector { id, name, jurisdiction, role, on_post, expertise, department, years_of_service, recusals, quarterly_capacity }
            }
        }

        prop_compose! {
            fn inspection()(
                object in text(), by in text(), date in date(),
                kind in prop_oneof![Just(crate::model::InspectionKind::Random), Just(crate::model::InspectionKind::Targeted)],
                pools in proptest::collection::btree_set(prop_oneof![Just(Pool::Pollution), Just(Pool::Radiation), Just(Pool::HazardousWaste), Just(Pool::matter("outfalls"))], 0..3),
                inspectors in proptest::collection::vec(text(), 0..4),
            ) -> Inspection {
                Inspection { object, by, date, kind, pools, inspectors }
            }
        }

        fn fast<T: Canonical>(record: &T) -> String {
            let mut out = String::new();
            record.write_canonical(&mut out);
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            #[test]
            fn strings_are_escaped_as_serde_json_escapes_them(
                // Any text, and ASCII with control characters (which
                // `any::<String>()` never makes) alone or among others.
                s in prop_oneof![any::<String>(), "[\\x00-\\x7f]{0,16}", "[\\x00-\\x1f\\x7f é中]{0,8}"]
            ) {
                let mut out = String::new();
                write_string(&s, &mut out);
                prop_assert_eq!(out, serde_json::to_string(&s).unwrap());
            }

            #[test]
            fn fast_writers_agree_with_the_generic_path(o in object(), i in inspector(), h in inspection()) {
                prop_assert_eq!(fast(&o), canonical(&o));
                prop_assert_eq!(fast(&i), canonical(&i));
                prop_assert_eq!(fast(&h), canonical(&h));
            }
        }

        #[test]
        fn an_empty_tag_box_is_no_tags() {
            let mut o = RegulatedObject::new("x", "c", Category::Key);
            o.tags = Some(Box::default());
            assert_eq!(fast(&o), canonical(&o));
        }
    }
}
