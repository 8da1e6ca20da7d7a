//! Changji Hi-tech Zone 2023 (`004`): 《昌吉高新区生态环境"双随机、一公开"监管工作实施方案》.
//!
//! The park's own area: key 25 % a quarter and every key unit once a year,
//! special 50 % a quarter, general 1:10 a year. "抽查比例不设上限" (一（一）):
//! minimums have no upper bound.

use super::{source, ymd, CountedInspectors, Minimum, Percent, Policy, PolicyLevel, Readings, Rule};
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
    }
}
