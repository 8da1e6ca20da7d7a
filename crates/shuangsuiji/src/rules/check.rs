//! Checking a document or policy file as a bureau's engineer writes it:
//! every fault at once, each with the file, the line and the field.

use std::fmt;

use toml_edit::{ImDocument, Item, Value};

use super::document::DocumentFile;
use super::policy::{Policy, PolicyError};

/// A file that passed [`check_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// A document file: the document, its presets, deadlines and duties.
    Document(Box<DocumentFile>),
    /// A policy file: one policy.
    Policy(Box<Policy>),
}

/// One fault of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The file's name as given.
    pub file: String,
    /// The line (from 1), where the field or the fault can be placed.
    pub line: Option<usize>,
    /// The field's path, e.g. `presets[0].rules[2].minimum.percent`; empty
    /// for a fault of the text itself.
    pub field: String,
    /// What is wrong, in the domain's words.
    pub problem: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// Reads a TOML document file (one with a `[document]` table) or policy
/// file and checks it, reporting every fault of its values at once.
///
/// ```
/// use shuangsuiji::rules::{check_file, Checked};
/// let text = "id = \"x\"\nname = \"x\"\nlevel = \"county_or_park\"\nvalidity = { from = \"2025-01-01\" }\n\
///             [[rules]]\npool = \"pollution\"\ncategory = \"key\"\nminimum = { kind = \"percent_per_quarter\", percent = 120 }\n\
///             source = { document = \"X 2025\", clause = \"三\", quote = \"……\" }\n";
/// let faults = check_file("x.toml", text).unwrap_err();
/// assert_eq!(faults[0].to_string(), "x.toml:8: rules[0].minimum.percent: is above 100 %");
/// ```
///
/// # Errors
/// The faults: one for text that is not TOML or not of the file's shape
/// (the reader stops at the first), else one per impossible value.
pub fn check_file(name: &str, text: &str) -> Result<Checked, Vec<Fault>> {
    let syntax = |line: Option<usize>, problem: String| {
        vec![Fault { file: name.to_owned(), line, field: String::new(), problem }]
    };
    let tree = ImDocument::parse(text)
        .map_err(|e| syntax(e.span().map(|s| line_of(text, s.start)), e.message().to_owned()))?;
    let shape = |e: toml::de::Error| syntax(e.span().map(|s| line_of(text, s.start)), e.message().to_owned());
    let faults = |errors: Vec<PolicyError>, prefix: &str| -> Vec<Fault> {
        errors.into_iter().map(|e| fault(name, text, &tree, prefix, e)).collect()
    };
    if tree.as_table().contains_key("document") {
        let file: DocumentFile = toml::from_str(text).map_err(shape)?;
        file.validate().map_err(|e| faults(e, ""))?;
        Ok(Checked::Document(Box::new(file)))
    } else {
        let policy: Policy = toml::from_str(text).map_err(shape)?;
        policy.validate().map_err(|e| faults(e, ""))?;
        Ok(Checked::Policy(Box::new(policy)))
    }
}

/// A validation error placed on its line.
fn fault(name: &str, text: &str, tree: &ImDocument<&str>, prefix: &str, error: PolicyError) -> Fault {
    match error {
        PolicyError::Invalid { field, problem, .. } => {
            let path = format!("{prefix}{field}");
            let line = span_of(tree, &path).map(|start| line_of(text, start));
            Fault { file: name.to_owned(), line, field: path, problem }
        }
        other => Fault { file: name.to_owned(), line: None, field: String::new(), problem: other.to_string() },
    }
}

/// The line (from 1) of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
}

/// Where a field's value starts: where its path's deepest part found
/// starts (a field left out is placed on the table that lacks it).
fn span_of(tree: &ImDocument<&str>, path: &str) -> Option<usize> {
    let mut at = Node::Table(tree.as_table());
    let mut found = None;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = at.get(key) else { break };
        found = next.start().or(found);
        at = next;
        if let Some(i) = index {
            let Some(next) = at.index(i) else { break };
            found = next.start().or(found);
            at = next;
        }
    }
    found
}

/// A place in a parsed TOML tree: a table, an item of one, or a value.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a toml_edit::Table),
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn get(self, key: &str) -> Option<Node<'a>> {
        match self {
            Node::Table(t) => t.get(key).map(Node::Item),
            Node::Item(Item::Table(t)) => t.get(key).map(Node::Item),
            Node::Item(Item::Value(Value::InlineTable(t))) | Node::Value(Value::InlineTable(t)) => {
                t.get(key).map(Node::Value)
            }
            _ => None,
        }
    }

    fn index(self, i: usize) -> Option<Node<'a>> {
        match self {
            Node::Item(Item::ArrayOfTables(a)) => a.get(i).map(Node::Table),
            Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => a.get(i).map(Node::Value),
            _ => None,
        }
    }

    fn start(self) -> Option<usize> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
        .map(|s| s.start)
    }
}
