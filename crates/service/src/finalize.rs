//! Finalising an audit: the final report without UTKAST, its SHA-256 recorded
//! as a new report version, and the audit made read-only; reopening, with a written
//! reason, for a later version. Every change to a finalised audit is refused by the
//! use cases themselves (`chapters::require_editable`, the review's and the sampling's
//! status checks).

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store, review, sampling};
use aktgranskning_core::sampling::hex;
use aktgranskning_core::text::count;
use aktgranskning_store::audits::{self, Status};
use aktgranskning_store::history;
use aktgranskning_store::report_versions::{self, ReportVersion};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// A finalised report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finalized {
    pub version: u32,
    pub sha256: String,
    pub pages: usize,
    /// Gul and Röd findings no recommendation answers, pointed out (not forced).
    pub findings_without_recommendation: Vec<String>,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// One final version of the report, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReportVersionView {
    pub version: u32,
    pub sha256: String,
    pub pages: u32,
    pub finalized_at: String,
    pub finalized_by: String,
}

/// Makes the final report and records it; the audit becomes Slutförd (read-only).
/// Refused while the review is unfinished or the audit is already final.
pub fn finalize(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: Option<&std::path::Path>,
) -> Result<Finalized> {
    crate::files::check_out(out, store.path())?;
    let db = store.path().map(std::path::Path::to_path_buf);
    let audit = require(store.conn(), audit_id)?;
    let earlier = report_versions::list(store.conn(), audit_id)?;
    if audit.status == Status::Slutford {
        return Err(ServiceError::refused(format!(
            "Granskningen är redan slutförd (version {}). Öppna den igen med ett skäl för att göra en ny version.",
            earlier.len()
        )));
    }
    if let Some(first) = blockers(store, audit_id)?.into_iter().next() {
        return Err(ServiceError::refused(first));
    }
    let mut data = crate::report::report_data(store, ctx, audit_id, false)?;
    data.status = Status::Slutford.label().to_string();
    // The final version is dated the day it is finalised.
    data.date = data.created.date_naive();
    // The history as it stands now is what this version is made from: its chain head is
    // printed in the report and recorded with the version.
    let head = history::chain_head(store.conn(), audit_id)?;
    data.history_sha256 = Some(head.clone());
    let rendered = aktgranskning_report::render_report(&data)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let sha256 = hex(&Sha256::digest(&rendered.bytes));
    let version = earlier.len() as u32 + 1;
    let now = ctx.now_text();
    store.write(|tx| {
        // Nothing may have been written to the audit since the report was made from it.
        let chain_head = history::chain_head(tx, audit_id)?;
        if chain_head != head {
            return Err(ServiceError::refused(
                "Granskningen ändrades medan rapporten gjordes. Slutför igen.",
            ));
        }
        report_versions::insert(
            tx,
            audit_id,
            &ReportVersion {
                version,
                sha256: sha256.clone(),
                pages: rendered.pages as u32,
                finalized_at: now.clone(),
                finalized_by: ctx.user.clone(),
            },
        )?;
        audits::set_status(tx, audit_id, Status::Slutford)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::Finalized(events::Finalized {
                version,
                sha256: sha256.clone(),
                pages: rendered.pages,
                chain_head: chain_head.clone(),
            }),
        )?;
        // The final file is in place before the version is committed.
        crate::files::deliver(out, &rendered.bytes, db.as_deref())
    })?;
    Ok(Finalized {
        version,
        sha256,
        pages: rendered.pages,
        findings_without_recommendation: crate::recommendations::findings_without_recommendation(
            store, audit_id,
        )?,
        bytes: rendered.bytes,
    })
}

/// What stops the audit from being finalised now, in Swedish, the most pressing first
/// (an empty list: nothing does).
fn blockers(store: &Store, audit_id: i64) -> Result<Vec<String>> {
    let audit = require(store.conn(), audit_id)?;
    let mut found = Vec::new();
    if crate::work::copy_for(store.conn(), audit_id)?.is_some() {
        found.push("Granskningen är en kopia från ett arbetspaket: den slutförs i huvudgranskningen, hos den som delade ut arbetet. Skicka tillbaka ett svarspaket.".to_string());
    }
    let conflicts = crate::work::open_conflicts(store.conn(), audit_id)?;
    if conflicts > 0 {
        found.push(format!(
            "Arbetspaketen har {} som inte är lösta: välj vilket svar som gäller först (Arbetspaket).",
            count(conflicts, "konflikt", "konflikter")
        ));
    }
    let open = crate::factcheck::open_comments(store, audit_id)?;
    if open > 0 || audit.status == Status::Faktagranskning {
        found.push(if open > 0 {
            format!(
                "Faktagranskningen pågår: {} från enhetschefen återstår att hantera. Godta eller avvisa varje kommentar först.",
                count(open, "kommentar", "kommentarer")
            )
        } else {
            "Faktagranskningen pågår: importera enhetschefens svar innan granskningen slutförs."
                .to_string()
        });
    }
    if sampling::current_sample(store, audit_id)?.is_none() {
        found.push("Inget urval har dragits: granskningen kan inte slutföras.".to_string());
    }
    let unsettled = crate::double::unsettled(store, audit_id)?;
    if unsettled > 0 {
        found.push(format!(
            "Dubbelgranskningen har {} som inte är avgjorda: avgör dem först.",
            count(unsettled, "skiljaktig bedömning", "skiljaktiga bedömningar")
        ));
    }
    let check = crate::verify::verify_audit(store, audit_id)?;
    if !check.ok {
        found.push(format!(
            "Granskningen har ändrats utanför programmet och kan inte slutföras: {}",
            check.problems.join(" ")
        ));
    }
    let progress = review::progress(store, audit_id)?;
    if progress.complete < progress.files {
        found.push(format!(
            "Granskningen är inte klar: {} av {} akter saknar svar. Slutför granskningen av alla akter först.",
            progress.files - progress.complete,
            progress.files
        ));
    }
    Ok(found)
}

/// What the controller sees before finalising: what stops it, and what is worth a look
/// first without stopping it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Readiness {
    /// What stops finalising (the first is what `finalize` answers).
    pub blocking: Vec<String>,
    /// What does not stop it but is easily missed: no fact-check round, grades only
    /// suggested, Gul and Röd findings without a recommendation, chapters without text.
    pub warnings: Vec<String>,
}

/// [`Readiness`] of the audit.
pub fn readiness(store: &Store, audit_id: i64) -> Result<Readiness> {
    let audit = require(store.conn(), audit_id)?;
    if audit.status == Status::Slutford {
        return Ok(Readiness {
            blocking: vec!["Granskningen är redan slutförd.".to_string()],
            warnings: Vec::new(),
        });
    }
    let blocking = blockers(store, audit_id)?;
    let mut warnings = Vec::new();
    if aktgranskning_store::factcheck::rounds(store.conn(), audit_id)?.is_empty() {
        warnings.push(
            "Ingen faktagranskning har gjorts: enhetschefen har inte fått läsa utkastet."
                .to_string(),
        );
    }
    if sampling::current_sample(store, audit_id)?.is_some() {
        let results = review::results(store, audit_id)?;
        let suggested = results
            .items
            .iter()
            .filter(|i| i.result.final_grade.is_none() && i.result.suggested_grade.is_some())
            .count();
        if suggested > 0 {
            warnings.push(format!(
                "{} har bara en föreslagen nivå; den slutliga nivån är inte satt (Resultat).",
                count(suggested, "granskningspunkt", "granskningspunkter")
            ));
        }
    }
    for line in crate::recommendations::findings_without_recommendation(store, audit_id)? {
        warnings.push(format!("Utan rekommendation: {line}"));
    }
    let empty: Vec<String> = crate::chapters::list_chapters(store, audit_id)?
        .into_iter()
        .filter(|c| c.text.trim().is_empty() && !c.generated)
        .map(|c| format!("{} {}", c.chapter, c.title))
        .collect();
    if !empty.is_empty() {
        warnings.push(format!("Kapitel utan text: {}.", empty.join(", ")));
    }
    Ok(Readiness { blocking, warnings })
}

/// Opens a finalised audit again, for changes and a later final version. The reason is
/// required and kept in the history; the earlier versions' hashes stay recorded.
pub fn reopen(store: &mut Store, ctx: &Context, audit_id: i64, reason: &str) -> Result<()> {
    if aktgranskning_store::gallring::is_gallrad(store.conn(), audit_id)? {
        return Err(ServiceError::refused(
            "Granskningen är gallrad: underlaget finns inte längre och den kan inte öppnas igen.",
        ));
    }
    let audit = require(store.conn(), audit_id)?;
    if audit.status != Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är inte slutförd: det finns inget att öppna igen.",
        ));
    }
    let reason = reason.trim();
    crate::guard::check_text(ctx, "Skäl", reason, crate::guard::MAX_COMMENT)?;
    if reason.is_empty() {
        return Err(ServiceError::invalid_field(
            "Skäl",
            "Ange varför granskningen öppnas igen",
        ));
    }
    let version = report_versions::list(store.conn(), audit_id)?.len();
    let now = ctx.now_text();
    store.write(|tx| {
        audits::set_status(tx, audit_id, Status::Granskning)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::Reopened(events::Reopened {
                reason: reason.to_string(),
                after_version: version,
            }),
        )?;
        Ok::<_, ServiceError>(())
    })
}

/// The audit's final versions, oldest first.
pub fn versions(store: &Store, audit_id: i64) -> Result<Vec<ReportVersionView>> {
    require(store.conn(), audit_id)?;
    Ok(report_versions::list(store.conn(), audit_id)?
        .into_iter()
        .map(|v| ReportVersionView {
            version: v.version,
            sha256: v.sha256,
            pages: v.pages,
            finalized_at: v.finalized_at,
            finalized_by: v.finalized_by,
        })
        .collect())
}
