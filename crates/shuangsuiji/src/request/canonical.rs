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
//!    `{format, quarter, units (sorted), policy, seed_rule, lists}`, where
//!    `lists` gives each list's count and root; the commitment digest is
//!    the SHA-256 of its JCS bytes. The seed is not in it.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::PlanRequest;

/// Version tag of the canonical form and of the commitment built on it.
pub const COMMITMENT_FORMAT: &str = "shuangsuiji.commitment/1";

/// Members dropped when they hold this default (the JSON of the default).
/// Each name occurs in one kind of record only.
pub const NAMED_DEFAULTS: [(&str, &str); 7] = [
    ("status", r#""active""#),
    ("online_monitoring_stable", "false"),
    ("complaints", "0"),
    ("on_post", "true"),
    ("years_of_service", "0"),
    ("pools", r#"["pollution"]"#),
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
                normalize(member);
                if let (Some(dedupe), Value::Array(items)) = (set_member(name), &mut *member) {
                    items.sort_by_cached_key(jcs);
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
/// (`\b \t \n \f \r`, else `\u00xx`), everything else as is. serde_json
/// escapes exactly these.
fn write_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// The canonical bytes of a record: normalised, then JCS.
pub fn canonical<T: Serialize>(record: &T) -> String {
    let mut value = serde_json::to_value(record).unwrap_or(Value::Null);
    normalize(&mut value);
    jcs(&value)
}

/// A record's leaf: SHA-256 of its canonical bytes.
pub fn leaf<T: Serialize>(record: &T) -> [u8; 32] {
    Sha256::digest(canonical(record).as_bytes()).into()
}

/// The root of a list: its leaves sorted, hashed 4,096 at a time, and the
/// chunk hashes hashed together (SHA-256 of nothing for an empty list).
pub fn list_root<T: Serialize + Sync>(records: &[T]) -> ListRoot {
    let mut leaves: Vec<[u8; 32]> = records.par_iter().map(leaf).collect();
    leaves.par_sort_unstable();
    let chunks: Vec<[u8; 32]> = leaves.par_chunks(CHUNK).map(|c| Sha256::digest(c.concat()).into()).collect();
    ListRoot { count: records.len() as u64, root: hex::encode(Sha256::digest(chunks.concat())) }
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
    header.insert("units".into(), units.into());
    header.insert("policy".into(), policy);
    if let Some(rule) = &request.seed_rule {
        let mut rule = serde_json::to_value(rule).unwrap_or(Value::Null);
        normalize(&mut rule);
        header.insert("seed_rule".into(), rule);
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
    fn sets_are_sorted_and_integral_numbers_are_integers() {
        assert_eq!(
            canon(r#"{"recusals":["b","a","b"],"inspectors":["y","x","y"]}"#),
            r#"{"inspectors":["x","y","y"],"recusals":["a","b"]}"#
        );
        assert_eq!(canon(r#"{"percent":25.0,"p":12.5,"q":0.29}"#), r#"{"p":12.5,"percent":25,"q":0.29}"#);
    }
}
