//! Checklist templates: the shipped standard template, listing, sharing as a file.

use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Template;
use aktgranskning_store::templates::{self, TemplateRow};
use aktgranskning_store::{Connection, audits};
use serde::Serialize;

/// One template version in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateSummary {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub items: usize,
    pub created_at: String,
    pub created_by: String,
}

/// The stored row of the standard template, inserting it on first use.
pub(crate) fn ensure_standard(conn: &Connection, at: &str) -> Result<i64> {
    let std = Template::standard();
    if let Some(row) = templates::find(conn, &std.id, std.version)? {
        return Ok(row.id);
    }
    Ok(templates::insert(
        conn,
        &TemplateRow {
            id: 0,
            template_id: std.id.clone(),
            version: std.version,
            name: std.name.clone(),
            body: std.to_json(),
            created_at: at.to_string(),
            created_by: "Aktgranskning".to_string(),
        },
    )?)
}

/// The stored template row an audit is to run with: the given id and version (latest
/// when no version), or the standard template. Returns (row id, template id, version).
pub(crate) fn resolve(
    conn: &Connection,
    at: &str,
    id: Option<&str>,
    version: Option<u32>,
) -> Result<(i64, String, u32)> {
    let standard = ensure_standard(conn, at)?;
    let Some(id) = id.map(str::trim).filter(|i| !i.is_empty()) else {
        let t = Template::standard();
        return Ok((standard, t.id, t.version));
    };
    templates::list(conn)?
        .into_iter()
        .filter(|r| r.template_id == id && version.is_none_or(|v| r.version == v))
        .max_by_key(|r| r.version)
        .map(|r| (r.id, r.template_id, r.version))
        .ok_or_else(|| {
            ServiceError::invalid_field(
                "template",
                format!("Det finns ingen mall ”{id}” i den versionen"),
            )
        })
}

fn parse(row: &TemplateRow) -> Result<Template> {
    Template::from_json(&row.body)
        .map_err(|e| ServiceError::internal(format!("En lagrad mall är skadad: {e}")))
}

/// The exact template version an audit runs with.
pub(crate) fn for_audit(conn: &Connection, audit_id: i64) -> Result<Template> {
    match audits::template_ref(conn, audit_id)? {
        Some(id) => {
            let row = templates::get(conn, id)?
                .ok_or_else(|| ServiceError::internal("Granskningens mall saknas i databasen."))?;
            parse(&row)
        }
        None => Ok(Template::standard()),
    }
}

/// Every template version in the database (the standard template included).
pub fn list_templates(store: &mut Store, ctx: &Context) -> Result<Vec<TemplateSummary>> {
    let now = ctx.now_text();
    store.write(|tx| ensure_standard(tx, &now).map(|_| ()))?;
    templates::list(store.conn())?
        .iter()
        .map(|row| {
            let t = parse(row)?;
            Ok(TemplateSummary {
                id: row.template_id.clone(),
                version: row.version,
                name: row.name.clone(),
                items: t.items.len(),
                created_at: row.created_at.clone(),
                created_by: row.created_by.clone(),
            })
        })
        .collect()
}

/// A template version as a file to share; the latest version when `version` is `None`.
pub fn export_template(
    store: &mut Store,
    ctx: &Context,
    id: &str,
    version: Option<u32>,
) -> Result<String> {
    list_templates(store, ctx)?;
    let rows = templates::list(store.conn())?;
    let row = rows
        .iter()
        .filter(|r| r.template_id == id && version.is_none_or(|v| r.version == v))
        .max_by_key(|r| r.version)
        .ok_or_else(|| match version {
            Some(v) => {
                ServiceError::not_found(format!("Det finns ingen mall ”{id}” i version {v}"))
            }
            None => ServiceError::not_found(format!("Det finns ingen mall ”{id}”")),
        })?;
    Ok(parse(row)?.to_json())
}

/// Imports a shared template file. A version that already exists with the same content is
/// accepted as is; with other content it is refused (versions never change).
pub fn import_template(store: &mut Store, ctx: &Context, text: &str) -> Result<TemplateSummary> {
    let t = Template::from_json(text).map_err(|e| ServiceError::invalid(e.to_string()))?;
    let now = ctx.now_text();
    store.write(|tx| {
        ensure_standard(tx, &now)?;
        if let Some(existing) = templates::find(tx, &t.id, t.version)? {
            if parse(&existing)? != t {
                return Err(ServiceError::refused(format!(
                    "Mallen ”{}” finns redan i version {} med annat innehåll. En mallversion ändras aldrig: ge den ändrade mallen ett nytt versionsnummer.",
                    t.id, t.version
                )));
            }
            return Ok(());
        }
        templates::insert(
            tx,
            &TemplateRow {
                id: 0,
                template_id: t.id.clone(),
                version: t.version,
                name: t.name.clone(),
                body: t.to_json(),
                created_at: now.clone(),
                created_by: ctx.user.clone(),
            },
        )?;
        Ok(())
    })?;
    Ok(TemplateSummary {
        id: t.id.clone(),
        version: t.version,
        name: t.name.clone(),
        items: t.items.len(),
        created_at: now,
        created_by: ctx.user.clone(),
    })
}
