//! Pagination: blocks flowed into pages of positioned items, each marked with the
//! structure element it is content of (or as an artifact). What is drawn, and how the
//! PDF is tagged from the marks, is `layout`'s part.

use super::*;

#[derive(Debug, Clone)]
pub(super) enum Item {
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
pub(super) enum Mark {
    /// Content of the structure element with this index in [`Flow::nodes`].
    In(usize),
    /// Not read out: decoration and page furniture.
    Artifact(Art),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Art {
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
pub(super) enum Role {
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

pub(super) struct Node {
    pub(super) role: Role,
    pub(super) children: Vec<usize>,
}

/// Where the table of contents goes and what it lists.
pub(super) struct Contents {
    page: usize,
    /// The baseline of the first entry.
    top: f32,
    /// The TOC structure element.
    node: usize,
    /// (heading, page index, y of the heading's top) of every level 1 heading after it.
    entries: Vec<(String, usize, f32)>,
}

/// A heading for the document outline (bookmarks): level, text, page, y of its top.
pub(super) struct Bookmark {
    pub(super) level: u16,
    pub(super) text: String,
    pub(super) page: usize,
    pub(super) y: f32,
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
                // The heading, the space under it and the start of what follows.
                self.ensure(before + size * 1.3 + after + self.keep.max(3.0 * TEXT_LEAD));
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

/// The pages of positioned items, the structure elements and the outline: everything
/// the PDF needs but the running header, footer and draft marking.
pub(super) struct Paged {
    pub(super) pages: Vec<Vec<(Mark, Item)>>,
    pub(super) nodes: Vec<Node>,
    pub(super) roots: Vec<usize>,
    pub(super) bookmarks: Vec<Bookmark>,
}

/// Lays the blocks out into pages. Keep-together rules: a heading stays with the start
/// of what follows it (a short paragraph whole, else its first lines, a table's header
/// and first row, a chart that fits a page whole); a table row is never split, its
/// header is repeated on every page it runs onto, a section row stays with the row under
/// it and the last row is never alone at the top of a page; a list item's bullet stays
/// with its first line.
pub(super) fn paginate(fonts: &Fonts, blocks: &[Block]) -> Paged {
    let contents_len = blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Contents))
        .filter(|b| matches!(b, Block::Heading { level: 0 | 1, .. }))
        .count();
    let mut flow = Flow::new(fonts, BODY_TOP);
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
    Paged {
        pages,
        nodes,
        roots,
        bookmarks,
    }
}

/// The height of a whole chart in points, axis included.
pub(super) fn chart_height(fonts: &Fonts, chart: &Chart) -> f32 {
    Flow::new(fonts, 0.0).chart_height(chart)
}

/// A chart laid out on its own from `top` down: its items and where it ends.
pub(super) fn chart_alone(fonts: &Fonts, chart: &Chart, top: f32) -> (Vec<(Mark, Item)>, f32) {
    let mut flow = Flow::new(fonts, top);
    flow.chart(chart);
    (flow.pages.concat(), flow.y)
}

#[cfg(test)]
mod tests;
