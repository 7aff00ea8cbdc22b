//! Printing results: one JSON value with `--json`, Swedish text otherwise.

use aktgranskning_core::text::count;
use aktgranskning_service::ServiceError;
use aktgranskning_service::audits::{AuditSummary, HistoryEvent};
use aktgranskning_service::review::{Progress, ResultsView};
use aktgranskning_service::sampling::{SampleView, Verification};
use serde::Serialize;
use std::io::Write;

pub struct Output {
    pub json: bool,
}

/// Writes a line to stdout. A reader that has gone (`aktgranskning log | head`) ends the
/// program quietly, as Unix tools do, instead of a panic about a broken pipe.
fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("Fel: kunde inte skriva utdata ({e}).");
        std::process::exit(1);
    }
}

impl Output {
    pub fn print<T: Serialize>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            out(&serde_json::to_string(value).unwrap_or_else(|_| "null".to_string()));
        } else {
            out(&text());
        }
    }

    /// Errors: with `--json` the error object on stdout (the one JSON value), else text on
    /// stderr with every located problem on its own line.
    pub fn error(&self, e: &ServiceError) {
        if self.json {
            out(&serde_json::to_string(e).unwrap_or_else(|_| "null".to_string()));
            return;
        }
        eprintln!("Fel: {}", e.message);
        for d in &e.errors {
            if d.message == e.message {
                continue;
            }
            match (d.line, d.column.as_deref()) {
                (Some(l), Some(c)) if !c.is_empty() => {
                    eprintln!("  rad {l}, kolumn {c}: {}", d.message)
                }
                (Some(l), _) => eprintln!("  rad {l}: {}", d.message),
                (None, Some(c)) => eprintln!("  {c}: {}", d.message),
                (None, None) => eprintln!("  {}", d.message),
            }
        }
    }
}

/// A short Swedish reason for an I/O error.
pub fn audit_table(list: &[AuditSummary]) -> String {
    if list.is_empty() {
        return "Det finns inga granskningar ännu. Skapa en med: aktgranskning audit new …"
            .to_string();
    }
    let mut s = format!(
        "{:>4}  {:<28} {:<18} {:<16} {:>10}  {:>6}\n",
        "Id", "Enhet", "Diarienummer", "Status", "Population", "Urval"
    );
    for a in list {
        s.push_str(&format!(
            "{:>4}  {:<28} {:<18} {:<16} {:>10}  {:>6}\n",
            a.id,
            a.unit,
            a.diarienr,
            a.status_label,
            a.population,
            a.sample_size.map_or("–".to_string(), |n| n.to_string())
        ));
    }
    s.trim_end().to_string()
}

pub fn sample_text(s: &SampleView) -> String {
    let mut t = format!(
        "Urval: {} av {} akter ({} procent), stratifierat på {}.\nSlumpfrö {}, algoritm {}\nPopulationens SHA-256 {}\n",
        s.sample_size,
        s.population,
        s.percent,
        s.strata_spec,
        s.seed,
        s.algorithm,
        s.population_sha256
    );
    for c in &s.strata {
        let key = if c.key.is_empty() {
            "(hela populationen)"
        } else {
            &c.key
        };
        t.push_str(&format!(
            "  {key:<40} {:>5} av {:>5}\n",
            c.sample, c.population
        ));
    }
    t.trim_end().to_string()
}

pub fn verification_text(v: &Verification) -> String {
    if v.matches {
        format!(
            "Urvalet stämmer: det härleds på nytt ur populationen med slumpfrö {} och {}.",
            v.seed, v.algorithm
        )
    } else if !v.population_matches {
        "Urvalet stämmer INTE: populationen har ändrats sedan urvalet drogs.".to_string()
    } else {
        "Urvalet stämmer INTE: de lagrade akterna skiljer sig från dem som algoritmen ger."
            .to_string()
    }
}

pub fn history_text(events: &[HistoryEvent]) -> String {
    events
        .iter()
        .map(|e| {
            let who = match e.os_account.as_deref() {
                Some(account) if account != e.user => format!("{} ({account})", e.user),
                _ => e.user.clone(),
            };
            format!("{}  {:<12} {:<22} {}", e.at, who, e.label, e.summary)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0))
}

pub fn results_text(r: &ResultsView) -> String {
    let mut t = format!(
        "Resultat: {} akter i urvalet av {}, {} färdiggranskade (mall {} version {}).\n",
        r.sample_size, r.population, r.files_complete, r.template, r.template_version
    );
    t.push_str(&format!(
        "{:<30} {:>10} {:>6} {:>13} {:>8} {:>8}\n",
        "Fråga", "x av n", "Andel", "95 % KI", "Förslag", "Betyg"
    ));
    for i in &r.items {
        let i = &i.result;
        // The same printed numbers as the report (they never contradict the grade).
        let ci = i.interval_text.clone().unwrap_or("–".to_string());
        let sugg = i.suggested_grade.map_or("–".to_string(), |g| {
            format!(
                "{}{}",
                g.label(),
                if i.uncertain { " (osäker)" } else { "" }
            )
        });
        t.push_str(&format!(
            "{:<30} {:>10} {:>6} {:>13} {:>8} {:>8}\n",
            i.id,
            format!("{} av {}", i.ja, i.applicable),
            i.rate_text.as_deref().unwrap_or("–"),
            ci,
            sugg,
            i.final_grade.map_or("–", |g| g.label())
        ));
    }
    for (title, rolls) in [
        ("Per avsnitt", &r.areas),
        ("Per kvalitetsområde", &r.kvalitetsomraden),
    ] {
        t.push_str(&format!("\n{title}:\n"));
        for a in rolls {
            t.push_str(&format!(
                "  {:<36} {:>11} {:>6}   Grön {} av {} bedömda frågor\n",
                a.name,
                format!("{} av {}", a.ja, a.applicable),
                pct(a.rate),
                a.gron,
                a.graded
            ));
        }
    }
    t.trim_end().to_string()
}

pub fn progress_text(p: &Progress) -> String {
    let mut t = format!("{} av {} akter färdiggranskade.\n", p.complete, p.files);
    for c in &p.controllers {
        let who = c.controller.as_deref().unwrap_or("(ej fördelade)");
        t.push_str(&format!(
            "  {who:<30} {:>4} av {:>4}\n",
            c.complete, c.files
        ));
    }
    t.trim_end().to_string()
}

pub fn findings_text(list: &[aktgranskning_service::findings::Finding]) -> String {
    list.iter()
        .map(|f| {
            format!(
                "{:>4}  kap. {}  {:<4}  {}",
                f.id,
                f.chapter,
                f.grade.label(),
                f.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn recommendations_text(
    list: &[aktgranskning_service::recommendations::Recommendation],
) -> String {
    if list.is_empty() {
        return "Inga rekommendationer.".to_string();
    }
    list.iter()
        .map(|r| {
            let mut line = format!("{:>4}  {}", r.id, r.text);
            if let Some(f) = r.finding {
                line.push_str(&format!(" (bedömning {f})"));
            }
            match &r.response {
                Some(resp) => {
                    line.push_str(&format!("\n      Nämndens svar: {resp}"));
                    if let Some(o) = &r.owner {
                        line.push_str(&format!(". Ansvarig: {o}"));
                    }
                    if let Some(d) = &r.due {
                        line.push_str(&format!(". Klart senast {d}"));
                    }
                }
                None => line.push_str("\n      Inget svar från nämnden registrerat."),
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn trend_text(t: &aktgranskning_service::trend::TrendView) -> String {
    use aktgranskning_service::trend::Comparison;
    let pct = |x: f64| format!("{:.0} %", x * 100.0);
    let side = |r: &Option<aktgranskning_service::trend::RateView>| {
        r.as_ref().map_or("–".to_string(), |r| {
            format!(
                "{} av {} ({}, {}–{})",
                r.x,
                r.n,
                pct(r.rate),
                pct(r.ci_low),
                pct(r.ci_high)
            )
        })
    };
    let line = |name: &str, c: &Comparison| {
        let diff = match (c.diff, c.diff_ci_low, c.diff_ci_high) {
            (Some(d), Some(l), Some(h)) => format!(
                "{:+.0} procentenheter ({:+.0} till {:+.0})",
                d * 100.0,
                l * 100.0,
                h * 100.0
            ),
            _ => String::new(),
        };
        format!(
            "{name}\n    tidigare {}  nu {}  {diff}  {}",
            side(&c.previous),
            side(&c.current),
            c.verdict.label()
        )
    };
    let mut out = format!("{}\n", t.summary.text);
    if t.summary.stale {
        out.push_str(&format!(
            "Obs: meningen är omskriven och siffrorna har ändrats sedan dess. Den genererade lyder nu: {}\n",
            t.summary.generated
        ));
    }
    if t.series.len() > 2 {
        out.push_str("\nSerien, den äldsta först:\n");
        for p in &t.series {
            let rates: Vec<String> = p
                .areas
                .iter()
                .filter_map(|a| {
                    a.rate
                        .as_ref()
                        .map(|r| format!("{} {}", a.area, pct(r.rate)))
                })
                .collect();
            out.push_str(&format!(
                "  {} ({}): {}\n",
                p.diarienr,
                p.date,
                rates.join(", ")
            ));
        }
    }
    out.push_str(&format!("\nJämfört med granskning {}:\n", t.previous));
    for a in &t.areas {
        out.push_str(&line(&a.area, &a.comparison));
        out.push('\n');
    }
    out.push_str("\nPer granskningspunkt:\n");
    for i in &t.items {
        out.push_str(&line(&i.item, &i.comparison));
        out.push('\n');
    }
    out
}

pub fn followup_text(list: &[aktgranskning_service::followup::FollowupItem]) -> String {
    if list.is_empty() {
        return "Granskningen som följs upp har inga rekommendationer.".to_string();
    }
    list.iter()
        .map(|f| {
            format!(
                "{:>4}  {}\n      Nämndens svar: {}\n      {}: {}",
                f.recommendation,
                f.text,
                f.response
                    .as_deref()
                    .unwrap_or("Inget svar från nämnden har hittats"),
                f.status
                    .as_deref()
                    .map(aktgranskning_service::followup::status_label)
                    .unwrap_or("Ej besvarad"),
                f.answer.as_deref().unwrap_or("Inget svar har lämnats")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn register_text(list: &[aktgranskning_service::recommendations::RegisterEntry]) -> String {
    if list.is_empty() {
        return "Inga rekommendationer matchar.".to_string();
    }
    list.iter()
        .map(|r| {
            let status = match r.status.as_str() {
                "ej_uppfoljd" => "Ej uppföljd",
                s => aktgranskning_service::followup::status_label(s),
            };
            let mut line = format!(
                "{} · {} ({}) · rekommendation {}: {}\n      Status: {status}",
                r.unit, r.diarienr, r.date, r.id, r.text
            );
            if let Some(o) = &r.owner {
                line.push_str(&format!(" · Ansvarig: {o}"));
            }
            if let Some(d) = &r.due {
                line.push_str(&format!(" · Klart senast {d}"));
            }
            if r.overdue {
                line.push_str(" · FÖRSENAD");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn overview_text(o: &aktgranskning_service::overview::Overview) -> String {
    if o.units.is_empty() {
        return "Ingen slutförd granskning matchar.".to_string();
    }
    let grade = |g: Option<aktgranskning_core::checklist::Grade>| g.map_or("–", |g| g.label());
    let mut out = String::new();
    for u in &o.units {
        out.push_str(&format!(
            "{} ({}), {} den {}, {} granskade akter\n",
            u.unit, u.org, u.diarienr, u.date, u.sample_size
        ));
        for a in &u.areas {
            out.push_str(&format!("    {}: {}\n", a.area, grade(a.grade)));
        }
    }
    if !o.years.is_empty() {
        out.push_str("\nNivåerna per år (områden):\n");
        for y in &o.years {
            out.push_str(&format!(
                "    {} {}: {} enheter, Grön {}, Gul {}, Röd {}\n",
                y.org, y.year, y.units, y.gron, y.gul, y.rod
            ));
        }
    }
    let late = o.recommendations.iter().filter(|r| r.overdue).count();
    out.push_str(&format!(
        "\n{} öppna rekommendationer, varav {late} försenade.",
        o.recommendations.len()
    ));
    out
}

pub fn double_text(v: &aktgranskning_service::double::DoubleView) -> String {
    let mut out = format!(
        "Dubbelgranskning: {} ({} av urvalet), startvärde {}.\n",
        count(v.case_ids.len(), "akt", "akter"),
        v.percent,
        v.seed
    );
    for f in &v.files {
        out.push_str(&format!(
            "  {}  {}{}\n",
            f.case_id,
            f.reviewer.as_deref().unwrap_or("(ingen andragranskare)"),
            if f.complete { "  klar" } else { "" }
        ));
    }
    out
}

pub fn disagreements_text(list: &[aktgranskning_service::double::Disagreement]) -> String {
    if list.is_empty() {
        return "Inga skiljaktiga bedömningar i de akter där båda granskningarna är klara."
            .to_string();
    }
    list.iter()
        .map(|d| {
            let state = match &d.settled {
                Some(s) => format!("avgjord: {} ({})", s.value.label(), s.reason),
                None => "inte avgjord".to_string(),
            };
            format!(
                "{} {}: {} / {}, {state}",
                d.case_id,
                d.item,
                d.first.label(),
                d.second.label()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn agreement_text(a: &aktgranskning_service::double::AgreementView) -> String {
    let Some(o) = &a.overall else {
        return format!(
            "Ingen akt har granskats klart av båda ännu ({} dragna).",
            a.drawn
        );
    };
    let mut out = format!(
        "{} av {} dragna akter granskade av båda, {} jämförda svar.\nÖverensstämmelse {:.1} %, AC1 {:.2} ({:.2}–{:.2}), kappa {}.\n{} skiljaktiga, {} inte avgjorda.\n",
        a.files,
        a.drawn,
        a.pairs,
        o.agreement * 100.0,
        o.ac1,
        o.ac1_ci_low,
        o.ac1_ci_high,
        match (o.kappa, o.kappa_ci_low, o.kappa_ci_high) {
            (Some(k), Some(l), Some(h)) => format!("{k:.2} ({l:.2}–{h:.2})"),
            _ => "går inte att beräkna".to_string(),
        },
        a.disagreements,
        a.unsettled
    );
    for i in a.items.iter().filter(|i| i.flagged) {
        out.push_str(&format!(
            "  Flaggad: {} ({:.0} % lika, AC1 {:.2})\n",
            i.item,
            i.agreement * 100.0,
            i.ac1
        ));
    }
    out
}

pub fn calibration_text(v: &aktgranskning_service::calibration::CalibrationView) -> String {
    if v.case_ids.is_empty() {
        return "Inga akter är dragna för kalibrering.".to_string();
    }
    let mut out = format!(
        "Kalibrering på {}: {}. Har svarat: {}.\n",
        count(v.case_ids.len(), "akt", "akter"),
        v.case_ids.join(", "),
        if v.reviewers.is_empty() {
            "ingen ännu".to_string()
        } else {
            v.reviewers.join(", ")
        }
    );
    match v.agreement {
        None => out
            .push_str("Svaren och samstämmigheten visas när du själv har svarat på alla frågor.\n"),
        Some(a) => {
            out.push_str(&format!("Lika bedömningar: {:.0} %.\n", a * 100.0));
            for i in v
                .items
                .iter()
                .filter(|i| i.agreement.is_some_and(|a| a < 1.0))
            {
                out.push_str(&format!(
                    "  {} ({:.0} % lika)\n",
                    i.item,
                    i.agreement.unwrap_or(0.0) * 100.0
                ));
            }
        }
    }
    out
}

/// The audit's notes as text: per file, then the working notes.
pub fn notes_text(n: &aktgranskning_service::notes::NotesView) -> String {
    let mut lines = Vec::new();
    if n.files.is_empty() && n.working.is_empty() {
        return "Granskningen har inga anteckningar.".to_string();
    }
    if !n.files.is_empty() {
        lines.push("Anteckningar per akt:".to_string());
        for f in &n.files {
            lines.push(format!(
                "  Akt {}: {} ({}, {})",
                f.case_id, f.text, f.updated_by, f.updated_at
            ));
        }
    }
    if !n.working.is_empty() {
        lines.push("Arbetsanteckningar:".to_string());
        for w in &n.working {
            let mut head = format!("  {}. {}", w.id, w.kind_label);
            if let Some(d) = &w.date {
                head.push_str(&format!(" {d}"));
            }
            if let Some(c) = w.chapter {
                head.push_str(&format!(", kapitel {c}"));
            }
            lines.push(format!("{head} ({}): {}", w.created_by, w.text));
        }
    }
    lines.join("\n")
}

/// The comments per item as text.
pub fn item_comments_text(list: &[aktgranskning_service::notes::ItemComments]) -> String {
    if list.is_empty() {
        return "Inga kommentarer har getts.".to_string();
    }
    let mut lines = Vec::new();
    for i in list {
        lines.push(format!(
            "{} {} ({}):",
            i.item_id,
            i.text,
            count(i.comments.len(), "kommentar", "kommentarer")
        ));
        for c in &i.comments {
            lines.push(format!(
                "  Akt {} ({}): {}",
                c.case_id,
                c.answer.label(),
                c.comment
            ));
        }
    }
    lines.join("\n")
}

/// The sample's files as text, one per line.
pub fn sample_list_text(list: &[aktgranskning_service::review::SampledFile]) -> String {
    let mut lines = vec![format!(
        "Urvalets {} (internt arbetsmaterial):",
        count(list.len(), "akt", "akter")
    )];
    for (n, f) in list.iter().enumerate() {
        let mut line = format!("{:>4}. {}  {}", n + 1, f.case_id, f.lagrum);
        for part in [&f.insats, &f.handlaggare, &f.controller]
            .into_iter()
            .flatten()
        {
            line.push_str(&format!("  {part}"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// What an import skipped, remembered and found about the same person, as text lines.
pub fn import_notes_text(s: &aktgranskning_service::population::PopulationSummary) -> String {
    let mut text = String::new();
    for r in &s.skipped {
        text.push_str(&format!(
            "\nÖverhoppad summeringsrad {}: ”{}”",
            r.line, r.text
        ));
    }
    if s.mapping_remembered {
        text.push_str(
            "\nKolumnerna valdes som förra gången en fil med samma rubriker importerades.",
        );
    }
    for g in &s.same_person {
        text.push_str(&format!(
            "\nObs: akterna {} gäller samma person (samma personnummer). Granskas samma personakt två gånger?",
            g.join(", ")
        ));
    }
    text
}

/// What stops finalising and what to check first.
pub fn readiness_text(r: &aktgranskning_service::finalize::Readiness) -> String {
    let mut lines = Vec::new();
    if r.blocking.is_empty() {
        lines.push("Granskningen kan slutföras.".to_string());
    } else {
        lines.push("Granskningen kan inte slutföras ännu:".to_string());
        lines.extend(r.blocking.iter().map(|b| format!("  {b}")));
    }
    if !r.warnings.is_empty() {
        lines.push("Kontrollera först:".to_string());
        lines.extend(r.warnings.iter().map(|w| format!("  {w}")));
    }
    lines.join("\n")
}

/// Whether the audit's history is whole and matches its data.
pub fn audit_verification_text(v: &aktgranskning_service::verify::AuditVerification) -> String {
    if v.ok {
        "Granskningen är oförändrad: historiken är hel och stämmer med svaren, nivåerna och \
         statusen."
            .to_string()
    } else {
        format!(
            "VARNING: granskningen har ändrats utanför programmet.\n{}",
            v.problems.join("\n")
        )
    }
}

/// What a gallring removed.
pub fn gallra_text(audit: i64, removed: &aktgranskning_store::gallring::Removed) -> String {
    format!(
        "Granskning {audit} är gallrad: {} rader ur populationen, {} kommentarer, {} \
         motiveringar och {} texter från faktagranskningen borttagna; {} akt-id \
         ersatta med aktnummer; {} händelser i historiken rensade.\n\
         Säkerhetskopior gjorda före gallringen innehåller fortfarande uppgifterna: \
         de automatiska tas bort efter sju dagar, övriga får du ta bort själv.",
        removed.population_rows,
        removed.comments,
        removed.motivations,
        removed.factcheck_texts,
        removed.case_ids_replaced,
        removed.history_events
    )
}

/// The checklist templates, a line each.
pub fn templates_text(list: &[aktgranskning_service::templates::TemplateSummary]) -> String {
    list.iter()
        .map(|t| {
            format!(
                "{} version {}: {} ({})",
                t.id,
                t.version,
                t.name,
                count(t.items, "fråga", "frågor")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The backups, newest first, a line each.
pub fn backups_text(list: &[aktgranskning_service::backup::BackupEntry]) -> String {
    if list.is_empty() {
        return "Inga säkerhetskopior.".to_string();
    }
    list.iter()
        .map(|b| {
            format!(
                "{}  {}  {} kB  {}",
                b.modified,
                b.name,
                b.bytes.div_ceil(1024),
                if b.automatic { "automatisk" } else { "manuell" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What an import read, with the case officers that look like one person.
pub fn import_text(
    audit: i64,
    name: &str,
    s: &aktgranskning_service::population::PopulationSummary,
) -> String {
    let mut text = format!(
        "Importerade {} ärenden från {name} ({}).\nLSS {}, SoL {}; barn (under 18 år) {}; \
         samordningsnummer {}; handläggare {}{}.",
        s.imported,
        s.format,
        s.lss,
        s.sol,
        s.children,
        s.samordningsnummer,
        s.case_officers,
        if s.without_case_officer > 0 {
            format!(" ({} ärenden utan handläggare)", s.without_case_officer)
        } else {
            String::new()
        }
    );
    for g in &s.similar_officers {
        text.push_str(&format!(
            "\nObs: samma handläggare? {} skiljer sig bara i stora och små bokstäver, mellanslag \
             eller teckenkodning och blir olika grupper i urvalet. Slå ihop: aktgranskning \
             sample merge-officers --audit {audit} --into \"{}\" --from \"{}\"",
            g.iter()
                .map(|n| format!("”{n}”"))
                .collect::<Vec<_>>()
                .join(", "),
            g[0],
            g[1..].join("\" --from \"")
        ));
    }
    text + &import_notes_text(s)
}

/// The fact-check rounds, a line each.
pub fn rounds_text(rounds: &[aktgranskning_service::factcheck::RoundView]) -> String {
    rounds
        .iter()
        .map(|r| {
            let state = match (&r.answered_at, &r.closed_kind) {
                (Some(a), _) => format!("besvarad {}", &a[..10.min(a.len())]),
                (None, Some(k)) if k == "withdrawn" => "återkallad".to_string(),
                (None, Some(_)) => "avslutad utan svar".to_string(),
                (None, None) if r.overdue => "väntar, försenad".to_string(),
                (None, None) => "väntar på svar".to_string(),
            };
            format!(
                "Omgång {}: skickad {} av {}, svar senast {}: {state}",
                r.round,
                &r.created_at[..10.min(r.created_at.len())],
                r.created_by,
                r.due.as_deref().unwrap_or("–")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The enhetschef's comments with their status, a line each.
pub fn comments_text(list: &[aktgranskning_service::factcheck::CommentView]) -> String {
    list.iter()
        .map(|c| {
            format!(
                "{:>4}  {:<9} {:<10} bedömning {}: {}",
                c.id,
                c.status,
                c.kind,
                c.finding.map_or("–".to_string(), |f| f.to_string()),
                c.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The report's chapters with how much text each has.
pub fn chapters_text(list: &[aktgranskning_service::chapters::Chapter]) -> String {
    list.iter()
        .map(|c| {
            let words = c.text.split_whitespace().count();
            format!(
                "{}. {:<30} {}",
                c.chapter,
                c.title,
                if words == 0 {
                    "(ingen text)".to_string()
                } else {
                    format!("{words} ord")
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finalised audit's report version, and the Gul and Röd findings without a
/// recommendation.
pub fn finalized_text(
    f: &aktgranskning_service::finalize::Finalized,
    path: &std::path::Path,
) -> String {
    let mut text = format!(
        "Granskningen är slutförd. Slutlig rapport version {} ({} sidor) skriven till {}.\n\
         SHA-256: {}",
        f.version,
        f.pages,
        path.display(),
        f.sha256
    );
    if !f.findings_without_recommendation.is_empty() {
        text.push_str("\nObs: bedömningar i Gul eller Röd utan rekommendation:");
        for line in &f.findings_without_recommendation {
            text.push_str(&format!("\n  {line}"));
        }
    }
    text
}

/// The conflicts between two sides' answers, a line each.
fn conflicts_text(c: &[aktgranskning_service::work::ConflictView]) -> String {
    c.iter()
        .map(|c| {
            format!(
                "  akt {}, {}: vår {} – deras {}{}",
                c.case,
                c.item,
                c.ours.as_deref().unwrap_or("obesvarad"),
                c.theirs.as_deref().unwrap_or("obesvarad"),
                if c.settled { " (löst)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The conflicts a merge left, for `work settle`; nothing when there are none.
pub fn to_settle(c: &[aktgranskning_service::work::ConflictView]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(
            "\n{} att lösa (work settle):\n{}",
            count(c.len(), "konflikt", "konflikter"),
            conflicts_text(c)
        )
    }
}

/// Who an audit's work is shared with, its packages and open conflicts.
pub fn work_status_text(s: &aktgranskning_service::work::WorkStatus) -> String {
    let mut t = match s.role.as_deref() {
        Some("lead") => "Huvudgranskning: arbete har delats ut.".to_string(),
        Some(_) => format!(
            "Kopia från ett arbetspaket ({}); {} skrivna.",
            s.controller.as_deref().unwrap_or("–"),
            count(s.returned as usize, "svarspaket", "svarspaket")
        ),
        None => "Inget arbete har delats ut.".to_string(),
    };
    for p in &s.packages {
        t.push_str(&format!(
            "\n  {} {} {} ({}) {}",
            &p.at[..10.min(p.at.len())],
            if p.kind == "export" {
                "arbetspaket till"
            } else {
                "svarspaket från"
            },
            p.controller,
            count(p.files as usize, "akt", "akter"),
            p.package_id
        ));
    }
    if !s.conflicts.is_empty() {
        t.push_str(&format!("\nKonflikter:\n{}", conflicts_text(&s.conflicts)));
    }
    t
}
