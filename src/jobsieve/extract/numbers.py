"""Numbers as postings write them: digits ("3", "2,5") or small number words ("trois", "two").

The number words are data (``vocab/<lang>/numbers.yaml``); :data:`NUMBER` is a regex fragment
that matches either form, and :func:`parse_number` turns its match into a float.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocab

_DIGITS = r"\d{1,3}(?:[.,]\d{1,2})?"


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """Regex fragment (no groups) matching a number in digits or in words."""
    words = sorted((f for forms in vocab.merged("numbers").values() for f in forms), key=len, reverse=True)
    return rf"(?:{_DIGITS}|\b(?:{'|'.join(words)})\b)"


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], dict[str, str]]:
    return vocab.compile_alternation("numbers"), vocab.labels("numbers")


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words.

    >>> parse_number("trois"), parse_number("2,5"), parse_number("Eight")
    (3.0, 2.5, 8.0)
    """
    s = text.strip()
    if not s:
        return None
    if s[0].isdigit():
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    pat, labels = _words()
    m = pat.fullmatch(s)
    return float(labels[m.lastgroup]) if m and m.lastgroup else None
