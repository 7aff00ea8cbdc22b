#!/usr/bin/env python3
"""Independent re-implementation of `aktgranskning-urval-v2` (docs/sampling-v2.md).

Standard library only. The ChaCha20 stream and the bounded integers are those of v1
(imported from urval_v1.py beside this file, which implements RFC 8439 from the RFC);
what v2 changes is the allocation over strata: the units left over after the whole
quotas are placed by one systematic draw over the strata's remainders, so that every
stratum's expected sample is exactly its quota and every case's inclusion probability
is exactly n/N.

Usage: python3 urval_v2.py CANONICAL_POPULATION.tsv SEED BASIS_POINTS
(the file `aktgranskning sample population` writes: case_id TAB stratum_key per line).
Prints the draw as JSON.
"""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from urval_v1 import Stream  # noqa: E402  (RFC 8439 ChaCha20 words, bounded integers)

ALGORITHM = "aktgranskning-urval-v2"


def allocate(n, sizes, n_pop, stream):
    """Whole quotas, then the `left` units by one systematic draw over the remainders."""
    alloc = [n * size // n_pop for size in sizes]
    rems = [n * size % n_pop for size in sizes]
    left = n - sum(alloc)
    assert sum(rems) == left * n_pop
    if left == 0:
        return alloc
    u = stream.below(n_pop)
    points = [u + k * n_pop for k in range(left)]
    start = 0
    for i, r in enumerate(rems):
        end = start + r
        if any(start <= p < end for p in points):
            alloc[i] += 1
        start = end
    assert sum(alloc) == n
    return alloc


def draw(units, seed, bp):
    """units: list of (case_id, stratum_key) strings."""
    n_pop = len(units)
    n = (bp * n_pop + 9999) // 10000
    canon = "".join(f"{c}\t{s}\n" for c, s in sorted(units, key=lambda u: u[0].encode()))
    digest = hashlib.sha256(canon.encode()).hexdigest()
    strata = {}
    for c, s in units:
        strata.setdefault(s, []).append(c)
    keys = sorted(strata, key=lambda k: k.encode())
    stream = Stream(seed)
    alloc = allocate(n, [len(strata[k]) for k in keys], n_pop, stream)
    chosen, counts = [], []
    for k, n_h in zip(keys, alloc):
        cases = sorted(strata[k], key=lambda c: c.encode())
        idx = list(range(len(cases)))
        for i in range(n_h):
            j = i + stream.below(len(cases) - i)
            idx[i], idx[j] = idx[j], idx[i]
        chosen += [cases[i] for i in idx[:n_h]]
        counts.append({"key": k, "population": len(cases), "sample": n_h})
    return {
        "algorithm": ALGORITHM,
        "population": n_pop,
        "sample_size": n,
        "population_sha256": digest,
        "strata": counts,
        "case_ids": sorted(chosen, key=lambda c: c.encode()),
    }


def main():
    path, seed, bp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        units = [tuple(line.rstrip("\n").split("\t", 1)) for line in f if line.strip()]
    print(json.dumps(draw(units, seed, bp), ensure_ascii=False))


if __name__ == "__main__":
    main()
