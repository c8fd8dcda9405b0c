"""Extractor and resolver for `dates` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("dates.posted dates.start dates.start_asap dates.deadline dates.end".split())


def extract_dates(doc: Doc) -> list[Candidate]:
    """Candidates for dates found in ``doc.text``."""
    return []


def resolve_dates(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the dates values and write them into ``rec``."""
    return None
