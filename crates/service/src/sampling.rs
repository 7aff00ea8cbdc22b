//! Drawing, showing and verifying the sample (`docs/sampling-v2.md`).

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::sampling::{self, ALGORITHM_V1, ALGORITHM_V2, Strata, StratumCount, Unit};
use aktgranskning_store::audits::{self, Status};
use aktgranskning_store::samples::{self, SampleRecord};
use aktgranskning_store::{Connection, population};
use serde::Serialize;
use ts_rs::TS;

/// How to draw.
#[derive(Debug, Clone)]
pub struct DrawOptions {
    /// The fraction in basis points (30 % = 3000).
    pub percent_bp: u32,
    /// The seed; drawn from the operating system's entropy when `None`.
    pub seed: Option<u64>,
    pub strata: Strata,
    /// Why the sample is drawn again. Required for a redraw once review has started.
    pub reason: Option<String>,
}

impl Default for DrawOptions {
    fn default() -> Self {
        DrawOptions {
            percent_bp: sampling::DEFAULT_PERCENT_BP,
            seed: None,
            strata: Strata::default_strata(),
            reason: None,
        }
    }
}

impl DrawOptions {
    /// The options as a user gives them, in the app or on the command line, parsed in one
    /// place: the share as typed (`30`, `12,5`, `12.5 %`; empty or absent: 30 %), the seed
    /// as digits (empty or absent: drawn), the strata by name (absent: lagrum and
    /// handläggare). Errors name the field in words.
    pub fn from_input(
        percent: Option<&str>,
        seed: Option<&str>,
        strata: Option<&str>,
        reason: Option<String>,
    ) -> Result<DrawOptions> {
        let percent_bp = percent_input(percent)?.unwrap_or(sampling::DEFAULT_PERCENT_BP);
        let seed = match seed.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(s.parse::<u64>().map_err(|_| {
                ServiceError::invalid_field(
                    "Startvärde",
                    "Startvärdet ska vara ett heltal, t.ex. 20230901",
                )
            })?),
        };
        let strata = match strata {
            None => Strata::default_strata(),
            Some(s) => Strata::parse(s)
                .map_err(|e| ServiceError::invalid_field("Stratifiering", e.to_string()))?,
        };
        Ok(DrawOptions {
            percent_bp,
            seed,
            strata,
            reason,
        })
    }
}

/// A share as typed (`30`, `12,5`, `12.5 %`) in basis points; `None` when empty or absent.
pub fn percent_input(percent: Option<&str>) -> Result<Option<u32>> {
    percent
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(sampling::parse_percent)
        .transpose()
        .map_err(|e| ServiceError::invalid_field("Andel", e.to_string()))
}

/// A drawn sample, as shown to users and printed by the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SampleView {
    pub population: usize,
    pub sample_size: usize,
    /// The seed as a JSON number, for the CLI. JavaScript numbers lose digits above 2⁵³
    /// and a user may give any 64-bit seed, so the UI reads `seed_text` instead.
    #[ts(skip)]
    pub seed: u64,
    /// The seed in decimal digits, exact.
    pub seed_text: String,
    pub algorithm: String,
    pub population_sha256: String,
    pub percent_bp: u32,
    /// The fraction as a Swedish number, e.g. `30` or `12,5`.
    pub percent: String,
    /// The stratification, e.g. `lagrum,handlaggare` or `none`.
    pub strata_spec: String,
    /// The stratification in Swedish, e.g. `Lagrum och handläggare`.
    pub strata_label: String,
    pub strata: Vec<StratumCount>,
    pub case_ids: Vec<String>,
    pub drawn_at: String,
    pub drawn_by: String,
    pub reason: Option<String>,
    /// How many draws this audit has had, this one included.
    pub draw_number: usize,
}

/// The outcome of re-deriving the stored sample.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Verification {
    pub matches: bool,
    /// The stored population hashes to the value recorded with the draw.
    pub population_matches: bool,
    /// The re-derived case ids equal the stored ones.
    pub sample_matches: bool,
    pub algorithm: String,
    /// As in [`SampleView`]: the number for the CLI, the text for the UI.
    #[ts(skip)]
    pub seed: u64,
    pub seed_text: String,
    pub recorded_population_sha256: String,
    pub population_sha256: String,
}

/// The sampling units of the audit's population under a stratification.
fn units(conn: &Connection, audit_id: i64, strata: &Strata) -> Result<Vec<Unit>> {
    Ok(population::load(conn, audit_id)?
        .iter()
        .map(|r| r.sampling_unit(strata))
        .collect())
}

/// A fresh seed from the operating system's entropy, below 2⁵³ so that it survives
/// JavaScript numbers and spreadsheets unchanged (docs/sampling-v1.md).
pub(crate) fn entropy_seed() -> Result<u64> {
    getrandom::u64()
        .map(|s| s & ((1u64 << 53) - 1))
        .map_err(|_| ServiceError::internal("Operativsystemet kunde inte ge ett slumpfrö."))
}

/// Draws (or redraws) the audit's sample and stores it with everything needed to
/// re-derive it; records the draw in the history.
pub fn draw_sample(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    opts: &DrawOptions,
) -> Result<SampleView> {
    let audit = require(store.conn(), audit_id)?;
    crate::work::refuse_on_copy(store.conn(), audit_id, "urvalet")?;
    if matches!(audit.status, Status::Faktagranskning | Status::Slutford) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: urvalet kan inte dras om.",
            audit.status.label()
        )));
    }
    let previous = samples::count(store.conn(), audit_id)?;
    let reason = opts
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(r) = reason {
        crate::guard::check_text(ctx, "Skäl", r, crate::guard::MAX_COMMENT)?;
    }
    if previous > 0 && reason.is_none() && crate::review::review_started(store.conn(), audit_id)? {
        return Err(ServiceError::refused(
            "Granskningen av urvalet har påbörjats: ange ett skriftligt skäl för att dra om urvalet.",
        ));
    }
    let units = units(store.conn(), audit_id, &opts.strata)?;
    if units.is_empty() {
        return Err(ServiceError::refused(
            "Granskningen har ingen population: importera aktuella akter innan urvalet dras.",
        ));
    }
    let seed = match opts.seed {
        Some(s) => s,
        None => entropy_seed()?,
    };
    // Every new draw uses the current algorithm; earlier draws keep verifying with theirs.
    let s = sampling::draw_v2(&units, opts.percent_bp, seed)
        .map_err(|e| ServiceError::invalid(e.to_string()))?;
    let record = SampleRecord {
        id: 0,
        audit_id,
        algorithm: s.algorithm.to_string(),
        seed,
        percent_bp: s.percent_bp,
        strata: opts.strata.name(),
        population_size: s.population,
        sample_size: s.sample_size,
        population_sha256: s.population_sha256.clone(),
        strata_counts: s.strata.clone(),
        drawn_at: ctx.now_text(),
        drawn_by: ctx.user.clone(),
        reason: reason.map(str::to_string),
    };
    store.write(|tx| {
        let id = samples::insert(tx, &record, &s.case_ids)?;
        if matches!(audit.status, Status::Planering | Status::Urval) {
            audits::set_status(tx, audit_id, Status::Granskning)?;
        }
        events::record(tx, audit_id, &record.drawn_at, &ctx.user, &{
            let drawn = events::SampleDrawn {
                sample_id: id,
                algorithm: record.algorithm.clone(),
                seed: seed.to_string(),
                percent_bp: Some(record.percent_bp),
                strata: record.strata.clone(),
                population: record.population_size,
                sample_size: record.sample_size,
                population_sha256: record.population_sha256.clone(),
                reason: record.reason.clone(),
            };
            if previous == 0 {
                Event::SampleDrawn(drawn)
            } else {
                Event::SampleRedrawn(drawn)
            }
        })?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(view(record, s.case_ids, previous + 1))
}

fn view(r: SampleRecord, case_ids: Vec<String>, draw_number: usize) -> SampleView {
    SampleView {
        population: r.population_size,
        sample_size: r.sample_size,
        seed: r.seed,
        seed_text: r.seed.to_string(),
        algorithm: r.algorithm,
        population_sha256: r.population_sha256,
        percent_bp: r.percent_bp,
        percent: sampling::format_percent(r.percent_bp),
        strata_label: Strata::parse(&r.strata).map_or_else(|_| r.strata.clone(), |s| s.heading()),
        strata_spec: r.strata,
        strata: r.strata_counts,
        case_ids,
        drawn_at: r.drawn_at,
        drawn_by: r.drawn_by,
        reason: r.reason,
        draw_number,
    }
}

/// The audit's current sample, if drawn.
pub fn current_sample(store: &Store, audit_id: i64) -> Result<Option<SampleView>> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let Some(rec) = samples::current(conn, audit_id)? else {
        return Ok(None);
    };
    let ids = samples::case_ids(conn, rec.id)?;
    let n = samples::count(conn, audit_id)?;
    Ok(Some(view(rec, ids, n)))
}

fn require_sample(conn: &Connection, audit_id: i64) -> Result<SampleRecord> {
    samples::current(conn, audit_id)?
        .ok_or_else(|| ServiceError::refused("Inget urval har dragits för granskningen ännu."))
}

/// Re-derives the current sample from the stored population and the recorded seed,
/// fraction, stratification and algorithm, and says whether it matches.
pub fn verify_sample(store: &Store, audit_id: i64) -> Result<Verification> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let rec = require_sample(conn, audit_id)?;
    if aktgranskning_store::gallring::is_gallrad(conn, audit_id)? {
        return Err(ServiceError::refused(format!(
            "Granskningen är gallrad: populationen finns inte längre, så urvalet kan inte \
             återskapas. Populationens kontrollsumma (SHA-256) var {}.",
            rec.population_sha256
        )));
    }
    if ![ALGORITHM_V1, ALGORITHM_V2].contains(&rec.algorithm.as_str()) {
        return Err(ServiceError::invalid(format!(
            "Urvalet är draget med en okänd algoritm ({}).",
            rec.algorithm
        )));
    }
    let strata = Strata::parse(&rec.strata).map_err(|e| ServiceError::invalid(e.to_string()))?;
    let units = units(conn, audit_id, &strata)?;
    let stored = samples::case_ids(conn, rec.id)?;
    let (population_sha256, rederived) =
        match sampling::draw(&rec.algorithm, &units, rec.percent_bp, rec.seed) {
            Ok(s) => (s.population_sha256, s.case_ids),
            Err(_) => (sampling::population_sha256(&units), Vec::new()),
        };
    let population_matches = population_sha256 == rec.population_sha256;
    let sample_matches = rederived == stored;
    Ok(Verification {
        matches: population_matches && sample_matches,
        population_matches,
        sample_matches,
        algorithm: rec.algorithm,
        seed: rec.seed,
        seed_text: rec.seed.to_string(),
        recorded_population_sha256: rec.population_sha256,
        population_sha256,
    })
}

/// The canonical population of the current sample's stratification (one line
/// `case_id TAB stratum` per case, sorted by case id), for re-deriving the sample outside
/// the product. Holds case ids and case officers' names, never personnummer.
pub fn canonical_population(store: &Store, audit_id: i64) -> Result<String> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let rec = require_sample(conn, audit_id)?;
    let strata = Strata::parse(&rec.strata).map_err(|e| ServiceError::invalid(e.to_string()))?;
    let mut units = units(conn, audit_id, &strata)?;
    units.sort_by(|a, b| a.case_id.as_bytes().cmp(b.case_id.as_bytes()));
    Ok(units
        .iter()
        .map(|u| format!("{}\t{}\n", u.case_id, u.stratum))
        .collect())
}

/// The canonical population for export (see [`canonical_population`]); the export is
/// recorded in the history, as the file holds case ids and case officers' names.
pub fn export_population(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    out: Option<&std::path::Path>,
) -> Result<String> {
    crate::files::check_out(out, store.path())?;
    let text = canonical_population(store, audit_id)?;
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::PopulationExported(events::PopulationExported {
            cases: text.lines().count(),
        }),
        out,
        text.as_bytes(),
    )?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draw_options_as_typed_are_parsed_in_one_place_with_fields_named_in_words() {
        let o = DrawOptions::from_input(Some(" 12,5 % "), Some(" 7 "), None, None).unwrap();
        assert_eq!((o.percent_bp, o.seed), (1250, Some(7)));
        assert_eq!(o.strata, Strata::default_strata());
        let o = DrawOptions::from_input(Some(""), Some(""), Some("lagrum"), None).unwrap();
        assert_eq!((o.percent_bp, o.seed), (sampling::DEFAULT_PERCENT_BP, None));
        let field = |e: ServiceError| e.errors[0].column.clone().unwrap();
        assert_eq!(
            field(DrawOptions::from_input(Some("120"), None, None, None).unwrap_err()),
            "Andel"
        );
        assert_eq!(
            field(DrawOptions::from_input(None, Some("sju"), None, None).unwrap_err()),
            "Startvärde"
        );
        assert_eq!(
            field(DrawOptions::from_input(None, None, Some("kommun"), None).unwrap_err()),
            "Stratifiering"
        );
    }
    use aktgranskning_store::samples::SampleRecord;

    /// New draws are v2; a sample drawn earlier with v1 still verifies with v1.
    #[test]
    fn new_draws_use_v2_and_v1_samples_still_verify() {
        let (mut store, ctx, id) = crate::demo::demo_store("testare");
        assert_eq!(
            current_sample(&store, id).unwrap().unwrap().algorithm,
            ALGORITHM_V2
        );
        assert!(verify_sample(&store, id).unwrap().matches);
        // A v1 draw as an earlier version stored it.
        let strata = Strata::default_strata();
        let units = units(store.conn(), id, &strata).unwrap();
        let v1 = sampling::draw_v1(&units, 3000, 4242).unwrap();
        let record = SampleRecord {
            id: 0,
            audit_id: id,
            algorithm: v1.algorithm.to_string(),
            seed: v1.seed,
            percent_bp: v1.percent_bp,
            strata: strata.name(),
            population_size: v1.population,
            sample_size: v1.sample_size,
            population_sha256: v1.population_sha256.clone(),
            strata_counts: v1.strata.clone(),
            drawn_at: ctx.now_text(),
            drawn_by: "testare".into(),
            reason: Some("äldre urval".into()),
        };
        store
            .write(|tx| samples::insert(tx, &record, &v1.case_ids).map_err(ServiceError::from))
            .unwrap();
        let v = verify_sample(&store, id).unwrap();
        assert_eq!(v.algorithm, ALGORITHM_V1);
        assert!(v.matches, "{v:?}");
        // Drawn with v2 from the same seed, the sample is another one: the version matters.
        let v2 = sampling::draw_v2(&units, 3000, 4242).unwrap();
        assert_ne!(v2.case_ids, v1.case_ids);
    }
}

/// How large a sample a share gives, before it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlannedSize {
    pub population: usize,
    pub size: usize,
    /// E.g. "30 % av 121 = 37 akter (avrundat uppåt, 30,6 % av akterna)".
    pub text: String,
}

/// A stratification the draw offers: its spec (as `sample draw --strata` takes it) and its
/// Swedish heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StrataChoice {
    pub spec: String,
    pub label: String,
}

/// The stratifications offered when drawing, the default first.
pub fn strata_choices() -> Vec<StrataChoice> {
    Strata::offered()
        .iter()
        .map(|s| StrataChoice {
            spec: s.name(),
            label: s.heading(),
        })
        .collect()
}

/// The sample size `percent` (as typed, e.g. `30` or `12,5`) gives for the audit's
/// population: ⌈andel · N⌉, the same rule the draw uses.
pub fn planned_size(store: &Store, audit_id: i64, percent: &str) -> Result<PlannedSize> {
    require(store.conn(), audit_id)?;
    let bp = sampling::parse_percent(percent)
        .map_err(|e| ServiceError::invalid_field("Andel", e.to_string()))?;
    let population = population::count(store.conn(), audit_id)?;
    let size = sampling::sample_size(bp, population);
    let mut text = format!(
        "{} % av {} = {}",
        sampling::format_percent(bp),
        population,
        aktgranskning_core::text::count(size, "akt", "akter")
    );
    // The exact share is bp·N/10000; when it is not whole the size is rounded up.
    if population > 0 && !(u128::from(bp) * population as u128).is_multiple_of(10_000) {
        let actual = size as f64 * 100.0 / population as f64;
        text.push_str(&format!(
            " (avrundat uppåt, {} % av akterna)",
            format!("{actual:.1}").replace('.', ",")
        ));
    }
    Ok(PlannedSize {
        population,
        size,
        text,
    })
}
