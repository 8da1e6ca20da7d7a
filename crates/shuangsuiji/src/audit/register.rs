//! The commitment register: every commitment an authority makes in a year,
//! append-only and hash-chained like the amendment log, with a head the
//! bureau publishes.
//!
//! A commitment alone cannot show that it is the only one: a bureau could
//! publish two or three for one quarter and, once the seed is known, draw
//! from the one it likes. The register lists them all, in order, each
//! entry naming its quarter (and month), units and date; a second
//! commitment for the same period and units must say which one it
//! supersedes and why, and only the last of such a chain may be drawn.
//! `verify` names the commitment's entry and every other commitment for
//! the same period (`docs/draw-protocol.md` §9).
//!
//! ```
//! use chrono::NaiveDate;
//! use shuangsuiji::audit::commitment::commit;
//! use shuangsuiji::audit::register::{Register, RegisterError};
//! use shuangsuiji::request::{SeedRule, SeedSource};
//! use shuangsuiji::{rules, sample, PlanRequest};
//! let mut request = PlanRequest::new(
//!     sample::county(8, 4, 40, 6),
//!     rules::preset("changji-county")?,
//!     vec![sample::COUNTY.into()],
//!     "2023Q2".parse()?,
//!     "",
//! );
//! request.seed_rule = Some(SeedRule { source: SeedSource::Dice, digits: 20, announced: "20 dice".into(), weak: false });
//! let first = commit(&mut request.clone(), "某局", NaiveDate::from_ymd_opt(2023, 3, 20).unwrap())?;
//! let mut register = Register::new("某局", 2023);
//! register.append(&first, None)?;
//! // A second commitment for the same quarter and unit must say what it supersedes.
//! let second = commit(&mut request, "某局", NaiveDate::from_ymd_opt(2023, 3, 21).unwrap())?;
//! assert!(matches!(register.append(&second, None), Err(RegisterError::SecondForPeriod { .. })));
//! register.append(&second, Some((&first.digest, "名录更正 a registry correction")))?;
//! assert!(matches!(register.standing(&first), Err(RegisterError::Superseded { .. })));
//! assert_eq!(register.standing(&second)?.entry, 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::format::format_tag;
use crate::model::{Id, Quarter};

use super::amend::{link_hash, LogHead};
use super::commitment::{check_intact, Commitment};

format_tag!(
    /// The commitment register's format tag.
    RegisterFormat,
    "shuangsuiji.register/1",
    "commitment register"
);

/// An authority's commitments of one year, hash-chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The format tag.
    pub format: RegisterFormat,
    /// The authority whose commitments these are.
    pub authority: String,
    /// The year of the commitments' quarters.
    pub year: i32,
    /// The entries, oldest first.
    pub entries: Vec<RegisterLink>,
}

/// One link of the register's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterLink {
    /// The previous link's hash (`""` for the first).
    pub prev_hash: String,
    /// The commitment registered.
    pub entry: RegisterEntry,
    /// SHA-256 (hex) of `prev_hash` followed by the compact JSON of
    /// `{"prev_hash", "entry"}`, as for the amendment log.
    pub hash: String,
}

/// What the register records of a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterEntry {
    /// The commitment digest.
    pub commitment: String,
    /// Its quarter.
    pub quarter: Quarter,
    /// Its month, for one month of a quarter drawn month by month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Its drawing units, sorted.
    pub units: Vec<Id>,
    /// Its date (dates never go back along the register).
    pub date: NaiveDate,
    /// The digest of the commitment this one replaces, for the same period
    /// and units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// Why it replaces it (required with `supersedes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Why a commitment cannot be registered, or does not stand in a register.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    /// The commitment is of another authority or year than the register.
    #[error("the commitment is by {authority} for {quarter}; the register is {register_authority}'s for {year}")]
    OtherRegister {
        /// The commitment's authority.
        authority: String,
        /// Its quarter.
        quarter: Quarter,
        /// The register's authority.
        register_authority: String,
        /// The register's year.
        year: i32,
    },
    /// The commitment file is not intact, or holds no quarter or units.
    #[error("the commitment cannot be registered: {0}")]
    Commitment(String),
    /// The commitment is registered already.
    #[error("commitment {digest} is entry {entry} of the register already")]
    Again {
        /// The digest.
        digest: String,
        /// Its entry.
        entry: usize,
    },
    /// Another commitment holds the same period and units, and this one
    /// does not say it supersedes it.
    #[error("the register holds commitment {other} (entry {entry}) for {period} and these units: a second commitment must say which one it supersedes and why")]
    SecondForPeriod {
        /// The earlier commitment.
        other: String,
        /// Its entry.
        entry: usize,
        /// The period.
        period: String,
    },
    /// `supersedes` names a commitment that is not the latest for the
    /// period and units.
    #[error("commitment {named} is not the register's latest for {period} and these units{}", .latest.as_ref().map(|l| format!(" (that is {l})")).unwrap_or_default())]
    NotLatest {
        /// The digest named.
        named: String,
        /// The period.
        period: String,
        /// The latest, if any.
        latest: Option<String>,
    },
    /// A supersession without a reason.
    #[error("a commitment that supersedes another must say why (the reason is blank)")]
    NoReason,
    /// The date goes back along the register.
    #[error("the commitment is dated {date}, before the register's last entry ({previous})")]
    DateGoesBack {
        /// Its date.
        date: NaiveDate,
        /// The last entry's.
        previous: NaiveDate,
    },
    /// The commitment is not in the register.
    #[error("commitment {digest} is not in the register of {authority} for {year} ({entries} entries)")]
    NotRegistered {
        /// The digest.
        digest: String,
        /// The register's authority.
        authority: String,
        /// Its year.
        year: i32,
        /// Its length.
        entries: usize,
    },
    /// A later commitment supersedes this one: it may not be drawn.
    #[error("commitment {digest} (entry {entry}) was superseded by {by} (entry {by_entry}, reason: {reason})")]
    Superseded {
        /// The digest.
        digest: String,
        /// Its entry.
        entry: usize,
        /// The one superseding it.
        by: String,
        /// Its entry.
        by_entry: usize,
        /// The reason given.
        reason: String,
    },
    /// A link's hash or `prev_hash` is wrong.
    #[error("entry {index}: {problem}")]
    Chain {
        /// The entry (from 1).
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// The register is shorter than the published head, or rewritten up to it.
    #[error("the register does not match the published head {head}: {problem}")]
    Head {
        /// The head.
        head: LogHead,
        /// What differs.
        problem: String,
    },
}

/// Where a commitment stands in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// Its entry (from 1).
    pub entry: usize,
    /// The register's head.
    pub head: LogHead,
    /// Every other entry for the same period and units: (entry, digest,
    /// date, the digest it supersedes).
    pub others: Vec<(usize, String, NaiveDate, Option<String>)>,
}

impl fmt::Display for Standing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {} of the commitment register (head {})", self.entry, self.head)?;
        for (entry, digest, date, supersedes) in &self.others {
            write!(f, "; also for this period: entry {entry}, {digest} of {date}")?;
            if let Some(s) = supersedes {
                write!(f, " (superseding {s})")?;
            }
        }
        Ok(())
    }
}

impl Register {
    /// An empty register of `authority` for `year`.
    pub fn new(authority: &str, year: i32) -> Register {
        Register { format: RegisterFormat, authority: authority.trim().to_owned(), year, entries: Vec::new() }
    }

    /// The register's head: its length and last hash.
    pub fn head(&self) -> LogHead {
        LogHead { entries: self.entries.len(), hash: self.entries.last().map(|l| l.hash.clone()).unwrap_or_default() }
    }

    /// Appends `commitment`, superseding (`digest`, reason) when it
    /// replaces the latest commitment for the same period and units.
    /// Returns the new head, to publish with the commitment.
    ///
    /// # Errors
    /// [`RegisterError`] for a commitment of another authority or year, one
    /// registered already, a second for a period and units without saying
    /// what it supersedes (or naming one that is not the latest, or no
    /// reason), or a date before the last entry's.
    pub fn append(
        &mut self,
        commitment: &Commitment,
        supersedes: Option<(&str, &str)>,
    ) -> Result<LogHead, RegisterError> {
        let entry = self.entry_of(commitment)?;
        if let Some(i) = self.entries.iter().position(|l| l.entry.commitment == entry.commitment) {
            return Err(RegisterError::Again { digest: entry.commitment, entry: i + 1 });
        }
        if let Some(previous) = self.entries.last().map(|l| l.entry.date).filter(|p| entry.date < *p) {
            return Err(RegisterError::DateGoesBack { date: entry.date, previous });
        }
        let latest = self.same_period(&entry).last().map(|(i, l)| (*i, l.entry.commitment.clone()));
        let period = period(&entry);
        let entry = match (latest, supersedes) {
            (None, None) => entry,
            (Some((i, other)), None) => return Err(RegisterError::SecondForPeriod { other, entry: i, period }),
            (latest, Some((named, reason))) => {
                if latest.as_ref().is_none_or(|(_, l)| l != named) {
                    return Err(RegisterError::NotLatest {
                        named: named.to_owned(),
                        period,
                        latest: latest.map(|l| l.1),
                    });
                }
                if reason.trim().is_empty() {
                    return Err(RegisterError::NoReason);
                }
                RegisterEntry { supersedes: Some(named.to_owned()), reason: Some(reason.trim().to_owned()), ..entry }
            }
        };
        let prev_hash = self.head().hash;
        let hash = link_hash(&prev_hash, &entry);
        self.entries.push(RegisterLink { prev_hash, entry, hash });
        Ok(self.head())
    }

    /// Where `commitment` stands: its entry, and every other commitment for
    /// the same period and units. The chain is checked first.
    ///
    /// # Errors
    /// [`RegisterError`] when the chain is broken, the commitment is not
    /// registered (or not intact), or a later entry supersedes it.
    pub fn standing(&self, commitment: &Commitment) -> Result<Standing, RegisterError> {
        self.check_chain()?;
        let wanted = self.entry_of(commitment)?;
        let Some((at, entry)) = self
            .entries
            .iter()
            .enumerate()
            .find(|(_, l)| l.entry.commitment == wanted.commitment)
            .map(|(i, l)| (i, &l.entry))
        else {
            return Err(RegisterError::NotRegistered {
                digest: commitment.digest.clone(),
                authority: self.authority.clone(),
                year: self.year,
                entries: self.entries.len(),
            });
        };
        if let Some((i, by)) = self
            .same_period(entry)
            .into_iter()
            .find(|(_, l)| l.entry.supersedes.as_deref() == Some(entry.commitment.as_str()))
        {
            return Err(RegisterError::Superseded {
                digest: entry.commitment.clone(),
                entry: at + 1,
                by: by.entry.commitment.clone(),
                by_entry: i,
                reason: by.entry.reason.clone().unwrap_or_default(),
            });
        }
        let others = self
            .same_period(entry)
            .into_iter()
            .filter(|(i, _)| *i != at + 1)
            .map(|(i, l)| (i, l.entry.commitment.clone(), l.entry.date, l.entry.supersedes.clone()))
            .collect();
        Ok(Standing { entry: at + 1, head: self.head(), others })
    }

    /// Checks every link's `prev_hash` and `hash`.
    ///
    /// # Errors
    /// [`RegisterError::Chain`] naming the first link that fails.
    pub fn check_chain(&self) -> Result<(), RegisterError> {
        let mut prev = String::new();
        for (i, l) in self.entries.iter().enumerate() {
            if l.prev_hash != prev {
                return Err(RegisterError::Chain {
                    index: i + 1,
                    problem: "its prev_hash is not the hash before it".into(),
                });
            }
            if link_hash(&l.prev_hash, &l.entry) != l.hash {
                return Err(RegisterError::Chain { index: i + 1, problem: "its hash is wrong".into() });
            }
            prev = l.hash.clone();
        }
        Ok(())
    }

    /// Checks the register against a head published earlier: it reaches
    /// the head's length and has the head's hash there.
    ///
    /// # Errors
    /// [`RegisterError::Head`] for a register cut short or rewritten.
    pub fn check_head(&self, head: &LogHead) -> Result<(), RegisterError> {
        let problem = match self.entries.get(head.entries.saturating_sub(1)) {
            _ if head.entries == 0 => "a head of no entries publishes nothing".to_owned(),
            None => format!("it has {} entries", self.entries.len()),
            Some(l) if l.hash != head.hash => format!("entry {} has hash {}", head.entries, l.hash),
            Some(_) => return Ok(()),
        };
        Err(RegisterError::Head { head: head.clone(), problem })
    }

    /// The entries for the same period and units as `entry`, with their
    /// index from 1.
    fn same_period(&self, entry: &RegisterEntry) -> Vec<(usize, &RegisterLink)> {
        self.entries
            .iter()
            .enumerate()
            // A whole quarter's commitment and a month's of it overlap.
            .filter(|(_, l)| l.entry.quarter == entry.quarter)
            .filter(|(_, l)| l.entry.month.is_none() || entry.month.is_none() || l.entry.month == entry.month)
            .filter(|(_, l)| l.entry.units.iter().any(|u| entry.units.contains(u)))
            .map(|(i, l)| (i + 1, l))
            .collect()
    }

    /// What the register records of `commitment` (no supersession yet).
    fn entry_of(&self, commitment: &Commitment) -> Result<RegisterEntry, RegisterError> {
        check_intact(commitment).map_err(|e| RegisterError::Commitment(e.to_string()))?;
        let frozen = &commitment.frozen;
        let quarter: Quarter = frozen
            .get("quarter")
            .and_then(|q| q.as_str())
            .and_then(|q| q.parse().ok())
            .ok_or_else(|| RegisterError::Commitment("its frozen header holds no quarter".into()))?;
        let units: Vec<Id> = frozen
            .get("units")
            .and_then(|u| serde_json::from_value(u.clone()).ok())
            .ok_or_else(|| RegisterError::Commitment("its frozen header holds no units".into()))?;
        let month = frozen.get("month").and_then(|m| m.as_u64()).and_then(|m| u32::try_from(m).ok());
        if commitment.authority != self.authority || quarter.year() != self.year {
            return Err(RegisterError::OtherRegister {
                authority: commitment.authority.clone(),
                quarter,
                register_authority: self.authority.clone(),
                year: self.year,
            });
        }
        Ok(RegisterEntry {
            commitment: commitment.digest.clone(),
            quarter,
            month,
            units,
            date: commitment.date,
            supersedes: None,
            reason: None,
        })
    }
}

fn period(entry: &RegisterEntry) -> String {
    match entry.month {
        Some(m) => format!("{} month {m}", entry.quarter),
        None => entry.quarter.to_string(),
    }
}
