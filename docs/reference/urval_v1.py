#!/usr/bin/env python3
"""Independent reference implementation of aktgranskning-urval-v1 (docs/sampling-v1.md).

Written from the specification alone, with the Python standard library only, so that a
third party can re-derive a sample without trusting Aktgranskning's own code. The test
suite runs it against the Rust implementation.

Usage:
    urval_v1.py POPULATION_FILE SEED PERCENT_BASIS_POINTS

POPULATION_FILE holds the canonical population: one line per case, `case_id TAB
stratum_key`, UTF-8, in any order. Prints one JSON object: population, sample_size,
population_sha256, strata [{key, population, sample}], case_ids.
"""
import hashlib
import json
import struct
import sys


def _rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def _quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 7)


def chacha20_block(key, counter, nonce=b"\0" * 12):
    """RFC 8439 section 2.3: one 64-byte block as 16 little-endian words."""
    const = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    state = const + list(struct.unpack("<8I", key)) + [counter] + list(struct.unpack("<3I", nonce))
    w = state[:]
    for _ in range(10):
        _quarter(w, 0, 4, 8, 12); _quarter(w, 1, 5, 9, 13)
        _quarter(w, 2, 6, 10, 14); _quarter(w, 3, 7, 11, 15)
        _quarter(w, 0, 5, 10, 15); _quarter(w, 1, 6, 11, 12)
        _quarter(w, 2, 7, 8, 13); _quarter(w, 3, 4, 9, 14)
    return [(w[i] + state[i]) & 0xFFFFFFFF for i in range(16)]


class Stream:
    """The v1 word stream: key = seed (8 bytes little-endian) + 24 zero bytes."""

    def __init__(self, seed):
        self.key = struct.pack("<Q", seed) + b"\0" * 24
        self.counter = 0
        self.buf = []

    def word(self):
        if not self.buf:
            self.buf = chacha20_block(self.key, self.counter)
            self.counter += 1
        return self.buf.pop(0)

    def below(self, m):
        threshold = (2**32 - m) % m
        while True:
            x = self.word()
            if x >= threshold:
                return x % m


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
    sizes = [len(strata[k]) for k in keys]
    alloc = [n * size // n_pop for size in sizes]
    rems = [(n * size % n_pop, i) for i, size in enumerate(sizes)]
    rems.sort(key=lambda r: (-r[0], r[1]))
    for _, i in rems[: n - sum(alloc)]:
        alloc[i] += 1
    stream = Stream(seed)
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
