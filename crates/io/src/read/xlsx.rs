//! Spreadsheets as the platforms export them (`.xlsx`, and `.xls`/`.ods`,
//! read with `calamine`): the same columns and headers as the CSV files,
//! each cell turned into the text a CSV export would hold.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::error::ReadError;

/// One sheet's rows: the header and each data row with its sheet row
/// number (1-based, as Excel shows it).
pub(crate) struct SheetRows {
    pub(crate) name: String,
    pub(crate) header: csv::StringRecord,
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
    /// Opens the workbook in `bytes`.
    pub(crate) fn open(file: &str, bytes: Vec<u8>) -> Result<Workbook, Box<ReadError>> {
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

    /// The rows of sheet `name`.
    pub(crate) fn rows(&mut self, name: &str) -> Result<SheetRows, Box<ReadError>> {
        let range = self.sheets.worksheet_range(name).map_err(|e| {
            let mut error = ReadError::file(&self.file, format!("cannot read the sheet: {e}"));
            error.sheet = Some(name.to_owned());
            Box::new(error)
        })?;
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        let first_col = range.start().map_or(0, |(_, col)| col as usize);
        let mut errors = Vec::new();
        let mut records = range.rows().enumerate().map(|(i, cells)| {
            let row = first_row + i as u64 + 1;
            // Columns left of the used range are blank, as CSV would hold them.
            let mut fields: Vec<String> = vec![String::new(); first_col];
            for (c, cell) in cells.iter().enumerate() {
                match text(cell) {
                    Ok(t) => fields.push(t),
                    Err(message) => {
                        let mut error =
                            ReadError::file(&self.file, format!("column {}: {message}", column_name(first_col + c)));
                        error.sheet = Some(name.to_owned());
                        error.line = Some(row);
                        errors.push(error);
                        fields.push(String::new());
                    }
                }
            }
            (row, csv::StringRecord::from(fields))
        });
        let header = records.next().map(|(_, h)| h).unwrap_or_default();
        let rows = records.collect();
        Ok(SheetRows { name: name.to_owned(), header, rows, errors })
    }
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
