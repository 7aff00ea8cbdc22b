//! Tests of the v1 sampler, including the golden vectors that pin its behaviour forever.

use super::*;
use proptest::prelude::*;

/// The synthetic population of the golden vectors: 549 cases as in the model audit report (`docs/domain.md`), ids
/// `2023-0001`…`2023-0549`, strata from lagrum and one of seven case officers.
pub(super) fn golden_population() -> Vec<Unit> {
    let officers = ["Alm", "Björk", "Ek", "Gran", "Hassel", "Lind", "Rönn"];
    (1..=549u32)
        .map(|i| {
            let lagrum = if i % 4 == 0 { "SoL" } else { "LSS" };
            let officer = officers[(i as usize * 7 / 5) % officers.len()];
            Unit {
                case_id: format!("2023-{i:04}"),
                stratum: format!("{lagrum}|{officer}"),
            }
        })
        .collect()
}

#[test]
fn stream_is_rfc8439_chacha20() {
    // RFC 8439 appendix A.1, test vector #1: key 0, nonce 0, block counter 0. The
    // keystream starts 76 b8 e0 ad a0 f1 3d 90 40 5d 6a e5 53 86 bd 28.
    let mut s = StreamV1::new(0);
    assert_eq!(s.next_word(), 0xade0_b876);
    assert_eq!(s.next_word(), 0x903d_f1a0);
    assert_eq!(s.next_word(), 0xe56a_5d40);
    assert_eq!(s.next_word(), 0x28bd_8653);
}

#[test]
fn seed_is_the_little_endian_key_prefix() {
    // Pinned first words for seed 20230901 (key 0x0134_b3f5 little-endian, zero padded).
    let mut s = StreamV1::new(20_230_901);
    let words: Vec<u32> = (0..4).map(|_| s.next_word()).collect();
    assert_eq!(words, GOLDEN_WORDS_20230901);
}

const GOLDEN_WORDS_20230901: [u32; 4] = [224_792_164, 3_963_284_491, 4_244_652_278, 3_627_303_270];

#[test]
fn sample_size_in_integers() {
    assert_eq!(sample_size(3000, 549), 165);
    assert_eq!(sample_size(3000, 60), 18);
    assert_eq!(sample_size(3000, 1), 1);
    assert_eq!(sample_size(3000, 10), 3);
    assert_eq!(sample_size(3000, 11), 4);
    assert_eq!(sample_size(10_000, 549), 549);
    assert_eq!(sample_size(1, 549), 1);
    assert_eq!(sample_size(1250, 8), 1);
}

#[test]
fn allocation_by_largest_remainder() {
    // n = 10 over 3 strata of 5, 3, 2 (N = 10): exact.
    assert_eq!(allocate(10, &[5, 3, 2]), vec![5, 3, 2]);
    // n = 3 of N = 10: quotas 1.5, 0.9, 0.6 → floors 1,0,0, remainders .5,.9,.6 → +1 to
    // the second, then the third.
    assert_eq!(allocate(3, &[5, 3, 2]), vec![1, 1, 1]);
    // Ties go to the earlier key: quotas 0.5, 0.5 → the first gets the unit.
    assert_eq!(allocate(1, &[1, 1]), vec![1, 0]);
    assert_eq!(allocate(2, &[1, 1, 1, 1]), vec![1, 1, 0, 0]);
    assert_eq!(allocate(0, &[4, 4]), vec![0, 0]);
    assert_eq!(allocate(165, &[549]), vec![165]);
}

#[test]
fn percent_parsing() {
    assert_eq!(parse_percent("30"), Ok(3000));
    assert_eq!(parse_percent("12,5"), Ok(1250));
    assert_eq!(parse_percent("12.25 %"), Ok(1225));
    assert_eq!(parse_percent("100"), Ok(10_000));
    assert_eq!(parse_percent("0"), Err(PercentError::OutOfRange));
    assert_eq!(parse_percent("100.01"), Err(PercentError::OutOfRange));
    assert_eq!(parse_percent("-5"), Err(PercentError::NotANumber));
    // The real reason, not "larger than 0 and at most 100".
    assert_eq!(parse_percent("33.333"), Err(PercentError::TooManyDecimals));
    assert_eq!(parse_percent("tjugo"), Err(PercentError::NotANumber));
    assert_eq!(format_percent(3000), "30");
    assert_eq!(format_percent(1250), "12,5");
    assert_eq!(format_percent(1225), "12,25");
}

#[test]
fn strata_parsing_and_keys() {
    assert_eq!(
        Strata::parse("lagrum,handlaggare").unwrap(),
        Strata::default_strata()
    );
    assert_eq!(Strata::parse("none").unwrap(), Strata(vec![]));
    assert_eq!(Strata::parse("Lagrum").unwrap().name(), "lagrum");
    assert!(Strata::parse("lagrum,lagrum").is_err());
    assert!(Strata::parse("kommun").is_err());
    let s = Strata::default_strata();
    assert_eq!(
        s.key(&[Some("LSS"), Some("Anna | Berg")]),
        "LSS|Anna / Berg"
    );
    assert_eq!(s.key(&[Some("SoL"), None]), "SoL|");
    assert_eq!(Strata(vec![]).key(&[]), "");
}

/// The golden vector of v1: population, seed, expected hash and sample. If this test
/// fails, the algorithm's behaviour has changed, which is never allowed for a released
/// version: add a new version instead.
#[test]
fn golden_vector_549_at_30_percent() {
    let pop = golden_population();
    let s = draw_v1(&pop, 3000, 20_230_901).unwrap();
    assert_eq!(s.algorithm, "aktgranskning-urval-v1");
    assert_eq!(s.population, 549);
    assert_eq!(s.sample_size, 165);
    assert_eq!(s.population_sha256, GOLDEN_HASH);
    let strata: Vec<(&str, usize, usize)> = s
        .strata
        .iter()
        .map(|c| (c.key.as_str(), c.population, c.sample))
        .collect();
    assert_eq!(strata, GOLDEN_STRATA);
    assert_eq!(s.case_ids.len(), 165);
    assert_eq!(&s.case_ids[..12], &GOLDEN_FIRST_12);
    let mut h = Sha256::new();
    for id in &s.case_ids {
        h.update(id.as_bytes());
        h.update(b"\n");
    }
    assert_eq!(hex(&h.finalize()), GOLDEN_SAMPLE_HASH);
}

// Values produced by the independent Python implementation in docs/reference/urval_v1.py.
const GOLDEN_HASH: &str = "cb59f5687e16a8b6fc92687d94536bbfe4c61a0ea8b26d2d1111cda84a1ed3d3";
const GOLDEN_STRATA: [(&str, usize, usize); 10] = [
    ("LSS|Alm", 82, 25),
    ("LSS|Björk", 83, 25),
    ("LSS|Ek", 83, 25),
    ("LSS|Hassel", 82, 25),
    ("LSS|Lind", 82, 25),
    ("SoL|Alm", 27, 8),
    ("SoL|Björk", 27, 8),
    ("SoL|Ek", 27, 8),
    ("SoL|Hassel", 28, 8),
    ("SoL|Lind", 28, 8),
];
const GOLDEN_FIRST_12: [&str; 12] = [
    "2023-0003",
    "2023-0015",
    "2023-0017",
    "2023-0019",
    "2023-0021",
    "2023-0028",
    "2023-0030",
    "2023-0032",
    "2023-0046",
    "2023-0053",
    "2023-0060",
    "2023-0064",
];
/// SHA-256 of the 165 sampled case ids, each followed by LF, in case id order.
const GOLDEN_SAMPLE_HASH: &str = "9d9abd235c780ca0b5ab484a2210bee65a5057cae84d09e2321eac091baa5a75";

/// A small golden vector that fits in the documentation: ten cases, no strata, 30 %.
#[test]
fn golden_vector_small() {
    let pop: Vec<Unit> = (1..=10)
        .map(|i| Unit {
            case_id: format!("A{i:02}"),
            stratum: String::new(),
        })
        .collect();
    let s = draw_v1(&pop, 3000, 42).unwrap();
    assert_eq!(s.population_sha256, GOLDEN_SMALL_HASH);
    assert_eq!(s.case_ids, GOLDEN_SMALL_SAMPLE);
}

const GOLDEN_SMALL_HASH: &str = "2dc3829007c6b7dabb7760638cf558846abcb70bad20625ddeb25d306b84ec91";
const GOLDEN_SMALL_SAMPLE: [&str; 3] = ["A02", "A05", "A09"];

#[test]
fn rejects_empty_bad_percent_and_duplicates() {
    assert_eq!(draw_v1(&[], 3000, 1), Err(SamplingError::EmptyPopulation));
    let pop = golden_population();
    assert_eq!(draw_v1(&pop, 0, 1), Err(SamplingError::BadPercent));
    assert_eq!(draw_v1(&pop, 10_001, 1), Err(SamplingError::BadPercent));
    let dup = vec![
        Unit {
            case_id: "X".into(),
            stratum: "a".into(),
        },
        Unit {
            case_id: "X".into(),
            stratum: "b".into(),
        },
    ];
    assert_eq!(draw_v1(&dup, 3000, 1), Err(SamplingError::DuplicateCaseId));
}

#[test]
fn order_of_input_does_not_matter() {
    let pop = golden_population();
    let mut rev = pop.clone();
    rev.reverse();
    assert_eq!(
        draw_v1(&pop, 3000, 7).unwrap(),
        draw_v1(&rev, 3000, 7).unwrap()
    );
}

#[test]
fn bounded_integers_are_unbiased_by_rejection() {
    // m = 3: 2^32 mod 3 = 1, so the word 0 is rejected and the rest are reduced.
    let mut s = StreamV1::new(5);
    for _ in 0..1000 {
        assert!(s.below(3) < 3);
    }
    assert_eq!(StreamV1::new(9).below(1), 0);
}

fn arb_population() -> impl Strategy<Value = Vec<Unit>> {
    prop::collection::vec((0u8..6, 0u32..1_000_000), 1..300).prop_map(|v| {
        let mut seen = std::collections::HashSet::new();
        v.into_iter()
            .filter(|(_, id)| seen.insert(*id))
            .map(|(s, id)| Unit {
                case_id: format!("K{id}"),
                stratum: format!("S{s}"),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn strata_sum_to_n_and_stay_within_their_size(
        sizes in prop::collection::vec(0usize..500, 1..20),
        bp in 1u32..=10_000,
    ) {
        let total: usize = sizes.iter().sum();
        let n = sample_size(bp, total);
        let alloc = allocate(n, &sizes);
        prop_assert_eq!(alloc.iter().sum::<usize>(), n);
        for (a, s) in alloc.iter().zip(&sizes) {
            prop_assert!(a <= s);
        }
    }

    #[test]
    fn same_seed_same_sample(pop in arb_population(), bp in 1u32..=10_000, seed: u64) {
        let a = draw_v1(&pop, bp, seed).unwrap();
        let b = draw_v1(&pop, bp, seed).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.case_ids.len(), a.sample_size);
        prop_assert_eq!(a.strata.iter().map(|c| c.sample).sum::<usize>(), a.sample_size);
        // Every chosen case is in the population, once, and in its stratum's quota.
        let ids: std::collections::HashSet<&str> =
            pop.iter().map(|u| u.case_id.as_str()).collect();
        let chosen: std::collections::HashSet<&String> = a.case_ids.iter().collect();
        prop_assert_eq!(chosen.len(), a.case_ids.len());
        for id in &a.case_ids {
            prop_assert!(ids.contains(id.as_str()));
        }
        for c in &a.strata {
            let in_stratum = pop
                .iter()
                .filter(|u| u.stratum == c.key && chosen.contains(&u.case_id))
                .count();
            prop_assert_eq!(in_stratum, c.sample);
            prop_assert!(c.sample <= c.population);
        }
    }
}

// --- aktgranskning-urval-v2 -----------------------------------------------------------
// Values produced by the independent Python implementation in docs/reference/urval_v2.py.

const GOLDEN_V2_STRATA: [(&str, usize, usize); 10] = [
    ("LSS|Alm", 82, 25),
    ("LSS|Björk", 83, 25),
    ("LSS|Ek", 83, 25),
    ("LSS|Hassel", 82, 24),
    ("LSS|Lind", 82, 25),
    ("SoL|Alm", 27, 8),
    ("SoL|Björk", 27, 8),
    ("SoL|Ek", 27, 8),
    ("SoL|Hassel", 28, 9),
    ("SoL|Lind", 28, 8),
];
const GOLDEN_V2_FIRST_5: [&str; 5] = [
    "2023-0005",
    "2023-0019",
    "2023-0026",
    "2023-0028",
    "2023-0030",
];
const GOLDEN_V2_SAMPLE_HASH: &str =
    "28f6588dca8fd1d0b8b967423de848675c5c2443d8214a2ed03f3496ad922b2f";

fn ids_hash(ids: &[String]) -> String {
    let mut h = Sha256::new();
    for id in ids {
        h.update(id.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

#[test]
fn golden_vector_v2_reference_sized() {
    let s = draw_v2(&golden_population(), 3000, 20230901).unwrap();
    assert_eq!(s.algorithm, ALGORITHM_V2);
    assert_eq!(s.population_sha256, GOLDEN_HASH);
    assert_eq!(s.sample_size, 165);
    let strata: Vec<(&str, usize, usize)> = s
        .strata
        .iter()
        .map(|c| (c.key.as_str(), c.population, c.sample))
        .collect();
    assert_eq!(strata, GOLDEN_V2_STRATA);
    assert_eq!(&s.case_ids[..5], GOLDEN_V2_FIRST_5);
    assert_eq!(ids_hash(&s.case_ids), GOLDEN_V2_SAMPLE_HASH);
}

/// One stratum (or none): nothing is left over, so v2 draws exactly what v1 draws.
#[test]
fn golden_vector_v2_small_equals_v1() {
    let pop: Vec<Unit> = (1..=10)
        .map(|i| Unit {
            case_id: format!("A{i:02}"),
            stratum: String::new(),
        })
        .collect();
    let s = draw_v2(&pop, 3000, 42).unwrap();
    assert_eq!(s.case_ids, GOLDEN_SMALL_SAMPLE);
}

/// 56 case officers with one file each and a stratum of 44: under v1 the same 30
/// strata would win the left-over units whatever the seed; under v2 the seed decides.
fn tiny_strata() -> Vec<Unit> {
    (0..56)
        .map(|i| Unit {
            case_id: format!("K{i:03}"),
            stratum: format!("LSS|Handläggare {i:02}"),
        })
        .chain((0..44).map(|i| Unit {
            case_id: format!("M{i:03}"),
            stratum: "SoL|Stor".to_string(),
        }))
        .collect()
}

#[test]
fn golden_vector_v2_tiny_strata() {
    let s = draw_v2(&tiny_strata(), 3000, 7).unwrap();
    assert_eq!(s.sample_size, 30);
    assert_eq!(s.strata.iter().filter(|c| c.sample > 0).count(), 18);
    assert_eq!(
        &s.case_ids[..6],
        ["K000", "K004", "K007", "K010", "K014", "K017"]
    );
    assert_eq!(
        ids_hash(&s.case_ids),
        "c0d5e1cae5b3b0a98e59868faf3dfc449d9444199f38c6e15bb7c70a081ded88"
    );
}

#[test]
fn under_v1_a_file_alone_in_its_stratum_may_never_be_drawn_under_v2_every_file_can() {
    let pop = tiny_strata();
    let mut ever_v1 = std::collections::HashSet::new();
    let mut ever_v2 = std::collections::HashSet::new();
    for seed in 0..400 {
        ever_v1.extend(draw_v1(&pop, 3000, seed).unwrap().case_ids);
        ever_v2.extend(draw_v2(&pop, 3000, seed).unwrap().case_ids);
    }
    assert!(
        ever_v1.len() < pop.len(),
        "v1 leaves some files out for good"
    );
    assert_eq!(
        ever_v2.len(),
        pop.len(),
        "v2: every file is drawn for some seed"
    );
}

proptest! {
    /// Exhaustively over the allocation's one random number `u` (every value in [0, N)),
    /// each stratum's sample averages exactly its quota n·N_h/N, so (with a simple random
    /// sample inside the stratum) every file's inclusion probability is exactly n/N.
    #[test]
    fn v2_gives_every_file_the_inclusion_probability_n_over_big_n(
        sizes in prop::collection::vec(1usize..12, 1..12),
        bp in 1u32..=10_000,
    ) {
        let total: usize = sizes.iter().sum();
        let n = sample_size(bp, total);
        let mut sums = vec![0u128; sizes.len()];
        for u in 0..total as u32 {
            // The random number is given directly; `the_systematic_step_agrees_with_the_stream`
            // ties this to the real stream.
            let alloc = allocate_v2_at(n, &sizes, u);
            prop_assert_eq!(alloc.iter().sum::<usize>(), n);
            for (h, (&a, &size)) in alloc.iter().zip(&sizes).enumerate() {
                prop_assert!(a <= size);
                let quota_floor = n * size / total;
                prop_assert!(a == quota_floor || a == quota_floor + 1);
                sums[h] += a as u128;
            }
        }
        for (h, &size) in sizes.iter().enumerate() {
            // Σ_u n_h(u) / N = n·N_h/N  ⇔  Σ_u n_h(u) = n·N_h.
            prop_assert_eq!(sums[h], (n * size) as u128);
        }
    }
}

/// `allocate_v2` with its random number given, for the exhaustive property above. It
/// must agree with `allocate_v2` on a real stream.
fn allocate_v2_at(n: usize, sizes: &[usize], u: u32) -> Vec<usize> {
    let total: usize = sizes.iter().sum();
    let mut alloc: Vec<usize> = sizes.iter().map(|&s| n * s / total).collect();
    let left = n - alloc.iter().sum::<usize>();
    let mut start = 0usize;
    for (h, &s) in sizes.iter().enumerate() {
        let end = start + n * s % total;
        if (0..left).any(|k| (start..end).contains(&(u as usize + k * total))) {
            alloc[h] += 1;
        }
        start = end;
    }
    alloc
}

#[test]
fn the_systematic_step_agrees_with_the_stream() {
    for seed in 0..50 {
        let sizes = [3, 1, 1, 4, 2, 7, 1];
        let total: usize = sizes.iter().sum();
        let n = sample_size(3000, total);
        let mut probe = StreamV1::new(seed);
        let u = probe.below(total as u32);
        let mut stream = StreamV1::new(seed);
        assert_eq!(
            allocate_v2(n, &sizes, &mut stream),
            allocate_v2_at(n, &sizes, u)
        );
    }
}

#[test]
fn the_offered_stratifications_read_in_swedish_with_the_default_first() {
    let offered: Vec<(String, String)> = Strata::offered()
        .iter()
        .map(|s| (s.name(), s.heading()))
        .collect();
    assert_eq!(
        offered,
        [
            (
                "lagrum,handlaggare".to_string(),
                "Lagrum och handläggare".to_string()
            ),
            ("lagrum".to_string(), "Lagrum".to_string()),
            ("none".to_string(), "Ingen stratifiering".to_string()),
        ]
    );
    assert_eq!(Strata::offered()[0], Strata::default_strata());
}
