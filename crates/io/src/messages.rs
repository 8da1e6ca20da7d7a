//! Every message a person reads, in English or in Chinese, from one
//! catalogue (`messages/zh.toml`): the English is what the code says, and
//! the catalogue gives each English message's Chinese, as gettext keys a
//! translation by its source text.
//!
//! A message is translated where it is shown (the CLI's stderr, the
//! service's answer, Python's exception), whatever layer made it: the core
//! and the readers speak English, and one function turns any of their
//! messages into Chinese. An entry is a pattern: `{}` stands for a value
//! (a quoted id, a number, a file, a nested message), taken from the
//! English and put into the Chinese at `{1}`, `{2}`…, itself translated
//! when it is a message or a word of the catalogue.
//!
//! ```
//! use shuangsuiji_io::messages::{localize, Lang};
//! let en = "objects.csv:3, column `所属区域` (jurisdiction): unknown jurisdiction `呼图壁`: \
//!           neither the id nor the name of one in the jurisdiction tree (it has 2 jurisdictions: 昌吉州, 呼图壁县)";
//! let zh = localize(Lang::Zh, en);
//! assert!(zh.starts_with("objects.csv 第 3 行，列 `所属区域`（jurisdiction）：未知区域 `呼图壁`"), "{zh}");
//! assert_eq!(localize(Lang::En, en), en);
//! ```

use std::sync::OnceLock;

use crate::read::error::Location;

/// The language of what a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the code's own words).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language an HTTP `Accept-Language` header or a user's setting
    /// names: Chinese for `zh`, `zh-CN`, `zh-Hans`… (the first language
    /// listed that is Chinese or English wins); English otherwise.
    pub fn from_tag(tags: &str) -> Lang {
        for tag in tags.split(',') {
            let mut parts = tag.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            // `zh;q=0` says "not Chinese".
            if parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000")) {
                continue;
            }
            if tag == "zh" || tag.starts_with("zh-") {
                return Lang::Zh;
            }
            if tag == "en" || tag.starts_with("en-") {
                return Lang::En;
            }
        }
        Lang::En
    }
}

/// One message of the catalogue: its English pattern and its Chinese.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The English, `{}` for each value.
    pub en: String,
    /// The Chinese, `{1}`, `{2}`… for the values in their English order.
    pub zh: String,
}

/// The catalogue: messages, and the words that stand as values in them
/// (`category`, `county`…).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Every message.
    #[serde(rename = "message")]
    pub messages: Vec<Entry>,
    /// Single words, English to Chinese.
    #[serde(default)]
    pub words: std::collections::BTreeMap<String, String>,
}

/// The catalogue's text, as shipped.
pub const CATALOGUE: &str = include_str!("../messages/zh.toml");

/// The catalogue, read once; an unreadable one (a test catches it) is
/// empty, so messages stay English rather than fail.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE_READ: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE_READ.get_or_init(|| toml::from_str(CATALOGUE).unwrap_or_default())
}

/// `text` in `lang`, line by line: each line a message of the catalogue,
/// or a reader's location and a message. What the catalogue does not hold
/// stays English.
pub fn localize(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Zh => {
            let mut out = text.lines().map(|line| line_zh(catalogue(), line)).collect::<Vec<_>>().join("\n");
            if text.ends_with('\n') {
                out.push('\n');
            }
            out
        }
    }
}

/// One line in Chinese.
fn line_zh(c: &Catalogue, line: &str) -> String {
    // A reader's location and a known message first: a pattern that
    // starts with a value (`{} (line {}, column {})`) would take the
    // location for part of its value. Then the line as one message
    // (`{}: not verified: {}`), then the location with what is left.
    let located = Location::split(line);
    if let Some((location, message)) = &located {
        if let Some(message) = message_zh(c, message, 0) {
            return format!("{}：{message}", location.zh());
        }
    }
    if let Some(zh) = message_zh(c, line, 0) {
        return zh;
    }
    if let Some((location, message)) = located {
        return format!("{}：{message}", location.zh());
    }
    // `what: message`, where `what` is a name (a flag, a document): the
    // message translated, the name kept.
    if let Some((what, message)) = line.split_once(": ").filter(|(what, _)| !what.contains(' ')) {
        if let Some(message) = message_zh(c, message, 0) {
            return format!("{what}：{message}");
        }
    }
    line.to_owned()
}

/// How deep values are translated (a message in a message in a message).
const MAX_DEPTH: usize = 4;

/// `text` in Chinese if an entry's pattern matches it whole (the most
/// specific, when several do), its values translated in turn.
fn message_zh(c: &Catalogue, text: &str, depth: usize) -> Option<String> {
    if let Some(word) = c.words.get(text) {
        return Some(word.clone());
    }
    if depth > MAX_DEPTH || text.is_empty() {
        return None;
    }
    let (entry, values) = c
        .messages
        .iter()
        .filter_map(|e| matches(&e.en, text).map(|v| (e, v)))
        .max_by_key(|(e, _)| specificity(&e.en))?;
    let quoted = quoted_values(&entry.en);
    let values: Vec<String> = values
        .iter()
        .zip(quoted)
        .map(|(v, quoted)| match quoted {
            // What the file holds, shown as it holds it (`level`, not `层级`).
            true => (*v).to_owned(),
            false => message_zh(c, v, depth + 1).unwrap_or_else(|| (*v).to_owned()),
        })
        .collect();
    Some(fill(&entry.zh, &values))
}

/// For each `{}` of `pattern`, whether it stands in quotes or backticks
/// (`` `{}` ``, `"{}"`): the same mark just before it and just after.
fn quoted_values(pattern: &str) -> Vec<bool> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    pieces
        .windows(2)
        .map(|w| match (w.first(), w.get(1)) {
            (Some(before), Some(after)) => ['`', '"'].iter().any(|&q| before.ends_with(q) && after.starts_with(q)),
            _ => false,
        })
        .collect()
}

/// How closely a pattern says what a message is, to pick among those that
/// match: one that starts with its own words (`task {}: {}`) before one
/// that starts with a value (`{} distinct certified officer(s)…`, which
/// matched, would swallow the head of the line), then one that ends with
/// its own words, then the one with the most of them.
fn specificity(pattern: &str) -> (bool, bool, usize) {
    (!pattern.starts_with("{}"), !pattern.ends_with("{}"), pattern.replace("{}", "").len())
}

/// The values `text` gives the pattern's `{}`s, when it matches whole:
/// each literal piece found leftmost after the one before, the last one at
/// the end.
pub fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = pieces.split_first()?;
    if rest.is_empty() {
        // A pattern without values is the whole message, not its head.
        return (text == *first).then(Vec::new);
    }
    let mut at = text.strip_prefix(first).map(|_| first.len())?;
    let mut values = Vec::new();
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        let found = if last {
            // The last piece ends the text; an empty one takes the rest.
            text.len().checked_sub(piece.len()).filter(|&end| end >= at && text.get(end..) == Some(piece))?
        } else if piece.is_empty() {
            return None;
        } else {
            at + text.get(at..)?.find(piece)?
        };
        values.push(text.get(at..found)?);
        at = found + piece.len();
    }
    Some(values)
}

/// The Chinese pattern with `{1}`, `{2}`… replaced by the values, in one
/// pass: a value that holds `{1}` itself is not filled again.
pub fn fill(pattern: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(pattern.len() + values.iter().map(String::len).sum::<usize>());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        let number = tail.get(1..).and_then(|t| t.split_once('}')).and_then(|(n, after)| {
            let value = n.parse::<usize>().ok().and_then(|i| i.checked_sub(1)).and_then(|i| values.get(i))?;
            Some((value, after))
        });
        match number {
            Some((value, after)) => {
                out.push_str(value);
                rest = after;
            }
            None => {
                out.push('{');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` holds an English sentence: two English words of two
/// letters or more in a row, outside quotes and backticks (where ids,
/// headers and file names stand, in whatever language they are). A path
/// or a flag (`/tmp/unknown-county`, `--encoding`) is not a word.
pub fn has_english_sentence(text: &str) -> bool {
    let mut outside = String::with_capacity(text.len());
    let mut quoted = None;
    for c in text.chars() {
        match quoted {
            Some(q) if c == q => quoted = None,
            Some(_) => {}
            None if c == '`' || c == '"' => {
                quoted = Some(c);
                // A quoted value breaks a run of words.
                outside.push_str(" | ");
            }
            // Chinese between two English words breaks the run too.
            None if !c.is_ascii() => outside.push_str(" | "),
            None => outside.push(c),
        }
    }
    let is_word = |token: &str| {
        let token = token.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '?' | '!'));
        token.len() >= 2 && token.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
    };
    let mut in_row = 0;
    for token in outside.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()) {
        in_row = if is_word(token) { in_row + 1 } else { 0 };
        if in_row >= 2 {
            return true;
        }
    }
    false
}
