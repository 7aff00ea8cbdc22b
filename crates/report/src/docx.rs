//! The report as a Word document (DOCX), from the same blocks as the PDF, for the
//! förvaltning to move into its own board-paper template.
//!
//! Built with docx-rs on Word's own built-in styles (`Title`, `heading 1`–`heading 3`,
//! `Normal`, `List Bullet`, `Caption`), which Word shows in Swedish as Rubrik, Rubrik 1–3,
//! Normal, Punktlista and Beskrivning, so that applying the förvaltning's template
//! restyles the whole report. Tables have a header row that repeats on every page and
//! is marked as a header row for screen readers; a grade cell is coloured and says its
//! grade in words; each chart is a PNG (drawn from the same layout as the PDF's, by
//! resvg) with its alt text; the footer has `Sida X (Y)` as page fields; a draft says
//! UTKAST in the header of every page and on the cover.
//!
//! docx-rs cannot yet write three things: a row's `w:tblHeader`, a picture's alt text
//! (`descr`) and the document's title in the core properties. [`finish`] adds them to
//! the packed file, each by the order in which the builder made the rows and pictures,
//! so nothing is matched by guesswork.

use crate::layout::{Align, Block, Chart, Colour, RenderError, Setup, Table, chart_svg};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, FieldCharType, Footer, Header, Hyperlink,
    HyperlinkType, IndentLevel, InstrPAGEREF, InstrText, Level, LevelJc, LevelText, NumPages,
    NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Tab, TabLeaderType, TabValueType,
    TableCell, TableRow, WidthType,
};
use std::io::{Read, Write};

/// A4 in twentieths of a point, and the margins (as the PDF's, about 2.2 cm).
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN: i32 = 1_240;
const BODY_TWIPS: usize = (PAGE_W as usize) - 2 * (MARGIN as usize);
/// The bullet list's numbering (ids of docx-rs's own default numbering avoided).
const BULLETS: usize = 10;
const FONT: &str = "Liberation Sans";

/// What [`finish`] must add, in document order.
#[derive(Default)]
struct Extras {
    /// For every table row built: whether it is a header row.
    header_rows: Vec<bool>,
    /// For every picture built: its alt text.
    alts: Vec<String>,
}

fn styles(docx: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .outline_lvl(level)
    };
    // "Normal" is docx-rs's own (the document defaults give its font and size); `finish`
    // makes it the default paragraph style with space after.
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .q_format(true)
            .bold()
            .size(52),
    )
    .add_style(heading("Heading1", "heading 1", 32, 0))
    .add_style(heading("Heading2", "heading 2", 26, 1))
    .add_style(heading("Heading3", "heading 3", 23, 2))
    .add_style(
        Style::new("ListBullet", StyleType::Paragraph)
            .name("List Bullet")
            .based_on("Normal")
            .q_format(true),
    )
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("Caption")
            .based_on("Normal")
            .q_format(true)
            .italic()
            .size(18),
    )
    .add_style(
        Style::new("TOC1", StyleType::Paragraph)
            .name("toc 1")
            .based_on("Normal")
            .next("Normal"),
    )
    .add_style(
        Style::new("TOC2", StyleType::Paragraph)
            .name("toc 2")
            .based_on("Normal")
            .next("Normal")
            .indent(Some(280), None, None, None),
    )
    .add_style(
        Style::new("TOCHeading", StyleType::Paragraph)
            .name("TOC Heading")
            .based_on("Heading1")
            .next("Normal"),
    )
}

fn text_run(text: &str) -> Run {
    Run::new().add_text(text)
}

fn paragraph(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

fn table(t: &Table, extras: &mut Extras) -> docx_rs::Table {
    let widths: Vec<usize> = t
        .column_widths(BODY_TWIPS as f32)
        .into_iter()
        .map(|w| w as usize)
        .collect();
    let cell = |text: &str, bold: bool, fill: Option<Colour>, align: Align, width: usize| {
        // 9.5 pt in tables, as in the PDF.
        let mut run = text_run(text).size(19);
        if bold {
            run = run.bold();
        }
        let mut p = Paragraph::new().add_run(run);
        if align == Align::Right {
            p = p.align(AlignmentType::Right);
        }
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa);
        if let Some(fill) = fill {
            c = c.shading(Shading::new().shd_type(ShdType::Clear).fill(fill.hex()));
        }
        c
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(&c.title, true, Some(Colour(0.90, 0.92, 0.94)), c.align, *w))
            .collect(),
    )
    .cant_split();
    extras.header_rows.push(true);
    let mut rows = vec![header];
    for row in &t.rows {
        extras.header_rows.push(false);
        if row.len() == 1 && t.columns.len() > 1 {
            // A section row across the table.
            rows.push(TableRow::new(vec![
                cell(&row[0].text, true, row[0].fill, Align::Left, BODY_TWIPS)
                    .grid_span(t.columns.len()),
            ]));
            continue;
        }
        rows.push(
            TableRow::new(
                row.iter()
                    .zip(&t.columns)
                    .zip(&widths)
                    .map(|((c, col), w)| cell(&c.text, c.bold, c.fill, col.align, *w))
                    .collect(),
            )
            .cant_split(),
        );
    }
    docx_rs::Table::new(rows)
        .set_grid(widths)
        .width(BODY_TWIPS, WidthType::Dxa)
}

/// The tallest chart picture, in points: less than a page's body.
const MAX_CHART_H: f32 = 600.0;

/// The chart in parts that each fit on a page.
fn chart_parts(chart: &Chart) -> Vec<Chart> {
    let mut parts: Vec<Chart> = Vec::new();
    let empty = || Chart {
        alt: chart.alt.clone(),
        rows: Vec::new(),
        marks: chart.marks.clone(),
    };
    let mut cur = empty();
    for row in &chart.rows {
        cur.rows.push(row.clone());
        if cur.rows.len() > 1 && crate::layout::chart_height(&cur) > MAX_CHART_H {
            let last = cur.rows.pop().expect("just pushed");
            parts.push(std::mem::replace(&mut cur, empty()));
            cur.rows.push(last);
        }
    }
    if !cur.rows.is_empty() || parts.is_empty() {
        parts.push(cur);
    }
    parts
}

/// The chart as a PNG at twice its size in points, and its size in EMU.
fn chart_png(chart: &Chart) -> Result<(Vec<u8>, u32, u32, u32, u32), RenderError> {
    let (svg, w, h) = chart_svg(chart);
    let mut options = resvg::usvg::Options::default();
    for face in crate::fonts::FACES {
        options.fontdb_mut().load_font_data(face.to_vec());
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &options)
        .map_err(|e| RenderError(format!("diagrammet: {e}")))?;
    let scale = 2.0;
    let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph)
        .ok_or_else(|| RenderError("diagrammet har ingen storlek".to_string()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| RenderError(format!("diagrammet: {e}")))?;
    // 12,700 EMU per point.
    Ok((png, pw, ph, (w * 12_700.0) as u32, (h * 12_700.0) as u32))
}

/// Renders the blocks as a DOCX file.
pub fn render_docx(setup: &Setup, blocks: &[Block]) -> Result<Vec<u8>, RenderError> {
    let mut extras = Extras::default();
    let mut docx = styles(Docx::new())
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN + 200)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(700)
                .footer(600),
        )
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT))
        .default_size(22)
        .created_at(&setup.created.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .updated_at(&setup.created.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .custom_property("Diarienummer", setup.header_right.clone())
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360),
                    Some(SpecialIndentType::Hanging(280)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));

    let header = Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Right).pos(BODY_TWIPS))
        .add_run(text_run(&setup.header_left))
        .add_run(Run::new().add_tab())
        .add_run(text_run(&setup.header_right));
    let mut header_doc = Header::new().add_paragraph(header);
    if setup.draft {
        header_doc = header_doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run("UTKAST").bold().color("B31A1A")),
        );
    }
    docx = docx.header(header_doc).footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(text_run("Sida "))
                .add_page_num(PageNum::new())
                .add_run(text_run(" ("))
                .add_num_pages(NumPages::new())
                .add_run(text_run(")")),
        ),
    );

    let mut page_break = false;
    for (i, b) in blocks.iter().enumerate() {
        let mut next: Option<Paragraph> = None;
        match b {
            Block::Title { text, size } => {
                let style = if *size >= 20.0 { "Title" } else { "TOCHeading" };
                next = Some(paragraph(style, text));
                if setup.draft && *size >= 20.0 {
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .add_run(text_run("UTKAST").bold().color("B31A1A").size(28)),
                    );
                }
            }
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 3);
                next = Some(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .add_bookmark_start(i, bookmark(i))
                        .add_run(text_run(text))
                        .add_bookmark_end(i)
                        .keep_next(true),
                );
            }
            Block::Paragraph(text) => {
                for part in text.split('\n') {
                    docx =
                        docx.add_paragraph(with_break(paragraph("Normal", part), &mut page_break));
                }
            }
            Block::Note(text) => next = Some(paragraph("Caption", text)),
            Block::Bullets(items) => {
                for item in items {
                    docx = docx.add_paragraph(with_break(
                        paragraph("ListBullet", item)
                            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
                        &mut page_break,
                    ));
                }
            }
            Block::Facts(pairs) => {
                // Label–value pairs: a table without a header row, the label in bold.
                let rows = pairs
                    .iter()
                    .map(|(k, v)| {
                        extras.header_rows.push(false);
                        TableRow::new(vec![
                            TableCell::new()
                                .add_paragraph(Paragraph::new().add_run(text_run(k).bold()))
                                .width(BODY_TWIPS * 3 / 10, WidthType::Dxa),
                            TableCell::new()
                                .add_paragraph(paragraph("Normal", v))
                                .width(BODY_TWIPS * 7 / 10, WidthType::Dxa),
                        ])
                    })
                    .collect();
                docx = docx.add_table(
                    docx_rs::Table::new(rows)
                        .set_grid(vec![BODY_TWIPS * 3 / 10, BODY_TWIPS * 7 / 10])
                        .width(BODY_TWIPS, WidthType::Dxa)
                        .clear_all_border(),
                );
            }
            Block::Contents => {
                // The chapters and sections, each linked to its heading, with its page as
                // a PAGEREF field that Word and LibreOffice compute from their own layout
                // (built-in styles "toc 1" and "toc 2").
                for (n, b) in blocks[i..].iter().enumerate() {
                    if let Block::Heading { level, text } = b {
                        let level = (*level).clamp(1, 2);
                        let target = bookmark(i + n);
                        docx = docx.add_paragraph(
                            Paragraph::new()
                                .style(&format!("TOC{level}"))
                                .add_tab(
                                    Tab::new()
                                        .val(TabValueType::Right)
                                        .leader(TabLeaderType::Dot)
                                        .pos(BODY_TWIPS),
                                )
                                .add_hyperlink(
                                    Hyperlink::new(&target, HyperlinkType::Anchor)
                                        .add_run(text_run(text)),
                                )
                                .add_run(Run::new().add_tab())
                                .add_run(
                                    Run::new()
                                        .add_field_char(FieldCharType::Begin, true)
                                        .add_instr_text(InstrText::PAGEREF(
                                            InstrPAGEREF::new(&target).hyperlink(),
                                        ))
                                        .add_field_char(FieldCharType::Separate, false),
                                )
                                .add_run(text_run("–"))
                                .add_run(Run::new().add_field_char(FieldCharType::End, false)),
                        );
                    }
                }
            }
            Block::Table(t) => docx = docx.add_table(table(t, &mut extras)),
            Block::Chart(c) => {
                // A picture is not split across pages: a long chart becomes several,
                // each with its axis; the first carries the alt text with every figure.
                let parts = chart_parts(c);
                let n = parts.len();
                for (k, part) in parts.iter().enumerate() {
                    let (png, px_w, px_h, emu_w, emu_h) = chart_png(part)?;
                    extras.alts.push(if k == 0 {
                        c.alt.clone()
                    } else {
                        format!(
                            "Diagrammets fortsättning, del {} av {n}. Siffrorna står i diagrammets första del och i tabellen före diagrammet.",
                            k + 1
                        )
                    });
                    let pic = Pic::new_with_dimensions(png, px_w, px_h).size(emu_w, emu_h);
                    docx = docx.add_paragraph(with_break(
                        Paragraph::new().add_run(Run::new().add_image(pic)),
                        &mut page_break,
                    ));
                }
            }
            Block::Space(_) => {}
            Block::PageBreak => page_break = true,
        }
        if let Some(p) = next {
            docx = docx.add_paragraph(with_break(p, &mut page_break));
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| RenderError(format!("Word-filen: {e}")))?;
    finish(&bytes.into_inner(), &setup.title, &extras)
}

/// The bookmark on the heading that is block `i`, which the contents refer to.
fn bookmark(i: usize) -> String {
    format!("_Toc{i:08}")
}

/// Starts the paragraph on a new page when a page break is pending.
fn with_break(p: Paragraph, pending: &mut bool) -> Paragraph {
    if std::mem::take(pending) {
        p.page_break_before(true)
    } else {
        p
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds what docx-rs cannot write: header rows (`w:tblHeader`, so Word repeats them on
/// every page and screen readers know them), the charts' alt text (`descr`), and the
/// title in the core properties. Rows and pictures are taken in the order the builder
/// made them.
fn finish(packed: &[u8], title: &str, extras: &Extras) -> Result<Vec<u8>, RenderError> {
    let err = |e: &dyn std::fmt::Display| RenderError(format!("Word-filen: {e}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| err(&e))?;
        let name = file.name().map_err(|e| err(&e))?.to_string();
        if file.is_dir() {
            out.add_directory(name, options).map_err(|e| err(&e))?;
            continue;
        }
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(|e| err(&e))?;
        let data = match name.as_str() {
            "word/document.xml" => {
                let xml = String::from_utf8(data).map_err(|e| err(&e))?;
                mark_document(&xml, extras)?.into_bytes()
            }
            "word/settings.xml" => {
                // Word updates the contents' page fields when it opens the file.
                let xml = String::from_utf8(data).map_err(|e| err(&e))?;
                match xml.find("</w:settings>") {
                    Some(at) if !xml.contains("w:updateFields") => format!(
                        "{}<w:updateFields w:val=\"true\" />{}",
                        &xml[..at],
                        &xml[at..]
                    )
                    .into_bytes(),
                    _ => xml.into_bytes(),
                }
            }
            "word/styles.xml" => {
                let xml = String::from_utf8(data).map_err(|e| err(&e))?;
                xml.replacen(
                    r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr>"#,
                    r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /><w:spacing w:after="120" /></w:pPr>"#,
                    1,
                )
                .into_bytes()
            }
            "docProps/core.xml" => {
                let xml = String::from_utf8(data).map_err(|e| err(&e))?;
                let title = format!("<dc:title>{}</dc:title>", xml_escape(title));
                match xml.find("</cp:coreProperties>") {
                    Some(at) if !xml.contains("<dc:title>") => {
                        format!("{}{title}{}", &xml[..at], &xml[at..]).into_bytes()
                    }
                    _ => xml.into_bytes(),
                }
            }
            _ => data,
        };
        out.start_file(name, options).map_err(|e| err(&e))?;
        out.write_all(&data).map_err(|e| err(&e))?;
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

/// Marks the header rows and the pictures' alt text in `word/document.xml`.
fn mark_document(xml: &str, extras: &Extras) -> Result<String, RenderError> {
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = xml;
    let mut rows = extras.header_rows.iter();
    let mut alts = extras.alts.iter();
    loop {
        let next_row = rest.find("<w:tr>").or_else(|| rest.find("<w:tr "));
        let next_pic = rest.find("<wp:docPr ");
        let at = match (next_row, next_pic) {
            (Some(r), Some(p)) => r.min(p),
            (Some(r), None) => r,
            (None, Some(p)) => p,
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<wp:docPr ") {
            let alt = alts
                .next()
                .ok_or_else(|| RenderError("Word-filen: en bild utan alternativtext".into()))?;
            out.push_str(&format!("<wp:docPr descr=\"{}\" ", xml_escape(alt)));
            rest = &rest["<wp:docPr ".len()..];
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            let header = rows
                .next()
                .ok_or_else(|| RenderError("Word-filen: fler tabellrader än byggda".into()))?;
            if *header {
                // Inside the row's properties when it has them, else new ones.
                if let Some(stripped) = rest.strip_prefix("<w:trPr>") {
                    out.push_str("<w:trPr><w:tblHeader />");
                    rest = stripped;
                } else {
                    out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                }
            }
        }
    }
    out.push_str(rest);
    if rows.next().is_some() || alts.next().is_some() {
        return Err(RenderError(
            "Word-filen: tabellrader eller bilder saknas i dokumentet".into(),
        ));
    }
    Ok(out)
}
