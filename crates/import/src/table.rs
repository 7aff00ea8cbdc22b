//! Reading a file into a grid of text cells with their line numbers.
//!
//! CSV bytes are decoded first (BOM sniffing for UTF-8 and UTF-16, then strict UTF-8,
//! else Windows-1252, the encoding of Swedish Excel's "CSV (semikolonavgränsad)"), and the
//! delimiter is chosen as the one that makes the most header cells recognisable. The
//! parsing itself is the `csv` crate's; spreadsheets are calamine's.

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use serde::Serialize;
use std::io::Cursor;

/// What kind of file the population came from, for the import summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SourceFormat {
    Csv { encoding: String, delimiter: String },
    Spreadsheet { sheet: String },
}

/// One row of cells with its line number.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub line: u64,
    pub cells: Vec<Cell>,
}

/// A cell: its text, and for spreadsheets what kind of value it held.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A numeric spreadsheet cell, rendered without a fractional part when integral.
    Number(String),
    /// A date-typed spreadsheet cell.
    Date(chrono::NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Number(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(s) | Cell::Number(s) if s.trim().is_empty())
    }
}

/// The file as rows of cells. The first row is the header row.
#[derive(Debug, Clone)]
pub struct Table {
    pub format: SourceFormat,
    pub rows: Vec<TableRow>,
}

/// Why a file could not be read as a table: a Swedish message and the line (or
/// spreadsheet row) it concerns; line 1 when it concerns the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Rad {line}: {message}")]
pub struct ReadError {
    pub line: u64,
    pub message: String,
}

impl ReadError {
    fn file(message: impl Into<String>) -> ReadError {
        ReadError {
            line: 1,
            message: message.into(),
        }
    }
}

/// Limits on what a file may hold, checked before it is read into memory, so that no
/// file (a sparse sheet with one cell in its last row, a compressed bomb) can exhaust
/// the machine. Stated in the README.
pub mod limits {
    /// Largest file read (bytes).
    pub const FILE_BYTES: usize = 500 * 1024 * 1024;
    /// Most rows in a population or answer file (the header included).
    pub const ROWS: u64 = 1_000_000;
    /// Most columns.
    pub const COLUMNS: u32 = 100;
    /// Most uncompressed XML in a spreadsheet (bytes, all parts together).
    pub const XML_BYTES: u64 = 500 * 1024 * 1024;
}

impl Table {
    /// The trimmed text of the cell at `row` (of the rows read, blank rows dropped) and
    /// `col`; empty when the row or the cell is not there. For forms read back by position.
    pub fn text_at(&self, row: usize, col: usize) -> String {
        self.rows
            .get(row)
            .and_then(|r| r.cells.get(col))
            .map(|c| c.text().trim().to_string())
            .unwrap_or_default()
    }

    /// Reads CSV or a spreadsheet, detected from the content. Blank rows are dropped.
    pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
        if bytes.len() > limits::FILE_BYTES {
            return Err(ReadError::file(format!(
                "Filen är för stor ({} MB, högst {} MB)",
                bytes.len() / (1024 * 1024),
                limits::FILE_BYTES / (1024 * 1024)
            )));
        }
        let mut table = if is_spreadsheet(bytes) {
            read_spreadsheet(bytes)?
        } else {
            read_csv(bytes)?
        };
        table.rows.retain(|r| !r.cells.iter().all(Cell::is_blank));
        if table.rows.is_empty() {
            return Err(ReadError::file(
                "Filen är tom: den saknar rubrikrad och ärenden",
            ));
        }
        Ok(table)
    }
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn no_sheet() -> ReadError {
    ReadError::file("Arbetsboken saknar kalkylblad")
}

fn unreadable() -> ReadError {
    ReadError::file("Kalkylbladet kunde inte läsas: filen är skadad eller inte en XLSX-fil")
}

/// Refuses a cell outside the limits (0-based row and column).
fn check_cell(r: u32, c: u32) -> Result<(), ReadError> {
    if u64::from(r) >= limits::ROWS {
        return Err(too_large(format!(
            "det har en cell på rad {}",
            thousands(u64::from(r) + 1)
        )));
    }
    if c >= limits::COLUMNS {
        return Err(too_large(format!(
            "det har en cell i kolumn {}",
            u64::from(c) + 1
        )));
    }
    Ok(())
}

fn too_large(what: String) -> ReadError {
    ReadError::file(format!(
        "Kalkylbladet är för stort att importera: {what}. Högst {} rader, {} kolumner och {} MB data kan importeras",
        thousands(limits::ROWS),
        limits::COLUMNS,
        limits::XML_BYTES / (1024 * 1024)
    ))
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
        // The parts' uncompressed sizes, before anything is inflated.
        let mut total: u64 = 0;
        let mut ods = false;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(|_| unreadable())?;
            total = total.saturating_add(f.size());
            ods |= f.name().is_ok_and(|n| n == "content.xml");
        }
        if total > limits::XML_BYTES {
            return Err(too_large(format!(
                "det packar upp till {} MB",
                total / (1024 * 1024)
            )));
        }
        if !ods {
            return read_xlsx(bytes);
        }
    }
    read_other_spreadsheet(bytes)
}

/// XLSX, streamed cell by cell: only the cells that are there are kept, and a cell
/// beyond the limits refuses the file before any grid is built.
fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book.sheet_names().first().cloned().ok_or_else(no_sheet)?;
    let mut reader = book
        .worksheet_cells_reader(&sheet)
        .map_err(|_| unreadable())?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> = Default::default();
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        let data: Data = cell.get_value().clone().into();
        if matches!(data, Data::Empty) {
            continue;
        }
        check_cell(r, c)?;
        rows.entry(r)
            .or_default()
            .push((c, spreadsheet_cell(&data)));
    }
    let rows = rows
        .into_iter()
        .map(|(r, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut out = vec![Cell::Text(String::new()); width];
            for (c, v) in cells {
                out[c as usize] = v;
            }
            TableRow {
                line: u64::from(r) + 1,
                cells: out,
            }
        })
        .collect();
    Ok(Table {
        format: SourceFormat::Spreadsheet { sheet },
        rows,
    })
}

/// XLS and ODS, through calamine's whole-sheet reader (XLS is bounded by its format:
/// 65,536 rows and 256 columns); the sheet's size is checked before it is copied.
fn read_other_spreadsheet(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book.sheet_names().first().cloned().ok_or_else(no_sheet)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(no_sheet)?
        .map_err(|_| unreadable())?;
    if let Some((r, c)) = range.end() {
        check_cell(r, c)?;
    }
    let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut out = vec![Cell::Text(String::new()); first_col];
            out.extend(cells.iter().map(spreadsheet_cell));
            TableRow {
                line: first_row + i as u64 + 1,
                cells: out,
            }
        })
        .collect();
    Ok(Table {
        format: SourceFormat::Spreadsheet { sheet },
        rows,
    })
}

fn spreadsheet_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Text(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cell::Number(format!("{}", *f as i64))
        }
        Data::Float(f) => Cell::Number(f.to_string()),
        Data::Bool(b) => Cell::Text(if *b { "SANT" } else { "FALSKT" }.to_string()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Text(dt.to_string()),
        },
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Decodes CSV bytes to text and names the encoding: a BOM decides (UTF-8, UTF-16);
/// else strict UTF-8; else Windows-1252. Text that is UTF-8 up to a broken or cut-off
/// character, and UTF-16 without a BOM, are refused as encoding errors rather than read
/// as Windows-1252 gibberish.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let text = text.into_owned();
        let name = match enc.name() {
            "UTF-8" => "UTF-8 med BOM",
            "UTF-16LE" => "UTF-16LE",
            _ => "UTF-16BE",
        };
        if malformed {
            return Err(ReadError::file(format!(
                "Filen är inte korrekt kodad som {name}: den innehåller ogiltiga eller avklippta tecken"
            )));
        }
        return Ok((text, name));
    }
    if looks_like_utf16(bytes) {
        return Err(ReadError::file(
            "Filen verkar vara kodad som UTF-16 utan byte-order-markering (BOM) och kan inte läsas säkert. Spara den som UTF-8 (CSV UTF-8) i stället",
        ));
    }
    if bytes.contains(&0) {
        return Err(ReadError::file(
            "Filen innehåller nolltecken: den är ingen textfil (CSV)",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            if !valid.is_ascii() {
                // Real UTF-8 characters came first: this is UTF-8 with a fault, not
                // Windows-1252.
                let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                let message = if e.error_len().is_none() {
                    "Filen slutar mitt i ett tecken: den verkar avklippt (ofullständig UTF-8). Exportera filen igen".to_string()
                } else {
                    "Filen är kodad som UTF-8 men innehåller ett ogiltigt tecken här".to_string()
                };
                return Err(ReadError { line, message });
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), "Windows-1252"))
        }
    }
}

/// UTF-16 without a BOM: text whose every other byte is zero.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 4 {
        return false;
    }
    let zeros = |start: usize| {
        sample
            .iter()
            .skip(start)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = sample.len() / 2;
    zeros(0) * 3 > half * 2 || zeros(1) * 3 > half * 2
}

/// The line where a quoted field opens and is never closed, if one is: the csv crate
/// would otherwise read the rest of the file into that one field. Quotes follow the
/// csv crate's rules: a field is quoted when it starts with `"`, `""` inside it is a
/// quote, and the closing `"` may be followed by more text up to the delimiter.
pub fn unterminated_quote(text: &str, delimiter: u8) -> Option<u64> {
    let b = text.as_bytes();
    let (mut line, mut at_field_start, mut i) = (1u64, true, 0usize);
    while i < b.len() {
        let c = b[i];
        if at_field_start && c == b'"' {
            let opened = line;
            i += 1;
            loop {
                match b.get(i) {
                    None => return Some(opened),
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            at_field_start = false;
            continue;
        }
        match c {
            b'\n' => {
                line += 1;
                at_field_start = true;
            }
            b'\r' => at_field_start = true,
            _ if c == delimiter => at_field_start = true,
            _ => at_field_start = false,
        }
        i += 1;
    }
    None
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes)?;
    let delimiter = detect_delimiter(&text);
    if let Some(line) = unterminated_quote(&text, delimiter) {
        return Err(ReadError {
            line,
            message: "Ett citattecken (\") öppnas här men stängs aldrig, så resten av filen skulle läsas som ett enda fält. Ingenting har importerats: rätta citattecknet och försök igen".to_string(),
        });
    }
    let rows = parse_csv(&text, delimiter)?;
    let name = match delimiter {
        b';' => "semikolon",
        b',' => "komma",
        _ => "tabb",
    };
    Ok(Table {
        format: SourceFormat::Csv {
            encoding: encoding.to_string(),
            delimiter: name.to_string(),
        },
        rows,
    })
}

fn parse_csv(text: &str, delimiter: u8) -> Result<Vec<TableRow>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.line_of(record.position().map_or(0, |p| p.byte()));
                if rows.len() as u64 >= limits::ROWS {
                    return Err(ReadError {
                        line,
                        message: format!("Filen har fler än {} rader", thousands(limits::ROWS)),
                    });
                }
                if record.len() > limits::COLUMNS as usize {
                    return Err(ReadError {
                        line,
                        message: format!(
                            "Raden har {} kolumner, högst {} kan importeras",
                            record.len(),
                            limits::COLUMNS
                        ),
                    });
                }
                rows.push(TableRow {
                    line,
                    cells: record.iter().map(|c| Cell::Text(c.to_string())).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line());
                return Err(ReadError {
                    line,
                    message: "Raden kunde inte läsas som CSV".to_string(),
                });
            }
        }
    }
    Ok(rows)
}

/// Editor line numbers from byte offsets. The csv crate reports a record's position
/// from before any blank lines it skipped, so the record's first line is found by
/// stepping over line breaks from that offset. Offsets only grow, so counting is linear.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, byte: u64) -> u64 {
        let mut start = (byte as usize).min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\n' | b'\r') {
            start += 1;
        }
        let start = start.max(self.offset);
        self.line += self.text[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = start;
        self.line
    }
}

/// A limit as Swedish text: `1 000 000`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// Chooses the delimiter that makes the most header cells recognisable; on a tie, the
/// one that splits the header into the most cells; on a further tie `;`, tab, `,`.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut best = (b';', 0usize, 0usize);
    for d in [b';', b'\t', b','] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(header.as_bytes());
        let Some(Ok(row)) = reader.records().next() else {
            continue;
        };
        let cells: Vec<&str> = row.iter().collect();
        let known = cells
            .iter()
            .filter(|c| crate::names::field_of(c).is_some())
            .count();
        if (known, cells.len()) > (best.1, best.2) {
            best = (d, known, cells.len());
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let s = "Ärende-id;Handläggare\n1;Åsa Öberg\n";
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (s.to_string(), "UTF-8 med BOM"));
        let (cp, _, _) = encoding_rs::WINDOWS_1252.encode(s);
        assert_eq!(decode(&cp).unwrap(), (s.to_string(), "Windows-1252"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), (s.to_string(), "UTF-16LE"));
    }

    #[test]
    fn detects_the_delimiter_from_the_header() {
        assert_eq!(detect_delimiter("Ärende-id;Personnummer;Lagrum\n"), b';');
        assert_eq!(detect_delimiter("Ärende-id,Personnummer,Lagrum\n"), b',');
        assert_eq!(detect_delimiter("Ärende-id\tPersonnummer\tLagrum\n"), b'\t');
        // Commas inside a semicolon file's header do not fool it.
        assert_eq!(
            detect_delimiter("Ärende-id;Personnummer;Lagrum;Insats, typ\n"),
            b';'
        );
    }

    #[test]
    fn keeps_editor_line_numbers_and_drops_blank_rows() {
        let t = Table::read(b"A;B\n\n1;2\n\"x\ny\";3\n;\n4;5\n").unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 3, 4, 7]);
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(Table::read(b"").is_err());
        assert!(Table::read(b"\n\n").is_err());
    }
}
