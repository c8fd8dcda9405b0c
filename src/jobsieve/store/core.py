"""The :class:`Store`: the one object the CLI, the HTTP API and the web UI call."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..config import DEFAULT_CONFIG, DEFAULT_DB, ParseConfig
from ..model import Record
from . import dedupe as _dd
from .facets import FacetIndex, from_blob, to_blob
from .ingest import Incoming, IngestReport, board_of, ingest_files, ingest_records, parse_input
from .schema import StoreError, connect
from .search import Hit, MatchCache, SearchQuery, SearchResult, fetch_hits, run_search


def _saved_index(conn: sqlite3.Connection, generation: int) -> FacetIndex | None:
    """The saved filter columns, if they are those of this generation."""
    try:
        row = conn.execute("SELECT generation, data FROM facet_cache WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # a store from before the saved copy
        return None
    if row is None or row[0] != generation:
        return None
    idx = from_blob(row[1])
    return idx if idx is not None and idx.generation == generation else None


class Store:
    """A jobsieve store in one SQLite file: ingest, search, get.

    Safe to share between threads (each thread gets its own connection, so the file must be
    a real file, not ``:memory:``); any number of processes may read while one writes (WAL).
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._index: FacetIndex | None = None
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.RLock()
        self._dedup: _dd.StoreDedup | None = None
        self.matches = MatchCache()
        self._conn()  # fail now, naming the file, rather than at the first search

    # -------------------------------------------------------------- connections
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, readonly=self.readonly)
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for c in self._conns:
                c.close()
            self._conns.clear()
            if self._writer is not None:
                self._writer.close()
                self._writer = None
                self._dedup = None
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> sqlite3.Connection:
        """The one connection every write goes through (hold ``_write_lock`` while using it), so
        that the deduplication index bound to it shares the writes' transactions."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        with self._lock:
            if self._writer is None:
                self._writer = connect(self.path)
            return self._writer

    def _deduper(self) -> _dd.StoreDedup:
        if self._dedup is None:
            self._dedup = _dd.StoreDedup(self._writable())
        return self._dedup

    # -------------------------------------------------------------- writing
    def ingest(self, paths: Iterable[str | Path], config: ParseConfig = DEFAULT_CONFIG, *,
               batch_size: int = 200, force: bool = False, workers: int = 1, dedupe: bool = True,
               on_file: Callable[[int], None] | None = None,
               on_start: Callable[[int], None] | None = None) -> IngestReport:
        """Parse and store the postings in these files/folders (resumable; see ``store.ingest``);
        ``workers`` processes parse while this one writes.

        With ``dedupe`` (the default), each batch is clustered as it is written, and at the end
        the store is reclustered in full when due (see :mod:`jobsieve.store.dedupe`).
        """
        with self._write_lock:
            conn = self._writable()
            dedup = self._deduper() if dedupe else None
            report = ingest_files(conn, [Path(p) for p in paths], config, batch_size=batch_size,
                                  force=force, workers=workers, on_file=on_file, on_start=on_start, dedup=dedup)
            if dedup is not None:
                report.dedup = self._finish_dedup(workers)
        self._refresh_saved_index()
        return report

    def _finish_dedup(self, workers: int) -> dict:
        dedup = self._deduper()
        if _dd.needs_recluster(dedup.conn):
            return {"recluster": _dd.recluster(dedup, workers=workers)}
        return {"catch_up": _dd.catch_up(dedup)}

    def add(self, records: Iterable[Record], *, board: str | None = None, batch_size: int = 1000,
            workers: int = 1, dedupe: bool = False) -> IngestReport:
        """Store records parsed elsewhere, streaming; the source of each is its ``source.uri``
        (``api:<id>`` when it has none), so a uri seen again with new content is updated.

        Without ``dedupe`` (the default: a batch run brings its own clusters, see
        :meth:`set_clusters`) postings start in clusters of their own; with it, each batch is
        clustered incrementally as ``ingest`` does (no full pass at the end).
        """
        items = (Incoming(r, r.source.uri or f"api:{r.id}",
                          board or (board_of(r.source.uri) if r.source.uri else "api")) for r in records)
        with self._write_lock:
            report = ingest_records(self._writable(), items, batch_size=batch_size, workers=workers,
                                    dedup=self._deduper() if dedupe else None)
        self._refresh_saved_index()
        return report

    def add_raw(self, data: bytes, *, uri: str | None = None, config: ParseConfig = DEFAULT_CONFIG,
                board: str | None = None, dedupe: bool = True) -> IngestReport:
        """Parse a raw posting (text, Markdown, HTML or JSON bytes) and store what it holds,
        clustered with the stored postings (``dedupe``).

        Without ``uri`` the source is ``api:<hash of the bytes>`` on board ``api``.
        """
        key = uri or "api:" + hashlib.blake2b(data, digest_size=8).hexdigest()
        items, failures = parse_input(data, key, config)
        if board or not uri:
            for item in items:
                item.board = board or "api"
        with self._write_lock:
            report = ingest_records(self._writable(), items, dedup=self._deduper() if dedupe else None)
        report.failed += failures
        return report

    def recluster(self, *, workers: int = 1) -> dict:
        """Cluster every stored posting again with the batch algorithm (deterministic: the same
        postings give the same clusters whatever the order they came in); a summary."""
        with self._write_lock:
            out = _dd.recluster(self._deduper(), workers=workers)
        self._refresh_saved_index()
        return out

    def dedupe(self, *, rebuild: bool = False, workers: int = 1) -> dict:
        """Bring the duplicate clusters up to date: index the postings the deduplication index
        has not seen (postings added without it) and drop the deleted ones, or with ``rebuild``
        recluster everything; a summary."""
        t0 = time.perf_counter()
        with self._write_lock:
            dedup = self._deduper()
            out = {"recluster": _dd.recluster(dedup, workers=workers)} if rebuild else _dd.catch_up(dedup)
            out.update(_dd.summary(dedup.conn))
        self._refresh_saved_index()
        out["seconds"] = round(time.perf_counter() - t0, 2)
        return out

    def set_cluster(self, posting_id: str, cluster_id: str) -> None:
        """Put a posting in the duplicate cluster headed by ``cluster_id`` (clusters computed
        elsewhere; the store's own deduplication may move it again)."""
        self.set_clusters([(posting_id, cluster_id)])

    def set_clusters(self, assignments: Iterable[tuple[str, str]]) -> int:
        """Set many postings' clusters, ``(posting_id, cluster_id)`` pairs, in one transaction."""
        rows = [(c, p) for p, c in assignments]
        with self._write_lock:
            conn = self._writable()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("UPDATE postings SET cluster_id = ? WHERE id = ? AND cluster_id != ?",
                                 [(c, p, c) for c, p in rows])
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return len(rows)

    # -------------------------------------------------------------- reading
    def generation(self) -> int:
        """A number that changes whenever postings change."""
        return int(self._conn().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def facet_index(self) -> FacetIndex:
        """The in-memory filter columns, rebuilt when the store changed (read from the copy
        saved in the store when it is current)."""
        gen = self.generation()
        idx = self._index
        if idx is not None and idx.generation == gen:
            return idx
        with self._lock:
            idx = self._index
            if idx is None or idx.generation != gen:
                conn = self._conn()
                built = False
                # One read transaction, so the index matches one generation exactly.
                conn.execute("BEGIN")
                try:
                    gen = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
                    idx = _saved_index(conn, gen)
                    if idx is None:
                        idx = FacetIndex.build(conn, gen)
                        built = True
                finally:
                    conn.execute("COMMIT")
                self._index = idx
                # A read-only store is a short-lived reader (a command-line search): save what
                # it built for the next one. A server rebuilds after every change and keeps it.
                if built and self.readonly:
                    self._save_index(idx)
        return idx

    def _save_index(self, idx: FacetIndex) -> None:
        """Keep a copy of the filter columns in the store, if the file can be written now
        (never waiting for a writer: this only saves time later)."""
        try:
            conn = sqlite3.connect(self.path, timeout=0.05, isolation_level=None)
            try:
                conn.execute("INSERT OR REPLACE INTO facet_cache SELECT 1, ?, ? "
                             "WHERE (SELECT value FROM meta WHERE key = 'generation') = ?",
                             (idx.generation, to_blob(idx), str(idx.generation)))
            finally:
                conn.close()
        except sqlite3.Error:
            pass

    def _refresh_saved_index(self) -> None:
        """After a bulk write: build the filter columns now and save them for later readers."""
        self._save_index(self.facet_index())

    def search(self, query: SearchQuery | None = None, *, facets: bool = True, **params: object) -> SearchResult:
        """Search: ``store.search(SearchQuery(q="data", contract=("permanent",)))``.

        Raises :class:`~jobsieve.store.fts.QueryError` for a malformed query.
        """
        if query is None:
            query = SearchQuery(**params)  # type: ignore[arg-type]
        return run_search(self._conn(), self.facet_index(), query, facets=facets, cache=self.matches)

    def get(self, posting_id: str) -> Hit | None:
        """The stored posting with this id (full record with text), or ``None``."""
        row = self._conn().execute("SELECT pk FROM postings WHERE id = ?", (posting_id,)).fetchone()
        if row is None:
            return None
        hits = fetch_hits(self._conn(), [row[0]], text=True)
        return hits[0] if hits else None

    def count(self) -> int:
        """Number of stored postings (every member of every cluster)."""
        return self._conn().execute("SELECT count(*) FROM postings").fetchone()[0]

    def quarantine(self) -> list[tuple[str, str, str]]:
        """Inputs that could not be parsed: (uri, reason, when), oldest first."""
        return self._conn().execute("SELECT uri, reason, at FROM quarantine ORDER BY at, uri").fetchall()
