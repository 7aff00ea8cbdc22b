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

impl Table {
    /// Reads CSV or a spreadsheet, detected from the content. Blank rows are dropped.
    /// The error is a Swedish message about the file as a whole.
    pub fn read(bytes: &[u8]) -> Result<Table, String> {
        let mut table = if is_spreadsheet(bytes) {
            read_spreadsheet(bytes)?
        } else {
            read_csv(bytes)?
        };
        table.rows.retain(|r| !r.cells.iter().all(Cell::is_blank));
        if table.rows.is_empty() {
            return Err("Filen är tom: den saknar rubrikrad och ärenden".to_string());
        }
        Ok(table)
    }
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Table, String> {
    let unreadable =
        |_| "Kalkylbladet kunde inte läsas: filen är skadad eller inte en XLSX-fil".to_string();
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("Arbetsboken saknar kalkylblad")?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("Arbetsboken saknar kalkylblad")?
        .map_err(unreadable)?;
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

/// Decodes CSV bytes to text and names the encoding.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = match enc.name() {
            "UTF-8" => "UTF-8 med BOM",
            "UTF-16LE" => "UTF-16LE",
            _ => "UTF-16BE",
        };
        return (text.into_owned(), name);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let (text, encoding) = decode(bytes);
    let delimiter = detect_delimiter(&text);
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

fn parse_csv(text: &str, delimiter: u8) -> Result<Vec<TableRow>, String> {
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
                rows.push(TableRow {
                    line,
                    cells: record.iter().map(|c| Cell::Text(c.to_string())).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(format!("Rad {line}: filen kunde inte läsas som CSV"));
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

/// Chooses the delimiter that makes the most header cells recognisable; on a tie, the
/// one that splits the header into the most cells; on a further tie `;`, tab, `,`.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut best = (b';', 0usize, 0usize);
    for d in [b';', b'\t', b','] {
        let Ok(rows) = parse_csv(header, d) else {
            continue;
        };
        let Some(row) = rows.first() else { continue };
        let cells: Vec<String> = row.cells.iter().map(Cell::text).collect();
        let known = cells
            .iter()
            .filter(|c| crate::headers::field_of(c).is_some())
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
        assert_eq!(decode(s.as_bytes()), (s.to_string(), "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom), (s.to_string(), "UTF-8 med BOM"));
        let (cp, _, _) = encoding_rs::WINDOWS_1252.encode(s);
        assert_eq!(decode(&cp), (s.to_string(), "Windows-1252"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16), (s.to_string(), "UTF-16LE"));
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
