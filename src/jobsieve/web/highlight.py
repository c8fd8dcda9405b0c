"""The cleaned text as HTML with every extracted field's evidence marked.

Spans may nest or overlap (the salary inside a conditions line that is also the remote
evidence); the text is cut at every span boundary and each piece is wrapped once in a
``<mark>`` naming all the fields that cover it. Every piece of text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

_INDEX = re.compile(r"\[(\d+)\]")


def field_label(key: str) -> str:
    """A readable name for an evidence key: ``dates.posted`` -> ``date posted``, ``locations[1]`` -> ``location 2``."""
    m = _INDEX.search(key)
    base = _INDEX.sub("", key)
    label = {
        "dates.posted": "date posted", "dates.start": "start date", "dates.start_asap": "start ASAP",
        "dates.deadline": "deadline", "dates.end": "end date", "locations": "location",
        "languages": "language", "benefits": "benefit", "apply.emails": "apply by e-mail",
        "apply.urls": "apply online", "apply.reference": "reference", "apply.documents": "documents to send",
        "education.min_eqf_level": "education", "experience.min_years": "experience (min)",
        "experience.max_years": "experience (max)",
    }.get(base, base.replace(".", " ").replace("_", " "))
    return f"{label} {int(m.group(1)) + 1}" if m else label


def highlight(text: str, evidence: dict[str, list]) -> Markup:
    """``text`` escaped, with ``<mark data-field=... title=...>`` around each evidence span."""
    n = len(text)
    edges: dict[int, list[tuple[bool, str]]] = {}
    for key, spans in (evidence or {}).items():
        for span in spans or ():
            try:
                a, b = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError):
                continue
            a, b = max(0, a), min(n, b)
            if a >= b:
                continue
            edges.setdefault(a, []).append((True, key))
            edges.setdefault(b, []).append((False, key))
    if not edges:
        return Markup(escape(text))
    out: list[str] = []
    active: dict[str, int] = {}
    pos = 0
    for cut in sorted(edges):
        if cut > pos:
            piece = escape(text[pos:cut])
            if active:
                keys = sorted(active)
                out.append(f'<mark data-field="{escape(" ".join(keys))}" '
                           f'title="{escape(", ".join(field_label(k) for k in keys))}">{piece}</mark>')
            else:
                out.append(piece)
            pos = cut
        for opening, key in edges[cut]:
            if opening:
                active[key] = active.get(key, 0) + 1
            else:
                active[key] -= 1
                if not active[key]:
                    del active[key]
    if pos < n:
        out.append(escape(text[pos:]))
    return Markup("".join(out))
