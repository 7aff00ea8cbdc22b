//! Work between two computers (docs/work-packages.md): the tables that tie a colleague's
//! copy to the lead's audit (`work_links`), the packages made and imported
//! (`work_packages`), the conflicts waiting for a person (`work_conflicts`), and the
//! three-way merge itself, done by SQLite's session extension: the changes from the
//! common base to the other side are recorded as a changeset and applied to this side
//! with a conflict handler, which never overwrites: a row changed on both sides is left
//! as it is here and reported.

use crate::{Result, StoreError};
use rusqlite::session::{ConflictAction, ConflictType, Session};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// One side's value of an answer (or, with item `""`, of the file's note: its text in
/// `value`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub value: String,
    pub comment: Option<String>,
}

/// The state of a set of files: (case id, item id) → entry. A key not present is
/// unanswered (or has no note).
pub type State = BTreeMap<(String, String), Entry>;

/// Serialises a state as a JSON list (keys as fields; JSON objects need string keys).
pub fn state_to_json(s: &State) -> String {
    let list: Vec<serde_json::Value> = s
        .iter()
        .map(|((c, i), e)| {
            serde_json::json!({"case_id": c, "item_id": i, "value": e.value, "comment": e.comment})
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// Reads a state written by [`state_to_json`].
pub fn state_from_json(j: &str) -> Result<State> {
    #[derive(Deserialize)]
    struct Row {
        case_id: String,
        item_id: String,
        value: String,
        comment: Option<String>,
    }
    let rows: Vec<Row> = serde_json::from_str(j).map_err(|_| StoreError::Corrupt("work state"))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                (r.case_id, r.item_id),
                Entry {
                    value: r.value,
                    comment: r.comment,
                },
            )
        })
        .collect())
}

/// What a three-way merge gives: this side's new state, and the keys changed on both
/// sides to different values (left as this side had them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub state: State,
    pub conflicts: Vec<(String, String)>,
}

const MERGE_TABLE: &str = "CREATE TABLE s (case_id TEXT NOT NULL, item_id TEXT NOT NULL,
    value TEXT NOT NULL, comment TEXT, PRIMARY KEY (case_id, item_id))";

fn load(conn: &Connection, s: &State) -> Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO s (case_id, item_id, value, comment) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (case_id, item_id) DO UPDATE SET value = excluded.value, comment = excluded.comment
         WHERE value IS NOT excluded.value OR comment IS NOT excluded.comment",
    )?;
    for ((c, i), e) in s {
        stmt.execute(params![c, i, e.value, e.comment])?;
    }
    Ok(())
}

fn read(conn: &Connection) -> Result<State> {
    let mut stmt = conn.prepare("SELECT case_id, item_id, value, comment FROM s")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            Entry {
                value: r.get(2)?,
                comment: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<State>>()?)
}

/// Merges `theirs` into `ours`, both descended from `base`: the changeset from `base` to
/// `theirs` (recorded by a session) is applied to `ours`. Column by column: an answer
/// whose value changed on one side and comment on the other takes both. A row changed
/// on both sides to different values is a conflict: ours stays, the key is reported. A
/// row changed on both sides to the same values is no conflict.
pub fn three_way(base: &State, theirs: &State, ours: &State) -> Result<Merged> {
    // The changes from base to theirs, as SQLite's session extension records them.
    let from = Connection::open_in_memory()?;
    from.execute_batch(MERGE_TABLE)?;
    load(&from, base)?;
    let changeset = {
        let mut session = Session::new(&from)?;
        session.attach(Some("s"))?;
        for key in base.keys().filter(|k| !theirs.contains_key(*k)) {
            from.execute(
                "DELETE FROM s WHERE case_id = ?1 AND item_id = ?2",
                params![key.0, key.1],
            )?;
        }
        load(&from, theirs)?;
        session.changeset()?
    };
    // Applied to ours; the handler only ever omits (ours stays) and notes the row.
    let to = Connection::open_in_memory()?;
    to.execute_batch(MERGE_TABLE)?;
    load(&to, ours)?;
    let clashed: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let seen = Arc::clone(&clashed);
    to.apply(&changeset, None::<fn(&str) -> bool>, move |kind, item| {
        let insert = item
            .op()
            .is_ok_and(|o| o.code() == rusqlite::hooks::Action::SQLITE_INSERT);
        let text = |col: usize| {
            let v = if insert {
                item.new_value(col)
            } else {
                item.old_value(col)
            };
            match v {
                Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            }
        };
        if matches!(
            kind,
            ConflictType::SQLITE_CHANGESET_DATA
                | ConflictType::SQLITE_CHANGESET_NOTFOUND
                | ConflictType::SQLITE_CHANGESET_CONFLICT
        ) && let Ok(mut v) = seen.lock()
        {
            v.push((text(0), text(1)));
        }
        ConflictAction::SQLITE_CHANGESET_OMIT
    })?;
    let state = read(&to)?;
    let mut conflicts: Vec<(String, String)> = clashed
        .lock()
        .map(|v| v.clone())
        .unwrap_or_default()
        .into_iter()
        // Both sides arrived at the same: nothing to settle.
        .filter(|k| ours.get(k) != theirs.get(k))
        .collect();
    conflicts.sort();
    conflicts.dedup();
    Ok(Merged { state, conflicts })
}

/// An audit's link to work on other computers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub audit_id: i64,
    pub uid: String,
    /// `lead` or `copy`.
    pub role: String,
    pub controller: Option<String>,
    pub lead_package: Option<String>,
    pub base: Option<String>,
    pub draw: Option<String>,
    pub returned: i64,
}

pub fn link(conn: &Connection, audit_id: i64) -> Result<Option<Link>> {
    Ok(conn
        .query_row(
            "SELECT audit_id, uid, role, controller, lead_package, base, draw, returned
             FROM work_links WHERE audit_id = ?1",
            [audit_id],
            link_row,
        )
        .optional()?)
}

fn link_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        audit_id: r.get(0)?,
        uid: r.get(1)?,
        role: r.get(2)?,
        controller: r.get(3)?,
        lead_package: r.get(4)?,
        base: r.get(5)?,
        draw: r.get(6)?,
        returned: r.get(7)?,
    })
}

/// The copy of the lead audit `uid` in this database, if any.
pub fn copy_of(conn: &Connection, uid: &str) -> Result<Option<Link>> {
    Ok(conn
        .query_row(
            "SELECT w.audit_id, w.uid, w.role, w.controller, w.lead_package, w.base, w.draw,
                    w.returned
             FROM work_links w JOIN audits a ON a.id = w.audit_id
             WHERE w.uid = ?1 AND w.role = 'copy' AND a.removed_at IS NULL",
            [uid],
            link_row,
        )
        .optional()?)
}

pub fn set_link(conn: &Connection, l: &Link) -> Result<()> {
    conn.execute(
        "INSERT INTO work_links (audit_id, uid, role, controller, lead_package, base, draw, returned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (audit_id) DO UPDATE SET lead_package = excluded.lead_package,
             base = excluded.base, draw = excluded.draw, returned = excluded.returned",
        params![
            l.audit_id,
            l.uid,
            l.role,
            l.controller,
            l.lead_package,
            l.base,
            l.draw,
            l.returned
        ],
    )?;
    Ok(())
}

/// A package made or imported on the lead's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRow {
    pub package_id: String,
    /// `export` or `import`.
    pub kind: String,
    pub controller: String,
    pub answers_to: Option<String>,
    pub sequence: i64,
    pub files: i64,
    pub state: String,
    pub at: String,
    pub by_user: String,
}

pub fn add_package(conn: &Connection, audit_id: i64, p: &PackageRow) -> Result<()> {
    conn.execute(
        "INSERT INTO work_packages (audit_id, package_id, kind, controller, answers_to, sequence,
                                    files, state, at, by_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            audit_id,
            p.package_id,
            p.kind,
            p.controller,
            p.answers_to,
            p.sequence,
            p.files,
            p.state,
            p.at,
            p.by_user
        ],
    )?;
    Ok(())
}

/// The audit's packages, oldest first.
pub fn packages(conn: &Connection, audit_id: i64) -> Result<Vec<PackageRow>> {
    let mut stmt = conn.prepare(
        "SELECT package_id, kind, controller, answers_to, sequence, files, state, at, by_user
         FROM work_packages WHERE audit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([audit_id], |r| {
        Ok(PackageRow {
            package_id: r.get(0)?,
            kind: r.get(1)?,
            controller: r.get(2)?,
            answers_to: r.get(3)?,
            sequence: r.get(4)?,
            files: r.get(5)?,
            state: r.get(6)?,
            at: r.get(7)?,
            by_user: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A package with this id in any audit of this database: (audit, row).
pub fn find_package(conn: &Connection, package_id: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT audit_id, kind FROM work_packages WHERE package_id = ?1",
            [package_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A conflict as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: i64,
    pub package_id: String,
    pub case_id: String,
    pub item_id: String,
    pub ours: Option<Entry>,
    pub theirs: Option<Entry>,
    pub theirs_by: Option<String>,
    pub found_at: String,
    pub settled_at: Option<String>,
    pub settled_by: Option<String>,
    pub settled: Option<Entry>,
}

fn entry_json(e: &Option<Entry>) -> Option<String> {
    e.as_ref()
        .map(|e| serde_json::json!([e.value, e.comment]).to_string())
}

fn entry_from(j: Option<String>) -> Option<Entry> {
    let (value, comment): (String, Option<String>) = serde_json::from_str(&j?).ok()?;
    Some(Entry { value, comment })
}

pub fn add_conflict(conn: &Connection, audit_id: i64, c: &ConflictRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO work_conflicts (audit_id, package_id, case_id, item_id, ours, theirs,
                                     theirs_by, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            audit_id,
            c.package_id,
            c.case_id,
            c.item_id,
            entry_json(&c.ours),
            entry_json(&c.theirs),
            c.theirs_by,
            c.found_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The audit's conflicts, oldest first; `open_only` leaves the settled out.
pub fn conflicts(conn: &Connection, audit_id: i64, open_only: bool) -> Result<Vec<ConflictRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, package_id, case_id, item_id, ours, theirs, theirs_by, found_at,
                settled_at, settled_by, settled
         FROM work_conflicts WHERE audit_id = ?1 AND (?2 = 0 OR settled_at IS NULL)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![audit_id, open_only], |r| {
        Ok(ConflictRow {
            id: r.get(0)?,
            package_id: r.get(1)?,
            case_id: r.get(2)?,
            item_id: r.get(3)?,
            ours: entry_from(r.get(4)?),
            theirs: entry_from(r.get(5)?),
            theirs_by: r.get(6)?,
            found_at: r.get(7)?,
            settled_at: r.get(8)?,
            settled_by: r.get(9)?,
            settled: entry_from(r.get(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks the open conflicts on (case, item) settled with `value`.
pub fn settle(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
    value: &Option<Entry>,
    at: &str,
    by: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE work_conflicts SET settled_at = ?4, settled_by = ?5, settled = ?6
         WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3 AND settled_at IS NULL",
        params![audit_id, case_id, item_id, at, by, entry_json(value)],
    )?)
}

/// Removes what work packages kept of an audit's files (their answers' comments and
/// notes) at gallring; returns the rows removed.
pub fn delete_all(conn: &Connection, audit_id: i64) -> Result<usize> {
    let mut n = conn.execute("DELETE FROM work_conflicts WHERE audit_id = ?1", [audit_id])?;
    n += conn.execute("DELETE FROM work_packages WHERE audit_id = ?1", [audit_id])?;
    n += conn.execute(
        "UPDATE work_links SET base = NULL WHERE audit_id = ?1",
        [audit_id],
    )?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(rows: &[(&str, &str, &str, Option<&str>)]) -> State {
        rows.iter()
            .map(|(c, i, v, k)| {
                (
                    (c.to_string(), i.to_string()),
                    Entry {
                        value: v.to_string(),
                        comment: k.map(str::to_string),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn the_session_changeset_merges_and_reports_what_changed_on_both_sides() {
        let base = st(&[
            ("A1", "x", "ja", None),
            ("A1", "y", "ja", None),
            ("A1", "z", "nej", Some("k")),
            ("A2", "x", "ja", None),
        ]);
        // Theirs: y changed, z's comment changed, a new answer, A2/x cleared, and w
        // answered as ours did.
        let theirs = st(&[
            ("A1", "x", "ja", None),
            ("A1", "y", "nej", None),
            ("A1", "z", "nej", Some("ny")),
            ("A1", "w", "delvis", None),
            ("A3", "x", "ja", None),
        ]);
        // Ours: x changed (theirs did not), y changed differently, z's value changed,
        // A3/x answered the same as theirs.
        let ours = st(&[
            ("A1", "x", "delvis", None),
            ("A1", "y", "delvis", None),
            ("A1", "z", "ja", Some("k")),
            ("A2", "x", "ja", None),
            ("A3", "x", "ja", None),
        ]);
        let m = three_way(&base, &theirs, &ours).unwrap();
        let want = st(&[
            ("A1", "x", "delvis", None),   // ours only
            ("A1", "y", "delvis", None),   // conflict: ours stays
            ("A1", "z", "ja", Some("ny")), // value ours, comment theirs
            ("A1", "w", "delvis", None),   // theirs only
            ("A3", "x", "ja", None),       // same on both sides
        ]);
        assert_eq!(m.state, want);
        assert_eq!(m.conflicts, vec![("A1".to_string(), "y".to_string())]);
    }

    #[test]
    fn a_row_removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
        let base = st(&[("A1", "x", "ja", None), ("A1", "y", "ja", None)]);
        let theirs = st(&[("A1", "y", "nej", None)]);
        let ours = st(&[("A1", "x", "nej", None)]);
        let m = three_way(&base, &theirs, &ours).unwrap();
        assert_eq!(m.state, ours, "nothing of theirs overwrote ours");
        assert_eq!(
            m.conflicts,
            vec![
                ("A1".to_string(), "x".to_string()),
                ("A1".to_string(), "y".to_string())
            ]
        );
        // Both answered an item new to both, differently: a conflict too.
        let m = three_way(
            &State::new(),
            &st(&[("A1", "x", "ja", None)]),
            &st(&[("A1", "x", "nej", None)]),
        )
        .unwrap();
        assert_eq!(m.conflicts.len(), 1);
    }
}
