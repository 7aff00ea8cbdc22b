//! Work between two computers (docs/work-packages.md). The lead controller hands a
//! colleague an **arbetspaket**: the planning, the template, the draw, the colleague's
//! assigned files (their population rows, so it holds personnummer) and the files'
//! answers and notes. It is encrypted with a passphrase the two agree on (age, scrypt)
//! and tied to the audit (a random uid), the draw and the population hash. The colleague
//! opens it into an audit of their own encrypted database (a *copy*), reviews, and
//! returns a **svarspaket** with the files' state; the lead imports it with a three-way
//! merge by SQLite's session extension (`store::work::three_way`): what only the
//! colleague changed is taken, what both changed differently is a conflict listed for
//! a person to settle, never overwritten. A later arbetspaket to the same copy merges
//! the lead's changes into it the same way.
//!
//! Refused with nothing changed: the wrong passphrase, an edited or truncated file (age
//! authenticates every chunk), a package of another audit or an earlier draw, and one
//! imported before (a replay).

use crate::events::{self, Event};
use crate::factcheck::random_id;
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::{DecisionKind, Lagrum, Personnummer, PopulationRow};
use aktgranskning_store::Connection;
use aktgranskning_store::audits::{self, NewAudit, Status};
use aktgranskning_store::work::{self, ConflictRow, Entry, Link, PackageRow, State};
use aktgranskning_store::{answers, notes, population, samples, templates};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use ts_rs::TS;

const WORK_FORMAT: &str = "aktgranskning-arbetspaket-1";
const RETURN_FORMAT: &str = "aktgranskning-svarspaket-1";

/// The shortest passphrase accepted for a package.
pub const MIN_PASSPHRASE: usize = 10;

/// The scrypt work factor (log2 N) of a package's passphrase: 2^17, about 128 MiB and a
/// fraction of a second on a laptop; opening accepts up to 2^20.
const WORK_FACTOR: u8 = 17;

/// The item id a file's note goes by in a package's state and a conflict.
pub const NOTE_ITEM: &str = "";

/// Who answered an entry, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    case_id: String,
    item_id: String,
    by: String,
    at: String,
}

/// A population row as a package carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileRow {
    case_id: String,
    personnummer: String,
    lagrum: String,
    insats: Option<String>,
    handlaggare: Option<String>,
    decision_date: Option<String>,
    decision_kind: Option<String>,
    source_line: u64,
}

/// The lead's draw, which a package is tied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Draw {
    algorithm: String,
    seed: u64,
    percent_bp: u32,
    strata: String,
    population_size: usize,
    population_sha256: String,
    drawn_at: String,
    drawn_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Planning {
    unit: String,
    org: String,
    board: String,
    diarienr: String,
    reference_date: String,
    controllers: Vec<String>,
    period_from: Option<String>,
    period_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TemplateCopy {
    template_id: String,
    version: u32,
    name: String,
    body: String,
    /// Who stored it at the lead's: a shipped version stays recognisable as shipped.
    #[serde(default)]
    created_by: String,
}

/// The arbetspaket, as encrypted.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WorkPackage {
    format: String,
    package_id: String,
    audit_uid: String,
    controller: String,
    created_at: String,
    created_by: String,
    planning: Planning,
    template: TemplateCopy,
    draw: Draw,
    files: Vec<FileRow>,
    state: String,
    meta: Vec<Meta>,
    /// The state of the colleague's latest svarspaket the lead has imported: what the
    /// two last had in common, the base the copy merges this package against (absent
    /// before any svarspaket, when the copy's previous package is the base).
    #[serde(default)]
    copy_base: Option<String>,
}

/// The svarspaket, as encrypted.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ReturnPackage {
    format: String,
    package_id: String,
    answers_to: String,
    audit_uid: String,
    controller: String,
    sequence: i64,
    seed: u64,
    population_sha256: String,
    created_at: String,
    created_by: String,
    files: Vec<String>,
    state: String,
    meta: Vec<Meta>,
}

/// What `work export` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkExported {
    pub files: usize,
    pub package_id: String,
    pub sha256: String,
}

/// An answer changed on both sides, as shown: the item (`anteckning` for the file's
/// note), and each side's value (`null`: unanswered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConflictView {
    pub id: i64,
    pub case: String,
    pub item: String,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    pub ours_comment: Option<String>,
    pub theirs_comment: Option<String>,
    /// Who made their side's change.
    pub theirs_by: Option<String>,
    pub settled: bool,
    pub settled_value: Option<String>,
}

/// What `work open` or `work import` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkMerged {
    pub audit: i64,
    /// Answers and notes taken from the package.
    pub merged: usize,
    pub conflicts: Vec<ConflictView>,
    /// Files in the package.
    pub files: usize,
}

/// What `work return` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkReturned {
    pub answers: usize,
    pub notes: usize,
    pub package_id: String,
    pub sha256: String,
}

/// An audit's work on other computers: its role and packages, and the conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkStatus {
    /// `lead`, `copy`, or `null` before any package.
    pub role: Option<String>,
    /// For a copy: whose copy, and how many svarspaket it has written.
    pub controller: Option<String>,
    pub returned: i64,
    pub packages: Vec<WorkPackageView>,
    pub conflicts: Vec<ConflictView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkPackageView {
    pub package_id: String,
    /// `export` (an arbetspaket made) or `import` (a svarspaket read).
    pub kind: String,
    pub controller: String,
    pub files: i64,
    pub at: String,
    pub by: String,
}

fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(ServiceError::invalid_field(
            "Lösenfras",
            format!(
                "Lösenfrasen för paketet måste ha minst {MIN_PASSPHRASE} tecken. Kom överens om den muntligt eller per telefon, inte i samma e-post som paketet."
            ),
        ));
    }
    Ok(())
}

/// Encrypts a package body with the passphrase (age, scrypt recipient).
fn seal<T: Serialize>(body: &T, passphrase: &str) -> Result<Vec<u8>> {
    let plain = serde_json::to_vec(body).map_err(|e| ServiceError::internal(e.to_string()))?;
    let mut recipient = age::scrypt::Recipient::new(passphrase.to_string().into());
    recipient.set_work_factor(WORK_FACTOR);
    age::encrypt(&recipient, &plain)
        .map_err(|e| ServiceError::internal(format!("Paketet kunde inte krypteras: {e}")))
}

/// Decrypts and reads a package; `what` names it in messages.
fn unseal<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
    passphrase: &str,
    format: &str,
    what: &str,
) -> Result<T> {
    let nothing = "Ingenting har ändrats.";
    if !bytes.starts_with(b"age-encryption.org/v1") {
        return Err(ServiceError::invalid(format!(
            "Filen är inget {what} från Aktgranskning. {nothing}"
        )));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.to_string().into());
    identity.set_max_work_factor(20);
    let plain = age::decrypt(&identity, bytes).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            ServiceError::refused(format!(
                "{what} kunde inte öppnas: fel lösenfras, eller filen har ändrats eller är ofullständig. {nothing}"
            ))
        }
        _ => ServiceError::refused(format!(
            "{what} kunde inte öppnas: filen har ändrats eller är ofullständig. {nothing}"
        )),
    })?;
    let v: serde_json::Value = serde_json::from_slice(&plain).map_err(|_| {
        ServiceError::invalid(format!(
            "{what} är skadat: innehållet kan inte läsas. {nothing}"
        ))
    })?;
    if v.get("format").and_then(|f| f.as_str()) != Some(format) {
        return Err(ServiceError::invalid(format!(
            "Filen är inget {what} (fel format). {nothing}"
        )));
    }
    serde_json::from_value(v)
        .map_err(|_| ServiceError::invalid(format!("{what} är ofullständigt. {nothing}")))
}

fn sha256(bytes: &[u8]) -> String {
    aktgranskning_core::sampling::hex(&Sha256::digest(bytes))
}

/// The state (answers and notes) of `files` in this audit, and who answered each.
fn current_state(conn: &Connection, audit_id: i64, files: &[String]) -> Result<(State, Vec<Meta>)> {
    let wanted: std::collections::BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut state = State::new();
    let mut meta = Vec::new();
    for a in answers::all(conn, audit_id)? {
        if !wanted.contains(a.case_id.as_str()) {
            continue;
        }
        meta.push(Meta {
            case_id: a.case_id.clone(),
            item_id: a.item_id.clone(),
            by: a.answered_by,
            at: a.answered_at,
        });
        state.insert(
            (a.case_id, a.item_id),
            Entry {
                value: a.value,
                comment: a.comment,
            },
        );
    }
    for n in notes::file_notes(conn, audit_id)? {
        if !wanted.contains(n.case_id.as_str()) {
            continue;
        }
        meta.push(Meta {
            case_id: n.case_id.clone(),
            item_id: NOTE_ITEM.to_string(),
            by: n.updated_by,
            at: n.updated_at,
        });
        state.insert(
            (n.case_id, NOTE_ITEM.to_string()),
            Entry {
                value: n.text,
                comment: None,
            },
        );
    }
    Ok((state, meta))
}

/// Writes one entry's new value (or its removal) into the audit, with the history event
/// an ordinary answer or note would have, marked with the package it came from.
#[allow(clippy::too_many_arguments)]
fn write_entry(
    tx: &Connection,
    audit_id: i64,
    key: &(String, String),
    old: Option<&Entry>,
    new: Option<&Entry>,
    who: (&str, &str),
    now: &str,
    via: events::Merged,
) -> Result<()> {
    let (case_id, item_id) = key;
    let (by, at) = who;
    let merged = events::Merged {
        answered_at: Some(at.to_string()),
        ..via
    };
    let event = if item_id == NOTE_ITEM {
        match new {
            Some(n) => notes::set_file_note(
                tx,
                audit_id,
                &notes::FileNote {
                    case_id: case_id.clone(),
                    text: n.value.clone(),
                    updated_at: at.to_string(),
                    updated_by: by.to_string(),
                },
            )?,
            None => notes::delete_file_note(tx, audit_id, case_id)?,
        }
        Event::FileNoteSet(events::FileNoteSet {
            case_id: case_id.clone(),
            old: old.map(|o| o.value.clone()),
            new: new.map(|n| n.value.clone()),
            merged,
        })
    } else {
        match new {
            Some(n) => {
                answers::upsert(
                    tx,
                    audit_id,
                    &answers::AnswerRow {
                        case_id: case_id.clone(),
                        item_id: item_id.clone(),
                        value: n.value.clone(),
                        comment: n.comment.clone(),
                        answered_by: by.to_string(),
                        answered_at: at.to_string(),
                    },
                )?;
                Event::AnswerSet(events::AnswerSet {
                    case_id: case_id.clone(),
                    item_id: item_id.clone(),
                    old: old.map(|o| o.value.clone()),
                    new: n.value.clone(),
                    old_comment: old.and_then(|o| o.comment.clone()),
                    new_comment: n.comment.clone(),
                    merged,
                })
            }
            None => {
                answers::delete(tx, audit_id, case_id, item_id)?;
                Event::AnswerCleared(events::AnswerCleared {
                    case_id: case_id.clone(),
                    item_id: item_id.clone(),
                    old: old.map(|o| o.value.clone()),
                    old_comment: old.and_then(|o| o.comment.clone()),
                    merged,
                })
            }
        }
    };
    events::record(tx, audit_id, now, by, &event)
}

/// Takes what the merge changed into the audit; stores the conflicts. Returns how many
/// entries changed and the conflicts' ids.
#[allow(clippy::too_many_arguments)]
fn apply_merge(
    tx: &Connection,
    audit_id: i64,
    ours: &State,
    theirs: &State,
    merged: &work::Merged,
    their_meta: &[Meta],
    importer: &str,
    now: &str,
    package_id: &str,
) -> Result<(usize, Vec<i64>)> {
    // Who answered each entry on their side, looked up once per key.
    let answered: std::collections::HashMap<(&str, &str), (&str, &str)> = their_meta
        .iter()
        .map(|m| {
            (
                (m.case_id.as_str(), m.item_id.as_str()),
                (m.by.as_str(), m.at.as_str()),
            )
        })
        .collect();
    let who = |key: &(String, String)| {
        answered
            .get(&(key.0.as_str(), key.1.as_str()))
            .map(|(by, at)| (by.to_string(), at.to_string()))
    };
    let mut keys: Vec<&(String, String)> = ours.keys().chain(merged.state.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changed = 0;
    for key in keys {
        let (old, new) = (ours.get(key), merged.state.get(key));
        if old == new {
            continue;
        }
        // Theirs when it is theirs whole; otherwise (a value from one side, a comment
        // from the other, or a removal) the merge's, by the person importing.
        let (by, at) = match who(key) {
            Some(w) if new == theirs.get(key) => w,
            _ => (importer.to_string(), now.to_string()),
        };
        write_entry(
            tx,
            audit_id,
            key,
            old,
            new,
            (&by, &at),
            now,
            events::Merged {
                merged_from: Some(package_id.to_string()),
                imported_by: Some(importer.to_string()),
                ..Default::default()
            },
        )?;
        changed += 1;
    }
    let mut ids = Vec::new();
    for key in &merged.conflicts {
        let theirs_by = who(key).map(|w| w.0);
        ids.push(work::add_conflict(
            tx,
            audit_id,
            &ConflictRow {
                id: 0,
                package_id: package_id.to_string(),
                case_id: key.0.clone(),
                item_id: key.1.clone(),
                ours: ours.get(key).cloned(),
                theirs: theirs.get(key).cloned(),
                theirs_by,
                found_at: now.to_string(),
                settled_at: None,
                settled_by: None,
                settled: None,
            },
        )?);
    }
    Ok((changed, ids))
}

fn conflict_view(c: &ConflictRow) -> ConflictView {
    ConflictView {
        id: c.id,
        case: c.case_id.clone(),
        item: if c.item_id == NOTE_ITEM {
            "anteckning".to_string()
        } else {
            c.item_id.clone()
        },
        ours: c.ours.as_ref().map(|e| e.value.clone()),
        theirs: c.theirs.as_ref().map(|e| e.value.clone()),
        ours_comment: c.ours.as_ref().and_then(|e| e.comment.clone()),
        theirs_comment: c.theirs.as_ref().and_then(|e| e.comment.clone()),
        theirs_by: c.theirs_by.clone(),
        settled: c.settled_at.is_some(),
        settled_value: c.settled.as_ref().map(|e| e.value.clone()),
    }
}

fn views(conn: &Connection, audit_id: i64, ids: &[i64]) -> Result<Vec<ConflictView>> {
    Ok(work::conflicts(conn, audit_id, false)?
        .iter()
        .filter(|c| ids.contains(&c.id))
        .map(conflict_view)
        .collect())
}

/// Checks a package's entries against the audit's template and the guard (no
/// personnummer in a comment or note), all at once; refused as a whole.
fn check_state(
    ctx: &Context,
    template: &aktgranskning_core::checklist::Template,
    files: &[String],
    state: &State,
    what: &str,
) -> Result<()> {
    for ((case, item), e) in state {
        let bad = |m: String| {
            ServiceError::invalid(format!(
                "{what} innehåller ett ogiltigt svar (akt {case}): {m}. Ingenting har ändrats."
            ))
        };
        if !files.contains(case) {
            return Err(bad("akten ingår inte i paketet".to_string()));
        }
        if item == NOTE_ITEM {
            crate::guard::check_text(ctx, "Anteckning", &e.value, crate::guard::MAX_COMMENT)?;
            continue;
        }
        if template.item(item).is_none() {
            return Err(bad(format!(
                "punkten {item} finns inte i granskningens mall"
            )));
        }
        if !["ja", "delvis", "nej", "ej_aktuellt"].contains(&e.value.as_str()) {
            return Err(bad(format!("okänt svar ”{}” på {item}", e.value)));
        }
        if let Some(c) = &e.comment {
            crate::guard::check_text(ctx, "Kommentar", c, crate::guard::MAX_COMMENT)?;
        }
    }
    Ok(())
}

/// The colleague the audit is a copy for, when it is a copy from an arbetspaket.
pub(crate) fn copy_for(conn: &Connection, audit_id: i64) -> Result<Option<String>> {
    Ok(work::link(conn, audit_id)?
        .filter(|l| l.role == "copy")
        .map(|l| l.controller.unwrap_or_default()))
}

/// A copy cannot do what only the lead's audit may: draw, import a population, hand
/// out work, fact-check or finalise.
pub(crate) fn refuse_on_copy(conn: &Connection, audit_id: i64, what: &str) -> Result<()> {
    if copy_for(conn, audit_id)?.is_some() {
        return Err(ServiceError::refused(format!(
            "Granskningen är en kopia från ett arbetspaket: {what} görs i huvudgranskningen hos den som delade ut arbetet. Ingenting har ändrats."
        )));
    }
    Ok(())
}

/// Makes an arbetspaket for `controller`: their assigned files with population rows,
/// answers and notes, and what the copy needs to review them; written to `out`.
pub fn export(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    controller: &str,
    passphrase: &str,
    out: &std::path::Path,
) -> Result<WorkExported> {
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    refuse_on_copy(conn, audit_id, "att dela ut arbete")?;
    check_passphrase(passphrase)?;
    crate::files::check_output(out, store.path())?;
    if matches!(audit.status, Status::Slutford | Status::Faktagranskning) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: inget arbete kan delas ut. Ingenting har ändrats.",
            audit.status.label()
        )));
    }
    let controller = controller.trim();
    let sample = samples::current(conn, audit_id)?.ok_or_else(|| {
        ServiceError::refused(
            "Inget urval har dragits ännu: dra urvalet och fördela akterna först.",
        )
    })?;
    let mut files: Vec<String> = answers::assignments(conn, audit_id)?
        .into_iter()
        .filter(|(_, c)| c == controller)
        .map(|(case, _)| case)
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ServiceError::invalid_field(
            "Kontrollant",
            format!("Inga akter är fördelade till {controller}: fördela akterna först (Urval)."),
        ));
    }
    let mut rows = Vec::new();
    for case in &files {
        let r = population::get(conn, audit_id, case)?
            .ok_or_else(|| ServiceError::internal("En fördelad akt saknas i populationen."))?;
        rows.push(FileRow {
            case_id: r.case_id,
            personnummer: r.personnummer.as_digits().to_string(),
            lagrum: r.lagrum.as_str().to_string(),
            insats: r.insats,
            handlaggare: r.handlaggare,
            decision_date: r.decision_date.map(|d| d.format("%Y-%m-%d").to_string()),
            decision_kind: r.decision_kind.map(|k| k.as_str().to_string()),
            source_line: r.source_line,
        });
    }
    let template = match audits::template_ref(conn, audit_id)? {
        Some(id) => templates::get(conn, id)?,
        None => None,
    }
    .ok_or_else(|| {
        ServiceError::refused("Granskningens mall finns inte lagrad (en granskning från före mallarna): arbetspaket kan inte göras.")
    })?;
    let (state, meta) = current_state(conn, audit_id, &files)?;
    let copy_base = work::packages(conn, audit_id)?
        .into_iter()
        .rfind(|p| p.kind == "import" && p.controller == controller)
        .map(|p| p.state);
    let uid = match work::link(conn, audit_id)? {
        Some(l) => l.uid,
        None => random_id()?,
    };
    let now = ctx.now_text();
    let package = WorkPackage {
        format: WORK_FORMAT.to_string(),
        package_id: random_id()?,
        audit_uid: uid.clone(),
        controller: controller.to_string(),
        created_at: now.clone(),
        created_by: ctx.user.clone(),
        planning: Planning {
            unit: audit.unit.clone(),
            org: audit.org.clone(),
            board: audit.board.clone(),
            diarienr: audit.diarienr.clone(),
            reference_date: audit.reference_date.format("%Y-%m-%d").to_string(),
            controllers: audit.controllers.clone(),
            period_from: audit.period_from.clone(),
            period_to: audit.period_to.clone(),
        },
        template: TemplateCopy {
            template_id: template.template_id,
            version: template.version,
            name: template.name,
            body: template.body,
            created_by: template.created_by,
        },
        draw: Draw {
            algorithm: sample.algorithm,
            seed: sample.seed,
            percent_bp: sample.percent_bp,
            strata: sample.strata,
            population_size: sample.population_size,
            population_sha256: sample.population_sha256,
            drawn_at: sample.drawn_at,
            drawn_by: sample.drawn_by,
        },
        files: rows,
        state: work::state_to_json(&state),
        meta,
        copy_base,
    };
    let sealed = seal(&package, passphrase)?;
    let sum = sha256(&sealed);
    let db = store.path().map(std::path::Path::to_path_buf);
    store.write(|tx| {
        if work::link(tx, audit_id)?.is_none() {
            work::set_link(
                tx,
                &Link {
                    audit_id,
                    uid: uid.clone(),
                    role: "lead".to_string(),
                    controller: None,
                    lead_package: None,
                    base: None,
                    draw: None,
                    returned: 0,
                },
            )?;
        }
        work::add_package(
            tx,
            audit_id,
            &PackageRow {
                package_id: package.package_id.clone(),
                kind: "export".to_string(),
                controller: controller.to_string(),
                answers_to: None,
                sequence: 0,
                files: files.len() as i64,
                state: package.state.clone(),
                at: now.clone(),
                by_user: ctx.user.clone(),
            },
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkExported(events::WorkExported {
                package_id: package.package_id.clone(),
                controller: controller.to_string(),
                files: files.len(),
                sha256: sum.clone(),
            }),
        )?;
        crate::files::deliver(Some(out), &sealed, db.as_deref())?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(WorkExported {
        files: files.len(),
        package_id: package.package_id,
        sha256: sum,
    })
}

fn parse_file(r: &FileRow) -> Result<PopulationRow> {
    let bad = || {
        ServiceError::invalid(
            "Arbetspaketet är skadat: en akts uppgifter kan inte läsas. Ingenting har ändrats.",
        )
    };
    Ok(PopulationRow {
        case_id: r.case_id.clone(),
        personnummer: Personnummer::from_stored(&r.personnummer).map_err(|_| bad())?,
        lagrum: Lagrum::parse(&r.lagrum).ok_or_else(bad)?,
        insats: r.insats.clone(),
        handlaggare: r.handlaggare.clone(),
        decision_date: r
            .decision_date
            .as_deref()
            .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| bad())?,
        decision_kind: r
            .decision_kind
            .as_deref()
            .map(|k| DecisionKind::parse(k).ok_or_else(bad))
            .transpose()?,
        source_line: r.source_line,
    })
}

/// Opens an arbetspaket in this database: creates the colleague's copy of the audit, or
/// (for a later package of the same audit) merges the lead's changes into the copy.
pub fn open(
    store: &mut Store,
    ctx: &Context,
    bytes: &[u8],
    passphrase: &str,
) -> Result<WorkMerged> {
    let p: WorkPackage = unseal(bytes, passphrase, WORK_FORMAT, "Arbetspaketet")?;
    let conn = store.conn();
    if work::find_package(conn, &p.package_id)?.is_some()
        || conn
            .query_row(
                "SELECT 1 FROM work_links WHERE uid = ?1 AND role = 'lead'",
                [&p.audit_uid],
                |_| Ok(()),
            )
            .is_ok()
    {
        return Err(ServiceError::refused(
            "Arbetspaketet gjordes från den här databasen: det öppnas hos kollegan det är till. Ingenting har ändrats.",
        ));
    }
    let template = crate::templates::parse(&templates::TemplateRow {
        id: 0,
        template_id: p.template.template_id.clone(),
        version: p.template.version,
        name: p.template.name.clone(),
        body: p.template.body.clone(),
        created_at: String::new(),
        created_by: String::new(),
    })?;
    let files: Vec<String> = p.files.iter().map(|f| f.case_id.clone()).collect();
    let theirs = work::state_from_json(&p.state)?;
    check_state(ctx, &template, &files, &theirs, "Arbetspaketet")?;
    let reference = chrono::NaiveDate::parse_from_str(&p.planning.reference_date, "%Y-%m-%d")
        .map_err(|_| ServiceError::invalid("Arbetspaketet är skadat: granskningsdatumet kan inte läsas. Ingenting har ändrats."))?;
    let rows = p.files.iter().map(parse_file).collect::<Result<Vec<_>>>()?;
    let draw_key =
        json!({"seed": p.draw.seed.to_string(), "population_sha256": p.draw.population_sha256})
            .to_string();
    let now = ctx.now_text();
    match work::copy_of(conn, &p.audit_uid)? {
        Some(link) => update_copy(store, ctx, &p, link, &rows, &theirs, &draw_key, &now),
        None => create_copy(store, ctx, &p, reference, &rows, &theirs, &draw_key, &now),
    }
}

/// Puts the copy's files in place: their population rows, the lead's draw over them,
/// each assigned to the colleague.
fn place_files(
    tx: &Connection,
    ctx: &Context,
    p: &WorkPackage,
    now: &str,
    rows: &[PopulationRow],
    sample: &samples::SampleRecord,
) -> Result<()> {
    let id = sample.audit_id;
    let mut files: Vec<String> = rows.iter().map(|r| r.case_id.clone()).collect();
    files.sort();
    population::replace(
        tx,
        &population::ImportRecord {
            audit_id: id,
            imported_at: now,
            imported_by: &ctx.user,
            file_name: "arbetspaket",
            file_sha256: &sha256(p.package_id.as_bytes()),
            format_json: "{\"source\":\"arbetspaket\"}",
            row_count: rows.len(),
        },
        rows,
    )?;
    samples::insert(
        tx,
        &samples::SampleRecord {
            sample_size: files.len(),
            ..sample.clone()
        },
        &files,
    )?;
    answers::replace_assignments(
        tx,
        id,
        &files
            .iter()
            .map(|c| (c.clone(), p.controller.clone()))
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn create_copy(
    store: &mut Store,
    ctx: &Context,
    p: &WorkPackage,
    reference: chrono::NaiveDate,
    rows: &[PopulationRow],
    theirs: &State,
    draw_key: &str,
    now: &str,
) -> Result<WorkMerged> {
    let files: Vec<String> = rows.iter().map(|r| r.case_id.clone()).collect();
    let id = store.write(|tx| {
        // The shipped versions first, so that the lead's copy of one is found as the
        // same template, not stored again beside it under another number.
        crate::templates::ensure_standard(tx, now)?;
        let template_ref = match templates::find(tx, &p.template.template_id, p.template.version)? {
            Some(t) if t.body == p.template.body => t.id,
            Some(_) => {
                return Err(ServiceError::refused(format!(
                    "Mallen {} version {} finns redan i den här databasen med ett annat innehåll: arbetspaketet kan inte öppnas. Ingenting har ändrats.",
                    p.template.name, p.template.version
                )));
            }
            None => templates::insert(
                tx,
                &templates::TemplateRow {
                    id: 0,
                    template_id: p.template.template_id.clone(),
                    version: p.template.version,
                    name: p.template.name.clone(),
                    body: p.template.body.clone(),
                    created_at: now.to_string(),
                    created_by: if p.template.created_by.is_empty() {
                        p.created_by.clone()
                    } else {
                        p.template.created_by.clone()
                    },
                },
            )?,
        };
        let id = audits::insert(
            tx,
            &NewAudit {
                unit: &p.planning.unit,
                org: &p.planning.org,
                board: &p.planning.board,
                diarienr: &p.planning.diarienr,
                reference_date: reference,
                created_at: now,
                created_by: &ctx.user,
            },
        )?;
        audits::set_template_ref(tx, id, template_ref)?;
        audits::set_team(
            tx,
            id,
            &p.planning.controllers,
            p.planning.period_from.as_deref(),
            p.planning.period_to.as_deref(),
        )?;
        events::record(
            tx,
            id,
            now,
            &ctx.user,
            &Event::WorkOpened(events::WorkOpened {
                package_id: p.package_id.clone(),
                controller: p.controller.clone(),
                lead: p.created_by.clone(),
                files: files.len(),
                unit: Some(p.planning.unit.clone()),
                diarienr: Some(p.planning.diarienr.clone()),
                template: Some(p.template.template_id.clone()),
                template_version: Some(p.template.version),
                ..Default::default()
            }),
        )?;
        place_files(
            tx,
            ctx,
            p,
            now,
            rows,
            &samples::SampleRecord {
                id: 0,
                audit_id: id,
                algorithm: p.draw.algorithm.clone(),
                seed: p.draw.seed,
                percent_bp: p.draw.percent_bp,
                strata: p.draw.strata.clone(),
                population_size: p.draw.population_size,
                sample_size: 0,
                population_sha256: p.draw.population_sha256.clone(),
                strata_counts: Vec::new(),
                drawn_at: p.draw.drawn_at.clone(),
                drawn_by: p.draw.drawn_by.clone(),
                reason: None,
            },
        )?;
        audits::set_status(tx, id, Status::Granskning)?;
        apply_merge(
            tx,
            id,
            &State::new(),
            theirs,
            &work::Merged {
                state: theirs.clone(),
                conflicts: Vec::new(),
            },
            &p.meta,
            &ctx.user,
            now,
            &p.package_id,
        )?;
        work::set_link(
            tx,
            &Link {
                audit_id: id,
                uid: p.audit_uid.clone(),
                role: "copy".to_string(),
                controller: Some(p.controller.clone()),
                lead_package: Some(p.package_id.clone()),
                base: Some(p.state.clone()),
                draw: Some(draw_key.to_string()),
                returned: 0,
            },
        )?;
        Ok::<_, ServiceError>(id)
    })?;
    Ok(WorkMerged {
        audit: id,
        merged: theirs.len(),
        conflicts: Vec::new(),
        files: files.len(),
    })
}

#[allow(clippy::too_many_arguments)]
fn update_copy(
    store: &mut Store,
    ctx: &Context,
    p: &WorkPackage,
    link: Link,
    rows: &[PopulationRow],
    theirs: &State,
    draw_key: &str,
    now: &str,
) -> Result<WorkMerged> {
    let id = link.audit_id;
    let conn = store.conn();
    if link.draw.as_deref() != Some(draw_key) {
        return Err(ServiceError::refused(
            "Arbetspaketet hör till ett annat urval än kopian (urvalet har dragits om): det kan inte öppnas i samma kopia. Ingenting har ändrats.",
        ));
    }
    if link.lead_package.as_deref() == Some(p.package_id.as_str()) {
        return Err(ServiceError::refused(
            "Arbetspaketet är redan öppnat i den här databasen. Ingenting har ändrats.",
        ));
    }
    // What the two last had in common: the copy's latest svarspaket the lead merged, or
    // else the package the copy last opened.
    let base = work::state_from_json(
        p.copy_base
            .as_deref()
            .or(link.base.as_deref())
            .unwrap_or("[]"),
    )?;
    let mut files: Vec<String> = samples::current(conn, id)?
        .map(|s| samples::case_ids(conn, s.id))
        .transpose()?
        .unwrap_or_default();
    let new_rows: Vec<&PopulationRow> = rows
        .iter()
        .filter(|r| !files.contains(&r.case_id))
        .collect();
    files.extend(new_rows.iter().map(|r| r.case_id.clone()));
    files.sort();
    let (ours, _) = current_state(conn, id, &files)?;
    let merged = work::three_way(&base, theirs, &ours)?;
    let (changed, ids) = store.write(|tx| {
        if !new_rows.is_empty() {
            // Files newly assigned to the colleague join the copy.
            let mut all = population::load(tx, id)?;
            all.extend(new_rows.iter().map(|r| (*r).clone()));
            let sample = samples::current(tx, id)?
                .ok_or_else(|| ServiceError::internal("Kopians urval saknas."))?;
            place_files(tx, ctx, p, now, &all, &sample)?;
        }
        let r = apply_merge(
            tx,
            id,
            &ours,
            theirs,
            &merged,
            &p.meta,
            &ctx.user,
            now,
            &p.package_id,
        )?;
        events::record(
            tx,
            id,
            now,
            &ctx.user,
            &Event::WorkOpened(events::WorkOpened {
                package_id: p.package_id.clone(),
                controller: p.controller.clone(),
                lead: p.created_by.clone(),
                files: files.len(),
                merged: Some(r.0),
                conflicts: Some(r.1.len()),
                ..Default::default()
            }),
        )?;
        work::set_link(
            tx,
            &Link {
                lead_package: Some(p.package_id.clone()),
                base: Some(p.state.clone()),
                ..link.clone()
            },
        )?;
        Ok::<_, ServiceError>(r)
    })?;
    Ok(WorkMerged {
        audit: id,
        merged: changed,
        conflicts: views(store.conn(), id, &ids)?,
        files: rows.len(),
    })
}

/// Writes the copy's svarspaket: the state of its files, for the lead to import.
pub fn return_package(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    passphrase: &str,
    out: &std::path::Path,
) -> Result<WorkReturned> {
    let conn = store.conn();
    require(conn, audit_id)?;
    check_passphrase(passphrase)?;
    crate::files::check_output(out, store.path())?;
    let link = work::link(conn, audit_id)?
        .filter(|l| l.role == "copy")
        .ok_or_else(|| {
            ServiceError::refused(
                "Granskningen är ingen kopia från ett arbetspaket: det finns inget att skicka tillbaka. Ingenting har ändrats.",
            )
        })?;
    if open_conflicts(conn, audit_id)? > 0 {
        return Err(ServiceError::refused(
            "Det finns konflikter från det senaste arbetspaketet som inte är lösta: lös dem först (Arbetspaket). Ingenting har ändrats.",
        ));
    }
    let files: Vec<String> = samples::current(conn, audit_id)?
        .map(|s| samples::case_ids(conn, s.id))
        .transpose()?
        .unwrap_or_default();
    let (state, meta) = current_state(conn, audit_id, &files)?;
    let draw: serde_json::Value =
        serde_json::from_str(link.draw.as_deref().unwrap_or("{}")).unwrap_or_default();
    let sequence = link.returned + 1;
    let now = ctx.now_text();
    let package = ReturnPackage {
        format: RETURN_FORMAT.to_string(),
        package_id: random_id()?,
        answers_to: link.lead_package.clone().unwrap_or_default(),
        audit_uid: link.uid.clone(),
        controller: link.controller.clone().unwrap_or_default(),
        sequence,
        seed: draw["seed"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default(),
        population_sha256: draw["population_sha256"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        created_at: now.clone(),
        created_by: ctx.user.clone(),
        files,
        state: work::state_to_json(&state),
        meta,
    };
    let sealed = seal(&package, passphrase)?;
    let sum = sha256(&sealed);
    let notes = state.keys().filter(|k| k.1 == NOTE_ITEM).count();
    let db = store.path().map(std::path::Path::to_path_buf);
    store.write(|tx| {
        work::set_link(
            tx,
            &Link {
                returned: sequence,
                ..link.clone()
            },
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkReturned(events::WorkReturned {
                package_id: package.package_id.clone(),
                answers_to: package.answers_to.clone(),
                sequence,
                answers: state.len() - notes,
                notes,
                sha256: sum.clone(),
            }),
        )?;
        crate::files::deliver(Some(out), &sealed, db.as_deref())?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(WorkReturned {
        answers: state.len() - notes,
        notes,
        package_id: package.package_id,
        sha256: sum,
    })
}

/// Imports a colleague's svarspaket into the lead's audit: merged three-way against
/// what the colleague last had from the lead; conflicts listed for `settle`.
pub fn import(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
    passphrase: &str,
) -> Result<WorkMerged> {
    let r: ReturnPackage = unseal(bytes, passphrase, RETURN_FORMAT, "Svarspaketet")?;
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    let nothing = "Ingenting har ändrats.";
    let link = work::link(conn, audit_id)?.filter(|l| l.role == "lead");
    if link.as_ref().map(|l| l.uid.as_str()) != Some(r.audit_uid.as_str()) {
        return Err(ServiceError::refused(format!(
            "Svarspaketet hör till en annan granskning. {nothing}"
        )));
    }
    let packages = work::packages(conn, audit_id)?;
    let Some(answered) = packages
        .iter()
        .find(|p| p.kind == "export" && p.package_id == r.answers_to)
    else {
        return Err(ServiceError::refused(format!(
            "Svarspaketet svarar på ett arbetspaket som inte gjordes i den här granskningen. {nothing}"
        )));
    };
    if packages.iter().any(|p| p.package_id == r.package_id) {
        return Err(ServiceError::refused(format!(
            "Svarspaketet är redan importerat. {nothing}"
        )));
    }
    if let Some(last) = packages
        .iter()
        .filter(|p| p.kind == "import" && p.controller == r.controller)
        .map(|p| p.sequence)
        .max()
        && r.sequence <= last
    {
        return Err(ServiceError::refused(format!(
            "Svarspaketet (nummer {}) är äldre än ett som redan importerats från {} (nummer {last}). {nothing}",
            r.sequence, r.controller
        )));
    }
    if matches!(audit.status, Status::Slutford | Status::Faktagranskning) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: svaren kan inte ändras. {nothing}",
            audit.status.label()
        )));
    }
    let sample = samples::current(conn, audit_id)?;
    if sample
        .as_ref()
        .is_none_or(|s| s.seed != r.seed || s.population_sha256 != r.population_sha256)
    {
        return Err(ServiceError::refused(format!(
            "Svarspaketet hör till ett tidigare urval (urvalet har dragits om sedan arbetspaketet gjordes). {nothing}"
        )));
    }
    let exported: State = work::state_from_json(&answered.state)?;
    let export_files: std::collections::BTreeSet<String> = {
        // The files of the arbetspaket: those its state or the assignment named then.
        let mut f: std::collections::BTreeSet<String> =
            exported.keys().map(|k| k.0.clone()).collect();
        f.extend(r.files.iter().cloned());
        f
    };
    let sample_files = samples::case_ids(conn, sample.as_ref().map_or(0, |s| s.id))?;
    if let Some(stray) = r.files.iter().find(|f| !sample_files.contains(f)) {
        return Err(ServiceError::refused(format!(
            "Svarspaketet innehåller akt {stray}, som inte ingår i urvalet. {nothing}"
        )));
    }
    let template = crate::templates::for_audit(conn, audit_id)?;
    let theirs = work::state_from_json(&r.state)?;
    check_state(ctx, &template, &r.files, &theirs, "Svarspaketet")?;
    // The base: what the colleague last had from us, or the state of their latest
    // svarspaket for this arbetspaket that we already merged.
    let base = match packages
        .iter()
        .rfind(|p| p.kind == "import" && p.answers_to.as_deref() == Some(&r.answers_to))
    {
        Some(p) => work::state_from_json(&p.state)?,
        None => exported,
    };
    let files: Vec<String> = export_files.into_iter().collect();
    let (ours, _) = current_state(conn, audit_id, &files)?;
    let merged = work::three_way(&base, &theirs, &ours)?;
    let now = ctx.now_text();
    let (changed, ids) = store.write(|tx| {
        let res = apply_merge(
            tx,
            audit_id,
            &ours,
            &theirs,
            &merged,
            &r.meta,
            &ctx.user,
            &now,
            &r.package_id,
        )?;
        work::add_package(
            tx,
            audit_id,
            &PackageRow {
                package_id: r.package_id.clone(),
                kind: "import".to_string(),
                controller: r.controller.clone(),
                answers_to: Some(r.answers_to.clone()),
                sequence: r.sequence,
                files: r.files.len() as i64,
                state: r.state.clone(),
                at: now.clone(),
                by_user: ctx.user.clone(),
            },
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkImported(events::WorkImported {
                package_id: r.package_id.clone(),
                answers_to: r.answers_to.clone(),
                controller: r.controller.clone(),
                sequence: r.sequence,
                merged: res.0,
                conflicts: res.1.len(),
                sha256: sha256(bytes),
            }),
        )?;
        Ok::<_, ServiceError>(res)
    })?;
    Ok(WorkMerged {
        audit: audit_id,
        merged: changed,
        conflicts: views(store.conn(), audit_id, &ids)?,
        files: r.files.len(),
    })
}

/// Settles an open conflict: `value` is `ours`, `theirs`, an answer (ja, delvis, nej,
/// ej_aktuellt) or `obesvarad`; for a note `ours` or `theirs`. Written as an ordinary
/// answer (with its history event) and `work_settled`.
pub fn settle(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    item: &str,
    value: &str,
    comment: Option<&str>,
) -> Result<ConflictView> {
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    if matches!(audit.status, Status::Slutford | Status::Faktagranskning) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: svaren kan inte ändras.",
            audit.status.label()
        )));
    }
    let item_id = if item == "anteckning" {
        NOTE_ITEM
    } else {
        item
    };
    let open: Vec<ConflictRow> = work::conflicts(conn, audit_id, true)?
        .into_iter()
        .filter(|c| c.case_id == case_id && c.item_id == item_id)
        .collect();
    let Some(c) = open.last().cloned() else {
        return Err(ServiceError::not_found(format!(
            "Ingen olöst konflikt på {item} i akt {case_id}."
        )));
    };
    let chosen: Option<Entry> = match value {
        "ours" | "vår" | "var" => c.ours.clone(),
        "theirs" | "deras" => c.theirs.clone(),
        "obesvarad" if item_id != NOTE_ITEM => None,
        v if item_id != NOTE_ITEM && ["ja", "delvis", "nej", "ej_aktuellt"].contains(&v) => {
            Some(Entry {
                value: v.to_string(),
                comment: comment
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .or_else(|| {
                        [&c.theirs, &c.ours]
                            .into_iter()
                            .flatten()
                            .find(|e| e.value == v)
                            .and_then(|e| e.comment.clone())
                    }),
            })
        }
        _ => {
            return Err(ServiceError::invalid_field(
                "Värde",
                if item_id == NOTE_ITEM {
                    "Välj vår eller deras anteckning: ours eller theirs".to_string()
                } else {
                    "Välj ours, theirs, ja, delvis, nej, ej_aktuellt eller obesvarad".to_string()
                },
            ));
        }
    };
    if let Some(t) = comment {
        crate::guard::check_text(ctx, "Kommentar", t, crate::guard::MAX_COMMENT)?;
    }
    let key = (case_id.to_string(), item_id.to_string());
    let (current, _) = current_state(conn, audit_id, &[case_id.to_string()])?;
    let now = ctx.now_text();
    store.write(|tx| {
        let old = current.get(&key);
        if old != chosen.as_ref() {
            write_entry(
                tx,
                audit_id,
                &key,
                old,
                chosen.as_ref(),
                (&ctx.user, &now),
                &now,
                events::Merged {
                    settled_conflict: Some(c.id),
                    ..Default::default()
                },
            )?;
        }
        work::settle(tx, audit_id, case_id, item_id, &chosen, &now, &ctx.user)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkSettled(events::WorkSettled {
                case_id: case_id.to_string(),
                item_id: item_id.to_string(),
                conflict: c.id,
                ours: c.ours.as_ref().map(|e| e.value.clone()),
                theirs: c.theirs.as_ref().map(|e| e.value.clone()),
                value: chosen.as_ref().map(|e| e.value.clone()),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    let settled = work::conflicts(store.conn(), audit_id, false)?
        .into_iter()
        .find(|x| x.id == c.id)
        .ok_or_else(|| ServiceError::internal("Konflikten försvann."))?;
    Ok(conflict_view(&settled))
}

/// The audit's role in work between computers, its packages and its conflicts.
pub fn status(store: &Store, audit_id: i64) -> Result<WorkStatus> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let link = work::link(conn, audit_id)?;
    Ok(WorkStatus {
        role: link.as_ref().map(|l| l.role.clone()),
        controller: link.as_ref().and_then(|l| l.controller.clone()),
        returned: link.as_ref().map_or(0, |l| l.returned),
        packages: work::packages(conn, audit_id)?
            .into_iter()
            .map(|p| WorkPackageView {
                package_id: p.package_id,
                kind: p.kind,
                controller: p.controller,
                files: p.files,
                at: p.at,
                by: p.by_user,
            })
            .collect(),
        conflicts: work::conflicts(conn, audit_id, false)?
            .iter()
            .map(conflict_view)
            .collect(),
    })
}

/// Open conflicts stop finalising: they are answers not yet decided.
pub(crate) fn open_conflicts(conn: &Connection, audit_id: i64) -> Result<usize> {
    Ok(work::conflicts(conn, audit_id, true)?.len())
}
