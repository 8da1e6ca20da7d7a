//! Analysis: what a policy demands of a registry, for analysts.
//!
//! * [`compare`]: several policies' yearly demand on one registry.

pub mod compare;
