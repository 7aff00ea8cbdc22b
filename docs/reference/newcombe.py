#!/usr/bin/env python3
"""Independent reference for the trend's difference interval (docs/statistics.md):
Newcombe's hybrid score interval (method 10, Newcombe 1998) for the difference of two
independent proportions, built from each proportion's Wilson score interval with the
finite population correction (n replaced by n / ((N - n) / (N - 1))).

Written from the published formulas, not from the Rust code. Prints, for each case
(x1 n1 N1 x2 n2 N2: earlier and current), the difference p2 - p1 and its 95 % bounds.
Usage: newcombe.py x1 n1 N1 x2 n2 N2 [...]
"""

import math
import sys

Z = 1.959964  # the 97.5 % normal quantile, rounded as docs/statistics.md fixes it


def wilson_fpc(x, n, big_n):
    p = x / n
    if big_n <= n:
        return p, p, p
    f = (big_n - n) / (big_n - 1)
    ne = n / f
    z2 = Z * Z
    denom = 1 + z2 / ne
    centre = (p + z2 / (2 * ne)) / denom
    half = Z / denom * math.sqrt(p * (1 - p) / ne + z2 / (4 * ne * ne))
    return p, centre - half, centre + half


def newcombe(x1, n1, big_n1, x2, n2, big_n2):
    p1, l1, u1 = wilson_fpc(x1, n1, big_n1)
    p2, l2, u2 = wilson_fpc(x2, n2, big_n2)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, low, high


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    for i in range(0, len(args), 6):
        d, low, high = newcombe(*args[i : i + 6])
        print(f"{args[i:i+6]} {d!r} {low!r} {high!r}")
