//! The results of the file review (`docs/domain.md`): per item the counts, the compliance rate
//! with its 95 % interval, the suggested and final grades; and roll-ups per area and per
//! kvalitetsområde.
//!
//! A sampled file's effective answer to an item is its recorded answer, or Ej aktuellt
//! when the item's rule says it does not apply (applied automatically), or nothing yet
//! (unanswered). `N_a`, the applicable files in the population, is exact when the rule
//! decides applicability for every population row and the answers agree with the rule;
//! otherwise it is estimated as `round(N · n_a / n)` over the files answered so far.

use crate::checklist::{
    Answer, Applicability, AppliesTo, CaseFacts, Grade, Kvalitetsomrade, Template,
};
use crate::stats::{
    Interval, estimate_population_applicable, interval_text, percent_text, wilson_fpc,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Fewer applicable files than this and an item's result is a small number: it gets no
/// suggested grade, does not make its area's grade, and is never printed with numbers.
pub const SMALL: u32 = 5;

/// One sampled file: its facts and its recorded answers by item id.
pub struct ReviewedFile<'a> {
    pub facts: CaseFacts,
    pub answers: &'a HashMap<String, Answer>,
}

/// Counts of one item while the files are read.
#[derive(Debug, Clone, Default)]
struct Tally {
    ja: u32,
    delvis: u32,
    nej: u32,
    ej_aktuellt: u32,
    unanswered: u32,
    /// Some answer contradicts the item's rule (an override, or Ej aktuellt where the
    /// rule applies): `N_a` must then be estimated.
    disagrees_with_rule: bool,
}

/// The result of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemResult {
    pub id: String,
    pub area: String,
    pub text: String,
    pub kvalitetsomrade: Kvalitetsomrade,
    pub critical: bool,
    /// `n_a = ja + delvis + nej`.
    pub applicable: u32,
    pub ja: u32,
    pub delvis: u32,
    pub nej: u32,
    pub ej_aktuellt: u32,
    pub unanswered: u32,
    /// `N_a`, applicable files in the population.
    pub population_applicable: u32,
    /// Whether `N_a` is exact (else estimated).
    pub population_applicable_exact: bool,
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// The rate as printed (`85 %`, or `89,7 %` where rounding would contradict the grade;
    /// `docs/statistics.md`).
    pub rate_text: Option<String>,
    /// The interval as printed (`80–89 %`).
    pub interval_text: Option<String>,
    /// Share of Delvis among the applicable, reported separately.
    pub delvis_share: Option<f64>,
    /// `None` when nothing applies, and for small numbers (`n_a` < [`SMALL`]).
    pub suggested_grade: Option<Grade>,
    pub uncertain: bool,
    pub final_grade: Option<Grade>,
    /// Whether the item's results compare with those of the template's previous version
    /// (`Some(false)`: new or changed in this version); `None` where the template does
    /// not say (`Template::comparable_with_previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub comparable_with_previous: Option<bool>,
}

/// A roll-up over several items (an area or a kvalitetsområde).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RollUp {
    /// The area's name, or the kvalitetsområde's code (KB, SI, …).
    pub key: String,
    /// Human name (the kvalitetsområde's full name; the area's name).
    pub name: String,
    pub items: u32,
    pub applicable: u32,
    pub ja: u32,
    pub delvis: u32,
    pub nej: u32,
    pub ej_aktuellt: u32,
    pub unanswered: u32,
    /// Pooled `ja / applicable` over the items.
    pub rate: Option<f64>,
    /// Items graded Grön, Gul, Röd (final grade, else suggested): "x av y" in Öppna
    /// jämförelser's style is `gron` of `graded`.
    pub gron: u32,
    pub gul: u32,
    pub rod: u32,
    pub graded: u32,
}

/// Results of the whole review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub items: Vec<ItemResult>,
    pub areas: Vec<RollUp>,
    pub kvalitetsomraden: Vec<RollUp>,
}

/// Computes the results. `population` holds the facts of every population row (for
/// exact `N_a`), `sample` the reviewed files, `final_grades` the controller's grades.
pub fn compute(
    template: &Template,
    population: &[CaseFacts],
    sample: &[ReviewedFile<'_>],
    final_grades: &HashMap<String, Grade>,
) -> Results {
    let big_n = population.len() as u32;
    // Population counts per rule: there are only a few rules but many items.
    let mut rule_counts: HashMap<AppliesTo, u32> = HashMap::new();
    // One pass over the files (each file's answers stay in cache), counting per item.
    let mut tallies = vec![Tally::default(); template.items.len()];
    for f in sample {
        for (item, t) in template.items.iter().zip(tallies.iter_mut()) {
            let by_rule = item.applies_to.applicability(&f.facts);
            let effective = match (f.answers.get(&item.id), by_rule) {
                (Some(a), _) => Some(*a),
                (None, Applicability::NotApplicable { .. }) => Some(Answer::EjAktuellt),
                (None, Applicability::Applies) => None,
            };
            let Some(a) = effective else {
                t.unanswered += 1;
                continue;
            };
            match a {
                Answer::Ja => t.ja += 1,
                Answer::Delvis => t.delvis += 1,
                Answer::Nej => t.nej += 1,
                Answer::EjAktuellt => t.ej_aktuellt += 1,
            }
            if (a != Answer::EjAktuellt) != (by_rule == Applicability::Applies) {
                t.disagrees_with_rule = true;
            }
        }
    }
    let items: Vec<ItemResult> = template
        .items
        .iter()
        .zip(&tallies)
        .map(|(item, t)| {
            let rule = item.applies_to;
            let (ja, delvis, nej, ea, unanswered) =
                (t.ja, t.delvis, t.nej, t.ej_aktuellt, t.unanswered);
            let applicable = ja + delvis + nej;
            let answered = applicable + ea;
            let (population_applicable, exact) = if !t.disagrees_with_rule {
                let n = *rule_counts.entry(rule).or_insert_with(|| {
                    population
                        .iter()
                        .filter(|f| rule.applicability(f) == Applicability::Applies)
                        .count() as u32
                });
                (n.max(applicable), true)
            } else {
                (
                    estimate_population_applicable(big_n, applicable, answered),
                    false,
                )
            };
            let r = wilson_fpc(ja, applicable, population_applicable);
            let small = applicable < SMALL;
            let suggested = if small {
                None
            } else {
                template.thresholds.suggest(ja, applicable)
            };
            let interval = r.and_then(|r| r.interval);
            let bp = [template.thresholds.gron_bp, template.thresholds.gul_bp];
            ItemResult {
                id: item.id.clone(),
                area: item.area.clone(),
                text: item.text.clone(),
                kvalitetsomrade: item.kvalitetsomrade,
                critical: item.critical,
                applicable,
                ja,
                delvis,
                nej,
                ej_aktuellt: ea,
                unanswered,
                population_applicable,
                population_applicable_exact: exact,
                rate: r.map(|r| r.rate),
                ci_low: interval.map(|i| i.low),
                ci_high: interval.map(|i| i.high),
                rate_text: r.map(|r| percent_text(r.rate, &bp)),
                interval_text: interval.map(|i: Interval| interval_text(i, &bp)),
                delvis_share: (applicable > 0).then(|| f64::from(delvis) / f64::from(applicable)),
                suggested_grade: suggested,
                uncertain: !small && template.thresholds.uncertain(interval),
                final_grade: final_grades.get(&item.id).copied(),
                comparable_with_previous: template.comparable_with_previous(item),
            }
        })
        .collect();

    let mut areas: Vec<RollUp> = Vec::new();
    for it in &items {
        if !areas.iter().any(|a| a.key == it.area) {
            areas.push(roll_up(&items, &it.area, &it.area, |i| i.area == it.area));
        }
    }
    let codes: BTreeMap<Kvalitetsomrade, ()> =
        items.iter().map(|i| (i.kvalitetsomrade, ())).collect();
    let kvalitetsomraden = codes
        .keys()
        .map(|k| {
            roll_up(&items, &format!("{k:?}"), k.name(), |i| {
                i.kvalitetsomrade == *k
            })
        })
        .collect();
    Results {
        items,
        areas,
        kvalitetsomraden,
    }
}

fn roll_up(
    items: &[ItemResult],
    key: &str,
    name: &str,
    member: impl Fn(&ItemResult) -> bool,
) -> RollUp {
    let mut r = RollUp {
        key: key.to_string(),
        name: name.to_string(),
        items: 0,
        applicable: 0,
        ja: 0,
        delvis: 0,
        nej: 0,
        ej_aktuellt: 0,
        unanswered: 0,
        rate: None,
        gron: 0,
        gul: 0,
        rod: 0,
        graded: 0,
    };
    for i in items.iter().filter(|i| member(i)) {
        r.items += 1;
        r.applicable += i.applicable;
        r.ja += i.ja;
        r.delvis += i.delvis;
        r.nej += i.nej;
        r.ej_aktuellt += i.ej_aktuellt;
        r.unanswered += i.unanswered;
        // A small number does not make its area's grade, whoever graded it.
        if i.applicable < SMALL {
            continue;
        }
        match i.final_grade.or(i.suggested_grade) {
            Some(Grade::Gron) => r.gron += 1,
            Some(Grade::Gul) => r.gul += 1,
            Some(Grade::Rod) => r.rod += 1,
            None => continue,
        }
        r.graded += 1;
    }
    r.rate = (r.applicable > 0).then(|| f64::from(r.ja) / f64::from(r.applicable));
    r
}

#[cfg(test)]
mod tests;
