//! The `samples` and `sample_cases` tables: every draw, with everything needed to
//! re-derive it. The audit's current sample is its latest draw.

use crate::{Result, StoreError};
use aktgranskning_core::sampling::StratumCount;
use rusqlite::{Connection, OptionalExtension, params};

/// A stored draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRecord {
    pub id: i64,
    pub audit_id: i64,
    pub algorithm: String,
    pub seed: u64,
    pub percent_bp: u32,
    pub strata: String,
    pub population_size: usize,
    pub sample_size: usize,
    pub population_sha256: String,
    pub strata_counts: Vec<StratumCount>,
    pub drawn_at: String,
    pub drawn_by: String,
    pub reason: Option<String>,
}

/// Stores a draw and its cases; returns the new sample's id (the `id` field is ignored).
pub fn insert(conn: &Connection, s: &SampleRecord, case_ids: &[String]) -> Result<i64> {
    let counts = serde_json::to_string(&s.strata_counts)
        .map_err(|_| StoreError::Corrupt("samples.strata_counts"))?;
    conn.execute(
        "INSERT INTO samples (audit_id, algorithm, seed, percent_bp, strata, population_size,
                              sample_size, population_sha256, strata_counts, drawn_at, drawn_by, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            s.audit_id,
            s.algorithm,
            s.seed.to_string(),
            s.percent_bp,
            s.strata,
            s.population_size as i64,
            s.sample_size as i64,
            s.population_sha256,
            counts,
            s.drawn_at,
            s.drawn_by,
            s.reason
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare("INSERT INTO sample_cases (sample_id, case_id) VALUES (?1, ?2)")?;
    for c in case_ids {
        stmt.execute(params![id, c])?;
    }
    Ok(id)
}

/// The audit's current (latest) draw.
pub fn current(conn: &Connection, audit_id: i64) -> Result<Option<SampleRecord>> {
    let raw = conn
        .query_row(
            "SELECT id, audit_id, algorithm, seed, percent_bp, strata, population_size, sample_size,
                    population_sha256, strata_counts, drawn_at, drawn_by, reason
             FROM samples WHERE audit_id = ?1 ORDER BY id DESC LIMIT 1",
            [audit_id],
            |r| {
                Ok((
                    SampleRecord {
                        id: r.get(0)?,
                        audit_id: r.get(1)?,
                        algorithm: r.get(2)?,
                        seed: 0,
                        percent_bp: r.get(4)?,
                        strata: r.get(5)?,
                        population_size: r.get::<_, i64>(6)? as usize,
                        sample_size: r.get::<_, i64>(7)? as usize,
                        population_sha256: r.get(8)?,
                        strata_counts: Vec::new(),
                        drawn_at: r.get(10)?,
                        drawn_by: r.get(11)?,
                        reason: r.get(12)?,
                    },
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((mut rec, seed, counts)) = raw else {
        return Ok(None);
    };
    rec.seed = seed
        .parse()
        .map_err(|_| StoreError::Corrupt("samples.seed"))?;
    rec.strata_counts =
        serde_json::from_str(&counts).map_err(|_| StoreError::Corrupt("samples.strata_counts"))?;
    Ok(Some(rec))
}

/// The case ids of a draw, in case id order (byte order).
pub fn case_ids(conn: &Connection, sample_id: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT case_id FROM sample_cases WHERE sample_id = ?1 ORDER BY case_id")?;
    let ids = stmt
        .query_map([sample_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// Whether a case is in a draw.
pub fn contains(conn: &Connection, sample_id: i64, case_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sample_cases WHERE sample_id = ?1 AND case_id = ?2",
            rusqlite::params![sample_id, case_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// How many draws the audit has had.
pub fn count(conn: &Connection, audit_id: i64) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM samples WHERE audit_id = ?1",
        [audit_id],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}
