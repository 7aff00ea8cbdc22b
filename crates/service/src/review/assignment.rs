//! The split of the sample among the controllers, and the progress of each.

use super::Review;
use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::{Applicability, CaseFacts, Template};
use aktgranskning_store::Connection;
use aktgranskning_store::answers::{self};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// A file is complete when every item that applies to it by rule has an answer.
pub(crate) fn file_complete(
    template: &Template,
    facts: &CaseFacts,
    answered: impl Fn(&str) -> bool,
) -> bool {
    template
        .items
        .iter()
        .all(|i| answered(&i.id) || i.applies_to.applicability(facts) != Applicability::Applies)
}

/// True once any answer has been recorded for the audit.
pub(crate) fn review_started(conn: &Connection, audit_id: i64) -> Result<bool> {
    Ok(answers::count(conn, audit_id)? > 0)
}

/// One controller's share of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControllerProgress {
    /// The controller, or `null` for files not assigned to anyone.
    pub controller: Option<String>,
    pub files: usize,
    /// Files with every applicable item answered.
    pub complete: usize,
    /// Sampled case ids of this controller, in case id order.
    pub case_ids: Vec<String>,
}

/// Progress of the review, overall and per controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub files: usize,
    pub complete: usize,
    pub controllers: Vec<ControllerProgress>,
}

/// Splits the current sample among the controllers: the files in stratum order, dealt
/// out in turn, so that each controller gets a near-equal share of every stratum.
/// Replaces an earlier split; answers already given are kept.
pub fn assign_sample(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    controllers: &[String],
) -> Result<Progress> {
    let controllers: Vec<String> = controllers
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if controllers.is_empty() {
        return Err(ServiceError::invalid_field(
            "Granskare",
            "Ange minst en granskare",
        ));
    }
    let unique: HashSet<&String> = controllers.iter().collect();
    if unique.len() != controllers.len() {
        return Err(ServiceError::invalid_field(
            "Granskare",
            "En granskare är angiven två gånger",
        ));
    }
    let review = Review::load(store.conn(), audit_id)?;
    review.require_open_for_answers()?;
    // require_open_for_answers has made sure there is a draw.
    let strata_spec = review.draw.as_ref().map_or("none", |d| d.strata.as_str());
    let strata = aktgranskning_core::sampling::Strata::parse(strata_spec)
        .map_err(|e| ServiceError::invalid(e.to_string()))?;
    let mut ordered: Vec<(String, String)> = review
        .rows
        .iter()
        .filter(|r| review.in_sample(&r.case_id))
        .map(|r| (r.sampling_unit(&strata).stratum, r.case_id.clone()))
        .collect();
    ordered.sort();
    let pairs: Vec<(String, String)> = ordered
        .into_iter()
        .enumerate()
        .map(|(i, (_, case_id))| (case_id, controllers[i % controllers.len()].clone()))
        .collect();
    let now = ctx.now_text();
    store.write(|tx| {
        answers::replace_assignments(tx, audit_id, &pairs)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::SampleAssigned(events::SampleAssigned {
                controllers: controllers.clone(),
                files: pairs.len(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    progress(store, audit_id)
}

/// The review's progress, overall and per controller.
pub fn progress(store: &Store, audit_id: i64) -> Result<Progress> {
    let conn = store.conn();
    let review = Review::load(conn, audit_id)?;
    // A file has at most a few dozen answers: a list is cheaper to build than a set.
    let answered: HashMap<String, Vec<String>> = answers::answered_items(conn, audit_id)?
        .into_iter()
        .collect();
    let complete = |case_id: &str| -> bool {
        let given = answered.get(case_id).map_or(&[][..], Vec::as_slice);
        review
            .facts
            .get(case_id)
            .is_some_and(|f| file_complete(&review.template, f, |id| given.iter().any(|g| g == id)))
    };
    let owner: HashMap<String, String> =
        answers::assignments(conn, audit_id)?.into_iter().collect();
    let mut groups: Vec<ControllerProgress> = Vec::new();
    for case_id in &review.sample {
        let who = owner.get(case_id).cloned();
        let g = match groups.iter_mut().position(|g| g.controller == who) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(ControllerProgress {
                    controller: who,
                    files: 0,
                    complete: 0,
                    case_ids: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.files += 1;
        g.complete += usize::from(complete(case_id));
        g.case_ids.push(case_id.clone());
    }
    groups.sort_by(|a, b| a.controller.cmp(&b.controller));
    Ok(Progress {
        files: review.sample.len(),
        complete: groups.iter().map(|g| g.complete).sum(),
        controllers: groups,
    })
}
