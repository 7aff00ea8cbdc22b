//! Flowing blocks into A4 pages.
//!
//! Two passes: blocks are laid out into pages of positioned items (so the total page
//! count is known), then every page gets its running header, `Sida X (Y)` footer and,
//! for a draft, the `UTKAST` marking, and everything becomes printpdf operations.

use crate::fonts::{Face, Fonts};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

/// A4 in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 62.0;
const BODY_TOP: f32 = PAGE_H - 78.0;
const BODY_BOTTOM: f32 = 64.0;
const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const TEXT_SIZE: f32 = 10.5;
const TEXT_LEAD: f32 = 14.5;
const TABLE_SIZE: f32 = 9.5;
const TABLE_LEAD: f32 = 12.5;
const CELL_PAD: f32 = 4.0;

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

pub const BLACK: Colour = Colour(0.0, 0.0, 0.0);
const RULE: Colour = Colour(0.75, 0.77, 0.80);
const HEADER_FILL: Colour = Colour(0.90, 0.92, 0.94);
const DRAFT_RED: Colour = Colour(0.70, 0.10, 0.10);
const WATERMARK: Colour = Colour(0.90, 0.90, 0.90);

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

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
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
    Bullets(Vec<String>),
    Table(Table),
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
}

/// A rendered PDF.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

#[derive(Debug, Clone)]
enum Item {
    Text {
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        colour: Colour,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Flow<'_> {
    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    fn at_top(&self) -> bool {
        (self.y - BODY_TOP).abs() < 0.01
    }

    /// Starts a new page unless `height` fits below the cursor.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn text(&mut self, face: Face, size: f32, x: f32, text: &str) {
        let y = self.y;
        self.page().push(Item::Text {
            face,
            size,
            x,
            y,
            colour: BLACK,
            text: text.to_string(),
        });
    }

    fn lines(&mut self, face: Face, size: f32, lead: f32, x: f32, width: f32, text: &str) {
        for line in self.fonts.wrap(face, text, size, width) {
            self.ensure(lead);
            self.y -= lead;
            self.text(face, size, x, &line);
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { level, text } => {
                let (size, before, after) = if *level <= 1 {
                    (16.0, 22.0, 8.0)
                } else {
                    (12.5, 14.0, 4.0)
                };
                // Keep the heading with at least three lines of what follows.
                self.ensure(before + size * 1.3 + 3.0 * TEXT_LEAD);
                if !self.at_top() {
                    self.y -= before;
                }
                self.lines(Face::Bold, size, size * 1.3, MARGIN_X, BODY_W, text);
                self.y -= after;
            }
            Block::Paragraph(text) => {
                self.lines(Face::Regular, TEXT_SIZE, TEXT_LEAD, MARGIN_X, BODY_W, text);
                self.y -= 7.0;
            }
            Block::Bullets(items) => {
                for item in items {
                    // Room for the first line now, so the bullet and its line share a page.
                    self.ensure(TEXT_LEAD);
                    let y = self.y - TEXT_LEAD;
                    self.page().push(Item::Text {
                        face: Face::Regular,
                        size: TEXT_SIZE,
                        x: MARGIN_X + 3.0,
                        y,
                        colour: BLACK,
                        text: "•".to_string(),
                    });
                    self.lines(
                        Face::Regular,
                        TEXT_SIZE,
                        TEXT_LEAD,
                        MARGIN_X + 14.0,
                        BODY_W - 14.0,
                        item,
                    );
                    self.y -= 3.0;
                }
                self.y -= 4.0;
            }
            Block::Table(t) => self.table(t),
            Block::Space(h) => self.y -= h,
            Block::PageBreak => {
                if !self.at_top() {
                    self.new_page();
                }
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let total: f32 = t
            .columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = t.columns.iter().map(|c| c.share / total * BODY_W).collect();
        let header: Vec<Cell> = t
            .columns
            .iter()
            .map(|c| Cell {
                text: c.title.clone(),
                fill: Some(HEADER_FILL),
                bold: true,
            })
            .collect();
        let row_height = |flow: &Flow, row: &[Cell]| -> (f32, Vec<Vec<String>>) {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    let face = if c.bold { Face::Bold } else { Face::Regular };
                    flow.fonts
                        .wrap(face, &c.text, TABLE_SIZE, w - 2.0 * CELL_PAD)
                })
                .collect();
            let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            (n as f32 * TABLE_LEAD + 2.0 * CELL_PAD, wrapped)
        };
        let (header_h, header_lines) = row_height(self, &header);
        // The header and the first row stay together.
        let first_h = t.rows.first().map_or(0.0, |r| row_height(self, r).0);
        self.ensure(header_h + first_h);
        self.draw_row(&t.columns, &widths, &header, header_h, &header_lines);
        for row in &t.rows {
            let (h, lines) = row_height(self, row);
            if self.y - h < BODY_BOTTOM {
                self.new_page();
                self.draw_row(&t.columns, &widths, &header, header_h, &header_lines);
            }
            self.draw_row(&t.columns, &widths, row, h, &lines);
        }
        self.y -= 10.0;
    }

    fn draw_row(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        row: &[Cell],
        h: f32,
        lines: &[Vec<String>],
    ) {
        let top = self.y;
        let mut x = MARGIN_X;
        for (((cell, w), col), cell_lines) in row.iter().zip(widths).zip(columns).zip(lines) {
            if let Some(colour) = cell.fill {
                self.page().push(Item::Fill {
                    x,
                    y: top - h,
                    w: *w,
                    h,
                    colour,
                });
            }
            let face = if cell.bold { Face::Bold } else { Face::Regular };
            for (i, line) in cell_lines.iter().enumerate() {
                let lx = match col.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + w - CELL_PAD - self.fonts.width(face, line, TABLE_SIZE),
                };
                let ly = top - CELL_PAD - (i as f32 + 1.0) * TABLE_LEAD + 3.0;
                self.page().push(Item::Text {
                    face,
                    size: TABLE_SIZE,
                    x: lx,
                    y: ly,
                    colour: BLACK,
                    text: line.clone(),
                });
            }
            x += w;
        }
        self.page().push(Item::Rule {
            x1: MARGIN_X,
            x2: MARGIN_X + BODY_W,
            y: top - h,
        });
        self.y = top - h;
    }
}

/// Lays out and renders the blocks.
pub fn render(setup: &Setup, blocks: &[Block]) -> Rendered {
    let fonts = Fonts::load();
    let mut flow = Flow {
        fonts: &fonts,
        pages: vec![Vec::new()],
        y: BODY_TOP,
    };
    for b in blocks {
        flow.block(b);
    }
    let pages = flow.pages;
    let total = pages.len();

    let mut doc = PdfDocument::new(&setup.title);
    doc.metadata.info.document_title = setup.title.clone();
    doc.metadata.info.author = setup.author.clone();
    doc.metadata.info.creator = "Aktgranskning".to_string();
    let ids = [
        (Face::Regular, doc.add_font(fonts.face(Face::Regular))),
        (Face::Bold, doc.add_font(fonts.face(Face::Bold))),
        (Face::Italic, doc.add_font(fonts.face(Face::Italic))),
    ];
    let font_id = |f: Face| {
        ids.iter()
            .find(|(face, _)| *face == f)
            .map(|(_, id)| id.clone())
            .expect("all faces added")
    };

    let pdf_pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, items)| {
            let mut ops = Vec::new();
            let mut chrome = Vec::new();
            if setup.draft {
                let size = 110.0;
                let w = fonts.width(Face::Bold, "UTKAST", size);
                chrome.push(Item::Text {
                    face: Face::Bold,
                    size,
                    x: (PAGE_W - w) / 2.0,
                    y: PAGE_H / 2.0 - size / 3.0,
                    colour: WATERMARK,
                    text: "UTKAST".to_string(),
                });
                let w = fonts.width(Face::Bold, "UTKAST", 9.0);
                chrome.push(Item::Text {
                    face: Face::Bold,
                    size: 9.0,
                    x: (PAGE_W - w) / 2.0,
                    y: PAGE_H - 40.0,
                    colour: DRAFT_RED,
                    text: "UTKAST".to_string(),
                });
            }
            chrome.push(Item::Text {
                face: Face::Regular,
                size: 9.0,
                x: MARGIN_X,
                y: PAGE_H - 40.0,
                colour: BLACK,
                text: setup.header_left.clone(),
            });
            let w = fonts.width(Face::Regular, &setup.header_right, 9.0);
            chrome.push(Item::Text {
                face: Face::Regular,
                size: 9.0,
                x: PAGE_W - MARGIN_X - w,
                y: PAGE_H - 40.0,
                colour: BLACK,
                text: setup.header_right.clone(),
            });
            chrome.push(Item::Rule {
                x1: MARGIN_X,
                x2: PAGE_W - MARGIN_X,
                y: PAGE_H - 48.0,
            });
            let footer = format!("Sida {} ({total})", i + 1);
            let w = fonts.width(Face::Regular, &footer, 9.0);
            chrome.push(Item::Text {
                face: Face::Regular,
                size: 9.0,
                x: PAGE_W - MARGIN_X - w,
                y: 36.0,
                colour: BLACK,
                text: footer,
            });
            // The watermark first, so that it lies behind the text.
            for item in chrome.iter().chain(&items) {
                emit(&mut ops, item, &font_id);
            }
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let bytes = doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Rendered {
        bytes: finish(bytes, "sv-SE"),
        pages: total,
    }
}

/// Adjusts what printpdf writes and cannot be told otherwise: sets the document language
/// (`/Lang` in the catalog) so that screen readers read Swedish, and drops the info keys
/// that claim PDF/X (`GTS_PDFXVersion`, `Trapped`) and the placeholder dates of 1970.
/// Returns the bytes unchanged if they cannot be rewritten (they are printpdf's own
/// output, so that does not happen; a test holds it).
fn finish(bytes: Vec<u8>, lang: &str) -> Vec<u8> {
    let Ok(mut doc) = lopdf::Document::load_mem(&bytes) else {
        return bytes;
    };
    let Ok(catalog) = doc.catalog_mut() else {
        return bytes;
    };
    catalog.set("Lang", lopdf::Object::string_literal(lang));
    if let Ok(info_id) = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(info) = doc.get_dictionary_mut(info_id)
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"Trapped",
            b"CreationDate",
            b"ModDate",
        ] {
            info.remove(key);
        }
    }
    let mut out = Vec::with_capacity(bytes.len());
    match doc.save_to(&mut out) {
        Ok(()) => out,
        Err(_) => bytes,
    }
}

fn colour(c: Colour) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn emit(ops: &mut Vec<Op>, item: &Item, font_id: &impl Fn(Face) -> FontId) {
    match item {
        Item::Text {
            face,
            size,
            x,
            y,
            colour: c,
            text,
        } => {
            ops.push(Op::SetFillColor { col: colour(*c) });
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(*face)),
                size: Pt(*size),
            });
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(*x),
                    y: Pt(*y),
                },
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
            ops.push(Op::EndTextSection);
        }
        Item::Fill {
            x,
            y,
            w,
            h,
            colour: c,
        } => {
            ops.push(Op::SetFillColor { col: colour(*c) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(Pt(*x), Pt(*y), Pt(*w), Pt(*h))
                },
            });
        }
        Item::Rule { x1, x2, y } => {
            ops.push(Op::SetOutlineColor { col: colour(RULE) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(*x1),
                                y: Pt(*y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(*x2),
                                y: Pt(*y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
    }
}

#[cfg(test)]
mod tests;
