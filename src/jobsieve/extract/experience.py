"""Extractor and resolver for `experience` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("experience.min_years experience.max_years".split())


def extract_experience(doc: Doc) -> list[Candidate]:
    """Candidates for experience found in ``doc.text``."""
    return []


def resolve_experience(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the experience values and write them into ``rec``."""
    return None
