"""The work a batch ships to Dask workers: pure functions of paths and small arguments.

Every function reads its inputs from the output folder and writes its results there
atomically (``*.tmp`` then rename), so a task can run on any worker that sees the folder,
run again after a crash, and be skipped when its output is already there.

Layout of the output folder (``DIR``)::

    records/part-NNNNN.parquet     one row per posting (the partition's commit marker)
    failures/part-NNNNN.parquet    inputs or postings that could not be parsed
    clusters/part-NNNNN.parquet    each posting's cluster (after deduplication)
    _work/fp/part-NNNNN.fp         full fingerprints (all shingles), for the counts and signatures
    _work/fpc/part-NNNNN.fp        compact, signed fingerprints, for the pair decisions
    _work/bands/part-NNNNN.parquet (band key, posting number) rows, shuffled by key
    _work/df.bin                   document frequencies of the shingles of the whole input
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..config import ParseConfig
from ..dedup.config import DedupConfig
from ..dedup.decide import decide
from ..dedup.docfreq import DocFreq
from ..dedup.fingerprint import Fingerprint, board_of, fingerprint
from ..dedup.lsh import block_key, candidate_pairs, sign
from ..pipeline import Failure
from . import fpstore
from .inputs import Partition, read_partition
from .schema import CLUSTERS, failures_table, record_from_row, records_table

WORK = "_work"
# dedup.lsh reuses one MinHash object per process: workers that run several threads (an
# in-process cluster, `dask worker --nthreads 4`) must not sign two postings at once.
_SIGN_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Layout:
    """Where every file of a batch output folder lives."""

    root: Path

    def records(self, name: str) -> Path:
        """A partition's records file."""
        return self.root / "records" / f"{name}.parquet"

    def failures(self, name: str) -> Path:
        """A partition's failures file."""
        return self.root / "failures" / f"{name}.parquet"

    def clusters(self, name: str) -> Path:
        """A partition's clusters file."""
        return self.root / "clusters" / f"{name}.parquet"

    @property
    def work(self) -> Path:
        """Intermediate files (removed after a finished run unless asked to keep them)."""
        return self.root / WORK

    def fp(self, name: str) -> Path:
        """A partition's full fingerprints."""
        return self.work / "fp" / f"{name}.fp"

    def fpc(self, name: str) -> Path:
        """A partition's compact, signed fingerprints."""
        return self.work / "fpc" / f"{name}.fp"

    def bands(self, name: str) -> Path:
        """A partition's (band key, posting number) rows."""
        return self.work / "bands" / f"{name}.parquet"

    @property
    def df(self) -> Path:
        """The document frequencies of the whole input."""
        return self.work / "df.bin"

    def make_dirs(self) -> None:
        """Create the folders."""
        for d in ("records", "failures", "clusters", f"{WORK}/fp", f"{WORK}/fpc", f"{WORK}/bands"):
            (self.root / d).mkdir(parents=True, exist_ok=True)


def write_table(table: pa.Table, path: Path) -> None:
    """Write a Parquet file atomically."""
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


# ------------------------------------------------------------------------ parse

def parse_partition(part: Partition, root: str, config: ParseConfig, cfg: DedupConfig) -> dict:
    """Parse one partition; write its records, failures and fingerprints; return its counts."""
    lay = Layout(Path(root))
    t0 = time.perf_counter()
    records, failures = [], []
    for item in read_partition(part, config):
        if isinstance(item, Failure):
            failures.append((item.uri, item.reason))
        else:
            records.append(item)
    t1 = time.perf_counter()
    fps = [fingerprint(r, cfg) for r in records]
    t2 = time.perf_counter()
    fpstore.write_fingerprints(lay.fp(part.name), fps)
    write_table(failures_table(failures, part.index), lay.failures(part.name))
    # the records file last: its presence says the partition is finished
    write_table(records_table(records, part.index), lay.records(part.name))
    return {"partition": part.index, "records": len(records), "failures": len(failures),
            "chars": sum(len(r.text) for r in records), "parse_s": t1 - t0, "fingerprint_s": t2 - t1,
            "write_s": time.perf_counter() - t2}


def partition_counts(root: str, name: str) -> tuple[int, int]:
    """(records, failures) of a finished partition, from its files' metadata."""
    lay = Layout(Path(root))
    n = pq.read_metadata(lay.records(name)).num_rows
    f = lay.failures(name)
    return n, (pq.read_metadata(f).num_rows if f.exists() else 0)


def full_fingerprints(lay: Layout, name: str, cfg: DedupConfig) -> list[Fingerprint]:
    """A partition's full fingerprints: from its file, else computed again from its records."""
    path = lay.fp(name)
    if fpstore.exists(path):
        return fpstore.read_fingerprints(path)
    table = pq.read_table(lay.records(name), columns=["record_json", "text"])
    fps = [fingerprint(record_from_row(j, t), cfg)
           for j, t in zip(table.column("record_json").to_pylist(), table.column("text").to_pylist())]
    fpstore.write_fingerprints(path, fps)
    return fps


# ------------------------------------------------------------------------ document frequencies

def count_shingles(df: DocFreq | None, root: str, name: str, cfg: DedupConfig, *after: object) -> DocFreq:
    """Add one partition's postings to the running document frequencies, in input order.

    The counts are a chain, partition after partition, rather than sums of per-partition
    sketches: a count-min sketch with conservative update depends on the order postings
    are added in, and this order is the one the dedup library uses, so clusters match.
    """
    # a copy: a task must not change its input (a retried task would count a partition twice)
    df = DocFreq(df.slots_log2, df.rows.copy(), df.docs) if df is not None else DocFreq(cfg.df_slots_log2)
    for fp in full_fingerprints(Layout(Path(root)), name, cfg):
        df.add(fp.shingles)
    return df


def save_docfreq(df: DocFreq, root: str) -> int:
    """Write the document frequencies of the whole input; returns the postings counted."""
    head = json.dumps({"slots_log2": df.slots_log2, "docs": df.docs}).encode() + b"\n"
    fpstore.atomic_write(Layout(Path(root)).df, head + df.to_bytes())
    return df.docs


def load_docfreq(root: str) -> DocFreq:
    """Read the document frequencies back (cached per process: every task of a worker shares them)."""
    path = Layout(Path(root)).df
    st = path.stat()
    return _load_docfreq(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=1)
def _load_docfreq(path: str, mtime_ns: int, size: int) -> DocFreq:
    data = Path(path).read_bytes()
    head, _, body = data.partition(b"\n")
    meta = json.loads(head)
    return DocFreq.from_bytes(body, meta["slots_log2"], meta["docs"])


# ------------------------------------------------------------------------ signatures

def sign_partition(root: str, name: str, start: int, cfg: DedupConfig) -> int:
    """Sign a partition's postings; write compact fingerprints and their (key, owner) rows."""
    lay = Layout(Path(root))
    df = load_docfreq(root)
    fps = full_fingerprints(lay, name, cfg)
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    for i, fp in enumerate(fps, start):
        with _SIGN_LOCK:
            sign(fp, df, cfg)
        fp.compact(cfg)
        k = fp.bands if fp.bands is not None else np.zeros(0, np.uint64)
        bk = block_key(fp)
        if bk is not None:
            k = np.concatenate([k, np.array([bk], dtype=np.uint64)])
        keys.append(k)
        owners.append(np.full(len(k), i, dtype=np.int64))
    fpstore.write_fingerprints(lay.fpc(name), fps)
    key = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
    owner = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    write_table(pa.table({"key": pa.array(key, pa.uint64()), "owner": pa.array(owner, pa.int64())}),
                lay.bands(name))
    return len(fps)


# ------------------------------------------------------------------------ pairs

PAIRS_META = pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})
EDGES_META = pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                           "containment": pd.Series(dtype="float64")})


def bucket_pairs(rows: pd.DataFrame, window: int) -> pd.DataFrame:
    """Candidate pairs of the buckets in one shuffled partition (every row of a key is here)."""
    if rows.empty:
        return PAIRS_META.copy()
    pairs = candidate_pairs(rows["key"].to_numpy(np.uint64), rows["owner"].to_numpy(np.int64), window)
    return pd.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1]})


def decision_counts(a: Fingerprint, b: Fingerprint, df: Callable[[], DocFreq]) -> DocFreq | None:
    """The document frequencies a decision should look up, as ``dedup.cluster_fingerprints`` does:
    none when the postings carry the weights they were signed with (the final counts)."""
    return None if a.weights is not None and b.weights is not None else df()


def decide_pairs(pairs: pd.DataFrame, root: str, starts: list[int], names: list[str],
                 cfg: DedupConfig) -> tuple[int, pd.DataFrame]:
    """Decide a block of candidate pairs: (pairs decided, the accepted ones with their containment)."""
    if pairs.empty:
        return 0, EDGES_META.copy()
    keep_a, keep_b, cont = [], [], []
    pairs = pairs.sort_values(["a", "b"])
    counts = lru_cache(maxsize=1)(lambda: load_docfreq(root))
    with fpstore.FingerprintReader(Layout(Path(root)).work / "fpc", np.asarray(starts), names) as fps:
        for a, b in zip(pairs["a"].tolist(), pairs["b"].tolist()):
            fa, fb = fps.get(a), fps.get(b)
            d = decide(fa, fb, decision_counts(fa, fb, counts), cfg)
            if d.same:
                keep_a.append(a)
                keep_b.append(b)
                cont.append(d.similarity.containment)
    return len(pairs), pd.DataFrame({"a": np.asarray(keep_a, np.int64), "b": np.asarray(keep_b, np.int64),
                                     "containment": np.asarray(cont, np.float64)})


# ------------------------------------------------------------------------ clusters

def write_clusters(root: str, name: str, start: int, canon: np.ndarray, sizes: np.ndarray,
                   canon_ids: dict[int, str]) -> int:
    """Write a partition's clusters file: each posting's cluster (canonical posting) and source."""
    lay = Layout(Path(root))
    t = pq.read_table(lay.records(name), columns=["id", "uri", "posted", "partition", "index"]).to_pydict()
    ids, uris = t["id"], t["uri"]
    posted = [d.isoformat() if d is not None else None for d in t["posted"]]
    fps = fpstore.read_fingerprints(lay.fpc(name)) if fpstore.exists(lay.fpc(name)) else None
    rows = []
    for k, pid in enumerate(ids):
        row = start + k
        c = int(canon[k])
        first = fps[k].first_seen if fps is not None else posted[k]
        last = fps[k].last_seen if fps is not None else posted[k]
        rows.append({
            "cluster_id": pid if c == row else canon_ids[c], "posting_id": pid, "is_canonical": c == row,
            "uri": uris[k], "board": board_of(uris[k]), "first_seen": first, "last_seen": last,
            "cluster_size": int(sizes[k]), "row": row, "cluster_row": c,
            "partition": t["partition"][k], "index": t["index"][k],
        })
    write_table(pa.Table.from_pylist(rows, schema=CLUSTERS), lay.clusters(name))
    return len(rows)
