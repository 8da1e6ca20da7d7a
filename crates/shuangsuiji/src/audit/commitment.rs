//! The commitment: everything that decides a plan except the seed, frozen
//! and published before the seed exists.
//!
//! The protocol (`docs/draw-protocol.md`): the bureau builds its request,
//! calls [`commit`] and publishes the [`Commitment`] — the digest, a count
//! and root per list, the quarter, units and policy, and the rule the seed
//! will come from. Only then is the seed fixed in public, by that rule.
//! [`check_commitment`] refuses a request that is not the one committed (a
//! record added, removed or changed; another campaign id; another targeted
//! visit) and names what differs; the plan records the digest, so
//! `verify_plan` ties the plan to the commitment as well.
//!
//! ```
//! use chrono::NaiveDate;
//! use shuangsuiji::audit::commitment::{check_commitment, commit};
//! use shuangsuiji::request::{SeedRule, SeedSource};
//! use shuangsuiji::{plan_quarter, rules, sample, PlanRequest};
//!
//! let mut request = PlanRequest {
//!     format: Default::default(),
//!     registry: sample::county(8, 4, 40, 6),
//!     policy: rules::preset("changji-county")?,
//!     units: vec![sample::COUNTY.into()],
//!     quarter: "2023Q1".parse()?,
//!     history: vec![],
//!     targeted: vec![],
//!     campaigns: vec![],
//!     seed_rule: Some(SeedRule { source: SeedSource::Dice, digits: 20, announced: "20 dice, public meeting of 2022-12-28".into(), weak: false }),
//!     draw_date: None,
//!     late_reason: None,
//!     committed: None,
//!     month: None,
//!     seed: String::new(), // not known yet
//! };
//! let date = NaiveDate::from_ymd_opt(2022, 12, 26).unwrap();
//! // The request now says who committed it and when (`committed`).
//! let commitment = commit(&mut request, "呼图壁县生态环境局", date)?;
//!
//! // Later, in public: the dice give the seed.
//! request.seed = "7305 9812 4609 1773 3531".into();
//! check_commitment(&commitment, &request)?; // the seed is not part of it
//! let plan = plan_quarter(&request)?;
//! assert_eq!(plan.commitment, commitment.digest);
//! assert_eq!(plan.seed, "73059812460917733531");
//!
//! // Any change after the commitment is refused, the seed aside.
//! request.registry.objects.pop();
//! assert!(check_commitment(&commitment, &request).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::strata::committed_strata;
use crate::model::format::format_tag;
use crate::model::validate::{validate_history, validate_registry, ValidationErrors};
use crate::plan::quota::{check_request, QuotaError};
use crate::plan::{CheckedRequest, PlanError};
use crate::request::canonical::{frozen_header, header_digest};
use crate::request::{Committed, DrawDateError, PlanRequest, SeedError, SeedRule};

format_tag!(
    /// The commitment's format tag (also the first member of the frozen
    /// header it hashes).
    CommitmentFormat,
    "shuangsuiji.commitment/3",
    "commitment"
);

/// A published commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// The format tag.
    pub format: CommitmentFormat,
    /// SHA-256 of the frozen header's canonical bytes: the plan carries it.
    pub digest: String,
    /// Who commits (the bureau), as the caller gives it.
    pub authority: String,
    /// When, as the caller gives it (what counts is when the public first
    /// saw the commitment, which must be before the seed existed).
    pub date: NaiveDate,
    /// What is frozen: format, quarter, units, the normalised policy, the
    /// seed rule, and a count and root per list
    /// (`docs/draw-protocol.md` §3).
    pub frozen: Value,
}

/// Why a commitment cannot be made, or a request does not match one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitmentError {
    /// The registry or history has faults: commit to a request that can
    /// be planned.
    #[error("the registry or history is invalid:\n{0}")]
    Invalid(ValidationErrors),
    /// The policy or the units do not fit.
    #[error(transparent)]
    Quota(#[from] QuotaError),
    /// The seed rule cannot produce a seed.
    #[error(transparent)]
    SeedRule(#[from] SeedError),
    /// The draw date does not keep the document's draw window: the date
    /// is committed, so it is checked before.
    #[error(transparent)]
    DrawDate(#[from] DrawDateError),
    /// No seed rule: a commitment must say where the seed will come from.
    #[error("the request has no `seed_rule`: a commitment announces where the seed will come from, e.g. {{\"source\": \"dice\", \"digits\": 20, \"announced\": \"20 dice rolled in the public meeting of …\"}}")]
    NoSeedRule,
    /// The strata cannot be drawn (a request that cannot be planned).
    #[error("the request's strata cannot be drawn: {0}")]
    Strata(PlanError),
    /// The authority is blank.
    #[error("the commitment's authority (the bureau committing) is blank")]
    BlankAuthority,
    /// The reason for fixing the list outside its window is blank.
    #[error("the reason for fixing the list outside the document's window is blank")]
    BlankReason,
    /// The request says it was committed by another authority or on
    /// another date than the commitment being made.
    #[error("the request was committed already, by {authority} on {date}: commit a request once (leave out its `committed` member to make a new commitment)")]
    CommittedAlready {
        /// Its authority.
        authority: String,
        /// Its date.
        date: NaiveDate,
    },
    /// The commitment's authority or date, as shown, is not what its
    /// digest covers: the file was edited.
    #[error("the commitment's {member} reads `{shown}` but its digest covers `{committed}`: the commitment file was edited after it was made")]
    Relabelled {
        /// `authority` or `date`.
        member: &'static str,
        /// What the file shows.
        shown: String,
        /// What the frozen header holds (`nothing` when it holds none).
        committed: String,
    },
    /// The commitment file's digest is not the hash of its frozen header:
    /// the file was edited.
    #[error("the commitment's digest {recorded} is not the hash of its frozen header ({computed}): the commitment file was edited after it was made")]
    Tampered {
        /// The digest recorded.
        recorded: String,
        /// The hash of the frozen header.
        computed: String,
    },
    /// The request is not the one committed.
    #[error("the request is not the one committed (commitment {committed}, request {request}):{}", bullet_list(.differences))]
    Mismatch {
        /// The commitment's digest.
        committed: String,
        /// The request's.
        request: String,
        /// What differs, part by part.
        differences: Vec<String>,
    },
}

fn bullet_list(list: &[String]) -> String {
    list.iter().map(|d| format!("\n  - {d}")).collect()
}

impl Commitment {
    /// Who committed, and when, as the digest covers them (`None` for a
    /// frozen header without them, which [`check_commitment`] refuses).
    pub fn committed(&self) -> Option<Committed> {
        self.frozen.get("committed").and_then(|c| serde_json::from_value(c.clone()).ok())
    }

    /// The seed rule the commitment announces.
    pub fn seed_rule(&self) -> Option<SeedRule> {
        self.frozen.get("seed_rule").and_then(|r| serde_json::from_value(r.clone()).ok())
    }
}

impl fmt::Display for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "commitment {} by {} on {}", self.digest, self.authority, self.date)?;
        if let Some(rule) = self.frozen.get("seed_rule").and_then(|r| r.get("announced")).and_then(Value::as_str) {
            writeln!(f, "seed rule: {rule}")?;
        }
        if let Some(lists) = self.frozen.get("lists").and_then(Value::as_object) {
            for (name, list) in lists {
                let count = list.get("count").and_then(Value::as_u64).unwrap_or(0);
                writeln!(f, "  {name:<14} {count:>9} record(s)")?;
            }
        }
        Ok(())
    }
}

/// Freezes `request` (its seed aside) into a commitment by `authority` on
/// `date`, and records both in the request (`committed`), which the
/// commitment digest covers.
///
/// # Errors
/// [`CommitmentError`] when the request has no seed rule or one that
/// cannot produce a seed, a blank authority, a registry, history, policy
/// or units that could not be planned, or a draw date the document's draw
/// window refuses or one before `date`.
pub fn commit(request: &mut PlanRequest, authority: &str, date: NaiveDate) -> Result<Commitment, CommitmentError> {
    commit_outside_window(request, authority, date, None)
}

/// [`commit`], the list fixed outside the document's window for the reason
/// given (`shuangsuiji_api::commit` checks the window and asks for it).
///
/// # Errors
/// As [`commit`], and [`CommitmentError::BlankReason`] for a blank reason.
pub fn commit_outside_window(
    request: &mut PlanRequest,
    authority: &str,
    date: NaiveDate,
    outside_window: Option<&str>,
) -> Result<Commitment, CommitmentError> {
    if outside_window.is_some_and(|r| r.trim().is_empty()) {
        return Err(CommitmentError::BlankReason);
    }
    if authority.trim().is_empty() {
        return Err(CommitmentError::BlankAuthority);
    }
    request.seed_rule.as_ref().ok_or(CommitmentError::NoSeedRule)?.validate()?;
    let mut errors = Vec::new();
    errors.extend(validate_registry(&request.registry).err().map(|e| e.0).unwrap_or_default());
    errors.extend(validate_history(&request.history, &request.registry).err().map(|e| e.0).unwrap_or_default());
    if !errors.is_empty() {
        return Err(CommitmentError::Invalid(ValidationErrors(errors)));
    }
    check_request(&request.quota_input())?;
    request.check_draw_date()?;
    if let Some(draw) = request.draw_date.filter(|d| *d < date) {
        return Err(CommitmentError::DrawDate(DrawDateError::BeforeCommitment { date: draw, committed: date }));
    }
    if let Some(earlier) = request.committed.as_ref().filter(|c| c.authority != authority.trim() || c.date != date) {
        return Err(CommitmentError::CommittedAlready { authority: earlier.authority.clone(), date: earlier.date });
    }
    let strata = committed_strata(request).map_err(CommitmentError::Strata)?;
    let outside_window = outside_window.map(|r| r.trim().to_owned());
    let committed = Committed { authority: authority.trim().to_owned(), date, strata, outside_window };
    request.committed = Some(committed.clone());
    let frozen = frozen_header(request);
    Ok(Commitment {
        format: CommitmentFormat,
        digest: header_digest(&frozen),
        authority: committed.authority,
        date,
        frozen,
    })
}

/// Checks that `request` (its seed aside) is the one `commitment` froze,
/// and that the commitment file is intact.
///
/// # Errors
/// [`CommitmentError::Tampered`] for an edited commitment file;
/// [`CommitmentError::Mismatch`] naming each part that differs (the
/// quarter, units, policy, seed rule, or a list's count and root).
pub fn check_commitment(commitment: &Commitment, request: &PlanRequest) -> Result<(), CommitmentError> {
    check_intact(commitment)?;
    let frozen = frozen_header(request);
    let digest = header_digest(&frozen);
    if digest == commitment.digest {
        return Ok(());
    }
    mismatch(commitment, digest, &frozen)
}

/// [`check_commitment`] for a checked request, whose digest is computed
/// once ([`CheckedRequest::commitment_digest`]) and then used by the plan
/// or its verification too.
///
/// ```
/// use shuangsuiji::audit::commitment::{check_checked_commitment, commit};
/// use shuangsuiji::plan::{plan_checked, CheckedRequest};
/// use shuangsuiji::request::{SeedRule, SeedSource};
/// use shuangsuiji::{rules, sample, PlanRequest};
/// let mut request = PlanRequest::new(
///     sample::county(8, 4, 40, 6),
///     rules::preset("changji-county")?,
///     vec![sample::COUNTY.into()],
///     "2023Q2".parse()?,
///     "",
/// );
/// let rule = SeedRule { source: SeedSource::Dice, digits: 20, announced: "20 dice, in public".into(), weak: false };
/// request.seed_rule = Some(rule);
/// let commitment = commit(&mut request, "bureau", "2023-03-28".parse()?)?;
/// let mut checked = CheckedRequest::new(request)?;
/// check_checked_commitment(&commitment, &checked)?;
/// checked.set_seed("20230401000000000000".into());
/// assert_eq!(plan_checked(&checked)?.commitment, commitment.digest);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`check_commitment`].
pub fn check_checked_commitment(commitment: &Commitment, request: &CheckedRequest) -> Result<(), CommitmentError> {
    check_intact(commitment)?;
    if let Some(digest) = request.known_digest() {
        if digest == commitment.digest {
            return Ok(());
        }
        return mismatch(commitment, digest.to_owned(), &frozen_header(request));
    }
    // The frozen header, hashed here, also names what differs.
    let frozen = frozen_header(request);
    let digest = request.keep_digest(header_digest(&frozen));
    if digest == commitment.digest {
        return Ok(());
    }
    mismatch(commitment, digest.to_owned(), &frozen)
}

/// The commitment file's digest is its frozen header's, and the authority
/// and date it shows are the ones the header holds.
///
/// # Errors
/// [`CommitmentError::Tampered`] for an edited digest or header,
/// [`CommitmentError::Relabelled`] for an edited authority or date.
pub fn check_intact(commitment: &Commitment) -> Result<(), CommitmentError> {
    let computed = header_digest(&commitment.frozen);
    if computed != commitment.digest {
        return Err(CommitmentError::Tampered { recorded: commitment.digest.clone(), computed });
    }
    let committed = commitment.committed();
    let held = |f: fn(&Committed) -> String| committed.as_ref().map_or_else(|| "nothing".to_owned(), f);
    let (authority, date) = (held(|c| c.authority.clone()), held(|c| c.date.to_string()));
    if authority != commitment.authority {
        return Err(CommitmentError::Relabelled {
            member: "authority",
            shown: commitment.authority.clone(),
            committed: authority,
        });
    }
    if date != commitment.date.to_string() {
        return Err(CommitmentError::Relabelled {
            member: "date",
            shown: commitment.date.to_string(),
            committed: date,
        });
    }
    Ok(())
}

/// A request whose digest is not the commitment's: the parts of its frozen
/// header that differ.
fn mismatch(commitment: &Commitment, digest: String, frozen: &Value) -> Result<(), CommitmentError> {
    Err(CommitmentError::Mismatch {
        committed: commitment.digest.clone(),
        request: digest,
        differences: header_differences(&commitment.frozen, frozen),
    })
}

/// The parts of two frozen headers that differ, in words.
fn header_differences(committed: &Value, request: &Value) -> Vec<String> {
    let parts = |v: &Value| -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (name, member) in v.as_object().into_iter().flatten() {
            match (name.as_str(), member.as_object()) {
                ("lists", Some(lists)) => {
                    for (list, value) in lists {
                        out.insert(format!("list `{list}`"), value.clone());
                    }
                }
                _ => {
                    out.insert(format!("`{name}`"), member.clone());
                }
            }
        }
        out
    };
    let (a, b) = (parts(committed), parts(request));
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| {
            let show = |v: Option<&Value>| match v {
                None => "nothing".to_owned(),
                Some(v) if v.get("count").is_some() => format!(
                    "{} record(s), root {}",
                    v.get("count").and_then(Value::as_u64).unwrap_or(0),
                    v.get("root").and_then(Value::as_str).unwrap_or("?")
                ),
                Some(v) => short(&v.to_string()),
            };
            format!("{n}: committed {}, the request has {}", show(a.get(n)), show(b.get(n)))
        })
        .collect()
}

fn short(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}
