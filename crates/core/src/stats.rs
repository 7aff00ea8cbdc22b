//! Compliance rates and their 95 % confidence intervals (domain §6).
//!
//! The sample is drawn without replacement from a finite population, so the interval is
//! the Wilson score interval with a finite population correction: the sample size is
//! inflated to an effective `n' = n_a / f`, `f = (N_a − n_a)/(N_a − 1)`. When every
//! applicable file was reviewed (`n_a = N_a`) the rate is exact and there is no interval.

use serde::{Deserialize, Serialize};

/// The normal quantile for a two-sided 95 % interval, as the domain specifies it.
pub const Z95: f64 = 1.959964;

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
    Some(Rate {
        rate: p,
        interval: Some(Interval {
            low: (centre - half).clamp(0.0, 1.0),
            high: (centre + half).clamp(0.0, 1.0),
        }),
    })
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
    fn estimated_population_applicable() {
        // 20 of 165 sampled files involve children, N = 549 → round(66.5) = 67.
        assert_eq!(estimate_population_applicable(549, 20, 165), 67);
        assert_eq!(estimate_population_applicable(549, 165, 165), 549);
        assert_eq!(estimate_population_applicable(549, 0, 165), 0);
        assert_eq!(estimate_population_applicable(10, 3, 0), 0);
    }

    proptest! {
        #[test]
        fn bounds_lie_in_unit_interval_around_the_rate(
            n_a in 1u32..2000, extra in 0u32..5000, ja_frac in 0.0f64..=1.0,
        ) {
            let ja = ((f64::from(n_a) * ja_frac).floor() as u32).min(n_a);
            let r = wilson_fpc(ja, n_a, n_a + extra).unwrap();
            prop_assert!((0.0..=1.0).contains(&r.rate));
            if let Some(i) = r.interval {
                prop_assert!(0.0 <= i.low && i.low <= r.rate + 1e-12);
                prop_assert!(r.rate - 1e-12 <= i.high && i.high <= 1.0);
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
