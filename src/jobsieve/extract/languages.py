"""Extractor and resolver for `languages` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("languages".split())


def extract_languages(doc: Doc) -> list[Candidate]:
    """Candidates for languages found in ``doc.text``."""
    return []


def resolve_languages(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the languages values and write them into ``rec``."""
    return None
