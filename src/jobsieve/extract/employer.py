"""Extractor and resolver for `employer` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("employer".split())


def extract_employer(doc: Doc) -> list[Candidate]:
    """Candidates for employer found in ``doc.text``."""
    return []


def resolve_employer(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the employer values and write them into ``rec``."""
    return None
