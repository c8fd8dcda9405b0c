"""Where a number may start in a stretch of a posting, for patterns that open with one.

A pattern opening with a number in digits or words (``context.number_pattern``) tries its
two dozen number words at every word start when searched, about a tenth of a millisecond
per 200 characters. The places a number may start are few and cheap to list: the runs of
digits (listed once per posting) and the number words found by ``str.find`` in the folded
text. Trying the pattern only there gives the same matches.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from ..match import fold, scan_of
from . import context as cx

# Characters that a case-insensitive regex matches with ASCII letters but that fold to
# something else (long s, dotless i, dotted capital I, Kelvin sign): where one occurs,
# the stretch is searched the ordinary way.
_ODD_CASES = ("\u017f", "\u0131", "\u0130", "\u212a")


@lru_cache(maxsize=1)
def _number_words() -> tuple[str, ...]:
    return tuple(sorted({fold(w) for w in cx.number_words()}))


@lru_cache(maxsize=1)
def _word_number() -> re.Pattern[str]:
    # Opening with the words themselves (not a boundary) lets the engine skip in C to
    # their first letters; the boundary before is checked on the few matches.
    words = sorted(cx.number_words(), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})(?!\w)")


def has_number(text: str, lo: int, hi: int) -> bool:
    """``context.has_number``: a digit in ``text[lo:hi]``, or a word of its folded text
    (split at non-word characters) that is a number word, found without splitting."""
    scan = scan_of(text)
    if scan.has_digit(lo, hi):
        return True
    seg = scan.low[lo:hi]
    search = _word_number().search
    m = search(seg)
    while m is not None:
        s = m.start()
        if s == 0 or not (seg[s - 1].isalnum() or seg[s - 1] == "_"):
            return True
        m = search(seg, s + 1)
    return False


def odd_cases(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a character that folding and case-insensitive
    matching read differently."""
    seg = text[lo:hi]
    return any(c in seg for c in _ODD_CASES)


def number_starts(text: str, lo: int, hi: int) -> list[int] | None:
    """Offsets in ``[lo, hi)`` where a number of ``context.number_pattern`` may start, in
    order (a superset: every start of a run of digits, every number word even inside a
    word); None when the stretch must be searched the ordinary way."""
    if odd_cases(text, lo, hi):
        return None
    runs = cx.digit_runs(text)
    out = []
    i = bisect_left(runs, (lo, -1))
    while i < len(runs) and runs[i][0] < hi:
        out.append(runs[i][0])
        i += 1
    seg = scan_of(text).low[lo:hi]
    for w in _number_words():
        j = seg.find(w)
        while j >= 0:
            out.append(lo + j)
            j = seg.find(w, j + 1)
    return sorted(set(out))


def finditer(rx: re.Pattern[str], text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, lo, hi)`` for a pattern whose matches open with a number."""
    starts = number_starts(text, lo, hi)
    if starts is None:
        yield from rx.finditer(text, lo, hi)
        return
    pos = lo
    for p in starts:
        if p < pos:
            continue
        m = rx.match(text, p, hi)
        if m is not None:
            yield m
            pos = m.end() if m.end() > p else p + 1


def search(rx: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    """``rx.search(text, lo, hi)`` for a pattern whose matches open with a number."""
    return next(finditer(rx, text, lo, hi), None)
