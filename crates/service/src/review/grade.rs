//! The final grade of an item, with the motivation a changed suggestion needs.

use super::answer::clean_comment;
use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store, guard};
use aktgranskning_core::checklist::Grade;
use aktgranskning_store::audits::Status;
use aktgranskning_store::grades::{self, GradeRow};
use serde::Serialize;
use ts_rs::TS;

/// The final grade of an item as set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GradeSet {
    pub item: String,
    pub grade: Grade,
    pub suggested_grade: Option<Grade>,
    pub motivation: Option<String>,
}

/// Sets the final grade of an item. A grade that differs from the suggestion requires a
/// written motivation.
pub fn set_grade(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    item_id: &str,
    grade: Grade,
    motivation: Option<&str>,
) -> Result<GradeSet> {
    if require(store.conn(), audit_id)?.status == Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är slutförd: betygen kan inte ändras.",
        ));
    }
    let view = super::results(store, audit_id)?;
    let item = view
        .items
        .iter()
        .find(|i| i.result.id == item_id)
        .ok_or_else(|| ServiceError::invalid_field("Fråga", format!("Okänd fråga ”{item_id}”")))?;
    let suggested = item.result.suggested_grade;
    let motivation = clean_comment(motivation);
    if let Some(m) = &motivation {
        guard::check_text(ctx, "Motivering", m, guard::MAX_COMMENT)?;
    }
    if Some(grade) != suggested && motivation.is_none() {
        let msg = match suggested {
            Some(s) => format!(
                "Betyget {} skiljer sig från det föreslagna ({}): skriv en motivering.",
                grade.label(),
                s.label()
            ),
            None => format!(
                "Det finns inget föreslaget betyg för frågan ännu: skriv en motivering till betyget {}.",
                grade.label()
            ),
        };
        return Err(ServiceError::refused(msg));
    }
    let now = ctx.now_text();
    let old = item.result.final_grade;
    store.write(|tx| {
        grades::upsert(
            tx,
            audit_id,
            &GradeRow {
                item_id: item_id.to_string(),
                grade: grade.as_str().to_string(),
                motivation: motivation.clone(),
                set_by: ctx.user.clone(),
                set_at: now.clone(),
            },
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::GradeSet(events::GradeSet {
                item_id: item_id.to_string(),
                old: old.map(|g| g.as_str().to_string()),
                new: grade.as_str().to_string(),
                suggested: suggested.map(|g| g.as_str().to_string()),
                motivation: motivation.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(GradeSet {
        item: item_id.to_string(),
        grade,
        suggested_grade: suggested,
        motivation,
    })
}
