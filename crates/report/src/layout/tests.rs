//! Layout tests on real PDFs, read back with poppler's pdftotext and pdffonts.

use super::*;
use std::process::Command;

fn setup(draft: bool) -> Setup {
    Setup {
        title: "Granskning av Myndighet LSS".to_string(),
        author: "Vård- och omsorgsförvaltningen".to_string(),
        header_left: "Myndighet LSS".to_string(),
        header_right: "2023/VON 0123".to_string(),
        draft,
        created: chrono::Utc::now(),
    }
}

fn long_table(rows: usize) -> Block {
    Block::Table(Table {
        columns: vec![
            Column { title: "Fråga".into(), share: 5.0, align: Align::Left },
            Column { title: "x av n".into(), share: 1.5, align: Align::Right },
            Column { title: "Bedömning".into(), share: 1.5, align: Align::Left },
        ],
        rows: (0..rows)
            .map(|i| {
                vec![
                    Cell::text(format!("Rad {i}: det framgår hur barnets bästa har beaktats och hur barnet har informerats om beslutet")),
                    Cell::text(format!("{i} av 165")),
                    Cell { text: "Gul".into(), fill: Some(Colour(1.0, 0.93, 0.6)), bold: true },
                ]
            })
            .collect(),
    })
}

/// Writes the PDF and returns the text of each page.
fn pages_text(r: &Rendered) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("t.pdf");
    std::fs::write(&pdf, &r.bytes).unwrap();
    (1..=r.pages)
        .map(|p| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &p.to_string(), "-l", &p.to_string()])
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is installed by scripts/install-deps");
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn every_page_has_header_footer_and_draft_marking() {
    let blocks = vec![
        Block::Heading { level: 1, text: "1 Sammanfattning".into() },
        Block::Paragraph("Granskningen pågick under september och oktober 2023 och har omfattat intervjuer, observationer och granskning av akter. ".repeat(8)),
        Block::Bullets(vec!["Intervjuer med enhetschef och handläggare.".into(), "Granskning av 30 procent av aktuella akter (165 av 549).".into()]),
        Block::Heading { level: 1, text: "8 Aktgranskning".into() },
        long_table(120),
    ];
    let r = render(&setup(true), &blocks).unwrap();
    assert!(r.pages >= 4, "{} pages", r.pages);
    let texts = pages_text(&r);
    for (i, t) in texts.iter().enumerate() {
        assert!(
            t.contains(&format!("Sida {} ({})", i + 1, r.pages)),
            "page {}: {t}",
            i + 1
        );
        assert!(t.contains("UTKAST"), "page {}", i + 1);
        assert!(t.contains("Myndighet LSS") && t.contains("2023/VON 0123"));
    }
    let all = texts.concat();
    assert!(all.contains("1 Sammanfattning") && all.contains("165 av 549"));
    // The table breaks across pages with its header repeated, and loses no row.
    let with_rows: Vec<&String> = texts.iter().filter(|t| t.contains("av 165")).collect();
    assert!(with_rows.len() >= 3);
    for t in &with_rows {
        assert!(
            t.contains("Fråga") && t.contains("Bedömning"),
            "header repeated: {t}"
        );
    }
    for i in 0..120 {
        assert!(all.contains(&format!("Rad {i}:")), "row {i} lost");
    }
    // A final report has no marking.
    let final_text = pages_text(&render(&setup(false), &blocks).unwrap()).concat();
    assert!(!final_text.contains("UTKAST"));
}

#[test]
fn fonts_are_embedded_and_metadata_set() {
    let r = render(
        &setup(false),
        &[Block::Paragraph("Åsa Öberg, Ärende ö".into())],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("f.pdf");
    std::fs::write(&pdf, &r.bytes).unwrap();
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row.contains("LiberationSans"), "{row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, unicode: {row}"
        );
    }
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Granskning av Myndighet LSS"), "{info}");
    assert!(info.contains("Vård- och omsorgsförvaltningen"), "{info}");
    assert!(
        info.contains("595.28 x 841.89") || info.contains("595.276 x 841.89"),
        "A4: {info}"
    );
    // Swedish, and no claim of a standard the file does not meet, nor a 1970 date.
    assert!(!info.contains("PDF/X") && !info.contains("1970"), "{info}");
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    let lang = doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    assert_eq!(lang, b"sv-SE");
}

/// The structure elements of a PDF, in tree order, by role (read back with lopdf).
fn roles(bytes: &[u8]) -> Vec<String> {
    fn walk(doc: &lopdf::Document, obj: &lopdf::Object, out: &mut Vec<String>) {
        let obj = match obj {
            lopdf::Object::Reference(r) => match doc.get_object(*r) {
                Ok(o) => o,
                Err(_) => return,
            },
            o => o,
        };
        match obj {
            lopdf::Object::Dictionary(d) => {
                if let Ok(s) = d.get(b"S").and_then(lopdf::Object::as_name) {
                    out.push(String::from_utf8_lossy(s).into_owned());
                }
                if let Ok(k) = d.get(b"K") {
                    walk(doc, k, out);
                }
            }
            lopdf::Object::Array(a) => a.iter().for_each(|o| walk(doc, o, out)),
            _ => {}
        }
    }
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .clone();
    let mut out = Vec::new();
    walk(&doc, &root, &mut out);
    out
}

#[test]
fn a_table_across_pages_has_one_header_row_in_its_structure() {
    let r = render(
        &setup(false),
        &[
            Block::Heading {
                level: 1,
                text: "8 Aktgranskning".into(),
            },
            long_table(120),
        ],
    )
    .unwrap();
    assert!(r.pages >= 3);
    let roles = roles(&r.bytes);
    let count = |role: &str| roles.iter().filter(|r| *r == role).count();
    // The header row drawn again on every page is an artifact: the structure has it once.
    assert_eq!(count("TH"), 3);
    assert_eq!(count("THead"), 1);
    assert_eq!(count("TR"), 121);
    assert_eq!(count("TD"), 360);
    assert_eq!(count("H1"), 1);
}

#[test]
fn lists_section_rows_and_charts_have_their_roles() {
    let chart = sample_chart();
    let table = Block::Table(Table {
        columns: vec![
            Column {
                title: "Punkt".into(),
                share: 4.0,
                align: Align::Left,
            },
            Column {
                title: "Andel".into(),
                share: 1.0,
                align: Align::Right,
            },
        ],
        rows: vec![
            vec![Cell::text("Ansökan och aktualisering")],
            vec![Cell::text("Ansökan"), Cell::text("94 %")],
        ],
    });
    let r = render(
        &setup(false),
        &[
            Block::Heading {
                level: 1,
                text: "1 Kapitel".into(),
            },
            Block::Heading {
                level: 2,
                text: "1.1 Avsnitt".into(),
            },
            Block::Bullets(vec!["ett".into(), "två".into()]),
            table,
            Block::Chart(chart),
            Block::Note("Not under diagrammet.".into()),
        ],
    )
    .unwrap();
    let roles = roles(&r.bytes);
    let count = |role: &str| roles.iter().filter(|r| *r == role).count();
    assert_eq!((count("H1"), count("H2")), (1, 1));
    assert_eq!(
        (count("L"), count("LI"), count("Lbl"), count("LBody")),
        (1, 2, 2, 2)
    );
    // The section row is a header cell (for the rows under it) beside the column headers.
    assert_eq!((count("TH"), count("TD")), (3, 2));
    assert_eq!((count("Figure"), count("P")), (1, 1));
}

/// Body text is 11 pt and nothing is smaller than 9 pt (the watermark aside, which is
/// not read), in every kind of block.
#[test]
fn no_text_is_smaller_than_nine_points() {
    let chart = sample_chart();
    let r = render(
        &setup(true),
        &[
            Block::Title {
                text: "Granskning".into(),
                size: 26.0,
            },
            Block::Facts(vec![("Datum".into(), "6 december 2026".into())]),
            Block::Heading {
                level: 1,
                text: "1 Kapitel".into(),
            },
            Block::Paragraph("Brödtext.".into()),
            Block::Note("En not.".into()),
            Block::Bullets(vec!["En punkt.".into()]),
            long_table(3),
            Block::Chart(chart),
        ],
    )
    .unwrap();
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    let mut sizes = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        for op in content.operations {
            if op.operator == "Tf" {
                sizes.push(op.operands[1].as_float().unwrap());
            }
        }
    }
    assert!(sizes.contains(&11.0), "body text 11 pt: {sizes:?}");
    let smallest = sizes
        .iter()
        .copied()
        .filter(|s| *s < 100.0)
        .fold(f32::MAX, f32::min);
    assert!(smallest >= 9.0, "{sizes:?}");
}

/// A one-row chart with its alt text.
fn sample_chart() -> Chart {
    Chart {
        alt:
            "Diagram: andel uppfyllda akter per granskningspunkt, 1. Ansökan: 94 % (90–96 %), Grön."
                .into(),
        rows: vec![ChartRow {
            label: "1. Ansökan".into(),
            value: Some(0.94),
            interval: Some((0.90, 0.96)),
            colour: Colour(0.16, 0.52, 0.20),
            shape: Shape::Circle,
            tag: "Grön".into(),
        }],
        marks: vec![0.75, 0.9],
    }
}
