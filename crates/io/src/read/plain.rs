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
/// file, a piece of it on each core at a time: `read_line` makes at most
/// one item of each line (given its number and its text without the line
/// ending), with the state `init` makes for each piece, and reports
/// problems into the piece's list. Returns the items, each item's line,
/// and the problems, all in the body's order whatever thread read them.
///
/// The items are written once, each piece into its own stretch of one
/// vector (a slot a line), and the slots of lines that made nothing are
/// then squeezed out in place. Built piece by piece and joined, every item
/// would be written twice, the second time into memory never touched
/// before: a national object library is 340 MB of records, and zeroing
/// fresh pages was 42 % of the samples of reading it that way
/// (docs/performance.md, "Memory written once").
pub(super) fn read_lines<S, T: Send, E: Send>(
    body: &str,
    first_line: u64,
    init: impl Fn() -> S + Sync,
    read_line: impl Fn(&mut S, u64, &str, &mut Vec<E>) -> Option<T> + Sync,
) -> (Vec<T>, Vec<u64>, Vec<E>) {
    let pieces = cut(body);
    // Each piece's lines: its line endings, and one more for a last line
    // without one (every piece but the body's last ends with one).
    let counts: Vec<usize> = pieces
        .par_iter()
        .map(|p| memchr::memchr_iter(b'\n', p.as_bytes()).count() + usize::from(!p.is_empty() && !p.ends_with('\n')))
        .collect();
    let firsts: Vec<u64> = counts
        .iter()
        .scan(first_line, |line, n| {
            let first = *line;
            *line += *n as u64;
            Some(first)
        })
        .collect();
    let total = counts.iter().sum();
    let mut items: Vec<Option<T>> = (0..total).into_par_iter().map(|_| None).collect();
    let mut lines: Vec<u64> = vec![0; total];
    let stretches = stretches(&mut items, &counts).into_iter().zip(stretches(&mut lines, &counts));
    let errors: Vec<Vec<E>> = pieces
        .par_iter()
        .zip(firsts)
        .zip(stretches.collect::<Vec<_>>())
        .map(|((piece, first), (items, lines))| {
            let mut state = init();
            let mut errors = Vec::new();
            let texts = piece.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line));
            for (((n, text), item), line) in (first..).zip(texts).zip(items).zip(lines) {
                *item = read_line(&mut state, n, text, &mut errors);
                *line = n;
            }
            errors
        })
        .collect();
    let mut made = items.iter().map(Option::is_some);
    lines.retain(|_| made.next().unwrap_or(false));
    // `filter_map` keeps the allocation, so the items move down within
    // memory already touched (`flatten` allocated anew when tried on Rust
    // 1.95; neither is promised by std, both give the same items).
    #[allow(clippy::filter_map_identity)]
    let items: Vec<T> = items.into_iter().filter_map(|item| item).collect();
    (items, lines, errors.into_iter().flatten().collect())
}

/// `all` cut into one stretch a piece, `counts` long each.
fn stretches<'v, X>(mut all: &'v mut [X], counts: &[usize]) -> Vec<&'v mut [X]> {
    let mut out = Vec::with_capacity(counts.len());
    for &n in counts {
        let n = n.min(all.len());
        let (stretch, rest) = std::mem::take(&mut all).split_at_mut(n);
        out.push(stretch);
        all = rest;
    }
    out
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
        let (read, lines, errors) =
            read_lines(&body, 2, || (), |(), _, l, _: &mut Vec<()>| Some(l.to_owned()).filter(|l| !l.is_empty()));
        assert_eq!((read.len(), lines.len(), errors.len()), (400_000, 400_000, 0));
        for (i, (n, line)) in lines.iter().zip(&read).enumerate() {
            assert_eq!((*n, line.as_str()), (i as u64 + 2, format!("row{i},名称{i}").as_str()));
        }
    }

    // Lines that make nothing (here: every third, and blank ones) leave no
    // gap: items, their lines and the problems stay in the body's order,
    // across pieces, with or without a line ending at the end.
    #[test]
    fn lines_that_make_nothing_leave_no_gap() {
        // The last row (399,999) is neither blank nor refused.
        let rows: Vec<String> =
            (0..400_000).map(|i| if i % 7 == 0 { String::new() } else { format!("r{i},{i:>24}") }).collect();
        for ending in ["\n", ""] {
            let body = format!("{}{ending}", rows.join("\n"));
            assert_eq!(body.ends_with('\n'), !ending.is_empty());
            assert!(cut(&body).len() > 2, "{} pieces", cut(&body).len());
            let (items, lines, errors) = read_lines(
                &body,
                5,
                || (),
                |(), n, l, errors: &mut Vec<u64>| {
                    if n % 3 == 0 {
                        errors.push(n);
                        None
                    } else {
                        Some(l.to_owned()).filter(|l| !l.is_empty())
                    }
                },
            );
            let expected: Vec<(u64, &String)> = (5..).zip(&rows).filter(|(n, l)| n % 3 != 0 && !l.is_empty()).collect();
            assert_eq!(expected.last().map(|(_, l)| l.as_str()), Some(format!("r399999,{:>24}", 399_999).as_str()));
            assert_eq!(lines.len(), items.len());
            assert_eq!(lines.iter().copied().zip(&items).collect::<Vec<_>>(), expected, "ending {ending:?}");
            assert_eq!(errors, (5..5 + rows.len() as u64).filter(|n| n % 3 == 0).collect::<Vec<_>>());
        }
    }
}
