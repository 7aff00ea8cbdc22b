//! Flowing blocks into A4 pages.
//!
//! Two passes: blocks are laid out into pages of positioned items (so the total page
//! count is known), then every page gets its running header, `Sida X (Y)` footer and,
//! for a draft, the `UTKAST` marking, and everything becomes printpdf operations.

use crate::fonts::{Face, Fonts};
use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
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
const NOTE_SIZE: f32 = 8.5;
const NOTE_LEAD: f32 = 11.0;
const CHART_SIZE: f32 = 8.5;
const CHART_LEAD: f32 = 10.5;
const CHART_LABEL_W: f32 = BODY_W * 0.42;
const CHART_AXIS_H: f32 = 22.0;
const GRID: Colour = Colour(0.82, 0.84, 0.87);
const MARK: Colour = Colour(0.45, 0.47, 0.50);

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

/// A table. A row of a single cell spans the whole width (a section row, e.g. the
/// checklist area above its items).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A horizontal dot-and-whisker chart of rates (fractions 0–1): one row per label, the
/// value as a square, the interval as a whisker, both in the row's colour, and a tag
/// (the grade in words) to the right so that nothing is told by colour alone. Breaks
/// across pages between rows, with the axis under every part.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
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
    pub tag: String,
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
    Line {
        from: (f32, f32),
        to: (f32, f32),
        colour: Colour,
        width: f32,
        dashed: bool,
    },
}

/// Where the table of contents goes and what it lists.
struct Contents {
    page: usize,
    /// The baseline of the first entry.
    top: f32,
    /// (heading, page index) of every level 1 heading after it.
    entries: Vec<(String, usize)>,
}

struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Item>>,
    y: f32,
    contents: Option<Contents>,
    /// How many level 1 headings follow the table of contents (its height).
    contents_len: usize,
    /// Room the next heading must leave under itself (see [`Flow::start_height`]).
    keep: f32,
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
        self.text_at(face, size, x, y, text);
    }

    fn text_at(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
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
                self.ensure(before + size * 1.3 + self.keep.max(3.0 * TEXT_LEAD));
                if !self.at_top() {
                    self.y -= before;
                }
                if *level <= 1 {
                    let page = self.pages.len() - 1;
                    if let Some(c) = &mut self.contents {
                        c.entries.push((text.clone(), page));
                    }
                }
                self.lines(Face::Bold, size, size * 1.3, MARGIN_X, BODY_W, text);
                self.y -= after;
            }
            Block::Paragraph(text) => {
                for part in text.split('\n') {
                    self.lines(Face::Regular, TEXT_SIZE, TEXT_LEAD, MARGIN_X, BODY_W, part);
                }
                self.y -= 7.0;
            }
            Block::Note(text) => {
                self.lines(Face::Italic, NOTE_SIZE, NOTE_LEAD, MARGIN_X, BODY_W, text);
                self.y -= 6.0;
            }
            Block::Title { text, size } => {
                self.lines(Face::Bold, *size, size * 1.2, MARGIN_X, BODY_W, text);
                self.y -= size * 0.6;
            }
            Block::Facts(pairs) => {
                let label_w = BODY_W * 0.3;
                for (label, value) in pairs {
                    let wrapped =
                        self.fonts
                            .wrap(Face::Regular, value, TEXT_SIZE, BODY_W - label_w);
                    let label_lines = self
                        .fonts
                        .wrap(Face::Bold, label, TEXT_SIZE, label_w - 10.0);
                    let h = TEXT_LEAD * wrapped.len().max(label_lines.len()).max(1) as f32;
                    self.ensure(h);
                    let top = self.y;
                    for line in &label_lines {
                        self.y -= TEXT_LEAD;
                        self.text(Face::Bold, TEXT_SIZE, MARGIN_X, line);
                    }
                    self.y = top;
                    self.lines(
                        Face::Regular,
                        TEXT_SIZE,
                        TEXT_LEAD,
                        MARGIN_X + label_w,
                        BODY_W - label_w,
                        value,
                    );
                    self.y = self.y.min(top - h) - 5.0;
                }
                self.y -= 6.0;
            }
            Block::Contents => {
                self.ensure(TEXT_LEAD * (self.contents_len as f32 + 1.0));
                self.contents = Some(Contents {
                    page: self.pages.len() - 1,
                    top: self.y - TEXT_LEAD,
                    entries: Vec::new(),
                });
                self.y -= TEXT_LEAD * self.contents_len as f32 + 10.0;
            }
            Block::Chart(c) => self.chart(c),
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

    /// How much of a block must stay on the page of the heading above it: all of a short
    /// paragraph (when `whole`), else its first lines, a table's header and first row, a
    /// chart's first rows.
    fn start_height(&self, b: Option<&Block>, whole: bool) -> f32 {
        match b {
            Some(Block::Paragraph(t)) | Some(Block::Note(t)) => {
                let lines = self.fonts.wrap(Face::Regular, t, TEXT_SIZE, BODY_W).len();
                let lines = if whole && lines <= 4 {
                    lines
                } else {
                    lines.min(2)
                };
                lines as f32 * TEXT_LEAD + 7.0
            }
            Some(Block::Table(_)) => 2.0 * (TABLE_LEAD + 2.0 * CELL_PAD) + TABLE_LEAD,
            Some(Block::Chart(c)) => {
                let total = self.chart_height(c);
                if total <= BODY_TOP - BODY_BOTTOM {
                    total
                } else {
                    4.0 * CHART_LEAD + 40.0
                }
            }
            Some(Block::Heading { .. }) | None => 0.0,
            Some(_) => 2.0 * TEXT_LEAD,
        }
    }

    /// The table of contents, once every heading's page is known.
    fn fill_contents(&mut self) {
        let Some(c) = self.contents.take() else {
            return;
        };
        let mut y = c.top;
        let mut items = Vec::new();
        for (text, page) in &c.entries {
            let number = (page + 1).to_string();
            let nw = self.fonts.width(Face::Regular, &number, TEXT_SIZE);
            let title = self
                .fonts
                .wrap(Face::Regular, text, TEXT_SIZE, BODY_W - 40.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            let tw = self.fonts.width(Face::Regular, &title, TEXT_SIZE);
            items.push(Item::Text {
                face: Face::Regular,
                size: TEXT_SIZE,
                x: MARGIN_X,
                y,
                colour: BLACK,
                text: title,
            });
            items.push(Item::Line {
                from: (MARGIN_X + tw + 6.0, y + 1.0),
                to: (MARGIN_X + BODY_W - nw - 6.0, y + 1.0),
                colour: GRID,
                width: 0.6,
                dashed: true,
            });
            items.push(Item::Text {
                face: Face::Regular,
                size: TEXT_SIZE,
                x: MARGIN_X + BODY_W - nw,
                y,
                colour: BLACK,
                text: number,
            });
            y -= TEXT_LEAD;
        }
        self.pages[c.page].extend(items);
    }

    /// The height of a whole chart, axis included.
    fn chart_height(&self, c: &Chart) -> f32 {
        c.rows
            .iter()
            .map(|r| {
                self.fonts
                    .wrap(Face::Regular, &r.label, CHART_SIZE, CHART_LABEL_W)
                    .len()
                    .max(1) as f32
                    * CHART_LEAD
                    + 6.0
            })
            .sum::<f32>()
            + CHART_AXIS_H
    }

    fn chart(&mut self, c: &Chart) {
        let label_w = CHART_LABEL_W;
        let plot_x = MARGIN_X + label_w + 8.0;
        let tag_w = BODY_W * 0.13;
        let plot_w = BODY_W - label_w - 8.0 - tag_w - 8.0;
        let axis_h = CHART_AXIS_H;
        let at = |v: f32| plot_x + v.clamp(0.0, 1.0) * plot_w;
        // A chart that fits on one page is not split.
        let total = self.chart_height(c);
        if total <= BODY_TOP - BODY_BOTTOM {
            self.ensure(total);
        }
        // One part per page: rows until the page is full, then the grid and axis.
        let mut part_top = None::<(f32, usize)>;
        let finish_part = |flow: &mut Flow, top: f32, index: usize| {
            let bottom = flow.y;
            let mut grid = Vec::new();
            for tick in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
                grid.push(Item::Line {
                    from: (at(tick), top),
                    to: (at(tick), bottom),
                    colour: GRID,
                    width: 0.5,
                    dashed: false,
                });
            }
            for m in &c.marks {
                grid.push(Item::Line {
                    from: (at(*m), top),
                    to: (at(*m), bottom),
                    colour: MARK,
                    width: 0.7,
                    dashed: true,
                });
            }
            let page = flow.page();
            page.splice(index..index, grid);
            page.push(Item::Line {
                from: (plot_x, bottom),
                to: (plot_x + plot_w, bottom),
                colour: MARK,
                width: 0.7,
                dashed: false,
            });
            for tick in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
                let label = format!("{} %", (tick * 100.0).round() as u32);
                let w = flow.fonts.width(Face::Regular, &label, CHART_SIZE);
                let x = (at(tick) - w / 2.0).min(MARGIN_X + BODY_W - w);
                flow.page().push(Item::Text {
                    face: Face::Regular,
                    size: CHART_SIZE,
                    x,
                    y: bottom - 11.0,
                    colour: BLACK,
                    text: label,
                });
            }
            flow.y = bottom - axis_h;
        };
        for row in &c.rows {
            let label = self
                .fonts
                .wrap(Face::Regular, &row.label, CHART_SIZE, label_w);
            let h = label.len().max(1) as f32 * CHART_LEAD + 6.0;
            if self.y - h - axis_h < BODY_BOTTOM {
                if let Some((top, index)) = part_top.take() {
                    finish_part(self, top, index);
                }
                self.new_page();
            }
            // The part starts here: its grid goes under the items drawn from now on.
            if part_top.is_none() {
                part_top = Some((self.y, self.pages.last().map_or(0, Vec::len)));
            }
            let row_top = self.y;
            for (i, line) in label.iter().enumerate() {
                let y = row_top - 3.0 - (i as f32 + 1.0) * CHART_LEAD + 2.0;
                self.text_at(Face::Regular, CHART_SIZE, MARGIN_X, y, line);
            }
            let mid = row_top - h / 2.0;
            if let Some((low, high)) = row.interval {
                let page = self.page();
                page.push(Item::Line {
                    from: (at(low), mid),
                    to: (at(high), mid),
                    colour: row.colour,
                    width: 1.6,
                    dashed: false,
                });
                for end in [low, high] {
                    page.push(Item::Line {
                        from: (at(end), mid - 3.5),
                        to: (at(end), mid + 3.5),
                        colour: row.colour,
                        width: 1.2,
                        dashed: false,
                    });
                }
            }
            if let Some(v) = row.value {
                self.page().push(Item::Fill {
                    x: at(v) - 3.2,
                    y: mid - 3.2,
                    w: 6.4,
                    h: 6.4,
                    colour: row.colour,
                });
            }
            self.text_at(
                Face::Regular,
                CHART_SIZE,
                MARGIN_X + BODY_W - tag_w,
                mid - CHART_SIZE / 3.0,
                &row.tag,
            );
            self.y = row_top - h;
        }
        if let Some((top, index)) = part_top {
            finish_part(self, top, index);
        }
        self.y -= 8.0;
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
        let span = [BODY_W];
        let widths_of = |row: &[Cell]| -> &[f32] {
            if row.len() == 1 && widths.len() > 1 {
                &span
            } else {
                &widths
            }
        };
        let row_height = |flow: &Flow, row: &[Cell]| -> (f32, Vec<Vec<String>>) {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(widths_of(row))
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
        let n = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let (h, lines) = row_height(self, row);
            // A section row stays with the row under it, and the last row is never left
            // alone at the top of a page (it is often the total).
            let keep = if (row.len() == 1 && widths.len() > 1) || (n > 2 && i + 2 == n) {
                t.rows
                    .get(i + 1)
                    .map_or(0.0, |next| row_height(self, next).0)
            } else {
                0.0
            };
            if self.y - h - keep < BODY_BOTTOM {
                self.new_page();
                self.draw_row(&t.columns, &widths, &header, header_h, &header_lines);
            }
            self.draw_row(&t.columns, widths_of(row), row, h, &lines);
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
                // Below the rule above, so that rules between cells of one colour show.
                self.page().push(Item::Fill {
                    x,
                    y: top - h,
                    w: *w,
                    h: h - 0.6,
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
    let contents_len = blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Contents))
        .filter(|b| matches!(b, Block::Heading { level: 0 | 1, .. }))
        .count();
    let mut flow = Flow {
        fonts: &fonts,
        pages: vec![Vec::new()],
        y: BODY_TOP,
        contents: None,
        contents_len,
        keep: 0.0,
    };
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Heading { .. } = b {
            // Keep the heading with the start of what follows: a short paragraph under it
            // and the first lines or rows after that.
            let next = flow.start_height(blocks.get(i + 1), true)
                + flow.start_height(blocks.get(i + 2), false);
            flow.keep = next;
        }
        flow.block(b);
    }
    flow.fill_contents();
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
        bytes: finish(bytes, "sv-SE", setup.created),
        pages: total,
    }
}

/// Adjusts what printpdf writes and cannot be told otherwise: sets the document language
/// (`/Lang` in the catalog) so that screen readers read Swedish, drops the info keys
/// that claim PDF/X (`GTS_PDFXVersion`, `Trapped`) and replaces the placeholder dates of
/// 1970 by the real creation time. Returns the bytes unchanged if they cannot be
/// rewritten (they are printpdf's own output, so that does not happen; a test holds it).
fn finish(bytes: Vec<u8>, lang: &str, created: DateTime<Utc>) -> Vec<u8> {
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
        let date = created.format("D:%Y%m%d%H%M%SZ").to_string();
        info.set("CreationDate", lopdf::Object::string_literal(date.clone()));
        info.set("ModDate", lopdf::Object::string_literal(date));
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
        Item::Line {
            from,
            to,
            colour: c,
            width,
            dashed,
        } => {
            ops.push(Op::SetOutlineColor { col: colour(*c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
            if *dashed {
                ops.push(Op::SetLineDashPattern {
                    dash: LineDashPattern::new(0.0, &[2.5, 2.0]),
                });
            }
            ops.push(Op::DrawLine {
                line: Line {
                    points: [from, to]
                        .iter()
                        .map(|(x, y)| LinePoint {
                            p: Point {
                                x: Pt(*x),
                                y: Pt(*y),
                            },
                            bezier: false,
                        })
                        .collect(),
                    is_closed: false,
                },
            });
            if *dashed {
                ops.push(Op::SetLineDashPattern {
                    dash: LineDashPattern::solid(),
                });
            }
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
