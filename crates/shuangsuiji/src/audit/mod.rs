//! Auditing: everything that checks a plan after it is drawn.
//!
//! * [`commitment`]: [`commit`](commitment::commit) freezes a request, its
//!   seed aside, before the seed exists;
//!   [`check_commitment`](commitment::check_commitment) refuses any other;
//! * [`compliance`]: [`check_compliance`] recounts every minimum from the
//!   rule table with its own arithmetic and re-checks every task; it shares
//!   no code with the planner's quota or assignment on purpose;
//! * [`verify`]: [`verify_plan`] — the input digest first, then a re-plan and
//!   a field-by-field comparison naming each stratum and task that differs;
//! * [`amend`]: the locked plan's hash-chained amendment log, sealed by the
//!   head the bureau publishes;
//! * [`draw_record`]: the public draw record (seed, digests, populations,
//!   tickets; nothing confidential);
//! * [`register`]: every commitment of an authority's year, hash-chained,
//!   so a second commitment for a quarter shows;
//! * [`strata`]: a stratum as the record shows it, and the root of the
//!   strata a commitment holds so a record can be checked against it.
//!
//! This layer reads plans and requests; the planner never calls it.

pub mod amend;
pub mod commitment;
pub mod compliance;
pub mod draw_record;
pub mod register;
pub mod strata;
pub mod verify;

pub use compliance::{check_compliance, ComplianceReport};
pub use verify::{verify_plan, VerifyError};
