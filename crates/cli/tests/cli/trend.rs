//! The trend of a follow-up against the audit it follows, its difference intervals
//! checked against the independent reference (`docs/reference/newcombe.py`).

use crate::util::*;
use serde_json::Value;

/// Answers `item` Ja in the first `share` of `cases` (in order), Nej in the rest.
fn answers(cases: &[String], items: &[(&str, f64)]) -> String {
    let mut csv = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    for (k, c) in cases.iter().enumerate() {
        for (item, share) in items {
            let ja = (k as f64) < share * cases.len() as f64;
            csv.push_str(&format!("{c};{item};{};\n", if ja { "Ja" } else { "Nej" }));
        }
    }
    csv
}

/// An audit of the test unit on `template_version`, following `follows`, with a drawn
/// sample answered as `items` say.
fn audit(
    env: &Env,
    template_version: &str,
    follows: Option<&str>,
    seed: &str,
    items: &[(&str, f64)],
) -> String {
    audit_on(env, REFERENCE, template_version, follows, seed, items)
}

/// As [`audit`], with files current on `date`.
fn audit_on(
    env: &Env,
    date: &str,
    template_version: &str,
    follows: Option<&str>,
    seed: &str,
    items: &[(&str, f64)],
) -> String {
    let mut extra = vec![
        "--template",
        "standardmall",
        "--template-version",
        template_version,
    ];
    if let Some(f) = follows {
        extra.extend(["--follows", f]);
    }
    let id = env.ok(&audit_new_args("Myndighet LSS", date, &extra))["id"].to_string();
    let f = env.write(
        &format!("pop-{id}.csv"),
        csv_text(&population(549, 42), b';').as_bytes(),
    );
    env.ok(&["import", "--audit", &id, f.to_str().unwrap()]);
    let s = env.ok(&["sample", "draw", "--audit", &id, "--seed", seed]);
    let cases: Vec<String> = s["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    answer(env, &id, &cases, items);
    id
}

/// Imports answers to `items` for `cases` of audit `id`.
fn answer(env: &Env, id: &str, cases: &[String], items: &[(&str, f64)]) {
    let a = env.write(&format!("svar-{id}.csv"), answers(cases, items).as_bytes());
    env.ok(&["answers", "import", "--audit", id, a.to_str().unwrap()]);
}

/// The sampled case ids of audit `id`.
fn sampled_cases(env: &Env, id: &str) -> Vec<String> {
    env.ok(&["sample", "show", "--audit", id])["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn item<'a>(t: &'a Value, id: &str) -> &'a Value {
    t["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == id)
        .unwrap()
}

#[test]
fn a_follow_up_shows_what_improved_what_did_not_and_what_cannot_be_compared() {
    let env = Env::new();
    let earlier = audit(
        &env,
        "1",
        None,
        "1",
        &[
            ("utredning.egen_uppfattning", 0.5),
            ("beslut.motivering", 0.8),
            ("samtycke.inhamtat", 0.9),
        ],
    );
    let now = audit(
        &env,
        "2",
        Some(&earlier),
        "2",
        &[
            ("utredning.egen_uppfattning", 0.95),
            ("beslut.motivering", 0.8),
            ("samtycke.inhamtat", 0.9),
        ],
    );
    let t = env.ok(&["trend", "--audit", &now]);
    assert_eq!(t["previous"].to_string(), earlier);
    let better = item(&t, "utredning.egen_uppfattning");
    assert_eq!(better["verdict"], "forbattring", "{better}");
    assert_eq!(item(&t, "beslut.motivering")["verdict"], "ingen_saker");
    // Reworded in version 2 (another legal ground besides consent): not comparable.
    let changed = item(&t, "samtycke.inhamtat");
    assert_eq!(changed["verdict"], "ej_jamforbar");
    assert!(changed["previous"].is_null() && changed["diff"].is_null());
    assert_eq!(item(&t, "kommunikation.tolk")["verdict"], "ej_jamforbar");
    // The difference interval as the independent reference computes it from the counts.
    let side = |v: &Value| -> [u64; 2] { [v["x"].as_u64().unwrap(), v["n"].as_u64().unwrap()] };
    let results = |id: &str, item: &str| -> u64 {
        env.ok(&["results", "--audit", id])["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == item)
            .unwrap()["population_applicable"]
            .as_u64()
            .unwrap()
    };
    for id in ["utredning.egen_uppfattning", "beslut.motivering"] {
        let i = item(&t, id);
        let ([x1, n1], [x2, n2]) = (side(&i["previous"]), side(&i["current"]));
        let (b1, b2) = (results(&earlier, id), results(&now, id));
        let out = std::process::Command::new("python3")
            .arg(repo_root().join("docs/reference/newcombe.py"))
            .args([x1, n1, b1, x2, n2, b2].map(|v| v.to_string()))
            .output()
            .unwrap();
        let line = String::from_utf8(out.stdout).unwrap();
        let nums: Vec<f64> = line
            .split("] ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        for (key, want) in ["diff", "diff_ci_low", "diff_ci_high"].iter().zip(nums) {
            let got = i[key].as_f64().unwrap();
            assert!((got - want).abs() < 1e-12, "{id} {key}: {got} {want}");
        }
    }
    // Areas: one whose items all compare has a verdict; one with a new or changed item
    // does not.
    let areas = t["areas"].as_array().unwrap();
    let area = |name: &str| areas.iter().find(|a| a["area"] == name).unwrap();
    assert_eq!(area("Samtycke och sekretess")["verdict"], "ej_jamforbar");
    assert!(
        area("Beslut")["verdict"] == "ej_jamforbar",
        "beslut.underrattelse is new in version 2"
    );

    // The follow-up's report compares, in chapter 8, with the verdicts in words.
    let text = env.draft_report_text(&now);
    assert!(
        text.contains("Jämförelse med föregående granskning"),
        "{text}"
    );
    assert!(text.contains("Jämfört med granskningen D (aktuella akter den 1 september 2023)"));
    assert!(
        text.contains("förbättrats och inget område försämrats"),
        "{text}"
    );
    assert!(text.contains("Granskningspunkter med säker förändring"));
    assert!(text.contains("förbättring") && text.contains("ej jämförbar"));
    // The earlier audit's own report has no comparison.
    assert!(
        !env.draft_report_text(&earlier)
            .contains("Jämförelse med föregående")
    );

    // Bad input: a trend for an audit that follows nothing; a follow-up of another
    // unit's audit, or of no audit; nothing is created.
    let e = env.fails(2, &["trend", "--audit", &earlier]);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("följer ingen tidigare granskning"),
        "{e}"
    );
    let before = env.ok(&["audit", "list"]).as_array().unwrap().len();
    let e = env.fails(
        2,
        &audit_new_args("Annan enhet", REFERENCE, &["--follows", &earlier]),
    );
    assert_eq!(e["errors"][0]["column"], "follows");
    let e = env.fails(
        2,
        &audit_new_args("Myndighet LSS", REFERENCE, &["--follows", "999"]),
    );
    assert_eq!(e["errors"][0]["column"], "follows");
    assert_eq!(env.ok(&["audit", "list"]).as_array().unwrap().len(), before);
}

#[test]
fn a_follow_up_carries_the_earlier_recommendations_and_records_what_became_of_them() {
    let env = Env::new();
    let earlier = audit(&env, "2", None, "1", &[("beslut.motivering", 0.8)]);
    let rec = |text: &str| {
        env.ok(&["recommendation", "add", "--audit", &earlier, "--text", text])["id"].to_string()
    };
    let r1 = rec("Samtycke ska systematiskt inhämtas och dokumenteras i journalen.");
    let r2 = rec("Enheten ska ta fram en rutin för våld i nära relationer.");
    env.ok(&[
        "recommendation",
        "respond",
        "--audit",
        &earlier,
        "--id",
        &r1,
        "--response",
        "Nämnden ger enheten i uppdrag att ta fram en rutin.",
        "--owner",
        "Enhetschef",
    ]);
    let now = audit(
        &env,
        "2",
        Some(&earlier),
        "2",
        &[("beslut.motivering", 0.8)],
    );
    let list = env.ok(&["followup", "list", "--audit", &now]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for key in ["recommendation", "text", "response", "status", "answer"] {
        assert!(items[0].get(key).is_some(), "{key}");
    }
    assert_eq!(items[0]["recommendation"].to_string(), r1);
    assert_eq!(
        items[0]["response"],
        "Nämnden ger enheten i uppdrag att ta fram en rutin."
    );
    assert!(items[1]["response"].is_null() && items[1]["status"].is_null());

    let set = env.ok(&[
        "followup",
        "set",
        "--audit",
        &now,
        "--recommendation",
        &r1,
        "--status",
        "genomford",
        "--text",
        "Rutinen är antagen och används sedan mars.",
        "--assessment",
        "Samtycke dokumenteras nu i de flesta akterna.",
    ]);
    assert_eq!(set["status"], "genomford");
    // Bad input: an unknown status, a recommendation the followed audit does not have,
    // an empty answer; a list for an audit that follows nothing.
    let refused = |r: &str, status: &str, text: &str| -> String {
        let e = env.fails(
            2,
            &[
                "followup",
                "set",
                "--audit",
                &now,
                "--recommendation",
                r,
                "--status",
                status,
                "--text",
                text,
            ],
        );
        e["errors"][0]["column"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(refused(&r2, "klar", "x"), "Status");
    assert_eq!(refused("999", "pagar", "x"), "Rekommendation");
    assert_eq!(refused(&r2, "pagar", " "), "Svar");
    let e = env.fails(2, &["followup", "list", "--audit", &earlier]);
    assert!(
        e["message"].as_str().unwrap().contains("ingen uppföljning"),
        "{e}"
    );

    // The report sets it out as the förvaltning's follow-ups do.
    let text = env.draft_report_text(&now);
    for phrase in [
        "Uppföljning av tidigare granskning",
        "Svar och beskrivning av situationen idag",
        "● Genomförd",
        "Rutinen är antagen och används sedan mars.",
        "Granskarnas bedömning: Samtycke dokumenteras nu i de flesta akterna.",
        "Inget svar från nämnden har hittats.",
        "Inget svar har lämnats.",
    ] {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
    assert_eq!(env.ok(&["audit", "verify", "--audit", &now])["ok"], true);
    let conn = open_db(&env.db());
    conn.execute("UPDATE followups SET status = 'pagar'", [])
        .unwrap();
    drop(conn);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &now])["ok"], false);
}

#[test]
fn the_unit_answers_in_a_spreadsheet_form_read_back_all_or_nothing() {
    let env = Env::new();
    let earlier = audit(&env, "2", None, "1", &[("beslut.motivering", 0.8)]);
    for text in [
        "Samtycke ska systematiskt inhämtas och dokumenteras i journalen.",
        "Enheten ska ta fram en rutin för våld i nära relationer.",
    ] {
        env.ok(&["recommendation", "add", "--audit", &earlier, "--text", text]);
    }
    let now = audit(
        &env,
        "2",
        Some(&earlier),
        "2",
        &[("beslut.motivering", 0.8)],
    );
    let import = |audit: &str, file: &std::path::Path| {
        env.fails(
            2,
            &[
                "followup",
                "import",
                "--audit",
                audit,
                file.to_str().unwrap(),
            ],
        )
    };
    let form = env.path("formular.xlsx");
    let w = env.ok(&[
        "followup",
        "form",
        "--audit",
        &now,
        "--out",
        form.to_str().unwrap(),
    ]);
    assert_eq!(w["recommendations"], 2);
    let read = read_xlsx(&form);
    let rows = read["sheets"]["Uppföljning"].as_array().unwrap();
    assert_eq!(rows[2][3], "Status");
    assert_eq!(
        rows[3][1],
        "Samtycke ska systematiskt inhämtas och dokumenteras i journalen."
    );
    assert_eq!(rows[3][2], "Inget svar från nämnden har hittats.");

    // Filled in: one answered, one left empty.
    let filled = env.path("ifyllt.xlsx");
    fill_xlsx(
        &form,
        &filled,
        &[
            "D4=Genomförd",
            "E4=Rutinen är antagen och används sedan mars.",
        ],
    );
    // Refused with nothing changed: a status without an answer (row and column named),
    // an edited recommendation, another audit's form, a file that is no form.
    let half = env.path("halvt.xlsx");
    fill_xlsx(&filled, &half, &["D5=Pågår"]);
    let e = import(&now, &half);
    assert_eq!(e["errors"][0]["line"], 5);
    assert_eq!(
        e["errors"][0]["column"],
        "Svar och beskrivning av situationen idag"
    );
    let edited = env.path("andrat.xlsx");
    fill_xlsx(&filled, &edited, &["B4=Något annat."]);
    let e = import(&now, &edited);
    assert!(
        e["message"].as_str().unwrap().contains("kontrollsumman"),
        "{e}"
    );
    let other = audit(
        &env,
        "2",
        Some(&earlier),
        "3",
        &[("beslut.motivering", 0.8)],
    );
    let e = import(&other, &filled);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("hör till granskning"),
        "{e}"
    );
    let junk = env.write("inget.xlsx", b"inte ett kalkylblad");
    import(&now, &junk);
    assert!(
        env.events(&now, &["followup_set"]).is_empty(),
        "nothing recorded"
    );

    let r = env.ok(&[
        "followup",
        "import",
        "--audit",
        &now,
        filled.to_str().unwrap(),
    ]);
    assert_eq!(r["answers"], 1);
    let list = env.ok(&["followup", "list", "--audit", &now]);
    assert_eq!(list[0]["status"], "genomford");
    assert_eq!(
        list[0]["answer"],
        "Rutinen är antagen och används sedan mars."
    );
    assert!(list[1]["status"].is_null());
    assert_eq!(env.ok(&["audit", "verify", "--audit", &now])["ok"], true);
}

#[test]
fn a_follow_up_of_a_follow_up_shows_the_series_and_the_verdict_against_the_last() {
    let env = Env::new();
    let items = |a: f64, b: f64| vec![("beslut.motivering", a), ("utredning.egen_uppfattning", b)];
    let first = audit_on(&env, "2023-09-01", "2", None, "1", &items(0.3, 0.5));
    let second = audit_on(&env, "2024-09-01", "2", Some(&first), "2", &items(0.6, 0.5));
    let third = audit_on(
        &env,
        "2025-09-01",
        "2",
        Some(&second),
        "3",
        &items(0.95, 0.5),
    );
    let t = env.ok(&["trend", "--audit", &third]);
    // The verdict is against the last audit; the series holds all three, oldest first.
    assert_eq!(t["previous"].to_string(), second);
    let series = t["series"].as_array().unwrap();
    let ids: Vec<String> = series.iter().map(|p| p["audit"].to_string()).collect();
    assert_eq!(ids, [first.clone(), second.clone(), third.clone()]);
    assert_eq!(series[0]["date"], "2023-09-01");
    // Each point is that audit's own result, as `results` computes it.
    for (point, id) in series.iter().zip([&first, &second, &third]) {
        let own = env.ok(&["results", "--audit", id]);
        for key in ["beslut.motivering", "utredning.egen_uppfattning"] {
            let want = own["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == key)
                .unwrap();
            let got = point["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["item"] == key)
                .unwrap();
            assert_eq!(got["rate"]["x"], want["ja"], "{id} {key}");
            assert_eq!(got["rate"]["n"], want["applicable"], "{id} {key}");
            assert_eq!(got["rate"]["rate"], want["rate"], "{id} {key}");
        }
    }
    let last = item(&t, "beslut.motivering");
    assert_eq!(
        last["previous"],
        series[1]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == "beslut.motivering")
            .unwrap()["rate"]
    );
    assert_eq!(last["verdict"], "forbattring", "{last}");
    assert_eq!(
        item(&t, "utredning.egen_uppfattning")["verdict"],
        "ingen_saker"
    );

    // The Sammanfattning's sentence: generated, rewritten by the controller, printed as
    // rewritten, and flagged when the numbers behind it move.
    let generated = t["summary"]["generated"].as_str().unwrap().to_string();
    assert!(
        generated.starts_with("Jämfört med granskningen D (aktuella akter den 1 september 2024) har 1 område förbättrats och inget område försämrats; 1 område visar ingen säker förändring"),
        "{generated}"
    );
    assert_eq!(t["summary"]["text"], generated.as_str());
    assert_eq!(t["summary"]["edited"], false);
    let report = env.draft_report_text(&third);
    assert!(
        report.contains("Utvecklingen över granskningarna"),
        "{report}"
    );
    assert!(
        report.contains("1 september 2023")
            && report.contains("1 september 2025 (denna granskning)")
    );
    let mine = "Beslutens motiveringar har blivit bättre för varje granskning sedan 2023.";
    let t = env.ok(&["trend", "--audit", &third, "--summary", mine]);
    assert_eq!(t["summary"]["text"], mine);
    assert_eq!(t["summary"]["edited"], true);
    assert_eq!(t["summary"]["stale"], false);
    let report = env.draft_report_text(&third);
    // In chapter 1, between its heading and chapter 2's (after the table of contents).
    let at = report.find(mine).expect("the sentence is printed");
    assert!(report.rfind("1 Sammanfattning").unwrap() < at, "{report}");
    assert!(
        at < report.rfind("2 Sammanvägd bedömning").unwrap(),
        "{report}"
    );
    assert_eq!(env.events(&third, &["trend_summary_set"]).len(), 1);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &third])["ok"], true);
    // The numbers move: the rewritten sentence stays, marked as written from older ones.
    answer(&env, &third, &sampled_cases(&env, &third), &items(0.6, 0.5));
    let t = env.ok(&["trend", "--audit", &third]);
    assert_eq!(t["summary"]["text"], mine);
    assert_eq!(t["summary"]["stale"], true, "{}", t["summary"]);
    // Bad input: personal data in the sentence; nothing changes.
    let e = env.fails(
        2,
        &[
            "trend",
            "--audit",
            &third,
            "--summary",
            "Se akten för 19121212-1212.",
        ],
    );
    assert!(
        e["message"].as_str().unwrap().contains("personnummer"),
        "{e}"
    );
    assert_eq!(
        env.ok(&["trend", "--audit", &third])["summary"]["text"],
        mine
    );
    // Back to the generated sentence; an edit outside the program shows in verify.
    let t = env.ok(&["trend", "--audit", &third, "--reset-summary"]);
    assert_eq!(t["summary"]["edited"], false);
    assert_eq!(t["summary"]["text"], t["summary"]["generated"]);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &third])["ok"], true);
    let conn = open_db(&env.db());
    conn.execute(
        "INSERT INTO trend_summaries VALUES (?1, 'Allt är bra.', 'x', '2025-01-01T00:00:00Z', 'x')",
        [third.parse::<i64>().unwrap()],
    )
    .unwrap();
    drop(conn);
    let v = env.ok(&["audit", "verify", "--audit", &third]);
    assert_eq!(v["ok"], false);
    assert!(
        v["problems"].to_string().contains("sammanfattningen"),
        "{v}"
    );
}

#[test]
fn the_register_lists_every_recommendation_with_what_became_of_it_and_what_is_overdue() {
    let env = Env::new();
    let earlier = audit(&env, "2", None, "1", &[("beslut.motivering", 0.8)]);
    let rec = |audit: &str, text: &str, due: &str| {
        let id =
            env.ok(&["recommendation", "add", "--audit", audit, "--text", text])["id"].to_string();
        env.ok(&[
            "recommendation",
            "respond",
            "--audit",
            audit,
            "--id",
            &id,
            "--response",
            "Nämnden ger enheten i uppdrag att åtgärda.",
            "--owner",
            "Enhetschef",
            "--due",
            due,
        ]);
        id
    };
    let done = rec(
        &earlier,
        "Samtycke ska dokumenteras i journalen.",
        "2020-03-31",
    );
    let late = rec(&earlier, "Genomförandeplaner ska följas upp.", "2020-06-30");
    let later = rec(
        &earlier,
        "Rutinen för våld i nära relationer ska ses över.",
        "2099-12-31",
    );
    let now = audit(
        &env,
        "2",
        Some(&earlier),
        "2",
        &[("beslut.motivering", 0.8)],
    );
    for (r, status) in [(&done, "genomford"), (&late, "pagar")] {
        env.ok(&[
            "followup",
            "set",
            "--audit",
            &now,
            "--recommendation",
            r,
            "--status",
            status,
            "--text",
            "Enhetens svar.",
        ]);
    }
    // Another unit's audit with a recommendation of its own.
    let other = env.ok(&audit_new_args("Boende Solrosen", REFERENCE, &[]))["id"].to_string();
    let own = env.ok(&[
        "recommendation",
        "add",
        "--audit",
        &other,
        "--text",
        "Journalen ska föras löpande.",
    ])["id"]
        .to_string();

    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["recommendation", "register"];
        a.extend_from_slice(args);
        env.ok(&a)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].to_string())
            .collect()
    };
    let all = env.ok(&["recommendation", "register"]);
    let rows = all.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for key in [
        "audit",
        "unit",
        "diarienr",
        "date",
        "id",
        "text",
        "response",
        "owner",
        "due",
        "status",
        "followed_up_in",
        "open",
        "overdue",
    ] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["id"].as_i64().map(|v| v.to_string()).as_deref() == Some(id))
            .unwrap()
    };
    assert_eq!(row(&done)["status"], "genomford");
    assert_eq!(row(&done)["followed_up_in"].to_string(), now);
    assert_eq!(row(&done)["overdue"], false, "done is never overdue");
    assert_eq!(row(&late)["overdue"], true);
    assert_eq!(row(&later)["status"], "ej_uppfoljd");
    assert_eq!(row(&later)["overdue"], false);
    assert_eq!(row(&own)["unit"], "Boende Solrosen");
    assert_eq!(
        ids(&["--unit", "Myndighet LSS"]),
        [done.clone(), late.clone(), later.clone()]
    );
    assert_eq!(ids(&["--overdue"]), [late.as_str()]);
    assert_eq!(
        ids(&["--status", "oppen", "--unit", "Myndighet LSS"]),
        [late.clone(), later.clone()]
    );
    assert_eq!(ids(&["--status", "genomford"]), [done.as_str()]);
    assert_eq!(ids(&["--status", "ej_uppfoljd"]).len(), 2);
    let e = env.fails(2, &["recommendation", "register", "--status", "klar"]);
    assert_eq!(e["errors"][0]["column"], "Status");
}
