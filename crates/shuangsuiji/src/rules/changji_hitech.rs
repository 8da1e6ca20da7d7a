//! Changji Hi-tech Zone 2023 (`004`): 《昌吉高新区生态环境"双随机、一公开"监管工作实施方案》.
//!
//! The park's own area: key 25 % a quarter and every key unit once a year,
//! special 50 % a quarter, general 1:10 a year. "抽查比例不设上限" (一（一）):
//! minimums have no upper bound.
//!
//! # Example: four quarters cover every key unit
//!
//! ```
//! use std::collections::BTreeSet;
//! use shuangsuiji::model::{Category, Inspection, InspectionKind};
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//!
//! let mut request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(13, 6, 120, 4),
//!     policy: rules::changji_hitech::policy(),
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![], targeted: vec![], campaigns: vec![],
//!     seed_rule: None,
//!     month: None,
//!     seed: "20230105".into(),
//! };
//! let mut key_visited = BTreeSet::new();
//! for q in 1..=4 {
//!     request.quarter = format!("2023Q{q}").parse()?;
//!     let plan = plan_quarter(&request)?;
//!     for t in &plan.tasks {
//!         if t.object.starts_with('K') { key_visited.insert(t.object.clone()); }
//!         request.history.push(Inspection {
//!             object: t.object.clone(), by: t.unit.to_string(), date: request.quarter.first_day(),
//!             kind: InspectionKind::Random, pools: t.pools.clone(), inspectors: t.officers().to_vec(),
//!         });
//!     }
//! }
//! // 25 % a quarter alone could miss some; "every key unit once a year" does not.
//! assert_eq!(key_visited.len(), 13);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::policy::{source, ymd, Cadence, CountedInspectors, Minimum, Percent, Policy, PolicyLevel, Readings, Rule};
use crate::model::{Category, DateRange, Pool};

/// Short name of the document in every [`super::Source`].
pub const DOCUMENT: &str = "Changji Hi-tech Zone 2023";

const KEY_QUOTE: &str =
    "每季度至少对本行政区25%的重点排污单位进行抽查（原则上应保证每年对辖区所有重点排污单位检查一遍）。";
const GENERAL_QUOTE: &str = "至少按照1：10的比例确定年度被抽查单位数量。";
const SPECIAL_QUOTE: &str = "每季度至少对本行政区50%的特殊监管对象进行抽查。";

/// The Hi-tech Zone's policy.
pub fn policy() -> Policy {
    Policy {
        id: "changji-hitech".into(),
        name: "Changji Hi-tech Zone 2023 (昌吉高新区)".into(),
        level: PolicyLevel::CountyOrPark,
        validity: DateRange { from: ymd(2023, 1, 1), until: Some(ymd(2023, 12, 31)) },
        rules: vec![
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(25) },
                source: source(DOCUMENT, "二（一）", KEY_QUOTE, None),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Key,
                minimum: Minimum::EveryObjectOncePerYear,
                source: source(
                    DOCUMENT,
                    "二（一）",
                    KEY_QUOTE,
                    Some("\"in principle every key unit once a year\" is enforced as a minimum"),
                ),
            },
            Rule {
                pool: Pool::Pollution,
                category: Category::Special,
                minimum: Minimum::PercentPerQuarter { percent: Percent::whole(50) },
                source: source(DOCUMENT, "二（一）", SPECIAL_QUOTE, None),
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
                    "二（一）",
                    GENERAL_QUOTE,
                    Some("inspectors counted = the park bureau's certified enforcement officers (二（二）: 具有行政执法资格的执法人员)"),
                ),
            },
        ],
        modifiers: Vec::new(),
        readings: Readings::default(),
        cadence: Cadence::Quarterly,
        assumptions: Vec::new(),
    }
}
