//! The history's events in Swedish: the name of each kind and a one-line description of
//! its details, for the app's Historik tab, the CLI's text output and the CSV export.
//! The stored details stay as they are (JSON with stable English keys, for tools); this
//! is only how they read to a person.

use aktgranskning_core::checklist::{Answer, Grade};
use aktgranskning_core::sampling::{Strata, format_percent};
use aktgranskning_core::text::count;
use serde_json::Value;

/// The Swedish name of an event kind; an unknown kind is shown as it is stored.
pub fn label(kind: &str) -> &str {
    match kind {
        "audit_created" => "Granskningen skapad",
        "population_imported" => "Population importerad",
        "officers_merged" => "Handläggare sammanslagna",
        "sample_drawn" => "Urval draget",
        "sample_redrawn" => "Urval draget på nytt",
        "sample_assigned" => "Urvalet fördelat",
        "answer_set" => "Svar",
        "grade_set" => "Nivå satt",
        "chapter_text_set" => "Kapiteltext ändrad",
        "finding_added" => "Bedömning tillagd",
        "finding_edited" => "Bedömning ändrad",
        "report_created" => "Rapport skapad",
        "factcheck_exported" => "Skickad till faktagranskning",
        "factcheck_imported" => "Faktagranskning: svar importerat",
        "factcheck_resolved" => "Faktagranskning: kommentar hanterad",
        "factcheck_closed" => "Faktagranskning avslutad utan svar",
        "finalized" => "Slutförd",
        "reopened" => "Öppnad igen",
        "personnummer_revealed" => "Personnummer visat",
        "population_exported" => "Population exporterad",
        "history_exported" => "Historik exporterad",
        "results_exported" => "Resultat exporterade",
        "recommendation_added" => "Rekommendation tillagd",
        "followup_set" => "Uppföljning av rekommendation",
        "followup_form_exported" => "Uppföljningsformulär skrivet",
        "recommendation_responded" => "Nämndens svar på rekommendation",
        "answers_exported" => "Svar per akt exporterade",
        "trend_summary_set" => "Jämförelsemeningen i sammanfattningen ändrad",
        "double_drawn" => "Andel för dubbelgranskning dragen",
        "double_assigned" => "Andragranskare tilldelad",
        "second_answer_set" => "Svar i andra granskningen",
        "double_settled" => "Skiljaktig bedömning avgjord",
        "calibration_drawn" => "Akter dragna för kalibrering",
        "answer_cleared" => "Svar borttaget",
        "second_answer_cleared" => "Svar i andra granskningen borttaget",
        "audit_edited" => "Planering ändrad",
        "calibration_answer_set" => "Svar i kalibreringen",
        "file_note_set" => "Anteckning om akt",
        "audit_removed" => "Granskningen borttagen",
        "audit_archived" => "Granskningen arkiverad",
        "audit_unarchived" => "Granskningen tillbaka från arkivet",
        "sample_list_exported" => "Urvalets akter exporterade",
        "checklist_exported" => "Checklista för akt utskriven",
        "deviations_exported" => "Avvikelser per handläggare utskrivna",
        "working_note_added" => "Arbetsanteckning tillagd",
        "working_note_changed" => "Arbetsanteckning ändrad",
        "working_note_removed" => "Arbetsanteckning borttagen",
        other => other,
    }
}

/// A scalar of the details as text ("" when missing or null).
fn text(d: &Value, key: &str) -> String {
    match d.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => if *b { "ja" } else { "nej" }.to_string(),
        _ => String::new(),
    }
}

fn number(d: &Value, key: &str) -> usize {
    d.get(key).and_then(Value::as_u64).unwrap_or(0) as usize
}

fn answer(v: &Value) -> &'static str {
    v.as_str()
        .and_then(Answer::parse)
        .map_or("inget svar", Answer::label)
}

fn grade(v: &Value) -> Option<&'static str> {
    v.as_str().and_then(Grade::parse).map(Grade::label)
}

/// ". Skäl: …" (or whatever the label) when the text is there, else nothing.
fn with(label: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!(". {label}: {}", value.trim())
    }
}

/// How many fact-check comments are still to be resolved: "inga att hantera", "2 att hantera".
pub fn to_handle(open: usize) -> String {
    match open {
        0 => "inga att hantera".to_string(),
        n => format!("{n} att hantera"),
    }
}

/// The event's details as one Swedish line.
pub fn describe(kind: &str, d: &Value) -> String {
    let t = |key: &str| text(d, key);
    match kind {
        "audit_created" => {
            let mut s = format!(
                "{}, diarienummer {}, granskningsdatum {}, mall {} version {}",
                t("unit"),
                t("diarienr"),
                t("reference_date"),
                t("template"),
                t("template_version")
            );
            if !t("follows").is_empty() {
                s.push_str(&format!(". Uppföljning av granskning {}", t("follows")));
            }
            s
        }
        "population_imported" => format!(
            "{} från filen {}{}. Filens SHA-256 {}",
            count(number(d, "rows"), "akt", "akter"),
            t("file_name"),
            match t("format") {
                f if f.is_empty() => String::new(),
                f => format!(" ({f})"),
            },
            t("file_sha256")
        ),
        "officers_merged" => format!(
            "{} från {} står nu på ”{}”",
            count(number(d, "cases"), "akt", "akter"),
            d.get("from")
                .and_then(Value::as_array)
                .map(|a| a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| format!("”{s}”"))
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default(),
            t("into")
        ),
        "sample_drawn" | "sample_redrawn" => {
            let strata = Strata::parse(&t("strata")).map_or_else(|_| t("strata"), |s| s.label());
            let percent = d
                .get("percent_bp")
                .and_then(Value::as_u64)
                .map_or_else(String::new, |bp| format_percent(bp as u32));
            format!(
                "{} av {} akter ({percent} %), stratifiering: {strata}, startvärde {}, {}{}",
                t("sample_size"),
                t("population"),
                t("seed"),
                t("algorithm"),
                with("Skäl", &t("reason"))
            )
        }
        "sample_assigned" => {
            let names: Vec<&str> = d
                .get("controllers")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            format!(
                "{} fördelade på {}",
                count(number(d, "files"), "akt", "akter"),
                names.join(", ")
            )
        }
        "file_note_set" => match d.get("new").and_then(Value::as_str) {
            Some(new) => format!("Akt {}: {new}", t("case_id")),
            None => format!("Akt {}: anteckningen borttagen", t("case_id")),
        },
        "working_note_added" | "working_note_changed" | "working_note_removed" => {
            let n = if kind == "working_note_added" {
                d
            } else if kind == "working_note_changed" {
                &d["new"]
            } else {
                &d["old"]
            };
            // After gallring only the note's number and chapter are left.
            let mut about: Vec<String> = [
                crate::notes::kind_label(&text(n, "kind")).to_lowercase(),
                text(n, "date"),
            ]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
            if !text(n, "chapter").is_empty() {
                about.push(format!("kapitel {}", text(n, "chapter")));
            }
            let mut s = format!("Anteckning {}", t("note"));
            if !about.is_empty() {
                s.push_str(&format!(" ({})", about.join(", ")));
            }
            if kind != "working_note_removed" && !text(n, "text").is_empty() {
                s.push_str(&format!(": {}", text(n, "text")));
            }
            s
        }
        "audit_edited" => {
            let names = [
                ("unit", "Enhet"),
                ("org", "Förvaltning"),
                ("board", "Nämnd"),
                ("diarienr", "Diarienummer"),
                ("reference_date", "Granskningsdatum"),
                ("controllers", "Kvalitetscontrollers"),
                ("period_from", "Periodens början"),
                ("period_to", "Periodens slut"),
            ];
            names
                .iter()
                .filter(|(k, _)| d["new"].get(*k).is_some())
                .map(|(k, label)| {
                    format!("{label}: {} → {}", text(&d["old"], k), text(&d["new"], k))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        "answer_cleared" | "second_answer_cleared" => format!(
            "Akt {}, fråga {}: obesvarad (var {})",
            t("case_id"),
            t("item_id"),
            answer(&d["old"])
        ),
        "calibration_drawn" => format!(
            "{}, startvärde {}",
            count(
                d.get("case_ids")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
                "akt",
                "akter"
            ),
            t("seed")
        ),
        "calibration_answer_set" => format!(
            "Akt {}, fråga {}: {}",
            t("case_id"),
            t("item_id"),
            answer(&d["new"])
        ),
        "double_drawn" => format!(
            "{} ({}), startvärde {}",
            count(number(d, "files"), "akt", "akter"),
            format_percent(d.get("percent_bp").and_then(Value::as_u64).unwrap_or(0) as u32),
            t("seed")
        ),
        "double_assigned" => format!(
            "{}: {}",
            t("reviewer"),
            count(
                d.get("case_ids")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len),
                "akt",
                "akter"
            )
        ),
        "double_settled" => format!(
            "{} i akt {}: {} eller {} avgjordes till {}. {}",
            t("item_id"),
            t("case_id"),
            answer(&d["first"]),
            answer(&d["second"]),
            answer(&d["value"]),
            t("reason")
        )
        .trim_end()
        .to_string(),
        "answer_set" | "second_answer_set" => {
            let new = answer(&d["new"]);
            let was = match d.get("old") {
                Some(Value::Null) | None => String::new(),
                Some(old) => format!(" (var {})", answer(old)),
            };
            let comment = if d.get("new_comment") != d.get("old_comment") {
                with("Kommentar", &t("new_comment"))
            } else {
                String::new()
            };
            format!(
                "Akt {}, fråga {}: {new}{was}{comment}",
                t("case_id"),
                t("item_id")
            )
        }
        "grade_set" => {
            let new = grade(&d["new"]).unwrap_or("ingen nivå");
            let suggested = grade(&d["suggested"]).map_or_else(
                || " (inget förslag)".to_string(),
                |s| format!(" (förslag {s})"),
            );
            let was = grade(&d["old"]).map_or_else(String::new, |o| format!(", var {o}"));
            format!(
                "Fråga {}: {new}{suggested}{was}{}",
                t("item_id"),
                with("Motivering", &t("motivation"))
            )
        }
        "chapter_text_set" => format!(
            "Kapitel {}: {}",
            t("chapter"),
            count(t("new").chars().count(), "tecken", "tecken")
        ),
        "finding_added" => format!(
            "Bedömning {} i kapitel {}, {}{}: {}",
            t("finding"),
            t("chapter"),
            grade(&d["grade"]).unwrap_or("–"),
            if t("source").is_empty() {
                ""
            } else {
                " (föreslagen ur resultaten)"
            },
            t("text")
        ),
        "finding_edited" => {
            let (old, new) = (&d["old"], &d["new"]);
            let mut changes = Vec::new();
            if old["chapter"] != new["chapter"] {
                changes.push(format!(
                    "kapitel {} → {}",
                    text(old, "chapter"),
                    text(new, "chapter")
                ));
            }
            if old["grade"] != new["grade"] {
                changes.push(format!(
                    "nivå {} → {}",
                    grade(&old["grade"]).unwrap_or("–"),
                    grade(&new["grade"]).unwrap_or("–")
                ));
            }
            if old["text"] != new["text"] {
                changes.push(format!("ny text: {}", text(new, "text")));
            }
            if changes.is_empty() {
                changes.push("oförändrad".to_string());
            }
            format!("Bedömning {}: {}", t("finding"), changes.join("; "))
        }
        "report_created" => format!(
            "{}, {}. SHA-256 {}",
            if d["draft"].as_bool() == Some(true) {
                "Utkast"
            } else {
                "Utan utkastmarkering"
            },
            if t("format") == "docx" {
                "Word (DOCX)".to_string()
            } else {
                count(number(d, "pages"), "sida", "sidor")
            },
            t("sha256")
        ),
        "finalized" => format!(
            "Slutlig rapport version {}, {}. SHA-256 {}",
            t("version"),
            count(number(d, "pages"), "sida", "sidor"),
            t("sha256")
        ),
        "reopened" => format!(
            "Efter version {}{}",
            t("after_version"),
            with("Skäl", &t("reason"))
        ),
        "factcheck_exported" => format!(
            "Omgång {}{}, paket {}. SHA-256 {}",
            t("round"),
            if t("due").is_empty() {
                String::new()
            } else {
                format!(", svar senast {}", t("due"))
            },
            t("package_id"),
            t("sha256")
        ),
        "factcheck_imported" => format!(
            "Omgång {}, svar från {}{}: {}, {}",
            t("round"),
            t("responder"),
            if t("via").is_empty() {
                String::new()
            } else {
                format!(" ({})", t("via"))
            },
            count(number(d, "comments"), "kommentar", "kommentarer"),
            to_handle(number(d, "open"))
        ),
        "factcheck_resolved" => {
            let status = match t("status").as_str() {
                "accepted" => "godtagen",
                "rejected" => "avvisad",
                other => return format!("Kommentar {}: {other}", t("comment")),
            };
            let finding = if t("finding").is_empty() {
                String::new()
            } else {
                format!(" om bedömning {}", t("finding"))
            };
            format!(
                "Kommentar {}{finding}: {status}{}",
                t("comment"),
                with("Skäl", &t("reason"))
            )
        }
        "personnummer_revealed" => format!("Akt {}", t("case_id")),
        "population_exported" => format!(
            "{} (ärende-id och stratum)",
            count(number(d, "cases"), "akt", "akter")
        ),
        "history_exported" => count(number(d, "events"), "händelse", "händelser"),
        "recommendation_added" => format!("Rekommendation {}: {}", t("recommendation"), t("text")),
        "followup_form_exported" => format!(
            "Formulär till enheten med {}",
            count(
                number(d, "recommendations"),
                "rekommendation",
                "rekommendationer"
            )
        ),
        "followup_set" => format!(
            "Rekommendation {}: {}. {}",
            t("recommendation"),
            crate::followup::status_label(&text(&d["new"], "status")),
            text(&d["new"], "answer")
        ),
        "trend_summary_set" => match d.get("new").and_then(Value::as_str) {
            Some(new) => new.to_string(),
            None => "Tillbaka till den genererade meningen".to_string(),
        },
        "recommendation_responded" => {
            let new = &d["new"];
            let mut s = format!(
                "Rekommendation {}: {}",
                t("recommendation"),
                text(new, "response")
            );
            if !text(new, "owner").is_empty() {
                s.push_str(&format!(". Ansvarig: {}", text(new, "owner")));
            }
            if !text(new, "due").is_empty() {
                s.push_str(&format!(". Klart senast {}", text(new, "due")));
            }
            s
        }
        "results_exported" => format!(
            "{} som kalkylblad (XLSX)",
            count(number(d, "items"), "punkt", "punkter")
        ),
        "factcheck_closed" => format!(
            "Omgång {}: {}{}",
            t("round"),
            if t("kind") == "withdrawn" {
                "återkallad"
            } else {
                "enhetschefen har inte lämnat synpunkter"
            },
            with("Skäl", &t("reason"))
        ),
        "checklist_exported" => format!(
            "Akt {}: {} (PDF, internt)",
            t("case_id"),
            if d.get("blank").and_then(Value::as_bool) == Some(true) {
                "tom checklista att granska på papper"
            } else {
                "ifylld checklista till handläggaren"
            }
        ),
        "deviations_exported" => format!(
            "{} för enhetschefen, {} (PDF, internt)",
            count(number(d, "files"), "granskad akt", "granskade akter"),
            match d.get("officer").and_then(Value::as_str) {
                Some(o) => format!("handläggaren {o}"),
                None => count(number(d, "officers"), "handläggare", "handläggare"),
            }
        ),
        "sample_list_exported" => format!(
            "{} som kalkylblad (XLSX; ärende-id och handläggare, internt)",
            count(number(d, "files"), "akt", "akter")
        ),
        "answers_exported" => format!(
            "{}, {} som kalkylblad (XLSX; ärende-id, internt)",
            count(number(d, "files"), "akt", "akter"),
            count(number(d, "rows"), "svarsrad", "svarsrader")
        ),
        _ => match d.as_object() {
            Some(map) => map
                .iter()
                .filter(|(_, v)| !v.is_null() && !v.is_object() && !v.is_array())
                .map(|(k, _)| format!("{k}: {}", text(d, k)))
                .collect::<Vec<_>>()
                .join(" · "),
            None => String::new(),
        },
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
