//! JSON inputs (requests, plans, logs, results, registries, histories): any
//! encoding the CSV readers accept, a BOM or none, and a shape error that
//! names the path (`registry.objects[12].category`) and the id of the
//! record there, not only "line 1 column 1024459".

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

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
    let (text, notice) = decode(name, content, encoding).map_err(|e| ReadErrors(vec![*e]))?;
    // Parsed plainly first: tracking the path of every value costs a
    // national request a second; only a document that fails is parsed
    // again, for the path its error names.
    if let Ok(value) = serde_json::from_str(&text) {
        return Ok(Loaded { value, notices: notice.into_iter().collect() });
    }
    let mut de = serde_json::Deserializer::from_str(&text);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => de.end().map(|()| value).map_err(|e| located(name, &e)),
        Err(e) => Err(shape_error(name, &text, &e)),
    };
    match value {
        Ok(value) => Ok(Loaded { value, notices: notice.into_iter().collect() }),
        Err(e) => Err(ReadErrors(vec![e])),
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
    let (name, bytes) = if path == Path::new("-") {
        ("<stdin>".to_owned(), read_to_bytes("<stdin>", std::io::stdin().lock())?)
    } else {
        (path.display().to_string(), read_path(path).map_err(|e| ReadErrors(vec![*e]))?)
    };
    parse_json_as(&name, &bytes, encoding)
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
    use serde_path_to_error::Segment;
    let root: Value = serde_json::from_str(text).ok()?;
    let mut at = &root;
    let mut id = None;
    for segment in path.iter() {
        at = match segment {
            Segment::Seq { index } => at.get(*index)?,
            Segment::Map { key } => at.get(key.as_str())?,
            _ => return id,
        };
        if let Some(found) = at.get("id").or_else(|| at.get("object")).and_then(Value::as_str) {
            id = Some(found.to_owned());
        }
    }
    id
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
