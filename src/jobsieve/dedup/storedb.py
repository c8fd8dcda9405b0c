"""De-duplicate the postings of a jobsieve store (``jobsieve dedupe --db``).

The store keeps one row per distinct posting text in ``postings`` (with ``cluster_id``,
its own id until de-duplication says otherwise), the record JSON and text in
``posting_texts``, and where each posting was seen in ``sources``. This module indexes the
postings it has not seen yet in a :class:`~jobsieve.dedup.index.DedupIndex` whose tables
live in the same database, and writes back ``cluster_id`` = the id of the cluster's
canonical posting, so that search shows one result per vacancy with all its sources.
Postings that disappeared from the store are dropped from the index first (a cluster they
headed is renamed after its best remaining member).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from ..model import Record
from .config import DEFAULT_DEDUP, DedupConfig
from .index import DedupIndex, DedupIndexError

_CHUNK = 500


class StoreDedupError(Exception):
    """A store that cannot be de-duplicated; the message says why."""


def _connect(path: Path) -> sqlite3.Connection:
    from ..store.schema import StoreError, connect

    try:
        return connect(path)
    except StoreError as exc:
        raise StoreDedupError(str(exc)) from None


def _apply(conn: sqlite3.Connection, updates: dict[str, str]) -> int:
    if not updates:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("UPDATE postings SET cluster_id = ? WHERE id = ?",
                         [(cid, pid) for pid, cid in updates.items()])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return len(updates)


def dedupe_store(path: str | Path, cfg: DedupConfig = DEFAULT_DEDUP, *, rebuild: bool = False) -> dict:
    """Cluster the store's postings not yet indexed (all with ``rebuild``); a summary."""
    t0 = time.perf_counter()
    path = Path(path)
    if not path.exists():
        raise StoreDedupError("no such store (run `jobsieve ingest` first)")
    conn = _connect(path)
    try:
        try:
            index = DedupIndex(conn, cfg)
        except DedupIndexError as exc:
            raise StoreDedupError(f"{exc} (use --rebuild)") from None
        changed = 0
        if rebuild:
            index.clear()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE postings SET cluster_id = id WHERE cluster_id != id")
            conn.execute("COMMIT")
        gone = [r[0] for r in conn.execute(
            "SELECT posting_id FROM dedup_postings WHERE posting_id NOT IN (SELECT id FROM postings)")]
        for pid in gone:
            index.remove(pid)
        index.commit()
        changed += _apply(conn, index.take_updates())
        todo = [r[0] for r in conn.execute(
            "SELECT pk FROM postings WHERE id NOT IN (SELECT posting_id FROM dedup_postings) ORDER BY pk")]
        for start in range(0, len(todo), _CHUNK):
            pks = todo[start:start + _CHUNK]
            marks = ",".join("?" * len(pks))
            rows = conn.execute(
                f"SELECT p.id, t.record, t.text, p.board, "
                f"(SELECT min(first_seen) FROM sources s WHERE s.posting_id = p.id), "
                f"(SELECT max(last_seen) FROM sources s WHERE s.posting_id = p.id) "
                f"FROM postings p JOIN posting_texts t ON t.pk = p.pk WHERE p.pk IN ({marks}) ORDER BY p.pk",
                pks).fetchall()
            for pid, rjson, text, board, first, last in rows:
                d = json.loads(rjson)
                d["text"] = text or ""
                rec = Record.from_dict(d)
                rec.id = pid
                index.add(rec, first_seen=first, last_seen=last, board=board)
            index.commit()
            changed += _apply(conn, index.take_updates())
        total, clusters, multi = conn.execute(
            "SELECT count(*), count(DISTINCT cluster_id), "
            "(SELECT count(*) FROM (SELECT cluster_id FROM dedup_postings GROUP BY cluster_id HAVING count(*) > 1)) "
            "FROM dedup_postings").fetchone()
        return {"store": str(path), "indexed_now": len(todo), "removed": len(gone), "postings": total,
                "clusters": clusters, "clusters_seen_more_than_once": multi, "cluster_ids_changed": changed,
                "seconds": round(time.perf_counter() - t0, 2)}
    finally:
        conn.close()
