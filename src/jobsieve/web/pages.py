"""Server-rendered pages: the search page and the posting page (Jinja2, autoescaped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import render
from ..jsonld import check_jsonld, jsonld_script, to_jsonld
from ..model import Record
from ..store import BadParameter, QueryError, SearchQuery, Store
from ..store.ingest import city_key
from ..store.search import Hit
from .highlight import field_label, highlight

TEMPLATES = Path(__file__).resolve().parent / "templates"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)

CONTRACT_LABELS = {
    "permanent": "Permanent", "fixed_term": "Fixed-term", "temporary": "Temporary",
    "internship": "Internship", "apprenticeship": "Apprenticeship", "freelance": "Freelance",
    "volunteer": "Volunteer", "other": "Other",
}
REMOTE_LABELS = {"on_site": "On site", "hybrid": "Hybrid", "remote": "Remote"}
LANGUAGE_LABELS = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian"}
SORT_LABELS = {"relevance": "Relevance", "date": "Newest", "salary": "Highest salary", "deadline": "Closing soon"}


def url_for_query(query: SearchQuery, **changes: Any) -> str:
    """A search page URL for ``query`` with ``changes`` (page reset unless given)."""
    changes.setdefault("page", None)
    params = query.params(**changes)
    return "/?" + urlencode(params, doseq=True) if params else "/"


def toggle(values: tuple[str, ...], value: str) -> list[str]:
    """``values`` with ``value`` added, or removed when present."""
    return [v for v in values if v != value] if value in values else [*values, value]


def safe_link(url: str) -> str | None:
    """``url`` when it is an http(s) link, else ``None`` (posting text may hold ``javascript:``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def annual_salary(rec: Record) -> str:
    """The salary per year, when it could be annualised (else empty)."""
    s = rec.salary
    if s.annual_min is None and s.annual_max is None:
        return ""
    return render.salary_text(rec, annual=True)


def card(rec: Record) -> dict[str, Any]:
    """The structured card's values, as display strings (empty when unknown)."""
    d = rec.dates
    years = ""
    if rec.experience.min_years is not None:
        years = f"{rec.experience.min_years:g}"
        years += f"–{rec.experience.max_years:g} years" if rec.experience.max_years else "+ years"
    wt = rec.working_time
    return {
        "employer": rec.employer.name or "",
        "places": render.places_text(rec),
        "contract": ", ".join(x for x in (
            CONTRACT_LABELS.get(rec.contract.type or "", ""),
            f"{rec.contract.duration_months:g} months" if rec.contract.duration_months else "",
            "renewable" if rec.contract.renewable else "") if x),
        "working_time": " · ".join(x for x in (
            (wt.type or "").replace("_", " "),
            f"{wt.hours_per_week:g} h/week" if wt.hours_per_week else "") if x),
        "salary_annual": annual_salary(rec),
        "salary_written": render.salary_text(rec),
        "remote": ", ".join(x for x in (
            REMOTE_LABELS.get(rec.remote.policy or "", ""),
            f"{rec.remote.days_per_week:g} days a week" if rec.remote.days_per_week else "",
            f"{rec.remote.days_per_year:g} days a year" if rec.remote.days_per_year else "") if x),
        "dates": [(label, v) for label, v in (("Posted", d.posted), ("Start", d.start), ("Apply by", d.deadline),
                                              ("Ends", d.end)) if v] + ([("Start", "as soon as possible")]
                                                                         if d.start_asap and not d.start else []),
        "experience": years,
        "education": f"EQF level {rec.education.min_eqf_level}" if rec.education.min_eqf_level else "",
        "languages": [(LANGUAGE_LABELS.get(x.code, x.code), x.level or "", x.required) for x in rec.languages],
        "benefits": [b.kind.replace("_", " ") for b in rec.benefits],
        "emails": list(rec.apply.emails),
        "urls": [(u, safe_link(u)) for u in rec.apply.urls],
        "reference": rec.apply.reference or "",
        "documents": [x.replace("_", " ") for x in rec.apply.documents],
    }


def item_view(hit: Hit) -> dict[str, Any]:
    """One line of the result list."""
    rec = hit.record
    boards = hit.boards
    return {
        "id": rec.id, "title": rec.title or "(untitled posting)", "employer": rec.employer.name or "",
        "places": render.places_text(rec), "contract": CONTRACT_LABELS.get(rec.contract.type or "", ""),
        "salary": annual_salary(rec) or render.salary_text(rec), "remote": REMOTE_LABELS.get(rec.remote.policy or "", ""),
        "deadline": rec.dates.deadline or "", "posted": rec.dates.posted or "",
        "boards": boards, "other_boards": max(0, len(boards) - 1),
    }


def facet_view(query: SearchQuery, facets: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """The filter groups of the sidebar: each option with its count, state and link."""
    groups: list[dict[str, Any]] = []

    def multi(name: str, title: str, current: tuple[str, ...], labels: dict[str, str] | None = None,
              key: Callable[[str], str] = str) -> None:
        opts = []
        seen = {key(c) for c in current}
        for f in facets.get(name, []):
            v = f["value"]
            on = key(v) in seen
            opts.append({"label": (labels or {}).get(v, v), "count": f["count"], "on": on,
                         "url": url_for_query(query, **{name: toggle(current, v) if not on
                                                        else [c for c in current if key(c) != key(v)]})})
        for c in current:  # a chosen value with no match any more stays visible, to unselect
            if not any(key(f["value"]) == key(c) for f in facets.get(name, [])):
                opts.append({"label": (labels or {}).get(c, c), "count": 0, "on": True,
                             "url": url_for_query(query, **{name: [x for x in current if x != c]})})
        groups.append({"name": name, "title": title, "options": opts})

    multi("contract", "Contract", query.contract, CONTRACT_LABELS)
    multi("remote", "Remote work", query.remote, REMOTE_LABELS)
    multi("city", "City", query.city, key=lambda c: city_key(c) or "")
    multi("country", "Country", query.country)
    multi("language", "Language", query.language, LANGUAGE_LABELS)

    sal = []
    for f in facets.get("min_salary", []):
        on = query.min_salary == f["value"]
        sal.append({"label": f"≥ {f['value'] // 1000:g}k a year", "count": f["count"], "on": on,
                    "url": url_for_query(query, min_salary=None if on else f["value"])})
    groups.append({"name": "min_salary", "title": "Annual salary", "options": sal})
    exp = []
    for f in facets.get("experience", []):
        on = query.min_experience == f["min"] and query.max_experience == f["max"]
        label = "No experience" if f["value"] == "0" else f"{f['value']} years"
        exp.append({"label": label, "count": f["count"], "on": on,
                    "url": url_for_query(query, min_experience=None if on else f["min"],
                                         max_experience=None if on else f["max"])})
    groups.append({"name": "experience", "title": "Experience asked", "options": exp})
    opened = []
    for f in facets.get("open", []):
        want = f["value"] == "true"
        on = query.open is want
        opened.append({"label": "Still open" if want else "Closed", "count": f["count"], "on": on,
                       "url": url_for_query(query, open=None if on else f["value"])})
    groups.append({"name": "open", "title": "Deadline", "options": opened})
    since = []
    today = query.today or date.today()
    for f in facets.get("posted_since", []):
        days = int(f["value"][:-1])
        target = today.toordinal() - days
        on = query.posted_since is not None and query.posted_since.toordinal() == target
        since.append({"label": f"Last {days} day{'s' if days > 1 else ''}", "count": f["count"], "on": on,
                      "url": url_for_query(query, posted_since=None if on else date.fromordinal(target).isoformat())})
    groups.append({"name": "posted_since", "title": "Posted", "options": since})
    return [g for g in groups if g["options"]]


def render_page(name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    """A template rendered into an HTML response."""
    return HTMLResponse(env.get_template(name).render(**ctx), status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The HTML error page (the API answers JSON instead)."""
    return render_page("error.html", status, status=status, message=message)


def register(app: FastAPI, store: Store, search_query: Callable[[Request], SearchQuery],
             get_hit: Callable[[str], Hit]) -> None:
    """Add the UI routes to ``app``."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        error = None
        try:
            query = search_query(request)
            result = store.search(query)
        except (BadParameter, QueryError) as exc:
            error = str(exc) if isinstance(exc, BadParameter) else f"Your search could not be read: {exc}"
            raw_q = request.query_params.get("q", "")
            query = SearchQuery(q=raw_q, today=app.state.today)
            return render_page("search.html", 400, query=query, result=None, items=[], groups=[],
                               error=error, sorts=SORT_LABELS, url=url_for_query)
        return render_page(
            "search.html", query=query, result=result, items=[item_view(h) for h in result.items],
            groups=facet_view(query, result.facets), error=None, sorts=SORT_LABELS, url=url_for_query,
            prev_url=url_for_query(query, page=result.page - 1) if result.page > 1 else None,
            next_url=url_for_query(query, page=result.page + 1) if result.page < result.pages else None,
        )

    @app.get("/postings/{posting_id}", response_class=HTMLResponse, include_in_schema=False)
    def posting_page(posting_id: str) -> HTMLResponse:
        hit = get_hit(posting_id)
        rec = hit.record
        doc = to_jsonld(rec)
        problems = check_jsonld(doc)
        fields = sorted({k for k in rec.evidence}, key=lambda k: field_label(k))
        return render_page(
            "posting.html", rec=rec, hit=hit, card=card(rec), text=highlight(rec.text, rec.evidence),
            fields=[(k, field_label(k)) for k in fields],
            jsonld=Markup(jsonld_script(doc)) if not problems["required"] else None,
            jsonld_missing=[p.split(":")[0] for p in problems["required"]], boards=hit.boards,
            sources=[{"board": s.board, "uri": s.uri, "link": safe_link(s.uri), "first_seen": s.first_seen,
                      "posting_id": s.posting_id, "other": s.posting_id != rec.id} for s in hit.sources],
        )
