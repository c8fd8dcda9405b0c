"""Character-level repairs: encoding damage (ftfy), spaces, quotes, blank lines."""

from __future__ import annotations

import re

from ..textmap import OffsetMap, TextBuilder

# Spaces that typeset numbers and punctuation in French ("3 503,28 €", "Paris : CDI").
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u3000\t]+| {2,}")


def normalize_text(text: str) -> tuple[str, OffsetMap]:
    """Normalise spaces (keeping one plain space) and line ends; map kept to the input."""
    b = TextBuilder()
    pos = 0
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    for m in _SPACES.finditer(text):
        b.copy(text, pos, m.start())
        b.replace(" ", m.start(), m.end())
        pos = m.end()
    b.copy(text, pos, len(text))
    return b.build()
