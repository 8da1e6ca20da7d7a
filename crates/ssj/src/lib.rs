//! The `ssj` command library: reading files, the demo registry, reports.
pub mod cli;
pub mod public;
pub mod read;
pub mod report;
pub mod synth;
pub mod verify;
