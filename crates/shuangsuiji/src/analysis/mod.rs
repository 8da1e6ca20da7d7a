//! Analysis: what a policy demands of a registry, for analysts — each
//! answer found by planning with the real rules, never by a formula
//! beside them.
//!
//! * [`staffing`]: the least number of officers for which a year plans,
//!   and the shortfall of today's staff.
//! * [`simulate`]: a regime over years and seeds — coverage, disturbance,
//!   officers' loads — with intervals over the seeds.
//! * [`compare`]: several policies side by side on one registry.
//! * [`year`]: the quarters of a year planned one after another.

pub mod compare;
pub mod simulate;
pub mod staffing;
pub mod year;
