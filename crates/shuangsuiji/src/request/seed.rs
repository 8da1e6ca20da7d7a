//! The public seed and the rule announced for it before it exists.
//!
//! A draw is fair only if nobody could choose its seed. The bureau
//! announces, in its commitment, where the seed will come from — dice
//! rolled in a public meeting, the digits of a named future lottery draw —
//! and how many decimal digits it has ([`SeedRule`]). The seed given later
//! must fit that rule, and every spelling of one result is one seed:
//! [`normalize_seed`] keeps the digits only (full-width ０–９ read as
//! 0–9), after removing spaces and the separators people write between
//! them, so `5 8 1`, `5-8-1` and `５８１` are all `581`.
//!
//! Without a rule (a request that was never committed), a seed is any
//! non-blank text without `|` (which separates the fields of seed strings)
//! or control characters, at most [`MAX_SEED_CHARS`] characters; plans and
//! public records then say that no rule was announced.

use serde::{Deserialize, Serialize};

/// The fewest digits a seed rule may give without being marked weak:
/// 20 decimal digits are about 66 bits, the 20 dice of public audits. With
/// fewer, an insider who can try campaign ids, dates or wordings before the
/// commitment can reach a favourable set of outcomes (a 3-digit lottery
/// number has 1,000): such a rule is refused unless it says `weak: true`,
/// which the commitment records and every page showing the plan repeats.
pub const MIN_SEED_DIGITS: u32 = 20;

/// The most characters a seed may have (a dice or lottery seed has far
/// fewer; the bound keeps a pasted file from becoming a seed).
pub const MAX_SEED_CHARS: usize = 128;

/// Where the seed's digits will come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeedSource {
    /// Ten-sided dice rolled in front of witnesses (公开摇号).
    Dice,
    /// A named draw of a public lottery held after the commitment (e.g.
    /// 福彩3D, 体彩排列5).
    Lottery,
    /// Another public source described in `announced`.
    Other,
}

/// The rule the seed must fit, announced in the commitment before the seed
/// exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedRule {
    /// Where the digits come from.
    pub source: SeedSource,
    /// How many decimal digits the seed has (20–64; 1–19 only when
    /// `weak`). Several sources may be combined in the order `announced`
    /// gives (e.g. three lottery draws of 3, 5 and 7 digits, then 5 dice).
    pub digits: u32,
    /// The rule in the bureau's words, e.g. 「2027年1月5日福彩3D第2027005期开奖号码，三位数字按开奖顺序」
    /// or "20 rolls of a ten-sided die in the public meeting of 2026-12-28".
    pub announced: String,
    /// The bureau accepts a rule of fewer than [`MIN_SEED_DIGITS`] digits,
    /// knowing that its outcomes can be enumerated: recorded in the
    /// commitment, the plan and the draw record, and shown on every page
    /// that shows the plan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak: bool,
}

/// Why a seed cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    /// Nothing but spaces.
    #[error("the seed is blank: fix a public seed before the draw (e.g. 20 decimal dice digits rolled in public)")]
    Blank,
    /// Longer than [`MAX_SEED_CHARS`].
    #[error("the seed has {chars} characters; at most {MAX_SEED_CHARS} are allowed")]
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A character the seed may not hold.
    #[error("the seed holds `{found}` (character {position}): {why}")]
    BadCharacter {
        /// The character, escaped.
        found: String,
        /// Its position, 1-based.
        position: usize,
        /// What is allowed.
        why: &'static str,
    },
    /// The wrong number of digits for the announced rule.
    #[error("the seed has {found} digit(s) but the announced rule ({announced}) gives {expected}")]
    WrongLength {
        /// Digits found.
        found: usize,
        /// Digits the rule gives.
        expected: u32,
        /// The rule as announced.
        announced: String,
    },
    /// A rule that cannot produce a seed.
    #[error("the seed rule must give 1 to 64 digits and say where they come from (`announced` is blank or `digits` is {digits})")]
    BadRule {
        /// The digits it says.
        digits: u32,
    },
    /// A rule of too few digits not marked weak.
    #[error("the seed rule gives {digits} digit(s): a seed needs at least {MIN_SEED_DIGITS} (about 66 bits, e.g. 20 dice, or several lottery draws combined in an announced order); with fewer its outcomes can be enumerated before the commitment. Mark the rule `weak` to commit it anyway: the weakness is then recorded and shown with the plan")]
    TooFewDigits {
        /// The digits it says.
        digits: u32,
    },
    /// A rule marked weak that is not.
    #[error("the seed rule is marked `weak` but gives {digits} digits: `weak` is only for rules of fewer than {MIN_SEED_DIGITS}")]
    NotWeak {
        /// The digits it says.
        digits: u32,
    },
}

/// Characters people write between the digits of one result.
const SEPARATORS: &[char] = &[' ', '\t', '-', '_', ',', '，', '、', '.', '。', '/', ':', '：', '·'];

impl SeedRule {
    /// Checks that the rule can produce a seed.
    ///
    /// # Errors
    /// [`SeedError::BadRule`] for 0 or more than 64 digits or a blank
    /// announcement; [`SeedError::TooFewDigits`] for fewer than
    /// [`MIN_SEED_DIGITS`] not marked `weak`, [`SeedError::NotWeak`] for a
    /// weak mark on enough digits.
    pub fn validate(&self) -> Result<(), SeedError> {
        if !(1..=64).contains(&self.digits) || self.announced.trim().is_empty() {
            return Err(SeedError::BadRule { digits: self.digits });
        }
        match (self.digits < MIN_SEED_DIGITS, self.weak) {
            (true, false) => Err(SeedError::TooFewDigits { digits: self.digits }),
            (false, true) => Err(SeedError::NotWeak { digits: self.digits }),
            _ => Ok(()),
        }
    }
}

/// The seed as the draw uses it: under a rule, its digits only (and
/// exactly as many as the rule gives); without one, the text trimmed.
///
/// ```
/// use shuangsuiji::request::seed::{normalize_seed, SeedRule, SeedSource};
/// let rule = SeedRule {
///     source: SeedSource::Lottery,
///     digits: 20,
///     announced: "体彩排列5 2027005、福彩3D 2027005, 12 dice at the meeting of 2027-01-05, in that order".into(),
///     weak: false,
/// };
/// for spelling in ["58142 903 718204937561", "5-8-1-4-2 ９０３ 718204937561"] {
///     assert_eq!(normalize_seed(spelling, Some(&rule))?, "58142903718204937561");
/// }
/// assert!(normalize_seed("581", Some(&rule)).is_err());
/// assert!(normalize_seed("58142903718204937561a", Some(&rule)).is_err());
/// // A 3-digit lottery number alone can be enumerated: refused unless weak.
/// let lottery = SeedRule { digits: 3, announced: "福彩3D 2027005".into(), ..rule.clone() };
/// assert!(normalize_seed("581", Some(&lottery)).is_err());
/// assert_eq!(normalize_seed("5 8 1", Some(&SeedRule { weak: true, ..lottery }))?, "581");
/// # Ok::<(), shuangsuiji::request::seed::SeedError>(())
/// ```
///
/// # Errors
/// [`SeedError`] naming what does not fit.
pub fn normalize_seed(seed: &str, rule: Option<&SeedRule>) -> Result<String, SeedError> {
    let chars = seed.chars().count();
    if chars > MAX_SEED_CHARS {
        return Err(SeedError::TooLong { chars });
    }
    let trimmed = seed.trim();
    if trimmed.is_empty() {
        return Err(SeedError::Blank);
    }
    let bad = |position: usize, c: char, why| SeedError::BadCharacter {
        found: c.escape_default().to_string(),
        position: position + 1,
        why,
    };
    let Some(rule) = rule else {
        if let Some((i, c)) = trimmed.chars().enumerate().find(|(_, c)| *c == '|' || c.is_control()) {
            return Err(bad(i, c, "`|` separates the fields of seed strings, and control characters are not text"));
        }
        return Ok(trimmed.to_owned());
    };
    rule.validate()?;
    let mut digits = String::with_capacity(chars);
    for (i, c) in seed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (u32::from(c) - u32::from('０')) as u8)),
            c if SEPARATORS.contains(&c) => {}
            c => {
                return Err(bad(
                    i,
                    c,
                    "a seed under an announced rule is decimal digits, with spaces or separators between them",
                ))
            }
        }
    }
    if digits.len() != rule.digits as usize {
        return Err(SeedError::WrongLength {
            found: digits.len(),
            expected: rule.digits,
            announced: rule.announced.clone(),
        });
    }
    Ok(digits)
}
