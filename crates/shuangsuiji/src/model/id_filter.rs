//! [`IdFilter`]: which ids are surely not in a small set, told from a bit.

use std::hash::BuildHasher;

/// A bit for each member's hash, 16 to 32 bits a member (a power of two):
/// an id whose bit is clear is not a member. A national plan asks of each
/// of 3.5 M objects whether it is among a few hundred thousand (referenced,
/// or in the history); the bits stay in cache where the set's table does
/// not, so most objects are ruled out without a look into the table. About
/// 3–6 % of non-members get through and are looked up as before.
pub(crate) struct IdFilter {
    /// The bits, a power of two of them (at least 64).
    words: Vec<u64>,
}

impl IdFilter {
    /// The filter of `ids`.
    pub(crate) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdFilter {
        // Past 2^63 bits there is no power of two to round to; never met.
        let bits = ids.len().saturating_mul(16).checked_next_power_of_two().unwrap_or(1 << (usize::BITS - 1)).max(64);
        let mut filter = IdFilter { words: vec![0; bits / 64] };
        for id in ids {
            let (word, bit) = filter.place(id);
            if let Some(w) = filter.words.get_mut(word) {
                *w |= bit;
            }
        }
        filter
    }

    /// Whether `id` may be a member: `false` only if it is not.
    pub(crate) fn may_hold(&self, id: &str) -> bool {
        let (word, bit) = self.place(id);
        self.words.get(word).is_some_and(|w| w & bit != 0)
    }

    /// The word and the bit of `id`'s hash, cut to the number of bits.
    fn place(&self, id: &str) -> (usize, u64) {
        let bits = self.words.len() as u64 * 64;
        let at = rustc_hash::FxBuildHasher.hash_one(id) & (bits - 1);
        // `at` is below the number of bits, a `usize`: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let word = (at / 64) as usize;
        (word, 1 << (at % 64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_may_be_held_and_most_others_are_ruled_out() {
        let members: Vec<String> = (0..5_000).map(|i| format!("N001-01-{i:05}")).collect();
        let filter = IdFilter::new(members.iter().map(String::as_str));
        assert!(members.iter().all(|m| filter.may_hold(m)));
        let others = (0..100_000).map(|i| format!("X{i}")).filter(|o| filter.may_hold(o)).count();
        // 5,000 members in 131,072 bits: about 4 % get through; a filter
        // that ruled nothing out would let all through.
        assert!(others < 10_000, "{others} of 100000 got through");
        assert!(!IdFilter::new(std::iter::empty()).may_hold("a"));
    }
}
