//! The report's content (`docs/domain.md`): what the nämnd reads, as blocks for [`crate::layout`].
//!
//! [`ReportData`] is everything the report is made from: the audit's facts, the
//! controller's chapter texts and findings, and the generated facts (the sample and the
//! results). [`blocks`] turns it into the document: cover, contents, the nine chapters and
//! the appendices. The generated parts are computed here from the data every time the
//! report is made; nothing generated is ever stored as text.
//!
//! Privacy (`docs/privacy.md`): the data handed in holds no personal data (the service checks the
//! controller's texts before this runs), and every breakdown here suppresses groups with
//! fewer than [`SMALL`] files.

use crate::layout::{Align, Block, Cell, Chart, ChartRow, Colour, Column, Setup, Shape, Table};
use aktgranskning_core::checklist::{Grade, Template, Thresholds};
use aktgranskning_core::results::{ItemResult, RollUp};
use aktgranskning_core::sampling::Dimension;
use aktgranskning_core::text::count;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The report's chapters, numbered from 1 (`docs/domain.md`).
pub const CHAPTERS: [&str; 9] = [
    "Sammanfattning",
    "Sammanvägd bedömning",
    "Metod",
    "Enhetens förutsättningar",
    "Måluppfyllelse och statistik",
    "Arbetet i enheten",
    "Samverkan",
    "Aktgranskning",
    "Kvalitetsarbete",
];

/// Groups and items with fewer files than this are not shown ("små tal",
/// `docs/statistics.md`); the same limit as the results' own.
pub const SMALL: usize = aktgranskning_core::results::SMALL as usize;

/// The marking of a critical item, in words (the font has no star, and words need no
/// legend).
const CRITICAL: &str = " (kritisk)";
/// Marks, in the checklist appendix, an item new or changed in the template's version.
const CHANGED: &str = " (ny)";

/// The chapter the file review's generated results go in.
pub const FILE_REVIEW_CHAPTER: u32 = 8;

/// The standard text of the Metod chapter, used when the controller has not written one.
/// Its last sentence is the one the model audit report (`docs/domain.md`) has about what a file review does not judge.
pub const DEFAULT_METHOD_TEXT: &str = "Granskningen har omfattat:\n\n\
- Intervjuer med enhetschef, gruppledare, medarbetare och nyckelpersoner.\n\
- Deltagande i olika möten på enheten.\n\
- Granskning av aktuella akter. Aktgranskningen har inte berört om rätt beslut har fattats, det vill säga huruvida ett beslut om en insats och dess omfattning är i enlighet med lagstiftning och gällande riktlinjer.\n\
- Genomgång av enhetens ledningssystem och styrdokument.\n\n\
Granskningsresultatet återkopplas muntligt och skriftligt till enhetschef som då har möjlighet att faktagranska innehållet innan rapporten färdigställs. Rapporten överlämnas sedan till ansvarig förvaltning som avgör vilka eventuella åtgärder enheten behöver vidta. Rapporten anmäls slutligen till ansvarig nämnd.";

/// One chapter: the controller's text and graded findings.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterData {
    pub number: u32,
    pub title: String,
    /// The controller's text, with light markup: a blank line between paragraphs, `- `
    /// (or `• `, `* `) starting a bullet, `## ` starting a numbered section heading.
    pub text: String,
    pub findings: Vec<(Grade, String)>,
}

/// Files per group of a breakdown (per lagrum, per insats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub label: String,
    pub population: usize,
    pub sample: usize,
}

/// How the sample was drawn: the Metod chapter's generated facts.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodData {
    pub population: usize,
    pub sample_size: usize,
    /// The fraction as a Swedish number, e.g. `30` or `12,5`.
    pub percent: String,
    pub strata: Vec<Dimension>,
    /// How many strata the population fell into.
    pub strata_count: usize,
    /// Strata whose expected sample is under one file (`n·N_h < N`).
    pub small_strata: usize,
    pub per_lagrum: Vec<Group>,
    pub per_insats: Vec<Group>,
    pub seed: u64,
    pub algorithm: String,
    pub population_sha256: String,
    /// The date the population describes (aktuella akter per …).
    pub reference_date: NaiveDate,
    pub drawn_on: NaiveDate,
}

/// The double review's agreement, as printed (no case ids).
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementData {
    /// Files drawn for double review, and those both reviews are complete for.
    pub drawn: usize,
    pub files: usize,
    /// "10 %".
    pub percent: String,
    pub seed: u64,
    /// Paired answers compared.
    pub pairs: u32,
    pub agreement: f64,
    /// AC1 with its 95 % interval.
    pub ac1: (f64, f64, f64),
    /// κ with its 95 % interval; `None` when undefined.
    pub kappa: Option<(f64, f64, f64)>,
    /// Items with low agreement: text, share alike, AC1.
    pub flagged: Vec<(String, f64, f64)>,
    pub disagreements: usize,
    pub settled_first: usize,
    pub settled_second: usize,
    pub settled_other: usize,
    pub unsettled: usize,
}

/// A follow-up's account of the earlier recommendations, as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowupData {
    /// The earlier audit, as the reader knows it.
    pub previous: String,
    pub items: Vec<FollowupRowData>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowupRowData {
    pub text: String,
    pub response: Option<String>,
    /// The unit's status in words with its symbol ("● Genomförd"); `None` unanswered.
    pub status: Option<String>,
    pub answer: Option<String>,
    pub assessment: Option<String>,
}

/// A follow-up's comparison with the audit it follows, as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendData {
    /// The earlier audit, as the reader knows it: "2023/VON 0123, 1 september 2023".
    pub previous: String,
    /// The Sammanfattning's sentence on the comparison, as the controller left it.
    pub summary: String,
    /// The same sentence as generated from the verdicts (chapter 8 prints it).
    pub generated: String,
    pub areas: Vec<TrendRow>,
    pub items: Vec<TrendRow>,
    /// Every audit of the unit's chain of follow-ups, for the chart over time.
    pub series: TrendSeries,
}

/// The areas' rates over every audit of a chain of follow-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSeries {
    /// The audits, the oldest first and the current one last, as named in the table.
    pub audits: Vec<String>,
    /// The same, as named in the chart (shorter where it can be).
    pub chart_audits: Vec<String>,
    /// Per area, each audit's rate (`None`: not comparable, or too few files).
    pub areas: Vec<(String, Vec<Option<SeriesValue>>)>,
}

/// A rate (fractions 0–1) with its interval and how it reads ("50 % (44–55 %)").
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesValue {
    pub rate: f64,
    pub low: f64,
    pub high: f64,
    pub text: String,
}

/// One compared area or item: the earlier and the current rate with their intervals
/// ("82 av 165, 50 % (44–55 %)"), the change in percentage points with its interval,
/// and the verdict in words.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub name: String,
    pub previous: Option<String>,
    pub current: Option<String>,
    pub change: Option<String>,
    /// förbättring, försämring, ingen säker förändring, ej jämförbar.
    pub verdict: String,
}

/// A recommendation as the report prints it: its number, its text, and the grade of the
/// finding it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationData {
    pub number: usize,
    pub text: String,
    pub grade: Option<Grade>,
}

/// One item's result and the motivation of its final grade.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemData {
    pub result: ItemResult,
    pub motivation: Option<String>,
}

/// The results of the file review.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsData {
    pub population: usize,
    pub sample_size: usize,
    pub files_complete: usize,
    pub items: Vec<ItemData>,
    pub kvalitetsomraden: Vec<RollUp>,
}

/// Everything a report is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    pub unit: String,
    pub org: String,
    pub board: String,
    pub diarienr: String,
    /// The date on the cover.
    pub date: NaiveDate,
    pub created: DateTime<Utc>,
    /// The controllers who wrote the report, named on the cover.
    pub controllers: Vec<String>,
    /// The period the audit covers as planned (either end may be missing); without it the
    /// cover gives the draw's date to the report's.
    pub period: (Option<NaiveDate>, Option<NaiveDate>),
    /// The fact-check, one sentence per round (sent, answered, withdrawn or closed without
    /// response), printed in Metod.
    pub factcheck: Vec<String>,
    /// The audit's status in words (Granskning, Faktagranskning, Slutförd …).
    pub status: String,
    pub draft: bool,
    /// Chapters 1–9 in order.
    pub chapters: Vec<ChapterData>,
    /// None until a sample is drawn.
    pub method: Option<MethodData>,
    /// None until a sample is drawn.
    pub results: Option<ResultsData>,
    /// The audit's checklist, for the appendix and the item numbers.
    pub template: Template,
    /// The audit's recommendations, numbered as printed.
    pub recommendations: Vec<RecommendationData>,
    /// For a follow-up: the comparison with the audit it follows.
    pub trend: Option<TrendData>,
    /// For a follow-up: the earlier audit's recommendations and what became of them.
    pub followup: Option<FollowupData>,
    /// When files were reviewed twice: how far the two reviews agreed.
    pub agreement: Option<AgreementData>,
    /// In a final version: the head of the audit's history chain when it was finalised
    /// (`SHA-256`, hex), printed so that the copy the nämnd holds anchors the history.
    pub history_sha256: Option<String>,
}

impl ReportData {
    /// Sampled files still without every answer, and the sample's size: a report made
    /// while answers are missing is marked incomplete, and as a draft on every page.
    pub fn missing_answers(&self) -> (usize, usize) {
        self.results.as_ref().map_or((0, 0), |r| {
            (
                r.sample_size.saturating_sub(r.files_complete),
                r.sample_size,
            )
        })
    }

    /// The document's title, header and metadata.
    pub fn setup(&self) -> Setup {
        Setup {
            title: format!("Granskning av {}", self.unit),
            author: self.org.clone(),
            header_left: self.unit.clone(),
            header_right: self.diarienr.clone(),
            draft: self.draft || self.missing_answers().0 > 0,
            created: self.created,
        }
    }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// `1 september 2023`.
pub fn swedish_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// A fraction as a whole percent, `85 %`.
pub fn percent(x: f64) -> String {
    format!("{} %", (x * 100.0).round() as i64)
}

/// An interval as whole percents, `80–89 %`.
pub fn interval(low: f64, high: f64) -> String {
    format!(
        "{}–{} %",
        (low * 100.0).round() as i64,
        (high * 100.0).round() as i64
    )
}

/// The fill of a grade cell: light enough for black text, told apart by the text too.
pub fn grade_fill(g: Grade) -> Colour {
    match g {
        Grade::Gron => Colour(0.63, 0.84, 0.56),
        Grade::Gul => Colour(1.0, 0.87, 0.40),
        Grade::Rod => Colour(0.95, 0.50, 0.45),
    }
}

/// The ink of a grade in the chart: darker, to stand out on white.
/// The chart marker of a grade: shape as well as colour, so that greyscale prints and
/// colour-blind readers tell the grades apart (as the app's ● ▲ ■).
fn grade_shape(g: Option<Grade>) -> Shape {
    match g {
        Some(Grade::Gron) => Shape::Circle,
        Some(Grade::Gul) => Shape::Triangle,
        Some(Grade::Rod) | None => Shape::Square,
    }
}

fn grade_ink(g: Option<Grade>) -> Colour {
    match g {
        Some(Grade::Gron) => Colour(0.16, 0.52, 0.20),
        // Dark amber: a yellow mark on white must still reach 3:1 contrast.
        Some(Grade::Gul) => Colour(0.70, 0.46, 0.0),
        Some(Grade::Rod) => Colour(0.78, 0.16, 0.12),
        None => Colour(0.45, 0.47, 0.50),
    }
}

pub(crate) fn grade_cell(g: Grade) -> Cell {
    Cell {
        text: g.label().to_string(),
        fill: Some(grade_fill(g)),
        bold: true,
    }
}

pub(crate) fn column(title: &str, share: f32, align: Align) -> Column {
    Column {
        title: title.to_string(),
        share,
        align,
    }
}

fn section_row(text: &str) -> Vec<Cell> {
    vec![Cell {
        text: text.to_string(),
        fill: Some(Colour(0.93, 0.94, 0.96)),
        bold: true,
    }]
}

/// Numbers sections within a chapter: `4.1`, `4.2` …
struct Sections {
    chapter: u32,
    next: u32,
}

impl Sections {
    fn heading(&mut self, title: &str) -> Block {
        self.next += 1;
        Block::Heading {
            level: 2,
            text: format!("{}.{} {}", self.chapter, self.next, title),
        }
    }
}

/// The controller's text as blocks, after the light markup of [`ChapterData::text`].
fn text_blocks(text: &str, sections: &mut Sections) -> Vec<Block> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut bullets: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<Block>, paragraph: &mut Vec<&str>, bullets: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join("\n")));
            paragraph.clear();
        }
        if !bullets.is_empty() {
            out.push(Block::Bullets(std::mem::take(bullets)));
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut out, &mut paragraph, &mut bullets);
        } else if let Some(h) = line.strip_prefix("##") {
            flush(&mut out, &mut paragraph, &mut bullets);
            out.push(sections.heading(h.trim_start_matches('#').trim()));
        } else if let Some(b) = ["- ", "• ", "* "].iter().find_map(|p| line.strip_prefix(p)) {
            if !paragraph.is_empty() {
                out.push(Block::Paragraph(paragraph.join("\n")));
                paragraph.clear();
            }
            bullets.push(b.trim().to_string());
        } else if !bullets.is_empty() && raw.starts_with([' ', '\t']) {
            // An indented line continues the bullet above it.
            if let Some(last) = bullets.last_mut() {
                last.push(' ');
                last.push_str(line);
            }
        } else {
            if !bullets.is_empty() {
                out.push(Block::Bullets(std::mem::take(&mut bullets)));
            }
            paragraph.push(line);
        }
    }
    flush(&mut out, &mut paragraph, &mut bullets);
    out
}

/// Findings in the order of the Sammanvägd bedömning: Grön, Gul, Röd, each in the order
/// given.
fn ordered<'a>(findings: impl Iterator<Item = &'a (Grade, String)>) -> Vec<&'a (Grade, String)> {
    let mut v: Vec<_> = findings.collect();
    v.sort_by_key(|(g, _)| *g);
    v
}

fn findings_table(findings: &[&(Grade, String)]) -> Block {
    Block::Table(Table {
        columns: vec![
            column("Kvalitetsnivå", 1.3, Align::Left),
            column("Bedömning", 5.0, Align::Left),
        ],
        rows: findings
            .iter()
            .map(|(g, text)| vec![grade_cell(*g), Cell::text(text.clone())])
            .collect(),
    })
}

/// Builds the whole document.
pub fn blocks(d: &ReportData) -> Vec<Block> {
    let mut out = cover(d);
    out.push(Block::PageBreak);
    out.push(Block::Title {
        text: "Innehåll".to_string(),
        size: 16.0,
    });
    out.push(Block::Contents);
    out.push(Block::PageBreak);
    for ch in &d.chapters {
        out.push(Block::Heading {
            level: 1,
            text: format!("{} {}", ch.number, ch.title),
        });
        let mut sections = Sections {
            chapter: ch.number,
            next: 0,
        };
        match ch.number {
            2 => overall(d, ch, &mut out),
            3 => {
                let text = if ch.text.trim().is_empty() {
                    DEFAULT_METHOD_TEXT
                } else {
                    &ch.text
                };
                out.extend(text_blocks(text, &mut sections));
                method(d, &mut sections, &mut out);
            }
            FILE_REVIEW_CHAPTER => {
                file_review_intro(d, &mut out);
                out.extend(text_blocks(&ch.text, &mut sections));
                file_review(d, &mut sections, &mut out);
            }
            1 => {
                out.extend(text_blocks(&ch.text, &mut sections));
                // A follow-up's comparison in one sentence, as the controller left it.
                if let Some(t) = &d.trend {
                    out.push(Block::Paragraph(t.summary.clone()));
                }
            }
            _ => out.extend(text_blocks(&ch.text, &mut sections)),
        }
        if ch.number != 2 && !ch.findings.is_empty() {
            out.push(sections.heading(&format!("Bedömning av {}", lowercase_first(&ch.title))));
            out.push(findings_table(&ordered(ch.findings.iter())));
        }
        let generated = matches!(ch.number, 2 | 3 | 8) || (ch.number == 1 && d.trend.is_some());
        if ch.text.trim().is_empty() && ch.findings.is_empty() && !generated {
            out.push(Block::Note("Kapitlet har ännu ingen text.".to_string()));
        }
    }
    appendices(d, &mut out);
    out
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The cover's Granskningsperiod: the planned period, an end not given taken from the
/// draw (start) and the report's date (end); without a planned period, the draw to the
/// report's date.
fn period(d: &ReportData) -> String {
    let drawn = d.method.as_ref().map(|m| m.drawn_on);
    let from = d.period.0.or(drawn);
    let to = d.period.1.or(Some(d.date).filter(|_| from.is_some()));
    match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", swedish_date(f), swedish_date(t)),
        (None, Some(t)) => format!("till {}", swedish_date(t)),
        _ => "–".to_string(),
    }
}

fn cover(d: &ReportData) -> Vec<Block> {
    let controllers = if d.controllers.is_empty() {
        "–".to_string()
    } else {
        d.controllers.join(", ")
    };
    vec![
        Block::Space(120.0),
        Block::Title {
            text: format!("Granskning av {}", d.unit),
            size: 26.0,
        },
        Block::Paragraph(format!("Rapport till {}", lowercase_first(&d.board))),
        Block::Space(36.0),
        Block::Facts(vec![
            ("Förvaltning".to_string(), d.org.clone()),
            ("Nämnd".to_string(), d.board.clone()),
            ("Diarienummer".to_string(), d.diarienr.clone()),
            ("Datum".to_string(), swedish_date(d.date)),
            ("Granskningsperiod".to_string(), period(d)),
            (
                "Akterna".to_string(),
                d.method.as_ref().map_or("–".to_string(), |m| {
                    format!("aktuella den {}", swedish_date(m.reference_date))
                }),
            ),
            ("Kvalitetscontrollers".to_string(), controllers),
            (
                "Status".to_string(),
                match d.missing_answers() {
                    (0, _) if d.draft => format!("{} (utkast)", d.status),
                    (0, _) => d.status.clone(),
                    (missing, files) => format!(
                        "{}, ofullständig: {missing} av {files} akter saknar svar (utkast)",
                        d.status
                    ),
                },
            ),
        ]),
    ]
}

/// Chapter 2: the legend and every graded finding of the audit, Grön, Gul, Röd.
fn overall(d: &ReportData, ch: &ChapterData, out: &mut Vec<Block>) {
    out.push(Block::Heading {
        level: 2,
        text: "Kvalitetsnivåer".to_string(),
    });
    // The legend states both rules in use: the meaning of a grade in the controllers'
    // assessments, and the thresholds the file review's grades are suggested from.
    let t = &d.template.thresholds;
    let rule = |g: Grade| match g {
        Grade::Gron => format!(
            "Uppfyllt i minst {} av de aktuella akterna.",
            bp_percent(t.gron_bp)
        ),
        Grade::Gul => format!(
            "Uppfyllt i minst {} men färre än {} av de aktuella akterna.",
            bp_percent(t.gul_bp),
            bp_percent(t.gron_bp)
        ),
        Grade::Rod => format!(
            "Uppfyllt i färre än {} av de aktuella akterna.",
            bp_percent(t.gul_bp)
        ),
    };
    out.push(Block::Table(Table {
        columns: vec![
            column("Kvalitetsnivå", 1.3, Align::Left),
            column("Innebörd", 3.2, Align::Left),
            column("I aktgranskningen", 2.6, Align::Left),
        ],
        rows: [Grade::Gron, Grade::Gul, Grade::Rod]
            .into_iter()
            .map(|g| vec![grade_cell(g), Cell::text(g.meaning()), Cell::text(rule(g))])
            .collect(),
    }));
    out.push(Block::Heading {
        level: 2,
        text: "Så läser du resultaten".to_string(),
    });
    out.push(Block::Bullets(vec![
        "x av n: punkten är uppfylld i x av de n granskade akter där den är aktuell.".to_string(),
        "Andelen gäller de granskade akterna. Intervallet (95 % konfidensintervall, KI) visar var andelen för alla aktuella akter i enheten troligen ligger.".to_string(),
        "Delvis uppfyllt räknas inte som uppfyllt; andelen Delvis redovisas för sig.".to_string(),
        "Osäker: intervallet spänner över en nivågräns, så nivån för enheten som helhet kan vara en annan. Det betyder inte att granskarna var osäkra.".to_string(),
        format!("Punkter med färre än {SMALL} aktuella akter redovisas inte, så att ingen enskild kan kännas igen."),
    ]));
    out.extend(text_blocks(
        &ch.text,
        &mut Sections {
            chapter: 2,
            next: 0,
        },
    ));
    let all = ordered(d.chapters.iter().flat_map(|c| c.findings.iter()));
    out.push(Block::Heading {
        level: 2,
        text: "Bedömningar".to_string(),
    });
    if all.is_empty() {
        out.push(Block::Paragraph(
            "Inga bedömningar är gjorda ännu.".to_string(),
        ));
    } else {
        out.push(findings_table(&all));
    }
    followup_section(d, out);
    // What must be done, apart from what was seen: the recommendations as a numbered
    // list of their own, each with the grade of the finding it answers.
    if !d.recommendations.is_empty() {
        out.push(Block::Heading {
            level: 2,
            text: "Rekommendationer".to_string(),
        });
        out.push(Block::Paragraph(format!(
            "Granskningen rekommenderar {} att se till att följande åtgärder vidtas.",
            lowercase_first(&d.board)
        )));
        out.push(Block::Table(Table {
            columns: vec![
                column("Nr", 0.5, Align::Left),
                column("Rekommendation", 5.0, Align::Left),
                column("Gäller nivå", 1.3, Align::Left),
            ],
            rows: d
                .recommendations
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.number.to_string()),
                        Cell::text(r.text.clone()),
                        r.grade.map_or_else(|| Cell::text("–"), grade_cell),
                    ]
                })
                .collect(),
        }));
    }
}

fn dimension_list(dims: &[Dimension]) -> String {
    let labels: Vec<&str> = dims.iter().map(|d| d.label()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} och {}", init.join(", "), last),
    }
}

/// Merges groups with fewer than [`SMALL`] files (in the population or the sample) into
/// "Övriga", taking the smallest groups into it until it is no longer small itself.
pub fn suppress_small(groups: &[Group], other: &str) -> Vec<Group> {
    let small = |g: &Group| g.population < SMALL || g.sample < SMALL;
    let mut shown: Vec<Group> = groups.iter().filter(|g| !small(g)).cloned().collect();
    let mut rest = Group {
        label: other.to_string(),
        population: 0,
        sample: 0,
    };
    for g in groups.iter().filter(|g| small(g)) {
        rest.population += g.population;
        rest.sample += g.sample;
    }
    if rest.population == 0 {
        return shown;
    }
    while small(&rest) && !shown.is_empty() {
        let i = (0..shown.len())
            .min_by_key(|&i| (shown[i].sample, shown[i].population))
            .unwrap_or(0);
        let g = shown.remove(i);
        rest.population += g.population;
        rest.sample += g.sample;
    }
    shown.push(rest);
    shown
}

fn groups_table(first: &str, groups: &[Group], population: usize, sample: usize) -> Block {
    let share = |s: usize, p: usize| {
        if p == 0 {
            "–".to_string()
        } else {
            percent(s as f64 / p as f64)
        }
    };
    let mut rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            vec![
                Cell::text(g.label.clone()),
                Cell::text(g.population.to_string()),
                Cell::text(g.sample.to_string()),
                Cell::text(share(g.sample, g.population)),
            ]
        })
        .collect();
    rows.push(
        [
            "Totalt".to_string(),
            population.to_string(),
            sample.to_string(),
            share(sample, population),
        ]
        .into_iter()
        .map(|t| Cell {
            text: t,
            fill: None,
            bold: true,
        })
        .collect(),
    );
    Block::Table(Table {
        columns: vec![
            column(first, 3.6, Align::Left),
            column("Aktuella akter", 1.4, Align::Right),
            column("Granskade", 1.2, Align::Right),
            column("Andel", 1.0, Align::Right),
        ],
        rows,
    })
}

/// Chapter 3's generated part: the sample and how the numbers are computed.
fn method(d: &ReportData, sections: &mut Sections, out: &mut Vec<Block>) {
    if !d.factcheck.is_empty() {
        out.push(sections.heading("Faktagranskning"));
        out.push(Block::Paragraph(d.factcheck.join(" ")));
    }
    let Some(m) = &d.method else {
        out.push(sections.heading("Urval"));
        out.push(Block::Paragraph(
            "Urvalet av akter är ännu inte draget.".to_string(),
        ));
        return;
    };
    out.push(sections.heading("Urval av akter"));
    out.push(Block::Paragraph(format!(
        "Granskning av {} procent av aktuella akter ({} av {}). Populationen är enhetens aktuella akter den {} enligt verksamhetssystemet.",
        m.percent,
        m.sample_size,
        m.population,
        swedish_date(m.reference_date)
    )));
    let strata = if m.strata.is_empty() {
        "Akterna har dragits som ett obundet slumpmässigt urval, utan stratifiering.".to_string()
    } else {
        let mut s = format!(
            "Urvalet är slumpmässigt och stratifierat på {}: populationen delas i {} grupper (strata) och ur varje grupp dras ungefär samma andel, avrundat till hela akter.",
            dimension_list(&m.strata),
            m.strata_count
        );
        if m.algorithm.ends_with("-v1") {
            s.push_str(" Grupperna är företrädda i proportion till sin storlek.");
        } else {
            s.push_str(&format!(
                " Vilka grupper som avrundas uppåt avgörs av slumpen, så att varje akt har samma chans att komma med ({} av {}).",
                m.sample_size, m.population
            ));
            match m.small_strata {
                0 => {}
                1 => s.push_str(" En av grupperna är så liten att den väntas få mindre än en akt; den har kommit med i urvalet med den sannolikheten."),
                k => s.push_str(&format!(
                    " {k} av grupperna är så små att de väntas få mindre än en akt; de har kommit med i urvalet med den sannolikheten."
                )),
            }
        }
        if m.strata.contains(&Dimension::Handlaggare) {
            s.push_str(" Handläggarnas namn redovisas inte.");
        }
        s
    };
    out.push(Block::Paragraph(strata));
    let per_lagrum = suppress_small(&m.per_lagrum, "Övriga");
    let per_insats = suppress_small(&m.per_insats, "Övriga insatser");
    out.push(groups_table(
        "Lagrum",
        &per_lagrum,
        m.population,
        m.sample_size,
    ));
    if !per_insats.is_empty() {
        out.push(groups_table(
            "Insats",
            &per_insats,
            m.population,
            m.sample_size,
        ));
    }
    // The notes say only what the tables show: how insats relates to the strata, and
    // the merged row where there is one.
    let mut notes = Vec::new();
    if !per_insats.is_empty() && !m.strata.contains(&Dimension::Insats) {
        notes.push(format!(
            "Insats är inte en grupp i urvalet: tabellen visar hur de dragna akterna fördelar sig på insatser, och andelen per insats kan därför avvika från {} procent.",
            m.percent
        ));
    }
    if per_lagrum
        .iter()
        .chain(&per_insats)
        .any(|g| g.label.starts_with("Övriga"))
    {
        notes.push(format!(
            "Grupper med färre än {SMALL} akter i populationen eller i urvalet redovisas sammanslagna under Övriga."
        ));
    }
    if !notes.is_empty() {
        out.push(Block::Note(notes.join(" ")));
    }
    out.push(sections.heading("Verifierbart urval"));
    out.push(Block::Paragraph(
        "Urvalet kan återskapas och kontrolleras i efterhand: samma population, algoritm och startvärde ger alltid samma akter. Kontrollsumman visar att populationen är densamma som när urvalet drogs.".to_string(),
    ));
    out.push(Block::Facts(vec![
        ("Algoritm".to_string(), m.algorithm.clone()),
        ("Startvärde (seed)".to_string(), m.seed.to_string()),
        ("Urvalet drogs".to_string(), swedish_date(m.drawn_on)),
    ]));
    // On a line of its own: the whole hash fits the body's width, never broken.
    out.push(Block::Paragraph(format!(
        "Kontrollsumma för populationen (SHA-256):\n{}",
        m.population_sha256
    )));
    if let Some(h) = &d.history_sha256 {
        out.push(Block::Paragraph(format!(
            "Kontrollsumma för granskningens historik när rapporten slutfördes (SHA-256):\n{h}"
        )));
        out.push(Block::Paragraph(
            "Varje ändring i granskningen (svar, bedömningar, texter, urval) är kedjad i historiken. Stämmer kontrollsumman med den som Aktgranskning räknar fram för samma rapportversion har ingenting i underlaget ändrats i efterhand.".to_string(),
        ));
    }
    if let Some(a) = &d.agreement {
        out.push(sections.heading("Dubbelgranskning"));
        out.push(Block::Paragraph(format!(
            "{} av de granskade akterna ({} av urvalet, slumpmässigt utvalda med startvärde {} och fördelade som urvalet) granskades en andra gång av en annan kvalitetscontroller, som inte såg den förstas bedömningar förrän båda var klara. {} Där bedömningarna skilde sig åt avgjorde kvalitetscontrollerna tillsammans vilket svar som gäller, med en motivering; resultaten bygger på de avgjorda svaren. Hur samstämmiga bedömningarna var redovisas i Bilaga 3.",
            count(a.drawn, "akt", "akter"),
            a.percent,
            a.seed,
            if a.files < a.drawn {
                format!("Båda granskningarna är klara för {}.", count(a.files, "akt", "akter"))
            } else {
                String::new()
            }
        ).replace("  ", " ")));
    }
    out.push(sections.heading("Andelar, konfidensintervall och nivåer"));
    let t = &d.template.thresholds;
    out.push(Block::Bullets(vec![
        "Andelen för en granskningspunkt är antalet akter där punkten är uppfylld (Ja) av de akter där den är aktuell (Ja, Delvis eller Nej), redovisat som x av n. Delvis räknas inte som uppfyllt; andelen Delvis redovisas för sig. Akter där punkten inte är aktuell räknas inte.".to_string(),
        "Osäkerheten redovisas som ett 95-procentigt konfidensintervall (Wilsons metod med korrektion för ändlig population, eftersom urvalet är en stor del av enhetens akter). Intervallet visar inom vilka gränser andelen för samtliga aktuella akter på enheten rimligen ligger.".to_string(),
        format!(
            "Nivån föreslås utifrån andelen: Grön vid minst {}, Gul vid minst {} och Röd därunder. När intervallet sträcker sig över en gräns markeras förslaget som osäkert. Kvalitetscontrollern fastställer nivån; en nivå som avviker från förslaget motiveras.",
            bp_percent(t.gron_bp),
            bp_percent(t.gul_bp)
        ),
        format!(
            "Resultat som bygger på färre än {SMALL} akter redovisas inte, så att ingen enskild kan identifieras, och de får ingen föreslagen nivå."
        ),
        "En andel som avrundad skulle hamna på en gräns den inte når anges med en decimal (till exempel 89,7 % när gränsen för Grön är 90 %), så att siffran och nivån aldrig motsäger varandra.".to_string(),
        format!(
            "Varje intervall gäller för sig: när många punkter redovisas med 95-procentiga intervall väntas något enstaka intervall av en slump inte innehålla den sanna andelen (med {} punkter {}).",
            d.template.items.len(),
            expected_misses(d.template.items.len())
        ),
        "När nästan alla aktuella akter har granskats kan andelen för enheten bara anta ett fåtal värden; intervallet omfattar då alltid de möjliga värdena mellan sina gränser.".to_string(),
    ]));
}

/// How many of `n` 95 % intervals are expected to miss, in words: "ett eller två" for
/// 32 or 38 items (5 % of them lies between one and two).
fn expected_misses(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "inget", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
    ];
    let expected = n as f64 * 0.05;
    let (low, high) = (expected.floor() as usize, expected.ceil() as usize);
    let word = |k: usize| WORDS.get(k).map_or(k.to_string(), |w| w.to_string());
    if low == high {
        word(low)
    } else {
        format!("{} eller {}", word(low), word(high))
    }
}

fn bp_percent(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        format!("{} %", bp / 100)
    } else {
        format!(
            "{},{} %",
            bp / 100,
            format!("{:02}", bp % 100).trim_end_matches('0')
        )
    }
}

fn file_review_intro(d: &ReportData, out: &mut Vec<Block>) {
    let (Some(m), Some(r)) = (&d.method, &d.results) else {
        out.push(Block::Paragraph(
            "Urvalet av akter är ännu inte draget; resultat av aktgranskningen redovisas när akterna är granskade.".to_string(),
        ));
        return;
    };
    let mut text = format!(
        "Vid granskningstillfället har enheten {} pågående ärenden. Kvalitetscontrollers har granskat {} akter vilket motsvarar {} % av dessa. Aktgranskningen har inte berört om rätt beslut har fattats, det vill säga huruvida ett beslut om en insats och dess omfattning är i enlighet med lagstiftning och gällande riktlinjer.",
        m.population, m.sample_size, m.percent
    );
    if r.files_complete < r.sample_size {
        text.push_str(&format!(
            " Granskningen pågår: {} av {} akter är färdiggranskade, och resultaten nedan är preliminära.",
            r.files_complete, r.sample_size
        ));
    }
    out.push(Block::Paragraph(text));
}

/// The grade shown for an item: the final grade, else the suggestion marked as such.
fn shown_grade(r: &ItemResult) -> Option<(Grade, String)> {
    let mut tag = match (r.final_grade, r.suggested_grade) {
        (Some(g), _) => (g, g.label().to_string()),
        (None, Some(g)) => (g, format!("{} (förslag)", g.label())),
        (None, None) => return None,
    };
    if r.uncertain {
        tag.1.push_str(", osäker");
    }
    Some(tag)
}

fn shown(r: &ItemResult) -> bool {
    r.applicable as usize >= SMALL
}

fn item_row(nr: usize, r: &ItemResult) -> Vec<Cell> {
    let mut text = r.text.clone();
    if r.critical {
        text.push_str(CRITICAL);
    }
    let mut row = vec![Cell::text(nr.to_string()), Cell::text(text)];
    if !shown(r) {
        // Unanswered is never "Ej aktuell": a file not yet answered may well apply.
        let n = match (r.applicable, r.ej_aktuellt, r.unanswered) {
            (0, 0, u) if u > 0 => "Ej besvarad".to_string(),
            (0, _, u) if u > 0 => format!("Ej aktuell i de besvarade akterna, {u} ej besvarade"),
            (0, _, _) => "Ej aktuell i urvalet".to_string(),
            _ => format!("Färre än {SMALL} akter"),
        };
        row.push(Cell::text(n));
        row.extend((0..4).map(|_| Cell::text("–")));
        return row;
    }
    let mut counts = format!("{} av {}", r.ja, r.applicable);
    if r.unanswered > 0 {
        let answered = r.applicable + r.ej_aktuellt;
        counts.push_str(&format!(
            " ({answered} besvarade av {})",
            answered + r.unanswered
        ));
    }
    row.push(Cell::text(counts));
    row.push(Cell::text(r.rate_text.clone().unwrap_or("–".to_string())));
    row.push(Cell::text(
        r.interval_text.clone().unwrap_or("–".to_string()),
    ));
    row.push(Cell::text(r.delvis_share.map_or("–".to_string(), percent)));
    row.push(match shown_grade(r) {
        Some((g, tag)) => Cell {
            text: tag,
            fill: Some(grade_fill(g)),
            bold: true,
        },
        None => Cell::text("–"),
    });
    row
}

fn item_columns(first: &str) -> Vec<Column> {
    vec![
        column("Nr", 0.45, Align::Left),
        column(first, 3.45, Align::Left),
        column("x av n", 1.1, Align::Right),
        column("Andel", 0.75, Align::Right),
        column("95 % KI", 1.1, Align::Right),
        column("Delvis", 0.85, Align::Right),
        column("Nivå", 1.6, Align::Left),
    ]
}

fn chart_row(label: String, r: &ItemResult) -> ChartRow {
    if !shown(r) {
        return ChartRow {
            label,
            value: None,
            interval: None,
            colour: grade_ink(None),
            shape: grade_shape(None),
            tag: "redovisas ej".to_string(),
        };
    }
    let grade = shown_grade(r);
    ChartRow {
        label,
        value: r.rate.map(|v| v as f32),
        interval: r.ci_low.zip(r.ci_high).map(|(l, h)| (l as f32, h as f32)),
        colour: grade_ink(grade.as_ref().map(|g| g.0)),
        shape: grade_shape(grade.as_ref().map(|g| g.0)),
        tag: grade.map_or("–".to_string(), |(_, t)| t),
    }
}

/// A chart of rates with its alt text: what it shows and every row's figures in words,
/// for a reader who cannot see it (the same figures stand in the table before it).
fn rates_chart(what: &str, rows: Vec<(String, &ItemResult)>, t: &Thresholds) -> Chart {
    let described: Vec<String> = rows
        .iter()
        .map(|(label, r)| {
            if !shown(r) {
                return format!("{label}: redovisas ej");
            }
            let grade = shown_grade(r).map_or("–".to_string(), |(_, t)| t);
            format!(
                "{label}: {} ({}), {grade}",
                r.rate_text.as_deref().unwrap_or("–"),
                r.interval_text.as_deref().unwrap_or("–")
            )
        })
        .collect();
    Chart {
        alt: format!(
            "Diagram: andel uppfyllda akter per {what} med 95 procents konfidensintervall. Streckade linjer vid gränserna för Gul ({}) och Grön ({}). {}. Samma siffror finns i tabellen före diagrammet.",
            bp_percent(t.gul_bp),
            bp_percent(t.gron_bp),
            described.join("; ")
        ),
        rows: rows
            .into_iter()
            .map(|(label, r)| chart_row(label, r))
            .collect(),
        marks: marks(t),
    }
}

fn marks(t: &Thresholds) -> Vec<f32> {
    vec![t.gul_bp as f32 / 10_000.0, t.gron_bp as f32 / 10_000.0]
}

/// Chapter 8's generated part: the results per item, the chart and the IBIC overview.
fn file_review(d: &ReportData, sections: &mut Sections, out: &mut Vec<Block>) {
    let Some(r) = &d.results else {
        return;
    };
    let numbers = item_numbers(&d.template);
    let livsomrade = |id: &str| d.template.item(id).and_then(|i| i.livsomrade.clone());
    let (ibic, items): (Vec<&ItemData>, Vec<&ItemData>) = r
        .items
        .iter()
        .partition(|i| livsomrade(&i.result.id).is_some());

    out.push(sections.heading("Resultat per granskningspunkt"));
    let mut rows = Vec::new();
    let mut area = None;
    for i in &items {
        if area != Some(&i.result.area) {
            area = Some(&i.result.area);
            rows.push(section_row(&i.result.area));
        }
        rows.push(item_row(numbers(&i.result.id), &i.result));
    }
    out.push(Block::Table(Table {
        columns: item_columns("Granskningspunkt"),
        rows,
    }));
    out.push(Block::Note(format!(
        "x av n: akter där punkten är uppfylld av de akter där den är aktuell. Andel med 95 % konfidensintervall (KI). Delvis: andelen delvis uppfyllda, som inte räknas som uppfyllda. Nivå: fastställd av kvalitetscontroller, eller förslag utifrån andelen; osäker när intervallet spänner över en gräns. Punkter med färre än {SMALL} aktuella akter redovisas inte."
    )));
    let motivated: Vec<String> = items
        .iter()
        .chain(ibic.iter())
        .filter_map(|i| {
            let m = i.motivation.as_ref()?;
            let g = i.result.final_grade?;
            (i.result.suggested_grade != Some(g)).then(|| {
                format!(
                    "Punkt {} ({}): nivån är satt till {} i stället för föreslagen {}. Motivering: {}",
                    numbers(&i.result.id),
                    lowercase_first(&i.result.text).trim_end_matches('.'),
                    g.label(),
                    i.result.suggested_grade.map_or("–", |s| s.label()),
                    m
                )
            })
        })
        .collect();
    if !motivated.is_empty() {
        out.push(Block::Paragraph(
            "Nivåer som avviker från förslaget:".to_string(),
        ));
        out.push(Block::Bullets(motivated));
    }

    out.push(sections.heading("Andelar med konfidensintervall"));
    out.push(Block::Paragraph(
        "Diagrammet visar andelen uppfyllda akter per granskningspunkt (punkt) med 95 procents konfidensintervall (linje), i nivåns färg. De streckade linjerna är gränserna för Gul och Grön.".to_string(),
    ));
    out.push(Block::Chart(rates_chart(
        "granskningspunkt",
        items
            .iter()
            .map(|i| {
                (
                    format!("{}. {}", numbers(&i.result.id), i.result.text),
                    &i.result,
                )
            })
            .collect(),
        &d.template.thresholds,
    )));

    if !ibic.is_empty() {
        out.push(sections.heading("IBIC livsområden"));
        out.push(Block::Paragraph(
            "Översikten visar i hur många akter varje livsområde enligt IBIC är beskrivet med behov, resurser och mål, av de akter där livsområdet är aktuellt för den enskilde.".to_string(),
        ));
        out.push(Block::Table(Table {
            columns: item_columns("Livsområde"),
            rows: ibic
                .iter()
                .map(|i| {
                    let mut row = item_row(numbers(&i.result.id), &i.result);
                    row[1] = Cell::text(livsomrade(&i.result.id).unwrap_or_default());
                    row
                })
                .collect(),
        }));
        out.push(Block::Chart(rates_chart(
            "livsområde",
            ibic.iter()
                .map(|i| (livsomrade(&i.result.id).unwrap_or_default(), &i.result))
                .collect(),
            &d.template.thresholds,
        )));
    }
    trend_section(d, sections, out);
}

/// A follow-up's account of the earlier audit's recommendations (chapter 2), as the
/// förvaltning's follow-ups set it out: recommendation, the nämnd's response, status,
/// and the answer with the situation today.
fn followup_section(d: &ReportData, out: &mut Vec<Block>) {
    let Some(f) = &d.followup else {
        return;
    };
    out.push(Block::Heading {
        level: 2,
        text: "Uppföljning av tidigare granskning".to_string(),
    });
    if f.items.is_empty() {
        out.push(Block::Paragraph(format!(
            "Granskningen {} lämnade inga rekommendationer att följa upp.",
            f.previous
        )));
        return;
    }
    out.push(Block::Paragraph(format!(
        "Rekommendationerna från granskningen {} och vad som har hänt med dem.",
        f.previous
    )));
    out.push(Block::Table(Table {
        columns: vec![
            column("Rekommendation", 2.4, Align::Left),
            column("Nämndens svar", 2.0, Align::Left),
            column("Status", 1.3, Align::Left),
            column("Svar och beskrivning av situationen idag", 3.0, Align::Left),
        ],
        rows: f
            .items
            .iter()
            .map(|r| {
                let mut answer = r
                    .answer
                    .clone()
                    .unwrap_or_else(|| "Inget svar har lämnats.".to_string());
                if let Some(a) = &r.assessment {
                    answer.push_str(&format!(" Granskarnas bedömning: {a}"));
                }
                vec![
                    Cell::text(r.text.clone()),
                    Cell::text(
                        r.response
                            .clone()
                            .unwrap_or_else(|| "Inget svar från nämnden har hittats.".to_string()),
                    ),
                    Cell::text(
                        r.status
                            .clone()
                            .unwrap_or_else(|| "Ej besvarad".to_string()),
                    ),
                    Cell::text(answer),
                ]
            })
            .collect(),
    }));
    out.push(Block::Note(
        "Status: ● Genomförd, ◐ Pågår, ○ Ej påbörjad, – Ej längre aktuell.".to_string(),
    ));
}

/// A follow-up's comparison with the audit it follows (chapter 8): one sentence per
/// verdict class, the areas, and the items that changed for certain.
fn trend_section(d: &ReportData, sections: &mut Sections, out: &mut Vec<Block>) {
    let Some(t) = &d.trend else {
        return;
    };
    out.push(sections.heading("Jämförelse med föregående granskning"));
    out.push(Block::Paragraph(format!(
        "{} Förbättring och försämring anges bara när förändringens 95-procentiga konfidensintervall inte omfattar noll; ett område som inte kan jämföras har nya eller ändrade granskningspunkter, eller för få akter.",
        t.generated
    )));
    let table = |first: &str, rows: Vec<&TrendRow>| {
        Block::Table(Table {
            columns: vec![
                column(first, 2.6, Align::Left),
                column("Tidigare", 1.9, Align::Right),
                column("Nu", 1.9, Align::Right),
                column("Förändring (95 % KI)", 1.9, Align::Right),
                column("Bedömning", 1.5, Align::Left),
            ],
            rows: rows
                .into_iter()
                .map(|r| {
                    vec![
                        Cell::text(r.name.clone()),
                        Cell::text(r.previous.clone().unwrap_or_else(|| "–".to_string())),
                        Cell::text(r.current.clone().unwrap_or_else(|| "–".to_string())),
                        Cell::text(r.change.clone().unwrap_or_else(|| "–".to_string())),
                        Cell::text(r.verdict.clone()),
                    ]
                })
                .collect(),
        })
    };
    out.push(table("Område", t.areas.iter().collect()));
    let changed: Vec<&TrendRow> = t
        .items
        .iter()
        .filter(|r| r.verdict == "förbättring" || r.verdict == "försämring")
        .collect();
    if !changed.is_empty() {
        out.push(Block::Paragraph(
            "Granskningspunkter med säker förändring:".to_string(),
        ));
        out.push(table("Granskningspunkt", changed));
    }
    out.push(Block::Note(
        "Tidigare och Nu: uppfyllda av aktuella granskade akter, andel och 95 % konfidensintervall. Förändring i procentenheter med 95 % konfidensintervall (Newcombes metod). Ej jämförbar: punkten är ny eller ändrad, eller bygger på färre än 5 akter.".to_string(),
    ));
    series_section(d, &t.series, sections, out);
}

/// The areas over every audit of the chain: a table when there are more than two audits
/// (two are in the comparison's table already) and a chart of the rates with their
/// intervals, one row per area and audit.
fn series_section(d: &ReportData, s: &TrendSeries, sections: &mut Sections, out: &mut Vec<Block>) {
    let shown: Vec<&(String, Vec<Option<SeriesValue>>)> = s
        .areas
        .iter()
        .filter(|(_, v)| v.iter().flatten().count() >= 2)
        .collect();
    if shown.is_empty() {
        return;
    }
    out.push(sections.heading("Utvecklingen över granskningarna"));
    out.push(Block::Paragraph(format!(
        "Andelen uppfyllda per område i enhetens {} granskningar, den äldsta först. Bara områden som kan jämföras med denna granskning i minst en tidigare visas.",
        s.audits.len()
    )));
    if s.audits.len() > 2 {
        let share = 6.8 / s.audits.len() as f32;
        let mut columns = vec![column("Område", 2.4, Align::Left)];
        columns.extend(s.audits.iter().map(|a| column(a, share, Align::Right)));
        out.push(Block::Table(Table {
            columns,
            rows: shown
                .iter()
                .map(|(area, values)| {
                    let mut row = vec![Cell::text(area.clone())];
                    row.extend(values.iter().map(|v| {
                        Cell::text(v.as_ref().map_or("–".to_string(), |v| v.text.clone()))
                    }));
                    row
                })
                .collect(),
        }));
    }
    let last = s.audits.len().saturating_sub(1);
    let mut rows = Vec::new();
    let mut described = Vec::new();
    for (area, values) in &shown {
        for (k, v) in values.iter().enumerate() {
            let label = format!("{area}, {}", s.chart_audits[k]);
            // The current audit dark and square, the earlier ones grey and round: told
            // apart in greyscale by shape as well as by tone.
            let (colour, shape) = if k == last {
                (Colour(0.10, 0.20, 0.45), Shape::Square)
            } else {
                (Colour(0.45, 0.47, 0.50), Shape::Circle)
            };
            described.push(format!(
                "{label}: {}",
                v.as_ref().map_or("jämförs inte", |v| v.text.as_str())
            ));
            rows.push(ChartRow {
                label,
                value: v.as_ref().map(|v| v.rate as f32),
                interval: v.as_ref().map(|v| (v.low as f32, v.high as f32)),
                colour,
                shape,
                tag: v
                    .as_ref()
                    .map_or("jämförs inte".to_string(), |v| percent_only(&v.text)),
            });
        }
    }
    out.push(Block::Chart(Chart {
        alt: format!(
            "Diagram: andel uppfyllda akter per område i varje granskning, med 95 procents konfidensintervall; denna granskning som fyrkant, tidigare som cirkel. Streckade linjer vid gränserna för Gul ({}) och Grön ({}). {}. Samma siffror finns i tabellerna före diagrammet.",
            bp_percent(d.template.thresholds.gul_bp),
            bp_percent(d.template.thresholds.gron_bp),
            described.join("; ")
        ),
        rows,
        marks: marks(&d.template.thresholds),
    }));
    out.push(Block::Note(
        "■ denna granskning, ● tidigare granskningar; strecket är 95 % konfidensintervall. Ett område visas med de granskningar vars punkter kan jämföras med denna gransknings.".to_string(),
    ));
}

/// "50 %" of "50 % (44–55 %)".
fn percent_only(text: &str) -> String {
    text.split(" (").next().unwrap_or(text).to_string()
}

/// Item numbers in template order, from 1, shared by chapter 8 and the appendix.
fn item_numbers(t: &Template) -> impl Fn(&str) -> usize + '_ {
    move |id| t.items.iter().position(|i| i.id == id).map_or(0, |p| p + 1)
}

fn appendices(d: &ReportData, out: &mut Vec<Block>) {
    out.push(Block::PageBreak);
    out.push(Block::Heading {
        level: 1,
        text: "Bilaga 1 Granskningsmall".to_string(),
    });
    out.push(Block::Paragraph(format!(
        "Aktgranskningen har följt granskningsmallen {} version {}. Varje punkt besvaras med Ja, Delvis, Nej eller Ej aktuellt. K anger kvalitetsområde enligt Socialstyrelsen; (kritisk) markerar mallens kritiska granskningspunkter.",
        d.template.name, d.template.version
    )));
    let apart = d.template.items.iter().any(|i| i.metodstod.is_some());
    let mut rows = Vec::new();
    let mut area = None;
    for (n, item) in d.template.items.iter().enumerate() {
        if area != Some(&item.area) {
            area = Some(&item.area);
            rows.push(section_row(&item.area));
        }
        let mut text = item.text.clone();
        if item.critical {
            text.push_str(CRITICAL);
        }
        if d.template.comparable_with_previous(item) == Some(false) {
            text.push_str(CHANGED);
        }
        let mut row = vec![
            Cell::text((n + 1).to_string()),
            Cell::text(text),
            Cell::text(if item.basis.is_empty() && apart {
                "–".to_string()
            } else {
                item.basis.clone()
            }),
        ];
        if apart {
            row.push(Cell::text(
                item.metodstod.clone().unwrap_or_else(|| "–".to_string()),
            ));
        }
        row.push(Cell::text(item.kvalitetsomrade.code()));
        rows.push(row);
    }
    // A template that keeps lagstöd and metodstöd apart prints them in columns of their
    // own, so that no one reads a method or a local policy as a legal requirement.
    let columns = if apart {
        vec![
            column("Nr", 0.45, Align::Left),
            column("Granskningspunkt", 3.5, Align::Left),
            column("Lagstöd", 1.9, Align::Left),
            column("Metodstöd, riktlinje", 1.4, Align::Left),
            column("K", 0.5, Align::Left),
        ]
    } else {
        vec![
            column("Nr", 0.45, Align::Left),
            column("Granskningspunkt", 4.4, Align::Left),
            column("Grund", 2.4, Align::Left),
            column("K", 0.5, Align::Left),
        ]
    };
    out.push(Block::Table(Table { columns, rows }));
    out.push(Block::Note(
        "K: KB kunskapsbaserad, SI självbestämmande och integritet, HS helhetssyn och samordning, TS trygghet och säkerhet, TG tillgänglighet.".to_string(),
    ));
    if d.template.declares_comparability() {
        out.push(Block::Note(format!(
            "(ny) markerar en punkt som är ny eller ändrad i version {} av mallen: dess resultat jämförs inte med resultat enligt version {}.",
            d.template.version,
            d.template.version - 1
        )));
    }
    if apart {
        out.push(Block::Note(
            "Lagstöd är lag och bindande föreskrifter; metodstöd och riktlinje är metod, allmänna råd eller kommunens egna riktlinjer. Paragrafer inom hakparentes är motsvarande paragrafer i socialtjänstlagen (2001:453), som gällde före den nuvarande socialtjänstlagen (2025:400).".to_string(),
        ));
    }

    out.push(Block::Heading {
        level: 1,
        text: "Bilaga 2 Resultat per kvalitetsområde".to_string(),
    });
    let Some(r) = &d.results else {
        out.push(Block::Paragraph(
            "Resultat redovisas när akterna är granskade.".to_string(),
        ));
        return;
    };
    out.push(Block::Paragraph(
        "Granskningspunkterna sammanställda per kvalitetsområde: andelen uppfyllda bedömningar av alla aktuella bedömningar inom området (en bedömning är en punkt i en akt, så antalet kan vara större än antalet akter), och hur många av områdets punkter som har nivån Grön (som i Öppna jämförelser: x av y).".to_string(),
    ));
    out.push(Block::Table(Table {
        columns: vec![
            column("Kvalitetsområde", 3.2, Align::Left),
            column("Punkter", 0.9, Align::Right),
            column("Uppfyllda bedömningar", 1.6, Align::Right),
            column("Andel", 0.8, Align::Right),
            column("Grön", 1.3, Align::Right),
            column("Gul", 0.7, Align::Right),
            column("Röd", 0.7, Align::Right),
        ],
        rows: r
            .kvalitetsomraden
            .iter()
            .map(|k| {
                let small = (k.applicable as usize) < SMALL;
                vec![
                    Cell::text(k.name.clone()),
                    Cell::text(k.items.to_string()),
                    Cell::text(if small {
                        format!("Färre än {SMALL}")
                    } else {
                        format!("{} av {}", k.ja, k.applicable)
                    }),
                    Cell::text(match k.rate {
                        Some(x) if !small => percent(x),
                        _ => "–".to_string(),
                    }),
                    Cell::text(format!("{} av {}", k.gron, k.graded)),
                    Cell::text(k.gul.to_string()),
                    Cell::text(k.rod.to_string()),
                ]
            })
            .collect(),
    }));
    out.push(Block::Note(
        "Nivåerna räknar fastställda nivåer, och föreslagna där ingen nivå är fastställd."
            .to_string(),
    ));
    agreement_appendix(d, out);
}

/// Bilaga 3: how far two reviewers of the same files agreed, in words a board reads.
fn agreement_appendix(d: &ReportData, out: &mut Vec<Block>) {
    let Some(a) = &d.agreement else {
        return;
    };
    out.push(Block::Heading {
        level: 1,
        text: "Bilaga 3 Bedömarsamstämmighet".to_string(),
    });
    // A share short of all is never printed as 100 % (nor one above none as 0 %).
    let pct = |x: f64| aktgranskning_core::stats::percent_text(x, &[1, 10_000]);
    let two = |x: f64| format!("{x:.2}").replace('.', ",").replace('-', "−");
    out.push(Block::Paragraph(format!(
        "Två kvalitetscontrollers granskade samma akt oberoende av varandra i {}. De bedömde lika i {} av frågorna ({} jämförda svar). Ju närmare 1 måtten nedan ligger, desto mer samstämmiga var bedömningarna; 0 betyder att de inte stämde bättre än slumpen. Gwets AC1 redovisas eftersom Cohens kappa kan bli lågt trots nästan full överensstämmelse när nästan alla svar är desamma.",
        count(a.files, "akt", "akter"),
        pct(a.agreement),
        a.pairs
    )));
    let ci = |(v, l, h): (f64, f64, f64)| (two(v), format!("{}–{}", two(l), two(h)));
    let (ac1, ac1_ci) = ci(a.ac1);
    let (kappa, kappa_ci) = a
        .kappa
        .map_or(("kan inte beräknas".to_string(), "–".to_string()), ci);
    out.push(Block::Table(Table {
        columns: vec![
            column("Mått", 3.0, Align::Left),
            column("Värde", 1.2, Align::Right),
            column("95 % KI", 1.6, Align::Right),
        ],
        rows: vec![
            vec![
                Cell::text("Andel lika bedömningar"),
                Cell::text(pct(a.agreement)),
                Cell::text("–"),
            ],
            vec![Cell::text("Gwets AC1"), Cell::text(ac1), Cell::text(ac1_ci)],
            vec![
                Cell::text("Cohens kappa"),
                Cell::text(kappa),
                Cell::text(kappa_ci),
            ],
        ],
    }));
    if a.flagged.is_empty() {
        out.push(Block::Paragraph(
            "Ingen granskningspunkt hade låg samstämmighet (AC1 under 0,6 eller färre än 80 % lika bedömningar).".to_string(),
        ));
    } else {
        out.push(Block::Paragraph(
            "Granskningspunkter med låg samstämmighet (AC1 under 0,6 eller färre än 80 % lika bedömningar), där granskarnas gemensamma tolkning behöver stämmas av:".to_string(),
        ));
        out.push(Block::Table(Table {
            columns: vec![
                column("Granskningspunkt", 4.0, Align::Left),
                column("Lika", 0.9, Align::Right),
                column("AC1", 0.9, Align::Right),
            ],
            rows: a
                .flagged
                .iter()
                .map(|(text, agree, ac1)| {
                    vec![
                        Cell::text(text.trim_end_matches('.').to_string()),
                        Cell::text(pct(*agree)),
                        Cell::text(two(*ac1)),
                    ]
                })
                .collect(),
        }));
    }
    let settled = a.settled_first + a.settled_second + a.settled_other;
    out.push(Block::Paragraph(if a.disagreements == 0 {
        "Granskarna bedömde alla jämförda frågor lika.".to_string()
    } else {
        let mut s = format!(
            "Av {} avgjordes {}: {} till den första granskarens svar, {} till den andras och {} till ett annat svar.",
            count(a.disagreements, "skiljaktig bedömning", "skiljaktiga bedömningar"),
            settled,
            a.settled_first,
            a.settled_second,
            a.settled_other
        );
        if a.unsettled > 0 {
            s.push_str(&format!(" {} återstår att avgöra.", a.unsettled));
        }
        s
    }));
}

#[cfg(test)]
mod tests;
