"""MinHash signatures, LSH band keys, blocking keys and candidate pairs.

A posting is signed by the MinHash (datasketch, fixed seed) of its *specific* shingles:
those found in at most ``common_df`` postings, so that an employer's or a board's
boilerplate does not make all of its postings candidates of each other. The signature is
cut into bands; two postings that agree on every row of one band share a band key and
become a candidate pair. Band keys are plain 64-bit integers (the band number is mixed
in), so candidate pairs can come from a sort (:func:`candidate_pairs`), a SQL index
(``dedup_bands``) or a distributed shuffle keyed by band key: nothing compares all pairs.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from .config import DEFAULT_DEDUP, DedupConfig
from .docfreq import DocFreq
from .fingerprint import Fingerprint

_MIX = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=4)
def _minhasher(num_perm: int, seed: int):
    # one MinHash per process, cleared before each use: building one validates its
    # permutations, which costs more than hashing a posting
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine32")


def _counts(shingles: np.ndarray, df: DocFreq | None) -> np.ndarray | None:
    return None if df is None or len(shingles) == 0 else df.count(shingles)


def specific_shingles(shingles: np.ndarray, df: DocFreq | None, cfg: DedupConfig = DEFAULT_DEDUP,
                      counts: np.ndarray | None = None) -> np.ndarray:
    """The shingles found in at most ``common_df`` postings (else the rarest ``min_specific``)."""
    if counts is None:
        counts = _counts(shingles, df)
    if counts is None:
        return shingles
    keep = counts <= cfg.common_df
    if int(keep.sum()) >= min(cfg.min_specific, len(shingles)):
        return shingles[keep]
    # a posting made only of widely shared text (one ad posted for thirty towns) is still
    # signed, by its rarest shingles, so that its copies meet and the fields decide
    order = np.argsort(counts, kind="stable")[: cfg.min_specific]
    return np.sort(shingles[order])


def weights_of(counts: np.ndarray, cfg: DedupConfig = DEFAULT_DEDUP) -> np.ndarray:
    """Weight of each shingle in the decision: 1, or ``common_df / df`` for boilerplate."""
    return np.minimum(1.0, cfg.common_df / np.maximum(counts.astype(np.float32), 1.0)).astype(np.float32)


def minhash(shingles: np.ndarray, cfg: DedupConfig = DEFAULT_DEDUP) -> np.ndarray:
    """The MinHash values (uint32, ``num_perm`` of them) of a set of shingle hashes."""
    m = _minhasher(cfg.num_perm, cfg.seed)
    m.clear()
    m.update_batch(shingles.tolist())
    return np.asarray(m.hashvalues, dtype=np.uint32).copy()


def band_keys_of(values: np.ndarray, cfg: DedupConfig = DEFAULT_DEDUP) -> np.ndarray:
    """The ``bands`` 64-bit band keys of a MinHash signature."""
    rows = values[: cfg.bands * cfg.rows].astype(np.uint64).reshape(cfg.bands, cfg.rows)
    acc = np.arange(1, cfg.bands + 1, dtype=np.uint64)
    for r in range(cfg.rows):
        acc = acc * _MIX + rows[:, r]
    acc ^= acc >> np.uint64(33)
    acc *= np.uint64(0xFF51AFD7ED558CCD)
    acc ^= acc >> np.uint64(33)
    return acc


def band_keys(fp: Fingerprint, df: DocFreq | None, cfg: DedupConfig = DEFAULT_DEDUP,
              counts: np.ndarray | None = None) -> np.ndarray:
    """A posting's LSH band keys (uint64); none for a posting without text."""
    spec = specific_shingles(fp.shingles, df, cfg, counts)
    if len(spec) == 0:
        return np.zeros(0, np.uint64)
    return band_keys_of(minhash(spec, cfg), cfg)


def sign(fp: Fingerprint, df: DocFreq | None, cfg: DedupConfig = DEFAULT_DEDUP) -> Fingerprint:
    """Set ``fp.bands`` and the shingles' decision weights (in place); returns ``fp``."""
    counts = _counts(fp.shingles, df)
    fp.bands = band_keys(fp, df, cfg, counts)
    fp.weights = weights_of(counts, cfg) if counts is not None else None
    return fp


def block_key(fp: Fingerprint) -> int | None:
    """A key shared by postings with the same title words, employer and city.

    Reworded copies whose texts share little still meet through it. ``None`` when the
    title is missing or neither the employer nor the city is known (the key would gather
    every "Data Analyst" of the country).
    """
    if not fp.title or not (fp.employer or fp.places):
        return None
    key = "|".join((" ".join(sorted(fp.title)), " ".join(sorted(fp.employer)),
                    fp.places[0] if fp.places else ""))
    return zlib.crc32(key.encode("ascii", "ignore")) | (1 << 40)


def candidate_pairs(keys: np.ndarray, owners: np.ndarray, window: int) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of owners that share a key, as an (n, 2) int64 array.

    ``keys[k]`` belongs to posting ``owners[k]``. Inside one key's bucket every member is
    paired with its next ``window`` neighbours (all pairs for buckets up to ``window + 1``),
    so a bucket of a million boilerplate postings costs a million times ``window``, not a
    million squared.
    """
    if len(keys) == 0:
        return np.zeros((0, 2), np.int64)
    order = np.lexsort((owners, keys))
    k, o = keys[order], owners[order]
    out = []
    for d in range(1, window + 1):
        if d >= len(k):
            break
        same = k[d:] == k[:-d]
        if not same.any():
            break  # no bucket is larger than d
        a, b = o[:-d][same], o[d:][same]
        out.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    if not out:
        return np.zeros((0, 2), np.int64)
    pairs = np.concatenate(out).astype(np.int64)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    n = int(owners.max()) + 1
    code = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([code // n, code % n], axis=1)
