//! The förvaltning's overview: three units, two with a follow-up, checked against each
//! audit's own results and trend; a draft audit is left out; the exports read back with
//! independent readers (openpyxl, python-docx, pikepdf and pdfua, pdftotext).

use crate::util::*;
use serde_json::Value;

/// An area's grade as `results` gives the audit: the weakest grade (final, else
/// suggested) of its items with at least 5 applicable files.
fn area_grades(env: &Env, audit: &str) -> Vec<(String, Value)> {
    let r = env.ok(&["results", "--audit", audit]);
    let rank = |g: &Value| match g.as_str() {
        Some("gron") => 1,
        Some("gul") => 2,
        Some("rod") => 3,
        _ => 0,
    };
    r["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let key = a["key"].as_str().unwrap().to_string();
            let worst = r["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["area"] == key.as_str())
                .filter(|i| i["applicable"].as_u64().unwrap() >= 5 && !i["rate"].is_null())
                .map(|i| {
                    if i["final_grade"].is_null() {
                        i["suggested_grade"].clone()
                    } else {
                        i["final_grade"].clone()
                    }
                })
                .filter(|g| !g.is_null())
                .max_by_key(rank)
                .unwrap_or(Value::Null);
            (key, worst)
        })
        .collect()
}

fn unit<'a>(o: &'a Value, name: &str) -> &'a Value {
    o["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == name)
        .unwrap_or_else(|| panic!("{name} in {o}"))
}

#[test]
fn the_overview_shows_every_units_latest_finalised_audit_over_time_and_exports() {
    let env = Env::new();
    let von = "Vård- och omsorgsförvaltningen";
    let soc = "Socialförvaltningen";
    let a1 = complete_audit(&env, "Myndighet LSS", von, "2024-09-01", None, 0.6, true);
    let a2 = complete_audit(
        &env,
        "Myndighet LSS",
        von,
        "2025-09-01",
        Some(&a1),
        0.95,
        false,
    );
    let b1 = complete_audit(&env, "Boende Solrosen", von, "2024-03-01", None, 0.85, true);
    let b2 = complete_audit(
        &env,
        "Boende Solrosen",
        von,
        "2025-03-01",
        Some(&b1),
        0.85,
        true,
    );
    let c1 = complete_audit(&env, "Hemtjänst Norr", soc, "2025-05-01", None, 0.7, false);
    // Open recommendations on finalised audits: one overdue, one not.
    let rec = |audit: &str, text: &str, due: &str| {
        env.ok(&["recommendation", "add", "--audit", audit, "--text", text]);
        let id = env
            .ok(&["recommendation", "list", "--audit", audit])
            .as_array()
            .unwrap()
            .last()
            .unwrap()["id"]
            .to_string();
        env.ok(&[
            "recommendation",
            "respond",
            "--audit",
            audit,
            "--id",
            &id,
            "--response",
            "Enheten tar fram en rutin.",
            "--owner",
            "Enhetschef",
            "--due",
            due,
        ]);
        id
    };
    let late = rec(
        &c1,
        "Genomförandeplaner ska följas upp varje halvår.",
        "2020-06-30",
    );
    let later = rec(&a2, "Samtycke ska dokumenteras i journalen.", "2099-12-31");
    finalize(&env, &c1);
    finalize(&env, &a2);
    // A later audit of the third unit still under way: not in the overview.
    let c2 = complete_audit(
        &env,
        "Hemtjänst Norr",
        soc,
        "2026-01-15",
        Some(&c1),
        0.9,
        false,
    );

    let o = env.ok(&["overview"]);
    assert_eq!(o["units"].as_array().unwrap().len(), 3, "{o}");
    for key in [
        "unit",
        "org",
        "audit",
        "date",
        "sample_size",
        "areas",
        "kvalitetsomraden",
    ] {
        assert!(o["units"][0].get(key).is_some(), "{key}");
    }
    // Each unit's latest finalised audit, its grades and kvalitetsområden as its own
    // results have them.
    for (name, latest, earlier) in [
        ("Myndighet LSS", &a2, Some(&a1)),
        ("Boende Solrosen", &b2, Some(&b1)),
        ("Hemtjänst Norr", &c1, None),
    ] {
        let u = unit(&o, name);
        assert_eq!(u["audit"].to_string(), *latest, "{name}");
        assert_eq!(u["sample_size"], 165);
        let want = area_grades(&env, latest);
        let got: Vec<(String, Value)> = u["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["area"].as_str().unwrap().to_string(), a["grade"].clone()))
            .collect();
        assert_eq!(got, want, "{name}");
        let own = env.ok(&["results", "--audit", latest]);
        for (k, mine) in own["kvalitetsomraden"]
            .as_array()
            .unwrap()
            .iter()
            .zip(u["kvalitetsomraden"].as_array().unwrap())
        {
            assert_eq!(mine["id"], k["key"]);
            for g in ["gron", "gul", "rod"] {
                assert_eq!(mine[g], k[g], "{name} {g}");
            }
        }
        // The series: every finalised audit, the oldest first, each with its own grades;
        // a follow-up's verdicts are its trend's.
        let series = u["series"].as_array().unwrap();
        let ids: Vec<String> = series.iter().map(|s| s["audit"].to_string()).collect();
        let want_ids: Vec<String> = earlier
            .into_iter()
            .chain([latest])
            .map(|s| s.to_string())
            .collect();
        assert_eq!(ids, want_ids, "{name}");
        for s in series {
            let id = s["audit"].to_string();
            let grades: Vec<(String, Value)> = s["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| (a["area"].as_str().unwrap().to_string(), a["grade"].clone()))
                .collect();
            assert_eq!(grades, area_grades(&env, &id));
        }
        if earlier.is_some() {
            let t = env.ok(&["trend", "--audit", latest]);
            let verdicts: Vec<(Value, Value)> = series[1]["verdicts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| (v["area"].clone(), v["verdict"].clone()))
                .collect();
            let want: Vec<(Value, Value)> = t["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| (a["area"].clone(), a["verdict"].clone()))
                .collect();
            assert_eq!(verdicts, want, "{name}");
        }
    }
    // Myndighet LSS went from 60 % to 95 % Ja: better in every area.
    let lss = unit(&o, "Myndighet LSS");
    assert!(
        lss["series"][1]["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["verdict"] == "forbattring"),
        "{lss}"
    );
    // The draft is nowhere.
    assert!(!o.to_string().contains(&format!("\"audit\":{c2}")));
    // Per förvaltning and year: each unit's latest finalised audit of the year.
    let years = o["years"].as_array().unwrap();
    let year = |org: &str, y: i64| {
        years
            .iter()
            .find(|x| x["org"] == org && x["year"] == y)
            .unwrap_or_else(|| panic!("{org} {y}: {years:?}"))
    };
    assert_eq!(year(von, 2024)["units"], 2);
    assert_eq!(year(von, 2025)["units"], 2);
    assert_eq!(year(soc, 2025)["units"], 1);
    let counted = |y: &Value| {
        ["gron", "gul", "rod"]
            .iter()
            .map(|g| y[g].as_u64().unwrap())
            .sum::<u64>()
    };
    let graded = |id: &str| {
        area_grades(&env, id)
            .iter()
            .filter(|(_, g)| !g.is_null())
            .count() as u64
    };
    assert_eq!(counted(year(von, 2025)), graded(&a2) + graded(&b2));
    // The open recommendations of finalised audits, the overdue one first.
    let recs = o["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["id"].to_string(), late);
    assert_eq!(recs[0]["overdue"], true);
    assert_eq!(recs[1]["id"].to_string(), later);

    // Filters: a förvaltning; a year (the units' latest audits of that year).
    let soc_only = env.ok(&["overview", "--org", soc]);
    assert_eq!(soc_only["units"].as_array().unwrap().len(), 1);
    assert_eq!(soc_only["units"][0]["unit"], "Hemtjänst Norr");
    let y2024 = env.ok(&["overview", "--year", "2024"]);
    let ids: Vec<String> = y2024["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["audit"].to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&a1) && ids.contains(&b1), "{ids:?}");

    // Exports, read back by independent readers.
    let xlsx = env.path("oversikt.xlsx");
    let e = env.ok(&["overview", "export", "--out", xlsx.to_str().unwrap()]);
    assert_eq!(e["format"], "xlsx");
    assert_eq!(e["units"], 3);
    let book = read_xlsx(&xlsx);
    let units = book["sheets"]["Enheter"].as_array().unwrap();
    assert_eq!(units.len(), 4, "header and three units: {units:?}");
    assert_eq!(units[0][0], "Enhet");
    let lss_row = units.iter().find(|r| r[0] == "Myndighet LSS").unwrap();
    assert_eq!(lss_row[4], 165, "a number, not text: {lss_row:?}");
    let first_area = lss["areas"][0]["grade"].as_str().map_or("", |g| match g {
        "gron" => "Grön",
        "gul" => "Gul",
        _ => "Röd",
    });
    assert_eq!(lss_row[5], first_area);
    let per_year = book["sheets"]["Per år"].as_array().unwrap();
    assert!(per_year[1][1].is_number(), "{per_year:?}");
    let recs_sheet = book["sheets"]["Rekommendationer"].as_array().unwrap();
    assert_eq!(recs_sheet[1][7], "ja", "overdue marked");

    let pdf = env.path("oversikt.pdf");
    env.ok(&[
        "overview",
        "export",
        "--out",
        pdf.to_str().unwrap(),
        "--org",
        von,
    ]);
    let facts = check_pdf(&pdf, false);
    assert_eq!(facts["pdfa"], "2A");
    let text = pdf_text(&pdf);
    for phrase in [
        "Översikt över granskade enheter",
        "Vård- och omsorgsförvaltningen, alla år",
        "Myndighet LSS",
        "Boende Solrosen",
        "Samtycke ska dokumenteras i journalen.",
    ] {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
    assert!(!text.contains("Hemtjänst Norr"), "another förvaltning");
    let docx = env.path("oversikt.docx");
    env.ok(&["overview", "export", "--out", docx.to_str().unwrap()]);
    let d = read_docx(&docx);
    let all = d.to_string();
    assert!(all.contains("Enheternas senaste granskning"));
    assert!(all.contains("Hemtjänst Norr"));
    // No personal data: no personnummer of the population in any export.
    for row in population(549, 42).iter().take(50) {
        let digits: String = row
            .personnummer
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        for t in [&text, &all, &book.to_string()] {
            assert!(!t.contains(&row.personnummer) && !t.contains(&digits[2..]));
        }
    }

    // A gallrad audit keeps its place, with the results as they stood; a follow-up still
    // compares with it.
    let trend_before = env.ok(&["trend", "--audit", &c2]);
    let before = unit(&env.ok(&["overview", "--org", soc]), "Hemtjänst Norr").clone();
    env.ok(&[
        "gallra",
        "--audit",
        &c1,
        "--reason",
        "Dokumenthanteringsplanen 4.2: två år efter beslut",
    ]);
    let after = unit(&env.ok(&["overview", "--org", soc]), "Hemtjänst Norr").clone();
    assert_eq!(after["areas"], before["areas"]);
    assert_eq!(after["sample_size"], 165);
    let trend_after = env.ok(&["trend", "--audit", &c2]);
    assert_eq!(trend_after["areas"], trend_before["areas"]);

    // Bad input: an unknown format; nothing is written.
    let txt = env.path("oversikt.txt");
    let e = env.fails(2, &["overview", "export", "--out", txt.to_str().unwrap()]);
    assert_eq!(e["errors"][0]["column"], "Fil");
    assert!(!txt.exists());
}
