//! Results against hand-computed values.

use super::*;
use crate::{DecisionKind, Lagrum};

fn adult() -> CaseFacts {
    CaseFacts {
        is_child: false,
        lagrum: Lagrum::Lss,
        decision_kind: Some(DecisionKind::Bifall),
    }
}

fn child() -> CaseFacts {
    CaseFacts {
        is_child: true,
        ..adult()
    }
}

fn answers(pairs: &[(&str, Answer)]) -> HashMap<String, Answer> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn item<'a>(r: &'a Results, id: &str) -> &'a ItemResult {
    r.items.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn the_domain_check_as_a_whole_review() {
    let t = Template::standard_v1();
    let population = vec![adult(); 549];
    let maps: Vec<HashMap<String, Answer>> = (0..165)
        .map(|i| {
            let a = if i < 140 { Answer::Ja } else { Answer::Nej };
            answers(&[("samtycke.journal", a)])
        })
        .collect();
    let sample: Vec<ReviewedFile> = maps
        .iter()
        .map(|m| ReviewedFile {
            facts: adult(),
            answers: m,
        })
        .collect();
    let r = compute(&t, &population, &sample, &HashMap::new());
    assert_eq!(r.items.len(), 32);
    let s = item(&r, "samtycke.journal");
    assert_eq!((s.applicable, s.ja, s.nej, s.unanswered), (165, 140, 25, 0));
    assert_eq!(
        (s.population_applicable, s.population_applicable_exact),
        (549, true)
    );
    assert!((s.rate.unwrap() - 0.8485).abs() < 5e-4);
    assert!((s.ci_low.unwrap() - 0.7971).abs() < 5e-4);
    assert!((s.ci_high.unwrap() - 0.8887).abs() < 5e-4);
    assert_eq!(s.suggested_grade, Some(Grade::Gul));
    assert!(!s.uncertain);
    assert_eq!(s.delvis_share, Some(0.0));
    // Nothing answered for the other always-applicable items.
    let other = item(&r, "samtycke.inhamtat");
    assert_eq!(
        (other.applicable, other.unanswered, other.rate),
        (0, 165, None)
    );
    // Barn items for adults: automatically Ej aktuellt.
    let barn = item(&r, "barn.basta");
    assert_eq!(
        (
            barn.ej_aktuellt,
            barn.unanswered,
            barn.population_applicable
        ),
        (165, 0, 0)
    );
}

#[test]
fn children_items_use_the_exact_population_count() {
    let t = Template::standard_v1();
    let mut population = vec![adult(); 489];
    population.extend(vec![child(); 60]);
    let maps: Vec<HashMap<String, Answer>> = (0..165)
        .map(|i| match i {
            0..15 => answers(&[("barn.basta", Answer::Ja)]),
            15..20 => answers(&[("barn.basta", Answer::Nej)]),
            _ => HashMap::new(),
        })
        .collect();
    let sample: Vec<ReviewedFile> = maps
        .iter()
        .enumerate()
        .map(|(i, m)| ReviewedFile {
            facts: if i < 20 { child() } else { adult() },
            answers: m,
        })
        .collect();
    let r = compute(&t, &population, &sample, &HashMap::new());
    let b = item(&r, "barn.basta");
    assert_eq!(
        (b.applicable, b.ja, b.nej, b.ej_aktuellt, b.unanswered),
        (20, 15, 5, 145, 0)
    );
    assert_eq!(
        (b.population_applicable, b.population_applicable_exact),
        (60, true)
    );
    // 15 of 20 is exactly 75 %: Gul, and the interval reaches into Röd.
    assert_eq!(b.suggested_grade, Some(Grade::Gul));
    assert!(b.uncertain);
    // An adult's barn item answered Ja (a child in the household) overrides the rule:
    // N_a is then estimated, round(549 · 21 / 165) = round(69.87) = 70.
    let mut maps = maps;
    maps[100] = answers(&[("barn.basta", Answer::Ja)]);
    let sample: Vec<ReviewedFile> = maps
        .iter()
        .enumerate()
        .map(|(i, m)| ReviewedFile {
            facts: if i < 20 { child() } else { adult() },
            answers: m,
        })
        .collect();
    let r = compute(&t, &population, &sample, &HashMap::new());
    let b = item(&r, "barn.basta");
    assert_eq!((b.applicable, b.ja), (21, 16));
    assert_eq!(
        (b.population_applicable, b.population_applicable_exact),
        (70, false)
    );
}

#[test]
fn lss_and_overklagande_rules_and_roll_ups() {
    let t = Template::standard_v1();
    let sol_avslag = CaseFacts {
        is_child: false,
        lagrum: Lagrum::Sol,
        decision_kind: Some(DecisionKind::Avslag),
    };
    let population = vec![adult(), adult(), sol_avslag, sol_avslag];
    let all_ja: HashMap<String, Answer> =
        t.items.iter().map(|i| (i.id.clone(), Answer::Ja)).collect();
    let none = HashMap::new();
    let sample = vec![
        ReviewedFile {
            facts: adult(),
            answers: &none,
        },
        ReviewedFile {
            facts: sol_avslag,
            answers: &all_ja,
        },
    ];
    let mut finals = HashMap::new();
    finals.insert("samtycke.journal".to_string(), Grade::Rod);
    let r = compute(&t, &population, &sample, &finals);
    let lss = item(&r, "lss.individuell_plan");
    // The SoL file answered Ja to an LSS item: counted as answered, N_a estimated.
    assert_eq!(
        (lss.ja, lss.unanswered, lss.population_applicable_exact),
        (1, 1, false)
    );
    let ov = item(&r, "beslut.overklagande");
    // The LSS Bifall file: automatically Ej aktuellt; the SoL Avslag file: Ja.
    assert_eq!((ov.ja, ov.ej_aktuellt, ov.unanswered), (1, 1, 0));
    assert_eq!(
        (ov.population_applicable, ov.population_applicable_exact),
        (2, true)
    );
    // One applicable file of two in the population, reviewed and compliant: the other
    // may or may not comply, so the population's rate is 50 % or 100 %, and the interval
    // (near a census) holds both.
    assert_eq!((ov.ci_low, ov.ci_high), (Some(0.5), Some(1.0)));
    let samtycke = r.areas.iter().find(|a| a.key == "Samtycke").unwrap();
    assert_eq!(
        (samtycke.items, samtycke.ja, samtycke.unanswered),
        (2, 2, 2)
    );
    // Two files are a small number: neither item has a suggested grade, and even the
    // final Röd set on samtycke.journal does not make the area's grade.
    assert_eq!(item(&r, "samtycke.inhamtat").suggested_grade, None);
    assert_eq!((samtycke.gron, samtycke.rod, samtycke.graded), (0, 0, 0));
    assert_eq!(r.areas.len(), 8);
    let codes: Vec<&str> = r.kvalitetsomraden.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(codes, ["KB", "SI", "HS", "TS", "TG"]);
    assert_eq!(
        r.kvalitetsomraden[1].name,
        "Självbestämmande och integritet"
    );
}

#[test]
fn small_numbers_get_no_grade_and_do_not_grade_their_area() {
    let t = Template::standard_v1();
    let population = vec![adult(); 549];
    // samtycke.journal: 4 files (1 Ja), a small number; samtycke.inhamtat: 6 of 6 Ja.
    let maps: Vec<HashMap<String, Answer>> = (0..6)
        .map(|i| {
            let mut pairs = vec![("samtycke.inhamtat", Answer::Ja)];
            if i < 4 {
                pairs.push((
                    "samtycke.journal",
                    if i == 0 { Answer::Ja } else { Answer::Nej },
                ));
            } else {
                pairs.push(("samtycke.journal", Answer::EjAktuellt));
            }
            answers(&pairs)
        })
        .collect();
    let sample: Vec<ReviewedFile> = maps
        .iter()
        .map(|m| ReviewedFile {
            facts: adult(),
            answers: m,
        })
        .collect();
    let mut finals = HashMap::new();
    finals.insert("samtycke.journal".to_string(), Grade::Rod);
    let r = compute(&t, &population, &sample, &finals);
    let small = item(&r, "samtycke.journal");
    assert_eq!(
        (small.applicable, small.suggested_grade, small.uncertain),
        (4, None, false)
    );
    let big = item(&r, "samtycke.inhamtat");
    assert_eq!(big.suggested_grade, Some(Grade::Gron));
    let area = r.areas.iter().find(|a| a.key == "Samtycke").unwrap();
    // Only the item with enough files counts: the final Röd on the small one does not.
    assert_eq!((area.gron, area.rod, area.graded), (1, 0, 1));
    // The printed texts come with the result.
    assert_eq!(big.rate_text.as_deref(), Some("100 %"));
    assert!(big.interval_text.as_deref().unwrap().ends_with("100 %"));
}
