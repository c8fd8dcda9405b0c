"""Extractor and resolver for `salary` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("salary".split())


def extract_salary(doc: Doc) -> list[Candidate]:
    """Candidates for salary found in ``doc.text``."""
    return []


def resolve_salary(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the salary values and write them into ``rec``."""
    return None
