//! # shuangsuiji — plans for "double random, one public" (双随机、一公开)
//!
//! Chinese environmental-enforcement bureaus must draw the companies they
//! inspect at random from their object library (检查对象名录库), draw the
//! inspectors at random from their inspector library (执法检查人员名录库),
//! meet minimum ratios per supervision category — key 重点, special 特殊,
//! general 一般 — each quarter or year, and publish the results. Every
//! prefecture, county and park writes its own ratios.
//!
//! This crate encodes those documents as data, with the clause behind every
//! number ([`rules`]), and computes a quarter's plan — which companies, which
//! inspectors, which month, on-site or off-site — as a pure function
//! ([`plan_quarter`]) that anyone can re-derive from the published seed and
//! check independently ([`check_compliance`], [`verify_plan`]). It does no
//! IO and reads no clock, environment or global random-number generator:
//! files are read by the `shuangsuiji-io` crate, and the `ssj` command is a
//! thin layer over both.
//!
//! ## Plan a quarter and check it
//!
//! ```
//! use shuangsuiji::{check_compliance, plan_quarter, rules, sample, verify_plan, PlanRequest};
//!
//! // A county with 8 key, 4 special and 60 general objects and 4 officers.
//! let request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(8, 4, 60, 4),
//!     policy: rules::preset("changji-county")?, // Changji 2023, county level
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![],   // nothing inspected yet this year
//!     targeted: vec![],  // no complaints to carry
//!     campaigns: vec![], // no directed campaign
//!     seed_rule: None,
//!     draw_date: None,
//!     late_reason: None,
//!     committed: None,
//!     month: None,
//!     seed: "73059812460917733531".into(), // fixed in public, after the registry
//! };
//! let plan = plan_quarter(&request)?;
//!
//! // key: max(25 % of 8, 8 ÷ 4 quarters left) = 2; special: 50 % of 4 = 2;
//! // general: 1:10 × 4 officers = 40 a year → 10 this quarter.
//! let drawn: Vec<u64> = plan.strata.iter().map(|s| s.drawn).collect();
//! assert_eq!(drawn, [2, 2, 10]);
//! assert!(plan.tasks.iter().all(|t| t.officers().len() >= 2)); // 执法人员不得少于两人
//!
//! // An independent recount of every minimum and assignment rule…
//! assert!(check_compliance(&plan, &request).is_compliant());
//! // …and a re-derivation: this is exactly the plan the request draws.
//! assert_eq!(verify_plan(&plan, &request), Ok(()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The pipeline
//!
//! The modules are the stages of the work, each a folder that uses only the
//! folders before it in this list (`ARCHITECTURE.md` states the rule; a
//! test enforces it):
//!
//! | stage | module | main items |
//! |---|---|---|
//! | the records | [`model`] | [`Registry`](model::Registry), [`RegulatedObject`](model::RegulatedObject), [`Inspector`](model::Inspector), [`Inspection`](model::Inspection), [`Quarter`](model::Quarter); [`validate`](model::validate) |
//! | the documents | [`rules`] | [`Policy`](rules::Policy), [`Rule`](rules::Rule), [`Minimum`](rules::Minimum), [`Readings`](rules::Readings), [`Source`](rules::Source); one module per document |
//! | time | [`calendar`] | [`Calendar`](calendar::Calendar) (working days with 调休), [`deadline`](calendar::deadline) |
//! | the request | [`request`] | [`PlanRequest`], [`Campaign`](request::Campaign), [`TargetedRequest`](request::TargetedRequest); the [`canonical`](request::canonical) form and the [`commitment`](audit::commitment) |
//! | planning | [`plan`] | [`plan_quarter`]: [`stratum`](plan::stratum) → [`quota`](plan::quota) → [`draw`](plan::draw) → tasks → [`assign`](plan::assign); [`QuarterPlan`] |
//! | auditing | [`audit`] | [`commit`](audit::commitment::commit), [`check_compliance`], [`verify_plan`], the amendment log ([`amend`](audit::amend)), the public [`draw_record`](audit::draw_record) |
//! | publishing | [`publish`] | [`results`](publish::results), [`disclosure`](publish::disclosure), [`stats`](publish::stats), [`deadlines`](publish::deadlines) |
//! | analysis | [`analysis`] | [`compare`](analysis::compare): what a policy demands over a year |
//!
//! [`sample`] has small registries for examples like the one above.
//!
//! ## What each quota means
//!
//! ```
//! use shuangsuiji::plan::quota::quarter_quotas;
//! use shuangsuiji::{rules, sample, request::QuotaInput};
//!
//! // 40 key, 14 special, 600 general objects; 9 officers.
//! let registry = sample::county(40, 14, 600, 9);
//! let policy = rules::preset("changji-county")?;
//! let units = [sample::COUNTY.to_owned()];
//! let lines = quarter_quotas(&QuotaInput::new(&policy, &registry, "2023Q1".parse()?, &[], &units))?;
//! let required: Vec<_> = lines.iter().map(|l| (l.stratum.category.as_str(), l.required)).collect();
//! // key ⌈25 % × 40⌉ = 10; special ⌈50 % × 14⌉ = 7; general ⌈9 × 10 ÷ 4⌉ = 23.
//! assert_eq!(required, [("key", 10), ("special", 7), ("general", 23)]);
//! // Each line names the rule that binds and its clause.
//! assert_eq!(lines[0].binding().map(|d| d.source.clause.as_str()), Some("§四.1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The reproducibility contract
//!
//! For a given plan format ([`plan::FORMAT_VERSION`]), the same request gives
//! the same plan, byte for byte, on every platform and at any thread count,
//! whatever the order of the records in it. Every random choice is a
//! ticket of (seed string, id): for companies and months a SHA-256 ticket
//! — Ron Rivest's consistent sampler, byte-compatible with its published
//! reference — and for a task's team SipHash-2-4 keyed by the SHA-256 of
//! the task's seed string, so the draw (companies, teams, months) can be
//! re-derived with SHA-256 and SipHash alone. Changing any
//! seeded output (seed strings, ticket formula, ordering, the canonical
//! form of the commitment) is a breaking change: it bumps the format, is
//! recorded in `CHANGELOG.md`, and re-pins the value-stability tests
//! (`crates/shuangsuiji/tests/value_stability.rs`).
//!
//! ## Commit, then seed, then draw
//!
//! Nobody may choose whom to inspect. Everything that decides the plan
//! except the seed is frozen into a commitment
//! ([`commit`](audit::commitment::commit)) published before the seed
//! exists, with the rule the seed will come from
//! ([`SeedRule`](request::SeedRule)); the plan records the commitment
//! digest, and [`verify_plan`] checks it. `docs/draw-protocol.md` is the
//! protocol for a bureau, in English and Chinese.
//!
//! ## Errors
//!
//! Every fallible function returns a typed error that names the record,
//! stratum or task at fault and, where it can, what would fix it. An
//! unmeetable minimum is an error ([`PlanError`]), never a silent shortfall.
//!
//! ## Guides
//!
//! In the repository's `docs/`: `rules.md` (every preset's numbers with
//! their clauses and the readings taken), `draw-algorithm.md` (the draw,
//! precisely enough to re-implement), `draw-protocol.md` (the commitment
//! and what each party checks), `registry-format.md` and
//! `json-format.md` (the files), `calendar.md`, `disclosure.md`,
//! `integration-guide.md` (embedding from Java, .NET or a shell) and
//! `cookbook.md` (recipes compiled as tests).

pub mod analysis;
pub mod audit;
pub mod calendar;
pub mod model;
pub mod plan;
pub mod publish;
pub mod request;
pub mod rules;
pub mod sample;

pub use audit::{check_compliance, verify_plan, ComplianceReport, VerifyError};
pub use plan::{plan_quarter, PlanError, QuarterPlan};
pub use request::PlanRequest;
