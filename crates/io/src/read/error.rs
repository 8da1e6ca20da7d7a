//! What went wrong while reading, located by file, sheet, line, record,
//! id and column — and the file reads every reader shares.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// One problem found while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file (or the name given to `parse_*`).
    pub file: String,
    /// For a workbook: the sheet.
    pub sheet: Option<String>,
    /// Line in the file, 1-based (the CSV header is line 1), when known;
    /// for a workbook, the sheet's row as Excel numbers it.
    pub line: Option<u64>,
    /// For JSON input: the record, e.g. `objects[12]`.
    pub record: Option<String>,
    /// The id of the record at fault, when it has one.
    pub id: Option<String>,
    /// The column (CSV) or field (JSON) at fault, by its English name.
    pub column: Option<String>,
    /// For CSV: the column's header as written in the file (may be Chinese).
    pub header: Option<String>,
    /// What is wrong, with the bad value and what was expected.
    pub message: String,
}

impl ReadError {
    pub(crate) fn file(file: &str, message: impl Into<String>) -> Self {
        ReadError {
            file: file.to_owned(),
            sheet: None,
            line: None,
            record: None,
            id: None,
            column: None,
            header: None,
            message: message.into(),
        }
    }
}

impl ReadError {
    /// Where the problem is, without the line and the id: what problems of
    /// one kind share.
    fn place(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet `{sheet}`")?;
        }
        Ok(())
    }

    fn column(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.column, &self.header) {
            (Some(column), Some(header)) if header != column => write!(f, ", column `{header}` ({column})"),
            (Some(column), Some(_)) => write!(f, ", column `{column}`"),
            (Some(column), None) => write!(f, ", field `{column}`"),
            (None, _) => Ok(()),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.place(f)?;
        match (&self.sheet, self.line) {
            (Some(_), Some(row)) => write!(f, ", row {row}")?,
            (None, Some(line)) => write!(f, ":{line}")?,
            _ => {}
        }
        if let Some(record) = &self.record {
            write!(f, ", {record}")?;
        }
        if let Some(id) = &self.id {
            write!(f, " (id \"{}\")", clip(id, 80))?;
        }
        self.column(f)?;
        write!(f, ": {}", clip(&self.message, 600))
    }
}

/// Problems of one kind shown as one line: where, how many, the first
/// lines, and the first one's message.
struct Grouped<'e>(&'e [&'e ReadError]);

impl fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(first) = self.0.first() else { return Ok(()) };
        first.place(f)?;
        first.column(f)?;
        let rows = if first.sheet.is_some() { "rows" } else { "lines" };
        let lines: Vec<String> = self.0.iter().filter_map(|e| e.line).take(3).map(|l| l.to_string()).collect();
        match lines.as_slice() {
            [] => write!(f, ": {} times", self.0.len())?,
            _ => write!(f, ": {} {rows}, first {rows} {}", self.0.len(), lines.join(", "))?,
        }
        if let Some(id) = &first.id {
            write!(f, " (first id \"{}\")", clip(id, 80))?;
        }
        write!(f, ": {}", clip(&first.message, 600))
    }
}

/// `s` cut to about `max` characters, its head and tail kept: a 10 MB
/// value on a bad row must not become 10 MB of error output.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let count = s.chars().count();
    if count <= max {
        return std::borrow::Cow::Borrowed(s);
    }
    let head: String = s.chars().take(max * 2 / 3).collect();
    let tail: String = s.chars().skip(count - max / 6).collect();
    std::borrow::Cow::Owned(format!(
        "{head} … [{} characters cut] … {tail}",
        count - head.chars().count() - tail.chars().count()
    ))
}

impl std::error::Error for ReadError {}

/// Every problem found while reading, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", lines(.0))]
pub struct ReadErrors(pub Vec<ReadError>);

/// How many problems are shown one per line; past them, every kind of
/// fault is one line with a count. A file with a wrong column on every one
/// of its million rows gives a screen of errors, not megabytes.
pub const SHOWN_IN_FULL: usize = 100;

/// How many problems one file may give before reading stops: enough to
/// see every kind of fault, bounded in memory whatever the file.
pub const MAX_PROBLEMS: usize = 10_000;

/// Problems of one kind from this many on are one line ("200 rows: …;
/// first rows 3, 4, 5"): a county's name in place of its id on every row
/// is one fault, not two hundred.
pub const GROUPED_FROM: usize = 4;

fn lines(errors: &[ReadError]) -> String {
    // Kinds in the order they first appear, each with its problems.
    let mut kinds: Vec<Vec<&ReadError>> = Vec::new();
    let mut place: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for error in errors {
        let at = *place.entry(kind(error)).or_insert_with(|| {
            kinds.push(Vec::new());
            kinds.len() - 1
        });
        if let Some(group) = kinds.get_mut(at) {
            group.push(error);
        }
    }
    let mut out = Vec::new();
    let mut in_full = 0;
    for group in &kinds {
        if group.len() < GROUPED_FROM && in_full + group.len() <= SHOWN_IN_FULL {
            in_full += group.len();
            out.extend(group.iter().map(ToString::to_string));
        } else {
            out.push(Grouped(group).to_string());
        }
    }
    out.join("\n")
}

/// A problem's kind: its file, sheet and column, and its message with the
/// values in it (quoted, or numbers) taken out.
fn kind(error: &ReadError) -> String {
    let mut template = String::new();
    let mut quoted = false;
    for c in error.message.chars() {
        match c {
            '`' | '"' => {
                quoted = !quoted;
                template.push(c);
            }
            _ if quoted => {}
            '0'..='9' if template.ends_with('#') => {}
            '0'..='9' => template.push('#'),
            _ => template.push(c),
        }
    }
    format!("{}\u{1f}{:?}\u{1f}{:?}\u{1f}{template}", error.file, error.sheet, error.column)
}

impl ReadErrors {
    /// The individual problems.
    pub fn errors(&self) -> &[ReadError] {
        &self.0
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn one(error: ReadError) -> Self {
        ReadErrors(vec![error])
    }
}

/// The most bytes one input may hold: 1 GiB, four times a province's
/// 3.5 M objects (272 MB of CSV, 250 MB as a JSON request). A larger file
/// is refused before a byte is read; a pipe or a device (`/dev/zero`) is
/// read up to the bound and refused there, never without end.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

fn too_large(name: &str) -> ReadError {
    ReadError::file(
        name,
        format!(
            "larger than {} MiB, the most one input may be: this is not a registry, request or plan \
             (or split the registry by unit)",
            MAX_INPUT_BYTES >> 20
        ),
    )
}

/// Reads everything from `reader` (at most [`MAX_INPUT_BYTES`]), for the
/// `parse_*` functions.
///
/// # Errors
/// A [`ReadErrors`] naming `name` when reading fails or the input is
/// larger than [`MAX_INPUT_BYTES`].
pub fn read_to_bytes(name: &str, reader: impl Read) -> Result<Vec<u8>, ReadErrors> {
    read_bounded(name, reader, true).map_err(|e| ReadErrors::one(*e))
}

/// How much of a stream is read at a time, and looked at for binary data
/// before the rest is read.
const CHUNK: usize = 64 << 10;

/// Reads `reader` to its end, at most [`MAX_INPUT_BYTES`]. A `stream` (a
/// pipe or a device, whose size is not known before) that starts with a
/// NUL byte in its first chunk is refused at once as binary: text files
/// have none, and `/dev/zero` is refused in a millisecond, not a gigabyte.
fn read_bounded(name: &str, mut reader: impl Read, stream: bool) -> Result<Vec<u8>, Box<ReadError>> {
    let max = usize::try_from(MAX_INPUT_BYTES).unwrap_or(usize::MAX);
    let mut bytes: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Box::new(ReadError::file(name, format!("cannot read: {e}")))),
        };
        let read = chunk.get(..n).unwrap_or_default();
        if bytes.len() + n > max {
            return Err(Box::new(too_large(name)));
        }
        if stream && bytes.is_empty() && is_binary(read) {
            return Err(Box::new(ReadError::file(
                name,
                "binary data, not text (a NUL byte at its start): give a CSV, JSON or TOML file",
            )));
        }
        if bytes.len() + n > bytes.capacity() {
            // Doubled as `read_to_end` would, but never past the bound.
            let want = (bytes.capacity() * 2).max(CHUNK).min(max);
            bytes.reserve_exact(want - bytes.len());
        }
        bytes.extend_from_slice(read);
    }
}

/// A NUL byte in `start`, which is neither UTF-16 (by its BOM) nor a
/// workbook (a zip, or an OLE `.xls`).
fn is_binary(start: &[u8]) -> bool {
    let known = [&b"\xff\xfe"[..], b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"];
    !known.iter().any(|m| start.starts_with(m)) && memchr::memchr(0, start).is_some()
}

/// Reads the file at `path` whole (`-`: standard input), at most
/// [`MAX_INPUT_BYTES`].
///
/// # Errors
/// A [`ReadErrors`] naming the file when it cannot be read or is larger
/// than [`MAX_INPUT_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadErrors> {
    read_path(path).map_err(|e| ReadErrors::one(*e))
}

/// Whether standard input was read already in this process.
static STDIN_READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) fn read_path(path: &Path) -> Result<Vec<u8>, Box<ReadError>> {
    // `-` is standard input, for every reader that takes a file; it is one
    // stream, read once: a second input given as `-` is refused, not read
    // as empty.
    if path == Path::new("-") {
        if STDIN_READ.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Err(Box::new(ReadError::file(
                "<stdin>",
                "standard input was read already, for another input: give at most one input as `-`",
            )));
        }
        return read_bounded("<stdin>", std::io::stdin().lock(), true);
    }
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| Box::new(ReadError::file(&name, format!("cannot read the file: {e}")));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
        return Err(Box::new(too_large(&name)));
    }
    if meta.is_file() {
        if let Ok(bytes) = read_large(&file, meta.len()) {
            return Ok(bytes);
        }
    }
    read_bounded(&name, file, !meta.is_file())
}

/// A file from which reading in parts pays.
const LARGE: u64 = 16 << 20;

/// A large file read in one part per core, each part by a read at its own
/// offset: the kernel's copy and the faults of the fresh pages were 0.12 s
/// on one core for the national object library's 272 MB, 0.064 s in two
/// parts. Anything unexpected (a small file, a file that shrank, any error)
/// is an `Err`, and the caller reads the file the plain way, which also
/// says the error in order.
#[cfg(unix)]
fn read_large(file: &std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    if len < LARGE {
        return Err(std::io::Error::other("small"));
    }
    let mut bytes = vec![0; usize::try_from(len).map_err(std::io::Error::other)?];
    let part = bytes.len().div_ceil(rayon::current_num_threads().max(1));
    bytes.par_chunks_mut(part).enumerate().try_for_each(|(i, chunk)| {
        let at = u64::try_from(i * part).map_err(std::io::Error::other)?;
        file.read_exact_at(chunk, at)
    })?;
    // Grown since its length was taken: read the plain way, bounded.
    let mut probe = [0u8; 1];
    if file.read_at(&mut probe, len)? != 0 {
        return Err(std::io::Error::other("grown"));
    }
    Ok(bytes)
}

#[cfg(not(unix))]
fn read_large(_file: &std::fs::File, _len: u64) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::other("reads in parts only on unix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        let dir = std::env::temp_dir().join(format!("ssj-read-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let large = dir.join("large.csv");
        // Not a multiple of any part size: the last part is short.
        let bytes: Vec<u8> = (0..LARGE as usize + 12_345).map(|i| (i % 251) as u8).collect();
        std::fs::write(&large, &bytes).unwrap();
        assert_eq!(read_path(&large).unwrap(), bytes);
        let small = dir.join("small.csv");
        std::fs::write(&small, b"id\nA\n").unwrap();
        assert_eq!(read_path(&small).unwrap(), b"id\nA\n");
        let missing = read_path(&dir.join("missing.csv")).unwrap_err();
        assert!(missing.to_string().contains("cannot read the file"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A location's column: `(header, column)`; the header alone for
/// ``column `x` ``, the column alone (a JSON field) for ``field `x` ``.
type Column<'l> = (Option<&'l str>, Option<&'l str>);

/// Where a [`ReadError`] is, read back from its English line (the
/// location before its message), to say the same in another language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Location<'l> {
    file: &'l str,
    sheet: Option<&'l str>,
    /// A sheet's row or a file's line.
    line: Option<&'l str>,
    record: Option<&'l str>,
    id: Option<&'l str>,
    column: Option<Column<'l>>,
}

impl<'l> Location<'l> {
    /// A line as [`ReadError`]'s (or a group's) display writes it, split
    /// into its location and its message; `None` for a line that starts
    /// with no location.
    pub(crate) fn split(line: &'l str) -> Option<(Location<'l>, &'l str)> {
        let at = message_start(line)?;
        let (mut head, message) = (line.get(..at)?, line.get(at + 2..)?);
        let mut location = Location::default();
        if let Some((rest, column)) = take_column(head) {
            location.column = Some(column);
            head = rest;
        }
        if let Some(rest) = head.strip_suffix("\")") {
            let (rest, id) = rest.rsplit_once(" (id \"")?;
            location.id = Some(id);
            head = rest;
        }
        if let Some((rest, record)) = head.rsplit_once(", ") {
            if record.ends_with(']') && record.contains('[') && !record.contains(' ') {
                location.record = Some(record);
                head = rest;
            }
        }
        if let Some((rest, row)) = head.rsplit_once(", row ") {
            if row.bytes().all(|b| b.is_ascii_digit()) {
                location.line = Some(row);
                head = rest;
            }
        } else if let Some((rest, line)) = head.rsplit_once(':') {
            if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) {
                location.line = Some(line);
                head = rest;
            }
        }
        if let Some(rest) = head.strip_suffix('`') {
            if let Some((file, sheet)) = rest.rsplit_once(", sheet `") {
                location.sheet = Some(sheet);
                head = file;
            }
        }
        let plain = location == Location::default();
        // A bare head is a location only when it names a file (a path with
        // no space: `task X` is words); one with a line, a record or a column
        // after it is a file whatever its name (`D:\2024年 名录\objects.csv`).
        if head.is_empty() || (plain && (head.contains(' ') || !head.contains(['.', '/']))) {
            return None;
        }
        location.file = head;
        Some((location, message))
    }

    /// The location in Chinese.
    pub(crate) fn zh(&self) -> String {
        let mut out = self.file.to_owned();
        if let Some(sheet) = self.sheet {
            out.push_str(&format!("，工作表 `{sheet}`"));
        }
        if let Some(line) = self.line {
            out.push_str(&format!(" 第 {line} 行"));
        }
        if let Some(record) = self.record {
            out.push_str(&format!("，{record}"));
        }
        if let Some(id) = self.id {
            out.push_str(&format!("（编号 \"{id}\"）"));
        }
        match self.column {
            Some((Some(header), Some(column))) => out.push_str(&format!("，列 `{header}`（{column}）")),
            Some((Some(header), None)) => out.push_str(&format!("，列 `{header}`")),
            Some((None, Some(field))) => out.push_str(&format!("，字段 `{field}`")),
            _ => {}
        }
        out
    }
}

/// Where the message begins: after the first `: ` outside quotes.
fn message_start(line: &str) -> Option<usize> {
    let mut quoted = None;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match quoted {
            Some(q) if b == q => quoted = None,
            Some(_) => {}
            None if b == b'`' || b == b'"' => quoted = Some(b),
            None if b == b':' && bytes.get(i + 1) == Some(&b' ') => return Some(i),
            None => {}
        }
    }
    None
}

/// The column part at the end of a location, and what is before it.
fn take_column(head: &str) -> Option<(&str, Column<'_>)> {
    if let Some((rest, tail)) = head.rsplit_once(", column `") {
        if let Some(header) = tail.strip_suffix('`') {
            return Some((rest, (Some(header), None)));
        }
        let (header, column) = tail.split_once("` (")?;
        return Some((rest, (Some(header), Some(column.strip_suffix(')')?))));
    }
    let (rest, tail) = head.rsplit_once(", field `")?;
    Some((rest, (None, Some(tail.strip_suffix('`')?))))
}
