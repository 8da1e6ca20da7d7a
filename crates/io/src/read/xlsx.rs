//! Spreadsheets as the platforms export them (`.xlsx`, and `.xls`/`.ods`,
//! read with `calamine`): the same columns and headers as the CSV files,
//! each cell turned into the text a CSV export would hold.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};

use super::error::ReadError;

/// One sheet's rows: the header and each data row with its sheet row
/// number (1-based, as Excel shows it).
pub(crate) struct SheetRows {
    pub(crate) name: String,
    pub(crate) header: csv::StringRecord,
    /// The header's row (1-based, as Excel shows it).
    pub(crate) header_line: u64,
    pub(crate) rows: Vec<(u64, csv::StringRecord)>,
    /// Cells that cannot be read as text (Excel errors such as `#N/A`).
    pub(crate) errors: Vec<ReadError>,
}

/// Whether `path` names a workbook.
pub(crate) fn is_workbook(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        let e = e.to_ascii_lowercase();
        matches!(e.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    })
}

/// The names of the workbook's sheets and a reader for them.
pub(crate) struct Workbook {
    file: String,
    sheets: calamine::Sheets<Cursor<Vec<u8>>>,
}

impl Workbook {
    /// Opens the workbook in `bytes`, once [`check_inflated`] has found it
    /// within bounds.
    pub(crate) fn open(file: &str, bytes: Vec<u8>) -> Result<Workbook, Box<ReadError>> {
        check_inflated(file, &bytes)?;
        let sheets = open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| Box::new(ReadError::file(file, format!("cannot open the workbook: {e}"))))?;
        Ok(Workbook { file: file.to_owned(), sheets })
    }

    /// The sheet names, in workbook order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// The first sheet whose name is one of `names` (case and spaces
    /// ignored), or the only sheet when `names` is empty.
    pub(crate) fn find(&self, names: &[&str]) -> Option<String> {
        let all = self.names();
        if names.is_empty() {
            return all.into_iter().next();
        }
        let norm = |s: &str| s.trim().to_lowercase().replace([' ', '_'], "");
        all.into_iter().find(|sheet| names.iter().any(|n| norm(n) == norm(sheet)))
    }

    /// The rows of sheet `name`. An `.xlsx` sheet is read cell by cell,
    /// never as calamine's dense rectangle: two cells at `A1` and
    /// `XFD1048576` would make that seventeen billion cells.
    pub(crate) fn rows(&mut self, name: &str) -> Result<SheetRows, Box<ReadError>> {
        let file = self.file.clone();
        let failed = |e: &dyn std::fmt::Display| {
            let mut error = ReadError::file(&file, format!("cannot read the sheet: {e}"));
            error.sheet = Some(name.to_owned());
            Box::new(error)
        };
        let mut cells = Cells::new(&self.file, name);
        if let Sheets::Xlsx(xlsx) = &mut self.sheets {
            let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| failed(&e))? {
                let (row, col) = cell.get_position();
                cells.add(row, col, &Data::from(cell.get_value().clone()));
            }
        } else if let Sheets::Xlsb(xlsb) = &mut self.sheets {
            let mut reader = xlsb.worksheet_cells_reader(name).map_err(|e| failed(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| failed(&e))? {
                let (row, col) = cell.get_position();
                cells.add(row, col, &Data::from(cell.get_value().clone()));
            }
        } else {
            // .xls (at most 65,536 × 256 cells) and .ods: calamine's range.
            let range = self.sheets.worksheet_range(name).map_err(|e| failed(&e))?;
            for (row, col, value) in range.used_cells() {
                let (top, left) = range.start().unwrap_or((0, 0));
                let (row, col) = (top + row as u32, left + col as u32);
                cells.add(row, col, value);
            }
        }
        Ok(cells.into_rows())
    }
}

/// The most columns a sheet's table may have: a registry has a few dozen.
/// A value further right is an error, not a reason to widen every row.
pub const MAX_SHEET_COLUMNS: u32 = 1_000;

/// A sheet's non-empty cells as they come, row by row, made into rows.
struct Cells<'f> {
    file: &'f str,
    sheet: String,
    /// Each row with a value: its number (as Excel shows it) and its cells.
    rows: Vec<(u64, Vec<(usize, String)>)>,
    width: usize,
    errors: Vec<ReadError>,
}

impl<'f> Cells<'f> {
    fn new(file: &'f str, sheet: &str) -> Self {
        Cells { file, sheet: sheet.to_owned(), rows: Vec::new(), width: 0, errors: Vec::new() }
    }

    fn add(&mut self, row: u32, col: u32, value: &Data) {
        if matches!(value, Data::Empty) {
            return;
        }
        let line = u64::from(row) + 1;
        let text = match text(value) {
            Ok(t) if t.trim().is_empty() => return,
            Ok(t) => t,
            Err(message) => {
                self.error(line, format!("column {}: {message}", column_name(col as usize)));
                String::new()
            }
        };
        if col >= MAX_SHEET_COLUMNS {
            self.error(
                line,
                format!(
                    "a value in column {}, past the {MAX_SHEET_COLUMNS} columns a table may have; clear it",
                    column_name(col as usize)
                ),
            );
            return;
        }
        if self.rows.last().is_none_or(|(r, _)| *r != line) {
            self.rows.push((line, Vec::new()));
        }
        if let Some((_, cells)) = self.rows.last_mut() {
            cells.push((col as usize, text));
        }
        self.width = self.width.max(col as usize + 1);
    }

    fn error(&mut self, line: u64, message: String) {
        if self.errors.len() < super::error::MAX_PROBLEMS {
            let mut error = ReadError::file(self.file, message);
            error.sheet = Some(self.sheet.clone());
            error.line = Some(line);
            self.errors.push(error);
        }
    }

    /// The header (the first row with a value) and the data rows, each as
    /// wide as the widest, blank where a CSV export would be.
    fn into_rows(mut self) -> SheetRows {
        let width = self.width;
        // A sheet's XML lists its rows in order; one that does not is read
        // as Excel shows it. Cells of one row split by others are joined.
        self.rows.sort_by_key(|(line, _)| *line);
        self.rows.dedup_by(|(line, later), (kept_line, kept)| {
            let same = line == kept_line;
            if same {
                kept.append(later);
            }
            same
        });
        let mut records = self.rows.into_iter().map(|(line, cells)| {
            let mut fields = vec![String::new(); width];
            for (col, text) in cells {
                if let Some(field) = fields.get_mut(col) {
                    *field = text;
                }
            }
            (line, csv::StringRecord::from(fields))
        });
        let (header_line, header) = records.next().unwrap_or((1, csv::StringRecord::new()));
        SheetRows { name: self.sheet, header, header_line, rows: records.collect(), errors: self.errors }
    }
}

/// The most a workbook may inflate to, all its parts together: the XML
/// of Excel's largest sheet (1,048,576 rows of a registry's columns) is
/// some hundreds of megabytes.
pub const MAX_INFLATED_BYTES: u64 = 1 << 30;

/// The most its shared strings (every text cell's text, once) may inflate
/// to.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;

/// A workbook that is a zip (`.xlsx`, `.ods`) is refused when its parts
/// would inflate past [`MAX_INFLATED_BYTES`], or its shared strings past
/// [`MAX_SHARED_STRINGS_BYTES`]: a zip bomb (a 1 MB file holding a 1 GB
/// string) is refused by the sizes its directory declares, before a byte
/// is inflated, and one whose directory lies, when its inflated bytes
/// pass the bound — never by running out of memory.
fn check_inflated(file: &str, bytes: &[u8]) -> Result<(), Box<ReadError>> {
    let refuse = |message: String| Box::new(ReadError::file(file, message));
    // Whatever its first bytes: the zip reader (calamine's own) finds an
    // archive after leading junk too. Not a zip at all: an `.xls`.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let limit_of =
        |name: &str| if name.ends_with("sharedStrings.xml") { MAX_SHARED_STRINGS_BYTES } else { MAX_INFLATED_BYTES };
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| refuse(format!("cannot open the workbook: {e}")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        declared = declared.saturating_add(entry.size());
        if entry.size() > limit_of(&name) || declared > MAX_INFLATED_BYTES {
            return Err(refuse(too_big(&name, entry.size().max(declared))));
        }
    }
    let mut inflated: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| refuse(format!("cannot open the workbook: {e}")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let limit = limit_of(&name).min(MAX_INFLATED_BYTES - inflated);
        let n = std::io::copy(&mut std::io::Read::take(entry, limit + 1), &mut std::io::sink())
            .map_err(|e| refuse(format!("cannot read the workbook's part `{name}`: {e}")))?;
        inflated += n;
        if n > limit {
            return Err(refuse(too_big(&name, inflated)));
        }
    }
    Ok(())
}

fn too_big(part: &str, size: u64) -> String {
    format!(
        "the workbook inflates to more than it may ({} MiB or more, in `{part}`; at most {} MiB, {} MiB of it shared strings): \
         it is not a registry export (a zip bomb?)",
        size >> 20,
        MAX_INFLATED_BYTES >> 20,
        MAX_SHARED_STRINGS_BYTES >> 20
    )
}

/// A cell as the text a CSV export would hold: whole numbers without a
/// decimal point, dates as `YYYY-MM-DD`, booleans as `true`/`false`.
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers up to 2^53 are exact in a double; beyond, the
        // digits are already lost in the workbook (an 18-digit credit code
        // typed as a number), so say so instead of inventing them.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => format!("{f:.0}"),
        Data::Float(f) if f.fract() == 0.0 => {
            return Err(format!("the number {f} is too long to be exact; format the column as text (文本) in Excel"))
        }
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.to_string(),
            None => return Err(format!("the date serial {} is out of range", d.as_f64())),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds the Excel error {e}")),
    })
}

/// `A`, `B`, …, `Z`, `AA`: the spreadsheet's name of column `index`.
pub(crate) fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a_csv_export_would_hold_them() {
        assert_eq!(text(&Data::Float(30.0)).unwrap(), "30");
        assert_eq!(text(&Data::Float(2.5)).unwrap(), "2.5");
        assert_eq!(text(&Data::Int(7)).unwrap(), "7");
        assert_eq!(text(&Data::Bool(true)).unwrap(), "true");
        assert!(text(&Data::Float(916_523_230_000_000_000.0)).unwrap_err().contains("text"));
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }
}
