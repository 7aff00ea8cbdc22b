//! Creating and listing audits.

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_store::audits::{self, AuditRow, NewAudit, Status};
use aktgranskning_store::{Connection, history, population, samples};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// The fields of a new audit, as typed by the user.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NewAuditInput {
    /// The audited unit (enhet).
    pub unit: String,
    /// The administration (förvaltning).
    pub org: String,
    /// The board (nämnd) that receives the report.
    pub board: String,
    /// The registry number (diarienummer), e.g. `2023/ÄON 0123`.
    pub diarienr: String,
    /// The reference date (granskningsdatum), `YYYY-MM-DD`.
    pub reference_date: String,
    /// The checklist template's id (default: the standard template).
    #[serde(default)]
    #[ts(optional)]
    pub template: Option<String>,
    /// The template version (default: the latest).
    #[serde(default)]
    #[ts(optional)]
    pub template_version: Option<u32>,
    /// The earlier audit of the same unit this one follows up (uppföljning).
    #[serde(default)]
    #[ts(optional)]
    pub follows: Option<i64>,
    /// The controllers who do the audit (kvalitetscontrollers), named on the report's cover.
    #[serde(default)]
    #[ts(optional)]
    pub controllers: Option<Vec<String>>,
    /// The period the audit covers, `YYYY-MM-DD` (granskningsperiod).
    #[serde(default)]
    #[ts(optional)]
    pub period_from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub period_to: Option<String>,
}

/// One audit in the list of audits.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuditSummary {
    pub id: i64,
    pub unit: String,
    pub org: String,
    pub board: String,
    pub diarienr: String,
    pub reference_date: String,
    /// `planering`, `urval`, `granskning`, `faktagranskning` or `slutford`.
    pub status: String,
    /// The status as shown to users: Planering, Urval, …, Slutförd.
    pub status_label: String,
    /// Number of cases in the imported population (0 before import).
    pub population: u32,
    /// Size of the current sample, if one has been drawn.
    pub sample_size: Option<u32>,
    /// The share the sample was drawn with, in basis points (30 % = 3000): the sample is
    /// ⌈share · population⌉, so its own ratio may be a little above.
    pub sample_percent_bp: Option<u32>,
    /// Sampled files with every applicable item answered, once a sample is drawn.
    pub files_complete: Option<u32>,
    /// The checklist template the audit runs with: `Standardmall, version 1`.
    pub template: String,
    /// The earlier audit this one follows up, if it is a follow-up.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<i64>,
    /// The controllers named in the planning.
    pub controllers: Vec<String>,
    /// The period the audit covers, `YYYY-MM-DD`.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// Archived: kept whole, out of the daily list.
    pub archived: bool,
    /// Whether it can be removed: nothing but its planning exists (no population, no
    /// draw, no follow-up of it). Otherwise it can be archived.
    pub removable: bool,
    /// While a fact-check round waits for the enhetschef: the date the response is
    /// expected by (`YYYY-MM-DD`).
    pub factcheck_due: Option<String>,
    /// A colleague's copy from an arbetspaket: the controller it was made for
    /// (`docs/work-packages.md`).
    pub copy_for: Option<String>,
}

/// A planning field as typed: trimmed, required, short, free of personal data.
fn planning_field(ctx: &Context, name: &str, label: &str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(ServiceError::invalid_field(
            name,
            format!("{label} måste anges"),
        ));
    }
    if let Some(m) = crate::guard::text_problem(
        ctx.clock.now().date_naive(),
        label,
        v,
        crate::guard::MAX_SHORT,
    ) {
        return Err(ServiceError::invalid_field(name, m));
    }
    Ok(v.to_string())
}

/// The granskningsdatum as typed, `YYYY-MM-DD`.
fn planning_date(ctx: &Context, v: &str) -> Result<(String, NaiveDate)> {
    let text = planning_field(ctx, "date", "Granskningsdatum", v)?;
    let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            ServiceError::invalid_field(
                "date",
                "Granskningsdatum ska anges som ÅÅÅÅ-MM-DD, t.ex. 2023-09-01",
            )
        })?;
    Ok((text, date))
}

/// The controllers as typed: each name trimmed, checked as a planning field, the empty
/// ones and repeats left out.
fn planning_controllers(ctx: &Context, names: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let n = planning_field(ctx, "controllers", "Kvalitetscontroller", n)?;
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    Ok(out)
}

/// The period as typed (either end may be left out; an empty text is none), checked as
/// dates and in order.
fn planning_period(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>)> {
    let parse = |name: &str, label: &str, v: Option<&str>| -> Result<Option<NaiveDate>> {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .filter(|_| t.len() == 10)
                .map(Some)
                .ok_or_else(|| {
                    ServiceError::invalid_field(
                        name,
                        format!("{label} ska anges som ÅÅÅÅ-MM-DD, t.ex. 2023-09-01"),
                    )
                }),
        }
    };
    let from = parse("period_from", "Periodens början", from)?;
    let to = parse("period_to", "Periodens slut", to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ServiceError::invalid_field(
            "period_to",
            "Periodens slut ligger före dess början",
        ));
    }
    let text = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    Ok((text(from), text(to)))
}

/// Creates an audit in the Planering stage; returns its id.
pub fn create_audit(store: &mut Store, ctx: &Context, input: &NewAuditInput) -> Result<i64> {
    let field = |name: &str, label: &str, v: &str| planning_field(ctx, name, label, v);
    let unit = field("unit", "Enhet", &input.unit)?;
    let org = field("org", "Förvaltning", &input.org)?;
    let board = field("board", "Nämnd", &input.board)?;
    let diarienr = field("diarienr", "Diarienummer", &input.diarienr)?;
    let (date_text, reference_date) = planning_date(ctx, &input.reference_date)?;
    let controllers = planning_controllers(ctx, input.controllers.as_deref().unwrap_or(&[]))?;
    let (period_from, period_to) =
        planning_period(input.period_from.as_deref(), input.period_to.as_deref())?;
    // A follow-up follows an earlier audit of the same unit.
    if let Some(prev) = input.follows {
        let earlier = audits::get(store.conn(), prev)?.ok_or_else(|| {
            ServiceError::invalid_field(
                "follows",
                format!("Det finns ingen granskning med id {prev} att följa upp"),
            )
        })?;
        if earlier.unit.trim().to_lowercase() != unit.to_lowercase() {
            return Err(ServiceError::invalid_field(
                "follows",
                format!(
                    "Granskning {prev} gäller enheten ”{}”, inte ”{unit}”: en uppföljning följer en tidigare granskning av samma enhet",
                    earlier.unit
                ),
            ));
        }
    }
    let now = ctx.now_text();
    store.write(|tx| {
        let id = audits::insert(
            tx,
            &NewAudit {
                unit: &unit,
                org: &org,
                board: &board,
                diarienr: &diarienr,
                reference_date,
                created_at: &now,
                created_by: &ctx.user,
            },
        )?;
        let (template, t_id, t_version) =
            crate::templates::resolve(tx, &now, input.template.as_deref(), input.template_version)?;
        audits::set_template_ref(tx, id, template)?;
        audits::set_team(
            tx,
            id,
            &controllers,
            period_from.as_deref(),
            period_to.as_deref(),
        )?;
        if let Some(prev) = input.follows {
            audits::set_follows(tx, id, prev)?;
        }
        events::record(
            tx,
            id,
            &now,
            &ctx.user,
            &Event::AuditCreated(events::AuditCreated {
                unit: unit.clone(),
                org: org.clone(),
                board: board.clone(),
                diarienr: diarienr.clone(),
                reference_date: date_text.clone(),
                template: t_id.to_string(),
                template_version: t_version,
                follows: input.follows,
                controllers: controllers.join(", "),
                period_from: period_from.clone(),
                period_to: period_to.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(id)
    })
}

/// Planning fields to correct; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct AuditEdit {
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub board: Option<String>,
    #[serde(default)]
    pub diarienr: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub reference_date: Option<String>,
    /// The controllers, all of them (an empty list: none named).
    #[serde(default)]
    pub controllers: Option<Vec<String>>,
    /// `YYYY-MM-DD`; an empty text takes the date away.
    #[serde(default)]
    pub period_from: Option<String>,
    #[serde(default)]
    pub period_to: Option<String>,
}

/// Corrects the audit's planning (unit, förvaltning, nämnd, diarienummer,
/// granskningsdatum) until it is finalised; the history keeps the old and the new value
/// of every field changed. The granskningsdatum only until the population is imported
/// (ages and the rules count from it); the unit not in a chain of follow-ups (a follow-up
/// follows the same unit). Returns the fields changed.
pub fn edit_audit(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    edit: &AuditEdit,
) -> Result<Vec<String>> {
    let conn = store.conn();
    let a = require(conn, audit_id)?;
    if a.status == Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är slutförd: planeringen kan inte ändras. Öppna den igen med ett skäl för att ändra.",
        ));
    }
    let pick = |name: &str, label: &str, new: &Option<String>, old: &str| -> Result<String> {
        match new {
            Some(v) => planning_field(ctx, name, label, v),
            None => Ok(old.to_string()),
        }
    };
    let unit = pick("unit", "Enhet", &edit.unit, &a.unit)?;
    let org = pick("org", "Förvaltning", &edit.org, &a.org)?;
    let board = pick("board", "Nämnd", &edit.board, &a.board)?;
    let diarienr = pick("diarienr", "Diarienummer", &edit.diarienr, &a.diarienr)?;
    let reference_date = match &edit.reference_date {
        Some(v) => planning_date(ctx, v)?.1,
        None => a.reference_date,
    };
    if reference_date != a.reference_date && population::count(conn, audit_id)? > 0 {
        return Err(ServiceError::invalid_field(
            "date",
            "Granskningsdatum kan inte ändras när populationen är importerad: åldrarna och vilka frågor som gäller räknas från det datumet. Skapa en ny granskning med rätt datum.",
        ));
    }
    if unit != a.unit
        && (audits::follows(conn, audit_id)?.is_some() || audits::is_followed(conn, audit_id)?)
    {
        return Err(ServiceError::invalid_field(
            "unit",
            "Enheten kan inte ändras: granskningen ingår i en kedja av uppföljningar av samma enhet.",
        ));
    }
    let controllers = match &edit.controllers {
        Some(c) => planning_controllers(ctx, c)?,
        None => a.controllers.clone(),
    };
    let (period_from, period_to) = planning_period(
        Some(
            edit.period_from
                .as_deref()
                .unwrap_or(a.period_from.as_deref().unwrap_or("")),
        ),
        Some(
            edit.period_to
                .as_deref()
                .unwrap_or(a.period_to.as_deref().unwrap_or("")),
        ),
    )?;
    let date_text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let fields: [(&str, String, String); 8] = [
        ("unit", a.unit.clone(), unit.clone()),
        ("org", a.org.clone(), org.clone()),
        ("board", a.board.clone(), board.clone()),
        ("diarienr", a.diarienr.clone(), diarienr.clone()),
        (
            "reference_date",
            date_text(a.reference_date),
            date_text(reference_date),
        ),
        (
            "controllers",
            a.controllers.join(", "),
            controllers.join(", "),
        ),
        (
            "period_from",
            a.period_from.clone().unwrap_or_default(),
            period_from.clone().unwrap_or_default(),
        ),
        (
            "period_to",
            a.period_to.clone().unwrap_or_default(),
            period_to.clone().unwrap_or_default(),
        ),
    ];
    let changed: Vec<&(&str, String, String)> = fields.iter().filter(|(_, o, n)| o != n).collect();
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let (mut old, mut new) = (events::Planning::default(), events::Planning::default());
    for (k, o, n) in &changed {
        old.set(k, o.clone());
        new.set(k, n.clone());
    }
    let names: Vec<String> = changed.iter().map(|(k, _, _)| k.to_string()).collect();
    let now = ctx.now_text();
    store.write(|tx| {
        audits::set_planning(tx, audit_id, &unit, &org, &board, &diarienr, reference_date)?;
        audits::set_team(
            tx,
            audit_id,
            &controllers,
            period_from.as_deref(),
            period_to.as_deref(),
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::AuditEdited(events::AuditEdited { old, new }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(names)
}

/// All audits, newest first, with their population and sample sizes.
pub fn list_audits(store: &Store) -> Result<Vec<AuditSummary>> {
    let conn = store.conn();
    audits::list(conn)?
        .into_iter()
        .map(|a| {
            let population = population::count(conn, a.id)? as u32;
            let current = samples::current(conn, a.id)?;
            let sample_size = current.as_ref().map(|s| s.sample_size as u32);
            let sample_percent_bp = current.as_ref().map(|s| s.percent_bp);
            let files_complete = match sample_size {
                Some(_) => Some(crate::review::progress(store, a.id)?.complete as u32),
                None => None,
            };
            let removable = planning_only(conn, &a, population as usize)?;
            let factcheck_due = if a.status == Status::Faktagranskning {
                aktgranskning_store::factcheck::rounds(conn, a.id)?
                    .into_iter()
                    .next_back()
                    .filter(|r| r.answered_at.is_none() && r.closed.is_none())
                    .and_then(|r| r.due)
            } else {
                None
            };
            Ok(AuditSummary {
                id: a.id,
                reference_date: a.reference_date.format("%Y-%m-%d").to_string(),
                status: a.status.as_str().to_string(),
                status_label: a.status.label().to_string(),
                unit: a.unit,
                org: a.org,
                board: a.board,
                diarienr: a.diarienr,
                population,
                sample_size,
                sample_percent_bp,
                files_complete,
                template: crate::templates::label_for_audit(conn, a.id)?,
                follows: audits::follows(conn, a.id)?,
                controllers: a.controllers,
                period_from: a.period_from,
                period_to: a.period_to,
                archived: a.archived_at.is_some(),
                removable,
                factcheck_due,
                copy_for: crate::work::copy_for(conn, a.id)?,
            })
        })
        .collect()
}

/// Whether nothing but the planning exists: no population imported, no draw, and no
/// audit following it up.
fn planning_only(conn: &Connection, a: &AuditRow, population: usize) -> Result<bool> {
    Ok(a.status == Status::Planering
        && population == 0
        && samples::count(conn, a.id)? == 0
        && !audits::is_followed(conn, a.id)?)
}

/// Removes an audit that holds nothing but its planning (a mistake, a duplicate): it
/// leaves every list and can no longer be opened; its row and history stay (the history
/// is append-only), recorded as `audit_removed`. Anything more is archived instead.
pub fn remove_audit(store: &mut Store, ctx: &Context, audit_id: i64) -> Result<()> {
    let conn = store.conn();
    let a = require(conn, audit_id)?;
    if !planning_only(conn, &a, population::count(conn, audit_id)?)? {
        return Err(ServiceError::refused(
            "Granskningen kan inte tas bort: den har mer än sin planering (population, urval eller en uppföljning). Arkivera den i stället.",
        ));
    }
    let now = ctx.now_text();
    store.write(|tx| {
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::AuditRemoved(events::AuditRemoved {
                unit: a.unit.clone(),
                diarienr: a.diarienr.clone(),
            }),
        )?;
        audits::set_removed(tx, audit_id, &now)?;
        Ok::<_, ServiceError>(())
    })
}

/// Archives an audit (out of the daily list, kept whole) or takes it back.
pub fn archive_audit(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    archived: bool,
) -> Result<()> {
    let a = require(store.conn(), audit_id)?;
    if a.archived_at.is_some() == archived {
        return Ok(());
    }
    let now = ctx.now_text();
    store.write(|tx| {
        audits::set_archived(tx, audit_id, archived.then_some(now.as_str()))?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &if archived {
                Event::AuditArchived(events::Nothing {})
            } else {
                Event::AuditUnarchived(events::Nothing {})
            },
        )?;
        Ok::<_, ServiceError>(())
    })
}

/// One event of an audit's history (granskningslogg).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryEvent {
    pub at: String,
    /// The name the user gave (the app's user setting, the CLI's `--user`).
    pub user: String,
    /// The operating-system account that did it, recorded beside the typed name (absent
    /// for events from before it was kept).
    pub os_account: Option<String>,
    /// The stored kind, e.g. `answer_set` (stable, for tools).
    pub kind: String,
    /// The details as stored (JSON with stable keys, for tools).
    #[ts(type = "unknown")]
    pub detail: serde_json::Value,
    /// The kind in Swedish, e.g. `Svar`.
    pub label: String,
    /// The details as one Swedish line.
    pub summary: String,
}

impl From<history::Event> for HistoryEvent {
    fn from(e: history::Event) -> HistoryEvent {
        let (label, summary) = events::name_and_description(&e.kind, &e.detail);
        HistoryEvent {
            label,
            summary,
            at: e.at,
            user: e.user,
            os_account: e.os_account,
            kind: e.kind,
            detail: e.detail,
        }
    }
}

/// The audit's history, oldest first.
pub fn history(store: &Store, audit_id: i64) -> Result<Vec<HistoryEvent>> {
    require(store.conn(), audit_id)?;
    Ok(history::list(store.conn(), audit_id)?
        .into_iter()
        .map(HistoryEvent::from)
        .collect())
}

/// How many events of one kind the history holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryKind {
    pub kind: String,
    pub label: String,
    pub count: usize,
}

/// One page of the history for the app, newest first: an audit of 10,000 files has some
/// 300,000 events, far more than a screen needs or the IPC should carry at once.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryPage {
    /// Events matching the filter, in all pages.
    pub total: usize,
    /// Every kind the history holds, with its count (for the filter).
    pub kinds: Vec<HistoryKind>,
    pub events: Vec<HistoryEvent>,
}

/// At most `limit` events after `offset`, newest first, of one kind or of all.
pub fn history_page(
    store: &Store,
    audit_id: i64,
    kind: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<HistoryPage> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let kinds: Vec<HistoryKind> = history::kind_counts(conn, audit_id)?
        .into_iter()
        .map(|(kind, count)| HistoryKind {
            label: events::label(&kind),
            kind,
            count,
        })
        .collect();
    let total = kinds
        .iter()
        .filter(|k| kind.is_none_or(|wanted| k.kind == wanted))
        .map(|k| k.count)
        .sum();
    let events = history::page(conn, audit_id, kind, offset, limit)?
        .into_iter()
        .map(HistoryEvent::from)
        .collect();
    Ok(HistoryPage {
        total,
        kinds,
        events,
    })
}

/// The history as CSV for export (`Tidpunkt;Användare;OS-konto;Händelse;Beskrivning;Detaljer`:
/// the kind and details in Swedish, then the stored details as JSON; UTF-8 with BOM so
/// that Excel reads å, ä, ö), one event per line. Every cell is safe to open in a
/// spreadsheet (`core::text::spreadsheet_safe`).
pub fn history_csv(events: &[HistoryEvent]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record([
        "Tidpunkt",
        "Användare",
        "OS-konto",
        "Händelse",
        "Beskrivning",
        "Detaljer",
    ]);
    for e in events {
        let detail = e.detail.to_string();
        let _ = w.write_record(
            [
                e.at.as_str(),
                e.user.as_str(),
                e.os_account.as_deref().unwrap_or(""),
                e.label.as_str(),
                e.summary.as_str(),
                &detail,
            ]
            .map(aktgranskning_core::text::spreadsheet_safe)
            .iter()
            .map(|c| c.as_ref()),
        );
    }
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}

/// Records one event that changes nothing else (an access: a reveal, an export), in its
/// own transaction.
pub(crate) fn record(store: &mut Store, ctx: &Context, audit_id: i64, event: &Event) -> Result<()> {
    record_output(store, ctx, audit_id, event, None, &[])
}

/// Records an event for an output and writes the output to `out` (when given) in the same
/// transaction: the event is committed only once the file is in place.
pub(crate) fn record_output(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    event: &Event,
    out: Option<&Path>,
    bytes: &[u8],
) -> Result<()> {
    let now = ctx.now_text();
    let db = store.path().map(Path::to_path_buf);
    store.write(|tx| {
        events::record(tx, audit_id, &now, &ctx.user, event)?;
        crate::files::deliver(out, bytes, db.as_deref())
    })
}

/// The history as CSV for export, with the number of events in it; the export itself is
/// recorded (it holds case ids). With `out`, the file is written before the record is
/// committed.
pub fn export_history(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: Option<&Path>,
) -> Result<(usize, String)> {
    crate::files::check_out(out, store.path())?;
    let mut events = history(store, audit_id)?;
    crate::double::blind_history(store.conn(), audit_id, &ctx.user, &mut events)?;
    let csv = history_csv(&events);
    record_output(
        store,
        ctx,
        audit_id,
        &Event::HistoryExported(events::HistoryExported {
            events: events.len(),
        }),
        out,
        csv.as_bytes(),
    )?;
    Ok((events.len(), csv))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    /// A cell that a spreadsheet would run as a formula is neutralised (OWASP's rule).
    #[test]
    fn the_history_export_is_safe_to_open_in_a_spreadsheet() {
        let (mut store, _, id) = demo::demo_store("testare");
        let evil = Context::new("=HYPERLINK(\"http://x\";\"klicka\")");
        record(
            &mut store,
            &evil,
            id,
            &Event::HistoryExported(events::HistoryExported { events: 1 }),
        )
        .unwrap();
        let (_, csv) = export_history(&mut store, &evil, id, None).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let cells: Vec<String> = reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect();
        assert!(cells.iter().any(|c| c.starts_with("'=HYPERLINK")));
        for c in &cells {
            assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{c}");
        }
    }

    #[test]
    fn the_history_exports_as_swedish_csv_and_the_export_is_recorded() {
        let (mut store, ctx, id) = demo::demo_store("Karin Lund");
        let before = history(&store, id).unwrap();
        let (exported, csv) = export_history(&mut store, &ctx, id, None).unwrap();
        assert_eq!(exported, before.len());
        assert!(
            csv.starts_with("\u{feff}Tidpunkt;Användare;OS-konto;Händelse;Beskrivning;Detaljer\n")
        );
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), before.len(), "every event, one line each");
        let first = &rows[0];
        // The typed name and, beside it, the account of the process that wrote it.
        assert_eq!(&first[1], "Karin Lund");
        assert_eq!(&first[2], aktgranskning_store::os_account());
        assert_eq!(&first[3], "Granskningen skapad");
        assert!(first[4].contains("diarienummer 2023/VON 0123"), "{first:?}");
        let detail: serde_json::Value = serde_json::from_str(&first[5]).unwrap();
        assert_eq!(detail["diarienr"], "2023/VON 0123");
        assert!(
            rows.iter()
                .any(|r| &r[3] == "Svar" && r[4].starts_with("Akt "))
        );
        // No personnummer in the export (the history never holds one).
        for r in aktgranskning_store::population::load(store.conn(), id).unwrap() {
            assert!(!csv.contains(r.personnummer.as_digits()));
        }
        // The export holds case ids, so it is itself recorded, with who did it.
        let after = history(&store, id).unwrap();
        let last = after.last().unwrap();
        assert_eq!(
            (last.kind.as_str(), last.user.as_str()),
            ("history_exported", "Karin Lund")
        );
        assert_eq!(last.summary, format!("{} händelser", before.len()));

        // The app's pages: newest first, filtered by kind, with every kind counted.
        let page = history_page(&store, id, None, 0, 3).unwrap();
        assert_eq!(page.total, after.len());
        assert_eq!(page.events.len(), 3);
        assert_eq!(&page.events[0], last);
        let answers = history_page(&store, id, Some("answer_set"), 0, 10).unwrap();
        let kind = page.kinds.iter().find(|k| k.kind == "answer_set").unwrap();
        assert_eq!((kind.label.as_str(), kind.count), ("Svar", answers.total));
        assert_eq!(
            answers.total,
            after.iter().filter(|e| e.kind == "answer_set").count()
        );
        assert!(answers.events.iter().all(|e| e.kind == "answer_set"));
        assert_eq!(
            page.kinds.iter().map(|k| k.count).sum::<usize>(),
            after.len()
        );
    }
}
