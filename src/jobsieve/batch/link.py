"""Connected components over the accepted pairs, with the dedup library's chaining guard.

The same steps, in the same order, as ``jobsieve.dedup.cluster.cluster_fingerprints``:
strongest links first (containment, then posting numbers), two groups merge only when
their canonical members are judged the same vacancy too, and the better of the two
canonicals (``dedup.cluster.better``) heads the merged group. The accepted pairs are few
(one per duplicate, roughly), so this runs on the client; it keeps two integers per
posting and reads only the fingerprints of the canonical members it compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..dedup.cluster import better
from ..dedup.config import DedupConfig
from ..dedup.decide import decide
from ..dedup.docfreq import DocFreq
from .fpstore import FingerprintReader
from .tasks import decision_counts


@dataclass(slots=True)
class Linked:
    """Each posting's cluster, as the posting number of the cluster's canonical member."""

    canon: np.ndarray
    """For each posting, the number of its cluster's canonical posting."""
    sizes: np.ndarray
    """For each posting, the size of its cluster."""
    canon_ids: dict[int, str] = field(default_factory=dict)
    """Posting ids of the canonical members of clusters of two or more."""
    accepted: int = 0
    guard_rejects: int = 0
    clusters: int = 0
    multi_member: int = 0


def _find(parent: np.ndarray, i: int) -> int:
    root = i
    while parent[root] != root:
        root = int(parent[root])
    while parent[i] != root:  # path compression
        parent[i], i = root, int(parent[i])
    return root


def link(n: int, edges: pd.DataFrame | None, fps: FingerprintReader, df: Callable[[], DocFreq | None],
         cfg: DedupConfig) -> Linked:
    """Cluster ``n`` postings given the accepted pairs (columns ``a``, ``b``, ``containment``);
    ``df()`` gives the document frequencies if a decision needs them."""
    parent = np.arange(n, dtype=np.int64)
    canon = np.arange(n, dtype=np.int64)  # canonical member of each root
    guard = 0
    accepted = 0
    if edges is not None and len(edges):
        a = edges["a"].to_numpy(np.int64)
        b = edges["b"].to_numpy(np.int64)
        c = edges["containment"].to_numpy(np.float64)
        order = np.lexsort((b, a, -c))
        accepted = len(order)
        for i, j in zip(a[order].tolist(), b[order].tolist()):
            ri, rj = _find(parent, i), _find(parent, j)
            if ri == rj:
                continue
            ci, cj = int(canon[ri]), int(canon[rj])
            fi, fj = fps.get(ci), fps.get(cj)
            if {ci, cj} != {i, j} and not decide(fi, fj, decision_counts(fi, fj, df), cfg).same:
                guard += 1
                continue
            parent[rj] = ri
            canon[ri] = ci if better(fi, fj) else cj
    roots = parent.copy()
    while True:  # pointer jumping: every posting ends pointing at its root
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            break
        roots = nxt
    out_canon = canon[roots]
    counts = np.bincount(roots, minlength=n)
    sizes = counts[roots].astype(np.int32)
    multi = np.unique(out_canon[sizes > 1])
    ids = {int(x): fps.get(int(x)).id for x in multi.tolist()}
    return Linked(out_canon, sizes, ids, accepted, guard, int((counts > 0).sum()), len(multi))
