//! Recommendations (rekommendationer): what the audit says must be done, kept apart from
//! the findings (what was seen). A recommendation may answer a finding; a Gul or Röd
//! finding without one is pointed out before finalising, not forced. After finalising,
//! the nämnd's response, the responsible role and the due date are recorded per
//! recommendation without reopening the audit; every change is in the history.

use crate::chapters::require_editable;
use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Grade;
use aktgranskning_store::findings;
use aktgranskning_store::recommendations::{self, RecommendationRow};
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// A recommendation as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Recommendation {
    pub id: i64,
    pub text: String,
    /// The finding it answers.
    pub finding: Option<i64>,
    /// The nämnd's response (nämndens svar / beslutad åtgärd).
    pub response: Option<String>,
    /// The responsible role.
    pub owner: Option<String>,
    /// Due date, `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `utan_svar` until the nämnd's response is recorded, then `besvarad`.
    pub status: String,
}

fn view(r: RecommendationRow) -> Recommendation {
    Recommendation {
        status: if r.response.is_some() {
            "besvarad"
        } else {
            "utan_svar"
        }
        .to_string(),
        id: r.id,
        text: r.text,
        finding: r.finding_id,
        response: r.response,
        owner: r.owner,
        due: r.due,
    }
}

/// A text a user typed: trimmed (`None` when empty), free of personal data and not too
/// long; an error names the field by `label`.
fn checked(ctx: &Context, label: &str, text: &str, max: usize) -> Result<Option<String>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::guard::check_text(ctx, label, t, max)?;
    Ok(Some(t.to_string()))
}

/// The audit's recommendations, in the order they were made.
pub fn list_recommendations(store: &Store, audit_id: i64) -> Result<Vec<Recommendation>> {
    require(store.conn(), audit_id)?;
    Ok(recommendations::list(store.conn(), audit_id)?
        .into_iter()
        .map(view)
        .collect())
}

/// Adds a recommendation, worded as an action ("Samtycke ska systematiskt inhämtas och
/// dokumenteras i journalen."), optionally answering one of the audit's findings.
pub fn add_recommendation(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    text: &str,
    finding: Option<i64>,
) -> Result<Recommendation> {
    require_editable(store, audit_id)?;
    let text = checked(
        ctx,
        "Rekommendationens text",
        text,
        crate::guard::MAX_COMMENT,
    )?
    .ok_or_else(|| {
        ServiceError::invalid_field(
            "Rekommendationens text",
            "Rekommendationens text får inte vara tom",
        )
    })?;
    if let Some(f) = finding
        && findings::get(store.conn(), audit_id, f)?.is_none()
    {
        return Err(ServiceError::invalid_field(
            "Bedömning",
            format!("Det finns ingen bedömning med id {f} i granskningen"),
        ));
    }
    let row = RecommendationRow {
        id: 0,
        finding_id: finding,
        text,
        response: None,
        owner: None,
        due: None,
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
    };
    let id = store.write(|tx| {
        let id = recommendations::insert(tx, audit_id, &row)?;
        events::record(
            tx,
            audit_id,
            &row.updated_at,
            &ctx.user,
            &Event::RecommendationAdded(events::RecommendationAdded {
                recommendation: id,
                text: Some(row.text.clone()),
                finding: row.finding_id,
            }),
        )?;
        Ok::<_, ServiceError>(id)
    })?;
    Ok(view(RecommendationRow { id, ..row }))
}

/// Records the nämnd's response to a recommendation, with the responsible role and the
/// due date when given. Allowed on a finalised audit (the response comes after the
/// report); each change is in the history with the earlier values.
pub fn respond_to_recommendation(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    id: i64,
    response: &str,
    owner: Option<&str>,
    due: Option<&str>,
) -> Result<Recommendation> {
    require(store.conn(), audit_id)?;
    if aktgranskning_store::gallring::is_gallrad(store.conn(), audit_id)? {
        return Err(ServiceError::refused(
            "Granskningen är gallrad: rekommendationerna kan läsas men inte längre ändras.",
        ));
    }
    let old = recommendations::get(store.conn(), audit_id, id)?.ok_or_else(|| {
        ServiceError::not_found(format!(
            "Det finns ingen rekommendation med id {id} i granskningen"
        ))
    })?;
    let response =
        checked(ctx, "Nämndens svar", response, crate::guard::MAX_COMMENT)?.ok_or_else(|| {
            ServiceError::invalid_field("Nämndens svar", "Nämndens svar får inte vara tomt")
        })?;
    let owner = match owner {
        Some(o) => checked(ctx, "Ansvarig", o, crate::guard::MAX_SHORT)?,
        None => old.owner.clone(),
    };
    let due = match due.map(str::trim) {
        Some("") => None,
        Some(d) => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| {
                    ServiceError::invalid_field(
                        "Klart senast",
                        format!("”{d}” är inget datum: skriv det som ÅÅÅÅ-MM-DD, till exempel 2027-03-31"),
                    )
                })?
                .to_string(),
        ),
        None => old.due.clone(),
    };
    let new = RecommendationRow {
        response: Some(response),
        owner,
        due,
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
        ..old.clone()
    };
    store.write(|tx| {
        recommendations::set_response(tx, audit_id, &new)?;
        events::record(
            tx,
            audit_id,
            &new.updated_at,
            &ctx.user,
            &Event::RecommendationResponded(events::RecommendationResponded {
                recommendation: id,
                old: events::Response {
                    response: old.response.clone(),
                    owner: old.owner.clone(),
                    due: old.due.clone(),
                },
                new: events::Response {
                    response: new.response.clone(),
                    owner: new.owner.clone(),
                    due: new.due.clone(),
                },
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(view(new))
}

/// The Gul and Röd findings that no recommendation answers, as Swedish lines for a
/// warning before finalising ("Röd, kapitel 8: …").
pub fn findings_without_recommendation(store: &Store, audit_id: i64) -> Result<Vec<String>> {
    let answered: std::collections::HashSet<i64> = recommendations::list(store.conn(), audit_id)?
        .into_iter()
        .filter_map(|r| r.finding_id)
        .collect();
    Ok(findings::list(store.conn(), audit_id)?
        .into_iter()
        .filter(|f| !answered.contains(&f.id))
        .filter_map(|f| {
            let g = Grade::parse(&f.grade)?;
            (g != Grade::Gron).then(|| {
                let short: String = f.text.chars().take(80).collect();
                let more = if f.text.chars().count() > 80 {
                    " …"
                } else {
                    ""
                };
                format!(
                    "{}, kapitel {} (bedömning {}): {short}{more}",
                    g.label(),
                    f.chapter,
                    f.id
                )
            })
        })
        .collect())
}

/// A recommendation in the register across audits: where it comes from, the nämnd's
/// response, and what became of it by the latest follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegisterEntry {
    pub audit: i64,
    pub unit: String,
    pub org: String,
    pub diarienr: String,
    /// The audit's reference date, `YYYY-MM-DD`.
    pub date: String,
    /// The audit's status in words (Granskning, Slutförd …).
    pub audit_status: String,
    pub id: i64,
    pub text: String,
    pub response: Option<String>,
    pub owner: Option<String>,
    /// Due date, `YYYY-MM-DD`.
    pub due: Option<String>,
    /// By the latest follow-up that answered it: `genomford`, `pagar`, `ej_paborjad`,
    /// `ej_aktuell`; `ej_uppfoljd` until a follow-up has.
    pub status: String,
    /// The unit's answer in that follow-up.
    pub answer: Option<String>,
    /// The follow-up audit that answered.
    pub followed_up_in: Option<i64>,
    /// Not Genomförd or Ej längre aktuell.
    pub open: bool,
    /// Open and past its due date.
    pub overdue: bool,
}

/// The register's status filter: a follow-up status, `ej_uppfoljd`, or `oppen` (every
/// one not done).
pub const REGISTER_STATUSES: [&str; 6] = [
    "oppen",
    "ej_uppfoljd",
    "genomford",
    "pagar",
    "ej_paborjad",
    "ej_aktuell",
];

/// Every audit's recommendations, filtered by unit, status and overdue (`today` decides
/// what is overdue), ordered by unit, audit date and recommendation.
pub fn register(
    store: &Store,
    today: NaiveDate,
    unit: Option<&str>,
    status_wanted: Option<&str>,
    overdue_only: bool,
) -> Result<Vec<RegisterEntry>> {
    if let Some(s) = status_wanted
        && !REGISTER_STATUSES.contains(&s)
    {
        return Err(ServiceError::invalid_field(
            "Status",
            format!("Okänd status ”{s}”: ange {}", REGISTER_STATUSES.join(", ")),
        ));
    }
    let conn = store.conn();
    let all = aktgranskning_store::audits::list(conn)?;
    // Per recommendation, the latest follow-up's answer (follow-ups in id order, oldest
    // first: later ones replace earlier).
    let mut answered = std::collections::HashMap::new();
    for a in all.iter().rev() {
        if aktgranskning_store::audits::follows(conn, a.id)?.is_some() {
            for f in aktgranskning_store::followups::list(conn, a.id)? {
                answered.insert(f.recommendation_id, (a.id, f.status, f.answer));
            }
        }
    }
    let mut out = Vec::new();
    let mut audits: Vec<_> = all
        .iter()
        .filter(|a| unit.is_none_or(|u| a.unit == u))
        .collect();
    audits
        .sort_by(|x, y| (&x.unit, x.reference_date, x.id).cmp(&(&y.unit, y.reference_date, y.id)));
    for a in audits {
        for r in recommendations::list(conn, a.id)? {
            let followed = answered.get(&r.id);
            let status = followed.map_or("ej_uppfoljd", |(_, s, _)| s.as_str());
            let open = !matches!(status, "genomford" | "ej_aktuell");
            let overdue = open
                && r.due
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .is_some_and(|d| d < today);
            let wanted = match status_wanted {
                None => true,
                Some("oppen") => open,
                Some(s) => s == status,
            };
            if !wanted || (overdue_only && !overdue) {
                continue;
            }
            out.push(RegisterEntry {
                audit: a.id,
                unit: a.unit.clone(),
                org: a.org.clone(),
                diarienr: a.diarienr.clone(),
                date: a.reference_date.to_string(),
                audit_status: a.status.label().to_string(),
                id: r.id,
                text: r.text,
                response: r.response,
                owner: r.owner,
                due: r.due,
                status: status.to_string(),
                answer: followed.map(|(_, _, a)| a.clone()),
                followed_up_in: followed.map(|(f, _, _)| *f),
                open,
                overdue,
            });
        }
    }
    Ok(out)
}
