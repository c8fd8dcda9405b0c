"""JSON reader: schema.org JobPosting objects and France Travail offers, JSON or JSON Lines.

Accepted shapes: one object, a list, a JSON-LD ``@graph`` or ItemList, a France Travail
API answer (``{"resultats": [...]}``), or JSON Lines (one of those per line). Each posting
becomes one :class:`SourceDoc`; in JSON Lines a bad line is reported (``file:line``) and
the other lines are still read.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from . import Docs, SourceDoc
from .francetravail import is_offer, read_offer
from .header import HeaderBuilder
from .jsonld import description, find_postings, render_posting

NO_POSTING = "no job posting found (expected a schema.org JobPosting or France Travail offers)"


def _jsonld_doc(jp: dict, uri: str | None) -> SourceDoc:
    from ..lang import detect_language

    body = description(jp, "en")
    lang = str(jp.get("inLanguage") or "")[:2].lower() or detect_language(body[0]) or "en"
    lang = "fr" if lang == "fr" else "en"
    if lang != "en":
        body = description(jp, lang)
    header = HeaderBuilder()
    render_posting(jp, lang, header)
    if body[0].strip():
        header.block(body[0], body[1])
    return SourceDoc(text=header.text(), format="json", uri=uri, hints=header.hints,
                     headings=header.headings)


def postings(data: Any) -> list[tuple[str, dict]]:
    """The postings in parsed JSON, as ("francetravail" | "jsonld", object) pairs."""
    if isinstance(data, dict) and isinstance(data.get("resultats"), list):
        return [("francetravail", o) for o in data["resultats"] if is_offer(o)]
    if is_offer(data):
        return [("francetravail", data)]
    if isinstance(data, list) and any(is_offer(o) for o in data):
        return [("francetravail", o) for o in data if is_offer(o)]
    return [("jsonld", jp) for jp in find_postings(data)]


def _docs(found: list[tuple[str, dict]], uri: str | None) -> list[SourceDoc]:
    out = []
    for i, (kind, obj) in enumerate(found, 1):
        name = uri
        if len(found) > 1:
            ident = obj.get("id") if kind == "francetravail" else None
            name = f"{uri or ''}#{ident if isinstance(ident, (str, int)) else i}"
        out.append(read_offer(obj, name) if kind == "francetravail" else _jsonld_doc(obj, name))
    return out


def _read_lines(text: str, uri: str | None) -> Docs:
    docs, errors = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{uri or '<input>'}:{n}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            col = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            errors.append(InputError(where, f"invalid JSON: {msg}{col}"))
            continue
        found = postings(data)
        if not found:
            errors.append(InputError(where, NO_POSTING))
            continue
        docs += _docs(found, where)
    if not docs:
        if not errors:
            raise InputError(uri, "empty input")
        first = errors[0]
        more = f" (and {len(errors) - 1} more bad lines)" if len(errors) > 1 else ""
        raise InputError(uri, f"no posting could be read: line {first.uri.rsplit(':', 1)[-1]}: {first.reason}{more}")
    return Docs(docs, errors)


def read_json(text: str, uri: str | None = None) -> Docs:
    """JSON or JSON Lines to one source document per posting (bad JSON Lines reported)."""
    lines_suffix = bool(uri) and uri.lower().endswith((".jsonl", ".ndjson"))
    if lines_suffix:
        return _read_lines(text, uri)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Several JSON values one after another: JSON Lines without the suffix.
        if exc.msg == "Extra data" and "\n" in text.strip():
            return _read_lines(text, uri)
        raise InputError(uri, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    found = postings(data)
    if not found:
        raise InputError(uri, NO_POSTING)
    return Docs(_docs(found, uri))
