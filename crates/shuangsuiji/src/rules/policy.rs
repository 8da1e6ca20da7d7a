//! The policy's data types: [`Policy`], its [`Rule`]s and [`Minimum`]s,
//! [`Modifier`]s, [`Readings`] and the [`Source`] every number carries;
//! parsing from JSON or TOML and validation.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::matter::{check_matters, Matter, MatterForm};
use super::minimum::{check_minimum, Minimum, Percent, Rounding};
use super::source::{check_check_items, check_source, check_window, CheckItems, MonthWindow, Source};
use crate::model::{Category, Class, Credit, DateRange, Pool, Quarter, RegulatedObject};

/// A minimum for the objects of one class in one pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The pool.
    pub pool: Pool,
    /// The class within the pool: a national category (`key`), or one of
    /// the policy's own [`Classes`] (`a`). The field keeps the name it has
    /// always had.
    pub category: Class,
    /// The minimum.
    pub minimum: Minimum,
    /// "Never the same object twice" while others remain (Jianghan:
    /// 不重复抽查): the stratum draws objects never randomly inspected
    /// before — in any earlier year the history holds — first.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_repeat: bool,
    /// Where it comes from.
    pub source: Source,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Objects meeting any of these criteria fall in a risk tier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskCriteria {
    /// At least this many complaints (投诉举报多).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_complaints: Option<u32>,
    /// Credit rating at or below this one (信用评价等级低).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_at_or_below: Option<Credit>,
    /// A violation within this many days before the quarter starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation_within_days: Option<u32>,
}

/// A change to who is drawn, or how a drawn object is visited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum Modifier {
    /// Objects on the positive list (正面清单), while both the list and the
    /// object's listing are in force, get off-site tasks (002 三（一）1,
    /// 003 四（二）4).
    PositiveListOffSite {
        /// When the list is in force.
        in_force: DateRange,
        /// Where it comes from.
        source: Source,
    },
    /// Key objects with good credit, no violation within
    /// `violation_free_days`, and stable online monitoring leave the key
    /// stratum (drawn as general) and are supervised off-site (002 三（一）2).
    CreditDowngrade {
        /// When the modifier is in force.
        in_force: DateRange,
        /// Days without a violation (a year: 365).
        violation_free_days: u32,
        /// Where it comes from.
        source: Source,
    },
    /// Objects meeting `criteria` form their own stratum in each listed
    /// category, drawn at no less than `percent_per_quarter` (nor less than
    /// the category's own rules).
    RiskTier {
        /// Name of the tier (e.g. `high-complaints`).
        name: String,
        /// The tier's public name, used instead of `name` in stratum names,
        /// seed strings and every public record (e.g. `t1`). A stratum's
        /// members are public, so a descriptive name tells who meets a
        /// credit or complaint criterion; a neutral label does not.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Who falls in the tier.
        criteria: RiskCriteria,
        /// Categories the tier applies to.
        categories: Vec<Category>,
        /// The raised rate.
        percent_per_quarter: Percent,
        /// Where it comes from.
        source: Source,
    },
}

impl Modifier {
    /// Where the modifier comes from.
    pub fn source(&self) -> &Source {
        match self {
            Modifier::PositiveListOffSite { source, .. }
            | Modifier::CreditDowngrade { source, .. }
            | Modifier::RiskTier { source, .. } => source,
        }
    }

    /// A risk tier's public name: its `label`, or else its `name`; `None`
    /// for other modifiers.
    pub fn tier_name(&self) -> Option<&str> {
        match self {
            Modifier::RiskTier { name, label, .. } => Some(label.as_deref().unwrap_or(name)),
            _ => None,
        }
    }
}

/// How a yearly total spreads over quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// ceil((yearly total − done this year) ÷ quarters left, this one
    /// included). Front-loads the remainder, so the year ends on target.
    EvenOverRemainingQuarters,
}

/// What to do with an object another level (or another campaign) has
/// visited, or plans to visit, in the same quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OtherLevelVisits {
    /// Mutual recognition (互认, 001 §二): if this draw hits the object, the
    /// visit is made jointly, once; it counts toward this level's minimum,
    /// and other levels' inspections this year count toward yearly rules.
    JointAndCount,
    /// The object is set aside before the draw and another drawn; other
    /// levels' inspections never count toward this level's minimums.
    SetAside,
}

/// The readings taken where the documents are ambiguous, made visible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Readings {
    /// Rounding of percentages.
    pub rounding: Rounding,
    /// Spreading of yearly totals.
    pub spread: Spread,
    /// Visits by other levels.
    pub other_levels: OtherLevelVisits,
}

impl Default for Readings {
    fn default() -> Self {
        Readings {
            rounding: Rounding::Up,
            spread: Spread::EvenOverRemainingQuarters,
            other_levels: OtherLevelVisits::JointAndCount,
        }
    }
}

/// How often a document has its bureaus draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// One draw a quarter, its tasks spread over the months.
    #[default]
    Quarterly,
    /// One draw a month, the three together meeting the quarter's minimums.
    Monthly,
    /// One draw a year (Guangzhou's outfalls, "once in the year"): a yearly
    /// minimum's whole remainder is drawn in the first quarter planned
    /// that has an open month, not spread over the quarters.
    Yearly,
}

impl Cadence {
    /// Whether this is the default, quarterly.
    pub fn is_quarterly(&self) -> bool {
        *self == Cadence::Quarterly
    }
}

/// The classes a document names itself (Jiangxi's a, b, c) in place of
/// the national categories, and how an object gets one: it carries the
/// class's name among its tags (标签), as the class lists the bureau
/// publishes each January are entered. An eligible object of a drawing
/// unit with none of the names, or more than one, is refused by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classes {
    /// The classes, in the document's order.
    pub names: Vec<String>,
    /// Where the document names them.
    pub source: Source,
}

/// The day by which a period's draw must be made: on or before day
/// `by_day` of the period's first month (a quarter's first month; a
/// monthly draw's month). A draw made earlier — in the month before —
/// keeps it. A request drawn later states why (`late_reason`), and the
/// plan carries the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawWindow {
    /// The last day of the first month the draw may be made on (1–31; a
    /// shorter month ends it on its last day).
    pub by_day: u32,
    /// Where the document sets it.
    pub source: Source,
}

impl DrawWindow {
    /// The last day a draw of the period starting on `first_day` may be
    /// made on.
    pub fn deadline(&self, first_day: NaiveDate) -> NaiveDate {
        // A month shorter than `by_day` ends the window on its last day.
        (1..=self.by_day).rev().find_map(|day| first_day.with_day(day)).unwrap_or(first_day)
    }
}

/// Which level a policy is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyLevel {
    /// The prefecture's own bureau (州本级), drawing over the whole
    /// prefecture with its own officers.
    Prefecture,
    /// A county or park bureau (县市、园区), drawing over its own area with
    /// its own officers.
    CountyOrPark,
}

impl PolicyLevel {
    /// The level's Chinese name, as the documents write it.
    pub fn zh(self) -> &'static str {
        match self {
            PolicyLevel::Prefecture => "州本级",
            PolicyLevel::CountyOrPark => "县市、园区",
        }
    }
}

/// What one document demands of one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Short machine name, e.g. `changji-county`.
    #[schemars(length(min = 1), pattern(r"\S"))]
    pub id: String,
    /// Human name.
    pub name: String,
    /// The level it is written for.
    pub level: PolicyLevel,
    /// Quarters it may plan: a quarter must overlap this range.
    pub validity: DateRange,
    /// The minimums.
    pub rules: Vec<Rule>,
    /// Modifiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
    /// The readings taken.
    #[serde(default)]
    pub readings: Readings,
    /// How often the document has its bureaus draw: each quarter (the
    /// default), or each month (Changji's counties and parks, 000 §二（一）).
    /// A monthly policy can still be drawn a quarter at once (the months
    /// then spread); a plan says when it is not drawn as the document asks.
    #[serde(default, skip_serializing_if = "Cadence::is_quarterly")]
    pub cadence: Cadence,
    /// The months its objects may be inspected in; `None`: every month. A
    /// quarter with none of them draws nothing under the rules, a yearly
    /// minimum spreads over the quarters that have some, and a drawn
    /// task's month is one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<MonthWindow>,
    /// The document's own classes; `None` for the national categories
    /// (重点/特殊/一般), which every object carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Classes>,
    /// The document's matters (抽查事项): pools of its own, each taking the
    /// library's objects its filter picks; rules name them by id as their
    /// `pool`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matters: Vec<Matter>,
    /// When the draw must be made (Guangzhou: within the first 15 days of
    /// the quarter's first month); `None` where the document sets no day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw_window: Option<DrawWindow>,
    /// The document's check items and how the tasks share them; `None`
    /// where the document gives no list (its tasks then name none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_items: Option<CheckItems>,
    /// Assumptions the user made about this policy beyond its document,
    /// recorded so every plan drawn under it says so (e.g. "assumed valid
    /// in 2027"; see [`Policy::assume_valid`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// A problem with a policy. Each names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A field has an impossible value.
    #[error("policy `{policy}`: {field}: {problem}")]
    Invalid {
        /// The policy's id.
        policy: String,
        /// Path of the field, e.g. `rules[2].minimum.percent`.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// The policy does not cover the quarter asked for.
    #[error("policy `{policy}` is valid {from} to {until}; {quarter} lies outside it (if the bureau still applies the document in {}, record that as an assumption of the plan, or extend `validity` in a policy file)", quarter.year())]
    OutOfValidity {
        /// The policy's id.
        policy: String,
        /// The quarter asked for.
        quarter: Quarter,
        /// Start of validity.
        from: NaiveDate,
        /// End of validity, or `open`.
        until: String,
    },
    /// The text is not a policy.
    #[error("policy file: {0}")]
    Parse(String),
    /// A policy with modifiers and no rules (the Zhongwei positive list) on
    /// its own: it draws nothing.
    #[error("policy `{policy}` has no rules of its own, only modifiers ({modifiers}): combine it with a base policy, e.g. `changji-county+{policy}`")]
    NoRules {
        /// The policy's id.
        policy: String,
        /// What its modifiers do.
        modifiers: String,
    },
    /// A policy added to a base brings rules of its own.
    #[error("`{added}` has rules of its own: only a policy of modifiers (e.g. `zhongwei-positive-list`) can be added to `{base}`")]
    NotModifiersOnly {
        /// The base policy.
        base: String,
        /// The policy added.
        added: String,
    },
    /// No preset of that name.
    #[error("no preset named `{name}`; known presets: {known}")]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: String,
    },
}

impl Policy {
    /// Reads a policy from JSON and validates it.
    ///
    /// # Errors
    /// [`PolicyError::Parse`] naming the line, column and field for text
    /// that is not a policy; [`PolicyError::Invalid`] for the first
    /// impossible value (see [`Policy::validate`] for all of them).
    pub fn from_json(text: &str) -> Result<Policy, Vec<PolicyError>> {
        let policy: Policy = serde_json::from_str(text).map_err(|e| vec![PolicyError::Parse(e.to_string())])?;
        policy.validate()?;
        Ok(policy)
    }

    /// Reads a policy from TOML and validates it.
    ///
    /// # Errors
    /// As [`Policy::from_json`].
    pub fn from_toml(text: &str) -> Result<Policy, Vec<PolicyError>> {
        let policy: Policy = toml::from_str(text).map_err(|e| vec![PolicyError::Parse(e.to_string())])?;
        policy.validate()?;
        Ok(policy)
    }

    /// Checks every field; reports every problem.
    ///
    /// # Errors
    /// One [`PolicyError::Invalid`] per problem: a percent above 100, a 1:N
    /// with N = 0, two rules with the same pool, category and kind, an empty
    /// risk tier, two risk tiers with the same name, a validity that ends
    /// before it starts, a blank source.
    pub fn validate(&self) -> Result<(), Vec<PolicyError>> {
        let mut errors = Vec::new();
        let mut bad = |field: String, problem: &str| {
            errors.push(PolicyError::Invalid { policy: self.id.clone(), field, problem: problem.to_owned() });
        };
        if self.id.trim().is_empty() {
            bad("id".into(), "must not be blank");
        }
        if let Some(until) = self.validity.until {
            if until < self.validity.from {
                bad("validity.until".into(), "ends before validity.from");
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            check_minimum(&rule.minimum, &format!("rules[{i}].minimum"), &mut bad);
            check_source(&rule.source, &format!("rules[{i}].source"), &mut bad);
            let twin = self.rules.iter().take(i).any(|r| {
                r.pool == rule.pool
                    && r.category == rule.category
                    && std::mem::discriminant(&r.minimum) == std::mem::discriminant(&rule.minimum)
            });
            if twin {
                bad(
                    format!("rules[{i}]"),
                    "repeats the kind of minimum of an earlier rule for the same pool and category",
                );
            }
        }
        for (i, m) in self.modifiers.iter().enumerate() {
            match m {
                Modifier::PositiveListOffSite { source, .. } | Modifier::CreditDowngrade { source, .. } => {
                    check_source(source, &format!("modifiers[{i}].source"), &mut bad);
                }
                Modifier::RiskTier { name, label, criteria, categories, percent_per_quarter, source } => {
                    check_source(source, &format!("modifiers[{i}].source"), &mut bad);
                    if name.trim().is_empty() {
                        bad(format!("modifiers[{i}].name"), "must not be blank");
                    }
                    if label.as_ref().is_some_and(|l| l.trim().is_empty() || l.contains(['|', '/'])) {
                        bad(format!("modifiers[{i}].label"), "must not be blank or hold `|` or `/`");
                    }
                    let public = m.tier_name();
                    let twin = self
                        .modifiers
                        .iter()
                        .take(i)
                        .any(|earlier| earlier.tier_name().is_some() && earlier.tier_name() == public);
                    if twin {
                        // The public name is the stratum's: two tiers sharing
                        // it would be one stratum with two rates.
                        let field = if label.is_some() { "label" } else { "name" };
                        bad(format!("modifiers[{i}].{field}"), "repeats the name of an earlier risk tier");
                    }
                    if criteria == &RiskCriteria::default() {
                        bad(
                            format!("modifiers[{i}].criteria"),
                            "names no criterion, so every object would be in the tier",
                        );
                    }
                    if categories.is_empty() {
                        bad(format!("modifiers[{i}].categories"), "must name at least one category");
                    }
                    if *percent_per_quarter > Percent::FULL {
                        bad(format!("modifiers[{i}].percent_per_quarter"), "is above 100 %");
                    }
                }
            }
        }
        self.check_classes(&mut bad);
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.no_repeat && !rule.minimum.is_yearly() {
                bad(
                    format!("rules[{i}].no_repeat"),
                    "orders the draw of a minimum over a year or a cycle; this rule's minimum is per quarter",
                );
            }
        }
        if let Some(window) = &self.months {
            check_window(window, "months", &mut bad);
        }
        check_matters(&self.matters, &mut bad);
        if let Some(window) = &self.draw_window {
            check_source(&window.source, "draw_window.source", &mut bad);
            if !(1..=31).contains(&window.by_day) {
                bad("draw_window.by_day".into(), "must be a day of the month, 1 to 31");
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if rule.pool.is_matter() && self.matter(&rule.pool).is_none() {
                bad(
                    format!("rules[{i}].pool"),
                    "is neither pollution, radiation nor hazardous_waste, nor the id of one of `matters`",
                );
            }
        }
        if let Some(list) = &self.check_items {
            check_check_items(list, "check_items", &mut bad);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The classes' faults: a document's own classes named once each, each
    /// a valid name; every rule's class one of them (or, without them, a
    /// national category); no modifier, which is written for the national
    /// categories.
    fn check_classes(&self, bad: &mut impl FnMut(String, &str)) {
        let Some(classes) = &self.classes else {
            for (i, rule) in self.rules.iter().enumerate() {
                if rule.category.category().is_none() {
                    bad(
                        format!("rules[{i}].category"),
                        "is not key, special or general: name the document's own classes in `classes`",
                    );
                }
            }
            return;
        };
        check_source(&classes.source, "classes.source", bad);
        if classes.names.is_empty() {
            bad("classes.names".into(), "must name at least one class");
        }
        for (i, name) in classes.names.iter().enumerate() {
            match name.parse::<Class>() {
                Ok(Class::Named(_)) => {}
                Ok(Class::Category(_)) => {
                    bad(format!("classes.names[{i}]"), "is a national category: leave `classes` out to use those")
                }
                Err(_) => {
                    bad(format!("classes.names[{i}]"), "must not be blank, longer than 32 bytes, or hold `|` or `/`")
                }
            }
            if classes.names.iter().take(i).any(|earlier| earlier == name) {
                bad(format!("classes.names[{i}]"), "repeats an earlier class");
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            if !classes.names.iter().any(|n| rule.category == Class::named(n)) {
                bad(format!("rules[{i}].category"), "is not one of `classes.names`");
            }
        }
        for (i, m) in self.modifiers.iter().enumerate() {
            if matches!(m, Modifier::CreditDowngrade { .. } | Modifier::RiskTier { .. }) {
                bad(
                    format!("modifiers[{i}]"),
                    "moves objects between national categories, which a policy of its own classes does not use",
                );
            }
        }
    }

    /// Checks that the policy may plan `quarter`.
    ///
    /// # Errors
    /// [`PolicyError::OutOfValidity`] when the quarter does not overlap the
    /// policy's validity. Never falls back silently.
    pub fn check_validity(&self, quarter: Quarter) -> Result<(), PolicyError> {
        if self.validity.overlaps(quarter.first_day(), quarter.last_day()) {
            return Ok(());
        }
        Err(PolicyError::OutOfValidity {
            policy: self.id.clone(),
            quarter,
            from: self.validity.from,
            until: self.validity.until.map_or_else(|| "open".to_owned(), |d| d.to_string()),
        })
    }

    /// This policy with `other`'s modifiers added (e.g. a county policy
    /// under the Zhongwei positive-list regime).
    pub fn with_modifiers_of(mut self, other: &Policy) -> Policy {
        self.modifiers.extend(other.modifiers.iter().cloned());
        self
    }

    /// This policy assumed to hold in `year` too: its validity is widened
    /// to cover the year and the assumption is recorded in
    /// [`Policy::assumptions`] (and so in every plan and report). For a
    /// bureau still applying, say, Changji's 2023 document in 2027.
    pub fn assume_valid(mut self, year: i32) -> Policy {
        let own = format!(
            "{}–{}",
            self.validity.from,
            self.validity.until.map_or_else(|| "open".to_owned(), |d| d.to_string())
        );
        let (first, last) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
        if let (Some(first), Some(last)) = (first, last) {
            self.validity.from = self.validity.from.min(first);
            self.validity.until = self.validity.until.map(|u| u.max(last));
        }
        self.assumptions.push(format!("assumed valid in {year}: the document's own validity is {own}"));
        self
    }

    /// The Chinese wording of an assumption [`Policy::assume_valid`]
    /// recorded, for `--lang zh` output (a plan keeps the English text,
    /// which is part of its bytes); `None` for any other text.
    ///
    /// ```
    /// use shuangsuiji::rules::{self, Policy};
    /// let policy = rules::preset("changji-county")?.assume_valid(2027);
    /// assert_eq!(
    ///     Policy::assumption_zh(&policy.assumptions[0]).as_deref(),
    ///     Some("2027 年沿用本文件（文件本身的有效期为 2023-01-01–2023-12-31）"),
    /// );
    /// assert_eq!(Policy::assumption_zh("something else"), None);
    /// # Ok::<(), rules::PolicyError>(())
    /// ```
    pub fn assumption_zh(assumption: &str) -> Option<String> {
        let rest = assumption.strip_prefix("assumed valid in ")?;
        let (year, rest) = rest.split_once(": the document's own validity is ")?;
        let own = rest.strip_suffix("–open").map_or_else(|| rest.to_owned(), |from| format!("{from} 起长期有效"));
        Some(format!("{year} 年沿用本文件（文件本身的有效期为 {own}）"))
    }

    /// Whether the policy draws anything: it has rules.
    ///
    /// # Errors
    /// [`PolicyError::NoRules`] for a policy of modifiers alone, naming what
    /// to combine it with.
    pub fn check_has_rules(&self) -> Result<(), PolicyError> {
        if !self.rules.is_empty() {
            return Ok(());
        }
        let modifiers: Vec<&str> = self
            .modifiers
            .iter()
            .map(|m| match m {
                Modifier::PositiveListOffSite { .. } => "positive list → off-site",
                Modifier::CreditDowngrade { .. } => "credit downgrade",
                Modifier::RiskTier { .. } => "risk tier",
            })
            .collect();
        Err(PolicyError::NoRules { policy: self.id.clone(), modifiers: modifiers.join(", ") })
    }

    /// Every [`Source`] of the policy with the path of its field, rules
    /// first, then modifiers: `rules[2].source`.
    pub fn sources(&self) -> impl Iterator<Item = (String, &Source)> {
        let rules = self.rules.iter().enumerate().map(|(i, r)| (format!("rules[{i}].source"), &r.source));
        let modifiers = self.modifiers.iter().enumerate().map(|(i, m)| (format!("modifiers[{i}].source"), m.source()));
        let classes = self.classes.iter().map(|c| ("classes.source".to_owned(), &c.source));
        let months = self.months.iter().map(|m| ("months.source".to_owned(), &m.source));
        let items = self.check_items.iter().flat_map(|c| {
            let each_year = c.each_year.iter().map(|s| ("check_items.each_year".to_owned(), s));
            std::iter::once(("check_items.source".to_owned(), &c.source)).chain(each_year)
        });
        let matters = self.matters.iter().enumerate().flat_map(|(i, m)| {
            let months = m.months.iter().map(move |w| (format!("matters[{i}].months.source"), &w.source));
            let form = m.form.iter().map(move |f| (format!("matters[{i}].form.source"), &f.source));
            let items = m.check_items.iter().flat_map(move |c| {
                let each_year = c.each_year.iter().map(move |s| (format!("matters[{i}].check_items.each_year"), s));
                std::iter::once((format!("matters[{i}].check_items.source"), &c.source)).chain(each_year)
            });
            std::iter::once((format!("matters[{i}].source"), &m.source)).chain(months).chain(form).chain(items)
        });
        let window = self.draw_window.iter().map(|w| ("draw_window.source".to_owned(), &w.source));
        rules.chain(modifiers).chain(months).chain(classes).chain(matters).chain(window).chain(items)
    }

    /// This policy with its validity, and every modifier in force at its
    /// end, extended to `until`: a document that allows its own extension
    /// (Zhongwei 2020 二: 根据形势要求适当延长), extended by the bureau. The
    /// new dates are part of the policy, so every plan shows them.
    pub fn extended_until(mut self, until: NaiveDate) -> Policy {
        let old_end = self.validity.until;
        self.validity.until = Some(until);
        for modifier in &mut self.modifiers {
            if let Modifier::PositiveListOffSite { in_force, .. } | Modifier::CreditDowngrade { in_force, .. } =
                modifier
            {
                if in_force.until.is_some() && in_force.until == old_end {
                    in_force.until = Some(until);
                }
            }
        }
        self
    }

    /// The rules for one stratum.
    pub fn rules_for<'p>(&'p self, pool: &'p Pool, class: &'p Class) -> impl Iterator<Item = &'p Rule> {
        self.rules.iter().filter(move |r| r.pool == *pool && r.category == *class)
    }

    /// The matter whose pool `pool` is, if the policy names it.
    pub fn matter(&self, pool: &Pool) -> Option<&Matter> {
        let Pool::Matter(id) = pool else { return None };
        self.matters.iter().find(|m| m.id == id.as_str())
    }

    /// The pools objects are sorted into: the three national ones, then
    /// the policy's matters in its order.
    pub fn pools(&self) -> Vec<Pool> {
        Pool::NATIONAL.into_iter().chain(self.matters.iter().map(|m| Pool::matter(&m.id))).collect()
    }

    /// The expertise a visit in `pool` needs on the team, if any: the
    /// national pool's, or the matter's.
    pub fn expertise_for<'p>(&'p self, pool: &Pool) -> Option<&'p str> {
        match self.matter(pool) {
            Some(m) => m.expertise.as_deref(),
            None => pool.required_expertise(),
        }
    }

    /// The form a visit covering `pools` takes by its matters, where every
    /// one of them is a matter of a form other than on site (the first's,
    /// with its clause); `None` where any is inspected on site.
    pub fn matters_form<'p>(&'p self, pools: impl IntoIterator<Item = &'p Pool>) -> Option<&'p MatterForm> {
        let mut forms = pools.into_iter().map(|p| self.matter(p).and_then(|m| m.form.as_ref()));
        let first = forms.next()??;
        forms.all(|f| f.is_some()).then_some(first)
    }

    /// The month window of `pool`: its matter's, else the policy's.
    pub fn window(&self, pool: &Pool) -> Option<&MonthWindow> {
        self.matter(pool).and_then(|m| m.months.as_ref()).or(self.months.as_ref())
    }

    /// Whether `pool`'s objects may be inspected in `month`.
    pub fn allows_month(&self, pool: &Pool, month: u32) -> bool {
        self.window(pool).is_none_or(|w| w.months.contains(&month))
    }

    /// The months of `quarter` `pool`'s objects may be inspected in.
    pub fn open_months(&self, pool: &Pool, quarter: Quarter) -> Vec<u32> {
        quarter.months().into_iter().filter(|m| self.allows_month(pool, *m)).collect()
    }

    /// Quarters left in `quarter`'s year, this one included, that have a
    /// month `pool`'s objects may be inspected in: what a yearly minimum is
    /// spread over (one, under a yearly cadence: the year is drawn at once).
    pub fn quarters_left(&self, pool: &Pool, quarter: Quarter) -> u64 {
        let open = (quarter.number()..=4)
            .filter_map(|q| Quarter::new(quarter.year(), q).ok())
            .filter(|q| !self.open_months(pool, *q).is_empty())
            .count() as u64;
        if self.cadence == Cadence::Yearly {
            open.min(1)
        } else {
            open
        }
    }

    /// Quarters left in the cycle of `first_year`/`years` holding `quarter`
    /// (this one included) that have a month `pool`'s objects may be
    /// inspected in.
    pub fn cycle_quarters_left(&self, pool: &Pool, quarter: Quarter, last_year: i32) -> u64 {
        let open_a_year = Quarter::new(quarter.year(), 1).map_or(4, |q1| self.quarters_left(pool, q1));
        let later_years = u64::try_from(last_year - quarter.year()).unwrap_or(0);
        self.quarters_left(pool, quarter) + later_years * open_a_year
    }

    /// The first day of the earliest cycle a rule counts over at
    /// `quarter` (`None` without a rule over a cycle of years): how far
    /// back the history matters.
    pub fn cycle_start(&self, quarter: Quarter) -> Option<NaiveDate> {
        let first =
            self.rules.iter().filter_map(|r| r.minimum.cycle_of(quarter.year())).map(|(start, _)| start).min()?;
        NaiveDate::from_ymd_opt(first, 1, 1)
    }

    /// Whether a rule for the stratum of `pool` and `class` draws objects
    /// never inspected before first (`no_repeat`).
    pub fn no_repeat(&self, pool: &Pool, class: &Class) -> bool {
        self.rules_for(pool, class).any(|r| r.no_repeat)
    }

    /// The classes objects fall in under this policy, in order: its own
    /// [`Classes`], or the three national categories.
    pub fn class_list(&self) -> Vec<Class> {
        match &self.classes {
            Some(classes) => classes.names.iter().map(|n| Class::named(n)).collect(),
            None => Category::ALL.iter().map(|c| Class::Category(*c)).collect(),
        }
    }

    /// Whether `pool` takes `object`: a member of a national pool, or
    /// picked by the matter's filter (a matter the policy does not name
    /// takes nothing).
    pub fn takes(&self, object: &RegulatedObject, pool: &Pool) -> bool {
        match pool {
            Pool::Matter(_) => self.matter(pool).is_some_and(|m| m.objects.matches(object)),
            national => object.category_in(national).is_some(),
        }
    }

    /// The place in [`Policy::class_list`] of the class `object` has in
    /// `pool` (before any modifier): its category there, or the one of the
    /// policy's own classes among its tags; `None` when the pool does not
    /// take it, or it carries none or several of the classes' names.
    pub fn class_index(&self, object: &RegulatedObject, pool: &Pool) -> Option<usize> {
        if !self.takes(object, pool) {
            return None;
        }
        let category = object.category_in(pool)?;
        let Some(classes) = &self.classes else { return Some(category as usize) };
        let tags = &object.tags.as_ref()?.free;
        let mut found = classes.names.iter().enumerate().filter(|(_, n)| tags.contains(n.as_str()));
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }
}

/// A base policy with the modifiers of the policies after it: the CLI's
/// `--policy changji-county+zhongwei-positive-list`. The result's id joins
/// the ids with `+`, so the plan records the combination; its rules,
/// level, validity and readings are the base's.
///
/// # Errors
/// [`PolicyError::NoRules`] when the base has no rules;
/// [`PolicyError::NotModifiersOnly`] when a policy added has rules.
pub fn combine(policies: &[Policy]) -> Result<Policy, PolicyError> {
    let Some((base, added)) = policies.split_first() else {
        return Err(PolicyError::Parse("no policy given".into()));
    };
    base.check_has_rules()?;
    let mut combined = base.clone();
    for other in added {
        if !other.rules.is_empty() {
            return Err(PolicyError::NotModifiersOnly { base: base.id.clone(), added: other.id.clone() });
        }
        combined = combined.with_modifiers_of(other);
        combined.id = format!("{}+{}", combined.id, other.id);
        combined.name = format!("{} + {}", combined.name, other.name);
        combined.assumptions.extend(other.assumptions.iter().cloned());
    }
    Ok(combined)
}
