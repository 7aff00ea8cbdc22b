//! The report benchmark: the demo audit's report (549 files, 165 reviewed, every chapter
//! filled) made by Aktgranskning, beside the route users take today: the same document
//! in a word processor's format turned into a PDF by LibreOffice
//! (`soffice --headless --convert-to pdf`).
//!
//! The equivalent document is the report's own blocks written as HTML (headings,
//! paragraphs, lists, tables with coloured cells; each chart as a table of its rows), so
//! that both routes lay out the same text and tables.

use aktgranskning_report::content::blocks;
use aktgranskning_report::layout::{Block, Cell, Colour};
use aktgranskning_service::{Context, Store, demo, report};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

fn css(c: Colour) -> String {
    format!(
        "#{:02x}{:02x}{:02x}",
        (c.0 * 255.0) as u8,
        (c.1 * 255.0) as u8,
        (c.2 * 255.0) as u8
    )
}

fn cell(tag: &str, c: &Cell, span: usize) -> String {
    let mut style = String::new();
    if let Some(f) = c.fill {
        style = format!(" style=\"background:{}\"", css(f));
    }
    let text = if c.bold {
        format!("<b>{}</b>", esc(&c.text))
    } else {
        esc(&c.text)
    };
    format!("<{tag} colspan=\"{span}\"{style}>{text}</{tag}>")
}

/// The report's blocks as one HTML document.
pub fn html(title: &str, blocks: &[Block]) -> String {
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:'Liberation Sans';font-size:10.5pt}} table{{border-collapse:collapse;width:100%}} \
         td,th{{border-bottom:1px solid #ccc;padding:3pt;font-size:9.5pt;text-align:left}}</style></head><body>",
        esc(title)
    );
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                let _ = write!(h, "<h{0}>{1}</h{0}>", level + 1, esc(text));
            }
            Block::Title { text, .. } => {
                let _ = write!(h, "<h1>{}</h1>", esc(text));
            }
            Block::Paragraph(t) => {
                let _ = write!(h, "<p>{}</p>", esc(t));
            }
            Block::Note(t) => {
                let _ = write!(h, "<p><small><i>{}</i></small></p>", esc(t));
            }
            Block::Bullets(items) => {
                h.push_str("<ul>");
                for i in items {
                    let _ = write!(h, "<li>{}</li>", esc(i));
                }
                h.push_str("</ul>");
            }
            Block::Facts(pairs) => {
                h.push_str("<table>");
                for (l, v) in pairs {
                    let _ = write!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(l), esc(v));
                }
                h.push_str("</table>");
            }
            Block::Table(t) => {
                h.push_str("<table><tr>");
                for c in &t.columns {
                    let _ = write!(h, "<th>{}</th>", esc(&c.title));
                }
                h.push_str("</tr>");
                for row in &t.rows {
                    h.push_str("<tr>");
                    let span = if row.len() == 1 { t.columns.len() } else { 1 };
                    for c in row {
                        h.push_str(&cell("td", c, span));
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</table>");
            }
            Block::Chart(c) => {
                h.push_str("<table>");
                for r in &c.rows {
                    let _ = write!(
                        h,
                        "<tr><td>{}</td><td style=\"color:{}\">{}</td><td>{}</td></tr>",
                        esc(&r.label),
                        css(r.colour),
                        r.value
                            .map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0)),
                        esc(&r.tag)
                    );
                }
                h.push_str("</table>");
            }
            Block::Contents | Block::Space(_) => {}
            Block::PageBreak => h.push_str("<p style=\"page-break-before:always\"></p>"),
        }
    }
    h.push_str("</body></html>");
    h
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Prints the report rows of the README's table.
pub fn bench(cli: &Path, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open_in_memory().expect("store");
    let ctx = Context::new("bench");
    let id = demo::create_demo_audit(&mut store, &ctx).expect("demo audit");
    let mut pages = 0;
    let t = median(
        (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                let r = report::make_report(&mut store, &ctx, id, true, None).expect("report");
                let t = t0.elapsed();
                pages = r.pages;
                t
            })
            .collect(),
    );
    println!(
        "| report PDF of the demo audit ({pages} pages; gather + privacy check + layout + PDF, in process) | {} | – |",
        super::ms(t)
    );

    let mut docx_size = 0;
    let t_docx = median(
        (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                let data = report::report_data(&store, &ctx, id, true).expect("report data");
                let bytes = aktgranskning_report::render_report_docx(&data).expect("docx");
                let t = t0.elapsed();
                docx_size = bytes.len();
                t
            })
            .collect(),
    );
    println!(
        "| report DOCX of the demo audit ({} KB; gather + privacy check + document + chart pictures, in process) | {} | – |",
        docx_size / 1000,
        super::ms(t_docx)
    );

    // What a user waits for: a fresh process, the database read from disk, the file written.
    let db = dir.path().join("demo.sqlite3");
    super::run_ok(super::cli_cmd(cli, &db, &["demo", "audit"]));
    let out = dir.path().join("cli-rapport.pdf");
    let (t_cli, rss) = super::median_run(runs, |_| {
        (
            super::cli_cmd(
                cli,
                &db,
                &["report", "--audit", "1", "--out", super::path_str(&out)],
            ),
            db.clone(),
        )
    });
    println!(
        "| report PDF of the demo audit (CLI: open database, gather, render, write file) | {} | {} |",
        super::ms(t_cli),
        super::mib(rss)
    );

    let data = report::report_data(&store, &ctx, id, true).expect("report data");
    let doc = dir.path().join("rapport.html");
    std::fs::write(&doc, html(&data.setup().title, &blocks(&data))).expect("write html");
    let Some(lo) = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())
    else {
        println!("| LibreOffice not installed: no comparison | – | – |");
        return;
    };
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        dir.path().display()
    );
    let convert = |out: &Path| {
        let t0 = Instant::now();
        let o = Command::new(lo)
            .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out)
            .arg(&doc)
            .output()
            .expect("run LibreOffice");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.join("rapport.pdf").exists(), "LibreOffice wrote no PDF");
        t0.elapsed()
    };
    // The first start creates the profile; the figure is for a started-before user.
    convert(dir.path());
    let lo_t = median((0..runs.min(3)).map(|_| convert(dir.path())).collect());
    let info = Command::new("pdfinfo")
        .arg(dir.path().join("rapport.pdf"))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let lo_pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map_or("?".to_string(), |p| p.trim().to_string());
    println!(
        "| the same document (HTML) to PDF with LibreOffice `--headless --convert-to pdf` ({lo_pages} pages) | {} | – |",
        super::ms(lo_t)
    );
    println!(
        "| ratio LibreOffice / Aktgranskning CLI (both a fresh process) | {:.0} × | – |",
        lo_t.as_secs_f64() / t_cli.as_secs_f64()
    );
}
