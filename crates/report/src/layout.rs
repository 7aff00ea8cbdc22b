//! Flowing blocks into A4 pages, as a tagged PDF/A-2a and PDF/UA-1 document.
//!
//! Two passes: blocks are laid out into pages of positioned items (so the total page
//! count is known), then every page gets its running header, `Sida X (Y)` footer and,
//! for a draft, the `UTKAST` marking, and everything is drawn with krilla.
//!
//! Every item carries a [`Mark`]: the structure element it is content of (a heading, a
//! paragraph, a table cell, a list item's label or body, the chart's figure, a link in
//! the table of contents), or an artifact (running header and footer, watermark, rules,
//! cell fills, a table header row repeated on a new page). The elements form the
//! document's tag tree in reading order, which is the order blocks are laid out in.
//! krilla checks PDF/A-2a and PDF/UA-1 while writing and refuses a document that breaks
//! them; what it cannot check (alt text that says something, headings in order, tables
//! with header cells) the layout makes so and the tests check.

use crate::fonts::{Face, Fonts};
use chrono::{DateTime, Datelike, Timelike, Utc};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, ListNumbering, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::{Document, SerializeSettings};
use std::num::{NonZeroU16, NonZeroU32};

mod flow;
use flow::{Art, Bookmark, Item, Mark, Node, Paged, Role, paginate};

/// A4 in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 62.0;
const BODY_TOP: f32 = PAGE_H - 78.0;
const BODY_BOTTOM: f32 = 64.0;
const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const TEXT_SIZE: f32 = 11.0;
const TEXT_LEAD: f32 = 15.0;
const TABLE_SIZE: f32 = 9.5;
const TABLE_LEAD: f32 = 12.5;
const CELL_PAD: f32 = 4.0;
const NOTE_SIZE: f32 = 9.0;
const NOTE_LEAD: f32 = 11.5;
const CHART_SIZE: f32 = 9.0;
const CHART_LEAD: f32 = 11.0;
const CHART_LABEL_W: f32 = BODY_W * 0.42;
const CHART_AXIS_H: f32 = 22.0;
const GRID: Colour = Colour(0.82, 0.84, 0.87);
const MARK: Colour = Colour(0.45, 0.47, 0.50);

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

impl Colour {
    /// `RRGGBB` in hex digits (as SVG and Word write colours).
    pub fn hex(self) -> String {
        let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!(
            "{:02X}{:02X}{:02X}",
            byte(self.0),
            byte(self.1),
            byte(self.2)
        )
    }
}

pub const BLACK: Colour = Colour(0.0, 0.0, 0.0);
const RULE: Colour = Colour(0.75, 0.77, 0.80);
const HEADER_FILL: Colour = Colour(0.90, 0.92, 0.94);
const DRAFT_RED: Colour = Colour(0.70, 0.10, 0.10);
const WATERMARK: Colour = Colour(0.55, 0.57, 0.62);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: title, share of the body width, alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub share: f32,
    pub align: Align,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Colour>,
    pub bold: bool,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            fill: None,
            bold: false,
        }
    }
}

/// A table. A row of a single cell spans the whole width (a section row, e.g. the
/// checklist area above its items).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The columns' widths: their shares of `total`.
    pub fn column_widths(&self, total: f32) -> Vec<f32> {
        let sum: f32 = self
            .columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        self.columns.iter().map(|c| c.share / sum * total).collect()
    }
}

/// A horizontal dot-and-whisker chart of rates (fractions 0–1): one row per label, the
/// value as a square, the interval as a whisker, both in the row's colour, and a tag
/// (the grade in words) to the right so that nothing is told by colour alone. Breaks
/// across pages between rows, with the axis under every part.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What the chart shows, in words, for those who cannot see it (the figure's alt
    /// text).
    pub alt: String,
    pub rows: Vec<ChartRow>,
    /// Dashed vertical marks (the grade thresholds), as fractions.
    pub marks: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    pub label: String,
    /// `None` draws no marker (nothing to show, or suppressed).
    pub value: Option<f32>,
    pub interval: Option<(f32, f32)>,
    pub colour: Colour,
    /// The marker's shape, so that the grade shows in greyscale too.
    pub shape: Shape,
    pub tag: String,
}

/// A chart marker's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Triangle,
    Square,
}

/// What flows into the pages.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 is a chapter heading, 2 a section heading.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Small print: notes under tables and charts.
    Note(String),
    Bullets(Vec<String>),
    Table(Table),
    Chart(Chart),
    /// The cover's title: large, bold, not in the table of contents.
    Title {
        text: String,
        size: f32,
    },
    /// Label–value pairs without rules (the cover's facts).
    Facts(Vec<(String, String)>),
    /// The table of contents: every level 1 heading after it, with its page.
    Contents,
    Space(f32),
    PageBreak,
}

/// The document as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub title: String,
    pub author: String,
    /// The running header: unit on the left, diarienummer on the right.
    pub header_left: String,
    pub header_right: String,
    pub draft: bool,
    /// Written as the document's creation date.
    pub created: DateTime<Utc>,
}

/// A rendered PDF.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Why a report could not be written as a PDF. The layout makes only conforming
/// documents, so this is a program error, reported rather than panicked on.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PDF-filen kunde inte skapas: {}", self.0)
    }
}

/// Lays out and renders the blocks.
pub fn render(setup: &Setup, blocks: &[Block]) -> Result<Rendered, RenderError> {
    let fonts = Fonts::load();
    let Paged {
        pages,
        nodes,
        roots,
        bookmarks,
    } = paginate(&fonts, blocks);
    let total = pages.len();

    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .with_version(PdfVersion::Pdf17)
        .finish()
        .map_err(|e| RenderError(format!("{e:?}")))?;
    let mut doc = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    // The identifiers of each element's content, in order, and of each link's annotation.
    let mut content: Vec<Vec<krilla::tagging::Identifier>> = vec![Vec::new(); nodes.len()];
    let mut annotations: Vec<Option<krilla::tagging::Identifier>> = vec![None; nodes.len()];
    for (i, items) in pages.into_iter().enumerate() {
        let mut page = doc.start_page_with(
            PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid page size"),
        );
        let mut surface = page.surface();
        let (watermark, chrome): (Vec<_>, Vec<_>) = chrome(setup, &fonts, i, total)
            .into_iter()
            .partition(|(mark, _)| *mark == Mark::Artifact(Art::Watermark));
        let mut open: Option<Mark> = None;
        for (mark, item) in chrome.iter().chain(&items) {
            if open != Some(*mark) {
                if open.is_some() {
                    surface.end_tagged();
                }
                let id = surface.start_tagged(content_tag(*mark));
                if let Mark::In(n) = mark {
                    content[*n].push(id);
                }
                open = Some(*mark);
            }
            draw(&mut surface, &fonts, item);
        }
        if open.is_some() {
            surface.end_tagged();
        }
        // A draft's watermark last, translucent: above the table fills, so that no page
        // of a draft looks final, yet the text under it stays readable.
        for (mark, item) in &watermark {
            surface.start_tagged(content_tag(*mark));
            surface.push_opacity(NormalizedF32::new(0.28).unwrap_or(NormalizedF32::ONE));
            draw(&mut surface, &fonts, item);
            surface.pop();
            surface.end_tagged();
        }
        surface.finish();
        for (n, node) in nodes.iter().enumerate() {
            if let Role::Link {
                page: on,
                rect: (l, b, r, t),
                target,
                target_y,
            } = node.role
                && on == i
            {
                let rect = Rect::from_ltrb(l, PAGE_H - t, r, PAGE_H - b)
                    .expect("a link has a positive area");
                let dest = XyzDestination::new(target, Point::from_xy(0.0, PAGE_H - target_y));
                let annotation = krilla::annotation::Annotation::new_link(
                    krilla::annotation::LinkAnnotation::new(
                        rect,
                        krilla::annotation::Target::Destination(dest.into()),
                    ),
                    Some(format!("Gå till sidan {}", target + 1)),
                );
                annotations[n] = Some(page.add_tagged_annotation(annotation));
            }
        }
        page.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(LANG.to_string()));
    for &root in &roots {
        tree.push(group(&nodes, root, &mut content, &mut annotations));
    }
    doc.set_tag_tree(tree);
    doc.set_outline(outline(&bookmarks));
    doc.set_metadata(
        Metadata::new()
            .title(setup.title.clone())
            .authors(vec![setup.author.clone()])
            .creator("Aktgranskning".to_string())
            .producer(format!("Aktgranskning {}", env!("CARGO_PKG_VERSION")))
            .language(LANG.to_string())
            .creation_date(pdf_date(setup.created))
            // One identity per document made: the title alone would give every report
            // of a unit the same /ID.
            .document_id(format!(
                "{} {}",
                setup.title,
                setup
                    .created
                    .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
            )),
    );
    let bytes = doc.finish().map_err(|e| RenderError(format!("{e:?}")))?;
    Ok(Rendered {
        bytes,
        pages: total,
    })
}

/// The height of a whole chart in points, axis included.
pub fn chart_height(chart: &Chart) -> f32 {
    flow::chart_height(&Fonts::load(), chart)
}

/// A chart drawn on its own, as SVG (for the Word version of the report): the same
/// layout as in the PDF, on one tall page. Returns the SVG and its size in points.
pub fn chart_svg(chart: &Chart) -> (String, f32, f32) {
    let fonts = Fonts::load();
    // High enough that the chart never breaks: one part, one axis.
    let top = BODY_BOTTOM + flow::chart_height(&fonts, chart) + 40.0;
    let (items, end) = flow::chart_alone(&fonts, chart, top);
    let bottom = end + 4.0;
    let (w, h) = (BODY_W + 4.0, top - bottom + 4.0);
    let x = |v: f32| v - MARGIN_X + 2.0;
    let y = |v: f32| top - v + 2.0;
    let hex = |c: Colour| format!("#{}", c.hex());
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>"#
    );
    for (_, item) in items {
        match item {
            Item::Text {
                size,
                x: tx,
                y: ty,
                colour,
                text,
                ..
            } => svg.push_str(&format!(
                r#"<text x="{}" y="{}" font-family="Liberation Sans" font-size="{size}" fill="{}">{}</text>"#,
                x(tx),
                y(ty),
                hex(colour),
                text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
            )),
            Item::Line {
                from,
                to,
                colour,
                width,
                dashed,
            } => svg.push_str(&format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{width}"{}/>"#,
                x(from.0),
                y(from.1),
                x(to.0),
                y(to.1),
                hex(colour),
                if dashed { r#" stroke-dasharray="2.5 2""# } else { "" }
            )),
            Item::Marker {
                shape,
                x: mx,
                y: my,
                colour,
            } => {
                let (cx, cy) = (x(mx), y(my));
                svg.push_str(&match shape {
                    Shape::Circle => format!(r#"<circle cx="{cx}" cy="{cy}" r="3.6""#),
                    Shape::Square => {
                        format!(r#"<rect x="{}" y="{}" width="6.4" height="6.4""#, cx - 3.2, cy - 3.2)
                    }
                    Shape::Triangle => format!(
                        r#"<polygon points="{},{} {},{} {},{}""#,
                        cx,
                        cy - 4.2,
                        cx + 4.2,
                        cy + 3.2,
                        cx - 4.2,
                        cy + 3.2
                    ),
                });
                svg.push_str(&format!(r#" fill="{}"/>"#, hex(colour)));
            }
            Item::Fill {
                x: fx,
                y: fy,
                w: fw,
                h: fh,
                colour,
            } => svg.push_str(&format!(
                r#"<rect x="{}" y="{}" width="{fw}" height="{fh}" fill="{}"/>"#,
                x(fx),
                y(fy + fh),
                hex(colour)
            )),
            Item::Rule { x1, x2, y: ry } => svg.push_str(&format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.6"/>"#,
                x(x1),
                y(ry),
                x(x2),
                y(ry),
                hex(RULE)
            )),
        }
    }
    svg.push_str("</svg>");
    (svg, w, h)
}

/// The document's language: Swedish, for screen readers and hyphenation.
const LANG: &str = "sv-SE";

/// The running header, the footer and, for a draft, the marking of one page: all
/// artifacts.
fn chrome(setup: &Setup, fonts: &Fonts, index: usize, total: usize) -> Vec<(Mark, Item)> {
    let mut chrome = Vec::new();
    let header = Mark::Artifact(Art::Header);
    if setup.draft {
        let size = 110.0;
        let w = fonts.width(Face::Bold, "UTKAST", size);
        chrome.push((
            Mark::Artifact(Art::Watermark),
            Item::Text {
                face: Face::Bold,
                size,
                x: (PAGE_W - w) / 2.0,
                y: PAGE_H / 2.0 - size / 3.0,
                colour: WATERMARK,
                text: "UTKAST".to_string(),
            },
        ));
        let w = fonts.width(Face::Bold, "UTKAST", 9.0);
        chrome.push((
            header,
            Item::Text {
                face: Face::Bold,
                size: 9.0,
                x: (PAGE_W - w) / 2.0,
                y: PAGE_H - 40.0,
                colour: DRAFT_RED,
                text: "UTKAST".to_string(),
            },
        ));
    }
    chrome.push((
        header,
        Item::Text {
            face: Face::Regular,
            size: 9.0,
            x: MARGIN_X,
            y: PAGE_H - 40.0,
            colour: BLACK,
            text: setup.header_left.clone(),
        },
    ));
    let w = fonts.width(Face::Regular, &setup.header_right, 9.0);
    chrome.push((
        header,
        Item::Text {
            face: Face::Regular,
            size: 9.0,
            x: PAGE_W - MARGIN_X - w,
            y: PAGE_H - 40.0,
            colour: BLACK,
            text: setup.header_right.clone(),
        },
    ));
    chrome.push((
        header,
        Item::Rule {
            x1: MARGIN_X,
            x2: PAGE_W - MARGIN_X,
            y: PAGE_H - 48.0,
        },
    ));
    let footer = format!("Sida {} ({total})", index + 1);
    let w = fonts.width(Face::Regular, &footer, 9.0);
    chrome.push((
        Mark::Artifact(Art::Footer),
        Item::Text {
            face: Face::Regular,
            size: 9.0,
            x: PAGE_W - MARGIN_X - w,
            y: 36.0,
            colour: BLACK,
            text: footer,
        },
    ));
    chrome
}

fn content_tag(mark: Mark) -> ContentTag<'static> {
    match mark {
        Mark::In(_) => ContentTag::Span(SpanTag::empty()),
        Mark::Artifact(art) => ContentTag::Artifact(Artifact::with_kind(match art {
            Art::Header => ArtifactType::Header,
            Art::Footer => ArtifactType::Footer,
            Art::Watermark => ArtifactType::Watermark,
            Art::Layout => ArtifactType::Layout,
            Art::Pagination => ArtifactType::PaginationOther,
        })),
    }
}

/// The tag tree group of element `n`: its content (in the order drawn), its link
/// annotation, then its child elements.
fn group(
    nodes: &[Node],
    n: usize,
    content: &mut [Vec<krilla::tagging::Identifier>],
    annotations: &mut [Option<krilla::tagging::Identifier>],
) -> TagGroup {
    let node = &nodes[n];
    let tag: TagKind = match &node.role {
        Role::Heading(level, text) => Tag::Hn(
            NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
            Some(text.clone()),
        )
        .into(),
        Role::P => Tag::P.into(),
        Role::List => Tag::L(ListNumbering::Disc).into(),
        Role::ListItem => Tag::LI.into(),
        Role::Label => Tag::Lbl.into(),
        Role::ListBody => Tag::LBody.into(),
        Role::Table => Tag::Table.into(),
        Role::THead => Tag::THead.into(),
        Role::TBody => Tag::TBody.into(),
        Role::Row => Tag::TR.into(),
        Role::Header { row, span } => Tag::TH(if *row {
            TableHeaderScope::Row
        } else {
            TableHeaderScope::Column
        })
        .with_col_span(NonZeroU32::new(*span).filter(|s| s.get() > 1))
        .into(),
        Role::Cell => Tag::TD.into(),
        Role::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        Role::Toc => Tag::TOC.into(),
        Role::TocItem => Tag::TOCI.into(),
        Role::Link { .. } => Tag::Link.into(),
    };
    let mut g = TagGroup::new(tag);
    for id in std::mem::take(&mut content[n]) {
        g.push(id);
    }
    if let Some(id) = annotations[n].take() {
        g.push(id);
    }
    for &child in &node.children {
        g.push(group(nodes, child, content, annotations));
    }
    g
}

/// Bookmarks: every chapter, with its sections under it.
fn outline(bookmarks: &[Bookmark]) -> Outline {
    fn children(bookmarks: &[Bookmark], level: u16, from: &mut usize) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        while let Some(b) = bookmarks.get(*from) {
            if b.level < level {
                break;
            }
            *from += 1;
            let mut node = OutlineNode::new(
                b.text.clone(),
                XyzDestination::new(b.page, Point::from_xy(0.0, PAGE_H - b.y)),
            );
            for child in children(bookmarks, b.level + 1, from) {
                node.push_child(child);
            }
            out.push(node);
        }
        out
    }
    let mut outline = Outline::new();
    let mut from = 0;
    for node in children(bookmarks, 1, &mut from) {
        outline.push_child(node);
    }
    outline
}

fn pdf_date(t: DateTime<Utc>) -> PdfDateTime {
    PdfDateTime::new(u16::try_from(t.year()).unwrap_or(1970))
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn paint(c: Colour) -> Fill {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Fill {
        paint: rgb::Color::new(byte(c.0), byte(c.1), byte(c.2)).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(c: Colour, width: f32, dashed: bool) -> Stroke {
    Stroke {
        paint: paint(c).paint,
        width,
        dash: dashed.then(|| StrokeDash {
            array: vec![2.5, 2.0],
            offset: 0.0,
        }),
        ..Stroke::default()
    }
}

fn fill_path(surface: &mut Surface<'_>, pb: PathBuilder, colour: Colour) {
    if let Some(path) = pb.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(paint(colour)));
        surface.draw_path(&path);
    }
}

/// Draws one item. The layout's y runs up from the bottom of the page, krilla's down
/// from the top.
fn draw(surface: &mut Surface<'_>, fonts: &Fonts, item: &Item) {
    let line = |surface: &mut Surface<'_>, from: (f32, f32), to: (f32, f32), s: Stroke| {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, PAGE_H - from.1);
        pb.line_to(to.0, PAGE_H - to.1);
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(s));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    };
    match item {
        Item::Text {
            face,
            size,
            x,
            y,
            colour,
            text,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(paint(*colour)));
            surface.draw_glyphs(
                Point::from_xy(*x, PAGE_H - y),
                &fonts.glyphs(*face, text),
                fonts.pdf_font(*face),
                text,
                *size,
                false,
            );
        }
        Item::Fill { x, y, w, h, colour } => {
            if let Some(rect) = Rect::from_xywh(*x, PAGE_H - (y + h), *w, *h) {
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                fill_path(surface, pb, *colour);
            }
        }
        Item::Marker {
            shape,
            x,
            y,
            colour,
        } => {
            let (cx, cy) = (*x, PAGE_H - y);
            let mut pb = PathBuilder::new();
            match shape {
                Shape::Circle => {
                    // Four cubic arcs.
                    let (r, k) = (3.6, 3.6 * 0.552_284_8);
                    pb.move_to(cx + r, cy);
                    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
                    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
                    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
                    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
                    pb.close();
                }
                Shape::Square => {
                    if let Some(r) = Rect::from_xywh(cx - 3.2, cy - 3.2, 6.4, 6.4) {
                        pb.push_rect(r);
                    }
                }
                Shape::Triangle => {
                    pb.move_to(cx, cy - 4.2);
                    pb.line_to(cx + 4.2, cy + 3.2);
                    pb.line_to(cx - 4.2, cy + 3.2);
                    pb.close();
                }
            }
            fill_path(surface, pb, *colour);
        }
        Item::Line {
            from,
            to,
            colour,
            width,
            dashed,
        } => line(surface, *from, *to, stroke(*colour, *width, *dashed)),
        Item::Rule { x1, x2, y } => line(surface, (*x1, *y), (*x2, *y), stroke(RULE, 0.6, false)),
    }
}

#[cfg(test)]
mod tests;
