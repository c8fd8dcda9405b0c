"""The :class:`Store`: the one object the CLI, the HTTP API and the web UI call."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from ..config import DEFAULT_CONFIG, ParseConfig
from ..model import Record
from .facets import FacetIndex
from .ingest import Incoming, IngestReport, board_of, ingest_files, ingest_records, parse_input
from .schema import StoreError, connect
from .search import Hit, MatchCache, SearchQuery, SearchResult, fetch_hits, run_search

DEFAULT_DB = "jobsieve.db"


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
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> sqlite3.Connection:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        return self._conn()

    # -------------------------------------------------------------- writing
    def ingest(self, paths: Iterable[str | Path], config: ParseConfig = DEFAULT_CONFIG, *,
               batch_size: int = 200, force: bool = False, workers: int = 1,
               on_file: Callable[[int], None] | None = None,
               on_start: Callable[[int], None] | None = None) -> IngestReport:
        """Parse and store the postings in these files/folders (resumable; see ``store.ingest``);
        ``workers`` processes parse while this one writes."""
        return ingest_files(self._writable(), [Path(p) for p in paths], config, batch_size=batch_size,
                            force=force, workers=workers, on_file=on_file, on_start=on_start)

    def add(self, records: Iterable[Record], *, board: str | None = None, batch_size: int = 1000,
            workers: int = 1) -> IngestReport:
        """Store records parsed elsewhere, streaming; the source of each is its ``source.uri``
        (``api:<id>`` when it has none), so a uri seen again with new content is updated."""
        items = (Incoming(r, r.source.uri or f"api:{r.id}",
                          board or (board_of(r.source.uri) if r.source.uri else "api")) for r in records)
        return ingest_records(self._writable(), items, batch_size=batch_size, workers=workers)

    def add_raw(self, data: bytes, *, uri: str | None = None, config: ParseConfig = DEFAULT_CONFIG,
                board: str | None = None) -> IngestReport:
        """Parse a raw posting (text, Markdown, HTML or JSON bytes) and store what it holds.

        Without ``uri`` the source is ``api:<hash of the bytes>`` on board ``api``.
        """
        key = uri or "api:" + hashlib.blake2b(data, digest_size=8).hexdigest()
        items, failures = parse_input(data, key, config)
        if board or not uri:
            for item in items:
                item.board = board or "api"
        report = ingest_records(self._writable(), items)
        report.failed += failures
        return report

    def set_cluster(self, posting_id: str, cluster_id: str) -> None:
        """Put a posting in the duplicate cluster headed by ``cluster_id`` (for de-duplication)."""
        conn = self._writable()
        with conn:
            conn.execute("UPDATE postings SET cluster_id = ? WHERE id = ?", (cluster_id, posting_id))

    def set_clusters(self, assignments: Iterable[tuple[str, str]]) -> int:
        """Set many postings' clusters, ``(posting_id, cluster_id)`` pairs, in one transaction."""
        conn = self._writable()
        rows = [(c, p) for p, c in assignments]
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
        """The in-memory filter columns, rebuilt when the store changed."""
        gen = self.generation()
        idx = self._index
        if idx is not None and idx.generation == gen:
            return idx
        with self._lock:
            idx = self._index
            if idx is None or idx.generation != gen:
                conn = self._conn()
                # One read transaction, so the index matches one generation exactly.
                conn.execute("BEGIN")
                try:
                    gen = int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
                    idx = FacetIndex.build(conn, gen)
                finally:
                    conn.execute("COMMIT")
                self._index = idx
        return idx

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
