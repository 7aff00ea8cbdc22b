//! Tamper evidence: whether an audit's history is whole and the audit's data is what its
//! history says. Every history event is linked into a per-audit hash chain when it is
//! written (`store::history`), so an event edited, removed or inserted outside the
//! program breaks the chain; and the answers, grades and status are replayed from the
//! history, so a direct SQL edit of the data (by someone who can open the file) shows.
//! What it cannot catch: someone who rewrites data, history and every later link alike.
//! The chain head is recorded with each final report version (in its `finalized` event).

use crate::audits::require;
use crate::{Result, Store};
use aktgranskning_store::audits::Status;
use aktgranskning_store::history::{self, ChainProblem};
use aktgranskning_store::{answers, grades};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// The outcome of `audit verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditVerification {
    pub ok: bool,
    /// What is wrong, in Swedish, oldest first (case ids, never personnummer).
    pub problems: Vec<String>,
}

/// Checks the audit's history chain and replays the history against its data.
pub fn verify_audit(store: &Store, audit_id: i64) -> Result<AuditVerification> {
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    let mut problems = Vec::new();
    for (id, p) in history::verify_chain(conn, audit_id)? {
        problems.push(match p {
            ChainProblem::Changed => format!(
                "Händelse {id} i historiken har ändrats, eller en händelse före den har tagits bort."
            ),
            ChainProblem::Unlinked => {
                format!("Händelse {id} i historiken har lagts till utanför programmet.")
            }
            ChainProblem::Removed(n) => format!(
                "{n} {} har tagits bort ur databasens historik.",
                if n == 1 { "händelse" } else { "händelser" }
            ),
        });
    }
    let events = history::list(conn, audit_id)?;
    let text =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(|x| x.as_str()).map(str::to_string);

    // Answers: each one as its last answer_set event left it.
    let mut answered: HashMap<(String, String), (Option<String>, Option<String>)> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == "answer_set") {
        if let (Some(case), Some(item)) = (text(&e.detail, "case_id"), text(&e.detail, "item_id")) {
            answered.insert(
                (case, item),
                (text(&e.detail, "new"), text(&e.detail, "new_comment")),
            );
        }
    }
    for a in answers::all(conn, audit_id)? {
        match answered.remove(&(a.case_id.clone(), a.item_id.clone())) {
            None => problems.push(format!(
                "Svaret på {} i akt {} finns inte i historiken (tillagt utanför programmet).",
                a.item_id, a.case_id
            )),
            Some((value, comment)) if value.as_deref() != Some(&a.value) || comment != a.comment => {
                problems.push(format!(
                    "Svaret på {} i akt {} stämmer inte med historiken (ändrat utanför programmet).",
                    a.item_id, a.case_id
                ))
            }
            Some(_) => {}
        }
    }
    let mut removed: Vec<(String, String)> = answered.into_keys().collect();
    removed.sort();
    for (case, item) in removed {
        problems.push(format!(
            "Svaret på {item} i akt {case} har tagits bort utanför programmet."
        ));
    }

    // Grades: each as its last grade_set event left it.
    let mut graded: HashMap<String, Option<String>> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == "grade_set") {
        if let Some(item) = text(&e.detail, "item_id") {
            graded.insert(item, text(&e.detail, "new"));
        }
    }
    for g in grades::list(conn, audit_id)? {
        match graded.remove(&g.item_id) {
            Some(Some(v)) if v == g.grade => {}
            _ => problems.push(format!(
                "Nivån för {} stämmer inte med historiken (ändrad utanför programmet).",
                g.item_id
            )),
        }
    }

    // Status: final exactly when the last finalisation was not reopened since.
    let finalised = events
        .iter()
        .rev()
        .find(|e| e.kind == "finalized" || e.kind == "reopened")
        .is_some_and(|e| e.kind == "finalized");
    if finalised != (audit.status == Status::Slutford) {
        problems.push(format!(
            "Granskningens status ({}) stämmer inte med historiken (ändrad utanför programmet).",
            audit.status.label()
        ));
    }
    Ok(AuditVerification {
        ok: problems.is_empty(),
        problems,
    })
}
