//! Zhongwei 2020 (`002`): 《中卫市生态环境监督执法正面清单实施方案》.
//!
//! Not a sampling regime but two modifiers of one: objects on the positive
//! list are supervised off-site (三（一）1), and key objects with good credit,
//! no violation in a year and stable online monitoring need not be key
//! double-random objects (三（一）2). In force 2020-03 to the end of 2020-09,
//! "根据形势要求适当延长" (二): [`positive_list`] takes the extension.
//! Combine it with a sampling policy by [`super::Policy::with_modifiers_of`].
//!
//! # Example: off-site while the list is in force
//!
//! ```
//! use shuangsuiji::model::{Category, DateRange};
//! use shuangsuiji::plan::Mode;
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//! use chrono::NaiveDate;
//!
//! // An illustrative county policy valid in 2020, under Zhongwei's positive list.
//! let mut base = rules::changji::county_or_park();
//! base.id = "illustrative-2020".into();
//! base.validity = DateRange { from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), until: None };
//! let policy = base.with_modifiers_of(&rules::zhongwei::positive_list(None));
//! // Every general unit is on the list from March to December 2020.
//! let listed = DateRange { from: NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(), until: NaiveDate::from_ymd_opt(2020, 12, 31) };
//! let registry = sample::with_positive_list(sample::county(8, 4, 40, 4), Category::General, 40, listed);
//! let mut request = PlanRequest {
//!     registry, policy, units: vec![sample::COUNTY.into()], quarter: "2020Q2".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![], format: Default::default(), seed_rule: None, month: None, seed: "20200413".into(),
//! };
//! let plan = plan_quarter(&request)?;
//! assert!(plan.tasks.iter().filter(|t| t.object.starts_with('G')).all(|t| t.mode == Mode::OffSite));
//! assert!(plan.tasks.iter().filter(|t| t.object.starts_with('K')).all(|t| t.mode == Mode::OnSite));
//! // After 2020-09-30 the list is no longer in force (unless extended): on site again.
//! request.quarter = "2020Q4".parse()?;
//! assert!(plan_quarter(&request)?.tasks.iter().all(|t| t.mode == Mode::OnSite));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::NaiveDate;

use super::policy::{source, ymd, Cadence, Modifier, Policy, PolicyLevel, Readings};
use crate::model::DateRange;

/// Short name of the document in every [`super::Source`].
pub const DOCUMENT: &str = "Zhongwei 2020";

const TIME_QUOTE: &str = "2020年3月至2020年9月底,根据形势要求适当延长。";
const OFFSITE_QUOTE: &str = "对纳入《中卫市监督执法正面清单》的企业尽可能通过非现场执法的方式开展执法监管,除信访举报核实等情形外,一般不进行现场执法检查。";
const CREDIT_QUOTE: &str = "对企业环境信用良好,一年内无环境违法行为记录,且在线监控数据稳定达标的企业,可不将其作为“双随机、一公开”重点监管对象,可以减少开展现场检查,以非现场执法的监管方式为主。";

/// The positive-list modifiers, in force 2020-03-01 to 2020-09-30, or to
/// `extended_until` when the city has extended them.
pub fn positive_list(extended_until: Option<NaiveDate>) -> Policy {
    let in_force = DateRange { from: ymd(2020, 3, 1), until: Some(extended_until.unwrap_or(ymd(2020, 9, 30))) };
    Policy {
        id: "zhongwei-positive-list".into(),
        name: "Zhongwei 2020 positive list (中卫市正面清单)".into(),
        level: PolicyLevel::CountyOrPark,
        validity: in_force,
        rules: Vec::new(),
        modifiers: vec![
            Modifier::PositiveListOffSite {
                in_force,
                source: source(DOCUMENT, "三（一）1; 二", OFFSITE_QUOTE, Some(TIME_QUOTE)),
            },
            Modifier::CreditDowngrade {
                in_force,
                violation_free_days: 365,
                source: source(
                    DOCUMENT,
                    "三（一）2",
                    CREDIT_QUOTE,
                    Some("a qualifying key object is drawn in the general stratum instead of the key one, and visited off-site; \"一年内\" = 365 days before the quarter starts"),
                ),
            },
        ],
        readings: Readings::default(),
        cadence: Cadence::Quarterly,
        assumptions: Vec::new(),
    }
}
