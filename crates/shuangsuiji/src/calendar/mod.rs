//! Time: the national working-day calendar and every document's deadlines.
//!
//! [`Calendar`] knows 2020–2026 with the 调休 days (embedded data, extended
//! by a year file from the State Council notice); [`deadline`] turns each
//! document's clause into a date.

pub mod deadline;
mod working_days;

pub use working_days::*;
