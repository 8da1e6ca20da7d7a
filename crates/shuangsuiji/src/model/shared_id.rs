//! [`SharedId`]: an id that many records repeat, stored once.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An id that many records repeat — an object's jurisdiction: 3.5 million
/// objects name some three thousand counties and parks. Clones share one
/// allocation, so a registry pays for each unit's id once instead of once
/// per object (140 MB at national scale). It reads, compares, hashes,
/// orders and serializes exactly as the string it holds.
///
/// ```
/// use shuangsuiji::model::SharedId;
/// let unit = SharedId::from("changji/hutubi");
/// let same = unit.clone(); // no new allocation
/// assert_eq!(same, "changji/hutubi");
/// assert_eq!(serde_json::to_string(&unit).unwrap(), "\"changji/hutubi\"");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedId(Arc<str>);

impl SharedId {
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the two share one allocation (not only equal text).
    pub fn is_shared_with(&self, other: &SharedId) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The ids read so far, each stored once: hands out a [`SharedId`] for an
/// id, the same allocation every time the same text comes again.
///
/// ```
/// use shuangsuiji::model::SharedIds;
/// let mut seen = SharedIds::default();
/// let (a, b) = (seen.get("c/x"), seen.get("c/x"));
/// assert!(a.is_shared_with(&b));
/// ```
#[derive(Debug, Default, Clone)]
pub struct SharedIds(rustc_hash::FxHashSet<SharedId>);

impl SharedIds {
    /// The shared id for `id`.
    pub fn get(&mut self, id: &str) -> SharedId {
        if let Some(shared) = self.0.get(id) {
            return shared.clone();
        }
        let shared = SharedId::from(id);
        self.0.insert(shared.clone());
        shared
    }

    /// Replaces `id` by the shared one with the same text.
    pub fn share(&mut self, id: &mut SharedId) {
        match self.0.get(id.as_str()) {
            Some(shared) => *id = shared.clone(),
            None => {
                self.0.insert(id.clone());
            }
        }
    }
}

impl Deref for SharedId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Hashes as `str` does (`Arc<str>` hashes its contents), so maps keyed by
// `SharedId` can be looked up with a `&str`.
impl Borrow<str> for SharedId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for SharedId {
    fn from(s: &str) -> Self {
        SharedId(Arc::from(s))
    }
}

impl From<String> for SharedId {
    fn from(s: String) -> Self {
        SharedId(Arc::from(s))
    }
}

impl From<&String> for SharedId {
    fn from(s: &String) -> Self {
        SharedId(Arc::from(s.as_str()))
    }
}

impl From<SharedId> for String {
    fn from(s: SharedId) -> Self {
        s.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for SharedId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedId {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<SharedId> for str {
    fn eq(&self, other: &SharedId) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedId> for &str {
    fn eq(&self, other: &SharedId) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedId> for String {
    fn eq(&self, other: &SharedId) -> bool {
        self.as_str() == &*other.0
    }
}

impl Serialize for SharedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SharedId::from)
    }
}

impl schemars::JsonSchema for SharedId {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashMap};

    #[test]
    fn reads_like_the_string_it_holds() {
        let a = SharedId::from("b/unit");
        let map: HashMap<SharedId, u8> = HashMap::from([(a.clone(), 1)]);
        assert_eq!(map.get("b/unit"), Some(&1), "looked up by &str: hashes as str");
        let sorted: Vec<String> = BTreeSet::from([SharedId::from("b"), SharedId::from("a/z"), SharedId::from("a")])
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(sorted, ["a", "a/z", "b"]);
        assert_eq!(format!("{a} {a:?}"), "b/unit \"b/unit\"");
        let (text, owned): (&str, String) = ("b/unit", "b/unit".into());
        assert_eq!(a, text);
        assert_eq!(text, a);
        assert_eq!(a, owned);
        assert_eq!(owned, a);
        let back: SharedId = serde_json::from_str("\"b/unit\"").unwrap();
        assert!(back == a && !back.is_shared_with(&a) && a.clone().is_shared_with(&a));
    }
}
