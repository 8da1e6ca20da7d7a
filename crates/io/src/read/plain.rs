//! Quote-free CSV bodies, read on every core.
//!
//! Most exports quote nothing: a bureau's object library has no comma or
//! line break inside a name. In such a body every line ending ends a record
//! and every comma ends a field, so the body can be cut at any line ending
//! and the pieces read at once, with no CSV state machine and no second
//! UTF-8 check (the text is already a `str`). A body with a quote, or with
//! a carriage return that does not start a CRLF, is not plain and goes to
//! the CSV reader as before. Both ways give the same records, lines and
//! problems; the tests of `read` compare them on generated files.

use rayon::prelude::*;

/// Pieces of about this many bytes (a few tens of thousands of rows) keep
/// both cores busy to the end without a builder per handful of rows.
const PIECE: usize = 4 << 20;

/// Whether every line ending of `body` ends a record and every comma ends
/// a field: no quote, and every `\r` followed by `\n`.
pub(super) fn is_plain(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr(b'"', bytes).is_none() && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'))
}

/// Reads a plain `body` whose first line is line `first_line` of its
/// file: `read_piece` gets each piece's lines with their line numbers and
/// returns what it built; the pieces' results come back in the body's
/// order, whatever thread read them.
pub(super) fn read_pieces<R: Send>(
    body: &str,
    first_line: u64,
    read_piece: impl Fn(&mut dyn Iterator<Item = (u64, &str)>) -> R + Sync,
) -> Vec<R> {
    let pieces = cut(body);
    // Each piece's first line: the line endings of the pieces before it.
    let endings: Vec<u64> =
        pieces.par_iter().map(|p| memchr::memchr_iter(b'\n', p.as_bytes()).count() as u64).collect();
    let firsts: Vec<u64> = endings
        .iter()
        .scan(first_line, |line, n| {
            let first = *line;
            *line += n;
            Some(first)
        })
        .collect();
    pieces
        .par_iter()
        .zip(firsts)
        .map(|(piece, first)| {
            let mut lines =
                piece.split('\n').zip(first..).map(|(line, n)| (n, line.strip_suffix('\r').unwrap_or(line)));
            read_piece(&mut lines)
        })
        .collect()
}

/// `body` cut after a line ending about every [`PIECE`] bytes.
fn cut(body: &str) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(body.len() / PIECE + 1);
    let mut rest = body;
    while rest.len() > PIECE {
        let Some(end) = rest.as_bytes().get(PIECE..).and_then(|tail| memchr::memchr(b'\n', tail)) else { break };
        // The byte after a `\n` always starts a character.
        let (piece, tail) = rest.split_at(PIECE + end + 1);
        pieces.push(piece);
        rest = tail;
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_means_no_quote_and_no_lone_carriage_return() {
        for (body, plain) in [
            ("a,b\n1,2\n", true),
            ("a,b\r\n1,2\r\n", true),
            ("", true),
            ("a,\"b\"\n", false),
            ("a,b\r1,2\n", false),
            ("a,b\r", false),
        ] {
            assert_eq!(is_plain(body), plain, "{body:?}");
        }
    }

    #[test]
    fn pieces_end_at_line_endings_and_keep_every_line_once_in_order() {
        let body: String = (0..400_000).map(|i| format!("row{i},名称{i}\r\n")).collect();
        let pieces = cut(&body);
        assert!(pieces.len() > 2, "{} pieces", pieces.len());
        assert_eq!(pieces.concat(), body);
        assert!(pieces.iter().all(|p| p.ends_with('\n')));
        let read = read_pieces(&body, 2, |lines| lines.map(|(n, l)| (n, l.to_owned())).collect::<Vec<_>>());
        let lines: Vec<(u64, String)> = read.into_iter().flatten().filter(|(_, l)| !l.is_empty()).collect();
        assert_eq!(lines.len(), 400_000);
        for (i, (n, line)) in lines.iter().enumerate() {
            assert_eq!((*n, line.as_str()), (i as u64 + 2, format!("row{i},名称{i}").as_str()));
        }
    }
}
