"""HTML reader (placeholder: to be replaced by the trafilatura + JSON-LD reader)."""

from __future__ import annotations

from . import SourceDoc


def read_html(text: str, uri: str | None = None) -> list[SourceDoc]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False) or ""
    return [SourceDoc(text=body, format="html", uri=uri)]
