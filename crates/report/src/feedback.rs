//! Feedback to the unit, internal working material (never to the nämnd): the checklist of
//! one file, blank to review on paper or filled in for the file's handläggare, and the
//! deviations per handläggare and file for the enhetschef. Same layout and tagging as
//! the report; each page's header says it is internal.

use crate::content::{column, swedish_date};
use crate::layout::{Align, Block, Cell, Setup, Table};
use chrono::{DateTime, Utc};

/// The running header's right side on every page of these documents.
pub const INTERNAL: &str = "Internt arbetsmaterial, inte för nämnden";

/// One item of a file's checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub area: String,
    pub text: String,
    /// Lagstöd, then metodstöd, as the template gives them.
    pub basis: String,
    /// The answer in Swedish ("Ja", "Nej", …); `None` in a blank checklist or when the
    /// item is not answered.
    pub answer: Option<String>,
    /// Ej aktuellt by the template's rule for this file (e.g. a barn item for an adult).
    pub by_rule: Option<String>,
    pub comment: Option<String>,
}

/// A file's checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct FileChecklist {
    pub unit: String,
    pub org: String,
    pub diarienr: String,
    pub template: String,
    pub case_id: String,
    pub lagrum: String,
    pub insats: Option<String>,
    pub handlaggare: Option<String>,
    pub decision: Option<String>,
    /// Blank: to review on paper; else the answers given.
    pub blank: bool,
    /// Who reviewed the file (filled checklists).
    pub reviewer: Option<String>,
    pub file_note: Option<String>,
    pub items: Vec<ChecklistItem>,
    pub created: DateTime<Utc>,
}

fn setup(title: String, author: &str, unit: &str, created: DateTime<Utc>) -> Setup {
    Setup {
        title,
        author: author.to_string(),
        header_left: unit.to_string(),
        header_right: INTERNAL.to_string(),
        draft: false,
        created,
    }
}

impl FileChecklist {
    pub fn setup(&self) -> Setup {
        setup(
            format!("Checklista för akt {}, {}", self.case_id, self.unit),
            &self.org,
            &self.unit,
            self.created,
        )
    }
}

/// The blocks of a file's checklist.
pub fn checklist_blocks(d: &FileChecklist) -> Vec<Block> {
    let mut facts = vec![
        ("Enhet".to_string(), d.unit.clone()),
        ("Diarienummer".to_string(), d.diarienr.clone()),
        ("Akt (ärende-id)".to_string(), d.case_id.clone()),
        ("Lagrum".to_string(), d.lagrum.clone()),
    ];
    if let Some(i) = &d.insats {
        facts.push(("Insats".to_string(), i.clone()));
    }
    if let Some(k) = &d.decision {
        facts.push(("Beslut".to_string(), k.clone()));
    }
    if let Some(h) = &d.handlaggare {
        facts.push(("Handläggare".to_string(), h.clone()));
    }
    facts.push(("Mall".to_string(), d.template.clone()));
    if let Some(r) = &d.reviewer {
        facts.push(("Granskad av".to_string(), r.clone()));
    }
    facts.push((
        "Utskriven".to_string(),
        swedish_date(d.created.date_naive()),
    ));
    let mut out = vec![
        Block::Title {
            text: if d.blank {
                format!("Checklista för akt {}", d.case_id)
            } else {
                format!("Granskning av akt {}", d.case_id)
            },
            size: 20.0,
        },
        Block::Facts(facts),
        Block::Paragraph(if d.blank {
            "Kryssa ett svar per granskningspunkt: Ja, Delvis, Nej eller Ej aktuellt, och skriv en kort kommentar där svaret behöver förklaras. Punkter som enligt mallens regler inte gäller akten är markerade. Internt arbetsmaterial: förvaras och gallras som granskningens övriga arbetsmaterial.".to_string()
        } else {
            "Svaren och kommentarerna från aktgranskningen av den här akten, till handläggaren som återkoppling. Internt arbetsmaterial: inte för nämnden, och förvaras och gallras som granskningens övriga arbetsmaterial.".to_string()
        }),
    ];
    let answer_title = if d.blank { "Svar (kryssa ett)" } else { "Svar" };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut area = "";
    for (n, item) in d.items.iter().enumerate() {
        if item.area != area {
            area = &item.area;
            rows.push(vec![Cell {
                text: item.area.clone(),
                fill: None,
                bold: true,
            }]);
        }
        let mut text = item.text.clone();
        if !item.basis.is_empty() {
            text.push_str(&format!(" ({})", item.basis));
        }
        let answer = match (&item.by_rule, &item.answer, d.blank) {
            (Some(rule), None, _) => format!("Ej aktuellt ({rule})"),
            (_, Some(a), false) => a.clone(),
            (_, _, true) => "○ Ja    ○ Delvis\n○ Nej   ○ Ej aktuellt".to_string(),
            (_, None, false) => "Inte besvarad".to_string(),
        };
        rows.push(vec![
            Cell::text((n + 1).to_string()),
            Cell::text(text),
            Cell::text(answer),
            Cell::text(if d.blank {
                String::new()
            } else {
                item.comment.clone().unwrap_or_default()
            }),
        ]);
    }
    out.push(Block::Table(Table {
        columns: vec![
            column("Nr", 0.5, Align::Left),
            column("Granskningspunkt", 5.0, Align::Left),
            column(answer_title, 2.4, Align::Left),
            column("Kommentar", 3.0, Align::Left),
        ],
        rows,
    }));
    out.push(Block::Heading {
        level: 2,
        text: "Anteckning om akten".to_string(),
    });
    out.push(Block::Paragraph(match (&d.file_note, d.blank) {
        (Some(n), false) => n.clone(),
        (None, false) => "Ingen anteckning.".to_string(),
        (_, true) => "\u{a0}".to_string(),
    }));
    out
}

/// One deviation: an item of a file answered Nej or Delvis.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    pub case_id: String,
    pub item: String,
    /// "Nej" or "Delvis".
    pub answer: String,
    pub comment: Option<String>,
}

/// The deviations of one handläggare's files.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerDeviations {
    /// The handläggare, or "Utan handläggare".
    pub officer: String,
    /// The handläggare's files in the sample that have been reviewed.
    pub files: usize,
    pub deviations: Vec<Deviation>,
}

/// The deviation list for the enhetschef.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationData {
    pub unit: String,
    pub org: String,
    pub diarienr: String,
    pub officers: Vec<OfficerDeviations>,
    pub created: DateTime<Utc>,
}

impl DeviationData {
    pub fn setup(&self) -> Setup {
        setup(
            format!("Avvikelser per handläggare, {}", self.unit),
            &self.org,
            &self.unit,
            self.created,
        )
    }
}

/// The blocks of the deviation list: per handläggare, the files with the items answered
/// Nej or Delvis and the comments given.
pub fn deviation_blocks(d: &DeviationData) -> Vec<Block> {
    let total: usize = d.officers.iter().map(|o| o.deviations.len()).sum();
    let mut out = vec![
        Block::Title {
            text: "Avvikelser per handläggare".to_string(),
            size: 20.0,
        },
        Block::Facts(vec![
            ("Enhet".to_string(), d.unit.clone()),
            ("Diarienummer".to_string(), d.diarienr.clone()),
            ("Utskriven".to_string(), swedish_date(d.created.date_naive())),
            ("Avvikelser".to_string(), total.to_string()),
        ]),
        Block::Paragraph(
            "För enhetschefen: de granskningspunkter som besvarats Nej eller Delvis i de granskade akterna, per handläggare och akt, med granskarnas kommentarer. Listan är underlag för återkoppling och lärande i enheten, inte en bedömning av den enskilda handläggaren. Internt arbetsmaterial: inte för nämnden, och förvaras och gallras som granskningens övriga arbetsmaterial.".to_string(),
        ),
    ];
    for o in &d.officers {
        out.push(Block::Heading {
            level: 2,
            text: format!(
                "{} ({} granskade {}, {} {})",
                o.officer,
                o.files,
                if o.files == 1 { "akt" } else { "akter" },
                o.deviations.len(),
                if o.deviations.len() == 1 {
                    "avvikelse"
                } else {
                    "avvikelser"
                }
            ),
        });
        if o.deviations.is_empty() {
            out.push(Block::Paragraph(
                "Inga granskningspunkter besvarades Nej eller Delvis.".to_string(),
            ));
            continue;
        }
        // A row per file (the deviations come in file order), then its items.
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut file = "";
        for v in &o.deviations {
            if v.case_id != file {
                file = &v.case_id;
                rows.push(vec![Cell {
                    text: format!("Akt {}", v.case_id),
                    fill: None,
                    bold: true,
                }]);
            }
            rows.push(vec![
                Cell::text(v.item.clone()),
                Cell::text(v.answer.clone()),
                Cell::text(v.comment.clone().unwrap_or_default()),
            ]);
        }
        out.push(Block::Table(Table {
            columns: vec![
                column("Granskningspunkt", 5.0, Align::Left),
                column("Svar", 0.9, Align::Left),
                column("Kommentar", 3.6, Align::Left),
            ],
            rows,
        }));
    }
    out
}
