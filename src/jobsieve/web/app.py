"""The HTTP API and the web UI, in one FastAPI app over a :class:`~jobsieve.store.Store`.

Every error of the API has one shape: ``{"error": {"code": "...", "message": "..."}}``
(with ``"param"`` when a parameter is at fault). Pages under ``/`` are server-rendered HTML.
"""

from __future__ import annotations

import hmac
import os
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import DEFAULT_CONFIG, ParseConfig
from ..jsonld import check_jsonld, to_jsonld
from ..store import BadParameter, QueryError, SearchQuery, Store, StoreError
from . import pages

STATIC = Path(__file__).resolve().parent / "static"
API_KEY_ENV = "JOBSIEVE_API_KEY"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# The OpenAPI page runs Swagger UI from files served here (no CDN: it works offline), started by
# a script file rather than an inline one; Swagger UI sets inline styles on its elements.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
# Swagger UI's files, as packaged by fastapi-offline (MIT; Swagger UI itself is Apache-2.0).
DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jobsieve API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
<link rel="icon" href="/docs-assets/favicon.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""


class ApiError(Exception):
    """An error answered with the API's error shape."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one JSON error shape."""
    return {"error": {"code": code, "message": message, **extra}}


def _multi_params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def create_app(db: str | Path, *, api_key: str | None = None, today: date | None = None,
               config: ParseConfig = DEFAULT_CONFIG) -> FastAPI:
    """The app serving the store in ``db``; ``POST /api/postings`` needs ``api_key`` (or the
    ``JOBSIEVE_API_KEY`` environment variable); ``today`` fixes the date "open" counts from."""
    store = Store(db)
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV) or None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    app = FastAPI(
        title="jobsieve",
        summary="Search structured job postings (French and English) with evidence for every field.",
        version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
    )
    app.state.store = store
    app.state.today = today
    app.state.max_body = config.max_bytes

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response: Response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # ---------------------------------------------------------------- errors
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    def respond(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
        if wants_json(request):
            return JSONResponse(error_body(code, message, **extra), status_code=status)
        return pages.error_page(request, status, message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, **exc.extra)

    @app.exception_handler(BadParameter)
    async def _bad_param(request: Request, exc: BadParameter):
        return respond(request, 400, "bad_parameter", str(exc), param=exc.param)

    @app.exception_handler(QueryError)
    async def _bad_query(request: Request, exc: QueryError):
        return respond(request, 400, "bad_query", f"q: {exc}", param="q")

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return respond(request, 500, "store_error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        first = errs[0] if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body"))
        return respond(request, 422, "invalid_request", f"{where or 'request'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
                 413: "too_large"}
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"no such page: {request.url.path}"
        return respond(request, exc.status_code, codes.get(exc.status_code, "http_error"), msg)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        return respond(request, 500, "internal_error", f"internal error: {type(exc).__name__}")

    # ---------------------------------------------------------------- API
    def search_query(request: Request) -> SearchQuery:
        return SearchQuery.from_params(_multi_params(request), today=app.state.today)

    @app.get("/api/postings", tags=["postings"], summary="Search postings",
             responses={400: {"description": "Bad parameter or malformed query (error shape)"}})
    def list_postings(request: Request, q: str = "", contract: str | None = None, remote: str | None = None,
                      min_salary: str | None = None, currency: str | None = None, city: str | None = None,
                      country: str | None = None, language: str | None = None,
                      min_experience: str | None = None, max_experience: str | None = None,
                      open: str | None = None, posted_since: str | None = None, sort: str | None = None,
                      page: str | None = None, per_page: str | None = None) -> dict[str, Any]:
        """Full-text search with filters and facet counts: ``{"total", "items", "facets"}``.

        Filters taking several values accept the parameter repeated or comma-separated
        (``contract=permanent&contract=fixed_term``). ``per_page`` is capped at 100. Items
        are records without their text (``GET /api/postings/{id}`` has it), plus
        ``cluster_id``, ``sources`` (every board the posting's duplicate cluster was seen on)
        and ``score`` (relevance, when searching words).
        """
        return store.search(search_query(request)).to_dict()

    def get_hit(posting_id: str):
        hit = store.get(posting_id)
        if hit is None:
            raise ApiError(404, "not_found", f"no posting with id {posting_id!r}")
        return hit

    @app.get("/api/postings/{posting_id}", tags=["postings"], summary="One posting")
    def get_posting(posting_id: str) -> dict[str, Any]:
        """The full record (with its cleaned text), ``cluster_id`` and ``sources``."""
        return get_hit(posting_id).to_dict(text=True)

    @app.get("/api/postings/{posting_id}/jsonld", tags=["postings"], summary="schema.org JobPosting",
             responses={422: {"description": "A property Google for Jobs requires is unknown"}})
    def get_jsonld(posting_id: str) -> Response:
        """The posting as schema.org ``JobPosting`` JSON-LD (``application/ld+json``).

        If a property Google for Jobs requires is unknown, the answer is 422 with the list
        of what is missing (``missing``) and the partial document (``jsonld``): jobsieve
        never invents a value.
        """
        doc = to_jsonld(get_hit(posting_id).record)
        problems = check_jsonld(doc)
        if problems["required"]:
            raise ApiError(422, "incomplete_jsonld",
                           "required JobPosting properties are unknown: " + "; ".join(problems["required"]),
                           missing=problems["required"], jsonld=doc)
        return JSONResponse(doc, media_type="application/ld+json",
                            headers={"X-JobPosting-Warnings": str(len(problems["recommended"]))})

    @app.post("/api/postings", tags=["postings"], summary="Add a posting", status_code=201,
              responses={401: {"description": "Missing or wrong API key"},
                         403: {"description": "Posting disabled (no API key configured)"},
                         413: {"description": "Body too large"}})
    async def post_posting(request: Request, uri: str | None = None) -> dict[str, Any]:
        """Parse the raw posting in the body (text, Markdown, HTML or JSON) and store it.

        Send the key in ``X-API-Key`` (or ``Authorization: Bearer KEY``). ``uri`` names
        where the posting comes from (a URL gives the board); posting the same uri again
        with new content updates that posting. Answers the stored ids and counts.
        """
        if not key:
            raise ApiError(403, "forbidden", f"adding postings is disabled: start the server with --api-key or {API_KEY_ENV}")
        sent = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization") or ""
        if not sent and auth.lower().startswith("bearer "):
            sent = auth[7:].strip()
        if not hmac.compare_digest(sent.encode(), key.encode()):
            raise ApiError(401, "unauthorized", "missing or wrong API key (send it in X-API-Key)")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > app.state.max_body:
            raise ApiError(413, "too_large", f"body is over the limit of {app.state.max_body:,} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > app.state.max_body:
                raise ApiError(413, "too_large", f"body is over the limit of {app.state.max_body:,} bytes")
        if not body.strip():
            raise ApiError(400, "empty_body", "the body is empty: send the posting's text, HTML or JSON")
        if uri is not None and (len(uri) > 2000 or not uri.strip()):
            raise ApiError(400, "bad_parameter", "uri: must be 1 to 2000 characters", param="uri")
        report = store.add_raw(body, uri=uri, config=config)
        if not report.ids:
            reason = report.failed[0][1] if report.failed else "no posting found"
            raise ApiError(400, "unparsable", f"the posting could not be parsed: {reason}")
        return {"ids": list(dict.fromkeys(report.ids)), "added": report.added, "updated": report.updated,
                "unchanged": report.unchanged,
                "failed": [{"uri": u, "reason": r} for u, r in report.failed]}

    # ---------------------------------------------------------------- UI
    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages.register(app, store, search_query, get_hit)
    return app
