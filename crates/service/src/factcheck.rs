//! The fact-check round (faktagranskning): the controller sends a package to the
//! enhetschef, who answers with comments per finding; the controller imports the answer
//! and resolves every comment.
//!
//! Both files are JSON with a `checksum`: the SHA-256 of the rest of the file as written.
//! A file that does not parse, has another format, or whose checksum does not match
//! (corrupt, or edited by hand) is refused, and so is an answer to another audit's
//! package. The package holds the draft report, the findings and the aggregate results
//! (groups under 5 files left out): no personal data, so that it can be e-mailed.

use crate::events::{self, Event};
use crate::findings::{self, list_findings};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store, review};
use aktgranskning_core::checklist::Grade;
use aktgranskning_core::sampling::hex;
use aktgranskning_store::audits::{self, Status};
use aktgranskning_store::factcheck::{self, Comment, Round};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub const PACKAGE_FORMAT: &str = "aktgranskning-faktagranskning-1";
pub const RESPONSE_FORMAT: &str = "aktgranskning-faktagranskningssvar-1";
/// The kinds of comment an enhetschef can make.
pub const KINDS: [&str; 3] = ["Faktafel", "Kommentar", "Instämmer"];

/// A finding as the enhetschef sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackageFinding {
    pub id: i64,
    pub chapter: u32,
    pub chapter_title: String,
    pub grade: Grade,
    pub text: String,
}

/// An item's aggregate result (left out when fewer than 5 files apply). Rates are in
/// basis points (85 % = 8500): the file holds no floating-point numbers, whose text
/// form need not read back to the same bits, so that the checksum is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackageResult {
    pub item: String,
    pub area: String,
    pub text: String,
    pub ja: u32,
    pub applicable: u32,
    pub rate_bp: Option<u32>,
    pub ci_low_bp: Option<u32>,
    pub ci_high_bp: Option<u32>,
    pub grade: Option<Grade>,
}

fn bp(x: Option<f64>) -> Option<u32> {
    x.map(|v| (v * 10_000.0).round() as u32)
}

/// The fact-check package: what the enhetschef sees, and the draft report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub format: String,
    #[serde(flatten)]
    pub info: PackageView,
    /// The draft report, base64.
    pub report_pdf: String,
}

/// One comment of the enhetschef.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommentInput {
    /// The finding commented on; `null` for a comment on a chapter.
    #[serde(default)]
    pub finding: Option<i64>,
    /// The chapter, for a comment that is not on a finding.
    #[serde(default)]
    pub chapter: Option<u32>,
    /// Faktafel, Kommentar or Instämmer.
    pub kind: String,
    pub text: String,
}

/// The enhetschef's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub format: String,
    pub package_id: String,
    pub round: u32,
    pub responder: String,
    pub created_at: String,
    pub comments: Vec<CommentInput>,
}

/// A comment as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommentView {
    pub id: i64,
    pub round: u32,
    pub finding: Option<i64>,
    pub chapter: Option<u32>,
    pub kind: String,
    pub text: String,
    pub responder: String,
    /// `open`, `accepted` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
}

/// A package as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Exported {
    pub round: u32,
    pub package_id: String,
    pub sha256: String,
    /// When the response is expected, `YYYY-MM-DD`.
    pub due: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// What an import brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Imported {
    pub round: u32,
    pub comments: usize,
    /// Comments that the controller must resolve.
    pub open: usize,
}

fn checksum(body: &serde_json::Value) -> String {
    hex(&Sha256::digest(body.to_string().as_bytes()))
}

/// The file: the body with its checksum.
fn seal<T: Serialize>(body: &T) -> Vec<u8> {
    let mut v = serde_json::to_value(body).expect("serialisable");
    let sum = checksum(&v);
    if let Some(o) = v.as_object_mut() {
        o.insert("checksum".into(), sum.into());
    }
    serde_json::to_vec_pretty(&v).expect("serialisable")
}

/// Largest package or answer file read (bytes): a package holds the draft PDF, a few MB.
const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;

/// Reads a sealed file of the given format; `what` names it in messages.
fn unseal<T: DeserializeOwned>(bytes: &[u8], format: &str, what: &str) -> Result<T> {
    let bad = |why: &str| {
        ServiceError::invalid(format!(
            "{what} kan inte läsas: {why}. Ingenting har ändrats."
        ))
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad(
            "filen är för stor för att vara en fil från Aktgranskning",
        ));
    }
    let mut v: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|_| bad("filen är skadad eller inte en fil från Aktgranskning"))?;
    let Some(o) = v.as_object_mut() else {
        return Err(bad("filen är skadad eller inte en fil från Aktgranskning"));
    };
    if o.get("format").and_then(|f| f.as_str()) != Some(format) {
        return Err(bad("filen är av fel slag"));
    }
    let Some(sum) = o
        .remove("checksum")
        .and_then(|s| s.as_str().map(str::to_string))
    else {
        return Err(bad("kontrollsumman saknas"));
    };
    if checksum(&v) != sum {
        return Err(bad(
            "kontrollsumman stämmer inte, så filen har ändrats eller skadats",
        ));
    }
    serde_json::from_value(v).map_err(|_| bad("innehållet är ofullständigt"))
}

/// A random 128-bit id in hex: a package's, a round's.
pub(crate) fn random_id() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|_| ServiceError::internal("Slumptal kunde inte hämtas."))?;
    Ok(hex(&b))
}

/// Days the enhetschef has to respond unless another date is given: three weeks.
pub const DEFAULT_RESPONSE_DAYS: i64 = 21;

/// Writes the package for the enhetschef: the draft report, the findings and the
/// aggregate results. The audit's status becomes Faktagranskning. The response is
/// expected in three weeks.
pub fn export_package(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: Option<&std::path::Path>,
) -> Result<Exported> {
    export_package_due(store, ctx, audit_id, out, None)
}

/// As [`export_package`], with the date the response is expected by (`YYYY-MM-DD`; not
/// before today).
pub fn export_package_due(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: Option<&std::path::Path>,
    due: Option<&str>,
) -> Result<Exported> {
    crate::files::check_out(out, store.path())?;
    let (package, due) = make_package(store, ctx, audit_id, due)?;
    let bytes = seal(&package);
    record_round(
        store,
        ctx,
        audit_id,
        &package,
        &due,
        &bytes,
        &[(out, &bytes)],
        None,
    )
}

/// The package of a new round (not yet recorded) and the date its response is expected
/// by.
fn make_package(
    store: &Store,
    ctx: &Context,
    audit_id: i64,
    due: Option<&str>,
) -> Result<(Package, String)> {
    crate::work::refuse_on_copy(store.conn(), audit_id, "faktagranskningen")?;
    let today = ctx.clock.now().date_naive();
    let due = match due.map(str::trim).filter(|d| !d.is_empty()) {
        None => today + chrono::Duration::days(DEFAULT_RESPONSE_DAYS),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .filter(|d| *d >= today)
            .ok_or_else(|| {
                ServiceError::invalid_field(
                    "Svar senast",
                    "Svar senast ska vara ett datum från i dag och framåt, ÅÅÅÅ-MM-DD",
                )
            })?,
    };
    let due = due.format("%Y-%m-%d").to_string();
    let audit = require(store.conn(), audit_id)?;
    if audit.status == Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är slutförd: öppna den igen innan en ny faktagranskning.",
        ));
    }
    let report = crate::report::render(store, ctx, audit_id, true)?;
    let titles = crate::chapters::CHAPTERS;
    let findings: Vec<PackageFinding> = list_findings(store, audit_id)?
        .into_iter()
        .map(|f| PackageFinding {
            id: f.id,
            chapter: f.chapter,
            chapter_title: titles[f.chapter as usize - 1].to_string(),
            grade: f.grade,
            text: f.text,
        })
        .collect();
    let results = match crate::sampling::current_sample(store, audit_id)? {
        None => Vec::new(),
        Some(_) => review::results(store, audit_id)?
            .items
            .into_iter()
            .filter(|i| i.result.applicable >= 5)
            .map(|i| PackageResult {
                grade: i.result.final_grade.or(i.result.suggested_grade),
                item: i.result.id,
                area: i.result.area,
                text: i.result.text,
                ja: i.result.ja,
                applicable: i.result.applicable,
                rate_bp: bp(i.result.rate),
                ci_low_bp: bp(i.result.ci_low),
                ci_high_bp: bp(i.result.ci_high),
            })
            .collect(),
    };
    let round = factcheck::rounds(store.conn(), audit_id)?.len() as u32 + 1;
    let package = Package {
        format: PACKAGE_FORMAT.to_string(),
        info: PackageView {
            package_id: random_id()?,
            round,
            unit: audit.unit,
            org: audit.org,
            diarienr: audit.diarienr,
            created_at: ctx.now_text(),
            created_by: ctx.user.clone(),
            findings,
            results,
        },
        report_pdf: base64::engine::general_purpose::STANDARD.encode(&report.bytes),
    };
    Ok((package, due))
}

/// Records the round of `package` (status Faktagranskning, `factcheck_exported` with
/// `extra` details) and writes `files` before the record is committed. `sealed` is the
/// package file whose SHA-256 identifies the round.
#[allow(clippy::too_many_arguments)]
fn record_round(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    package: &Package,
    due: &str,
    sealed: &[u8],
    files: &[(Option<&std::path::Path>, &[u8])],
    form: Option<(&str, usize)>,
) -> Result<Exported> {
    let db = store.path().map(std::path::Path::to_path_buf);
    let sha256 = hex(&Sha256::digest(sealed));
    let round = package.info.round;
    let now = package.info.created_at.clone();
    let event = Event::FactcheckExported(events::FactcheckExported {
        round,
        package_id: package.info.package_id.clone(),
        sha256: sha256.clone(),
        due: Some(due.to_string()),
        form: form.map(|(f, _)| f.to_string()),
        findings: form.map(|(_, n)| n),
    });
    store.write(|tx| {
        factcheck::insert_round(
            tx,
            audit_id,
            &Round {
                round,
                package_id: package.info.package_id.clone(),
                sha256: sha256.clone(),
                created_at: now.clone(),
                created_by: ctx.user.clone(),
                answered_at: None,
                due: Some(due.to_string()),
                closed: None,
            },
        )?;
        audits::set_status(tx, audit_id, Status::Faktagranskning)?;
        events::record(tx, audit_id, &now, &ctx.user, &event)?;
        for (out, bytes) in files {
            crate::files::deliver(*out, bytes, db.as_deref())?;
        }
        Ok::<_, ServiceError>(())
    })?;
    Ok(Exported {
        round,
        package_id: package.info.package_id.clone(),
        sha256,
        due: due.to_string(),
        bytes: sealed.to_vec(),
    })
}

/// Reads a package (the enhetschef's side), checking its checksum.
pub fn read_package(bytes: &[u8]) -> Result<Package> {
    unseal(bytes, PACKAGE_FORMAT, "Faktagranskningspaketet")
}

/// The draft report inside a package.
pub fn package_pdf(p: &Package) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(&p.report_pdf)
        .map_err(|_| ServiceError::invalid("Rapporten i paketet är skadad."))
}

/// Checks every comment of an answer (kind, text, what it is on) and collects every
/// problem, each named by the comment's number; `known` tells which findings exist.
fn check_comments(
    comments: &[CommentInput],
    known: impl Fn(i64) -> bool,
    today: chrono::NaiveDate,
) -> Result<()> {
    let mut errors = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        let place = format!("Kommentar {}", i + 1);
        let mut bad = |m: String| {
            errors.push(crate::ErrorDetail {
                line: None,
                column: Some(place.clone()),
                message: m,
            })
        };
        if !KINDS.contains(&c.kind.as_str()) {
            bad(format!(
                "Okänd sorts kommentar ”{}”: ange Faktafel, Kommentar eller Instämmer",
                c.kind
            ));
        }
        if c.text.trim().is_empty() && c.kind != "Instämmer" {
            bad("Kommentaren saknar text".to_string());
        }
        if let Some(m) =
            crate::guard::text_problem(today, "Texten", &c.text, crate::guard::MAX_COMMENT)
        {
            bad(m);
        }
        match (c.finding, c.chapter) {
            (Some(f), _) if !known(f) => bad(format!("Bedömning {f} finns inte i paketet")),
            (None, None) => {
                bad("Ange bedömningen eller kapitlet som kommentaren gäller".to_string())
            }
            (None, Some(ch)) if !(1..=9).contains(&ch) => bad(format!("Kapitel {ch} finns inte")),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError {
            code: crate::ErrorCode::InvalidInput,
            message: format!(
                "Svaret innehåller {} fel. Ingenting har skrivits.",
                errors.len()
            ),
            errors,
        })
    }
}

/// Writes the enhetschef's answer to a package (no database needed).
pub fn respond(
    package: &[u8],
    comments: &[CommentInput],
    responder: &str,
    now: &str,
) -> Result<Vec<u8>> {
    let p = read_package(package)?;
    let today = chrono::Utc::now().date_naive();
    check_comments(
        comments,
        |f| p.info.findings.iter().any(|x| x.id == f),
        today,
    )?;
    Ok(seal(&Response {
        format: RESPONSE_FORMAT.to_string(),
        package_id: p.info.package_id,
        round: p.info.round,
        responder: responder.to_string(),
        created_at: now.to_string(),
        comments: comments.to_vec(),
    }))
}

/// Imports the enhetschef's answer. Instämmer is accepted at once; every other comment
/// waits for the controller's resolution, and the audit stays in Faktagranskning until
/// none is open.
pub fn import_response(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
) -> Result<Imported> {
    require(store.conn(), audit_id)?;
    let r: Response = unseal(bytes, RESPONSE_FORMAT, "Svaret")?;
    let (owner, round) = factcheck::find_package(store.conn(), &r.package_id)?.ok_or_else(|| {
        ServiceError::refused("Svaret hör inte till någon faktagranskning som skickats från den här databasen. Ingenting har ändrats.")
    })?;
    if owner != audit_id {
        return Err(ServiceError::refused(
            "Svaret hör till en annan granskning. Ingenting har ändrats.",
        ));
    }
    if let Some(c) = &round.closed {
        return Err(ServiceError::refused(format!(
            "Omgång {} {} {}: svaret importeras inte. Skicka ett nytt paket om enhetschefen ska faktagranska. Ingenting har ändrats.",
            round.round,
            if c.kind == "withdrawn" {
                "återkallades"
            } else {
                "avslutades utan svar"
            },
            c.at.get(..10).unwrap_or(&c.at)
        )));
    }
    if round.answered_at.is_some() {
        return Err(ServiceError::refused(format!(
            "Svaret på omgång {} är redan importerat. Ingenting har ändrats.",
            round.round
        )));
    }
    let latest = factcheck::rounds(store.conn(), audit_id)?.len() as u32;
    if round.round != latest {
        return Err(ServiceError::refused(format!(
            "Svaret gäller omgång {}, men omgång {latest} har skickats senare. Ingenting har ändrats.",
            round.round
        )));
    }
    store_response(
        store,
        ctx,
        audit_id,
        &round,
        &r.responder,
        &r.comments,
        None,
    )
}

/// Stores the comments of a response to `round` (from the answer file, the filled-in
/// form, or typed from a meeting or an e-mail, `via`), all or nothing: Instämmer is
/// accepted at once, every other comment waits for the controller.
pub(crate) fn store_response(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    round: &Round,
    responder: &str,
    comments: &[CommentInput],
    via: Option<&str>,
) -> Result<Imported> {
    let known: Vec<i64> = list_findings(store, audit_id)?
        .iter()
        .map(|f| f.id)
        .collect();
    // Everything in the file is checked before anything is stored: an unknown kind, a
    // missing text or a personnummer in a comment refuses the whole answer.
    check_comments(
        comments,
        |f| known.contains(&f),
        ctx.clock.now().date_naive(),
    )?;
    let now = ctx.now_text();
    let mut open = 0;
    store.write(|tx| {
        for c in comments {
            let id = factcheck::insert_comment(
                tx,
                audit_id,
                &Comment {
                    id: 0,
                    round: round.round,
                    finding_id: c.finding,
                    chapter: c.chapter,
                    kind: c.kind.clone(),
                    text: c.text.trim().to_string(),
                    responder: responder.to_string(),
                    status: "open".into(),
                    reason: None,
                    resolved_at: None,
                    resolved_by: None,
                },
            )?;
            if c.kind == "Instämmer" {
                factcheck::resolve(
                    tx,
                    audit_id,
                    id,
                    "accepted",
                    Some("Instämmer"),
                    &now,
                    &ctx.user,
                )?;
            } else {
                open += 1;
            }
        }
        factcheck::set_answered(tx, audit_id, round.round, &now)?;
        if open == 0 {
            audits::set_status(tx, audit_id, Status::Granskning)?;
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::FactcheckImported(events::FactcheckImported {
                round: round.round,
                responder: responder.to_string(),
                comments: comments.len(),
                open,
                via: via.map(str::to_string),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(Imported {
        round: round.round,
        comments: comments.len(),
        open,
    })
}

/// How a round ended without (further) response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseKind {
    /// The controller takes the package back (sent too early, the draft changed).
    Withdrawn,
    /// No response came (or none will): the audit goes on without one.
    NoResponse,
}

impl CloseKind {
    fn as_str(self) -> &'static str {
        match self {
            CloseKind::Withdrawn => "withdrawn",
            CloseKind::NoResponse => "no_response",
        }
    }
}

/// Ends the latest round, which has no response, with a reason (e.g. "inget svar inom
/// tre veckor"): the audit leaves Faktagranskning, a response to the round is refused
/// from now on, and the report's Metod says so.
pub fn close_round(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    kind: CloseKind,
    reason: &str,
) -> Result<u32> {
    let audit = require(store.conn(), audit_id)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid_field(
            "Skäl",
            "Ange varför omgången avslutas, t.ex. ”inget svar inom tre veckor”",
        ));
    }
    crate::guard::check_text(ctx, "Skäl", reason, crate::guard::MAX_COMMENT)?;
    let open = factcheck::rounds(store.conn(), audit_id)?
        .into_iter()
        .next_back()
        .filter(|r| {
            r.answered_at.is_none() && r.closed.is_none() && audit.status == Status::Faktagranskning
        })
        .ok_or_else(|| {
            ServiceError::refused(
                "Det finns ingen faktagranskning som väntar på svar i granskningen.",
            )
        })?;
    let now = ctx.now_text();
    store.write(|tx| {
        factcheck::close_round(
            tx,
            audit_id,
            open.round,
            &factcheck::Closed {
                at: now.clone(),
                by: ctx.user.clone(),
                kind: kind.as_str().to_string(),
                reason: reason.to_string(),
            },
        )?;
        audits::set_status(tx, audit_id, Status::Granskning)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::FactcheckClosed(events::FactcheckClosed {
                round: open.round,
                kind: kind.as_str().to_string(),
                reason: reason.to_string(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(open.round)
}

/// One round as listed: when sent, by when the response is expected, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RoundView {
    pub round: u32,
    pub created_at: String,
    pub created_by: String,
    pub due: Option<String>,
    pub answered_at: Option<String>,
    /// `withdrawn` or `no_response` when ended without response.
    pub closed_kind: Option<String>,
    pub closed_reason: Option<String>,
    pub closed_at: Option<String>,
    /// Waiting for a response, and past its date.
    pub overdue: bool,
}

/// The audit's rounds, oldest first.
pub fn list_rounds(store: &Store, ctx: &Context, audit_id: i64) -> Result<Vec<RoundView>> {
    require(store.conn(), audit_id)?;
    let today = ctx.clock.now().date_naive().format("%Y-%m-%d").to_string();
    Ok(factcheck::rounds(store.conn(), audit_id)?
        .into_iter()
        .map(|r| RoundView {
            overdue: r.answered_at.is_none()
                && r.closed.is_none()
                && r.due.as_deref().is_some_and(|d| d < today.as_str()),
            round: r.round,
            created_at: r.created_at,
            created_by: r.created_by,
            due: r.due,
            answered_at: r.answered_at,
            closed_kind: r.closed.as_ref().map(|c| c.kind.clone()),
            closed_reason: r.closed.as_ref().map(|c| c.reason.clone()),
            closed_at: r.closed.map(|c| c.at),
        })
        .collect())
}

/// What the report's Metod says about the fact-check: one sentence per round.
pub fn method_sentences(store: &Store, audit_id: i64) -> Result<Vec<String>> {
    let date = |iso: &str| -> String {
        chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d")
            .map(aktgranskning_report::content::swedish_date)
            .unwrap_or_else(|_| iso.to_string())
    };
    let comments = factcheck::comments(store.conn(), audit_id)?;
    Ok(factcheck::rounds(store.conn(), audit_id)?
        .iter()
        .map(|r| {
            let sent = format!(
                "Utkastet skickades till enhetschefen för faktagranskning den {}",
                date(&r.created_at)
            );
            match (&r.answered_at, &r.closed) {
                (Some(at), _) => {
                    let n = comments
                        .iter()
                        .filter(|c| c.round == r.round && c.kind != "Instämmer")
                        .count();
                    format!(
                        "{sent}; svaret kom den {} med {} som har hanterats.",
                        date(at),
                        aktgranskning_core::text::count(n, "synpunkt", "synpunkter")
                    )
                }
                (None, Some(c)) if c.kind == "withdrawn" => {
                    format!(
                        "{sent}; utskicket återkallades den {} ({}).",
                        date(&c.at),
                        c.reason
                    )
                }
                (None, Some(c)) => format!(
                    "{sent}. Enhetschefen har inte lämnat synpunkter ({}).",
                    c.reason
                ),
                (None, None) => format!(
                    "{sent}; svaret väntas senast den {}.",
                    r.due
                        .as_deref()
                        .map(date)
                        .unwrap_or_else(|| "–".to_string())
                ),
            }
        })
        .collect())
}

/// The comments of every round, oldest first.
pub fn list_comments(store: &Store, audit_id: i64) -> Result<Vec<CommentView>> {
    require(store.conn(), audit_id)?;
    Ok(factcheck::comments(store.conn(), audit_id)?
        .into_iter()
        .map(|c| CommentView {
            id: c.id,
            round: c.round,
            finding: c.finding_id,
            chapter: c.chapter,
            kind: c.kind,
            text: c.text,
            responder: c.responder,
            status: c.status,
            reason: c.reason,
        })
        .collect())
}

/// Open comments of the audit (finalising waits for none).
pub fn open_comments(store: &Store, audit_id: i64) -> Result<usize> {
    Ok(factcheck::open_count(store.conn(), audit_id)?)
}

/// Resolves a comment: accepted (with the finding's new text, if given) or rejected with
/// a reason. When no comment is open any more, the audit leaves Faktagranskning.
pub fn resolve(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    comment_id: i64,
    accept: bool,
    reason: Option<&str>,
    new_text: Option<&str>,
) -> Result<CommentView> {
    let comment = factcheck::comments(store.conn(), audit_id)?
        .into_iter()
        .find(|c| c.id == comment_id)
        .ok_or_else(|| {
            ServiceError::not_found(format!(
                "Det finns ingen kommentar {comment_id} i granskningen"
            ))
        })?;
    if comment.status != "open" {
        return Err(ServiceError::refused(format!(
            "Kommentar {comment_id} är redan hanterad."
        )));
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    for (field, t) in [("Skäl", reason), ("Ny text", new_text)] {
        if let Some(t) = t {
            crate::guard::check_text(ctx, field, t, crate::guard::MAX_COMMENT)?;
        }
    }
    if !accept && reason.is_none() {
        return Err(ServiceError::invalid_field(
            "Skäl",
            "Ange varför kommentaren avvisas",
        ));
    }
    if let Some(text) = new_text.map(str::trim).filter(|t| !t.is_empty()) {
        let finding = comment.finding_id.ok_or_else(|| {
            ServiceError::invalid_field(
                "Ny text",
                "Kommentaren gäller ett kapitel, inte en bedömning: ändra kapitlets text i stället",
            )
        })?;
        if !accept {
            return Err(ServiceError::invalid_field(
                "Ny text",
                "En ny text hör till en godtagen kommentar",
            ));
        }
        findings::edit_finding(store, ctx, audit_id, finding, None, None, Some(text))?;
    }
    let now = ctx.now_text();
    let status = if accept { "accepted" } else { "rejected" };
    store.write(|tx| {
        factcheck::resolve(tx, audit_id, comment_id, status, reason, &now, &ctx.user)?;
        if factcheck::open_count(tx, audit_id)? == 0 {
            audits::set_status(tx, audit_id, Status::Granskning)?;
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::FactcheckResolved(events::FactcheckResolved {
                comment: comment_id,
                status: status.to_string(),
                reason: reason.map(str::to_string),
                finding: comment.finding_id,
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    list_comments(store, audit_id)?
        .into_iter()
        .find(|c| c.id == comment_id)
        .ok_or_else(|| ServiceError::internal("Kommentaren försvann."))
}

mod form;
pub use form::{export_form, import_form, record_response};

#[cfg(test)]
mod tests;

/// A package as the enhetschef's view shows it (the report separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackageView {
    pub package_id: String,
    pub round: u32,
    pub unit: String,
    pub org: String,
    pub diarienr: String,
    pub created_at: String,
    pub created_by: String,
    pub findings: Vec<PackageFinding>,
    pub results: Vec<PackageResult>,
}
