//! Findings (bedömningar): graded statements attached to a report chapter. The file
//! review proposes findings from its results, which the controller then edits; all
//! findings feed the report's Sammanvägd bedömning.

use crate::audits::require;
use crate::chapters::{CHAPTERS, check_number, require_editable};
use crate::review::results;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Grade;
use aktgranskning_core::results::{ItemResult, SMALL};
use aktgranskning_core::stats::percent_text;
use aktgranskning_store::findings::{self, FindingRow};
use aktgranskning_store::history;
use serde::Serialize;
use serde_json::json;
use std::collections::HashSet;
use ts_rs::TS;

/// The chapter of the file review, where proposed findings go.
pub const FILE_REVIEW_CHAPTER: u32 = 8;

/// A finding as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub id: i64,
    pub chapter: u32,
    pub grade: Grade,
    pub text: String,
    /// What a proposed finding came from, e.g. `area:Samtycke`.
    pub source: Option<String>,
}

fn view(r: FindingRow) -> Result<Finding> {
    Ok(Finding {
        grade: Grade::parse(&r.grade)
            .ok_or_else(|| ServiceError::internal("Ett lagrat betyg är skadat."))?,
        id: r.id,
        chapter: r.chapter,
        text: r.text,
        source: r.source,
    })
}

/// Chapters that hold findings: 1 and 4–9 (2 and 3 are generated).
fn check_chapter(chapter: u32) -> Result<()> {
    match chapter {
        1 | 4..=9 => Ok(()),
        2 | 3 => Err(ServiceError::invalid_field(
            "--chapter",
            format!(
                "Kapitel {chapter} ({}) skapas ur granskningens data och kan inte ha egna bedömningar: välj kapitel 1 eller 4–9",
                CHAPTERS[chapter as usize - 1]
            ),
        )),
        _ => check_number(chapter),
    }
}

fn check_text(ctx: &Context, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ServiceError::invalid_field(
            "--text",
            "Bedömningens text får inte vara tom",
        ));
    }
    crate::guard::check_text(ctx, "Bedömningens text", t, crate::guard::MAX_COMMENT)?;
    Ok(t.to_string())
}

/// The audit's findings, by chapter.
pub fn list_findings(store: &Store, audit_id: i64) -> Result<Vec<Finding>> {
    require(store.conn(), audit_id)?;
    findings::list(store.conn(), audit_id)?
        .into_iter()
        .map(view)
        .collect()
}

/// Adds a finding to a chapter.
pub fn add_finding(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    chapter: u32,
    grade: Grade,
    text: &str,
) -> Result<Finding> {
    require_editable(store, audit_id)?;
    check_chapter(chapter)?;
    let text = check_text(ctx, text)?;
    let row = FindingRow {
        id: 0,
        chapter,
        grade: grade.as_str().to_string(),
        text,
        source: None,
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
    };
    let id = store.write(|tx| insert_with_history(tx, ctx, audit_id, &row))?;
    view(FindingRow { id, ..row })
}

fn insert_with_history(
    tx: &aktgranskning_store::Connection,
    ctx: &Context,
    audit_id: i64,
    row: &FindingRow,
) -> Result<i64> {
    let id = findings::insert(tx, audit_id, row)?;
    history::append(
        tx,
        audit_id,
        &row.updated_at,
        &ctx.user,
        "finding_added",
        &json!({"finding": id, "chapter": row.chapter, "grade": row.grade, "text": row.text, "source": row.source}),
    )?;
    Ok(id)
}

/// Changes a finding's chapter, grade or text.
pub fn edit_finding(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    id: i64,
    chapter: Option<u32>,
    grade: Option<Grade>,
    text: Option<&str>,
) -> Result<Finding> {
    require_editable(store, audit_id)?;
    let old = findings::get(store.conn(), audit_id, id)?.ok_or_else(|| {
        ServiceError::not_found(format!(
            "Det finns ingen bedömning med id {id} i granskningen"
        ))
    })?;
    let mut new = old.clone();
    if let Some(c) = chapter {
        check_chapter(c)?;
        new.chapter = c;
    }
    if let Some(g) = grade {
        new.grade = g.as_str().to_string();
    }
    if let Some(t) = text {
        new.text = check_text(ctx, t)?;
    }
    new.updated_at = ctx.now_text();
    new.updated_by = ctx.user.clone();
    store.write(|tx| {
        findings::update(tx, audit_id, &new)?;
        history::append(
            tx,
            audit_id,
            &new.updated_at,
            &ctx.user,
            "finding_edited",
            &json!({"finding": id,
                    "old": {"chapter": old.chapter, "grade": old.grade, "text": old.text},
                    "new": {"chapter": new.chapter, "grade": new.grade, "text": new.text}}),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    view(new)
}

/// The proposed wording of an item's finding, e.g. "Inhämtat samtycke är dokumenterat i
/// journalen i 140 av 165 granskade akter (85 %, 95 % KI 80–89 %)." `None` when nothing
/// applies yet, and for a small number (fewer than `SMALL` files), which is never quoted
/// with numbers.
pub fn proposal_text(item: &ItemResult) -> Option<String> {
    if item.applicable < SMALL {
        return None;
    }
    let rate = item.rate_text.as_deref()?;
    let stats = match &item.interval_text {
        Some(i) => format!("{rate}, 95 % KI {i}"),
        None => format!("{rate}, samtliga aktuella akter granskade"),
    };
    let statement = item.text.trim().trim_end_matches('.');
    Some(format!(
        "{statement} i {} av {} granskade akter ({stats}).",
        item.ja, item.applicable
    ))
}

/// The proposed finding of one area: the weakest grade among its graded items (final,
/// else suggested), and the items' sentences; for the IBIC livsområden one summary
/// sentence. `None` when no item of the area has a result and a grade yet.
pub fn proposal_for_area(area: &str, items: &[&ItemResult]) -> Option<(Grade, String)> {
    let graded: Vec<&ItemResult> = items
        .iter()
        .copied()
        .filter(|i| {
            i.applicable >= SMALL
                && i.rate.is_some()
                && i.final_grade.or(i.suggested_grade).is_some()
        })
        .collect();
    let grade = graded
        .iter()
        .filter_map(|i| i.final_grade.or(i.suggested_grade))
        .max()?;
    let text = if area == "IBIC livsområden" {
        let (ja, n) = graded
            .iter()
            .fold((0, 0), |(j, n), i| (j + i.ja, n + i.applicable));
        let rate = |i: &&ItemResult| i.rate.unwrap_or(0.0);
        let low = graded.iter().min_by(|a, b| rate(a).total_cmp(&rate(b)))?;
        let high = graded.iter().max_by(|a, b| rate(a).total_cmp(&rate(b)))?;
        let name = |i: &ItemResult| i.text.split(':').next().unwrap_or("").trim().to_string();
        let pct = |x: f64| percent_text(x, &[]);
        format!(
            "Livsområdena enligt IBIC är beskrivna med behov, resurser och mål i {ja} av {n} fall där de är aktuella ({}). Lägst andel har {} ({}), högst {} ({}).",
            pct(f64::from(ja) / f64::from(n.max(1))),
            name(low),
            low.rate_text.clone().unwrap_or_default(),
            name(high),
            high.rate_text.clone().unwrap_or_default()
        )
    } else {
        graded
            .iter()
            .filter_map(|i| proposal_text(i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some((grade, text))
}

/// Proposes one finding per checklist area in the Aktgranskning chapter, for every area
/// with graded results and no proposal yet. Returns the new findings.
pub fn propose_findings(store: &mut Store, ctx: &Context, audit_id: i64) -> Result<Vec<Finding>> {
    require_editable(store, audit_id)?;
    let view_results = results(store, audit_id)?;
    let existing: HashSet<String> = findings::list(store.conn(), audit_id)?
        .into_iter()
        .filter_map(|f| f.source)
        .collect();
    let now = ctx.now_text();
    let mut areas: Vec<&str> = Vec::new();
    for i in &view_results.items {
        if !areas.contains(&i.result.area.as_str()) {
            areas.push(&i.result.area);
        }
    }
    let rows: Vec<FindingRow> = areas
        .into_iter()
        .filter(|a| !existing.contains(&format!("area:{a}")))
        .filter_map(|area| {
            let items: Vec<&ItemResult> = view_results
                .items
                .iter()
                .map(|i| &i.result)
                .filter(|i| i.area == area)
                .collect();
            let (grade, text) = proposal_for_area(area, &items)?;
            Some(FindingRow {
                id: 0,
                chapter: FILE_REVIEW_CHAPTER,
                grade: grade.as_str().to_string(),
                text,
                source: Some(format!("area:{area}")),
                updated_at: now.clone(),
                updated_by: ctx.user.clone(),
            })
        })
        .collect();
    let ids = store.write(|tx| {
        rows.iter()
            .map(|r| insert_with_history(tx, ctx, audit_id, r))
            .collect::<Result<Vec<i64>>>()
    })?;
    rows.into_iter()
        .zip(ids)
        .map(|(r, id)| view(FindingRow { id, ..r }))
        .collect()
}
