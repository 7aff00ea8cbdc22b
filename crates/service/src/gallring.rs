//! Gallring: when a finalised audit's working material has been kept as long as the
//! records management plan says, its personal data is removed and the record stays. What
//! goes and what stays, and why, is in `docs/gallring.md`.
//!
//! Removed: the population (personnummer, birth dates, case ids, case officers, decision
//! dates and kinds), the comments on answers, the notes per file and the working notes,
//! the motivations of grades, the fact-check comments and their answers, the reasons for
//! redraws, and in the history every free
//! text and name of a case officer; case ids become file numbers ("Akt 1", …) everywhere.
//! Kept: the audit's own facts, the sample's record (seed, algorithm, sizes, the
//! population's SHA-256), every answer as a value per file number, grades, findings and
//! chapter texts (the report's content, checked for personal data before it was printed),
//! the report versions and their hashes, the results as they stood (aggregates), and the
//! history of who did what and when, re-chained. Afterwards the file is rebuilt
//! (`VACUUM` with `secure_delete`), so no deleted row stays in a free page or the WAL.

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store, guard};
use aktgranskning_store::audits::Status;
use aktgranskning_store::gallring::{self, Removed};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use ts_rs::TS;

/// The history details that stay after gallring when they are text: the audit's own facts,
/// item ids, grades, statuses, hashes and the sampling's parameters. Every other text
/// (comments, motivations, reasons, chapter and finding texts, names of case officers,
/// file names) goes; numbers and true/false stay; case ids become file numbers.
const KEPT_TEXT: &[&str] = &[
    "item_id",
    "grade",
    "suggested",
    "status",
    "strata",
    "seed",
    "algorithm",
    "unit",
    "org",
    "board",
    "diarienr",
    "reference_date",
    "period_from",
    "period_to",
    "template",
    "package_id",
    "format",
    "chain_head",
    "sha256",
    "population_sha256",
    "file_sha256",
    // A controller's name records an official act, as the history's users do.
    "reviewer",
    "controllers",
];

/// Answer values and grades: what `old` and `new` may keep (they hold texts elsewhere).
const KEPT_VALUES: &[&str] = &["ja", "delvis", "nej", "ej_aktuellt", "gron", "gul", "rod"];

/// The keys whose values are case ids.
const CASE_KEYS: &[&str] = &["case_id", "case_ids", "cases"];

/// A history detail as it is kept after gallring.
fn redact(value: Value, numbers: &HashMap<String, String>) -> Value {
    let file_no = |v: &Value| match v {
        Value::String(id) => Value::String(
            numbers
                .get(id)
                .cloned()
                .unwrap_or_else(|| "(gallrad)".to_string()),
        ),
        other => other.clone(),
    };
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let kept = if CASE_KEYS.contains(&k.as_str()) {
                        match &v {
                            Value::Array(a) => Some(Value::Array(a.iter().map(file_no).collect())),
                            Value::String(_) => Some(file_no(&v)),
                            _ => Some(v),
                        }
                    } else {
                        match v {
                            Value::String(s) => {
                                let keep = KEPT_TEXT.contains(&k.as_str())
                                    || (matches!(
                                        k.as_str(),
                                        "old" | "new" | "first" | "second" | "value"
                                    ) && KEPT_VALUES.contains(&s.as_str()));
                                keep.then_some(Value::String(s))
                            }
                            Value::Object(_) | Value::Array(_) => Some(redact(v, numbers)),
                            other => Some(other),
                        }
                    };
                    kept.map(|v| (k, v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|v| redact(v, numbers)).collect()),
        // A bare text (not an object's field) is never needed by the record.
        Value::String(_) => Value::Null,
        other => other,
    }
}

/// Gallrar a finalised audit (see the module's description) and returns what was removed.
/// Refused for an audit that is not finalised, already gallrad, or fails `audit verify`
/// (gallring would erase the evidence of a change made outside the program).
pub fn gallra(store: &mut Store, ctx: &Context, audit_id: i64, reason: &str) -> Result<Removed> {
    let audit = require(store.conn(), audit_id)?;
    if audit.status != Status::Slutford {
        return Err(ServiceError::refused(
            "Bara en slutförd granskning kan gallras. Slutför granskningen först.",
        ));
    }
    if gallring::is_gallrad(store.conn(), audit_id)? {
        return Err(ServiceError::refused("Granskningen är redan gallrad."));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid_field(
            "Skäl",
            "Ange skälet till gallringen (till exempel beslutet i dokumenthanteringsplanen).",
        ));
    }
    guard::check_text(ctx, "Skäl", reason, guard::MAX_SHORT)?;
    let check = crate::verify::verify_audit(store, audit_id)?;
    if !check.ok {
        return Err(ServiceError::refused(format!(
            "Granskningen gallras inte: dess historik eller data är ändrad utanför programmet \
             ({}). Utred ändringen först; gallringen skulle sudda ut spåren.",
            check.problems.first().cloned().unwrap_or_default()
        )));
    }
    let mut results = serde_json::to_value(crate::review::results(store, audit_id)?)
        .map_err(|_| ServiceError::internal("Resultaten kunde inte sparas."))?;
    // The motivations are free text: they go too.
    if let Some(items) = results.get_mut("items").and_then(Value::as_array_mut) {
        for item in items {
            if let Some(m) = item.get_mut("motivation") {
                *m = Value::Null;
            }
        }
    }
    let numbers = gallring::file_numbers(store.conn(), audit_id)?;
    let at = ctx.now_text();
    let removed = store.write(|tx| {
        let removed = gallring::gallra(
            tx,
            audit_id,
            &gallring::Record {
                at: &at,
                user: &ctx.user,
                reason,
                results: &results,
            },
            &numbers,
            |_, v| redact(v, &numbers),
        )?;
        events::record(
            tx,
            audit_id,
            &at,
            &ctx.user,
            &Event::Gallrad(events::Gallrad {
                reason: reason.to_string(),
                removed: removed.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(removed)
    })?;
    gallring::scrub(store.conn())?;
    Ok(removed)
}

/// A gallring as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GallringInfo {
    pub at: String,
    pub by: String,
    pub reason: String,
    /// Population rows removed.
    #[ts(type = "number")]
    pub population_rows: u64,
    /// Comments, motivations and fact-check texts removed.
    #[ts(type = "number")]
    pub texts: u64,
}

/// The audit's gallring, if it has been gallrad.
pub fn info(store: &Store, audit_id: i64) -> Result<Option<GallringInfo>> {
    require(store.conn(), audit_id)?;
    Ok(gallring::get(store.conn(), audit_id)?.map(|g| {
        let n = |k: &str| g.removed.get(k).and_then(Value::as_u64).unwrap_or(0);
        GallringInfo {
            at: g.at,
            by: g.by_user,
            reason: g.reason,
            population_rows: n("population_rows"),
            texts: n("comments")
                + n("motivations")
                + n("factcheck_texts")
                + n("redraw_reasons")
                + n("notes"),
        }
    }))
}

#[cfg(test)]
mod tests;
