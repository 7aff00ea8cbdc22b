//! The fact-check for an enhetschef without Aktgranskning: the draft as PDF and a
//! response form (XLSX or DOCX) she fills in with a spreadsheet program or Word and returns by e-mail:
//! per finding Faktafel, Kommentar or Instämmer with her text, and a comment per chapter.
//! The form is tied to the round by its package id and carries a checksum over
//! everything she must not change; reading it back is all or nothing. And what came in
//! a meeting or an e-mail is typed in, recorded as such (`via`), with who and when.

use super::{CommentInput, Exported, Imported, KINDS, Package, make_package, record_round};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_import::RowError;
use aktgranskning_store::factcheck::{self, Round};

/// The form's format tag, in its control row.
const FORM_FORMAT: &str = "aktgranskning-faktagranskning-formular-1";

/// The form's columns, as their headers read.
const COLUMNS: [&str; 6] = ["Typ", "Nr", "Kapitel", "I utkastet", "Svar", "Din text"];

/// The fixed cells of one row: type, number, chapter, the draft's text.
type Fixed = (String, String, String, String);

/// The rows the form asks about: every finding, then every chapter.
fn fixed_rows(p: &Package) -> Vec<Fixed> {
    let mut rows: Vec<Fixed> = p
        .info
        .findings
        .iter()
        .map(|f| {
            (
                "Bedömning".to_string(),
                f.id.to_string(),
                format!("{} {}", f.chapter, f.chapter_title),
                format!("{}: {}", f.grade.label(), f.text),
            )
        })
        .collect();
    rows.extend(crate::chapters::CHAPTERS.iter().enumerate().map(|(i, t)| {
        (
            "Kapitel".to_string(),
            (i + 1).to_string(),
            format!("{} {t}", i + 1),
            "Synpunkter på kapitlet som helhet".to_string(),
        )
    }));
    rows
}

/// The checksum over what the enhetschef must not change: the package, and every row's
/// fixed cells.
fn checksum(package_id: &str, rows: &[Fixed]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("{FORM_FORMAT}\n{package_id}\n"));
    for (a, b, c, d) in rows {
        h.update(format!("{a}\t{b}\t{c}\t{d}\n"));
    }
    aktgranskning_core::sampling::hex(&h.finalize())
}

/// Starts a round for an enhetschef without the app: writes the draft report to `pdf`
/// and the response form to `xlsx` (both before the round is committed), the response
/// expected by `due` (default in three weeks).
pub fn export_form(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    form: &std::path::Path,
    pdf: &std::path::Path,
    due: Option<&str>,
) -> Result<Exported> {
    let format = FormFormat::of(form)?;
    crate::files::check_output(form, store.path())?;
    crate::files::check_output(pdf, store.path())?;
    if form == pdf {
        return Err(ServiceError::invalid_field(
            "Utkastet",
            "Formuläret och utkastet måste vara två olika filer",
        ));
    }
    let (package, due) = make_package(store, ctx, audit_id, due)?;
    let report = super::package_pdf(&package)?;
    let rows = fixed_rows(&package);
    let intro = intro(&package, &due);
    let control = [
        "Kontroll".to_string(),
        FORM_FORMAT.to_string(),
        package.info.package_id.clone(),
        checksum(&package.info.package_id, &rows),
    ];
    let bytes = match format {
        FormFormat::Xlsx => xlsx_form(&intro, &control, &rows)?,
        FormFormat::Docx => docx_form(&intro, &control, &rows)?,
    };
    let sealed = super::seal(&package);
    record_round(
        store,
        ctx,
        audit_id,
        &package,
        &due,
        &sealed,
        &[(Some(pdf), &report), (Some(form), &bytes)],
        Some((format.tag(), package.info.findings.len())),
    )
}

/// The form's file format, from the name the user gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFormat {
    Xlsx,
    Docx,
}

impl FormFormat {
    /// `.xlsx` or `.docx`; anything else is refused naming the file.
    pub fn of(path: &std::path::Path) -> Result<FormFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => Ok(FormFormat::Xlsx),
            Some("docx") => Ok(FormFormat::Docx),
            _ => Err(ServiceError::invalid_field(
                "Svarsformuläret",
                format!(
                    "Filen {} är varken ett kalkylblad eller ett Word-dokument: ange ett filnamn som slutar på .xlsx eller .docx",
                    path.display()
                ),
            )),
        }
    }

    fn tag(self) -> &'static str {
        match self {
            FormFormat::Xlsx => "xlsx",
            FormFormat::Docx => "docx",
        }
    }
}

/// What the form says at its top: what to do, by when.
fn intro(package: &Package, due: &str) -> String {
    let info = &package.info;
    format!(
        "Faktagranskning av utkastet till rapporten om {} ({}), omgång {}. Läs utkastet (PDF-filen) och fyll i Svar (Faktafel, Kommentar eller Instämmer) och Din text för varje bedömning, och en kommentar per kapitel om du vill. Skriv ditt namn. Svara senast {due} genom att skicka tillbaka filen. Ändra inget annat, och skriv inga personuppgifter.",
        info.unit, info.diarienr, info.round
    )
}

/// The form as a spreadsheet: the answer cells open and yellow, the rest locked, Svar a
/// drop-down list.
fn xlsx_form(intro: &str, control: &[String; 4], rows: &[Fixed]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| {
        ServiceError::internal(format!("Formuläret kunde inte skapas: {e}"))
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Faktagranskning").map_err(x)?;
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let open = Format::new()
        .set_text_wrap()
        .set_unlocked()
        .set_background_color("#FFF8E1");
    let grey = Format::new().set_font_color("#777777");
    ws.write_string_with_format(0, 0, intro, &bold).map_err(x)?;
    ws.set_row_height(0, 75).map_err(x)?;
    for (c, v) in control.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, v, &grey)
            .map_err(x)?;
    }
    ws.write_string_with_format(2, 0, "Besvarat av", &bold)
        .map_err(x)?;
    ws.write_string_with_format(2, 1, "", &open).map_err(x)?;
    for (c, (h, w)) in COLUMNS
        .iter()
        .zip([11.0, 6.0, 24.0, 60.0, 14.0, 60.0])
        .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *h, &bold)
            .map_err(x)?;
        ws.set_column_width(c as u16, w).map_err(x)?;
    }
    for (i, (a, b, c, d)) in rows.iter().enumerate() {
        let r = i as u32 + 4;
        for (col, v) in [a, b, c, d].iter().enumerate() {
            ws.write_string_with_format(r, col as u16, *v, &wrap)
                .map_err(x)?;
        }
        if a == "Kapitel" {
            ws.write_string_with_format(r, 4, "Kommentar", &wrap)
                .map_err(x)?;
        } else {
            ws.write_string_with_format(r, 4, "", &open).map_err(x)?;
        }
        ws.write_string_with_format(r, 5, "", &open).map_err(x)?;
    }
    let findings = rows.iter().filter(|r| r.0 != "Kapitel").count() as u32;
    if findings > 0 {
        let list = DataValidation::new()
            .allow_list_strings(&KINDS)
            .map_err(x)?;
        ws.add_data_validation(4, 4, findings + 3, 4, &list)
            .map_err(x)?;
    }
    ws.protect();
    ws.set_landscape();
    wb.save_to_buffer().map_err(x)
}

/// The form as a Word document: the same rows in one table (the control row in small
/// grey type), for an enhetschef who would rather write in Word.
fn docx_form(intro: &str, control: &[String; 4], rows: &[Fixed]) -> Result<Vec<u8>> {
    use docx_rs::{
        Docx, PageOrientationType, Paragraph, Run, Shading, ShdType, Table, TableCell, TableRow,
        WidthType,
    };
    // A4 landscape in twips; 6 columns over 15,000 twips of text width.
    let widths = [1500, 600, 2500, 5000, 1500, 3900];
    let cell = |text: &str, width: usize, bold: bool, small: bool, open: bool| {
        let mut p = Paragraph::new();
        for (i, line) in text.split('\n').enumerate() {
            let mut run = Run::new().add_text(line).size(if small { 14 } else { 19 });
            if i > 0 {
                run = Run::new()
                    .add_break(docx_rs::BreakType::TextWrapping)
                    .add_text(line)
                    .size(if small { 14 } else { 19 });
            }
            if bold {
                run = run.bold();
            }
            if small {
                run = run.color("777777");
            }
            p = p.add_run(run);
        }
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa);
        if open {
            c = c.shading(Shading::new().shd_type(ShdType::Clear).fill("FFF8E1"));
        }
        c
    };
    let row = |cells: Vec<TableCell>| TableRow::new(cells);
    let mut table_rows = vec![
        row(control
            .iter()
            .map(String::as_str)
            .chain(["", ""])
            .zip(widths)
            .map(|(t, w)| cell(t, w, false, true, false))
            .collect()),
        row(["Besvarat av", "", "", "", "", ""]
            .into_iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (t, w))| cell(t, w, i == 0, false, i == 1))
            .collect()),
        row(COLUMNS
            .iter()
            .zip(widths)
            .map(|(t, w)| cell(t, w, true, false, false))
            .collect())
        .cant_split(),
    ];
    for (a, b, c, d) in rows {
        let answer = if a == "Kapitel" { "Kommentar" } else { "" };
        table_rows.push(row(vec![
            cell(a, widths[0], false, false, false),
            cell(b, widths[1], false, false, false),
            cell(c, widths[2], false, false, false),
            cell(d, widths[3], false, false, false),
            cell(answer, widths[4], false, false, a != "Kapitel"),
            cell("", widths[5], false, false, true),
        ]));
    }
    let font = "Arial";
    let docx = Docx::new()
        .default_fonts(docx_rs::RunFonts::new().ascii(font).hi_ansi(font).cs(font))
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(intro).bold()))
        .add_table(Table::new(table_rows).set_grid(widths.to_vec()));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| ServiceError::internal(format!("Formuläret kunde inte skapas: {e}")))?;
    Ok(bytes.into_inner())
}

/// A returned form as rows of cell texts, each with the row number the user sees
/// (the spreadsheet's row, or the Word table's row counted from the top).
struct Grid {
    rows: Vec<(u64, Vec<String>)>,
}

impl Grid {
    fn cell(&self, row: usize, col: usize) -> String {
        self.rows
            .get(row)
            .and_then(|r| r.1.get(col))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    }

    /// Reads a spreadsheet, or a Word document (its first table, after the intro).
    fn read(bytes: &[u8]) -> std::result::Result<(Grid, FormFormat), String> {
        use aktgranskning_import::table::Table;
        let is_docx = bytes.starts_with(b"PK")
            && bytes
                .windows(b"word/document.xml".len())
                .any(|w| w == b"word/document.xml");
        if !is_docx {
            let table = Table::read(bytes).map_err(|e| e.message)?;
            let rows = (0..table.rows.len())
                .map(|i| {
                    (
                        table.rows[i].line,
                        (0..COLUMNS.len()).map(|c| table.text_at(i, c)).collect(),
                    )
                })
                .collect();
            return Ok((Grid { rows }, FormFormat::Xlsx));
        }
        let doc = docx_rs::read_docx(bytes)
            .map_err(|e| format!("Word-dokumentet kunde inte läsas ({e})"))?;
        let table = doc
            .document
            .children
            .iter()
            .find_map(|c| match c {
                docx_rs::DocumentChild::Table(t) => Some(t),
                _ => None,
            })
            .ok_or_else(|| "dokumentet har ingen tabell".to_string())?;
        // Row 0 is the intro above the table, as in the spreadsheet.
        let mut rows = vec![(0, Vec::new())];
        for (i, docx_rs::TableChild::TableRow(r)) in table.rows.iter().enumerate() {
            let cells = r
                .cells
                .iter()
                .map(|docx_rs::TableRowChild::TableCell(c)| {
                    c.children
                        .iter()
                        .filter_map(|p| match p {
                            docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            rows.push((i as u64 + 1, cells));
        }
        Ok((Grid { rows }, FormFormat::Docx))
    }
}

/// The round a response is for: this audit's latest, still waiting (not answered, not
/// withdrawn or closed). With `package_id`, the round that package started.
fn waiting_round(store: &Store, audit_id: i64, package_id: Option<&str>) -> Result<Round> {
    let rounds = factcheck::rounds(store.conn(), audit_id)?;
    let latest = rounds.last().cloned().ok_or_else(|| {
        ServiceError::refused(
            "Ingen faktagranskning har skickats i granskningen. Ingenting har ändrats.",
        )
    })?;
    if let Some(id) = package_id {
        let (owner, round) = factcheck::find_package(store.conn(), id)?.ok_or_else(|| {
            ServiceError::refused("Formuläret hör inte till någon faktagranskning som skickats från den här databasen. Ingenting har ändrats.")
        })?;
        if owner != audit_id {
            return Err(ServiceError::refused(
                "Formuläret hör till en annan granskning. Ingenting har ändrats.",
            ));
        }
        if round.round != latest.round {
            return Err(ServiceError::refused(format!(
                "Formuläret gäller omgång {}, men omgång {} har skickats senare. Ingenting har ändrats.",
                round.round, latest.round
            )));
        }
    }
    if latest.answered_at.is_some() {
        return Err(ServiceError::refused(format!(
            "Svaret på omgång {} är redan registrerat. Ingenting har ändrats.",
            latest.round
        )));
    }
    if latest.closed.is_some() {
        return Err(ServiceError::refused(format!(
            "Omgång {} är avslutad: svaret registreras inte. Skicka en ny omgång om enhetschefen ska faktagranska. Ingenting har ändrats.",
            latest.round
        )));
    }
    Ok(latest)
}

/// Reads a returned form, all or nothing: refused when it is not the form, belongs to
/// another audit or an earlier round, has its fixed cells edited or rows added or
/// removed (the checksum), or lacks the responder's name; every row's problem is named
/// with its row and column. Rows left empty are no comment.
pub fn import_form(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
) -> Result<Imported> {
    crate::lookup::require(store.conn(), audit_id)?;
    let not_form = |m: &str| {
        ServiceError::invalid(format!(
            "Filen är inte ett ifyllt faktagranskningsformulär från Aktgranskning: {m}. Ingenting har importerats."
        ))
    };
    let (grid, format) = Grid::read(bytes).map_err(|m| not_form(&m))?;
    let cell = |row: usize, col: usize| grid.cell(row, col);
    if cell(1, 1) != FORM_FORMAT {
        return Err(not_form("kontrollraden saknas"));
    }
    let package_id = cell(1, 2);
    let round = waiting_round(store, audit_id, Some(&package_id))?;
    let body = &grid.rows[4.min(grid.rows.len())..];
    let fixed: Vec<Fixed> = (0..body.len())
        .map(|i| {
            (
                cell(i + 4, 0),
                cell(i + 4, 1),
                cell(i + 4, 2),
                cell(i + 4, 3),
            )
        })
        .collect();
    if cell(1, 3) != checksum(&package_id, &fixed) {
        return Err(ServiceError::refused(
            "Formulärets bedömningar eller kapitel har ändrats, eller rader har lagts till eller tagits bort (kontrollsumman stämmer inte). Ingenting har importerats.",
        ));
    }
    let responder = cell(2, 1);
    let mut errors = Vec::new();
    if cell(2, 0) != "Besvarat av" || responder.is_empty() {
        errors.push(RowError {
            line: grid.rows.get(2).map_or(3, |r| r.0),
            column: "Besvarat av".to_string(),
            message: "Skriv ditt namn: vem som har faktagranskat".to_string(),
        });
    }
    let today = ctx.clock.now().date_naive();
    let mut comments = Vec::new();
    for (i, (line, _)) in body.iter().enumerate() {
        let (kind, text) = (cell(i + 4, 4), cell(i + 4, 5));
        let chapter_row = fixed[i].0 == "Kapitel";
        let mut bad = |column: usize, message: String| {
            errors.push(RowError {
                line: *line,
                column: COLUMNS[column].to_string(),
                message,
            })
        };
        if let Some(m) =
            crate::guard::text_problem(today, "Din text", &text, crate::guard::MAX_COMMENT)
        {
            bad(5, m);
            continue;
        }
        if chapter_row {
            if !text.is_empty() {
                comments.push(CommentInput {
                    finding: None,
                    chapter: fixed[i].1.parse().ok(),
                    kind: "Kommentar".to_string(),
                    text,
                });
            }
            continue;
        }
        let kind = KINDS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&kind))
            .copied();
        match (kind, cell(i + 4, 4).is_empty(), text.is_empty()) {
            (_, true, true) => {}
            (_, true, false) => bad(
                4,
                "Texten är ifylld men Svar saknas: välj Faktafel, Kommentar eller Instämmer"
                    .to_string(),
            ),
            (None, false, _) => bad(
                4,
                format!(
                    "Okänt svar ”{}”: välj Faktafel, Kommentar eller Instämmer",
                    cell(i + 4, 4)
                ),
            ),
            (Some(k), false, true) if k != "Instämmer" => bad(
                5,
                format!("{k} behöver en text: skriv vad som är fel eller vad du menar"),
            ),
            (Some(k), false, _) => comments.push(CommentInput {
                finding: fixed[i].1.parse().ok(),
                chapter: None,
                kind: k.to_string(),
                text,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::invalid_rows(errors));
    }
    super::store_response(
        store,
        ctx,
        audit_id,
        &round,
        &responder,
        &comments,
        Some(match format {
            FormFormat::Xlsx => "formulär (XLSX)",
            FormFormat::Docx => "formulär (Word)",
        }),
    )
}

/// Records what the enhetschef said in a meeting, by e-mail or on the phone, typed in by
/// the controller: `via` says how and when (e.g. "möte 2026-12-03"), `responder` who.
/// Checked like an answer file's comments; the round is then answered.
pub fn record_response(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    responder: &str,
    via: &str,
    comments: &[CommentInput],
) -> Result<Imported> {
    crate::lookup::require(store.conn(), audit_id)?;
    let (responder, via) = (responder.trim(), via.trim());
    if responder.is_empty() {
        return Err(ServiceError::invalid_field(
            "Besvarat av",
            "Ange vem som har lämnat synpunkterna",
        ));
    }
    if via.is_empty() {
        return Err(ServiceError::invalid_field(
            "Hur",
            "Ange hur och när synpunkterna kom, t.ex. ”möte 2026-12-03” eller ”e-post 2026-12-04”",
        ));
    }
    for (field, t) in [("Besvarat av", responder), ("Hur", via)] {
        crate::guard::check_text(ctx, field, t, crate::guard::MAX_SHORT)?;
    }
    let round = waiting_round(store, audit_id, None)?;
    super::store_response(store, ctx, audit_id, &round, responder, comments, Some(via))
}
