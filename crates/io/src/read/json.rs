//! JSON inputs (requests, plans, logs, results, registries, histories): any
//! encoding the CSV readers accept, a BOM or none, and a shape error that
//! names the path (`registry.objects[12].category`) and the id of the
//! record there, not only "line 1 column 1024459".

use std::path::Path;

use serde::de::DeserializeOwned;

use super::error::{read_path, read_to_bytes, ReadError, ReadErrors};
use super::text::{decode, Loaded, TextEncoding};

/// Parses `content` as a `T`.
///
/// # Errors
/// [`ReadErrors`] with one error: the text cannot be decoded, the JSON is
/// malformed (with its line and column), or it does not have `T`'s shape
/// (with the path, the record's id and the line).
pub fn parse_json_as<T: DeserializeOwned>(
    name: &str,
    content: &[u8],
    encoding: TextEncoding,
) -> Result<Loaded<T>, ReadErrors> {
    parse_decoded(name, content, encoding, false)
}

/// [`parse_json_as`] for a document that is an object (`{…}`): a request,
/// plan, log, commitment, policy or registry. One given as a list is
/// refused by name, where serde would read a list of the fields in order.
///
/// # Errors
/// As [`parse_json_as`], and when the document is a list.
pub fn parse_json_object_as<T: DeserializeOwned>(
    name: &str,
    content: &[u8],
    encoding: TextEncoding,
) -> Result<Loaded<T>, ReadErrors> {
    parse_decoded(name, content, encoding, true)
}

/// Decodes `content` and parses it, refusing a list where an `object` is due.
fn parse_decoded<T: DeserializeOwned>(
    name: &str,
    content: &[u8],
    encoding: TextEncoding,
    object: bool,
) -> Result<Loaded<T>, ReadErrors> {
    let (text, notice) = decode(name, content, encoding).map_err(|e| ReadErrors(vec![*e]))?;
    if object && text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').starts_with('[') {
        return Err(ReadErrors::one(ReadError::file(
            name,
            "the document is a list (`[…]`); it must be one object (`{…}`) of named members",
        )));
    }
    parse_text(name, &text).map(|value| Loaded { value, notices: notice.into_iter().collect() })
}

fn parse_text<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, ReadErrors> {
    // Parsed plainly first: tracking the path of every value costs a
    // national request a second; only a document that fails is parsed
    // again, for the path its error names.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => de.end().map(|()| value).map_err(|e| ReadErrors(vec![located(name, &e)])),
        Err(e) => Err(ReadErrors(vec![shape_error(name, text, &e)])),
    }
}

/// A JSON error with its line and column, the position suffix moved into
/// the message's own words.
fn located(name: &str, inner: &serde_json::Error) -> ReadError {
    let full = inner.to_string();
    let suffix = format!(" at line {} column {}", inner.line(), inner.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let mut error = ReadError::file(name, format!("{message} (line {}, column {})", inner.line(), inner.column()));
    error.line = u64::try_from(inner.line()).ok();
    error
}

/// Reads `path` (`-` for standard input) as a `T`.
///
/// # Errors
/// As [`parse_json_as`], and when the file cannot be read.
pub fn read_json_as<T: DeserializeOwned>(path: &Path, encoding: TextEncoding) -> Result<Loaded<T>, ReadErrors> {
    let (name, bytes) = read_named(path)?;
    parse_json_as(&name, &bytes, encoding)
}

/// Reads `path` (`-` for standard input) as an object `T`
/// ([`parse_json_object_as`]).
///
/// # Errors
/// As [`parse_json_object_as`], and when the file cannot be read.
pub fn read_json_object_as<T: DeserializeOwned>(path: &Path, encoding: TextEncoding) -> Result<Loaded<T>, ReadErrors> {
    let (name, bytes) = read_named(path)?;
    parse_json_object_as(&name, &bytes, encoding)
}

fn read_named(path: &Path) -> Result<(String, Vec<u8>), ReadErrors> {
    Ok(if path == Path::new("-") {
        ("<stdin>".to_owned(), read_to_bytes("<stdin>", std::io::stdin().lock())?)
    } else {
        (path.display().to_string(), read_path(path).map_err(|e| ReadErrors(vec![*e]))?)
    })
}

fn shape_error(name: &str, text: &str, e: &serde_path_to_error::Error<serde_json::Error>) -> ReadError {
    let inner = e.inner();
    let mut error = located(name, inner);
    let segments: Vec<String> = e.path().iter().map(ToString::to_string).collect();
    // serde_json reports a number where an enumeration's name belongs
    // (`"category": 7`) as the syntax error "expected value": it is a wrong
    // type, and the path says where.
    let wrong_type = inner.is_syntax() && inner.to_string().starts_with("expected value");
    if wrong_type {
        error.message = format!(
            "not a value this field takes: a field with a fixed set of names wants one, in quotes (line {}, column {})",
            inner.line(),
            inner.column()
        );
    }
    if (inner.is_data() || wrong_type) && !segments.is_empty() && segments.iter().any(|s| s != "?") {
        let (record, field) = split_path(e.path());
        error.record = (!record.is_empty()).then_some(record);
        error.column = field;
        error.id = record_id(text, e.path());
    }
    error
}

/// `registry.objects[12].category` → (`registry.objects[12]`, `category`).
fn split_path(path: &serde_path_to_error::Path) -> (String, Option<String>) {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let mut record = String::new();
    let last_map = segments.iter().rposition(|s| matches!(s, Segment::Map { .. }));
    for (i, s) in segments.iter().enumerate() {
        if Some(i) == last_map && i + 1 == segments.len() {
            break;
        }
        match s {
            Segment::Seq { index } => record.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !record.is_empty() {
                    record.push('.');
                }
                record.push_str(key);
            }
            Segment::Enum { variant } => record.push_str(&format!("::{variant}")),
            Segment::Unknown => record.push_str(".?"),
        }
    }
    let field = match (last_map, segments.last()) {
        (Some(i), Some(Segment::Map { key })) if i + 1 == segments.len() => Some(key.clone()),
        _ => None,
    };
    (record, field)
}

/// The `id` (or `object`) of the innermost record on `path`, read from the
/// document as plain JSON — only when there is an error to report.
fn record_id(text: &str, path: &serde_path_to_error::Path) -> Option<String> {
    let segments: Vec<&serde_path_to_error::Segment> = path.iter().collect();
    let mut de = serde_json::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(Along { path: &segments, root: true }, &mut de).ok().flatten()
}

/// Walks a document down `path` as it is read, keeping nothing but the
/// id of the deepest record on the way (`id`, else `object`): a bad
/// document of hundreds of megabytes is never held as a tree of values
/// (a `serde_json::Value` is some thirty times the text).
struct Along<'p> {
    path: &'p [&'p serde_path_to_error::Segment],
    /// The document itself, whose members are not a record's.
    root: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for Along<'_> {
    type Value = Option<String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Along<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        use serde::de::IgnoredAny;
        use serde_path_to_error::Segment;
        let (at, rest) = match self.path.split_first() {
            Some((Segment::Seq { index }, rest)) => (*index, rest),
            _ => return Ok(None),
        };
        for _ in 0..at {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(None);
            }
        }
        let deeper = seq.next_element_seed(Along { path: rest, root: false })?.flatten();
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(deeper)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        use serde::de::IgnoredAny;
        use serde_path_to_error::Segment;
        let (next, rest) = match self.path.split_first() {
            Some((Segment::Map { key }, rest)) => (Some(key.as_str()), rest),
            _ => (None, self.path),
        };
        let (mut id, mut object, mut deeper) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            if next == Some(key.as_str()) {
                deeper = map.next_value_seed(Along { path: rest, root: false })?;
            } else if !self.root && (key == "id" || key == "object") {
                let text = map.next_value::<StringOrAny>()?.0;
                if key == "id" {
                    id = text
                } else {
                    object = text
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(deeper.or(id).or(object))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
}

/// A string value as itself; any other value read past.
struct StringOrAny(Option<String>);

impl<'de> serde::Deserialize<'de> for StringOrAny {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StringOrAny;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StringOrAny, E> {
                Ok(StringOrAny(Some(v.to_owned())))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StringOrAny, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(StringOrAny(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StringOrAny, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(StringOrAny(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<StringOrAny, E> {
                Ok(StringOrAny(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<StringOrAny, E> {
                Ok(StringOrAny(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<StringOrAny, E> {
                Ok(StringOrAny(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<StringOrAny, E> {
                Ok(StringOrAny(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<StringOrAny, E> {
                Ok(StringOrAny(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shuangsuiji::model::Registry;

    #[test]
    fn a_shape_error_names_the_path_the_field_and_the_record() {
        let json = r#"{"jurisdictions": [], "objects": [
            {"id": "A1", "name": "a", "jurisdiction": "j", "category": "key"},
            {"id": "B2", "name": "b", "jurisdiction": "j", "category": "importantish"}
        ], "inspectors": []}"#;
        let e = parse_json_as::<Registry>("r.json", json.as_bytes(), TextEncoding::Auto).unwrap_err();
        let e = &e.errors()[0];
        assert_eq!(e.record.as_deref(), Some("objects[1]"), "{e}");
        assert_eq!(e.column.as_deref(), Some("category"), "{e}");
        assert_eq!(e.id.as_deref(), Some("B2"), "{e}");
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn a_bom_and_gbk_are_accepted_on_json() {
        let json = "\u{feff}{\"jurisdictions\": [], \"objects\": [], \"inspectors\": []}";
        assert!(parse_json_as::<Registry>("r.json", json.as_bytes(), TextEncoding::Auto).is_ok());
        let (gbk, _, _) = encoding_rs::GB18030.encode(r#"{"jurisdictions": [{"id": "c", "name": "昌吉州", "level": "prefecture"}], "objects": [], "inspectors": []}"#);
        let loaded = parse_json_as::<Registry>("r.json", &gbk, TextEncoding::Auto).unwrap();
        assert_eq!(loaded.value.jurisdictions[0].name, "昌吉州");
        assert_eq!(loaded.notices.len(), 1);
    }
}
