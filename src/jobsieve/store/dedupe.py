"""Duplicate clusters in the store: incremental while writing, and a full, deterministic pass.

While postings are written, each batch's new and changed postings go through the
incremental :class:`~jobsieve.dedup.index.DedupIndex` (its tables live in the store's
database) in the batch's own transaction, and the cluster ids it changes are written to
``postings.cluster_id`` there too: a search never sees a half-clustered batch, and a killed
ingest leaves postings and clusters that agree.

The incremental index depends on the order postings arrive in (a posting is signed with the
document frequencies counted so far, and joins the best cluster it finds at that moment),
so :func:`recluster` recomputes every cluster with the batch algorithm
(:func:`jobsieve.dedup.cluster`) over every stored posting taken in id order: the same
postings give the same clusters and cluster ids whatever the order of the files, the batch
boundaries or the runs they were ingested in. ``ingest`` calls it at its end when the store
is small (at most :data:`RECLUSTER_MAX` postings) or when the postings not placed by a full
pass reach :data:`RECLUSTER_SHARE` of the store (so a large store is reclustered each time
it has grown by that share, an amortised cost); otherwise the postings the index has not
seen are indexed incrementally.

Fingerprints are taken without the time a posting was stored (its "seen" date is its posting
date), so that the canonical member of a cluster, hence the cluster id, depends on the
postings alone, as in a batch run.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..dedup.cluster import cluster_fingerprints, fingerprints_of
from ..dedup.config import DEFAULT_DEDUP, DedupConfig
from ..dedup.fingerprint import Fingerprint, fingerprint
from ..dedup.index import CHECKPOINT_DOCS, DedupIndex, DedupIndexError
from ..model import Record
from .schema import StoreError

RECLUSTER_MAX = 20_000
"""Stores up to this many postings are reclustered in full at the end of every ingest."""
RECLUSTER_SHARE = 0.25
"""Larger stores are reclustered when this share of their postings was placed incrementally."""
_CHUNK = 500


def record_of(row: tuple[str, str, str]) -> Record:
    """A stored posting's record from ``(id, record JSON, text)`` (the id is the stored one)."""
    pid, rjson, text = row
    d = json.loads(rjson)
    d["text"] = text or ""
    rec = Record.from_dict(d)
    rec.id = pid
    return rec


def fingerprint_of(rec: Record, cfg: DedupConfig = DEFAULT_DEDUP) -> Fingerprint:
    """The fingerprint the store indexes: from the record alone (no time of storage)."""
    return fingerprint(rec, cfg)


def _meta_int(conn: sqlite3.Connection, key: str) -> int:
    row = conn.execute("SELECT value FROM dedup_meta WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else 0


@dataclass(slots=True)
class BatchChanges:
    """What one write batch did to the set of postings, in order: ``("add", fp)`` for a
    posting to (re)index, ``("remove", id)`` for one that left or changed."""

    events: list[tuple[str, object]] = field(default_factory=list)

    def add(self, fp: Fingerprint) -> None:
        self.events.append(("add", fp))

    def remove(self, posting_id: str) -> None:
        self.events.append(("remove", posting_id))


class StoreDedup:
    """The store's incremental deduplication, bound to its write connection."""

    def __init__(self, conn: sqlite3.Connection, cfg: DedupConfig = DEFAULT_DEDUP) -> None:
        self.conn = conn
        self.cfg = cfg
        try:
            self.index = DedupIndex(conn, cfg)
        except DedupIndexError as exc:
            raise StoreError(f"deduplication state: {exc} (run `jobsieve dedupe --db FILE --rebuild`)") from None

    def begin(self) -> None:
        """The caller began the batch's transaction."""
        self.index.join()

    def apply(self, changes: BatchChanges) -> int:
        """Index the batch's changes and write the cluster ids they move (inside the transaction)."""
        added: list[str] = []
        for kind, what in changes.events:
            if kind == "remove":
                self.index.remove(what)  # type: ignore[arg-type]
            else:
                fp = what
                assert isinstance(fp, Fingerprint)
                self.index.remove(fp.id)  # a refreshed record is placed again
                self.index.add_fingerprint(fp)
                added.append(fp.id)
        updates = self.index.take_updates()
        # a row placed again may have been a member elsewhere: write where it is now
        for pid in added:
            cid = self.index.cluster_of(pid)
            if cid is not None:
                updates[pid] = cid
        if updates:
            self.conn.executemany("UPDATE postings SET cluster_id = ? WHERE id = ? AND cluster_id != ?",
                                  [(c, p, c) for p, c in updates.items()])
        if added:
            self.conn.execute("INSERT OR REPLACE INTO dedup_meta VALUES ('incremental', ?)",
                              (str(_meta_int(self.conn, "incremental") + len(added)),))
        self.index.save()
        return len(updates)

    def abandon(self) -> None:
        """The batch was rolled back: reload the index."""
        self.index.abandon()


def _stored_records(conn: sqlite3.Connection, where: str = "") -> Iterator[tuple[str, str, str]]:
    """``(id, record JSON, text)`` of stored postings in id order, read a chunk at a time."""
    last = ""
    while True:
        rows = conn.execute(
            f"SELECT p.id, t.record, t.text FROM postings p JOIN posting_texts t ON t.pk = p.pk "
            f"WHERE p.id > ? {where} ORDER BY p.id LIMIT {_CHUNK}", (last,)).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def recluster(dedup: StoreDedup, *, workers: int = 1) -> dict:
    """Cluster every stored posting again with the batch algorithm, in id order (deterministic),
    and make the incremental index and ``postings.cluster_id`` agree with the result."""
    t0 = time.perf_counter()
    conn, cfg, index = dedup.conn, dedup.cfg, dedup.index
    conn.execute("BEGIN IMMEDIATE")
    try:
        fps, df = fingerprints_of(_stored_records(conn), cfg, workers, decode=record_of)
        # the full shingles (clustering keeps a sketch of them): a small index logs them
        full = [fp.shingles for fp in fps] if len(fps) < CHECKPOINT_DOCS else None
        result = cluster_fingerprints(fps, df, cfg, workers=workers)
        ids = [result.cluster_id(i) for i in range(len(fps))]
        index.join()
        index.replace_all(result.fingerprints, ids, df, full)
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_clusters (id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL)")
        conn.execute("DELETE FROM new_clusters")
        conn.executemany("INSERT INTO new_clusters VALUES (?, ?)", ((fp.id, c) for fp, c in zip(fps, ids)))
        changed = conn.execute(
            "UPDATE postings SET cluster_id = n.cluster_id FROM new_clusters n "
            "WHERE n.id = postings.id AND postings.cluster_id != n.cluster_id").rowcount
        conn.execute("DELETE FROM new_clusters")
        conn.execute("INSERT OR REPLACE INTO dedup_meta VALUES ('incremental', '0')")
        index.save()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        index.abandon()
        raise
    return {"postings": len(fps), "clusters": len(result.clusters),
            "clusters_seen_more_than_once": result.stats["multi_member_clusters"],
            "cluster_ids_changed": changed, "seconds": round(time.perf_counter() - t0, 2)}


def unindexed(conn: sqlite3.Connection) -> int:
    """Stored postings the deduplication index has not seen (added with deduplication off)."""
    return conn.execute("SELECT count(*) FROM postings WHERE id NOT IN (SELECT posting_id FROM dedup_postings)"
                        ).fetchone()[0]


def needs_recluster(conn: sqlite3.Connection) -> bool:
    """Whether a full pass is due: a small store, or a large share placed incrementally."""
    total = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    if total == 0:
        return False
    if total <= RECLUSTER_MAX:
        return True
    return _meta_int(conn, "incremental") + unindexed(conn) >= RECLUSTER_SHARE * total


def catch_up(dedup: StoreDedup) -> dict:
    """Index incrementally the stored postings the index has not seen, and drop from it the
    postings that are no longer stored; a summary."""
    conn = dedup.conn
    gone = [r[0] for r in conn.execute(
        "SELECT posting_id FROM dedup_postings WHERE posting_id NOT IN (SELECT id FROM postings)")]
    todo = unindexed(conn)
    changed = 0
    if gone:
        changes = BatchChanges()
        for pid in gone:
            changes.remove(pid)
        changed += _write(dedup, changes)
    where = "AND p.id NOT IN (SELECT posting_id FROM dedup_postings)"
    while True:
        rows = list(_first(_stored_records(conn, where), _CHUNK))
        if not rows:
            break
        changes = BatchChanges()
        for row in rows:
            changes.add(fingerprint_of(record_of(row), dedup.cfg))
        changed += _write(dedup, changes)
    return {"indexed_now": todo, "removed": len(gone), "cluster_ids_changed": changed}


def _first(it: Iterator, n: int) -> Iterator:
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x


def _write(dedup: StoreDedup, changes: BatchChanges) -> int:
    conn = dedup.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        dedup.begin()
        n = dedup.apply(changes)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        dedup.abandon()
        raise
    return n


def summary(conn: sqlite3.Connection) -> dict:
    """Postings, clusters and clusters of several postings, as stored."""
    total, clusters = conn.execute("SELECT count(*), count(DISTINCT cluster_id) FROM postings").fetchone()
    multi = conn.execute("SELECT count(*) FROM (SELECT cluster_id FROM postings GROUP BY cluster_id "
                         "HAVING count(*) > 1)").fetchone()[0]
    return {"postings": total, "clusters": clusters, "clusters_seen_more_than_once": multi}
