//! Reading the two libraries, the jurisdiction tree and the history from
//! CSV and JSON files.
//!
//! This is the only module that touches the file system. The column names,
//! their Chinese aliases and the accepted values are documented in
//! `docs/registry-format.md`.
//!
//! Every reader collects all problems before failing: every bad row and
//! field is reported in one run, each naming the file, the line (1-based,
//! the header is line 1), the column, the bad value and what was expected.
//! After parsing, the registry is checked with
//! [`shuangsuiji::model::validate::validate_registry`] (the history with
//! [`shuangsuiji::model::validate::validate_history`]) and those problems are
//! reported the same way. No reader panics on any input.
//!
//! The `read_*` functions take a path; the `parse_*` functions take the
//! content (`&str`, `&[u8]` or `Vec<u8>`) and a name to use in messages.
//! [`read_to_bytes`] turns any [`std::io::Read`] into such content.

use std::collections::{BTreeMap, BTreeSet};

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use shuangsuiji::audit::amend::PlanLog;
use shuangsuiji::model::validate::{
    validate_history, validate_registry, RecordKind, ValidRegistry, ValidationError, ValidationErrors,
};
use shuangsuiji::model::{
    Category, Credit, DateRange, Inspection, InspectionKind, Inspector, Jurisdiction, Level, ObjectTags, Pool,
    Registry, RegulatedObject, Role, SharedId, SharedIds, Status,
};
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::publish::results::InspectionResult;
use shuangsuiji::publish::year::{history_from_plan, history_from_results};

mod bureau;
pub(crate) mod error;
mod json;
mod mangled;
mod plain;
mod text;
mod xlsx;

use error::read_path;
pub use error::{
    clip, read_file, read_to_bytes, ReadError, ReadErrors, GROUPED_FROM, MAX_INPUT_BYTES, MAX_PROBLEMS, SHOWN_IN_FULL,
};
pub use xlsx::{MAX_INFLATED_BYTES, MAX_SHARED_STRINGS_BYTES, MAX_SHEET_COLUMNS};

pub use json::{parse_json_as, parse_json_object_as, read_json_as, read_json_object_as};

pub use bureau::{Bureau, PARK_ENDINGS, PLACEHOLDER_ID};
use text::LineCounter;
pub use text::{Loaded, Notice, ReadOptions, TextEncoding, MAX_LINE_BYTES};

/// File name of the jurisdiction tree in a registry directory.
pub const JURISDICTIONS_FILE: &str = "jurisdictions.csv";
/// File name of the object library in a registry directory.
pub const OBJECTS_FILE: &str = "objects.csv";
/// File name of the inspector library in a registry directory.
pub const INSPECTORS_FILE: &str = "inspectors.csv";

fn finish<T>(value: T, errors: Vec<ReadError>) -> Result<T, ReadErrors> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(ReadErrors(errors))
    }
}

// ---------------------------------------------------------------- content

// ---------------------------------------------------------------- columns

/// A documented column: its English name, Chinese (and other) aliases, and
/// whether the header must have it.
struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { name, aliases, required }
}

/// A column of one library: its place in that library's list, so that a
/// cell is found by an index, not by hashing its name (3.5 M rows of 19
/// cells: the lookups by name were a third of reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key(usize);

/// Declares a library's columns: the list its header is matched against,
/// and on the type `$keys` a [`Key`] for each, named after it.
macro_rules! columns {
    ($list:ident, $keys:ident; $($key:ident = $name:literal, [$($alias:literal),*], $required:literal;)*) => {
        const $list: &[Column] = &[$(col($name, &[$($alias),*], $required)),*];

        /// The keys of the columns of one library.
        struct $keys;

        #[allow(dead_code)]
        impl $keys {
            $(const $key: Key = Key(place($list, $name));)*
        }
    };
}

/// The place of the column `name` in `columns` (evaluated at compile time;
/// the names come from the same list, so it is always found).
const fn place(columns: &[Column], name: &str) -> usize {
    let (mut rest, mut i) = (columns, 0);
    while let [column, tail @ ..] = rest {
        if same(column.name.as_bytes(), name.as_bytes()) {
            return i;
        }
        (rest, i) = (tail, i + 1);
    }
    usize::MAX
}

const fn same(mut a: &[u8], mut b: &[u8]) -> bool {
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, ra @ ..], [y, rb @ ..]) if *x == *y => (a, b) = (ra, rb),
            _ => return false,
        }
    }
}

columns! {
    JURISDICTION_COLUMNS, JurisdictionCol;
    ID = "id", ["区域代码", "编号", "代码", "区域编号"], true;
    NAME = "name", ["区域名称", "名称", "区域"], true;
    LEVEL = "level", ["级别", "层级", "类型"], true;
    PARENT = "parent", ["上级", "上级区域", "上级编号"], false;
}

columns! {
    OBJECT_COLUMNS, ObjectCol;
    ID = "id", ["统一社会信用代码", "信用代码", "编号", "排污许可证编号"], true;
    NAME = "name", ["单位名称", "名称", "企业名称"], true;
    JURISDICTION = "jurisdiction", ["所属区域", "区域", "所属辖区", "辖区"], true;
    CATEGORY = "category", ["监管类别", "类别"], true;
    STATUS = "status", ["状态", "生产状态"], false;
    RADIATION = "radiation", ["辐射类别"], false;
    HAZARDOUS_WASTE = "hazardous_waste", ["危废类别", "危险废物类别"], false;
    INDUSTRY = "industry", ["行业", "行业类型"], false;
    EMISSION_TYPE = "emission_type", ["排污类型"], false;
    SCALE = "scale", ["生产规模", "规模"], false;
    MONITORING = "monitoring", ["监控类型"], false;
    WEATHER_GRADE = "weather_grade", ["绩效分级", "重污染天气绩效分级"], false;
    TAGS = "tags", ["标签"], false;
    OBJECT_TYPE = "object_type", ["对象类型", "检查对象类型"], false;
    POSITIVE_LIST_FROM = "positive_list_from", ["正面清单起"], false;
    POSITIVE_LIST_UNTIL = "positive_list_until", ["正面清单止"], false;
    CREDIT = "credit", ["信用等级", "环境信用等级"], false;
    LAST_VIOLATION = "last_violation", ["最近违法日期"], false;
    ONLINE_MONITORING_STABLE = "online_monitoring_stable", ["在线监控稳定", "在线监控稳定达标"], false;
    COMPLAINTS = "complaints", ["投诉次数", "投诉举报次数"], false;
}

columns! {
    INSPECTOR_COLUMNS, InspectorCol;
    ID = "id", ["执法证号", "编号", "证件号"], true;
    NAME = "name", ["姓名"], true;
    JURISDICTION = "jurisdiction", ["所属区域", "区域", "所属辖区", "辖区"], true;
    ROLE = "role", ["角色", "人员类别"], true;
    ON_POST = "on_post", ["在编在岗"], false;
    EXPERTISE = "expertise", ["专长", "业务专长"], false;
    DEPARTMENT = "department", ["部门", "部门岗位"], false;
    YEARS_OF_SERVICE = "years_of_service", ["工作年限"], false;
    RECUSALS = "recusals", ["回避", "回避对象"], false;
    QUARTERLY_CAPACITY = "quarterly_capacity", ["季度检查上限"], true;
}

columns! {
    HISTORY_COLUMNS, HistoryCol;
    OBJECT = "object", ["检查对象", "对象编号", "统一社会信用代码"], true;
    BY = "by", ["检查单位", "抽查单位", "检查层级"], true;
    DATE = "date", ["检查日期", "日期"], true;
    KIND = "kind", ["检查类型", "类型"], true;
    POOLS = "pools", ["抽查库", "检查库"], false;
    INSPECTORS = "inspectors", ["检查人员", "执法人员"], false;
}

/// One of the three tables of a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Library {
    /// The jurisdiction tree (区域).
    Jurisdictions,
    /// The object library (检查对象名录库).
    Objects,
    /// The inspector library (执法检查人员名录库).
    Inspectors,
}

/// The columns the readers take for `library`, in their order: the
/// English name, the Chinese header a template writes (the first of the
/// column's Chinese names), and whether it is required.
pub fn library_columns(library: Library) -> Vec<(&'static str, &'static str, bool)> {
    let columns = match library {
        Library::Jurisdictions => JURISDICTION_COLUMNS,
        Library::Objects => OBJECT_COLUMNS,
        Library::Inspectors => INSPECTOR_COLUMNS,
    };
    columns.iter().map(|c| (c.name, c.aliases.first().copied().unwrap_or(c.name), c.required)).collect()
}

/// The attribute a column header names (`attr:approved_year`,
/// `属性：批复年份`), if it names one.
fn attribute_name(header: &str) -> Option<&str> {
    let header = header.trim();
    ["attr:", "attr.", "属性:", "属性：", "属性."]
        .iter()
        .find_map(|prefix| header.strip_prefix(prefix))
        .map(str::trim)
        .filter(|name| !name.is_empty())
}

fn normalize_header(header: &str) -> String {
    header.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

fn find_column(columns: &'static [Column], header: &str) -> Option<(Key, &'static Column)> {
    let found = find_column_in(columns, header)?;
    columns.get(found).map(|column| (Key(found), column))
}

/// The place in `columns` of the column `header` names.
fn find_column_in(columns: &[Column], header: &str) -> Option<usize> {
    let h = normalize_header(header);
    columns.iter().position(|c| c.name == h || c.aliases.iter().any(|a| *a == header.trim()))
}

// ---------------------------------------------------------------- sheets

/// The header of one CSV file, resolved.
struct Sheet {
    file: String,
    /// For a workbook: the sheet's name.
    name: Option<String>,
    /// The library's columns, in the order of their [`Key`]s.
    columns: &'static [Column],
    /// For each column (by its [`Key`]): its field index and its header as
    /// written, or `None` when the header does not have it.
    fields: Vec<Option<(usize, String)>>,
    /// The field of the record's id (`id`, or a history's `object`).
    id_field: Option<usize>,
    /// Indices of columns with an empty header (tolerated while blank).
    unnamed: Vec<usize>,
    /// The object library's own attributes (`attr:approved_year`,
    /// `属性:批复年份`): field index and the attribute's name.
    attributes: Vec<(usize, String)>,
    /// Required columns absent from the header.
    missing: BTreeSet<&'static str>,
}

impl Sheet {
    fn new(file: &str, name: Option<String>, columns: &'static [Column]) -> Sheet {
        Sheet {
            file: file.to_owned(),
            name,
            columns,
            fields: columns.iter().map(|_| None).collect(),
            id_field: None,
            unnamed: Vec::new(),
            attributes: Vec::new(),
            missing: BTreeSet::new(),
        }
    }

    /// The field index and header of `column`, if the header has it.
    fn field(&self, column: Key) -> Option<&(usize, String)> {
        self.fields.get(column.0)?.as_ref()
    }

    /// The canonical name of `column`.
    fn name_of(&self, column: Key) -> &'static str {
        self.columns.get(column.0).map_or("", |c| c.name)
    }

    /// The column named `name` (a validation problem's field).
    fn key_of(&self, name: &str) -> Option<Key> {
        self.columns.iter().position(|c| c.name == name).map(Key)
    }

    /// The header as written for the column named `name`, or the name.
    fn header_of(&self, name: &str) -> String {
        self.key_of(name).and_then(|k| self.field(k)).map_or_else(|| name.to_owned(), |(_, h)| h.clone())
    }
}

/// A sheet's header row, found.
struct Head<'r> {
    /// For a workbook: the sheet's name.
    sheet_name: Option<String>,
    /// Its line (or the sheet's row).
    line: u64,
    record: &'r csv::StringRecord,
    /// The title block above it, if any: how many rows, and their words.
    title: Option<(usize, String)>,
}

/// The most rows a title block above the header may take: offices put a
/// merged title row, a date or a unit's name over the table.
const TITLE_ROWS: usize = 9;

/// Which of the first rows is the header: the first naming at least two
/// of the library's columns. 0 (the first row) when none does, so that a
/// header with no known column is reported as such.
fn header_index<'r>(columns: &[Column], rows: impl Iterator<Item = &'r csv::StringRecord>) -> usize {
    let named = |row: &csv::StringRecord| row.iter().filter(|cell| find_column_in(columns, cell).is_some()).count();
    let mut rows = rows.take(TITLE_ROWS + 1);
    rows.position(|row| named(row) >= 2).unwrap_or(0)
}

/// The title block of a CSV text: how many rows come before its header
/// ([`header_index`]) and their words, read from its first rows once.
fn title_of(text: &str, columns: &[Column]) -> Option<(usize, String)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().take(TITLE_ROWS + 1).map_while(Result::ok).collect();
    let title = header_index(columns, rows.iter());
    (title > 0).then(|| (title, title_words(rows.iter().take(title))))
}

/// The non-blank cells of title rows, quoted and joined.
fn title_words<'r>(rows: impl Iterator<Item = &'r csv::StringRecord>) -> String {
    let words: Vec<&str> = rows.flat_map(|row| row.iter().map(clean).filter(|cell| !cell.is_empty())).collect();
    if words.is_empty() {
        "(blank)".to_owned()
    } else {
        format!("`{}`", clip(&words.join(" "), 80))
    }
}

/// A parsed CSV file: the records, their lines, the problems.
struct Parsed<T> {
    sheet: Sheet,
    items: Vec<T>,
    lines: Vec<u64>,
    errors: Vec<ReadError>,
    /// What was read otherwise than written (a title skipped, a column
    /// ignored), short of an error.
    notices: Vec<Notice>,
    /// Whether the file could not be read at all (then cross-file validation
    /// would only report consequences).
    fatal: bool,
}

impl<T> Parsed<T> {
    fn failed(file: &str, error: ReadError) -> Self {
        Parsed {
            sheet: Sheet::new(file, None, &[]),
            items: Vec::new(),
            lines: Vec::new(),
            errors: vec![error],
            notices: Vec::new(),
            fatal: true,
        }
    }
}

/// One data row being parsed.
struct Row<'s> {
    sheet: &'s Sheet,
    record: &'s csv::StringRecord,
    line: u64,
    /// The record's id, for messages (copied only when one is made).
    id: Option<&'s str>,
    errors: &'s mut Vec<ReadError>,
}

impl<'s> Row<'s> {
    /// The trimmed cell of `column`, `None` when the column is absent or the
    /// cell is blank.
    fn cell(&self, column: Key) -> Option<&'s str> {
        let (i, _) = self.sheet.field(column)?;
        let record: &'s csv::StringRecord = self.record;
        record.get(*i).map(clean).filter(|v| !v.is_empty())
    }

    fn error(&mut self, column: Key, message: impl Into<String>) {
        let column = self.sheet.name_of(column);
        self.errors.push(ReadError {
            file: self.sheet.file.clone(),
            sheet: self.sheet.name.clone(),
            line: Some(self.line),
            record: None,
            id: self.id.map(str::to_owned),
            column: Some(column.to_owned()),
            header: Some(self.sheet.header_of(column)),
            message: message.into(),
        });
    }

    /// A required text value; reports a blank cell (an absent column was
    /// reported once, with the header).
    fn required(&mut self, column: Key) -> String {
        match self.cell(column) {
            Some(v) => v.to_owned(),
            None => {
                if self.sheet.field(column).is_some() {
                    let name = self.sheet.name_of(column);
                    self.error(column, format!("missing value; `{name}` is required"));
                }
                String::new()
            }
        }
    }

    /// [`Row::required`] for a record's code (an id): one a spreadsheet
    /// turned into a number is reported with the fix.
    fn code(&mut self, column: Key) -> String {
        let value = self.required(column);
        if let Some(message) = mangled::scientific(&value) {
            self.error(column, message);
        }
        value
    }

    /// [`Row::required`] for a jurisdiction reference: the same id read
    /// earlier by this builder is shared, not copied (3.5 M objects name
    /// ~3,000 units). A plain body's pieces have a builder each (some
    /// 50,000 rows); the CSV reader and a workbook one for the file.
    fn required_shared(&mut self, column: Key, seen: &mut SharedIds) -> SharedId {
        match self.cell(column) {
            Some(v) => seen.get(v),
            None => SharedId::from(self.required(column)),
        }
    }

    /// The object's own attributes: each attribute column's cell, where
    /// not blank.
    fn attributes(&self) -> BTreeMap<String, String> {
        let record: &'s csv::StringRecord = self.record;
        self.sheet
            .attributes
            .iter()
            .filter_map(|(i, name)| {
                let value = record.get(*i).map(str::trim).filter(|v| !v.is_empty())?;
                Some((name.clone(), value.to_owned()))
            })
            .collect()
    }

    fn optional(&self, column: Key) -> Option<String> {
        self.cell(column).map(str::to_owned)
    }

    /// An optional value parsed by `parse`; a bad value is reported and
    /// gives `None`.
    fn parse<T>(&mut self, column: Key, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let value = self.cell(column)?;
        match parse(value) {
            Ok(v) => Some(v),
            Err(message) => {
                self.error(column, message);
                None
            }
        }
    }

    /// A required value parsed by `parse`.
    fn parse_required<T>(&mut self, column: Key, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        if self.cell(column).is_none() {
            self.required(column);
            return None;
        }
        self.parse(column, parse)
    }

    fn list(&self, column: Key) -> BTreeSet<String> {
        self.cell(column).map(split_list).unwrap_or_default()
    }
}

/// Reads a CSV file's content into records, collecting every problem
/// (any encoding [`TextEncoding::Auto`] accepts; notices dropped).
fn parse_sheet<T: Send>(
    file: &str,
    content: &[u8],
    columns: &'static [Column],
    build: impl FnMut(&mut Row<'_>) -> T + Send + Clone + Sync,
) -> Parsed<T> {
    match text::decode(file, content, TextEncoding::Auto) {
        Ok((text, _)) => parse_text(file, &text, columns, build),
        Err(e) => Parsed::failed(file, *e),
    }
}

/// Reads CSV text into records. Lines are counted from the bytes, so CRLF
/// files report the right line.
fn parse_text<T: Send>(
    file: &str,
    text: &str,
    columns: &'static [Column],
    build: impl FnMut(&mut Row<'_>) -> T + Send + Clone + Sync,
) -> Parsed<T> {
    if let Some((line, length)) = text::overlong_line(text.as_bytes()) {
        let mut error = ReadError::file(
            file,
            format!(
                "the line is {} MiB long, more than the {} MiB a row may be: this is not a table of records \
                 (were its line ends lost?)",
                length >> 20,
                text::MAX_LINE_BYTES >> 20
            ),
        );
        error.line = Some(line);
        return Parsed::failed(file, error);
    }
    let title = title_of(text, columns);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = csv::StringRecord::new();
    for _ in 0..=title.as_ref().map_or(0, |(rows, _)| *rows) {
        if let Err(e) = reader.read_record(&mut headers) {
            return Parsed::failed(file, ReadError::file(file, format!("cannot read the header row: {e}")));
        }
    }
    let header_line = LineCounter::line_at(text, headers.position().map_or(0, csv::Position::byte));
    let head = Head { sheet_name: None, line: header_line, record: &headers, title };
    let body_at = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
    if let Some(body) = text.get(body_at..).filter(|body| plain::is_plain(body)) {
        // Counted to the byte, not to the record: after a CRLF header the
        // body starts at its `\n`, an empty line the header's own.
        let first_line = 1 + text::line_ends(text.as_bytes(), 0, body_at);
        return parse_records(file, head, columns, |context, sheet| {
            Ok(read_plain(context, sheet, body, first_line, build))
        });
    }
    let mut lines = LineCounter::new(text);
    // One record, refilled row after row: no allocation per row.
    let next = move |record: &mut csv::StringRecord| match reader.read_record(record) {
        Ok(false) => None,
        Ok(true) => Some(Ok(lines.line_of(record.position().map_or(0, csv::Position::byte)))),
        Err(e) => {
            let mut error = ReadError::file(file, format!("cannot read the row: {e}"));
            error.line = e.position().map(|p| LineCounter::line_at(text, p.byte()));
            Some(Err(Box::new(error)))
        }
    };
    // A record ends at a line ending, so there are at most this many.
    let rows = text::line_ends(text.as_bytes(), body_at, text.len()) as usize + 1;
    parse_records(file, head, columns, |context, sheet| read_streamed(context, sheet, rows, next, build))
}

/// The rows of a plain body ([`plain::is_plain`]), pieces of it on every
/// core, in the file's order ([`plain::read_lines`]).
fn read_plain<T: Send>(
    context: &RowContext<'_>,
    sheet: &Sheet,
    body: &str,
    first_line: u64,
    build: impl FnMut(&mut Row<'_>) -> T + Send + Clone + Sync,
) -> Built<T> {
    let (items, lines, errors) = plain::read_lines(
        body,
        first_line,
        || (build.clone(), csv::StringRecord::new()),
        |(build, record), line, text, errors| {
            // The CSV reader skips empty lines; past the bound of problems
            // the rest of the piece is not built.
            if text.is_empty() || errors.len() >= error::MAX_PROBLEMS {
                return None;
            }
            record.clear();
            text.split(',').for_each(|field| record.push_field(field));
            take_row(context, sheet, &Ok(line), record, build, errors).map(|(_, item)| item)
        },
    );
    Built { items, lines, errors }
}

/// The rows `next` reads (at most `rows` of them), built on a second
/// thread as they come ([`pipeline`]).
fn read_streamed<T: Send>(
    context: &RowContext<'_>,
    sheet: &Sheet,
    rows: usize,
    mut next: impl FnMut(&mut csv::StringRecord) -> Option<Result<u64, Box<ReadError>>>,
    mut build: impl FnMut(&mut Row<'_>) -> T + Send,
) -> Result<Built<T>, String> {
    let mut problems = 0;
    pipeline(&mut next, rows, |batch| {
        let mut built = Built::with_capacity(batch.len());
        for (result, record) in batch {
            // Past the bound of problems the rows are read, not built.
            if problems + built.errors.len() >= error::MAX_PROBLEMS {
                break;
            }
            if let Some((line, item)) = take_row(context, sheet, result, record, &mut build, &mut built.errors) {
                built.items.push(item);
                built.lines.push(line);
            }
        }
        problems += built.errors.len();
        built
    })
}

/// Reads a workbook sheet's rows into records.
fn parse_rows<T: Send>(
    file: &str,
    sheet: xlsx::SheetRows,
    columns: &'static [Column],
    build: impl FnMut(&mut Row<'_>) -> T + Send,
) -> Parsed<T> {
    let xlsx::SheetRows { name, mut header, mut header_line, mut rows, errors } = sheet;
    // A title block above the header: its rows are skipped.
    let candidates = std::iter::once(&header).chain(rows.iter().map(|(_, r)| r)).take(TITLE_ROWS + 1);
    let title = header_index(columns, candidates);
    let mut title_text = Vec::new();
    if title > 0 {
        let mut above = rows.drain(..title);
        title_text.push(std::mem::take(&mut header));
        for (line, row) in above.by_ref().take(title - 1) {
            title_text.push(row);
            header_line = line;
        }
        if let Some((line, row)) = above.next() {
            (header_line, header) = (line, row);
        }
    }
    let title_text = (title > 0).then(|| title_words(title_text.iter()));
    let head =
        Head { sheet_name: Some(name), line: header_line, record: &header, title: title_text.map(|t| (title, t)) };
    let count = rows.len();
    let mut rows = rows.into_iter();
    let next = move |record: &mut csv::StringRecord| {
        rows.next().map(|(line, row)| {
            *record = row;
            Ok(line)
        })
    };
    let mut parsed =
        parse_records(file, head, columns, |context, sheet| read_streamed(context, sheet, count, next, build));
    parsed.errors.extend(errors);
    parsed
}

/// The shared part: the header checked against `columns`, then every row
/// by `read_rows` (`Err` says why the rows could not be read at all).
fn parse_records<T: Send>(
    file: &str,
    head: Head<'_>,
    columns: &'static [Column],
    read_rows: impl FnOnce(&RowContext<'_>, &Sheet) -> Result<Built<T>, String>,
) -> Parsed<T> {
    let Head { sheet_name, line: header_line, record: headers, title } = head;
    let mut errors = Vec::new();
    let mut notices = Vec::new();
    let on_sheet = |message: String| match &sheet_name {
        Some(name) => format!("sheet `{name}`: {message}"),
        None => message,
    };
    if let Some((rows, words)) = title {
        let rows = if rows == 1 { "row 1".to_owned() } else { format!("rows 1–{rows}") };
        notices.push(Notice {
            file: file.to_owned(),
            message: on_sheet(format!("{rows} above the header taken for a title and skipped: {words}")),
        });
    }
    let header_error = |message: String| {
        let mut e = ReadError::file(file, message);
        e.sheet = sheet_name.clone();
        e.line = Some(header_line);
        e
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Parsed::failed(
            file,
            header_error(format!(
                "no header row; the first line must name the columns, e.g. {}",
                columns.iter().filter(|c| c.required).map(|c| c.name).collect::<Vec<_>>().join(",")
            )),
        );
    }

    let mut sheet = Sheet::new(file, sheet_name.clone(), columns);
    let mut unknown = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let header = header.trim();
        if header.is_empty() {
            sheet.unnamed.push(i);
            continue;
        }
        let takes_attributes = columns.iter().any(|c| c.name == "object_type");
        match find_column(columns, header) {
            None => match attribute_name(header).filter(|_| takes_attributes) {
                Some(name) if sheet.attributes.iter().any(|(_, n)| n == name) => {
                    errors.push(header_error(format!("two columns name the attribute `{name}`; keep one")))
                }
                Some(name) => sheet.attributes.push((i, name.to_owned())),
                None => unknown.push(header.to_owned()),
            },
            Some((key, column)) => {
                if let Some((_, earlier)) = sheet.field(key) {
                    errors.push(header_error(format!(
                        "columns `{earlier}` and `{header}` both mean `{}`; keep one",
                        column.name
                    )));
                } else if let Some(field) = sheet.fields.get_mut(key.0) {
                    *field = Some((i, header.to_owned()));
                }
            }
        }
    }
    if !unknown.is_empty() {
        let names = unknown.iter().map(|h| format!("`{}`", clip(h, 40))).collect::<Vec<_>>().join(", ");
        notices.push(Notice {
            file: file.to_owned(),
            message: on_sheet(format!(
                "ignored the column{} {names}: not among the library's (see docs/registry-format.md{})",
                if unknown.len() == 1 { "" } else { "s" },
                if columns.iter().any(|c| c.name == "object_type") {
                    "; an attribute of the bureau's own is read from a column `attr:NAME` (属性:名称)"
                } else {
                    ""
                }
            )),
        });
        // One unknown column holding every name: the file is not comma-separated.
        let none_known = sheet.fields.iter().all(Option::is_none);
        let separator = match unknown.as_slice() {
            [only] if none_known && only.contains(';') => Some("semicolons (`;`)"),
            [only] if none_known && only.contains('\t') => Some("tabs"),
            _ => None,
        };
        if let Some(separator) = separator {
            errors.push(header_error(format!(
                "the header is separated by {separator}, not commas; save the file as \"CSV (comma delimited)\" or \"CSV UTF-8\""
            )));
        }
    }
    for (i, column) in columns.iter().enumerate() {
        if !column.required || sheet.field(Key(i)).is_some() {
            continue;
        }
        sheet.missing.insert(column.name);
        let aliases =
            if column.aliases.is_empty() { String::new() } else { format!(" (or {})", column.aliases.join(", ")) };
        let others = if unknown.is_empty() {
            String::new()
        } else {
            let names = unknown.iter().map(|h| format!("`{}`", clip(h, 40))).collect::<Vec<_>>().join(", ");
            format!("; the header's other columns, not read: {names}")
        };
        errors.push(header_error(format!("missing required column `{}`{aliases}{others}", column.name)));
    }
    sheet.id_field =
        ["id", "object"].iter().find_map(|name| sheet.key_of(name).and_then(|k| sheet.field(k)).map(|f| f.0));

    let context = RowContext { file, sheet_name: &sheet_name, width: headers.len() };
    let built = read_rows(&context, &sheet);
    let Built { items, lines, errors: row_errors } = match built {
        Ok(built) => built,
        Err(why) => {
            let mut error = ReadError::file(file, why);
            error.sheet = sheet_name.clone();
            errors.push(error);
            return Parsed { sheet, items: Vec::new(), lines: Vec::new(), errors, notices, fatal: true };
        }
    };
    let stopped = row_errors.len() >= error::MAX_PROBLEMS;
    errors.extend(row_errors);
    if stopped {
        let mut error = ReadError::file(
            file,
            format!("reading stopped after {} problems: fix those shown and read the file again", error::MAX_PROBLEMS),
        );
        error.sheet = sheet_name.clone();
        errors.push(error);
    }
    Parsed { sheet, items, lines, errors, notices, fatal: false }
}

/// What the rows of a sheet built: records, their lines, the problems.
struct Built<T> {
    items: Vec<T>,
    lines: Vec<u64>,
    errors: Vec<ReadError>,
}

impl<T> Default for Built<T> {
    fn default() -> Self {
        Built::with_capacity(0)
    }
}

impl<T> Built<T> {
    /// Room for `rows` records and their lines.
    fn with_capacity(rows: usize) -> Self {
        Built { items: Vec::with_capacity(rows), lines: Vec::with_capacity(rows), errors: Vec::new() }
    }
}

/// What every row of a sheet shares, for its messages.
struct RowContext<'a> {
    file: &'a str,
    sheet_name: &'a Option<String>,
    /// The header's number of fields.
    width: usize,
}

/// Rows handed from the reader to the builder at a time.
const BATCH: usize = 8192;

/// One batch of rows: what the reader said of each, and its fields.
type Batch = Vec<(Result<u64, Box<ReadError>>, csv::StringRecord)>;

/// Reads rows with `next` on this thread while `build` turns batches of
/// them into records on another, in order: parsing the text and building
/// the records take about the same time, so a large file is read in about
/// the time of the slower of the two. Batches go back to the reader to be
/// refilled, so no row allocates its record.
///
/// `Err` says why the rows could not be read at all: no thread could be
/// started, or building stopped unexpectedly (never a silent short read).
fn pipeline<T: Send>(
    next: &mut impl FnMut(&mut csv::StringRecord) -> Option<Result<u64, Box<ReadError>>>,
    rows: usize,
    mut build: impl FnMut(&mut Batch) -> Built<T> + Send,
) -> Result<Built<T>, String> {
    use std::sync::mpsc::sync_channel;
    let (full_tx, full_rx) = sync_channel::<Batch>(2);
    let (empty_tx, empty_rx) = sync_channel::<Batch>(3);
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new()
            .name("ssj-read-build".into())
            .spawn_scoped(scope, move || {
                // Sized for every row at once: grown by doubling, a
                // national library's records would be copied again and
                // again into memory never touched before. Capacity that
                // no record fills is never touched, so costs no memory.
                let mut all = Built::with_capacity(rows);
                for mut batch in full_rx {
                    let mut built = build(&mut batch);
                    all.items.append(&mut built.items);
                    all.lines.append(&mut built.lines);
                    all.errors.append(&mut built.errors);
                    // Never waits: when the reader has enough batches (or
                    // has stopped), this one is dropped.
                    let _ = empty_tx.try_send(batch);
                }
                all
            })
            .map_err(|e| format!("cannot start a thread to read the rows: {e}"))?;
        let mut spare: Vec<Batch> = Vec::new();
        loop {
            let mut batch = spare.pop().or_else(|| empty_rx.try_recv().ok()).unwrap_or_default();
            let ended = fill(next, &mut batch);
            // A closed channel means the builder stopped; its join says why.
            if (!batch.is_empty() && full_tx.send(batch).is_err()) || ended {
                break;
            }
            if let Ok(b) = empty_rx.try_recv() {
                spare.push(b);
            }
        }
        drop(full_tx);
        builder.join().map_err(|_| "internal error: building the records stopped unexpectedly".to_owned())
    })
}

/// Fills `batch` with up to [`BATCH`] rows, reusing its records; true when
/// the rows have ended.
fn fill(
    next: &mut impl FnMut(&mut csv::StringRecord) -> Option<Result<u64, Box<ReadError>>>,
    batch: &mut Batch,
) -> bool {
    let mut used = 0;
    let mut ended = false;
    while used < BATCH {
        if batch.len() == used {
            batch.push((Ok(0), csv::StringRecord::new()));
        }
        let Some(slot) = batch.get_mut(used) else { break };
        match next(&mut slot.1) {
            Some(result) => slot.0 = result,
            None => {
                ended = true;
                break;
            }
        }
        used += 1;
    }
    batch.truncate(used);
    ended
}

/// One row: skipped when blank, refused whole when its width is wrong,
/// otherwise built, every problem in it reported.
fn take_row<T>(
    context: &RowContext<'_>,
    sheet: &Sheet,
    result: &Result<u64, Box<ReadError>>,
    record: &csv::StringRecord,
    build: &mut impl FnMut(&mut Row<'_>) -> T,
    errors: &mut Vec<ReadError>,
) -> Option<(u64, T)> {
    let RowContext { file, sheet_name, width } = *context;
    let line = match result {
        Ok(line) => *line,
        Err(error) => {
            let mut error = ReadError::clone(error);
            error.sheet = sheet_name.clone();
            errors.push(error);
            return None;
        }
    };
    if record.iter().all(|v| clean(v).is_empty()) {
        return None;
    }
    if record.len() != width {
        let mut error = ReadError::file(
            file,
            format!(
                "the row has {} fields but the header has {}; check for a missing or extra comma, \
                 or quote values that contain commas",
                record.len(),
                width
            ),
        );
        error.sheet = sheet_name.clone();
        error.line = Some(line);
        errors.push(error);
        return None;
    }
    for &i in &sheet.unnamed {
        if let Some(value) = record.get(i).map(clean).filter(|v| !v.is_empty()) {
            let mut error = ReadError::file(
                file,
                format!(
                    "value `{}` in column {} which has no header; name the column or clear it",
                    clip(value, 80),
                    i + 1
                ),
            );
            error.sheet = sheet_name.clone();
            error.line = Some(line);
            errors.push(error);
        }
    }
    let id = sheet.id_field.and_then(|i| record.get(i)).map(clean).filter(|v| !v.is_empty());
    let mut row = Row { sheet, record, line, id, errors };
    Some((line, build(&mut row)))
}

// ---------------------------------------------------------------- values

/// A cell without the spaces around it, nor a byte-order mark (U+FEFF,
/// invisible): two exports joined end to end (`cat a.csv b.csv`) leave the
/// second file's BOM at the start of a line, where it would otherwise
/// become part of an id and hide a duplicate.
fn clean(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn label<T: std::str::FromStr>(value: &str) -> Result<T, String>
where
    T::Err: fmt::Display,
{
    value.parse::<T>().map_err(|e| e.to_string())
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" | "有" | "√" => Ok(true),
        "false" | "0" | "no" | "n" | "否" | "无" | "×" => Ok(false),
        _ => Err(format!("`{value}` is not a valid yes/no value; expected true/false, 1/0 or 是/否")),
    }
}

/// A date as offices write it: `2024-01-05`, `2024/1/5`, `2024年1月5日`,
/// with a time of day after it (`2024-01-05 00:00:00`, as pandas and
/// Excel export a date cell), or as an Excel date serial (`45296`, a date
/// cell exported from a sheet whose column is formatted "General").
fn parse_date(value: &str) -> Result<NaiveDate, String> {
    let v = value.trim();
    let day = v.split([' ', 'T']).next().unwrap_or(v);
    if let Some(date) =
        ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(day, f).ok())
    {
        return Ok(date);
    }
    if let Some(date) = excel_serial(v) {
        return Ok(date);
    }
    Err(format!("`{value}` is not a valid date; expected YYYY-MM-DD (or YYYY/MM/DD, YYYY年MM月DD日)"))
}

/// An Excel date serial (days since 1899-12-30, as Excel counts them from
/// March 1900 on) from 1960 to 2099: whole numbers of five digits.
fn excel_serial(value: &str) -> Option<NaiveDate> {
    let serial: i64 = value.parse().ok().filter(|s| (21_916..=73_050).contains(s))?;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::TimeDelta::try_days(serial)?)
}

fn parse_count(value: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("`{value}` is not a valid count; expected a whole number 0 or more"))
}

fn parse_kind(value: &str) -> Result<InspectionKind, String> {
    match value.trim() {
        "random" | "双随机" | "随机" | "随机抽查" | "双随机抽查" => Ok(InspectionKind::Random),
        "targeted" | "针对性" | "针对性检查" | "专项" => Ok(InspectionKind::Targeted),
        _ => Err(format!("`{value}` is not a valid inspection kind; expected random/双随机 or targeted/针对性检查")),
    }
}

fn parse_pool(value: &str) -> Result<Pool, String> {
    match value.trim() {
        "pollution" | "污染源" => Ok(Pool::Pollution),
        "radiation" | "辐射" | "辐射单位" => Ok(Pool::Radiation),
        "hazardous_waste" | "危废" | "危险废物" | "危险废物单位" => Ok(Pool::HazardousWaste),
        // Any other machine name is a matter's id.
        matter if shuangsuiji::model::is_matter_id(matter) => Ok(Pool::matter(matter)),
        _ => Err(format!(
            "`{value}` is not a valid pool; expected pollution/污染源, radiation/辐射单位, hazardous_waste/危险废物单位, or a matter's id (letters, digits, `-`, `_`)"
        )),
    }
}

/// Splits a list cell on `;`, `；` or `、`, dropping blanks.
fn split_list(value: &str) -> BTreeSet<String> {
    value.split([';', '；', '、']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Maps Chinese expertise words to the tags the rules look for.
fn normalize_expertise(tag: String) -> String {
    match tag.as_str() {
        "辐射" | "辐射安全" | "辐射环境" => "radiation".to_owned(),
        "危废" | "危险废物" | "固废危废" => "hazardous_waste".to_owned(),
        _ => tag,
    }
}

// ---------------------------------------------------------------- records

fn jurisdiction_row(row: &mut Row<'_>) -> Jurisdiction {
    let id = row.required(JurisdictionCol::ID);
    let name = row.required(JurisdictionCol::NAME);
    let parent = row.optional(JurisdictionCol::PARENT);
    // A placeholder level for a bad cell that keeps the tree checks quiet.
    let guess = if parent.is_some() { Level::County } else { Level::Prefecture };
    let level = row.parse_required(JurisdictionCol::LEVEL, bureau::parse_level).unwrap_or(guess);
    Jurisdiction { id, name, level, parent }
}

/// Builds object rows, sharing the jurisdiction ids they repeat.
fn object_rows() -> impl FnMut(&mut Row<'_>) -> RegulatedObject + Send + Clone + Sync {
    let mut units = SharedIds::default();
    move |row| object_row(row, &mut units)
}

fn object_row(row: &mut Row<'_>, units: &mut SharedIds) -> RegulatedObject {
    let id = row.code(ObjectCol::ID);
    let name = row.required(ObjectCol::NAME);
    let jurisdiction = row.required_shared(ObjectCol::JURISDICTION, units);
    let category = row.parse_required(ObjectCol::CATEGORY, label::<Category>).unwrap_or(Category::General);
    let status = row.parse(ObjectCol::STATUS, label::<Status>).unwrap_or(Status::Active);
    let radiation = row.parse(ObjectCol::RADIATION, label::<Category>);
    let hazardous_waste = row.parse(ObjectCol::HAZARDOUS_WASTE, label::<Category>);
    let tags = ObjectTags {
        industry: row.optional(ObjectCol::INDUSTRY),
        emission_type: row.optional(ObjectCol::EMISSION_TYPE),
        scale: row.optional(ObjectCol::SCALE),
        monitoring: row.optional(ObjectCol::MONITORING),
        weather_grade: row.optional(ObjectCol::WEATHER_GRADE),
        free: row.list(ObjectCol::TAGS),
        object_type: row.optional(ObjectCol::OBJECT_TYPE),
        attributes: row.attributes(),
    };
    let from = row.parse(ObjectCol::POSITIVE_LIST_FROM, parse_date);
    let until = row.parse(ObjectCol::POSITIVE_LIST_UNTIL, parse_date);
    let positive_list = match from {
        Some(from) => Some(DateRange { from, until }),
        None => {
            if until.is_some() && row.cell(ObjectCol::POSITIVE_LIST_FROM).is_none() {
                row.error(ObjectCol::POSITIVE_LIST_FROM, "missing value; a positive-list end date needs a start date");
            }
            None
        }
    };
    let credit = row.parse(ObjectCol::CREDIT, label::<Credit>);
    let last_violation = row.parse(ObjectCol::LAST_VIOLATION, parse_date);
    let online_monitoring_stable = row.parse(ObjectCol::ONLINE_MONITORING_STABLE, parse_bool).unwrap_or(false);
    let complaints = row.parse(ObjectCol::COMPLAINTS, parse_count).unwrap_or(0);
    RegulatedObject {
        id,
        name,
        jurisdiction,
        category,
        status,
        radiation,
        hazardous_waste,
        tags: tags.boxed(),
        positive_list,
        credit,
        last_violation,
        online_monitoring_stable,
        complaints,
    }
}

fn inspector_row(row: &mut Row<'_>) -> Inspector {
    let id = row.code(InspectorCol::ID);
    let name = row.required(InspectorCol::NAME);
    let jurisdiction = row.required(InspectorCol::JURISDICTION);
    let role = row.parse_required(InspectorCol::ROLE, label::<Role>).unwrap_or(Role::Officer);
    let on_post = row.parse(InspectorCol::ON_POST, parse_bool).unwrap_or(true);
    let expertise = row.list(InspectorCol::EXPERTISE).into_iter().map(normalize_expertise).collect();
    let department = row.optional(InspectorCol::DEPARTMENT);
    let years_of_service = row.parse(InspectorCol::YEARS_OF_SERVICE, parse_count).unwrap_or(0);
    let recusals = row.list(InspectorCol::RECUSALS);
    let quarterly_capacity = row.parse_required(InspectorCol::QUARTERLY_CAPACITY, parse_count).unwrap_or(0);
    Inspector {
        id,
        name,
        jurisdiction,
        role,
        on_post,
        expertise,
        department,
        years_of_service,
        recusals,
        quarterly_capacity,
    }
}

fn inspection_row(row: &mut Row<'_>) -> Inspection {
    let object = row.code(HistoryCol::OBJECT);
    let by = row.required(HistoryCol::BY);
    let date = row.parse_required(HistoryCol::DATE, parse_date).unwrap_or_default();
    let kind = row.parse_required(HistoryCol::KIND, parse_kind).unwrap_or(InspectionKind::Random);
    let mut pools = BTreeSet::new();
    if let Some(cell) = row.cell(HistoryCol::POOLS) {
        for word in split_list(cell) {
            if let Some(pool) = row.parse(HistoryCol::POOLS, |_| parse_pool(&word)) {
                pools.insert(pool);
            }
        }
    }
    if pools.is_empty() {
        pools.insert(Pool::Pollution);
    }
    let inspectors = row.list(HistoryCol::INSPECTORS).into_iter().collect();
    Inspection { object, by, date, kind, pools, inspectors }
}

// ---------------------------------------------------------------- validation

/// Where the records of one list came from, to turn a [`ValidationError`]
/// into a [`ReadError`].
enum Origin<'a> {
    Csv(&'a Sheet, &'a [u64]),
    Json(&'a str),
}

/// The CSV column a validation field is reported on.
fn column_of(field: &str) -> &str {
    match field {
        "positive_list" => "positive_list_until",
        other => other,
    }
}

/// Converts validation problems, skipping those already reported while
/// parsing (same file, line and column, or a missing column).
fn locate<'a>(
    problems: ValidationErrors,
    origin: impl Fn(RecordKind) -> Option<Origin<'a>>,
    existing: &[ReadError],
) -> Vec<ReadError> {
    let mut out = Vec::new();
    for ValidationError { kind, index, id, field, problem, earlier } in problems.0 {
        let id = (!id.trim().is_empty()).then_some(id);
        let error = match origin(kind) {
            Some(Origin::Csv(sheet, lines)) => {
                let column = column_of(field);
                let line = lines.get(index).copied();
                let seen = existing
                    .iter()
                    .any(|e| e.file == sheet.file && e.line == line && e.column.as_deref() == Some(column));
                if seen || sheet.missing.contains(column) {
                    continue;
                }
                let message = match earlier.and_then(|i| lines.get(i)) {
                    Some(earlier_line) => format!("duplicate id; already used on line {earlier_line}"),
                    None => problem,
                };
                ReadError {
                    file: sheet.file.clone(),
                    sheet: sheet.name.clone(),
                    line,
                    record: None,
                    id,
                    column: Some(column.to_owned()),
                    header: Some(sheet.header_of(column)),
                    message,
                }
            }
            Some(Origin::Json(file)) => ReadError {
                file: file.to_owned(),
                sheet: None,
                line: None,
                record: Some(format!("{kind}[{index}]")),
                id,
                column: Some(field.to_owned()),
                header: None,
                message: problem,
            },
            None => continue,
        };
        out.push(error);
    }
    out
}

/// A record with a code a spreadsheet may have mangled (its id).
trait Coded {
    /// The column of the code.
    const COLUMN: &'static str;
    /// The code.
    fn code(&self) -> &str;
}

/// `Coded` for a record whose code is the field `$field`, in column `$column`.
macro_rules! coded {
    ($($record:ty: $field:ident in $column:literal;)*) => {$(
        impl Coded for $record {
            const COLUMN: &'static str = $column;
            fn code(&self) -> &str {
                &self.$field
            }
        }
    )*};
}

coded! {
    Jurisdiction: id in "id";
    RegulatedObject: id in "id";
    Inspector: id in "id";
    Inspection: object in "object";
}

/// The codes of a list that a spreadsheet mangled, judged over its
/// column ([`mangled::in_column`]).
fn mangled_codes<T: Coded>(parsed: &Parsed<T>) -> Vec<ReadError> {
    let sheet = &parsed.sheet;
    let found = mangled::in_column(parsed.items.iter().map(Coded::code));
    found
        .into_iter()
        .map(|(index, message)| ReadError {
            file: sheet.file.clone(),
            sheet: sheet.name.clone(),
            line: parsed.lines.get(index).copied(),
            record: None,
            id: parsed.items.get(index).map(|item| item.code().to_owned()),
            column: Some(T::COLUMN.to_owned()),
            header: Some(sheet.header_of(T::COLUMN)),
            message,
        })
        .collect()
}

/// Validation problems of one list read alone: only those that do not
/// depend on the other lists.
fn validate_alone<T>(parsed: &Parsed<T>, kind: RecordKind, registry: &Registry) -> Vec<ReadError> {
    let Err(problems) = validate_registry(registry) else { return Vec::new() };
    let own = problems
        .0
        .into_iter()
        .filter(|p| {
            p.kind == kind && (kind == RecordKind::Jurisdiction || !matches!(p.field, "jurisdiction" | "recusals"))
        })
        .collect();
    locate(ValidationErrors(own), |k| (k == kind).then_some(Origin::Csv(&parsed.sheet, &parsed.lines)), &parsed.errors)
}

/// Validates one list alone and returns it. The list is moved into a
/// registry of its own for validation (`wrap`) and back out (`unwrap`), not
/// copied: the object library can hold millions of records.
fn single<T: Coded>(
    mut parsed: Parsed<T>,
    kind: RecordKind,
    wrap: impl FnOnce(Vec<T>) -> Registry,
    unwrap: impl FnOnce(Registry) -> Vec<T>,
) -> Result<Vec<T>, ReadErrors> {
    let mut errors = parsed.errors.clone();
    errors.extend(mangled_codes(&parsed));
    let mut items = std::mem::take(&mut parsed.items);
    if !parsed.fatal {
        let registry = wrap(items);
        errors.extend(validate_alone(&parsed, kind, &registry));
        items = unwrap(registry);
    }
    errors.sort_by_key(|e| e.line.unwrap_or(0));
    finish(items, errors)
}

// ---------------------------------------------------------------- public: CSV

/// Parses a jurisdictions CSV (columns `id`, `name`, `level`, `parent`),
/// and checks the tree.
///
/// # Errors
/// [`ReadErrors`] listing every bad row, field and tree problem.
pub fn parse_jurisdictions_csv(name: &str, content: impl AsRef<[u8]>) -> Result<Vec<Jurisdiction>, ReadErrors> {
    let parsed = parse_sheet(name, content.as_ref(), JURISDICTION_COLUMNS, jurisdiction_row);
    single(
        parsed,
        RecordKind::Jurisdiction,
        |jurisdictions| Registry { jurisdictions, ..Registry::default() },
        |r| r.jurisdictions,
    )
}

/// Parses an object-library CSV. Checks within the file (blank and
/// duplicate ids, date ranges) are made; jurisdiction references need the
/// whole registry ([`parse_registry_csv`]).
///
/// # Errors
/// [`ReadErrors`] listing every bad row and field.
pub fn parse_objects_csv(name: &str, content: impl AsRef<[u8]>) -> Result<Vec<RegulatedObject>, ReadErrors> {
    let parsed = parse_sheet(name, content.as_ref(), OBJECT_COLUMNS, object_rows());
    single(parsed, RecordKind::Object, |objects| Registry { objects, ..Registry::default() }, |r| r.objects)
}

/// Parses an inspector-library CSV. Checks within the file (blank and
/// duplicate ids, capacities) are made; jurisdiction and recusal references
/// need the whole registry ([`parse_registry_csv`]).
///
/// # Errors
/// [`ReadErrors`] listing every bad row and field.
pub fn parse_inspectors_csv(name: &str, content: impl AsRef<[u8]>) -> Result<Vec<Inspector>, ReadErrors> {
    let parsed = parse_sheet(name, content.as_ref(), INSPECTOR_COLUMNS, inspector_row);
    single(parsed, RecordKind::Inspector, |inspectors| Registry { inspectors, ..Registry::default() }, |r| r.inspectors)
}

/// Parses the three CSV files of a registry, each given as `(name,
/// content)`, and validates the whole registry.
///
/// # Errors
/// [`ReadErrors`] listing every bad row and field of the three files and
/// every validation problem, each located by file, line and column.
pub fn parse_registry_csv(
    jurisdictions: (&str, &[u8]),
    objects: (&str, &[u8]),
    inspectors: (&str, &[u8]),
) -> Result<Registry, ReadErrors> {
    let j = parse_sheet(jurisdictions.0, jurisdictions.1, JURISDICTION_COLUMNS, jurisdiction_row);
    let o = parse_sheet(objects.0, objects.1, OBJECT_COLUMNS, object_rows());
    let i = parse_sheet(inspectors.0, inspectors.1, INSPECTOR_COLUMNS, inspector_row);
    assemble(j, o, i, Vec::new(), &mut Vec::new()).map(ValidRegistry::into_inner)
}

/// Parses two libraries without a jurisdiction table, each given as
/// `(name, content)`, the tree made from `bureau` and the areas they name
/// ([`Bureau::tree`]), and validates the whole registry.
///
/// # Errors
/// As [`parse_registry_csv`].
pub fn parse_libraries_csv(
    bureau: &Bureau,
    objects: (&str, &[u8]),
    inspectors: (&str, &[u8]),
) -> Result<Loaded<Registry>, ReadErrors> {
    let o = parse_sheet(objects.0, objects.1, OBJECT_COLUMNS, object_rows());
    let i = parse_sheet(inspectors.0, inspectors.1, INSPECTOR_COLUMNS, inspector_row);
    let j = made_tree(bureau, &o, &i);
    let mut notices = Vec::new();
    let registry = assemble(j, o, i, Vec::new(), &mut notices)?;
    Ok(Loaded { value: registry.into_inner(), notices })
}

fn assemble(
    mut j: Parsed<Jurisdiction>,
    mut o: Parsed<RegulatedObject>,
    mut i: Parsed<Inspector>,
    mut errors: Vec<ReadError>,
    notices: &mut Vec<Notice>,
) -> Result<ValidRegistry, ReadErrors> {
    errors.append(&mut j.errors);
    errors.append(&mut o.errors);
    errors.append(&mut i.errors);
    errors.extend(mangled_codes(&o));
    errors.extend(mangled_codes(&i));
    notices.append(&mut j.notices);
    notices.append(&mut o.notices);
    notices.append(&mut i.notices);
    // Moved, not cloned: a copy of millions of objects was 40 % of reading.
    let mut registry = Registry {
        jurisdictions: std::mem::take(&mut j.items),
        objects: std::mem::take(&mut o.items),
        inspectors: std::mem::take(&mut i.items),
    };
    if !j.fatal {
        let mut names = ByName::new(&registry.jurisdictions);
        for (index, object) in registry.objects.iter_mut().enumerate() {
            names.resolve(&mut object.jurisdiction, || (&o.sheet, o.lines.get(index).copied(), object.id.as_str()));
        }
        for (index, inspector) in registry.inspectors.iter_mut().enumerate() {
            let mut unit = SharedId::from(std::mem::take(&mut inspector.jurisdiction));
            names.resolve(&mut unit, || (&i.sheet, i.lines.get(index).copied(), inspector.id.as_str()));
            inspector.jurisdiction = unit.into();
        }
        names.report(&o.sheet.file, &mut errors, notices);
    }
    // A file that could not be read at all has its error already; the
    // checks across files would only report its consequences.
    let valid = if j.fatal || o.fatal || i.fatal {
        None
    } else {
        match ValidRegistry::new(registry) {
            Ok(valid) => Some(valid),
            Err(problems) => {
                let origin = |kind| match kind {
                    RecordKind::Jurisdiction => Some(Origin::Csv(&j.sheet, &j.lines)),
                    RecordKind::Object => Some(Origin::Csv(&o.sheet, &o.lines)),
                    RecordKind::Inspector => Some(Origin::Csv(&i.sheet, &i.lines)),
                    RecordKind::Inspection => None,
                };
                let located = locate(problems, origin, &errors);
                errors.extend(located);
                None
            }
        }
    };
    // By file (in the order given), then by line; header and file problems first.
    let files = [&j.sheet.file, &o.sheet.file, &i.sheet.file];
    errors.sort_by_key(|e| (files.iter().position(|f| **f == e.file).unwrap_or(files.len()), e.line.unwrap_or(0)));
    match valid {
        Some(valid) if errors.is_empty() => Ok(valid),
        _ => Err(ReadErrors(errors)),
    }
}

/// The jurisdictions, for an error: all of a small tree, or its size and
/// three of them.
fn known(jurisdictions: &[Jurisdiction]) -> String {
    let list = |n| jurisdictions.iter().take(n).map(|j| format!("`{}` {}", j.id, j.name)).collect::<Vec<_>>();
    match jurisdictions.len() {
        0 => "which is empty".to_owned(),
        few @ 1..=12 => format!("it has {}", list(few).join(", ")),
        many => format!("it has {many} jurisdictions, e.g. {}", list(3).join(", ")),
    }
}

/// Jurisdictions named in the libraries by their names, not their ids
/// (所属区域 = 呼图壁县, as a clerk writes it): a name that one jurisdiction
/// has is read as its id, with a notice; a name several have, or one no
/// jurisdiction has, is an error that lists them.
struct ByName<'j> {
    ids: std::collections::HashSet<&'j str>,
    names: std::collections::HashMap<&'j str, Vec<&'j Jurisdiction>>,
    jurisdictions: &'j [Jurisdiction],
    /// The last value looked up and what it became: the libraries repeat a
    /// few thousand units over millions of rows, shared ([`SharedIds`]).
    last: Option<(SharedId, SharedId)>,
    /// Each name read as an id: the id and how many rows.
    read: BTreeMap<String, (SharedId, usize)>,
    errors: Vec<ReadError>,
    /// [`ByName::known`], made at the first unknown value.
    known: Option<String>,
}

impl<'j> ByName<'j> {
    fn new(jurisdictions: &'j [Jurisdiction]) -> Self {
        let mut names: std::collections::HashMap<&str, Vec<&Jurisdiction>> = std::collections::HashMap::new();
        for j in jurisdictions {
            names.entry(j.name.trim()).or_default().push(j);
        }
        ByName {
            ids: jurisdictions.iter().map(|j| j.id.as_str()).collect(),
            names,
            jurisdictions,
            last: None,
            read: BTreeMap::new(),
            errors: Vec::new(),
            known: None,
        }
    }

    /// `unit` made an id where it is a jurisdiction's name; `at` says
    /// where it was read, for an error.
    fn resolve<'s>(&mut self, unit: &mut SharedId, at: impl FnOnce() -> (&'s Sheet, Option<u64>, &'s str)) {
        if let Some((from, to)) = &self.last {
            if from.is_shared_with(unit) {
                if !to.is_shared_with(from) {
                    if let Some((_, rows)) = self.read.get_mut(from.as_str()) {
                        *rows += 1;
                    }
                }
                *unit = to.clone();
                return;
            }
        }
        if unit.is_empty() || self.ids.contains(unit.as_str()) {
            self.last = Some((unit.clone(), unit.clone()));
            return;
        }
        let (sheet, line, id) = at();
        let error = |message: String| ReadError {
            file: sheet.file.clone(),
            sheet: sheet.name.clone(),
            line,
            record: None,
            id: (!id.is_empty()).then(|| id.to_owned()),
            column: Some("jurisdiction".to_owned()),
            header: Some(sheet.header_of("jurisdiction")),
            message,
        };
        match self.names.get(unit.as_str()).map(Vec::as_slice) {
            Some([one]) => {
                let id = SharedId::from(one.id.as_str());
                self.read.entry(unit.to_string()).or_insert_with(|| (id.clone(), 0)).1 += 1;
                self.last = Some((unit.clone(), id.clone()));
                *unit = id;
            }
            Some(several) => {
                let ids = several.iter().map(|j| format!("`{}`", j.id)).collect::<Vec<_>>().join(", ");
                self.errors.push(error(format!(
                    "`{}` is the name of {} jurisdictions ({ids}); give the id of the one meant",
                    clip(unit, 80),
                    several.len()
                )));
            }
            None => {
                let known = self.known.get_or_insert_with(|| known(self.jurisdictions));
                self.errors.push(error(format!(
                    "unknown jurisdiction `{}`: neither the id nor the name of one in the jurisdiction tree ({known})",
                    clip(unit, 80)
                )));
            }
        }
    }

    fn report(self, file: &str, errors: &mut Vec<ReadError>, notices: &mut Vec<Notice>) {
        errors.extend(self.errors);
        if !self.read.is_empty() {
            let read: Vec<String> = self
                .read
                .iter()
                .map(|(name, (id, rows))| format!("{name} → `{id}` ({rows} row{})", if *rows == 1 { "" } else { "s" }))
                .collect();
            notices.push(Notice {
                file: file.to_owned(),
                message: format!(
                    "jurisdictions given by name in the libraries, read as their ids: {}",
                    read.join(", ")
                ),
            });
        }
    }
}

/// Reads a jurisdictions CSV file. See [`parse_jurisdictions_csv`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read or has bad rows.
pub fn read_jurisdictions_csv(path: impl AsRef<Path>) -> Result<Vec<Jurisdiction>, ReadErrors> {
    let path = path.as_ref();
    parse_jurisdictions_csv(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?)
}

/// Reads an object-library CSV file. See [`parse_objects_csv`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read or has bad rows.
pub fn read_objects_csv(path: impl AsRef<Path>) -> Result<Vec<RegulatedObject>, ReadErrors> {
    let path = path.as_ref();
    parse_objects_csv(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?)
}

/// Reads an inspector-library CSV file. See [`parse_inspectors_csv`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read or has bad rows.
pub fn read_inspectors_csv(path: impl AsRef<Path>) -> Result<Vec<Inspector>, ReadErrors> {
    let path = path.as_ref();
    parse_inspectors_csv(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?)
}

/// Reads a registry from three CSV files and validates it.
///
/// # Errors
/// [`ReadErrors`] listing every file that cannot be read, every bad row and
/// field, and every validation problem.
pub fn read_registry_csv(
    jurisdictions: impl AsRef<Path>,
    objects: impl AsRef<Path>,
    inspectors: impl AsRef<Path>,
) -> Result<Registry, ReadErrors> {
    let mut errors = Vec::new();
    let mut load = |path: &Path| -> (String, Option<Vec<u8>>) {
        let name = path.display().to_string();
        match read_path(path) {
            Ok(bytes) => (name, Some(bytes)),
            Err(e) => {
                errors.push(*e);
                (name, None)
            }
        }
    };
    let (jn, jb) = load(jurisdictions.as_ref());
    let (on, ob) = load(objects.as_ref());
    let (inn, ib) = load(inspectors.as_ref());
    let j = parse_or_fail(&jn, jb.as_deref(), JURISDICTION_COLUMNS, jurisdiction_row);
    let o = parse_or_fail(&on, ob.as_deref(), OBJECT_COLUMNS, object_rows());
    let i = parse_or_fail(&inn, ib.as_deref(), INSPECTOR_COLUMNS, inspector_row);
    assemble(j, o, i, errors, &mut Vec::new()).map(ValidRegistry::into_inner)
}

/// Parses the content, or marks the list as failed when it could not be
/// read (the read error is already reported).
fn parse_or_fail<T: Send>(
    name: &str,
    content: Option<&[u8]>,
    columns: &'static [Column],
    build: impl FnMut(&mut Row<'_>) -> T + Send + Clone + Sync,
) -> Parsed<T> {
    match content {
        Some(bytes) => parse_sheet(name, bytes, columns, build),
        None => {
            let mut parsed = Parsed::failed(name, ReadError::file(name, String::new()));
            parsed.errors.clear();
            parsed
        }
    }
}

/// Reads a registry from a directory holding `jurisdictions.csv`,
/// `objects.csv` and `inspectors.csv` (or `.xlsx` workbooks of those
/// names), and validates it.
///
/// # Errors
/// [`ReadErrors`] listing every file that cannot be read, every bad row and
/// field, and every validation problem.
pub fn read_registry_dir(dir: impl AsRef<Path>) -> Result<Registry, ReadErrors> {
    read_registry_with(dir, &ReadOptions::default()).map(|l| l.value)
}

/// Names a library's sheet may have in a workbook of three sheets.
const JURISDICTION_SHEETS: &[&str] = &["jurisdictions", "区域", "辖区", "行政区划"];
const OBJECT_SHEETS: &[&str] = &["objects", "检查对象", "对象库", "监管对象", "污染源"];
const INSPECTOR_SHEETS: &[&str] = &["inspectors", "执法人员", "人员库", "检查人员"];

/// Reads a registry from `path`, decoding text as `options` say: a
/// directory of the three libraries (each `<name>.csv` or `<name>.xlsx`), a
/// workbook (`.xlsx`, `.xls`, `.ods`) with a sheet per library (named
/// `jurisdictions`/`区域`, `objects`/`检查对象`, `inspectors`/`执法人员`), or
/// a JSON file. Notices say what was decoded how.
///
/// # Errors
/// [`ReadErrors`] listing every file or sheet that cannot be read, every
/// bad row and field (naming file, sheet, row and column), and every
/// validation problem.
pub fn read_registry_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Loaded<Registry>, ReadErrors> {
    read_valid_registry_with(path, options)
        .map(|loaded| Loaded { value: loaded.value.into_inner(), notices: loaded.notices })
}

/// [`read_registry_with`], the registry kept as validated: a request built
/// on it is checked without validating it again
/// ([`shuangsuiji::plan::CheckedRequest::with_registry`]).
///
/// # Errors
/// As [`read_registry_with`].
pub fn read_valid_registry_with(
    path: impl AsRef<Path>,
    options: &ReadOptions,
) -> Result<Loaded<ValidRegistry>, ReadErrors> {
    let path = path.as_ref();
    let mut notices = Vec::new();
    let registry = if path.is_dir() {
        let mut errors = Vec::new();
        // Two libraries alone, when the bureau is given and no table is here.
        let two_libraries = options.bureau.as_ref().filter(|_| !has_library(path, "jurisdictions"));
        let j = match two_libraries {
            Some(_) => None,
            None => library_file(path, "jurisdictions", &mut errors),
        };
        let o = library_file(path, "objects", &mut errors);
        let i = library_file(path, "inspectors", &mut errors);
        let j = parse_library(j.as_deref(), JURISDICTION_COLUMNS, options, &mut notices, jurisdiction_row);
        let o = parse_library(o.as_deref(), OBJECT_COLUMNS, options, &mut notices, object_rows());
        let i = parse_library(i.as_deref(), INSPECTOR_COLUMNS, options, &mut notices, inspector_row);
        let j = match two_libraries {
            Some(bureau) => made_tree(bureau, &o, &i),
            None => j,
        };
        assemble(j, o, i, errors, &mut notices)?
    } else if xlsx::is_workbook(path) {
        read_workbook_registry(path, options.bureau.as_ref(), &mut notices)?
    } else {
        let name = path.display().to_string();
        let bytes = read_path(path).map_err(|e| ReadErrors::one(*e))?;
        let loaded = json::parse_json_object_as::<Registry>(&name, &bytes, options.encoding)?;
        notices.extend(loaded.notices);
        ValidRegistry::new(loaded.value)
            .map_err(|problems| ReadErrors(locate(problems, |_| Some(Origin::Json(&name)), &[])))?
    };
    Ok(Loaded { value: registry, notices })
}

/// Whether `dir` holds `<stem>.csv` or `<stem>.xlsx`.
fn has_library(dir: &Path, stem: &str) -> bool {
    ["csv", "xlsx"].iter().any(|ext| dir.join(format!("{stem}.{ext}")).exists())
}

/// The jurisdiction tree of `bureau` and the areas the objects and the
/// inspectors name, as a list read without fault, with a notice saying
/// what was made.
fn made_tree(bureau: &Bureau, o: &Parsed<RegulatedObject>, i: &Parsed<Inspector>) -> Parsed<Jurisdiction> {
    let areas = o.items.iter().map(|x| x.jurisdiction.as_str()).chain(i.items.iter().map(|p| p.jurisdiction.as_str()));
    let tree = bureau.tree(areas);
    let file = o.sheet.file.clone();
    let notice = Notice { file: file.clone(), message: Bureau::said(&tree) };
    let mut made = failed_quietly(&file);
    made.fatal = o.fatal || i.fatal;
    made.items = tree;
    made.notices.push(notice);
    made
}

/// `dir/<stem>.csv` or `dir/<stem>.xlsx`, whichever exists (an error when
/// both do, or neither).
fn library_file(dir: &Path, stem: &str, errors: &mut Vec<ReadError>) -> Option<std::path::PathBuf> {
    let csv = dir.join(format!("{stem}.csv"));
    let workbook = dir.join(format!("{stem}.xlsx"));
    match (csv.exists(), workbook.exists()) {
        (true, true) => {
            errors.push(ReadError::file(
                &dir.display().to_string(),
                format!("both {stem}.csv and {stem}.xlsx are here; keep one"),
            ));
            None
        }
        (false, true) => Some(workbook),
        (true, false) => Some(csv),
        (false, false) => {
            let message = match stem {
                "jurisdictions" => {
                    "cannot read the file: not found (nor an .xlsx of that name); for two libraries \
                                    without a jurisdiction table, give the bureau (`--bureau 呼图壁县`)"
                }
                _ => "cannot read the file: not found (nor an .xlsx of that name)",
            };
            errors.push(ReadError::file(&csv.display().to_string(), message));
            None
        }
    }
}

/// One library from a CSV file or a workbook's first sheet; a path of
/// `None` (the file was not found, already reported) gives a failed list.
fn parse_library<T: Send>(
    path: Option<&Path>,
    columns: &'static [Column],
    options: &ReadOptions,
    notices: &mut Vec<Notice>,
    build: impl FnMut(&mut Row<'_>) -> T + Send + Clone + Sync,
) -> Parsed<T> {
    let Some(path) = path else { return failed_quietly("") };
    let name = path.display().to_string();
    let bytes = match read_path(path) {
        Ok(b) => b,
        Err(e) => return Parsed::failed(&name, *e),
    };
    if xlsx::is_workbook(path) {
        return match xlsx::Workbook::open(&name, bytes).and_then(|mut w| {
            let sheet = w.find(&[]).ok_or_else(|| Box::new(ReadError::file(&name, "the workbook has no sheets")))?;
            w.rows(&sheet)
        }) {
            Ok(rows) => parse_rows(&name, rows, columns, build),
            Err(e) => Parsed::failed(&name, *e),
        };
    }
    match text::decode(&name, &bytes, options.encoding) {
        Ok((text, notice)) => {
            notices.extend(notice);
            parse_text(&name, &text, columns, build)
        }
        Err(e) => Parsed::failed(&name, *e),
    }
}

/// A registry from one workbook with a sheet per library.
fn read_workbook_registry(
    path: &Path,
    bureau: Option<&Bureau>,
    notices: &mut Vec<Notice>,
) -> Result<ValidRegistry, ReadErrors> {
    let name = path.display().to_string();
    let bytes = read_path(path).map_err(|e| ReadErrors::one(*e))?;
    let mut workbook = xlsx::Workbook::open(&name, bytes).map_err(|e| ReadErrors::one(*e))?;
    // Two libraries alone, when the bureau is given and no sheet is the table.
    let two_libraries = bureau.filter(|_| workbook.find(JURISDICTION_SHEETS).is_none());
    let mut errors = Vec::new();
    let mut sheet = |names: &[&str]| match workbook.find(names) {
        Some(found) => match workbook.rows(&found) {
            Ok(rows) => Some(rows),
            Err(e) => {
                errors.push(*e);
                None
            }
        },
        None => {
            errors.push(ReadError::file(
                &name,
                format!("no sheet named {} (the workbook has: {})", names.join(" or "), workbook.names().join(", ")),
            ));
            None
        }
    };
    let j = match two_libraries {
        Some(_) => None,
        None => sheet(JURISDICTION_SHEETS),
    };
    let (o, i) = (sheet(OBJECT_SHEETS), sheet(INSPECTOR_SHEETS));
    let rows_or_failed = |rows: Option<xlsx::SheetRows>| rows.ok_or(());
    let j = rows_or_failed(j)
        .map_or_else(|()| failed_quietly(&name), |r| parse_rows(&name, r, JURISDICTION_COLUMNS, jurisdiction_row));
    let o = rows_or_failed(o)
        .map_or_else(|()| failed_quietly(&name), |r| parse_rows(&name, r, OBJECT_COLUMNS, object_rows()));
    let i = rows_or_failed(i)
        .map_or_else(|()| failed_quietly(&name), |r| parse_rows(&name, r, INSPECTOR_COLUMNS, inspector_row));
    let j = match two_libraries {
        Some(bureau) => made_tree(bureau, &o, &i),
        None => j,
    };
    assemble(j, o, i, errors, notices)
}

/// A list that could not be read, its error already reported.
fn failed_quietly<T>(name: &str) -> Parsed<T> {
    let mut parsed = Parsed::failed(name, ReadError::file(name, String::new()));
    parsed.errors.clear();
    parsed
}

/// Parses a history CSV (columns `object`, `by`, `date`, `kind`, `pools`,
/// `inspectors`) and checks it against `registry`.
///
/// # Errors
/// [`ReadErrors`] listing every bad row and field and every reference to an
/// unknown object, jurisdiction or inspector.
pub fn parse_history_csv(
    name: &str,
    content: impl AsRef<[u8]>,
    registry: &Registry,
) -> Result<Vec<Inspection>, ReadErrors> {
    checked_history(parse_sheet(name, content.as_ref(), HISTORY_COLUMNS, inspection_row), registry)
}

/// A parsed history checked against `registry`, every problem located.
fn checked_history(parsed: Parsed<Inspection>, registry: &Registry) -> Result<Vec<Inspection>, ReadErrors> {
    let mut errors = parsed.errors.clone();
    errors.extend(mangled_codes(&parsed));
    if !parsed.fatal {
        if let Err(problems) = validate_history(&parsed.items, registry) {
            let origin = |kind| (kind == RecordKind::Inspection).then_some(Origin::Csv(&parsed.sheet, &parsed.lines));
            let located = locate(problems, origin, &errors);
            errors.extend(located);
        }
    }
    errors.sort_by_key(|e| e.line.unwrap_or(0));
    finish(parsed.items, errors)
}

/// Reads a history CSV file. See [`parse_history_csv`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read, has bad rows or refers to
/// unknown records.
pub fn read_history_csv(path: impl AsRef<Path>, registry: &Registry) -> Result<Vec<Inspection>, ReadErrors> {
    let path = path.as_ref();
    parse_history_csv(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?, registry)
}

// ---------------------------------------------------------------- public: JSON

fn parse_json<T: serde::de::DeserializeOwned>(name: &str, content: &[u8]) -> Result<T, ReadErrors> {
    json::parse_json_as(name, content, TextEncoding::Auto).map(|l| l.value)
}

/// Parses a registry in JSON (the serde shape of [`Registry`]) and validates
/// it.
///
/// # Errors
/// [`ReadErrors`]: the first JSON syntax or shape error (with its line), or
/// every validation problem, each naming the record (`objects[3]`) and field.
pub fn parse_registry_json(name: &str, content: impl AsRef<[u8]>) -> Result<Registry, ReadErrors> {
    let mut registry: Registry = json::parse_json_object_as(name, content.as_ref(), TextEncoding::Auto)?.value;
    registry.share_jurisdictions();
    let errors = match validate_registry(&registry) {
        Ok(()) => Vec::new(),
        Err(problems) => locate(problems, |_| Some(Origin::Json(name)), &[]),
    };
    finish(registry, errors)
}

/// Reads a registry JSON file. See [`parse_registry_json`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read, is not a registry, or fails
/// validation.
pub fn read_registry_json(path: impl AsRef<Path>) -> Result<Registry, ReadErrors> {
    let path = path.as_ref();
    parse_registry_json(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?)
}

/// Parses a history in JSON (an array of [`Inspection`]) and checks it
/// against `registry`.
///
/// # Errors
/// [`ReadErrors`]: the first JSON syntax or shape error, or every reference
/// to an unknown object, jurisdiction or inspector.
pub fn parse_history_json(
    name: &str,
    content: impl AsRef<[u8]>,
    registry: &Registry,
) -> Result<Vec<Inspection>, ReadErrors> {
    let history: Vec<Inspection> = parse_json(name, content.as_ref())?;
    let errors = match validate_history(&history, registry) {
        Ok(()) => Vec::new(),
        Err(problems) => locate(problems, |_| Some(Origin::Json(name)), &[]),
    };
    finish(history, errors)
}

/// Reads a history JSON file. See [`parse_history_json`].
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read, is not a history, or refers
/// to unknown records.
pub fn read_history_json(path: impl AsRef<Path>, registry: &Registry) -> Result<Vec<Inspection>, ReadErrors> {
    let path = path.as_ref();
    parse_history_json(&path.display().to_string(), read_path(path).map_err(|e| ReadErrors::one(*e))?, registry)
}

// ---------------------------------------------------------------- public: either format

/// Reads a registry from `path`: a directory of CSV files or workbooks
/// ([`read_registry_dir`]), a workbook, or a JSON file
/// ([`read_registry_json`]); see [`read_registry_with`].
///
/// # Errors
/// [`ReadErrors`] as the reader chosen reports them.
pub fn read_registry(path: impl AsRef<Path>) -> Result<Registry, ReadErrors> {
    read_registry_with(path, &ReadOptions::default()).map(|l| l.value)
}

/// Reads a history from `path`: CSV when the name ends in `.csv`
/// ([`read_history_csv`]), a workbook's first sheet for `.xlsx`, JSON
/// otherwise ([`read_history_json`]).
///
/// # Errors
/// [`ReadErrors`] as the reader chosen reports them.
pub fn read_history(path: impl AsRef<Path>, registry: &Registry) -> Result<Vec<Inspection>, ReadErrors> {
    read_history_with(path, registry, &ReadOptions::default()).map(|l| l.value)
}

/// [`read_history`], decoding text as `options` say.
///
/// # Errors
/// [`ReadErrors`] as the reader chosen reports them.
pub fn read_history_with(
    path: impl AsRef<Path>,
    registry: &Registry,
    options: &ReadOptions,
) -> Result<Loaded<Vec<Inspection>>, ReadErrors> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let mut notices = Vec::new();
    if !(path.extension().is_some_and(|e| e == "csv") || xlsx::is_workbook(path)) {
        let bytes = read_path(path).map_err(|e| ReadErrors::one(*e))?;
        return history_json(&name, &bytes, registry, options);
    }
    let parsed = parse_library(Some(path), HISTORY_COLUMNS, options, &mut notices, inspection_row);
    checked_history(parsed, registry).map(|value| Loaded { value, notices })
}

/// A history JSON's bytes, read and checked against `registry`.
fn history_json(
    name: &str,
    bytes: &[u8],
    registry: &Registry,
    options: &ReadOptions,
) -> Result<Loaded<Vec<Inspection>>, ReadErrors> {
    let loaded = json::parse_json_as::<Vec<Inspection>>(name, bytes, options.encoding)?;
    let errors = match validate_history(&loaded.value, registry) {
        Ok(()) => Vec::new(),
        Err(problems) => locate(problems, |_| Some(Origin::Json(name)), &[]),
    };
    finish(loaded.value, errors).map(|value| Loaded { value, notices: loaded.notices })
}

// ---------------------------------------------------------------- public: the year's chain

/// Reads any file that says what was inspected or planned this year, and
/// returns it as history checked against `registry`:
///
/// * a history CSV or JSON file ([`read_history`]);
/// * a plan (`"format": "shuangsuiji.plan/…"`): its tasks, as
///   [`history_from_plan`] makes them — an earlier quarter's plan, or
///   another level's plan for this quarter;
/// * an amendment log (`"format": "shuangsuiji.log/…"`): its amended plan;
/// * a results file (a JSON array of results): each result a random
///   inspection ([`history_from_results`]).
///
/// # Errors
/// [`ReadErrors`] when the file cannot be read or parsed, is a plan or log
/// of an unknown format, or refers to records not in the registry.
pub fn read_history_any(path: impl AsRef<Path>, registry: &Registry) -> Result<Vec<Inspection>, ReadErrors> {
    read_history_any_with(path, registry, &ReadOptions::default()).map(|l| l.value)
}

/// [`read_history_any`], decoding text as `options` say.
///
/// # Errors
/// As [`read_history_any`].
pub fn read_history_any_with(
    path: impl AsRef<Path>,
    registry: &Registry,
    options: &ReadOptions,
) -> Result<Loaded<Vec<Inspection>>, ReadErrors> {
    let path = path.as_ref();
    let name = path.display().to_string();
    if path.extension().is_some_and(|e| e == "csv") || xlsx::is_workbook(path) {
        return read_history_with(path, registry, options);
    }
    let bytes = read_path(path).map_err(|e| ReadErrors::one(*e))?;
    let Loaded { value, notices } = json::parse_json_as::<serde_json::Value>(&name, &bytes, options.encoding)?;
    let format = value.get("format").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
    let is_results = value.as_array().and_then(|a| a.first()).is_some_and(|r| r.get("outcome").is_some());
    let history = if format.starts_with("shuangsuiji.plan/") {
        let plan: QuarterPlan = from_value(&name, value)?;
        history_from_plan(&plan, &[])
    } else if format.starts_with("shuangsuiji.log/") {
        let log: PlanLog = from_value(&name, value)?;
        let plan = log.current_plan().map_err(|e| ReadErrors::one(ReadError::file(&name, e.to_string())))?;
        history_from_plan(&plan, &[])
    } else if is_results {
        let results: Vec<InspectionResult> = from_value(&name, value)?;
        history_from_results(&results)
    } else {
        // The bytes already read: standard input cannot be read twice.
        return history_json(&name, &bytes, registry, options);
    };
    match validate_history(&history, registry) {
        Ok(()) => Ok(Loaded { value: history, notices }),
        Err(problems) => {
            finish(history, locate(problems, |_| Some(Origin::Json(&name)), &[])).map(|value| Loaded { value, notices })
        }
    }
}

fn from_value<T: serde::de::DeserializeOwned>(name: &str, value: serde_json::Value) -> Result<T, ReadErrors> {
    serde_json::from_value(value).map_err(|e| ReadErrors::one(ReadError::file(name, e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_place_of_its_column_in_its_list() {
        let places = [
            (OBJECT_COLUMNS, ObjectCol::ID, "id"),
            (OBJECT_COLUMNS, ObjectCol::COMPLAINTS, "complaints"),
            (INSPECTOR_COLUMNS, InspectorCol::QUARTERLY_CAPACITY, "quarterly_capacity"),
            (HISTORY_COLUMNS, HistoryCol::OBJECT, "object"),
            (JURISDICTION_COLUMNS, JurisdictionCol::PARENT, "parent"),
        ];
        for (columns, key, name) in places {
            assert_eq!(columns.get(key.0).map(|c| c.name), Some(name));
        }
        assert_eq!(place(OBJECT_COLUMNS, "nope"), usize::MAX);
        assert_eq!(place(OBJECT_COLUMNS, "i"), usize::MAX, "a prefix is not the name");
    }
}
