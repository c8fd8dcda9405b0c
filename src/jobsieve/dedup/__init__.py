"""Near-duplicate detection: which postings are one vacancy seen on several boards.

Batch::

    from jobsieve.dedup import cluster
    result = cluster(records)            # -> Clustering (clusters, labels, stats)

Incrementally, against what is already stored::

    index = DedupIndex.open("jobs.db")   # or DedupIndex() in memory
    cluster_id = index.add(record)

Building blocks, pure and picklable, for running the steps elsewhere (one worker computes
fingerprints and band keys, a shuffle by band key yields candidate pairs, ``decide`` says
whether a pair is one vacancy): :func:`fingerprint`, :func:`band_keys`, :func:`block_key`,
:func:`decide`, :class:`DocFreq` (mergeable counts).
"""

from .cluster import Cluster, Clustering, SourceRef, cluster, cluster_fingerprints, fingerprints_of
from .config import DEFAULT_DEDUP, DedupConfig
from .decide import Decision, Similarity, decide, similarity
from .docfreq import DocFreq
from .fingerprint import Fingerprint, fingerprint
from .lsh import band_keys, block_key, candidate_pairs, sign

__all__ = [
    "Cluster", "Clustering", "DEFAULT_DEDUP", "Decision", "DedupConfig", "DocFreq", "Fingerprint",
    "Similarity", "SourceRef", "band_keys", "block_key", "candidate_pairs", "cluster",
    "cluster_fingerprints", "decide", "fingerprint", "fingerprints_of", "sign", "similarity",
]
