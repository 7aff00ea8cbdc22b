//! The review's results per item, area and kvalitetsområde, with the final grades.

use super::{Review, file_complete};
use crate::{Result, ServiceError, Store};
use aktgranskning_core::checklist::{Answer, CaseFacts, Grade};
use aktgranskning_core::results::{self, ItemResult, ReviewedFile, RollUp};
use aktgranskning_store::answers::{self};
use aktgranskning_store::grades::{self};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// One item's result as shown and exported, with the grade's motivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemView {
    #[serde(flatten)]
    pub result: ItemResult,
    pub motivation: Option<String>,
}

/// The results of the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResultsView {
    pub population: usize,
    pub sample_size: usize,
    /// Sampled files with every applicable item answered.
    pub files_complete: usize,
    pub template: String,
    pub template_version: u32,
    pub items: Vec<ItemView>,
    pub areas: Vec<RollUp>,
    pub kvalitetsomraden: Vec<RollUp>,
}

/// Computes the results of the audit from the stored answers and grades; for a gallrad
/// audit, whose population is gone, the results as they stood when it was gallrad.
pub fn results(store: &Store, audit_id: i64) -> Result<ResultsView> {
    let conn = store.conn();
    if let Some(kept) = aktgranskning_store::gallring::kept_results(conn, audit_id)? {
        return serde_json::from_str(&kept).map_err(|_| {
            ServiceError::internal("Resultaten som sparades vid gallringen kunde inte läsas.")
        });
    }
    let review = Review::load(conn, audit_id)?;
    let by_case: HashMap<String, HashMap<String, Answer>> =
        answers::answered_values(conn, audit_id)?
            .into_iter()
            .map(|(case_id, values)| {
                let given = values
                    .into_iter()
                    .filter_map(|(item, v)| Answer::parse(&v).map(|v| (item, v)))
                    .collect();
                (case_id, given)
            })
            .collect();
    let grade_rows = grades::list(conn, audit_id)?;
    let finals: HashMap<String, Grade> = grade_rows
        .iter()
        .filter_map(|g| Grade::parse(&g.grade).map(|v| (g.item_id.clone(), v)))
        .collect();
    let empty = HashMap::new();
    let sample: Vec<ReviewedFile> = review
        .sample
        .iter()
        .filter_map(|c| {
            review.facts.get(c).map(|f| ReviewedFile {
                facts: *f,
                answers: by_case.get(c).unwrap_or(&empty),
            })
        })
        .collect();
    let population: Vec<CaseFacts> = review.facts.values().copied().collect();
    let r = results::compute(&review.template, &population, &sample, &finals);
    let files_complete = sample
        .iter()
        .filter(|f| file_complete(&review.template, &f.facts, |id| f.answers.contains_key(id)))
        .count();
    let motivation: HashMap<&str, Option<String>> = grade_rows
        .iter()
        .map(|g| (g.item_id.as_str(), g.motivation.clone()))
        .collect();
    Ok(ResultsView {
        population: population.len(),
        sample_size: sample.len(),
        files_complete,
        template: review.template.id.clone(),
        template_version: review.template.version,
        items: r
            .items
            .into_iter()
            .map(|result| ItemView {
                motivation: motivation.get(result.id.as_str()).cloned().flatten(),
                result,
            })
            .collect(),
        areas: r.areas,
        kvalitetsomraden: r.kvalitetsomraden,
    })
}
