"""Search: the query object, parameter parsing shared by the CLI/API/UI, and running a search.

A search is: full-text match (FTS5, on the stemmed copy) -> filters -> one result per
duplicate cluster (the canonical posting, ``id = cluster_id``, stands for its cluster) ->
facet counts (each facet with the *other* filters applied) -> sort -> one page of records
with every source their cluster was seen at.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..model import CONTRACT_TYPES, REMOTE_POLICIES, Record
from .facets import EXPERIENCE_BUCKETS, SALARY_STEPS, FacetIndex, day_number
from .fts import STEMMER_LANGS, QueryError, to_fts
from .ingest import city_key
from .schema import FTS_WEIGHTS

MAX_PER_PAGE = 100
"""``per_page`` above this is lowered to it."""
MAX_PAGE = 1000
SORTS = ("relevance", "date", "salary", "deadline")
POSTED_BUCKETS = (1, 7, 30, 90)
BM25_CAP = 2000
"""Above this many matches, relevance is title matches first rather than bm25."""
TOP_PLACES = 30
"""City and country facets list the most frequent values only."""


class BadParameter(ValueError):
    """A search parameter with a wrong value; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to search for. Empty tuples and ``None`` mean "no filter"."""

    q: str = ""
    contract: tuple[str, ...] = ()
    remote: tuple[str, ...] = ()
    min_salary: float | None = None
    currency: str | None = None
    city: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    min_experience: float | None = None
    max_experience: float | None = None
    open: bool | None = None
    """``True``: deadline unknown or not passed; ``False``: deadline passed."""
    posted_since: date | None = None
    sort: str | None = None
    """``relevance`` (default with a query), ``date`` (default without), ``salary``, ``deadline``."""
    page: int = 1
    per_page: int = 20
    today: date | None = None
    """The day "open" and "posted in the last N days" count from; ``None`` = today."""

    def effective_sort(self) -> str:
        """The sort used: ``relevance`` needs a query, so it falls back to ``date``."""
        s = self.sort or ("relevance" if self.q.strip() else "date")
        return "date" if s == "relevance" and not self.q.strip() else s

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query as URL parameters (with ``changes``), for links that keep the other filters."""
        d = {"q": self.q, "contract": list(self.contract), "remote": list(self.remote),
             "min_salary": self.min_salary, "currency": self.currency, "city": list(self.city),
             "country": list(self.country), "language": list(self.language),
             "min_experience": self.min_experience, "max_experience": self.max_experience,
             "open": None if self.open is None else ("true" if self.open else "false"),
             "posted_since": self.posted_since.isoformat() if self.posted_since else None,
             "sort": self.sort, "page": self.page if self.page != 1 else None,
             "per_page": self.per_page if self.per_page != 20 else None}
        d.update(changes)
        return {k: v for k, v in d.items() if v not in (None, "", [])}

    @classmethod
    def from_params(cls, params: Mapping[str, Any], today: date | None = None) -> SearchQuery:
        """Build a query from URL/CLI parameters (values are strings or lists of strings).

        Raises :class:`BadParameter` naming the parameter and what is wrong with it.
        """
        def many(name: str) -> list[str]:
            v = params.get(name)
            items = v if isinstance(v, (list, tuple)) else ([] if v is None else [v])
            return [p.strip() for x in items for p in str(x).split(",") if p.strip()]

        def one(name: str) -> str | None:
            v = params.get(name)
            if isinstance(v, (list, tuple)):
                v = v[-1] if v else None
            v = None if v is None else str(v).strip()
            return v or None

        def choice(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            vals = many(name)
            for v in vals:
                if v not in allowed:
                    raise BadParameter(name, f"{v!r} is not one of {', '.join(allowed)}")
            return tuple(dict.fromkeys(vals))

        def number(name: str, lo: float, hi: float) -> float | None:
            v = one(name)
            if v is None:
                return None
            m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*([kK])?", v.replace(" ", "").replace("_", ""))
            if not m:
                raise BadParameter(name, f"{v!r} is not a number")
            x = float(m.group(1).replace(",", ".")) * (1000 if m.group(2) else 1)
            if not lo <= x <= hi:
                raise BadParameter(name, f"{v} is outside {lo:g}..{hi:g}")
            return x

        def integer(name: str, default: int, lo: int, hi: int | None) -> int:
            v = one(name)
            if v is None:
                return default
            if not re.fullmatch(r"\d{1,9}", v):
                raise BadParameter(name, f"{v!r} is not a positive whole number")
            x = int(v)
            if x < lo:
                raise BadParameter(name, f"must be at least {lo}")
            return x if hi is None else min(x, hi)

        def codes(name: str, pattern: str, transform) -> tuple[str, ...]:
            out = []
            for v in many(name):
                if not re.fullmatch(pattern, v):
                    raise BadParameter(name, f"{v!r} is not a valid code")
                out.append(transform(v))
            return tuple(dict.fromkeys(out))

        opened = one("open")
        if opened is not None:
            low = opened.lower()
            if low not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                raise BadParameter("open", f"{opened!r} is not true or false")
            opened_v: bool | None = low in ("true", "1", "yes", "on")
        else:
            opened_v = None
        since = one("posted_since")
        since_d = None
        if since is not None:
            m = re.fullmatch(r"(\d{1,4})d", since)
            if m:
                since_d = (today or date.today()) - timedelta(days=int(m.group(1)))
            else:
                try:
                    since_d = date.fromisoformat(since)
                except ValueError:
                    raise BadParameter("posted_since", f"{since!r} is not a date (YYYY-MM-DD) or a number of days (7d)") from None
        sort = one("sort")
        if sort is not None and sort not in SORTS:
            raise BadParameter("sort", f"{sort!r} is not one of {', '.join(SORTS)}")
        q = one("q") or ""
        cities = tuple(dict.fromkeys(c for c in many("city") if city_key(c)))
        min_exp, max_exp = number("min_experience", 0, 60), number("max_experience", 0, 60)
        if min_exp is not None and max_exp is not None and min_exp > max_exp:
            raise BadParameter("min_experience", f"{min_exp:g} is above max_experience {max_exp:g}")
        return cls(
            q=q, contract=choice("contract", CONTRACT_TYPES), remote=choice("remote", REMOTE_POLICIES),
            min_salary=number("min_salary", 0, 1e8),
            currency=(codes("currency", r"[A-Za-z]{3}", str.upper) or (None,))[-1],
            city=cities, country=codes("country", r"[A-Za-z]{2}", str.upper),
            language=codes("language", r"[A-Za-z]{2,3}", str.lower),
            min_experience=min_exp, max_experience=max_exp, open=opened_v, posted_since=since_d,
            sort=sort, page=integer("page", 1, 1, None), per_page=integer("per_page", 20, 1, MAX_PER_PAGE),
            today=today,
        )


@dataclass(slots=True)
class SourceRef:
    """One place a posting of the cluster was seen."""

    board: str
    uri: str
    first_seen: str
    last_seen: str
    posting_id: str

    def to_dict(self) -> dict[str, str]:
        return {"board": self.board, "uri": self.uri, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "posting_id": self.posting_id}


@dataclass(slots=True)
class Hit:
    """A stored posting: its record, its duplicate cluster and where the cluster was seen."""

    record: Record
    cluster_id: str
    sources: list[SourceRef] = field(default_factory=list)
    score: float | None = None
    """bm25 relevance (higher is better) when the search had a query."""
    ingested_at: str | None = None
    updated_at: str | None = None
    pk: int | None = None
    """The row number in the store (internal)."""

    @property
    def boards(self) -> list[str]:
        """Distinct boards the cluster was seen on, in order of first sighting."""
        return list(dict.fromkeys(s.board for s in self.sources))

    def to_dict(self, text: bool = True) -> dict[str, Any]:
        """The record's JSON plus ``cluster_id``, ``sources`` (and ``score`` in searches)."""
        d = self.record.to_dict()
        if not text:
            d.pop("text", None)
        d["cluster_id"] = self.cluster_id
        d["sources"] = [s.to_dict() for s in self.sources]
        if self.score is not None:
            d["score"] = round(self.score, 4)
        return d


@dataclass(slots=True)
class SearchResult:
    """``total`` clusters match; ``items`` is the requested page; ``facets`` the counts."""

    total: int
    items: list[Hit]
    facets: dict[str, list[dict[str, Any]]]
    query: SearchQuery
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        """The API's answer: ``total``, ``page``, ``per_page``, ``items`` (without text), ``facets``."""
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "items": [h.to_dict(text=False) for h in self.items], "facets": self.facets}


# ------------------------------------------------------------------ running a search

def _langs_for(query: SearchQuery, index: FacetIndex) -> tuple[str, ...]:
    """The word forms to look up: the stemmers of the languages asked for (all when none), and
    the plain word when postings indexed without stemming may match (each form costs a lookup)."""
    wanted = query.language or tuple(index.language.values)
    langs = tuple(lang for lang in STEMMER_LANGS if lang in wanted) or tuple(STEMMER_LANGS)
    if index.unstemmed if not query.language else any(lang not in STEMMER_LANGS for lang in query.language):
        langs += ("",)
    return langs


class MatchCache:
    """The last full-text matches, so that paging and facet clicks do not search again."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[tuple, _Match] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Match | None:
        with self._lock:
            m = self._items.get(key)
            if m is not None:
                self._items.move_to_end(key)
            return m

    def put(self, key: tuple, match: _Match) -> None:
        with self._lock:
            self._items[key] = match
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _rows(index: FacetIndex, concat: str | None) -> np.ndarray:
    """Row numbers of a comma-separated list of pks (``group_concat`` output)."""
    if not concat:
        return np.zeros(0, dtype=np.int64)
    # group_concat + fromstring: 10x faster than fetching one tuple per matching row.
    return index.rows_of(np.fromstring(concat, dtype=np.int64, sep=","))


@dataclass(slots=True)
class _Match:
    expr: str
    """The FTS5 expression searched."""
    rows: np.ndarray
    """Rows matching the query."""
    scores: np.ndarray | None = None
    """bm25 (higher = better) per row of the index, when the match set was small enough."""
    title_rows: np.ndarray | None = None
    """Rows whose title matches, for relevance over a match set too large to score (read
    when first needed)."""


_SQL_MATCH = "SELECT group_concat(rowid) FROM postings_fts WHERE postings_fts MATCH ?"


def _fts(conn: sqlite3.Connection, sql: str, expr: str) -> list:
    try:
        return conn.execute(sql, (expr,)).fetchall()
    except sqlite3.OperationalError as exc:
        # The translation quotes every term, so this is rare (e.g. a too complex query).
        raise QueryError(f"the search engine refused this query: {exc}") from None


def _match(conn: sqlite3.Connection, index: FacetIndex, query: SearchQuery,
           cache: MatchCache | None = None) -> _Match:
    """The rows matching the full-text query, with what relevance ranking needs."""
    expr = to_fts(query.q, _langs_for(query, index))
    key = (index.generation, len(index), expr)
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    rows = _rows(index, _fts(conn, _SQL_MATCH, expr)[0][0])
    match = _Match(expr, rows)
    if len(rows) <= BM25_CAP:
        # bm25 costs ~5 us a match (it decodes every position list); over a large match set
        # relevance is "title matches first", then the sort's tie-breaks (newest).
        w = ", ".join(str(x) for x in FTS_WEIGHTS)
        got = _fts(conn, f"SELECT rowid, -bm25(postings_fts, {w}) FROM postings_fts WHERE postings_fts MATCH ?", expr)
        match.scores = np.full(len(index), -np.inf)
        if got:
            pks = np.fromiter((r[0] for r in got), dtype=np.int64, count=len(got))
            sc = np.fromiter((r[1] for r in got), dtype=np.float64, count=len(got))
            pos = np.minimum(np.searchsorted(index.pk, pks), len(index.pk) - 1)
            ok = index.pk[pos] == pks
            match.scores[pos[ok]] = sc[ok]
    if cache is not None:
        cache.put(key, match)
    return match


def _title_rows(conn: sqlite3.Connection, index: FacetIndex, match: _Match) -> np.ndarray:
    if match.title_rows is None:
        match.title_rows = _rows(index, _fts(conn, _SQL_MATCH, f"{{s_title}} : ({match.expr})")[0][0])
    return match.title_rows


def _filters(index: FacetIndex, q: SearchQuery, today: date) -> dict[str, np.ndarray]:
    """One mask per active filter, named after its facet."""
    m: dict[str, np.ndarray] = {}
    if q.contract:
        m["contract"] = index.contract.mask(q.contract)
    if q.remote:
        m["remote"] = index.remote.mask(q.remote)
    if q.language:
        m["language"] = index.language.mask(q.language)
    if q.city:
        m["city"] = index.multi_mask("city", [city_key(c) for c in q.city])
    if q.country:
        m["country"] = index.multi_mask("country", q.country)
    if q.min_salary is not None or q.currency:
        sal = np.ones(len(index), dtype=bool)
        if q.min_salary is not None:
            with np.errstate(invalid="ignore"):
                sal &= index.salary >= q.min_salary
        if q.currency:
            sal &= index.currency.mask([q.currency])
        m["min_salary"] = sal
    if q.min_experience is not None or q.max_experience is not None:
        exp = ~np.isnan(index.exp_min)
        with np.errstate(invalid="ignore"):
            if q.min_experience is not None:
                exp &= index.exp_min >= q.min_experience
            if q.max_experience is not None:
                exp &= index.exp_min <= q.max_experience
        m["experience"] = exp
    if q.open is not None:
        is_open = index.open_mask(today)
        m["open"] = is_open if q.open else ~is_open
    if q.posted_since is not None:
        m["posted_since"] = index.posted >= day_number(q.posted_since)
    return m


def _facets(index: FacetIndex, base: np.ndarray, masks: dict[str, np.ndarray], today: date) -> dict[str, list[dict]]:
    """Counts per facet value, each facet over ``base`` with the other filters applied."""
    everything = base.copy()
    for v in masks.values():
        everything &= v

    def without(name: str) -> np.ndarray:
        # Facets whose filter is not active share one selection.
        if name not in masks:
            return everything
        sel = base.copy()
        for k, v in masks.items():
            if k != name:
                sel &= v
        return sel

    out: dict[str, list[dict]] = {}
    for name, col in (("contract", index.contract), ("remote", index.remote), ("language", index.language)):
        out[name] = [{"value": v, "count": c} for v, c in col.counts(without(name))]
    out["city"] = [{"value": index.city_names.get(v, v), "count": c}
                   for v, c in index.multi_counts("city", without("city"))[:TOP_PLACES]]
    out["country"] = [{"value": v, "count": c}
                      for v, c in index.multi_counts("country", without("country"))[:TOP_PLACES]]
    at_least = np.cumsum(np.bincount(index.salary_step[without("min_salary")] + 1,
                                     minlength=len(SALARY_STEPS) + 2)[::-1])[::-1]
    out["min_salary"] = [{"value": step, "count": int(at_least[i + 1])}
                         for i, step in enumerate(SALARY_STEPS) if at_least[i + 1]]
    per_bucket = np.bincount(index.exp_bucket[without("experience")] + 1, minlength=len(EXPERIENCE_BUCKETS) + 1)
    out["experience"] = [{"value": label, "count": int(per_bucket[i + 1]), "min": lo, "max": hi}
                         for i, (lo, hi, label) in enumerate(EXPERIENCE_BUCKETS) if per_bucket[i + 1]]
    sel = without("open")
    n_open = int(np.count_nonzero(sel & index.open_mask(today)))
    n_all = int(np.count_nonzero(sel))
    out["open"] = [x for x in ({"value": "true", "count": n_open}, {"value": "false", "count": n_all - n_open})
                   if x["count"]]
    posted = index.posted[without("posted_since")]
    counts = [np.count_nonzero(posted >= day_number(today - timedelta(days=d))) for d in POSTED_BUCKETS]
    out["posted_since"] = [{"value": f"{d}d", "count": int(c)} for d, c in zip(POSTED_BUCKETS, counts) if c]
    return out


def _page(conn: sqlite3.Connection, index: FacetIndex, sel: np.ndarray, match: _Match | None, sort: str,
          start: int, stop: int) -> np.ndarray:
    """Rows ``start:stop`` of the selected set in the requested order."""
    if sort == "relevance" and match is not None:
        date_order = index.orders["date"]
        if match.scores is not None:
            rows = date_order[sel[date_order]]
            # Stable sort of the date-ordered rows: equal scores stay newest first.
            return rows[np.argsort(-match.scores[rows], kind="stable")][start:stop]
        title = np.zeros(len(index), dtype=bool)
        title[_title_rows(conn, index, match)] = True
        first = date_order[(sel & title)[date_order]]
        if stop <= len(first):
            return first[start:stop]
        rest = date_order[(sel & ~title)[date_order]]
        return np.concatenate([first, rest])[start:stop]
    order = index.orders.get(sort, index.orders["date"])
    return order[sel[order]][start:stop]


def run_search(conn: sqlite3.Connection, index: FacetIndex, query: SearchQuery, *, facets: bool = True,
               cache: MatchCache | None = None) -> SearchResult:
    """Run ``query`` against the store behind ``conn`` whose filter columns are in ``index``."""
    today = query.today or date.today()
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, min(query.page, MAX_PAGE))
    query = replace(query, page=page, per_page=per_page)
    base = index.canonical.copy()
    match = None
    if query.q.strip():
        match = _match(conn, index, query, cache)
        qmask = np.zeros(len(index), dtype=bool)
        qmask[match.rows] = True
        base &= qmask
    masks = _filters(index, query, today)
    sel = base.copy()
    for v in masks.values():
        sel &= v
    total = int(np.count_nonzero(sel))
    start = (page - 1) * per_page
    items: list[Hit] = []
    if start < total:
        ordered = _page(conn, index, sel, match, query.effective_sort(), start, start + per_page)
        pks = [int(x) for x in index.pk[ordered]]
        items = fetch_hits(conn, pks, text=False)
        if match is not None and match.scores is not None:
            by_pk = dict(zip(pks, (float(match.scores[r]) for r in ordered)))
            for h in items:
                h.score = by_pk.get(h.pk)
    return SearchResult(total=total, items=items,
                        facets=_facets(index, base, masks, today) if facets else {},
                        query=query, page=page, per_page=per_page)


def fetch_hits(conn: sqlite3.Connection, pks: list[int], *, text: bool) -> list[Hit]:
    """Hits for these pks, in this order, with every source of their clusters."""
    if not pks:
        return []
    marks = ",".join("?" * len(pks))
    rows = conn.execute(
        f"SELECT p.pk, p.cluster_id, t.record, {'t.text' if text else 'NULL'}, p.ingested_at, p.updated_at "
        f"FROM postings p JOIN posting_texts t ON t.pk = p.pk WHERE p.pk IN ({marks})", pks).fetchall()
    by_pk = {}
    for pk, cluster, rjson, txt, ing, upd in rows:
        d = json.loads(rjson)
        d["text"] = txt or ""
        by_pk[pk] = Hit(Record.from_dict(d), cluster, ingested_at=ing, updated_at=upd, pk=pk)
    hits = [by_pk[p] for p in pks if p in by_pk]
    clusters = sorted({h.cluster_id for h in hits})
    srcs: dict[str, list[SourceRef]] = {}
    if clusters:
        cm = ",".join("?" * len(clusters))
        for cid, board, uri, first, last, pid in conn.execute(
                f"SELECT p.cluster_id, s.board, s.uri, s.first_seen, s.last_seen, s.posting_id "
                f"FROM postings p JOIN sources s ON s.posting_id = p.id WHERE p.cluster_id IN ({cm}) "
                f"ORDER BY s.first_seen, s.uri", clusters):
            srcs.setdefault(cid, []).append(SourceRef(board, uri, first, last, pid))
    for h in hits:
        h.sources = srcs.get(h.cluster_id, [])
    return hits
