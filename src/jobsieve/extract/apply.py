"""Extractor and resolver for `apply` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("apply.emails apply.urls apply.reference apply.documents".split())


def extract_apply(doc: Doc) -> list[Candidate]:
    """Candidates for apply found in ``doc.text``."""
    return []


def resolve_apply(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the apply values and write them into ``rec``."""
    return None
