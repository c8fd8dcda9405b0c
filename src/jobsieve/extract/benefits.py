"""Extractor and resolver for `benefits` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("benefits".split())


def extract_benefits(doc: Doc) -> list[Candidate]:
    """Candidates for benefits found in ``doc.text``."""
    return []


def resolve_benefits(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the benefits values and write them into ``rec``."""
    return None
