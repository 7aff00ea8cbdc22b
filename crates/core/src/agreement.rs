//! Agreement between two reviewers who answered the same items of the same files
//! (`docs/agreement.md`): the observed agreement, Cohen's κ and Gwet's AC1, each with a
//! 95 % interval from its large-sample variance. The four answers (Ja, Delvis, Nej, Ej
//! aktuellt) are the categories. κ misleads when nearly every answer is the same (the
//! "kappa paradox": high agreement, low κ); AC1 does not, so both are given.

use crate::checklist::Answer;
use serde::Serialize;

/// The number of categories: Ja, Delvis, Nej, Ej aktuellt.
const Q: usize = 4;

/// z for a two-sided 95 % interval.
const Z: f64 = 1.959_963_984_540_054;

/// An item is flagged for feedback when AC1 is below this …
pub const FLAG_AC1: f64 = 0.6;
/// … or the observed agreement is below this.
pub const FLAG_AGREEMENT: f64 = 0.8;

/// An estimate with its 95 % interval, cut to [-1, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The agreement over a set of paired answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agreement {
    /// Paired answers (file × item) compared.
    pub pairs: u32,
    /// Share of pairs where the two answered the same.
    pub agreement: f64,
    /// `None` when it is undefined: both reviewers gave one and the same answer to
    /// everything (chance agreement 1).
    pub kappa: Option<Estimate>,
    pub ac1: Estimate,
}

impl Agreement {
    /// Whether the agreement is too low to rely on without feedback.
    pub fn flagged(&self) -> bool {
        self.ac1.value < FLAG_AC1 || self.agreement < FLAG_AGREEMENT
    }
}

/// The answer's category number.
pub fn category(a: Answer) -> usize {
    match a {
        Answer::Ja => 0,
        Answer::Delvis => 1,
        Answer::Nej => 2,
        Answer::EjAktuellt => 3,
    }
}

fn interval(value: f64, variance: f64) -> Estimate {
    let se = variance.max(0.0).sqrt();
    Estimate {
        value,
        low: (value - Z * se).max(-1.0),
        high: (value + Z * se).min(1.0),
    }
}

/// The agreement of the pairs (first reviewer's answer, second's); `None` for none.
pub fn agreement(pairs: &[(Answer, Answer)]) -> Option<Agreement> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mut p = [[0.0f64; Q]; Q];
    for (a, b) in pairs {
        p[category(*a)][category(*b)] += 1.0 / n;
    }
    let row: Vec<f64> = (0..Q).map(|k| p[k].iter().sum()).collect();
    let col: Vec<f64> = (0..Q).map(|k| (0..Q).map(|l| p[l][k]).sum()).collect();
    let po: f64 = (0..Q).map(|k| p[k][k]).sum();

    // Cohen's κ, with the non-null large-sample variance of Fleiss, Cohen and Everitt
    // (1969).
    let pe: f64 = (0..Q).map(|k| row[k] * col[k]).sum();
    let kappa = (pe < 1.0 - 1e-12).then(|| {
        let k = (po - pe) / (1.0 - pe);
        let a: f64 = (0..Q)
            .map(|i| p[i][i] * (1.0 - (row[i] + col[i]) * (1.0 - k)).powi(2))
            .sum();
        let b: f64 = (1.0 - k).powi(2)
            * (0..Q)
                .flat_map(|i| (0..Q).map(move |j| (i, j)))
                .filter(|(i, j)| i != j)
                .map(|(i, j)| p[i][j] * (col[i] + row[j]).powi(2))
                .sum::<f64>();
        let c = (k - pe * (1.0 - k)).powi(2);
        interval(k, (a + b - c) / (n * (1.0 - pe).powi(2)))
    });

    // Gwet's AC1 for two raters, with its variance (Gwet 2008), no finite-population
    // correction.
    let q = Q as f64;
    let pi: Vec<f64> = (0..Q).map(|k| (row[k] + col[k]) / 2.0).collect();
    let pe_g: f64 = pi.iter().map(|x| x * (1.0 - x)).sum::<f64>() / (q - 1.0);
    let g = (po - pe_g) / (1.0 - pe_g);
    let t1 = po * (1.0 - po);
    let t2 = 4.0
        * (1.0 - g)
        * ((0..Q).map(|k| p[k][k] * (1.0 - pi[k])).sum::<f64>() / (q - 1.0) - po * pe_g);
    let t3 = 4.0
        * (1.0 - g).powi(2)
        * ((0..Q)
            .flat_map(|k| (0..Q).map(move |l| (k, l)))
            .map(|(k, l)| p[k][l] * (1.0 - (pi[k] + pi[l]) / 2.0).powi(2))
            .sum::<f64>()
            / (q - 1.0).powi(2)
            - pe_g.powi(2));
    let ac1 = interval(g, (t1 - t2 + t3) / (n * (1.0 - pe_g).powi(2)));

    Some(Agreement {
        pairs: pairs.len() as u32,
        agreement: po,
        kappa,
        ac1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::*;

    fn pairs(spec: &[(Answer, Answer, usize)]) -> Vec<(Answer, Answer)> {
        spec.iter()
            .flat_map(|(a, b, n)| std::iter::repeat_n((*a, *b), *n))
            .collect()
    }

    /// Golden values from `docs/reference/agreement.py`, the published formulas written
    /// independently (κ and its SE also agree with statsmodels' `cohens_kappa`, AC1 with
    /// irrCAC; `docs/agreement.md`).
    #[test]
    fn the_kappa_paradox_high_agreement_low_kappa_high_ac1() {
        // 97 % Ja: 98 of 100 answers agree.
        let a = agreement(&pairs(&[
            (Ja, Ja, 97),
            (Ja, Nej, 1),
            (Nej, Ja, 1),
            (Nej, Nej, 1),
        ]))
        .unwrap();
        let close = |x: f64, y: f64| assert!((x - y).abs() < 1e-12, "{x} {y}");
        close(a.agreement, 0.98);
        let k = a.kappa.unwrap();
        close(k.value, 0.489_795_918_367_347_76);
        close(k.low, -0.118_510_237_930_533_34);
        close(k.high, 1.0);
        close(a.ac1.value, 0.979_735_206_700_892_3);
        close(a.ac1.low, 0.951_754_633_619_953);
        close(a.ac1.high, 1.0);
        assert!(!a.flagged(), "AC1 is high although κ is not");
        assert_eq!(a.pairs, 100);
    }

    #[test]
    fn one_answer_everywhere_has_no_kappa_but_an_ac1_of_one() {
        let a = agreement(&pairs(&[(Ja, Ja, 20)])).unwrap();
        assert_eq!(a.kappa, None);
        assert!((a.ac1.value - 1.0).abs() < 1e-12);
        assert_eq!(agreement(&[]), None);
    }
}
