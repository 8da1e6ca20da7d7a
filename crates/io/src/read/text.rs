//! Bytes to text as bureaus' files come: UTF-8 with or without a BOM,
//! GB18030/GBK (the default of Excel and WPS on Chinese Windows), UTF-16
//! ("Unicode text") — decoded with `encoding_rs`, never guessed silently:
//! a file read as anything but UTF-8 yields a [`Notice`].

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::error::ReadError;

/// How to decode text files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8 (with or without a BOM); a UTF-16 BOM means UTF-16; bytes that
    /// are not UTF-8 are read as GB18030 (a superset of GBK and GB2312),
    /// with a notice.
    #[default]
    Auto,
    /// UTF-8 only: anything else is refused.
    Utf8,
    /// GB18030 (GBK, GB2312).
    Gb18030,
    /// UTF-16, little-endian unless a BOM says otherwise.
    Utf16,
}

impl FromStr for TextEncoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "auto" => Ok(TextEncoding::Auto),
            "utf8" => Ok(TextEncoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Ok(TextEncoding::Gb18030),
            "utf16" | "utf16le" | "unicode" => Ok(TextEncoding::Utf16),
            _ => Err(format!("unknown encoding `{s}`; give auto, utf-8, gbk (gb18030) or utf-16")),
        }
    }
}

/// How the readers treat their input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// The text encoding of CSV and JSON files.
    pub encoding: TextEncoding,
    /// For a registry of two libraries without a jurisdiction table: the
    /// bureau whose libraries they are, from which the tree is made
    /// ([`Bureau::tree`](super::bureau::Bureau::tree)). A jurisdiction table, when
    /// there is one, is read instead.
    pub bureau: Option<super::bureau::Bureau>,
}

/// Something the reader did that the user should know of (a file decoded
/// as GB18030, say), short of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The file.
    pub file: String,
    /// What was done.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// A value read, with the notices reading it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    /// The value.
    pub value: T,
    /// What the reader did that the user should know of.
    pub notices: Vec<Notice>,
}

impl<T> Loaded<T> {
    /// The value made into another, the notices kept.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Loaded<U> {
        Loaded { value: f(self.value), notices: self.notices }
    }
}

/// Decodes `bytes` as `encoding` says; a notice when the text was not UTF-8.
pub(crate) fn decode<'a>(
    file: &str,
    bytes: &'a [u8],
    encoding: TextEncoding,
) -> Result<(Cow<'a, str>, Option<Notice>), Box<ReadError>> {
    let notice = |message: String| Some(Notice { file: file.to_owned(), message });
    let utf16_bom = match bytes {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    };
    // A UTF-16 BOM settles it.
    let encoding = if encoding == TextEncoding::Auto && utf16_bom.is_some() { TextEncoding::Utf16 } else { encoding };
    match encoding {
        TextEncoding::Utf16 => {
            let (with, bom) = match utf16_bom {
                Some(e) => (e, 2),
                None => (UTF_16LE, 0),
            };
            let text = strict(file, with, bytes.get(bom..).unwrap_or_default())?;
            Ok((Cow::Owned(text), notice(format!("read as {} (\"Unicode text\")", with.name()))))
        }
        TextEncoding::Auto => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match utf8(body) {
                Ok(text) => Ok((Cow::Borrowed(text), None)),
                Err(_) => match strict(file, GB18030, body) {
                    Ok(text) => Ok((
                        Cow::Owned(text),
                        notice(
                            "not UTF-8: read as GB18030 (GBK), the encoding Excel and WPS use on Chinese Windows; give --encoding utf-8 to refuse such files".into(),
                        ),
                    )),
                    Err(_) => Err(not_utf8(file, body, "neither UTF-8 nor GBK/GB18030")),
                },
            }
        }
        TextEncoding::Utf8 => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            utf8(body)
                .map(|t| (Cow::Borrowed(t), None))
                .map_err(|_| not_utf8(file, body, "not UTF-8 (--encoding utf-8); give --encoding gbk for a GBK export"))
        }
        TextEncoding::Gb18030 => {
            let text = strict(file, GB18030, bytes)?;
            Ok((Cow::Owned(text), notice("read as GB18030 (GBK), as --encoding asks".into())))
        }
    }
}

/// `bytes` in `encoding`, refusing malformed sequences (never replacing).
/// `bytes` as UTF-8 text, checked with SIMD instructions (simdutf8): an
/// object library's 272 MB took 0.08 s with `std::str::from_utf8`. Only
/// whether it is valid is needed here; where it fails, [`not_utf8`] asks
/// `std` for the place.
fn utf8(bytes: &[u8]) -> Result<&str, simdutf8::basic::Utf8Error> {
    simdutf8::basic::from_utf8(bytes)
}

fn strict(file: &str, encoding: &'static Encoding, bytes: &[u8]) -> Result<String, Box<ReadError>> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
        .ok_or_else(|| Box::new(ReadError::file(file, format!("the file is not valid {}", encoding.name()))))
}

fn not_utf8(file: &str, body: &[u8], what: &str) -> Box<ReadError> {
    let valid = std::str::from_utf8(body).err().map_or(body.len(), |e| e.valid_up_to());
    let line = body.get(..valid).unwrap_or_default().iter().filter(|&&b| b == b'\n').count() + 1;
    let mut error = ReadError::file(
        file,
        format!("the file is {what} (first bad byte on line {line}); save it from Excel as \"CSV UTF-8\", or give --encoding"),
    );
    error.line = u64::try_from(line).ok();
    Box::new(error)
}

/// Line numbers of byte offsets, counted forward: the CSV reader's own
/// line count is off by one for CRLF files (BurntSushi/rust-csv#395), so
/// lines are counted from the bytes.
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        LineCounter { text: text.as_bytes(), at: 0, line: 1 }
    }

    /// The 1-based line holding byte `offset` (offsets must not decrease).
    pub(crate) fn line_of(&mut self, offset: u64) -> u64 {
        let to = record_start(self.text, offset).max(self.at);
        self.line += line_ends(self.text, self.at, to);
        self.at = to;
        self.line
    }

    /// The line of `offset`, counted afresh (for errors, out of order).
    pub(crate) fn line_at(text: &str, offset: u64) -> u64 {
        let to = record_start(text.as_bytes(), offset);
        1 + line_ends(text.as_bytes(), 0, to)
    }
}

/// The line endings that start in `text[from..to]`, as the CSV reader
/// ends records: `\n`, `\r\n`, or a lone `\r` (the "CSV (Macintosh)"
/// export of old Excel). A CR is judged by the byte after it even past
/// `to`, so a CRLF cut between its halves counts once, on its LF.
pub(crate) fn line_ends(text: &[u8], from: usize, to: usize) -> u64 {
    let part = text.get(from..to).unwrap_or_default();
    let feeds = memchr::memchr_iter(b'\n', part).count();
    let lone_returns = memchr::memchr_iter(b'\r', part).filter(|&i| text.get(from + i + 1) != Some(&b'\n')).count();
    (feeds + lone_returns) as u64
}

/// Where a record at `offset` really starts: after a CRLF the CSV reader
/// reports the `\n` of the line ending as the next record's first byte.
fn record_start(text: &[u8], offset: u64) -> usize {
    let mut at = usize::try_from(offset).unwrap_or(usize::MAX).min(text.len());
    while matches!(text.get(at), Some(b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The longest a line of a CSV file may be: a record of every column at
/// its longest is some tens of kilobytes. A longer line is not a record
/// (a file whose line ends were lost, a binary file), and reading it as
/// one would hold it several times over.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The first line of `text` longer than [`MAX_LINE_BYTES`]: its number
/// and length.
pub(crate) fn overlong_line(text: &[u8]) -> Option<(u64, usize)> {
    let mut start = 0;
    for end in memchr::memchr2_iter(b'\n', b'\r', text).chain(std::iter::once(text.len())) {
        if end - start > MAX_LINE_BYTES {
            return Some((1 + line_ends(text, 0, start), end - start));
        }
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(bytes: &[u8]) -> (String, bool) {
        let (text, notice) = decode("f.csv", bytes, TextEncoding::Auto).unwrap();
        (text.into_owned(), notice.is_some())
    }

    #[test]
    fn every_encoding_a_bureau_exports_decodes_to_the_same_text() {
        let text = "名称,级别\n昌吉州,州\n";
        let (gbk, _, _) = GB18030.encode(text);
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let bom: Vec<u8> = b"\xEF\xBB\xBF".iter().chain(text.as_bytes()).copied().collect();
        assert_eq!(auto(text.as_bytes()), (text.to_owned(), false));
        assert_eq!(auto(&bom), (text.to_owned(), false));
        assert_eq!(auto(&gbk), (text.to_owned(), true));
        assert_eq!(auto(&utf16), (text.to_owned(), true));
    }

    #[test]
    fn utf8_only_refuses_gbk_and_says_how_to_read_it() {
        let (gbk, _, _) = GB18030.encode("昌吉州\n呼图壁县\n");
        let e = decode("f.csv", &gbk, TextEncoding::Utf8).unwrap_err();
        assert!(e.message.contains("--encoding gbk"), "{e}");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn lines_are_counted_from_the_bytes() {
        let text = "a\r\nb\r\nc";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(3), 2);
        assert_eq!(lines.line_of(6), 3);
        assert_eq!(LineCounter::line_at(text, 6), 3);
    }
}
