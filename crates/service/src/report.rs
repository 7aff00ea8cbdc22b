//! The report for the nämnd (`docs/domain.md`): gathers the audit's data into a
//! [`ReportData`], checks that no personal data is about to be printed, renders the PDF
//! and records it in the history.
//!
//! The privacy check (`docs/privacy.md`) covers everything a person typed that the report prints:
//! the chapter texts, the findings, the motivations of grades and the audit's own fields.
//! It refuses the report when any of them holds a valid personnummer or
//! samordningsnummer, a case id of the audit's population, or the name of a case officer
//! of the population, and says where (chapter and line, finding, motivation) without
//! repeating what it found.

use crate::chapters::list_chapters;
use crate::events::{self, Event};
use crate::findings::{Finding, list_findings};
use crate::lookup::require;
use crate::{
    Context, ErrorCode, ErrorDetail, Result, ServiceError, Store, review, sampling, templates,
};
use aktgranskning_core::PopulationRow;
use aktgranskning_core::privacy::{NamePattern, find_personnummer, find_word, fold};
use aktgranskning_core::sampling::{Strata, hex};
use aktgranskning_report::content::{
    AgreementData, ChapterData, FollowupData, FollowupRowData, Group, ItemData, MethodData,
    RecommendationData, ReportData, ResultsData, SeriesValue, TrendData, TrendRow, TrendSeries,
};
use aktgranskning_store::audits::Status;
use aktgranskning_store::{answers, population, report_versions};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use ts_rs::TS;

/// The earlier recommendations and the unit's answers, for the report.
fn followup_data(store: &Store, audit_id: i64, previous: String) -> Result<FollowupData> {
    let symbol = |s: &str| match s {
        "genomford" => "●",
        "pagar" => "◐",
        "ej_paborjad" => "○",
        _ => "–",
    };
    Ok(FollowupData {
        previous,
        items: crate::followup::list_followup(store, audit_id)?
            .into_iter()
            .map(|f| FollowupRowData {
                status: f
                    .status
                    .as_deref()
                    .map(|s| format!("{} {}", symbol(s), crate::followup::status_label(s))),
                text: f.text,
                // The response with who answers for it and by when, as decided.
                response: f.response.map(|r| {
                    let mut r = r;
                    if let Some(o) = &f.owner {
                        r.push_str(&format!(" Ansvarig: {o}."));
                    }
                    if let Some(d) = &f.due {
                        r.push_str(&format!(" Klart senast {d}."));
                    }
                    r
                }),
                answer: f.answer,
                assessment: f.assessment,
            })
            .collect(),
    })
}

/// The double review's agreement for the report, once a file has been reviewed twice.
fn agreement_data(store: &Store, audit_id: i64) -> Result<Option<AgreementData>> {
    let Some((percent, seed)) = crate::double::draw_facts(store.conn(), audit_id)? else {
        return Ok(None);
    };
    let a = crate::double::agreement_view(store, audit_id)?;
    let Some(o) = &a.overall else {
        return Ok(None);
    };
    Ok(Some(AgreementData {
        drawn: a.drawn,
        files: a.files,
        percent,
        seed,
        pairs: a.pairs,
        agreement: o.agreement,
        ac1: (o.ac1, o.ac1_ci_low, o.ac1_ci_high),
        kappa: match (o.kappa, o.kappa_ci_low, o.kappa_ci_high) {
            (Some(k), Some(l), Some(h)) => Some((k, l, h)),
            _ => None,
        },
        flagged: a
            .items
            .iter()
            .filter(|i| i.flagged)
            .map(|i| (i.text.clone(), i.agreement, i.ac1))
            .collect(),
        disagreements: a.disagreements,
        settled_first: a.settled_first,
        settled_second: a.settled_second,
        settled_other: a.settled_other,
        unsettled: a.unsettled,
    }))
}

/// The comparison with the audit a follow-up follows, formatted for the report.
fn trend_data(
    t: &crate::trend::TrendView,
    template: &aktgranskning_core::checklist::Template,
) -> TrendData {
    use aktgranskning_core::stats::{Interval, interval_text, percent_text};
    let bp = [template.thresholds.gron_bp, template.thresholds.gul_bp];
    // "50 % (44–55 %)"
    let rate_text = |r: &crate::trend::RateView| {
        format!(
            "{} ({})",
            percent_text(r.rate, &bp),
            interval_text(
                Interval {
                    low: r.ci_low,
                    high: r.ci_high
                },
                &bp
            )
        )
    };
    let side = |r: &Option<crate::trend::RateView>| {
        r.as_ref()
            .map(|r| format!("{} av {}, {}", r.x, r.n, rate_text(r)))
    };
    let points = |x: f64| {
        let v = (x * 100.0).round() as i64;
        match v.cmp(&0) {
            std::cmp::Ordering::Greater => format!("+{v}"),
            std::cmp::Ordering::Less => format!("−{}", -v),
            std::cmp::Ordering::Equal => "0".to_string(),
        }
    };
    let row = |name: String, c: &crate::trend::Comparison| TrendRow {
        name,
        previous: side(&c.previous),
        current: side(&c.current),
        change: match (c.diff, c.diff_ci_low, c.diff_ci_high) {
            (Some(d), Some(l), Some(h)) => {
                Some(format!("{} ({} till {})", points(d), points(l), points(h)))
            }
            _ => None,
        },
        verdict: c.verdict.label().to_string(),
    };
    let last = t.series.len().saturating_sub(1);
    let dates: Vec<Option<chrono::NaiveDate>> = t
        .series
        .iter()
        .map(|p| chrono::NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").ok())
        .collect();
    // In the chart, the year alone when every audit has its own: shorter labels.
    let years: std::collections::BTreeSet<i32> =
        dates.iter().flatten().map(chrono::Datelike::year).collect();
    let by_year = years.len() == t.series.len();
    let name = |k: usize, short: bool| {
        let when = match dates[k] {
            Some(d) if short && by_year => chrono::Datelike::year(&d).to_string(),
            Some(d) => aktgranskning_report::content::swedish_date(d),
            None => t.series[k].date.clone(),
        };
        if k == last {
            format!("{when} (denna granskning)")
        } else {
            when
        }
    };
    let series = TrendSeries {
        audits: (0..t.series.len()).map(|k| name(k, false)).collect(),
        chart_audits: (0..t.series.len()).map(|k| name(k, true)).collect(),
        areas: t
            .areas
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let values = t
                    .series
                    .iter()
                    .map(|p| {
                        p.areas
                            .get(k)
                            .and_then(|x| x.rate.as_ref())
                            .map(|r| SeriesValue {
                                rate: r.rate,
                                low: r.ci_low,
                                high: r.ci_high,
                                text: rate_text(r),
                            })
                    })
                    .collect();
                (a.area.clone(), values)
            })
            .collect(),
    };
    TrendData {
        previous: t.previous_label.clone(),
        summary: t.summary.text.clone(),
        generated: t.summary.generated.clone(),
        series,
        areas: t
            .areas
            .iter()
            .map(|a| row(a.area.clone(), &a.comparison))
            .collect(),
        items: t
            .items
            .iter()
            .map(|i| row(i.text.trim_end_matches('.').to_string(), &i.comparison))
            .collect(),
    }
}

/// A rendered report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Report {
    pub pages: usize,
    pub sha256: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Collects the data the report is made from. Fails, saying where, when a text the
/// report would print holds personal data.
pub fn report_data(store: &Store, ctx: &Context, audit_id: i64, draft: bool) -> Result<ReportData> {
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    if aktgranskning_store::gallring::is_gallrad(conn, audit_id)? {
        // Its population and free texts are gone: a report made now would not be the one
        // the nämnd received.
        let finals = report_versions::list(conn, audit_id)?;
        return Err(ServiceError::refused(format!(
            "Granskningen är gallrad, så rapporten kan inte göras om. Den slutliga rapporten är \
             filen som sparades när granskningen slutfördes{}.",
            finals
                .last()
                .map(|v| format!(" (version {}, SHA-256 {})", v.version, v.sha256))
                .unwrap_or_default()
        )));
    }
    let rows = population::load(conn, audit_id)?;
    let findings = list_findings(store, audit_id)?;
    // Recommendations numbered in the order they were made; a finding they answer says
    // which ones.
    let recs = crate::recommendations::list_recommendations(store, audit_id)?;
    let answered_by = |finding: i64| -> Vec<String> {
        recs.iter()
            .enumerate()
            .filter(|(_, r)| r.finding == Some(finding))
            .map(|(i, _)| (i + 1).to_string())
            .collect()
    };
    let recommendations: Vec<RecommendationData> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| RecommendationData {
            number: i + 1,
            grade: r
                .finding
                .and_then(|f| findings.iter().find(|x| x.id == f))
                .map(|f| f.grade),
            text: r.text.clone(),
        })
        .collect();
    let chapters: Vec<ChapterData> = list_chapters(store, audit_id)?
        .into_iter()
        .map(|c| ChapterData {
            number: c.chapter,
            findings: findings
                .iter()
                .filter(|f| f.chapter == c.chapter)
                .map(|f| {
                    let numbers = answered_by(f.id);
                    let text = match numbers.len() {
                        0 => f.text.clone(),
                        1 => format!("{} (Rekommendation {}.)", f.text, numbers[0]),
                        _ => format!("{} (Rekommendation {}.)", f.text, numbers.join(", ")),
                    };
                    (f.grade, text)
                })
                .collect(),
            title: c.title,
            text: c.text,
        })
        .collect();
    let template = templates::for_audit(conn, audit_id)?;
    let sample = sampling::current_sample(store, audit_id)?;
    // A follow-up compares with the audit it follows, from the results computed here;
    // the earlier audit is named once for both of its sections.
    let follows = aktgranskning_store::audits::follows(conn, audit_id)?;
    let earlier = follows
        .map(|prev| crate::trend::audit_label(store, prev).map(|label| (prev, label)))
        .transpose()?;
    let compare = |r: &review::ResultsView| -> Result<Option<TrendData>> {
        Ok(crate::trend::of_results(store, audit_id, r)?.map(|t| trend_data(&t, &template)))
    };
    let (method, results, trend) = match &sample {
        None if earlier.is_some() => (None, None, compare(&review::results(store, audit_id)?)?),
        None => (None, None, None),
        Some(s) => {
            let r = review::results(store, audit_id)?;
            let trend = compare(&r)?;
            let in_sample: HashSet<&str> = s.case_ids.iter().map(String::as_str).collect();
            let strata =
                Strata::parse(&s.strata_spec).map_err(|e| ServiceError::internal(e.to_string()))?;
            let drawn_on = DateTime::parse_from_rfc3339(&s.drawn_at)
                .map(|d| d.date_naive())
                .unwrap_or(audit.reference_date);
            let method = MethodData {
                population: s.population,
                sample_size: s.sample_size,
                percent: s.percent.clone(),
                strata: strata.0,
                strata_count: s.strata.len(),
                small_strata: s
                    .strata
                    .iter()
                    .filter(|c| c.population * s.sample_size < s.population)
                    .count(),
                per_lagrum: groups(&rows, &in_sample, |r| r.lagrum.as_str().to_string()),
                per_insats: groups(&rows, &in_sample, |r| {
                    r.insats
                        .as_deref()
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                        .unwrap_or("Insats saknas")
                        .to_string()
                }),
                seed: s.seed,
                algorithm: s.algorithm.clone(),
                population_sha256: s.population_sha256.clone(),
                reference_date: audit.reference_date,
                drawn_on,
            };
            let results = ResultsData {
                population: r.population,
                sample_size: r.sample_size,
                files_complete: r.files_complete,
                items: r
                    .items
                    .into_iter()
                    .map(|i| ItemData {
                        result: i.result,
                        motivation: i.motivation,
                    })
                    .collect(),
                kvalitetsomraden: r.kvalitetsomraden,
            };
            (Some(method), Some(results), trend)
        }
    };
    // The controllers named in the planning; else those the sample is split among; else
    // whoever created the audit.
    let assigned: BTreeSet<String> = answers::assignments(conn, audit_id)?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let controllers = if !audit.controllers.is_empty() {
        audit.controllers.clone()
    } else if assigned.is_empty() {
        vec![audit.created_by.clone()]
    } else {
        assigned.into_iter().collect()
    };
    // A finalised audit's copy carries the date of its final version, so that it reads as
    // the report the board received; everything else is dated when it is made.
    let final_at = match audit.status {
        Status::Slutford => report_versions::list(conn, audit_id)?
            .last()
            .and_then(|v| DateTime::parse_from_rfc3339(&v.finalized_at).ok())
            .map(|d| d.with_timezone(&Utc)),
        _ => None,
    };
    // A draft is dated by the audit's own latest change, not by the day it is printed:
    // the same state of the work prints with the same date.
    let last_change =
        aktgranskning_store::history::last_change_at(conn, audit_id, Event::kind_is_output)?
            .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
            .map(|d| d.with_timezone(&Utc));
    let made = ctx.clock.now();
    let dated = final_at.or(last_change).unwrap_or(made);
    // Likewise the history's checksum of its final version, as recorded when it was made.
    let history_sha256 = match audit.status {
        // The newest finalized event only, not the whole history.
        Status::Slutford => {
            aktgranskning_store::history::page(conn, audit_id, Some("finalized"), 0, 1)?
                .first()
                .and_then(|e| match Event::parse(&e.kind, &e.detail) {
                    Some(Event::Finalized(f)) => Some(f.chain_head),
                    _ => None,
                })
        }
        _ => None,
    };
    let agreement = agreement_data(store, audit_id)?;
    let followup = match earlier {
        Some((_, label)) => Some(followup_data(store, audit_id, label)?),
        None => None,
    };
    let factcheck = crate::factcheck::method_sentences(store, audit_id)?;
    let data = ReportData {
        factcheck,
        unit: audit.unit,
        org: audit.org,
        board: audit.board,
        diarienr: audit.diarienr,
        date: dated.date_naive(),
        // The file's own creation time (its metadata and identity).
        created: made,
        period: (
            audit
                .period_from
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            audit
                .period_to
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        ),
        controllers,
        status: audit.status.label().to_string(),
        draft,
        chapters,
        method,
        results,
        template,
        recommendations,
        trend,
        followup,
        agreement,
        history_sha256,
    };
    check_privacy(&data, &findings, &rows, audit.reference_date)?;
    Ok(data)
}

/// Renders the report without recording it: for a preview on screen.
pub fn render(store: &Store, ctx: &Context, audit_id: i64, draft: bool) -> Result<Report> {
    let data = report_data(store, ctx, audit_id, draft)?;
    let rendered = aktgranskning_report::render_report(&data)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    Ok(Report {
        pages: rendered.pages,
        sha256: hex(&Sha256::digest(&rendered.bytes)),
        bytes: rendered.bytes,
    })
}

/// Makes the report, writes it to `out` (when given) and records it in the history once
/// the file is in place; returns it.
pub fn make_report(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    draft: bool,
    out: Option<&std::path::Path>,
) -> Result<Report> {
    crate::files::check_out(out, store.path())?;
    let report = render(store, ctx, audit_id, draft)?;
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::ReportCreated(events::ReportCreated {
            draft,
            pages: Some(report.pages),
            format: None,
            sha256: report.sha256.clone(),
        }),
        out,
        &report.bytes,
    )?;
    Ok(report)
}

/// The report as a Word document (DOCX): the same content as the PDF, for the
/// förvaltning to move into its own template. Written to `out` and recorded in the
/// history (`report_created` with `format: docx`) once the file is in place; returns
/// its SHA-256.
pub fn make_report_docx(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    draft: bool,
    out: &std::path::Path,
) -> Result<String> {
    crate::files::check_output(out, store.path())?;
    let data = report_data(store, ctx, audit_id, draft)?;
    let bytes = aktgranskning_report::render_report_docx(&data)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::ReportCreated(events::ReportCreated {
            draft,
            pages: None,
            format: Some("docx".to_string()),
            sha256: sha256.clone(),
        }),
        Some(out),
        &bytes,
    )?;
    Ok(sha256)
}

/// Files per value of `key`, in the population and in the sample, by value.
fn groups(
    rows: &[PopulationRow],
    in_sample: &HashSet<&str>,
    key: impl Fn(&PopulationRow) -> String,
) -> Vec<Group> {
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in rows {
        let e = by.entry(key(r)).or_default();
        e.0 += 1;
        if in_sample.contains(r.case_id.as_str()) {
            e.1 += 1;
        }
    }
    by.into_iter()
        .map(|(label, (population, sample))| Group {
            label,
            population,
            sample,
        })
        .collect()
}

/// What the privacy check looks for, from the audit's population. Texts are folded first
/// (`core::privacy`), so no way of writing a number or a name walks around the check.
pub(crate) struct Forbidden {
    case_ids: Vec<String>,
    officers: Vec<NamePattern>,
    reference: NaiveDate,
}

impl Forbidden {
    pub(crate) fn new(rows: &[PopulationRow], reference: NaiveDate) -> Forbidden {
        let officers: BTreeSet<&str> = rows
            .iter()
            .filter_map(|r| r.handlaggare.as_deref())
            .collect();
        let mut case_ids: Vec<String> = rows
            .iter()
            .map(|r| fold(&r.case_id).text.trim().to_string())
            // Short plain numbers would match counts and years in the text.
            .filter(|c| !(c.len() <= 4 && c.bytes().all(|b| b.is_ascii_digit())))
            .collect();
        case_ids.sort();
        case_ids.dedup();
        Forbidden {
            case_ids,
            // Shorter values (initials, codes) would match ordinary words.
            officers: officers.into_iter().filter_map(NamePattern::new).collect(),
            reference,
        }
    }

    /// What kind of personal data `text` holds, and on which line, if any.
    pub(crate) fn find(&self, text: &str) -> Option<(&'static str, u64)> {
        let folded = fold(text);
        if let Some(i) = find_personnummer(&folded.text, self.reference) {
            return Some(("ett personnummer", folded.line_of(i)));
        }
        if let Some(i) = self
            .case_ids
            .iter()
            .filter_map(|n| find_word(&folded.text, n))
            .min()
        {
            return Some(("ett ärende-id ur populationen", folded.line_of(i)));
        }
        self.officers
            .iter()
            .filter_map(|n| n.find(&folded.text))
            .min()
            .map(|i| ("namnet på en handläggare", folded.line_of(i)))
    }
}

fn check_privacy(
    d: &ReportData,
    findings: &[Finding],
    rows: &[PopulationRow],
    reference: NaiveDate,
) -> Result<()> {
    let forbidden = Forbidden::new(rows, reference);
    let mut problems = Vec::new();
    let mut check = |place: String, text: &str, with_line: bool| {
        if let Some((what, l)) = forbidden.find(text) {
            let line = with_line.then_some(l);
            problems.push(ErrorDetail {
                message: match line {
                    Some(l) => format!("{place}, rad {l}: texten innehåller {what}"),
                    None => format!("{place}: texten innehåller {what}"),
                },
                line,
                column: Some(place),
            });
        }
    };
    for (field, value) in [
        ("Enhet", &d.unit),
        ("Förvaltning", &d.org),
        ("Nämnd", &d.board),
        ("Diarienummer", &d.diarienr),
    ] {
        check(field.to_string(), value, false);
    }
    for c in &d.chapters {
        check(format!("Kapitel {} {}", c.number, c.title), &c.text, true);
    }
    for f in findings {
        check(
            format!(
                "Bedömning {} ({}) i kapitel {}",
                f.id,
                f.grade.label(),
                f.chapter
            ),
            &f.text,
            false,
        );
    }
    for (i, name) in d.controllers.iter().enumerate() {
        check(format!("Kvalitetscontroller {}", i + 1), name, false);
    }
    for (i, sentence) in d.factcheck.iter().enumerate() {
        check(
            format!("Faktagranskningens omgång {} (skälet)", i + 1),
            sentence,
            false,
        );
    }
    check("Mallens namn".to_string(), &d.template.name, false);
    for item in &d.template.items {
        check(format!("Mallens fråga {}", item.id), &item.text, false);
        check(format!("Lagstödet för {}", item.id), &item.basis, false);
        check(format!("Området för {}", item.id), &item.area, false);
        if let Some(l) = &item.livsomrade {
            check(format!("Livsområdet för {}", item.id), l, false);
        }
    }
    if let Some(m) = &d.method {
        for (table, groups) in [("lagrum", &m.per_lagrum), ("insats", &m.per_insats)] {
            for g in groups {
                check(format!("Tabellen per {table}"), &g.label, false);
            }
        }
    }
    if let Some(r) = &d.results {
        for i in &r.items {
            if let Some(m) = &i.motivation {
                check(
                    format!("Motiveringen till nivån för {}", i.result.id),
                    m,
                    false,
                );
            }
        }
    }
    for r in &d.recommendations {
        check(format!("Rekommendation {}", r.number), &r.text, false);
    }
    if let Some(f) = &d.followup {
        for (n, row) in f.items.iter().enumerate() {
            let place = |what: &str| format!("Uppföljningen, rekommendation {}: {what}", n + 1);
            for (what, text) in [
                ("nämndens svar", row.response.as_deref()),
                ("enhetens svar", row.answer.as_deref()),
                ("granskarnas bedömning", row.assessment.as_deref()),
            ] {
                if let Some(t) = text {
                    check(place(what), t, false);
                }
            }
        }
    }
    if let Some(t) = &d.trend {
        check(
            "Meningen om jämförelsen i sammanfattningen".to_string(),
            &t.summary,
            false,
        );
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(ServiceError {
        code: ErrorCode::InvalidInput,
        message: "Rapporten skapades inte: en rapport till nämnden får inte innehålla personuppgifter. Ta bort uppgifterna på de angivna ställena och försök igen.".to_string(),
        errors: problems,
    })
}

#[cfg(test)]
mod tests;
