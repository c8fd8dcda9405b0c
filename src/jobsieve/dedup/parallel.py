"""The costly steps of batch clustering, spread over worker processes.

Fingerprints, signatures and decisions are pure functions of their inputs, so they run
in a process pool. Workers are forked after the inputs they read (fingerprints, document
frequencies) are built, and inherit them without copying; only small results (band keys,
decisions) come back. Where fork is not available the steps run in this process.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from copy import copy

import numpy as np

from ..model import Record
from .config import DedupConfig
from .decide import Decision, decide
from .docfreq import DocFreq
from .fingerprint import Fingerprint, fingerprint
from .lsh import sign

# What forked workers read (set just before the pool is created).
_SHARED: dict = {}
_CHUNK = 64


def fork_available() -> bool:
    """Whether worker processes can inherit memory (Linux, macOS with fork)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _pool(workers: int):
    return multiprocessing.get_context("fork").Pool(workers)


def record_from_json(line: str | bytes) -> Record:
    """A record from one line of JSON (``Record.to_dict`` output, as stored or exported)."""
    return Record.from_dict(json.loads(line))


def _fp_task(item: object) -> Fingerprint:
    decode = _SHARED.get("decode")
    rec = decode(item) if decode is not None else item
    return fingerprint(rec, _SHARED["cfg"])  # type: ignore[arg-type]


def fingerprints(items: Iterable[object], cfg: DedupConfig, workers: int,
                 decode: Callable[[object], Record] | None = None) -> Iterator[Fingerprint]:
    """Fingerprints of a stream of records (or of items ``decode`` turns into records, in the
    workers: a JSON line costs less to send than a record), in order."""
    _SHARED.update(cfg=cfg, decode=decode)
    try:
        with _pool(workers) as pool:
            yield from pool.imap(_fp_task, items, chunksize=_CHUNK)
    finally:
        _SHARED.clear()


def _sign_task(bounds: tuple[int, int]) -> list[tuple[np.ndarray, np.ndarray | None]]:
    fps, df, cfg = _SHARED["fps"], _SHARED["df"], _SHARED["cfg"]
    out = []
    for i in range(*bounds):
        fp = sign(copy(fps[i]), df, cfg).compact(cfg)
        out.append((fp.bands, fp.weights))
    return out


def sign_all(fps: list[Fingerprint], df: DocFreq | None, cfg: DedupConfig, workers: int) -> None:
    """Sign every unsigned fingerprint (band keys and decision weights, in place)."""
    if all(fp.bands is not None for fp in fps):
        return
    _SHARED.update(fps=fps, df=df, cfg=cfg)
    try:
        step = max(_CHUNK, len(fps) // (workers * 16) + 1)
        ranges = [(s, min(s + step, len(fps))) for s in range(0, len(fps), step)]
        with _pool(workers) as pool:
            for (start, _), signed in zip(ranges, pool.imap(_sign_task, ranges)):
                for k, (bands, weights) in enumerate(signed):
                    fp = fps[start + k]
                    if fp.bands is None:
                        fp.bands, fp.weights = bands, weights
    finally:
        _SHARED.clear()


def _decide_task(chunk: np.ndarray) -> list[tuple[int, int, Decision]]:
    fps, df, cfg = _SHARED["fps"], _SHARED["df"], _SHARED["cfg"]
    return [(i, j, decide(fps[i], fps[j], df, cfg)) for i, j in chunk.tolist()]


def decide_all(fps: list[Fingerprint], df: DocFreq | None, pairs: np.ndarray, cfg: DedupConfig,
               workers: int) -> Iterator[tuple[int, int, Decision]]:
    """The decision on every candidate pair, in order."""
    if len(pairs) == 0:
        return
    _SHARED.update(fps=fps, df=df, cfg=cfg)
    try:
        step = max(256, len(pairs) // (workers * 16) + 1)
        chunks = [pairs[s:s + step] for s in range(0, len(pairs), step)]
        with _pool(workers) as pool:
            for out in pool.imap(_decide_task, chunks):
                yield from out
    finally:
        _SHARED.clear()
