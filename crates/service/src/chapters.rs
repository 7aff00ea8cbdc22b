//! The report's chapters (`docs/domain.md`) and the controller's text in each. The generated
//! parts (the Sammanvägd bedömning table, the Metod facts, the Aktgranskning tables and
//! chart) are computed from the audit's data when the report is made, never typed.

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_store::audits::Status;
use aktgranskning_store::chapters::{self, ChapterText};
use serde::Serialize;
use ts_rs::TS;

/// The report's chapters, numbered from 1 (defined with the report's content).
pub use aktgranskning_report::content::CHAPTERS;

/// One chapter with the controller's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Chapter {
    pub chapter: u32,
    pub title: String,
    /// The controller's text; empty when not yet written.
    pub text: String,
    /// Whether the report adds generated content to this chapter.
    pub generated: bool,
    /// Whether the chapter holds graded findings (1 and 4–9; 2 and 3 are generated).
    pub findings: bool,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// Refuses changes to a finalised audit.
pub(crate) fn require_editable(store: &Store, audit_id: i64) -> Result<()> {
    if require(store.conn(), audit_id)?.status == Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är slutförd: rapportens innehåll kan inte ändras.",
        ));
    }
    Ok(())
}

pub(crate) fn check_number(chapter: u32) -> Result<()> {
    if (1..=9).contains(&chapter) {
        Ok(())
    } else {
        Err(ServiceError::invalid_field(
            "Kapitel",
            "Kapitlet ska vara ett nummer mellan 1 och 9",
        ))
    }
}

fn view(chapter: u32, stored: Option<ChapterText>) -> Chapter {
    Chapter {
        chapter,
        title: CHAPTERS[chapter as usize - 1].to_string(),
        generated: matches!(chapter, 2 | 3 | 8),
        findings: crate::findings::holds_findings(chapter),
        text: stored.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
        updated_at: stored.as_ref().map(|c| c.updated_at.clone()),
        updated_by: stored.map(|c| c.updated_by),
    }
}

/// All nine chapters with their texts.
pub fn list_chapters(store: &Store, audit_id: i64) -> Result<Vec<Chapter>> {
    require(store.conn(), audit_id)?;
    let mut stored = chapters::list(store.conn(), audit_id)?;
    Ok((1..=9u32)
        .map(|n| {
            let pos = stored.iter().position(|c| c.chapter == n);
            view(n, pos.map(|p| stored.swap_remove(p)))
        })
        .collect())
}

/// Sets the controller's text of a chapter (line endings normalised, surrounding blank
/// lines trimmed). The change is kept in the history.
pub fn set_chapter_text(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    chapter: u32,
    text: &str,
) -> Result<Chapter> {
    require_editable(store, audit_id)?;
    check_number(chapter)?;
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string();
    crate::guard::check_text(
        ctx,
        &format!("Kapitel {chapter}"),
        &text,
        crate::guard::MAX_CHAPTER,
    )?;
    let old = chapters::get(store.conn(), audit_id, chapter)?;
    let row = ChapterText {
        chapter,
        text,
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
    };
    if old.as_ref().is_some_and(|o| o.text == row.text) {
        return Ok(view(chapter, old));
    }
    store.write(|tx| {
        chapters::upsert(tx, audit_id, &row)?;
        events::record(
            tx,
            audit_id,
            &row.updated_at,
            &ctx.user,
            &Event::ChapterTextSet(events::ChapterTextSet {
                chapter,
                old: old.map(|o| o.text),
                new: Some(row.text.clone()),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(view(chapter, Some(row)))
}
