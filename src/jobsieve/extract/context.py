"""Where a mention stands in a posting: its line, clause, the board header; numbers
written in digits or words. Shared by the contract, working-time, dates and remote
extractors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import repeat
from operator import itemgetter

from .. import vocab
from ..doc import Doc
from ..match import scan_of

# Articles count as one only in relative dates ("a day ago"), not in durations or counts.
_ARTICLES = frozenset({"a", "an"})


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Numbers written as words (``number_words`` of ``vocab/*/dates.yaml``), articles aside."""
    out: dict[str, int] = {}
    for lang in vocab.LANGS:
        for word, value in (vocab.load(lang, "dates").get("number_words") or {}).items():
            if str(word).lower() not in _ARTICLES:
                out[str(word).lower()] = int(value)
    return out


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """A number written with digits or as a word (the evidence must show it either way)."""
    words = "|".join(sorted(number_words(), key=len, reverse=True))
    return rf"(?:[0-9]+(?:[.,][0-9]+)?|{words})"


_NON_WORD = re.compile(r"[^\w]+")


def has_number(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a digit or a number word (read from the text's scan)."""
    scan = scan_of(text)
    return scan.has_digit(lo, hi) or not number_words().keys().isdisjoint(_NON_WORD.split(scan.low[lo:hi]))


_SHORT = 2000


def digit_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of ASCII digits of ``text``, in order (found once per text)."""
    return scan_of(text).digit_runs


def finditer_digits(rx: re.Pattern[str], text: str, inner: bool = False,
                    hay: str | None = None) -> Iterator[re.Match[str]]:
    """``rx.finditer(hay or text)`` for a pattern whose (non-empty) matches start at the first
    digit of a run of ASCII digits, or at any digit with ``inner``: only those places are
    tried (``hay``: a copy of ``text`` with the same offsets and digits, such as its fold)."""
    hay = text if hay is None else hay
    if len(text) < _SHORT:  # a short text is searched faster than its digits are listed
        return rx.finditer(hay)
    if inner:
        return _inner_matches(rx, text, hay)
    # Every run is tried in one C loop (a try is pure: trying a run that an earlier match
    # covers changes nothing); Python then only drops the matches that overlap.
    runs = digit_runs(text)
    out, pos = [], 0
    for m in filter(None, map(rx.match, repeat(hay, len(runs)), map(_FIRST, runs))):
        if m.start() >= pos:
            out.append(m)
            pos = m.end()
    return iter(out)


_FIRST = itemgetter(0)


def _inner_matches(rx: re.Pattern[str], text: str, hay: str) -> Iterator[re.Match[str]]:
    match, pos = rx.match, 0
    for a, b in digit_runs(text):
        if b <= pos:
            continue
        s = max(a, pos)
        while s < b:
            m = match(hay, s)
            if m is not None:
                yield m
                s = pos = m.end()
            else:
                s += 1


def parse_number(s: str) -> float | None:
    """A number written with digits (decimal comma or point) or as a word.

    >>> parse_number("deux"), parse_number("1,5"), parse_number("x")
    (2.0, 1.5, None)
    """
    s = s.strip().lower()
    if s in number_words():
        return float(number_words()[s])
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def line_start(text: str, pos: int) -> int:
    """Offset of the first character of the line holding ``pos``."""
    return text.rfind("\n", 0, pos) + 1  # C-speed, cheaper than any index


def line_end(text: str, pos: int) -> int:
    """Offset of the end of the line holding ``pos`` (its newline, or the text end)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)|\n")
# The last sentence end of a stretch in one call: ".*" runs to the end and backs off to it.
_LAST_SENTENCE_END = re.compile(rf"(?s:.*)(?:{_SENTENCE_END.pattern})")


def clause_start(text: str, pos: int, limit: int = 160) -> int:
    """Start of the sentence (or line) holding ``pos``, looking back at most ``limit``."""
    lo = max(0, pos - limit)
    m = _LAST_SENTENCE_END.match(text, lo, pos)
    return m.end() if m else lo


def clause_end(text: str, pos: int, limit: int = 160) -> int:
    """End of the sentence (or line) holding ``pos``, looking ahead at most ``limit``."""
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


_NONEMPTY = re.compile(r"(?m)^[ \t]*\S.*$")
HEADER_LINES = 6
HEADER_LINE_MAX = 150


def header_end(doc: Doc) -> int:
    """End of the board header: ``doc.header_end``, else the leading short lines.

    Boards put the title, employer, place, date and tags on short lines before the
    description; the first long line (a paragraph) ends the header.
    """
    if doc.header_end:
        return doc.header_end
    end = 0
    for i, m in enumerate(_NONEMPTY.finditer(doc.text)):
        if i >= HEADER_LINES or len(m.group().strip()) > HEADER_LINE_MAX:
            break
        end = m.end()
    return end


_SENTENCE_TAIL = re.compile(r"[.!?;:]\s*$")
TAG_WORDS = 8


def in_header_tag(doc: Doc, pos: int, head: int | None = None) -> bool:
    """Whether ``pos`` stands on a tag-like line of the board header (a few words, not a
    sentence: "Short-term contract", "CDD - Nantes (44)", "No remote")."""
    if pos >= (header_end(doc) if head is None else head):
        return False
    line = doc.text[line_start(doc.text, pos):line_end(doc.text, pos)].strip(" *#_|-")
    return len(line.split()) <= TAG_WORDS and not _SENTENCE_TAIL.search(line)


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of ``spans``."""
    return any(s < span[1] and span[0] < e for s, e in spans)
