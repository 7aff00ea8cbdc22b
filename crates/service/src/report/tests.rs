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

    // A personnummer never gets as far as the report: it is refused when typed.
    let e = chapters::set_chapter_text(
        &mut store,
        &ctx,
        id,
        4,
        &format!("Första raden.\n\nTredje raden nämner {pnr} i förbigående."),
    )
    .unwrap_err();
    assert_eq!(e.errors[0].line, Some(3));
    assert!(!format!("{e:?}").contains(&pnr[..6]));
    let surname = officer.rsplit(' ').next().unwrap().to_string();
    chapters::set_chapter_text(
        &mut store,
        &ctx,
        id,
        4,
        &format!("Första raden.\n\nTredje raden nämner {surname}s akter i förbigående."),
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
        "Kapitel 4 Enhetens förutsättningar, rad 3: texten innehåller namnet på en handläggare"
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
    for secret in [&pnr[..], &digits[2..], &case_id, &officer, &surname] {
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

/// Every way of writing a personnummer or a name that once walked around the check.
#[test]
fn no_way_of_writing_personal_data_walks_around_the_check() {
    let (mut store, ctx, id) = demo_store();
    let rows = population::load(store.conn(), id).unwrap();
    let reference = require(store.conn(), id).unwrap().reference_date;
    let d = rows[7].personnummer.as_digits();
    let (y4, short) = (&d[..4], &d[2..]);
    let (date6, last4) = (&short[..6], &short[6..]);
    let pnr_forms = [
        format!("{date6} {last4}"),
        format!("{date6}\u{2013}{last4}"),
        format!("{date6}\u{2011}{last4}"),
        format!("{date6}\u{2212}{last4}"),
        format!("{y4} {} {}-{last4}", &d[4..6], &d[6..8]),
        format!("{}{} - {last4}", y4, &d[4..8]),
        format!("{}\u{200B}{}-{last4}", &date6[..3], &date6[3..]),
        format!("{date6}-\n{last4}"),
        format!("{date6}\u{00A0}{last4}"),
    ];
    let forbidden = Forbidden::new(&rows, reference);
    for f in &pnr_forms {
        let text = format!("Brukaren {f} har beviljats insatsen.");
        assert!(
            forbidden.find(&text).is_some(),
            "{f:?} passed the report check"
        );
        // And it never gets that far: refused when typed, in every text.
        let e = chapters::set_chapter_text(&mut store, &ctx, id, 4, &text).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(!format!("{e:?}").contains(last4), "{e:?}");
        assert!(findings::add_finding(&mut store, &ctx, id, 6, Grade::Gul, &text).is_err());
    }
    let officer = "Karin Sjöberg";
    assert!(
        rows.iter()
            .any(|r| r.handlaggare.as_deref() == Some(officer))
    );
    let name_forms = [
        "Sjöberg har handlagt ärendet.".to_string(),
        "Karin  Sjöberg har handlagt ärendet.".to_string(),
        "Karin\nSjöberg har handlagt ärendet.".to_string(),
        "Karin Sjo\u{0308}berg har handlagt ärendet.".to_string(),
        "Karin Sjöbergs akter är väl dokumenterade.".to_string(),
        "KARIN SJÖBERG".to_string(),
    ];
    for text in &name_forms {
        chapters::set_chapter_text(&mut store, &ctx, id, 4, text).unwrap();
        let e = make_report(&mut store, &ctx, id, true, None).unwrap_err();
        assert!(
            e.errors
                .iter()
                .any(|d| d.message.contains("namnet på en handläggare")),
            "{text:?}: {e:?}"
        );
    }
    chapters::set_chapter_text(&mut store, &ctx, id, 4, "Sju handläggare.").unwrap();
    // Case ids written with another dash, and the other texts that reach the report.
    let case_id = rows[3].case_id.replace('-', "\u{2013}");
    let f = findings::add_finding(
        &mut store,
        &ctx,
        id,
        6,
        Grade::Gul,
        &format!("Se {case_id}."),
    )
    .unwrap();
    let e = make_report(&mut store, &ctx, id, true, None).unwrap_err();
    assert!(
        e.errors.iter().any(|d| d.message.contains("ärende-id")),
        "{e:?}"
    );
    findings::edit_finding(
        &mut store,
        &ctx,
        id,
        f.id,
        None,
        None,
        Some("Bristen syns."),
    )
    .unwrap();
    make_report(&mut store, &ctx, id, true, None).unwrap();
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
    // Reopened, the report is a new draft again, dated by the audit's latest change
    // (the reopening), not by the day it is printed; the file itself records when it
    // was made.
    crate::finalize::reopen(&mut store, &at(30), id, "Faktafel i kapitel 4.").unwrap();
    let draft = report_data(&store, &at(30), id, true).unwrap();
    assert_eq!(draft.date, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    crate::report::make_report(&mut store, &at(30), id, true, None).unwrap();
    let later = Context {
        user: "testare".into(),
        clock: Box::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
        )),
    };
    let printed_later = report_data(&store, &later, id, true).unwrap();
    assert_eq!(
        printed_later.date,
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        "printing (report_created) is not a change of the work"
    );
    assert_eq!(
        printed_later.created.date_naive(),
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    );
}
