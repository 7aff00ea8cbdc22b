//! The bad-input corpus (`crates/cli/tests/corpus/`): every file is refused with exit 2
//! and a Swedish message, never echoes a personnummer, and leaves the database's content
//! exactly as it was (a hash of every table, like a hash of `sqlite3 .dump`). Files name
//! what they are for by their prefix: `population-`, `answers-`, `template-`,
//! `factcheck-`. Personnummer and case ids are placeholders (`{PNR:k}`, `{PNR6:k}` with an
//! en dash, `{PNRSPACED:k}`, `{CASE:k}`), filled in at test time with synthetic numbers and
//! the audit's own sampled ids, so no real-looking number is committed. A few entries
//! that would be large files are made here instead (`generated`).

use crate::util::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Fills the placeholders of a corpus file.
fn fill(bytes: &[u8], pnrs: &[String], cases: &[String]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    let mut out = text.to_string();
    for (k, p) in pnrs.iter().enumerate() {
        let digits: String = p.chars().filter(char::is_ascii_digit).collect();
        let short = &digits[2..];
        out = out
            .replace(&format!("{{PNR:{k}}}"), p)
            .replace(
                &format!("{{PNR6:{k}}}"),
                &format!("{}\u{2013}{}", &short[..6], &short[6..]),
            )
            .replace(
                &format!("{{PNRSPACED:{k}}}"),
                &format!(
                    "{} {} {} - {}",
                    &digits[..4],
                    &digits[4..6],
                    &digits[6..8],
                    &digits[8..]
                ),
            );
    }
    for (k, c) in cases.iter().enumerate() {
        out = out.replace(&format!("{{CASE:{k}}}"), c);
    }
    out.into_bytes()
}

/// Large bad files, made at test time rather than committed.
fn generated(dir: &Path) -> Vec<PathBuf> {
    // A template file over the size limit.
    let huge = dir.join("template-over-size-limit.json");
    std::fs::write(
        &huge,
        format!(
            "{{\"format\": \"aktgranskning-mall-1\", \"name\": \"{}\"}}",
            "x".repeat(3 * 1024 * 1024)
        ),
    )
    .unwrap();
    // A compressed bomb: a small XLSX whose sheet unpacks to more than the XML limit.
    let bomb = dir.join("population-compressed-bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let row = "<row><c t=\"inlineStr\"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>".repeat(1000);
    let total = 520 * 1024 * 1024;
    let mut written = 0;
    while written < total {
        zip.write_all(row.as_bytes()).unwrap();
        written += row.len();
    }
    zip.finish().unwrap();
    vec![huge, bomb]
}

#[test]
fn every_file_of_the_bad_input_corpus_is_refused_and_changes_nothing() {
    let env = Env::new();
    // An audit under review (answers), one in Faktagranskning (answers to a package) and
    // an empty one (populations, templates).
    let review = env.ok(&["demo", "audit"])["id"].to_string();
    let factcheck = env.ok(&["demo", "audit"])["id"].to_string();
    let package = env.path("paket.json");
    env.ok(&[
        "factcheck",
        "export",
        "--audit",
        &factcheck,
        "--out",
        package.to_str().unwrap(),
    ]);
    let empty = env.new_audit();
    let cases: Vec<String> = env.ok(&["sample", "show", "--audit", &review])["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let pnrs: Vec<String> = population(50, 77)
        .into_iter()
        .map(|r| r.personnummer)
        .collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.extend(generated(env.dir.path()));
    assert!(
        files.len() >= 35,
        "the corpus is there ({} files)",
        files.len()
    );

    let before = dump_hash(&env.db());
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let input = env.path(&format!("in-{name}"));
        std::fs::write(&input, fill(&std::fs::read(file).unwrap(), &pnrs, &cases)).unwrap();
        let input = input.to_str().unwrap();
        let args: Vec<&str> = match name.split('-').next().unwrap() {
            "population" => vec!["import", "--audit", &empty, input],
            "answers" => vec!["answers", "import", "--audit", &review, input],
            "template" => vec!["template", "import", input],
            "factcheck" => vec!["factcheck", "import", "--audit", &factcheck, input],
            other => panic!("unknown corpus kind {other} ({name})"),
        };
        let mut a = vec!["--json"];
        a.extend(&args);
        let r = env.run(&a);
        assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
        let v = r.json();
        let message = v["message"].as_str().unwrap_or_default();
        if std::env::var_os("CORPUS_SHOW").is_some() {
            eprintln!("{name}: {v}");
        }
        assert!(!message.is_empty(), "{name}: {v}");
        let all = format!("{}{}", r.stdout, r.stderr);
        for p in &pnrs {
            let digits: String = p.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !all.contains(&digits[2..8]) || !all.contains(&digits[8..]),
                "{name} echoes a personnummer: {all}"
            );
        }
        for english in [
            "expected",
            "missing field",
            "invalid type",
            "at line",
            "error:",
        ] {
            assert!(
                !all.contains(english),
                "{name}: English in the message: {all}"
            );
        }
        assert_eq!(dump_hash(&env.db()), before, "{name} changed the database");
    }
}
