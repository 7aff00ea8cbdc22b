//! The fact-check round through the CLI, both sides.

use crate::util::*;

#[test]
fn the_round_trip_through_the_cli_with_the_exact_contract() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let findings = env.ok(&["finding", "list", "--audit", &id]);
    let f = findings[0]["id"].as_i64().unwrap();
    let (e, answer) = factcheck_answer(
        &env,
        &id,
        &format!(
            r#"[{{"finding": {f}, "kind": "Faktafel", "text": "Enheten har åtta handläggare."}}]"#
        ),
    );
    assert_eq!(e["round"], 1);
    assert_eq!(env.ok(&["audit", "list"])[0]["status"], "faktagranskning");

    // A tampered answer is refused and nothing changes.
    let tampered = env.write(
        "ändrat.json",
        std::fs::read_to_string(&answer)
            .unwrap()
            .replace("åtta", "nio")
            .as_bytes(),
    );
    let err = env.fails(
        2,
        &[
            "factcheck",
            "import",
            "--audit",
            &id,
            tampered.to_str().unwrap(),
        ],
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("kontrollsumman stämmer inte"),
        "{err}"
    );
    assert_eq!(
        env.ok(&["factcheck", "list", "--audit", &id])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let i = env.ok(&[
        "factcheck",
        "import",
        "--audit",
        &id,
        answer.to_str().unwrap(),
    ]);
    assert_eq!(
        (i["comments"].as_u64(), i["open"].as_u64()),
        (Some(1), Some(1))
    );
    let list = env.ok(&["factcheck", "list", "--audit", &id]);
    let c = &list[0];
    for key in ["id", "finding", "kind", "text", "status"] {
        assert!(c.get(key).is_some(), "{key} in {c}");
    }
    assert_eq!(
        (
            c["finding"].as_i64(),
            c["kind"].as_str(),
            c["status"].as_str()
        ),
        (Some(f), Some("Faktafel"), Some("open"))
    );

    let pdf = env.path("slutlig.pdf");
    let err = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("1 kommentar från enhetschefen återstår att hantera"),
        "{err}"
    );
    assert!(!pdf.exists());

    let cid = c["id"].to_string();
    let err = env.fails(
        2,
        &[
            "factcheck",
            "resolve",
            "--audit",
            &id,
            "--comment",
            &cid,
            "--reject",
        ],
    );
    assert_eq!(err["errors"][0]["column"], "Skäl");
    env.ok(&[
        "factcheck",
        "resolve",
        "--audit",
        &id,
        "--comment",
        &cid,
        "--accept",
        "--reason",
        "Rättat.",
        "--text",
        "Samtliga åtta handläggare har lämplig utbildning.",
    ]);
    assert_eq!(
        env.ok(&["factcheck", "list", "--audit", &id])[0]["status"],
        "accepted"
    );
    assert_eq!(env.ok(&["audit", "list"])[0]["status"], "granskning");
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    let kinds = env.log_kinds(&id);
    for k in [
        "factcheck_exported",
        "factcheck_imported",
        "factcheck_resolved",
        "finding_edited",
        "finalized",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} in the log");
    }
    // Every event of the whole flow reads in Swedish, in the JSON and in the text output.
    for e in env.events(&id, &[]) {
        assert_ne!(e["label"], e["kind"], "{e}");
        assert!(!e["summary"].as_str().unwrap().is_empty(), "{e}");
        assert!(!e["summary"].as_str().unwrap().contains("_id:"), "{e}");
    }
    let text = env.run(&["log", "--audit", &id]).stdout;
    assert!(
        text.contains("Faktagranskning: kommentar hanterad"),
        "{text}"
    );
    assert!(text.contains("godtagen. Skäl: Rättat."), "{text}");
}

#[test]
fn a_round_without_response_is_closed_with_a_reason_and_metod_says_so() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // A due date in the past is refused; the default is three weeks ahead.
    let package = env.path("paket.json");
    let e = env.fails(
        2,
        &[
            "factcheck",
            "export",
            "--audit",
            &id,
            "--out",
            package.to_str().unwrap(),
            "--due",
            "2001-01-01",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Svar senast", "{e}");
    assert!(!package.exists(), "nothing written");
    let (exported, answer) = factcheck_answer(&env, &id, "[]");
    let due = exported["due"].as_str().unwrap().to_string();
    assert_eq!(due.len(), 10);
    let listed = env.ok(&["audit", "list"]);
    let me = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == id.parse().ok())
        .unwrap()
        .clone();
    assert_eq!(me["status"], "faktagranskning");
    assert_eq!(me["factcheck_due"], due.as_str());
    // Finalising is refused while the round waits.
    let pdf = env.path("slutlig.pdf");
    env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );

    // A reason is required, and never a personnummer.
    let e = env.fails(2, &["factcheck", "close", "--audit", &id, "--reason", " "]);
    assert_eq!(e["errors"][0]["column"], "Skäl");
    env.fails(
        2,
        &[
            "factcheck",
            "close",
            "--audit",
            &id,
            "--reason",
            "Se 19121212-1212",
        ],
    );
    let c = env.ok(&[
        "factcheck",
        "close",
        "--audit",
        &id,
        "--reason",
        "inget svar inom tre veckor",
    ]);
    assert_eq!(c["round"], 1);
    assert_eq!(c["kind"], "no_response");
    let rounds = env.ok(&["factcheck", "rounds", "--audit", &id]);
    assert_eq!(rounds[0]["closed_kind"], "no_response");
    assert_eq!(rounds[0]["due"], due.as_str());
    // Nothing waits now: a second close is refused, a late response too.
    env.fails(
        2,
        &["factcheck", "close", "--audit", &id, "--reason", "igen"],
    );
    let e = env.fails(
        2,
        &[
            "factcheck",
            "import",
            "--audit",
            &id,
            answer.to_str().unwrap(),
        ],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("avslutades utan svar"),
        "{e}"
    );
    // The report's Metod says the enhetschef gave no comments, and why.
    let text = env.draft_report_text(&id);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Enhetschefen har inte lämnat synpunkter (inget svar inom tre veckor)."),
        "{flat}"
    );
    // Then the audit can be finalised.
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    let kinds = env.log_kinds(&id);
    assert!(kinds.contains(&"factcheck_closed".to_string()));
}

#[test]
fn a_package_sent_too_early_is_withdrawn_and_a_new_round_follows() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let (_, first) = factcheck_answer(&env, &id, "[]");
    env.ok(&[
        "factcheck",
        "close",
        "--audit",
        &id,
        "--withdraw",
        "--reason",
        "utkastet skickades innan kapitel 6 var skrivet",
    ]);
    let e = env.fails(
        2,
        &[
            "factcheck",
            "import",
            "--audit",
            &id,
            first.to_str().unwrap(),
        ],
    );
    assert!(
        e["message"].as_str().unwrap().contains("återkallades"),
        "{e}"
    );
    // A new round is answered and imported as usual.
    let package = env.path("paket2.json");
    let r = env.ok(&[
        "factcheck",
        "export",
        "--audit",
        &id,
        "--out",
        package.to_str().unwrap(),
        "--due",
        "2099-01-31",
    ]);
    assert_eq!(r["round"], 2);
    assert_eq!(r["due"], "2099-01-31");
    let comments = env.write("k2.json", b"[]");
    let answer = env.path("svar2.json");
    env.ok(&[
        "factcheck",
        "respond",
        "--package",
        package.to_str().unwrap(),
        "--out",
        answer.to_str().unwrap(),
        "--comments",
        comments.to_str().unwrap(),
    ]);
    env.ok(&[
        "factcheck",
        "import",
        "--audit",
        &id,
        answer.to_str().unwrap(),
    ]);
    let text = env.draft_report_text(&id);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("utskicket återkallades"), "{flat}");
    assert!(flat.contains("svaret kom den"), "{flat}");
}

#[test]
fn an_enhetschef_without_the_app_answers_in_a_form_read_back_all_or_nothing() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let form = env.path("svar.xlsx");
    let pdf = env.path("utkast.pdf");
    let e = env.ok(&[
        "factcheck",
        "form",
        "--audit",
        &id,
        "--out",
        form.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(e["round"], 1);
    assert!(pdf_text(&pdf).contains("UTKAST"));
    let book = read_xlsx(&form);
    let rows = book["sheets"]["Faktagranskning"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows[1][1], "aktgranskning-faktagranskning-formular-1");
    assert_eq!(rows[1][2], e["package_id"]);
    assert_eq!(rows[3][0], "Typ");
    let findings = env.ok(&["finding", "list", "--audit", &id]);
    let first = findings[0]["id"].as_i64().unwrap();
    // Row 5 (Excel numbering) is the first finding; the chapters follow the findings.
    assert_eq!(rows[4][1], first.to_string());
    let n = findings.as_array().unwrap().len();
    let chapter6 = 5 + n + 5; // the sixth chapter row
    assert_eq!(rows[chapter6 - 1][1], "6");

    // Not answered right: every problem named by row and column; nothing stored.
    let bad = env.path("fel.xlsx");
    fill_xlsx(
        &form,
        &bad,
        &["E5=Faktafel", "F6=Utan svar", "E7=Tycker", "B3=Ingrid Holm"],
    );
    let err = env.fails(
        2,
        &[
            "factcheck",
            "import-form",
            "--audit",
            &id,
            bad.to_str().unwrap(),
        ],
    );
    let errs = err["errors"].as_array().unwrap();
    let at = |line: u64, col: &str| errs.iter().any(|x| x["line"] == line && x["column"] == col);
    assert!(at(5, "Din text"), "{err}");
    assert!(at(6, "Svar"), "{err}");
    assert!(at(7, "Svar"), "{err}");
    assert_eq!(
        env.ok(&["factcheck", "list", "--audit", &id])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // Without a name.
    let nameless = env.path("utan-namn.xlsx");
    fill_xlsx(&form, &nameless, &["E5=Instämmer"]);
    let err = env.fails(
        2,
        &[
            "factcheck",
            "import-form",
            "--audit",
            &id,
            nameless.to_str().unwrap(),
        ],
    );
    assert!(err.to_string().contains("Besvarat av"), "{err}");
    // A finding's text edited: the checksum refuses it.
    let edited = env.path("andrad.xlsx");
    fill_xlsx(&form, &edited, &["D5=Grön: allt är bra", "B3=Ingrid Holm"]);
    let err = env.fails(
        2,
        &[
            "factcheck",
            "import-form",
            "--audit",
            &id,
            edited.to_str().unwrap(),
        ],
    );
    assert!(
        err["message"].as_str().unwrap().contains("kontrollsumman"),
        "{err}"
    );

    // Answered: a Faktafel, an Instämmer and a comment on chapter 6.
    let good = env.path("ifylld.xlsx");
    let chapter_cell = format!("F{chapter6}=Kapitlet saknar arbetet med genomförandeplaner.");
    fill_xlsx(
        &form,
        &good,
        &[
            "B3=Ingrid Holm",
            "E5=Faktafel",
            "F5=Andelen gäller bara LSS-akterna.",
            "E6=Instämmer",
            &chapter_cell,
        ],
    );
    let i = env.ok(&[
        "factcheck",
        "import-form",
        "--audit",
        &id,
        good.to_str().unwrap(),
    ]);
    assert_eq!(i["comments"], 3);
    assert_eq!(i["open"], 2);
    let listed = env.ok(&["factcheck", "list", "--audit", &id]);
    let listed = listed.as_array().unwrap();
    assert!(
        listed
            .iter()
            .any(|c| c["finding"] == first && c["kind"] == "Faktafel")
    );
    assert!(listed.iter().any(|c| c["chapter"] == 6));
    let imported = env.events(&id, &["factcheck_imported"]);
    assert_eq!(imported[0]["detail"]["via"], "formulär (XLSX)");
    assert!(
        imported[0]["summary"]
            .as_str()
            .unwrap()
            .contains("Ingrid Holm (formulär (XLSX))")
    );
    // Once only.
    let again = env.fails(
        2,
        &[
            "factcheck",
            "import-form",
            "--audit",
            &id,
            good.to_str().unwrap(),
        ],
    );
    assert!(
        again["message"].as_str().unwrap().contains("redan"),
        "{again}"
    );
}

#[test]
fn what_came_in_a_meeting_is_recorded_as_such() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let comments = env.write("mote.json", b"[]");
    // No round waits yet.
    let e = env.fails(
        2,
        &[
            "factcheck",
            "record",
            "--audit",
            &id,
            "--responder",
            "Ingrid Holm",
            "--via",
            "möte 2026-12-03",
            "--comments",
            comments.to_str().unwrap(),
        ],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Ingen faktagranskning"),
        "{e}"
    );
    let form = env.path("svar.xlsx");
    let pdf = env.path("utkast.pdf");
    env.ok(&[
        "factcheck",
        "form",
        "--audit",
        &id,
        "--out",
        form.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    let finding = env.ok(&["finding", "list", "--audit", &id])[0]["id"]
        .as_i64()
        .unwrap();
    let typed = env.write(
        "mote2.json",
        format!(r#"[{{"finding": {finding}, "kind": "Kommentar", "text": "Sades på mötet: siffran stämmer men förklaras dåligt."}}]"#).as_bytes(),
    );
    let e = env.fails(
        2,
        &[
            "factcheck",
            "record",
            "--audit",
            &id,
            "--responder",
            "Ingrid Holm",
            "--via",
            " ",
            "--comments",
            typed.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Hur");
    let r = env.ok(&[
        "factcheck",
        "record",
        "--audit",
        &id,
        "--responder",
        "Ingrid Holm",
        "--via",
        "möte 2026-12-03",
        "--comments",
        typed.to_str().unwrap(),
    ]);
    assert_eq!(r["comments"], 1);
    let ev = env.events(&id, &["factcheck_imported"]);
    assert_eq!(ev[0]["detail"]["via"], "möte 2026-12-03");
    assert_eq!(ev[0]["user"], "testare", "who typed it in");
    assert_eq!(ev[0]["detail"]["responder"], "Ingrid Holm");
}

/// The contract's own commands: a Word form without naming the PDF, filled in with
/// python-docx and read back by `factcheck import`; a meeting's comment given with
/// `--finding --kind --text --source`; a round withdrawn with a reason, then finalised.
#[test]
fn the_word_form_the_meeting_and_the_withdrawal_with_the_contracts_commands() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // An unknown form format is refused before anything starts.
    let e = env.fails(
        2,
        &[
            "factcheck",
            "form",
            "--audit",
            &id,
            "--out",
            env.path("svar.odt").to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Svarsformuläret", "{e}");
    assert!(
        env.ok(&["factcheck", "rounds", "--audit", &id])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let form = env.path("svar.docx");
    let e = env.ok(&[
        "factcheck",
        "form",
        "--audit",
        &id,
        "--out",
        form.to_str().unwrap(),
    ]);
    assert_eq!(e["round"], 1);
    // The draft is written beside the form.
    let pdf = env.path("svar-utkast.pdf");
    assert_eq!(e["pdf"], pdf.to_str().unwrap());
    assert!(pdf_text(&pdf).contains("UTKAST"));
    let findings = env.ok(&["finding", "list", "--audit", &id]);
    let first = findings[0]["id"].as_i64().unwrap();
    let n = findings.as_array().unwrap().len();
    // The Word table: control row, name row, headers, then a row per finding and chapter.
    let doc = read_docx(&form);
    let table = doc["tables"][0]["rows"].as_array().unwrap();
    assert_eq!(table[0][1], "aktgranskning-faktagranskning-formular-1");
    assert_eq!(table[0][2], e["package_id"].as_str().unwrap());
    assert_eq!(table[1][0], "Besvarat av");
    assert_eq!(table[2][5], "Din text");
    assert_eq!(table[3][1], first.to_string());
    assert_eq!(table.len(), 3 + n + 9);

    // Errors named by the table's row and column; nothing stored.
    let bad = env.path("fel.docx");
    fill_docx(&form, &bad, &["B2=Ingrid Holm", "E4=Faktafel", "E5=Tycker"]);
    let err = env.fails(
        2,
        &["factcheck", "import", "--audit", &id, bad.to_str().unwrap()],
    );
    let errs = err["errors"].as_array().unwrap();
    let at = |line: u64, col: &str| errs.iter().any(|x| x["line"] == line && x["column"] == col);
    assert!(at(4, "Din text") && at(5, "Svar"), "{err}");
    // A finding's text edited in Word: refused by the checksum.
    let edited = env.path("andrad.docx");
    fill_docx(&form, &edited, &["B2=Ingrid Holm", "D4=Grön: allt är bra"]);
    let err = env.fails(
        2,
        &[
            "factcheck",
            "import",
            "--audit",
            &id,
            edited.to_str().unwrap(),
        ],
    );
    assert!(
        err["message"].as_str().unwrap().contains("kontrollsumman"),
        "{err}"
    );
    assert!(
        env.ok(&["factcheck", "list", "--audit", &id])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let good = env.path("ifylld.docx");
    let chapter6 = format!("F{}=Kapitlet saknar genomförandeplanerna.", 3 + n + 6);
    fill_docx(
        &form,
        &good,
        &[
            "B2=Ingrid Holm",
            "E4=Faktafel",
            "F4=Andelen gäller bara LSS-akterna.",
            &chapter6,
        ],
    );
    let i = env.ok(&[
        "factcheck",
        "import",
        "--audit",
        &id,
        good.to_str().unwrap(),
    ]);
    assert_eq!(i["comments"], 2);
    let listed = env.ok(&["factcheck", "list", "--audit", &id]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["finding"] == first
                && c["kind"] == "Faktafel"
                && c["text"] == "Andelen gäller bara LSS-akterna.")
    );
    assert!(listed.as_array().unwrap().iter().any(|c| c["chapter"] == 6));
    assert_eq!(
        env.events(&id, &["factcheck_imported"])[0]["detail"]["via"],
        "formulär (Word)"
    );

    // Round 2, answered in a meeting, with the contract's flags.
    let form2 = env.path("svar2.xlsx");
    env.ok(&[
        "factcheck",
        "form",
        "--audit",
        &id,
        "--out",
        form2.to_str().unwrap(),
    ]);
    let e = env.fails(
        2,
        &[
            "factcheck",
            "record",
            "--audit",
            &id,
            "--kind",
            "Kommentar",
            "--text",
            "x",
            "--source",
            "möte 2026-12-03",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "--finding", "{e}");
    let r = env.ok(&[
        "factcheck",
        "record",
        "--audit",
        &id,
        "--finding",
        &first.to_string(),
        "--kind",
        "Kommentar",
        "--text",
        "Sades på mötet: siffran förklaras dåligt.",
        "--source",
        "möte 2026-12-03",
    ]);
    assert_eq!(r["round"], 2);
    assert_eq!(r["comments"], 1);
    let ev = env.events(&id, &["factcheck_imported"]);
    assert_eq!(ev[1]["detail"]["via"], "möte 2026-12-03");
    assert_eq!(ev[1]["detail"]["responder"], "Enhetschefen");

    // Round 3 never answered: withdrawn with a reason; Metod says so; then finalised.
    let form3 = env.path("svar3.xlsx");
    env.ok(&[
        "factcheck",
        "form",
        "--audit",
        &id,
        "--out",
        form3.to_str().unwrap(),
    ]);
    let pdf = env.path("slutlig.pdf");
    env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    let w = env.ok(&[
        "factcheck",
        "withdraw",
        "--audit",
        &id,
        "--reason",
        "inget svar inom tre veckor",
    ]);
    assert_eq!(w["round"], 3);
    assert_eq!(w["kind"], "no_response");
    let flat = env
        .draft_report_text(&id)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("Enhetschefen har inte lämnat synpunkter (inget svar inom tre veckor)."),
        "{flat}"
    );
    // Every comment must be handled before finalising.
    for c in env
        .ok(&["factcheck", "list", "--audit", &id])
        .as_array()
        .unwrap()
    {
        if c["status"] == "open" {
            let cid = c["id"].to_string();
            env.ok(&[
                "factcheck",
                "resolve",
                "--audit",
                &id,
                "--comment",
                &cid,
                "--reject",
                "--reason",
                "Siffran stämmer.",
            ]);
        }
    }
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
}
