//! The report for the nämnd through the CLI, read back with poppler (pdftotext, pdffonts,
//! pdfinfo) as a reader would.

use crate::util::*;
use std::path::Path;
use std::process::Command;

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils, scripts/install-deps): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of each page.
fn pages(pdf: &Path, n: u64) -> Vec<String> {
    (1..=n)
        .map(|p| {
            let p = p.to_string();
            tool("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
        })
        .collect()
}

/// Runs `report` and returns its JSON.
fn report(env: &Env, id: &str, pdf: &Path, draft: bool) -> serde_json::Value {
    let mut args = vec!["report", "--audit", id, "--out", pdf.to_str().unwrap()];
    if draft {
        args.push("--draft");
    }
    env.ok(&args)
}

/// Text with all whitespace runs made single spaces, for phrases that may wrap.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_demo_report_has_every_chapter_the_generated_numbers_and_no_personal_data() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let pdf = env.path("rapport.pdf");
    let out = report(&env, &id, &pdf, true);
    let n = out["pages"].as_u64().unwrap();
    assert!(n >= 10, "{out}");
    let sha = out["sha256"].as_str().unwrap();
    let sum = Command::new("sha256sum").arg(&pdf).output().unwrap();
    assert!(
        String::from_utf8_lossy(&sum.stdout).starts_with(sha),
        "sha256 of the file"
    );

    let texts = pages(&pdf, n);
    let all = texts.concat();
    let all_flat = flat(&all);
    for (i, t) in texts.iter().enumerate() {
        assert!(
            t.contains(&format!("Sida {} ({n})", i + 1)),
            "footer on page {}",
            i + 1
        );
        assert!(t.contains("UTKAST"), "draft marking on page {}", i + 1);
        assert!(
            t.contains("Myndighet LSS (demo)") && t.contains("2023/VON 0123"),
            "header"
        );
    }
    for chapter in [
        "1 Sammanfattning",
        "2 Sammanvägd bedömning",
        "3 Metod",
        "4 Enhetens förutsättningar",
        "5 Måluppfyllelse och statistik",
        "6 Arbetet i enheten",
        "7 Samverkan",
        "8 Aktgranskning",
        "9 Kvalitetsarbete",
        "Bilaga 1 Granskningsmall",
        "Bilaga 2 Resultat per kvalitetsområde",
    ] {
        assert!(all.contains(chapter), "{chapter}");
    }
    // The text in reading order too (without -layout): pdftotext's layout mode may set a
    // label and its value apart as columns, depending on where they fall on the page.
    let reading_flat = flat(&tool("pdftotext", &[], &pdf));
    let sample = env.ok(&["sample", "show", "--audit", &id]);
    let hash = sample["population_sha256"].as_str().unwrap();
    for generated in [
        "Granskning av Myndighet LSS (demo)",
        "Kvalitetscontrollers Karin Lund, Per Holm",
        "Granskning av 30 procent av aktuella akter (165 av 549)",
        "Vid granskningstillfället har enheten 549 pågående ärenden",
        "stratifierat på lagrum och handläggare",
        "Startvärde (seed) 20230901",
        "aktgranskning-urval-v2",
        hash,
        "Wilsons metod",
        "Aktgranskningen har inte berört om rätt beslut har fattats",
        // The legend: a grade's meaning, and the file review's threshold beside it.
        "Goda exempel som med fördel",
        "Uppfyllt i minst 90 %",
        "Så läser du resultaten",
        "IBIC livsområden",
        "Kommunikation",
    ] {
        assert!(
            all_flat.contains(generated) || reading_flat.contains(generated),
            "{generated}"
        );
    }
    // The generated results: each item's x av n with its rate and interval, as
    // `results` computes them.
    let results = env.ok(&["results", "--audit", &id]);
    let review = &all[all.find("8.1 Resultat per granskningspunkt").unwrap()
        ..all.find("8.4 Bedömning").unwrap()];
    for item in results["items"].as_array().unwrap() {
        let x = format!("{} av {}", item["ja"], item["applicable"]);
        let rate = item["rate_text"].as_str().unwrap();
        let line = review
            .lines()
            .find(|l| l.contains(&x) && l.contains(rate))
            .unwrap_or_else(|| panic!("{} {x} {rate}", item["id"]));
        let interval = item["interval_text"].as_str().unwrap();
        assert!(line.contains(interval), "{line}");
    }
    // The results table breaks across pages, its header repeated.
    let with_header = texts
        .iter()
        .filter(|t| t.contains("Granskningspunkt") && t.contains("95 % KI"))
        .count();
    assert!(
        with_header >= 2,
        "the results table spans pages with its header"
    );
    // Grön before Gul before Röd in the Sammanvägd bedömning.
    let start = all.find("Bedömningar").unwrap();
    let overall = &all[start..start + all[start..].find("3 Metod").unwrap()];
    let first = |g: &str| {
        overall
            .find(&format!("\n{g} "))
            .or_else(|| overall.find(g))
            .unwrap()
    };
    let last = |g: &str| overall.rfind(g).unwrap();
    assert!(
        last("Grön") < first("Gul") && last("Gul") < first("Röd"),
        "{overall}"
    );

    // No personal data of the population: personnummer in any form, case ids,
    // case officers, decision dates.
    for row in population(549, 2023) {
        let p = &row.personnummer;
        let digits: String = p.chars().filter(char::is_ascii_digit).collect();
        for form in [
            p.clone(),
            digits.clone(),
            digits[2..].to_string(),
            format!("{}-{}", &digits[2..8], &digits[8..]),
        ] {
            assert!(
                !all.contains(&form) && !all_flat.contains(&form),
                "a personnummer in the report"
            );
        }
        assert!(!all.contains(&row.case_id), "a case id in the report");
        assert!(
            !all_flat.contains(&row.handlaggare),
            "a case officer in the report"
        );
        assert!(
            !all.contains(&row.beslutsdatum),
            "a decision date in the report"
        );
    }

    let fonts = tool("pdffonts", &[], &pdf);
    for row in fonts.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
    }
    let info = tool("pdfinfo", &[], &pdf);
    assert!(
        info.contains("Granskning av Myndighet LSS (demo)"),
        "{info}"
    );
    assert!(info.contains("Vård- och omsorgsförvaltningen"), "{info}");

    // The final version has no draft marking; making it is recorded.
    let final_pdf = env.path("slutlig.pdf");
    let out = report(&env, &id, &final_pdf, false);
    let final_text = pages(&final_pdf, out["pages"].as_u64().unwrap()).concat();
    assert!(!final_text.contains("UTKAST"));
    let made = env.events(&id, &["report_created"]);
    assert_eq!(made.len(), 2);
    assert_eq!(made[0]["detail"]["draft"], true);
    assert_eq!(made[1]["detail"]["sha256"], out["sha256"]);
}

#[test]
fn a_report_with_personal_data_in_a_text_is_refused_and_no_file_is_written() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let row = &population(549, 2023)[11];
    let text = env.write(
        "kapitel.txt",
        format!("Rad ett.\nBrukaren {} fick avslag.", row.personnummer).as_bytes(),
    );
    // A personnummer is refused when the text is stored (it would stay in the history).
    let e = env.fails(
        2,
        &[
            "chapter",
            "set",
            "--audit",
            &id,
            "--chapter",
            "5",
            "--text-file",
            text.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["line"], 2);
    assert!(!e.to_string().contains(&row.personnummer[..8]));
    // A case officer's name may be stored, but never reaches the report.
    let text = env.write(
        "kapitel.txt",
        format!("Rad ett.\nHandläggaren {} fick avslag.", row.handlaggare).as_bytes(),
    );
    env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "5",
        "--text-file",
        text.to_str().unwrap(),
    ]);
    let pdf = env.path("rapport.pdf");
    let r = env.run(&["report", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(
            "Kapitel 5 Måluppfyllelse och statistik, rad 2: texten innehåller namnet på en handläggare"
        ),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains(&row.handlaggare),
        "the message repeats the name"
    );
    assert!(!pdf.exists());
    let e = env.fails(
        2,
        &["report", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert_eq!(e["code"], "invalid_input");
    assert_eq!(e["errors"][0]["line"], 2);

    // Nor through a recommendation, which prints in Sammanvägd bedömning.
    let clean = env.write("kapitel.txt", "Rad ett.".as_bytes());
    env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "5",
        "--text-file",
        clean.to_str().unwrap(),
    ]);
    env.ok(&[
        "recommendation",
        "add",
        "--audit",
        &id,
        "--text",
        &format!("Handläggaren {} ska dokumentera samtycke.", row.handlaggare),
    ]);
    let e = env.fails(
        2,
        &["report", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    let place = e["errors"][0]["message"].as_str().unwrap();
    assert!(
        place.starts_with("Rekommendation ")
            && place.ends_with("texten innehåller namnet på en handläggare"),
        "{e}"
    );
    assert!(!e.to_string().contains(&row.handlaggare));
    assert!(!pdf.exists());
}

#[test]
fn bad_report_arguments_are_refused_in_swedish() {
    let env = Env::new();
    let e = env.fails(
        2,
        &[
            "report",
            "--audit",
            "99",
            "--out",
            env.path("r.pdf").to_str().unwrap(),
        ],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Det finns ingen granskning med id 99")
    );
    let id = env.new_audit();
    // A new audit without a sample still gets a report, saying what is missing.
    let pdf = env.path("tom.pdf");
    let out = report(&env, &id, &pdf, true);
    let text = flat(&pages(&pdf, out["pages"].as_u64().unwrap()).concat());
    assert!(
        text.contains("Urvalet av akter är ännu inte draget"),
        "{text}"
    );
    // A place that cannot be written to: a clear message, nothing left behind.
    let missing = env.path("saknas").join("r.pdf");
    let e = env.fails(
        2,
        &["report", "--audit", &id, "--out", missing.to_str().unwrap()],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("kunde inte skrivas"),
        "{e}"
    );
    assert!(std::fs::read_dir(env.dir.path()).unwrap().all(|f| {
        !f.unwrap()
            .file_name()
            .to_string_lossy()
            .contains("tmp-aktgranskning")
    }));
}

#[test]
fn the_printed_numbers_are_the_results_numbers() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let pdf = env.path("rapport.pdf");
    let n = report(&env, &id, &pdf, true)["pages"].as_u64().unwrap();
    let text = flat(&pages(&pdf, n).join("\n"));
    let results = env.ok(&["results", "--audit", &id]);
    let mut checked = 0;
    for i in results["items"].as_array().unwrap() {
        if i["applicable"].as_u64().unwrap() < 5 {
            continue;
        }
        let row = format!(
            "{} av {} {} {}",
            i["ja"],
            i["applicable"],
            i["rate_text"].as_str().unwrap(),
            i["interval_text"].as_str().unwrap()
        );
        assert!(text.contains(&row), "{} not printed as {row}", i["id"]);
        checked += 1;
    }
    assert!(checked >= 25, "{checked} items checked");
}

#[test]
fn unanswered_is_not_ej_aktuellt_and_small_numbers_are_never_quoted() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 30);
    assert_eq!(cases.len(), 9);
    let mut answers = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    for (k, c) in cases.iter().enumerate() {
        answers.push_str(&format!("{c};ansokan.uppgifter;Ja;\n"));
        if k < 3 {
            // Three files: a small number.
            answers.push_str(&format!("{c};samtycke.journal;Ja;\n"));
        }
    }
    let f = env.write("svar.csv", answers.as_bytes());
    env.ok(&["answers", "import", "--audit", &id, f.to_str().unwrap()]);
    let results = env.ok(&["results", "--audit", &id]);
    let item = |id: &str| {
        results["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        item("samtycke.journal")["suggested_grade"],
        serde_json::Value::Null
    );
    assert_eq!(item("ansokan.uppgifter")["suggested_grade"], "gron");
    let proposed = env.ok(&["finding", "propose", "--audit", &id]);
    let texts: Vec<&str> = proposed
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("I 9 av 9 granskade akter")),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("av 3")),
        "a small number quoted: {texts:?}"
    );
    // The report without --draft: marked incomplete, unanswered items read as such.
    let pdf = env.path("rapport.pdf");
    let n = report(&env, &id, &pdf, false)["pages"].as_u64().unwrap();
    let all = pages(&pdf, n);
    let text = flat(&all.join("\n"));
    assert!(
        text.contains("ofullständig: 9 av 9 akter saknar svar"),
        "{text}"
    );
    assert!(text.contains("(med 38 punkter ett eller två)"));
    assert!(text.contains("av alla aktuella bedömningar inom området"));
    // Every item nobody has answered yet reads "Ej besvarad" (the cell wraps), never
    // "Ej aktuell i urvalet", which only items the rules exclude for every file may read.
    let results = env.ok(&["results", "--audit", &id]);
    let unanswered = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["applicable"] == 0 && i["ej_aktuellt"] == 0 && i["unanswered"] != 0)
        .count();
    assert!(unanswered >= 20, "{unanswered}");
    let cells = text
        .match_indices("besvarad")
        .filter(|(i, _)| !text[i + "besvarad".len()..].starts_with('e'))
        .count();
    assert_eq!(cells, unanswered, "one \"Ej besvarad\" per unanswered item");
    assert!(
        all.iter().all(|p| p.contains("UTKAST")),
        "every page marked"
    );
}

#[test]
fn the_report_is_a_tagged_archivable_pdf_with_an_identity_of_its_own() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let draft = env.path("utkast.pdf");
    report(&env, &id, &draft, true);
    let facts = check_pdf(&draft, true);
    assert_eq!(facts["version"], "1.7");
    assert_eq!(facts["pdfa"], "2A");
    assert_eq!(facts["pdfua"], "1");
    // Headings in order, every chapter a bookmark, both charts figures with alt text.
    let headings: Vec<&str> = facts["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(headings[0], "H1 Granskning av Myndighet LSS (demo)");
    assert!(headings.contains(&"H1 8 Aktgranskning"));
    assert!(headings.contains(&"H2 8.1 Resultat per granskningspunkt"));
    let bookmarks = facts["bookmarks"].as_array().unwrap();
    assert_eq!(bookmarks.len(), 11, "nine chapters and two appendices");
    assert_eq!(bookmarks[0], "1 Sammanfattning");
    let elements = &facts["elements"];
    assert_eq!(elements["/Figure"], 2);
    assert_eq!(elements["/TOCI"], 11);
    assert_eq!(elements["/Link"], 11);
    assert!(elements["/TH"].as_u64().unwrap() > 20);

    // The final version, and a small audit's report, pass the same checks; every
    // report has an identity of its own.
    let fin = env.path("slutlig.pdf");
    report(&env, &id, &fin, false);
    let final_facts = check_pdf(&fin, false);
    // (Its files are not reviewed: the report is an incomplete draft.)
    let (small, _) = sampled(&env, 30);
    let small_pdf = env.path("liten.pdf");
    report(&env, &small, &small_pdf, false);
    let small_facts = check_pdf(&small_pdf, true);
    let ids = [
        &facts["id"][0],
        &final_facts["id"][0],
        &small_facts["id"][0],
    ];
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    assert!(small_facts["headings"].as_array().unwrap().len() > 10);
}

/// The text LibreOffice Writer reads from a document (converted to plain text).
fn libreoffice_text(doc: &Path, dir: &Path) -> String {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(dir)
        .arg(doc)
        .output()
        .expect("LibreOffice (libreoffice-writer-nogui, scripts/install-deps)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let txt = dir.join(doc.file_stem().unwrap()).with_extension("txt");
    std::fs::read_to_string(&txt).unwrap_or_else(|e| panic!("{}: {e}", txt.display()))
}

#[test]
fn the_report_as_word_keeps_styles_header_rows_and_alt_text_and_libreoffice_reads_it() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let docx = env.path("rapport.docx");
    let out = env.ok(&[
        "report",
        "--audit",
        &id,
        "--format",
        "docx",
        "--draft",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(out["format"], "docx");
    assert_eq!(
        out["sha256"].as_str().unwrap(),
        sha256_hex(&std::fs::read(&docx).unwrap())
    );
    let d = read_docx(&docx);
    assert_eq!(d["title"], "Granskning av Myndighet LSS (demo)");
    assert_eq!(
        (d["page_width_mm"].as_u64(), d["page_height_mm"].as_u64()),
        (Some(210), Some(297))
    );
    let header = d["header"].as_str().unwrap();
    assert!(header.contains("Myndighet LSS (demo)") && header.contains("2023/VON 0123"));
    assert!(
        header.contains("UTKAST"),
        "a draft says so on every page: {header}"
    );
    assert_eq!(d["footer_fields"]["page"], true);
    assert_eq!(d["footer_fields"]["numpages"], true);
    // Word's built-in styles, so the förvaltning's template restyles the report.
    let paragraphs = d["paragraphs"].as_array().unwrap();
    let styled = |style: &str| -> Vec<&str> {
        paragraphs
            .iter()
            .filter(|p| p["style"] == style)
            .map(|p| p["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(styled("Title"), ["Granskning av Myndighet LSS (demo)"]);
    let chapters = styled("Heading 1");
    assert_eq!(chapters.len(), 11, "{chapters:?}");
    assert_eq!(chapters[0], "1 Sammanfattning");
    assert_eq!(chapters[10], "Bilaga 2 Resultat per kvalitetsområde");
    assert!(styled("Heading 2").contains(&"8.1 Resultat per granskningspunkt"));
    assert!(!styled("List Bullet").is_empty());
    assert_eq!(styled("toc 1").len(), 11, "the contents list every chapter");
    // Tables: a header row marked as such (repeated on every page, read as headers);
    // the grade cells coloured with the grade in words.
    let tables = d["tables"].as_array().unwrap();
    assert!(tables.len() >= 10);
    let mut graded = 0;
    let mut with_header = 0;
    for t in tables {
        let header = t["header"].as_array().unwrap();
        // Every table but the label–value lists (cover, Metod) starts with its header row.
        if header[0] == true {
            with_header += 1;
        } else {
            assert_eq!(
                t["rows"][0].as_array().unwrap().len(),
                2,
                "{}",
                t["rows"][0]
            );
        }
        assert!(header[1..].iter().all(|h| h == false));
        for (row, fills) in t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .zip(t["fills"].as_array().unwrap())
            .skip(1)
        {
            for (cell, fill) in row
                .as_array()
                .unwrap()
                .iter()
                .zip(fills.as_array().unwrap())
            {
                if ["Grön", "Gul", "Röd"].contains(&cell.as_str().unwrap()) {
                    assert!(fill.is_string(), "a grade cell is coloured");
                    graded += 1;
                }
            }
        }
    }
    assert!(graded > 20, "{graded}");
    assert!(with_header >= 10, "{with_header}");
    // The charts as pictures with alt text (the long one in two parts).
    let pictures = d["pictures"].as_array().unwrap();
    assert_eq!(pictures.len(), 3);
    assert!(
        pictures[0]["descr"]
            .as_str()
            .unwrap()
            .starts_with("Diagram: andel uppfyllda akter per granskningspunkt")
    );
    assert!(
        pictures
            .iter()
            .all(|p| p["descr"].as_str().unwrap().len() > 40)
    );
    // No personal data.
    let all = d.to_string();
    for row in population(549, 2023) {
        assert!(!all.contains(&row.personnummer), "a personnummer");
        assert!(!all.contains(&row.case_id), "a case id");
    }
    let made = env.events(&id, &["report_created"]);
    assert_eq!(made.last().unwrap()["detail"]["format"], "docx");

    // LibreOffice opens it, and reads the report's text.
    let text = flat(&libreoffice_text(&docx, &env.path("")));
    for phrase in [
        "1 Sammanfattning",
        "2 Sammanvägd bedömning",
        "8 Aktgranskning",
        "Bilaga 2 Resultat per kvalitetsområde",
        "Granskning av 30 procent av aktuella akter (165 av 549)",
        "Startvärde (seed) 20230901",
    ] {
        assert!(text.contains(phrase), "{phrase}");
    }
    let results = env.ok(&["results", "--audit", &id]);
    for item in results["items"].as_array().unwrap() {
        let x = format!("{} av {}", item["ja"], item["applicable"]);
        assert!(text.contains(&x), "{x}");
    }

    // The final version has no UTKAST; an unknown format is refused, nothing written.
    let fin = env.path("slutlig.docx");
    env.ok(&[
        "report",
        "--audit",
        &id,
        "--format",
        "docx",
        "--out",
        fin.to_str().unwrap(),
    ]);
    assert!(!read_docx(&fin).to_string().contains("UTKAST"));
    let odt = env.path("rapport.odt");
    let e = env.fails(
        2,
        &[
            "report",
            "--audit",
            &id,
            "--format",
            "odt",
            "--out",
            odt.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "--format");
    assert!(!odt.exists());
}
