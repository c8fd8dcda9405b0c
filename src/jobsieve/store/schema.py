"""The SQLite schema of a jobsieve store, and how connections to it are opened.

Tables (see ``docs/store.md`` for every column):

- ``postings``: one row per distinct posting (``id`` = content hash of the cleaned text),
  with the record's normalised fields copied into plain columns for filters, and
  ``cluster_id`` (the id of the canonical posting of its duplicate cluster; its own id
  until de-duplication says otherwise).
- ``posting_texts``: the record JSON, the cleaned text and its stemmed, accent-folded
  copy that the full-text index reads. Kept apart from ``postings`` so that the filter
  columns stay in narrow rows that scan fast.
- ``postings_fts``: FTS5 index over ``posting_texts``' stemmed columns (external content),
  kept current by triggers, so any writer (``sqlite3``, sqlite-utils) keeps it right; with
  prefix indexes of 3 and 4 letters (``comp*`` reads one list instead of merging the lists
  of every word starting so: 5x faster at 100k postings, for about 0.6 ms more per insert).
  A store created before them works the same, without the speed-up.
- ``places``: every location of a posting (city, folded city key, region, country).
- ``sources``: where each posting was seen: ``uri`` (unique), ``board`` (the host of a URL,
  else the name of the folder the file came from), ``first_seen``, ``last_seen``.
- ``ingested_files``: input files already stored (path, size, mtime, content hash); a rerun
  of an interrupted ingest skips them.
- ``quarantine``: inputs that could not be parsed, with the reason.
- ``meta``: the schema version and a ``generation`` counter that triggers bump on every
  change, so readers know when their in-memory facet index is stale.
- ``facet_cache``: a saved copy of that index for one generation (a new process reads it
  instead of rebuilding it).
- ``dedup_*``: the deduplication index (see :mod:`jobsieve.store.dedupe`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 1

# bm25 weights of the indexed columns, in order: a word in the title counts most.
FTS_COLUMNS = ("s_title", "s_employer", "s_places", "s_body")
FTS_WEIGHTS = (8.0, 4.0, 3.0, 1.0)

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema_version', '1'), ('generation', '0');

CREATE TABLE IF NOT EXISTS postings (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  cluster_id TEXT NOT NULL,
  title TEXT,
  employer TEXT,
  city TEXT,
  country TEXT,
  places TEXT,
  language TEXT,
  contract_type TEXT,
  contract_months REAL,
  working_time TEXT,
  remote_policy TEXT,
  salary_annual_min REAL,
  salary_annual_max REAL,
  currency TEXT,
  salary_text TEXT,
  experience_min REAL,
  experience_max REAL,
  education_eqf INTEGER,
  posted TEXT,
  start TEXT,
  deadline TEXT,
  posted_day INTEGER,
  deadline_day INTEGER,
  board TEXT,
  uri TEXT,
  ingested_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS postings_cluster ON postings(cluster_id);
CREATE INDEX IF NOT EXISTS postings_contract ON postings(contract_type);
CREATE INDEX IF NOT EXISTS postings_remote ON postings(remote_policy);
CREATE INDEX IF NOT EXISTS postings_language ON postings(language);
CREATE INDEX IF NOT EXISTS postings_salary ON postings(salary_annual_max);
CREATE INDEX IF NOT EXISTS postings_posted ON postings(posted);
CREATE INDEX IF NOT EXISTS postings_deadline ON postings(deadline);
CREATE INDEX IF NOT EXISTS postings_uri ON postings(uri);

CREATE TABLE IF NOT EXISTS posting_texts (
  pk INTEGER PRIMARY KEY,
  record TEXT NOT NULL,
  text TEXT NOT NULL,
  s_title TEXT NOT NULL DEFAULT '',
  s_employer TEXT NOT NULL DEFAULT '',
  s_places TEXT NOT NULL DEFAULT '',
  s_body TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE IF NOT EXISTS postings_fts USING fts5(
  s_title, s_employer, s_places, s_body,
  content='posting_texts', content_rowid='pk',
  tokenize='unicode61 remove_diacritics 2', prefix='3 4'
);

CREATE TABLE IF NOT EXISTS places (
  pk INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  city TEXT,
  city_key TEXT,
  region TEXT,
  country TEXT,
  PRIMARY KEY (pk, pos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS places_city ON places(city_key);
CREATE INDEX IF NOT EXISTS places_country ON places(country);

CREATE TABLE IF NOT EXISTS sources (
  uri TEXT PRIMARY KEY,
  posting_id TEXT NOT NULL,
  board TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_posting ON sources(posting_id);

CREATE TABLE IF NOT EXISTS ingested_files (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  sha TEXT NOT NULL,
  postings INTEGER NOT NULL,
  status TEXT NOT NULL,
  finished_at TEXT NOT NULL
);

-- A saved copy of the in-memory filter columns (store.facets), valid for one generation.
CREATE TABLE IF NOT EXISTS facet_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
  uri TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);

-- The FTS index follows posting_texts (the usual external-content triggers).
CREATE TRIGGER IF NOT EXISTS posting_texts_ai AFTER INSERT ON posting_texts BEGIN
  INSERT INTO postings_fts(rowid, s_title, s_employer, s_places, s_body)
  VALUES (new.pk, new.s_title, new.s_employer, new.s_places, new.s_body);
END;
CREATE TRIGGER IF NOT EXISTS posting_texts_ad AFTER DELETE ON posting_texts BEGIN
  INSERT INTO postings_fts(postings_fts, rowid, s_title, s_employer, s_places, s_body)
  VALUES ('delete', old.pk, old.s_title, old.s_employer, old.s_places, old.s_body);
END;
CREATE TRIGGER IF NOT EXISTS posting_texts_au AFTER UPDATE OF s_title, s_employer, s_places, s_body
ON posting_texts BEGIN
  INSERT INTO postings_fts(postings_fts, rowid, s_title, s_employer, s_places, s_body)
  VALUES ('delete', old.pk, old.s_title, old.s_employer, old.s_places, old.s_body);
  INSERT INTO postings_fts(rowid, s_title, s_employer, s_places, s_body)
  VALUES (new.pk, new.s_title, new.s_employer, new.s_places, new.s_body);
END;

-- Deleting a posting deletes what hangs off it; a cluster it headed gets a new head (its
-- smallest id), so that every cluster keeps the canonical row search shows.
CREATE TRIGGER IF NOT EXISTS postings_ad AFTER DELETE ON postings BEGIN
  DELETE FROM posting_texts WHERE pk = old.pk;
  DELETE FROM places WHERE pk = old.pk;
  DELETE FROM sources WHERE posting_id = old.id;
  UPDATE postings SET cluster_id = (SELECT min(id) FROM postings WHERE cluster_id = old.id)
  WHERE cluster_id = old.id;
  UPDATE meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS postings_ai AFTER INSERT ON postings BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS postings_au AFTER UPDATE ON postings BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS places_ai AFTER INSERT ON places BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS places_ad AFTER DELETE ON places BEGIN
  UPDATE meta SET value = value + 1 WHERE key = 'generation';
END;
"""


class StoreError(Exception):
    """A store that cannot be opened or used; the message names the file and the reason."""


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating when allowed) a store database, in WAL mode, schema ensured."""
    p = Path(path)
    try:
        if readonly:
            if not p.exists():
                raise StoreError(f"{p}: no such store (run `jobsieve ingest` first)")
            conn = sqlite3.connect(p.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False,
                                   isolation_level=None, timeout=30)
        else:
            conn = sqlite3.connect(p, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            # WAL: readers (the server) never block the writer (an ingest), and a commit is
            # one append, so a killed ingest loses at most its open batch.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA temp_store = MEMORY")
        if not readonly:
            _ensure_schema(conn, p)
        else:
            _check_version(conn, p)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{p}: not a usable jobsieve store ({exc})") from None
    return conn


def _check_version(conn: sqlite3.Connection, p: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        raise StoreError(f"{p}: not a jobsieve store (no meta table)") from None
    if row is None or int(row[0]) != SCHEMA_VERSION:
        raise StoreError(f"{p}: store schema version {row and row[0]} is not {SCHEMA_VERSION}")


def _ensure_schema(conn: sqlite3.Connection, p: Path) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "meta" not in tables:
        raise StoreError(f"{p}: holds other tables; not a jobsieve store")
    if "meta" in tables:
        _check_version(conn, p)
    conn.executescript(DDL)
