"""Extractor and resolver for `title` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("title".split())


def extract_title(doc: Doc) -> list[Candidate]:
    """Candidates for title found in ``doc.text``."""
    return []


def resolve_title(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the title values and write them into ``rec``."""
    return None
