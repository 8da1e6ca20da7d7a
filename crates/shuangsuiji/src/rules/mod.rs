//! Rules as data: a [`Policy`] is what one document demands of one level.
//!
//! A policy lists [`Rule`]s (a minimum per pool × category), [`Modifier`]s
//! that change who is drawn or how they are visited, and [`Readings`]: the
//! choices this project made where a document is ambiguous, made visible so
//! a user can change them. Every number carries a [`Source`]: document,
//! clause, the Chinese text it comes from, and the reading taken.
//!
//! The built-in presets are data: one TOML file per source document
//! (`rules/documents/*.toml`, read by [`documents`]) holds the
//! [`Document`] — title, issuing authority, validity, levels — the
//! policies read from it and the choices it leaves to the bureau. A
//! bureau's own policy is the same kind of file ([`Policy::from_toml`]).
//! [`preset`] finds a built-in policy by name; [`preset_names`] lists them.
//!
//! # Example: one county, both levels of Changji 2023
//!
//! ```
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//!
//! // A county with 40 key, 14 special and 600 general units; 9 officers in
//! // the county bureau and 9 in the prefecture's own (州本级).
//! let county = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(40, 14, 600, 9),
//!     policy: rules::preset("changji-county")?,
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![],
//!     seed_rule: None,
//!     draw_date: None,
//!     late_reason: None,
//!     committed: None,
//!     month: None,
//!     seed: "73059812460917733531".into(),
//! };
//! let plan = plan_quarter(&county)?;
//! let drawn: Vec<(&str, u64, u64)> =
//!     plan.strata.iter().map(|s| (s.stratum.category.as_str(), s.eligible, s.drawn)).collect();
//! // key: max(25 % of 40, 40 ÷ 4 quarters) = 10; special: 50 % of 14 = 7;
//! // general: 1:10 × 9 officers = 90 a year → ⌈90 ÷ 4⌉ = 23 this quarter.
//! assert_eq!(drawn, [("key", 40, 10), ("special", 14, 7), ("general", 600, 23)]);
//!
//! // The prefecture level draws over the whole prefecture with its own officers:
//! // key 5 % of 40 = 2; special 25 % of 14 = 3.5 → 4; general 1:5 × 9 = 45 a year → 12.
//! let prefecture = PlanRequest {
//!     policy: rules::preset("changji-prefecture")?,
//!     units: vec![sample::PREFECTURE.into()],
//!     ..county
//! };
//! let plan = plan_quarter(&prefecture)?;
//! assert_eq!(plan.strata.iter().map(|s| s.drawn).collect::<Vec<_>>(), [2, 4, 12]);
//! assert!(plan.tasks.iter().all(|t| t.officers().iter().all(|o| o.starts_with("Z-"))));
//!
//! // Every number cites its document, whose title is data too.
//! let source = &prefecture.policy.rules[0].source;
//! assert_eq!(source.cite_zh(), "《2023年昌吉州生态环境执法“双随机、一公开”工作方案》§四.1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod deadlines;
mod document;
mod matter;
mod minimum;
mod policy;
mod results;
mod source;

pub use check::*;
pub use deadlines::*;
pub use document::*;
pub use matter::{AttributeTest, FormKind, Matter, MatterForm, ObjectFilter};
pub use minimum::*;
pub use policy::*;
pub use results::{Meaning, ResultWordings, Wording};
pub use source::{CheckItems, MonthWindow, Source};

/// Names of the built-in presets, for [`preset`], in the order of their
/// documents' files; a name the document leaves unfinished (`fengdu`)
/// comes before the example that fills it. Empty only if an embedded file
/// were broken, which this crate's tests rule out.
pub fn preset_names() -> Vec<&'static str> {
    let Ok(files) = documents() else { return Vec::new() };
    files
        .iter()
        .flat_map(|f| {
            let open = f.choices.iter().map(|c| c.preset.as_str());
            open.chain(f.presets.iter().map(|p| p.id.as_str()))
        })
        .collect()
}

/// A built-in preset by name, with default readings.
///
/// `fengdu` needs the county's own general-unit frequency, which the
/// document does not set: write it into a policy file.
/// `fengdu-example` is that preset with an illustrative 5 % per quarter,
/// clearly marked as such.
///
/// # Errors
/// [`PolicyError::UnknownPreset`] listing the known names; for a name the
/// document leaves unfinished (`fengdu`), a [`PolicyError::Invalid`] naming
/// the open field and what to do.
pub fn preset(name: &str) -> Result<Policy, PolicyError> {
    for file in documents()? {
        if let Some(policy) = file.presets.iter().find(|p| p.id == name) {
            return Ok(policy.clone());
        }
    }
    if let Some(choice) = choice(name) {
        return Err(open_choice(choice));
    }
    Err(PolicyError::UnknownPreset { name: name.to_owned(), known: preset_names().join(", ") })
}

/// The choice a preset name stands for when its document leaves it
/// unfinished (`fengdu`); `None` for any other name.
pub fn choice(name: &str) -> Option<&'static Choice> {
    documents().ok()?.iter().flat_map(|f| &f.choices).find(|c| c.preset == name)
}

/// What a preset its document leaves unfinished needs, and where to start.
fn open_choice(choice: &Choice) -> PolicyError {
    let mut problem = format!("{}: write the choice into a policy file", choice.problem);
    if let Some(template) = &choice.template {
        problem.push_str(&format!(" (copy {template})"));
    }
    if let Some(example) = &choice.example {
        problem.push_str(&format!(", or use preset `{example}`, an illustrative value that is not the document's"));
    }
    PolicyError::Invalid { policy: choice.preset.clone(), field: choice.field.clone(), problem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_preset_lists_the_known_ones() {
        let err = preset("changji").unwrap_err().to_string();
        assert!(err.contains("changji-county"), "{err}");
    }

    #[test]
    fn every_name_is_a_preset_or_an_open_choice_and_none_repeats() {
        let names = preset_names();
        assert_eq!(names.len(), 8, "{names:?}");
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for name in names {
            match preset(name) {
                Ok(policy) => assert_eq!(policy.id, name),
                Err(PolicyError::Invalid { policy, .. }) => assert_eq!(policy, name),
                Err(other) => panic!("{name}: {other}"),
            }
        }
    }

    #[test]
    fn an_extension_moves_the_validity_and_the_modifiers_that_ended_with_it() {
        let until = chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap();
        let policy = preset("zhongwei-positive-list").unwrap().extended_until(until);
        assert_eq!(policy.validity.until, Some(until));
        for modifier in &policy.modifiers {
            match modifier {
                Modifier::PositiveListOffSite { in_force, .. } | Modifier::CreditDowngrade { in_force, .. } => {
                    assert_eq!(in_force.until, Some(until));
                }
                Modifier::RiskTier { .. } => {}
            }
        }
        policy.check_validity("2020Q4".parse().unwrap()).unwrap();
    }
}
