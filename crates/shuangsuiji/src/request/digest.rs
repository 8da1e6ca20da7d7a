//! The input digest: SHA-256 of a canonical serialization of everything
//! that decides a plan, independent of record order and JSON formatting.
//!
//! The canonical form is a sequence of lines, each a compact JSON value
//! (serde_json, fields in declaration order, sets sorted) ending in `\n`:
//!
//! 1. `"shuangsuiji.input/1"`;
//! 2. the seed, the quarter, the drawing units (sorted), the policy;
//! 3. the jurisdictions, objects and inspectors, each sorted by id;
//! 4. the history, each inspection with its inspector list sorted, the
//!    inspections sorted by their canonical line;
//! 5. the targeted requests and campaigns, sorted by their canonical line.
//!
//! Section headers (`"jurisdictions"`, …) separate the lists so records
//! cannot move between them unnoticed.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::PlanRequest;

/// Version tag of the canonical form; changes only with a new format.
pub const CANONICAL_VERSION: &str = "shuangsuiji.input/1";

/// The SHA-256 (lowercase hex) of the request's canonical form.
pub fn input_digest(request: &PlanRequest) -> String {
    let mut h = Hasher::default();
    h.line(&CANONICAL_VERSION);
    h.line(&request.seed);
    h.line(&request.quarter);
    let mut units: Vec<&String> = request.units.iter().collect();
    units.sort();
    h.line(&units);
    h.line(&request.policy);

    h.line(&"jurisdictions");
    let mut js: Vec<_> = request.registry.jurisdictions.iter().collect();
    js.sort_by(|a, b| a.id.cmp(&b.id));
    js.iter().for_each(|r| h.line(r));

    h.line(&"objects");
    let mut os: Vec<_> = request.registry.objects.iter().collect();
    os.sort_by(|a, b| a.id.cmp(&b.id));
    os.iter().for_each(|r| h.line(r));

    h.line(&"inspectors");
    let mut is: Vec<_> = request.registry.inspectors.iter().collect();
    is.sort_by(|a, b| a.id.cmp(&b.id));
    is.iter().for_each(|r| h.line(r));

    h.line(&"history");
    let history = sorted_lines(request.history.iter().map(|i| {
        let mut i = i.clone();
        i.inspectors.sort();
        i
    }));
    history.iter().for_each(|l| h.raw(l));

    h.line(&"targeted");
    sorted_lines(request.targeted.iter()).iter().for_each(|l| h.raw(l));
    h.line(&"campaigns");
    sorted_lines(request.campaigns.iter()).iter().for_each(|l| h.raw(l));

    hex::encode(h.finish())
}

fn sorted_lines<T: Serialize>(items: impl Iterator<Item = T>) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = items.map(|i| serde_json::to_vec(&i).unwrap_or_default()).collect();
    lines.sort();
    lines
}

/// SHA-256 fed through a buffer: serde_json writes a record in many small
/// pieces, and the hasher is given them in 64 KiB batches instead.
#[derive(Default)]
struct Hasher {
    sha: Sha256,
    buffer: Vec<u8>,
}

impl Hasher {
    const BATCH: usize = 1 << 16;

    fn line<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Writing to a Vec cannot fail; serializing these types cannot fail
        // either (no maps with non-string keys).
        let _ = serde_json::to_writer(&mut self.buffer, value);
        self.buffer.push(b'\n');
        self.flush_if_full();
    }

    fn raw(&mut self, line: &[u8]) {
        self.buffer.extend_from_slice(line);
        self.buffer.push(b'\n');
        self.flush_if_full();
    }

    fn flush_if_full(&mut self) {
        if self.buffer.len() >= Self::BATCH {
            self.sha.update(&self.buffer);
            self.buffer.clear();
        }
    }

    fn finish(mut self) -> [u8; 32] {
        self.sha.update(&self.buffer);
        self.sha.finalize().into()
    }
}
