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
    /// A chart's value marker, centred on (`x`, `y`).
    Marker {
        shape: Shape,
        x: f32,
        y: f32,
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

/// What an item is in the document's logical structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Content of the structure element with this index in [`Flow::nodes`].
    In(usize),
    /// Not read out: decoration and page furniture.
    Artifact(Art),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Art {
    Header,
    Footer,
    Watermark,
    /// Rules and cell fills.
    Layout,
    /// A table's header row repeated on a new page (the first one is the real header).
    Pagination,
}

/// A structure element's kind.
#[derive(Debug, Clone)]
enum Role {
    /// Level 1–3, with the heading's text as its title.
    Heading(u16, String),
    P,
    List,
    ListItem,
    Label,
    ListBody,
    Table,
    THead,
    TBody,
    Row,
    /// A header cell: for its column, or (`row`) for the row or section below it,
    /// spanning `span` columns.
    Header {
        row: bool,
        span: u32,
    },
    Cell,
    /// The alt text says what the figure shows.
    Figure(String),
    Toc,
    TocItem,
    /// A link on `page` over `rect` (left, bottom, right, top in layout points) to the
    /// place (`target` page, `target_y`).
    Link {
        page: usize,
        rect: (f32, f32, f32, f32),
        target: usize,
        target_y: f32,
    },
}

struct Node {
    role: Role,
    children: Vec<usize>,
}

/// Where the table of contents goes and what it lists.
struct Contents {
    page: usize,
    /// The baseline of the first entry.
    top: f32,
    /// The TOC structure element.
    node: usize,
    /// (heading, page index, y of the heading's top) of every level 1 heading after it.
    entries: Vec<(String, usize, f32)>,
}

/// A heading for the document outline (bookmarks): level, text, page, y of its top.
struct Bookmark {
    level: u16,
    text: String,
    page: usize,
    y: f32,
}

struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<(Mark, Item)>>,
    y: f32,
    contents: Option<Contents>,
    /// How many level 1 headings follow the table of contents (its height).
    contents_len: usize,
    /// Room the next heading must leave under itself (see [`Flow::start_height`]).
    keep: f32,
    /// The structure elements; `roots` are the top level, in reading order.
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// What items put now are marked as.
    mark: Mark,
    bookmarks: Vec<Bookmark>,
}

impl<'a> Flow<'a> {
    /// An empty flow with its cursor at `y` on the first page.
    fn new(fonts: &'a Fonts, y: f32) -> Flow<'a> {
        Flow {
            fonts,
            pages: vec![Vec::new()],
            y,
            contents: None,
            contents_len: 0,
            keep: 0.0,
            nodes: Vec::new(),
            roots: Vec::new(),
            mark: Mark::Artifact(Art::Layout),
            bookmarks: Vec::new(),
        }
    }

    fn page(&mut self) -> &mut Vec<(Mark, Item)> {
        self.pages.last_mut().expect("there is always a page")
    }

    /// Puts an item on the current page, marked as what is being laid out.
    fn put(&mut self, item: Item) {
        let mark = self.mark;
        self.page().push((mark, item));
    }

    /// A new structure element under `parent` (or at the top level), after its siblings.
    fn node(&mut self, role: Role, parent: Option<usize>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            children: Vec::new(),
        });
        match parent {
            Some(p) => self.nodes[p].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Starts a structure element and marks what follows as its content.
    fn content_of(&mut self, role: Role, parent: Option<usize>) -> usize {
        let id = self.node(role, parent);
        self.mark = Mark::In(id);
        id
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
        self.put(Item::Text {
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
                let page = self.pages.len() - 1;
                let level = u16::from((*level).clamp(1, 3));
                if level == 1
                    && let Some(c) = &mut self.contents
                {
                    c.entries.push((text.clone(), page, self.y));
                }
                self.bookmarks.push(Bookmark {
                    level,
                    text: text.clone(),
                    page,
                    y: self.y,
                });
                self.content_of(Role::Heading(level, text.clone()), None);
                self.lines(Face::Bold, size, size * 1.3, MARGIN_X, BODY_W, text);
                self.y -= after;
            }
            Block::Paragraph(text) => {
                self.content_of(Role::P, None);
                for part in text.split('\n') {
                    self.lines(Face::Regular, TEXT_SIZE, TEXT_LEAD, MARGIN_X, BODY_W, part);
                }
                self.y -= 7.0;
            }
            Block::Note(text) => {
                self.content_of(Role::P, None);
                self.lines(Face::Italic, NOTE_SIZE, NOTE_LEAD, MARGIN_X, BODY_W, text);
                self.y -= 6.0;
            }
            Block::Title { text, size } => {
                self.content_of(Role::Heading(1, text.clone()), None);
                self.lines(Face::Bold, *size, size * 1.2, MARGIN_X, BODY_W, text);
                self.y -= size * 0.6;
            }
            Block::Facts(pairs) => {
                // Label–value pairs: a table of rows, each led by its label as the row's
                // header cell.
                let table = self.node(Role::Table, None);
                let body = self.node(Role::TBody, Some(table));
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
                    let row = self.node(Role::Row, Some(body));
                    self.content_of(Role::Header { row: true, span: 1 }, Some(row));
                    let top = self.y;
                    for line in &label_lines {
                        self.y -= TEXT_LEAD;
                        self.text(Face::Bold, TEXT_SIZE, MARGIN_X, line);
                    }
                    self.y = top;
                    self.content_of(Role::Cell, Some(row));
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
                let node = self.node(Role::Toc, None);
                self.contents = Some(Contents {
                    page: self.pages.len() - 1,
                    top: self.y - TEXT_LEAD,
                    node,
                    entries: Vec::new(),
                });
                self.y -= TEXT_LEAD * self.contents_len as f32 + 10.0;
            }
            Block::Chart(c) => self.chart(c),
            Block::Bullets(items) => {
                let list = self.node(Role::List, None);
                for item in items {
                    // Room for the first line now, so the bullet and its line share a page.
                    self.ensure(TEXT_LEAD);
                    let li = self.node(Role::ListItem, Some(list));
                    self.content_of(Role::Label, Some(li));
                    let y = self.y - TEXT_LEAD;
                    self.text_at(Face::Regular, TEXT_SIZE, MARGIN_X + 3.0, y, "•");
                    self.content_of(Role::ListBody, Some(li));
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
            Some(Block::Table(t)) => self.table_start_height(t) + TABLE_LEAD,
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

    /// The table of contents, once every heading's page is known: each entry a link to
    /// its chapter.
    fn fill_contents(&mut self) {
        let Some(c) = self.contents.take() else {
            return;
        };
        let mut y = c.top;
        let mut items = Vec::new();
        for (text, page, target_y) in &c.entries {
            let number = (page + 1).to_string();
            let nw = self.fonts.width(Face::Regular, &number, TEXT_SIZE);
            let title = self
                .fonts
                .wrap(Face::Regular, text, TEXT_SIZE, BODY_W - 40.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            let tw = self.fonts.width(Face::Regular, &title, TEXT_SIZE);
            let item = self.node(Role::TocItem, Some(c.node));
            let link = self.node(
                Role::Link {
                    page: c.page,
                    rect: (MARGIN_X, y - 4.0, MARGIN_X + BODY_W, y + TEXT_SIZE),
                    target: *page,
                    target_y: *target_y,
                },
                Some(item),
            );
            items.push((
                Mark::In(link),
                Item::Text {
                    face: Face::Regular,
                    size: TEXT_SIZE,
                    x: MARGIN_X,
                    y,
                    colour: BLACK,
                    text: title,
                },
            ));
            items.push((
                Mark::Artifact(Art::Layout),
                Item::Line {
                    from: (MARGIN_X + tw + 6.0, y + 1.0),
                    to: (MARGIN_X + BODY_W - nw - 6.0, y + 1.0),
                    colour: GRID,
                    width: 0.6,
                    dashed: true,
                },
            ));
            items.push((
                Mark::In(link),
                Item::Text {
                    face: Face::Regular,
                    size: TEXT_SIZE,
                    x: MARGIN_X + BODY_W - nw,
                    y,
                    colour: BLACK,
                    text: format!(" {number}"),
                },
            ));
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
        // The whole chart, on however many pages, is one figure: its alt text says what
        // it shows, and the same numbers stand in a table beside it.
        let figure = self.content_of(Role::Figure(c.alt.clone()), None);
        let mark = Mark::In(figure);
        // One part per page: rows until the page is full, then the grid and axis.
        let mut part_top = None::<(f32, usize)>;
        let finish_part = |flow: &mut Flow, top: f32, index: usize| {
            let bottom = flow.y;
            let mut grid = Vec::new();
            for tick in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
                grid.push((
                    mark,
                    Item::Line {
                        from: (at(tick), top),
                        to: (at(tick), bottom),
                        colour: GRID,
                        width: 0.5,
                        dashed: false,
                    },
                ));
            }
            for m in &c.marks {
                grid.push((
                    mark,
                    Item::Line {
                        from: (at(*m), top),
                        to: (at(*m), bottom),
                        colour: MARK,
                        width: 0.7,
                        dashed: true,
                    },
                ));
            }
            let page = flow.page();
            page.splice(index..index, grid);
            flow.put(Item::Line {
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
                flow.text_at(Face::Regular, CHART_SIZE, x, bottom - 11.0, &label);
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
                self.put(Item::Line {
                    from: (at(low), mid),
                    to: (at(high), mid),
                    colour: row.colour,
                    width: 1.6,
                    dashed: false,
                });
                for end in [low, high] {
                    self.put(Item::Line {
                        from: (at(end), mid - 3.5),
                        to: (at(end), mid + 3.5),
                        colour: row.colour,
                        width: 1.2,
                        dashed: false,
                    });
                }
            }
            if let Some(v) = row.value {
                self.put(Item::Marker {
                    shape: row.shape,
                    x: at(v),
                    y: mid,
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

    /// The height of a table's header row and first row, as drawn (wrapped cells
    /// included): what must fit under a heading for the heading to stay with its table.
    fn table_start_height(&self, t: &Table) -> f32 {
        let widths = t.column_widths(BODY_W);
        let lines = |cells: Vec<(&str, bool)>, widths: &[f32]| {
            cells
                .iter()
                .zip(widths)
                .map(|((text, bold), w)| {
                    let face = if *bold { Face::Bold } else { Face::Regular };
                    self.fonts
                        .wrap(face, text, TABLE_SIZE, w - 2.0 * CELL_PAD)
                        .len()
                })
                .max()
                .unwrap_or(1)
                .max(1) as f32
        };
        let header = lines(
            t.columns.iter().map(|c| (c.title.as_str(), true)).collect(),
            &widths,
        );
        let first = t.rows.first().map_or(0.0, |r| {
            let span = [BODY_W];
            let w: &[f32] = if r.len() == 1 && widths.len() > 1 {
                &span
            } else {
                &widths
            };
            lines(r.iter().map(|c| (c.text.as_str(), c.bold)).collect(), w)
        });
        (header + first) * TABLE_LEAD + 4.0 * CELL_PAD
    }

    fn table(&mut self, t: &Table) {
        let widths = t.column_widths(BODY_W);
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
        let is_section = |row: &[Cell]| row.len() == 1 && widths.len() > 1;
        let widths_of = |row: &[Cell]| -> &[f32] { if is_section(row) { &span } else { &widths } };
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
        let table = self.node(Role::Table, None);
        let head = self.node(Role::THead, Some(table));
        let head_row = self.node(Role::Row, Some(head));
        let header_marks: Vec<Mark> = header
            .iter()
            .map(|_| {
                Mark::In(self.node(
                    Role::Header {
                        row: false,
                        span: 1,
                    },
                    Some(head_row),
                ))
            })
            .collect();
        let repeated = vec![Mark::Artifact(Art::Pagination); header.len()];
        let draw_header = |flow: &mut Flow, marks: &[Mark]| {
            flow.draw_row(&t.columns, &widths, &header, header_h, &header_lines, marks);
        };
        draw_header(self, &header_marks);
        let body = self.node(Role::TBody, Some(table));
        let n = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let (h, lines) = row_height(self, row);
            // A section row stays with the row under it, and the last row is never left
            // alone at the top of a page (it is often the total).
            let keep = if is_section(row) || (n > 2 && i + 2 == n) {
                t.rows
                    .get(i + 1)
                    .map_or(0.0, |next| row_height(self, next).0)
            } else {
                0.0
            };
            if self.y - h - keep < BODY_BOTTOM {
                self.new_page();
                draw_header(self, &repeated);
            }
            let tr = self.node(Role::Row, Some(body));
            let marks: Vec<Mark> = if is_section(row) {
                // A section row names the rows under it: a header cell across the table.
                vec![Mark::In(self.node(
                    Role::Header {
                        row: true,
                        span: widths.len() as u32,
                    },
                    Some(tr),
                ))]
            } else {
                row.iter()
                    .map(|_| Mark::In(self.node(Role::Cell, Some(tr))))
                    .collect()
            };
            self.draw_row(&t.columns, widths_of(row), row, h, &lines, &marks);
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
        marks: &[Mark],
    ) {
        let top = self.y;
        let mut x = MARGIN_X;
        for ((((cell, w), col), cell_lines), mark) in
            row.iter().zip(widths).zip(columns).zip(lines).zip(marks)
        {
            if let Some(colour) = cell.fill {
                // Below the rule above, so that rules between cells of one colour show.
                self.mark = Mark::Artifact(Art::Layout);
                self.put(Item::Fill {
                    x,
                    y: top - h,
                    w: *w,
                    h: h - 0.6,
                    colour,
                });
            }
            self.mark = *mark;
            let face = if cell.bold { Face::Bold } else { Face::Regular };
            for (i, line) in cell_lines.iter().enumerate() {
                let lx = match col.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + w - CELL_PAD - self.fonts.width(face, line, TABLE_SIZE),
                };
                let ly = top - CELL_PAD - (i as f32 + 1.0) * TABLE_LEAD + 3.0;
                self.text_at(face, TABLE_SIZE, lx, ly, line);
            }
            x += w;
        }
        self.mark = Mark::Artifact(Art::Layout);
        self.put(Item::Rule {
            x1: MARGIN_X,
            x2: MARGIN_X + BODY_W,
            y: top - h,
        });
        self.y = top - h;
    }
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
    let contents_len = blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Contents))
        .filter(|b| matches!(b, Block::Heading { level: 0 | 1, .. }))
        .count();
    let mut flow = Flow::new(&fonts, BODY_TOP);
    flow.contents_len = contents_len;
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
    let Flow {
        pages,
        nodes,
        roots,
        bookmarks,
        ..
    } = flow;
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
    Flow::new(&Fonts::load(), 0.0).chart_height(chart)
}

/// A chart drawn on its own, as SVG (for the Word version of the report): the same
/// layout as in the PDF, on one tall page. Returns the SVG and its size in points.
pub fn chart_svg(chart: &Chart) -> (String, f32, f32) {
    let fonts = Fonts::load();
    // High enough that the chart never breaks: one part, one axis.
    let top = BODY_BOTTOM + Flow::new(&fonts, 0.0).chart_height(chart) + 40.0;
    let mut flow = Flow::new(&fonts, top);
    flow.chart(chart);
    let bottom = flow.y + 4.0;
    let (w, h) = (BODY_W + 4.0, top - bottom + 4.0);
    let x = |v: f32| v - MARGIN_X + 2.0;
    let y = |v: f32| top - v + 2.0;
    let hex = |c: Colour| format!("#{}", c.hex());
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>"#
    );
    for (_, item) in flow.pages.concat() {
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
