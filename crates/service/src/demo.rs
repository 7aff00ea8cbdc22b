//! Synthetic populations: realistic-looking case lists for the demo audit, the tests and
//! the benchmarks. Generated deterministically from a seed; the personnummer are valid
//! (date and check digit) but invented, and nothing generated here is ever committed.

use aktgranskning_core::personnummer::luhn_check_digit;
use aktgranskning_core::sampling::StreamV1;
use chrono::{Datelike, Days, NaiveDate};

/// One generated row, written with the canonical Swedish headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticRow {
    pub case_id: String,
    pub personnummer: String,
    pub lagrum: String,
    pub insats: String,
    pub handlaggare: String,
    pub beslutsdatum: String,
    pub beslutstyp: String,
}

/// The header row, in file order.
pub const HEADERS: [&str; 7] = [
    "Ärende-id",
    "Personnummer",
    "Lagrum",
    "Insats",
    "Handläggare",
    "Beslutsdatum",
    "Beslutstyp",
];

impl SyntheticRow {
    pub fn fields(&self) -> [&str; 7] {
        [
            &self.case_id,
            &self.personnummer,
            &self.lagrum,
            &self.insats,
            &self.handlaggare,
            &self.beslutsdatum,
            &self.beslutstyp,
        ]
    }
}

const OFFICERS: [&str; 7] = [
    "Åsa Lindqvist",
    "Björn Ekström",
    "Maja Öberg",
    "Karin Sjöberg",
    "Jonas Häggström",
    "Elin Nyström",
    "Ali Hassan",
];
const LSS_INSATSER: [(&str, &str); 8] = [
    ("LSS 9 § 2", "Personlig assistans"),
    ("LSS 9 § 3", "Ledsagarservice"),
    ("LSS 9 § 4", "Kontaktperson"),
    ("LSS 9 § 5", "Avlösarservice i hemmet"),
    ("LSS 9 § 6", "Korttidsvistelse utanför det egna hemmet"),
    ("LSS 9 § 7", "Korttidstillsyn för skolungdom"),
    ("LSS 9 § 9", "Bostad med särskild service för vuxna"),
    ("LSS 9 § 10", "Daglig verksamhet"),
];
const SOL_INSATSER: [&str; 4] = [
    "Boendestöd",
    "Kontaktperson",
    "Korttidsvistelse",
    "Hemtjänst",
];

/// Generates `n` rows at the reference date. About 15 % of the persons are children, 2 %
/// have a samordningsnummer, a quarter of the cases are SoL.
pub fn synthetic_population(n: usize, seed: u64, reference: NaiveDate) -> Vec<SyntheticRow> {
    let mut rng = StreamV1::new(seed);
    let year = reference.year();
    (0..n)
        .map(|i| {
            let child = rng.below(100) < 15;
            let age = if child {
                3 + rng.below(15)
            } else {
                18 + rng.below(70)
            };
            let birth = reference
                .checked_sub_days(Days::new(
                    u64::from(age) * 365 + u64::from(rng.below(365)) + 1,
                ))
                .unwrap_or(reference);
            let samordning = rng.below(100) < 2;
            let lss = rng.below(4) != 0;
            let (lagrum, insats) = if lss {
                let (l, ins) = LSS_INSATSER[rng.below(LSS_INSATSER.len() as u32) as usize];
                (l.to_string(), ins.to_string())
            } else {
                (
                    "SoL 4:1".to_string(),
                    SOL_INSATSER[rng.below(4) as usize].to_string(),
                )
            };
            let kind = match rng.below(100) {
                0..5 => "Avslag",
                5..15 => "Delavslag",
                _ => "Bifall",
            };
            let decided = reference
                .checked_sub_days(Days::new(u64::from(rng.below(3 * 365))))
                .unwrap_or(reference);
            SyntheticRow {
                case_id: format!("{year}-{:05}", 1001 + i),
                personnummer: personnummer_for(birth, samordning, rng.below(1000)),
                lagrum,
                insats,
                handlaggare: OFFICERS[rng.below(OFFICERS.len() as u32) as usize].to_string(),
                beslutsdatum: decided.format("%Y-%m-%d").to_string(),
                beslutstyp: kind.to_string(),
            }
        })
        .collect()
}

/// A valid `YYYYMMDD-NNNC` for the birth date and three-digit serial.
pub fn personnummer_for(birth: NaiveDate, samordning: bool, serial: u32) -> String {
    let day = birth.day() + if samordning { 60 } else { 0 };
    let body = format!(
        "{:02}{:02}{:02}{:03}",
        birth.year() % 100,
        birth.month(),
        day,
        serial % 1000
    );
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let c = luhn_check_digit(&digits);
    format!(
        "{:04}{:02}{:02}-{:03}{c}",
        birth.year(),
        birth.month(),
        day,
        serial % 1000
    )
}

/// Writes rows as CSV with the given delimiter (UTF-8, no BOM).
pub fn to_csv(rows: &[SyntheticRow], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(HEADERS);
    for r in rows {
        let _ = w.write_record(r.fields());
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Per-item compliance of the demo audit: (item id, share Ja, share Delvis). Chosen so
/// that the demo resembles the model audit report (`docs/domain.md`): consent and implementation plans are weak,
/// the children's perspective and violence screening need work, the rest is good.
const DEMO_PROFILE: [(&str, u32, u32); 29] = [
    ("ansokan.uppgifter", 95, 3),
    ("ansokan.behorighet", 93, 2),
    ("ansokan.muntligen", 71, 0),
    ("samtycke.inhamtat", 62, 8),
    ("samtycke.journal", 55, 10),
    ("utredning.ibic", 88, 6),
    ("utredning.egen_uppfattning", 91, 5),
    ("utredning.kommunicering", 90, 4),
    ("utredning.fakta", 83, 9),
    ("utredning.vald", 74, 6),
    ("utredning.tid", 86, 0),
    ("kommunikation.tolk", 78, 8),
    ("barn.basta", 72, 12),
    ("barn.information", 68, 10),
    ("barn.installning", 70, 12),
    ("beslut.innehall", 97, 2),
    ("beslut.motivering", 96, 3),
    ("beslut.underrattelse", 92, 0),
    ("uppdrag.utforare", 89, 5),
    ("gp.inkommen", 58, 0),
    ("gp.mottagen", 46, 10),
    ("lss.individuell_plan", 80, 0),
    ("lss.individuell_plan_oversyn", 64, 0),
    ("sip.behov", 84, 4),
    ("journal.lopande", 95, 3),
    ("journal.information", 60, 6),
    ("uppfoljning.riktlinje", 76, 8),
    ("verkstallighet.datum", 93, 4),
    ("verkstallighet.rapporterad", 97, 0),
];

/// The controller's chapter texts of the demo audit (chapters 1, 3, 4–9), in the light
/// markup the report reads: blank lines between paragraphs, `- ` bullets, `## ` sections.
const DEMO_CHAPTERS: [(u32, &str); 8] = [
    (
        1,
        "Granskningen pågick under september och oktober 2023 och har bland annat omfattat intervjuer, observationer, genomgång av enhetens styrdokument och granskning av akter.\n\n\
Huvudsyftet med granskningen var att undersöka hur enheten arbetar för att säkerställa en rättssäker myndighetsutövning.\n\n\
Granskningen tyder på att enheten har goda förutsättningar för att utföra uppdraget. Enheten behöver dock utveckla sina processer och arbetssätt inom och utanför enheten för att öka brukarnas delaktighet och möta målgruppernas behov. Enheten uppnår uppsatta mål men behöver arbeta vidare med det systematiska kvalitetsarbetet i syfte att analysera sina resultat för att förbättra verksamheten.",
    ),
    (
        3,
        "Granskningen pågick under september och oktober 2023. Denna har omfattat:\n\n\
- Intervjuer med enhetschef, gruppledare, medarbetare och nyckelpersoner.\n\
- Deltagande i olika möten på enheten.\n\
- Granskning av aktuella akter. Aktgranskningen har inte berört om rätt beslut har fattats, det vill säga huruvida ett beslut om en insats och dess omfattning är i enlighet med lagstiftning och gällande riktlinjer.\n\
- Genomgång av enhetens ledningssystem och styrdokument.\n\n\
Bedömning av enhetens kvalitet vägs samman av:\n\n\
- Enhetens förutsättningar (strukturkvalitet): gällande lagstiftning, Socialstyrelsens föreskrifter, kommunens riktlinjer, avtal och överenskommelser.\n\
- Arbetet i enheten (processkvalitet): processer, rutiner och arbetssätt i förhållande till uppdraget.\n\
- Måluppfyllelse och kvalitetsarbete (resultatkvalitet), utifrån Socialstyrelsens föreskrift om ledningssystem för systematiskt kvalitetsarbete (SOSFS 2011:9).\n\n\
Granskningsresultatet återkopplas muntligt och skriftligt till enhetschef som då har möjlighet att faktagranska innehållet innan rapporten färdigställs. Rapporten överlämnas sedan till ansvarig förvaltning som avgör vilka eventuella åtgärder enheten behöver vidta. Rapporten anmäls slutligen till ansvarig nämnd.",
    ),
    (
        4,
        "## Organisation och uppdrag\n\
Enheten handlägger ansökningar om insatser enligt lag om stöd och service till vissa funktionshindrade (LSS) och vissa insatser enligt socialtjänstlagen (SoL) för barn, unga och vuxna.\n\n\
## Ledning\n\
Enheten leds av en enhetschef med stöd av en gruppledare. Enhetschefen har det övergripande ansvaret för verksamheten, ekonomin och personalen; gruppledaren fördelar ärenden och ger handläggarna stöd i det dagliga arbetet.\n\n\
## Personal\n\
Enheten består av sju handläggare. Samtliga har socionomexamen eller motsvarande utbildning. Enheten har under året haft låg personalomsättning, och handläggarna beskriver ett gott samarbete i arbetsgruppen.",
    ),
    (
        5,
        "Varje månad följer enheten upp måluppfyllelse och riskhanteringsplan tillsammans med förvaltningens ledning.\n\n\
## Handläggningstider\n\
Nämndens mål om handläggningstid uppnås. Utredningar slutförs i regel inom den tid som riktlinjen anger.\n\n\
## Brukarnas delaktighet\n\
Uppföljningen av brukarnas delaktighet behöver utvecklas. Enheten saknar i dag ett sätt att mäta om brukarna upplever sig delaktiga i handläggningen.",
    ),
    (
        6,
        "## Mötesstruktur\n\
Arbetet leds genom veckovisa ärendedragningar och månatliga metodmöten. Handläggarna upplever ett gott stöd från gruppledare och enhetschef.\n\n\
## Våld i nära relationer\n\
Enheten saknar en rutin för att fråga om våld i nära relationer. Handläggarna beskriver att frågan ställs när det finns en misstanke men inte systematiskt.\n\n\
## Barnperspektivet\n\
I utredningar som rör barn framgår inte alltid hur barnets bästa har beaktats eller vilken information barnet har fått.",
    ),
    (
        7,
        "## Samverkan med utförare\n\
Samverkan med utförarna sker främst genom uppdrag och genomförandeplaner. Granskningen visar att återkopplingen från utförarna inte alltid fungerar och att genomförandeplaner ofta saknas i akterna.\n\n\
## Samverkan över förvaltningar\n\
Samverkan med skola och hälso- och sjukvård sker i enskilda ärenden. Samordnad individuell plan (SIP) används i liten utsträckning.",
    ),
    (
        8,
        "Handläggarna handlägger utifrån arbetssättet IBIC (Individens behov i centrum). Det finns rutiner, checklistor och utredningsmallar som stöd i dokumentationen.\n\n\
Aktgranskningen tyder på att nästintill alla utredningar och journaler innehåller information om hur ansökan kommit in, vilket datum, vad ansökan avser och vem som ansökt om insatsen. Samtycke inhämtas däremot inte systematiskt, och i många akter saknas genomförandeplan.",
    ),
    (
        9,
        "Enheten har påbörjat ett arbete med egenkontroller och avvikelsehantering. Resultaten sammanställs men analyseras inte systematiskt, och det framgår inte hur de används för att förbättra verksamheten.",
    ),
];

/// Findings of the demo audit outside the file review: (chapter, grade, text).
const DEMO_FINDINGS: [(u32, &str, &str); 6] = [
    (
        4,
        "gron",
        "Samtliga handläggare har lämplig utbildning och rätt kompetens för uppdraget.",
    ),
    (
        6,
        "gron",
        "Mötesstrukturen är ändamålsenlig och välfungerande.",
    ),
    (
        6,
        "gul",
        "Enheten behöver utveckla arbetet gällande våld i nära relationer.",
    ),
    (
        7,
        "rod",
        "Enheten ska säkerställa att insatser samordnas utifrån individens behov och att samverkan med utförarna fungerar.",
    ),
    (
        5,
        "gul",
        "Enheten behöver följa upp målet om brukarnas delaktighet.",
    ),
    (
        9,
        "gul",
        "Enheten behöver analysera resultaten av egenkontrollerna systematiskt.",
    ),
];

/// Creates a complete demo audit like the model audit report (`docs/domain.md`): a synthetic unit with 549 open
/// files, a 30 % sample of 165 split between two controllers, every file reviewed,
/// proposed findings, findings and texts in the other chapters. Returns its id.
pub fn create_demo_audit(store: &mut crate::Store, ctx: &crate::Context) -> crate::Result<i64> {
    use crate::{audits, chapters, findings, review};
    use aktgranskning_core::checklist::Grade;
    let reference = NaiveDate::from_ymd_opt(2023, 9, 1).expect("valid date");
    let (id, csv_population, sample) = synthetic_unit(
        store,
        ctx,
        &audits::NewAuditInput {
            unit: "Myndighet LSS (demo)".to_string(),
            org: "Vård- och omsorgsförvaltningen".to_string(),
            board: "Vård- och omsorgsnämnden".to_string(),
            diarienr: "2023/VON 0123".to_string(),
            reference_date: "2023-09-01".to_string(),
            ..Default::default()
        },
        (549, 2023, reference),
        "demo-aktuella-akter.csv",
        20_230_901,
    )?;

    // Answers for every sampled file: the profile above for the items that apply, and the
    // IBIC livsområden described in most files where relevant.
    let csv = demo_answers(&csv_population, reference, &sample.case_ids, 7)?;
    review::import_answers(store, ctx, id, csv.as_bytes())?;
    review::set_grade(
        store,
        ctx,
        id,
        "utredning.vald",
        Grade::Gul,
        Some("Frågan ställs inte systematiskt; enheten saknar rutin för våld i nära relationer."),
    )
    .or_else(|_| review::set_grade(store, ctx, id, "utredning.vald", Grade::Gul, None))?;
    // The controllers confirm the suggested grade of every other item.
    for item in review::results(store, id)?.items {
        if let (None, Some(g)) = (item.result.final_grade, item.result.suggested_grade) {
            review::set_grade(store, ctx, id, &item.result.id, g, None)?;
        }
    }
    findings::propose_findings(store, ctx, id)?;
    for (chapter, grade, text) in DEMO_FINDINGS {
        let grade = Grade::parse(grade).expect("valid grade");
        findings::add_finding(store, ctx, id, chapter, grade, text)?;
    }
    for (chapter, text) in DEMO_CHAPTERS {
        chapters::set_chapter_text(store, ctx, id, chapter, text)?;
    }
    // Recommendations answering two of the file review's findings, as the model audit
    // report's do (`docs/domain.md`).
    let proposed = findings::list_findings(store, id)?;
    for (area, text) in DEMO_RECOMMENDATIONS {
        let finding = proposed
            .iter()
            .find(|f| f.source.as_deref() == Some(&format!("area:{area}")))
            .map(|f| f.id);
        crate::recommendations::add_recommendation(store, ctx, id, text, finding)?;
    }
    Ok(id)
}

/// A synthetic unit's audit as `input` plans it: `population` (count, seed, reference
/// date) imported as `file_name`, the sample drawn with `seed` and split between Karin
/// Lund and Per Holm. Returns the audit id, the population as CSV and the sample.
fn synthetic_unit(
    store: &mut crate::Store,
    ctx: &crate::Context,
    input: &crate::audits::NewAuditInput,
    population: (usize, u64, NaiveDate),
    file_name: &str,
    seed: u64,
) -> crate::Result<(i64, String, crate::sampling::SampleView)> {
    let id = crate::audits::create_audit(store, ctx, input)?;
    let (count, pop_seed, reference) = population;
    let csv = to_csv(&synthetic_population(count, pop_seed, reference), b';');
    crate::population::import_population(store, ctx, id, file_name, csv.as_bytes())?;
    let sample = crate::sampling::draw_sample(
        store,
        ctx,
        id,
        &crate::sampling::DrawOptions {
            seed: Some(seed),
            ..Default::default()
        },
    )?;
    crate::review::assign_sample(
        store,
        ctx,
        id,
        &["Karin Lund".to_string(), "Per Holm".to_string()],
    )?;
    Ok((id, csv, sample))
}

/// Answers (an answer file, `Ärende-id;Fråga;Svar;Kommentar`) for the files `cases` of the
/// population `csv_population`: the demo profile for the items that apply (the template's
/// own rules decide), and the IBIC livsområden described in most files.
fn demo_answers(
    csv_population: &str,
    reference: NaiveDate,
    cases: &[String],
    seed: u64,
) -> crate::Result<String> {
    let mut rng = StreamV1::new(seed);
    let mut csv = String::from("Ärende-id;Fråga;Svar;Kommentar\n");
    let template = aktgranskning_core::checklist::Template::standard();
    let facts: std::collections::HashMap<String, aktgranskning_core::checklist::CaseFacts> =
        crate::import_rows(csv_population.as_bytes(), reference)?
            .iter()
            .map(|r| (r.case_id.clone(), r.case_facts(reference)))
            .collect();
    for case_id in cases {
        let f = &facts[case_id];
        for (item, ja, delvis) in DEMO_PROFILE {
            let rule = template.item(item).map(|i| i.applies_to);
            if rule.is_some_and(|r| {
                r.applicability(f) != aktgranskning_core::checklist::Applicability::Applies
            }) {
                continue;
            }
            let roll = rng.below(100);
            let answer = if roll < ja {
                "Ja"
            } else if roll < ja + delvis {
                "Delvis"
            } else {
                "Nej"
            };
            csv.push_str(&format!("{case_id};{item};{answer};\n"));
        }
        for d in 1..=9 {
            let roll = rng.below(100);
            let answer = match roll {
                0..25 => "Ej aktuellt",
                25..90 => "Ja",
                90..95 => "Delvis",
                _ => "Nej",
            };
            csv.push_str(&format!("{case_id};ibic.d{d};{answer};\n"));
        }
    }
    Ok(csv)
}

/// An audit still under review, to practise on: another synthetic unit, its sample drawn
/// and split between two controllers, a third of the files reviewed (a few with comments
/// and a note), the rest waiting. No grades, findings or chapter texts yet.
pub fn create_practice_audit(store: &mut crate::Store, ctx: &crate::Context) -> crate::Result<i64> {
    use crate::{audits, notes, review};
    let reference = NaiveDate::from_ymd_opt(2024, 3, 1).expect("valid date");
    let (id, csv_population, sample) = synthetic_unit(
        store,
        ctx,
        &audits::NewAuditInput {
            unit: "Myndighet SoL (övning)".to_string(),
            org: "Vård- och omsorgsförvaltningen".to_string(),
            board: "Vård- och omsorgsnämnden".to_string(),
            diarienr: "2024/VON 0042".to_string(),
            reference_date: "2024-03-01".to_string(),
            controllers: Some(vec!["Karin Lund".to_string(), "Per Holm".to_string()]),
            period_from: Some("2024-03-01".to_string()),
            period_to: Some("2024-05-31".to_string()),
            ..Default::default()
        },
        (121, 2024, reference),
        "ovning-aktuella-akter.csv",
        20_240_301,
    )?;
    let done = &sample.case_ids[..sample.case_ids.len() / 3];
    let csv = demo_answers(&csv_population, reference, done, 11)?;
    review::import_answers(store, ctx, id, csv.as_bytes())?;
    // What a controller notes on the way.
    if let Some(first) = done.first() {
        review::set_answer(
            store,
            ctx,
            id,
            &review::AnswerInput {
                case_id: first.clone(),
                item_id: "samtycke.inhamtat".to_string(),
                value: aktgranskning_core::checklist::Answer::Nej,
                comment: Some(
                    "Kontakt med skolan utan samtycke eller annat lagstöd i akten.".to_string(),
                ),
            },
        )?;
        notes::set_file_note(
            store,
            ctx,
            id,
            first,
            "Utredningen är utförlig, men journalen saknar anteckningar efter beslutet.",
        )?;
    }
    notes::add_working_note(
        store,
        ctx,
        id,
        &notes::WorkingNoteInput {
            kind: "intervju".to_string(),
            chapter: Some(6),
            date: Some("2024-03-12".to_string()),
            text: "Intervju med enhetschefen: handläggarna har en gemensam mall för utredningar sedan hösten; uppföljningen av genomförandeplaner sker när tid finns.".to_string(),
        },
    )?;
    Ok(id)
}

/// The demo's recommendations: the checklist area whose finding each answers, and the
/// action.
const DEMO_RECOMMENDATIONS: [(&str, &str); 2] = [
    (
        "Samtycke och sekretess",
        "Samtycke ska systematiskt inhämtas och dokumenteras i journalen.",
    ),
    (
        "Uppdrag och genomförandeplan",
        "Enheten ska säkerställa att genomförandeplaner begärs in och följs upp mot uppdraget.",
    ),
];

/// For tests: a fresh in-memory store holding the demo audit, made by `user`.
#[cfg(test)]
pub(crate) fn demo_store(user: &str) -> (crate::Store, crate::Context, i64) {
    let mut store = crate::Store::open_in_memory().expect("in-memory store");
    let ctx = crate::Context::new(user);
    let id = create_demo_audit(&mut store, &ctx).expect("demo audit");
    (store, ctx, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktgranskning_core::Personnummer;

    #[test]
    fn generated_numbers_are_valid_and_deterministic() {
        let r = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
        let a = synthetic_population(500, 1, r);
        assert_eq!(a, synthetic_population(500, 1, r));
        let mut children = 0;
        for row in &a {
            let p = Personnummer::parse(&row.personnummer, r).unwrap();
            if p.age_on(r) < 18 {
                children += 1;
            }
        }
        assert!((40..120).contains(&children), "{children} children");
        assert!(to_csv(&a, b';').starts_with("Ärende-id;Personnummer;Lagrum"));
    }
}
