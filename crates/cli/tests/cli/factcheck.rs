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
    assert_eq!(err["errors"][0]["column"], "--reason");
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
