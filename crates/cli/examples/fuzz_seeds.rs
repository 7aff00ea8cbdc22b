//! Writes the fuzzers' starting inputs (`scripts/fuzz`): valid files of every kind the
//! importers read, made from synthetic data at run time (never committed), one folder
//! per fuzz target. The bad-input corpus of the tests is added by the script.
//!
//! `cargo run -p aktgranskning-cli --example fuzz_seeds -- OUTDIR`

use aktgranskning_service::factcheck::{self, CommentInput};
use aktgranskning_service::{Context, Store, demo, sampling, templates};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).expect("OUTDIR"));
    let reference = chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
    let rows = demo::synthetic_population(40, 7, reference);

    // Populations: every delimiter and encoding, and spreadsheets.
    let pop = out.join("population");
    for (name, d) in [
        ("semikolon.csv", b';'),
        ("komma.csv", b','),
        ("tabb.csv", b'\t'),
    ] {
        write(&pop, name, demo::to_csv(&rows, d).as_bytes());
    }
    let text = demo::to_csv(&rows, b';');
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    write(&pop, "utf8-bom.csv", &bom);
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    write(&pop, "windows-1252.csv", &cp1252);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(&pop, "utf16.csv", &utf16);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in demo::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().take(12).enumerate() {
        for (c, v) in r.fields().iter().enumerate() {
            ws.write_string(i as u32 + 1, c as u16, *v).unwrap();
        }
    }
    write(&pop, "arbetsbok.xlsx", &wb.save_to_buffer().unwrap());

    // Answers to the demo audit, a template, and an answer to a fact-check package.
    let mut store = Store::open_in_memory().unwrap();
    let ctx = Context::new("fuzz");
    let id = demo::create_demo_audit(&mut store, &ctx).unwrap();
    let sample = sampling::current_sample(&store, id).unwrap().unwrap();
    let mut answers = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    for (i, c) in sample.case_ids.iter().take(6).enumerate() {
        let value = ["Ja", "Nej", "Delvis"][i % 3];
        answers.push_str(&format!(
            "{c};samtycke.journal;{value};\"Se journal, \"\"maj\"\"\"\n"
        ));
        answers.push_str(&format!("{c};journal.lopande;Ej aktuellt;\n"));
    }
    write(&out.join("answers"), "svar.csv", answers.as_bytes());
    let template = templates::export_template(&store, "standardmall", None).unwrap();
    write(
        &out.join("template"),
        "standardmall.json",
        template.as_bytes(),
    );
    let package = factcheck::export_package(&mut store, &ctx, id, None).unwrap();
    let findings = aktgranskning_service::findings::list_findings(&store, id).unwrap();
    let comments = vec![
        CommentInput {
            finding: Some(findings[0].id),
            chapter: None,
            kind: "Faktafel".into(),
            text: "Enheten har åtta handläggare.".into(),
        },
        CommentInput {
            finding: None,
            chapter: Some(4),
            kind: "Kommentar".into(),
            text: "Tack.".into(),
        },
    ];
    let answer = factcheck::respond(
        &package.bytes,
        &comments,
        "Enhetschef",
        "2023-10-01T10:00:00Z",
    )
    .unwrap();
    write(&out.join("factcheck"), "svar.json", &answer);
}
