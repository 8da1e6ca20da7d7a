//! Wangcheng 2021 (`003`): 《长沙市望城区优化生态环境执法方式提高执法效能实施方案》.
//!
//! Three pools (四（二）3): pollution sources, radiation units and
//! hazardous-waste units. The radiation and hazardous-waste rates state no
//! period; [`RatePeriod`] makes that reading a parameter.
//!
//! # Example: three pools, one visit per company
//!
//! ```
//! use shuangsuiji::model::{Category, Pool};
//! use shuangsuiji::rules::wangcheng::{self, RatePeriod};
//! use shuangsuiji::{plan_quarter, sample, PlanRequest};
//!
//! // 8 key, 4 special, 100 general pollution sources; 2 key units are also key
//! // radiation and hazardous-waste units; 6 general ones are radiation units and
//! // 20 hazardous-waste units. 5 officers on post.
//! let registry = sample::county(8, 4, 100, 5);
//! let registry = sample::with_pools(registry, Category::Key, 2, 2);
//! let registry = sample::with_pools(registry, Category::General, 6, 20);
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry,
//!     policy: wangcheng::policy(RatePeriod::Year),
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2022Q1".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![],
//!     seed_rule: None,
//!     month: None,
//!     seed: "20220101".into(),
//! };
//! let plan = plan_quarter(&request)?;
//! let line = |pool, category| plan.strata.iter().find(|s| s.stratum.pool == pool && s.stratum.category == category).unwrap().drawn;
//! assert_eq!(line(Pool::Pollution, Category::Key), 2);          // 25 % of 8
//! assert_eq!(line(Pool::Pollution, Category::General), 13);     // 1:10 × 5 = 50 a year → ⌈50 ÷ 4⌉
//! assert_eq!(line(Pool::Radiation, Category::Key), 1);          // 100 % of 2 a year → ⌈2 ÷ 4⌉
//! assert_eq!(line(Pool::Radiation, Category::General), 1);      // 50 % of 6 = 3 a year → 1
//! assert_eq!(line(Pool::HazardousWaste, Category::General), 1); // 5 % of 20 = 1 a year → 1
//! // A company drawn in several pools is visited once, by a team with the expertise.
//! for t in plan.tasks.iter().filter(|t| t.pools.contains(&Pool::Radiation)) {
//!     assert!(t.expertise.contains("radiation"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

use super::policy::{
    source, ymd, Cadence, CountedInspectors, Minimum, Modifier, Percent, Policy, PolicyLevel, Readings, Rule,
};
use crate::model::{Category, DateRange, Pool};

/// Short name of the document in every [`super::Source`].
pub const DOCUMENT: &str = "Wangcheng 2021";

const POLLUTION_QUOTE: &str = "(1)污染源随机抽查,按照重点监管单位和特殊监管单位每季度不低于25%的比例抽取,一般监管单位至少按照1:10的比例确定(在编在岗的环境执法人员数量:被抽查单位数量。";
const RADIATION_QUOTE: &str = "(2)辐射单位随机抽查,按照重点监管单位抽取比例100%,一般监管单位抽取比例50%。";
const WASTE_QUOTE: &str = "(3)危险废物单位随机抽查,按照重点单位抽查比例100%,一般单位抽查比例不低于5%。";
const POSITIVE_QUOTE: &str =
    "对正面清单内的企业原则上只开展非现场监管,采取在线监控、视频监控、无人机巡查等方式,减少现场检查频次。";

/// The period of the radiation and hazardous-waste rates, which 四（二）3(2)
/// and 3(3) do not state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatePeriod {
    /// Per year: the natural reading (100 % of key radiation units a
    /// quarter would mean visiting each one four times a year).
    Year,
    /// Per quarter, like the pollution-source rates beside them.
    Quarter,
}

/// Wangcheng's policy, with the chosen reading of the radiation and
/// hazardous-waste period.
pub fn policy(period: RatePeriod) -> Policy {
    let reading = match period {
        RatePeriod::Year => {
            "no period is stated; read as per year (the natural reading for 100 %), spread over the quarters"
        }
        RatePeriod::Quarter => "no period is stated; read as per quarter, like the pollution-source rates in 3(1)",
    };
    let rate = |percent: u32| match period {
        RatePeriod::Year => Minimum::PercentPerYear { percent: Percent::whole(percent) },
        RatePeriod::Quarter => Minimum::PercentPerQuarter { percent: Percent::whole(percent) },
    };
    let (id, name) = match period {
        RatePeriod::Year => ("wangcheng", "Wangcheng 2021 (望城区), radiation and hazardous-waste rates per year"),
        RatePeriod::Quarter => {
            ("wangcheng-quarterly", "Wangcheng 2021 (望城区), radiation and hazardous-waste rates per quarter")
        }
    };
    Policy {
        id: id.into(),
        name: name.into(),
        level: PolicyLevel::CountyOrPark,
        validity: DateRange { from: ymd(2021, 6, 29), until: None },
        rules: vec![
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(25) },
                source: source(DOCUMENT, "四（二）3(1)", POLLUTION_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Special,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(25) },
                source: source(DOCUMENT, "四（二）3(1)", POLLUTION_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::General,
                minimum: Minimum::InspectorRatioPerYear {
                    objects_per_inspector: 10,
                    counted: CountedInspectors::OnPostOfficers,
                },
                source: source(DOCUMENT, "四（二）3(1)", POLLUTION_QUOTE, None),
            },
            Rule {
                pool: Pool::Radiation,
                category: Category::Key,
                minimum: rate(100),
                source: source(DOCUMENT, "四（二）3(2)", RADIATION_QUOTE, Some(reading)),
            },
            Rule {
                pool: Pool::Radiation,
                category: Category::General,
                minimum: rate(50),
                source: source(DOCUMENT, "四（二）3(2)", RADIATION_QUOTE, Some(reading)),
            },
            Rule {
                pool: Pool::HazardousWaste,
                category: Category::Key,
                minimum: rate(100),
                source: source(DOCUMENT, "四（二）3(3)", WASTE_QUOTE, Some(reading)),
            },
            Rule {
                pool: Pool::HazardousWaste,
                category: Category::General,
                minimum: rate(5),
                source: source(DOCUMENT, "四（二）3(3)", WASTE_QUOTE, Some(reading)),
            },
        ],
        modifiers: vec![Modifier::PositiveListOffSite {
            in_force: DateRange { from: ymd(2021, 6, 29), until: None },
            source: source(
                DOCUMENT,
                "四（二）4",
                POSITIVE_QUOTE,
                Some("the district's standing positive list: listed objects that are drawn get off-site tasks"),
            ),
        }],
        readings: Readings::default(),
        cadence: Cadence::Quarterly,
        assumptions: Vec::new(),
    }
}
