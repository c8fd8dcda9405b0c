"""Find heading lines and cut the posting into typed sections.

A heading is a short line that names a part of a posting ("Profil recherché",
"Responsibilities", "Statut et conditions :"); its kind comes from ``vocab/*/sections.yaml``.
A section runs from its heading to the next heading of a known kind.
"""

from __future__ import annotations

import re

from . import vocab
from .model import Section, Span

_LINE = re.compile(r"[^\n]+")
_MAX_HEADING = 80


def _heading_kind(line: str) -> str | None:
    key = line.strip().strip("#*_:- \t").strip()
    if not key or len(key) > _MAX_HEADING:
        return None
    m = vocab.compile_alternation("sections").match(key)
    if m is None:
        return None
    rest = key[m.end():].strip(" :.-")
    # A heading is the label alone (or with a short qualifier), not a sentence using it.
    if len(rest) > 40:
        return None
    return vocab.labels("sections")[m.lastgroup]


def detect_headings(text: str) -> list[Span]:
    """Spans of the lines that are section headings."""
    return [m.span() for m in _LINE.finditer(text) if _heading_kind(m.group()) is not None]


def detect_sections(text: str, headings: list[Span] | None = None) -> list[Section]:
    """Typed sections, each from a heading to the next one (half-open spans)."""
    spans = headings if headings is not None else detect_headings(text)
    typed = [(s, _heading_kind(text[s[0]:s[1]])) for s in spans]
    typed = [(s, k) for s, k in typed if k is not None]
    out: list[Section] = []
    for i, (span, kind) in enumerate(typed):
        end = typed[i + 1][0][0] if i + 1 < len(typed) else len(text)
        out.append(Section(kind=kind, start=span[0], end=end))
    return out
