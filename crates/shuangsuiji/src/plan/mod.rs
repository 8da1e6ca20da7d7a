//! Planning: a quarter's plan drawn from the request alone.
//!
//! [`plan_quarter`] runs the stages of this folder in order, each a module:
//!
//! 1. check the request (seed, registry, policy, units, targeted objects);
//! 2. [`stratum`]: build each stratum's population (drawing unit × pool ×
//!    category × risk tier), applying the policy's modifiers;
//! 3. [`quota`]: each rule's demand on its stratum this quarter;
//! 4. [`draw`]: Rivest's consistent sampler orders each stratum by ticket;
//!    objects not yet inspected this year come first where a yearly rule
//!    applies; objects another level visits this quarter join that visit or
//!    are set aside ([`OtherLevelVisits`](crate::rules::OtherLevelVisits));
//! 5. the directed campaigns and the targeted inspections;
//! 6. merge everything that hits one object into one task, decide on-site
//!    or off-site, spread the tasks over the three months;
//! 7. [`assign`]: staff each own visit with at least two certified officers,
//!    the ranked pick checked against a feasible assignment of the rest
//!    (`feasible`), so that a plan is found whenever one exists.
//!
//! The result is a [`QuarterPlan`]: one [`StratumLine`] per stratum and one
//! [`Task`] per visit.

pub mod assign;
pub mod draw;
mod feasible;
mod output;
mod quarter;
pub mod quota;
pub mod stratum;
pub(crate) mod tasks;

pub(crate) use feasible::Feasible;
pub use output::{Cover, Mode, PlanFormat, QuarterPlan, StratumLine, Task, Visit, FORMAT_VERSION};
pub use quarter::{campaign_seed, check_request, plan_checked, plan_quarter, stratum_seed, CheckedRequest, PlanError};
pub(crate) use quarter::{plan_committed, stratum_lines};
pub use quota::MonthShare;
