"""Markdown reader (placeholder: to be replaced by the markdown-it based reader)."""

from __future__ import annotations

import re

from . import SourceDoc

_MD_HINT = re.compile(r"^(?:#{1,6} |\s*[-*+] |\s*\d+\. )|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)", re.M)


def looks_like_markdown(text: str) -> bool:
    """Whether the text carries Markdown markup (headings, bold, links)."""
    return len(_MD_HINT.findall(text[:20000])) >= 3 and ("**" in text or "# " in text or "](" in text)


def read_markdown(text: str, uri: str | None = None) -> SourceDoc:
    return SourceDoc(text=text, format="markdown", uri=uri)
