//! The fact-check for an enhetschef without Aktgranskning: the draft as PDF and a
//! response form (XLSX) she fills in with any spreadsheet program and returns by e-mail:
//! per finding Faktafel, Kommentar or Instämmer with her text, and a comment per chapter.
//! The form is tied to the round by its package id and carries a checksum over
//! everything she must not change; reading it back is all or nothing. And what came in
//! a meeting or an e-mail is typed in, recorded as such (`via`), with who and when.

use super::{CommentInput, Exported, Imported, KINDS, Package, make_package, record_round};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_import::RowError;
use aktgranskning_store::factcheck::{self, Round};
use serde_json::json;

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
    xlsx: &std::path::Path,
    pdf: &std::path::Path,
    due: Option<&str>,
) -> Result<Exported> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    crate::files::check_output(xlsx, store.path())?;
    crate::files::check_output(pdf, store.path())?;
    if xlsx == pdf {
        return Err(ServiceError::invalid_field(
            "Utkastet",
            "Formuläret och utkastet måste vara två olika filer",
        ));
    }
    let (package, due) = make_package(store, ctx, audit_id, due)?;
    let report = super::package_pdf(&package)?;
    let rows = fixed_rows(&package);
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
    let info = &package.info;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "Faktagranskning av utkastet till rapporten om {} ({}), omgång {}. Läs utkastet (PDF-filen) och fyll i Svar (Faktafel, Kommentar eller Instämmer) och Din text för varje bedömning, och en kommentar per kapitel om du vill. Skriv ditt namn. Svara senast {due} genom att skicka tillbaka filen. Ändra inget annat, och skriv inga personuppgifter.",
            info.unit, info.diarienr, info.round
        ),
        &bold,
    )
    .map_err(x)?;
    ws.set_row_height(0, 75).map_err(x)?;
    for (c, v) in [
        "Kontroll",
        FORM_FORMAT,
        &info.package_id,
        &checksum(&info.package_id, &rows),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *v, &grey)
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
    let findings = info.findings.len() as u32;
    if findings > 0 {
        let list = DataValidation::new()
            .allow_list_strings(&KINDS)
            .map_err(x)?;
        ws.add_data_validation(4, 4, findings + 3, 4, &list)
            .map_err(x)?;
    }
    ws.protect();
    ws.set_landscape();
    let bytes = wb.save_to_buffer().map_err(x)?;
    let sealed = super::seal(&package);
    record_round(
        store,
        ctx,
        audit_id,
        &package,
        &due,
        &sealed,
        &[(Some(pdf), &report), (Some(xlsx), &bytes)],
        json!({"form": "xlsx", "findings": findings}),
    )
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
    use aktgranskning_import::table::Table;
    crate::audits::require(store.conn(), audit_id)?;
    let not_form = |m: &str| {
        ServiceError::invalid(format!(
            "Filen är inte ett ifyllt faktagranskningsformulär från Aktgranskning: {m}. Ingenting har importerats."
        ))
    };
    let table = Table::read(bytes).map_err(|e| not_form(&e.message))?;
    let cell = |row: usize, col: usize| table.text_at(row, col);
    if cell(1, 1) != FORM_FORMAT {
        return Err(not_form("kontrollraden saknas"));
    }
    let package_id = cell(1, 2);
    let round = waiting_round(store, audit_id, Some(&package_id))?;
    let body = &table.rows[4.min(table.rows.len())..];
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
            line: table.rows.get(2).map_or(3, |r| r.line),
            column: "Besvarat av".to_string(),
            message: "Skriv ditt namn: vem som har faktagranskat".to_string(),
        });
    }
    let today = ctx.clock.now().date_naive();
    let mut comments = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let (kind, text) = (cell(i + 4, 4), cell(i + 4, 5));
        let chapter_row = fixed[i].0 == "Kapitel";
        let mut bad = |column: usize, message: String| {
            errors.push(RowError {
                line: r.line,
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
        Some("formulär (XLSX)"),
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
    crate::audits::require(store.conn(), audit_id)?;
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
