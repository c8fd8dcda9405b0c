"""Extractor and resolver for `contract` (not implemented yet: finds nothing)."""

from __future__ import annotations

from ..doc import Candidate, Doc, Trace
from ..model import Record

KEYS = tuple("contract.type contract.duration_months contract.renewable".split())


def extract_contract(doc: Doc) -> list[Candidate]:
    """Candidates for contract found in ``doc.text``."""
    return []


def resolve_contract(cands: list[Candidate], doc: Doc, rec: Record, trace: Trace) -> None:
    """Choose the contract values and write them into ``rec``."""
    return None
