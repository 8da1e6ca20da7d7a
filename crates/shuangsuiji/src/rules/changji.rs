//! Changji 2023 (`000`): 《2023年昌吉州生态环境执法"双随机、一公开"工作方案》.
//!
//! The one document sets rules for two levels: the prefecture's own bureau
//! (州本级), which draws over the whole prefecture, and each county or park
//! bureau (县市、园区), which draws over its own area.
//!
//! # Example: one county, both levels
//!
//! ```
//! use shuangsuiji::model::Category;
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//!
//! // A county with 40 key, 14 special and 600 general units; 9 officers in
//! // the county bureau and 9 in the prefecture's own (州本级).
//! let county = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(40, 14, 600, 9),
//!     policy: rules::changji::county_or_park(),
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![],
//!     seed_rule: None,
//!     month: None,
//!     seed: "73059812460917733531".into(),
//! };
//! let plan = plan_quarter(&county)?;
//! let drawn: Vec<(Category, u64, u64)> =
//!     plan.strata.iter().map(|s| (s.stratum.category, s.eligible, s.drawn)).collect();
//! // key: max(25 % of 40, 40 ÷ 4 quarters) = 10; special: 50 % of 14 = 7;
//! // general: 1:10 × 9 officers = 90 a year → ⌈90 ÷ 4⌉ = 23 this quarter.
//! assert_eq!(drawn, [(Category::Key, 40, 10), (Category::Special, 14, 7), (Category::General, 600, 23)]);
//!
//! // The prefecture level draws over the whole prefecture with its own officers:
//! // key 5 % of 40 = 2; special 25 % of 14 = 3.5 → 4; general 1:5 × 9 = 45 a year → 12.
//! let prefecture = PlanRequest {
//!     policy: rules::changji::prefecture(),
//!     units: vec![sample::PREFECTURE.into()],
//!     ..county
//! };
//! let plan = plan_quarter(&prefecture)?;
//! assert_eq!(plan.strata.iter().map(|s| s.drawn).collect::<Vec<_>>(), [2, 4, 12]);
//! assert!(plan.tasks.iter().all(|t| t.officers().iter().all(|o| o.starts_with("Z-"))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::policy::{source, ymd, Cadence, CountedInspectors, Minimum, Percent, Policy, PolicyLevel, Readings, Rule};
use crate::model::{Category, DateRange, Pool};

/// Short name of the document in every [`super::Source`].
pub const DOCUMENT: &str = "Changji 2023";

const KEY_QUOTE: &str = "州本级每季度至少对昌吉州行政辖区内5%的重点污单位进行抽查;县市(园区)生态环境部门每季度至少对本行政区25%的重点排污单位进行抽查(原则上应保证每年对辖区所有重点排污单位检查一遍)。";
const GENERAL_QUOTE: &str = "州本级至少按照1:5的比例(系统中执法部门的“双随机”执法人员数量:被抽查单位数量)确定年度被抽查单位数量;县市(园区)生态环境部门至少按照1:10的比例确定年度被抽查单位数量。";
const SPECIAL_QUOTE: &str = "州本级每季度至少对昌吉州行政区域25%的特殊监管对象进行抽查;县市(园区)生态环境部门每季度至少对本行政区50%的特殊监管对象进行抽查。";

/// The document covers the year 2023.
fn validity() -> DateRange {
    DateRange { from: ymd(2023, 1, 1), until: Some(ymd(2023, 12, 31)) }
}

/// Prefecture level (州本级): key 5 % a quarter, special 25 % a quarter,
/// general 1:5 a year over the prefecture's double-random officers.
pub fn prefecture() -> Policy {
    Policy {
        id: "changji-prefecture".into(),
        name: "Changji 2023, prefecture level (州本级)".into(),
        level: PolicyLevel::Prefecture,
        validity: validity(),
        rules: vec![
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(5) },
                source: source(DOCUMENT, "§四.1", KEY_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Special,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(25) },
                source: source(DOCUMENT, "§四.3", SPECIAL_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::General,
                minimum: Minimum::InspectorRatioPerYear {
                    objects_per_inspector: 5,
                    counted: CountedInspectors::CertifiedOfficers,
                },
                source: source(
                    DOCUMENT,
                    "§四.2",
                    GENERAL_QUOTE,
                    Some("\"the enforcement department's double-random officers in the system\" = the certified officers of the prefecture's own bureau in the inspector library"),
                ),
            },
        ],
        modifiers: Vec::new(),
        readings: Readings::default(),
        cadence: Cadence::Quarterly,
        assumptions: Vec::new(),
    }
}

/// County and park level (县市、园区): key 25 % a quarter and every key unit
/// once a year, special 50 % a quarter, general 1:10 a year; drawn each
/// month (000 §二（一）), the months together meeting the quarter's minimums.
pub fn county_or_park() -> Policy {
    Policy {
        id: "changji-county".into(),
        name: "Changji 2023, county and park level (县市、园区)".into(),
        level: PolicyLevel::CountyOrPark,
        validity: validity(),
        rules: vec![
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(25) },
                source: source(DOCUMENT, "§四.1", KEY_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::EveryObjectOncePerYear,
                source: source(
                    DOCUMENT,
                    "§四.1",
                    KEY_QUOTE,
                    Some("\"in principle every key unit once a year\" is enforced as a minimum: each quarter draws ceil(key units not yet inspected this year ÷ quarters left) when that exceeds 25 %"),
                ),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Special,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(50) },
                source: source(DOCUMENT, "§四.3", SPECIAL_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::General,
                minimum: Minimum::InspectorRatioPerYear {
                    objects_per_inspector: 10,
                    counted: CountedInspectors::CertifiedOfficers,
                },
                source: source(
                    DOCUMENT,
                    "§四.2",
                    GENERAL_QUOTE,
                    Some("the county ratio names no inspector set; the prefecture's (certified double-random officers of the drawing bureau) is applied"),
                ),
            },
        ],
        modifiers: Vec::new(),
        readings: Readings::default(),
        // 000 §二（一）: 各县市、园区每月通过……平台按比例抽取.
        cadence: Cadence::Monthly,
        assumptions: Vec::new(),
    }
}
