"""Incremental deduplication: add postings one at a time against what is already indexed.

The state lives in four SQLite tables, in a file of its own, in a store's database (next to
``postings``) or in memory:

- ``dedup_meta``: the signature parameters the index was built with (checked on open);
- ``dedup_postings(posting_id, cluster_id, seq, fp)``: each posting's fingerprint (a few KB)
  and its cluster (the id of the cluster's canonical posting);
- ``dedup_bands(band_key, seq, posting_id)``: the LSH band keys and blocking key of each
  posting; a lookup by key finds the candidates of a new posting without scanning;
- ``dedup_df``: the document-frequency sketch of shingles as of its last checkpoint, and
  ``dedup_df_log``: the shingles of each posting counted since (the sketch is tens of MB, so
  it is written whole only every ``CHECKPOINT_DOCS`` postings; opening replays the log).

The index can write inside a transaction its caller opened on the same connection (the
store writes a batch of postings and their clusters in one transaction): :meth:`join`,
then :meth:`save` before the caller commits, or :meth:`abandon` after it rolled back.
Another writer's changes (a version number in ``dedup_meta``) are noticed by :meth:`join`,
which then reloads.

Adding a posting: fingerprint and sign it, look its keys up (the ``max_bucket`` most recent
postings per key), decide each candidate, and join the cluster of the best accepted
candidate if the cluster's canonical member agrees too (the chaining guard); clusters that
the posting links and whose canonicals agree are merged. When the new posting is a better
canonical (more complete, more recent), the cluster is renamed after it. Every change of a
posting's cluster id is queued for :meth:`DedupIndex.take_updates` (the store applies them).
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..model import Record
from .cluster import better
from .config import DEFAULT_DEDUP, DedupConfig
from .decide import decide
from .docfreq import DocFreq
from .fingerprint import Fingerprint, fingerprint, from_bytes, to_bytes
from .lsh import block_key, sign

DDL = """
CREATE TABLE IF NOT EXISTS dedup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dedup_postings (
  posting_id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  fp BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS dedup_postings_cluster ON dedup_postings(cluster_id);
CREATE TABLE IF NOT EXISTS dedup_bands (
  band_key INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  posting_id TEXT NOT NULL,
  PRIMARY KEY (band_key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dedup_df (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  docs INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS dedup_df_log (seq INTEGER PRIMARY KEY, shingles BLOB NOT NULL);
"""
_CACHE = 4096
_BUCKET = "SELECT * FROM (SELECT posting_id FROM dedup_bands WHERE band_key = ? ORDER BY seq DESC LIMIT ?)"
_KEYS_PER_QUERY = 100
CHECKPOINT_DOCS = 10_000
"""Postings counted in the log before the whole sketch is written again."""


class DedupIndexError(Exception):
    """An index that cannot be used (built with other parameters, not a database)."""


def _signed(key: int) -> int:
    # SQLite integers are signed 64-bit
    return key - (1 << 64) if key >= (1 << 63) else key


def _keys(fp: Fingerprint) -> list[int]:
    """A signed fingerprint's band keys and blocking key, without repeats."""
    keys = [int(k) for k in fp.bands] if fp.bands is not None else []
    bk = block_key(fp)
    if bk is not None:
        keys.append(bk)
    return list(dict.fromkeys(keys))


class DedupIndex:
    """Deduplication state that grows one posting at a time and persists in SQLite."""

    def __init__(self, conn: sqlite3.Connection, cfg: DedupConfig = DEFAULT_DEDUP) -> None:
        self.conn = conn
        self.cfg = cfg
        self._cache: OrderedDict[str, Fingerprint] = OrderedDict()
        self._updates: dict[str, str] = {}
        self._pending: list[np.ndarray] = []
        self._in_tx = False
        try:
            conn.executescript(DDL)
        except sqlite3.DatabaseError as exc:
            raise DedupIndexError(f"cannot create the deduplication tables: {exc}") from None
        self._check_params()
        self._load()

    def _load(self) -> None:
        """Read the state (document frequencies: checkpoint + log) from the database."""
        row = self.conn.execute("SELECT docs, data FROM dedup_df WHERE id = 1").fetchone()
        self.df = (DocFreq.from_bytes(row[1], self.cfg.df_slots_log2, row[0]) if row
                   else DocFreq(self.cfg.df_slots_log2))
        self._log_docs = 0
        for (blob,) in self.conn.execute("SELECT shingles FROM dedup_df_log ORDER BY seq"):
            self.df.add(np.frombuffer(blob, "<u4").astype(np.uint32))
            self._log_docs += 1
        self._seq = self.conn.execute("SELECT coalesce(max(seq), 0) FROM dedup_postings").fetchone()[0]
        self._version = self._stored_version()
        self._pending.clear()
        self._cache.clear()
        self._updates.clear()

    def _stored_version(self) -> int:
        row = self.conn.execute("SELECT value FROM dedup_meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    @classmethod
    def open(cls, path: str | Path = ":memory:", cfg: DedupConfig = DEFAULT_DEDUP) -> DedupIndex:
        """An index in a SQLite file (created when missing) or in memory (``":memory:"``)."""
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA busy_timeout = 30000")
        except sqlite3.Error as exc:
            raise DedupIndexError(f"{path}: cannot open ({exc})") from None
        return cls(conn, cfg)

    def _check_params(self) -> None:
        want = json.dumps(self.cfg.signature_params(), sort_keys=True)
        row = self.conn.execute("SELECT value FROM dedup_meta WHERE key = 'params'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO dedup_meta VALUES ('params', ?)", (want,))
        elif row[0] != want:
            raise DedupIndexError(f"index built with {row[0]}, not {want}: rebuild it")

    # ------------------------------------------------------------------ transactions
    def _begin(self) -> None:
        if not self._in_tx:
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def join(self) -> None:
        """Work inside the transaction the caller just began on this connection (reloading
        first if another writer changed the index since it was read)."""
        if self._stored_version() != self._version:
            self._load()
        self._in_tx = True

    def save(self) -> None:
        """Write what was added since the last save, inside the current transaction (the
        caller commits)."""
        if self._pending:
            self.conn.executemany("INSERT INTO dedup_df_log (shingles) VALUES (?)",
                                  [(a.astype("<u4").tobytes(),) for a in self._pending])
            self._log_docs += len(self._pending)
            self._pending.clear()
            if self._log_docs >= CHECKPOINT_DOCS:
                self._checkpoint()
        self._version += 1
        self.conn.execute("INSERT OR REPLACE INTO dedup_meta VALUES ('version', ?)", (str(self._version),))
        self._in_tx = False

    def _checkpoint(self) -> None:
        self.conn.execute("INSERT OR REPLACE INTO dedup_df VALUES (1, ?, ?)", (self.df.docs, self.df.to_bytes()))
        self.conn.execute("DELETE FROM dedup_df_log")
        self._log_docs = 0

    def abandon(self) -> None:
        """Forget what was done since :meth:`join` (the caller rolled its transaction back)."""
        self._in_tx = False
        self._load()

    def commit(self) -> None:
        """Write the document frequencies and commit everything added since the last commit."""
        if self._pending or self._in_tx:
            self._begin()
            self.save()
            self.conn.execute("COMMIT")

    def close(self) -> None:
        """Commit and close the connection."""
        self.commit()
        self.conn.close()

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM dedup_postings").fetchone()[0]

    def cluster_of(self, posting_id: str) -> str | None:
        """The cluster id of an indexed posting."""
        row = self.conn.execute("SELECT cluster_id FROM dedup_postings WHERE posting_id = ?", (posting_id,)).fetchone()
        return row[0] if row else None

    def members(self, cluster_id: str) -> list[str]:
        """Posting ids of a cluster, in the order they were added."""
        return [r[0] for r in self.conn.execute(
            "SELECT posting_id FROM dedup_postings WHERE cluster_id = ? ORDER BY seq", (cluster_id,))]

    def fingerprint(self, posting_id: str) -> Fingerprint | None:
        """The stored fingerprint of a posting."""
        fp = self._cache.get(posting_id)
        if fp is not None:
            self._cache.move_to_end(posting_id)
            return fp
        row = self.conn.execute("SELECT fp FROM dedup_postings WHERE posting_id = ?", (posting_id,)).fetchone()
        if row is None:
            return None
        fp = from_bytes(row[0])
        self._remember(fp)
        return fp

    def _remember(self, fp: Fingerprint) -> None:
        self._cache[fp.id] = fp
        if len(self._cache) > _CACHE:
            self._cache.popitem(last=False)

    def take_updates(self) -> dict[str, str]:
        """Posting id -> new cluster id, for every posting whose cluster changed since the last call."""
        out, self._updates = self._updates, {}
        return out

    # ------------------------------------------------------------------ adding
    def add(self, rec: Record, *, first_seen: str | None = None, last_seen: str | None = None,
            board: str | None = None) -> str:
        """Index one parsed record; returns its cluster id."""
        return self.add_fingerprint(fingerprint(rec, self.cfg, first_seen=first_seen,
                                                last_seen=last_seen, board=board))

    def add_fingerprint(self, fp: Fingerprint) -> str:
        """Index one (unsigned) fingerprint; returns its cluster id. Adding an id again is a no-op."""
        known = self.cluster_of(fp.id)
        if known is not None:
            return known
        self._begin()
        self.df.add(fp.shingles)
        self._pending.append(fp.shingles)
        sign(fp, self.df, self.cfg)
        fp.compact(self.cfg)
        keys = _keys(fp)
        cands: dict[str, None] = {}
        # the most recent max_bucket postings of each key, all keys in one statement
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            part = keys[start:start + _KEYS_PER_QUERY]
            sql = " UNION ALL ".join([_BUCKET] * len(part))
            args = [x for k in part for x in (_signed(k), self.cfg.max_bucket)]
            for (pid,) in self.conn.execute(sql, args):
                cands[pid] = None
        accepted = []
        for pid in cands:
            other = self.fingerprint(pid)
            if other is None:
                continue
            d = decide(fp, other, self.df, self.cfg)
            if d.same:
                accepted.append((d.similarity.containment, pid))
        accepted.sort(key=lambda x: (-x[0], x[1]))
        cluster_id = self._join(fp, [pid for _, pid in accepted])
        self._seq += 1
        self.conn.execute("INSERT INTO dedup_postings VALUES (?, ?, ?, ?)", (fp.id, cluster_id, self._seq, to_bytes(fp)))
        self.conn.executemany("INSERT OR IGNORE INTO dedup_bands VALUES (?, ?, ?)",
                              [(_signed(k), self._seq, fp.id) for k in keys])
        self._remember(fp)
        final = self._maybe_promote(fp, cluster_id)
        # a new posting's cluster id starts as its own id (the store's default)
        if final != fp.id:
            self._updates[fp.id] = final
        else:
            self._updates.pop(fp.id, None)
        return final

    def _join(self, fp: Fingerprint, accepted: list[str]) -> str:
        joined: str | None = None
        tried: set[str] = set()
        for pid in accepted:
            cid = self.cluster_of(pid)
            if cid is None or cid in tried:
                continue
            tried.add(cid)
            canon = self.fingerprint(cid)
            if canon is None or (canon.id != pid and not decide(fp, canon, self.df, self.cfg).same):
                continue  # the chaining guard: the cluster's canonical must agree too
            if joined is None:
                joined = cid
                continue
            # the new posting links two clusters: merge them when their canonicals agree
            head = self.fingerprint(joined)
            if head is not None and decide(head, canon, self.df, self.cfg).same:
                keep, drop = (joined, cid) if better(head, canon) else (cid, joined)
                self._rename(drop, keep)
                joined = keep
        return joined or fp.id

    def _rename(self, old: str, new: str) -> None:
        for pid in self.members(old):
            self._updates[pid] = new
        self.conn.execute("UPDATE dedup_postings SET cluster_id = ? WHERE cluster_id = ?", (new, old))

    def _maybe_promote(self, fp: Fingerprint, cluster_id: str) -> str:
        if cluster_id == fp.id:
            return cluster_id
        canon = self.fingerprint(cluster_id)
        if canon is not None and better(fp, canon):
            self._rename(cluster_id, fp.id)
            return fp.id
        return cluster_id

    def remove(self, posting_id: str) -> None:
        """Forget a posting (deleted from the store); a cluster it headed is renamed after
        its best remaining member."""
        cid = self.cluster_of(posting_id)
        if cid is None:
            return
        self._begin()
        fp = self.fingerprint(posting_id)
        self.conn.execute("DELETE FROM dedup_postings WHERE posting_id = ?", (posting_id,))
        if fp is not None:
            self.conn.executemany("DELETE FROM dedup_bands WHERE band_key = ? AND posting_id = ?",
                                  [(_signed(k), posting_id) for k in _keys(fp)])
        self._cache.pop(posting_id, None)
        self._updates.pop(posting_id, None)
        if cid != posting_id:
            return
        rest = [fp for fp in (self.fingerprint(m) for m in self.members(cid)) if fp is not None]
        if rest:
            head = rest[0]
            for fp in rest[1:]:
                if better(fp, head):
                    head = fp
            self._rename(cid, head.id)

    def add_many(self, records: Iterable[Record], *, commit_every: int = 1000) -> list[str]:
        """Index records in order, committing every ``commit_every``; their cluster ids."""
        out = []
        for n, rec in enumerate(records, 1):
            out.append(self.add(rec))
            if n % commit_every == 0:
                self.commit()
        self.commit()
        return out

    def clear(self) -> None:
        """Forget every posting (the parameters stay)."""
        self._begin()
        for table in ("dedup_postings", "dedup_bands", "dedup_df", "dedup_df_log"):
            self.conn.execute(f"DELETE FROM {table}")
        self.df = DocFreq(self.cfg.df_slots_log2)
        self._pending.clear()
        self._log_docs = 0
        self._cache.clear()
        self._updates.clear()
        self._seq = 0
        self.commit()

    def replace_all(self, fps: list[Fingerprint], cluster_ids: list[str], df: DocFreq,
                    shingles: list[np.ndarray] | None = None) -> None:
        """Make the index hold exactly these signed fingerprints and clusters, with these
        document frequencies (what a batch clustering computed), inside the caller's transaction.

        ``shingles``: the full shingles ``df`` counted, in the order it counted them; when few,
        they are written as the log rather than the whole sketch (cheaper to write and read).
        """
        for table in ("dedup_postings", "dedup_bands", "dedup_df_log", "dedup_df"):
            self.conn.execute(f"DELETE FROM {table}")
        self.df = df
        self._pending.clear()
        self._cache.clear()
        self._updates.clear()
        self.conn.executemany("INSERT INTO dedup_postings VALUES (?, ?, ?, ?)",
                              ((fp.id, cid, i, to_bytes(fp)) for i, (fp, cid) in enumerate(zip(fps, cluster_ids), 1)))
        self.conn.executemany("INSERT OR IGNORE INTO dedup_bands VALUES (?, ?, ?)",
                              ((_signed(k), i, fp.id) for i, fp in enumerate(fps, 1) for k in _keys(fp)))
        self._seq = len(fps)
        if shingles is not None and len(shingles) < CHECKPOINT_DOCS:
            self.conn.executemany("INSERT INTO dedup_df_log (shingles) VALUES (?)",
                                  ((a.astype("<u4").tobytes(),) for a in shingles))
            self._log_docs = len(shingles)
        else:
            self._checkpoint()
