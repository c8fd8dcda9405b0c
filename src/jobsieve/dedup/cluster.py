"""Batch clustering: records in, clusters of one vacancy each out.

    fingerprints (streaming, document frequencies counted on the way)
    -> LSH band keys over the specific shingles, plus blocking keys
    -> candidate pairs from a sort of the keys (never all pairs)
    -> a decision per candidate pair
    -> union-find over the accepted pairs, guarded against chaining

Chaining: A~B and B~C do not make A~C when A and C are two jobs that one ad copied from
both (an agency's summary listing two openings). Before two groups merge, their canonical
members must match as well, so a group never holds two members its canonical rejects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from ..model import Record
from . import parallel
from .config import DEFAULT_DEDUP, DedupConfig
from .decide import Decision, decide
from .docfreq import DocFreq
from .fingerprint import Fingerprint, fingerprint
from .lsh import block_key, candidate_pairs, sign


@dataclass(slots=True)
class SourceRef:
    """Where one member of a cluster was seen."""

    posting_id: str
    board: str | None
    uri: str | None
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {"posting_id": self.posting_id, "board": self.board, "uri": self.uri,
                "first_seen": self.first_seen, "last_seen": self.last_seen}


@dataclass(slots=True)
class Cluster:
    """One vacancy: its canonical posting and every source it was seen on."""

    id: str
    """The canonical member's posting id (what the store writes in ``cluster_id``)."""
    canonical: int
    """Index of the canonical member in the input."""
    members: list[int]
    sources: list[SourceRef]

    @property
    def boards(self) -> list[str]:
        """Distinct boards (hosts) the vacancy was seen on, in order of first sight."""
        return list(dict.fromkeys(s.board for s in self.sources if s.board))

    @property
    def first_seen(self) -> str | None:
        """Earliest date any member was seen."""
        return min((s.first_seen for s in self.sources if s.first_seen), default=None)

    @property
    def last_seen(self) -> str | None:
        """Latest date any member was seen."""
        return max((s.last_seen for s in self.sources if s.last_seen), default=None)

    def to_dict(self) -> dict:
        """A JSON-ready view."""
        return {"id": self.id, "size": len(self.members), "boards": self.boards,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "sources": [s.to_dict() for s in self.sources]}


@dataclass(slots=True)
class PairDecision:
    """A decided candidate pair (indices into the input)."""

    a: int
    b: int
    decision: Decision


@dataclass(slots=True)
class Clustering:
    """The result of :func:`cluster`: one cluster per vacancy, singletons included."""

    clusters: list[Cluster]
    labels: list[int]
    """For each input record (in order), the index of its cluster in ``clusters``."""
    fingerprints: list[Fingerprint]
    decisions: list[PairDecision] = field(default_factory=list)
    """Every decided candidate pair (only with ``keep_decisions=True``)."""
    stats: dict = field(default_factory=dict)
    """Counts and seconds per step."""

    def same(self, i: int, j: int) -> bool:
        """Whether input records ``i`` and ``j`` landed in one cluster."""
        return self.labels[i] == self.labels[j]

    def cluster_id(self, i: int) -> str:
        """The cluster id (canonical posting id) of input record ``i``."""
        return self.clusters[self.labels[i]].id


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:  # path compression
            p[i], i = root, p[i]
        return root


def better(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether ``a`` makes a better canonical record than ``b``: more complete, then more recent."""
    ka = (a.completeness, a.last_seen or "", a.id)
    kb = (b.completeness, b.last_seen or "", b.id)
    return ka > kb


def _workers(workers: int) -> int:
    return workers if workers > 1 and parallel.fork_available() else 1


def fingerprints_of(records: Iterable, cfg: DedupConfig = DEFAULT_DEDUP, workers: int = 1,
                    decode: Callable[[object], Record] | None = None) -> tuple[list[Fingerprint], DocFreq]:
    """Fingerprints of a stream of records, with the document frequencies of their shingles.

    With ``decode`` the stream holds items that it turns into records (such as
    :func:`jobsieve.dedup.parallel.record_from_json` for JSON lines), in the workers.
    """
    df = DocFreq(cfg.df_slots_log2)
    fps = []
    if _workers(workers) > 1:
        stream = parallel.fingerprints(records, cfg, _workers(workers), decode)
    else:
        stream = (fingerprint(decode(r) if decode else r, cfg) for r in records)
    for fp in stream:
        df.add(fp.shingles)
        fps.append(fp)
    return fps, df


def candidates(fps: list[Fingerprint], cfg: DedupConfig = DEFAULT_DEDUP) -> np.ndarray:
    """Candidate pairs ``(i, j)`` of signed fingerprints: shared LSH band or blocking key."""
    keys, owners = [], []
    for i, fp in enumerate(fps):
        if fp.bands is not None and len(fp.bands):
            keys.append(fp.bands)
            owners.append(np.full(len(fp.bands), i, dtype=np.int64))
        bk = block_key(fp)
        if bk is not None:
            keys.append(np.array([bk], dtype=np.uint64))
            owners.append(np.array([i], dtype=np.int64))
    if not keys:
        return np.zeros((0, 2), np.int64)
    return candidate_pairs(np.concatenate(keys), np.concatenate(owners), cfg.max_bucket)


def cluster_fingerprints(fps: list[Fingerprint], df: DocFreq | None, cfg: DedupConfig = DEFAULT_DEDUP,
                         *, keep_decisions: bool = False, workers: int = 1,
                         on_step: Callable[[str], None] | None = None) -> Clustering:
    """Cluster fingerprints (signed or not) whose document frequencies are ``df``.

    ``workers`` > 1 signs and decides in that many processes. ``on_step(name)`` is called
    as each step starts (``sign``, ``candidates``, ``decide``, ``union``) and with ``done``
    at the end, for callers that measure the steps.
    """
    step = on_step or (lambda name: None)
    workers = _workers(workers)
    stats: dict = {"postings": len(fps)}
    step("sign")
    t0 = time.perf_counter()
    if workers > 1:
        parallel.sign_all(fps, df, cfg, workers)
    for fp in fps:
        if fp.bands is None:
            sign(fp, df, cfg)
        fp.compact(cfg)
    # decisions use the weights each posting was signed with (all from the final counts),
    # rather than looking every shingle up again
    ddf = None if all(fp.weights is not None for fp in fps) else df
    t1 = time.perf_counter()
    step("candidates")
    pairs = candidates(fps, cfg)
    step("decide")
    t2 = time.perf_counter()
    accepted: list[tuple[float, int, int]] = []
    decided: list[PairDecision] = []
    verdicts = (parallel.decide_all(fps, ddf, pairs, cfg, workers) if workers > 1 and len(pairs) > 2000
                else ((i, j, decide(fps[i], fps[j], ddf, cfg)) for i, j in pairs.tolist()))
    for i, j, d in verdicts:
        if keep_decisions:
            decided.append(PairDecision(i, j, d))
        if d.same:
            accepted.append((d.similarity.containment, i, j))
    t3 = time.perf_counter()
    step("union")
    uf = _UnionFind(len(fps))
    canon = list(range(len(fps)))  # canonical member of each root
    guard_rejects = 0
    # strongest links first, so that a chain is cut at its weakest link
    for _, i, j in sorted(accepted, key=lambda x: (-x[0], x[1], x[2])):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        ci, cj = canon[ri], canon[rj]
        if {ci, cj} != {i, j} and not decide(fps[ci], fps[cj], ddf, cfg).same:
            guard_rejects += 1
            continue
        uf.parent[rj] = ri
        canon[ri] = ci if better(fps[ci], fps[cj]) else cj
    t4 = time.perf_counter()
    clusters, labels = _build(fps, uf, canon)
    step("done")
    stats.update({
        "candidate_pairs": int(len(pairs)), "accepted_pairs": len(accepted),
        "chain_guard_rejects": guard_rejects, "clusters": len(clusters),
        "multi_member_clusters": sum(len(c.members) > 1 for c in clusters),
        "seconds": {"sign": round(t1 - t0, 3), "candidates": round(t2 - t1, 3),
                    "decide": round(t3 - t2, 3), "union": round(t4 - t3 + time.perf_counter() - t4, 3)},
    })
    return Clustering(clusters, labels, fps, decided, stats)


def _build(fps: list[Fingerprint], uf: _UnionFind, canon: list[int]) -> tuple[list[Cluster], list[int]]:
    by_root: dict[int, list[int]] = {}
    for i in range(len(fps)):
        by_root.setdefault(uf.find(i), []).append(i)
    clusters: list[Cluster] = []
    labels = [0] * len(fps)
    for root, members in by_root.items():
        c = canon[root]
        srcs = [SourceRef(fps[m].id, fps[m].board, fps[m].uri, fps[m].first_seen, fps[m].last_seen)
                for m in sorted(members, key=lambda m: (fps[m].first_seen or "", m))]
        for m in members:
            labels[m] = len(clusters)
        clusters.append(Cluster(fps[c].id, c, members, srcs))
    return clusters, labels


def cluster(records: Iterable[Record], cfg: DedupConfig = DEFAULT_DEDUP, *,
            keep_decisions: bool = False, workers: int = 1) -> Clustering:
    """Cluster parsed records into vacancies (batch; records are read once, in a stream).

    ``workers`` > 1 computes fingerprints, signatures and decisions in that many processes.
    """
    t0 = time.perf_counter()
    fps, df = fingerprints_of(records, cfg, workers)
    t1 = time.perf_counter()
    out = cluster_fingerprints(fps, df, cfg, keep_decisions=keep_decisions, workers=workers)
    out.stats["seconds"] = {"fingerprint": round(t1 - t0, 3), **out.stats["seconds"]}
    return out
