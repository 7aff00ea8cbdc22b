//! The history's events in Swedish: the name of each kind and a one-line description of
//! its details, for the app's Historik tab, the CLI's text output and the CSV export.
//! The stored details stay as they are (JSON with stable English keys, for tools); this
//! is only how they read to a person.

use super::{Event, NoteState};
use aktgranskning_core::checklist::{Answer, Grade};
use aktgranskning_core::sampling::{Strata, format_percent};
use aktgranskning_core::text::count;
use serde_json::Value;

/// The Swedish name of a stored event kind; an unknown kind is shown as it is stored.
pub fn label(kind: &str) -> String {
    Event::parse(kind, &Value::Null).map_or_else(|| kind.to_string(), |e| e.label().to_string())
}

/// A stored event's Swedish name and one-line description, its details read once.
pub fn name_and_description(kind: &str, d: &Value) -> (String, String) {
    match Event::parse(kind, d) {
        Some(e) => (e.label().to_string(), e.describe()),
        None => (label(kind), plain(d)),
    }
}

/// A stored event's details as one Swedish line. Details this version cannot read (a
/// kind from a later version) show their plain values.
pub fn describe(kind: &str, d: &Value) -> String {
    Event::parse(kind, d).map_or_else(|| plain(d), |e| e.describe())
}

/// Details shown as they are: each scalar as `key: value`.
fn plain(d: &Value) -> String {
    match d.as_object() {
        Some(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null() && !v.is_object() && !v.is_array())
            .map(|(k, v)| format!("{k}: {}", scalar(v)))
            .collect::<Vec<_>>()
            .join(" · "),
        None => String::new(),
    }
}

/// A scalar as text.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "ja" } else { "nej" }.to_string(),
        _ => String::new(),
    }
}

fn answer(v: Option<&str>) -> &'static str {
    v.and_then(Answer::parse)
        .map_or("inget svar", Answer::label)
}

fn grade(v: Option<&str>) -> Option<&'static str> {
    v.and_then(Grade::parse).map(Grade::label)
}

/// ". Skäl: …" (or whatever the label) when the text is there, else nothing.
fn with(label: &str, value: Option<&str>) -> String {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => format!(". {label}: {v}"),
        _ => String::new(),
    }
}

/// How many fact-check comments are still to be resolved: "inga att hantera", "2 att hantera".
pub fn to_handle(open: usize) -> String {
    match open {
        0 => "inga att hantera".to_string(),
        n => format!("{n} att hantera"),
    }
}

fn files(n: usize) -> String {
    count(n, "akt", "akter")
}

/// A working note's kind, date and chapter, as far as they are left (after gallring only
/// the note's number and chapter are).
fn note(number: i64, n: &NoteState, with_text: bool) -> String {
    let mut about: Vec<String> = [
        crate::notes::kind_label(&n.kind).to_lowercase(),
        n.date.clone().unwrap_or_default(),
    ]
    .into_iter()
    .filter(|x| !x.is_empty())
    .collect();
    if let Some(ch) = n.chapter {
        about.push(format!("kapitel {ch}"));
    }
    let mut s = format!("Anteckning {number}");
    if !about.is_empty() {
        s.push_str(&format!(" ({})", about.join(", ")));
    }
    if with_text && !n.text.is_empty() {
        s.push_str(&format!(": {}", n.text));
    }
    s
}

impl Event {
    /// The kind's Swedish name.
    pub fn label(&self) -> &'static str {
        match self {
            Event::AuditCreated(_) => "Granskningen skapad",
            Event::AuditEdited(_) => "Planering ändrad",
            Event::AuditRemoved(_) => "Granskningen borttagen",
            Event::AuditArchived(_) => "Granskningen arkiverad",
            Event::AuditUnarchived(_) => "Granskningen tillbaka från arkivet",
            Event::PopulationImported(_) => "Population importerad",
            Event::OfficersMerged(_) => "Handläggare sammanslagna",
            Event::SampleDrawn(_) => "Urval draget",
            Event::SampleRedrawn(_) => "Urval draget på nytt",
            Event::SampleAssigned(_) => "Urvalet fördelat",
            Event::AnswerSet(_) => "Svar",
            Event::AnswerCleared(_) => "Svar borttaget",
            Event::SecondAnswerSet(_) => "Svar i andra granskningen",
            Event::SecondAnswerCleared(_) => "Svar i andra granskningen borttaget",
            Event::FileNoteSet(_) => "Anteckning om akt",
            Event::CalibrationDrawn(_) => "Akter dragna för kalibrering",
            Event::CalibrationAnswerSet(_) => "Svar i kalibreringen",
            Event::GradeSet(_) => "Nivå satt",
            Event::ChapterTextSet(_) => "Kapiteltext ändrad",
            Event::FindingAdded(_) => "Bedömning tillagd",
            Event::FindingEdited(_) => "Bedömning ändrad",
            Event::RecommendationAdded(_) => "Rekommendation tillagd",
            Event::RecommendationResponded(_) => "Nämndens svar på rekommendation",
            Event::FollowupSet(_) => "Uppföljning av rekommendation",
            Event::TrendSummarySet(_) => "Jämförelsemeningen i sammanfattningen ändrad",
            Event::DoubleDrawn(_) => "Andel för dubbelgranskning dragen",
            Event::DoubleAssigned(_) => "Andragranskare tilldelad",
            Event::DoubleSettled(_) => "Skiljaktig bedömning avgjord",
            Event::WorkingNoteAdded(_) => "Arbetsanteckning tillagd",
            Event::WorkingNoteChanged(_) => "Arbetsanteckning ändrad",
            Event::WorkingNoteRemoved(_) => "Arbetsanteckning borttagen",
            Event::ReportCreated(_) => "Rapport skapad",
            Event::FactcheckExported(_) => "Skickad till faktagranskning",
            Event::FactcheckImported(_) => "Faktagranskning: svar importerat",
            Event::FactcheckResolved(_) => "Faktagranskning: kommentar hanterad",
            Event::FactcheckClosed(_) => "Faktagranskning avslutad utan svar",
            Event::Finalized(_) => "Slutförd",
            Event::Reopened(_) => "Öppnad igen",
            Event::PersonnummerRevealed(_) => "Personnummer visat",
            Event::PopulationExported(_) => "Population exporterad",
            Event::HistoryExported(_) => "Historik exporterad",
            Event::ResultsExported(_) => "Resultat exporterade",
            Event::AnswersExported(_) => "Svar per akt exporterade",
            Event::SampleListExported(_) => "Urvalets akter exporterade",
            Event::ChecklistExported(_) => "Checklista för akt utskriven",
            Event::DeviationsExported(_) => "Avvikelser per handläggare utskrivna",
            Event::FollowupFormExported(_) => "Uppföljningsformulär skrivet",
            Event::WorkExported(_) => "Arbetspaket skrivet",
            Event::WorkOpened(_) => "Arbetspaket öppnat",
            Event::WorkReturned(_) => "Svarspaket skrivet",
            Event::WorkImported(_) => "Svarspaket inläst",
            Event::WorkSettled(_) => "Krock mellan svar avgjord",
            Event::Gallrad(_) => "Gallrad",
        }
    }

    /// The details as one Swedish line.
    pub fn describe(&self) -> String {
        match self {
            Event::AuditCreated(d) => {
                let mut s = format!(
                    "{}, diarienummer {}, granskningsdatum {}, mall {} version {}",
                    d.unit, d.diarienr, d.reference_date, d.template, d.template_version
                );
                if let Some(f) = d.follows {
                    s.push_str(&format!(". Uppföljning av granskning {f}"));
                }
                s
            }
            Event::AuditEdited(d) => d
                .new
                .fields()
                .iter()
                .zip(d.old.fields())
                .filter_map(|((label, new), (_, old))| {
                    new.map(|n| format!("{label}: {} → {n}", old.unwrap_or_default()))
                })
                .collect::<Vec<_>>()
                .join("; "),
            Event::AuditRemoved(_) | Event::AuditArchived(_) | Event::AuditUnarchived(_) => {
                String::new()
            }
            Event::PopulationImported(d) => format!(
                "{} från filen {}{}. Filens SHA-256 {}",
                files(d.rows),
                d.file_name,
                match d.format.as_str() {
                    Some(f) if !f.is_empty() => format!(" ({f})"),
                    _ => String::new(),
                },
                d.file_sha256
            ),
            Event::OfficersMerged(d) => format!(
                "{} från {} står nu på ”{}”",
                files(d.cases),
                d.from
                    .iter()
                    .map(|s| format!("”{s}”"))
                    .collect::<Vec<_>>()
                    .join(", "),
                d.into
            ),
            Event::SampleDrawn(d) | Event::SampleRedrawn(d) => {
                let strata =
                    Strata::parse(&d.strata).map_or_else(|_| d.strata.clone(), |s| s.label());
                let percent = d.percent_bp.map_or_else(String::new, format_percent);
                format!(
                    "{} av {} akter ({percent} %), stratifiering: {strata}, startvärde {}, {}{}",
                    d.sample_size,
                    d.population,
                    d.seed,
                    d.algorithm,
                    with("Skäl", d.reason.as_deref())
                )
            }
            Event::SampleAssigned(d) => format!(
                "{} fördelade på {}",
                files(d.files),
                d.controllers.join(", ")
            ),
            Event::AnswerSet(d) | Event::SecondAnswerSet(d) => {
                let was = d
                    .old
                    .as_deref()
                    .map_or_else(String::new, |o| format!(" (var {})", answer(Some(o))));
                let comment = if d.new_comment != d.old_comment {
                    with("Kommentar", d.new_comment.as_deref())
                } else {
                    String::new()
                };
                format!(
                    "Akt {}, fråga {}: {}{was}{comment}",
                    d.case_id,
                    d.item_id,
                    answer(Some(&d.new))
                )
            }
            Event::AnswerCleared(d) | Event::SecondAnswerCleared(d) => format!(
                "Akt {}, fråga {}: obesvarad (var {})",
                d.case_id,
                d.item_id,
                answer(d.old.as_deref())
            ),
            Event::FileNoteSet(d) => match &d.new {
                Some(new) => format!("Akt {}: {new}", d.case_id),
                None => format!("Akt {}: anteckningen borttagen", d.case_id),
            },
            Event::CalibrationDrawn(d) => {
                format!("{}, startvärde {}", files(d.case_ids.len()), d.seed)
            }
            Event::CalibrationAnswerSet(d) => format!(
                "Akt {}, fråga {}: {}",
                d.case_id,
                d.item_id,
                answer(Some(&d.new))
            ),
            Event::GradeSet(d) => {
                let new = grade(Some(&d.new)).unwrap_or("ingen nivå");
                let suggested = grade(d.suggested.as_deref()).map_or_else(
                    || " (inget förslag)".to_string(),
                    |s| format!(" (förslag {s})"),
                );
                let was =
                    grade(d.old.as_deref()).map_or_else(String::new, |o| format!(", var {o}"));
                format!(
                    "Fråga {}: {new}{suggested}{was}{}",
                    d.item_id,
                    with("Motivering", d.motivation.as_deref())
                )
            }
            Event::ChapterTextSet(d) => format!(
                "Kapitel {}: {}",
                d.chapter,
                count(
                    d.new.as_deref().map_or(0, |t| t.chars().count()),
                    "tecken",
                    "tecken"
                )
            ),
            Event::FindingAdded(d) => format!(
                "Bedömning {} i kapitel {}, {}{}: {}",
                d.finding,
                d.chapter,
                grade(Some(&d.grade)).unwrap_or("–"),
                if d.source.as_deref().unwrap_or_default().is_empty() {
                    ""
                } else {
                    " (föreslagen ur resultaten)"
                },
                d.text.as_deref().unwrap_or_default()
            ),
            Event::FindingEdited(d) => {
                let (old, new) = (&d.old, &d.new);
                let mut changes = Vec::new();
                if old.chapter != new.chapter {
                    changes.push(format!("kapitel {} → {}", old.chapter, new.chapter));
                }
                if old.grade != new.grade {
                    changes.push(format!(
                        "nivå {} → {}",
                        grade(Some(&old.grade)).unwrap_or("–"),
                        grade(Some(&new.grade)).unwrap_or("–")
                    ));
                }
                if old.text != new.text {
                    changes.push(format!(
                        "ny text: {}",
                        new.text.as_deref().unwrap_or_default()
                    ));
                }
                if changes.is_empty() {
                    changes.push("oförändrad".to_string());
                }
                format!("Bedömning {}: {}", d.finding, changes.join("; "))
            }
            Event::RecommendationAdded(d) => {
                format!(
                    "Rekommendation {}: {}",
                    d.recommendation,
                    d.text.as_deref().unwrap_or_default()
                )
            }
            Event::RecommendationResponded(d) => {
                let new = &d.new;
                let mut s = format!(
                    "Rekommendation {}: {}",
                    d.recommendation,
                    new.response.as_deref().unwrap_or_default()
                );
                if let Some(owner) = new.owner.as_deref().filter(|o| !o.is_empty()) {
                    s.push_str(&format!(". Ansvarig: {owner}"));
                }
                if let Some(due) = new.due.as_deref().filter(|o| !o.is_empty()) {
                    s.push_str(&format!(". Klart senast {due}"));
                }
                s
            }
            Event::FollowupSet(d) => format!(
                "Rekommendation {}: {}. {}",
                d.recommendation,
                crate::followup::status_label(&d.new.status),
                d.new.answer.as_deref().unwrap_or_default()
            ),
            Event::TrendSummarySet(d) => match &d.new {
                Some(new) => new.clone(),
                None => "Tillbaka till den genererade meningen".to_string(),
            },
            Event::DoubleDrawn(d) => format!(
                "{} ({}), startvärde {}",
                files(d.files),
                format_percent(d.percent_bp),
                d.seed
            ),
            Event::DoubleAssigned(d) => format!("{}: {}", d.reviewer, files(d.case_ids.len())),
            Event::DoubleSettled(d) => format!(
                "{} i akt {}: {} eller {} avgjordes till {}. {}",
                d.item_id,
                d.case_id,
                answer(Some(&d.first)),
                answer(Some(&d.second)),
                answer(Some(&d.value)),
                d.reason.as_deref().unwrap_or_default()
            )
            .trim_end()
            .to_string(),
            Event::WorkingNoteAdded(d) => note(d.note, &d.state, true),
            Event::WorkingNoteChanged(d) => note(d.note, &d.new, true),
            Event::WorkingNoteRemoved(d) => note(d.note, &d.old, false),
            Event::ReportCreated(d) => format!(
                "{}, {}. SHA-256 {}",
                if d.draft {
                    "Utkast"
                } else {
                    "Utan utkastmarkering"
                },
                if d.format.as_deref() == Some("docx") {
                    "Word (DOCX)".to_string()
                } else {
                    count(d.pages.unwrap_or(0), "sida", "sidor")
                },
                d.sha256
            ),
            Event::FactcheckExported(d) => format!(
                "Omgång {}{}, paket {}. SHA-256 {}",
                d.round,
                match d.due.as_deref() {
                    Some(due) if !due.is_empty() => format!(", svar senast {due}"),
                    _ => String::new(),
                },
                d.package_id,
                d.sha256
            ),
            Event::FactcheckImported(d) => format!(
                "Omgång {}, svar från {}{}: {}, {}",
                d.round,
                d.responder,
                match d.via.as_deref() {
                    Some(via) if !via.is_empty() => format!(" ({via})"),
                    _ => String::new(),
                },
                count(d.comments, "kommentar", "kommentarer"),
                to_handle(d.open)
            ),
            Event::FactcheckResolved(d) => {
                let status = match d.status.as_str() {
                    "accepted" => "godtagen",
                    "rejected" => "avvisad",
                    other => return format!("Kommentar {}: {other}", d.comment),
                };
                let finding = d
                    .finding
                    .map_or_else(String::new, |f| format!(" om bedömning {f}"));
                format!(
                    "Kommentar {}{finding}: {status}{}",
                    d.comment,
                    with("Skäl", d.reason.as_deref())
                )
            }
            Event::FactcheckClosed(d) => format!(
                "Omgång {}: {}{}",
                d.round,
                if d.kind == "withdrawn" {
                    "återkallad"
                } else {
                    "enhetschefen har inte lämnat synpunkter"
                },
                with("Skäl", Some(&d.reason))
            ),
            Event::Finalized(d) => format!(
                "Slutlig rapport version {}, {}. SHA-256 {}",
                d.version,
                count(d.pages, "sida", "sidor"),
                d.sha256
            ),
            Event::Reopened(d) => format!(
                "Efter version {}{}",
                d.after_version,
                with("Skäl", Some(&d.reason))
            ),
            Event::PersonnummerRevealed(d) => format!("Akt {}", d.case_id),
            Event::PopulationExported(d) => {
                format!("{} (ärende-id och stratum)", files(d.cases))
            }
            Event::HistoryExported(d) => count(d.events, "händelse", "händelser"),
            Event::ResultsExported(d) => format!(
                "{} som kalkylblad (XLSX)",
                count(d.items, "punkt", "punkter")
            ),
            Event::AnswersExported(d) => format!(
                "{}, {} som kalkylblad (XLSX; ärende-id, internt)",
                files(d.files),
                count(d.rows, "svarsrad", "svarsrader")
            ),
            Event::SampleListExported(d) => format!(
                "{} som kalkylblad (XLSX; ärende-id och handläggare, internt)",
                files(d.files)
            ),
            Event::ChecklistExported(d) => format!(
                "Akt {}: {} (PDF, internt)",
                d.case_id,
                if d.blank {
                    "tom checklista att granska på papper"
                } else {
                    "ifylld checklista till handläggaren"
                }
            ),
            Event::DeviationsExported(d) => format!(
                "{} för enhetschefen, {} (PDF, internt)",
                count(d.files, "granskad akt", "granskade akter"),
                match &d.officer {
                    Some(o) => format!("handläggaren {o}"),
                    None => count(d.officers, "handläggare", "handläggare"),
                }
            ),
            Event::FollowupFormExported(d) => format!(
                "Formulär till enheten med {}",
                count(d.recommendations, "rekommendation", "rekommendationer")
            ),
            Event::WorkExported(d) => format!(
                "{} till {}, paket {}. SHA-256 {}",
                files(d.files),
                d.controller,
                d.package_id,
                d.sha256
            ),
            Event::WorkOpened(d) => {
                let mut s = format!(
                    "{} från {} till {}, paket {}",
                    files(d.files),
                    d.lead,
                    d.controller,
                    d.package_id
                );
                if let (Some(merged), Some(conflicts)) = (d.merged, d.conflicts) {
                    s.push_str(&format!(
                        ": {} inlästa, {}",
                        count(merged, "ändring", "ändringar"),
                        count(conflicts, "krock", "krockar")
                    ));
                }
                s
            }
            Event::WorkReturned(d) => format!(
                "Svar nummer {} på paket {}: {}, {}. SHA-256 {}",
                d.sequence,
                d.answers_to,
                count(d.answers, "svar", "svar"),
                count(d.notes, "anteckning", "anteckningar"),
                d.sha256
            ),
            Event::WorkImported(d) => format!(
                "Från {} (svar nummer {} på paket {}): {} inlästa, {}. SHA-256 {}",
                d.controller,
                d.sequence,
                d.answers_to,
                count(d.merged, "ändring", "ändringar"),
                count(d.conflicts, "krock", "krockar"),
                d.sha256
            ),
            Event::WorkSettled(d) => format!(
                "Akt {}, fråga {}: {} eller {} avgjordes till {}",
                d.case_id,
                d.item_id,
                answer(d.ours.as_deref()),
                answer(d.theirs.as_deref()),
                answer(d.value.as_deref())
            ),
            Event::Gallrad(d) => format!(
                "{} populationsrader, {} ärende-id ersatta med aktnummer, {} händelser rensade{}",
                d.removed.population_rows,
                d.removed.case_ids_replaced,
                d.removed.history_events,
                with("Skäl", Some(&d.reason))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{describe, label};
    use serde_json::json;

    #[test]
    fn events_read_as_swedish_sentences() {
        assert_eq!(
            describe(
                "answer_set",
                &json!({"case_id": "2023-01003", "item_id": "samtycke.journal", "old": "nej",
                        "new": "ej_aktuellt", "old_comment": null, "new_comment": "Barn i hushållet"})
            ),
            "Akt 2023-01003, fråga samtycke.journal: Ej aktuellt (var Nej). Kommentar: Barn i hushållet"
        );
        assert_eq!(
            describe(
                "answer_set",
                &json!({"case_id": "A1", "item_id": "x", "old": null, "new": "ja",
                        "old_comment": null, "new_comment": null})
            ),
            "Akt A1, fråga x: Ja"
        );
        assert_eq!(
            describe(
                "grade_set",
                &json!({"item_id": "journal.lopande", "old": null, "new": "rod",
                        "suggested": "gul", "motivation": "Signeras sent."})
            ),
            "Fråga journal.lopande: Röd (förslag Gul). Motivering: Signeras sent."
        );
        assert_eq!(
            describe(
                "sample_redrawn",
                &json!({"sample_id": 2, "algorithm": "aktgranskning-urval-v1", "seed": "18446744073709551615",
                        "percent_bp": 3000, "strata": "lagrum,handlaggare", "population": 549,
                        "sample_size": 165, "population_sha256": "ab", "reason": "Fel fil"})
            ),
            "165 av 549 akter (30 %), stratifiering: lagrum och handläggare, startvärde \
             18446744073709551615, aktgranskning-urval-v1. Skäl: Fel fil"
        );
        assert_eq!(
            describe(
                "finding_edited",
                &json!({"finding": 4, "old": {"chapter": 8, "grade": "gul", "text": "A"},
                        "new": {"chapter": 8, "grade": "rod", "text": "B"}})
            ),
            "Bedömning 4: nivå Gul → Röd; ny text: B"
        );
        assert_eq!(
            describe(
                "factcheck_imported",
                &json!({"round": 1, "responder": "Eva Ek", "comments": 1, "open": 1})
            ),
            "Omgång 1, svar från Eva Ek: 1 kommentar, 1 att hantera"
        );
        assert_eq!(
            describe(
                "factcheck_resolved",
                &json!({"comment": 3, "status": "rejected", "reason": "Stämmer enligt journalen", "finding": 15})
            ),
            "Kommentar 3 om bedömning 15: avvisad. Skäl: Stämmer enligt journalen"
        );
        assert_eq!(
            label("factcheck_resolved"),
            "Faktagranskning: kommentar hanterad"
        );
        // A kind this version does not know still shows what it holds.
        assert_eq!(label("framtida"), "framtida");
        assert_eq!(
            describe("framtida", &json!({"a": 1, "b": "x"})),
            "a: 1 · b: x"
        );
    }
}
