//! The keep-together rules, checked on the pages the layout makes (before any PDF).
//! Each test moves the start of a block down the page a few points at a time, so that
//! every page break it can meet is tried.

use super::*;

/// The room a test leaves at the bottom of the first page, every 5 points from almost
/// nothing to a third of the page.
fn rooms() -> impl Iterator<Item = f32> {
    (1..50).map(|i| i as f32 * 5.0)
}

/// The blocks after a space that leaves `room` points on the first page.
fn after_room(room: f32, blocks: Vec<Block>) -> Vec<Block> {
    let mut all = vec![Block::Space(BODY_TOP - BODY_BOTTOM - room)];
    all.extend(blocks);
    all
}

fn lay_out(blocks: &[Block]) -> Paged {
    paginate(&Fonts::load(), blocks)
}

/// The pages (0-based) on which a text item starting with `text` stands.
fn pages_of(p: &Paged, text: &str) -> Vec<usize> {
    p.pages
        .iter()
        .enumerate()
        .filter(|(_, items)| {
            items
                .iter()
                .any(|(_, i)| matches!(i, Item::Text { text: t, .. } if t.starts_with(text)))
        })
        .map(|(n, _)| n)
        .collect()
}

fn page_of(p: &Paged, text: &str) -> usize {
    let pages = pages_of(p, text);
    assert_eq!(pages.len(), 1, "{text} should stand on one page: {pages:?}");
    pages[0]
}

fn paragraph(words: usize, tag: &str) -> Block {
    Block::Paragraph(
        std::iter::once(tag.to_string())
            .chain((0..words).map(|i| format!("ord{i}")))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        text: text.to_string(),
    }
}

fn table(rows: Vec<Vec<Cell>>) -> Block {
    Block::Table(Table {
        columns: vec![
            Column {
                title: "Granskningspunkt".into(),
                share: 5.0,
                align: Align::Left,
            },
            Column {
                title: "Andel".into(),
                share: 1.5,
                align: Align::Right,
            },
        ],
        rows,
    })
}

fn row(label: &str) -> Vec<Cell> {
    vec![Cell::text(label), Cell::text("90 %")]
}

#[test]
fn a_heading_is_never_left_at_the_bottom_of_a_page() {
    for room in rooms() {
        let p = lay_out(&after_room(
            room,
            vec![heading("Rubriken"), paragraph(200, "Stycket")],
        ));
        assert_eq!(
            page_of(&p, "Rubriken"),
            page_of(&p, "Stycket"),
            "room {room}: the heading left behind its paragraph"
        );
    }
}

#[test]
fn a_short_paragraph_under_a_heading_moves_with_it_whole() {
    for room in rooms() {
        // Three lines: kept whole with its heading.
        let p = lay_out(&after_room(
            room,
            vec![heading("Rubriken"), paragraph(40, "Stycket")],
        ));
        let heading_page = page_of(&p, "Rubriken");
        assert!(
            pages_of(&p, "ord").iter().all(|&n| n == heading_page),
            "room {room}: a three-line paragraph was split from its heading"
        );
    }
}

#[test]
fn a_heading_stays_with_its_tables_header_and_first_row() {
    let rows: Vec<Vec<Cell>> = (0..30).map(|i| row(&format!("Punkt {i}"))).collect();
    for room in rooms() {
        let p = lay_out(&after_room(
            room,
            vec![heading("Rubriken"), table(rows.clone())],
        ));
        let h = page_of(&p, "Rubriken");
        assert_eq!(
            pages_of(&p, "Granskningspunkt")[0],
            h,
            "room {room}: header"
        );
        assert_eq!(page_of(&p, "Punkt 0"), h, "room {room}: first row");
    }
}

#[test]
fn a_long_tables_header_is_repeated_on_every_page_as_an_artifact() {
    let rows: Vec<Vec<Cell>> = (0..120).map(|i| row(&format!("Punkt {i}"))).collect();
    let p = lay_out(&[table(rows)]);
    assert!(p.pages.len() >= 3);
    for (n, items) in p.pages.iter().enumerate() {
        let header = items
            .iter()
            .find(|(_, i)| matches!(i, Item::Text { text, .. } if text == "Granskningspunkt"))
            .unwrap_or_else(|| panic!("page {n} has no header row"));
        if n == 0 {
            assert!(
                matches!(header.0, Mark::In(_)),
                "the first header is the real one"
            );
        } else {
            assert_eq!(header.0, Mark::Artifact(Art::Pagination), "page {n}");
        }
    }
}

#[test]
fn a_row_is_never_split_across_pages() {
    let long = "Det framgår hur barnets bästa har beaktats, hur barnet har informerats om \
                beslutet och hur barnets egen uppfattning har kommit fram i utredningen";
    let rows: Vec<Vec<Cell>> = (0..40).map(|i| row(&format!("{i}. {long}"))).collect();
    for room in rooms() {
        let p = lay_out(&after_room(room, vec![table(rows.clone())]));
        for i in 0..40 {
            // Every wrapped line of the row's first cell on the page of its first line.
            let first = page_of(&p, &format!("{i}. Det"));
            let row_lines: Vec<usize> = p.pages[first]
                .iter()
                .filter_map(|(m, item)| match item {
                    Item::Text { text, .. } if text.starts_with(&format!("{i}. ")) => Some(*m),
                    _ => None,
                })
                .map(|_| first)
                .collect();
            assert_eq!(row_lines.len(), 1);
            let next = first + 1;
            if let Some(items) = p.pages.get(next) {
                // The page after does not start with the rest of this row.
                let body_text: Vec<&str> = items
                    .iter()
                    .filter_map(|(m, item)| match (m, item) {
                        (Mark::In(_), Item::Text { text, .. }) => Some(text.as_str()),
                        _ => None,
                    })
                    .collect();
                assert!(
                    !body_text.first().is_some_and(|t| t.starts_with("beslutet")),
                    "room {room}: row {i} continues on page {next}"
                );
            }
        }
    }
}

#[test]
fn the_last_row_is_never_alone_at_the_top_of_a_page() {
    let mut rows: Vec<Vec<Cell>> = (0..8).map(|i| row(&format!("Punkt {i}"))).collect();
    rows.push(row("Totalt"));
    for room in rooms() {
        let p = lay_out(&after_room(room, vec![table(rows.clone())]));
        assert_eq!(
            page_of(&p, "Totalt"),
            page_of(&p, "Punkt 7"),
            "room {room}: the total row stood alone"
        );
    }
}

#[test]
fn a_section_row_stays_with_the_row_under_it() {
    let rows = vec![
        row("Punkt 1"),
        row("Punkt 2"),
        vec![Cell::text("Område: Samtycke")],
        row("Punkt 3"),
        row("Punkt 4"),
        row("Punkt 5"),
    ];
    for room in rooms() {
        let p = lay_out(&after_room(room, vec![table(rows.clone())]));
        assert_eq!(
            page_of(&p, "Område: Samtycke"),
            page_of(&p, "Punkt 3"),
            "room {room}: the section row was left behind"
        );
    }
}

#[test]
fn a_bullet_stays_with_its_first_line() {
    let items: Vec<String> = (0..6)
        .map(|i| {
            format!("Punkt{i} med en mening som är lång nog att brytas över två rader i spalten")
        })
        .collect();
    for room in rooms() {
        let p = lay_out(&after_room(room, vec![Block::Bullets(items.clone())]));
        let bullets: Vec<usize> = pages_of(&p, "•");
        for i in 0..6 {
            let line = page_of(&p, &format!("Punkt{i}"));
            assert!(
                bullets.contains(&line),
                "room {room}: bullet {i} apart from its line"
            );
        }
        // As many bullets as items, none left alone at a page's foot.
        let count: usize = p
            .pages
            .iter()
            .map(|items| {
                items
                    .iter()
                    .filter(|(_, i)| matches!(i, Item::Text { text, .. } if text == "•"))
                    .count()
            })
            .sum();
        assert_eq!(count, 6);
    }
}

#[test]
fn a_chart_that_fits_a_page_is_kept_whole_with_its_heading() {
    let chart = Chart {
        alt: "Diagram".into(),
        rows: (0..8)
            .map(|i| ChartRow {
                label: format!("Rad{i}"),
                value: Some(0.9),
                interval: Some((0.85, 0.95)),
                colour: Colour(0.16, 0.52, 0.20),
                shape: Shape::Circle,
                tag: "Grön".into(),
            })
            .collect(),
        marks: vec![0.75, 0.9],
    };
    for room in rooms() {
        let p = lay_out(&after_room(
            room,
            vec![heading("Rubriken"), Block::Chart(chart.clone())],
        ));
        let h = page_of(&p, "Rubriken");
        for i in 0..8 {
            assert_eq!(page_of(&p, &format!("Rad{i}")), h, "room {room}: row {i}");
        }
    }
}
