//! The fact-check round: package, response, import, resolution, finalising.

use super::*;
use crate::{demo, finalize};

fn demo_store() -> (Store, Context, i64) {
    demo::demo_store("Karin Lund")
}

fn status(store: &Store, id: i64) -> Status {
    require(store.conn(), id).unwrap().status
}

fn comment(finding: i64, kind: &str, text: &str) -> CommentInput {
    CommentInput {
        finding: Some(finding),
        chapter: None,
        kind: kind.into(),
        text: text.into(),
    }
}

#[test]
fn a_round_trip_blocks_finalising_until_every_comment_is_resolved() {
    let (mut store, ctx, id) = demo_store();
    let package = export_package(&mut store, &ctx, id, None).unwrap();
    assert_eq!(package.round, 1);
    assert_eq!(status(&store, id), Status::Faktagranskning);
    let p = read_package(&package.bytes).unwrap();
    assert!(!p.info.findings.is_empty() && !p.info.results.is_empty());
    assert!(package_pdf(&p).unwrap().starts_with(b"%PDF"));
    // No personal data in the package: no personnummer, no case ids.
    let text = String::from_utf8_lossy(&package.bytes);
    let rows = aktgranskning_store::population::load(store.conn(), id).unwrap();
    for r in &rows {
        assert!(!text.contains(&r.case_id));
        assert!(!text.contains(r.personnummer.as_digits()));
    }
    let (f1, f2, f3) = (
        p.info.findings[0].id,
        p.info.findings[1].id,
        p.info.findings[2].id,
    );
    let answer = respond(
        &package.bytes,
        &[
            comment(f1, "Faktafel", "Enheten har åtta handläggare, inte sju."),
            comment(f2, "Kommentar", "Rutinen är under arbete."),
            comment(f3, "Instämmer", ""),
        ],
        "Eva Enhetschef",
        "2026-11-24T10:00:00Z",
    )
    .unwrap();
    let imported = import_response(&mut store, &ctx, id, &answer).unwrap();
    assert_eq!((imported.comments, imported.open), (3, 2));
    assert_eq!(status(&store, id), Status::Faktagranskning);

    // Unresolved comments block finalising.
    let e = finalize::finalize(&mut store, &ctx, id, None).unwrap_err();
    assert!(e.message.contains("Faktagranskning"), "{}", e.message);

    let list = list_comments(&store, id).unwrap();
    let open: Vec<&CommentView> = list.iter().filter(|c| c.status == "open").collect();
    assert_eq!(open.len(), 2);
    // A rejection needs a reason; an acceptance can change the finding's text.
    let e = resolve(&mut store, &ctx, id, open[1].id, false, None, None).unwrap_err();
    assert_eq!(e.errors[0].column.as_deref(), Some("Skäl"));
    resolve(
        &mut store,
        &ctx,
        id,
        open[1].id,
        false,
        Some("Rutinen fanns inte vid granskningen."),
        None,
    )
    .unwrap();
    assert_eq!(status(&store, id), Status::Faktagranskning);
    let fixed = "Samtliga åtta handläggare har lämplig utbildning.";
    resolve(&mut store, &ctx, id, open[0].id, true, None, Some(fixed)).unwrap();
    assert_eq!(status(&store, id), Status::Granskning);
    let finding = list_findings(&store, id)
        .unwrap()
        .into_iter()
        .find(|f| f.id == f1)
        .unwrap();
    assert_eq!(finding.text, fixed);
    let e = resolve(&mut store, &ctx, id, open[0].id, true, None, None).unwrap_err();
    assert!(e.message.contains("redan hanterad"));

    // Done: finalising is allowed. A second round is possible before that, too.
    let again = export_package(&mut store, &ctx, id, None).unwrap();
    assert_eq!(again.round, 2);
    let answer2 = respond(
        &again.bytes,
        &[comment(f1, "Instämmer", "")],
        "Eva Enhetschef",
        "2026-11-25T10:00:00Z",
    )
    .unwrap();
    assert_eq!(
        import_response(&mut store, &ctx, id, &answer2)
            .unwrap()
            .open,
        0
    );
    assert_eq!(status(&store, id), Status::Granskning);
    finalize::finalize(&mut store, &ctx, id, None).unwrap();
}

#[test]
fn corrupt_tampered_repeated_or_foreign_answers_are_refused_and_nothing_changes() {
    let (mut store, ctx, id) = demo_store();
    let package = export_package(&mut store, &ctx, id, None).unwrap();
    let f = read_package(&package.bytes).unwrap().info.findings[0].id;
    let answer = respond(
        &package.bytes,
        &[comment(f, "Faktafel", "Fel siffra.")],
        "Eva",
        "now",
    )
    .unwrap();

    // Tampered: the text changed after the checksum was made.
    let tampered = String::from_utf8(answer.clone())
        .unwrap()
        .replace("Fel siffra.", "Allt fel.");
    let e = import_response(&mut store, &ctx, id, tampered.as_bytes()).unwrap_err();
    assert!(
        e.message.contains("kontrollsumman stämmer inte"),
        "{}",
        e.message
    );
    // Corrupt and of the wrong kind.
    let e = import_response(&mut store, &ctx, id, b"{not json").unwrap_err();
    assert!(e.message.contains("skadad"), "{}", e.message);
    let e = import_response(&mut store, &ctx, id, &package.bytes).unwrap_err();
    assert!(e.message.contains("fel slag"), "{}", e.message);
    // Another audit's answer.
    let other = demo::create_demo_audit(&mut store, &ctx).unwrap();
    let e = import_response(&mut store, &ctx, other, &answer).unwrap_err();
    assert!(e.message.contains("annan granskning"), "{}", e.message);
    assert!(
        list_comments(&store, id).unwrap().is_empty(),
        "nothing changed"
    );
    assert!(list_comments(&store, other).unwrap().is_empty());

    import_response(&mut store, &ctx, id, &answer).unwrap();
    let e = import_response(&mut store, &ctx, id, &answer).unwrap_err();
    assert!(e.message.contains("redan importerat"), "{}", e.message);
    assert_eq!(list_comments(&store, id).unwrap().len(), 1);

    // A tampered package is refused on the enhetschef's side too.
    let bad = String::from_utf8(package.bytes.clone()).unwrap().replacen(
        "\"round\": 1",
        "\"round\": 7",
        1,
    );
    assert!(respond(bad.as_bytes(), &[], "Eva", "now").is_err());
    // Comments are checked before anything is written.
    let e = respond(
        &package.bytes,
        &[comment(99_999, "Undrar", "")],
        "Eva",
        "now",
    )
    .unwrap_err();
    assert_eq!(e.errors.len(), 3, "kind, text and finding: {e:?}");
}

#[test]
fn seal_and_unseal_round_trip() {
    let r = Response {
        format: RESPONSE_FORMAT.into(),
        package_id: "ab".into(),
        round: 1,
        responder: "Eva".into(),
        created_at: "now".into(),
        comments: vec![comment(1, "Faktafel", "x")],
    };
    let bytes = seal(&r);
    let back: Response = unseal(&bytes, RESPONSE_FORMAT, "Svaret").unwrap();
    assert_eq!(back, r);
}
