//! What a document demands of a stratum: [`Minimum`] and its numbers —
//! [`Percent`], [`PerInspector`], [`CountedInspectors`] — and how "at
//! least" is rounded ([`Rounding`]).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A percentage with two decimals, stored exactly as basis points
/// (hundredths of a percent). Serialized as a JSON number: `25`, `12.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent {
    basis_points: u32,
}

impl Percent {
    /// 100 %.
    pub const FULL: Percent = Percent { basis_points: 10_000 };

    /// A whole percentage. Values above 100 are kept and rejected by
    /// [`Policy::validate`](super::Policy::validate), so the error can name the rule.
    pub const fn whole(percent: u32) -> Self {
        Percent { basis_points: percent.saturating_mul(100) }
    }

    /// From basis points (1 % = 100).
    pub const fn from_basis_points(basis_points: u32) -> Self {
        Percent { basis_points }
    }

    /// Basis points (1 % = 100).
    pub const fn basis_points(self) -> u32 {
        self.basis_points
    }

    /// `self × n`, rounded as asked.
    pub fn of(self, n: u64, rounding: Rounding) -> u64 {
        let num = u128::from(self.basis_points) * u128::from(n);
        let q = match rounding {
            Rounding::Up => num.div_ceil(10_000),
            Rounding::Down => num / 10_000,
            Rounding::Nearest => (num + 5_000) / 10_000,
        };
        u64::try_from(q).unwrap_or(u64::MAX)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.basis_points / 100;
        let frac = self.basis_points % 100;
        if frac == 0 {
            write!(f, "{whole}%")
        } else if frac.is_multiple_of(10) {
            write!(f, "{whole}.{}%", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}%")
        }
    }
}

impl schemars::JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "A percentage from 0 to 100 with at most two decimals: `25`, `12.5`.",
            "minimum": 0,
            "maximum": 100,
            "multipleOf": 0.01
        })
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_hundredths(self.basis_points, s)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let basis_points = deserialize_hundredths(d, "percent", "from 0 to 100")?;
        Ok(Percent { basis_points })
    }
}

/// A number with at most two decimals, stored in hundredths, written as a
/// JSON integer when it is whole: `25`, `12.5`.
fn serialize_hundredths<S: serde::Serializer>(hundredths: u32, s: S) -> Result<S::Ok, S::Error> {
    if hundredths.is_multiple_of(100) {
        s.serialize_u32(hundredths / 100)
    } else {
        s.serialize_f64(f64::from(hundredths) / 100.0)
    }
}

/// Reads a number with at most two decimals as hundredths (0 to 10,000).
fn deserialize_hundredths<'de, D: serde::Deserializer<'de>>(d: D, what: &str, range: &str) -> Result<u32, D::Error> {
    let x = f64::deserialize(d)?;
    let h = (x * 100.0).round();
    if !x.is_finite() || !(0.0..=1_000_000.0).contains(&h) || ((x * 100.0) - h).abs() > 1e-6 {
        return Err(serde::de::Error::custom(format!("{what} {x} must be a number {range} with at most two decimals")));
    }
    // In range 0..=1e6 by the check above, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(h as u32)
}

/// N of a 1:N ratio — objects per counted inspector — with at most two
/// decimals, stored exactly in hundredths: `10`, `2.5` (Guangzhou's 1:2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PerInspector {
    hundredths: u32,
}

impl PerInspector {
    /// A whole number of objects per inspector.
    pub const fn whole(n: u32) -> Self {
        PerInspector { hundredths: n.saturating_mul(100) }
    }

    /// `self × inspectors` objects, rounded as asked ("at least" 2.5 × 7 =
    /// 17.5 is 18 under the default reading).
    pub fn of(self, inspectors: u64, rounding: Rounding) -> u64 {
        Percent::from_basis_points(self.hundredths).of(inspectors.saturating_mul(100), rounding)
    }

    /// N in hundredths (2.5 = 250).
    pub const fn hundredths(self) -> u32 {
        self.hundredths
    }

    /// Whether it is zero (a 1:0 ratio means nothing).
    pub fn is_zero(self) -> bool {
        self.hundredths == 0
    }
}

impl fmt::Display for PerInspector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Percent::from_basis_points(self.hundredths).to_string();
        f.write_str(text.trim_end_matches('%'))
    }
}

impl Serialize for PerInspector {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_hundredths(self.hundredths, s)
    }
}

impl<'de> Deserialize<'de> for PerInspector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hundredths = deserialize_hundredths(d, "objects_per_inspector", "from 0 to 10000")?;
        Ok(PerInspector { hundredths })
    }
}

impl schemars::JsonSchema for PerInspector {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PerInspector".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "N of a 1:N ratio, objects per counted inspector, with at most two decimals: `10`, `2.5`.",
            "minimum": 0,
            "maximum": 10000,
            "multipleOf": 0.01
        })
    }
}

/// Rounding of "at least x %".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round up: "at least" 25 % of 7 is 2 (1.75 → 2). The default reading.
    Up,
    /// Round half up.
    Nearest,
    /// Round down (never meets "at least" exactly; offered for comparison).
    Down,
}

/// Which inspectors a 1:N ratio counts.
///
/// Variants without data are written `Name {}`, not `Name`: serde reads an
/// internally tagged unit variant without refusing members it does not
/// have (`{"kind": "certified_officers", "count": 99}`), and a member read
/// and dropped would be left out of the commitment digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum CountedInspectors {
    /// Certified enforcement officers of the drawing unit in the inspector
    /// library ("系统中执法部门的'双随机'执法人员", 000 §四.2).
    CertifiedOfficers {},
    /// Certified officers on the establishment and on post
    /// ("在编在岗的环境执法人员", 003 四（二）3(1)).
    OnPostOfficers {},
    /// Certified officers on post with an expertise, where a document
    /// counts only some ("负责海洋监管的执法人员": `expertise = "marine"`).
    WithExpertise {
        /// The expertise, as the inspector library writes it.
        expertise: String,
    },
    /// A number given by the user, for "what if" analyses.
    Given {
        /// The number of inspectors to count.
        count: u32,
    },
}

impl CountedInspectors {
    /// Who is counted, in English.
    fn en(&self) -> String {
        match self {
            CountedInspectors::CertifiedOfficers {} => "certified officers".to_owned(),
            CountedInspectors::OnPostOfficers {} => "on-post officers".to_owned(),
            CountedInspectors::WithExpertise { expertise } => format!("on-post officers in {expertise}"),
            CountedInspectors::Given { count } => format!("{count} given inspectors"),
        }
    }

    /// Who is counted, in Chinese.
    fn zh(&self) -> String {
        match self {
            CountedInspectors::CertifiedOfficers {} => "持证执法人员".to_owned(),
            CountedInspectors::OnPostOfficers {} => "在编在岗执法人员".to_owned(),
            CountedInspectors::WithExpertise { expertise } => format!("{expertise}方向在岗执法人员"),
            CountedInspectors::Given { count } => format!("指定{count}人"),
        }
    }
}

/// A minimum for one stratum (variants without data are `Name {}` for the
/// reason [`CountedInspectors`] gives).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum Minimum {
    /// At least `percent` of the eligible population, every quarter.
    PercentPerQuarter {
        /// The rate.
        percent: Percent,
    },
    /// At least `percent` of the eligible population over the year, spread
    /// over the quarters as [`Readings::spread`](super::Readings::spread) says.
    PercentPerYear {
        /// The rate.
        percent: Percent,
    },
    /// 1:N — at least N × (counted inspectors) distinct objects over the
    /// year, capped at the eligible population.
    InspectorRatioPerYear {
        /// N, objects per counted inspector.
        objects_per_inspector: PerInspector,
        /// Which inspectors count.
        counted: CountedInspectors,
    },
    /// Every eligible object at least once a year: the quarter draws
    /// ceil(not yet inspected ÷ quarters left).
    EveryObjectOncePerYear {},
    /// Every eligible object at least once in each cycle of `years` years,
    /// the cycles counted from `first_year` (Jiangxi: every b once every
    /// two years): the quarter draws ⌈not yet inspected in the cycle ÷
    /// quarters left in it⌉, and the stratum draws objects not yet
    /// inspected in the cycle first.
    EveryObjectOncePerCycle {
        /// The cycle's length, 2 or more (1 is `every_object_once_per_year`).
        years: u32,
        /// The first year of the first cycle.
        first_year: i32,
    },
    /// One of several minimums, where the document leaves the choice to
    /// the bureau (Jiangxi: 1:5 on-post officers **or** 20 % of class c a
    /// year). `chosen` (from 0) is the bureau's choice; the policy, and so
    /// every plan and its commitment, records it beside the options.
    OneOf {
        /// The document's options.
        options: Vec<Minimum>,
        /// The option the bureau chose, from 0.
        chosen: usize,
    },
}

impl Minimum {
    /// The minimum that applies: the chosen option of a [`Minimum::OneOf`],
    /// else the minimum itself. (A choice among choices is refused by
    /// validation; here the first level is followed.)
    pub fn in_force(&self) -> &Minimum {
        match self {
            Minimum::OneOf { options, chosen } => options.get(*chosen).unwrap_or(self),
            other => other,
        }
    }

    /// The first and last year of the cycle holding `year`, for a minimum
    /// over a cycle of years (in force); `None` for any other.
    pub fn cycle_of(&self, year: i32) -> Option<(i32, i32)> {
        let Minimum::EveryObjectOncePerCycle { years, first_year } = self.in_force() else { return None };
        let len = i32::try_from(*years).ok()?.max(1);
        let start = first_year + (year - first_year).div_euclid(len) * len;
        Some((start, start + len - 1))
    }

    /// Whether the minimum is stated for the year (so a stratum under it
    /// draws objects not yet inspected this year first).
    pub fn is_yearly(&self) -> bool {
        !matches!(self.in_force(), Minimum::PercentPerQuarter { .. } | Minimum::OneOf { .. })
    }

    /// The minimum in Chinese, as a Chinese report states it.
    pub fn zh(&self) -> String {
        match self {
            Minimum::PercentPerQuarter { percent } => format!("每季度不低于{percent}"),
            Minimum::PercentPerYear { percent } => format!("每年不低于{percent}"),
            Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
                format!("每年按执法人员1:{objects_per_inspector}（{}）", counted.zh())
            }
            Minimum::EveryObjectOncePerYear {} => "每年全覆盖检查一次".to_owned(),
            Minimum::EveryObjectOncePerCycle { years, first_year } => {
                format!("每{years}年全覆盖检查一次（自{first_year}年起计）")
            }
            Minimum::OneOf { options, .. } => {
                let all: Vec<String> = options.iter().map(Minimum::zh).collect();
                format!("{}（本单位的选择；文件规定为：{}）", self.in_force().zh(), all.join("或"))
            }
        }
    }
}

impl fmt::Display for Minimum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Minimum::PercentPerQuarter { percent } => write!(f, "≥ {percent} per quarter"),
            Minimum::PercentPerYear { percent } => write!(f, "≥ {percent} per year"),
            Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
                write!(f, "1:{objects_per_inspector} per year ({})", counted.en())
            }
            Minimum::EveryObjectOncePerYear {} => f.write_str("every object once a year"),
            Minimum::EveryObjectOncePerCycle { years, first_year } => {
                write!(f, "every object once every {years} years (cycles from {first_year})")
            }
            Minimum::OneOf { options, .. } => {
                let all: Vec<String> = options.iter().map(ToString::to_string).collect();
                write!(f, "{} (the bureau's choice of: {})", self.in_force(), all.join(" | "))
            }
        }
    }
}

pub(super) fn check_minimum(minimum: &Minimum, field: &str, bad: &mut impl FnMut(String, &str)) {
    match minimum {
        Minimum::PercentPerQuarter { percent } | Minimum::PercentPerYear { percent } => {
            if *percent > Percent::FULL {
                bad(format!("{field}.percent"), "is above 100 %");
            }
        }
        Minimum::InspectorRatioPerYear { objects_per_inspector, counted } => {
            if objects_per_inspector.is_zero() {
                bad(format!("{field}.objects_per_inspector"), "must be above 0 (a 1:0 ratio means nothing)");
            }
            if let CountedInspectors::WithExpertise { expertise } = counted {
                if expertise.trim().is_empty() {
                    bad(format!("{field}.counted.expertise"), "must name the expertise");
                }
            }
        }
        Minimum::EveryObjectOncePerYear {} => {}
        Minimum::EveryObjectOncePerCycle { years, .. } => {
            if *years < 2 {
                bad(
                    format!("{field}.years"),
                    "must be 2 or more (a cycle of one year is `every_object_once_per_year`)",
                );
            }
        }
        Minimum::OneOf { options, chosen } => {
            if options.len() < 2 {
                bad(format!("{field}.options"), "must list at least two minimums to choose from");
            }
            if *chosen >= options.len() {
                bad(format!("{field}.chosen"), "must be the place of one of the options, from 0");
            }
            for (i, option) in options.iter().enumerate() {
                if matches!(option, Minimum::OneOf { .. }) {
                    bad(format!("{field}.options[{i}]"), "must not itself be a choice");
                } else {
                    check_minimum(option, &format!("{field}.options[{i}]"), bad);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_up_by_default_and_stays_exact() {
        assert_eq!(Percent::whole(25).of(7, Rounding::Up), 2);
        assert_eq!(Percent::whole(25).of(7, Rounding::Down), 1);
        assert_eq!(Percent::whole(25).of(8, Rounding::Up), 2);
        assert_eq!(Percent::whole(5).of(61, Rounding::Up), 4);
        assert_eq!(Percent::from_basis_points(1250).to_string(), "12.5%");
    }

    #[test]
    fn percent_deserializes_two_decimals_and_rejects_more() {
        let p: Percent = serde_json::from_str("12.5").unwrap();
        assert_eq!(p.basis_points(), 1250);
        let p: Percent = serde_json::from_str("0.29").unwrap();
        assert_eq!(p.basis_points(), 29);
        assert!(serde_json::from_str::<Percent>("-1").is_err());
        assert!(serde_json::from_str::<Percent>("1.234").is_err());
    }
}
