//! # shuangsuiji — plans for "double random, one public" (双随机、一公开)
//!
//! Chinese environmental-enforcement bureaus must draw the companies they
//! inspect at random from their object library (检查对象名录库), draw the
//! inspectors at random from their inspector library (执法检查人员名录库),
//! meet minimum ratios per supervision category each quarter or year, and
//! publish the results. This crate encodes the documents that set those
//! ratios as data ([`rules`]) and computes a quarter's plan as a pure
//! function ([`plan_quarter`]) that anyone can re-derive from the published
//! seed.
//!
//! The crate does no IO, reads no clock, environment or global RNG.
//!
//! ## Quick look: a county's quotas
//!
//! ```
//! use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, RegulatedObject, Registry};
//! use shuangsuiji::quota::{quarter_quotas, QuotaInput};
//! use shuangsuiji::rules;
//!
//! let county = Jurisdiction { id: "hutubi".into(), name: "呼图壁县".into(), level: Level::County, parent: None };
//! let mut objects = Vec::new();
//! for i in 0..40 { objects.push(RegulatedObject::new(format!("K{i:03}"), "hutubi", Category::Key)); }
//! for i in 0..14 { objects.push(RegulatedObject::new(format!("S{i:03}"), "hutubi", Category::Special)); }
//! for i in 0..600 { objects.push(RegulatedObject::new(format!("G{i:03}"), "hutubi", Category::General)); }
//! let inspectors = (0..9).map(|i| Inspector::officer(format!("I{i}"), "hutubi", 30)).collect();
//! let registry = Registry { jurisdictions: vec![county], objects, inspectors };
//!
//! let policy = rules::changji::county_or_park();
//! let quarter = "2023Q1".parse()?;
//! let lines = quarter_quotas(&QuotaInput::new(&policy, &registry, quarter, &[], &["hutubi".into()]))?;
//! let required: Vec<_> = lines.iter().map(|l| (l.stratum.category, l.required)).collect();
//! assert_eq!(required, [(Category::Key, 10), (Category::Special, 7), (Category::General, 23)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod amend;
pub mod assign;
pub mod calendar;
pub mod compliance;
pub mod deadline;
pub mod digest;
pub mod draw;
pub mod model;
pub mod plan;
pub mod publish;
pub mod publish_draw;
pub mod quota;
pub mod results;
pub mod rules;
pub mod sample;
pub mod stats;
pub mod stratum;
pub mod validate;
pub mod verify;

pub use compliance::{check_compliance, ComplianceReport};
pub use plan::{plan_quarter, PlanError, PlanRequest, QuarterPlan};
pub use verify::{verify_plan, VerifyError};
