"""Extractor and resolver for `locations` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("locations".split())


def extract_locations(doc: Doc) -> list[Candidate]:
    """Candidates for locations found in ``doc.text``."""
    return []


def resolve_locations(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the locations values and write them into ``rec``."""
    return None
