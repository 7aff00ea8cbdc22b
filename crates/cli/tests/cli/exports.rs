//! The review as spreadsheets: `results export`, `answers export` and the sample list,
//! read back with openpyxl as a user's spreadsheet program would.

use crate::util::*;
use serde_json::Value;

/// The rows of a sheet.
fn sheet<'a>(book: &'a Value, name: &str) -> &'a Vec<Value> {
    book["sheets"][name]
        .as_array()
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

fn column(header: &[Value], title: &str) -> usize {
    header
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("no column {title}"))
}

#[test]
fn results_export_holds_every_item_area_and_kvalitetsomrade_with_numbers_as_numbers() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let out = env.path("resultat.xlsx");
    let r = env.ok(&[
        "results",
        "export",
        "--audit",
        &id,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r["rows"], 38);
    let book = read_xlsx(&out);
    assert_eq!(
        book["properties"]["title"],
        "Resultat: granskning av Myndighet LSS (demo)"
    );
    let results = env.ok(&["results", "--audit", &id]);
    let items = sheet(&book, "Punkter");
    let header = items[0].as_array().unwrap();
    let (id_c, n_c, x_c, rate_c, low_c, high_c) = (
        column(header, "Id"),
        column(header, "Aktuella (n)"),
        column(header, "Ja (x)"),
        column(header, "Andel"),
        column(header, "KI nedre"),
        column(header, "KI övre"),
    );
    let expected = results["items"].as_array().unwrap();
    assert_eq!(items.len() - 1, expected.len());
    for (row, item) in items[1..].iter().zip(expected) {
        assert_eq!(row[id_c], item["id"]);
        // Numbers, not text: the spreadsheet can sum and sort them.
        assert_eq!(row[n_c].as_u64(), item["applicable"].as_u64(), "{row:?}");
        assert_eq!(row[x_c].as_u64(), item["ja"].as_u64());
        for (c, key) in [(rate_c, "rate"), (low_c, "ci_low"), (high_c, "ci_high")] {
            let got = row[c].as_f64().unwrap();
            let want = item[key].as_f64().unwrap();
            assert!((got - want).abs() < 1e-12, "{key}: {got} {want}");
        }
    }
    assert_eq!(book["formats"]["Punkter"]["K2"], "0.0%", "rates as percent");
    assert_eq!(
        sheet(&book, "Områden").len() - 1,
        results["areas"].as_array().unwrap().len()
    );
    let ko = sheet(&book, "Kvalitetsområden");
    assert_eq!(
        ko.len() - 1,
        results["kvalitetsomraden"].as_array().unwrap().len()
    );
    assert_eq!(
        ko[1][1].as_u64(),
        results["kvalitetsomraden"][0]["items"].as_u64()
    );
    let facts = sheet(&book, "Granskning");
    assert!(
        facts
            .iter()
            .any(|r| r[0] == "Aktuella akter (population)" && r[1] == 549)
    );
    // No personal data: no personnummer and no case id anywhere in the file.
    let text = book.to_string();
    for row in population(549, 2023).iter().take(549) {
        assert!(!text.contains(&row.personnummer), "a personnummer");
        assert!(!text.contains(&row.case_id), "a case id");
    }
    let logged = env.events(&id, &["results_exported"]);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["detail"]["items"], 38);
}

#[test]
fn answers_export_is_every_file_and_item_internal_and_logged() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let out = env.path("svar.xlsx");
    let r = env.ok(&[
        "answers",
        "export",
        "--audit",
        &id,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r["rows"], 165 * 38);
    let book = read_xlsx(&out);
    let rows = sheet(&book, "Svar");
    assert!(
        rows[0][0]
            .as_str()
            .unwrap()
            .starts_with("Internt arbetsmaterial")
    );
    let header = rows[2].as_array().unwrap();
    let (case_c, item_c, answer_c) = (
        column(header, "Ärende-id"),
        column(header, "Id"),
        column(header, "Svar"),
    );
    let data = &rows[3..];
    assert_eq!(data.len(), 165 * 38);
    // The counts per answer agree with the results, item by item.
    let results = env.ok(&["results", "--audit", &id]);
    for item in results["items"].as_array().unwrap() {
        let of = |word: &str| {
            data.iter()
                .filter(|r| r[item_c] == item["id"] && r[answer_c] == word)
                .count() as u64
        };
        assert_eq!(of("Ja"), item["ja"].as_u64().unwrap(), "{}", item["id"]);
        assert_eq!(of("Nej"), item["nej"].as_u64().unwrap(), "{}", item["id"]);
        assert_eq!(
            of("Ej aktuellt"),
            item["ej_aktuellt"].as_u64().unwrap(),
            "{}",
            item["id"]
        );
    }
    let sampled = env.ok(&["sample", "show", "--audit", &id]);
    let first = sampled["case_ids"][0].as_str().unwrap();
    assert!(data.iter().any(|r| r[case_c] == first));
    // Case ids, but never a personnummer.
    let text = book.to_string();
    for row in population(549, 2023) {
        assert!(!text.contains(&row.personnummer), "a personnummer");
    }
    let logged = env.events(&id, &["answers_exported"]);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["detail"]["rows"], 165 * 38);
}

#[test]
fn bad_export_arguments_are_refused_in_swedish_and_nothing_is_written() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let csv = env.path("resultat.csv");
    for cmd in ["results", "answers"] {
        let e = env.fails(
            2,
            &[
                cmd,
                "export",
                "--audit",
                &id,
                "--out",
                csv.to_str().unwrap(),
            ],
        );
        assert_eq!(e["errors"][0]["column"], "--out");
        assert!(e["message"].as_str().unwrap().contains(".xlsx"), "{e}");
        assert!(!csv.exists());
    }
    // Onto the database itself: refused, the database untouched.
    let before = dump_hash(&env.db());
    let db = env.db();
    let mut at_db = db.clone().into_os_string();
    at_db.push(".xlsx");
    std::fs::copy(&db, &at_db).unwrap();
    let e = env.fails(
        2,
        &[
            "results",
            "export",
            "--audit",
            &id,
            "--out",
            at_db.to_str().unwrap(),
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("databas"), "{e}");
    assert_eq!(dump_hash(&env.db()), before);
    // An audit that does not exist; an audit without a sample.
    let out = env.path("x.xlsx");
    env.fails(
        2,
        &[
            "results",
            "export",
            "--audit",
            "999",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let fresh = env.new_audit();
    let e = env.fails(
        2,
        &[
            "answers",
            "export",
            "--audit",
            &fresh,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("urval"), "{e}");
    assert!(!out.exists());
    assert!(
        env.events(&id, &["results_exported", "answers_exported"])
            .is_empty()
    );
}

#[test]
fn the_sample_list_names_every_sampled_file_to_fetch_and_its_export_is_logged() {
    let env = Env::new();
    let id = env.new_audit();
    let f = env.write("pop.csv", csv_text(&population(121, 42), b';').as_bytes());
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    // Before drawing: the size the share gives, rounded up and said so.
    let size = env.ok(&["sample", "size", "--audit", &id, "--percent", "30"]);
    assert_eq!(size["size"], 37);
    assert_eq!(
        size["text"],
        "30 % av 121 = 37 akter (avrundat uppåt, 30,6 % av akterna)"
    );
    let even = env.ok(&["sample", "size", "--audit", &id, "--percent", "100"]);
    assert_eq!(even["text"], "100 % av 121 = 121 akter");
    let e = env.fails(2, &["sample", "size", "--audit", &id, "--percent", "tre"]);
    assert_eq!(e["errors"][0]["column"], "Andel", "{e}");
    let e = env.fails(2, &["sample", "list", "--audit", &id]);
    assert!(
        e["message"].as_str().unwrap().contains("inget urval"),
        "{e}"
    );

    let s = env.ok(&[
        "sample",
        "draw",
        "--audit",
        &id,
        "--percent",
        "30",
        "--seed",
        "7",
    ]);
    env.ok(&[
        "sample",
        "assign",
        "--audit",
        &id,
        "--controllers",
        "Karin Lund,Per Holm",
    ]);
    let list = env.ok(&["sample", "list", "--audit", &id]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 37);
    let ids: Vec<&str> = list
        .iter()
        .map(|f| f["case_id"].as_str().unwrap())
        .collect();
    let drawn: Vec<&str> = s["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids, drawn);
    let rows = population(121, 42);
    for f in list {
        let row = rows
            .iter()
            .find(|r| r.case_id == f["case_id"].as_str().unwrap())
            .unwrap();
        // The law the file is under (the paragraph is not kept).
        assert!(row.lagrum.starts_with(f["lagrum"].as_str().unwrap()), "{f}");
        assert_eq!(f["handlaggare"], row.handlaggare.as_str());
        assert_eq!(f["insats"], row.insats.as_str());
        assert!(f["controller"] == "Karin Lund" || f["controller"] == "Per Holm");
    }

    let out = env.path("urval.xlsx");
    let r = env.ok(&[
        "sample",
        "list",
        "--audit",
        &id,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r["files"], 37);
    let book = read_xlsx(&out);
    let sheet = sheet(&book, "Urval");
    assert!(
        sheet[0][0]
            .as_str()
            .unwrap()
            .contains("internt arbetsmaterial")
    );
    let header = sheet[2].as_array().unwrap();
    let case_c = column(header, "Ärende-id");
    let officer_c = column(header, "Handläggare");
    let data = &sheet[3..];
    assert_eq!(data.len(), 37);
    assert_eq!(data[0][case_c], list[0]["case_id"]);
    assert_eq!(data[0][officer_c], list[0]["handlaggare"]);
    assert!(
        env.log_kinds(&id)
            .contains(&"sample_list_exported".to_string())
    );
    // Not an .xlsx name: refused, nothing written.
    let bad = env.path("urval.csv");
    env.fails(
        2,
        &[
            "sample",
            "list",
            "--audit",
            &id,
            "--out",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!bad.exists());
}

#[test]
fn a_files_checklist_and_the_deviations_per_officer_are_internal_tagged_pdfs_and_logged() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let list = env.ok(&["sample", "list", "--audit", &id]);
    let file = &list[0];
    let case = file["case_id"].as_str().unwrap();
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        case,
        "--item",
        "beslut.motivering",
        "--value",
        "nej",
        "--comment",
        "Motiveringen saknas i beslutet.",
    ]);
    env.ok(&[
        "note",
        "file",
        "--audit",
        &id,
        "--case",
        case,
        "--text",
        "Akten är tunn.",
    ]);

    let blank = env.path("tom.pdf");
    env.ok(&[
        "feedback",
        "checklist",
        "--audit",
        &id,
        "--case",
        case,
        "--blank",
        "--out",
        blank.to_str().unwrap(),
    ]);
    let text = pdf_text(&blank);
    assert!(
        text.contains(&format!("Checklista för akt {case}")),
        "{text}"
    );
    assert!(text.contains("Internt arbetsmaterial, inte för nämnden"));
    assert!(
        !text.contains("Motiveringen saknas"),
        "a blank checklist has no answers"
    );
    assert!(!text.contains("Akten är tunn"));
    check_short_pdf(&blank);

    let filled = env.path("ifylld.pdf");
    env.ok(&[
        "feedback",
        "checklist",
        "--audit",
        &id,
        "--case",
        case,
        "--out",
        filled.to_str().unwrap(),
    ]);
    let text = pdf_text(&filled);
    assert!(
        text.contains(&format!("Granskning av akt {case}")),
        "{text}"
    );
    assert!(text.contains("Motiveringen saknas i beslutet."));
    assert!(text.contains("Akten är tunn."));
    assert!(text.contains(file["handlaggare"].as_str().unwrap()));
    check_short_pdf(&filled);
    let e = env.fails(
        2,
        &[
            "feedback",
            "checklist",
            "--audit",
            &id,
            "--case",
            "X-0",
            "--out",
            env.path("x.pdf").to_str().unwrap(),
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("urval"), "{e}");

    // The deviations: every Nej and Delvis of the review, per handläggare.
    let results = env.ok(&["results", "--audit", &id]);
    let total: u64 = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["nej"].as_u64().unwrap() + i["delvis"].as_u64().unwrap())
        .sum();
    let all = env.path("avvikelser.pdf");
    let r = env.ok(&[
        "feedback",
        "deviations",
        "--audit",
        &id,
        "--out",
        all.to_str().unwrap(),
    ]);
    assert_eq!(r["files"], 165);
    let text = pdf_text(&all);
    assert!(text.contains("Avvikelser per handläggare"));
    assert!(
        text.contains(&format!("Avvikelser\n{total}"))
            || text.contains(&format!("Avvikelser {total}")),
        "{total}: {}",
        &text[..600.min(text.len())]
    );
    assert!(text.contains("Motiveringen saknas i beslutet."));
    check_short_pdf(&all);
    let officer = file["handlaggare"].as_str().unwrap();
    let one = env.path("en.pdf");
    env.ok(&[
        "feedback",
        "deviations",
        "--audit",
        &id,
        "--officer",
        officer,
        "--out",
        one.to_str().unwrap(),
    ]);
    let text = pdf_text(&one);
    assert!(text.contains(officer));
    let others: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["handlaggare"].as_str())
        .filter(|o| *o != officer)
        .collect();
    assert!(
        !others.iter().any(|o| text.contains(&format!("{o} ("))),
        "only {officer}"
    );
    let e = env.fails(
        2,
        &[
            "feedback",
            "deviations",
            "--audit",
            &id,
            "--officer",
            "Ingen Alls",
            "--out",
            one.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Handläggare", "{e}");

    let kinds = env.log_kinds(&id);
    assert_eq!(
        kinds.iter().filter(|k| *k == "checklist_exported").count(),
        2
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "deviations_exported").count(),
        2
    );
    // Never in the report.
    let report = env.draft_report_text(&id);
    assert!(!report.contains("Motiveringen saknas i beslutet."));
}
