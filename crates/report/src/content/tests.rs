//! Content tests: what the blocks say, before any PDF is made.

use super::*;
use aktgranskning_core::checklist::Kvalitetsomrade;

fn chapter(number: u32, text: &str, findings: Vec<(Grade, &str)>) -> ChapterData {
    ChapterData {
        number,
        title: CHAPTERS[number as usize - 1].to_string(),
        text: text.to_string(),
        findings: findings
            .into_iter()
            .map(|(g, t)| (g, t.to_string()))
            .collect(),
    }
}

fn item(id: &str, ja: u32, applicable: u32, final_grade: Option<Grade>) -> ItemData {
    let t = Template::standard();
    let i = t.item(id).unwrap();
    let rate = (applicable > 0).then(|| f64::from(ja) / f64::from(applicable));
    ItemData {
        result: ItemResult {
            id: id.to_string(),
            area: i.area.clone(),
            text: i.text.clone(),
            kvalitetsomrade: Kvalitetsomrade::TS,
            critical: i.critical,
            applicable,
            ja,
            delvis: 0,
            nej: applicable - ja,
            ej_aktuellt: 0,
            unanswered: 0,
            population_applicable: applicable * 3,
            population_applicable_exact: true,
            rate,
            ci_low: rate.map(|r| r - 0.05),
            ci_high: rate.map(|r| (r + 0.05).min(1.0)),
            rate_text: rate.map(|r| aktgranskning_core::stats::percent_text(r, &[9000, 7500])),
            interval_text: rate.map(|r| {
                aktgranskning_core::stats::interval_text(
                    aktgranskning_core::stats::Interval {
                        low: r - 0.05,
                        high: (r + 0.05).min(1.0),
                    },
                    &[9000, 7500],
                )
            }),
            delvis_share: rate.map(|_| 0.0),
            suggested_grade: t.thresholds.suggest(ja, applicable),
            uncertain: false,
            final_grade,
            comparable_with_previous: None,
        },
        motivation: None,
    }
}

fn data(items: Vec<ItemData>) -> ReportData {
    ReportData {
        unit: "Myndighet LSS".to_string(),
        org: "Vård- och omsorgsförvaltningen".to_string(),
        board: "Vård- och omsorgsnämnden".to_string(),
        diarienr: "2023/VON 0123".to_string(),
        date: NaiveDate::from_ymd_opt(2023, 10, 31).unwrap(),
        created: Utc::now(),
        controllers: vec!["Karin Lund".to_string()],
        period: (None, None),
        factcheck: Vec::new(),
        status: "Granskning".to_string(),
        draft: true,
        chapters: (1..=9)
            .map(|n| match n {
                4 => chapter(
                    4,
                    "## Personal\nSju handläggare.",
                    vec![(Grade::Rod, "Röd fyra"), (Grade::Gron, "Grön fyra")],
                ),
                6 => chapter(
                    6,
                    "Text\n\n- ett\n- två\n  fortsättning",
                    vec![(Grade::Gul, "Gul sex")],
                ),
                n => chapter(n, "", vec![]),
            })
            .collect(),
        method: None,
        results: Some(ResultsData {
            population: 100,
            sample_size: 30,
            files_complete: 30,
            items,
            kvalitetsomraden: vec![],
        }),
        template: Template::standard(),
        recommendations: vec![],
        trend: None,
        followup: None,
        agreement: None,
        history_sha256: None,
    }
}

fn tables(blocks: &[Block]) -> Vec<&Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn position(blocks: &[Block], heading: &str) -> usize {
    blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { text, .. } if text == heading))
        .unwrap_or_else(|| panic!("no heading {heading}"))
}

#[test]
fn overall_assessment_lists_every_finding_green_yellow_red() {
    let blocks = blocks(&data(vec![]));
    let at = position(&blocks, "Bedömningar");
    let Block::Table(t) = &blocks[at + 1] else {
        panic!("a table after the heading")
    };
    let rows: Vec<(&str, &str)> = t
        .rows
        .iter()
        .map(|r| (r[0].text.as_str(), r[1].text.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Grön", "Grön fyra"),
            ("Gul", "Gul sex"),
            ("Röd", "Röd fyra")
        ]
    );
    assert!(t.rows.iter().all(|r| r[0].fill.is_some()), "coloured cells");
}

#[test]
fn controller_text_markup_becomes_sections_paragraphs_and_bullets() {
    let blocks = blocks(&data(vec![]));
    let four = position(&blocks, "4 Enhetens förutsättningar");
    assert_eq!(
        blocks[four + 1],
        Block::Heading {
            level: 2,
            text: "4.1 Personal".to_string()
        }
    );
    // The chapter's findings follow in a numbered section of their own.
    let assessment = position(&blocks, "4.2 Bedömning av enhetens förutsättningar");
    assert!(assessment > four);
    let six = position(&blocks, "6 Arbetet i enheten");
    assert_eq!(blocks[six + 1], Block::Paragraph("Text".to_string()));
    assert_eq!(
        blocks[six + 2],
        Block::Bullets(vec!["ett".to_string(), "två fortsättning".to_string()])
    );
    // The Metod chapter falls back on the standard text with the standard sentence.
    let all = format!("{blocks:?}");
    assert!(all.contains("Aktgranskningen har inte berört om rätt beslut har fattats"));
}

#[test]
fn items_with_fewer_than_five_files_are_not_shown() {
    let blocks = blocks(&data(vec![
        item("ansokan.uppgifter", 28, 30, Some(Grade::Gron)),
        item("barn.basta", 3, 4, None),
    ]));
    let t = tables(&blocks)
        .into_iter()
        .find(|t| t.columns[1].title == "Granskningspunkt" && t.columns.len() == 7)
        .unwrap();
    let row = |id: &str| {
        let nr = (Template::standard()
            .items
            .iter()
            .position(|i| i.id == id)
            .unwrap()
            + 1)
        .to_string();
        t.rows.iter().find(|r| r[0].text == nr).unwrap().clone()
    };
    let shown = row("ansokan.uppgifter");
    assert_eq!(shown[2].text, "28 av 30");
    assert_eq!(shown[3].text, "93 %");
    assert_eq!(shown[6].text, "Grön");
    let hidden = row("barn.basta");
    assert_eq!(hidden[2].text, "Färre än 5 akter");
    assert!(hidden[3..].iter().all(|c| c.text == "–"), "{hidden:?}");
    assert!(hidden[1].text.ends_with("(kritisk)"));
    // Nor in the chart.
    let chart = blocks
        .iter()
        .find_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .unwrap();
    let r = chart
        .rows
        .iter()
        .find(|r| r.label.contains("barnets bästa"))
        .unwrap();
    assert_eq!((r.value, r.interval), (None, None));
}

#[test]
fn small_groups_are_merged_until_no_group_is_small() {
    let g = |label: &str, population, sample| Group {
        label: label.to_string(),
        population,
        sample,
    };
    let merged = suppress_small(
        &[g("LSS", 400, 120), g("SoL", 140, 42), g("Annat", 9, 3)],
        "Övriga",
    );
    // "Annat" alone is small in the sample (3), and so is Övriga with only it: the
    // smallest shown group joins it.
    assert_eq!(merged, [g("LSS", 400, 120), g("Övriga", 149, 45)]);
    let none = suppress_small(&[g("LSS", 400, 120), g("SoL", 140, 42)], "Övriga");
    assert_eq!(none.len(), 2);
    for groups in [
        vec![g("A", 4, 1), g("B", 3, 1), g("C", 50, 15)],
        vec![g("A", 6, 2), g("B", 6, 2), g("C", 6, 2), g("D", 100, 30)],
    ] {
        let out = suppress_small(&groups, "Övriga");
        assert!(
            out.iter()
                .all(|x| x.population >= SMALL && x.sample >= SMALL),
            "{out:?}"
        );
        assert_eq!(
            out.iter().map(|x| x.population).sum::<usize>(),
            groups.iter().map(|x| x.population).sum::<usize>()
        );
    }
}

#[test]
fn swedish_numbers_and_dates() {
    assert_eq!(
        swedish_date(NaiveDate::from_ymd_opt(2023, 9, 1).unwrap()),
        "1 september 2023"
    );
    assert_eq!(percent(0.848), "85 %");
    assert_eq!(interval(0.797, 0.889), "80–89 %");
    assert_eq!(bp_percent(9000), "90 %");
    assert_eq!(bp_percent(7550), "75,5 %");
}

#[test]
fn the_checklist_appendix_keeps_lagstod_and_metodstod_apart_and_marks_new_items() {
    let row_of = |blocks: &[Block], id: &str, t: &Template| -> Vec<String> {
        let at = position(blocks, "Bilaga 1 Granskningsmall");
        let table = blocks[at..]
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        let n = (t.items.iter().position(|i| i.id == id).unwrap() + 1).to_string();
        table
            .rows
            .iter()
            .find(|r| r[0].text == n)
            .unwrap()
            .iter()
            .map(|c| c.text.clone())
            .collect()
    };
    let notes = |blocks: &[Block]| -> String {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Note(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Version 2: lagstöd and metodstöd in columns of their own; new or changed items
    // marked, and the mark explained.
    let d = data(vec![]);
    let b2 = blocks(&d);
    let ibic = row_of(&b2, "utredning.ibic", &d.template);
    assert_eq!(ibic[2], "–", "no lagstöd for a method");
    assert!(ibic[3].contains("IBIC"), "{ibic:?}");
    assert!(!ibic[1].ends_with("(ny)"), "unchanged since version 1");
    let tolk = row_of(&b2, "kommunikation.tolk", &d.template);
    assert!(tolk[1].ends_with("(ny)"), "{tolk:?}");
    assert_eq!(tolk[2], "FL 13 §");
    assert!(notes(&b2).contains("(ny) markerar en punkt som är ny eller ändrad i version 2"));
    assert!(notes(&b2).contains("hakparentes"));
    // Version 1 prints as it always did: one basis column, no marks.
    let mut d1 = data(vec![]);
    d1.template = Template::standard_v1();
    let b1 = blocks(&d1);
    let first = row_of(&b1, "ansokan.uppgifter", &d1.template);
    assert_eq!(first.len(), 4, "Nr, punkt, grund, K");
    assert!(!first[1].contains("(ny)"));
    assert!(!notes(&b1).contains("(ny)"));
}

/// The sampling text agrees with its tables: insats is said not to be a stratum when it
/// is not one, and the note on merged small groups appears only with a merged row.
#[test]
fn the_method_notes_say_only_what_the_tables_show() {
    let group = |label: &str, population: usize, sample: usize| Group {
        label: label.into(),
        population,
        sample,
    };
    let method = |per_insats: Vec<Group>, strata: Vec<Dimension>| MethodData {
        population: 100,
        sample_size: 30,
        percent: "30".into(),
        strata,
        strata_count: 2,
        small_strata: 0,
        per_lagrum: vec![group("LSS", 60, 18), group("SoL", 40, 12)],
        per_insats,
        seed: 1,
        algorithm: "aktgranskning-urval-v2".into(),
        population_sha256: "ab".repeat(32),
        reference_date: NaiveDate::from_ymd_opt(2023, 9, 1).unwrap(),
        drawn_on: NaiveDate::from_ymd_opt(2023, 9, 4).unwrap(),
    };
    let notes = |d: &ReportData| -> String {
        blocks(d)
            .iter()
            .filter_map(|b| match b {
                Block::Note(t) => Some(t.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut d = data(vec![]);
    d.method = Some(method(
        vec![group("Boendestöd", 50, 15), group("Kontaktperson", 50, 15)],
        vec![Dimension::Lagrum],
    ));
    let n = notes(&d);
    assert!(n.contains("Insats är inte en grupp i urvalet"), "{n}");
    assert!(
        !n.contains("sammanslagna under Övriga"),
        "no merged row, no note: {n}"
    );
    // A small group merged into Övriga: the note says so; insats as a stratum: no caveat.
    d.method = Some(method(
        vec![group("Boendestöd", 97, 29), group("Ledsagning", 3, 1)],
        vec![Dimension::Lagrum, Dimension::Insats],
    ));
    let n = notes(&d);
    assert!(n.contains("sammanslagna under Övriga"), "{n}");
    assert!(!n.contains("Insats är inte en grupp"), "{n}");
}

/// WCAG's relative luminance of an sRGB colour.
fn luminance(c: Colour) -> f64 {
    let lin = |v: f32| {
        let v = f64::from(v);
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Every chart mark reaches 3:1 contrast against the white page, and the grades differ
/// in shape as well as colour, so a greyscale print still tells them apart.
#[test]
fn chart_marks_are_greyscale_safe() {
    let grades = [Some(Grade::Gron), Some(Grade::Gul), Some(Grade::Rod), None];
    for g in grades {
        let contrast = 1.05 / (luminance(grade_ink(g)) + 0.05);
        assert!(contrast >= 3.0, "{g:?}: {contrast:.2}:1");
    }
    let shapes: Vec<Shape> = grades[..3].iter().map(|g| grade_shape(*g)).collect();
    assert_eq!(shapes, [Shape::Circle, Shape::Triangle, Shape::Square]);
}
