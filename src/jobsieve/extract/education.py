"""Extractor and resolver for `education` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("education.min_eqf_level".split())


def extract_education(doc: Doc) -> list[Candidate]:
    """Candidates for education found in ``doc.text``."""
    return []


def resolve_education(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the education values and write them into ``rec``."""
    return None
