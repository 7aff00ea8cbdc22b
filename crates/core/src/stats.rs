//! Compliance rates and their 95 % confidence intervals (`docs/statistics.md`).
//!
//! The sample is drawn without replacement from a finite population, so the interval is
//! the Wilson score interval with a finite population correction: the sample size is
//! inflated to an effective `n' = n_a / f`, `f = (N_a − n_a)/(N_a − 1)`. The interval is
//! cut to the exact bounds the population allows, and near a census its ends move out to
//! the nearest possible values. When every applicable file was reviewed (`n_a = N_a`) the
//! rate is exact and there is no interval.

use serde::{Deserialize, Serialize};

/// The normal quantile for a two-sided 95 % interval, as the domain specifies it.
pub const Z95: f64 = 1.959964;

/// "Near a census": at most this many applicable files of the population not reviewed.
/// The possible population rates are then so few that the interval's ends are moved out
/// to them (see [`wilson_fpc`]).
pub const NEAR_CENSUS: u32 = 20;

/// A closed interval of fractions in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The outcome of one item: its rate, and its interval unless the rate is exact.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// `Ja / (Ja + Delvis + Nej)`.
    pub rate: f64,
    /// `None` when every applicable file of the population was reviewed.
    pub interval: Option<Interval>,
}

/// The rate of `ja` among `applicable` reviewed files, with the Wilson interval
/// corrected for a population of `population_applicable` applicable files. `None` when
/// nothing applies.
pub fn wilson_fpc(ja: u32, applicable: u32, population_applicable: u32) -> Option<Rate> {
    if applicable == 0 {
        return None;
    }
    let (x, n, big_n) = (
        f64::from(ja),
        f64::from(applicable),
        f64::from(population_applicable),
    );
    let p = x / n;
    if population_applicable <= applicable {
        return Some(Rate {
            rate: p,
            interval: None,
        });
    }
    let f = (big_n - n) / (big_n - 1.0);
    let n_eff = n / f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_eff;
    let centre = (p + z2 / (2.0 * n_eff)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff)).sqrt();
    // Whatever the unreviewed files hold, the population's rate lies in these bounds.
    let unreviewed = big_n - n;
    let (exact_low, exact_high) = (x / big_n, (x + unreviewed) / big_n);
    let mut low = (centre - half).clamp(exact_low, exact_high);
    let mut high = (centre + half).clamp(exact_low, exact_high);
    if population_applicable - applicable <= NEAR_CENSUS {
        // The possible rates are (x + k)/N_a, k = 0 … N_a − n_a: each end moves out to the
        // nearest one, so no possible value inside the span is left out.
        let k_low = (low * big_n - x + 1e-9).floor().clamp(0.0, unreviewed);
        let k_high = (high * big_n - x - 1e-9).ceil().clamp(0.0, unreviewed);
        low = (x + k_low) / big_n;
        high = (x + k_high) / big_n;
    }
    Some(Rate {
        rate: p,
        interval: Some(Interval { low, high }),
    })
}

/// The difference between two rates (current − earlier) with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub diff: f64,
    pub low: f64,
    pub high: f64,
}

/// What a difference says, in the trend's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The interval lies wholly above 0.
    Forbattring,
    /// The interval lies wholly below 0.
    Forsamring,
    /// The interval holds 0.
    IngenSaker,
    /// The item's rule changed between the audits, or a side has too few files.
    EjJamforbar,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Forbattring => "förbättring",
            Verdict::Forsamring => "försämring",
            Verdict::IngenSaker => "ingen säker förändring",
            Verdict::EjJamforbar => "ej jämförbar",
        }
    }
}

/// Newcombe's hybrid score interval (method 10) for the difference of two independent
/// rates, current − earlier, built from each rate's own interval (Wilson with finite
/// population correction, [`wilson_fpc`]; a census rate's interval is the rate itself):
/// `low = d − √((p₂ − l₂)² + (u₁ − p₁)²)`, `high = d + √((u₂ − p₂)² + (p₁ − l₁)²)`.
pub fn newcombe_difference(earlier: Rate, current: Rate) -> Difference {
    let bounds = |r: Rate| r.interval.map_or((r.rate, r.rate), |i| (i.low, i.high));
    let ((l1, u1), (l2, u2)) = (bounds(earlier), bounds(current));
    let (p1, p2) = (earlier.rate, current.rate);
    let d = p2 - p1;
    Difference {
        diff: d,
        low: d - ((p2 - l2).powi(2) + (u1 - p1).powi(2)).sqrt(),
        high: d + ((u2 - p2).powi(2) + (p1 - l1).powi(2)).sqrt(),
    }
}

impl Difference {
    /// Förbättring or försämring only when the interval excludes 0.
    pub fn verdict(&self) -> Verdict {
        if self.low > 0.0 {
            Verdict::Forbattring
        } else if self.high < 0.0 {
            Verdict::Forsamring
        } else {
            Verdict::IngenSaker
        }
    }
}

/// A fraction as a Swedish percentage for print: whole percent (`85 %`), except where
/// rounding would contradict the grade — a value below a threshold that would round onto
/// or over it, or a value at or over one that would round below it — which gets one
/// decimal (`89,7 %` under a 90 % threshold), rounded away from the threshold when even
/// one decimal would reach it (89.96 % is `89,9 %`). Thresholds
/// in basis points, as templates keep them.
pub fn percent_text(x: f64, thresholds_bp: &[u32]) -> String {
    let v = x * 100.0;
    let whole = v.round();
    let mut tenths = None;
    for &bp in thresholds_bp {
        let t = f64::from(bp) / 100.0;
        let near = (v * 10.0).round();
        if v < t - 1e-9 && whole >= t {
            // One decimal, and if even that reaches the threshold, rounded down.
            tenths = Some(if near / 10.0 >= t {
                (v * 10.0 + 1e-9).floor()
            } else {
                near
            } as i64);
        } else if v >= t - 1e-9 && whole < t {
            tenths = Some(if near / 10.0 < t {
                (v * 10.0 - 1e-9).ceil()
            } else {
                near
            } as i64);
        }
    }
    match tenths {
        Some(t) => format!("{},{} %", t / 10, t % 10),
        None => format!("{} %", whole as i64),
    }
}

/// An interval as Swedish percentages, `80–89 %`, each end written by [`percent_text`].
pub fn interval_text(i: Interval, thresholds_bp: &[u32]) -> String {
    let low = percent_text(i.low, thresholds_bp);
    let high = percent_text(i.high, thresholds_bp);
    format!("{}–{high}", low.trim_end_matches(" %"))
}

/// The number of applicable files in the population when applicability is not known for
/// every population row: `round(N · n_a / n)`, in integers (halves round up), and never
/// fewer than the `n_a` files actually found applicable.
pub fn estimate_population_applicable(population: u32, applicable: u32, sample: u32) -> u32 {
    if sample == 0 {
        return 0;
    }
    let (big_n, n_a, n) = (
        u64::from(population),
        u64::from(applicable),
        u64::from(sample),
    );
    let est = (2 * big_n * n_a + n) / (2 * n);
    (est as u32).max(applicable)
}

#[cfg(test)]
mod tests {

    /// Golden values from `docs/reference/newcombe.py`, an independent implementation of
    /// the published formulas (earlier x n N, current x n N; difference and bounds).
    #[test]
    fn the_difference_interval_matches_the_independent_reference() {
        let cases: [([u32; 6], [f64; 3]); 4] = [
            (
                [82, 165, 549, 140, 165, 549],
                [0.35151515151515156, 0.26992238136396185, 0.4264878293788716],
            ),
            (
                [120, 165, 549, 118, 160, 520],
                [
                    0.010227272727272751,
                    -0.07001419088546092,
                    0.09013595263763753,
                ],
            ),
            (
                [50, 60, 200, 58, 62, 210],
                [
                    0.10215053763440851,
                    0.005680546049979349,
                    0.20167567060319502,
                ],
            ),
            (
                [155, 165, 549, 140, 165, 549],
                [
                    -0.09090909090909094,
                    -0.14759947459890793,
                    -0.03554254496666885,
                ],
            ),
        ];
        for ([x1, n1, b1, x2, n2, b2], [d, low, high]) in cases {
            let r = newcombe_difference(
                wilson_fpc(x1, n1, b1).unwrap(),
                wilson_fpc(x2, n2, b2).unwrap(),
            );
            for (got, want) in [(r.diff, d), (r.low, low), (r.high, high)] {
                assert!((got - want).abs() < 1e-12, "{got} {want}");
            }
        }
        let verdict = |c: [u32; 6]| {
            newcombe_difference(
                wilson_fpc(c[0], c[1], c[2]).unwrap(),
                wilson_fpc(c[3], c[4], c[5]).unwrap(),
            )
            .verdict()
        };
        assert_eq!(verdict(cases[0].0), Verdict::Forbattring);
        assert_eq!(verdict(cases[1].0), Verdict::IngenSaker);
        assert_eq!(verdict(cases[2].0), Verdict::Forbattring);
        assert_eq!(verdict(cases[3].0), Verdict::Forsamring);
        // A census on both sides: the difference is exact.
        let census = newcombe_difference(
            wilson_fpc(9, 10, 10).unwrap(),
            wilson_fpc(10, 10, 10).unwrap(),
        );
        assert_eq!((census.low, census.high), (census.diff, census.diff));
    }

    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn the_domain_check_140_of_165_in_549() {
        let r = wilson_fpc(140, 165, 549).unwrap();
        assert!(close(r.rate, 0.8485));
        let i = r.interval.unwrap();
        assert!(close(i.low, 0.7971) && close(i.high, 0.8887), "{i:?}");
        // Printed with one decimal: 84.8 %, 79.7 %–88.9 %.
        assert_eq!(
            format!(
                "{:.1} {:.1} {:.1}",
                r.rate * 100.0,
                i.low * 100.0,
                i.high * 100.0
            ),
            "84.8 79.7 88.9"
        );
    }

    #[test]
    fn edge_cases() {
        // 0 of n and n of n: the interval reaches the bound, on the right side.
        let r = wilson_fpc(0, 30, 100).unwrap();
        assert_eq!(r.rate, 0.0);
        let i = r.interval.unwrap();
        assert!(i.low == 0.0 && close(i.high, 0.0830), "{i:?}");
        let i = wilson_fpc(30, 30, 100).unwrap().interval.unwrap();
        assert!(close(i.low, 0.9170) && i.high == 1.0, "{i:?}");
        // n = N: exact, no interval.
        assert_eq!(
            wilson_fpc(7, 10, 10),
            Some(Rate {
                rate: 0.7,
                interval: None
            })
        );
        // One applicable file in a large population: a wide interval.
        let i = wilson_fpc(1, 1, 549).unwrap().interval.unwrap();
        assert!(close(i.low, 0.2065) && i.high == 1.0, "{i:?}");
        // Nothing applicable: no rate at all.
        assert_eq!(wilson_fpc(0, 0, 549), None);
    }

    #[test]
    fn near_a_census_the_interval_holds_every_possible_value() {
        // 30 Ja of 36 reviewed, 37 applicable: the population has 30 or 31 compliant
        // files, 81.1 % or 83.8 %. Wilson alone gave 81.2–85.3 %, leaving 81.1 % out.
        let i = wilson_fpc(30, 36, 37).unwrap().interval.unwrap();
        assert!(
            close(i.low, 30.0 / 37.0) && close(i.high, 31.0 / 37.0),
            "{i:?}"
        );
        // Impossible values are never claimed: 1 Ja of 5 among 10 is at least 10 %.
        let i = wilson_fpc(1, 5, 10).unwrap().interval.unwrap();
        assert!(i.low >= 0.1 - 1e-12 && i.high <= 0.6 + 1e-12, "{i:?}");
        // Far from a census nothing changes (the domain's check stays 79.7–88.9 %).
        let i = wilson_fpc(140, 165, 549).unwrap().interval.unwrap();
        assert!(close(i.low, 0.7971) && close(i.high, 0.8887));
    }

    #[test]
    fn printed_percentages_never_contradict_the_grade() {
        let t = [9000, 7500];
        assert_eq!(percent_text(148.0 / 165.0, &t), "89,7 %");
        assert_eq!(percent_text(144.0 / 160.0, &t), "90 %");
        assert_eq!(percent_text(0.8996, &t), "89,9 %");
        assert_eq!(percent_text(0.7496, &t), "74,9 %");
        assert_eq!(percent_text(0.848, &t), "85 %");
        assert_eq!(percent_text(0.0, &t), "0 %");
        assert_eq!(percent_text(1.0, &t), "100 %");
        // A threshold between whole percents: at it, never printed below it.
        assert_eq!(percent_text(0.7551, &[7550]), "76 %");
        assert_eq!(percent_text(0.7545, &[7540]), "75,4 %");
        assert_eq!(percent_text(0.7545, &[7550]), "75 %");
        let i = Interval {
            low: 0.8968,
            high: 0.951,
        };
        assert_eq!(interval_text(i, &t), "89,7–95 %");
    }

    #[test]
    fn estimated_population_applicable() {
        // 20 of 165 sampled files involve children, N = 549 → round(66.5) = 67.
        assert_eq!(estimate_population_applicable(549, 20, 165), 67);
        assert_eq!(estimate_population_applicable(549, 165, 165), 549);
        assert_eq!(estimate_population_applicable(549, 0, 165), 0);
        assert_eq!(estimate_population_applicable(10, 3, 0), 0);
    }

    proptest! {
        #[test]
        fn bounds_lie_in_the_possible_range_around_the_rate(
            n_a in 1u32..2000, extra in 0u32..5000, ja_frac in 0.0f64..=1.0,
        ) {
            let ja = ((f64::from(n_a) * ja_frac).floor() as u32).min(n_a);
            let big_n = f64::from(n_a + extra);
            let r = wilson_fpc(ja, n_a, n_a + extra).unwrap();
            prop_assert!((0.0..=1.0).contains(&r.rate));
            if let Some(i) = r.interval {
                prop_assert!(f64::from(ja) / big_n - 1e-12 <= i.low && i.low <= r.rate + 1e-12);
                prop_assert!(r.rate - 1e-12 <= i.high);
                prop_assert!(i.high <= (f64::from(ja + extra)) / big_n + 1e-12);
            } else {
                prop_assert_eq!(extra, 0);
            }
        }

        #[test]
        fn a_larger_share_reviewed_narrows_the_interval(ja in 0u32..=50, big_n in 200u32..5000) {
            let wide = wilson_fpc(ja, 50, big_n).unwrap().interval.unwrap();
            let narrow = wilson_fpc(ja, 50, 60).unwrap().interval.unwrap();
            prop_assert!(narrow.high - narrow.low <= wide.high - wide.low + 1e-12);
        }
    }
}
