//! # shuangsuiji-io — the two libraries from files
//!
//! Reads what a bureau has — the object library (检查对象名录库), the
//! inspector library (执法检查人员名录库), the jurisdiction tree and this
//! year's history — from CSV (Chinese or English headers and labels) and
//! JSON into the [`shuangsuiji`] core's records, reporting every bad row
//! with file, line, column and what was expected ([`read`]). Files come as
//! bureaus have them: UTF-8 with or without a BOM, GBK/GB18030 (decoded
//! with a notice), UTF-16, CRLF line ends, or Excel workbooks (`.xlsx`,
//! one per library or one with a sheet each). It writes a registry back as
//! CSV ([`mod@write`]) and makes deterministic synthetic registries for demos
//! and benchmarks ([`synth`]).
//!
//! An embedder needs only this crate and the core; nothing here parses
//! command-line arguments.
//!
//! ```no_run
//! use shuangsuiji_io::read::read_registry_dir;
//!
//! let registry = read_registry_dir("registry/")?; // jurisdictions.csv, objects.csv, inspectors.csv
//! println!("{} objects, {} inspectors", registry.objects.len(), registry.inspectors.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod messages;
pub mod read;
pub mod synth;
pub mod template;
pub mod write;
