//! Findings (bedömningar): graded statements attached to a report chapter. The file
//! review proposes findings from its results, which the controller then edits; all
//! findings feed the report's Sammanvägd bedömning.

use crate::chapters::{CHAPTERS, check_number, require_editable};
use crate::events::{self, Event};
use crate::lookup::require;
use crate::review::results;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Grade;
use aktgranskning_core::results::{ItemResult, SMALL};
use aktgranskning_core::stats::percent_text;
use aktgranskning_core::text::count;
use aktgranskning_store::findings::{self, FindingRow};
use serde::Serialize;
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
pub(crate) fn holds_findings(chapter: u32) -> bool {
    matches!(chapter, 1 | 4..=9)
}

fn check_chapter(chapter: u32) -> Result<()> {
    match chapter {
        c if holds_findings(c) => Ok(()),
        2 | 3 => Err(ServiceError::invalid_field(
            "Kapitel",
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
            "Text",
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
    events::record(
        tx,
        audit_id,
        &row.updated_at,
        &ctx.user,
        &Event::FindingAdded(events::FindingAdded {
            finding: id,
            chapter: row.chapter,
            grade: row.grade.clone(),
            text: Some(row.text.clone()),
            source: row.source.clone(),
        }),
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
        events::record(
            tx,
            audit_id,
            &new.updated_at,
            &ctx.user,
            &Event::FindingEdited(events::FindingEdited {
                finding: id,
                old: events::FindingState {
                    chapter: old.chapter,
                    grade: old.grade.clone(),
                    text: Some(old.text.clone()),
                },
                new: events::FindingState {
                    chapter: new.chapter,
                    grade: new.grade.clone(),
                    text: Some(new.text.clone()),
                },
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    view(new)
}

/// The proposed wording of an item's finding, e.g. "I 140 av 165 granskade akter är
/// samtycket dokumenterat med vad det gäller (85 %, 95 % KI 80–89 %)." `None` when nothing
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
        "{} ({stats}).",
        counted(statement, item.ja, item.applicable)
    ))
}

/// The verbs an item's statement turns around when its count leads the sentence.
const VERBS: [&str; 6] = ["har", "är", "framgår", "följer", "skiljer", "anger"];

/// An item's statement with its count put first, as a Swedish sentence reads: "Den
/// enskilde har informerats om …" becomes "I 110 av 165 granskade akter har den enskilde
/// informerats om …" (the finite verb moves before the subject). A statement whose verb
/// is not one of [`VERBS`] gets the count after it.
fn counted(statement: &str, x: u32, n: u32) -> String {
    let count = format!("{x} av {n} granskade akter");
    let words: Vec<&str> = statement.split(' ').collect();
    let verb_at = words
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| VERBS.contains(&w.trim_end_matches([',', ';'])));
    let Some((at, token)) = verb_at else {
        return format!("{statement} i {count}");
    };
    let verb = token.trim_end_matches([',', ';']);
    let punct = &token[verb.len()..];
    let subject = words[..at].join(" ");
    // "Den enskilde" → "den enskilde", but "IBIC …" and "SIP …" keep their capitals.
    let mut chars = subject.chars();
    let subject = match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => subject,
    };
    let rest = words[at + 1..].join(" ");
    if rest.is_empty() {
        format!("I {count} {verb} {subject}{punct}")
    } else {
        format!("I {count} {verb} {subject}{punct} {rest}")
    }
}

/// The items of an area that carry a grade: enough applicable files to quote, a rate, and
/// a final or suggested grade.
fn graded_items<'a>(items: &[&'a ItemResult]) -> Vec<&'a ItemResult> {
    items
        .iter()
        .copied()
        .filter(|i| {
            i.applicable >= SMALL
                && i.rate.is_some()
                && i.final_grade.or(i.suggested_grade).is_some()
        })
        .collect()
}

/// An area's grade: the weakest grade among its graded items (final, else suggested);
/// `None` while no item of the area has one.
pub fn area_grade(items: &[&ItemResult]) -> Option<Grade> {
    graded_items(items)
        .iter()
        .filter_map(|i| i.final_grade.or(i.suggested_grade))
        .max()
}

/// The proposed finding of one area: the weakest grade among its graded items (final,
/// else suggested), and the items' sentences; for the IBIC livsområden one summary
/// sentence. `None` when no item of the area has a result and a grade yet.
pub fn proposal_for_area(area: &str, items: &[&ItemResult]) -> Option<(Grade, String)> {
    let graded = graded_items(items);
    let grade = area_grade(items)?;
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
        // One conclusion with one key figure, for the Sammanvägd bedömning: the item
        // that decides the area's grade (the lowest rate among those at the area's
        // grade), and how many more share that grade. Every item's figures stand in
        // chapter 8's table.
        let at_grade: Vec<&&ItemResult> = graded
            .iter()
            .filter(|i| i.final_grade.or(i.suggested_grade) == Some(grade))
            .collect();
        let decisive = at_grade
            .iter()
            .min_by(|a, b| a.rate.unwrap_or(0.0).total_cmp(&b.rate.unwrap_or(0.0)))?;
        let mut text = format!("{area}: {}", proposal_text(decisive)?);
        let more = at_grade.len() - 1;
        if more > 0 {
            let more = if more == 1 {
                "en punkt".to_string()
            } else {
                count(more, "punkt", "punkter")
            };
            text.push_str(&format!(
                " Ytterligare {more} i området har nivån {}.",
                grade.label()
            ));
        }
        text
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The chapters list tells the app which chapters hold findings, and adding one
    /// follows the same rule.
    #[test]
    fn the_chapters_that_hold_findings_are_the_ones_that_accept_them() {
        let (mut store, ctx, id) = crate::demo::demo_store("testare");
        for c in crate::chapters::list_chapters(&store, id).unwrap() {
            let added = add_finding(
                &mut store,
                &ctx,
                id,
                c.chapter,
                Grade::Gul,
                "Enheten följer upp.",
            );
            assert_eq!(added.is_ok(), c.findings, "chapter {}", c.chapter);
        }
    }

    #[test]
    fn the_count_leads_the_sentence_as_swedish_reads() {
        for (statement, expected) in [
            (
                "Den enskilde har informerats om rätten att lämna uppgifter muntligt",
                "I 110 av 165 granskade akter har den enskilde informerats om rätten att lämna uppgifter muntligt",
            ),
            (
                "Det framgår hur ärendet aktualiserades",
                "I 110 av 165 granskade akter framgår det hur ärendet aktualiserades",
            ),
            (
                "Den enskildes egen uppfattning och önskemål framgår",
                "I 110 av 165 granskade akter framgår den enskildes egen uppfattning och önskemål",
            ),
            (
                "Barnets åsikter och inställning framgår, eller varför de inte har inhämtats",
                "I 110 av 165 granskade akter framgår barnets åsikter och inställning, eller varför de inte har inhämtats",
            ),
            (
                "Behov av samordnad individuell plan (SIP) har uppmärksammats",
                "I 110 av 165 granskade akter har behov av samordnad individuell plan (SIP) uppmärksammats",
            ),
            (
                "IBIC används i utredningen",
                "IBIC används i utredningen i 110 av 165 granskade akter",
            ),
        ] {
            assert_eq!(counted(statement, 110, 165), expected);
        }
        // Every statement of the standard template reads as a sentence with its count.
        for item in aktgranskning_core::checklist::Template::standard().items {
            let s = counted(item.text.trim_end_matches('.'), 3, 9);
            assert!(s.contains("3 av 9 granskade akter"), "{s}");
            assert!(!s.contains("  "), "{s}");
        }
    }

    fn item(id: &str, area: &str, ja: u32, grade: Grade) -> ItemResult {
        let t = aktgranskning_core::checklist::Template::standard();
        let it = t.item(id).unwrap();
        let rate = f64::from(ja) / 165.0;
        ItemResult {
            id: id.into(),
            area: area.into(),
            text: it.text.clone(),
            kvalitetsomrade: it.kvalitetsomrade,
            critical: it.critical,
            applicable: 165,
            ja,
            delvis: 0,
            nej: 165 - ja,
            ej_aktuellt: 0,
            unanswered: 0,
            population_applicable: 549,
            population_applicable_exact: true,
            rate: Some(rate),
            ci_low: Some(rate - 0.05),
            ci_high: Some(rate + 0.03),
            rate_text: Some(percent_text(rate, &[])),
            interval_text: Some("60–72 %".into()),
            delvis_share: Some(0.0),
            suggested_grade: Some(grade),
            uncertain: false,
            final_grade: None,
            comparable_with_previous: None,
        }
    }

    /// The area's finding names the item that makes it Röd, with its figure, and how
    /// many more items share the grade: one conclusion, not every item's evidence.
    #[test]
    fn an_area_finding_is_one_conclusion_naming_the_item_that_decides_it() {
        let area = "Ansökan och aktualisering";
        let items = [
            item("ansokan.uppgifter", area, 155, Grade::Gron),
            item("ansokan.muntligen", area, 110, Grade::Rod),
            item("ansokan.behorighet", area, 120, Grade::Rod),
        ];
        let refs: Vec<&ItemResult> = items.iter().collect();
        let (grade, text) = proposal_for_area(area, &refs).unwrap();
        assert_eq!(grade, Grade::Rod);
        assert_eq!(
            text,
            "Ansökan och aktualisering: I 110 av 165 granskade akter har den enskilde informerats om rätten att lämna uppgifter muntligt när beslutsunderlaget kommuniceras (67 %, 95 % KI 60–72 %). Ytterligare en punkt i området har nivån Röd."
        );
        assert!(
            !text.contains("155 av 165"),
            "the other items' evidence is chapter 8's"
        );
    }
}
