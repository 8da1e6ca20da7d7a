//! The `ssj` command library: reading files, the demo registry, reports.
pub mod read;
pub mod synth;
pub mod cli;
pub mod public;
pub mod report;
pub mod verify;
