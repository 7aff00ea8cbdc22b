//! Checklist templates: the shipped standard template, listing, sharing as a file.

use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Template;
use aktgranskning_store::templates::{self, TemplateRow};
use aktgranskning_store::{Connection, audits};
use serde::Serialize;

/// One template version in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
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

/// Saves a new version of a template (the latest version of `id`, or a copy under a new
/// id when `new_id` is given) with a new name and grade thresholds; items are unchanged.
/// Thresholds are whole basis points of the compliance rate (90 % = 9000).
pub fn save_template_version(
    store: &mut Store,
    ctx: &Context,
    id: &str,
    new_id: Option<&str>,
    name: &str,
    thresholds: aktgranskning_core::checklist::Thresholds,
) -> Result<TemplateSummary> {
    let mut t = Template::from_json(&export_template(store, ctx, id, None)?)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(ServiceError::invalid_field("Namn", "Ange mallens namn"));
    }
    if !(thresholds.gul_bp < thresholds.gron_bp && thresholds.gron_bp <= 10_000) {
        return Err(ServiceError::invalid_field(
            "Gränser",
            "Gränsen för Grön ska vara högre än gränsen för Gul och högst 100 %",
        ));
    }
    match new_id.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => {
            t.id = n.to_string();
            t.version = 1;
        }
        None => {
            let latest = templates::list(store.conn())?
                .iter()
                .filter(|r| r.template_id == t.id)
                .map(|r| r.version)
                .max()
                .unwrap_or(t.version);
            t.version = latest + 1;
        }
    }
    t.name = name.to_string();
    t.thresholds = thresholds;
    t.validate()
        .map_err(|e| ServiceError::invalid(e.to_string()))?;
    if templates::list(store.conn())?
        .iter()
        .any(|r| r.template_id == t.id && r.version == t.version)
    {
        return Err(ServiceError::refused(format!(
            "Det finns redan en mall ”{}” i version {}: välj ett annat id.",
            t.id, t.version
        )));
    }
    import_template(store, ctx, &t.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktgranskning_core::checklist::Thresholds;

    #[test]
    fn a_new_version_or_copy_keeps_the_items_and_changes_name_and_thresholds() {
        let mut store = Store::open(None).unwrap();
        let ctx = Context::new("testare");
        let t = |gron_bp, gul_bp| Thresholds { gron_bp, gul_bp };
        let v2 = save_template_version(
            &mut store,
            &ctx,
            "standardmall",
            None,
            "Standardmall, skärpt",
            t(9500, 8000),
        )
        .unwrap();
        assert_eq!(
            (v2.id.as_str(), v2.version, v2.items),
            ("standardmall", 2, 32)
        );
        let json = export_template(&mut store, &ctx, "standardmall", Some(2)).unwrap();
        assert_eq!(
            Template::from_json(&json).unwrap().thresholds,
            t(9500, 8000)
        );
        let copy = save_template_version(
            &mut store,
            &ctx,
            "standardmall",
            Some("egen_mall"),
            "Egen mall",
            t(9000, 7500),
        )
        .unwrap();
        assert_eq!((copy.id.as_str(), copy.version), ("egen_mall", 1));
        let e = save_template_version(&mut store, &ctx, "standardmall", None, "X", t(7000, 8000))
            .unwrap_err();
        assert_eq!(e.errors[0].column.as_deref(), Some("Gränser"));
        let e = save_template_version(
            &mut store,
            &ctx,
            "standardmall",
            Some("egen_mall"),
            "Egen",
            t(9000, 7500),
        )
        .unwrap_err();
        assert!(e.message.contains("finns redan"), "{}", e.message);
        assert_eq!(list_templates(&mut store, &ctx).unwrap().len(), 3);
    }
}
