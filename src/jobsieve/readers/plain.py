"""Plain text reader: the text is the posting."""

from __future__ import annotations

from . import SourceDoc


def read_plain(text: str, uri: str | None = None) -> SourceDoc:
    """Plain text as it is (cleaning happens later, with its own offset map)."""
    return SourceDoc(text=text, format="text", uri=uri)
