//! Tamper evidence: whether an audit's history is whole and the audit's data is what its
//! history says. Every history event is linked into a per-audit hash chain when it is
//! written (`store::history`), so an event edited, removed or inserted outside the
//! program breaks the chain; and the data is replayed from the history (answers, grades,
//! findings, chapter texts and status), so a direct SQL edit of the data (by someone who
//! holds the key) shows. What it cannot catch: someone who rewrites data, history and every
//! later link alike; against that, the chain head is recorded with each final report
//! version (in its `finalized` event) and printed in the report the nämnd holds.

use crate::events::{Event, FindingState, NoteState};
use crate::lookup::require;
use crate::{Result, Store};
use aktgranskning_store::audits::Status;
use aktgranskning_store::history::{self, ChainProblem};
use aktgranskning_store::{
    answers, chapters, double, findings, followups, grades, notes, recommendations, trend_summaries,
};
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
    // Every event as the program wrote it; one this version cannot read replays nothing.
    let events: Vec<Event> = history::list(conn, audit_id)?
        .iter()
        .filter_map(|e| Event::parse(&e.kind, &e.detail))
        .collect();

    // Answers, the first review's and the second's: each as its last event left it (an
    // answer cleared back to unanswered is gone again).
    let mut replay_answers = |second: bool,
                              rows: Vec<aktgranskning_store::answers::AnswerRow>,
                              what: &str| {
        let mut answered: HashMap<(String, String), (Option<String>, Option<String>)> =
            HashMap::new();
        for e in &events {
            match (e, second) {
                (Event::AnswerSet(a), false) | (Event::SecondAnswerSet(a), true) => {
                    answered.insert(
                        (a.case_id.clone(), a.item_id.clone()),
                        (Some(a.new.clone()), a.new_comment.clone()),
                    );
                }
                (Event::AnswerCleared(c), false) | (Event::SecondAnswerCleared(c), true) => {
                    answered.remove(&(c.case_id.clone(), c.item_id.clone()));
                }
                _ => {}
            }
        }
        for a in rows {
            match answered.remove(&(a.case_id.clone(), a.item_id.clone())) {
                None => problems.push(format!(
                    "{what} på {} i akt {} finns inte i historiken (tillagt utanför programmet).",
                    a.item_id, a.case_id
                )),
                Some((value, comment))
                    if value.as_deref() != Some(&a.value) || comment != a.comment =>
                {
                    problems.push(format!(
                        "{what} på {} i akt {} stämmer inte med historiken (ändrat utanför programmet).",
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
                "{what} på {item} i akt {case} har tagits bort utanför programmet."
            ));
        }
    };
    replay_answers(false, answers::all(conn, audit_id)?, "Svaret");
    replay_answers(
        true,
        double::second_answers(conn, audit_id)?,
        "Andragranskningens svar",
    );

    // Grades: each as its last grade_set event left it.
    let mut graded: HashMap<String, Option<String>> = HashMap::new();
    for e in &events {
        if let Event::GradeSet(g) = e {
            graded.insert(g.item_id.clone(), Some(g.new.clone()));
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

    // Findings: each as its last finding_added or finding_edited event left it. A text
    // the history no longer holds (removed at gallring) is not compared.
    let mut found: HashMap<i64, FindingState> = HashMap::new();
    for e in &events {
        let (id, state) = match e {
            Event::FindingAdded(f) => (
                f.finding,
                FindingState {
                    chapter: f.chapter,
                    grade: f.grade.clone(),
                    text: f.text.clone(),
                },
            ),
            Event::FindingEdited(f) => (f.finding, f.new.clone()),
            _ => continue,
        };
        found.insert(id, state);
    }
    for f in findings::list(conn, audit_id)? {
        match found.remove(&f.id) {
            None => problems.push(format!(
                "Bedömning {} finns inte i historiken (tillagd utanför programmet).",
                f.id
            )),
            Some(seen)
                if seen.chapter != f.chapter
                    || seen.grade != f.grade
                    || seen.text.as_ref().is_some_and(|t| *t != f.text) =>
            {
                problems.push(format!(
                    "Bedömning {} stämmer inte med historiken (ändrad utanför programmet).",
                    f.id
                ))
            }
            Some(_) => {}
        }
    }
    let mut gone: Vec<i64> = found.into_keys().collect();
    gone.sort_unstable();
    for id in gone {
        problems.push(format!(
            "Bedömning {id} har tagits bort utanför programmet."
        ));
    }

    // Chapter texts: each as its last chapter_text_set event left it.
    let mut written: HashMap<u32, Option<String>> = HashMap::new();
    for e in &events {
        if let Event::ChapterTextSet(c) = e {
            written.insert(c.chapter, c.new.clone());
        }
    }
    for c in chapters::list(conn, audit_id)? {
        match written.remove(&c.chapter) {
            None => problems.push(format!(
                "Texten i kapitel {} finns inte i historiken (skriven utanför programmet).",
                c.chapter
            )),
            Some(Some(t)) if t != c.text => problems.push(format!(
                "Texten i kapitel {} stämmer inte med historiken (ändrad utanför programmet).",
                c.chapter
            )),
            Some(_) => {}
        }
    }
    let mut gone: Vec<u32> = written.into_keys().collect();
    gone.sort_unstable();
    for ch in gone {
        problems.push(format!(
            "Texten i kapitel {ch} har tagits bort utanför programmet."
        ));
    }

    // Recommendations: text as added, response, owner and due date as last responded.
    let mut recommended: HashMap<i64, [Option<String>; 4]> = HashMap::new();
    for e in &events {
        match e {
            Event::RecommendationAdded(r) => {
                recommended.insert(r.recommendation, [r.text.clone(), None, None, None]);
            }
            Event::RecommendationResponded(r) => {
                if let Some(state) = recommended.get_mut(&r.recommendation) {
                    state[1] = r.new.response.clone();
                    state[2] = r.new.owner.clone();
                    state[3] = r.new.due.clone();
                }
            }
            _ => {}
        }
    }
    // After gallring the history no longer holds the texts: only what it holds is compared.
    let gallrad = aktgranskning_store::gallring::is_gallrad(conn, audit_id)?;
    let differs = |seen: &[Option<String>], stored: &[Option<String>]| {
        seen.iter().zip(stored).any(|(h, s)| {
            if gallrad {
                h.is_some() && h != s
            } else {
                h != s
            }
        })
    };
    // A follow-up's rewritten comparison sentence, as its last event left it (no new
    // sentence: the generated one again).
    let summary = events.iter().rev().find_map(|e| match e {
        Event::TrendSummarySet(t) => Some(t),
        _ => None,
    });
    match (summary, trend_summaries::get(conn, audit_id)?) {
        (None, Some(_)) => problems.push(
            "Meningen om jämförelsen i sammanfattningen finns inte i historiken (skriven utanför programmet)."
                .to_string(),
        ),
        (Some(t), stored) if !gallrad && t.new.as_deref() != stored.as_ref().map(|s| s.text.as_str()) => {
            problems.push(
                "Meningen om jämförelsen i sammanfattningen stämmer inte med historiken (ändrad eller borttagen utanför programmet)."
                    .to_string(),
            )
        }
        _ => {}
    }

    // Notes per file and working notes, as their last events left them (after gallring
    // both are gone, with their texts in the history).
    if !gallrad {
        problems.extend(notes_problems(conn, audit_id, &events)?);
    }

    // Settled disagreements: each as its last double_settled event left it.
    let mut settled: HashMap<(String, String), (Option<String>, Option<String>)> = HashMap::new();
    for e in &events {
        if let Event::DoubleSettled(d) = e {
            settled.insert(
                (d.case_id.clone(), d.item_id.clone()),
                (Some(d.value.clone()), d.reason.clone()),
            );
        }
    }
    for st in double::settlements(conn, audit_id)? {
        match settled.remove(&(st.case_id.clone(), st.item_id.clone())) {
            None => problems.push(format!(
                "Avgörandet för {} i akt {} finns inte i historiken (tillagt utanför programmet).",
                st.item_id, st.case_id
            )),
            Some(seen)
                if differs(
                    &[seen.0.clone(), seen.1.clone()],
                    &[Some(st.value.clone()), Some(st.reason.clone())],
                ) =>
            {
                problems.push(format!(
                    "Avgörandet för {} i akt {} stämmer inte med historiken (ändrat utanför programmet).",
                    st.item_id, st.case_id
                ))
            }
            Some(_) => {}
        }
    }
    let mut gone: Vec<(String, String)> = settled.into_keys().collect();
    gone.sort();
    for (case, item) in gone {
        problems.push(format!(
            "Avgörandet för {item} i akt {case} har tagits bort utanför programmet."
        ));
    }

    for r in recommendations::list(conn, audit_id)? {
        let stored = [Some(r.text), r.response, r.owner, r.due];
        match recommended.remove(&r.id) {
            None => problems.push(format!(
                "Rekommendation {} finns inte i historiken (tillagd utanför programmet).",
                r.id
            )),
            Some(seen) if differs(&seen, &stored) => problems.push(format!(
                "Rekommendation {} stämmer inte med historiken (ändrad utanför programmet).",
                r.id
            )),
            Some(_) => {}
        }
    }
    let mut gone: Vec<i64> = recommended.into_keys().collect();
    gone.sort_unstable();
    for id in gone {
        problems.push(format!(
            "Rekommendation {id} har tagits bort utanför programmet."
        ));
    }

    // Follow-up answers: each as its last followup_set event left it.
    let mut followed: HashMap<i64, [Option<String>; 3]> = HashMap::new();
    for e in &events {
        if let Event::FollowupSet(f) = e {
            followed.insert(
                f.recommendation,
                [
                    Some(f.new.status.clone()),
                    f.new.answer.clone(),
                    f.new.assessment.clone(),
                ],
            );
        }
    }
    for f in followups::list(conn, audit_id)? {
        let stored = [Some(f.status), Some(f.answer), f.assessment];
        let changed = match followed.remove(&f.recommendation_id) {
            None => true,
            Some(seen) => differs(&seen, &stored),
        };
        if changed {
            problems.push(format!(
                "Uppföljningen av rekommendation {} stämmer inte med historiken (ändrad utanför programmet).",
                f.recommendation_id
            ));
        }
    }
    if !followed.is_empty() {
        problems.push("Ett svar i uppföljningen har tagits bort utanför programmet.".to_string());
    }

    // Status: final exactly when the last finalisation was not reopened since.
    let finalised = events
        .iter()
        .rev()
        .find(|e| matches!(e, Event::Finalized(_) | Event::Reopened(_)))
        .is_some_and(|e| matches!(e, Event::Finalized(_)));
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

/// What differs between the notes stored and the notes their history events leave.
fn notes_problems(
    conn: &aktgranskning_store::Connection,
    audit_id: i64,
    events: &[Event],
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut file_notes: HashMap<String, Option<String>> = HashMap::new();
    // Kind, chapter, date and text of each working note still there.
    let mut working: HashMap<i64, &NoteState> = HashMap::new();
    for e in events {
        match e {
            Event::FileNoteSet(n) => {
                file_notes.insert(n.case_id.clone(), n.new.clone());
            }
            Event::WorkingNoteAdded(n) => {
                working.insert(n.note, &n.state);
            }
            Event::WorkingNoteChanged(n) => {
                working.insert(n.note, &n.new);
            }
            Event::WorkingNoteRemoved(n) => {
                working.remove(&n.note);
            }
            _ => {}
        }
    }
    for n in notes::file_notes(conn, audit_id)? {
        match file_notes.remove(&n.case_id) {
            Some(Some(seen)) if seen == n.text => {}
            None => problems.push(format!(
                "Anteckningen om akt {} finns inte i historiken (skriven utanför programmet).",
                n.case_id
            )),
            Some(_) => problems.push(format!(
                "Anteckningen om akt {} stämmer inte med historiken (ändrad utanför programmet).",
                n.case_id
            )),
        }
    }
    let mut gone: Vec<String> = file_notes
        .into_iter()
        .filter_map(|(case, seen)| seen.map(|_| case))
        .collect();
    gone.sort();
    for case in gone {
        problems.push(format!(
            "Anteckningen om akt {case} har tagits bort utanför programmet."
        ));
    }
    for n in notes::working_notes(conn, audit_id)? {
        let stored = NoteState {
            kind: n.kind.clone(),
            chapter: n.chapter,
            date: n.held_on.clone(),
            text: n.text.clone(),
        };
        match working.remove(&n.id) {
            Some(seen) if *seen == stored => {}
            None => problems.push(format!(
                "Arbetsanteckning {} finns inte i historiken (tillagd utanför programmet).",
                n.id
            )),
            Some(_) => problems.push(format!(
                "Arbetsanteckning {} stämmer inte med historiken (ändrad utanför programmet).",
                n.id
            )),
        }
    }
    let mut gone: Vec<i64> = working.into_keys().collect();
    gone.sort();
    for id in gone {
        problems.push(format!(
            "Arbetsanteckning {id} har tagits bort utanför programmet."
        ));
    }
    Ok(problems)
}
