//! The draw: consistent sampling (Rivest's `consistent_sampler`, the 2019+
//! decimal version, as used by VotingWorks' Arlo).
//!
//! Each candidate gets a *ticket*, a decimal fraction in (0, 1):
//!
//! ```text
//! sha256_hex(s)     = lowercase hex SHA-256 of the UTF-8 bytes of s
//! sha256_uniform(s) = "0." + reverse(zero-pad-to-64(decimal(int(sha256_hex(s), 16))))
//! ticket(id, seed)  = sha256_uniform(sha256_hex(seed) + id)
//! ```
//!
//! Candidates are taken in increasing ticket order (decimal strings compared
//! character by character, then by id). The order of any sub-population is
//! the full order filtered, so the draw does not depend on the order of the
//! records, and anyone with SHA-256 can re-derive it. A task's team is
//! ranked the same way by [`TeamTickets`] (SipHash-2-4 keyed by the task's
//! SHA-256). See `docs/draw-algorithm.md` for the seed strings this crate
//! uses.
//!
//! ```
//! use shuangsuiji::plan::draw::{first_fraction, sample_order};
//! assert!(first_fraction("AB-130", "01382438112797316654").starts_with("0.262997141228380084165"));
//! let order = sample_order("314159", ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]);
//! let ids: Vec<_> = order.iter().map(|t| t.id.as_str()).collect();
//! assert_eq!(ids, ["B-2", "B-3", "A-3", "A-2", "B-1", "A-1"]);
//! ```

use std::cmp::Ordering;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Lowercase hexadecimal SHA-256 of the UTF-8 bytes of `input`.
pub fn sha256_hex(input: &str) -> String {
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// SHA-256 of `input` as a decimal fraction in (0, 1): the digits of the
/// hash as a decimal integer, zero-padded to 64 digits, reversed.
pub fn sha256_uniform(input: &str) -> String {
    uniform_from_digest(&Sha256::digest(input.as_bytes()).into())
}

/// The ticket of `id` under `seed`: `sha256_uniform(sha256_hex(seed) + id)`.
pub fn first_fraction(id: &str, seed: &str) -> String {
    TicketSeed::new(seed).ticket_string(id)
}

/// A seed with its hash computed once, so many tickets can be drawn
/// without re-hashing it.
#[derive(Debug, Clone)]
pub struct TicketSeed {
    seed: String,
    prefix: Sha256,
    /// SHA-256's state after the 64 hex digits of the seed's hash: exactly
    /// one block, so a ticket of a short id is one more compression.
    state: Option<[u32; 8]>,
}

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const SHA256_IV: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// Bytes of a message that fit in one final SHA-256 block with its padding
/// (a `0x80` byte and the 8-byte length).
const ONE_BLOCK: usize = 55;

impl TicketSeed {
    /// Prepares `seed`.
    pub fn new(seed: &str) -> Self {
        let hex = sha256_hex(seed);
        let mut prefix = Sha256::new();
        prefix.update(hex.as_bytes());
        // The 64 hex digits are one block: compressed once here.
        let state = <[u8; 64]>::try_from(hex.as_bytes()).ok().map(|block| {
            let mut state = SHA256_IV;
            sha2::compress256(&mut state, &[block.into()]);
            state
        });
        TicketSeed { seed: seed.to_owned(), prefix, state }
    }

    /// The seed string.
    pub fn seed(&self) -> &str {
        &self.seed
    }

    /// The ticket of `id`, as its decimal string.
    pub fn ticket_string(&self, id: &str) -> String {
        uniform_from_digest(&self.digest(id))
    }

    /// The ticket of `id`.
    pub fn ticket(&self, id: &str) -> Ticket {
        Ticket::from_digest(&self.digest(id))
    }

    /// SHA-256 of the seed's hex hash followed by `id`. Almost every id
    /// fits the final block, which is then padded and compressed here
    /// directly (a third of a national draw's hashing time went to the
    /// hasher's buffering); longer ids take the hasher.
    fn digest(&self, id: &str) -> [u8; 32] {
        let bytes = id.as_bytes();
        let Some(mut state) = self.state.filter(|_| bytes.len() <= ONE_BLOCK) else {
            let mut h = self.prefix.clone();
            h.update(bytes);
            return h.finalize().into();
        };
        let mut block = [0u8; 64];
        let (message, length) = block.split_at_mut(56);
        if let Some(head) = message.get_mut(..bytes.len()) {
            head.copy_from_slice(bytes);
        }
        if let Some(end) = message.get_mut(bytes.len()) {
            *end = 0x80;
        }
        // The message is the 64 hex digits and the id, in bits.
        length.copy_from_slice(&((64 + bytes.len() as u64) * 8).to_be_bytes());
        sha2::compress256(&mut state, &[block.into()]);
        let mut digest = [0u8; 32];
        for (out, word) in digest.chunks_exact_mut(4).zip(state) {
            out.copy_from_slice(&word.to_be_bytes());
        }
        digest
    }
}

/// The tickets of one task's team draw (since `shuangsuiji.plan/3`).
///
/// ```text
/// key(s)            = the first 16 bytes of SHA-256 of the UTF-8 bytes of s
/// team_ticket(id,s) = SipHash-2-4 under key(s) of the UTF-8 bytes of id, a u64
/// ```
///
/// A task ranks its unit's officers (about 26 at national scale) and keeps
/// two, so a SHA-256 per person
/// was two thirds of the hashing of a national plan. SipHash-2-4 is a
/// pseudorandom function made for short inputs: keyed by the task's own
/// SHA-256 it orders people as unpredictably as a SHA-256 each would,
/// at a fifth of the cost. As with the objects' tickets, a person's ticket
/// depends only on the task's seed string and their own id, so taking one
/// person out never reorders the others.
///
/// ```
/// use shuangsuiji::plan::draw::TeamTickets;
/// let t = TeamTickets::new("20230101-7305981246|2023Q1|changji/hutubi|inspectors|CJ-HTB-00003");
/// assert_ne!(t.ticket("I-01"), t.ticket("I-02"));
/// ```
#[derive(Debug, Clone)]
pub struct TeamTickets {
    sip: siphasher::sip::SipHasher24,
}

impl TeamTickets {
    /// Keys the draw with `seed_string`.
    pub fn new(seed_string: &str) -> Self {
        let digest: [u8; 32] = Sha256::digest(seed_string.as_bytes()).into();
        let key = digest.first_chunk::<16>().copied().unwrap_or_default();
        TeamTickets { sip: siphasher::sip::SipHasher24::new_with_key(&key) }
    }

    /// The ticket of `id`: smaller is offered first.
    pub fn ticket(&self, id: &str) -> u64 {
        self.sip.hash(id.as_bytes())
    }
}

/// A ticket: the decimal fraction, kept exactly, with a numeric key for
/// fast comparison that orders exactly as the decimal strings do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ticket {
    /// The first 9 decimal digits after "0.", as an integer: enough to
    /// order almost every pair without converting the rest.
    key: u32,
    /// The digest, from which the full decimal string is re-derived.
    digest: [u8; 32],
}

impl Ticket {
    fn from_digest(digest: &[u8; 32]) -> Self {
        Ticket { key: reverse_chunk(low_chunk(digest)), digest: *digest }
    }

    /// The full decimal string, e.g. `0.4103108...`.
    pub fn decimal(&self) -> String {
        uniform_from_digest(&self.digest)
    }
}

impl Ord for Ticket {
    fn cmp(&self, other: &Self) -> Ordering {
        // The key holds the first 9 digits of both strings; only on a tie
        // (about one pair in 10^9) are the remaining digits converted.
        self.key.cmp(&other.key).then_with(|| compare_all_digits(&self.digest, &other.digest))
    }
}

impl PartialOrd for Ticket {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Ticket {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.decimal())
    }
}

/// A candidate with its ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drawn {
    /// The candidate's id.
    pub id: String,
    /// Its ticket.
    pub ticket: Ticket,
}

impl Ord for Drawn {
    fn cmp(&self, other: &Self) -> Ordering {
        self.ticket.cmp(&other.ticket).then_with(|| self.id.cmp(&other.id))
    }
}

impl PartialOrd for Drawn {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// All candidates in sampling order (sampling without replacement).
pub fn sample_order<I, S>(seed: &str, ids: I) -> Vec<Drawn>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let seed = TicketSeed::new(seed);
    let mut out: Vec<Drawn> =
        ids.into_iter().map(|id| Drawn { ticket: seed.ticket(id.as_ref()), id: id.as_ref().to_owned() }).collect();
    out.sort_unstable();
    out
}

/// 10^9, the largest power of ten below 2^32: the base of the decimal
/// conversion. Dividing a u64 by this constant compiles to a multiplication,
/// so the conversion needs no 128-bit division.
const TEN9: u64 = 1_000_000_000;

/// Decimal digits per base-10^9 chunk.
const CHUNK_DIGITS: usize = 9;

/// Chunks of 9 digits needed for any 256-bit number (2^256 < 10^78 ≤ 10^81).
const CHUNKS: usize = 9;

/// The digest as eight big-endian u32 limbs (each held in a u64).
fn limbs(digest: &[u8; 32]) -> [u64; 8] {
    let mut out = [0u64; 8];
    for (limb, chunk) in out.iter_mut().zip(digest.chunks_exact(4)) {
        let mut b = [0u8; 4];
        b.copy_from_slice(chunk);
        *limb = u64::from(u32::from_be_bytes(b));
    }
    out
}

/// Divides the 256-bit number (eight u32 limbs, most significant first) in
/// place by 10^9, returning the remainder. `skip` leading limbs are known to
/// be zero.
fn div_rem_ten9(n: &mut [u64; 8], skip: usize) -> u64 {
    let mut rem: u64 = 0;
    for limb in n.iter_mut().skip(skip) {
        // rem < 10^9 < 2^30, so cur < 2^62 and cur / 10^9 < 2^32.
        let cur = (rem << 32) | *limb;
        *limb = cur / TEN9;
        rem = cur % TEN9;
    }
    rem
}

/// The first `count` base-10^9 chunks of the digest's decimal value, least
/// significant first (later chunks are zero).
fn decimal_chunks(digest: &[u8; 32], count: usize) -> [u64; CHUNKS] {
    let mut n = limbs(digest);
    let mut chunks = [0u64; CHUNKS];
    let mut skip = n.iter().position(|l| *l != 0).unwrap_or(n.len());
    for c in chunks.iter_mut().take(count) {
        if skip == n.len() {
            break;
        }
        *c = div_rem_ten9(&mut n, skip);
        while n.get(skip).is_some_and(|l| *l == 0) {
            skip += 1;
        }
    }
    chunks
}

fn uniform_from_digest(digest: &[u8; 32]) -> String {
    let chunks = decimal_chunks(digest, CHUNKS);
    let top = chunks.iter().rposition(|c| *c != 0).unwrap_or(0);
    let top_digits = chunks.get(top).map_or(1, |c| c.checked_ilog10().unwrap_or(0) as usize + 1);
    let width = (top * CHUNK_DIGITS + top_digits).max(64);
    // Reversed digits: least significant first; zero padding ends up last.
    let mut s = String::with_capacity(width + 2);
    s.push_str("0.");
    let mut written = 0;
    for c in chunks {
        let mut c = c;
        for _ in 0..CHUNK_DIGITS {
            if written == width {
                break;
            }
            s.push(char::from(b'0' + u8::try_from(c % 10).unwrap_or(0)));
            c /= 10;
            written += 1;
        }
    }
    s
}

/// The digest's value modulo 10^9: its 9 least significant decimal digits,
/// which the ticket string lists first.
fn low_chunk(digest: &[u8; 32]) -> u32 {
    let rem = limbs(digest).iter().fold(0u64, |rem, limb| ((rem << 32) | limb) % TEN9);
    // rem < 10^9 < 2^32.
    u32::try_from(rem).unwrap_or(u32::MAX)
}

/// A base-10^9 chunk's 9 digits in reverse order, read as an integer: the
/// order of the chunk's characters in the ticket string.
fn reverse_chunk(chunk: u32) -> u32 {
    let (mut c, mut reversed) = (chunk, 0u32);
    for _ in 0..CHUNK_DIGITS {
        reversed = reversed * 10 + c % 10;
        c /= 10;
    }
    reversed
}

/// Orders two digests as their ticket strings: chunk by chunk, each
/// chunk's digits reversed. Two different digests differ in some chunk, and
/// a string shorter than another is padded with zeros up to 64 digits and
/// then ends where the longer one's remaining digits include a non-zero
/// one, so comparing the zero-extended chunks agrees with the strings.
fn compare_all_digits(a: &[u8; 32], b: &[u8; 32]) -> Ordering {
    let (a, b) = (decimal_chunks(a, CHUNKS), decimal_chunks(b, CHUNKS));
    let reversed = |c: &u64| reverse_chunk(u32::try_from(*c).unwrap_or(u32::MAX));
    a.iter().map(reversed).cmp(b.iter().map(reversed))
}

/// A seed string joined from parts with `|`, as `docs/draw-algorithm.md`
/// specifies.
pub fn seed_string(parts: &[&str]) -> String {
    parts.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    // The one-block path pads and compresses by hand; every id length in
    // bytes on both sides of the block's end (55 fits, 56 does not) must
    // hash as SHA-256 itself does, ASCII and multi-byte alike.
    #[test]
    fn tickets_hash_the_seeds_hex_and_the_id_at_every_length() {
        let seed = TicketSeed::new("31415926535897932384|2023Q2|u");
        let ids = (0..=130).map(|n| "x".repeat(n)).chain((0..=44).map(|n| "酒".repeat(n)));
        for id in ids {
            let naive: [u8; 32] = Sha256::digest(format!("{}{id}", sha256_hex(seed.seed())).as_bytes()).into();
            assert_eq!(seed.digest(&id), naive, "id of {} bytes", id.len());
        }
    }

    // SipHash-2-4 as its paper gives it (Appendix A), then a team ticket
    // computed by tests/reference/draw_record_check.py's own SipHash.
    #[test]
    fn team_tickets_are_siphash_2_4_under_the_seed_strings_sha256() {
        let key: [u8; 16] = std::array::from_fn(|i| i as u8);
        let message: Vec<u8> = (0..15).collect();
        assert_eq!(siphasher::sip::SipHasher24::new_with_key(&key).hash(&message), 0xa129_ca61_49be_45e5);
        assert_eq!(TeamTickets::new("x").ticket("I-01"), 0x5d4f_b745_19f2_ebef);
    }

    // Published examples of ron-rivest/consistent_sampler,
    // pkg/consistent_sampler/consistent_sampler.py.
    #[test]
    fn reference_sha256_hex() {
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn reference_sha256_uniform() {
        assert_eq!(
            sha256_uniform("abc"),
            "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
        );
    }

    #[test]
    fn reference_first_fraction() {
        assert_eq!(
            first_fraction("AB-130", "01382438112797316654"),
            "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
        );
    }

    #[test]
    fn reference_ticket_heap() {
        let seed = "xy()134!g2n";
        assert_eq!(
            first_fraction("cat", seed),
            "0.24866413894129579898796850445568128508290132707747976039848637531569373309555"
        );
        assert_eq!(
            first_fraction("goat", seed),
            "0.49599842072022713663423753308080171636735689997237236247068925068573448764387"
        );
    }

    #[test]
    fn reference_sampler_order_for_seed_314159() {
        let order = sample_order("314159", ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]);
        let got: Vec<(&str, String)> = order.iter().map(|d| (d.id.as_str(), d.ticket.decimal())).collect();
        let expected = [
            ("B-2", "0.410310858"),
            ("B-3", "0.470960291"),
            ("A-3", "0.471438751"),
            ("A-2", "0.567089805"),
            ("B-1", "0.9781715679"),
            ("A-1", "0.9828515724"),
        ];
        for ((id, ticket), (eid, eprefix)) in got.iter().zip(expected) {
            assert_eq!(*id, eid);
            assert!(ticket.starts_with(eprefix), "{id}: {ticket} should start with {eprefix}");
        }
    }

    #[test]
    fn numeric_key_orders_like_the_decimal_strings() {
        let seed = TicketSeed::new("order-check");
        let mut tickets: Vec<Ticket> = (0..2000).map(|i| seed.ticket(&format!("id-{i}"))).collect();
        tickets.sort();
        for pair in tickets.windows(2) {
            assert!(pair[0].decimal() <= pair[1].decimal());
        }
    }

    #[test]
    fn key_is_the_first_9_digits_of_the_decimal_string() {
        let seed = TicketSeed::new("key-check");
        let mut digests: Vec<[u8; 32]> = (0..5000).map(|i| seed.digest(&format!("id-{i}"))).collect();
        digests.extend([[0u8; 32], [0xff; 32], digest_of(7)]);
        for d in digests {
            let s = uniform_from_digest(&d);
            let want: u32 = s[2..11].parse().unwrap();
            assert_eq!(Ticket::from_digest(&d).key, want, "{s}");
        }
    }

    /// A digest whose big-endian integer is `n`.
    fn digest_of(n: u128) -> [u8; 32] {
        let mut d = [0u8; 32];
        d[16..].copy_from_slice(&n.to_be_bytes());
        d
    }

    #[test]
    fn tickets_with_equal_keys_order_like_the_decimal_strings() {
        // Same 9 lowest digits as a 78-digit digest, different higher
        // ones and lengths (9, 10, 19, 30 and 78 digits), so keys tie.
        let big = [0xabu8; 32];
        let r = u128::from(low_chunk(&big));
        let mut digests: Vec<[u8; 32]> =
            [r, r + 10u128.pow(9), r + 3 * 10u128.pow(18), r + 10u128.pow(29), r].into_iter().map(digest_of).collect();
        digests.extend([big, [0x11; 32]]);
        let mut tickets: Vec<Ticket> = digests.iter().map(Ticket::from_digest).collect();
        tickets.sort();
        for pair in tickets.windows(2) {
            assert!(pair[0].decimal() <= pair[1].decimal(), "{} > {}", pair[0].decimal(), pair[1].decimal());
            assert_eq!(pair[0].cmp(&pair[1]), pair[0].decimal().cmp(&pair[1].decimal()));
        }
        assert_eq!(tickets[0].key, tickets[4].key, "the test must exercise ties");
    }

    #[test]
    fn short_decimal_expansions_are_padded_to_64_digits() {
        // A digest whose integer has few digits: all zero but the last byte.
        let mut d = [0u8; 32];
        d[31] = 7;
        assert_eq!(uniform_from_digest(&d), format!("0.7{}", "0".repeat(63)));
    }
}
