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
    /// The version a new audit runs with unless another is chosen (the current shipped
    /// standard template).
    pub default: bool,
}

/// Who the shipped templates are recorded as created by.
const SHIPPED_BY: &str = "Aktgranskning";

/// Stores every shipped version of the standard template that is not stored yet and
/// returns the stored row of the current one (new audits' default) with its version.
///
/// A shipped version is found by its content. Its number is taken when free; when the
/// user has already saved an edit of the standard template under that number (edits are
/// saved as the template's next version), the shipped one gets the next free number
/// instead, so neither is lost and neither is changed.
pub(crate) fn ensure_standard(conn: &Connection, at: &str) -> Result<(i64, u32)> {
    let mut current = (0, 0);
    for t in Template::shipped() {
        current = ensure_shipped(conn, at, &t)?;
    }
    Ok(current)
}

/// The stored row of a shipped template version, found by its content: under its own
/// number, or the one it was given when that number was taken by an edit.
fn stored_shipped<'a>(rows: &'a [TemplateRow], t: &Template) -> Option<&'a TemplateRow> {
    let body = t.to_json();
    rows.iter().find(|r| {
        r.template_id == t.id
            && r.created_by == SHIPPED_BY
            && (r.body == body
                || Template::from_json(&r.body).is_ok_and(|mut x| {
                    x.version = t.version;
                    x == *t
                }))
    })
}

/// The row a shipped version not stored yet gets: its own number when free, else the
/// next free one (so an edit saved under that number is neither lost nor changed).
fn shipped_row(rows: &[TemplateRow], t: &Template, at: &str) -> TemplateRow {
    let taken = |v: u32| rows.iter().any(|r| r.template_id == t.id && r.version == v);
    let version = if taken(t.version) {
        rows.iter()
            .filter(|r| r.template_id == t.id)
            .map(|r| r.version)
            .max()
            .unwrap_or(0)
            + 1
    } else {
        t.version
    };
    let mut stored = t.clone();
    stored.version = version;
    TemplateRow {
        id: 0,
        template_id: t.id.clone(),
        version,
        name: t.name.clone(),
        body: if version == t.version {
            t.to_json()
        } else {
            stored.to_json()
        },
        created_at: at.to_string(),
        created_by: SHIPPED_BY.to_string(),
    }
}

fn ensure_shipped(conn: &Connection, at: &str, t: &Template) -> Result<(i64, u32)> {
    let rows = templates::list(conn)?;
    if let Some(r) = stored_shipped(&rows, t) {
        return Ok((r.id, r.version));
    }
    let row = shipped_row(&rows, t, at);
    let id = templates::insert(conn, &row)?;
    Ok((id, row.version))
}

/// Every template version as the user sees it, without writing: the stored ones and each
/// shipped version not stored yet, numbered as it will be stored (id 0). The second
/// value is the position of the current standard template, new audits' default.
fn all_rows(conn: &Connection) -> Result<(Vec<TemplateRow>, usize)> {
    let mut rows = templates::list(conn)?;
    let mut current = None;
    for t in Template::shipped() {
        let version = match stored_shipped(&rows, &t) {
            Some(r) => r.version,
            None => {
                let row = shipped_row(&rows, &t, "");
                let v = row.version;
                rows.push(row);
                v
            }
        };
        current = Some((t.id.clone(), version));
    }
    rows.sort_by(|a, b| (&a.template_id, a.version).cmp(&(&b.template_id, b.version)));
    let default = current
        .and_then(|(id, v)| {
            rows.iter()
                .position(|r| r.template_id == id && r.version == v)
        })
        .unwrap_or(0);
    Ok((rows, default))
}

/// The stored template row an audit is to run with: the given id and version (latest
/// when no version), or the standard template. Returns (row id, template id, version).
pub(crate) fn resolve(
    conn: &Connection,
    at: &str,
    id: Option<&str>,
    version: Option<u32>,
) -> Result<(i64, String, u32)> {
    let (standard, standard_version) = ensure_standard(conn, at)?;
    let Some(id) = id.map(str::trim).filter(|i| !i.is_empty()) else {
        return Ok((standard, Template::standard().id, standard_version));
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

pub(crate) fn parse(row: &TemplateRow) -> Result<Template> {
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
        // Audits made before templates were stored ran with version 1.
        None => Ok(Template::standard_v1()),
    }
}

/// The name and version of the template an audit runs with, as shown to users:
/// `Standardmall, version 1`.
pub(crate) fn label_for_audit(conn: &Connection, audit_id: i64) -> Result<String> {
    let (name, version) = match audits::template_ref(conn, audit_id)? {
        Some(id) => templates::get(conn, id)?
            .map(|r| (r.name, r.version))
            .ok_or_else(|| ServiceError::internal("Granskningens mall saknas i databasen."))?,
        None => {
            let t = Template::standard_v1();
            (t.name, t.version)
        }
    };
    Ok(format!("{name}, version {version}"))
}

/// Every template version in the database, the shipped standard versions included (also
/// those not stored yet: reading never writes).
pub fn list_templates(store: &Store) -> Result<Vec<TemplateSummary>> {
    let (rows, default) = all_rows(store.conn())?;
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let t = parse(row)?;
            Ok(TemplateSummary {
                id: row.template_id.clone(),
                version: row.version,
                name: row.name.clone(),
                items: t.items.len(),
                created_at: row.created_at.clone(),
                created_by: row.created_by.clone(),
                default: i == default,
            })
        })
        .collect()
}

/// A template version as a file to share; the latest version when `version` is `None`.
pub fn export_template(store: &Store, id: &str, version: Option<u32>) -> Result<String> {
    let (rows, _) = all_rows(store.conn())?;
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
        default: false,
    })
}

/// One template version with its items, for editing; the latest version when `version`
/// is `None`.
pub fn get_template(store: &Store, id: &str, version: Option<u32>) -> Result<Template> {
    Template::from_json(&export_template(store, id, version)?)
        .map_err(|e| ServiceError::internal(e.to_string()))
}

/// Saves an edited template (name, thresholds, items) as the next version of its id, or,
/// with `new_id`, as version 1 of a copy under that id. Texts are trimmed and an empty
/// livsområde is none. Refused when nothing changed from the latest version, when the copy's
/// id is taken, or when the template is not valid (the message names the item and field).
pub fn save_template(
    store: &mut Store,
    ctx: &Context,
    edited: Template,
    new_id: Option<&str>,
) -> Result<TemplateSummary> {
    let mut t = edited;
    t.format = aktgranskning_core::checklist::TEMPLATE_FORMAT.to_string();
    t.name = t.name.trim().to_string();
    for item in &mut t.items {
        for text in [
            &mut item.id,
            &mut item.area,
            &mut item.text,
            &mut item.basis,
        ] {
            *text = text.trim().to_string();
        }
        for field in [&mut item.livsomrade, &mut item.metodstod, &mut item.notes] {
            *field = field
                .take()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty());
        }
    }
    if t.name.is_empty() {
        return Err(ServiceError::invalid_field("Namn", "Ange mallens namn"));
    }
    let th = t.thresholds;
    if !(th.gul_bp < th.gron_bp && th.gron_bp <= 10_000) {
        return Err(ServiceError::invalid_field(
            "Gränser",
            "Gränsen för Grön ska vara högre än gränsen för Gul och högst 100 %",
        ));
    }
    let now = ctx.now_text();
    store.write(|tx| ensure_standard(tx, &now))?;
    let rows = templates::list(store.conn())?;
    let latest = |id: &str| {
        rows.iter()
            .filter(|r| r.template_id == id)
            .max_by_key(|r| r.version)
    };
    match new_id.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => {
            if !aktgranskning_core::checklist::is_valid_id(n) {
                return Err(ServiceError::invalid_field(
                    "Nytt id",
                    format!(
                        "Ogiltigt id ”{n}”: använd små bokstäver a–z, siffror, punkt och understreck"
                    ),
                ));
            }
            if latest(n).is_some() {
                return Err(ServiceError::refused(format!(
                    "Det finns redan en mall med id ”{n}”: välj ett annat id, eller spara en ny version av den."
                )));
            }
            t.id = n.to_string();
            t.version = 1;
            t.mark_comparability(None);
        }
        None => {
            let row = latest(&t.id).ok_or_else(|| {
                ServiceError::not_found(format!("Det finns ingen mall ”{}”", t.id))
            })?;
            let previous = parse(row)?;
            let mut unchanged = previous.clone();
            unchanged.version = t.version;
            if unchanged == t {
                return Err(ServiceError::refused(
                    "Mallen är oförändrad: ändra något innan du sparar en ny version.",
                ));
            }
            t.version = row.version + 1;
            // Which items' results compare with the version it was edited from.
            t.mark_comparability(Some(&previous));
        }
    }
    t.validate()
        .map_err(|e| ServiceError::invalid(e.to_string()))?;
    import_template(store, ctx, &t.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktgranskning_core::checklist::Thresholds;

    #[test]
    fn reading_templates_writes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let listed = list_templates(&store).unwrap();
        let shipped = Template::shipped();
        assert_eq!(listed.len(), shipped.len(), "{listed:?}");
        let current = listed.iter().find(|t| t.default).unwrap();
        assert_eq!(current.version, Template::standard().version);
        assert_eq!(
            get_template(&store, "standardmall", None).unwrap(),
            Template::standard()
        );
        export_template(&store, "standardmall", Some(1)).unwrap();
        assert!(
            templates::list(store.conn()).unwrap().is_empty(),
            "listing, reading and exporting stored nothing"
        );
        // Stored when an audit needs them, under the numbers the list showed.
        let mut store = store;
        store
            .write(|tx| ensure_standard(tx, "2026-12-07T00:00:00Z"))
            .unwrap();
        let after = list_templates(&store).unwrap();
        let key = |l: &[TemplateSummary]| {
            l.iter()
                .map(|t| (t.id.clone(), t.version, t.default))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&after), key(&listed));
    }

    #[test]
    fn an_edited_template_becomes_a_new_version_or_a_copy_and_bad_edits_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let ctx = Context::new("testare");
        let std = get_template(&store, "standardmall", None).unwrap();
        assert_eq!(std, Template::standard());

        // A new version: new name and thresholds, one text changed, one item added.
        let mut edited = std.clone();
        edited.name = "  Standardmall, skärpt ".into();
        edited.thresholds = Thresholds {
            gron_bp: 9500,
            gul_bp: 8000,
        };
        edited.items[0].text = " Ansökan är registrerad med alla uppgifter. ".into();
        let mut added = edited.items[1].clone();
        added.id = "egen.fraga".into();
        added.text = "En egen fråga.".into();
        added.livsomrade = Some(" ".into());
        edited.items.push(added);
        let v3 = save_template(&mut store, &ctx, edited, None).unwrap();
        assert_eq!(
            (v3.id.as_str(), v3.version, v3.items, v3.name.as_str()),
            ("standardmall", 3, 39, "Standardmall, skärpt")
        );
        let saved = get_template(&store, "standardmall", Some(3)).unwrap();
        assert_eq!(
            saved.items[0].text,
            "Ansökan är registrerad med alla uppgifter."
        );
        assert_eq!(saved.items[38].livsomrade, None);
        assert_eq!(saved.thresholds.gron_bp, 9500);
        // Comparability is stated against the version it was edited from: the changed
        // and the added item are not comparable, the others are.
        assert_eq!(saved.items[0].comparable_with, None);
        assert_eq!(saved.items[38].comparable_with, None);
        assert!(
            saved.items[1..38]
                .iter()
                .all(|i| i.comparable_with.as_deref() == Some(i.id.as_str()))
        );
        // The shipped versions are untouched, and the latest version is what a plain read
        // gives.
        assert_eq!(
            get_template(&store, "standardmall", Some(1)).unwrap(),
            Template::standard_v1()
        );
        assert_eq!(
            get_template(&store, "standardmall", Some(2)).unwrap(),
            Template::standard()
        );
        assert_eq!(get_template(&store, "standardmall", None).unwrap(), saved);

        // Saving it again unchanged is refused; so is a copy under a taken id.
        let e = save_template(&mut store, &ctx, saved.clone(), None).unwrap_err();
        assert!(e.message.contains("oförändrad"), "{}", e.message);
        let copy = save_template(&mut store, &ctx, saved.clone(), Some("egen_mall")).unwrap();
        assert_eq!((copy.id.as_str(), copy.version), ("egen_mall", 1));
        let copied = get_template(&store, "egen_mall", None).unwrap();
        assert!(copied.items.iter().all(|i| i.comparable_with.is_none()));
        let e = save_template(&mut store, &ctx, saved.clone(), Some("egen_mall")).unwrap_err();
        assert!(e.message.contains("finns redan"), "{}", e.message);
        let e = save_template(&mut store, &ctx, saved.clone(), Some("Egen Mall")).unwrap_err();
        assert_eq!(e.errors[0].column.as_deref(), Some("Nytt id"));

        // Invalid edits name what is wrong, and nothing is stored.
        let mut bad = saved.clone();
        bad.thresholds.gul_bp = 9600;
        let e = save_template(&mut store, &ctx, bad, None).unwrap_err();
        assert_eq!(e.errors[0].column.as_deref(), Some("Gränser"));
        let mut bad = saved.clone();
        bad.items[3].text = "   ".into();
        let e = save_template(&mut store, &ctx, bad, None).unwrap_err();
        assert_eq!(e.message, "Fråga 4 saknar text");
        let mut bad = saved.clone();
        bad.items[5].id = bad.items[2].id.clone();
        let e = save_template(&mut store, &ctx, bad, None).unwrap_err();
        assert!(e.message.contains("mer än en gång"), "{}", e.message);
        let mut bad = saved;
        bad.name = " ".into();
        let e = save_template(&mut store, &ctx, bad, None).unwrap_err();
        assert_eq!(e.errors[0].column.as_deref(), Some("Namn"));
        assert_eq!(list_templates(&store).unwrap().len(), 4);
    }

    /// A database where the user saved an edit of the standard template as version 2
    /// before version 2 was shipped: the edit stays version 2, the shipped one is stored
    /// as the next free version and becomes new audits' default; once, not on every start.
    #[test]
    fn a_shipped_version_never_overwrites_a_users_edit_under_its_number() {
        let mut store = Store::open_in_memory().unwrap();
        let ctx = Context::new("testare");
        let mut mine = Template::standard_v1();
        mine.version = 2;
        mine.name = "Vår egen standardmall".into();
        store
            .write(|tx| {
                ensure_shipped(tx, "2026-01-01T00:00:00Z", &Template::standard_v1())?;
                templates::insert(
                    tx,
                    &TemplateRow {
                        id: 0,
                        template_id: mine.id.clone(),
                        version: 2,
                        name: mine.name.clone(),
                        body: mine.to_json(),
                        created_at: "2026-01-01T00:00:00Z".into(),
                        created_by: "testare".into(),
                    },
                )?;
                Ok::<_, ServiceError>(())
            })
            .unwrap();
        let listed = list_templates(&store).unwrap();
        let versions: Vec<(u32, &str)> = listed
            .iter()
            .map(|t| (t.version, t.name.as_str()))
            .collect();
        assert_eq!(
            versions,
            [
                (1, "Standardmall"),
                (2, "Vår egen standardmall"),
                (3, "Standardmall")
            ]
        );
        assert_eq!(list_templates(&store).unwrap().len(), 3, "once");
        let defaults: Vec<u32> = listed
            .iter()
            .filter(|t| t.default)
            .map(|t| t.version)
            .collect();
        assert_eq!(
            defaults,
            [3],
            "the shipped version 2 content is the default"
        );
        let shipped = get_template(&store, "standardmall", Some(3)).unwrap();
        assert_eq!(shipped.items, Template::standard().items);
        let now = ctx.now_text();
        let (_, default_version) = store.write(|tx| ensure_standard(tx, &now)).unwrap();
        assert_eq!(default_version, 3);
    }
}
