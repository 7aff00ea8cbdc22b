//! Recommendations: apart from the findings, in the report, answered by the nämnd after
//! finalising, every change in the history and checked by `audit verify`.

use crate::util::*;

#[test]
fn recommendations_are_their_own_print_in_the_report_and_take_the_boards_response_after_finalising()
{
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // The demo recommends two things, each answering a finding of the file review.
    let demo = env.ok(&["recommendation", "list", "--audit", &id]);
    assert_eq!(demo.as_array().unwrap().len(), 2);
    assert!(
        demo.as_array()
            .unwrap()
            .iter()
            .all(|r| r["finding"].is_i64())
    );
    let answered: Vec<String> = demo
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["finding"].to_string())
        .collect();
    let findings = env.ok(&["finding", "list", "--audit", &id]);
    let red = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["grade"].clone(), f["id"].to_string()))
        .find(|(g, f)| g == "rod" && !answered.contains(f))
        .unwrap()
        .1;
    // Before finalising: a Gul or Röd finding without a recommendation is pointed out.
    let text = env.run(&["recommendation", "list", "--audit", &id]).stdout;
    assert!(
        text.contains("Bedömningar i Gul eller Röd utan rekommendation"),
        "{text}"
    );
    assert!(text.contains(&format!("(bedömning {red})")), "{text}");

    let r1 = env.ok(&[
        "recommendation",
        "add",
        "--audit",
        &id,
        "--text",
        "Barnets bästa ska dokumenteras i varje utredning som rör ett barn.",
        "--finding",
        &red,
    ])["id"]
        .to_string();
    let r2 = env.ok(&[
        "recommendation",
        "add",
        "--audit",
        &id,
        "--text",
        "Rutinen för uppföljning av insatser ska ses över.",
    ])["id"]
        .to_string();
    let list = env.ok(&["recommendation", "list", "--audit", &id]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let first = &list[2];
    for key in [
        "id", "text", "finding", "response", "owner", "due", "status",
    ] {
        assert!(first.get(key).is_some(), "{key}: {first}");
    }
    assert_eq!(first["id"].to_string(), r1);
    assert_eq!(first["finding"].to_string(), red);
    assert_eq!(first["status"], "utan_svar");
    assert!(first["response"].is_null());

    // Printed in Sammanvägd bedömning, numbered, with the grade of the finding answered.
    let text = env.draft_report_text(&id);
    assert!(text.contains("Rekommendationer"), "{text}");
    assert!(text.contains("Samtycke ska systematiskt inhämtas och dokumenteras i journalen."));
    assert!(
        text.contains("(Rekommendation 1.)"),
        "the finding points to it"
    );

    // Bad input: empty text, a finding of no such id, a personnummer, a bad date.
    let e = env.fails(
        2,
        &["recommendation", "add", "--audit", &id, "--text", "  "],
    );
    assert_eq!(e["errors"][0]["column"], "Rekommendationens text");
    let e = env.fails(
        2,
        &[
            "recommendation",
            "add",
            "--audit",
            &id,
            "--text",
            "Gör något.",
            "--finding",
            "9999",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Bedömning");
    let pnr = &population(549, 2023)[3].personnummer;
    let e = env.fails(
        2,
        &[
            "recommendation",
            "add",
            "--audit",
            &id,
            "--text",
            &format!("Kontakta {pnr}."),
        ],
    );
    assert!(
        !e.to_string().contains(&pnr[..8]),
        "the error does not repeat it"
    );

    // After finalising: the nämnd's response, owner and due date, without reopening.
    env.ok(&[
        "finalize",
        "--audit",
        &id,
        "--out",
        env.path("slutlig.pdf").to_str().unwrap(),
    ]);
    let e = env.fails(
        2,
        &[
            "recommendation",
            "add",
            "--audit",
            &id,
            "--text",
            "En till.",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("slutförd"), "{e}");
    let e = env.fails(
        2,
        &[
            "recommendation",
            "respond",
            "--audit",
            &id,
            "--id",
            &r1,
            "--response",
            "Ny rutin.",
            "--due",
            "31/3 2027",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Klart senast");
    let r = env.ok(&[
        "recommendation",
        "respond",
        "--audit",
        &id,
        "--id",
        &r1,
        "--response",
        "Nämnden beslutar att enheten tar fram en rutin för samtycke.",
        "--owner",
        "Enhetschef",
        "--due",
        "2027-03-31",
    ]);
    assert_eq!(r["status"], "besvarad");
    assert_eq!(r["due"], "2027-03-31");
    let list = env.ok(&["recommendation", "list", "--audit", &id]);
    assert_eq!(list[2]["owner"], "Enhetschef");
    assert_eq!(list[3]["id"].to_string(), r2);
    assert_eq!(list[3]["status"], "utan_svar");
    let events = env.events(&id, &["recommendation_added", "recommendation_responded"]);
    assert_eq!(events.len(), 5);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);

    // Changed behind the program's back: `audit verify` says so.
    let conn = open_db(&env.db());
    conn.execute(
        "UPDATE recommendations SET owner = 'Någon annan' WHERE id = ?1",
        [r1.parse::<i64>().unwrap()],
    )
    .unwrap();
    drop(conn);
    let v = env.ok(&["audit", "verify", "--audit", &id]);
    assert_eq!(v["ok"], false);
    assert!(v["problems"].to_string().contains("Rekommendation"), "{v}");
}
