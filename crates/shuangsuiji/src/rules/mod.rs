//! Rules as data: a [`Policy`] is what one document demands of one level.
//!
//! A policy lists [`Rule`]s (a minimum per pool × category), [`Modifier`]s
//! that change who is drawn or how they are visited, and [`Readings`]: the
//! choices this project made where a document is ambiguous, made visible so
//! a user can change them. Every number carries a [`Source`]: document,
//! clause, the Chinese text it comes from, and the reading taken.
//!
//! The built-in presets live in one module per source document:
//! [`changji`], [`changji_hitech`], [`fengdu`], [`wangcheng`], [`zhongwei`].
//! [`preset`] finds one by name; [`PRESET_NAMES`] lists them.

pub mod changji;
pub mod changji_hitech;
pub mod fengdu;
pub mod wangcheng;
pub mod zhongwei;

mod policy;

pub use policy::*;

/// Names of the built-in presets, for [`preset`].
pub const PRESET_NAMES: [&str; 8] = [
    "changji-prefecture",
    "changji-county",
    "changji-hitech",
    "fengdu",
    "wangcheng",
    "wangcheng-quarterly",
    "zhongwei-positive-list",
    "fengdu-example",
];

/// A built-in preset by name, with default readings.
///
/// `fengdu` needs the county's own general-unit frequency, which the
/// document does not set: use [`fengdu::policy`]. `fengdu-example` is that
/// preset with an illustrative 5 % per quarter, clearly marked as such.
///
/// # Errors
/// [`PolicyError::UnknownPreset`] listing the known names; for `fengdu`,
/// an [`PolicyError::Invalid`] saying the general-unit frequency must be
/// given.
pub fn preset(name: &str) -> Result<Policy, PolicyError> {
    match name {
        "changji-prefecture" => Ok(changji::prefecture()),
        "changji-county" => Ok(changji::county_or_park()),
        "changji-hitech" => Ok(changji_hitech::policy()),
        "fengdu" => Err(PolicyError::Invalid {
            policy: "fengdu".into(),
            field: "general".into(),
            problem: "the Fengdu document sets no frequency for general units (001 §三（五））: the county chooses it. Write it into a policy file — copy docs/examples/fengdu-policy.toml and give it with --policy FILE — or use preset `fengdu-example` (an illustrative 5 % per quarter)".into(),
        }),
        "fengdu-example" => Ok(fengdu::example()),
        "wangcheng" => Ok(wangcheng::policy(wangcheng::RatePeriod::Year)),
        "wangcheng-quarterly" => Ok(wangcheng::policy(wangcheng::RatePeriod::Quarter)),
        "zhongwei-positive-list" => Ok(zhongwei::positive_list(None)),
        other => Err(PolicyError::UnknownPreset { name: other.to_owned(), known: PRESET_NAMES.join(", ") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_preset_lists_the_known_ones() {
        let err = preset("changji").unwrap_err().to_string();
        assert!(err.contains("changji-county"), "{err}");
    }
}
