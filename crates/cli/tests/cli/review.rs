//! The review through the CLI: answers (single and from a file, all or nothing),
//! applicability, results against hand-computed values, grades with motivation, the
//! history of every change, templates as shared files, and redraws needing a reason.

use crate::util::{self, Env, REFERENCE, audit_new_args, csv_text, population, sampled};
use serde_json::Value;

fn item<'a>(results: &'a Value, id: &str) -> &'a Value {
    results["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
}

#[test]
fn answers_file_gives_the_domain_check_and_history() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 549);
    assert_eq!(ids.len(), 165);
    let mut text = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    for (k, c) in ids.iter().enumerate() {
        let v = if k < 140 { "Ja" } else { "nej" };
        text.push_str(&format!("{c};samtycke.journal;{v};\n"));
    }
    text.push_str(&format!(
        "{};gp.inkommen;Delvis;Planen är ofullständig, saknar mål för fritid\n",
        ids[0]
    ));
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let f = env.write("svar.csv", &bytes);
    let r = env.ok(&["answers", "import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(
        (r["imported"].as_u64(), r["changed"].as_u64()),
        (Some(166), Some(166))
    );
    let res = env.ok(&["results", "--audit", &id]);
    assert_eq!(
        (res["population"].as_u64(), res["sample_size"].as_u64()),
        (Some(549), Some(165))
    );
    let s = item(&res, "samtycke.journal");
    assert_eq!(
        (
            s["applicable"].as_u64(),
            s["ja"].as_u64(),
            s["nej"].as_u64()
        ),
        (Some(165), Some(140), Some(25))
    );
    assert_eq!(s["unanswered"], 0);
    let (rate, low, high) = (
        s["rate"].as_f64().unwrap(),
        s["ci_low"].as_f64().unwrap(),
        s["ci_high"].as_f64().unwrap(),
    );
    assert_eq!(
        format!("{:.1} {:.1} {:.1}", rate * 100.0, low * 100.0, high * 100.0),
        "84.8 79.7 88.9"
    );
    assert_eq!(s["suggested_grade"], "gul");
    assert_eq!(s["uncertain"], false);
    assert_eq!(s["final_grade"], Value::Null);
    // gp.inkommen concerns granted decisions only (11 of the 165 files are avslag).
    let gp = item(&res, "gp.inkommen");
    assert_eq!(
        (gp["delvis"].as_u64(), gp["unanswered"].as_u64()),
        (Some(1), Some(153))
    );
    assert_eq!(gp["rate"], 0.0);
    let nothing = item(&res, "ansokan.uppgifter");
    assert_eq!(
        (
            nothing["rate"].clone(),
            nothing["ci_low"].clone(),
            nothing["suggested_grade"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );
    assert!(
        res["areas"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["key"] == "Samtycke och sekretess")
    );
    assert_eq!(res["kvalitetsomraden"].as_array().unwrap().len(), 5);
    // One history event per answer; importing the same file again changes nothing.
    assert_eq!(
        env.log_kinds(&id)
            .iter()
            .filter(|k| *k == "answer_set")
            .count(),
        166
    );
    let again = env.ok(&["answers", "import", "--audit", &id, f.to_str().unwrap()]);
    assert_eq!(again["changed"], 0);
    assert_eq!(
        env.log_kinds(&id)
            .iter()
            .filter(|k| *k == "answer_set")
            .count(),
        166
    );
}

#[test]
fn bad_answer_files_store_nothing() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 60);
    let outside = population(60, 42)
        .iter()
        .map(|r| r.case_id.clone())
        .find(|c| !ids.contains(c))
        .unwrap();
    let sol_case = {
        let pop = population(60, 42);
        pop.iter()
            .find(|r| ids.contains(&r.case_id) && r.lagrum.starts_with("SoL"))
            .map(|r| r.case_id.clone())
    };
    let mut text = format!(
        "Ärende-id;Fråga;Svar;Kommentar\n\
         {a};samtycke.journal;ja;\n\
         {outside};samtycke.journal;ja;\n\
         {a};samtycke.okand;ja;\n\
         {a};gp.inkommen;kanske;\n\
         {a};samtycke.journal;nej;\n\
         ;gp.mottagen;ja;\n",
        a = ids[0]
    );
    if let Some(c) = &sol_case {
        text.push_str(&format!("{c};lss.individuell_plan;ja;\n"));
    }
    let f = env.write("bad.csv", text.as_bytes());
    let e = env.fails(
        2,
        &["answers", "import", "--audit", &id, f.to_str().unwrap()],
    );
    let got: Vec<(u64, String)> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().unwrap(),
                x["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = vec![
        (3, "Ärende-id".to_string()),
        (4, "Fråga".to_string()),
        (5, "Svar".to_string()),
        (6, "Fråga".to_string()),
        (7, "Ärende-id".to_string()),
    ];
    if sol_case.is_some() {
        want.push((8, "Svar".to_string()));
    }
    assert_eq!(got, want, "{e}");
    let msgs = e.to_string();
    assert!(msgs.contains("ingår inte i granskningens urval"));
    assert!(msgs.contains("Okänd fråga ”samtycke.okand”"));
    assert!(msgs.contains("ange Ja, Delvis, Nej eller Ej aktuellt"));
    assert!(msgs.contains("redan ett svar på frågan på rad 2"));
    assert!(!env.log_kinds(&id).contains(&"answer_set".to_string()));
    let res = env.ok(&["results", "--audit", &id]);
    assert_eq!(item(&res, "samtycke.journal")["unanswered"], 18);
    let header = env.write("h.csv", "Ärende-id;Svar\n".as_bytes());
    let e = env.fails(
        2,
        &[
            "answers",
            "import",
            "--audit",
            &id,
            header.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Fråga");
}

#[test]
fn single_answers_applicability_and_history() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 60);
    let c = &ids[0];
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        c,
        "--item",
        "samtycke.journal",
        "--value",
        "ja",
    ]);
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        c,
        "--item",
        "samtycke.journal",
        "--value",
        "ej-aktuellt",
        "--comment",
        "Inga kontakter med andra aktörer",
    ]);
    let changes = env.events(&id, &["answer_set"]);
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[1]["detail"]["old"], "ja");
    assert_eq!(changes[1]["detail"]["new"], "ej_aktuellt");
    assert_eq!(changes[1]["user"], "testare");
    let e = env.fails(
        2,
        &[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            c,
            "--item",
            "samtycke.journal",
            "--value",
            "kanske",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "--value");
    let e = env.fails(
        2,
        &[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            "X-999",
            "--item",
            "samtycke.journal",
            "--value",
            "ja",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("ingår inte"));
    // Barn items: automatically Ej aktuellt for adults, but the controller may override.
    let res = env.ok(&["results", "--audit", &id]);
    let b = item(&res, "barn.basta");
    let total = b["ej_aktuellt"].as_u64().unwrap() + b["unanswered"].as_u64().unwrap();
    assert_eq!(total, 18);
    assert!(
        b["ej_aktuellt"].as_u64().unwrap() > 0,
        "adults default to Ej aktuellt"
    );
}

#[test]
fn grades_need_a_motivation_when_they_differ() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 60);
    for (k, c) in ids.iter().enumerate() {
        let v = if k < 17 { "ja" } else { "nej" };
        env.ok(&[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            c,
            "--item",
            "journal.lopande",
            "--value",
            v,
        ]);
    }
    let res = env.ok(&["results", "--audit", &id]);
    assert_eq!(item(&res, "journal.lopande")["suggested_grade"], "gron"); // 17 of 18 = 94 %
    let r = env.run(&[
        "grade",
        "set",
        "--audit",
        &id,
        "--item",
        "journal.lopande",
        "--grade",
        "gul",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("skiljer sig från det föreslagna (Grön): skriv en motivering"),
        "{}",
        r.stderr
    );
    env.ok(&[
        "grade",
        "set",
        "--audit",
        &id,
        "--item",
        "journal.lopande",
        "--grade",
        "gron",
    ]);
    let g = env.ok(&[
        "grade",
        "set",
        "--audit",
        &id,
        "--item",
        "journal.lopande",
        "--grade",
        "gul",
        "--motivation",
        "Anteckningarna är ofta osignerade trots hög andel.",
    ]);
    assert_eq!(
        (g["grade"].as_str(), g["suggested_grade"].as_str()),
        (Some("gul"), Some("gron"))
    );
    let res = env.ok(&["results", "--audit", &id]);
    let j = item(&res, "journal.lopande");
    assert_eq!(j["final_grade"], "gul");
    assert_eq!(
        j["motivation"],
        "Anteckningarna är ofta osignerade trots hög andel."
    );
    assert_eq!(
        env.log_kinds(&id)
            .iter()
            .filter(|k| *k == "grade_set")
            .count(),
        2
    );
    let e = env.fails(
        2,
        &[
            "grade",
            "set",
            "--audit",
            &id,
            "--item",
            "journal.lopande",
            "--grade",
            "blå",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "--grade");
    // No suggestion yet: any grade needs a motivation.
    env.fails(
        2,
        &[
            "grade",
            "set",
            "--audit",
            &id,
            "--item",
            "sip.behov",
            "--grade",
            "gron",
        ],
    );
}

#[test]
fn redraw_after_review_started_needs_a_reason() {
    let env = Env::new();
    let (id, _) = sampled(&env, 60);
    // Before any answer, a redraw needs no reason (it is still recorded).
    let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", "2"]);
    let first = s["case_ids"][0].as_str().unwrap();
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        first,
        "--item",
        "gp.inkommen",
        "--value",
        "ja",
    ]);
    let e = env.fails(2, &["sample", "draw", "--audit", &id, "--seed", "3"]);
    assert!(e["message"].as_str().unwrap().contains("skriftligt skäl"));
    env.ok(&[
        "sample",
        "draw",
        "--audit",
        &id,
        "--seed",
        "3",
        "--reason",
        "Fel population importerades först",
    ]);
    let log = env.ok(&["log", "--audit", &id]);
    let last = log
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["kind"] == "sample_redrawn")
        .unwrap();
    assert_eq!(
        last["detail"]["reason"],
        "Fel population importerades först"
    );
}

#[test]
fn templates_are_listed_exported_and_imported() {
    let env = Env::new();
    let list = env.ok(&["template", "list"]);
    assert_eq!(list[0]["id"], "standardmall");
    assert_eq!(
        (list[0]["version"].as_u64(), list[0]["items"].as_u64()),
        (Some(1), Some(32))
    );
    // Version 2, with lagstöd and metodstöd apart, is shipped beside version 1.
    assert_eq!(
        (list[1]["version"].as_u64(), list[1]["items"].as_u64()),
        (Some(2), Some(38))
    );
    let out = env.path("mall.json");
    env.ok(&[
        "template",
        "export",
        "--id",
        "standardmall",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut t: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(t["version"], 2, "the latest version is exported");
    assert_eq!(
        t["items"][4]["text"],
        "Samtycket eller det andra lagstödet är dokumenterat med vad det gäller, vem som lämnat det och när."
    );
    assert_eq!(t["items"][5]["basis"], "");
    assert!(
        t["items"][5]["metodstod"]
            .as_str()
            .unwrap()
            .contains("IBIC")
    );
    // The same version again is accepted; changed content under the same version is not.
    env.ok(&["template", "import", out.to_str().unwrap()]);
    t["thresholds"]["gron_bp"] = 9500.into();
    std::fs::write(&out, t.to_string()).unwrap();
    let e = env.fails(2, &["template", "import", out.to_str().unwrap()]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("nytt versionsnummer")
    );
    t["version"] = 3.into();
    t["name"] = "Standardmall, skärpt".into();
    std::fs::write(&out, t.to_string()).unwrap();
    let imp = env.ok(&["template", "import", out.to_str().unwrap()]);
    assert_eq!(imp["version"], 3);
    assert_eq!(env.ok(&["template", "list"]).as_array().unwrap().len(), 3);
    let bad = env.write("bad.json", b"{\"format\": \"aktgranskning-mall-1\"");
    let e = env.fails(2, &["template", "import", bad.to_str().unwrap()]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("Mallfilen kunde inte läsas")
    );
    env.fails(
        2,
        &[
            "template",
            "export",
            "--id",
            "okand",
            "--out",
            out.to_str().unwrap(),
        ],
    );
}

#[test]
fn the_sample_is_split_among_controllers_with_progress() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 60);
    let p = env.ok(&[
        "sample",
        "assign",
        "--audit",
        &id,
        "--controllers",
        "Anna Ek,Björn Al,Cecilia Ås",
    ]);
    assert_eq!(
        (p["files"].as_u64(), p["complete"].as_u64()),
        (Some(18), Some(0))
    );
    let shares: Vec<(String, u64)> = p["controllers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["controller"].as_str().unwrap().to_string(),
                c["files"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shares,
        vec![
            ("Anna Ek".to_string(), 6),
            ("Björn Al".to_string(), 6),
            ("Cecilia Ås".to_string(), 6)
        ]
    );
    // Anna answers every item of one of her files: that file is complete.
    let annas = p["controllers"][0]["case_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(ids.contains(&annas));
    let mut text = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    let template: Value = {
        let out = env.path("std.json");
        env.ok(&[
            "template",
            "export",
            "--id",
            "standardmall",
            "--out",
            out.to_str().unwrap(),
        ]);
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
    };
    for item in template["items"].as_array().unwrap() {
        text.push_str(&format!(
            "{annas};{};Ej aktuellt;\n",
            item["id"].as_str().unwrap()
        ));
    }
    let f = env.write("anna.csv", text.as_bytes());
    env.ok(&["answers", "import", "--audit", &id, f.to_str().unwrap()]);
    let p = env.ok(&["progress", "--audit", &id]);
    assert_eq!(p["complete"], 1);
    assert_eq!(
        (
            p["controllers"][0]["complete"].as_u64(),
            p["controllers"][1]["complete"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(env.ok(&["results", "--audit", &id])["files_complete"], 1);
    let r = env.run(&["progress", "--audit", &id]);
    assert!(
        r.stdout.contains("1 av 18 akter färdiggranskade") && r.stdout.contains("Cecilia Ås"),
        "{}",
        r.stdout
    );
    let e = env.fails(
        2,
        &[
            "sample",
            "assign",
            "--audit",
            &id,
            "--controllers",
            "Anna,Anna",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Granskare");
    env.fails(
        2,
        &["sample", "assign", "--audit", &id, "--controllers", " "],
    );
}

#[test]
fn an_audit_keeps_the_template_version_it_was_created_with() {
    let env = Env::new();
    let out = env.path("mall.json");
    env.ok(&[
        "template",
        "export",
        "--id",
        "standardmall",
        "--out",
        out.to_str().unwrap(),
    ]);
    let mut t: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    t["version"] = 3.into();
    t["thresholds"]["gron_bp"] = 9900.into();
    std::fs::write(&out, t.to_string()).unwrap();
    env.ok(&["template", "import", out.to_str().unwrap()]);
    let run = |extra: &[&str]| {
        env.ok(&util::audit_new_args("U", util::REFERENCE, extra))["id"].to_string()
    };
    let default_audit = run(&[]);
    let latest = run(&["--template", "standardmall"]);
    let v1 = run(&["--template", "standardmall", "--template-version", "1"]);
    let version_of = |id: &str| {
        env.ok(&["results", "--audit", id])["template_version"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(
        (
            version_of(&default_audit),
            version_of(&latest),
            version_of(&v1)
        ),
        (2, 3, 1),
        "the default is the shipped standard template, version 2"
    );
    // A later version does not change an existing audit.
    t["version"] = 4.into();
    std::fs::write(&out, t.to_string()).unwrap();
    env.ok(&["template", "import", out.to_str().unwrap()]);
    assert_eq!(version_of(&latest), 3);
    let e = env.fails(
        2,
        &util::audit_new_args("U", util::REFERENCE, &["--template", "okänd"]),
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Det finns ingen mall")
    );
}

#[test]
fn findings_are_proposed_from_results_and_edited() {
    let env = Env::new();
    let (id, ids) = sampled(&env, 549);
    let mut text = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    for (k, c) in ids.iter().enumerate() {
        text.push_str(&format!(
            "{c};samtycke.journal;{};\n",
            if k < 140 { "ja" } else { "nej" }
        ));
    }
    let f = env.write("svar.csv", text.as_bytes());
    env.ok(&["answers", "import", "--audit", &id, f.to_str().unwrap()]);
    let proposed = env.ok(&["finding", "propose", "--audit", &id]);
    let p = proposed.as_array().unwrap();
    assert_eq!(
        p.len(),
        1,
        "only items with results are proposed: {proposed}"
    );
    assert_eq!(p[0]["chapter"], 8);
    assert_eq!(p[0]["grade"], "gul");
    assert_eq!(p[0]["source"], "area:Samtycke och sekretess");
    assert_eq!(
        p[0]["text"],
        "Samtycke och sekretess: I 140 av 165 granskade akter är samtycket eller det andra lagstödet dokumenterat med vad det gäller, vem som lämnat det och när (85 %, 95 % KI 80–89 %)."
    );
    // Proposing again adds nothing; the controller edits the wording and the grade.
    assert_eq!(
        env.ok(&["finding", "propose", "--audit", &id]),
        serde_json::json!([])
    );
    let fid = p[0]["id"].to_string();
    env.ok(&[
        "finding",
        "edit",
        "--audit",
        &id,
        "--id",
        &fid,
        "--grade",
        "rod",
        "--text",
        "Samtycke ska systematiskt inhämtas och dokumenteras i journalen.",
    ]);
    env.ok(&[
        "finding",
        "add",
        "--audit",
        &id,
        "--chapter",
        "6",
        "--grade",
        "gron",
        "--text",
        "Mötesstrukturen är ändamålsenlig och välfungerande.",
    ]);
    let list = env.ok(&["finding", "list", "--audit", &id]);
    let rows: Vec<(u64, &str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["chapter"].as_u64().unwrap(),
                f["grade"].as_str().unwrap(),
                f["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                6,
                "gron",
                "Mötesstrukturen är ändamålsenlig och välfungerande."
            ),
            (
                8,
                "rod",
                "Samtycke ska systematiskt inhämtas och dokumenteras i journalen."
            ),
        ]
    );
    let kinds = env.log_kinds(&id);
    assert_eq!(kinds.iter().filter(|k| *k == "finding_added").count(), 2);
    assert_eq!(kinds.iter().filter(|k| *k == "finding_edited").count(), 1);
    // Generated chapters take no findings; empty text and unknown ids are refused.
    let e = env.fails(
        2,
        &[
            "finding",
            "add",
            "--audit",
            &id,
            "--chapter",
            "3",
            "--grade",
            "gul",
            "--text",
            "x",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("Kapitel 3 (Metod)"));
    env.fails(
        2,
        &[
            "finding",
            "add",
            "--audit",
            &id,
            "--chapter",
            "10",
            "--grade",
            "gul",
            "--text",
            "x",
        ],
    );
    env.fails(
        2,
        &[
            "finding",
            "add",
            "--audit",
            &id,
            "--chapter",
            "4",
            "--grade",
            "gul",
            "--text",
            "  ",
        ],
    );
    env.fails(
        2,
        &[
            "finding", "edit", "--audit", &id, "--id", "999", "--text", "x",
        ],
    );
}

#[test]
fn chapter_texts_are_stored_with_the_audit() {
    let env = Env::new();
    let id = env.new_audit();
    let list = env.ok(&["chapter", "list", "--audit", &id]);
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Sammanfattning",
            "Sammanvägd bedömning",
            "Metod",
            "Enhetens förutsättningar",
            "Måluppfyllelse och statistik",
            "Arbetet i enheten",
            "Samverkan",
            "Aktgranskning",
            "Kvalitetsarbete",
        ]
    );
    assert!(list.as_array().unwrap().iter().all(|c| c["text"] == ""));
    let text = "Granskningen pågick under september och oktober 2023.\r\n\r\nHuvudsyftet var att undersöka rättssäkerheten.\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let f = env.write("kap1.txt", &bytes);
    let c = env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "1",
        "--text-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(
        c["text"],
        "Granskningen pågick under september och oktober 2023.\n\nHuvudsyftet var att undersöka rättssäkerheten."
    );
    assert_eq!(c["updated_by"], "testare");
    let list = env.ok(&["chapter", "list", "--audit", &id]);
    assert_eq!(list[0]["text"], c["text"]);
    assert_eq!(list[7]["generated"], true);
    // Setting the same text again is not a change.
    env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "1",
        "--text-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(
        env.log_kinds(&id)
            .iter()
            .filter(|k| *k == "chapter_text_set")
            .count(),
        1
    );
    let e = env.fails(
        2,
        &[
            "chapter",
            "set",
            "--audit",
            &id,
            "--chapter",
            "0",
            "--text-file",
            f.to_str().unwrap(),
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Kapitel");
    env.fails(
        2,
        &[
            "chapter",
            "set",
            "--audit",
            &id,
            "--chapter",
            "2",
            "--text-file",
            "/nonexistent.txt",
        ],
    );
}

#[test]
fn the_demo_audit_is_complete_and_free_of_personal_data() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let list = env.ok(&["audit", "list"]);
    assert_eq!(
        (
            list[0]["population"].as_u64(),
            list[0]["sample_size"].as_u64()
        ),
        (Some(549), Some(165))
    );
    let p = env.ok(&["progress", "--audit", &id]);
    assert_eq!(
        (p["files"].as_u64(), p["complete"].as_u64()),
        (Some(165), Some(165))
    );
    assert_eq!(p["controllers"].as_array().unwrap().len(), 2);
    let res = env.ok(&["results", "--audit", &id]);
    assert_eq!(res["files_complete"], 165);
    assert_eq!(item(&res, "gp.mottagen")["suggested_grade"], "rod");
    assert_eq!(item(&res, "utredning.vald")["final_grade"], "gul");
    let findings = env.ok(&["finding", "list", "--audit", &id]);
    let f = findings.as_array().unwrap();
    assert_eq!(
        f.iter().filter(|x| x["chapter"] == 8).count(),
        9,
        "one proposal per area"
    );
    assert!(f.iter().any(|x| x["grade"] == "gron") && f.iter().any(|x| x["grade"] == "rod"));
    let chapters = env.ok(&["chapter", "list", "--audit", &id]);
    assert!(
        chapters[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Granskningen pågick")
    );
    // Nothing that could be a personnummer (ten or more digits in a row, separators
    // aside) in the texts meant for the report.
    let texts = format!("{findings}{chapters}");
    let mut run = 0;
    for c in texts.chars() {
        run = if c.is_ascii_digit() {
            run + 1
        } else if c == '-' || c == '+' {
            run
        } else {
            0
        };
        assert!(run < 10, "a personnummer-like number in the report texts");
    }
}

#[test]
fn an_answer_can_be_cleared_back_to_unanswered_and_the_history_keeps_it() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 60);
    let set = |value: &str| {
        env.ok(&[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            &cases[0],
            "--item",
            "beslut.motivering",
            "--value",
            value,
            "--comment",
            "Motiveringen saknas.",
        ]);
    };
    set("nej");
    let answered = |env: &Env| -> u64 {
        item(&env.ok(&["results", "--audit", &id]), "beslut.motivering")["nej"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(answered(&env), 1);
    let cleared = env.ok(&[
        "answer",
        "clear",
        "--audit",
        &id,
        "--case",
        &cases[0],
        "--item",
        "beslut.motivering",
    ]);
    assert!(cleared["value"].is_null());
    assert_eq!(answered(&env), 0);
    let events = env.events(&id, &["answer_cleared"]);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["detail"]["old"], "nej");
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    // Nothing to clear is no error and no event; answering again is replayed too.
    env.ok(&[
        "answer",
        "clear",
        "--audit",
        &id,
        "--case",
        &cases[0],
        "--item",
        "beslut.motivering",
    ]);
    assert_eq!(env.events(&id, &["answer_cleared"]).len(), 1);
    set("ja");
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    // A file outside the sample is refused.
    let e = env.fails(
        2,
        &[
            "answer",
            "clear",
            "--audit",
            &id,
            "--case",
            "finns-inte",
            "--item",
            "beslut.motivering",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("urval"), "{e}");
}

#[test]
fn the_planning_can_be_corrected_until_finalising_and_the_report_follows() {
    let env = Env::new();
    let id = env.new_audit();
    let e = env.ok(&[
        "audit",
        "edit",
        "--audit",
        &id,
        "--diarienr",
        "2023/VON 0456",
        "--board",
        "Vård- och omsorgsnämnden",
    ]);
    assert_eq!(e["changed"], serde_json::json!(["board", "diarienr"]));
    let edited = env.events(&id, &["audit_edited"]);
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0]["detail"]["new"]["diarienr"], "2023/VON 0456");
    assert!(edited[0]["detail"]["old"]["diarienr"].is_string());
    assert!(
        edited[0]["summary"]
            .as_str()
            .unwrap()
            .contains("Diarienummer:")
    );
    let listed = env.ok(&["audit", "list"]);
    let me = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64().map(|v| v.to_string()).as_deref() == Some(id.as_str()))
        .unwrap();
    assert_eq!(me["diarienr"], "2023/VON 0456");
    // Nothing changed is no event; an empty value is refused by field.
    assert_eq!(
        env.ok(&[
            "audit",
            "edit",
            "--audit",
            &id,
            "--diarienr",
            "2023/VON 0456"
        ])["changed"],
        serde_json::json!([])
    );
    let e = env.fails(2, &["audit", "edit", "--audit", &id, "--unit", " "]);
    assert_eq!(e["errors"][0]["column"], "unit");
    // The date only before the population is imported.
    env.ok(&["audit", "edit", "--audit", &id, "--date", "2023-10-01"]);
    let f = env.write("pop.csv", csv_text(&population(60, 42), b';').as_bytes());
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    let e = env.fails(
        2,
        &["audit", "edit", "--audit", &id, "--date", "2023-11-01"],
    );
    assert_eq!(e["errors"][0]["column"], "date");
    assert_eq!(env.events(&id, &["audit_edited"]).len(), 2);
    // The report's header and cover carry the corrected diarienummer.
    let text = env.draft_report_text(&id);
    assert!(text.contains("2023/VON 0456"), "{text}");
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    // A unit in a chain of follow-ups keeps its name.
    let follow = env.ok(&audit_new_args(
        "Myndighet LSS",
        REFERENCE,
        &["--follows", &id],
    ))["id"]
        .to_string();
    let listed = env.ok(&["audit", "list"]);
    let unit = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64().map(|v| v.to_string()).as_deref() == Some(id.as_str()))
        .unwrap()["unit"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(unit, "Myndighet LSS");
    let e = env.fails(
        2,
        &["audit", "edit", "--audit", &follow, "--unit", "Annan enhet"],
    );
    assert_eq!(e["errors"][0]["column"], "unit");
}

#[test]
fn the_planning_names_the_controllers_and_the_period_and_an_audit_is_removed_or_archived() {
    let env = Env::new();
    let mut args = audit_new_args("Enhet Team", REFERENCE, &[]);
    args.extend([
        "--controllers",
        " Karin Lund , Per Holm,karin lund,",
        "--period-from",
        "2023-09-01",
        "--period-to",
        "2023-11-30",
    ]);
    let id = env.ok(&args)["id"].to_string();
    let me = |env: &Env, id: &str| {
        env.ok(&["audit", "list"])
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"].as_i64() == id.parse().ok())
            .cloned()
    };
    let a = me(&env, &id).unwrap();
    assert_eq!(
        a["controllers"],
        serde_json::json!(["Karin Lund", "Per Holm"]),
        "trimmed, repeats left out"
    );
    assert_eq!(a["period_from"], "2023-09-01");
    assert_eq!(a["removable"], true);
    // Each field refused by name when wrong; nothing changes.
    let e = env.fails(
        2,
        &["audit", "edit", "--audit", &id, "--period-to", "2023-08-01"],
    );
    assert_eq!(e["errors"][0]["column"], "period_to");
    let e = env.fails(
        2,
        &["audit", "edit", "--audit", &id, "--period-from", "1 sept"],
    );
    assert_eq!(e["errors"][0]["column"], "period_from");
    let e = env.fails(
        2,
        &[
            "audit",
            "edit",
            "--audit",
            &id,
            "--controllers",
            "Karin, 19121212-1212",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "controllers");
    assert!(!e.to_string().contains("1212-1212"));
    let changed = env.ok(&[
        "audit",
        "edit",
        "--audit",
        &id,
        "--controllers",
        "Karin Lund, Sara Berg",
        "--period-to",
        "",
    ]);
    assert_eq!(
        changed["changed"],
        serde_json::json!(["controllers", "period_to"])
    );
    let edited = env.events(&id, &["audit_edited"]);
    assert!(
        edited[0]["summary"]
            .as_str()
            .unwrap()
            .contains("Kvalitetscontrollers: Karin Lund, Per Holm → Karin Lund, Sara Berg"),
        "{}",
        edited[0]["summary"]
    );

    // The cover names the planned controllers and period (an end not given: the report's date).
    let f = env.write("pop.csv", csv_text(&population(60, 42), b';').as_bytes());
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    env.ok(&["sample", "draw", "--audit", &id, "--seed", "1"]);
    env.ok(&[
        "sample",
        "assign",
        "--audit",
        &id,
        "--controllers",
        "Per Holm",
    ]);
    let text = env.draft_report_text(&id);
    assert!(text.contains("Karin Lund, Sara Berg"), "{text}");
    assert!(text.contains("1 september 2023 –"), "{text}");

    // With more than planning it cannot be removed, only archived.
    assert_eq!(me(&env, &id).unwrap()["removable"], false);
    let e = env.fails(2, &["audit", "remove", "--audit", &id]);
    assert!(e["message"].as_str().unwrap().contains("Arkivera"), "{e}");
    env.ok(&["audit", "archive", "--audit", &id]);
    assert_eq!(me(&env, &id).unwrap()["archived"], true);
    env.ok(&["audit", "archive", "--audit", &id, "--undo"]);
    assert_eq!(me(&env, &id).unwrap()["archived"], false);
    let kinds = env.log_kinds(&id);
    assert!(kinds.contains(&"audit_archived".to_string()));
    assert!(kinds.contains(&"audit_unarchived".to_string()));

    // A planning-only audit is removed: gone from every list and lookup.
    let mistake = env.ok(&audit_new_args("Felskriven enhet", REFERENCE, &[]))["id"].to_string();
    env.ok(&["audit", "remove", "--audit", &mistake]);
    assert!(me(&env, &mistake).is_none());
    let e = env.fails(2, &["results", "--audit", &mistake]);
    assert!(
        e["message"].as_str().unwrap().contains("ingen granskning"),
        "{e}"
    );
}

#[test]
fn the_practice_audit_is_under_review_with_a_third_of_its_files_done() {
    let env = Env::new();
    let id = env.ok(&["demo", "practice"])["id"].to_string();
    let a = env
        .ok(&["audit", "list"])
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == id.parse().ok())
        .cloned()
        .unwrap();
    assert_eq!(a["status"], "granskning");
    assert_eq!(a["sample_size"], 37);
    assert_eq!(a["files_complete"], 12);
    let notes = env.ok(&["note", "list", "--audit", &id]);
    assert_eq!(notes["files"].as_array().unwrap().len(), 1);
    assert_eq!(notes["working"].as_array().unwrap().len(), 1);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
}
