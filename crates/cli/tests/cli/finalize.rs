//! Finalising an audit through the CLI: the final PDF and its hash, read-only afterwards,
//! reopening with a reason, versions kept.

use crate::util::*;
use std::process::Command;

fn text_of(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn sha256_of(pdf: &std::path::Path) -> String {
    let out = Command::new("sha256sum").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

#[test]
fn a_finalised_audit_is_read_only_until_reopened_and_every_version_is_recorded() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let pdf = env.path("slutlig.pdf");
    let f = env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    assert_eq!(f["version"], 1);
    let sha1 = f["sha256"].as_str().unwrap().to_string();
    assert_eq!(sha256_of(&pdf), sha1, "the recorded hash is the file's");
    let text = text_of(&pdf);
    assert!(
        !text.contains("UTKAST"),
        "a final report has no draft marking"
    );
    assert!(
        text.contains("Slutförd"),
        "the cover says the audit is final"
    );
    assert_eq!(env.ok(&["audit", "list"])[0]["status"], "slutford");
    // The history's chain head at finalising is printed in the report the nämnd gets, and
    // is the one recorded with the version; a copy made later carries it too.
    let head = env.events(&id, &["finalized"])[0]["detail"]["chain_head"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(head.len(), 64);
    assert!(
        text.replace('\n', "").contains(&head),
        "the chain head is printed"
    );
    let copy = env.path("kopia.pdf");
    env.ok(&["report", "--audit", &id, "--out", copy.to_str().unwrap()]);
    assert!(text_of(&copy).replace('\n', "").contains(&head));

    // Every change is refused, in Swedish, and nothing changes.
    let texts = env.write("text.txt", "Ny text.".as_bytes());
    for args in [
        vec![
            "chapter",
            "set",
            "--audit",
            &id,
            "--chapter",
            "1",
            "--text-file",
            texts.to_str().unwrap(),
        ],
        vec![
            "finding",
            "add",
            "--audit",
            &id,
            "--chapter",
            "6",
            "--grade",
            "gul",
            "--text",
            "X",
        ],
        vec![
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            "2023-01001",
            "--item",
            "ansokan.uppgifter",
            "--value",
            "nej",
        ],
        vec![
            "grade",
            "set",
            "--audit",
            &id,
            "--item",
            "ansokan.uppgifter",
            "--grade",
            "rod",
            "--motivation",
            "M",
        ],
        vec!["sample", "draw", "--audit", &id, "--reason", "R"],
        vec!["finding", "propose", "--audit", &id],
        vec![
            "finalize",
            "--audit",
            &id,
            "--out",
            env.path("igen.pdf").to_str().unwrap(),
        ],
    ] {
        let e = env.fails(2, &args);
        assert_eq!(e["code"], "refused", "{args:?}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains("lutförd"),
            "{args:?}: {e}"
        );
    }
    assert!(!env.path("igen.pdf").exists());

    // Reopening needs a reason; the next finalisation is version 2, the first stays.
    let e = env.fails(2, &["reopen", "--audit", &id, "--reason", "  "]);
    assert_eq!(e["errors"][0]["column"], "Skäl");
    env.ok(&[
        "reopen",
        "--audit",
        &id,
        "--reason",
        "Faktafel i kapitel 4 efter faktagranskningen.",
    ]);
    let texts = env.write("text4.txt", "Enheten har åtta handläggare.".as_bytes());
    env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "4",
        "--text-file",
        texts.to_str().unwrap(),
    ]);
    let pdf2 = env.path("slutlig-2.pdf");
    let f2 = env.ok(&["finalize", "--audit", &id, "--out", pdf2.to_str().unwrap()]);
    assert_eq!(f2["version"], 2);
    assert_ne!(f2["sha256"], sha1);
    assert!(text_of(&pdf2).contains("åtta handläggare"));

    let events = env.events(&id, &["finalized", "reopened"]);
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["detail"]["sha256"], sha1.as_str());
    assert_eq!(
        events[1]["detail"]["reason"],
        "Faktafel i kapitel 4 efter faktagranskningen."
    );
    assert_eq!(events[2]["detail"]["version"], 2);
}

#[test]
fn an_unfinished_review_cannot_be_finalised() {
    let env = Env::new();
    let id = env.new_audit();
    let pdf = env.path("r.pdf");
    let e = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        e["message"].as_str().unwrap().contains("Inget urval"),
        "{e}"
    );
    let file = env.write("pop.csv", csv_text(&population(40, 3), b';').as_bytes());
    env.ok(&["import", "--audit", &id, file.to_str().unwrap()]);
    env.ok(&["sample", "draw", "--audit", &id, "--seed", "1"]);
    let e = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("12 av 12 akter saknar svar"),
        "{e}"
    );
    assert!(!pdf.exists());
}

#[test]
fn readiness_lists_what_stops_finalising_and_what_is_easily_missed() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 60);
    let r = env.ok(&["audit", "readiness", "--audit", &id]);
    let blocking = r["blocking"].to_string();
    assert!(blocking.contains("akter saknar svar"), "{r}");
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("Ingen faktagranskning"), "{r}");
    assert!(
        warnings.contains("Kapitel utan text: 1 Sammanfattning"),
        "{r}"
    );
    // The first blocking reason is what finalize answers.
    let pdf = env.path("slutlig.pdf");
    let e = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert_eq!(e["message"], r["blocking"][0], "{e}");
    assert!(!cases.is_empty());

    // The demo audit can be finalised; what is left to check is listed, not forced.
    let demo = env.ok(&["demo", "audit"])["id"].to_string();
    let r = env.ok(&["audit", "readiness", "--audit", &demo]);
    assert_eq!(r["blocking"], serde_json::json!([]), "{r}");
    let text = env.run(&["audit", "readiness", "--audit", &demo]).stdout;
    assert!(text.starts_with("Granskningen kan slutföras."), "{text}");
    env.ok(&["finalize", "--audit", &demo, "--out", pdf.to_str().unwrap()]);
    let r = env.ok(&["audit", "readiness", "--audit", &demo]);
    assert_eq!(r["blocking"][0], "Granskningen är redan slutförd.");
}
