"""Extractor and resolver for `working_time` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("working_time.type working_time.hours_per_week".split())


def extract_working_time(doc: Doc) -> list[Candidate]:
    """Candidates for working_time found in ``doc.text``."""
    return []


def resolve_working_time(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the working_time values and write them into ``rec``."""
    return None
