//! Fengdu 2024 (`001`): 《2024年丰都县生态环境"双随机、一公开"监管工作实施方案》.
//!
//! Key and special objects at least once a year each (§三（五）). The county
//! sets the frequency of general objects itself and the document gives no
//! number, so [`policy`] takes it as a required parameter.
//!
//! # Example: the county's own general-unit rate
//!
//! ```
//! use shuangsuiji::rules::{self, Minimum, Percent};
//! use shuangsuiji::{plan_quarter, sample, PlanRequest};
//!
//! // The county chooses 10 % of general units a quarter (the document leaves it open).
//! let policy = rules::fengdu::policy(Minimum::PercentPerQuarter { percent: Percent::whole(10) });
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(13, 6, 120, 4),
//!     policy,
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2024Q1".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![],
//!     seed_rule: None,
//!     month: None,
//!     seed: "20240308".into(),
//! };
//! let plan = plan_quarter(&request)?;
//! // key and special at least once a year: ⌈13 ÷ 4⌉ = 4, ⌈6 ÷ 4⌉ = 2; general 10 % of 120 = 12.
//! assert_eq!(plan.strata.iter().map(|s| s.drawn).collect::<Vec<_>>(), [4, 2, 12]);
//! // Without the county's choice there is no Fengdu policy at all:
//! assert!(rules::preset("fengdu").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::policy::{source, ymd, Cadence, Minimum, Percent, Policy, PolicyLevel, Readings, Rule};
use crate::model::{Category, DateRange, Pool};

/// Short name of the document in every [`super::Source`].
pub const DOCUMENT: &str = "Fengdu 2024";

const FREQUENCY_QUOTE: &str = "其中重点监管对象、特殊监管对象等2类随机抽查频次每年不低于1次。在安排随机抽查工作时，可按季度或月份针对不同类别监管对象设置不同的随机抽查比例。";

/// Fengdu's policy with the county's own minimum for general objects.
pub fn policy(general: Minimum) -> Policy {
    Policy {
        id: "fengdu".into(),
        name: "Fengdu 2024 (丰都县)".into(),
        level: PolicyLevel::CountyOrPark,
        validity: DateRange { from: ymd(2024, 1, 1), until: Some(ymd(2024, 12, 31)) },
        rules: vec![
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::EveryObjectOncePerYear,
                source: source(DOCUMENT, "§三（五）", FREQUENCY_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Special,
                minimum: Minimum::EveryObjectOncePerYear,
                source: source(DOCUMENT, "§三（五）", FREQUENCY_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::General,
                minimum: general,
                source: source(
                    DOCUMENT,
                    "§三（五）",
                    FREQUENCY_QUOTE,
                    Some("the document sets no number for general objects; this minimum is the county's own choice, given as a parameter"),
                ),
            },
        ],
        modifiers: Vec::new(),
        readings: Readings::default(),
        cadence: Cadence::Quarterly,
        assumptions: Vec::new(),
    }
}

/// [`policy`] with an illustrative 5 % of general objects per quarter.
/// The 5 % is **not** in the document; it is an example value.
pub fn example() -> Policy {
    let mut p = policy(Minimum::PercentPerQuarter { percent: Percent::whole(5) });
    p.id = "fengdu-example".into();
    p.name = "Fengdu 2024 (丰都县), general units at an illustrative 5 % per quarter".into();
    p
}
