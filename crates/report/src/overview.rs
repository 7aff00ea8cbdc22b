//! The förvaltning's overview as a short appendix for the verksamhetsberättelse, in the
//! report's style and with the same tagging (PDF/UA-1, PDF/A-2a) and Word output: each
//! unit's latest grades per area, the kvalitetsområden, the units over time, the share
//! of each grade per year and the open recommendations.

use crate::content::{column, grade_cell, grade_fill, swedish_date};
use crate::layout::{Align, Block, Cell, Setup, Table};
use aktgranskning_core::checklist::Grade;
use chrono::{DateTime, NaiveDate, Utc};

/// One unit's latest finalised audit.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewUnit {
    pub unit: String,
    pub org: String,
    pub diarienr: String,
    pub date: NaiveDate,
    pub sample_size: usize,
    /// Per area of [`OverviewData::areas`], its grade (`None`: not graded, or the area
    /// is not in the unit's checklist).
    pub grades: Vec<Option<Grade>>,
    /// Per kvalitetsområde: code, items Grön, items graded.
    pub kvalitetsomraden: Vec<(String, u32, u32)>,
    /// The unit's audits, the oldest first.
    pub series: Vec<SeriesAudit>,
}

/// One audit in a unit's series: its reference date, diarienummer, and per area the grade
/// and the verdict against the audit before ("förbättring", "försämring", or none).
pub type SeriesAudit = (
    NaiveDate,
    String,
    Vec<(Option<Grade>, Option<&'static str>)>,
);

/// A förvaltning's grades in a year.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewYear {
    pub org: String,
    pub year: i32,
    pub units: u32,
    pub gron: u32,
    pub gul: u32,
    pub rod: u32,
}

/// An open recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRecommendation {
    pub unit: String,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    /// In words: "Ej uppföljd", "Pågår", "Ej påbörjad".
    pub status: String,
    pub overdue: bool,
}

/// Everything the overview appendix is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewData {
    /// What it covers: "Vård- och omsorgsförvaltningen, 2025".
    pub scope: String,
    pub created: DateTime<Utc>,
    pub areas: Vec<String>,
    pub units: Vec<OverviewUnit>,
    pub years: Vec<OverviewYear>,
    pub recommendations: Vec<OverviewRecommendation>,
}

impl OverviewData {
    pub fn setup(&self) -> Setup {
        Setup {
            title: format!("Översikt över granskade enheter: {}", self.scope),
            author: self.scope.clone(),
            header_left: "Översikt över granskade enheter".to_string(),
            header_right: self.scope.clone(),
            draft: false,
            created: self.created,
        }
    }
}

/// "O1", "O2" …: the areas' short names in the grid's header.
fn area_code(k: usize) -> String {
    format!("O{}", k + 1)
}

/// A grade as its word on its colour (the word, so that nothing is told by colour alone).
fn grade_or_dash(g: Option<Grade>, mark: &str) -> Cell {
    match g {
        Some(g) => {
            let mut c = grade_cell(g);
            c.text = format!("{}{mark}", g.label());
            c
        }
        None => Cell::text(format!("–{mark}")),
    }
}

fn area_key(areas: &[String]) -> Block {
    Block::Note(format!(
        "Områden: {}. Nivån är områdets svagaste bland punkter med minst 5 aktuella akter; – ingen nivå (för få akter, eller området finns inte i enhetens mall).",
        areas
            .iter()
            .enumerate()
            .map(|(k, a)| format!("{} {a}", area_code(k)))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The overview's blocks.
pub fn blocks(d: &OverviewData) -> Vec<Block> {
    let mut out = vec![
        Block::Title {
            text: "Översikt över granskade enheter".to_string(),
            size: 22.0,
        },
        Block::Facts(vec![
            ("Omfattning".to_string(), d.scope.clone()),
            ("Datum".to_string(), swedish_date(d.created.date_naive())),
            ("Enheter".to_string(), d.units.len().to_string()),
        ]),
        Block::Paragraph(
            "Översikten visar varje enhets senaste slutförda aktgranskning: nivån per område i granskningsmallen, hur många av varje kvalitetsområdes granskningspunkter som har nivån Grön, enheternas granskningar över tid, andelen Grön, Gul och Röd per år och de rekommendationer som ännu inte är genomförda. Den bygger på de slutförda rapporterna och innehåller inga personuppgifter; resultat som bygger på färre än 5 akter redovisas inte.".to_string(),
        ),
        Block::Contents,
    ];
    let n = d.areas.len().max(1) as f32;
    // 1. The grid.
    out.push(Block::Heading {
        level: 1,
        text: "1 Enheternas senaste granskning".to_string(),
    });
    if d.units.is_empty() {
        out.push(Block::Paragraph(
            "Det finns ingen slutförd granskning att visa.".to_string(),
        ));
    } else {
        let mut columns = vec![
            column("Enhet", 2.0, Align::Left),
            column("Akter den", 1.2, Align::Left),
            column("Akter", 0.8, Align::Right),
        ];
        columns.extend((0..d.areas.len()).map(|k| column(&area_code(k), 6.0 / n, Align::Left)));
        out.push(Block::Table(Table {
            columns,
            rows: d
                .units
                .iter()
                .map(|u| {
                    let mut row = vec![
                        Cell::text(format!("{} ({})", u.unit, u.diarienr)),
                        Cell::text(swedish_date(u.date)),
                        Cell::text(u.sample_size.to_string()),
                    ];
                    row.extend(u.grades.iter().map(|g| grade_or_dash(*g, "")));
                    row
                })
                .collect(),
        }));
        out.push(area_key(&d.areas));

        // 2. Kvalitetsområden.
        out.push(Block::Heading {
            level: 1,
            text: "2 Kvalitetsområden".to_string(),
        });
        out.push(Block::Paragraph(
            "Hur många av kvalitetsområdets granskningspunkter med en nivå som har nivån Grön, som i Öppna jämförelser (x av y).".to_string(),
        ));
        let codes: Vec<String> = d
            .units
            .iter()
            .flat_map(|u| u.kvalitetsomraden.iter().map(|k| k.0.clone()))
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        let mut columns = vec![column("Enhet", 2.6, Align::Left)];
        columns.extend(codes.iter().map(|c| column(c, 1.0, Align::Right)));
        out.push(Block::Table(Table {
            columns,
            rows: d
                .units
                .iter()
                .map(|u| {
                    let mut row = vec![Cell::text(u.unit.clone())];
                    row.extend(codes.iter().map(|c| {
                        match u.kvalitetsomraden.iter().find(|k| &k.0 == c) {
                            Some((_, gron, graded)) if *graded > 0 => {
                                Cell::text(format!("{gron} av {graded}"))
                            }
                            _ => Cell::text("–"),
                        }
                    }));
                    row
                })
                .collect(),
        }));
        out.push(Block::Note(
            "KB kunskapsbaserad, SI självbestämmande och integritet, HS helhetssyn och samordning, TS trygghet och säkerhet, TG tillgänglighet.".to_string(),
        ));

        // 3. Over time.
        out.push(Block::Heading {
            level: 1,
            text: "3 Enheterna över tid".to_string(),
        });
        out.push(Block::Paragraph(
            "Varje enhets slutförda granskningar, den äldsta först. ↑ förbättring och ↓ försämring mot granskningen före, när förändringens 95-procentiga konfidensintervall inte omfattar noll.".to_string(),
        ));
        for u in &d.units {
            out.push(Block::Heading {
                level: 2,
                text: u.unit.clone(),
            });
            let share = 6.0 / u.series.len().max(1) as f32;
            let mut columns = vec![column("Område", 3.0, Align::Left)];
            columns.extend(u.series.iter().map(|(date, diarienr, _)| {
                column(
                    &format!("{} ({diarienr})", swedish_date(*date)),
                    share,
                    Align::Left,
                )
            }));
            out.push(Block::Table(Table {
                columns,
                rows: d
                    .areas
                    .iter()
                    .enumerate()
                    .map(|(k, area)| {
                        let mut row = vec![Cell::text(area.clone())];
                        row.extend(u.series.iter().map(|(_, _, cells)| {
                            let (g, v) = cells.get(k).copied().unwrap_or((None, None));
                            let mark = match v {
                                Some("förbättring") => " ↑",
                                Some("försämring") => " ↓",
                                _ => "",
                            };
                            grade_or_dash(g, mark)
                        }));
                        row
                    })
                    .collect(),
            }));
        }
    }

    // 4. Per year.
    out.push(Block::Heading {
        level: 1,
        text: "4 Nivåerna per år".to_string(),
    });
    if d.years.is_empty() {
        out.push(Block::Paragraph("Inga slutförda granskningar.".to_string()));
    } else {
        out.push(Block::Paragraph(
            "Andelen av områdena med nivån Grön, Gul och Röd per förvaltning och år, räknat över varje enhets senaste slutförda granskning det året.".to_string(),
        ));
        let share = |x: u32, all: u32| {
            if all == 0 {
                "–".to_string()
            } else {
                format!(
                    "{x} ({} %)",
                    (f64::from(x) * 100.0 / f64::from(all)).round()
                )
            }
        };
        out.push(Block::Table(Table {
            columns: vec![
                column("Förvaltning", 2.6, Align::Left),
                column("År", 0.7, Align::Left),
                column("Enheter", 0.9, Align::Right),
                column("● Grön", 1.2, Align::Right),
                column("▲ Gul", 1.2, Align::Right),
                column("■ Röd", 1.2, Align::Right),
            ],
            rows: d
                .years
                .iter()
                .map(|y| {
                    let all = y.gron + y.gul + y.rod;
                    vec![
                        Cell::text(y.org.clone()),
                        Cell::text(y.year.to_string()),
                        Cell::text(y.units.to_string()),
                        Cell {
                            fill: Some(grade_fill(Grade::Gron)),
                            ..Cell::text(share(y.gron, all))
                        },
                        Cell {
                            fill: Some(grade_fill(Grade::Gul)),
                            ..Cell::text(share(y.gul, all))
                        },
                        Cell {
                            fill: Some(grade_fill(Grade::Rod)),
                            ..Cell::text(share(y.rod, all))
                        },
                    ]
                })
                .collect(),
        }));
    }

    // 5. Open recommendations.
    out.push(Block::Heading {
        level: 1,
        text: "5 Rekommendationer som inte är genomförda".to_string(),
    });
    if d.recommendations.is_empty() {
        out.push(Block::Paragraph(
            "Alla rekommendationer är genomförda eller inte längre aktuella.".to_string(),
        ));
    } else {
        out.push(Block::Table(Table {
            columns: vec![
                column("Enhet", 1.6, Align::Left),
                column("Rekommendation", 3.6, Align::Left),
                column("Ansvarig", 1.3, Align::Left),
                column("Klart senast", 1.3, Align::Left),
                column("Status", 1.4, Align::Left),
            ],
            rows: d
                .recommendations
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.unit.clone()),
                        Cell::text(r.text.clone()),
                        Cell::text(r.owner.clone().unwrap_or_else(|| "–".to_string())),
                        Cell::text(r.due.clone().unwrap_or_else(|| "–".to_string())),
                        if r.overdue {
                            Cell {
                                bold: true,
                                ..Cell::text(format!("{}, försenad", r.status))
                            }
                        } else {
                            Cell::text(r.status.clone())
                        },
                    ]
                })
                .collect(),
        }));
        out.push(Block::Note(
            "Status enligt enhetens svar vid den senaste uppföljningen; Ej uppföljd när ingen uppföljning har gjorts. Försenad: sista datum har passerats.".to_string(),
        ));
    }
    out
}
