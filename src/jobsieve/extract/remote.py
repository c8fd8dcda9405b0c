"""Extractor and resolver for `remote` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("remote.policy remote.days_per_week remote.days_per_year".split())


def extract_remote(doc: Doc) -> list[Candidate]:
    """Candidates for remote found in ``doc.text``."""
    return []


def resolve_remote(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the remote values and write them into ``rec``."""
    return None
