//! Rows and columns for spreadsheets: one [`Sheet`] per table, written as CSV in the dialect a
//! spreadsheet expects ([`CsvOptions`]) or as an Excel workbook ([`write_xlsx`]).
//!
//! Every command that offers CSV builds its table once as sheets, so CSV and xlsx always hold
//! the same columns and values; only the encoding differs.

use std::path::Path;

use rust_xlsxwriter::{Format as CellFormat, Workbook};

use crate::error::{Error, Result};

/// A value in a sheet: numbers stay numbers, so a spreadsheet can sort and sum them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text; empty for a value the row does not have.
    Text(String),
    /// A count (words, clusters, lines).
    Integer(u64),
    /// A score or weight, written with [`Cell::DECIMALS`] decimals in CSV.
    Number(f64),
}

impl Cell {
    /// Decimals of a [`Cell::Number`] in CSV (a workbook keeps the full value).
    pub const DECIMALS: usize = 4;

    fn csv_text(&self, decimal_comma: bool) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Number(x) => {
                let text = format!("{x:.prec$}", prec = Self::DECIMALS);
                if decimal_comma {
                    text.replace('.', ",")
                } else {
                    text
                }
            }
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Integer(n as u64)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}

impl From<f32> for Cell {
    fn from(x: f32) -> Self {
        // Through the shortest decimal of the f32, so 0.42 stays 0.42 and not 0.41999998.
        Cell::Number(x.to_string().parse().unwrap_or(f64::from(x)))
    }
}

/// One table: a name (the workbook's tab), a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name in a workbook (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// An empty sheet with these column names.
    pub fn new(name: &str, header: &[&str]) -> Self {
        Sheet {
            name: name.to_owned(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// The sheet as CSV: the header row, then one record per row.
    ///
    /// ```
    /// use tema::output::{Cell, CsvOptions, Sheet};
    /// let mut sheet = Sheet::new("scores", &["id", "score"]);
    /// sheet.rows.push(vec![Cell::from("blå"), Cell::from(0.5f64)]);
    /// assert_eq!(sheet.to_csv(&CsvOptions::default()), "id,score\nblå,0.5000\n");
    /// // As Danish Excel reads it: semicolons, decimal commas and a BOM to say UTF-8.
    /// assert_eq!(sheet.to_csv(&CsvOptions::semicolon()), "\u{feff}id;score\nblå;0,5000\n");
    /// ```
    pub fn to_csv(&self, options: &CsvOptions) -> String {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(options.delimiter)
            .from_writer(Vec::new());
        let io = "writing CSV to memory cannot fail";
        writer.write_record(&self.header).expect(io);
        let decimal_comma = options.decimal_comma();
        for row in &self.rows {
            writer
                .write_record(row.iter().map(|c| c.csv_text(decimal_comma)))
                .expect(io);
        }
        let body = String::from_utf8(writer.into_inner().expect(io))
            .expect("CSV of UTF-8 fields is UTF-8");
        if options.bom {
            format!("\u{feff}{body}")
        } else {
            body
        }
    }
}

/// The CSV dialect: the field delimiter and whether the file opens with a UTF-8 byte-order mark.
///
/// Excel set to Danish (and most of continental Europe) splits fields at `;`, reads `0,5` as a
/// number and `0.5` as text, and takes a file without a BOM for Windows-1252, garbling æ/ø/å.
/// So a `;` file gets decimal commas and, unless told otherwise, a BOM
/// ([`CsvOptions::with_delimiter`]); a `,` file is the plain CSV other programs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// The byte between fields: `,` by default.
    pub delimiter: u8,
    /// Whether to start with the UTF-8 byte-order mark (U+FEFF).
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            bom: false,
        }
    }
}

impl CsvOptions {
    /// CSV for Danish Excel: `;`, decimal commas and a BOM.
    pub fn semicolon() -> Self {
        Self::with_delimiter(b';')
    }

    /// CSV with this delimiter, and a BOM when it is `;` (a file meant for Excel in a
    /// decimal-comma locale, which needs the BOM to read UTF-8).
    pub fn with_delimiter(delimiter: u8) -> Self {
        CsvOptions {
            delimiter,
            bom: delimiter == b';',
        }
    }

    /// Whether numbers are written with a decimal comma: when fields are split at `;`, the
    /// delimiter of locales whose decimal sign is the comma.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter == b';'
    }
}

/// The longest text one cell of a workbook holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// Writes sheets as one Excel workbook (.xlsx), one tab each, whole or not at all (through
/// [`super::write_atomic`]). The header row is bold and frozen, columns sized to their text.
pub fn write_xlsx(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let bytes = xlsx_bytes(sheets).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    super::write_atomic(path, &bytes)
}

fn xlsx_bytes(sheets: &[Sheet]) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(tab_name(&sheet.name))?;
        for (col, name) in sheet.header.iter().enumerate() {
            worksheet.write_string_with_format(0, col as u16, name, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(text) if text.is_empty() => {}
                    Cell::Text(text) => {
                        worksheet.write_string(r, col, super::shorten(text, MAX_CELL_CHARS))?;
                    }
                    Cell::Integer(n) => {
                        worksheet.write_number(r, col, *n as f64)?;
                    }
                    Cell::Number(x) => {
                        worksheet.write_number(r, col, *x)?;
                    }
                };
            }
        }
        worksheet.set_freeze_panes(1, 0)?;
        // Autofit, but no wider than about 50 characters (350 px): summaries would otherwise
        // make columns as wide as the screen.
        worksheet.set_autofit_max_width(350);
        worksheet.autofit();
    }
    workbook.save_to_buffer()
}

/// A name Excel accepts for a tab: without `[]:*?/\`, at most 31 characters.
fn tab_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if clean.is_empty() {
        "Sheet1".to_owned()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        let mut sheet = Sheet::new("t", &["a", "b"]);
        sheet
            .rows
            .push(vec!["x, \"y\"".into(), Cell::Number(0.125)]);
        sheet.rows.push(vec!["".into(), Cell::Integer(3)]);
        sheet
    }

    #[test]
    fn plain_csv_quotes_what_needs_it_and_has_no_bom() {
        assert_eq!(
            sheet().to_csv(&CsvOptions::default()),
            "a,b\n\"x, \"\"y\"\"\",0.1250\n,3\n"
        );
    }

    #[test]
    fn semicolon_csv_has_a_bom_and_decimal_commas_unless_told() {
        assert_eq!(
            sheet().to_csv(&CsvOptions::semicolon()),
            "\u{feff}a;b\n\"x, \"\"y\"\"\";0,1250\n;3\n"
        );
        let no_bom = CsvOptions {
            bom: false,
            ..CsvOptions::semicolon()
        };
        assert!(sheet().to_csv(&no_bom).starts_with("a;b\n"));
        let tabs = CsvOptions::with_delimiter(b'\t');
        assert_eq!(
            sheet().to_csv(&tabs),
            "a\tb\n\"x, \"\"y\"\"\"\t0.1250\n\t3\n"
        );
    }

    #[test]
    fn f32_weights_keep_their_short_decimals() {
        assert_eq!(Cell::from(0.42f32), Cell::Number(0.42));
    }

    #[test]
    fn tab_names_drop_what_excel_refuses() {
        assert_eq!(tab_name("a/b:c"), "abc");
        assert_eq!(tab_name("?"), "Sheet1");
        assert_eq!(tab_name(&"x".repeat(40)).len(), 31);
    }
}
