//! The report from the service: data gathered from the demo audit, and the privacy check.

use super::*;
use crate::audits::history as audit_history;
use crate::{chapters, demo, findings};
use aktgranskning_core::checklist::Grade;

fn demo_store() -> (Store, Context, i64) {
    demo::demo_store("testare")
}

fn reports_made(store: &Store, id: i64) -> usize {
    audit_history(store, id)
        .unwrap()
        .iter()
        .filter(|e| e.kind == "report_created")
        .count()
}

#[test]
fn the_demo_report_is_made_and_recorded() {
    let (mut store, ctx, id) = demo_store();
    let data = report_data(&store, &ctx, id, true).unwrap();
    let m = data.method.as_ref().unwrap();
    assert_eq!(
        (m.population, m.sample_size, m.percent.as_str()),
        (549, 165, "30")
    );
    assert_eq!(m.per_lagrum.iter().map(|g| g.sample).sum::<usize>(), 165);
    assert_eq!(data.controllers, ["Karin Lund", "Per Holm"]);
    assert_eq!(data.chapters.len(), 9);
    let r = make_report(&mut store, &ctx, id, true, None).unwrap();
    assert!(r.pages > 10, "{} pages", r.pages);
    assert_eq!(r.sha256, hex(&Sha256::digest(&r.bytes)));
    assert_eq!(reports_made(&store, id), 1);
}

#[test]
fn personal_data_in_any_text_stops_the_report_and_says_where_not_what() {
    let (mut store, ctx, id) = demo_store();
    let rows = population::load(store.conn(), id).unwrap();
    let pnr = rows[7].personnummer.display_full();
    let case_id = rows[3].case_id.clone();
    let officer = rows[0].handlaggare.clone().unwrap();

    chapters::set_chapter_text(
        &mut store,
        &ctx,
        id,
        4,
        &format!("Första raden.\n\nTredje raden nämner {pnr} i förbigående."),
    )
    .unwrap();
    let f = findings::add_finding(
        &mut store,
        &ctx,
        id,
        6,
        Grade::Gul,
        &format!("Ärendet {case_id} visar bristen."),
    )
    .unwrap();
    chapters::set_chapter_text(
        &mut store,
        &ctx,
        id,
        7,
        &format!("Samverkan sköts av {} i dag.", officer.to_uppercase()),
    )
    .unwrap();

    let e = make_report(&mut store, &ctx, id, true, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("personuppgifter"), "{}", e.message);
    let messages: Vec<&str> = e.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(e.errors.len(), 3, "{messages:?}");
    assert_eq!(e.errors[0].line, Some(3));
    assert_eq!(
        messages[0],
        "Kapitel 4 Enhetens förutsättningar, rad 3: texten innehåller ett personnummer"
    );
    assert!(
        messages[1].starts_with("Kapitel 7 Samverkan, rad 1")
            && messages[1].contains("handläggare")
    );
    assert_eq!(
        messages[2],
        format!(
            "Bedömning {} (Gul) i kapitel 6: texten innehåller ett ärende-id ur populationen",
            f.id
        )
    );
    let all = format!("{e:?}");
    let digits = rows[7].personnummer.as_digits();
    for secret in [&pnr[..], &digits[2..], &case_id, &officer] {
        assert!(!all.contains(secret), "the error repeats what it found");
    }
    // Nothing was made or recorded.
    assert_eq!(reports_made(&store, id), 0);

    // Fixed, the report is made.
    chapters::set_chapter_text(&mut store, &ctx, id, 4, "Sju handläggare.").unwrap();
    chapters::set_chapter_text(&mut store, &ctx, id, 7, "Samverkan fungerar.").unwrap();
    findings::edit_finding(
        &mut store,
        &ctx,
        id,
        f.id,
        None,
        None,
        Some("Bristen syns i flera akter."),
    )
    .unwrap();
    make_report(&mut store, &ctx, id, false, None).unwrap();
}

#[test]
fn ordinary_numbers_and_words_are_not_taken_for_personal_data() {
    let rows = vec![];
    let reference = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
    let f = Forbidden::new(&rows, reference);
    assert!(
        f.find("Granskning av 30 procent (165 av 549), 2023/VON 0123, seed 20230901.")
            .is_none()
    );
    assert_eq!(find_word("anna berg och annabergs", "anna berg"), Some(0));
    assert_eq!(find_word("annabergs anna bergström", "anna berg"), None);
    assert_eq!(
        find_word("ärende 2023-01005.", "2023-01005"),
        Some(8),
        "a byte offset"
    );
    assert_eq!(find_word("ärende 2023-010055", "2023-01005"), None);
}

#[test]
fn a_copy_of_a_finalised_report_carries_the_final_date() {
    use crate::context::FixedClock;
    use chrono::TimeZone;
    let (mut store, _, id) = demo_store();
    let at = |day| Context {
        user: "testare".into(),
        clock: Box::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap(),
        )),
    };
    crate::finalize::finalize(&mut store, &at(24), id, None).unwrap();
    let copy = report_data(&store, &at(30), id, false).unwrap();
    assert_eq!(copy.date, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert_eq!(copy.status, "Slutförd");
    // Reopened, the report is a new draft again, dated when it is made.
    crate::finalize::reopen(&mut store, &at(30), id, "Faktafel i kapitel 4.").unwrap();
    let draft = report_data(&store, &at(30), id, true).unwrap();
    assert_eq!(draft.date, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
}
