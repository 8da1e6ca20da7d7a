//! A source document as data: what it is ([`Document`]), the presets read
//! from it, the choices it leaves to the bureau, its deadlines and duties
//! ([`DocumentFile`]); the five built-in documents, embedded from
//! `rules/documents/*.toml`.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadlines::{DeadlineRule, DutyRule};
use super::policy::{Policy, PolicyError, PolicyLevel};
use super::results::{check_wordings, ResultWordings};
use super::source::Source;
use crate::model::DateRange;

/// A document as published: the facts a citation of it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The short name every [`super::Source`] of the document cites, e.g.
    /// `Changji 2023`.
    pub short: String,
    /// The full title as published, without the 《》 marks.
    pub title: String,
    /// The issuing authority (发文机关).
    pub authority: String,
    /// The document number (文号), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The day it was issued, where the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// When it is in force.
    pub validity: DateRange,
    /// The levels it writes rules for.
    pub levels: Vec<PolicyLevel>,
    /// The copy of the text the numbers were read from.
    pub text: String,
    /// Readings taken about the document itself (an issuer or a validity
    /// the text does not state), in English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// A preset the document leaves unfinished: a number it asks the bureau
/// to choose, so there is no policy until the bureau writes its choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The preset's name, e.g. `fengdu`.
    pub preset: String,
    /// What is left open, e.g. `general`.
    pub field: String,
    /// Why, with the clause, in the domain's words.
    pub problem: String,
    /// A policy file to copy and fill in with the bureau's choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// A preset that fills the choice with an illustrative value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// The document whose result phrases a document without its own takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultsFrom {
    /// Its short name.
    pub document: String,
    /// Why its phrases apply, in English.
    pub reading: String,
}

/// One document's file: the document, its deadlines and duties, its
/// presets and its open choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentFile {
    /// The document.
    pub document: Document,
    /// Deadlines counted from a task's events, at most one per event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineRule>,
    /// Duties on the calendar: lists, forms, reports, summaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<DutyRule>,
    /// The phrases its results are published in, where it prescribes
    /// them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<ResultWordings>,
    /// Another document whose phrases its results take, where it
    /// prescribes none of its own but another covers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_from: Option<ResultsFrom>,
    /// Choices the document leaves to the bureau.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The policies read from it, one per level or reading.
    #[serde(default)]
    pub presets: Vec<Policy>,
}

impl DocumentFile {
    /// Reads a document file from TOML and checks it: every preset valid,
    /// and every number of it citing this document.
    ///
    /// # Errors
    /// [`PolicyError::Parse`] naming `name`, the line, column and field
    /// for text that is not a document file; one [`PolicyError::Invalid`]
    /// per fault otherwise.
    pub fn from_toml(name: &str, text: &str) -> Result<DocumentFile, Vec<PolicyError>> {
        let file: DocumentFile = toml::from_str(text).map_err(|e| vec![PolicyError::Parse(format!("{name}: {e}"))])?;
        file.validate()?;
        Ok(file)
    }

    /// Every [`Source`] of the file with the path of its field:
    /// `deadlines[0].source`, `presets[1].rules[2].source`.
    pub fn sources(&self) -> impl Iterator<Item = (String, &Source)> {
        let deadlines = self.deadlines.iter().enumerate().map(|(i, d)| (format!("deadlines[{i}].source"), &d.source));
        let duties = self.duties.iter().enumerate().map(|(i, d)| (format!("duties[{i}].source"), &d.source));
        let presets = self
            .presets
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.sources().map(move |(field, source)| (format!("presets[{i}].{field}"), source)));
        let results = self.results.iter().map(|r| ("results.source".to_owned(), &r.source));
        deadlines.chain(duties).chain(results).chain(presets)
    }

    /// Checks every preset, deadline and duty, and that every number cites
    /// this document.
    ///
    /// # Errors
    /// One [`PolicyError::Invalid`] per fault, all at once.
    pub fn validate(&self) -> Result<(), Vec<PolicyError>> {
        let short = &self.document.short;
        let mut errors = Vec::new();
        let mut bad = |field: String, problem: String| {
            errors.push(PolicyError::Invalid { policy: short.clone(), field, problem });
        };
        for (i, rule) in self.deadlines.iter().enumerate() {
            if rule.working_days == 0 {
                bad(format!("deadlines[{i}].working_days"), "must be at least 1".into());
            }
            if self.deadlines.iter().take(i).any(|earlier| earlier.after == rule.after) {
                bad(format!("deadlines[{i}].after"), "repeats the event of an earlier deadline".into());
            }
        }
        for (i, duty) in self.duties.iter().enumerate() {
            if let Some(problem) = duty.when.problem() {
                bad(format!("duties[{i}].when"), problem.into());
            }
        }
        if let Some(results) = &self.results {
            check_wordings(results, &mut bad);
        }
        if let (Some(_), Some(_)) = (&self.results, &self.results_from) {
            bad("results_from".into(), "a document with its own `results` takes no other's".into());
        }
        for (field, source) in self.sources() {
            if source.document != *short {
                bad(
                    format!("{field}.document"),
                    format!("cites `{}`, not this file's document `{short}`", source.document),
                );
            }
        }
        for (i, preset) in self.presets.iter().enumerate() {
            // A preset's faults, placed in the file: `presets[1].rules[0]…`.
            for e in preset.validate().err().unwrap_or_default() {
                errors.push(match e {
                    PolicyError::Invalid { policy, field, problem } => {
                        PolicyError::Invalid { policy, field: format!("presets[{i}].{field}"), problem }
                    }
                    other => other,
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The built-in documents' files, in the order of their preset names.
const BUILT_IN: [(&str, &str); 5] = [
    ("changji-2023.toml", include_str!("documents/changji-2023.toml")),
    ("changji-hitech-2023.toml", include_str!("documents/changji-hitech-2023.toml")),
    ("fengdu-2024.toml", include_str!("documents/fengdu-2024.toml")),
    ("wangcheng-2021.toml", include_str!("documents/wangcheng-2021.toml")),
    ("zhongwei-2020.toml", include_str!("documents/zhongwei-2020.toml")),
];

/// The built-in documents, read once.
///
/// # Errors
/// The faults of an embedded file, which a test of this crate keeps from
/// ever shipping.
pub fn documents() -> Result<&'static [DocumentFile], PolicyError> {
    static FILES: OnceLock<Result<Vec<DocumentFile>, PolicyError>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(name, text)| {
                DocumentFile::from_toml(name, text).map_err(|errors| {
                    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    PolicyError::Parse(format!("built-in {name}: {}", all.join("; ")))
                })
            })
            .collect()
    });
    files.as_deref().map_err(Clone::clone)
}

/// The built-in document a short name stands for.
pub fn document(short: &str) -> Option<&'static Document> {
    document_file(short).map(|f| &f.document)
}

/// The phrases the results under the document of `file` are published in:
/// its own, or those of the document it takes them from (a built-in one,
/// or one of `given`); `None` where it prescribes none.
pub fn result_wordings<'a>(file: &'a DocumentFile, given: &[&'a DocumentFile]) -> Option<&'a ResultWordings> {
    if let Some(own) = &file.results {
        return Some(own);
    }
    let from = &file.results_from.as_ref()?.document;
    let other = given.iter().copied().find(|f| f.document.short == *from).or_else(|| document_file(from))?;
    other.results.as_ref()
}

/// The documents `policy`'s rules cite, by short name, in the order first
/// cited.
pub fn policy_documents(policy: &Policy) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for source in policy.rules.iter().map(|r| &r.source) {
        if !names.contains(&source.document) {
            names.push(source.document.clone());
        }
    }
    names
}

/// The built-in files of the documents `policy`'s rules cite
/// ([`policy_documents`]; a document not built in is left out).
pub fn policy_document_files(policy: &Policy) -> Vec<&'static DocumentFile> {
    policy_documents(policy).iter().filter_map(|short| document_file(short)).collect()
}

/// The built-in document file of the document a short name stands for.
pub fn document_file(short: &str) -> Option<&'static DocumentFile> {
    documents().ok()?.iter().find(|f| f.document.short == short)
}

// The titles a citation needs are the documents' data, so the Chinese
// citations of a source and a policy are made here, beside the documents.

impl Source {
    /// The document's Chinese title as published (《…》 not included), for
    /// a built-in document; else the short name as given.
    pub fn document_zh(&self) -> &str {
        document(&self.document).map_or(&self.document, |d| d.title.as_str())
    }

    /// `《title》clause`, the way a Chinese report cites it.
    pub fn cite_zh(&self) -> String {
        format!("《{}》{}", self.document_zh(), self.clause)
    }
}

impl Policy {
    /// The documents the policy's numbers come from, by their Chinese
    /// titles: `《2023年昌吉州…工作方案》`, several joined by `、`; the
    /// policy's name when it cites none.
    pub fn title_zh(&self) -> String {
        let mut titles: Vec<&str> = Vec::new();
        for (_, source) in self.sources() {
            let title = source.document_zh();
            if !titles.contains(&title) {
                titles.push(title);
            }
        }
        if titles.is_empty() {
            return self.name.clone();
        }
        titles.iter().map(|t| format!("《{t}》")).collect::<Vec<_>>().join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_file_reads_and_cites_only_its_own_document() {
        let files = documents().unwrap();
        assert_eq!(files.len(), BUILT_IN.len());
        for file in files {
            assert!(!file.document.title.is_empty());
            assert!(file.sources().all(|(_, s)| s.document == file.document.short), "{}", file.document.short);
        }
    }

    #[test]
    fn a_preset_citing_another_document_is_refused_naming_the_field() {
        let text = BUILT_IN[1].1.replace(
            "document = \"Changji Hi-tech Zone 2023\"\nclause = \"二（一）\"\nquote = \"每季度至少对本行政区50%",
            "document = \"Changji 2023\"\nclause = \"二（一）\"\nquote = \"每季度至少对本行政区50%",
        );
        let errors = DocumentFile::from_toml("x.toml", &text).unwrap_err();
        let fields: Vec<String> = errors
            .iter()
            .map(|e| match e {
                PolicyError::Invalid { field, .. } => field.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(fields, ["presets[0].rules[2].source.document"]);
    }

    #[test]
    fn a_misspelt_field_names_the_file_and_line() {
        let text = BUILT_IN[0].1.replace("authority =", "authorty =");
        let err = DocumentFile::from_toml("changji.toml", &text).unwrap_err();
        let message = err[0].to_string();
        assert!(
            message.contains("changji.toml") && message.contains("line") && message.contains("authorty"),
            "{message}"
        );
    }
}
