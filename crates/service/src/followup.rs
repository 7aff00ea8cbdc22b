//! Follow-up of recommendations: a follow-up audit carries every recommendation of the
//! audit it follows, with the nämnd's response, and records per recommendation the
//! unit's answer (status and the situation today) and the controller's own assessment.
//! Reference: a real municipal follow-up's table *Rekommendation | Nämndens svar |
//! Status | Svar och beskrivning av situationen idag*.

use crate::audits::require;
use crate::chapters::require_editable;
use crate::recommendations::list_recommendations;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_store::followups::{self, FollowupRow};
use aktgranskning_store::{audits, history};
use serde::Serialize;
use serde_json::json;
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
            "--status",
            format!("Okänd status ”{status}”: ange genomford, pagar, ej_paborjad eller ej_aktuell"),
        ));
    }
    if !list_recommendations(store, earlier)?
        .iter()
        .any(|r| r.id == recommendation)
    {
        return Err(ServiceError::invalid_field(
            "--recommendation",
            format!(
                "Granskning {earlier}, som följs upp, har ingen rekommendation med id {recommendation}"
            ),
        ));
    }
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(ServiceError::invalid_field(
            "--text",
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
    store.write(|tx| {
        followups::set(tx, audit_id, &row)?;
        history::append(
            tx,
            audit_id,
            &row.updated_at,
            &ctx.user,
            "followup_set",
            &json!({"recommendation": recommendation,
                    "old": old.as_ref().map(|o| json!({"status": o.status, "answer": o.answer, "assessment": o.assessment})),
                    "new": {"status": row.status, "answer": row.answer, "assessment": row.assessment}}),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    list_followup(store, audit_id)?
        .into_iter()
        .find(|f| f.recommendation == recommendation)
        .ok_or_else(|| ServiceError::internal("Svaret sparades men kunde inte läsas."))
}
