"""Writing records into the store: rows from records, idempotent upserts, resumable file ingest.

Identity rules:

- a posting's ``id`` is the content hash of its cleaned text, so the same posting ingested
  twice (from the same file or another one) is one row; a second place it was seen at is a
  second row of ``sources``;
- a source is keyed by its ``uri`` (a file's absolute path, a URL, or ``uri#n`` for the
  n-th posting of a file that holds several); when the posting at a uri changes, the row
  that uri pointed to is updated in place (same ``pk``, new ``id``) unless other sources
  still show the old version;
- an input file is finished when its postings (or its failure) are committed together with
  its row in ``ingested_files`` (path, size, mtime, content hash): a batch is one
  transaction, so after a crash or ``kill -9`` a rerun skips exactly the committed files.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from ..config import DEFAULT_CONFIG, ParseConfig
from ..errors import InputError
from ..model import Record
from ..readers import iter_paths, read_bytes
from ..render import places_text, salary_text
from ..dedup.fingerprint import Fingerprint
from .dedupe import BatchChanges, StoreDedup, fingerprint_of
from .fts import fold, index_text

_NON_WORD = re.compile(r"[\W_]+")
_EPOCH = date(1970, 1, 1).toordinal()


def now_iso() -> str:
    """The current UTC time, ``2026-03-01T10:00:00+00:00``."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def day_or_none(iso: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date (what filters and sorts compare), ``None`` if unknown."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal() - _EPOCH
    except ValueError:
        return None


def city_key(name: str | None) -> str | None:
    """How city names are compared: folded, punctuation as spaces (``Saint-Étienne`` = ``saint etienne``)."""
    if not name:
        return None
    key = _NON_WORD.sub(" ", fold(name)).strip()
    return key or None


def board_of(uri: str | None) -> str:
    """Where a posting was seen: the host of a URL (``www.`` dropped), else the file's folder name."""
    if not uri:
        return "unknown"
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname
        return host[4:] if host.startswith("www.") else host
    if parts.scheme == "api":
        return "api"
    return PurePath(uri.split("#", 1)[0]).parent.name or "local"


@dataclass(slots=True)
class Incoming:
    """A parsed record on its way into the store, with the source it was seen at."""

    record: Record
    uri: str
    board: str
    prepared: Prepared | None = None
    fp: Fingerprint | None = None
    """Its deduplication fingerprint (computed by :meth:`fingerprint`, in a worker when there are some)."""

    def prepare(self) -> Prepared:
        """The rows to write (computed once; worker processes may do it ahead of the writer)."""
        if self.prepared is None:
            self.prepared = prepare(self.record)
        return self.prepared

    def fingerprint(self) -> Fingerprint:
        """Its deduplication fingerprint (computed once)."""
        if self.fp is None:
            self.fp = fingerprint_of(self.record)
        return self.fp


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts, and the inputs that failed (uri, reason)."""

    files_seen: int = 0
    files_skipped: int = 0
    files_done: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)
    """Ids of the postings written or seen, in order (for callers that ingest one input)."""
    dedup: dict = field(default_factory=dict)
    """What deduplication did at the end (``recluster`` or ``catch_up`` summary), when it ran."""

    @property
    def postings(self) -> int:
        """Postings seen (added + updated + unchanged)."""
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict:
        """A JSON-ready summary."""
        return {
            "files_seen": self.files_seen, "files_skipped": self.files_skipped,
            "files_done": self.files_done, "postings": self.postings, "added": self.added,
            "updated": self.updated, "unchanged": self.unchanged,
            "failed": [{"uri": u, "reason": r} for u, r in self.failed],
            "seconds": round(self.seconds, 3), **({"dedup": self.dedup} if self.dedup else {}),
        }


# ------------------------------------------------------------------ rows from records

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _plain(v: Any) -> Any:
    t = type(v)
    if t in _SCALARS:  # most values: return before any other check
        return v
    names = _FIELD_NAMES.get(t)
    if names is None and is_dataclass(v) and not isinstance(v, type):
        names = _FIELD_NAMES[t] = tuple(f.name for f in fields(v))
    if names is not None:
        return {n: _plain(getattr(v, n)) for n in names}
    if t is list or t is tuple:
        return [_plain(x) for x in v]
    if t is dict:
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def record_json(rec: Record) -> tuple[str, str]:
    """The record as compact JSON without its text (the same JSON as ``to_dict()`` gives,
    built without ``asdict``'s deep copies, which cost more than the rest of an insert), and the text."""
    d = _plain(rec)
    text = d.pop("text") or ""
    return json.dumps(d, ensure_ascii=False, separators=(",", ":")), text


def _posting_values(rec: Record) -> dict:
    """The denormalised filter columns of a record."""
    s, loc0 = rec.salary, rec.locations[0] if rec.locations else None
    country = next((x.country for x in rec.locations if x.country), None)
    return {
        "title": rec.title, "employer": rec.employer.name,
        "city": loc0.city if loc0 else None, "country": country,
        "places": places_text(rec) or None, "language": rec.language,
        "contract_type": rec.contract.type, "contract_months": rec.contract.duration_months,
        "working_time": rec.working_time.type, "remote_policy": rec.remote.policy,
        "salary_annual_min": s.annual_min, "salary_annual_max": s.annual_max,
        "currency": s.currency, "salary_text": salary_text(rec) or None,
        "experience_min": rec.experience.min_years, "experience_max": rec.experience.max_years,
        "education_eqf": rec.education.min_eqf_level,
        "posted": rec.dates.posted, "start": rec.dates.start, "deadline": rec.dates.deadline,
        "posted_day": day_or_none(rec.dates.posted), "deadline_day": day_or_none(rec.dates.deadline),
    }


def _search_values(rec: Record, text: str) -> tuple[str, str, str, str]:
    lang = rec.language if rec.language in ("fr", "en") else None
    places = " ".join(x for loc in rec.locations for x in (loc.city, loc.region) if x)
    return (index_text(rec.title, lang), index_text(rec.employer.name, lang),
            index_text(places, lang), index_text(text, lang))


_POSTING_COLS = tuple(_posting_values(Record()).keys())
_INSERT_POSTING = (
    f"INSERT INTO postings (id, cluster_id, {', '.join(_POSTING_COLS)}, board, uri, ingested_at, updated_at) "
    f"VALUES (?, ?, {', '.join('?' * len(_POSTING_COLS))}, ?, ?, ?, ?)"
)
_UPDATE_POSTING = (
    f"UPDATE postings SET id = ?, {', '.join(c + ' = ?' for c in _POSTING_COLS)}, updated_at = ? WHERE pk = ?"
)


@dataclass(slots=True)
class Prepared:
    """What a record becomes in the store's tables (the costly part: JSON and stemming)."""

    rjson: str
    text: str
    values: tuple
    search: tuple[str, str, str, str]
    places: list[tuple]


def prepare(rec: Record) -> Prepared:
    """The column values of a record."""
    rjson, text = record_json(rec)
    return Prepared(rjson, text, tuple(_posting_values(rec).values()), _search_values(rec, text),
                    [(i, loc.city, city_key(loc.city), loc.region, loc.country) for i, loc in enumerate(rec.locations)])


def _write_places(conn: sqlite3.Connection, pk: int, prep: Prepared, replace: bool) -> None:
    if replace:
        conn.execute("DELETE FROM places WHERE pk = ?", (pk,))
    if prep.places:
        conn.executemany("INSERT INTO places (pk, pos, city, city_key, region, country) VALUES (?, ?, ?, ?, ?, ?)",
                         [(pk, *p) for p in prep.places])


def _insert(conn: sqlite3.Connection, item: Incoming, prep: Prepared, now: str) -> int:
    rec = item.record
    cur = conn.execute(_INSERT_POSTING, (rec.id, rec.id, *prep.values, item.board, item.uri, now, now))
    pk = cur.lastrowid
    conn.execute(
        "INSERT INTO posting_texts (pk, record, text, s_title, s_employer, s_places, s_body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (pk, prep.rjson, prep.text, *prep.search))
    _write_places(conn, pk, prep, replace=False)
    return pk


def _update(conn: sqlite3.Connection, pk: int, rec: Record, prep: Prepared, now: str) -> None:
    conn.execute(_UPDATE_POSTING, (rec.id, *prep.values, now, pk))
    conn.execute(
        "UPDATE posting_texts SET record = ?, text = ?, s_title = ?, s_employer = ?, s_places = ?, "
        "s_body = ? WHERE pk = ?", (prep.rjson, prep.text, *prep.search, pk))
    _write_places(conn, pk, prep, replace=True)


def _drop_if_unseen(conn: sqlite3.Connection, posting_id: str) -> bool:
    """Delete a posting that no source shows any more (its uri now shows something else)."""
    if conn.execute("SELECT 1 FROM sources WHERE posting_id = ? LIMIT 1", (posting_id,)).fetchone() is None:
        return conn.execute("DELETE FROM postings WHERE id = ?", (posting_id,)).rowcount > 0
    return False


def write_record(conn: sqlite3.Connection, item: Incoming, now: str, changes: BatchChanges | None = None) -> str:
    """Store one record (inside the caller's transaction): ``added``, ``updated`` or ``unchanged``.

    With ``changes``, the postings to (re)cluster and those that left are noted there.
    """
    rec = item.record
    if not rec.id:
        raise ValueError("record has no id")
    prep = item.prepare()
    row = conn.execute(
        "SELECT p.pk, t.record FROM postings p JOIN posting_texts t ON t.pk = p.pk WHERE p.id = ?",
        (rec.id,)).fetchone()
    src = conn.execute("SELECT posting_id FROM sources WHERE uri = ?", (item.uri,)).fetchone()
    old_id = src[0] if src else None

    if row is not None:
        # This content is stored already: refresh the record (a newer parser may read more)
        # and make sure this uri points at it.
        pk, stored = row
        status = "unchanged"
        if stored != prep.rjson:
            _update(conn, pk, rec, prep, now)
            status = "updated"
            if changes is not None:
                changes.add(item.fingerprint())
        if old_id is None:
            conn.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", (item.uri, rec.id, item.board, now, now))
        else:
            conn.execute("UPDATE sources SET posting_id = ?, last_seen = ? WHERE uri = ?", (rec.id, now, item.uri))
            if old_id != rec.id:
                if _drop_if_unseen(conn, old_id) and changes is not None:
                    changes.remove(old_id)
                status = "updated"
        return status

    if old_id is not None:
        others = conn.execute("SELECT count(*) FROM sources WHERE posting_id = ? AND uri != ?",
                              (old_id, item.uri)).fetchone()[0]
        old = conn.execute("SELECT pk FROM postings WHERE id = ?", (old_id,)).fetchone()
        conn.execute("UPDATE sources SET posting_id = ?, last_seen = ? WHERE uri = ?", (rec.id, now, item.uri))
        if others == 0 and old is not None:
            # The posting at this uri changed: update its row in place (same pk).
            _update(conn, old[0], rec, prep, now)
            if changes is None:
                # without deduplication, a duplicate cluster it headed keeps pointing at it
                conn.execute("UPDATE postings SET cluster_id = ? WHERE cluster_id = ?", (rec.id, old_id))
            else:
                # the new content is placed afresh; the old one leaves its cluster
                conn.execute("UPDATE postings SET cluster_id = id WHERE pk = ?", (old[0],))
                changes.remove(old_id)
                changes.add(item.fingerprint())
            return "updated"
        _insert(conn, item, prep, now)
        if changes is not None:
            changes.add(item.fingerprint())
        return "added"

    _insert(conn, item, prep, now)
    conn.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", (item.uri, rec.id, item.board, now, now))
    if changes is not None:
        changes.add(item.fingerprint())
    return "added"


def write_batch(conn: sqlite3.Connection, items: Iterable[Incoming], report: IngestReport,
                files: Iterable[tuple] = (), failures: Iterable[tuple[str, str]] = (),
                dedup: StoreDedup | None = None) -> None:
    """One transaction: the records, their duplicate clusters (with ``dedup``), the finished
    files' rows and the quarantined inputs."""
    now = now_iso()
    conn.execute("BEGIN IMMEDIATE")
    try:
        if dedup is not None:
            dedup.begin()
        changes = BatchChanges() if dedup is not None else None
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        ids = []
        for item in items:
            counts[write_record(conn, item, now, changes)] += 1
            ids.append(item.record.id)
        if dedup is not None and changes is not None:
            dedup.apply(changes)
        for uri, reason in failures:
            conn.execute("INSERT OR REPLACE INTO quarantine (uri, reason, at) VALUES (?, ?, ?)", (uri, reason, now))
        for path, size, mtime_ns, sha, n, status in files:
            conn.execute("INSERT OR REPLACE INTO ingested_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (path, size, mtime_ns, sha, n, status, now))
            if status == "ok":
                conn.execute("DELETE FROM quarantine WHERE uri = ?", (path,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        if dedup is not None:
            dedup.abandon()
        raise
    report.added += counts["added"]
    report.updated += counts["updated"]
    report.unchanged += counts["unchanged"]
    report.ids += ids


# ------------------------------------------------------------------ files

def source_uris(records: list[Record], fallback: str) -> list[str]:
    """The source key of each record of one input: its uri, or ``uri#n`` when several share it."""
    uris = [r.source.uri or fallback for r in records]
    if len(set(uris)) == len(uris):
        return uris
    counts: dict[str, int] = {}
    for u in uris:
        counts[u] = counts.get(u, 0) + 1
    return [f"{u}#{i + 1}" if counts[u] > 1 else u for i, u in enumerate(uris)]


@dataclass(slots=True)
class _FileResult:
    path: str
    size: int
    mtime_ns: int
    sha: str
    items: list[Incoming]
    failures: list[tuple[str, str]]


def incoming(records: list[Record], fallback_uri: str, board: str | None = None) -> list[Incoming]:
    """Records of one input with their source keys (see :func:`source_uris`) and board."""
    keys = source_uris(records, fallback_uri)
    return [Incoming(r, k, board or board_of(k)) for r, k in zip(records, keys)]


def parse_input(data: bytes, uri: str, config: ParseConfig) -> tuple[list[Incoming], list[tuple[str, str]]]:
    """Parse one input's bytes: the records to store and the failures (uri, reason)."""
    from ..pipeline import parse_source  # imported here: `jobsieve search` needs no parser

    try:
        docs = read_bytes(data, uri=uri, config=config)
    except InputError as exc:
        return [], [(exc.uri or uri, exc.reason)]
    records: list[Record] = []
    failures: list[tuple[str, str]] = []
    for d in docs:
        try:
            records.append(parse_source(d, config))
        except Exception as exc:  # one bad posting never stops an ingest
            failures.append((d.uri or uri, f"internal error while parsing: {type(exc).__name__}: {exc}"))
    if not records and not failures:
        failures.append((uri, "no posting found in this input"))
    return incoming(records, uri), failures


def _read_and_parse(job: tuple[str, int, int, str | None, ParseConfig, bool]) -> _FileResult:
    """Read, hash, parse and prepare one file (run in a worker process when there are several)."""
    path, size, mtime_ns, known_sha, config, dedupe = job
    if size > config.max_bytes:
        return _FileResult(path, size, mtime_ns, "", [],
                           [(path, f"file is {size:,} bytes, over the limit of {config.max_bytes:,} bytes")])
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return _FileResult(path, size, mtime_ns, "", [], [(path, f"cannot read: {exc.strerror or exc}")])
    sha = hashlib.blake2b(data, digest_size=16).hexdigest()
    if sha == known_sha:
        return _FileResult(path, size, mtime_ns, sha, [], [])
    items, failures = parse_input(data, path, config)
    for item in items:
        item.prepare()
        if dedupe:
            item.fingerprint()
    return _FileResult(path, size, mtime_ns, sha, items, failures)


def list_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Input files under ``paths`` (absolute, in order) and the paths that do not exist."""
    files, missing = [], []
    for item in iter_paths([Path(p) for p in paths]):
        if isinstance(item, InputError):
            missing.append((item.uri or "", item.reason))
        else:
            files.append(item.resolve())
    return files, missing


def _results(jobs: list[tuple], workers: int) -> Iterator[_FileResult]:
    """Results in input order, parsed here or by ``workers`` processes."""
    if workers <= 1 or len(jobs) < 2 * workers:
        yield from map(_read_and_parse, jobs)
        return
    # Parse one file here first: the parser loads its data lazily, and forked workers then
    # share what the parent loaded instead of each loading it again.
    yield _read_and_parse(jobs[0])
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(_read_and_parse, jobs[1:], chunksize=4)


def ingest_files(conn: sqlite3.Connection, paths: Iterable[Path], config: ParseConfig = DEFAULT_CONFIG, *,
                 batch_size: int = 200, force: bool = False, workers: int = 1,
                 on_file: Callable[[int], None] | None = None,
                 on_start: Callable[[int], None] | None = None,
                 dedup: StoreDedup | None = None) -> IngestReport:
    """Parse and store every posting under ``paths``, committing every ``batch_size`` postings.

    Files already finished (same path, size and mtime, or same content hash) are skipped
    unless ``force``; inputs that fail are quarantined with the reason. With ``workers`` > 1,
    files are parsed by that many processes while this one writes. With ``dedup``, each
    batch's postings are clustered in the batch's transaction.
    """
    t0 = time.perf_counter()
    report = IngestReport()
    files, missing = list_files(paths)
    report.files_seen = len(files)
    if on_start:
        on_start(len(files))
    done: dict[str, tuple[int, int, str]] = {}
    if not force:
        done = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT path, size, mtime_ns, sha FROM ingested_files")}
    jobs = []
    for path in files:
        key = str(path)
        try:
            st = path.stat()
        except OSError as exc:
            report.failed.append((key, f"cannot read: {exc.strerror or exc}"))
            if on_file:
                on_file(1)
            continue
        prev = done.get(key)
        if prev and prev[0] == st.st_size and prev[1] == st.st_mtime_ns:
            report.files_skipped += 1
            if on_file:
                on_file(1)
            continue
        jobs.append((key, st.st_size, st.st_mtime_ns, prev[2] if prev else None, config, dedup is not None))

    pending: list[_FileResult] = []
    pending_n = 0

    def flush() -> None:
        nonlocal pending, pending_n
        if not pending:
            return
        write_batch(conn, [i for f in pending for i in f.items], report,
                    files=[(f.path, f.size, f.mtime_ns, f.sha, len(f.items),
                            "ok" if f.items or not f.failures else "failed") for f in pending],
                    failures=[x for f in pending for x in f.failures], dedup=dedup)
        for f in pending:
            report.failed += f.failures
        report.files_done += len(pending)
        pending, pending_n = [], 0

    for res in _results(jobs, workers):
        if on_file:
            on_file(1)
        if res.sha and not res.items and not res.failures:
            # Touched but not changed: remember the new mtime, store nothing.
            conn.execute("UPDATE ingested_files SET size = ?, mtime_ns = ? WHERE path = ?",
                         (res.size, res.mtime_ns, res.path))
            report.files_skipped += 1
            continue
        pending.append(res)
        pending_n += len(res.items) or 1
        if pending_n >= batch_size:
            flush()
    flush()
    report.failed += missing
    report.seconds = time.perf_counter() - t0
    return report


def _prepare_item(item: Incoming) -> Incoming:
    item.prepare()
    return item


def _prepare_and_fingerprint(item: Incoming) -> Incoming:
    item.prepare()
    item.fingerprint()
    return item


def _prepared(items: Iterable[Incoming], workers: int, dedupe: bool, window: int = 2000) -> Iterator[Incoming]:
    """``items`` prepared by ``workers`` processes, in order, a window at a time (bounded memory)."""
    ctx = multiprocessing.get_context("fork")
    task = _prepare_and_fingerprint if dedupe else _prepare_item
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        it = iter(items)
        while chunk := list(itertools.islice(it, window)):
            yield from pool.map(task, chunk, chunksize=max(1, window // (4 * workers)))


def ingest_records(conn: sqlite3.Connection, items: Iterable[Incoming], *,
                   batch_size: int = 1000, workers: int = 1, dedup: StoreDedup | None = None) -> IngestReport:
    """Store records parsed elsewhere (the API, a benchmark) in batches of ``batch_size``; with
    ``workers`` > 1, their rows are prepared (JSON, stemming) by that many processes; with
    ``dedup``, each batch is clustered in its transaction."""
    t0 = time.perf_counter()
    report = IngestReport()
    batch: list[Incoming] = []
    for item in (_prepared(items, workers, dedup is not None) if workers > 1 else items):
        batch.append(item)
        if len(batch) >= batch_size:
            write_batch(conn, batch, report, dedup=dedup)
            batch = []
    if batch:
        write_batch(conn, batch, report, dedup=dedup)
    report.seconds = time.perf_counter() - t0
    return report
