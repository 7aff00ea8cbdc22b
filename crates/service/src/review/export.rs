//! The review as spreadsheets (XLSX) for the förvaltning's own analysis: the results per
//! item, area and kvalitetsområde (no personal data; small numbers suppressed as in the
//! report), and, internal only, every answer per sampled file and item (case ids, so the
//! export is recorded in the history like the other exports, and the file says it is not
//! for the nämnd). Numbers are written as numbers, shares as fractions with a percent
//! format, so they sort and sum in Excel or LibreOffice.

use super::{Review, results};
use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::{Applicability, Grade};
use aktgranskning_core::results::{ItemResult, RollUp, SMALL};
use aktgranskning_store::answers;
use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use ts_rs::TS;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetExport {
    /// Data rows written (items, or file × item answers).
    pub rows: usize,
    pub sheets: Vec<String>,
}

fn xlsx_error(e: XlsxError) -> ServiceError {
    ServiceError::internal(format!("Kalkylbladet kunde inte skapas: {e}"))
}

/// Cell formats shared by the sheets.
struct Formats {
    header: Format,
    title: Format,
    percent: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color("#E6EBF0")
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            title: Format::new().set_bold().set_font_size(13),
            percent: Format::new().set_num_format("0.0%"),
            note: Format::new().set_italic().set_font_color("#555555"),
        }
    }
}

/// A header row with widths; the rows under it filter and the header stays in view.
fn header(
    ws: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    for (c, (title, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *title, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

fn grade_word(g: Option<Grade>) -> &'static str {
    g.map_or("", |g| g.label())
}

fn write_item(
    ws: &mut Worksheet,
    row: u32,
    n: usize,
    i: &ItemResult,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    ws.write_number(row, 0, n as f64)?;
    ws.write_string(row, 1, &i.area)?;
    ws.write_string(row, 2, &i.id)?;
    ws.write_string(row, 3, &i.text)?;
    ws.write_string(row, 4, i.kvalitetsomrade.code())?;
    ws.write_string(row, 5, if i.critical { "ja" } else { "" })?;
    if i.applicable > 0 && i.applicable < SMALL {
        // As in the report: fewer than SMALL applicable files are not shown.
        ws.write_string_with_format(
            row,
            6,
            format!("Redovisas ej: färre än {SMALL} aktuella akter"),
            &f.note,
        )?;
    } else {
        ws.write_number(row, 6, f64::from(i.applicable))?;
        ws.write_number(row, 7, f64::from(i.ja))?;
        ws.write_number(row, 8, f64::from(i.delvis))?;
        ws.write_number(row, 9, f64::from(i.nej))?;
        for (c, v) in [
            (10, i.rate),
            (11, i.ci_low),
            (12, i.ci_high),
            (13, i.delvis_share),
        ] {
            if let Some(v) = v {
                ws.write_number_with_format(row, c, v, &f.percent)?;
            }
        }
    }
    ws.write_number(row, 14, f64::from(i.ej_aktuellt))?;
    ws.write_number(row, 15, f64::from(i.unanswered))?;
    ws.write_number(row, 16, f64::from(i.population_applicable))?;
    ws.write_string(
        row,
        17,
        if i.population_applicable_exact {
            "exakt"
        } else {
            "skattat"
        },
    )?;
    ws.write_string(row, 18, grade_word(i.suggested_grade))?;
    ws.write_string(row, 19, if i.uncertain { "ja" } else { "" })?;
    ws.write_string(row, 20, grade_word(i.final_grade))?;
    ws.write_string(
        row,
        21,
        match i.comparable_with_previous {
            Some(true) => "ja",
            Some(false) => "nej (ny eller ändrad)",
            None => "",
        },
    )?;
    Ok(())
}

fn write_rollups(
    ws: &mut Worksheet,
    first: &str,
    rollups: &[RollUp],
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    header(
        ws,
        0,
        &[
            (first, 34.0),
            ("Punkter", 9.0),
            ("Aktuella bedömningar", 12.0),
            ("Ja", 8.0),
            ("Delvis", 8.0),
            ("Nej", 8.0),
            ("Ej aktuellt", 10.0),
            ("Ej besvarad", 10.0),
            ("Andel uppfyllda", 11.0),
            ("Punkter Grön", 10.0),
            ("Punkter Gul", 10.0),
            ("Punkter Röd", 10.0),
            ("Punkter med nivå", 11.0),
        ],
        f,
    )?;
    for (r, a) in rollups.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_string(row, 0, &a.name)?;
        let counts = [
            a.items,
            a.applicable,
            a.ja,
            a.delvis,
            a.nej,
            a.ej_aktuellt,
            a.unanswered,
        ];
        for (c, v) in counts.into_iter().enumerate() {
            ws.write_number(row, c as u16 + 1, f64::from(v))?;
        }
        if let Some(rate) = a.rate {
            ws.write_number_with_format(row, 8, rate, &f.percent)?;
        }
        for (c, v) in [a.gron, a.gul, a.rod, a.graded].into_iter().enumerate() {
            ws.write_number(row, c as u16 + 9, f64::from(v))?;
        }
    }
    Ok(())
}

/// Writes the workbook to `out` and records the export in the audit's history, in one
/// transaction (the file is in place before the record is committed).
fn save(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    mut wb: Workbook,
    event: &Event,
    out: &Path,
) -> Result<()> {
    let bytes = wb.save_to_buffer().map_err(xlsx_error)?;
    crate::audits::record_output(store, ctx, audit_id, event, Some(out), &bytes)
}

/// The results as an XLSX workbook: the audit's facts, the items, the areas and the
/// kvalitetsområden. Recorded in the history; written to `out` before the record is
/// committed.
pub fn export_results_xlsx(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: &Path,
) -> Result<SheetExport> {
    crate::files::check_output(out, store.path())?;
    let audit = crate::lookup::require(store.conn(), audit_id)?;
    let r = results(store, audit_id)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Resultat: granskning av {}", audit.unit))
            .set_author(&audit.org)
            .set_comment("Skapad med Aktgranskning"),
    );
    let build = |wb: &mut Workbook| -> std::result::Result<(), XlsxError> {
        let ws = wb.add_worksheet().set_name("Granskning")?;
        ws.write_string_with_format(0, 0, format!("Granskning av {}", audit.unit), &f.title)?;
        let facts: [(&str, String); 8] = [
            ("Förvaltning", audit.org.clone()),
            ("Nämnd", audit.board.clone()),
            ("Diarienummer", audit.diarienr.clone()),
            ("Referensdatum", audit.reference_date.to_string()),
            ("Status", audit.status.label().to_string()),
            (
                "Mall",
                format!("{} version {}", r.template, r.template_version),
            ),
            ("Aktuella akter (population)", r.population.to_string()),
            ("Granskade akter (urval)", r.sample_size.to_string()),
        ];
        for (i, (k, v)) in facts.iter().enumerate() {
            ws.write_string(i as u32 + 2, 0, *k)?;
            match v.parse::<f64>() {
                Ok(n) if !k.starts_with("Diarie") && !k.starts_with("Referens") => {
                    ws.write_number(i as u32 + 2, 1, n)?
                }
                _ => ws.write_string(i as u32 + 2, 1, v)?,
            };
        }
        ws.write_string_with_format(
            12,
            0,
            format!(
                "Andel = Ja / (Ja + Delvis + Nej). Intervallen är 95 % konfidensintervall (Wilson, med korrektion för ändlig population). Punkter med färre än {SMALL} aktuella akter redovisas inte."
            ),
            &f.note,
        )?;
        ws.set_column_width(0, 28.0)?;
        ws.set_column_width(1, 40.0)?;

        let ws = wb.add_worksheet().set_name("Punkter")?;
        header(
            ws,
            0,
            &[
                ("Nr", 5.0),
                ("Område", 22.0),
                ("Id", 22.0),
                ("Granskningspunkt", 50.0),
                ("Kvalitetsområde", 9.0),
                ("Kritisk", 7.0),
                ("Aktuella (n)", 9.0),
                ("Ja (x)", 7.0),
                ("Delvis", 7.0),
                ("Nej", 7.0),
                ("Andel", 8.0),
                ("KI nedre", 8.0),
                ("KI övre", 8.0),
                ("Andel Delvis", 8.0),
                ("Ej aktuellt", 9.0),
                ("Ej besvarad", 9.0),
                ("Aktuella i populationen", 11.0),
                ("Populationstal", 9.0),
                ("Förslag", 8.0),
                ("Osäker", 7.0),
                ("Fastställd nivå", 9.0),
                ("Jämförbar med föregående mallversion", 14.0),
            ],
            &f,
        )?;
        for (n, item) in r.items.iter().enumerate() {
            write_item(ws, n as u32 + 1, n + 1, &item.result, &f)?;
        }
        ws.autofilter(0, 0, r.items.len() as u32, 21)?;
        write_rollups(
            wb.add_worksheet().set_name("Områden")?,
            "Område",
            &r.areas,
            &f,
        )?;
        write_rollups(
            wb.add_worksheet().set_name("Kvalitetsområden")?,
            "Kvalitetsområde",
            &r.kvalitetsomraden,
            &f,
        )?;
        Ok(())
    };
    build(&mut wb).map_err(xlsx_error)?;
    let event = Event::ResultsExported(events::ResultsExported {
        format: "xlsx".to_string(),
        items: r.items.len(),
    });
    save(store, ctx, audit_id, wb, &event, out)?;
    Ok(SheetExport {
        rows: r.items.len(),
        sheets: ["Granskning", "Punkter", "Områden", "Kvalitetsområden"]
            .map(String::from)
            .to_vec(),
    })
}

/// Every sampled file's answer to every item as an XLSX sheet, one row per file and
/// item (Ej aktuellt by rule shown as such). Internal working material: it holds case
/// ids and comments, says so on top, and its making is recorded in the history.
pub fn export_answers_xlsx(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: &Path,
) -> Result<SheetExport> {
    crate::files::check_output(out, store.path())?;
    let conn = store.conn();
    let review = sampled_review(
        conn,
        audit_id,
        "Granskningen är gallrad: svaren per akt finns inte längre att exportera.",
        "Det finns inget urval ännu: dra urvalet innan svaren exporteras.",
    )?;
    // A file the exporting user reviews second, blind, keeps its first review hidden.
    let hidden = crate::double::hidden_first(conn, audit_id, &ctx.user)?;
    let given: HashMap<(String, String), answers::AnswerRow> = answers::all(conn, audit_id)?
        .into_iter()
        .filter(|a| !hidden.contains(&a.case_id))
        .map(|a| ((a.case_id.clone(), a.item_id.clone()), a))
        .collect();
    let assigned: HashMap<String, String> =
        answers::assignments(conn, audit_id)?.into_iter().collect();
    let rows: HashMap<&str, &aktgranskning_core::PopulationRow> = review
        .rows
        .iter()
        .map(|r| (r.case_id.as_str(), r))
        .collect();
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Svar per akt (internt): granskning av {}",
                review.audit.unit
            ))
            .set_author(&review.audit.org)
            .set_comment("Internt arbetsmaterial med ärende-id. Inte för nämnden."),
    );
    let mut count = 0usize;
    let mut build = |wb: &mut Workbook| -> std::result::Result<(), XlsxError> {
        let ws = wb.add_worksheet().set_name("Svar")?;
        ws.write_string_with_format(
            0,
            0,
            "Internt arbetsmaterial: innehåller ärende-id och kommentarer. Inte för nämnden och inte för publicering; förvaras och gallras som arbetsmaterialet.",
            &f.title,
        )?;
        header(
            ws,
            2,
            &[
                ("Ärende-id", 14.0),
                ("Lagrum", 7.0),
                ("Insats", 24.0),
                ("Granskare", 14.0),
                ("Nr", 5.0),
                ("Område", 22.0),
                ("Id", 22.0),
                ("Granskningspunkt", 50.0),
                ("Svar", 11.0),
                ("Enligt regel", 10.0),
                ("Kommentar", 40.0),
                ("Besvarad av", 14.0),
                ("Besvarad", 20.0),
            ],
            &f,
        )?;
        let mut row = 3u32;
        for case in &review.sample {
            let facts = review.facts.get(case);
            let pop = rows.get(case.as_str());
            for (n, item) in review.template.items.iter().enumerate() {
                ws.write_string(row, 0, case)?;
                if let Some(p) = pop {
                    ws.write_string(row, 1, p.lagrum.as_str())?;
                    ws.write_string(row, 2, p.insats.as_deref().unwrap_or(""))?;
                }
                ws.write_string(row, 3, assigned.get(case).map_or("", String::as_str))?;
                ws.write_number(row, 4, (n + 1) as f64)?;
                ws.write_string(row, 5, &item.area)?;
                ws.write_string(row, 6, &item.id)?;
                ws.write_string(row, 7, &item.text)?;
                let by_rule = facts.map(|f| item.applies_to.applicability(f));
                match given.get(&(case.clone(), item.id.clone())) {
                    Some(a) => {
                        let label = aktgranskning_core::checklist::Answer::parse(&a.value)
                            .map_or(a.value.as_str(), |v| v.label());
                        ws.write_string(row, 8, label)?;
                        ws.write_string(row, 10, a.comment.as_deref().unwrap_or(""))?;
                        ws.write_string(row, 11, &a.answered_by)?;
                        ws.write_string(row, 12, &a.answered_at)?;
                    }
                    None if matches!(by_rule, Some(Applicability::NotApplicable { .. })) => {
                        ws.write_string(row, 8, "Ej aktuellt")?;
                        ws.write_string(row, 9, "ja")?;
                    }
                    None => {
                        ws.write_string(row, 8, "Ej besvarad")?;
                    }
                }
                row += 1;
                count += 1;
            }
        }
        ws.autofilter(2, 0, row.saturating_sub(1).max(2), 12)?;
        Ok(())
    };
    build(&mut wb).map_err(xlsx_error)?;
    let event = Event::AnswersExported(events::AnswersExported {
        format: "xlsx".to_string(),
        files: review.sample.len(),
        rows: count,
    });
    save(store, ctx, audit_id, wb, &event, out)?;
    Ok(SheetExport {
        rows: count,
        sheets: vec!["Svar".to_string()],
    })
}

/// The review of an audit whose sample is there to list: refused with `gallrad` after
/// gallring and with `undrawn` before a draw.
fn sampled_review(
    conn: &aktgranskning_store::Connection,
    audit_id: i64,
    gallrad: &str,
    undrawn: &str,
) -> Result<Review> {
    if aktgranskning_store::gallring::is_gallrad(conn, audit_id)? {
        return Err(ServiceError::refused(gallrad));
    }
    let review = Review::load(conn, audit_id)?;
    if review.draw.is_none() {
        return Err(ServiceError::refused(undrawn));
    }
    Ok(review)
}

/// One sampled file, as the list the controllers fetch the files from the case system
/// with shows it (internal: case ids and case officers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampledFile {
    pub case_id: String,
    pub lagrum: String,
    pub insats: Option<String>,
    pub handlaggare: Option<String>,
    /// The controller the file is assigned to.
    pub controller: Option<String>,
}

/// The current sample's files with lagrum, insats, handläggare and controller, in case id
/// order. Refused before a draw and after gallring.
pub fn sample_list(store: &Store, audit_id: i64) -> Result<Vec<SampledFile>> {
    let conn = store.conn();
    let review = sampled_review(
        conn,
        audit_id,
        "Granskningen är gallrad: urvalets akter finns inte längre att lista.",
        "Det finns inget urval ännu: dra urvalet först.",
    )?;
    let assigned: HashMap<String, String> =
        answers::assignments(conn, audit_id)?.into_iter().collect();
    let rows: HashMap<&str, &aktgranskning_core::PopulationRow> = review
        .rows
        .iter()
        .map(|r| (r.case_id.as_str(), r))
        .collect();
    Ok(review
        .sample
        .iter()
        .map(|case| {
            let pop = rows.get(case.as_str());
            SampledFile {
                case_id: case.clone(),
                lagrum: pop.map_or(String::new(), |p| p.lagrum.as_str().to_string()),
                insats: pop.and_then(|p| p.insats.clone()),
                handlaggare: pop.and_then(|p| p.handlaggare.clone()),
                controller: assigned.get(case).cloned(),
            }
        })
        .collect())
}

/// Writes the sample list as an XLSX file to print or to fetch the files with, marked
/// internal, and records it (`sample_list_exported`).
pub fn export_sample_xlsx(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: &Path,
) -> Result<SheetExport> {
    crate::files::check_output(out, store.path())?;
    let list = sample_list(store, audit_id)?;
    let audit = crate::lookup::require(store.conn(), audit_id)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Urvalets akter (internt): granskning av {}",
                audit.unit
            ))
            .set_author(&audit.org)
            .set_comment("Internt arbetsmaterial med ärende-id. Inte för nämnden."),
    );
    let build = |wb: &mut Workbook| -> std::result::Result<(), XlsxError> {
        let ws = wb.add_worksheet().set_name("Urval")?;
        ws.write_string_with_format(
            0,
            0,
            format!(
                "Urvalets akter, {} ({}, diarienummer {}): internt arbetsmaterial för att ta fram akterna ur verksamhetssystemet. Inte för nämnden; förvaras och gallras som arbetsmaterialet.",
                audit.unit, audit.org, audit.diarienr
            ),
            &f.title,
        )?;
        header(
            ws,
            2,
            &[
                ("Nr", 5.0),
                ("Ärende-id", 16.0),
                ("Lagrum", 8.0),
                ("Insats", 30.0),
                ("Handläggare", 20.0),
                ("Granskare", 18.0),
                ("Hämtad", 10.0),
            ],
            &f,
        )?;
        for (n, file) in list.iter().enumerate() {
            let row = 3 + n as u32;
            ws.write_number(row, 0, (n + 1) as f64)?;
            ws.write_string(row, 1, &file.case_id)?;
            ws.write_string(row, 2, &file.lagrum)?;
            ws.write_string(row, 3, file.insats.as_deref().unwrap_or(""))?;
            ws.write_string(row, 4, file.handlaggare.as_deref().unwrap_or(""))?;
            ws.write_string(row, 5, file.controller.as_deref().unwrap_or(""))?;
            // An empty column to tick on paper when the file has been fetched.
            ws.write_string(row, 6, "")?;
        }
        ws.autofilter(2, 0, (2 + list.len() as u32).max(2), 6)?;
        ws.set_landscape();
        ws.set_repeat_rows(2, 2)?;
        Ok(())
    };
    build(&mut wb).map_err(xlsx_error)?;
    let event = Event::SampleListExported(events::SampleListExported {
        format: "xlsx".to_string(),
        files: list.len(),
    });
    save(store, ctx, audit_id, wb, &event, out)?;
    Ok(SheetExport {
        rows: list.len(),
        sheets: vec!["Urval".to_string()],
    })
}
