//! Follow-up of recommendations: a follow-up audit carries every recommendation of the
//! audit it follows, with the nämnd's response, and records per recommendation the
//! unit's answer (status and the situation today) and the controller's own assessment.
//! Reference: a real municipal follow-up's table *Rekommendation | Nämndens svar |
//! Status | Svar och beskrivning av situationen idag*.

use crate::chapters::require_editable;
use crate::events::{self, Event};
use crate::lookup::require;
use crate::recommendations::list_recommendations;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_store::audits;
use aktgranskning_store::followups::{self, FollowupRow};
use serde::Serialize;
use ts_rs::TS;

/// The statuses a unit can answer with, as stored and in words.
pub const STATUSES: [(&str, &str); 4] = [
    ("genomford", "Genomförd"),
    ("pagar", "Pågår"),
    ("ej_paborjad", "Ej påbörjad"),
    ("ej_aktuell", "Ej längre aktuell"),
];

/// A status in words ("" for an unknown one).
pub fn status_label(status: &str) -> &'static str {
    STATUSES
        .iter()
        .find(|(s, _)| *s == status)
        .map_or("", |(_, l)| l)
}

/// One earlier recommendation in a follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FollowupItem {
    /// The recommendation's id (in the audit followed).
    pub recommendation: i64,
    pub text: String,
    /// The nämnd's response to it, if one was recorded.
    pub response: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    /// `genomford`, `pagar`, `ej_paborjad`, `ej_aktuell`; `null` until the unit answers.
    pub status: Option<String>,
    /// Svar och beskrivning av situationen idag.
    pub answer: Option<String>,
    /// The controller's own assessment.
    pub assessment: Option<String>,
}

/// The audit a follow-up follows, or a refusal saying it is none.
fn followed(store: &Store, audit_id: i64) -> Result<i64> {
    require(store.conn(), audit_id)?;
    audits::follows(store.conn(), audit_id)?.ok_or_else(|| {
        ServiceError::refused(format!(
            "Granskning {audit_id} är ingen uppföljning: den följer ingen tidigare granskning."
        ))
    })
}

/// The earlier audit's recommendations with the unit's answers so far.
pub fn list_followup(store: &Store, audit_id: i64) -> Result<Vec<FollowupItem>> {
    let earlier = followed(store, audit_id)?;
    let answers = followups::list(store.conn(), audit_id)?;
    Ok(list_recommendations(store, earlier)?
        .into_iter()
        .map(|r| {
            let a = answers.iter().find(|a| a.recommendation_id == r.id);
            FollowupItem {
                recommendation: r.id,
                text: r.text,
                response: r.response,
                owner: r.owner,
                due: r.due,
                status: a.map(|a| a.status.clone()),
                answer: a.map(|a| a.answer.clone()),
                assessment: a.and_then(|a| a.assessment.clone()),
            }
        })
        .collect())
}

/// Records the unit's answer to one earlier recommendation (status and the situation
/// today) and, when given, the controller's assessment; replaces an earlier answer,
/// which the history keeps.
pub fn set_followup(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    recommendation: i64,
    status: &str,
    answer: &str,
    assessment: Option<&str>,
) -> Result<FollowupItem> {
    let earlier = followed(store, audit_id)?;
    require_editable(store, audit_id)?;
    if status_label(status).is_empty() {
        return Err(ServiceError::invalid_field(
            "Status",
            format!("Okänd status ”{status}”: ange genomford, pagar, ej_paborjad eller ej_aktuell"),
        ));
    }
    if !list_recommendations(store, earlier)?
        .iter()
        .any(|r| r.id == recommendation)
    {
        return Err(ServiceError::invalid_field(
            "Rekommendation",
            format!(
                "Granskning {earlier}, som följs upp, har ingen rekommendation med id {recommendation}"
            ),
        ));
    }
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(ServiceError::invalid_field(
            "Svar",
            "Svaret och beskrivningen av situationen idag får inte vara tomma (skriv ”Inget svar har lämnats” om inget kom)",
        ));
    }
    crate::guard::check_text(ctx, "Svaret", answer, crate::guard::MAX_COMMENT)?;
    let assessment = assessment.map(str::trim).filter(|a| !a.is_empty());
    if let Some(a) = assessment {
        crate::guard::check_text(ctx, "Bedömningen", a, crate::guard::MAX_COMMENT)?;
    }
    let old = followups::list(store.conn(), audit_id)?
        .into_iter()
        .find(|f| f.recommendation_id == recommendation);
    let row = FollowupRow {
        recommendation_id: recommendation,
        status: status.to_string(),
        answer: answer.to_string(),
        assessment: assessment.map(str::to_string),
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
    };
    store.write(|tx| record(tx, ctx, audit_id, &row, old.as_ref(), false))?;
    list_followup(store, audit_id)?
        .into_iter()
        .find(|f| f.recommendation == recommendation)
        .ok_or_else(|| ServiceError::internal("Svaret sparades men kunde inte läsas."))
}

/// Writes one answer and its history event (the earlier answer as `old`).
fn record(
    tx: &aktgranskning_store::Connection,
    ctx: &Context,
    audit_id: i64,
    row: &FollowupRow,
    old: Option<&FollowupRow>,
    from_form: bool,
) -> Result<()> {
    followups::set(tx, audit_id, row)?;
    let state = |r: &FollowupRow| events::FollowupState {
        status: r.status.clone(),
        answer: Some(r.answer.clone()),
        assessment: r.assessment.clone(),
    };
    events::record(
        tx,
        audit_id,
        &row.updated_at,
        &ctx.user,
        &Event::FollowupSet(events::FollowupSet {
            recommendation: row.recommendation_id,
            old: old.map(state),
            new: state(row),
            from_form: from_form.then_some(true),
        }),
    )?;
    Ok(())
}

/// The form's format tag, in its control row.
const FORM_FORMAT: &str = "aktgranskning-uppfoljning-v1";
/// The form's columns, as their headers read.
const FORM_COLUMNS: [&str; 5] = [
    "Nr",
    "Rekommendation",
    "Nämndens svar",
    "Status",
    "Svar och beskrivning av situationen idag",
];

/// The checksum over what the unit must not change: the audit, and each
/// recommendation's id, text and the nämnd's response as the form shows them.
fn form_checksum(audit_id: i64, rows: &[(i64, String, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("{FORM_FORMAT}\n{audit_id}\n"));
    for (id, text, response) in rows {
        h.update(format!("{id}\t{text}\t{response}\n"));
    }
    aktgranskning_core::sampling::hex(&h.finalize())
}

/// The fixed cells of the form, per recommendation.
fn form_rows(items: &[FollowupItem]) -> Vec<(i64, String, String)> {
    items
        .iter()
        .map(|f| {
            (
                f.recommendation,
                f.text.clone(),
                f.response
                    .clone()
                    .unwrap_or_else(|| "Inget svar från nämnden har hittats.".to_string()),
            )
        })
        .collect()
}

/// Writes the form the unit fills in without Aktgranskning: an XLSX sheet with each
/// earlier recommendation and the nämnd's response (locked), a Status list and an
/// answer column to fill in, and a control row tying it to the audit with a checksum.
/// Returns how many recommendations it holds. Recorded in the history.
pub fn export_form(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: &std::path::Path,
) -> Result<usize> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook};
    crate::files::check_output(out, store.path())?;
    let items = list_followup(store, audit_id)?;
    let audit = require(store.conn(), audit_id)?;
    let rows = form_rows(&items);
    let xlsx = |e: rust_xlsxwriter::XlsxError| {
        ServiceError::internal(format!("Formuläret kunde inte skapas: {e}"))
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Uppföljning").map_err(xlsx)?;
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let open = Format::new().set_text_wrap().set_unlocked();
    let grey = Format::new().set_font_color("#777777");
    let title = format!(
        "Uppföljning av granskningen av {}: fyll i Status och Svar för varje rekommendation och skicka tillbaka filen. Ändra inget annat.",
        audit.unit
    );
    ws.write_string_with_format(0, 0, &title, &bold)
        .map_err(xlsx)?;
    ws.write_string_with_format(1, 0, "Kontroll", &grey)
        .map_err(xlsx)?;
    ws.write_string_with_format(1, 1, FORM_FORMAT, &grey)
        .map_err(xlsx)?;
    ws.write_string_with_format(1, 2, audit_id.to_string(), &grey)
        .map_err(xlsx)?;
    ws.write_string_with_format(1, 3, form_checksum(audit_id, &rows), &grey)
        .map_err(xlsx)?;
    for (c, (h, w)) in FORM_COLUMNS
        .iter()
        .zip([6.0, 45.0, 35.0, 16.0, 55.0])
        .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *h, &bold)
            .map_err(xlsx)?;
        ws.set_column_width(c as u16, w).map_err(xlsx)?;
    }
    for (i, ((id, text, response), f)) in rows.iter().zip(&items).enumerate() {
        let r = i as u32 + 3;
        ws.write_string_with_format(r, 0, id.to_string(), &wrap)
            .map_err(xlsx)?;
        ws.write_string_with_format(r, 1, text, &wrap)
            .map_err(xlsx)?;
        ws.write_string_with_format(r, 2, response, &wrap)
            .map_err(xlsx)?;
        ws.write_string_with_format(
            r,
            3,
            f.status.as_deref().map(status_label).unwrap_or(""),
            &open,
        )
        .map_err(xlsx)?;
        ws.write_string_with_format(r, 4, f.answer.as_deref().unwrap_or(""), &open)
            .map_err(xlsx)?;
    }
    if !rows.is_empty() {
        let labels: Vec<&str> = STATUSES.iter().map(|(_, l)| *l).collect();
        let list = DataValidation::new()
            .allow_list_strings(&labels)
            .map_err(xlsx)?;
        ws.add_data_validation(3, 3, rows.len() as u32 + 2, 3, &list)
            .map_err(xlsx)?;
    }
    ws.protect();
    let bytes = wb.save_to_buffer().map_err(xlsx)?;
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::FollowupFormExported(events::FollowupFormExported {
            recommendations: rows.len(),
        }),
        Some(out),
        &bytes,
    )?;
    Ok(rows.len())
}

/// Reads a returned form: all or nothing. Refused, with nothing changed, when it is not
/// the form, belongs to another audit, or has its recommendations or the nämnd's
/// responses edited (the checksum), or a row has a status without an answer or the
/// other way round (each error with its row and column). Rows left empty stay
/// unanswered. Returns how many answers were recorded.
pub fn import_form(store: &mut Store, ctx: &Context, audit_id: i64, bytes: &[u8]) -> Result<usize> {
    use aktgranskning_import::RowError;
    use aktgranskning_import::table::Table;
    let items = list_followup(store, audit_id)?;
    require_editable(store, audit_id)?;
    let not_form = |m: &str| {
        ServiceError::invalid(format!(
            "Filen är inte ett ifyllt uppföljningsformulär från Aktgranskning: {m}. Ingenting har importerats."
        ))
    };
    let table = Table::read(bytes).map_err(|e| not_form(&e.message))?;
    let cell = |row: usize, col: usize| table.text_at(row, col);
    // Blank rows are dropped on reading: title, control row, header, then the rows.
    if cell(1, 1) != FORM_FORMAT {
        return Err(not_form("kontrollraden saknas"));
    }
    if cell(1, 2) != audit_id.to_string() {
        return Err(ServiceError::refused(format!(
            "Formuläret hör till granskning {}, inte till granskning {audit_id}. Ingenting har importerats.",
            cell(1, 2)
        )));
    }
    let body = &table.rows[3.min(table.rows.len())..];
    let in_file: Vec<(i64, String, String)> = body
        .iter()
        .enumerate()
        .map(|(i, _)| {
            (
                cell(i + 3, 0).parse().unwrap_or(-1),
                cell(i + 3, 1),
                cell(i + 3, 2),
            )
        })
        .collect();
    let expected = form_rows(&items);
    if cell(1, 3) != form_checksum(audit_id, &expected)
        || form_checksum(audit_id, &in_file) != form_checksum(audit_id, &expected)
    {
        return Err(ServiceError::refused(
            "Formulärets rekommendationer eller nämndens svar har ändrats, eller rader har lagts till eller tagits bort (kontrollsumman stämmer inte). Ingenting har importerats.",
        ));
    }
    let mut errors = Vec::new();
    let mut answers = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let (status, answer) = (cell(i + 3, 3), cell(i + 3, 4));
        let id = in_file[i].0;
        match (status.is_empty(), answer.is_empty()) {
            (true, true) => continue,
            (false, true) => errors.push(RowError {
                line: r.line,
                column: FORM_COLUMNS[4].to_string(),
                message: "Status är ifylld men svaret saknas".to_string(),
            }),
            (true, false) => errors.push(RowError {
                line: r.line,
                column: FORM_COLUMNS[3].to_string(),
                message: "Svaret är ifyllt men status saknas".to_string(),
            }),
            (false, false) => match STATUSES
                .iter()
                .find(|(_, l)| l.eq_ignore_ascii_case(&status))
            {
                None => errors.push(RowError {
                    line: r.line,
                    column: FORM_COLUMNS[3].to_string(),
                    message: format!(
                        "Okänd status ”{status}”: välj Genomförd, Pågår, Ej påbörjad eller Ej längre aktuell"
                    ),
                }),
                Some((s, _)) => {
                    if let Some(m) = crate::guard::text_problem(
                        ctx.clock.now().date_naive(),
                        "Svaret",
                        &answer,
                        crate::guard::MAX_COMMENT,
                    ) {
                        errors.push(RowError {
                            line: r.line,
                            column: FORM_COLUMNS[4].to_string(),
                            message: m,
                        });
                    } else {
                        answers.push((id, *s, answer));
                    }
                }
            },
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::invalid_rows(errors));
    }
    let now = ctx.now_text();
    let earlier = followups::list(store.conn(), audit_id)?;
    store.write(|tx| {
        for (id, status, answer) in &answers {
            let old = earlier.iter().find(|f| f.recommendation_id == *id);
            let row = FollowupRow {
                recommendation_id: *id,
                status: status.to_string(),
                answer: answer.clone(),
                assessment: old.and_then(|o| o.assessment.clone()),
                updated_at: now.clone(),
                updated_by: ctx.user.clone(),
            };
            record(tx, ctx, audit_id, &row, old, true)?;
        }
        Ok::<_, ServiceError>(())
    })?;
    Ok(answers.len())
}
