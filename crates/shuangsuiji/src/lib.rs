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
pub mod model;
pub mod quota;
pub mod rules;
pub mod validate;
