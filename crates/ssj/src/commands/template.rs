//! `ssj template`: a blank registry for a clerk to fill in. One workbook
//! with a sheet per library under the Chinese headers the readers take,
//! drop-down lists where a column has few values, code columns kept as
//! text (文本) so Excel never turns a credit code into `9.16523E+17`, and
//! a sheet explaining each column; beside it, the same headers as CSV
//! files. The columns come from the readers (`shuangsuiji_io::template`),
//! so a filled template always reads back.

use std::path::PathBuf;

use clap::Args;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use shuangsuiji_io::read::Library;
use shuangsuiji_io::template::{template_columns, CellKind, TemplateColumn};

use crate::output::{emit, write_all_atomic, Bytes, CliError};

/// The workbook's file name.
pub const WORKBOOK: &str = "名录库模板.xlsx";

/// Each library: its sheet name (one the registry reader finds), its CSV
/// file name, and what it is.
const LIBRARIES: [(Library, &str, &str, &str); 3] = [
    (Library::Objects, "检查对象", "objects.csv", "检查对象名录库：每行一家检查对象"),
    (Library::Inspectors, "执法人员", "inspectors.csv", "执法检查人员名录库：每行一名执法人员或专家"),
    (Library::Jurisdictions, "区域", "jurisdictions.csv", "区域：本局及所辖县区、园区，每行一个"),
];

/// The most rows the drop-down lists and cell formats cover.
const ROWS: u32 = 100_000;

/// `ssj template`.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  ssj template 名录库/        # 名录库/名录库模板.xlsx, objects.csv, inspectors.csv, jurisdictions.csv
  ssj plan --registry 名录库/名录库模板.xlsx --policy changji-county --quarter 2023Q3

Fill the workbook (or the CSV files) and give it as --registry. Existing files are never overwritten.")]
pub struct TemplateArgs {
    /// The folder to write into (made if missing).
    pub dir: PathBuf,
}

/// Runs `ssj template`.
///
/// # Errors
/// [`CliError::Input`] when a file of the template already exists in the
/// folder, or when the files cannot be written.
pub fn run(args: TemplateArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let dir = args.dir;
    let targets: Vec<PathBuf> = std::iter::once(WORKBOOK)
        .chain(LIBRARIES.iter().map(|(_, _, file, _)| *file))
        .map(|name| dir.join(name))
        .collect();
    if let Some(existing) = targets.iter().find(|path| path.exists()) {
        return Err(CliError::Input(format!(
            "{} already exists; a template never overwrites a registry (give an empty folder)",
            existing.display()
        )));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Input(format!("cannot make the folder {}: {e}", dir.display())))?;
    let workbook = workbook().map_err(|e| CliError::Input(format!("cannot make the workbook: {e}")))?;
    let csvs: Vec<String> = LIBRARIES.iter().map(|(library, ..)| csv_header(*library)).collect();
    let mut files: Vec<(PathBuf, Bytes<'_>)> = vec![(dir.join(WORKBOOK), Bytes(&workbook))];
    for ((_, _, file, _), text) in LIBRARIES.iter().zip(&csvs) {
        files.push((dir.join(file), Bytes(text.as_bytes())));
    }
    write_all_atomic(&files)?;
    let written: Vec<String> = targets.iter().map(|p| p.display().to_string()).collect();
    emit(out, &format!("{}\n", written.join("\n")))
}

/// A CSV file of the library's headers, UTF-8 with the BOM Excel needs to
/// open Chinese text as such.
fn csv_header(library: Library) -> String {
    let headers: Vec<&str> = template_columns(library).iter().map(|c| c.header).collect();
    format!("\u{feff}{}\n", headers.join(","))
}

/// The workbook: a sheet per library, then the explanations.
fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for (library, sheet_name, _, _) in LIBRARIES {
        let sheet = book.add_worksheet().set_name(sheet_name)?;
        library_sheet(sheet, &template_columns(library))?;
    }
    let about = book.add_worksheet().set_name("填写说明")?;
    explanations(about)?;
    book.save_to_buffer()
}

/// One library's sheet: the header row, frozen; each column formatted as
/// its kind, with its drop-down list.
fn library_sheet(sheet: &mut Worksheet, columns: &[TemplateColumn]) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let required = Format::new().set_bold().set_background_color("#F8CBAD");
    for (c, column) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, column.header, if column.required { &required } else { &header })?;
        let width = column.header.chars().count().max(6) as f64 * 2.2;
        let cells = match column.kind {
            // Excel's built-in text format (49, "@"), as its "文本" menu item sets.
            CellKind::Code => Format::new().set_num_format_index(49),
            CellKind::Date => Format::new().set_num_format("yyyy-mm-dd"),
            CellKind::Count => Format::new().set_num_format("0"),
            CellKind::Text => Format::new(),
        };
        sheet.set_column_width(c, width)?;
        sheet.set_column_format(c, &cells)?;
        if !column.choices.is_empty() {
            // A warning, not a stop: a document may name classes of its own.
            let list = DataValidation::new()
                .allow_list_strings(column.choices)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_input_title(column.header)?
                .set_input_message(column.meaning)?;
            sheet.add_data_validation(1, c, ROWS, c, &list)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The sheet explaining every column.
fn explanations(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.write_string_with_format(0, 0, "名录库填写说明", &bold)?;
    sheet.write_string(
        1,
        0,
        "填好“检查对象”“执法人员”“区域”三张表后保存，用 ssj plan --registry 名录库模板.xlsx 抽取。\
         表头勿改；红色表头为必填列；编号、代码列为文本格式，勿改为数值（否则 18 位信用代码会丢失末尾数字）。\
         可在表格上方加标题行，可加“序号”“备注”等列，读取时略过。",
    )?;
    for (c, title) in ["表", "列名", "英文名", "必填", "说明", "可选值"].iter().enumerate() {
        sheet.write_string_with_format(3, c as u16, *title, &bold)?;
    }
    let mut row = 4;
    for (library, sheet_name, _, what) in LIBRARIES {
        sheet.write_string_with_format(row, 0, sheet_name, &bold)?;
        sheet.write_string(row, 4, what)?;
        row += 1;
        for column in template_columns(library) {
            sheet.write_string(row, 1, column.header)?;
            sheet.write_string(row, 2, column.name)?;
            sheet.write_string(row, 3, if column.required { "是" } else { "" })?;
            sheet.write_string_with_format(row, 4, column.meaning, &wrap)?;
            sheet.write_string(row, 5, column.choices.join("、"))?;
            row += 1;
        }
    }
    for (c, width) in [10.0, 16.0, 24.0, 6.0, 60.0, 36.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}
