#!/usr/bin/env python3
"""Agreement between two reviewers, written from the published formulas alone, as an
independent check of crates/core/src/agreement.rs (docs/agreement.md).

Usage: agreement.py A1,B1 A2,B2 ...   (each pair: the two reviewers' answers, as
category numbers 0..3 for Ja, Delvis, Nej, Ej aktuellt)

Prints: observed agreement, Cohen's kappa with its 95 % interval, Gwet's AC1 with its
95 % interval, one number per line, repr() precision.

- Cohen's kappa: Cohen (1960). Its large-sample variance: Fleiss, Cohen and Everitt
  (1969), "Large sample standard errors of kappa and weighted kappa", Psychological
  Bulletin 72(5), the non-null variance.
- Gwet's AC1: Gwet (2008), "Computing inter-rater reliability and its variance in the
  presence of high agreement", British Journal of Mathematical and Statistical
  Psychology 61, for two raters and q categories, its variance with f = 0.
The interval is estimate +/- 1.959963984540054 * SE, cut to [-1, 1].
"""

import math
import sys

Q = 4
Z = 1.959963984540054


def table(pairs):
    n = len(pairs)
    p = [[0.0] * Q for _ in range(Q)]
    for a, b in pairs:
        p[a][b] += 1.0 / n
    return n, p


def kappa(pairs):
    n, p = table(pairs)
    row = [sum(p[k][l] for l in range(Q)) for k in range(Q)]
    col = [sum(p[l][k] for l in range(Q)) for k in range(Q)]
    po = sum(p[k][k] for k in range(Q))
    pe = sum(row[k] * col[k] for k in range(Q))
    if pe >= 1.0:
        return po, None, None, None
    k_ = (po - pe) / (1 - pe)
    a = sum(p[i][i] * (1 - (row[i] + col[i]) * (1 - k_)) ** 2 for i in range(Q))
    b = (1 - k_) ** 2 * sum(
        p[i][j] * (col[i] + row[j]) ** 2 for i in range(Q) for j in range(Q) if i != j
    )
    c = (k_ - pe * (1 - k_)) ** 2
    var = max(a + b - c, 0.0) / (n * (1 - pe) ** 2)
    se = math.sqrt(var)
    return po, k_, max(-1.0, k_ - Z * se), min(1.0, k_ + Z * se)


def ac1(pairs):
    n, p = table(pairs)
    row = [sum(p[k][l] for l in range(Q)) for k in range(Q)]
    col = [sum(p[l][k] for l in range(Q)) for k in range(Q)]
    pa = sum(p[k][k] for k in range(Q))
    pi = [(row[k] + col[k]) / 2 for k in range(Q)]
    pe = sum(x * (1 - x) for x in pi) / (Q - 1)
    g = (pa - pe) / (1 - pe)
    t1 = pa * (1 - pa)
    t2 = 4 * (1 - g) * (sum(p[k][k] * (1 - pi[k]) for k in range(Q)) / (Q - 1) - pa * pe)
    t3 = 4 * (1 - g) ** 2 * (
        sum(p[k][l] * (1 - (pi[k] + pi[l]) / 2) ** 2 for k in range(Q) for l in range(Q))
        / (Q - 1) ** 2
        - pe**2
    )
    var = max(t1 - t2 + t3, 0.0) / (n * (1 - pe) ** 2)
    se = math.sqrt(var)
    return g, max(-1.0, g - Z * se), min(1.0, g + Z * se)


def main():
    pairs = [tuple(int(x) for x in arg.split(",")) for arg in sys.argv[1:]]
    po, k_, kl, kh = kappa(pairs)
    g, gl, gh = ac1(pairs)
    for v in (po, k_, kl, kh, g, gl, gh):
        print("null" if v is None else repr(v))


if __name__ == "__main__":
    main()
