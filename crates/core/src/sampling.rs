//! Verifiable stratified random sampling (urval), algorithms `aktgranskning-urval-v1` and
//! `aktgranskning-urval-v2` (new draws use v2; v1 stays re-derivable).
//!
//! The sample must be re-derivable by anyone holding the population, the seed and this
//! description, on every release and every machine. The algorithms are therefore written
//! out in full in `docs/sampling-v1.md` and `docs/sampling-v2.md` and pinned by golden
//! vectors in the tests below.
//!
//! v2 differs from v1 only in the allocation: v1 gives the units left over after the
//! whole quotas to the largest remainders, so a case alone in its stratum (quota under 1)
//! was always or never drawn, whatever the seed. v2 places them by one systematic draw
//! over the remainders, so every stratum's expected sample is exactly its quota and every
//! case's inclusion probability is exactly `n/N`.
//! **A released version's behaviour is never changed**: a different algorithm gets a new
//! version name and lives beside this one.
//!
//! In short (the document is normative):
//! 1. Sample size `n = ⌈bp·N / 10000⌉` in integers, where `bp` is the fraction in basis
//!    points (30 % = 3000): 549 files at 30 % give 165.
//! 2. Strata are sorted by their key (byte order of UTF-8); allocation is proportional
//!    by the largest-remainder method, ties going to the earlier key.
//! 3. One ChaCha20 stream (RFC 8439 block function, key = the seed as 8 little-endian
//!    bytes followed by 24 zero bytes, nonce 0, counter from 0) is read as little-endian
//!    32-bit words. For each stratum in key order, its cases sorted by case id, a partial
//!    Fisher–Yates shuffle draws `n_h` cases, with unbiased bounded integers by rejection.
//! 4. The population hash is the SHA-256 of the canonical population: one line
//!    `case_id TAB stratum_key LF` per case, sorted by case id.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// The version name of the first algorithm, stored with every sample drawn with it.
pub const ALGORITHM_V1: &str = "aktgranskning-urval-v1";

/// The version name of the current algorithm, used for every new draw.
pub const ALGORITHM_V2: &str = "aktgranskning-urval-v2";

/// The default sample fraction, 30 %, in basis points.
pub const DEFAULT_PERCENT_BP: u32 = 3000;

/// A dimension a population can be stratified on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Dimension {
    Lagrum,
    Handlaggare,
    Insats,
    Beslutstyp,
}

impl Dimension {
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Lagrum => "lagrum",
            Dimension::Handlaggare => "handlaggare",
            Dimension::Insats => "insats",
            Dimension::Beslutstyp => "beslutstyp",
        }
    }

    /// The Swedish label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Lagrum => "lagrum",
            Dimension::Handlaggare => "handläggare",
            Dimension::Insats => "insats",
            Dimension::Beslutstyp => "beslutstyp",
        }
    }

    fn parse(s: &str) -> Option<Dimension> {
        match s.trim().to_lowercase().as_str() {
            "lagrum" => Some(Dimension::Lagrum),
            "handlaggare" | "handläggare" => Some(Dimension::Handlaggare),
            "insats" => Some(Dimension::Insats),
            "beslutstyp" => Some(Dimension::Beslutstyp),
            _ => None,
        }
    }
}

/// Which dimensions to stratify on, in order. Empty means no stratification.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Strata(pub Vec<Dimension>);

impl Strata {
    /// The default: stratified on (lagrum, handläggare).
    pub fn default_strata() -> Strata {
        Strata(vec![Dimension::Lagrum, Dimension::Handlaggare])
    }

    /// Parses `lagrum,handlaggare`, `lagrum`, `none` and the like.
    pub fn parse(s: &str) -> Result<Strata, StrataError> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("none") || s.eq_ignore_ascii_case("inga") || s.is_empty() {
            return Ok(Strata(Vec::new()));
        }
        let mut dims = Vec::new();
        for part in s.split(',') {
            let d = Dimension::parse(part)
                .ok_or_else(|| StrataError::Unknown(part.trim().to_string()))?;
            if dims.contains(&d) {
                return Err(StrataError::Twice(d.label().to_string()));
            }
            dims.push(d);
        }
        Ok(Strata(dims))
    }

    /// The stratifications offered when drawing, the default first.
    pub fn offered() -> [Strata; 3] {
        [
            Strata::default_strata(),
            Strata(vec![Dimension::Lagrum]),
            Strata(Vec::new()),
        ]
    }

    /// The Swedish heading, e.g. `Lagrum och handläggare`, or `Ingen stratifiering`.
    pub fn heading(&self) -> String {
        if self.0.is_empty() {
            return "Ingen stratifiering".to_string();
        }
        let label = self.label();
        let mut chars = label.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// The canonical name, e.g. `lagrum,handlaggare`, or `none`.
    pub fn name(&self) -> String {
        if self.0.is_empty() {
            "none".to_string()
        } else {
            self.0
                .iter()
                .map(|d| d.name())
                .collect::<Vec<_>>()
                .join(",")
        }
    }

    /// The Swedish description, e.g. `lagrum och handläggare`, or `ingen`.
    pub fn label(&self) -> String {
        let labels: Vec<&str> = self.0.iter().map(|d| d.label()).collect();
        match labels.as_slice() {
            [] => "ingen".to_string(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
        }
    }

    /// Builds the stratum key of one case from its values for each dimension (in the
    /// order of `self.0`; `None` or blank for a missing value). Values are joined by `|`;
    /// a `|` inside a value is written as `/` so that keys stay unambiguous.
    pub fn key(&self, values: &[Option<&str>]) -> String {
        values
            .iter()
            .map(|v| v.unwrap_or("").trim().replace('|', "/"))
            .collect::<Vec<_>>()
            .join("|")
    }
}

impl fmt::Display for Strata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One case as the sampler sees it: its id and its stratum key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub case_id: String,
    pub stratum: String,
}

/// Population and sample size of one stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StratumCount {
    pub key: String,
    pub population: usize,
    pub sample: usize,
}

/// The outcome of a draw. `case_ids` are sorted by case id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub algorithm: &'static str,
    pub seed: u64,
    pub percent_bp: u32,
    pub population: usize,
    pub sample_size: usize,
    pub population_sha256: String,
    pub strata: Vec<StratumCount>,
    pub case_ids: Vec<String>,
}

/// Why a draw cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SamplingError {
    #[error("Populationen är tom: importera aktuella akter innan urvalet dras")]
    EmptyPopulation,
    #[error("Urvalsandelen måste vara större än 0 och högst 100 procent")]
    BadPercent,
    #[error("Ärende-id förekommer mer än en gång i populationen")]
    DuplicateCaseId,
    #[error("Populationen är för stor för urvalsalgoritmen")]
    TooLarge,
    #[error("Okänd urvalsalgoritm")]
    UnknownAlgorithm,
}

/// `n = ⌈bp·N / 10000⌉`, computed in integers.
pub fn sample_size(percent_bp: u32, population: usize) -> usize {
    let n = (u128::from(percent_bp) * population as u128).div_ceil(10_000);
    n as usize
}

/// Proportional allocation of `n` over strata of the given sizes (in key order) by the
/// largest-remainder method. Quota `q_h = n·N_h/N`; each stratum gets `⌊q_h⌋`, and the
/// units left over go one each to the strata with the largest fractional parts, ties to
/// the earlier stratum. The result sums to exactly `n` and `0 ≤ n_h ≤ N_h` when `n ≤ N`.
pub fn allocate(n: usize, sizes: &[usize]) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let (n128, total128) = (n as u128, total as u128);
    let mut alloc: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(sizes.len());
    for (i, &size) in sizes.iter().enumerate() {
        let prod = n128 * size as u128;
        alloc.push((prod / total128) as usize);
        remainders.push((prod % total128, i));
    }
    let left = n - alloc.iter().sum::<usize>();
    // Largest remainder first; equal remainders in stratum key order.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left) {
        alloc[i] += 1;
    }
    alloc
}

/// SHA-256 (lowercase hex) of the canonical population: `case_id TAB stratum LF` per
/// case, sorted by case id (byte order).
pub fn population_sha256(units: &[Unit]) -> String {
    let mut sorted: Vec<&Unit> = units.iter().collect();
    sorted.sort_by(|a, b| a.case_id.as_bytes().cmp(b.case_id.as_bytes()));
    hash_sorted(&sorted)
}

/// The population hash of units already sorted by case id.
fn hash_sorted(sorted: &[&Unit]) -> String {
    let mut h = Sha256::new();
    for u in sorted {
        h.update(u.case_id.as_bytes());
        h.update(b"\t");
        h.update(u.stratum.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// Lowercase hexadecimal of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The random stream of v1: ChaCha20 keyed by the seed, read as 32-bit words.
pub struct StreamV1 {
    rng: ChaCha20Rng,
}

impl StreamV1 {
    pub fn new(seed: u64) -> StreamV1 {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        StreamV1 {
            rng: ChaCha20Rng::from_seed(key),
        }
    }

    /// The next little-endian 32-bit word of the keystream.
    pub fn next_word(&mut self) -> u32 {
        self.rng.next_u32()
    }

    /// A uniform integer in `[0, m)` for `1 ≤ m ≤ 2³²−1`: words below `2³² mod m` are
    /// rejected, the rest are reduced modulo `m`.
    pub fn below(&mut self, m: u32) -> u32 {
        debug_assert!(m > 0);
        let threshold = m.wrapping_neg() % m;
        loop {
            let x = self.next_word();
            if x >= threshold {
                return x % m;
            }
        }
    }
}

/// v2's allocation: the whole quotas `⌊n·N_h/N⌋`, then the `left` units over by one
/// systematic draw: `u = below(N)` (only when units are left), points `u + k·N` for
/// `k < left`, and stratum `h` gets one more unit when a point falls in
/// `[C_{h−1}, C_h)`, where `C_h` is the running sum of the remainders `n·N_h mod N` in
/// key order. A remainder is below `N`, so a stratum gets at most one more, with
/// probability exactly `remainder/N`: its expected sample is exactly `n·N_h/N`.
pub fn allocate_v2(n: usize, sizes: &[usize], stream: &mut StreamV1) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let (n128, total128) = (n as u128, total as u128);
    let mut alloc: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut rems: Vec<u128> = Vec::with_capacity(sizes.len());
    for &size in sizes {
        let prod = n128 * size as u128;
        alloc.push((prod / total128) as usize);
        rems.push(prod % total128);
    }
    let left = (n - alloc.iter().sum::<usize>()) as u128;
    if left == 0 {
        return alloc;
    }
    let u = u128::from(stream.below(total as u32));
    let mut start = 0u128;
    for (a, r) in alloc.iter_mut().zip(rems) {
        let end = start + r;
        // The first point at or after `start`: u + k·N with k = ⌈(start − u)/N⌉ (≥ 0).
        let k = start.saturating_sub(u).div_ceil(total128);
        if k < left && u + k * total128 < end {
            *a += 1;
        }
        start = end;
    }
    alloc
}

/// Draws the sample with the algorithm named (`ALGORITHM_V1` or `ALGORITHM_V2`).
pub fn draw(
    algorithm: &str,
    units: &[Unit],
    percent_bp: u32,
    seed: u64,
) -> Result<Sample, SamplingError> {
    match algorithm {
        ALGORITHM_V1 => draw_v1(units, percent_bp, seed),
        ALGORITHM_V2 => draw_v2(units, percent_bp, seed),
        _ => Err(SamplingError::UnknownAlgorithm),
    }
}

/// Draws the sample with algorithm v2. `units` may come in any order.
pub fn draw_v2(units: &[Unit], percent_bp: u32, seed: u64) -> Result<Sample, SamplingError> {
    draw_with(units, percent_bp, seed, ALGORITHM_V2, |n, sizes, stream| {
        allocate_v2(n, sizes, stream)
    })
}

/// Draws the sample with algorithm v1. `units` may come in any order.
pub fn draw_v1(units: &[Unit], percent_bp: u32, seed: u64) -> Result<Sample, SamplingError> {
    draw_with(units, percent_bp, seed, ALGORITHM_V1, |n, sizes, _| {
        allocate(n, sizes)
    })
}

/// The draw both versions share: canonical order and hash, strata in key order, the
/// allocation (the version's own), then a partial Fisher–Yates shuffle per stratum from
/// the same stream.
fn draw_with(
    units: &[Unit],
    percent_bp: u32,
    seed: u64,
    algorithm: &'static str,
    allocation: impl FnOnce(usize, &[usize], &mut StreamV1) -> Vec<usize>,
) -> Result<Sample, SamplingError> {
    if units.is_empty() {
        return Err(SamplingError::EmptyPopulation);
    }
    if percent_bp == 0 || percent_bp > 10_000 {
        return Err(SamplingError::BadPercent);
    }
    if units.len() > u32::MAX as usize {
        return Err(SamplingError::TooLarge);
    }
    // Sort once by case id: duplicates sit side by side, the hash reads the canonical
    // order, and each stratum collects its cases already in case id order.
    let mut sorted: Vec<&Unit> = units.iter().collect();
    sorted.sort_unstable_by(|a, b| a.case_id.as_bytes().cmp(b.case_id.as_bytes()));
    if sorted.windows(2).any(|w| w[0].case_id == w[1].case_id) {
        return Err(SamplingError::DuplicateCaseId);
    }
    let population_sha256 = hash_sorted(&sorted);
    let mut strata: BTreeMap<&[u8], Vec<&str>> = BTreeMap::new();
    for u in &sorted {
        strata
            .entry(u.stratum.as_bytes())
            .or_default()
            .push(u.case_id.as_str());
    }

    let population = units.len();
    let n = sample_size(percent_bp, population);
    let sizes: Vec<usize> = strata.values().map(Vec::len).collect();
    let mut stream = StreamV1::new(seed);
    let alloc = allocation(n, &sizes, &mut stream);

    let mut chosen: Vec<String> = Vec::with_capacity(n);
    let mut counts = Vec::with_capacity(strata.len());
    for ((key, cases), &n_h) in strata.iter().zip(&alloc) {
        let mut idx: Vec<u32> = (0..cases.len() as u32).collect();
        let len = idx.len() as u32;
        for i in 0..n_h as u32 {
            let j = i + stream.below(len - i);
            idx.swap(i as usize, j as usize);
        }
        chosen.extend(idx[..n_h].iter().map(|&k| cases[k as usize].to_string()));
        counts.push(StratumCount {
            key: String::from_utf8_lossy(key).into_owned(),
            population: cases.len(),
            sample: n_h,
        });
    }
    chosen.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));

    Ok(Sample {
        algorithm,
        seed,
        percent_bp,
        population,
        sample_size: n,
        population_sha256,
        strata: counts,
        case_ids: chosen,
    })
}

/// Parses a percentage such as `30`, `12,5` or `12.5` into basis points (at most two
/// decimals; more than 0 and at most 100).
pub fn parse_percent(s: &str) -> Result<u32, PercentError> {
    let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(&int) || !digits(&frac) {
        return Err(PercentError::NotANumber);
    }
    if frac.len() > 2 {
        return Err(PercentError::TooManyDecimals);
    }
    if int.len() > 3 {
        return Err(PercentError::OutOfRange);
    }
    let whole: u32 = int.parse().map_err(|_| PercentError::NotANumber)?;
    let frac: u32 = format!("{frac:0<2}")
        .parse()
        .map_err(|_| PercentError::NotANumber)?;
    let bp = whole * 100 + frac;
    if (1..=10_000).contains(&bp) {
        Ok(bp)
    } else {
        Err(PercentError::OutOfRange)
    }
}

/// Why a stratification was not accepted, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrataError {
    #[error("Okänd stratifiering ”{0}”: ange lagrum, handlaggare, insats, beslutstyp eller none")]
    Unknown(String),
    #[error("Stratifieringen anger {0} två gånger")]
    Twice(String),
}

/// Why a sample fraction was not accepted, in Swedish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    #[error("Urvalsandelen ska vara ett tal, t.ex. 30 eller 12,5")]
    NotANumber,
    #[error("Urvalsandelen kan anges med högst två decimaler, t.ex. 33,33")]
    TooManyDecimals,
    #[error("Urvalsandelen ska vara större än 0 och högst 100")]
    OutOfRange,
}

/// Formats basis points as a Swedish percentage number: `30`, `12,5`.
pub fn format_percent(bp: u32) -> String {
    let (w, f) = (bp / 100, bp % 100);
    match f {
        0 => w.to_string(),
        f if f % 10 == 0 => format!("{w},{}", f / 10),
        f => format!("{w},{f:02}"),
    }
}

#[cfg(test)]
mod tests;
